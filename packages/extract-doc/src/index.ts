/**
 * Legacy binary Office files (OLE compound files).
 *
 * Word 97-2003 (.doc, .dot) and WPS Office writer files (.wps, .wpt, saved by Kingsoft in the same
 * binary format) are read story by story, each with its role: the main text (`body`), every header
 * and footer of every section (`header`/`footer`, one part each, named like `section 1, first-page
 * header`), footnotes, endnotes, comments (`comment`), text boxes of the body and of the headers
 * (`text-box`), tracked deletions (`deleted`), hidden runs and field instructions (`hidden`, as
 * the DOCX reader keeps them), bookmark names (`bookmark`), document variables and comment authors
 * (`metadata`), legacy form fields' texts (`form-field`, see tables.ts) and the document properties of both
 * property-set streams (`properties`). List labels, which Word draws from the list tables, are
 * written in front of their paragraphs (see lists.ts). Embedded objects (`ObjectPool`) and pictures (OfficeArt
 * BLIPs) are handed to the scan.
 *
 * The piece table and the table-row marks are parsed by `word-extractor` (its OLE extractor, fed
 * the streams `cfb` read); the split into stories, the control characters, fields, deleted and
 * hidden runs and the 8-bit text are handled here, because word-extractor's own document model
 * joins the stories, drops field instructions and deleted text, takes other properties for
 * deletions, and decodes some 8-bit text as the word "undefined" (see README.md). Encrypted (RC4,
 * CryptoAPI, XOR-obfuscated) and Word 6/95 files are not read and say so; in a fast-saved file
 * the text its pieces no longer name is reported unread.
 *
 * Excel 97-2003 (.xls, WPS .et): cells, comments, sheet names, defined names, headers and footers
 * (see xls.ts), embedded objects and pictures. PowerPoint 97-2003 (.ppt, WPS .dps): every record
 * of the presentation stream (see ppt.ts), properties, embedded objects and pictures.
 */
import { createRequire } from 'node:module';
import CFB from 'cfb';
import { OFF_LINE_POINTS, OVERDRAWN_SPACING_POINTS, PartBuilder, UNSEEN_MAX_PERCENT, UNSEEN_MAX_POINTS, type EmbeddedFile, type ExtractContext, type Extraction, type Extractor, type ImageRef, type Loss, type PartRole, type TextPart } from '@prepub/core';
import { sniffBinary, sniffImage, streamStrings, xmlTextAndAttributes } from '@prepub/extract-docx/package';
import { decodeXml, eqReadings, fieldShows } from '@prepub/extract-docx/xml';
import { CircledLine, ENCLOSING, LABELLED, LEVEL_ROW, drawnOverRowsDetail } from '@prepub/extract-docx/choice';
import { embeddedObjects, findBlips, printable, readStreams, type CfbStream } from './ole.ts';
import { readPropertySet } from './propset.ts';
import { drawingStrings, drawnShapeIds, isWatermarkName } from './officeart.ts';
import { autoText, commentAuthors, commentRanges, documentVariables, nameTables, NOT_FFDATA, readFFData, SPRM_CFDATA, SPRM_CPICLOCATION, type CommentRange, type TablesResult } from './tables.ts';
import { DocLists, SPRM_VANISH, capsOfSprms, fontOfSprms, levelTexts, paragraphRuns, styleCaps, styleFonts, styleToggle, styleWhite, toggleOfSprms, whiteOfSprms } from './lists.ts';
import { decodeCp1252 } from './text.ts';
import { readWorkbook } from './xls.ts';
import { readPresentation } from './ppt.ts';

export { docFormat, xlsFormat, pptFormat, legacyKind, type LegacyKind } from './format.ts';
export { cfbRootEntries, type CfbEntry, type CfbRoot } from '@prepub/extract-docx/cfb';
export { readPropertySet, type PropertyText, type PropertySetResult } from './propset.ts';

const require = createRequire(import.meta.url);

/** The parts of word-extractor's OLE extractor this reader drives (its piece table and run properties). */
interface Piece {
  startCp: number;
  endCp: number;
  length: number;
  text: string;
  startFilePos: number;
  size: number;
  totLength: number;
  unicode: boolean;
  bpc: number;
  endFilePos: number;
}
interface OleExtractorInternals {
  _pieces: Piece[];
  _boundaries: Record<string, number>;
  extractWordDocument(document: unknown, buffer: Buffer): Promise<unknown>;
  writePieces(buffer: Buffer, table: Buffer): void;
  writeCharacterProperties(buffer: Buffer, table: Buffer): void;
  writeParagraphProperties(buffer: Buffer, table: Buffer): void;
}
const WordOleExtractor = require('word-extractor/lib/word-ole-extractor.js') as new () => OleExtractorInternals;

const utf16 = new TextDecoder('utf-16le');

/** A header/footer story ([MS-DOC] Plcfhdd): six per section after six note separators. */
const HDD_STORIES = ['even-page header', 'odd-page header', 'even-page footer', 'odd-page footer', 'first-page header', 'first-page footer'] as const;
const HDD_SEPARATORS = ['footnote separator', 'footnote continuation separator', 'footnote continuation notice', 'endnote separator', 'endnote continuation separator', 'endnote continuation notice'] as const;

/** What the piece table gave: the text by character position, and the run flags of each position. */
interface Pieces {
  /** The text of every character position, control characters kept (so positions stay aligned). */
  text: string;
  /** Per position: {@link DELETED} (a tracked deletion), {@link HIDDEN} (hidden text), {@link INSERTED} (a tracked insertion). */
  flags: Uint8Array;
  /** Character positions the piece table names but whose bytes lie past the end of the stream. */
  missing: number;
  /** Property steps that failed on this file (the text itself is unaffected). */
  problems: string[];
  /** The file position (in the WordDocument stream) of a character position; -1 when no piece holds it. */
  fcOf(cp: number): number;
}

const DELETED = 1;
const HIDDEN = 2;
const INSERTED = 4;
/** A run in a Wingdings font: its glyph numbers draw pictures, the stars of a marking among them. */
const WINGDINGS = 8;
/** A run whose letters are drawn as capitals (sprmCFCaps, sprmCFSmallCaps). */
const CAPS = 16;
/** A run drawn white (sprmCIco, sprmCCv, or its styles'): unseen on a white page, seen on dark shading, which is not read here. */
const WHITE = 32;
/** A run with a border (sprmCBrc80, sprmCBrc): a form's option boxed or circled as chosen. */
const BORDER = 64;
/** sprmCBrc80 (a 4-byte Brc80) and sprmCBrc (a variable Brc: its size, then 8 bytes) ([MS-DOC] 2.6.1): a run's border; brcType 0 or 0xFF is none. */
const SPRM_CBRC80 = 0x6865;
const SPRM_CBRC = 0xca72;
/** A run highlighted or shaded (sprmCHighlight, sprmCShd80, sprmCShd): a form's option marked, read so in a row listing the levels only. */
const SHADED = 128;
const SPRM_CHIGHLIGHT = 0x2a0c;
const SPRM_CSHD80 = 0x4866;
const SPRM_CSHD = 0xca71;
/** sprmCIstd: a run's character style. */
const SPRM_CISTD = 0x4a30;
/** Wingdings codes of the stars a marking uses, as the code page reads them (« ª ★, µ ☆), and their private-use forms. */
const WINGDINGS_STARS: Readonly<Record<string, string>> = { '\u00ab': '★', '\u00aa': '★', '\u00b5': '☆', '\uf0ab': '★', '\uf0aa': '★', '\uf0b5': '☆' };

/**
 * Names of the fonts (SttbfFfn, [MS-DOC] 2.9.286: a count, then each FFN prefixed by its size,
 * its name a NUL-terminated UTF-16 string 39 bytes in).
 */
function fontNames(w: Buffer, table: Buffer): string[] {
  const fc = w.readUInt32LE(0x112);
  const lcb = w.readUInt32LE(0x116);
  if (lcb < 4 || fc + lcb > table.length) return [];
  const end = fc + lcb;
  const count = table.readUInt16LE(fc);
  const names: string[] = [];
  let at = fc + 4;
  for (let i = 0; i < count && at < end; i++) {
    const size = table[at];
    const from = at + 1 + 39;
    const to = Math.min(end, at + 1 + size);
    let name = '';
    for (let k = from; k + 1 < to; k += 2) {
      const c = table.readUInt16LE(k);
      if (c === 0) break;
      name += String.fromCharCode(c);
    }
    names.push(name);
    at = at + 1 + size;
  }
  return names;
}
/** sprmCFRMarkDel, sprmCFRMarkIns and sprmCFVanish ([MS-DOC] 2.6.1): a run that is a tracked deletion, a tracked insertion, hidden. */
const SPRM_DELETED = 0x0800;
const SPRM_INSERTED = 0x0801;
// Hidden text (sprmCFVanish) is weighed with its styles' in runFlags.
const FLAG_OF_SPRM: ReadonlyMap<number, number> = new Map([[SPRM_DELETED, DELETED], [SPRM_INSERTED, INSERTED]]);
/**
 * Character sprms that draw a run where nobody sees it (core's drawn-unseen limits), each with its
 * signed 16-bit operand's test: sprmCHps (half-points) 2 pt and less, sprmCCharScale (percent) a
 * tenth of the width and less, sprmCDxaSpace (twips) spacing that draws the next character over
 * it, sprmCHpsPos (half-points) raised or lowered two lines. Such a run is hidden text. Colour is
 * not weighed here: white on a shaded paragraph or cell is seen, and that shading is not read.
 */
const UNSEEN_SPRMS: ReadonlyMap<number, (v: number) => boolean> = new Map([
  [0x4a43, (v: number) => v > 0 && v <= UNSEEN_MAX_POINTS * 2],
  [0x4852, (v: number) => v > 0 && v <= UNSEEN_MAX_PERCENT],
  [0x8840, (v: number) => v <= OVERDRAWN_SPACING_POINTS * 20],
  [0x4845, (v: number) => Math.abs(v) >= OFF_LINE_POINTS * 2],
]);
/** Operand sizes by spra ([MS-DOC] 2.2.5.1); 6 is variable (first byte). */
const SPRA_SIZE = [1, 1, 2, 4, 2, 2, -1, 3];

