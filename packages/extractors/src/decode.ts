/**
 * Text decoding with detection, not assumption, and without a silent fallback.
 *
 * Certain cases take one path and cost nothing extra: a UTF-8 BOM, valid UTF-8, UTF-16 by its BOM
 * or its NUL-byte pattern, a declared charset whose reading is clean and looks like text. Anything
 * else is ambiguous: every candidate decoding (declared charset, UTF-8, GB18030, Big5, UTF-16LE/BE,
 * windows-1252) is made and scored by how much it reads like text, the best one is the primary
 * reading and every other plausible one is kept as an alternative, which the extractors scan too —
 * a marking visible in any plausible reading is found. BOM-less UTF-16 without NUL bytes is never a
 * primary reading, only an alternative.
 *
 * Bytes a reading cannot decode are U+FFFD in its text and listed with their byte offsets
 * ({@link decodingLosses}); a primary reading that looks like no text at all is a loss as well.
 *
 * Why not a detector package: chardet 2.2 names short Chinese texts KOI8-R, Shift_JIS, ISO-8859-1 or
 * windows-1253 (Big5 `国家秘密`, `内部资料 注意保存`, `机密★5年` GBK), and jschardet 4.0 ranks them right
 * with confidences of 0.08–0.41 that cannot tell a plausible reading from an implausible one. The
 * score below uses the common-character tables of GB2312 and Big5 themselves.
 */

import { defineLazyText, type Loss, type UnitMemory } from '@prepub/core';
import { decodeUtf8Lenient, decodeUtf8Units, unitsToString } from './utf8.ts';

/** One reading of the bytes. */
export interface Decoding {
  /** WHATWG encoding name (`utf-8`, `gb18030`, `gbk`, `big5`, `utf-16le`, `windows-1252` …); `utf-8-bom` for UTF-8 with a BOM. */
  encoding: string;
  text: string;
  /** `text` as UTF-16 units, when the decoder produced them (UTF-8): the normalizer reads these. */
  units?: Uint16Array;
  /** Byte sequences that were not valid in this encoding (each is one U+FFFD in `text`). */
  invalid: number;
  /** Byte ranges `[start, end)` of the first invalid sequences (at most {@link MAX_LOCATED}). */
  errors: Array<[number, number]>;
  /** How much the reading looks like text, 0..1 (1 for certain readings). */
  confidence: number;
  /** Why this reading was made: `BOM`, `valid UTF-8`, `declared in <meta charset>` … */
  basis: string;
}

export interface Decoded extends Decoding {
  /** Other plausible readings of the same bytes, each to be scanned as well. Empty when certain. */
  alternatives: Decoding[];
  /** The charset the document declared, as declared, and where. */
  declared?: { label: string; source: string };
  /** Set when no reading looks like text: the primary reading is then mojibake or binary. */
  implausible?: boolean;
  /** The file starts with this encoding's BOM, which the rest contradicts: bytes 0–1 were not read. */
  strayBom?: 'utf-16le' | 'utf-16be';
  /**
   * Bytes read by a guess no declaration confirms: a windows-1252 reading of bytes that are not
   * valid UTF-8 (a Latin-1 é, or a UTF-8 file with a broken byte: the bytes cannot tell).
   */
  guessed?: { count: number; errors: Array<[number, number]> };
}

/** A charset declaration found in or with the document. */
export interface DeclaredCharset {
  label: string;
  /** Where it was declared: `<meta charset>`, `Content-Type`, `XML declaration`. */
  source: string;
}

/** Bytes scored to compare readings. */
const HEAD = 8192;
const NO_BOM_UTF16 = 'possible UTF-16 without BOM or NUL bytes';
/** How many invalid sequences are located exactly; the rest are counted. */
const MAX_LOCATED = 20;
/** Score from which a reading counts as plausible text. */
const PLAUSIBLE = 0.75;
/** Score below which the best reading counts as no text at all. */
const IMPLAUSIBLE = 0.55;

// --- common characters -----------------------------------------------------------------------

let common: Uint8Array | undefined;

/**
 * The common hanzi: GB2312 level 1 (3,755 simplified characters, about 99.7% of running simplified
 * text) and Big5 level 1 (5,401 traditional characters), taken from the decoders' own tables.
 */
