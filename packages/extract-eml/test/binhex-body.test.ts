/**
 * A BinHex 4.0 file written into a mail's text body (as Macintosh mail programs did, and as a
 * forwarded .hqx pasted inline reads). Passed before: the body was read as text, the BinHex letters;
 * only attachments reached the BinHex reader. Now the body is handed on and decoded: a text whose
 * first line is 机密★5年 blocks, the same around 保密宣传月 passes with nothing unread.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScanner, type Scanner } from '@prepub/scanner';
import { binhex } from '../../extract-zip/test/text-encoders.ts';

let scanner: Scanner;
beforeAll(async () => {
  scanner = await createScanner({ ocr: false });
});
afterAll(() => scanner?.close());

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
const notice = (first: string) => enc(`${first}\r\n关于港区规划的通知\r\n`);
const mail = (hqx: string) =>
  enc(`From: office@port.example\r\nTo: staff@port.example\r\nSubject: notice\r\nDate: Tue, 04 Jun 2024 08:30:00 +0800\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\nThe notice is below.\r\n\r\n${hqx}`);

describe('BinHex in a body', () => {
  it('机密★5年 blocks; 保密宣传月 passes with nothing unread', async () => {
    const r = await scanner.scan(mail(binhex('notice.txt', notice('机密★5年'))), { filename: 'notice.eml' });
    expect(r.verdict, r.reasons.join('; ')).toBe('block');
    const benign = await scanner.scan(mail(binhex('notice.txt', notice('保密宣传月'))), { filename: 'notice.eml' });
    expect(benign.verdict, benign.reasons.join('; ')).toBe('pass');
    expect(benign.coverage.unread).toEqual([]);
  });
});
