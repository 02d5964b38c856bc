/**
 * A TrueType program cut short, embedded in a PDF: pdf.js read the names of its `post` table past
 * the end of the data forever (a byte read at the end is -1 and does not advance) and the process
 * aborted with a V8 fatal error, which no worker isolation catches. The repository's pdf.js patch
 * stops at the end of the data. Every cut position in a stride over the whole program must read.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '@prepub/core';
import { pdfExtractor } from '../src/index.ts';
import { buildPdf, pdfString, stream } from './raw-pdf.ts';

const fonts = join(dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json')), 'standard_fonts');
const ttf = new Uint8Array(readFileSync(join(fonts, 'LiberationSans-Regular.ttf')));

function withTrueType(program: Uint8Array): Uint8Array {
  const name = 'AAAAAA+Cut';
  return buildPdf([
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>',
    `<< /Type /Font /Subtype /TrueType /BaseFont /${name} /Encoding /WinAnsiEncoding /FontDescriptor 6 0 R >>`,
    stream('', `BT /F1 12 Tf 72 740 Td ${pdfString('Secret notice')} Tj ET`),
    `<< /Type /FontDescriptor /FontName /${name} /Flags 32 /FontBBox [-200 -250 1100 900] /ItalicAngle 0 /Ascent 900 /Descent -250 /CapHeight 700 /StemV 80 /FontFile2 7 0 R >>`,
    stream(`/Length1 ${program.length}`, program),
  ]);
}

describe('a truncated TrueType font program', () => {
  it('is read (the cut that ran the post table past the end of the data)', async () => {
    const x = await pdfExtractor.extract(withTrueType(ttf.subarray(0, 132870)), { limits: DEFAULT_LIMITS });
    expect(x.parts.map((p) => p.text).join('\n')).toContain('Secret notice');
  });

  it('is read wherever it is cut', async () => {
    for (let cut = 1013; cut < ttf.length; cut += 4999) {
      const x = await pdfExtractor.extract(withTrueType(ttf.subarray(0, cut)), { limits: DEFAULT_LIMITS });
      expect(x.parts.length + x.unread.length, `cut at ${cut}`).toBeGreaterThan(0);
    }
  }, 120_000);
});
