/**
 * Turning positioned text runs into lines, for every reader of fixed-layout pages (PDF, OFD): the
 * reader feeds runs measured on the page, and the offsets of every line are computed here while the
 * part text is being built, so findings can name the line and box they sit in. Pure functions.
 */
import type { Block, Box } from './types.ts';

/** A piece of text with a known box on the page (PDF points, y measured from the top). */
export interface TextRun {
  text: string;
  /** Left, top, right, bottom in points, top-left origin. */
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  /** Font height in points: used for the "visible gap" and "same line" tolerances. */
  size: number;
  /**
   * Direction the text runs on the page as shown, clockwise from left-to-right: 0, 90 (downwards),
   * 180 or 270 (upwards). Used by {@link layoutPage}; default 0.
   */
  angle?: number;
  /**
   * Direction on the page in degrees (clockwise from left-to-right, y down) of text that runs
   * slanted, neither across nor down the page (a watermark at 45°). Such runs are lines of their
   * own after the others: their box would take in every line they cross, and a marking read into
   * one long line with them is no longer a line of its own.
   */
  slant?: number;
}

/** The text of a part and its line blocks, offsets into `text`. */
export interface LaidOut {
  text: string;
  blocks: Block[];
  /**
   * Where each UTF-16 unit of `text` came from: `run[k]` is the index of the run in the input
   * array and `offset[k]` the unit's offset in that run's text; both are -1 for a separator the
   * layout inserted (a space for a visible gap, the newline between lines).
   */
  source: { run: Int32Array; offset: Int32Array };
  /**
   * How many lines were too crowded (runs drawn across one another's width by the thousand) for
   * their rows to be worked out within the work bound: each such line reads as one, as drawn, and
   * its rows may be wrong. The reader reports it (unread: limit).
   */
  crowded?: number;
}

/** Page geometry the blocks need. */
export interface PageGeometry {
  page: number;
  width: number;
  height: number;
}

const WHITESPACE = /^\s*$/;

/**
 * A gap wider than this fraction of the font height counts as visible: a space is inserted there.
 * Office suites place CJK glyphs edge to edge; a letter-spaced CJK header has gaps of ~0.5 em.
 */
const GAP_FRACTION = 0.3;

/**
 * Between two Latin (non-CJK) characters a smaller gap already separates words: a word space is
 * 0.25-0.28 em in most fonts, and producers that position words one by one leave just that.
 */
export const LATIN_GAP_FRACTION = 0.15;

/** CJK ideographs, kana, hangul, CJK punctuation and full-width forms: written without word spaces. */
export function isCjk(ch: string): boolean {
  const c = ch.codePointAt(0) ?? 0;
  return (
    (c >= 0x2e80 && c <= 0x9fff) || (c >= 0xac00 && c <= 0xd7af) || (c >= 0xf900 && c <= 0xfaff) ||
    (c >= 0xfe30 && c <= 0xfe4f) || (c >= 0xff00 && c <= 0xffef) || (c >= 0x20000 && c <= 0x3ffff)
  );
}

/** The gap (as a fraction of the font size) beyond which a space separates `before` from `after`. */
export function gapFraction(before: string, after: string): number {
  return isCjk(before) || isCjk(after) ? GAP_FRACTION : LATIN_GAP_FRACTION;
}

/** Two runs share a line when they overlap vertically by at least this fraction of the smaller height. */
const SAME_LINE_OVERLAP = 0.5;

/**
 * A line before offsets are assigned: its text and where its units came from, as flat triples
 * (offset in `text`, source run, offset in that run's text) each starting a stretch of units taken
 * one for one from the run, up to the next triple; run -1 marks a separator the layout inserted.
 */
interface Mapped {
  text: string;
  segs: number[];
}

/** Writes the source of `l`'s units, shifted by `shift`, into `run`/`offset`. */
function fillSource(l: Mapped, shift: number, run: Int32Array, offset: Int32Array): void {
  const { segs } = l;
  for (let s = 0; s < segs.length; s += 3) {
    const from = segs[s];
    const to = s + 3 < segs.length ? segs[s + 3] : l.text.length;
    const r = segs[s + 1];
    for (let k = from; k < to; k++) {
      run[shift + k] = r;
      offset[shift + k] = r < 0 ? -1 : segs[s + 2] + (k - from);
    }
  }
}

/**
 * Groups runs into lines (by vertical overlap, then left to right), joins lines with '\n' and
 * returns one `line` block per line with its box, `pageTop` and, for centred lines, `align`.
 * Text boxes and columns set side by side are read one after the other rather than line by line
 * across the page (see {@link readingGroups}). `source` maps every unit of the text back to the
 * run (index into `runs`) and offset it came from.
 */
