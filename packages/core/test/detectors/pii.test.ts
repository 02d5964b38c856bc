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

describe('pii precision: an organisation\'s published contacts are not personal data', () => {
  const ORG_CONTACTS: Array<[string, string]> = [
    ['press office address', '媒体垂询请联系新闻办公室：press@jianglin.gov.cn'],
    ['新闻 address at gov.cn', '投稿邮箱：xinwen@jianglin.gov.cn'],
    ['信息公开 address', '政府信息公开申请可发送至 xxgk@jianglin.gov.cn 。'],
    ['service-number address', '来信请寄 12345@jianglin.gov.cn'],
    ['role address with a dotted tail', 'Contact the press office: press.office@example.org'],
    ['hotline landline', '咨询电话：0571-87654321，监督电话：(010) 6512 3456'],
    ['service numbers', '市民服务热线12345，消费者投诉举报电话12315，报警请拨110，急救120。'],
    ['400 and 800 numbers', '客服热线：400-820-8820，免费电话 800-810-1234，4006123123。'],
  ];
  it.each(ORG_CONTACTS)('%s is no finding', (_l, text) => {
    expect(findingsOf(text, 'pii')).toEqual([]);
  });

  const PERSONAL: Array<[string, string, string]> = [
    ['a personal mobile', '联系人：李四，手机 13812345678', 'pii.mobile'],
    ['a personal address at a gov.cn domain', '经办人邮箱 zhang.san@jianglin.gov.cn', 'pii.email'],
    ['a personal webmail address', '请把材料发到 wangwu1988@163.com', 'pii.email'],
    ['an identity number', `身份证号：${validId}`, 'pii.cn-id-card'],
  ];
  it.each(PERSONAL)('%s is personal data (review)', (_l, text, rule) => {
    const fs = findingsOf(text, 'pii');
    expect(fs.map((f) => f.ruleId)).toEqual([rule]);
    expect(fs[0].severity).toBe('review');
    expect(fs[0].message).toMatch(/\(1 in this part\)$/);
  });

  it('a roster of private persons: every entry counted, each weighs more than a lone number', () => {
    const roster = ['姓名\t手机', '张三\t13812345678', '李四\t13987654321', '王五\t15011112222', '赵六\t18622223333'].join('\n');
    const fs = findingsOf(roster, 'pii.mobile');
    expect(fs).toHaveLength(4);
    for (const f of fs) {
      expect(f.message).toMatch(/\(4 in this part\)$/);
      expect(f.explanation.fields?.count).toBe('4');
      expect(f.explanation.cues.map((c) => c.cue)).toContain('one of 4 in this part: a list of people');
    }
    const lone = findingsOf('张三 13812345678', 'pii.mobile')[0];
    expect(fs[0].score).toBeGreaterThan(lone.score);
  });

  it('role addresses are told apart from personal ones in one text', () => {
    const fs = findingsOf('新闻办 press@jianglin.gov.cn；经办人 li.si@jianglin.gov.cn', 'pii.email');
    expect(fs).toHaveLength(1);
    expect(fs[0].excerpt).not.toContain('li.si@');
  });
});
