/**
 * `prepub scan` of two builds compared on one machine that may be busy: the corpus of
 * `bench/cli.bench.ts` (realistic text, 10,000-term dictionary, JSON report), each build run in turn,
 * round after round, timed by the CPU time of its whole process (user + system, every thread: GNU
 * time), which a loaded machine inflates far less than wall time. Checks that both builds write the
 * same report (apart from durations).
 *
 *   pnpm build && node --import tsx bench/built-layout.ts /tmp/old     # before a change
 *   pnpm build && node --import tsx bench/built-layout.ts /tmp/new     # after it
 *   node --import tsx bench/cli-ab.ts /tmp/old/node_modules/prepub/dist/bin.js /tmp/new/node_modules/prepub/dist/bin.js [--mb 50] [--rounds 5] [--env NAME=VALUE]
 *
 * Builds that keep a compile cache share one in the bench's folder, written by the untimed first
 * runs (`--env PREPUB_CACHE_DIR=off` compiles the dictionaries in every run).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { arg, median } from './cli-args.ts';
import { benchDictionary, benchTerms, realisticDocument, rng } from './corpus.ts';

const bins = process.argv.slice(2).filter((a, i, all) => !a.startsWith('--') && !all[i - 1]?.startsWith('--')).map((b) => resolve(b));
if (bins.length < 2) {
  console.error('usage: node --import tsx bench/cli-ab.ts <bin A> <bin B> [--mb 50] [--rounds 5]');
  process.exit(3);
}
const targetMb = Number(arg('--mb') ?? 50);
const rounds = Number(arg('--rounds') ?? 5);
const extraEnv = Object.fromEntries((arg('--env') ? [arg('--env')!] : []).map((kv) => kv.split('=') as [string, string]));
const work = mkdtempSync(join(tmpdir(), 'prepub-cli-ab-'));
try {
  const corpus = join(work, 'corpus');
  mkdirSync(corpus);
  const terms = benchTerms();
  const r = rng(17);
  const files = Math.max(1, Math.round((targetMb * 1e6) / 210_000));
  for (let i = 0; i < files; i++) writeFileSync(join(corpus, `doc-${String(i).padStart(5, '0')}.txt`), realisticDocument(210_000, terms, r, { marked: i % 100 === 37 }));
  const dict = join(work, 'terms-10k.txt');
  writeFileSync(dict, benchDictionary(terms));
  const run = (bin: string, out: string) => {
    const t = spawnSync('/usr/bin/time', ['-f', 'AB=%U %S %e %M', process.execPath, bin, 'scan', '--quiet', '--dict', dict, '--format', 'json', '-o', out, corpus], {
      cwd: work,
      encoding: 'utf8',
      env: { ...process.env, NODE_OPTIONS: '', PREPUB_CACHE_DIR: join(work, 'compile-cache'), ...extraEnv },
    });
    if (t.status !== null && t.status > 2) throw new Error(`${bin} exited ${t.status}: ${t.stderr}`);
    const m = /AB=([\d.]+) ([\d.]+) ([\d.]+) (\d+)/.exec(t.stderr)!;
    return { cpu: Number(m[1]) + Number(m[2]), wall: Number(m[3]), rssMb: Math.round(Number(m[4]) / 1024) };
  };
  const strip = (file: string): string => readFileSync(file, 'utf8').replace(/"durationMs": [\d.]+/g, '');
  const reports = bins.map((_, i) => join(work, `report-${i}.json`));
  // Untimed: the page cache, not either build, pays for the first read of the corpus.
  bins.forEach((b, i) => run(b, reports[i]));
  const same = reports.every((f) => strip(f) === strip(reports[0]));
  const seen = bins.map(() => ({ cpu: [] as number[], wall: [] as number[], rss: [] as number[] }));
  const load0 = loadavg()[0];
  for (let k = 0; k < rounds; k++) {
    // Alternating which goes first, so neither always runs in the other's wake.
    const order = k % 2 ? [...bins.keys()].reverse() : [...bins.keys()];
    for (const i of order) {
      const x = run(bins[i], reports[i]);
      seen[i].cpu.push(x.cpu);
      seen[i].wall.push(x.wall);
      seen[i].rss.push(x.rssMb);
    }
  }
  console.log(`${files} files, ${rounds} rounds alternating; load average ${load0.toFixed(1)} → ${loadavg()[0].toFixed(1)}; reports identical (durations aside): ${same}`);
  bins.forEach((b, i) => {
    const s = seen[i];
    console.log(`${String.fromCharCode(65 + i)} ${b}\n  CPU-s ${s.cpu.map((x) => x.toFixed(2)).join(', ')} (median ${median(s.cpu).toFixed(2)}); wall s median ${median(s.wall).toFixed(2)}; peak RSS MB max ${Math.max(...s.rss)}`);
  });
  const diffs = seen[1].cpu.map((c, k) => c - seen[0].cpu[k]);
  console.log(`B − A CPU-s per round: ${diffs.map((x) => x.toFixed(2)).join(', ')} (median ${median(diffs).toFixed(2)})`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
