/**
 * Long pictures: a long screenshot (1080 × 7000), a wide register (7000 × 900) and a banner
 * (12000 × 300). Read whole at a page's size their letters shrank to 5–9 px and read as nothing
 * (review at best, never the marking's block); they are read in pieces of a page's size
 * (tiles.ts). Pictures by fixtures/make-strip-fixtures.ts, scanned through the real scanner and
 * tesseract; the cutting itself is checked on made-up pages.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createScanner, type Scanner } from '@prepub/scanner';
import type { ScanResult } from '@prepub/core';
import type { GreyPage } from '@prepub/ocr';
import { cutByOverlap, tilesOf, type Tile } from '../src/tiles.ts';
import { LARGE_SIDE } from '../src/preprocess.ts';

const fixture = (f: string) => new Uint8Array(readFileSync(join(import.meta.dirname, 'fixtures', f)));
const marking = (r: ScanResult) => r.findings.find((f) => f.ruleId === 'marking.cn-state-secret' && !f.suppressed);

/** A white page `width` wide with dark lines `lineHeight` tall starting at each of `tops`. */
function page(width: number, height: number, tops: number[], lineHeight: number): GreyPage {
  const data = Buffer.alloc(width * height, 255);
  for (const top of tops) for (let y = top; y < Math.min(height, top + lineHeight); y++) for (let x = 10; x < width - 10; x += 3) data[y * width + x] = 20;
  return { page: 1, width, height, data };
}

/** Rows [from, to) of a tall strip's pieces, in order. */
const rows = (tiles: Tile[]) => tiles.map((t) => [t.y, t.y + t.height] as const);

describe('tilesOf: where a long picture is cut', () => {
  it('reads a page and a phone screenshot whole', () => {
    expect(tilesOf(page(1240, 1754, [100], 30))).toEqual({ tiles: [{ x: 0, y: 0, width: 1240, height: 1754 }] });
    // Read whole, a 1080 × 3600 screenshot keeps its 34 px letters at ~24 px.
    expect(tilesOf(page(1080, 3600, [100], 30)).tiles).toHaveLength(1);
    expect(tilesOf(page(5000, 7000, [100], 30)).tiles).toHaveLength(1);
  });

  it('cuts a tall strip in the gaps between its lines: every row in one piece, no line cut, no piece longer than a page', () => {
    fc.assert(
      fc.property(fc.integer({ min: 600, max: 1600 }), fc.integer({ min: 5200, max: 20000 }), fc.integer({ min: 16, max: 60 }), fc.integer({ min: 4, max: 40 }), (width, height, lineHeight, gap) => {
        const tops: number[] = [];
        for (let y = 50; y < height; y += lineHeight + gap) tops.push(y);
        const plan = tilesOf(page(width, height, tops, lineHeight));
        expect(plan.fallback).toBeUndefined();
        const spans = rows(plan.tiles);
        expect(spans[0][0]).toBe(0);
        expect(spans.at(-1)![1]).toBe(height);
        for (const [i, [from, to]] of spans.entries()) {
          expect(to - from).toBeLessThanOrEqual(Math.max(LARGE_SIDE, width));
          if (i > 0) expect(from).toBe(spans[i - 1][1]);
          // A cut falls in a gap: no line's rows on both sides of it.
          if (i > 0) expect(tops.some((top) => top < from && from < top + lineHeight)).toBe(false);
        }
      }),
      { numRuns: 40 },
    );
  });

  it('lets the pieces of a tall strip overlap by a quarter where no gap runs across (a photo, a grey ground)', () => {
    const p = page(1080, 8000, [0], 8000);
    const spans = rows(tilesOf(p).tiles);
    expect(spans.length).toBeGreaterThan(3);
    for (let i = 1; i < spans.length; i++) expect(spans[i - 1][1] - spans[i][0]).toBe(Math.round(LARGE_SIDE * 0.25));
    expect(spans.at(-1)![1]).toBe(8000);
  });

  it('reads a wide strip whole first, then in pieces overlapping by half: any stretch of half a piece stands whole in one', () => {
    fc.assert(
      fc.property(fc.integer({ min: 5200, max: 30000 }), fc.integer({ min: 40, max: 1600 }), fc.integer({ min: 0, max: 1_000_000 }), (width, height, seed) => {
        const plan = tilesOf({ page: 1, width, height, data: Buffer.alloc(width * height, 255) });
        expect(plan.tiles).toEqual([{ x: 0, y: 0, width, height }]);
        const pieces = plan.fallback!;
        expect(pieces[0].x).toBe(0);
        expect(pieces.at(-1)!.x + pieces.at(-1)!.width).toBe(width);
        const half = Math.floor(LARGE_SIDE / 2);
        const from = seed % (width - half);
        expect(pieces.some((t) => t.x <= from && from + half <= t.x + t.width)).toBe(true);
        for (const t of pieces) expect(t.width).toBeLessThanOrEqual(LARGE_SIDE);
      }),
      { numRuns: 60 },
    );
  });

  it('counts a line at an edge another piece reaches over as cut (it stands whole there), not one at an edge cut in a gap', () => {
    const wide = tilesOf({ page: 1, width: 7000, height: 900, data: Buffer.alloc(7000 * 900, 255) }).fallback!;
    const second = wide[1];
    expect(cutByOverlap(wide, 1, { x: second.x, y: 100, width: 40, height: 26 })).toBe(true);
    expect(cutByOverlap(wide, 1, { x: second.x + second.width - 40, y: 100, width: 40, height: 26 })).toBe(true);
    expect(cutByOverlap(wide, 1, { x: second.x + 600, y: 100, width: 40, height: 26 })).toBe(false);
    // The first piece's left edge is the picture's.
    expect(cutByOverlap(wide, 0, { x: 0, y: 100, width: 40, height: 26 })).toBe(false);
    const tops = Array.from({ length: 200 }, (_, i) => 50 + i * 60);
    const tall = tilesOf(page(1080, 12100, tops, 34)).tiles;
    expect(tall.length).toBeGreaterThan(1);
    expect(cutByOverlap(tall, 1, { x: 60, y: tall[1].y, width: 500, height: 34 })).toBe(false);
  });
});

