/**
 * Word segmentation for the whole-word checks of dictionary terms (机密 the word vs 机密性, 商业机密).
 *
 * This is jieba's mixed segmentation (cppjieba `MixSegment`, what `nodejieba.cut(text, true)`
 * runs) in JavaScript, over the same dictionary and HMM files nodejieba ships, with the same
 * arithmetic and the same tie-breaking, so it cuts text exactly as nodejieba does (the tests
 * compare the two on generated and real text). Why not nodejieba itself: loading it costs about
 * a second and 256 MB of resident memory (its trie of 349,000 words, its keyword extractor's IDF
 * table and stop words), while prepub cuts only windows of a few dozen characters around hits.
 * Here the dictionary is one table of typed arrays (~17 MB), read on the first cut, never at
 * start-up: a scanner that meets no term next to a Chinese character never reads it. The table
 * lives in shared memory, so the threads of a process (the reading workers) use one copy: the
 * first thread that needs it reads it, and hands it to the others (see {@link SegmentationModel}).
 *
 * The algorithm, as cppjieba has it:
 *  1. the text is split at cppjieba's separators (space, tab, newline, `，`, `。`), each its own token;
 *  2. each piece is cut along the most probable path through the DAG of dictionary words (the
 *     weight of a word is log(freq / total); a character that is no word weighs the minimum);
 *  3. runs of single characters left by that are cut again by an HMM (B/E/M/S Viterbi), except
 *     that ASCII runs become one token each (letters then letters/digits, or digits and dots).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { threadId } from 'node:worker_threads';
import type { Segmenter } from '@prepub/core';

const MIN_DOUBLE = -3.14e100;
const E = 1;
const S = 3;

/** The dictionary and HMM model, read once per process and shared by every segmenter. */
interface Model {
  /** Words and their prefixes (see {@link WordTable}). */
  words: WordTable;
  /** The distinct weights of the dictionary's words; a word's value in `words` indexes this. */
  weights: Float64Array;
  minWeight: number;
  /** Weight of a word added by a scanner (cppjieba's default: the median of the dictionary's). */
  userWeight: number;
  start: Float64Array;
  /** trans[from * 4 + to]. */
  trans: Float64Array;
  /** Emission log-probabilities of B, E, M, S by code point (MIN_DOUBLE where the model has none). */
  emit: Map<number, Float64Array>;
  /**
   * The same for BMP code points, by unit: `emitRows[emitIndex[u]]` (index 0: {@link unknown}). A
   * typed-array read per character of a Viterbi run instead of a `Map` lookup.
   */
  emitIndex: Int32Array;
  emitRows: Float64Array[];
  /**
   * `words`' value of each one-unit word (as {@link WordTable.get} gives it, undefined as
   * {@link EMPTY}), filled on first use ({@link UNSEEN} before): every position of a whole-word
   * check looks its own character up, and this 256 KiB table stays in cache where the 16 MB word
   * table does not. Per thread: the shared model's data is read-only.
   */
  singleUnits: Int32Array;
  /** Emissions of a code point the model does not know. */
  unknown: Float64Array;
  /** The same model as plain data over shared memory (see {@link SegmentationModel}). */
  data: SegmentationModel;
}

/**
 * The segmentation model as structured-cloneable data whose arrays live in `SharedArrayBuffer`s:
 * posted to a worker thread it is not copied, so every thread of a process segments from one copy
 * of the word table (16 MB) and weights instead of reading and building its own.
 */
export interface SegmentationModel {
  /** Distinguishes models: a thread adopts another model only under another id. */
  id: string;
  words: SharedWordTable;
  /** Float64 distinct weights. */
  weights: SharedArrayBuffer;
  minWeight: number;
  userWeight: number;
  /** Float64 start[4], then trans[16]. */
  hmm: SharedArrayBuffer;
  /** Int32 code points with emissions, ascending. */
  emitCodePoints: SharedArrayBuffer;
  /** Float64 B, E, M, S emissions of each of `emitCodePoints`. */
  emitValues: SharedArrayBuffer;
}

/** A {@link WordTable}'s contents in shared memory. */
export interface SharedWordTable {
  /** Int32 slots of words of up to four units (k1, k2, length, value). */
  slots: SharedArrayBuffer;
  count: number;
  /** Int32 slots of longer words (hash, offset in `units`, length, value). */
  longSlots: SharedArrayBuffer;
  longCount: number;
  /** Uint16 units of the longer words, one after another. */
  units: SharedArrayBuffer;
}

