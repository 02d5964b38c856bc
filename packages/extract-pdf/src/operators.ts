/**
 * Positioning page text and finding text a reader cannot see, from one walk over a page's pdf.js
 * operator list. pdf.js `getTextContent` gives text and positions but not the render mode, colour
 * or optional-content layer a run was drawn with; the operator list has them. The walk keeps the
 * graphics and text state the way pdf.js's canvas renderer does (q/Q, cm, clipping paths, form XObjects, text
 * matrix and position, font and size, spacing, Tr, fill and stroke colour and alpha, marked-content
 * layers) and tags every glyph it shows with the reason it is invisible, if any. Given font data,
 * it also positions every glyph (`GlyphRun`), so a page is parsed once. Without it (vertical or
 * Type3 fonts) the glyph sequence is aligned with pdf.js text-content characters instead (see
 * `HiddenAligner`): both come from the same content stream in the same order.
 *
 * The walk also records opaque filled shapes and pictures in painting order, so white lettering on
 * a dark banner counts as visible and text painted over by a black box counts as covered.
 * It measures how much of the page images cover and whether vector paths are painted,
 * which decides whether a page with little text must be rendered for OCR, and collects the text
 * drawn by annotation appearance streams (stamps), which pdf.js reports nowhere else.
 */

import { isCjk, LATIN_GAP_FRACTION } from '@prepub/core';
import { mayBeGlyph, MIN_STROKED_SEGMENTS, sameColour, UNSEEN_MAX_PERCENT, type OutlineShape } from '@prepub/core';
import { countPath } from './outlines.ts';

/** Why a glyph is not seen. 0 = visible. */
export const Hidden = {
  Visible: 0,
  /** Render mode 3 (neither fill nor stroke) or 7 (clip only), or fully transparent paint. */
  Invisible: 1,
  /** Painted white (or nearly) on what we assume to be a white page. */
  White: 2,
  /** Inside an optional-content layer that is off by default. */
  LayerOff: 3,
  /** Drawn outside the visible page area. */
  OffPage: 4,
  /** Drawn at a font size of 2 pt or less (core's UNSEEN_MAX_POINTS). */
  Tiny: 5,
  /** Painted over afterwards by an opaque filled shape (a black-box "redaction" that left the text in). */
  Covered: 6,
  /** Painted in the colour of the shape under it (red on a red box, white on a white one). */
  Ground: 7,
  /** Squeezed to a tenth of its height or drawn over by the next glyph (Tz, a negative Tc or kerning): no room of its own on the line. */
  Squeezed: 8,
  /** Drawn outside the clipping path in force (`W n`, a form's /BBox): cut away, nothing of it painted. */
  Clipped: 9,
} as const;
/** One of the {@link Hidden} codes. */
export type Hidden = (typeof Hidden)[keyof typeof Hidden];

/** Human-readable reason for each {@link Hidden} code. */
export const HIDDEN_DETAIL: Record<number, string> = {
  1: 'invisible text (render mode 3/7 or transparent)',
  2: 'white text',
  3: 'text in an optional-content layer that is off by default',
  4: 'text outside the visible page area',
  5: 'text 2 pt or smaller',
  6: 'text covered by a shape painted over it',
  7: 'text in the colour of the shape under it',
  8: 'text squeezed to a sliver or drawn over by the next character',
  9: 'text outside the clipping path it is drawn in',
};

/** Short tag used in part ids. */
export const HIDDEN_TAG: Record<number, string> = { 1: 'invisible', 2: 'white', 3: 'layer-off', 4: 'off-page', 5: 'tiny', 6: 'covered', 7: 'ground-colour', 8: 'squeezed', 9: 'clipped' };

/** A filled shape or picture on the page, in page user space (y up), and when it was painted. */
export interface Paint {
  /** Position in the operator list: earlier paints lie under later ones. */
  seq: number;
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  /** A picture: never covering text by itself (pictures are often transparent); text it is painted over sends the page to OCR. */
  image: boolean;
  /** Painted white (a white box hides text as well as a black one, but is no backdrop for white text). */
  white: boolean;
  /** A shape's fill colour (`#rrggbb`); absent for pictures. */
  colour?: string;
  /**
   * A box (one outline of at most five straight segments): what it paints is its bounding box. A
   * ring, a frame or a radical sign paints only part of it, and is no ground for the text inside.
   */
  box?: boolean;
  /** A picture's size in pixels, when the operator list gives it. */
  pixels?: { width: number; height: number };
}

/** What the operator walk learned about one page. */
export interface OperatorFacts {
  /** Non-whitespace glyph text of the page content, in drawing order (annotations excluded). */
  chars: string;
  /** {@link Hidden} code of each char of `chars`. */
  flags: Uint8Array;
  /** Operator-list position at which each char of `chars` was shown. */
  seq: Uint32Array;
  /** The clipping path in force when each char of `chars` was shown (see GState.clip): null where nothing clipped. */
  clips: Array<Box[] | null>;
  /** The one colour each char of `chars` was painted in (see glyphColour), for the ground it stands on. */
  fills: string[];
  /** Opaque filled shapes and pictures, in painting order (capped at {@link MAX_PAINTS}). */
  paints: Paint[];
  /** Square points covered by painted images (overlaps counted twice). */
  imageArea: number;
  /** Number of painted (filled or stroked) vector paths. */
  paintedPaths: number;
  /** Text drawn by each annotation's appearance stream, keyed by annotation id. */
  annotationText: Map<string, string>;
  /**
   * The glyphs each annotation's appearance draws, placed on the page as the page's own runs are
   * (annotation transform and matrix applied), keyed by annotation id; empty without font data
   * (`annotationFonts`, by default the page's `fonts`). A line a viewer shows may be part page,
   * part appearance (机 on the page, 密★5年 in a free-text box beside it): the page is also read
   * with them.
   */
  annotationRuns: Map<string, GlyphRun[]>;
  /**
   * The page text positioned from the operators themselves, when font data was given; null
   * otherwise, and the caller falls back to pdf.js text content (as it does for a `partial` page).
   */
  runs: GlyphRun[] | null;
  /**
   * Some runs could not be placed (a Type3 or vertical font): the page is read through pdf.js text
   * content, and `runs` holds the runs that were placed, for the checks that need glyph positions
   * (painted over, squeezed, under a picture).
   */
  partial: boolean;
  /**
   * Glyphs of runs that could not be placed, shown in a state that may keep them from showing
   * where they stand (squeezed by Tz, pulled back by Tc or a TJ adjustment): their reading is not weighed.
   */
  unplacedUnweighed: number;
  /** Glyphs the page content draws and how many of them carry no usable Unicode (see {@link GlyphCount}). */
  glyphs: GlyphCount;
  /** Text-showing operators (Tj, TJ, ', ") of the page content, form XObjects included, annotations excluded. */
  textOps: number;
  /** Glyphs of the page content drawn through a soft mask (`SMask`), otherwise seen: whether they show depends on the mask. */
  softMasked: number;
  /** Annotations whose appearance paints a picture into no area (an empty or missing rectangle): nothing shows it, nothing reads it. */
  unplacedPictures: number;
  /**
   * Visible filled paths of the page content and of annotation appearances (a stamp drawn as
   * curves) shaped like glyphs or outlined words (see @prepub/core outlined-text.ts), in page user
   * space (y up), capped at {@link MAX_SHAPES}.
   */
  shapes: OutlineShape[];
  /** Glyph-shaped fills beyond {@link MAX_SHAPES}, not kept. */
  shapesDropped: number;
  /**
   * Visible stroked paths of the page content of one subpath (a ring, a box, a single line), in
   * page user space (y up), capped at {@link MAX_STROKES}: a form's option circled or boxed (circled.ts).
   */
  strokes?: Stroke[];
  /** Stroked paths beyond {@link MAX_STROKES}, not kept. */
  strokesDropped?: number;
}

