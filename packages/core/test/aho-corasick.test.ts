import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { AhoCorasick, normalize } from '@prepub/core';

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

  /** Matches in the order the engine relies on: by end, and at one end the longest first. */
  function expectOrdered(m: { count: number; ends: Int32Array; patterns: Int32Array }, patterns: string[]): void {
    for (let k = 1; k < m.count; k++) {
      expect(m.ends[k]).toBeGreaterThanOrEqual(m.ends[k - 1]);
      if (m.ends[k] === m.ends[k - 1]) expect(patterns[m.patterns[k]].length).toBeLessThanOrEqual(patterns[m.patterns[k - 1]].length);
    }
  }

  it('finds the same in long texts dense with pattern starts (chunks handed to the automaton) and orders them', () => {
    const small = fc.constantFrom('a', 'b', '机', '密');
    fc.assert(
      fc.property(
        fc.array(fc.array(small, { minLength: 1, maxLength: 8 }).map((a) => a.join('')), { minLength: 1, maxLength: 12 }),
        fc.array(small, { minLength: 4000, maxLength: 9000 }).map((a) => a.join('')),
        (patterns, text) => {
          const m = new AhoCorasick(patterns).search(text);
          const got = new Set<string>();
          for (let k = 0; k < m.count; k++) got.add(`${m.ends[k]}:${m.patterns[k]}`);
          expect(got).toEqual(bruteForce(patterns, text));
          expect(m.count).toBe(got.size);
          expectOrdered(m, patterns);
        },
      ),
      { numRuns: 25 },
    );
  });

  it('finds the same in long texts with rare hits (the start filter), across chunk boundaries', () => {
    const ideograph = fc.integer({ min: 0x4e00, max: 0x4e00 + 60 }).map((c) => String.fromCharCode(c));
    fc.assert(
      fc.property(
        fc.array(fc.array(ideograph, { minLength: 1, maxLength: 6 }).map((a) => a.join('')), { minLength: 1, maxLength: 200 }),
        fc.array(ideograph, { minLength: 5000, maxLength: 12000 }).map((a) => a.join('')),
        (patterns, text) => {
          const m = new AhoCorasick(patterns).search(text);
          const got = new Set<string>();
          for (let k = 0; k < m.count; k++) got.add(`${m.ends[k]}:${m.patterns[k]}`);
          expect(got).toEqual(bruteForce(patterns, text));
          expectOrdered(m, patterns);
        },
      ),
      { numRuns: 25 },
    );
  });

  it('reports a pattern straddling two filter chunks and one ending the text', () => {
    const text = 'x'.repeat(4094) + '机密★五年' + 'y'.repeat(10) + '内部';
    const m = new AhoCorasick(['机密★五年', '内部', '年']).search(text);
    const found = Array.from({ length: m.count }, (_, k) => `${m.ends[k]}:${m.patterns[k]}`);
    expect(found).toEqual([`${4094 + 5}:0`, `${4094 + 5}:2`, `${text.length}:1`]);
  });

  it('finds in normalized text exactly what a brute-force search finds; candidate starts ascend', () => {
    // Text with everything the normalizer rewrites: separators, CR, zero-width, full-width, capitals.
    const raw = fc.constantFrom('a', 'B', 'ｂ', '机', '密', '機', '★', '＊', ' ', '-', '\r', '\n', '\u200b', '5', '年', '𠀀');
    const pat = fc.constantFrom('a', 'b', '机', '密', '★', '5', '年', ' ', '𠀀');
    fc.assert(
      fc.property(
        fc.array(fc.array(pat, { minLength: 1, maxLength: 6 }).map((a) => a.join('')), { minLength: 1, maxLength: 20 }),
        fc.array(raw, { maxLength: 400 }).map((a) => a.join('')),
        (patterns, text) => {
          const ac = new AhoCorasick(patterns);
          const norm = normalize(text);
          const { starts, count } = ac.filter.candidates(norm.units);
          for (let k = 1; k < count; k++) expect(starts[k]).toBeGreaterThan(starts[k - 1]);
          const m = ac.searchAt(norm.units, starts, count);
          const got = new Set<string>();
          for (let k = 0; k < m.count; k++) got.add(`${m.ends[k]}:${m.patterns[k]}`);
          expect(got).toEqual(bruteForce(patterns, norm.text));
          expectOrdered(m, patterns);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('reports a lone one-unit pattern at every position, whatever the alignment and range', () => {
    // One one-unit pattern is tested inside the filter's word loop (not searched for and merged):
    // at both 4-byte alignments of the text, inside a sub-range, as the last unit, beside longer
    // patterns starting with it (秘 / 秘密) or ending with it.
    const unit = fc.constantFrom('秘', '密', '机', 'a', ' ');
    fc.assert(
      fc.property(
        fc.array(fc.array(unit, { minLength: 2, maxLength: 4 }).map((a) => a.join('')), { maxLength: 6 }),
        fc.array(unit, { maxLength: 200 }).map((a) => a.join('')),
        fc.nat(3),
        fc.nat(3),
        (longer, text, pad, cut) => {
          const patterns = ['秘', ...longer];
          const ac = new AhoCorasick(patterns);
          const buf = new Uint16Array(pad + text.length);
          for (let i = 0; i < text.length; i++) buf[pad + i] = text.charCodeAt(i);
          const units = buf.subarray(pad);
          const to = Math.max(0, text.length - cut);
          const { starts, count } = ac.filter.candidates(units, 0, to);
          for (let k = 1; k < count; k++) expect(starts[k]).toBeGreaterThan(starts[k - 1]);
          const got = new Set(Array.from(starts.subarray(0, count)));
          for (let i = 0; i < to; i++) if (text[i] === '秘') expect(got.has(i)).toBe(true);
          const m = ac.searchAt(units, starts, count, 0, to);
          const found = new Set<string>();
          for (let k = 0; k < m.count; k++) found.add(`${m.ends[k]}:${m.patterns[k]}`);
          expect(found).toEqual(bruteForce(patterns, text.slice(0, to)));
        },
      ),
      { numRuns: 500 },
    );
  });
});
