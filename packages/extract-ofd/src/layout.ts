/**
 * Geometry and lines. OFD places every glyph: a TextObject has a Boundary (its frame on the page, in
 * millimetres, y downwards) and a CTM (object space into that frame); each TextCode gives the first
 * glyph's baseline point X/Y and the advances DeltaX/DeltaY of the others. Placed glyphs are laid
 * out into lines by where they stand (see PageLines), not in the order the producer wrote them.
 * Boxes are reported in points from the page's top left, as PDF boxes are.
 */
import { coveringGlyphs, layoutPage, PartBuilder, type BlockExtra, type Box, type PartOrigin, type Overdraw, type PartRole, type PlacedGlyph, type TextRun } from '@prepub/core';

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
  /** When it was drawn among the page's glyphs and fills (a fill drawn later may cover it). */
  seq?: number;
}

export type Item = { glyph: Glyph } | { line: string };

/** Marks that sit on the glyph before them and take no room of their own (accents, vowel signs). */
const COMBINING = /\p{M}/u;

/**
 * The text of one role on one page (or of one annotation file, template, stamp): glyphs placed on
 * the page and plain lines, turned into one part with a `line` block per line. Glyphs are laid out
 * by where they stand, as the PDF reader lays out its runs (@prepub/core `layoutPage`): the order a
 * producer wrote them in decides nothing, so a marking drawn 机 … (another line) … 密★5年, or 密★5年
 * first and 机 last, reads as the page shows it. Plain lines (an annotation's remark, a parameter)
 * have no place and follow the glyphs' lines.
 */
export class PageLines {
  /** Lines too crowded for their rows to be worked out (page-layout.ts), read as drawn: the reader reports them. */
  crowded = 0;
  private items: Item[] = [];

