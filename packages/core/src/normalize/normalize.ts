/**
 * Normalization with an exact offset map. The normalized text is what detectors read; `map[i]` is
 * the index in the original text of the unit that produced normalized unit `i`, so every finding
 * maps back to the original without searching. Units are dropped, folded one-to-one or composed
 * (a surrogate pair or a run of conjoining Hangul jamo into one unit), never expanded, so `map` is
 * strictly increasing and a normalized span `[s, e)` covers the original span
 * `[map[s], map[e - 1] + w)`, `w` the width of the last unit's source ({@link originalWidth}: 1
 * but where units were composed). Between two dropped units the map only counts up, so it is kept as
 * runs (where a run starts, and its `map[i] - i`); the per-unit array is built only when read.
 *
 * What it does, in one pass:
 *  - folds each unit through {@link foldTable} (width, traditional → simplified, stars, zero-width);
 *  - folds a surrogate pair NFKC draws as one BMP character to that unit ({@link astralFolds}:
 *    `𝐓𝐎𝐏 𝐒𝐄𝐂𝐑𝐄𝐓` → `TOP SECRET`, `𝟓` → `5`), and composes decomposed Hangul (conjoining jamo
 *    L V [T], and an LV syllable + T) to its syllable as NFC does (`비밀` written in five jamo);
 *  - drops separator runs (spaces, `-`, `_`, `·`, `.`) standing between CJK characters, Bopomofo, ★
 *    and digits (`国-家-机-密`, `机 密 ★ 3 年`, `机密★5 年`), with the combining marks drawn on
 *    them (`机 ́密`), but keeps them between Latin letters or between digits (`TOP SECRET`,
 *    `010-12345678`);
 *  - drops combining marks drawn on an ideograph, ★, a digit, a Latin letter, a blank or punctuation
 *    (`秘́密`, `5̸年`, `SE\u0301CRET`, `J ̸u`, `/̶`);
 *  - turns `\r\n` and lone `\r` into `\n` so lines are lines.
 */
import { DROP, STAR, astralFolds, foldTable } from './fold-table.ts';
import { MARK_RANGES } from './fold-data.generated.ts';
import { sliceUnits } from '../part-text.ts';
import { UnitArena } from '../unit-arena.ts';
import { suspectUnitTable } from '../quality.ts';

export interface NormalizedText {
  /** The text detectors read. */
  text: string;
  /**
   * `map[i]` = original index of normalized unit `i`; `map[text.length]` = original length. What
   * {@link normalize} returns builds this array on first read: {@link originalIndex} answers
   * from its runs without it.
   */
  map: Int32Array;
  /** The original text. What {@link normalizeLazy} returns builds it on first read. */
  original: string;
  /**
   * The original text as UTF-16 units, when the normalizer read them: {@link originalSlice} makes
   * slices of the original from these without building the whole string.
   */
  originalUnits?: Uint16Array;
  /** The normalized text as UTF-16 units: matchers read this instead of the string (no string access per unit). */
  units: Uint16Array;
  /** The offset map as runs, when the normalizer made it (see {@link OffsetRuns}). */
  runs?: OffsetRuns;
  /**
   * What the normalizer saw while reading every unit (`FACT_*` bits): a clear bit means no such
   * unit, so a detector or the quality check skips its own scan of the whole text. Undefined
   * (a text made otherwise) means unknown: ask {@link mayHold}.
   */
  facts?: number;
}

/** An original unit the quality check counts (core's quality.ts: controls, surrogates, private use, U+FFFD, bidi overrides). */
export const FACT_SUSPECT = 1 << 0;
/** A Greek or Cyrillic letter (U+0370–U+052F) in the normalized text: look-alikes of Latin letters. */
export const FACT_GREEK_CYRILLIC = 1 << 1;
/** A Cyrillic letter (U+0400–U+04FF) in the normalized text. */
export const FACT_CYRILLIC = 1 << 2;

