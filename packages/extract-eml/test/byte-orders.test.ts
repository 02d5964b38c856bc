/**
 * Red team of 2026-12-03 (peer messages of Tika, CPython's email tests and mailparser, with a
 * notice injected into each structure and re-encoded): what passed, through the real scanner.
 * Each marked message has a public twin of the same structure (公开, a 保密宣传月 notice) that passes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScanner, type Scanner } from '@prepub/scanner';
import { looksLikeMessage, utf16Text } from '../src/index.ts';

let scanner: Scanner;
beforeAll(async () => {
  scanner = await createScanner({ ocr: false });
});
afterAll(() => scanner?.close());

const MARKED = '机密★5年\r\n关于开展2026年度安全生产大检查的通知\r\n各处室、直属单位：\r\n为切实做好安全生产工作，经研究，决定开展本次检查。\r\n江临市应急管理局办公室\r\n';
const PUBLIC = '公开\r\n关于开展保密宣传月活动的通知\r\n各处室：\r\n今年保密宣传月以“保守国家秘密”为主题，请各单位认真组织学习保密法。\r\n江临市应急管理局办公室\r\n';
const b64 = (b: Uint8Array | string): string => Buffer.from(b).toString('base64').replace(/.{76}/g, '$&\r\n');
/** UTF-16 of `s`, big-endian or little, with a byte order mark or not. */
function utf16(s: string, order: 'be' | 'le', bom: boolean): Uint8Array {
  const b = Buffer.from((bom ? '\ufeff' : '') + s, 'utf16le');
  if (order === 'be') b.swap16();
  return new Uint8Array(b);
}
const head = 'From: office@yj.jianglin.example\r\nTo: staff@yj.jianglin.example\r\nDate: Wed, 02 Dec 2026 09:00:00 +0800\r\nMIME-Version: 1.0\r\n';
/** A message of two parts (multipart/alternative): a plain body in ASCII, then `part`. */
function twoParts(part: string, subject = 'notice'): Uint8Array {
  return Buffer.from(`${head}Subject: ${subject}\r\nContent-Type: multipart/alternative; boundary="b1"\r\n\r\n--b1\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\nPlease see the notice.\r\n--b1\r\n${part}\r\n--b1--\r\n`, 'latin1');
}
const scan = (bytes: Uint8Array, filename = 'mail.eml') => scanner.scan(bytes, { filename });

describe('UTF-16 in the byte order a mail program reads', () => {
  it('utf16Text follows the byte order mark, then the label, then what reads as text (big-endian on a tie)', () => {
    expect(utf16Text(utf16('机密', 'be', true), 'utf-16')).toEqual({ encoding: 'utf-16be', text: '机密' });
    expect(utf16Text(utf16('机密', 'le', true), 'utf-16be')).toEqual({ encoding: 'utf-16le', text: '机密' });
    expect(utf16Text(utf16('机密 notice', 'be', false), 'utf-16').encoding).toBe('utf-16be');
    expect(utf16Text(utf16('机密 notice', 'le', false), 'utf-16').encoding).toBe('utf-16le');
    expect(utf16Text(utf16('机密', 'le', false), 'utf-16le').text).toBe('机密');
  });
  for (const [what, bytes] of [['big-endian with a BOM', (s: string) => utf16(s, 'be', true)], ['big-endian without a BOM', (s: string) => utf16(s, 'be', false)]] as const) {
    it(`a plain body in UTF-16 ${what}, labelled utf-16, blocks; its public twin passes`, async () => {
      const part = (s: string) => `Content-Type: text/plain; charset="utf-16"\r\nContent-Transfer-Encoding: base64\r\n\r\n${b64(bytes(s))}`;
      const r = await scan(twoParts(part(MARKED)));
      expect(r.verdict).toBe('block');
      expect(r.findings[0].location.part).toMatch(/^body@utf-16be/);
      expect((await scan(twoParts(part(PUBLIC)))).verdict).toBe('pass');
    });
    it(`an HTML body in UTF-16 ${what}, labelled utf-16, blocks (it passed: the HTML read as scattered signs)`, async () => {
      const html = (s: string) => `<html><body>${s.split('\r\n').map((l) => `<p>${l}</p>`).join('')}</body></html>`;
      const part = (s: string) => `Content-Type: text/html; charset="UTF-16"\r\nContent-Transfer-Encoding: base64\r\n\r\n${b64(bytes(html(s)))}`;
      expect((await scan(twoParts(part(MARKED)))).verdict).toBe('block');
      expect((await scan(twoParts(part(PUBLIC)))).verdict).toBe('pass');
    });
  }
  it('a subject, a display name and an X- header as encoded words in UTF-16 big-endian with a BOM block', async () => {
    const word = (s: string) => `=?UTF-16?B?${Buffer.from(utf16(s, 'be', true)).toString('base64')}?=`;
    const plain = (extra: string, subject: string) => Buffer.from(`${extra}${head}Subject: ${subject}\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nPlease see the notice.\r\n`, 'utf8');
    for (const m of [plain('', word('机密★5年')), plain(`Sender: ${word('机密★5年')} <a@yj.jianglin.example>\r\n`, 'notice'), plain(`X-Classification: ${word('机密★5年')}\r\n`, 'notice')]) {
      expect((await scan(m)).verdict).toBe('block');
    }
    expect((await scan(plain('', word('保密宣传月活动安排')))).verdict).toBe('pass');
  });
});

