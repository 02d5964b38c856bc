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

/**
 * A task's begin stamp: `[0]` microseconds since the epoch of its last begin, 0 until it begins;
 * `[1]`, `[2]` the step of the read under way (see {@link stampStep}): when it began (µs, 0 while
 * none runs or while the worker is writing the pair) and which it is.
 */
export type BeginStamp = BigInt64Array;

export function newBeginStamp(): BeginStamp {
  return new BigInt64Array(new SharedArrayBuffer(24));
}

/** Step ids besides pages (pages are 1, 2, …): the reading of annotation appearances after the pages. */
export const STEP_APPEARANCES = -1;

/**
 * Said by the worker as a step of the read begins (a PDF page: its number; see
 * {@link STEP_APPEARANCES}), and with `0` when none runs. The pool stops a worker whose step runs
 * longer than the page time limit (see {@link stepOf}), which a reader's own timer cannot do when
 * the reader spins inside one synchronous call. Three stores, no message: the pool reads them only
 * when its timer fires. The begin is cleared first, so a reader never pairs one step's id with
 * another's begin (see {@link stepOf}).
 */
export function stampStep(stamp: BeginStamp | undefined, id: number): void {
  if (!stamp || stamp.length < 3) return;
  Atomics.store(stamp, 1, 0n);
  if (id === 0) return;
  Atomics.store(stamp, 2, BigInt(id));
  Atomics.store(stamp, 1, BigInt(Math.round(nowEpochMs() * 1000)));
}

/**
 * The step under way and when it began (ms since the epoch, clamped as {@link begunAt}), or
 * undefined when none runs. A begin read twice the same around the id belongs to that id: the
 * writer clears it before it writes another id.
 */
export function stepOf(stamp: BeginStamp, admittedAt: number, now: number = nowEpochMs()): { id: number; at: number } | undefined {
  if (stamp.length < 3) return undefined;
  for (let tries = 0; tries < 3; tries++) {
    const a = Atomics.load(stamp, 1);
    const id = Atomics.load(stamp, 2);
    const b = Atomics.load(stamp, 1);
    if (a !== b) continue;
    if (a === 0n) return undefined;
    return { id: Number(id), at: Math.min(now, Math.max(admittedAt, Number(a) / 1000)) };
  }
  return undefined;
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

/** What the pool's deadline timer does when it fires: stop the task (`step`: a step ran too long), or look again later. */
export type DeadlineStep = { expired: true; begun: boolean; step?: { id: number; ranMs: number } } | { expired: false; recheckInMs: number };

/** A task's step deadline: `hardMs` per step; `running`, the step under way (see {@link stepOf}). */
export interface StepWatch {
  hardMs: number;
  running?: { id: number; at: number };
}

/**
 * One firing of a task's deadline timer at `now`. A task is due `hardMs` after it last began, or,
 * while no worker has begun it, `hardMs + startBudgetMs` after it was handed over. The next look
 * comes when the task would be due if nothing changes, and never more than `hardMs` later, so a
 * begin between two looks is never missed: its deadline lies beyond the next look.
 *
 * With `steps`, a step under way is also due `steps.hardMs` after it began, and the looks come at
 * most `steps.hardMs` apart: a step that began after one look is seen at the next, before its
 * deadline, and the look after comes at that deadline.
 */
export function deadlineStep(now: number, admittedAt: number, begun: number | undefined, hardMs: number, startBudgetMs: number, steps?: StepWatch): DeadlineStep {
  const due = begun === undefined ? admittedAt + hardMs + startBudgetMs : begun + hardMs;
  if (now >= due) return { expired: true, begun: begun !== undefined };
  let recheckInMs = Math.min(due - now, hardMs);
  if (steps) {
    // Not begun yet (a worker still starting): no step runs, but one may begin before the next look.
    const r = begun === undefined ? undefined : steps.running;
    if (r && now >= r.at + steps.hardMs) return { expired: true, begun: true, step: { id: r.id, ranMs: now - r.at } };
    recheckInMs = Math.min(recheckInMs, r ? r.at + steps.hardMs - now : steps.hardMs);
  }
  return { expired: false, recheckInMs };
}