function commonHanzi(): Uint8Array {
  if (common) return common;
  const set = new Uint8Array(0x10000);
  const gb: number[] = [];
  for (let lead = 0xb0; lead <= 0xd7; lead++) for (let t = 0xa1; t <= 0xfe; t++) gb.push(lead, t);
  const big5: number[] = [];
  for (let lead = 0xa4; lead <= 0xc6; lead++) {
    for (let t = 0x40; t <= 0xfe; t++) if (t <= 0x7e || t >= 0xa1) big5.push(lead, t);
  }
  for (const [enc, bytes] of [['gb18030', gb], ['big5', big5]] as const) {
    const s = new TextDecoder(enc).decode(Uint8Array.from(bytes));
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c >= 0x3400 && c <= 0x9fff) set[c] = 1;
    }
  }
  common = set;
  return set;
}

/** Punctuation and symbols of ordinary Chinese and Western text. */
function isTextSymbol(c: number): boolean {
  return (
    (c >= 0x3000 && c <= 0x303f) || // CJK punctuation
    (c >= 0xff01 && c <= 0xff5e) || // full-width forms
    (c >= 0x2010 && c <= 0x203b) || // dashes, quotes, ellipsis, ※
    c === 0x2103 || c === 0x2116 || c === 0x2122 || c === 0x20ac ||
    (c >= 0x2160 && c <= 0x216b) || // Roman numerals
    (c >= 0x2460 && c <= 0x249b) || // circled and parenthesised numbers
    (c >= 0x25a0 && c <= 0x25cf) || // squares and circles
    c === 0x2605 || c === 0x2606 || // ★ ☆
    (c >= 0x2190 && c <= 0x2193) // arrows
  );
}

/**
 * What Western text uses from Latin-1 and windows-1252: accented letters, the curly quotes, dashes,
 * ellipsis, bullet, and a few signs (© ® ° £ € § « » · ¿ ™, no-break space). The other Latin-1
 * signs (¤ ¦ ¨ ± ¹ ¾ ÷ …) are what a double-byte text read as Latin-1 turns into.
 */
function isLatin(c: number): boolean {
  if (c >= 0xc0 && c <= 0xff) return c !== 0xd7 && c !== 0xf7;
  return (
    c === 0xa0 || c === 0xa3 || c === 0xa7 || c === 0xa9 || c === 0xab || c === 0xae || c === 0xb0 || c === 0xb7 || c === 0xbb || c === 0xbf ||
    c === 0x152 || c === 0x153 || c === 0x160 || c === 0x161 || c === 0x178 || c === 0x17d || c === 0x17e ||
    (c >= 0x2018 && c <= 0x201e) || c === 0x2013 || c === 0x2014 || c === 0x2026 || c === 0x2022 || c === 0x20ac || c === 0x2122
  );
}

function isCyrillicOrGreek(c: number): boolean {
  return (c >= 0x0410 && c <= 0x044f) || c === 0x0401 || c === 0x0451 || (c >= 0x0391 && c <= 0x03c9);
}

/**
 * How much `text` reads like text, 0..1: the share of its non-ASCII characters that are common
 * hanzi, text punctuation or Latin letters standing alone or in pairs between ASCII (accented
 * letters in Western text). Misreading one encoding as another yields rare ideographs, symbols
 * from the wrong rows, runs of Latin-1 letters, controls and U+FFFD, which all count against it.
 * ASCII control characters count against it too (binary data).
 */
