import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createWorker, OEM } from 'tesseract.js';
import type { ImageRef, OcrOutcome } from '@prepub/core';
import { createOcrEngine, prepareLangPath, PoolError, WorkerPool, type PrepubOcrEngine } from '@prepub/ocr';

const samples = fileURLToPath(new URL('../../../samples/images/', import.meta.url));
const image = (file: string, extra: Partial<ImageRef> = {}): ImageRef => ({
  id: file,
  bytes: new Uint8Array(readFileSync(samples + file)),
  mediaType: 'application/octet-stream', // deliberately wrong: bytes decide
  origin: { filePart: file },
  ...extra,
});

describe('OCR (slow, real tesseract)', () => {
  let engine: PrepubOcrEngine;
  const out: Record<string, OcrOutcome> = {};
  const files = ['notice-marked-300dpi.png', 'notice-marked-rot180.png', 'notice-marked-rot90.png', 'report-2pages.tif', 'blank-page.jpg'];

  beforeAll(async () => {
    engine = createOcrEngine({ workers: 2 });
    // One shared engine, images in parallel across its two workers.
    await Promise.all(files.map(async (f) => (out[f] = await engine.recognize(image(f)))));
  }, 180_000);
  afterAll(() => engine?.close());

  it('reads the marking of the clean notice in its first lines, boxed near the top left', () => {
    const { parts, unread } = out['notice-marked-300dpi.png'];
    expect(parts).toHaveLength(1);
    const part = parts[0];
    expect(part.id).toBe('ocr:notice-marked-300dpi.png');
    expect(part.role).toBe('ocr');
    expect(part.origin.filePart).toBe('notice-marked-300dpi.png');
    const firstLines = part.text.split('\n').slice(0, 3).join('\n');
    expect(firstLines).toMatch(/机密.?5年/);
    const i = part.text.indexOf('机密');
    const line = part.blocks!.find((b) => b.start <= i && i < b.end)!;
    expect(line.kind).toBe('ocr-line');
    // Rendered at x=330 px, y≈490 px on a 2481 x 3507 page.
    expect(line.box!.unit).toBe('px');
    expect(line.box!.x).toBeLessThan(400);
    expect(line.box!.y).toBeLessThan(600);
    expect(line.pageTop).toBeLessThan(0.2);
    expect(line.confidence).toBeGreaterThan(0);
    const word = line.words!.find((w) => part.text.slice(w.start, w.end).includes('机'))!;
    expect(word.box.x).toBeGreaterThanOrEqual(line.box!.x - 1);
    expect(part.confidence).toBeGreaterThan(60);
    expect(unread.every((u) => u.reason === 'ocr-low-confidence')).toBe(true);
  });

  it('word boxes index the text exactly: no whitespace inside a word, no space between Chinese characters', () => {
    for (const f of files) {
      for (const part of out[f].parts) {
        expect(part.text).not.toMatch(/[\u4e00-\u9fff] +[\u4e00-\u9fff]/);
        for (const b of part.blocks ?? []) {
          expect(part.text.slice(b.start, b.end)).not.toContain('\n');
          for (const w of b.words ?? []) {
            const slice = part.text.slice(w.start, w.end);
            expect(slice.length).toBeGreaterThan(0);
            expect(slice).not.toMatch(/\s/);
          }
        }
      }
    }
  });

  it('reads pages scanned upside down and sideways, with boxes on the original image', () => {
    for (const f of ['notice-marked-rot180.png', 'notice-marked-rot90.png']) {
      const part = out[f].parts[0];
      expect(part.text, f).toContain('发展和改革委员会');
      expect(part.text.split('\n').slice(0, 3).join(''), f).toMatch(/机密.?5年/);
      const first = part.blocks![0];
      // In reading order the marking is at the top, whatever the scan's rotation.
      expect(first.pageTop).toBeLessThan(0.2);
    }
    // Sideways (turned 90° clockwise): the top of the page is the right edge of the image.
    const rot90 = out['notice-marked-rot90.png'].parts[0].blocks![0].box!;
    expect(rot90.x).toBeGreaterThan(3507 * 0.75);
    expect(rot90.height).toBeGreaterThan(rot90.width);
    // Upside down: the top of the page is the bottom of the image.
    const rot180 = out['notice-marked-rot180.png'].parts[0].blocks![0].box!;
    expect(rot180.y).toBeGreaterThan(3507 * 0.75);
  });

  it('gives one part per TIFF page with its page number; the marking is on page 2', () => {
    const { parts } = out['report-2pages.tif'];
    expect(parts.map((p) => p.id)).toEqual(['ocr:report-2pages.tif:p1', 'ocr:report-2pages.tif:p2']);
    expect(parts.map((p) => p.origin.page)).toEqual([1, 2]);
    expect(parts[0].text).toContain('安全生产检查');
    expect(parts[1].text.split('\n')[0]).toMatch(/机密.?10年/);
    expect(parts[1].blocks![0].page).toBe(2);
  });

  it('a blank page gives an empty part and nothing unread', () => {
    const { parts, unread } = out['blank-page.jpg'];
    expect(parts).toHaveLength(1);
    expect(parts[0].text).toBe('');
    expect(unread).toEqual([]);
  });

  it('a corrupt or foreign file is unread with a reason, never a throw', async () => {
    const png = readFileSync(samples + 'screenshot-small.png');
    const r1 = await engine.recognize({ id: 'broken.png', bytes: new Uint8Array(png.subarray(0, 400)), mediaType: 'image/png', origin: {} });
    expect(r1.parts).toEqual([]);
    expect(r1.unread).toHaveLength(1);
    expect(r1.unread[0]).toMatchObject({ where: 'broken.png', reason: 'ocr-failed' });
    expect(r1.unread[0].detail).toMatch(/PNG/);
    const r2 = await engine.recognize({ id: 'x.jpg', bytes: new TextEncoder().encode('机密★5年'), mediaType: 'image/jpeg', origin: {} });
    expect(r2.unread[0].reason).toBe('ocr-failed');
  });

  it('a page over its time budget is unread (timeout) and the pool recovers for the next image', async () => {
    const before = engine.workersStarted;
    const slow = await engine.recognize(image('notice-marked-300dpi.png'), { timeoutMs: 150 });
    expect(slow.parts).toEqual([]);
    expect(slow.unread).toHaveLength(1);
    expect(slow.unread[0].reason).toBe('timeout');
    // Two images at once use both slots, so the terminated worker must have been replaced.
    const [next, other] = await Promise.all([engine.recognize(image('memo-marked.bmp')), engine.recognize(image('notice-marked.gif'))]);
    expect(other.parts[0].text).toMatch(/秘密.?3年/);
    expect(next.unread.filter((u) => u.reason !== 'ocr-low-confidence')).toEqual([]);
    expect(next.parts[0].text).toMatch(/秘密.?6个月/);
    expect(engine.workersStarted).toBeGreaterThan(before);
  });

  it('converts boxes to PDF points for a rendered page', async () => {
    const r = await engine.recognize(image('screenshot-small.png', { pointsPerPixel: 0.75, origin: { page: 3 } }));
    const part = r.parts[0];
    expect(part.origin.page).toBe(3);
    expect(part.origin.box).toEqual({ x: 0, y: 0, width: 518 * 0.75, height: 230 * 0.75, unit: 'pt' });
    expect(part.text).toMatch(/机密.?2年/);
    for (const b of part.blocks!) {
      expect(b.box!.unit).toBe('pt');
      expect(b.box!.x + b.box!.width).toBeLessThanOrEqual(518 * 0.75 + 0.01);
      expect(b.page).toBe(3);
    }
  });
});

describe('OCR worker pool (slow, real tesseract)', () => {
  it('a crashed worker fails its job as ocr-failed and the next job gets a fresh worker', async () => {
    const langPath = prepareLangPath(['eng']);
    const pool = new WorkerPool(1, () => createWorker('eng', OEM.LSTM_ONLY, { langPath, gzip: true, cacheMethod: 'none', errorHandler: () => undefined }), 60_000);
    try {
      const crash = pool.run(async (w) => {
        // Kill the thread under the running job, as an out-of-memory abort would.
        await (w as unknown as { worker: { terminate(): Promise<number> } }).worker.terminate();
        return new Promise<never>(() => undefined);
      }, 30_000);
      await expect(crash).rejects.toSatisfy((e: unknown) => e instanceof PoolError && e.reason === 'ocr-failed');
      const png = readFileSync(samples + 'screenshot-small.png');
      const r = await pool.run((w) => w.recognize(png), 30_000);
      expect(typeof r.data.text).toBe('string');
      expect(pool.started).toBe(2);
    } finally {
      await pool.close();
    }
  });
});
