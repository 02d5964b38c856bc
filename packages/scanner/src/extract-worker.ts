/**
 * The code a pool worker runs: sniff + extractor for one file and, when nothing else will join its
 * text, the detectors over that text right away; the result sent back as plain data. Loaded once
 * per worker thread, so pdf.js and the other readers load once per worker, not per file.
 */
import { deserialize } from 'node:v8';
import { readFileSync } from 'node:fs';
import { parentPort } from 'node:worker_threads';
import { Piscina } from 'piscina';
import { partLength, textQualityLoss, UnitArena, type AnalyzeOptions, type AnalyzeOutcome, type Engine, type Loss, type TextPart } from '@prepub/core';
import { setupEngine, type EngineRecipe, type EngineFactory, type SharedAutomaton } from './engine-setup.ts';
import { extractFile, preloadExtractor, type ExtractOutcome, type ExtractRequest } from './extract.ts';
import { stampBegun, stampStep, type BeginStamp } from './begun.ts';
import { workerProgress } from './progress.ts';
import { adoptSegmentationModel, segmentationModel, segmentationModelBuiltHere, type SegmentationModel } from './segmenter.ts';

// A worker's stdout reaches the process's: what a reader library prints there goes to stderr, so
// it never lands in a report a command writes to stdout.
console.log = console.info = console.debug = (...args: unknown[]): void => console.error(...args);

/**
 * A scanner's engine recipe as every worker can reach it without its being sent again: serialized
 * once (`v8.serialize`) into shared memory, so a task carries only a handle to it.
 */
export interface EngineRef {
  /** Names the recipe: a worker builds one engine per key, on the first task that needs it. */
  key: string;
  recipe: SharedArrayBuffer;
  /** The recipe's trigger automaton, built once by the pool's thread: mapped, not rebuilt, here. */
  automaton?: SharedAutomaton;
}

/** Check the text in the worker that read it, right after reading (one round trip per file). */
export interface CheckRequest {
  options: AnalyzeOptions;
  engine: EngineRef;
  /**
   * Whether the scanner OCRs pictures: a document with pictures then gets OCR text added in the
   * calling thread, so its text is checked there, all of it together, instead of here.
   */
  ocr: boolean;
}

/** One task: the file's bytes (transferred, not copied) and how to read them. */
export interface ExtractTask extends ExtractRequest {
  bytes: Uint8Array;
  /** Set on the warm-up task a worker gets at start: load these readers, read nothing. */
  preload?: string[];
  /** Where to say when the task (and then its check) began: the pool times its deadline from it. */
  began?: BeginStamp;
  /**
   * Where the PDF reader keeps the text of each page it read (see progress.ts): the pool reads it
   * if it has to stop this worker in the middle of the file.
   */
  journal?: SharedArrayBuffer;
  /** The process's segmentation model, when some thread has read it (see {@link Shared}). */
  segmentation?: SegmentationModel;
  /**
   * Check the text here too, unless the file embeds files or pictures to OCR (their text joins this
   * document's in the calling thread): the outcome is then `checked` instead of `extracted`.
   */
  check?: CheckRequest;
}

/** One document's text to check with the detectors. */
export interface AnalyseTask {
  analyse: { parts: readonly TextPart[]; options: AnalyzeOptions };
  engine: EngineRef;
  began?: BeginStamp;
  segmentation?: SegmentationModel;
}

/**
 * What a worker posts to the pool after it read the segmentation dictionary itself (no task had
 * brought it one): the model in shared memory, for the pool to hand to every other worker, renewed
 * ones included, with their tasks. Only the first worker to need the model then reads and builds it.
 */
export interface Shared {
  prepubSegmentation: SegmentationModel;
}

let offeredOwnModel = false;
/** Offers the model this worker built to the pool (once). */
function offerModel(): void {
  if (offeredOwnModel || !segmentationModelBuiltHere()) return;
  offeredOwnModel = true;
  parentPort?.postMessage({ prepubSegmentation: segmentationModel()! } satisfies Shared);
}

/**
 * This worker's engines, one per scanner recipe (a process may hold scanners with different
 * dictionaries or policies); each built on the first text it checks.
 */
const engines = new Map<string, EngineFactory>();
function engineFor(ref: EngineRef): Engine {
  let factory = engines.get(ref.key);
  if (!factory) {
    factory = setupEngine(deserialize(new Uint8Array(ref.recipe)) as EngineRecipe, [], ref.automaton);
    engines.set(ref.key, factory);
    const engine = factory.engine();
    // Said so the pool can count it: with a shared automaton no worker should need to.
    if (factory.builtAutomaton()) parentPort?.postMessage({ prepubAutomatonBuilt: true });
    return engine;
  }
  return factory.engine();
}

/**
 * Typed arrays to move back instead of copying. A view over part of a larger buffer is first cut
 * out (one copy of just its bytes), so neither the larger buffer is sent nor memory a reader may
 * still hold detached; whole-buffer views are left to structured clone for the same reason.
 */
