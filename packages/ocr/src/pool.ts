import type { Worker as TessWorker } from 'tesseract.js';

/** Why a pooled job did not finish. */
export type PoolFailure = 'timeout' | 'ocr-failed' | 'aborted';

/** A job the pool could not finish; `reason` maps onto an UnreadItem reason. */
export class PoolError extends Error {
  override name = 'PoolError';
  constructor(readonly reason: PoolFailure, message: string) {
    super(message);
  }
}

interface Slot {
  worker?: TessWorker;
  busy: boolean;
  /** Set while a job runs: rejects it when the worker thread dies. */
  onCrash?: (message: string) => void;
}

/** The thread inside a tesseract.js worker (not in its public typings). */
interface ThreadLike {
  on(event: 'error', cb: (err: Error) => void): void;
  on(event: 'exit', cb: (code: number) => void): void;
}

/**
 * A fixed-size pool of tesseract.js workers. Workers start on first use and are reused; a worker
 * that runs past its job's time budget, is aborted or crashes is terminated and its slot starts a
 * fresh worker for the next job, so one bad page never takes the pool down.
 */
export class WorkerPool {
  private readonly slots: Slot[] = [];
  private readonly waiters: Array<(slot: Slot) => void> = [];
  /** Workers started so far (restarts included); lets tests see a replacement happened. */
  started = 0;

  constructor(
    readonly size: number,
    private readonly factory: () => Promise<TessWorker>,
    private readonly startTimeoutMs: number,
  ) {}

  /** Runs `task` on a free worker within `timeoutMs` (the worker start is not counted). */
  async run<T>(task: (worker: TessWorker) => Promise<T>, timeoutMs: number, signal?: AbortSignal): Promise<T> {
    if (signal?.aborted) throw new PoolError('aborted', 'the scan was cancelled');
    const slot = await this.acquire(signal);
    try {
      const worker = await this.ensureWorker(slot, signal);
      return await this.guard(slot, worker, task(worker), timeoutMs, signal);
    } finally {
      this.release(slot);
    }
  }

  /** Terminates every worker. The pool can be used again afterwards: workers restart lazily. */
  async close(): Promise<void> {
    await Promise.all(this.slots.map((s) => this.kill(s, 'the OCR engine was closed')));
  }

  private acquire(signal?: AbortSignal): Promise<Slot> {
    const free = this.slots.find((s) => !s.busy);
    if (free) {
      free.busy = true;
      return Promise.resolve(free);
    }
    if (this.slots.length < this.size) {
      const slot: Slot = { busy: true };
      this.slots.push(slot);
      return Promise.resolve(slot);
    }
    return new Promise<Slot>((resolve, reject) => {
      const waiter = (slot: Slot) => {
        signal?.removeEventListener('abort', onAbort);
        resolve(slot);
      };
      const onAbort = () => {
        const i = this.waiters.indexOf(waiter);
        if (i >= 0) this.waiters.splice(i, 1);
        reject(new PoolError('aborted', 'the scan was cancelled while waiting for an OCR worker'));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiters.push(waiter);
    });
  }

  private release(slot: Slot): void {
    slot.onCrash = undefined;
    const next = this.waiters.shift();
    if (next) next(slot);
    else slot.busy = false;
  }

  private async ensureWorker(slot: Slot, signal?: AbortSignal): Promise<TessWorker> {
    if (slot.worker) return slot.worker;
    const starting = this.factory();
    this.started++;
    const worker = await this.guard(slot, undefined, starting, this.startTimeoutMs, signal, 'starting the OCR worker');
    slot.worker = worker;
    const thread = (worker as unknown as { worker?: ThreadLike }).worker;
    const crashed = (message: string) => {
      if (slot.worker !== worker) return; // terminated on purpose
      slot.worker = undefined;
      slot.onCrash?.(message);
    };
    thread?.on('error', (err) => crashed(`the OCR worker crashed: ${err.message}`));
    thread?.on('exit', (code) => crashed(`the OCR worker exited (code ${code})`));
    return worker;
  }

  /** Races a job against its budget, the abort signal and a worker crash. */
  private guard<T>(slot: Slot, worker: TessWorker | undefined, job: Promise<T>, timeoutMs: number, signal?: AbortSignal, what = 'OCR'): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      let done = false;
      const finish = (fn: () => void) => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        fn();
      };
      const fail = (err: PoolError) =>
        finish(() => {
          // A worker stuck in WebAssembly cannot be interrupted: end its thread, start a new one later.
          void this.kill(slot, err.message);
          if (!worker) void job.then((w) => (w as unknown as TessWorker | undefined)?.terminate?.(), () => undefined);
          reject(err);
        });
      const timer = setTimeout(() => fail(new PoolError('timeout', `${what} took longer than ${timeoutMs} ms`)), Math.max(1, timeoutMs));
      const onAbort = () => fail(new PoolError('aborted', 'the scan was cancelled'));
      signal?.addEventListener('abort', onAbort, { once: true });
      slot.onCrash = (message) => finish(() => reject(new PoolError('ocr-failed', message)));
      job.then(
        (v) => finish(() => resolve(v)),
        (err: unknown) => finish(() => reject(new PoolError('ocr-failed', `${what} failed: ${err instanceof Error ? err.message : String(err)}`))),
      );
    });
  }

  private async kill(slot: Slot, why: string): Promise<void> {
    const w = slot.worker;
    slot.worker = undefined;
    // A job still running on this worker (engine closed under it) ends as failed, never hangs.
    slot.onCrash?.(why);
    if (w) await w.terminate().catch(() => undefined);
  }
}
