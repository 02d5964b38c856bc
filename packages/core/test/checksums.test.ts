import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { cnIdCheckChar, isValidCnId, isValidLuhn, isValidUscc, usccCheckChar } from '@prepub/core';

const digits = (n: number) => fc.array(fc.integer({ min: 0, max: 9 }), { minLength: n, maxLength: n }).map((a) => a.join(''));

describe('GB 11643 身份证 check digit', () => {
  it('accepts a known valid number and rejects its neighbours', () => {
    expect(isValidCnId('11010519491231002X')).toBe(true);
    expect(isValidCnId('110105194912310021')).toBe(false);
  });
  it('any single-digit change of a valid number is caught', () => {
    fc.assert(
      fc.property(digits(17), fc.nat(16), fc.integer({ min: 1, max: 9 }), (body, pos, delta) => {
        const id = body + cnIdCheckChar(body);
        expect(isValidCnId(id)).toBe(true);
        const changed = body.slice(0, pos) + ((Number(body[pos]) + delta) % 10) + body.slice(pos + 1);
        expect(isValidCnId(changed + id[17])).toBe(false);
      }),
    );
  });
});

describe('GB 32100 统一社会信用代码 check character', () => {
  it('accepts a valid code and rejects a changed one', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...'0123456789ABCDEFGHJKLMNPQRTUWXY'), { minLength: 17, maxLength: 17 }), (a) => {
        const body = a.join('');
        const code = body + usccCheckChar(body);
        expect(isValidUscc(code)).toBe(true);
        const other = code[17] === '0' ? '1' : '0';
        expect(isValidUscc(body + other)).toBe(false);
      }),
    );
  });
});

describe('Luhn', () => {
  it('accepts known card test numbers and rejects a one-digit change', () => {
    expect(isValidLuhn('4111111111111111')).toBe(true);
    expect(isValidLuhn('4111111111111112')).toBe(false);
  });
});
