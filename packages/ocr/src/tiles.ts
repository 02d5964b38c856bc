/**
 * Pieces of a long picture read as pages of their own. A picture is read at a size set by its
 * longer side (chooseScale: at most 2500 pixels), which suits a page; a long screenshot
 * (1080 × 16000, a chat or an article saved whole) or a banner (12000 × 300) shrunk that way keeps
 * letters of 5–8 pixels, which read as nothing, and a marking on it was not read. Such a strip is
 * cut along its length into pieces of a page's size, each read at the size a page of its own would
 * be; the pieces' readings are placed back where they stand on the picture.
 */
import type { GreyPage } from './decode.ts';
import { chooseScale, LARGE_SIDE } from './preprocess.ts';

/** A rectangle of a picture, in its pixels. */
export interface Tile {
  x: number;
  y: number;
  width: number;
  height: number;
  /**
   * Rows of ground added above and below when the piece is cut out, where it was cut in a run of
   * empty rows (see {@link cutTile}): a line that starts a few pixels below a cut touches the edge,
   * and the recognizer misreads letters that touch the edge (机密★5年 4 px below one read as 2让5).
   */
  pad?: { top: number; bottom: number };
}

/** Rows of ground added on a side of a piece cut in a run of empty rows. */
export const PIECE_PAD = 32;

/**
 * A picture is cut into pieces when its pieces are read at least this many times larger than the
 * whole: a 1080 × 3600 phone screenshot (letters ~34 px read at ~24) is read whole, a 1080 × 5000
 * one (letters brought to ~17 px) in pieces.
 */
export const TILE_GAIN = 1.5;
/**
 * Rows whose grey varies by no more than this (of 255) are empty: the gap between two lines, the
 * ground between two messages. A piece of a tall picture ends in such a run, so no line is cut.
 */
const FLAT_RANGE = 24;
/** Fewest empty rows in a run a piece may end in: a line's own gaps between strokes are shorter. */
const MIN_GAP_ROWS = 3;
/** Share of a piece's length, from its end back, searched for a run of empty rows to end in. */
const CUT_WINDOW = 0.4;
/**
 * Share of a piece's length the next one starts back when no run of empty rows was found (text or
 * a photo runs across): a line cut at one piece's end stands whole in the next.
 */
const TALL_OVERLAP = 0.25;

/** How a picture is read: {@link TilePlan.tiles} in turn, and {@link TilePlan.fallback} instead when the whole reads as nothing or poorly. */
export interface TilePlan {
  tiles: Tile[];
  fallback?: Tile[];
}

/**
 * The pieces a picture is read in: the whole picture, or for a strip, pieces along its length of
 * at most {@link LARGE_SIDE} pixels. A tall strip (its lines run across; shrunk whole, they read as
 * nothing) is read in pieces, cut in empty rows between lines where there are any, else overlapping
 * by {@link TALL_OVERLAP}. A wide strip is read whole first: a banner's one line of large letters
 * reads shrunk (30 px letters of a 12000 × 300 banner read at 84%); when that reads as nothing or
 * poorly, in pieces (a screenshot of a wide table, its 26 px letters shrunk to 9). Its lines run
 * along it, so a word may stand anywhere: the pieces overlap by half, and every stretch of up to
 * half a piece's length stands whole in one of them.
 */
export function tilesOf(page: GreyPage): TilePlan {
  const { width, height } = page;
  const whole: Tile[] = [{ x: 0, y: 0, width, height }];
  const tall = height >= width;
  const long = tall ? height : width;
  const short = tall ? width : height;
  if (long <= LARGE_SIDE) return { tiles: whole };
  const length = Math.max(LARGE_SIDE, short);
  const gain = (tall ? chooseScale(width, length) : chooseScale(length, height)) / chooseScale(width, height);
  if (gain < TILE_GAIN) return { tiles: whole };
  if (!tall) return { tiles: whole, fallback: wideSpans(width, length).map(([from, to]) => ({ x: from, y: 0, width: to - from, height })) };
  const spans = tallSpans(page, length);
  return {
    tiles: spans.map(([from, to, gap], i) => {
      const top = i > 0 && spans[i - 1][2] ? PIECE_PAD : 0;
      const bottom = gap ? PIECE_PAD : 0;
      return { x: 0, y: from, width, height: to - from, ...(top || bottom ? { pad: { top, bottom } } : {}) };
    }),
  };
}

/** Pieces along a wide strip: `length` long, each starting half a piece after the last. */
function wideSpans(long: number, length: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  const step = Math.floor(length / 2);
  for (let from = 0; ; from += step) {
    const to = Math.min(long, from + length);
    out.push([from, to]);
    if (to >= long) return out;
  }
}

/**
 * Pieces down a tall strip, [from, to, ends in a gap]: each ends in the middle of the last run of
 * empty rows near its end, or the next overlaps it.
 */
