/**
 * Helpers for the queue and crawl tests: the real Redis started by `.ci/install-redis.sh`
 * (PREPUB_TEST_REDIS_URL), a real `prepub worker` process, and a small web site served on
 * 127.0.0.1 whose answers a test can hold back, fail or change.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Redis } from 'ioredis';

const here = path.dirname(fileURLToPath(import.meta.url));
export const REPO_ROOT = path.resolve(here, '..', '..', '..');
const BIN = path.join(REPO_ROOT, 'packages', 'cli', 'src', 'bin.ts');
const TSX_LOADER = pathToFileURL(createRequire(path.join(REPO_ROOT, 'package.json')).resolve('tsx')).href;

/** The Redis URL for the tests, or undefined. */
export const REDIS_URL = process.env.PREPUB_TEST_REDIS_URL;

/** A URL for database `db` of the test Redis (test files use different databases, so they can run in parallel), emptied first. */
export async function freshRedis(db: number): Promise<string> {
  const url = `${REDIS_URL!.replace(/\/\d*$/, '')}/${db}`;
  const r = new Redis(url);
  await r.flushdb();
  r.disconnect();
  return url;
}

/** A spawned `prepub worker`. */
export interface SpawnedWorker {
  child: ChildProcess;
  /** Everything written to stderr so far. */
  log(): string;
  /** Resolves when stderr matches `re` (rejects after `ms`). */
  waitFor(re: RegExp, ms?: number): Promise<void>;
  /** Resolves with the exit code (or signal name). */
  exited: Promise<number | string>;
}

/** Spawns `node --import tsx packages/cli/src/bin.ts worker …`. */
export function spawnWorker(args: string[], cwd = REPO_ROOT): SpawnedWorker {
  const child = spawn(process.execPath, ['--import', TSX_LOADER, BIN, 'worker', ...args], { cwd, env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  const waiters: Array<{ re: RegExp; resolve: () => void }> = [];
  child.stderr!.on('data', (d: Buffer) => {
    err += d.toString('utf8');
    for (const w of [...waiters]) if (w.re.test(err)) {
      waiters.splice(waiters.indexOf(w), 1);
      w.resolve();
    }
  });
  child.stdout!.resume();
  const exited = new Promise<number | string>((resolve) => child.on('exit', (code, signal) => resolve(code ?? signal ?? -1)));
  return {
    child,
    log: () => err,
    exited,
    waitFor(re, ms = 60_000) {
      if (re.test(err)) return Promise.resolve();
      return new Promise((resolve, reject) => {
        const t = setTimeout(() => reject(new Error(`worker log did not match ${re} within ${ms} ms:\n${err}`)), ms);
        waiters.push({ re, resolve: () => (clearTimeout(t), resolve()) });
      });
    },
  };
}

/** One request the test site saw. */
export interface SeenRequest {
  path: string;
  at: number;
  userAgent?: string;
}

/** A handler answers a request; returning a promise holds the answer back. */
export type Handler = (req: IncomingMessage, res: ServerResponse, nth: number) => void | Promise<void>;

/** A web site on 127.0.0.1 with per-path handlers and a log of requests. */
export interface TestSite {
  base: string;
  requests: SeenRequest[];
  /** Sets the handler of a path (`/site/a.html`). */
  route(p: string, h: Handler | { body: string | Uint8Array; type?: string; status?: number }): void;
  close(): Promise<void>;
}

export async function startSite(): Promise<TestSite> {
  const routes = new Map<string, Handler>();
  const counts = new Map<string, number>();
  const requests: SeenRequest[] = [];
  const server = createServer((req, res) => {
    const p = new URL(req.url ?? '/', 'http://x').pathname;
    requests.push({ path: p, at: Date.now(), userAgent: req.headers['user-agent'] });
    const n = (counts.get(p) ?? 0) + 1;
    counts.set(p, n);
    const h = routes.get(p);
    if (!h) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    void Promise.resolve(h(req, res, n)).catch(() => res.destroy());
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    base: `http://127.0.0.1:${port}`,
    requests,
    route(p, h) {
      if (typeof h === 'function') routes.set(p, h);
      else routes.set(p, (_q, res) => void res.writeHead(h.status ?? 200, { 'content-type': h.type ?? 'text/plain; charset=utf-8' }).end(h.body));
    },
    close: () =>
      new Promise((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

/** Polls `f` until it returns a truthy value (or throws after `ms`). */
export async function until<T>(f: () => Promise<T> | T, ms = 30_000, what = 'condition'): Promise<NonNullable<T>> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await f();
    if (v) return v as NonNullable<T>;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Runs SQL on a PostgreSQL URL (test set-up). */
export async function pgQuery(url: string, sql: string): Promise<void> {
  const { default: pg } = await import('pg');
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

/** Deletes Redis keys (test set-up). */
export async function redisDel(url: string, ...keys: string[]): Promise<void> {
  const r = new Redis(url);
  await r.del(...keys);
  r.disconnect();
}
