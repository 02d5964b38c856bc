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
 * Normalizes `original`. Allocation is two typed arrays of the input's length; no per-character
 * allocation, and one table lookup decides what to do with most units.
 */
export function normalize(original: string, originalUnits?: Uint16Array): NormalizedText {
  // Reading a typed array is cheaper than charCodeAt on the string (~0.7 ms/MB of Chinese text);
  // the units must be exactly the string's.
  const src = originalUnits && originalUnits.length === original.length ? originalUnits : stringUnits(original);
  return normalizeUnits(original, src);
}

/** The units of a string, copied once into a typed array. */
function stringUnits(s: string): Uint16Array {
  const n = s.length;
  const u = new Uint16Array(n);
  for (let i = 0; i < n; i++) u[i] = s.charCodeAt(i);
  return u;
}

function normalizeUnits(original: string, src: Uint16Array): NormalizedText {
  const table = foldKindTable();
  const n = src.length;
  const out = new Uint16Array(n);
  const map = new Int32Array(n + 1);
  let o = 0;
  // Class of the last emitted non-separator unit (separator runs are judged as a whole).
  let prevClass = CLASS_OTHER;
  let i = 0;
  while (i < n) {
    const e = table[src[i]];
    const k = e >>> 16;
    if (k < RAW_SEP) {
      out[o] = e & 0xffff;
      map[o++] = i++;
      prevClass = k;
      continue;
    }
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
  const text = o === 0 ? '' : Buffer.from(out.buffer, 0, o * 2).toString('utf16le');
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
