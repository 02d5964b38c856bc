/**
 * Where results and batches live. Redis always holds both (every machine already reaches it);
 * PostgreSQL, when configured, keeps a durable copy of every result and the hash-chained audit trail
 * that several machines append to.
 */
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import { Redis } from 'ioredis';
import pg from 'pg';
import type { ScanResult } from '@prepub/core';
import { PostgresAuditStore, entryFromScan, type AuditStore } from '@prepub/audit';

/** One stored scan result, keyed like its job. */
export interface StoredResult {
  key: string;
  sha256: string;
  profile: string;
  result: ScanResult;
  /** `host:pid` of the worker that scanned it. */
  worker: string;
  finishedAt: string;
}

/** An item of a batch: the name the user knows (path or URL) and the job key of its content. */
export interface BatchItem {
  name: string;
  key: string;
  /** For crawled attachments: the page that linked it. */
  linkedFrom?: string;
  /** Set when the item never became a job (unreadable file, fetch failed, over a limit): the reason it stays unread. */
  error?: { code: string; message: string; reason: 'error' | 'limit'; size?: number };
}

const P = 'prepub:';
const resultKey = (key: string) => `${P}result:${key}`;
const itemsKey = (batch: string) => `${P}batch:${batch}:items`;
const orderKey = (batch: string) => `${P}batch:${batch}:order`;

/**
 * `JSON.stringify(r)` with the result's JSON spliced in when the caller already has it. Same text,
 * same field order (the worker field stays near the end, after the result).
 */
export function storedJson(r: StoredResult, resultJson?: string): string {
  if (resultJson === undefined) return JSON.stringify(r);
  const { key, sha256, profile, worker, finishedAt } = r;
  const head = JSON.stringify({ key, sha256, profile });
  return `${head.slice(0, -1)},"result":${resultJson},${JSON.stringify({ worker, finishedAt }).slice(1)}`;
}

/**
 * Stored results are kept in Redis compressed (Brotli at quality 1, behind this prefix): a result
 * with hundreds of findings is hundreds of KB of JSON and shrinks about twentyfold for under a
 * millisecond of CPU, which keeps Redis's memory (it holds every result of every batch) and what
 * each worker, `status` and Redis itself copy per result small. Values without the prefix are
 * plain JSON (written before results were compressed) and are read as such.
 */
const COMPRESSED = Buffer.from('prepub-br1:');
const brotli = promisify(zlib.brotliCompress);

/** The Redis value of a stored result: its JSON, compressed. */
export async function encodeStored(json: string): Promise<Buffer> {
  const raw = Buffer.from(json, 'utf8');
  const packed = await brotli(raw, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 1, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: raw.length } });
  return Buffer.concat([COMPRESSED, packed]);
}

/** Reads a Redis value written by {@link encodeStored} (or plain JSON). */
export function decodeStored(value: Buffer): StoredResult {
  const json = value.subarray(0, COMPRESSED.length).equals(COMPRESSED) ? zlib.brotliDecompressSync(value.subarray(COMPRESSED.length)) : value;
  return JSON.parse(json.toString('utf8')) as StoredResult;
}

/** Opens a plain Redis client for the store (BullMQ keeps its own connections). */
export function openRedis(url: string): Redis {
  return new Redis(url, { maxRetriesPerRequest: 3, lazyConnect: false });
}

/** Results and batches in Redis. */
export class RedisStore {
  constructor(readonly redis: Redis) {}

  async getResult(key: string): Promise<StoredResult | undefined> {
    const s = await this.redis.getBuffer(resultKey(key));
    return s === null ? undefined : decodeStored(s);
  }

  /** Results of several keys in one round trip. */
  async getResults(keys: string[]): Promise<Map<string, StoredResult>> {
    const out = new Map<string, StoredResult>();
    for (let i = 0; i < keys.length; i += 500) {
      const chunk = keys.slice(i, i + 500);
      const vals = await this.redis.mgetBuffer(chunk.map(resultKey));
      vals.forEach((v, j) => v !== null && out.set(chunk[j], decodeStored(v)));
    }
    return out;
  }

  /** Which of `keys` have a stored result, without reading the results (pipelined EXISTS). */
  async withResults(keys: string[]): Promise<Set<string>> {
    const out = new Set<string>();
    for (let i = 0; i < keys.length; i += 1000) {
      const chunk = keys.slice(i, i + 1000);
      const pipe = this.redis.pipeline();
      for (const k of chunk) pipe.exists(resultKey(k));
      const res = (await pipe.exec()) ?? [];
      res.forEach(([err, n], j) => {
        if (err) throw err;
        if (n === 1) out.add(chunk[j]);
      });
    }
    return out;
  }

  async hasResult(key: string): Promise<boolean> {
    return (await this.redis.exists(resultKey(key))) === 1;
  }

  /** Stores a result; `resultJson`, when given, is `JSON.stringify(r.result)` already made (not made again). */
  async putResult(r: StoredResult, resultJson?: string): Promise<void> {
    await this.redis.set(resultKey(r.key), await encodeStored(storedJson(r, resultJson)));
  }

  /** Adds items to a batch; an item already there under the same name is replaced (a resubmission), keeping its place. */
  async addItems(batch: string, items: BatchItem[]): Promise<void> {
    if (items.length === 0) return;
    const multi = this.redis.multi();
    multi.sadd(`${P}batches`, batch);
    for (const it of items) multi.hset(itemsKey(batch), it.name, JSON.stringify(it));
    const res = await multi.exec();
    // Order: names new to the batch are appended in submission order.
    const fresh = items.filter((_, i) => res?.[i + 1]?.[1] === 1).map((it) => it.name);
    if (fresh.length) await this.redis.rpush(orderKey(batch), ...fresh);
  }

