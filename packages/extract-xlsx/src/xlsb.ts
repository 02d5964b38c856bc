/**
 * Excel binary workbooks (.xlsb): the BIFF12 records of an OPC package's `.bin` parts, read as the
 * XLSX reader reads the XML parts. A record is a type and a size, each a 7-bit varint (the type at
 * most two bytes, the size at most four, [MS-XLSB] 2.1.4), then that many bytes.
 *
 * Fail closed by construction: inside a part, a record whose type is not read here and not on the
 * list of types known to hold no text is counted as a loss, and a record that cannot be walked (a
 * bad varint, a size past the part's end, fields longer than the record) stops the part's reading
 * and is reported; nothing is skipped in silence. The walk is one linear pass over the bytes; the
 * part's size is already bounded by the package's inflate limits.
 *
 * A worksheet is turned into the worksheet XML the XLSX reader reads (rows, cells with their
 * styles, columns, headers and footers, links, drawings), so cells are located and laid out exactly
 * as an XLSX's: `清单!A1`, a row per line, hidden rows and columns, unseen fonts and literal number
 * formats. Formulas are stored as parsed tokens: their string literals are read beside the cell,
 * and a formula made only of literals joined with `&` is read as the formula it is.
 */
import { UNSEEN_MAX_POINTS } from '@prepub/core';

/** Types of records known to hold no text, in any part (begin/end markers, numbers, flags, colours, references). */
const NO_TEXT_ANY = [
  0x23, 0x24, 0x25, 0x26, // BrtFRTBegin/End, BrtACBegin/End (wrappers)
  0x0c00, // BrtUid
];

/** workbook.bin: records read or known to hold no text. */
const WORKBOOK_NO_TEXT = [
  0x83, 0x84, // BrtBeginBook, BrtEndBook
  0x87, 0x88, 0x9e, // book views
  0x8f, 0x90, // BrtBeginBundleShs, BrtEndBundleShs
  0x9b, 0x9d, // BrtFileRecover, BrtCalcProp
  0x161, 0x162, 0x165, 0x166, 0x16a, // externals: begin/end, BrtSupSelf, BrtSupSame, BrtExternSheet (indices)
  0x216, // BrtBookProtection (hashes and flags)
  0x45d, 0x82b, // BrtWbProp14, BrtWorkBookPr15 (flags)
  0x13e7, 0x13e8, // BrtBeginCalcFeatures, BrtEndCalcFeatures
];

/** A worksheet (or chart/macro sheet) part: records known to hold no text. */
const SHEET_NO_TEXT = [
  0x81, 0x82, // BrtBeginSheet, BrtEndSheet
  0x85, 0x86, 0x8a, // BrtBeginWsViews, BrtEndWsViews, BrtEndWsView
  0x91, 0x92, 0x94, 0x97, 0x98, // sheet data begin/end, BrtWsDim, BrtPane, BrtSel
  0xb0, 0xb1, 0xb2, // merge cells
  0x186, 0x187, // col infos begin/end
  0x188, 0x189, 0x18a, 0x18b, 0x18c, // page breaks
  0x1dc, 0x1dd, 0x1de, 0x1e0, 0x1e5, // BrtMargins, BrtPrintOptions, BrtPageSetup, BrtEndHeaderFooter, BrtWsFmtInfo
  0x217, 0x219, // BrtSheetProtection (hash), BrtPhoneticInfo (font and type)
  0x23d, 0x23e, // BrtBeginDVals, BrtEndDVals (counts)
  0x288, 0x289, 0x28a, // ignored errors
  0x297, // BrtSheetCalcProp
  0x31, 0x32, // BrtCellMeta, BrtValueMeta (indices)
  0x0c, 0x01, // blanks
  0x415, // BrtWsFmtInfoEx14
];

/** styles.bin: records read or known to hold no text. */
const STYLES_NO_TEXT = [
  0x116, 0x117, // style sheet begin/end
  0x267, 0x268, 0x263, 0x264, 0x25b, 0x25c, 0x265, 0x266, 0x2e, // formats, fonts, fills, borders (begin/end), BrtBorder
  0x272, 0x273, 0x269, 0x26a, 0x26b, 0x26c, // style XFs, cell XFs, styles (begin/end)
  0x1d9, 0x1da, 0x1db, 0x235, 0x236, 0x239, 0x23a, 0x23c, 0x234, // palettes and colours
  0x1fd, 0x1ff, 0x200, // end table styles, end table style, BrtTableStyleElement
  0x46b, 0x46c, // style sheet extension begin/end
];

/** comments.bin: records read or known to hold no text. */
const COMMENTS_NO_TEXT = [0x274, 0x275, 0x276, 0x277, 0x279, 0x27a, 0x27c];

/** sharedStrings.bin. */
const SST_NO_TEXT = [0x9f, 0xa0];

/** metadata.bin (cell and value metadata: indices; its type names are read). */
const METADATA_NO_TEXT = [0x14c, 0x14d, 0x14e, 0x150, 0x151, 0x152, 0x33, 0x154, 0x34, 0x35, 0x1000, 0x1001, 0x155, 0x156];

