/**
 * isFieldRow (a form's row of label：value fields above a level word) says what the pattern it
 * replaced said, in one pass: that pattern backtracked exponentially on lines of many colons (a 2 kB
 * `.fodt` whose flipped bytes broke its XML took a minute in the level grammar).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isFieldRow } from '../../src/detectors/cn-forms.ts';
import { cpuMsSince } from '../../../../tests/cpu-time.ts';

/** The pattern as it was (safe on the short strings drawn here). */
const FIELD_ROW = /^(?:[^，。,;；:：\s]{1,10}[:：][^，。,;；:：]{0,40}?\s*){2,}$/;

describe('isFieldRow', () => {
  it('agrees with the pattern it replaced', () => {
    const piece = fc.oneof(
      fc.constantFrom(':', '：', ' ', '\u3000', '\t', '，', '。', ';', 'a', '来文单位', '文号', '江临市发展和改革委员会', '江发改〔2026〕31号', '密级', '机密', '甲'.repeat(9), '乙'.repeat(11), 'x'.repeat(39), 'y'.repeat(41)),
      fc.string({ maxLength: 4 }),
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 12 }).map((a) => a.join('')), (s) => {
        expect(isFieldRow(s), JSON.stringify(s)).toBe(FIELD_ROW.test(s));
      }),
      { numRuns: 20000, seed: 20261208 },
    );
  });

  it('reads the rows it is for', () => {
    expect(isFieldRow('来文单位：江临市发展和改革委员会\t文号：江发改〔2026〕31号')).toBe(true);
    expect(isFieldRow('各区县要于6月10日前完成编织袋、救生衣的清点：请按时报送')).toBe(false);
  });

  it('stays linear on a line of many colons', () => {
    const line = 'ab:cd ef'.repeat(5000);
    const t = process.cpuUsage();
    isFieldRow(line);
    isFieldRow(`${line}，`);
    // Under 30 ms of CPU measured; the old pattern backtracked exponentially on such a line.
    expect(cpuMsSince(t)).toBeLessThan(500);
  });
});