export function layoutLines(runs: readonly TextRun[], geometry: PageGeometry): LaidOut {
  const present: number[] = [];
  for (let i = 0; i < runs.length; i++) if (runs[i].text.length > 0) present.push(i);
  const built: BuiltLine[] = [];
  const work: RowWork = { left: 0, crowded: 0 };
  for (const group of readingGroups(runs, present)) {
    for (const line of bandLines(runs, group, work)) {
      const l = buildLine(runs, line);
      if (l) built.push(l);
    }
  }

  const joined = joinStacks(built);
  built.length = 0;
  built.push(...joined);

  // The text column is where the lines of this part start and end; centring is judged against it.
  let colLeft = Infinity;
  let colRight = -Infinity;
  for (const l of built) {
    colLeft = Math.min(colLeft, l.x0);
    colRight = Math.max(colRight, l.x1);
  }
  // Ragged short lines do not reach the right margin: assume it mirrors the left one.
  if (colLeft < geometry.width / 2) colRight = Math.max(colRight, geometry.width - colLeft);
  let length = 0;
  for (const l of built) length += l.text.length;
  length += Math.max(0, built.length - 1);
  // Separators (the newlines) are the units no line fills.
  const runOf = new Int32Array(length).fill(-1);
  const atOf = new Int32Array(length).fill(-1);
  let text = '';
  const blocks: Block[] = [];
  for (const l of built) {
    if (text.length > 0) text += '\n';
    const start = text.length;
    text += l.text;
    fillSource(l, start, runOf, atOf);
    const box: Box = { x: round(l.x0), y: round(l.y0), width: round(l.x1 - l.x0), height: round(l.y1 - l.y0), unit: 'pt' };
    const block: Block = {
      start,
      end: text.length,
      kind: 'line',
      index: blocks.length + 1,
      page: geometry.page,
      box,
      pageTop: geometry.height > 0 ? clamp01(l.y0 / geometry.height) : 0,
    };
    if (isCentred(l.x0, l.x1, colLeft, colRight, geometry.width)) block.align = 'center';
    if (l.items) {
      // A joined stack keeps each character's own box.
      let at = start;
      block.words = l.items.map((it) => {
        const w = { start: at, end: at + it.text.length, box: boxOf(it), confidence: 100 };
        at += it.text.length;
        return w;
      });
    }
    blocks.push(block);
  }
  return { text, blocks, source: { run: runOf, offset: atOf }, ...(work.crowded > 0 ? { crowded: work.crowded } : {}) };
}

/** Two boxes share a line when they overlap vertically by at least this fraction of the smaller height. */
function sameLine(top: number, bottom: number, r: Rect4): boolean {
  const overlap = Math.min(bottom, r.y1) - Math.max(top, r.y0);
  const smaller = Math.min(bottom - top, r.y1 - r.y0);
  return overlap >= SAME_LINE_OVERLAP * Math.max(smaller, 0.01);
}

/** The runs `members` (indices into `runs`) grouped into lines, top to bottom, each left to right. */
function bandLines(runs: readonly TextRun[], members: readonly number[], work: RowWork = { left: 0, crowded: 0 }): number[][] {
  // Ties keep the content-stream order, so equal positions give the same text every time.
  const sorted = [...members].sort((a, b) => runs[a].y0 - runs[b].y0 || runs[a].x0 - runs[b].x0 || a - b);
  const lines: number[][] = [];
  let current: number[] = [];
  let top = 0;
  let bottom = 0;
  for (const i of sorted) {
    const run = runs[i];
    if (current.length > 0) {
      if (sameLine(top, bottom, run)) {
        current.push(i);
        // A run much taller than the line (a drop cap, a bracket) joins it without widening its
        // band, or it would pull the following lines into this one.
        if (run.y1 - run.y0 <= 1.5 * (bottom - top)) {
          top = Math.min(top, run.y0);
          bottom = Math.max(bottom, run.y1);
        }
        continue;
      }
      lines.push(current);
    }
    current = [i];
    top = run.y0;
    bottom = run.y1;
  }
  if (current.length > 0) lines.push(current);
  // Within a line, glyphs are read in the order they stand, whatever order they were drawn in.
  const rows: number[][] = [];
  for (const line of lines) {
    line.sort((a, b) => runs[a].x0 - runs[b].x0 || a - b);
    // Each line may spend a bounded amount of work per run on finding its rows (linear in the page).
    work.left = ROW_WORK_BASE + ROW_WORK_PER_RUN * line.length;
    work.over = false;
    for (const row of splitRows(runs, line, work, 0)) rows.push(row);
    if (work.over) work.crowded++;
  }
  return rows;
}