/** A stroked path of one subpath: its box, and whether it is one straight segment (a rule) or a closed shape. */
export interface Stroke {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  /** One straight segment. */
  line: boolean;
}

/** Most stroked paths kept per page (a ruled table has a few hundred). */
export const MAX_STROKES = 4000;

/** Most glyph-shaped fills kept per page (a page of outlined text has a few thousand). */
export const MAX_SHAPES = 8000;

/**
 * Glyphs drawn versus glyphs that turned into text. A glyph without a usable Unicode value (none at
 * all, a raw control code, private use, U+FFFD) is drawn on the page but lost to the text layer:
 * a marking set in a font without a ToUnicode map disappears that way.
 */
export interface GlyphCount {
  /** Non-space glyphs drawn. */
  drawn: number;
  /** Of those, glyphs without a usable Unicode value. */
  unmapped: number;
  /** The same two counts per font resource name. */
  byFont: Map<string, { drawn: number; unmapped: number }>;
}

/**
 * Whether a glyph's Unicode value is unusable: empty, control codes (fonts without a ToUnicode map
 * often come out as their raw character codes), U+FFFD, or private use outside U+F000–F0FF (where
 * symbol fonts such as Wingdings keep bullets, as in Word).
 */
export function isUnmappedGlyph(unicode: string): boolean {
  if (unicode.length === 0) return true;
  for (let i = 0; i < unicode.length; i++) {
    const c = unicode.charCodeAt(i);
    if (c < 0x20 || (c >= 0x7f && c < 0xa0) || c === 0xfffd) return true;
    if (c >= 0xe000 && c <= 0xf8ff && (c < 0xf000 || c > 0xf0ff)) return true;
    // Supplementary private use planes 15 and 16 (high surrogates DB80–DBFF).
    if (c >= 0xdb80 && c <= 0xdbff) return true;
  }
  return false;
}

/** Minimal view of pdf.js's OptionalContentConfig. */
export interface LayerConfig {
  isVisible(group: unknown): boolean;
}

/** The operator codes we use (pdf.js `OPS`). */
export interface OpCodes {
  [name: string]: number;
}

type Matrix = [number, number, number, number, number, number];

interface GState {
  mode: number;
  fill: string;
  stroke: string;
  fillAlpha: number;
  strokeAlpha: number;
  ctm: Matrix;
  // Text state, kept the way pdf.js's canvas renderer keeps it (saved with q/Q).
  font: string;
  fontSize: number;
  charSpacing: number;
  wordSpacing: number;
  hScale: number;
  leading: number;
  rise: number;
  tm: Matrix | null;
  x: number;
  y: number;
  lineX: number;
  lineY: number;
  /**
   * The clipping path in force as boxes (page user space) whose union holds it, null when nothing
   * clips, empty when nothing shows. Each box bounds one subpath, so what lies outside them all is
   * certainly cut away; inside it may be too (a round or an even-odd path), and is taken as seen.
   */
  clip: Box[] | null;
  /** pdf.js's name of the blend mode (`BM`): `source-over` for Normal. */
  blend: string;
  /** A soft mask (`SMask`) is in force: what shows depends on the mask's content. */
  softMask: boolean;
  /** The fill is a tiling pattern whose cell paints a picture: a filled path shows that picture. */
  fillPicture: boolean;
  /** Glyphs shown in render mode 7 whose outlines clip what is painted now (set at ET, undone by Q). */
  textClip?: TextClip | null;
}

/**
 * Glyphs shown in render mode 7 (clip only): invisible by themselves, but what is painted while
 * their clip is in force shows in their shapes, so a fill after them draws them (7 Tr (密) Tj ET
 * then a filled box shows 密 in the box's colour).
 */
interface TextClip {
  runs: GlyphRun[];
  chars: number[];
}

/** Blend modes that leave a white page white whatever colour is painted on it (Screen, Lighten, …). */
const WHITE_ON_WHITE = new Set(['screen', 'lighten', 'overlay', 'color-dodge', 'color-burn', 'soft-light', 'hue', 'saturation', 'color']);

/**
 * The colour a paint shows on a white page under blend mode `blend`: white for the modes that keep
 * white, the inverse for Difference and Exclusion, light channels turned white by Hard Light.
 */
function onWhite(colour: string, blend: string): string {
  if (blend === 'source-over' || blend === 'normal' || blend === 'multiply' || blend === 'darken' || blend === 'luminosity') return colour;
  if (WHITE_ON_WHITE.has(blend)) return '#ffffff';
  if (colour.length !== 7 || colour[0] !== '#') return colour;
  let out = '#';
  for (let i = 1; i < 7; i += 2) {
    const c = parseInt(colour.slice(i, i + 2), 16);
    const v = blend === 'difference' || blend === 'exclusion' ? 255 - c : blend === 'hard-light' ? (c <= 127 ? 2 * c : 255) : c;
    out += Math.min(255, v).toString(16).padStart(2, '0');
  }
  return out;
}

/** x0, y0, x1, y1. */
export type Box = [number, number, number, number];

/** Most boxes a clip keeps; beyond, the boxes give way to the one box around them (which holds more: seen). */
const MAX_CLIP_BOXES = 32;

function around(boxes: readonly Box[]): Box[] {
  if (boxes.length === 0) return [];
  return [[Math.min(...boxes.map((b) => b[0])), Math.min(...boxes.map((b) => b[1])), Math.max(...boxes.map((b) => b[2])), Math.max(...boxes.map((b) => b[3]))]];
}

/** The clip `a` (null: none) further clipped by the path whose subpaths lie in `b`. */
function intersect(a: Box[] | null, b: Box[]): Box[] {
  const bs = b.length > MAX_CLIP_BOXES ? around(b) : b;
  if (a === null) return bs;
  const out: Box[] = [];
  for (const p of a)
    for (const q of bs) {
      const r: Box = [Math.max(p[0], q[0]), Math.max(p[1], q[1]), Math.min(p[2], q[2]), Math.min(p[3], q[3])];
      if (r[2] >= r[0] && r[3] >= r[1]) out.push(r);
    }
  return out.length > MAX_CLIP_BOXES ? around(out) : out;
}

/**
 * The box of each subpath of a pdf.js path (ops 0 moveTo, 1 lineTo, 2 curveTo, 3 quadratic, 4
 * close; a curve within its control points), mapped through `m`; null when the path holds none.
 */
function subpathBoxes(path: ArrayLike<number>, m: Matrix): Box[] | null {
  const out: Box[] = [];
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  const flush = (): void => {
    if (x0 <= x1 && y0 <= y1) out.push(mapBox(m, x0, y0, x1, y1));
    x0 = y0 = Infinity;
    x1 = y1 = -Infinity;
  };
  for (let i = 0; i < path.length; ) {
    const op = path[i];
    const k = op === 0 || op === 1 ? 2 : op === 2 ? 6 : op === 3 ? 4 : op === 4 ? 0 : -1;
    if (k < 0) return null;
    if (op === 0) flush();
    for (let j = i + 1; j < i + k; j += 2) {
      const x = path[j];
      const y = path[j + 1];
      if (!Number.isFinite(x) || !Number.isFinite(y)) return null;
      x0 = Math.min(x0, x);
      y0 = Math.min(y0, y);
      x1 = Math.max(x1, x);
      y1 = Math.max(y1, y);
    }
    i += k + 1;
  }
  flush();
  return out.length ? out : null;
}

/** A form's or group's /BBox mapped through `m`, as a clip path; null when there is none. */
function bboxClip(b: ArrayLike<number> | null | undefined, m: Matrix): Box[] | null {
  if (!b || b.length !== 4 || !Array.from(b).every(Number.isFinite)) return null;
  return [mapBox(m, Math.min(b[0], b[2]), Math.min(b[1], b[3]), Math.max(b[0], b[2]), Math.max(b[1], b[3]))];
}