export function textScore(text: string, limit = 8192): { score: number; nonAscii: number } {
  const set = commonHanzi();
  const n = Math.min(text.length, limit);
  let good = 0;
  let bad = 0;
  let latinRun = 0;
  // Latin letters count in runs: one between ASCII or punctuation is a Western word (café), two
  // only as lower-case letters (ação); longer runs, capitals in pairs, or runs glued to ideographs
  // are a double-byte text read as Latin-1.
  let runLower = true;
  const endRun = (separator: boolean): void => {
    if (separator && (latinRun === 1 || (latinRun === 2 && runLower))) good += latinRun;
    else bad += latinRun;
    latinRun = 0;
    runLower = true;
  };
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) {
      if (latinRun > 0) endRun(true);
      if (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d && c !== 0x0c) bad++;
      continue;
    }
    if (isTextSymbol(c)) {
      // Quotes, dashes and the like belong to Chinese and Western text alike.
      if (latinRun > 0) endRun(true);
      good++;
      continue;
    }
    if (isLatin(c)) {
      latinRun++;
      if (!(c >= 0xdf && c <= 0xff)) runLower = false;
      continue;
    }
    if (latinRun > 0) endRun(false);
    if (isCyrillicOrGreek(c)) {
      // Russian or Greek words (GBK and Big5 both carry these letters): a letter among letters of
      // its own script or beside a space is text; one glued to ideographs is a misreading.
      const prev = i > 0 ? text.charCodeAt(i - 1) : 0x20;
      const next = i + 1 < text.length ? text.charCodeAt(i + 1) : 0x20;
      const kin = (d: number): boolean => isCyrillicOrGreek(d) || d < 0x80;
      kin(prev) && kin(next) ? good++ : bad++;
      continue;
    }
    if (c >= 0x3400 && c <= 0x9fff) set[c] ? good++ : bad++;
    else if (c === 0xfffd) bad += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      bad++;
      i++;
    } else bad++;
  }
  if (latinRun > 0) endRun(true);
  const total = good + bad;
  return { score: total === 0 ? 1 : good / total, nonAscii: total };
}

// --- decoders with located errors ------------------------------------------------------------

function countReplacement(s: string): number {
  let n = 0;
  for (let i = s.indexOf('\uFFFD'); i >= 0; i = s.indexOf('\uFFFD', i + 1)) n++;
  return n;
}

/**
 * Byte ranges of the invalid sequences of a GB18030/GBK or Big5 reading: the bytes are walked by
 * the encoding's structure (the WHATWG decoders' rules, an ASCII byte that breaks a sequence being
 * read again) alongside the decoded text, whose U+FFFD says which structurally whole characters
 * were unmapped. Linear; runs only for readings that hold invalid bytes.
 */
function locateDbcsErrors(bytes: Uint8Array, text: string, big5: boolean, from: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  const n = bytes.length;
  let i = from;
  let k = 0;
  const error = (end: number): void => {
    out.push([i, end]);
    k++;
    i = end;
  };
  while (i < n && out.length < MAX_LOCATED) {
    const b = bytes[i];
    if (b < 0x80 || (b === 0x80 && !big5)) {
      i++;
      k++;
      continue;
    }
    if (b === 0x80 || b === 0xff) {
      error(i + 1);
      continue;
    }
    if (i + 1 >= n) {
      error(n);
      continue;
    }
    const b2 = bytes[i + 1];
    if (!big5 && b2 >= 0x30 && b2 <= 0x39) {
      if (i + 2 >= n || (bytes[i + 2] >= 0x81 && bytes[i + 2] <= 0xfe && i + 3 >= n)) {
        error(n);
        continue;
      }
      const b3 = bytes[i + 2];
      const b4 = bytes[i + 3];
      if (!(b3 >= 0x81 && b3 <= 0xfe && b4 >= 0x30 && b4 <= 0x39)) {
        error(i + 1);
        continue;
      }
      if (text.charCodeAt(k) === 0xfffd) error(i + 4);
      else {
        k += text.charCodeAt(k) >= 0xd800 && text.charCodeAt(k) <= 0xdbff ? 2 : 1;
        i += 4;
      }
      continue;
    }
    const trail = big5 ? (b2 >= 0x40 && b2 <= 0x7e) || (b2 >= 0xa1 && b2 <= 0xfe) : (b2 >= 0x40 && b2 <= 0x7e) || (b2 >= 0x80 && b2 <= 0xfe);
    if (!trail || text.charCodeAt(k) === 0xfffd) {
      error(b2 < 0x80 ? i + 1 : i + 2);
      continue;
    }
    const c = text.charCodeAt(k);
    // Big5 has four pointers that map to two code points (Ê̄, Ê̌, ê̄, ê̌).
    const two = (c >= 0xd800 && c <= 0xdbff) || (big5 && b === 0x88 && (b2 === 0x62 || b2 === 0x64 || b2 === 0xa3 || b2 === 0xa5));
    k += two ? 2 : 1;
    i += 2;
  }
  return out;
}

/** Byte ranges of invalid sequences for other encodings: the lines (split at LF) that hold them. */
function locateLineErrors(bytes: Uint8Array, encoding: string, from: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  const d = new TextDecoder(encoding);
  for (let start = from; start < bytes.length && out.length < MAX_LOCATED; ) {
    let end = bytes.indexOf(0x0a, start);
    end = end < 0 ? bytes.length : end + 1;
    if (d.decode(bytes.subarray(start, end)).indexOf('\uFFFD') >= 0) out.push([start, end]);
    start = end;
  }
  return out;
}

