/**
 * Enqueues a batch. Each input is hashed once by the submitter; the job id is the content sha256
 * under the scan profile, so content already scanned under the same profile is not scanned again,
 * content already queued is not queued twice, and a batch submitted again only adds what changed.
 */
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { DEFAULT_INLINE_LIMIT, DEFAULT_RETRY, jobKey, jobOptions, openQueue, type JobSource, type RetryPolicy, type ScanJobData } from './jobs.ts';
import { RedisStore, openRedis, type BatchItem } from './store.ts';
import { fetchBounded } from './fetch.ts';

/** One thing to submit. */
export type SubmitInput =
  /** A file; `name` is what reports show (default: the path). */
  | { kind: 'file'; path: string; name?: string }
  /** A URL fetched now for its hash (and its bytes, when small). */
  | { kind: 'url'; url: string; name?: string; linkedFrom?: string }
  /** Bytes already in hand (a crawler's download); `url`, when given, is the reference for large content. */
  | { kind: 'bytes'; name: string; bytes: Uint8Array; url?: string; linkedFrom?: string }
  /** Something that could not be read before submission: recorded in the batch as unread. */
  | { kind: 'error'; name: string; code: string; message: string; reason?: 'error' | 'limit'; size?: number; linkedFrom?: string };

/** Settings of {@link submitBatch}. */
export interface SubmitConfig {
  redisUrl: string;
  batch: string;
  /** From {@link scanProfile} of the options the workers run with. */
  profile: string;
  /** Content up to this many bytes travels in the job (default 256 KiB); larger by reference. */
  inlineLimit?: number;
  /** Larger content is not submitted; the item is reported unread (reason `limit`). */
  maxFileBytes: number;
  retry?: RetryPolicy;
  /** Dead-lettered jobs of this content are given another round of attempts (default true). */
  retryDead?: boolean;
  fetchTimeoutMs?: number;
}

/** What {@link submitBatch} did. */
export interface SubmitSummary {
  batch: string;
  /** Items in this submission. */
  items: number;
  /** New jobs. */
  enqueued: number;
  /** Content with a stored result under this profile: not scanned again. */
  cached: number;
  /** Content already waiting, running or retrying (including duplicates within the submission). */
  queued: number;
  /** Dead-lettered jobs sent back for another round. */
  revived: number;
  /** Items that could not be read and are recorded unread. */
  unreadable: number;
}

interface Prepared {
  item: BatchItem;
  data?: ScanJobData;
}

async function prepare(input: SubmitInput, cfg: SubmitConfig): Promise<Prepared> {
  const inlineLimit = cfg.inlineLimit ?? DEFAULT_INLINE_LIMIT;
  const fail = (name: string, code: string, message: string, reason: 'error' | 'limit' = 'error', size?: number, linkedFrom?: string): Prepared => ({
    item: { name, key: '', error: { code, message, reason, size }, ...(linkedFrom ? { linkedFrom } : {}) },
  });
  const make = (name: string, bytes: Uint8Array, ref: JobSource | undefined, linkedFrom?: string): Prepared => {
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const key = jobKey(cfg.profile, sha256);
    const source: JobSource = bytes.length <= inlineLimit || !ref ? { kind: 'inline', base64: Buffer.from(bytes).toString('base64') } : ref;
    return { item: { name, key, ...(linkedFrom ? { linkedFrom } : {}) }, data: { key, sha256, size: bytes.length, profile: cfg.profile, name, source } };
  };
  if (input.kind === 'error') return fail(input.name, input.code, input.message, input.reason, input.size, input.linkedFrom);
  if (input.kind === 'bytes') {
    if (input.bytes.length > cfg.maxFileBytes) return fail(input.name, 'LIMIT', `${input.bytes.length} bytes, over the limit of ${cfg.maxFileBytes} bytes`, 'limit', input.bytes.length, input.linkedFrom);
    return make(input.name, input.bytes, input.url ? { kind: 'url', url: input.url } : undefined, input.linkedFrom);
  }
  if (input.kind === 'url') {
    const name = input.name ?? input.url;
    const got = await fetchBounded(input.url, { maxBytes: cfg.maxFileBytes, timeoutMs: cfg.fetchTimeoutMs ?? 60_000 });
    if (!got.ok) return fail(name, got.code.toUpperCase(), `cannot fetch ${input.url}: ${got.message}`, got.code === 'limit' ? 'limit' : 'error', undefined, input.linkedFrom);
    return make(name, got.bytes, { kind: 'url', url: got.url }, input.linkedFrom);
  }
  const name = input.name ?? input.path;
  const abs = path.resolve(input.path);
  try {
    const st = await stat(abs);
    if (st.size > cfg.maxFileBytes) return fail(name, 'LIMIT', `the file is ${st.size} bytes, over the limit of ${cfg.maxFileBytes} bytes (limits.maxFileBytes)`, 'limit', st.size);
    // Large files travel by reference: the path must be the same on every worker (shared storage).
    return make(name, new Uint8Array(await readFile(abs)), { kind: 'path', path: abs });
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    return fail(name, err.code ?? 'READ', `cannot read ${name}: ${err.message}`);
  }
}

