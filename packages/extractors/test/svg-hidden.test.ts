/**
 * SVG text hidden the SVG way: presentation attributes (display, visibility, font-size, opacity,
 * fill) and style sheet rules on <tspan> and on <text> elements placed between others. A piece so
 * hidden between 机 and 密★5年 leaves 机密★5年 on the picture: block. The same around 保密宣传月 passes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScanner, type Scanner } from '../../scanner/src/index.ts';

const svg = (inner: string): Uint8Array =>
  new TextEncoder().encode(`<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="600" height="400">${inner}<text x="20" y="120" font-size="24">关于做好2027年度预算编制工作的通知</text><text x="20" y="160" font-size="16">各处室：根据财政部统一部署，现将有关事项通知如下。</text></svg>`);

let scanner: Scanner;
beforeAll(async () => {
  scanner = await createScanner({ ocr: false, isolation: false });
}, 60_000);
afterAll(async () => {
  await scanner?.close();
});

// [what, the construction with A and B around the hidden piece]
const constructions: Array<[string, (a: string, b: string) => string]> = [
  ['a <tspan> hidden by a class rule', (a, b) => `<style>.h{display:none}</style><text x="20" y="40" font-size="20">${a}<tspan class="h">XX</tspan>${b}</text>`],
  ['a <tspan> hidden by an id rule', (a, b) => `<style>#h{display:none}</style><text x="20" y="40" font-size="20">${a}<tspan id="h">XX</tspan>${b}</text>`],
  ['display="none"', (a, b) => `<text x="20" y="40" font-size="20">${a}<tspan display="none">XX</tspan>${b}</text>`],
  ['visibility="hidden"', (a, b) => `<text x="20" y="40" font-size="20">${a}<tspan visibility="hidden">XX</tspan>${b}</text>`],
  ['font-size="0"', (a, b) => `<text x="20" y="40" font-size="20">${a}<tspan font-size="0">XX</tspan>${b}</text>`],
  ['fill-opacity="0"', (a, b) => `<text x="20" y="40" font-size="20">${a}<tspan fill-opacity="0">XX</tspan>${b}</text>`],
  ['fill="none"', (a, b) => `<text x="20" y="40" font-size="20">${a}<tspan fill="none">XX</tspan>${b}</text>`],
  ['a <text> of its own hidden by a class rule, placed between two others', (a, b) => `<style>.h{display:none}</style><text x="20" y="40" font-size="20">${a}</text><text class="h" x="30" y="40">XX</text><text x="${20 + 20 * [...a].length}" y="40" font-size="20">${b}</text>`],
];

describe('SVG text hidden by presentation attributes and style sheet rules', () => {
  it.each(constructions)('%s between 机 and 密★5年: block', async (_what, make) => {
    const r = await scanner.scan(svg(make('机', '密★5年')), { filename: 'notice.svg' });
    expect(r.verdict).toBe('block');
  });
  it.each(constructions)('%s between 保 and 密宣传月: pass with nothing unread', async (_what, make) => {
    const r = await scanner.scan(svg(make('保', '密宣传月')), { filename: 'notice.svg' });
    expect(r.verdict).toBe('pass');
    expect(r.coverage.unread).toEqual([]);
  });
  it('outlined text (fill none, a stroke) is seen: its letters are not taken out of the line', async () => {
    const r = await scanner.scan(svg('<text x="20" y="40" font-size="20">办<tspan fill="none" stroke="#000">公</tspan>室</text>'), { filename: 'notice.svg' });
    expect(r.findings.length).toBe(0);
    const shown = await scanner.scan(svg('<text x="20" y="40" font-size="20">机<tspan fill="none" stroke="#000">XX</tspan>密★5年</text>'), { filename: 'notice.svg' });
    expect(shown.verdict).not.toBe('block');
  });
});