/**
 * Whether a shown string may put a glyph where it does not show: squeezed to a tenth (Tz), pulled
 * back over the one before by character spacing or a TJ adjustment of a third of an em or more.
 */
function mayOverdraw(shown: readonly unknown[], st: GState): boolean {
  // A negative size or scale runs the text the other way: what pulls back is then the other sign.
  const sign = Math.sign(st.fontSize * st.hScale) || 1;
  if (Math.abs(st.hScale) <= UNSEEN_MAX_PERCENT / 100 || sign * st.charSpacing <= -0.3 * Math.abs(st.fontSize)) return true;
  return shown.some((g) => typeof g === 'number' && sign * g >= 300);
}

/** What positioning text needs to know about a font (pdf.js's exported font data). */
export interface FontInfo {
  fontMatrix?: number[];
  /** A composite (Type0) font; with `fontExtraProperties` pdf.js also exports its `toUnicode` map. */
  composite?: boolean;
  toUnicode?: unknown;
  /** With `fontExtraProperties: 'summary'` (the repository's pdf.js patch): the font's Unicode map is the identity. */
  identityToUnicode?: boolean;
  vertical?: boolean;
  isType3Font?: boolean;
  ascent?: number;
  descent?: number;
}

/**
 * A run of glyphs shown by one text operator with one visibility, positioned in text space: the
 * glyph `i` starts at `xs[i]` and the run ends at `xEnd`, on the baseline `y`, all mapped to page
 * user space by `matrix` (CTM × text matrix).
 */
export interface GlyphRun {
  text: string;
  reason: Hidden;
  /** The one colour the run's glyphs were painted in (see glyphColour): `#rrggbb`, or another word when there is none. */
  fill: string;
  /** The clipping path in force when the run was shown, as boxes (see GState.clip), or null. */
  clip: Box[] | null;
  /** Operator-list position of the showText. */
  seq: number;
  matrix: Matrix;
  xs: number[];
  /** Each character's glyph width as drawn (text space, Tz applied, spacing left out). */
  ws: number[];
  /**
   * True where a character belongs to the glyph before it (a ligature, a surrogate pair): it stands
   * at that glyph's position. Another glyph drawn at the same position is no part of it.
   */
  joins: boolean[];
  xEnd: number;
  y: number;
  fontSize: number;
  ascent: number;
  descent: number;
}

/**
 * Whether pdf.js fell back to an identity Unicode map for a composite font (no ToUnicode, Identity
 * ordering): its "text" is then the glyph ids. pdf.js's IdentityToUnicodeMap arrives as an object
 * with `firstChar`/`lastChar` and no `_map`.
 */
export function hasIdentityUnicode(font: FontInfo | undefined): boolean {
  if (!font?.composite) return false;
  if (typeof font.identityToUnicode === 'boolean') return font.identityToUnicode;
  const t = font.toUnicode as { firstChar?: unknown; _map?: unknown } | undefined;
  return t != null && typeof t === 'object' && typeof t.firstChar === 'number' && t._map === undefined;
}

/** A 6-number matrix from a plain or typed array (pdf.js sends both). */
function asMatrix(v: unknown): Matrix | null {
  if (v == null || typeof v !== 'object') return null;
  const a = v as ArrayLike<unknown>;
  if (a.length !== 6) return null;
  const m = Array.from(a, Number) as Matrix;
  return m.every(Number.isFinite) ? m : null;
}

function multiply(m: Matrix, n: readonly number[]): Matrix {
  // Applies n first, then m (PDF `cm` semantics: new CTM = n × CTM).
  return [
    n[0] * m[0] + n[1] * m[2],
    n[0] * m[1] + n[1] * m[3],
    n[2] * m[0] + n[3] * m[2],
    n[2] * m[1] + n[3] * m[3],
    n[4] * m[0] + n[5] * m[2] + m[4],
    n[4] * m[1] + n[5] * m[3] + m[5],
  ];
}

/** The paint of a pattern or shading: seen, and the colour of nothing else. */
const PATTERN = 'pattern';

/** Most operators of a tiling pattern's cell looked at; a longer cell is taken as visible paint. */
const MAX_CELL_OPS = 2000;

/**
 * What a fill or stroke set to a pattern paints, as a colour: `none` when a tiling pattern's cell
 * paints nothing, the colour its painting is in when that is one colour (or white only), the colour
 * `scn` gives an uncoloured pattern (PaintType 2) that paints; otherwise {@link PATTERN}. A glyph
 * filled with a pattern that paints nothing or only white shows as little as one filled with white:
 * one put inside a marking (机[国]密★5年) broke it up while the page shows 机 密★5年.
 */
export function patternPaint(args: unknown, OPS: OpCodes, shadings?: (id: string) => unknown): string {
  if (Array.isArray(args) && args[0] === 'Shading' && typeof args[1] === 'string') return shadingPaint(shadings?.(args[1]));
  if (!Array.isArray(args) || args[0] !== 'TilingPattern') return PATTERN;
  const cell = args[2] as { fnArray?: ArrayLike<number>; argsArray?: ArrayLike<unknown> } | undefined;
  const colours = cell?.fnArray && cell.argsArray ? cellColours(cell.fnArray, cell.argsArray, OPS) : null;
  if (colours === null) return PATTERN;
  if (colours.size === 0) return 'none';
  if (args[7] === 2) return typeof args[1] === 'string' ? args[1] : PATTERN;
  if (colours.size === 1) return colours.values().next().value!;
  for (const c of colours) if (!isWhiteOrNone(c)) return PATTERN;
  return '#ffffff';
}

/** Whether a fill colour is a tiling pattern (pdf.js's IR) whose cell paints a picture. */
function cellPaintsPicture(args: unknown, OPS: OpCodes): boolean {
  if (!Array.isArray(args) || args[0] !== 'TilingPattern') return false;
  const fns = (args[2] as { fnArray?: ArrayLike<number> } | undefined)?.fnArray;
  if (!fns) return false;
  for (let k = 0; k < fns.length; k++) {
    const f = fns[k];
    if (f === OPS.paintImageXObject || f === OPS.paintInlineImageXObject || f === OPS.paintInlineImageXObjectGroup || f === OPS.paintImageXObjectRepeat || f === OPS.paintImageMaskXObject || f === OPS.paintImageMaskXObjectGroup || f === OPS.paintImageMaskXObjectRepeat) return true;
  }
  return false;
}

/**
 * What a shading pattern paints (pdf.js's IR: `['RadialAxial', type, bbox, colorStops, …]` with
 * `[offset, '#rrggbb']` stops, `['Mesh', type, coords, colors, …]` with RGB triples): its one
 * colour, white when every colour is white, else {@link PATTERN}. An unknown shading is seen.
 */
function shadingPaint(ir: unknown): string {
  if (!Array.isArray(ir)) return PATTERN;
  const colours = new Set<string>();
  if (ir[0] === 'RadialAxial' && Array.isArray(ir[3])) {
    for (const stop of ir[3] as unknown[]) {
      if (!Array.isArray(stop) || typeof stop[1] !== 'string') return PATTERN;
      // pdf.js closes an axis not extended with transparent stops: nothing painted there.
      if (stop[1] !== 'transparent') colours.add(stop[1]);
    }
  } else if (ir[0] === 'Mesh' && ir[3] && typeof (ir[3] as ArrayLike<number>).length === 'number') {
    const rgb = ir[3] as ArrayLike<number>;
    if (rgb.length > 3 * 100_000) return PATTERN;
    const hex = (v: number) => Math.max(0, Math.min(255, Math.round(v))).toString(16).padStart(2, '0');
    for (let k = 0; k + 2 < rgb.length; k += 3) colours.add(`#${hex(rgb[k])}${hex(rgb[k + 1])}${hex(rgb[k + 2])}`);
  } else return PATTERN;
  if (colours.size === 1) return colours.values().next().value!;
  if (colours.size === 0) return PATTERN;
  for (const c of colours) if (!isWhiteOrNone(c)) return PATTERN;
  return '#ffffff';
}

