import sharp from './sharp.ts';
import type { GreyPage } from './decode.ts';

/** Quarter turns applied before OCR, clockwise. */
export type QuarterTurn = 0 | 90 | 180 | 270;

/** Preprocessing switches; each one was measured on the samples (see bench/ocr.bench.ts). */
export interface PreprocessOptions {
  /** Stretch the grey levels to the full range (faded scans, photos in dim light). */
  normalise: boolean;
  /** Local contrast equalisation for unevenly lit photos. */
  clahe: boolean;
  /** Global threshold to black and white. */
  binarise: boolean;
  /** Rescale so that text lands near the height the recognizer was trained on. */
  rescale: boolean;
}

export const DEFAULT_PREPROCESS: Readonly<PreprocessOptions> = Object.freeze({
  normalise: true,
  clahe: false,
  binarise: false,
  rescale: true,
});

/** An image ready for tesseract, and how to map its pixel boxes back to the original image. */
export interface Prepared {
  /** Binary PGM (P5): tesseract's image reader takes it without a PNG encode/decode round trip. */
  pgm: Buffer;
  width: number;
  height: number;
  /** Prepared pixels per original pixel. */
  scale: number;
  rotation: QuarterTurn;
  /** Size before the quarter turn and scaling (of the deskewed page when `skew` is set). */
  originalWidth: number;
  originalHeight: number;
  /** The picture was mostly dark and was read as its negative (see {@link mostlyDark}). */
  inverted?: boolean;
  /** The page was first turned by `angle` degrees (clockwise) to level its lines; `width`×`height` is the page before that. */
  skew?: { angle: number; width: number; height: number };
}

/** Mean grey (of 255) below which a picture is read as its negative: more dark ground than light. */
export const DARK_MEAN = 128;

/** Whether the mean grey of `data` (every 7th pixel, plenty for a mean) is below {@link DARK_MEAN}. */
export function mostlyDark(data: Uint8Array): boolean {
  let sum = 0;
  let n = 0;
  for (let i = 0; i < data.length; i += 7, n++) sum += data[i];
  return n > 0 && sum < DARK_MEAN * n;
}

/** Longest side, in pixels, below which a page is upscaled (screenshots, thumbnails, low-dpi faxes). */
const SMALL_SIDE = 1600;
/** Longest side above which a page is downscaled: 300 dpi A4 text (~67 px glyphs) reads better at ~210 dpi, and faster. */
export const LARGE_SIDE = 2500;

/** The scale factor for a page of this size. */
export function chooseScale(width: number, height: number): number {
  const side = Math.max(width, height);
  if (side < SMALL_SIDE) return Math.min(3, SMALL_SIDE * 1.25 / side);
  if (side > LARGE_SIDE) return LARGE_SIDE / side;
  return 1;
}

/**
 * Greyscale page → rotated, rescaled, contrast-normalised PGM for tesseract. A `skew` (degrees,
 * clockwise) first turns the page by that angle on white paper, to level lines that run askew.
 * `scale`, when given, is the scale instead of {@link chooseScale}'s (which sizes a picture by its
 * side, not by its letters: a watermark's letters are brought to a height the recognizer reads).
 */