function movable(outcome: ExtractOutcome): ArrayBuffer[] {
  const list: ArrayBuffer[] = [];
  const own = <T extends Uint8Array | Uint16Array>(a: T): T => {
    if (a.byteOffset === 0 && a.byteLength === a.buffer.byteLength) return a;
    const copy = a.slice() as T;
    list.push(copy.buffer as ArrayBuffer);
    return copy;
  };
  if (outcome.kind === 'image') {
    outcome.bytes = own(outcome.bytes);
    for (const e of outcome.embedded ?? []) e.bytes = own(e.bytes);
  }
  if (outcome.kind === 'extracted' || outcome.kind === 'checked') {
    const x = outcome.extraction;
    if (outcome.kind === 'extracted') for (const p of x.parts as TextPart[]) if (p.units) p.units = own(p.units);
    for (const img of x.images ?? []) img.bytes = own(img.bytes);
    for (const e of x.embedded ?? []) e.bytes = own(e.bytes);
  }
  return list;
}

/**
 * Checks the text of a file just read, when it is the whole document's text: no embedded file and
 * no picture whose OCR text would join it. Otherwise (or when a detector threw: the calling thread
 * then checks again and reports the failure as it always does) the outcome is left as it is.
 */
function checkHere(outcome: ExtractOutcome, check: CheckRequest, began: BeginStamp | undefined): ExtractOutcome {
  if (outcome.kind !== 'extracted') return outcome;
  const x = outcome.extraction;
  if (x.embedded?.length || (check.ocr && x.images?.length)) return outcome;
  // The check has its own deadline, as it had when it was a task of its own.
  stampBegun(began);
  let analysis: AnalyzeOutcome;
  try {
    analysis = engineFor(check.engine).analyzeAll(x.parts, check.options);
  } catch {
    return outcome;
  }
  const quality: Loss[] = [];
  for (const p of x.parts) {
    const loss = textQualityLoss(p);
    if (loss) quality.push(loss);
  }
  // partLength: reading `text` would build a lazy part's string only to count it.
  const parts = x.parts.map((p) => ({ id: p.id, role: p.role, origin: p.origin, chars: partLength(p) }));
  return { kind: 'checked', sniffed: outcome.sniffed, extraction: { ...x, parts }, quality, analysis };
}

let warmedUp = false;
/** Where this worker decodes each file's text (see `ExtractContext.unitMemory`). */
const unitMemory = new UnitArena(2 * 1024 * 1024);
/** Tasks other than warm-ups this worker has run. */
let filesRead = 0;

/** What the warm-up task returns. */
export interface PreloadResult {
  /** CPU time this worker thread has used since it started, ms (undefined where it cannot be read). */
  threadCpuMs?: number;
}

/**
 * CPU time of the calling thread, ms, from `/proc/thread-self/stat` (Linux; Node 20 has no
 * per-thread CPU clock). Undefined elsewhere. Ticks are 1/100 s on every Linux Node runs on.
 */
export function threadCpuMs(): number | undefined {
  try {
    const stat = readFileSync('/proc/thread-self/stat', 'latin1');
    // Fields after the command name (which may hold spaces and parentheses): utime is 14th, stime 15th.
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(f[11]) + Number(f[12]);
    return Number.isFinite(ticks) ? ticks * 10 : undefined;
  } catch {
    return undefined;
  }
}

export default async function extractTask(task: ExtractTask | AnalyseTask): Promise<unknown> {
  if (task.segmentation) adoptSegmentationModel(task.segmentation);
  if ('analyse' in task) {
    filesRead++;
    stampBegun(task.began);
    try {
      return engineFor(task.engine).analyzeAll(task.analyse.parts, task.analyse.options);
    } finally {
      offerModel();
    }
  }
  if (task.preload) {
    for (const f of task.preload) await preloadExtractor(f);
    // What starting this worker cost it, for the pool's renewal budget (see `recycleMaxCpuShare`):
    // only from a first warm-up that came before any file (a later one finds the readers loaded,
    // and the thread's time by then includes the files it read).
    if (warmedUp || filesRead) return {} satisfies PreloadResult;
    warmedUp = true;
    return { threadCpuMs: threadCpuMs() } satisfies PreloadResult;
  }
  filesRead++;
  stampBegun(task.began);
  const { bytes, began, journal, check, segmentation: _, ...req } = task;
  // One task at a time per worker: what the last file decoded into was checked here or copied
  // into the answer (see movable) before this task began.
  unitMemory.reset();
  const progress = workerProgress(began, journal, req.filename);
  let outcome = await extractFile(bytes, { ...req, unitMemory, ...(progress ? { progress } : {}) });
  // No step of the read runs any more (a reader that threw mid-page said nothing).
  stampStep(began, 0);
  // A reader that did not stop when its time ran out is still running here: this worker must not
  // take another file. Wait to be terminated by the pool's hard deadline (the file is then unread,
  // reason timeout) instead of answering.
  if (outcome.kind === 'failed' && outcome.abandoned) await new Promise<never>(() => undefined);
  if (check) {
    outcome = checkHere(outcome, check, began);
    offerModel();
  }
  const transfer = movable(outcome);
  return Piscina.move({ [Piscina.transferableSymbol]: transfer, [Piscina.valueSymbol]: outcome } as never);
}
