/**
 * EXAMPLE_CONTEXT and EXAMPLE_HEADING (lines introducing examples, read on the lines above a level
 * word) find what they found before, in time linear in the line: as `(?:^|[|│｜\t]\s*)示例…`, every
 * tab of a run began a try that read the rest of the run (密级, 80,000 tabs and a letter above
 * 机密★5年: 23 s); as `示例\s*N*\s*[:：]`, a run of tabs was split every way (示例 and 80,000 tabs: 27 s).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findingsOf } from './helpers.ts';
import * as forms from '../../src/detectors/cn-forms.ts';
import { perCall } from '../../../../tests/cpu-time.ts';

/** The pattern as it was (safe on the short lines drawn here). */
const OLD = /(?:^|[|│｜\t]\s*)(示例|样例|范例|例子|举例|示例标志|标志示例|错误示例|正确示例|写法|标志写法|常见写法|例句|示意|示意图|样张)\s*(?:[|│｜\t]|$)|^\s*[图表]\s*[\d一二三四五六七八九十]+[^。]{0,20}(示意图?|图例|样张)\s*$|(判断|辨析|识别|识读|指出|说明)下列|下列[^。]{0,4}(写法|标志|标注|表述)|(写法|标志|标注)(对照|辨析|识读)|供(学习|培训|教学)参考|样表|填写示例|填报示例|示例表|知识(竞赛|测试|问答|考试)|(培训|练习|习题|考题|试题|教学)[^。]{0,12}(标志|写法|标注|表述)|(下表|下列|以下|如下|本表)[^。]{0,8}(示例|例子|样例|范例)|示例[^。]{0,6}(虚构|仅供|参考)|不是本文件的(标志|标注|密级)/;

describe('EXAMPLE_CONTEXT', () => {
  it('agrees with the pattern it replaced', () => {
    const piece = fc.oneof(
      { weight: 5, arbitrary: fc.constantFrom('|', '│', '｜', '\t', ' ', '\u3000', '\n', '示例', '写法', '样张', '图', '1', '示意图', 'x', '。', '密级') },
      { weight: 1, arbitrary: fc.string({ maxLength: 3 }) },
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 12 }).map((a) => a.join('')), (s) => {
        expect(forms.EXAMPLE_CONTEXT.test(s), JSON.stringify(s)).toBe(OLD.test(s));
      }),
      { numRuns: 30000, seed: 20261208 },
    );
  });

  it('a line of 密级 and tabs above a level word: 8 times the tabs, not 20 times the time', () => {
    const text = (n: number) => `通知\n密级${'\t'.repeat(n)}x\n机密★5年\n`;
    const one = text(3000);
    const eight = text(24000);
    expect(findingsOf(eight).length).toBeGreaterThan(0);
    expect(perCall(() => findingsOf(eight)) / perCall(() => findingsOf(one))).toBeLessThan(20);
  });
});

describe('EXAMPLE_HEADING', () => {
  /** The pattern as it was (safe on the short lines drawn here). */
  const OLD_HEADING = /^\s*[^\s,，。]{0,6}(示例|范例|样例|样式|写法)\s*[\d一二三四五六七八九十]*\s*[:：]|^[\s#*【\[(（「]*(示例|范例|样例|样式|例|例如|举例|写法|标注方法|标注示例|标注格式|书写格式|格式示例|参考格式|正确写法|错误写法|如下)\s*[\d一二三四五六七八九十]*[】\])）」]*[:：]?\s*$|(示例|样式|写法|格式|标注|写作)如下[:：]?\s*$|(例如|比如|举例如下|(?:^|[。；;，,\s])如)[:：]\s*$|^[\s【\[(（]*(示例|例)\s*[\d一二三四五六七八九十]*[】\])）:：]/;

  it('agrees with the pattern it replaced', () => {
    const piece = fc.oneof(
      { weight: 5, arbitrary: fc.constantFrom('\t', ' ', '\u3000', '\n', '示例', '例', '写法', '如下', '如', '1', '二', '】', ')', '）', ':', '：', '#', '【', 'x', '，') },
      { weight: 1, arbitrary: fc.string({ maxLength: 3 }) },
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 12 }).map((a) => a.join('')), (s) => {
        expect(forms.EXAMPLE_HEADING.test(s), JSON.stringify(s)).toBe(OLD_HEADING.test(s));
      }),
      { numRuns: 30000, seed: 20261208 },
    );
  });

  it('a line of 示例 and tabs above a level word: 8 times the tabs, not 20 times the time', () => {
    const text = (n: number) => `通知\n示例${'\t'.repeat(n)}x\n机密★5年\n`;
    const one = text(3000);
    const eight = text(24000);
    expect(findingsOf(eight).length).toBeGreaterThan(0);
    expect(perCall(() => findingsOf(eight)) / perCall(() => findingsOf(one))).toBeLessThan(20);
  });
});
