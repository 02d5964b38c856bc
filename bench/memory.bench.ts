/**
 * Memory of a scanner without OCR: every file of samples/ (all formats, as `prepub scan samples/`
 * finds them) scanned N rounds by the default scanner, with two files in flight per reading worker.
 * The resident set of the process is sampled every 100 ms; reading workers are threads of this
 * process, so their heaps, pdf.js's caches and WebAssembly memory are all in that one figure.
 * Prints, per round and in all: peak RSS, steady RSS (median of the samples of the last round),
 * files/s and MB/s, the renewals of the reading workers, and whether every file got the same
 * verdict in every round.
 *
 *   pnpm bench memory [--rounds N] [--workers N] [--dir samples/] [--only ext,ext]
 *                     [--recycle-rss MB] [--recycle-every N] [--recycle-cpu-share X] [--young MB (0: V8's)] [--old MB]
 *                     [--analysis caller] [--no-isolation] [--no-malloc-tuning]
 *                     [--per-format] [--built] [--json]
 *
 * `--built` measures the built packages (`pnpm build` first) laid out as an install puts them
 * (bench/built-layout.ts): reading workers then run plain JavaScript, as in a user's project;
 * from the sources each worker also holds tsx (its loader thread and the compiled modules, ~35 MB).
 * The calling thread runs this script under tsx in both cases.
 * `--per-format` instead scans each format's files alone (a fresh process each, the same rounds)
 * and prints the steady RSS each leaves, to tell which reader holds the memory.
 * glibc's malloc keeps one arena per thread that allocated: `MALLOC_ARENA_MAX=2 pnpm bench memory`
 * shows how much of the figure that is (the variable must be set before the process starts).
 * Freed pages that glibc keeps in those arenas are most of what reading adds outside the V8 heaps:
 * `MALLOC_MMAP_THRESHOLD_=131072 pnpm bench memory` (large buffers mapped and unmapped on their own,
 * arenas trimmed) shows how much; the pool now fixes that threshold itself through `mallopt` and
 * trims the arenas (`isolation.tuneMalloc`): `--no-malloc-tuning` measures without.
 * `--young 0` measures the workers with V8's own young generation.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { dirname, extname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { collectInputs } from '@prepub/cli';
import { layOutBuiltPackages } from './built-layout.ts';
import type { ScannerOptions, createScanner as CreateScanner } from '@prepub/scanner';
import { mallocTrimStats } from '../packages/scanner/src/malloc.ts';
import { workerStartCostMs } from '../packages/scanner/src/pool.ts';

const argv = process.argv.slice(2);
const flag = (name: string): boolean => argv.includes(name);
const value = (name: string): string | undefined => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
};
const num = (name: string): number | undefined => (value(name) === undefined ? undefined : Number(value(name)));

if (flag('--built')) {
  // The built packages as an install puts them (needs `pnpm build`): workers then run plain
  // JavaScript, as in a user's project, without tsx compiling the sources in every worker.
  const layout = join(fileURLToPath(new URL('.', import.meta.url)), '.out', 'memory-built');
  rmSync(layout, { recursive: true, force: true });
  const bin = layOutBuiltPackages(layout);
  const entry = join(dirname(dirname(bin)), 'dist', 'index.js');
  const rest = argv.filter((a) => a !== '--built');
  const child = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), ...rest, '--scanner-module', entry], { stdio: 'inherit', env: process.env });
  process.exit(child.status ?? 1);
}
const rounds = num('--rounds') ?? 4;
/** The scanner measured: the sources (default) or, with `--scanner-module`, a built `prepub` or `@prepub/scanner`. */
const scannerModule = value('--scanner-module');
const { createScanner } = (scannerModule ? await import(pathToFileURL(scannerModule).href) : await import('@prepub/scanner')) as { createScanner: typeof CreateScanner };
const dir = value('--dir') ?? fileURLToPath(new URL('../samples/', import.meta.url));
const only = value('--only')?.split(',').map((e) => e.replace(/^\./, '').toLowerCase());
const MB = 1024 * 1024;
const rssMb = (): number => Math.round(process.memoryUsage.rss() / MB);
const load = (): number => Math.round(loadavg()[0] * 100) / 100;

interface File {
  name: string;
  bytes: Uint8Array;
}

