/**
 * The PDF extractor: every piece of text a PDF carries, located.
 *
 * - Page text with positions: one `page-N` part per page (role `body`), built from glyph runs
 *   positioned from the page's operator list (pdf.js text content for vertical/Type3 fonts) and
 *   grouped into lines; each line is a block with its box in points (y from the top).
 * - Text a reader cannot see (render mode 3/7, transparent or white paint, text painted over by an
 *   opaque shape, layers that are off by default, off-page or sub-1-pt text) is kept and split into
 *   `page-N:<why>` parts with role `hidden`; see operators.ts for how it is recognised.
 * - Document information, XMP metadata and layer names (role `metadata`), annotations and the text
 *   of their appearance streams (`annotation`), form field values (`form-field`), outline titles
 *   (`bookmark`), attachment names (`attachment-name`) and the attached files themselves
 *   (`embedded`, for the scanner to scan recursively).
 * - Pages without a usable text layer are rendered to PNG (`images`) for OCR.
 * - Anything not read (encrypted, corrupt, over a limit, timed out, aborted) becomes an UnreadItem;
 *   the extractor never throws on a user's file.
 */
import type {
  Block,
  Box,
  EmbeddedFile,
  ExtractContext,
  Extraction,
  Extractor,
  ImageRef,
  PartOrigin,
  Limits,
  PartRole,
  TextPart,
  UnreadItem,

} from '@prepub/core';
import { layoutPage, type TextRun } from './layout.ts';
import { analyseOperators, hasIdentityUnicode, HIDDEN_DETAIL, HIDDEN_TAG, Hidden, HiddenAligner, settleByPaint, type FontInfo, type OperatorFacts, type Paint } from './operators.ts';
import { loadPdfJs, type PdfJsRuntime } from './pdfjs.ts';
import { checkPageStreams, loadRaw, type RawDoc } from './raw.ts';
import { contentKey, findEmbeddedFiles } from './attachments.ts';
import { findScripts, stringLiterals } from './javascript.ts';
import { addRevisions } from './revisions.ts';

export { layoutLines, layoutPage, type TextRun, type LaidOut, type PageGeometry } from './layout.ts';

/** Tuning knobs of {@link createPdfExtractor}. Defaults suit scanned and office-made PDFs. */
export interface PdfExtractorOptions {
  /** Resolution of pages rendered for OCR. Default 300 dpi. */
  renderDpi?: number;
  /** Upper bound of pixels of one rendered page; larger pages are rendered at a lower dpi. Default 16 M. */
  maxRenderPixels?: number;
  /** A page with fewer text characters than this (and something painted) is rendered for OCR. Default 20. */
  minTextChars?: number;
  /** Whether pages are rendered at all. Default true; when false such pages are reported unread. */
  renderPages?: boolean;
  /**
   * Most pages rendered per file (each is a PNG of a few hundred KB held in memory until OCR).
   * Further pages that need OCR are reported unread with reason `limit`. Default 300.
   */
  maxRenderedPages?: number;
  /**
   * Where page text and positions come from: `operators` (default) positions glyphs from the
   * operator list that is parsed anyway for visibility, falling back to pdf.js text content on
   * pages with vertical or Type3 fonts; `text-content` always uses pdf.js text content (a second
   * parse of every page, slower).
   */
  textSource?: 'operators' | 'text-content';
  /** Whether earlier revisions (incremental updates) are read for text they replaced. Default true. */
  revisions?: boolean;
}

const PDF_MEDIA_TYPE = 'application/pdf';

/** Creates a PDF extractor with the given options. */
export function createPdfExtractor(options: PdfExtractorOptions = {}): Extractor {
  const opts: Required<PdfExtractorOptions> = {
    renderDpi: options.renderDpi ?? 300,
    maxRenderPixels: options.maxRenderPixels ?? 16_000_000,
    minTextChars: options.minTextChars ?? 20,
    renderPages: options.renderPages ?? true,
    maxRenderedPages: options.maxRenderedPages ?? 300,
    textSource: options.textSource ?? 'operators',
    revisions: options.revisions ?? true,
  };
  return {
    format: 'pdf',
    async extract(bytes: Uint8Array, ctx: ExtractContext): Promise<Extraction> {
      const out: Extraction = { format: 'pdf', mediaType: PDF_MEDIA_TYPE, parts: [], unread: [], images: [], embedded: [], info: {} };
      try {
        await extractInto(out, bytes, ctx, opts);
      } catch (err) {
        // Last line of defence: whatever pdf.js did, the file is reported, never thrown.
        out.unread.push({ where: 'file', reason: 'error', detail: `The PDF could not be read: ${message(err)}` });
      }
      return out;
    },
  };
}

/**
 * The PDF extractor with default options (300 dpi rendering of pages without a text layer).
 * Format `pdf`; takes bytes, never paths; does no file or network I/O besides loading pdf.js's
 * own data files (cMaps, fonts) from the installed package.
 */
export const pdfExtractor: Extractor = createPdfExtractor();

// ---------------------------------------------------------------------------------------------

interface Budget {
  deadline: number;
  signal?: AbortSignal;
  limits: Limits;
}

type Outcome<T> = { ok: true; value: T } | { ok: false; reason: 'timeout' | 'aborted' };

/** Resolves with the promise's value, or with timeout/aborted, whichever comes first. Rejections pass through. */
function within<T>(promise: Promise<T>, ms: number, signal?: AbortSignal): Promise<Outcome<T>> {
  if (signal?.aborted) {
    promise.catch(() => undefined);
    return Promise.resolve({ ok: false, reason: 'aborted' });
  }
  return new Promise<Outcome<T>>((resolve, reject) => {
    const onAbort = (): void => finish({ ok: false, reason: 'aborted' });
    const timer = setTimeout(() => finish({ ok: false, reason: 'timeout' }), Math.max(0, ms));
    let done = false;
    function finish(o: Outcome<T> | Error): void {
      if (done) return;
      done = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      if (o instanceof Error) reject(o);
      else resolve(o);
    }
    signal?.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => finish({ ok: true, value }),
      (err: unknown) => finish(err instanceof Error ? err : new Error(String(err))),
    );
  });
}

function message(err: unknown): string {
  if (err instanceof Error) return err.message || err.name;
  return String(err);
}

function indexOfAscii(bytes: Uint8Array, needle: string, from: number, to: number): number {
  const end = Math.min(bytes.length, to) - needle.length;
  outer: for (let i = Math.max(0, from); i <= end; i++) {
    for (let j = 0; j < needle.length; j++) if (bytes[i + j] !== needle.charCodeAt(j)) continue outer;
    return i;
  }
  return -1;
}

