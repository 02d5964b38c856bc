/**
 * pdf.js's two modules are the largest source every reading worker loads, and V8 keeps a module's
 * source for lazy compilation: as a one-byte string when every character is at most U+00FF, as a
 * two-byte string (twice the memory) otherwise. The patch writes the few characters above U+00FF as
 * `\u` escapes; this fails when an upgrade brings new ones, or the patch is not applied.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));

describe('pdf.js sources', () => {
  for (const file of ['legacy/build/pdf.mjs', 'legacy/build/pdf.worker.mjs']) {
    it(`${file} has no character above U+00FF (a one-byte string in V8)`, () => {
      const text = readFileSync(join(root, file), 'utf8');
      const wide = [...text.matchAll(/[^\u0000-\u00ff]/gu)].map((m) => `U+${m[0].codePointAt(0)!.toString(16).toUpperCase()} at ${m.index}`);
      expect(wide).toEqual([]);
    });
  }

  it('reads the escaped literals as the characters they stand for', async () => {
    // pdf.js's exception to NFKC for the ligature ﬅ (NFKC gives "st"): the map entry written with escapes.
    const { normalizeUnicode } = await import('pdfjs-dist/legacy/build/pdf.mjs');
    expect(normalizeUnicode('\ufb05')).toBe('\u017ft');
    expect(normalizeUnicode('\ufb05')).not.toBe('\ufb05'.normalize('NFKC'));
  });

});
