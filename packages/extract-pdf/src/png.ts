/**
 * PNG encoding of rendered pages and pictures for OCR. @napi-rs/canvas's `encode('png')` compresses
 * hard (adaptive row filters, zlib's default level): for a 300 dpi page it cost more than twice
 * the rendering (~430 ms against ~180 ms). OCR decodes the file once, so size matters little: rows
 * go unfiltered through zlib level 3 (~5× faster, files ~10-50% larger). The chunks are the ones
 * the canvas writes (8-bit RGBA, sBIT, sRGB), so a decoder gets the very same pixels. Pages are
 * drawn on white, so every pixel is opaque; a canvas with any other alpha is left to the canvas's
 * own encoder, since its pixel buffer may hold premultiplied colours.
 */
import { promisify } from 'node:util';
import { deflate } from 'node:zlib';
import { crc32 } from '@prepub/core';

const deflateAsync = promisify(deflate);

/** What is needed of a canvas: its size and its pixels as 8-bit RGBA rows (`@napi-rs/canvas`'s `data()`). */
export interface RgbaCanvas {
  width: number;
  height: number;
  data(): Uint8Array;
}

const SIGNATURE = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function chunk(type: string, body: Uint8Array): Buffer {
  const out = Buffer.allocUnsafe(12 + body.length);
  out.writeUInt32BE(body.length, 0);
  out.write(type, 4, 'latin1');
  out.set(body, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + body.length)), 8 + body.length);
  return out;
}

/**
 * The canvas as a PNG file: 8-bit RGBA, unfiltered rows, zlib level 3 (compressed off the main
 * thread); undefined when a pixel is not opaque or the buffer is not `width × height` RGBA.
 */
export async function encodeOpaquePng(canvas: RgbaCanvas): Promise<Buffer | undefined> {
  const { width, height } = canvas;
  const pixels = canvas.data();
  const stride = width * 4;
  if (width <= 0 || height <= 0 || pixels.length !== stride * height) return undefined;
  for (let i = 3; i < pixels.length; i += 4) if (pixels[i] !== 255) return undefined;
  // Each row is its filter byte (0, none) and the row as is.
  const rows = Buffer.alloc(height * (stride + 1));
  for (let y = 0; y < height; y++) rows.set(pixels.subarray(y * stride, (y + 1) * stride), y * (stride + 1) + 1);
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bits per sample
  header[9] = 6; // RGBA
  return Buffer.concat([
    SIGNATURE,
    chunk('IHDR', header),
    chunk('sBIT', Uint8Array.of(8, 8, 8, 8)),
    chunk('sRGB', Uint8Array.of(0)),
    chunk('IDAT', await deflateAsync(rows, { level: 3 })),
    chunk('IEND', new Uint8Array(0)),
  ]);
}