const set = (...lists: number[][]) => new Set(lists.flat().concat(NO_TEXT_ANY));
const NO_TEXT = {
  workbook: set(WORKBOOK_NO_TEXT),
  sheet: set(SHEET_NO_TEXT),
  styles: set(STYLES_NO_TEXT),
  comments: set(COMMENTS_NO_TEXT),
  sst: set(SST_NO_TEXT),
  metadata: set(METADATA_NO_TEXT),
};

/** A record's fields ran past its end (or a string's length is impossible): the record cannot be read. */
class RecordOverrun extends Error {}

/** The fields of one record, read in order within its bounds. */
export class Fields {
  constructor(
    readonly b: Uint8Array,
    public pos: number,
    readonly end: number,
  ) {}
  get left(): number {
    return this.end - this.pos;
  }
  private need(n: number): void {
    if (n < 0 || this.pos + n > this.end) throw new RecordOverrun();
  }
  skip(n: number): void {
    this.need(n);
    this.pos += n;
  }
  u8(): number {
    this.need(1);
    return this.b[this.pos++];
  }
  u16(): number {
    this.need(2);
    const v = this.b[this.pos] | (this.b[this.pos + 1] << 8);
    this.pos += 2;
    return v;
  }
  u32(): number {
    this.need(4);
    const b = this.b;
    const p = this.pos;
    this.pos += 4;
    return (b[p] | (b[p + 1] << 8) | (b[p + 2] << 16)) + b[p + 3] * 0x1000000;
  }
  f64(): number {
    this.need(8);
    for (let i = 0; i < 8; i++) scratch.setUint8(i, this.b[this.pos + i]);
    this.pos += 8;
    return scratch.getFloat64(0, true);
  }
  /** UTF-16LE code units, `n` of them. */
  chars(n: number): string {
    this.need(n * 2);
    const s = utf16(this.b, this.pos, n);
    this.pos += n * 2;
    return s;
  }
  /** XLWideString: a 4-byte count of characters, then the characters. */
  wide(): string {
    return this.chars(this.u32());
  }
  /** XLNullableWideString: as {@link wide}, 0xFFFFFFFF for none. */
  nullable(): string | undefined {
    const n = this.u32();
    return n === 0xffffffff ? undefined : this.chars(n);
  }
}

const utf16Decoder = new TextDecoder('utf-16le');
function utf16(b: Uint8Array, at: number, n: number): string {
  if (n <= 24) {
    let s = '';
    for (let i = 0; i < n; i++) s += String.fromCharCode(b[at + 2 * i] | (b[at + 2 * i + 1] << 8));
    return s;
  }
  return utf16Decoder.decode(b.subarray(at, at + 2 * n));
}

/** What the reading of one `.bin` part left unread: record types not known, records that could not be read, damage. */
export class Tally {
  records = 0;
  /** Records of types not read and not known to hold no text, by type. */
  readonly unknown = new Map<number, number>();
  unknownCount = 0;
  /** Records of a known type whose fields could not be read within the record. */
  damaged = 0;
  readonly damagedTypes = new Set<number>();
  /** Records read whose fields end before the record does: what the rest holds is not known. */
  trailing = 0;
  readonly trailingTypes = new Set<number>();
  /** Formulas whose tokens are not all known here: what literals they hold may not be read. */
  formulas = 0;
  /** Why the walk stopped before the part's end, if it did. */
  broken?: string;
  constructor(readonly path: string) {}
}

/**
 * Walks the records of `b`, calling `on` with each record's type and payload. `noText`: types
 * known to hold no text. `on` returns false for a type it does not read; such a record is counted
 * in `tally` unless it is known to hold no text or is empty. A payload whose fields overrun it is
 * counted as damaged; a record the walk cannot delimit ends the walk (`tally.broken`).
 */
function walk(b: Uint8Array, tally: Tally, noText: Set<number>, on: (type: number, f: Fields) => boolean): void {
  let p = 0;
  const n = b.length;
  while (p < n) {
    const at = p;
    // Record type: one or two bytes, 7 bits each; the second byte's high bit must be clear.
    let type = b[p++];
    if (type & 0x80) {
      if (p >= n) return void (tally.broken = `the record at byte ${at} is cut off in its type`);
      const hi = b[p++];
      if (hi & 0x80) return void (tally.broken = `the record at byte ${at} has a type longer than two bytes`);
      type = (type & 0x7f) | (hi << 7);
    }
    // Record size: one to four bytes, 7 bits each.
    let size = 0;
    let shift = 0;
    for (let i = 0; ; i++) {
      if (p >= n) return void (tally.broken = `the record at byte ${at} (type 0x${type.toString(16)}) is cut off in its size`);
      const c = b[p++];
      size += (c & 0x7f) * 2 ** shift;
      shift += 7;
      if (!(c & 0x80)) break;
      if (i === 3) return void (tally.broken = `the record at byte ${at} (type 0x${type.toString(16)}) has a size longer than four bytes`);
    }
    if (p + size > n) return void (tally.broken = `the record at byte ${at} (type 0x${type.toString(16)}) claims ${size} bytes, past the part's end (${n - p} left): the part is cut short or damaged`);
    tally.records++;
    const f = new Fields(b, p, p + size);
    let read = false;
    try {
      read = on(type, f);
    } catch (err) {
      if (!(err instanceof RecordOverrun)) throw err;
      tally.damaged++;
      tally.damagedTypes.add(type);
      read = true;
    }
    if (!read && size > 0 && !noText.has(type)) {
      tally.unknownCount++;
      tally.unknown.set(type, (tally.unknown.get(type) ?? 0) + 1);
    }
    p += size;
  }
}

