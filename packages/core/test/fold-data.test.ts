/**
 * The fold table the engine uses is the generated copy; it must be exactly what its sources give
 * on this Node (NFKC) and this opencc-js.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FOLD_DATA_PATH, foldDataModule } from '../scripts/fold-data.ts';
import { computeAstralFolds, computeFoldTable } from '../src/normalize/fold-table-source.ts';
import { astralFolds, decodeAstralFolds, decodeFoldData, encodeFoldData, foldTable } from '../src/normalize/fold-table.ts';

describe('generated fold table', () => {
  it('equals the table computed from its sources (else run pnpm tsx packages/core/scripts/fold-data.ts)', () => {
    const computed = computeFoldTable();
    const used = foldTable();
    const differ: string[] = [];
    for (let c = 0; c < 65536; c++) if (computed[c] !== used[c]) differ.push(`U+${c.toString(16)}: ${used[c].toString(16)} ≠ ${computed[c].toString(16)}`);
    expect(differ.slice(0, 10)).toEqual([]);
    expect(readFileSync(FOLD_DATA_PATH, 'utf8')).toBe(foldDataModule());
  });

  it('folds what the normalizer relies on', () => {
    const t = foldTable();
    expect(String.fromCharCode(t['Ａ'.charCodeAt(0)])).toBe('A');
    expect(String.fromCharCode(t['機'.charCodeAt(0)])).toBe('机');
    expect(t['☆'.charCodeAt(0)]).toBe(0x2605);
    expect(t[0x200b]).toBe(0);
    expect(t[0]).toBe(0);
    // Surrogate pairs NFKC draws as one BMP character: 𝐓 (U+1D413), 𝟓, 🄰, and 丽 (U+2F800).
    const pair = (cp: number): number => {
      const v = cp - 0x10000;
      return astralFolds()[v >> 10]?.[v & 0x3ff] ?? 0;
    };
    expect(String.fromCharCode(pair(0x1d413))).toBe('T');
    expect(String.fromCharCode(pair(0x1d7d3))).toBe('5');
    expect(String.fromCharCode(pair(0x1f130))).toBe('A');
    expect(String.fromCharCode(pair(0x2f800))).toBe('丽');
    expect(pair(0x1f600)).toBe(0);
  });

  it('decodes the astral folds to what NFKC gives', () => {
    const byHigh = decodeAstralFolds(computeAstralFolds(computeFoldTable()));
    let count = 0;
    byHigh.forEach((lows, h) => {
      lows?.forEach((to, l) => {
        if (to === 0) return;
        count++;
        const cp = 0x10000 + (h << 10) + l;
        // Boxed capitals without a compatibility mapping read as their letter.
        const boxed = [0x1f150, 0x1f170, 0x1f1e6].find((first) => cp >= first && cp < first + 26);
        expect(foldTable()[boxed !== undefined ? 0x41 + cp - boxed : String.fromCodePoint(cp).normalize('NFKC').charCodeAt(0)]).toBe(to);
      });
    });
    expect(count).toBeGreaterThan(1500);
  });

  it('encoding and decoding give back any table', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 65535 }), fc.integer({ min: 0, max: 65535 })), { maxLength: 300 }), (pairs) => {
        const t = new Uint16Array(65536);
        for (let c = 0; c < 65536; c++) t[c] = c;
        for (const [from, to] of pairs) t[from] = to;
        // Compared as bytes: a deep equality over 65,536 elements is slow in the test runner.
        expect(Buffer.from(decodeFoldData(encodeFoldData(t)).buffer).equals(Buffer.from(t.buffer))).toBe(true);
      }),
      { numRuns: 30 },
    );
  });
});