/**
 * Deleted and hidden runs from the character property FKPs ([MS-DOC] 2.8.1 PlcBteChpx, 2.9.44
 * ChpxFkp), mapped from file positions to character positions through the pieces. Written here:
 * word-extractor's own pass tests only the low five bits of each sprm, so it takes other
 * properties for deletions and blanks visible text (Apache Tika's testOptionalHyphen.doc lost its
 * whole body that way), and it does not look at hidden runs at all.
 */
function runFlags(w: Buffer, table: Buffer, pieces: Piece[], total: number, problems: string[], formData: Set<number>, formRuns: FormRun[] = []): Uint8Array {
  const flags = new Uint8Array(total);
  const fc = w.readUInt32LE(0xfa);
  const lcb = w.readUInt32LE(0xfe);
  if (lcb < 4) return flags;
  if (fc + lcb > table.length || (lcb - 4) % 8 !== 0) {
    problems.push('character properties: the run table lies outside the table stream');
    return flags;
  }
  const fonts = fontNames(w, table);
  const byPos = [...pieces].sort((x, y) => x.startFilePos - y.startFilePos);
  const mark = (from: number, to: number, flag: number, clear = false): void => {
    // First piece that may overlap [from, to): binary search on file positions.
    let lo = 0;
    let hi = byPos.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (byPos[mid].startFilePos + byPos[mid].size <= from) lo = mid + 1;
      else hi = mid;
    }
    for (let k = lo; k < byPos.length && byPos[k].startFilePos < to; k++) {
      const p = byPos[k];
      const a = Math.max(from, p.startFilePos);
      const b = Math.min(to, p.startFilePos + p.size);
      if (b <= a) continue;
      const s = p.startCp + Math.floor((a - p.startFilePos) / p.bpc);
      const e = Math.min(p.endCp, p.startCp + Math.ceil((b - p.startFilePos) / p.bpc));
      for (let cp = s; cp < e; cp++) flags[cp] = clear ? flags[cp] & ~flag : flags[cp] | flag;
    }
  };
  // Capitals and symbol fonts a style gives (a paragraph style's, a character style's: secret in a
  // Banner style shows SECRET, « in a Wingdings style ★).
  // Hidden text a style gives too (a character style with sprmCFVanish after 机密★5年 in its line:
  // Word does not show it, and read as shown it ran the marking into a sentence).
  const capsOf = styleCaps(w, table);
  const hiddenOf = styleToggle(w, table, SPRM_VANISH);
  const whiteOf = styleWhite(w, table);
  const wingdingsOf = new Map([...styleFonts(w, table)].map(([istd, ftc]) => [istd, /wingdings/i.test(fonts[ftc] ?? '')]));
  const paras = capsOf.size || hiddenOf.size || whiteOf.size || [...wingdingsOf.values()].some(Boolean) ? paragraphRuns(w, table) : [];
  for (const p of paras) {
    if (whiteOf.get(p.istd)) mark(p.from, p.to, WHITE);
    if (capsOf.get(p.istd)) mark(p.from, p.to, CAPS);
    if (hiddenOf.get(p.istd)) mark(p.from, p.to, HIDDEN);
    if (wingdingsOf.get(p.istd)) mark(p.from, p.to, WINGDINGS);
  }
  const paraAt = (at: number) => {
    let lo = 0;
    let hi = paras.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (paras[mid].to <= at) lo = mid + 1;
      else hi = mid;
    }
    return paras[lo] !== undefined && paras[lo].from <= at ? paras[lo] : undefined;
  };
  const paraCapsAt = (at: number): boolean => !!capsOf.get(paraAt(at)?.istd ?? -1);
  const paraHiddenAt = (at: number): boolean => !!hiddenOf.get(paraAt(at)?.istd ?? -1);
  const n = (lcb - 4) / 8;
  for (let i = 0; i < n; i++) {
    const page = (table.readUInt32LE(fc + (n + 1) * 4 + i * 4) & 0x3fffff) * 512;
    if (page + 512 > w.length) {
      problems.push(`character properties: page ${page / 512} lies past the end of the WordDocument stream`);
      continue;
    }
    const crun = w[page + 511];
    for (let j = 0; j < crun && (crun + 1) * 4 + j < 511; j++) {
      const from = w.readUInt32LE(page + j * 4);
      const to = w.readUInt32LE(page + (j + 1) * 4);
      const rgb = w[page + (crun + 1) * 4 + j];
      if (!rgb || to <= from) continue;
      const chpx = page + rgb * 2;
      const end = Math.min(page + 511, chpx + 1 + w[chpx]);
      let flag = 0;
      let cfData = false;
      let charStyle: number | undefined;
      let picLocation = -1;
      let bordered: boolean | undefined;
      let shaded: boolean | undefined;
      for (let k = chpx + 1; k + 2 <= end; ) {
        const sprm = w.readUInt16LE(k);
        k += 2;
        let size = SPRA_SIZE[sprm >> 13];
        if (size < 0) size = w[k] + 1;
        const operand = k < end ? w[k] : 0;
        // 1 = on; 0x81 = the opposite of the style's value, which is off unless a style sets it.
        if (FLAG_OF_SPRM.has(sprm) && (operand === 1 || operand === 0x81)) flag |= FLAG_OF_SPRM.get(sprm)!;
        if (size === 2 && k + 2 <= end && UNSEEN_SPRMS.get(sprm)?.(w.readInt16LE(k))) flag |= HIDDEN;
        if (sprm === SPRM_CFDATA) cfData = operand === 1;
        if (sprm === SPRM_CISTD && k + 2 <= end) charStyle = w.readUInt16LE(k);
        if (sprm === SPRM_CPICLOCATION && k + 4 <= end) picLocation = w.readUInt32LE(k);
        // A border: the brcType of a Brc80 is its second byte, of a Brc its sixth (after its size byte).
        const brcType = sprm === SPRM_CBRC80 && k + 2 <= end ? w[k + 1] : sprm === SPRM_CBRC && k + 7 <= end && w[k] >= 6 ? w[k + 6] : -1;
        if (brcType >= 0) bordered = brcType !== 0 && brcType !== 0xff;
        // A highlight's colour index (0 none); a Shd80's background index (bits 5-9: 0 auto, 8 white); a Shd's background COLORREF (fAuto 0xFF: none).
        if (sprm === SPRM_CHIGHLIGHT) shaded = operand !== 0;
        else if (sprm === SPRM_CSHD80 && k + 2 <= end) shaded = ![0, 8].includes((w.readUInt16LE(k) >> 5) & 0x1f);
        else if (sprm === SPRM_CSHD && k + 9 <= end && w[k] >= 8) shaded = w[k + 8] !== 0xff && !(w[k + 5] === 0xff && w[k + 6] === 0xff && w[k + 7] === 0xff);
        k += size;
      }
      // Capitals: the run's own say (0x81: the opposite of its style's), else its character style's, else its paragraph's.
      const own = capsOfSprms(w, chpx + 1, end);
      const styled = charStyle !== undefined ? capsOf.get(charStyle) : undefined;
      const caps = own === 'toggle' ? !(styled ?? paraCapsAt(from)) : (own ?? styled);
      if (caps) flag |= CAPS;
      else if (caps === false) mark(from, to, CAPS, true);
      // Hidden: likewise (its own say, else its character style's, else its paragraph's).
      const ownHidden = toggleOfSprms(w, chpx + 1, end, SPRM_VANISH);
      const styledHidden = charStyle !== undefined ? hiddenOf.get(charStyle) : undefined;
      const hide = ownHidden === 'toggle' ? !(styledHidden ?? paraHiddenAt(from)) : (ownHidden ?? styledHidden);
      if (hide) flag |= HIDDEN;
      else if (hide === false) mark(from, to, HIDDEN, true);
      // White: its own colour, else its character style's (its paragraph's is marked above).
      const white = whiteOfSprms(w, chpx + 1, end) ?? (charStyle !== undefined ? whiteOf.get(charStyle) : undefined);
      if (white) flag |= WHITE;
      else if (white === false) mark(from, to, WHITE, true);
      // The font of its letters: its own, else its character style's, else its paragraph's (marked above).
      const ftc = fontOfSprms(w, chpx + 1, end);
      const wingdings = ftc !== undefined ? /wingdings/i.test(fonts[ftc] ?? '') : charStyle !== undefined ? wingdingsOf.get(charStyle) : undefined;
      if (wingdings) flag |= WINGDINGS;
      else if (wingdings === false) mark(from, to, WINGDINGS, true);
      if (bordered) flag |= BORDER;
      if (shaded) flag |= SHADED;
      if (flag) mark(from, to, flag);
      // A form field's run: its FFData (default, help and status texts) is in the Data stream.
      if (cfData && picLocation >= 0) (formData.add(picLocation), formRuns.push({ from, to, at: picLocation }));
    }
  }
  return flags;
}

/** Drives word-extractor's piece-table and property parsing, keeping the text aligned to character positions. */
class PieceReader extends WordOleExtractor {
  missing = 0;
  problems: string[] = [];
  flags?: Uint8Array;
  /** Data-stream offsets of the FFData of form fields, from their runs. */
  formData = new Set<number>();
  /** The runs (file positions) pointing at form field data, with the Data-stream offset each points at. */
  formRuns: FormRun[] = [];

  constructor(private readonly table: Buffer) {
    super();
  }
  // The table stream comes from cfb, not from word-extractor's own OLE reader.
  documentStream(): Promise<Buffer> {
    return Promise.resolve(this.table);
  }
  streamBuffer(b: Buffer): Buffer {
    return b;
  }
  // Bookmarks carry no text; word-extractor throws on single-byte bookmark names, so they are not parsed.
  writeBookmarks(): void {}
  // Headers are split into their stories here (see storiesOf); word-extractor's pass only blanks them.
  normalizeHeaders(): void {}
  buildDocument(): this {
    return this;
  }

