import { availableParallelism } from 'node:os';
import { createWorker, OEM, type Worker as TessWorker } from 'tesseract.js';
import { DEFAULT_LIMITS, type Block, type Box, type ImageRef, type Loss, type OcrEngine, type OcrOutcome, type PartOrigin, type TextPart, type UnreadItem } from '@prepub/core';
import { findBandInk, type BandInk } from './band.ts';
import { ImageDecodeError, openImage, type GreyPage, type OpenedImage } from './decode.ts';
import { estimateSkew, inkNotCovered, INK_CONTRAST, INK_MIN_SHARE, measureInk, measureInkAt, regionsToRead, type InkMeasure, type InkRegion } from './ink.ts';
import { DEFAULT_PREPROCESS, mostlyDark, prepare, toOriginal, type PreprocessOptions, type Prepared, type QuarterTurn } from './preprocess.ts';
import { buildText, joinBuilt, linesOf, type BuiltText, type RawLine } from './layout.ts';
import { prepareLangPath } from './langdata.ts';
import { PoolError, WorkerPool } from './pool.ts';
import { cropRows, cutByOverlap, cutTile, tilesOf } from './tiles.ts';
import { colourGrounds, groundToBlack } from './colour-ground.ts';

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
  /** Most pages read from one multi-page image (TIFF); the rest are reported unread, and not decoded. Default {@link DEFAULT_LIMITS}.maxPages. */
  maxPages?: number;
  /** Most frames read from one animation (GIF, WebP, APNG); the rest are reported unread (`skipped-frames`), and not decoded. Default {@link DEFAULT_MAX_FRAMES}. */
  maxFrames?: number;
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

/**
 * Frames read from an animation by default. Each frame costs a recognition (1–2 s); a sticker or
 * banner of a few dozen frames is read whole, a long clip is reported as not read completely.
 */
export const DEFAULT_MAX_FRAMES = 30;

/** A reading has readable text when at least this many characters were read with {@link READABLE_CONFIDENCE}. */
const MIN_READABLE_CHARS = 2;
/** Word confidence (0..100) from which a word's characters count as read. */
const READABLE_CONFIDENCE = 60;
/** A skew below this (degrees) is left to tesseract, which reads text a few degrees off level. */
const MIN_DESKEW = 1.5;
/**
 * A skew from which a page is levelled and read again even when its reading scored well: at 5° a
 * notice read at 70-90% confidence had lost its marking line altogether; up to 3° tesseract reads
 * the samples' scans whole (samples/images/notice-marked-skew3.png).
 */
const CLEAR_SKEW = 4;

/** Fraction of the page height counted as "the top", where markings stand. */
const TOP_AREA = 0.25;
/**
 * Where a page read stands on its picture: a piece of a long picture (see {@link tilesOf}) starts
 * `y` pixels down a picture `height` tall; a whole page at 0, its own height.
 */
interface Frame {
  y: number;
  height: number;
}

/** The share of a page `pageHeight` tall, placed by `frame`, that lies within the top `share` of its picture (0 to 1). */
function topOf(frame: Frame, pageHeight: number, share: number): number {
  return Math.max(0, Math.min(1, (share * frame.height - frame.y) / pageHeight));
}

/** `f` called once; later calls share its promise. */
/** The share of box `a`'s area that box `b` covers. */
function overlapShare(a: { x: number; y: number; width: number; height: number }, b: { x: number; y: number; width: number; height: number }): number {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return w > 0 && h > 0 ? (w * h) / Math.max(1, a.width * a.height) : 0;
}

function once<T>(f: () => Promise<T>): () => Promise<T> {
  let p: Promise<T> | undefined;
  return () => (p ??= f());
}

/** A page whose upright reading scores below this is tried in the other orientations. */
const ORIENTATION_RETRY_BELOW = 70;

interface PageReading {
  prepared: Prepared;
  lines: RawLine[];
  score: number;
  /** Characters read with at least {@link READABLE_CONFIDENCE}. */
  readable: number;
}

/** A region of a page (pixels) read on its own, see {@link inkNotCovered}. */
interface LeftoverReading {
  reading: PageReading;
  /** Which region of the page (1-based: those near the top first, then the most ink); a region may be read twice. */
  region: number;
  /** Read from the picture's red channel (see {@link GreyPage.red}) or its darkest channel (a light colour ground, see {@link colourGrounds}) instead of its grey. */
  channel?: 'red' | 'darkest';
  /** A region of faint ink only (see {@link FAINT_CONTRAST}). */
  faint?: boolean;
  x: number;
  y: number;
  width: number;
  height: number;
}

/** A pixel whose red exceeds its grey by this much is red ink (a seal's red is ~120 above its grey). */
const RED_INK = 60;
/** Share of a region's pixels in red ink from which it is read from the red channel too. */
const RED_INK_SHARE = 0.003;

/** Contrast (of 255) from which a pixel is ink when looking for pale print a reading left, below the blank judgement's (ink.ts INK_CONTRAST), which must not see grain. */
const LEFTOVER_CONTRAST = 36;
/**
 * Contrast from which a pixel is faint ink: a marking printed like a watermark at the top of a
 * white page (#d9d9d9 differs from the paper by ~30 after anti-aliasing and the neighbourhood
 * mean, #e6e6e6 by ~20), which the page's reading drops and {@link LEFTOVER_CONTRAST} does not see.
 * Grain, JPEG noise and light backgrounds make such ink too, in specks and smears: only the top of
 * the page is looked at, where markings stand, and only regions of {@link FAINT_MIN_INK} that meet
 * no ink of higher contrast.
 */
