/**
 * What travels through the queue: one job per distinct content (sha256) under one scan profile, and
 * batches that name the items they hold. Everything here is plain JSON so that any machine, whatever
 * its working folder, reads the same thing.
 */
import { Queue, type ConnectionOptions, type JobsOptions } from 'bullmq';

/** The BullMQ queue every prepub worker takes jobs from (one queue per Redis database). */
export const QUEUE_NAME = 'prepub-scan';

/** Where a job's bytes are. */
export type JobSource =
  /** Up to {@link DEFAULT_INLINE_LIMIT} bytes travel in the job itself (base64). */
  | { kind: 'inline'; base64: string }
  /** A file on storage every worker mounts at the same absolute path. */
  | { kind: 'path'; path: string }
  /** A URL the worker fetches (crawled attachments, large documents on a web server). */
  | { kind: 'url'; url: string };

/** The data of one scan job. */
export interface ScanJobData {
  /** `<profile>:<sha256>`, also the BullMQ job id: the same content under the same profile is one job. */
  key: string;
  sha256: string;
  size: number;
  /** The scan profile the submitter computed ({@link ../profile.ts}); a worker with another profile refuses the job. */
  profile: string;
  /** Name shown in reports (the first path or URL the content was submitted under). */
  name: string;
  source: JobSource;
  /** Bookkeeping the worker keeps across attempts to tell a crashed run from a failed one. */
  runs?: { returned: number; crashes: number };
}

/** Content at or below this size travels inline; larger content by reference. */
export const DEFAULT_INLINE_LIMIT = 256 * 1024;

/** Retry policy of every job: attempts (crashes and failures alike) and the exponential backoff between them. */
export interface RetryPolicy {
  attempts: number;
  backoffMs: number;
}

/** Three attempts, 1 s then 2 s apart (doubling). */
export const DEFAULT_RETRY: RetryPolicy = { attempts: 3, backoffMs: 1000 };

/** BullMQ options of a scan job. Failed jobs stay (the dead-letter set); completed ones go, their results live in the result store. */
export function jobOptions(key: string, retry: RetryPolicy = DEFAULT_RETRY): JobsOptions {
  return {
    jobId: key,
    attempts: retry.attempts,
    backoff: { type: 'exponential', delay: retry.backoffMs },
    removeOnComplete: true,
    removeOnFail: false,
  };
}

/** The job id of some content under a profile (BullMQ refuses `:` in custom ids, hence `-`). */
export function jobKey(profile: string, sha256: string): string {
  return `${profile}-${sha256}`;
}

/** Connection options for a `redis://host:port[/db]` URL. `maxRetriesPerRequest: null` is what BullMQ workers require. */
export function connectionFor(url: string): ConnectionOptions {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new Error(`not a Redis URL: ${url}`);
  }
  if (u.protocol !== 'redis:' && u.protocol !== 'rediss:') throw new Error(`not a Redis URL (redis://host:port): ${url}`);
  return { url, maxRetriesPerRequest: null };
}

/** Opens the scan queue. */
export function openQueue(url: string): Queue<ScanJobData> {
  return new Queue<ScanJobData>(QUEUE_NAME, { connection: connectionFor(url) });
}

/** Fails fast with a clear message when Redis cannot be reached (BullMQ itself would wait forever). */
export async function checkRedis(url: string, timeoutMs = 5000): Promise<void> {
  const { Redis } = await import('ioredis');
  connectionFor(url);
  const r = new Redis(url, { lazyConnect: true, connectTimeout: timeoutMs, maxRetriesPerRequest: 0, retryStrategy: () => null });
  r.on('error', () => undefined);
  try {
    await r.connect();
    await r.ping();
  } catch (e) {
    throw new Error(`cannot reach Redis at ${url}: ${(e as Error).message}`);
  } finally {
    r.disconnect();
  }
}
