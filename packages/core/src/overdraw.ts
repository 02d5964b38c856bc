/**
 * A glyph painted over another: both fixed-layout readers (PDF, OFD) ask which glyphs a later glyph
 * covers. TJ [(机开) 1000 (密★5年)] paints 密 right over 开; the page shows 机密★5年.
 */

/** A glyph on its baseline: the angle of the baseline (degrees), where it starts and ends along it, its distance across, its size and character, and the order it was painted in. */
export interface PlacedGlyph {
  angle: number;
  lo: number;
  hi: number;
  perp: number;
  size: number;
  ch: string;
  order: number;
}

/** A wide glyph painted over most of an earlier one of another character on the same line. */
export interface Overdraw {
  /** The glyph painted first, under the other. */
  under: string;
  /** The glyph painted over it. */
  over: string;
}

/** Share of a glyph's width a later glyph must cover to be drawn over it. */
export const COVERED_SHARE = 0.75;

/**
 * For each glyph, the index of the later glyph that covers three quarters of its width or more on
 * the same baseline at a like size (0.6–1.7 times), or -1. Glyphs are grouped into bands of
 * `band` across their baseline (its angle rounded to the degree; the bands beside count too, so a
 * baseline a hair across an edge is the same line) and compared along it: linear in the glyphs of
 * a line, not in the page's.
 */
export function coveringGlyphs(glyphs: readonly PlacedGlyph[], band: number): Int32Array {
  const cover = new Int32Array(glyphs.length).fill(-1);
  const lines = new Map<string, number[]>();
  glyphs.forEach((g, k) => {
    const key = `${Math.round(g.angle)}:${Math.round(g.perp / band)}`;
    let line = lines.get(key);
    if (!line) lines.set(key, (line = []));
    line.push(k);
  });
  for (const [key, line] of lines) {
    const [angle, at] = key.split(':').map(Number);
    const near = [lines.get(`${angle}:${at - 1}`), line, lines.get(`${angle}:${at + 1}`)].filter((l): l is number[] => l !== undefined).flat();
    near.sort((p, q) => glyphs[p].lo - glyphs[q].lo);
    for (const i of line) {
      const a = glyphs[i];
      for (const j of near) {
        const b = glyphs[j];
        if (b.lo > a.hi) break;
        if (b.order <= a.order) continue;
        if (Math.abs(b.perp - a.perp) > 0.25 * a.size || b.size < 0.6 * a.size || b.size > 1.7 * a.size) continue;
        if (Math.min(a.hi, b.hi) - Math.max(a.lo, b.lo) >= COVERED_SHARE * (a.hi - a.lo)) {
          cover[i] = j;
          break;
        }
      }
    }
  }
  return cover;
}
