/**
 * A file's deadline in the reading pool counts from when a worker began it (and again from when it
 * began checking the text), never from when the file was handed over: a worker still loading its
 * readers must not use up the file's time. Workers write that moment into shared memory
 * (`begun.ts`); the pool reads it when its timer fires.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '@prepub/core';
import { begunAt, deadlineStep, newBeginStamp, nowEpochMs, stampBegun, stampStep, stepOf } from '../src/begun.ts';
import { ExtractionPool, WorkerDeath } from '../src/pool.ts';
import { operatorBombPdf } from './fixtures/pathological.ts';

describe('begin stamps', () => {
  it('say nothing until the task begins, then when it last began', async () => {
    const stamp = newBeginStamp();
    const admitted = nowEpochMs();
    expect(begunAt(stamp, admitted)).toBeUndefined();
    stampBegun(stamp);
    const first = begunAt(stamp, admitted)!;
    expect(first).toBeGreaterThanOrEqual(admitted);
    expect(first).toBeLessThanOrEqual(nowEpochMs());
    await new Promise((r) => setTimeout(r, 15));
    // The check begins: its deadline restarts from here.
    stampBegun(stamp);
    expect(begunAt(stamp, admitted)! - first).toBeGreaterThanOrEqual(10);
  });

  it('are kept between the handing over and now, whatever the writing thread clock said', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 40 }), fc.integer({ min: 0, max: 2 ** 40 }), fc.integer({ min: 0, max: 2 ** 30 }), (stampMs, admitted, span) => {
        const stamp = newBeginStamp();
        Atomics.store(stamp, 0, BigInt(stampMs) * 1000n);
        const now = admitted + span;
        const at = begunAt(stamp, admitted, now)!;
        expect(at).toBeGreaterThanOrEqual(admitted);
        expect(at).toBeLessThanOrEqual(now);
        if (stampMs >= admitted && stampMs <= now) expect(at).toBe(stampMs);
      }),
    );
  });
});

describe('the deadline timer (deadlineStep)', () => {
  /**
   * A task handed over at 0 that a worker begins at `begins` (the read, then maybe the check) and
   * that ends at `end`, watched by a timer that looks first at `hardMs` and then as deadlineStep
   * says: when it is stopped, or undefined when it ends first.
   */
  function simulate(begins: number[], end: number, hardMs: number, startBudgetMs: number): { at: number; begun: boolean } | undefined {
    let t = hardMs;
    for (let looks = 0; looks < 10_000; looks++) {
      if (t >= end) return undefined;
      const last = begins.filter((b) => b <= t).at(-1);
      const step = deadlineStep(t, 0, last, hardMs, startBudgetMs);
      if (step.expired) return { at: t, begun: step.begun };
      expect(step.recheckInMs).toBeGreaterThan(0);
      expect(step.recheckInMs).toBeLessThanOrEqual(hardMs);
      t += step.recheckInMs;
    }
    throw new Error('the timer never settled');
  }

  it('stops a task exactly when one of its phases first outlasts its time, and never otherwise', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1000 }),
        fc.integer({ min: 0, max: 3000 }),
        fc.array(fc.integer({ min: 0, max: 3000 }), { minLength: 1, maxLength: 2 }),
        fc.integer({ min: 1, max: 3000 }),
        (hardMs, startBudgetMs, gaps, tail) => {
          // The first begin after waiting gaps[0]; a check begins gaps[1] after the read began.
          const begins: number[] = [];
          let t = 0;
          for (const g of gaps) begins.push((t += g));
          const end = t + tail;
          // Expected: the first phase whose length passes its allowance is stopped at its end of allowance.
          const phases = [{ from: 0, to: begins[0], allow: hardMs + startBudgetMs, begun: false }, ...begins.map((b, i) => ({ from: b, to: begins[i + 1] ?? end, allow: hardMs, begun: true }))];
          const over = phases.find((p) => p.to - p.from > p.allow);
          const got = simulate(begins, end, hardMs, startBudgetMs);
          if (!over) expect(got).toBeUndefined();
          else expect(got).toEqual({ at: over.from + over.allow, begun: over.begun });
        },
      ),
    );
  });
});