/** GB2312 bytes of `s`, found by decoding GB2312's table (TextEncoder writes only UTF-8). */
function gb2312(s: string): Uint8Array {
  const dec = new TextDecoder('gbk');
  const table = new Map<string, number[]>();
  for (let lead = 0xa1; lead <= 0xf7; lead++) for (let trail = 0xa1; trail <= 0xfe; trail++) {
    const c = dec.decode(Uint8Array.of(lead, trail));
    if (c.length === 1 && c !== '\ufffd' && !table.has(c)) table.set(c, [lead, trail]);
  }
  const out: number[] = [];
  for (const ch of s) out.push(...(ch.charCodeAt(0) < 0x80 ? [ch.charCodeAt(0)] : table.get(ch) ?? [0x3f]));
  return Uint8Array.from(out);
}

function uuencode(b: Uint8Array, name: string): string {
  const ch = (n: number) => (n === 0 ? '`' : String.fromCharCode(n + 32));
  const lines = [`begin 644 ${name}`];
  for (let i = 0; i < b.length; i += 45) {
    const c = b.subarray(i, i + 45);
    let l = ch(c.length);
    for (let j = 0; j < c.length; j += 3) {
      const [x, y, z] = [c[j], c[j + 1] ?? 0, c[j + 2] ?? 0];
      l += ch(x >> 2) + ch(((x & 3) << 4) | (y >> 4)) + ch(((y & 15) << 2) | (z >> 6)) + ch(z & 63);
    }
    lines.push(l);
  }
  return [...lines, '`', 'end'].join('\r\n');
}

describe('uuencoded files in any body part', () => {
  // The public twin of the part labelled UTF-16 is review: the parser's reading of its letters as
  // UTF-16 is scattered signs, a loss of its own.
  for (const [what, type, twin] of [['an HTML body', 'text/html; charset=gb2312', 'pass'], ['a body labelled UTF-16', 'text/plain; charset=utf-16', 'review']] as const) {
    it(`a uuencoded GB2312 notice in ${what} (x-uuencode) blocks; its public twin is ${twin}`, async () => {
      // Only the plain-text body the parser rendered was searched: the HTML part, or the part the
      // parser read as UTF-16 (its uuencode letters as scattered signs), passed.
      const part = (s: string) => `Content-Type: ${type}\r\nContent-Transfer-Encoding: x-uuencode\r\n\r\n${uuencode(gb2312(s), 'notice.txt')}`;
      const r = await scan(twoParts(part(MARKED)));
      expect(r.verdict).toBe('block');
      expect(r.findings[0].location.part).toMatch(/^notice\.txt/);
      expect((await scan(twoParts(part(PUBLIC)))).verdict).toBe(twin);
    });
  }
});

describe('a multipart body saved without the message headers', () => {
  /** A MIME entity whose one header is its multipart Content-Type (a gateway's export of a body). */
  const entity = (s: string) =>
    Buffer.from(`Content-Type: multipart/mixed;\r\n\tboundary="--=b73b47c7"\r\n\r\n\r\n----=b73b47c7\r\nContent-Type: text/plain\r\nContent-Transfer-Encoding: 7bit\r\n\r\nThis message has been scanned.\r\n\r\n----=b73b47c7\r\nContent-Type: text/plain; charset=gb2312\r\nContent-Transfer-Encoding: base64\r\n\r\n${b64(gb2312(s))}\r\n\r\n----=b73b47c7--\r\n`, 'latin1');
  it('is a message: its base64 part is decoded, and the marking blocks (it was read as text, and passed); its public twin passes', async () => {
    expect(looksLikeMessage(entity(MARKED))).toBe(true);
    const r = await scan(entity(MARKED), 'mixed.eml');
    expect(r.document.format).toBe('eml');
    expect(r.verdict).toBe('block');
    expect((await scan(entity(PUBLIC), 'mixed.eml')).verdict).toBe('pass');
  });
  it('a note that merely opens with a multipart Content-Type line, without its delimiter lines, is no message', () => {
    expect(looksLikeMessage(Buffer.from('Content-Type: multipart/mixed; boundary="abc"\n\nThe header above is what our gateway writes.\n'))).toBe(false);
  });
});
