/**
 * One file's bytes → sniffed format → extractor → {@link Extraction}. This is the part of a scan that
 * runs untrusted parsers (pdf.js, the DOCX reader, decoders), so the scanner runs it in a worker
 * thread (see pool.ts) or, with `isolation: false`, here in the calling thread. Everything that
 * crosses a thread boundary is plain data (structured clone).
 */
import { enforceTextLimit, type AnalyzeOutcome, type EmbeddedFile, type ExtractContext, type Extraction, type ReadProgress, type Extractor, type Limits, type Loss, type TextPart, type UnitMemory } from '@prepub/core';
import { sniffFormat, type Sniffed } from '@prepub/extractors/sniff';
import { imageMetadataPart } from '@prepub/extractors/image-text';
import { FORMATS, formatByName } from './formats.ts';
import { fileNamePart } from './file-name.ts';

/** What one file is read with, besides its bytes. */
export interface ExtractRequest {
  filename?: string;
  mediaType?: string;
  password?: string;
  limits: Limits;
  /**
   * Whether pages and pictures that need OCR are rendered (default true). A scanner without OCR
   * passes false: such pages are reported unread by the reader itself, without drawing them
   * (drawing a 300 dpi page takes ~35 MB of canvas memory and ~0.3 s, for an image nobody reads).
   */
  render?: boolean;
  /**
   * Memory the text is decoded into (see `ExtractContext.unitMemory`): only for a caller that
   * is done with the parts before it reuses the memory. Not plain data: never sent to a worker.
   */
  unitMemory?: UnitMemory;
  /**
   * Where the reader says which step it is at and keeps the pages it read (see progress.ts), for
   * the pool to stop a step that runs too long. Not plain data: made in the worker, never sent.
   */
  progress?: ReadProgress;
}

/** A part's place and size without its text: all the coverage lists of a part checked where it was read. */
export type PartSummary = Pick<TextPart, 'id' | 'role' | 'origin'> & { chars: number };

/**
 * What reading one file gave. `image` hands the bytes back: pictures are OCRed by the scanner.
 * `checked` is `extracted` with the text already checked by the detectors in the worker that read
 * it (see `ExtractTask.check`): the text itself does not come back, only what the report needs.
 */
export type ExtractOutcome =
  | { kind: 'empty'; sniffed: Sniffed }
  | {
      kind: 'checked';
      sniffed: Sniffed;
      extraction: Omit<Extraction, 'parts'> & { parts: PartSummary[] };
      /** `textQualityLoss` of each part that has one, in part order. */
      quality: Loss[];
      analysis: AnalyzeOutcome;
    }
  | {
      kind: 'image';
      sniffed: Sniffed;
      bytes: Uint8Array;
      /** The picture file's own text fields (EXIF, XMP, IPTC, PNG text chunks, comments). */
      metadata?: TextPart;
      /** What of the picture file's metadata was met and not read. */
      loss?: Loss[];
      /** Files stored after the end of the picture (a PNG after a JPEG's EOI): each scanned as a file of its own. */
      embedded?: EmbeddedFile[];
    }
  | { kind: 'unsupported'; sniffed: Sniffed; detail: string }
  | { kind: 'extracted'; sniffed: Sniffed; extraction: Extraction }
  | {
      kind: 'failed';
      sniffed: Sniffed;
      timedOut: boolean;
      aborted: boolean;
      message: string;
      /** The reader had not returned when its time ran out: it may still be running in this thread. */
      abandoned: boolean;
    };

const UNSUPPORTED: Record<string, string> = {
  ole: 'an OLE compound file: a legacy .doc/.xls or an encrypted Office document, which prepub cannot read',
  rtf: 'an RTF document, which prepub cannot read yet',
  binary: 'binary data of an unknown format',
  '7z': 'a 7z archive, which prepub cannot open: none of its entries were read',
  rar: 'a RAR archive, which prepub cannot open: none of its entries were read',
};

/** Readers loaded so far in this thread, by format and whether they render. */
const extractors = new Map<string, Extractor>();

async function getExtractor(format: string, render = true): Promise<Extractor | undefined> {
  const key = render ? format : `${format}:no-render`;
  const have = extractors.get(key);
  if (have) return have;
  const declared = formatByName(format);
  if (!declared) return undefined;
  try {
    const ex = await declared.load({ render });
    extractors.set(key, ex);
    return ex;
  } catch {
    return undefined;
  }
}

