/**
 * The classified-citation form's pre-check (`requires`: a level word after a document number's
 * bracket, or after 标为/注明 and a quote) finds what it found before, in time linear in the blanks
 * before the level word: as `[为注有着明]\s*["“「『]?\s*`, read backwards by the look-behind, a run of
 * blanks was split every way before failing (x, 80,000 spaces, 机密★5年, 80,000 spaces: 11 s a scan).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PATTERN_FORMS } from '../../src/detectors/cn-forms.ts';
import { perCall } from '../../../../tests/cpu-time.ts';

/** The pattern as it was (safe on the short texts drawn here). */
const OLD = /[绝机秘]密(?<=(?:号\s*(?:文件\s*)?[(（]|[为注有着明]\s*["“「『]?)\s*..)/g;
const requires = PATTERN_FORMS.find((f) => f.id === 'classified-citation')!.requires!;

const starts = (re: RegExp, text: string): number[] => [...text.matchAll(new RegExp(re.source, 'g'))].map((m) => m.index!);

describe('classified-citation requires', () => {
  it('agrees with the pattern it replaced', () => {
    const piece = fc.constantFrom('号', '文件', '(', '（', '为', '注', '有', '着', '明', '"', '“', '「', '『', ' ', '\t', '\n', '　', '机', '绝', '秘', '密', '机密', 'x', '标');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 24 }), (ps) => {
        const text = ps.join('');
        expect(starts(requires, text)).toEqual(starts(OLD, text));
      }),
      { numRuns: 30_000 },
    );
  });

  it('blanks before a level word cost linear time', () => {
    const text = (n: number) => `注${' '.repeat(n)}x${' '.repeat(n)}机密★5年`;
    const time = (n: number) => perCall(() => starts(requires, text(n)));
    time(2000);
    // Eight times the blanks: a quadratic reading takes 64 times as long.
    expect(time(16_000) / time(2000)).toBeLessThan(20);
  });
});