let shared: Model | undefined;
/** A model another thread built, to be used instead of building one here (see {@link adoptSegmentationModel}). */
let offered: SegmentationModel | undefined;
/** Whether this thread built {@link shared} itself (rather than adopting it). */
let builtHere = false;

/** Where nodejieba keeps its dictionaries (the files are read; the native module is not loaded). */
export function jiebaDictionaryDir(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('nodejieba/package.json')), 'submodules/cppjieba/dict');
}

/**
 * The segmentation model of this thread as shareable data: the one it uses (read here or adopted),
 * else one offered to it and not used yet; undefined when it has none.
 */
export function segmentationModel(): SegmentationModel | undefined {
  return shared?.data ?? offered;
}

/** Whether this thread read the dictionary itself (its model is then worth offering to other threads). */
export function segmentationModelBuiltHere(): boolean {
  return builtHere && shared !== undefined;
}

/**
 * Makes `model` (built by another thread of this process, from the same dictionary files) this
 * thread's segmentation model: segmenters cut with it from their next cut on, and this thread never
 * reads the dictionary itself. A model already in use is replaced only by one with another id
 * (two threads that built one at the same moment end up on the same one, and the other is freed).
 */
export function adoptSegmentationModel(model: SegmentationModel): void {
  if (shared?.data.id === model.id || (!shared && offered?.id === model.id)) return;
  if (shared) {
    shared = modelFrom(model);
    builtHere = false;
  } else offered = model;
}

function loadModel(): Model {
  if (shared) return shared;
  if (offered) {
    shared = modelFrom(offered);
    offered = undefined;
    return shared;
  }
  shared = modelFrom(buildModel());
  builtHere = true;
  return shared;
}

/** The segmenter's view of shared model data (views over the same memory, no copy but the small HMM map). */
function modelFrom(data: SegmentationModel): Model {
  const hmm = new Float64Array(data.hmm);
  const cps = new Int32Array(data.emitCodePoints);
  const values = new Float64Array(data.emitValues);
  const emit = new Map<number, Float64Array>();
  const unknown = new Float64Array(4).fill(MIN_DOUBLE);
  const emitIndex = new Int32Array(65536);
  const emitRows: Float64Array[] = [unknown];
  for (let i = 0; i < cps.length; i++) {
    const row = values.subarray(i * 4, i * 4 + 4);
    emit.set(cps[i], row);
    if (cps[i] < 0x10000) {
      emitIndex[cps[i]] = emitRows.length;
      emitRows.push(row);
    }
  }
  return {
    words: WordTable.fromShared(data.words),
    weights: new Float64Array(data.weights),
    minWeight: data.minWeight,
    userWeight: data.userWeight,
    start: hmm.subarray(0, 4),
    trans: hmm.subarray(4, 20),
    emit,
    emitIndex,
    emitRows,
    singleUnits: new Int32Array(65536).fill(UNSEEN),
    unknown,
    data,
  };
}

/** A Float64Array copied into shared memory. */
function sharedF64(a: ArrayLike<number>): SharedArrayBuffer {
  const b = new SharedArrayBuffer(a.length * 8);
  new Float64Array(b).set(a);
  return b;
}

