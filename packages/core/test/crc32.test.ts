import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { crc32Register, crc32 } from '@prepub/core';
import { crc32 as zlibCrc32 } from 'node:zlib';

describe('crc32', () => {
  it('is the standard CRC-32 (check value of "123456789") and continues over pieces', () => {
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.nat(300), (data, cut) => {
        const k = Math.min(cut, data.length);
        if (zlibCrc32) expect(crc32(data)).toBe(zlibCrc32(data) >>> 0);
        expect((crc32Register(data.subarray(k), crc32Register(data.subarray(0, k), 0xffffffff)) ^ 0xffffffff) >>> 0).toBe(crc32(data));
      }),
    );
  });
});
