/**
 * SVG drawings handed to OCR (lines of lettering drawn as outlines, cut out by @prepub/extractors):
 * rasterised at the size the drawing gives, from its bytes alone; boxes come back in the drawing's
 * units (tests/svg-outlines.test.ts locates a marking so); a drawing that cannot be rendered is a decode failure (unread), never an empty reading.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOcrEngine, isSvgDrawing, openImage, type PrepubOcrEngine } from '@prepub/ocr';

const enc = (s: string) => new TextEncoder().encode(s);
/** A 4-unit black bar on white, in a drawing `w` × `h` units drawn at `pw` × `ph` px. */
const bar = (pw: number, ph: number) =>
  enc(`<?xml version="1.0"?>\n<!-- a comment -->\n<svg xmlns="http://www.w3.org/2000/svg" width="${pw}" height="${ph}" viewBox="0 0 100 50"><rect width="100" height="50" fill="#fff"/><rect x="10" y="20" width="80" height="4" fill="#000"/></svg>`);

describe('SVG drawings for OCR', () => {
  it('tells an SVG document by its first element, after a prolog', () => {
    expect(isSvgDrawing(bar(200, 100))).toBe(true);
    expect(isSvgDrawing(enc('<!DOCTYPE svg [<!ENTITY ns "http://www.w3.org/2000/svg">]>\n<svg xmlns="&ns;"/>'))).toBe(true);
    expect(isSvgDrawing(enc('<html><body><svg></svg></body></html>'))).toBe(false);
    expect(isSvgDrawing(enc('\u0089PNG'))).toBe(false);
  });

  it('rasterises at the size the drawing gives, its units per pixel kept', async () => {
    const img = await openImage(bar(400, 200));
    expect(img.format).toBe('svg');
    const page = await img.decode(0);
    expect([page.width, page.height]).toEqual([400, 200]);
    expect(img.unitsPerPixel).toBeCloseTo(1, 5);
    // The bar is drawn where the viewBox puts it: rows 80-96 of 200 are dark.
    const row = (y: number) => page.data[y * page.width + 200];
    expect(row(88)).toBeLessThan(64);
    expect(row(40)).toBeGreaterThan(192);
  });

  it('a drawing that cannot be rendered is a decode error', async () => {
    await expect(openImage(enc('<svg xmlns="http://www.w3.org/2000/svg" width="100" height="50"><rect width="10" height="10"></svg>'))).rejects.toThrow(/SVG drawing could not be rendered/);
  });

  describe('through the engine (real tesseract)', () => {
    let engine: PrepubOcrEngine;
    beforeAll(() => {
      engine = createOcrEngine({ workers: 1 });
    });
    afterAll(() => engine?.close());

    it('a broken drawing is unread (ocr-failed), not read as blank', async () => {
      const out = await engine.recognize({ id: 'd', bytes: enc('<svg xmlns="http://www.w3.org/2000/svg" width="300" height="80"><path d="M0 0L10 10"></svg>'), mediaType: 'image/svg+xml', origin: {} });
      expect(out.parts).toEqual([]);
      expect(out.unread.map((u) => u.reason)).toEqual(['ocr-failed']);
    });
  });
});
