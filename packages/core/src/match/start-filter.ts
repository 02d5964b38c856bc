/**
 * Where a pattern may start: a filter in front of the Aho-Corasick automaton.
 *
 * Walking the automaton costs a chain of dependent memory reads per unit (~8 ns/unit with 10,000
 * terms), while patterns start at well under 1% of the positions of a real document. The filter
 * asks per position a question whose reads do not wait on each other: is the hash of this unit and
 * the next (read as one 32-bit word where the text is aligned, so one multiply per position) in a
 * bitset of pattern beginnings (128 KiB)? Only for the few that pass: is the pair a
 * whole pattern, or the hash of three units the beginning of a longer one? Only positions that
 * pass both are walked in the automaton's trie.
 *
 * ASCII case: the automaton folds it, so the pair and triple bitsets hold every case variant of a
 * pattern's first two and three units (no per-unit folding in the loop).
 *
 * Measured and not kept: running the filter inside the normalizer's loop as units are emitted
 * (one pass instead of two) was ~15% slower than two tight loops; branching first on "may this
 * unit start a pattern" was slower than hashing every pair (a coin-toss branch on Chinese text);
 * hashing folded unit pairs with two multiplies took twice as long as the 32-bit word hash.
 */
import { unitIndexOf } from '../unit-index.ts';

const PAIR_LOG = 20;
const TRIPLE_LOG = 20;

/** The unit the triple hash folds: ASCII letters lower-cased. */
export function filterKey(u: number): number {
  return u - 0x41 >>> 0 < 26 ? u | 0x20 : u;
}

/** Hash of the pair (a, b) given as one word `a | b << 16`. */
export function pairHash32(word: number): number {
  return Math.imul(word, 0x9e3779b1) >>> (32 - PAIR_LOG);
}

/**
 * Hash of the triple (a, b, c) from `Math.imul(a | b << 16, 0x9e3779b1)`, the product the pair
 * hash shifts: one more multiply per position, not three.
 */
export function tripleHashOf(pairProduct: number, c: number): number {
  return (pairProduct ^ Math.imul(c, 0x85ebca6b)) >>> (32 - TRIPLE_LOG);
}

/** A unit and, for an ASCII letter, its other case. */
function caseVariants(u: number): number[] {
  const k = filterKey(u);
  return k >= 0x61 && k <= 0x7a ? [k, k - 0x20] : [u];
}

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

export class StartFilter {
  /** Hashes of the first two units of every pattern of 2+ units, every case variant (128 KiB: fewer collisions than 32 KiB, measured faster overall). */
  readonly pairBits = new Int32Array((1 << PAIR_LOG) >> 5);
  /** The same for patterns that are exactly two units. */
  readonly pairWholeBits = new Int32Array((1 << PAIR_LOG) >> 5);
  /** Hashes of the first three units of patterns of 3+ units, every case variant (128 KiB, read only after a pair passed). */
  readonly tripleBits = new Int32Array((1 << TRIPLE_LOG) >> 5);
  /** Units that are a whole one-unit pattern (either case of an ASCII letter). */
  private readonly singleUnits: number[] = [];

  constructor(patterns: readonly string[]) {
    const set = (bits: Int32Array, h: number): void => {
      bits[h >> 5] |= 1 << (h & 31);
    };
    for (const p of patterns) {
      if (p.length === 0) continue;
      const a = p.charCodeAt(0);
      if (p.length === 1) {
        for (const v of caseVariants(a)) if (!this.singleUnits.includes(v)) this.singleUnits.push(v);
        continue;
      }
      const b = p.charCodeAt(1);
      for (const va of caseVariants(a)) {
        for (const vb of caseVariants(b)) {
          const h = pairHash32(va | (vb << 16));
          set(this.pairBits, h);
          if (p.length === 2) set(this.pairWholeBits, h);
        }
      }
      if (p.length > 2) {
        for (const va of caseVariants(a)) {
          for (const vb of caseVariants(b)) {
            const product = Math.imul(va | (vb << 16), 0x9e3779b1);
            for (const vc of caseVariants(p.charCodeAt(2))) set(this.tripleBits, tripleHashOf(product, vc));
          }
        }
      }
    }
  }

  /** Candidate starts in `units[from..to)`, ascending. */
  candidates(units: Uint16Array, from = 0, to = units.length): { starts: Int32Array; count: number } {
    // Room for a start every 16 units: regulation text full of level words needs no regrowth.
    const found: Found = { starts: new Int32Array(Math.max(64, (to - from) >> 4)), count: 0 };
    // One one-unit pattern (秘, the Japanese stamp) is tested in the loops themselves: a compare
    // with the units already read, instead of a separate search of the text and a merge.
    const single = this.singleUnits.length === 1 ? this.singleUnits[0] : -1;
    let p = from;
    if (to - from >= 2) {
      // The word loop needs 4-byte alignment: one position by itself first if the text is not.
      if (((units.byteOffset >> 1) + p) & 1) this.test(units, p++, to, found, single);
      const words = LITTLE_ENDIAN ? Math.max(0, (to - p) >> 1) : 0;
      if (words >= 2) {
        const view = new Uint32Array(units.buffer, units.byteOffset + p * 2, words);
        this.wordLoop(view, p, found, single);
        p += 2 * (words - 1);
      }
    }
    // The last positions (and any the word loop did not cover) one by one.
    for (; p < to - 1; p++) this.test(units, p, to, found, single);
    // The very last position starts no pair, only a one-unit pattern.
    if (p < to && units[p] === single) push(found, p);
    return this.singleUnits.length > 1 ? this.withSingles(units, from, to, found) : found;
  }

