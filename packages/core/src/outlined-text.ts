/**
 * Text drawn as vector outlines: "text as curves" export options, and print drivers given a font
 * they cannot embed, write each glyph as a filled path (or a whole word as one path of many
 * subpaths). Nothing of it reaches the text layer, so on a page that otherwise has text a marking
 * line outlined that way (机密★5年 in 黑体 above a 宋体 body) was never read. This module finds
 * such lines among a page's filled paths (PDF, OFD), so that the area can be rendered and OCR'd
 * like a picture on a text page, or reported unread where nothing is rendered.
 *
 * A line of outlined glyphs is told from ordinary vector graphics by the shape of each fill and by
 * how the fills sit together:
 * - each fill is glyph-sized (4-60 pt high, about as wide as high) and not a simple shape: at least
 *   {@link MIN_GLYPH_SEGMENTS} segments (a rectangle, a rule or a cell border has 4, a framed cell
 *   8, a circle 4-5, ★ 10, a CJK glyph 20-80), in closed contours of 3 segments or more (not a
 *   fan of single lines: hatching, a CAD arrowhead);
 * - fills of similar height stand side by side on a common band, at most about a glyph apart, and
 *   together make a line at least 1.5 heights wide;
 * - the text layer has no character where they stand (a fill under a character is a highlight, a
 *   box or a fake-bold copy of text that is read already).
 * Tables (long thin fills and strokes), underlines, chart bars and markers, and a logo drawn as one
 * big path fail the first test; a single complex shape (an icon, a star) fails the second.
 * Lettering may also be stroked, not filled: a CAD drawing's SHX text is a few open strokes a
 * character, hollow letters are stroked outlines. Such paths are weighed as glyphs too, with a
 * lower count of segments and no demand that their strokes close ({@link OutlineShape.stroked}).
 */

/** An axis-aligned box on a page, y down, in pt. */
export interface OutlineRect {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/** A filled path: its box (page, y down, pt) and shape counts. */
export interface OutlineShape extends OutlineRect {
  /** Line, curve and close segments. */
  segments: number;
  /** Subpaths (moveTo). */
  subpaths: number;
  /** Subpaths longer than 1.5 times the whole path's shorter side: a word drawn as one path has none or few, a path of bars or rules many. */
  long: number;
  /**
   * Painted by stroking its path, not filling it: lettering in a single-stroke font (an SHX font in
   * a CAD drawing: a few open strokes a character) or hollow letters (outlines stroked). Its
   * strokes need not close, and a glyph needs fewer of them ({@link MIN_STROKED_SEGMENTS}).
   */
  stroked?: boolean;
}

/** Fewest segments a fill needs to be taken for a glyph (★ has 10, a framed rectangle 8). */
export const MIN_GLYPH_SEGMENTS = 10;
/** Glyph height range in pt: 4 pt (a footnote) to 60 pt (a large title). */
export const GLYPH_HEIGHT = { min: 4, max: 60 };
/** Fewest segments a whole outlined line needs (two simple glyphs). */
const MIN_LINE_SEGMENTS = 24;
/**
 * Fewest segments a stroked path needs to be taken for a glyph: 年 in a single-stroke font has 6,
 * 机 10, 密 13; a circle has 4 and a rectangle 4-5, which stay out.
 */
export const MIN_STROKED_SEGMENTS = 6;
/** Fewest segments a line of stroked glyphs needs (two single-stroke characters). */
const MIN_STROKED_LINE_SEGMENTS = 12;

/**
 * Whether a fill measured in the walk may be a glyph or an outlined word, in any orientation
 * in pt (a cheap first cut that keeps the list short; {@link outlinedTextAreas} decides).
 */
export function mayBeGlyph(w: number, h: number, segments: number, stroked = false): boolean {
  const short = Math.min(w, h);
  const long = Math.max(w, h);
  return segments >= (stroked ? MIN_STROKED_SEGMENTS : MIN_GLYPH_SEGMENTS) && long >= GLYPH_HEIGHT.min && short <= GLYPH_HEIGHT.max;
}

/**
 * The shape counts of one path as a reader walks its segments (a pdf.js path buffer, OFD's
 * AbbreviatedData): `subpath()` at each move, `segment()` at each line, curve or close, `point()`
 * for each point; {@link PathShapeCounter.counts} gives the {@link OutlineShape} counts.
 */
export class PathShapeCounter {
  private segments = 0;
  private subpaths = 0;
  /** Extent of each finished subpath: x0, y0, x1, y1 per subpath. */
  private readonly ext: number[] = [];
  private sx0 = Infinity;
  private sy0 = Infinity;
  private sx1 = -Infinity;
  private sy1 = -Infinity;

