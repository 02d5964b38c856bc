/**
 * Page content: layers, page blocks, text, pictures and composite objects, wherever they nest
 * (a page, a template, an annotation's appearance, a composite unit's content). Text is placed on
 * the page glyph by glyph (see layout.ts); pictures are handed over with their box; glyphs that carry
 * no text (a font without a Unicode mapping: glyph ids only, or private-use characters) are counted.
 */
import { apply, boxOf, compose, deltas, IDENTITY, mapRect, matrixOf, numbers, objectMatrix, translate, type Glyph, type Matrix, PageLines } from './layout.ts';
import { numberText, type El } from './xml.ts';
import { MAX_RINGS, type Ring } from './circled.ts';
import { clippedAway, mayBeGlyph, nearWhiteRgb, PathShapeCounter, sameColour, UNSEEN_MAX_PERCENT, UNSEEN_MAX_POINTS, type OutlineRect, type OutlineShape } from '@prepub/core';

/** Resources of one document, by ID (IDs are unique within a document). */
export class Resources {
  readonly media = new Map<string, { path: string; format?: string; type?: string }>();
  readonly composites = new Map<string, El>();
  /** Composite units some object drew; the others are read afterwards as hidden text. */
  readonly drawnComposites = new Set<string>();
  readonly fonts = new Map<string, string>();
  /** Colour spaces by ID: their type (GRAY, RGB, CMYK) and bits per component. */
  readonly colourSpaces = new Map<string, { type: string; bits: number }>();
  /** Drawing parameters by ID (a fill and stroke colour objects refer to, and the parameters they are relative to). */
  readonly drawParams = new Map<string, El>();
}

export interface DrawTarget {
  /** Where drawn text goes. */
  visible: PageLines;
  /** Text drawn invisibly (Visible="false", neither filled nor stroked) or entirely off the page. */
  hidden: PageLines;
  res: Resources;
  /** Page size (mm) for "off the page". */
  width: number;
  height: number;
  /** A picture drawn at `rect` (page mm) from resource `id`; `upright` when drawn unrotated and unflipped. */
  onImage(id: string, rect: [number, number, number, number], upright: boolean): void;
  /** Counts for text loss. */
  glyphs: number;
  lostGlyphs: number;
  /** Composite objects whose unit is missing, and other objects that could not be drawn. */
  missing: string[];
  /** Glyphs under a clip not weighed here (text used as a clip area): whether they show is not known. */
  unsure?: number;
  /** Glyphs placed, and glyphs past {@link MAX_PART_GLYPHS} that were not. */
  placed?: number;
  capped?: number;
  /** Characters of text codes past {@link MAX_CODE_GLYPHS}, not placed: text not read. */
  cut?: number;
  /** Paths drawn visibly (filled or stroked), and characters of text drawn visibly: a page of paths and next to no text may show its words as outlines. */
  paths?: number;
  shown?: number;
  /** Where filled paths and pictures have painted the page so far: white text there is seen. Made on the first fill. */
  backdrops?: PaintedArea;
  /** Filled paths shaped like glyphs or outlined words (pt from the page's top left), for outlinedTextAreas. */
  shapes?: OutlineShape[];
  /** Boxes of the characters shown (pt), capped at {@link MAX_TEXT_BOXES}, and whether the cap was met. */
  textBoxes?: OutlineRect[];
  /** Stroked closed paths (page mm) and how many past {@link MAX_RINGS} were not kept: a form's option circled or boxed (circled.ts). Kept when given. */
  rings?: { boxes: Ring[]; dropped: number };
}

/** Most glyph-shaped paths kept per part. */
export const MAX_SHAPES = 8000;
/** Most character boxes kept per part to tell outlines from text (past it, outlines are looked for as if no text stood there: more unread, never less). */
export const MAX_TEXT_BOXES = 200_000;
const PT_PER_MM = 72 / 25.4;

/**
 * Segments and subpaths of an OFD path (AbbreviatedData: S/M start a subpath; L, Q, B, A draw;
 * C closes), and its subpaths longer than 1.5 times the whole path's shorter side (see
 * @prepub/core outlined-text.ts).
 */
