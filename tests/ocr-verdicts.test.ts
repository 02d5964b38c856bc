import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createScanner, type Scanner } from '@prepub/scanner';
import { expectLabel, type Label } from './labels.ts';

const dir = fileURLToPath(new URL('../samples/images/', import.meta.url));
const labels = (JSON.parse(readFileSync(dir + 'labels.json', 'utf8')) as { files: Record<string, Label> }).files;

// A handful of labelled pictures end to end, OCR on: a marked notice, a marking on TIFF page 2,
// a published regulation full of 机密/秘密 in running text, a blank page, a phone's HEIC photo and an AVIF.
const FILES = ['notice-marked-300dpi.png', 'report-2pages.tif', 'benign-regulation.png', 'blank-page.jpg', 'notice-marked-photo.heic', 'benign-public-notice.avif'];

describe('OCR (slow, real tesseract) verdicts on samples/images', () => {
  let scanner: Scanner;
  beforeAll(async () => {
    scanner = await createScanner({ ocr: { workers: 2 } });
  });
  afterAll(() => scanner?.close());

  it.each(FILES)('%s gets its labelled verdict', async (file) => {
    const label = labels[file];
    const result = await scanner.scan(new Uint8Array(readFileSync(dir + file)), { filename: file });
    expectLabel(file, result, label);
  }, 120_000);
});
