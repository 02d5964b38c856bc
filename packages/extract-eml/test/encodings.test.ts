/**
 * Encodings mail programs show that the MIME parser leaves raw: UTF-7 and HZ bodies, uuencoded
 * files (an x-uuencode part or a block inline in a body). Each decoder round-trips, and a charset
 * nothing decodes is a loss, never silently passed.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '@prepub/core';
import { extractHtml } from '@prepub/extractors';
import { decodeHz, decodeUtf7, enrichedText, extractEml, mislabelledCjk, undecodedBase64Bodies, uudecodeBlocks } from '../src/index.ts';

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
  return [...lines, '`', 'end'].join('\n');
}

/** GBK bytes of `s` (TextEncoder writes only UTF-8): each character found by decoding GBK's table. */
function encodeGbk(s: string): Uint8Array {
  const table = new Map<string, number[]>();
  const dec = new TextDecoder('gbk');
  for (let lead = 0x81; lead <= 0xfe; lead++) {
    for (let trail = 0x40; trail <= 0xfe; trail++) {
      if (trail === 0x7f) continue;
      const c = dec.decode(Uint8Array.of(lead, trail));
      if (c.length === 1 && c !== '\uFFFD' && !table.has(c)) table.set(c, [lead, trail]);
    }
  }
  const out: number[] = [];
  for (const ch of s) {
    const code = ch.charCodeAt(0);
    if (code < 0x80) out.push(code);
    else out.push(...(table.get(ch) ?? [0x3f]));
  }
  return Uint8Array.from(out);
}

