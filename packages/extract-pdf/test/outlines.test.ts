/**
 * Which filled paths are taken for a line of outlined glyphs (text as curves) and sent to OCR, and
 * which are ordinary vector graphics left alone. Boxes are viewport points (y down).
 */
import { describe, expect, it } from 'vitest';
import { outlinedTextAreas, type OutlineRect as Rect, type OutlineShape as Shape } from '@prepub/core';
import { countPath } from '../src/outlines.ts';

const glyph = (x: number, y: number, size = 16, segments = 30, subpaths = 2): Shape => ({ x0: x, y0: y, x1: x + 0.95 * size, y1: y + 0.9 * size, segments, subpaths, long: 0 });
/** 机密★5年 at 16 pt: five glyph-sized fills side by side (★ a 10-segment polygon). */
const marking = (x: number, y: number): Shape[] => [glyph(x, y), glyph(x + 16, y, 16, 60, 5), glyph(x + 32, y + 1, 15, 10, 1), glyph(x + 48, y, 16, 22, 2), glyph(x + 56, y, 16, 28, 1)];

describe('outlinedTextAreas', () => {
  it('finds a line of outlined glyphs and pads it into an area around them', () => {
    const areas = outlinedTextAreas(marking(80, 100), []);
    expect(areas).toHaveLength(1);
    const [a] = areas;
    expect(a.x0).toBeLessThan(80);
    expect(a.x1).toBeGreaterThan(56 + 15.2);
    expect(a.y0).toBeLessThan(100);
    expect(a.y1).toBeGreaterThan(100 + 14.4);
  });

  it('finds a word drawn as one path of several glyphs', () => {
    expect(outlinedTextAreas([{ x0: 80, y0: 100, x1: 160, y1: 116, segments: 160, subpaths: 11, long: 0 }], [])).toHaveLength(1);
  });

  it('leaves a path of highlight bars with rounded ends (long subpaths)', () => {
    expect(outlinedTextAreas([{ x0: 125, y0: 350, x1: 486, y1: 400, segments: 31, subpaths: 4, long: 4 }], [])).toEqual([]);
  });

  it('leaves CAD arrowheads filled as fans of one-segment subpaths', () => {
    const heads: Shape[] = [
      { x0: 231.8, y0: 329.7, x1: 247.2, y1: 339.1, segments: 41, subpaths: 40, long: 0 },
      { x0: 232.1, y0: 333.6, x1: 243.6, y1: 341, segments: 33, subpaths: 32, long: 0 },
      { x0: 232.8, y0: 338.6, x1: 245, y1: 343.4, segments: 22, subpaths: 21, long: 0 },
    ];
    expect(outlinedTextAreas(heads, [])).toEqual([]);
  });

  it('finds a line of stroked single-stroke glyphs (SHX text), whose strokes do not close', () => {
    // 机密★5年 in a stroke font at 12 pt: 10, 13, 10, 7 and 6 segments in 6, 8, 1, 1 and 6 open strokes.
    const counts: Array<[number, number]> = [[10, 6], [13, 8], [10, 1], [7, 1], [6, 6]];
    const strokes = counts.map(([segments, subpaths], k): Shape => ({ x0: 612 + 12.5 * k, y0: 494, x1: 622 + 12.5 * k, y1: 505, segments, subpaths, long: 0, stroked: true }));
    expect(outlinedTextAreas(strokes, [])).toHaveLength(1);
    // The same counts filled: open strokes are no glyph contours (a fan of lines).
    expect(outlinedTextAreas(strokes.map(({ stroked: _, ...s }) => s), [])).toEqual([]);
  });

  it('leaves stroked geometry: circles and rectangles in a row, hatching, single rules', () => {
    const row = (segments: number, subpaths: number): Shape[] => [0, 1, 2, 3].map((k) => ({ x0: 100 + 16 * k, y0: 200, x1: 114 + 16 * k, y1: 214, segments, subpaths, long: 0, stroked: true }));
    // Bolt holes (4 curves), cells or squares (4-5 segments).
    expect(outlinedTextAreas(row(4, 1), [])).toEqual([]);
    expect(outlinedTextAreas(row(5, 1), [])).toEqual([]);
    // A rule of one segment; a hatched patch as one path of long lines.
    expect(outlinedTextAreas([{ x0: 100, y0: 300, x1: 400, y1: 300.5, segments: 1, subpaths: 1, long: 0, stroked: true }], [])).toEqual([]);
    expect(outlinedTextAreas([{ x0: 100, y0: 300, x1: 300, y1: 340, segments: 30, subpaths: 30, long: 30, stroked: true }], [])).toEqual([]);
  });

  it('finds a vertical line of outlined glyphs', () => {
    const column = [0, 1, 2, 3].map((k) => glyph(500, 100 + 17 * k));
    expect(outlinedTextAreas(column, [])).toHaveLength(1);
  });

  it('leaves glyph shapes where the text layer has characters (read already)', () => {
    const text: Rect[] = [{ x0: 78, y0: 98, x1: 160, y1: 118 }];
    expect(outlinedTextAreas(marking(80, 100), text)).toEqual([]);
  });

  it('leaves a ruled table: cell borders, framed cells and shaded rows', () => {
    const shapes: Shape[] = [];
    for (let r = 0; r < 6; r++) {
      // Rules (4 segments, thin), a shaded row, and framed cells (an outer and an inner rectangle: 8 segments).
      shapes.push({ x0: 79, y0: 300 + 24 * r, x1: 516, y1: 300.5 + 24 * r, segments: 4, subpaths: 1, long: 0 });
      for (let c = 0; c < 4; c++) shapes.push({ x0: 79 + 110 * c, y0: 300 + 24 * r, x1: 79 + 110 * (c + 1), y1: 324 + 24 * r, segments: 8, subpaths: 2, long: 0 });
    }
    shapes.push({ x0: 79, y0: 300, x1: 516, y1: 324, segments: 4, subpaths: 1, long: 0 });
    expect(outlinedTextAreas(shapes, [])).toEqual([]);
  });

  it('leaves chart markers, legend squares, an underline, one icon and a big emblem', () => {
    const shapes: Shape[] = [
      // Circle markers in a row: 4 curves and a close.
      ...[0, 1, 2, 3, 4, 5].map((k) => ({ x0: 100 + 12 * k, y0: 400, x1: 106 + 12 * k, y1: 406, segments: 5, subpaths: 1, long: 0 })),
      ...[0, 1, 2].map((k) => ({ x0: 100 + 90 * k, y0: 450, x1: 108 + 90 * k, y1: 458, segments: 4, subpaths: 1, long: 0 })),
      { x0: 300, y0: 500, x1: 420, y1: 500.6, segments: 4, subpaths: 1, long: 0 },
      // One complex icon alone, and an emblem of 64 pt drawn as one path.
      { x0: 60, y0: 700, x1: 72, y1: 712, segments: 40, subpaths: 3, long: 0 },
      { x0: 79, y0: 70, x1: 143, y1: 134, segments: 22, subpaths: 3, long: 0 },
    ];
    expect(outlinedTextAreas(shapes, [])).toEqual([]);
  });
});

describe('countPath', () => {
  it('counts the segments and subpaths of a pdf.js path buffer', () => {
    // re (moveTo, three lineTo, closePath), then a curve.
    expect(countPath([0, 0, 0, 1, 10, 0, 1, 10, 10, 1, 0, 10, 4, 0, 5, 5, 2, 1, 1, 2, 2, 3, 3, 4])).toEqual({ segments: 6, subpaths: 2, long: 0 });
  });
});
