/**
 * The pure engine: located text parts in, findings in original coordinates out. No I/O.
 * normalize (offset map) → one automaton pass for every detector's trigger words → detectors
 * (normalized coordinates) → map back → locate in blocks → policy (severity, allowlist, waivers)
 * → findings.
 */
import * as crypto from 'node:crypto';
import type { Block, Finding, FindingLocation, SourceMap, SourceRange, TextPart } from './types.ts';
import { isRoleVisible } from './types.ts';
import { FACT_SUSPECT, NormalizeArena, mayHold, normalize, normalizeLazy, toOriginalSpan, type NormalizedText } from './normalize/normalize.ts';
import { markWithoutSuspectUnits } from './quality.ts';
import { hasLazyText, partLength, partSlice } from './part-text.ts';
import { displayOrderReading } from './display-order.ts';
import { LineIndex, blockAt } from './detectors/layout.ts';
import type { Detector, DocumentHints, RawFinding, Segmenter, TriggerHits } from './detectors/types.ts';
import { AhoCorasick, patternsDigest } from './match/aho-corasick.ts';
import { Allowlist, findWaiver, isRuleEnabled, severityFor, type Policy } from './policy/policy.ts';

/** What an engine is built from, once (a scanner builds one). */
export interface EngineSetup {
  detectors: Detector[];
  policy: Policy;
  allowlist: Allowlist;
  segmenter?: Segmenter;
  /**
   * The automaton over the detectors' triggers ({@link Engine.triggerPatterns}), already built: e.g.
   * restored from a snapshot another thread made (`automatonFromSnapshot`), so threads do not each
   * build the same one. It must have been built from exactly those patterns, in that order.
   */
  automaton?: AhoCorasick;
}

/** Per-document settings of {@link Engine.analyze}. */
export interface AnalyzeOptions {
  /** Mask excerpts (default true). */
  mask?: boolean;
  /** Mixed into fingerprints so waivers apply to one document (e.g. its SHA-256). */
  documentKey?: string;
  /** Today's date (YYYY-MM-DD) for waiver expiry; injectable for tests. */
  today?: string;
}

export type EngineOptions = EngineSetup & AnalyzeOptions;

/** A detector that threw on a part: its findings there are lost, every other detector's are kept. */
export interface DetectorFailure {
  detector: string;
  part: string;
  message: string;
}

/** What {@link Engine.analyzeAll} returns: every finding, and the detectors that failed. */
export interface AnalyzeOutcome {
  findings: Finding[];
  /** Non-empty means part of the text was not fully checked: a scanner makes each a scan error (never pass). */
  failures: DetectorFailure[];
  /**
   * Readings the engine made of a part and checked besides it (`body@display`: the part in the
   * order a bidirectional override draws it), for the coverage list; absent when none was made.
   */
  readings?: Array<{ id: string; role: TextPart['role']; origin: TextPart['origin']; chars: number }>;
}

const EXCERPT_CONTEXT = 12;
/** Findings one detector may report for one part; the rest are counted, not listed. */
const MAX_FINDINGS_PER_DETECTOR = 1000;
/**
 * Trigger hits one detector examines in one part. Crafted text (megabytes of 机密★) would otherwise
 * keep a detector busy for minutes; beyond this many the rest of the part is not examined, and that
 * is reported as a failure, so the verdict cannot be pass.
 */
export const MAX_HITS_PER_DETECTOR = 20_000;

/** Masks personal data: keeps the first 3 and last 2 characters. */
export function maskValue(s: string): string {
  if (s.length <= 6) return '*'.repeat(s.length);
  return s.slice(0, 3) + '*'.repeat(s.length - 5) + s.slice(-2);
}

const clean = (s: string): string => s.replace(/\s+/g, ' ');

function excerptOf(part: TextPart, start: number, end: number, maskMatch: boolean, mask: boolean): string {
  const length = partLength(part);
  const a = Math.max(0, start - EXCERPT_CONTEXT);
  const b = Math.min(length, end + EXCERPT_CONTEXT);
  const match = partSlice(part, start, end);
  const shown = mask && maskMatch ? maskValue(match) : match;
  return `${a > 0 ? '…' : ''}${clean(partSlice(part, a, start))}【${clean(shown)}】${clean(partSlice(part, end, b))}${b < length ? '…' : ''}`;
}