const FAINT_CONTRAST = 14;
/**
 * Least faint ink (pixels of the small copy) of a region read for it: a faint 机密 at 16 pt on an A4
 * page makes ~250. Measured on samples/images, the OCR fixtures and 60 pictures of peer projects
 * (Tika, ofdrw, python-docx, python-pptx): faint regions of text pages and graphics stayed under
 * 130, only photos (a portrait, a scanned photo) made more, and photos read as pictures anyway.
 */
const FAINT_MIN_INK = 200;
/** Share of the page's height faint ink is measured in: the top, and room for a line that starts there to end. */
const FAINT_LOOK = 0.3;

/**
 * Band ink (see {@link findBandInk}: strokes in lines at an angle of their own, or one long line)
 * read as nothing or poorly is reported unread from this share of the page, and lines this tall:
 * large letters. (A row-profile contrast of 2.5 was asked for too; a watermark turned 90° on a
 * landscape page, its lines' angle found at -77.5°, showed 2.2 and passed, read as 民 妈洁 #备大 at 7%.)
 */
const BAND_UNREAD_SHARE = 0.01;
/** Share of the page's longer side: body text is ~1.7%, a watermark's letters 4-15%. */
const BAND_UNREAD_LETTER = 0.02;

/**
 * Height (pixels of the picture read) a watermark's letters are brought to. The samples' body text
 * reads at 30-60 px; the watermark of marked-watermark.png read at ~118 px (chooseScale's size for
 * its picture) and reads at 64; a single 机密 a sixth of the page tall came out at ~350 px.
 */
const BAND_LETTER_PX = 64;
/**
 * Page segmentation mode a band's picture is read in: '6', one block of text. In the automatic
 * layout ('3') a single 机密 levelled in the middle of its picture read as nothing at 60 and at
 * 120 px (the layout found no text block), '6' read 机密 or 机窗; the lines of the repeated
 * watermarks of the fixtures read the same in both.
 */
const BAND_PAGE_SEG_MODE = '6';
/**
 * Page segmentation mode a picture the automatic layout read nothing in is read in once more: one
 * block of text. A 12000 × 300 banner (one line of 150 px letters) read as nothing in mode '3' at
 * 1, 0.5, 0.25 and 0.21 of its size (read at 0.35), in '6' at every one of them (70–84%).
 */
const BLOCK_PAGE_SEG_MODE = '6';
/**
 * Characters read with confidence from which a poor reading is read again as one block: text the
 * layout cut up (a piece of a register, its cells read as lines running down, read ~300 such
 * characters). A photo reads as a few confident specks at most, and a block reading of it is
 * garbage too.
 */
const BLOCK_RETRY_READABLE = 10;
/**
 * A picture read as nothing (or as specks) is read as one block when it is at least this many
 * times longer than wide: a strip, where the automatic layout finds no block. Photos read as
 * nothing gained nothing from it: 60 peer pictures (17 photos) took 78 s of CPU with every such
 * picture read as a block, 50 s with strips only, 49 s before block readings.
 */
const BLOCK_STRIP_ASPECT = 3;
/** Bounds of the scale a band's picture is read at. */
const BAND_MIN_SCALE = 0.25;
const BAND_MAX_SCALE = 3;

/**
 * A level of secrecy (or 内部) among a band's words, or in a short line (see {@link LEVEL_LINE_MAX}):
 * a line holding one read at a low confidence is unread, wherever it stands.
 */
const LEVEL_WORD = /[绝機机秘]密|内部/;
/** Most characters (spaces left out) of a line a level word read poorly in is unread for: a marking's line, with 份号 or 特急 beside it. */
const LEVEL_LINE_MAX = 16;

/** Regions of ink left without a word that are read again on a page, those near the top first, then the most ink: each costs a recognition of its size. */
const MAX_LEFTOVER_REGIONS = 4;

/** The best reading of a page, and when it holds no readable text although the page has ink, what was measured and tried. */
interface PageResult {
  best: PageReading;
  /** The page's ink, when it was measured. */
  ink?: InkMeasure;
  /** Regions of ink the reading left without a word, each read on its own. */
  leftover?: LeftoverReading[];
  /** Such regions near the top of the page past {@link MAX_LEFTOVER_REGIONS}: not read. */
  leftoverSkipped?: InkRegion[];
  /** Faint grey ink in lines at an angle of their own (a watermark), and its levelled reading. */
  band?: { ink: BandInk; reading: PageReading };
  empty?: { ink: number; skew: number; attempts: string[] };
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
  const maxFrames = options.maxFrames ?? DEFAULT_MAX_FRAMES;
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

