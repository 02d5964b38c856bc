import { describe, expect, it } from 'vitest';
import { cnIdCheckChar, usccCheckChar } from '@prepub/core';
import { findingsOf } from './helpers.ts';

const validId = '11010519491231002X';
const invalidId = '110105194912310021';
const uscc = '91350100M000100Y4' + usccCheckChar('91350100M000100Y4');

describe('pii', () => {
  it('finds a valid 身份证号, masks it, and explains the checksum', () => {
    const [f] = findingsOf(`身份证号：${validId}`, 'pii.cn-id-card');
    expect(f.severity).toBe('review');
    expect(f.explanation.checksum).toEqual({ algorithm: 'GB 11643 mod 11-2', valid: true });
    expect(f.excerpt).not.toContain(validId);
    expect(f.explanation.cues.map((c) => c.cue)).toContain('labelled nearby');
  });
  it('ignores numbers whose check digit is wrong', () => {
    expect(findingsOf(`身份证号：${invalidId}`, 'pii')).toHaveLength(0);
    expect(cnIdCheckChar(invalidId.slice(0, 17))).not.toBe(invalidId[17]);
  });
  it('finds 统一社会信用代码 with a valid check character only', () => {
    expect(findingsOf(`统一社会信用代码：${uscc}`, 'pii.uscc')).toHaveLength(1);
    const wrong = uscc.slice(0, 17) + (uscc[17] === '0' ? '1' : '0');
    expect(findingsOf(`统一社会信用代码：${wrong}`, 'pii.uscc')).toHaveLength(0);
  });
  it('finds Luhn-valid card numbers, mobiles and e-mails', () => {
    expect(findingsOf('卡号 4111111111111111', 'pii.bank-card')).toHaveLength(1);
    expect(findingsOf('卡号 4111111111111112', 'pii.bank-card')).toHaveLength(0);
    expect(findingsOf('手机 13812345678', 'pii.mobile')).toHaveLength(1);
    expect(findingsOf('电话 010-12345678', 'pii.mobile')).toHaveLength(0);
    expect(findingsOf('邮箱 li.si@example.org', 'pii.email')).toHaveLength(1);
  });
  it('an ID number is not also reported as a card number', () => {
    const fs = findingsOf(`身份证 ${validId}`, 'pii');
    expect(fs.map((f) => f.ruleId)).toEqual(['pii.cn-id-card']);
  });
});
