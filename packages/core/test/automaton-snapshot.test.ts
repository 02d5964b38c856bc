/** A snapshot of the automaton matches exactly as the automaton it was taken from. */
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { AhoCorasick, Allowlist, BUILTIN_DETECTORS, Engine, automatonFromSnapshot, resolvePolicy, snapshotAutomaton } from '../src/index.ts';

const units = (s: string): Uint16Array => Uint16Array.from(s, (c) => c.charCodeAt(0));
const result = (ac: AhoCorasick, text: Uint16Array): string => {
  const m = ac.searchUnits(text);
  return JSON.stringify([Array.from(m.ends.subarray(0, m.count)), Array.from(m.patterns.subarray(0, m.count))]);
};

describe('automaton snapshot', () => {
  it('finds the same matches as the automaton it was made from (random patterns and text)', () => {
    // A small alphabet (with a case pair and CJK units) so patterns overlap, share prefixes and repeat.
    const alphabet = fc.constantFrom('a', 'B', 'b', '机', '密', '★', '5', '年', ' ');
    const word = fc.array(alphabet, { minLength: 1, maxLength: 6 }).map((a) => a.join(''));
    fc.assert(
      fc.property(fc.array(word, { minLength: 1, maxLength: 40 }), fc.array(alphabet, { maxLength: 300 }), fc.boolean(), (patterns, text, shared) => {
        const ac = new AhoCorasick(patterns);
        const copy = automatonFromSnapshot(snapshotAutomaton(ac, shared));
        const t = units(text.join(''));
        expect(result(copy, t)).toBe(result(ac, t));
        // Dense text goes through the automaton's failure links rather than trie walks from each start.
        const dense = units(patterns.join('').repeat(Math.ceil(5000 / patterns.join('').length)));
        expect(result(copy, dense)).toBe(result(ac, dense));
      }),
      { seed: 20261201, numRuns: 150 },
    );
  });

  it('carries the digest of the patterns it was built over', () => {
    const ac = new AhoCorasick(['机密', '秘密', 'Jimi']);
    expect(automatonFromSnapshot(snapshotAutomaton(ac)).patternsDigest).toBe(ac.patternsDigest);
    expect(new AhoCorasick(['机密', '秘密', 'Jimi']).patternsDigest).toBe(ac.patternsDigest);
    expect(new AhoCorasick(['机密', '秘密', 'jimi']).patternsDigest).not.toBe(ac.patternsDigest);
    expect(new AhoCorasick(['秘密', '机密', 'Jimi']).patternsDigest).not.toBe(ac.patternsDigest);
    expect(new AhoCorasick(['机密', '秘密', 'Jimi'], false).patternsDigest).not.toBe(ac.patternsDigest);
  });

  it('restores views over the block, not copies', () => {
    const bytes = snapshotAutomaton(new AhoCorasick(['机密', '秘密']));
    expect(bytes.buffer).toBeInstanceOf(SharedArrayBuffer);
    const copy = automatonFromSnapshot(bytes) as unknown as { base: Int32Array };
    expect(copy.base.buffer).toBe(bytes.buffer);
  });

  it('refuses a block that is not a snapshot, and an automaton holding what it cannot restore', () => {
    expect(() => automatonFromSnapshot(new Uint8Array(64))).toThrow(/not a snapshot/);
    const ac = new AhoCorasick(['机密']);
    (ac as unknown as { extra: unknown }).extra = new (class Other {})();
    expect(() => snapshotAutomaton(ac)).toThrow(/cannot restore/);
  });
});

describe('a prebuilt automaton given to the engine', () => {
  const setup = () => ({ detectors: [...BUILTIN_DETECTORS], policy: resolvePolicy(), allowlist: new Allowlist([]) });

  it('is used when it numbers the detectors’ own triggers', () => {
    const patterns = Engine.triggerPatterns(BUILTIN_DETECTORS);
    const engine = new Engine({ ...setup(), automaton: new AhoCorasick(patterns) });
    const findings = engine.analyze([{ id: 'body', role: 'body', text: '机密★5年\n关于统计工作的通知', origin: {}, leading: true }]);
    expect(findings.some((f) => f.ruleId.startsWith('marking.'))).toBe(true);
  });

  it('is taken on its digest without a search, and searched through when the digest differs', () => {
    const patterns = Engine.triggerPatterns(BUILTIN_DETECTORS);
    const restored = automatonFromSnapshot(snapshotAutomaton(new AhoCorasick(patterns)));
    const search = vi.spyOn(restored, 'search');
    new Engine({ ...setup(), automaton: restored });
    expect(search).not.toHaveBeenCalled();
    // A digest that names other patterns (an automaton from elsewhere): every trigger is looked for.
    (restored as unknown as { patternsDigest: string }).patternsDigest = 'other';
    new Engine({ ...setup(), automaton: restored });
    expect(search).toHaveBeenCalledTimes(1);
  });

  it('is refused when built over other words of the same count', () => {
    const patterns = Engine.triggerPatterns(BUILTIN_DETECTORS);
    const i = patterns.indexOf('绝密');
    expect(i).toBeGreaterThanOrEqual(0);
    const other = patterns.map((p, k) => (k === i ? 'zz' : p));
    expect(() => new Engine({ ...setup(), automaton: new AhoCorasick(other) })).toThrow(/not built over the detectors' triggers/);
  });
});