/** windows-1252's 0x80–0x9F (WHATWG: the five unassigned bytes stay C1 controls). */
export const CP1252_HIGH = [
  0x20ac, 0x81, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039, 0x152, 0x8d, 0x17d, 0x8f,
  0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x2dc, 0x2122, 0x161, 0x203a, 0x153, 0x9d, 0x17e, 0x178,
];

/** windows-1252 by its table: Node's TextDecoder decodes this label as ISO-8859-1 (’ becomes U+0092). */
function decodeWindows1252(bytes: Uint8Array): string {
  const units = new Uint16Array(bytes.length);
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i];
    units[i] = b >= 0x80 && b < 0xa0 ? CP1252_HIGH[b - 0x80] : b;
  }
  return unitsToString(units);
}

/**
 * Big5 as WHATWG decodes it. Node's decoder (ICU) drops a 0x80 or 0xFF byte that stands alone
 * instead of yielding U+FFFD, so such bytes would vanish unreported: they are split out here.
 */
function decodeBig5(bytes: Uint8Array): string {
  if (bytes.indexOf(0x80) < 0 && bytes.indexOf(0xff) < 0) return new TextDecoder('big5').decode(bytes);
  const pieces: string[] = [];
  let start = 0;
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i];
    if (b < 0x80) i++;
    else if (b === 0x80 || b === 0xff) {
      pieces.push(new TextDecoder('big5').decode(bytes.subarray(start, i)), '\uFFFD');
      start = ++i;
    } else {
      // A lead byte takes its trail byte, except an ASCII byte that is no trail, read again.
      const t = bytes[i + 1];
      i += t === undefined || (t < 0x80 && !(t >= 0x40 && t <= 0x7e)) ? 1 : 2;
    }
  }
  pieces.push(new TextDecoder('big5').decode(bytes.subarray(start)));
  return pieces.join('');
}

function decodeLegacy(bytes: Uint8Array, encoding: string, basis: string, from = 0): Decoding {
  const text =
    encoding === 'windows-1252' ? decodeWindows1252(bytes.subarray(from)) : encoding === 'big5' ? decodeBig5(bytes.subarray(from)) : new TextDecoder(encoding).decode(bytes.subarray(from));
  const invalid = countReplacement(text);
  const dbcs = encoding === 'gb18030' || encoding === 'gbk' || encoding === 'big5';
  const errors = invalid === 0 ? [] : dbcs ? locateDbcsErrors(bytes, text, encoding === 'big5', from) : locateLineErrors(bytes, encoding, from);
  return { encoding, text, invalid, errors, confidence: 0, basis };
}

function decodeUtf16(bytes: Uint8Array, encoding: 'utf-16le' | 'utf-16be', basis: string, from = 0): Decoding {
  const text = new TextDecoder(encoding).decode(bytes.subarray(from));
  const errors: Array<[number, number]> = [];
  let invalid = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c !== 0xfffd) continue;
    invalid++;
    // Each unit is two bytes; an odd last byte is the last U+FFFD.
    const at = from + i * 2;
    if (errors.length < MAX_LOCATED) errors.push([at, Math.min(at + 2, bytes.length)]);
  }
  return { encoding, text, invalid, errors, confidence: 0, basis };
}

function decodeUtf8(bytes: Uint8Array, from: number, encoding: string, basis: string, memory?: UnitMemory): Decoding & { multibyte: number } {
  const units = decodeUtf8Units(bytes, from, memory);
  if (units) return validUtf8({ encoding, text: '', units, invalid: 0, errors: [], confidence: 1, basis, multibyte: 1 });
  const r = decodeUtf8Lenient(bytes, from, MAX_LOCATED);
  return { encoding, text: unitsToString(r.units), units: r.units, invalid: r.invalid, errors: r.errors, confidence: 0, basis, multibyte: r.multibyte };
}