  /**
   * Reads a page: prepared (turned a quarter turn, levelled by `skew`, scaled by `scale` or by its
   * size), recognized in page segmentation mode `mode` (default the engine's).
   */
  async function read(page: GreyPage, rotation: QuarterTurn, clock: { budgetMs: number; deadline?: number }, signal?: AbortSignal, skew = 0, scale?: number, mode?: string): Promise<PageReading> {
    const prepared = await prepare(page, rotation, pre, skew, scale);
    // The budget runs from the first recognition: decoding and preprocessing are bounded by the pixel limit.
    clock.deadline ??= Date.now() + clock.budgetMs;
    const remaining = clock.deadline - Date.now();
    if (remaining <= 0) throw new PoolError('timeout', `OCR of the page took longer than ${clock.budgetMs} ms`);
    const recognize = (w: TessWorker) => w.recognize(prepared.pgm, {}, { text: false, blocks: true });
    const result = await pool.run(
      !mode || mode === psm
        ? recognize
        : async (w) => {
            // Another mode for this recognition only; the worker is left in the engine's.
            await w.setParameters({ tessedit_pageseg_mode: mode as never });
            try {
              return await recognize(w);
            } finally {
              await w.setParameters({ tessedit_pageseg_mode: psm as never });
            }
          },
      remaining,
      signal,
    );
    const lines = linesOf(result.data.blocks as never);
    return { prepared, lines, score: readingScore(lines), readable: readableChars(lines) };
  }

  /**
   * Reads again, each on its own, the regions of ink the page's reading left without a word (see
   * {@link inkNotCovered}): cut out, a region's contrast is stretched on its own grey levels, so
   * grey print beside black text reads black, and its lines are found without the page's layout.
   */
  async function readLeftover(page: GreyPage, frame: Frame, reading: PageReading, ink: InkMeasure, pale: InkMeasure, faint: InkMeasure, clock: { budgetMs: number; deadline?: number }, signal?: AbortSignal): Promise<{ read: LeftoverReading[]; skipped: InkRegion[] }> {
    const topShare = topOf(frame, page.height, TOP_AREA);
    const words: Array<{ x: number; y: number; width: number; height: number }> = [];
    for (const l of reading.lines) for (const w of l.words) if (w.text.trim()) words.push(toOriginal(reading.prepared, w.bbox.x0, w.bbox.y0, w.bbox.x1, w.bbox.y1));
    const regions = inkNotCovered(ink, words, page.width, page.height);
    // Then pale print (a light grey marking) the ink at the usual contrast does not see: regions of
    // ink down to a lower contrast that touch none of those (at the lower contrast the halos of
    // the print read run together into large regions of their own).
    const meets = (a: InkRegion, b: InkRegion): boolean => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
    for (const r of inkNotCovered(pale, words, page.width, page.height)) if (!regions.some((o) => meets(o, r))) regions.push(r);
    // Then faint print at the top (see FAINT_CONTRAST), read with its contrast stretched on its own
    // grey levels (prepare): ink no reading counted could not be called unread either.
    const faintRegions = new Set<InkRegion>();
    const strong = [...regions, ...inkNotCovered(pale, [], page.width, page.height)];
    for (const r of inkNotCovered(faint, words, page.width, page.height)) {
      if (r.ink < FAINT_MIN_INK || r.y / page.height >= topShare || strong.some((o) => meets(o, r))) continue;
      regions.push(r);
      faintRegions.add(r);
    }
    const plan = regionsToRead(regions, page.height, MAX_LEFTOVER_REGIONS, topShare);
    const out: LeftoverReading[] = [];
    let red: Buffer | undefined;
    for (const [region, r] of plan.read.entries()) {
      // A margin of white around the ink (OCR finds no line whose strokes touch the edge), not so
      // wide that it takes in the lines around, which the page's reading has read.
      const m = Math.max(8, Math.min(Math.round(r.height * 0.5), Math.round(Math.max(page.width, page.height) * 0.01)));
      const x = Math.max(0, r.x - m);
      const y = Math.max(0, r.y - m);
      const width = Math.min(page.width, r.x + r.width + m) - x;
      const height = Math.min(page.height, r.y + r.height + m) - y;
      const crop = (from: Buffer): Buffer => cropRows(from, page.width, { x, y, width, height });
      const grey = crop(page.data);
      out.push({ reading: await read({ page: page.page, width, height, data: grey }, 0, clock, signal), x, y, width, height, region: region + 1, ...(faintRegions.has(r) ? { faint: true } : {}) });
      if (!page.red) continue;
      // Red ink in the region (a seal over the print): read once more from the red channel, where
      // the seal is paper and the print under it stays.
      red ??= await page.red();
      const redCrop = crop(red);
      let reddish = 0;
      for (let i = 0; i < grey.length; i++) if (redCrop[i] - grey[i] >= RED_INK) reddish++;
      if (reddish < grey.length * RED_INK_SHARE) continue;
      out.push({ reading: await read({ page: page.page, width, height, data: redCrop }, 0, clock, signal), x, y, width, height, region: region + 1, channel: 'red' });
    }
    // Light colour grounds (a yellow band) with light letters on them: greyscale leaves the letters
    // a few grey levels above their ground, and the page's reading sees paper. Read from the darkest
    // channel, where the ground is dark and the letters white.
    if (page.darkest) {
      const darkest = await page.darkest();
      let k = plan.read.length;
      for (const g of colourGrounds(page.data, darkest, page.width, page.height, words)) {
        const ground: GreyPage = { page: page.page, width: g.width, height: g.height, data: groundToBlack(cropRows(darkest, page.width, g)) };
        let reading = await read(ground, 0, clock, signal);
        // A band is a thin strip, where the automatic layout may find no block: read as one block.
        if (reading.readable < MIN_READABLE_CHARS) {
          const block = await read(ground, 0, clock, signal, 0, undefined, BLOCK_PAGE_SEG_MODE);
          if (block.readable > reading.readable) reading = block;
        }
        out.push({ reading, ...g, region: ++k, channel: 'darkest' });
      }
    }
    return { read: out, skipped: plan.skipped };
  }

