/**
 * Layout cues shared by the marking detectors: what line a hit sits on, whether it stands alone
 * there, how near the top of its part or page it is, what stands on the lines around it.
 */
import type { Block, PartRole } from '../types.ts';
import { originalIndex, originalSlice, type NormalizedText } from '../normalize/normalize.ts';
import { unitIndexOf } from '../unit-index.ts';

/** Line starts of a normalized text, built once per part. */
export class LineIndex {
  readonly starts: Int32Array;
  constructor(readonly text: string) {
    const starts: number[] = [0];
    let i = text.indexOf('\n');
    while (i >= 0) {
      starts.push(i + 1);
      i = text.indexOf('\n', i + 1);
    }
    this.starts = Int32Array.from(starts);
  }
  get count(): number {
    return this.starts.length;
  }
  /** The line the last {@link lineOf} answered: detectors ask in ascending order, mostly on the same line or the next. */
  private lastLine = 0;
  /** 0-based line of offset `pos`. */
  lineOf(pos: number): number {
    const starts = this.starts;
    const n = starts.length;
    const l = this.lastLine;
    if (starts[l] <= pos) {
      if (l + 1 >= n || pos < starts[l + 1]) return l;
      if (l + 2 >= n || pos < starts[l + 2]) return (this.lastLine = l + 1);
    }
    return (this.lastLine = this.search(pos));
  }
  private search(pos: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= pos) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }
  lineStart(line: number): number {
    return this.starts[line];
  }
  lineEnd(line: number): number {
    return line + 1 < this.starts.length ? this.starts[line + 1] - 1 : this.text.length;
  }
  /**
   * The part of `line` within `reach` units of [start, end): what a detector looks at around a
   * hit. Markings stand on short lines, so nothing is lost, and a crafted line of a million units
   * with a hit every few units costs linear, not quadratic, time.
   */
  window(line: number, start: number, end: number, reach = 80): { start: number; end: number } {
    return { start: Math.max(this.lineStart(line), start - reach), end: Math.min(this.lineEnd(line), end + reach) };
  }
  lineText(line: number): string {
    return this.text.slice(this.lineStart(line), this.lineEnd(line));
  }
  private contentBefore?: Int32Array;
  /** Index among non-blank lines (0 = the first line with content). Built once, on first use. */
  contentLineNumber(line: number): number {
    if (!this.contentBefore) {
      const c = new Int32Array(this.starts.length);
      let n = 0;
      for (let l = 0; l < this.starts.length; l++) {
        c[l] = n;
        if (this.lineText(l).trim() !== '') n++;
      }
      this.contentBefore = c;
    }
    return this.contentBefore[line];
  }
  /** The nearest non-blank line above / below `line`, or undefined. */
  neighbour(line: number, direction: -1 | 1, skip = 0): string | undefined {
    let seen = 0;
    for (let l = line + direction; l >= 0 && l < this.starts.length; l += direction) {
      const t = this.lineText(l).trim();
      if (t === '') continue;
      if (seen++ === skip) return t;
    }
    return undefined;
  }
}

/**
 * What may surround a marking on its own line without making it "running text": anything but a
 * letter, an ideograph or a digit (circled numbers ①–⑳ aside). A stray `}`, `^` or `$` typed or
 * left beside a mark (`}机密★5年`) is no word: listing the allowed symbols one by one let every
 * other one hide the mark.
 */
const DECORATION = /^(?:[^\p{L}\p{N}]|[①-⑳])*$/u;

/** Whether `rest` (the line with the hit removed) is only decoration: the hit stands alone. */
export function isDecoration(rest: string): boolean {
  // A leading footnote number: ① folds to 1 and the space after it goes (`① 机密` → `1机密`).
  return DECORATION.test(rest) || (FOOTNOTE_MARK.test(rest) && DECORATION.test(rest.replace(FOOTNOTE_MARKS, ''))) || /^\d{1,2} \s*$/.test(rest);
}

