/**
 * Encodings mail programs show that the MIME parser leaves raw: UTF-7 and HZ bodies, uuencoded
 * files (an x-uuencode part or a block inline in a body). Each decoder round-trips, and a charset
 * nothing decodes is a loss, never silently passed.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '@prepub/core';
import { decodeHz, decodeUtf7, extractEml, uudecodeBlocks } from '../src/index.ts';

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
  it('a UTF-7 body is read as UTF-7; an unknown charset is a loss', async () => {
    const x = await extractEml(new TextEncoder().encode(`${head}Content-Type: text/plain; charset=utf-7\r\n\r\n+ZzpbxiYF-5+XnQ-\r\n`), ctx);
    expect(x.parts.find((p) => p.id === 'body@utf-7')?.text).toContain('机密★5年');
    const y = await extractEml(new TextEncoder().encode(`${head}Content-Type: text/plain; charset=x-no-such-charset\r\n\r\nabc\r\n`), ctx);
    expect(y.loss?.map((l) => l.detail)).toEqual([expect.stringContaining('x-no-such-charset')]);
  });
});
