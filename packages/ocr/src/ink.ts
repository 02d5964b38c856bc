/**
 * Ink on a page: whether a picture OCR found nothing in is blank or holds marks OCR could not read,
 * and at what angle its lines run. Both work on a small copy of the page, so they cost a few
 * milliseconds, and both are only asked for when a reading came back empty.
 */
import sharp from './sharp.ts';
import type { GreyPage } from './decode.ts';

/** Longest side of the copy ink is measured on, for a page (see {@link inkScale}). */
export const INK_SIDE = 1000;

/** A picture whose longer side is more than this many times its shorter is a strip (see {@link inkScale}). */
const STRIP_ASPECT = 2;

/**
 * The scale of the copy ink is measured on: the longer side is brought to {@link INK_SIDE} (the
 * thresholds below are set in pixels of such a copy of a page); a strip keeps the area of an A4
 * page so copied instead (a 12000 × 400 banner brought to 1000 × 33 left a 40 px label 3 px tall,
 * under the cells ink is grouped in).
 */
export function inkScale(width: number, height: number): number {
  const long = Math.max(width, height);
  const side = INK_SIDE / long;
  if (long <= STRIP_ASPECT * Math.min(width, height)) return Math.min(1, side);
  return Math.min(1, Math.max(side, Math.sqrt((INK_SIDE * INK_SIDE) / Math.SQRT2 / (width * height))));
}
/**
 * A pixel is ink when it differs from its neighbourhood's mean by at least this (of 255). Paper
 * grain and scanner noise stay well below it after the downscale averages them (see
 * {@link INK_MIN_SHARE}); pen and print strokes on paper are 100 or more.
 */
export const INK_CONTRAST = 60;
/** Blur radius (sigma, in pixels of the small copy) of the neighbourhood mean: a few line heights. */
const BACKGROUND_SIGMA = 12;
/** Share of the width and height along each edge that is not looked at. */
const MARGIN = 0.03;
/**
 * Share of the small copy's pixels (margin left out) that must be ink for a picture to count as not
 * blank. Measured (packages/ocr/test/fixtures/README.md): a blank scan 0, a noisy blank scan with
 * grain, dust and a lid shadow 0, photos without text 0–0.006%, a single word (机密, 30 px) alone
 * on an A4 page at 150 dpi 0.037%, a page of text 0.8–5.6%. The threshold sits between them.
 */
export const INK_MIN_SHARE = 0.0002;

/** How much ink a page holds, measured on a copy at most {@link INK_SIDE} pixels long (a strip's may be longer, see {@link inkScale}). */
export interface InkMeasure {
  /** Share of pixels that are ink, 0..1. */
  share: number;
  /** The ink pixels of the small copy, as indices `y * width + x`. */
  points: Uint32Array;
  width: number;
  height: number;
}

/**
 * Measures ink: pixels markedly darker or lighter than the mean of their neighbourhood, on a
 * stroke (see {@link isStroke}). A uniform or slowly changing background (paper, a coloured sheet,
 * a sky, uneven light) is its own neighbourhood and holds no ink, the edges of shapes in a photo
 * are no strokes, and the downscale averages specks of noise away.
 */
export async function measureInk(page: GreyPage, contrast = INK_CONTRAST): Promise<InkMeasure> {
  return (await measureInkAt(page, [contrast]))[0];
}

/**
 * {@link measureInk} at several contrasts, one {@link InkMeasure} each: the small copy and its
 * neighbourhood means (the costly part) are made once. `tops`, when given, is per contrast the
 * share of the page's height, from its top, that is looked at (1: all of it): at a low contrast
 * many pixels need the stroke test, and faint ink is only looked for where markings stand.
 * `signs`, when given, is per contrast which marks count: 1 darker than their ground only, -1
 * lighter only, 0 (the default) both. Between dense lines of print, the paper of the gap is lighter
 * than its neighbourhood (the lines darken its mean) and has the lines above and below: at a low
 * contrast it is a light "stroke" (a 28 px gap between lines of 34 px letters made regions of it
 * across the page), so low-contrast ink is looked for as marks of the print's own sign.
 */
