import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { onWordBoundaries, wordBoundaryVerdicts } from '@prepub/core';
import { createJiebaSegmenter } from '../src/segmenter.ts';

// The jieba segmenter the scanner uses (cuts as nodejieba does), with words a dictionary would add.
const segmenter = createJiebaSegmenter(['机密档案', '商业机密', '机密性', '涉密载体']);
const TEXT =
  '为深入贯彻落实保密工作责任制，各单位要切实加强涉密载体管理。\n会议强调，要坚持上网不涉密、涉密不上网的原则。' +
  '数据的机密性、完整性和可用性是信息安全的基本属性。\n机密档案由专人保管，商业机密不得外传。本市开展第十个保密宣传月活动。';

describe('jieba segmenter', () => {
  it('segments newline-joined windows exactly as one by one (one call checks many hits)', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(fc.integer({ min: 0, max: TEXT.length - 1 }), fc.integer({ min: 1, max: 5 })).map(([s, l]) => [s, Math.min(TEXT.length, s + l)] as const),
          { minLength: 1, maxLength: 40 },
        ),
        (spans) => {
          const batched = wordBoundaryVerdicts(TEXT, spans, segmenter);
          const single = spans.map(([s, e]) => onWordBoundaries(TEXT, s, e, segmenter));
          expect(batched).toEqual(single);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('tells the word 机密 from 机密性 and 商业机密 in one batch', () => {
    const text = '这是机密。数据的机密性。商业机密。';
    const at = (w: string, from = 0): readonly [number, number] => {
      const i = text.indexOf(w, from);
      return [i, i + w.length];
    };
    const spans = [at('机密'), at('机密', text.indexOf('机密性')), at('机密', text.indexOf('商业'))];
    expect(wordBoundaryVerdicts(text, spans, segmenter)).toEqual([true, false, false]);
  });
});
