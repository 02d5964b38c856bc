/**
 * Turning positioned text runs into lines. Pure functions, no pdf.js: the extractor feeds them
 * runs measured on the page, and the offsets of every line are computed here while the part text
 * is being built, so findings can name the line and box they sit in.
 */
import type { Block, Box } from '@prepub/core';

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
}

/** The text of a part and its line blocks, offsets into `text`. */
export interface LaidOut {
  text: string;
  blocks: Block[];
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
 * Groups runs into lines (by vertical overlap, then left to right), joins lines with '\n' and
 * returns one `line` block per line with its box, `pageTop` and, for centred lines, `align`.
 */
export function layoutLines(runs: readonly TextRun[], geometry: PageGeometry): LaidOut {
  const sorted = runs.filter((r) => r.text.length > 0).sort((a, b) => a.y0 - b.y0 || a.x0 - b.x0);
  const lines: TextRun[][] = [];
  let current: TextRun[] = [];
  let top = 0;
  let bottom = 0;
  for (const run of sorted) {
    if (current.length > 0) {
      const overlap = Math.min(bottom, run.y1) - Math.max(top, run.y0);
      const smaller = Math.min(bottom - top, run.y1 - run.y0);
      if (overlap >= SAME_LINE_OVERLAP * Math.max(smaller, 0.01)) {
        current.push(run);
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
    current = [run];
    top = run.y0;
    bottom = run.y1;
  }
  if (current.length > 0) lines.push(current);

  const built: BuiltLine[] = [];
  for (const line of lines) {
    line.sort((a, b) => a.x0 - b.x0);
    let lineText = '';
    let prev: TextRun | undefined;
    let bx0 = Infinity;
    let by0 = Infinity;
    let bx1 = -Infinity;
    let by1 = -Infinity;
    for (const run of line) {
      const blank = WHITESPACE.test(run.text);
      if (blank) {
        // A space item from pdf.js marks a gap it saw; keep one separator, never at the line start.
        if (lineText.length > 0 && !/\s$/.test(lineText)) lineText += ' ';
        continue;
      }
      if (prev && lineText.length > 0 && !/\s$/.test(lineText) && !/^\s/.test(run.text)) {
        const gap = run.x0 - prev.x1;
        // The last character, whole when it is a surrogate pair (CJK extension B).
        const last = lineText.slice(-1);
        const before = /[\udc00-\udfff]/.test(last) ? lineText.slice(-2) : last;
        if (gap > gapFraction(before, run.text) * Math.min(prev.size, run.size)) lineText += ' ';
      }
      lineText += lineText.length === 0 ? run.text.replace(/^\s+/, '') : run.text;
      prev = run;
      bx0 = Math.min(bx0, run.x0);
      by0 = Math.min(by0, run.y0);
      bx1 = Math.max(bx1, run.x1);
      by1 = Math.max(by1, run.y1);
    }
    lineText = lineText.replace(/\s+$/, '');
    if (lineText.length === 0) continue;
    built.push({ text: lineText, x0: bx0, y0: by0, x1: bx1, y1: by1 });
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
  let text = '';
  const blocks: Block[] = [];
  for (const l of built) {
    if (text.length > 0) text += '\n';
    const start = text.length;
    text += l.text;
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
  return { text, blocks };
}

interface Rect4 {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/** A laid-out line before offsets are assigned; `items` are the stacked lines a vertical line was joined from. */
interface BuiltLine extends Rect4 {
  text: string;
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
    out.push({
      text: items.map((it) => it.text).join(''),
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
  const groups = new Map<number, TextRun[]>();
  const weight = new Map<number, number>();
  for (const run of runs) {
    const angle = run.angle === 90 || run.angle === 180 || run.angle === 270 ? run.angle : 0;
    let list = groups.get(angle);
    if (!list) groups.set(angle, (list = []));
    list.push(run);
    weight.set(angle, (weight.get(angle) ?? 0) + run.text.length);
  }
  if (groups.size <= 1 && !groups.has(90) && !groups.has(180) && !groups.has(270)) return layoutLines(runs, geometry);
  const order = [...groups.keys()].sort((a, b) => weight.get(b)! - weight.get(a)! || a - b);
  const { width: w, height: h } = geometry;
  let text = '';
  const blocks: Block[] = [];
  for (const angle of order) {
    const turned = angle === 90 || angle === 270;
    const frame: PageGeometry = { page: geometry.page, width: turned ? h : w, height: turned ? w : h };
    const framed = groups.get(angle)!.map((r) => ({ ...r, ...toFrame(r, angle, w, h) }));
    const laid = layoutLines(framed, frame);
    if (laid.text.length === 0) continue;
    if (text.length > 0) text += '\n';
    const shift = text.length;
    text += laid.text;
    for (const b of laid.blocks) {
      const block: Block = { ...b, start: b.start + shift, end: b.end + shift, index: blocks.length + 1 };
      if (b.box && angle !== 0) {
        const r = fromFrame({ x0: b.box.x, y0: b.box.y, x1: b.box.x + b.box.width, y1: b.box.y + b.box.height }, angle, w, h);
        block.box = { x: round(r.x0), y: round(r.y0), width: round(r.x1 - r.x0), height: round(r.y1 - r.y0), unit: 'pt' };
      }
      blocks.push(block);
    }
  }
  return { text, blocks };
}
