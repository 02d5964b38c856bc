/**
 * Every core of one machine: a mixed corpus (the text-layer PDFs and the DOCX files of samples/,
 * and generated realistic text files) scanned by a scanner whose reading pool has one worker, then
 * by one with a worker per core, each with enough files in flight to keep its workers busy; and,
 * for comparison, the latter with the text checked in the calling thread instead of the workers. Prints
 * files/s, the speed-up, resident memory (after construction and the peak) and the load average of
 * the machine (the speed-up means little on a machine busy with other work).
 *
 *   pnpm bench scale [--rounds N] [--warmup N] [--workers N] [--young MB]
 *
 * CPU time is also split by thread (Linux): the calling thread, each reading worker, and V8's and
 * libuv's shared helper threads (GC, optimising compiler), in ms per file: on a busy machine the
 * figures to compare. `--warmup` rounds (default 1) run before the clock.
 *
 * `--young` sets the reading workers' young generation limit (`isolation.maxYoungGenerationMb`).
 *
 * `--one-core` (Linux, needs `taskset`) also runs the 1-worker scanner in a child process pinned to
 * one core, the same rounds, and prints the speed-up of all cores over one core. The 1-worker run
 * of this process is no one-core figure: its calling thread and V8's helper threads run on the
 * other cores (1.3 cores busy here), which caps "all workers over 1 worker" at cores / that.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { availableParallelism, loadavg } from 'node:os';
import { createScanner } from '@prepub/scanner';
import { scaleCorpus, type ScaleFile as File } from './scale-corpus.ts';

const arg = (name: string, dflt: number): number => {
  const i = process.argv.indexOf(name);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
};
const rounds = arg('--rounds', 3);
// Rounds before the clock runs. Each reading worker is its own V8 isolate and compiles pdf.js, the
// readers and (checks in the pool) the detectors for itself; hot functions keep being optimised
// on V8's background threads for several rounds, so a short warm-up measures part of that too.
const warmup = Math.max(1, arg('--warmup', 1));
const cores = arg('--workers', availableParallelism());
const young = arg('--young', 0);
const MB = 1e6;
const rssMb = (): number => Math.round(process.memoryUsage.rss() / MB);

/** Clock ticks per second of /proc/<pid>/task/<tid>/stat (USER_HZ: 100 on Linux). */
const TICKS = 100;

/**
 * CPU time of every thread of this process, ms, from /proc (Linux; empty elsewhere). Node 20 names
 * no thread, so threads are told apart by when they appeared: the calling thread is the one whose
 * id is the process id; a pool's reading workers are the threads that did not exist before the
 * scanner was built; the rest (V8's platform threads: concurrent and parallel GC, compilation;
 * libuv's thread pool: zlib, file reads) serve every isolate of the process.
 */
function threadCpuMs(): Map<number, number> {
  const out = new Map<number, number>();
  let tids: string[];
  try {
    tids = readdirSync('/proc/self/task');
  } catch {
    return out;
  }
  for (const tid of tids) {
    try {
      const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'latin1');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      // Fields 14 and 15 of stat (utime, stime): 11 and 12 after the state field.
      out.set(Number(tid), ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS);
    } catch {
      // The thread ended between the listing and the read.
    }
  }
  return out;
}

/** CPU seconds by thread group over a run (see {@link threadCpuMs}). */
interface ThreadCpu {
  /** The calling thread: scan() bookkeeping, messages to and from the workers, checks with `analysis: 'caller'`. */
  caller: number;
  /** Each reading worker of the run's pool (threads started after the scanner was built), largest first. */
  workers: number[];
  /** Threads that existed before the scanner: V8's GC and compiler helpers, libuv's pool. */
  shared: number;
  /** The same, thread by thread: [thread id − process id (creation order), CPU s]. */
  sharedByThread: Array<[number, number]>;
}

function threadSplit(before: Map<number, number>, after: Map<number, number>, existing: Set<number>): ThreadCpu {
  const split: ThreadCpu = { caller: 0, workers: [], shared: 0, sharedByThread: [] };
  for (const [tid, ms] of after) {
    const s = (ms - (before.get(tid) ?? 0)) / 1000;
    if (tid === process.pid) split.caller += s;
    else if (existing.has(tid)) {
      split.shared += s;
      split.sharedByThread.push([tid - process.pid, s]);
    }
    else split.workers.push(s);
  }
  split.workers.sort((a, b) => b - a);
  split.sharedByThread.sort((a, b) => a[0] - b[0]);
  return split;
}


