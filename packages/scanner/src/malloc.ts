/**
 * glibc's malloc, tuned from inside the process. Reading workers free many large buffers (decoded
 * pictures, inflate output, pdf.js's streams); freeing one that glibc had mapped on its own raises
 * glibc's mmap threshold for the whole process (up to 32 MB) and its trim threshold with it, after
 * which every buffer below that size is carved from a thread's arena and its pages stay resident
 * when freed: ~110 MB of free memory kept over samples/ (bench/RESULTS.md, "Steady memory of the
 * reading pool"). `MALLOC_MMAP_THRESHOLD_` fixes that, but glibc reads it only when the process
 * starts; `mallopt` does the same at any time. Node has no binding for either, so the patched
 * nodejieba addon (patches/nodejieba@3.5.8.patch, built from source at install) carries two small
 * functions: its native module is loaded for them alone (no dictionary is read).
 *
 * Everything here is best effort and never throws: without glibc (the addon is then compiled
 * without the calls), or without the addon, each call returns false and nothing changes.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** The functions the patched addon exports (`mallocTrimThreshold` only from builds of the newer patch). */
interface MallocBinding {
  mallocMmapThreshold(bytes: number): boolean;
  mallocTrim(): boolean;
  mallocTrimThreshold?(bytes: number): boolean;
}

/**
 * Blocks of this size and above are mapped on their own and unmapped when freed: glibc's own
 * starting value (128 KiB). Once set, glibc no longer raises it (nor the trim threshold).
 */
export const MMAP_THRESHOLD_BYTES = 128 * 1024;

let binding: MallocBinding | null | undefined;

function load(): MallocBinding | null {
  if (binding !== undefined) return binding;
  binding = null;
  // Other systems have other allocators (and no glibc): nothing to tune.
  if (process.platform !== 'linux') return binding;
  try {
    const require = createRequire(import.meta.url);
    const b = require(join(dirname(require.resolve('nodejieba/package.json')), 'build/Release/nodejieba.node')) as Partial<MallocBinding>;
    // A binding built without the patch (an older install) lacks them.
    if (typeof b.mallocMmapThreshold === 'function' && typeof b.mallocTrim === 'function') binding = b as MallocBinding;
  } catch {
    // No loadable addon: the process keeps glibc's defaults.
  }
  return binding;
}

let thresholdSet: boolean | undefined;

/**
 * Fixes glibc's mmap threshold at {@link MMAP_THRESHOLD_BYTES} for the whole process (once; later
 * calls return the first result). True when glibc took it; false elsewhere (no glibc, no addon).
 */
export function fixMallocMmapThreshold(): boolean {
  if (thresholdSet === undefined) {
    const b = load();
    try {
      thresholdSet = b ? b.mallocMmapThreshold(MMAP_THRESHOLD_BYTES) : false;
    } catch {
      thresholdSet = false;
    }
  }
  return thresholdSet;
}

/** The trim threshold {@link setMallocTrimThreshold} last set in this process (bytes), or undefined: glibc's own. */
let trimThresholdSet: number | undefined;

/**
 * Lets every arena keep up to `bytes` of free memory at its top instead of giving it back to the
 * system at once (glibc's `M_TRIM_THRESHOLD`; 128 KiB once the mmap threshold is fixed). The compiler
 * threads and the readers free and take again megabytes a file: each time the arena shrank, the
 * next file faulted the same pages in again (bench/RESULTS.md: `prepub scan` over 238 realistic
 * files took 110,000 page faults, 78,000 with 8 MiB kept). Costs that much resident memory per
 * busy arena at most. True when glibc took it; false elsewhere (no glibc, an addon without it).
 */
export function setMallocTrimThreshold(bytes: number): boolean {
  const b = load();
  let ok = false;
  try {
    ok = b?.mallocTrimThreshold ? b.mallocTrimThreshold(bytes) : false;
  } catch {
    ok = false;
  }
  if (ok) trimThresholdSet = bytes;
  return ok;
}

/** The trim threshold set by {@link setMallocTrimThreshold} in this process, bytes; undefined while glibc's own applies. */
export function mallocTrimThreshold(): number | undefined {
  return trimThresholdSet;
}

/** Calls of {@link trimMalloc} in this process, those that released memory, and the time they took (µs). */
export const mallocTrimStats = { calls: 0, released: 0, micros: 0 };

/**
 * Gives the free pages of every malloc arena of the process back to the system (`malloc_trim(0)`),
 * a few ms for a few hundred MB of arenas. True when some memory was released.
 */
export function trimMalloc(): boolean {
  const b = load();
  if (!b) return false;
  const t0 = performance.now();
  let released = false;
  try {
    released = b.mallocTrim();
  } catch {
    released = false;
  }
  mallocTrimStats.calls++;
  if (released) mallocTrimStats.released++;
  mallocTrimStats.micros += Math.round((performance.now() - t0) * 1000);
  return released;
}

/** Whether the tuning functions are available in this process (glibc Linux with the patched addon). */
export function mallocTuningAvailable(): boolean {
  return load() !== null;
}