function pageRange(from: number, to: number): string {
  return from === to ? `page ${from}` : `pages ${from}-${to}`;
}

async function extractInto(out: Extraction, bytes: Uint8Array, ctx: ExtractContext, opts: Required<PdfExtractorOptions>): Promise<void> {
  const limits = ctx.limits;
  const info = out.info as Record<string, string | number | boolean>;
  if (bytes.length > limits.maxFileBytes) {
    out.unread.push({ where: 'file', reason: 'limit', detail: `The file has ${bytes.length} bytes, more than the limit of ${limits.maxFileBytes}.` });
    return;
  }
  if (indexOfAscii(bytes, '%PDF-', 0, 1024) < 0) {
    out.unread.push({ where: 'file', reason: 'corrupt', detail: 'This is not a PDF: the file has no %PDF- header.' });
    return;
  }
  // A complete PDF ends with %%EOF; without it the file was cut off and content may be missing,
  // even when pdf.js manages to rebuild what is left.
  if (indexOfAscii(bytes, '%%EOF', bytes.length - 2048, bytes.length) < 0) {
    out.unread.push({
      where: 'file',
      reason: 'corrupt',
      detail: 'The PDF is truncated (no %%EOF end marker): what could be read is reported, the rest may be missing.',
    });
  }
  const budget: Budget = { deadline: Date.now() + limits.fileTimeoutMs, signal: ctx.signal, limits };
  const rt = await loadPdfJs();
  const task = rt.pdfjs.getDocument({
    // pdf.js takes ownership of (detaches) the buffer it is given: hand it a copy.
    data: bytes.slice(),
    password: ctx.password,
    cMapUrl: rt.cMapUrl,
    cMapPacked: true,
    standardFontDataUrl: rt.standardFontDataUrl,
    wasmUrl: rt.wasmUrl,
    iccUrl: rt.iccUrl,
    verbosity: 0,
    isEvalSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
    stopAtErrors: false,
    enableXfa: false,
    // Composite fonts' Unicode maps, to tell glyph ids passed off as text (see hasIdentityUnicode).
    fontExtraProperties: true,
  } as Parameters<typeof rt.pdfjs.getDocument>[0]);
  try {
    let doc: any;
    try {
      const opened = await within(task.promise, budget.deadline - Date.now(), budget.signal);
      if (!opened.ok) {
        out.unread.push({
          where: 'file',
          reason: opened.reason,
          detail: opened.reason === 'timeout' ? 'Opening the PDF took longer than the file time limit.' : 'Reading was cancelled.',
        });
        return;
      }
      doc = opened.value;
    } catch (err) {
      out.unread.push(openFailure(err, ctx.password));
      return;
    }
    await readDocument(out, bytes, doc, rt, budget, opts, info);
  } finally {
    await task.destroy().catch(() => undefined);
  }
  if (opts.revisions) {
    // Each earlier revision is read like a file of its own (no rendering, no revisions of its own).
    const reader = createPdfExtractor({ ...opts, renderPages: false, revisions: false });
    await addRevisions(out, bytes, (prefix, ms) => reader.extract(prefix, { ...ctx, limits: { ...limits, fileTimeoutMs: Math.max(1, ms) } }), budget.deadline, limits.maxTextChars);
  }
}

/**
 * Distinct objects in the uncompressed part of the file whose /Type is /Page. Pages inside
 * compressed object streams are not seen, so this can only undercount: it never claims a page
 * that is not there.
 */
export function countPageObjects(bytes: Uint8Array): number {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  const headers = /(\d+)\s+\d+\s+obj\b/g;
  const pageType = /\/Type\s*\/Page(?![A-Za-z0-9])/g;
  const ids = new Set<string>();
  let header = headers.exec(text);
  let next = header ? headers.exec(text) : null;
  for (let m = pageType.exec(text); m !== null; m = pageType.exec(text)) {
    // The object a /Type /Page belongs to is the last `N G obj` before it.
    while (next && next.index < m.index) {
      header = next;
      next = headers.exec(text);
    }
    if (header && header.index < m.index) ids.add(header[1]);
  }
  return ids.size;
}

/** Explains why a document did not open. */
function openFailure(err: unknown, password: string | undefined): UnreadItem {
  const e = err as { name?: string; code?: number };
  if (e?.name === 'PasswordException') {
    const wrong = e.code === 2 || password !== undefined;
    return {
      where: 'file',
      reason: 'encrypted',
      detail: wrong
        ? 'The PDF is encrypted and the password given is wrong: its content was not read.'
        : 'The PDF is encrypted with a password needed to open it: its content was not read.',
    };
  }
  if (e?.name === 'InvalidPDFException') return { where: 'file', reason: 'corrupt', detail: `The PDF structure is invalid: ${message(err)}` };
  return { where: 'file', reason: 'corrupt', detail: `The PDF could not be opened: ${message(err)}` };
}

