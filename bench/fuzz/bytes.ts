/**
 * Byte-level helpers of the fuzz harness: a seeded random generator, byte ranges, and a small ZIP
 * reader/writer that keeps every entry's compressed bytes untouched while it changes the archive
 * around them (extra or duplicate entries, wrong counts). The product's own ZIP reader is the thing
 * under test, so the harness does not use it.
 */
import { deflateRawSync } from 'node:zlib';

/** mulberry32: tiny, fast, and the same sequence on every platform for the same seed. */
export class Rng {
  private s: number;
  constructor(seed: number) {
    this.s = seed >>> 0;
  }
  next(): number {
    let t = (this.s = (this.s + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  /** Integer in [lo, hi). */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * Math.max(0, hi - lo));
  }
  pick<T>(xs: readonly T[]): T {
    return xs[this.int(0, xs.length)];
  }
  bytes(n: number): Uint8Array {
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) out[i] = this.int(0, 256);
    return out;
  }
}

/** A seed for input `i` of a run with seed `s` (so one input reproduces without replaying the run). */
export function inputSeed(s: number, i: number): number {
  let h = Math.imul(s ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(i + 1, 0xc2b2ae35);
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d);
  h ^= h >>> 15;
  return h >>> 0;
}

/** Half-open byte range [start, end) of an original file. */
export type Range = [number, number];

/** Whether a change at `r` (an insertion when start === end) may touch bytes in `regions`. */
export function touches(r: Range, regions: Range[]): boolean {
  return regions.some(([a, b]) => (r[0] === r[1] ? r[0] > a && r[0] < b : r[0] < b && r[1] > a));
}

/** A position in [0, len] where an insertion or cut leaves every region whole, or undefined. */
export function pointOutside(rng: Rng, len: number, regions: Range[], from = 0): number | undefined {
  for (let tries = 0; tries < 64; tries++) {
    const p = rng.int(from, len + 1);
    if (!touches([p, p], regions)) return p;
  }
  return undefined;
}

export function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

export function indexOfBytes(hay: Uint8Array, needle: Uint8Array, from = 0): number {
  if (needle.length === 0) return -1;
  return Buffer.from(hay.buffer, hay.byteOffset, hay.byteLength).indexOf(Buffer.from(needle.buffer, needle.byteOffset, needle.byteLength), from);
}

import { crc32 } from '@prepub/core';
export { crc32 };

/** One entry as stored: the raw compressed bytes are kept exactly. */
export interface RawEntry {
  name: string;
  method: number;
  crc: number;
  size: number;
  /** Compressed bytes exactly as in the archive. */
  data: Uint8Array;
  /** Where the local header starts and the compressed data ends in the original archive. */
  range: Range;
}

const u16 = (b: Uint8Array, o: number) => b[o] | (b[o + 1] << 8);
const u32 = (b: Uint8Array, o: number) => (b[o] | (b[o + 1] << 8) | (b[o + 2] << 16)) + b[o + 3] * 0x1000000;

/** Entries of a well-formed archive, in central-directory order; undefined for anything else. */
export function readZip(b: Uint8Array): RawEntry[] | undefined {
  let eocd = -1;
  for (let i = b.length - 22; i >= Math.max(0, b.length - 65_557); i--) {
    if (u32(b, i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return undefined;
  const count = u16(b, eocd + 10);
  let p = u32(b, eocd + 16);
  const out: RawEntry[] = [];
  for (let k = 0; k < count; k++) {
    if (p + 46 > b.length || u32(b, p) !== 0x02014b50) return undefined;
    const method = u16(b, p + 10);
    const crc = u32(b, p + 16);
    const csize = u32(b, p + 20);
    const size = u32(b, p + 24);
    const nlen = u16(b, p + 28);
    const xlen = u16(b, p + 30);
    const clen = u16(b, p + 32);
    const local = u32(b, p + 42);
    const name = Buffer.from(b.subarray(p + 46, p + 46 + nlen)).toString('utf8');
    if (local + 30 > b.length || u32(b, local) !== 0x04034b50) return undefined;
    const dataStart = local + 30 + u16(b, local + 26) + u16(b, local + 28);
    if (dataStart + csize > b.length) return undefined;
    out.push({ name, method, crc, size, data: b.slice(dataStart, dataStart + csize), range: [local, dataStart + csize] });
    p += 46 + nlen + xlen + clen;
  }
  return out;
}

/** An entry for {@link writeZip}: either raw (kept bytes) or new content deflated here. */
export function newEntry(name: string, content: Uint8Array | string): RawEntry {
  const raw = typeof content === 'string' ? new TextEncoder().encode(content) : content;
  return { name, method: 8, crc: crc32(raw), size: raw.length, data: new Uint8Array(deflateRawSync(raw)), range: [0, 0] };
}

/**
 * Writes an archive of `entries` in order (names may repeat). `declaredCount` overrides the entry
 * count written in the end record, which readers may trust instead of walking the directory.
 */
export function writeZip(entries: RawEntry[], declaredCount?: number): Uint8Array {
  const locals: Uint8Array[] = [];
  const centrals: Uint8Array[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name, 'utf8');
    const lh = Buffer.alloc(30);
    lh.writeUInt32LE(0x04034b50, 0);
    lh.writeUInt16LE(20, 4);
    lh.writeUInt16LE(0x800, 6);
    lh.writeUInt16LE(e.method, 8);
    lh.writeUInt32LE(0x00210000, 10); // 1980-01-01 00:00, fixed so runs are byte-identical
    lh.writeUInt32LE(e.crc, 14);
    lh.writeUInt32LE(e.data.length, 18);
    lh.writeUInt32LE(e.size, 22);
    lh.writeUInt16LE(name.length, 26);
    lh.writeUInt16LE(0, 28);
    const ch = Buffer.alloc(46);
    ch.writeUInt32LE(0x02014b50, 0);
    ch.writeUInt16LE(20, 4);
    ch.writeUInt16LE(20, 6);
    ch.writeUInt16LE(0x800, 8);
    ch.writeUInt16LE(e.method, 10);
    ch.writeUInt32LE(0x00210000, 12);
    ch.writeUInt32LE(e.crc, 16);
    ch.writeUInt32LE(e.data.length, 20);
    ch.writeUInt32LE(e.size, 24);
    ch.writeUInt16LE(name.length, 28);
    ch.writeUInt32LE(offset, 42);
    locals.push(lh, name, e.data);
    centrals.push(ch, name);
    offset += 30 + name.length + e.data.length;
  }
  const cd = concat(...centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  const n = declaredCount ?? entries.length;
  end.writeUInt16LE(n & 0xffff, 8);
  end.writeUInt16LE(n & 0xffff, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return concat(...locals, cd, end);
}
