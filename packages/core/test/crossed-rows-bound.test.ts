/**
 * Crossed rows (ce8fb5e) are looked for in a bounded amount of work per line: a page with
 * thousands of runs stacked a third of a line apart at one width (a staircase, cut one row at a
 * time) or overdrawn in one place took cubic / quadratic time (2,000 runs: 26 s; 40,000
 * overdrawn runs: 100 s). Past the bound the line reads as drawn and is counted as crowded, which
 * the PDF reader reports as unread (limit).
 */
import { describe, expect, it } from 'vitest';
import { layoutLines, type TextRun } from '@prepub/core';
import { cpuMsSince } from '../../../tests/cpu-time.ts';

const geometry = { page: 1, width: 600, height: 800 };
const stair = (n: number): TextRun[] => Array.from({ length: n }, (_, i) => ({ text: '密', x0: 0, x1: 10, y0: i * 3, y1: i * 3 + 10, size: 10 }));
const over = (n: number): TextRun[] => Array.from({ length: n }, (_, i) => ({ text: '密', x0: 0, x1: 10, y0: (i % 2) * 3, y1: 10 + (i % 2) * 3, size: 10 }));

function timed(runs: TextRun[]): { ms: number; crowded: number; chars: number } {
  const t = process.cpuUsage();
  const laid = layoutLines(runs, geometry);
  return { ms: cpuMsSince(t), crowded: laid.crowded ?? 0, chars: laid.text.replace(/\s/g, '').length };
}

describe('page layout: crossed rows within a linear bound', () => {
  for (const [name, make] of [['staircase', stair], ['overdrawn at two heights', over]] as const) {
    it(`${name}: 4× the runs in < 2 s and < 6× the time of 1×, every run read, the line counted as crowded`, () => {
      timed(make(500));
      // CPU time, the least of three runs each: a collection in one run does not decide.
      const best = (n: number) => [timed(make(n)), timed(make(n)), timed(make(n))].reduce((a, b) => (b.ms < a.ms ? b : a));
      const one = best(4000);
      const four = best(16000);
      expect(four.ms).toBeLessThan(2000);
      expect(four.ms).toBeLessThan(6 * Math.max(one.ms, 30));
      expect(one.chars).toBe(4000);
      expect(four.chars).toBe(16000);
      expect(four.crowded).toBeGreaterThan(0);
    });
  }

  it('a heading with a text box half a line over it is still two rows, not crowded', () => {
    const runs: TextRun[] = [
      { text: '市教育局关于考务工作的通知', x0: 144, x1: 352, y0: 664, y1: 680, size: 16 },
      { text: '秘密★6个月', x0: 76, x1: 172, y0: 657, y1: 673, size: 16 },
    ];
    const laid = layoutLines(runs, geometry);
    expect(laid.crowded).toBeUndefined();
    expect(laid.text.split('\n')[0]).toBe('秘密★6个月');
  });
});
