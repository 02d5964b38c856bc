import { availableParallelism } from 'node:os';
import { createWorker, OEM, type Worker as TessWorker } from 'tesseract.js';
import { DEFAULT_LIMITS, type Box, type ImageRef, type OcrEngine, type OcrOutcome, type PartOrigin, type TextPart, type UnreadItem } from '@prepub/core';
import { decodePages, ImageDecodeError, type GreyPage } from './decode.ts';
import { DEFAULT_PREPROCESS, prepare, toOriginal, type PreprocessOptions, type Prepared, type QuarterTurn } from './preprocess.ts';
import { buildText, linesOf, type RawLine } from './layout.ts';
import { prepareLangPath } from './langdata.ts';
import { PoolError, WorkerPool } from './pool.ts';

/** Options for {@link createOcrEngine}. */
export interface OcrEngineOptions {
  /** Parallel tesseract workers. Default: min(available cores, 4). */
  workers?: number;
  /** Time budget for one image page, all orientation attempts included. Default 30 s. */
  pageTimeoutMs?: number;
  /**
   * Tesseract languages; each needs an installed `@tesseract.js-data/<lang>` package. Default
   * `['chi_sim']`: its character set includes Latin letters and digits, and adding `eng` read the
   * Chinese markings of the samples worse (机密★5年 as "HE HK SE"), see {@link DEFAULT_LANGS}.
   */
  langs?: string[];
  /** Folder for the combined language data. Default: `<os tmpdir>/prepub-tessdata/4.0.0_best_int`. */
  cacheDir?: string;
  /** Most pages read from one multi-page image; the rest are reported unread. Default {@link DEFAULT_LIMITS}.maxPages. */
  maxPages?: number;
  /** Lines in the top quarter of a page read below this confidence (0..100) are reported unread. Default 60. */
  lowConfidence?: number;
  /** Try quarter turns when a page reads poorly upright (sideways and upside-down scans). Default true. */
  orientation?: boolean;
  /** Preprocessing switches (measured defaults). */
  preprocess?: Partial<PreprocessOptions>;
  /** Tesseract page segmentation mode. Default '3' (automatic layout), which read the samples best (see bench/ocr.bench.ts). */
  pageSegMode?: string;
}

/** An {@link OcrEngine} with a little introspection for tests and benchmarks. */
export interface PrepubOcrEngine extends OcrEngine {
  /** Number of pool workers. */
  readonly workers: number;
  /** Workers started so far, restarts after a timeout or crash included. */
  readonly workersStarted: number;
}

/**
 * Default recognition languages. `chi_sim+eng` used to be the default, but in the tesseract.js 7
 * build the `tessedit_load_sublangs chi_sim_vert` line of chi_sim's config garbles the name of the
 * next language: `eng` was never loaded ("Failed loading language '玂'" on stderr) and every reading
 * was in fact chi_sim alone. Loading eng for real (sub-languages cleared) lowered mean character
 * accuracy on samples/images from 0.901 to 0.891 and misread the markings, so chi_sim alone it is.
 */
export const DEFAULT_LANGS: readonly string[] = Object.freeze(['chi_sim']);

/** Fraction of the page height counted as "the top", where markings stand. */
const TOP_AREA = 0.25;
/** A page whose upright reading scores below this is tried in the other orientations. */
const ORIENTATION_RETRY_BELOW = 70;

interface PageReading {
  prepared: Prepared;
  lines: RawLine[];
  score: number;
}

/**
 * Creates an offline OCR engine: tesseract.js workers with the Chinese and English LSTM data shipped
 * in npm packages, no network at any point. Workers start on the first image and are reused until
 * {@link OcrEngine.close}.
 */