/** Footnote and note markers beside a marking (`[1]`, `(2)`, `注：`): no prose either. */
const FOOTNOTE_MARK = /\[\d{1,3}\]|[(（]\d{1,3}[)）]|注\s*\d{0,2}\s*[:：]/;
const FOOTNOTE_MARKS = new RegExp(FOOTNOTE_MARK.source, 'g');

/** Roles whose text is layout furniture where a marking stands rather than prose. */
export function isMarkingRole(role: PartRole): boolean {
  return role === 'header' || role === 'footer' || role === 'text-box' || role === 'table-cell';
}

/** The block containing normalized→original offset `pos`, by binary search. */
export function blockAt(blocks: readonly Block[], pos: number): Block | undefined {
  let lo = 0;
  let hi = blocks.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const b = blocks[mid];
    if (pos < b.start) hi = mid - 1;
    else if (pos >= b.end && !(pos === b.end && b.start === b.end)) lo = mid + 1;
    else return b;
  }
  return undefined;
}

/** Splits a line into table cells (Markdown pipes, tabs, or wide runs of spaces). */
export function cellAround(line: string, start: number, end: number): { cell: string; inTable: boolean; cells: string[] } {
  // Pipes make a table row only when the row is one (Markdown rows start or end with a pipe);
  // a pipe inside a sentence is just a character.
  const trimmed = line.trim();
  const pipeRow = /^[|│｜]|[|│｜]$/.test(trimmed);
  const sepRe = pipeRow ? /\||\t|│|｜| {3,}|\u3000{2,}/g : /\t| {3,}|\u3000{2,}/g;
  const bounds: Array<[number, number]> = [];
  let last = 0;
  let m: RegExpExecArray | null;
  while ((m = sepRe.exec(line))) {
    bounds.push([last, m.index]);
    last = m.index + m[0].length;
  }
  bounds.push([last, line.length]);
  const cells = bounds.map(([a, b]) => line.slice(a, b).trim()).filter((c) => c !== '');
  if (bounds.length < 2) return { cell: line, inTable: false, cells };
  for (const [a, b] of bounds) if (start >= a && end <= b) return { cell: line.slice(a, b), inTable: true, cells };
  return { cell: line, inTable: false, cells };
}

/**
 * Text whose layout was lost arrives one character per line (vertical text, SVG glyphs, a PDF
 * column read top to bottom: `机\n密\n★\n5\n年`), or a marking is broken over two short lines
 * (`此件不\n予公开`). This joins, into one line, every run of at least `minRun` consecutive lines
 * of 1–`maxLen` units, and the two lines around each break in `breaks` (offsets of `\n`) when both
 * are at most `shortLine` units long — or when the first is at most {@link HEAD_LINE} units (the
 * word's head alone on its line) and the second at most {@link HEAD_TAIL_LINE}: the rest of the
 * mark may carry a date and a copy number (`机\n密★2025年12月31日　No.000123`). `index[i]` is the
 * offset in `text` of unit `i` of the result (`index[length]` = `text.length`). Undefined when
 * nothing was joined.
 */
/** A line this short before a break is a broken word's head (机, 【机): see {@link joinShortLineRuns}. */
const HEAD_LINE = 2;
/** The longest line joined after such a head: a whole mark with its date, urgency and copy number. */
const HEAD_TAIL_LINE = 40;

