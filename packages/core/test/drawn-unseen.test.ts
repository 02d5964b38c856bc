/** The colours every reader takes for white on paper. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { nearWhiteHex, nearWhiteRgb } from '../src/drawn-unseen.ts';

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
