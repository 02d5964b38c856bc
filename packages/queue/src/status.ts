/**
 * The state of a batch: for every item its stored result, or where its job is (waiting, running,
 * retrying after a backoff, dead-lettered). Nothing without a result is ever counted as passed.
 */
import type { ScanResult } from '@prepub/core';
import { openQueue } from './jobs.ts';
import { RedisStore, PostgresResults, openRedis, type BatchItem, type StoredResult } from './store.ts';

/** Where one item stands. */
export type ItemState =
  /** Scanned: `result` holds the answer. */
  | 'done'
  /** Waiting for a worker, or prioritised. */
  | 'waiting'
  /** A worker holds it. */
  | 'active'
  /** Failed an attempt and waits out its backoff. */
  | 'retrying'
  /** Every attempt failed: the dead letter. Unread. */
  | 'dead'
  /** Could not be read before submission. Unread. */
  | 'unreadable'
  /** Neither a result nor a job (Redis lost it): unread. */
  | 'lost';

/** One item of a batch with its state. */
export interface BatchEntry extends BatchItem {
  state: ItemState;
  /** The scanner's result of a `done` entry (absent from the progress snapshots of {@link waitForBatch}). */
  result?: ScanResult;
  /** Why the job failed (last attempt's error) for `dead` and `retrying`. */
  failedReason?: string;
  attemptsMade?: number;
}

/** A batch's progress. */
export interface BatchStatus {
  batch: string;
  entries: BatchEntry[];
  counts: Record<ItemState, number>;
  /** No item is waiting, running or retrying. */
  finished: boolean;
}

/** Settings of {@link batchStatus}. */
export interface StatusConfig {
  redisUrl: string;
  /** Results missing from Redis are looked up here too. */
  postgresUrl?: string;
  /**
   * For {@link batchStatus}: `always` (default) reads the result of every done item;
   * `when-finished` reads them only when the batch is finished, and an unfinished batch's done
   * entries carry no `result` (enough for a progress line, and far cheaper on a large batch).
   */
  results?: 'always' | 'when-finished';
}

interface Conn {
  redis: ReturnType<typeof openRedis>;
  queue: ReturnType<typeof openQueue>;
  pg?: PostgresResults;
}

const connect = (cfg: StatusConfig): Conn => ({ redis: openRedis(cfg.redisUrl), queue: openQueue(cfg.redisUrl) });
const disconnect = async (c: Conn) => void (await Promise.allSettled([c.queue.close(), c.redis.quit(), c.pg?.close()]));

/** Reads a batch's state. An unknown batch has no entries. */
export async function batchStatus(batch: string, cfg: StatusConfig): Promise<BatchStatus> {
  const conn = connect(cfg);
  try {
    if (cfg.results === 'when-finished') {
      const s = await readStatus(batch, cfg, conn, false);
      if (!s.finished) return s;
    }
    return await readStatus(batch, cfg, conn);
  } finally {
    await disconnect(conn);
  }
}

type JobInfo = { state: ItemState; failedReason?: string; attemptsMade?: number; result?: ScanResult };

/**
 * Reads a batch's state. With `withResults` false only whether each result exists is asked (a
 * progress poll: results can be hundreds of KB each, and a batch thousands of them), and done
 * entries carry no `result`.
 */
