/**
 * A star written as a Unicode escape in a symbol-font run (Word keeps an inserted Wingdings ★ as its
 * private-use code, \u-3925 = U+F0AB, or as « in a \uN escape): it draws the star. Only the bytes
 * of a Wingdings run (\'ab) were read as stars, so 机密 + \u-3925 + 5年 read 机密5年 and passed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '@prepub/core';
import { createScanner, type Scanner } from '@prepub/scanner';
import { extractRtf } from '../src/index.ts';

const rtf = (s: string) => new Uint8Array(Buffer.from(s, 'latin1'));
const u = (s: string) => [...s].map((c) => (c.charCodeAt(0) < 0x80 ? c : `\\u${c.charCodeAt(0) > 0x7fff ? c.charCodeAt(0) - 0x10000 : c.charCodeAt(0)}?`)).join('');
const HEAD = `{\\rtf1\\ansi\\ansicpg936\\deff0{\\fonttbl{\\f0\\fnil\\fcharset134 SimSun;}{\\f1\\fnil\\fcharset2 Wingdings;}}`;
const NOTICE = ['江临市交通运输局关于做好春运工作的通知', '各县区交通运输局：', '现将有关事项通知如下。'].map((t) => `\\pard ${u(t)}\\par `).join('');
const NEWS = ['市保密局开展保密宣传月活动', '五月以来，各单位组织观看警示教育片，开展保密知识竞赛。'].map((t) => `\\pard ${u(t)}\\par `).join('');
const stars = { 'U+F0AB (\\u-3925)': '{\\f1\\u-3925\\\'ab}', 'U+F0AB without its font': '\\u-3925?', '« in a \\uN escape in Wingdings': '{\\f1\\u171?}' };

let scanner: Scanner;
beforeAll(async () => {
  scanner = await createScanner({ ocr: false, isolation: false });
});
afterAll(() => scanner?.close());

describe('stars of symbol fonts written as Unicode escapes', () => {
  it('机密 + the star + 5年 reads 机密★5年 and blocks', async () => {
    for (const [how, star] of Object.entries(stars)) {
      const doc = `${HEAD}\\pard ${u('机密')}${star}${u('5年')}\\par ${NOTICE}}`;
      const body = (await extractRtf(rtf(doc), { limits: DEFAULT_LIMITS })).parts.find((p) => p.id === 'body');
      expect(body?.text.split('\n')[0], how).toBe('机密★5年');
      expect((await scanner.scan(rtf(doc), { filename: 'notice.rtf' })).verdict, how).toBe('block');
    }
  });

  it('a news title between such stars passes with nothing unread', async () => {
    for (const [how, star] of Object.entries(stars)) {
      const r = await scanner.scan(rtf(`${HEAD}\\pard ${star}${u('保密宣传月')}${star}\\par ${NEWS}}`), { filename: 'news.rtf' });
      expect(r.coverage.unread, how).toEqual([]);
      expect(r.verdict, how).toBe('pass');
    }
  });
});