  /** The items of a batch in submission order; empty for an unknown batch. */
  async items(batch: string): Promise<BatchItem[]> {
    const [names, all] = await Promise.all([this.redis.lrange(orderKey(batch), 0, -1), this.redis.hgetall(itemsKey(batch))]);
    return names.filter((n) => all[n] !== undefined).map((n) => JSON.parse(all[n]) as BatchItem);
  }
}

const RESULTS_SCHEMA = `
CREATE TABLE IF NOT EXISTS prepub_results (
  key TEXT PRIMARY KEY,
  sha256 TEXT NOT NULL,
  profile TEXT NOT NULL,
  verdict TEXT NOT NULL,
  result TEXT NOT NULL,
  worker TEXT NOT NULL,
  finished_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS prepub_results_sha256 ON prepub_results(sha256);
`;

/**
 * Throws unless `url` is a `postgres://` or `postgresql://` URL. pg reads anything else as a path
 * relative to `postgres://base`, so a flag taken for the URL (`--pg --no-ocr`) or an empty variable
 * would otherwise fail later as "getaddrinfo ENOTFOUND base".
 */
export function checkPostgresUrl(url: string): void {
  if (/^postgres(ql)?:\/\/[^/?#]/i.test(url)) return;
  // Hide a password should the value be a URL of another scheme.
  const shown = url.replace(/\/\/[^@/]*@/, '//…@');
  throw new Error(`not a PostgreSQL URL (postgres://USER:PASSWORD@HOST:PORT/DATABASE): ${JSON.stringify(shown)}`);
}

/** Results and the audit trail in PostgreSQL, shared by every worker. */
export class PostgresResults {
  readonly pool: pg.Pool;
  readonly audit: PostgresAuditStore;

  private constructor(url: string) {
    this.pool = new pg.Pool({ connectionString: url, max: 4 });
    this.audit = new PostgresAuditStore(url);
  }

  /** Connects and creates the tables when missing. */
  static async open(url: string): Promise<PostgresResults> {
    checkPostgresUrl(url);
    const s = new PostgresResults(url);
    try {
      // Several workers start at once: serialise the DDL so CREATE IF NOT EXISTS does not race.
      const c = await s.pool.connect();
      try {
        await c.query('SELECT pg_advisory_lock(7070707)');
        await c.query(RESULTS_SCHEMA);
        await s.audit.init();
      } finally {
        await c.query('SELECT pg_advisory_unlock(7070707)').catch(() => undefined);
        c.release();
      }
    } catch (e) {
      await s.close().catch(() => undefined);
      throw new Error(`cannot open the PostgreSQL result store: ${(e as Error).message}`);
    }
    return s;
  }

  /**
   * Stores a result (the first one wins: the same key always means the same content under the same
   * rules) and appends its audit record. `resultJson` is `JSON.stringify(r.result)` when the caller has it.
   */
  async put(r: StoredResult, name: string, resultJson = JSON.stringify(r.result)): Promise<void> {
    const ins = await this.pool.query(
      'INSERT INTO prepub_results (key, sha256, profile, verdict, result, worker, finished_at) VALUES ($1,$2,$3,$4,$5,$6,$7) ON CONFLICT (key) DO NOTHING',
      [r.key, r.sha256, r.profile, r.result.verdict, resultJson, r.worker, r.finishedAt],
    );
    // One audit record per scan actually stored, so a job retried after a crash is not recorded twice.
    if (ins.rowCount === 1) await this.audit.append(entryFromScan(r.result, { filename: name, callerToken: `worker ${r.worker}`, detail: { key: r.key, profile: r.profile } }));
  }

  /** Results of several keys in one query. */
  async getMany(keys: string[]): Promise<Map<string, StoredResult>> {
    const out = new Map<string, StoredResult>();
    if (keys.length === 0) return out;
    const res = await this.pool.query('SELECT key, sha256, profile, result, worker, finished_at FROM prepub_results WHERE key = ANY($1)', [keys]);
    for (const row of res.rows as Record<string, string>[]) out.set(row.key, { key: row.key, sha256: row.sha256, profile: row.profile, result: JSON.parse(row.result) as ScanResult, worker: row.worker, finishedAt: row.finished_at });
    return out;
  }

  /** Which of `keys` have a stored result, without reading the results. */
  async withResults(keys: string[]): Promise<Set<string>> {
    if (keys.length === 0) return new Set();
    const res = await this.pool.query('SELECT key FROM prepub_results WHERE key = ANY($1)', [keys]);
    return new Set((res.rows as { key: string }[]).map((r) => r.key));
  }

  async get(key: string): Promise<StoredResult | undefined> {
    const res = await this.pool.query('SELECT key, sha256, profile, result, worker, finished_at FROM prepub_results WHERE key = $1', [key]);
    const row = res.rows[0] as Record<string, string> | undefined;
    if (!row) return undefined;
    return { key: row.key, sha256: row.sha256, profile: row.profile, result: JSON.parse(row.result) as ScanResult, worker: row.worker, finishedAt: row.finished_at };
  }

  /** The audit trail, for verification and listing. */
  get trail(): AuditStore {
    return this.audit;
  }

  async close(): Promise<void> {
    await Promise.allSettled([this.pool.end(), this.audit.close()]);
  }
}
