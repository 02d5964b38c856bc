/**
 * Building the detection engine from plain data. The scanner builds one where it analyses text
 * itself; each pool worker builds its own from the same recipe, so text is analysed on every core
 * with the very same dictionaries, allowlist and policy as the calling thread would use.
 *
 * The costly part, the automaton over every detector's triggers and the dictionary's terms (~0.3
 * CPU-s with 10,000 terms), is built once per process: the calling thread builds it and hands its
 * tables to the workers in shared memory ({@link SharedAutomaton}), so a worker, a renewed one
 * included, only maps them.
 */
import { createHash } from 'node:crypto';
import {
  AhoCorasick,
  Allowlist,
  BUILTIN_DETECTORS,
  CompiledDictionary,
  Engine,
  automatonFromSnapshot,
  createTermDetector,
  resolvePolicy,
  snapshotAutomaton,
  type AllowEntry,
  type Detector,
  type DictionaryEntry,
  type PolicyInput,
} from '@prepub/core';
import { createJiebaSegmenter } from './segmenter.ts';

/** Everything an engine is built from; structured-cloneable, so it can travel to a worker thread. */
export interface EngineRecipe {
  terms: DictionaryEntry[];
  allow: AllowEntry[];
  policy: PolicyInput;
}

/** A built trigger automaton in shared memory, for threads whose engines have the same triggers. */
export interface SharedAutomaton {
  /** Names the triggers it was built from (see {@link triggerKey}): used only by engines with the same. */
  key: string;
  /** The automaton's tables (`snapshotAutomaton`), over a SharedArrayBuffer. */
  bytes: Uint8Array;
}

/** The compiled dictionary (the scanner reports its size) and, lazily, the engine built on it. */
export interface EngineFactory {
  compiled: CompiledDictionary;
  detectors: readonly Detector[];
  /** Built on first call: a scanner whose text is analysed in workers never builds one here. */
  engine(): Engine;
  /** The trigger automaton in shared memory, built (or taken from the engine) on first call. */
  sharedAutomaton(): SharedAutomaton;
  /** Whether this factory built the automaton itself (none was shared, or the one shared did not fit). */
  builtAutomaton(): boolean;
}

/** A digest of the trigger words in order: two engines with the same key match with the same automaton. */
export function triggerKey(patterns: readonly string[]): string {
  // The digest of every pattern followed by a NUL, hashed as one string: one call instead of two
  // per pattern (~10 ms less for 11,000 triggers, in this thread and in every worker).
  return createHash('sha256').update(patterns.length ? `${patterns.join('\u0000')}\u0000` : '').digest('hex');
}

/**
 * @param shared an automaton another thread built; used when its triggers are this recipe's,
 *   otherwise (a different recipe, a damaged block) the engine builds its own.
 */
export function setupEngine(recipe: EngineRecipe, extraDetectors: readonly Detector[] = [], shared?: SharedAutomaton): EngineFactory {
  const policy = resolvePolicy(recipe.policy);
  const compiled = new CompiledDictionary(recipe.terms);
  const detectors = [...BUILTIN_DETECTORS, ...extraDetectors, createTermDetector(compiled)];
  let engine: Engine | undefined;
  let automaton: AhoCorasick | undefined;
  let own: SharedAutomaton | undefined;
  let patterns: string[] | undefined;
  let built = false;
  const triggers = (): string[] => (patterns ??= Engine.triggerPatterns(detectors));
  const theAutomaton = (): AhoCorasick => {
    if (automaton) return automaton;
    if (shared && shared.key === triggerKey(triggers())) {
      try {
        automaton = automatonFromSnapshot(shared.bytes);
        if (automaton.patternLengths.length !== triggers().length) automaton = undefined;
      } catch {
        automaton = undefined;
      }
      if (automaton) return automaton;
    }
    built = true;
    return (automaton = new AhoCorasick(triggers()));
  };
  return {
    compiled,
    detectors,
    engine() {
      if (engine) return engine;
      const allowlist = new Allowlist([...recipe.allow, ...policy.allowlist]);
      const segmenter = createJiebaSegmenter(compiled.entries.filter((e) => e.boundary === 'word').map((e) => e.normalized));
      const list = triggers();
      engine = new Engine({ detectors, policy, allowlist, segmenter, ...(list.length ? { automaton: theAutomaton() } : {}) });
      return engine;
    },
    sharedAutomaton() {
      if (own) return own;
      if (shared && shared.key === triggerKey(triggers())) return (own = shared);
      own = { key: triggerKey(triggers()), bytes: snapshotAutomaton(theAutomaton()) };
      return own;
    },
    builtAutomaton: () => built,
  };
}
