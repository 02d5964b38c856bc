import { describe, expect, it } from 'vitest';
import { eraseRules, stretchContrast } from '../src/preprocess.ts';

/** A page of `n` pixels: `shares` of it at each grey level, the rest white. */
function page(n: number, shares: Array<[level: number, share: number]>): Uint8Array {
  const data = new Uint8Array(n).fill(255);
  let at = 0;
  for (const [level, share] of shares) {
    const count = Math.round(n * share);
    data.fill(level, at, at + count);
    at += count;
  }
  return data;
}

describe('stretchContrast', () => {
  it('stretches a faded scan: grey ink becomes black, greyish paper white', () => {
    const data = page(10_000, [[160, 0.05], [230, 0.95]]);
    stretchContrast(data, 0.01, 0.99);
    expect(data[0]).toBe(0);
    expect(data[9_000]).toBeGreaterThanOrEqual(250);
  });

  it('keeps a light tint light when the ink is sparse (one line of text on a page)', () => {
    // 0.3% ink at 60, 30% of the page under a tint at 248, paper grain at 250: the 1% quantile
    // falls in the tint, and a plain stretch would turn the tint black around the text.
    const data = page(100_000, [[60, 0.003], [248, 0.3], [250, 0.2]]);
    stretchContrast(data, 0.01, 0.99);
    expect(data[0]).toBeLessThanOrEqual(20);
    expect(data[50_000]).toBeGreaterThanOrEqual(200);
    expect(data[40_000]).toBeGreaterThanOrEqual(200);
  });
});

describe('eraseRules', () => {
  it('paints a form\'s ruled lines white and leaves strokes of characters, thin or bold, as they are', () => {
    const W = 1200;
    const H = 800;
    const data = new Uint8Array(W * H).fill(255);
    const box = (x0: number, y0: number, w: number, h: number, v = 0) => {
      for (let y = y0; y < y0 + h; y++) data.fill(v, y * W + x0, y * W + x0 + w);
    };
    // A table of 3 × 3 cells, rules 3 px thick.
    for (const y of [100, 200, 300, 400]) box(100, y, 900, 3);
    for (const x of [100, 400, 700, 1000]) box(x, 100, 3, 303);
    // Inside a cell: a 宋体 horizontal (45 × 3: 15 thicknesses), a bold one (60 × 8), a vertical (4 × 50).
    box(150, 150, 45, 3);
    box(450, 140, 60, 8);
    box(760, 130, 4, 50);
    // A headline's stroke far longer than a rule's minimum but thick (300 × 24).
    box(200, 600, 300, 24);
    const painted = eraseRules(data, W, H);
    const dark = (x0: number, y0: number, w: number, h: number) => {
      let n = 0;
      for (let y = y0; y < y0 + h; y++) for (let x = x0; x < x0 + w; x++) n += data[y * W + x] < 128 ? 1 : 0;
      return n;
    };
    // The rules are gone but for the crossings (dark both ways): a few pixels each.
    expect(dark(100, 100, 903, 303) - (45 * 3 + 60 * 8 + 4 * 50)).toBeLessThanOrEqual(16 * 16);
    expect(dark(250, 100, 100, 3)).toBe(0);
    expect(dark(400, 210, 3, 80)).toBe(0);
    expect(dark(150, 150, 45, 3)).toBe(135);
    expect(dark(450, 140, 60, 8)).toBe(480);
    expect(dark(760, 130, 4, 50)).toBe(200);
    expect(dark(200, 600, 300, 24)).toBe(7200);
    expect(painted).toBeGreaterThan(0.9 * (4 * 900 * 3 + 4 * 303 * 3));
  });
});
