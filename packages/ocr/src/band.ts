/**
 * Faint ink in a grey band of its own: a watermark (机密 in light grey, large, turned 45° across the
 * body text). The page's reading reads the black print and drops the watermark, or reads its
 * fragments into the lines it crosses; the ink left over is one large region across the page. Here
 * the pixels whose grey lies between the paper and the print, away from the print's strokes, are
 * kept on their own, and when enough of them run in lines at an angle of their own they are read
 * as a picture, levelled.
 */
import type { GreyPage } from './decode.ts';

/** Least difference from the paper (of 255) of a band pixel: paper grain and JPEG noise stay below. */
const BAND_MIN = 16;
/** Most difference from the paper of a band pixel; darker is print. */
const BAND_MAX = 110;
/** Band pixels within this many pixels of print are its anti-aliased or blurred edges, not ink of their own. */
const PRINT_HALO = 2;
/**
 * Least share of the page in band ink (after the print's edges and specks are dropped) from which
 * it is looked at further. A watermark of large letters covers several percent of a page; a line
 * of grey print at body size 0.1-0.3%.
 */
export const BAND_MIN_SHARE = 0.004;
/** Gaps (blocks) in band ink where print crossed it that are filled in before it is read: a stroke of body text and its halo. */
const CROSSING = 2;
/** Longest side of the grid the band's angle and shape are measured on. */
const GRID_SIDE = 500;
/**
 * Least share of the band ink on the grid that lies on an edge (a neighbour is no band ink):
 * strokes of letters are a few grid pixels wide (0.4 of a watermark's ink at 110 px a letter on an
 * A4 page, 0.2 for one bold 机密 of 260 px), grey shading of a table's rows, a grey photo or a
 * tinted box is a solid area with edges only around it and the print taken out of it (0.05-0.1).
 */
const MIN_EDGE_SHARE = 0.15;
/** Widest angle (degrees, either way) a watermark's lines are looked for at. */
const MAX_TURN = 76;
/** Least angle (degrees) between the band's lines and the page's lines: level grey print is left to the leftover reading. */
const MIN_TURN = 10;
/**
 * Least contrast of the band's row profile at its angle (sum of squares over that of the same ink
 * spread evenly): lines of letters with gaps between them stand out; a photo's or a logo's grey
 * does not run in lines.
 */
const MIN_LINE_CONTRAST = 1.8;

/** Least length over height (the middle 90% of its ink) of a single line of band ink: two characters. */
const MIN_ELONGATION = 1.6;

/** Span of the middle 90% of `total` counts in `hist` (cells from the 5th percentile to the 95th). */
function middleSpan(hist: Float64Array, total: number): number {
  let acc = 0;
  let from = -1;
  for (let i = 0; i < hist.length; i++) {
    acc += hist[i];
    if (from < 0 && acc >= total * 0.05) from = i;
    if (acc >= total * 0.95) return i - from + 1;
  }
  return hist.length;
}

/** Band ink found on a page, ready to be read. */
export interface BandInk {
  /** The band ink at its grey, the rest paper (255), cut out of the page at (`x`, `y`); `scale` page pixels a pixel. */
  data: Buffer;
  width: number;
  height: number;
  x: number;
  y: number;
  scale: number;
  /** Share of the page's pixels in band ink. */
  share: number;
  /** Clockwise turn (degrees) that levels its lines. */
  angle: number;
  /** Row-profile contrast at that angle (see {@link MIN_LINE_CONTRAST}). */
  lines: number;
  /** Found as one long line (its ink long along the angle and short across it), not by the contrast of several. */
  single: boolean;
  /** Median height of its lines (page pixels, across the angle). */
  lineHeight: number;
  /** Bounding box of the band ink, page pixels. */
  box: { x: number; y: number; width: number; height: number };
}

/** The paper's grey: the most frequent level in the upper half (of every 4th pixel of every 4th row). */
function paperLevel(data: Uint8Array, width: number, height: number): number {
  const hist = new Uint32Array(256);
  for (let y = 0; y < height; y += 4) for (let i = y * width, end = i + width; i < end; i += 4) hist[data[i]]++;
  let best = 255;
  let bestN = -1;
  for (let v = 128; v < 256; v++) {
    const n = hist[v] + (v > 0 ? hist[v - 1] : 0) + (v < 255 ? hist[v + 1] : 0);
    if (n > bestN) (best = v), (bestN = n);
  }
  return best;
}

