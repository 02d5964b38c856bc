/**
 * Excel 97-2003 workbooks (.xls, WPS .et): cell text by SheetJS (`@e965/xlsx`, the SheetJS
 * Community Edition 0.20.3 build published on npm: the `xlsx` 0.18.5 on npm carries known
 * prototype-pollution and ReDoS flaws fixed only later). What SheetJS does not return is read or
 * counted here from the BIFF records of the Workbook stream, so nothing is silent: sheet headers
 * and footers, comment authors and text boxes are read; charts, text boxes whose characters do not
 * add up, and text cells SheetJS did not return (BIFF5 workbooks) are named unread; an encrypted workbook (FILEPASS) is not read at all. A record
 * stream that does not walk cleanly (a length past the end, a sheet not where BOUNDSHEET puts it, a
 * substream never closed) is a loss, and shared strings no cell shows are read as hidden text.
 */
import { createRequire } from 'node:module';
import * as XLSX from '@e965/xlsx';
import { PartBuilder, type Extraction, type Loss } from '@prepub/core';
import { formatSections } from '@prepub/extract-docx/number-format';
import { decodeCp1252 } from './text.ts';
import { drawingStrings } from './officeart.ts';

/** What the record walk found in the Workbook stream. */
export interface BiffCensus {
  encrypted: boolean;
  /** Cells the value records place (text, numbers, formulas), by worksheet index: `sheet:row:col`. */
  cells: string[];
  /** Text boxes (TXO records beyond one per NOTE) whose text was not read. */
  textBoxes: number;
  /** The text of the text boxes and shapes on the sheets (a TXO whose object is not a comment), by worksheet index. */
  boxes: Array<{ sheet: number; text: string }>;
  charts: number;
  drawings: number;
  /** Headers and footers: HEADER/FOOTER (odd pages), and HEADERFOOTER's first-page and even-page ones (`which`). */
  headers: Array<{ kind: 'header' | 'footer'; sheet: number; text: string; which?: 'first-page' | 'even-page' }>;
  /** WordArt (gtextUNICODE of a shape in the MSODRAWING records: drawn text, no TXO), by worksheet index. */
  wordArt: Array<{ sheet: number; text: string }>;
  /** Shape names and descriptions of the drawings, by worksheet index. */
  shapeNames: Array<{ sheet: number; text: string }>;
  /** Why parts of a sheet's drawing could not be read. */
  drawingProblems: string[];
  /** Data-validation prompts (DV records): input title, error title, input message, error message, a list's entries. */
  validations: Array<{ sheet: number; where: string; texts: string[] }>;
  /** Sheets the workbook globals list (BOUNDSHEET records). */
  sheets: number;
  /** Whether the workbook is BIFF8 (Excel 97 and later): its strings carry a flags byte, BIFF5's are in the code page. */
  biff8: boolean;
  /** The code page of the workbook's 8-bit strings (CODEPAGE record), when it names one. */
  codePage?: number;
  /** The name of the user who last saved the workbook (WRITEACCESS), padded with blanks in the file. */
  savedBy?: string;
  /**
   * The author of each cell comment (NOTE record, stAuthor, BIFF8): a name Excel shows above the
   * comment, typed by whoever set up Excel. SheetJS does not return it reliably.
   */
  noteAuthors: string[];
  /** Shared-string indices the LABELSST records show. */
  sstShown: Set<number>;
  /** Phonetic guides (furigana, ruby) of shared strings, from their ExtRst: SheetJS returns none of them. */
  phonetics: string[];
  /**
   * Why the record stream does not walk cleanly, when it does not: a record running past the end
   * of the stream, a sheet whose BOF the walk never meets where BOUNDSHEET says it starts, a
   * substream never closed, bytes after the last one. A walk that lost step reads a record's data
   * as headers, so what SheetJS and this census agree on no longer says what the file holds.
   */
  damage: string[];
}

const utf16 = new TextDecoder('utf-16le');

/** An XLUnicodeString (BIFF8: cch, flags, characters); undefined when it does not fit. */
function unicodeString(b: Uint8Array, at: number, end: number): string | undefined {
  if (at + 3 > end) return undefined;
  const cch = b[at] | (b[at + 1] << 8);
  const high = b[at + 2] & 1;
  const from = at + 3;
  const to = from + cch * (high ? 2 : 1);
  if (to > end) return undefined;
  return high ? utf16.decode(b.subarray(from, to)) : decodeCp1252(b.subarray(from, to));
}

/**
 * The phonetic guides of a shared-string table (SST and its CONTINUE records, in order): each
 * XLUnicodeRichExtendedString with fExtSt carries an ExtRst whose phonetic string (rphssub.st,
 * UTF-16) Excel shows above the cell when phonetic guides are on. Character arrays cut by a
 * CONTINUE boundary start again with a flags byte there; runs and ExtRst do not. Linear, bounded by
 * the records; a string that does not fit ends the walk.
 */
