/**
 * When a worker began a task, written by the worker into memory the pool's thread reads, instead of
 * a message: a message woke the pool's thread twice a file (the read, then the check) only to
 * restart a timer (~8% of that thread's time in `pnpm bench scale`). The pool reads the stamp when
 * its deadline timer fires instead (see `ExtractionPool.run`).
 *
 * The clock is `performance.timeOrigin + performance.now()`: every thread's origin is the wall clock
 * when the thread started, so two threads agree to within the wall clock's own adjustments between
 * their starts; the pool clamps a stamp into the span it can vouch for (see {@link begunAt}).
 */

/** Milliseconds since the epoch, on a clock every thread of the process reads alike. */
export const nowEpochMs = (): number => performance.timeOrigin + performance.now();

/** A task's begin stamp: microseconds since the epoch of its last begin, 0 until it begins. */
export type BeginStamp = BigInt64Array;

export function newBeginStamp(): BeginStamp {
  return new BigInt64Array(new SharedArrayBuffer(8));
}

/** Said by the worker as it begins the task, and again as it begins checking the text it read. */
export function stampBegun(stamp: BeginStamp | undefined): void {
  if (stamp) Atomics.store(stamp, 0, BigInt(Math.round(nowEpochMs() * 1000)));
}

/**
 * When the task last began, ms since the epoch, or undefined while no worker has begun it. Never
 * before `admittedAt` (when the pool handed it over) nor after `now`: a worker whose clock runs
 * ahead or behind cannot move a deadline beyond those bounds.
 */
export function begunAt(stamp: BeginStamp, admittedAt: number, now: number = nowEpochMs()): number | undefined {
  const us = Atomics.load(stamp, 0);
  if (us === 0n) return undefined;
  return Math.min(now, Math.max(admittedAt, Number(us) / 1000));
}

/** What the pool's deadline timer does when it fires: stop the task, or look again later. */
export type DeadlineStep = { expired: true; begun: boolean } | { expired: false; recheckInMs: number };

/**
 * One firing of a task's deadline timer at `now`. A task is due `hardMs` after it last began, or,
 * while no worker has begun it, `hardMs + startBudgetMs` after it was handed over. The next look
 * comes when the task would be due if nothing changes, and never more than `hardMs` later, so a
 * begin between two looks is never missed: its deadline lies beyond the next look.
 */
export function deadlineStep(now: number, admittedAt: number, begun: number | undefined, hardMs: number, startBudgetMs: number): DeadlineStep {
  const due = begun === undefined ? admittedAt + hardMs + startBudgetMs : begun + hardMs;
  if (now >= due) return { expired: true, begun: begun !== undefined };
  return { expired: false, recheckInMs: Math.min(due - now, hardMs) };
}
