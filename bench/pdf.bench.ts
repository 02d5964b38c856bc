/**
 * PDF extraction throughput on the committed samples/pdf corpus, in pages per second, next to an
 * in-run baseline: raw pdf.js (same build, same cMaps) opening each file and calling
 * getTextContent on every page — no operator list, no annotations, metadata, layout or limits.
 * One process, sequential, so the figures are per core. Failure paths (user password, truncated,
 * not a PDF) are left out; the image-only scan is measured on its own, since its cost is rendering.
 *
 * The repository patches pdf.js (patches/pdfjs-dist@5.6.205.patch) to share built-in data across
 * documents (parsed CMaps, the Unicode maps built from them, standard font bytes) and to hash PDF
 * 2.0 passwords with node:crypto. The baseline turns that off for its own passes, so it is pdf.js
 * as published; a second line shows pdf.js with the patch on, the best raw pdf.js can do here.
 * One-page files are measured three ways: all of them, the text pages (nothing rendered for OCR)
 * and the pages on which the extractor draws a picture for OCR, each set against the baseline.
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

/** The patch's switch on the worker module the extractor installed (see packages/extract-pdf/src/pdfjs.ts). */
const speedups = (on: boolean): void => (globalThis as { pdfjsWorker?: { setNodeSpeedups?: (on: boolean) => void } }).pdfjsWorker?.setNodeSpeedups?.(on);

/** Baseline: pdf.js as published (the patch off), text content of every page. Returns pages read. */
async function baseline(bytes: Uint8Array): Promise<number> {
  speedups(false);
  try {
    return await rawTextContent(bytes);
  } finally {
    speedups(true);
  }
}

