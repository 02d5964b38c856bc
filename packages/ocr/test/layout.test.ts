import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { buildText, characterAccuracy, chooseScale, decodePages, ImageDecodeError, sniffImage, toOriginal, type Prepared, type RawLine } from '@prepub/ocr';

const wide = fc.constantFrom(...'机密秘绝年月日通知关于江川市，。：〔〕★');
const narrow = fc.constantFrom(...'abcXYZ0123456789-:/.()');
const wordText = fc.array(fc.oneof(wide, narrow, fc.constant(' ')), { minLength: 0, maxLength: 6 }).map((a) => a.join(''));
const bbox = fc.record({ x0: fc.nat(500), y0: fc.nat(500), x1: fc.nat(500), y1: fc.nat(500) });
const line: fc.Arbitrary<RawLine> = fc.record({
  words: fc.array(fc.record({ text: wordText, confidence: fc.integer({ min: 0, max: 100 }), bbox }), { maxLength: 8 }),
  confidence: fc.integer({ min: 0, max: 100 }),
  bbox,
});
const identity = (x0: number, y0: number, x1: number, y1: number) => ({ x: x0, y: y0, width: x1 - x0, height: y1 - y0 });
const isWide = (c: string) => c.charCodeAt(0) >= 0x2e80;

describe('buildText', () => {
  it('every word block slices to the word without spaces, and no space touches a Chinese character', () => {
    fc.assert(
      fc.property(fc.array(line, { maxLength: 6 }), (lines) => {
        const built = buildText(lines, identity, 1000);
        const expectedWords = lines.flatMap((l) => l.words.map((w) => w.text.replace(/\s+/g, '')).filter((t) => t.length > 0));
        const got = built.blocks.flatMap((b) => b.words ?? []);
        expect(got.map((w) => built.text.slice(w.start, w.end))).toEqual(expectedWords);
        let last = -1;
        for (const b of built.blocks) {
          expect(b.start).toBeGreaterThan(last);
          expect(b.end).toBeGreaterThanOrEqual(b.start);
          last = b.end;
          for (const w of b.words ?? []) {
            expect(w.start).toBeGreaterThanOrEqual(b.start);
            expect(w.end).toBeLessThanOrEqual(b.end);
          }
        }
        expect(built.text.split('\n').length).toBe(Math.max(1, built.blocks.length));
        for (let i = 0; i < built.text.length; i++) {
          if (built.text[i] !== ' ') continue;
          expect(isWide(built.text[i - 1]) || isWide(built.text[i + 1])).toBe(false);
        }
      }),
    );
  });

  it('keeps the space between Latin words and drops it between Chinese ones', () => {
    const w = (text: string) => ({ text, confidence: 90, bbox: { x0: 0, y0: 0, x1: 1, y1: 1 } });
    const built = buildText([{ words: [w('机'), w('密'), w('女'), w('5'), w('年')], confidence: 80, bbox: { x0: 0, y0: 10, x1: 9, y1: 20 } }, { words: [w('TOP'), w('SECRET//NOFORN')], confidence: 90, bbox: { x0: 0, y0: 30, x1: 9, y1: 40 } }], identity, 100);
    expect(built.text).toBe('机密女5年\nTOP SECRET//NOFORN');
    expect(built.blocks[0].pageTop).toBe(0.1);
    expect(built.confidence).toBe(85);
  });

  it('a gap of several characters between words of a line is a cell boundary (a tab)', () => {
    const w = (text: string, x0: number, x1: number) => ({ text, confidence: 90, bbox: { x0, y0: 100, x1, y1: 130 } });
    // A routing slip's row: 密级 | 机密 | 份数 | 3, cells 100+ px apart on a 30-px line; 5 and 年 close together.
    const row: RawLine = { words: [w('密级', 40, 100), w('机密', 240, 300), w('份数', 560, 620), w('3', 700, 715), w('5', 730, 745), w('年', 748, 778)], confidence: 90, bbox: { x0: 40, y0: 100, x1: 778, y1: 130 } };
    const built = buildText([row], identity, 1000);
    expect(built.text).toBe('密级\t机密\t份数\t3 5年');
    expect(built.blocks[0].words?.map((x) => built.text.slice(x.start, x.end))).toEqual(['密级', '机密', '份数', '3', '5', '年']);
  });

  it('converts boxes to PDF points when the image carries pointsPerPixel', () => {
    const built = buildText([{ words: [{ text: '秘密', confidence: 90, bbox: { x0: 100, y0: 200, x1: 300, y1: 250 } }], confidence: 90, bbox: { x0: 100, y0: 200, x1: 300, y1: 250 } }], identity, 1000, 0.24);
    expect(built.blocks[0].box).toEqual({ x: 24, y: 48, width: 48, height: 12, unit: 'pt' });
    expect(built.blocks[0].words?.[0].box.unit).toBe('pt');
  });
});

