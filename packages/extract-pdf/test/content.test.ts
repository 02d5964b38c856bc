import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { decodeContent, scanContent } from '../src/content.ts';

const bytes = (s: string): Uint8Array => Uint8Array.from(Buffer.from(s, 'latin1'));

describe('scanContent', () => {
  it('counts text operators and skips strings, names, dictionaries and inline images', () => {
    const s = scanContent(
      bytes('q 1 0 0 1 0 0 cm BT /F1 12 Tf (a Tj \\) (nested) b) Tj [(x) -250 <414243>] TJ (l) \' 1 2 (m) " ET /P <</MCID 0>> BDC EMC BI /W 2 /H 1 /BPC 8 /CS /G ID \x00Tk\xff EI Q -.5 --1 - w'),
    );
    expect(s).toMatchObject({ textOps: 4, unknownOps: 0, unterminated: false });
  });

  it('reports garbage and unterminated strings, but not unknown operators inside BX/EX', () => {
    expect(scanContent(bytes('BT (x) Tj ET \x01\x9fgarbage Qz')).unknownOps).toBe(2);
    expect(scanContent(bytes('BX foo bar EX BT (x) Tj ET')).unknownOps).toBe(0);
    expect(scanContent(bytes('BT (never closed Tj ET')).unterminated).toBe(true);
  });

  it('finds no unknown operator in any well-formed content', () => {
    const op = fc.oneof(
      fc.constant('q'), fc.constant('Q'), fc.constant('BT'), fc.constant('ET'),
      fc.tuple(fc.integer(), fc.integer()).map(([a, b]) => `${a} ${b} Td`),
      fc.string().map((t) => `(${t.replace(/[\\()]/g, '')}) Tj`),
      fc.double({ min: -1e6, max: 1e6, noNaN: true }).map((d) => `${d.toFixed(3)} w`),
      fc.constant('/F1 12 Tf'),
    );
    fc.assert(fc.property(fc.array(op, { maxLength: 30 }), (ops) => {
      const s = scanContent(bytes(ops.join('\n')));
      expect(s.unknownOps).toBe(0);
      expect(s.textOps).toBe(ops.filter((o) => o.endsWith(' Tj')).length);
      // Every non-space byte of every shown string, and nothing else.
      const shown = ops.filter((o) => o.endsWith(' Tj')).map((o) => o.slice(1, -4).replace(/ /g, ''));
      expect(s.textBytes).toBe(shown.reduce((a, t) => a + t.length, 0));
    }));
  });

  it('counts the bytes text operators show: escapes as one byte, hex pairs, TJ arrays; strings of other operators not', () => {
    // A, B, \\, \(, \101 and \n: six bytes; the space is not counted.
    expect(scanContent(bytes('BT (A B\\\\\\(\\101\\n) Tj ET')).textBytes).toBe(6);
    expect(scanContent(bytes('BT <673A 5BC6 0020> Tj [<4142> -250 (C)] TJ ET')).textBytes).toBe(8);
    expect(scanContent(bytes('/P << /ActualText (TOP SECRET) >> BDC (x) Tj EMC')).textBytes).toBe(1);
    expect(scanContent(bytes('(lost) Qz (y) Tj')).textBytes).toBe(1);
  });
});

describe('decodeContent', () => {
  const content = 'BT /F1 12 Tf (TOP SECRET) Tj ET';
  const z = new Uint8Array(zlib.deflateSync(Buffer.from(content)));
  const fallback = (): Uint8Array => {
    throw new Error('not used');
  };

  it('decodes Flate strictly: a flipped byte, a cut or no Flate data at all is an error', () => {
    const ok = decodeContent(z, ['FlateDecode'], false, fallback);
    expect(ok.ok && Buffer.from(ok.data!).toString()).toBe(content);
    const flipped = z.slice();
    flipped[Math.floor(z.length / 2)] ^= 0x20;
    expect(decodeContent(flipped, ['FlateDecode'], false, fallback).ok).toBe(false);
    expect(decodeContent(z.slice(0, z.length - 6), ['FlateDecode'], false, fallback).ok).toBe(false);
    expect(decodeContent(bytes(content), ['FlateDecode'], false, fallback).ok).toBe(false);
  });

  it('refuses unknown filters and hands other chains to the tolerant decoder', () => {
    expect(decodeContent(z, ['BogusDecode'], false, fallback)).toEqual({ ok: false, error: 'unknown filter /BogusDecode' });
    expect(decodeContent(bytes('x'), ['ASCIIHexDecode'], false, () => bytes('y'))).toEqual({ ok: true, data: bytes('y') });
  });
});