/** The work left to find a line's rows (run pairs compared, runs sorted), and how many lines ran out of it. */
interface RowWork {
  left: number;
  over?: boolean;
  crowded: number;
}
/** Work allowed per line to find its rows: a constant plus so much per run of the line. */
const ROW_WORK_BASE = 20_000;
const ROW_WORK_PER_RUN = 200;
/** How many times a line is cut into rows, one cut in another, at most. */
const MAX_ROW_DEPTH = 64;

/** How far apart (a fraction of the smaller height) the middles of two runs drawn across each other stand when they are two rows. */
const ROW_SHIFT = 0.25;
/** How much (a fraction of the smaller font size) two runs of one band share of their width before they are drawn across each other. */
const ROW_CROSS = 0.3;

/** Whether two runs are drawn across each other: sharing much of their width, one a good part of a line above the other. */
function crossed(a: TextRun, b: TextRun): boolean {
  const over = Math.min(a.x1, b.x1) - Math.max(a.x0, b.x0);
  if (over < ROW_CROSS * Math.max(Math.min(a.size, b.size), 0.01)) return false;
  const shift = Math.abs(a.y0 + a.y1 - b.y0 - b.y1) / 2;
  return shift >= ROW_SHIFT * Math.max(Math.min(a.y1 - a.y0, b.y1 - b.y0), 0.01);
}

/**
 * A band (sorted left to right) whose runs stand across one another's width at different heights
 * is two rows, not one: a text box set half a line over the title (`秘密★6个月` over the start of
 * `市教育局关于…`) shares the title's band through its taller digits, and read into it as one line
 * the marking stood inside running text. Such a band is cut where the middles of its runs lie
 * furthest apart, top row first, each row again when its own runs still cross; runs that only
 * jitter on one baseline, or are drawn over each other on it, stay one line.
 */
function splitRows(runs: readonly TextRun[], line: number[], work: RowWork, depth: number): number[][] {
  if (line.length < 2) return [line];
  // Bounded: a line of thousands of runs drawn over one another (or a staircase of them, cut one
  // row at a time) would take quadratic or cubic time; past the bound the rest reads as drawn,
  // and the line is counted as crowded (the reader reports it).
  if (depth >= MAX_ROW_DEPTH || work.left < line.length * 2) {
    work.over = true;
    return [line];
  }
  work.left -= line.length * 2;
  // Runs whose right edge reaches past the current one's left: the only ones it can cross.
  let open: number[] = [];
  let minShift = Infinity;
  for (const i of line) {
    const r = runs[i];
    if (WHITESPACE.test(r.text)) continue;
    work.left -= open.length;
    if (work.left < 0) {
      work.over = true;
      return [line];
    }
    open = open.filter((k) => runs[k].x1 > r.x0);
    for (const k of open) {
      if (crossed(runs[k], r)) minShift = Math.min(minShift, ROW_SHIFT * Math.min(runs[k].y1 - runs[k].y0, r.y1 - r.y0));
    }
    open.push(i);
  }
  if (minShift === Infinity) return [line];
  const mid = (i: number): number => (runs[i].y0 + runs[i].y1) / 2;
  const byMiddle = [...line].sort((a, b) => mid(a) - mid(b) || a - b);
  let cut = -1;
  let widest = 0;
  for (let k = 0; k + 1 < byMiddle.length; k++) {
    const gap = mid(byMiddle[k + 1]) - mid(byMiddle[k]);
    if (gap > widest) {
      widest = gap;
      cut = k + 1;
    }
  }
  // No clear gap between the heights: one line drawn over itself, read as it is.
  if (cut < 0 || widest < minShift) return [line];
  const byX = (a: number, b: number): number => runs[a].x0 - runs[b].x0 || a - b;
  const top = byMiddle.slice(0, cut).sort(byX);
  const bottom = byMiddle.slice(cut).sort(byX);
  const rows = splitRows(runs, top, work, depth + 1);
  for (const row of splitRows(runs, bottom, work, depth + 1)) rows.push(row);
  return rows;
}

/**
 * The text of one line, left to right: a space where a visible gap separates two runs, one where
 * pdf.js or the producer drew blank runs (their own spaces, so a row of cells set apart by spaces
 * keeps them), nothing at either end. Every other character of every run is kept, once.
 */
