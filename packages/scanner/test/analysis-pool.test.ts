/**
 * Checking text in the pool's workers: the same findings as checking it in the calling thread, the
 * caller's event loop free while a large text is checked, and a check that overruns its deadline
 * ending as an unread file, never a pass.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS, type TextPart } from '@prepub/core';
import { createScanner, type Scanner, type ScanResult } from '@prepub/scanner';
import { ExtractionPool, WorkerDeath } from '../src/pool.ts';
import { loadDictionaries, BUNDLED_DICTIONARIES } from '../src/dictionaries.ts';

const SAMPLES = fileURLToPath(new URL('../../../samples/', import.meta.url));
const open: Scanner[] = [];
afterAll(async () => {
  await Promise.all(open.map((s) => s.close()));
});

/** What a reviewer sees of a result: verdict, reasons and every finding with its place. */
function essence(r: ScanResult): unknown {
  return {
    verdict: r.verdict,
    reasons: r.reasons,
    findings: r.findings.map((f) => [f.ruleId, f.severity, f.location.part, f.location.start, f.location.end, f.excerpt]),
    suppressed: r.suppressed.map((f) => [f.ruleId, f.location.part, f.location.start]),
  };
}

/** A realistic mixed letter that the detectors have plenty to do with. */
function letter(paragraphs: number): string {
  const lines = ['关于加强涉密载体管理的通知', '各处室：'];
  for (let i = 0; i < paragraphs; i++) {
    lines.push(`${i + 1}. 依照《中华人民共和国保守国家秘密法》，绝密级、机密级、秘密级国家秘密载体应当登记。联系人王某，电话 138${String(10_000_000 + i).slice(0, 8)}，邮箱 wang${i}@example.cn。`);
  }
  return lines.join('\n');
}

