/**
 * Text drawn as vector outlines on a PDF page that has a text layer: the 机密★5年 line of a notice
 * outlined (one filled path per glyph, 黑体) while the body is text. Nothing of it is in the text
 * layer; the area is rendered and OCR'd like a picture, or reported unread when OCR is off. A page
 * of ordinary vector graphics (a ruled table, an emblem, legend squares, an underline) gains nothing.
 * A stamp annotation whose appearance is the marking as outlines (a vector stamp) is read the same way.
 * Samples: samples/scripts/make-pdf-outline-samples.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createScanner, type Scanner } from '@prepub/scanner';

const DIR = resolve(import.meta.dirname, '../samples/pdf');
const read = (f: string) => new Uint8Array(readFileSync(join(DIR, f)));
/** Where the outlined marking stands on the page (pt, from the top left). */
const MARKING = { x: 79, y: 112, width: 72, height: 16 };

describe('text drawn as outlines on a PDF page with text (OCR, slow)', () => {
  let scanner: Scanner;
  beforeAll(async () => {
    scanner = await createScanner({ ocr: { workers: 1 } });
  });
  afterAll(() => scanner.close());

  it('hollow letters (the marking\'s outlines stroked, not filled) are OCR\'d where they stand: never pass', async () => {
    const r = await scanner.scan(read('hollow-marking-notice.pdf'), { filename: 'hollow-marking-notice.pdf' });
    expect(r.verdict).not.toBe('pass');
    const f = r.findings.find((x) => x.ruleId === 'marking.cn-state-secret' && x.severity !== 'info')!;
    expect(f.location).toMatchObject({ role: 'ocr', page: 1 });
    expect(f.location.box!.y).toBeGreaterThan(MARKING.y - 8);
    expect(f.location.box!.y).toBeLessThan(MARKING.y + MARKING.height);
  });

  it('single-stroke lettering (a drawing\'s SHX text in its title block) is OCR\'d: never pass', async () => {
    const r = await scanner.scan(read('stroked-marking-drawing.pdf'), { filename: 'stroked-marking-drawing.pdf' });
    expect(r.verdict).not.toBe('pass');
    expect(r.coverage.images.ocred).toBeGreaterThan(0);
    expect(r.coverage.parts.some((p) => p.role === 'ocr')).toBe(true);
  });

  it('passes a drawing\'s geometry beside a text-layer title block: dimensions, hatching, bolt circles', async () => {
    const r = await scanner.scan(read('benign-drawing-geometry.pdf'), { filename: 'benign-drawing-geometry.pdf' });
    expect(r.verdict).toBe('pass');
    expect(r.coverage.unread).toEqual([]);
    expect(r.coverage.images.total).toBe(0);
  });

  it('blocks the outlined marking line, located on the page where it is drawn', async () => {
    const r = await scanner.scan(read('outlined-marking-header.pdf'), { filename: 'outlined-marking-header.pdf' });
    expect(r.verdict).toBe('block');
    expect(r.coverage.images).toEqual({ total: 1, ocred: 1 });
    const f = r.findings.find((x) => x.ruleId === 'marking.cn-state-secret' && x.severity === 'block')!;
    expect(f.location).toMatchObject({ role: 'ocr', page: 1 });
    const box = f.location.box!;
    expect(box.unit).toBe('pt');
    expect(box.x).toBeGreaterThan(MARKING.x - 8);
    expect(box.x + box.width).toBeLessThan(MARKING.x + MARKING.width + 8);
    expect(box.y).toBeGreaterThan(MARKING.y - 8);
    expect(box.y + box.height).toBeLessThan(MARKING.y + MARKING.height + 8);
  });
});

describe('text drawn as outlines, OCR off', () => {
  let scanner: Scanner;
  beforeAll(async () => {
    scanner = await createScanner({ ocr: false });
  });
  afterAll(() => scanner.close());

  it('reports the outlined area as unread, with its box: never pass', async () => {
    const r = await scanner.scan(read('outlined-marking-header.pdf'), { filename: 'outlined-marking-header.pdf' });
    expect(r.verdict).toBe('review');
    const u = r.coverage.unread.find((x) => /vector outlines/.test(x.detail))!;
    expect(u.reason).toBe('ocr-unavailable');
    const box = u.origin!.box!;
    expect(box.x).toBeLessThanOrEqual(MARKING.x);
    expect(box.x + box.width).toBeGreaterThanOrEqual(MARKING.x + MARKING.width);
    expect(box.y).toBeLessThan(MARKING.y);
    expect(box.y + box.height).toBeGreaterThan(MARKING.y);
  });

  it('reports a stamp annotation drawn as outlined glyphs (a vector stamp) as unread, with the stamp\'s box', async () => {
    const r = await scanner.scan(read('stamp-annotation-outlined-marking.pdf'), { filename: 'stamp-annotation-outlined-marking.pdf' });
    expect(r.verdict).toBe('review');
    const u = r.coverage.unread.find((x) => /vector outlines/.test(x.detail))!;
    expect(u.reason).toBe('ocr-unavailable');
    // The stamp's rectangle: x 60-164, 34-62 pt from the top.
    const box = u.origin!.box!;
    expect(box.x).toBeGreaterThan(50);
    expect(box.x + box.width).toBeLessThan(170);
    expect(box.y).toBeGreaterThan(28);
    expect(box.y + box.height).toBeLessThan(68);
  });

  it('reports stroked lettering as unread, with its box: the title block\'s 密级 entry drawn in single strokes', async () => {
    const r = await scanner.scan(read('stroked-marking-drawing.pdf'), { filename: 'stroked-marking-drawing.pdf' });
    expect(r.verdict).toBe('review');
    const u = r.coverage.unread.find((x) => /vector outlines/.test(x.detail))!;
    expect(u.reason).toBe('ocr-unavailable');
    // The entry cell: x 602-822, 86-108 pt from the bottom of a 595 pt page.
    const box = u.origin!.box!;
    expect(box.x).toBeGreaterThan(600);
    expect(box.x + box.width).toBeLessThan(700);
    expect(box.y).toBeGreaterThan(595 - 110);
    expect(box.y + box.height).toBeLessThan(595 - 84);
  });

  it('passes a page of text with a ruled table, an emblem, legend squares and an underline: nothing unread', async () => {
    const r = await scanner.scan(read('benign-ruled-table.pdf'), { filename: 'benign-ruled-table.pdf' });
    expect(r.verdict).toBe('pass');
    expect(r.coverage.unread).toEqual([]);
    expect(r.coverage.images.total).toBe(0);
  });
});