function buildLine(runs: readonly TextRun[], line: readonly number[]): BuiltLine | undefined {
  let text = '';
  const segs: number[] = [];
  // Whether `text` ends with whitespace (or is empty); kept as we go rather than tested on the string.
  let spaced = true;
  let prev: TextRun | undefined;
  let bx0 = Infinity;
  let by0 = Infinity;
  let bx1 = -Infinity;
  let by1 = -Infinity;
  for (const i of line) {
    const r = runs[i];
    if (WHITESPACE.test(r.text)) {
      // Blank runs mark a gap: kept (as spaces) between words, never at the line start. A single
      // space is not doubled; a stretch of spaces cut out of a shown string is kept whole, as it
      // was inside the string (a row of cells set apart by spaces stays a row of cells).
      if (text.length > 0 && (!spaced || r.text.length > 1)) {
        segs.push(text.length, i, 0);
        text += ' '.repeat(r.text.length);
        spaced = true;
      }
      continue;
    }
    const first = r.text.charCodeAt(0);
    if (prev && !spaced && !isSpaceUnit(first)) {
      const gap = r.x0 - prev.x1;
      // The last character, whole when it is a surrogate pair (CJK extension B).
      const lastUnit = text.charCodeAt(text.length - 1);
      const before = lastUnit >= 0xdc00 && lastUnit <= 0xdfff ? text.slice(-2) : text.slice(-1);
      if (gap > gapFraction(before, r.text) * Math.min(prev.size, r.size)) {
        segs.push(text.length, -1, -1);
        text += ' ';
      }
    }
    let from = 0;
    if (text.length === 0) while (from < r.text.length && isSpaceUnit(r.text.charCodeAt(from))) from++;
    segs.push(text.length, i, from);
    text += from > 0 ? r.text.slice(from) : r.text;
    spaced = isSpaceUnit(text.charCodeAt(text.length - 1));
    prev = r;
    bx0 = Math.min(bx0, r.x0);
    by0 = Math.min(by0, r.y0);
    bx1 = Math.max(bx1, r.x1);
    by1 = Math.max(by1, r.y1);
  }
  let end = text.length;
  while (end > 0 && isSpaceUnit(text.charCodeAt(end - 1))) end--;
  if (end === 0) return undefined;
  if (end < text.length) {
    text = text.slice(0, end);
    while (segs.length > 0 && segs[segs.length - 3] >= end) segs.length -= 3;
  }
  return { text, segs, x0: bx0, y0: by0, x1: bx1, y1: by1 };
}

