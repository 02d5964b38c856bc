/**
 * Files read ahead of a free worker: the real scanner (one reader worker) gets small files beyond
 * `concurrency` to queue, never more than `readAhead` of them, never a large one, and the reports
 * are the same, in input order, whatever is read ahead.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import { createScanner } from '@prepub/scanner';
import type { Scanner } from '../src/scanner-types.ts';
import { scanInputs, type RunOptions } from '../src/run-scan.ts';
import type { Input } from '../src/files.ts';
import { tempTree } from './support.ts';

let scanner: Scanner;
beforeAll(async () => {
  scanner = await createScanner({ ocr: false, isolation: { workers: 1, preload: [] } });
});
afterAll(async () => {
  await scanner.close();
});

/** The real scanner, counting the scans under way and noting how many there were as each began. */
function counting(inner: Scanner): { scanner: Scanner; maxInFlight: () => number; atStart: Map<string, number> } {
  let now = 0;
  let max = 0;
  const atStart = new Map<string, number>();
  return {
    scanner: {
      info: inner.info,
      close: () => inner.close(),
      async scan(bytes, options) {
        atStart.set(options?.filename ?? '', now);
        max = Math.max(max, ++now);
        try {
          return await inner.scan(bytes, options);
        } finally {
          now--;
        }
      },
    },
    maxInFlight: () => max,
    atStart,
  };
}

const files: Record<string, string> = {};
for (let i = 0; i < 14; i++) files[`f${String(i).padStart(2, '0')}.txt`] = i === 9 ? '000012\n机密★5年\n\n江临市保密局文件\n' : `会议纪要 ${i}\n今天讨论了年度工作安排。\n`;
// Over the read-ahead size set below: it must wait for a place among the first `concurrency`.
files['f07.txt'] = '年度工作报告。'.repeat(400);

function inputsOf(dir: string): Input[] {
  return Object.keys(files)
    .sort()
    .map((name) => ({ kind: 'file', path: path.join(dir, name), display: name }));
}

const base = (extra: Partial<RunOptions>): RunOptions => ({ concurrency: 2, maxFileBytes: 1 << 20, readStdin: async () => new Uint8Array(), readAheadMaxBytes: 1000, ...extra });
const comparable = (reports: Array<{ durationMs: number }>) => reports.map(({ durationMs: _, ...r }) => r);

describe('reading ahead', () => {
  it('keeps at most concurrency + readAhead files in the scanner, a large one only among the first concurrency', async () => {
    const dir = tempTree(files);
    const c = counting(scanner);
    const reports = await scanInputs(c.scanner, inputsOf(dir), base({ readAhead: 2 }));
    expect(reports.map((r) => r.path)).toEqual(Object.keys(files).sort());
    // One worker: files queue in the scanner, so the read-ahead places fill.
    expect(c.maxInFlight()).toBeGreaterThan(2);
    expect(c.maxInFlight()).toBeLessThanOrEqual(4);
    // Admitted among the first `concurrency` (one other in the scanner at most); a small file admitted
    // right after it may still reach the scanner first while it is being read, so at most two are
    // there when it begins, never the three of a read-ahead place.
    expect(c.atStart.get('f07.txt')).toBeLessThanOrEqual(2);
    expect(reports.find((r) => r.path === 'f09.txt')!.verdict).toBe('block');
  });

  it('gives the same reports without reading ahead', async () => {
    const dir = tempTree(files);
    const none = counting(scanner);
    const without = await scanInputs(none.scanner, inputsOf(dir), base({ readAhead: 0 }));
    expect(none.maxInFlight()).toBeLessThanOrEqual(2);
    const ahead = await scanInputs(scanner, inputsOf(dir), base({}));
    expect(comparable(ahead)).toEqual(comparable(without));
  });
});