describe('long pictures (slow, real tesseract)', () => {
  let scanner: Scanner;
  beforeAll(async () => {
    scanner = await createScanner({ ocr: { workers: 2 }, limits: { pageTimeoutMs: 180_000 } });
  });
  afterAll(async () => {
    await scanner?.close();
  });
  const scan = (file: string) => scanner.scan(fixture(file), { filename: file });

  it('a long screenshot with 机密★5年 4,400 px down blocks, located in its piece and on the picture', async () => {
    const r = await scan('strip-long-marked.png');
    expect(r.verdict).toBe('block');
    const f = marking(r)!;
    expect(f.location.part).toMatch(/^ocr:image:t[2-9]$/);
    expect(f.location.detail).toMatch(/piece \d of \d of a long picture/);
    // Its baseline stands at 4,420 px (make-strip-fixtures.ts), its letters 34 px tall.
    expect(f.location.box!.y).toBeGreaterThan(4370);
    expect(f.location.box!.y).toBeLessThan(4420);
  }, 300_000);

  it('its unmarked twin passes with nothing unread (the gaps between close lines are no ink of their own)', async () => {
    const r = await scan('strip-long-plain.png');
    expect(r.coverage.unread).toEqual([]);
    expect(r.verdict).toBe('pass');
  }, 300_000);

  it('a wide register marked 密级：机密 blocks; read whole its 26 px letters were specks', async () => {
    const r = await scan('strip-wide-marked.png');
    expect(r.verdict).toBe('block');
    expect(marking(r)!.location.part).toBe('ocr:image:t1');
  }, 300_000);

  it('its unmarked twin does not block, and its pieces read as text: few lines left unread', async () => {
    const r = await scan('strip-wide-plain.png');
    expect(r.verdict).not.toBe('block');
    expect(r.findings.filter((f) => !f.suppressed && f.severity === 'block')).toEqual([]);
    // Measured: 3 lines read under 60% (two of them tesseract's columns of cells read downwards);
    // 11 when the pieces are read in the automatic layout only, more with the stumps at their
    // overlapping edges counted.
    expect(r.coverage.unread.length).toBeLessThanOrEqual(5);
  }, 300_000);

  it('a banner with 机密 alone at its far end blocks: its one line, read as nothing in the automatic layout, reads as one block of text', async () => {
    const r = await scan('strip-banner-marked.png');
    expect(r.verdict).toBe('block');
    expect(marking(r)!.location.box!.x).toBeGreaterThan(11000);
  }, 300_000);

  it('its unmarked twin passes with nothing unread', async () => {
    const r = await scan('strip-banner-plain.png');
    expect(r.coverage.unread).toEqual([]);
    expect(r.verdict).toBe('pass');
  }, 300_000);
});
