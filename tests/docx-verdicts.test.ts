/**
 * samples/docx through the real scanner without OCR: every label's verdict and findings. Pictures
 * are then unread, which the labels allow for (a picture alone never passes).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createScanner, type Scanner } from '@prepub/scanner';
import { expectLabel, type Label } from './labels.ts';


const DIR = resolve(import.meta.dirname, '../samples/docx');
const labels = JSON.parse(readFileSync(join(DIR, 'labels.json'), 'utf8')) as { files: Record<string, Label> };

let scanner: Scanner;
beforeAll(async () => {
  scanner = await createScanner({ ocr: false });
});
afterAll(() => scanner.close());

describe('samples/docx verdicts (no OCR)', () => {
  it.each(Object.entries(labels.files))('%s', async (file, label) => {
    const r = await scanner.scan(new Uint8Array(readFileSync(join(DIR, file))), { filename: file });
    expectLabel(file, r, label);
  });

  it('the zip bomb and the encrypted file say why they were not read', async () => {
    const bomb = await scanner.scan(new Uint8Array(readFileSync(join(DIR, 'zip-bomb.docx'))), { filename: 'zip-bomb.docx' });
    expect(bomb.coverage.unread.map((u) => u.reason)).toContain('limit');
    const enc = await scanner.scan(new Uint8Array(readFileSync(join(DIR, 'encrypted.docx'))), { filename: 'encrypted.docx' });
    // The scanner answers OLE containers itself; docxExtractor alone tells encrypted from legacy .doc.
    expect(enc.coverage.unread.length).toBeGreaterThan(0);
    expect(enc.verdict).toBe('review');
  });
});
