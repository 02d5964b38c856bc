/**
 * samples/xlsx, samples/pptx and samples/zip through the real scanner without OCR (pictures are then unread,
 * which their labels allow for: a picture alone never passes), and the committed files are exactly
 * what their generator writes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createScanner, type Scanner } from '@prepub/scanner';
import { expectLabel, type Label } from './labels.ts';
import { labelsJson, pptxSamples, xlsxSamples, zipSamples, type Corpus } from '../packages/ooxml/test/make-samples.ts';

const SAMPLES = resolve(import.meta.dirname, '../samples');

let scanner: Scanner;
beforeAll(async () => {
  scanner = await createScanner({ ocr: false });
});
afterAll(() => scanner.close());

describe.each([['xlsx', xlsxSamples()], ['pptx', pptxSamples()], ['zip', zipSamples()]] as Array<[string, Corpus]>)('samples/%s', (dir, generated) => {
  const labels = JSON.parse(readFileSync(join(SAMPLES, dir, 'labels.json'), 'utf8')) as { files: Record<string, Label> };

  it('the committed files are what samples/scripts/make-office-samples.ts writes', () => {
    expect(readFileSync(join(SAMPLES, dir, 'labels.json'), 'utf8')).toBe(labelsJson(generated));
    expect(readdirSync(join(SAMPLES, dir)).filter((f) => f !== 'labels.json').sort()).toEqual([...generated.files.keys()].sort());
    for (const [name, bytes] of generated.files) expect(Buffer.compare(readFileSync(join(SAMPLES, dir, name)), Buffer.from(bytes)), name).toBe(0);
  });

  it.each(Object.entries(labels.files))('%s', async (file, label) => {
    const r = await scanner.scan(new Uint8Array(readFileSync(join(SAMPLES, dir, file))), { filename: file });
    // Without OCR a picture's marking is not seen: the picture is unread instead, so review.
    if (label.findings?.some((f) => f.role === 'ocr')) {
      expect(r.verdict).toBe('review');
      expect(r.coverage.unread.map((u) => u.reason)).toContain('ocr-unavailable');
      return;
    }
    expectLabel(file, r, label);
    if (label.verdict === 'review') expect(r.coverage.complete).toBe(false);
  });
});
