/**
 * DOCX extraction throughput on the committed samples/docx corpus, next to an in-run baseline:
 * mammoth.extractRawText on the same files (body text only, no headers, comments or limits).
 * One process, sequential, so the figure is per core. The zip bomb, the encrypted and the truncated file are left
 * out: they measure failure paths (and mammoth throws on them), not extraction.
 *
 * Run: pnpm tsx bench/docx.bench.ts [seconds per side, default 3]
 */
import { readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { DEFAULT_LIMITS } from '@prepub/core';
import { extractDocx } from '@prepub/extract-docx';

const DIR = resolve(import.meta.dirname, '../samples/docx');
// mammoth is a dev dependency of the extractor package, used only as this baseline.
const require = createRequire(resolve(import.meta.dirname, '../packages/extract-docx/package.json'));
const mammoth = require('mammoth') as { extractRawText(input: { buffer: Buffer }): Promise<{ value: string }> };

const files = readdirSync(DIR)
  .filter((f) => f.endsWith('.docx') && !/zip-bomb|encrypted|truncated/.test(f))
  .map((f) => ({ name: f, bytes: new Uint8Array(readFileSync(join(DIR, f))) }));
const seconds = Number(process.argv[2] ?? 3);

async function measure(label: string, fn: (bytes: Uint8Array) => Promise<unknown>): Promise<number> {
  for (const f of files) await fn(f.bytes); // warm-up
  let docs = 0;
  let bytes = 0;
  const start = performance.now();
  const end = start + seconds * 1000;
  while (performance.now() < end) {
    for (const f of files) {
      await fn(f.bytes);
      docs++;
      bytes += f.bytes.length;
    }
  }
  const s = (performance.now() - start) / 1000;
  const rate = docs / s;
  console.log(`${label.padEnd(28)} ${rate.toFixed(0).padStart(6)} docs/s  ${(bytes / s / 1e6).toFixed(1).padStart(6)} MB/s  (${docs} docs in ${s.toFixed(1)} s)`);
  return rate;
}

const ctx = { limits: { ...DEFAULT_LIMITS } };
console.log(`DOCX corpus: ${files.length} files, ${(files.reduce((n, f) => n + f.bytes.length, 0) / 1024).toFixed(0)} KiB, Node ${process.version}`);
const ours = await measure('prepub extractDocx', (b) => extractDocx(b, ctx));
const base = await measure('mammoth.extractRawText', (b) => mammoth.extractRawText({ buffer: Buffer.from(b) }));
console.log(`ratio prepub / mammoth: ${(ours / base).toFixed(2)}×  (target ≥ 100 docs/s: ${ours >= 100 ? 'met' : 'NOT met'})`);

// Zip bomb: time to the limit with default limits.
const bomb = new Uint8Array(readFileSync(join(DIR, 'zip-bomb.docx')));
const t = performance.now();
const x = await extractDocx(bomb, ctx);
console.log(`zip bomb (${(bomb.length / 1e6).toFixed(1)} MB → 1.1 GB): stopped after ${(Number(x.info?.inflatedBytes) / 1e6).toFixed(1)} MB in ${(performance.now() - t).toFixed(0)} ms, reason ${x.unread[0]?.reason}`);