function lineAndColumn(part: TextPart, offset: number, cache: { starts?: Int32Array }): { line: number; column: number } {
  if (!cache.starts) {
    const s: number[] = [0];
    if (hasLazyText(part)) {
      // A plain loop: the typed array's indexOf costs a builtin call per line (~3,000 in 210 kB of prose).
      const u = part.units;
      for (let i = 0, n = u.length; i < n; i++) if (u[i] === 0x0a) s.push(i + 1);
    } else {
      const original = part.text;
      for (let i = original.indexOf('\n'); i >= 0; i = original.indexOf('\n', i + 1)) s.push(i + 1);
    }
    cache.starts = Int32Array.from(s);
  }
  const starts = cache.starts;
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, column: offset - starts[lo] + 1 };
}

/** The source range units `[start, end)` of a part came from (they may come from anywhere in it, in any order). */
function sourceRange(map: SourceMap, start: number, end: number): SourceRange {
  let s = Infinity;
  let e = 0;
  for (let k = start; k < Math.max(end, start + 1) && k < map.starts.length; k++) {
    s = Math.min(s, map.starts[k]);
    e = Math.max(e, map.ends[k]);
  }
  if (s === Infinity) s = e = map.ends.length ? map.ends[map.ends.length - 1] : 0;
  const range: SourceRange = { start: s, end: e, unit: map.unit };
  const ls = map.lineStarts;
  if (ls?.length) {
    let lo = 0;
    let hi = ls.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (ls[mid] <= s) lo = mid;
      else hi = mid - 1;
    }
    range.line = lo + 1;
    range.column = s - ls[lo] + 1;
  }
  return range;
}

function locate(part: TextPart, start: number, end: number, cache: { starts?: Int32Array }): FindingLocation {
  const { line, column } = lineAndColumn(part, start, cache);
  const loc: FindingLocation = {
    ...part.origin,
    part: part.id,
    role: part.role,
    visible: isRoleVisible(part.role),
    start,
    end,
    line,
    column,
  };
  if (part.source) loc.source = sourceRange(part.source, start, end);
  const blk: Block | undefined = part.blocks?.length ? blockAt(part.blocks, start) : undefined;
  if (blk) {
    if (blk.index !== undefined) loc.paragraph = blk.index;
    loc.blockKind = blk.kind;
    if (blk.page !== undefined) loc.page = blk.page;
    if (blk.row !== undefined && blk.column !== undefined) loc.cell = { row: blk.row, column: blk.column };
    // The tightest box: the words the finding covers, else the block's box.
    const words = blk.words?.filter((w) => w.start < end && w.end > start);
    if (words && words.length) {
      // A loop, not Math.min(...spread): a line of very many words would overflow the stack.
      let x0 = Infinity;
      let y0 = Infinity;
      let x1 = -Infinity;
      let y1 = -Infinity;
      for (const w of words) {
        x0 = Math.min(x0, w.box.x);
        y0 = Math.min(y0, w.box.y);
        x1 = Math.max(x1, w.box.x + w.box.width);
        y1 = Math.max(y1, w.box.y + w.box.height);
      }
      const r2 = (v: number): number => Math.round(v * 100) / 100;
      loc.box = { x: r2(x0), y: r2(y0), width: r2(x1 - x0), height: r2(y1 - y0), unit: words[0].box.unit };
    } else if (blk.box) loc.box = blk.box;
  }
  return loc;
}

/** One-shot SHA-256 in hex (`crypto.hash`, Node ≥ 20.12: no Hash object per finding), else createHash. */
const sha256Hex: (s: string) => string =
  typeof (crypto as { hash?: unknown }).hash === 'function'
    ? (s) => (crypto as unknown as { hash(algorithm: string, data: string, encoding: 'hex'): string }).hash('sha256', s, 'hex')
    : (s) => crypto.createHash('sha256').update(s).digest('hex');

function fingerprint(documentKey: string, raw: RawFinding, partId: string, matched: string, occurrence: number): string {
  return sha256Hex(`${documentKey}\u0000${raw.ruleId}\u0000${partId}\u0000${matched}\u0000${occurrence}`).slice(0, 24);
}

/**
 * A prebuilt automaton must number exactly these patterns: one built over other words of the same
 * count would silently find nothing where a detector expects its trigger. The digest of the
 * patterns it was built over says so (one hash, not a search: 25 ms of every worker's start with
 * a 10,000-term dictionary); without an equal digest, each pattern must be found, under its own
 * number, over its whole length.
 */
