import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { ScannerOptions } from '@prepub/scanner';
import { startWorker, workerScannerOptions, type ScannerFactory } from '../src/index.ts';

describe('a worker sizes its scanner by its own concurrency, not by the machine', () => {
  it('reading threads and OCR workers default to the jobs it scans at a time', () => {
    expect(workerScannerOptions({}, 1)).toEqual({ isolation: { workers: 1 }, ocr: { workers: 1 } });
    expect(workerScannerOptions({ ocr: true, isolation: true }, 3)).toEqual({ isolation: { workers: 3 }, ocr: { workers: 3 } });
    // Other settings are kept; only the missing sizes are filled in.
    expect(workerScannerOptions({ isolation: { maxOldGenerationMb: 512 }, ocr: { pageTimeoutMs: 9000 } }, 2)).toEqual({ isolation: { maxOldGenerationMb: 512, workers: 2 }, ocr: { pageTimeoutMs: 9000, workers: 2 } });
  });

  it('what the caller chose stays: sizes given, isolation off, OCR off, an OCR engine of its own', () => {
    const engine = { recognize: async () => ({ text: '', confidence: 0 }) } as unknown as NonNullable<Exclude<ScannerOptions['ocr'], boolean>>;
    expect(workerScannerOptions({ isolation: { workers: 4 }, ocr: { workers: 2 } }, 1)).toEqual({ isolation: { workers: 4 }, ocr: { workers: 2 } });
    expect(workerScannerOptions({ isolation: false, ocr: false }, 2)).toEqual({ isolation: false, ocr: false });
    expect(workerScannerOptions({ ocr: engine }, 2).ocr).toBe(engine);
  });

  it('never changes the caller’s object', () => {
    fc.assert(
      fc.property(fc.constantFrom<ScannerOptions['isolation']>(undefined, true, false, {}, { workers: 2 }), fc.constantFrom<ScannerOptions['ocr']>(undefined, true, false, {}, { workers: 1 }), fc.integer({ min: 1, max: 64 }), (isolation, ocr, n) => {
        const given: ScannerOptions = { isolation, ocr, mask: true };
        const copy = structuredClone(given);
        const out = workerScannerOptions(given, n);
        expect(given).toEqual(copy);
        expect(out.mask).toBe(true);
        if (isolation === undefined || isolation === true || (typeof isolation === 'object' && isolation.workers === undefined)) expect(out.isolation).toMatchObject({ workers: n });
      }),
    );
  });

  it('startWorker builds its scanner with them', async () => {
    let seen: ScannerOptions | undefined;
    const createScanner = ((o: ScannerOptions) => {
      seen = o;
      // Stops the worker here: what matters is what the scanner was asked for.
      throw new Error('recorded');
    }) as ScannerFactory;
    await expect(startWorker({ redisUrl: 'redis://127.0.0.1:1/0', concurrency: 1, scannerOptions: { mask: true }, createScanner })).rejects.toThrow('recorded');
    expect(seen).toEqual({ mask: true, isolation: { workers: 1 }, ocr: { workers: 1 } });
  });
});