  /**
   * A watermark: grey ink in lines at an angle of their own (see {@link findBandInk}), read alone,
   * levelled, brought to a letter height the recognizer reads ({@link BAND_LETTER_PX}: a single 机密
   * across the page is a sixth of it tall) and read as one block of text ({@link BAND_PAGE_SEG_MODE}). Levelling
   * leaves the letters upright or upside down (a watermark turned 135° or 225°), so both are read
   * and the better taken; when neither reads, levelled the other way (the lines' angle is told
   * from their profile, which a turn of 90° can mistake), both ways up. Pages without such ink pay
   * a few passes over their pixels and no recognition; a page with it two to four recognitions of
   * the band's picture.
   */
  async function readBand(page: GreyPage, pageSkew: number, clock: { budgetMs: number; deadline?: number }, signal?: AbortSignal): Promise<{ ink: BandInk; reading: PageReading } | undefined> {
    const ink = findBandInk(page, pageSkew);
    if (!ink) return undefined;
    const picture: GreyPage = { page: page.page, width: ink.width, height: ink.height, data: ink.data };
    const letter = ink.lineHeight / ink.scale;
    const scale = Math.min(BAND_MAX_SCALE, Math.max(BAND_MIN_SCALE, BAND_LETTER_PX / Math.max(1, letter)));
    const other = ink.angle > 0 ? ink.angle - 90 : ink.angle + 90;
    let best: PageReading | undefined;
    for (const [angle, rot] of [[ink.angle, 0], [ink.angle, 180], [other, 0], [other, 180]] as const) {
      if (best && bandRead(best) && rot === 0) break;
      const r = await read(picture, rot, clock, signal, angle, scale, BAND_PAGE_SEG_MODE);
      if (!best || betterBand(r, best)) best = r;
    }
    return { ink, reading: best! };
  }

  /** Reads a page, or a piece of a long picture (see {@link tilesOf}): `frame` places it on the picture, for what stands at the top. */
  async function readPage(page: GreyPage, frame: Frame, budgetMs: number, signal?: AbortSignal): Promise<PageResult> {
    const clock: { budgetMs: number; deadline?: number } = { budgetMs };
    let best = await read(page, 0, clock, signal);
    const tried = new Set<string>(['0/0']);
    if (best.readable >= BLOCK_RETRY_READABLE && best.score < ORIENTATION_RETRY_BELOW) {
      // A poor reading may be the automatic layout's: a register's columns of cells, cut stumps of
      // letters, read as lines running down the page (a piece of a wide register: 63% and 16 of 44
      // lines under 60% in mode '3', 84% and none in '6').
      tried.add('block');
      const r = await read(page, 0, clock, signal, 0, undefined, BLOCK_PAGE_SEG_MODE);
      if (r.score > best.score && r.readable >= best.readable / 2) best = r;
    }
    // A poor upright reading is tried in the other orientations; a good one, or none at all, is not.
    if (orientation && best.lines.length > 0 && best.score < ORIENTATION_RETRY_BELOW) {
      for (const rot of [180, 90, 270] as const) {
        const r = await read(page, rot, clock, signal);
        tried.add(`${rot}/0`);
        if (r.score > best.score) best = r;
        if (best.score >= ORIENTATION_RETRY_BELOW) break;
      }
    }
    if (best.readable < MIN_READABLE_CHARS && !tried.has('block') && Math.max(page.width, page.height) >= BLOCK_STRIP_ASPECT * Math.min(page.width, page.height)) {
      // The automatic layout finds no block of text in a thin strip (a banner's one line read as
      // nothing at most sizes): the strip read as one block of text (see BLOCK_PAGE_SEG_MODE). Read
      // so, it goes on as any page read: its ink left without words is read too.
      tried.add('block');
      const r = await read(page, 0, clock, signal, 0, undefined, BLOCK_PAGE_SEG_MODE);
      if (r.readable > best.readable || (r.readable === best.readable && r.score > best.score)) best = r;
    }
    if (best.readable >= MIN_READABLE_CHARS) {
      // Lines a few degrees askew (a page fed crooked, a phone photo) come out as a few words of
      // the lines' ends, read poorly, and a marking at the top among what was lost: the page is
      // levelled and read again. A page read well is levelled only from a clear skew on.
      // Ink at the usual contrast (for the skew, and what the reading left) and down to pale print.
      // Pale and faint ink as marks of the print's sign: dark on a light page, light on a dark one.
      const print = mostlyDark(page.data) ? -1 : 1;
      const [ink, pale, faint] = await measureInkAt(page, [INK_CONTRAST, LEFTOVER_CONTRAST, FAINT_CONTRAST], [1, 1, topOf(frame, page.height, FAINT_LOOK)], [0, print, print]);
      const skew = estimateSkew(ink);
      if (Math.abs(skew) >= (best.score < ORIENTATION_RETRY_BELOW ? MIN_DESKEW : CLEAR_SKEW)) {
        const r = await read(page, best.prepared.rotation, clock, signal, skew);
        if (r.score > best.score && r.readable >= best.readable / 2) best = r;
      }
      const left = await readLeftover(page, frame, best, ink, pale, faint, clock, signal);
      const band = await readBand(page, skew, clock, signal);
      return { best, ink, leftover: left.read, leftoverSkipped: left.skipped, ...(band ? { band } : {}) };
    }
    // Nothing readable. A blank page is done; a page with ink is a page OCR failed on, so the text
    // may run askew or sideways: level it (projection profile) and try each quarter turn. Only
    // pages that failed pay for this.
    // Ink is measured on the picture and, when it has transparent pixels, on its transparency: a
    // picture whose content lives in its alpha channel is never blank, whatever it shows on paper.
    let ink = await measureInk(page);
    const alphaInk = page.alpha ? await measureInk({ ...page, data: page.alpha }) : undefined;
    if (alphaInk && alphaInk.share > ink.share) ink = alphaInk;
    if (ink.share < INK_MIN_SHARE) return { best };
    const skew = estimateSkew(ink);
    const level = Math.abs(skew) >= MIN_DESKEW ? skew : 0;
    if (page.alpha && alphaInk && alphaInk.share >= INK_MIN_SHARE) {
      // The transparency read as the picture: opaque marks dark on white.
      tried.add('alpha');
      const r = await read({ ...page, data: page.alpha, alpha: undefined }, 0, clock, signal, level);
      if (r.readable > best.readable || (r.readable === best.readable && r.score > best.score)) best = r;
      if (best.readable >= MIN_READABLE_CHARS) return { best };
    }
    if (orientation || level) {
      for (const rot of orientation ? ([0, 90, 180, 270] as const) : ([0] as const)) {
        const key = `${rot}/${level}`;
        if (tried.has(key)) continue;
        tried.add(key);
        const r = await read(page, rot, clock, signal, level);
        if (r.readable > best.readable || (r.readable === best.readable && r.score > best.score)) best = r;
        if (best.readable >= MIN_READABLE_CHARS && best.score >= ORIENTATION_RETRY_BELOW) break;
      }
    }
    if (best.readable >= MIN_READABLE_CHARS) return { best };
    return { best, empty: { ink: ink.share, skew, attempts: [...tried].map(describeAttempt) } };
  }