export function sstPhonetics(segments: Uint8Array[]): string[] {
  const out: string[] = [];
  let seg = 0;
  let pos = 8; // cstTotal, cstUnique
  const left = () => (seg < segments.length ? segments[seg].length - pos : 0);
  const next = (): boolean => {
    while (seg < segments.length && pos >= segments[seg].length) (seg++, (pos = 0));
    return seg < segments.length;
  };
  const byte = (): number => (next() ? segments[seg][pos++] : -1);
  const u16 = (): number => {
    const lo = byte();
    const hi = byte();
    return lo < 0 || hi < 0 ? -1 : lo | (hi << 8);
  };
  const take = (n: number): Uint8Array | undefined => {
    const parts: number[] = [];
    while (n > 0) {
      if (!next()) return undefined;
      const k = Math.min(n, left());
      for (let i = 0; i < k; i++) parts.push(segments[seg][pos + i]);
      pos += k;
      n -= k;
    }
    return Uint8Array.from(parts);
  };
  const total = segments.reduce((n, s) => n + s.length, 0);
  for (let guard = 0; guard < total && next(); guard++) {
    const cch = u16();
    const flags = byte();
    if (cch < 0 || flags < 0) break;
    const cRun = flags & 0x08 ? u16() : 0;
    let cbExt = 0;
    if (flags & 0x04) {
      const lo = u16();
      const hi = u16();
      if (lo < 0 || hi < 0) break;
      cbExt = lo + hi * 0x10000;
    }
    if (cRun < 0) break;
    // Characters, 1 or 2 bytes each; at a record boundary a new flags byte says which.
    let high = flags & 1;
    let chars = cch;
    while (chars > 0) {
      if (pos >= (segments[seg]?.length ?? 0)) {
        if (!next()) return out;
        high = segments[seg][pos++] & 1;
        continue;
      }
      const k = Math.min(chars, Math.floor(left() / (high ? 2 : 1)));
      if (k === 0) return out;
      pos += k * (high ? 2 : 1);
      chars -= k;
    }
    if (cRun && !take(cRun * 4)) break;
    if (cbExt) {
      const ext = take(cbExt);
      if (!ext) break;
      // ExtRst: reserved, cb, Phs (4), rphssub: crun, cch, st (cchCharacters, UTF-16 characters).
      if (ext.length >= 14) {
        const n = ext[12] | (ext[13] << 8);
        const text = utf16.decode(ext.subarray(14, Math.min(ext.length, 14 + n * 2)));
        if (text.trim()) out.push(text);
      }
    }
  }
  return out;
}

/**
 * HEADERFOOTER ([MS-XLS] 2.4.137): after the 12-byte future-record header, a GUID, flags and four
 * character counts (even-page header, even-page footer, first-page header, first-page footer),
 * then each string that has characters as a flags byte and its characters.
 */
function headerFooter(b: Uint8Array, data: number, end: number, sheet: number, c: BiffCensus): void {
  let at = data + 12 + 16 + 2;
  if (at + 8 > end) return;
  const counts = [0, 1, 2, 3].map((i) => b[at + i * 2] | (b[at + i * 2 + 1] << 8));
  at += 8;
  const what = [['header', 'even-page'], ['footer', 'even-page'], ['header', 'first-page'], ['footer', 'first-page']] as const;
  counts.forEach((cch, i) => {
    if (!cch || at >= end) return;
    const high = b[at] & 1;
    const to = Math.min(end, at + 1 + cch * (high ? 2 : 1));
    const bytes = b.subarray(at + 1, to);
    const text = high ? utf16.decode(bytes.subarray(0, bytes.length & ~1)) : decodeCp1252(bytes);
    at = to;
    if (text.trim()) c.headers.push({ kind: what[i][0], which: what[i][1], sheet, text });
  });
}

/**
 * A DV record ([MS-XLS] 2.4.107): flags, then the input title, error title, input message and error
 * message (XLUnicodeString each; Excel writes an empty one as a single NUL), two formulas (a list's
 * entries are a string token, NUL between entries) and the cells it covers.
 */
