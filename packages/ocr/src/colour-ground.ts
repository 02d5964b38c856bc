/**
 * Light colour grounds with light letters on them: a yellow or orange band (#ffcc00) holding white
 * text. Greyscale puts such a ground a few dozen levels under the paper and the letters at the
 * paper's white, so the page's reading, whose threshold sits between black print and paper, sees
 * paper; the ink measures see a pale smooth area. In the darkest of the red, green and blue
 * channels the ground is dark (a yellow has no blue) and the letters stay white: a band the
 * reader reads as it reads white text on a dark band.
 */

/** A pixel of a light colour ground: at least this grey (of 255)… */
const GROUND_MIN_GREY = 130;
/** …at most this grey (paper is lighter)… */
const GROUND_MAX_GREY = 240;
/** …and its darkest channel at least this far under its grey (a colour, not a grey). */
const GROUND_CHROMA = 60;
/** A pixel of a light letter on the ground: near white in every channel. */
const LETTER_MIN = 215;
/** A block of the grid is ground when this share of its pixels is. */
const BLOCK_GROUND_SHARE = 0.5;
/** Blocks touched by the ground (letters take the rest) from this share on: where letters are counted. */
const BLOCK_TOUCHED_SHARE = 0.15;
/** The grid has at most this many blocks along the longer side. */
const GRID_SIDE = 400;
/** A ground is read from this share of the page's area on… */
const MIN_AREA_SHARE = 0.002;
/** …when light letters cover this share of the blocks it touches (a word on a page-sized ground)… */
const MIN_LETTER_SHARE = 0.0005;
/** …and at least this many pixels (a letter or two)… */
const MIN_LETTER_PIXELS = 150;
/** …and this share of its letters lies outside the words the page's reading found. */
const MIN_UNREAD_LETTER_SHARE = 0.3;
/** At most this many grounds are read on a page (the largest first). */
const MAX_GROUNDS = 4;

/** A region of the page, in pixels. */
export interface GroundBox {
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * The light colour grounds of a page holding light letters the page's reading left unread: boxes
 * (with a margin of a block) to read from the `darkest` channel. `grey` and `darkest` are one byte
 * a pixel, row by row; `words` the boxes of the words the page's reading found (letters under them
 * were read: an orange band whose white title greyscale kept readable is not read again).
 */
export function colourGrounds(grey: Uint8Array, darkest: Uint8Array, width: number, height: number, words: readonly GroundBox[] = []): GroundBox[] {
  const b = Math.max(4, Math.ceil(Math.max(width, height) / GRID_SIDE));
  const gw = Math.ceil(width / b);
  const gh = Math.ceil(height / b);
  const ground = new Uint32Array(gw * gh);
  const letters = new Uint32Array(gw * gh);
  const size = new Uint32Array(gw * gh);
  let any = false;
  for (let y = 0; y < height; y++) {
    const row = ((y / b) | 0) * gw;
    for (let x = 0, i = y * width; x < width; x++, i++) {
      const g = grey[i];
      const d = darkest[i];
      const cell = row + ((x / b) | 0);
      size[cell]++;
      if (g >= GROUND_MIN_GREY && g <= GROUND_MAX_GREY && g - d >= GROUND_CHROMA) {
        ground[cell]++;
        any = true;
      } else if (d >= LETTER_MIN) letters[cell]++;
    }
  }
  if (!any) return [];
  // Blocks whose centre lies in a word the page's reading found: their letters were read.
  const read = new Uint8Array(gw * gh);
  for (const w of words) {
    for (let y = Math.max(0, Math.ceil((w.y - b / 2) / b)); y < gh && y * b + b / 2 <= w.y + w.height; y++) {
      for (let x = Math.max(0, Math.ceil((w.x - b / 2) / b)); x < gw && x * b + b / 2 <= w.x + w.width; x++) read[y * gw + x] = 1;
    }
  }
  // Connected ground blocks (8-neighbour), each a component with its box in blocks.
  const seen = new Uint8Array(gw * gh);
  const stack: number[] = [];
  const found: Array<GroundBox & { blocks: number; letters: number; touched: number; all: number }> = [];
  for (let start = 0; start < gw * gh; start++) {
    if (seen[start] || ground[start] < size[start] * BLOCK_GROUND_SHARE) continue;
    let x0 = gw;
    let y0 = gh;
    let x1 = -1;
    let y1 = -1;
    let blocks = 0;
    seen[start] = 1;
    stack.push(start);
    while (stack.length) {
      const c = stack.pop()!;
      const cx = c % gw;
      const cy = (c / gw) | 0;
      blocks++;
      if (cx < x0) x0 = cx;
      if (cx > x1) x1 = cx;
      if (cy < y0) y0 = cy;
      if (cy > y1) y1 = cy;
      for (let dy = -1; dy <= 1; dy++) {
        for (let dx = -1; dx <= 1; dx++) {
          const nx = cx + dx;
          const ny = cy + dy;
          if (nx < 0 || ny < 0 || nx >= gw || ny >= gh) continue;
          const n = ny * gw + nx;
          if (seen[n] || ground[n] < size[n] * BLOCK_GROUND_SHARE) continue;
          seen[n] = 1;
          stack.push(n);
        }
      }
    }
    // Light letters in the blocks of the box the ground touches (a letter's block is partly ground).
    let lettersIn = 0;
    let lettersAll = 0;
    let touched = 0;
    for (let y = y0; y <= y1; y++) {
      for (let x = x0; x <= x1; x++) {
        const c = y * gw + x;
        if (ground[c] < size[c] * BLOCK_TOUCHED_SHARE) continue;
        lettersAll += letters[c];
        if (!read[c]) lettersIn += letters[c];
        touched += size[c];
      }
    }
    const px = Math.max(0, (x0 - 1) * b);
    const py = Math.max(0, (y0 - 1) * b);
    const box = { x: px, y: py, width: Math.min(width, (x1 + 2) * b) - px, height: Math.min(height, (y1 + 2) * b) - py };
    found.push({ ...box, blocks, letters: lettersIn, touched, all: lettersAll });
  }
  return found
    .filter((f) => f.width * f.height >= width * height * MIN_AREA_SHARE && f.touched > 0 && f.letters >= Math.max(MIN_LETTER_PIXELS, f.touched * MIN_LETTER_SHARE, f.all * MIN_UNREAD_LETTER_SHARE))
    .sort((p, q) => q.blocks - p.blocks)
    .slice(0, MAX_GROUNDS)
    .sort((p, q) => p.y - q.y)
    .map(({ x, y, width: w, height: h }) => ({ x, y, width: w, height: h }));
}

/**
 * A crop of the darkest channel with its ground brought to black: levels from the crop's median
 * (the ground, which covers most of it) up to white are spread over the whole range, so a pale
 * yellow ground (153 in the darkest channel) under white letters reads as a dark band does.
 */
export function groundToBlack(crop: Buffer): Buffer {
  const hist = new Uint32Array(256);
  for (let i = 0; i < crop.length; i++) hist[crop[i]]++;
  let acc = 0;
  let median = 0;
  for (; median < 255; median++) if ((acc += hist[median]) > crop.length / 2) break;
  if (median === 0 || median >= 250) return crop;
  const scale = 255 / (255 - median);
  const out = Buffer.allocUnsafe(crop.length);
  for (let i = 0; i < crop.length; i++) out[i] = crop[i] <= median ? 0 : Math.min(255, Math.round((crop[i] - median) * scale));
  return out;
}
