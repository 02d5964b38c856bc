/**
 * Peer-corpus benchmark: scans other projects' test documents (pdf.js, Apache Tika, mammoth.js,
 * python-docx), mirrored into a folder outside the repository with bench/peers/mirror.sh, with the
 * real scanner in child processes (the fuzz harness's lanes: a crash or hang costs one file).
 *
 *   pnpm bench peers <dir> [--jobs 1] [--file-timeout 30000] [--page-timeout ms] [--out report.json] [--ocr] [--only project,…] [--asserted] [--file name,…] [--asserted-ext xlsx|pptx|…]
 *
 * Reports per format (as prepub sniffed it): files, verdicts, crashes, timeouts, max RSS, unread
 * reasons; every file that passed while drawing glyphs or pictures with few extracted characters
 * (counted independently: pdf.js operator lists, DOCX runs and drawings); and Tika's own
 * expectations of extracted text: the literal strings of `assertContains("…", …)` in Tika's parser
 * tests for PDF, DOCX, HTML and TXT documents, and the fraction of them found in the text prepub's
 * scanner read (every part: the file's own, its embedded files', and OCR's when --ocr is given).
 * `--asserted` scans only the documents Tika asserts on (quick to re-measure the coverage);
 * `--file` only the documents with these file names (one document's misses, re-measured in seconds);
 * `--asserted-ext` adds formats to the assertion check (`xlsx|pptx|eml|msg|ods|odp|xls|ppt`: the
 * share is then no longer the one RESULTS.md tracks, but a miss on a document that passed is content
 * prepub did not read).
 *
 * What the coverage does not count, said here rather than left out silently: assertions about
 * metadata (`metadata.get(…)`, TikaCoreProperties), about markup (`<p>…`, `class="…"`) and about the
 * file names of embedded documents, and documents of formats prepub does not claim to read (RTF, the
 * Office binary formats, spreadsheets, slides, e-mail, archives). Tika checks its XHTML output, so
 * an expected `1.2-&gt;1.1` is compared as the text `1.2->1.1`.
 */
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, join, relative, sep } from 'node:path';
import { parseArgs } from 'node:util';
import { Lane } from './fuzz/harness.ts';
import type { ScanReply } from './fuzz/worker.ts';
import { filesUnder } from './cli-args.ts';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    jobs: { type: 'string', default: '1' },
    'file-timeout': { type: 'string', default: '30000' },
    out: { type: 'string' },
    ocr: { type: 'boolean', default: false },
    only: { type: 'string' },
    asserted: { type: 'boolean', default: false },
    'page-timeout': { type: 'string' },
    file: { type: 'string' },
    'asserted-ext': { type: 'string' },
  },
});
const dir = positionals[0];
if (!dir) {
  console.error('usage: pnpm bench peers <dir> [--jobs N] [--file-timeout ms] [--out report.json] [--ocr] [--only project] [--asserted] [--file name,…]');
  process.exit(3);
}
const fileTimeoutMs = Number(values['file-timeout']);

// Tika's test sources are copied next to its documents for the assertion check; they are not documents.
const files = filesUnder(dir)
  .filter((f) => !f.endsWith('.java') && !f.includes(`${sep}src${sep}test${sep}java${sep}`))
  .filter((f) => !values.only || values.only.split(',').includes(relative(dir, f).split(sep)[0]))
  .sort();

// ------------------------------------------------------------------ Tika's assertContains

interface Expectation {
  doc: string;
  text: string;
  source: string;
}

/** File-name extensions of the documents whose assertions count (`--asserted-ext` widens them: xlsx|pptx|eml|msg|ods|odp|xls|ppt). */
const EXTS = values['asserted-ext'] ? `pdf|docx?|html?|txt|rtf|odt|${values['asserted-ext']}` : 'pdf|docx?|html?|txt|rtf|odt';
const ASSERTED_EXT = new RegExp(`\\.(${EXTS})$`, 'i');

function unjava(s: string): string {
  return s.replace(/\\(u[0-9a-fA-F]{4}|.)/g, (_, e: string) => (e[0] === 'u' ? String.fromCharCode(parseInt(e.slice(1), 16)) : e === 'n' ? '\n' : e === 't' ? '\t' : e === 'r' ? '\r' : e));
}

/** Tika asserts on its XHTML: the text of `&gt;` is `>`. */
function unxml(s: string): string {
  return s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
}

/** Literal assertContains strings of test methods that open exactly one PDF/DOC/DOCX/RTF/ODT/HTML/TXT document. */
/**
 * The test method at the start of `chunk` (text after an `@Test`), up to its closing brace: a
 * private helper written after it asserts for its own callers, not for this test's document.
 */
