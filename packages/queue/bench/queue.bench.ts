/**
 * Costs of scanning through the queue, measured on this machine:
 *
 *   node --import tsx packages/queue/bench/queue.bench.ts --redis redis://127.0.0.1:56379/9 [--pg URL] [--docs 40] [--warm 4] [--kb 200] [--jobs 300] [--ocr] [--no-scaling] [--worker-node-flags=FLAGS]
 *     [--processes 1,2] [--concurrency 1] [--wait events|poll] [--workers-pg] [--no-overhead]
 *
 * 1. Scaling: a CPU-bound batch (long realistic texts: regulation prose with level words, e-mail
 *    headers, phone numbers) scanned by 1 and then by 2 `prepub worker` processes, each with one job
 *    at a time. Each process first scans --warm documents of its own (JIT, reading thread, engine,
 *    segmentation dictionary); then its idle cost on an empty queue is measured; then the timed
 *    batch goes in while the queue is paused, so the clock covers steady scanning only. Per process:
 *    CPU seconds per document split into main thread, reading thread and other threads, and the
 *    cores used; the CPU of the bench process itself and of Redis (and of PostgreSQL with
 *    --workers-pg, where the workers also write results and the audit trail there); per process the
 *    share of the window its job slots were idle and, per job, the time between BullMQ's active and
 *    completed events not spent reading, scanning or storing. The bench learns of completions from
 *    BullMQ's event stream, so it costs next to nothing while the clock runs (--wait poll re-reads
 *    every result, as it once did, to show what that costs). The submission is outside the clock.
 *    The load average is printed beside it: the machine may be shared.
 * 2. Per-job overhead: tiny documents through one in-process worker (after a warm-up batch); the time per job minus the time
 *    inside `scanner.scan` is what the queue costs (Redis round trips, result writes), with and
 *    without PostgreSQL (results + audit trail).
 * 3. With --ocr: what one scanned page costs to OCR, for the throughput model.
 * Database 9 of the Redis is emptied first. Results go to stdout as text and to --json FILE.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Redis } from 'ioredis';
import { QueueEvents } from 'bullmq';
import { createScanner } from '@prepub/scanner';
import { checkPostgresUrl, decodeStored, openQueue, scanProfile, startWorker, submitBatch, type SubmitInput } from '../src/index.ts';
import { QUEUE_NAME, connectionFor } from '../src/jobs.ts';
import { pgQuery } from '../test/support.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(here, '..', '..', '..');
const BIN = path.join(ROOT, 'packages', 'cli', 'src', 'bin.ts');
const TSX = pathToFileURL(createRequire(path.join(ROOT, 'package.json')).resolve('tsx')).href;

const argv = process.argv.slice(2);
const arg = (name: string, dflt?: string) => {
  const i = argv.indexOf(`--${name}`);
  if (i < 0) return dflt;
  const v = argv[i + 1];
  // `--pg $UNSET --ocr` must not make "--ocr" the URL.
  if (v === undefined || v.startsWith('--')) {
    console.error(`queue.bench.ts: --${name} needs a value${v ? ` (got the flag ${v}; is a variable empty?)` : ''}`);
    process.exit(3);
  }
  return v;
};
const REDIS = arg('redis', process.env.PREPUB_TEST_REDIS_URL ? `${process.env.PREPUB_TEST_REDIS_URL}/9` : undefined);
if (!REDIS) {
  console.error('usage: queue.bench.ts --redis redis://HOST:PORT/DB [--pg URL] [--docs N] [--kb N] [--jobs N] [--ocr] [--json FILE]');
  process.exit(3);
}
const PG = arg('pg', process.env.PREPUB_TEST_PG_URL);
if (PG !== undefined) checkPostgresUrl(PG);
const DOCS = Number(arg('docs', '40'));
const KB = Number(arg('kb', '200'));
const JOBS = Number(arg('jobs', '300'));
/** Documents each worker process scans before the timed batch. */
const WARM = Number(arg('warm', '4'));
const IDLE_MS = 3000;
/** Jobs each worker process scans at a time. */
const WORKER_CONCURRENCY = Number(arg('concurrency', '1'));
/**
 * How the bench learns that the timed batch is done: `events` (BullMQ's event stream, one blocking
 * read) or `poll` (every 100 ms, read every stored result in full and look for its worker: what the
 * bench did before; kept to show what such polling costs Redis and the machine).
 */
