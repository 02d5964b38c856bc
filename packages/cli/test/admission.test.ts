/**
 * The CLI's read-ahead admission: files admitted in order, large ones only among the first
 * `concurrency`, read-ahead places refilled after a large file, and nothing admitted (nor read)
 * once the scan is interrupted.
 */
import { describe, expect, it } from 'vitest';
import path from 'node:path';
import type { ScanResult } from '@prepub/core';
import { Admission, scanInputs } from '../src/run-scan.ts';
import type { Scanner } from '../src/scanner-types.ts';
import type { Input } from '../src/files.ts';
import { tempTree } from './support.ts';

/** Lets pending promise callbacks run. */
const settle = () => new Promise((r) => setImmediate(r));

function track(p: Promise<void>): { done: boolean; failed?: unknown } {
  const t: { done: boolean; failed?: unknown } = { done: false };
  p.then(
    () => (t.done = true),
    (e) => (t.failed = e),
  );
  return t;
}

describe('Admission', () => {
  it('refills the read-ahead places once a large file that waited is in', async () => {
    const a = new Admission(1, 2, 100);
    await a.enter(1000);
    const large = track(a.enter(1000));
    const small1 = track(a.enter(10));
    const small2 = track(a.enter(10));
    const small3 = track(a.enter(10));
    await settle();
    // Behind a waiting large file nothing goes ahead.
    expect([large.done, small1.done, small2.done, small3.done]).toEqual([false, false, false, false]);
    a.leave();
    await settle();
    // The large one takes the place; the two read-ahead places fill at once, not one for one later.
    expect([large.done, small1.done, small2.done, small3.done]).toEqual([true, true, true, false]);
    a.leave();
    await settle();
    expect(small3.done).toBe(true);
  });

  it('drops a waiting file when the signal aborts, and never admits it', async () => {
    const a = new Admission(1, 0);
    await a.enter(10);
    const stop = new AbortController();
    const waiting = track(a.enter(10, stop.signal));
    const after = track(a.enter(10));
    stop.abort(new Error('interrupted'));
    await settle();
    expect(waiting.failed).toBeInstanceOf(Error);
    expect(after.done).toBe(false);
    a.leave();
    await settle();
    expect(waiting.done).toBe(false);
    expect(after.done).toBe(true);
    await expect(a.enter(10, stop.signal)).rejects.toThrow('interrupted');
  });
});

describe('scanInputs interrupted', () => {
  it('reads and scans no file that was still waiting for admission', async () => {
    // f0 is scanned; f1 is large, so it waits for f0's place rather than being read ahead.
    const dir = tempTree({ 'f0.txt': 'a', 'f1.txt': 'b'.repeat(5000), 'f2.txt': 'c' });
    const inputs: Input[] = ['f0.txt', 'f1.txt', 'f2.txt'].map((n) => ({ kind: 'file', path: path.join(dir, n), display: n }));
    const stop = new AbortController();
    const scanned: string[] = [];
    const scanner = {
      info: {} as Scanner['info'],
      close: async () => undefined,
      async scan(_bytes: Uint8Array, options?: { filename?: string }) {
        scanned.push(options?.filename ?? '');
        // Ctrl-C while the first file is being scanned.
        stop.abort(new Error('interrupted'));
        await settle();
        throw new Error('aborted');
      },
    } as unknown as Scanner;
    const reports = await scanInputs(scanner, inputs, { concurrency: 1, readAhead: 1, readAheadMaxBytes: 100, maxFileBytes: 1 << 20, readStdin: async () => new Uint8Array(), signal: stop.signal });
    expect(scanned).toEqual(['f0.txt']);
    expect(reports.map((r) => r.verdict)).toEqual(['review', 'review', 'review']);
    for (const r of reports) expect(JSON.stringify(r)).toMatch(/interrupted|aborted/i);
  });
});
