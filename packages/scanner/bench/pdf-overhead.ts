/**
 * Per-file overhead of reading in a worker: the same PDFs read one at a time, in-process and in a
 * one-worker pool, alternating rounds so machine load drifts alike for both.
 * `pnpm tsx packages/scanner/bench/pdf-overhead.ts [rounds]`.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createScanner } from '../src/index.ts';

const SAMPLES = fileURLToPath(new URL('../../../samples/pdf/', import.meta.url));
const pdfs = readdirSync(SAMPLES).filter((f) => f.startsWith('benign-') && f.endsWith('.pdf')).map((f) => new Uint8Array(readFileSync(join(SAMPLES, f))));
const rounds = Number(process.argv[2] ?? 3);
const inline = await createScanner({ ocr: false, isolation: false });
const pooled = await createScanner({ ocr: false, isolation: { workers: 1 } });
// Warm both: pdf.js loaded in this thread and in the worker.
for (const s of [inline, pooled]) for (const b of pdfs) await s.scan(b, { filename: 'w.pdf' });
const total = { inline: 0, pooled: 0 };
for (let r = 0; r < rounds; r++) {
  for (const [name, s] of [['inline', inline], ['pooled', pooled]] as const) {
    const t0 = performance.now();
    for (const b of pdfs) await s.scan(b, { filename: 'f.pdf' });
    total[name] += performance.now() - t0;
  }
}
const n = rounds * pdfs.length;
console.log(JSON.stringify({ files: n, inlineMsPerPdf: Math.round((total.inline / n) * 10) / 10, pooledMsPerPdf: Math.round((total.pooled / n) * 10) / 10 }));
await inline.close();
await pooled.close();