const WAIT_MODE = arg('wait', 'events') as 'events' | 'poll';
if (WAIT_MODE !== 'events' && WAIT_MODE !== 'poll') {
  console.error('queue.bench.ts: --wait is events or poll');
  process.exit(3);
}
/** The scaling bench's workers also write results and the audit trail to PostgreSQL (--pg). */
const WORKERS_PG = argv.includes('--workers-pg');
/** --pg with the bench's own schema. */
const benchPgUrl = (pg: string) => `${pg}${pg.includes('?') ? '&' : '?'}options=${encodeURIComponent('-c search_path=prepub_queue_bench')}`;
/** Worker processes to compare (e.g. `--processes 2` for the 2-process run alone). */
const PROCESSES = (arg('processes', '1,2') as string).split(',').map(Number);
/** Node/V8 flags for the worker processes (e.g. `--worker-node-flags=--single-threaded-gc`: garbage collection on each isolate's own thread). */
const WORKER_NODE_FLAGS = (argv.find((a) => a.startsWith('--worker-node-flags='))?.slice('--worker-node-flags='.length) ?? '').split(' ').filter(Boolean);
const OPTIONS = { ocr: false as const, mask: true };
const out: Record<string, unknown> = { date: new Date().toISOString(), cpus: os.cpus().length, node: process.version, argv };

const load = () => os.loadavg().map((l) => l.toFixed(2)).join(' ');
const ms = (t: number) => `${t.toFixed(1)} ms`;

/** Realistic long text: prose full of level words in ordinary use, e-mail headers, phone numbers; no markings. */
function realisticText(i: number, bytes: number): string {
  const lines = [
    '根据《中华人民共和国保守国家秘密法》，机关、单位应当加强保密宣传教育，提高工作人员的保密意识。',
    '数据的机密性、完整性和可用性是信息安全的基本要求，秘密花园主题展览将于下月开幕。',
    `发件人: office${i}@example.gov.cn  收件人: news@example.gov.cn  主题: 第${i}期工作简报`,
    `联系电话：0571-8765${String(4000 + (i % 1000)).padStart(4, '0')}，手机 138${String(10000000 + i * 7919).slice(0, 8)}。`,
    '本报讯 市政府召开常务会议，研究部署重点项目建设、营商环境优化和民生实事推进等工作。',
    '会议强调，要严格落实保密工作责任制，涉密文件不得在互联网上发布，上网信息须经保密审查。',
  ];
  let s = `第${i}号工作简报\n\n`;
  let k = 0;
  while (Buffer.byteLength(s) < bytes) s += lines[k++ % lines.length] + (k % 4 === 0 ? '\n\n' : '');
  return s;
}

/** CPU seconds (user + system, all threads) a process has used so far, from /proc. */
function cpuSeconds(pid: number): number {
  return statCpu(`/proc/${pid}/stat`);
}

/** utime + stime of a /proc stat file, seconds. */
function statCpu(file: string): number {
  const f = readFileSync(file, 'utf8');
  const fields = f.slice(f.lastIndexOf(')') + 2).split(' ');
  // Fields 14 and 15 of stat (utime, stime) in clock ticks; 100 a second on Linux.
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/**
 * CPU seconds of each thread of a process, by thread id. Node 20 does not name its threads, so the
 * main thread (tid = pid) is told apart, and the reading thread is the busiest of the others.
 */
function threadCpu(pid: number): Map<number, number> {
  const m = new Map<number, number>();
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try {
      m.set(Number(tid), statCpu(`/proc/${pid}/task/${tid}/stat`));
    } catch {
      /* the thread ended meanwhile */
    }
  }
  return m;
}

/** Where a process's CPU went between two {@link threadCpu} samples: main thread, busiest other thread, the rest. */
function splitCpu(pid: number, before: Map<number, number>, after: Map<number, number>): { main: number; top: number; rest: number; others: number[] } {
  const used = [...after].map(([tid, c]) => [tid, c - (before.get(tid) ?? 0)] as const);
  const main = used.find(([tid]) => tid === pid)?.[1] ?? 0;
  const others = used.filter(([tid]) => tid !== pid).map(([, c]) => c).sort((a, b) => b - a);
  return { main, top: others[0] ?? 0, rest: others.slice(1).reduce((a, b) => a + b, 0), others: others.filter((c) => c > 0) };
}