  override writePieces(buffer: Buffer, table: Buffer): void {
    super.writePieces(buffer, table);
    // Decoded again: word-extractor maps 8-bit text through an incomplete windows-1252 table (the
    // bytes it lacks become the word "undefined", moving every later position). Text whose bytes lie
    // past the end of the stream is padded with NULs so positions stay aligned, and counted.
    let cp = 0;
    for (const p of this._pieces) {
      if (p.totLength < 0 || p.totLength > buffer.length) throw new Error(`a piece of ${p.totLength} characters in a stream of ${buffer.length} bytes`);
      const bytes = buffer.subarray(p.startFilePos, p.startFilePos + p.size);
      let text = p.unicode ? utf16.decode(bytes.subarray(0, bytes.length & ~1)) : decodeCp1252(bytes);
      if (text.length < p.totLength) {
        this.missing += p.totLength - text.length;
        text = text.padEnd(p.totLength, '\0');
      }
      p.text = text;
      p.length = text.length;
      p.startCp = cp;
      p.endCp = cp + text.length;
      cp = p.endCp;
    }
  }

  private guarded(step: string, run: () => void): void {
    const before = this._pieces.map((p) => p.text);
    try {
      run();
    } catch (e) {
      this.problems.push(`${step}: ${(e as Error)?.message ?? e}`);
      this._pieces.forEach((p, i) => (p.text = before[i]));
      return;
    }
    // Replacing runs must never change a piece's length; if it did, the step is undone.
    if (this._pieces.some((p, i) => p.text.length !== before[i].length)) {
      this.problems.push(`${step}: the runs did not line up with the text`);
      this._pieces.forEach((p, i) => (p.text = before[i]));
    }
  }

  // Deleted and hidden runs are read by runFlags (word-extractor's pass blanks text it should not).
  override writeCharacterProperties(buffer: Buffer, table: Buffer): void {
    try {
      this.flags = runFlags(buffer, table, this._pieces, this._pieces.reduce((n, p) => n + p.text.length, 0), this.problems, this.formData, this.formRuns);
    } catch (e) {
      this.problems.push(`character properties: ${(e as Error)?.message ?? e}`);
    }
  }

  override writeParagraphProperties(buffer: Buffer, table: Buffer): void {
    this.guarded('table rows', () => super.writeParagraphProperties(buffer, table));
  }

  result(): Pieces {
    const text = this._pieces.map((p) => p.text).join('');
    const flags = this.flags?.length === text.length ? this.flags : new Uint8Array(text.length);
    const pieces = this._pieces;
    const fcOf = (cp: number): number => {
      let lo = 0;
      let hi = pieces.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (pieces[mid].endCp <= cp) lo = mid + 1;
        else hi = mid;
      }
      const p = pieces[lo];
      return p && p.startCp <= cp ? p.startFilePos + (cp - p.startCp) * p.bpc : -1;
    };
    return { text, flags, missing: this.missing, problems: this.problems, fcOf };
  }
}

/** FKP pages (character and paragraph property pages) the bin tables name: structure, not text. */
function fkpPages(w: Buffer, table: Buffer): Array<readonly [number, number]> {
  const out: Array<readonly [number, number]> = [];
  for (const at of [0xfa, 0x102]) {
    const fc = w.readUInt32LE(at);
    const lcb = w.readUInt32LE(at + 4);
    if (lcb < 12 || fc + lcb > table.length || (lcb - 4) % 8) continue;
    const n = (lcb - 4) / 8;
    for (let i = 0; i < n; i++) {
      const page = (table.readUInt32LE(fc + (n + 1) * 4 + i * 4) & 0x3fffff) * 512;
      out.push([page, page + 512]);
    }
  }
  return out;
}

/** Non-zero bytes of the text area [fcMin, fcMac) that no piece (and no property page) covers. */
function unreferencedText(w: Buffer, table: Buffer, pieces: Piece[]): number {
  const fcMin = w.readUInt32LE(0x18);
  const fcMac = Math.min(w.readUInt32LE(0x1c), w.length);
  if (fcMac <= fcMin) return 0;
  const covered = [...pieces.map((p) => [p.startFilePos, p.startFilePos + p.size] as const), ...fkpPages(w, table)].sort((a, b) => a[0] - b[0]);
  let count = 0;
  let at = fcMin;
  const gap = (from: number, to: number): void => {
    for (let i = Math.max(from, fcMin); i < Math.min(to, fcMac); i++) if (w[i] !== 0) count++;
  };
  for (const [s, e] of covered) {
    if (s > at) gap(at, s);
    at = Math.max(at, e);
  }
  gap(at, fcMac);
  return count;
}

/** One story of the document: a range of character positions and the part it becomes. */
interface Story {
  id: string;
  role: PartRole;
  detail: string;
  start: number;
  end: number;
}

/** The FIB fields this reader relies on ([MS-DOC] 2.5.1): checked before anything is parsed. */
interface Fib {
  nFib: number;
  flags: number;
  ccp: { text: number; ftn: number; hdd: number; atn: number; edn: number; txbx: number; hdrTxbx: number };
  fcPlcfhdd: number;
  lcbPlcfhdd: number;
}

function readFib(w: Buffer): Fib | string {
  if (w.length < 0x1aa && !(w.length >= 12 && w.readUInt16LE(0) === 0xa5dc)) return `the WordDocument stream is ${w.length} bytes, shorter than its header`;
  // Word 6.0/95 (0xA5DC) is told apart by the caller; anything else is no Word header at all.
  if (w.readUInt16LE(0) === 0xa5dc) return { nFib: w.readUInt16LE(2), flags: w.readUInt16LE(0x0a), ccp: { text: 0, ftn: 0, hdd: 0, atn: 0, edn: 0, txbx: 0, hdrTxbx: 0 }, fcPlcfhdd: 0, lcbPlcfhdd: 0 };
  if (w.readUInt16LE(0) !== 0xa5ec) return `the WordDocument stream does not begin with a Word header (0x${w.readUInt16LE(0).toString(16)})`;
  return {
    nFib: w.readUInt16LE(2),
    flags: w.readUInt16LE(0x0a),
    ccp: { text: w.readInt32LE(0x4c), ftn: w.readInt32LE(0x50), hdd: w.readInt32LE(0x54), atn: w.readInt32LE(0x5c), edn: w.readInt32LE(0x60), txbx: w.readInt32LE(0x64), hdrTxbx: w.readInt32LE(0x68) },
    fcPlcfhdd: w.readUInt32LE(0xf2),
    lcbPlcfhdd: w.readUInt32LE(0xf6),
  };
}

/** The stories in character-position order ([MS-DOC] 2.3.1: main, footnotes, headers, comments, endnotes, text boxes, header text boxes). */
function storiesOf(fib: Fib, table: Buffer, comments?: CommentRange[]): Story[] {
  const c = fib.ccp;
  const out: Story[] = [];
  let at = 0;
  const add = (id: string, role: PartRole, detail: string, n: number): void => {
    if (n > 0) out.push({ id, role, detail, start: at, end: at + n });
    at += Math.max(0, n);
  };
  add('body', 'body', 'main text', c.text);
  add('footnotes', 'footnote', 'footnotes', c.ftn);
  const hddStart = at;
  if (c.hdd > 0) {
    // Each header and footer of each section is a story of its own (Plcfhdd gives their limits).
    const plc = fib.lcbPlcfhdd >= 8 && fib.fcPlcfhdd + fib.lcbPlcfhdd <= table.length ? table.subarray(fib.fcPlcfhdd, fib.fcPlcfhdd + fib.lcbPlcfhdd) : undefined;
    if (plc) {
      const n = plc.length / 4;
      for (let i = 0; i + 1 < n; i++) {
        const s = Math.min(plc.readUInt32LE(i * 4), c.hdd);
        const e = Math.min(plc.readUInt32LE((i + 1) * 4), c.hdd);
        if (e <= s) continue;
        const section = Math.floor((i - 6) / 6) + 1;
        const what = i < 6 ? HDD_SEPARATORS[i] : HDD_STORIES[(i - 6) % 6];
        const role: PartRole = i >= 6 && what.endsWith('footer') ? 'footer' : 'header';
        out.push({ id: i < 6 ? `note-separator-${i + 1}` : `section-${section}-${what.replace(/ /g, '-')}`, role, detail: i < 6 ? what : `section ${section}, ${what}`, start: hddStart + s, end: hddStart + e });
      }
    } else out.push({ id: 'headers', role: 'header', detail: 'headers and footers', start: hddStart, end: hddStart + c.hdd });
  }
  at = hddStart + Math.max(0, c.hdd);
  if (comments && comments.length > 1 && c.atn > 0) {
    // One part per comment, its author in the detail (the names themselves are scanned as metadata).
    comments.forEach((r, i) => {
      if (r.end > r.start) out.push({ id: `comment-${i + 1}`, role: 'comment', detail: `comment ${i + 1}${r.author ? ` by ${r.author}` : ''}${r.initials ? ` (${r.initials})` : ''}`, start: at + r.start, end: at + r.end });
    });
    at += c.atn;
  } else add('comments', 'comment', comments?.[0]?.author ? `comments by ${comments[0].author}` : 'comments', c.atn);
  add('endnotes', 'endnote', 'endnotes', c.edn);
  add('textboxes', 'text-box', 'text boxes', c.txbx);
  add('header-textboxes', 'text-box', 'text boxes in headers and footers', c.hdrTxbx);
  return out;
}

/** Characters that end a paragraph: paragraph mark, line break, page/section break, column break, a table row's end. */
const PARAGRAPH_END = new Set([0x0d, 0x0a, 0x0b, 0x0c, 0x0e]);

/** Characters that end a paragraph in Word's sense (the paragraph mark, a table cell's or row's end): each carries its paragraph's properties. */
const PARAGRAPH_MARK = new Set([0x0d, 0x07]);

/** What rendering the stories met besides text. */
interface Counts {
  /** Inline picture or object anchors (U+0001) outside field instructions. */
  anchors: number;
  /** Legacy form fields (FORMTEXT, FORMCHECKBOX, FORMDROPDOWN field codes) met in the stories. */
  formFields: number;
}

/** The builders every story writes into besides its own. */
/** A run whose data is in the Data stream (sprmCFData, sprmCPicLocation): file positions [from, to), and where its data is. */
interface FormRun {
  from: number;
  to: number;
  at: number;
}