/** Grows `mask` (0/1) by `r` pixels, a square neighbourhood, in place (separable running max, row by row). */
function dilate(mask: Uint8Array, width: number, height: number, r: number): void {
  const tmp = new Uint8Array(mask.length);
  for (let y = 0; y < height; y++) {
    const row = y * width;
    // Forward pass marks up to r after a set pixel, backward pass r before it.
    let last = -r - 1;
    for (let x = 0; x < width; x++) {
      if (mask[row + x]) last = x;
      if (x - last <= r) tmp[row + x] = 1;
    }
    last = width + r + 1;
    for (let x = width - 1; x >= 0; x--) {
      if (mask[row + x]) last = x;
      if (last - x <= r) tmp[row + x] = 1;
    }
  }
  // Columns, walked row by row (each column's last set row kept).
  const last = new Int32Array(width).fill(-r - 1);
  for (let y = 0, i = 0; y < height; y++) {
    for (let x = 0; x < width; x++, i++) {
      if (tmp[i]) last[x] = y;
      mask[i] = y - last[x] <= r ? 1 : 0;
    }
  }
  last.fill(height + r + 1);
  for (let y = height - 1; y >= 0; y--) {
    for (let x = 0, i = y * width; x < width; x++, i++) {
      if (tmp[i]) last[x] = y;
      if (last[x] - y <= r) mask[i] = 1;
    }
  }
}

/** Shrinks `mask` by `r` pixels (the complement grown). */
function erode(mask: Uint8Array, width: number, height: number, r: number): void {
  for (let i = 0; i < mask.length; i++) mask[i] ^= 1;
  dilate(mask, width, height, r);
  for (let i = 0; i < mask.length; i++) mask[i] ^= 1;
}

/**
 * Longest side (in blocks) a page is looked at in: a page is cut into square blocks of pixels, at
 * most this many along its longer side (a block is print when one of its pixels is, band ink when
 * all are). A watermark's letters are 40 blocks and more there, their strokes several blocks wide.
 */
const BLOCK_SIDE = 900;

/**
 * The grey band ink of a page, when there is a quantity of it, in strokes, running in lines at an
 * angle at least {@link MIN_TURN}° off the page's own `pageSkew`; otherwise undefined. One pass
 * over the page's pixels, the rest over blocks of them (see {@link BLOCK_SIDE}).
 */
