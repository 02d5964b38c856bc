/**
 * Geometry and lines. OFD places every glyph: a TextObject has a Boundary (its frame on the page, in
 * millimetres, y downwards) and a CTM (object space into that frame); each TextCode gives the first
 * glyph's baseline point X/Y and the advances DeltaX/DeltaY of the others. Glyphs are placed on the
 * page in the order the producer wrote them, and a line ends where the baseline jumps (measured
 * across the text's own direction, so rotated text stays one line). Boxes are reported in points
 * from the page's top left, as PDF boxes are.
 */
import { PartBuilder, type Box, type PartOrigin, type PartRole } from '@prepub/core';

/** An affine map `[a b c d e f]`: x' = a·x + c·y + e, y' = b·x + d·y + f (the CTM's order). */
export type Matrix = [number, number, number, number, number, number];

export const IDENTITY: Matrix = [1, 0, 0, 1, 0, 0];

/** `m` first, then `n`. */
export function compose(m: Matrix, n: Matrix): Matrix {
  const [a, b, c, d, e, f] = m;
  const [A, B, C, D, E, F] = n;
  return [a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F];
}

export function apply(m: Matrix, x: number, y: number): [number, number] {
  return [m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]];
}

export function translate(x: number, y: number): Matrix {
  return [1, 0, 0, 1, x, y];
}

/** Numbers of an ST_Array; non-numbers are dropped. */
export function numbers(s: string | undefined): number[] {
  if (!s) return [];
  const out: number[] = [];
  for (const t of s.trim().split(/[\s,]+/)) {
    const n = Number(t);
    if (t !== '' && Number.isFinite(n)) out.push(n);
  }
  return out;
}

/** Most advances one `g` repetition may expand to: a crafted `g 1e9 1` must not allocate a billion numbers. */
const MAX_REPEAT = 100_000;

/**
 * DeltaX/DeltaY: numbers, where `g N v` stands for N copies of v (GB/T 33190 11.3). `limit` caps the
 * expansion at the number of glyphs that can use it.
 */
export function deltas(s: string | undefined, limit: number): number[] {
  if (!s) return [];
  const t = s.trim().split(/[\s,]+/);
  const out: number[] = [];
  for (let i = 0; i < t.length && out.length < limit; i++) {
    if (t[i] === 'g') {
      const n = Math.min(Math.max(0, Math.floor(Number(t[i + 1]))), MAX_REPEAT, limit - out.length);
      const v = Number(t[i + 2]);
      if (Number.isFinite(n) && Number.isFinite(v)) for (let k = 0; k < n; k++) out.push(v);
      i += 2;
    } else {
      const v = Number(t[i]);
      if (t[i] !== '' && Number.isFinite(v)) out.push(v);
    }
  }
  return out;
}

/** ST_Box `x y w h`, or undefined. */
export function boxOf(s: string | undefined): [number, number, number, number] | undefined {
  const n = numbers(s);
  return n.length >= 4 ? [n[0], n[1], n[2], n[3]] : undefined;
}

/** ST_Array of six numbers, or undefined. */
export function matrixOf(s: string | undefined): Matrix | undefined {
  const n = numbers(s);
  return n.length >= 6 ? [n[0], n[1], n[2], n[3], n[4], n[5]] : undefined;
}

/** Where an object's own coordinates land: its CTM, then its Boundary's corner, then its container's map. */
export function objectMatrix(attrs: Record<string, string>, parent: Matrix): Matrix {
  const b = boxOf(attrs.Boundary);
  const ctm = matrixOf(attrs.CTM) ?? IDENTITY;
  return compose(compose(ctm, translate(b?.[0] ?? 0, b?.[1] ?? 0)), parent);
}