/** Loads the extractor of `format` now (a worker does this at start so its first file pays nothing). */
export async function preloadExtractor(format: string): Promise<void> {
  await getExtractor(format);
}

/**
 * The file's time budget: aborts with a `TimeoutError` after `ms`, or when `outer` aborts. `done()`
 * must be called when the read is over. `AbortSignal.timeout` is not used: Node holds a timeout signal
 * that has an 'abort' listener strongly until its timer fires, and with it whatever the listeners
 * reach (the read's whole outcome) for `fileTimeoutMs` after every file.
 */
function fileBudget(ms: number, outer?: AbortSignal): { signal: AbortSignal; done: () => void } {
  const control = new AbortController();
  const timer = setTimeout(() => control.abort(new DOMException(`the read took longer than ${ms} ms`, 'TimeoutError')), ms);
  const onOuter = (): void => control.abort(outer!.reason);
  if (outer?.aborted) onOuter();
  else outer?.addEventListener('abort', onOuter, { once: true });
  return {
    signal: control.signal,
    done: () => {
      clearTimeout(timer);
      outer?.removeEventListener('abort', onOuter);
    },
  };
}

/** What a reader is given: the request's context (the progress only when there is one to report to). */
function readerContext(req: ExtractRequest, signal: AbortSignal): ExtractContext {
  const ctx: ExtractContext = { filename: req.filename, mediaType: req.mediaType, limits: req.limits, signal, password: req.password, unitMemory: req.unitMemory };
  if (req.progress) ctx.progress = req.progress;
  return ctx;
}

/**
 * Sniffs and extracts one file. Never throws for anything the file does: an extractor's failure or
 * timeout is an outcome. `signal` is the caller's cancellation; the time budget is `limits.fileTimeoutMs`,
 * honoured cooperatively here (a reader that never yields is stopped by the pool instead).
 */
export async function extractFile(bytes: Uint8Array, req: ExtractRequest, signal?: AbortSignal): Promise<ExtractOutcome> {
  const sniffed = sniffFormat(bytes, req.filename, FORMATS);
  if (sniffed.format === 'empty') return { kind: 'empty', sniffed };
  if (sniffed.format === 'image') {
    const m = imageMetadataPart(bytes);
    return {
      kind: 'image',
      sniffed,
      bytes,
      ...(m.part ? { metadata: m.part } : {}),
      ...(m.loss.length ? { loss: m.loss } : {}),
      ...(m.embedded.length ? { embedded: m.embedded.map((e) => e.file) } : {}),
    };
  }
  // OLE files are legacy .doc or encrypted OOXML: the DOCX reader tells which and says so.
  const extractor = await getExtractor(sniffed.format === 'ole' ? 'docx' : sniffed.format, req.render !== false);
  if (!extractor) {
    const what = UNSUPPORTED[sniffed.format] ?? `a ${sniffed.format} file, which this installation cannot read`;
    return { kind: 'unsupported', sniffed, detail: `not read: ${what}` };
  }
  const { signal: budget, done } = fileBudget(req.limits.fileTimeoutMs, signal);
  let returned = false;
  let onBudget: (() => void) | undefined;
  try {
    const extraction = await Promise.race([
      extractor.extract(bytes, readerContext(req, budget)).finally(() => (returned = true)),
      new Promise<never>((_, reject) => {
        onBudget = () => reject(budget.reason ?? new Error('aborted'));
        if (budget.aborted) onBudget();
        else budget.addEventListener('abort', onBudget, { once: true });
      }),
    ]);
    enforceTextLimit(extraction, req.limits.maxTextChars);
    const named = fileNamePart(req.filename);
    if (named && !extraction.parts.some((p) => p.id === named.id)) extraction.parts.push(named);
    return { kind: 'extracted', sniffed, extraction };
  } catch (e) {
    const err = e as Error;
    return { kind: 'failed', sniffed, timedOut: err?.name === 'TimeoutError', aborted: signal?.aborted === true, message: err?.message ?? String(e), abandoned: !returned };
  } finally {
    done();
    if (onBudget) budget.removeEventListener('abort', onBudget);
  }
}

export { enforceTextLimit };
