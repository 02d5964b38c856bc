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

interface Waiter {
  quick: boolean;
  start: () => void;
  fail: (e: Error) => void;
}

/**
 * At most `concurrency` jobs run; at most `maxWaiting` wait; anything beyond is refused at once.
 * There is never an unbounded backlog.
 *
 * Quick jobs (a short text or a small DOCX, as opposed to a PDF: see `isQuickFile` of
 * `@prepub/scanner`) have `quickSlots` more slots that only they may take, and a waiting quick job
 * starts before any waiting slow one: a text upload is answered while PDFs hold every other slot.
 */
export class BoundedQueue {
  active = 0;
  private readonly waiters: Waiter[] = [];

  constructor(
    readonly concurrency: number,
    readonly maxWaiting: number,
    readonly quickSlots = 0,
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

  private canStart(quick: boolean): boolean {
    return this.active < this.concurrency + (quick ? this.quickSlots : 0);
  }

  /**
   * Runs `job` when a slot is free. The slot is held until the job's promise settles, even when
   * the caller has stopped waiting for it, so a scan that ignores its abort signal still counts.
   */
  async run<T>(job: () => Promise<T>, signal?: AbortSignal, quick = false): Promise<T> {
    if (!this.canStart(quick)) {
      if (this.waiters.length >= this.maxWaiting) throw new QueueFullError();
      await new Promise<void>((resolve, reject) => {
        const w: Waiter = {
          quick,
          start: () => {
            signal?.removeEventListener('abort', onAbort);
            resolve();
          },
          fail: reject,
        };
        const onAbort = () => {
          const i = this.waiters.indexOf(w);
          if (i >= 0) this.waiters.splice(i, 1);
          reject(new QueueAbortedError());
        };
        if (signal?.aborted) return reject(new QueueAbortedError());
        signal?.addEventListener('abort', onAbort, { once: true });
        this.waiters.push(w);
      });
    } else {
      this.active++;
    }
    // `active` was incremented by the release that woke us, or above.
    let p: Promise<T>;
    try {
      p = job();
    } catch (e) {
      this.release();
      throw e;
    }
    p.then(
      () => this.release(),
      () => this.release(),
    );
    return p;
  }

  private release(): void {
    this.active--;
    // Quick waiters first (each kind in arrival order). A quick one that cannot start means no slot
    // is free at all, since quick jobs may take every slot slow ones may.
    const q = this.waiters.findIndex((w) => w.quick);
    const i = q >= 0 ? (this.canStart(true) ? q : -1) : this.waiters.length && this.canStart(false) ? 0 : -1;
    if (i < 0) return;
    const [next] = this.waiters.splice(i, 1);
    this.active++;
    next.start();
  }
}
