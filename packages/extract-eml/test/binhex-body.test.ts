/**
 * A BinHex 4.0 file written into a mail's text body (as Macintosh mail programs did, and as a
 * forwarded .hqx pasted inline reads). Passed before: the body was read as text, the BinHex letters;
 * only attachments reached the BinHex reader. Now the body is handed on and decoded: a text whose
 * first line is 机密★5年 blocks, the same around 保密宣传月 passes with nothing unread.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScanner, type Scanner } from '@prepub/scanner';

let scanner: Scanner;
beforeAll(async () => {
  scanner = await createScanner({ ocr: false });
});
afterAll(() => scanner?.close());

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
const cat = (...p: Uint8Array[]): Uint8Array => Uint8Array.from(p.flatMap((x) => [...x]));
const ALPHABET = '!"#$%&\'()*+,-012345689@ABCDEFGHIJKLMNPQRSTUVXYZ[`abcdefhijklmpqr';
/** CRC-16/XMODEM (BinHex's). */
function crc16(b: Uint8Array): number {
  let c = 0;
  for (const x of b) {
    c ^= x << 8;
    for (let k = 0; k < 8; k++) c = c & 0x8000 ? ((c << 1) ^ 0x1021) & 0xffff : (c << 1) & 0xffff;
  }
  return c;
}
const be = (n: number, bytes: number): Uint8Array => Uint8Array.from({ length: bytes }, (_, i) => (n >>> (8 * (bytes - 1 - i))) & 0xff);
/** BinHex 4.0 of one file (data fork only; no run-length compression but 0x90 escaped). */
function binhex(name: string, data: Uint8Array, breakDataCrc = false): string {
  const n = enc(name);
  const header = cat(Uint8Array.of(n.length), n, Uint8Array.of(0), enc('TEXTttxt'), Uint8Array.of(0, 0), be(data.length, 4), be(0, 4));
  const fork = (b: Uint8Array, broken = false) => cat(b, be(crc16(b) ^ (broken ? 1 : 0), 2));
  const raw = cat(fork(header), fork(data, breakDataCrc), fork(new Uint8Array(0)));
  const rle = Uint8Array.from([...raw].flatMap((x) => (x === 0x90 ? [0x90, 0] : [x])));
  let bits = '';
  for (const x of rle) bits += x.toString(2).padStart(8, '0');
  bits += '0'.repeat((6 - (bits.length % 6)) % 6);
  let text = ':';
  for (let i = 0; i < bits.length; i += 6) text += ALPHABET[parseInt(bits.slice(i, i + 6), 2)];
  text += ':';
  return `(This file must be converted with BinHex 4.0)\r\n\r\n${text.replace(/.{64}/g, '$&\r\n')}\r\n`;
}

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
