// Runs against a real Redis: `eval "$(bash .ci/install-redis.sh)"` sets PREPUB_TEST_REDIS_URL.
// PostgreSQL (PREPUB_TEST_PG_URL, from .ci/install-postgres.sh) is used for the result store test.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { createScanner } from '../packages/scanner/src/index.ts';
import { QUEUE_NAME, openQueue, startWorker, jobKey, scanProfile, type RunningWorker, type ScanJobData, PostgresResults } from '../packages/queue/src/index.ts';
import { REDIS_URL, freshRedis, pgQuery, redisDel, spawnWorker, startSite, until, type TestSite, type SpawnedWorker } from '../packages/queue/test/support.ts';
import { runCli, tempTree, validateReport, validateSarif } from '../packages/cli/test/support.ts';
import { SECRET_NOTICE, NEWS, NEWS2 } from './cli-fixtures.ts';

const PG_URL = process.env.PREPUB_TEST_PG_URL;
const NO_OCR = { ocr: false as const, mask: true };
/** Tests that build scanners or spawn `prepub worker` processes: each start (tsx, dictionaries, nodejieba) takes 10–30 s on a busy machine. */
const SPAWN_TIMEOUT = 240_000;

if (!REDIS_URL && process.env.CI) {
  describe('queue', () => {
    it('needs PREPUB_TEST_REDIS_URL', () => {
      throw new Error('PREPUB_TEST_REDIS_URL is not set: run `eval "$(bash .ci/install-redis.sh)"` before the tests (CI must start Redis).');
    });
  });
} else {
  describe.skipIf(!REDIS_URL)('queue on Redis (PREPUB_TEST_REDIS_URL)', () => {
    let url: string;
    let site: TestSite;
    const workers: RunningWorker[] = [];
    const start = async (extra: Partial<Parameters<typeof startWorker>[0]> = {}) => {
      const w = await startWorker({ redisUrl: url, scannerOptions: NO_OCR, createScanner, lockDurationMs: 1000, ...extra });
      workers.push(w);
      return w;
    };
    const spawned: SpawnedWorker[] = [];
    const spawnTracked = (args: string[]) => {
      const w = spawnWorker(args);
      spawned.push(w);
      return w;
    };
    const stopAll = async () => {
      for (const s of spawned.splice(0)) if (s.child.exitCode === null && s.child.signalCode === null) s.child.kill('SIGKILL');
      await Promise.all(workers.splice(0).map((w) => w.close(2000)));
    };
    /** A long text of its own: identical content would be one job (and a stored result) across tests. */
    const doc = (tag: string) => NEWS.repeat(40) + `\n${tag}\n`;

    beforeAll(async () => {
      url = await freshRedis(1);
      site = await startSite();
    });
    // A failed test must not leave a worker taking the next test's jobs.
    afterEach(stopAll);
    afterAll(async () => {
      await stopAll();
      await site?.close();
    });

    it('a default-excluded folder holding files is submitted unread (EXCLUDED), as prepub scan reports it', async () => {
      // Only the excluded folder: nothing is queued for the workers of the tests after this one.
      const dir = tempTree({ 'up/node_modules/secret.txt': SECRET_NOTICE });
      const submit = await runCli(['submit', '--queue', url, '--batch', 'ex', '--no-ocr', '--json', 'up'], { cwd: dir });
      expect(submit.code).toBe(0);
      expect(JSON.parse(submit.stdout)).toMatchObject({ items: 1, enqueued: 0, unreadable: 1 });
      const status = await runCli(['status', '--queue', url, 'ex', '-f', 'json'], { cwd: dir });
      const report = JSON.parse(status.stdout);
      expect(report.results.map((r: { path: string; verdict: string; errors: Array<{ code: string }> }) => [r.path, r.verdict, r.errors[0]?.code])).toEqual([['up/node_modules/', 'review', 'EXCLUDED']]);
      expect(status.code).toBe(1);
    });

    it('scans a batch with the report of prepub scan, and a resubmitted batch is not scanned again', async () => {
      const big = NEWS2.repeat(30);
      const dir = tempTree({ 'a/secret.txt': SECRET_NOTICE, 'a/news.txt': NEWS, 'a/copy-of-news.txt': NEWS, 'b/big.txt': big });
      const submit = await runCli(['submit', '--queue', url, '--batch', 'b1', '--inline-limit', '1024', '--no-ocr', '--json', 'a', 'b', 'missing.txt'], { cwd: dir });
      expect(submit.stderr).toBe('');
      expect(submit.code).toBe(0);
      const s1 = JSON.parse(submit.stdout);
      // Three distinct contents: the copy joins the job of the original; the missing file is recorded unread.
      expect(s1).toMatchObject({ batch: 'b1', items: 5, enqueued: 3, queued: 1, cached: 0, unreadable: 1 });

      // Small content travels inline, large content by reference to the shared path.
      const queue = openQueue(url);
      const profile = scanProfile(NO_OCR);
      expect(s1.profile).toBe(profile);
      const jobs = (await queue.getJobs(['waiting'])) as Array<{ data: ScanJobData }>;
      expect(jobs.map((j) => j.data.source.kind).sort()).toEqual(['inline', 'inline', 'path']);
      expect(jobs.find((j) => j.data.source.kind === 'path')!.data.size).toBe(Buffer.byteLength(big));

      const pending = await runCli(['status', '--queue', url, 'b1'], { cwd: dir });
      expect(pending.code).toBe(6);
      expect(JSON.parse(pending.stdout)).toMatchObject({ finished: false, counts: { waiting: 4, unreadable: 1 } });

      const w = await start({ concurrency: 2 });
      const status = await runCli(['status', '--queue', url, 'b1', '--wait', '-f', 'json'], { cwd: dir });
      expect(status.code).toBe(2);
      const report = JSON.parse(status.stdout);
      expect(validateReport(report)).toBe('');
      expect(report.results.map((r: { path: string; verdict: string }) => [r.path, r.verdict])).toEqual([
        ['a/copy-of-news.txt', 'pass'],
        ['a/news.txt', 'pass'],
        ['a/secret.txt', 'block'],
        ['b/big.txt', 'pass'],
        ['missing.txt', 'review'],
      ]);
      expect(report.results[2].findings[0]).toMatchObject({ ruleId: 'marking.cn-state-secret', location: { line: 2 } });
      expect(report.results[4].coverage.unread[0]).toMatchObject({ reason: 'error' });
      expect(report.summary).toMatchObject({ files: 5, block: 1, review: 1, pass: 3 });
      expect(w.stats.completed).toBe(3);

      const sarif = await runCli(['status', '--queue', url, 'b1', '-f', 'sarif'], { cwd: dir });
      expect(sarif.code).toBe(2);
      expect(validateSarif(JSON.parse(sarif.stdout))).toBe('');

      // Submitted again, under another batch name too: nothing is scanned a second time.
      const again = JSON.parse((await runCli(['submit', '--queue', url, '--batch', 'b1', '--no-ocr', '--json', 'a', 'b'], { cwd: dir })).stdout);
      expect(again).toMatchObject({ items: 4, enqueued: 0, cached: 4 });
      const other = JSON.parse((await runCli(['submit', '--queue', url, '--batch', 'b2', '--no-ocr', '--json', 'a'], { cwd: dir })).stdout);
      expect(other).toMatchObject({ items: 3, enqueued: 0, cached: 3 });
      const b2 = await runCli(['status', '--queue', url, 'b2', '-f', 'json'], { cwd: dir });
      expect(JSON.parse(b2.stdout).summary).toMatchObject({ files: 3, block: 1, pass: 2 });
      // An edited file is new content: only it is scanned.
      writeFileSync(path.join(dir, 'a/news.txt'), NEWS + '\n（完）\n');
      const edited = JSON.parse((await runCli(['submit', '--queue', url, '--batch', 'b1', '--no-ocr', '--json', 'a'], { cwd: dir })).stdout);
      expect(edited).toMatchObject({ items: 3, enqueued: 1, cached: 2 });
      await runCli(['status', '--queue', url, 'b1', '--wait'], { cwd: dir });
      expect(w.stats.completed).toBe(4);
      await queue.close();
      await stopAll();
    }, SPAWN_TIMEOUT);

    it('retries a failing job with exponential backoff, then dead-letters it as unread, never pass', async () => {
      const body = doc('flaky');
      // The server answers the submitter, then fails every worker fetch.
      site.route('/flaky.txt', (_q, res, n) => void (n === 1 ? res.writeHead(200, { 'content-type': 'text/plain' }).end(body) : res.writeHead(503).end('down')));
      const dir = tempTree({});
      const sub = await runCli(['submit', '--queue', url, '--batch', 'dl', '--no-ocr', '--inline-limit', '100', '--attempts', '3', '--backoff-ms', '300', `${site.base}/flaky.txt`], { cwd: dir });
      expect(sub.code).toBe(0);
      const w = await start();
      const status = await runCli(['status', '--queue', url, 'dl', '--wait', '-f', 'json'], { cwd: dir });
      expect(status.code).toBe(1);
      const r = JSON.parse(status.stdout).results[0];
      expect(r.verdict).toBe('review');
      expect(r.coverage.unread[0].reason).toBe('error');
      expect(r.coverage.unread[0].detail).toMatch(/every attempt .* failed \(3 attempts; last: cannot fetch .*503/);
      const hits = site.requests.filter((q) => q.path === '/flaky.txt').map((q) => q.at);
      expect(hits).toHaveLength(4);
      // Backoff: 300 ms, then 600 ms (BullMQ's exponential backoff); small slack for timer rounding.
      expect(hits[2] - hits[1]).toBeGreaterThanOrEqual(280);
      expect(hits[3] - hits[2]).toBeGreaterThanOrEqual(580);
      expect(w.stats.failed).toBe(3);

      // Content that changed since submission is not scanned under the old hash: dead at once, unread.
      let n = 0;
      site.route('/changing.txt', (_q, res) => void res.writeHead(200).end(body + String(n++)));
      await runCli(['submit', '--queue', url, '--batch', 'ch', '--no-ocr', '--inline-limit', '100', `${site.base}/changing.txt`], { cwd: dir });
      const ch = await runCli(['status', '--queue', url, 'ch', '--wait', '-f', 'json'], { cwd: dir });
      expect(ch.code).toBe(1);
      expect(JSON.parse(ch.stdout).results[0].coverage.unread[0].detail).toMatch(/changed since it was submitted/);

      // A resubmission gives the dead letter a new round of attempts.
      site.route('/flaky.txt', (_q, res) => void res.writeHead(200).end(body));
      const again = JSON.parse((await runCli(['submit', '--queue', url, '--batch', 'dl', '--no-ocr', '--inline-limit', '100', '--json', `${site.base}/flaky.txt`], { cwd: dir })).stdout);
      expect(again).toMatchObject({ revived: 1, enqueued: 0 });
      const ok = await runCli(['status', '--queue', url, 'dl', '--wait', '-f', 'json'], { cwd: dir });
      expect(ok.code).toBe(0);
      await stopAll();
    }, SPAWN_TIMEOUT);

    it('a worker configured with other rules refuses the job: dead letter, unread', async () => {
      const dir = tempTree({ 'policy.json': JSON.stringify({ version: 'strict-2', thresholds: { block: 0.6, review: 0.3 } }), 'n.txt': NEWS });
      await runCli(['submit', '--queue', url, '--batch', 'pm', '--no-ocr', '--policy', 'policy.json', 'n.txt'], { cwd: dir });
      await start();
      const st = await runCli(['status', '--queue', url, 'pm', '--wait', '-f', 'json'], { cwd: dir });
      expect(st.code).toBe(1);
      expect(JSON.parse(st.stdout).results[0].coverage.unread[0].detail).toMatch(/this worker scans with profile default_1\.\w+, the job was submitted for strict_2\.\w+/);
      await stopAll();
    });

    it('a killed worker\'s job is retried by another worker after a backoff; with no attempts left it is a dead letter reported as crashed', async () => {
      let hold = true;
      const held: Array<() => void> = [];
      const serve = (res: import('node:http').ServerResponse, p: string) => void res.writeHead(200, { 'content-type': 'text/plain' }).end(doc(p));
      for (const p of ['/slow-a.txt', '/slow-b.txt']) {
        site.route(p, (_q, res, n) => {
          // The submitter's fetch is answered; a worker's fetch hangs while `hold`.
          if (n === 1 || !hold) return serve(res, p);
          return new Promise<void>((r) => held.push(() => (serve(res, p), r())));
        });
      }
      const dir = tempTree({});
      const common = ['--queue', url, '--no-ocr', '--inline-limit', '100', '--backoff-ms', '500'];
      expect((await runCli(['submit', ...common, '--batch', 'crash-a', '--attempts', '3', `${site.base}/slow-a.txt`], { cwd: dir })).code).toBe(0);
      expect((await runCli(['submit', ...common, '--batch', 'crash-b', '--attempts', '1', `${site.base}/slow-b.txt`], { cwd: dir })).code).toBe(0);

      const a = spawnTracked(['--queue', url, '--no-ocr', '--concurrency', '2', '--lock-ms', '1000']);
      try {
        await until(() => held.length === 2, 120_000, 'the worker to fetch both documents');
        a.child.kill('SIGKILL');
        expect(await a.exited).toBe('SIGKILL');
      } finally {
        if (a.child.exitCode === null && a.child.signalCode === null) a.child.kill('SIGKILL');
      }
      hold = false;
      for (const release of held.splice(0)) release();

      const t0 = Date.now();
      const lines: string[] = [];
      const b = await start({ log: (s) => lines.push(`${Date.now() - t0} ${s}`) });
      const stA = await runCli(['status', '--queue', url, 'crash-a', '--wait', '-f', 'json'], { cwd: dir });
      expect(stA.code).toBe(0);
      expect(JSON.parse(stA.stdout).results[0]).toMatchObject({ verdict: 'pass', path: `${site.base}/slow-a.txt` });
      const stB = await runCli(['status', '--queue', url, 'crash-b', '--wait', '-f', 'json'], { cwd: dir });
      expect(stB.code).toBe(1);
      const rb = JSON.parse(stB.stdout).results[0];
      expect(rb.verdict).toBe('review');
      expect(rb.coverage.unread[0]).toMatchObject({ reason: 'crashed' });
      expect(rb.coverage.unread[0].detail).toMatch(/a worker stopped while scanning this document \(1 time/);
      // Each crash was counted as a failed attempt by the worker that found the job stalled …
      expect(b.stats.failed).toBe(2);
      expect(b.stats.completed).toBe(1);
      // … and job a was scanned only after its backoff.
      const crashAt = Number(lines.find((l) => /earlier worker/.test(l))!.split(' ')[0]);
      const doneAt = Number(lines.find((l) => /: pass \(/.test(l))!.split(' ')[0]);
      expect(doneAt - crashAt).toBeGreaterThanOrEqual(450);
      await stopAll();
    }, SPAWN_TIMEOUT);

    it('SIGTERM: the job in flight finishes within the grace period, or goes back to the queue', async () => {
      const body = doc('term');
      const held: Array<() => void> = [];
      site.route('/term.txt', (_q, res, n) => {
        const serve = () => void res.writeHead(200).end(body);
        if (n === 1) return serve();
        return new Promise<void>((r) => held.push(() => (serve(), r())));
      });
      const dir = tempTree({});
      await runCli(['submit', '--queue', url, '--batch', 'term', '--no-ocr', '--inline-limit', '100', `${site.base}/term.txt`], { cwd: dir });

      // 1. Finishes within the grace period: the result is kept.
      const w1 = spawnTracked(['--queue', url, '--no-ocr', '--grace', '20000', '--lock-ms', '1000']);
      await until(() => held.length === 1, 120_000, 'the worker to fetch');
      w1.child.kill('SIGTERM');
      await w1.waitFor(/stopping: no new jobs/);
      held.shift()!();
      expect(await w1.exited).toBe(0);
      expect(w1.log()).toMatch(/1 scanned, 0 failed attempts, 0 handed back/);
      expect((await runCli(['status', '--queue', url, 'term', '-f', 'json'], { cwd: dir })).code).toBe(0);

      // 2. Still running when the grace period ends: handed back, not failed, and scanned by the next worker.
      site.route('/term2.txt', (_q, res, n) => {
        if (n === 1) return void res.writeHead(200).end(body + 'x');
        return new Promise<void>((r) => held.push(() => (res.writeHead(200).end(body + 'x'), r())));
      });
      await runCli(['submit', '--queue', url, '--batch', 'term2', '--no-ocr', '--inline-limit', '100', `${site.base}/term2.txt`], { cwd: dir });
      const w2 = spawnTracked(['--queue', url, '--no-ocr', '--grace', '300', '--lock-ms', '1000']);
      await until(() => held.length === 1, 120_000, 'the worker to fetch');
      w2.child.kill('SIGTERM');
      expect(await w2.exited).toBe(0);
      expect(w2.log()).toMatch(/returned to the queue \(shutting down\)/);
      expect(w2.log()).toMatch(/0 scanned, 0 failed attempts, 1 handed back/);
      const queue = openQueue(url);
      const pend = await runCli(['status', '--queue', url, 'term2'], { cwd: dir });
      expect(JSON.parse(pend.stdout).counts.waiting).toBe(1);
      held.splice(0).forEach((f) => f());
      site.route('/term2.txt', (_q, res) => void res.writeHead(200).end(body + 'x'));
      const w3 = await start();
      expect((await runCli(['status', '--queue', url, 'term2', '--wait', '-f', 'json'], { cwd: dir })).code).toBe(0);
      // Handing back is not a crash: no attempt was spent.
      expect(w3.stats.failed).toBe(0);
      await queue.close();
      await stopAll();
    }, SPAWN_TIMEOUT);

    if (!PG_URL && process.env.CI) {
      it('needs PREPUB_TEST_PG_URL', () => {
        throw new Error('PREPUB_TEST_PG_URL is not set: run `eval "$(bash .ci/install-postgres.sh)"` before the tests.');
      });
    }
    it.skipIf(!PG_URL)('writes results and the audit trail to PostgreSQL, once per content', async () => {
      // A schema of its own, so the audit tests' table is not touched.
      await pgQuery(PG_URL!, 'DROP SCHEMA IF EXISTS prepub_queue_test CASCADE; CREATE SCHEMA prepub_queue_test');
      const pgUrl = `${PG_URL}${PG_URL!.includes('?') ? '&' : '?'}options=${encodeURIComponent('-c search_path=prepub_queue_test')}`;
      // Content of its own: what earlier tests scanned is already in the result store and not scanned again.
      const dir = tempTree({ 's.txt': SECRET_NOTICE + '\n附件：无\n', 'n.txt': NEWS2 + '\n（完）\n', 'dup.txt': NEWS2 + '\n（完）\n' });
      await runCli(['submit', '--queue', url, '--batch', 'pg', '--no-ocr', 's.txt', 'n.txt', 'dup.txt'], { cwd: dir });
      await Promise.all([start({ postgresUrl: pgUrl }), start({ postgresUrl: pgUrl })]);
      const st = await runCli(['status', '--queue', url, 'pg', '--wait', '-f', 'json', '--pg', pgUrl], { cwd: dir });
      expect(st.code).toBe(2);
      const store = await PostgresResults.open(pgUrl);
      try {
        const rows = (await store.pool.query('SELECT sha256, verdict FROM prepub_results ORDER BY verdict')).rows;
        expect(rows.map((r) => r.verdict)).toEqual(['block', 'pass']);
        const chain = await store.trail.verifyChain();
        expect(chain).toMatchObject({ ok: true, records: 2 });
        const recs = await store.trail.list();
        expect(recs.find((r) => r.verdict === 'block')).toMatchObject({ kind: 'scan', filename: 's.txt', sha256: rows[0].sha256 });
        // Redis lost the result: status reads it back from PostgreSQL.
        await redisDel(url, `prepub:result:${jobKey(scanProfile(NO_OCR), rows[0].sha256)}`);
        const fromPg = await runCli(['status', '--queue', url, 'pg', '-f', 'json', '--pg', pgUrl], { cwd: dir });
        expect(JSON.parse(fromPg.stdout).summary).toMatchObject({ block: 1, pass: 2 });
      } finally {
        await store.close();
      }
      await stopAll();
    }, SPAWN_TIMEOUT);

    it('fails fast with a clear message when Redis is unreachable', async () => {
      const dir = tempTree({ 'n.txt': NEWS });
      const r = await runCli(['submit', '--queue', 'redis://127.0.0.1:1', 'n.txt'], { cwd: dir });
      expect(r.code).toBe(5);
      expect(r.stderr).toMatch(/cannot reach Redis at redis:\/\/127\.0\.0\.1:1/);
      expect(QUEUE_NAME).toBe('prepub-scan');
    });
  });
}
