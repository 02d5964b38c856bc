import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createRequire } from 'node:module';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { JiebaSegmenter, WordTable } from '../src/segmenter.ts';

// The native nodejieba is the reference: the JavaScript segmenter must cut exactly as it does.
const nodejieba = createRequire(import.meta.url)('nodejieba') as { cut(s: string, hmm: boolean): string[]; insertWord(w: string): boolean };
const USER_WORDS = ['机密档案', '商业机密', '机密性', '涉密载体', '天穹计划', '绝密级', '𠀀𠀁'];
for (const w of USER_WORDS) nodejieba.insertWord(w);
const ours = new JiebaSegmenter(USER_WORDS);

/** Token lengths in UTF-16 units: nodejieba hands a lone surrogate back as U+FFFD (same length). */
const lengths = (tokens: string[]): number[] => tokens.map((t) => t.length);

const SAMPLES = join(import.meta.dirname, '../../../samples/text');

describe('JavaScript jieba segmenter', () => {
  it('cuts generated text exactly as nodejieba (dictionary words, HMM runs, ASCII runs, separators, user words)', () => {
    const unit = fc.oneof(
      { weight: 6, arbitrary: fc.constantFrom(...'的机密秘绝涉商业保档案性载体计划天穹国家文件会议要求数据完整可用南京市长江大桥研究生命起源中华人民共和国'.split('')) },
      { weight: 2, arbitrary: fc.integer({ min: 0x4e00, max: 0x9fa5 }).map((c) => String.fromCharCode(c)) },
      { weight: 2, arbitrary: fc.constantFrom(' ', '\n', '\t', '，', '。', '、', '★', 'a', 'Z', '3', '.', '-', 'iPhone', '2024', '3.5', '𠀀', '𠀁', '\ud800', 'é') },
    );
    fc.assert(
      fc.property(fc.array(unit, { maxLength: 40 }).map((a) => a.join('')), (text) => {
        expect(lengths(ours.cut(text))).toEqual(lengths(nodejieba.cut(text, true)));
        expect(ours.cut(text).join('')).toBe(text);
      }),
      { numRuns: 3000 },
    );
  });

  it('cuts every window of the sample texts exactly as nodejieba', () => {
    let compared = 0;
    for (const f of readdirSync(SAMPLES).filter((n) => n.endsWith('.txt'))) {
      let text: string;
      try {
        text = new TextDecoder('utf-8', { fatal: true }).decode(readFileSync(join(SAMPLES, f)));
      } catch {
        continue;
      }
      for (let i = 0; i < text.length; i += 5) {
        const w = text.slice(i, i + 8 + (i % 23));
        expect(lengths(ours.cut(w)), w).toEqual(lengths(nodejieba.cut(w, true)));
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(200);
  });
});

describe('WordTable', () => {
  it('finds what a Map of strings finds, words and prefixes, however far it has grown', () => {
    fc.assert(
      fc.property(fc.array(fc.array(fc.constantFrom('机', '密', 'a', '𠀀', '文', '件'), { minLength: 1, maxLength: 7 }).map((a) => a.join('')), { maxLength: 200 }), (words) => {
        const table = new WordTable(2);
        const want = new Map<string, number>();
        words.forEach((w, i) => {
          table.set(w, i);
          want.set(w, i);
        });
        for (const w of words) {
          expect(table.get(w, 0, w.length)).toBe(want.get(w));
          for (let i = 1; i < w.length; i++) {
            const p = w.slice(0, i);
            if (/[\udc00-\udfff]/.test(w[i])) continue;
            expect(table.get(p, 0, p.length)).toBe(want.get(p) ?? -1);
          }
        }
      }),
      { numRuns: 200 },
    );
  });

  it('marks the first two units of every key of two units or more in its bigram bits (a clear bit begins no word)', () => {
    fc.assert(
      fc.property(fc.array(fc.array(fc.constantFrom('机', '密', 'a', '𠀀', '文', '件', '\ud800'), { minLength: 1, maxLength: 7 }).map((a) => a.join('')), { maxLength: 200 }), (words) => {
        const table = new WordTable(2);
        words.forEach((w, i) => table.set(w, i));
        const bits = new Int32Array((1 << 22) >> 5);
        table.markBigrams(bits);
        const set = (s: string): boolean => {
          const h = Math.imul((s.charCodeAt(0) << 16) | s.charCodeAt(1), 0x9e3779b1) >>> 10;
          return ((bits[h >> 5] >>> (h & 31)) & 1) === 1;
        };
        for (const w of words) if (w.length >= 2) expect(set(w), w).toBe(true);
        // Nothing marked when there is nothing of two units.
        const single = new WordTable(2);
        single.set('机', 0);
        const none = new Int32Array((1 << 22) >> 5);
        single.markBigrams(none);
        expect(none.some((x) => x !== 0)).toBe(false);
      }),
      { numRuns: 200 },
    );
  });
});

describe('JiebaSegmenter with words added after it has cut', () => {
  it('cuts as a segmenter given those words from the start (nothing derived from the earlier words is kept)', () => {
    // 龘靐齉 begins with two characters no word of the dictionary begins with.
    const words = ['密档案商', '机密性载', '天穹国', '文件会议要', '龘靐齉'];
    const text = '关于天穹国文件会议要求的机密性载体与机密档案商业秘密，南京市长江大桥龘靐齉';
    const late = new JiebaSegmenter(['绝密级']);
    const before = lengths(late.cut(text));
    for (const w of words) late.insertWord(w);
    const fresh = new JiebaSegmenter(['绝密级', ...words]);
    expect(lengths(late.cut(text))).toEqual(lengths(fresh.cut(text)));
    // The added words do change the cut: the check above can fail.
    expect(lengths(fresh.cut(text))).not.toEqual(before);
  });
});