/** Whether `norm` may hold what `fact` names: false only when the normalizer read every unit and saw none. */
export function mayHold(norm: Pick<NormalizedText, 'facts'>, fact: number): boolean {
  return norm.facts === undefined || (norm.facts & fact) !== 0;
}

/**
 * An offset map as runs: from normalized index `starts[k]` up to the next run's start (the last
 * run up to and including `text.length`), `map[i] = i + deltas[k]`. `starts[0]` is 0 and starts
 * increase strictly.
 */
export interface OffsetRuns {
  count: number;
  starts: Int32Array;
  deltas: Int32Array;
}

/** Original index of normalized unit `i` (`0 <= i <= text.length`), from the runs when there are. */
export function originalIndex(norm: NormalizedText, i: number): number {
  const r = norm.runs;
  if (r === undefined) return norm.map[i];
  const starts = r.starts;
  let lo = 0;
  let hi = r.count - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= i) lo = mid;
    else hi = mid - 1;
  }
  return i + r.deltas[lo];
}

/** What {@link normalize} returns: the per-unit map is built from the runs on first read. */
class Normalized implements NormalizedText {
  private built: Int32Array | undefined;
  private source: string | (() => string);
  constructor(
    readonly text: string,
    original: string | (() => string),
    readonly units: Uint16Array,
    readonly runs: OffsetRuns,
    readonly facts: number,
    readonly originalUnits?: Uint16Array,
  ) {
    this.source = original;
  }
  get original(): string {
    if (typeof this.source === 'function') this.source = this.source();
    return this.source;
  }
  get map(): Int32Array {
    if (this.built) return this.built;
    const n = this.text.length;
    const m = new Int32Array(n + 1);
    const { count, starts, deltas } = this.runs;
    for (let k = 0; k < count; k++) {
      const d = deltas[k];
      const to = k + 1 < count ? starts[k + 1] : n + 1;
      for (let i = starts[k]; i < to; i++) m[i] = i + d;
    }
    return (this.built = m);
  }
}

/** Collects runs while normalizing: a new run wherever `map[i] - i` changes. */
class RunBuilder {
  count = 0;
  starts = new Int32Array(16);
  deltas = new Int32Array(16);
  /** The current run's delta (-1: none yet; deltas are never negative). */
  delta = -1;
  /**
   * The units from `o` on were taken back (a blank popped under a mark, see markCell): runs that
   * start after `o` go, and the next note compares with the run that still covers `o`.
   */
  retract(o: number): void {
    while (this.count > 1 && this.starts[this.count - 1] > o) this.count--;
    this.delta = this.deltas[this.count - 1];
  }
  /** Normalized unit `o` comes from original unit `i`. */
  note(o: number, i: number): void {
    const d = i - o;
    if (d === this.delta) return;
    this.delta = d;
    // A run that got no unit (the fast loop stopped at once) gives way to this one.
    if (this.count > 0 && this.starts[this.count - 1] === o) {
      this.deltas[this.count - 1] = d;
      return;
    }
    if (this.count === this.starts.length) {
      const s = new Int32Array(this.count * 2);
      s.set(this.starts);
      this.starts = s;
      const t = new Int32Array(this.count * 2);
      t.set(this.deltas);
      this.deltas = t;
    }
    this.starts[this.count] = o;
    this.deltas[this.count++] = d;
  }
}

/**
 * Units other than blanks that separate like a blank between two characters: dashes, dots,
 * underscores, tildes, rules. The normalizer drops a run of them between CJK characters, ★ and
 * digits; at the end of a line it cannot, and a detector that joins a marking broken over two lines
 * meets them there (秘密·⏎★1年).
 */