interface Sides {
  /** What the legacy form field whose run holds file position `fc` shows where it stands (a drop-down's chosen entry, ☑ or ☐), if known. */
  formShows?: (fc: number) => string | undefined;
  fields: PartBuilder;
  deleted: PartBuilder;
  hidden: PartBuilder;
  /** Paragraphs with tracked changes as they read before them (deletions in, insertions out). */
  beforeChanges: PartBuilder;
  /** Paragraphs whose fields show another text once updated, read so (see updatedField). */
  asUpdated: PartBuilder;
  /** The document's properties by name (lower case): what property fields show. */
  props: ReadonlyMap<string, string>;
  /** Paragraphs with white runs as they show on a white page (those runs left out). */
  onWhite: PartBuilder;
  /** The story's paragraphs with one stretch boxed or circled, read as that stretch chosen (see CircledLine). */
  chosen?: PartBuilder;
}

export { eqShown } from '@prepub/extract-docx/xml';

/** What the form field between story positions `from` and `to` shows, from the data of the first of its characters whose run points at form field data. */
function formShown(p: Pieces, from: number, to: number, sides: Sides): string | undefined {
  if (!sides.formShows) return undefined;
  for (let i = from; i <= to && i < from + 256; i++) {
    const v = sides.formShows(p.fcOf(i));
    if (v !== undefined) return v;
  }
  return undefined;
}

/**
 * Writes one story into its builders: visible text into `main`, hidden runs into `hidden`, field
 * instructions into `fields`, deleted revisions into `deleted`. Control characters become
 * paragraph ends (marks and breaks), tabs (table cell marks) or nothing (note and comment
 * references, picture anchors, field marks); nothing else is dropped.
 */
function renderStory(p: Pieces, story: Story, main: PartBuilder, sides: Sides, counts: Counts, lists?: DocLists): void {
  const { fields, deleted, hidden, beforeChanges, asUpdated } = sides;
  lists?.restart();
  // A marking a tracked change broke up (机 + inserted 要 + 密★5年, 机 + deleted 密 + ★5年) reads
  // whole in neither the shown text nor the deletions: a revised paragraph is also read as it was.
  let before = '';
  let revised = false;
  let mixed = false;
  // A paragraph as it shows once its fields are updated (机 + QUOTE "密★5年" with a stale result 要
  // shows 机密★5年 then): the shown text with each computed field's value in place of its result.
  let updated = '';
  let recomputed = false;
  // A paragraph as it shows on a white page: white runs left out. White text is seen on dark
  // shading, which this reader does not weigh, so the line stays as it is and this reading is
  // added (机密★5年 + a white sentence reads 机密★5年 alone; 机 + white 开 + 密★5年 reads 机密★5年).
  let line = '';
  let unwhite = '';
  let whiteSeen = false;
  // A form's option boxed (a run border) or circled (an enclosed character, EQ \o\ac(○,机)) is the
  // one chosen: 密级：绝密 [机密] 秘密 read whole is a blank form; the paragraph is also read as 密级：机密.
  const circled = new CircledLine();
  // An option highlighted or shaded marks it too, in a row listing the levels, read with its label
  // only: elsewhere a highlight is emphasis (a rule's sentence naming the levels).
  const shaded = new CircledLine();
  const endBefore = (): void => {
    const choice = circled.reading();
    const highlighted = LEVEL_ROW.test(shaded.text()) ? shaded.reading() : undefined;
    for (const read of new Set([choice, highlighted && LABELLED.test(highlighted) ? highlighted : undefined])) if (read && sides.chosen) (sides.chosen.append(read), sides.chosen.endParagraph({ kind: 'paragraph' }));
    circled.reset();
    shaded.reset();
    if (revised && mixed && before.trim()) (beforeChanges.append(before), beforeChanges.endParagraph({ kind: 'paragraph' }));
    before = '';
    revised = mixed = false;
    if (recomputed && updated.trim()) (asUpdated.append(updated), asUpdated.endParagraph({ kind: 'paragraph' }));
    updated = '';
    recomputed = false;
    if (whiteSeen && unwhite.trim() && unwhite !== line) (sides.onWhite.append(unwhite), sides.onWhite.endParagraph({ kind: 'paragraph' }));
    line = unwhite = '';
    whiteSeen = false;
  };
  // Field nesting: each open field is in its instructions (`code`) until its separator; `at`: where its result starts in `updated`.
  const stack: Array<{ code: boolean; instr: string; result: boolean; at?: number; encloses?: boolean; begin?: number }> = [];
  // How many open fields are in the result of an EQ field that encloses it (kept as fields change, not looked up per character).
  let enclosedOpen = 0;
  const end = Math.min(story.end, p.text.length);
  let side: PartBuilder | undefined;
  for (let i = story.start; i < end; i++) {
    const ch = p.text.charCodeAt(i);
    const flag = p.flags[i];
    if (lists && (i === story.start || PARAGRAPH_MARK.has(p.text.charCodeAt(i - 1)))) {
      // A list item's label is drawn before its first character: written into the paragraph
      // first, so the offsets of the paragraph's own text are those of the text after it. The
      // paragraph's list properties are those of its mark (Word keeps them on the mark).
      let mark = i;
      while (mark < end && !PARAGRAPH_MARK.has(p.text.charCodeAt(mark))) mark++;
      const fc = mark < end && !(p.flags[mark] & (DELETED | HIDDEN)) ? p.fcOf(mark) : -1;
      const label = fc >= 0 ? lists.labelAt(fc) : '';
      if (label) main.append(label);
    }
    // Deleted and hidden runs are paragraphs of their own part; leaving one ends its paragraph.
    const now = flag & DELETED ? deleted : flag & HIDDEN ? hidden : undefined;
    if (side && side !== now) side.endParagraph({ kind: 'paragraph' });
    side = now;
    if (flag & DELETED) {
      revised = true;
      if (PARAGRAPH_END.has(ch)) deleted.endParagraph({ kind: 'paragraph' });
      else if (ch === 0x07 || ch === 0x09) (deleted.append('\t'), (before += '\t'));
      else if (ch >= 0x20) (deleted.append(p.text[i]), (before += p.text[i]));
      continue;
    }
    if (ch === 0x13) {
      stack.push({ code: true, instr: '', result: false, begin: i });
      continue;
    }
    if (ch === 0x14) {
      const g = stack[stack.length - 1];
      if (g) {
        if (g.code && ENCLOSING.test(g.instr.slice(0, 200))) (g.encloses = true), enclosedOpen++;
        (g.code = false), (g.at = updated.length);
      }
      continue;
    }
    if (ch === 0x15) {
      const f = stack.pop();
      if (f?.encloses) enclosedOpen--;
      if (f && /^\s*FORM(TEXT|CHECKBOX|DROPDOWN)\b/i.test(f.instr)) counts.formFields++;
      if (f && f.code && !stack.some((g) => g.code)) fields.endParagraph({ kind: 'paragraph' });
      // Word draws an EQ field from its instruction and stores no result: what it draws is text of
      // the story here, where the field stands (the instruction stays in field-codes as well).
      // A phonetic guide stands above the line, which holds its base (jī over 机 + 密★5年 reads
      // 机密★5年); an enclosure (带圈字符 ○机) draws the character. Guides and all that is drawn,
      // in the order written, are hidden text of their own.
      const drawnHere = f && !f.result && !stack.some((g) => g.code);
      const eq = drawnHere ? eqReadings(f.instr) : undefined;
      // A legacy drop-down or check box is drawn from its form field data (FFData): its chosen entry,
      // its box ticked or not, where it stands (密级：{FORMDROPDOWN, 机密 chosen} read 密级： and passed;
      // ☐绝密 ☑机密 read as a blank form). Written in the line unless a stored result stands there:
      // then the line is also read with it in that result's place (as-updated).
      const form = f && !stack.some((g) => g.code) && /^\s*FORM(?:CHECKBOX|DROPDOWN)\b/i.test(f.instr) ? formShown(p, f.begin ?? i, i, sides) : undefined;
      const stored = form !== undefined && f?.at !== undefined && updated.slice(f.at).trim() !== '';
      if (form !== undefined && stored && !(flag & HIDDEN)) {
        if (form !== updated.slice(f!.at!)) (updated = updated.slice(0, f!.at!) + form), (recomputed = true);
      }
      // Other fields drawn from their instruction alone (SYMBOL, MACROBUTTON's display text) stand here too.
      const shown = eq?.line ?? (drawnHere ? fieldShows(f.instr) : undefined) ?? (form !== undefined && !stored ? form : undefined);
      if (shown) {
        const into = flag & HIDDEN ? hidden : main;
        into.append(shown);
        if (into === main) (before += shown), (updated += shown), (mixed = true), circled.add(shown, ENCLOSING.test(f?.instr.slice(0, 200) ?? '')), shaded.add(shown, false);
        if (stack.length) stack[stack.length - 1].result = true;
      } else if (f && !stack.some((g) => g.code) && !(flag & HIDDEN)) {
        const value = updatedField(f.instr, sides.props);
        const from = f.at ?? updated.length;
        if (value !== undefined && value !== updated.slice(from)) (updated = updated.slice(0, from) + value), (recomputed = true);
      }
      for (const t of new Set([eq?.guides, eq?.all !== shown ? eq?.all : undefined])) {
        if (!t) continue;
        hidden.endParagraph({ kind: 'paragraph' });
        hidden.append(t);
        hidden.endParagraph({ kind: 'paragraph' });
      }
      continue;
    }
    const inCode = stack.some((g) => g.code);
    if (inCode) stack[stack.length - 1].instr += p.text[i];
    const target = inCode ? fields : flag & HIDDEN ? hidden : main;
    if (!inCode && stack.length && ch >= 0x20) stack[stack.length - 1].result = true;
    if (target === main && !PARAGRAPH_END.has(ch) && (ch >= 0x20 || ch === 0x07 || ch === 0x09 || ch === 0x1e)) {
      const c = ch === 0x07 || ch === 0x09 ? '\t' : ch === 0x1e ? '\u2011' : shownChar(p, i);
      updated += c;
      line += c;
      // An enclosed character stored with its result: the result of an EQ field that encloses.
      circled.add(c, !!(flag & BORDER) || enclosedOpen > 0);
      shaded.add(c, !!(flag & SHADED));
      if (flag & WHITE && ch > 0x20) whiteSeen = true;
      else unwhite += c;
      if (flag & INSERTED) revised = mixed = true;
      else (before += c), (mixed = true);
    }
    if (PARAGRAPH_END.has(ch)) {
      if (target === fields) fields.append(' ');
      else {
        // A paragraph mark ends the visible paragraph whatever its own formatting.
        target.endParagraph({ kind: 'paragraph' });
        main.endParagraph({ kind: 'paragraph' });
        endBefore();
      }
    } else if (ch === 0x07 || ch === 0x09) target.append('\t');
    else if (ch === 0x1e) target.append('\u2011');
    else if (ch === 0x01) {
      // A SHAPE field's anchor is a drawn shape (its text is in the text-box story); an EMBED
      // field's is an object of the ObjectPool. Any other anchor is an inline picture.
      if (!inCode && !stack.some((g) => /^\s*(SHAPE|EMBED)\b/i.test(g.instr))) counts.anchors++;
    } else if (ch >= 0x20) target.append(shownChar(p, i));
    // Other controls (note and comment references 0x02/0x05, separators 0x03/0x04, drawn-object
    // anchors 0x08, optional hyphens 0x1f) stand for no text.
  }
  side?.endParagraph({ kind: 'paragraph' });
  fields.endParagraph({ kind: 'paragraph' });
  endBefore();
}