function assertBuiltOver(automaton: AhoCorasick, patterns: readonly string[]): void {
  const n = automaton.patternLengths.length;
  if (n !== patterns.length) throw new Error(`the automaton given was built over ${n} patterns, not the detectors' ${patterns.length}`);
  // One pass over every pattern written out, NUL between them (no trigger holds a NUL).
  const ends = new Int32Array(n);
  let at = 0;
  patterns.forEach((p, i) => {
    if (automaton.patternLengths[i] !== p.length) throw new Error(`the automaton given was not built over the detectors' triggers (pattern ${i})`);
    at += p.length;
    ends[i] = at;
    at += 1;
  });
  if (automaton.patternsDigest === patternsDigest(patterns)) return;
  const found = new Uint8Array(n);
  const m = automaton.search(patterns.join('\u0000'));
  for (let k = 0; k < m.count; k++) if (m.ends[k] === ends[m.patterns[k]]) found[m.patterns[k]] = 1;
  const missing = found.indexOf(0);
  if (missing >= 0) throw new Error(`the automaton given was not built over the detectors' triggers (pattern ${missing})`);
}

/** Prepared parts: normalized once, shared by every detector. */
interface Prepared {
  part: TextPart;
  norm: NormalizedText;
  lines: LineIndex;
  hits: Array<TriggerHits | undefined>;
}

/**
 * The facts every detector states about the whole document (see {@link Detector.documentFacts}).
 * A function of its own, outside {@link Engine.analyzeAll}: inlined there, the fact-finders' first
 * calls with shapes not seen before deoptimised the whole analysis: 3-4 optimising compiles of it
 * in a fresh process (25-60 ms of compiler time each), now 2.
 */
function documentHintsOf(detectors: readonly Detector[], prepared: readonly Prepared[], failures: DetectorFailure[]): DocumentHints {
  let hints: DocumentHints = {};
  for (let di = 0; di < detectors.length; di++) {
    const d = detectors[di];
    if (!d.documentFacts) continue;
    try {
      hints = { ...hints, ...d.documentFacts(prepared.map((p) => ({ part: p.part, norm: p.norm, lines: p.lines, hits: p.hits[di] }))) };
    } catch (e) {
      failures.push({ detector: d.id, part: 'document', message: `document facts: ${(e as Error)?.message ?? String(e)}` });
    }
  }
  return hints;
}

/**
 * The detectors, policy and allowlist compiled once: every detector's trigger words (the
 * dictionary's terms, the marking detectors' level words) go into one automaton, so a part is
 * matched in one pass however many detectors look at it.
 */
export class Engine {
  private readonly setup: EngineSetup;
  private readonly automaton: AhoCorasick | undefined;
  /** For each pattern of the automaton: which detector it triggers, and which of its triggers it is. */
  private readonly owner: Int32Array;
  private readonly local: Int32Array;
  private readonly triggerLengths: Int32Array;
  /** Every analysis normalizes into the same memory (valid until the next analysis starts). */
  private readonly arena = new NormalizeArena();

  constructor(setup: EngineSetup) {
    this.setup = setup;
    const patterns: string[] = [];
    const owner: number[] = [];
    const local: number[] = [];
    setup.detectors.forEach((d, di) => {
      d.triggers?.forEach((t, ti) => {
        patterns.push(t);
        owner.push(di);
        local.push(ti);
      });
    });
    if (setup.automaton) assertBuiltOver(setup.automaton, patterns);
    this.automaton = patterns.length ? setup.automaton ?? new AhoCorasick(patterns) : undefined;
    this.owner = Int32Array.from(owner);
    this.local = Int32Array.from(local);
    this.triggerLengths = Int32Array.from(patterns, (p) => p.length);
  }

  /** Every detector's trigger words in the order the engine's automaton numbers them. */
  static triggerPatterns(detectors: readonly Detector[]): string[] {
    return detectors.flatMap((d) => d.triggers ?? []);
  }