export function joinShortLineRuns(text: string, lines: LineIndex, breaks: readonly number[] = [], maxLen = 2, minRun = 2, shortLine = 12): { text: string; index: Int32Array } | undefined {
  const n = lines.count;
  const trimmedLength = (l: number): number => (lines.lineEnd(l) - lines.lineStart(l) > 64 ? 65 : lines.lineText(l).trim().length);
  const short = (l: number): boolean => {
    const t = trimmedLength(l);
    return t >= 1 && t <= maxLen;
  };
  // Lines whose ending newline is dropped.
  const drop = new Uint8Array(n);
  let any = false;
  for (let l = 0; l < n; ) {
    if (!short(l)) {
      l++;
      continue;
    }
    let r = l;
    while (r + 1 < n && short(r + 1)) r++;
    if (r - l + 1 >= minRun) {
      for (let k = l; k < r; k++) drop[k] = 1;
      any = true;
    }
    l = r + 1;
  }
  for (const b of breaks) {
    const l = lines.lineOf(b);
    if (l + 1 >= n || lines.lineEnd(l) !== b) continue;
    const a = trimmedLength(l);
    const c = trimmedLength(l + 1);
    if (a >= 1 && c >= 1 && ((a <= shortLine && c <= shortLine) || (a <= HEAD_LINE && c <= HEAD_TAIL_LINE))) {
      drop[l] = 1;
      any = true;
    }
  }
  if (!any) return undefined;
  const out: string[] = [];
  const index: number[] = [];
  for (let l = 0; l < n; l++) {
    const s = lines.lineStart(l);
    const e = lines.lineEnd(l);
    const joinedBefore = l > 0 && drop[l - 1] === 1;
    if (drop[l] || joinedBefore) {
      // Inside a joined run: the line's content without its surrounding spaces.
      const t = text.slice(s, e);
      const lead = t.length - t.trimStart().length;
      const body = t.trim();
      for (let k = 0; k < body.length; k++) index.push(s + lead + k);
      out.push(body);
    } else {
      for (let k = s; k < e; k++) index.push(k);
      out.push(text.slice(s, e));
    }
    if (!drop[l] && l + 1 < n) {
      index.push(e);
      out.push('\n');
    }
  }
  index.push(text.length);
  return { text: out.join(''), index: Int32Array.from(index) };
}

/** Whether the original text holds a tab anywhere (its units when the normalizer kept them: no string built). */
export function originalHasTab(norm: NormalizedText): boolean {
  return norm.originalUnits ? unitIndexOf(norm.originalUnits, 0x09) >= 0 : norm.original.includes('\t');
}

/** A tab, or a run of two or more blanks: a cell or tab-stop boundary where the normalizer dropped it between ideographs. */
const WIDE_GAP = /\t|[ \u3000\u00a0]{2}/;

/** Whether the original holds a tab, or two blanks side by side that the normalizer dropped between two units. */
export function originalHasGap(norm: NormalizedText): boolean {
  if (originalHasTab(norm)) return true;
  // Two units or more dropped between two normalized ones show in the offset runs as the offset
  // growing by two or more where a run starts: only there is the original looked at (a text whose
  // blanks all stand where the normalizer keeps them, between Latin words, has no such run).
  const r = norm.runs;
  if (r === undefined) {
    // A per-unit map: the same look where it jumps by three or more (no original string built).
    const m = norm.map;
    for (let k = 1; k < m.length; k++) if (m[k] - m[k - 1] >= 3 && WIDE_GAP.test(originalSlice(norm, m[k - 1] + 1, m[k]))) return true;
    return false;
  }
  for (let k = 1; k < r.count; k++) {
    if (r.deltas[k] - r.deltas[k - 1] < 2) continue;
    const at = r.starts[k];
    if (at > 0 && WIDE_GAP.test(originalSlice(norm, at - 1 + r.deltas[k - 1] + 1, at + r.deltas[k]))) return true;
  }
  return false;
}

/** Whether the original holds a tab or two or more blanks, dropped by the normalizer, between normalized units `k - 1` and `k`. */
export function gapDroppedAt(norm: NormalizedText, k: number): boolean {
  if (k <= 0 || k >= norm.text.length) return false;
  const from = originalIndex(norm, k - 1) + 1;
  const to = originalIndex(norm, k);
  return to - from >= 1 && WIDE_GAP.test(originalSlice(norm, from, to));
}