/** Raw pdf.js text content of every page. Returns pages read. */
async function rawTextContent(bytes: Uint8Array): Promise<number> {
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

interface Side {
  label: string;
  fn: (bytes: Uint8Array) => Promise<number>;
  pages: number;
  docs: number;
  wall: number;
  cpu: number;
}

/**
 * Pages per second of wall time and per second of this process's CPU time, for two readers over
 * the same files. Their passes alternate (one pass of each in turn) so that both see the same
 * machine: on a shared machine the CPU time a page costs changes from minute to minute. The CPU
 * figure is the one-core throughput even when other processes compete for the machine.
 */
async function measurePair(set: Array<{ bytes: Uint8Array }>, ...readers: Array<Omit<Side, 'pages' | 'docs' | 'wall' | 'cpu'>>): Promise<Side[]> {
  const sides: Side[] = readers.map((r) => ({ ...r, pages: 0, docs: 0, wall: 0, cpu: 0 }));
  for (const side of sides) for (const f of set) await side.fn(f.bytes); // warm-up: module load, cMaps, font data
  const end = performance.now() + 2 * seconds * 1000;
  while (performance.now() < end) {
    for (const side of sides) {
      const cpu0 = process.cpuUsage();
      const start = performance.now();
      for (const f of set) {
        side.pages += await side.fn(f.bytes);
        side.docs++;
      }
      side.wall += (performance.now() - start) / 1000;
      const used = process.cpuUsage(cpu0);
      side.cpu += (used.user + used.system) / 1e6;
    }
  }
  for (const side of sides) {
    console.log(
      `${side.label.padEnd(36)} ${(side.pages / side.wall).toFixed(1).padStart(6)} pages/s wall  ${(side.pages / side.cpu).toFixed(1).padStart(6)} pages/CPU-s  ${(side.docs / side.wall).toFixed(1).padStart(5)} files/s  (${side.pages} pages, ${side.wall.toFixed(1)} s wall, ${side.cpu.toFixed(1)} s CPU)`,
    );
  }
  return sides;
}

const rate = (s: Side): { wall: number; cpu: number } => ({ wall: s.pages / s.wall, cpu: s.pages / s.cpu });

/**
 * Which files draw a picture for OCR: the extractor's own answer (an image handed to OCR), not
 * the file name. On such a page the cost is rendering and PNG encoding, not reading text, so the
 * one-page figures are given for text pages (text read from content streams, nothing rendered)
 * and for pages with a picture drawn, each next to the baseline on the very same files.
 */
const drawsPicture = new Set<string>();
for (const f of files) {
  const r = await pdfExtractor.extract(f.bytes, { limits: DEFAULT_LIMITS });
  if ((r.images?.length ?? 0) > 0) drawsPicture.add(f.name);
}

console.log(`samples/pdf: ${files.length} text PDFs, ${scans.length} scanned; ${seconds} s per side; Node ${process.version}`);
// The extractor first: it installs pdf.js's main-thread worker the baseline also uses.
const patched = { label: 'pdf.js getTextContent, patch on', fn: rawTextContent };
const [oursSide, baseSide, patchedSide] = await measurePair(files, { label: 'prepub pdfExtractor (text PDFs)', fn: extractor }, { label: 'baseline pdf.js getTextContent', fn: baseline }, patched);
const ours = rate(oursSide);
const base = rate(baseSide);
console.log(`ratio extractor/baseline: ${(ours.cpu / base.cpu).toFixed(2)} (CPU), ${(ours.wall / base.wall).toFixed(2)} (wall); extractor/patched pdf.js: ${(ours.cpu / rate(patchedSide).cpu).toFixed(2)} (CPU)`);
console.log(`target >= 50 text pages/s on one core: ${ours.cpu >= 50 ? 'met' : 'NOT met'} (${ours.cpu.toFixed(1)} pages/CPU-s)`);
const isMulti = (f: { name: string }): boolean => /compilation|3pages/.test(f.name);
const multi = files.filter(isMulti);
if (multi.length > 0) {
  const [m, b, p] = await measurePair(multi, { label: 'prepub pdfExtractor (multi-page only)', fn: extractor }, { label: 'baseline (multi-page only)', fn: baseline }, patched);
  console.log(`ratio on multi-page documents: ${(rate(m).cpu / rate(b).cpu).toFixed(2)} (CPU); to patched pdf.js: ${(rate(m).cpu / rate(p).cpu).toFixed(2)}`);
}
const single = files.filter((f) => !isMulti(f));
const singleText = single.filter((f) => !drawsPicture.has(f.name));
const singlePicture = single.filter((f) => drawsPicture.has(f.name));
const [o1, b1, p1] = await measurePair(single, { label: 'prepub pdfExtractor (one-page, all)', fn: extractor }, { label: 'baseline (one-page, all)', fn: baseline }, patched);
console.log(`ratio on all ${single.length} one-page documents: ${(rate(o1).cpu / rate(b1).cpu).toFixed(2)} (CPU); to patched pdf.js: ${(rate(o1).cpu / rate(p1).cpu).toFixed(2)}`);
const [ot, bt, pt] = await measurePair(singleText, { label: 'prepub pdfExtractor (one-page, text)', fn: extractor }, { label: 'baseline (one-page, text)', fn: baseline }, patched);
console.log(`ratio on ${singleText.length} one-page text pages (text from content streams, no picture rendered): ${(rate(ot).cpu / rate(bt).cpu).toFixed(2)} (CPU); to patched pdf.js: ${(rate(ot).cpu / rate(pt).cpu).toFixed(2)}`);
if (singlePicture.length > 0) {
  const [op, bp] = await measurePair(singlePicture, { label: 'prepub pdfExtractor (one-page, picture)', fn: extractor }, { label: 'baseline (one-page, picture)', fn: baseline });
  console.log(
    `${singlePicture.length} one-page pages with a picture drawn at 300 dpi for OCR (${singlePicture.map((f) => f.name).join(', ')}): ${rate(op).cpu.toFixed(1)} pages/CPU-s, ratio ${(rate(op).cpu / rate(bp).cpu).toFixed(2)} (the baseline draws nothing)`,
  );
}
console.log(`target >= 60 one-page text pages per CPU-s: ${rate(ot).cpu >= 60 ? 'met' : 'NOT met'} (${rate(ot).cpu.toFixed(1)} on ${singleText.length} text pages; ${rate(o1).cpu.toFixed(1)} on all ${single.length} one-page files)`);
await measurePair(scans, { label: 'prepub pdfExtractor (scans, render)', fn: extractor }, { label: 'baseline (scans, text layer only)', fn: baseline });
