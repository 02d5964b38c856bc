/**
 * The CLI reads each file into one buffer of the size stat gave (the common case makes no copy:
 * bench/cli.bench.ts measures that); a file that grew or shrank between stat and read is still
 * read whole, byte for byte.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { readWhole } from '../src/run-scan.ts';

const dir = mkdtempSync(join(tmpdir(), 'prepub-read-whole-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('readWhole', () => {
  it('returns the bytes of the file whatever size stat gave (property)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 20_000 }), fc.integer({ min: 0, max: 25_000 }), async (bytes, statSize) => {
        const file = join(dir, 'f.bin');
        writeFileSync(file, bytes);
        const read = await readWhole(file, statSize);
        expect(Buffer.from(read).equals(Buffer.from(bytes))).toBe(true);
      }),
      { numRuns: 150 },
    );
  });
});