/** UTF-16 by its NUL bytes: ASCII-range characters have a zero high byte on one side. */
function nulPattern(bytes: Uint8Array, from: number): 'utf-16le' | 'utf-16be' | undefined {
  const n = Math.min(bytes.length - from, 4096) & ~1;
  if (n < 2) return undefined;
  let evenZero = 0;
  let oddZero = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[from + i] === 0) evenZero++;
    if (bytes[from + i + 1] === 0) oddZero++;
  }
  const half = n / 2;
  // One NUL on the other side is allowed however short the text (a byte appended or lost).
  const few = Math.max(1, half * 0.05);
  if (oddZero > half * 0.3 && evenZero <= few) return 'utf-16le';
  if (evenZero > half * 0.3 && oddZero <= few) return 'utf-16be';
  return undefined;
}

/**
 * The UTF-16 byte order the file's NUL bytes point to: text in any other encoding has none, and in
 * UTF-16 they are the high bytes of line breaks, digits and spaces, with now and then the low byte
 * of an ideograph (开 is U+5F00). Most of them (more than twice as many) on one side name the order.
 */
function nulSide(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | undefined {
  const n = Math.min(bytes.length, 4096) & ~1;
  let evenZero = 0;
  let oddZero = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) evenZero++;
    if (bytes[i + 1] === 0) oddZero++;
  }
  if (oddZero > 2 * evenZero) return 'utf-16le';
  if (evenZero > 2 * oddZero) return 'utf-16be';
  return undefined;
}

function scored(d: Decoding): Decoding {
  d.confidence = textScore(d.text).score;
  return d;
}

function certain(d: Decoding, declared?: DeclaredCharset): Decoded {
  // Not a spread, which would build a lazy text (see validUtf8).
  const c = Object.defineProperties({}, Object.getOwnPropertyDescriptors(d)) as Decoded;
  c.confidence = 1;
  c.alternatives = [];
  if (declared) c.declared = declared;
  return c;
}

/**
 * A reading of valid UTF-8 whose `text` is built from its units on first read: the engine needs
 * only the units, and a string of Chinese text of 64K–1M units costs page faults (core's
 * part-text.ts tells why).
 */
function validUtf8<T extends Decoding & { units: Uint16Array }>(d: T): T {
  // `text` is in the literal only to keep its place among the keys; defining it keeps that place.
  return defineLazyText(d);
}

/**
 * UTF-16 told by its BOM or NUL bytes. Certain when the reading looks like text; otherwise a stray
 * byte may have shifted it (the NULs then sit on the other side), so the reading one byte on, in
 * the other byte order, is kept as an alternative, and a reading that looks like no text is a loss.
 */
function utf16Reading(bytes: Uint8Array, enc: 'utf-16le' | 'utf-16be', from: number, basis: string): Decoded {
  const d = scored(decodeUtf16(bytes, enc, basis, from));
  if (d.confidence >= PLAUSIBLE) return certain(d);
  const shifted = scored(decodeUtf16(bytes, enc === 'utf-16le' ? 'utf-16be' : 'utf-16le', `${basis}, one byte on (a stray byte)`, from + 1));
  const alternatives = shifted.confidence >= PLAUSIBLE ? [shifted] : [];
  return { ...d, alternatives, ...(d.confidence < IMPLAUSIBLE ? { implausible: true } : {}) };
}

/** The WHATWG name of a declared label, or undefined when no decoder knows it. */
function canonical(label: string): string | undefined {
  try {
    return new TextDecoder(label.trim()).encoding;
  } catch {
    return undefined;
  }
}

/** How much higher than the declared reading another must score to be kept beside it. */
const CLEARLY_BETTER = 0.03;

/**
 * Other readings of bytes whose declared (legacy) charset decodes cleanly and looks like text, that
 * decode cleanly too and look clearly more like text: the declaration may be wrong where prepub's
 * prescan and a browser's differ, or where the page is served or saved another way. A GBK page
 * declared Big5 reads as common Big5 characters (保密检查 as 悵躇潰脤) and scores high, but its GB18030
 * reading scores higher still; it is kept as an alternative, so a marking in it is found. Scored on
 * the first 8 KiB; nothing is added for ASCII text, where every reading is the same.
 */
