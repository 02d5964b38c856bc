/**
 * The state of a batch: for every item its stored result, or where its job is (waiting, running,
 * retrying after a backoff, dead-lettered). Nothing without a result is ever counted as passed.
 */
import type { ScanResult } from '@prepub/core';
import { openQueue } from './jobs.ts';
import { RedisStore, PostgresResults, openRedis, type BatchItem } from './store.ts';

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
    return await readStatus(batch, cfg, conn);
  } finally {
    await disconnect(conn);
  }
}

async function readStatus(batch: string, cfg: StatusConfig, conn: Conn): Promise<BatchStatus> {
  const { redis, queue } = conn;
  {
    const store = new RedisStore(redis);
    const items = await store.items(batch);
    const results = await store.getResults([...new Set(items.filter((i) => !i.error).map((i) => i.key))]);
    const entries: BatchEntry[] = [];
    const jobInfo = new Map<string, { state: ItemState; failedReason?: string; attemptsMade?: number }>();
    for (const it of items) {
      if (it.error) {
        entries.push({ ...it, state: 'unreadable' });
        continue;
      }
      let stored = results.get(it.key);
      if (!stored && cfg.postgresUrl) {
        conn.pg ??= await PostgresResults.open(cfg.postgresUrl);
        stored = await conn.pg.get(it.key);
      }
      if (stored) {
        entries.push({ ...it, state: 'done', result: stored.result });
        continue;
      }
      let info = jobInfo.get(it.key);
      if (!info) {
        let job = await queue.getJob(it.key);
        const raw = job ? await job.getState() : 'unknown';
        const state: ItemState =
          raw === 'failed' ? 'dead' : raw === 'active' ? 'active' : raw === 'delayed' ? 'retrying' : raw === 'waiting' || raw === 'prioritized' || raw === 'waiting-children' ? 'waiting' : raw === 'completed' ? 'done' : 'lost';
        // The job was read before its state: a last attempt may have ended in between, so a dead
        // letter is read again for its final attempt count and reason.
        if (state === 'dead') job = (await queue.getJob(it.key)) ?? job;
        info = { state, failedReason: job?.failedReason || undefined, attemptsMade: job?.attemptsMade };
        // A job completed but its result not visible yet (written just before completion) is re-read once.
        if (state === 'done') {
          const again = await store.getResult(it.key);
          if (again) {
            entries.push({ ...it, state: 'done', result: again.result });
            continue;
          }
          info = { state: 'lost' };
        }
        jobInfo.set(it.key, info);
      }
      entries.push({ ...it, ...info });
    }
    const counts: Record<ItemState, number> = { done: 0, waiting: 0, active: 0, retrying: 0, dead: 0, unreadable: 0, lost: 0 };
    for (const e of entries) counts[e.state]++;
    return { batch, entries, counts, finished: counts.waiting + counts.active + counts.retrying === 0 };
  }
}

/** Polls {@link batchStatus} until the batch is finished (or `signal` aborts); `onProgress` sees each poll. */
export async function waitForBatch(batch: string, cfg: StatusConfig & { pollMs?: number; signal?: AbortSignal; onProgress?: (s: BatchStatus) => void }): Promise<BatchStatus> {
  // One set of connections for the whole wait, however long.
  const conn = connect(cfg);
  try {
    for (;;) {
      const s = await readStatus(batch, cfg, conn);
      cfg.onProgress?.(s);
      if (s.finished || cfg.signal?.aborted) return s;
      await new Promise((r) => setTimeout(r, cfg.pollMs ?? 500));
    }
  } finally {
    await disconnect(conn);
  }
}
