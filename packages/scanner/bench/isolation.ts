/**
 * Reading in a worker pool vs in the calling thread: throughput on many small files, worker
 * start-up, memory of a killed worker. `pnpm tsx packages/scanner/bench/isolation.ts [workers]`
 * (default: the cores). Prints one JSON object.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createScanner, type Scanner, type ScannerOptions } from '../src/index.ts';
import { patternCyclePdf } from '../test/fixtures/pathological.ts';

const SAMPLES = fileURLToPath(new URL('../../../samples/', import.meta.url));
const workers = Number(process.argv[2] ?? availableParallelism());
const round = (n: number) => Math.round(n * 10) / 10;

const texts = readdirSync(join(SAMPLES, 'text')).filter((f) => f.endsWith('.txt')).map((f) => readFileSync(join(SAMPLES, 'text', f)));
const pdfs = readdirSync(join(SAMPLES, 'pdf')).filter((f) => f.startsWith('benign-') && f.endsWith('.pdf')).map((f) => readFileSync(join(SAMPLES, 'pdf', f)));
const files = (list: Buffer[], n: number, ext: string) => Array.from({ length: n }, (_, i) => ({ name: `f${i}.${ext}`, bytes: new Uint8Array(list[i % list.length]) }));
const TEXT_FILES = files(texts, 200, 'txt');
const PDF_FILES = files(pdfs, 50, 'pdf');

async function run(scanner: Scanner, list: Array<{ name: string; bytes: Uint8Array }>, concurrency: number): Promise<number> {
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let i = next++; i < list.length; i = next++) await scanner.scan(list[i].bytes, { filename: list[i].name });
    }),
  );
  return performance.now() - t0;
}

async function measure(label: string, options: ScannerOptions, concurrency: number) {
  const t0 = performance.now();
  const scanner = await createScanner({ ocr: false, ...options });
  const created = performance.now() - t0;
  // First file: in the pool this includes starting the workers and loading their readers.
  const t1 = performance.now();
  await scanner.scan(PDF_FILES[0].bytes, { filename: 'first.pdf' });
  const firstPdf = performance.now() - t1;
  const text = await run(scanner, TEXT_FILES, concurrency);
  const pdf = await run(scanner, PDF_FILES, concurrency);
  await scanner.close();
  return {
    label,
    createMs: round(created),
    firstPdfMs: round(firstPdf),
    text200: { ms: round(text), filesPerSecond: round((200 / text) * 1000) },
    pdf50: { ms: round(pdf), filesPerSecond: round((50 / pdf) * 1000) },
  };
}

/** Time for a fresh pool to read one tiny text file, with and without preloading pdf.js/DOCX. */
async function startup(preload: string[] | undefined) {
  const scanner = await createScanner({ ocr: false, isolation: { workers: 1, preload } });
  const t0 = performance.now();
  await scanner.scan(new TextEncoder().encode('会议纪要'), { filename: 'a.txt' });
  const cold = performance.now() - t0;
  const t1 = performance.now();
  await scanner.scan(new TextEncoder().encode('会议纪要'), { filename: 'b.txt' });
  const warm = performance.now() - t1;
  await scanner.close();
  return { preload: preload ?? 'default', coldFirstFileMs: round(cold), warmFileMs: round(warm) };
}

/** Peak resident memory of the process while a worker is killed at its heap limit. */
async function killed(maxOldGenerationMb: number) {
  const scanner = await createScanner({ ocr: false, limits: { fileTimeoutMs: 120_000 }, isolation: { workers: 1, maxOldGenerationMb, preload: [] } });
  await scanner.scan(new TextEncoder().encode('会议纪要'), { filename: 'warm.txt' });
  const before = process.memoryUsage.rss();
  let peak = before;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 25);
  const t0 = performance.now();
  const r = await scanner.scan(patternCyclePdf(), { filename: 'cycle.pdf' });
  const ms = performance.now() - t0;
  clearInterval(timer);
  await new Promise((res) => setTimeout(res, 500));
  const after = process.memoryUsage.rss();
  await scanner.close();
  const MB = 1024 * 1024;
  return { maxOldGenerationMb, reason: r.coverage.unread.map((u) => u.reason).join(','), msToKill: round(ms), rssBeforeMb: Math.round(before / MB), rssPeakMb: Math.round(peak / MB), rssAfterMb: Math.round(after / MB) };
}

const out = {
  workers,
  inProcess: await measure('in-process (isolation: false)', { isolation: false }, workers),
  pooled: await measure(`pool of ${workers}`, { isolation: { workers } }, workers),
  startup: [await startup([]), await startup(undefined)],
  killed: [await killed(128), await killed(256)],
};
console.log(JSON.stringify(out, null, 2));