  /** Trigger hits of one part, one list per detector (undefined for detectors without triggers). */
  private triggerHits(norm: NormalizedText): Array<TriggerHits | undefined> {
    const { detectors } = this.setup;
    if (!this.automaton) return detectors.map((d) => (d.triggers ? emptyHits() : undefined));
    const m = this.automaton.searchUnits(norm.units);
    const { owner, local, triggerLengths } = this;
    const mp = m.patterns;
    const me = m.ends;
    // Each detector's hits counted first, so its arrays are made once at their size (growing them
    // by doubling copied every hit of a regulation's many level words about twice); then one pass
    // writes every hit straight into its detector's arrays at a cursor.
    const counts = new Int32Array(detectors.length);
    for (let k = 0; k < m.count; k++) counts[owner[mp[k]]]++;
    const perDetector = detectors.map((d, di) => (d.triggers ? sizedHits(Math.max(16, counts[di])) : undefined));
    const starts: Int32Array[] = [];
    const ends: Int32Array[] = [];
    const triggers: Int32Array[] = [];
    const none = new Int32Array(0);
    for (const h of perDetector) {
      starts.push(h ? h.starts : none);
      ends.push(h ? h.ends : none);
      triggers.push(h ? h.triggers : none);
    }
    counts.fill(0);
    for (let k = 0; k < m.count; k++) {
      const p = mp[k];
      const d = owner[p];
      const at = counts[d]++;
      const end = me[k];
      starts[d][at] = end - triggerLengths[p];
      ends[d][at] = end;
      triggers[d][at] = local[p];
    }
    for (let d = 0; d < perDetector.length; d++) if (perDetector[d]) perDetector[d]!.count = counts[d];
    return perDetector;
  }

  /**
   * Runs every detector over every part and returns findings (suppressed ones included, marked).
   * Throws when a detector failed, after running all the others: use {@link analyzeAll} to keep
   * their findings and see the failures.
   */
  analyze(parts: readonly TextPart[], options: AnalyzeOptions = {}): Finding[] {
    const { findings, failures } = this.analyzeAll(parts, options);
    if (failures.length) throw new Error(failures.map((f) => `${f.detector} failed on ${f.part}: ${f.message}`).join('; '));
    return findings;
  }