interface Run {
  filesPerSecond: number;
  /** Files per second of CPU time of the whole process (every thread: main and workers). */
  filesPerCpuSecond: number;
  /** CPU time over wall time: how many cores the run kept busy. */
  coresBusy: number;
  mbPerSecond: number;
  constructRssMb: number;
  peakRssMb: number;
  verdicts: Record<string, number>;
  /** Per file: its verdict and number of findings (the same in every round, or `inconsistent`). */
  perFile: Map<string, string>;
  threads: ThreadCpu;
  files: number;
}

async function run(workers: number, files: File[], analysis: 'pool' | 'caller' = 'pool'): Promise<Run> {
  const existing = new Set(threadCpuMs().keys());
  const scanner = await createScanner({ ocr: false, isolation: { workers, analysis, ...(young ? { maxYoungGenerationMb: young } : {}) } });
  const constructRssMb = rssMb();
  // Warm-up, one round of the files: every worker starts, loads its readers, builds its engine and
  // segmentation dictionary, and has its hot code compiled before the clock runs (start-up is
  // measured by the startup bench; here each worker would pay it once, and two workers twice).
  const warmList = Array.from({ length: warmup }, () => files).flat();
  let warm = 0;
  await Promise.all(
    Array.from({ length: workers * 2 }, async () => {
      for (let i = warm++; i < warmList.length; i = warm++) await scanner.scan(warmList[i].bytes, { filename: warmList[i].name });
    }),
  );
  let peak = rssMb();
  const verdicts: Record<string, number> = {};
  const perFile = new Map<string, string>();
  const list = Array.from({ length: rounds }, () => files).flat();
  let next = 0;
  const t0 = performance.now();
  // process.cpuUsage counts every thread of the process: the calling thread and the workers.
  const cpu0 = process.cpuUsage();
  const threads0 = threadCpuMs();
  // Two files in flight per worker: one being read while the main thread analyses the other.
  await Promise.all(
    Array.from({ length: workers * 2 }, async () => {
      for (let i = next++; i < list.length; i = next++) {
        const r = await scanner.scan(list[i].bytes, { filename: list[i].name });
        verdicts[r.verdict] = (verdicts[r.verdict] ?? 0) + 1;
        const seen = `${r.verdict} ${r.findings.length}+${r.suppressed.length} findings, ${r.coverage.unread.length} unread`;
        const had = perFile.get(list[i].name);
        perFile.set(list[i].name, had === undefined || had === seen ? seen : 'inconsistent');
        peak = Math.max(peak, rssMb());
      }
    }),
  );
  const s = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const threads = threadSplit(threads0, threadCpuMs(), existing);
  const cpuS = (cpu.user + cpu.system) / 1e6;
  await scanner.close();
  const bytes = list.reduce((n, f) => n + f.bytes.length, 0);
  return {
    filesPerSecond: Math.round((list.length / s) * 10) / 10,
    filesPerCpuSecond: Math.round((list.length / cpuS) * 10) / 10,
    coresBusy: Math.round((cpuS / s) * 100) / 100,
    perFile,
    mbPerSecond: Math.round((bytes / MB / s) * 100) / 100, constructRssMb, peakRssMb: peak,
    verdicts,
    threads,
    files: list.length,
  };
}

const files = scaleCorpus();
if (process.argv.includes('--only-one')) {
  // The child of --one-core: the 1-worker run alone, its result as one JSON line.
  const r = await run(1, files);
  console.log(`ONE ${JSON.stringify({ filesPerSecond: r.filesPerSecond, coresBusy: r.coresBusy })}`);
  process.exit(0);
}
const kinds = files.reduce<Record<string, number>>((m, f) => ((m[f.name.split('/')[0]] = (m[f.name.split('/')[0]] ?? 0) + 1), m), {});
const loadBefore = loadavg().map((x) => Math.round(x * 100) / 100);
const one = await run(1, files);
const all = await run(cores, files);
// For comparison: the same pool, the text checked in the calling thread only.
const allCallerChecks = await run(cores, files, 'caller');
const loadAfter = loadavg().map((x) => Math.round(x * 100) / 100);
/** Files whose verdict or number of findings differs between two runs (or between rounds of one). */
function differences(a: Run, b: Run): string[] {
  const out: string[] = [];
  for (const [name, seen] of a.perFile) if (seen === 'inconsistent' || b.perFile.get(name) !== seen) out.push(`${name}: ${seen} / ${b.perFile.get(name)}`);
  return out;
}
const differing = [...new Set([...differences(one, all), ...differences(all, allCallerChecks)])];
const row = (label: string, r: Run) =>
  `${label.padEnd(34)} ${String(r.filesPerSecond).padStart(6)} files/s  ${String(r.filesPerCpuSecond).padStart(6)} files/CPU-s  ${String(r.coresBusy).padStart(5)} cores busy  RSS ${r.constructRssMb} MB after start, peak ${r.peakRssMb} MB`;
