/** The colours every reader takes for white on paper. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hexColour, nearWhiteHex, nearWhiteRgb, sameColour } from '../src/drawn-unseen.ts';

describe('same colour as the ground', () => {
  it('each channel within 15; three, six or eight digits; anything else is no colour', () => {
    expect(sameColour('C00000', 'C00000')).toBe(true);
    expect(sameColour('#c00000', 'CF0F0F')).toBe(true);
    expect(sameColour('C00000', 'D00000')).toBe(false);
    expect(sameColour('FFF', 'F0F0F0')).toBe(true);
    expect(sameColour('FFFFFF', 'EFEFEF')).toBe(false);
    expect(sameColour('FF1F3864', '1F3864')).toBe(true);
    for (const [a, b] of [['auto', 'FFFFFF'], [undefined, 'FFFFFF'], ['000000', undefined], ['black', '000000']]) expect(sameColour(a, b)).toBe(false);
    expect(hexColour('#abc')).toBe('AABBCC');
    expect(hexColour('80FFFF00')).toBe('FFFF00');
  });

  it('white text on white is near white, and the relation is symmetric', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffffff }), fc.integer({ min: 0, max: 0xffffff }), (x, y) => {
        const [a, b] = [x, y].map((v) => v.toString(16).padStart(6, '0'));
        expect(sameColour(a, b)).toBe(sameColour(b, a));
        expect(sameColour(a, 'FFFFFF')).toBe(nearWhiteHex(a));
      }),
    );
  });
});

describe('near white', () => {
  it('reads three, six and eight hex digits (ARGB: the alpha byte is left out), with or without #', () => {
    for (const c of ['FFF', '#fff', 'FEFEFE', '#F8F8F8', 'f0f0f0', 'FFF8F8F8', '00FFFFFF', ' FFFFFF ']) expect(nearWhiteHex(c), c).toBe(true);
    for (const c of ['EFEFEF', 'FFFFEF', 'E0E0E0', '#000', 'FF1F3864', 'F8F8F800', 'auto', 'white', '', undefined, 'FFFFFFF', 'GGGGGG']) expect(nearWhiteHex(c), c).toBe(false);
  });

  it('agrees with the channels it names', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 255 }), (r, g, b) => {
        const hex = [r, g, b].map((v) => v.toString(16).padStart(2, '0')).join('');
        expect(nearWhiteHex(hex)).toBe(nearWhiteRgb(r, g, b));
        expect(nearWhiteRgb(r, g, b)).toBe(Math.min(r, g, b) >= 240);
      }),
    );
  });
});
