/**
 * Chinese charset labels that real mail writes and TextDecoder does not know. Review before, for
 * the marked and the harmless body alike: code pages the parser decodes by number (`cp936`,
 * `ms936`, `windows-936`, `cp950`) were reported as "no decoder here knows" although the parser had
 * read them; labels the parser does not know either (`euc-cn`, `x-euc-cn`, `cn-gb`, `GB2312-80`,
 * `GB18030-2000`, `x-mac-chinesesimp`, `x-cp20936`) were shown as Latin-1 letters. Now both read:
 * 机密★5年 blocks, 保密宣传月 passes with nothing unread.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScanner, type Scanner } from '@prepub/scanner';
import { legacyBytes } from './legacy-bytes.ts';

let scanner: Scanner;
beforeAll(async () => {
  scanner = await createScanner({ ocr: false });
});
afterAll(() => scanner?.close());

const legacy = legacyBytes;
const mail = (charset: string, body: Uint8Array) =>
  new TextEncoder().encode(`From: office@port.example\r\nTo: staff@port.example\r\nSubject: notice\r\nDate: Tue, 04 Jun 2024 08:30:00 +0800\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset="${charset}"\r\nContent-Transfer-Encoding: base64\r\n\r\n${Buffer.from(body).toString('base64')}\r\n`);

describe('Chinese charset labels outside TextDecoder', () => {
  const labels: Array<[string, 'gbk' | 'big5']> = [
    ['cp936', 'gbk'],
    ['windows-936', 'gbk'],
    ['cp950', 'big5'],
    ['euc-cn', 'gbk'],
    ['GB2312-80', 'gbk'],
    ['GB18030-2000', 'gbk'],
    ['x-mac-chinesesimp', 'gbk'],
  ];
  for (const [label, encoding] of labels) {
    it(`charset="${label}": 机密★5年 blocks, 保密宣传月 passes with nothing unread`, async () => {
      const body = (first: string) => legacy(`${first}\r\n关于港区规划的通知\r\n`, encoding);
      const r = await scanner.scan(mail(label, body('机密★5年')), { filename: 'notice.eml' });
      expect(r.verdict, r.reasons.join('; ')).toBe('block');
      const benign = await scanner.scan(mail(label, body('保密宣传月')), { filename: 'notice.eml' });
      expect(benign.verdict, benign.reasons.join('; ')).toBe('pass');
      expect(benign.coverage.unread).toEqual([]);
    });
  }

  // Review before (no decoder, and the parser's reading full of ESC/SO/SI): ISO-2022-CN (RFC 1922).
  it('charset="ISO-2022-CN": 机密★5年 blocks, 保密宣传月 passes with nothing unread', async () => {
    /** ISO-2022-CN: ESC $ ) A once a line, SO, GB 2312 bytes with high bits cleared, SI. */
    const iso = (text: string) =>
      Uint8Array.from(
        text.split('\n').flatMap((line) => {
          const out: number[] = [0x1b, 0x24, 0x29, 0x41];
          let so = false;
          for (const ch of line) {
            if (ch.charCodeAt(0) < 0x80) {
              if (so) (out.push(0x0f), (so = false));
              out.push(ch.charCodeAt(0));
            } else {
              if (!so) (out.push(0x0e), (so = true));
              out.push(...[...legacy(ch, 'gbk')].map((b) => b & 0x7f));
            }
          }
          if (so) out.push(0x0f);
          out.push(0x0a);
          return out;
        }),
      );
    const r = await scanner.scan(mail('ISO-2022-CN', iso('机密★5年\n关于港区规划的通知')), { filename: 'notice.eml' });
    expect(r.verdict, r.reasons.join('; ')).toBe('block');
    const benign = await scanner.scan(mail('ISO-2022-CN', iso('保密宣传月\n关于港区规划的通知')), { filename: 'notice.eml' });
    expect(benign.verdict, benign.reasons.join('; ')).toBe('pass');
    expect(benign.coverage.unread).toEqual([]);
  });
});
