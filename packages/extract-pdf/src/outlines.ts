/**
 * The PDF side of finding text drawn as vector outlines (see @prepub/core outlined-text.ts): the
 * shape counts of a pdf.js path buffer.
 */
import { PathShapeCounter } from '@prepub/core';

/**
 * Counts the segments and subpaths of a pdf.js path buffer (DrawOPS: 0 moveTo, 1 lineTo,
 * 2 curveTo, 3 quadraticCurveTo, 4 closePath), and the subpaths longer than 1.5 times the whole
 * path's shorter side (`long`): a word drawn as one path is made of glyph-sized subpaths, a path
 * of highlight bars or table rules of long ones. Control points count as points (a bound, not the
 * curve's exact extent).
 */
export function countPath(path: ArrayLike<number>): { segments: number; subpaths: number; long: number } {
  const c = new PathShapeCounter();
  const n = path.length;
  for (let i = 0; i < n; ) {
    const op = path[i];
    let k: number;
    if (op === 0) {
      c.subpath();
      k = 2;
    } else if (op === 1) k = 2;
    else if (op === 2) k = 6;
    else if (op === 3) k = 4;
    else if (op === 4) {
      c.segment();
      i += 1;
      continue;
    } else break;
    if (op !== 0) c.segment();
    for (let j = i + 1; j + 1 <= i + k; j += 2) c.point(path[j], path[j + 1]);
    i += k + 1;
  }
  return c.counts();
}
