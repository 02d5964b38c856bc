// Runs against the real Redis of `.ci/install-redis.sh` (PREPUB_TEST_REDIS_URL); no worker: a
// result is stored the way a worker stores it, so the batch's states can be set step by step.
import { describe, expect, it } from 'vitest';
import type { ScanResult } from '@prepub/core';
import { Redis } from 'ioredis';
import { RedisStore, batchStatus, openQueue, submitBatch, waitForBatch, type BatchStatus } from '../src/index.ts';
import { REDIS_URL, freshRedis } from './support.ts';

const PROFILE = 'status-test';
const enc = new TextEncoder();

/** A stored result as a worker would write it (only the fields the status reads matter here). */
function fakeResult(name: string): ScanResult {
  return { verdict: 'pass', document: { filename: name, size: 1, mediaType: 'text/plain' }, findings: [], suppressed: [], coverage: { unread: [] } } as unknown as ScanResult;
}

describe.skipIf(!REDIS_URL)('waitForBatch on Redis', () => {
  it('progress polls report states and counts without reading results; the finished batch comes with every result', async () => {
    const url = await freshRedis(3);
    await submitBatch(
      ['a', 'b'].map((n) => ({ kind: 'bytes' as const, name: `${n}.txt`, bytes: enc.encode(`document ${n}`) })),
      { redisUrl: url, batch: 'b1', profile: PROFILE, maxFileBytes: 1e6 },
    );
    const redis = new Redis(url);
    const store = new RedisStore(redis);
    const queue = openQueue(url);
    try {
      const items = await store.items('b1');
      expect(items.map((i) => i.name)).toEqual(['a.txt', 'b.txt']);
      // a is scanned (its job gone, its result stored, as after a worker's completion); b still waits.
      const finish = async (i: number) => {
        const it = items[i];
        await store.putResult({ key: it.key, sha256: it.key.slice(PROFILE.length + 1), profile: PROFILE, result: fakeResult(it.name), worker: 'test:1', finishedAt: new Date().toISOString() });
        await (await queue.getJob(it.key))!.remove();
      };
      await finish(0);
      // One-shot reads: results of done items always, or only once the batch is finished.
      const always = await batchStatus('b1', { redisUrl: url });
      expect(always.finished).toBe(false);
      expect(always.entries[0].result?.document.filename).toBe('a.txt');
      const counts = await batchStatus('b1', { redisUrl: url, results: 'when-finished' });
      expect(counts.counts).toMatchObject({ done: 1, waiting: 1 });
      expect(counts.entries[0].result).toBeUndefined();
      const seen: BatchStatus[] = [];
      const final = await waitForBatch('b1', {
        redisUrl: url,
        pollMs: 50,
        onProgress: (s) => {
          seen.push(s);
          // b is finished only once the first poll has been seen.
          if (seen.length === 1) void finish(1);
        },
      });
      const first = seen[0];
      expect(first.finished).toBe(false);
      expect(first.counts).toMatchObject({ done: 1, waiting: 1 });
      expect(first.entries[0]).toMatchObject({ name: 'a.txt', state: 'done' });
      expect(first.entries[0].result).toBeUndefined();
      expect(first.entries[1]).toMatchObject({ name: 'b.txt', state: 'waiting' });
      expect(final.finished).toBe(true);
      expect(final.counts).toMatchObject({ done: 2, waiting: 0 });
      expect(final.entries.map((e) => e.result?.document.filename)).toEqual(['a.txt', 'b.txt']);
      expect(seen.at(-1)).toBe(final);
      const done = await batchStatus('b1', { redisUrl: url, results: 'when-finished' });
      expect(done.entries.map((e) => e.result?.document.filename)).toEqual(['a.txt', 'b.txt']);
    } finally {
      await queue.close();
      redis.disconnect();
    }
  });

  it('a resubmitted batch with every result stored is cached without reading the results', async () => {
    const url = await freshRedis(3);
    const input = [{ kind: 'bytes' as const, name: 'c.txt', bytes: enc.encode('document c') }];
    const first = await submitBatch(input, { redisUrl: url, batch: 'b2', profile: PROFILE, maxFileBytes: 1e6 });
    expect(first).toMatchObject({ enqueued: 1, cached: 0 });
    const redis = new Redis(url);
    const queue = openQueue(url);
    try {
      const [it] = await new RedisStore(redis).items('b2');
      await new RedisStore(redis).putResult({ key: it.key, sha256: it.key.slice(PROFILE.length + 1), profile: PROFILE, result: fakeResult('c.txt'), worker: 'test:1', finishedAt: new Date().toISOString() });
      await (await queue.getJob(it.key))!.remove();
      expect(await submitBatch(input, { redisUrl: url, batch: 'b2', profile: PROFILE, maxFileBytes: 1e6 })).toMatchObject({ enqueued: 0, cached: 1, queued: 0 });
      // The same content twice in one submission, not scanned yet: one job.
      const two = [1, 2].map((n) => ({ kind: 'bytes' as const, name: `d${n}.txt`, bytes: enc.encode('document d') }));
      expect(await submitBatch(two, { redisUrl: url, batch: 'b3', profile: PROFILE, maxFileBytes: 1e6 })).toMatchObject({ enqueued: 1, queued: 1 });
      expect(await submitBatch(two, { redisUrl: url, batch: 'b3', profile: PROFILE, maxFileBytes: 1e6 })).toMatchObject({ enqueued: 0, queued: 2 });
    } finally {
      await queue.close();
      redis.disconnect();
    }
  });
});