/** Whether a UTF-16 unit is whitespace (what `\s` matches). */
function isSpaceUnit(c: number): boolean {
  return (c >= 9 && c <= 13) || c === 32 || c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

// ------------------------------------------------------------------ reading order

/**
 * A run of the content stream that keeps going where text flows: along its line, or down to the
 * next line within this many line heights (and overlapping the block sideways). A producer draws
 * a text box, a column or a table cell as one such run; a jump back up starts another block.
 * pdfminer groups lines into boxes at 0.5 line heights of gap; double-spaced lines leave 1.3,
 * and a paragraph break in them more.
 */
const BLOCK_LINE_GAP = 2;

/** Fewest lines, and fewest units per line on average, for a block to read as a column of text. */
const COLUMN_LINES = 2;
const COLUMN_LINE_UNITS = 8;

/** Beyond this many column candidates on one page the pairwise test is skipped: lines as drawn. */
const MAX_COLUMN_BLOCKS = 300;

interface BlockLine extends Rect4 {
  units: number;
}

interface StreamBlock {
  members: number[];
  lines: BlockLine[];
  x0: number;
  x1: number;
  y0: number;
  y1: number;
}

/** Cuts the runs, in content-stream order, into blocks that each flow down one text area. */
function streamBlocks(runs: readonly TextRun[], members: readonly number[]): StreamBlock[] {
  const blocks: StreamBlock[] = [];
  let cur: StreamBlock | undefined;
  for (const i of members) {
    const r = runs[i];
    // Blank runs take no part in the geometry: they go with whatever is being drawn.
    if (cur && WHITESPACE.test(r.text)) {
      cur.members.push(i);
      continue;
    }
    const line = cur?.lines[cur.lines.length - 1];
    if (cur && line) {
      if (sameLine(line.y0, line.y1, r)) {
        cur.members.push(i);
        line.units += r.text.length;
        line.x0 = Math.min(line.x0, r.x0);
        line.x1 = Math.max(line.x1, r.x1);
        if (r.y1 - r.y0 <= 1.5 * (line.y1 - line.y0)) {
          line.y0 = Math.min(line.y0, r.y0);
          line.y1 = Math.max(line.y1, r.y1);
        }
        grow(cur, r);
        continue;
      }
      const height = Math.max(line.y1 - line.y0, r.y1 - r.y0);
      const below = (r.y0 + r.y1) / 2 > line.y1 && r.y0 - line.y1 <= BLOCK_LINE_GAP * height;
      const beside = Math.min(cur.x1, r.x1) - Math.max(cur.x0, r.x0) > 0;
      if (below && beside) {
        cur.members.push(i);
        cur.lines.push({ x0: r.x0, y0: r.y0, x1: r.x1, y1: r.y1, units: r.text.length });
        grow(cur, r);
        continue;
      }
    }
    cur = { members: [i], lines: [], x0: r.x0, x1: r.x1, y0: r.y0, y1: r.y1 };
    if (!WHITESPACE.test(r.text)) cur.lines.push({ x0: r.x0, y0: r.y0, x1: r.x1, y1: r.y1, units: r.text.length });
    blocks.push(cur);
  }
  return blocks;
}

function grow(b: StreamBlock, r: Rect4): void {
  b.x0 = Math.min(b.x0, r.x0);
  b.x1 = Math.max(b.x1, r.x1);
  b.y0 = Math.min(b.y0, r.y0);
  b.y1 = Math.max(b.y1, r.y1);
}

/** Whether a block's lines are text a reader follows down, not labels or a stack of characters. */
function isColumn(b: StreamBlock): boolean {
  if (b.lines.length < COLUMN_LINES) return false;
  let units = 0;
  for (const l of b.lines) units += l.units;
  return units >= COLUMN_LINE_UNITS * b.lines.length;
}

/**
 * Whether two blocks stand side by side: where their heights overlap, each has at least two lines
 * and the lines of one end before those of the other begin. Two text boxes or two columns.
 */
function sideBySide(a: StreamBlock, b: StreamBlock): boolean {
  const top = Math.max(a.y0, b.y0);
  const bottom = Math.min(a.y1, b.y1);
  if (bottom <= top) return false;
  const span = (blk: StreamBlock): [number, number, number] => {
    let n = 0;
    let x0 = Infinity;
    let x1 = -Infinity;
    for (const l of blk.lines) {
      const mid = (l.y0 + l.y1) / 2;
      if (mid < top || mid > bottom) continue;
      n++;
      x0 = Math.min(x0, l.x0);
      x1 = Math.max(x1, l.x1);
    }
    return [n, x0, x1];
  };
  const [na, ax0, ax1] = span(a);
  if (na < COLUMN_LINES) return false;
  const [nb, bx0, bx1] = span(b);
  if (nb < COLUMN_LINES) return false;
  return ax1 <= bx0 || bx1 <= ax0;
}

/**
 * Reading order for one reading frame: the runs (indices into `runs`, in content-stream order)
 * split into groups that are each laid out line by line, in the order returned.
 *
 * Lines are found by position, as a reader sees them, except across text boxes and columns set
 * side by side: those are read one after the other, as their producer drew them (PDFBox reads in
 * content-stream order by default, pdfminer groups lines into boxes). Blocks are cut from the
 * content stream where it jumps back up or sideways ({@link streamBlocks}); two blocks are columns
 * when both have lines of running text beside each other ({@link sideBySide}). Every other block
 * that shares a line with another is read with it, so a marking drawn apart from the text beside
 * it (`机密★5年` then, later, a document number on the same line) still stands on that line, and
 * a table of short cells reads row by row. A page without columns is one group: the lines as seen.
 */
export function readingGroups(runs: readonly TextRun[], members: readonly number[]): number[][] {
  if (members.length < 4) return [members.slice()];
  const blocks = streamBlocks(runs, members);
  const columns: number[] = [];
  for (let k = 0; k < blocks.length; k++) if (isColumn(blocks[k])) columns.push(k);
  if (columns.length < 2 || columns.length > MAX_COLUMN_BLOCKS) return [members.slice()];
  const apart = new Set<number>();
  const n = blocks.length;
  for (let p = 0; p < columns.length; p++) {
    for (let q = p + 1; q < columns.length; q++) {
      if (sideBySide(blocks[columns[p]], blocks[columns[q]])) apart.add(columns[p] * n + columns[q]);
    }
  }
  if (apart.size === 0) return [members.slice()];

  // Blocks that share a line are read together, unless they are columns side by side.
  const parent = Array.from({ length: n }, (_, k) => k);
  const find = (k: number): number => {
    while (parent[k] !== k) k = parent[k] = parent[parent[k]];
    return k;
  };
  const lines: Array<{ block: number; line: BlockLine }> = [];
  blocks.forEach((b, k) => b.lines.forEach((line) => lines.push({ block: k, line })));
  lines.sort((a, b) => a.line.y0 - b.line.y0);
  for (let p = 0; p < lines.length; p++) {
    const a = lines[p];
    for (let q = p + 1; q < lines.length && lines[q].line.y0 < a.line.y1; q++) {
      const b = lines[q];
      if (a.block === b.block || !sameLine(a.line.y0, a.line.y1, b.line)) continue;
      const lo = Math.min(a.block, b.block);
      const hi = Math.max(a.block, b.block);
      if (apart.has(lo * n + hi)) continue;
      parent[find(hi)] = find(lo);
    }
  }
  const groups = new Map<number, { members: number[]; blocks: number[]; top: number }>();
  blocks.forEach((b, k) => {
    const root = find(k);
    let g = groups.get(root);
    if (!g) groups.set(root, (g = { members: [], blocks: [], top: b.y0 }));
    g.members.push(...b.members);
    g.blocks.push(k);
    g.top = Math.min(g.top, b.y0);
  });
  if (groups.size === 1) return [members.slice()];
  // Columns follow one another as drawn (which also serves right-to-left pages); anything else
  // takes its place from the top down. A group's blocks are listed in stream order.
  const related = (a: number[], b: number[]): boolean => a.some((x) => b.some((y) => apart.has(Math.min(x, y) * n + Math.max(x, y))));
  const order = [...groups.values()].sort((a, b) => (related(a.blocks, b.blocks) ? a.blocks[0] - b.blocks[0] : a.top - b.top || a.blocks[0] - b.blocks[0]));
  return order.map((g) => g.members);
}

interface Rect4 {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/** A laid-out line before offsets are assigned; `items` are the stacked lines a vertical line was joined from. */
interface BuiltLine extends Rect4, Mapped {
  items?: Array<Rect4 & { text: string }>;
}

function boxOf(r: Rect4): Box {
  return { x: round(r.x0), y: round(r.y0), width: round(r.x1 - r.x0), height: round(r.y1 - r.y0), unit: 'pt' };
}

/** Longest line (in characters) that can be part of a vertical stack. */
const STACK_ITEM_CHARS = 2;

/** Whether `b` sits right under `a` in one column: they share most of their width and nearly touch. */
function stacked(a: Rect4, b: Rect4): boolean {
  const overlap = Math.min(a.x1, b.x1) - Math.max(a.x0, b.x0);
  const narrower = Math.min(a.x1 - a.x0, b.x1 - b.x0);
  const height = Math.max(a.y1 - a.y0, b.y1 - b.y0);
  return overlap >= 0.5 * Math.max(narrower, 0.01) && b.y0 > a.y0 && b.y0 - a.y1 <= height;
}

/**
 * Joins vertical text written one character per line (vertical writing, a narrow column, a
 * marking set down a page edge) into one line: `机` `密` `★` `5` `年` stacked reads `机密★5年`.
 * Lines of more than {@link STACK_ITEM_CHARS} characters are never joined, so horizontal text
 * stays as it is.
 */
function joinStacks(lines: BuiltLine[]): BuiltLine[] {
  const out: BuiltLine[] = [];
  const short = (l: BuiltLine): boolean => [...l.text].length <= STACK_ITEM_CHARS && !/\s/.test(l.text);
  let i = 0;
  while (i < lines.length) {
    let j = i + 1;
    if (short(lines[i])) while (j < lines.length && short(lines[j]) && stacked(lines[j - 1], lines[j])) j++;
    if (j - i < 2) {
      out.push(lines[i]);
      i++;
      continue;
    }
    const items = lines.slice(i, j).map((l) => ({ text: l.text, x0: l.x0, y0: l.y0, x1: l.x1, y1: l.y1 }));
    const segs: number[] = [];
    let at = 0;
    for (const l of lines.slice(i, j)) {
      for (let s = 0; s < l.segs.length; s += 3) segs.push(l.segs[s] + at, l.segs[s + 1], l.segs[s + 2]);
      at += l.text.length;
    }
    out.push({
      text: items.map((it) => it.text).join(''),
      segs,
      x0: Math.min(...items.map((it) => it.x0)),
      y0: items[0].y0,
      x1: Math.max(...items.map((it) => it.x1)),
      y1: items[items.length - 1].y1,
      items,
    });
    i = j;
  }
  return out;
}

/**
 * A line is centred when it is clearly shorter than the text column and its margins to the column
 * match; when the part has too few lines to show a column, the page edges stand in for it.
 */
function isCentred(x0: number, x1: number, colLeft: number, colRight: number, pageWidth: number): boolean {
  if (!(pageWidth > 0)) return false;
  const width = x1 - x0;
  let left = x0 - colLeft;
  let right = colRight - x1;
  let column = colRight - colLeft;
  if (column < 0.5 * pageWidth) {
    left = x0;
    right = pageWidth - x1;
    column = pageWidth * 0.75;
  }
  if (width > 0.85 * column || left < 0.05 * column || right < 0.05 * column) return false;
  return Math.abs(left - right) <= Math.max(6, 0.04 * column);
}

function clamp01(v: number): number {
  return v < 0 ? 0 : v > 1 ? 1 : Math.round(v * 10_000) / 10_000;
}

function round(v: number): number {
  return Math.round(v * 100) / 100;
}

type Rect = { x0: number; y0: number; x1: number; y1: number };

/** Maps a page rectangle into the reading frame of text running at `angle` (text then runs left to right). */
function toFrame(r: Rect, angle: number, w: number, h: number): Rect {
  switch (angle) {
    case 90: // x' = y, y' = w - x
      return { x0: r.y0, x1: r.y1, y0: w - r.x1, y1: w - r.x0 };
    case 180: // x' = w - x, y' = h - y
      return { x0: w - r.x1, x1: w - r.x0, y0: h - r.y1, y1: h - r.y0 };
    case 270: // x' = h - y, y' = x
      return { x0: h - r.y1, x1: h - r.y0, y0: r.x0, y1: r.x1 };
    default:
      return r;
  }
}

/** The inverse of {@link toFrame}. */
function fromFrame(r: Rect, angle: number, w: number, h: number): Rect {
  switch (angle) {
    case 90: // y = x', x = w - y'
      return { x0: w - r.y1, x1: w - r.y0, y0: r.x0, y1: r.x1 };
    case 180:
      return { x0: w - r.x1, x1: w - r.x0, y0: h - r.y1, y1: h - r.y0 };
    case 270: // y = h - x', x = y'
      return { x0: r.y0, x1: r.y1, y0: h - r.x1, y1: h - r.x0 };
    default:
      return r;
  }
}

/**
 * Lays out a page whose text may run in several directions (a landscape table, a sideways margin
 * note, a page shown rotated): runs are grouped by direction, each group is laid out in its own
 * reading frame, and the groups follow one another, the direction with the most text first.
 * Boxes are given in page coordinates; `pageTop` is measured in the group's reading frame, where
 * "the top" is what a reader turning the page would see first.
 */
export function layoutPage(runs: readonly TextRun[], geometry: PageGeometry): LaidOut {
  const indices = new Map<number, number[]>();
  const weight = new Map<number, number>();
  const slanted: number[] = [];
  runs.forEach((run, k) => {
    if (run.slant !== undefined && Number.isFinite(run.slant)) {
      slanted.push(k);
      return;
    }
    const angle = run.angle === 90 || run.angle === 180 || run.angle === 270 ? run.angle : 0;
    let list = indices.get(angle);
    if (!list) indices.set(angle, (list = []));
    list.push(k);
    weight.set(angle, (weight.get(angle) ?? 0) + run.text.length);
  });
  if (slanted.length === 0 && indices.size <= 1 && !indices.has(90) && !indices.has(180) && !indices.has(270)) return layoutLines(runs, geometry);
  const order = [...indices.keys()].sort((a, b) => weight.get(b)! - weight.get(a)! || a - b);
  const { width: w, height: h } = geometry;
  let text = '';
  const blocks: Block[] = [];
  const laidOut: Array<{ shift: number; laid: LaidOut; members: number[] }> = [];
  for (const angle of order) {
    const turned = angle === 90 || angle === 270;
    const frame: PageGeometry = { page: geometry.page, width: turned ? h : w, height: turned ? w : h };
    const members = indices.get(angle)!;
    const framed = members.map((k) => ({ ...runs[k], ...toFrame(runs[k], angle, w, h) }));
    const laid = layoutLines(framed, frame);
    if (laid.text.length === 0) continue;
    if (text.length > 0) text += '\n';
    const shift = text.length;
    text += laid.text;
    laidOut.push({ shift, laid, members });
    for (const b of laid.blocks) {
      const block: Block = { ...b, start: b.start + shift, end: b.end + shift, index: blocks.length + 1 };
      if (b.box && angle !== 0) {
        const r = fromFrame({ x0: b.box.x, y0: b.box.y, x1: b.box.x + b.box.width, y1: b.box.y + b.box.height }, angle, w, h);
        block.box = { x: round(r.x0), y: round(r.y0), width: round(r.x1 - r.x0), height: round(r.y1 - r.y0), unit: 'pt' };
      }
      if (block.words) block.words = block.words.map((wd) => ({ ...wd, start: wd.start + shift, end: wd.end + shift }));
      blocks.push(block);
    }
  }
  for (const line of slantedLines(runs, slanted, geometry)) {
    if (text.length > 0) text += '\n';
    const shift = text.length;
    text += line.laid.text;
    laidOut.push({ shift, laid: line.laid, members: line.members });
    for (const b of line.laid.blocks) blocks.push({ ...b, start: b.start + shift, end: b.end + shift, index: blocks.length + 1 });
  }
  const run = new Int32Array(text.length).fill(-1);
  const offset = new Int32Array(text.length).fill(-1);
  for (const { shift, laid, members } of laidOut) {
    offset.set(laid.source.offset, shift);
    for (let k = 0; k < laid.source.run.length; k++) {
      const r = laid.source.run[k];
      run[shift + k] = r < 0 ? -1 : members[r];
    }
  }
  const crowded = laidOut.reduce((a, l) => a + (l.laid.crowded ?? 0), 0);
  return { text, blocks, source: { run, offset }, ...(crowded > 0 ? { crowded } : {}) };
}

/**
 * Slanted runs (see {@link TextRun.slant}) as lines: grouped by direction (to the degree) and by
 * the distance of their centres across it (within half the font size), each line in order along
 * its direction, a space where a visible gap separates two runs. Each line is laid out on its own:
 * its text, one `line` block with the box around it, and where its units came from (`members`
 * maps the line's run indices back to `runs`).
 */
function slantedLines(runs: readonly TextRun[], members: readonly number[], geometry: PageGeometry): Array<{ laid: LaidOut; members: number[] }> {
  interface Placed { k: number; deg: number; along: number; across: number; half: number }
  const placed: Placed[] = [];
  for (const k of members) {
    const r = runs[k];
    if (r.text.trim() === '') continue;
    const deg = Math.round(r.slant!);
    const rad = (deg * Math.PI) / 180;
    const cx = (r.x0 + r.x1) / 2;
    const cy = (r.y0 + r.y1) / 2;
    const ux = Math.cos(rad);
    const uy = Math.sin(rad);
    // Half the run's length along its direction: a run of length L and height h at this angle has a
    // box of L|cos| + h|sin| by L|sin| + h|cos|, so L = |cos|·width + |sin|·height − 2h|sin cos|.
    const extent = Math.abs(ux) * (r.x1 - r.x0) + Math.abs(uy) * (r.y1 - r.y0) - 2 * r.size * Math.abs(ux * uy);
    placed.push({ k, deg, along: cx * ux + cy * uy, across: -cx * uy + cy * ux, half: Math.max(0, extent) / 2 });
  }
  placed.sort((a, b) => a.deg - b.deg || a.across - b.across);
  const groups: Placed[][] = [];
  for (const p of placed) {
    const g = groups[groups.length - 1];
    if (g && g[0].deg === p.deg && p.across - g[g.length - 1].across <= 0.5 * Math.max(runs[p.k].size, 0.1)) g.push(p);
    else groups.push([p]);
  }
  return groups.map((g) => {
    g.sort((a, b) => a.along - b.along);
    let text = '';
    const runOf: number[] = [];
    const atOf: number[] = [];
    let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
    g.forEach((p, i) => {
      const r = runs[p.k];
      if (i > 0) {
        const prev = g[i - 1];
        const gap = p.along - p.half - (prev.along + prev.half);
        if (gap > GAP_FRACTION * Math.min(r.size, runs[prev.k].size) && !/\s$/.test(text)) {
          text += ' ';
          runOf.push(-1);
          atOf.push(-1);
        }
      }
      for (let u = 0; u < r.text.length; u++) {
        runOf.push(i);
        atOf.push(u);
      }
      text += r.text;
      x0 = Math.min(x0, r.x0); y0 = Math.min(y0, r.y0); x1 = Math.max(x1, r.x1); y1 = Math.max(y1, r.y1);
    });
    const block: Block = { start: 0, end: text.length, kind: 'line', index: 1, page: geometry.page, box: boxOf({ x0, y0, x1, y1 }), pageTop: geometry.height > 0 ? clamp01(y0 / geometry.height) : 0 };
    return { laid: { text, blocks: [block], source: { run: Int32Array.from(runOf), offset: Int32Array.from(atOf) } }, members: g.map((p) => p.k) };
  });
}