/** The character at `i` as drawn: a star code in a Wingdings run is the star, a letter in a capitals run its capital. */
function shownChar(p: Pieces, i: number): string {
  const c = p.text[i];
  if (p.flags[i] & WINGDINGS) return WINGDINGS_STARS[c] ?? c;
  if (p.flags[i] & CAPS) {
    const up = c.toUpperCase();
    return up.length === 1 ? up : c;
  }
  return c;
}

/**
 * Bookmark names (SttbfBkmk, [MS-DOC] 2.9.282): text people type, not shown on the page. An
 * STTB is fExtend 0xFFFF (UTF-16), cData, cbExtra, then each name as a count and characters.
 */
function bookmarkNames(w: Buffer, table: Buffer, loss: Loss[]): string[] {
  const fc = w.readUInt32LE(0x142);
  const lcb = w.readUInt32LE(0x146);
  if (lcb < 6) return [];
  if (fc + lcb > table.length || table.readUInt16LE(fc) !== 0xffff) {
    loss.push({ where: 'bookmarks', kind: 'failed-stream', count: 1, detail: 'The names of the bookmarks could not be read (their table lies outside the table stream or is not Unicode).' });
    return [];
  }
  const end = fc + lcb;
  const count = table.readUInt16LE(fc + 2);
  const extra = table.readUInt16LE(fc + 4);
  const names: string[] = [];
  let at = fc + 6;
  for (let i = 0; i < count; i++) {
    if (at + 2 > end) break;
    const cch = table.readUInt16LE(at);
    const to = at + 2 + cch * 2;
    if (to > end) break;
    names.push(table.subarray(at + 2, to).toString('utf16le'));
    at = to + extra;
  }
  if (names.length < count) loss.push({ where: 'bookmarks', kind: 'failed-stream', count: count - names.length, total: count, detail: `${count - names.length} of ${count} bookmark names could not be read.` });
  return names;
}

/** What each legacy form field shows (FFData through its run, see {@link FormRun}), looked up by a file position of the field. */
function formShowsOf(data: Uint8Array | undefined, runs: FormRun[]): ((fc: number) => string | undefined) | undefined {
  if (!data || !runs.length) return undefined;
  const buf = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  const sorted = [...runs].sort((x, y) => x.from - y.from);
  const read = new Map<number, string | undefined>();
  return (fc) => {
    let lo = 0;
    let hi = sorted.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const r = sorted[mid];
      if (fc < r.from) hi = mid - 1;
      else if (fc >= r.to) lo = mid + 1;
      else {
        if (!read.has(r.at)) {
          const f = readFFData(buf, r.at);
          read.set(r.at, typeof f === 'string' ? undefined : f.shows);
        }
        return read.get(r.at);
      }
    }
    return undefined;
  };
}

/**
 * Legacy form fields: the name, default text, format, help and status texts and drop-down entries
 * of each (FFData in the Data stream, found through the runs of the fields), one `form-field` part.
 * The field's current value is its result, read with the body. Form fields whose FFData cannot be
 * found or read are a loss: their default, help and status texts were not read.
 */
function formFields(data: Uint8Array | undefined, offsets: Set<number>, seen: number, result: Extraction, loss: Loss[]): void {
  if (!offsets.size && !seen) return;
  const buf = data ? Buffer.from(data.buffer, data.byteOffset, data.byteLength) : undefined;
  const problems: string[] = [];
  let read = 0;
  for (const at of [...offsets].sort((x, y) => x - y)) {
    const f = buf ? readFFData(buf, at) : NOT_FFDATA;
    // Other fields' runs carry sprmCFData too (a HYPERLINK's data is in the Data stream): data
    // that is no FFData is not a form field's. Whether every form field was read is decided by
    // the FORM… field codes counted in the stories.
    if (f === NOT_FFDATA) continue;
    if (typeof f === 'string') {
      problems.push(f);
      continue;
    }
    read++;
    // One part per field and each text alone on its line, as a form's values stand in other
    // formats (a label before a value would make a marking there look like prose); the detail
    // says which text each line is.
    const lines: Array<[string, string]> = [...(f.name ? [['name', f.name] as [string, string]] : []), ...f.texts];
    const b = new PartBuilder(`form-field-${read}`, 'form-field', { filePart: 'Data', detail: `legacy ${f.type}${f.name ? ` ${f.name}` : ''}, by line: ${lines.map((l) => l[0]).join(', ') || 'nothing'}` });
    for (const [, text] of lines) {
      b.append(text);
      b.endParagraph({ kind: 'paragraph' });
    }
    if (!b.blank) result.parts.push(b.toPart());
  }
  const total = Math.max(seen, read + problems.length);
  const missing = total - read;
  if (missing > 0) {
    loss.push({
      where: 'form fields',
      kind: 'failed-stream',
      count: missing,
      total,
      detail: `${missing} of the document's ${total} legacy form fields (FORMTEXT, FORMCHECKBOX, FORMDROPDOWN) could not be read: their default, help and status texts were not read${problems.length ? ` (${problems.slice(0, 3).join('; ')})` : ''}.`,
    });
  }
  result.info = { ...result.info, formFields: read };
}

/**
 * WordArt and shape names of the document's drawings ([MS-DOC] 2.9.172 OfficeArtContent, at
 * fcDggInfo in the table stream: the drawing group, then one drawing for the main document and one
 * for the headers, each after a byte saying which). WordArt has no text story: Word draws it from
 * the shape's gtextUNICODE property, so each WordArt is a part of its own (`wordart-N`, a text
 * box of the main document or of the headers, as the DOCX reader names it; Word's text watermark,
 * a WordArt named PowerPlusWaterMarkObject…, says so). Shape names and descriptions are alt text.
 * Records that do not fit are a loss: what they held was not read.
 */
/** Reads the drawings' text and names; returns the ids of the main document's shapes drawn over text (see ringedRows). */
function drawingText(w: Buffer, table: Buffer, tableName: string, result: Extraction, loss: Loss[]): Set<number> {
  const ellipses = new Set<number>();
  const fc = w.readUInt32LE(0x22a);
  const lcb = w.readUInt32LE(0x22e);
  if (lcb === 0) return ellipses;
  const where = `${tableName} (drawings)`;
  if (fc + lcb > table.length) {
    loss.push({ where, kind: 'failed-stream', count: 1, reason: 'corrupt', detail: `The document's drawings (fcDggInfo) lie outside the ${tableName} stream: WordArt text and shape names there were not read.` });
    return ellipses;
  }
  const end = fc + lcb;
  const problems: string[] = [];
  const drawings: Array<{ header: boolean; from: number; to: number }> = [];
  // The drawing group (OfficeArtDggContainer) first; its default properties count for the main document.
  const groupLen = fc + 8 <= end ? table.readUInt32LE(fc + 4) : -1;
  if (groupLen < 0 || fc + 8 + groupLen > end) problems.push('the drawing group is cut short');
  else {
    drawings.push({ header: false, from: fc, to: fc + 8 + groupLen });
    for (let at = fc + 8 + groupLen; at < end; ) {
      // dgglbl: 0 the main document's drawing, 1 the headers'.
      const label = table[at];
      if (at + 9 > end || label > 1) {
        problems.push(`byte ${at} starts no drawing`);
        break;
      }
      const len = table.readUInt32LE(at + 5);
      const to = at + 9 + len;
      if (to > end) {
        problems.push(`the drawing at byte ${at} runs past the end of the drawings`);
        break;
      }
      drawings.push({ header: label === 1, from: at + 1, to });
      at = to;
    }
  }
  const alt = new PartBuilder('shape-names', 'alt-text', { filePart: tableName, detail: 'shape names and descriptions' });
  let n = 0;
  for (const d of drawings) {
    if (!d.header) for (const id of drawnShapeIds(table, d.from, d.to)) ellipses.add(id);
    const r = drawingStrings(table, d.from, d.to);
    problems.push(...r.problems);
    for (const shape of r.shapes) {
      const name = shape.strings.find((s) => s.kind === 'name')?.text;
      for (const s of shape.strings) {
        if (s.kind !== 'wordart') {
          alt.append(s.text.replace(/[\r\n\v]+/g, ' '));
          alt.endParagraph({ kind: 'paragraph' });
          continue;
        }
        n++;
        const watermark = isWatermarkName(name) ? ' (a watermark)' : '';
        const b = new PartBuilder(`wordart-${n}`, 'text-box', { filePart: tableName, detail: `WordArt ${n}${watermark} in ${d.header ? 'the headers and footers' : 'the main document'}` });
        for (const line of s.text.split(/\r\n|[\r\n\v]/)) {
          b.append(line);
          b.endParagraph({ kind: 'paragraph' });
        }
        if (!b.blank) result.parts.push(b.toPart());
      }
    }
  }
  if (!alt.blank) result.parts.push(alt.toPart());
  if (problems.length) {
    loss.push({ where, kind: 'failed-stream', count: problems.length, reason: 'corrupt', detail: `The document's drawings could not all be read (${problems.slice(0, 3).join('; ')}): WordArt text and shape names there may not have been read.` });
  }
  return ellipses;
}

