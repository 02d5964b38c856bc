/**
 * Extraction in a pool of worker threads (piscina), each with a hard heap limit, each task with a
 * hard deadline. A reader that loops, recurses or allocates without end takes down its worker,
 * never the process: the task ends as a {@link WorkerDeath} and piscina starts a replacement.
 */
import { availableParallelism, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import { serialize } from 'node:v8';
import { Piscina } from 'piscina';
import type { AnalyzeOptions, AnalyzeOutcome, Limits, TextPart, UnreadItem } from '@prepub/core';
import type { EngineRecipe, SharedAutomaton } from './engine-setup.ts';
import type { ExtractOutcome, ExtractRequest } from './extract.ts';
import type { AnalyseTask, CheckRequest, EngineRef, ExtractTask, PreloadResult, Shared } from './extract-worker.ts';
import { adoptSegmentationModel, segmentationModel } from './segmenter.ts';
import { QuickFirstLine } from './quick-first.ts';
import { begunAt, deadlineStep, newBeginStamp, nowEpochMs, stepOf, STEP_APPEARANCES, type BeginStamp } from './begun.ts';
import { newJournal, readJournal, resetJournal } from './progress.ts';
import { fixMallocMmapThreshold, setMallocTrimThreshold, trimMalloc } from './malloc.ts';

/** Settings of the extraction workers (`ScannerOptions.isolation`). */
export interface IsolationOptions {
  /** Worker threads: files read at the same time. Default: the number of cores (`os.availableParallelism()`). */
  workers?: number;
  /** Heap (old generation) limit of one worker, MB. Default 1024. A worker over it is stopped: reason `limit`. */
  maxOldGenerationMb?: number;
  /**
   * Young generation limit of one worker, MB. Default 16; `0` leaves V8's own (32 MB of new space
   * per worker, committed once a worker has read a few files and never given back while it runs).
   * At 16, two workers hold 35–50 MB less over every file of samples/, for 0–1 ms more CPU per file.
   */
  maxYoungGenerationMb?: number;
  /** Stack of one worker, MB. Default 4 (V8's default). */
  stackSizeMb?: number;
  /**
   * Extra time after `limits.fileTimeoutMs` before a worker still reading is terminated, ms
   * (default 2000): a reader that honours its time budget returns its partial text in this time.
   */
  graceMs?: number;
  /**
   * Resident memory of the whole process, MB, above which the worker that has been reading its file
   * the longest is stopped (reason `limit`). The heap limit does not cover memory outside the
   * JavaScript heap (canvases pdf.js paints patterns on, decoded images, array buffers): this does.
   * Default: the memory in use when the pool starts plus `workers × (maxOldGenerationMb + 512)`,
   * and at most 80% of the machine's memory. Checked every 200 ms while a file is being read.
   */
  maxProcessRssMb?: number;
  /**
   * Readers every worker loads when it starts, so no file pays for loading them (default
   * `['pdf', 'docx']`; pdf.js alone takes ~0.3 s). `[]` loads each on first need.
   */
  preload?: string[];
  /**
   * Start the workers while `createScanner` builds the dictionaries (default false: on the first
   * file). Loading a worker's modules then overlaps the compile instead of delaying the first
   * file: a command that scans as soon as the scanner is built (`prepub scan`) starts sooner.
   */
  eager?: boolean;
  /**
   * Where the text read is checked by the detectors: `'pool'` (default) in these workers, so every
   * core detects and a slow check never holds the calling thread's event loop; `'caller'` in the
   * calling thread (one engine in memory instead of one per worker). A scanner given its own
   * `detectors` (functions, which cannot move to a worker) always checks in the calling thread.
   */
  analysis?: 'pool' | 'caller';
  /**
   * Resident memory of the process, MB, above which the workers are renewed: what pdf.js and the
   * other readers keep between files (fonts, caches, a grown heap) goes back. Fresh workers start
   * and load their readers while the old ones go on taking files; then new files go to the fresh
   * ones, and the old finish what they read and are stopped (no file is stopped or waits for it).
   * Checked after each file; at most once every `recycleEveryFiles` files (and see `recycleMaxCpuShare`). Default 400; `0` never renews.
   */
  recycleAboveRssMb?: number;
  /** Files at least between two renewals (default 200), so renewing costs a bounded share of time. */
  recycleEveryFiles?: number;
  /**
   * Most share of the process's CPU time that renewing may take (default 0.05): a renewal waits
   * until the process has used at least `cost / share` of CPU time since the last one. The cost is
   * the larger of the workers' starts (`workers × worker start time`, a start timed by its thread's
   * CPU time where that can be read: Linux) and what the last renewal, or the pool's own cold start,
   * was measured to cost the whole process (`renewalCostMs`): the new isolates' code is compiled
   * again by V8's helper threads and their first files run cold, 4–6 times the starts alone
   * (bench/RESULTS.md). Renewing every `recycleEveryFiles` files alone could double the CPU time a
   * file costs. `0` leaves only the count of files.
   */
  recycleMaxCpuShare?: number;
  /**
   * Tune glibc's malloc for the process (default true; no-op without glibc): its mmap threshold is
   * fixed at 128 KiB when the pool starts, so that large buffers the readers free go back to the
   * system instead of raising the threshold and staying in the arenas (see `malloc.ts`).
   */
  tuneMalloc?: boolean;
  /**
   * With `tuneMalloc`: free memory each malloc arena may keep at its top before giving it back to
   * the system, MB (default: glibc's 128 KiB). More means fewer page faults (the same pages taken
   * again file after file by the readers and V8's compiler threads) for that much more resident
   * memory per busy thread. `prepub scan` sets 8 for its batch: 12% less CPU over 238 text files
   * (bench/RESULTS.md); a portal that embeds the scanner keeps the default. The arenas are still
   * trimmed whole once the pool is idle.
   */
  mallocKeepFreeMb?: number;
}

/** Options that do not shape the workers themselves. */
type PoolOnly = 'workers' | 'maxYoungGenerationMb' | 'maxProcessRssMb' | 'eager' | 'analysis' | 'recycleAboveRssMb' | 'recycleEveryFiles' | 'recycleMaxCpuShare' | 'tuneMalloc' | 'mallocKeepFreeMb';

type Settings = Required<Omit<IsolationOptions, PoolOnly>> & { maxYoungGenerationMb?: number; maxProcessRssMb?: number };

/**
 * Young generation of a reading worker when the options leave it unset, MB. Measured against V8's
 * default over samples/ (bench/RESULTS.md, "Steady memory of the reading pool"): 8 saves a little
 * more memory but scavenges often enough to cost ~15% CPU per file; 16 costs at most ~1 ms per file.
 */
export const DEFAULT_YOUNG_GENERATION_MB = 16;

export const DEFAULT_ISOLATION: Readonly<Required<Omit<IsolationOptions, PoolOnly>>> = Object.freeze({
  maxOldGenerationMb: 1024,
  stackSizeMb: 4,
  graceMs: 2000,
  preload: ['pdf', 'docx'],
});

let recipeSerial = 0;

/**
 * What starting a worker costs, ms: the CPU time its thread used from its creation to having its
 * readers loaded, the largest seen in this process. Where a thread's CPU time cannot be read (not
 * Linux), the wall time of that start instead, which on a busy machine is several times the CPU
 * time (renewals then come less often than `recycleMaxCpuShare` allows). Until one has been timed,
 * a second. The V8 helper threads that compile for the worker are not in a thread's own time.
 */
let workerStartMs: number | undefined;
const DEFAULT_WORKER_START_MS = 1000;

/** The renewal budget's figure for one worker start (see {@link workerStartMs}). */
export function workerStartCostMs(): number {
  return workerStartMs ?? DEFAULT_WORKER_START_MS;
}

/** What {@link renewalDue} decides from. */
export interface RenewalState {
  /** `recycleAboveRssMb` (0: never). */
  aboveRssMb: number;
  /** Resident memory of the process now, MB. */
  rssMb: number;
  /** `recycleEveryFiles`, and files read since the last renewal. */
  everyFiles: number;
  filesSinceRenewal: number;
  /** `recycleMaxCpuShare` (0: no CPU budget), workers in the pool, one worker's start cost (CPU ms). */
  maxCpuShare: number;
  workers: number;
  workerStartMs: number;
  /** CPU time of the process since the last renewal (or the pool's start), ms. */
  cpuMsSinceRenewal: number;
  /**
   * What the last renewal was measured to cost the whole process, ms ({@link renewalOverheadMs}):
   * besides the new workers' own start, V8's helper threads compile everything again for the new
   * isolates and the first files run cold. The budget takes the larger of this and the starts.
   */
  lastRenewalCostMs?: number;
}

/** What {@link renewalOverheadMs} measures a renewal from. */
export interface RenewalWindow {
  /** CPU time of the process from the renewal's decision to the end of the window, ms. */
  cpuMs: number;
  /** Files read in that window. */
  files: number;
  /** CPU time a file cost before the renewal, ms (all threads). */
  cpuMsPerFileBefore: number;
}

/**
 * What a renewal cost the process: CPU time of the window after it (the new workers' start, the
 * helpers compiling for them, the cold files) beyond what the same files cost before. Never negative.
 */
export function renewalOverheadMs(w: RenewalWindow): number {
  return Math.max(0, w.cpuMs - w.files * w.cpuMsPerFileBefore);
}

/**
 * Whether the workers are due for renewal: memory above the mark, enough files since the last
 * renewal, and enough CPU time used since then that starting `workers` fresh workers stays within
 * `maxCpuShare` of it.
 */
export function renewalDue(s: RenewalState): boolean {
  if (s.aboveRssMb <= 0 || s.filesSinceRenewal < s.everyFiles || s.rssMb <= s.aboveRssMb) return false;
  return s.maxCpuShare <= 0 || s.cpuMsSinceRenewal >= Math.max(s.workers * s.workerStartMs, s.lastRenewalCostMs ?? 0) / s.maxCpuShare;
}

/** Worker threads of a pool with these options. */
function workersOf(options: IsolationOptions): number {
  return Math.max(1, Math.floor(options.workers ?? availableParallelism()));
}

function settingsOf(options: IsolationOptions): Settings {
  return {
    maxOldGenerationMb: options.maxOldGenerationMb ?? DEFAULT_ISOLATION.maxOldGenerationMb,
    maxYoungGenerationMb: options.maxYoungGenerationMb ?? DEFAULT_YOUNG_GENERATION_MB,
    stackSizeMb: options.stackSizeMb ?? DEFAULT_ISOLATION.stackSizeMb,
    graceMs: options.graceMs ?? DEFAULT_ISOLATION.graceMs,
    preload: options.preload ?? DEFAULT_ISOLATION.preload,
    maxProcessRssMb: options.maxProcessRssMb,
  };
}

/**
 * What must be equal for started workers to serve a pool: their number and limits. Not the readers
 * they preload: a pool that wants others has them loaded on the workers it takes (see
 * {@link preloadOn}), cheaper than stopping started workers and starting new ones (~130 ms of a
 * `prepub scan` of a folder of PDFs, whose readers are known only once the folder is walked).
 */
function workersKey(size: number, s: Settings): string {
  return JSON.stringify([size, s.maxOldGenerationMb, s.maxYoungGenerationMb ?? null, s.stackSizeMb]);
}

/**
 * Files under this size that are not PDFs are "quick": read in a fraction of the time a PDF takes
 * (text, HTML, a DOCX of a few pages). They go ahead of slower files waiting for a worker.
 */
export const QUICK_FILE_BYTES = 1024 * 1024;

/**
 * Whether a file is quick to read (see {@link QUICK_FILE_BYTES}): small and not a PDF (whose
 * header may follow up to 1 KB of other bytes). A guess from size and header, used only to order
 * waiting work: every file is read the same way whatever the guess.
 */
export function isQuickFile(bytes: Uint8Array): boolean {
  return bytes.length <= QUICK_FILE_BYTES && !hasPdfHeader(bytes);
}

/** Whether `%PDF-` stands in the first 1 KB (where a PDF's header may follow other bytes). */
export function hasPdfHeader(bytes: Uint8Array): boolean {
  const head = bytes.subarray(0, 1024 + 5);
  for (let i = head.indexOf(0x25); i >= 0 && i + 4 < head.length; i = head.indexOf(0x25, i + 1)) {
    if (head[i + 1] === 0x50 && head[i + 2] === 0x44 && head[i + 3] === 0x46 && head[i + 4] === 0x2d) return true; // %PDF-
  }
  return false;
}

/**
 * At most this many quick files start ahead of a slow file waiting at the head of the slow line;
 * then it starts next. A steady stream of short texts thus delays a PDF by a bounded number of
 * short reads, never forever.
 */
export { QUICK_PASS_LIMIT } from './quick-first.ts';

/** A task waiting for a worker. */
interface Waiting {
  start: () => void;
}

/**
 * The order in which tasks reach the workers: quick ones (see {@link isQuickFile}) first, each kind
 * in arrival order, but at most {@link QUICK_PASS_LIMIT} quick ones ahead of the oldest waiting slow
 * one ({@link QuickFirstLine}). A short text then waits for one worker to finish what it reads, not
 * behind a row of PDFs.
 *
 * It holds tasks itself and lets only as many reach piscina as there are workers, because
 * piscina's `taskQueue` option does not order them: a task with an AbortSignal (every task here)
 * that finds no free worker goes to piscina's internal "skip" list, which is served before the
 * task queue and moves its head to its tail each time a worker frees: a one-worker pool given
 * `first.pdf second.pdf t1 … t8` read them as `first.pdf t1 t3 t5 t7 second.pdf t4 t8 t6 t2`.
 */
class QuickFirstQueue {
  private readonly line = new QuickFirstLine<Waiting>();
  private busy = 0;

  constructor(private readonly slots: number) {}

  /** Resolves when the task may go to a worker (call {@link leave} when it ends); rejects, leaving the line, when `signal` aborts first. */
  enter(quick: boolean, signal: AbortSignal): Promise<void> {
    if (signal.aborted) return Promise.reject(signal.reason);
    if (this.busy < this.slots && this.line.length === 0) {
      this.busy++;
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => {
      const onAbort = () => {
        this.line.remove(me);
        reject(signal.reason);
      };
      const me: Waiting = {
        start: () => {
          signal.removeEventListener('abort', onAbort);
          resolve();
        },
      };
      signal.addEventListener('abort', onAbort, { once: true });
      this.line.push(me, quick);
      this.next();
    });
  }

  /** A task that {@link enter}ed has ended. */
  leave(): void {
    this.busy--;
    this.next();
  }

  private next(): void {
    for (;;) {
      const t = this.line.next(() => (this.busy < this.slots ? { place: true, shared: true } : undefined));
      if (!t) return;
      this.busy++;
      t.item.start();
    }
  }
}

/** A piscina pool of extraction workers; `onMessage` gets the workers' messages. */
function newPiscina(size: number, settings: Settings, onMessage: (m: unknown) => void): Piscina {
  const { maxOldGenerationMb, maxYoungGenerationMb, stackSizeMb, preload } = settings;
  const pool = new Piscina({
    // Built JS runs its compiled worker directly; sources need the .mjs shim that loads TypeScript.
    filename: fileURLToPath(new URL(import.meta.url.endsWith('.ts') ? './extract-worker.mjs' : './extract-worker.js', import.meta.url)),
    // Fixed size: workers keep their loaded readers for the life of the pool.
    minThreads: size,
    maxThreads: size,
    idleTimeout: Number.MAX_SAFE_INTEGER,
    concurrentTasksPerWorker: 1,
    // Tasks come in the order QuickFirstQueue lets them; a task no free worker takes (one still
    // starting) goes back to the head of piscina's line, not its tail.
    stricterFIFO: true,
    // Readers are asynchronous (pdf.js): a worker waits for tasks on its event loop, not in Atomics.wait.
    atomics: 'disabled',
    resourceLimits: { maxOldGenerationSizeMb: maxOldGenerationMb, stackSizeMb, ...(maxYoungGenerationMb ? { maxYoungGenerationSizeMb: maxYoungGenerationMb } : {}) },
  });
  // A worker dying with no task on it (between files) is replaced by piscina; nothing to report.
  pool.on('error', () => undefined);
  // What workers share with the pool (the segmentation model they built, an automaton they had to
  // build). When they begin a file they say so in the task's begin stamp instead (see begun.ts).
  pool.on('message', onMessage);
  if (preload.length) pool.on('workerCreate', () => void preloadOn(pool, preload));
  return pool;
}

/**
 * Runs a warm-up task loading `preload` on a worker of `pool` (the next free one: run once per
 * worker, each lands on one that has not taken one yet unless another finished first, which then
 * loads nothing twice). What it reports is the worker's start cost (see `recycleMaxCpuShare`).
 */
function preloadOn(pool: Piscina, preload: string[]): Promise<PreloadResult | null> {
  const t0 = performance.now();
  return pool
    .run({ bytes: new Uint8Array(0), limits: undefined as never, preload, ...withModel() } satisfies ExtractTask)
    .then((r: PreloadResult | null) => {
      // Only a worker's first warm-up says what it cost (a preload task may land on a worker
      // that had loaded everything already: it then says nothing).
      if (r && 'threadCpuMs' in r) workerStartMs = Math.max(workerStartMs ?? 0, r.threadCpuMs ?? performance.now() - t0);
      return r;
    })
    .catch(() => null);
}

/** Workers started by {@link prestartExtractionWorkers}, until a pool with their settings takes them. */
let spare: { key: string; preload: string[]; pool: Piscina; route: { onMessage?: (m: unknown) => void } } | undefined;

/**
 * Starts extraction workers before any scanner exists, for the first scanner built with the same
 * isolation settings (number of workers, limits) to take over; readers it preloads that these were
 * started without are then loaded on them. A worker thread takes a
 * few hundred ms to start (Node's own modules, then the readers'); a command that knows it is
 * about to scan starts them first thing, so that time overlaps its own loading. Workers no pool
 * takes are stopped by {@link discardPrestartedWorkers} (or when a pool with other settings starts).
 */
export function prestartExtractionWorkers(options: IsolationOptions = {}): void {
  if (spare) return;
  const size = workersOf(options);
  const settings = settingsOf(options);
  const route: { onMessage?: (m: unknown) => void } = {};
  spare = { key: workersKey(size, settings), preload: settings.preload, pool: newPiscina(size, settings, (m) => route.onMessage?.(m)), route };
}

/** Whether workers started by {@link prestartExtractionWorkers} are waiting to be taken over. */
export function hasPrestartedWorkers(): boolean {
  return spare !== undefined;
}

/** Stops workers started by {@link prestartExtractionWorkers} that no pool took. */
export async function discardPrestartedWorkers(): Promise<void> {
  const s = spare;
  spare = undefined;
  if (s) await s.pool.destroy().catch(() => undefined);
}

/** Why a worker did not return: the unread reason it becomes and a sentence saying what happened. */
export class WorkerDeath extends Error {
  constructor(
    readonly reason: 'limit' | 'timeout' | 'aborted' | 'crashed',
    message: string,
    /** The step of the read that ran past the page time limit (a page, or the annotation appearances). */
    readonly step?: { id: number; ranMs: number; limitMs: number },
  ) {
    super(message);
    this.name = 'WorkerDeath';
  }
}

/** Abort reason of a file still waiting for a worker when the pool closes. */
class Closed extends Error {}

class Deadline extends Error {
  constructor(
    readonly ms: number,
    /** false: no worker had begun the file by then. */
    readonly begun: boolean,
  ) {
    super(`deadline of ${ms} ms`);
  }
}

/** Abort reason of a task whose step (a PDF page) ran past the page time limit. */
class StepDeadline extends Error {
  constructor(
    readonly id: number,
    readonly ranMs: number,
    readonly limitMs: number,
  ) {
    super(`step ${id} ran ${ranMs} ms, past ${limitMs} ms`);
  }
}

class MemoryCeiling extends Error {
  constructor(
    readonly rssMb: number,
    readonly ceilingMb: number,
  ) {
    super(`process memory ${rssMb} MB over ${ceilingMb} MB`);
  }
}

const MB = 1024 * 1024;
/** CPU time of the whole process (every thread), µs. */
const cpuMicros = (): number => {
  const u = process.cpuUsage();
  return u.user + u.system;
};
const WATCH_MS = 200;
/**
 * Files between two trims of glibc's arenas while the pool is busy (see `tuneMalloc`); 0: only when
 * idle. Trimming every 100 files of samples/ did not lower the steady figure beyond the noise
 * (379, 418 MB against 403, 411) and holds every arena's lock for 5-25 ms each time.
 */
const TRIM_EVERY_FILES = 0;
/** How long the pool stays idle before its arenas are trimmed, ms. */
const IDLE_TRIM_MS = 1000;
const STOP_PAUSE_MS = 3000;
/** Time a file may wait for a worker (start-up included) on top of its own deadline. */
const START_BUDGET_MS = 60_000;

/** A file handed to the pool: when a worker began reading it, and how to stop that worker. */
interface Running {
  /** Written by the worker as it begins the task (and its check): see {@link startedAt}. */
  began: BeginStamp;
  /** When the pool handed the task to piscina ({@link nowEpochMs}); undefined while it waits its turn. */
  admittedAt?: number;
  stop: AbortController;
}

/** When a worker last began the task, ms since the epoch; undefined while none has. */
function startedAt(r: Running, now?: number): number | undefined {
  return r.admittedAt === undefined ? undefined : begunAt(r.began, r.admittedAt, now);
}

/** The segmentation model for a task to carry, once some thread of the process has it (a handle to shared memory, not a copy). */
function withModel(): { segmentation?: ReturnType<typeof segmentationModel> } {
  const segmentation = segmentationModel();
  return segmentation ? { segmentation } : {};
}

/** What a step id names at the head of a sentence: `Page 3`, or the annotation appearances. */
function stepName(id: number): string {
  return id === STEP_APPEARANCES ? 'The annotation appearances (read after the pages)' : `Page ${id}`;
}

/**
 * What is left of a PDF read whose worker was stopped (a page past its time limit, the file past
 * its deadline, memory): the pages read before, from the journal, to be checked like any text,
 * and unread entries for the step that was stopped and for everything after it. Undefined (the
 * file is then unread as a whole) when the read was cancelled or left neither pages nor a step.
 */
export function stoppedRead(death: WorkerDeath, journal: SharedArrayBuffer): ExtractOutcome | undefined {
  if (death.reason === 'aborted') return undefined;
  const { parts, overflowPage } = readJournal(journal);
  if (parts.length === 0 && !death.step) return undefined;
  const pages = new Set<number>();
  for (const p of parts) if (p.role === 'body' && p.origin?.page) pages.add(p.origin.page);
  // Markings stand at the top of the first page that has text (as the reader itself marks it).
  const first = parts.find((p) => p.role === 'body' && p.id.startsWith('page-') && p.text.length > 0);
  if (first) first.leading = true;
  const kept = pages.size === 0 ? 'No page had been read by then.' : `The text of the ${pages.size} page(s) read before (${[...pages].slice(0, 3).join(', ')}${pages.size > 3 ? ' …' : ''}) was kept and checked.`;
  const unread: UnreadItem[] = [];
  const step = death.step;
  if (step) {
    const where = step.id === STEP_APPEARANCES ? 'annotation appearances' : `page ${step.id}`;
    unread.push({ where, reason: 'timeout', detail: `${death.message}.`, ...(step.id > 0 ? { origin: { page: step.id, filePart: where } } : {}) });
    const after = step.id > 0 ? `the pages after page ${step.id} and what the PDF holds besides its pages' text` : 'what the PDF holds besides its pages\' text';
    unread.push({ where: 'file', reason: 'timeout', detail: `The reader was stopped at ${where}: ${after} (annotation appearances, form fields, bookmarks, attachments, scripts, metadata, earlier revisions) were not read. ${kept}` });
  } else {
    unread.push({ where: 'file', reason: death.reason, detail: `not read whole: ${death.message}. ${kept}` });
  }
  if (overflowPage) {
    unread.push({ where: `page ${overflowPage}`, reason: 'limit', detail: `The text of page ${overflowPage} and the pages after it did not fit the memory kept for a stopped read: it was not checked.`, origin: { page: overflowPage, filePart: `page ${overflowPage}` } });
  }
  return {
    kind: 'extracted',
    sniffed: { format: 'pdf', mediaType: 'application/pdf' },
    extraction: { format: 'pdf', mediaType: 'application/pdf', parts, unread, info: { pagesRead: pages.size } },
  };
}

/** The pool of extraction workers. Started on first use; {@link close} stops every worker. */
export class ExtractionPool {
  readonly size: number;
  private readonly settings: Settings;
  private pool: Piscina | undefined;
  private readonly running = new Set<Running>();
  private watch: NodeJS.Timeout | undefined;
  private lastStop = -Infinity;
  /** Resident memory, MB, above which the longest-running read is stopped (set when the pool starts). */
  rssCeilingMb = 0;
  /** Workers that died (limit, deadline, crash) since the pool started. */
  deaths = 0;
  /** Times the workers were renewed to give memory back (see `recycleAboveRssMb`). */
  renewals = 0;
  /**
   * Workers that read the segmentation dictionary themselves because no thread of the process had
   * the model yet (usually one; two when the first two need it at the same moment).
   */
  segmentationBuilds = 0;
  /** Workers that built the trigger automaton themselves instead of mapping the one this thread built. */
  automatonBuilds = 0;
  /** Whether this pool took over workers started by {@link prestartExtractionWorkers}. */
  tookPrestarted = false;
  /**
   * When it took them over and wants readers they were not started with: the warm-up tasks that
   * load those on them (one per worker; what each reported).
   */
  preloading?: Promise<Array<PreloadResult | null>>;
  private readonly recycleAboveRssMb: number;
  private readonly recycleEveryFiles: number;
  private readonly recycleMaxCpuShare: number;
  private readonly tuneMalloc: boolean;
  private readonly mallocKeepFreeMb: number | undefined;
  /** CPU time of the process (µs) when the current workers started. */
  private cpuAtRenewal = 0;
  private filesSinceRenewal = 0;
  /**
   * The window being measured for what a renewal costs (see renewalOverheadMs), and its result.
   * After a renewal it is compared with the files before; after the pool's own start, which is a
   * renewal from nothing, with the window after it (`cold` holds the first).
   */
  private renewalWindow?: { cpuAt: number; files: number; cpuMsPerFileBefore?: number; cold?: { cpuMs: number; files: number } };
  private lastRenewalCostMs?: number;

  /**
   * What the last renewal, or the pool's own start (its first files run cold), was measured to cost
   * the process, CPU ms: the budget of the next renewal. Undefined until a window has been measured.
   */
  get renewalCostMs(): number | undefined {
    return this.lastRenewalCostMs;
  }
  private filesSinceTrim = 0;
  private idleTrim: NodeJS.Timeout | undefined;
  /** While fresh workers load their readers to take over (see {@link maybeRenew}): settles when they have. */
  renewal: Promise<void> | undefined;
  /** Set by {@link close}: a renewal finishing afterwards stops its workers. */
  private closed = false;
  /** Tasks under way per piscina pool: a renewed pool is destroyed when its last task ends. */
  private readonly inFlight = new Map<Piscina, number>();
  /** Pools replaced by a renewal whose workers are still finishing their files. */
  private readonly retired = new Set<Piscina>();
  /** Tasks waiting for a worker, in the order they get one. */
  private readonly waiting: QuickFirstQueue;
  /** Names the recipe: a worker builds one engine per key. */
  private recipeKey: string;
  /** The recipe in shared memory, made on first use (see {@link EngineRef}). */
  private engineRef: EngineRef | undefined;

  /** Builds the trigger automaton once for every worker (see {@link setRecipe}). */
  private automaton: (() => SharedAutomaton) | undefined;

  constructor(
    options: IsolationOptions = {},
    /** What workers build their detection engine from; without it {@link analyse} is not available. */
    private recipe?: EngineRecipe,
  ) {
    this.size = workersOf(options);
    this.waiting = new QuickFirstQueue(this.size);
    this.settings = settingsOf(options);
    this.recycleAboveRssMb = options.recycleAboveRssMb ?? 400;
    this.recycleEveryFiles = Math.max(1, options.recycleEveryFiles ?? 200);
    this.recycleMaxCpuShare = Math.max(0, options.recycleMaxCpuShare ?? 0.05);
    this.tuneMalloc = options.tuneMalloc ?? true;
    this.mallocKeepFreeMb = options.mallocKeepFreeMb;
    this.recipeKey = `recipe-${++recipeSerial}`;
  }

  /**
   * Sets what the workers build their detection engine from (before the first {@link analyse}).
   * With `automaton`, the recipe's trigger automaton is built once, here, when the first task needs
   * it, and every worker (renewed ones too) maps its tables instead of building its own.
   */
  setRecipe(recipe: EngineRecipe, automaton?: () => SharedAutomaton): void {
    this.recipe = recipe;
    this.automaton = automaton;
    // A new name too: workers that built an engine from an earlier recipe must not reuse it.
    this.recipeKey = `recipe-${++recipeSerial}`;
    this.engineRef = undefined;
  }

  /**
   * The recipe serialized once into shared memory: every task that may check text carries a handle
   * to it (no copy), and a worker reads it the first time it needs the engine. Sent as a message
   * instead, the recipe (every dictionary term) would be cloned for each task, or a worker without
   * the engine would need a second round trip to ask for it.
   */
  private engine(): EngineRef {
    if (!this.recipe) throw new Error('this pool was started without an engine recipe');
    if (!this.engineRef) {
      const bytes = serialize(this.recipe);
      const recipe = new SharedArrayBuffer(bytes.length);
      new Uint8Array(recipe).set(bytes);
      this.engineRef = { key: this.recipeKey, recipe, ...(this.automaton ? { automaton: this.automaton() } : {}) };
    }
    return this.engineRef;
  }

  /** Starts the workers now instead of on the first file. */
  warm(): void {
    this.start();
  }

  private readonly onMessage = (m: unknown): void => {
    if ((m as { prepubAutomatonBuilt?: boolean } | null)?.prepubAutomatonBuilt) this.automatonBuilds++;
    // A worker read the segmentation dictionary: the process keeps that model (the first offered)
    // and every later task carries it, so no other worker (nor this thread) reads its own.
    const model = (m as Partial<Shared> | null)?.prepubSegmentation;
    if (!model) return;
    this.segmentationBuilds++;
    if (!segmentationModel()) adoptSegmentationModel(model);
  };

  private start(): Piscina {
    if (this.pool) return this.pool;
    const onMessage = this.onMessage;
    // Workers started before this pool existed, with the same settings, are taken over.
    const key = workersKey(this.size, this.settings);
    let pool: Piscina;
    if (spare && spare.key === key) {
      pool = spare.pool;
      spare.route.onMessage = onMessage;
      // Readers this pool wants that the workers were not started with: loaded on each now, and
      // on every worker started later (a replacement), like the pool's own would.
      const missing = this.settings.preload.filter((r) => !spare!.preload.includes(r));
      spare = undefined;
      this.tookPrestarted = true;
      if (missing.length) {
        const started = pool;
        started.on('workerCreate', () => void preloadOn(started, missing));
        this.preloading = Promise.all(Array.from({ length: this.size }, () => preloadOn(started, missing)));
      }
    } else {
      void discardPrestartedWorkers();
      pool = newPiscina(this.size, this.settings, onMessage);
    }
    // Set by the first start: later ones (renewals) find the memory of the workers they replace still in use.
    this.rssCeilingMb ||= Math.round(
      this.settings.maxProcessRssMb ?? Math.min(0.8 * (totalmem() / MB), process.memoryUsage.rss() / MB + this.size * (this.settings.maxOldGenerationMb + 512)),
    );
    this.pool = pool;
    if (!this.cpuAtRenewal) {
      this.cpuAtRenewal = cpuMicros();
      // The pool's first files run cold, as after every renewal: what that costs is measured here.
      this.renewalWindow = { cpuAt: this.cpuAtRenewal, files: 0 };
    }
    // Before the readers free their first large buffer (which would raise glibc's threshold).
    if (this.tuneMalloc) {
      fixMallocMmapThreshold();
      if (this.mallocKeepFreeMb !== undefined) setMallocTrimThreshold(Math.round(this.mallocKeepFreeMb * MB));
    }
    return pool;
  }

  /** While files are being read, stops the oldest read when the process passes its memory ceiling. */
  private watchMemory(): void {
    if (this.watch) return;
    this.watch = setInterval(() => {
      if (this.running.size === 0) {
        clearInterval(this.watch);
        this.watch = undefined;
        return;
      }
      const rssMb = Math.round(process.memoryUsage.rss() / MB);
      // A stopped worker's memory takes a moment to go back: one stop, then a pause, never a cascade.
      if (rssMb <= this.rssCeilingMb || performance.now() - this.lastStop < STOP_PAUSE_MS) return;
      this.lastStop = performance.now();
      let oldest: Running | undefined;
      let oldestAt = Infinity;
      for (const r of this.running) {
        const at = startedAt(r);
        if (at !== undefined && !r.stop.signal.aborted && at < oldestAt) [oldest, oldestAt] = [r, at];
      }
      oldest?.stop.abort(new MemoryCeiling(rssMb, this.rssCeilingMb));
    }, WATCH_MS);
    this.watch.unref();
  }

  /**
   * Reads one file in a worker. The bytes are transferred: with `owned` the caller's buffer itself
   * (it is detached afterwards), otherwise a copy made here, once. Resolves with what the reader
   * returned; rejects with a {@link WorkerDeath} when the worker ran out of memory, passed its
   * deadline, crashed, or `signal` aborted the scan.
   *
   * With `check` (a pool with an engine recipe), the worker that read the file also checks its text
   * with the detectors, in the same task, when the file's text is the whole document's (nothing
   * embedded, no picture to OCR): the outcome is then `checked`, and only findings and the parts'
   * places come back. The check has its own deadline (`limits.fileTimeoutMs` again), as with {@link analyse}.
   */
  async extract(bytes: Uint8Array, req: ExtractRequest, signal: AbortSignal | undefined, owned = false, check?: Omit<CheckRequest, 'engine'>): Promise<ExtractOutcome> {
    const whole = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength && bytes.buffer instanceof ArrayBuffer;
    const sent = owned && whole ? bytes : bytes.slice();
    const withCheck = check && this.recipe ? { check: { ...check, engine: this.engine() }, ...withModel() } : {};
    // A PDF's pages are timed one by one from here, and their text kept where this thread reads it
    // if the worker has to be stopped (see progress.ts).
    const journal = hasPdfHeader(sent) ? this.takeJournal() : undefined;
    const quick = isQuickFile(sent);
    let died = false;
    try {
      const task = (began: BeginStamp) => ({ ...req, bytes: sent, began, ...(journal ? { journal } : {}), ...withCheck }) satisfies ExtractTask;
      return (await this.run(task, [sent.buffer as ArrayBuffer], req.limits.fileTimeoutMs, signal, true, quick, journal ? req.limits.pageTimeoutMs : undefined)) as ExtractOutcome;
    } catch (e) {
      died = true;
      const partial = journal && e instanceof WorkerDeath ? stoppedRead(e, journal) : undefined;
      if (partial) return partial;
      throw e;
    } finally {
      // A stopped worker may still be between its last instructions: its journal is not reused.
      if (journal && !died && this.journals.length < 2 * this.size) this.journals.push(journal);
    }
  }

  /** Page journals free for the next PDF (see progress.ts), at most two per worker kept. */
  private readonly journals: SharedArrayBuffer[] = [];

  private takeJournal(): SharedArrayBuffer {
    const j = this.journals.pop() ?? newJournal();
    resetJournal(j);
    return j;
  }

  /**
   * Checks one document's text parts with the detectors, in a worker (the same engine the calling
   * thread would build: see {@link EngineRecipe}). Bounded like a read: the file deadline and the
   * memory limits; a worker that dies here rejects with a {@link WorkerDeath}.
   */
  async analyse(parts: readonly TextPart[], options: AnalyzeOptions, limits: Limits, signal?: AbortSignal): Promise<AnalyzeOutcome> {
    const engine = this.engine();
    // The rest of a file already read: it goes with the quick ones, ahead of files not begun.
    return (await this.run((began) => ({ analyse: { parts, options }, engine, began, ...withModel() }) satisfies AnalyseTask, [], limits.fileTimeoutMs, signal, false, true)) as AnalyzeOutcome;
  }

  /**
   * Runs one task; `file` counts it as a file towards the next renewal; `quick` places it in
   * {@link QuickFirstQueue}; with `stepMs` (a PDF's page time limit) a step the worker says it began
   * (see `stampStep`) is stopped once it has run `stepMs + graceMs`.
   */
  private async run(task: (began: BeginStamp) => ExtractTask | AnalyseTask, transferList: ArrayBuffer[], timeoutMs: number, signal: AbortSignal | undefined, file: boolean, quick: boolean, stepMs?: number): Promise<unknown> {
    // Workers start on the first task, even one that has to wait.
    this.start();
    const hardMs = timeoutMs + this.settings.graceMs;
    const stepHardMs = stepMs !== undefined ? stepMs + this.settings.graceMs : undefined;
    const deadline = new AbortController();
    // Armed once the file is admitted (below): time held in QuickFirstQueue behind other files is not
    // this file's, and each file ahead is bounded by its own deadline.
    let timer: ReturnType<typeof setTimeout> | undefined;
    const both = signal ? AbortSignal.any([deadline.signal, signal]) : deadline.signal;
    const me: Running = { began: newBeginStamp(), stop: deadline };
    // The deadline is `hardMs` from when a worker last began the task (reading, then checking: each
    // has its own), read from the task's begin stamp when the timer fires (see deadlineStep).
    // A step (a PDF page) is due `stepHardMs` after it began: read from the same stamp.
    const check = (): void => {
      const now = nowEpochMs();
      const steps = stepHardMs !== undefined ? { hardMs: stepHardMs, running: stepOf(me.began, me.admittedAt!, now) } : undefined;
      const step = deadlineStep(now, me.admittedAt!, startedAt(me, now), hardMs, START_BUDGET_MS, steps);
      if (step.expired) deadline.abort(step.step ? new StepDeadline(step.step.id, Math.round(step.step.ranMs), stepMs!) : new Deadline(hardMs, step.begun));
      else timer = setTimeout(check, step.recheckInMs);
    };
    this.running.add(me);
    this.watchMemory();
    let pool: Piscina | undefined;
    let admitted = false;
    try {
      await this.waiting.enter(quick, both);
      admitted = true;
      // Cancelled, or the pool closed, between admission and now: no worker is started for it.
      if (both.aborted) throw both.reason;
      me.admittedAt = nowEpochMs();
      timer = setTimeout(check, Math.min(hardMs, stepHardMs ?? hardMs));
      // Chosen once admitted: a file that waited through a renewal goes to the fresh workers.
      pool = this.start();
      this.inFlight.set(pool, (this.inFlight.get(pool) ?? 0) + 1);
      return await pool.run(task(me.began), { transferList, signal: both });
    } catch (e) {
      throw this.classify(e, both, hardMs);
    } finally {
      clearTimeout(timer);
      this.running.delete(me);
      if (admitted) this.waiting.leave();
      if (pool) {
        const left = this.inFlight.get(pool)! - 1;
        if (left > 0) this.inFlight.set(pool, left);
        else {
          this.inFlight.delete(pool);
          if (this.retired.delete(pool)) void pool.destroy().then(this.trimSoon, () => undefined);
        }
      }
      if (file) this.maybeRenew();
    }
  }

  /**
   * Renews the workers when the process holds more memory than wanted: fresh workers start, and once
   * they have loaded their readers they take the new files, while the old ones finish the files they
   * are reading and are then destroyed (their heaps and the readers' caches go with them). Nothing
   * waits: draining the old workers first, or sending files to workers still starting, would leave
   * cores idle for as long as the longest read under way or a worker's start.
   */
  /** Trims glibc's arenas now (see `tuneMalloc`). */
  private trim(): void {
    clearTimeout(this.idleTrim);
    this.idleTrim = undefined;
    this.filesSinceTrim = 0;
    if (this.tuneMalloc) trimMalloc();
  }

  /**
   * Trims once the pool has stayed idle for a moment (no file being read), or once renewed workers
   * are gone: the memory the readers freed goes back while nothing needs it, without trimming
   * between the files of a caller that scans one at a time.
   */
  private readonly trimSoon = (): void => {
    if (!this.tuneMalloc || this.idleTrim) return;
    this.idleTrim = setTimeout(() => {
      this.idleTrim = undefined;
      if (this.running.size === 0) this.trim();
    }, IDLE_TRIM_MS);
    this.idleTrim.unref();
  };

  /** Counts a file into the window being measured (see `renewalWindow`) and, once it is full, what it shows. */
  private measureRenewalWindow(): void {
    const window = this.renewalWindow;
    if (!window || ++window.files < this.recycleEveryFiles || this.renewal) return;
    const now = cpuMicros();
    const cpuMs = (now - window.cpuAt) / 1000;
    this.renewalWindow = undefined;
    if (window.cpuMsPerFileBefore !== undefined) this.lastRenewalCostMs = renewalOverheadMs({ cpuMs, files: window.files, cpuMsPerFileBefore: window.cpuMsPerFileBefore });
    else if (!window.cold) this.renewalWindow = { cpuAt: now, files: 0, cold: { cpuMs, files: window.files } };
    else this.lastRenewalCostMs = renewalOverheadMs({ ...window.cold, cpuMsPerFileBefore: cpuMs / window.files });
  }

  private maybeRenew(): void {
    this.filesSinceRenewal++;
    this.filesSinceTrim++;
    if (TRIM_EVERY_FILES > 0 && this.filesSinceTrim >= TRIM_EVERY_FILES) this.trim();
    else if (this.running.size === 0) this.trimSoon();
    this.measureRenewalWindow();
    if (!this.recycleAboveRssMb || this.filesSinceRenewal < this.recycleEveryFiles || !this.pool || this.renewal) return;
    const cpu = cpuMicros();
    const due = renewalDue({
      aboveRssMb: this.recycleAboveRssMb,
      rssMb: process.memoryUsage.rss() / MB,
      everyFiles: this.recycleEveryFiles,
      filesSinceRenewal: this.filesSinceRenewal,
      maxCpuShare: this.recycleMaxCpuShare,
      workers: this.size,
      workerStartMs: workerStartCostMs(),
      cpuMsSinceRenewal: (cpu - this.cpuAtRenewal) / 1000,
      lastRenewalCostMs: this.lastRenewalCostMs,
    });
    if (!due) return;
    this.renewalWindow = { cpuAt: cpu, files: 0, cpuMsPerFileBefore: (cpu - this.cpuAtRenewal) / 1000 / Math.max(1, this.filesSinceRenewal) };
    this.cpuAtRenewal = cpu;
    this.filesSinceRenewal = 0;

    // The old workers keep taking files until every new one has loaded its readers: files neither
    // wait for the new workers to start nor leave the old ones idle meanwhile.
    const next = newPiscina(this.size, this.settings, this.onMessage);
    const preload = { bytes: new Uint8Array(0), limits: undefined as never, preload: this.settings.preload, ...withModel() } satisfies ExtractTask;
    this.renewal = Promise.all(Array.from({ length: this.size }, () => next.run(preload)))
      .catch(() => undefined)
      .then(() => {
        this.renewal = undefined;
        const old = this.pool;
        if (this.closed) return void next.destroy().catch(() => undefined);
        this.pool = next;
        this.renewals++;
        if (!old) return;
        if (this.inFlight.has(old)) this.retired.add(old);
        else void old.destroy().then(this.trimSoon, () => undefined);
      });
  }

  private classify(e: unknown, signal: AbortSignal, hardMs: number): WorkerDeath {
    const err = e as Error & { code?: string };
    if (signal.aborted) {
      if (signal.reason instanceof Deadline) {
        if (!signal.reason.begun) return new WorkerDeath('timeout', `no reader worker became free to read the file within ${hardMs + START_BUDGET_MS} ms`);
        this.deaths++;
        return new WorkerDeath('timeout', `the reader was still running after ${hardMs} ms and was stopped (its worker thread was terminated)`);
      }
      if (signal.reason instanceof StepDeadline) {
        this.deaths++;
        const r = signal.reason;
        return new WorkerDeath('timeout', `${stepName(r.id)} took longer than ${r.limitMs} ms: it was still being read after ${r.ranMs} ms, stuck inside one call where the reader's own timer cannot fire, and the reader was stopped (its worker thread was terminated)`, { id: r.id, ranMs: r.ranMs, limitMs: r.limitMs });
      }
      if (signal.reason instanceof MemoryCeiling) {
        this.deaths++;
        const r = signal.reason;
        return new WorkerDeath('limit', `the process reached ${r.rssMb} MB of memory (ceiling ${r.ceilingMb} MB) while this file was being read, the longest of the reads under way; its worker thread was stopped`);
      }
      if (signal.reason instanceof Closed) return new WorkerDeath('aborted', 'the reading pool was closed before a worker took the file');
      return new WorkerDeath('aborted', 'the scan was cancelled while the file was being read');
    }
    this.deaths++;
    if (err?.code === 'ERR_WORKER_OUT_OF_MEMORY') {
      return new WorkerDeath('limit', `the reader used more than the worker memory limit of ${this.settings.maxOldGenerationMb} MB and was stopped (${err.message})`);
    }
    return new WorkerDeath('crashed', `the reader's worker thread died: ${err?.message ?? String(e)}`);
  }

  /** Stops every worker. The pool restarts on the next {@link extract}. */
  async close(): Promise<void> {
    if (this.renewal) this.closed = true;
    clearTimeout(this.idleTrim);
    this.idleTrim = undefined;
    // Files still waiting for a worker end as cancelled (unread), not admitted later into workers
    // started after the close.
    for (const r of this.running) if (startedAt(r) === undefined) r.stop.abort(new Closed());
    const pools = [...this.retired, ...(this.pool ? [this.pool] : [])];
    this.pool = undefined;
    this.retired.clear();
    await Promise.all(pools.map((p) => p.destroy()));
  }
}
