import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DEFAULT_LIMITS, hasLazyText, partLength, textQualityLoss, UnitArena, type ExtractContext } from '@prepub/core';
import { decodeText, extractText } from '@prepub/extractors';
import { decodeUtf8Units, decodeValidUtf8Loop, unitsToString } from '../src/utf8.ts';

const strict = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

function strictOrUndefined(bytes: Uint8Array): string | undefined {
  try {
    return strict.decode(bytes);
  } catch {
    return undefined;
  }
}

describe('decodeUtf8Units', () => {
  it('what it tells the quality check while decoding changes no quality verdict', () => {
    // Characters at and around every edge the quality check has: controls, C1, bidi overrides,
    // private use, U+FFFD, astral characters, and their neighbours.
    const edges = [0x00, 0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x1f, 0x20, 0x7e, 0x7f, 0x80, 0x9f, 0xa0, 0x202c, 0x202d, 0x202e, 0x202f, 0x2605, 0xdfff, 0xe000, 0xefff, 0xf000, 0xf0ff, 0xf100, 0xf8ff, 0xf900, 0xff0c, 0xfffc, 0xfffd, 0xfffe];
    const char = fc.oneof(
      { weight: 6, arbitrary: fc.constantFrom(...'机密★年关于通知 a1\n，。') },
      { weight: 1, arbitrary: fc.constantFrom(...edges).map((c) => String.fromCharCode(c)) },
      { weight: 1, arbitrary: fc.constantFrom('😀', '\u{f0000}', '\u{10fffd}', '𠀀') },
    );
    fc.assert(
      fc.property(fc.array(char, { maxLength: 60 }), (chars) => {
        const units = decodeUtf8Units(new TextEncoder().encode(chars.join('')))!;
        const text = unitsToString(units);
        const told = textQualityLoss({ id: 'body', text, origin: {}, units });
        const read = textQualityLoss({ id: 'body', text, origin: {}, units: Uint16Array.from(units) });
        expect(told).toEqual(read);
      }),
      { numRuns: 3000 },
    );
  });

  it('long texts (the native conversion) decode to exactly the units of the loop, and the quality check reads them the same', () => {
    // Over the native path's threshold: Chinese with BOMs, controls, private use, U+FFFD and astral
    // characters scattered in, from the start or a later character.
    const edge = fc.constantFrom('\ufeff', '\u0000', '\u0085', '\u202e', '\ue000', '\uf8ff', '\ufffd', '😀', '𠀀', '\u{10fffd}');
    fc.assert(
      fc.property(fc.array(edge, { maxLength: 6 }), fc.nat(), fc.integer({ min: 0, max: 2 }).map((k) => 3 * k), (edges, seed, from) => {
        let body = '机密★5年\n关于做好年度保密检查工作的通知，请各单位认真落实。'.repeat(400);
        for (const [k, e] of edges.entries()) {
          const at = 2 + ((seed * (k + 7)) % (body.length - 2)); // after the first two characters, where `from` may start
          body = body.slice(0, at) + e + body.slice(at);
        }
        const bytes = new TextEncoder().encode(body);
        expect(bytes.length - from).toBeGreaterThan(16 * 1024);
        const native = decodeUtf8Units(bytes, from)!;
        const loop = decodeValidUtf8Loop(bytes, from, undefined);
        expect(native).toEqual(loop);
        const text = unitsToString(loop);
        expect(textQualityLoss({ id: 'body', text, origin: {}, units: native })).toEqual(textQualityLoss({ id: 'body', text, origin: {}, units: loop }));
      }),
      { numRuns: 200 },
    );
  });

  it('decodes into given memory: each text exact, earlier ones untouched by later ones', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'binary', maxLength: 3000 }), { minLength: 1, maxLength: 12 }), (texts) => {
        const arena = new UnitArena();
        const expected = texts.map((s) => new TextDecoder().decode(new TextEncoder().encode(s)));
        const views = texts.map((s) => decodeUtf8Units(new TextEncoder().encode(s), 0, arena)!);
        views.forEach((v, k) => expect(unitsToString(v)).toBe(expected[k]));
        // Read after all were decoded, and the last one in the arena's memory.
        const last = views[views.length - 1];
        if (last.length) expect(last.buffer).toBe(arena.take(0).buffer);
      }),
      { numRuns: 300 },
    );
  });

  it('a text extractor given memory decodes into it, and what it reads is the same', () => {
    const arena = new UnitArena();
    const bytes = new TextEncoder().encode('机密★5年\n关于做好年度保密检查工作的通知\n'.repeat(50));
    const ctx: ExtractContext = { limits: DEFAULT_LIMITS };
    const fresh = extractText(bytes, ctx).parts[0];
    const pooled = extractText(bytes, { ...ctx, unitMemory: arena }).parts[0];
    expect(pooled.units!.buffer).toBe(arena.take(0).buffer);
    expect(pooled.text).toBe(fresh.text);
  });

  it('round-trips any string, astral characters included', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (s) => {
        const units = decodeUtf8Units(new TextEncoder().encode(s));
        expect(units).toBeDefined();
        // TextEncoder replaces lone surrogates with U+FFFD; compare with what was encoded.
        expect(unitsToString(units!)).toBe(new TextDecoder().decode(new TextEncoder().encode(s)));
      }),
      { numRuns: 500 },
    );
  });

  it('accepts exactly what a strict TextDecoder accepts, and decodes it the same', () => {
    // Bytes biased towards lead and continuation bytes, where the edge cases are.
    const byte = fc.oneof(fc.integer({ min: 0, max: 255 }), fc.constantFrom(0x80, 0xbf, 0xc0, 0xc1, 0xc2, 0xdf, 0xe0, 0xed, 0xef, 0xf0, 0xf4, 0xf5, 0xa0, 0x9f, 0x90, 0x8f));
    fc.assert(
      fc.property(fc.array(byte, { maxLength: 40 }), (arr) => {
        const bytes = Uint8Array.from(arr);
        const units = decodeUtf8Units(bytes);
        const expected = strictOrUndefined(bytes);
        expect(units === undefined ? undefined : unitsToString(units)).toBe(expected);
      }),
      { numRuns: 3000 },
    );
  });

  it('rejects overlong forms, surrogates, code points beyond U+10FFFF and truncated sequences', () => {
    for (const bad of [[0xc0, 0x80], [0xe0, 0x80, 0x80], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0xe6, 0x9c], [0xf0, 0x9f, 0x98], [0x80], [0xff]]) {
      expect(decodeUtf8Units(Uint8Array.from(bad)), bad.map((b) => b.toString(16)).join(' ')).toBeUndefined();
    }
  });

  it('gives decodeText the units of the text it returns (UTF-8 with and without BOM)', () => {
    const text = '机密★5年\n关于做好𠀀年度工作的通知';
    const plain = decodeText(new TextEncoder().encode(text));
    const bom = decodeText(Uint8Array.from([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(text)]));
    for (const d of [plain, bom]) {
      expect(d.text).toBe(text);
      expect(d.units && unitsToString(d.units)).toBe(text);
    }
    expect(plain.encoding).toBe('utf-8');
    expect(bom.encoding).toBe('utf-8-bom');
    // Not UTF-8: the detecting path decides, and no units are claimed.
    const gb = decodeText(Uint8Array.from([0xbb, 0xfa, 0xc3, 0xdc, 0xa1, 0xef, 0x35, 0xc4, 0xea]));
    expect(gb.encoding).toBe('gb18030');
    expect(gb.units).toBeUndefined();
  });
});

describe('text read as valid UTF-8', () => {
  const ctx = (maxTextChars: number): ExtractContext => ({ limits: { ...DEFAULT_LIMITS, maxTextChars } }) as ExtractContext;
  it('is TextDecoder’s text, built only when read, cut at the limit with its units', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), fc.boolean(), fc.integer({ min: 1, max: 250 }), (s, bom, max) => {
        const body = new TextEncoder().encode(s);
        const bytes = bom ? new Uint8Array([0xef, 0xbb, 0xbf, ...body]) : body;
        const want = new TextDecoder().decode(body);
        const ex = extractText(bytes, ctx(max));
        const part = ex.parts.find((p) => p.id === 'body')!;
        // Plain 7-bit text may also be read as UTF-7 or HZ: those parts are made from strings.
        expect(hasLazyText(part)).toBe(true);
        expect(partLength(part)).toBe(Math.min(want.length, max));
        expect(part.units).toEqual(decodeUtf8Units(body)!.subarray(0, max));
        expect(part.text).toBe(want.slice(0, max));
        expect(ex.unread.some((u) => u.reason === 'limit' && u.where.startsWith('body:'))).toBe(want.length > max);
      }),
      { numRuns: 300, seed: 25 },
    );
  });
});