  /**
   * Adds the positions of one-unit patterns. Each such unit is looked for with {@link unitIndexOf}
   * (a byte search at memchr speed, faster again than the typed array's own indexOf), and the
   * sorted lists are merged, so starts stay ascending and distinct.
   */
  private withSingles(units: Uint16Array, from: number, to: number, found: Found): Found {
    const lists: Int32Array[] = [found.starts.subarray(0, found.count)];
    for (const u of this.singleUnits) {
      const at: Found = { starts: new Int32Array(16), count: 0 };
      for (let i = unitIndexOf(units, u, from); i >= 0 && i < to; i = unitIndexOf(units, u, i + 1)) push(at, i);
      if (at.count) lists.push(at.starts.subarray(0, at.count));
    }
    if (lists.length === 1) return found;
    const out: Found = { starts: new Int32Array(lists.reduce((n, l) => n + l.length, 0)), count: 0 };
    const pos = new Int32Array(lists.length);
    for (;;) {
      let min = -1;
      for (let k = 0; k < lists.length; k++) if (pos[k] < lists[k].length && (min < 0 || lists[k][pos[k]] < min)) min = lists[k][pos[k]];
      if (min < 0) return out;
      out.starts[out.count++] = min;
      for (let k = 0; k < lists.length; k++) if (pos[k] < lists[k].length && lists[k][pos[k]] === min) pos[k]++;
    }
  }

  /**
   * Positions `p0 + 0 .. p0 + 2 * (words.length - 1) - 1`, two per word. `single`: a one-unit
   * pattern (-1 none), recorded where no longer pattern starts.
   *
   * Where a pair passes (a tenth of the positions of regulation text: 保密, 涉密 begin patterns),
   * both positions' whole-pair and triple tests are made inline, without branches, from the
   * products already computed: a call and a per-unit case fold there cost ~1 ns per unit.
   */
  private wordLoop(words: Uint32Array, p0: number, found: Found, single: number): void {
    const pairBits = this.pairBits;
    const wholeBits = this.pairWholeBits;
    const tripleBits = this.tripleBits;
    let starts = found.starts;
    let count = found.count;
    let w = words[0];
    for (let k = 1; k < words.length; k++) {
      const next = words[k];
      const m1 = Math.imul(w, 0x9e3779b1);
      const m2 = Math.imul((w >>> 16) | (next << 16), 0x9e3779b1);
      const h1 = m1 >>> (32 - PAIR_LOG);
      const h2 = m2 >>> (32 - PAIR_LOG);
      const a = w & 0xffff;
      const b = w >>> 16;
      if ((((pairBits[h1 >> 5] >>> (h1 & 31)) | ((pairBits[h2 >> 5] >>> (h2 & 31)) << 1)) & 3) !== 0 || a === single || b === single) {
        // The third unit of position p is the next word's low half, of p + 1 its high half (in range: see candidates).
        const t1 = tripleHashOf(m1, next & 0xffff);
        const t2 = tripleHashOf(m2, next >>> 16);
        const c1 = (pairBits[h1 >> 5] >>> (h1 & 31)) & ((wholeBits[h1 >> 5] >>> (h1 & 31)) | (tripleBits[t1 >> 5] >>> (t1 & 31))) & 1;
        const c2 = (pairBits[h2 >> 5] >>> (h2 & 31)) & ((wholeBits[h2 >> 5] >>> (h2 & 31)) | (tripleBits[t2 >> 5] >>> (t2 & 31))) & 1;
        const p = p0 + 2 * (k - 1);
        // Room for two more, kept in locals: a property load and store per push cost more here.
        if (count + 2 > starts.length) starts = grow(starts);
        if (c1 !== 0 || a === single) starts[count++] = p;
        if (c2 !== 0 || b === single) starts[count++] = p + 1;
      }
      w = next;
    }
    found.starts = starts;
    found.count = count;
  }

  /** The pair test at one position (`p + 1 < to`), and the one-unit pattern `single` there. */
  private test(units: Uint16Array, p: number, to: number, found: Found, single: number): void {
    const m = Math.imul(units[p] | (units[p + 1] << 16), 0x9e3779b1);
    const h = m >>> (32 - PAIR_LOG);
    if (((this.pairBits[h >> 5] >>> (h & 31)) & 1) !== 0) {
      let hit = ((this.pairWholeBits[h >> 5] >>> (h & 31)) & 1) !== 0;
      if (!hit && p + 2 < to) {
        const t = tripleHashOf(m, units[p + 2]);
        hit = ((this.tripleBits[t >> 5] >>> (t & 31)) & 1) !== 0;
      }
      if (hit) return push(found, p);
    }
    if (units[p] === single) push(found, p);
  }
}

function push(found: Found, p: number): void {
  if (found.count === found.starts.length) found.starts = grow(found.starts);
  found.starts[found.count++] = p;
}

interface Found {
  starts: Int32Array;
  count: number;
}

/** Doubles an Int32Array, keeping its contents. */
export function grow(a: Int32Array): Int32Array {
  const b = new Int32Array(a.length * 2);
  b.set(a);
  return b;
}