export async function prepare(page: GreyPage, rotation: QuarterTurn, options: PreprocessOptions = DEFAULT_PREPROCESS, skew = 0, scale?: number): Promise<Prepared> {
  // Light print on a dark ground (white on black, a dark banner cut out as a region): the
  // recognizer is trained on dark ink on paper and read 机密★5年 white on black as 机密广5人年, so
  // a mostly dark picture is turned into its negative first. Inverting keeps every edge where it
  // is; the ink measures (which look for marks either way of their ground) are unchanged by it.
  if (mostlyDark(page.data)) {
    const data = Buffer.allocUnsafe(page.data.length);
    for (let i = 0; i < data.length; i++) data[i] = 255 - page.data[i];
    return { ...(await prepare({ ...page, data }, rotation, options, skew, scale)), inverted: true };
  }
  if (skew) {
    const { data, info } = await sharp(page.data, { raw: { width: page.width, height: page.height, channels: 1 }, limitInputPixels: false })
      .rotate(skew, { background: '#ffffff' })
      .extractChannel(0)
      .raw()
      .toBuffer({ resolveWithObject: true });
    const turned = await prepare({ page: page.page, width: info.width, height: info.height, data }, rotation, options, 0, scale);
    return { ...turned, skew: { angle: skew, width: page.width, height: page.height } };
  }
  scale ??= options.rescale ? chooseScale(page.width, page.height) : 1;
  let img = sharp(page.data, { raw: { width: page.width, height: page.height, channels: 1 }, limitInputPixels: false });
  if (rotation !== 0) img = img.rotate(rotation);
  if (scale !== 1) {
    const w = rotation % 180 === 0 ? page.width : page.height;
    const h = rotation % 180 === 0 ? page.height : page.width;
    img = img.resize(Math.max(1, Math.round(w * scale)), Math.max(1, Math.round(h * scale)), { kernel: scale > 1 ? 'cubic' : 'lanczos3' });
  }
  // Contrast stretching is done here, on the raw grey bytes: sharp's normalise() computes its
  // percentiles slowly (~0.5 s on a 300 dpi A4 page, measured), a histogram and a lookup table take
  // a few milliseconds. With CLAHE or a threshold after it, sharp keeps the whole chain.
  const stretchHere = options.normalise && !options.clahe && !options.binarise;
  if (options.normalise && !stretchHere) img = img.normalise({ lower: 1, upper: 99 });
  if (options.clahe) img = img.clahe({ width: 64, height: 64, maxSlope: 3 });
  if (options.binarise) img = img.threshold(150);
  const { data, info } = await img.extractChannel(0).raw().toBuffer({ resolveWithObject: true });
  if (stretchHere) stretchContrast(data, 0.01, 0.99);
  eraseRules(data, info.width, info.height);
  const header = Buffer.from(`P5\n${info.width} ${info.height}\n255\n`, 'latin1');
  return {
    pgm: Buffer.concat([header, data]),
    width: info.width,
    height: info.height,
    scale,
    rotation,
    originalWidth: page.width,
    originalHeight: page.height,
  };
}

/** Grey below which a pixel is ink for {@link eraseRules}. */
const RULE_INK = 128;
/** Shortest ruled line, as a share of the picture's longer side. */
const RULE_MIN_LENGTH = 0.03;
/**
 * Least length of a ruled line in its thicknesses. The thinnest stroke of text, a 宋体 horizontal
 * (~0.9 em long, ~0.06 em thick), is ~15 of its thicknesses long; a table's rule is ~60 or more.
 */
const RULE_ASPECT = 30;

/**
 * Paints ruled lines white: dark runs along a row or a column at least {@link RULE_ASPECT} times
 * as long as they are thick (the dark run across them) and {@link RULE_MIN_LENGTH} of the
 * picture. The ruled cells of a form (文件处理单, a register, a routing slip) made tesseract's
 * layout analysis take the table for a picture and read nothing of it, the 密级 cell included;
 * without the lines the cells read as text. Strokes of characters, however large the picture is
 * scaled, are too thick for their length. Returns the number of pixels painted.
 */
export function eraseRules(data: Uint8Array, width: number, height: number): number {
  const minRun = Math.max(24, Math.round(Math.max(width, height) * RULE_MIN_LENGTH));
  // The length of the dark run through each pixel along its row and along its column.
  const across = new Uint16Array(width * height);
  const down = new Uint16Array(width * height);
  for (let y = 0; y < height; y++) {
    let run = 0;
    for (let x = 0; x <= width; x++) {
      if (x < width && data[y * width + x] < RULE_INK) {
        run++;
        continue;
      }
      if (run > 0) across.fill(Math.min(run, 65535), y * width + x - run, y * width + x);
      run = 0;
    }
  }
  for (let x = 0; x < width; x++) {
    let run = 0;
    for (let y = 0; y <= height; y++) {
      if (y < height && data[y * width + x] < RULE_INK) {
        run++;
        continue;
      }
      for (let k = y - run; k < y; k++) down[k * width + x] = Math.min(run, 65535);
      run = 0;
    }
  }
  let painted = 0;
  for (let i = 0; i < data.length; i++) {
    const h = across[i];
    const v = down[i];
    if (h === 0) continue;
    if ((h >= minRun && h >= RULE_ASPECT * v) || (v >= minRun && v >= RULE_ASPECT * h)) {
      data[i] = 255;
      painted++;
    }
  }
  return painted;
}