/**
 * The paragraphs of the main document that list a form's levels (密级：绝密 机密 秘密) with a shape
 * (an ellipse, a box, a line, a path; see drawnShapeIds) anchored in them (PlcSpaMom, [MS-DOC] 2.8.25: the character position of each shape's anchor, then
 * its SPA, whose first field is the shape's id): drawn over the row, it circles the option chosen.
 */
function ringedRows(w: Buffer, table: Buffer, text: string, mainEnd: number, ellipses: ReadonlySet<number>): string[] {
  const rows: string[] = [];
  if (!ellipses.size || w.length < 0x1e2) return rows;
  const fc = w.readUInt32LE(0x1da);
  const lcb = w.readUInt32LE(0x1de);
  if (!ellipses.size || lcb < 4 + 26 || fc + lcb > table.length || (lcb - 4) % 30 !== 0) return rows;
  const n = (lcb - 4) / 30;
  for (let i = 0; i < n && rows.length < 100; i++) {
    if (!ellipses.has(table.readUInt32LE(fc + (n + 1) * 4 + i * 26))) continue;
    const cp = table.readInt32LE(fc + i * 4);
    if (cp < 0 || cp >= Math.min(mainEnd, text.length)) continue;
    // Its paragraph (a table row's cells read as one line), 300 characters either way at most.
    let from = cp;
    while (from > 0 && cp - from < 300 && text.charCodeAt(from - 1) !== 0x0d) from--;
    let to = cp;
    while (to < text.length && to - cp < 300 && text.charCodeAt(to) !== 0x0d) to++;
    const line = text.slice(from, to).replace(/\x07/g, '\t').replace(/[\x00-\x08\x0b-\x1f]/g, '');
    if (LEVEL_ROW.test(line)) rows.push(line.trim().slice(0, 60));
  }
  return rows;
}

const PROPERTY_STREAMS = ['\x05SummaryInformation', '\x05DocumentSummaryInformation'];

/** The properties part of both property-set streams; what could not be read is a loss. Returns each value by its name (lower case). */
function properties(streams: Map<string, CfbStream>, result: Extraction, loss: Loss[]): Map<string, string> {
  const values = new Map<string, string>();
  const b = new PartBuilder('properties', 'properties', { filePart: 'document properties', detail: 'SummaryInformation, DocumentSummaryInformation' });
  for (const name of PROPERTY_STREAMS) {
    const s = streams.get(name.toLowerCase());
    if (!s) continue;
    const r = readPropertySet(s.bytes, printable(name));
    for (const t of r.texts) {
      b.append(`${t.name}: ${t.value}`);
      b.endParagraph({ kind: 'paragraph' });
      if (!values.has(t.name.toLowerCase())) values.set(t.name.toLowerCase(), t.value);
    }
    for (const w of r.broken) loss.push({ where: printable(name), kind: 'failed-stream', count: 1, detail: `A document property could not be read (${w}).` });
  }
  if (!b.blank) result.parts.push(b.toPart());
  return values;
}

/** Property fields and the SummaryInformation name each shows. */
const PROPERTY_FIELDS: Readonly<Record<string, string>> = { TITLE: 'title', SUBJECT: 'subject', AUTHOR: 'author', KEYWORDS: 'keywords', COMMENTS: 'comments', LASTSAVEDBY: 'last author' };

/**
 * What a field shows once updated, as far as its instruction and the document's properties tell
 * (QUOTE's text, FILLIN's default, IF's branch when true, a property field's value), else undefined.
 */
function updatedField(instr: string, props: ReadonlyMap<string, string>): string | undefined {
  const m = /^\s*(\w+)\b\s*(.*)$/s.exec(instr);
  if (!m) return undefined;
  const kind = m[1].toUpperCase();
  const lit = (t: string) => /^\s*"((?:[^"\\]|\\.)*)"/.exec(t)?.[1]?.replace(/\\(.)/g, '$1');
  if (kind === 'QUOTE') return lit(m[2]) ?? (m[2].split('\\')[0].trim() || undefined);
  if (kind === 'FILLIN') return lit(/\\d\s*(.*)$/s.exec(m[2])?.[1] ?? '');
  if (kind === 'IF') {
    const branches = [...m[2].matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((q) => q[1]);
    return branches.length >= 2 ? branches[branches.length - 2] : undefined;
  }
  if (kind === 'DOCPROPERTY') return props.get((lit(m[2]) ?? /^\s*(\S+)/.exec(m[2])?.[1] ?? '').toLowerCase());
  const prop = PROPERTY_FIELDS[kind];
  return prop ? props.get(prop) : undefined;
}

/**
 * Custom XML data (MsoDataStore/<id>/Item: a cover page's abstract and publish date, content-type
 * properties, add-in data) read as a DOCX's customXml parts are: its text and text attributes, as
 * metadata. An item that does not parse is a loss.
 */
function customXml(streams: Map<string, CfbStream>, result: Extraction, loss: Loss[]): void {
  let n = 0;
  for (const s of streams.values()) {
    if (!/^MsoDataStore\/[^/]+\/Item$/i.test(s.path) || s.bytes.length === 0) continue;
    n++;
    try {
      const xml = decodeXml(s.bytes);
      const b = xmlTextAndAttributes(xml, `custom-xml-${n}`, 'metadata', 'custom XML data', printable(s.path), 'text');
      if (!b.blank) result.parts.push(b.toPart());
    } catch (e) {
      loss.push({ where: printable(s.path), kind: 'failed-stream', count: 1, detail: `Custom XML data (${printable(s.path)}) could not be read: ${(e as Error)?.message ?? e}.` });
    }
  }
}

/**
 * Streams this reader knows, as structure or as what it reads: the document's own, the property
 * sets, OLE links, embedded objects, custom XML, macros (reported), rights management and
 * encryption (reported). Every other stream is one this reader does not know.
 */
const KNOWN_STREAMS: Record<'doc' | 'xls' | 'ppt', RegExp> = {
  doc: /^(WordDocument|[01]Table|Data|\x05(SummaryInformation|DocumentSummaryInformation)|\x01(CompObj|Ole)|\x02OlePres\d{3}|ObjectPool\/.*|MsoDataStore\/.*|Macros\/.*|\x06DataSpaces\/.*|\tDRMContent|EncryptionInfo|EncryptedPackage)$/is,
  ppt: /^(PowerPoint Document|Current User|Pictures|EncryptedSummary|\x05(SummaryInformation|DocumentSummaryInformation)|\x01(CompObj|Ole)|\x02OlePres\d{3}|ExOleObjStg@byte\d+\/.*|MsoDataStore\/.*|\x06DataSpaces\/.*|\tDRMContent|EncryptionInfo|EncryptedPackage)$/is,
  xls: /^(Workbook|Book|encryption|\x05(SummaryInformation|DocumentSummaryInformation)|\x01(CompObj|Ole)|\x02OlePres\d{3}|MBD[0-9A-F]+\/.*|MsoDataStore\/.*|_VBA_PROJECT_CUR\/.*|\x06DataSpaces\/.*|\tDRMContent|EncryptionInfo|EncryptedPackage)$/is,
};

/**
 * Text in streams this reader does not know (an application's own stream, a pivot cache, a stray
 * object storage, a note kept beside the document): their format is unknown, so the words they
 * hold are taken out as strings — runs of UTF-16 and of UTF-8 holding Chinese — and read as hidden
 * text, one part a stream. A stream with no such run adds nothing.
 */
function otherStreams(streams: Map<string, CfbStream>, known: RegExp, result: Extraction): void {
  let n = 0;
  for (const s of streams.values()) {
    if (known.test(s.path) || s.bytes.length < 4) continue;
    const where = printable(s.path);
    // A package, a PDF or a picture kept in a stream of its own (WPS keeps a workbook's cell
    // pictures as a ZIP in ETCellImageData): handed on whole, like an embedded object's.
    const kind = sniffBinary(s.bytes);
    if (kind === 'image' && sniffImage(s.bytes)) {
      (result.images as ImageRef[]).push({ id: `stream-picture-${++n}`, bytes: new Uint8Array(s.bytes), mediaType: sniffImage(s.bytes)!, origin: { filePart: where, detail: 'picture in a stream of its own' } });
      continue;
    }
    if (kind === 'zip' || kind === 'pdf' || kind === 'ole') {
      (result.embedded as EmbeddedFile[]).push({ name: where.split('/').pop()!, bytes: new Uint8Array(s.bytes), origin: { filePart: where, detail: 'a file kept in a stream of its own' } });
      continue;
    }
    // Compressed or encrypted (nearly eight bits of entropy a byte): no string in it can be seen.
    if (s.bytes.length >= 512 && entropy(s.bytes) > 7.5) {
      result.unread.push({ where, reason: 'unsupported-format', detail: `The stream ${where} (${s.bytes.length} bytes) is of a kind this reader does not know and is compressed or encrypted: what it holds was not read.`, origin: { filePart: where } });
      continue;
    }
    const words = streamStrings(s.bytes);
    if (!words.length) continue;
    const b = new PartBuilder(`stream-${++n}`, 'hidden', { filePart: where, detail: `a stream this reader does not know (${where}): the words in it` });
    for (const w of words) {
      b.append(w);
      b.endParagraph({ kind: 'paragraph' });
    }
    result.parts.push(b.toPart());
  }
}

/** Shannon entropy of the bytes, in bits a byte. */
function entropy(b: Uint8Array): number {
  const counts = new Array<number>(256).fill(0);
  for (let i = 0; i < b.length; i++) counts[b[i]]++;
  let h = 0;
  for (const c of counts) if (c) h -= (c / b.length) * Math.log2(c / b.length);
  return h;
}

