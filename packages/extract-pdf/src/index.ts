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
 *   (`embedded`, for the scanner to scan recursively): every /EF stream and /AF associated file
 *   (attachments.ts).
 * - Scripts (JavaScript actions) and their string literals as `hidden` parts (javascript.ts), text
 *   an incremental update replaced as `hidden` parts of the previous revision (revisions.ts).
 * - What the file carries and no viewer draws (carriers.ts, private-data.ts): comments in content
 *   streams, forms a page lists and no page paints (pictures so listed are a loss), XMP of pages
 *   and pictures, /PieceInfo application data.
 * - Bytes outside the objects (before the header, after the last %%EOF, comments and bare text
 *   between objects)
 *   as `outside:*` parts, or an `undecodable-bytes` loss when they are not text (outside.ts).
 * - Pages without a usable text layer, with damaged content streams or with glyphs that have no
 *   Unicode are rendered to PNG (`images`) for OCR (pages.ts, quality.ts).
 * - Anything not read (encrypted, corrupt, over a limit, timed out, aborted) becomes an UnreadItem,
 *   anything met but not turned into text a Loss; the extractor never throws on a user's file.
 */
import type { ExtractContext, Extraction, Extractor, ReadProgress, UnreadItem } from '@prepub/core';
import { firstPdfObjectAt } from '@prepub/core';
import { addRawAttachments, addAttachment, additionalStreams, embeddedFileVisitor, type FoundFile } from './attachments.ts';
import { addFieldObjects, addLayerNames, addMetadata, addOutline } from './document.ts';
import { addScripts, scriptVisitor, type FoundScripts } from './javascript.ts';
import { unreadContentVisitor } from './unread-content.ts';
import { addAsDrawn } from './as-drawn.ts';
import { addThumbnails } from './thumbnails.ts';
import { scriptedFieldValues } from './javascript.ts';
import { addCatalogText, rawTextVisitor } from './raw-text.ts';
import { privateDataVisitor } from './private-data.ts';
import { addUnreferencedText } from './unreferenced.ts';
import { addLeftoverStrings } from './leftover-strings.ts';
import { addEncryptedRawLoss } from './encrypted-raw.ts';
import { addDamagedNameLoss, damagedNameVisitor } from './damaged-names.ts';
import type { PdfExtractorOptions } from './options.ts';
import { readPage } from './pages.ts';
import { MAX_APPEARANCES, readPendingAppearances } from './appearances.ts';
import { settleUndrawnXObjects } from './carriers.ts';
import { FONT_FACE_SINK, loadPdfJs, type PdfJsRuntime } from './pdfjs.ts';
import { forEachDict, loadRaw, resolve, type DictVisitor } from './raw.ts';
import { PDFDict, PDFName, type PDFObject, type PDFRef } from 'pdf-lib';
import type { PendingAppearance } from './appearances.ts';
import { addOutsideBytes } from './outside.ts';
import { addRevisions } from './revisions.ts';
import { checkXref } from './xref.ts';
import { addRawXmp, addXfa } from './xfa.ts';
import { guarded, type DocState } from './state.ts';
import { indexOfAscii, message, pageRange, within, type Budget } from './util.ts';

export { layoutLines, layoutPage, type TextRun, type LaidOut, type PageGeometry } from '@prepub/core';
export type { PdfExtractorOptions } from './options.ts';

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