function scannerOptions(): ScannerOptions {
  const iso: NonNullable<Exclude<ScannerOptions['isolation'], boolean>> = {};
  if (num('--workers') !== undefined) iso.workers = num('--workers');
  if (num('--recycle-rss') !== undefined) iso.recycleAboveRssMb = num('--recycle-rss');
  if (num('--recycle-every') !== undefined) iso.recycleEveryFiles = num('--recycle-every');
  if (num('--recycle-cpu-share') !== undefined) iso.recycleMaxCpuShare = num('--recycle-cpu-share');
  if (num('--young') !== undefined) iso.maxYoungGenerationMb = num('--young');
  if (num('--old') !== undefined) iso.maxOldGenerationMb = num('--old');
  if (value('--analysis') === 'caller') iso.analysis = 'caller';
  if (flag('--no-malloc-tuning')) iso.tuneMalloc = false;
  return { ocr: false, isolation: flag('--no-isolation') ? false : Object.keys(iso).length ? iso : undefined };
}

async function corpus(): Promise<File[]> {
  const inputs = await collectInputs([dir], { cwd: process.cwd() });
  const files: File[] = [];
  for (const i of inputs) {
    if (i.kind !== 'file') continue;
    const ext = extname(i.path).slice(1).toLowerCase();
    if (only && !only.includes(ext)) continue;
    files.push({ name: i.display, bytes: new Uint8Array(readFileSync(i.path)) });
  }
  return files;
}

interface Round {
  seconds: number;
  /** CPU time of the whole process (every thread) per file, ms: steadier than files/s on a busy machine. */
  cpuMsPerFile: number;
  filesPerSecond: number;
  mbPerSecond: number;
  peakRssMb: number;
  medianRssMb: number;
  endRssMb: number;
}

interface Run {
  files: number;
  cpuMsPerFile: number;
  rounds: Round[];
  constructRssMb: number;
  peakRssMb: number;
  steadyRssMb: number;
  filesPerSecond: number;
  verdicts: Record<string, number>;
  sameVerdicts: boolean;
  changed: string[];
  renewals: number;
  /** glibc arena trims of the pool (sources only: a built scanner has its own copy of the counters). */
  trims: { calls: number; released: number; micros: number };
  load: { before: number; after: number };
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.floor(s.length / 2)] : 0;
};

/** Scans `files` `rounds` times with one scanner, sampling RSS every 100 ms. */
async function run(files: File[]): Promise<Run> {
  const loadBefore = load();
  const options = scannerOptions();
  const scanner = await createScanner(options);
  const constructRssMb = rssMb();
  const iso = options.isolation;
  const workers = iso === false ? 1 : ((typeof iso === 'object' ? iso.workers : undefined) ?? availableParallelism());
  const inFlight = workers * 2;
  let samples: number[] = [];
  // A drop of more than 100 MB between two samples while scanning is counted as a renewal of the
  // workers (the pool does not say when it renews; destroying the workers frees their memory at once).
  let renewals = 0;
  let last = constructRssMb;
  const timer = setInterval(() => {
    const r = rssMb();
    if (last - r > 100) renewals++;
    last = r;
    samples.push(r);
  }, 100);
  const first = new Map<string, string>();
  const changed = new Set<string>();
  const verdicts: Record<string, number> = {};
  const out: Round[] = [];
  const bytes = files.reduce((n, f) => n + f.bytes.length, 0);
  let scanned = 0;
  const t00 = performance.now();
  const cpuAll = process.cpuUsage();
  for (let round = 0; round < rounds; round++) {
    samples = [rssMb()];
    let next = 0;
    const t0 = performance.now();
    const cpu0 = process.cpuUsage();
    await Promise.all(
      Array.from({ length: inFlight }, async () => {
        for (let i = next++; i < files.length; i = next++) {
          const f = files[i];
          // A copy: the scanner may transfer the buffer to a worker.
          const r = await scanner.scan(f.bytes.slice(), { filename: f.name });
          scanned++;
          if (round === 0) first.set(f.name, r.verdict);
          else if (first.get(f.name) !== r.verdict) changed.add(`${f.name}: ${first.get(f.name)} → ${r.verdict} (round ${round + 1})`);
          if (round === 0) verdicts[r.verdict] = (verdicts[r.verdict] ?? 0) + 1;
        }
      }),
    );
    const seconds = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    samples.push(rssMb());
    out.push({
      seconds: Math.round(seconds * 10) / 10,
      cpuMsPerFile: Math.round((cpu.user + cpu.system) / 1000 / files.length),
      filesPerSecond: Math.round((files.length / seconds) * 10) / 10,
      mbPerSecond: Math.round((bytes / 1e6 / seconds) * 100) / 100,
      peakRssMb: Math.max(...samples),
      medianRssMb: median(samples),
      endRssMb: samples[samples.length - 1],
    });
    if (!flag('--json')) console.error(`  round ${round + 1}: ${JSON.stringify(out[round])}`);
  }
  const total = (performance.now() - t00) / 1000;
  clearInterval(timer);
  await scanner.close();
  return {
    files: files.length,
    cpuMsPerFile: Math.round((process.cpuUsage(cpuAll).user + process.cpuUsage(cpuAll).system) / 1000 / scanned),
    rounds: out,
    constructRssMb,
    peakRssMb: Math.max(constructRssMb, ...out.map((r) => r.peakRssMb)),
    steadyRssMb: out[out.length - 1]?.medianRssMb ?? 0,
    filesPerSecond: Math.round((scanned / total) * 10) / 10,
    verdicts,
    sameVerdicts: changed.size === 0,
    changed: [...changed],
    renewals,
    trims: { ...mallocTrimStats },
    load: { before: loadBefore, after: load() },
  };
}

