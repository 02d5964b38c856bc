import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BoundedQueue, QueueFullError } from '../src/queue.ts';
import { combine, worse } from '../src/review.ts';
import type { ScanResult, Verdict } from '@prepub/core';

describe('BoundedQueue', () => {
  it('never runs more than the limit, never holds more than the queue size, and finishes every accepted job', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 0, max: 4 }), fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 1, maxLength: 30 }), async (concurrency, maxWaiting, delays) => {
        const q = new BoundedQueue(concurrency, maxWaiting);
        let running = 0;
        let peak = 0;
        let peakWaiting = 0;
        let accepted = 0;
        let refused = 0;
        const done: Promise<unknown>[] = [];
        for (const d of delays) {
          const p = q.run(async () => {
            running++;
            peak = Math.max(peak, running);
            await new Promise((r) => setTimeout(r, d));
            running--;
            return d;
          });
          peakWaiting = Math.max(peakWaiting, q.waiting);
          done.push(
            p.then(
              () => accepted++,
              (e) => {
                expect(e).toBeInstanceOf(QueueFullError);
                refused++;
              },
            ),
          );
        }
        await Promise.all(done);
        expect(peak).toBeLessThanOrEqual(concurrency);
        expect(peakWaiting).toBeLessThanOrEqual(maxWaiting);
        expect(accepted + refused).toBe(delays.length);
        expect(accepted).toBeGreaterThanOrEqual(Math.min(delays.length, concurrency));
        expect(q.active).toBe(0);
        expect(q.waiting).toBe(0);
      }),
      { numRuns: 60 },
    );
  });

  it('frees the place of a waiter whose request is abandoned', async () => {
    const q = new BoundedQueue(1, 1);
    let release!: () => void;
    const first = q.run(() => new Promise<void>((r) => (release = r)));
    const ac = new AbortController();
    const second = q.run(async () => 'never', ac.signal);
    expect(q.waiting).toBe(1);
    ac.abort();
    await expect(second).rejects.toThrow(/abandoned/);
    expect(q.waiting).toBe(0);
    expect(q.hasRoom()).toBe(true);
    release();
    await first;
    expect(q.active).toBe(0);
  });
});

describe('combining an article with its attachments', () => {
  const result = (verdict: Verdict, unread = 0): ScanResult => ({
    verdict,
    reasons: [],
    findings: [],
    suppressed: [],
    coverage: { complete: unread === 0, parts: [], unread: Array.from({ length: unread }, () => ({ where: 'file', reason: 'encrypted' as const, detail: '文件已加密' })), images: { total: 0, ocred: 0 }, embedded: { total: 0, scanned: 0 } },
    errors: [],
    document: { format: 'text', mediaType: 'text/plain', size: 1 },
    policyVersion: 'p',
    durationMs: 1,
  });
  const arb = fc.array(fc.record({ v: fc.constantFrom<Verdict>('pass', 'review', 'block'), unread: fc.nat({ max: 2 }) }), { maxLength: 6 });

  it('is the worst verdict, and never pass when anything is unread or nothing was sent', () => {
    fc.assert(
      fc.property(arb, (items) => {
        const out = combine(items.map((i, index) => ({ source: { kind: 'attachment' as const, index, filename: `附件${index + 1}.docx` }, result: result(i.v, i.unread) })));
        const expected = items.reduce<Verdict>((acc, i) => worse(acc, i.v === 'pass' && i.unread ? 'review' : i.v), 'pass');
        expect(out.verdict).toBe(items.length === 0 ? 'review' : expected);
        expect(out.publishAllowed).toBe(out.verdict === 'pass');
        if (items.some((i) => i.unread > 0)) expect(out.verdict).not.toBe('pass');
        expect(out.unread).toHaveLength(items.reduce((n, i) => n + i.unread, 0));
      }),
    );
  });
});

