/**
 * Print OCR passed over because of its contrast: white on a black ground (read as 机密广5人年,
 * confidently, with nothing unread) and a marking printed faint at the top of a white page (never
 * counted as ink, so its silence passed). Pictures by fixtures/make-contrast-fixtures.ts, scanned
 * through the real scanner and tesseract; their unmarked twins keep passing with nothing unread.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createScanner, type Scanner } from '@prepub/scanner';
import type { ScanResult } from '@prepub/core';
import { prepare, type GreyPage } from '@prepub/ocr';

const fixture = (f: string) => new Uint8Array(readFileSync(join(import.meta.dirname, 'fixtures', f)));
const marking = (r: ScanResult) => r.findings.find((f) => f.ruleId === 'marking.cn-state-secret' && !f.suppressed);

describe('contrast (slow, real tesseract)', () => {
  let scanner: Scanner;
  beforeAll(async () => {
    scanner = await createScanner({ ocr: { workers: 1 }, limits: { pageTimeoutMs: 180_000 } });
  });
  afterAll(async () => {
    await scanner?.close();
  });
  const scan = (file: string) => scanner.scan(fixture(file), { filename: file });

  it('a mostly dark picture is read as its negative: white print on black is dark print on white to the recognizer', async () => {
    const data = Buffer.alloc(64 * 32, 16);
    for (let i = 0; i < 200; i++) data[600 + i] = 240;
    const page: GreyPage = { page: 1, width: 64, height: 32, data };
    const p = await prepare(page, 0);
    expect(p.inverted).toBe(true);
    const pixels = p.pgm.subarray(p.pgm.length - p.width * p.height);
    let sum = 0;
    for (const v of pixels) sum += v;
    expect(sum / pixels.length).toBeGreaterThan(128);
    // A light page is read as it is.
    expect((await prepare({ ...page, data: Buffer.alloc(64 * 32, 240) }, 0)).inverted).toBeUndefined();
  });

  it('white on black: marked-white-on-black.png blocks, located on the first line', async () => {
    const r = await scan('marked-white-on-black.png');
    expect(r.verdict).toBe('block');
    expect(marking(r)!.location.box!.y).toBeLessThan(900 * 0.2);
  }, 300_000);

  it('a marking printed faint at the top of a white page is read from its own region: marked-faint-top.png blocks', async () => {
    const r = await scan('marked-faint-top.png');
    expect(r.verdict).toBe('block');
    const f = marking(r)!;
    expect(f.location.part).toMatch(/:ink\d$/);
    expect(f.location.box!.y).toBeLessThan(900 * 0.2);
  }, 300_000);

  it('faint ink at the top that reads as no text is unread (faint text not read): faint-scribble-top.png is review', async () => {
    const r = await scan('faint-scribble-top.png');
    expect(r.verdict).toBe('review');
    expect(r.coverage.unread.find((u) => u.reason === 'ocr-empty')?.detail).toMatch(/^Faint ink near the top/);
  }, 300_000);

  for (const file of ['marked-white-on-yellow-band.png', 'marked-white-on-pale-yellow.png']) {
    it(`white letters on a light colour ground are read from the darkest channel: ${file} blocks, located on the ground`, async () => {
      const r = await scan(file);
      expect(r.verdict).toBe('block');
      const f = marking(r)!;
      expect(f.location.part).toMatch(/:ink\d+c$/);
      expect(f.location.box!.y).toBeLessThan(900 * 0.25);
    }, 300_000);
  }

  for (const file of ['plain-white-on-black.png', 'plain-grey-band-scan.jpg', 'plain-white-on-yellow-band.png']) {
    it(`an unmarked twin passes with nothing unread: ${file}`, async () => {
      const r = await scan(file);
      expect(r.coverage.unread).toEqual([]);
      expect(r.verdict).toBe('pass');
    }, 300_000);
  }
});