const files = await corpus();
const settings = { rounds, options: scannerOptions(), mallocArenaMax: process.env.MALLOC_ARENA_MAX ?? null, node: process.version };
if (flag('--per-format')) {
  // Each format in a fresh process: memory a closed scanner leaves to the allocator would
  // otherwise be counted for the formats scanned after it.
  const exts = new Map<string, number>();
  for (const f of files) {
    const ext = extname(f.name).slice(1).toLowerCase();
    if (ext) exts.set(ext, (exts.get(ext) ?? 0) + 1);
  }
  const passOn = argv.filter((a, i) => a !== '--per-format' && a !== '--json' && a !== '--only' && argv[i - 1] !== '--only');
  const rows: Array<Record<string, unknown>> = [];
  for (const [ext] of [...exts].sort((a, b) => b[1] - a[1])) {
    const child = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), ...passOn, '--only', ext, '--json'], { encoding: 'utf8', env: process.env });
    if (child.status !== 0 && !child.stdout.trim()) {
      console.error(`${ext}: ${child.stderr.slice(-500)}`);
      continue;
    }
    const r = JSON.parse(child.stdout) as Run;
    rows.push({ format: ext, files: r.files, constructRssMb: r.constructRssMb, peakRssMb: r.peakRssMb, steadyRssMb: r.steadyRssMb, filesPerSecond: r.filesPerSecond, sameVerdicts: r.sameVerdicts, load: r.load.after });
    if (!flag('--json')) console.log(`${ext.padEnd(6)} ${String(r.files).padStart(4)} files  construct ${r.constructRssMb} MB  peak ${r.peakRssMb} MB  steady ${r.steadyRssMb} MB  ${r.filesPerSecond} files/s  CPU ${r.cpuMsPerFile} ms/file  same verdicts ${r.sameVerdicts}  load ${r.load.after}`);
  }
  if (flag('--json')) console.log(JSON.stringify({ settings, perFormat: rows }, null, 2));
} else {
  const r = await run(files);
  if (flag('--json')) console.log(JSON.stringify({ settings, ...r }, null, 2));
  else {
    console.log(`memory: ${r.files} files × ${rounds} rounds, ${JSON.stringify(settings.options)}${settings.mallocArenaMax ? `, MALLOC_ARENA_MAX=${settings.mallocArenaMax}` : ''}`);
    console.log(`  RSS after construction ${r.constructRssMb} MB, peak ${r.peakRssMb} MB, steady (median of the last round) ${r.steadyRssMb} MB`);
    console.log(`  throughput ${r.filesPerSecond} files/s over all rounds; last round ${r.rounds[r.rounds.length - 1]?.filesPerSecond} files/s; CPU ${r.cpuMsPerFile} ms per file (all threads)`);
    console.log(`  worker renewals seen (RSS drops > 100 MB): ${r.renewals}; one worker's start counted as ${Math.round(workerStartCostMs())} ms; load average ${r.load.before} → ${r.load.after}`);
    if (r.trims.calls) console.log(`  glibc arena trims: ${r.trims.calls} (${r.trims.released} released memory), ${(r.trims.micros / 1000).toFixed(1)} ms in all`);
    console.log(`  verdicts per round ${JSON.stringify(r.verdicts)}; same verdicts in every round: ${r.sameVerdicts}`);
    for (const c of r.changed) console.log(`  changed: ${c}`);
  }
  if (!r.sameVerdicts) process.exitCode = 1;
}
