/**
 * List labels of a Word 97-2003 document. Word computes a list item's label (`1.`, `（一）`,
 * `第一条`, `a)`, a bullet) from the list tables when it draws the page; no text of the file holds
 * it, yet a marking can be written as one. The tables ([MS-DOC] 2.9.147 PlfLst with its LSTF and
 * LVL records, 2.9.151 PlfLfo with LFO and LFOData) are read here into the DOCX reader's numbering
 * model, so the labels are counted and formatted by the same code (`ListCounter`, `formatNumber`)
 * in both formats. Each paragraph's list and level come from its PAPX (sprmPIlfo, sprmPIlvl).
 */
import { ListCounter, levelTextsPart, type Level, type Numbering } from '@prepub/extract-docx/numbering';
import type { PartBuilder } from '@prepub/core';

/** Offsets of fcPlfLst / fcPlfLfo in FibRgFcLcb97 (pairs 73 and 74 from 0x9A). */
const FC_PLF_LST = 0x9a + 73 * 8;
const FC_PLF_LFO = 0x9a + 74 * 8;
const FC_PLCF_BTE_PAPX = 0x102;
/** sprmPIlvl, sprmPIlfo ([MS-DOC] 2.6.2): the paragraph's list level and its 1-based LFO index. */
const SPRM_PILVL = 0x260a;
const SPRM_PILFO = 0x460b;
/** Operand sizes by spra ([MS-DOC] 2.2.5.1); -1 is variable (first byte), sprmPChgTabs is special. */
const SPRA_SIZE = [1, 1, 2, 4, 2, 2, -1, 3];
const SPRM_PCHGTABS = 0xc615;

/** MSONFC ([MS-DOC] 2.2.1.3) → ST_NumberFormat, the names the DOCX reader formats. */
const NFC: Record<number, string> = {
  0x00: 'decimal',
  0x01: 'upperRoman',
  0x02: 'lowerRoman',
  0x03: 'upperLetter',
  0x04: 'lowerLetter',
  0x05: 'ordinal',
  0x06: 'cardinalText',
  0x07: 'ordinalText',
  0x0a: 'ideographDigital',
  0x0b: 'japaneseCounting',
  0x0e: 'decimalFullWidth',
  0x12: 'decimalEnclosedCircle',
  0x13: 'decimalFullWidth2',
  0x16: 'decimalZero',
  0x17: 'bullet',
  0x1a: 'decimalEnclosedFullstop',
  0x1b: 'decimalEnclosedParen',
  0x1c: 'decimalEnclosedCircleChinese',
  0x1e: 'ideographTraditional',
  0x1f: 'ideographZodiac',
  0x21: 'taiwaneseCounting',
  0x23: 'taiwaneseCountingThousand',
  0x25: 'chineseCounting',
  0x26: 'chineseLegalSimplified',
  0x27: 'chineseCountingThousand',
  0x28: 'decimal',
  0xff: 'none',
};

/** One LVL ([MS-DOC] 2.9.150): its LVLF and number text, and where it ends. */
function readLvl(t: Buffer, at: number, end: number): [Level, number] | undefined {
  if (at + 28 + 2 > end) return undefined;
  const start = t.readInt32LE(at);
  const nfc = t[at + 4];
  const bits = t[at + 5];
  const follow = t[at + 15];
  const cbChpx = t[at + 24];
  const cbPapx = t[at + 25];
  const restartLim = t[at + 26];
  let p = at + 28 + cbPapx + cbChpx;
  if (p + 2 > end) return undefined;
  const cch = t.readUInt16LE(p);
  p += 2;
  if (p + cch * 2 > end) return undefined;
  const xst = t.subarray(p, p + cch * 2).toString('utf16le');
  // Placeholders 0x00–0x08 stand for the counters of levels 1–9: written as %1–%9, as in numbering.xml.
  const text = xst.replace(/%/g, '%%').replace(/[\x00-\x08]/g, (c) => `%${c.charCodeAt(0) + 1}`);
  const level: Level = {
    start,
    format: NFC[nfc] ?? 'decimal',
    text: text.replace(/%%/g, '%'),
    suffix: follow === 0 ? 'tab' : follow === 1 ? 'space' : 'nothing',
    legal: (bits & 0x04) !== 0,
    // fNoRestart: the level restarts only after an item of a level below ilvlRestartLim (0 never).
    restart: bits & 0x08 ? restartLim : undefined,
  };
  return [level, p + cch * 2];
}

