/**
 * Pictures on PDF pages that have a text layer are read too: a photo of a marked notice pasted
 * into an article is cut out, OCR'd, and the finding is placed on the page inside the picture.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createScanner, type Scanner } from '@prepub/scanner';

const DIR = resolve(import.meta.dirname, '../samples/pdf');
const read = (f: string) => new Uint8Array(readFileSync(join(DIR, f)));

describe('pictures on PDF pages with text (OCR, slow)', () => {
  let scanner: Scanner;
  beforeAll(async () => {
    scanner = await createScanner({ ocr: { workers: 1 } });
  });
  afterAll(() => scanner.close());

  it('blocks a marking that is only in a pasted photo, located on the page inside the picture', async () => {
    const r = await scanner.scan(read('text-page-with-marked-scan.pdf'), { filename: 'text-page-with-marked-scan.pdf' });
    expect(r.verdict).toBe('block');
    expect(r.coverage.images).toEqual({ total: 1, ocred: 1 });
    const f = r.findings.find((x) => x.ruleId === 'marking.cn-state-secret' && x.severity === 'block')!;
    expect(f.location).toMatchObject({ role: 'ocr', page: 1 });
    const picture = r.coverage.parts.find((p) => p.id === f.location.part)!.origin.box!;
    const box = f.location.box!;
    expect(box.unit).toBe('pt');
    expect(box.x).toBeGreaterThanOrEqual(picture.x - 1);
    expect(box.y).toBeGreaterThanOrEqual(picture.y - 1);
    expect(box.x + box.width).toBeLessThanOrEqual(picture.x + picture.width + 1);
    expect(box.y + box.height).toBeLessThanOrEqual(picture.y + picture.height + 1);
  });

  it('reads a picture drawn by a stamp annotation (not by the page): the marking in it blocks', async () => {
    const r = await scanner.scan(read('stamp-annotation-marked-picture.pdf'), { filename: 'stamp-annotation-marked-picture.pdf' });
    expect(r.verdict).toBe('block');
    expect(r.coverage.images).toEqual({ total: 1, ocred: 1 });
    expect(r.findings.find((x) => x.ruleId === 'marking.cn-state-secret' && x.severity === 'block')?.location).toMatchObject({ role: 'ocr', page: 1 });
  });

  it('blocks 机密 in a picture of 37 × 21 px at the top left (under the 64-pixel floor that once skipped it as an icon)', async () => {
    const r = await scanner.scan(read('text-page-with-small-marked-picture.pdf'), { filename: 'text-page-with-small-marked-picture.pdf' });
    expect(r.verdict).toBe('block');
    expect(r.coverage.images).toEqual({ total: 1, ocred: 1 });
    expect(r.findings.find((x) => x.ruleId === 'marking.cn-state-secret' && x.severity === 'block')?.location).toMatchObject({ role: 'ocr', page: 1 });
  });

  it('skips icon-sized pictures (16 × 16 px icons, a bullet, a 1-pixel rule): the page passes, nothing unread', async () => {
    const r = await scanner.scan(read('text-page-with-small-icons.pdf'), { filename: 'text-page-with-small-icons.pdf' });
    expect(r.verdict).toBe('pass');
    expect(r.coverage.images).toEqual({ total: 0, ocred: 0 });
    expect(r.coverage.unread).toEqual([]);
    expect(r.document.info?.picturesSkipped).toBe(5);
  });

  it('passes the same page when its picture carries no text', async () => {
    const r = await scanner.scan(read('text-page-with-photo.pdf'), { filename: 'text-page-with-photo.pdf' });
    expect(r.verdict).toBe('pass');
    expect(r.coverage.images.ocred).toBe(1);
  });
});

describe('pictures on PDF pages with text, OCR off', () => {
  it('reports a stamp annotation picture as unread too', async () => {
    const scanner = await createScanner({ ocr: false });
    const r = await scanner.scan(read('stamp-annotation-marked-picture.pdf'), { filename: 'stamp-annotation-marked-picture.pdf' });
    await scanner.close();
    expect(r.verdict).toBe('review');
    expect(r.coverage.unread.map((u) => u.reason)).toContain('ocr-unavailable');
  });

  it('reports a small picture that can carry two characters as unread', async () => {
    const scanner = await createScanner({ ocr: false });
    const r = await scanner.scan(read('text-page-with-small-marked-picture.pdf'), { filename: 'text-page-with-small-marked-picture.pdf' });
    await scanner.close();
    expect(r.verdict).toBe('review');
    expect(r.coverage.unread.map((u) => u.reason)).toContain('ocr-unavailable');
  });

  it('reports the picture as unread: never pass', async () => {
    const scanner = await createScanner({ ocr: false });
    const r = await scanner.scan(read('text-page-with-photo.pdf'), { filename: 'text-page-with-photo.pdf' });
    expect(r.verdict).toBe('review');
    expect(r.coverage.unread.map((u) => u.reason)).toContain('ocr-unavailable');
  });
});
