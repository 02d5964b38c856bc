/**
 * Header blocks a lenient mail program reads otherwise than the MIME parser (src/lenient.ts):
 * a part whose headers run into its text without a blank line (or with a line of blanks, which
 * the parser takes for folding) — the parser kept the text as header fields without values and
 * dropped it, where Python's `email` starts the body there — and a header block that names its
 * Content-Type or Content-Transfer-Encoding twice, read by the parser with the first copy only.
 * Each passed with 机密★5年 intact; each blocks now, and the same message around 保密宣传月
 * passes with nothing unread.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScanner, type Scanner } from '@prepub/scanner';
import { lenientReading } from '../src/lenient.ts';

let scanner: Scanner;
beforeAll(async () => {
  scanner = await createScanner({ ocr: false });
});
afterAll(() => scanner?.close());

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
const b64 = (s: string): string => Buffer.from(s).toString('base64');
const HEAD = 'From: office@slj.linhe.example\r\nTo: stations@slj.linhe.example\r\nSubject: notice\r\nDate: Tue, 04 Jun 2024 08:30:00 +0800\r\nMIME-Version: 1.0\r\n';
const multipart = (part: string): string => `${HEAD}Content-Type: multipart/mixed; boundary="BND"\r\n\r\n--BND\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nsee below\r\n--BND\r\n${part}\r\n--BND--\r\n`;

const constructions: Array<[string, (first: string) => string]> = [
  ['a part whose text follows its headers with no blank line', (first) => multipart(`Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n${first}\r\n关于汛期水库调度方案的通知`)],
  ['a part whose headers end with a line of blanks', (first) => multipart(`Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n \r\n${first}\r\n关于汛期水库调度方案的通知`)],
  ['a base64 part whose headers end with a line of blanks', (first) => multipart(`Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n \r\n${b64(`${first}\n关于汛期水库调度方案的通知\n`)}`)],
  ['a message naming text/plain, then multipart/mixed', (first) => `${HEAD}Content-Type: text/plain; charset=utf-8\r\nContent-Type: multipart/mixed; boundary="BND"\r\n\r\n--BND\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nsee attached\r\n--BND\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Disposition: attachment; filename=a.txt\r\nContent-Transfer-Encoding: base64\r\n\r\n${b64(`${first}\n关于汛期水库调度方案的通知\n`)}\r\n--BND--\r\n`],
  ['a part naming 7bit, then base64', (first) => multipart(`Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 7bit\r\nContent-Transfer-Encoding: base64\r\n\r\n${b64(first)}`)],
];

describe('header blocks read as a lenient mail program reads them', () => {
  for (const [what, build] of constructions) {
    it(`${what}: 机密★5年 blocks, 保密宣传月 passes with nothing unread`, async () => {
      const marked = await scanner.scan(enc(build('机密★5年')), { filename: 'notice.eml' });
      expect(marked.verdict, marked.reasons.join('; ')).toBe('block');
      expect(marked.findings.some((f) => f.ruleId === 'marking.cn-state-secret')).toBe(true);
      const benign = await scanner.scan(enc(build('保密宣传月')), { filename: 'notice.eml' });
      expect(benign.verdict, benign.reasons.join('; ')).toBe('pass');
      expect(benign.coverage.unread).toEqual([]);
    });
  }

  it('a well-formed message has no other reading', () => {
    expect(lenientReading(enc(multipart('Content-Type: text/plain; charset=utf-8\r\n\r\n保密宣传月'))).bytes).toBeUndefined();
    // A repeated header with the same value decides nothing.
    expect(lenientReading(enc(`${HEAD}Content-Type: text/plain\r\nContent-Type: text/plain\r\n\r\nhello\r\n`)).bytes).toBeUndefined();
  });
});

describe('names a part gives twice', () => {
  // Passed before: the parser keeps one value of a repeated parameter or header (mail programs
  // differ on which they show), and a name with 机密★5年 in the other was never read.
  const attachment = (disposition: string, type = 'application/octet-stream'): string =>
    multipart(`Content-Type: ${type}\r\n${disposition}Content-Transfer-Encoding: base64\r\n\r\naGVsbG8=`);
  const constructions: Array<[string, (name: string) => string]> = [
    ['filename given twice in one Content-Disposition', (name) => attachment(`Content-Disposition: attachment; filename="report.txt"; filename="${name}"\r\n`)],
    ['name given twice in one Content-Type', (name) => attachment('', `application/octet-stream; name="report.txt"; name="${name}"`)],
    ['Content-Disposition given twice', (name) => attachment(`Content-Disposition: attachment; filename="report.txt"\r\nContent-Disposition: attachment; filename="${name}"\r\n`)],
  ];
  for (const [what, build] of constructions) {
    it(`${what}: 机密★5年-港区规划.txt blocks, 保密宣传月-港区规划.txt passes with nothing unread`, async () => {
      const marked = await scanner.scan(enc(build('机密★5年-港区规划.txt')), { filename: 'notice.eml' });
      expect(marked.verdict, marked.reasons.join('; ')).toBe('block');
      const benign = await scanner.scan(enc(build('保密宣传月-港区规划.txt')), { filename: 'notice.eml' });
      expect(benign.verdict, benign.reasons.join('; ')).toBe('pass');
      expect(benign.coverage.unread).toEqual([]);
    });
  }
});

describe('a message whose headers end with a line of blanks', () => {
  // Passed before: read alone, such a message did not look like one (a line of blanks is no
  // header) and was read as text, its base64 letters; attached, it was handed on so as well.
  const inner = (first: string) =>
    `From: =?utf-8?B?${Buffer.from('港务局办公室').toString('base64')}?=\r\nSubject: notice\r\nDate: Tue, 04 Jun 2024 08:30:00 +0800\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n \r\n${b64(`${first}\n关于港区规划的通知\n`)}\r\n`;
  const constructions: Array<[string, (first: string) => string]> = [
    ['alone', inner],
    ['alone, its base64 right under the headers (no blank line at all)', (first) => inner(first).replace('\r\n \r\n', '\r\n')],
    ['attached to another', (first) => `${HEAD}Content-Type: multipart/mixed; boundary="BND"\r\n\r\n--BND\r\nContent-Type: text/plain\r\n\r\nsee attached\r\n--BND\r\nContent-Type: message/rfc822\r\nContent-Disposition: attachment; filename=fw.eml\r\n\r\n${inner(first)}--BND--\r\n`],
  ];
  for (const [what, build] of constructions) {
    it(`${what}: 机密★5年 blocks, 保密宣传月 passes with nothing unread`, async () => {
      const marked = await scanner.scan(enc(build('机密★5年')), { filename: 'notice.eml' });
      expect(marked.verdict, marked.reasons.join('; ')).toBe('block');
      const benign = await scanner.scan(enc(build('保密宣传月')), { filename: 'notice.eml' });
      expect(benign.verdict, benign.reasons.join('; ')).toBe('pass');
      expect(benign.coverage.unread).toEqual([]);
    });
  }
});