describe('text checked in the pool', () => {
  it('gives the same findings as checking in the calling thread, for every text, DOCX and PDF sample', async () => {
    const inPool = await createScanner({ ocr: false, isolation: { workers: 2, preload: [] } });
    const inCaller = await createScanner({ ocr: false, isolation: { workers: 2, preload: [], analysis: 'caller' } });
    open.push(inPool, inCaller);
    const files = ['text', 'docx', 'pdf'].flatMap((dir) => readdirSync(join(SAMPLES, dir)).filter((f) => /\.(txt|docx|pdf)$/.test(f)).map((f) => join(SAMPLES, dir, f)));
    expect(files.length).toBeGreaterThan(40);
    let blocked = 0;
    for (const file of files) {
      const bytes = new Uint8Array(readFileSync(file));
      const a = await inPool.scan(bytes, { filename: file });
      const b = await inCaller.scan(bytes, { filename: file });
      expect(essence(a), file).toEqual(essence(b));
      if (a.verdict === 'block') blocked++;
    }
    // The comparison means something only if the samples give findings to compare.
    expect(blocked).toBeGreaterThan(10);
  }, 600_000);

  it("keeps the caller's event loop free while a large text is checked", async () => {
    const s = await createScanner({ ocr: false, isolation: { workers: 1, preload: [] } });
    open.push(s);
    const big = new TextEncoder().encode(letter(40_000));
    await s.scan(new TextEncoder().encode('热身'), { filename: 'warm.txt' });
    let last = performance.now();
    let worst = 0;
    const timer = setInterval(() => {
      const now = performance.now();
      worst = Math.max(worst, now - last - 20);
      last = now;
    }, 20);
    const t0 = performance.now();
    const r = await s.scan(big, { filename: 'big.txt' });
    const took = performance.now() - t0;
    clearInterval(timer);
    expect(r.findings.length).toBeGreaterThan(100);
    // The whole scan took far longer than the worst pause: the checking was not on this thread.
    expect(worst).toBeLessThan(took / 3);
  }, 120_000);

  it('a check that overruns the deadline ends its worker (timeout), and the pool goes on', async () => {
    const d = loadDictionaries([BUNDLED_DICTIONARIES]);
    const pool = new ExtractionPool({ workers: 1, preload: [], graceMs: 0 }, { terms: d.terms, allow: d.allow, policy: {} });
    try {
      const part: TextPart = { id: 'body', role: 'body', text: letter(60_000), origin: {} };
      const err = await pool.analyse([part], { mask: true }, { ...DEFAULT_LIMITS, fileTimeoutMs: 20 }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(WorkerDeath);
      expect((err as WorkerDeath).reason).toBe('timeout');
      // The worker is replaced: the next check is answered.
      const ok = await pool.analyse([{ id: 'body', role: 'body', text: '机密★5年\n关于开展检查的通知', origin: {} }], { mask: true }, DEFAULT_LIMITS);
      expect(ok.findings.some((f) => f.ruleId === 'marking.cn-state-secret')).toBe(true);
    } finally {
      await pool.close();
    }
  }, 120_000);

  it('a pool started without an engine recipe refuses to check text', async () => {
    const pool = new ExtractionPool({ workers: 1, preload: [] });
    await expect(pool.analyse([], {}, DEFAULT_LIMITS)).rejects.toThrow(/recipe/);
    await pool.close();
  });
});

describe('renewing the workers to give memory back', () => {
  it('renews them between files once the process is over the mark, and no file is lost or waits', async () => {
    const pool = new ExtractionPool({ workers: 2, preload: [], recycleAboveRssMb: 1, recycleEveryFiles: 3, recycleMaxCpuShare: 0 });
    try {
      const notice = new TextEncoder().encode('机密★5年\n关于开展保密检查的通知\n');
      // Two files at a time: a renewal waits for both, and the next pair waits for the renewal.
      const outcomes = [];
      for (let round = 0; round < 6; round++) {
        outcomes.push(...(await Promise.all([0, 1].map((i) => pool.extract(notice, { filename: `n${round}-${i}.txt`, limits: DEFAULT_LIMITS }, undefined)))));
        // Files go on to the old workers while fresh ones start; the fresh take over once ready.
        await pool.renewal;
      }
      expect(outcomes.every((o) => o.kind === 'extracted')).toBe(true);
      expect(pool.renewals).toBeGreaterThanOrEqual(2);
      expect(pool.deaths).toBe(0);
    } finally {
      await pool.close();
    }
  }, 120_000);

  it('measures what its cold start costs from its first two windows of files, and a renewal from the window after it', async () => {
    const pool = new ExtractionPool({ workers: 1, preload: [], recycleAboveRssMb: 1, recycleEveryFiles: 2, recycleMaxCpuShare: 0 });
    try {
      const notice = new TextEncoder().encode('机密★5年\n关于开展保密检查的通知\n');
      const read = async (n: number) => {
        for (let i = 0; i < n; i++) expect((await pool.extract(notice, { filename: `n${i}.txt`, limits: DEFAULT_LIMITS }, undefined)).kind).toBe('extracted');
      };
      // The first window of two files is the cold one; after it the pool renews (no CPU budget), and
      // the two files after that renewal are its window.
      await read(1);
      expect(pool.renewalCostMs).toBeUndefined();
      await read(1);
      await pool.renewal;
      await read(2);
      expect(pool.renewalCostMs).toBeGreaterThanOrEqual(0);
    } finally {
      await pool.close();
    }
    // Never renewing, it still measures its cold start: the first window against the second.
    const steady = new ExtractionPool({ workers: 1, preload: [], recycleAboveRssMb: 0, recycleEveryFiles: 2 });
    try {
      for (let i = 0; i < 3; i++) await steady.extract(new TextEncoder().encode(`通知 ${i}\n`), { filename: `s${i}.txt`, limits: DEFAULT_LIMITS }, undefined);
      expect(steady.renewalCostMs).toBeUndefined();
      await steady.extract(new TextEncoder().encode('通知\n'), { filename: 's3.txt', limits: DEFAULT_LIMITS }, undefined);
      expect(steady.renewalCostMs).toBeGreaterThanOrEqual(0);
      expect(steady.renewals).toBe(0);
    } finally {
      await steady.close();
    }
  }, 120_000);

  it('renews no more often than its CPU-time share allows, however many files pass the mark', async () => {
    // Starting two workers costs far more CPU time than reading a few short notices: renewing
    // after each of them would cost most of the CPU time, so the default share holds it back.
    const pool = new ExtractionPool({ workers: 2, recycleAboveRssMb: 1, recycleEveryFiles: 1 });
    try {
      const notice = new TextEncoder().encode('机密★5年\n关于开展保密检查的通知\n');
      for (let i = 0; i < 6; i++) {
        const o = await pool.extract(notice, { filename: `n${i}.txt`, limits: DEFAULT_LIMITS }, undefined);
        expect(o.kind).toBe('extracted');
      }
      expect(pool.renewals).toBe(0);
    } finally {
      await pool.close();
    }
  }, 120_000);

  it('never renews with 0, however much memory is in use', async () => {
    const pool = new ExtractionPool({ workers: 1, preload: [], recycleAboveRssMb: 0, recycleEveryFiles: 1 });
    try {
      const notice = new TextEncoder().encode('通知\n');
      for (let i = 0; i < 4; i++) await pool.extract(notice, { filename: `n${i}.txt`, limits: DEFAULT_LIMITS }, undefined);
      expect(pool.renewals).toBe(0);
    } finally {
      await pool.close();
    }
  }, 60_000);
});
