/**
 * `prepub scan` end to end — start-up, reading, detection and the JSON report written — over a
 * folder of realistic text files with a 10,000-term dictionary, beside a plain read + decode of the
 * same files by a `node` process (readFileSync + TextDecoder), interleaved round by round so a busy
 * machine slows both alike. Prints the median of each, the median per-round ratio (baseline time /
 * prepub time: 1.0 would be as fast as reading) and the peak resident memory of each process.
 *
 *   pnpm build && pnpm bench cli [--mb 50] [--rounds 3] [--bin path/to/bin.js] [--cold] [--node-args "--flag …"]
 *
 * `--node-args` passes V8/node flags to the prepub process only (the baseline runs without them).
 *
 * The corpus is the realistic one of the text benchmark (law and news prose with level words in
 * running text, e-mail headers, phone and ID numbers, a marking in 1% of the files), 210 kB a file.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { layOutBuiltPackages } from './built-layout.ts';
import { arg, median } from './cli-args.ts';
import { benchDictionary, benchTerms, realisticDocument, rng } from './corpus.ts';

const TIME = '/usr/bin/time';

/** Runs node with the arguments; wall time, exit status and peak RSS (from GNU time when present). */
function run(argv: string[], cwd: string): { ms: number; status: number | null; rssMb?: number; stderr: string } {
  const useTime = existsSync(TIME);
  const t0 = performance.now();
  const r = useTime
    ? spawnSync(TIME, ['-f', 'PEAK_RSS_KB=%M', process.execPath, ...argv], { cwd, encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '', PREPUB_CACHE_DIR: cacheDir }, maxBuffer: 1 << 28 })
    : spawnSync(process.execPath, argv, { cwd, encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '', PREPUB_CACHE_DIR: cacheDir }, maxBuffer: 1 << 28 });
  const ms = performance.now() - t0;
  const m = /PEAK_RSS_KB=(\d+)/.exec(r.stderr ?? '');
  return { ms, status: r.status, ...(m ? { rssMb: Math.round(Number(m[1]) / 1024) } : {}), stderr: r.stderr ?? '' };
}

const targetMb = Number(arg('--mb') ?? 50);
const rounds = Number(arg('--rounds') ?? 3);
const fileBytes = 210_000;
const work = mkdtempSync(join(tmpdir(), 'prepub-cli-bench-'));
// The compile cache (dictionaries and their automaton) of a fresh folder: the untimed first run
// writes it and the timed ones read it, as every run after a user's first does. `--cold` turns it
// off, so every run compiles the dictionaries again.
const cold = process.argv.includes('--cold');
const cacheDir = cold ? 'off' : join(work, 'compile-cache');
try {
  const bin = arg('--bin') ? resolve(arg('--bin')!) : layOutBuiltPackages(work);
  const corpus = join(work, 'corpus');
  mkdirSync(corpus);
  const terms = benchTerms();
  const r = rng(17);
  const files = Math.max(1, Math.round((targetMb * 1e6) / fileBytes));
  let bytes = 0;
  for (let i = 0; i < files; i++) {
    const text = realisticDocument(fileBytes, terms, r, { marked: i % 100 === 37 });
    const buf = Buffer.from(text, 'utf8');
    bytes += buf.length;
    writeFileSync(join(corpus, `doc-${String(i).padStart(5, '0')}.txt`), buf);
  }
  const dict = join(work, 'terms-10k.txt');
  writeFileSync(dict, benchDictionary(terms));
  const report = join(work, 'report.json');
  const nodeArgs = (arg('--node-args') ?? '').split(/\s+/).filter(Boolean);
  const scanArgs = [...nodeArgs, bin, 'scan', '--quiet', '--dict', dict, '--format', 'json', '-o', report, corpus];
  // The baseline reads and decodes the same files in a process of its own, as prepub does.
  const baseline = join(work, 'read-decode.mjs');
  writeFileSync(
    baseline,
    `import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
const dir = process.argv[2];
const d = new TextDecoder();
let n = 0;
for (const f of readdirSync(dir)) n += d.decode(readFileSync(join(dir, f))).length;
if (n === 0) process.exit(1);
`,
  );
  const readArgs = [baseline, corpus];
  const loadBefore = loadavg()[0];
  // Untimed first runs: the page cache, not prepub, pays for the first read of the corpus.
  const first = run(scanArgs, work);
  if (first.status !== null && first.status > 2) throw new Error(`prepub scan exited ${first.status}: ${first.stderr}`);
  const results = (JSON.parse(readFileSync(report, 'utf8')) as { results: Array<{ verdict: string }> }).results;
  const verdicts: Record<string, number> = {};
  for (const x of results) verdicts[x.verdict] = (verdicts[x.verdict] ?? 0) + 1;
  if (results.length !== files) throw new Error(`the report lists ${results.length} files, not ${files}`);
  run(readArgs, work);
  const cli: number[] = [];
  const base: number[] = [];
  const ratios: number[] = [];
  let cliRss = 0;
  let baseRss = 0;
  for (let i = 0; i < rounds; i++) {
    const b = run(readArgs, work);
    const c = run(scanArgs, work);
    if (c.status !== null && c.status > 2) throw new Error(`prepub scan exited ${c.status}: ${c.stderr}`);
    base.push(b.ms);
    cli.push(c.ms);
    ratios.push(b.ms / c.ms);
    cliRss = Math.max(cliRss, c.rssMb ?? 0);
    baseRss = Math.max(baseRss, b.rssMb ?? 0);
  }
  const mb = bytes / 1e6;
  console.log(`prepub scan end to end: ${files} realistic text files, ${mb.toFixed(1)} MB, 10,000-term dictionary, ${rounds} rounds interleaved, compile cache ${cold ? 'off' : 'on'}${nodeArgs.length ? `, node ${nodeArgs.join(' ')}` : ''}; verdicts ${JSON.stringify(verdicts)}`);
  console.table({
    'prepub scan --dict … --format json -o report.json': { medianS: +(median(cli) / 1000).toFixed(2), mbPerS: +(mb / (median(cli) / 1000)).toFixed(1), peakRssMb: cliRss || undefined },
    'node: readFileSync + TextDecoder': { medianS: +(median(base) / 1000).toFixed(2), mbPerS: +(mb / (median(base) / 1000)).toFixed(1), peakRssMb: baseRss || undefined },
  });
  console.log(`load average (1 min) ${loadBefore.toFixed(2)} before, ${loadavg()[0].toFixed(2)} after`);
  console.log(`ratio (read + decode time / prepub time, per round, median): ${median(ratios).toFixed(3)}× (target ≥ 0.3×)`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