async function until(f: () => boolean, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (!f()) {
    if (Date.now() > end) throw new Error(`not within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

describe('BoundedQueue with quick slots', () => {
  it('a quick job starts in its own slot while slow jobs hold every other, and waiting quick jobs go first', async () => {
    const q = new BoundedQueue(1, 4, 1);
    const order: string[] = [];
    let releaseSlow!: () => void;
    const slow = q.run(() => new Promise<void>((r) => (releaseSlow = r)).then(() => order.push('slow')));
    // The ordinary slot is taken: a slow job waits, a quick one starts at once.
    const slow2 = q.run(async () => order.push('slow2'));
    expect(q.waiting).toBe(1);
    let releaseQuick!: () => void;
    const quick = q.run(() => new Promise<void>((r) => (releaseQuick = r)).then(() => order.push('quick')), undefined, true);
    expect(q.active).toBe(2);
    expect(q.waiting).toBe(1);
    // Every slot is taken now: a second quick job waits, and goes before the slow one that came first.
    const quick2 = q.run(async () => order.push('quick2'), undefined, true);
    expect(q.waiting).toBe(2);
    releaseSlow();
    await slow;
    await quick2;
    // The ordinary slot quick2 took is the slow one's as soon as quick2 is done, while the first
    // quick job still holds the quick slot.
    await slow2;
    expect(order).toEqual(['slow', 'quick2', 'slow2']);
    releaseQuick();
    await quick;
    expect(order).toEqual(['slow', 'quick2', 'slow2', 'quick']);
    expect(q.active).toBe(0);
  });

  it('a waiting slow job is passed by at most quickPassLimit quick ones, then starts, and the quick ones go on after it', async () => {
    const q = new BoundedQueue(1, 20, 0, 3);
    const order: string[] = [];
    let release!: () => void;
    const first = q.run(() => new Promise<void>((r) => (release = r)));
    const slow = q.run(async () => void order.push('slow'));
    const quick = Array.from({ length: 5 }, (_, i) => q.run(async () => void order.push(`q${i + 1}`), undefined, true));
    release();
    await Promise.all([first, slow, ...quick]);
    expect(order).toEqual(['q1', 'q2', 'q3', 'slow', 'q4', 'q5']);
  });

  it('quick uploads arriving without end through their own slot do not starve a waiting PDF', async () => {
    // One ordinary slot held by a PDF, one quick slot; a second PDF waits.
    const q = new BoundedQueue(1, 200, 1, 2);
    let releasePdf!: () => void;
    const pdf = q.run(() => new Promise<void>((r) => (releasePdf = r)));
    let quickStarted = 0;
    let quickBeforeSecond = -1;
    let released = -1;
    const second = q.run(async () => void (quickBeforeSecond = quickStarted - released));
    // Quick uploads come faster than they finish: some always wait, one always holds a slot.
    let stop = false;
    const inFlight: Promise<unknown>[] = [];
    const stream = (async () => {
      while (!stop && inFlight.length < 400) {
        // Refused when the waiting places are full: the stream goes on regardless.
        inFlight.push(q.run(() => (quickStarted++, new Promise<void>((r) => setTimeout(r, 3))), undefined, true).catch((e: unknown) => expect(e).toBeInstanceOf(QueueFullError)));
        await new Promise((r) => setTimeout(r, 1));
      }
    })();
    await new Promise((r) => setTimeout(r, 20));
    released = quickStarted;
    releasePdf();
    await pdf;
    await until(() => quickBeforeSecond >= 0, 10_000);
    stop = true;
    await stream;
    await Promise.all([second, ...inFlight]);
    // After the PDF's slot freed, the pass limit of quick uploads took it (2), and the quick slot
    // served a few more meanwhile (each 3 ms): never the stream.
    expect(quickBeforeSecond).toBeLessThanOrEqual(12);
    expect(q.active).toBe(0);
  });

  it('never runs more slow jobs than the limit, nor more jobs than limit + quick slots, and finishes every accepted job', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 0, max: 2 }), fc.integer({ min: 0, max: 4 }), fc.integer({ min: 1, max: 3 }), fc.array(fc.tuple(fc.boolean(), fc.integer({ min: 0, max: 4 })), { minLength: 1, maxLength: 25 }), async (concurrency, quickSlots, maxWaiting, passLimit, jobs) => {
        const q = new BoundedQueue(concurrency, maxWaiting, quickSlots, passLimit);
        // Starts in order, to check the pass limit: what started while each slow job waited.
        const starts: Array<{ quick: boolean; job: number }> = [];
        const arrivedAt = new Map<number, number>();
        let running = 0;
        let slowRunning = 0;
        let peak = 0;
        let slowPeak = 0;
        const done: Promise<unknown>[] = [];
        for (const [n, [quick, d]] of jobs.entries()) {
          arrivedAt.set(n, starts.length);
          const p = q.run(
            async () => {
              starts.push({ quick, job: n });
              running++;
              if (!quick) slowRunning++;
              peak = Math.max(peak, running);
              slowPeak = Math.max(slowPeak, slowRunning);
              await new Promise((r) => setTimeout(r, d));
              running--;
              if (!quick) slowRunning--;
            },
            undefined,
            quick,
          );
          expect(q.waiting).toBeLessThanOrEqual(maxWaiting);
          done.push(p.catch((e) => expect(e).toBeInstanceOf(QueueFullError)));
        }
        await Promise.all(done);
        expect(slowPeak).toBeLessThanOrEqual(concurrency);
        expect(peak).toBeLessThanOrEqual(concurrency + quickSlots);
        expect(q.active).toBe(0);
        expect(q.waiting).toBe(0);
        // Without quick slots every quick job takes a slot a waiting slow one could have had: a pass.
        if (quickSlots === 0)
          starts.forEach((st, at) => {
          if (st.quick) return;
          const meanwhile = starts.slice(arrivedAt.get(st.job), at);
          const slowAhead = meanwhile.filter((m) => !m.quick).length;
          expect(meanwhile.length - slowAhead).toBeLessThanOrEqual(passLimit * (slowAhead + 1));
        });
      }),
      { numRuns: 60 },
    );
  });
});
