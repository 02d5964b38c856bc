/**
 * isCodeList (are a fromCharCode call's arguments numeric literals only?) says what the pattern it
 * replaced said, unit by unit: that pattern split a run of digits into literals every way before
 * failing (26 digits and a letter in a PDF script's `String.fromCharCode(…)`: 1 s, doubling a digit).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isCodeList, unevaluatedBuilders } from '../src/javascript.ts';
import { perCall } from '../../../tests/cpu-time.ts';

/** The pattern as it was (safe on the short strings drawn here). */
const CODES = /^(?:(?:0[xX][0-9a-fA-F]+|\d+)\s*,?\s*)+$/;

describe('isCodeList', () => {
  it('agrees with the pattern it replaced', () => {
    const unit = fc.constantFrom('0', '1', '9', 'x', 'X', 'a', 'F', 'g', ' ', '\t', '\n', '\u3000', ',', '-', '.', '0x', '0X4e', '𝟎');
    fc.assert(
      fc.property(fc.array(unit, { maxLength: 12 }).map((a) => a.join('')), (s) => {
        expect(isCodeList(s), JSON.stringify(s)).toBe(CODES.test(s));
      }),
      { numRuns: 30000, seed: 20261208 },
    );
  });

  it('reads the argument lists it is for', () => {
    expect(isCodeList('0x673A, 0x5BC6,9733')).toBe(true);
    expect(isCodeList('10x41')).toBe(true);
    expect(isCodeList('c[i] - 7')).toBe(false);
    expect(unevaluatedBuilders('app.alert(String.fromCharCode(26426, 23494));')).toEqual([]);
  });

  it('a run of digits and a letter: 8 times the digits, not 20 times the time', () => {
    const script = (n: number) => `app.alert(String.fromCharCode(${'1'.repeat(n)}A));`;
    const one = script(3);
    const eight = script(24);
    expect(unevaluatedBuilders(eight)).toHaveLength(1);
    expect(perCall(() => unevaluatedBuilders(eight)) / perCall(() => unevaluatedBuilders(one))).toBeLessThan(20);
  });
});
