import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { coveringGlyphs, COVERED_SHARE, type PlacedGlyph } from '../src/index.ts';

const glyph = (ch: string, lo: number, order: number, over: Partial<PlacedGlyph> = {}): PlacedGlyph => ({ angle: 0, lo, hi: lo + 16, perp: 700, size: 16, ch, order, ...over });

describe('coveringGlyphs', () => {
  it('finds the later glyph over three quarters of an earlier one, on its baseline, at a like size', () => {
    // 机 开 密★5年 with 密 painted at 开's place.
    expect([...coveringGlyphs([glyph('机', 72, 1), glyph('开', 88, 2), glyph('密', 88, 3), glyph('★', 104, 4)], 2)]).toEqual([-1, 2, -1, -1]);
    // Half over (kerning −500), another line, another size: none.
    expect([...coveringGlyphs([glyph('开', 88, 2), glyph('密', 96, 3)], 2)]).toEqual([-1, -1]);
    // Painted the other way round, the other is under.
    expect([...coveringGlyphs([glyph('开', 88, 3), glyph('密', 88, 2)], 2)]).toEqual([-1, 0]);
    expect([...coveringGlyphs([glyph('开', 88, 2), glyph('密', 88, 3, { perp: 680 })], 2)]).toEqual([-1, -1]);
    expect([...coveringGlyphs([glyph('开', 88, 2), glyph('密', 88, 3, { size: 40, hi: 128 })], 2)]).toEqual([-1, -1]);
    // A baseline a hair across a band's edge is the same line.
    expect([...coveringGlyphs([glyph('开', 88, 2, { perp: 700.9 }), glyph('密', 88, 3, { perp: 701.1 })], 2)]).toEqual([1, -1]);
  });

  it('only ever names a later glyph that covers enough of it, close across its baseline (property)', () => {
    const g = fc.record({ lo: fc.integer({ min: 0, max: 60 }), perp: fc.integer({ min: 0, max: 12 }), size: fc.constantFrom(8, 10, 12), ch: fc.constantFrom('机', '开', '密') });
    fc.assert(
      fc.property(fc.array(g, { maxLength: 30 }), (raw) => {
        const glyphs = raw.map((r, k): PlacedGlyph => ({ angle: 0, lo: r.lo, hi: r.lo + r.size, perp: r.perp, size: r.size, ch: r.ch, order: k }));
        coveringGlyphs(glyphs, 2).forEach((j, i) => {
          if (j < 0) return;
          const a = glyphs[i];
          const b = glyphs[j];
          expect(b.order).toBeGreaterThan(a.order);
          expect(Math.min(a.hi, b.hi) - Math.max(a.lo, b.lo)).toBeGreaterThanOrEqual(COVERED_SHARE * (a.hi - a.lo));
          expect(Math.abs(b.perp - a.perp)).toBeLessThanOrEqual(0.25 * a.size);
        });
      }),
      { numRuns: 300 },
    );
  });
});
