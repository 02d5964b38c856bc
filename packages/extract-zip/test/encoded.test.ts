/**
 * uuencoded and BinHex 4.0 files (src/encoded.ts), written here byte by byte. Passed before: a
 * `.uue` file (`begin 644 notice.txt` …), a `.hqx` file, and an e-mail whose attachment is
 * application/mac-binhex40, each carrying a text with 机密★5年 alone on its first line — read as
 * text, the encoding is letters. Each blocks now; the same files around 保密宣传月 pass with
 * nothing unread; a BinHex fork whose checksum does not match is a loss.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScanner, type Scanner } from '@prepub/scanner';
import { binhex, uuencode } from './text-encoders.ts';

let scanner: Scanner;
beforeAll(async () => {
  scanner = await createScanner({ ocr: false });
});
afterAll(() => scanner?.close());

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);

const notice = (first: string) => enc(`${first}\r\n关于港区规划的通知\r\n各单位：请按要求做好港区规划工作。\r\n`);
const mail = (hqx: string) =>
  `From: office@port.example\r\nTo: staff@port.example\r\nSubject: notice\r\nDate: Tue, 04 Jun 2024 08:30:00 +0800\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="B"\r\n\r\n--B\r\nContent-Type: text/plain\r\n\r\nsee attached\r\n--B\r\nContent-Type: application/mac-binhex40; name="notice.hqx"\r\nContent-Disposition: attachment; filename="notice.hqx"\r\n\r\n${hqx}--B--\r\n`;

describe('files written as text: uuencode and BinHex', () => {
  const cases: Array<[string, string, (first: string) => Uint8Array]> = [
    ['a uuencoded file', 'notice.uue', (first) => enc(uuencode('notice.txt', notice(first)))],
    ['a uuencoded file after a line of text', 'notice.uue', (first) => enc(`Here is the notice:\n\n${uuencode('notice.txt', notice(first))}`)],
    ['a uuencoded file after 3 KB of text (a saved article)', 'article.txt', (first) => enc(`${'今日港区工作简报，各部门按计划推进。\n'.repeat(100)}\n${uuencode('notice.txt', notice(first))}`)],
    ['a BinHex 4.0 file', 'notice.hqx', (first) => enc(binhex('notice.txt', notice(first)))],
    ['a BinHex 4.0 file after 3 KB of text', 'article.txt', (first) => enc(`${'今日港区工作简报，各部门按计划推进。\r\n'.repeat(100)}\r\n${binhex('notice.txt', notice(first))}`)],
    ['an e-mail with a BinHex attachment', 'notice.eml', (first) => enc(mail(binhex('notice.txt', notice(first))))],
  ];
  for (const [what, filename, build] of cases) {
    it(`${what}: 机密★5年 blocks, 保密宣传月 passes with nothing unread`, async () => {
      const r = await scanner.scan(build('机密★5年'), { filename });
      expect(r.verdict, r.reasons.join('; ')).toBe('block');
      const benign = await scanner.scan(build('保密宣传月'), { filename });
      expect(benign.verdict, benign.reasons.join('; ')).toBe('pass');
      expect(benign.coverage.unread).toEqual([]);
    });
  }

  it('a BinHex data fork whose checksum does not match is a loss: never pass', async () => {
    const r = await scanner.scan(enc(binhex('notice.txt', notice('保密宣传月'), true)), { filename: 'notice.hqx' });
    expect(r.document.format).toBe('binhex');
    expect(r.verdict).toBe('review');
    expect(r.coverage.unread.some((u) => /checksum/.test(u.detail))).toBe(true);
  });

  it('a name in the begin line is read', async () => {
    const r = await scanner.scan(enc(uuencode('机密★5年-港区规划.txt', enc('hello\n'))), { filename: 'x.uue' });
    expect(r.document.format).toBe('uuencode');
    expect(r.verdict).toBe('block');
  });
});