/** A record read whose fields stop before its end: counted (the rest may hold text). */
function done(f: Fields, tally: Tally, type: number): true {
  if (f.left > 0) tally.trailing++, tally.trailingTypes.add(type);
  return true;
}

// ---------------------------------------------------------------------------------------------
// Formulas (CellParsedFormula, NameParsedFormula …: cce, rgce, cb, rgcb), [MS-XLSB] 2.2.2 / 2.5.97

/** Sizes of the formula tokens of a fixed size, by base token (classed tokens by their low five bits + 0x20). */
const PTG_FIXED: Record<number, number> = {
  0x01: 5, // PtgExp (row)
  0x1c: 2, 0x1d: 2, 0x1e: 3, 0x1f: 9, // Err, Bool, Int, Num
  // classed tokens (0x20 + base)
  0x20: 15, // PtgArray
  0x21: 3, 0x22: 4, 0x23: 5, // Func, FuncVar, Name
  0x24: 7, 0x25: 13, // Ref, Area
  0x26: 7, 0x27: 7, 0x28: 7, 0x29: 3, // MemArea, MemErr, MemNoMem, MemFunc
  0x2a: 7, 0x2b: 13, 0x2c: 7, 0x2d: 13, // RefErr, AreaErr, RefN, AreaN
  0x2e: 3, 0x2f: 3, // MemAreaN, MemNoMemN
  0x39: 7, 0x3a: 9, 0x3b: 15, 0x3c: 9, 0x3d: 15, // NameX, Ref3d, Area3d, RefErr3d, AreaErr3d
};
for (let op = 0x03; op <= 0x16; op++) PTG_FIXED[op] = 1; // operators, Paren, MissArg

/** A formula's string literals, and its text when it is made only of literals joined with `&`. */
export interface FormulaText {
  literals: string[];
  /** `"机密"&"★5年"`: the formula written out, when it holds nothing but literals, `&` and parentheses. */
  text?: string;
  /** Tokens not known here: the formula's literals may not all be read. */
  unknown: boolean;
}

/** Reads a parsed formula at `f` (cce, rgce, cb, rgcb). */
export function readFormula(f: Fields): FormulaText {
  const cce = f.u32();
  const start = f.pos;
  f.skip(cce);
  const end = f.pos;
  const cb = f.u32();
  const extraStart = f.pos;
  f.skip(cb);
  const b = f.b;
  const out: FormulaText = { literals: [], unknown: false };
  const stack: string[] = [];
  let plain = true;
  // Tokens that take extra data (rgcb), in order: arrays (their constants hold strings) and memory areas.
  const extra: Array<'array' | 'mem'> = [];
  let p = start;
  while (p < end) {
    const ptg = b[p];
    const key = ptg >= 0x20 ? 0x20 + (ptg & 0x1f) : ptg;
    let size = PTG_FIXED[key];
    if (ptg === 0x17) {
      // PtgStr: a 2-byte count, then UTF-16.
      if (p + 3 > end) return { ...out, unknown: true };
      const cch = b[p + 1] | (b[p + 2] << 8);
      size = 3 + 2 * cch;
      if (p + size > end) return { ...out, unknown: true };
      const s = utf16(b, p + 3, cch);
      if (s) out.literals.push(s);
      stack.push(`"${s.replace(/"/g, '""')}"`);
    } else if (ptg === 0x19) {
      // PtgAttr: a flags byte and two more; a choose carries a jump table.
      if (p + 4 > end) return { ...out, unknown: true };
      const grbit = b[p + 1];
      size = grbit & 0x04 ? 4 + 2 * ((b[p + 2] | (b[p + 3] << 8)) + 1) : 4;
      if (grbit & ~0x40 & ~0x01) plain = false; // anything but a space or volatile marker
    } else if (ptg === 0x18) {
      // PtgList (structured reference) and PtgSxName.
      const eptg = b[p + 1];
      size = eptg === 0x19 ? 14 : eptg === 0x1d ? 6 : NaN;
      plain = false;
    } else if (size === undefined) {
      return { ...out, unknown: true };
    } else if (ptg === 0x08) {
      // PtgConcat
      if (stack.length < 2) plain = false;
      else {
        const r = stack.pop()!;
        stack.push(`${stack.pop()!}&${r}`);
      }
    } else if (ptg === 0x15) {
      if (stack.length) stack.push(`(${stack.pop()!})`);
    } else {
      plain = false;
      if (key === 0x20) extra.push('array');
      else if (key === 0x26) extra.push('mem');
    }
    if (!Number.isFinite(size) || p + size > end) return { ...out, unknown: true };
    p += size;
  }
  if (plain && stack.length === 1 && out.literals.length) out.text = stack[0];
  // The extra data: array constants (strings among them) and memory areas' ranges, in token order.
  const x = new Fields(b, extraStart, extraStart + cb);
  try {
    for (const e of extra) {
      if (e === 'mem') {
        const count = x.u32();
        x.skip(count * 16);
        continue;
      }
      const rows = x.u32();
      const cols = x.u32();
      for (let i = 0; i < rows * cols; i++) {
        const t = x.u8();
        if (t === 0x00) x.skip(8);
        else if (t === 0x01) {
          const s = x.chars(x.u16());
          if (s) out.literals.push(s);
        } else if (t === 0x02) x.skip(1);
        else if (t === 0x04) x.skip(4);
        else return { ...out, unknown: true };
      }
    }
  } catch (err) {
    if (err instanceof RecordOverrun) return { ...out, unknown: true };
    throw err;
  }
  if (x.left > 0) out.unknown = true;
  return out;
}

