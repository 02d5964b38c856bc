/**
 * A prepub worker: takes scan jobs from the queue, reads their content (inline, shared path or URL),
 * scans it with one scanner, and stores the result in Redis (and PostgreSQL with the audit trail
 * when configured).
 *
 * Failure handling, all through BullMQ's own machinery:
 * - a run that throws (URL unreachable, database down) is retried with exponential backoff;
 * - a worker that dies mid-job stops renewing its lock; BullMQ's stalled-job check hands the job to
 *   another worker, which notices the unfinished earlier run and counts it as a failed attempt, so a
 *   crash also costs an attempt and waits out the backoff (a document that kills every worker does
 *   not take the cluster down in a tight loop);
 * - after the last attempt the job stays in BullMQ's failed set: the dead letter, which
 *   `prepub status` reports as unread, never as pass;
 * - on SIGTERM ({@link RunningWorker.close}) no new job is taken; jobs in flight finish within the
 *   grace period, or are aborted and put back in the queue for someone else.
 */
import { createHash } from 'node:crypto';
import { hostname } from 'node:os';
import { open, stat } from 'node:fs/promises';
import { Worker, UnrecoverableError, WaitingError, type Job } from 'bullmq';
import type { Scanner, ScannerOptions } from '@prepub/scanner';
import { DEFAULT_LIMITS } from '@prepub/core';
import { QUEUE_NAME, connectionFor, DEFAULT_RETRY, type ScanJobData } from './jobs.ts';
import { scanProfile } from './profile.ts';
import { RedisStore, PostgresResults, checkPostgresUrl, openRedis, type StoredResult } from './store.ts';
import { fetchBounded } from './fetch.ts';

/** Builds a scanner (the real one: `createScanner` from `@prepub/scanner`). */
export type ScannerFactory = (options: ScannerOptions) => Scanner | Promise<Scanner>;

/** Settings of {@link startWorker}. */
export interface WorkerConfig {
  /** `redis://host:port`. */
  redisUrl: string;
  /** Jobs scanned at the same time (each read in its own reader thread). Default 1. */
  concurrency?: number;
  scannerOptions: ScannerOptions;
  createScanner?: ScannerFactory;
  /** PostgreSQL URL: results and the audit trail are also written there. */
  postgresUrl?: string;
  /** Content larger than this is not read (default `limits.maxFileBytes`). */
  maxFileBytes?: number;
  /**
   * How long a job's lock lasts without renewal (default 30 s). A worker that died is noticed
   * after about this long; the lock is renewed every half of it while a job runs.
   */
  lockDurationMs?: number;
  /** Timeout of one URL fetch (default 60 s). */
  fetchTimeoutMs?: number;
  /** Retries allowed after crashes: must be at least the jobs' attempts (default {@link DEFAULT_RETRY}.attempts). */
  maxAttempts?: number;
  /** Called with one line for each event worth logging. */
  log?: (line: string) => void;
}

/** Counters a running worker keeps. */
export interface WorkerStats {
  completed: number;
  failed: number;
  returned: number;
  /** Milliseconds spent in `scanner.scan`, in reading content, in storing results. */
  scanMs: number;
  readMs: number;
  storeMs: number;
}

/** A started worker. */
export interface RunningWorker {
  /** `host:pid`. */
  readonly id: string;
  /** The profile this worker scans under; jobs for another profile are refused. */
  readonly profile: string;
  readonly stats: WorkerStats;
  /**
   * Stops taking jobs; waits up to `graceMs` for jobs in flight, then aborts them and returns them to
   * the queue; closes the scanner and connections.
   */
  close(graceMs?: number): Promise<void>;
}

class ReturnedJob extends Error {}

/** A completed job's return value (BullMQ keeps it with the job; the result itself is in the store). */
export interface JobReturn {
  verdict: string;
  /** `host:pid` of the worker that scanned it. */
  worker: string;
}

async function readFileBounded(path: string, max: number): Promise<Uint8Array> {
  const st = await stat(path);
  if (st.size > max) throw new UnrecoverableError(`${path} is ${st.size} bytes, over the limit of ${max} bytes`);
  const fh = await open(path, 'r');
  try {
    const buf = new Uint8Array(st.size);
    let off = 0;
    while (off < buf.length) {
      const { bytesRead } = await fh.read(buf, off, buf.length - off, null);
      if (bytesRead === 0) break;
      off += bytesRead;
    }
    return off === buf.length ? buf : buf.subarray(0, off);
  } finally {
    await fh.close();
  }
}