function validation(b: Uint8Array, data: number, end: number): { where: string; texts: string[] } {
  const texts: string[] = [];
  let at = data + 4;
  for (let i = 0; i < 4; i++) {
    const s = unicodeString(b, at, end);
    if (s === undefined) return { where: '', texts };
    const clean = s.replace(/\0/g, '').trim();
    if (clean) texts.push(clean);
    at += 3 + (b[at] | (b[at + 1] << 8)) * (b[at + 2] & 1 ? 2 : 1);
  }
  const formulas: number[] = [];
  for (let i = 0; i < 2 && at + 4 <= end; i++) {
    const cce = b[at] | (b[at + 1] << 8);
    formulas.push(at + 4);
    // A list typed in the dialog: one string token (ptgStr 0x17: cch byte, flags, characters).
    if (i === 0 && cce >= 3 && at + 4 + cce <= end && b[at + 4] === 0x17) {
      const cch = b[at + 5];
      const high = b[at + 6] & 1;
      const bytes = b.subarray(at + 7, Math.min(end, at + 7 + cch * (high ? 2 : 1)));
      const list = (high ? utf16.decode(bytes) : decodeCp1252(bytes)).split('\0').filter((x) => x.trim()).join(', ');
      if (list) texts.push(list);
    }
    at += 4 + cce;
  }
  // SqRefU: the count of ranges, then each as first row, last row, first column, last column.
  let where = '';
  if (formulas.length === 2 && at + 2 <= end) {
    const n = b[at] | (b[at + 1] << 8);
    const refs: string[] = [];
    for (let i = 0; i < n && at + 2 + (i + 1) * 8 <= end && i < 16; i++) {
      const r = at + 2 + i * 8;
      const [r1, r2, c1, c2] = [0, 2, 4, 6].map((o) => b[r + o] | (b[r + o + 1] << 8));
      const a1 = XLSX.utils.encode_cell({ r: r1, c: c1 });
      const a2 = XLSX.utils.encode_cell({ r: r2, c: c2 });
      refs.push(a1 === a2 ? a1 : `${a1}:${a2}`);
    }
    where = refs.join(' ');
  }
  return { where, texts };
}

