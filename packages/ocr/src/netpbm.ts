/**
 * Pictures kept as text or as bare rasters, which image viewers show and sharp does not decode:
 * Netpbm (PBM, PGM, PPM in their plain ASCII forms P1–P3 and raw forms P4–P6, and PAM, P7; a file
 * may hold several pictures one after the other), X bitmaps (XBM, C source of bits) and X pixmaps
 * (XPM, C strings of pixels). Read as text, a plain PPM is lines of numbers and an XPM lines of
 * characters: whatever the picture shows would go unread. Each picture becomes an 8-bit raster of
 * 1 (grey), 2 (grey, alpha), 3 (RGB) or 4 (RGBA) channels. Hostile input: every size is checked
 * against the bytes present and the pixel limit before anything is allocated.
 */
import { afterProlog } from '@prepub/core';

/** One decoded raster, 8 bits a sample, row by row. */
export interface Raster {
  width: number;
  height: number;
  channels: 1 | 2 | 3 | 4;
  data: Buffer;
}

/** A picture of a file that holds several (a Netpbm file may), or why one could not be read. */
export type RasterOrError = { raster: Raster } | { error: string };

const isSpace = (c: number) => c === 0x20 || (c >= 0x09 && c <= 0x0d);
const isDigit = (c: number) => c >= 0x30 && c <= 0x39;

/** Whether the bytes begin a Netpbm picture: `P1`…`P7` followed by white space or a comment. */
export function isNetpbm(b: Uint8Array): boolean {
  return b.length > 3 && b[0] === 0x50 && b[1] >= 0x31 && b[1] <= 0x37 && (isSpace(b[2]) || b[2] === 0x23);
}

const head = (b: Uint8Array, n = 4096) => Buffer.from(b.buffer, b.byteOffset, Math.min(b.length, n)).toString('latin1');

