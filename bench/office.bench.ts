/**
 * XLSX and PPTX extraction throughput on the committed samples/xlsx and samples/pptx corpora (and
 * a generated 2,000-row roster), next to an in-run baseline that does the least a reader must:
 * unzip every entry (fflate) and parse every XML entry (htmlparser2 in XML mode, the parser the
 * readers use), producing no text. One process, sequential: the figure is per core. Encrypted,
 * truncated and damaged samples are left out (they measure failure paths); so are the ones with a
 * 200 KB scan, whose time is the PNG's inflation, not reading.
 *
 * Run: pnpm bench office [seconds per side, default 3]
 */
import { readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { unzipSync } from 'fflate';
import { DEFAULT_LIMITS } from '@prepub/core';
import { extractXlsx } from '../packages/extract-xlsx/src/index.ts';
import { extractPptx } from '../packages/extract-pptx/src/index.ts';
import { xlsx, type Cell } from '../packages/ooxml/test/ooxml-writer.ts';

const require = createRequire(resolve(import.meta.dirname, '../packages/extract-docx/package.json'));
type SaxParser = new (h: { onopentag?: () => void; ontext?: () => void }, o: { xmlMode: boolean; decodeEntities: boolean }) => { write(s: string): void; end(): void };
const { Parser } = require('htmlparser2') as { Parser: SaxParser };
const seconds = Number(process.argv[2] ?? 3);
const ctx = { limits: { ...DEFAULT_LIMITS } };

function corpus(dir: string): Uint8Array[] {
  const d = resolve(import.meta.dirname, '../samples', dir);
  return readdirSync(d)
    .filter((f) => f.endsWith(`.${dir}`) && !/encrypted|truncated|corrupt|picture|alt-text/.test(f))
    .map((f) => new Uint8Array(readFileSync(join(d, f))));
}

/** The baseline: every entry inflated, every XML entry parsed, nothing kept. */
async function unzipAndParse(bytes: Uint8Array): Promise<number> {
  let events = 0;
  const entries = unzipSync(bytes);
  for (const [name, data] of Object.entries(entries)) {
    if (!/\.(xml|rels)$/.test(name)) continue;
    const p = new Parser({ onopentag: () => events++, ontext: () => events++ }, { xmlMode: true, decodeEntities: true });
    p.write(new TextDecoder().decode(data));
    p.end();
  }
  return events;
}

async function measure(label: string, files: Uint8Array[], fn: (bytes: Uint8Array) => Promise<unknown>): Promise<number> {
  // Warm-up until the JIT has settled: a second, at least one pass.
  const warm = performance.now() + 1000;
  do for (const f of files) await fn(f);
  while (performance.now() < warm);
  let docs = 0;
  const start = performance.now();
  const end = start + seconds * 1000;
  while (performance.now() < end) {
    for (const f of files) {
      await fn(f);
      docs++;
    }
  }
  const s = (performance.now() - start) / 1000;
  const rate = docs / s;
  console.log(`${label.padEnd(34)} ${rate.toFixed(0).padStart(6)} docs/s  (${docs} docs in ${s.toFixed(1)} s)`);
  return rate;
}

const rosterRows: Cell[][] = [['序号', '姓名', '单位', '职务', '联系电话']];
for (let i = 1; i <= 2000; i++) rosterRows.push([i, `姓名${i}`, `江临市第${i % 37}事业单位`, '科员', `0571-8800 ${String(1000 + i).padStart(4, '0')}`]);
const roster = [xlsx({ sheets: [{ name: '名册', rows: rosterRows }] })];

for (const [name, files, read] of [
  ['XLSX', corpus('xlsx'), extractXlsx],
  ['PPTX', corpus('pptx'), extractPptx],
  ['XLSX roster, 2,000 rows', roster, extractXlsx],
] as const) {
  console.log(`\n${name}: ${files.length} files, ${(files.reduce((n, f) => n + f.length, 0) / 1024).toFixed(0)} KiB, Node ${process.version}`);
  const ours = await measure(`prepub extract${name.slice(0, 4).toLowerCase() === 'xlsx' ? 'Xlsx' : 'Pptx'}`, files, (b) => read(b, ctx));
  const base = await measure('baseline unzip + XML parse', files, unzipAndParse);
  console.log(`ratio prepub / baseline: ${(ours / base).toFixed(2)}×${files.length > 1 ? `  (target ≥ 100 small docs/s: ${ours >= 100 ? 'met' : 'NOT met'})` : ''}`);
}
