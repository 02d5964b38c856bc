/**
 * isXbm looks past a head of C comments in time linear in the head: its pattern, with
 * `(\/\*[\s\S]*?\*\/\s*)*`, split n comments 2^n ways (26 pieces of `/**\/` in 109 bytes: 0.13 s,
 * each two more tripling it).
 */
import { describe, expect, it } from 'vitest';
import { isXbm } from '../src/netpbm.ts';
import { perCall } from '../../../tests/cpu-time.ts';

const bytes = (s: string) => new TextEncoder().encode(s);

describe('isXbm', () => {
  it('reads X bitmaps after comments', () => {
    expect(isXbm(bytes('/* made by hand */\n#define dot_width 8\n#define dot_height 8\nstatic char dot_bits[] = {0};'))).toBe(true);
    expect(isXbm(bytes('int x; /* */ #define a_width 8'))).toBe(false);
  });

  it('a head of many comments: 8 times the comments, not 20 times the time', () => {
    const head = (k: number) => bytes(`/**/${'/**/'.repeat(k)}x`);
    const one = head(3);
    const eight = head(24);
    expect(isXbm(eight)).toBe(false);
    expect(perCall(() => isXbm(eight)) / perCall(() => isXbm(one))).toBeLessThan(20);
  });
});
