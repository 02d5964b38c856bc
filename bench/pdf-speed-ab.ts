/**
 * CPU cost of a switchable part of the pdf.js patch, off against on, in one process with rounds
 * alternating (off, on, off, on …), so both sides see the same machine load. Measured per set of
 * samples/pdf (one-page text files, the two multi-page files, all text files) with the extractor,
 * and for opening a document the way the extractor does (getDocument with its options → first
 * page → that page's text content): milliseconds of process CPU (`process.cpuUsage`, every
 * thread) per file, median and best round.
 *
 *   pnpm tsx bench/pdf-speed-ab.ts [--part textOnlyFonts|syncInflate|loopbackChunks|stableStates|sharedMaps|type1Sizes|all] [--rounds 9]
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DEFAULT_LIMITS } from '@prepub/core';
import { pdfExtractor } from '@prepub/extract-pdf';
import { FONT_FACE_SINK, loadPdfJs } from '../packages/extract-pdf/src/pdfjs.ts';

const args = process.argv.slice(2);
const opt = (name: string, fallback: string): string => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1] : fallback;
};
const part = opt('part', 'all');
const rounds = Number(opt('rounds', '9'));
const parts = part === 'all' ? ['textOnlyFonts', 'syncInflate', 'loopbackChunks', 'stableStates', 'sharedMaps', 'type1Sizes'] : [part];

const DIR = resolve(import.meta.dirname, '../samples/pdf');
const SKIP = /user-password|truncated|really-html|image-only/;
const load = (name: string): { name: string; bytes: Uint8Array } => ({ name, bytes: new Uint8Array(readFileSync(join(DIR, name))) });
const all = readdirSync(DIR)
  .filter((f) => f.endsWith('.pdf') && !SKIP.test(f))
  .sort()
  .map(load);
const multi = all.filter((f) => /compilation|3pages/.test(f.name));
const single = all.filter((f) => !/compilation|3pages/.test(f.name));
const singleText = single.filter((f) => !/photo|marked-scan/.test(f.name));

const rt = await loadPdfJs();
type Worker = { setNodeSpeedups?: (on: boolean, part?: string) => void };
const setParts = (on: boolean): void => {
  const w = (globalThis as { pdfjsWorker?: Worker }).pdfjsWorker;
  for (const p of parts) w?.setNodeSpeedups?.(on, p);
};

async function extract(bytes: Uint8Array): Promise<void> {
  await pdfExtractor.extract(bytes, { limits: DEFAULT_LIMITS });
}

/** Opening as the extractor opens (same options), the first page and its text content. */
async function open(bytes: Uint8Array): Promise<void> {
  const task = rt.pdfjs.getDocument({
    data: bytes.slice(),
    cMapUrl: rt.cMapUrl,
    cMapPacked: true,
    standardFontDataUrl: rt.standardFontDataUrl,
    wasmUrl: rt.wasmUrl,
    iccUrl: rt.iccUrl,
    verbosity: 0,
    isEvalSupported: false,
    useSystemFonts: false,
    stopAtErrors: false,
    disableFontFace: false,
    ownerDocument: FONT_FACE_SINK,
    fontExtraProperties: rt.patched ? 'summary' : true,
  } as Parameters<typeof rt.pdfjs.getDocument>[0]);
  try {
    const doc = await task.promise;
    const page = await doc.getPage(1);
    await page.getTextContent();
  } finally {
    await task.destroy();
  }
}

const cpu = (): number => {
  const c = process.cpuUsage();
  return (c.user + c.system) / 1000;
};
const fmt = (xs: number[]): string => {
  const s = [...xs].sort((a, b) => a - b);
  return `median ${s[Math.floor(s.length / 2)].toFixed(2)}, best ${s[0].toFixed(2)}`;
};

async function ab(label: string, set: Array<{ bytes: Uint8Array }>, fn: (b: Uint8Array) => Promise<void>): Promise<void> {
  const off: number[] = [];
  const on: number[] = [];
  for (const side of [false, true]) {
    setParts(side);
    for (const f of set) await fn(f.bytes); // warm-up of both sides
  }
  for (let r = 0; r < rounds; r++) {
    for (const side of r % 2 === 0 ? [false, true] : [true, false]) {
      setParts(side);
      const t = cpu();
      for (const f of set) await fn(f.bytes);
      (side ? on : off).push((cpu() - t) / set.length);
    }
  }
  setParts(true);
  const med = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  console.log(`${label.padEnd(44)} off ${fmt(off)} | on ${fmt(on)} ms CPU per file | on/off ${(med(on) / med(off)).toFixed(2)}`);
}

console.log(`part(s): ${parts.join(', ')}; ${rounds} rounds per side, alternating; Node ${process.version}`);
await ab(`open → page 1 text (${single.length} one-page)`, single, open);
await ab(`extractor, ${singleText.length} one-page without OCR pictures`, singleText, extract);
await ab(`extractor, ${single.length} one-page`, single, extract);
await ab(`extractor, ${multi.length} multi-page (per file)`, multi, extract);
await ab(`extractor, all ${all.length} text PDFs`, all, extract);
