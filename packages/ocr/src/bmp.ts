/**
 * Windows and OS/2 bitmaps (BMP, DIB), which sharp does not decode. bmp-js, used before, misread
 * run-length encoded pictures (RLE8 rows shifted: the top lines, where a marking stands, fell off
 * the picture) and 1-bit ones (rows wrapped into each other), so a marking a viewer shows was not
 * read. Read here: the core header (OS/2 1.x, 12 bytes) and the info headers (40 to 124 bytes),
 * 1, 2, 4, 8, 16, 24 and 32 bits a pixel, palettes, bit fields (with alpha), RLE8 and RLE4 (pixels a
 * run skips are transparent, as browsers show them), bottom-up and top-down rows, and the JPEG or
 * PNG a bitmap may hold as its pixels (handed back to be decoded as such). Anything else, and a
 * picture whose pixels are cut short, throws: it is reported unread.
 */
import type { Raster } from './netpbm.ts';

/** A bitmap whose pixels are a JPEG or PNG stream (compression BI_JPEG, BI_PNG). */
export interface EmbeddedStream {
  stream: Uint8Array;
}

/** The bitmap's pixels as RGBA, or the JPEG or PNG stream it holds. Throws a reason when it cannot be read. */
export function decodeBmp(b: Uint8Array, maxPixels: number): Raster | EmbeddedStream {
  if (b.length < 26 || b[0] !== 0x42 || b[1] !== 0x4d) throw new Error('the file is no bitmap');
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const u16 = (o: number) => (o + 2 <= b.length ? v.getUint16(o, true) : 0);
  const u32 = (o: number) => (o + 4 <= b.length ? v.getUint32(o, true) : 0);
  const i32 = (o: number) => (o + 4 <= b.length ? v.getInt32(o, true) : 0);
  const dataAt = u32(10);
  const headerSize = u32(14);
  const core = headerSize === 12;
  if (!core && (headerSize < 16 || headerSize > 124)) throw new Error(`the bitmap header of ${headerSize} bytes is none prepub reads`);
  const width = core ? u16(18) : i32(18);
  const rawHeight = core ? u16(20) : i32(22);
  const bpp = core ? u16(24) : u16(28);
  const compression = core || headerSize < 20 ? 0 : u32(30);
  const topDown = rawHeight < 0;
  const height = Math.abs(rawHeight);
  if (!(width > 0 && height > 0) || width * height > maxPixels) throw new Error(`the bitmap has unusable dimensions ${width}x${height}`);
  if (compression === 4 || compression === 5) {
    const size = u32(34) || b.length - dataAt;
    return { stream: b.subarray(dataAt, Math.min(b.length, dataAt + size)) };
  }
  // OS/2 2.x headers (64 bytes) give compressions 3 and 4 other meanings (Huffman, RLE24).
  const os2 = headerSize === 64 || headerSize === 16;
  if (!(compression === 0 || compression === 1 || compression === 2 || ((compression === 3 || compression === 6) && !os2))) throw new Error(`the bitmap's compression ${compression} is none prepub reads`);
  if (![1, 2, 4, 8, 16, 24, 32].includes(bpp)) throw new Error(`the bitmap has ${bpp} bits a pixel`);
  if ((compression === 1 && bpp !== 8) || (compression === 2 && bpp !== 4)) throw new Error(`the bitmap's run-length encoding does not fit its ${bpp} bits a pixel`);
  // Bit-field masks: in the header from 52 bytes on, else after a 40-byte header.
  let masks: number[] | undefined;
  if (compression === 3 || compression === 6) {
    const at = headerSize >= 52 ? 54 : 14 + headerSize;
    masks = [u32(at), u32(at + 4), u32(at + 8), headerSize >= 56 || compression === 6 ? u32(at + 12) : 0];
  } else if (bpp === 16) masks = [0x7c00, 0x03e0, 0x001f, 0];
  else if (bpp === 32) masks = [0xff0000, 0xff00, 0xff, 0];
  if (bpp === 32 && compression === 0 && headerSize >= 56 && u32(66)) masks = [0xff0000, 0xff00, 0xff, u32(66)];
  // The palette follows the header (and the masks a 40-byte header is followed by).
  const entry = core ? 3 : 4;
  const paletteAt = 14 + headerSize + (headerSize === 40 && compression === 3 ? 12 : headerSize === 40 && compression === 6 ? 16 : 0);
  const colours = bpp <= 8 ? Math.min(1 << bpp, (!core && u32(46)) || 1 << bpp) : 0;
  const palette: number[][] = [];
  for (let k = 0; k < colours; k++) {
    const p = paletteAt + k * entry;
    palette.push(p + 3 <= b.length ? [b[p + 2], b[p + 1], b[p]] : [0, 0, 0]);
  }
  const out = Buffer.alloc(width * height * 4);
  const row = (y: number) => (topDown ? y : height - 1 - y);
  const put = (x: number, y: number, rgb: number[], a = 255) => {
    const o = (row(y) * width + x) * 4;
    out[o] = rgb[0];
    out[o + 1] = rgb[1];
    out[o + 2] = rgb[2];
    out[o + 3] = a;
  };
  const colour = (k: number) => palette[k] ?? [0, 0, 0];
  if (compression === 1 || compression === 2) {
    // Runs, bottom row first; pixels no run reaches stay transparent.
    let x = 0;
    let y = 0;
    let p = dataAt;
    const rle4 = compression === 2;
    const pixel = (k: number) => {
      if (x < width && y < height) put(x, y, colour(k));
      x++;
    };
    for (;;) {
      if (p + 2 > b.length) throw new Error('the run-length encoded bitmap is cut short');
      const n = b[p];
      const c = b[p + 1];
      p += 2;
      if (n > 0) {
        for (let k = 0; k < n; k++) pixel(rle4 ? (k & 1 ? c & 15 : c >> 4) : c);
      } else if (c === 0) {
        x = 0;
        y++;
      } else if (c === 1) break;
      else if (c === 2) {
        if (p + 2 > b.length) throw new Error('the run-length encoded bitmap is cut short');
        x += b[p];
        y += b[p + 1];
        p += 2;
      } else {
        // An absolute run of c pixels, padded to 16 bits.
        const bytes = rle4 ? Math.ceil(c / 2) : c;
        if (p + bytes > b.length) throw new Error('the run-length encoded bitmap is cut short');
        for (let k = 0; k < c; k++) pixel(rle4 ? (k & 1 ? b[p + (k >> 1)] & 15 : b[p + (k >> 1)] >> 4) : b[p + k]);
        p += bytes + (bytes & 1);
      }
      if (y >= height) break;
    }
    return { width, height, channels: 4, data: out };
  }
  const stride = Math.ceil((width * bpp) / 32) * 4;
  if (dataAt + stride * (height - 1) + Math.ceil((width * bpp) / 8) > b.length) throw new Error('the bitmap is cut short');
  const field = (value: number, mask: number) => {
    if (!mask) return 0;
    let shift = 0;
    while (!((mask >>> shift) & 1)) shift++;
    const max = mask >>> shift;
    return Math.round((((value & mask) >>> shift) * 255) / max);
  };
  const alphaUsed = masks !== undefined && masks[3] !== 0;
  for (let y = 0; y < height; y++) {
    const line = dataAt + y * stride;
    for (let x = 0; x < width; x++) {
      if (bpp <= 8) {
        const bit = x * bpp;
        const byte = b[line + (bit >> 3)];
        put(x, y, colour((byte >> (8 - bpp - (bit & 7))) & ((1 << bpp) - 1)));
      } else if (bpp === 24) {
        const o = line + x * 3;
        put(x, y, [b[o + 2], b[o + 1], b[o]]);
      } else {
        const o = line + x * (bpp / 8);
        const value = bpp === 16 ? b[o] | (b[o + 1] << 8) : (b[o] | (b[o + 1] << 8) | (b[o + 2] << 16) | (b[o + 3] << 24)) >>> 0;
        const m = masks!;
        put(x, y, [field(value, m[0]), field(value, m[1]), field(value, m[2])], alphaUsed ? field(value, m[3]) : 255);
      }
    }
  }
  // A bitmap whose alpha is zero everywhere did not mean it (writers fill the byte with zeros).
  if (alphaUsed) {
    let any = false;
    for (let i = 3; i < out.length && !any; i += 4) any = out[i] !== 0;
    if (!any) for (let i = 3; i < out.length; i += 4) out[i] = 255;
  }
  return { width, height, channels: 4, data: out };
}