// ---------------------------------------------------------------------------------------------
// Rich strings and colours

/** A font of styles.bin, what decides whether a run in it is seen. */
export interface BinFont {
  colour?: string;
  size: number;
  struck: boolean;
}

/** The first colours of the legacy indexed palette (0–7 repeat 8–15), as the XLSX reader knows them. */
const INDEXED = ['000000', 'FFFFFF', 'FF0000', '00FF00', '0000FF', 'FFFF00', 'FF00FF', '00FFFF'];

/** BrtColor (8 bytes) → six hex digits, as the XLSX reader's fontColour; and its XML attribute. */
function readColour(f: Fields): { hex?: string; xml: string } {
  const d = f.u8();
  const index = f.u8();
  f.skip(2); // tint
  const r = f.u8();
  const g = f.u8();
  const bl = f.u8();
  f.skip(1);
  const type = d >>> 1;
  if (type === 2) {
    const hex = [r, g, bl].map((v) => v.toString(16).padStart(2, '0')).join('').toUpperCase();
    return { hex, xml: ` rgb="FF${hex}"` };
  }
  if (type === 1) return { hex: index < 16 ? INDEXED[index % 8] : undefined, xml: ` indexed="${index}"` };
  if (type === 3) return { hex: index === 0 ? 'FFFFFF' : undefined, xml: ` theme="${index}"` };
  return { xml: '' };
}

/** Runs of a rich string, as the XLSX reader weighs them (see UnseenRuns there). */
export interface BinRuns {
  runs: Array<{ text: string; colour?: string; sized: boolean; tiny: boolean; struck?: boolean }>;
  any: boolean;
}

/** RichStr: the text, its runs (with their fonts) and its phonetic text. */
function readRichStr(f: Fields, fonts: readonly BinFont[]): { text: string; runs?: BinRuns; phonetic?: string } {
  const flags = f.u8();
  const text = f.wide();
  let runs: BinRuns | undefined;
  if (flags & 0x01) {
    const n = f.u32();
    const starts: Array<[number, number]> = [];
    if (n * 4 > f.left) throw new RecordOverrun();
    for (let i = 0; i < n; i++) starts.push([f.u16(), f.u16()]);
    const split: BinRuns = { runs: [], any: false };
    // Runs out of order are no layout Excel writes: the string is read whole, as stored.
    const ordered = starts.every((r, i) => i === 0 || r[0] > starts[i - 1][0]);
    for (let i = 0; i < starts.length; i++) {
      const from = i === 0 ? 0 : Math.min(starts[i][0], text.length);
      const to = i + 1 < starts.length ? Math.min(Math.max(starts[i + 1][0], from), text.length) : text.length;
      if (to <= from) continue;
      const font = fonts[starts[i][1]];
      const piece = { text: text.slice(from, to), colour: font?.colour, sized: !!font, tiny: !!font && font.size > 0 && font.size <= UNSEEN_MAX_POINTS, ...(font?.struck ? { struck: true } : {}) };
      split.runs.push(piece);
      if (piece.colour || piece.tiny || piece.struck) split.any = true;
    }
    if (split.any && ordered) runs = split;
  }
  let phonetic: string | undefined;
  if (flags & 0x02) {
    phonetic = f.wide();
    const n = f.u32();
    if (n * 12 > f.left) throw new RecordOverrun();
    f.skip(n * 12);
  }
  return { text, ...(runs ? { runs } : {}), ...(phonetic ? { phonetic } : {}) };
}

// ---------------------------------------------------------------------------------------------
// Parts

export interface BinSheetRef {
  name: string;
  state: 'visible' | 'hidden' | 'veryHidden';
  rid: string;
}

export interface BinWorkbook {
  sheets: BinSheetRef[];
  names: Array<{ name: string; value: string; hidden: boolean; extra: string[] }>;
  recalculated: boolean;
  /** Other strings the part holds (code name, application, path the file was saved from, calculation features). */
  strings: string[];
}