async function extractInto(out: Extraction, bytes: Uint8Array, ctx: ExtractContext, opts: Required<PdfExtractorOptions>): Promise<void> {
  const limits = ctx.limits;
  const info = out.info as Record<string, string | number | boolean>;
  if (bytes.length > limits.maxFileBytes) {
    out.unread.push({ where: 'file', reason: 'limit', detail: `The file has ${bytes.length} bytes, more than the limit of ${limits.maxFileBytes}.` });
    return;
  }
  let header = indexOfAscii(bytes, '%PDF-', 0, 1024);
  if (header < 0) {
    // pdf.js reads objects without the header; a file of objects whose header was damaged or cut
    // off is read as far as they allow (a marking in it still blocks), never as read whole.
    const firstObject = firstPdfObjectAt(bytes);
    if (firstObject < 0) {
      out.unread.push({ where: 'file', reason: 'corrupt', detail: 'The file has no %PDF- header (damaged, cut off, or not a PDF at all): it could not be read as a PDF.' });
      return;
    }
    out.unread.push({ where: 'file', reason: 'corrupt', detail: 'The file has no %PDF- header (damaged or cut off): its objects were read as far as they allow, but the file is not counted as read whole.' });
    header = firstObject;
  }
  // Bytes before the header, after the last %%EOF and in comments are published with the file.
  addOutsideBytes(out, bytes, header);
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
  const params = {
    password: ctx.password,
    cMapUrl: rt.cMapUrl,
    cMapPacked: true,
    standardFontDataUrl: rt.standardFontDataUrl,
    wasmUrl: rt.wasmUrl,
    iccUrl: rt.iccUrl,
    verbosity: 0,
    isEvalSupported: false,
    useSystemFonts: false,
    stopAtErrors: false,
    enableXfa: false,
  };
  type Params = Parameters<typeof rt.pdfjs.getDocument>[0];
  const task = rt.pdfjs.getDocument({
    ...params,
    // pdf.js takes ownership of (detaches) the buffer it is given: hand it a copy.
    data: bytes.slice(),
    // Fonts go to a sink instead of being compiled into glyph outlines (see FONT_FACE_SINK).
    disableFontFace: false,
    ownerDocument: FONT_FACE_SINK,
    // Whether a composite font's Unicode map is the identity, to tell glyph ids passed off as text
    // (see hasIdentityUnicode). `true` would copy every font's full maps (CJK: 30,000-entry CMap,
    // Unicode and glyph maps) from the worker; the patched pdf.js sends just the two facts.
    fontExtraProperties: rt.patched ? 'summary' : true,
  } as Params);
  // Pages rendered for OCR are drawn from a second opening with glyph outlines, made on the first need.
  let drawing: ReturnType<typeof rt.pdfjs.getDocument> | undefined;
  const drawPage = async (n: number): Promise<any> => {
    drawing ??= rt.pdfjs.getDocument({ ...params, data: bytes.slice(), disableFontFace: true } as Params);
    const drawn = await drawing.promise;
    return drawn.getPage(n);
  };
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
    // A small PDF made of annotation appearances pdf.js did not draw (appearances.ts), read for its text.
    const openOther = async (data: Uint8Array): Promise<any> => rt.pdfjs.getDocument({ ...params, data, disableFontFace: false, ownerDocument: FONT_FACE_SINK } as Params).promise;
    await readDocument(out, bytes, doc, rt, budget, opts, info, drawPage, openOther, ctx.progress);
  } finally {
    await task.destroy().catch(() => undefined);
    await drawing?.destroy().catch(() => undefined);
  }
  if (opts.revisions) {
    // Each earlier revision is read like a file of its own (no rendering, no revisions of its own).
    // Their pages are not this file's: they report no progress (the file's own deadline bounds them).
    const reader = createPdfExtractor({ ...opts, renderPages: false, revisions: false });
    await addRevisions(out, bytes, (prefix, ms) => reader.extract(prefix, { ...ctx, progress: undefined, limits: { ...limits, fileTimeoutMs: Math.max(1, ms) } }), budget.deadline, limits.maxTextChars);
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

/**
 * Reports cross-reference entries that point at no object (the reader rebuilt the table and may
 * have lost objects) and objects with text that no entry reaches (xref.ts) as `unreadable-object`.
 */
function addXrefLosses(out: Extraction, bytes: Uint8Array, encrypted: boolean): void {
  let check;
  try {
    // Encrypted objects cannot be decoded without the key: only the table itself is checked then.
    check = checkXref(bytes, { orphans: !encrypted });
  } catch {
    return;
  }
  if (!check) return;
  const list = (nums: number[]): string => nums.slice(0, 5).join(', ') + (nums.length > 5 ? ' …' : '');
  if (check.badEntries.length > 0 || check.startMisplaced || check.malformed > 0) {
    const what = [
      check.badEntries.length > 0 ? `${check.badEntries.length} entries point at bytes that are not their object (objects ${list(check.badEntries)})` : '',
      check.malformed > 0 ? `${check.malformed} entries are not readable entries, so the reader had to rebuild the table by scanning the file` : '',
      check.startMisplaced ? 'the table is not where the file says it is' : '',
    ].filter(Boolean);
    out.loss!.push({
      where: 'cross-reference table',
      kind: 'unreadable-object',
      count: Math.max(1, check.badEntries.length + check.malformed),
      detail: `The cross-reference table is damaged (${what.join('; ')}): objects the reader could not find again were not read.`,
    });
  }
  if (check.orphans.length > 0) {
    const undecoded = check.orphans.filter((o) => o.error);
    out.loss!.push({
      where: 'file',
      kind: 'unreadable-object',
      count: check.orphans.length,
      detail:
        `${check.orphans.length} object(s) in the file that no cross-reference entry reaches hold text or a stream (objects ${list(check.orphans.map((o) => o.num))}): they were not read.` +
        (undecoded.length > 0 ? ` ${undecoded.length} of them do not decode (${undecoded[0].error}).` : ''),
    });
  }
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
  drawPage: (n: number) => Promise<any>,
  openOther: (data: Uint8Array) => Promise<any>,
  progress: ReadProgress | undefined,
): Promise<void> {
  const { limits } = budget;
  const numPages: number = doc.numPages;
  info.pages = numPages;
  // Every field present from the start, in one order: fields added later, in the order a document
  // needs them, gave each document's state a shape of its own, and the page reader's optimised code
  // was thrown away at the next document (a 600 ms compile, then "wrong map").
  const state: DocState = { chars: 0, limits, out, seenFields: new Set(), rendered: 0, viaTextContent: 0, attachmentKeys: undefined, raw: await loadRaw(bytes), drawPage, appearances: undefined, appearancesOver: undefined, xobjects: undefined };
  // Values scripts give fields on opening stand in the page's lines as a viewer shows them.
  if (state.raw.ok && !state.raw.encrypted) {
    try {
      state.scriptedValues = scriptedFieldValues(state.raw.doc);
    } catch {
      // The scripts are read (and their failures reported) with the others.
    }
  }
  out.loss ??= [];
  if (!state.raw.ok) {
    out.loss.push({
      where: 'file',
      kind: 'unreadable-object',
      count: 1,
      detail: `The file's objects could not be parsed one by one (${state.raw.error}): its content streams, embedded files and scripts were not checked beyond what the viewer shows.`,
    });
  }

  // The file's bytes stay encrypted even when its objects were decrypted here.
  addXrefLosses(out, bytes, state.raw.ok && (state.raw.encrypted || state.raw.decrypted !== undefined));

  const metadata: any = await guarded(out, 'document information', () => doc.getMetadata());
  const docInfo = (metadata?.info ?? {}) as Record<string, unknown>;
  if (typeof docInfo.PDFFormatVersion === 'string') info.pdfVersion = docInfo.PDFFormatVersion;
  info.encrypted = docInfo.EncryptFilterName != null;
  if (metadata) addMetadata(state, metadata);
  addRawXmp(state, metadata?.metadata != null);
  if (docInfo.IsXFAPresent === true && !addXfa(state)) {
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
    const partsBefore = out.parts.length;
    try {
      progress?.step(n);
      const r = await within(readPage(state, doc, n, rt, layers, opts), ms, budget.signal);
      if (r.ok) {
        pagesRead++;
        progress?.keep(out.parts.slice(partsBefore));
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
  progress?.step(0);
  // Markings stand at the top of the first page that has text: a blank cover sheet does not count.
  const bodies = out.parts.filter((p) => p.role === 'body' && p.id.startsWith('page-'));
  if (bodies.length > 0 && bodies[0].text.length === 0) {
    const first = bodies.find((p) => p.text.length > 0);
    if (first) {
      bodies[0].leading = false;
      first.leading = true;
    }
  }
  // Forms no page paints are read with the appearances; pictures no page paints are a loss.
  settleUndrawnXObjects(state);
  if (state.appearances && state.appearances.length > 0) {
    const pending = state.appearances;
    // One step, bounded like a page: pdf.js has spun in a font of an appearance (issue15053.pdf).
    progress?.step(-1);
    await guarded(out, 'annotation appearances', () => readPendingAppearances(state, pending, openOther));
    progress?.step(0);
  }
  if (state.appearancesOver) {
    out.loss!.push({
      where: 'annotation appearances',
      kind: 'unreadable-object',
      count: state.appearancesOver,
      total: state.appearancesOver + MAX_APPEARANCES,
      reason: 'limit',
      detail: `${state.appearancesOver} annotation appearance stream(s) past the ${MAX_APPEARANCES} read per file (hidden, not-viewed, rollover, down or inactive states) were not read.`,
    });
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
  const walked = walkObjects(state);
  // Pages whose fonts draw other characters than their maps claim, read again as drawn.
  await guarded(out, 'text as its fonts draw it', async () => addAsDrawn(state));
  await guarded(out, 'page thumbnails', () => addThumbnails(state));
  const inside = drawnInside(state);
  if (inside.length > 0) await guarded(out, 'text drawn in patterns and Type3 glyphs', () => readPendingAppearances(state, inside, openOther));
  // A hybrid PDF's document (the trailer's /AdditionalStreams) is read like an attachment.
  const raw = state.raw;
  const extra = raw.ok && !raw.encrypted ? await guarded(out, 'additional streams', async () => additionalStreams(raw.doc, bytes, state.limits, (state.additionalStreams = new Set()))) : undefined;
  addRawAttachments(state, extra && extra.length && Array.isArray(walked.files) ? [...walked.files, ...extra] : walked.files);
  const jsActions = await guarded(out, 'document scripts', () => doc.getJSActions());
  addScripts(state, jsActions, walked.scripts);
  addCatalogText(state);
  // The raw passes skip an encrypted file: what they would have read there is not read.
  await guarded(out, 'encrypted objects', async () => addEncryptedRawLoss(state));
  const unreached = await guarded(out, 'objects no reference reaches', async () => addUnreferencedText(state));
  // Last: it compares every string of the file with everything read before it.
  await guarded(out, 'text strings', async () => addLeftoverStrings(state, unreached ?? undefined));
}

/**
 * The tiling pattern cells and Type3 glyph procedures that show text (unread-content.ts), to be read
 * as the appearances are: their text is drawn wherever the pattern fills or the glyph is shown
 * (机密★5年 in a pattern filling a box at the top), so it is read as the page's, located on the
 * first page whose resources name the pattern or font. Where on the page is not known: the loss stays.
 */
function drawnInside(state: DocState): PendingAppearance[] {
  const list = state.drawnInside ?? [];
  if (list.length === 0 || !state.raw.ok) return [];
  const doc = state.raw.doc;
  const pages = doc.getPages();
  const owners = new Set<PDFRef>(list.map((x) => x.owner));
  const pageOf = new Map<PDFRef, number>();
  const resourcesOf = new Map<number, PDFObject | undefined>();
  // The first page whose resources, or the resources of a form they list, name each owner.
  for (let i = 0; i < pages.length && i < 2000 && pageOf.size < owners.size; i++) {
    const res = pages[i].node.Resources();
    resourcesOf.set(i + 1, res);
    const look = (r: PDFObject | undefined, depth: number) => {
      const d = resolve(doc, r);
      if (!(d instanceof PDFDict)) return;
      for (const key of ['Pattern', 'Font', 'XObject']) {
        const sub = resolve(doc, d.get(PDFName.of(key)));
        if (!(sub instanceof PDFDict)) continue;
        for (const [, v] of sub.entries()) {
          if (owners.has(v as PDFRef) && !pageOf.has(v as PDFRef)) pageOf.set(v as PDFRef, i + 1);
          const x = resolve(doc, v);
          if (key === 'XObject' && depth < 2 && x && 'dict' in x) look((x as unknown as { dict: PDFDict }).dict.get(PDFName.of('Resources')), depth + 1);
        }
      }
    };
    look(res, 0);
  }
  return list.map((x) => {
    const page = pageOf.get(x.owner) ?? 1;
    const where = pageOf.has(x.owner) ? '' : ' (no page found naming it)';
    return {
      page,
      annot: x.label,
      subtype: x.kind === 'pattern' ? 'Pattern' : 'Type3',
      key: x.label,
      role: 'body' as const,
      why: x.kind === 'pattern' ? `text drawn in the cell of tiling pattern ${x.label}${where}` : `text drawn by the procedure of Type3 font ${x.label}${where}`,
      stream: x.stream,
      partId: `page-${page}:${x.kind === 'pattern' ? 'pattern' : 'type3'}:${x.label.replace(/ /g, '-')}`,
      ...(x.resources ?? resourcesOf.get(page) ? { resources: x.resources ?? resourcesOf.get(page) } : {}),
      shownBytes: x.shownBytes,
      unbounded: true,
    };
  });
}

/**
 * One walk over every dictionary of the file (pdf-lib's objects, inline dictionaries included)
 * serves the checks that look at objects wherever they hang: embedded files, scripts, content
 * streams pdf.js does not read as text, text it does not hand over, and names damaged by one letter. A check that throws stops
 * alone; what it had not seen is reported by its own caller.
 */
function walkObjects(state: DocState): { files?: FoundFile[] | { error: unknown }; scripts?: FoundScripts | { error: unknown } } {
  const raw = state.raw;
  if (!raw.ok) return {};
  const doc = raw.doc;
  const files = embeddedFileVisitor(doc);
  const scripts = scriptVisitor(doc);
  const content = unreadContentVisitor(state);
  const text = rawTextVisitor(state);
  const names = damagedNameVisitor(doc);
  const privateData = privateDataVisitor(state);
  const failed: Array<unknown> = [undefined, undefined, undefined, undefined, undefined, undefined];
  const visitors: DictVisitor[] = [files.visit, raw.encrypted ? () => {} : scripts.visit, content.visit, text.visit, names.visit, privateData.visit];
  let complete = true;
  try {
    complete = forEachDict(doc, (dict, owner, stream) => {
      for (let i = 0; i < visitors.length; i++) {
        if (failed[i] !== undefined) continue;
        try {
          visitors[i](dict, owner, stream);
        } catch (err) {
          failed[i] = err ?? new Error('unknown error');
        }
      }
    });
  } catch (err) {
    for (let i = 0; i < failed.length; i++) failed[i] ??= err;
  }
  if (!complete) {
    state.out.loss!.push({ where: 'objects', kind: 'unreadable-object', count: 1, detail: 'The file has more objects than are walked for embedded files, scripts, text drawn outside the page content and damaged names; the rest were not checked.' });
  }
  content.finish(failed[2]);
  text.finish();
  privateData.finish(failed[5]);
  addDamagedNameLoss(state, failed[4] !== undefined ? { error: failed[4] } : names.result());
  if (failed[3] !== undefined) state.out.loss!.push({ where: 'annotations', kind: 'unreadable-object', count: 1, detail: `Rich text and field values written as streams could not be read: ${message(failed[3])}` });
  return {
    files: failed[0] !== undefined ? { error: failed[0] } : files.result(),
    scripts: raw.encrypted ? undefined : failed[1] !== undefined ? { error: failed[1] } : scripts.result(),
  };
}