async function readStatus(batch: string, cfg: StatusConfig, conn: Conn, withResults = true): Promise<BatchStatus> {
  const { redis, queue } = conn;
  const store = new RedisStore(redis);
  const items = await store.items(batch);
  const keys = [...new Set(items.filter((i) => !i.error).map((i) => i.key))];
  /** Keys with a stored result, and the result when it was read. */
  const done = new Map<string, StoredResult | undefined>();
  if (withResults) for (const [k, v] of await store.getResults(keys)) done.set(k, v);
  else for (const k of await store.withResults(keys)) done.set(k, undefined);
  let missing = keys.filter((k) => !done.has(k));
  if (missing.length && cfg.postgresUrl) {
    conn.pg ??= await PostgresResults.open(cfg.postgresUrl);
    if (withResults) for (const [k, v] of await conn.pg.getMany(missing)) done.set(k, v);
    else for (const k of await conn.pg.withResults(missing)) done.set(k, undefined);
    missing = missing.filter((k) => !done.has(k));
  }
  const jobState = async (key: string): Promise<JobInfo> => {
    let job = await queue.getJob(key);
    const raw = job ? await job.getState() : 'unknown';
    const state: ItemState =
      raw === 'failed' ? 'dead' : raw === 'active' ? 'active' : raw === 'delayed' ? 'retrying' : raw === 'waiting' || raw === 'prioritized' || raw === 'waiting-children' ? 'waiting' : raw === 'completed' ? 'done' : 'lost';
    // The job was read before its state: a last attempt may have ended in between, so a dead
    // letter is read again for its final attempt count and reason.
    if (state === 'dead') job = (await queue.getJob(key)) ?? job;
    // A job completed but its result not visible yet (written just before completion) is re-read once.
    if (state === 'done') {
      if (withResults) {
        const again = await store.getResult(key);
        return again ? { state: 'done', result: again.result } : { state: 'lost' };
      }
      return (await store.hasResult(key)) ? { state: 'done' } : { state: 'lost' };
    }
    return { state, failedReason: job?.failedReason || undefined, attemptsMade: job?.attemptsMade };
  };
  // Looked up a few hundred at a time: ioredis sends commands issued together without waiting for
  // each answer, so a large batch costs a few round trips, not several per item.
  const jobInfo = new Map<string, JobInfo>();
  for (let i = 0; i < missing.length; i += 200) {
    const chunk = missing.slice(i, i + 200);
    const infos = await Promise.all(chunk.map(jobState));
    chunk.forEach((k, j) => jobInfo.set(k, infos[j]));
  }
  const entries: BatchEntry[] = [];
  for (const it of items) {
    if (it.error) {
      entries.push({ ...it, state: 'unreadable' });
    } else if (done.has(it.key)) {
      const stored = done.get(it.key);
      entries.push(stored ? { ...it, state: 'done', result: stored.result } : { ...it, state: 'done' });
    } else {
      const { result, ...info } = jobInfo.get(it.key)!;
      entries.push(result ? { ...it, ...info, result } : { ...it, ...info });
    }
  }
  const counts: Record<ItemState, number> = { done: 0, waiting: 0, active: 0, retrying: 0, dead: 0, unreadable: 0, lost: 0 };
  for (const e of entries) counts[e.state]++;
  return { batch, entries, counts, finished: counts.waiting + counts.active + counts.retrying === 0 };
}

/**
 * Polls the batch until it is finished (or `signal` aborts) and returns {@link batchStatus} of it.
 * `onProgress` sees each poll; those snapshots carry states and counts but no `result` (polls ask
 * only whether results exist); the results are read once, when the batch is finished.
 */
export async function waitForBatch(batch: string, cfg: StatusConfig & { pollMs?: number; signal?: AbortSignal; onProgress?: (s: BatchStatus) => void }): Promise<BatchStatus> {
  // One set of connections for the whole wait, however long.
  const conn = connect(cfg);
  try {
    for (;;) {
      let s = await readStatus(batch, cfg, conn, false);
      if (s.finished || cfg.signal?.aborted) {
        s = await readStatus(batch, cfg, conn, true);
        // Still finished when read in full, unless something was resubmitted in between.
        if (s.finished || cfg.signal?.aborted) {
          cfg.onProgress?.(s);
          return s;
        }
      }
      cfg.onProgress?.(s);
      await new Promise((r) => setTimeout(r, cfg.pollMs ?? 500));
    }
  } finally {
    await disconnect(conn);
  }
}