/** Walks the BIFF records of a Workbook stream (type, length, data), linear and bounded by the stream. */
export function biffCensus(b: Uint8Array): BiffCensus {
  const c: BiffCensus = { encrypted: false, cells: [], textBoxes: 0, boxes: [], charts: 0, drawings: 0, headers: [], wordArt: [], shapeNames: [], drawingProblems: [], validations: [], sheets: 0, biff8: false, noteAuthors: [], sstShown: new Set(), phonetics: [], damage: [] };
  // The SST record and the CONTINUE records after it: the shared strings run over all of them.
  let sst: Uint8Array[] | null = null;
  const bofs = new Set<number>();
  const sheetStarts: number[] = [];
  let depth = 0;
  // The workbook globals' BOF version: 0x0600 is BIFF8, whose strings carry a flags byte.
  let version = 0;
  let lastEof = -1;
  let notes = 0;
  let txo = 0;
  // The object type (ftCmo.ot) of the last OBJ record: 0x19 is a comment, whose TXO SheetJS reads.
  let objectType = -1;
  // A text box's characters arrive in the CONTINUE records after its TXO, each starting with a flag
  // byte (1: UTF-16, 0: one byte a character); its formatting runs follow in later ones.
  let box: { sheet: number; left: number; text: string } | null = null;
  let boxesRead = 0;
  const keepBox = (done: { sheet: number; text: string }): null => {
    if (done.text.trim()) c.boxes.push({ sheet: done.sheet, text: done.text });
    return null;
  };
  let sheet = -1;
  // A sheet's drawing is cut over its MSODRAWING records (and CONTINUEs after them), OBJ and TXO
  // records between: joined, they are one OfficeArt drawing. One per substream (a chart's own inside a sheet).
  const drawingStack: Array<{ sheet: number; chunks: Uint8Array[] }> = [];
  let drawingGoesOn = false;
  const endDrawing = (): void => {
    const d = drawingStack.pop();
    if (!d?.chunks.length) return;
    const all = new Uint8Array(d.chunks.reduce((n, x) => n + x.length, 0));
    let k = 0;
    for (const x of d.chunks) all.set(x, (k += x.length) - x.length);
    const r = drawingStrings(all, 0, all.length);
    c.drawingProblems.push(...r.problems.map((p) => `sheet ${d.sheet + 1}: ${p}`));
    for (const shape of r.shapes) {
      for (const st of shape.strings) (st.kind === 'wordart' ? c.wordArt : c.shapeNames).push({ sheet: d.sheet, text: st.text });
    }
  };
  // Charts are substreams inside a worksheet (BOF … EOF) whose own value records cache series labels.
  let chartDepth = 0;
  const cell = (data: number, end: number): void => {
    if (chartDepth === 0 && end - data >= 4) c.cells.push(`${sheet}:${b[data] | (b[data + 1] << 8)}:${b[data + 2] | (b[data + 3] << 8)}`);
  };
  let at = 0;
  for (; at + 4 <= b.length; ) {
    const type = b[at] | (b[at + 1] << 8);
    const len = b[at + 2] | (b[at + 3] << 8);
    const data = at + 4;
    const end = Math.min(b.length, data + len);
    if (data + len > b.length) {
      c.damage.push(`the record at byte ${at} (type 0x${type.toString(16)}) claims ${len} bytes, past the end of the stream`);
      at = b.length;
      break;
    }
    // Between and after substreams only a BOF or padding may follow.
    if (depth === 0 && lastEof >= 0 && type !== 0x0809 && (type !== 0 || len !== 0)) {
      if (b.subarray(at).some((x) => x !== 0)) c.damage.push(`bytes after the workbook's last substream (from byte ${at}) are no records of it`);
      at = b.length;
      break;
    }
    // A box whose characters stop before their count: what was read of it is kept (it stays unread).
    if (box && type !== 0x003c) box = keepBox(box);
    if (sst && type !== 0x003c) {
      c.phonetics.push(...sstPhonetics(sst));
      sst = null;
    }
    if (type !== 0x003c) drawingGoesOn = type === 0x00ec;
    switch (type) {
      case 0x00fc: // SST
        sst = [b.subarray(data, end)];
        break;
      case 0x003c: // CONTINUE
        if (sst) sst.push(b.subarray(data, end));
        else if (drawingGoesOn) drawingStack[drawingStack.length - 1]?.chunks.push(b.subarray(data, end));
        else if (box && end > data) {
          const high = b[data] & 1;
          const take = Math.min(box.left, Math.floor((end - data - 1) / (high ? 2 : 1)));
          const bytes = b.subarray(data + 1, data + 1 + take * (high ? 2 : 1));
          box.text += high ? utf16.decode(bytes) : decodeCp1252(bytes);
          box.left -= take;
          if (box.left === 0) {
            // The characters end their record (the formatting runs come in records of their own):
            // ending inside one means the count was wrong, and what was read may be runs, not text.
            if (data + 1 + take * (high ? 2 : 1) === end) boxesRead++;
            box = keepBox(box);
          }
        }
        break;
      case 0x0809: // BOF: the substream type says worksheet (0x10) or chart (0x20)
        depth++;
        if (version === 0 && end - data >= 2) c.biff8 = (version = b[data] | (b[data + 1] << 8)) === 0x0600;
        if (chartDepth === 0) bofs.add(at);
        if (end - data >= 4) {
          const dt = b[data + 2] | (b[data + 3] << 8);
          // A substream at the top level is a sheet in the workbook's order: worksheet, chart sheet or macro sheet.
          if (chartDepth === 0 && dt !== 0x0005) sheet++;
          if (dt === 0x0020) {
            c.charts++;
            chartDepth++;
          } else if (chartDepth > 0) chartDepth++;
        }
        drawingStack.push({ sheet: Math.max(0, sheet), chunks: [] });
        break;
      case 0x000a: // EOF
        endDrawing();
        if (chartDepth > 0) chartDepth--;
        if (depth > 0) depth--;
        if (depth === 0) lastEof = at;
        break;
      case 0x0085: // BOUNDSHEET: where a sheet's substream starts
        c.sheets++;
        if (end - data >= 4) sheetStarts.push((b[data] | (b[data + 1] << 8) | (b[data + 2] << 16)) + b[data + 3] * 0x1000000);
        break;
      case 0x002f:
        c.encrypted = true;
        break;
      case 0x005c: // WRITEACCESS: the user name, BIFF8 as a unicode string
        if (c.biff8 && depth === 1 && sheet < 0 && end - data >= 3 && c.savedBy === undefined) c.savedBy = unicodeString(b, data, end)?.trim();
        break;
      case 0x0042: // CODEPAGE
        if (end - data >= 2 && c.codePage === undefined) c.codePage = b[data] | (b[data + 1] << 8);
        break;
      case 0x00fd: // LABELSST: row, column, format, string index
        if (chartDepth === 0 && end - data >= 10) c.sstShown.add((b[data + 6] | (b[data + 7] << 8) | (b[data + 8] << 16)) + b[data + 9] * 0x1000000);
        cell(data, end);
        break;
      case 0x0204: // LABEL
      case 0x00d6: // RSTRING
      case 0x0203: // NUMBER
      case 0x027e: // RK
      case 0x0006: // FORMULA
      case 0x0205: // BOOLERR
        cell(data, end);
        break;
      case 0x00bd: // MULRK: row, first column, 6 bytes a cell, last column
        if (chartDepth === 0 && end - data >= 6) {
          const row = b[data] | (b[data + 1] << 8);
          const first = b[data + 2] | (b[data + 3] << 8);
          const last = b[end - 2] | (b[end - 1] << 8);
          for (let col = first; col <= last && col - first < 256; col++) c.cells.push(`${sheet}:${row}:${col}`);
        }
        break;
      case 0x001c: // NOTE: row, column, flags, object id, author
        notes++;
        // BIFF5's NOTE holds the note's text instead, which SheetJS reads.
        if (c.biff8 && chartDepth === 0 && end - data >= 11) {
          const author = unicodeString(b, data + 8, end)?.trim();
          if (author) c.noteAuthors.push(author);
        }
        break;
      case 0x005d: // OBJ: its first subrecord (ftCmo) names the object type
        objectType = end - data >= 6 && b[data] === 0x15 ? b[data + 4] | (b[data + 5] << 8) : -1;
        break;
      case 0x01b6: // TXO: cchText at byte 10
        txo++;
        box = null;
        // BIFF5's characters carry no flags byte: its boxes stay counted unread.
        if (c.biff8 && objectType !== 0x19 && end - data >= 12) {
          const cch = b[data + 10] | (b[data + 11] << 8);
          if (cch > 0) box = { sheet: Math.max(0, sheet), left: cch, text: '' };
        }
        objectType = -1;
        break;
      case 0x00ec:
        c.drawings++;
        drawingStack[drawingStack.length - 1]?.chunks.push(b.subarray(data, end));
        break;
      case 0x089c: // HEADERFOOTER (Excel 2007+): even-page and first-page headers and footers
        headerFooter(b, data, end, Math.max(0, sheet), c);
        break;
      case 0x01be: // DV: a data validation's titles and messages
        if (c.biff8 && chartDepth === 0) {
          const v = validation(b, data, end);
          if (v.texts.length) c.validations.push({ sheet: Math.max(0, sheet), ...v });
        }
        break;
      case 0x0014:
      case 0x0015:
        if (len > 0) {
          const text = unicodeString(b, data, end);
          if (text?.trim()) c.headers.push({ kind: type === 0x0014 ? 'header' : 'footer', sheet: Math.max(0, sheet), text });
        }
        break;
    }
    at = data + len;
  }
  if (sst) c.phonetics.push(...sstPhonetics(sst));
  while (drawingStack.length) endDrawing();
  if (at < b.length && b.subarray(at).some((x) => x !== 0)) c.damage.push(`the stream ends inside a record header at byte ${at}`);
  if (depth > 0) c.damage.push(`${depth} substream${depth > 1 ? 's are' : ' is'} never closed (no EOF record)`);
  const unmet = sheetStarts.filter((s) => !bofs.has(s));
  if (unmet.length) c.damage.push(`${unmet.length} of the ${sheetStarts.length} sheets do not start where the workbook says (${unmet.slice(0, 3).map((s) => `byte ${s}`).join(', ')})`);
  if (box) keepBox(box);
  // A box whose CONTINUE records ended before its characters did is not counted read.
  c.textBoxes = Math.max(0, txo - notes - boxesRead);
  return c;
}