/**
 * The scanner options of a worker scanning `concurrency` jobs at a time: reading threads and OCR
 * workers not set by the caller are `concurrency` each, not one per core as for `prepub scan`.
 * Several worker processes often share a machine (one per core is a common way to run them); each
 * sized by the cores would put processes × cores reading threads and OCR workers (~350 MB each)
 * on it, and one job at a time keeps only one of each busy anyway.
 */
export function workerScannerOptions(given: ScannerOptions, concurrency: number): ScannerOptions {
  const options: ScannerOptions = { ...given };
  if (options.isolation === undefined || options.isolation === true) options.isolation = { workers: concurrency };
  else if (options.isolation !== false && options.isolation.workers === undefined) options.isolation = { ...options.isolation, workers: concurrency };
  if (options.ocr === undefined || options.ocr === true) options.ocr = { workers: concurrency };
  else if (typeof options.ocr === 'object' && !('recognize' in options.ocr) && options.ocr.workers === undefined) options.ocr = { ...options.ocr, workers: concurrency };
  return options;
}

/** Starts a worker; resolves once the scanner is built and the worker listens for jobs. */
export async function startWorker(config: WorkerConfig): Promise<RunningWorker> {
  const log = config.log ?? (() => undefined);
  // Before the scanner is built (seconds): a wrong URL fails at once and says why.
  if (config.postgresUrl !== undefined) checkPostgresUrl(config.postgresUrl);
  const id = `${hostname()}:${process.pid}`;
  const concurrency = config.concurrency ?? 1;
  const maxFileBytes = config.maxFileBytes ?? config.scannerOptions.limits?.maxFileBytes ?? DEFAULT_LIMITS.maxFileBytes;
  const profile = scanProfile(config.scannerOptions);
  const factory = config.createScanner ?? ((await import('@prepub/scanner')).createScanner as ScannerFactory);
  const scanner = await factory(workerScannerOptions(config.scannerOptions, concurrency));
  const redis = openRedis(config.redisUrl);
  const store = new RedisStore(redis);
  let pgStore: PostgresResults | undefined;
  try {
    if (config.postgresUrl !== undefined) pgStore = await PostgresResults.open(config.postgresUrl);
  } catch (e) {
    await scanner.close().catch(() => undefined);
    redis.disconnect();
    throw e;
  }
  const stats: WorkerStats = { completed: 0, failed: 0, returned: 0, scanMs: 0, readMs: 0, storeMs: 0 };
  /** Aborts jobs in flight when the grace period of a shutdown ends. */
  const shutdown = new AbortController();
  const maxAttempts = config.maxAttempts ?? DEFAULT_RETRY.attempts;

  async function load(job: Job<ScanJobData>, signal: AbortSignal): Promise<Uint8Array> {
    const src = job.data.source;
    if (src.kind === 'inline') return new Uint8Array(Buffer.from(src.base64, 'base64'));
    if (src.kind === 'path') {
      try {
        return await readFileBounded(src.path, maxFileBytes);
      } catch (e) {
        const err = e as NodeJS.ErrnoException;
        // A file that is gone will not come back by retrying; a transient I/O error might.
        if (err instanceof UnrecoverableError || err.code === 'ENOENT' || err.code === 'EISDIR') throw new UnrecoverableError(`cannot read ${src.path}: ${err.message}`);
        throw e;
      }
    }
    const got = await fetchBounded(src.url, { maxBytes: maxFileBytes, timeoutMs: config.fetchTimeoutMs ?? 60_000, signal });
    if (!got.ok) {
      if (got.code === 'limit' || (got.code === 'http' && got.status !== undefined && got.status >= 400 && got.status < 500 && got.status !== 429)) {
        throw new UnrecoverableError(`cannot fetch ${src.url}: ${got.message}`);
      }
      throw new Error(`cannot fetch ${src.url}: ${got.message}`);
    }
    return got.bytes;
  }

  /** Where each job's time went (read + hash, scan, result writes), for its completion log line. */
  const times = new Map<string, string>();

  const processor = async (job: Job<ScanJobData>, token?: string): Promise<JobReturn> => {
    const data = job.data;
    const runs = data.runs ?? { returned: 0, crashes: 0 };
    // Earlier starts that neither failed nor were handed back ended with their worker: crashes.
    const crashes = job.attemptsStarted - 1 - job.attemptsMade - runs.returned;
    if (crashes > runs.crashes) {
      await job.updateData({ ...data, runs: { ...runs, crashes } });
      log(`job ${job.id}: an earlier worker stopped while scanning it (${crashes} time(s)); counted as a failed attempt`);
      throw new Error(`a worker stopped while scanning this document (${crashes} time(s)): it may crash or exhaust the scanner`);
    }
    if (data.profile !== profile) {
      throw new UnrecoverableError(`this worker scans with profile ${profile}, the job was submitted for ${data.profile}: start workers with the submitter's policy and dictionaries`);
    }
    const giveBack = async (): Promise<never> => {
      // Shutting down: this run was cut short, so nothing of it is kept; another worker takes the job.
      await job.updateData({ ...data, runs: { ...runs, returned: runs.returned + 1 } });
      await job.moveToWait(token);
      stats.returned++;
      log(`job ${job.id}: returned to the queue (shutting down)`);
      throw new WaitingError();
    };
    if (shutdown.signal.aborted) return giveBack();
    const t0 = performance.now();
    let bytes: Uint8Array;
    try {
      bytes = await load(job, shutdown.signal);
    } catch (e) {
      if (shutdown.signal.aborted) return giveBack();
      throw e;
    }
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    if (sha256 !== data.sha256) throw new UnrecoverableError(`the content of ${data.name} changed since it was submitted (sha256 ${sha256.slice(0, 12)}…, expected ${data.sha256.slice(0, 12)}…): submit it again`);
    const t1 = performance.now();
    const result = await scanner.scan(bytes, { filename: data.name, signal: shutdown.signal, transfer: true });
    const t2 = performance.now();
    if (shutdown.signal.aborted) return giveBack();
    const stored: StoredResult = { key: data.key, sha256, profile, result, worker: id, finishedAt: new Date().toISOString() };
    // Serialised once for both stores: a result with hundreds of findings is hundreds of KB of JSON.
    const resultJson = JSON.stringify(result);
    // PostgreSQL first: a result visible in Redis (which submit trusts) is then also in the durable store.
    if (pgStore) await pgStore.put(stored, data.name, resultJson);
    await store.putResult(stored, resultJson);
    const t3 = performance.now();
    stats.readMs += t1 - t0;
    stats.scanMs += t2 - t1;
    stats.storeMs += t3 - t2;
    if (job.id) times.set(job.id, `read ${(t1 - t0).toFixed(1)} ms, scan ${(t2 - t1).toFixed(1)} ms, store ${(t3 - t2).toFixed(1)} ms`);
    // Kept small: BullMQ stores it with the job and sends it on its event stream.
    return { verdict: result.verdict, worker: id };
  };

  const lockDuration = config.lockDurationMs ?? 30_000;
  const worker = new Worker<ScanJobData>(QUEUE_NAME, processor, {
    connection: connectionFor(config.redisUrl),
    concurrency,
    lockDuration,
    stalledInterval: Math.max(500, Math.floor(lockDuration / 2)),
    // The crash accounting above turns each stall into a failed attempt, so BullMQ's own stall
    // limit must never be the one that fires first.
    maxStalledCount: maxAttempts + 1,
    autorun: false,
  });
  worker.on('completed', (job) => {
    stats.completed++;
    const took = job.id ? times.get(job.id) : undefined;
    if (job.id) times.delete(job.id);
    log(`job ${job.id}: ${job.returnvalue?.verdict ?? 'done'} (${job.data.name}${took ? `; ${took}` : ''})`);
  });
  worker.on('failed', (job, err) => {
    if (!job) return;
    stats.failed++;
    const last = job.attemptsMade >= (job.opts.attempts ?? 1) || err instanceof UnrecoverableError || err.name === 'UnrecoverableError';
    log(`job ${job.id}: attempt ${job.attemptsMade} failed: ${err.message}${last ? ' — dead letter (reported unread)' : ' — retried after backoff'}`);
  });
  worker.on('error', (err) => log(`worker error: ${err.message}`));
  void worker.run();
  await worker.waitUntilReady();
  log(`worker ${id} ready: profile ${profile}, concurrency ${concurrency}`);

  let closing: Promise<void> | undefined;
  return {
    id,
    profile,
    stats,
    close(graceMs = 30_000) {
      closing ??= (async () => {
        const timer = setTimeout(() => shutdown.abort(new ReturnedJob('shutting down')), graceMs);
        try {
          await worker.close();
        } finally {
          clearTimeout(timer);
          await Promise.allSettled([scanner.close(), pgStore?.close(), redis.quit()]);
        }
      })();
      return closing;
    },
  };
}