function startWorkerProcess(url: string): { child: ChildProcess; ready: Promise<void>; exited: Promise<unknown>; log: () => string } {
  const child = spawn(process.execPath, [...WORKER_NODE_FLAGS, '--import', TSX, BIN, 'worker', '--queue', url, '--no-ocr', '--concurrency', String(WORKER_CONCURRENCY), ...(WORKERS_PG && PG ? ['--pg', benchPgUrl(PG)] : [])], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  const ready = new Promise<void>((resolve, reject) => {
    child.stderr!.on('data', (d: Buffer) => {
      err += d.toString();
      if (/ready: profile/.test(err)) resolve();
    });
    child.on('exit', () => reject(new Error(`worker exited before it was ready:\n${err}`)));
  });
  const exited = new Promise((r) => child.on('exit', r));
  return { child, ready, exited, log: () => err };
}

/** Per-job times a worker logs when a job completes: `job ID: VERDICT (NAME; read R ms, scan S ms, store T ms)`. */
function jobTimes(log: string): Map<string, { read: number; scan: number; store: number }> {
  const m = new Map<string, { read: number; scan: number; store: number }>();
  for (const hit of log.matchAll(/job (\S+): \w+ \([^\n]*; read ([\d.]+) ms, scan ([\d.]+) ms, store ([\d.]+) ms\)/g)) m.set(hit[1], { read: +hit[2], scan: +hit[3], store: +hit[4] });
  return m;
}

/** The pid of the Redis server (INFO), to read its CPU time from /proc; undefined when it is not on this machine. */
async function redisPid(redis: Redis): Promise<number | undefined> {
  const pid = Number(/^process_id:(\d+)/m.exec(await redis.info('server'))?.[1]);
  try {
    readFileSync(`/proc/${pid}/stat`);
    return pid;
  } catch {
    return undefined;
  }
}

/** Stored results so far, counted by the pid of the worker that wrote them: reads every result in full (the `--wait poll` mode). */
async function resultsByPid(redis: Redis): Promise<Map<number, number>> {
  const keys: string[] = [];
  let cursor = '0';
  do {
    const [next, found] = await redis.scan(cursor, 'MATCH', 'prepub:result:*', 'COUNT', 1000);
    cursor = next;
    keys.push(...found);
  } while (cursor !== '0');
  const m = new Map<number, number>();
  for (let i = 0; i < keys.length; i += 200) {
    for (const v of await redis.mgetBuffer(keys.slice(i, i + 200))) {
      if (v === null) continue;
      const pid = Number(decodeStored(v).worker.split(':').pop());
      m.set(pid, (m.get(pid) ?? 0) + 1);
    }
  }
  return m;
}

const sum = (m: Map<number, number>) => [...m.values()].reduce((a, b) => a + b, 0);

async function scaling(): Promise<void> {
  const enc = new TextEncoder();
  const doc = (tag: string, i: number): SubmitInput => ({ kind: 'bytes', name: `${tag}-${i}.txt`, bytes: enc.encode(`${tag}\n` + realisticText(i, KB * 1024)) });
  const docs = Array.from({ length: DOCS }, (_, i) => doc('brief', i));
  const totalMb = docs.reduce((a, d) => a + (d.kind === 'bytes' ? d.bytes.length : 0), 0) / 1e6;
  const profile = scanProfile(OPTIONS);
  const redis = new Redis(REDIS!);
  const rPid = await redisPid(redis);
  const results: Record<string, unknown> = {};
  const submit = (batch: SubmitInput[], name: string) => submitBatch(batch, { redisUrl: REDIS!, batch: name, profile, maxFileBytes: 50e6, inlineLimit: 4 * 1024 * 1024 });
  for (const n of PROCESSES) {
    await redis.flushdb();
    if (WORKERS_PG && PG) await pgQuery(PG, 'DROP SCHEMA IF EXISTS prepub_queue_bench CASCADE; CREATE SCHEMA prepub_queue_bench');
    const queue = openQueue(REDIS!);
    // BullMQ's event stream (one blocking read): when each job became active and completed, and
    // which worker completed it (its return value), without touching the results.
    const events = new QueueEvents(QUEUE_NAME, { connection: connectionFor(REDIS!) });
    await events.waitUntilReady();
    const timeline = new Map<string, { active?: number; completed?: number; pid?: number }>();
    const at = (id: string) => Number(id.split('-')[0]);
    const byPid = new Map<number, number>();
    let completed = 0;
    let wake: (() => void) | undefined;
    events.on('active', ({ jobId }, id) => void timeline.set(jobId, { ...timeline.get(jobId), active: at(id) }));
    events.on('completed', ({ jobId, returnvalue }, id) => {
      const rv = (typeof returnvalue === 'string' ? JSON.parse(returnvalue) : returnvalue) as { worker?: string } | undefined;
      const pid = Number(rv?.worker?.split(':').pop());
      timeline.set(jobId, { ...timeline.get(jobId), completed: at(id), pid });
      byPid.set(pid, (byPid.get(pid) ?? 0) + 1);
      completed++;
      wake?.();
    });
    const waitEvents = async (total: number) => {
      while (completed < total) await new Promise<void>((r) => (wake = r));
    };
    const waitPolling = async (total: number) => {
      while (sum(await resultsByPid(redis)) < total) await new Promise((r) => setTimeout(r, 100));
    };
    const procs = Array.from({ length: n }, () => startWorkerProcess(REDIS!));
    await Promise.all(procs.map((p) => p.ready));
    const pids = procs.map((p) => p.child.pid!);
    // Warm-up: every process scans WARM documents of the same kind first (JIT, its reading
    // thread's start, its engine and segmentation dictionary), so the timed batch measures steady work.
    let warmed = 0;
    for (let round = 0; round < 20 && !pids.every((pid) => (byPid.get(pid) ?? 0) >= WARM); round++) {
      const batch = Array.from({ length: 2 * n * WORKER_CONCURRENCY }, (_, i) => doc(`warm${round}`, i));
      await submit(batch, `warm-${n}-${round}`);
      warmed += batch.length;
      await waitEvents(warmed);
    }
    const warmByPid = new Map(byPid);
    // Idle cost: the workers wait on an empty queue (BullMQ's blocking take, stalled-job checks).
    const idle0 = pids.map(cpuSeconds);
    await new Promise((r) => setTimeout(r, IDLE_MS));
    const idleCpuPerSec = pids.map((pid, i) => (cpuSeconds(pid) - idle0[i]) / (IDLE_MS / 1000));
    // The timed batch goes in while the queue is paused, so the clock covers scanning only: the
    // bench's own submission (hashing, base64, addBulk of DOCS × KB) is outside it.
    await queue.pause();
    await submit(docs, `scale-${n}`);
    const loadBefore = load();
    const t0cpu = pids.map(threadCpu);
    const bench0 = process.cpuUsage();
    const redis0 = rPid ? cpuSeconds(rPid) : NaN;
    const pg0 = WORKERS_PG ? postgresCpu() : NaN;
    const t0 = performance.now();
    const wall0 = Date.now();
    await queue.resume();
    await (WAIT_MODE === 'poll' ? waitPolling(warmed + DOCS) : waitEvents(warmed + DOCS));
    const secs = (performance.now() - t0) / 1000;
    const t1cpu = pids.map(threadCpu);
    const benchCpu = process.cpuUsage(bench0);
    const redisCpu = rPid ? cpuSeconds(rPid) - redis0 : NaN;
    const pgCpu = WORKERS_PG ? postgresCpu() - pg0 : NaN;
    const loadAfter = load();
    await waitEvents(warmed + DOCS);
    const logs = procs.map((p) => p.log());
    for (const p of procs) p.child.kill('SIGTERM');
    await Promise.all(procs.map((p) => p.exited));
    await events.close();
    await queue.close();
    const per = pids.map((pid, i) => {
      const split = splitCpu(pid, t0cpu[i], t1cpu[i]);
      const cpu = split.main + split.top + split.rest;
      const done = (byPid.get(pid) ?? 0) - (warmByPid.get(pid) ?? 0);
      // The job timeline of this process: active → completed from the event stream, and inside it
      // what the worker logged (read + hash, scan, result writes); the rest is the queue's share.
      const times = jobTimes(logs[i]);
      let inJobs = 0;
      let queueShare = 0;
      let store = 0;
      for (const [jobId, t] of timeline) {
        if (t.pid !== pid || t.active === undefined || t.completed === undefined || t.active < wall0) continue;
        inJobs += t.completed - t.active;
        const w = times.get(jobId);
        if (w) {
          queueShare += t.completed - t.active - (w.read + w.scan + w.store);
          store += w.store;
        }
      }
      const slots = secs * 1000 * WORKER_CONCURRENCY;
      return {
        docs: done,
        cpuSeconds: +cpu.toFixed(2),
        cpuSecondsPerDoc: +(cpu / Math.max(1, done)).toFixed(3),
        // The main thread (queue, job data, results, the scanner's own work), the reading thread, and the rest (GC helpers, libuv).
        mainThreadPerDoc: +(split.main / Math.max(1, done)).toFixed(3),
        readingThreadPerDoc: +(split.top / Math.max(1, done)).toFixed(3),
        otherThreadsPerDoc: +(split.rest / Math.max(1, done)).toFixed(3),
        /** CPU seconds per document of each thread but the main one that did any work, largest first. */
        threadsPerDoc: split.others.map((c) => +(c / Math.max(1, done)).toFixed(4)),
        coresUsed: +(cpu / secs).toFixed(2),
        /** Share of the timed window its job slots held no job (between a completion and the next job's start, or after its last job). */
        idleFraction: +Math.max(0, 1 - inJobs / slots).toFixed(3),
        /** Per job: time from active to completed not spent reading, scanning or storing (BullMQ's take/complete round trips, the event loop). */
        queueMsPerJob: +(queueShare / Math.max(1, done)).toFixed(1),
        storeMsPerJob: +(store / Math.max(1, done)).toFixed(1),
        idleCoresUsed: +idleCpuPerSec[i].toFixed(3),
      };
    });
    const cpu = per.reduce((a, p) => a + p.cpuSeconds, 0);
    const benchSecs = (benchCpu.user + benchCpu.system) / 1e6;
    results[`workers${n}`] = {
      seconds: +secs.toFixed(2),
      docsPerSec: +(DOCS / secs).toFixed(2),
      mbPerSec: +(totalMb / secs).toFixed(2),
      cpuSecondsPerDoc: +(cpu / DOCS).toFixed(3),
      coresUsed: +(cpu / secs).toFixed(2),
      benchCoresUsed: +(benchSecs / secs).toFixed(3),
      // Redis serves everyone on this machine: other databases' clients are in this figure too.
      redisCoresUsed: +(redisCpu / secs).toFixed(3),
      redisCpuMsPerDoc: +((redisCpu * 1000) / DOCS).toFixed(2),
      // Every PostgreSQL process on this machine (other clients included), with --workers-pg.
      postgresCpuMsPerDoc: +((pgCpu * 1000) / DOCS).toFixed(2),
      wait: WAIT_MODE,
      warmDocs: warmed,
      loadBefore,
      loadAfter,
      perProcess: per,
    };
    console.log(
      `scaling: ${n} worker process(es) × concurrency ${WORKER_CONCURRENCY}, warmed on ${warmed} docs, wait by ${WAIT_MODE}: ${DOCS} docs, ${totalMb.toFixed(1)} MB in ${secs.toFixed(2)} s = ${(DOCS / secs).toFixed(2)} docs/s; workers ${(cpu / DOCS).toFixed(3)} CPU-s per doc, ${(cpu / secs).toFixed(2)} cores; bench ${(benchSecs / secs).toFixed(3)} cores; Redis ${(redisCpu / secs).toFixed(3)} cores = ${((redisCpu * 1000) / DOCS).toFixed(2)} ms per doc${WORKERS_PG ? `; PostgreSQL ${((pgCpu * 1000) / DOCS).toFixed(2)} ms per doc` : ''} (load ${loadBefore} → ${loadAfter})`,
    );
    for (const p of per)
      console.log(
        `  process: ${p.docs} docs, ${p.cpuSecondsPerDoc} CPU-s/doc (main thread ${p.mainThreadPerDoc}, reading thread ${p.readingThreadPerDoc}, other threads ${p.otherThreadsPerDoc}: ${p.threadsPerDoc.slice(1).join(' ')}), ${p.coresUsed} cores; job slots idle ${(p.idleFraction * 100).toFixed(1)}%; per job: store ${p.storeMsPerJob} ms, queue ${p.queueMsPerJob} ms; idle on an empty queue: ${p.idleCoresUsed} cores`,
      );
  }
  const r1 = results.workers1 as { seconds: number; cpuSecondsPerDoc: number } | undefined;
  const r2 = results.workers2 as { seconds: number; cpuSecondsPerDoc: number } | undefined;
  if (r1 && r2) {
    results.speedup = +(r1.seconds / r2.seconds).toFixed(2);
    results.cpuPerDocRatio = +(r2.cpuSecondsPerDoc / r1.cpuSecondsPerDoc).toFixed(2);
    console.log(`scaling: 1 → 2 worker processes: ${results.speedup}× (target ≥ 1.8× on 2 idle cores); CPU per doc ×${results.cpuPerDocRatio}`);
  }
  out.scaling = results;
  redis.disconnect();
}

/** Commands Redis has processed and the CPU seconds it has used, from INFO. */
async function redisCounters(redis: Redis): Promise<{ commands: number; cpu: number }> {
  const info = await redis.info();
  const num = (k: string) => Number(new RegExp(`^${k}:([\\d.]+)`, 'm').exec(info)?.[1] ?? NaN);
  return { commands: num('total_commands_processed'), cpu: num('used_cpu_sys') + num('used_cpu_user') };
}

/** Calls per Redis command name, from INFO commandstats. */
async function commandCalls(redis: Redis): Promise<Map<string, number>> {
  const m = new Map<string, number>();
  for (const line of (await redis.info('commandstats')).split('\n')) {
    const hit = /^cmdstat_([^:]+):calls=(\d+)/.exec(line);
    if (hit) m.set(hit[1], Number(hit[2]));
  }
  return m;
}

/** CPU seconds used so far by every PostgreSQL server process on this machine. */
function postgresCpu(): number {
  let total = 0;
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      if (readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === 'postgres') total += cpuSeconds(Number(pid));
    } catch {
      /* the process ended meanwhile */
    }
  }
  return total;
}

