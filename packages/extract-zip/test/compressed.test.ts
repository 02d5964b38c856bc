/**
 * xz, bzip2, compress (.Z) and Zstandard through the real scanner and the reader itself: fixtures
 * written by the compressors users have (test/fixtures/make-compressed.sh). A compressed file's
 * content and every member of a compressed tar are scanned and located; a bomb is stopped by the
 * output limit while 7-Zip writes (not by the worker's deadline), and what was not read keeps the
 * verdict from pass.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '@prepub/core';
import { createScanner, type Scanner } from '@prepub/scanner';
import { sniffFormat } from '../../extractors/src/sniff.ts';
import { FORMATS } from '../../scanner/src/formats.ts';
import { compressorOf, extractCompressed, type Compressor } from '../src/compressed.ts';

const fixture = (name: string) => new Uint8Array(readFileSync(join(import.meta.dirname, 'fixtures', name)));
const KINDS: Array<[Compressor, string]> = [['xz', 'xz'], ['bzip2', 'bz2'], ['compress', 'Z'], ['zstd', 'zst']];

describe('single-file compressors', () => {
  let scanner: Scanner;
  beforeAll(async () => {
    scanner = await createScanner({ ocr: false });
  });
  afterAll(async () => {
    await scanner.close();
  });

  for (const [kind, ext] of KINDS) {
    describe(kind, () => {
      it('is told by its signature, before anything looks inside it', () => {
        for (const f of [`bundle.tar.${ext}`, `notice.txt.${ext}`, `zeros.bin.${ext}`]) {
          expect(compressorOf(fixture(f)), f).toBe(kind);
          expect(sniffFormat(fixture(f), 'x.bin', FORMATS).format, f).toBe(kind);
        }
      });

      it('a marked member of a compressed tar blocks, located by its path; the benign half passes', { timeout: 60_000 }, async () => {
        const r = await scanner.scan(fixture(`bundle.tar.${ext}`), { filename: `bundle.tar.${ext}` });
        expect(r.verdict).toBe('block');
        const f = r.findings.find((x) => x.ruleId === 'marking.cn-state-secret');
        expect(f?.location.container).toEqual(['docs/notice.txt']);
        const benign = await scanner.scan(fixture(`benign.tar.${ext}`), { filename: `benign.tar.${ext}` });
        expect(benign.verdict).toBe('pass');
        expect(benign.coverage.unread).toEqual([]);
      });

      it('a compressed file is read as the file it holds, named after it', { timeout: 60_000 }, async () => {
        const r = await scanner.scan(fixture(`notice.txt.${ext}`), { filename: `notice.txt.${ext}` });
        expect(r.verdict).toBe('block');
        expect(r.findings.find((x) => x.ruleId === 'marking.cn-state-secret')?.location.container).toEqual(['notice.txt']);
        const benign = await scanner.scan(fixture(`readme.txt.${ext}`), { filename: `readme.txt.${ext}` });
        expect(benign.verdict).toBe('pass');
      });

      it('a bomb stops at the output limit while it is written, its prefix kept', async () => {
        const limits = { ...DEFAULT_LIMITS, maxInflatedBytes: 1 << 20 };
        const x = await extractCompressed(fixture(`zeros.bin.${ext}`), { limits, filename: `zeros.bin.${ext}` }, kind);
        expect(x.loss?.map((l) => l.reason)).toEqual(['limit']);
        const out = x.embedded?.[0]?.bytes.length ?? 0;
        expect(out).toBeLessThanOrEqual(1 << 20);
        // The ratio limit alone (64 MiB of zeros from a few kilobytes) stops it too.
        const ratio = await extractCompressed(fixture(`zeros.bin.${ext}`), { limits: { ...DEFAULT_LIMITS, maxCompressionRatio: 2 }, filename: 'z' }, kind);
        expect(ratio.loss?.map((l) => l.reason)).toEqual(['limit']);
        expect(ratio.embedded?.[0]?.bytes.length ?? 0).toBeLessThan(64 << 20);
      });

      it('a stream cut short is a loss, and never passes', { timeout: 60_000 }, async () => {
        const x = await extractCompressed(fixture(`cut.tar.${ext}`), { limits: DEFAULT_LIMITS, filename: `cut.tar.${ext}` }, kind);
        expect(x.loss?.map((l) => l.reason)).toContain('corrupt');
        const r = await scanner.scan(fixture(`cut.tar.${ext}`), { filename: `cut.tar.${ext}` });
        expect(r.verdict).not.toBe('pass');
      });
    });
  }
});