describe('toOriginal', () => {
  // The forward transform the preprocessor applies: quarter turn clockwise, then scale.
  const forward = (W: number, H: number, rot: 0 | 90 | 180 | 270, s: number, x: number, y: number): [number, number] => {
    const [rx, ry] = rot === 0 ? [x, y] : rot === 90 ? [H - y, x] : rot === 180 ? [W - x, H - y] : [y, W - x];
    return [rx * s, ry * s];
  };
  it('undoes rotation and scaling: boxes point at the original image', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 10, max: 3000 }), fc.integer({ min: 10, max: 3000 }), fc.constantFrom(0, 90, 180, 270) as fc.Arbitrary<0 | 90 | 180 | 270>,
        fc.constantFrom(0.5, 1, 2, 3), fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }),
        (W, H, rot, s, a, b, c, d) => {
          const x0 = Math.round(Math.min(a, b) * W), x1 = Math.round(Math.max(a, b) * W);
          const y0 = Math.round(Math.min(c, d) * H), y1 = Math.round(Math.max(c, d) * H);
          const p1 = forward(W, H, rot, s, x0, y0);
          const p2 = forward(W, H, rot, s, x1, y1);
          const prepared = { scale: s, rotation: rot, originalWidth: W, originalHeight: H } as Prepared;
          const box = toOriginal(prepared, Math.min(p1[0], p2[0]), Math.min(p1[1], p2[1]), Math.max(p1[0], p2[0]), Math.max(p1[1], p2[1]));
          expect(box).toEqual({ x: x0, y: y0, width: x1 - x0, height: y1 - y0 });
        },
      ),
    );
  });
});

describe('decoding', () => {
  it('sniffs formats from bytes and rejects what is no image with a reason', async () => {
    expect(sniffImage(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))).toBe('png');
    expect(sniffImage(new TextEncoder().encode('机密★5年'))).toBeUndefined();
    await expect(decodePages(new TextEncoder().encode('not an image'))).rejects.toBeInstanceOf(ImageDecodeError);
    const truncated = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48]);
    await expect(decodePages(truncated)).rejects.toThrow(/PNG image could not be decoded/);
    const bmpHeaderOnly = new Uint8Array(54);
    bmpHeaderOnly.set([0x42, 0x4d]);
    new DataView(bmpHeaderOnly.buffer).setInt32(18, 100000, true);
    new DataView(bmpHeaderOnly.buffer).setInt32(22, 100000, true);
    await expect(decodePages(bmpHeaderOnly)).rejects.toThrow(/BMP/);
  });

  it('upscales small images and leaves 300 dpi pages alone', () => {
    expect(chooseScale(518, 230)).toBeGreaterThan(2);
    expect(chooseScale(1654, 2339)).toBe(1);
    expect(chooseScale(2480, 3508)).toBeLessThan(1);
    expect(chooseScale(8000, 6000)).toBeLessThan(1);
  });
});

describe('characterAccuracy', () => {
  it('is 1 for equal texts ignoring whitespace and drops with each error', () => {
    expect(characterAccuracy('机密★5年', '机密 ★5 年')).toBe(1);
    expect(characterAccuracy('机密★5年', '机密女5年')).toBeCloseTo(0.8);
    expect(characterAccuracy('', '')).toBe(1);
  });
});
