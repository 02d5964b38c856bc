/**
 * Work waiting for a pool worker: quick files (short texts, small DOCX) go ahead of PDFs that
 * arrived before them, each kind in arrival order, a PDF passed by a bounded number of them; and a file's text is checked by the worker that read it (one round trip)
 * unless other text joins it in the calling thread.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '@prepub/core';
import { ExtractionPool, isQuickFile, QUICK_FILE_BYTES, QUICK_PASS_LIMIT } from '../src/pool.ts';
import { BUNDLED_DICTIONARIES, loadDictionaries } from '../src/dictionaries.ts';

const SAMPLES = fileURLToPath(new URL('../../../samples/', import.meta.url));
const sample = (rel: string) => new Uint8Array(readFileSync(join(SAMPLES, rel)));
const notice = new TextEncoder().encode('机密★5年\n关于开展保密检查的通知\n');

describe('quick files', () => {
  it('are small files that are not PDFs, wherever the PDF header sits in the first kilobyte', () => {
    expect(isQuickFile(notice)).toBe(true);
    expect(isQuickFile(sample('docx/header-marking.docx'))).toBe(true);
    expect(isQuickFile(sample('pdf/report-3pages-header.pdf'))).toBe(false);
    expect(isQuickFile(new Uint8Array(QUICK_FILE_BYTES + 1))).toBe(false);
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 1019 }), fc.uint8Array({ maxLength: 64 }), (junk, rest) => {
        const pdf = new Uint8Array([...junk, ...new TextEncoder().encode('%PDF-1.7\n'), ...rest]);
        expect(isQuickFile(pdf)).toBe(false);
      }),
    );
  });

});

describe('the order files reach a worker', () => {
  const read = (pool: ExtractionPool, bytes: Uint8Array, name: string, done: string[], signal?: AbortSignal) =>
    pool.extract(bytes, { filename: name, limits: DEFAULT_LIMITS }, signal).then((o) => (done.push(name), o));

  it('quick files first, each kind in arrival order, and a waiting PDF passed by at most QUICK_PASS_LIMIT of them', async () => {
    const pool = new ExtractionPool({ workers: 1, preload: [] });
    try {
      const done: string[] = [];
      const texts = Array.from({ length: QUICK_PASS_LIMIT + 2 }, (_, i) => `t${i + 1}`);
      // first.pdf takes the one worker (or waits for it to start); everything after it waits.
      const all = [
        read(pool, sample('pdf/benign-compilation.pdf'), 'first.pdf', done),
        read(pool, sample('pdf/report-3pages-header.pdf'), 'second.pdf', done),
        ...texts.map((t, i) => read(pool, new TextEncoder().encode(`第${i}条 通知`), t, done)),
      ];
      const outcomes = await Promise.all(all);
      expect(outcomes.every((o) => o.kind === 'extracted')).toBe(true);
      expect(done).toEqual(['first.pdf', ...texts.slice(0, QUICK_PASS_LIMIT), 'second.pdf', ...texts.slice(QUICK_PASS_LIMIT)]);
    } finally {
      await pool.close();
    }
  }, 120_000);

  it('files still waiting when the pool closes end as cancelled, and start no workers after the close', async () => {
    const pool = new ExtractionPool({ workers: 1, preload: [] });
    const first = read(pool, sample('pdf/benign-compilation.pdf'), 'first.pdf', []);
    const held = Array.from({ length: 3 }, (_, i) => read(pool, new TextEncoder().encode(`第${i}条 通知`), `t${i}`, []));
    const heldSettled = Promise.allSettled(held);
    const firstSettled = Promise.allSettled([first]);
    await pool.close();
    const settled = await heldSettled;
    await firstSettled;
    for (const s of settled) {
      expect(s.status).toBe('rejected');
      expect(String((s as PromiseRejectedResult).reason)).toMatch(/closed before a worker took the file/);
    }
    // Nothing admitted after the close started a new piscina.
    expect((pool as unknown as { pool?: unknown }).pool).toBeUndefined();
  }, 120_000);

  it('whatever the mix that waits: FIFO within each kind, quick first, never more than QUICK_PASS_LIMIT quick between slow ones', async () => {
    const pool = new ExtractionPool({ workers: 1, preload: [] });
    // Slow by size (over QUICK_FILE_BYTES) yet read in milliseconds, so many runs stay cheap.
    const big = new TextEncoder().encode('会议通知'.repeat(Math.ceil(QUICK_FILE_BYTES / 12) + 1));
    const small = new TextEncoder().encode('会议纪要');
    try {
      await fc.assert(
        fc.asyncProperty(fc.array(fc.boolean(), { minLength: 2, maxLength: 24 }), async (quickness) => {
          const done: string[] = [];
          await Promise.all(quickness.map((q, i) => read(pool, q ? small : big, `${q ? 'q' : 's'}${i}`, done)));
          // The first goes to the idle worker at once; the others all waited, in arrival order per kind.
          expect(done[0]).toBe(`${quickness[0] ? 'q' : 's'}0`);
          const rest = done.slice(1);
          const num = (n: string) => Number(n.slice(1));
          for (const kind of ['q', 's']) {
            const seq = rest.filter((n) => n[0] === kind).map(num);
            expect(seq).toEqual([...seq].sort((a, b) => a - b));
          }
          let quickSinceSlow = 0;
          rest.forEach((n, i) => {
            const quickWaiting = rest.slice(i + 1).some((m) => m[0] === 'q');
            const slowWaiting = rest.slice(i + 1).some((m) => m[0] === 's');
            if (n[0] === 's') {
              // A slow file goes while quick ones wait only once QUICK_PASS_LIMIT passed it.
              if (quickWaiting) expect(quickSinceSlow).toBe(QUICK_PASS_LIMIT);
              quickSinceSlow = 0;
            } else {
              quickSinceSlow++;
              if (slowWaiting) expect(quickSinceSlow).toBeLessThanOrEqual(QUICK_PASS_LIMIT);
            }
          });
          // Bound: no slow file waited behind more than QUICK_PASS_LIMIT quick files per slow file ahead of it.
          rest.forEach((n, i) => {
            if (n[0] !== 's') return;
            const slowAhead = rest.slice(0, i).filter((m) => m[0] === 's').length;
            const quickAhead = i - slowAhead;
            expect(quickAhead).toBeLessThanOrEqual(QUICK_PASS_LIMIT * (slowAhead + 1));
          });
        }),
        { numRuns: 25 },
      );
    } finally {
      await pool.close();
    }
  }, 240_000);

  it('a file abandoned while waiting leaves the line; the others are read in order', async () => {
    const pool = new ExtractionPool({ workers: 1, preload: [] });
    try {
      const done: string[] = [];
      const stop = new AbortController();
      const first = read(pool, sample('pdf/benign-compilation.pdf'), 'first.pdf', done);
      const gone = read(pool, notice, 'gone.txt', done, stop.signal);
      const after = [read(pool, sample('pdf/report-3pages-header.pdf'), 'second.pdf', done), read(pool, notice, 'kept.txt', done)];
      stop.abort();
      await expect(gone).rejects.toMatchObject({ name: 'WorkerDeath', reason: 'aborted' });
      await Promise.all([first, ...after]);
      expect(done).toEqual(['first.pdf', 'kept.txt', 'second.pdf']);
      expect(pool.deaths).toBe(0);
    } finally {
      await pool.close();
    }
  }, 120_000);
});

describe('checking in the worker that read the file', () => {
  const d = loadDictionaries([BUNDLED_DICTIONARIES]);
  const recipe = { terms: d.terms, allow: d.allow, policy: {} };

  it('brings back findings and the parts without their text', async () => {
    const pool = new ExtractionPool({ workers: 1, preload: [] }, recipe);
    try {
      const o = await pool.extract(notice, { filename: 'n.txt', limits: DEFAULT_LIMITS }, undefined, false, { options: { mask: true }, ocr: false });
      expect(o.kind).toBe('checked');
      if (o.kind !== 'checked') return;
      expect(o.analysis.findings.some((f) => f.ruleId === 'marking.cn-state-secret')).toBe(true);
      expect(o.extraction.parts.map((p) => [p.id, p.chars])).toEqual([['body', notice.length > 0 ? '机密★5年\n关于开展保密检查的通知\n'.length : 0]]);
      expect(o.extraction.parts.every((p) => !('text' in p))).toBe(true);
      // The same findings as a check of the text sent on its own.
      const text = await pool.extract(notice, { filename: 'n.txt', limits: DEFAULT_LIMITS }, undefined);
      if (text.kind !== 'extracted') throw new Error(text.kind);
      const alone = await pool.analyse(text.extraction.parts, { mask: true }, DEFAULT_LIMITS);
      expect(o.analysis.findings.map((f) => [f.ruleId, f.location.start, f.location.end])).toEqual(alone.findings.map((f) => [f.ruleId, f.location.start, f.location.end]));
    } finally {
      await pool.close();
    }
  }, 120_000);

  it('leaves a file with embedded files, or pictures OCR will read, to be checked with them', async () => {
    const pool = new ExtractionPool({ workers: 1, preload: [] }, recipe);
    try {
      const withPictures = sample('docx/alt-text-marking.docx');
      const first = await pool.extract(withPictures, { filename: 'a.docx', limits: DEFAULT_LIMITS }, undefined);
      if (first.kind !== 'extracted') throw new Error(first.kind);
      expect(first.extraction.images?.length).toBeGreaterThan(0);
      const ocr = await pool.extract(withPictures, { filename: 'a.docx', limits: DEFAULT_LIMITS }, undefined, false, { options: {}, ocr: true });
      expect(ocr.kind).toBe('extracted');
      const noOcr = await pool.extract(withPictures, { filename: 'a.docx', limits: DEFAULT_LIMITS, render: false }, undefined, false, { options: {}, ocr: false });
      expect(noOcr.kind).toBe('checked');
    } finally {
      await pool.close();
    }
  }, 120_000);
});
