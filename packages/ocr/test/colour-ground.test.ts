/**
 * Light colour grounds with light letters on them (see colour-ground.ts): found where greyscale
 * loses the letters, not where the page's reading read them, not for dark print on a colour, not
 * for a grey band.
 */
import { describe, expect, it } from 'vitest';
import { colourGrounds, groundToBlack } from '../src/colour-ground.ts';

const W = 400;
const H = 200;

/** A white page with a band (rows 20–60) of `ground` grey/darkest and a block of letters (x 40–120, rows 30–50) of `letter`. */
function page(ground: [number, number], letter: [number, number]): { grey: Buffer; darkest: Buffer } {
  const grey = Buffer.alloc(W * H, 255);
  const darkest = Buffer.alloc(W * H, 255);
  for (let y = 20; y < 60; y++) {
    for (let x = 0; x < W; x++) {
      const inLetter = y >= 30 && y < 50 && x >= 40 && x < 120 && (x + y) % 3 === 0;
      const [g, d] = inLetter ? letter : ground;
      grey[y * W + x] = g;
      darkest[y * W + x] = d;
    }
  }
  return { grey, darkest };
}

describe('colour grounds', () => {
  it('a yellow band with white letters is found, with a margin', () => {
    const { grey, darkest } = page([210, 0], [255, 255]);
    const found = colourGrounds(grey, darkest, W, H);
    expect(found).toHaveLength(1);
    const [g] = found;
    expect(g.y).toBeLessThanOrEqual(20);
    expect(g.y + g.height).toBeGreaterThanOrEqual(60);
    expect(g.width).toBe(W);
  });
  it("not when the page's reading read the letters, nor for black letters, nor for a grey band", () => {
    const yellow = page([210, 0], [255, 255]);
    expect(colourGrounds(yellow.grey, yellow.darkest, W, H, [{ x: 36, y: 26, width: 90, height: 28 }])).toEqual([]);
    const dark = page([210, 0], [0, 0]);
    expect(colourGrounds(dark.grey, dark.darkest, W, H)).toEqual([]);
    const grey = page([200, 200], [255, 255]);
    expect(colourGrounds(grey.grey, grey.darkest, W, H)).toEqual([]);
  });
  it('the ground is brought to black, the letters stay white', () => {
    const crop = Buffer.from([153, 153, 153, 153, 153, 255, 204]);
    const out = groundToBlack(crop);
    expect([...out]).toEqual([0, 0, 0, 0, 0, 255, 128]);
    // A ground already black is left as it is.
    const black = Buffer.from([0, 0, 0, 255]);
    expect(groundToBlack(black)).toBe(black);
  });
});