  constructor(
    readonly id: string,
    readonly role: PartRole,
    readonly origin: PartOrigin,
    /** Page size (mm): width and height, for centring and `pageTop`; 0 when the text stands on no page. */
    readonly page: { width: number; height: number },
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

  /** How many glyphs `which` picks. */
  count(which: (g: Glyph) => boolean): number {
    let n = 0;
    for (const it of this.items) if ('glyph' in it && which(it.glyph)) n++;
    return n;
  }

  /** The glyphs placed so far, in the order drawn. */
  glyphList(): Glyph[] {
    const out: Glyph[] = [];
    for (const it of this.items) if ('glyph' in it) out.push(it.glyph);
    return out;
  }

  /** Takes out the glyphs `which` picks, in the order drawn. */
  take(which: (g: Glyph) => boolean): Glyph[] {
    const out: Glyph[] = [];
    this.items = this.items.filter((it) => !('glyph' in it && which(it.glyph) && out.push(it.glyph)));
    return out;
  }

  /**
   * Takes out the glyphs a later glyph covers (three quarters of its width or more, on the same
   * baseline, at a like size). One of another character is returned with the pair (机开密★5年 with
   * 密 painted right over 开: the page shows 机密★5年, and 开 is hidden text); the same character
   * drawn again (bold imitated by drawing twice, a shadow) is dropped, the line reads it once.
   */
  takeOverdrawn(): { hidden: Glyph[]; pairs: Overdraw[] } {
    const placed: Array<PlacedGlyph & { k: number; g: Glyph }> = [];
    this.items.forEach((it, k) => {
      if (!('glyph' in it)) return;
      const g = it.glyph;
      if (g.vertical || !(g.adv > 0) || !(g.size > 0) || g.ch.trim() === '' || COMBINING.test(g.ch)) return;
      const along = g.x * g.ux + g.y * g.uy;
      placed.push({ k, g, angle: (Math.atan2(g.uy, g.ux) * 180) / Math.PI, lo: along, hi: along + g.adv, perp: g.x * g.uy - g.y * g.ux, size: g.size, ch: g.ch, order: k });
    });
    const drop = new Set<number>();
    const hidden: Glyph[] = [];
    const pairs: Overdraw[] = [];
    // Bands of 0.7 mm (2 pt) across the baseline.
    coveringGlyphs(placed, 0.7).forEach((j, n) => {
      if (j < 0) return;
      const a = placed[n];
      drop.add(a.k);
      if (placed[j].ch !== a.ch) {
        hidden.push(a.g);
        pairs.push({ under: a.ch, over: placed[j].ch });
      }
    });
    if (drop.size) this.items = this.items.filter((_, k) => !drop.has(k));
    return { hidden, pairs };
  }

  /** The part, or undefined when nothing but whitespace was met. */
  build(): PartBuilder | undefined {
    const b = new PartBuilder(this.id, this.role, this.origin, this.leading);
    const page = this.origin.page;
    const runs = glyphRuns(this.items);
    if (runs.length > 0) {
      const onPage = this.page.height > 0;
      const laid = layoutPage(runs, { page: page ?? 0, width: this.page.width * PT_PER_MM, height: this.page.height * PT_PER_MM });
      this.crowded += laid.crowded ?? 0;
      for (const block of laid.blocks) {
        b.beginParagraph();
        const shift = b.offset - block.start;
        b.append(laid.text.slice(block.start, block.end));
        const extra: BlockExtra = { kind: 'line', ...(page !== undefined ? { page } : {}), ...(block.box ? { box: block.box } : {}), ...(onPage && block.pageTop !== undefined ? { pageTop: Math.round(block.pageTop * 1000) / 1000 } : {}), ...(block.align ? { align: block.align } : {}) };
        if (block.words) extra.words = block.words.map((w) => ({ ...w, start: w.start + shift, end: w.end + shift }));
        b.endParagraph(extra);
      }
    }
    for (const it of this.items) {
      if (!('line' in it)) continue;
      b.beginParagraph();
      b.append(it.line);
      b.endParagraph({ kind: 'paragraph', ...(page !== undefined ? { page } : {}) });
    }
    return b.blank ? undefined : b;
  }
}

/** The direction text runs on the page, as layoutPage takes it: 0 (left to right), 90 (down), 180, 270 (up); undefined for slanted text. */
function angleOf(g: Glyph): 0 | 90 | 180 | 270 | undefined {
  if (g.vertical) return 90;
  if (Math.abs(g.uy) < 0.05) return g.ux < 0 ? 180 : 0;
  if (Math.abs(g.ux) < 0.05) return g.uy > 0 ? 90 : 270;
  return undefined;
}

/**
 * The glyphs as runs for the layout: glyphs written one after another along a line, each touching
 * the last, are one run (a slanted watermark stays one word); a gap, a step back or a turn starts
 * another. Right-to-left letters (Arabic, Hebrew; Uyghur) run backwards by nature: a line of them is
 * one run in the order written.
 */
function glyphRuns(items: readonly Item[]): TextRun[] {
  const runs: TextRun[] = [];
  let run: TextRun | undefined;
  let prev: Glyph | undefined;
  for (const it of items) {
    if (!('glyph' in it)) continue;
    const g = it.glyph;
    const r = g.rect;
    const joins = prev !== undefined && run !== undefined && (RTL.test(g.ch) && RTL.test(prev.ch) ? separation(prev, g) !== 'line' : !RTL.test(g.ch) && continues(prev, g));
    if (joins && run) {
      run.text += g.ch;
      run.x0 = Math.min(run.x0, r[0] * PT_PER_MM);
      run.y0 = Math.min(run.y0, r[1] * PT_PER_MM);
      run.x1 = Math.max(run.x1, r[2] * PT_PER_MM);
      run.y1 = Math.max(run.y1, r[3] * PT_PER_MM);
    } else {
      const angle = angleOf(g);
      run = { text: g.ch, x0: r[0] * PT_PER_MM, y0: r[1] * PT_PER_MM, x1: r[2] * PT_PER_MM, y1: r[3] * PT_PER_MM, size: g.size * PT_PER_MM, angle: angle ?? 0 };
      // Slanted text (a watermark at 45°) is laid out as lines of its own: see TextRun.slant.
      if (angle === undefined) run.slant = (((Math.atan2(g.uy, g.ux) * 180) / Math.PI) % 360 + 360) % 360;
      runs.push(run);
    }
    prev = g;
  }
  return runs;
}

/** `g` goes on from `prev` in one run: same direction, same line, no visible gap, and forward (or down one vertical text code). */
function continues(prev: Glyph, g: Glyph): boolean {
  if (g.vertical || prev.vertical) return g.vertical && prev.vertical && g.code === prev.code;
  if (separation(prev, g) !== 'none') return false;
  const along = (g.x - prev.x) * prev.ux + (g.y - prev.y) * prev.uy;
  return along >= 0.5 * Math.max(prev.adv, 0.01);
}

/** Right-to-left scripts (Hebrew, Arabic, Syriac, Thaana, N'Ko; Uyghur is written in Arabic letters): their glyphs run backwards by nature. */
const RTL = /[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]/u;

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

/** Most glyph pairs {@link linesAcross} compares; beyond it every glyph is taken. */
const MAX_PAIRS = 4_000_000;

/** `h` stands on `g`'s line: the same direction, its baseline within half the smaller size across. */
function onLineOf(g: Glyph, h: Glyph): boolean {
  if (Math.abs(g.ux - h.ux) > 0.05 || Math.abs(g.uy - h.uy) > 0.05) return false;
  const across = -(h.x - g.x) * g.uy + (h.y - g.y) * g.ux;
  return Math.abs(across) <= 0.5 * Math.max(Math.min(g.size, h.size), 0.1);
}

/**
 * The glyphs of the lines on which glyphs of two sources meet (the page's own text, a template page
 * drawn under it, its annotations): on one line and within one and a half sizes of each other. A page
 * showing 机 from its template and 密★5年 of its own reads 机密★5年 only when they are read together.
 */
export function linesAcross(sources: readonly Glyph[][]): Glyph[] {
  const all = sources.flatMap((glyphs, k) => glyphs.map((g) => ({ g, k })));
  const others = all.length - (sources[0]?.length ?? 0);
  if (others * all.length > MAX_PAIRS) return all.map((x) => x.g);
  const seeds: Glyph[] = [];
  for (const a of all) {
    if (a.k === 0) continue;
    for (const b of all) {
      if (b.k === a.k || !onLineOf(a.g, b.g)) continue;
      const lo = (g: Glyph) => g.x * a.g.ux + g.y * a.g.uy;
      const gap = Math.max(lo(b.g) - (lo(a.g) + a.g.adv), lo(a.g) - (lo(b.g) + b.g.adv));
      if (gap <= 1.5 * Math.max(a.g.size, b.g.size)) {
        seeds.push(a.g);
        break;
      }
    }
  }
  if (seeds.length === 0) return [];
  return all.filter((x) => seeds.some((s) => onLineOf(s, x.g))).map((x) => x.g);
}