/** Embedded objects and pictures: files and images for the scan, the rest unread. */
function objectsAndPictures(streams: Map<string, CfbStream>, prefix: RegExp, pictureStreams: string[], result: Extraction, loss: Loss[]): { objects: number; pictures: number } {
  const embedded = result.embedded as EmbeddedFile[];
  const objs = embeddedObjects(streams, prefix);
  for (const o of objs) {
    // Copies: a view into the file's buffer cannot be handed from the reader's worker thread.
    for (const f of o.files) embedded.push({ name: f.name, bytes: new Uint8Array(f.bytes), origin: { filePart: printable(o.storage), detail: `embedded object, stream ${printable(f.stream)}` } });
    if (o.unread.length) result.unread.push({ where: printable(o.storage), reason: 'embedded-object', detail: `An embedded object (${printable(o.storage)}) was not scanned: its streams ${o.unread.slice(0, 5).join(', ')}${o.unread.length > 5 ? ` and ${o.unread.length - 5} more` : ''} are in no format prepub reads.`, origin: { filePart: printable(o.storage) } });
    else if (!o.files.length) result.unread.push({ where: printable(o.storage), reason: 'embedded-object', detail: `An embedded object (${printable(o.storage)}) holds no content prepub could take out; it was not scanned.`, origin: { filePart: printable(o.storage) } });
  }
  const images = result.images as ImageRef[];
  const seen = new Set<string>();
  let pictures = 0;
  const others = new Map<string, number>();
  for (const name of pictureStreams) {
    const s = streams.get(name.toLowerCase());
    if (!s) continue;
    const r = findBlips(name, s.bytes, seen);
    for (const bl of r.blips) images.push({ id: `picture-${++pictures}`, bytes: new Uint8Array(bl.bytes), mediaType: bl.mediaType, origin: { filePart: bl.where, detail: 'picture' } });
    for (const [k, n] of r.others) others.set(k, (others.get(k) ?? 0) + n);
  }
  for (const [kind, n] of others) {
    loss.push({ where: 'pictures', kind: 'unreadable-object', count: n, detail: `${n} picture${n > 1 ? 's' : ''} stored as ${kind}, which OCR cannot read: any text drawn in ${n > 1 ? 'them' : 'it'} was not read.`, reason: 'embedded-object' });
    pictures += n;
  }
  return { objects: objs.length, pictures };
}

function fail(result: Extraction, reason: 'corrupt' | 'encrypted' | 'unsupported-format' | 'limit' | 'aborted' | 'error' | 'empty', detail: string): Extraction {
  result.unread.push({ where: 'file', reason, detail });
  return result;
}