export const SEPARATOR_MARKS: readonly number[] = [
  0x2d, 0x5f, 0xb7, 0x2e, 0x2022, 0x2027, 0x30fb, 0x2010, 0x2011, 0x2012, 0x2013, 0x2014, 0x2015, 0xff0d,
  // What else draws as a dash, a dot, a tilde or a blank between two characters (机−密, 机⋅密, 机〜密,
  // 机⠀密, 机─密): math and Braille blanks, wave dashes, box-drawing rules, the katakana length mark (机ー密), word-separator dots, Ogham's space mark.
  0x7e, 0x02d7, 0x1680, 0x1806, 0x16eb, 0x2043, 0x2053, 0x2212, 0x2219, 0x22c5, 0x25e6, 0x2796, 0x2800, 0x2981, 0x2e17, 0x2e1a, 0x2e30, 0x2e31, 0x2e3a, 0x2e3b, 0x2e40, 0x301c, 0x3030, 0x30a0, 0x23af, 0x2500, 0x2501, 0x2574, 0x2576, 0x2578, 0x257a, 0xfe58, 0xfe63, 0x30fc, 0xff70,
];

// Unit classes for separator collapsing.
const CLASS_OTHER = 0;
const CLASS_TIGHT = 1; // CJK ideographs and ★: words run without spaces
const CLASS_DIGIT = 2;
const CLASS_SEP = 3;
/** A combining mark (not a class of emitted units: a mark is dropped or emitted as CLASS_OTHER). */
const CLASS_MARK = 6;

let classTable: Uint8Array | undefined;

function unitClasses(): Uint8Array {
  if (classTable) return classTable;
  const c = new Uint8Array(65536);
  for (let u = 0x30; u <= 0x39; u++) c[u] = CLASS_DIGIT;
  for (let u = 0x3400; u <= 0x4dbf; u++) c[u] = CLASS_TIGHT;
  for (let u = 0x4e00; u <= 0x9fff; u++) c[u] = CLASS_TIGHT;
  for (let u = 0xf900; u <= 0xfaff; u++) c[u] = CLASS_TIGHT;
  // Bopomofo (注音) and its tone marks run without spaces as ideographs do (ㄐㄧ ㄇㄧˋ is one word spaced).
  for (let u = 0x3105; u <= 0x312f; u++) c[u] = CLASS_TIGHT;
  for (let u = 0x31a0; u <= 0x31bf; u++) c[u] = CLASS_TIGHT;
  for (const u of [0x02c7, 0x02ca, 0x02cb, 0x02d9]) c[u] = CLASS_TIGHT;
  // Geometric symbols typed in ★'s place run with the words as ★ does (秘 密 ○ 6 个 月 → 秘密○6个月).
  for (const u of [0x25cb, 0x25cf, 0x25b2, 0x25b3, 0x25c6, 0x25c7, 0x25a0, 0x25a1, 0x203b]) c[u] = CLASS_TIGHT;
  c[STAR] = CLASS_TIGHT;
  // Combining marks: dropped after an ideograph, ★ or a digit (秘\u0301密 is 秘密 with an accent drawn on
  // it) and on a blank after one; kept elsewhere (a decomposed é stays e + ◌́).
  for (const range of MARK_RANGES.split(',')) {
    const [first, last] = range.split('-').map((h) => parseInt(h, 16));
    for (let u = first; u <= last; u++) if (c[u] === CLASS_OTHER) c[u] = CLASS_MARK;
  }
  for (const s of [0x20, 0x09, 0x0b, 0x0c, ...SEPARATOR_MARKS]) c[s] = CLASS_SEP;
  classTable = c;
  return c;
}

/** A blank or punctuation (ASCII but letters and digits, Latin-1 signs, CJK and general punctuation, full-width punctuation): no letter a mark can belong to. */
function isPunctuationUnit(u: number): boolean {
  if (u < 0x80) return !((u >= 0x41 && u <= 0x5a) || (u >= 0x61 && u <= 0x7a) || (u >= 0x30 && u <= 0x39));
  // Latin-1's punctuation and signs (a no-break space, the middle dot ·) and the katakana middle dots (・ ･) are blanks' kin too.
  return (u >= 0xa0 && u <= 0xbf) || u === 0xd7 || u === 0xf7 || (u >= 0x2000 && u <= 0x206f) || (u >= 0x3000 && u <= 0x303f) || u === 0x30fb || (u >= 0xff01 && u <= 0xff0f) || (u >= 0xff1a && u <= 0xff20) || u === 0xff65;
}