/** Reads jieba's dictionary and HMM files into a model in shared memory. */
function buildModel(): SegmentationModel {
  const dir = jiebaDictionaryDir();
  const words = new WordTable(20, true);
  let freqs = new Float64Array(1 << 19);
  let count = 0;
  // jieba.dict.utf8: "word freq tag" a line. A word listed twice keeps its last weight (the trie's
  // node is overwritten), while the total and the median count every line, as in cppjieba.
  const text = readFileSync(join(dir, 'jieba.dict.utf8'), 'utf8');
  let sum = 0;
  for (let at = 0; at < text.length; ) {
    let nl = text.indexOf('\n', at);
    if (nl < 0) nl = text.length;
    const s1 = text.indexOf(' ', at);
    if (s1 > at && s1 < nl) {
      const s2 = text.indexOf(' ', s1 + 1);
      const freq = Number(text.slice(s1 + 1, s2 > s1 && s2 < nl ? s2 : nl));
      if (count === freqs.length) freqs = grow(freqs);
      words.set(text.slice(at, s1), count);
      freqs[count++] = freq;
      sum += freq;
    }
    at = nl + 1;
  }
  let weights = new Float64Array(count + 16);
  for (let i = 0; i < count; i++) weights[i] = Math.log(freqs[i] / sum);
  const sorted = weights.slice(0, count).sort();
  const minWeight = sorted[0];
  const median = sorted[count >> 1];
  // user.dict.utf8: a word alone (median weight), with a tag, or with a frequency and a tag.
  let next = count;
  for (const line of readFileSync(join(dir, 'user.dict.utf8'), 'utf8').split('\n')) {
    if (!line) continue;
    const f = line.split(' ');
    if (next === weights.length) weights = grow(weights);
    weights[next] = f.length === 3 ? Math.log(Number(f[1]) / sum) : median;
    words.set(f[0], next++);
  }
  // hmm_model.utf8: start, 4 transition rows, then B, E, M, S emissions ("字:logp,…").
  const lines = readFileSync(join(dir, 'hmm_model.utf8'), 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
  const start = lines[0].split(' ').map(Number);
  const trans = lines.slice(1, 5).flatMap((l) => l.split(' ').map(Number));
  const emit = new Map<number, Float64Array>();
  lines.slice(5, 9).forEach((l, state) => {
    for (const pair of l.split(',')) {
      const c = pair.lastIndexOf(':');
      const cp = pair.slice(0, c).codePointAt(0)!;
      let e = emit.get(cp);
      if (!e) emit.set(cp, (e = new Float64Array(4).fill(MIN_DOUBLE)));
      e[state] = Number(pair.slice(c + 1));
    }
  });
  const cps = [...emit.keys()].sort((a, b) => a - b);
  const emitCodePoints = new SharedArrayBuffer(cps.length * 4);
  new Int32Array(emitCodePoints).set(cps);
  const emitValues = new SharedArrayBuffer(cps.length * 32);
  cps.forEach((cp, i) => new Float64Array(emitValues).set(emit.get(cp)!, i * 4));
  // The table's values become indexes into the few thousand distinct weights (the same doubles):
  // a lookup then reads a small, cached array instead of a random place in one of 500,000.
  const distinct = new Map<number, number>();
  const byWord = new Int32Array(next);
  for (let i = 0; i < next; i++) {
    let d = distinct.get(weights[i]);
    if (d === undefined) distinct.set(weights[i], (d = distinct.size));
    byWord[i] = d;
  }
  words.remapValues((v) => byWord[v]);
  return {
    id: `${process.pid}-${threadId}-${++modelSerial}`,
    words: words.share(),
    weights: sharedF64([...distinct.keys()]),
    minWeight,
    userWeight: median,
    hmm: sharedF64([...start, ...trans]),
    emitCodePoints,
    emitValues,
  };
}

let modelSerial = 0;

function grow(a: Float64Array<ArrayBuffer>): Float64Array<ArrayBuffer> {
  const b = new Float64Array(a.length * 2);
  b.set(a);
  return b;
}

const EMPTY = -2;
const PREFIX = -1;
/** Bits of the bigram filter: 2^22 (512 KiB), 4.2% of them set by jieba's dictionary. */
const BIGRAM_LOG = 22;

/** Hash of two units given as `first << 16 | second`. */
function bigramHash(k1: number): number {
  return Math.imul(k1, 0x9e3779b1) >>> (32 - BIGRAM_LOG);
}

/** A {@link Model.singleUnits} entry not looked up yet. */
const UNSEEN = -3;

const isLetter = (x: number): boolean => (x >= 0x61 && x <= 0x7a) || (x >= 0x41 && x <= 0x5a);
const isDigit = (x: number): boolean => x >= 0x30 && x <= 0x39;

/** The emissions of code point `cp`. */
function emissions(model: Model, cp: number): Float64Array {
  return cp < 0x10000 ? model.emitRows[model.emitIndex[cp]] : model.emit.get(cp) ?? model.unknown;
}

/**
 * Words (and proper prefixes of words, value {@link PREFIX}) → a value, looked up by the UTF-16
 * units of a stretch of text without making a string: words of up to four units (97% of jieba's
 * dictionary with their prefixes) sit in an open-addressing table of typed arrays (16 MB for the
 * 484,000 of them, where a `Map` of strings took several times that and hashed a new string per
 * lookup); longer ones in a `Map`.
 *
 * Each slot is four adjacent Int32 (first two units, last two units, length, value), so a probe
 * reads one cache line, not one per array: the lookups of a whole-word check are cache misses in
 * a table this size, and four arrays made each probe cost up to four of them.
 */
export class WordTable {
  private mask: number;
  /** Slot `h` at `slots[4h..4h+3]`: k1, k2, length, value ({@link EMPTY} when free). */
  private slots: Int32Array;
  /** Longer words while the table is built. */
  private readonly long = new Map<string, number>();
  private count = 0;
  /**
   * Longer words once shared (see {@link share}): slot `h` at `longSlots[4h..4h+3]` holds the
   * word's hash, its offset in `longUnits`, its length and its value.
   */
  private longSlots: Int32Array | undefined;
  private longMask = 0;
  private longUnits: Uint16Array | undefined;
  private longCount = 0;

  /** A table of 2^`log` slots (it grows as needed); `inShared`: its slots in a SharedArrayBuffer. */
  constructor(
    log: number,
    private readonly inShared = false,
  ) {
    this.mask = (1 << log) - 1;
    this.slots = WordTable.emptySlots(1 << log, inShared);
  }

  private static emptySlots(n: number, inShared: boolean): Int32Array {
    const s = new Int32Array(inShared ? new SharedArrayBuffer(n * 16) : new ArrayBuffer(n * 16));
    for (let i = 3; i < s.length; i += 4) s[i] = EMPTY;
    return s;
  }

  /**
   * The table as shared data (its short words' slots as they are, its longer words moved into
   * shared slots too), for {@link WordTable.fromShared} in any thread. The table is read-only after.
   */
  share(): SharedWordTable {
    if (!(this.slots.buffer instanceof SharedArrayBuffer)) throw new Error('this word table was not built in shared memory');
    if (!this.longSlots) {
      const n = 1 << Math.ceil(Math.log2(this.long.size * 2 + 2));
      const slots = WordTable.emptySlots(n, true);
      const units = new Uint16Array(new SharedArrayBuffer([...this.long.keys()].reduce((k, w) => k + w.length, 0) * 2));
      let at = 0;
      for (const [w, v] of this.long) {
        const h = WordTable.longHash(w, 0, w.length);
        let b = (h & (n - 1)) << 2;
        while (slots[b + 3] !== EMPTY) b = (b + 4) & (n * 4 - 1);
        for (let i = 0; i < w.length; i++) units[at + i] = w.charCodeAt(i);
        slots[b] = h;
        slots[b + 1] = at;
        slots[b + 2] = w.length;
        slots[b + 3] = v;
        at += w.length;
      }
      this.longSlots = slots;
      this.longMask = n - 1;
      this.longUnits = units;
      this.longCount = this.long.size;
      this.long.clear();
    }
    return { slots: this.slots.buffer, count: this.count, longSlots: this.longSlots.buffer as SharedArrayBuffer, longCount: this.longCount, units: this.longUnits!.buffer as SharedArrayBuffer };
  }

  /** A read-only table over shared data made by {@link share} (no copy). */
  static fromShared(data: SharedWordTable): WordTable {
    const t = new WordTable(0);
    t.slots = new Int32Array(data.slots);
    t.mask = t.slots.length / 4 - 1;
    t.count = data.count;
    t.longSlots = new Int32Array(data.longSlots);
    t.longMask = t.longSlots.length / 4 - 1;
    t.longUnits = new Uint16Array(data.units);
    t.longCount = data.longCount;
    return t;
  }

  /** Hash of the units of `s[from, to)` (a word of five units or more). */
  private static longHash(s: string, from: number, to: number): number {
    let h = to - from;
    for (let i = from; i < to; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x9e3779b1);
    h ^= h >>> 15;
    h = Math.imul(h, 0x2c1b3c6d);
    return h ^ (h >>> 13);
  }

  /** The value of the longer word `s[from, to)` in the shared slots, or {@link EMPTY}. */
  private getLong(s: string, from: number, to: number): number {
    const slots = this.longSlots!;
    const units = this.longUnits!;
    const n = to - from;
    const h = WordTable.longHash(s, from, to);
    for (let b = (h & this.longMask) << 2; ; b = (b + 4) & ((this.longMask << 2) | 3)) {
      const v = slots[b + 3];
      if (v === EMPTY) return EMPTY;
      if (slots[b] !== h || slots[b + 2] !== n) continue;
      const at = slots[b + 1];
      let i = 0;
      while (i < n && units[at + i] === s.charCodeAt(from + i)) i++;
      if (i === n) return v;
    }
  }

  get size(): number {
    return this.count + this.long.size + this.longCount;
  }

  /** Mixes all bits of the key into the low ones (the mask keeps those): a finalizer, not just a multiply. */
  private static hash(k1: number, k2: number, n: number): number {
    let h = Math.imul(k1, 0x9e3779b1) ^ Math.imul(k2 ^ n, 0x85ebca6b);
    h ^= h >>> 15;
    h = Math.imul(h, 0x2c1b3c6d);
    return h ^ (h >>> 13);
  }

  /** The slot (index in units of four) holding the key, or the free slot where it would go. */
  private slot(k1: number, k2: number, n: number): number {
    const s = this.slots;
    const mask = this.mask;
    let h = WordTable.hash(k1, k2, n) & mask;
    for (;;) {
      const b = h << 2;
      if (s[b + 3] === EMPTY || (s[b] === k1 && s[b + 1] === k2 && s[b + 2] === n)) return h;
      h = (h + 1) & mask;
    }
  }

  /** Sets `word` to `value`, and marks its proper prefixes that hold nothing yet as {@link PREFIX}. */
  set(word: string, value: number): void {
    this.put(word, 0, word.length, value);
    for (let i = word.length - 1; i > 0; i--) {
      const c = word.charCodeAt(i);
      if (c >= 0xdc00 && c <= 0xdfff) continue; // never cut a surrogate pair
      if (this.get(word, 0, i) !== undefined) break;
      this.put(word, 0, i, PREFIX);
    }
  }

  private put(s: string, from: number, to: number, value: number): void {
    if (this.longSlots) throw new Error('a shared word table is read-only');
    const n = to - from;
    if (n > 4) {
      this.long.set(s.slice(from, to), value);
      return;
    }
    // At most half full: probes stay short. A bigger dictionary doubles the table.
    if (this.count * 2 > this.mask) this.rehash();
    const k1 = (n > 0 ? s.charCodeAt(from) << 16 : 0) | (n > 1 ? s.charCodeAt(from + 1) : 0);
    const k2 = (n > 2 ? s.charCodeAt(from + 2) << 16 : 0) | (n > 3 ? s.charCodeAt(from + 3) : 0);
    const b = this.slot(k1, k2, n) << 2;
    const slots = this.slots;
    if (slots[b + 3] === EMPTY) this.count++;
    slots[b] = k1;
    slots[b + 1] = k2;
    slots[b + 2] = n;
    slots[b + 3] = value;
  }

  private rehash(): void {
    const old = this.slots;
    const size = (this.mask + 1) * 2;
    this.mask = size - 1;
    this.slots = WordTable.emptySlots(size, this.inShared);
    for (let i = 0; i < old.length; i += 4) {
      if (old[i + 3] === EMPTY) continue;
      const b = this.slot(old[i], old[i + 1], old[i + 2]) << 2;
      this.slots[b] = old[i];
      this.slots[b + 1] = old[i + 1];
      this.slots[b + 2] = old[i + 2];
      this.slots[b + 3] = old[i + 3];
    }
  }

  /** Replaces every word's value `v` (not {@link PREFIX}) by `f(v)`. */
  remapValues(f: (v: number) => number): void {
    if (this.longSlots) throw new Error('a shared word table is read-only');
    const slots = this.slots;
    for (let i = 3; i < slots.length; i += 4) if (slots[i] >= 0) slots[i] = f(slots[i]);
    for (const [k, v] of this.long) if (v >= 0) this.long.set(k, f(v));
  }

  /**
   * Sets in `bits` (2^{@link BIGRAM_LOG} bits) the bit of {@link bigramHash} of the first two
   * units of every key of two units or more: a two-unit stretch of text whose bit is clear begins
   * no word of this table.
   */
  markBigrams(bits: Int32Array): void {
    const mark = (k1: number): void => {
      const h = bigramHash(k1);
      bits[h >> 5] |= 1 << (h & 31);
    };
    const s = this.slots;
    for (let b = 0; b < s.length; b += 4) if (s[b + 3] !== EMPTY && s[b + 2] >= 2) mark(s[b]);
    // Longer words have their two-unit prefixes among the slots already; marked again all the same.
    for (const w of this.long.keys()) mark((w.charCodeAt(0) << 16) | w.charCodeAt(1));
    const ls = this.longSlots;
    const units = this.longUnits;
    if (ls && units) for (let b = 0; b < ls.length; b += 4) if (ls[b + 3] !== EMPTY) mark((units[ls[b + 1]] << 16) | units[ls[b + 1] + 1]);
  }

  /** The value of `s[from, to)`: a word's, {@link PREFIX}, or undefined when no word begins so. */
  get(s: string, from: number, to: number): number | undefined {
    const n = to - from;
    if (n > 4) {
      if (!this.longSlots) return this.long.get(s.slice(from, to));
      const v = this.getLong(s, from, to);
      return v === EMPTY ? undefined : v;
    }
    const k1 = (n > 0 ? s.charCodeAt(from) << 16 : 0) | (n > 1 ? s.charCodeAt(from + 1) : 0);
    const k2 = (n > 2 ? s.charCodeAt(from + 2) << 16 : 0) | (n > 3 ? s.charCodeAt(from + 3) : 0);
    const v = this.slots[(this.slot(k1, k2, n) << 2) + 3];
    return v === EMPTY ? undefined : v;
  }
}

/**
 * A jieba segmenter. `words` are added as user words (cppjieba `InsertUserWord`: median weight),
 * to this segmenter only; the dictionary itself is shared and read on the first {@link Segmenter.cut}.
 */
export class JiebaSegmenter implements Segmenter {
  /** Whether {@link load} ran: user words given before are then in {@link userWords}. */
  private ready = false;
  /** User words (value 0) and their prefixes, consulted before the dictionary. */
  private user: WordTable | undefined;
  private readonly userWords: string[] = [];
  private readonly pending: string[];
  /** Viterbi scratch memory, reused from call to call. */
  private weight = new Float64Array(256);
  private path = new Int8Array(256);
  /**
   * Which two-unit stretches begin a word of the dictionary or a user word ({@link
   * WordTable.markBigrams} of both), for the model it was made from: most two-character stretches
   * of text begin none, and this 512 KiB bitset says so without the two table lookups (the
   * dictionary's a cache miss in 16 MB) each would cost.
   */
  private bigrams: Int32Array | undefined;
  private bigramsOf: Model | undefined;
  /** The user table's value of each one-unit key ({@link UNSEEN} until looked up; {@link EMPTY}: none). */
  private userSingles = new Int8Array(65536).fill(UNSEEN);
  /** DAG scratch memory of {@link cutPiece}, reused likewise. */
  private best = new Float64Array(256);
  private take = new Int32Array(256);

  constructor(words: Iterable<string> = []) {
    this.pending = [...words];
  }

  /** Adds a word, as nodejieba's `insertWord`. */
  insertWord(word: string): void {
    if (this.ready) this.addUser(word);
    else this.pending.push(word);
  }

  private addUser(word: string): void {
    if (!word) return;
    this.userWords.push(word);
    this.user = undefined;
  }

  /** The user words' table, built (sized for them) on first use after a change. */
  private userTable(): WordTable | undefined {
    if (!this.user && this.userWords.length) {
      const units = this.userWords.reduce((n, w) => n + w.length, 0);
      this.user = new WordTable(Math.max(8, Math.ceil(Math.log2(units * 4 + 16))));
      for (const w of this.userWords) this.user.set(w, 0);
      // What was derived from the user words before is stale.
      this.bigrams = undefined;
      this.userSingles.fill(UNSEEN);
    }
    return this.user;
  }

  /** Reads the dictionary now rather than on the first cut. */
  load(): this {
    if (!this.ready) {
      loadModel();
      this.ready = true;
      for (const w of this.pending.splice(0)) this.addUser(w);
    }
    return this;
  }

  /** Whether this thread has the segmentation model: read here, or adopted from another thread. */
  static get loaded(): boolean {
    return shared !== undefined;
  }

  cut(text: string): string[] {
    const ends = this.tokenEnds(text);
    const out: string[] = [];
    for (let k = 0, prev = 0; k < ends.length; prev = ends[k++]) out.push(text.slice(prev, ends[k]));
    return out;
  }

  /** Where the tokens of {@link cut} end (UTF-16 offsets, ascending, the last = `text.length`), without making them. */
  tokenEnds(text: string): Int32Array {
    // The process's model, read here or adopted from another thread (it may be replaced by an
    // identical one adopted later: the same words and weights).
    if (!this.ready) this.load();
    const model = loadModel();
    this.userTable();
    // Code points and their UTF-16 offsets: jieba works on code points (a lone surrogate reaches
    // nodejieba as U+FFFD, one code point, one unit: the same here).
    const cps: number[] = [];
    const offs: number[] = [];
    for (let i = 0; i < text.length; ) {
      const c = text.codePointAt(i)!;
      cps.push(c >= 0xd800 && c <= 0xdfff ? 0xfffd : c);
      offs.push(i);
      i += c > 0xffff ? 2 : 1;
    }
    offs.push(text.length);
    const cuts: number[] = [];
    let from = 0;
    for (let i = 0; i <= cps.length; i++) {
      if (i < cps.length) {
        const c = cps[i];
        if (c !== 0x20 && c !== 0x0a && c !== 0x09 && c !== 0xff0c && c !== 0x3002) continue;
      }
      if (i > from) this.cutPiece(model, text, cps, offs, from, i, cuts);
      if (i < cps.length) cuts.push(i + 1);
      from = i + 1;
    }
    const ends = new Int32Array(cuts.length);
    for (let k = 0; k < cuts.length; k++) ends[k] = offs[cuts[k]];
    return ends;
  }

  /** The bigram bits of `model` and this segmenter's user words, made on first use. */
  private bigramBits(model: Model): Int32Array {
    if (this.bigrams && this.bigramsOf === model) return this.bigrams;
    const bits = new Int32Array((1 << BIGRAM_LOG) >> 5);
    model.words.markBigrams(bits);
    this.userTable()?.markBigrams(bits);
    this.bigramsOf = model;
    return (this.bigrams = bits);
  }

  /** A word's weight; NaN for a prefix of a word that is no word; undefined when no word begins so. */
  private weightOf(model: Model, text: string, from: number, to: number): number | undefined {
    let u: number | undefined;
    if (this.user) {
      if (to - from === 1) {
        // One-unit keys of the user words from a byte table (filled on first use): the user
        // table is megabytes for a large dictionary, and every position looks its unit up.
        const c = text.charCodeAt(from);
        let v = this.userSingles[c];
        if (v === UNSEEN) this.userSingles[c] = v = this.user.get(text, from, to) ?? EMPTY;
        u = v === EMPTY ? undefined : v;
      } else u = this.user.get(text, from, to);
    }
    if (u === 0) return model.userWeight;
    let k: number | undefined;
    if (to - from === 1) {
      const c = text.charCodeAt(from);
      let v = model.singleUnits[c];
      if (v === UNSEEN) model.singleUnits[c] = v = model.words.get(text, from, to) ?? EMPTY;
      k = v === EMPTY ? undefined : v;
    } else k = model.words.get(text, from, to);
    if (k === undefined) return u === PREFIX ? NaN : undefined;
    return k === PREFIX ? NaN : model.weights[k];
  }

  /** MixSegment on code points [from, to): pushes the end (exclusive) of each token. */
  private cutPiece(model: Model, text: string, cps: number[], offs: number[], from: number, to: number, cuts: number[]): void {
    const n = to - from;
    // Maximum-probability path through the DAG, right to left (ties: the shortest word, as the
    // first of the DAG's ascending choices wins a strict comparison). Scratch memory reused from
    // piece to piece: a check cuts many short pieces.
    if (this.best.length < n + 1) {
      this.best = new Float64Array(2 * n + 2);
      this.take = new Int32Array(2 * n + 2);
    }
    const { best, take } = this;
    const bigrams = this.bigramBits(model);
    for (let i = n - 1; i >= 0; i--) {
      let bestVal = MIN_DOUBLE;
      let bestLen = 1;
      let found = false;
      for (let len = 1; i + len <= n; len++) {
        const a = offs[from + i];
        const b = offs[from + i + len];
        // Two characters of one unit each that begin no word: what the lookups would say (below).
        if (len === 2 && b - a === 2) {
          const h = bigramHash((text.charCodeAt(a) << 16) | text.charCodeAt(a + 1));
          if (((bigrams[h >> 5] >>> (h & 31)) & 1) === 0) break;
        }
        const w = this.weightOf(model, text, a, b);
        // No word goes on from here (a single character is always a choice, word or not).
        if (w === undefined && len > 1) break;
        if (Number.isNaN(w) && len > 1) continue;
        // cppjieba adds the rest of the path first, then the word's weight.
        let val = 0;
        if (i + len < n) val += best[i + len];
        val += w === undefined || Number.isNaN(w) ? model.minWeight : w;
        if (!found || val > bestVal) {
          bestVal = val;
          bestLen = len;
          found = true;
        }
      }
      // cppjieba starts from MIN_DOUBLE and keeps the first value above it.
      best[i] = bestVal > MIN_DOUBLE ? bestVal : MIN_DOUBLE;
      take[i] = bestVal > MIN_DOUBLE ? bestLen : 1;
    }
    // Words of two or more code points stand; runs of single ones go to the HMM.
    let runStart = -1;
    for (let i = 0; i < n; ) {
      const len = take[i];
      if (len === 1) {
        if (runStart < 0) runStart = i;
        i++;
        continue;
      }
      if (runStart >= 0) this.hmmCut(model, cps, from + runStart, from + i, cuts);
      runStart = -1;
      i += len;
      cuts.push(from + i);
    }
    if (runStart >= 0) this.hmmCut(model, cps, from + runStart, to, cuts);
  }

  /** HMMSegment::Cut on code points [from, to). */
  private hmmCut(model: Model, cps: number[], from: number, to: number, cuts: number[]): void {
    let left = from;
    let right = from;
    while (right < to) {
      if (cps[right] < 0x80) {
        if (left !== right) this.viterbi(model, cps, left, right, cuts);
        left = right;
        if (isLetter(cps[left])) {
          right = left + 1;
          while (right < to && (isLetter(cps[right]) || isDigit(cps[right]))) right++;
        } else if (isDigit(cps[left])) {
          right = left + 1;
          while (right < to && (isDigit(cps[right]) || cps[right] === 0x2e)) right++;
        } else right = left + 1;
        cuts.push(right);
        left = right;
      } else right++;
    }
    if (left !== right) this.viterbi(model, cps, left, right, cuts);
  }

  /** Viterbi over B/E/M/S; a token ends at every E or S. */
  private viterbi(model: Model, cps: number[], from: number, to: number, cuts: number[]): void {
    const X = to - from;
    const { start, trans } = model;
    if (this.weight.length < X * 4) {
      this.weight = new Float64Array(X * 8);
      this.path = new Int8Array(X * 8);
    }
    const { weight, path } = this;
    const e0 = emissions(model, cps[from]);
    for (let y = 0; y < 4; y++) {
      weight[y * X] = start[y] + e0[y];
      path[y * X] = -1;
    }
    for (let x = 1; x < X; x++) {
      const ex = emissions(model, cps[from + x]);
      for (let y = 0; y < 4; y++) {
        const now = x + y * X;
        let w = MIN_DOUBLE;
        let p = E;
        const e = ex[y];
        for (let py = 0; py < 4; py++) {
          const tmp = weight[x - 1 + py * X] + trans[py * 4 + y] + e;
          if (tmp > w) {
            w = tmp;
            p = py;
          }
        }
        weight[now] = w;
        path[now] = p;
      }
    }
    let stat = weight[X - 1 + E * X] >= weight[X - 1 + S * X] ? E : S;
    // Backwards: a token ends at every E (1) or S (3), the odd states.
    const ends: number[] = [];
    for (let x = X - 1; x >= 0; x--) {
      if (stat % 2 === 1) ends.push(from + x + 1);
      stat = path[x + stat * X];
    }
    for (let k = ends.length - 1; k >= 0; k--) cuts.push(ends[k]);
  }
}

/**
 * A segmenter that knows `words` (a scanner's whole-word dictionary terms). Nothing is read
 * until the first cut.
 */
export function createJiebaSegmenter(words: Iterable<string>): Segmenter {
  return new JiebaSegmenter(words);
}
