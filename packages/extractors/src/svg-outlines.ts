/**
 * Lettering drawn as outlines in an SVG drawing. Illustrators' "create outlines", cairo and
 * pdf2svg, font-less converters and poster tools write every glyph as a `<path>` (or define each
 * glyph once in `<defs>` and draw it with `<use>`): the drawing shows 机密★5年 and holds no
 * character of it, so the text reading of the file is empty and it passed. The paths are measured
 * here as the PDF reader measures its fills (@prepub/core outlined-text.ts: glyph-shaped fills side
 * by side on a line); a drawing that holds such a line is handed on as a picture for OCR, which
 * reports what it cannot read (never a silent pass). An icon or a logo drawn as one shape does not
 * make a line, and a drawing too small to carry two legible characters is not read.
 */
import { outlinedTextAreas, PathShapeCounter, type OutlineRect, type OutlineShape } from '@prepub/core';
import { applyAffine, compose, invert, type Affine } from './html-layout.ts';

/** A path's box and shape counts in its own user space (`stroked` when it is stroked, not filled). */
export interface LocalShape extends OutlineShape {}

/** SVG path commands and how many numbers each takes. */
const ARGS: Record<string, number> = { m: 2, l: 2, h: 1, v: 1, c: 6, s: 4, q: 4, t: 2, a: 7, z: 0 };

/** Most numbers of one path's data read: a path longer than this is measured on its start. */
const MAX_PATH_NUMBERS = 400_000;

/**
 * The box (control points included, as a bound) and segment counts of an SVG path's `d`, or
 * undefined when it draws nothing. Relative commands, the H/V shorthands, implicit repeated
 * commands and the compact number syntax (`1.5.5`, `-1-2`, arc flags written `01`) are followed.
 */
