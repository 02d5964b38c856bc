import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { layoutLines, layoutPage, readingGroups, type LaidOut, type TextRun } from '@prepub/core';
import { Hidden, settleByPaint } from '../src/operators.ts';
import { pieces } from '../src/pages.ts';

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

/**
 * Every non-blank character of every run is in the text exactly once, and the source map says
 * which run and offset each unit came from; separators and blank-run spaces are whitespace.
 */
function expectMapped(out: LaidOut, runs: readonly TextRun[]): void {
  const { run, offset } = out.source;
  expect(run.length).toBe(out.text.length);
  expect(offset.length).toBe(out.text.length);
  const wrong: string[] = [];
  const seen = new Set<string>();
  for (let k = 0; k < out.text.length; k++) {
    const got = out.text[k];
    if (run[k] < 0) {
      if (!/\s/.test(got) || offset[k] !== -1) wrong.push(`separator ${k} is ${JSON.stringify(got)}`);
      continue;
    }
    const ch = runs[run[k]]?.text[offset[k]];
    if (ch === undefined || (/\s/.test(ch) ? !/\s/.test(got) : got !== ch)) wrong.push(`unit ${k} ${JSON.stringify(got)} maps to ${JSON.stringify(ch)}`);
    const key = `${run[k]}:${offset[k]}`;
    if (seen.has(key)) wrong.push(`unit ${k} repeats ${key}`);
    seen.add(key);
  }
  runs.forEach((r, i) => {
    for (let k = 0; k < r.text.length; k++) if (!/\s/.test(r.text[k]) && !seen.has(`${i}:${k}`)) wrong.push(`lost ${i}:${k}`);
  });
  expect(wrong).toEqual([]);
}

/** Lines of `text` drawn as a column from (x, y), 16 pt apart: one run per line, `width` wide. */
function column(lines: string[], x: number, y: number, width = 150, size = 11): TextRun[] {
  return lines.map((t, k) => run(t, x, y + 16 * k, width, size));
}

