/**
 * Time measured for tests that bound how work grows (linear, not quadratic): CPU time of the test
 * process, not wall time. vitest runs each test file in a process of its own (pool: 'forks'), and on
 * a loaded machine the wall clock counts other processes' turns; a quadratic reading still costs the
 * CPU these bound. The product's own deadlines (a reader stopped at its time limit, a service's
 * timeout) are wall-clock promises and are not measured with these.
 */

/** CPU milliseconds this process has spent since `from` (`process.cpuUsage()` taken before the work). */
export const cpuMsSince = (from: NodeJS.CpuUsage): number => {
  const t = process.cpuUsage(from);
  return (t.user + t.system) / 1000;
};

/**
 * CPU milliseconds one call takes: the least of a few batches, each repeated for 20 ms of CPU at
 * least (slow calls end the measuring early). Only ratios of these are asserted.
 */
export function perCall(fn: () => unknown): number {
  let best = Infinity;
  const started = process.cpuUsage();
  for (let b = 0; b < 5 && cpuMsSince(started) < 1000; b++) {
    let n = 0;
    const t = process.cpuUsage();
    let elapsed = 0;
    do {
      fn();
      n++;
      elapsed = cpuMsSince(t);
    } while (elapsed < 20);
    best = Math.min(best, elapsed / n);
  }
  return best;
}
