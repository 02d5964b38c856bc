/**
 * Normalization with an exact offset map. The normalized text is what detectors read; `map[i]` is
 * the index in the original text of the unit that produced normalized unit `i`, so every finding
 * maps back to the original without searching. Units are only dropped or folded one-to-one, never
 * expanded, so `map` is strictly increasing and a normalized span `[s, e)` covers the original span
 * `[map[s], map[e - 1] + 1)`.
 *
 * What it does, in one pass:
 *  - folds each unit through {@link foldTable} (width, traditional → simplified, stars, zero-width);
 *  - drops separator runs (spaces, `-`, `_`, `·`, `.`) standing between CJK characters, ★ and
 *    digits (`国-家-机-密`, `机 密 ★ 3 年`, `机密★5 年`), but keeps them between Latin letters or
 *    between digits (`TOP SECRET`, `010-12345678`);
 *  - turns `\r\n` and lone `\r` into `\n` so lines are lines.
 */
import { DROP, STAR, foldTable } from './fold-table.ts';

export interface NormalizedText {
  /** The text detectors read. */
  text: string;
  /** `map[i]` = original index of normalized unit `i`; `map[text.length]` = original length. */
  map: Int32Array;
  /** The original text. */
  original: string;
  /** The normalized text as UTF-16 units: matchers read this instead of the string (no string access per unit). */
  units: Uint16Array;
}

// Unit classes for separator collapsing.
const CLASS_OTHER = 0;
const CLASS_TIGHT = 1; // CJK ideographs and ★: words run without spaces
const CLASS_DIGIT = 2;
const CLASS_SEP = 3;

let classTable: Uint8Array | undefined;

function unitClasses(): Uint8Array {
  if (classTable) return classTable;
  const c = new Uint8Array(65536);
  for (let u = 0x30; u <= 0x39; u++) c[u] = CLASS_DIGIT;
  for (let u = 0x3400; u <= 0x4dbf; u++) c[u] = CLASS_TIGHT;
  for (let u = 0x4e00; u <= 0x9fff; u++) c[u] = CLASS_TIGHT;
  for (let u = 0xf900; u <= 0xfaff; u++) c[u] = CLASS_TIGHT;
  c[STAR] = CLASS_TIGHT;
  for (const s of [0x20, 0x09, 0x2d, 0x5f, 0xb7, 0x2e, 0x2022, 0x2027, 0x30fb, 0x2010, 0x2011, 0x2012, 0x2013, 0x2014, 0x2015, 0xff0d, 0x0b, 0x0c]) c[s] = CLASS_SEP;
  classTable = c;
  return c;
}

/** Classes of folded units; exported for detectors that need the same notion of "tight". */
export function isTight(unit: number): boolean {
  return unitClasses()[unit] === CLASS_TIGHT;
}

// What a raw unit is, after folding, in one lookup: the hot loop needs nothing else for most units.
const RAW_OTHER = CLASS_OTHER;
const RAW_TIGHT = CLASS_TIGHT;
const RAW_DIGIT = CLASS_DIGIT;
const RAW_SEP = CLASS_SEP;
const RAW_DROP = 4;
const RAW_CR = 5;

let foldKinds: Int32Array | undefined;
/** Table entries from here up are separators, CR or dropped units: the normalizer's slow path. */
const SLOW_ENTRY = RAW_SEP << 16;

/**
 * One entry per raw unit: the folded unit in the low 16 bits, its kind above. One lookup (not one
 * in the fold table and one in a class table) per unit in the hot loop.
 */
function foldKindTable(): Int32Array {
  if (foldKinds) return foldKinds;
  const fold = foldTable();
  const cls = unitClasses();
  const k = new Int32Array(65536);
  for (let raw = 0; raw < 65536; raw++) {
    const u = fold[raw];
    const kind = u === DROP ? RAW_DROP : u === 0x0d ? RAW_CR : cls[u];
    k[raw] = (kind << 16) | u;
  }
  foldKinds = k;
  return k;
}

/**
 * Reusable output memory for {@link normalize}. Writing a document's normalized units and offset
 * map into memory that was written before (and is still in cache) is measurably faster than into
 * fresh buffers (~1 ms per MB of text here). What `normalize` returns from an arena stays valid
 * until the arena's next `reset()`: the engine resets it at the start of each analysis, and
 * nothing it hands out (findings) refers to that memory.
 */
export class NormalizeArena {
  private units = new Uint16Array(0);
  private map = new Int32Array(0);
  private used = 0;
  /**
   * Buffers larger than this (in units) are not kept between documents: 4 Mi units hold a ~12 MB
   * Chinese text and keep at most ~32 MB per engine alive.
   */
  constructor(private readonly keepAtMost = 4 * 1024 * 1024) {}
  /** Makes all the memory reusable; earlier results must no longer be used. */
  reset(): void {
    this.used = 0;
    if (this.units.length > this.keepAtMost) {
      this.units = new Uint16Array(0);
      this.map = new Int32Array(0);
    }
    if (this.scratchUnits.length > this.keepAtMost) this.scratchUnits = new Uint16Array(0);
  }
  private scratchUnits = new Uint16Array(0);
  /** Temporary room for `n` units, overwritten by the next call. */
  scratch(n: number): Uint16Array {
    if (this.scratchUnits.length < n) this.scratchUnits = new Uint16Array(Math.max(n, this.scratchUnits.length * 2));
    return this.scratchUnits.subarray(0, n);
  }
  /** Room for `n` units and `n + 1` map entries. Earlier results keep their memory when it grows. */
  take(n: number): { out: Uint16Array; map: Int32Array } {
    if (this.used + n + 1 > this.units.length) {
      const size = Math.max(n + 1, this.units.length * 2, 4096);
      this.units = new Uint16Array(size);
      this.map = new Int32Array(size);
      this.used = 0;
    }
    const from = this.used;
    this.used += n + 1;
    return { out: this.units.subarray(from, from + n), map: this.map.subarray(from, from + n + 1) };
  }
}