async function readDocument(
  out: Extraction,
  bytes: Uint8Array,
  doc: any,
  rt: PdfJsRuntime,
  budget: Budget,
  opts: Required<PdfExtractorOptions>,
  info: Record<string, string | number | boolean>,
): Promise<void> {
  const { limits } = budget;
  const numPages: number = doc.numPages;
  info.pages = numPages;
  const state: DocState = { chars: 0, limits, out, seenFields: new Set(), rendered: 0, viaTextContent: 0, raw: await loadRaw(bytes) };
  out.loss ??= [];
  if (!state.raw.ok) {
    out.loss.push({
      where: 'file',
      kind: 'unreadable-object',
      count: 1,
      detail: `The file's objects could not be parsed one by one (${state.raw.error}): its content streams, embedded files and scripts were not checked beyond what the viewer shows.`,
    });
  }

  const metadata: any = await guarded(out, 'document information', () => doc.getMetadata());
  const docInfo = (metadata?.info ?? {}) as Record<string, unknown>;
  if (typeof docInfo.PDFFormatVersion === 'string') info.pdfVersion = docInfo.PDFFormatVersion;
  info.encrypted = docInfo.EncryptFilterName != null;
  if (metadata) addMetadata(state, metadata);
  if (docInfo.IsXFAPresent === true) {
    out.unread.push({
      where: 'XFA form',
      reason: 'unsupported-format',
      detail: 'The PDF carries an XFA form; XFA form data is not read (AcroForm fields are).',
    });
  }

  const layers = await guarded(out, 'optional content', () => doc.getOptionalContentConfig());
  if (layers) addLayerNames(state, layers);

  // pdf.js quietly drops pages it cannot find in a damaged page tree, and a page removed by an
  // incremental update is still in the file: count the page objects the bytes hold.
  const pageObjects = countPageObjects(bytes);
  if (pageObjects > numPages) {
    out.unread.push({
      where: 'page tree',
      reason: 'corrupt',
      detail: `The file holds ${pageObjects} page objects but its page tree yields ${numPages} pages: damaged or removed pages were not read.`,
    });
  }

  const lastPage = Math.min(numPages, limits.maxPages);
  if (numPages > limits.maxPages) {
    out.unread.push({
      where: pageRange(limits.maxPages + 1, numPages),
      reason: 'limit',
      detail: `The PDF has ${numPages} pages; only the first ${limits.maxPages} were read (page limit).`,
    });
  }
  let pagesRead = 0;
  for (let n = 1; n <= lastPage; n++) {
    if (budget.signal?.aborted) {
      out.unread.push({ where: pageRange(n, lastPage), reason: 'aborted', detail: 'Reading was cancelled before these pages.' });
      break;
    }
    const left = budget.deadline - Date.now();
    if (left <= 0) {
      out.unread.push({ where: pageRange(n, lastPage), reason: 'timeout', detail: 'The file time limit ran out before these pages were read.' });
      break;
    }
    const ms = Math.min(limits.pageTimeoutMs, left);
    try {
      const r = await within(readPage(state, doc, n, rt, layers, opts), ms, budget.signal);
      if (r.ok) {
        pagesRead++;
        continue;
      }
      if (r.reason === 'aborted') {
        out.unread.push({ where: pageRange(n, lastPage), reason: 'aborted', detail: 'Reading was cancelled.', origin: { page: n } });
        break;
      }
      out.unread.push({
        where: `page ${n}`,
        reason: 'timeout',
        detail: ms < limits.pageTimeoutMs ? `Page ${n} was not finished when the file time limit ran out.` : `Page ${n} took longer than ${limits.pageTimeoutMs} ms.`,
        origin: { page: n, filePart: `page ${n}` },
      });
    } catch (err) {
      out.unread.push({
        where: `page ${n}`,
        reason: 'corrupt',
        detail: `Page ${n} could not be read: ${message(err)}`,
        origin: { page: n, filePart: `page ${n}` },
      });
    }
  }
  // Markings stand at the top of the first page that has text: a blank cover sheet does not count.
  const bodies = out.parts.filter((p) => p.role === 'body' && p.id.startsWith('page-'));
  if (bodies.length > 0 && bodies[0].text.length === 0) {
    const first = bodies.find((p) => p.text.length > 0);
    if (first) {
      bodies[0].leading = false;
      first.leading = true;
    }
  }
  info.pagesRead = pagesRead;
  info.pagesRendered = state.rendered;
  if (state.viaTextContent > 0) info.pagesViaTextContent = state.viaTextContent;

  const outline = await guarded(out, 'bookmarks', () => doc.getOutline());
  if (Array.isArray(outline)) addOutline(state, outline);
  const fields = await guarded(out, 'form fields', () => doc.getFieldObjects());
  if (fields && typeof fields === 'object') addFieldObjects(state, fields as Record<string, unknown[]>, lastPage);
  const attachments = await guarded(out, 'attachments', () => doc.getAttachments());
  if (attachments && typeof attachments === 'object') {
    for (const [key, att] of Object.entries(attachments as Record<string, any>)) {
      addAttachment(state, att, { filePart: 'attachments', detail: `attachment ${key}` });
    }
  }
  addRawAttachments(state);
  const jsActions = await guarded(out, 'document scripts', () => doc.getJSActions());
  addScripts(state, jsActions);
}

/**
 * Embedded files pdf.js does not hand out: the other streams of an /EF dictionary (/UF, /DOS,
 * /Mac, /Unix next to /F), associated files (/AF) and embedded file streams nothing names.
 * Files already read through pdf.js (same bytes) are not read twice.
 */
function addRawAttachments(state: DocState): void {
  const raw = state.raw;
  if (!raw.ok) return;
  let found;
  try {
    found = findEmbeddedFiles(raw.doc);
  } catch (err) {
    state.out.loss!.push({ where: 'attachments', kind: 'unreadable-object', count: 1, detail: `The embedded files could not be listed: ${message(err)}` });
    return;
  }
  const embedded = state.out.embedded!;
  if (raw.encrypted) {
    // Encrypted streams need pdf.js to decrypt them, and pdf.js reads one stream per file.
    const missed = found.length - embedded.length;
    if (missed > 0) {
      state.out.loss!.push({
        where: 'attachments',
        kind: 'unreadable-object',
        count: missed,
        total: found.length,
        detail: `The encrypted PDF holds ${found.length} embedded file streams; ${missed} of them (alternative /EF streams, associated files) could not be decrypted and were not read.`,
      });
    }
    return;
  }
  const keys = new Set(embedded.map((e) => contentKey(e.bytes)));
  let k = 0;
  for (const f of found) {
    const origin: PartOrigin = { filePart: 'attachments', detail: f.via };
    if (!f.bytes) {
      state.out.unread.push({ where: `attachment ${f.name}`, reason: 'embedded-object', detail: `The embedded file ${f.name} (${f.via}) could not be decoded.`, origin });
      continue;
    }
    const key = contentKey(f.bytes);
    if (keys.has(key)) continue;
    keys.add(key);
    embedded.push({ name: f.name, bytes: f.bytes, origin });
    const part = linesPart(`attachment:raw-${++k}`, 'attachment-name', [f.name, f.description ?? ''], origin);
    if (part) addPart(state, part);
  }
}

/**
 * JavaScript in the file (document-level, open action, page and annotation actions), each script
 * a `hidden` part: nobody reading the document sees it, yet it can carry any text. pdf.js's
 * document actions are added to what the raw walk finds, for files whose strings pdf-lib cannot
 * decrypt.
 */
