/**
 * Where a pattern may start: a filter in front of the Aho-Corasick automaton.
 *
 * Walking the automaton costs a chain of dependent memory reads per unit (~8 ns/unit with 10,000
 * terms), while patterns start at well under 1% of the positions of a real document. The filter
 * asks per position questions whose reads do not wait on each other: is the hash of this unit and
 * the next in a bitset of pattern beginnings (32 KiB, stays in cache)? If so, is the pair a whole
 * pattern, or the hash of three units the beginning of a longer one? Only positions that pass are
 * walked in the automaton's trie.
 *
 * Measured and not kept: running the filter inside the normalizer's loop as units are emitted
 * (one pass instead of two) was ~15% slower than the two tight loops; branching first on "may
 * this unit start a pattern" (a table bit) was slower than hashing every pair, because on Chinese
 * text that branch is a coin toss.
 *
 * Keys are units with ASCII letters lower-cased: the automaton folds case, and a filter that folds
 * more than the automaton only lets more positions through.
 */

const PAIR_LOG = 18;
const TRIPLE_LOG = 20;

/** The unit the filter hashes: ASCII letters lower-cased. */
export function filterKey(u: number): number {
  return u - 0x41 >>> 0 < 26 ? u | 0x20 : u;
}

export function pairHash(a: number, b: number): number {
  return (Math.imul(a, 0x9e3779b1) ^ Math.imul(b, 0x85ebca6b)) >>> (32 - PAIR_LOG);
}

export function tripleHash(a: number, b: number, c: number): number {
  return (Math.imul(a, 0x9e3779b1) ^ Math.imul(b, 0x85ebca6b) ^ Math.imul(c, 0xc2b2ae35)) >>> (32 - TRIPLE_LOG);
}

export class StartFilter {
  /** Hashes of the first two keys of every pattern of 2+ units (32 KiB). */
  readonly pairBits = new Int32Array((1 << PAIR_LOG) >> 5);
  /** Hashes of patterns that are exactly two units. */
  readonly pairWholeBits = new Int32Array((1 << PAIR_LOG) >> 5);
  /** Hashes of the first three keys of patterns of 3+ units (128 KiB, read only after a pair passed). */
  readonly tripleBits = new Int32Array((1 << TRIPLE_LOG) >> 5);
  /** Units whose key is a whole one-unit pattern. */
  private readonly single = new Uint8Array(65536);
  /** Whether any pattern is a single unit (rare; then every unit is looked up). */
  private readonly hasSingles: boolean = false;

  constructor(patterns: readonly string[]) {
    const set = (bits: Int32Array, h: number): void => {
      bits[h >> 5] |= 1 << (h & 31);
    };
    for (const p of patterns) {
      if (p.length === 0) continue;
      const a = filterKey(p.charCodeAt(0));
      if (p.length === 1) {
        this.single[a] = 1;
        // An upper-case letter has the key of its lower-case form.
        if (a >= 0x61 && a <= 0x7a) this.single[a - 0x20] = 1;
        this.hasSingles = true;
        continue;
      }
      const b = filterKey(p.charCodeAt(1));
      set(this.pairBits, pairHash(a, b));
      if (p.length === 2) set(this.pairWholeBits, pairHash(a, b));
      else set(this.tripleBits, tripleHash(a, b, filterKey(p.charCodeAt(2))));
    }
  }

  /** Candidate starts in `units[from..to)`, ascending. */
  candidates(units: Uint16Array, from = 0, to = units.length): { starts: Int32Array; count: number } {
    const { pairBits, pairWholeBits, tripleBits } = this;
    let starts: Int32Array = new Int32Array(64);
    let count = 0;
    if (to - from >= 2) {
      // Every pair is hashed: branching on "may this unit start a pattern" is a coin toss on
      // Chinese text, and a mispredicted branch costs more than the hash.
      let a = filterKey(units[from]);
      let b = filterKey(units[from + 1]);
      for (let p = from; p + 2 < to; p++) {
        const c = filterKey(units[p + 2]);
        const h2 = pairHash(a, b);
        if (((pairBits[h2 >> 5] >>> (h2 & 31)) & 1) !== 0) {
          let hit = ((pairWholeBits[h2 >> 5] >>> (h2 & 31)) & 1) !== 0;
          if (!hit) {
            const h3 = tripleHash(a, b, c);
            hit = ((tripleBits[h3 >> 5] >>> (h3 & 31)) & 1) !== 0;
          }
          if (hit) {
            if (count === starts.length) starts = grow(starts);
            starts[count++] = p;
          }
        }
        a = b;
        b = c;
      }
    }
    // The last two positions (only a two-unit pattern fits at the first) and one-unit patterns.
    return this.addShortStarts(units, from, to, starts, count);
  }

  private addShortStarts(units: Uint16Array, from: number, to: number, starts: Int32Array, count: number): { starts: Int32Array; count: number } {
    const tail: number[] = [];
    const p = to - 2;
    if (p >= from) {
      const h2 = pairHash(filterKey(units[p]), filterKey(units[p + 1]));
      if (((this.pairWholeBits[h2 >> 5] >>> (h2 & 31)) & 1) !== 0) tail.push(p);
    }
    let all = Array.from(starts.subarray(0, count)).concat(tail);
    if (this.hasSingles) {
      for (let q = from; q < to; q++) if (this.single[units[q]]) all.push(q);
      all = [...new Set(all)].sort((x, y) => x - y);
    } else if (tail.length === 0) return { starts, count };
    return { starts: Int32Array.from(all), count: all.length };
  }
}

/** Doubles an Int32Array, keeping its contents. */
export function grow(a: Int32Array): Int32Array {
  const b = new Int32Array(a.length * 2);
  b.set(a);
  return b;
}
