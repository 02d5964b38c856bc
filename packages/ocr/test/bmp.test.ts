/**
 * Bitmaps as viewers show them (red-team round on pictures): bmp-js read the palette right after
 * the first 40 bytes of the header and the pixels right after the palette, whatever the header's
 * size and the file's pixel offset say, so a bitmap with a V4 or V5 header (what ImageMagick and
 * GIMP write) came out with wrong colours and shifted rows (the top lines, where a marking stands,
 * lost), and it refused OS/2 bitmaps: a marking a viewer shows went unread or was read as garbage.
 * (On the run-length encoded V5 bitmap of the last test, bmp-js did not return at all.) Each bitmap is written here, byte by byte, from a small known picture, and must
 * decode to that picture's pixels; then a run-length encoded bitmap of the marked notice is
 * scanned (slow, real tesseract).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createScanner, type Scanner } from '@prepub/scanner';
import { openImage, type GreyPage } from '@prepub/ocr';
import { decodeBmp } from '../src/bmp.ts';

/** A 6 × 3 picture of palette indices 0 (white) and 1 (black): a bar in the top row, a dot below. */
const W = 6;
const H = 3;
const INDEX = [
  [1, 1, 1, 1, 0, 0],
  [0, 0, 0, 0, 0, 1],
  [0, 0, 0, 0, 0, 0],
];
const GREY = Buffer.from(INDEX.flat().map((k) => (k ? 0 : 255)));

const le16 = (n: number) => [n & 0xff, (n >> 8) & 0xff];
const le32 = (n: number) => [n & 0xff, (n >> 8) & 0xff, (n >> 16) & 0xff, (n >>> 24) & 0xff];

/** A bitmap: file header, a 40-byte info header (or a 12-byte core header), palette, pixels. */
function bitmap(o: { bpp: number; compression?: number; pixels: number[]; palette?: number[][]; core?: boolean; v5?: boolean; topDown?: boolean; masks?: number[]; width?: number; height?: number }): Uint8Array {
  const width = o.width ?? W;
  const height = o.height ?? H;
  const pal = (o.palette ?? []).flatMap(([r, g, b]) => (o.core ? [b, g, r] : [b, g, r, 0]));
  const header = o.core
    ? [...le32(12), ...le16(width), ...le16(height), ...le16(1), ...le16(o.bpp)]
    : [...le32(o.v5 ? 124 : 40), ...le32(width), ...le32(o.topDown ? -height : height), ...le16(1), ...le16(o.bpp), ...le32(o.compression ?? 0), ...le32(o.pixels.length), ...le32(2835), ...le32(2835), ...le32(o.palette?.length ?? 0), ...le32(0)];
  // A BITMAPV5HEADER (what ImageMagick and GIMP write): no masks, the sRGB colour space, zeros.
  if (o.v5) header.push(...new Array(16).fill(0), ...[0x73, 0x52, 0x47, 0x42], ...new Array(64).fill(0));
  const masks = (o.masks ?? []).flatMap(le32);
  const dataAt = 14 + header.length + masks.length + pal.length;
  return new Uint8Array([0x42, 0x4d, ...le32(dataAt + o.pixels.length), 0, 0, 0, 0, ...le32(dataAt), ...header, ...masks, ...pal, ...o.pixels]);
}

/** Rows of the picture bottom-up (or top-down), each padded to 4 bytes, `pixel` giving a row's bytes. */
function rows(pixel: (row: number[]) => number[], topDown = false): number[] {
  const order = topDown ? INDEX : [...INDEX].reverse();
  return order.flatMap((r) => {
    const bytes = pixel(r);
    return [...bytes, ...new Array((4 - (bytes.length % 4)) % 4).fill(0)];
  });
}

const BW = [
  [255, 255, 255],
  [0, 0, 0],
];

/** Packs palette indices of `bpp` bits, most significant first. */
const packed = (bpp: number) => (r: number[]) => {
  const out = new Array(Math.ceil((r.length * bpp) / 8)).fill(0);
  r.forEach((k, x) => (out[(x * bpp) >> 3] |= k << (8 - bpp - ((x * bpp) & 7))));
  return out;
};

async function grey(b: Uint8Array): Promise<Buffer> {
  return (await (await openImage(b)).decode(0)).data;
}

