/**
 * term.<category> — dictionary terms, found by the engine's one automaton pass over the normalized
 * text (the terms are this detector's triggers).
 * Terms marked `@boundary word` must be whole words: the hit is checked against nodejieba's
 * segmentation of a small window around it (机密 the word vs 机密性, 商业机密), so segmentation runs
 * on a few dozen characters per hit, never on the whole document.
 */
import type { Detector, DetectContext, RawFinding, Segmenter } from './types.ts';
import type { CompiledDictionary } from './dictionary.ts';
import { Score, isQuoted } from './cues.ts';
import { message as msg } from '../i18n/index.ts';

const WINDOW = 6;

/** A hit with no CJK character touching either end is on word boundaries already: no segmentation needed. */
function cjk(c: number): boolean {
  return (c >= 0x4e00 && c <= 0x9fff) || (c >= 0x3400 && c <= 0x4dbf);
}

function needsSegmentation(text: string, start: number, end: number): boolean {
  return (start > 0 && cjk(text.charCodeAt(start - 1))) || (end < text.length && cjk(text.charCodeAt(end)));
}

/** The lengths of the segmenter's tokens of `text`, from its token ends when it offers them. */
function tokenLengths(segmenter: Segmenter, text: string): number[] {
  if (!segmenter.tokenEnds) return segmenter.cut(text).map((t) => t.length);
  const ends = segmenter.tokenEnds(text);
  const out = new Array<number>(ends.length);
  for (let k = 0, prev = 0; k < ends.length; prev = ends[k++]) out[k] = ends[k] - prev;
  return out;
}

/** Whether [start, end) of `text` falls on word boundaries of the segmentation of a window. */
export function onWordBoundaries(text: string, start: number, end: number, segmenter: Segmenter): boolean {
  const ws = Math.max(0, start - WINDOW);
  const we = Math.min(text.length, end + WINDOW);
  let pos = ws;
  let startOk = start === ws;
  let endOk = end === we;
  for (const len of tokenLengths(segmenter, text.slice(ws, we))) {
    if (pos === start) startOk = true;
    pos += len;
    if (pos === end) endOk = true;
    if (pos > end) break;
  }
  return startOk && endOk;
}

/**
 * {@link onWordBoundaries} for many spans of one text with one segmenter call: the windows are
 * joined by newlines, which the segmenter treats as separators (no token crosses one), so each
 * window is segmented exactly as on its own. Per-call overhead dominated the cost of checking
 * hits one by one (~10 µs a call with nodejieba). Falls back to one call per window if the
 * segmenter's tokens do not add up to the joined text.
 */
export function wordBoundaryVerdicts(text: string, spans: ReadonlyArray<readonly [number, number]>, segmenter: Segmenter): boolean[] {
  const windows = spans.map(([start, end]) => [Math.max(0, start - WINDOW), Math.min(text.length, end + WINDOW)] as const);
  const joined = windows.map(([ws, we]) => text.slice(ws, we)).join('\n');
  const boundary = new Uint8Array(joined.length + 1);
  let pos = 0;
  for (const len of tokenLengths(segmenter, joined)) {
    boundary[pos] = 1;
    pos += len;
  }
  boundary[pos] = 1;
  // Every joining newline must stand as a token of its own; otherwise check window by window.
  let separate = pos === joined.length;
  for (let i = 0, at = 0; separate && i < windows.length - 1; i++) {
    at += windows[i][1] - windows[i][0];
    separate = boundary[at] === 1 && boundary[at + 1] === 1;
    at++;
  }
  if (!separate) return spans.map(([start, end]) => onWordBoundaries(text, start, end, segmenter));
  const verdicts: boolean[] = [];
  let base = 0;
  spans.forEach(([start, end], i) => {
    const [ws, we] = windows[i];
    // As in onWordBoundaries: a window's own edges count as boundaries.
    const startOk = start === ws || boundary[base + start - ws] === 1;
    const endOk = end === we || boundary[base + end - ws] === 1;
    verdicts.push(startOk && endOk);
    base += we - ws + 1;
  });
  return verdicts;
}

export function createTermDetector(dict: CompiledDictionary): Detector {
  return {
    id: 'term',
    summary: 'Dictionary term (categories and severities from dictionaries/)',
    docs: 'term',
    // The engine matches the terms together with every other detector's triggers, in one pass.
    triggers: dict.entries.map((e) => e.normalized),
    detect(ctx: DetectContext): RawFinding[] {
      const text = ctx.norm.text;
      const out: RawFinding[] = [];
      if (dict.size === 0) return out;
      const m = ctx.hits ?? dict.search(ctx.norm.units);
      // Hits that must be whole words are checked together: one segmenter call for all of them.
      const checked: number[] = [];
      if (ctx.segmenter) {
        for (let k = 0; k < m.count; k++) {
          const e = dict.entries[m.triggers[k]];
          if (e.severity !== 'info' && e.boundary === 'word' && needsSegmentation(text, m.ends[k] - e.normalized.length, m.ends[k])) checked.push(k);
        }
      }
      const verdicts = checked.length ? wordBoundaryVerdicts(text, checked.map((k) => [m.starts[k], m.ends[k]] as const), ctx.segmenter!) : [];
      // Hits the segmentation says are not whole words, by hit index (no map per part).
      const notWord = new Uint8Array(checked.length ? m.count : 0);
      for (let i = 0; i < checked.length; i++) if (!verdicts[i]) notWord[checked[i]] = 1;
      let lastEnd = -1;
      for (let k = 0; k < m.count; k++) {
        const e = dict.entries[m.triggers[k]];
        const end = m.ends[k];
        const start = end - e.normalized.length;
        // Overlapping hits of nested terms: keep the longest at each end (AC reports longest first per end).
        if (end === lastEnd) continue;
        // Info-level entries exist to teach the segmenter words (机密性, 商业机密); they report nothing.
        if (e.severity === 'info') continue;
        if (notWord.length && notWord[k]) continue;
        lastEnd = end;
        const score = new Score(e.score);
        if (isQuoted(text, start, end)) score.add('quoted', -0.1);
        out.push({
          ruleId: `term.${e.category}`,
          category: 'sensitive-term',
          maxSeverity: e.severity,
          score: score.value,
          start,
          end,
          ...msg('finding.term', { term: e.term, category: e.category, ...(e.note ? { note: e.note } : {}) }),
          explanation: {
            pattern: 'dictionary term',
            normalized: e.normalized,
            dictionary: { term: e.term, category: e.category, source: `${e.source}:${e.line}`, note: e.note },
            base: e.score,
            cues: score.cues,
          },
        });
      }
      return out;
    },
  };
}
