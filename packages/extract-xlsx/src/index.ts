/**
 * The XLSX/XLSM extractor: every part of a workbook as located text parts.
 *
 * Every sheet in workbook order, hidden and very hidden ones included (role `hidden`, labelled);
 * cells from shared strings, inline strings and cached formula results. A row is one line with its
 * cells separated by tabs, each cell a block carrying its row and column (so a finding names
 * `Sheet1!B7`, and 密级 | 机密 in adjacent cells reads as a label and its value). Beside the cells:
 * formulas, comments and threaded comments, headers and footers, data-validation lists and prompts,
 * sheet names, defined names, drawings (text boxes, shapes, alt text), document properties.
 * Pictures go to OCR, nested packages to the scan, and every other entry is read or reported by
 * the shared OOXML package reader. Every XML part is read with its `_xHHHH_` escapes decoded, as
 * Excel draws them.
 */
import { hexColour, PartBuilder, sameColour, SHAPE_PIECE, UNSEEN_MAX_POINTS, type ExtractContext, type Extraction, type Extractor, type PartOrigin, type TextPart } from '@prepub/core';
import { ellipseRows, ringedRows } from './ringed.ts';
import { OpcPackage, analyseFormula, attr, columnRuns, currencyLiterals, diagramTexts, formatValue, headerFooterText, parseXml, readDrawing, relId, unescapeXstrings, uriText, type Attrs, type FormulaNames, type Rel } from '@prepub/ooxml';
import { XLSX_MEDIA_TYPE } from './format.ts';
import { readFormControls } from './controls.ts';
import { Tally, readCommentsBin, readMetadataBin, readSharedStringsBin, readSheetBin, readStylesBin, readWorkbookBin, type BinStyles } from './xlsb.ts';

export { xlsxFormat, XLSX_MEDIA_TYPE } from './format.ts';
export { headerFooterText } from '@prepub/ooxml';

/** What the XML reader calls with a part's events. */
type XmlHandler = Parameters<typeof parseXml>[1];

/** Reached parts that hold layout or package structure only. */
const STRUCTURE = [
  /^\[Content_Types\]\.xml$/i,
  /(^|\/)_rels\/[^/]*\.rels$/i,
  /\/theme\/[^/]+\.xml$/i,
  /^xl\/(styles|calcChain|sharedStrings|workbook)\.xml$/i,
  // An XLSB's calculation chain: cell references only.
  /^xl\/calcChain\.bin$/i,
  /^xl\/printerSettings\//i,
  /^customXml\/itemProps\d*\.xml$/i,
  /^xl\/charts\/(style|colors)\d*\.xml$/i,
  /^docProps\/(core|app|custom)\.xml$/i,
];

interface SheetRef {
  name: string;
  state: 'visible' | 'hidden' | 'veryHidden';
  rid: string;
}

/** `B7` → column 2, row 7. */
function cellRef(ref: string | undefined): { row?: number; column?: number } {
  const m = ref ? /^\$?([A-Za-z]{1,3})\$?(\d+)$/.exec(ref) : null;
  if (!m) return {};
  let column = 0;
  for (const ch of m[1].toUpperCase()) column = column * 26 + (ch.charCodeAt(0) - 64);
  return { row: Number(m[2]), column };
}

