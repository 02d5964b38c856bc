import type { Block, Explanation, FindingCategory, Severity, TextPart } from '../types.ts';
import type { NormalizedText } from '../normalize/normalize.ts';
import type { LineIndex } from './layout.ts';
import type { MessageRef } from '../i18n/index.ts';

/** Word segmentation, injected so the core stays free of native modules (nodejieba in the scanner). */
export interface Segmenter {
  /**
   * The tokens of `text`, in order, adding up to it. A newline separates: no token spans one, so
   * windows joined by newlines segment as they would one by one (the term detector relies on it,
   * and checks it).
   */
  cut(text: string): string[];
  /**
   * Optional: where the tokens of {@link cut} end (UTF-16 offsets, ascending, the last being
   * `text.length`), for callers that need only the boundaries (no token strings are made).
   */
  tokenEnds?(text: string): Int32Array;
}

/** Everything a detector sees for one part. */
export interface DetectContext {
  part: TextPart;
  norm: NormalizedText;
  lines: LineIndex;
  /** Blocks of the part, sorted (may be empty). */
  blocks: readonly Block[];
  segmenter?: Segmenter;
  /**
   * Facts about the whole document, gathered before any detector runs: the union of every
   * detector's {@link Detector.documentFacts} (a foreign banner on page 1 makes a bare `(S)` on
   * page 5 credible).
   */
  documentHints: DocumentHints;
  /**
   * Where the detector's {@link Detector.triggers} occur in `norm.text`, found by the engine's one
   * automaton pass (ordered by end, longest first at one end). Absent for detectors without triggers.
   */
  hits?: TriggerHits;
}

/** Occurrences of a detector's trigger words in a part, in normalized coordinates. */
export interface TriggerHits {
  count: number;
  starts: Int32Array;
  ends: Int32Array;
  /** Index into the detector's `triggers` of each hit. */
  triggers: Int32Array;
}

/**
 * Facts gathered across parts before detectors run, keyed by name. The engine knows none of them:
 * detectors state facts in {@link Detector.documentFacts} and read them in `ctx.documentHints`.
 */
export interface DocumentHints {
  /** A TOP SECRET / SECRET banner (or a foreign marking of that weight) stands somewhere in the document. */
  foreignBanner?: boolean;
  readonly [fact: string]: boolean | number | string | undefined;
}

/** One part as {@link Detector.documentFacts} sees it: normalized, with the detector's trigger hits. */
export interface FactsPart {
  part: TextPart;
  norm: NormalizedText;
  lines: LineIndex;
  /** The detector's own trigger hits in this part (absent for detectors without triggers). */
  hits?: TriggerHits;
}

/** Documentation of one rule id a detector reports (a detector may report several, e.g. `pii.*`). */
export interface RuleInfo {
  id: string;
  /** A short title for reports and rule lists. */
  title: string;
  /** The severity its strongest findings ask for under the default policy. */
  defaultSeverity: Severity;
  /** What it finds, with examples (a paragraph). */
  finds: string;
  /** Why it matters before publication. */
  why: string;
  /** How to handle a false alarm, when the generic waiver advice is not enough. */
  waive?: string;
}

/** A detector's report, in normalized coordinates of the part; the engine maps it to the original. */
export interface RawFinding {
  ruleId: string;
  category: FindingCategory;
  /** The highest severity this finding may have; the policy's thresholds decide the actual one. */
  maxSeverity: Severity;
  score: number;
  start: number;
  end: number;
  /** The English message; with {@link messageRef}, what `message(id, params)` returns. */
  message: string;
  /** The message as a catalogue id and parameters, rendered in the report's language. */
  messageRef?: MessageRef;
  explanation: Explanation;
  /** Mask the matched text itself in excerpts (personal data). */
  maskMatch?: boolean;
}