export function createOcrEngine(options: OcrEngineOptions = {}): PrepubOcrEngine {
  const langs = [...(options.langs ?? DEFAULT_LANGS)];
  const size = Math.max(1, Math.floor(options.workers ?? Math.min(availableParallelism(), 4)));
  const pageTimeoutMs = options.pageTimeoutMs ?? DEFAULT_LIMITS.pageTimeoutMs;
  const maxPages = options.maxPages ?? DEFAULT_LIMITS.maxPages;
  const lowConfidence = options.lowConfidence ?? 60;
  const orientation = options.orientation ?? true;
  const pre: PreprocessOptions = { ...DEFAULT_PREPROCESS, ...options.preprocess };
  const psm = options.pageSegMode ?? '3';
  let langPath: string | undefined;

  const factory = async (): Promise<TessWorker> => {
    langPath ??= prepareLangPath(langs, options.cacheDir);
    let loadError: unknown;
    // Clearing sub-languages (chi_sim asks for chi_sim_vert, which is not shipped) makes every
    // language asked for actually load; see DEFAULT_LANGS. Init-time parameters go in the config.
    const config = (langs.length > 1 ? { tessedit_load_sublangs: '' } : {}) as Record<string, string>;
    const worker = await createWorker(langs, OEM.LSTM_ONLY, {
      langPath,
      gzip: true,
      cacheMethod: 'none',
      // Without a handler tesseract.js rethrows worker errors from an event callback, which would crash the process.
      errorHandler: (err: unknown) => {
        loadError = err;
      },
      logger: () => undefined,
    }, config);
    if (loadError) throw new Error(String(loadError));
    // preserve_interword_spaces keeps tesseract from inventing spaces between Chinese characters.
    // debug_file: tesseract's diagnostics ("Estimating resolution as …") go to the worker's virtual
    // /dev/null instead of the host's stderr; failures still arrive as rejected jobs.
    await worker.setParameters({ tessedit_pageseg_mode: psm as never, preserve_interword_spaces: '1', debug_file: '/dev/null' } as never);
    return worker;
  };
  const pool = new WorkerPool(size, factory, 120_000);

  async function read(page: GreyPage, rotation: QuarterTurn, clock: { budgetMs: number; deadline?: number }, signal?: AbortSignal): Promise<PageReading> {
    const prepared = await prepare(page, rotation, pre);
    // The budget runs from the first recognition: decoding and preprocessing are bounded by the pixel limit.
    clock.deadline ??= Date.now() + clock.budgetMs;
    const remaining = clock.deadline - Date.now();
    if (remaining <= 0) throw new PoolError('timeout', `OCR of the page took longer than ${clock.budgetMs} ms`);
    const result = await pool.run((w) => w.recognize(prepared.pgm, {}, { text: false, blocks: true }), remaining, signal);
    const lines = linesOf(result.data.blocks as never);
    return { prepared, lines, score: readingScore(lines) };
  }

  async function readPage(page: GreyPage, budgetMs: number, signal?: AbortSignal): Promise<PageReading> {
    const clock: { budgetMs: number; deadline?: number } = { budgetMs };
    let best = await read(page, 0, clock, signal);
    // Nothing at all (a blank page) needs no other orientation; a good upright reading neither.
    if (!orientation || best.lines.length === 0 || best.score >= ORIENTATION_RETRY_BELOW) return best;
    for (const rot of [180, 90, 270] as const) {
      const r = await read(page, rot, clock, signal);
      if (r.score > best.score) best = r;
      if (best.score >= ORIENTATION_RETRY_BELOW) break;
    }
    return best;
  }

  async function recognize(image: ImageRef, opts: { signal?: AbortSignal; timeoutMs?: number } = {}): Promise<OcrOutcome> {
    const parts: TextPart[] = [];
    const unread: UnreadItem[] = [];
    const budget = opts.timeoutMs ?? pageTimeoutMs;
    let pages: GreyPage[];
    try {
      pages = (await decodePages(image.bytes)).pages;
    } catch (err) {
      const detail = err instanceof ImageDecodeError ? err.message : `the image could not be decoded: ${(err as Error).message}`;
      unread.push({ where: image.id, reason: 'ocr-failed', detail: `OCR could not read this picture: ${detail}.`, origin: image.origin });
      return { parts, unread };
    }
    const multi = pages.length > 1;
    for (const page of pages) {
      const pageNo = multi ? page.page : image.origin.page;
      const where = multi ? `${image.id} page ${page.page}` : image.id;
      const origin: PartOrigin = { ...image.origin, ...(pageNo !== undefined ? { page: pageNo } : {}) };
      if (page.page > maxPages) {
        unread.push({ where, reason: 'limit', detail: `Page ${page.page} of the picture was not read: more than ${maxPages} pages.`, origin });
        continue;
      }
      let reading: PageReading;
      try {
        reading = await readPage(page, budget, opts.signal);
      } catch (err) {
        const e = err instanceof PoolError ? err : new PoolError('ocr-failed', (err as Error).message);
        const detail =
          e.reason === 'timeout' ? `OCR of this picture did not finish within ${budget} ms.`
          : e.reason === 'aborted' ? 'OCR of this picture was cancelled.'
          : `OCR of this picture failed: ${e.message}.`;
        unread.push({ where, reason: e.reason, detail, origin });
        continue;
      }
      const p = reading.prepared;
      const built = buildText(reading.lines, (x0, y0, x1, y1) => toOriginal(p, x0, y0, x1, y1), p.height, image.pointsPerPixel, image.pointsOffset);
      const k = image.pointsPerPixel ?? 1;
      const wholeBox: Box = origin.box ?? { x: 0, y: 0, width: page.width * k, height: page.height * k, unit: image.pointsPerPixel ? 'pt' : 'px' };
      const part: TextPart = {
        id: multi ? `ocr:${image.id}:p${page.page}` : `ocr:${image.id}`,
        role: 'ocr',
        text: built.text,
        origin: { ...origin, box: wholeBox },
        blocks: built.blocks.map((b) => (pageNo !== undefined ? { ...b, page: pageNo } : b)),
        ...(built.confidence !== undefined ? { confidence: built.confidence } : {}),
      };
      parts.push(part);
      for (const b of built.blocks) {
        if ((b.pageTop ?? 1) >= TOP_AREA || (b.confidence ?? 0) >= lowConfidence) continue;
        const excerpt = built.text.slice(b.start, b.end);
        unread.push({
          where: `${where} line ${b.index}`,
          reason: 'ocr-low-confidence',
          detail: `OCR read line ${b.index} near the top of the page ("${excerpt.length > 40 ? excerpt.slice(0, 40) + '…' : excerpt}") with only ${b.confidence}% confidence; a marking there may be misread. Box ${fmtBox(b.box)}.`,
          origin: { ...origin, ...(b.box ? { box: b.box } : {}) },
        });
      }
    }
    return { parts, unread };
  }

  return {
    recognize,
    close: () => pool.close(),
    get workers() {
      return size;
    },
    get workersStarted() {
      return pool.started;
    },
  };
}

/** Confidence of a reading, weighted by characters: long confident lines count more than specks. */
export function readingScore(lines: RawLine[]): number {
  let chars = 0;
  let sum = 0;
  for (const l of lines) {
    for (const w of l.words) {
      const n = w.text.replace(/\s+/g, '').length;
      chars += n;
      sum += n * w.confidence;
    }
  }
  return chars > 0 ? sum / chars : 0;
}

function fmtBox(b?: Box): string {
  return b ? `x=${b.x} y=${b.y} w=${b.width} h=${b.height} ${b.unit}` : '(none)';
}
