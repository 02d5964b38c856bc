/**
 * Page content: layers, page blocks, text, pictures and composite objects, wherever they nest
 * (a page, a template, an annotation's appearance, a composite unit's content). Text is placed on
 * the page glyph by glyph (see layout.ts); pictures are handed over with their box; glyphs that carry
 * no text (a font without a Unicode mapping: glyph ids only, or private-use characters) are counted.
 */
import { apply, deltas, mapRect, numbers, objectMatrix, type Glyph, type Matrix, PageLines } from './layout.ts';
import { numberText, type El } from './xml.ts';
import { mayBeGlyph, PathShapeCounter, type OutlineRect, type OutlineShape } from '@prepub/core';

/** Resources of one document, by ID (IDs are unique within a document). */
export class Resources {
  readonly media = new Map<string, { path: string; format?: string; type?: string }>();
  readonly composites = new Map<string, El>();
  /** Composite units some object drew; the others are read afterwards as hidden text. */
  readonly drawnComposites = new Set<string>();
  readonly fonts = new Map<string, string>();
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

/** Keeps a visible filled path drawn at `rect` (page mm) if it is shaped like a glyph or an outlined word. */
function noteShape(t: DrawTarget, path: El, rect: [number, number, number, number]): void {
  const w = (rect[2] - rect[0]) * PT_PER_MM;
  const h = (rect[3] - rect[1]) * PT_PER_MM;
  if (!(Math.min(w, h) <= 60 && Math.max(w, h) >= 4)) return;
  const data = path.children.find((k) => k.name === 'AbbreviatedData')?.text;
  if (!data || data.length < 20) return;
  const c = countAbbreviated(data);
  if (!mayBeGlyph(w, h, c.segments)) return;
  const shapes = (t.shapes ??= []);
  if (shapes.length < MAX_SHAPES) shapes.push({ x0: rect[0] * PT_PER_MM, y0: rect[1] * PT_PER_MM, x1: rect[2] * PT_PER_MM, y1: rect[3] * PT_PER_MM, ...c });
}

/**
 * Where fills have painted a page, on a grid of cells of 1 mm or more (at most 1024 a side); a cell
 * is painted when a fill covers its centre. Every white glyph asks it, so an answer must not cost
 * more for every fill before it: a list of rectangles made a page of 40,000 fills and 40,000 white
 * glyphs take 5 s. A fill costs one typed-array fill per row of cells it covers.
 */
export class PaintedArea {
  private readonly cell: number;
  private readonly cols: number;
  private readonly rows: number;
  private readonly cells: Uint8Array;

  constructor(widthMm: number, heightMm: number) {
    const w = Number.isFinite(widthMm) && widthMm > 0 ? widthMm : 1;
    const h = Number.isFinite(heightMm) && heightMm > 0 ? heightMm : 1;
    this.cell = Math.max(1, w / 1024, h / 1024);
    this.cols = Math.ceil(w / this.cell);
    this.rows = Math.ceil(h / this.cell);
    this.cells = new Uint8Array(this.cols * this.rows);
  }

  /** Paints the cells whose centre the rectangle `[x0, y0, x1, y1]` (mm) covers. */
  paint(r: readonly [number, number, number, number]): void {
    const i0 = Math.max(0, Math.ceil(r[0] / this.cell - 0.5));
    const i1 = Math.min(this.cols - 1, Math.floor(r[2] / this.cell - 0.5));
    const j0 = Math.max(0, Math.ceil(r[1] / this.cell - 0.5));
    const j1 = Math.min(this.rows - 1, Math.floor(r[3] / this.cell - 0.5));
    for (let j = j0; j <= j1 && i0 <= i1; j++) this.cells.fill(1, j * this.cols + i0, j * this.cols + i1 + 1);
  }