/**
 * Code pages SheetJS decodes without its tables: UTF-16 (1200), Windows Latin (1252), ASCII and
 * the Mac's. Any other (936 in a Chinese Excel 95 workbook: its cells are GBK bytes) needs the
 * tables, or 机密★5年 reads as `»úÃÜ¡ï5Äê` and nothing finds it.
 */
const ONE_BYTE_PAGES_SHEETJS_KNOWS = new Set([1200, 1252, 367, 20127, 0x8000, 10000]);
let codePagesLoaded = false;
/** Gives SheetJS its code page tables (half a megabyte of script): loaded once, on the first workbook that needs them. */
function withCodePages(): void {
  if (codePagesLoaded) return;
  XLSX.set_cptable(createRequire(import.meta.url)('@e965/xlsx/dist/cpexcel.js'));
  codePagesLoaded = true;
}

/** Header and footer codes (&L, &C, &R, &P, &"font", &12 …) stand for layout, not text. */
const HF_CODES = /&(?:"[^"]*"|\d+|[LCRPNDTFAZGBIUSEXYKH&])/g;

/** The General keyword, as Excel writes it and as a Chinese Excel does (G/通用格式). */
const GENERAL = /G\/通用格式|General/gi;

/**
 * What a number format shows of a value when SheetJS could not format it (it throws on unquoted
 * CJK literals, `机密★0年`, and on `G/通用格式`): the section for the value (text: the fourth),
 * quoted, escaped and bare literals as written, the General keyword and the first run of digit
 * placeholders (or `@`) replaced by the value. Undefined for a date or time section (its letters
 * are codes), which is then read as its value.
 */
