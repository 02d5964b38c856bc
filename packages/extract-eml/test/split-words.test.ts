/**
 * Encoded words (RFC 2047) in a multi-byte charset whose writer split a character's bytes across
 * two words: mail programs join adjacent words of one charset before decoding and show the text;
 * decoded word by word it was two U+FFFD (review, for the marked and the harmless subject alike).
 * Now the words are joined: 机密★5年 blocks, 保密宣传月 passes with nothing unread.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScanner, type Scanner } from '@prepub/scanner';
import { decodeHeader } from '../src/words.ts';

let scanner: Scanner;
beforeAll(async () => {
  scanner = await createScanner({ ocr: false });
});
afterAll(() => scanner?.close());

/** GBK bytes of a string (TextEncoder writes UTF-8 only): looked up by decoding every double-byte code. */
function gbk(s: string): Uint8Array {
  const table = new Map<string, number[]>();
  const d = new TextDecoder('gbk');
  for (let hi = 0x81; hi <= 0xfe; hi++) for (let lo = 0x40; lo <= 0xfe; lo++) if (lo !== 0x7f) table.set(d.decode(Uint8Array.of(hi, lo)), [hi, lo]);
  return Uint8Array.from([...s].flatMap((c) => (c.charCodeAt(0) < 0x80 ? [c.charCodeAt(0)] : table.get(c) ?? [0x3f])));
}
const word = (charset: string, b: Uint8Array) => `=?${charset}?B?${Buffer.from(b).toString('base64')}?=`;
/** The subject's bytes cut after the first byte of its first character, each half an encoded word. */
const split = (subject: string, a = 'GB2312', b = 'GB2312') => {
  const bytes = gbk(subject);
  return `${word(a, bytes.subarray(0, 1))}\r\n ${word(b, bytes.subarray(1))}`;
};
const mail = (subject: string) => new TextEncoder().encode(`From: office@port.example\r\nTo: staff@port.example\r\nSubject: ${subject}\r\nDate: Tue, 04 Jun 2024 08:30:00 +0800\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nhello\r\n`);

describe('encoded words that split a character', () => {
  it('joins adjacent GB2312 / GBK words before decoding', () => {
    expect(decodeHeader(split('机密★5年')).text).toBe('机密★5年');
    expect(decodeHeader(split('机密★5年', 'gb2312', 'GBK')).text).toBe('机密★5年');
  });
  for (const [what, a, b] of [['GB2312 words', 'GB2312', 'GB2312'], ['a GB2312 word, then a GBK word', 'gb2312', 'GBK']] as const) {
    it(`a subject in ${what}: 机密★5年 blocks, 保密宣传月 passes with nothing unread`, async () => {
      const r = await scanner.scan(mail(split('机密★5年', a, b)), { filename: 'notice.eml' });
      expect(r.verdict, r.reasons.join('; ')).toBe('block');
      const benign = await scanner.scan(mail(split('保密宣传月', a, b)), { filename: 'notice.eml' });
      expect(benign.verdict, benign.reasons.join('; ')).toBe('pass');
      expect(benign.coverage.unread).toEqual([]);
    });
  }
});