function tallSpans(page: GreyPage, length: number): Array<[number, number, boolean]> {
  const flat = flatRows(page);
  const out: Array<[number, number, boolean]> = [];
  let from = 0;
  // A piece is at most `length` long with its pad of ground.
  const room = length - 2 * PIECE_PAD;
  while (from + length < page.height) {
    const end = from + room;
    const cut = gapIn(flat, Math.round(end - length * CUT_WINDOW), end);
    if (cut !== undefined) {
      out.push([from, cut, true]);
      from = cut;
    } else {
      out.push([from, end, false]);
      from = end - Math.round(length * TALL_OVERLAP);
    }
  }
  out.push([from, page.height, false]);
  return out;
}

/** Per row, whether its grey stays within {@link FLAT_RANGE}. */
function flatRows(page: GreyPage): Uint8Array {
  const { width, height, data } = page;
  const flat = new Uint8Array(height);
  for (let y = 0, i = 0; y < height; y++) {
    let lo = 255;
    let hi = 0;
    for (const end = i + width; i < end; i++) {
      const v = data[i];
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    flat[y] = hi - lo <= FLAT_RANGE ? 1 : 0;
  }
  return flat;
}

/** The middle of the last run of at least {@link MIN_GAP_ROWS} empty rows within [from, to), if any. */
function gapIn(flat: Uint8Array, from: number, to: number): number | undefined {
  let run = 0;
  for (let y = to - 1; y >= from; y--) {
    if (flat[y]) {
      run++;
      continue;
    }
    if (run >= MIN_GAP_ROWS) return y + 1 + (run >> 1);
    run = 0;
  }
  return run >= MIN_GAP_ROWS ? from + (run >> 1) : undefined;
}

/** Pixels from a piece's edge within which a box counts as cut by it. */
const EDGE = 3;

/**
 * Whether `box` (pixels of the picture) touches an edge of piece `t` of `tiles` that the piece
 * before or after it reaches over: what stands there cut stands whole in that piece (a wide strip's
 * pieces overlap by half, a tall strip's by {@link TALL_OVERLAP} where they overlap at all).
 */
export function cutByOverlap(tiles: readonly Tile[], t: number, box: Tile): boolean {
  const tile = tiles[t];
  const prev = tiles[t - 1];
  const next = tiles[t + 1];
  const across = tile.x > 0 || (next !== undefined && next.x > 0);
  const [start, end, from, to] = across ? [tile.x, tile.x + tile.width, box.x, box.x + box.width] : [tile.y, tile.y + tile.height, box.y, box.y + box.height];
  const prevEnd = prev ? (across ? prev.x + prev.width : prev.y + prev.height) : -1;
  const nextStart = next ? (across ? next.x : next.y) : Infinity;
  return (prevEnd > start && from <= start + EDGE) || (nextStart < end && to >= end - EDGE);
}

/**
 * The pixels of `tile` cut out of `page`, as a page of their own (transparency, red and darkest
 * channels cut alike), its {@link Tile.pad} rows of ground added: copies of its first and last row, which lie
 * in a run of empty rows. The piece's row `pad.top` is the tile's first.
 */
export function cutTile(page: GreyPage, tile: Tile): GreyPage {
  const height = tile.height + (tile.pad?.top ?? 0) + (tile.pad?.bottom ?? 0);
  const cut = (from: Buffer): Buffer => cropRows(from, page.width, tile);
  const red = page.red;
  const darkest = page.darkest;
  return {
    page: page.page,
    width: tile.width,
    height,
    data: cut(page.data),
    ...(page.alpha ? { alpha: cut(page.alpha) } : {}),
    ...(red ? { red: async () => cut(await red()) } : {}),
    ...(darkest ? { darkest: async () => cut(await darkest()) } : {}),
  };
}

/**
 * The pixels of `tile` in `from` (a grey picture `pageWidth` pixels wide), its {@link Tile.pad} rows
 * copied from its first and last row; the whole width of rows unpadded is the picture's own memory.
 */
export function cropRows(from: Buffer, pageWidth: number, tile: Tile): Buffer {
  const top = tile.pad?.top ?? 0;
  const height = tile.height + top + (tile.pad?.bottom ?? 0);
  if (tile.x === 0 && tile.width === pageWidth && height === tile.height) return from.subarray(tile.y * pageWidth, (tile.y + tile.height) * pageWidth);
  const out = Buffer.allocUnsafe(tile.width * height);
  for (let row = 0; row < height; row++) {
    const y = tile.y + Math.min(tile.height - 1, Math.max(0, row - top));
    from.copy(out, row * tile.width, y * pageWidth + tile.x, y * pageWidth + tile.x + tile.width);
  }
  return out;
}
