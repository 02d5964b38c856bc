/**
 * The PDF side of finding text drawn as vector outlines (see @prepub/core outlined-text.ts): the
 * shape counts of a pdf.js path buffer.
 */

/**
 * Counts the segments and subpaths of a pdf.js path buffer (DrawOPS: 0 moveTo, 1 lineTo,
 * 2 curveTo, 3 quadraticCurveTo, 4 closePath), and the subpaths longer than 1.5 times the whole
 * path's shorter side (`long`): a word drawn as one path is made of glyph-sized subpaths, a path
 * of highlight bars or table rules of long ones. Control points count as points (a bound, not the
 * curve's exact extent).
 */
export function countPath(path: ArrayLike<number>): { segments: number; subpaths: number; long: number } {
  let segments = 0;
  let subpaths = 0;
  const n = path.length;
  // Extent of the whole path and of each subpath (kept as a flat list: x0, y0, x1, y1 per subpath).
  let X0 = Infinity;
  let Y0 = Infinity;
  let X1 = -Infinity;
  let Y1 = -Infinity;
  const ext: number[] = [];
  let sx0 = Infinity;
  let sy0 = Infinity;
  let sx1 = -Infinity;
  let sy1 = -Infinity;
  const flush = (): void => {
    if (sx0 <= sx1) ext.push(sx0, sy0, sx1, sy1);
    sx0 = sy0 = Infinity;
    sx1 = sy1 = -Infinity;
  };
  const point = (x: number, y: number): void => {
    if (x < sx0) sx0 = x;
    if (x > sx1) sx1 = x;
    if (y < sy0) sy0 = y;
    if (y > sy1) sy1 = y;
  };
  for (let i = 0; i < n; ) {
    const op = path[i];
    let k: number;
    if (op === 0) {
      flush();
      subpaths++;
      k = 2;
    } else if (op === 1) k = 2;
    else if (op === 2) k = 6;
    else if (op === 3) k = 4;
    else if (op === 4) {
      segments++;
      i += 1;
      continue;
    } else break;
    if (op !== 0) segments++;
    for (let j = i + 1; j + 1 <= i + k; j += 2) point(path[j], path[j + 1]);
    i += k + 1;
  }
  flush();
  for (let j = 0; j < ext.length; j += 4) {
    if (ext[j] < X0) X0 = ext[j];
    if (ext[j + 1] < Y0) Y0 = ext[j + 1];
    if (ext[j + 2] > X1) X1 = ext[j + 2];
    if (ext[j + 3] > Y1) Y1 = ext[j + 3];
  }
  const limit = 1.5 * Math.min(X1 - X0, Y1 - Y0);
  let long = 0;
  for (let j = 0; j < ext.length; j += 4) if (Math.max(ext[j + 2] - ext[j], ext[j + 3] - ext[j + 1]) > limit) long++;
  return { segments, subpaths, long };
}