/** The paint of a graphics state: what the operators below set. */
interface PaintState {
  fill: string;
  stroke: string;
  fillAlpha: number;
  strokeAlpha: number;
  mode: number;
  blend?: string;
  softMask?: boolean;
}

/**
 * Applies an operator that sets paint (colours, patterns, render mode, ExtGState alpha, blend and
 * soft mask) to `st`; false for any other operator. `pattern` says what a pattern or shading set as
 * the colour paints. Shared by the page walk and the walk of a pattern's cell.
 */
function setPaint(fn: number, args: unknown[] | null, st: PaintState, OPS: OpCodes, pattern: (args: unknown) => string): boolean {
  switch (fn) {
    case OPS.setFillRGBColor:
      st.fill = String(args?.[0] ?? '#000000');
      return true;
    case OPS.setStrokeRGBColor:
      st.stroke = String(args?.[0] ?? '#000000');
      return true;
    case OPS.setFillTransparent:
      st.fill = 'none';
      return true;
    case OPS.setStrokeTransparent:
      st.stroke = 'none';
      return true;
    case OPS.setFillColorN:
    case OPS.setFillColor:
      st.fill = pattern(args);
      return true;
    case OPS.setStrokeColorN:
    case OPS.setStrokeColor:
      st.stroke = pattern(args);
      return true;
    case OPS.setTextRenderingMode:
      st.mode = Number(args?.[0]) || 0;
      return true;
    case OPS.setGState:
      if (Array.isArray(args?.[0])) {
        for (const entry of args[0] as unknown[]) {
          if (!Array.isArray(entry)) continue;
          if (entry[0] === 'ca') st.fillAlpha = Number(entry[1]);
          else if (entry[0] === 'CA') st.strokeAlpha = Number(entry[1]);
          else if (entry[0] === 'BM') st.blend = String(entry[1]);
          else if (entry[0] === 'SMask') st.softMask = entry[1] === true;
        }
      }
      return true;
  }
  return false;
}

/**
 * The colours a pattern cell's operators paint in (fills, strokes, text, image masks); null when
 * it paints something whose colour is not known here (a picture, a shading, a nested pattern) or is
 * too long to follow.
 */
function cellColours(fnArray: ArrayLike<number>, argsArray: ArrayLike<unknown>, OPS: OpCodes): Set<string> | null {
  if (fnArray.length > MAX_CELL_OPS) return null;
  const FILLS = new Set([OPS.fill, OPS.eoFill, OPS.fillStroke, OPS.eoFillStroke, OPS.closeFillStroke, OPS.closeEOFillStroke]);
  const STROKES = new Set([OPS.stroke, OPS.closeStroke, OPS.fillStroke, OPS.eoFillStroke, OPS.closeFillStroke, OPS.closeEOFillStroke]);
  let st: PaintState = { fill: '#000000', stroke: '#000000', fillAlpha: 1, strokeAlpha: 1, mode: 0 };
  const stack: PaintState[] = [];
  const out = new Set<string>();
  const paint = (fills: boolean, strokes: boolean): boolean => {
    for (const [on, colour, alpha] of [[fills, st.fill, st.fillAlpha], [strokes, st.stroke, st.strokeAlpha]] as const) {
      if (!on || alpha <= 0 || colour === 'none') continue;
      if (colour === PATTERN) return false;
      out.add(colour);
    }
    return true;
  };
  for (let i = 0; i < fnArray.length; i++) {
    const fn = fnArray[i];
    const args = argsArray[i] as unknown[] | null;
    // A pattern inside a cell: its paint is not followed further (seen, of no known colour).
    if (setPaint(fn, args, st, OPS, () => PATTERN)) continue;
    switch (fn) {
      case OPS.save:
        stack.push({ ...st });
        break;
      case OPS.restore:
        st = stack.pop() ?? st;
        break;
      case OPS.constructPath:
        if (Array.isArray(args) && typeof args[0] === 'number' && !paint(FILLS.has(args[0]), STROKES.has(args[0]))) return null;
        break;
      case OPS.showText:
      case OPS.showSpacedText:
      case OPS.nextLineShowText:
      case OPS.nextLineSetSpacingShowText: {
        const mode = st.mode & 7;
        if (!paint(mode === 0 || mode === 2 || mode === 4 || mode === 6, mode === 1 || mode === 2 || mode === 5 || mode === 6)) return null;
        break;
      }
      case OPS.paintImageMaskXObject:
      case OPS.paintImageMaskXObjectGroup:
      case OPS.paintImageMaskXObjectRepeat:
      case OPS.paintSolidColorImageMask:
        // A mask paints in the fill colour.
        if (!paint(true, false)) return null;
        break;
      case OPS.paintImageXObject:
      case OPS.paintInlineImageXObject:
      case OPS.paintInlineImageXObjectGroup:
      case OPS.paintImageXObjectRepeat:
      case OPS.shadingFill:
        return null;
      default:
        if (FILLS.has(fn) || STROKES.has(fn)) {
          if (!paint(FILLS.has(fn), STROKES.has(fn))) return null;
        }
    }
  }
  return out;
}

/**
 * The one colour a glyph is painted in, by its render mode: the fill, the stroke, or both when they
 * are alike; `none` when fill and stroke differ (an outline in another colour shows on any ground).
 */
function glyphColour(st: GState): string {
  const mode = st.mode & 3;
  if (mode === 0) return st.fill;
  if (mode === 1) return st.stroke;
  return mode === 2 && sameColour(st.fill, st.stroke) ? st.fill : 'none';
}

/** Most paints kept per page: charts can have tens of thousands of shapes. */
export const MAX_PAINTS = 4000;

