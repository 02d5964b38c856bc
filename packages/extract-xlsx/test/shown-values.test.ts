/**
 * What a cell shows when the file stores something else: a number format that writes literal text
 * (`"机密★"0"年"` around 5), a formula of string literals with no cached result (computed when the
 * workbook opens). The reader reads what is shown.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatValue, literalFormats, literalFormula } from '../src/index.ts';

describe('cell formats with literal text', () => {
  it('formats the value into the section for its sign, literals as written', () => {
    expect(formatValue('"机密★"0"年"', '5', false)).toBe('机密★5年');
    expect(formatValue('"机密★5年"', '1', false)).toBe('机密★5年');
    expect(formatValue('\\机\\密0', '7', false)).toBe('机密7');
    expect(formatValue('0;"负"0;"零"', '-3', false)).toBe('负3');
    expect(formatValue('0;"负"0;"零"', '0', false)).toBe('零');
    expect(formatValue('0;0;0;"密级："@', '机密', true)).toBe('密级：机密');
    expect(formatValue('[Red]"机密"_)0', '5', false)).toBe('机密5');
  });
  it('leaves formats without literal text, and text under a numeric-only format, as stored', () => {
    expect(formatValue('0.00', '5', false)).toBeUndefined();
    expect(formatValue(';;;', '5', false)).toBeUndefined();
    expect(formatValue('"x"0', '机密', true)).toBeUndefined();
  });
  it('maps cell styles to custom formats with literal text only', () => {
    const styles = '<styleSheet><numFmts><numFmt numFmtId="164" formatCode="&quot;机密★&quot;0&quot;年&quot;"/><numFmt numFmtId="165" formatCode="0.00"/></numFmts><cellStyleXfs><xf numFmtId="164"/></cellStyleXfs><cellXfs><xf numFmtId="0"/><xf numFmtId="165"/><xf numFmtId="164"/></cellXfs></styleSheet>';
    expect([...literalFormats(styles)]).toEqual([[2, '"机密★"0"年"']]);
  });
  it('any literal a format carries appears in what it shows for a number', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 8 }).filter((s) => !/["\\;]/.test(s)), fc.integer({ min: 0, max: 99999 }), (lit, n) => {
        expect(formatValue(`"${lit}"0`, String(n), false)).toBe(`${lit}${n}`);
      }),
    );
  });
});

describe('formulas of string literals', () => {
  it('concatenates literals joined by &, with doubled quotes undone', () => {
    expect(literalFormula('"机密"&"★"&"5年"')).toBe('机密★5年');
    expect(literalFormula(' "机密★5年" ')).toBe('机密★5年');
    expect(literalFormula('"say ""hi"""')).toBe('say "hi"');
  });
  it('leaves formulas with anything else to their cached value', () => {
    expect(literalFormula('A1&"年"')).toBeUndefined();
    expect(literalFormula('SUM(A1:A3)')).toBeUndefined();
  });
});
