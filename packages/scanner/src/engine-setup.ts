/**
 * Building the detection engine from plain data. The scanner builds one where it analyses text
 * itself; each pool worker builds its own from the same recipe, so text is analysed on every core
 * with the very same dictionaries, allowlist and policy as the calling thread would use.
 */
import { Allowlist, BUILTIN_DETECTORS, CompiledDictionary, Engine, createTermDetector, resolvePolicy, type AllowEntry, type Detector, type DictionaryEntry, type PolicyInput } from '@prepub/core';
import { createJiebaSegmenter } from './segmenter.ts';

/** Everything an engine is built from; structured-cloneable, so it can travel to a worker thread. */
export interface EngineRecipe {
  terms: DictionaryEntry[];
  allow: AllowEntry[];
  policy: PolicyInput;
}

/** The compiled dictionary (the scanner reports its size) and, lazily, the engine built on it. */
export interface EngineFactory {
  compiled: CompiledDictionary;
  detectors: readonly Detector[];
  /** Built on first call: a scanner whose text is analysed in workers never builds one here. */
  engine(): Engine;
}

export function setupEngine(recipe: EngineRecipe, extraDetectors: readonly Detector[] = []): EngineFactory {
  const policy = resolvePolicy(recipe.policy);
  const compiled = new CompiledDictionary(recipe.terms);
  const detectors = [...BUILTIN_DETECTORS, ...extraDetectors, createTermDetector(compiled)];
  let engine: Engine | undefined;
  return {
    compiled,
    detectors,
    engine() {
      if (engine) return engine;
      const allowlist = new Allowlist([...recipe.allow, ...policy.allowlist]);
      const segmenter = createJiebaSegmenter(compiled.entries.filter((e) => e.boundary === 'word').map((e) => e.normalized));
      engine = new Engine({ detectors, policy, allowlist, segmenter });
      return engine;
    },
  };
}