function addScripts(state: DocState, jsActions: unknown): void {
  const scripts: Array<{ where: string; source: string }> = [];
  const raw = state.raw;
  if (raw.ok && !raw.encrypted) {
    try {
      const found = findScripts(raw.doc);
      scripts.push(...found.scripts);
      if (found.unreadable + found.over > 0) {
        state.out.loss!.push({
          where: 'JavaScript',
          kind: 'unreadable-object',
          count: found.unreadable + found.over,
          total: found.scripts.length + found.unreadable + found.over,
          detail: `${found.unreadable} script(s) could not be decoded and ${found.over} were over the limit of scripts read.`,
        });
      }
    } catch (err) {
      state.out.loss!.push({ where: 'JavaScript', kind: 'unreadable-object', count: 1, detail: `The scripts could not be listed: ${message(err)}` });
    }
  }
  if (jsActions && typeof jsActions === 'object') {
    for (const [name, list] of Object.entries(jsActions as Record<string, unknown>)) {
      for (const source of Array.isArray(list) ? list : [list]) {
        if (typeof source === 'string' && !scripts.some((s) => s.source === source)) scripts.push({ where: `document action ${name}`, source });
      }
    }
  }
  let k = 0;
  for (const s of scripts) {
    const origin: PartOrigin = { filePart: 'JavaScript', detail: `JavaScript action (${s.where})` };
    const part = linesPart(`javascript:${++k}`, 'hidden', [s.source], origin);
    if (part) addPart(state, part);
    // What the script shows or sets, one literal per line, so a marking in it stands on its own line.
    const literals = linesPart(`javascript:${k}:strings`, 'hidden', stringLiterals(s.source), { ...origin, detail: `string literals and comments of the JavaScript action (${s.where})` });
    if (literals) addPart(state, literals);
  }
}

interface DocState {
  out: Extraction;
  limits: Limits;
  chars: number;
  seenFields: Set<string>;
  rendered: number;
  /** Pages whose text came from pdf.js text content rather than the operator walk. */
  viaTextContent: number;
  attachmentKeys?: Set<string>;
  /** The file's objects as pdf-lib parsed them. */
  raw: RawDoc;
}

/** Runs a document-level read; a failure becomes an unread item for that piece only. */
async function guarded<T>(out: Extraction, what: string, fn: () => Promise<T>): Promise<T | null> {
  try {
    return await fn();
  } catch (err) {
    out.unread.push({ where: what, reason: 'error', detail: `The ${what} could not be read: ${message(err)}` });
    return null;
  }
}

/** Adds a part unless the text budget is spent (then the part is reported unread). */
function addPart(state: DocState, part: TextPart): void {
  if (state.chars + part.text.length > state.limits.maxTextChars) {
    state.out.unread.push({
      where: part.origin.filePart ?? part.id,
      reason: 'limit',
      detail: `Text of ${part.id} not kept: the file has more than ${state.limits.maxTextChars} characters of text.`,
      origin: part.origin,
    });
    return;
  }
  state.chars += part.text.length;
  state.out.parts.push(part);
}

/** A part whose lines are given one by one (metadata, annotations, bookmarks); one block per line. */
function linesPart(id: string, role: PartRole, lines: string[], origin: TextPart['origin'], box?: Box): TextPart | null {
  const clean = lines.flatMap((l) => l.split(/\r\n?|\n/)).map((l) => l.trim()).filter((l) => l.length > 0);
  if (clean.length === 0) return null;
  let text = '';
  const blocks: Block[] = [];
  for (const line of clean) {
    if (text.length > 0) text += '\n';
    const block: Block = { start: text.length, end: text.length + line.length, kind: 'line', index: blocks.length + 1 };
    if (origin.page !== undefined) block.page = origin.page;
    if (box) block.box = box;
    blocks.push(block);
    text += line;
  }
  return { id, role, text, origin, blocks };
}

function stringValue(v: unknown): string {
  if (typeof v === 'string') return v;
  if (Array.isArray(v)) return v.filter((x) => typeof x === 'string').join('\n');
  return '';
}

const INFO_KEYS_SKIPPED = new Set(['PDFFormatVersion', 'Language', 'EncryptFilterName', 'CreationDate', 'ModDate', 'Trapped']);

function addMetadata(state: DocState, metadata: any): void {
  const seen = new Set<string>();
  const docInfo = (metadata.info ?? {}) as Record<string, unknown>;
  const entries: Array<[string, unknown]> = Object.entries(docInfo).filter(([k]) => !k.startsWith('Is') && !INFO_KEYS_SKIPPED.has(k));
  for (const [key, value] of entries) {
    if (key === 'Custom' && value && typeof value === 'object') {
      for (const [ck, cv] of Object.entries(value as Record<string, unknown>)) {
        const v = stringValue(cv);
        const part = linesPart(`info:Custom.${ck}`, 'metadata', [v], { filePart: 'info', detail: `custom property ${ck}` });
        if (part) {
          seen.add(part.text);
          addPart(state, part);
        }
      }
      continue;
    }
    const part = linesPart(`info:${key}`, 'metadata', [stringValue(value)], { filePart: 'info', detail: key });
    if (part) {
      seen.add(part.text);
      addPart(state, part);
    }
  }
  // pdf.js parses the XMP packet into a map of property name to value (arrays for bags).
  let xmp: Array<[string, unknown]> = [];
  try {
    const map = metadata.metadata as Iterable<[string, unknown]> | null | undefined;
    if (map && typeof map[Symbol.iterator] === 'function') xmp = [...map];
  } catch {
    xmp = [];
  }
  for (const [key, value] of xmp) {
    if (/date$/i.test(key) || /^xmpMM:/i.test(key)) continue;
    const part = linesPart(`xmp:${key}`, 'metadata', [stringValue(value)], { filePart: 'xmp', detail: key });
    // The same title often sits in both the information dictionary and XMP: report it once.
    if (part && !seen.has(part.text)) {
      seen.add(part.text);
      addPart(state, part);
    }
  }
}

function addLayerNames(state: DocState, layers: any): void {
  const names: string[] = [];
  let off = 0;
  try {
    for (const entry of layers as Iterable<[string, { name?: string; visible?: boolean }]>) {
      const group = entry[1];
      if (group?.name) names.push(group.name);
      if (group && group.visible === false) off++;
    }
  } catch {
    return;
  }
  if (names.length === 0) return;
  const info = state.out.info as Record<string, string | number | boolean>;
  info.layers = names.length;
  info.layersOff = off;
  const part = linesPart('layers', 'metadata', names, { filePart: 'optional content', detail: 'layer names' });
  if (part) addPart(state, part);
}

function addOutline(state: DocState, outline: any[]): void {
  const titles: string[] = [];
  const walk = (items: any[], depth: number): void => {
    for (const item of items) {
      if (titles.length >= 100_000 || depth > 64) return;
      if (typeof item?.title === 'string') titles.push(item.title);
      if (Array.isArray(item?.items)) walk(item.items, depth + 1);
    }
  };
  walk(outline, 0);
  const part = linesPart('bookmarks', 'bookmark', titles, { filePart: 'outline', detail: 'bookmark titles' });
  if (part) addPart(state, part);
}

function fieldText(value: unknown): string {
  const v = stringValue(value);
  // Unchecked boxes say "Off"; that is a state, not text.
  return v === 'Off' ? '' : v;
}

