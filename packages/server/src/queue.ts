import { QUICK_PASS_LIMIT, QuickFirstLine } from '@prepub/scanner';

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
 * their own slots until it has started: a stream of quick uploads delays a PDF, never starves it
 * (the reader pool's policy, `QuickFirstLine` of `@prepub/scanner`).
 */
export class BoundedQueue {
  active = 0;
  /** Jobs in the slots kept for quick ones. */
  private inQuickSlots = 0;
  private readonly waiters: QuickFirstLine<Waiter>;

  constructor(
    readonly concurrency: number,
    readonly maxWaiting: number,
    readonly quickSlots = 0,
    readonly quickPassLimit = QUICK_PASS_LIMIT,
  ) {
    if (!(concurrency >= 1)) throw new RangeError('concurrency must be at least 1');
    if (!(maxWaiting >= 0)) throw new RangeError('queue size must be 0 or more');
    this.waiters = new QuickFirstLine<Waiter>(quickPassLimit);
  }

  get waiting(): number {
    return this.waiters.length;
  }

  /** Whether a new job would be accepted now (used to refuse before reading a large body). */
  hasRoom(): boolean {
    return this.active < this.concurrency + this.quickSlots || this.waiters.length < this.maxWaiting;
  }

  /** The slot a job of this kind would take now, if any. */
  private slotFor(quick: boolean): { place: Slot; shared: boolean } | undefined {
    if (quick && this.inQuickSlots < this.quickSlots) return { place: 'quick', shared: false };
    if (this.active - this.inQuickSlots >= this.concurrency) return undefined;
    if (quick && !this.waiters.quickMayPass()) return undefined;
    return { place: 'ordinary', shared: true };
  }

  private take(slot: Slot): void {
    this.active++;
    if (slot === 'quick') this.inQuickSlots++;
  }

  /**
   * Runs `job` when a slot is free. The slot is held until the job's promise settles, even when
   * the caller has stopped waiting for it, so a scan that ignores its abort signal still counts.
   */
  async run<T>(job: () => Promise<T>, signal?: AbortSignal, quick = false): Promise<T> {
    const now = this.slotFor(quick);
    let slot: Slot;
    if (!now) {
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
          this.waiters.remove(w);
          reject(new QueueAbortedError());
          // A slow job leaving may free quick ones held back for it.
          this.pump();
        };
        if (signal?.aborted) return reject(new QueueAbortedError());
        signal?.addEventListener('abort', onAbort, { once: true });
        this.waiters.push(w, quick);
      });
    } else {
      this.waiters.took(quick, now.shared);
      this.take(now.place);
      slot = now.place;
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
      const next = this.waiters.next((quick) => this.slotFor(quick));
      if (!next) return;
      this.take(next.place);
      next.item.start(next.place);
    }
  }
}