export function findBandInk(page: GreyPage, pageSkew = 0): BandInk | undefined {
  const { data } = page;
  if (page.width * page.height === 0) return undefined;
  const paper = paperLevel(data, page.width, page.height);
  if (paper < 128 + BAND_MAX / 2) return undefined;
  const lo = paper - BAND_MAX;
  const hi = paper - BAND_MIN;
  const f = Math.max(1, Math.ceil(Math.max(page.width, page.height) / BLOCK_SIDE));
  const width = Math.floor(page.width / f);
  const height = Math.floor(page.height / f);
  const n = width * height;
  const print = new Uint8Array(n);
  const band = new Uint8Array(n);
  const grey = new Uint8Array(n);
  // Row by row of the page, each block's least and greatest grey and its sum gathered per column of blocks.
  const mn = new Uint8Array(width);
  const mx = new Uint8Array(width);
  const sum = new Uint32Array(width);
  const gather = (y: number): void => {
    mn.fill(255);
    mx.fill(0);
    sum.fill(0);
    for (let dy = 0; dy < f; dy++) {
      const row = (y * f + dy) * page.width;
      for (let x = 0, j = row; x < width; x++) {
        for (let dx = 0; dx < f; dx++, j++) {
          const v = data[j];
          if (v < mn[x]) mn[x] = v;
          if (v > mx[x]) mx[x] = v;
          sum[x] += v;
        }
      }
    }
  };
  // A first look at every 8th row of blocks: most pages (print on paper, its edges in blocks that
  // hold print too) have a small fraction of the band ink a watermark has, and stop here.
  let sampled = 0;
  let sampledRows = 0;
  for (let y = 0; y < height; y += 8, sampledRows++) {
    gather(y);
    for (let x = 0; x < width; x++) if (mn[x] >= lo && mx[x] <= hi) sampled++;
  }
  if (sampled < sampledRows * width * BAND_MIN_SHARE * 0.5) return undefined;
  let bandCount = 0;
  for (let y = 0; y < height; y++) {
    gather(y);
    for (let x = 0, i = y * width; x < width; x++, i++) {
      grey[i] = sum[x] / (f * f);
      if (mn[x] < lo) print[i] = 1;
      else if (mx[x] <= hi) (band[i] = 1), bandCount++;
    }
  }
  // Quick exit: most pages hold far less grey than a watermark even before the print's edges go.
  if (bandCount < n * BAND_MIN_SHARE) return undefined;
  dilate(print, width, height, Math.ceil(PRINT_HALO / f));
  for (let i = 0; i < n; i++) if (print[i]) band[i] = 0;
  // An opening: specks and slivers (edges of print the halo missed) go.
  erode(band, width, height, 1);
  dilate(band, width, height, 1);
  let count = 0;
  for (let i = 0; i < n; i++) count += band[i];
  if (count < n * BAND_MIN_SHARE) return undefined;

  // A grid: a cell is band ink when half of it is.
  const s = Math.min(1, GRID_SIDE / Math.max(width, height));
  const gw = Math.max(1, Math.round(width * s));
  const gh = Math.max(1, Math.round(height * s));
  const cover = new Uint32Array(gw * gh);
  const area = new Uint32Array(gw * gh);
  for (let y = 0; y < height; y++) {
    const gy = Math.min(gh - 1, Math.floor(y * s)) * gw;
    for (let x = 0; x < width; x++) {
      const g = gy + Math.min(gw - 1, Math.floor(x * s));
      area[g]++;
      cover[g] += band[y * width + x];
    }
  }
  const grid = new Uint8Array(gw * gh);
  const xs: number[] = [];
  const ys: number[] = [];
  for (let i = 0; i < grid.length; i++) if (area[i] && cover[i] * 2 >= area[i]) grid[i] = 1;
  let edge = 0;
  let inGrid = 0;
  for (let y = 0; y < gh; y++) {
    for (let x = 0; x < gw; x++) {
      const i = y * gw + x;
      if (!grid[i]) continue;
      inGrid++;
      xs.push(x - gw / 2);
      ys.push(y - gh / 2);
      if (x === 0 || y === 0 || x === gw - 1 || y === gh - 1 || !grid[i - 1] || !grid[i + 1] || !grid[i - gw] || !grid[i + gw]) edge++;
    }
  }
  if (inGrid < 50 || edge / inGrid < MIN_EDGE_SHARE) return undefined;

  // The angle whose row profile is most uneven against the same ink spread evenly from its first
  // row to its last: lines of letters and the gaps between them. Searched where a watermark runs,
  // away from the page's own lines (those the page's reading read).
  const diag = Math.ceil(Math.hypot(gw, gh)) + 3;
  const rows = new Float64Array(diag);
  const score = (deg: number): number => {
    const t = (deg * Math.PI) / 180;
    const c = Math.cos(t);
    const sn = Math.sin(t);
    rows.fill(0);
    // Each point shared between the two rows it falls between: at 45° the grid's points fall on
    // every other row, which would make any ink look like lines.
    for (let i = 0; i < xs.length; i++) {
      const v = sn * xs[i] + c * ys[i] + diag / 2;
      const k = Math.floor(v);
      rows[k] += k + 1 - v;
      rows[k + 1] += v - k;
    }
    let r = 0;
    let first = -1;
    let last = -1;
    for (let i = 0; i < diag; i++) {
      if (!rows[i]) continue;
      r += rows[i] * rows[i];
      if (first < 0) first = i;
      last = i;
    }
    return first >= 0 ? r / ((xs.length * xs.length) / (last - first + 1)) : 0;
  };
  const turned = (d: number): boolean => {
    const diff = (((d - pageSkew) % 180) + 180) % 180;
    return Math.min(diff, 180 - diff) >= MIN_TURN;
  };
  let angle = 0;
  let lines = 0;
  let single = false;
  for (let d = -MAX_TURN; d <= MAX_TURN; d += 2) {
    if (!turned(d)) continue;
    const v = score(d);
    if (v > lines) (angle = d), (lines = v);
  }
  for (let d = angle - 1.5; d <= angle + 1.5; d += 0.5) {
    const v = score(d);
    if (v > lines && turned(d)) (angle = d), (lines = v);
  }
  // Grey ink whose lines run best with the page's own is grey print or blurred print's edges.
  let level = 0;
  for (let d = pageSkew - MIN_TURN + 2; d <= pageSkew + MIN_TURN - 2; d += 2) level = Math.max(level, score(d));
  if (level >= lines) return undefined;
  if (lines < MIN_LINE_CONTRAST) {
    // One line (a single large 机密 across the page) has no gaps between lines to show: its ink is
    // long along its angle and short across it.
    const cols = new Float64Array(diag);
    const elongation = (deg: number): number => {
      const t = (deg * Math.PI) / 180;
      const c = Math.cos(t);
      const sn = Math.sin(t);
      rows.fill(0);
      cols.fill(0);
      for (let i = 0; i < xs.length; i++) {
        rows[Math.floor(sn * xs[i] + c * ys[i] + diag / 2)]++;
        cols[Math.floor(c * xs[i] - sn * ys[i] + diag / 2)]++;
      }
      return middleSpan(cols, xs.length) / Math.max(1, middleSpan(rows, xs.length));
    };
    let long = 0;
    for (let d = -MAX_TURN; d <= MAX_TURN; d += 2) {
      if (!turned(d)) continue;
      const v = elongation(d);
      if (v > long) (angle = d), (long = v);
    }
    let levelLong = 0;
    for (let d = pageSkew - MIN_TURN + 2; d <= pageSkew + MIN_TURN - 2; d += 2) levelLong = Math.max(levelLong, elongation(d));
    if (long < MIN_ELONGATION || levelLong >= long) return undefined;
    lines = score(angle);
    single = true;
  }
  // The height of its lines: runs of rows at the angle holding a fifth of the fullest row's ink or more.
  score(angle);
  let peak = 0;
  for (let i = 0; i < diag; i++) peak = Math.max(peak, rows[i]);
  const runs: Array<[number, number]> = [];
  let total = 0;
  for (let i = 0, run = 0, sum = 0; i <= diag; i++) {
    if (i < diag && rows[i] >= peak / 5) (run++, (sum += rows[i]));
    else if (run) runs.push([run, sum]), (total += sum), (run = 0), (sum = 0);
  }
  // Weighted by ink: the fragments of lines cut by the page's edges count for little.
  runs.sort((a, b) => a[0] - b[0]);
  let acc = 0;
  let median = 0;
  for (const [h, sum] of runs) {
    acc += sum;
    median = h;
    if (acc * 2 >= total) break;
  }
  const lineHeight = Math.round((median * f) / s);

  // The picture to read: band ink at its grey on paper (in blocks on a large page), its bounding box in page pixels.
  // Where print crossed a letter (the print and its halo were taken out), the gap is closed with
  // the band's mean grey: a watermark under a dense page would otherwise read as fragments.
  const closed = band.slice();
  dilate(closed, width, height, CROSSING);
  erode(closed, width, height, CROSSING);
  let bandGrey = 0;
  for (let i = 0; i < n; i++) if (band[i]) bandGrey += grey[i];
  bandGrey = Math.round(bandGrey / count);
  const out = Buffer.alloc(n, 255);
  for (let i = 0; i < n; i++) if (closed[i] && print[i]) out[i] = bandGrey;
  let x0 = width;
  let y0 = height;
  let x1 = -1;
  let y1 = -1;
  for (let y = 0; y < height; y++) {
    for (let x = 0, i = y * width; x < width; x++, i++) {
      if (!band[i]) continue;
      out[i] = grey[i];
      if (x < x0) x0 = x;
      if (x > x1) x1 = x;
      if (y < y0) y0 = y;
      if (y > y1) y1 = y;
    }
  }
  // Cut to the band ink and a margin of a line's height: the recognizer sees the letters large
  // against the picture, and reads less paper.
  const m = Math.round(median / s);
  const cx = Math.max(0, x0 - m);
  const cy = Math.max(0, y0 - m);
  const cw = Math.min(width, x1 + 1 + m) - cx;
  const ch = Math.min(height, y1 + 1 + m) - cy;
  const cut = Buffer.allocUnsafe(cw * ch);
  for (let row = 0; row < ch; row++) out.copy(cut, row * cw, (cy + row) * width + cx, (cy + row) * width + cx + cw);
  return { data: cut, width: cw, height: ch, x: cx, y: cy, scale: f, share: count / n, angle, lines, single, lineHeight, box: { x: x0 * f, y: y0 * f, width: (x1 - x0 + 1) * f, height: (y1 - y0 + 1) * f } };
}
