/**
 * Dictionaries: plain text, one term a line, with `@key value` directives that apply to the lines
 * below them (see README "Dictionaries"):
 *
 *     # comment
 *     @category military
 *     @severity review          # block | review | info
 *     @score 0.6                # 0..1
 *     @boundary word            # word: the hit must be a whole word (nodejieba); none: any substring
 *     兵力部署
 *     作战方案<TAB>block<TAB>why this term matters
 *
 * A line may override severity and add a note after tabs. Terms are normalized like the text
 * (width, traditional, separators), so one entry matches its variants.
 */
import type { Severity } from '../types.ts';
import { normalizeTerm } from '../normalize/normalize.ts';
import { AhoCorasick } from '../match/aho-corasick.ts';
import type { TriggerHits } from './types.ts';

export interface DictionaryEntry {
  term: string;
  normalized: string;
  category: string;
  severity: Severity;
  score: number;
  boundary: 'word' | 'none';
  note?: string;
  source: string;
  line: number;
}

export interface DictionarySource {
  name: string;
  text: string;
}

export class DictionaryError extends Error {}

/** Parses one dictionary file. Throws {@link DictionaryError} naming the file and line on bad input. */
export function parseDictionary(src: DictionarySource): DictionaryEntry[] {
  const entries: DictionaryEntry[] = [];
  let category = 'sensitive';
  let severity: Severity = 'review';
  let score = 0.6;
  let boundary: 'word' | 'none' = 'word';
  const lines = src.text.replace(/^\uFEFF/, '').split(/\r?\n/);
  lines.forEach((raw, i) => {
    const line = raw.replace(/\s+#.*$/, '').trimEnd();
    if (line.trim() === '' || line.trimStart().startsWith('#')) return;
    const where = `${src.name}:${i + 1}`;
    if (line.startsWith('@')) {
      const [key, value = ''] = line.slice(1).trim().split(/\s+/, 2);
      switch (key) {
        case 'category':
          if (!/^[a-z0-9][a-z0-9-]*$/.test(value)) throw new DictionaryError(`${where}: category must be lower-case letters, digits and '-', got "${value}"`);
          category = value;
          break;
        case 'severity':
          if (!['block', 'review', 'info'].includes(value)) throw new DictionaryError(`${where}: severity must be block, review or info`);
          severity = value as Severity;
          break;
        case 'score': {
          const n = Number(value);
          if (!(n >= 0 && n <= 1)) throw new DictionaryError(`${where}: score must be a number from 0 to 1`);
          score = n;
          break;
        }
        case 'boundary':
          if (value !== 'word' && value !== 'none') throw new DictionaryError(`${where}: boundary must be word or none`);
          boundary = value;
          break;
        default:
          throw new DictionaryError(`${where}: unknown directive @${key}`);
      }
      return;
    }
    const [term, sev, note] = line.split('\t');
    const t = term.trim();
    if (!t) return;
    if (sev && !['block', 'review', 'info'].includes(sev.trim())) throw new DictionaryError(`${where}: severity after the tab must be block, review or info`);
    const normalized = normalizeTerm(t);
    if (!normalized) return;
    entries.push({
      term: t,
      normalized,
      category,
      severity: (sev?.trim() as Severity) || severity,
      score,
      boundary,
      note: note?.trim() || undefined,
      source: src.name,
      line: i + 1,
    });
  });
  return entries;
}

/**
 * All dictionaries merged, one entry per normalized term. The engine compiles the terms into its
 * automaton with the other detectors' triggers; `search` matches them alone (outside an engine).
 */
export class CompiledDictionary {
  readonly entries: DictionaryEntry[];
  private automaton?: AhoCorasick;
  constructor(entries: DictionaryEntry[]) {
    // Later sources override earlier ones for the same normalized term.
    const byTerm = new Map<string, DictionaryEntry>();
    for (const e of entries) byTerm.set(e.normalized.toLowerCase(), e);
    this.entries = [...byTerm.values()];
  }
  /** Occurrences of the terms in normalized units (`triggers` = entry index); built on first use. */
  search(units: Uint16Array): TriggerHits {
    this.automaton ??= new AhoCorasick(this.entries.map((e) => e.normalized));
    const m = this.automaton.searchUnits(units);
    const starts = new Int32Array(m.count);
    for (let k = 0; k < m.count; k++) starts[k] = m.ends[k] - this.entries[m.patterns[k]].normalized.length;
    return { count: m.count, starts, ends: m.ends, triggers: m.patterns };
  }
  get size(): number {
    return this.entries.length;
  }
}
