/**
 * The fold table the engine uses is the generated copy; it must be exactly what its sources give
 * on this Node (NFKC) and this opencc-js.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FOLD_DATA_PATH, foldDataModule } from '../scripts/fold-data.ts';
import { computeFoldTable } from '../src/normalize/fold-table-source.ts';
import { decodeFoldData, encodeFoldData, foldTable } from '../src/normalize/fold-table.ts';

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
