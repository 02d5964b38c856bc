/**
 * The code a pool worker runs: sniff + extractor for one file, the result sent back as plain data.
 * Loaded once per worker thread, so pdf.js and the other readers load once per worker, not per file.
 */
import { parentPort } from 'node:worker_threads';
import { Piscina, workerData } from 'piscina';
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
  key?: number;
}

/** This worker's engine: built on the first text it checks, from the recipe the pool started it with. */
let engineFactory: EngineFactory | undefined;
function analyse(task: AnalyseTask): AnalyzeOutcome {
  const recipe = (workerData as { recipe?: EngineRecipe } | undefined)?.recipe;
  if (!recipe) throw new Error('this worker was started without an engine recipe');
  engineFactory ??= setupEngine(recipe);
  return engineFactory.engine().analyzeAll(task.analyse.parts, task.analyse.options);
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
    // The engine too, when this worker checks text: the first file does not wait for it.
    if ((workerData as { recipe?: EngineRecipe } | undefined)?.recipe) engineFactory ??= setupEngine((workerData as { recipe: EngineRecipe }).recipe), engineFactory.engine();
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