export function countAbbreviated(data: string): { segments: number; subpaths: number; long: number } {
  const tokens = data.match(/[A-Za-z]|[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?/g) ?? [];
  const c = new PathShapeCounter();
  let op = '';
  let args: number[] = [];
  const ARITY: Record<string, number> = { S: 2, M: 2, L: 2, Q: 4, B: 6, A: 7, C: 0 };
  const run = (): void => {
    const n = ARITY[op];
    if (n === undefined || args.length < n) return;
    if (op === 'S' || op === 'M') c.subpath();
    else c.segment();
    // Points: every pair (an arc: its end point only).
    const pts = op === 'A' ? args.slice(5, 7) : args.slice(0, n);
    for (let j = 0; j + 1 < pts.length; j += 2) c.point(pts[j], pts[j + 1]);
  };
  for (const t of tokens) {
    if (/^[A-Za-z]$/.test(t)) {
      op = t.toUpperCase();
      args = [];
      if (op === 'C') run();
      continue;
    }
    args.push(Number(t));
    if (args.length === ARITY[op]) {
      run();
      args = [];
    }
  }
  return c.counts();
}

/**
 * Keeps a visible filled path drawn at `rect` (page mm) if it is shaped like a glyph or an outlined
 * word; `stroked`, a path only stroked (single-stroke lettering, hollow letters).
 */
function noteShape(t: DrawTarget, path: El, rect: [number, number, number, number], stroked = false): void {
  const w = (rect[2] - rect[0]) * PT_PER_MM;
  const h = (rect[3] - rect[1]) * PT_PER_MM;
  if (!(Math.min(w, h) <= 60 && Math.max(w, h) >= 4)) return;
  const data = path.children.find((k) => k.name === 'AbbreviatedData')?.text;
  if (!data || data.length < 20) return;
  const c = countAbbreviated(data);
  if (!mayBeGlyph(w, h, c.segments, stroked)) return;
  const shapes = (t.shapes ??= []);
  if (shapes.length < MAX_SHAPES) shapes.push({ x0: rect[0] * PT_PER_MM, y0: rect[1] * PT_PER_MM, x1: rect[2] * PT_PER_MM, y1: rect[3] * PT_PER_MM, ...c, ...(stroked ? { stroked: true } : {}) });
}

/** A cell painted in a colour nobody measured (a picture, a shading, a translucent or intricate fill). */
export const UNKNOWN_COLOUR = 0x2000000;

/**
 * Where fills have painted a page, on a grid of cells of 1 mm or more (at most 1024 a side); a cell
 * is painted when a fill covers its centre, and keeps the colour painted last (RGB, or
 * {@link UNKNOWN_COLOUR}) and, for opaque plain shapes, when that was (a draw serial). Every glyph
 * asks it, so an answer must not cost more for every fill before it: a list of rectangles made a
 * page of 40,000 fills and 40,000 white glyphs take 5 s. A fill costs one typed-array fill per row
 * of cells it covers.
 */
export class PaintedArea {
  private readonly cell: number;
  private readonly cols: number;
  private readonly rows: number;
  /** 0: not painted; else the colour + 1 (RGB packed) or UNKNOWN_COLOUR. */
  private readonly cells: Uint32Array;
  /**
   * Serial of the last opaque plain shape painted over each cell (made on the first such shape).
   * Serials count every glyph and fill a process draws: 64-bit floats stay exact where 32-bit
   * integers would wrap in a long-running service and compare a later fill as earlier.
   */
  private covered?: Float64Array;
  /** Serial of the last picture painted over each cell (made on the first picture). */
  private pictures?: Float64Array;

  constructor(widthMm: number, heightMm: number) {
    const w = Number.isFinite(widthMm) && widthMm > 0 ? widthMm : 1;
    const h = Number.isFinite(heightMm) && heightMm > 0 ? heightMm : 1;
    this.cell = Math.max(1, w / 1024, h / 1024);
    this.cols = Math.ceil(w / this.cell);
    this.rows = Math.ceil(h / this.cell);
    this.cells = new Uint32Array(this.cols * this.rows);
  }

  /**
   * Paints the cells whose centre the rectangle `[x0, y0, x1, y1]` (mm) covers, in `rgb` (packed
   * 0xRRGGBB) or a colour not known; `serial` (> 0) when the shape hides what was drawn under it.
   */
  paint(r: readonly [number, number, number, number], rgb?: number, serial = 0): void {
    const value = rgb === undefined ? UNKNOWN_COLOUR : rgb + 1;
    if (serial > 0) this.covered ??= new Float64Array(this.cells.length);
    this.eachRow(r, (from, to) => {
      this.cells.fill(value, from, to);
      if (serial > 0) this.covered!.fill(serial, from, to);
    });
  }

  /** Calls `f` with the cell range of each row of cells whose centre the rectangle (mm) covers. */
  private eachRow(r: readonly [number, number, number, number], f: (from: number, to: number) => void): void {
    const i0 = Math.max(0, Math.ceil(r[0] / this.cell - 0.5));
    const i1 = Math.min(this.cols - 1, Math.floor(r[2] / this.cell - 0.5));
    const j0 = Math.max(0, Math.ceil(r[1] / this.cell - 0.5));
    const j1 = Math.min(this.rows - 1, Math.floor(r[3] / this.cell - 0.5));
    for (let j = j0; j <= j1 && i0 <= i1; j++) f(j * this.cols + i0, j * this.cols + i1 + 1);
  }

  private at(x: number, y: number): number {
    const i = Math.floor(x / this.cell);
    const j = Math.floor(y / this.cell);
    return i >= 0 && j >= 0 && i < this.cols && j < this.rows ? j * this.cols + i : -1;
  }

  /** Whether the point (mm) lies in a painted cell. */
  covers(x: number, y: number): boolean {
    const k = this.at(x, y);
    return k >= 0 && this.cells[k] !== 0;
  }

  /** The colour painted last at the point (packed RGB), {@link UNKNOWN_COLOUR}, or undefined where nothing was painted. */
  colourAt(x: number, y: number): number | undefined {
    const k = this.at(x, y);
    const v = k >= 0 ? this.cells[k] : 0;
    return v === 0 ? undefined : v === UNKNOWN_COLOUR ? UNKNOWN_COLOUR : v - 1;
  }

  /** Pictures are not recorded (while what lies over a page is painted: a seal over text is no loss). */
  picturesOff = false;

  /** Records a picture over the rectangle (mm), painted at `serial`. */
  picture(r: readonly [number, number, number, number], serial: number): void {
    if (this.picturesOff) return;
    const pictures = (this.pictures ??= new Float64Array(this.cells.length));
    this.eachRow(r, (from, to) => pictures.fill(serial, from, to));
  }

  /** Whether a picture painted after `serial` lies over the point. */
  pictureAfter(x: number, y: number, serial: number): boolean {
    const k = this.at(x, y);
    return k >= 0 && this.pictures !== undefined && this.pictures[k] > serial;
  }

  /** Whether an opaque shape drawn after `serial` lies over the point. */
  coveredAfter(x: number, y: number, serial: number): boolean {
    const k = this.at(x, y);
    return k >= 0 && this.covered !== undefined && this.covered[k] > serial;
  }
}

/** Records a fill at `rect` (page mm) as a backdrop text may stand on, in its colour when known; `serial` when it hides what lies under it. */
function paintBackdrop(t: DrawTarget, rect: [number, number, number, number], rgb?: number, serial = 0): void {
  (t.backdrops ??= new PaintedArea(t.width, t.height)).paint(rect, rgb, serial);
}

/** An ink: a colour (packed RGB, undefined when not known: a pattern, a shading, a palette) and how opaque (0–1). */
export interface Ink {
  rgb?: number;
  alpha: number;
}

const BLACK: Ink = { rgb: 0, alpha: 1 };
const SHADINGS = new Set(['Pattern', 'AxialShd', 'RadialShd', 'GouraudShd', 'LaGouraudShd']);

/**
 * A colour element (`<FillColor Value="…" ColorSpace="…" Alpha="…"/>`) as an ink: the value read in
 * its colour space (GRAY, RGB or CMYK, of the bits per component it declares; without one, by the
 * number of components), alpha 0–255.
 */
export function inkOf(c: El, res: Resources): Ink {
  const alpha = unitAlpha(c);
  const shading = c.children.find((k) => SHADINGS.has(k.name));
  if (shading) {
    const ink = shadingInk(shading, res);
    return { ...ink, alpha: alpha * ink.alpha };
  }
  if (c.attrs.Index !== undefined) return { alpha };
  const v = numbers(c.attrs.Value);
  const space = c.attrs.ColorSpace ? res.colourSpaces.get(c.attrs.ColorSpace) : undefined;
  if (c.attrs.ColorSpace && !space) return { alpha };
  const type = space?.type.toUpperCase() ?? (v.length === 1 ? 'GRAY' : v.length === 4 ? 'CMYK' : 'RGB');
  const max = 2 ** (space?.bits ?? 8) - 1;
  const unit = (k: number) => Math.min(1, Math.max(0, v[k] / max));
  let rgb: [number, number, number];
  if (type === 'GRAY' && v.length >= 1) rgb = [unit(0), unit(0), unit(0)];
  else if (type === 'RGB' && v.length >= 3) rgb = [unit(0), unit(1), unit(2)];
  else if (type === 'CMYK' && v.length >= 4) rgb = [0, 1, 2].map((k) => (1 - unit(k)) * (1 - unit(3))) as [number, number, number];
  else return { alpha };
  const [r, g, b] = rgb.map((x) => Math.round(x * 255));
  return { rgb: (r << 16) | (g << 8) | b, alpha };
}

/**
 * What a shading or pattern paints, as an ink: a shading's colours (its segments' or points'
 * `Color`s) when they are one colour, white when all are near white, else unknown; a pattern whose
 * cell draws nothing (no object, no thumbnail) paints nothing (alpha 0). A glyph filled so shows
 * as little as one filled with white or not at all: one put inside a marking broke it up.
 */
function shadingInk(shading: El, res: Resources): Ink {
  if (shading.name === 'Pattern') {
    const cell = shading.children.find((k) => k.name === 'CellContent');
    return cell && cell.children.length === 0 && cell.attrs.Thumbnail === undefined ? { alpha: 0 } : { alpha: 1 };
  }
  const colours: El[] = [];
  const walk = (el: El, depth: number): void => {
    for (const k of el.children) {
      if (k.name === 'Color') colours.push(k);
      else if (depth < 4) walk(k, depth + 1);
    }
  };
  walk(shading, 0);
  if (colours.length === 0) return { alpha: 1 };
  let rgb: number | undefined;
  let allWhite = true;
  let one = true;
  for (const c of colours) {
    const ink = inkOf(c, res);
    if (ink.rgb === undefined) return { alpha: 1 };
    allWhite &&= nearWhite(ink.rgb);
    one &&= rgb === undefined || rgb === ink.rgb;
    rgb ??= ink.rgb;
  }
  return one ? { rgb, alpha: 1 } : allWhite ? { rgb: 0xffffff, alpha: 1 } : { alpha: 1 };
}

/** The fill and stroke colour elements of an object: its own, else those of its drawing parameters (and the ones they are relative to). */
function colourElements(el: El, res: Resources): { fill?: El; stroke?: El } {
  let fill = el.children.find((k) => k.name === 'FillColor');
  let stroke = el.children.find((k) => k.name === 'StrokeColor');
  let id = el.attrs.DrawParam;
  for (let depth = 0; id && depth < 8 && (!fill || !stroke); depth++) {
    const p = res.drawParams.get(id);
    if (!p) break;
    fill ??= p.children.find((k) => k.name === 'FillColor');
    stroke ??= p.children.find((k) => k.name === 'StrokeColor');
    id = p.attrs.Relative;
  }
  return { fill, stroke };
}

const nearWhite = (rgb: number): boolean => nearWhiteRgb((rgb >> 16) & 255, (rgb >> 8) & 255, rgb & 255);

/** Packed RGB as six hexadecimal digits, for @prepub/core's colour comparisons. */
const hex = (rgb: number): string => rgb.toString(16).padStart(6, '0');

/** Seen at most as a tenth as opaque: not seen. */
const UNSEEN_ALPHA = UNSEEN_MAX_PERCENT / 100;

/**
 * A filled shape plain enough that its fill is the ground of what stands on it: one outline of at
 * most five straight segments (a box, a band, a triangle). Rings, frames and curves are not: the
 * text inside a seal's ring stands on the page. Returns the outline's box in the path's own
 * coordinates, or undefined.
 */
function plainShape(data: string | undefined): [number, number, number, number] | undefined {
  if (!data || /[QBAqba]/.test(data)) return undefined;
  const c = countAbbreviated(data);
  if (c.subpaths !== 1 || c.segments > 5 || c.segments < 2) return undefined;
  const box = pointsBox(data);
  return box && box[2] > box[0] && box[3] > box[1] ? box : undefined;
}

/** Draw serial: glyphs and fills in the order painted, so a fill can tell the glyphs it was painted over. */
let drawSerial = 0;

/** 2 pt in mm: text drawn this small is a speck, not something anyone reads (@prepub/core's limit for every format). */
const UNSEEN_MAX_MM = (UNSEEN_MAX_POINTS * 25.4) / 72;

/** A clip: the boxes (page mm) of its areas, a shape read as their union; or 'unknown' when an area is not a path read here (text used as a clip). */
export type ClipBoxes = Array<[number, number, number, number]> | 'unknown';

/**
 * The clips of an object (`<Clips><Clip><Area CTM><Path Boundary>…`), each its areas' boxes on the
 * page. An area lies in the object's frame (its Boundary), through the object's CTM only when the
 * clips say `TransFlag="true"` (GB/T 33190: the default is false); `parent` maps the frame's container.
 */
function clipsOf(el: El, parent: Matrix): ClipBoxes[] {
  const clips = el.children.find((k) => k.name === 'Clips');
  if (!clips) return [];
  const b = boxOf(el.attrs.Boundary);
  const m = clips.attrs.TransFlag === 'true' ? objectMatrix(el.attrs, parent) : compose(translate(b?.[0] ?? 0, b?.[1] ?? 0), parent);
  const out: ClipBoxes[] = [];
  for (const clip of clips.children) {
    if (clip.name !== 'Clip') continue;
    const boxes: Array<[number, number, number, number]> = [];
    let known = true;
    for (const area of clip.children) {
      if (area.name !== 'Area') continue;
      const path = area.children.find((k) => k.name === 'Path');
      const pm = path && objectMatrix(path.attrs, compose(matrixOf(area.attrs.CTM) ?? IDENTITY, m));
      const b = path && numbers(path.attrs.Boundary);
      const own = path && pointsBox(path.children.find((k) => k.name === 'AbbreviatedData')?.text);
      const box = own ?? (b && b.length >= 4 ? ([0, 0, b[2], b[3]] as [number, number, number, number]) : undefined);
      if (!pm || !box) known = false;
      else boxes.push(mapRect(pm, box[0], box[1], box[2], box[3]));
    }
    out.push(known ? boxes : 'unknown');
  }
  return out;
}

/** The box of a path's points (AbbreviatedData), or undefined when it has none. */
function pointsBox(data: string | undefined): [number, number, number, number] | undefined {
  const v = (data?.match(/[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?/g) ?? []).map(Number);
  if (v.length < 2) return undefined;
  let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
  // Arcs (A) carry radii and flags among their numbers: the box may be larger than the path, which errs on the side of "seen".
  for (let k = 0; k + 1 < v.length; k += 2) {
    x0 = Math.min(x0, v[k]); x1 = Math.max(x1, v[k]);
    y0 = Math.min(y0, v[k + 1]); y1 = Math.max(y1, v[k + 1]);
  }
  return [x0, y0, x1, y1];
}

/** An element's opacity, 0–1, from its `Alpha` (0–255: on every graphic unit, and on colours). */
function unitAlpha(el: El): number {
  const a = numbers(el.attrs.Alpha)[0];
  return a === undefined ? 1 : Math.min(1, Math.max(0, a / 255));
}

/** Most glyphs placed for one page, template or annotation file: a crafted part must not exhaust memory. */
export const MAX_PART_GLYPHS = 2_000_000;

/** Composite units nesting deeper than this are refused (a unit that draws itself). */
const MAX_COMPOSITE_DEPTH = 16;
/** Most glyphs one TextCode may place (a crafted `g` repetition or a huge string); the rest is counted in {@link DrawTarget.cut}. */
export const MAX_CODE_GLYPHS = 1_000_000;

let codeSerial = 0;

/**
 * Draws every object under `el` with `m` mapping its coordinates to the page; `invisible`, `alpha`
 * and `clips` are what the containers around it impose (a hidden layer, a translucent or clipped
 * composite object).
 */
export function draw(el: El, m: Matrix, t: DrawTarget, depth = 0, invisible = false, alpha = 1, clips: readonly ClipBoxes[] = []): void {
  for (const c of paintOrder(el.children)) {
    switch (c.name) {
      case 'TextObject':
        drawText(c, m, t, invisible, alpha, clips);
        break;
      case 'ImageObject': {
        const om = objectMatrix(c.attrs, m);
        const id = c.attrs.ResourceID;
        if (id) t.onImage(id, mapRect(om, 0, 0, 1, 1), Math.abs(om[1]) < 1e-9 && Math.abs(om[2]) < 1e-9 && om[0] > 0 && om[3] > 0);
        // A picture is ground text may stand on, of a colour not measured; it hides nothing under it (a seal is mostly transparent).
        if (!invisible && c.attrs.Visible !== 'false') {
          const rect = mapRect(om, 0, 0, 1, 1);
          paintBackdrop(t, rect);
          t.backdrops!.picture(rect, ++drawSerial);
        }
        break;
      }
      case 'CompositeObject': {
        const unit = c.attrs.ResourceID ? t.res.composites.get(c.attrs.ResourceID) : undefined;
        if (!unit) {
          t.missing.push(`composite object ${c.attrs.ID ?? ''} (resource ${c.attrs.ResourceID ?? 'none'})`.replace('  ', ' '));
          break;
        }
        if (depth >= MAX_COMPOSITE_DEPTH) {
          t.missing.push(`composite object ${c.attrs.ID ?? ''} nested more than ${MAX_COMPOSITE_DEPTH} deep`);
          break;
        }
        t.res.drawnComposites.add(c.attrs.ResourceID!);
        const content = unit.children.find((k) => k.name === 'Content');
        const om = objectMatrix(c.attrs, m);
        if (content) draw(content, om, t, depth + 1, invisible || c.attrs.Visible === 'false', alpha * unitAlpha(c), [...clips, ...clipsOf(c, m)]);
        break;
      }
      case 'PathObject': {
        // Paths draw no text; their clip areas may hold text objects only as clipping shapes. A
        // filled one is ground text may stand on: in its colour when it is one plain opaque shape
        // (which also hides what was drawn under it), else of a colour not measured.
        const b = numbers(c.attrs.Boundary);
        const { fill, stroke } = colourElements(c, t.res);
        const unseen = invisible || c.attrs.Visible === 'false';
        if (!unseen && (c.attrs.Stroke !== 'false' || c.attrs.Fill === 'true')) t.paths = (t.paths ?? 0) + 1;
        const filled = c.attrs.Fill !== 'false' && (c.attrs.Fill === 'true' || fill !== undefined);
        // Only stroked (Stroke defaults to true): lettering in a single-stroke font or hollow letters, kept as stroked shapes.
        if (!unseen && !filled && c.attrs.Stroke !== 'false' && b.length >= 4) {
          const ink = stroke ? inkOf(stroke, t.res) : BLACK;
          if (ink.alpha * alpha * unitAlpha(c) > UNSEEN_ALPHA && !(ink.rgb !== undefined && nearWhite(ink.rgb))) noteShape(t, c, mapRect(objectMatrix(c.attrs, m), 0, 0, b[2], b[3]), true);
        }
        // A ring or a box (one closed subpath, stroked, not filled): a form's option circled (circled.ts).
        if (t.rings && !unseen && !filled && c.attrs.Stroke !== 'false' && b.length >= 4) {
          const data = c.children.find((k) => k.name === 'AbbreviatedData')?.text;
          const shape = data ? countAbbreviated(data) : undefined;
          const ink = stroke ? inkOf(stroke, t.res) : BLACK;
          if (shape && shape.subpaths === 1 && shape.segments >= 3 && ink.alpha * alpha * unitAlpha(c) > UNSEEN_ALPHA && !(ink.rgb !== undefined && nearWhite(ink.rgb))) {
            if (t.rings.boxes.length < MAX_RINGS) t.rings.boxes.push(mapRect(objectMatrix(c.attrs, m), 0, 0, b[2], b[3]));
            else t.rings.dropped++;
          }
        }
        if (unseen || !filled || b.length < 4) break;
        const ink = fill ? inkOf(fill, t.res) : BLACK;
        const opacity = ink.alpha * alpha * unitAlpha(c);
        if (opacity <= UNSEEN_ALPHA) break;
        const om = objectMatrix(c.attrs, m);
        const rect = mapRect(om, 0, 0, b[2], b[3]);
        const data = c.children.find((k) => k.name === 'AbbreviatedData')?.text;
        const plain = clips.length === 0 && !c.children.some((k) => k.name === 'Clips') ? plainShape(data) : undefined;
        // A band filled behind an option (a highlight, shading): weighed as an enclosure (circled.ts).
        if (plain && t.rings && !(ink.rgb !== undefined && nearWhite(ink.rgb))) {
          if (t.rings.boxes.length < MAX_RINGS) t.rings.boxes.push(mapRect(om, plain[0], plain[1], plain[2], plain[3]));
          else t.rings.dropped++;
        }
        // Filled as the standard says (Fill="true"; a fill colour alone is a default for a path that strokes).
        if (plain && c.attrs.Fill === 'true' && ink.rgb !== undefined && opacity >= 0.9) paintBackdrop(t, mapRect(om, plain[0], plain[1], plain[2], plain[3]), ink.rgb, ++drawSerial);
        // A white shape of any other kind on a white page changes nothing under white text.
        else if (!(ink.rgb !== undefined && nearWhite(ink.rgb))) paintBackdrop(t, rect);
        // Glyphs drawn as filled outlines (text as curves): see outlinedText in index.ts.
        noteShape(t, c, rect);
        break;
      }
      case 'PageBlock':
      case 'Layer':
        draw(c, m, t, depth, invisible || c.attrs.Visible === 'false', alpha, clips);
        break;
      default:
        // An element holding text codes is drawn as the text object it stands for (a producer's
        // name for it, or a damaged one); Content, Clips and any other element a producer adds:
        // whatever text objects they hold are read.
        if (c.children.some((k) => k.name === 'TextCode')) drawText(c, m, t, invisible, alpha, clips);
        else draw(c, m, t, depth, invisible, alpha, clips);
    }
  }
}

/** Where a layer of each type is painted (GB/T 33190 7.7; readers such as ofdrw sort a page's layers so): background, body (and any other), foreground. */
const LAYER_RANK: Record<string, number> = { background: 0, body: 1, foreground: 2 };

/**
 * Children in the order a reader paints them: layers by their Type, each type in the order written.
 * A foreground layer written before the body is painted over it (its box hides the body's text
 * under it), a background layer written after the body is painted under it (white text on its band shows).
 */
export function paintOrder(children: El[]): El[] {
  const rank = (c: El): number => (c.name === 'Layer' ? (LAYER_RANK[(c.attrs.Type ?? '').trim().toLowerCase()] ?? 1) : 1);
  if (!children.some((c) => rank(c) !== 1)) return children;
  return children
    .map((c, i) => ({ c, i, r: rank(c) }))
    .sort((a, b) => a.r - b.r || a.i - b.i)
    .map((x) => x.c);
}

/**
 * Whether a picture painted after the glyph lies over its centre: the page shows the picture there,
 * and whether it is transparent is not weighed (pages are not rendered).
 */
export function underLaterPicture(t: DrawTarget, g: Glyph): boolean {
  if (!t.backdrops || g.seq === undefined || !g.ch.trim()) return false;
  const [x0, y0, x1, y1] = g.rect;
  return t.backdrops.pictureAfter((x0 + x1) / 2, (y0 + y1) / 2, g.seq);
}

/**
 * Whether an opaque plain shape painted after the glyph lies over it: over its centre and the
 * middle of each quarter of its box (text under a box drawn over it, as a redaction is drawn).
 */
export function coveredLater(t: DrawTarget, g: Glyph): boolean {
  const area = t.backdrops;
  if (!area || g.seq === undefined) return false;
  const [x0, y0, x1, y1] = g.rect;
  const w = x1 - x0;
  const h = y1 - y0;
  const points: Array<[number, number]> = [[0.5, 0.5], [0.25, 0.25], [0.75, 0.25], [0.25, 0.75], [0.75, 0.75]];
  return points.every(([u, v]) => area.coveredAfter(x0 + u * w, y0 + v * h, g.seq!));
}

/** Private use, as the scanner's text quality check counts it: U+F000–F0FF is where symbol fonts (Wingdings bullets) map, and is text. */
function isPrivateUse(cp: number): boolean {
  return (cp >= 0xe000 && cp <= 0xf8ff && !(cp >= 0xf000 && cp <= 0xf0ff)) || cp >= 0xf0000;
}

/**
 * The stars of a marking drawn from a symbol font (Wingdings ★ is U+F0AB, as Word and converters
 * write it): the text reads as the star the page shows, as the DOCX reader reads Word's w:sym.
 */
const SYMBOL_STARS: Record<string, string> = { '\uF0AB': '★', '\uF0AA': '★', '\uF0B5': '☆' };

/** Rough advance of a glyph without DeltaX: CJK and full-width characters are square, others half. */
function estimate(ch: string, size: number): number {
  const cp = ch.codePointAt(0) ?? 0;
  return cp >= 0x2e80 ? size : size * 0.5;
}

function drawText(el: El, parent: Matrix, t: DrawTarget, invisible: boolean, alpha: number, outer: readonly ClipBoxes[]): void {
  const m = objectMatrix(el.attrs, parent);
  const size = numbers(el.attrs.Size)[0] ?? 3.5;
  const scale = Math.sqrt(Math.abs(m[0] * m[3] - m[1] * m[2])) || 1;
  const dirLen = Math.hypot(m[0], m[1]) || 1;
  const ux = m[0] / dirLen;
  const uy = m[1] / dirLen;
  // The inks the glyphs are drawn with: the fill (unless Fill="false") and the stroke (when
  // Stroke="true"), black unless a colour (its own or its drawing parameters') says otherwise.
  const colours = colourElements(el, t.res);
  const opacity = alpha * unitAlpha(el);
  const inks: Ink[] = [];
  if (el.attrs.Fill !== 'false') inks.push(colours.fill ? inkOf(colours.fill, t.res) : BLACK);
  if (el.attrs.Stroke === 'true') inks.push(colours.stroke ? inkOf(colours.stroke, t.res) : BLACK);
  const shown = inks.filter((k) => k.alpha * opacity > UNSEEN_ALPHA);
  const rgbs = shown.every((k) => k.rgb !== undefined) ? shown.map((k) => k.rgb!) : undefined;
  // Drawn but unseen: no ink a tenth opaque, 2 pt or smaller, squeezed to a tenth of its width
  // (HScale), cut away by its clip, or in the colour of its ground (white where nothing was painted
  // below). A piece so written inside a marking — 机 + 开 drawn unseen + 密★5年 — hid it.
  // Height and width through the CTM: a CTM may squeeze as HScale does (0.05 0 0 1), or flatten.
  const across = Math.hypot(m[2], m[3]);
  const along = Math.hypot(m[0], m[1]);
  const hidden = invisible || el.attrs.Visible === 'false' || shown.length === 0 || size * Math.min(scale, across) <= UNSEEN_MAX_MM || (numbers(el.attrs.HScale)[0] ?? 1) <= UNSEEN_ALPHA || along <= UNSEEN_ALPHA * across;
  const clips = [...outer, ...clipsOf(el, parent)];
  const groundColoured = (r: [number, number, number, number]): boolean => {
    if (!rgbs) return false;
    const ground = t.backdrops?.colourAt((r[0] + r[2]) / 2, (r[1] + r[3]) / 2);
    if (ground === undefined) return rgbs.every(nearWhite);
    return ground !== UNKNOWN_COLOUR && rgbs.every((c) => sameColour(hex(c), hex(ground)));
  };
  let glyphIds = 0;
  // The characters the glyph mappings say the text has: more than the TextCodes hold means text is missing.
  let codeEnd = 0;
  // Glyphs drawn beyond the characters their mapping names (one character drawn as five glyphs):
  // what the extra glyphs show is not in the text.
  let extraGlyphs = 0;
  for (const cg of el.children) {
    if (cg.name !== 'CGTransform') continue;
    const count = Math.max(0, numbers(cg.attrs.GlyphCount)[0] ?? numbers(numberText(cg.children.find((k) => k.name === 'Glyphs'))).length);
    const codes = Math.max(0, numbers(cg.attrs.CodeCount)[0] ?? 0);
    glyphIds += count;
    extraGlyphs += Math.max(0, count - Math.max(codes, 1));
    codeEnd = Math.max(codeEnd, (numbers(cg.attrs.CodePosition)[0] ?? 0) + codes);
  }
  let x = 0;
  let y = 0;
  let readable = 0;
  let spaces = 0;
  let chars = 0;
  for (const code of el.children) {
    // Text under any other name inside a text object (a renamed or unknown TextCode) is placed as a TextCode would be.
    if (code.name !== 'TextCode' && (code.name === 'CGTransform' || code.name === 'FillColor' || code.name === 'StrokeColor' || code.name === 'Actions' || code.name === 'Clips' || !code.text.trim())) continue;
    let text = [...code.text.replace(/[\r\n\t]/g, '')];
    if (text.length > MAX_CODE_GLYPHS) {
      // Consumed whole, placed in part: what is past the limit is counted as not read, never dropped.
      t.cut = (t.cut ?? 0) + text.length - MAX_CODE_GLYPHS;
      text = text.slice(0, MAX_CODE_GLYPHS);
    }
    // X/Y may be left out: the pen continues where the previous TextCode left it.
    const cx = numbers(code.attrs.X)[0];
    const cy = numbers(code.attrs.Y)[0];
    if (cx !== undefined) x = cx;
    if (cy !== undefined) y = cy;
    const dx = deltas(code.attrs.DeltaX, text.length);
    const dy = deltas(code.attrs.DeltaY, text.length);
    const vertical = dy.length > 0 && dx.every((v) => v === 0) && text.length > 1;
    const serial = ++codeSerial;
    for (let i = 0; i < text.length; i++) {
      const ch = SYMBOL_STARS[text[i]] ?? text[i];
      const cp = ch.codePointAt(0) ?? 0;
      chars++;
      if ((t.placed = (t.placed ?? 0) + 1) > MAX_PART_GLYPHS) {
        t.capped = (t.capped ?? 0) + 1;
        continue;
      }
      if (!ch.trim()) spaces++;
      else if (!isPrivateUse(cp)) readable++;
      const adv = i < dx.length ? dx[i] : vertical ? 0 : estimate(ch, size);
      const width = vertical ? size : adv > 0 ? adv : estimate(ch, size);
      const rect = mapRect(m, x, y - 0.85 * size, x + width, y + 0.15 * size);
      const [px, py] = apply(m, x, y);
      const g: Glyph = { ch, x: px, y: py, ux, uy, size: size * scale, adv: (vertical ? 0 : width) * dirLen, rect, code: serial, vertical, seq: ++drawSerial };
      const offPage = rect[2] < 0 || rect[3] < 0 || rect[0] > t.width || rect[1] > t.height;
      let clipped = false;
      for (const c of clips) {
        if (c === 'unknown') t.unsure = (t.unsure ?? 0) + 1;
        else if (clippedAway(c, rect)) clipped = true;
      }
      const seen = !(hidden || offPage || clipped || groundColoured(rect));
      (seen ? t.visible : t.hidden).glyph(g);
      if (seen && ch.trim()) {
        t.shown = (t.shown ?? 0) + 1;
        const boxes = (t.textBoxes ??= []);
        if (boxes.length < MAX_TEXT_BOXES) boxes.push({ x0: rect[0] * PT_PER_MM, y0: rect[1] * PT_PER_MM, x1: rect[2] * PT_PER_MM, y1: rect[3] * PT_PER_MM });
      }
      x += i < dx.length ? dx[i] : vertical ? 0 : estimate(ch, size);
      y += i < dy.length ? dy[i] : vertical ? size : 0;
    }
  }
  const drawn = Math.max(glyphIds, chars);
  t.glyphs += drawn;
  // Glyph ids without readable characters (empty or private-use text): a font without a Unicode
  // mapping, and what they show is unknown. A space drawn with its own glyph is text.
  if (glyphIds > 0 && readable === 0 && glyphIds > spaces) t.lostGlyphs += glyphIds - spaces;
  else if (glyphIds > 0 && codeEnd > chars) t.lostGlyphs += codeEnd - chars + extraGlyphs;
  else t.lostGlyphs += extraGlyphs;
}