/**
 * Normalizes `original`. No per-character allocation, and one table lookup decides what to do
 * with most units.
 *
 * @param originalUnits `original` as UTF-16 units, when the caller has them (reading a typed array
 *   is cheaper than charCodeAt, ~0.7 ms/MB); ignored unless exactly the string's length
 * @param arena reusable output memory (see {@link NormalizeArena}); fresh arrays without one
 */
export function normalize(original: string, originalUnits?: Uint16Array, arena?: NormalizeArena): NormalizedText {
  const src = originalUnits && originalUnits.length === original.length ? originalUnits : stringUnits(original, arena);
  return normalizeUnits(original, src, arena);
}

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** The units of a string, copied once into a typed array (the arena's scratch memory if given). */
function stringUnits(s: string, arena?: NormalizeArena): Uint16Array {
  const n = s.length;
  const u = arena ? arena.scratch(n) : new Uint16Array(n);
  // Node's own UTF-16 write (native, lone surrogates kept as they are) is several times faster than a charCodeAt loop.
  if (LITTLE_ENDIAN && n > 0) Buffer.from(u.buffer, u.byteOffset, n * 2).write(s, 0, 'utf16le');
  else for (let i = 0; i < n; i++) u[i] = s.charCodeAt(i);
  return u;
}

function normalizeUnits(original: string, src: Uint16Array, arena: NormalizeArena | undefined): NormalizedText {
  const table = foldKindTable();
  const n = src.length;
  const { out, map } = arena ? arena.take(n) : { out: new Uint16Array(n), map: new Int32Array(n + 1) };
  let o = 0;
  // Class of the last emitted non-separator unit (separator runs are judged as a whole).
  let prevClass = CLASS_OTHER;
  let i = 0;
  while (i < n) {
    // The common case in a tight loop of its own: units that fold one to one and are neither
    // separators, CR nor dropped (kind < RAW_SEP). Twice as fast as one loop with every case in
    // it. The store keeps the low 16 bits: the folded unit.
    const fastFrom = o;
    for (; i < n; i++) {
      const e = table[src[i]];
      if (e >= SLOW_ENTRY) break;
      out[o] = e;
      map[o++] = i;
    }
    if (o > fastFrom) prevClass = table[src[map[o - 1]]] >>> 16;
    if (i >= n) break;
    const e = table[src[i]];
    const k = e >>> 16;
    if (k === RAW_DROP) {
      i++;
      continue;
    }
    if (k === RAW_CR) {
      // \r\n → \n (keep the \n's index); lone \r → \n.
      if (i + 1 < n && src[i + 1] === 0x0a) {
        i++;
        continue;
      }
      out[o] = 0x0a;
      map[o++] = i++;
      prevClass = CLASS_OTHER;
      continue;
    }
    // A separator. Between CJK characters, ★ and digits the whole run goes.
    if (prevClass === CLASS_TIGHT || prevClass === CLASS_DIGIT) {
      let j = i + 1;
      let nextKind = RAW_OTHER;
      while (j < n) {
        nextKind = table[src[j]] >>> 16;
        if (nextKind !== RAW_DROP && nextKind !== RAW_SEP) break;
        j++;
      }
      if (j >= n || nextKind === RAW_CR) nextKind = RAW_OTHER;
      const collapse =
        (prevClass === CLASS_TIGHT && (nextKind === RAW_TIGHT || nextKind === RAW_DIGIT)) ||
        (prevClass === CLASS_DIGIT && nextKind === RAW_TIGHT);
      if (collapse && j - i <= 8) {
        i = j;
        continue;
      }
      for (; i < j; i++) {
        const r = table[src[i]];
        if (r >>> 16 === RAW_DROP) continue;
        out[o] = r & 0xffff;
        map[o++] = i;
      }
      prevClass = CLASS_OTHER;
      continue;
    }
    out[o] = e & 0xffff;
    map[o++] = i++;
    prevClass = CLASS_OTHER;
  }
  map[o] = n;
  const text = o === 0 ? '' : Buffer.from(out.buffer, out.byteOffset, o * 2).toString('utf16le');
  // Views, not copies: the arrays may be longer than needed; lengths are those of the text.
  return { text, map: o === n ? map : map.subarray(0, o + 1), original, units: out.subarray(0, o) };
}

/** Maps a normalized span to the original span it covers. */
export function toOriginalSpan(norm: NormalizedText, start: number, end: number): { start: number; end: number } {
  if (end <= start) {
    const at = norm.map[Math.min(start, norm.text.length)];
    return { start: at, end: at };
  }
  return { start: norm.map[start], end: norm.map[end - 1] + 1 };
}

/** Folds a short string the way {@link normalize} does (dictionary terms, allowlist entries). */
export function normalizeTerm(term: string): string {
  return normalize(term).text;
}
