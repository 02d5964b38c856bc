import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { layoutLines, layoutPage, type TextRun } from '../src/layout.ts';
import { Hidden, settleByPaint } from '../src/operators.ts';

const page = { page: 2, width: 595, height: 842 };

function run(text: string, x0: number, y0: number, width: number, size = 12): TextRun {
  return { text, x0, y0, x1: x0 + width, y1: y0 + size, size };
}

function sortedChars(s: string): string {
  return [...s.replace(/\s+/g, '')].sort().join('');
}

describe('layoutLines', () => {
  it('groups runs by line, then left to right, and spaces only visible gaps', () => {
    const out = layoutLines(
      [
        run('年', 101.9, 100, 12),
        run('机密★', 56.8, 100, 36),
        run('5', 92.8, 100.5, 6.7), // baseline jitter stays on the line; 2.4 pt gap is no space
        run('第二行', 56.8, 130, 36),
        run('右侧', 200, 130, 24), // a 107 pt gap is visible
      ],
      page,
    );
    expect(out.text).toBe('机密★5年\n第二行 右侧');
    expect(out.blocks).toHaveLength(2);
    expect(out.blocks[0]).toMatchObject({ start: 0, end: 5, kind: 'line', index: 1, page: 2 });
    expect(out.blocks[0].box).toMatchObject({ x: 56.8, y: 100, unit: 'pt' });
    expect(out.blocks[0].pageTop).toBeCloseTo(100 / 842, 4);
    expect(out.blocks[1]).toMatchObject({ start: 6, end: 12, index: 2 });
  });

  it('marks centred lines', () => {
    const out = layoutLines([run('关于做好保密工作的通知', 237.5, 50, 120), run('正文从左边距开始一直写到右边距为止', 80, 80, 435)], page);
    expect(out.blocks[0].align).toBe('center');
    expect(out.blocks[1].align).toBeUndefined();
  });

  it('keeps every character, and blocks cover the lines exactly', () => {
    const arbRun = fc.record({
      text: fc.string({ unit: fc.constantFrom('机', '密', '★', '5', '年', ' ', 'a'), minLength: 0, maxLength: 6 }),
      x0: fc.double({ min: 0, max: 580, noNaN: true }),
      y0: fc.double({ min: 0, max: 830, noNaN: true }),
      width: fc.double({ min: 0, max: 200, noNaN: true }),
      size: fc.double({ min: 0.5, max: 40, noNaN: true }),
    });
    fc.assert(
      fc.property(fc.array(arbRun, { maxLength: 40 }), (specs) => {
        const runs = specs.map((s) => run(s.text, s.x0, s.y0, s.width, s.size));
        const out = layoutLines(runs, page);
        expect(sortedChars(out.text)).toBe(sortedChars(runs.map((r) => r.text).join('')));
        const lines = out.text.length ? out.text.split('\n') : [];
        expect(out.blocks).toHaveLength(lines.length);
        let offset = 0;
        out.blocks.forEach((b, i) => {
          expect(b.start).toBe(offset);
          expect(out.text.slice(b.start, b.end)).toBe(lines[i]);
          expect(lines[i]).toBe(lines[i].trim());
          expect(lines[i].length).toBeGreaterThan(0);
          expect(b.pageTop!).toBeGreaterThanOrEqual(0);
          expect(b.pageTop!).toBeLessThanOrEqual(1);
          offset = b.end + 1;
        });
      }),
      { numRuns: 300 },
    );
  });
});

describe('layoutPage', () => {
  it('lays out text that runs downwards (a page shown rotated) in its own reading frame', () => {
    // Page 842 wide, 595 high as shown; text runs top to bottom, the first line at the right.
    const geometry = { page: 1, width: 842, height: 595 };
    const down = (text: string, x0: number, y0: number, length: number): TextRun => ({ text, x0, y0, x1: x0 + 12, y1: y0 + length, size: 12, angle: 90 });
    const out = layoutPage([down('第二行', 760, 60, 36), down('机密★', 780, 60, 36), down('5年', 780, 100, 18)], geometry);
    expect(out.text).toBe('机密★ 5年\n第二行');
    expect(out.blocks[0].box).toMatchObject({ x: 780, y: 60, width: 12, height: 58 });
    expect(out.blocks[0].pageTop).toBeCloseTo((842 - 792) / 842, 3);
  });

  it('puts sideways text after the main text instead of merging it into lines', () => {
    const side: TextRun = { text: '机密', x0: 20, y0: 100, x1: 32, y1: 700, size: 12, angle: 270 };
    const out = layoutPage([run('第一行正文', 80, 100, 60), run('第二行正文', 80, 130, 60), side], page);
    expect(out.text).toBe('第一行正文\n第二行正文\n机密');
    expect(out.blocks.map((b) => b.index)).toEqual([1, 2, 3]);
    expect(out.blocks[2].box).toMatchObject({ x: 20, y: 100, width: 12, height: 600 });
  });
});

describe('settleByPaint', () => {
  const box = (seq: number, white = false, image = false) => ({ seq, x0: 100, y0: 700, x1: 200, y1: 720, image, white });
  it('makes white text on an earlier dark shape visible, and text under a later shape covered', () => {
    expect(settleByPaint(Hidden.White, 150, 710, 10, 6, [box(5)])).toBe(Hidden.Visible);
    expect(settleByPaint(Hidden.White, 150, 710, 10, 6, [box(5, true)])).toBe(Hidden.White);
    expect(settleByPaint(Hidden.Visible, 150, 710, 10, 6, [box(20)])).toBe(Hidden.Covered);
    expect(settleByPaint(Hidden.Visible, 150, 710, 10, 6, [box(20, true)])).toBe(Hidden.Covered);
  });
  it('ignores pictures over text, shapes elsewhere, thin rules, and other reasons', () => {
    expect(settleByPaint(Hidden.Visible, 150, 710, 10, 6, [box(20, false, true)])).toBe(Hidden.Visible);
    expect(settleByPaint(Hidden.Visible, 250, 710, 10, 6, [box(20)])).toBe(Hidden.Visible);
    expect(settleByPaint(Hidden.Visible, 150, 710, 10, 30, [box(20)])).toBe(Hidden.Visible);
    expect(settleByPaint(Hidden.Invisible, 150, 710, 10, 6, [box(5)])).toBe(Hidden.Invisible);
  });
});
