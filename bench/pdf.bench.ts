/**
 * PDF extraction throughput on the committed samples/pdf corpus, in pages per second, next to an
 * in-run baseline: raw pdf.js (same build, same cMaps) opening each file and calling
 * getTextContent on every page — no operator list, no annotations, metadata, layout or limits.
 * One process, sequential, so the figures are per core. Failure paths (user password, truncated,
 * not a PDF) are left out; the image-only scan is measured on its own, since its cost is rendering.
 *
 * Run: pnpm tsx bench/pdf.bench.ts [seconds per side, default 3]
 */
import { readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DEFAULT_LIMITS } from '@prepub/core';
import { pdfExtractor } from '@prepub/extract-pdf';

const DIR = resolve(import.meta.dirname, '../samples/pdf');
const SKIP = /user-password|truncated|really-html|image-only/;
const seconds = Number(process.argv[2] ?? 3);

// pdf.js is a dependency of the extractor package: the baseline loads the very same module.
const require = createRequire(resolve(import.meta.dirname, '../packages/extract-pdf/package.json'));
const root = dirname(require.resolve('pdfjs-dist/package.json')) + sep;
const pdfjs = (await import(pathToFileURL(require.resolve('pdfjs-dist/legacy/build/pdf.mjs')).href)) as typeof import('pdfjs-dist/legacy/build/pdf.mjs');

const load = (name: string): { name: string; bytes: Uint8Array } => ({ name, bytes: new Uint8Array(readFileSync(join(DIR, name))) });
const files = readdirSync(DIR)
  .filter((f) => f.endsWith('.pdf') && !SKIP.test(f))
  .sort()
  .map(load);
const scans = readdirSync(DIR)
  .filter((f) => /image-only/.test(f))
  .map(load);

/** Extractor: every feature on. Returns pages read. */
async function extractor(bytes: Uint8Array): Promise<number> {
  const r = await pdfExtractor.extract(bytes, { limits: DEFAULT_LIMITS });
  return Number(r.info?.pagesRead ?? 0);
}

/** Baseline: raw pdf.js text content of every page. Returns pages read. */
async function baseline(bytes: Uint8Array): Promise<number> {
  const task = pdfjs.getDocument({
    data: bytes.slice(),
    cMapUrl: root + 'cmaps' + sep,
    cMapPacked: true,
    standardFontDataUrl: root + 'standard_fonts' + sep,
    verbosity: 0,
    isEvalSupported: false,
    disableFontFace: true,
  });
  try {
    const doc = await task.promise;
    for (let n = 1; n <= doc.numPages; n++) {
      const page = await doc.getPage(n);
      await page.getTextContent();
      page.cleanup();
    }
    return doc.numPages;
  } finally {
    await task.destroy();
  }
}

/**
 * Pages per second of wall time and per second of this process's CPU time. The CPU figure is the
 * one-core throughput even when other processes compete for the machine.
 */
async function measure(label: string, set: Array<{ bytes: Uint8Array }>, fn: (bytes: Uint8Array) => Promise<number>): Promise<{ wall: number; cpu: number }> {
  for (const f of set) await fn(f.bytes); // warm-up: module load, cMaps, font data
  let pages = 0;
  let docs = 0;
  const cpu0 = process.cpuUsage();
  const start = performance.now();
  const end = start + seconds * 1000;
  while (performance.now() < end) {
    for (const f of set) {
      pages += await fn(f.bytes);
      docs++;
    }
  }
  const s = (performance.now() - start) / 1000;
  const used = process.cpuUsage(cpu0);
  const cpuS = (used.user + used.system) / 1e6;
  const wall = pages / s;
  const cpu = pages / cpuS;
  console.log(
    `${label.padEnd(36)} ${wall.toFixed(1).padStart(6)} pages/s wall  ${cpu.toFixed(1).padStart(6)} pages/CPU-s  ${(docs / s).toFixed(1).padStart(5)} files/s  (${pages} pages, ${s.toFixed(1)} s wall, ${cpuS.toFixed(1)} s CPU)`,
  );
  return { wall, cpu };
}

console.log(`samples/pdf: ${files.length} text PDFs, ${scans.length} scanned; ${seconds} s per side; Node ${process.version}`);
// The extractor first: it installs pdf.js's main-thread worker the baseline also uses.
const ours = await measure('prepub pdfExtractor (text PDFs)', files, extractor);
const base = await measure('baseline pdf.js getTextContent', files, baseline);
console.log(`ratio extractor/baseline: ${(ours.cpu / base.cpu).toFixed(2)} (CPU), ${(ours.wall / base.wall).toFixed(2)} (wall)`);
console.log(`target >= 50 text pages/s on one core: ${ours.cpu >= 50 ? 'met' : 'NOT met'} (${ours.cpu.toFixed(1)} pages/CPU-s)`);
const multi = files.filter((f) => /compilation|3pages/.test(f.name));
if (multi.length > 0) {
  const m = await measure('prepub pdfExtractor (multi-page only)', multi, extractor);
  const b = await measure('baseline (multi-page only)', multi, baseline);
  console.log(`ratio on multi-page documents: ${(m.cpu / b.cpu).toFixed(2)} (CPU)`);
}
await measure('prepub pdfExtractor (scans, render)', scans, extractor);