function clearlyBetter(bytes: Uint8Array, declaredName: string): Decoding[] {
  const cut = bytes.length <= HEAD ? bytes.length : bytes.lastIndexOf(0x0a, HEAD) + 1 || HEAD;
  const head = bytes.subarray(0, cut);
  if (!head.some((b) => b >= 0x80)) return [];
  const family = declaredName === 'gbk' || declaredName === 'gb2312' ? 'gb18030' : declaredName;
  const own = textScore(decodeLegacy(head, declaredName, '').text).score;
  const out: Decoding[] = [];
  for (const enc of ['utf-8', 'gb18030', 'big5']) {
    if (enc === family) continue;
    const basis = `scores clearly higher than the declared ${declaredName}`;
    if (enc === 'utf-8') {
      // Valid UTF-8 with multi-byte characters is UTF-8 whatever the page declares.
      const units = decodeUtf8Units(bytes, 0);
      if (!units) continue;
      const d = validUtf8({ encoding: 'utf-8', text: '', units, invalid: 0, errors: [], confidence: 0, basis });
      const score = textScore(d.text).score;
      if (score >= own + CLEARLY_BETTER) out.push(Object.assign(d, { confidence: score }));
      continue;
    }
    const h = decodeLegacy(head, enc, '');
    if (h.invalid > 0) continue;
    const score = textScore(h.text).score;
    if (score < own + CLEARLY_BETTER || score < PLAUSIBLE) continue;
    // Kept only when clean throughout: beside a clean declared reading, one with invalid bytes is the less likely.
    const full = decodeLegacy(bytes, enc, basis);
    if (full.invalid === 0) out.push({ ...full, confidence: score });
  }
  return out;
}

/**
 * Decodes text bytes. `declared` is the charset the document or its transport declared; it is
 * honoured as the primary reading (as a browser does), and other readings are added when it does
 * not decode cleanly into plausible text.
 *
 * @param memory where valid UTF-8 is decoded to (see `ExtractContext.unitMemory`); the readings'
 *   `units` may then be views of it
 */