  /**
   * Runs every detector over every part. A detector that throws loses only its own findings on that
   * part: the failure is reported and every other finding is kept.
   */
  analyzeAll(parts: readonly TextPart[], options: AnalyzeOptions = {}): AnalyzeOutcome {
    const { detectors, policy, allowlist, segmenter } = this.setup;
    const mask = options.mask ?? true;
    const today = options.today ?? new Date().toISOString().slice(0, 10);
    this.arena.reset();
    const prepared: Prepared[] = parts.map((part) => {
      // A text still to be built from its units stays unbuilt: the engine reads the units.
      const lazy = hasLazyText(part);
      const norm = lazy ? normalizeLazy(() => part.text, part.units, this.arena) : normalize(part.text, part.units, this.arena);
      // The normalizer read each of the part's units (when it was given them): without a suspect
      // one among them, the quality check that follows need not read them all again.
      if (part.units && (lazy || part.units.length === part.text.length) && !mayHold(norm, FACT_SUSPECT)) markWithoutSuspectUnits(part.units);
      return { part, norm, lines: new LineIndex(norm.text), hits: this.triggerHits(norm) };
    });
    // Text a bidirectional override draws in another order than it is stored (\u202E年5★密机 shows
    // 机密★5年) is checked as drawn too. Only a part whose normalizer met a suspect unit may hold one.
    let readings: AnalyzeOutcome['readings'];
    for (let k = 0, n = prepared.length; k < n; k++) {
      if (!mayHold(prepared[k].norm, FACT_SUSPECT)) continue;
      const shown = displayOrderReading(prepared[k].part);
      if (!shown) continue;
      const norm = normalize(shown.text, undefined, this.arena);
      prepared.push({ part: shown, norm, lines: new LineIndex(norm.text), hits: this.triggerHits(norm) });
      (readings ??= []).push({ id: shown.id, role: shown.role, origin: shown.origin, chars: shown.text.length });
    }
    const findings: Finding[] = [];
    const failures: DetectorFailure[] = [];
    // Document-level facts first (a banner on one page makes a portion mark on another credible),
    // from the hits of the same automaton pass: no part is matched twice. A failing fact-finder
    // loses only its own facts.
    const hints = documentHintsOf(detectors, prepared, failures);
    const occurrences = new Map<string, number>();
    // Per rule id, once per analysis: whether the policy enables it (a walk over the policy's rules otherwise per finding).
    const enabled = new Map<string, boolean>();
    const ruleEnabled = (ruleId: string): boolean => {
      let e = enabled.get(ruleId);
      if (e === undefined) enabled.set(ruleId, (e = isRuleEnabled(policy, ruleId)));
      return e;
    };
    for (const { part, norm, lines, hits } of prepared) {
      if (norm.text.length === 0) continue;
      const lineCache: { starts?: Int32Array } = {};
      const allowed = allowlist.size ? allowlist.forText(norm.text, lines) : undefined;
      for (let di = 0; di < detectors.length; di++) {
        const detector = detectors[di];
        const detectorHits = hits[di];
        // A detector with triggers has nothing to say about a part none of them occurs in.
        if (detectorHits && detectorHits.count === 0 && !detector.mayMatchWithoutTriggers?.(norm.text, norm)) continue;
        if (detectorHits && detectorHits.count > MAX_HITS_PER_DETECTOR) {
          failures.push({
            detector: detector.id,
            part: part.id,
            message: `${detectorHits.count} candidate words in one part; the first ${MAX_HITS_PER_DETECTOR} were examined, the rest of the part was not`,
          });
          detectorHits.count = MAX_HITS_PER_DETECTOR;
        }
        let raws: RawFinding[];
        try {
          raws = detector.detect({ part, norm, lines, blocks: part.blocks ?? [], segmenter, documentHints: hints, hits: detectorHits });
        } catch (e) {
          failures.push({ detector: detector.id, part: part.id, message: (e as Error)?.message ?? String(e) });
          continue;
        }
        if (raws.length > MAX_FINDINGS_PER_DETECTOR) {
          // A reviewer needs the strongest findings, not a million copies: keep the top ones, say how many more.
          const dropped = raws.length - MAX_FINDINGS_PER_DETECTOR;
          raws = [...raws].sort((a, b) => b.score - a.score).slice(0, MAX_FINDINGS_PER_DETECTOR).sort((a, b) => a.start - b.start);
          const first = raws[0];
          raws[0] = { ...first, explanation: { ...first.explanation, cues: [...first.explanation.cues, { cue: `${dropped} more ${detector.id} findings in this part are not listed`, delta: 0 }] } };
        }
        for (const raw of raws) {
          if (!ruleEnabled(raw.ruleId)) continue;
          const span = toOriginalSpan(norm, raw.start, raw.end);
          let severity = severityFor(policy, raw.ruleId, raw.score, raw.maxSeverity);
          const visible = isRoleVisible(part.role);
          const explanation = { ...raw.explanation, cues: [...raw.explanation.cues] };
          // A marking hidden from readers still reaches a human: at least review.
          if (!visible && severity === 'info' && raw.category.endsWith('marking') && raw.score >= 0.3) {
            severity = 'review';
            explanation.cues.push({ cue: `hidden from readers (${part.role}): at least review`, delta: 0 });
          }
          const matched = norm.text.slice(raw.start, raw.end);
          const key = `${raw.ruleId}|${part.id}|${matched}`;
          const occurrence = occurrences.get(key) ?? 0;
          occurrences.set(key, occurrence + 1);
          const finding: Finding = {
            ruleId: raw.ruleId,
            category: raw.category,
            severity,
            score: raw.score,
            message: visible ? raw.message : `${raw.message} — in ${part.role} content a reader does not see`,
            ...(raw.messageRef ? { messageRef: raw.messageRef as Finding['messageRef'] & object } : {}),
            explanation,
            location: locate(part, span.start, span.end, lineCache),
            excerpt: excerptOf(part, span.start, span.end, raw.maskMatch ?? false, mask),
            fingerprint: fingerprint(options.documentKey ?? '', raw, part.id, matched, occurrence),
          };
          const allow = allowed?.(raw.ruleId, raw.start, raw.end);
          if (allow) finding.suppressed = { by: 'allowlist', reason: allow.reason, entry: allow.text ?? allow.pattern };
          else {
            const w = findWaiver(policy, finding.fingerprint, today);
            if (w) finding.suppressed = { by: 'waiver', reason: w.reason, approvedBy: w.approvedBy, expires: w.expires };
          }
          findings.push(finding);
        }
      }
    }
    return readings ? { findings, failures, readings } : { findings, failures };
  }
}

/** Builds an engine and analyzes `parts` once. A scanner keeps one {@link Engine} instead. */
export function analyze(parts: readonly TextPart[], options: EngineOptions): Finding[] {
  return new Engine(options).analyze(parts, options);
}

function emptyHits(): TriggerHits {
  return sizedHits(16);
}

/** No hits yet, room for `n`. */
function sizedHits(n: number): TriggerHits {
  return { count: 0, starts: new Int32Array(n), ends: new Int32Array(n), triggers: new Int32Array(n) };
}