/** The list tables: LSTF lsid → levels, LFO index (1-based) → lsid and start-at overrides. */
export function readLists(w: Buffer, table: Buffer): Numbering | undefined {
  if (w.length < FC_PLF_LFO + 8 || w.readUInt16LE(0x98) <= 74) return undefined;
  const fcLst = w.readUInt32LE(FC_PLF_LST);
  const lcbLst = w.readUInt32LE(FC_PLF_LST + 4);
  const fcLfo = w.readUInt32LE(FC_PLF_LFO);
  const lcbLfo = w.readUInt32LE(FC_PLF_LFO + 4);
  if (lcbLst < 2 || lcbLfo < 4 || fcLst + lcbLst > table.length || fcLfo + lcbLfo > table.length) return undefined;
  const n: Numbering = { abstract: new Map(), nums: new Map() };
  const cLst = table.readInt16LE(fcLst);
  if (cLst <= 0 || 2 + cLst * 28 > lcbLst) return undefined;
  // The LVL records follow the PlfLst (outside its lcb), 1 per simple list, else 9, in LSTF order.
  let p = fcLst + lcbLst;
  for (let i = 0; i < cLst; i++) {
    const lstf = fcLst + 2 + i * 28;
    const lsid = table.readInt32LE(lstf);
    const simple = (table[lstf + 26] & 1) !== 0;
    const levels = new Map<number, Level>();
    for (let l = 0; l < (simple ? 1 : 9); l++) {
      const r = readLvl(table, p, table.length);
      if (!r) break;
      levels.set(l, r[0]);
      p = r[1];
    }
    n.abstract.set(String(lsid), levels);
  }
  const lfoMac = table.readUInt32LE(fcLfo);
  if (4 + lfoMac * 16 > lcbLfo) return n;
  // LFOData follow the LFOs, one per LFO, each with clfolvl LFOLVL overrides.
  let q = fcLfo + 4 + lfoMac * 16;
  const end = fcLfo + lcbLfo;
  for (let i = 0; i < lfoMac; i++) {
    const lfo = fcLfo + 4 + i * 16;
    const overrides = new Map<number, Partial<Level>>();
    n.nums.set(String(i + 1), { abstractId: String(table.readInt32LE(lfo)), overrides });
    const clfolvl = table[lfo + 12];
    if (q + 4 > end) continue;
    q += 4;
    for (let k = 0; k < clfolvl && q + 8 <= end; k++) {
      const startAt = table.readInt32LE(q);
      const bits = table.readUInt32LE(q + 4);
      q += 8;
      const o: Partial<Level> = {};
      if (bits & 0x10) o.start = startAt;
      if (bits & 0x20) {
        const r = readLvl(table, q, end);
        if (!r) break;
        Object.assign(o, r[0], bits & 0x10 ? { start: startAt } : {});
        q = r[1];
      }
      overrides.set(bits & 0x0f, o);
    }
  }
  return n;
}

/** List properties found in a grpprl: undefined where the sprm is absent. */
interface ListProps {
  ilfo?: number;
  ilvl?: number;
}

/** sprmPIlfo and sprmPIlvl in a paragraph grpprl (b[from, end)). */
function listProps(b: Buffer, from: number, end: number): ListProps {
  const out: ListProps = {};
  for (let k = from; k + 2 <= end; ) {
    const sprm = b.readUInt16LE(k);
    k += 2;
    let size = SPRA_SIZE[sprm >> 13];
    if (sprm === SPRM_PCHGTABS) size = b[k] === 255 ? 1 : b[k] + 1;
    else if (size < 0) size = b[k] + 1;
    if (sprm === SPRM_PILFO && k + 2 <= end) out.ilfo = b.readInt16LE(k);
    if (sprm === SPRM_PILVL && k < end) out.ilvl = Math.min(8, b[k]);
    k += size;
  }
  return out;
}

/** fcStshf ([MS-DOC] FibRgFcLcb97 pair 1): the style sheet. */
const FC_STSHF = 0x9a + 8;

/**
 * The list properties each paragraph style carries, its base styles' included ([MS-DOC] 2.9.271
 * STSH: an Stshi, then each STD with its Stdf, name and UPXs; a paragraph style's first UPX is its
 * paragraph properties). A heading style numbered `第一章` numbers its paragraphs with no list
 * property of their own.
 */
