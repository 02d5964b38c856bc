/**
 * Every core of one machine: a mixed corpus (the text-layer PDFs and the DOCX files of samples/,
 * and generated realistic text files) scanned by a scanner whose reading pool has one worker, then
 * by one with a worker per core, each with enough files in flight to keep its workers busy; and,
 * for comparison, the latter with the text checked in the calling thread instead of the workers. Prints
 * files/s, the speed-up, resident memory (after construction and the peak) and the load average of
 * the machine (the speed-up means little on a machine busy with other work).
 *
 *   pnpm bench scale [--rounds N] [--workers N]
 */
import { readFileSync, readdirSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createScanner } from '@prepub/scanner';
import { benchTerms, realisticDocument, rng } from './corpus.ts';

const SAMPLES = fileURLToPath(new URL('../samples/', import.meta.url));
const arg = (name: string, dflt: number): number => {
  const i = process.argv.indexOf(name);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
};
const rounds = arg('--rounds', 3);
const cores = arg('--workers', availableParallelism());
const MB = 1e6;
const rssMb = (): number => Math.round(process.memoryUsage.rss() / MB);

interface File {
  name: string;
  bytes: Uint8Array;
}

/** Files the readers can read in full without OCR (no scans, no encrypted or broken files). */
function corpus(): File[] {
  const skip = /encrypted|password|truncated|zip-bomb|image-only|scan|photo|picture|really-html/;
  const pick = (dir: string, ext: string): File[] =>
    readdirSync(join(SAMPLES, dir))
      .filter((f) => f.endsWith(ext) && !skip.test(f))
      .map((f) => ({ name: `${dir}/${f}`, bytes: new Uint8Array(readFileSync(join(SAMPLES, dir, f))) }));
  const terms = benchTerms(2000);
  const r = rng(99);
  const texts = Array.from({ length: 40 }, (_, i) => ({ name: `text/realistic-${i}.txt`, bytes: new TextEncoder().encode(realisticDocument(60_000, terms, r, { marked: i === 7 })) }));
  return [...pick('pdf', '.pdf'), ...pick('docx', '.docx'), ...texts];
}

async function run(workers: number, files: File[], analysis: 'pool' | 'caller' = 'pool'): Promise<{ filesPerSecond: number; mbPerSecond: number; constructRssMb: number; peakRssMb: number; verdicts: Record<string, number> }> {
  const scanner = await createScanner({ ocr: false, isolation: { workers, analysis } });
  const constructRssMb = rssMb();
  // Warm-up: every worker starts and loads its readers before the clock runs.
  await Promise.all(files.slice(0, workers * 2).map((f) => scanner.scan(f.bytes, { filename: f.name })));
  let peak = rssMb();
  const verdicts: Record<string, number> = {};
  const list = Array.from({ length: rounds }, () => files).flat();
  let next = 0;
  const t0 = performance.now();
  // Two files in flight per worker: one being read while the main thread analyses the other.
  await Promise.all(
    Array.from({ length: workers * 2 }, async () => {
      for (let i = next++; i < list.length; i = next++) {
        const r = await scanner.scan(list[i].bytes, { filename: list[i].name });
        verdicts[r.verdict] = (verdicts[r.verdict] ?? 0) + 1;
        peak = Math.max(peak, rssMb());
      }
    }),
  );
  const s = (performance.now() - t0) / 1000;
  await scanner.close();
  const bytes = list.reduce((n, f) => n + f.bytes.length, 0);
  return { filesPerSecond: Math.round((list.length / s) * 10) / 10, mbPerSecond: Math.round((bytes / MB / s) * 100) / 100, constructRssMb, peakRssMb: peak, verdicts };
}

const files = corpus();
const kinds = files.reduce<Record<string, number>>((m, f) => ((m[f.name.split('/')[0]] = (m[f.name.split('/')[0]] ?? 0) + 1), m), {});
const loadBefore = loadavg().map((x) => Math.round(x * 100) / 100);
const one = await run(1, files);
const all = await run(cores, files);
// For comparison: the same pool, the text checked in the calling thread only.
const allCallerChecks = await run(cores, files, 'caller');
const loadAfter = loadavg().map((x) => Math.round(x * 100) / 100);
const result = {
  files: files.length,
  kinds,
  rounds,
  cores,
  oneWorker: one,
  allWorkers: all,
  allWorkersCheckingInCaller: allCallerChecks,
  speedup: Math.round((all.filesPerSecond / one.filesPerSecond) * 100) / 100,
  speedupOverCallerChecks: Math.round((all.filesPerSecond / allCallerChecks.filesPerSecond) * 100) / 100,
  loadAverage1m: { before: loadBefore[0], after: loadAfter[0] },
  sameVerdicts: JSON.stringify(one.verdicts) === JSON.stringify(all.verdicts) && JSON.stringify(all.verdicts) === JSON.stringify(allCallerChecks.verdicts),
};
console.log(`scale: ${files.length} files (${JSON.stringify(kinds)}) × ${rounds} rounds, 1 worker vs ${cores}`);
console.log(JSON.stringify(result, null, 2));
