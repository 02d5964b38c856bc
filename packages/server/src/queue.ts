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
  start: () => void;
  fail: (e: Error) => void;
}

/**
 * At most `concurrency` jobs run; at most `maxWaiting` wait; anything beyond is refused at once.
 * There is never an unbounded backlog.
 */
export class BoundedQueue {
  active = 0;
  private readonly waiters: Waiter[] = [];

  constructor(
    readonly concurrency: number,
    readonly maxWaiting: number,
  ) {
    if (!(concurrency >= 1)) throw new RangeError('concurrency must be at least 1');
    if (!(maxWaiting >= 0)) throw new RangeError('queue size must be 0 or more');
  }

  get waiting(): number {
    return this.waiters.length;
  }

  /** Whether a new job would be accepted now (used to refuse before reading a large body). */
  hasRoom(): boolean {
    return this.active < this.concurrency || this.waiters.length < this.maxWaiting;
  }

  /**
   * Runs `job` when a slot is free. The slot is held until the job's promise settles, even when
   * the caller has stopped waiting for it, so a scan that ignores its abort signal still counts.
   */
  async run<T>(job: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    if (this.active >= this.concurrency) {
      if (this.waiters.length >= this.maxWaiting) throw new QueueFullError();
      await new Promise<void>((resolve, reject) => {
        const w: Waiter = {
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
    // `active` was taken over from the job that woke us, or incremented above.
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
    const next = this.waiters.shift();
    if (next) next.start();
    else this.active--;
  }
}