function methodBody(chunk: string): string {
  const open = chunk.indexOf('{');
  if (open < 0) return chunk;
  let depth = 0;
  for (let i = open; i < chunk.length; i++) {
    const c = chunk[i];
    if (c === '"' || c === "'") {
      // Skip a string or character literal (with its escapes).
      for (i++; i < chunk.length && chunk[i] !== c; i++) if (chunk[i] === '\\') i++;
    } else if (c === '{') depth++;
    else if (c === '}' && --depth === 0) return chunk.slice(0, i + 1);
  }
  return chunk;
}

function tikaExpectations(): Expectation[] {
  const tika = join(dir, 'tika');
  let all: string[];
  try {
    all = filesUnder(tika);
  } catch {
    return [];
  }
  const docs = new Map<string, string[]>();
  for (const f of all) if (f.includes('test-documents') && ASSERTED_EXT.test(f)) docs.set(basename(f), [...(docs.get(basename(f)) ?? []), f]);
  const out: Expectation[] = [];
  for (const java of all.filter((f) => f.endsWith('Test.java'))) {
    // Commented-out tests assert nothing.
    const src = readFileSync(java, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
    const module = relative(tika, java).split(`${sep}src${sep}`)[0];
    for (const method of src.split(/@Test\b/).slice(1).map(methodBody)) {
      const names = new Set([...method.matchAll(new RegExp(`"([\\w\\-. ()]+\\.(?:${EXTS}))"`, 'gi'))].map((m) => basename(m[1])));
      if (names.size !== 1) continue;
      const name = [...names][0];
      const candidates = docs.get(name);
      if (!candidates) continue;
      const doc = candidates.find((c) => relative(tika, c).startsWith(module)) ?? candidates[0];
      for (const m of method.matchAll(/assertContains\(\s*"((?:[^"\\]|\\.)*)"\s*,\s*([^;]*?)\)\s*;/g)) {
        const text = unjava(m[1]);
        // Markup (<p>…, class="…"), metadata values, file names of embedded documents and empty
        // strings say nothing about extracted text.
        if (!text.trim() || /[<>]|\w="/.test(text) || /^[\w\-.]+\.\w{2,4}$/.test(text) || /metadata|Metadata|TikaCoreProperties|\.get\(/.test(m[2])) continue;
        out.push({ doc, text: unxml(text), source: `${basename(java)}` });
      }
    }
  }
  return out;
}

const squeeze = (s: string) => s.normalize('NFKC').replace(/\s+/g, '');

/**
 * Expectations prepub does not meet on purpose, each with the reason; they stay in the count and
 * are listed as such, and the share without them is reported beside the plain one.
 */
const BY_DESIGN: Array<{ doc: string; text: string; why: string }> = [
  { doc: 'testWORD_phonetic.docx', text: '東京 (とうきょう)', why: 'a ruby guide is read as a part of its own so the base text stays whole (绝[jué]密 written in line would split a marking); 東京 and とうきょう are both read' },
  { doc: 'testRTF_annotation_spacing.rtf', text: 'supercali ATB Allison, Timothy B.  This is a comment fragilistic', why: 'Tika writes a comment (initials, author, text) into the body where it is anchored, here inside the word "supercalifragili"; prepub reads the comment as a part of its own so the body stays whole (a comment anchored inside 机密 must not split it); the word and the comment are both read' },
  { doc: 'testPDF_XFA_govdocs1_258578.pdf', text: 'PARK', why: 'asserted on OCR of every rendered page (Tika OCR_ONLY/ALL strategy); prepub reads the text layer, which has "Park", and OCRs only pictures and pages the text layer does not cover (found with --ocr)' },
  { doc: 'testPDF_XFA_govdocs1_258578.pdf', text: 'NATIONAL', why: 'asserted on OCR of every rendered page (Tika OCR_ONLY strategy); prepub reads the text layer, which has "National" (found with --ocr)' },
  { doc: 'testOverlappingText.pdf', text: 'Text the first timesecond time', why: 'Tika drops glyphs drawn over identical glyphs; prepub reads text painted over other text too (both lines are read)' },
  // One test method asserts Tika's output under several settings; prepub reads one way.
  { doc: 'testContentStreamSpaceGlyphs.pdf', text: '(                                      )overlap', why: "Tika's default content-stream order puts a word drawn between spaced brackets after them; prepub reads it where it stands, \"( overlap )\" (Tika's sortByPosition output, asserted in the same test)" },
  { doc: 'testContentStreamSpaceGlyphs.pdf', text: '( )overlap', why: "Tika's content-stream order with space glyphs dropped; prepub reads the word where it stands, \"( overlap )\" (asserted in the same test)" },
  { doc: 'testPDFTwoTextBoxes.pdf', text: 'Left column line 1 Right column line 1 Left colu mn line 2 Right column line 2', why: "Tika's sortByPosition output interleaves two text boxes line by line; prepub reads each box whole, as Tika does by default (asserted in the same test)" },
];
const byDesign = (e: Expectation) => BY_DESIGN.find((d) => basename(e.doc) === d.doc && e.text === d.text);

// ------------------------------------------------------------------ scanning

interface FileResult {
  file: string;
  project: string;
  bytes: number;
  format: string;
  verdict?: string;
  crashed?: string;
  timedOut: boolean;
  rssMb: number;
  ms?: number;
  unread: string[];
  chars?: number;
  drawn?: ScanReply['drawn'];
  text?: string;
}

const expectations = tikaExpectations();
const wantText = new Set(expectations.map((e) => e.doc));
if (values.asserted) files.splice(0, files.length, ...files.filter((f) => wantText.has(f)));
if (values.file) {
  const names = new Set(values.file.split(','));
  files.splice(0, files.length, ...files.filter((f) => names.has(basename(f))));
}
const env = { ...process.env, PREPUB_FUZZ_OCR: values.ocr ? '1' : '0', PREPUB_FUZZ_FILE_TIMEOUT_MS: String(fileTimeoutMs), ...(values['page-timeout'] ? { PREPUB_FUZZ_PAGE_TIMEOUT_MS: values['page-timeout'] } : {}) };
const lanes = Array.from({ length: Math.max(1, Number(values.jobs)) }, () => new Lane(env));
const results: FileResult[] = new Array(files.length);
const t0 = performance.now();
let next = 0;
let done = 0;
try {
  await Promise.all(
    lanes.map(async (lane) => {
      while (next < files.length) {
        const k = next++;
        const file = files[k];
        const bytes = new Uint8Array(readFileSync(file));
        const r = await lane.scan({ index: k, filename: basename(file), bytes, wantText: wantText.has(file), audit: true }, fileTimeoutMs * 2 + 5_000);
        const reply = r.reply;
        const unread = [...new Set(reply?.unread?.map((u) => u.reason) ?? [])];
        const internal = reply?.errors?.find((e) => e.code === 'internal' || e.code === 'detector-failed');
        results[k] = {
          file: relative(dir, file),
          project: relative(dir, file).split(sep)[0],
          bytes: statSync(file).size,
          format: reply?.format ?? 'unknown',
          verdict: reply?.verdict,
          crashed: r.died ?? (reply?.thrown ? `scan() threw: ${reply.thrown}` : internal ? `${internal.code}: ${internal.message}` : undefined),
          timedOut: !!r.hung || unread.includes('timeout'),
          rssMb: r.peakRssMb,
          ms: reply?.ms,
          unread,
          chars: reply?.chars,
          drawn: reply?.drawn,
          text: reply?.text,
        };
        const problem = results[k].crashed ?? (r.hung ? 'no answer: killed' : unread.includes('timeout') ? `timeout after ${reply?.ms} ms` : undefined);
        if (problem) console.error(`${results[k].file}: ${problem}`);
        if (++done % 200 === 0) console.error(`${done}/${files.length} files, ${Math.round((performance.now() - t0) / 1000)} s`);
      }
    }),
  );
} finally {
  for (const lane of lanes) lane.close();
}

// ------------------------------------------------------------------ report

const formats = [...new Set(results.map((r) => r.format))].sort();
const rows = [['format', 'files', 'pass', 'review', 'block', 'crash', 'timeout', 'max RSS MB', 'max s', 'unread reasons']];
for (const f of formats) {
  const mine = results.filter((r) => r.format === f);
  const reasons = new Map<string, number>();
  for (const r of mine) for (const u of r.unread) reasons.set(u, (reasons.get(u) ?? 0) + 1);
  rows.push([
    f,
    String(mine.length),
    String(mine.filter((r) => r.verdict === 'pass').length),
    String(mine.filter((r) => r.verdict === 'review').length),
    String(mine.filter((r) => r.verdict === 'block').length),
    String(mine.filter((r) => r.crashed).length),
    String(mine.filter((r) => r.timedOut).length),
    String(Math.max(0, ...mine.map((r) => r.rssMb))),
    String(Math.round(Math.max(0, ...mine.map((r) => r.ms ?? 0)) / 100) / 10),
    [...reasons].sort((a, b) => b[1] - a[1]).map(([k, n]) => `${k} ${n}`).join(', '),
  ]);
}
const widths = rows[0].map((_, i) => Math.max(...rows.map((row) => row[i].length)));
console.log(rows.map((row) => row.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd()).join('\n'));

const blocked = results.filter((r) => r.verdict === 'block');
console.log(`\n${results.length} files in ${Math.round((performance.now() - t0) / 1000)} s; block on ${blocked.length} (peer test documents carry no Chinese state-secret markings: each is a precision question)`);
for (const r of blocked.slice(0, 40)) console.log(`  block: ${r.file}`);

const crashed = results.filter((r) => r.crashed);
if (crashed.length) console.log(`\ncrashes (${crashed.length}):`);
for (const r of crashed) console.log(`  ${r.file}: ${r.crashed}`);

// A pass that drew far more than it extracted read something it did not understand.
const suspicious = results.filter((r) => r.verdict === 'pass' && r.drawn && ((r.drawn.glyphs > 0 && (r.chars ?? 0) < r.drawn.glyphs / 2) || (r.drawn.pictures > 0 && (r.chars ?? 0) < 50)));
console.log(`\npassed with drawn glyphs or pictures but few extracted characters (${suspicious.length}):`);
for (const r of suspicious) console.log(`  ${r.file}: ${r.chars} chars extracted; drew ${r.drawn!.glyphs} glyphs, ${r.drawn!.pictures} pictures on ${r.drawn!.looked} pages/parts`);
const passPictures = results.filter((r) => r.verdict === 'pass' && (r.drawn?.pictures ?? 0) > 0);
console.log(`passed while drawing pictures (OCR ${values.ocr ? 'on' : 'off'}): ${passPictures.length}`);
for (const r of passPictures) console.log(`  ${r.file}: ${r.drawn!.pictures} pictures, ${r.chars} chars`);

const byDoc = new Map(results.filter((r) => r.text !== undefined).map((r) => [join(dir, r.file), r]));
const checked = expectations.filter((e) => byDoc.has(e.doc));
const misses = checked.filter((e) => !squeeze(byDoc.get(e.doc)!.text!).includes(squeeze(e.text)));
const share = (n: number, of: number) => (of ? `${Math.round((1000 * n) / of) / 10}%` : '-');
// A miss on a file prepub reported unread failed closed; a miss on a complete read is a text gap.
const readWhole = checked.filter((e) => byDoc.get(e.doc)!.unread.length === 0);
const gapMisses = misses.filter((e) => byDoc.get(e.doc)!.unread.length === 0);
const designMisses = misses.filter(byDesign);
console.log(
  `\nTika assertContains on PDF/DOC/DOCX/RTF/ODT/HTML/TXT: ${checked.length - misses.length}/${checked.length} found in prepub's text (${share(checked.length - misses.length, checked.length)}, target ≥ 95%), ` +
    `${new Set(checked.map((e) => e.doc)).size} documents; on documents prepub read completely: ${readWhole.length - gapMisses.length}/${readWhole.length} (${share(readWhole.length - gapMisses.length, readWhole.length)}); ` +
    `without the ${designMisses.length} differences by design: ${checked.length - misses.length}/${checked.length - designMisses.length} (${share(checked.length - misses.length, checked.length - designMisses.length)})`,
);
for (const e of designMisses) console.log(`  by design: ${basename(e.doc)} ${JSON.stringify(e.text)}: ${byDesign(e)!.why}`);
const missByDoc = new Map<string, Expectation[]>();
for (const e of misses) missByDoc.set(e.doc, [...(missByDoc.get(e.doc) ?? []), e]);
for (const [doc, es] of missByDoc) {
  const r = byDoc.get(doc)!;
  const gaps = es.filter((e) => !byDesign(e));
  if (!gaps.length) continue;
  console.log(`  ${relative(dir, doc)} (${r.verdict}, ${r.chars} chars${r.unread.length ? `, unread ${r.unread.join('/')}` : ', read completely'}): ${gaps.map((e) => JSON.stringify(e.text.slice(0, 60))).join(', ')}`);
}
const slow = results.filter((r) => r.timedOut);
console.log(`\ntimeouts (${slow.length}): ${slow.map((r) => basename(r.file)).join(', ')}`);

if (values.out) {
  writeFileSync(
    values.out,
    JSON.stringify({ files: results.map(({ text, ...r }) => r), tika: { checked: checked.length, found: checked.length - misses.length, misses: misses.map((e) => ({ doc: relative(dir, e.doc), text: e.text, source: e.source })) } }, null, 1),
  );
}