/** workbook.bin: sheets (BrtBundleSh), defined names (BrtName), calculation (BrtCalcProp). */
export function readWorkbookBin(b: Uint8Array, tally: Tally, currentCalcId: number): BinWorkbook {
  const wb: BinWorkbook = { sheets: [], names: [], recalculated: true, strings: [] };
  walk(b, tally, NO_TEXT.workbook, (type, f) => {
    switch (type) {
      case 0x9c: {
        // BrtBundleSh
        const st = f.u32();
        f.skip(4);
        const rid = f.nullable() ?? '';
        const name = f.wide();
        wb.sheets.push({ name: name || `sheet ${wb.sheets.length + 1}`, state: st === 1 ? 'hidden' : st === 2 ? 'veryHidden' : 'visible', rid });
        return done(f, tally, type);
      }
      case 0x27: {
        // BrtName
        const flags = f.u32();
        f.skip(1 + 4);
        const name = f.wide();
        const formula = readFormula(f);
        if (formula.unknown) tally.formulas++;
        const extra: string[] = [];
        if (f.left >= 4) {
          const comment = f.nullable();
          if (comment) extra.push(comment);
          if (flags & 0x08) for (let i = 0; i < 4; i++) {
            const s = f.nullable();
            if (s) extra.push(s);
          }
        }
        const value = formula.text ?? formula.literals.map((s) => `"${s.replace(/"/g, '""')}"`).join(' ');
        wb.names.push({ name, value, hidden: !!(flags & 0x01), extra: formula.text ? extra : [...formula.literals.slice(1), ...extra] });
        return done(f, tally, type);
      }
      case 0x9d: {
        // BrtCalcProp: recalcID first.
        wb.recalculated = !(f.u32() >= currentCalcId);
        return true;
      }
      case 0x80: {
        // BrtFileVersion: a GUID, then the application's name and builds.
        f.skip(16);
        for (let i = 0; i < 4; i++) {
          const s = f.wide();
          if (s) wb.strings.push(s);
        }
        return done(f, tally, type);
      }
      case 0x99: {
        // BrtWbProp: flags, theme version, code name.
        f.skip(8);
        if (f.left) {
          const s = f.wide();
          if (s) wb.strings.push(s);
        }
        return done(f, tally, type);
      }
      case 0x817: // BrtAbsPath15: where the file was saved from.
      case 0x13e9: {
        // BrtCalcFeature
        const s = f.wide();
        if (s) wb.strings.push(s);
        return done(f, tally, type);
      }
    }
    return false;
  });
  return wb;
}

export interface BinStyles {
  /** The style sheet written as the XLSX reader reads one (number formats, fonts, fills, cell formats). */
  xml: string;
  fonts: BinFont[];
  /** Font names, style names, number formats: text the part holds. */
  strings: string[];
}

/** styles.bin: number formats (BrtFmt), fonts (BrtFont), fills (BrtFill), cell formats (BrtXF), styles (BrtStyle). */
export function readStylesBin(b: Uint8Array, tally: Tally): BinStyles {
  const numFmts: string[] = [];
  const fontsXml: string[] = [];
  const fillsXml: string[] = [];
  const xfs: string[] = [];
  const fonts: BinFont[] = [];
  const strings: string[] = [];
  let inCellXfs = false;
  walk(b, tally, NO_TEXT.styles, (type, f) => {
    switch (type) {
      case 0x2c: {
        // BrtFmt
        const id = f.u16();
        const code = f.wide();
        numFmts.push(`<numFmt numFmtId="${id}" formatCode="${esc(code)}"/>`);
        if (code) strings.push(code);
        return done(f, tally, type);
      }
      case 0x2b: {
        // BrtFont
        const height = f.u16();
        const grbit = f.u16();
        f.skip(2 + 2 + 1 + 1 + 1 + 1);
        const colour = readColour(f);
        f.skip(1);
        const name = f.wide();
        if (name) strings.push(name);
        const size = height / 20;
        const struck = !!(grbit & 0x08);
        fonts.push({ colour: colour.hex, size, struck });
        fontsXml.push(`<font>${struck ? '<strike/>' : ''}<sz val="${size}"/>${colour.xml ? `<color${colour.xml}/>` : ''}</font>`);
        return done(f, tally, type);
      }
      case 0x2d: {
        // BrtFill: pattern, foreground and background colours, then gradient data (numbers).
        const pattern = f.u32();
        const fore = readColour(f);
        readColour(f);
        const gradient = f.u32();
        const patternType = pattern === 0 ? 'none' : pattern === 1 ? 'solid' : 'gray125';
        fillsXml.push(pattern === 0x28 || gradient ? '<fill><gradientFill/></fill>' : `<fill><patternFill patternType="${patternType}">${fore.xml ? `<fgColor${fore.xml}/>` : ''}</patternFill></fill>`);
        return true;
      }
      case 0x269:
        inCellXfs = true;
        return true;
      case 0x26a:
        inCellXfs = false;
        return true;
      case 0x2f: {
        // BrtXF: parent, format, font, fill …
        f.skip(2);
        const fmt = f.u16();
        const font = f.u16();
        const fill = f.u16();
        if (inCellXfs) xfs.push(`<xf numFmtId="${fmt}" fontId="${font}" fillId="${fill}"/>`);
        return true;
      }
      case 0x30: {
        // BrtStyle: xf, flags, built-in id, level, name.
        f.skip(4 + 2 + 1 + 1);
        const name = f.wide();
        if (name) strings.push(name);
        return done(f, tally, type);
      }
      case 0x1f9: // BrtBeginDXFs: a count; any differential format (BrtDXF) is not read.
      case 0x1fc: {
        // BrtBeginTableStyles: count, default table and pivot style names.
        if (type === 0x1f9) return true;
        f.skip(4);
        // Two nullable wide strings as SheetJS writes them, or two 2-byte counts then the characters.
        const at = f.pos;
        let names: Array<string | undefined>;
        try {
          names = [f.nullable(), f.nullable()];
          if (f.left) throw new RecordOverrun();
        } catch (err) {
          if (!(err instanceof RecordOverrun)) throw err;
          f.pos = at;
          const a = f.u16();
          const c = f.u16();
          names = [f.chars(a), f.chars(c)];
        }
        for (const s of names) if (s) strings.push(s);
        return done(f, tally, type);
      }
    }
    return false;
  });
  const xml = `<styleSheet><numFmts>${numFmts.join('')}</numFmts><fonts>${fontsXml.join('')}</fonts><fills>${fillsXml.join('')}</fills><cellXfs>${xfs.join('')}</cellXfs></styleSheet>`;
  return { xml, fonts, strings };
}

