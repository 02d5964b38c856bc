/**
 * samples/ofd through the real scanner without OCR (a scanned page is then unread, which its label
 * allows for), and the committed files are exactly what samples/scripts/make-ofd-samples.ts writes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createScanner, type Scanner } from '@prepub/scanner';
import { expectLabel, type Label } from '../../../tests/labels.ts';
import { labelsJson, ofdSamples } from './make-samples.ts';

const DIR = resolve(import.meta.dirname, '../../../samples/ofd');
const generated = ofdSamples();
const labels = JSON.parse(readFileSync(join(DIR, 'labels.json'), 'utf8')) as { files: Record<string, Label> };

let scanner: Scanner;
beforeAll(async () => {
  scanner = await createScanner({ ocr: false });
});
afterAll(() => scanner.close());

describe('samples/ofd', () => {
  it('the committed files are what samples/scripts/make-ofd-samples.ts writes', () => {
    expect(readFileSync(join(DIR, 'labels.json'), 'utf8')).toBe(labelsJson(generated));
    expect(readdirSync(DIR).filter((f) => f !== 'labels.json').sort()).toEqual([...generated.files.keys()].sort());
    for (const [name, bytes] of generated.files) expect(Buffer.compare(readFileSync(join(DIR, name)), Buffer.from(bytes)), name).toBe(0);
  });

  it('is sniffed as OFD by its bytes, whatever the file is called', async () => {
    const r = await scanner.scan(new Uint8Array(readFileSync(join(DIR, 'notice-redhead-jimi.ofd'))), { filename: 'upload.bin' });
    expect(r.document).toMatchObject({ format: 'ofd', mediaType: 'application/ofd' });
    expect(r.verdict).toBe('block');
    const f = r.findings.find((x) => x.ruleId === 'marking.cn-state-secret')!;
    expect(f.location).toMatchObject({ role: 'body', page: 1, line: 2, filePart: 'Doc_0/Pages/Page_0/Content.xml', blockKind: 'line' });
    expect(f.location.box?.unit).toBe('pt');
  });

  it.each(Object.entries(labels.files))('%s', async (file, label) => {
    const r = await scanner.scan(new Uint8Array(readFileSync(join(DIR, file))), { filename: file });
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