/** Bounding box of a rectangle mapped through `m`. */
function mapBox(m: Matrix, x0: number, y0: number, x1: number, y1: number): [number, number, number, number] {
  const xs = [m[0] * x0 + m[2] * y0 + m[4], m[0] * x1 + m[2] * y0 + m[4], m[0] * x0 + m[2] * y1 + m[4], m[0] * x1 + m[2] * y1 + m[4]];
  const ys = [m[1] * x0 + m[3] * y0 + m[5], m[1] * x1 + m[3] * y0 + m[5], m[1] * x0 + m[3] * y1 + m[5], m[1] * x1 + m[3] * y1 + m[5]];
  return [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
}

/** `#rrggbb` with every channel ≥ 0xF0, or no paint at all. */
function isWhiteOrNone(color: string): boolean {
  if (color === 'none') return true;
  if (color.length !== 7 || color[0] !== '#') return false;
  for (let i = 1; i < 7; i += 2) if (parseInt(color.slice(i, i + 2), 16) < 0xf0) return false;
  return true;
}

function glyphReason(st: GState, layerOff: boolean): Hidden {
  if (layerOff) return Hidden.LayerOff;
  const mode = st.mode & 7;
  if (mode === 3 || mode === 7) return Hidden.Invisible;
  const fills = mode === 0 || mode === 2 || mode === 4 || mode === 6;
  const strokes = mode === 1 || mode === 2 || mode === 5 || mode === 6;
  // A tenth as opaque or less is not seen (@prepub/core's limit for every format).
  const fillGone = !fills || st.fillAlpha <= UNSEEN_MAX_PERCENT / 100 || st.fill === 'none';
  const strokeGone = !strokes || st.strokeAlpha <= UNSEEN_MAX_PERCENT / 100 || st.stroke === 'none';
  if (fillGone && strokeGone) return Hidden.Invisible;
  // Judged as the paint shows on a white page (a blend mode may whiten it); a shape under it may
  // still show it (settleByPaint).
  const fillWhite = fillGone || isWhiteOrNone(onWhite(st.fill, st.blend));
  const strokeWhite = strokeGone || isWhiteOrNone(onWhite(st.stroke, st.blend));
  if (fillWhite && strokeWhite) return Hidden.White;
  return Hidden.Visible;
}

const normCache = new Map<string, string>();

/** Same folding pdf.js applies to text content (compatibility forms, ligatures), whitespace removed. */
export function foldGlyph(unicode: string): string {
  if (unicode.length === 1 && unicode.charCodeAt(0) < 0x80) return unicode.trim();
  let out = normCache.get(unicode);
  if (out === undefined) {
    out = unicode.normalize('NFKC').replace(/\s+/g, '');
    if (normCache.size < 50_000) normCache.set(unicode, out);
  }
  return out;
}

/** Walks a pdf.js operator list (see the module comment). */
export function analyseOperators(
  fnArray: ArrayLike<number>,
  argsArray: ArrayLike<unknown>,
  OPS: OpCodes,
  layers: LayerConfig | null,
  fonts?: (name: string) => FontInfo | undefined,
  identityFont?: (name: string) => boolean,
  shadings?: (id: string) => unknown,
  annotationFonts: ((name: string) => FontInfo | undefined) | undefined = fonts,
): OperatorFacts {
  const patternOf = (args: unknown): string => patternPaint(args, OPS, shadings);
  let st: GState = {
    mode: 0,
    fill: '#000000',
    stroke: '#000000',
    fillAlpha: 1,
    strokeAlpha: 1,
    ctm: [1, 0, 0, 1, 0, 0],
    font: '',
    fontSize: 0,
    charSpacing: 0,
    wordSpacing: 0,
    hScale: 1,
    leading: 0,
    rise: 0,
    tm: null,
    x: 0,
    y: 0,
    lineX: 0,
    lineY: 0,
    clip: null,
    blend: 'source-over',
    softMask: false,
    fillPicture: false,
  };
  // A `W`/`W*` seen: the path that ends next (`n`, or painted) becomes part of the clip.
  let pendingClip = false;
  // Glyphs of render mode 7 in the open text object: their clip takes effect at ET.
  let pendingTextClip: TextClip | null = null;
  const runs: GlyphRun[] = [];
  const positioned = fonts !== undefined;
  // A run the walk cannot place (a Type3 or vertical font) is left to pdf.js text content; the
  // runs after it in its line are not placed either (its advance is unknown) until the text
  // position is set again (Td, TD, T*, Tm, BT).
  let partial = false;
  let lost = false;
  let unplacedUnweighed = 0;
  const stack: GState[] = [];
  const layerStack: boolean[] = [];
  let layerOffDepth = 0;
  let annotation: string | null = null;
  let annotationChars: string[] = [];
  /** The open annotation's rectangle on the page (user space), and whether a picture of it was noted. */
  let annotationRect: number[] | null = null;
  let annotationPicture = false;
  let unplacedPictures = 0;
  /** The page's graphics state while an annotation's appearance is drawn. */
  let beforeAnnotation: GState | null = null;
  const annotationText = new Map<string, string>();
  const annotationRuns = new Map<string, GlyphRun[]>();
  const charParts: string[] = [];
  const flagParts: number[] = [];
  const seqParts: number[] = [];
  const clipParts: Array<Box[] | null> = [];
  const fillParts: string[] = [];
  const paints: Paint[] = [];
  const FILLS = new Set([OPS.fill, OPS.eoFill, OPS.fillStroke, OPS.eoFillStroke, OPS.closeFillStroke, OPS.closeEOFillStroke]);
  let imageArea = 0;
  let paintedPaths = 0;
  const glyphs: GlyphCount = { drawn: 0, unmapped: 0, byFont: new Map() };
  let textOps = 0;
  let softMasked = 0;
  const shapes: OutlineShape[] = [];
  let shapesDropped = 0;
  const strokes: Stroke[] = [];
  let strokesDropped = 0;
  const STROKES = new Set([OPS.stroke, OPS.closeStroke, OPS.fillStroke, OPS.eoFillStroke, OPS.closeFillStroke, OPS.closeEOFillStroke]);

  /** Paint at `seq` inside a text clip: its glyphs show in `colour` from then on. */
  const reveal = (clip: TextClip, colour: string, seq: number) => {
    const reason = colour !== 'none' && isWhiteOrNone(onWhite(colour, st.blend)) ? Hidden.White : Hidden.Visible;
    for (const run of clip.runs) if (run.reason === Hidden.Invisible) (run.reason = reason), (run.fill = colour), (run.seq = seq);
    for (const k of clip.chars) if (flagParts[k] === Hidden.Invisible) (flagParts[k] = reason), (seqParts[k] = seq), (fillParts[k] = colour);
  };

  for (let i = 0; i < fnArray.length; i++) {
    const fn = fnArray[i];
    const args = argsArray[i] as any[] | null;
    switch (fn) {
      case OPS.save:
        stack.push({ ...st });
        break;
      case OPS.restore:
        st = stack.pop() ?? st;
        // As pdf.js's renderer does: a `W` no path followed before Q clips nothing.
        pendingClip = false;
        break;
      case OPS.paintFormXObjectBegin:
        stack.push({ ...st });
        {
          const m = asMatrix(args?.[0]);
          if (m) st = { ...st, ctm: multiply(st.ctm, m) };
          // A form's /BBox clips what it draws.
          const box = bboxClip(args?.[1] as ArrayLike<number> | null | undefined, st.ctm);
          if (box) st.clip = intersect(st.clip, box);
        }
        break;
      case OPS.beginGroup:
        // A form with a transparency group gives its /BBox here (and none to paintFormXObjectBegin).
        stack.push({ ...st });
        {
          const g = args?.[0] as { matrix?: unknown; bbox?: ArrayLike<number> | null } | undefined;
          const box = bboxClip(g?.bbox, multiply(st.ctm, asMatrix(g?.matrix) ?? [1, 0, 0, 1, 0, 0]));
          if (box) st.clip = intersect(st.clip, box);
        }
        break;
      case OPS.endGroup:
        st = stack.pop() ?? st;
        pendingClip = false;
        break;
      case OPS.paintFormXObjectEnd:
        st = stack.pop() ?? st;
        pendingClip = false;
        break;
      case OPS.transform:
        {
          const m = asMatrix(args);
          if (m) st.ctm = multiply(st.ctm, m);
        }
        break;
      case OPS.setTextRenderingMode:
      case OPS.setFillRGBColor:
      case OPS.setStrokeRGBColor:
      case OPS.setFillTransparent:
      case OPS.setStrokeTransparent:
      case OPS.setFillColorN:
      case OPS.setFillColor:
      case OPS.setStrokeColorN:
      case OPS.setStrokeColor:
      case OPS.setGState:
        // Patterns and shadings: a tiling pattern's cell or a shading's colours say what it paints;
        // otherwise visible paint of no colour text could match.
        if (fn === OPS.setFillRGBColor || fn === OPS.setFillTransparent || fn === OPS.setFillColorN || fn === OPS.setFillColor) st.fillPicture = (fn === OPS.setFillColorN || fn === OPS.setFillColor) && cellPaintsPicture(args, OPS);
        setPaint(fn, args, st, OPS, patternOf);
        break;
      case OPS.beginMarkedContentProps: {
        const off = args?.[0] === 'OC' && args[1] != null && layers != null && !safeVisible(layers, args[1]);
        layerStack.push(off);
        if (off) layerOffDepth++;
        break;
      }
      case OPS.beginMarkedContent:
        layerStack.push(false);
        break;
      case OPS.endMarkedContent:
        if (layerStack.pop()) layerOffDepth--;
        break;
      case OPS.beginAnnotation:
        annotation = String(args?.[0] ?? '');
        annotationChars = [];
        annotationRect = Array.isArray(args?.[1]) && args[1].length === 4 && args[1].every((v: unknown) => typeof v === 'number') ? (args[1] as number[]) : null;
        annotationPicture = false;
        // The appearance is drawn through the annotation's transform and matrix (as pdf.js's canvas
        // does), so its filled shapes land where the stamp shows them (outlined text in a stamp).
        beforeAnnotation = { ...st };
        st.ctm = multiply(multiply(st.ctm, asMatrix(args?.[2]) ?? [1, 0, 0, 1, 0, 0]), asMatrix(args?.[3]) ?? [1, 0, 0, 1, 0, 0]);
        break;
      case OPS.endAnnotation:
        if (annotation !== null && annotationChars.length > 0) annotationText.set(annotation, annotationChars.join(''));
        annotation = null;
        if (beforeAnnotation) st = beforeAnnotation;
        beforeAnnotation = null;
        break;
      case OPS.beginText:
        pendingTextClip = null;
        lost = false;
        st.tm = null;
        st.x = st.lineX = st.y = st.lineY = 0;
        break;
      case OPS.setFont:
        st.font = String(args?.[0] ?? '');
        st.fontSize = Number(args?.[1]) || 0;
        break;
      case OPS.setCharSpacing:
        st.charSpacing = Number(args?.[0]) || 0;
        break;
      case OPS.setWordSpacing:
        st.wordSpacing = Number(args?.[0]) || 0;
        break;
      case OPS.setHScale:
        st.hScale = (Number(args?.[0]) || 0) / 100;
        break;
      case OPS.setLeading:
        st.leading = -(Number(args?.[0]) || 0);
        break;
      case OPS.setTextRise:
        st.rise = Number(args?.[0]) || 0;
        break;
      case OPS.moveText:
        lost = false;
        st.x = st.lineX += Number(args?.[0]) || 0;
        st.y = st.lineY += Number(args?.[1]) || 0;
        break;
      case OPS.setLeadingMoveText:
        lost = false;
        st.leading = Number(args?.[1]) || 0;
        st.x = st.lineX += Number(args?.[0]) || 0;
        st.y = st.lineY += Number(args?.[1]) || 0;
        break;
      case OPS.nextLine:
        lost = false;
        st.x = st.lineX += 0;
        st.y = st.lineY += st.leading;
        break;
      case OPS.setTextMatrix:
        lost = false;
        st.tm = asMatrix(args?.[0]) ?? asMatrix(args) ?? st.tm;
        st.x = st.lineX = st.y = st.lineY = 0;
        break;
      case OPS.showText: {
        const shown = args?.[0];
        if (!Array.isArray(shown)) break;
        const reason = glyphReason(st, layerOffDepth > 0);
        if (positioned && annotation === null && (lost || !positionGlyphs(shown, st, reason, i, fonts!, runs))) {
          partial = lost = true;
          // Not placed, so not weighed: glyphs shown squeezed or pulled back over others here are
          // read in the line by text content, whether they show or not.
          if (reason === Hidden.Visible && mayOverdraw(shown, st)) for (const g of shown) if (g && typeof g === 'object' && !(g as { isSpace?: unknown }).isSpace) unplacedUnweighed++;
        }
        if (annotationFonts && annotation !== null) {
          // Placed for the page read as shown; a run that cannot be placed (a Type3 font) is still
          // read in the annotation's own part.
          let list = annotationRuns.get(annotation);
          if (!list) annotationRuns.set(annotation, (list = []));
          positionGlyphs(shown, st, reason, i, annotationFonts, list);
        }
        if (annotation === null) {
          textOps++;
          countGlyphs(shown, st.font, identityFont?.(st.font) ?? false, glyphs);
          if (st.softMask && reason === Hidden.Visible) for (const g of shown) if (g && typeof g === 'object' && !(g as { isSpace?: unknown }).isSpace) softMasked++;
        }
        const charsBefore = charParts.length;
        const colour = glyphColour(st);
        for (const g of shown) {
          if (g == null || typeof g !== 'object') continue;
          const u = (g as { unicode?: unknown }).unicode;
          if (typeof u !== 'string' || u.length === 0) continue;
          if (annotation !== null) {
            annotationChars.push(u);
            continue;
          }
          const folded = foldGlyph(u);
          for (let k = 0; k < folded.length; k++) {
            charParts.push(folded[k]);
            flagParts.push(reason);
            seqParts.push(i);
            clipParts.push(st.clip);
            fillParts.push(colour);
          }
        }
        if ((st.mode & 7) === 7 && reason === Hidden.Invisible && annotation === null) {
          const clip = (pendingTextClip ??= { runs: [], chars: [] });
          for (let r = runs.length - 1; r >= 0 && runs[r].seq === i; r--) clip.runs.push(runs[r]);
          for (let k = charsBefore; k < charParts.length; k++) clip.chars.push(k);
        }
        break;
      }
      case OPS.endText:
        if (pendingTextClip) {
          st.textClip = pendingTextClip;
          // The glyphs' outlines clip what follows: text drawn elsewhere after them is cut away.
          const boxes = pendingTextClip.runs.map((r) => mapBox(r.matrix, Math.min(r.xs[0] ?? 0, r.xEnd), r.y + r.descent * r.fontSize, Math.max(r.xs[0] ?? 0, r.xEnd), r.y + r.ascent * r.fontSize));
          if (boxes.length) st.clip = intersect(st.clip, boxes);
        }
        pendingTextClip = null;
        break;
      case OPS.paintImageXObject:
      case OPS.paintInlineImageXObject:
      case OPS.paintImageMaskXObject:
      case OPS.paintImageXObjectRepeat:
      case OPS.paintSolidColorImageMask:
        // Painted through glyphs of render mode 7: the picture shows in their shapes, and they are the text.
        if (st.textClip && annotation === null && layerOffDepth === 0) {
          reveal(st.textClip, fn === OPS.paintImageMaskXObject || fn === OPS.paintSolidColorImageMask ? st.fill : 'none', i);
          break;
        }
        if (annotation === null) {
          imageArea += Math.abs(st.ctm[0] * st.ctm[3] - st.ctm[1] * st.ctm[2]);
          if (paints.length < MAX_PAINTS && layerOffDepth === 0) {
            const [x0, y0, x1, y1] = mapBox(st.ctm, 0, 0, 1, 1);
            paints.push({ seq: i, x0, y0, x1, y1, image: true, white: false, pixels: imagePixels(fn, args, OPS) });
          }
        } else if (!annotationPicture && fn !== OPS.paintSolidColorImageMask) {
          // A picture in an annotation's appearance (a stamp: a scanned seal, 机密 in red) is drawn on
          // the page like any other and may carry the text a reader sees: its annotation's rectangle
          // goes to OCR with the page's pictures (the appearance's own matrices are not tracked here).
          annotationPicture = true;
          const [x0, y0, x1, y1] = annotationRect ?? [0, 0, 0, 0];
          if (Math.abs((x1 - x0) * (y1 - y0)) < 1) unplacedPictures++;
          else if (paints.length < MAX_PAINTS) paints.push({ seq: i, x0: Math.min(x0, x1), y0: Math.min(y0, y1), x1: Math.max(x0, x1), y1: Math.max(y0, y1), image: true, white: false, pixels: imagePixels(fn, args, OPS) });
        }
        break;
      case OPS.clip:
      case OPS.eoClip:
        pendingClip = true;
        break;
      case OPS.constructPath:
        if (pendingClip && Array.isArray(args)) {
          pendingClip = false;
          // The boxes of the path's subpaths; a path whose points pdf.js does not give leaves the
          // clip as it was (seen).
          const path = Array.isArray(args[1]) ? (args[1][0] as ArrayLike<number> | null) : null;
          const boxes = annotation === null && path ? subpathBoxes(path, st.ctm) : null;
          if (boxes) st.clip = intersect(st.clip, boxes);
        }
        if (Array.isArray(args) && typeof args[0] === 'number' && args[0] !== OPS.endPath) {
          if (annotation === null) paintedPaths++;
          const mm = args[2] as ArrayLike<number> | null;
          // A stroked ring, box or rule of the page (a form's option circled or boxed: circled.ts).
          if (STROKES.has(args[0]) && annotation === null && layerOffDepth === 0 && strokes.length >= MAX_STROKES) strokesDropped++;
          else if (STROKES.has(args[0]) && annotation === null && layerOffDepth === 0 && mm && mm.length === 4 && Number.isFinite(mm[0]) && st.stroke !== 'none' && st.strokeAlpha > 0 && !isWhiteOrNone(st.stroke)) {
            const path = Array.isArray(args[1]) ? (args[1][0] as ArrayLike<number> | null) : null;
            const shape = path ? countPath(path) : undefined;
            if (shape && shape.subpaths === 1 && shape.segments >= 1) {
              const [x0, y0, x1, y1] = mapBox(st.ctm, mm[0], mm[1], mm[2], mm[3]);
              strokes.push({ x0, y0, x1, y1, line: shape.segments === 1 });
            }
          }
          if (st.textClip && FILLS.has(args[0]) && annotation === null && layerOffDepth === 0 && st.fill !== 'none' && st.fillAlpha > 0) {
            // A fill through glyphs of render mode 7 paints their shapes only: it shows them and covers nothing.
            reveal(st.textClip, st.fill, i);
          } else if (FILLS.has(args[0]) && mm && mm.length === 4 && Number.isFinite(mm[0]) && layerOffDepth === 0 && st.fill !== 'none' && st.fillAlpha > 0) {
            // minMax is in the current user space; the optimizer folds simple q/cm/Q into it.
            const [x0, y0, x1, y1] = mapBox(st.ctm, mm[0], mm[1], mm[2], mm[3]);
            // A fill that mixes with what lies under it (a highlight's Multiply) hides nothing; one in
            // an annotation's appearance is painted over the page like any other (a white box over a
            // piece of a marking hides it as the viewer shows it).
            // A tiling pattern painting a picture in its cell (a picture of 机密★5年 as the fill of a
            // rectangle): the area shows that picture and goes to OCR with the page's pictures.
            if (st.fillPicture && annotation === null && paints.length < MAX_PAINTS) {
              imageArea += Math.abs((x1 - x0) * (y1 - y0));
              paints.push({ seq: i, x0, y0, x1, y1, image: true, white: false });
            }
            if (paints.length < MAX_PAINTS && st.fillAlpha >= 1 && (st.blend === 'source-over' || st.blend === 'normal')) {
              const outline = Array.isArray(args[1]) ? (args[1][0] as ArrayLike<number> | null) : null;
              const shape = outline ? countPath(outline) : undefined;
              paints.push({ seq: i, x0, y0, x1, y1, image: false, white: isWhiteOrNone(st.fill), colour: st.fill, box: !!shape && shape.subpaths === 1 && shape.segments <= 5 });
            }
            // A glyph drawn as a filled outline (text as curves): kept for outlinedTextAreas.
            const path = Array.isArray(args[1]) ? (args[1][0] as ArrayLike<number> | null) : null;
            if (path && path.length >= 3 * 10 && Math.min(x1 - x0, y1 - y0) <= 60) {
              const { segments, subpaths, long } = countPath(path);
              if (mayBeGlyph(x1 - x0, y1 - y0, segments)) {
                if (shapes.length < MAX_SHAPES) shapes.push({ x0, y0, x1, y1, segments, subpaths, long });
                else shapesDropped++;
              }
            }
          } else if ((args[0] === OPS.stroke || args[0] === OPS.closeStroke) && mm && mm.length === 4 && Number.isFinite(mm[0]) && layerOffDepth === 0 && st.stroke !== 'none' && st.strokeAlpha > 0 && !isWhiteOrNone(st.stroke)) {
            // Lettering stroked, not filled (a CAD drawing's single-stroke SHX text, hollow letters):
            // kept for outlinedTextAreas as stroked shapes.
            const path = Array.isArray(args[1]) ? (args[1][0] as ArrayLike<number> | null) : null;
            if (path && path.length >= 3 * MIN_STROKED_SEGMENTS) {
              const [x0, y0, x1, y1] = mapBox(st.ctm, mm[0], mm[1], mm[2], mm[3]);
              if (Math.min(x1 - x0, y1 - y0) <= 60) {
                const { segments, subpaths, long } = countPath(path);
                if (mayBeGlyph(x1 - x0, y1 - y0, segments, true)) {
                  if (shapes.length < MAX_SHAPES) shapes.push({ x0, y0, x1, y1, segments, subpaths, long, stroked: true });
                  else shapesDropped++;
                }
              }
            }
          }
        }
        break;
      default:
        if (fn === OPS.shadingFill && st.textClip && annotation === null && layerOffDepth === 0) reveal(st.textClip, 'none', i);
        if (
          annotation === null &&
          (fn === OPS.fill || fn === OPS.eoFill || fn === OPS.stroke || fn === OPS.fillStroke || fn === OPS.eoFillStroke ||
            fn === OPS.closeStroke || fn === OPS.closeFillStroke || fn === OPS.closeEOFillStroke || fn === OPS.shadingFill)
        )
          paintedPaths++;
    }
  }
  return {
    chars: charParts.join(''),
    flags: Uint8Array.from(flagParts),
    seq: Uint32Array.from(seqParts),
    clips: clipParts,
    fills: fillParts,
    paints,
    imageArea,
    paintedPaths,
    annotationText,
    annotationRuns,
    runs: positioned ? runs : null,
    partial,
    unplacedUnweighed,
    glyphs,
    textOps,
    softMasked,
    unplacedPictures,
    shapes,
    shapesDropped,
    strokes,
    strokesDropped,
  };
}

/** Pixel size of a painted picture from its operator's arguments (`[id, width, height]` or an inline image object). */
function imagePixels(fn: number, args: any, OPS: Record<string, number>): { width: number; height: number } | undefined {
  if (!Array.isArray(args)) return undefined;
  const pair = (w: unknown, h: unknown) => (typeof w === 'number' && typeof h === 'number' && w > 0 && h > 0 ? { width: w, height: h } : undefined);
  if (fn === OPS.paintImageXObject || fn === OPS.paintImageXObjectRepeat) return pair(args[1], args[2]);
  const o = args[0];
  return o && typeof o === 'object' ? pair((o as any).width, (o as any).height) : undefined;
}

/** Adds the non-space glyphs of one showText to `into` (see {@link GlyphCount}). */
function countGlyphs(shown: unknown[], font: string, identity: boolean, into: GlyphCount): void {
  let drawn = 0;
  let unmapped = 0;
  for (const g of shown) {
    if (g == null || typeof g !== 'object') continue;
    const glyph = g as { unicode?: unknown; isSpace?: unknown; originalCharCode?: unknown };
    if (glyph.isSpace) continue;
    const u = typeof glyph.unicode === 'string' ? glyph.unicode : '';
    // A space character drawn as a glyph is a space; a control code is a glyph that lost its meaning.
    if (u.length > 0 && /^[ \u00a0\u2000-\u200b\u3000]+$/.test(u)) continue;
    drawn++;
    // A composite font with Identity encoding and no ToUnicode map gives its glyph ids as text:
    // real-looking characters that are not the ones drawn.
    if (isUnmappedGlyph(u) || (identity && typeof glyph.originalCharCode === 'number' && u === String.fromCodePoint(glyph.originalCharCode))) unmapped++;
  }
  if (drawn === 0) return;
  into.drawn += drawn;
  into.unmapped += unmapped;
  const f = into.byFont.get(font);
  if (f) {
    f.drawn += drawn;
    f.unmapped += unmapped;
  } else into.byFont.set(font, { drawn, unmapped });
}

function safeVisible(layers: LayerConfig, group: unknown): boolean {
  try {
    return layers.isVisible(group);
  } catch {
    return true;
  }
}

/** How far ahead the aligner looks for a text-content character in the glyph sequence. */
const LOOKAHEAD = 256;

/**
 * Walks the text-content characters in order and finds each in the glyph sequence of
 * {@link OperatorFacts}; a character it cannot place is treated as visible (its text is kept
 * either way: only the label depends on the alignment).
 */
export class HiddenAligner {
  private pos = 0;
  constructor(private readonly facts: OperatorFacts) {}

  /** {@link Hidden} code of the next text-content character `ch`. Whitespace is always visible. */
  /** Index into the glyph sequence of the character last placed by {@link next}, or -1. */
  index = -1;

  next(ch: string): Hidden {
    this.index = -1;
    if (ch.trim() === '') return Hidden.Visible;
    const { chars, flags } = this.facts;
    const limit = Math.min(chars.length, this.pos + LOOKAHEAD);
    for (let i = this.pos; i < limit; i++) {
      if (chars[i] === ch) {
        this.pos = i + 1;
        this.index = i;
        return flags[i] as Hidden;
      }
    }
    return Hidden.Visible;
  }
}

/**
 * Settles what paint says about a glyph whose centre is at (x, y) in page user space and which was
 * shown at operator position `seq`: white text over an earlier dark shape or picture is visible
 * (a banner), text in the colour of the shape right under it (`fill`, when known) is not seen,
 * and text under a later opaque filled shape is covered. Shapes must hold the centre and be at
 * least `minHeight` high, so underlines and table rules do not count.
 */
export function settleByPaint(flag: Hidden, x: number, y: number, seq: number, minHeight: number, paints: readonly Paint[], fill?: string): Hidden {
  if (flag !== Hidden.Visible && flag !== Hidden.White) return flag;
  // The last shape or picture painted under the glyph before it: what it is seen against.
  let under: Paint | undefined;
  for (const p of paints) {
    if (x < p.x0 || x > p.x1 || y < p.y0 || y > p.y1 || p.y1 - p.y0 < minHeight) continue;
    if (flag === Hidden.Visible && p.seq > seq && !p.image) return Hidden.Covered;
    if (p.seq < seq && (!under || p.seq > under.seq)) under = p;
  }
  if (flag === Hidden.White) return under && !under.white ? Hidden.Visible : flag;
  if (under && !under.image && under.box && fill && sameColour(fill, under.colour)) return Hidden.Ground;
  return flag;
}

/** Characters pdf.js folds in its text content too: Kangxi and CJK radicals, compatibility ideographs, Latin ligatures. */
const FOLDED = /[\u2e80-\u2fdf\uf900-\ufaff\ufb00-\ufb4f]/;

/**
 * Positions the glyphs of one showText the way pdf.js's canvas renderer advances them, appends
 * runs to `runs`, and advances the text position. Returns false when the font cannot be handled
 * here (the caller then uses pdf.js text content for the page).
 */
function positionGlyphs(glyphs: unknown[], st: GState, reason: Hidden, seq: number, fonts: (name: string) => FontInfo | undefined, runs: GlyphRun[]): boolean {
  const font = fonts(st.font);
  if (!font || font.vertical || font.isType3Font || st.fontSize < 0) return false;
  // Text in a font of size 0 draws nothing but is text all the same: its runs have no extent and
  // are read as tiny (hidden) text, not dropped.
  const fontSize = st.fontSize;
  const fm = Array.isArray(font.fontMatrix) && font.fontMatrix.length >= 4 ? font.fontMatrix : [0.001, 0, 0, 0.001];
  // A skewed font matrix (oblique fonts made by slanting, fm[2] != 0) changes glyph shapes, not
  // advances; a rotated one (fm[1] != 0) moves glyphs off the baseline and is left to pdf.js.
  if (fm[1] !== 0) return false;
  const advance = fontSize * fm[0];
  const tm = st.tm ?? [1, 0, 0, 1, 0, 0];
  const matrix = multiply(st.ctm, tm);
  const ascent = Number.isFinite(font.ascent) && font.ascent! > 0 ? font.ascent! : 0.8;
  const descent = Number.isFinite(font.descent) && font.descent! < 0 ? font.descent! : -0.2;
  const hs = st.hScale;
  const base = st.x;
  let x = 0;
  let run: GlyphRun | null = null;
  const close = (): void => {
    if (run) {
      // A trailing space is kept (one): "TOP " then "SECRET" drawn by the next operator is two
      // words, and the gap a space glyph leaves is narrower than the gap that makes a space.
      // A run of spaces alone still marks where a word ended.
      run.text = run.text.trim().length > 0 ? run.text.replace(/\s+$/, (m) => m.slice(0, 1)) : ' ';
      runs.push(run);
    }
    run = null;
  };
  // Where a kerning jump wide enough to separate Latin words started (-1: none pending).
  let gapAt = -1;
  // Where the last glyph with text started (unscaled text space).
  let lastX = 0;
  // Whether glyphs come out mirrored: the text matrix (with Tz) turns text space over.
  const mirrored = (matrix[0] * matrix[3] - matrix[1] * matrix[2]) * hs < 0;
  for (const g of glyphs) {
    if (typeof g === 'number') {
      const dx = (-g * fontSize) / 1000;
      // A kerning jump of more than a third of an em is a gap between words or columns.
      if (dx > 0.3 * fontSize) close();
      else if (dx > LATIN_GAP_FRACTION * fontSize && gapAt < 0) gapAt = base + x * hs;
      x += dx;
      continue;
    }
    if (g == null || typeof g !== 'object') continue;
    const glyph = g as { unicode?: unknown; width?: unknown; isSpace?: unknown };
    const spacing = (glyph.isSpace ? st.wordSpacing : 0) + st.charSpacing;
    const width = (Number(glyph.width) || 0) * advance + spacing;
    let u = typeof glyph.unicode === 'string' ? glyph.unicode : '';
    if (FOLDED.test(u)) u = u.normalize('NFKC');
    u = u.replace(/[\u0000-\u001f]/g, '');
    if (u.length > 0) {
      // A glyph placed behind where the previous one of the run started (a backward kerning jump
      // in TJ, a negative Tc or Tz) or drawn mirrored (the text matrix flips x: glyphs advance
      // right to left) starts a run of its own: the line is read in the order glyphs stand on the
      // page, and TJ [(年) 2000 (5) 2000 (★) …] drew 机密★5年 right to left in one run.
      if (run !== null && (mirrored || x * hs < lastX * hs - 0.05 * fontSize * Math.abs(hs))) close();
      if (run === null) {
        run = { text: '', reason, fill: glyphColour(st), clip: st.clip, seq, matrix, xs: [], ws: [], joins: [], xEnd: 0, y: st.y + st.rise, fontSize, ascent, descent };
      }
      const r = run as GlyphRun;
      // Latin words set apart by kerning alone (TJ [(TOP) -250 (SECRET)]) get their space; CJK does not.
      if (gapAt >= 0 && r.text.length > 0 && !/\s$/.test(r.text) && !/^\s/.test(u) && !isCjk(r.text.slice(-1)) && !isCjk(u)) {
        r.xs.push(gapAt);
        r.ws.push(0);
        r.joins.push(false);
        r.text += ' ';
      }
      for (let k = 0; k < u.length; k++) r.xs.push(base + x * hs), r.ws.push((Number(glyph.width) || 0) * advance * hs), r.joins.push(k > 0);
      lastX = x;
      r.text += /\s/.test(u) ? ' '.repeat(u.length) : u;
    }
    gapAt = -1;
    x += width;
    if (run !== null) (run as GlyphRun).xEnd = base + x * hs;
  }
  close();
  st.x += x * hs;
  return true;
}