async function overhead(pgUrl: string | undefined): Promise<Record<string, number>> {
  const redis = new Redis(REDIS!);
  await redis.flushdb();
  const t = performance.now();
  for (let i = 0; i < 200; i++) await redis.ping();
  const rtt = (performance.now() - t) / 200;
  const profile = scanProfile(OPTIONS);
  const tiny = (tag: string, n: number): SubmitInput[] => Array.from({ length: n }, (_, i) => ({ kind: 'bytes', name: `${tag}-${i}.txt`, bytes: new TextEncoder().encode(`第${i}条 ${tag} 通知`) }));
  const queue = openQueue(REDIS!);
  const w = await startWorker({ redisUrl: REDIS!, scannerOptions: OPTIONS, createScanner, postgresUrl: pgUrl, concurrency: 1 });
  // Warm-up first: the worker's first jobs start its reading thread and build the engine there.
  await submitBatch(tiny('warm', Math.max(WARM, 10)), { redisUrl: REDIS!, batch: 'tiny-warm', profile, maxFileBytes: 50e6 });
  while (w.stats.completed < Math.max(WARM, 10)) await new Promise((r) => setTimeout(r, 20));
  const warm = { ...w.stats };
  await queue.pause();
  const s0 = performance.now();
  await submitBatch(tiny('tiny', JOBS), { redisUrl: REDIS!, batch: 'tiny', profile, maxFileBytes: 50e6 });
  const submitMs = (performance.now() - s0) / JOBS;
  const calls0 = await commandCalls(redis);
  const c0 = await redisCounters(redis);
  const pg0 = postgresCpu();
  const t0 = performance.now();
  await queue.resume();
  while (w.stats.completed - warm.completed < JOBS) await new Promise((r) => setTimeout(r, 20));
  const perJob = (performance.now() - t0) / JOBS;
  const pgCpu = postgresCpu() - pg0;
  const c1 = await redisCounters(redis);
  const calls1 = await commandCalls(redis);
  // Commands sent by clients (each EVALSHA is one round trip running a BullMQ Lua script) per job.
  const perCommand = [...calls1].map(([k, v]) => [k, (v - (calls0.get(k) ?? 0)) / JOBS] as const).filter(([, v]) => v >= 0.05).sort((a, b) => b[1] - a[1]);
  console.log(`  Redis calls per job by command: ${perCommand.map(([k, v]) => `${k} ${v.toFixed(2)}`).join(', ')}`);
  const s = { scanMs: w.stats.scanMs - warm.scanMs, readMs: w.stats.readMs - warm.readMs, storeMs: w.stats.storeMs - warm.storeMs };
  await w.close(2000);
  await queue.close();
  redis.disconnect();
  const r = {
    redisRttMs: +rtt.toFixed(3),
    submitMsPerJob: +submitMs.toFixed(3),
    wallMsPerJob: +perJob.toFixed(3),
    scanMsPerJob: +(s.scanMs / JOBS).toFixed(3),
    readMsPerJob: +(s.readMs / JOBS).toFixed(3),
    storeMsPerJob: +(s.storeMs / JOBS).toFixed(3),
    queueMsPerJob: +(perJob - s.scanMs / JOBS).toFixed(3),
    // Machine-independent: what one job asks of Redis (the bench's own INFO call is one of them).
    redisCommandsPerJob: +((c1.commands - c0.commands - 1) / JOBS).toFixed(1),
    redisCpuMsPerJob: +(((c1.cpu - c0.cpu) * 1000) / JOBS).toFixed(3),
    postgresCpuMsPerJob: +((pgCpu * 1000) / JOBS).toFixed(3),
  };
  console.log(
    `overhead${pgUrl ? ' (with PostgreSQL)' : ''}: ${JOBS} tiny jobs, 1 worker: ${ms(perJob)} per job wall, of which scan ${ms(r.scanMsPerJob)}, result writes ${ms(r.storeMsPerJob)}; queue cost ${ms(r.queueMsPerJob)} per job; submit ${ms(submitMs)} per item; Redis RTT ${ms(rtt)}; per job Redis ran ${r.redisCommandsPerJob} commands in ${ms(r.redisCpuMsPerJob)} of its CPU, PostgreSQL used ${ms(r.postgresCpuMsPerJob)} of CPU (load ${load()})`,
  );
  return r;
}