export interface BinSharedStrings {
  sst: string[];
  unseen: Map<number, BinRuns>;
  /** Phonetic readings (furigana): a reading of the same text, read apart. */
  phonetic: string[];
}

/** sharedStrings.bin: BrtSSTItem (rich strings with their runs and phonetic text). */
export function readSharedStringsBin(b: Uint8Array, fonts: readonly BinFont[], tally: Tally): BinSharedStrings {
  const out: BinSharedStrings = { sst: [], unseen: new Map(), phonetic: [] };
  walk(b, tally, NO_TEXT.sst, (type, f) => {
    if (type !== 0x13) return false;
    const i = out.sst.length;
    // A damaged item still takes its index: later cells name theirs by number.
    out.sst.push('');
    const r = readRichStr(f, fonts);
    out.sst[i] = r.text;
    if (r.runs) out.unseen.set(i, r.runs);
    if (r.phonetic) out.phonetic.push(r.phonetic);
    return done(f, tally, type);
  });
  return out;
}

/** Excel's error values by code. */
const ERRORS: Record<number, string> = { 0x00: '#NULL!', 0x07: '#DIV/0!', 0x0f: '#VALUE!', 0x17: '#REF!', 0x1d: '#NAME?', 0x24: '#NUM!', 0x2a: '#N/A', 0x2b: '#GETTING_DATA' };

/** RkNumber: a 30-bit integer or the high 30 bits of a double, maybe divided by 100. */
function rk(v: number): number {
  const x100 = v & 1;
  const int = v & 2;
  let n: number;
  if (int) n = (v | 0) >> 2;
  else {
    scratch.setUint32(0, 0, true);
    scratch.setUint32(4, (v & 0xfffffffc) >>> 0, true);
    n = scratch.getFloat64(0, true);
  }
  return x100 ? n / 100 : n;
}