function styleLists(w: Buffer, table: Buffer): Map<number, ListProps> {
  const own = new Map<number, ListProps & { base: number }>();
  for (const [istd, s] of styleEntries(w, table)) {
    const papx = s.upx[0];
    if (s.stk !== 1 || !papx || papx[1] - papx[0] < 2) continue;
    own.set(istd, { ...listProps(table, papx[0] + 2, papx[1]), base: s.base });
  }
  const resolved = new Map<number, ListProps>();
  for (const istd of own.keys()) {
    const r: ListProps = {};
    // The nearest style in the chain that sets a property gives it; the depth guards against loops.
    for (let s = own.get(istd), depth = 0; s && depth < 16; s = own.get(s.base), depth++) {
      if (r.ilfo === undefined && s.ilfo !== undefined) r.ilfo = s.ilfo;
      if (r.ilvl === undefined && s.ilvl !== undefined) r.ilvl = s.ilvl;
      if (s.base === 0x0fff) break;
    }
    if (r.ilfo !== undefined || r.ilvl !== undefined) resolved.set(istd, r);
  }
  return resolved;
}

/** One style of the style sheet: its kind (`stk`: 1 paragraph, 2 character), base style, and its UPXs' data ([start, end) in the table stream). */
export interface StyleEntry {
  stk: number;
  base: number;
  upx: Array<[number, number]>;
}

/**
 * The styles of the style sheet by istd ([MS-DOC] 2.9.271 STSH: an Stshi, then each STD with its
 * Stdf, name and UPXs, each UPX padded to an even offset from the STD's start). A paragraph
 * style's UPXs are its paragraph properties (istd, then sprms) and its character properties; a
 * character style's, its character properties.
 */
export function styleEntries(w: Buffer, table: Buffer): Map<number, StyleEntry> {
  const out = new Map<number, StyleEntry>();
  const fc = w.readUInt32LE(FC_STSHF);
  const lcb = w.readUInt32LE(FC_STSHF + 4);
  const end = fc + lcb;
  if (lcb < 6 || end > table.length) return out;
  const cbStshi = table.readUInt16LE(fc);
  const cstd = table.readUInt16LE(fc + 2);
  const cbBase = table.readUInt16LE(fc + 4);
  let p = fc + 2 + cbStshi;
  for (let istd = 0; istd < cstd && p + 2 <= end; istd++) {
    const cbStd = table.readUInt16LE(p);
    const std = p + 2;
    p = std + cbStd;
    if (cbStd < 10 || p > end || cbBase + 2 > cbStd) continue;
    const entry: StyleEntry = { stk: table[std + 2] & 0x0f, base: table.readUInt16LE(std + 2) >> 4, upx: [] };
    const cupx = table[std + 4] & 0x0f;
    // The name (an Xstz), then the UPXs.
    let q = std + cbBase + 2 + table.readUInt16LE(std + cbBase) * 2 + 2;
    for (let u = 0; u < cupx; u++) {
      if ((q - std) & 1) q++;
      if (q + 2 > p) break;
      const cbUpx = table.readUInt16LE(q);
      if (q + 2 + cbUpx > p) break;
      entry.upx.push([q + 2, q + 2 + cbUpx]);
      q += 2 + cbUpx;
    }
    out.set(istd, entry);
  }
  return out;
}

/** A paragraph's file positions [from, to), its style and its own properties (sprms at [at, end) of the WordDocument stream). */
export interface ParagraphRun {
  from: number;
  to: number;
  istd: number;
  at: number;
  end: number;
}

/** Every paragraph of the paragraph property pages ([MS-DOC] 2.8.6 PlcBtePapx, 2.9.175 PapxFkp) with its style, in file-position order. */
export function paragraphRuns(w: Buffer, table: Buffer): ParagraphRun[] {
  const out: ParagraphRun[] = [];
  const fc = w.readUInt32LE(FC_PLCF_BTE_PAPX);
  const lcb = w.readUInt32LE(FC_PLCF_BTE_PAPX + 4);
  if (lcb < 12 || fc + lcb > table.length || (lcb - 4) % 8) return out;
  const n = (lcb - 4) / 8;
  for (let i = 0; i < n; i++) {
    const page = (table.readUInt32LE(fc + (n + 1) * 4 + i * 4) & 0x3fffff) * 512;
    if (page + 512 > w.length) continue;
    const cpara = w[page + 511];
    for (let j = 0; j < cpara && (cpara + 1) * 4 + j * 13 < 511; j++) {
      const from = w.readUInt32LE(page + j * 4);
      const to = w.readUInt32LE(page + (j + 1) * 4);
      const bOffset = w[page + (cpara + 1) * 4 + j * 13];
      if (!bOffset) continue;
      let at = page + bOffset * 2;
      let cb = w[at++];
      if (cb === 0) cb = w[at++] * 2;
      else cb = cb * 2 - 1;
      const end = Math.min(page + 511, at + cb);
      if (at + 2 > end) continue;
      // The istd (2 bytes), then the sprms.
      out.push({ from, to, istd: w.readUInt16LE(at), at: at + 2, end });
    }
  }
  return out.sort((a, b) => a.from - b.from);
}

