import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { UnitArena } from '@prepub/core';

describe('UnitArena', () => {
  it('hands out regions that never overlap until reset, growth included', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 9000 }), { minLength: 1, maxLength: 30 }), (sizes) => {
        const arena = new UnitArena();
        const views = sizes.map((n, k) => {
          const v = arena.take(n);
          expect(v.length).toBe(n);
          v.fill(k + 1);
          return v;
        });
        // Every region still holds what was written into it: nothing later wrote over it.
        views.forEach((v, k) => expect(v.every((u) => u === k + 1)).toBe(true));
      }),
      { numRuns: 200 },
    );
  });

  it('reuses its memory after reset', () => {
    const arena = new UnitArena();
    const first = arena.take(5000);
    arena.reset();
    expect(arena.take(5000).buffer).toBe(first.buffer);
  });

  it('gives back the unused tail of the last region only', () => {
    const arena = new UnitArena();
    const a = arena.take(100);
    arena.giveBack(a, 10);
    const b = arena.take(20);
    // b starts right after the 10 units kept of a.
    expect(b.buffer).toBe(a.buffer);
    expect(b.byteOffset).toBe(a.byteOffset + 20);
    // Not the last region any more: giving back a's tail again changes nothing.
    arena.giveBack(a, 0);
    const c = arena.take(1);
    expect(c.byteOffset).toBe(b.byteOffset + 40);
  });

  it('drops buffers over its limit at reset', () => {
    const arena = new UnitArena(8192);
    const big = arena.take(10_000);
    arena.reset();
    expect(arena.take(10).buffer).not.toBe(big.buffer);
    const small = arena.take(100);
    arena.reset();
    expect(arena.take(100).buffer).toBe(small.buffer);
  });

  it('replaces a buffer that was transferred to another thread', () => {
    const arena = new UnitArena();
    const v = arena.take(4096);
    structuredClone(v.buffer, { transfer: [v.buffer] });
    arena.reset();
    const w = arena.take(100);
    w.fill(7);
    expect(w.length).toBe(100);
    expect(w[99]).toBe(7);
  });
});