/** Page-space rectangle `[x0, y0, x1, y1]` (mm) covering the object-space rectangle under `m`. */
export function mapRect(m: Matrix, x0: number, y0: number, x1: number, y1: number): [number, number, number, number] {
  // Called once per glyph: the four corners without allocating them.
  const [a, b, c, d, e, f] = m;
  const ax0 = a * x0, ax1 = a * x1, cy0 = c * y0, cy1 = c * y1;
  const bx0 = b * x0, bx1 = b * x1, dy0 = d * y0, dy1 = d * y1;
  return [Math.min(ax0, ax1) + Math.min(cy0, cy1) + e, Math.min(bx0, bx1) + Math.min(dy0, dy1) + f, Math.max(ax0, ax1) + Math.max(cy0, cy1) + e, Math.max(bx0, bx1) + Math.max(dy0, dy1) + f];
}

const PT_PER_MM = 72 / 25.4;
const round = (v: number) => Math.round(v * 100) / 100;

/** A page-space rectangle (mm) as a {@link Box} in points from the page's top left. */
export function toBox(r: [number, number, number, number]): Box {
  return { x: round(r[0] * PT_PER_MM), y: round(r[1] * PT_PER_MM), width: round((r[2] - r[0]) * PT_PER_MM), height: round((r[3] - r[1]) * PT_PER_MM), unit: 'pt' };
}

/** One glyph placed on the page. */
export interface Glyph {
  ch: string;
  /** Baseline origin on the page (mm). */
  x: number;
  y: number;
  /** Unit vector of the text direction on the page. */
  ux: number;
  uy: number;
  /** Font size and advance on the page (mm). */
  size: number;
  adv: number;
  rect: [number, number, number, number];
  /** Which TextCode it came from (a running number) and whether that code runs downwards. */
  code: number;
  vertical: boolean;
}

export type Item = { glyph: Glyph } | { line: string } | { cut: true };

/**
 * The text of one role on one page (or of one annotation file, template, stamp): glyphs and plain
 * lines in the order met, turned into one part with a `line` block per line.
 */
export class PageLines {
  private items: Item[] = [];

  constructor(
    readonly id: string,
    readonly role: PartRole,
    readonly origin: PartOrigin,
    /** Page height (mm), for `pageTop`. */
    readonly pageHeight: number,
    readonly leading = false,
  ) {}

  get empty(): boolean {
    return this.items.length === 0;
  }

  glyph(g: Glyph): void {
    this.items.push({ glyph: g });
  }

  /** A line without a place on the page (an annotation's remark, a parameter). */
  line(text: string): void {
    const t = text.replace(/\s+/g, ' ').trim();
    if (t) this.items.push({ line: t });
  }

  /** Ends the current line whatever comes next (one annotation's appearance against the next one's). */
  cut(): void {
    this.items.push({ cut: true });
  }

  /** The part, or undefined when nothing but whitespace was met. */
  build(): PartBuilder | undefined {
    const b = new PartBuilder(this.id, this.role, this.origin, this.leading);
    let rect: [number, number, number, number] | undefined;
    let prev: Glyph | undefined;
    const page = this.origin.page;
    const end = () => {
      if (!b.open) return;
      if (rect) {
        const top = this.pageHeight > 0 ? Math.min(1, Math.max(0, rect[1] / this.pageHeight)) : undefined;
        b.endParagraph({ kind: 'line', ...(page !== undefined ? { page } : {}), box: toBox(rect), ...(top !== undefined ? { pageTop: Math.round(top * 1000) / 1000 } : {}) });
      } else b.endParagraph({ kind: 'line', ...(page !== undefined ? { page } : {}) });
      rect = undefined;
      prev = undefined;
    };
    for (const it of visualOrder(this.items)) {
      if ('cut' in it) {
        end();
        continue;
      }
      if ('line' in it) {
        end();
        b.beginParagraph();
        b.append(it.line);
        b.endParagraph({ kind: 'paragraph', ...(page !== undefined ? { page } : {}) });
        continue;
      }
      const g = it.glyph;
      if (prev) {
        const sep = separation(prev, g);
        if (sep === 'line') end();
        else if (sep === 'space' && b.lastChar !== ' ' && g.ch !== ' ') b.append(' ');
      }
      if (!b.open) b.beginParagraph();
      b.append(g.ch);
      if (g.ch.trim()) rect = rect ? [Math.min(rect[0], g.rect[0]), Math.min(rect[1], g.rect[1]), Math.max(rect[2], g.rect[2]), Math.max(rect[3], g.rect[3])] : [...g.rect];
      prev = g;
    }
    end();
    return b.blank ? undefined : b;
  }
}