/** Whether the original holds a tab, dropped by the normalizer, between normalized units `k - 1` and `k`. */
export function tabDroppedAt(norm: NormalizedText, k: number): boolean {
  if (k <= 0 || k >= norm.text.length) return false;
  const from = originalIndex(norm, k - 1) + 1;
  const to = originalIndex(norm, k);
  return to > from && originalSlice(norm, from, to).includes('\t');
}

/** The first normalized unit k in (from, to) with a blank the normalizer dropped between units k - 1 and k, or -1. */
export function firstDroppedBlank(norm: NormalizedText, from: number, to: number): number {
  if (to - from < 2 || !/[ \t\u3000]/.test(originalSlice(norm, originalIndex(norm, from), originalIndex(norm, to - 1)))) return -1;
  for (let k = from + 1; k < to; k++) {
    const a = originalIndex(norm, k - 1) + 1;
    const b = originalIndex(norm, k);
    if (b > a && /[ \t\u3000]/.test(originalSlice(norm, a, b))) return k;
  }
  return -1;
}

/**
 * `text` [from, to) with the blanks (spaces, tabs, ideographic spaces) the normalizer dropped between
 * ideographs put back, one each (a tab as a tab, any other run as a space): `密级:秘密 会议材料`
 * again, not `密级:秘密会议材料`. `back(j)` is the unit of `text` where unit `j` of the result came
 * from (an inserted blank: the unit after it). Undefined when no blank was dropped in the range.
 */
export function withDroppedBlanks(norm: NormalizedText, text: string, from: number, to: number): { text: string; back(j: number): number } | undefined {
  if (to - from < 2 || !/[ \t\u3000]/.test(originalSlice(norm, originalIndex(norm, from), originalIndex(norm, to - 1)))) return undefined;
  const inserted: number[] = [];
  let out = '';
  let last = from;
  for (let k = from + 1; k < to; k++) {
    const a = originalIndex(norm, k - 1) + 1;
    const b = originalIndex(norm, k);
    if (b <= a) continue;
    const gap = originalSlice(norm, a, b);
    if (!/[ \t\u3000]/.test(gap)) continue;
    out += text.slice(last, k) + (gap.includes('\t') ? '\t' : ' ');
    last = k;
    inserted.push(out.length - 1);
  }
  if (inserted.length === 0) return undefined;
  out += text.slice(last, to);
  return {
    text: out,
    back: (j) => {
      let before = 0;
      while (before < inserted.length && inserted[before] < j) before++;
      return from + j - before;
    },
  };
}

/**
 * `text` [from, to) with the tabs the normalizer dropped between ideographs put back: a row of
 * tab-joined cells (a spreadsheet row, a header's tab stops) reads `读书协会\t秘密` again, not
 * `读书协会秘密`. `at(i)` is where unit `i` of `text` (from ≤ i < to) lands in the result.
 * `text` is the normalized text or a same-length rewrite of it.
 */
export function withDroppedTabs(norm: NormalizedText, text: string, from: number, to: number, gaps = false): { text: string; at(i: number): number } {
  const inserted: number[] = [];
  // Most lines hold no tab at all in the original: one look at it, no unit-by-unit mapping.
  // With `gaps`, a run of two or more blanks counts as a tab too (see gapDroppedAt).
  if (to - from > 1 && (gaps ? WIDE_GAP : /\t/).test(originalSlice(norm, originalIndex(norm, from), originalIndex(norm, to - 1)))) {
    for (let k = from + 1; k < to; k++) if (gaps ? gapDroppedAt(norm, k) : tabDroppedAt(norm, k)) inserted.push(k);
  }
  if (inserted.length === 0) return { text: text.slice(from, to), at: (i) => i - from };
  let out = '';
  let last = from;
  for (const k of inserted) {
    out += text.slice(last, k) + '\t';
    last = k;
  }
  out += text.slice(last, to);
  return {
    text: out,
    at: (i) => {
      let shift = 0;
      while (shift < inserted.length && inserted[shift] <= i) shift++;
      return i - from + shift;
    },
  };
}