/** A detector: a small module with an id, documentation and its own fixtures. */
export interface Detector {
  /** Rule id prefix, e.g. `marking.cn-state-secret`. */
  id: string;
  /** One line for `prepub explain` and SARIF. */
  summary: string;
  /** Anchor of its section in the README's detector list (`marking-cn-state-secret`). */
  docs: string;
  /** A short title for reports (`State-secret marking`). */
  title?: string;
  /** The severity its strongest findings ask for, before policy. */
  defaultSeverity?: Severity;
  /** Where a reader learns more (a docs URL or repo-relative path). */
  helpUrl?: string;
  /**
   * The rules it reports, documented: `prepub explain`, SARIF rule metadata, the HTML report and
   * the README's detector list read them from here. A detector reporting only its own id may omit
   * it (then `title`, `summary` and `defaultSeverity` describe its one rule).
   */
  rules?: readonly RuleInfo[];
  /**
   * Facts about the whole document this detector contributes before any part is analyzed, from
   * every part's normalized text and its own trigger hits (the engine's one automaton pass, so no
   * part is searched twice). Every detector sees the merged facts in `ctx.documentHints`.
   */
  documentFacts?(parts: readonly FactsPart[]): Partial<DocumentHints>;
  /**
   * Words, in normalized form (see `normalizeTerm`), without which this detector finds nothing:
   * each of its findings starts with one or stands on a line holding one. The engine finds all
   * detectors' triggers in one automaton pass (ASCII case-insensitively) and calls `detect` only
   * for parts where some occur, with their positions in `ctx.hits`. A detector without triggers
   * reads the whole text itself.
   */
  triggers?: readonly string[];
  /**
   * For a detector with triggers: whether a part none of them occurs in may still hold what it
   * finds (a cheap test of the normalized text, such as "holds Cyrillic or Greek letters": a banner
   * typed with look-alike letters matches no trigger). The engine then calls `detect` with no hits.
   * `norm`, when given, is the normalized text whose `facts` may answer without a scan.
   */
  mayMatchWithoutTriggers?(text: string, norm?: NormalizedText): boolean;
  detect(ctx: DetectContext): RawFinding[];
}

/**
 * The distinct start positions of the detector's trigger hits, ascending (hits arrive ordered by
 * end). Called outside the engine (no `ctx.hits`), it finds the triggers itself.
 */
export function hitStarts(ctx: DetectContext, triggers: readonly string[]): Int32Array {
  const hits = ctx.hits ?? findTriggers(ctx.norm.text, triggers);
  if (hits.count === 0) return new Int32Array(0);
  const s = hits.starts.slice(0, hits.count);
  // Ordered by end, the starts are mostly ascending already: sort only when they are not.
  let sorted = true;
  for (let i = 1; i < s.length && sorted; i++) sorted = s[i - 1] <= s[i];
  if (!sorted) s.sort();
  let n = 1;
  for (let i = 1; i < s.length; i++) if (s[i] !== s[n - 1]) s[n++] = s[i];
  return s.subarray(0, n);
}

/** Trigger occurrences by plain search, ASCII case folded as the engine folds it: for detectors called without an engine, and for text a detector rewrote. */
export function findTriggers(text: string, triggers: readonly string[]): TriggerHits {
  const starts: number[] = [];
  const ends: number[] = [];
  const which: number[] = [];
  // ASCII case folded as the engine's automaton folds it (MIMI★ hits the trigger i★ there too); the
  // fold keeps every offset.
  const folded = asciiLower(text);
  triggers.forEach((trigger, ti) => {
    const t = asciiLower(trigger);
    for (let i = folded.indexOf(t); i >= 0; i = folded.indexOf(t, i + 1)) {
      starts.push(i);
      ends.push(i + t.length);
      which.push(ti);
    }
  });
  return { count: starts.length, starts: Int32Array.from(starts), ends: Int32Array.from(ends), triggers: Int32Array.from(which) };
}

/** ASCII letters lower-cased, nothing else changed (String#toLowerCase would fold other scripts and may change lengths). */
function asciiLower(s: string): string {
  return /[A-Z]/.test(s) ? s.replace(/[A-Z]+/g, (run) => run.toLowerCase()) : s;
}

/**
 * What a global regex would find in `text` (leftmost first, never inside a match already read),
 * but tried only where the detector's triggers start. `sticky` has the `y` flag, and each of its
 * matches starts with a trigger. `text` is the part's normalized text or a same-length rewrite.
 */
export function* matchesAtTriggers(ctx: DetectContext, triggers: readonly string[], sticky: RegExp, text: string): Generator<RegExpExecArray> {
  let consumed = 0;
  for (const at of hitStarts(ctx, triggers)) {
    if (at < consumed) continue;
    sticky.lastIndex = at;
    const m = sticky.exec(text);
    if (!m) continue;
    consumed = at + m[0].length;
    yield m;
  }
}
