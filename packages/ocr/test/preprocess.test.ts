import { describe, expect, it } from 'vitest';
import { stretchContrast } from '../src/preprocess.ts';

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
