/**
 * SVG text placed by what the reader had not weighed: a `transform` on the <text> or its groups
 * (translate, matrix), `text-anchor="end"` drawing a text to the left of its x, a nested <svg>'s
 * x, and <use> copies of text kept in <defs>. Each drawing below shows 机密★5年 though it stores
 * 密★5年 before 机; each had passed. The drawing is now read as it shows (html:shown-order), and a
 * transform that turns text around is a loss. Ordinary drawings (translated groups in their order,
 * centred chart labels, slanted labels, icons reused by <use>) keep passing. Real scanner, OCR off.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScanner, type Scanner } from '@prepub/scanner';
import { cpuMsSince } from './cpu-time.ts';

let scanner: Scanner;
beforeAll(async () => {
  scanner = await createScanner({ ocr: false });
});
afterAll(() => scanner?.close());

const svg = (inner: string): Uint8Array =>
  new TextEncoder().encode(`<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="480" height="240" font-family="Noto Sans CJK SC" font-size="20">${inner}<text x="10" y="200">关于做好年度保密自查工作的通知</text></svg>`);
const scan = async (bytes: Uint8Array, filename = 'drawing.svg') => scanner.scan(bytes, { filename });

describe('SVG text placement', () => {
  it.each([
    ['transform translate on <text>', '<text transform="translate(30,30)">密★5年</text><text transform="translate(10,30)">机</text>'],
    ['transform on the groups', '<g transform="translate(30,0)"><text y="30">密★5年</text></g><g transform="translate(10,0)"><text y="30">机</text></g>'],
    ['transform matrix', '<text transform="matrix(1 0 0 1 30 30)">密★5年</text><text transform="matrix(1 0 0 1 10 30)">机</text>'],
    ['groups nested, translations added up', '<g transform="translate(20 0)"><g transform="translate(10 0)"><text y="30">密★5年</text></g></g><g transform="translate(5,0) scale(1)"><text x="5" y="30">机</text></g>'],
    ['text-anchor end at the same x', '<text x="30" y="30">密★5年</text><text x="30" y="30" text-anchor="end">机</text>'],
    ['text-anchor end inherited from a group', '<text x="30" y="30">密★5年</text><g text-anchor="end"><text x="30" y="30">机</text></g>'],
    ['x on nested <svg>', '<svg x="30"><text y="30">密★5年</text></svg><svg x="10"><text y="30">机</text></svg>'],
    ['<use> copies of text in <defs>', '<defs><text id="a">密★5年</text><text id="b">机</text></defs><use href="#a" x="30" y="30"/><use xlink:href="#b" x="10" y="30"/>'],
  ])('%s: block', async (_, inner) => {
    expect((await scan(svg(inner))).verdict).toBe('block');
  });

  it('in an HTML page too: block', async () => {
    const page = '<html><body><svg width="200" height="40"><text transform="translate(30,30)">密★5年</text><text transform="translate(10,30)">机</text></svg><p>关于做好年度保密自查工作的通知</p></body></html>';
    expect((await scan(new TextEncoder().encode(page), 'notice.html')).verdict).toBe('block');
  });

  it('a transform that turns one piece around: the order is a loss (review)', async () => {
    const r = await scan(svg('<text x="10" y="30">机</text><text transform="rotate(180 60 25)" x="30" y="30">年5★密</text>'));
    expect(r.verdict).toBe('review');
    expect(r.coverage.unread.some((u) => /SVG drawing/.test(u.detail ?? ''))).toBe(true);
  });

  it('pieces turned a quarter alike read along their own line: 密★5年 and 机 turned -90°, 机 drawn first along it: block', async () => {
    // Turned -90°, a text runs up the page: 机, lower, is read first. (cos(-90°) = 6e-17 had made
    // such text count as upright, and the rows went top to bottom: 密★5年, then 机.)
    const r = await scan(svg('<text transform="translate(30,150) rotate(-90)">密★5年</text><text transform="translate(30,190) rotate(-90)">机</text>'));
    expect(r.verdict).toBe('block');
  });

  it('ordinary drawings: pass', async () => {
    for (const inner of [
      // A logo and a chart: translated groups in their order, centred and slanted labels, a reused icon.
      '<g transform="translate(10,30)"><text>保密宣传月</text></g><g transform="translate(130,30)"><text>活动安排</text></g>',
      '<text x="60" y="80" text-anchor="middle">2022年</text><text x="160" y="80" text-anchor="middle">2023年</text><text x="260" y="80" text-anchor="middle">2024年</text>',
      '<text transform="rotate(-45 60 120)" x="60" y="120">一季度</text><text transform="rotate(-45 160 120)" x="160" y="120">二季度</text>',
      '<defs><g id="star"><text>★</text></g></defs><use href="#star" x="10" y="40"/><use href="#star" x="40" y="40"/><text x="70" y="40">先进集体</text>',
      // A bar chart: its y-axis title turned a quarter (as chart libraries draw it) beside translated tick labels.
      '<text transform="rotate(-90)" x="-120" y="16" text-anchor="middle">参训人数（人）</text><g transform="translate(40,20)"><text x="-6" y="4" text-anchor="end">300</text><text x="-6" y="104" text-anchor="end">0</text></g><text transform="translate(60,160)">一月</text><text transform="translate(120,160)">二月</text>',
    ]) {
      expect((await scan(svg(inner))).verdict, inner).toBe('pass');
    }
  });
});

describe('SVG placement on hostile drawings', () => {
  it('many texts, many <use> copies, long transform lists: bounded time', async () => {
    const texts = Array.from({ length: 5000 }, (_, i) => `<text id="t${i}" transform="translate(${(i * 7) % 400} ${i % 50})">字${i}</text>`).join('');
    const uses = Array.from({ length: 5000 }, (_, i) => `<use href="#t${i % 50}" x="${i % 300}" y="${i % 40}"/>`).join('');
    const long = `<text transform="${'translate(1 1) '.repeat(20_000)}">机</text>`;
    const t = process.cpuUsage();
    await scan(svg(`<defs>${texts}</defs>${uses}${long}`));
    expect(cpuMsSince(t)).toBeLessThan(20_000);
  });
});