  subpath(): void {
    this.close();
    this.subpaths++;
  }

  segment(): void {
    this.segments++;
  }

  point(x: number, y: number): void {
    if (x < this.sx0) this.sx0 = x;
    if (x > this.sx1) this.sx1 = x;
    if (y < this.sy0) this.sy0 = y;
    if (y > this.sy1) this.sy1 = y;
  }

  /** Segments, subpaths, and subpaths longer than 1.5 times the whole path's shorter side. */
  counts(): { segments: number; subpaths: number; long: number } {
    this.close();
    const e = this.ext;
    let X0 = Infinity;
    let Y0 = Infinity;
    let X1 = -Infinity;
    let Y1 = -Infinity;
    for (let j = 0; j < e.length; j += 4) {
      if (e[j] < X0) X0 = e[j];
      if (e[j + 1] < Y0) Y0 = e[j + 1];
      if (e[j + 2] > X1) X1 = e[j + 2];
      if (e[j + 3] > Y1) Y1 = e[j + 3];
    }
    const limit = 1.5 * Math.min(X1 - X0, Y1 - Y0);
    let long = 0;
    for (let j = 0; j < e.length; j += 4) if (Math.max(e[j + 2] - e[j], e[j + 3] - e[j + 1]) > limit) long++;
    return { segments: this.segments, subpaths: this.subpaths, long };
  }