/** Enqueues `inputs` as (part of) batch `cfg.batch`. Items keep the order given. */
export async function submitBatch(inputs: Iterable<SubmitInput> | AsyncIterable<SubmitInput>, cfg: SubmitConfig): Promise<SubmitSummary> {
  const queue = openQueue(cfg.redisUrl);
  const redis = openRedis(cfg.redisUrl);
  const store = new RedisStore(redis);
  const summary: SubmitSummary = { batch: cfg.batch, items: 0, enqueued: 0, cached: 0, queued: 0, revived: 0, unreadable: 0 };
  const seen = new Set<string>();
  const retryDead = cfg.retryDead ?? true;
  let chunk: Prepared[] = [];

  const flush = async () => {
    const prepared = chunk;
    chunk = [];
    const withJob = prepared.filter((p) => p.data);
    // Whether a result exists is all that is needed here: results are not read (they can be large).
    const results = await store.withResults(withJob.map((p) => p.data!.key));
    // Job states of the content not scanned yet, asked together (ioredis sends them without waiting for each answer).
    const fresh = [...new Set(withJob.map((p) => p.data!.key).filter((k) => !results.has(k) && !seen.has(k)))];
    const states = new Map(await Promise.all(fresh.map(async (k) => [k, await queue.getJobState(k)] as const)));
    const toAdd: ScanJobData[] = [];
    for (const p of withJob) {
      const key = p.data!.key;
      if (results.has(key)) {
        summary.cached++;
        continue;
      }
      if (seen.has(key)) {
        summary.queued++;
        continue;
      }
      seen.add(key);
      const state = states.get(key)!;
      if (state === 'unknown') {
        toAdd.push(p.data!);
      } else if (state === 'failed' && retryDead) {
        const job = await queue.getJob(key);
        if (job) {
          // A fresh round of attempts: the crash bookkeeping restarts with the counters it is read against.
          await job.updateData({ ...job.data, runs: undefined });
          await job.retry('failed', { resetAttemptsMade: true, resetAttemptsStarted: true });
        }
        summary.revived++;
      } else {
        summary.queued++;
      }
    }
    if (toAdd.length) {
      await queue.addBulk(toAdd.map((d) => ({ name: 'scan', data: d, opts: jobOptions(d.key, cfg.retry ?? DEFAULT_RETRY) })));
      summary.enqueued += toAdd.length;
    }
    summary.unreadable += prepared.length - withJob.length;
    // Items are recorded after their jobs exist, so status never sees an item without a job or result.
    await store.addItems(cfg.batch, prepared.map((p) => p.item));
  };

  try {
    for await (const input of inputs as AsyncIterable<SubmitInput>) {
      summary.items++;
      chunk.push(await prepare(input, cfg));
      if (chunk.length >= 100) await flush();
    }
    await flush();
  } finally {
    await Promise.allSettled([queue.close(), redis.quit()]);
  }
  return summary;
}
