/**
 * Pages and pictures for OCR are encoded by png.ts instead of the canvas's slower encoder: the file
 * must decode to the very pixels the canvas's own PNG decodes to, so OCR sees the same image.
 */
import { inflateSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createCanvas, loadImage } from '@napi-rs/canvas';
import { encodeOpaquePng } from '../src/png.ts';

/** Pixels of a PNG file as the canvas library decodes it. */
async function decode(png: Uint8Array): Promise<Uint8Array> {
  const img = await loadImage(Buffer.from(png));
  const c = createCanvas(img.width, img.height);
  c.getContext('2d').drawImage(img, 0, 0);
  return new Uint8Array(c.data());
}

const colour = fc.tuple(fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 255 }));
const rect = fc.record({ x: fc.integer({ min: -5, max: 60 }), y: fc.integer({ min: -5, max: 60 }), w: fc.integer({ min: 1, max: 40 }), h: fc.integer({ min: 1, max: 40 }), c: colour, a: fc.double({ min: 0.05, max: 1, noNaN: true }) });

function draw(width: number, height: number, rects: Array<{ x: number; y: number; w: number; h: number; c: [number, number, number]; a: number }>, background: string | null) {
  const canvas = createCanvas(width, height);
  const ctx = canvas.getContext('2d');
  if (background) {
    ctx.fillStyle = background;
    ctx.fillRect(0, 0, width, height);
  }
  for (const r of rects) {
    ctx.fillStyle = `rgba(${r.c[0]},${r.c[1]},${r.c[2]},${r.a})`;
    ctx.fillRect(r.x, r.y, r.w, r.h);
  }
  ctx.fillStyle = '#000';
  ctx.font = '12px sans-serif';
  ctx.fillText('机密★5年 Ag', 2, Math.min(height - 2, 14));
  return canvas;
}

describe('encodeOpaquePng', () => {
  it('decodes to the pixels of the canvas and of its own PNG, on white like a rendered page', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 70 }), fc.integer({ min: 1, max: 70 }), fc.array(rect, { maxLength: 6 }), async (w, h, rects) => {
        const canvas = draw(w, h, rects, '#ffffff');
        const ours = await encodeOpaquePng(canvas);
        expect(ours).toBeDefined();
        const theirs = await decode(await canvas.encode('png'));
        const got = await decode(ours!);
        expect(Buffer.from(got).equals(Buffer.from(theirs))).toBe(true);
        expect(Buffer.from(got).equals(Buffer.from(canvas.data()))).toBe(true);
      }),
      { numRuns: 40 },
    );
  });

  it('writes unfiltered rows that inflate to the canvas buffer', async () => {
    const canvas = draw(9, 4, [{ x: 1, y: 1, w: 3, h: 2, c: [10, 200, 30], a: 1 }], '#ffffff');
    const png = (await encodeOpaquePng(canvas))!;
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const idat = png.indexOf('IDAT', 0, 'latin1');
    const raw = inflateSync(png.subarray(idat + 4, idat + 4 + png.readUInt32BE(idat - 4)));
    expect(raw.length).toBe(4 * (1 + 9 * 4));
    for (let y = 0; y < 4; y++) {
      expect(raw[y * 37]).toBe(0);
      expect(raw.subarray(y * 37 + 1, (y + 1) * 37).equals(canvas.data().subarray(y * 36, (y + 1) * 36))).toBe(true);
    }
  });

  it('leaves a canvas with transparent pixels to the canvas encoder', async () => {
    expect(await encodeOpaquePng(draw(20, 10, [], null))).toBeUndefined();
    expect(await encodeOpaquePng(draw(20, 10, [{ x: 0, y: 0, w: 20, h: 10, c: [255, 0, 0], a: 0.5 }], null))).toBeUndefined();
  });
});