console.log(`scale: ${files.length} files (${JSON.stringify(kinds)}) × ${rounds} rounds after ${warmup} warm-up, 1 worker vs ${cores}${young ? `, young generation ${young} MB` : ''}; load average (1 min) ${loadBefore[0]} before, ${loadAfter[0]} after`);
console.log(row('1 worker, checks in pool', one));
console.log(row(`${cores} workers, checks in pool`, all));
console.log(row(`${cores} workers, checks in caller`, allCallerChecks));
/** Where the CPU went, per thread group, ms per file: comparable across runs whatever the load. */
const perThread = (label: string, r: Run): string => {
  const ms = (s: number): string => ((s * 1000) / r.files).toFixed(2);
  const total = r.threads.caller + r.threads.shared + r.threads.workers.reduce((a, b) => a + b, 0);
  const byThread = r.threads.sharedByThread.filter(([, s]) => s > 0).map(([t, s]) => `+${t}: ${ms(s)}`).join(', ');
  return `${label.padEnd(34)} CPU ms per file: calling thread ${ms(r.threads.caller)}, reading workers ${r.threads.workers.map(ms).join(' + ')}, shared helper threads (GC, compiler, libuv) ${ms(r.threads.shared)} (${byThread}); total ${ms(total)}`;
};
if (one.threads.caller + one.threads.shared > 0) {
  console.log(perThread('1 worker, checks in pool', one));
  console.log(perThread(`${cores} workers, checks in pool`, all));
  console.log(perThread(`${cores} workers, checks in caller`, allCallerChecks));
}
const ratio = (a: number, b: number) => Math.round((a / b) * 100) / 100;
/** The 1-worker scanner pinned to one core (see `--one-core`), files/s; undefined when not asked or not possible. */
function oneCore(): { filesPerSecond: number; coresBusy: number } | undefined {
  if (!process.argv.includes('--one-core')) return undefined;
  if (!existsSync('/usr/bin/taskset')) {
    console.log('--one-core: no /usr/bin/taskset here; skipped');
    return undefined;
  }
  const args = ['-c', '0', process.execPath, '--import', 'tsx', fileURLToPath(import.meta.url), '--only-one', '--rounds', String(rounds), '--warmup', String(warmup), ...(young ? ['--young', String(young)] : [])];
  const child = spawnSync('/usr/bin/taskset', args, { encoding: 'utf8', maxBuffer: 1 << 24 });
  const line = /^ONE (.*)$/m.exec(child.stdout ?? '');
  if (!line) {
    console.log(`--one-core: the pinned run gave no result (exit ${child.status}): ${(child.stderr ?? '').slice(0, 400)}`);
    return undefined;
  }
  return JSON.parse(line[1]) as { filesPerSecond: number; coresBusy: number };
}
const pinned = oneCore();
if (pinned) console.log(`${'1 worker, pinned to one core'.padEnd(34)} ${String(pinned.filesPerSecond).padStart(6)} files/s  ${String(pinned.coresBusy).padStart(5)} cores busy`);
console.log(
  JSON.stringify(
    {
      speedup: ratio(all.filesPerSecond, one.filesPerSecond),
      speedupPerCpuSecond: ratio(all.filesPerCpuSecond, one.filesPerCpuSecond),
      // All cores over one core (--one-core): what "uses every core" means.
      ...(pinned ? { speedupOverOneCore: ratio(all.filesPerSecond, pinned.filesPerSecond) } : {}),
      // The most "all workers over 1 worker" can show: the cores over what the 1-worker run kept busy.
      ceilingOverOneWorker: ratio(cores, one.coresBusy),
      poolOverCallerChecks: ratio(all.filesPerSecond, allCallerChecks.filesPerSecond),
      verdicts: one.verdicts,
      // Compared file by file (verdict, findings, unread items), not as totals.
      sameVerdicts: differing.length === 0,
      ...(differing.length ? { differing } : {}),
    },
    null,
    2,
  ),
);
if (differing.length) process.exitCode = 1;
