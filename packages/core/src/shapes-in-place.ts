/**
 * Text spelled across small shapes (slides, spreadsheet drawings, text boxes of a document), read
 * in the order the shapes stand rather than the order the file lists them.
 */

/** A shape with a short one-line text, and where it stands (any one unit, its own frame). */
export interface PlacedShape {
  text: string;
  x: number;
  y: number;
  w: number;
  h: number;
  order: number;
}

/** Longest text of a shape that may be a piece of a line spelled across shapes. */
export const SHAPE_PIECE = 8;

/** A chain of shapes standing in another order than the file lists them (the default of {@link linesAcrossShapes}). */
function outOfOrder(chain: readonly PlacedShape[]): boolean {
  return chain.some((s, i) => i > 0 && s.order < chain[i - 1].order);
}

/**
 * Lines spelled across short text shapes set side by side (or stacked), in the order they stand,
 * where that differs from the order the file lists them (or where `joins` says a chain is to be read): five shapes 年 5 ★ 密 机 listed in that
 * order and placed left to right read 机密★5年 on the slide. Shapes of a row share a centre line
 * (within half a height) and follow each other with gaps under one and a half heights; a column
 * the same across.
 */
export function linesAcrossShapes(shapes: readonly PlacedShape[], joins: (chain: readonly PlacedShape[]) => boolean = outOfOrder): string[] {
  const out: string[] = [];
  const chains = (along: 'x' | 'y'): void => {
    const across = along === 'x' ? 'y' : 'x';
    const size = (s: PlacedShape) => (along === 'x' ? s.h : s.w) || (along === 'x' ? s.w : s.h);
    const len = (s: PlacedShape) => (along === 'x' ? s.w : s.h);
    const centre = (s: PlacedShape) => s[across] + (along === 'x' ? s.h : s.w) / 2;
    const byCentre = [...shapes].sort((a, b) => centre(a) - centre(b));
    const bands: PlacedShape[][] = [];
    for (const s of byCentre) {
      const band = bands[bands.length - 1];
      if (band && Math.abs(centre(s) - centre(band[0])) <= 0.5 * Math.max(size(s), size(band[0]))) band.push(s);
      else bands.push([s]);
    }
    for (const band of bands) {
      band.sort((a, b) => a[along] - b[along] || a.order - b.order);
      let chain: PlacedShape[] = [];
      const flush = () => {
        if (chain.length >= 2 && joins(chain)) out.push(chain.map((s) => s.text).join(''));
        chain = [];
      };
      for (const s of band) {
        const prev = chain[chain.length - 1];
        if (prev && s[along] - (prev[along] + len(prev)) > 1.5 * Math.max(size(s), size(prev))) flush();
        chain.push(s);
      }
      flush();
    }
  };
  chains('x');
  chains('y');
  return out;
}