export function decodeText(bytes: Uint8Array, declared?: DeclaredCharset, memory?: UnitMemory): Decoded {
  // Certain: a UTF-8 BOM.
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return certain(decodeUtf8(bytes, 3, 'utf-8-bom', 'UTF-8 byte order mark', memory));

  const utf16Bom = bytes[0] === 0xff && bytes[1] === 0xfe ? 'utf-16le' : bytes[0] === 0xfe && bytes[1] === 0xff ? 'utf-16be' : undefined;
  if (utf16Bom) {
    const d = decodeUtf16(bytes, utf16Bom, 'UTF-16 byte order mark', 2);
    // A UTF-16 BOM is certain when the rest confirms it: NUL bytes in the pattern, or a reading
    // that looks like text. UTF-8 text behind the bytes FF FE (a broken export) reads as rare
    // ideographs in UTF-16 and falls through to detection, with UTF-16 kept as an alternative.
    if (nulPattern(bytes, 2) === utf16Bom) return utf16Reading(bytes, utf16Bom, 2, 'UTF-16 byte order mark');
    if (d.invalid === 0 && scored(d).confidence >= PLAUSIBLE && !decodeUtf8Units(bytes, 2)) return certain(d);
  }

  // A UTF-16 BOM the rest does not confirm: the other readings start after it, and the two bytes
  // are reported as not decoded.
  const skip = utf16Bom ? 2 : 0;
  const candidates: Decoding[] = [];
  let primary: Decoding | undefined;
  const declaredName = declared ? canonical(declared.label) : undefined;
  // A declared UTF-16 without a BOM or NUL pattern is what browsers ignore too (read as UTF-8).
  if (declared && declaredName && !declaredName.startsWith('utf-16')) {
    const basis = `declared in ${declared.source} (${declared.label.trim()})`;
    const d = declaredName === 'utf-8' ? decodeUtf8(bytes, skip, 'utf-8', basis, memory) : scored(decodeLegacy(bytes, declaredName, basis, skip));
    if (declaredName === 'utf-8' && d.invalid === 0 && !skip) return certain(d, declared);
    if (declaredName === 'utf-8') scored(d);
    if (d.invalid === 0 && d.confidence >= 0.9 && !skip) {
      const c = certain(d, declared);
      c.alternatives = clearlyBetter(bytes, declaredName);
      return c;
    }
    primary = d;
    candidates.push(d);
  }

  if (!primary) {
    // Certain: UTF-16 by its NUL bytes (BOM or not), valid UTF-8 (the common case, one pass).
    const nul = nulPattern(bytes, utf16Bom ? 2 : 0);
    if (nul && !utf16Bom) return utf16Reading(bytes, nul, 0, 'NUL bytes of UTF-16');
    // A BOM of the other byte order than the NULs show (a swapped BOM): the NULs decide.
    if (nul) return { ...utf16Reading(bytes, nul, 2, 'NUL bytes of UTF-16'), strayBom: utf16Bom };
    if (!utf16Bom) {
      const units = decodeUtf8Units(bytes, 0, memory);
      if (units) return certain(validUtf8({ encoding: 'utf-8', text: '', units, invalid: 0, errors: [], confidence: 1, basis: 'valid UTF-8' }));
    }
  }

  // Ambiguous: score every candidate reading on the first 8 KiB (cut after a line feed where
  // there is one, so no character is cut), then decode in full only the plausible ones and the best.
  const cut = bytes.length <= HEAD ? bytes.length : bytes.lastIndexOf(0x0a, HEAD) + 1 || HEAD;
  const head = bytes.subarray(0, cut);
  const have = new Set(candidates.map((c) => (c.encoding === 'gbk' ? 'gb18030' : c.encoding)));
  type Plan = { encoding: string; from: number; basis: string; score: number; raw?: number; full: () => Decoding };
  const plans: Plan[] = [];
  if (utf16Bom) {
    const h = scored(decodeUtf16(head, utf16Bom, '', 2));
    plans.push({ encoding: utf16Bom, from: 2, basis: 'UTF-16 byte order mark', score: h.invalid ? h.confidence - 0.2 : h.confidence, raw: h.confidence, full: () => ({ ...decodeUtf16(bytes, utf16Bom, 'UTF-16 byte order mark', 2), confidence: h.confidence }) });
  }
  if (!have.has('utf-8')) {
    // Valid multi-byte sequences rarely occur by chance in other encodings (about one GBK
    // character in twelve, seldom twice in a row): UTF-8 with a few broken bytes is UTF-8.
    // The head decides when it already shows invalid bytes; a clean head needs the whole file.
    const h = decodeUtf8Lenient(head, skip, 0);
    const r = h.invalid > 0 && cut < bytes.length ? h : decodeUtf8Lenient(bytes, skip, 0);
    const score = r.multibyte === 0 ? 0 : r.multibyte >= 2 * r.invalid ? 0.99 : r.multibyte * 2 >= r.invalid ? PLAUSIBLE : 0.3;
    plans.push({ encoding: 'utf-8', from: skip, basis: 'UTF-8 with invalid bytes', score, full: () => ({ ...decodeUtf8(bytes, skip, 'utf-8', r.invalid ? 'UTF-8 with invalid bytes' : 'UTF-8'), confidence: score }) });
  }
  for (const enc of ['gb18030', 'big5', 'windows-1252']) {
    if (have.has(enc)) continue;
    const h = scored(decodeLegacy(head, enc, '', skip));
    plans.push({ encoding: enc, from: skip, basis: 'detected', score: h.invalid ? h.confidence - 0.2 : h.confidence, raw: h.confidence, full: () => ({ ...decodeLegacy(bytes, enc, 'detected', skip), confidence: h.confidence }) });
  }
  if (!utf16Bom && bytes.length >= 4) {
    for (const enc of ['utf-16le', 'utf-16be'] as const) {
      const h = scored(decodeUtf16(head.subarray(0, head.length & ~1), enc, ''));
      if (h.invalid === 0 && h.confidence >= PLAUSIBLE) plans.push({ encoding: enc, from: 0, basis: NO_BOM_UTF16, score: -1, full: () => ({ ...decodeUtf16(bytes, enc, NO_BOM_UTF16), confidence: h.confidence }) });
    }
  }
  const top = Math.max(...plans.map((p) => p.score));
  // Decoded in full: the best, and every reading that may become an alternative (plausible, or
  // looking like text despite a few invalid bytes).
  for (const p of plans) if (p.score === top || (p.raw ?? p.score) >= IMPLAUSIBLE || p.basis === NO_BOM_UTF16) candidates.push(p.full());
  // The declared reading first (as a browser shows it), then clean readings by score; the order
  // above breaks ties (UTF-8, GB18030, Big5).
  const rank = (d: Decoding): number => d.confidence - (d.invalid > 0 ? 0.2 : 0) + (d === primary ? 10 : 0);
  // BOM-less UTF-16 without NUL bytes is never the primary reading, only an alternative; but when
  // most of the file's NULs stand on its high-byte side (a line break, a digit or a space of Chinese
  // text Notepad saved as UTF-16 without a BOM: too few NULs for nulPattern), it may be.
  const sided = nulSide(bytes);
  const weak = (d: Decoding): boolean => d.basis === NO_BOM_UTF16 && d.encoding !== sided;
  const ordered = [...candidates].sort((a, b) => Number(weak(a)) - Number(weak(b)) || rank(b) - rank(a));
  const best = ordered[0];
  // Alternatives: the other plausible readings (those with invalid bytes only when the primary has
  // some too, or is itself not plausible), and any reading that looks more like text than the
  // primary, invalid bytes or not.
  const alternatives = ordered
    .slice(1)
    .filter((d) => (d.confidence >= PLAUSIBLE && (d.invalid === 0 || best.invalid > 0 || best.confidence < PLAUSIBLE)) || d.confidence > best.confidence)
    .slice(0, 3);
  const result: Decoded = { ...best, alternatives, ...(declared ? { declared } : {}) };
  if (utf16Bom && best.basis !== 'UTF-16 byte order mark') result.strayBom = utf16Bom;
  if (best.encoding === 'windows-1252' && best.basis === 'detected') {
    const errors: Array<[number, number]> = [];
    let count = 0;
    for (let i = skip; i < bytes.length; i++) {
      if (bytes[i] < 0x80) continue;
      if (count++ < MAX_LOCATED) errors.push([i, i + 1]);
    }
    if (count) result.guessed = { count, errors };
  }
  // No reading looks like text: mojibake or binary, whatever the decoders say.
  if (best.confidence < IMPLAUSIBLE) result.implausible = true;
  return result;
}

