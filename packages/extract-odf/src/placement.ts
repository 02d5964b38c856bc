/** Where a shape placed by its `draw:transform` alone stands. */

/**
 * Where a shape placed by `draw:transform` alone stands (LibreOffice writes a rotated or sheared
 * shape so, with no svg:x and svg:y): the box of its `w` × `h` frame moved by each operation in the
 * order written (`rotate (0.0175) translate (3cm 2cm)`: turned about its corner, then moved), in
 * the units `length` gives. Undefined when an operation is not read here.
 */
export function transformedPlace(transform: string, w: number, h: number, length: (v: string) => number): { x: number; y: number; w: number; h: number } | undefined {
  if (!Number.isFinite(w) || !Number.isFinite(h)) return undefined;
  // The affine map [a c e; b d f] applied so far.
  let m = [1, 0, 0, 1, 0, 0];
  const then = (n: number[]) => {
    m = [n[0] * m[0] + n[2] * m[1], n[1] * m[0] + n[3] * m[1], n[0] * m[2] + n[2] * m[3], n[1] * m[2] + n[3] * m[3], n[0] * m[4] + n[2] * m[5] + n[4], n[1] * m[4] + n[3] * m[5] + n[5]];
  };
  let ops = 0;
  for (const [, op, args] of transform.matchAll(/([a-zA-Z]+)\s*\(([^)]*)\)/g)) {
    const v = args.trim().split(/[\s,]+/);
    ops++;
    if (op === 'translate') {
      const [tx, ty] = [length(v[0]), length(v[1] ?? '0')];
      if (!Number.isFinite(tx) || !Number.isFinite(ty)) return undefined;
      then([1, 0, 0, 1, tx, ty]);
    } else if (op === 'rotate') {
      // Radians, counter-clockwise as drawn (the y axis runs down the page).
      const t = Number(v[0]);
      if (!Number.isFinite(t)) return undefined;
      then([Math.cos(t), -Math.sin(t), Math.sin(t), Math.cos(t), 0, 0]);
    } else if (op === 'scale') {
      const sx = Number(v[0]);
      const sy = Number(v[1] ?? v[0]);
      if (!Number.isFinite(sx) || !Number.isFinite(sy)) return undefined;
      then([sx, 0, 0, sy, 0, 0]);
    } else if (op === 'skewX' || op === 'skewY') {
      const t = Math.tan(Number(v[0]));
      if (!Number.isFinite(t)) return undefined;
      then(op === 'skewX' ? [1, 0, t, 1, 0, 0] : [1, t, 0, 1, 0, 0]);
    } else return undefined;
  }
  if (!ops) return undefined;
  const corners = [[0, 0], [w, 0], [0, h], [w, h]].map(([x, y]) => [m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]]);
  const xs = corners.map((c) => c[0]);
  const ys = corners.map((c) => c[1]);
  return { x: Math.min(...xs), y: Math.min(...ys), w: Math.max(...xs) - Math.min(...xs), h: Math.max(...ys) - Math.min(...ys) };
}