export function pathShape(d: string): LocalShape | undefined {
  const c = new PathShapeCounter();
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  const point = (x: number, y: number): void => {
    c.point(x, y);
    if (x < x0) x0 = x;
    if (x > x1) x1 = x;
    if (y < y0) y0 = y;
    if (y > y1) y1 = y;
  };
  let cx = 0;
  let cy = 0;
  let sx = 0;
  let sy = 0;
  let cmd = '';
  let started = false;
  let i = 0;
  const n = d.length;
  let numbers = 0;
  const nums: number[] = [];
  const NUM = /[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?/y;
  const skip = (): void => {
    while (i < n) {
      const ch = d.charCodeAt(i);
      if (ch === 32 || ch === 44 || ch === 9 || ch === 10 || ch === 13 || ch === 12) i++;
      else break;
    }
  };
  /** Reads `k` numbers into `nums` (an arc's flags are single digits); false when fewer stand there. */
  const read = (k: number, arc: boolean): boolean => {
    nums.length = 0;
    for (let j = 0; j < k; j++) {
      skip();
      if (arc && (j === 3 || j === 4)) {
        const ch = d[i];
        if (ch !== '0' && ch !== '1') return false;
        nums.push(ch === '1' ? 1 : 0);
        i++;
        continue;
      }
      NUM.lastIndex = i;
      const m = NUM.exec(d);
      if (!m) return false;
      nums.push(Number(m[0]));
      i = NUM.lastIndex;
    }
    numbers += k;
    return true;
  };
  while (i < n && numbers < MAX_PATH_NUMBERS) {
    skip();
    if (i >= n) break;
    const ch = d[i];
    if (/[a-zA-Z]/.test(ch)) {
      cmd = ch;
      i++;
      if (cmd === 'z' || cmd === 'Z') {
        c.segment();
        cx = sx;
        cy = sy;
        continue;
      }
    } else if (!cmd || cmd === 'z' || cmd === 'Z') break;
    const lower = cmd.toLowerCase();
    // Path data must begin with a moveto; a path that does not draws nothing.
    if (!started && lower !== 'm') break;
    started = true;
    const k = ARGS[lower];
    if (k === undefined) break;
    if (!read(k, lower === 'a')) break;
    const rel = cmd !== cmd.toUpperCase();
    const ox = rel ? cx : 0;
    const oy = rel ? cy : 0;
    if (lower === 'm') {
      c.subpath();
      cx = ox + nums[0];
      cy = oy + nums[1];
      sx = cx;
      sy = cy;
      point(cx, cy);
      // Further pairs after a moveto are lines.
      cmd = rel ? 'l' : 'L';
      continue;
    }
    c.segment();
    if (lower === 'h') cx = ox + nums[0];
    else if (lower === 'v') cy = oy + nums[0];
    else if (lower === 'a') {
      // An arc's bulge is bounded by its radii around both ends (a bound, as control points are).
      const rx = Math.abs(nums[0]);
      const ry = Math.abs(nums[1]);
      const ex = ox + nums[5];
      const ey = oy + nums[6];
      point(Math.min(cx, ex), Math.min(cy, ey));
      point(Math.max(cx, ex), Math.max(cy, ey));
      const mx = (cx + ex) / 2;
      const my = (cy + ey) / 2;
      point(mx - rx, my - ry);
      point(mx + rx, my + ry);
      cx = ex;
      cy = ey;
      continue;
    } else {
      for (let j = 0; j + 1 < k; j += 2) point(ox + nums[j], oy + nums[j + 1]);
      cx = ox + nums[k - 2];
      cy = oy + nums[k - 1];
    }
    point(cx, cy);
  }
  if (!(x0 <= x1 && y0 <= y1)) return undefined;
  return { x0, y0, x1, y1, ...c.counts() };
}

/** The shape of a `<polygon points="…">` (a closed path of straight sides), or of a `<polyline>` (`closed` false). */
export function polygonShape(points: string, closed = true): LocalShape | undefined {
  const v = (points.match(/[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?/g) ?? []).slice(0, MAX_PATH_NUMBERS).map(Number);
  if (v.length < 4) return undefined;
  let d = `M${v[0]} ${v[1]}`;
  for (let j = 2; j + 1 < v.length; j += 2) d += `L${v[j]} ${v[j + 1]}`;
  return pathShape(closed ? `${d}Z` : d);
}

/** Shapes measured per drawing, at most (a map of a few thousand regions, a page of glyphs). */
export const MAX_SVG_SHAPES = 50_000;

/** A drawing's (outermost <svg>'s) size and where its source stands. */
export interface SvgRoot {
  /** Its width and height in its own units (the viewBox's, else width/height), when given. */
  width?: number;
  height?: number;
  /** The size it is drawn at, in CSS px (width/height attributes, else the viewBox's), when given. */
  drawnWidth?: number;
  drawnHeight?: number;
}

/**
 * Collects the shapes an HTML or SVG reader walks past (paths and polygons with the coordinate
 * system their element draws in, `<use>` copies of them, which elements have ids) and says which
 * drawings hold lines of outlined glyphs.
 */
export class SvgOutlineCollector {
  private readonly shapes = new Map<number, OutlineShape[]>();
  /** Shapes under each id (the element itself or its descendants), in the coordinates of the id'd element's parent. */
  private readonly byOwner = new Map<string, Array<{ shape: LocalShape; m: Affine }>>();
  private readonly uses: Array<{ root: number; m: Affine; ref: string }> = [];
  private readonly roots = new Map<number, SvgRoot>();
  private count = 0;
  /** Shapes and <use> copies past the caps, not measured: a loss, since lettering may be among them. */
  dropped = 0;

  /** Records a drawing's size (its outermost <svg>'s attributes). */
  root(root: number, attrs: Record<string, string>): void {
    const vb = (attrs.viewBox ?? attrs.viewbox ?? '').trim().split(/[\s,]+/).map(Number);
    const len = (v: string | undefined): number | undefined => {
      const m = /^\s*([-+]?(?:\d+\.?\d*|\.\d+))(px|pt|mm|cm|in)?\s*$/i.exec(v ?? '');
      if (!m) return undefined;
      const k = { pt: 4 / 3, mm: 96 / 25.4, cm: 96 / 2.54, in: 96 } as Record<string, number>;
      return Number(m[1]) * (k[(m[2] ?? '').toLowerCase()] ?? 1);
    };
    const hasBox = vb.length === 4 && vb.every(Number.isFinite) && vb[2] > 0 && vb[3] > 0;
    const w = len(attrs.width);
    const h = len(attrs.height);
    this.roots.set(root, {
      ...(hasBox ? { width: vb[2], height: vb[3] } : w && h ? { width: w, height: h } : {}),
      ...(w && h ? { drawnWidth: w, drawnHeight: h } : hasBox ? { drawnWidth: vb[2], drawnHeight: vb[3] } : {}),
    });
  }

  /**
   * Records one shape: `m` maps its user space to the drawing's (a string when it cannot be
   * followed: the shape is then left out); `drawn` false inside <defs>/<symbol> (drawn only by
   * <use>); `owners`, the ids of it and its ancestors with their parents' matrices.
   */
  shape(root: number, shape: LocalShape, m: Affine | string, drawn: boolean, owners: ReadonlyArray<{ id: string; parentM: Affine | string }>): void {
    if (typeof m === 'string') return;
    if (this.count >= MAX_SVG_SHAPES) {
      this.dropped++;
      return;
    }
    this.count++;
    if (drawn) this.place(root, shape, m);
    for (const o of owners) {
      if (typeof o.parentM === 'string') continue;
      const back = invert(o.parentM);
      if (!back) continue;
      const l = this.byOwner.get(o.id);
      const entry = { shape, m: compose(back, m) };
      if (l) l.push(entry);
      else this.byOwner.set(o.id, [entry]);
    }
  }

  /** Records a `<use href="#ref">` drawn with matrix `m` (its own x/y and transform included). */
  use(root: number, ref: string, m: Affine | string): void {
    if (typeof m === 'string') return;
    if (this.uses.length >= MAX_SVG_SHAPES) {
      this.dropped++;
      return;
    }
    this.uses.push({ root, m, ref });
  }

  /**
   * Drawings holding at least one line of outlined glyphs, each with the lines' areas in its own
   * units. A drawing drawn smaller than two legible characters (20 × 8 px: an icon) is left out.
   */
  drawingsWithLettering(): Array<{ root: number; areas: OutlineRect[]; size: SvgRoot }> {
    for (const u of this.uses) {
      for (const e of this.byOwner.get(u.ref) ?? []) {
        if (this.count++ >= MAX_SVG_SHAPES * 2) this.dropped++;
        else this.place(u.root, e.shape, compose(u.m, e.m));
      }
    }
    const out: Array<{ root: number; areas: OutlineRect[]; size: SvgRoot }> = [];
    for (const [root, shapes] of this.shapes) {
      const size = this.roots.get(root) ?? {};
      if (size.drawnWidth !== undefined && size.drawnHeight !== undefined) {
        const long = Math.max(size.drawnWidth, size.drawnHeight);
        const short = Math.min(size.drawnWidth, size.drawnHeight);
        if (long < 20 || short < 8) continue;
      }
      // A drawing has no size of its own: glyph heights are weighed against the drawing (from a
      // three-hundredth of its longer side, a footnote on a poster, to its whole height), or
      // against the shapes' extent when it gives no size.
      let w = size.width;
      let h = size.height;
      if (w === undefined || h === undefined) {
        const X0 = Math.min(...shapes.map((s) => s.x0));
        const Y0 = Math.min(...shapes.map((s) => s.y0));
        w = Math.max(...shapes.map((s) => s.x1)) - X0;
        h = Math.max(...shapes.map((s) => s.y1)) - Y0;
      }
      const long = Math.max(w, h);
      const areas = outlinedTextAreas(shapes, [], { min: long / 300, max: Math.max(w, h) });
      if (areas.length) out.push({ root, areas, size });
    }
    return out;
  }

  private place(root: number, s: LocalShape, m: Affine): void {
    const corners = [applyAffine(m, s.x0, s.y0), applyAffine(m, s.x1, s.y0), applyAffine(m, s.x0, s.y1), applyAffine(m, s.x1, s.y1)];
    const xs = corners.map((p) => p[0]);
    const ys = corners.map((p) => p[1]);
    const placed: OutlineShape = { x0: Math.min(...xs), y0: Math.min(...ys), x1: Math.max(...xs), y1: Math.max(...ys), segments: s.segments, subpaths: s.subpaths, long: s.long, ...(s.stroked ? { stroked: true } : {}) };
    if (![placed.x0, placed.y0, placed.x1, placed.y1].every(Number.isFinite)) return;
    const l = this.shapes.get(root);
    if (l) l.push(placed);
    else this.shapes.set(root, [placed]);
  }
}
