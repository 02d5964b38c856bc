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
 * ASCII case: the automaton folds it, so the pair bitset holds every case variant of a pattern's
 * first two units (no per-unit folding in the loop), and the triple test folds its three units.
 *
 * Measured and not kept: running the filter inside the normalizer's loop as units are emitted
 * (one pass instead of two) was ~15% slower than two tight loops; branching first on "may this
 * unit start a pattern" was slower than hashing every pair (a coin-toss branch on Chinese text);
 * hashing folded unit pairs with two multiplies took twice as long as the 32-bit word hash.
 */

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

export function tripleHash(a: number, b: number, c: number): number {
  return (Math.imul(a, 0x9e3779b1) ^ Math.imul(b, 0x85ebca6b) ^ Math.imul(c, 0xc2b2ae35)) >>> (32 - TRIPLE_LOG);
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
  /** Hashes of the first three (case-folded) units of patterns of 3+ units (128 KiB, read only after a pair passed). */
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
      if (p.length > 2) set(this.tripleBits, tripleHash(filterKey(a), filterKey(b), filterKey(p.charCodeAt(2))));
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
        this.wordLoop(view, units, p, to, found, single);
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
   * Adds the positions of one-unit patterns. Each such unit is looked for with the typed array's
   * own `indexOf` (native code, several times faster than a test per unit in the loop), and the
   * sorted lists are merged, so starts stay ascending and distinct.
   */
  private withSingles(units: Uint16Array, from: number, to: number, found: Found): Found {
    const lists: Int32Array[] = [found.starts.subarray(0, found.count)];
    for (const u of this.singleUnits) {
      const at: Found = { starts: new Int32Array(16), count: 0 };
      for (let i = units.indexOf(u, from); i >= 0 && i < to; i = units.indexOf(u, i + 1)) push(at, i);
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
   */
  private wordLoop(words: Uint32Array, units: Uint16Array, p0: number, to: number, found: Found, single: number): void {
    const pairBits = this.pairBits;
    let w = words[0];
    for (let k = 1; k < words.length; k++) {
      const next = words[k];
      const h1 = pairHash32(w);
      const h2 = pairHash32((w >>> 16) | (next << 16));
      const a = w & 0xffff;
      const b = w >>> 16;
      if ((((pairBits[h1 >> 5] >>> (h1 & 31)) | ((pairBits[h2 >> 5] >>> (h2 & 31)) << 1)) & 3) !== 0 || a === single || b === single) {
        const p = p0 + 2 * (k - 1);
        if (!(((pairBits[h1 >> 5] >>> (h1 & 31)) & 1) !== 0 && this.confirm(units, p, to, h1, found)) && a === single) push(found, p);
        if (!(((pairBits[h2 >> 5] >>> (h2 & 31)) & 1) !== 0 && this.confirm(units, p + 1, to, h2, found)) && b === single) push(found, p + 1);
      }
      w = next;
    }
  }

  /** The pair test at one position (`p + 1 < to`), and the one-unit pattern `single` there. */
  private test(units: Uint16Array, p: number, to: number, found: Found, single: number): void {
    const h = pairHash32(units[p] | (units[p + 1] << 16));
    if (((this.pairBits[h >> 5] >>> (h & 31)) & 1) !== 0 && this.confirm(units, p, to, h, found)) return;
    if (units[p] === single) push(found, p);
  }

  /** A pair passed at `p`: a whole two-unit pattern, or a three-unit beginning? Records `p` and says so. */
  private confirm(units: Uint16Array, p: number, to: number, h: number, found: Found): boolean {
    let hit = ((this.pairWholeBits[h >> 5] >>> (h & 31)) & 1) !== 0;
    if (!hit && p + 2 < to) {
      const h3 = tripleHash(filterKey(units[p]), filterKey(units[p + 1]), filterKey(units[p + 2]));
      hit = ((this.tripleBits[h3 >> 5] >>> (h3 & 31)) & 1) !== 0;
    }
    if (hit) push(found, p);
    return hit;
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