function rangesText(errors: Array<[number, number]>, total: number): string {
  const shown = errors.map(([s, e]) => (e - s <= 1 ? `${s}` : `${s}-${e - 1}`)).join(', ');
  return total > errors.length ? `${shown} and ${total - errors.length} more` : shown;
}

/**
 * What decoding could not read, as losses: every invalid byte sequence of the primary reading and
 * of each alternative (offsets are byte offsets in the file), and a primary reading that looks like
 * no text. A marking may have stood in any of them, so each keeps the file from passing.
 */
export function decodingLosses(decoded: Decoded, where = 'file'): Loss[] {
  const losses: Loss[] = [];
  for (const d of [decoded, ...decoded.alternatives]) {
    if (d.invalid === 0) continue;
    const alt = d === decoded ? '' : ' (alternative reading)';
    losses.push({
      where: `${where} bytes ${rangesText(d.errors, d.invalid)}`,
      kind: 'undecodable-bytes',
      count: d.invalid,
      reason: 'corrupt',
      detail: `${d.invalid} byte sequence${d.invalid > 1 ? 's are' : ' is'} not valid ${d.encoding}${alt}: that part of the text could not be read`,
    });
  }
  if (decoded.guessed) {
    const { count, errors } = decoded.guessed;
    losses.push({
      where: `${where} bytes ${rangesText(errors, count)}`,
      kind: 'undecodable-bytes',
      count,
      reason: 'corrupt',
      detail: `${count} byte${count > 1 ? 's are' : ' is'} valid in no encoding the file declares or its bytes prove (not UTF-8, not GB18030 text): read as windows-1252, a guess — a UTF-8 file with broken bytes looks the same`,
    });
  }
  if (decoded.strayBom) {
    losses.push({
      where: `${where} bytes 0-1`,
      kind: 'undecodable-bytes',
      count: 1,
      reason: 'corrupt',
      detail: `the file starts with a ${decoded.strayBom.toUpperCase()} byte order mark, but the rest is ${decoded.encoding}: the two bytes were not read`,
    });
  }
  if (decoded.implausible) {
    const score = Math.round(decoded.confidence * 100);
    losses.push({
      where,
      kind: 'low-text-quality',
      count: 1,
      reason: 'corrupt',
      detail: `no encoding reads these bytes as text: read as ${decoded.encoding}, only ${score}% of the non-ASCII characters are common characters or punctuation (mojibake or binary data)`,
    });
  }
  return losses;
}

/** Suffix of the part ids of an alternative reading: `body@big5`. */
export function alternativeSuffix(d: Decoding): string {
  return `@${d.encoding}`;
}
