/** Raised when neither a scan slot nor a waiting place is free: the caller answers 503. */
export class QueueFullError extends Error {
  constructor() {
    super('the scan queue is full');
    this.name = 'QueueFullError';
  }
}

/** Raised when the request's signal fires while it waits for a slot. */
export class QueueAbortedError extends Error {
  constructor() {
    super('the request was abandoned while waiting for a scan slot');
    this.name = 'QueueAbortedError';
  }
}

/** Which kind of slot a job holds: one any job may take, or one kept for quick jobs. */
type Slot = 'ordinary' | 'quick';

interface Waiter {
  quick: boolean;
  start: (slot: Slot) => void;
  fail: (e: Error) => void;
}

/**
 * At most `concurrency` jobs run; at most `maxWaiting` wait; anything beyond is refused at once.
 * There is never an unbounded backlog.
 *
 * Quick jobs (a short text or a small DOCX, as opposed to a PDF: see `isQuickFile` of
 * `@prepub/scanner`) have `quickSlots` more slots that only they may take, and a waiting quick job
 * starts before any waiting slow one: a text upload is answered while PDFs hold every other slot.
 * A quick job takes a slot of its own when one is free, an ordinary one otherwise; once
 * `quickPassLimit` quick jobs have taken ordinary slots while a slow job waited, quick jobs keep to
 * their own slots until it has started: a stream of quick uploads delays a PDF, never starves it.
 */
export class BoundedQueue {
  active = 0;
  /** Jobs in the slots kept for quick ones. */
  private inQuickSlots = 0;
  private readonly waiters: Waiter[] = [];
  /** Quick jobs that took an ordinary slot while a slow one waited, since a slow one last started. */
  private passes = 0;

  constructor(
    readonly concurrency: number,
    readonly maxWaiting: number,
    readonly quickSlots = 0,
    readonly quickPassLimit = 8,
  ) {
    if (!(concurrency >= 1)) throw new RangeError('concurrency must be at least 1');
    if (!(maxWaiting >= 0)) throw new RangeError('queue size must be 0 or more');
  }

  get waiting(): number {
    return this.waiters.length;
  }

  /** Whether a new job would be accepted now (used to refuse before reading a large body). */
  hasRoom(): boolean {
    return this.active < this.concurrency + this.quickSlots || this.waiters.length < this.maxWaiting;
  }

  /** The slot a job of this kind would take now, if any. */
  private slotFor(quick: boolean): Slot | undefined {
    if (quick && this.inQuickSlots < this.quickSlots) return 'quick';
    if (this.active - this.inQuickSlots >= this.concurrency) return undefined;
    if (quick && this.passes >= this.quickPassLimit && this.waiters.some((w) => !w.quick)) return undefined;
    return 'ordinary';
  }

  private take(quick: boolean, slot: Slot): void {
    this.active++;
    if (slot === 'quick') this.inQuickSlots++;
    else if (!quick) this.passes = 0;
    else if (this.waiters.some((w) => !w.quick)) this.passes++;
  }

  /**
   * Runs `job` when a slot is free. The slot is held until the job's promise settles, even when
   * the caller has stopped waiting for it, so a scan that ignores its abort signal still counts.
   */
  async run<T>(job: () => Promise<T>, signal?: AbortSignal, quick = false): Promise<T> {
    let slot = this.slotFor(quick);
    if (!slot) {
      if (this.waiters.length >= this.maxWaiting) throw new QueueFullError();
      slot = await new Promise<Slot>((resolve, reject) => {
        const w: Waiter = {
          quick,
          start: (got) => {
            signal?.removeEventListener('abort', onAbort);
            resolve(got);
          },
          fail: reject,
        };
        const onAbort = () => {
          const i = this.waiters.indexOf(w);
          if (i >= 0) this.waiters.splice(i, 1);
          reject(new QueueAbortedError());
          // A slow job leaving may free quick ones held back for it.
          this.pump();
        };
        if (signal?.aborted) return reject(new QueueAbortedError());
        signal?.addEventListener('abort', onAbort, { once: true });
        this.waiters.push(w);
      });
    } else {
      this.take(quick, slot);
    }
    // The slot was taken by the release that woke us, or above.
    const held = slot;
    let p: Promise<T>;
    try {
      p = job();
    } catch (e) {
      this.release(held);
      throw e;
    }
    p.then(
      () => this.release(held),
      () => this.release(held),
    );
    return p;
  }

  private release(slot: Slot): void {
    this.active--;
    if (slot === 'quick') this.inQuickSlots--;
    this.pump();
  }

  /** Starts waiting jobs while slots allow: quick ones first (each kind in arrival order), within the pass limit. */
  private pump(): void {
    for (;;) {
      const s = this.waiters.findIndex((w) => !w.quick);
      if (s < 0) this.passes = 0;
      const q = this.waiters.findIndex((w) => w.quick);
      // The slow one first once quick ones have passed it as often as allowed.
      const order = s >= 0 && this.passes >= this.quickPassLimit ? [s, q] : [q, s];
      let started = false;
      for (const i of order) {
        if (i < 0) continue;
        const slot = this.slotFor(this.waiters[i].quick);
        if (!slot) continue;
        const [next] = this.waiters.splice(i, 1);
        this.take(next.quick, slot);
        next.start(slot);
        started = true;
        break;
      }
      if (!started) return;
    }
  }
}
