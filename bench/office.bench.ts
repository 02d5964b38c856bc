/**
 * Office and e-document reading throughput, format by format, on the committed samples (XLSX,
 * PPTX, OpenDocument, OFD, legacy DOC/WPS, RTF, Outlook MSG) and generated large documents (a
 * 2,000-row roster, a 200-page OFD), each next to an in-run baseline that does the least a reader
 * must, producing no text: for ZIP packages (OOXML, ODF, OFD) unzip every entry (fflate) and parse
 * every XML entry (htmlparser2 in XML mode, the parser the readers use); for compound files (DOC,
 * MSG) open the compound file and read every stream (cfb); for RTF decode the bytes as Latin-1 and
 * count its control words. One process, sequential: the figure is per core. Encrypted, truncated
 * and damaged samples are left out (they measure failure paths); so are the ones with a scan,
 * whose time is the picture's inflation, not reading.
 *
 * Run: pnpm bench office [seconds per side, default 3] [only rows whose name contains this]
 */
import { readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { unzipSync } from 'fflate';
import { DEFAULT_LIMITS } from '@prepub/core';
import { extractXlsx } from '../packages/extract-xlsx/src/index.ts';
import { extractPptx } from '../packages/extract-pptx/src/index.ts';
import { extractOdf } from '../packages/extract-odf/src/index.ts';
import { extractOfd } from '../packages/extract-ofd/src/index.ts';
import { extractDoc } from '../packages/extract-doc/src/index.ts';
import { extractRtf } from '../packages/extract-rtf/src/index.ts';
import { extractMsg } from '../packages/extract-msg/src/index.ts';
import { ofd, paragraphLines } from '../packages/extract-ofd/test/ofd-writer.ts';
import { xlsx, type Cell } from '../packages/ooxml/test/ooxml-writer.ts';

const require = createRequire(resolve(import.meta.dirname, '../packages/extract-docx/package.json'));
const CFB = require('cfb') as { read(data: Uint8Array, o: { type: 'buffer' }): { FileIndex: Array<{ type: number; content?: Uint8Array | number[] }> } };
type SaxParser = new (h: { onopentag?: () => void; ontext?: () => void }, o: { xmlMode: boolean; decodeEntities: boolean }) => { write(s: string): void; end(): void };
const { Parser } = require('htmlparser2') as { Parser: SaxParser };
const seconds = Number(process.argv[2] ?? 3);
const ctx = { limits: { ...DEFAULT_LIMITS } };

function corpus(dir: string, ext: RegExp = new RegExp(`\\.${dir}$`)): Uint8Array[] {
  const d = resolve(import.meta.dirname, '../samples', dir);
  return readdirSync(d)
    .filter((f) => ext.test(f) && !/encrypted|truncated|corrupt|damaged|missing|picture|scanned|alt-text|undecodable|smime/.test(f))
    .map((f) => new Uint8Array(readFileSync(join(d, f))));
}

/** Compound-file baseline: the directory opened and every stream's bytes touched. */
async function openCompoundFile(bytes: Uint8Array): Promise<number> {
  let n = 0;
  for (const e of CFB.read(bytes, { type: 'buffer' }).FileIndex) if (e.type === 2 && e.content) n += e.content.length;
  return n;
}

/** RTF baseline: the bytes decoded and every control word counted. */
async function decodeRtf(bytes: Uint8Array): Promise<number> {
  const text = new TextDecoder('latin1').decode(bytes);
  let words = 0;
  for (let i = text.indexOf('\\'); i >= 0; i = text.indexOf('\\', i + 1)) words++;
  return words;
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

/** A 200-page notice in OFD: the text pages/s figure. */
const OFD_PAGES = 200;
const pageText = '各区县人民政府，市政府各部门：现将《关于进一步加强档案管理工作的实施意见》印发给你们，请结合实际认真贯彻执行。'.repeat(6);
const bigOfd = [ofd({ docs: [{ title: '档案管理实施意见', pages: Array.from({ length: OFD_PAGES }, (_, i) => ({ texts: paragraphLines(`第${i + 1}页\n${pageText}`, { top: 40, indent: true }) })) }] })];

interface Row {
  name: string;
  files: Uint8Array[];
  read: (bytes: Uint8Array) => Promise<unknown>;
  baseline: [string, (bytes: Uint8Array) => Promise<unknown>];
  /** Pages per document: the row also reports pages/s against this target. */
  pages?: { perDoc: number; target: number };
  /** Documents/s every small-document row must reach. */
  target?: number;
}
const zipBase: Row['baseline'] = ['baseline unzip + XML parse', unzipAndParse];
const rows: Row[] = [
  { name: 'XLSX', files: corpus('xlsx'), read: (b) => extractXlsx(b, ctx), baseline: zipBase, target: 100 },
  { name: 'PPTX', files: corpus('pptx'), read: (b) => extractPptx(b, ctx), baseline: zipBase, target: 100 },
  { name: 'XLSX roster, 2,000 rows', files: roster, read: (b) => extractXlsx(b, ctx), baseline: zipBase },
  { name: 'OpenDocument (ODT/ODS/ODP)', files: corpus('odf', /\.od[tsp]$/), read: (b) => extractOdf(b, ctx), baseline: zipBase },
  { name: 'OFD samples', files: corpus('ofd'), read: (b) => extractOfd(b, ctx), baseline: zipBase },
  { name: `OFD, ${OFD_PAGES} text pages`, files: bigOfd, read: (b) => extractOfd(b, ctx), baseline: zipBase, pages: { perDoc: OFD_PAGES, target: 50 } },
  { name: 'DOC/WPS', files: corpus('doc', /\.(doc|wps)$/).filter((b) => b.length < 200_000), read: (b) => extractDoc(b, ctx), baseline: ['baseline open compound file, read streams', openCompoundFile] },
  { name: 'RTF', files: corpus('rtf'), read: (b) => extractRtf(b, ctx), baseline: ['baseline decode + count control words', decodeRtf] },
  { name: 'MSG', files: corpus('msg'), read: (b) => extractMsg(b, ctx), baseline: ['baseline open compound file, read streams', openCompoundFile] },
];
const only = process.argv[3];
for (const row of rows.filter((r) => !only || r.name.toLowerCase().includes(only.toLowerCase()))) {
  const { name, files } = row;
  console.log(`\n${name}: ${files.length} files, ${(files.reduce((n, f) => n + f.length, 0) / 1024).toFixed(0)} KiB, Node ${process.version}`);
  const ours = await measure('prepub reader', files, row.read);
  const base = await measure(row.baseline[0], files, row.baseline[1]);
  const verdicts: string[] = [];
  if (row.target) verdicts.push(`target ≥ ${row.target} small docs/s: ${ours >= row.target ? 'met' : 'NOT met'}`);
  if (row.pages) {
    const pagesPerSecond = ours * row.pages.perDoc;
    verdicts.push(`${pagesPerSecond.toFixed(0)} pages/s, target ≥ ${row.pages.target}: ${pagesPerSecond >= row.pages.target ? 'met' : 'NOT met'}`);
  }
  console.log(`ratio prepub / baseline: ${(ours / base).toFixed(2)}×${verdicts.length ? `  (${verdicts.join('; ')})` : ''}`);
}