describe('step deadlines (a PDF page timed from outside its worker)', () => {
  it('a step stamp names the step under way and when it began, and nothing once none runs', () => {
    const stamp = newBeginStamp();
    const admitted = nowEpochMs();
    expect(stepOf(stamp, admitted)).toBeUndefined();
    stampStep(stamp, 3);
    const s = stepOf(stamp, admitted)!;
    expect(s.id).toBe(3);
    expect(s.at).toBeGreaterThanOrEqual(admitted);
    stampStep(stamp, -1);
    expect(stepOf(stamp, admitted)!.id).toBe(-1);
    stampStep(stamp, 0);
    expect(stepOf(stamp, admitted)).toBeUndefined();
  });

  /**
   * A task begun at 0 whose steps run one after another (each `[start, length]`, gaps between
   * them), watched as the pool watches it: first look at min(file, step) limit, then as
   * deadlineStep says. Returns when and why it was stopped, or undefined when it ended first.
   */
  function simulateSteps(steps: Array<[number, number]>, end: number, hardMs: number, stepMs: number): { at: number; step?: number } | undefined {
    let t = Math.min(hardMs, stepMs);
    for (let looks = 0; looks < 100_000; looks++) {
      if (t >= end) return undefined;
      const i = steps.findIndex(([from, length]) => from <= t && t < from + length);
      const running = i >= 0 ? { id: i + 1, at: steps[i][0] } : undefined;
      const r = deadlineStep(t, 0, 0, hardMs, 0, { hardMs: stepMs, running });
      if (r.expired) return { at: t, ...(r.step ? { step: r.step.id } : {}) };
      expect(r.recheckInMs).toBeGreaterThan(0);
      expect(r.recheckInMs).toBeLessThanOrEqual(stepMs);
      t += r.recheckInMs;
    }
    throw new Error('the timer never settled');
  }

  it('stops the first step that outlasts its limit exactly at its limit, and never a step that does not', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 500 }),
        fc.array(fc.tuple(fc.integer({ min: 0, max: 300 }), fc.integer({ min: 1, max: 1000 })), { minLength: 1, maxLength: 12 }),
        fc.integer({ min: 0, max: 300 }),
        (stepMs, gapsAndLengths, tail) => {
          const steps: Array<[number, number]> = [];
          let t = 0;
          for (const [gap, length] of gapsAndLengths) {
            steps.push([t + gap, length]);
            t += gap + length;
          }
          const end = t + tail;
          // The file's own limit lies beyond the end: only a step can stop the task.
          const got = simulateSteps(steps, end, end + 1, stepMs);
          const over = steps.findIndex(([, length]) => length > stepMs);
          if (over < 0) expect(got).toBeUndefined();
          else expect(got).toEqual({ at: steps[over][0] + stepMs, step: over + 1 });
        },
      ),
    );
  });
});

describe('the pool deadline', () => {
  it('does not run while the file waits for its worker to load the readers', async () => {
    // One worker that loads pdf.js before its first task (hundreds of ms), and a file deadline far
    // shorter than that: timed from the handing over, the file would be stopped before it began.
    // The text reader is loaded with them: its own first load (~80 ms in a cold worker under the
    // test runner) would be the file's time, and is not what this test is about.
    const pool = new ExtractionPool({ workers: 1, preload: ['pdf', 'docx', 'text'], graceMs: 0 });
    try {
      const t0 = performance.now();
      const out = await pool.extract(new TextEncoder().encode('关于召开年度工作会议的通知\n'), { filename: 'notice.txt', limits: { ...DEFAULT_LIMITS, fileTimeoutMs: 60 } }, undefined);
      const took = performance.now() - t0;
      expect(out.kind).toBe('extracted');
      // The worker's start did take longer than the deadline, so the test shows what it claims.
      expect(took).toBeGreaterThan(60);
      expect(pool.deaths).toBe(0);
    } finally {
      await pool.close();
    }
  }, 60_000);

  it('ends a file no worker has begun as cancelled when the pool closes, and the one being read too', async () => {
    const pool = new ExtractionPool({ workers: 1, preload: [], graceMs: 0 });
    const limits = { ...DEFAULT_LIMITS, fileTimeoutMs: 60_000 };
    const settle = (p: Promise<unknown>) => p.then(() => undefined, (e: unknown) => e as WorkerDeath);
    // The one worker reads a PDF that never ends; the text waits its turn behind it.
    const reading = settle(pool.extract(operatorBombPdf(), { filename: 'bomb.pdf', limits }, undefined));
    await new Promise((r) => setTimeout(r, 1500));
    const waiting = settle(pool.extract(new TextEncoder().encode('通知\n'), { filename: 'notice.txt', limits }, undefined));
    await new Promise((r) => setTimeout(r, 50));
    await pool.close();
    const [first, second] = await Promise.all([reading, waiting]);
    expect(second).toBeInstanceOf(WorkerDeath);
    expect((second as WorkerDeath).reason).toBe('aborted');
    expect((second as WorkerDeath).message).toMatch(/closed before a worker took the file/);
    // Never a result: the PDF being read ends as unread too.
    expect(first).toBeInstanceOf(WorkerDeath);
  }, 60_000);
});

