/**
 * A text file that is base64 or quoted-printable of other bytes (an attachment or a body copied out
 * of a message's source) reads as letters; what it encodes is handed to the scan as a file.
 */
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '@prepub/core';
import { unitIndexOf } from '@prepub/core';
import { extractText } from '../src/text.ts';
import fc from 'fast-check';
import { holdsBase64Run, transferDecoded } from '../src/transfer.ts';

const NOTICE = '000012\n机密★5年\n特急\n关于做好2026年度汛期安全检查工作的通知\n各区县应急管理局：请于5月28日前将自查报告报送市应急局办公室。\n';
const ctx = { limits: DEFAULT_LIMITS, filename: 'notice.txt' };
/** Quoted-printable as a mail program writes it: lines of at most 76, soft breaks with `=`. */
function qp(b: Uint8Array): string {
  let out = '';
  let line = '';
  for (const x of b) {
    const t = x === 0x0a ? '\n' : x >= 0x80 || x === 0x3d ? `=${x.toString(16).toUpperCase().padStart(2, '0')}` : String.fromCharCode(x);
    if (t === '\n') {
      out += line + '\n';
      line = '';
      continue;
    }
    if (line.length + t.length > 75) {
      out += line + '=\n';
      line = '';
    }
    line += t;
  }
  return out + line;
}

describe('transfer-encoded text files', () => {
  it('a file of base64 lines is handed on as the bytes it encodes (UTF-8 and GBK)', () => {
    for (const bytes of [Buffer.from(NOTICE), iconv.encode(NOTICE, 'gbk')]) {
      const b64 = Buffer.from(bytes).toString('base64').replace(/(.{76})/g, '$1\n');
      const x = extractText(new TextEncoder().encode(b64), ctx);
      expect(x.embedded?.map((e) => [e.name, Buffer.from(e.bytes).equals(bytes)])).toEqual([['notice.txt@base64', true]]);
    }
  });
  it('base64 with a few characters damaged is still decoded, and the damage is a loss', () => {
    const bytes = Buffer.from(NOTICE.repeat(4));
    const b64 = bytes.toString('base64').replace(/(.{76})/g, '$1\n');
    // Two bytes flipped in storage: a letter into `}`, another into `*` (far from the marking).
    const damaged = b64.slice(0, 300) + '}' + b64.slice(301, 500) + '*' + b64.slice(501);
    const x = extractText(new TextEncoder().encode(damaged), ctx);
    const decoded = Buffer.from(x.embedded![0].bytes).toString('utf8');
    expect(decoded.startsWith(NOTICE)).toBe(true);
    expect(x.loss?.find((l) => l.kind === 'undecodable-bytes' && l.where === 'file')).toMatchObject({ count: 2 });
    // Many strays, or a space among them, and it is text.
    const noisy = b64.replace(/A/g, '}');
    expect(transferDecoded(new TextEncoder().encode(noisy), DEFAULT_LIMITS.maxFileBytes)).toBeUndefined();
    expect(transferDecoded(new TextEncoder().encode(b64.slice(0, 300) + ' ' + b64.slice(301)), DEFAULT_LIMITS.maxFileBytes)).toBeUndefined();
  });
  it('quoted-printable text is handed on decoded', () => {
    for (const bytes of [Buffer.from(NOTICE), iconv.encode(NOTICE, 'gbk')]) {
      const x = extractText(new TextEncoder().encode(qp(bytes)), ctx);
      expect(x.embedded?.map((e) => [e.name, Buffer.from(e.bytes).equals(bytes)])).toEqual([['notice.txt@quoted-printable', true]]);
    }
  });
  it('prose, code, hash lists and Chinese text are not taken for a transfer encoding', () => {
    const hex = Array.from({ length: 6 }, (_, i) => `${i}`.repeat(64)).join('\n');
    for (const s of [
      'The meeting is moved to Friday. Please confirm by e-mail.\n'.repeat(5),
      'const a = b;\nif (x == y) z = 0xE6;\nlet q = "=E6=9C=BA";\n'.repeat(4),
      hex,
      NOTICE.repeat(3),
      'see=E6 and =9C, then a = b and =E5=AF=86=E2=98=85=E5=B9=B4 and =E6=9C=BA\n',
    ]) {
      expect(transferDecoded(new TextEncoder().encode(s), DEFAULT_LIMITS.maxFileBytes), s.slice(0, 20)).toBeUndefined();
      expect(extractText(new TextEncoder().encode(s), ctx).embedded, s.slice(0, 20)).toBeUndefined();
    }
  });
});

describe('base64 runs within text', () => {
  it('the strided look finds a run of 40 exactly where a regex does', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('a', 'Z', '9', '+', '/', ' ', '机', '=', '-', '\n'), maxLength: 300 }), fc.boolean(), (s, asUnits) => {
        const units = asUnits ? Uint16Array.from(s, (c) => c.charCodeAt(0)) : undefined;
        expect(holdsBase64Run(units, asUnits ? '' : s)).toBe(/[A-Za-z0-9+/]{40}/.test(s));
      }),
      { numRuns: 5000 },
    );
  });
});

describe('the units search of the text gates', () => {
  it('finds a unit where the typed array\'s own indexOf does, from any start', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(0x3d, 0x3d00, 0x253d, 0x3d25, 0x25, 0x5c, 0x673a, 0x3a67, 0), { maxLength: 200 }), fc.constantFrom(0x3d, 0x25, 0x5c, 0x3d00), fc.nat(210), (arr, unit, from) => {
        const units = Uint16Array.from(arr);
        expect(unitIndexOf(units, unit, from)).toBe(units.indexOf(unit, from));
        // A view into a larger buffer at an offset, as decoders hand them out.
        const big = new Uint16Array(units.length + 3);
        big.set(units, 3);
        expect(unitIndexOf(big.subarray(3), unit, from)).toBe(units.indexOf(unit, from));
      }),
      { numRuns: 3000 },
    );
  });
});
