/**
 * End to end: every labelled sample in samples/ through the real scanner (real OCR, real
 * nodejieba, real pdf.js and mammoth), checking the verdict and that each expected finding is
 * there at the expected location. The corpus is the product's accuracy contract.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createScanner, type Scanner } from '@prepub/scanner';
import { expectLabel, type Label } from './labels.ts';

/** A label, plus `knownMiss`: a documented detection miss, run as an expected failure that turns red once fixed. */
type SampleLabel = Label & { knownMiss?: string };

const SAMPLES = resolve(import.meta.dirname, '../samples');
const folders = readdirSync(SAMPLES, { withFileTypes: true })
  .filter((d) => d.isDirectory() && existsSync(join(SAMPLES, d.name, 'labels.json')))
  .map((d) => d.name);

let scanner: Scanner;
beforeAll(async () => {
  scanner = await createScanner({ ocr: { workers: 2 } });
});
afterAll(() => scanner.close());

describe.each(folders)('samples/%s', (folder) => {
  const labels = JSON.parse(readFileSync(join(SAMPLES, folder, 'labels.json'), 'utf8')) as { files: Record<string, SampleLabel> };
  const entries = Object.entries(labels.files);
  const known = entries.filter(([, l]) => l.knownMiss);
  if (known.length) it.fails.each(known)('%s (known miss — see its label)', (file, label) => check(folder, file, label));
  it.each(entries.filter(([, l]) => !l.knownMiss))('%s', (file, label) => check(folder, file, label));
});

async function check(folder: string, file: string, label: SampleLabel): Promise<void> {
  const r = await scanner.scan(readFileSync(join(SAMPLES, folder, file)), { filename: file });
  expectLabel(file, r, label, 'at-label-verdict');
}