/** Whether the bytes are an X bitmap: `#define …width N` (after comments), as C source. */
export function isXbm(b: Uint8Array): boolean {
  // (In one pass: /^\s*(\/\*[\s\S]*?\*\/\s*)*#define…/ backtracked exponentially on many comments.)
  return afterProlog(head(b, 1024), { open: '/*', close: '*/', pi: 'none' }, /#define\s+\S*width\s+\d+/y);
}

/** Whether the bytes are an X pixmap: `/* XPM *\/` (XPM 3) or `! XPM2`. */
export function isXpm(b: Uint8Array): boolean {
  return /^\s*(\/\*\s*XPM\s*\*\/|! XPM2\b)/.test(head(b, 256));
}

/**
 * The pictures of a Netpbm file, in order. A picture that cannot be read (cut short, damaged, over
 * `maxPixels`) is an error entry, and so are bytes after the last picture that are none.
 */
export function decodeNetpbm(b: Uint8Array, maxPixels: number): RasterOrError[] {
  const out: RasterOrError[] = [];
  let p = 0;
  let pixels = 0;
  for (let guard = 0; guard < 10_000; guard++) {
    while (p < b.length && isSpace(b[p])) p++;
    if (p >= b.length) break;
    if (!isNetpbm(b.subarray(p))) {
      out.push({ error: `${b.length - p} bytes after picture ${out.length} are no Netpbm picture` });
      break;
    }
    const r = onePicture(b, p, maxPixels - pixels);
    if ('error' in r) {
      out.push({ error: r.error });
      break;
    }
    out.push({ raster: r.raster });
    pixels += r.raster.width * r.raster.height;
    p = r.end;
  }
  if (out.length === 0) out.push({ error: 'the file holds no Netpbm picture' });
  return out;
}

function onePicture(b: Uint8Array, start: number, maxPixels: number): { raster: Raster; end: number } | { error: string } {
  const kind = b[start + 1] - 0x30;
  let p = start + 2;
  /** White space and comments, then a decimal number; -1 when there is none. */
  const int = (): number => {
    for (;;) {
      while (p < b.length && isSpace(b[p])) p++;
      if (b[p] !== 0x23) break;
      while (p < b.length && b[p] !== 0x0a && b[p] !== 0x0d) p++;
    }
    if (!isDigit(b[p])) return -1;
    let v = 0;
    while (p < b.length && isDigit(b[p]) && v < 1e9) v = v * 10 + b[p++] - 0x30;
    return v;
  };
  let width: number;
  let height: number;
  let depth: number;
  let maxval: number;
  if (kind === 7) {
    // PAM: lines of `KEY value` up to ENDHDR.
    const fields = new Map<string, string>();
    for (;;) {
      const nl = b.indexOf(0x0a, p);
      if (nl < 0 || nl - start > 65_536) return { error: 'the PAM header has no ENDHDR' };
      const line = head(b.subarray(p, nl), nl - p).trim();
      p = nl + 1;
      if (line === 'ENDHDR') break;
      if (!line || line.startsWith('#')) continue;
      const [key, ...rest] = line.split(/\s+/);
      fields.set(key, rest.join(' '));
    }
    width = Number(fields.get('WIDTH'));
    height = Number(fields.get('HEIGHT'));
    depth = Number(fields.get('DEPTH'));
    maxval = Number(fields.get('MAXVAL'));
    if (!(depth >= 1 && depth <= 4)) return { error: `the PAM picture has ${fields.get('DEPTH')} samples a pixel` };
  } else {
    width = int();
    height = int();
    maxval = kind === 1 || kind === 4 ? 1 : int();
    depth = kind === 3 || kind === 6 ? 3 : 1;
    // One white space character ends the header of the raw forms.
    if (kind >= 4) {
      if (!isSpace(b[p])) return { error: 'the Netpbm header is damaged' };
      p++;
    }
  }
  if (!(Number.isInteger(width) && Number.isInteger(height) && width > 0 && height > 0)) return { error: `the Netpbm picture has unusable dimensions ${width}x${height}` };
  if (width * height > maxPixels) return { error: `the Netpbm picture of ${width}x${height} pixels is over the pixel limit` };
  if (!(Number.isInteger(maxval) && maxval >= 1 && maxval <= 65_535)) return { error: `the Netpbm picture has an unusable maximum value ${maxval}` };
  const n = width * height;
  const samples = n * depth;
  // The bytes must hold the raster before it is allocated: a digit a sample of plain PBM, a digit
  // and a separator of plain PGM and PPM, the packed rows of raw PBM, one or two bytes a sample else.
  const needed = kind === 1 ? samples : kind <= 3 ? 2 * samples - 1 : kind === 4 ? Math.ceil(width / 8) * height : samples * (maxval > 255 ? 2 : 1);
  if (b.length - p < needed) return { error: `the Netpbm picture of ${width}x${height} pixels is cut short` };
  const data = Buffer.alloc(samples);
  // PBM: 1 is black. Other forms: maxval is white.
  const bit = kind === 1 || kind === 4;
  const scale = (v: number) => (bit ? (v ? 0 : 255) : Math.round((Math.min(v, maxval) * 255) / maxval));
  if (kind === 1) {
    // Plain PBM: one digit a pixel, white space optional between them.
    for (let i = 0; i < samples; i++) {
      for (;;) {
        while (p < b.length && isSpace(b[p])) p++;
        if (b[p] !== 0x23) break;
        while (p < b.length && b[p] !== 0x0a) p++;
      }
      if (b[p] !== 0x30 && b[p] !== 0x31) return { error: `the plain PBM picture is cut short at pixel ${i} of ${samples}` };
      data[i] = scale(b[p++] - 0x30);
    }
  } else if (kind === 2 || kind === 3) {
    for (let i = 0; i < samples; i++) {
      const v = int();
      if (v < 0) return { error: `the plain Netpbm picture is cut short at sample ${i} of ${samples}` };
      data[i] = scale(v);
    }
  } else if (kind === 4) {
    const row = Math.ceil(width / 8);
    if (p + row * height > b.length) return { error: 'the PBM picture is cut short' };
    for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) data[y * width + x] = scale((b[p + y * row + (x >> 3)] >> (7 - (x & 7))) & 1);
    p += row * height;
  } else {
    const size = maxval > 255 ? 2 : 1;
    if (p + samples * size > b.length) return { error: 'the Netpbm picture is cut short' };
    for (let i = 0; i < samples; i++) data[i] = scale(size === 2 ? (b[p + 2 * i] << 8) | b[p + 2 * i + 1] : b[p + i]);
    p += samples * size;
  }
  // PAM's depths: 2 is grey and alpha, 3 RGB, 4 RGBA.
  return { raster: { width, height, channels: depth as 1 | 2 | 3 | 4, data }, end: p };
}