/** A register's header cell naming its documents: a 文号 or a 标题 column (spaces taken out). */
// (文件名称, 材料名称, 载体名称 too: a list of classified documents and carriers by name is a register as
// well; not 事项名称, a published table of secret matters.)
const REGISTER_NAME_CELL = /^(?:[\u4e00-\u9fff]{0,4}(?:文号|字号|标题|题名)|(?:文件|材料|载体|资料|档案|公文)名称|文件编号)$/;
/** A column of levels: 密级 (not 原密级, the former level of a register of declassified items). */
const LEVEL_COLUMN_CELL = /^密级$/;
/**
 * A header cell naming titles: a programme's, a book list's, a table of contents' (节目名称, 书名, 曲目).
 * 名称 and 标题 of a document register too: a level as a title there is a title as well.
 */
const TITLE_COLUMN_CELL = /^(?:[\u4e00-\u9fff]{0,4}(?:名称|标题|题目|题名)|书名|歌名|曲名|曲目|片名|剧名|篇名|节目|作品|剧目|歌曲|书目|章节|章名)$/;

/** The cells of a text row (the same separators as {@link cellAround}), with where each starts, empty ones kept. */
function rowCells(row: string): Array<{ at: number; text: string }> {
  const trimmed = row.trim();
  const pipeRow = /^[|│｜]|[|│｜]$/.test(trimmed);
  const sepRe = pipeRow ? /\||\t|│|｜| {3,}|\u3000{2,}/g : /\t| {3,}|\u3000{2,}/g;
  const out: Array<{ at: number; text: string }> = [];
  let last = 0;
  let m: RegExpExecArray | null;
  while ((m = sepRe.exec(row))) {
    out.push({ at: last, text: row.slice(last, m.index).replace(/\s/g, '') });
    last = m.index + m[0].length;
  }
  out.push({ at: last, text: row.slice(last).replace(/\s/g, '') });
  return out;
}

/**
 * Whether the level at [start, end), alone in its table cell, stands in the 密级 column of a register
 * of documents: a header row above names that column 密级 and another 文号 or 标题 (收文登记簿,
 * 文件登记表), and the table has two rows of entries or more. Such a register lists classified
 * documents by title: it is not for publication, but the level marks an entry, not this document.
 * One row under such a header is a horizontal routing slip of this document, and no register.
 * Tables are read from the blocks of a format that keeps them (a cell per line, row and column
 * known), else from rows of cells on lines (tabs the normalizer dropped put back, pipes, wide spaces).
 */
export function inRegisterLevelColumn(part: { text: string }, norm: NormalizedText, text: string, lines: LineIndex, blocks: readonly Block[], start: number): boolean {
  return levelColumnOf(part, norm, text, lines, blocks, start) === 'register';
}

/** Level words alone in a cell. */
/** A cell holding a level, alone (机密, 机密级) or as a whole mark (机密★20年: a column of example marks). */
const LEVEL_CELL = /^(?:绝密|机密|秘密)(?:级|★[^\s]{0,14})?$/;

/**
 * What the column of a level alone in its table cell is: `register` (see {@link inRegisterLevelColumn});
 * `levels` when, in a table read from blocks (a cell per line, so the lines around show other columns,
 * not the column), another cell of the column holds another level (绝密, 机密, 秘密 down a regulation's
 * table of levels and their periods): a list of levels, as a row of them is.
 */