/** Column number (1-based) → letters. */
function letters(column: number): string {
  let s = '';
  for (let n = column; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

function esc(s: string): string {
  return s.replace(/[&<>"]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : '&quot;'));
}

/** What the XML reader's handler is called with (`parseXml`'s second argument). */
export interface SheetEvents {
  open(name: string, attrs: Record<string, string>): void;
  close(name: string): void;
  text(text: string): void;
}

export interface BinSheet {
  /**
   * Walks the sheet's records, calling `h` with the events its worksheet XML would give (rows,
   * cells with their styles, values and formulas, columns, views, headers and footers, links,
   * drawings), in record order: the XLSX reader's worksheet reading, without a string between.
   */
  emit(h: SheetEvents): void;
  /** Strings of the part read apart (the sheet's code name, shared and array formulas' literals): filled by {@link emit}. */
  strings: string[];
  /** Cells (`B7`) whose formula has tokens not known here: filled by {@link emit}. */
  unknownFormulas: string[];
  /** Cell records before any row record: where they stand is not known, so they are not read. */
  looseCells: number;
}

const scratch = new DataView(new ArrayBuffer(8));
const NO_ATTRS: Record<string, string> = {};

/** A worksheet part (sheet*.bin): rows, cells, columns, headers and footers, links, drawings. */
export function readSheetBin(b: Uint8Array, tally: Tally): BinSheet {
  const sheet: BinSheet = { emit, strings: [], unknownFormulas: [], looseCells: 0 };
  const tags = ['oddHeader', 'oddFooter', 'evenHeader', 'evenFooter', 'firstHeader', 'firstFooter'];
  function emit(h: SheetEvents): void {
    let row = -1;
    let rowOpen = false;
    let col = -1;
    let recordType = 0;
    let inCols = false;
    const element = (name: string, attrs: Record<string, string>, text?: string) => {
      h.open(name, attrs);
      if (text !== undefined) h.text(text);
      h.close(name);
    };
    /** A cell: `short` records carry no column (the one after the last). */
    const cell = (f: Fields, short: boolean, t: string, value: (f: Fields) => string, formula: boolean) => {
      col = short ? col + 1 : f.u32();
      const style = f.u16() | (f.u8() << 16);
      f.skip(1);
      const v = value(f);
      let fx: FormulaText | undefined;
      if (formula) {
        f.skip(2);
        fx = readFormula(f);
        if (fx.unknown) sheet.unknownFormulas.push(`${letters(col + 1)}${row + 1}`);
      }
      if (!rowOpen) {
        sheet.looseCells++;
        return done(f, tally, recordType);
      }
      const attrs: Record<string, string> = { r: `${letters(col + 1)}${row + 1}` };
      if (style) attrs.s = String(style);
      if (t !== 'n') attrs.t = t;
      if (inCols) h.close('cols'), (inCols = false);
      h.open('c', attrs);
      if (fx?.text) element('f', NO_ATTRS, fx.text);
      // A formula's literals are read beside the cell (a value before the last is read beside it).
      else if (fx) for (const s of fx.literals) element('v', NO_ATTRS, s);
      element('v', NO_ATTRS, v);
      h.close('c');
      return done(f, tally, recordType);
    };
    const num = (f: Fields) => String(f.f64());
    const rkv = (f: Fields) => String(rk(f.u32()));
    const str = (f: Fields) => f.wide();
    const bool = (f: Fields) => (f.u8() ? '1' : '0');
    const err = (f: Fields) => ERRORS[f.u8()] ?? '#ERROR';
    const closeRow = () => {
      if (rowOpen) h.close('row');
      rowOpen = false;
    };
    walk(b, tally, NO_TEXT.sheet, (type, f) => {
      recordType = type;
      switch (type) {
        case 0x00: {
          // BrtRowHdr
          closeRow();
          row = f.u32();
          const ixfe = f.u32();
          const height = f.u16();
          f.skip(1);
          const flags = f.u8();
          const attrs: Record<string, string> = { r: String(row + 1) };
          if (flags & 0x20) (attrs.ht = String(height / 20)), (attrs.customHeight = '1');
          if (flags & 0x10) attrs.hidden = '1';
          if (flags & 0x40) (attrs.s = String(ixfe)), (attrs.customFormat = '1');
          h.open('row', attrs);
          rowOpen = true;
          col = -1;
          return true;
        }
        case 0x01:
        case 0x0c:
          // Blank cells: a style only.
          col = type === 0x0c ? col + 1 : f.u32();
          return true;
        case 0x02: return cell(f, false, 'n', rkv, false);
        case 0x0d: return cell(f, true, 'n', rkv, false);
        case 0x03: return cell(f, false, 'e', err, false);
        case 0x0e: return cell(f, true, 'e', err, false);
        case 0x04: return cell(f, false, 'b', bool, false);
        case 0x0f: return cell(f, true, 'b', bool, false);
        case 0x05: return cell(f, false, 'n', num, false);
        case 0x10: return cell(f, true, 'n', num, false);
        case 0x06: return cell(f, false, 'str', str, false);
        case 0x11: return cell(f, true, 'str', str, false);
        case 0x07: return cell(f, false, 's', (x) => String(x.u32()), false);
        case 0x12: return cell(f, true, 's', (x) => String(x.u32()), false);
        case 0x08: return cell(f, false, 'str', str, true);
        case 0x09: return cell(f, false, 'n', num, true);
        case 0x0a: return cell(f, false, 'b', bool, true);
        case 0x0b: return cell(f, false, 'e', err, true);
        case 0x3e:
          // BrtCellRString: a rich string of the cell's own (its runs' fonts are not weighed).
          return cell(f, false, 'str', (x) => readRichStr(x, []).text, false);
        case 0x1aa:
        case 0x1ab: {
          // BrtArrFmla, BrtShrFmla: a range, then the formula shared by its cells.
          f.skip(16);
          if (type === 0x1aa) f.skip(1);
          const fx = readFormula(f);
          if (fx.unknown) sheet.unknownFormulas.push(`shared or array formula near row ${row + 1}`);
          for (const s of fx.literals) sheet.strings.push(s);
          return done(f, tally, type);
        }
        case 0x3c: {
          // BrtColInfo
          const first = f.u32();
          const last = f.u32();
          const width = f.u32() / 256;
          const style = f.u32();
          const flags = f.u16();
          const attrs: Record<string, string> = { min: String(first + 1), max: String(last + 1), width: String(width) };
          if (flags & 0x01) attrs.hidden = '1';
          if (style) attrs.style = String(style);
          if (!inCols) h.open('cols', NO_ATTRS), (inCols = true);
          element('col', attrs);
          return true;
        }
        case 0x89:
          // BrtBeginWsView: flags first (fRightToLeft: bit 5).
          if (f.u16() & 0x20) element('sheetView', { rightToLeft: '1' });
          return true;
        case 0x93: {
          // BrtWsProp: flags, tab colour, sync cell, code name.
          f.skip(19);
          const s = f.wide();
          if (s) sheet.strings.push(s);
          return done(f, tally, type);
        }
        case 0x1df: {
          // BrtBeginHeaderFooter: flags, then six nullable strings.
          closeRow();
          f.skip(2);
          const texts = tags.map(() => f.nullable());
          tags.forEach((tag, i) => {
            if (texts[i]) element(tag, NO_ATTRS, texts[i]);
          });
          return done(f, tally, type);
        }
        case 0x1ee: {
          // BrtHLink: range, relationship id, location, tooltip, display text.
          f.skip(16);
          f.nullable();
          const location = f.wide();
          const tooltip = f.wide();
          const display = f.wide();
          for (const s of [tooltip, display, location]) if (s.trim()) element('hyperlink', { tooltip: s });
          return done(f, tally, type);
        }
        case 0x226:
        case 0x227:
        case 0x228: {
          // BrtDrawing, BrtLegacyDrawing, BrtLegacyDrawingHF: a relationship id.
          const id = f.nullable();
          if (id) element(type === 0x228 ? 'legacyDrawingHF' : 'drawing', { 'r:id': id });
          return done(f, tally, type);
        }
        case 0x40: {
          // BrtDVal: flags, the cells (Sqrfx), error and prompt titles and messages, two formulas.
          closeRow();
          f.skip(4);
          const count = f.u32();
          const refs: string[] = [];
          if (count * 16 > f.left) throw new RecordOverrun();
          for (let i = 0; i < count; i++) {
            const r1 = f.u32();
            const r2 = f.u32();
            const c1 = f.u32();
            const c2 = f.u32();
            const a = `${letters(c1 + 1)}${r1 + 1}`;
            const z = `${letters(c2 + 1)}${r2 + 1}`;
            refs.push(a === z ? a : `${a}:${z}`);
          }
          const attrs: Record<string, string> = { sqref: refs.join(' ') };
          for (const k of ['errorTitle', 'error', 'promptTitle', 'prompt']) {
            const v = f.nullable();
            if (v) attrs[k] = v;
          }
          const formulas = [readFormula(f), readFormula(f)];
          h.open('dataValidation', attrs);
          for (const fx of formulas) {
            if (fx.unknown) sheet.unknownFormulas.push(`data validation of ${attrs.sqref}`);
            // A list's items are one literal, separated by NUL characters.
            const items = fx.literals.map((x) => x.replace(/\0/g, ','));
            if (items.length) element('formula1', NO_ATTRS, items.length === 1 && !fx.text?.includes('&') ? `"${items[0].replace(/"/g, '""')}"` : items.join(', '));
          }
          h.close('dataValidation');
          return done(f, tally, type);
        }
        case 0x92:
          // BrtEndSheetData
          closeRow();
          return true;
      }
      return false;
    });
    closeRow();
    if (inCols) h.close('cols');
  }
  return sheet;
}

export interface BinComment {
  ref: string;
  author: string;
  text: string;
}

/** comments*.bin: authors (BrtCommentAuthor), comments (BrtBeginComment, BrtCommentText). */
export function readCommentsBin(b: Uint8Array, tally: Tally): BinComment[] {
  const authors: string[] = [];
  const out: BinComment[] = [];
  let current: { ref: string; author: number } | undefined;
  walk(b, tally, NO_TEXT.comments, (type, f) => {
    if (type === 0x278) {
      authors.push(f.wide());
      return done(f, tally, type);
    }
    if (type === 0x27b) {
      const author = f.u32();
      const row = f.u32();
      f.skip(4);
      const column = f.u32();
      current = { ref: `${letters(column + 1)}${row + 1}`, author };
      return true;
    }
    if (type === 0x27d) {
      const r = readRichStr(f, []);
      out.push({ ref: current?.ref ?? '', author: current ? authors[current.author] ?? '' : '', text: r.text + (r.phonetic ? `\n${r.phonetic}` : '') });
      return done(f, tally, type);
    }
    return false;
  });
  return out;
}

/** metadata.bin: the names of its metadata types (BrtMdtinfo, BrtBeginEsfmd); the rest is indices. */
export function readMetadataBin(b: Uint8Array, tally: Tally): string[] {
  const strings: string[] = [];
  walk(b, tally, NO_TEXT.metadata, (type, f) => {
    if (type === 0x14f) {
      f.skip(8);
      const s = f.wide();
      if (s) strings.push(s);
      return done(f, tally, type);
    }
    if (type === 0x153) {
      f.skip(4);
      const s = f.wide();
      if (s) strings.push(s);
      return done(f, tally, type);
    }
    return false;
  });
  return strings;
}
