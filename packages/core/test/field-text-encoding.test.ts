/**
 * requestTexts, formFields, looksGb18030: how the review service and the upload middleware read a
 * request's text that names no charset. UTF-8 as it is; GB18030 (GBK) when it is not UTF-8 but reads
 * as such; anything else UTF-8 with U+FFFD, which the scan reports as lost text (never pass).
 */
import { describe, expect, it } from 'vitest';
import { formFields, looksGb18030, requestBodyText, requestTexts, tagItems } from '../src/field-text.ts';

function legacy(label: string, s: string): Uint8Array {
  const dec = new TextDecoder(label);
  const table = new Map<string, number[]>();
  for (let hi = 0x81; hi <= 0xfe; hi++)
    for (let lo = 0x40; lo <= 0xfe; lo++) {
      const c = dec.decode(Uint8Array.from([hi, lo]));
      if (c.length === 1 && c !== '\ufffd' && !table.has(c)) table.set(c, [hi, lo]);
    }
  return Uint8Array.from([...s].flatMap((c) => (c.charCodeAt(0) < 0x80 ? [c.charCodeAt(0)] : table.get(c)!)));
}
const utf8 = (s: string) => new TextEncoder().encode(s);
const NOTICE = '机密★5年\n关于做好2027年元旦春节期间安全保卫工作的通知\n各区县人民政府，市政府各部门：';

describe('request text without a charset', () => {
  it('UTF-8 stays UTF-8; GBK is read as GB18030; Big5 and damaged UTF-8 are neither', () => {
    expect(requestTexts([utf8(NOTICE), utf8('title')])).toEqual({ texts: [NOTICE, 'title'], encoding: 'utf-8' });
    expect(requestTexts([legacy('gbk', NOTICE), utf8('title')])).toEqual({ texts: [NOTICE, 'title'], encoding: 'gb18030' });
    expect(looksGb18030(legacy('gbk', NOTICE))).toBe(true);
    expect(looksGb18030(legacy('big5', '機密★5年'))).toBe(false);
    const damaged = utf8(NOTICE);
    damaged[1] = 0x41;
    expect(looksGb18030(damaged)).toBe(false);
    const r = requestTexts([damaged]);
    expect(r.encoding).toBe('utf-8');
    expect(r.texts[0]).toContain('\ufffd');
    // A request mixing UTF-8 Chinese and bytes of another encoding: not all GB18030, read as UTF-8 (lost text).
    expect(requestTexts([utf8(NOTICE), legacy('big5', '機密')]).encoding).toBe('utf-8');
    expect(requestTexts([utf8(NOTICE), legacy('gbk', '机密')]).texts[1]).toContain('\ufffd');
    // Control bytes are no text.
    expect(looksGb18030(Uint8Array.from([0xbb, 0xfa, 0x01]))).toBe(false);
  });

  it('a form body: percent escapes as bytes, + as a blank', () => {
    const pct = (b: Uint8Array) => [...b].map((x) => `%${x.toString(16)}`).join('');
    expect(formFields(utf8(`title=${pct(legacy('gbk', '通知'))}&html=${pct(legacy('gbk', '机密★5年'))}+x&flag`))).toEqual({ fields: [['title', '通知'], ['html', '机密★5年 x'], ['flag', '']], encoding: 'gb18030' });
    expect(formFields(utf8(new URLSearchParams([['a', '机密'], ['b', 'x y']]).toString()))).toEqual({ fields: [['a', '机密'], ['b', 'x y']], encoding: 'utf-8' });
  });

  it('a body in the charset it names, or by its byte order mark', () => {
    expect(requestBodyText(legacy('gbk', '{"a":"机密"}'), 'application/json; charset=gbk')).toEqual({ text: '{"a":"机密"}' });
    expect(requestBodyText(legacy('gbk', '{"a":"机密"}'), 'application/json')).toEqual({ text: '{"a":"机密"}', encoding: 'gb18030' });
    expect(requestBodyText(Uint8Array.from([0xff, 0xfe, 0x41, 0x00]), 'application/json').text).toBe('A');
  });

  it('tags kept as one string', () => {
    expect(tagItems('机,密,★,5,年')).toEqual(['机', '密', '★', '5', '年']);
    expect(tagItems('保密宣传、 国家安全；普法')).toEqual(['保密宣传', '国家安全', '普法']);
    // A sentence, numbers, a paragraph, one item: none.
    for (const v of ['各单位，现将有关事项通知如下', '1,2,3', '机密\n,文件', '保密', 'a,b']) expect(tagItems(v), v).toBeUndefined();
  });
});
