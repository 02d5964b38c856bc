/**
 * The code a pool worker runs: sniff + extractor for one file, the result sent back as plain data.
 * Loaded once per worker thread, so pdf.js and the other readers load once per worker, not per file.
 */
import { parentPort } from 'node:worker_threads';
import { Piscina } from 'piscina';
import type { AnalyzeOptions, AnalyzeOutcome, TextPart } from '@prepub/core';
import { setupEngine, type EngineRecipe, type EngineFactory } from './engine-setup.ts';
import { extractFile, preloadExtractor, type ExtractOutcome, type ExtractRequest } from './extract.ts';

/** One task: the file's bytes (transferred, not copied) and how to read them. */
export interface ExtractTask extends ExtractRequest {
  bytes: Uint8Array;
  /** Set on the warm-up task a worker gets at start: load these readers, read nothing. */
  preload?: string[];
  /** Names the task in the "begun" message the pool times its deadline from. */
  key?: number;
}

/** One document's text to check with the detectors. */
export interface AnalyseTask {
  analyse: { parts: readonly TextPart[]; options: AnalyzeOptions };
  /** Names the scanner's recipe; the recipe itself comes along only when this worker asked for it. */
  recipeKey: string;
  recipe?: EngineRecipe;
  key?: number;
}

/** The findings, or a request for the recipe this worker has not built an engine from yet. */
export type AnalyseAnswer = AnalyzeOutcome | { needRecipe: true };

/**
 * This worker's engines, one per scanner recipe (a process may hold scanners with different
 * dictionaries or policies); each built on the first text it checks.
 */
const engines = new Map<string, EngineFactory>();
function analyse(task: AnalyseTask): AnalyseAnswer {
  let factory = engines.get(task.recipeKey);
  if (!factory) {
    if (!task.recipe) return { needRecipe: true };
    factory = setupEngine(task.recipe);
    engines.set(task.recipeKey, factory);
  }
  return factory.engine().analyzeAll(task.analyse.parts, task.analyse.options);
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
  if (outcome.kind === 'image') outcome.bytes = own(outcome.bytes);
  if (outcome.kind === 'extracted') {
    const x = outcome.extraction;
    for (const p of x.parts) if (p.units) p.units = own(p.units);
    for (const img of x.images ?? []) img.bytes = own(img.bytes);
    for (const e of x.embedded ?? []) e.bytes = own(e.bytes);
  }
  return list;
}

export default async function extractTask(task: ExtractTask | AnalyseTask): Promise<unknown> {
  if ('analyse' in task) {
    if (task.key !== undefined) parentPort?.postMessage({ prepubBegin: task.key });
    return analyse(task);
  }
  if (task.preload) {
    for (const f of task.preload) await preloadExtractor(f);
    return null;
  }
  if (task.key !== undefined) parentPort?.postMessage({ prepubBegin: task.key });
  const { bytes, key: _key, ...req } = task;
  const outcome = await extractFile(bytes, req);
  // A reader that did not stop when its time ran out is still running here: this worker must not
  // take another file. Wait to be terminated by the pool's hard deadline (the file is then unread,
  // reason timeout) instead of answering.
  if (outcome.kind === 'failed' && outcome.abandoned) await new Promise<never>(() => undefined);
  const transfer = movable(outcome);
  return Piscina.move({ [Piscina.transferableSymbol]: transfer, [Piscina.valueSymbol]: outcome } as never);
}