  async function recognize(image: ImageRef, opts: { signal?: AbortSignal; timeoutMs?: number } = {}): Promise<OcrOutcome> {
    const parts: TextPart[] = [];
    const unread: UnreadItem[] = [];
    const loss: Loss[] = [];
    const budget = opts.timeoutMs ?? pageTimeoutMs;
    const failed = (err: unknown, where = image.id, origin = image.origin) => {
      const detail = err instanceof ImageDecodeError ? err.message : `the image could not be decoded: ${(err as Error).message}`;
      unread.push({ where, reason: 'ocr-failed', detail: `OCR could not read this picture: ${detail}.`, origin });
    };
    let img: OpenedImage;
    try {
      img = await openImage(image.bytes, { maxFrames });
    } catch (err) {
      failed(err);
      return { parts, unread };
    }
    // A drawing rasterised for OCR (SVG) has its boxes given in its own units (px), as a crop of a
    // page has them in points.
    const unit: Box['unit'] = image.boxUnit ?? (image.pointsPerPixel ? 'pt' : 'px');
    if (img.unitsPerPixel && !image.pointsPerPixel) image = { ...image, pointsPerPixel: img.unitsPerPixel };
    const multi = img.count > 1;
    const frames = img.unit === 'frame';
    const limit = frames ? maxFrames : maxPages;
    const count = Math.min(img.count, limit);
    if (img.count > limit) {
      // Counted before anything is decoded: pages over the limit cost nothing.
      loss.push({
        where: image.id,
        kind: frames ? 'skipped-frames' : 'skipped-pages',
        count: img.count - limit,
        total: img.count,
        reason: 'limit',
        detail: `the picture has ${img.count} ${img.unit}s; ${frames ? 'frames' : 'pages'} ${limit + 1} to ${img.count} were not read (more than ${limit})`,
        origin: image.origin,
      });
    }
    for (let i = 0; i < count; i++) {
      const n = i + 1;
      // TIFF pages are pages of the document; frames of an animation are told apart in the detail.
      const pageNo = multi && !frames ? n : image.origin.page;
      const where = multi ? `${image.id} ${img.unit} ${n}` : image.id;
      const frameDetail = multi && frames ? `frame ${n} of ${img.count}` : undefined;
      const origin: PartOrigin = {
        ...image.origin,
        ...(pageNo !== undefined ? { page: pageNo } : {}),
        ...(frameDetail ? { detail: image.origin.detail ? `${image.origin.detail}, ${frameDetail}` : frameDetail } : {}),
      };
      let page: GreyPage;
      try {
        page = await img.decode(i);
      } catch (err) {
        failed(err, where, origin);
        continue;
      }
      const plan = tilesOf(page);
      let tiles = plan.tiles;
      // The pieces of a long picture share one decoding of its red channel.
      if ((tiles.length > 1 || plan.fallback) && page.red) page = { ...page, red: once(page.red) };
      if ((tiles.length > 1 || plan.fallback) && page.darkest) page = { ...page, darkest: once(page.darkest) };
      // A tall strip's pieces are read one after another as one text (see joinBuilt), placed where
      // the picture's first part stands.
      const joined: BuiltText[] = [];
      const joinedAt = parts.length;
      const id = multi ? `ocr:${image.id}:${frames ? 'f' : 'p'}${n}` : `ocr:${image.id}`;
      const k = image.pointsPerPixel ?? 1;
      for (let t = 0; t < tiles.length; t++) {
        const tile = tiles[t];
        const pieces = tiles.length > 1;
        const piece = pieces ? cutTile(page, tile) : page;
        // Where the piece's row 0 stands on the picture (above the tile by its pad of ground).
        const pieceY = tile.y - (tile.pad?.top ?? 0);
        const pieceDetail = pieces ? `piece ${t + 1} of ${tiles.length} of a long picture (${tile.width} × ${tile.height} px at ${tile.x}, ${tile.y}), read as a page of its own` : undefined;
        const pieceWhere = pieces ? `${where} piece ${t + 1}` : where;
        const pieceOrigin: PartOrigin = pieceDetail ? { ...origin, detail: origin.detail ? `${origin.detail}, ${pieceDetail}` : pieceDetail } : origin;
        let result: PageResult;
        try {
          result = await readPage(piece, { y: pieceY, height: page.height }, budget, opts.signal);
        } catch (err) {
          const e = err instanceof PoolError ? err : new PoolError('ocr-failed', (err as Error).message);
          const detail =
            e.reason === 'timeout' ? `OCR of this picture${pieces ? `'s piece ${t + 1} of ${tiles.length}` : ''} did not finish within ${budget} ms.`
            : e.reason === 'aborted' ? 'OCR of this picture was cancelled.'
            : `OCR of this picture failed: ${e.message}.`;
          unread.push({ where: pieceWhere, reason: e.reason, detail, origin: pieceOrigin });
          if (e.reason === 'aborted') break;
          continue;
        }
        if (!pieces && plan.fallback && (result.empty || result.best.score < ORIENTATION_RETRY_BELOW)) {
          // A wide strip read whole as nothing or poorly (letters shrunk too far): read in pieces instead (see tilesOf).
          tiles = plan.fallback;
          t = -1;
          continue;
        }
        // Boxes in pixels of the piece read, placed on the picture.
        const onPicture = (b: { x: number; y: number; width: number; height: number }) => (pieces ? { ...b, x: b.x + tile.x, y: b.y + pieceY } : b);
        const reading = result.best;
        const p = reading.prepared;
        const built = buildText(reading.lines, (x0, y0, x1, y1) => onPicture(toOriginal(p, x0, y0, x1, y1)), p.height, image.pointsPerPixel, image.pointsOffset, unit);
        const [ox, oy] = image.pointsPerPixel ? [image.pointsOffset?.x ?? 0, image.pointsOffset?.y ?? 0] : [0, 0];
        const leftoverBox = (l: { x: number; y: number; width: number; height: number }): Box => ({ x: round2(l.x * k + ox), y: round2(l.y * k + oy), width: round2(l.width * k), height: round2(l.height * k), unit });
        const wholeBox: Box = pieces ? leftoverBox(tile) : (origin.box ?? { x: 0, y: 0, width: page.width * k, height: page.height * k, unit });
        // Where a line stands on the picture: a piece's lines are measured by their place on it (the
        // piece's own top is no place on the picture).
        const topOnPicture = (b: Block): number | undefined => (pieces && b.box ? round4(Math.max(0, Math.min(1, (b.box.y - oy) / k / page.height))) : b.pageTop);
        const part: TextPart = {
          id: pieces ? `${id}:t${t + 1}` : id,
          role: 'ocr',
          text: built.text,
          origin: { ...pieceOrigin, box: wholeBox },
          blocks: built.blocks.map((b) => ({ ...b, ...(pageNo !== undefined ? { page: pageNo } : {}), ...(pieces ? { pageTop: topOnPicture(b) } : {}) })),
          ...(built.confidence !== undefined ? { confidence: built.confidence } : {}),
        };
        if (pieces && !plan.fallback) joined.push({ text: part.text, blocks: part.blocks!, confidence: part.confidence });
        else parts.push(part);
        if (result.empty) {
          const e = result.empty;
          unread.push({
            where: pieceWhere,
            reason: 'ocr-empty',
            detail:
              `The picture is not blank (ink on ${(e.ink * 100).toFixed(2)}% of it) but OCR read no text from it, ` +
              `tried ${e.attempts.join(', ')}; if it holds handwriting or stylised, distorted or turned text, a marking there was missed.`,
            origin: pieceOrigin,
          });
        }
        const leftover = result.leftover ?? [];
        // Regions' readings, for the level words read poorly in them (below).
        const leftParts: Array<{ part: TextPart; where: string }> = [];
        for (const left of leftover) {
          const lp = left.reading.prepared;
          const lb = buildText(left.reading.lines, (x0, y0, x1, y1) => {
            const b = toOriginal(lp, x0, y0, x1, y1);
            return onPicture({ ...b, x: b.x + left.x, y: b.y + left.y });
          }, lp.height, image.pointsPerPixel, image.pointsOffset, unit);
          if (lb.text.length === 0) continue;
          const leftPart: TextPart = {
            id: `${part.id}:ink${left.region}${left.channel === 'red' ? 'r' : left.channel === 'darkest' ? 'c' : ''}`,
            role: 'ocr',
            text: lb.text,
            origin: { ...pieceOrigin, box: leftoverBox(onPicture(left)), detail: `${pieceOrigin.detail ? pieceOrigin.detail + ', ' : ''}ink the page's reading left without text, read on its own${left.channel === 'red' ? ' from the red channel' : left.channel === 'darkest' ? ' from its darkest colour channel (light letters on a light colour ground)' : ''}` },
            // Where the region's lines stand on the page, not in the region.
            blocks: lb.blocks.map((b) => ({ ...b, ...(pageNo !== undefined ? { page: pageNo } : {}), pageTop: round4((pieceY + left.y + (b.pageTop ?? 0) * left.height) / page.height) })),
            ...(lb.confidence !== undefined ? { confidence: lb.confidence } : {}),
          };
          parts.push(leftPart);
          leftParts.push({ part: leftPart, where: `${pieceWhere} region ${left.region}` });
        }
        if (result.band) {
          const { ink, reading: br } = result.band;
          const bp = br.prepared;
          const bb = buildText(br.lines, (x0, y0, x1, y1) => {
            const b = toOriginal(bp, x0, y0, x1, y1);
            return onPicture({ x: (b.x + ink.x) * ink.scale, y: (b.y + ink.y) * ink.scale, width: b.width * ink.scale, height: b.height * ink.scale });
          }, bp.height, image.pointsPerPixel, image.pointsOffset, unit);
          const box = leftoverBox(onPicture(ink.box));
          if (bb.text.length > 0) {
            parts.push({
              id: `${part.id}:band`,
              role: 'ocr',
              text: bb.text,
              origin: { ...pieceOrigin, box, detail: `${pieceOrigin.detail ? pieceOrigin.detail + ', ' : ''}faint grey ink running at ${ink.angle}° across the page (a watermark), read on its own` },
              // Where the lines stand on the page (the levelled picture's top is no place on it).
              blocks: bb.blocks.map((b) => ({ ...b, ...(pageNo !== undefined ? { page: pageNo } : {}), pageTop: b.box ? round4(Math.max(0, ((b.box.y - (image.pointsPerPixel ? oy : 0)) / k) / page.height)) : 0 })),
              ...(bb.confidence !== undefined ? { confidence: bb.confidence } : {}),
            });
          }
          // Clearly lines of large letters (a watermark's words), not grey shapes that happen to run
          // in bands: read as nothing levelled every way (no line of two characters or more read
          // with confidence; specks of a watermark crossed by print read as scattered low-confidence
          // characters), or read at a low confidence overall, it is content of the picture that was
          // not read. A level word read in the band at a low confidence is unread however the ink looks.
          const side = Math.max(piece.width, piece.height);
          const letters = ink.share >= BAND_UNREAD_SHARE && ink.lineHeight >= BAND_UNREAD_LETTER * side;
          const how = `Faint grey ink on ${(ink.share * 100).toFixed(2)}% of the picture runs in ${ink.single ? 'a line' : 'lines'} of large letters at ${ink.angle}° across the page (box ${fmtBox(box)}), like a watermark,`;
          if (!bandRead(br) && letters) {
            unread.push({ where: `${pieceWhere} watermark`, reason: 'ocr-empty', detail: `${how} and was read as no text, levelled, upright and upside down; if it is a watermark's words, a marking there was missed.`, origin: { ...pieceOrigin, box } });
          } else if (letters && br.score < READABLE_CONFIDENCE) {
            const excerpt = bb.text.replace(/\s+/g, ' ');
            unread.push({
              where: `${pieceWhere} watermark`,
              reason: 'ocr-low-confidence',
              detail: `${how} and was read ("${excerpt.length > 40 ? excerpt.slice(0, 40) + '…' : excerpt}") with only ${Math.round(br.score)}% confidence; a marking there may be misread.`,
              origin: { ...pieceOrigin, box },
            });
          } else {
            // A level word in a line of the band read at a low confidence: the rest of the line (a
            // ★ and a term, or the level itself) may be misread.
            const b = bb.blocks.find((l) => (l.confidence ?? 0) < lowConfidence && LEVEL_WORD.test(bb.text.slice(l.start, l.end)));
            if (b) {
              const excerpt = bb.text.slice(b.start, b.end);
              unread.push({
                where: `${pieceWhere} watermark line ${b.index}`,
                reason: 'ocr-low-confidence',
                detail: `OCR read a line of faint grey ink running at ${ink.angle}° across the page (a watermark) as "${excerpt.length > 40 ? excerpt.slice(0, 40) + '…' : excerpt}", a level among its words, with only ${b.confidence}% confidence; the marking may be misread. Box ${fmtBox(b.box ?? box)}.`,
                origin: { ...pieceOrigin, box: b.box ?? box },
              });
            }
          }
        }
        // Ink near the top of the page that reads as no text even on its own: where markings stand.
        for (const left of leftover) {
          if (left.channel || (pieceY + left.y) / page.height >= TOP_AREA) continue;
          if (leftover.some((o) => o.region === left.region && o.reading.readable >= MIN_READABLE_CHARS)) continue;
          // Light letters on a colour ground, read from the darkest channel over most of this ink.
          if (leftover.some((o) => o.channel === 'darkest' && o.reading.readable >= MIN_READABLE_CHARS && overlapShare(left, o) >= 0.5)) continue;
          const box = leftoverBox(onPicture(left));
          unread.push({
            where: `${pieceWhere} region ${left.region}`,
            reason: 'ocr-empty',
            detail: left.faint
              ? `Faint ink near the top of the page (box ${fmtBox(box)}, ${FAINT_CONTRAST} to ${LEFTOVER_CONTRAST} grey levels from the paper, like a watermark) was read as no text, with the page and on its own with its contrast stretched: faint text not read; if it is a pale marking, it was missed.`
              : `Ink near the top of the page (box ${fmtBox(box)}) was read as no text, with the page and on its own; if it is faded, stamped over or turned text, a marking there was missed.`,
            origin: { ...pieceOrigin, box },
          });
        }
        for (const r of result.leftoverSkipped ?? []) {
          const box = leftoverBox(onPicture({ x: r.x, y: r.y, width: r.width, height: r.height }));
          unread.push({
            where: `${pieceWhere} region`,
            reason: 'limit',
            detail: `Ink near the top of the page (box ${fmtBox(box)}) that the page's reading left without text was not read on its own: more than ${MAX_LEFTOVER_REGIONS} such regions on the page.`,
            origin: { ...pieceOrigin, box },
          });
        }
        for (const b of part.blocks ?? []) {
          if ((b.pageTop ?? 1) >= TOP_AREA || (b.confidence ?? 0) >= lowConfidence) continue;
          // A line cut by the edge of a piece that the next (or last) piece overlaps stands whole
          // there (see tilesOf): its stump read poorly is no loss.
          if (pieces && b.box && cutByOverlap(tiles, t, { x: (b.box.x - ox) / k, y: (b.box.y - oy) / k, width: b.box.width / k, height: b.box.height / k })) continue;
          const excerpt = built.text.slice(b.start, b.end);
          unread.push({
            where: `${pieceWhere} line ${b.index}`,
            reason: 'ocr-low-confidence',
            detail: `OCR read line ${b.index} near the top of the page ("${excerpt.length > 40 ? excerpt.slice(0, 40) + '…' : excerpt}") with only ${b.confidence}% confidence; a marking there may be misread. Box ${fmtBox(b.box)}.`,
            origin: { ...pieceOrigin, ...(b.box ? { box: b.box } : {}) },
          });
        }
        // A level word in a short line read poorly, wherever it stands: the ★ and period beside it
        // may be what was misread (机密★5年 as 机密灵 at 44% on a long screenshot's line set close,
        // as 机密妇5 at 55% in a banner's small label read on its own). Lines near the top of the
        // page are reported above whatever they hold.
        for (const { part: lp, where: at } of [{ part, where: pieceWhere }, ...leftParts]) {
          for (const b of lp.blocks ?? []) {
            if ((b.confidence ?? 100) >= lowConfidence || (lp === part && (b.pageTop ?? 1) < TOP_AREA)) continue;
            const line = lp.text.slice(b.start, b.end);
            if (!LEVEL_WORD.test(line) || line.replace(/\s+/g, '').length > LEVEL_LINE_MAX) continue;
            unread.push({
              where: `${at} line ${b.index}`,
              reason: 'ocr-low-confidence',
              detail: `OCR read a short line holding a level of secrecy ("${line}") with only ${b.confidence}% confidence; a marking there may be misread. Box ${fmtBox(b.box)}.`,
              origin: { ...lp.origin, ...(b.box ? { box: b.box } : {}) },
            });
          }
        }
      }
      if (joined.length > 0) {
        const all = joinBuilt(joined);
        const detail = `read in ${tiles.length} pieces of a long picture, cut at rows ${tiles.slice(1).map((c) => c.y).join(', ')}, each read as a page of its own`;
        parts.splice(joinedAt, 0, {
          id,
          role: 'ocr',
          text: all.text,
          origin: { ...origin, box: origin.box ?? { x: 0, y: 0, width: page.width * k, height: page.height * k, unit }, detail: origin.detail ? `${origin.detail}, ${detail}` : detail },
          blocks: all.blocks,
          ...(all.confidence !== undefined ? { confidence: all.confidence } : {}),
        });
      }
    }
    return loss.length ? { parts, unread, loss } : { parts, unread };
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

/**
 * Whether a band ink reading (a watermark's, see {@link findBandInk}) read text: a line holding
 * {@link MIN_READABLE_CHARS} letters or digits or more in words read with {@link READABLE_CONFIDENCE}.
 * What is left of a watermark crossed by dense print reads as stray marks and single letters, a
 * few of them confident, one to a line.
 */
function bandRead(r: PageReading): boolean {
  return r.lines.some((l) => l.words.reduce((n, w) => n + (w.confidence >= READABLE_CONFIDENCE ? (w.text.match(/[\p{L}\p{N}]/gu)?.length ?? 0) : 0), 0) >= MIN_READABLE_CHARS);
}

/** Whether band reading `a` is better than `b`: read (see {@link bandRead}) over not, then more readable characters, then a higher score. */
function betterBand(a: PageReading, b: PageReading): boolean {
  const ra = bandRead(a);
  const rb = bandRead(b);
  if (ra !== rb) return ra;
  if (a.readable !== b.readable) return a.readable > b.readable;
  return a.score > b.score;
}

/** Characters of words read with at least {@link READABLE_CONFIDENCE}. */
export function readableChars(lines: RawLine[]): number {
  let n = 0;
  for (const l of lines) for (const w of l.words) if (w.confidence >= READABLE_CONFIDENCE) n += w.text.replace(/\s+/g, '').length;
  return n;
}

/** `90/-10` → `turned 90° and levelled by -10°`. */
function describeAttempt(key: string): string {
  if (key === 'alpha') return 'its transparency read as the picture';
  if (key === 'block') return 'upright as one block of text';
  const [rot, skew] = key.split('/').map(Number);
  if (!rot && !skew) return 'upright';
  return [rot ? `turned ${rot}°` : '', skew ? `levelled by ${skew}°` : ''].filter(Boolean).join(' and ');
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

const round2 = (v: number): number => Math.round(v * 100) / 100;
const round4 = (v: number): number => Math.round(v * 10000) / 10000;

function fmtBox(b?: Box): string {
  return b ? `x=${b.x} y=${b.y} w=${b.width} h=${b.height} ${b.unit}` : '(none)';
}