/** sprmCFCaps, sprmCFSmallCaps ([MS-DOC] 2.6.1): letters drawn as capitals. Operand 0 off, 1 on, 0x80 the style's value, 0x81 its opposite. */
export const SPRM_CAPS: ReadonlySet<number> = new Set([0x083b, 0x083a]);

/** sprmCFVanish: hidden text. */
export const SPRM_VANISH: ReadonlySet<number> = new Set([0x083c]);

/**
 * What a run of character sprms at [k, end) says of a toggle property (one of `sprms`): on, off,
 * `toggle` (the opposite of its style's), or undefined. Of several, one saying on wins.
 */
export function toggleOfSprms(b: Buffer, k: number, end: number, sprms: ReadonlySet<number>): boolean | 'toggle' | undefined {
  let out: boolean | 'toggle' | undefined;
  while (k + 2 <= end) {
    const sprm = b.readUInt16LE(k);
    k += 2;
    let size = SPRA_SIZE[sprm >> 13];
    if (size < 0) size = b[k] + 1;
    if (sprms.has(sprm) && k < end) {
      const v = b[k];
      const now = v === 1 ? true : v === 0 ? false : v === 0x81 ? 'toggle' : undefined;
      if (now !== undefined && out !== true) out = now;
    }
    k += size;
  }
  return out;
}

/** sprmCIco (a colour index, 8 white) and sprmCCv (a COLORREF: red, green, blue, then 0xFF for auto). */
const SPRM_CICO = 0x2a42;
const SPRM_CCV = 0x6870;

/** Whether a run of character sprms at [k, end) draws its text white or near it (each channel 240 and more); undefined when it names no colour. */
export function whiteOfSprms(b: Buffer, k: number, end: number): boolean | undefined {
  let ico: boolean | undefined;
  let cv: boolean | undefined;
  while (k + 2 <= end) {
    const sprm = b.readUInt16LE(k);
    k += 2;
    let size = SPRA_SIZE[sprm >> 13];
    if (size < 0) size = b[k] + 1;
    if (sprm === SPRM_CICO && k < end) ico = b[k] === 8;
    if (sprm === SPRM_CCV && k + 4 <= end) cv = b[k + 3] !== 0xff && b[k] >= 240 && b[k + 1] >= 240 && b[k + 2] >= 240;
    k += size;
  }
  // Word writes both where it writes a COLORREF: that one decides.
  return cv ?? ico;
}

/** Whether each style draws its text white, after its base styles, by istd. */
export function styleWhite(w: Buffer, table: Buffer): Map<number, boolean> {
  return styleFacts<boolean>(w, table, (start, end) => whiteOfSprms(table, start, end));
}

/** What a run of character sprms says of capitals (sprmCFCaps, sprmCFSmallCaps): see {@link toggleOfSprms}. */
export function capsOfSprms(b: Buffer, k: number, end: number): boolean | 'toggle' | undefined {
  return toggleOfSprms(b, k, end, SPRM_CAPS);
}

/** sprmCRgFtc0, sprmCRgFtc2: the fonts of ASCII and of other non-East Asian characters (an index into SttbfFfn). */
export const SPRM_FONTS: ReadonlySet<number> = new Set([0x4a4f, 0x4a51]);

/** The font a run of character sprms at [k, end) names for letters (its last sprmCRgFtc0/2), or undefined. */
export function fontOfSprms(b: Buffer, k: number, end: number): number | undefined {
  let font: number | undefined;
  while (k + 2 <= end) {
    const sprm = b.readUInt16LE(k);
    k += 2;
    let size = SPRA_SIZE[sprm >> 13];
    if (size < 0) size = b[k] + 1;
    if (SPRM_FONTS.has(sprm) && k + 2 <= end) font = b.readUInt16LE(k);
    k += size;
  }
  return font;
}

/**
 * A character property each style gives (from a paragraph style's character properties, or a
 * character style's), its own else its base styles', by istd; styles that give none are left out.
 * `own` may derive the value from the base's (a toggle).
 */
