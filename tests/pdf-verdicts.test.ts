/**
 * Every labelled PDF sample through the real scanner with OCR off: the verdict must be one the
 * label accepts and each expected finding must be present where the label says. With OCR off,
 * pages that exist only as pictures are unread, which must make the verdict `review`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createScanner, type Scanner } from '@prepub/scanner';
import { expectLabel, type Label } from './labels.ts';


const DIR = resolve(import.meta.dirname, '../samples/pdf');
const labels = JSON.parse(readFileSync(join(DIR, 'labels.json'), 'utf8')) as { files: Record<string, Label> };

let scanner: Scanner;
beforeAll(async () => {
  scanner = await createScanner({ ocr: false });
});
afterAll(() => scanner.close());

describe('samples/pdf verdicts (OCR off)', () => {
  it.each(Object.entries(labels.files))('%s', async (file, label) => {
    const r = await scanner.scan(new Uint8Array(readFileSync(join(DIR, file))), { filename: file });
    // With OCR off a picture's marking is unread (review) and has no finding to locate.
    expectLabel(file, r, label, 'at-label-verdict');
  });

  it('reports the pictures of an image-only PDF as unread when OCR is off', async () => {
    const r = await scanner.scan(new Uint8Array(readFileSync(join(DIR, 'image-only-2pages.pdf'))), { filename: 'image-only-2pages.pdf' });
    expect(r.verdict).toBe('review');
    expect(r.coverage.complete).toBe(false);
    expect(r.coverage.images.total).toBe(2);
  });

  it('reads a user-password PDF when given the password', async () => {
    const r = await scanner.scan(new Uint8Array(readFileSync(join(DIR, 'user-password.pdf'))), { filename: 'user-password.pdf', password: 'user-2024' });
    expect(r.verdict).toBe('block');
    expect(r.findings.some((f) => f.ruleId.startsWith('marking.cn-state-secret') && f.location.page === 1)).toBe(true);
  });
});
