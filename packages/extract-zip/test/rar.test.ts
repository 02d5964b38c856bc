/**
 * RAR archives written byte by byte here (stored, no compression: no RAR writer is needed):
 * - RAR 3.x/4.x keeps the archive comment WinRAR shows in a `CMT` sub-block, which 7-Zip's listing
 *   leaves out: a comment with 机密★5年 alone on a line passed; it is now unpacked (src/rar4.ts).
 * - RAR 5 archives are opened with 7-Zip's RAR 5 handler (`-trar` opens RAR 1.5–4 only: every RAR 5
 *   archive was "could not be opened", review), and a comment 7-Zip prints over several lines is
 *   read whole.
 * The same archives around 保密宣传月 pass with nothing unread.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScanner, type Scanner } from '@prepub/scanner';
import { crc32 } from '@prepub/extract-docx/zip';
import { rar4Comments } from '../src/rar4.ts';

let scanner: Scanner;
beforeAll(async () => {
  scanner = await createScanner({ ocr: false });
});
afterAll(() => scanner?.close());

const cat = (...p: Uint8Array[]): Uint8Array => {
  const out = new Uint8Array(p.reduce((n, x) => n + x.length, 0));
  let at = 0;
  for (const x of p) (out.set(x, at), (at += x.length));
  return out;
};
const le = (n: number, bytes: number): Uint8Array => Uint8Array.from({ length: bytes }, (_, i) => Math.floor(n / 256 ** i) & 0xff);
const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
/** GBK bytes of `s`, as WinRAR on a Chinese Windows writes a comment. */
function iconvGbk(s: string): Uint8Array {
  // GBK for the characters used here (TextEncoder writes UTF-8 only): each code point looked up by decoding every double-byte code once.
  const table = new Map<string, number[]>();
  const d = new TextDecoder('gbk');
  for (let hi = 0x81; hi <= 0xfe; hi++) for (let lo = 0x40; lo <= 0xfe; lo++) if (lo !== 0x7f) table.set(d.decode(Uint8Array.of(hi, lo)), [hi, lo]);
  return Uint8Array.from([...s].flatMap((c) => (c.charCodeAt(0) < 0x80 ? [c.charCodeAt(0)] : table.get(c) ?? [0x3f])));
}

/** RAR 4: a block (HEAD_CRC of the rest, type, flags, size) and its data. */
function block4(type: number, flags: number, rest: Uint8Array, data: Uint8Array = new Uint8Array(0)): Uint8Array {
  const body = cat(Uint8Array.of(type), le(flags, 2), le(7 + rest.length, 2), rest);
  return cat(le(crc32(body) & 0xffff, 2), body, data);
}
/** A stored file header (0x74) or sub-block (0x7A) with its data. */
function file4(type: number, name: string, data: Uint8Array): Uint8Array {
  const n = enc(name);
  return block4(type, 0x8000, cat(le(data.length, 4), le(data.length, 4), Uint8Array.of(2), le(crc32(data) >>> 0, 4), le(0x5a000000, 4), Uint8Array.of(29, 0x30), le(n.length, 2), le(0x20, 4), n), data);
}
function rar4(files: Array<[string, Uint8Array]>, comment?: Uint8Array): Uint8Array {
  const parts = [enc('Rar!\x1a\x07\x00'), block4(0x73, 0x0010, new Uint8Array(6))];
  if (comment) parts.push(file4(0x7a, 'CMT', comment));
  for (const [n, d] of files) parts.push(file4(0x74, n, d));
  parts.push(Uint8Array.of(0xc4, 0x3d, 0x7b, 0x00, 0x40, 0x07, 0x00));
  return cat(...parts);
}

/** RAR 5: variable-length integers, blocks with a CRC-32 of the header. */
function vint(n: number): Uint8Array {
  const out: number[] = [];
  do {
    const b = n & 0x7f;
    n = Math.floor(n / 128);
    out.push(n ? b | 0x80 : b);
  } while (n);
  return Uint8Array.from(out);
}
function block5(type: number, body: Uint8Array, data: Uint8Array = new Uint8Array(0)): Uint8Array {
  const h = cat(vint(type), vint(data.length ? 2 : 0), data.length ? vint(data.length) : new Uint8Array(0), body);
  const sized = cat(vint(h.length), h);
  return cat(le(crc32(sized) >>> 0, 4), sized, data);
}
function file5(type: number, name: string, data: Uint8Array): Uint8Array {
  const n = enc(name);
  return block5(type, cat(vint(0x0004), vint(data.length), vint(0x20), le(crc32(data) >>> 0, 4), vint(0), vint(0), vint(n.length), n), data);
}
function rar5(files: Array<[string, Uint8Array]>, comment?: string): Uint8Array {
  const parts = [Uint8Array.of(0x52, 0x61, 0x72, 0x21, 0x1a, 0x07, 0x01, 0x00), block5(1, vint(0))];
  if (comment !== undefined) parts.push(file5(3, 'CMT', enc(comment)));
  for (const [n, d] of files) parts.push(file5(2, n, d));
  parts.push(block5(5, vint(0)));
  return cat(...parts);
}

const notice = (first: string) => `${first}\r\n关于港区规划的通知\r\n`;

describe('RAR archive comments and RAR 5', () => {
  const cases: Array<[string, (first: string) => Uint8Array]> = [
    ['a RAR 4 archive comment (CMT sub-block) in GBK', (first) => rar4([['readme.txt', enc('hello\r\n')]], iconvGbk(`压缩包说明\r\n${notice(first)}`))],
    ['a RAR 4 archive comment in UTF-8', (first) => rar4([['readme.txt', enc('hello\r\n')]], enc(`压缩包说明\r\n${notice(first)}`))],
    ['a RAR 5 file', (first) => rar5([['notice.txt', enc(notice(first))]])],
    ['a RAR 5 archive comment over several lines', (first) => rar5([['readme.txt', enc('hello\r\n')]], `压缩包说明\r\n${notice(first)}`)],
  ];
  for (const [what, build] of cases) {
    it(`${what}: 机密★5年 blocks, 保密宣传月 passes with nothing unread`, async () => {
      const r = await scanner.scan(build('机密★5年'), { filename: 'bundle.rar' });
      expect(r.document.format).toBe('rar');
      expect(r.verdict, r.reasons.join('; ')).toBe('block');
      const benign = await scanner.scan(build('保密宣传月'), { filename: 'bundle.rar' });
      expect(benign.verdict, benign.reasons.join('; ')).toBe('pass');
      expect(benign.coverage.unread).toEqual([]);
    });
  }

  it('an encrypted RAR 4 comment is unread', async () => {
    const plain = rar4([['readme.txt', enc('hello\r\n')]], enc('x'.repeat(16)));
    const found = rar4Comments(plain);
    expect(found).toHaveLength(1);
    expect(found[0].encrypted).toBe(false);
    // LHD_PASSWORD set on the CMT sub-block (its CRC written again).
    const at = found[0].at;
    const locked = plain.slice();
    locked[at + 3] |= 0x04;
    const crc = crc32(locked.subarray(at + 2, at + 2 + (locked[at + 5] | (locked[at + 6] << 8)))) & 0xffff;
    locked[at] = crc & 0xff;
    locked[at + 1] = crc >> 8;
    const r = await scanner.scan(locked, { filename: 'bundle.rar' });
    expect(r.verdict).not.toBe('pass');
    expect(r.coverage.unread.map((u) => u.reason)).toContain('encrypted');
  });
});
