/**
 * A page whose text layer lost content (a content stream that does not parse, glyphs without
 * Unicode) is rendered and OCR'd, and stays unread even when OCR reads words on it: OCR of a
 * rendered page is not known to be the whole page (small print, a faint stamp, a word in a picture
 * the recognizer skipped), so the loss is not cleared and the page is never `pass` (docs/coverage.md).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScanner, type Scanner } from '@prepub/scanner';
import { buildPdf, onePage, pdfString, stream } from './raw-pdf.ts';

let scanner: Scanner;
beforeAll(async () => {
  scanner = await createScanner({ ocr: true });
});
afterAll(async () => {
  await scanner.close();
});

describe('a page with text loss that OCR read', () => {
  it('stays review: OCR ran and found the words, the failed stream is still unread', { timeout: 180_000 }, async () => {
    // Benign minutes in 28 pt, then tokens that are no PDF operators: the stream does not parse.
    const lines = ['The committee met on 4 May', 'to review the supply schedule.'];
    let content = 'BT /F1 28 Tf 34 TL 60 700 Td\n';
    for (const l of lines) content += `${pdfString(l)} Tj T*\n`;
    content += 'ET\n\x01\x9f garbage \xff{x} Qz 12 kk';
    const r = await scanner.scan(buildPdf(onePage(stream('', content))), { filename: 'minutes.pdf' });
    expect(r.coverage.images.ocred).toBeGreaterThanOrEqual(1);
    const ocrText = r.coverage.parts.filter((p) => p.role === 'ocr');
    expect(ocrText.reduce((n, p) => n + p.chars, 0)).toBeGreaterThan(20);
    expect(r.coverage.unread.some((u) => u.reason === 'text-loss' && /failed-stream/.test(u.detail))).toBe(true);
    expect(r.coverage.complete).toBe(false);
    expect(r.verdict).toBe('review');
  });
});
