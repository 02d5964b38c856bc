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

/** The thread inside a tesseract.js worker (a Node `worker_threads.Worker`, not in its public typings). */
interface ThreadLike {
  on(event: 'error', cb: (err: Error) => void): void;
  on(event: 'exit', cb: (code: number) => void): void;
  ref?(): void;
  unref?(): void;
}

const threadOf = (w: TessWorker | undefined): ThreadLike | undefined => (w as unknown as { worker?: ThreadLike } | undefined)?.worker ?? undefined;

interface Waiter {
  resolve(slot: Slot): void;
  reject(err: PoolError): void;
}

/**
 * A fixed-size pool of tesseract.js workers. Workers start on first use and are reused; a worker
 * that runs past its job's time budget, is aborted or crashes is terminated and its slot starts a
 * fresh worker for the next job, so one bad page never takes the pool down.
 *
 * An idle worker thread is unref'd: a pool that was never closed does not keep the process alive
 * (a running or starting job does). {@link WorkerPool.close} ends every thread, including one still
 * starting and the jobs waiting for a worker.
 */
export class WorkerPool {
  private readonly slots: Slot[] = [];
  private readonly waiters: Waiter[] = [];
  /** Bumped by close(): a worker whose start began before it is terminated as soon as it arrives. */
  private generation = 0;
  /** Workers whose start was given up on, ended when they arrive; close() waits for them. */
  private readonly dropping = new Set<Promise<void>>();
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
      threadOf(worker)?.ref?.();
      return await this.guard(slot, worker, task(worker), timeoutMs, signal);
    } finally {
      this.release(slot);
    }
  }

  /**
   * Terminates every worker, fails the jobs waiting for one and resolves once the threads have
   * exited. The pool can be used again afterwards: workers restart lazily.
   */
  async close(): Promise<void> {
    this.generation++;
    const why = 'the OCR engine was closed';
    for (const w of this.waiters.splice(0)) w.reject(new PoolError('ocr-failed', why));
    await Promise.all(this.slots.map((s) => this.kill(s, why)));
    await Promise.all([...this.dropping]);
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
      const waiter: Waiter = {
        resolve: (slot) => {
          signal?.removeEventListener('abort', onAbort);
          resolve(slot);
        },
        reject: (err) => {
          signal?.removeEventListener('abort', onAbort);
          reject(err);
        },
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
    if (next) return next.resolve(slot);
    slot.busy = false;
    // An idle thread must not keep the process alive when the owner forgets close().
    threadOf(slot.worker)?.unref?.();
  }

  private async ensureWorker(slot: Slot, signal?: AbortSignal): Promise<TessWorker> {
    if (slot.worker) return slot.worker;
    const generation = this.generation;
    const starting = this.factory();
    this.started++;
    const worker = await this.guard(slot, undefined, starting, this.startTimeoutMs, signal, 'starting the OCR worker');
    if (generation !== this.generation) {
      // close() ran while this worker was starting: it must not outlive the pool.
      await terminateThread(worker);
      throw new PoolError('ocr-failed', 'the OCR engine was closed');
    }
    slot.worker = worker;
    const thread = threadOf(worker);
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
      // A worker start given up on (timeout, abort, engine closed) still delivers its worker later: end it then.
      const dropStart = () => {
        if (worker) return;
        const p = job.then((w) => terminateThread(w as unknown as TessWorker), () => undefined).finally(() => this.dropping.delete(p));
        this.dropping.add(p);
      };
      const fail = (err: PoolError) =>
        finish(() => {
          // A worker stuck in WebAssembly cannot be interrupted: end its thread, start a new one later.
          void this.kill(slot, err.message);
          dropStart();
          reject(err);
        });
      const timer = setTimeout(() => fail(new PoolError('timeout', `${what} took longer than ${timeoutMs} ms`)), Math.max(1, timeoutMs));
      const onAbort = () => fail(new PoolError('aborted', 'the scan was cancelled'));
      signal?.addEventListener('abort', onAbort, { once: true });
      slot.onCrash = (message) =>
        finish(() => {
          dropStart();
          reject(new PoolError('ocr-failed', message));
        });
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
    if (w) await terminateThread(w);
  }
}

/**
 * tesseract.js `terminate()` calls `worker_threads.Worker.terminate()` without awaiting it, so the
 * thread and its message port can still be alive when it returns. Wait for the thread's exit.
 */
async function terminateThread(w: TessWorker | undefined): Promise<void> {
  if (!w) return;
  const thread = threadOf(w) as (ThreadLike & { threadId?: number; once?(e: 'exit', cb: () => void): void }) | undefined;
  const exited = thread?.once && thread.threadId !== -1 ? new Promise<void>((resolve) => thread.once!('exit', () => resolve())) : Promise.resolve();
  await w.terminate().catch(() => undefined);
  // Bounded: a thread stuck in WebAssembly is torn down by Node anyway; never hang close().
  await Promise.race([exited, new Promise<void>((r) => setTimeout(r, 2000).unref())]);
}