function addFieldObjects(state: DocState, fields: Record<string, unknown[]>, lastPage: number): void {
  for (const [name, objects] of Object.entries(fields)) {
    if (!Array.isArray(objects)) continue;
    for (const obj of objects as any[]) {
      const id = String(obj?.id ?? '');
      if (!id || state.seenFields.has(id)) continue;
      state.seenFields.add(id);
      const page = typeof obj.page === 'number' && obj.page >= 0 ? obj.page + 1 : undefined;
      if (page !== undefined && page > lastPage) continue; // on a page reported unread
      const origin: TextPart['origin'] = { filePart: 'AcroForm', detail: `field ${name}` };
      if (page !== undefined) origin.page = page;
      const part = linesPart(`field:${id}`, 'form-field', [fieldText(obj.value)], origin);
      if (part) addPart(state, part);
    }
  }
}

function addAttachment(state: DocState, att: any, origin: TextPart['origin']): void {
  if (!att) return;
  const name = String(att.filename ?? att.rawFilename ?? 'attachment');
  const content: unknown = att.content;
  const key = `${name}\u0000${content instanceof Uint8Array ? content.length : 0}`;
  state.attachmentKeys ??= new Set();
  // An attachment can be both in the EmbeddedFiles tree and behind a FileAttachment annotation.
  if (state.attachmentKeys.has(key)) return;
  state.attachmentKeys.add(key);
  const lines = [name];
  if (typeof att.description === 'string') lines.push(att.description);
  const part = linesPart(`attachment:${state.attachmentKeys.size}`, 'attachment-name', lines, origin);
  if (part) addPart(state, part);
  if (content instanceof Uint8Array) {
    const file: EmbeddedFile = { name, bytes: content, origin };
    state.out.embedded!.push(file);
  } else {
    state.out.unread.push({ where: `attachment ${name}`, reason: 'embedded-object', detail: `The attachment ${name} has no readable content.`, origin });
  }
}

// ---------------------------------------------------------------------------------------------
// One page

interface Viewport {
  width: number;
  height: number;
  convertToViewportPoint(x: number, y: number): number[];
}

function rectToBox(vp: Viewport, rect: unknown): Box | undefined {
  if (!Array.isArray(rect) || rect.length !== 4 || !rect.every((v) => Number.isFinite(v))) return undefined;
  const [x1, y1] = vp.convertToViewportPoint(rect[0], rect[1]);
  const [x2, y2] = vp.convertToViewportPoint(rect[2], rect[3]);
  return {
    x: r2(Math.min(x1, x2)),
    y: r2(Math.min(y1, y2)),
    width: r2(Math.abs(x2 - x1)),
    height: r2(Math.abs(y2 - y1)),
    unit: 'pt',
  };
}

function r2(v: number): number {
  return Math.round(v * 100) / 100;
}

async function readPage(
  state: DocState,
  doc: any,
  n: number,
  rt: PdfJsRuntime,
  layers: any,
  opts: Required<PdfExtractorOptions>,
): Promise<void> {
  const page = await doc.getPage(n);
  try {
    const vp: Viewport = page.getViewport({ scale: 1 });
    const { AnnotationMode, OPS } = rt.pdfjs;
    const annotations: any[] = await page.getAnnotations({ intent: 'any' });
    // Appearance streams are evaluated only when an annotation may draw text of its own (stamps,
    // free text, shapes): links, popups, note icons and attachments draw none, and field values
    // are read from the fields. Generating field appearances costs more than the page itself.
    const drawsText = annotations.some((a) => !QUIET_ANNOTATIONS.has(String(a?.subtype)));
    const opList = await page.getOperatorList({ annotationMode: drawsText ? AnnotationMode.ENABLE : AnnotationMode.DISABLE });
    const fontCache = new Map<string, FontInfo | undefined>();
    const fonts = (name: string): FontInfo | undefined => {
      if (!fontCache.has(name)) {
        let font: FontInfo | undefined;
        try {
          font = page.commonObjs.has(name) ? (page.commonObjs.get(name) as FontInfo) : undefined;
        } catch {
          font = undefined;
        }
        fontCache.set(name, font);
      }
      return fontCache.get(name);
    };
    const facts = analyseOperators(
      opList.fnArray,
      opList.argsArray,
      OPS as unknown as Record<string, number>,
      layers,
      opts.textSource === 'operators' ? fonts : undefined,
      (name) => hasIdentityUnicode(fonts(name)),
    );
    // Text positioned from the operators needs no second parse of the page; pages with fonts it
    // does not handle (vertical, Type3) take pdf.js text content instead.
    if (!facts.runs) state.viaTextContent++;
    const groups = facts.runs ? operatorRuns(facts, vp) : pageRuns(await page.getTextContent(), vp, facts);

    const origin = { page: n, filePart: `page ${n}` };
    const damaged = checkStreams(state, n, facts, origin);
    const unmapped = checkGlyphs(state, n, facts, origin);
    const geometry = { page: n, width: vp.width, height: vp.height };
    const body = layoutPage(groups.get(Hidden.Visible) ?? [], geometry);
    const parts: TextPart[] = [{ id: `page-${n}`, role: 'body', text: body.text, origin, blocks: body.blocks, leading: n === 1 }];
    let textChars = countChars(body.text);
    let badChars = countUnmapped(body.text);
    for (const [reason, runs] of groups) {
      if (reason === Hidden.Visible || runs.length === 0) continue;
      const laid = layoutPage(runs, geometry);
      if (laid.text.length === 0) continue;
      textChars += countChars(laid.text);
      badChars += countUnmapped(laid.text);
      parts.push({
        id: `page-${n}:${HIDDEN_TAG[reason]}`,
        role: 'hidden',
        text: laid.text,
        origin: { ...origin, detail: HIDDEN_DETAIL[reason] },
        blocks: laid.blocks,
      });
    }
    for (const p of parts) addPart(state, p);
    addAnnotations(state, annotations, facts, vp, n);

    // Pages whose text layer is missing, nearly empty under pictures, or unreadable (unmapped
    // glyphs) go to OCR: the text a reader sees may be in the pixels only.
    const pageArea = Math.max(1, vp.width * vp.height);
    const coverage = facts.imageArea / pageArea;
    const paints = facts.imageArea > 0 || facts.paintedPaths > 0;
    const needsOcr =
      (textChars < opts.minTextChars && paints && (coverage >= 0.02 || facts.paintedPaths > 0)) ||
      (coverage >= 0.5 && textChars < 10 * opts.minTextChars) ||
      (textChars > 0 && badChars / textChars > 0.3) ||
      damaged ||
      unmapped;
    if (needsOcr) {
      if (opts.renderPages && state.rendered >= opts.maxRenderedPages) {
        state.out.unread.push({
          where: `page ${n}`,
          reason: 'limit',
          detail: `Page ${n} has no usable text layer and was not rendered for OCR: more than ${opts.maxRenderedPages} pages of this file need OCR.`,
          origin,
        });
      } else if (!opts.renderPages) {
        state.out.unread.push({
          where: `page ${n}`,
          reason: 'ocr-unavailable',
          detail: `Page ${n} has no usable text layer and page rendering is off.`,
          origin,
        });
      } else {
        try {
          state.out.images!.push(await renderPage(page, n, opts));
          state.rendered++;
        } catch (err) {
          state.out.unread.push({
            where: `page ${n}`,
            reason: 'error',
            detail: `Page ${n} has no usable text layer and could not be rendered for OCR: ${message(err)}`,
            origin,
          });
        }
      }
    } else {
      await ocrPictures(state, page, vp, facts.paints, n, opts, origin);
    }
  } finally {
    page.cleanup?.();
  }
}