export async function measureInkAt(page: GreyPage, contrasts: readonly number[], tops?: readonly number[], signs?: ReadonlyArray<1 | -1 | 0>): Promise<InkMeasure[]> {
  const s = inkScale(page.width, page.height);
  const width = Math.max(1, Math.round(page.width * s));
  const height = Math.max(1, Math.round(page.height * s));
  let small = page.data;
  if (s < 1) {
    small = await sharp(page.data, { raw: { width: page.width, height: page.height, channels: 1 }, limitInputPixels: false })
      .resize(width, height, { kernel: 'linear' })
      .extractChannel(0)
      .raw()
      .toBuffer();
  }
  const bg = await sharp(small, { raw: { width, height, channels: 1 }, limitInputPixels: false }).blur(BACKGROUND_SIGMA).extractChannel(0).raw().toBuffer();
  return contrasts.map((contrast, k) => {
    const mark = new Uint8Array(small.length);
    const rows = Math.min(height, Math.ceil(height * (tops?.[k] ?? 1)) + 1);
    const sign = signs?.[k] ?? 0;
    const dark = sign >= 0 ? contrast : Infinity;
    const light = sign <= 0 ? -contrast : -Infinity;
    for (let i = 0; i < rows * width; i++) {
      const d = bg[i] - small[i];
      if (d >= dark ? isStroke(small, width, height, i, 1, contrast) : d <= light && isStroke(small, width, height, i, -1, contrast)) mark[i] = 1;
    }
    // Strokes are ink next to ink; a speck of dust or a noise pixel stands alone. The margin is left
    // out: scanner lids, punch holes and cut edges leave dark bands and spots along it.
    const mx = Math.floor(width * MARGIN);
    const my = Math.floor(height * MARGIN);
    const keep: number[] = [];
    for (let y = Math.max(1, my); y < Math.min(rows, height - Math.max(1, my)); y++) {
      for (let x = Math.max(1, mx), i = y * width + x; x < width - Math.max(1, mx); x++, i++) {
        if (!mark[i]) continue;
        const around = mark[i - width - 1] + mark[i - width] + mark[i - width + 1] + mark[i - 1] + mark[i + 1] + mark[i + width - 1] + mark[i + width] + mark[i + width + 1];
        if (around >= 2) keep.push(i);
      }
    }
    const inner = Math.max(1, (width - 2 * Math.max(1, mx)) * (height - 2 * Math.max(1, my)));
    return { share: keep.length / inner, points: Uint32Array.from(keep), width, height };
  });
}

/** Widest stroke (pixels of the small copy) counted as ink: a bold headline's strokes are narrower. */
const MAX_STROKE = 8;

/**
 * Whether pixel `i` lies on a stroke: within {@link MAX_STROKE} pixels on both sides, left and
 * right or above and below, the page is markedly lighter (for dark ink; darker for light ink on a
 * dark ground). The edge of a dark area in a photo (a hillside against the sky, a roof) has light
 * on one side only and is no ink; a stroke of a character has it on both.
 */
function isStroke(v: Buffer | Uint8Array, width: number, height: number, i: number, sign: 1 | -1, contrast: number): boolean {
  const x = i % width;
  const y = (i - x) / width;
  const need = contrast / 2;
  const paper = (j: number) => sign * (v[j] - v[i]) >= need;
  const side = (step: number, room: number) => {
    for (let k = 1; k <= Math.min(MAX_STROKE, room); k++) if (paper(i + k * step)) return true;
    return false;
  };
  return (side(-1, x) && side(1, width - 1 - x)) || (side(-width, y) && side(width, height - 1 - y));
}

/** Widest skew searched for, in degrees either way. */
export const MAX_SKEW = 20;

/**
 * The angle (degrees, clockwise as sharp's rotate takes it) that makes the lines of ink run level:
 * the one under which the ink's projection onto rows or columns is most uneven (lines and gaps
 * sharply apart). Searched in 1° steps over ±{@link MAX_SKEW}°, then refined in 0.25° steps.
 * Lines that run up and down (a page turned a quarter) level out under the same angle, through the
 * column projection. Returns 0 when there is too little ink to tell.
 */