function isAsciiLetter(u: number): boolean {
  return (u >= 0x41 && u <= 0x5a) || (u >= 0x61 && u <= 0x7a);
}

/** A blank after folding (a space or a tab): what letter spacing is made of. */
function isBlankUnit(u: number): boolean {
  return u === 0x20 || u === 0x09;
}

/**
 * A combining mark on a blank with more blanks after it (`2  ̀  5`, `M  ̀  I`): in a letter-spaced
 * line the mark was typed as a character of its own and spaced like one, so the blank under it and
 * the spacing after it are that character's cell, not a wider gap (dropped with the mark, `2  ̀  5`
 * reads `2 5`). `out[o - 1]` is the last unit out; `i` the unit after the mark; `end` where to stop.
 */
function markCell(out: Uint16Array, o: number, src: Uint16Array, i: number, end: number, table: Int32Array): boolean {
  return isBlankUnit(out[o - 1]) && i < end && isBlankUnit(table[src[i]] & 0xffff);
}

/** The index of the first unit from `i` (before `end`) that is no blank, combining mark or dropped unit. */
function skipBlanks(src: Uint16Array, i: number, end: number, table: Int32Array): number {
  while (i < end) {
    const e = table[src[i]];
    skippedFacts |= e >>> FACT_SHIFT;
    const k = (e >>> 16) & KIND_MASK;
    if (k === RAW_DROP) i += droppedWidth(src, i, end);
    else if (k === RAW_MARK || isBlankUnit(e & 0xffff)) i++;
    else break;
  }
  return i;
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
const RAW_MARK = CLASS_MARK;
/** A unit that may compose with the next (a high surrogate whose pairs fold, a Hangul L jamo) or the previous (a T jamo). */
const RAW_COMPOSE = 7;

// Conjoining Hangul jamo that compose (NFC): leading consonants, vowels, trailing consonants.
const JAMO_L = 0x1100;
const JAMO_L_LAST = 0x1112;
const JAMO_V = 0x1161;
const JAMO_V_LAST = 0x1175;
const JAMO_T_BASE = 0x11a7;
const JAMO_T_LAST = 0x11c2;
const SYLLABLE = 0xac00;
const SYLLABLE_LAST = 0xd7a3;

/** The unit a surrogate pair at `i` folds to, or 0. */
function astralFoldAt(src: Uint16Array, i: number, n: number): number {
  if (i + 1 >= n) return 0;
  const lo = src[i + 1];
  if ((lo & 0xfc00) !== 0xdc00) return 0;
  const lows = astralFolds()[src[i] - 0xd800];
  return lows === undefined ? 0 : lows[lo - 0xdc00];
}

/**
 * How many units a dropped unit at `i` takes with it: a default-ignorable character beyond the BMP
 * (U+E0000–E0FFF: tags, ideographic variation selectors) is a surrogate pair, both dropped.
 */
function droppedWidth(src: Uint16Array, i: number, n: number): number {
  return (src[i] & 0xfffc) === 0xdb40 && i + 1 < n && (src[i + 1] & 0xfc00) === 0xdc00 ? 2 : 1;
}

let foldKinds: Int32Array | undefined;
/** Table entries from here up are separators, CR, dropped units or units with a fact: the normalizer's slow path. */
const SLOW_ENTRY = RAW_SEP << 16;
/** A table entry's kind: bits 16-18 (its facts stand above, from {@link FACT_SHIFT}). */
const KIND_MASK = 7;
/** Where a table entry keeps its unit's `FACT_*` bits: an entry with any is a slow-path entry. */
const FACT_SHIFT = 24;
/** Facts of the units {@link skipBlanks} skipped, for the normalization under way (merged when it ends). */
let skippedFacts = 0;

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
  // Decided by the raw unit: compatibility jamo (ㅂ) fold to conjoining ones but are drawn apart.
  for (let raw = JAMO_L; raw <= JAMO_L_LAST; raw++) k[raw] = (RAW_COMPOSE << 16) | fold[raw];
  for (let raw = JAMO_T_BASE + 1; raw <= JAMO_T_LAST; raw++) k[raw] = (RAW_COMPOSE << 16) | fold[raw];
  astralFolds().forEach((lows, h) => {
    if (lows) k[0xd800 + h] = (RAW_COMPOSE << 16) | fold[0xd800 + h];
  });
  // Facts: of the raw unit (suspect, as the quality check counts) and of the unit it folds to.
  const suspect = suspectUnitTable();
  for (let raw = 0; raw < 65536; raw++) {
    const facts = (suspect[raw] ? FACT_SUSPECT : 0) | outputFacts(k[raw] & 0xffff);
    if (facts) k[raw] |= facts << FACT_SHIFT;
  }
  foldKinds = k;
  return k;
}