/**
 * Checks the page's content streams from the raw bytes (see content.ts) and reports a
 * `failed-stream` loss when one did not decode, holds tokens that are no operators, or shows more
 * text than pdf.js drew. Returns whether the page lost content that way (it is then rendered for OCR).
 */
function checkStreams(state: DocState, n: number, facts: OperatorFacts, origin: PartOrigin): boolean {
  const raw = state.raw;
  // Encrypted streams cannot be checked without decrypting them; pdf.js decrypts, pdf-lib does not.
  if (!raw.ok || raw.encrypted) return false;
  let checks;
  try {
    checks = checkPageStreams(raw.doc, n - 1);
  } catch {
    checks = undefined;
  }
  if (!checks) return false;
  const problems: string[] = [];
  let failed = 0;
  let pageTextOps = 0;
  for (const c of checks) {
    if (c.error) {
      failed++;
      problems.push(`${c.page ? 'content stream' : 'form XObject'} ${c.label} does not decode (${c.error})`);
      continue;
    }
    if (!c.scan) continue;
    if (c.page) pageTextOps += c.scan.textOps;
    if (c.scan.unknownOps > 0 || c.scan.unterminated) {
      failed++;
      const what = c.scan.unknownOps > 0 ? `${c.scan.unknownOps} token(s) that are no PDF operator (${c.scan.unknownSample.join(', ')})` : 'an unterminated string or inline image';
      problems.push(`${c.page ? 'content stream' : 'form XObject'} ${c.label} holds ${what}`);
    }
  }
  // pdf.js stops parsing a stream at the first error it cannot get past and keeps what it had.
  const lostOps = pageTextOps - facts.textOps;
  if (lostOps > 0) problems.push(`the page content shows text ${pageTextOps} times, pdf.js drew ${facts.textOps}`);
  if (problems.length === 0) return false;
  state.out.loss!.push({
    where: `page ${n}`,
    kind: 'failed-stream',
    count: Math.max(failed, lostOps > 0 ? 1 : 0),
    total: checks.length,
    detail: `Page ${n} is damaged: ${problems.slice(0, 3).join('; ')}. What it draws there was not read as text.`,
    origin,
  });
  return true;
}

/** Share of a page's glyphs without Unicode above which the page's text layer is not its text. */
const UNMAPPED_PAGE_SHARE = 0.02;
/** Share of one font's glyphs without Unicode above which that font's text (a heading, a marking) is lost. */
const UNMAPPED_FONT_SHARE = 0.5;

/**
 * Glyphs drawn without a usable Unicode value (no ToUnicode map, broken CMaps, private use):
 * reported as an `unmapped-glyphs` loss when they are a meaningful share of the page or of one
 * font, since one bold font without a map is enough to lose a marking. Returns whether the page
 * should be rendered for OCR.
 */
function checkGlyphs(state: DocState, n: number, facts: OperatorFacts, origin: PartOrigin): boolean {
  const g = facts.glyphs;
  if (g.unmapped === 0) return false;
  let fontLost = false;
  for (const f of g.byFont.values()) if (f.unmapped >= 2 && f.unmapped / f.drawn >= UNMAPPED_FONT_SHARE) fontLost = true;
  if (!fontLost && g.unmapped / g.drawn < UNMAPPED_PAGE_SHARE) return false;
  state.out.loss!.push({
    where: `page ${n}`,
    kind: 'unmapped-glyphs',
    count: g.unmapped,
    total: g.drawn,
    detail: `${g.unmapped} of the ${g.drawn} glyphs drawn on page ${n} have no Unicode meaning (a font without a usable ToUnicode map): their text is not in the text layer.`,
    origin,
  });
  return true;
}

/** Smallest picture on a page with text that is cut out for OCR (points): big enough to carry a line of text. */
const MIN_PICTURE = { width: 100, height: 40, pageShare: 0.02 };

/**
 * Pictures on a page that has a text layer (a scanned notice pasted into a report, a photographed
 * marking) carry text the text layer does not: each large enough picture is cut out of the
 * rendered page and handed to OCR, with its position so OCR boxes land on the page.
 */