export function levelColumnOf(part: { text: string }, norm: NormalizedText, text: string, lines: LineIndex, blocks: readonly Block[], start: number, levels = 2): 'register' | 'levels' | 'title' | undefined {
  const blk = blocks.length ? blockAt(blocks, originalIndex(norm, start)) : undefined;
  if (blk?.kind === 'table-cell' && blk.row !== undefined && blk.column !== undefined) {
    // The table's cells: back while rows fall (a higher row is another table's), on while they rise.
    // Blocks are sorted by start: the cell's index by binary search.
    let lo = 0;
    let hi = blocks.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (blocks[mid].start < blk.start) lo = mid + 1;
      else hi = mid;
    }
    while (lo < blocks.length - 1 && blocks[lo] !== blk) lo++;
    const i = lo;
    let from = i;
    while (from > 0 && i - from < 400) {
      const b = blocks[from - 1];
      if (b.kind !== 'table-cell' || b.row === undefined || b.row > blocks[from].row!) break;
      from--;
    }
    let to = i + 1;
    while (to < blocks.length && to - i < 400) {
      const b = blocks[to];
      if (b.kind !== 'table-cell' || b.row === undefined || b.row < blocks[to - 1].row!) break;
      to++;
    }
    const cell = (b: Block): string => part.text.slice(b.start, b.end).replace(/\s/g, '');
    // The nearest row above naming this column 密级 and another 文号 or 标题 (a title row may stand above it).
    let header = -1;
    for (let k = i - 1; k >= from && header < 0; k--) {
      const b = blocks[k];
      if (b.row! < blk.row && b.column === blk.column && LEVEL_COLUMN_CELL.test(cell(b))) {
        const r = b.row!;
        if (blocks.slice(from, to).some((c) => c.row === r && REGISTER_NAME_CELL.test(cell(c)))) header = r;
      }
    }
    if (header >= 0) {
      const rows = new Set<number>();
      for (let k = from; k < to; k++) if (blocks[k].row! > header) rows.add(blocks[k].row!);
      if (rows.size >= 2) return 'register';
    }
    // Other levels in the column (compared by the level word: 机密★20年 over 秘密★10年): `levels`
    // distinct ones in all, this cell's included.
    const seen = new Set([cell(blk).slice(0, 2)]);
    for (let k = from; k < to; k++) {
      const b = blocks[k];
      if (b !== blk && b.column === blk.column && LEVEL_CELL.test(cell(b))) seen.add(cell(b).slice(0, 2));
      if (seen.size >= levels) return 'levels';
    }
    // The column's top cell, in the table's first row, names titles.
    const first = blocks.slice(from, to).reduce((r, b) => Math.min(r, b.row!), blk.row);
    if (first < blk.row && blocks.slice(from, i).some((b) => b.row === first && b.column === blk.column && TITLE_COLUMN_CELL.test(cell(b)))) return 'title';
    return undefined;
  }
  const line = lines.lineOf(start);
  const ls = lines.lineStart(line);
  const row = withDroppedTabs(norm, text, ls, lines.lineEnd(line));
  const cells = rowCells(row.text);
  if (cells.length < 3) return undefined;
  const at = row.at(start);
  let col = cells.length - 1;
  while (col > 0 && cells[col].at > at) col--;
  let entries = 1;
  for (let l = line - 1; l >= Math.max(0, line - 40); l--) {
    const t = lines.lineText(l);
    if (t.trim() === '') continue;
    // A Markdown rule under the header (|---|:--|).
    if (/^\s*[|│｜]?[\s\-:|│｜]+$/.test(t) && t.includes('-')) continue;
    const above = rowCells(withDroppedTabs(norm, text, lines.lineStart(l), lines.lineEnd(l)).text);
    if (above.length < 3) return undefined;
    if (above.length === cells.length && TITLE_COLUMN_CELL.test(above[col].text)) return 'title';
    if (above.length === cells.length && LEVEL_COLUMN_CELL.test(above[col].text) && above.some((c) => REGISTER_NAME_CELL.test(c.text))) {
      if (entries >= 2) return 'register';
      // The header right above: a second entry below makes it a register.
      for (let d = line + 1; d < lines.count; d++) {
        const below = lines.lineText(d);
        if (below.trim() === '') continue;
        return rowCells(withDroppedTabs(norm, text, lines.lineStart(d), lines.lineEnd(d)).text).length === cells.length ? 'register' : undefined;
      }
      return undefined;
    }
    entries++;
  }
  return undefined;
}
