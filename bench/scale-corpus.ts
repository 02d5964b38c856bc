/**
 * The corpus of the scale benchmark (bench/scale.bench.ts) and of bench/compile-rounds.ts: the
 * text-layer PDFs and the DOCX files of samples/ that read in full without OCR, and 40 generated
 * realistic text files (one marked).
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchTerms, realisticDocument, rng } from './corpus.ts';

const SAMPLES = fileURLToPath(new URL('../samples/', import.meta.url));

/** A file of the corpus: its name under samples/ (or a generated one) and its bytes. */
export interface ScaleFile {
  name: string;
  bytes: Uint8Array;
}

/** Files the readers can read in full without OCR (no scans, no encrypted or broken files). */
export function scaleCorpus(): ScaleFile[] {
  const skip = /encrypted|password|truncated|zip-bomb|image-only|scan|photo|picture|really-html/;
  const pick = (dir: string, ext: string): ScaleFile[] =>
    readdirSync(join(SAMPLES, dir))
      .filter((f) => f.endsWith(ext) && !skip.test(f))
      .map((f) => ({ name: `${dir}/${f}`, bytes: new Uint8Array(readFileSync(join(SAMPLES, dir, f))) }));
  const terms = benchTerms(2000);
  const r = rng(99);
  const texts = Array.from({ length: 40 }, (_, i) => ({ name: `text/realistic-${i}.txt`, bytes: new TextEncoder().encode(realisticDocument(60_000, terms, r, { marked: i === 7 })) }));
  return [...pick('pdf', '.pdf'), ...pick('docx', '.docx'), ...texts];
}