async function ocrPictures(state: DocState, page: any, vp: Viewport, paints: readonly Paint[], n: number, opts: Required<PdfExtractorOptions>, origin: PartOrigin): Promise<void> {
  const pageArea = Math.max(1, vp.width * vp.height);
  const boxes: Box[] = [];
  for (const p of paints) {
    if (!p.image) continue;
    const b = rectToBox(vp, [p.x0, p.y0, p.x1, p.y1]);
    if (!b) continue;
    // Clip to the page: pictures may hang over its edges.
    const x0 = Math.max(0, b.x);
    const y0 = Math.max(0, b.y);
    const x1 = Math.min(vp.width, b.x + b.width);
    const y1 = Math.min(vp.height, b.y + b.height);
    const w = x1 - x0;
    const h = y1 - y0;
    if (w < MIN_PICTURE.width || h < MIN_PICTURE.height || (w * h) / pageArea < MIN_PICTURE.pageShare) continue;
    // The same picture painted twice (or a picture inside another) is read once.
    if (boxes.some((o) => x0 >= o.x - 1 && y0 >= o.y - 1 && x1 <= o.x + o.width + 1 && y1 <= o.y + o.height + 1)) continue;
    boxes.push({ x: r2(x0), y: r2(y0), width: r2(w), height: r2(h), unit: 'pt' });
  }
  if (boxes.length === 0) return;
  if (!opts.renderPages || state.rendered >= opts.maxRenderedPages) {
    state.out.unread.push({
      where: `page ${n}`,
      reason: opts.renderPages ? 'limit' : 'ocr-unavailable',
      detail: opts.renderPages
        ? `${boxes.length} picture(s) on page ${n} were not read: more than ${opts.maxRenderedPages} pages of this file need OCR.`
        : `${boxes.length} picture(s) on page ${n} were not read: page rendering is off.`,
      origin,
    });
    return;
  }
  try {
    const { canvas, scale } = await renderCanvas(page, opts);
    const { createCanvas } = await import('@napi-rs/canvas');
    let k = 0;
    for (const b of boxes) {
      k++;
      const sx = Math.floor(b.x * scale);
      const sy = Math.floor(b.y * scale);
      const sw = Math.max(1, Math.min(canvas.width - sx, Math.ceil(b.width * scale)));
      const sh = Math.max(1, Math.min(canvas.height - sy, Math.ceil(b.height * scale)));
      const crop = createCanvas(sw, sh);
      crop.getContext('2d').drawImage(canvas, sx, sy, sw, sh, 0, 0, sw, sh);
      const png = await crop.encode('png');
      state.out.images!.push({
        id: `page-${n}:picture-${k}`,
        bytes: new Uint8Array(png.buffer, png.byteOffset, png.byteLength),
        mediaType: 'image/png',
        origin: { page: n, filePart: `page ${n}`, detail: `picture ${k} on the page`, box: b },
        pointsPerPixel: 1 / scale,
        pointsOffset: { x: sx / scale, y: sy / scale },
      });
    }
    state.rendered++;
  } catch (err) {
    state.out.unread.push({ where: `page ${n}`, reason: 'error', detail: `${boxes.length} picture(s) on page ${n} could not be rendered for OCR: ${message(err)}`, origin });
  }
}

/** Annotation types whose appearance carries no text beyond what the annotation data already gives. */
const QUIET_ANNOTATIONS = new Set(['Link', 'Popup', 'Widget', 'Text', 'FileAttachment']);

function countChars(text: string): number {
  let c = 0;
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0x20) c++;
  return c;
}

/** Characters that say the font had no usable Unicode mapping: private use area and U+FFFD. */
function countUnmapped(text: string): number {
  let c = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if ((code >= 0xe000 && code <= 0xf8ff) || code === 0xfffd) c++;
  }
  return c;
}

/**
 * Splits the page's text items into runs of equal visibility and measures each run's box.
 * An item's characters are placed proportionally along its width (pdf.js gives one width per item).
 */
function pageRuns(content: any, vp: Viewport, facts: OperatorFacts): Map<Hidden, TextRun[]> {
  const groups = new Map<Hidden, TextRun[]>();
  const aligner = new HiddenAligner(facts);
  const styles = (content.styles ?? {}) as Record<string, { ascent?: number; descent?: number }>;
  for (const item of content.items as any[]) {
    const str: unknown = item?.str;
    if (typeof str !== 'string' || str.length === 0) continue;
    const t = item.transform as number[];
    if (!Array.isArray(t) || t.length !== 6) continue;
    const [a, b, c, d, e, f] = t;
    const dirLen = Math.hypot(a, b) || 1;
    const upLen = Math.hypot(c, d);
    const size = upLen || dirLen;
    const ux = a / dirLen;
    const uy = b / dirLen;
    const vx = upLen ? c / upLen : -uy;
    const vy = upLen ? d / upLen : ux;
    const style = styles[item.fontName] ?? {};
    const ascent = Number.isFinite(style.ascent) && style.ascent! > 0 ? style.ascent! : 0.8;
    const descent = Number.isFinite(style.descent) && style.descent! < 0 ? style.descent! : -0.2;
    const width = Number.isFinite(item.width) ? (item.width as number) : 0;
    const tiny = size < 1;
    // Direction of the text as shown (page rotation included), to the nearest quarter turn.
    const p0 = vp.convertToViewportPoint(e, f);
    const p1 = vp.convertToViewportPoint(e + ux, f + uy);
    const degrees = (Math.atan2(p1[1] - p0[1], p1[0] - p0[0]) * 180) / Math.PI;
    const angle = ((Math.round(degrees / 90) % 4) + 4) % 4 * 90;

    // Visibility of each character, then runs of equal visibility.
    const flags = new Uint8Array(str.length);
    const mid = size * ((ascent + descent) / 2);
    for (let i = 0; i < str.length; i++) {
      let flag = aligner.next(str[i]);
      if (aligner.index >= 0 && facts.paints.length > 0) {
        const along = (width * (i + 0.5)) / str.length;
        flag = settleByPaint(flag, e + ux * along + vx * mid, f + uy * along + vy * mid, facts.seq[aligner.index], 0.5 * size, facts.paints);
      }
      flags[i] = flag;
    }
    let i0 = 0;
    while (i0 < str.length) {
      let i1 = i0 + 1;
      // Whitespace takes the visibility of the run it sits in.
      while (i1 < str.length && (flags[i1] === flags[i0] || str[i1].trim() === '')) i1++;
      const s0 = (width * i0) / str.length;
      const s1 = (width * i1) / str.length;
      const corners = [
        [e + ux * s0 + vx * size * descent, f + uy * s0 + vy * size * descent],
        [e + ux * s1 + vx * size * descent, f + uy * s1 + vy * size * descent],
        [e + ux * s0 + vx * size * ascent, f + uy * s0 + vy * size * ascent],
        [e + ux * s1 + vx * size * ascent, f + uy * s1 + vy * size * ascent],
      ].map(([x, y]) => vp.convertToViewportPoint(x, y));
      const xs = corners.map((p) => p[0]);
      const ys = corners.map((p) => p[1]);
      const run: TextRun = {
        text: str.slice(i0, i1),
        x0: Math.min(...xs),
        y0: Math.min(...ys),
        x1: Math.max(...xs),
        y1: Math.max(...ys),
        size,
        angle,
      };
      let reason = flags[i0] as Hidden;
      if (reason === Hidden.Visible) {
        if (tiny) reason = Hidden.Tiny;
        else if (run.x1 <= 0 || run.y1 <= 0 || run.x0 >= vp.width || run.y0 >= vp.height) reason = Hidden.OffPage;
      }
      let list = groups.get(reason);
      if (!list) groups.set(reason, (list = []));
      list.push(run);
      i0 = i1;
    }
  }
  return groups;
}

