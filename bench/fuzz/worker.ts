/**
 * Child process that scans fuzz inputs with the real scanner. It lives in its own process so a
 * crash, a hang or runaway memory costs one input (the parent kills and restarts it) instead of the
 * whole run, and so the parent can measure its memory from outside.
 */
import { inflateRawSync } from 'node:zlib';
import type { Detector } from '@prepub/core';
import { createScanner } from '@prepub/scanner';
import { readZip } from './bytes.ts';

export interface ScanRequest {
  index: number;
  filename: string;
  bytes: Uint8Array;
  /** Also return the text the scanner read (every part, embedded files and OCR included, joined by newlines). */
  wantText?: boolean;
  /** When the verdict is pass, count what the file draws, independently of the extractor (PDF, DOCX). */
  audit?: boolean;
}

/** What a file draws, counted apart from prepub's extractor. */
export interface Drawn {
  glyphs: number;
  pictures: number;
  /** Pages (PDF) or parts (DOCX) looked at. */
  looked: number;
}

/** What the parent needs of a result: small enough for IPC, enough for the report. */
export interface ScanReply {
  index: number;
  ok: boolean;
  verdict?: 'pass' | 'review' | 'block';
  complete?: boolean;
  format?: string;
  unread?: Array<{ where: string; reason: string; detail: string }>;
  errors?: Array<{ code: string; message: string }>;
  findings?: Array<{ ruleId: string; severity: string; part: string; text?: string }>;
  /** Error of JSON.stringify/parse of the whole result, if any. */
  jsonError?: string;
  /** Characters of every part the scanner read. */
  chars?: number;
  text?: string;
  drawn?: Drawn;
  /** scan() threw instead of answering. */
  thrown?: string;
  ms: number;
  rssMb: number;
}

const ocr = process.env.PREPUB_FUZZ_OCR === '1';
const fileTimeoutMs = Number(process.env.PREPUB_FUZZ_FILE_TIMEOUT_MS ?? 20_000);
/**
 * The text of every part the scanner reads, as it reads it (the file's own parts, its embedded
 * files', OCR's): a detector without triggers is handed every part and finds nothing.
 */
let collected: string[] | undefined;
const textCollector: Detector = {
  id: 'bench.collect-text',
  summary: 'collects the text of every part scanned, for the peer benchmark; reports nothing',
  docs: 'bench',
  detect(ctx) {
    collected?.push(ctx.part.text);
    return [];
  },
};
// A page's budget (OCR of one rendered page or picture): 15 s unless the caller says otherwise.
const pageTimeoutMs = Number(process.env.PREPUB_FUZZ_PAGE_TIMEOUT_MS ?? Math.min(fileTimeoutMs, 15_000));
const scanner = await createScanner({ ocr, limits: { fileTimeoutMs, pageTimeoutMs }, detectors: [textCollector] });

/** Glyphs shown and pictures painted by a PDF's pages (pdf.js operator lists), or a DOCX's runs and drawings. */
async function drawn(bytes: Uint8Array, format: string): Promise<Drawn | undefined> {
  if (format === 'pdf') return pdfDrawn(bytes);
  if (format !== 'docx') return undefined;
  const entries = readZip(bytes);
  if (!entries) return undefined;
  const out: Drawn = { glyphs: 0, pictures: 0, looked: 0 };
  for (const e of entries) {
    if (!/^word\/(document|header\d*|footer\d*|footnotes|endnotes|comments)\.xml$/.test(e.name)) continue;
    let xml: string;
    try {
      xml = Buffer.from(e.method === 8 ? inflateRawSync(e.data) : e.data).toString('utf8');
    } catch {
      continue;
    }
    out.looked++;
    for (const m of xml.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g)) out.glyphs += m[1].replace(/\s/g, '').length;
    out.pictures += (xml.match(/<(?:pic:pic|v:imagedata|w:object)\b/g) ?? []).length;
  }
  return out;
}

let pdfjs: Promise<typeof import('pdfjs-dist/legacy/build/pdf.mjs')> | undefined;

async function pdfDrawn(bytes: Uint8Array): Promise<Drawn | undefined> {
  const { createRequire } = await import('node:module');
  const { dirname, sep } = await import('node:path');
  const require = createRequire(import.meta.url);
  const root = dirname(require.resolve('pdfjs-dist/package.json')) + sep;
  pdfjs ??= import('pdfjs-dist/legacy/build/pdf.mjs');
  const lib = await pdfjs;
  const deadline = Date.now() + Math.min(fileTimeoutMs, 15_000);
  try {
    const doc = await lib.getDocument({ data: bytes.slice(), cMapUrl: `${root}cmaps/`, cMapPacked: true, standardFontDataUrl: `${root}standard_fonts/`, useSystemFonts: false, isEvalSupported: false, verbosity: 0 }).promise;
    const out: Drawn = { glyphs: 0, pictures: 0, looked: 0 };
    const { OPS } = lib;
    for (let n = 1; n <= Math.min(doc.numPages, 50) && Date.now() < deadline; n++) {
      const ops = await (await doc.getPage(n)).getOperatorList();
      out.looked++;
      ops.fnArray.forEach((fn, i) => {
        if (fn === OPS.showText || fn === OPS.showSpacedText) {
          for (const g of (ops.argsArray[i]?.[0] ?? []) as unknown[]) if (g && typeof g === 'object') out.glyphs++;
        } else if (fn === OPS.paintImageXObject || fn === OPS.paintInlineImageXObject || fn === OPS.paintImageMaskXObject || fn === OPS.paintImageXObjectRepeat) out.pictures++;
      });
    }
    await doc.destroy();
    return out;
  } catch {
    return undefined;
  }
}

process.on('message', (msg: ScanRequest) => {
  void (async () => {
    const t0 = performance.now();
    const reply: ScanReply = { index: msg.index, ok: false, ms: 0, rssMb: 0 };
    try {
      collected = msg.wantText ? [] : undefined;
      const r = await scanner.scan(msg.bytes, { filename: msg.filename });
      if (collected) reply.text = collected.join('\n').slice(0, 4_000_000);
      collected = undefined;
      reply.ok = true;
      reply.verdict = r.verdict;
      reply.complete = r.coverage.complete;
      reply.format = r.document.format;
      reply.unread = r.coverage.unread.slice(0, 20).map((u) => ({ where: u.where, reason: u.reason, detail: u.detail.slice(0, 300) }));
      reply.errors = r.errors.slice(0, 20).map((e) => ({ code: e.code, message: e.message.slice(0, 300) }));
      reply.chars = r.coverage.parts.reduce((n, p) => n + p.chars, 0);
      if (msg.audit && r.verdict === 'pass') reply.drawn = await drawn(msg.bytes, r.document.format);
      reply.findings = r.findings.slice(0, 20).map((f) => ({ ruleId: f.ruleId, severity: f.severity, part: f.location.part, text: f.explanation.normalized }));
      try {
        const back = JSON.parse(JSON.stringify(r)) as { verdict?: string };
        if (back.verdict !== r.verdict) reply.jsonError = 'the verdict did not survive a JSON round trip';
      } catch (e) {
        reply.jsonError = (e as Error).message;
      }
    } catch (e) {
      reply.thrown = `${(e as Error).name}: ${(e as Error).message}`;
    }
    reply.ms = Math.round(performance.now() - t0);
    reply.rssMb = Math.round(process.memoryUsage().rss / 1048576);
    process.send!(reply);
  })();
});

// Whoever started this process is gone: nothing will read our answers.
process.on('disconnect', () => process.exit(0));
process.send!({ ready: true });