async function ocrPage(): Promise<void> {
  const img = readFileSync(path.join(ROOT, 'samples', 'images', 'benign-news-training.jpg'));
  const scanner = await createScanner({ ocr: true, isolation: { workers: 1 } });
  await scanner.scan(new Uint8Array(img), { filename: 'warm.jpg' });
  const times: number[] = [];
  for (let i = 0; i < 3; i++) {
    const t = performance.now();
    await scanner.scan(new Uint8Array(img), { filename: 'page.jpg' });
    times.push(performance.now() - t);
  }
  await scanner.close();
  times.sort((a, b) => a - b);
  out.ocrPageMs = Math.round(times[1]);
  console.log(`ocr: one scanned page (samples/images/benign-news-training.jpg): median ${Math.round(times[1])} ms (load ${load()})`);
}

console.log(`machine: ${os.cpus().length} cores, load ${load()}`);
if (!argv.includes('--no-scaling')) await scaling();
const NO_OVERHEAD = argv.includes('--no-overhead');
if (!NO_OVERHEAD) out.overhead = await overhead(undefined);
if (PG && !NO_OVERHEAD) {
  await pgQuery(PG, 'DROP SCHEMA IF EXISTS prepub_queue_bench CASCADE; CREATE SCHEMA prepub_queue_bench');
  out.overheadPg = await overhead(benchPgUrl(PG));
}
if (argv.includes('--ocr')) await ocrPage();
const jsonFile = arg('json');
if (jsonFile) writeFileSync(jsonFile, JSON.stringify(out, null, 2) + '\n');
process.exit(0);