/** Page runs from glyphs positioned in the operator walk, grouped by why they are hidden (if they are). */
function operatorRuns(facts: OperatorFacts, vp: Viewport): Map<Hidden, TextRun[]> {
  const groups = new Map<Hidden, TextRun[]>();
  const push = (reason: Hidden, run: TextRun): void => {
    let list = groups.get(reason);
    if (!list) groups.set(reason, (list = []));
    list.push(run);
  };
  for (const g of facts.runs ?? []) {
    const m = g.matrix;
    const user = (tx: number, ty: number): [number, number] => [m[0] * tx + m[2] * ty + m[4], m[1] * tx + m[3] * ty + m[5]];
    const size = Math.hypot(m[2], m[3]) * g.fontSize;
    const yTop = g.y + g.ascent * g.fontSize;
    const yBottom = g.y + g.descent * g.fontSize;
    const yMid = (yTop + yBottom) / 2;
    const n = g.text.length;
    // Per character: the run's reason, settled against shapes painted under or over it.
    const flags = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      if (g.text[i] === ' ' || facts.paints.length === 0) {
        flags[i] = g.reason;
        continue;
      }
      const x0 = g.xs[i];
      const x1 = i + 1 < n ? g.xs[i + 1] : g.xEnd;
      const [cx, cy] = user((x0 + x1) / 2, yMid);
      flags[i] = settleByPaint(g.reason, cx, cy, g.seq, 0.5 * size, facts.paints);
    }
    let i0 = 0;
    while (i0 < n) {
      let i1 = i0 + 1;
      while (i1 < n && (flags[i1] === flags[i0] || g.text[i1] === ' ')) i1++;
      const xa = g.xs[i0];
      const xb = i1 < n ? g.xs[i1] : g.xEnd;
      const corners = [user(xa, yBottom), user(xb, yBottom), user(xa, yTop), user(xb, yTop)].map(([x, y]) => vp.convertToViewportPoint(x, y));
      const xs = corners.map((p) => p[0]);
      const ys = corners.map((p) => p[1]);
      const p0 = vp.convertToViewportPoint(...user(xa, g.y));
      const p1 = vp.convertToViewportPoint(...user(xa + 1, g.y));
      const degrees = (Math.atan2(p1[1] - p0[1], p1[0] - p0[0]) * 180) / Math.PI;
      const run: TextRun = {
        text: g.text.slice(i0, i1),
        x0: Math.min(...xs),
        y0: Math.min(...ys),
        x1: Math.max(...xs),
        y1: Math.max(...ys),
        size,
        angle: (((Math.round(degrees / 90) % 4) + 4) % 4) * 90,
      };
      let reason = flags[i0] as Hidden;
      if (reason === Hidden.Visible) {
        if (size < 1) reason = Hidden.Tiny;
        else if (run.x1 <= 0 || run.y1 <= 0 || run.x0 >= vp.width || run.y0 >= vp.height) reason = Hidden.OffPage;
      }
      push(reason, run);
      i0 = i1;
    }
  }
  return groups;
}

function compact(s: string): string {
  return s.replace(/\s+/g, '');
}

function addAnnotations(state: DocState, annotations: any[], facts: OperatorFacts, vp: Viewport, n: number): void {
  let k = 0;
  for (const a of annotations ?? []) {
    k++;
    const subtype = String(a?.subtype ?? '');
    // Links carry no text of their own; a Popup repeats its parent's contents.
    if (subtype === 'Link' || subtype === 'Popup') continue;
    const box = rectToBox(vp, a.rect);
    const id = String(a.id ?? k);
    if (subtype === 'Widget') {
      state.seenFields.add(id);
      const lines = [fieldText(a.fieldValue)];
      if (typeof a.alternativeText === 'string') lines.push(a.alternativeText);
      const origin: TextPart['origin'] = { page: n, filePart: `page ${n}`, detail: `field ${a.fieldName ?? id}` };
      if (box) origin.box = box;
      const part = linesPart(`page-${n}:field:${id}`, 'form-field', lines, origin, box);
      if (part) addPart(state, part);
      continue;
    }
    const lines: string[] = [];
    const contents = stringValue(a.contentsObj?.str);
    lines.push(contents);
    const seen = compact(contents);
    const rich = stringValue(a.richText?.str);
    if (rich && !seen.includes(compact(rich))) lines.push(rich);
    // Text drawn by the appearance stream (stamps, FreeText) may differ from /Contents.
    const drawn = [facts.annotationText.get(id) ?? '', Array.isArray(a.textContent) ? a.textContent.join('\n') : ''];
    for (const d of drawn) if (d && !compact(lines.join('')).includes(compact(d))) lines.push(d);
    const author = stringValue(a.titleObj?.str);
    if (author) lines.push(author);
    if (subtype === 'FileAttachment' && a.file) {
      addAttachment(state, a.file, { page: n, filePart: `page ${n}`, detail: 'file attachment annotation', ...(box ? { box } : {}) });
    }
    const origin: TextPart['origin'] = { page: n, filePart: `page ${n}`, detail: author ? `${subtype} annotation by ${author}` : `${subtype} annotation` };
    if (box) origin.box = box;
    const part = linesPart(`page-${n}:annot:${id}`, 'annotation', lines, origin, box);
    if (part) addPart(state, part);
  }
}

/** Renders a page at the OCR resolution (capped in pixels); `scale` is pixels per point. */
async function renderCanvas(page: any, opts: Required<PdfExtractorOptions>) {
  const { createCanvas } = await import('@napi-rs/canvas');
  const base: Viewport = page.getViewport({ scale: 1 });
  let scale = opts.renderDpi / 72;
  const pixels = base.width * base.height * scale * scale;
  if (pixels > opts.maxRenderPixels) scale = Math.sqrt(opts.maxRenderPixels / (base.width * base.height));
  const viewport = page.getViewport({ scale });
  const canvas = createCanvas(Math.max(1, Math.ceil(viewport.width)), Math.max(1, Math.ceil(viewport.height)));
  const context = canvas.getContext('2d');
  await page.render({ canvasContext: context, canvas, viewport, background: '#ffffff' }).promise;
  return { canvas, scale, base };
}

async function renderPage(page: any, n: number, opts: Required<PdfExtractorOptions>): Promise<ImageRef> {
  const { canvas, scale, base } = await renderCanvas(page, opts);
  const png = await canvas.encode('png');
  return {
    id: `page-${n}`,
    bytes: new Uint8Array(png.buffer, png.byteOffset, png.byteLength),
    mediaType: 'image/png',
    origin: { page: n, filePart: `page ${n}`, box: { x: 0, y: 0, width: r2(base.width), height: r2(base.height), unit: 'pt' } },
    pointsPerPixel: 1 / scale,
  };
}