export function estimateSkew(ink: InkMeasure): number {
  const { points, width, height } = ink;
  if (points.length < 200) return 0;
  // Every 4th point of a dense page is plenty for a histogram.
  const step = Math.max(1, Math.floor(points.length / 60_000));
  const xs: number[] = [];
  const ys: number[] = [];
  for (let i = 0; i < points.length; i += step) {
    xs.push((points[i] % width) - width / 2);
    ys.push(Math.floor(points[i] / width) - height / 2);
  }
  const diag = Math.ceil(Math.hypot(width, height)) + 2;
  const rows = new Float64Array(diag);
  const cols = new Float64Array(diag);
  const score = (deg: number): number => {
    const t = (deg * Math.PI) / 180;
    const c = Math.cos(t);
    const sn = Math.sin(t);
    rows.fill(0);
    cols.fill(0);
    const half = diag / 2;
    for (let i = 0; i < xs.length; i++) {
      rows[Math.floor(sn * xs[i] + c * ys[i] + half)]++;
      cols[Math.floor(c * xs[i] - sn * ys[i] + half)]++;
    }
    let r = 0;
    let k = 0;
    for (let i = 0; i < diag; i++) (r += rows[i] * rows[i]), (k += cols[i] * cols[i]);
    return Math.max(r, k);
  };
  let best = 0;
  let bestScore = score(0);
  for (let d = -MAX_SKEW; d <= MAX_SKEW; d++) {
    const v = score(d);
    if (v > bestScore) (best = d), (bestScore = v);
  }
  const coarse = best;
  for (let d = coarse - 0.75; d <= coarse + 0.75; d += 0.25) {
    const v = score(d);
    if (v > bestScore) (best = d), (bestScore = v);
  }
  return best;
}

/** A region of a page holding ink that no word of a reading covers, in page pixels. */
export interface InkRegion {
  x: number;
  y: number;
  width: number;
  height: number;
  /** Ink pixels of the small copy in it. */
  ink: number;
}

/** Side (pixels of the small copy, ~0.85 pt of an A4 page) of the cells ink is grouped in. */
const CELL = 8;
/** Uncovered ink pixels that make a cell count. */
const CELL_MIN_INK = 3;
/**
 * Least ink (pixels of the small copy) of a region worth reading again: half a character of a
 * marking line (机密 at 16 pt on an A4 page leaves ~130 a character). Specks, a stray stroke and
 * the tail of a word OCR read a little short stay under it.
 */
export const REGION_MIN_INK = 60;
/**
 * Least share of a region's area that is ink: text fills 10-30% of its lines' box, the ruled
 * lines of a form or a frame around the page a few percent of theirs.
 */
const REGION_MIN_FILL = 0.04;

/**
 * A run of ink this long (pixels of the small copy, ~27 pt of an A4 page) along a row or a column
 * is a ruled line: no stroke of a character up to 二号 (22 pt) is that long.
 */
const RULE_RUN = 32;
/** Share of a region's ink in ruled lines above which it is a rule (红头's red line, a form's frame), not text. */
const RULED_MAX = 0.5;

/** Share of the ink in `mask` inside [x0, x1) × [y0, y1) that lies in runs of at least {@link RULE_RUN} along a row or a column. */
function ruledShare(mask: Uint8Array, W: number, x0: number, y0: number, x1: number, y1: number): number {
  const ruled = new Uint8Array((x1 - x0) * (y1 - y0));
  const w = x1 - x0;
  let total = 0;
  for (let y = y0; y < y1; y++) {
    let run = 0;
    for (let x = x0; x <= x1; x++) {
      if (x < x1 && mask[y * W + x]) {
        run++;
        total++;
        continue;
      }
      if (run >= RULE_RUN) ruled.fill(1, (y - y0) * w + (x - x0 - run), (y - y0) * w + (x - x0));
      run = 0;
    }
  }
  for (let x = x0; x < x1; x++) {
    let run = 0;
    for (let y = y0; y <= y1; y++) {
      if (y < y1 && mask[y * W + x]) {
        run++;
        continue;
      }
      if (run >= RULE_RUN) for (let k = y - run; k < y; k++) ruled[(k - y0) * w + (x - x0)] = 1;
      run = 0;
    }
  }
  let n = 0;
  for (let i = 0; i < ruled.length; i++) n += ruled[i];
  return total > 0 ? n / total : 0;
}

/**
 * Ink left over by a reading: the ink of the page outside the boxes of the words read (each grown
 * by a third of its height), grouped into regions of touching cells, the most ink first. Text OCR
 * dropped without a word — grey or faded print, a line under a stamp, a watermark turned across
 * the page — stays here, where a reading's silence would otherwise say the page held nothing more.
 */
