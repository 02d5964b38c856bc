/**
 * message/partial (RFC 2046 5.2.2): a message split into fragments, each sent as a message of its
 * own. A fragment other than the whole (number=1, total=1) holds only part of the message — the
 * base64 of an attachment without the headers that declare it — so it is unread, never a pass.
 * Passed before: fragment 2 of 2 carrying the base64 of a text whose first line is 机密★5年.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScanner, type Scanner } from '@prepub/scanner';

let scanner: Scanner;
beforeAll(async () => {
  scanner = await createScanner({ ocr: false });
});
afterAll(() => scanner?.close());

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
const HEAD = 'From: office@slj.linhe.example\r\nTo: stations@slj.linhe.example\r\nDate: Tue, 04 Jun 2024 08:30:00 +0800\r\nMIME-Version: 1.0\r\n';
const inner = (first: string): string => `Subject: notice\r\nContent-Type: multipart/mixed; boundary="IN"\r\n\r\n--IN\r\nContent-Type: text/plain\r\n\r\nsee attached\r\n--IN\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Disposition: attachment; filename=a.txt\r\nContent-Transfer-Encoding: base64\r\n\r\n${Buffer.from(`${first}\n关于港区规划的通知\n`).toString('base64')}\r\n--IN--\r\n`;
const fragment = (n: number, total: number, body: string): Uint8Array => enc(`${HEAD}Subject: notice (${n}/${total})\r\nContent-Type: message/partial; id="split.20240604@slj.linhe.example"; number=${n}; total=${total}\r\n\r\n${body}`);

describe('message/partial', () => {
  it('the last fragment, holding an attachment\'s base64 without its headers, is unread: review, never pass', async () => {
    const whole = inner('机密★5年');
    const cut = whole.indexOf('\r\n\r\n', whole.indexOf('filename=a.txt')) + 4;
    const r = await scanner.scan(fragment(2, 2, whole.slice(cut)), { filename: 'part2.eml' });
    expect(r.verdict).toBe('review');
    expect(r.coverage.unread.some((u) => u.reason === 'unsupported-format' && /message\/partial/.test(u.detail))).toBe(true);
  });

  it('a message sent whole as fragment 1 of 1 is read: 机密★5年 blocks, 保密宣传月 passes with nothing unread', async () => {
    const r = await scanner.scan(fragment(1, 1, inner('机密★5年')), { filename: 'whole.eml' });
    expect(r.verdict).toBe('block');
    const benign = await scanner.scan(fragment(1, 1, inner('保密宣传月')), { filename: 'whole.eml' });
    expect(benign.verdict, benign.reasons.join('; ')).toBe('pass');
    expect(benign.coverage.unread).toEqual([]);
  });
});