describe('bitmap decoding', () => {
  it('decodes 1, 4, 8, 24 and 32 bits a pixel, top-down rows, bit fields and the OS/2 core header to the picture', async () => {
    expect(await grey(bitmap({ bpp: 1, palette: BW, pixels: rows(packed(1)) }))).toEqual(GREY);
    expect(await grey(bitmap({ bpp: 4, palette: BW, pixels: rows(packed(4)) }))).toEqual(GREY);
    expect(await grey(bitmap({ bpp: 8, palette: BW, pixels: rows((r) => r) }))).toEqual(GREY);
    expect(await grey(bitmap({ bpp: 8, palette: BW, pixels: rows((r) => r, true), topDown: true }))).toEqual(GREY);
    expect(await grey(bitmap({ bpp: 24, pixels: rows((r) => r.flatMap((k) => (k ? [0, 0, 0] : [255, 255, 255]))) }))).toEqual(GREY);
    expect(await grey(bitmap({ bpp: 32, pixels: rows((r) => r.flatMap((k) => (k ? [0, 0, 0, 0] : [255, 255, 255, 0]))) }))).toEqual(GREY);
    // 16 bits, 5-6-5 bit fields.
    expect(await grey(bitmap({ bpp: 16, compression: 3, masks: [0xf800, 0x07e0, 0x001f], pixels: rows((r) => r.flatMap((k) => (k ? [0, 0] : [0xff, 0xff]))) }))).toEqual(GREY);
    expect(await grey(bitmap({ bpp: 1, core: true, palette: BW, pixels: rows(packed(1)) }))).toEqual(GREY);
    // A V5 header: the palette after its 124 bytes, the pixels where the file header says.
    expect(await grey(bitmap({ bpp: 8, v5: true, palette: BW, pixels: rows((r) => r) }))).toEqual(GREY);
    expect(await grey(bitmap({ bpp: 24, v5: true, pixels: rows((r) => r.flatMap((k) => (k ? [0, 0, 0] : [255, 255, 255]))) }))).toEqual(GREY);
  });

  it('decodes RLE8 and RLE4: encoded and absolute runs, end of line, delta, end of bitmap', async () => {
    // Bottom row first: row 2 (white) as a run; row 1 as an absolute run of 6; row 0 as runs.
    const rle8 = [6, 0, 0, 0, 0, 6, 0, 0, 0, 0, 0, 1, 0, 0, 4, 1, 2, 0, 0, 1];
    expect(await grey(bitmap({ bpp: 8, compression: 1, palette: BW, pixels: rle8 }))).toEqual(GREY);
    // RLE4: nibbles alternate within a run; absolute runs are padded to 16 bits.
    const rle4 = [6, 0x00, 0, 0, 0, 6, 0x00, 0x00, 0x01, 0, 0, 0, 4, 0x11, 2, 0x00, 0, 1];
    expect(await grey(bitmap({ bpp: 4, compression: 2, palette: BW, pixels: rle4 }))).toEqual(GREY);
    // A delta skips pixels: they are transparent, shown on white paper.
    const skipped = [0, 2, 0, 2, 4, 1, 0, 1];
    const page = await (await openImage(bitmap({ bpp: 8, compression: 1, palette: BW, pixels: skipped }))).decode(0);
    expect(page.data).toEqual(Buffer.from([0, 0, 0, 0, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255]));
  });

  it('hands a JPEG or PNG stream back, and refuses what it cannot read with a reason', () => {
    const png = Buffer.from('89504e470d0a1a0a', 'hex');
    expect(decodeBmp(bitmap({ bpp: 0, compression: 5, pixels: [...png] }), 1e6)).toEqual({ stream: new Uint8Array(png) });
    expect(() => decodeBmp(bitmap({ bpp: 8, palette: BW, pixels: [1, 2, 3] }), 1e6)).toThrow(/cut short/);
    expect(() => decodeBmp(bitmap({ bpp: 8, compression: 1, palette: BW, pixels: [6, 0] }), 1e6)).toThrow(/cut short/);
    expect(() => decodeBmp(bitmap({ bpp: 8, palette: BW, pixels: [], width: 100_000, height: 100_000 }), 1e6)).toThrow(/dimensions/);
  });
});

/**
 * RLE8 of a grey page (palette of 256 greys), bottom row first, as ImageMagick writes it: runs of
 * one grey, and the greys between them as absolute runs (padded to 16 bits).
 */
function rle8Bitmap(p: GreyPage): Uint8Array {
  const out: number[] = [];
  const runAt = (r: Uint8Array, x: number) => {
    let n = 1;
    while (x + n < r.length && n < 255 && r[x + n] === r[x]) n++;
    return n;
  };
  for (let y = p.height - 1; y >= 0; y--) {
    const r = p.data.subarray(y * p.width, (y + 1) * p.width);
    for (let x = 0; x < r.length; ) {
      const n = runAt(r, x);
      if (n >= 3) {
        out.push(n, r[x]);
        x += n;
        continue;
      }
      let end = x;
      while (end < r.length && end - x < 255 && runAt(r, end) < 3) end++;
      if (end - x >= 3) {
        out.push(0, end - x, ...r.subarray(x, end), ...((end - x) & 1 ? [0] : []));
        x = end;
      } else {
        out.push(n, r[x]);
        x += n;
      }
    }
    out.push(0, 0);
  }
  out.push(0, 1);
  const palette = Array.from({ length: 256 }, (_, k) => [k, k, k]);
  return bitmap({ bpp: 8, compression: 1, palette, pixels: out, width: p.width, height: p.height, v5: true });
}

describe('a run-length encoded bitmap (slow, real tesseract)', () => {
  let scanner: Scanner;
  beforeAll(async () => {
    scanner = await createScanner({ ocr: { workers: 1 }, limits: { pageTimeoutMs: 180_000 } });
  });
  afterAll(async () => {
    await scanner?.close();
  });

  it('the marked notice as an RLE8 bitmap with a V5 header (as ImageMagick writes it) blocks', async () => {
    const img = await openImage(new Uint8Array(readFileSync(join(import.meta.dirname, 'fixtures', 'frames-marked-2.gif'))));
    const p = await img.decode(1);
    const notice: GreyPage = { page: 1, width: p.width, height: 300, data: p.data.subarray(80 * p.width, 380 * p.width) };
    const b = rle8Bitmap(notice);
    expect(await grey(b)).toEqual(notice.data);
    const r = await scanner.scan(b, { filename: 'memo.bmp' });
    expect(r.verdict).toBe('block');
  }, 300_000);
});