/** The facts of a unit of the normalized text (see {@link NormalizedText.facts}). */
function outputFacts(u: number): number {
  if (u < 0x370 || u > 0x52f) return 0;
  return FACT_GREEK_CYRILLIC | (u >= 0x400 && u <= 0x4ff ? FACT_CYRILLIC : 0);
}

/**
 * Reusable output memory for {@link normalize}: what `normalize` returns from an arena stays valid
 * until the arena's next `reset()`. The engine resets it at the start of each analysis, and
 * nothing it hands out (findings) refers to that memory.
 */
export class NormalizeArena extends UnitArena {}

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

/**
 * Normalizes the text whose units are `originalUnits` without its string: `original` is called
 * only when something reads {@link NormalizedText.original} (see part-text.ts for why).
 */
export function normalizeLazy(original: () => string, originalUnits: Uint16Array, arena?: NormalizeArena): NormalizedText {
  return normalizeUnits(original, originalUnits, arena, true);
}

/** `norm.original.slice(start, end)` (`start, end >= 0`), from the original's units when the normalizer kept them. */
export function originalSlice(norm: NormalizedText, start: number, end: number): string {
  const u = norm.originalUnits;
  return u ? sliceUnits(u, start, end) : norm.original.slice(start, end);
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

function normalizeUnits(original: string | (() => string), src: Uint16Array, arena: NormalizeArena | undefined, keepUnits = false): NormalizedText {
  const table = foldKindTable();
  const n = src.length;
  const out = arena ? arena.take(n) : new Uint16Array(n);
  const runs = new RunBuilder();
  // Every unit's entry is read below (the fast loop's have no facts): what they hold, OR-ed.
  let facts = 0;
  skippedFacts = 0;
  let o = 0;
  // Class of the last emitted non-separator unit (separator runs are judged as a whole).
  let prevClass = CLASS_OTHER;
  let i = 0;
  while (i < n) {
    // The common case in a tight loop of its own: units that fold one to one and are neither
    // separators, CR nor dropped (kind < RAW_SEP). Twice as fast as one loop with every case in
    // it. The store keeps the low 16 bits: the folded unit. Inside it `map[o] - o` does not
    // change: one note for the whole loop, no per-unit map store.
    const fastFrom = o;
    runs.note(o, i);
    for (; i < n; i++) {
      const e = table[src[i]];
      if (e >= SLOW_ENTRY) break;
      out[o++] = e;
    }
    if (o > fastFrom) prevClass = (table[src[i - 1]] >>> 16) & KIND_MASK;
    if (i >= n) break;
    let e = table[src[i]];
    if (e >>> FACT_SHIFT !== 0) {
      facts |= e >>> FACT_SHIFT;
      e &= (1 << FACT_SHIFT) - 1;
      if (e < SLOW_ENTRY) {
        // A unit with a fact that folds one to one: what the fast loop does with it.
        runs.note(o, i);
        out[o++] = e;
        prevClass = e >>> 16;
        i++;
        continue;
      }
    }
    const k = e >>> 16;
    if (k === RAW_DROP) {
      i += droppedWidth(src, i, n);
      continue;
    }
    if (k === RAW_MARK) {
      // On an ideograph, ★ or a digit a mark is no letter of its own: gone, and the unit before
      // stays what it was (机密★5́年 is 机密★5年 with an accent drawn on the 5).
      // On a blank or a punctuation mark it is drawn on nothing that reads (J ̸u ̸e M ̸i: marks on the
      // spaces of a letter-spaced word; 机密/̶5年, 【̲5年】). On a Latin letter it is an accent, and the
      // letter reads as the letter, as a precomposed one does (the fold table): SE\u0301CRET, M̈IMI★.
      if (prevClass === CLASS_TIGHT || prevClass === CLASS_DIGIT || (o > 0 && (isPunctuationUnit(out[o - 1]) || isAsciiLetter(out[o - 1])))) {
        i++;
        if (o > 0 && markCell(out, o, src, i, n, table)) {
          o--;
          runs.retract(o);
          i = skipBlanks(src, i, n, table);
        }
        continue;
      }
      runs.note(o, i);
      out[o++] = e & 0xffff;
      i++;
      prevClass = CLASS_OTHER;
      continue;
    }
    if (k === RAW_COMPOSE) {
      const u = src[i];
      let to = 0;
      let width = 2;
      if (u >= 0xd800) to = astralFoldAt(src, i, n);
      else if (u <= JAMO_L_LAST) {
        const v = i + 1 < n ? src[i + 1] : 0;
        if (v >= JAMO_V && v <= JAMO_V_LAST) {
          to = SYLLABLE + ((u - JAMO_L) * 21 + (v - JAMO_V)) * 28;
          const t = i + 2 < n ? src[i + 2] : 0;
          if (t > JAMO_T_BASE && t <= JAMO_T_LAST) {
            to += t - JAMO_T_BASE;
            width = 3;
          }
        }
      } else if (o > 0 && i > 0) {
        // A T jamo after a precomposed LV syllable joins it (미 + ᆯ → 밀); that syllable was the last unit out.
        const lv = src[i - 1];
        if (lv >= SYLLABLE && lv <= SYLLABLE_LAST && (lv - SYLLABLE) % 28 === 0 && out[o - 1] === lv) {
          out[o - 1] = lv + u - JAMO_T_BASE;
          i++;
          continue;
        }
      }
      runs.note(o, i);
      if (to === 0) {
        out[o++] = e & 0xffff;
        i++;
        prevClass = CLASS_OTHER;
        continue;
      }
      out[o++] = to;
      facts |= outputFacts(to);
      i += width;
      const kind = (table[to] >>> 16) & KIND_MASK;
      prevClass = kind === RAW_TIGHT || kind === RAW_DIGIT ? kind : CLASS_OTHER;
      continue;
    }
    if (k === RAW_CR) {
      // \r\n → \n (keep the \n's index); lone \r → \n.
      if (i + 1 < n && src[i + 1] === 0x0a) {
        i++;
        continue;
      }
      runs.note(o, i);
      out[o++] = 0x0a;
      i++;
      prevClass = CLASS_OTHER;
      continue;
    }
    // A separator. Between CJK characters, ★ and digits the whole run goes.
    if (prevClass === CLASS_TIGHT || prevClass === CLASS_DIGIT) {
      let j = i + 1;
      let nextKind = RAW_OTHER;
      // A combining mark on a blank of the run (机 ́密: an accent drawn on the space) goes with it.
      while (j < n) {
        const t = table[src[j]];
        facts |= t >>> FACT_SHIFT;
        nextKind = (t >>> 16) & KIND_MASK;
        if (nextKind !== RAW_DROP && nextKind !== RAW_SEP && nextKind !== RAW_MARK) break;
        j += nextKind === RAW_DROP ? droppedWidth(src, j, n) : 1;
      }
      if (j >= n || nextKind === RAW_CR) nextKind = RAW_OTHER;
      else if (nextKind === RAW_COMPOSE) {
        // A pair folding to a digit or an ideograph (机密★ 𝟓年) is one.
        const to = src[j] >= 0xd800 ? astralFoldAt(src, j, n) : 0;
        nextKind = to === 0 ? RAW_OTHER : (table[to] >>> 16) & KIND_MASK;
      }
      const collapse =
        (prevClass === CLASS_TIGHT && (nextKind === RAW_TIGHT || nextKind === RAW_DIGIT)) ||
        (prevClass === CLASS_DIGIT && nextKind === RAW_TIGHT);
      if (collapse && j - i <= 8) {
        i = j;
        continue;
      }
      const runFrom = o;
      while (i < j) {
        // (Each of these units' facts was taken above, at the run's first unit or in the look-ahead.)
        const r = table[src[i]];
        const rk = (r >>> 16) & KIND_MASK;
        if (rk === RAW_DROP) {
          i += droppedWidth(src, i, n);
          continue;
        }
        // Kept blanks after an ideograph or a digit (2 ̣0) lose the marks drawn on them: 2 0 reads as spaced digits.
        if (rk === RAW_MARK) {
          i++;
          if (o > runFrom && markCell(out, o, src, i, j, table)) {
            o--;
            runs.retract(o);
            i = skipBlanks(src, i, j, table);
          }
          continue;
        }
        runs.note(o, i);
        out[o++] = r & 0xffff;
        i++;
      }
      prevClass = CLASS_OTHER;
      continue;
    }
    runs.note(o, i);
    out[o++] = e & 0xffff;
    i++;
    prevClass = CLASS_OTHER;
  }
  // map[text.length] = original length.
  runs.note(o, n);
  const text = o === 0 ? '' : Buffer.from(out.buffer, out.byteOffset, o * 2).toString('utf16le');
  // A view, not a copy: the array may be longer than needed; its length is the text's.
  facts |= skippedFacts;
  return new Normalized(text, original, out.subarray(0, o), { count: runs.count, starts: runs.starts, deltas: runs.deltas }, facts, keepUnits ? src : undefined);
}

/**
 * How many original units normalized unit `i` (`0 <= i < text.length`) was made from: 1, but 2 for
 * a folded surrogate pair or an LV syllable joined by a T jamo, 2 or 3 for composed jamo. Read from
 * the two texts (no state kept while normalizing).
 */
export function originalWidth(norm: NormalizedText, i: number): number {
  const v = norm.units[i];
  const at = originalIndex(norm, i);
  const u = norm.originalUnits ? norm.originalUnits[at] : norm.original.charCodeAt(at);
  if (u === v) return 1;
  if ((u & 0xfc00) === 0xd800) return 2;
  if (v >= SYLLABLE && v <= SYLLABLE_LAST) {
    if (u >= JAMO_L && u <= JAMO_L_LAST) return (v - SYLLABLE) % 28 === 0 ? 2 : 3;
    if (u >= SYLLABLE && u <= SYLLABLE_LAST) return 2;
  }
  return 1;
}

/** Maps a normalized span to the original span it covers. */
export function toOriginalSpan(norm: NormalizedText, start: number, end: number): { start: number; end: number } {
  if (end <= start) {
    const at = originalIndex(norm, Math.min(start, norm.text.length));
    return { start: at, end: at };
  }
  return { start: originalIndex(norm, start), end: originalIndex(norm, end - 1) + originalWidth(norm, end - 1) };
}

/** Folds a short string the way {@link normalize} does (dictionary terms, allowlist entries). */
export function normalizeTerm(term: string): string {
  return normalize(term).text;
}