describe('reading order', () => {
  const left = ['Left column line 1', 'Left column line 2', 'Left column line 3'];
  const right = ['Right column line 1', 'Right column line 2', 'Right column line 3'];

  it('reads two text boxes set side by side one after the other, as they were drawn', () => {
    const runs = [...column(left, 40, 50), ...column(right, 300, 50.3)];
    const out = layoutLines(runs, page);
    expect(out.text).toBe([...left, ...right].join('\n'));
    expectMapped(out, runs);
    // Drawn right box first: the right box is read first.
    const swapped = [...column(right, 300, 50), ...column(left, 40, 50)];
    expect(layoutLines(swapped, page).text).toBe([...right, ...left].join('\n'));
  });

  it('reads lines across the page when they were drawn across it (a table row by row)', () => {
    const a = column(left, 40, 50);
    const b = column(right, 300, 50);
    const runs = a.flatMap((r, k) => [r, b[k]]);
    expect(layoutLines(runs, page).text).toBe(left.map((l, k) => `${l} ${right[k]}`).join('\n'));
  });

  it('keeps labels and values drawn column by column on their rows', () => {
    // A form: the labels drawn top to bottom, then the values: short lines are no text columns.
    const runs = [...column(['密级', '编号', '日期'], 60, 100, 24, 12), ...column(['机密', 'A-017', '2023-05-01'], 200, 100, 60, 12)];
    expect(layoutLines(runs, page).text).toBe('密级 机密\n编号 A-017\n日期 2023-05-01');
  });

  it('keeps a marking drawn after two columns alone on the first line', () => {
    const runs = [...column(left, 40, 100), ...column(right, 300, 100), run('机密★5年', 40, 60, 60, 16)];
    const out = layoutLines(runs, page);
    expect(out.text.split('\n')[0]).toBe('机密★5年');
    expect(out.text).toBe(['机密★5年', ...left, ...right].join('\n'));
    expectMapped(out, runs);
  });

  it('keeps a marking and the number beside it on one line when they are drawn apart', () => {
    const runs = [run('000123', 40, 60, 40, 12), ...column(left, 40, 100), ...column(right, 300, 100), run('机密★5年', 470, 60, 60, 12)];
    const out = layoutLines(runs, page);
    expect(out.text.split('\n')[0]).toBe('000123 机密★5年');
    expectMapped(out, runs);
  });

  it('reads a word drawn inside spaced brackets where it stands', () => {
    // `(` 38 spaces `)` drawn as one string, then `overlap` printed between the brackets.
    const text = `(${' '.repeat(38)})`;
    const cuts = pieces(text, new Uint8Array(text.length));
    expect(cuts).toEqual([[0, 1], [1, 39], [39, 40]]);
    const runs = cuts.map(([a, b]) => run(text.slice(a, b), 100 + 3 * a, 50, 3 * (b - a)));
    runs.push(run('overlap', 150, 50, 35));
    const out = layoutLines(runs, page);
    expect(out.text.replace(/\s+/g, ' ')).toBe('( overlap )');
    expectMapped(out, runs);
  });

  it('keeps a stretch of spaces cut out of a shown string whole, and does not double a single space', () => {
    // `密级 ` then `    机密` drawn over its trailing space: the row keeps its cell gap.
    const runs = [run('密级 ', 60, 100, 30), run('    ', 84, 100, 24), run('机密', 108, 100, 24), run(' ', 132, 100, 3), run('abc', 140, 100, 18)];
    const out = layoutLines(runs, page);
    expect(out.text).toBe('密级     机密 abc');
    expectMapped(out, runs);
  });

  it('cuts shown strings where visibility changes and around runs of spaces only', () => {
    expect(pieces('TOP SECRET', new Uint8Array(10))).toEqual([[0, 10]]);
    expect(pieces('ab  cd', new Uint8Array(6))).toEqual([[0, 2], [2, 4], [4, 6]]);
    expect(pieces('abcd', Uint8Array.from([0, 0, 1, 1]))).toEqual([[0, 2], [2, 4]]);
    expect(pieces('  ', new Uint8Array(2))).toEqual([[0, 2]]);
  });

  it('returns every run exactly once, in any order and layout', () => {
    const arbRun = fc.record({
      text: fc.string({ unit: fc.constantFrom('机', '密', '★', '5', '年', ' ', 'a', 'b'), minLength: 0, maxLength: 12 }),
      x0: fc.double({ min: 0, max: 580, noNaN: true }),
      y0: fc.double({ min: 0, max: 830, noNaN: true }),
      width: fc.double({ min: 0, max: 250, noNaN: true }),
      size: fc.double({ min: 0.5, max: 40, noNaN: true }),
    });
    fc.assert(
      fc.property(fc.array(arbRun, { maxLength: 60 }), (specs) => {
        const runs = specs.map((s) => run(s.text, s.x0, s.y0, s.width, s.size));
        const groups = readingGroups(runs, runs.map((_, i) => i));
        expect(groups.flat().sort((a, b) => a - b)).toEqual(runs.map((_, i) => i));
      }),
      { numRuns: 300 },
    );
  });

  it('keeps every character once and maps it back to its run, for columns drawn in any order', () => {
    // Columns of lines (the case reading order changes), shuffled, plus scattered runs.
    const arbColumn = fc.record({
      x: fc.double({ min: 0, max: 500, noNaN: true }),
      y: fc.double({ min: 0, max: 700, noNaN: true }),
      lines: fc.array(fc.string({ unit: fc.constantFrom('机', '密', 'a', 'b', ' ', '★'), minLength: 0, maxLength: 20 }), { maxLength: 6 }),
    });
    const arbRun = fc.record({
      text: fc.string({ unit: fc.constantFrom('机', '密', '★', '5', '年', ' ', 'a'), minLength: 0, maxLength: 8 }),
      x0: fc.double({ min: 0, max: 580, noNaN: true }),
      y0: fc.double({ min: 0, max: 830, noNaN: true }),
      width: fc.double({ min: 0, max: 200, noNaN: true }),
      angle: fc.constantFrom(0, 0, 0, 90, 180, 270),
    });
    fc.assert(
      fc.property(fc.array(arbColumn, { maxLength: 5 }), fc.array(arbRun, { maxLength: 10 }), fc.boolean(), fc.infiniteStream(fc.nat()), (cols, loose, shuffle, rnd) => {
        let runs: TextRun[] = [...cols.flatMap((c) => column(c.lines, c.x, c.y, 120)), ...loose.map((s) => ({ ...run(s.text, s.x0, s.y0, s.width), angle: s.angle }))];
        if (shuffle) {
          const it = rnd[Symbol.iterator]();
          const keyed = runs.map((r) => ({ r, k: it.next().value as number }));
          runs = keyed.sort((a, b) => a.k - b.k).map((x) => x.r);
        }
        const out = layoutPage(runs, page);
        expectMapped(out, runs);
        let offset = 0;
        for (const b of out.blocks) {
          expect(b.start).toBe(offset);
          expect(out.text.slice(b.start, b.end)).not.toMatch(/\n/);
          offset = b.end + 1;
        }
        expect(offset).toBe(out.text.length + (out.blocks.length ? 1 : 0));
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
  it('text in the colour of the box right under it is not seen; under a ring, a picture, another colour or a later box of another colour it is', () => {
    const shape = (seq: number, colour: string, box = true, image = false) => ({ seq, x0: 100, y0: 700, x1: 200, y1: 720, image, white: colour === '#ffffff', colour, box });
    expect(settleByPaint(Hidden.Visible, 150, 710, 10, 6, [shape(5, '#c00000')], '#c00000')).toBe(Hidden.Ground);
    expect(settleByPaint(Hidden.Visible, 150, 710, 10, 6, [shape(5, '#c00000')], '#c80808')).toBe(Hidden.Ground);
    expect(settleByPaint(Hidden.Visible, 150, 710, 10, 6, [shape(5, '#c00000', false)], '#c00000')).toBe(Hidden.Visible);
    expect(settleByPaint(Hidden.Visible, 150, 710, 10, 6, [shape(5, '#c00000')], '#000000')).toBe(Hidden.Visible);
    expect(settleByPaint(Hidden.Visible, 150, 710, 10, 6, [shape(5, '#c00000'), shape(7, '#ffffff')], '#c00000')).toBe(Hidden.Visible);
    expect(settleByPaint(Hidden.Visible, 150, 710, 10, 6, [shape(5, '#ffffff'), shape(7, '#c00000')], '#c00000')).toBe(Hidden.Ground);
    expect(settleByPaint(Hidden.Visible, 150, 710, 10, 6, [shape(5, '#c00000')], 'pattern')).toBe(Hidden.Visible);
    expect(settleByPaint(Hidden.Visible, 150, 710, 10, 6, [shape(5, '#c00000')])).toBe(Hidden.Visible);
    // White text on a white box painted over a dark banner is not seen.
    expect(settleByPaint(Hidden.White, 150, 710, 10, 6, [shape(5, '#1f3864'), shape(7, '#ffffff')])).toBe(Hidden.White);
  });
  it('ignores pictures over text, shapes elsewhere, thin rules, and other reasons', () => {
    expect(settleByPaint(Hidden.Visible, 150, 710, 10, 6, [box(20, false, true)])).toBe(Hidden.Visible);
    expect(settleByPaint(Hidden.Visible, 250, 710, 10, 6, [box(20)])).toBe(Hidden.Visible);
    expect(settleByPaint(Hidden.Visible, 150, 710, 10, 30, [box(20)])).toBe(Hidden.Visible);
    expect(settleByPaint(Hidden.Invisible, 150, 710, 10, 6, [box(5)])).toBe(Hidden.Invisible);
  });
});

describe('layoutPage: slanted text (a watermark at 45°)', () => {
  const body = [run('机密★5年', 72, 60, 72, 16), run('特急', 300, 60, 32, 16), run('关于做好汛期物资调度工作的通知', 120, 100, 330, 22), run('各区县人民政府：现将有关事项通知如下。', 72, 140, 266, 14)];
  /** One run of `text` at 45° whose box spans from (x, y) down and right, `size` pt glyphs. */
  const slanted = (text: string, x: number, y: number, size = 40): TextRun => {
    const len = text.length * size;
    const side = (len + size) * Math.SQRT1_2;
    return { text, x0: x, y0: y, x1: x + side, y1: y + side, size, slant: 45 };
  };

  it('a watermark box across the lines takes none of them in: they read as before, the watermark after them', () => {
    const alone = layoutPage(body, page);
    for (const at of [0, body.length]) {
      const runs = [...body];
      runs.splice(at, 0, slanted('内部资料注意保管', 40, 20));
      const out = layoutPage(runs, page);
      expect(out.text).toBe(`${alone.text}\n内部资料注意保管`);
      expect(out.blocks.map((b) => out.text.slice(b.start, b.end))).toEqual([...alone.text.split('\n'), '内部资料注意保管']);
      // The watermark's units map back to its run.
      const k = out.text.indexOf('内部');
      expect(out.source.run[k]).toBe(at);
      expect(out.source.offset[k]).toBe(0);
    }
  });

  it('a watermark drawn glyph by glyph, in any order, reads as one line in order along its direction; two watermark lines stay two', () => {
    const glyphs = [...'内部资料'].map((c, i) => ({ ...slanted(c, 100 + i * 28.3, 200 + i * 28.3), slant: 45 }));
    const lower = [...'注意保管'].map((c, i) => ({ ...slanted(c, 60 + i * 28.3, 260 + i * 28.3), slant: 45 }));
    const out = layoutPage([...body, ...[...glyphs, ...lower].reverse()], page);
    expect(out.text.split('\n').slice(-2).sort()).toEqual(['内部资料', '注意保管']);
    expect(out.text.split('\n').slice(0, 3)).toEqual(layoutPage(body, page).text.split('\n'));
  });
});