  /** Whether the point (mm) lies in a painted cell. */
  covers(x: number, y: number): boolean {
    const i = Math.floor(x / this.cell);
    const j = Math.floor(y / this.cell);
    return i >= 0 && j >= 0 && i < this.cols && j < this.rows && this.cells[j * this.cols + i] === 1;
  }
}

/** Records a fill at `rect` (page mm) as a backdrop white text may stand on. */
function paintBackdrop(t: DrawTarget, rect: [number, number, number, number]): void {
  (t.backdrops ??= new PaintedArea(t.width, t.height)).paint(rect);
}

/** A fill colour (`<FillColor Value="255 255 255" Alpha="…"/>`) of an object: white, transparent, or neither. */
function fillOf(el: El): 'white' | 'transparent' | 'other' | undefined {
  const fc = el.children.find((k) => k.name === 'FillColor');
  if (!fc) return undefined;
  if (fc.attrs.Alpha !== undefined && Number(fc.attrs.Alpha) === 0) return 'transparent';
  const v = numbers(fc.attrs.Value);
  return v.length >= 3 && v.slice(0, 3).every((c) => c >= 250) ? 'white' : 'other';
}

/** A glyph's centre lies on something painted before it. */
function onBackdrop(t: DrawTarget, r: [number, number, number, number]): boolean {
  return t.backdrops?.covers((r[0] + r[2]) / 2, (r[1] + r[3]) / 2) ?? false;
}

/** One point in mm: text drawn smaller than this is not read by anyone. */
const SMALLEST_SEEN_MM = 25.4 / 72;

/** Most glyphs placed for one page, template or annotation file: a crafted part must not exhaust memory. */
export const MAX_PART_GLYPHS = 2_000_000;

/** Composite units nesting deeper than this are refused (a unit that draws itself). */
const MAX_COMPOSITE_DEPTH = 16;
/** Most glyphs one TextCode may place (a crafted `g` repetition or a huge string); the rest is counted in {@link DrawTarget.cut}. */
export const MAX_CODE_GLYPHS = 1_000_000;

let codeSerial = 0;

/** Draws every object under `el` with `m` mapping its coordinates to the page. */
export function draw(el: El, m: Matrix, t: DrawTarget, depth = 0, invisible = false): void {
  for (const c of el.children) {
    switch (c.name) {
      case 'TextObject':
        drawText(c, m, t, invisible);
        break;
      case 'ImageObject': {
        const om = objectMatrix(c.attrs, m);
        const id = c.attrs.ResourceID;
        if (id) t.onImage(id, mapRect(om, 0, 0, 1, 1), Math.abs(om[1]) < 1e-9 && Math.abs(om[2]) < 1e-9 && om[0] > 0 && om[3] > 0);
        if (!invisible && c.attrs.Visible !== 'false') paintBackdrop(t, mapRect(om, 0, 0, 1, 1));
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
        if (content) draw(content, objectMatrix(c.attrs, m), t, depth + 1, invisible || c.attrs.Visible === 'false');
        break;
      }
      case 'PathObject': {
        // Paths draw no text; their clip areas may hold text objects only as clipping shapes. A
        // filled one is a backdrop white text may stand on.
        const b = numbers(c.attrs.Boundary);
        const fill = fillOf(c);
        if (!invisible && c.attrs.Visible !== 'false' && (c.attrs.Stroke !== 'false' || c.attrs.Fill === 'true')) t.paths = (t.paths ?? 0) + 1;
        if (!invisible && c.attrs.Visible !== 'false' && c.attrs.Fill !== 'false' && (c.attrs.Fill === 'true' || fill !== undefined) && fill !== 'transparent' && b.length >= 4) {
          const rect = mapRect(objectMatrix(c.attrs, m), 0, 0, b[2], b[3]);
          if (fill !== 'white') paintBackdrop(t, rect);
          // Glyphs drawn as filled outlines (text as curves): see outlinedText in index.ts.
          noteShape(t, c, rect);
        }
        break;
      }
      case 'PageBlock':
      case 'Layer':
        draw(c, m, t, depth, invisible || c.attrs.Visible === 'false');
        break;
      default:
        // An element holding text codes is drawn as the text object it stands for (a producer's
        // name for it, or a damaged one); Content, Clips and any other element a producer adds:
        // whatever text objects they hold are read.
        if (c.children.some((k) => k.name === 'TextCode')) drawText(c, m, t, invisible);
        else draw(c, m, t, depth, invisible);
    }
  }
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

function drawText(el: El, parent: Matrix, t: DrawTarget, invisible: boolean): void {
  const m = objectMatrix(el.attrs, parent);
  const size = numbers(el.attrs.Size)[0] ?? 3.5;
  const scale = Math.sqrt(Math.abs(m[0] * m[3] - m[1] * m[2])) || 1;
  const dirLen = Math.hypot(m[0], m[1]) || 1;
  const ux = m[0] / dirLen;
  const uy = m[1] / dirLen;
  const fill = fillOf(el);
  // Drawn but unseen: a transparent fill, smaller than 1 pt, or white where nothing was painted
  // below (a piece so written inside a marking — 机 + white 开 + 密★5年 — hid it).
  const hidden = invisible || el.attrs.Visible === 'false' || (el.attrs.Fill === 'false' && el.attrs.Stroke !== 'true') || fill === 'transparent' || size * scale < SMALLEST_SEEN_MM;
  const white = fill === 'white' && el.attrs.Stroke !== 'true';
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
      const g: Glyph = { ch, x: px, y: py, ux, uy, size: size * scale, adv: (vertical ? 0 : width) * dirLen, rect, code: serial, vertical };
      const offPage = rect[2] < 0 || rect[3] < 0 || rect[0] > t.width || rect[1] > t.height;
      const seen = !(hidden || offPage || (white && !onBackdrop(t, rect)));
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