export function renderFormat(code: string, value: unknown, isText: boolean): string | undefined {
  const sections = formatSections(code);
  const n = Number(value);
  if (isText && sections.length < 4) return undefined;
  const section = isText ? sections[3] : !Number.isFinite(n) ? undefined : n < 0 && sections.length > 1 ? sections[1] : n === 0 && sections.length > 2 ? sections[2] : sections[0];
  if (section === undefined) return undefined;
  const plain = section.replace(/"[^"]*"?|\\.|\[[^\]]*\]/g, '').replace(GENERAL, '');
  if (/[yYmMdDhHsS]/.test(plain) || /[eE][+-]/.test(plain)) return undefined;
  const abs = Math.abs(n) * (/%/.test(plain) ? 100 : 1);
  const general = isText ? String(value) : String(n < 0 && sections.length > 1 ? Math.abs(n) : n);
  let out = '';
  let placed = false;
  for (let i = 0; i < section.length; i++) {
    const ch = section[i];
    const g = /^(G\/通用格式|General)/i.exec(section.slice(i));
    if (ch === '"') {
      const stop = section.indexOf('"', i + 1) < 0 ? section.length : section.indexOf('"', i + 1);
      out += section.slice(i + 1, stop);
      i = stop;
    } else if (ch === '\\') (out += section[i + 1] ?? ''), i++;
    else if (ch === '[') i = Math.max(i, section.indexOf(']', i));
    else if (ch === '_' || ch === '*') i++;
    else if (g) {
      out += general;
      placed = true;
      i += g[0].length - 1;
    } else if (ch === '@' || /[0#?]/.test(ch)) {
      let j = i;
      while (j + 1 < section.length && /[0#?,.]/.test(section[j + 1])) j++;
      const run = section.slice(i, j + 1);
      if (!placed) {
        const decimals = run.includes('.') ? run.length - run.indexOf('.') - 1 : 0;
        const digits = isText ? String(value) : abs.toFixed(decimals);
        out += !isText && /,/.test(run.split('.')[0]) ? digits.replace(/^(\d+)/, (d) => d.replace(/\B(?=(\d{3})+$)/g, ',')) : digits;
      }
      placed = true;
      i = j;
    } else out += ch;
  }
  return out;
}

/**
 * The literal text a number format writes (quoted, escaped, and bare characters that are no format
 * code: `机密★0年` writes 机密★ and 年): a marking may stand in a format whatever value it shows.
 */
export function formatLiterals(code: string): string {
  let out = '';
  const s = code.replace(GENERAL, ' ');
  for (let i = 0; i < s.length; i++) {
    const ch = s[i];
    if (ch === '"') {
      const stop = s.indexOf('"', i + 1) < 0 ? s.length : s.indexOf('"', i + 1);
      out += s.slice(i + 1, stop);
      i = stop;
    } else if (ch === '\\') (out += s[i + 1] ?? ''), i++;
    else if (ch === '[') i = Math.max(i, s.indexOf(']', i));
    else if (ch === '_' || ch === '*') i++;
    else if (ch === ';') out += ' ';
    else if (ch.charCodeAt(0) > 0x7f) out += ch;
  }
  return out.replace(/\s+/g, ' ').trim();
}

/**
 * Reads the cells, comments and their authors, sheet names, defined names, headers and footers of a workbook into
 * `result`. `workbook` is the Workbook (or Book) stream.
 */
export function readWorkbook(file: Uint8Array, workbook: Uint8Array, result: Extraction, loss: Loss[]): void {
  const census = biffCensus(workbook);
  // Only BIFF5 strings are in the code page (BIFF8's are UTF-16 or Latin-1 whatever it says).
  if (!census.biff8 && census.codePage !== undefined && !ONE_BYTE_PAGES_SHEETJS_KNOWS.has(census.codePage)) withCodePages();
  if (census.encrypted) {
    result.unread.push({ where: 'file', reason: 'encrypted', detail: 'The workbook is password-protected (FILEPASS): its cells cannot be read without the password.' });
    return;
  }
  let wb: XLSX.WorkBook;
  try {
    // bookSST (typed for writing only) also makes the reader keep the shared-string table.
    // cellNF keeps each cell's number format (z): what SheetJS could not format is formatted here.
    const options: XLSX.ParsingOptions & { bookSST: boolean } = { type: 'array', bookSST: true, cellNF: true, cellFormula: false, cellHTML: false, cellStyles: false, bookVBA: false, cellDates: false };
    wb = XLSX.read(file, options);
  } catch (e) {
    result.unread.push({ where: 'Workbook', reason: 'corrupt', detail: `The workbook could not be read: ${(e as Error)?.message ?? e}.` });
    return;
  }
  const names = new PartBuilder('sheet-names', 'sheet-name', { filePart: 'Workbook', detail: 'sheet names' });
  const seen = new Set<string>();
  const formats = new Set<string>();
  wb.SheetNames.forEach((name, i) => {
    const hidden = wb.Workbook?.Sheets?.[i]?.Hidden ?? 0;
    names.append(name);
    names.endParagraph({ kind: 'paragraph' });
    const ws = wb.Sheets[name];
    if (!ws?.['!ref']) return;
    const range = XLSX.utils.decode_range(ws['!ref']);
    const b = new PartBuilder(`sheet-${i + 1}`, hidden ? 'hidden' : 'body', { filePart: 'Workbook', detail: `${name}${hidden === 2 ? ' (very hidden)' : hidden ? ' (hidden)' : ''}` }, i === 0 && !hidden);
    const comments = new PartBuilder(`sheet-${i + 1}-comments`, 'comment', { filePart: 'Workbook', detail: `comments on ${name}` });
    // Values a number format does not show (;;; shows nothing, "公开" shows a word instead): read
    // beside the row, hidden text placed at their cells, as the XLSX reader reads them.
    const beside = new PartBuilder(`sheet-${i + 1}-beside`, 'hidden', { filePart: 'Workbook', detail: `values of ${name} their number formats do not show` });
    for (let r = range.s.r; r <= range.e.r; r++) {
      let open = false;
      for (let col = range.s.c; col <= range.e.c; col++) {
        const addr = XLSX.utils.encode_cell({ r, c: col });
        const cell = ws[addr] as XLSX.CellObject | undefined;
        if (!cell) continue;
        if (cell.t !== 'z') seen.add(`${i}:${r}:${col}`);
        for (const c of cell.c ?? []) {
          comments.append(`${addr}: ${(c.t ?? '').trim()}`);
          comments.endParagraph({ kind: 'paragraph' });
        }
        const stored = cell.v === undefined || cell.v === null ? '' : String(cell.v);
        if (typeof cell.z === 'string' && cell.z !== 'General') formats.add(cell.z);
        // SheetJS leaves w unset when its formatter throws (unquoted CJK literals, G/通用格式).
        let text = cell.w ?? (typeof cell.z === 'string' ? renderFormat(cell.z, cell.v, cell.t === 's') : undefined) ?? stored;
        // A long number shown in scientific notation (an identity or account number typed as a
        // number) is read with all its digits.
        if (cell.t === 'n' && typeof cell.v === 'number' && /e[+-]/i.test(text) && Number.isFinite(cell.v)) text = Number.isInteger(cell.v) && Math.abs(cell.v) < 1e21 ? cell.v.toFixed(0) : String(cell.v);
        if (stored.trim() && (cell.t === 's' || cell.t === 'n') && (!text.trim() || (cell.t === 's' ? !text.includes(stored) : !/\d/.test(text)))) {
          beside.beginParagraph();
          const start = beside.offset;
          beside.append(stored);
          beside.addBlock(start, beside.offset, { kind: 'table-cell', row: r + 1, column: col + 1 });
          beside.closeParagraph();
        }
        if (!text) continue;
        if (!open) {
          b.beginParagraph();
          open = true;
        } else b.append('\t');
        const start = b.offset;
        b.append(text);
        b.addBlock(start, b.offset, { kind: 'table-cell', row: r + 1, column: col + 1 });
      }
      if (open) b.closeParagraph();
    }
    if (!b.blank) result.parts.push(b.toPart());
    if (!beside.blank) result.parts.push(beside.toPart());
    if (!comments.blank) result.parts.push(comments.toPart());
  });
  const literals = new PartBuilder('number-formats', 'hidden', { filePart: 'Workbook', detail: 'literal text of the number formats the cells use' });
  for (const code of formats) {
    const t = formatLiterals(code);
    if (!/\p{L}/u.test(t)) continue;
    literals.append(t);
    literals.endParagraph({ kind: 'paragraph' });
  }
  if (!literals.blank) result.parts.push(literals.toPart());
  if (!names.blank) result.parts.push(names.toPart());
  // Who wrote the comments, as Excel shows it above each: people's names, metadata as the .doc and
  // .ppt readers keep them, one line each.
  const authors = new PartBuilder('comment-authors', 'metadata', { filePart: 'Workbook', detail: 'comment authors' });
  for (const author of new Set(census.noteAuthors)) {
    authors.append(author);
    authors.endParagraph({ kind: 'paragraph', field: 'address' });
  }
  if (!authors.blank) result.parts.push(authors.toPart());
  if (census.savedBy) {
    const savedBy = new PartBuilder('saved-by', 'metadata', { filePart: 'Workbook', detail: 'the user who last saved the workbook (WRITEACCESS)' });
    savedBy.append(census.savedBy);
    savedBy.endParagraph({ kind: 'paragraph', field: 'address' });
    result.parts.push(savedBy.toPart());
  }
  const defined = new PartBuilder('defined-names', 'metadata', { filePart: 'Workbook', detail: 'defined names' });
  for (const n of wb.Workbook?.Names ?? []) {
    if (/^_xlnm\./.test(n.Name)) continue;
    defined.append(`${n.Name}: ${n.Ref ?? ''}`);
    defined.endParagraph({ kind: 'paragraph' });
  }
  if (!defined.blank) result.parts.push(defined.toPart());
  census.headers.forEach((h, i) => {
    const b = new PartBuilder(`${h.kind}-${i + 1}`, h.kind, { filePart: 'Workbook', detail: `${h.which ? `${h.which} ` : ''}${h.kind} of ${wb.SheetNames[h.sheet] ?? `sheet ${h.sheet + 1}`}` });
    for (const line of h.text.split(/&[LCR]/)) {
      const t = line.replace(HF_CODES, ' ').trim();
      if (!t) continue;
      b.append(t);
      b.endParagraph({ kind: 'paragraph' });
    }
    if (!b.blank) result.parts.push(b.toPart());
  });
  // Text boxes and shapes with text on the sheets: a part each, a line a paragraph.
  census.boxes.forEach((box, i) => {
    const b = new PartBuilder(`text-box-${i + 1}`, 'text-box', { filePart: 'Workbook', detail: `text box ${i + 1} on ${wb.SheetNames[box.sheet] ?? `sheet ${box.sheet + 1}`}` });
    for (const line of box.text.split(/\r\n|\r|\n/)) {
      b.append(line);
      b.endParagraph({ kind: 'paragraph' });
    }
    if (!b.blank) result.parts.push(b.toPart());
  });
  // WordArt: drawn from its shape's property, with no TXO; a part each, as a text box is.
  census.wordArt.forEach((art, i) => {
    const b = new PartBuilder(`wordart-${i + 1}`, 'text-box', { filePart: 'Workbook', detail: `WordArt ${i + 1} on ${wb.SheetNames[art.sheet] ?? `sheet ${art.sheet + 1}`}` });
    for (const line of art.text.split(/\r\n|[\r\n\v]/)) {
      b.append(line);
      b.endParagraph({ kind: 'paragraph' });
    }
    if (!b.blank) result.parts.push(b.toPart());
  });
  const shapeNames = new PartBuilder('shape-names', 'alt-text', { filePart: 'Workbook', detail: 'shape names and descriptions' });
  for (const n of census.shapeNames) {
    shapeNames.append(n.text.replace(/[\r\n\v]+/g, ' '));
    shapeNames.endParagraph({ kind: 'paragraph' });
  }
  if (!shapeNames.blank) result.parts.push(shapeNames.toPart());
  if (census.drawingProblems.length) {
    loss.push({ where: 'Workbook (drawings)', kind: 'failed-stream', count: census.drawingProblems.length, reason: 'corrupt', detail: `The sheets' drawings could not all be read (${census.drawingProblems.slice(0, 3).join('; ')}): WordArt text and shape names there may not have been read.` });
  }
  // Data-validation prompts, as the XLSX reader reads them: a part a sheet, the cells on a line of
  // their own, then each title and message (and a typed list) alone on its line.
  const bySheet = new Map<number, PartBuilder>();
  for (const v of census.validations) {
    const label = wb.SheetNames[v.sheet] ?? `sheet ${v.sheet + 1}`;
    let b = bySheet.get(v.sheet);
    if (!b) bySheet.set(v.sheet, (b = new PartBuilder(`sheet-${v.sheet + 1}-data-validation`, 'form-field', { filePart: 'Workbook', detail: `data validation lists and prompts of ${label}` })));
    b.append(`${v.where ? `${label}!${v.where}` : label}:`);
    b.endParagraph({ kind: 'paragraph' });
    for (const t of v.texts) {
      b.append(t);
      b.endParagraph({ kind: 'paragraph' });
    }
  }
  for (const b of bySheet.values()) if (!b.blank) result.parts.push(b.toPart());
  // Phonetic guides, shown above their cells' text when phonetic guides are on: a part of their own,
  // as a DOCX ruby guide is, so the base text stays whole.
  const phonetic = new PartBuilder('phonetic', 'alt-text', { filePart: 'Workbook', detail: 'phonetic guides of shared strings' });
  for (const t of new Set(census.phonetics)) {
    phonetic.append(t.trim());
    phonetic.endParagraph({ kind: 'paragraph' });
  }
  if (!phonetic.blank) result.parts.push(phonetic.toPart());
  // Strings of the shared table no cell shows (a damaged or retyped LABELSST record, or left over
  // from an edit) are text in the file all the same: read as hidden text.
  const strings = (wb as { Strings?: Array<{ t?: string }> }).Strings ?? [];
  const unshown = new PartBuilder('shared-strings', 'hidden', { filePart: 'Workbook', detail: 'shared strings no cell shows' });
  strings.forEach((s, i) => {
    if (census.sstShown.has(i) || !s?.t?.trim()) return;
    unshown.append(s.t.trim());
    unshown.endParagraph({ kind: 'paragraph' });
  });
  if (!unshown.blank) result.parts.push(unshown.toPart());
  if (census.damage.length) {
    loss.push({ where: 'Workbook', kind: 'failed-stream', count: census.damage.length, reason: 'corrupt', detail: `The workbook's record stream is damaged (${census.damage.join('; ')}): records past the damage may have been skipped or misread.` });
  }
  if (wb.SheetNames.length < census.sheets) {
    loss.push({ where: 'Workbook', kind: 'failed-stream', count: census.sheets - wb.SheetNames.length, total: census.sheets, reason: 'corrupt', detail: `${census.sheets - wb.SheetNames.length} of the workbook's ${census.sheets} sheets were not read.` });
  }
  // Every cell a value record places must have come back from SheetJS: what did not is a loss.
  const missing = census.cells.filter((k) => !seen.has(k)).length;
  if (missing) {
    loss.push({ where: 'Workbook', kind: 'failed-stream', count: missing, total: census.cells.length, detail: `${missing} of the workbook's ${census.cells.length} cells were not read (an older BIFF version or damaged records).` });
  }
  if (census.textBoxes) result.unread.push({ where: 'Workbook', reason: 'unsupported-format', detail: `${census.textBoxes} text box${census.textBoxes > 1 ? 'es' : ''} on the sheets (TXO records) were not read.` });
  if (census.charts) result.unread.push({ where: 'Workbook', reason: 'unsupported-format', detail: `${census.charts} chart${census.charts > 1 ? 's' : ''} (titles, labels) were not read.` });
  result.info = { ...result.info, sheets: wb.SheetNames.length, cells: census.cells.length, drawings: census.drawings };
}