describe('decoders', () => {
  // RFC 2152 encoder: runs of characters outside the direct set as modified base64 of UTF-16BE.
  const utf7 = (s: string) =>
    s.replace(/\+/g, '\u0000').replace(/[^A-Za-z0-9'(),./:? \t\r\n\u0000-]+/g, (run) => {
      const b = Buffer.alloc(run.length * 2);
      for (let i = 0; i < run.length; i++) b.writeUInt16BE(run.charCodeAt(i), i * 2);
      return `+${b.toString('base64').replace(/=+$/, '')}-`;
    }).replace(/\u0000/g, '+-');
  it('UTF-7 decodes what an RFC 2152 encoder writes', () => {
    fc.assert(fc.property(fc.string({ unit: 'grapheme', maxLength: 40 }).filter((s) => !s.includes('\u0000')), (s) => {
      expect(decodeUtf7(utf7(s))).toBe(s);
    }));
    expect(decodeUtf7('+ZzpbxiYF-5+XnQ-')).toBe('机密★5年');
  });
  it('HZ decodes GB2312 between ~{ and ~}', () => {
    // GB2312 机 BBFA, 密 C3DC, ★ A1EF, 年 C4EA with the high bits cleared.
    expect(decodeHz('~{;zC\\~}~{!o~}5~{Dj~} a~~b')).toBe('机密★5年 a~b');
  });
  it('a uuencoded block cut before its end line is still decoded', () => {
    const block = uuencode(new TextEncoder().encode('机密★5年\n'), 'n.txt').replace(/\n`\nend$/, '');
    expect(Buffer.from(uudecodeBlocks(block)[0].bytes).toString('utf8')).toBe('机密★5年\n');
  });
  it('uudecode returns the bytes uuencode was given', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 300 }), (b) => {
      expect([...uudecodeBlocks(`x\n${uuencode(b, 'f.bin')}\ny`)[0].bytes]).toEqual([...b]);
    }));
  });
  it('a begin-base64 block (uuencode -m) is base64 up to its ==== line, whole or cut', () => {
    fc.assert(fc.property(fc.uint8Array({ minLength: 1, maxLength: 300 }), fc.boolean(), (b, cut) => {
      const lines = Buffer.from(b).toString('base64').match(/.{1,60}/g) ?? [];
      const block = ['begin-base64 644 f.bin', ...lines, ...(cut ? [] : ['====', 'after'])].join('\n');
      expect(uudecodeBlocks(`x\n${block}`).map((u) => [u.name, [...u.bytes]])).toEqual([['f.bin', [...b]]]);
    }));
  });
});

describe('messages', () => {
  const head = 'From: a@example.org\r\nTo: b@example.org\r\nSubject: x\r\nMIME-Version: 1.0\r\n';
  const ctx = { limits: DEFAULT_LIMITS, filename: 'm.eml' };
  it('a uuencoded block in a body is an embedded file', async () => {
    const x = await extractEml(new TextEncoder().encode(`${head}Content-Type: text/plain; charset=utf-8\r\n\r\nhello\r\n${uuencode(new TextEncoder().encode('机密★5年\n'), 'n.txt')}\r\n`), ctx);
    expect(x.embedded!.map((e) => [e.name, Buffer.from(e.bytes).toString('utf8')])).toEqual([['n.txt', '机密★5年\n']]);
  });
  it('a body labelled iso-8859-1 or us-ascii whose bytes are GBK or UTF-8 is read as what it is', async () => {
    // A notice in GBK, sent by a mail program that labels every body iso-8859-1: the parser shows
    // Latin-1 letters (no control character among them), a Chinese mail program the notice.
    const notice = '000012\r\n机密★5年\r\n关于做好汛期安全检查工作的通知\r\n各区县应急管理局：请于5月28日前报送自查报告。\r\n';
    const bytesGbk = encodeGbk(notice);
    for (const [label, body, transfer] of [
      ['iso-8859-1', bytesGbk, 'base64'],
      ['us-ascii', bytesGbk, '8bit'],
      ['windows-1252', new TextEncoder().encode(notice), 'base64'],
    ] as const) {
      const encoded = transfer === 'base64' ? Buffer.from(body).toString('base64') : Buffer.from(body).toString('latin1');
      const x = await extractEml(Buffer.from(`${head}Content-Type: text/plain; charset=${label}\r\nContent-Transfer-Encoding: ${transfer}\r\n\r\n${encoded}\r\n`, 'latin1'), ctx);
      expect(x.parts.map((p) => p.text).join('\n'), label).toContain('机密★5年');
    }
    const html = await extractEml(Buffer.from(`${head}Content-Type: text/html; charset=windows-1252\r\nContent-Transfer-Encoding: base64\r\n\r\n${Buffer.from(encodeGbk(`<html><body><p>${notice}</p></body></html>`)).toString('base64')}\r\n`, 'latin1'), ctx);
    expect(html.embedded!.map((e) => new TextDecoder().decode(e.bytes)).join('\n')).toContain('机密★5年');
  });
  it('encoded words labelled iso-8859-1 whose bytes are GBK are read as Chinese, split across words or not', async () => {
    const subject = encodeGbk('机密★5年 关于汛期安全检查的通知');
    const b64 = (b: Uint8Array) => Buffer.from(b).toString('base64');
    const q = (b: Uint8Array) => [...b].map((x) => `=${x.toString(16).toUpperCase().padStart(2, '0')}`).join('');
    for (const words of [`=?iso-8859-1?B?${b64(subject)}?=`, `=?ISO-8859-1?Q?${q(subject.subarray(0, 3))}?=\r\n =?ISO-8859-1?Q?${q(subject.subarray(3))}?=`]) {
      const x = await extractEml(Buffer.from(`From: a@example.org\r\nTo: b@example.org\r\nSubject: ${words}\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n请查收。\r\n`, 'latin1'), ctx);
      expect(x.parts.find((p) => p.id === 'subject')?.text, words).toContain('机密★5年');
    }
    // A Latin-1 word stays Latin-1.
    const y = await extractEml(Buffer.from(`${head.replace('Subject: x', 'Subject: =?iso-8859-1?Q?R=E9union_=E0_Z=FCrich?=')}Content-Type: text/plain\r\n\r\nx\r\n`, 'latin1'), ctx);
    expect(y.parts.find((p) => p.id === 'subject')?.text).toContain('Réunion à Zürich');
  });
  it('an HTML body whose page declares gb2312 is read as the UTF-8 the parser made of it', async () => {
    // Chinese mail programs write <meta charset=gb2312> into the page; the parser has decoded it,
    // so the page handed on is UTF-8, and must not be read again as GB2312 (a loss on every such message).
    const page = '<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312"></head><body><p>各位同事：周五下午三点在三楼会议室开会。</p></body></html>';
    const x = await extractEml(Buffer.from(`${head}Content-Type: text/html; charset=gb2312\r\nContent-Transfer-Encoding: base64\r\n\r\n${Buffer.from(encodeGbk(page)).toString('base64')}\r\n`, 'latin1'), ctx);
    const body = x.embedded!.find((e) => e.name === 'body.html')!;
    const read = extractHtml(body.bytes, { limits: DEFAULT_LIMITS, filename: 'body.html' });
    expect(read.loss ?? []).toEqual([]);
    expect(read.parts.map((p) => p.text).join('\n')).toContain('周五下午三点');
  });
  it('a body declared base64 that is text as written is read as written, and is a loss', async () => {
    const notice = '000012\r\n机密★5年\r\n关于做好汛期安全检查工作的通知\r\n';
    const x = await extractEml(new TextEncoder().encode(`${head}Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n${notice}`), ctx);
    expect(x.embedded!.map((e) => new TextDecoder().decode(e.bytes))).toContain(notice);
    expect(x.loss?.map((l) => l.kind)).toContain('failed-stream');
    // Real base64, in a multipart message or not, is left to the parser.
    const b64 = Buffer.from(notice).toString('base64');
    expect(undecodedBase64Bodies(new TextEncoder().encode(`${head}Content-Type: multipart/mixed; boundary="b"\r\n\r\n--b\r\nContent-Type: text/plain\r\nContent-Transfer-Encoding: base64\r\n\r\n${b64}\r\n--b--\r\n`))).toEqual([]);
  });
  it('a text/enriched or text/richtext body is read without its formatting commands', async () => {
    const x = await extractEml(new TextEncoder().encode(`${head}Content-Type: text/enriched; charset=utf-8\r\n\r\n<bold>机</bold><bold>密</bold>★5年\r\n\r\n<param>red</param>关于做好汛期安全检查工作的通知\r\n`), ctx);
    expect(x.parts.map((p) => p.text).join('\n').split('\n')).toContain('机密★5年');
    expect(enrichedText('<bold>机密</bold><nl>★5年<nl>a <<b>', true)).toBe('机密\n★5年\na <b>');
  });
  it('Latin-1 prose labelled Latin-1 is not read again as Chinese', async () => {
    const prose = 'Chère Madame, voilà le résumé de la réunion: à bientôt. Grüße aus Köln, Søren Ærø. Señor, ¿qué tal?\r\n';
    expect(mislabelledCjk(Buffer.from(prose, 'latin1'))).toBeUndefined();
    const x = await extractEml(Buffer.from(`${head}Content-Type: text/plain; charset=iso-8859-1\r\nContent-Transfer-Encoding: 8bit\r\n\r\n${prose}`, 'latin1'), ctx);
    expect(x.parts.map((p) => p.id)).not.toContain(expect.stringMatching(/^body@/));
  });
  it('a body that is a PGP message in armor (PGP/inline) is unread, not read as letters', async () => {
    const pgp = '-----BEGIN PGP MESSAGE-----\r\n\r\nhQEMA7Jx2fKq9Zk3AQf/Ue1pO0wJ3b4vQ8mFf2nGq7lW0yX5cR1tH6sD9eA2bC4d\r\n=Xk3Q\r\n-----END PGP MESSAGE-----\r\n';
    const x = await extractEml(new TextEncoder().encode(`${head}Content-Type: text/plain; charset=utf-8\r\n\r\n${pgp}`), ctx);
    expect(x.unread.map((u) => u.reason)).toEqual(['encrypted']);
  });
  it('a UTF-7 body is read as UTF-7; an unknown charset is a loss', async () => {
    const x = await extractEml(new TextEncoder().encode(`${head}Content-Type: text/plain; charset=utf-7\r\n\r\n+ZzpbxiYF-5+XnQ-\r\n`), ctx);
    expect(x.parts.find((p) => p.id === 'body@utf-7')?.text).toContain('机密★5年');
    const y = await extractEml(new TextEncoder().encode(`${head}Content-Type: text/plain; charset=x-no-such-charset\r\n\r\nabc\r\n`), ctx);
    expect(y.loss?.map((l) => l.detail)).toEqual([expect.stringContaining('x-no-such-charset')]);
  });
});