/** Right-to-left scripts (Hebrew, Arabic, Syriac, Thaana, N'Ko; Uyghur is written in Arabic letters): their glyphs run backwards by nature. */
const RTL = /[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]/u;

/**
 * The items with the glyphs of each line in the order a reader sees them. A producer may write the
 * glyphs of one line in any order (one text object per glyph, last glyph first; runs batched by
 * font, the ★ of a marking after the rest), and the page shows them left to right: read in written
 * order, `机密★5年` drawn 年 5 ★ 密 机 came out as `年 5 ★ 密 机`. A line whose glyphs step backwards
 * is put in order along its direction — unless two glyphs would then overlap (text drawn twice,
 * as a bold imitation or a shadow, keeps its written order) or it holds right-to-left letters.
 */
export function visualOrder(items: Item[]): Item[] {
  const out: Item[] = [];
  let run: Glyph[] = [];
  const flush = () => {
    if (run.length > 1 && run.some((g, i) => i > 0 && steppedBack(run[i - 1], g)) && !run.some((g) => g.vertical || RTL.test(g.ch))) {
      const at = (g: Glyph) => g.x * run[0].ux + g.y * run[0].uy;
      const sorted = run.map((g, i) => ({ g, i, p: at(g) })).sort((a, b) => a.p - b.p || a.i - b.i);
      // Glyphs on top of one another (closer than 0.3 of the font size: a copy drawn a hair apart), not merely close (condensed type).
      const overlaps = sorted.some((e, k) => k > 0 && e.p - sorted[k - 1].p < 0.3 * Math.min(e.g.size, sorted[k - 1].g.size));
      if (!overlaps) run = sorted.map((e) => e.g);
    }
    for (const g of run) out.push({ glyph: g });
    run = [];
  };
  for (const it of items) {
    if ('glyph' in it) {
      if (run.length && separation(run[run.length - 1], it.glyph) === 'line') flush();
      run.push(it.glyph);
    } else {
      flush();
      out.push(it);
    }
  }
  flush();
  return out;
}

/** `g` starts before `prev` along the line by more than half a glyph. */
function steppedBack(prev: Glyph, g: Glyph): boolean {
  const along = (g.x - prev.x) * prev.ux + (g.y - prev.y) * prev.uy;
  return along < -0.5 * Math.max(Math.min(g.size, prev.size), 0.1);
}

/**
 * What separates two consecutive glyphs: nothing (same line, touching), a space (same line, a gap)
 * or a line break (the baseline moved across the text direction, or the direction changed).
 */
export function separation(prev: Glyph, g: Glyph): 'none' | 'space' | 'line' {
  if (Math.abs(g.ux - prev.ux) > 0.05 || Math.abs(g.uy - prev.uy) > 0.05) return 'line';
  const dx = g.x - prev.x;
  const dy = g.y - prev.y;
  const size = Math.max(Math.min(g.size, prev.size), 0.1);
  // Vertical writing: one TextCode running downwards is one line.
  if (g.vertical && prev.vertical && g.code === prev.code) return 'none';
  const across = -dx * prev.uy + dy * prev.ux;
  if (Math.abs(across) > 0.5 * size) return 'line';
  const along = dx * prev.ux + dy * prev.uy;
  const gap = along - prev.adv;
  if (gap > 0.3 * size || along < -0.5 * size) return 'space';
  return 'none';
}