export function inkNotCovered(ink: InkMeasure, words: ReadonlyArray<{ x: number; y: number; width: number; height: number }>, pageWidth: number, pageHeight: number): InkRegion[] {
  const { width: W, height: H, points } = ink;
  const sx = W / pageWidth;
  const sy = H / pageHeight;
  const covered = new Uint8Array(W * H);
  for (const b of words) {
    const pad = b.height / 3;
    const x0 = Math.max(0, Math.floor((b.x - pad) * sx));
    const x1 = Math.min(W, Math.ceil((b.x + b.width + pad) * sx));
    const y0 = Math.max(0, Math.floor((b.y - pad) * sy));
    const y1 = Math.min(H, Math.ceil((b.y + b.height + pad) * sy));
    for (let y = y0; y < y1; y++) covered.fill(1, y * W + x0, y * W + x1);
  }
  const cw = Math.ceil(W / CELL);
  const ch = Math.ceil(H / CELL);
  const cells = new Uint16Array(cw * ch);
  // The uncovered ink itself, for telling ruled lines from text (see ruledShare).
  const left = new Uint8Array(W * H);
  for (let k = 0; k < points.length; k++) {
    const i = points[k];
    if (covered[i]) continue;
    left[i] = 1;
    const x = i % W;
    const y = (i - x) / W;
    cells[Math.floor(y / CELL) * cw + Math.floor(x / CELL)]++;
  }
  // Touching cells (8-neighbourhood) with enough ink form a region.
  const seen = new Uint8Array(cw * ch);
  const regions: InkRegion[] = [];
  const stack: number[] = [];
  for (let c = 0; c < cells.length; c++) {
    if (seen[c] || cells[c] < CELL_MIN_INK) continue;
    let n = 0;
    let cx0 = cw;
    let cy0 = ch;
    let cx1 = -1;
    let cy1 = -1;
    seen[c] = 1;
    stack.push(c);
    while (stack.length) {
      const d = stack.pop()!;
      const x = d % cw;
      const y = (d - x) / cw;
      n += cells[d];
      cx0 = Math.min(cx0, x);
      cy0 = Math.min(cy0, y);
      cx1 = Math.max(cx1, x);
      cy1 = Math.max(cy1, y);
      for (let dy = -1; dy <= 1; dy++) {
        for (let dx = -1; dx <= 1; dx++) {
          const nx = x + dx;
          const ny = y + dy;
          if (nx < 0 || ny < 0 || nx >= cw || ny >= ch) continue;
          const e = ny * cw + nx;
          if (!seen[e] && cells[e] >= CELL_MIN_INK) {
            seen[e] = 1;
            stack.push(e);
          }
        }
      }
    }
    const area = (cx1 - cx0 + 1) * (cy1 - cy0 + 1) * CELL * CELL;
    if (n < REGION_MIN_INK || n / area < REGION_MIN_FILL) continue;
    if (ruledShare(left, W, cx0 * CELL, cy0 * CELL, Math.min(W, (cx1 + 1) * CELL), Math.min(H, (cy1 + 1) * CELL)) > RULED_MAX) continue;
    const x = (cx0 * CELL) / sx;
    const y = (cy0 * CELL) / sy;
    regions.push({
      x: Math.floor(x),
      y: Math.floor(y),
      width: Math.min(pageWidth, Math.ceil(((cx1 + 1) * CELL) / sx)) - Math.floor(x),
      height: Math.min(pageHeight, Math.ceil(((cy1 + 1) * CELL) / sy)) - Math.floor(y),
      ink: n,
    });
  }
  return regions.sort((a, b) => b.ink - a.ink);
}

/**
 * Which of a page's leftover regions to read, at most `max`: those whose top lies in the top
 * `topShare` of the page first (where markings stand), then the rest, each group in the order
 * given. `skipped` lists the regions near the top left over: they are reported unread, never
 * passed over.
 */
export function regionsToRead(regions: readonly InkRegion[], pageHeight: number, max: number, topShare: number): { read: InkRegion[]; skipped: InkRegion[] } {
  const top = (r: InkRegion): boolean => r.y / pageHeight < topShare;
  const ordered = [...regions.filter(top), ...regions.filter((r) => !top(r))];
  return { read: ordered.slice(0, max), skipped: ordered.slice(max).filter(top) };
}