function styleFacts<T>(w: Buffer, table: Buffer, own: (start: number, end: number) => T | ((base: T | undefined) => T) | undefined): Map<number, T> {
  const entries = styleEntries(w, table);
  const resolve = (istd: number, depth: number): T | undefined => {
    const s = entries.get(istd);
    if (depth > 16 || !s) return undefined;
    const chpx = s.stk === 1 ? s.upx[1] : s.stk === 2 ? s.upx[0] : undefined;
    const v = chpx ? own(chpx[0], chpx[1]) : undefined;
    const base = () => (s.base === 0x0fff ? undefined : resolve(s.base, depth + 1));
    return typeof v === 'function' ? (v as (base: T | undefined) => T)(base()) : (v ?? base());
  };
  const out = new Map<number, T>();
  for (const istd of entries.keys()) {
    const v = resolve(istd, 0);
    if (v !== undefined) out.set(istd, v);
  }
  return out;
}

/** Whether each style sets a toggle property (capitals, hidden text: one of `sprms`), after its base styles, by istd. */
export function styleToggle(w: Buffer, table: Buffer, sprms: ReadonlySet<number>): Map<number, boolean> {
  return styleFacts<boolean>(w, table, (start, end) => {
    const v = toggleOfSprms(table, start, end, sprms);
    return v === 'toggle' ? (base: boolean | undefined) => !base : v;
  });
}

/** Whether each style draws its letters as capitals, after its base styles, by istd. */
export function styleCaps(w: Buffer, table: Buffer): Map<number, boolean> {
  return styleToggle(w, table, SPRM_CAPS);
}

/** The font each style draws letters in (an index into SttbfFfn), after its base styles, by istd. */
export function styleFonts(w: Buffer, table: Buffer): Map<number, number> {
  return styleFacts<number>(w, table, (start, end) => fontOfSprms(table, start, end));
}

/** A paragraph's list membership: file positions of its text [from, to), its LFO index and level. */
interface ParaList {
  from: number;
  to: number;
  ilfo: number;
  ilvl: number;
}

/**
 * The paragraphs that belong to a list, from the paragraph property pages ([MS-DOC] 2.8.6
 * PlcBtePapx, 2.9.175 PapxFkp) and their styles, in file-position order.
 */
function listParagraphs(w: Buffer, table: Buffer): ParaList[] {
  const out: ParaList[] = [];
  const styles = styleLists(w, table);
  for (const { from, to, istd, at, end } of paragraphRuns(w, table)) {
    // What the paragraph does not set, its style gives.
    const direct = listProps(w, at, end);
    const style = styles.get(istd);
    const ilfo = direct.ilfo ?? style?.ilfo ?? 0;
    const ilvl = direct.ilvl ?? style?.ilvl ?? 0;
    if (ilfo > 0) out.push({ from, to, ilfo, ilvl });
  }
  return out;
}

/**
 * Labels list paragraphs as Word draws them: `labelAt(fc)` gives the label of the paragraph whose
 * mark lies at file position `fc` (call it for each paragraph in reading order), '' for none.
 */
export class DocLists {
  private counter: ListCounter;

  private constructor(
    /** The list definitions, as the DOCX reader models them. */
    readonly numbering: Numbering,
    private readonly paras: ParaList[],
  ) {
    this.counter = new ListCounter(numbering);
  }

  /** Counts from the start again: each story (main text, a header, the notes) numbers its own lists. */
  restart(): void {
    this.counter = new ListCounter(this.numbering);
  }

  /** The document's lists, or undefined when it has none (or its list tables cannot be read). */
  static read(w: Buffer, table: Buffer): DocLists | undefined {
    const numbering = readLists(w, table);
    if (!numbering || !numbering.abstract.size) return undefined;
    return new DocLists(numbering, listParagraphs(w, table));
  }

  /** The next label of the paragraph whose mark is at file position `fc`, counting it. */
  labelAt(fc: number): string {
    let lo = 0;
    let hi = this.paras.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.paras[mid].to <= fc) lo = mid + 1;
      else hi = mid;
    }
    const p = this.paras[lo];
    if (!p || p.from > fc) return '';
    return this.counter.next(String(p.ilfo), p.ilvl);
  }
}

/**
 * Every level text of the list tables that says something beyond counters and punctuation, one a
 * line (as the DOCX reader does): a definition no paragraph uses is still in the file.
 */
export function levelTexts(lists: DocLists, tableName: string): PartBuilder {
  const b = levelTextsPart(lists.numbering, tableName);
  b.id = 'list-level-texts';
  return b;
}