/** Column number → letters (`2` → `B`). */
export function columnName(column: number): string {
  let s = '';
  for (let n = column; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

interface CellRange {
  top: number;
  bottom: number;
  left: number;
  right: number;
}

/** A range of a `sqref` (`B2:C5`, `A1`, whole columns `A:C`, whole rows `3:4`), undefined when it is none. */
function sqrefRange(ref: string): CellRange | undefined {
  const [from, to = from] = ref.replace(/\$/g, '').split(':');
  const col = (x: string) => (/^[A-Za-z]{1,3}$/.test(x) ? cellRef(`${x}1`).column : undefined);
  const row = (x: string) => (/^\d+$/.test(x) ? Number(x) : undefined);
  const a = cellRef(from);
  const b = cellRef(to);
  if (a.row !== undefined && b.row !== undefined) return { top: Math.min(a.row, b.row), bottom: Math.max(a.row, b.row), left: Math.min(a.column!, b.column!), right: Math.max(a.column!, b.column!) };
  const [c1, c2] = [col(from), col(to)];
  if (c1 !== undefined && c2 !== undefined) return { top: 1, bottom: Infinity, left: Math.min(c1, c2), right: Math.max(c1, c2) };
  const [r1, r2] = [row(from), row(to)];
  if (r1 !== undefined && r2 !== undefined) return { top: Math.min(r1, r2), bottom: Math.max(r1, r2), left: 1, right: Infinity };
  return undefined;
}

/**
 * Strings of a rich-text container (`<si>`, `<is>`, a comment's `<text>`): the `<t>` of runs
 * and of the container itself; phonetic guides (`<rPh>`) are a reading of the same text and left out.
 */
class RichText {
  private depthT = 0;
  private phonetic = 0;
  /** The run being read: its font's colour (see {@link fontColour}), whether it gives a size, and whether that is 2 pt and less. */
  private run: { colour?: string; sized?: boolean; tiny: boolean; struck?: boolean } | undefined;
  private inRunProps = false;
  value = '';
  /** The runs, with what decides whether a cell shows them; `any`: some run may go unseen. */
  readonly split: UnseenRuns = { runs: [], any: false };
  open(name: string, a?: Attrs): void {
    if (name === 'rPh') this.phonetic++;
    else if (name === 't') this.depthT++;
    else if (name === 'r') this.run = { tiny: false };
    else if (name === 'rPr' && this.run) this.inRunProps = true;
    else if (this.inRunProps && this.run && a && name === 'color') this.run.colour = fontColour(a);
    else if (this.inRunProps && this.run && a && name === 'sz') (this.run.sized = true), (this.run.tiny = Number(attr(a, 'val')) > 0 && Number(attr(a, 'val')) <= UNSEEN_MAX_POINTS);
    else if (this.inRunProps && this.run && name === 'strike') this.run.struck = !/^(0|false|off)$/i.test((a && attr(a, 'val')) ?? '1');
  }
  close(name: string): void {
    if (name === 'rPh') this.phonetic = Math.max(0, this.phonetic - 1);
    else if (name === 't') this.depthT = Math.max(0, this.depthT - 1);
    else if (name === 'rPr') this.inRunProps = false;
    else if (name === 'r') this.run = undefined;
  }
  text(t: string): void {
    if (!this.depthT || this.phonetic) return;
    this.value += t;
    const { colour, sized = false, tiny = false, struck = false } = this.run ?? {};
    this.split.runs.push({ text: t, colour, sized, tiny, ...(struck ? { struck } : {}) });
    if (colour || tiny || struck) this.split.any = true;
  }
}

/** The first colours of the legacy indexed palette (0–7 repeat 8–15), enough for black, white and the primaries. */
const INDEXED = ['000000', 'FFFFFF', 'FF0000', '00FF00', '0000FF', 'FFFF00', 'FF00FF', '00FFFF'];

/**
 * The colour a `<color>` element names, as six hexadecimal digits: `rgb` (ARGB), the theme's first
 * colour (light 1: white), or an entry of the indexed palette's first sixteen; undefined otherwise
 * (other theme colours, automatic).
 */
function fontColour(a: Attrs): string | undefined {
  if (attr(a, 'rgb') !== undefined) return hexColour(attr(a, 'rgb'));
  if (attr(a, 'theme') === '0') return 'FFFFFF';
  const indexed = Number(attr(a, 'indexed') ?? NaN);
  return indexed >= 0 && indexed < 16 ? INDEXED[indexed % 8] : undefined;
}

/** The runs of a rich string, with the facts that decide whether a cell shows each. */
interface UnseenRuns {
  runs: Array<{ text: string; colour?: string; sized: boolean; tiny: boolean; struck?: boolean }>;
  any: boolean;
}

/**
 * Runs of a rich string drawn so nobody sees them: in the colour of the cell's fill (white or near
 * white on a cell without one), or 2 pt and less (a piece so written inside a marking — 机 + white
 * 开 + 密★5年 — hid it). A run that gives no colour or size has its cell style's font's. `style.fill`:
 * the cell's fill colour, undefined for none, `mixed` for a pattern or gradient (only size counts
 * there). What the cell shows, and the pieces left out, read beside it.
 */
function shownText(runs: UnseenRuns, style: CellStyle | undefined): { shown: string; unseen: string[]; unstruck?: string } {
  let shown = '';
  const unseen: string[] = [];
  const fill = style?.fill;
  // What the cell shows without its struck-through runs, when it has any: a form's options struck
  // out (绝密 机密 秘密 with two struck, as 不适用的划去 asks) name the one left.
  let unstruck = '';
  let struck = false;
  for (const r of runs.runs) {
    const tiny = r.sized ? r.tiny : (style?.tiny ?? false);
    if (tiny || (fill !== 'mixed' && sameColour(r.colour ?? style?.font, fill ?? 'FFFFFF'))) unseen.push(r.text);
    else {
      shown += r.text;
      if (r.struck) struck ||= r.text.trim() !== '';
      else unstruck += r.text;
    }
  }
  return { shown, unseen, ...(struck && unstruck.trim() ? { unstruck } : {}) };
}

function readSharedStrings(xml: string, unseen?: Map<number, UnseenRuns>): string[] {
  const out: string[] = [];
  let rich: RichText | undefined;
  parseXml(xml, {
    open(name, a) {
      if (name === 'si') rich = new RichText();
      else rich?.open(name, a);
    },
    close(name) {
      if (name === 'si' && rich) {
        if (rich.split.any) unseen?.set(out.length, rich.split);
        out.push(rich.value);
        rich = undefined;
      } else rich?.close(name);
    },
    text(t) {
      rich?.text(t);
    },
  });
  return out;
}

interface Workbook {
  sheets: SheetRef[];
  names: Array<{ name: string; value: string; hidden: boolean }>;
  /** Excel computes every formula again when it opens the workbook (see {@link CURRENT_CALC_ID}): stored results may not be what cells show. */
  recalculated: boolean;
}

/**
 * The calculation engine of Excel since 2019 (`calcPr calcId`). Excel computes a workbook whose
 * calcId is lower (or missing, as library-written files leave it) again on opening, as it does
 * under `fullCalcOnLoad`.
 */
const CURRENT_CALC_ID = 191029;

function readWorkbookXml(xml: string): Workbook {
  const wb: Workbook = { sheets: [], names: [], recalculated: true };
  let dn: { name: string; value: string; hidden: boolean } | undefined;
  parseXml(xml, {
    open(name, a) {
      if (name === 'calcPr') wb.recalculated = onOff(attr(a, 'fullCalcOnLoad')) || !(Number(attr(a, 'calcId')) >= CURRENT_CALC_ID);
      else if (name === 'sheet') {
        const st = attr(a, 'state');
        wb.sheets.push({ name: attr(a, 'name') ?? `sheet ${wb.sheets.length + 1}`, state: st === 'hidden' || st === 'veryHidden' ? st : 'visible', rid: relId(a) ?? '' });
      } else if (name === 'definedName') dn = { name: attr(a, 'name') ?? '', value: '', hidden: attr(a, 'hidden') === '1' };
    },
    close(name) {
      if (name === 'definedName' && dn) wb.names.push(dn), (dn = undefined);
    },
    text(t) {
      if (dn) dn.value += t;
    },
  });
  return wb;
}

/** Column width (characters) from which a column is too narrow to show anything. */
const HIDDEN_COLUMN_WIDTH = 0.5;

/** An OOXML boolean attribute: `1` or `true`. */
const onOff = (v: string | undefined): boolean => v === '1' || v === 'true';

interface SheetParts {
  cells: PartBuilder;
  formulas: PartBuilder;
  header: PartBuilder;
  footer: PartBuilder;
  validation: PartBuilder;
  /** Screen tips of the sheet's links, shown on hover. */
  tips: PartBuilder;
  drawingRid: string[];
  rows: number;
  cellCount: number;
  /** Cells naming a shared string the table does not hold (a damaged or cut table): their text is lost. */
  missingStrings: number;
  /** Cells whose formula spells characters from codes not known here, with no stored result: their text is not read. */
  unknownChars: string[];
  /** Cells whose formula, with no stored result, gives words to a function not read here (or is not parsed): what they show is not read. */
  opaque: string[];
  /** Array formulas whose ranges were too large to work out cell by cell: what those cells show is not read. */
  unspilled: string[];
  /**
   * The cells again, as they stand on the sheet: row by row, left to right as shown. Written only
   * when that differs from the order the file lists them (cells or rows out of order, a
   * right-to-left sheet, whose column A is at the right).
   */
  inPlace: PartBuilder;
  /** Runs of one-character cells down a column, each read as one line (see columnRuns). */
  columns: PartBuilder;
  /** What each shown cell shows and where, in file order: for the lines drawn across cells and shapes. */
  shown?: Array<{ row: number; column: number; value: string }>;
  /** What each cell stores, by reference (`B7`): the values formulas of the workbook refer to. */
  values: Map<string, string>;
  /** Formulas that refer to cells, and where they stand: worked out once every sheet's values are known. */
  referring: Array<{ ref: string; row: number; column: number; formula: string; value: string }>;
  /** Excel computes the workbook's formulas again on opening: a stored result is no proof of what a cell shows. */
  recalculated?: boolean;
  /** The workbook's file name, printed by a header's `&F`. */
  fileName?: string;
}

/**
 * A header or footer with the codes Excel fills in when printing written as what they print: `&A`
 * the sheet's name, `&F` the file's (when known), `&P` and `&N` a page number (1). `&L机&A` on a
 * sheet named 密★5年 prints 机密★5年 on every page. Other codes are left for {@link headerFooterText}.
 */
export function printedCodes(raw: string, sheet: string, file?: string): string {
  let out = '';
  for (let i = 0; i < raw.length; i++) {
    if (raw[i] !== '&') {
      out += raw[i];
      continue;
    }
    const next = raw[i + 1] ?? '';
    if (next === '"') {
      // A font name, copied whole: its letters are no codes.
      const close = raw.indexOf('"', i + 2);
      const end = close < 0 ? raw.length : close + 1;
      out += raw.slice(i, end);
      i = end - 1;
      continue;
    }
    const fill = next === 'A' ? sheet : next === 'F' ? file : next === 'P' || next === 'N' ? '1' : undefined;
    out += fill !== undefined ? fill.replace(/&/g, '&&') : `&${next}`;
    i++;
  }
  return out;
}

/** One worksheet's XML into its parts. */
function readWorksheet(
  /** The worksheet's XML, or (an XLSB sheet) what calls the XML reader's handler with its events. */
  xml: string | ((h: XmlHandler) => void),
  sst: string[],
  p: SheetParts,
  sheetName: string,
  formats: Map<number, string> = new Map(),
  shared?: { used: Set<number>; shown: string[] },
  styles: { cells: Map<number, CellStyle>; unseen: Map<number, UnseenRuns> } = { cells: new Map(), unseen: new Map() },
  names?: FormulaNames,
  dxfFormats: Map<number, string> = new Map(),
): void {
  // Columns and rows nobody sees: hidden, or 0.5 characters wide and narrower, 2 pt high and lower.
  const hiddenColumns: Array<[number, number]> = [];
  // Styles of whole columns and rows: LibreOffice draws a cell that names no style of its own in
  // its row's (customFormat) or else its column's, Excel in the default style.
  const columnStyles: Array<[number, number, number]> = [];
  let rowStyle: number | undefined;
  let rowHidden = false;
  let rowNum = 0;
  let rowOpen = false;
  let col = 0;
  // What each cell shows, where it stands, in file order (see SheetParts.inPlace).
  const shownCells: Array<{ row: number; column: number; value: string }> = [];
  let outOfOrder = false;
  let rightToLeft = false;
  /** A line of the sheet's hidden text, alone and placed at its cell. */
  const besideCell = (text: string, row: number, column: number) => {
    const start = p.formulas.offset;
    p.formulas.append(text);
    p.formulas.addBlock(start, p.formulas.offset, { kind: 'table-cell', row, column });
    p.formulas.endParagraph({ kind: 'paragraph' });
  };
  let cell: { ref?: string; type: string; v: string; f: string; s?: number; rich?: RichText; runs?: UnseenRuns; row?: number; column?: number; more?: string[]; cached?: boolean; shared?: string; array?: string } | undefined;
  // Cells of array formulas' ranges worked out so far (see MAX_SPILLED).
  let spilled = 0;
  /** Shared formulas by index (`<f t="shared" si="0">`) and the cell that writes them: a cell naming one without its text computes it moved by its own offset. */
  const sharedFormulas = new Map<string, { formula: string; row: number; column: number }>();
  let collect: 'v' | 'f' | 'hf' | 'dv' | undefined;
  let hf: { name: string; text: string } | undefined;
  let dv: { prompt: string[]; formulas: string[]; sqref: string } | undefined;
  let dvText = '';
  // Conditional formats that write literal text (a differential style's number format, in the
  // style sheet's dxfs or inline in an x14 rule): the cells they may apply to, and what each stores.
  const cfCells: Array<{ row: number; column: number; stored: string; isText: boolean }> = [];
  let cf: { sqref: string; codes: string[]; inSqref: boolean } | undefined;
  let cfRule: { code?: string } | undefined;
  const recordCf = typeof xml === 'string' && /conditionalFormatting/.test(xml) && (dxfFormats.size > 0 || /<([\w.-]+:)?numFmt\b/.test(xml));
  (typeof xml === 'string' ? (h: XmlHandler) => parseXml(xml, h) : xml)({
    open(name, a) {
      if (cell?.rich) return cell.rich.open(name, a);
      switch (name) {
        case 'row': {
          const r = Number(attr(a, 'r'));
          rowNum = Number.isInteger(r) && r > 0 ? r : rowNum + 1;
          rowOpen = false;
          col = 0;
          const height = Number(attr(a, 'ht'));
          const rs = Number(attr(a, 's'));
          rowStyle = onOff(attr(a, 'customFormat')) && Number.isInteger(rs) ? rs : undefined;
          rowHidden = onOff(attr(a, 'hidden')) || (onOff(attr(a, 'customHeight')) && Number.isFinite(height) && height <= UNSEEN_MAX_POINTS);
          break;
        }
        case 'col': {
          const min = Number(attr(a, 'min'));
          const max = Number(attr(a, 'max'));
          const width = Number(attr(a, 'width'));
          const narrow = attr(a, 'width') !== undefined && Number.isFinite(width) && width <= HIDDEN_COLUMN_WIDTH;
          if (Number.isInteger(min) && Number.isInteger(max) && min <= max && (onOff(attr(a, 'hidden')) || narrow)) hiddenColumns.push([min, max]);
          const cs = Number(attr(a, 'style'));
          if (Number.isInteger(min) && Number.isInteger(max) && min <= max && Number.isInteger(cs) && cs > 0) columnStyles.push([min, max, cs]);
          break;
        }
        case 'c': {
          const ref = attr(a, 'r');
          const at = cellRef(ref);
          col = at.column ?? col + 1;
          const style = Number(attr(a, 's'));
          cell = { ref, type: attr(a, 't') ?? 'n', v: '', f: '', row: at.row ?? rowNum, column: col, ...(Number.isInteger(style) ? { s: style } : {}) };
          break;
        }
        case 'v':
          if (cell) {
            collect = 'v';
            cell.cached = true;
            // A cell has one value; a second (a renamed <f>, a damaged part) is read beside it, not run into it.
            if (cell.v !== '') (cell.more ??= []).push(cell.v), (cell.v = '');
          }
          break;
        case 'f':
          if (cell) {
            collect = 'f';
            if (attr(a, 't') === 'shared' && attr(a, 'si') !== undefined) cell.shared = attr(a, 'si');
            if (attr(a, 't') === 'array' && attr(a, 'ref')?.includes(':')) cell.array = attr(a, 'ref');
          }
          else if (dv) (collect = 'dv'), (dvText = '');
          break;
        case 'formula1':
        case 'formula2':
          if (dv) (collect = 'dv'), (dvText = '');
          break;
        case 'is':
          if (cell) cell.rich = new RichText();
          break;
        case 'oddHeader':
        case 'evenHeader':
        case 'firstHeader':
        case 'oddFooter':
        case 'evenFooter':
        case 'firstFooter':
          hf = { name, text: '' };
          collect = 'hf';
          break;
        case 'dataValidation': {
          dv = { prompt: [], formulas: [], sqref: attr(a, 'sqref') ?? '' };
          for (const k of ['promptTitle', 'prompt', 'errorTitle', 'error']) {
            const v = attr(a, k)?.trim();
            if (v) dv.prompt.push(v);
          }
          break;
        }
        case 'sqref':
          if (cf) cf.inSqref = true;
          break;
        case 'conditionalFormatting':
          cf = { sqref: attr(a, 'sqref') ?? '', codes: [], inSqref: false };
          break;
        case 'cfRule':
          if (cf) {
            cfRule = {};
            const code = dxfFormats.get(Number(attr(a, 'dxfId') ?? NaN));
            if (code !== undefined) cfRule.code = code;
          }
          break;
        case 'numFmt': {
          // An x14 rule's own differential style.
          const code = attr(a, 'formatCode');
          if (cfRule && code !== undefined && /"[^"]+"|\\./.test(currencyLiterals(code))) cfRule.code = code;
          break;
        }
        case 'sheetView':
          if (attr(a, 'rightToLeft') === '1' || attr(a, 'rightToLeft') === 'true') rightToLeft = true;
          break;
        case 'hyperlink': {
          const tip = attr(a, 'tooltip')?.trim();
          if (tip) {
            p.tips.append(tip);
            p.tips.endParagraph({ kind: 'paragraph' });
          }
          break;
        }
        case 'drawing':
        case 'legacyDrawingHF': {
          const id = relId(a);
          if (id) p.drawingRid.push(id);
          break;
        }
      }
    },
    close(name) {
      if (cell?.rich && name !== 'is') return cell.rich.close(name);
      if (name === 'is' && cell?.rich) {
        cell.v = cell.rich.value;
        if (cell.rich.split.any) cell.runs = cell.rich.split;
        cell.rich = undefined;
        return;
      }
      if (name === 'v' || name === 'f' || name === 'formula1' || name === 'formula2') {
        if (collect === 'dv' && dv && dvText.trim()) dv.formulas.push(dvText.trim());
        collect = undefined;
        return;
      }
      if (name === 'c' && cell) {
        const c = cell;
        cell = undefined;
        let value = c.v;
        if (c.type === 's') (value = sst[Number(c.v)] ?? ''), shared?.used.add(Number(c.v)), shared?.shown.push(value);
        const runs = c.type === 's' ? styles.unseen.get(Number(c.v)) : c.runs;
        const style = c.s === undefined ? undefined : styles.cells.get(c.s);
        if (runs) {
          const { shown, unseen, unstruck } = shownText(runs, style);
          value = shown;
          for (const piece of unseen) besideCell(piece, c.row ?? rowNum, c.column ?? col);
          if (unstruck) besideCell(unstruck, c.row ?? rowNum, c.column ?? col);
        }
        else if (c.type === 'b') value = c.v === '1' ? 'TRUE' : c.v === '0' ? 'FALSE' : c.v;
        if (c.type === 's' && c.v !== '' && sst[Number(c.v)] === undefined) p.missingStrings++;
        const at = c.ref?.replace(/\$/g, '').toUpperCase() ?? `${columnName(c.column ?? col)}${c.row ?? rowNum}`;
        if (value !== '' && p.values.size < MAX_REFERRED_VALUES) p.values.set(at, c.type === 's' || c.type === 'inlineStr' || c.type === 'str' ? value : c.v);
        // A formula without a cached result is computed when the workbook opens: what its literals
        // spell where the formula joins or returns them ("机密"&"★5年", IF(TRUE,"机密★5年",""),
        // CONCATENATE("机密","★5年")) is what the cell shows. Literals it only compares against or
        // looks up (IF(A1="机密",…), COUNTIF(B:B,"机密")) are not (see formulaResults).
        // A value written as a formula of literals (`<f>` renamed `<v>`, a formula pasted as text)
        // is read that way too: the literals it joins stand beside it, as a formula's would.
        let formula = c.f;
        if (c.shared !== undefined) {
          if (formula.trim()) sharedFormulas.set(c.shared, { formula, row: c.row ?? rowNum, column: c.column ?? col });
          else {
            // Its relative references move with it (B1 = A1&"密★5年" shared down: B2 = A2&"密★5年").
            const master = sharedFormulas.get(c.shared);
            formula = master ? shiftFormula(master.formula, (c.row ?? rowNum) - master.row, (c.column ?? col) - master.column) : '';
          }
        }
        // A defined name in the formula stands for its own formula (=密级, 密级 = CONCATENATE("机密","★5年")).
        const analysed = formula.trim() ? analyseFormula(formula, names) : undefined;
        const results = analysed ? analysed.results : value.includes('"') ? [literalFormula(value)].filter((x): x is string => x !== undefined) : [];
        // Characters computed from codes not known here (UNICHAR(A1)&UNICHAR(A2), the codes in
        // other cells) and no stored result: what the cell shows was not read.
        // A stored result counts only where Excel shows it as stored: a workbook it computes again on
        // opening shows what the formula gives (REPLACE("机X密★5年",2,1,"") over a stored 公开). What
        // parts of a formula are read ("机"&REPLACE(…)) says nothing of the part that is not.
        const computed = (value === '' && !c.cached) || !!p.recalculated;
        if (analysed?.unknownChars && computed) p.unknownChars.push(c.ref ?? `${columnName(c.column ?? col)}${c.row ?? rowNum}`);
        else if (analysed?.opaque && computed) p.opaque.push(c.ref ?? `${columnName(c.column ?? col)}${c.row ?? rowNum}`);
        // One result, and no cached one: the cell shows it. Several (IF(B2>0,"机密","秘密")): which
        // one it shows is not known here, so each stands beside the cell, placed at it.
        if (value === '' && !c.cached && results.length === 1) value = results[0];
        // A cached result is only what the formula gave when last computed: Excel computes it
        // again on load (fullCalcOnLoad) or on any change. What the formula can give otherwise
        // stands alone, placed at the cell.
        else for (const r of results) if (r !== value) besideCell(r, c.row ?? rowNum, c.column ?? col);
        for (const more of c.more ?? []) for (const text of new Set([more, literalFormula(more) ?? more])) besideCell(text, c.row ?? rowNum, c.column ?? col);
        // A number format with literal text shows that text with (or instead of) the value.
        const code = c.s === undefined ? undefined : formats.get(c.s);
        const stored = value;
        if (recordCf && stored !== '') cfCells.push({ row: c.row ?? rowNum, column: c.column ?? col, stored, isText: c.type === 's' || c.type === 'inlineStr' || c.type === 'str' });
        if (code !== undefined && value !== '') value = formatValue(code, value, c.type === 's' || c.type === 'inlineStr' || c.type === 'str') ?? value;
        // A format that shows its literal instead of the value (;;;"Public" over SECRET) must not
        // make the stored value vanish: it is read beside the formulas, hidden text of the sheet.
        // It stands alone on its line, placed at its cell, as the cell would show it without the format.
        if (value !== stored && !value.includes(stored)) {
          besideCell(stored, c.row ?? rowNum, c.column ?? col);
        }
        // A cell without a style of its own, in a row or column styled with such a format: what
        // the format shows of it (机 before 密★5年) stands alone, placed at the cell.
        if (c.s === undefined && stored !== '') {
          const at = c.column ?? col;
          const inherited = rowStyle ?? columnStyles.find(([lo, hi]) => at >= lo && at <= hi)?.[2];
          const alt = inherited === undefined ? undefined : formats.get(inherited);
          const shown = alt === undefined ? undefined : formatValue(alt, stored, c.type === 's' || c.type === 'inlineStr' || c.type === 'str');
          if (shown !== undefined && shown !== stored) besideCell(shown, c.row ?? rowNum, at);
        }
        // A cell nobody sees (its row or column hidden or squeezed to nothing, its style's font
        // unseen, a format that shows nothing of it) is read beside the cells, placed at it: the
        // row reads as it shows.
        // (A rich string's runs were weighed one by one above, against the style's font.)
        const column = c.column ?? col;
        const isText = c.type === 's' || c.type === 'inlineStr' || c.type === 'str';
        const styleWhy = style && (isText ? ((runs ? undefined : style.fontUnseen) ?? style.textFormatEmpty) : (style.fontUnseen ?? style.numberFormatEmpty));
        if (value !== '' && (rowHidden || styleWhy || hiddenColumns.some(([lo, hi]) => column >= lo && column <= hi))) {
          besideCell(value, c.row ?? rowNum, column);
          value = '';
        }
        if (value !== '') {
          if (!rowOpen) p.cells.beginParagraph(), (rowOpen = true);
          else p.cells.append('\t');
          const start = p.cells.offset;
          p.cells.append(value);
          p.cells.addBlock(start, p.cells.offset, { kind: 'table-cell', row: c.row ?? rowNum, column: c.column ?? col });
          p.cellCount++;
          const here = { row: c.row ?? rowNum, column: c.column ?? col, value };
          const last = shownCells[shownCells.length - 1];
          if (last && (here.row < last.row || (here.row === last.row && here.column <= last.column))) outOfOrder = true;
          shownCells.push(here);
        }
        if (formula.trim() && REFERENCE.test(formula.replace(/"(?:[^"]|"")*"/g, '""'))) p.referring.push({ ref: at, row: c.row ?? rowNum, column: c.column ?? col, formula: c.array ? elementFormula(formula, 0, 0) : formula, value });
        // An array formula over ranges fills its range cell by cell (A1:A2&"密★5年" over B1:B2: B2
        // shows A2&"密★5年"); its other cells hold only a stored result, which Excel computes again.
        const spill = c.array ? sqrefRange(c.array) : undefined;
        // Only a formula over ranges that may spell text (joins, literals) is worked out cell by cell.
        if (spill && formula.trim() && /[A-Za-z]{1,3}\$?\d+:\$?[A-Za-z]{1,3}\$?\d+/.test(formula) && /[&"]|CONCAT|TEXTJOIN/i.test(formula)) {
          // Past the sheet's bound (a range of a million cells) the cells are not worked out: a loss.
          const cells = (spill.bottom - spill.top + 1) * (spill.right - spill.left + 1);
          if (!Number.isFinite(cells) || spilled + cells > MAX_SPILLED) p.unspilled.push(`${c.ref ?? at} (${c.array})`);
          else
            for (let r = spill.top; r <= spill.bottom; r++)
              for (let k = spill.left; k <= spill.right; k++) {
                if (r === spill.top && k === spill.left) continue;
                spilled++;
                const f = elementFormula(formula, r - spill.top, k - spill.left);
                if (f !== formula) p.referring.push({ ref: `${columnName(k)}${r}`, row: r, column: k, formula: f, value: '' });
              }
        }
        if (c.f.trim()) {
          p.formulas.append(`${c.ref ?? `${columnName(c.column ?? col)}${c.row ?? rowNum}`}: =${c.f.trim()}`);
          p.formulas.endParagraph({ kind: 'paragraph' });
          // HYPERLINK("…/%E6%9C%BA%E5%AF%86…"): an address is shown decoded on hover; each such literal
          // is read so as well, on a line of its own.
          if (c.f.includes('%'))
            for (const m of c.f.matchAll(/"((?:[^"]|"")*)"/g)) {
              const shown = uriText(m[1].replace(/""/g, '"'));
              if (shown !== m[1] && /[^\x00-\x7f]/.test(shown)) p.formulas.append(shown), p.formulas.endParagraph({ kind: 'paragraph' });
            }
        }
        return;
      }
      if (name === 'cfRule' && cf && cfRule) {
        if (cfRule.code !== undefined) cf.codes.push(cfRule.code);
        cfRule = undefined;
        return;
      }
      if (name === 'sqref' && cf) {
        cf.inSqref = false;
        return;
      }
      if (name === 'conditionalFormatting' && cf) {
        // Whether a rule holds is not worked out: what each format would show of each cell in its
        // range stands alone, placed at the cell.
        const ranges = cf.sqref.trim().split(/\s+/).map(sqrefRange).filter((r): r is CellRange => r !== undefined);
        for (const code of cf.codes)
          for (const c of cfCells) {
            if (!ranges.some((r) => c.row >= r.top && c.row <= r.bottom && c.column >= r.left && c.column <= r.right)) continue;
            const shown = formatValue(code, c.stored, c.isText);
            if (shown !== undefined && shown !== c.stored) besideCell(shown, c.row, c.column);
          }
        cf = undefined;
        return;
      }
      if (name === 'row') {
        if (rowOpen) p.cells.closeParagraph();
        rowOpen = false;
        p.rows++;
        return;
      }
      if (hf && name === hf.name) {
        const to = /Header$/.test(name) ? p.header : p.footer;
        for (const line of headerFooterText(printedCodes(hf.text, sheetName, p.fileName))) {
          to.append(line);
          to.endParagraph({ kind: 'paragraph' });
        }
        hf = undefined;
        collect = undefined;
        return;
      }
      if (name === 'dataValidation' && dv) {
        const where = dv.sqref ? `${sheetName}!${dv.sqref}` : sheetName;
        // The cells on a line of their own, then each title, message and list as Excel shows them,
        // one per line: a prompt that is a marking alone (title 密级, message 机密★5年) stands
        // alone on its line, not after a cell reference that reads as a sentence running into it.
        p.validation.append(`${where}:`);
        p.validation.endParagraph({ kind: 'paragraph' });
        for (const line of [...dv.prompt, ...dv.formulas.map(validationList)]) {
          p.validation.append(line);
          p.validation.endParagraph({ kind: 'paragraph' });
        }
        dv = undefined;
      }
    },
    text(t) {
      if (cell?.rich) return cell.rich.text(t);
      if (cf?.inSqref) cf.sqref += ` ${t}`;
      if (collect === 'v' && cell) cell.v += t;
      else if (collect === 'f' && cell) cell.f += t;
      else if (collect === 'hf' && hf) hf.text += t;
      else if (collect === 'dv') dvText += t;
    },
  });
  p.shown = shownCells;
  // One-character cells down a column (机 密 ★ 5 年 in A1–A5 beside other columns) read as the vertical line they show.
  for (const run of columnRuns(shownCells)) {
    p.columns.beginParagraph();
    for (const c of run) {
      const start = p.columns.offset;
      p.columns.append(c.value.trim());
      p.columns.addBlock(start, p.columns.offset, { kind: 'table-cell', row: c.row, column: c.column });
    }
    p.columns.closeParagraph();
  }
  // A row of 年 5 ★ 密 机 written E1 … A1, or 机 密 … in A1 … E1 of a right-to-left sheet, reads 机密★5年
  // on screen: the cells are read again as they stand, in a part of their own.
  if (outOfOrder || rightToLeft) {
    const sorted = [...shownCells].sort((x, y) => x.row - y.row || (rightToLeft ? y.column - x.column : x.column - y.column));
    let row = -1;
    for (const c of sorted) {
      if (c.row !== row) {
        if (row >= 0) p.inPlace.closeParagraph();
        p.inPlace.beginParagraph();
        row = c.row;
      } else p.inPlace.append('\t');
      const start = p.inPlace.offset;
      p.inPlace.append(c.value);
      p.inPlace.addBlock(start, p.inPlace.offset, { kind: 'table-cell', row: c.row, column: c.column });
    }
    if (row >= 0) p.inPlace.closeParagraph();
  }
}

/** A short one-line text shape anchored at a cell of the sheet (row and column from 1; `after`: set off into the cell). */
interface AnchoredShape {
  row: number;
  column: number;
  after: boolean;
  text: string;
}

/**
 * Text shapes of a drawing anchored at a cell (`xdr:twoCellAnchor`, `xdr:oneCellAnchor`) holding one
 * short line: a piece of a line spelled across a cell and a shape standing beside it.
 */
function anchoredShapes(xml: string): AnchoredShape[] {
  const out: AnchoredShape[] = [];
  let anchor: { from: Record<string, string>; inFrom: boolean; field?: string; texts: string[]; shapes: number; hidden: boolean; para: string } | undefined;
  let inText = false;
  parseXml(xml, {
    open(name, a) {
      if (name === 'twoCellAnchor' || name === 'oneCellAnchor') anchor = { from: {}, inFrom: false, texts: [], shapes: 0, hidden: false, para: '' };
      else if (!anchor) return;
      else if (name === 'from') anchor.inFrom = true;
      else if (anchor.inFrom && (name === 'col' || name === 'row' || name === 'colOff')) anchor.field = name;
      else if (name === 'sp') anchor.shapes++;
      else if (name === 'cNvPr' && onOff(attr(a, 'hidden'))) anchor.hidden = true;
      else if (name === 't') inText = true;
    },
    close(name) {
      if (!anchor) return;
      if (name === 'from') anchor.inFrom = false;
      else if (name === 'col' || name === 'row' || name === 'colOff') anchor.field = undefined;
      else if (name === 't') inText = false;
      else if (name === 'p') {
        if (anchor.para.trim()) anchor.texts.push(anchor.para.trim());
        anchor.para = '';
      } else if (name === 'twoCellAnchor' || name === 'oneCellAnchor') {
        const row = Number(anchor.from.row);
        const column = Number(anchor.from.col);
        const text = anchor.texts[0] ?? '';
        if (anchor.shapes === 1 && anchor.texts.length === 1 && !anchor.hidden && [...text].length <= SHAPE_PIECE && Number.isInteger(row) && Number.isInteger(column) && row >= 0 && column >= 0)
          out.push({ row: row + 1, column: column + 1, after: Number(anchor.from.colOff) > 0, text });
        anchor = undefined;
      }
    },
    text(t) {
      if (!anchor) return;
      if (anchor.field) anchor.from[anchor.field] = (anchor.from[anchor.field] ?? '') + t.trim();
      else if (inText) anchor.para += t;
    },
  });
  return out;
}

/**
 * The rows in which a short text shape stands, read with their cells in the order they stand (`机`
 * in A1 and a box of 密★5年 anchored at B1 show 机密★5年): a cell and a shape are read apart otherwise.
 */
function rowsWithShapes(cells: ReadonlyArray<{ row: number; column: number; value: string }>, shapes: AnchoredShape[], id: string, visible: boolean, origin: PartOrigin): TextPart | undefined {
  if (!shapes.length) return undefined;
  const rows = new Map<number, Array<{ key: number; column: number; text: string }>>();
  for (const sh of shapes) rows.set(sh.row, [...(rows.get(sh.row) ?? []), { key: sh.column - 0.1 + (sh.after ? 0.5 : 0), column: sh.column, text: sh.text }]);
  for (const c of cells) rows.get(c.row)?.push({ key: c.column, column: c.column, text: c.value });
  const b = new PartBuilder(id, visible ? 'body' : 'hidden', origin);
  for (const [row, items] of [...rows].sort((x, y) => x[0] - y[0])) {
    if (items.length < 2) continue;
    items.sort((x, y) => x.key - y.key);
    b.beginParagraph();
    items.forEach((it, i) => {
      if (i) b.append('\t');
      const start = b.offset;
      b.append(it.text);
      b.addBlock(start, b.offset, { kind: 'table-cell', row, column: it.column });
    });
    b.closeParagraph();
  }
  return b.blank ? undefined : b.toPart();
}

/**
 * A shared formula as a cell `rows` below and `columns` right of the one that writes it reads: its
 * relative references (`A1`, `A$1`, `A:A`, `1:1`; not `$A$1`) moved by as much, its string literals,
 * quoted sheet names and structured references (`表1[密级]`) left as written.
 */
export function shiftFormula(formula: string, rows: number, columns: number): string {
  if (!rows && !columns) return formula;
  const colNo = (letters: string) => cellRef(`${letters}1`).column ?? 0;
  const moveCol = (abs: string, letters: string) => (abs || !columns ? abs + letters : columnName(Math.min(16384, Math.max(1, colNo(letters) + columns))));
  const moveRow = (abs: string, digits: string) => (abs || !rows ? abs + digits : String(Math.min(1048576, Math.max(1, Number(digits) + rows))));
  const ref = /(?<![\p{L}\p{N}_.])(\$?)([A-Za-z]{1,3})(\$?)(\d+)(?![\p{L}\p{N}_(])|(?<![\p{L}\p{N}_.])(\$?)([A-Za-z]{1,3}):(\$?)([A-Za-z]{1,3})(?![\p{L}\p{N}_(])|(?<![\p{L}\p{N}_.])(\$?)(\d+):(\$?)(\d+)(?![\p{L}\p{N}_.(])/gu;
  return formula.replace(/("(?:[^"]|"")*"|'(?:[^']|'')*'|\[[^\]]*\])|([^"'\[]+)/g, (_, quoted: string | undefined, plain: string | undefined) =>
    quoted ?? plain!.replace(ref, (m, a1: string, c1: string, a2: string, r1: string, a3: string, c2: string, a4: string, c3: string, a5: string, r2: string, a6: string, r3: string) =>
      c1 !== undefined ? (colNo(c1) > 16384 ? m : moveCol(a1, c1) + moveRow(a2, r1))
      : c2 !== undefined ? `${moveCol(a3, c2)}:${moveCol(a4, c3)}`
      : `${moveRow(a5, r2)}:${moveRow(a6, r3)}`,
    ),
  );
}

/** Most cells of a sheet's array formulas' ranges worked out one by one. */
const MAX_SPILLED = 20_000;

/**
 * The formula an array formula computes for the cell `rows` below and `columns` right of its first:
 * each range (`A1:A5`, `$A$1:$B$5`) stands for its element at that place (a range one row high or
 * one column wide for its only one that way). String literals and quoted sheet names are kept.
 */
export function elementFormula(formula: string, rows: number, columns: number): string {
  const range = /(?<![\p{L}\p{N}_.])(\$?[A-Za-z]{1,3}\$?\d+):(\$?[A-Za-z]{1,3}\$?\d+)(?![\p{L}\p{N}_(])/gu;
  return formula.replace(/("(?:[^"]|"")*"|'(?:[^']|'')*'|\[[^\]]*\])|([^"'\[]+)/g, (_, quoted: string | undefined, plain: string | undefined) =>
    quoted ??
    plain!.replace(range, (m, from: string, to: string) => {
      const a = cellRef(from);
      const b = cellRef(to);
      if (a.row === undefined || b.row === undefined) return m;
      const dr = b.row === a.row ? 0 : rows;
      const dc = b.column === a.column ? 0 : columns;
      const row = a.row + dr;
      const column = a.column! + dc;
      // Past the range's end the element is #N/A: nothing known.
      if (row > Math.max(a.row, b.row) || column > Math.max(a.column!, b.column!)) return '#N/A';
      return `${columnName(column)}${row}`;
    }),
  );
}

/** A cell reference in a formula (`B7`, `$B$7`, `表!B7`), outside its string literals. */
const REFERENCE = /(?:^|[^\p{L}\p{N}_."])\$?[A-Za-z]{1,3}\$?\d+(?![\p{L}\p{N}_(])/u;
/** Most cell values kept for the formulas that refer to them. */
const MAX_REFERRED_VALUES = 200_000;

/**
 * What formulas that refer to cells show, worked out with the values of the cells they refer to
 * (`A9&D12`, `数据!A9&数据!D12`, with 机 in A9 and 密★5年 in D12: the cell shows 机密★5年, when
 * computed on opening or on any change). Each result not already read as the cell's value stands
 * alone, placed at the cell, in a part of the sheet. `sheets`: every sheet's values by name.
 */
function referredResults(
  referring: ReadonlyArray<{ ref: string; row: number; column: number; formula: string; value: string }>,
  own: ReadonlyMap<string, string>,
  sheets: ReadonlyMap<string, ReadonlyMap<string, string>>,
  names: FormulaNames,
  id: string,
  role: 'body' | 'hidden',
  origin: PartOrigin,
): TextPart | undefined {
  if (!referring.length) return undefined;
  const literal = (v: string) => (/^-?\d+(\.\d+)?$/.test(v) ? v : `"${v.replace(/"/g, '""')}"`);
  const b = new PartBuilder(id, role, origin);
  for (const f of referring) {
    const plain = f.formula.replace(/"(?:[^"]|"")*"|\$/g, (m) => (m === '$' ? '' : m));
    // The values of the cells this formula names, and the workbook's defined names.
    const scope = new Map<string, readonly string[]>(names);
    for (const m of plain.replace(/"(?:[^"]|"")*"/g, '""').matchAll(/(?:('(?:[^']|'')+'|[\p{L}\p{N}_.]+)!)?([A-Za-z]{1,3}\d+)/gu)) {
      const sheet = m[1]?.replace(/^'|'$/g, '').replace(/''/g, "'");
      const v = (sheet === undefined ? own : sheets.get(sheet))?.get(m[2].toUpperCase());
      if (v !== undefined) scope.set(m[0], [literal(v)]);
    }
    for (const r of analyseFormula(plain, scope).results) {
      if (r === f.value || r === own.get(f.ref)) continue;
      const start = b.offset;
      b.append(r);
      b.addBlock(start, b.offset, { kind: 'table-cell', row: f.row, column: f.column });
      b.endParagraph({ kind: 'paragraph' });
    }
  }
  return b.blank ? undefined : b.toPart();
}

/** A list validation's source `"机密,秘密,内部"` → `机密, 秘密, 内部`; a range reference stays as written. */
function validationList(f: string): string {
  const m = /^"([\s\S]*)"$/.exec(f);
  return m ? m[1].replace(/""/g, '"').split(',').map((s) => s.trim()).join(', ') : f;
}

/** Comments of a sheet (`xl/commentsN.xml`): one part per comment, with the cell and author. */
function readComments(xml: string, path: string, sheet: string, out: TextPart[]): void {
  const authors: string[] = [];
  let author: string | undefined;
  let c: { ref: string; author: string; rich: RichText } | undefined;
  parseXml(xml, {
    open(name, a) {
      if (c) return c.rich.open(name);
      if (name === 'author') author = '';
      else if (name === 'comment') c = { ref: attr(a, 'ref') ?? '', author: authors[Number(attr(a, 'authorId'))] ?? '', rich: new RichText() };
    },
    close(name) {
      if (name === 'author' && author !== undefined) authors.push(author), (author = undefined);
      else if (name === 'comment' && c) {
        const b = new PartBuilder(`${path}#${c.ref}`, 'comment', { filePart: path, detail: `comment on ${sheet}!${c.ref}${c.author ? ` by ${c.author}` : ''}` });
        for (const line of c.rich.value.split(/\r?\n/)) b.append(line), b.endParagraph({ kind: 'paragraph' });
        if (!b.blank) out.push(b.toPart());
        c = undefined;
      } else c?.rich.close(name);
    },
    text(t) {
      if (c) c.rich.text(t);
      else if (author !== undefined) author += t;
    },
  });
}

/** Threaded comments (`xl/threadedComments/*.xml`): one part per comment or reply. */
function readThreadedComments(xml: string, path: string, sheet: string, out: TextPart[]): void {
  let c: { ref: string; id: string; text: string; inText: boolean } | undefined;
  parseXml(xml, {
    open(name, a) {
      if (name === 'threadedComment') c = { ref: attr(a, 'ref') ?? '', id: attr(a, 'id') ?? String(out.length), text: '', inText: false };
      else if (name === 'text' && c) c.inText = true;
    },
    close(name) {
      if (name === 'text' && c) c.inText = false;
      else if (name === 'threadedComment' && c) {
        const b = new PartBuilder(`${path}#${c.id}`, 'comment', { filePart: path, detail: `threaded comment on ${sheet}!${c.ref}` });
        for (const line of c.text.split(/\r?\n/)) b.append(line), b.endParagraph({ kind: 'paragraph' });
        if (!b.blank) out.push(b.toPart());
        c = undefined;
      }
    },
    text(t) {
      if (c?.inText) c.text += t;
    },
  });
}

/**
 * Extracts an XLSX/XLSM workbook. Never throws for a user's file: damage, encryption, limits and
 * aborts come back as unread items next to whatever could be read.
 */
export async function extractXlsx(bytes: Uint8Array, ctx: ExtractContext): Promise<Extraction> {
  const result = { format: 'xlsx', mediaType: XLSX_MEDIA_TYPE, parts: [] as TextPart[], unread: [] as Extraction['unread'], images: [] as NonNullable<Extraction['images']>, embedded: [] as NonNullable<Extraction['embedded']>, info: {} as NonNullable<Extraction['info']> };
  if (ctx.signal?.aborted) {
    result.unread.push({ where: 'file', reason: 'aborted', detail: 'The scan was cancelled before the workbook was read.' });
    return result;
  }
  let pkg: OpcPackage | undefined;
  try {
    pkg = OpcPackage.open(bytes, ctx, result, 'a legacy Excel 97-2003 workbook (.xls) or another Office binary file');
    // Excel shows `_x2605_` in a string as ★: every part's text is read as Excel draws it.
    if (pkg) pkg.xmlText = unescapeXstrings;
    if (pkg) await readWorkbook(pkg, result, ctx.filename?.split(/[\\/]/).pop());
  } catch (err) {
    const msg = err instanceof Error ? err.message : String(err);
    const reason = (err as { reason?: string }).reason;
    if (reason === 'limit' || reason === 'corrupt' || reason === 'encrypted') result.unread.push({ where: 'file', reason, detail: `The workbook could not be read: ${msg}.` });
    else if (ctx.signal?.aborted) result.unread.push({ where: 'file', reason: 'aborted', detail: 'The scan was cancelled while the workbook was being read.' });
    else result.unread.push({ where: 'file', reason: 'error', detail: `The workbook could not be read completely: ${msg}.` });
  }
  return result;
}

/** `"机密"&"★"&"5年"`: the concatenated literals of a formula made of string literals only, else undefined. */
export function literalFormula(f: string): string | undefined {
  const lit = String.raw`"(?:[^"]|"")*"`;
  if (!new RegExp(String.raw`^\s*${lit}(?:\s*&\s*${lit})*\s*$`).test(f)) return undefined;
  return [...f.matchAll(/"((?:[^"]|"")*)"/g)].map((m) => m[1].replace(/""/g, '"')).join('');
}


/**
 * Number formats (by cell style index) that write literal text: `"机密★"0"年"`, `\机\密0`,
 * `"机密★5年"`. Built-in and purely numeric formats are left out: they show the value as stored.
 */
export function literalFormats(stylesXml: string): Map<number, string> {
  const codes = new Map<number, string>();
  const out = new Map<number, string>();
  let inXfs = false;
  let xf = 0;
  parseXml(stylesXml, {
    open(name, a) {
      if (name === 'numFmt') {
        const id = Number(attr(a, 'numFmtId'));
        const code = attr(a, 'formatCode');
        if (Number.isInteger(id) && code && /"[^"]+"|\\./.test(currencyLiterals(code))) codes.set(id, code);
      } else if (name === 'cellXfs') inXfs = true;
      else if (name === 'xf' && inXfs) {
        const code = codes.get(Number(attr(a, 'numFmtId')));
        if (code !== undefined) out.set(xf, code);
        xf++;
      }
    },
    close(name) {
      if (name === 'cellXfs') inXfs = false;
    },
    text() {},
  });
  return out;
}

/**
 * Number formats with literal text of the differential styles (`dxfs`, by index) that conditional
 * formats apply: a rule's style shows its format over the cell when the rule holds.
 */
export function dxfFormats(stylesXml: string): Map<number, string> {
  const out = new Map<number, string>();
  let inDxfs = false;
  let dxf = -1;
  parseXml(stylesXml, {
    open(name, a) {
      if (name === 'dxfs') inDxfs = true;
      else if (inDxfs && name === 'dxf') dxf++;
      else if (inDxfs && name === 'numFmt') {
        const code = attr(a, 'formatCode');
        if (code && /"[^"]+"|\\./.test(currencyLiterals(code))) out.set(dxf, code);
      }
    },
    close(name) {
      if (name === 'dxfs') inDxfs = false;
    },
    text() {},
  });
  return out;
}

/** What a cell style (`cellXfs` entry) decides of how its cell's value shows. */
export interface CellStyle {
  /** Its fill: a solid fill's colour, `mixed` for a pattern or gradient or a colour not known here; undefined for none. */
  fill?: string;
  /** Its font's colour (see {@link fontColour}), when known. */
  font?: string;
  /** Its font is 2 pt and less. */
  tiny?: boolean;
  /** Why its font shows nothing: in the fill's colour (white on no fill), or 2 pt and less. */
  fontUnseen?: string;
  /** Its number format's text section is empty (`;;;`): text values show nothing. */
  textFormatEmpty?: string;
  /** Its number format's number sections are empty: numbers show nothing. */
  numberFormatEmpty?: string;
}

/** The sections of a number format code (`pos;neg;zero;text`), split at semicolons outside quotes and escapes. */
function formatSections(code: string): string[] {
  const out: string[] = [];
  let cur = '';
  for (let i = 0; i < code.length; i++) {
    const ch = code[i];
    if (ch === '\\' && i + 1 < code.length) cur += ch + code[++i];
    else if (ch === '"') {
      const end = code.indexOf('"', i + 1);
      const stop = end < 0 ? code.length : end;
      cur += code.slice(i, stop + 1);
      i = stop;
    } else if (ch === ';') out.push(cur), (cur = '');
    else cur += ch;
  }
  out.push(cur);
  return out;
}

/**
 * The cell styles (by index) that decide something of how a value shows: a fill (text in its colour
 * is not seen), a font's colour and size, a number format that shows nothing (`;;;`). A piece so
 * written in the cell between two others (机 | 开 | 密★5年) hid a marking spelled across the row.
 */
export function cellStyles(stylesXml: string): Map<number, CellStyle> {
  const codes = new Map<number, string>();
  const fonts: Array<{ colour?: string; size?: number }> = [];
  const fills: Array<string | undefined> = [];
  const out = new Map<number, CellStyle>();
  let font: { colour?: string; size?: number } | undefined;
  let fill: { pattern?: string; gradient: boolean; colour?: string } | undefined;
  let where: 'fonts' | 'fills' | 'cellXfs' | undefined;
  let xf = 0;
  parseXml(stylesXml, {
    open(name, a) {
      if (name === 'fonts' || name === 'fills' || name === 'cellXfs') where = name;
      else if (name === 'numFmt') {
        const id = Number(attr(a, 'numFmtId'));
        const code = attr(a, 'formatCode');
        if (Number.isInteger(id) && code !== undefined) codes.set(id, code);
      } else if (where === 'fonts' && name === 'font') font = {};
      else if (font && name === 'color') font.colour = fontColour(a);
      else if (font && name === 'sz') font.size = Number(attr(a, 'val'));
      else if (where === 'fills' && name === 'fill') fill = { gradient: false };
      else if (fill && name === 'patternFill') fill.pattern = attr(a, 'patternType') ?? 'none';
      else if (fill && name === 'gradientFill') fill.gradient = true;
      else if (fill && name === 'fgColor') fill.colour = fontColour(a);
      else if (where === 'cellXfs' && name === 'xf') {
        const style: CellStyle = {};
        const f = fonts[Number(attr(a, 'fontId') ?? 0)];
        const ground = fills[Number(attr(a, 'fillId') ?? 0)];
        if (ground) style.fill = ground;
        if (f?.colour) style.font = f.colour;
        if (f?.size !== undefined && f.size > 0 && f.size <= UNSEEN_MAX_POINTS) (style.tiny = true), (style.fontUnseen = 'a font of 2pt and less');
        else if (f?.colour && ground !== 'mixed' && sameColour(f.colour, ground ?? 'FFFFFF')) style.fontUnseen = ground ? 'a font in the colour of its fill' : 'white text on a cell without fill';
        const code = codes.get(Number(attr(a, 'numFmtId')));
        if (code !== undefined) {
          const sections = formatSections(code);
          if (sections.length >= 4 && sections[3].trim() === '') style.textFormatEmpty = 'a number format that shows no text (;;;)';
          if (sections.length >= 3 && sections.slice(0, 3).every((x) => x.trim() === '')) style.numberFormatEmpty = 'a number format that shows no number (;;)';
        }
        if (Object.keys(style).length) out.set(xf, style);
        xf++;
      }
    },
    close(name) {
      if (name === 'fonts' || name === 'fills' || name === 'cellXfs') where = undefined;
      else if (name === 'font' && font) fonts.push(font), (font = undefined);
      else if (name === 'fill' && fill) {
        const painted = fill.gradient || (fill.pattern !== undefined && fill.pattern !== 'none');
        fills.push(!painted ? undefined : fill.pattern === 'solid' && fill.colour && !fill.gradient ? fill.colour : 'mixed');
        fill = undefined;
      }
    },
    text() {},
  });
  return out;
}

/** What a cell shows under a format with literal text: shared with the formula reader's TEXT(). */
export { formatValue };

async function readWorkbook(pkg: OpcPackage, result: Extraction & { parts: TextPart[] }, fileName?: string): Promise<void> {
  const wbPath = pkg.mainPart('xl/workbook.xml');
  // An Excel binary workbook (.xlsb): the same package, its parts BIFF12 records (see xlsb.ts).
  const binary = /\.bin$/i.test(wbPath);
  const wbBin = binary ? pkg.read(wbPath) : undefined;
  const wbXml = binary ? undefined : pkg.xml(wbPath);
  const tallies: Tally[] = [];
  const tally = (path: string) => {
    const t = new Tally(path);
    tallies.push(t);
    return t;
  };
  const binStrings = (path: string, strings: string[], detail: string) => {
    const b = new PartBuilder(`${path}#strings`, 'metadata', { filePart: path, detail });
    for (const t of strings) for (const line of t.split(/\r?\n/)) b.append(line), b.endParagraph({ kind: 'paragraph' });
    if (!b.blank) result.parts.push(b.toPart());
  };
  if (wbXml === undefined && wbBin === undefined) {
    if (!result.unread.some((u) => u.where === wbPath)) result.unread.push({ where: wbPath, reason: 'corrupt', detail: `The package has no workbook (${wbPath}); it is not a readable spreadsheet.` });
    pkg.finish({ structure: STRUCTURE, xmlRole: () => ({ role: 'hidden', detail: 'package part' }) });
    return;
  }
  const binWb = wbBin ? readWorkbookBin(wbBin, tally(wbPath), CURRENT_CALC_ID) : undefined;
  const wb = binWb ?? readWorkbookXml(wbXml!);
  if (binWb) binStrings(wbPath, binWb.strings, 'code name, application and the folder the workbook was saved from');
  const wbRels = pkg.rels(wbPath);
  const stylesPath = [...wbRels.values()].find((r) => r.type === 'styles' && !r.external)?.target ?? (binary ? 'xl/styles.bin' : 'xl/styles.xml');
  let binStyles: BinStyles | undefined;
  if (binary && /\.bin$/i.test(stylesPath) && pkg.has(stylesPath)) {
    const bytes = pkg.read(stylesPath);
    if (bytes) {
      binStyles = readStylesBin(bytes, tally(stylesPath));
      binStrings(stylesPath, binStyles.strings, 'number formats, font and style names');
    }
  }
  const sstPath = [...wbRels.values()].find((r) => r.type === 'sharedStrings' && !r.external)?.target ?? (binary ? 'xl/sharedStrings.bin' : 'xl/sharedStrings.xml');
  const unseenRuns = new Map<number, UnseenRuns>();
  let sst: string[] = [];
  if (binary && /\.bin$/i.test(sstPath)) {
    const bytes = pkg.has(sstPath) ? pkg.read(sstPath) : undefined;
    const read = bytes ? readSharedStringsBin(bytes, binStyles?.fonts ?? [], tally(sstPath)) : undefined;
    if (read) {
      sst = read.sst;
      for (const [i, runs] of read.unseen) unseenRuns.set(i, runs);
      const ph = new PartBuilder(`${sstPath}#phonetic`, 'hidden', { filePart: sstPath, detail: 'phonetic readings of shared strings' });
      for (const t of read.phonetic) ph.append(t), ph.endParagraph({ kind: 'paragraph' });
      if (!ph.blank) result.parts.push(ph.toPart());
    }
  } else {
    const sstXml = pkg.has(sstPath) ? pkg.xml(sstPath) : undefined;
    sst = sstXml ? readSharedStrings(sstXml, unseenRuns) : [];
  }
  // Cell and value metadata of an XLSB (metadata.bin): the names of its types.
  for (const r of wbRels.values()) {
    if (!binary || r.external || r.type !== 'sheetMetadata' || !/\.bin$/i.test(r.target) || !pkg.has(r.target)) continue;
    const bytes = pkg.read(r.target);
    if (bytes) binStrings(r.target, readMetadataBin(bytes, tally(r.target)), 'names of cell metadata types');
  }
  // Shared strings some cell shows, by index: what the reading holds of the table.
  const usedStrings = new Set<number>();
  const stylesXml = binStyles ? binStyles.xml : !binary && pkg.has(stylesPath) ? pkg.xml(stylesPath) : undefined;
  const formats = stylesXml ? literalFormats(stylesXml) : new Map<number, string>();
  const styles = stylesXml ? cellStyles(stylesXml) : new Map<number, CellStyle>();
  const conditional = stylesXml ? dxfFormats(stylesXml) : new Map<number, string>();
  result.info!.sheets = wb.sheets.length;
  result.info!.sharedStrings = sst.length;

  // Sheet names: visible ones are on the tabs; hidden ones are in the file only.
  const names = new PartBuilder(`${wbPath}#sheet-names`, 'sheet-name', { filePart: wbPath, detail: 'sheet names' });
  const hiddenNames = new PartBuilder(`${wbPath}#hidden-sheet-names`, 'hidden', { filePart: wbPath, detail: 'names of hidden sheets' });
  for (const s of wb.sheets) {
    const b = s.state === 'visible' ? names : hiddenNames;
    b.append(s.name);
    b.endParagraph({ kind: 'paragraph' });
  }
  const definedNames = new PartBuilder(`${wbPath}#defined-names`, 'metadata', { filePart: wbPath, detail: 'defined names' });
  const formulaNames = new Map<string, string[]>();
  for (const n of wb.names) if (n.name && n.value.trim()) formulaNames.set(n.name, [...(formulaNames.get(n.name) ?? []), n.value]);
  for (const n of wb.names) {
    // A constant string is shown without its quotes, as the name's value reads.
    const value = /^"([\s\S]*)"$/.exec(n.value.trim())?.[1].replace(/""/g, '"') ?? n.value;
    definedNames.append(`${n.name}：${value}${n.hidden ? '（hidden name）' : ''}`);
    definedNames.endParagraph({ kind: 'paragraph' });
    // An XLSB name's other literals and its comment, each a line of its own.
    for (const more of 'extra' in n ? (n.extra as string[]) : []) for (const line of more.split(/\r?\n/)) definedNames.append(line), definedNames.endParagraph({ kind: 'paragraph' });
    // What the name's formula gives is what a cell using it shows: each result on a line of its own.
    for (const r of analyseFormula(n.value, formulaNames).results) if (r !== value) definedNames.append(r), definedNames.endParagraph({ kind: 'paragraph' });
  }

  const pictureOrigin = new Map<string, PartOrigin>();
  // Every sheet's cell values, and the sheets with formulas that refer to cells (see referredResults).
  const sheetValues = new Map<string, Map<string, string>>();
  const referring: Array<{ path: string; visible: boolean; origin: PartOrigin; sp: SheetParts }> = [];
  let leadingGiven = false;
  let sheetNo = 0;
  for (const s of wb.sheets) {
    sheetNo++;
    const rel: Rel | undefined = wbRels.get(s.rid);
    const path = rel && !rel.external ? rel.target : undefined;
    const label = `sheet "${s.name}"${s.state === 'hidden' ? ' (hidden sheet)' : s.state === 'veryHidden' ? ' (very hidden sheet)' : ''}`;
    if (!path || !pkg.has(path)) {
      result.unread.push({ where: path ?? wbPath, reason: 'corrupt', detail: `The workbook lists ${label}, but its part ${path ?? `(relationship ${s.rid})`} is missing; the sheet could not be read.`, origin: { filePart: wbPath, detail: label } });
      continue;
    }
    let xml: string | ((h: XmlHandler) => void) | undefined;
    let binSheet: ReturnType<typeof readSheetBin> | undefined;
    if (binary && /\.bin$/i.test(path)) {
      const bytes = pkg.read(path);
      // The records are walked as the worksheet reader asks for them (below, always for a .bin sheet).
      if (bytes) binSheet = readSheetBin(bytes, tally(path));
      xml = binSheet?.emit;
    } else xml = pkg.xml(path);
    if (xml === undefined) continue;
    const visible = s.state === 'visible';
    const leading = visible && !leadingGiven;
    if (leading) leadingGiven = true;
    const origin = (detail: string): PartOrigin => ({ filePart: path, page: sheetNo, detail });
    const sp: SheetParts = {
      cells: new PartBuilder(path, visible ? 'body' : 'hidden', origin(label), leading),
      formulas: new PartBuilder(`${path}#formulas`, 'hidden', origin(`formulas of ${label}`)),
      header: new PartBuilder(`${path}#header`, visible ? 'header' : 'hidden', origin(`page header of ${label}`)),
      footer: new PartBuilder(`${path}#footer`, visible ? 'footer' : 'hidden', origin(`page footer of ${label}`)),
      validation: new PartBuilder(`${path}#data-validation`, 'form-field', origin(`data validation lists and prompts of ${label}`)),
      tips: new PartBuilder(`${path}#link-tips`, 'alt-text', origin(`screen tips of the links of ${label}`)),
      drawingRid: [],
      rows: 0,
      cellCount: 0,
      missingStrings: 0,
      unknownChars: [],
      opaque: [],
      unspilled: [],
      inPlace: new PartBuilder(`${path}#in-place`, visible ? 'body' : 'hidden', origin(`cells of ${label} in the order they stand on the sheet`)),
      columns: new PartBuilder(`${path}#columns`, visible ? 'body' : 'hidden', origin(`one-character cells of ${label} read down their column`)),
      values: new Map(),
      referring: [],
      recalculated: wb.recalculated,
      ...(fileName ? { fileName } : {}),
    };
    // A chart sheet, a dialog sheet and a macro sheet print headers and footers as a worksheet does.
    if (typeof xml !== 'string' || /^(worksheet|chartsheet|dialogsheet|xlMacrosheet|xlIntlMacrosheet)$/.test(rel!.type) || /<([\w.-]+:)?sheetData[\s>]/.test(xml)) {
      const shown: string[] = [];
      readWorksheet(xml, sst, sp, s.name, formats, { used: usedStrings, shown }, { cells: styles, unseen: unseenRuns }, formulaNames, conditional);
      // What the cells show of the shared strings is in the sheet's text, not in its XML.
      pkg.borrows(path, shown);
    }
    for (const b of [sp.cells, sp.inPlace, sp.columns, sp.formulas, sp.header, sp.footer, sp.validation, sp.tips]) if (!b.blank) result.parts.push(b.toPart());
    if (binSheet) {
      const b = new PartBuilder(`${path}#strings`, 'hidden', origin(`code name and shared or array formulas' literals of ${label}`));
      for (const t of binSheet.strings) for (const line of t.split(/\r?\n/)) b.append(line), b.endParagraph({ kind: 'paragraph' });
      if (!b.blank) result.parts.push(b.toPart());
      if (binSheet.unknownFormulas.length)
        (result.loss ??= []).push({
          where: `${path} (${label})`,
          kind: 'unreadable-object',
          count: binSheet.unknownFormulas.length,
          total: sp.cellCount,
          detail: `Formulas of ${label} (${binSheet.unknownFormulas.slice(0, 5).join(', ')}${binSheet.unknownFormulas.length > 5 ? ', …' : ''}) hold formula tokens the XLSB reader does not know; their stored results were read, but string literals among those tokens may not have been`,
          reason: 'unsupported-format',
          origin: { filePart: path, page: sheetNo, detail: label },
        });
      if (binSheet.looseCells)
        (result.loss ??= []).push({
          where: `${path} (${label})`,
          kind: 'unreadable-object',
          count: binSheet.looseCells,
          detail: `Cell records of ${label} stand before any row record: which row they belong to is not known, so they were not read`,
          reason: 'corrupt',
          origin: { filePart: path, page: sheetNo, detail: label },
        });
    }
    const sheetRels = pkg.rels(path);
    // Comments and threaded comments of the sheet.
    for (const r of sheetRels.values()) {
      if (r.external || !pkg.has(r.target)) continue;
      pictureOrigin.set(r.target.toLowerCase(), { page: sheetNo, detail: `on ${label}` });
      if (r.type === 'comments' && binary && /\.bin$/i.test(r.target)) {
        const bytes = pkg.read(r.target);
        if (bytes) for (const c of readCommentsBin(bytes, tally(r.target))) {
          const b = new PartBuilder(`${r.target}#${c.ref}`, 'comment', { filePart: r.target, detail: `comment on ${s.name}!${c.ref}${c.author ? ` by ${c.author}` : ''}` });
          for (const line of c.text.split(/\r?\n/)) b.append(line), b.endParagraph({ kind: 'paragraph' });
          if (!b.blank) result.parts.push(b.toPart());
        }
      } else if (r.type === 'comments') {
        const cx = pkg.xml(r.target);
        if (cx) readComments(cx, r.target, s.name, result.parts);
      } else if (r.type === 'threadedComment') {
        const cx = pkg.xml(r.target);
        if (cx) readThreadedComments(cx, r.target, s.name, result.parts);
      } else if (r.type === 'vmlDrawing') {
        // Check boxes and option buttons: their captions with their state, in the rows they stand in.
        const controls = readFormControls(pkg, r.target, { sheetPath: path, sheetNo, label, visible, cells: sp.shown });
        if (!controls) continue;
        result.parts.push(...controls.parts);
        result.unread.push(...controls.unread);
        const across = rowsWithShapes((sp.shown ?? []).filter((c) => !controls.listed.has(`${c.row}:${c.column}`)), controls.anchored, `${path}#with-controls`, visible, { filePart: path, page: sheetNo, detail: `rows of ${label} with the form controls that stand in them` });
        if (across) result.parts.push(across);
      } else if (r.type === 'drawing') {
        const dx = pkg.xml(r.target);
        if (!dx) continue;
        const text = new PartBuilder(r.target, visible ? 'text-box' : 'hidden', { filePart: r.target, page: sheetNo, detail: `shapes and text boxes on ${label}` });
        const hidden = new PartBuilder(`${r.target}#hidden`, 'hidden', { filePart: r.target, page: sheetNo, detail: `hidden shapes on ${label}` });
        const alt = new PartBuilder(`${r.target}#alt`, 'alt-text', { filePart: r.target, page: sheetNo, detail: `picture and shape descriptions on ${label}` });
        const unstruck = new PartBuilder(`${r.target}#unstruck`, visible ? 'text-box' : 'hidden', { filePart: r.target, page: sheetNo, detail: `shapes' paragraphs with struck-through text, read without it, on ${label}` });
        // A shape drawn over a text box's or the cells' 密级 row (an ellipse, a box, a line) marks the option chosen; which one is not worked out (ringed.ts).
        const ringed: string[] = [];
        readDrawing(dx, { text, hidden, alt, unstruck, ringed });
        for (const b of [text, hidden, alt, unstruck]) if (!b.blank) result.parts.push(b.toPart());
        ringed.push(...ringedRows(sp.shown ?? [], ellipseRows(dx)));
        if (ringed.length) result.unread.push({ where: r.target, reason: 'unsupported-format', detail: `${ringed.length} row(s) listing a form's levels on ${label} have a shape drawn over them (an ellipse, a box, a line or a path; ${ringed.slice(0, 3).map((t) => `“${t}”`).join(', ')}): it may circle, box or strike out the option chosen, and which option it marks was not worked out (cells and text are not laid out under shapes).`, origin: { filePart: r.target, page: sheetNo } });
        const across = rowsWithShapes(sp.shown ?? [], anchoredShapes(dx), `${path}#with-shapes`, visible, { filePart: path, page: sheetNo, detail: `rows of ${label} with the shapes that stand in them` });
        if (across) result.parts.push(across);
        for (const dr of pkg.rels(r.target).values()) {
          if (dr.external) continue;
          pictureOrigin.set(dr.target.toLowerCase(), { page: sheetNo, detail: `on ${label}` });
          // SmartArt: its nodes in the order the diagram draws them, its drawing's shapes where they stand.
          if ((dr.type !== 'diagramData' && dr.type !== 'diagramDrawing') || !pkg.has(dr.target)) continue;
          const gx = pkg.xml(dr.target);
          if (!gx) continue;
          const at = { filePart: dr.target, page: sheetNo, detail: `SmartArt ${dr.type === 'diagramData' ? 'diagram' : 'drawing'} on ${label}` };
          const g = new PartBuilder(dr.target, visible ? 'text-box' : 'hidden', at);
          if (dr.type === 'diagramData') for (const line of diagramTexts(gx).flatMap((t) => t.split('\n'))) g.append(line), g.endParagraph({ kind: 'paragraph' });
          else {
            const gHidden = new PartBuilder(`${dr.target}#hidden`, 'hidden', at);
            const gAlt = new PartBuilder(`${dr.target}#alt`, 'alt-text', at);
            readDrawing(gx, { text: g, hidden: gHidden, alt: gAlt });
            for (const b of [gHidden, gAlt]) if (!b.blank) result.parts.push(b.toPart());
          }
          if (!g.blank) result.parts.push(g.toPart());
        }
      }
    }
    if (sp.missingStrings) {
      (result.loss ??= []).push({
        where: `${path} (${label})`,
        kind: 'unreadable-object',
        count: sp.missingStrings,
        total: sp.cellCount + sp.missingStrings,
        detail: `Cells of ${label} name shared strings the workbook does not hold (the string table is damaged or cut); their text could not be read`,
        reason: 'corrupt',
        origin: { filePart: path, page: sheetNo, detail: label },
      });
    }
    // Formulas without a stored result whose text could not be worked out: each cell a loss.
    const unreadFormulas = (cells: string[], why: string): void => {
      if (!cells.length) return;
      (result.loss ??= []).push({
        where: `${path} (${label})`,
        kind: 'unreadable-object',
        count: cells.length,
        total: sp.cellCount,
        detail: `Formulas of ${label} (${cells.slice(0, 5).join(', ')}${cells.length > 5 ? ', …' : ''}) ${why}`,
        origin: { filePart: path, page: sheetNo, detail: label },
      });
    };
    unreadFormulas(sp.unknownChars, 'build their text from character codes not known here (UNICHAR or CHAR of other cells), and store no result or one Excel computes again on opening; what they show could not be read');
    unreadFormulas(sp.unspilled, 'are array formulas over ranges too large to be worked out cell by cell here; what their cells show when computed could not be read');
    unreadFormulas(sp.opaque, 'give text to functions not read here, and store no result or one Excel computes again on opening; what they show when the workbook is opened could not be read');
    sheetValues.set(s.name, sp.values);
    if (sp.referring.length) referring.push({ path, visible, origin: origin(`what formulas of ${label} that refer to cells show`), sp });
    result.info!.rows = Number(result.info!.rows ?? 0) + sp.rows;
    result.info!.cells = Number(result.info!.cells ?? 0) + sp.cellCount;
    await pkg.checkpoint();
  }
  for (const { path, visible, origin, sp } of referring) {
    const part = referredResults(sp.referring, sp.values, sheetValues, formulaNames, `${path}#referred`, visible ? 'body' : 'hidden', origin);
    if (part) result.parts.push(part);
  }
  for (const b of [names, hiddenNames, definedNames]) if (!b.blank) result.parts.push(b.toPart());
  // The table's strings are shown in the cells, not in a part of their own: those some cell shows
  // are what the reading holds of it, one after another as written (a string no cell shows breaks
  // the run, so its neighbours are not joined across it).
  if (!binary) pkg.readFrom(sstPath, [sst.map((t, i) => (usedStrings.has(i) ? t : '\u0000')).join('\n')]);
  else {
    // Shared strings no cell shows are in the file all the same: read apart, hidden.
    const unused = new PartBuilder(`${sstPath}#unused`, 'hidden', { filePart: sstPath, detail: 'shared strings no cell shows' });
    sst.forEach((t, i) => {
      if (!usedStrings.has(i) && t) for (const line of t.split(/\r?\n/)) unused.append(line), unused.endParagraph({ kind: 'paragraph' });
    });
    if (!unused.blank) result.parts.push(unused.toPart());
  }
  for (const t of tallies) reportTally(t, result);
  pkg.readProperties();
  pkg.finish({
    structure: STRUCTURE,
    xmlRole: (name) =>
      /^xl\/charts\//i.test(name) ? { role: 'body', detail: 'chart' }
      : /^xl\/diagrams\//i.test(name) ? { role: 'body', detail: 'SmartArt diagram' }
      : /\.vml$/i.test(name) || /^xl\/drawings\//i.test(name) ? { role: 'hidden', detail: 'VML drawing (legacy comment boxes, form controls)' }
      : /^xl\/slicers\//i.test(name) ? { role: 'text-box', detail: 'slicer (its caption is drawn on the sheet)' }
      : /^xl\/tables\//i.test(name) ? { role: 'metadata', detail: 'table definition (column names, shown in the header row)' }
      : /^xl\/pivotCache\//i.test(name) ? { role: 'metadata', detail: 'pivot table cache (copies of source data)', attributes: true }
      : /^xl\/externalLinks\//i.test(name) ? { role: 'metadata', detail: 'cached values of linked workbooks', attributes: true }
      : { role: 'metadata', detail: 'package part' },
    originOf: (name) => pictureOrigin.get(name.toLowerCase()),
  });
}

/** The XLSX {@link Extractor}: bytes of a workbook in, located text parts out. */
export const xlsxExtractor: Extractor = {
  format: 'xlsx',
  extract: (bytes, ctx) => extractXlsx(bytes, ctx),
};

/**
 * What the reading of an XLSB part left unread: records of types not read here (and not known to
 * hold no text), records whose fields could not be read, records longer than their fields, formulas
 * with tokens not known, and a walk that stopped before the part's end.
 */
function reportTally(t: Tally, result: Extraction): void {
  const origin = { filePart: t.path };
  const hex = (n: number) => `0x${n.toString(16).padStart(4, '0')}`;
  const loss = (count: number, detail: string, reason: 'corrupt' | 'unsupported-format', total?: number) =>
    (result.loss ??= []).push({ where: t.path, kind: 'unreadable-object', count, ...(total !== undefined ? { total } : {}), detail, reason, origin });
  if (t.broken) result.unread.push({ where: t.path, reason: 'corrupt', detail: `${t.path} could not be read to its end: ${t.broken}. What follows was not read.`, origin });
  if (t.unknownCount) {
    const types = [...t.unknown].sort((a, b) => b[1] - a[1]);
    loss(t.unknownCount, `${t.unknownCount} record${t.unknownCount > 1 ? 's' : ''} of ${t.path} of type${types.length > 1 ? 's' : ''} the XLSB reader does not read (${types.slice(0, 6).map(([k, n]) => `${hex(k)}×${n}`).join(', ')}${types.length > 6 ? ', …' : ''}); what text they hold was not read`, 'unsupported-format', t.records);
  }
  if (t.damaged) loss(t.damaged, `${t.damaged} record${t.damaged > 1 ? 's' : ''} of ${t.path} (${[...t.damagedTypes].slice(0, 6).map(hex).join(', ')}) hold fields longer than the record: their text could not be read`, 'corrupt', t.records);
  if (t.trailing) loss(t.trailing, `${t.trailing} record${t.trailing > 1 ? 's' : ''} of ${t.path} (${[...t.trailingTypes].slice(0, 6).map(hex).join(', ')}) hold bytes after the fields the reader knows; what they hold was not read`, 'corrupt', t.records);
  if (t.formulas) loss(t.formulas, `${t.formulas} defined name${t.formulas > 1 ? 's' : ''} of ${t.path} hold formula tokens the XLSB reader does not know; string literals among them may not have been read`, 'unsupported-format');
}