/** An X bitmap (X11 `char` bytes or X10 `short` words, bits from the least significant, 1 black). */
export function decodeXbm(b: Uint8Array, maxPixels: number): Raster {
  const text = head(b, b.length);
  const width = Number(/#define\s+\S*width\s+(\d+)/.exec(text)?.[1]);
  const height = Number(/#define\s+\S*height\s+(\d+)/.exec(text)?.[1]);
  if (!(width > 0 && height > 0)) throw new Error('the X bitmap has no width and height');
  if (width * height > maxPixels) throw new Error(`the X bitmap of ${width}x${height} pixels is over the pixel limit`);
  const open = text.indexOf('{');
  if (open < 0) throw new Error('the X bitmap has no bits');
  const short = /\bshort\b/.test(text.slice(0, open));
  const bits = short ? 16 : 8;
  const row = Math.ceil(width / bits);
  const values: number[] = [];
  for (const m of text.slice(open).matchAll(/0[xX]([0-9a-fA-F]+)|(\d+)/g)) {
    values.push(m[1] !== undefined ? parseInt(m[1], 16) : Number(m[2]));
    if (values.length >= row * height) break;
  }
  if (values.length < row * height) throw new Error(`the X bitmap is cut short: ${values.length} of ${row * height} values`);
  const data = Buffer.alloc(width * height);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) data[y * width + x] = (values[y * row + Math.floor(x / bits)] >> (x % bits)) & 1 ? 0 : 255;
  return { width, height, channels: 1, data };
}

/** Colour names an XPM may use for its colours, as RGB; other names are not decoded. */
const X_COLOURS: Record<string, [number, number, number]> = {
  black: [0, 0, 0],
  white: [255, 255, 255],
  red: [255, 0, 0],
  green: [0, 255, 0],
  blue: [0, 0, 255],
  yellow: [255, 255, 0],
  cyan: [0, 255, 255],
  magenta: [255, 0, 255],
  gray: [190, 190, 190],
  grey: [190, 190, 190],
  dimgray: [105, 105, 105],
  dimgrey: [105, 105, 105],
  darkgray: [169, 169, 169],
  darkgrey: [169, 169, 169],
  lightgray: [211, 211, 211],
  lightgrey: [211, 211, 211],
  gainsboro: [220, 220, 220],
  whitesmoke: [245, 245, 245],
  silver: [192, 192, 192],
  darkred: [139, 0, 0],
  darkblue: [0, 0, 139],
  navy: [0, 0, 128],
  orange: [255, 165, 0],
};

function xColour(spec: string): [number, number, number, number] | undefined {
  const s = spec.trim().toLowerCase();
  if (s === 'none' || s === 'transparent') return [255, 255, 255, 0];
  const hex = /^#([0-9a-f]+)$/.exec(s);
  if (hex && hex[1].length % 3 === 0 && hex[1].length <= 12) {
    const k = hex[1].length / 3;
    const c = [0, 1, 2].map((i) => Math.round((parseInt(hex[1].slice(i * k, (i + 1) * k), 16) * 255) / (16 ** k - 1)));
    return [c[0], c[1], c[2], 255];
  }
  const grey = /^gr[ae]y(\d{1,3})$/.exec(s);
  if (grey && Number(grey[1]) <= 100) {
    const v = Math.round((Number(grey[1]) * 255) / 100);
    return [v, v, v, 255];
  }
  const named = X_COLOURS[s.replace(/\s+/g, '')];
  return named ? [...named, 255] : undefined;
}

/** An X pixmap (XPM 3 C strings, or XPM 2 lines). Throws when a colour or a row cannot be read. */
export function decodeXpm(b: Uint8Array, maxPixels: number): Raster {
  const text = head(b, b.length);
  let lines: string[];
  if (/^\s*! XPM2/.test(text)) lines = text.split(/\r?\n/).slice(1);
  else {
    // The C strings of the array, in order (comments between them skipped).
    const body = text.slice(text.indexOf('{') + 1).replace(/\/\*[\s\S]*?\*\//g, '');
    lines = [...body.matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((m) => m[1]);
  }
  const [width, height, ncolours, cpp] = (lines[0] ?? '').trim().split(/\s+/).map(Number);
  if (!(width > 0 && height > 0 && ncolours > 0 && cpp > 0 && cpp <= 8)) throw new Error('the X pixmap has no usable header');
  if (width * height > maxPixels) throw new Error(`the X pixmap of ${width}x${height} pixels is over the pixel limit`);
  if (lines.length < 1 + ncolours + height) throw new Error('the X pixmap is cut short');
  for (let y = 0; y < height; y++) if (lines[1 + ncolours + y].length < width * cpp) throw new Error(`the X pixmap's row ${y + 1} is cut short`);
  const table = new Map<string, [number, number, number, number]>();
  for (let k = 1; k <= ncolours; k++) {
    const line = lines[k];
    const key = line.slice(0, cpp);
    // Keys c (colour), g, g4 (grey), m (mono), s (symbolic name): the colour one first.
    const parts = line.slice(cpp).trim().split(/\s+/);
    let colour: [number, number, number, number] | undefined;
    for (const want of ['c', 'g', 'g4', 'm']) {
      const i = parts.indexOf(want);
      if (i >= 0 && i + 1 < parts.length) {
        // A colour name may hold spaces up to the next key.
        let j = i + 1;
        const words: string[] = [];
        while (j < parts.length && !['c', 'g', 'g4', 'm', 's'].includes(parts[j])) words.push(parts[j++]);
        colour = xColour(words.join(' '));
        if (colour) break;
      }
    }
    if (!colour) throw new Error(`the X pixmap's colour ${JSON.stringify(line.slice(cpp).trim().slice(0, 40))} is not one prepub decodes`);
    table.set(key, colour);
  }
  const data = Buffer.alloc(width * height * 4);
  for (let y = 0; y < height; y++) {
    const row = lines[1 + ncolours + y];
    for (let x = 0; x < width; x++) {
      const c = table.get(row.slice(x * cpp, (x + 1) * cpp));
      if (!c) throw new Error(`the X pixmap's row ${y + 1} holds a pixel of no colour of its table`);
      data.set(c, (y * width + x) * 4);
    }
  }
  return { width, height, channels: 4, data };
}
