/**
 * When the reading pool renews its workers (pool.ts, renewalDue) and how a worker's start is timed
 * for it (extract-worker.ts, threadCpuMs: the thread's own CPU time, not the wall clock nor the
 * whole process's CPU).
 */
import { Worker } from 'node:worker_threads';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { threadCpuMs } from '../src/extract-worker.ts';
import { renewalDue, renewalOverheadMs, type RenewalState } from '../src/pool.ts';

const base: RenewalState = { aboveRssMb: 400, rssMb: 500, everyFiles: 200, filesSinceRenewal: 250, maxCpuShare: 0.05, workers: 2, workerStartMs: 500, cpuMsSinceRenewal: 30_000 };

describe('renewalDue', () => {
  it('renews once memory, files and the CPU budget all allow it', () => {
    expect(renewalDue(base)).toBe(true);
    expect(renewalDue({ ...base, rssMb: 400 })).toBe(false);
    expect(renewalDue({ ...base, filesSinceRenewal: 199 })).toBe(false);
    expect(renewalDue({ ...base, aboveRssMb: 0, rssMb: 5000 })).toBe(false);
    // Two workers at 500 ms each within 5%: 20 CPU-seconds since the last renewal.
    expect(renewalDue({ ...base, cpuMsSinceRenewal: 19_999 })).toBe(false);
    expect(renewalDue({ ...base, cpuMsSinceRenewal: 20_000 })).toBe(true);
    // No CPU budget: the count of files alone.
    expect(renewalDue({ ...base, maxCpuShare: 0, cpuMsSinceRenewal: 0 })).toBe(true);
  });

  it('budgets a renewal at what the last one was measured to cost, when that is more than the starts', () => {
    // Measured at 3,500 ms (the helpers compiling again, cold files): 70 CPU-seconds within 5%.
    expect(renewalDue({ ...base, lastRenewalCostMs: 3_500, cpuMsSinceRenewal: 69_999 })).toBe(false);
    expect(renewalDue({ ...base, lastRenewalCostMs: 3_500, cpuMsSinceRenewal: 70_000 })).toBe(true);
    // Measured cheaper than the starts: the starts still count.
    expect(renewalDue({ ...base, lastRenewalCostMs: 10, cpuMsSinceRenewal: 19_999 })).toBe(false);
  });

  it('a renewal costs the CPU of the window after it beyond what its files cost before, never less than nothing', () => {
    expect(renewalOverheadMs({ cpuMs: 3_400, files: 200, cpuMsPerFileBefore: 5 })).toBe(2_400);
    expect(renewalOverheadMs({ cpuMs: 900, files: 200, cpuMsPerFileBefore: 5 })).toBe(0);
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1e6, noNaN: true }), fc.integer({ min: 0, max: 10_000 }), fc.double({ min: 0, max: 1e3, noNaN: true }), fc.double({ min: 0, max: 1e5, noNaN: true }), (cpuMs, files, perFile, more) => {
        const cost = renewalOverheadMs({ cpuMs, files, cpuMsPerFileBefore: perFile });
        expect(cost).toBeGreaterThanOrEqual(0);
        // More CPU in the window never makes the renewal look cheaper.
        expect(renewalOverheadMs({ cpuMs: cpuMs + more, files, cpuMsPerFileBefore: perFile })).toBeGreaterThanOrEqual(cost);
      }),
    );
  });

  it('never renews at or under the memory mark, and more CPU used never makes a due renewal undue', () => {
    const state = fc.record({
      aboveRssMb: fc.integer({ min: 0, max: 2000 }),
      rssMb: fc.double({ min: 0, max: 4000, noNaN: true }),
      everyFiles: fc.integer({ min: 1, max: 1000 }),
      filesSinceRenewal: fc.integer({ min: 0, max: 2000 }),
      maxCpuShare: fc.double({ min: 0, max: 1, noNaN: true }),
      workers: fc.integer({ min: 1, max: 64 }),
      workerStartMs: fc.double({ min: 1, max: 10_000, noNaN: true }),
      cpuMsSinceRenewal: fc.double({ min: 0, max: 1e7, noNaN: true }),
    });
    fc.assert(
      fc.property(state, fc.double({ min: 0, max: 1e7, noNaN: true }), (s, more) => {
        if (s.rssMb <= s.aboveRssMb) expect(renewalDue(s)).toBe(false);
        if (renewalDue(s)) expect(renewalDue({ ...s, cpuMsSinceRenewal: s.cpuMsSinceRenewal + more })).toBe(true);
        // A dearer start never makes a renewal come sooner.
        if (!renewalDue(s)) expect(renewalDue({ ...s, workerStartMs: s.workerStartMs * 2 })).toBe(false);
      }),
    );
  });
});

describe('threadCpuMs', () => {
  it('counts the calling thread only: another thread spinning does not add to it', async () => {
    if (process.platform !== 'linux') return void expect(threadCpuMs()).toBeUndefined();
    const mine0 = threadCpuMs()!;
    const cpu0 = process.cpuUsage();
    // Spins until its own thread has used 400 ms of CPU (however busy the machine).
    const spin = `const f = () => { const s = require('fs').readFileSync('/proc/thread-self/stat', 'latin1').split(') ')[1].split(' '); return (Number(s[11]) + Number(s[12])) * 10; };
      const t = f(); while (f() - t < 400);`;
    const spinner = new Worker(spin, { eval: true });
    await new Promise((done) => spinner.once('exit', done));
    const mine = threadCpuMs()! - mine0;
    const all = process.cpuUsage(cpu0);
    expect((all.user + all.system) / 1000).toBeGreaterThan(350);
    expect(mine).toBeLessThan(150);
    // And this thread's own work does count (ticks of 10 ms).
    const t0 = threadCpuMs()!;
    const c0 = process.cpuUsage();
    while ((process.cpuUsage(c0).user + process.cpuUsage(c0).system) / 1000 < 300);
    expect(threadCpuMs()! - t0).toBeGreaterThanOrEqual(200);
  });
});
