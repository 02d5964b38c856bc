import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { AhoCorasick } from '@prepub/core';

const alphabet = fc.constantFrom('a', 'b', 'A', '机', '密', '★', '𠀀');
const word = fc.array(alphabet, { minLength: 1, maxLength: 5 }).map((a) => a.join(''));

function bruteForce(patterns: string[], text: string): Set<string> {
  const out = new Set<string>();
  const t = text.toLowerCase();
  patterns.forEach((p, id) => {
    const q = p.toLowerCase();
    for (let i = 0; i + q.length <= t.length; i++) if (t.startsWith(q, i)) out.add(`${i + q.length}:${id}`);
  });
  return out;
}

describe('AhoCorasick', () => {
  it('finds exactly what a brute-force search finds (case-folded, overlapping)', () => {
    fc.assert(
      fc.property(fc.array(word, { minLength: 1, maxLength: 30 }), fc.array(alphabet, { maxLength: 300 }).map((a) => a.join('')), (patterns, text) => {
        const m = new AhoCorasick(patterns).search(text);
        const got = new Set<string>();
        for (let k = 0; k < m.count; k++) got.add(`${m.ends[k]}:${m.patterns[k]}`);
        expect(got).toEqual(bruteForce(patterns, text));
        expect(m.count).toBe(got.size);
      }),
      { numRuns: 300 },
    );
  });

  it('handles thousands of CJK terms', () => {
    const terms = Array.from({ length: 5000 }, (_, i) => String.fromCharCode(0x4e00 + (i % 3000), 0x4e00 + ((i * 7) % 5000), 0x4e00 + ((i * 13) % 2000)));
    const ac = new AhoCorasick(terms);
    const text = `前文${terms[4321]}中间${terms[17]}后文`;
    const m = ac.search(text);
    const found = Array.from({ length: m.count }, (_, k) => terms[m.patterns[k]]);
    expect(found).toContain(terms[4321]);
    expect(found).toContain(terms[17]);
  });
});