  private close(): void {
    if (this.sx0 <= this.sx1) this.ext.push(this.sx0, this.sy0, this.sx1, this.sy1);
    this.sx0 = this.sy0 = Infinity;
    this.sx1 = this.sy1 = -Infinity;
  }
}

/**
 * Areas of the page (y down, in pt) where filled paths form a line of outlined glyphs with no
 * text-layer character on them. `shapes` and `text` are boxes on the page (pt, y down). Both
 * horizontal and vertical lines are looked for (a rotated page, vertical writing). `glyphHeight`
 * is the range a glyph's height may take: {@link GLYPH_HEIGHT} on a page, whose size is known; a
 * scalable drawing (SVG) has no size of its own and passes a range measured on it.
 */
export function outlinedTextAreas(shapes: readonly OutlineShape[], text: readonly OutlineRect[], glyphHeight: { min: number; max: number } = GLYPH_HEIGHT): OutlineRect[] {
  if (shapes.length < 1) return [];
  const under = textIndex(text);
  const free = shapes.filter((s) => !under((s.x0 + s.x1) / 2, (s.y0 + s.y1) / 2));
  if (free.length < 1) return [];
  const out = lines(free, glyphHeight);
  // Vertical lines: the same search with the axes swapped, among the fills no line took.
  const swap = (r: OutlineRect): OutlineRect => ({ x0: r.y0, y0: r.x0, x1: r.y1, y1: r.x1 });
  const rest = free.filter((s) => !out.some((o) => s.x0 >= o.x0 && s.x1 <= o.x1 && s.y0 >= o.y0 && s.y1 <= o.y1));
  for (const r of lines(rest.map((s) => ({ ...s, ...swap(s) })), glyphHeight)) {
    const v = swap(r);
    if (!out.some((o) => overlapArea(o, v) > 0.5 * area(v))) out.push(v);
  }
  return out;
}

/** Lines of glyph-like fills along x (see the module comment), each padded by part of its height. */
function lines(shapes: readonly OutlineShape[], glyphHeight: { min: number; max: number }): OutlineRect[] {
  const cands = shapes.filter((s) => {
    const w = s.x1 - s.x0;
    const h = s.y1 - s.y0;
    if (h < glyphHeight.min || h > glyphHeight.max || s.segments < (s.stroked ? MIN_STROKED_SEGMENTS : MIN_GLYPH_SEGMENTS)) return false;
    // A filled glyph's contours are closed shapes of 3 segments or more; a fill of many one-segment
    // subpaths is hatching or a CAD arrowhead drawn as a fan of lines. A stroked glyph's strokes are
    // open lines of one segment or more.
    if (!s.stroked && s.segments < 3 * s.subpaths) return false;
    // One glyph (a little wider than high at most), or a word drawn as one path of several
    // glyph-sized subpaths (not a path of highlight bars or rules).
    return w <= 1.6 * h || (s.subpaths >= 3 && s.segments >= (s.stroked ? MIN_STROKED_LINE_SEGMENTS : MIN_LINE_SEGMENTS) && 4 * s.long <= s.subpaths);
  });
  cands.sort((a, b) => a.x0 - b.x0);
  interface Cluster extends OutlineRect {
    h: number;
    count: number;
    segments: number;
    subpaths: number;
    stroked: boolean;
  }
  const open: Cluster[] = [];
  const done: Cluster[] = [];
  for (const c of cands) {
    const h = c.y1 - c.y0;
    let joined: Cluster | null = null;
    for (let k = open.length - 1; k >= 0; k--) {
      const K = open[k];
      const gap = c.x0 - K.x1;
      if (gap > 1.2 * Math.max(K.h, h)) {
        // Sorted by x0: nothing later can join this cluster.
        done.push(K);
        open.splice(k, 1);
        continue;
      }
      if (joined) continue;
      const ratio = Math.max(K.h, h) / Math.min(K.h, h);
      const overlap = Math.min(K.y1, c.y1) - Math.max(K.y0, c.y0);
      if (ratio <= 2.5 && overlap >= 0.5 * Math.min(K.h, h)) joined = K;
    }
    if (joined) {
      joined.x0 = Math.min(joined.x0, c.x0);
      joined.x1 = Math.max(joined.x1, c.x1);
      joined.y0 = Math.min(joined.y0, c.y0);
      joined.y1 = Math.max(joined.y1, c.y1);
      joined.h = Math.max(joined.h, h);
      joined.count++;
      joined.segments += c.segments;
      joined.subpaths += c.subpaths;
      joined.stroked &&= !!c.stroked;
    } else open.push({ x0: c.x0, y0: c.y0, x1: c.x1, y1: c.y1, h, count: 1, segments: c.segments, subpaths: c.subpaths, stroked: !!c.stroked });
  }
  done.push(...open);
  const out: OutlineRect[] = [];
  for (const K of done) {
    const w = K.x1 - K.x0;
    const h = K.y1 - K.y0;
    if (w < 1.5 * K.h || K.segments < (K.stroked ? MIN_STROKED_LINE_SEGMENTS : MIN_LINE_SEGMENTS)) continue;
    // Two glyphs at least, or one path holding a word.
    if (K.count < 2 && K.subpaths < 3) continue;
    const px = 0.5 * K.h;
    const py = 0.25 * K.h;
    out.push({ x0: K.x0 - px, y0: K.y0 - py, x1: K.x1 + px, y1: K.y0 + h + py });
  }
  return out;
}

/** Height of the bands text boxes are filed under, pt. */
const BAND = 8;

/**
 * Whether a point lies in a text-layer box: boxes filed by horizontal bands, so a page of many
 * glyphs and many shapes costs one band's boxes per shape, not every box.
 */
function textIndex(text: readonly OutlineRect[]): (x: number, y: number) => boolean {
  const bands = new Map<number, OutlineRect[]>();
  for (const t of text) {
    if (!(t.y1 >= t.y0) || !Number.isFinite(t.y0) || !Number.isFinite(t.y1)) continue;
    // A box taller than a page's worth of bands (a vertical run) is filed under at most 200 bands.
    const b0 = Math.floor(t.y0 / BAND);
    const b1 = Math.min(Math.floor(t.y1 / BAND), b0 + 200);
    for (let b = b0; b <= b1; b++) {
      const list = bands.get(b);
      if (list) list.push(t);
      else bands.set(b, [t]);
    }
  }
  return (x, y) => {
    for (const t of bands.get(Math.floor(y / BAND)) ?? []) if (x >= t.x0 && x <= t.x1 && y >= t.y0 && y <= t.y1) return true;
    return false;
  };
}

function area(r: OutlineRect): number {
  return Math.max(0, r.x1 - r.x0) * Math.max(0, r.y1 - r.y0);
}

function overlapArea(a: OutlineRect, b: OutlineRect): number {
  return Math.max(0, Math.min(a.x1, b.x1) - Math.max(a.x0, b.x0)) * Math.max(0, Math.min(a.y1, b.y1) - Math.max(a.y0, b.y0));
}