/** Opens the compound file; undefined (with the file unread) when it cannot be. */
function open(bytes: Uint8Array, ctx: ExtractContext, result: Extraction): Map<string, CfbStream> | undefined {
  if (ctx.signal?.aborted) return void fail(result, 'aborted', 'The scan was cancelled before the document was read.');
  if (bytes.length === 0) return void fail(result, 'empty', 'The file is empty.');
  if (bytes.length > ctx.limits.maxFileBytes) return void fail(result, 'limit', `The file is ${bytes.length} bytes, more than the limit of ${ctx.limits.maxFileBytes} bytes; it was not read.`);
  let streams: Map<string, CfbStream>;
  try {
    streams = readStreams(bytes);
  } catch (e) {
    return void fail(result, 'corrupt', `The file is a damaged or truncated OLE compound file and could not be opened (${(e as Error)?.message ?? e}); nothing in it was read.`);
  }
  // A stream shorter than its directory entry says lies (partly) past the end of a cut-short file.
  for (const s of streams.values()) {
    if (s.bytes.length < s.size) result.unread.push({ where: printable(s.path), reason: 'corrupt', detail: `The stream ${printable(s.path)} is cut short: ${s.bytes.length} of its ${s.size} bytes are in the file.` });
  }
  // Information Rights Management: the document's real content is the encrypted \tDRMContent stream
  // (its data space names the DRM transform); the WordDocument, Workbook or slides beside it are a
  // stub saying the file is protected. Reading the stub is not reading the document.
  const drm = [...streams.values()].find((s) => /^\tDRMContent$/i.test(s.path));
  const drmSpace = [...streams.keys()].some((k) => k.startsWith('\x06dataspaces/') && k.includes('drm'));
  if (drm || drmSpace) {
    const size = drm ? `${drm.size} bytes` : 'its size unknown';
    fail(result, 'encrypted', `The document is protected with Information Rights Management (IRM): its content is encrypted in ${drm ? printable(drm.path) : 'a DRM data space'} (${size}); only the placeholder text beside it could be read.`);
  }
  // A macro project (Word: Macros/, Excel: _VBA_PROJECT_CUR/): code that can write text into the
  // document when it opens, compressed; not read, as a DOCX's vbaProject.bin is not.
  const vba = [...streams.values()].filter((s) => /^(Macros|_VBA_PROJECT_CUR)\//i.test(s.path));
  if (vba.length) {
    const root = vba[0].path.split('/')[0];
    result.unread.push({ where: printable(root), reason: 'embedded-object', detail: `The document carries a macro project (VBA, ${printable(root)}: ${vba.length} streams, ${vba.reduce((a, v) => a + v.size, 0)} bytes); its code and strings were not scanned.`, origin: { filePart: printable(root) } });
  }
  return streams;
}

/** Reads a Word 97-2003 or WPS writer document. Never throws for anything in the file. */
export async function extractDoc(bytes: Uint8Array, ctx: ExtractContext): Promise<Extraction> {
  const result: Extraction = { format: 'doc', mediaType: 'application/msword', parts: [], unread: [], embedded: [], images: [], loss: [], info: {} };
  const loss = result.loss as Loss[];
  const streams = open(bytes, ctx, result);
  if (!streams) return result;
  const props = properties(streams, result, loss);
  const word = streams.get('worddocument');
  if (!word) {
    const names = [...streams.values()].filter((s) => !s.path.includes('/')).map((s) => `${printable(s.path)} (${s.size} bytes)`);
    return fail(result, 'unsupported-format', `The file is an OLE compound file without a WordDocument stream (for example a Microsoft Works or an older WPS document); its streams ${names.slice(0, 8).join(', ')} were not read.`);
  }
  const w = Buffer.from(word.bytes.buffer, word.bytes.byteOffset, word.bytes.byteLength);
  const fib = readFib(w);
  if (typeof fib === 'string') return fail(result, 'corrupt', `The Word document is damaged: ${fib}; its text was not read.`);
  result.info = { nFib: fib.nFib };
  if (fib.flags & 0x0100) {
    const how = fib.flags & 0x8000 ? 'XOR obfuscation' : 'RC4 / CryptoAPI encryption';
    return fail(result, 'encrypted', `The Word document is password-protected (${how}); its text cannot be read without the password.`);
  }
  if (fib.nFib < 0xc0 || w.readUInt16LE(0) === 0xa5dc) return fail(result, 'unsupported-format', `The file is a Word 6.0/95 document (nFib ${fib.nFib}), a format prepub does not read; save it as .docx.`);
  const tableName = fib.flags & 0x0200 ? '1Table' : '0Table';
  const tableStream = streams.get(tableName.toLowerCase());
  if (!tableStream) return fail(result, 'corrupt', `The Word document is damaged: its ${tableName} stream is missing; its text was not read.`);
  const table = Buffer.from(tableStream.bytes.buffer, tableStream.bytes.byteOffset, tableStream.bytes.byteLength);
  const reader = new PieceReader(table);
  try {
    await reader.extractWordDocument(null, w);
  } catch (e) {
    return fail(result, 'corrupt', `The Word document's text could not be read: ${(e as Error)?.message ?? e}.`);
  }
  const pieces = reader.result();
  // A fast save (fComplex) appends new text and leaves the old bytes where they were: text the
  // piece table no longer names may still be in the file. WPS Office sets the flag on ordinary
  // saves too, so the flag alone decides nothing: bytes of the text area [fcMin, fcMac) that no
  // piece covers, and that are not zero padding, are what was not read.
  const remnants = unreferencedText(w, table, reader._pieces);
  if (remnants > 0) {
    result.unread.push({ where: 'WordDocument', reason: 'unsupported-format', detail: `${remnants} bytes of the document's text area are named by no piece of its piece table (text left behind by a fast save${fib.flags & 0x0004 ? '; the document is marked fast-saved' : ''}); they were not read.` });
  }
  if (pieces.missing) loss.push({ where: 'WordDocument', kind: 'undecodable-bytes', count: pieces.missing, total: pieces.text.length, detail: `${pieces.missing} characters the piece table names lie past the end of the WordDocument stream: that text was not read.`, reason: 'corrupt' });
  if (pieces.problems.length) result.info.runProblems = pieces.problems.join('; ');
  const stories = storiesOf(fib, table, fib.ccp.atn > 0 ? commentRanges(w, table, fib.ccp.atn) : undefined);
  const declared = Object.values(fib.ccp).reduce((a, n) => a + Math.max(0, n), 0);
  if (Object.values(fib.ccp).some((n) => n < 0) || declared > pieces.text.length + 1) {
    loss.push({ where: 'WordDocument', kind: 'failed-stream', count: Math.max(1, declared - pieces.text.length), total: declared, detail: `The document declares ${declared} characters of text but its piece table holds ${pieces.text.length}: the rest was not read.`, reason: 'corrupt' });
  }
  const fields = new PartBuilder('field-codes', 'hidden', { filePart: 'WordDocument', detail: 'field instructions' });
  const deleted = new PartBuilder('deleted', 'deleted', { filePart: 'WordDocument', detail: 'tracked deletions' });
  const hidden = new PartBuilder('hidden', 'hidden', { filePart: 'WordDocument', detail: 'hidden text' });
  const beforeChanges = new PartBuilder('before-changes', 'before-changes', { filePart: 'WordDocument', detail: 'paragraphs as they read before their tracked changes' });
  const asUpdated = new PartBuilder('as-updated', 'hidden', { filePart: 'WordDocument', detail: 'paragraphs as shown once their fields are updated' });
  const onWhite = new PartBuilder('on-white', 'hidden', { filePart: 'WordDocument', detail: 'paragraphs as they show on a white page, white runs left out' });
  const sides: Sides = { fields, deleted, hidden, beforeChanges, asUpdated, props, onWhite, formShows: formShowsOf(streams.get('data')?.bytes, reader.formRuns) };
  const counts: Counts = { anchors: 0, formFields: 0 };
  const ids = new Set<string>();
  let lists: DocLists | undefined;
  try {
    lists = DocLists.read(w, table);
  } catch (e) {
    // The labels are text Word adds; without them the document's own text is still read whole.
    result.info.listProblem = `the list tables could not be read: ${(e as Error)?.message ?? e}`;
  }
  for (const s of stories) {
    let id = s.id;
    for (let n = 2; ids.has(id); n++) id = `${s.id}-${n}`;
    ids.add(id);
    const b = new PartBuilder(id, s.role, { filePart: 'WordDocument', detail: s.detail }, s.role === 'body');
    const chosen = new PartBuilder(`${id}#circled-choice`, s.role, { filePart: 'WordDocument', detail: `paragraphs with one boxed or circled stretch, read as that stretch chosen, in ${s.detail}` });
    renderStory(pieces, s, b, { ...sides, chosen }, counts, lists);
    if (!b.blank || s.role === 'body') result.parts.push(b.toPart());
    if (!chosen.blank) result.parts.push(chosen.toPart());
  }
  // Text after the last story (a file whose counts are short of its text) is still read.
  const last = stories.length ? Math.max(...stories.map((s) => s.end)) : 0;
  if (pieces.text.length > last + 1) {
    const b = new PartBuilder('text-after-stories', 'hidden', { filePart: 'WordDocument', detail: 'text the document counts in no story' });
    renderStory(pieces, { id: b.id, role: 'hidden', detail: '', start: last, end: pieces.text.length }, b, sides, counts);
    if (!b.blank) result.parts.push(b.toPart());
  }
  if (!fields.blank) result.parts.push(fields.toPart());
  if (lists) {
    const texts = levelTexts(lists, tableName);
    if (!texts.blank) result.parts.push(texts.toPart());
  }
  const marks = new PartBuilder('bookmarks', 'bookmark', { filePart: 'WordDocument', detail: 'bookmark names' });
  for (const name of bookmarkNames(w, table, loss)) {
    marks.append(name);
    marks.endParagraph({ kind: 'paragraph' });
  }
  if (!marks.blank) result.parts.push(marks.toPart());
  if (!deleted.blank) result.parts.push(deleted.toPart());
  if (!beforeChanges.blank) result.parts.push(beforeChanges.toPart());
  if (!asUpdated.blank) result.parts.push(asUpdated.toPart());
  if (!onWhite.blank) result.parts.push(onWhite.toPart());
  if (!hidden.blank) result.parts.push(hidden.toPart());
  const extra: TablesResult = { parts: result.parts, loss };
  documentVariables(w, table, extra);
  commentAuthors(w, table, extra);
  nameTables(w, table, extra);
  autoText(w, table, extra);
  formFields(streams.get('data')?.bytes, reader.formData, counts.formFields, result, loss);
  const ellipses = drawingText(w, table, tableName, result, loss);
  // An ellipse anchored in a row listing a form's levels circles the option chosen; which one is not worked out.
  const ringed = ringedRows(w, table, pieces.text, fib.ccp.text, ellipses);
  if (ringed.length) result.unread.push({ where: 'WordDocument', reason: 'unsupported-format', detail: drawnOverRowsDetail(ringed), origin: { filePart: 'WordDocument' } });
  customXml(streams, result, loss);
  const { objects, pictures } = objectsAndPictures(streams, /^ObjectPool\/[^/]+\//, ['Data', 'WordDocument', tableName], result, loss);
  if (counts.anchors > 0 && pictures === 0 && objects === 0) {
    loss.push({ where: 'WordDocument', kind: 'unreadable-object', count: counts.anchors, detail: `The text anchors ${counts.anchors} picture${counts.anchors > 1 ? 's' : ''} or object${counts.anchors > 1 ? 's' : ''} that could not be found in the file: whatever ${counts.anchors > 1 ? 'they show' : 'it shows'} was not read.`, reason: 'embedded-object' });
  }
  otherStreams(streams, KNOWN_STREAMS.doc, result);
  result.info = { ...result.info, stories: stories.length, pictures, objects, fastSaved: (fib.flags & 0x0004) !== 0 };
  return result;
}

/** Reads a legacy workbook: cells, comments, names, headers and footers, properties, objects and pictures. */
async function extractXls(bytes: Uint8Array, ctx: ExtractContext): Promise<Extraction> {
  const result: Extraction = { format: 'xls', mediaType: 'application/vnd.ms-excel', parts: [], unread: [], embedded: [], images: [], loss: [], info: {} };
  const streams = open(bytes, ctx, result);
  if (!streams) return result;
  const loss = result.loss as Loss[];
  properties(streams, result, loss);
  const book = streams.get('workbook') ?? streams.get('book');
  if (!book) {
    const names = [...streams.values()].filter((s) => !s.path.includes('/')).map((s) => `${printable(s.path)} (${s.size} bytes)`);
    return fail(result, 'unsupported-format', `The file is an OLE compound file without a Workbook stream; its streams ${names.slice(0, 8).join(', ')} were not read.`);
  }
  readWorkbook(bytes, book.bytes, result, loss);
  const older = streams.get('book');
  if (older && older !== book) readOlderCopy(older, result, loss);
  objectsAndPictures(streams, /^MBD[^/]+\//i, [book.path, ...(older ? [older.path] : [])], result, loss);
  customXml(streams, result, loss);
  otherStreams(streams, KNOWN_STREAMS.xls, result);
  return result;
}

/**
 * A dual-format workbook (Excel 97's "Microsoft Excel 97 & 5.0/95") keeps a second copy in the
 * Excel 5.0/95 format, the `Book` stream, beside `Workbook`; Excel 97 and later show the
 * `Workbook`, older programs the `Book`. That copy is read on its own, and what it says that the
 * workbook's reading does not (a line of it) is read as hidden text; what of it could not be read is
 * reported as for the workbook.
 */
function readOlderCopy(older: CfbStream, result: Extraction, loss: Loss[]): void {
  const only = CFB.utils.cfb_new();
  CFB.utils.cfb_add(only, '/Book', Buffer.from(older.bytes));
  const side: Extraction = { format: 'xls', mediaType: 'application/vnd.ms-excel', parts: [], unread: [], loss: [], info: {} };
  readWorkbook(new Uint8Array(CFB.write(only, { type: 'buffer' }) as Buffer), older.bytes, side, side.loss as Loss[]);
  const shown = new Set(result.parts.flatMap((p) => p.text.split('\n').map((l) => l.trim())));
  // A defined name's reference is written per format (BIFF5 names its sheet another way): a name
  // the workbook has counts as shown, whatever its reference reads as.
  const nameOf = (line: string) => line.split(': ')[0];
  const names = new Set((result.parts.find((p) => p.id === 'defined-names')?.text.split('\n') ?? []).map(nameOf));
  const b = new PartBuilder('book-stream', 'hidden', { filePart: printable(older.path), detail: 'the Excel 5.0/95 copy of the workbook (Book stream): what it says that the workbook does not' });
  for (const p of side.parts) {
    for (const line of p.text.split('\n')) {
      if (!line.trim() || shown.has(line.trim()) || (p.id === 'defined-names' && names.has(nameOf(line)))) continue;
      shown.add(line.trim());
      b.append(line);
      b.endParagraph({ kind: 'paragraph' });
    }
  }
  if (!b.blank) result.parts.push(b.toPart());
  for (const u of side.unread) result.unread.push({ ...u, where: `${printable(older.path)} (Excel 5.0/95 copy): ${u.where}` });
  for (const l of side.loss ?? []) loss.push({ ...l, where: `${printable(older.path)} (Excel 5.0/95 copy): ${l.where}` });
}

/**
 * Reads a PowerPoint 97-2003 deck (see ppt.ts): slides, notes, masters, headers and footers,
 * comments, shape names, every other string of the PowerPoint Document stream; properties;
 * embedded objects (ExOleObjStg) and pictures (the Pictures stream) handed on.
 */
async function extractPpt(bytes: Uint8Array, ctx: ExtractContext): Promise<Extraction> {
  const result: Extraction = { format: 'ppt', mediaType: 'application/vnd.ms-powerpoint', parts: [], unread: [], embedded: [], images: [], loss: [], info: {} };
  const streams = open(bytes, ctx, result);
  if (!streams) return result;
  const loss = result.loss as Loss[];
  const deck = readPresentation(streams, ctx.limits.maxInflatedBytes);
  if (deck.encrypted) return fail(result, 'encrypted', deck.encrypted);
  properties(streams, result, loss);
  result.parts.push(...deck.parts);
  result.unread.push(...deck.unread);
  loss.push(...deck.loss);
  (result.images as ImageRef[]).push(...deck.images);
  const all = new Map([...streams, ...deck.objectStreams]);
  const { pictures } = objectsAndPictures(all, /^ExOleObjStg@byte\d+\//i, ['Pictures'], result, loss);
  customXml(streams, result, loss);
  otherStreams(streams, KNOWN_STREAMS.ppt, result);
  result.info = { ...result.info, ...deck.info, pictures };
  return result;
}

/** The Word 97-2003 / WPS writer {@link Extractor}. */
export const docExtractor: Extractor = { format: 'doc', extract: (bytes, ctx) => extractDoc(bytes, ctx) };
/** Legacy Excel workbooks: cells, comments, names, headers and footers, properties, objects and pictures. */
export const xlsExtractor: Extractor = { format: 'xls', extract: (bytes, ctx) => extractXls(bytes, ctx) };
/** Legacy PowerPoint decks: slides, notes, masters, headers and footers, comments, properties, objects and pictures. */
export const pptExtractor: Extractor = { format: 'ppt', extract: (bytes, ctx) => extractPpt(bytes, ctx) };

export type { TextPart };