/**
 * Narrowest grey range a contrast stretch maps to black…white: a faded scan's ink at ~150-180 on
 * paper at ~230 spans more; paper grain and a light tint behind the text span less.
 */
const MIN_STRETCH_SPAN = 64;

/**
 * Stretches grey levels in place so that the `lower` quantile becomes black and the `upper`
 * quantile white (what sharp's normalise({ lower: 1, upper: 99 }) does).
 */
export function stretchContrast(data: Uint8Array, lower: number, upper: number): void {
  const hist = new Uint32Array(256);
  for (let i = 0; i < data.length; i++) hist[data[i]]++;
  const lowCount = data.length * lower;
  const highCount = data.length * upper;
  let lo = 0;
  let hi = 255;
  let acc = 0;
  for (let v = 0; v < 256; v++) {
    acc += hist[v];
    if (acc > lowCount) {
      lo = v;
      break;
    }
  }
  acc = 0;
  for (let v = 0; v < 256; v++) {
    acc += hist[v];
    if (acc >= highCount) {
      hi = v;
      break;
    }
  }
  // Sparse ink (one line of text on a page, 0.3% of its pixels) puts the lower quantile in the
  // paper's own grain: stretching that to black would blacken the paper and bury the text. The
  // stretch never spans fewer than MIN_STRETCH_SPAN grey levels.
  lo = Math.min(lo, hi - MIN_STRETCH_SPAN);
  if (hi <= lo) return;
  const lut = new Uint8Array(256);
  for (let v = 0; v < 256; v++) lut[v] = v <= lo ? 0 : v >= hi ? 255 : Math.round(((v - lo) * 255) / (hi - lo));
  for (let i = 0; i < data.length; i++) data[i] = lut[data[i]];
}

/**
 * Maps a box in prepared-image pixels back to the original image: undo the scale, then the
 * quarter turn, then the skew. Coordinates are continuous (edges), so a 90° turn maps x' to y exactly.
 */
export function toOriginal(p: Prepared, x0: number, y0: number, x1: number, y1: number): { x: number; y: number; width: number; height: number } {
  const s = p.scale;
  const a = [x0 / s, y0 / s, x1 / s, y1 / s];
  const W = p.originalWidth;
  const H = p.originalHeight;
  let bx0: number, by0: number, bx1: number, by1: number;
  switch (p.rotation) {
    case 0:
      [bx0, by0, bx1, by1] = a;
      break;
    case 90: // original (x, y) → rotated (H - y, x)
      bx0 = a[1]; bx1 = a[3]; by0 = H - a[2]; by1 = H - a[0];
      break;
    case 180:
      bx0 = W - a[2]; bx1 = W - a[0]; by0 = H - a[3]; by1 = H - a[1];
      break;
    case 270: // original (x, y) → rotated (y, W - x)
      bx0 = W - a[3]; bx1 = W - a[1]; by0 = a[0]; by1 = a[2];
      break;
  }
  if (p.skew) {
    // Undo the turn about the centres (sharp turns about the centre and grows the canvas to fit):
    // the box's corners go back to the page, and their bounding box is the box there.
    const { angle, width: OW, height: OH } = p.skew;
    const t = (angle * Math.PI) / 180;
    const c = Math.cos(t);
    const s = Math.sin(t);
    const xs: number[] = [];
    const ys: number[] = [];
    for (const [x, y] of [[bx0, by0], [bx1, by0], [bx0, by1], [bx1, by1]]) {
      const dx = x - W / 2;
      const dy = y - H / 2;
      xs.push(c * dx + s * dy + OW / 2);
      ys.push(-s * dx + c * dy + OH / 2);
    }
    return clampBox(Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys), OW, OH);
  }
  return clampBox(bx0, by0, bx1, by1, W, H);
}

function clampBox(bx0: number, by0: number, bx1: number, by1: number, W: number, H: number): { x: number; y: number; width: number; height: number } {
  const cx0 = Math.max(0, Math.min(W, bx0));
  const cy0 = Math.max(0, Math.min(H, by0));
  const cx1 = Math.max(0, Math.min(W, bx1));
  const cy1 = Math.max(0, Math.min(H, by1));
  return { x: Math.round(cx0), y: Math.round(cy0), width: Math.round(cx1 - cx0), height: Math.round(cy1 - cy0) };
}
