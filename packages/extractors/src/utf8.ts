/**
 * Strict UTF-8 → UTF-16 code units, in JavaScript.
 *
 * Why not TextDecoder: on Node 20 TextDecoder decodes Chinese UTF-8 at ~4.6 ms/MB, and the engine
 * then reads the resulting string unit by unit again. This loop decodes the same bytes into a
 * Uint16Array in ~1.9 ms/MB; the string is then one copy of those units (~0.4 ms/MB), and the
 * normalizer reads the typed array instead of calling charCodeAt (`pnpm bench text` shows the whole
 * effect). Validation is the WHATWG decoder's: overlong forms, surrogates, code points beyond
 * U+10FFFF and truncated sequences are errors — the caller then falls back to the detecting path.
 */
import { isUtf8, transcode } from 'node:buffer';
import { markWithoutSuspectUnits, type UnitMemory } from '@prepub/core';

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * Decodes `bytes[from..]` as strict UTF-8; `undefined` when the bytes are not valid UTF-8.
 * @param memory where to put the units (reused memory, see `ExtractContext.unitMemory`); a fresh array without
 */
export function decodeUtf8Units(bytes: Uint8Array, from = 0, memory?: UnitMemory): Uint16Array | undefined {
  // Node's own validation (simdutf, ~0.1 ms/MB) rejects exactly what the WHATWG decoder does:
  // overlong forms, surrogates, code points beyond U+10FFFF, truncated sequences.
  return isUtf8(bytes.subarray(from)) ? decodeValidUtf8(bytes, from, memory) : undefined;
}

/**
 * From this many bytes on, valid UTF-8 is converted by ICU (`buffer.transcode`, native: ~0.5 ms/MB
 * of Chinese text where the loop below takes ~1.8, measured on the realistic bench corpus). The
 * units are then fresh memory rather than the arena's, not looked at here: the engine's normalizer
 * reads every unit anyway and says whether a suspect one is among them (core's `FACT_SUSPECT`),
 * which spares the quality check its own pass (~0.3 ms/MB). Below it, the call's fixed cost is not worth it.
 */
const TRANSCODE_FROM_BYTES = 16 * 1024;

/** Decodes bytes already known to be valid UTF-8: no check per byte, a shorter loop than a validating one. */
function decodeValidUtf8(bytes: Uint8Array, from: number, memory: UnitMemory | undefined): Uint16Array {
  const n = bytes.length;
  if (LITTLE_ENDIAN && n - from >= TRANSCODE_FROM_BYTES) {
    const units = transcodedUnits(bytes, from);
    if (units) return units;
  }
  return decodeValidUtf8Loop(bytes, from, memory);
}

/** Valid UTF-8 as UTF-16LE units by ICU; undefined where Node has no ICU or the result is not unit-aligned. */
function transcodedUnits(bytes: Uint8Array, from: number): Uint16Array | undefined {
  let out: Buffer;
  try {
    out = transcode(Buffer.from(bytes.buffer, bytes.byteOffset + from, bytes.length - from), 'utf8', 'ucs2');
  } catch {
    return undefined; // a Node built without ICU
  }
  if (out.byteOffset & 1) return undefined;
  return new Uint16Array(out.buffer, out.byteOffset, out.length >> 1);
}

/** The same in JavaScript, writing into `memory` and noting whether a suspect unit was written. Exported for tests. */
export function decodeValidUtf8Loop(bytes: Uint8Array, from: number, memory: UnitMemory | undefined): Uint16Array {
  const n = bytes.length;
  // Not zeroed (every unit read is written first): zeroing fresh memory of twice the byte count
  // would touch pages the units never reach (Chinese text needs a third of them), each a page fault.
  // One unit per byte at most: what is not used goes back to the memory it came from.
  const out = memory ? memory.take(Math.max(0, n - from)) : uninitializedUnits(Math.max(0, n - from));
  let o = 0;
  let i = from;
  // Whether a unit the quality check counts (core's quality.ts) was written: checked here, where
  // each unit is in hand, so that check need not read them all again. Over-approximated only
  // for the astral (every surrogate counts there).
  let suspect = 0;
  while (i < n) {
    const b0 = bytes[i];
    if (b0 < 0x80) {
      out[o++] = b0;
      // C0 controls but tab, LF, VT, FF and CR; DEL.
      if (b0 < 0x20 || b0 === 0x7f) suspect |= b0 === 0x7f ? 1 : (SUSPECT_C0 >>> b0) & 1;
      i++;
    } else if (b0 >= 0xe0 && b0 < 0xf0) {
      const u = ((b0 & 0x0f) << 12) | ((bytes[i + 1] & 0x3f) << 6) | (bytes[i + 2] & 0x3f);
      out[o++] = u;
      // U+202D/U+202E, private use U+E000–U+EFFF and U+F100–U+F8FF, U+FFFD (valid UTF-8 holds no surrogate).
      if (b0 === 0xe2 || b0 >= 0xee) suspect |= +(u === 0x202d || u === 0x202e || (u >= 0xe000 && u <= 0xefff) || (u >= 0xf100 && u <= 0xf8ff) || u === 0xfffd);
      i += 3;
    } else if (b0 < 0xe0) {
      // C1 controls are U+0080–U+009F: lead byte C2, second byte below A0.
      if (b0 === 0xc2 && bytes[i + 1] < 0xa0) suspect = 1;
      out[o++] = ((b0 & 0x1f) << 6) | (bytes[i + 1] & 0x3f);
      i += 2;
    } else {
      suspect = 1;
      const v = (((b0 & 0x07) << 18) | ((bytes[i + 1] & 0x3f) << 12) | ((bytes[i + 2] & 0x3f) << 6) | (bytes[i + 3] & 0x3f)) - 0x10000;
      out[o++] = 0xd800 | (v >> 10);
      out[o++] = 0xdc00 | (v & 0x3ff);
      i += 4;
    }
  }
  memory?.giveBack(out, o);
  const units = out.subarray(0, o);
  if (!suspect) markWithoutSuspectUnits(units);
  return units;
}

/** Bit `c` set for the C0 controls the quality check counts: all but tab, LF, VT, FF and CR. */
const SUSPECT_C0 = ~((1 << 0x09) | (1 << 0x0a) | (1 << 0x0b) | (1 << 0x0c) | (1 << 0x0d)) >>> 0;

/** `n` UTF-16 units of memory of their own (no pool), not zeroed. */
function uninitializedUnits(n: number): Uint16Array {
  return n === 0 ? new Uint16Array(0) : new Uint16Array(Buffer.allocUnsafeSlow(n * 2).buffer, 0, n);
}

/** The string of UTF-16 units `units`: one copy, no per-character work. */
export function unitsToString(units: Uint16Array): string {
  if (units.length === 0) return '';
  if (LITTLE_ENDIAN) return Buffer.from(units.buffer, units.byteOffset, units.length * 2).toString('utf16le');
  // A big-endian machine stores the units the other way round: build the string in chunks.
  let s = '';
  for (let i = 0; i < units.length; i += 8192) s += String.fromCharCode(...units.subarray(i, i + 8192));
  return s;
}

/** UTF-8 decoded with replacement: the units (U+FFFD where bytes were invalid) and where each error was. */
export interface LenientUtf8 {
  units: Uint16Array;
  /** Byte ranges `[start, end)` that became one U+FFFD each, in order (the first `maxErrors`). */
  errors: Array<[number, number]>;
  /** How many U+FFFD were produced. */
  invalid: number;
  /** Valid multi-byte sequences seen: evidence that the bytes are UTF-8 at all. */
  multibyte: number;
}

/**
 * Decodes `bytes[from..]` as UTF-8 the way the WHATWG decoder does (one U+FFFD per maximal invalid
 * subpart, the offending byte read again), so the text equals TextDecoder's, but also records the
 * byte range of every error: those ranges are what the report names as unread.
 */
export function decodeUtf8Lenient(bytes: Uint8Array, from = 0, maxErrors = Infinity): LenientUtf8 {
  const n = bytes.length;
  const out = new Uint16Array(Math.max(0, n - from));
  const errors: Array<[number, number]> = [];
  let multibyte = 0;
  let invalid = 0;
  let o = 0;
  let i = from;
  while (i < n) {
    const b0 = bytes[i];
    if (b0 < 0x80) {
      out[o++] = b0;
      i++;
      continue;
    }
    let need: number;
    let lower = 0x80;
    let upper = 0xbf;
    let cp: number;
    if (b0 >= 0xc2 && b0 <= 0xdf) {
      need = 1;
      cp = b0 & 0x1f;
    } else if (b0 >= 0xe0 && b0 <= 0xef) {
      need = 2;
      cp = b0 & 0x0f;
      if (b0 === 0xe0) lower = 0xa0;
      if (b0 === 0xed) upper = 0x9f;
    } else if (b0 >= 0xf0 && b0 <= 0xf4) {
      need = 3;
      cp = b0 & 0x07;
      if (b0 === 0xf0) lower = 0x90;
      if (b0 === 0xf4) upper = 0x8f;
    } else {
      if (invalid++ < maxErrors) errors.push([i, i + 1]);
      out[o++] = 0xfffd;
      i++;
      continue;
    }
    let j = i + 1;
    let ok = true;
    for (let k = 0; k < need; k++, j++) {
      const b = j < n ? bytes[j] : -1;
      const lo = k === 0 ? lower : 0x80;
      const hi = k === 0 ? upper : 0xbf;
      if (b < lo || b > hi) {
        ok = false;
        break;
      }
      cp = (cp << 6) | (b & 0x3f);
    }
    if (!ok) {
      // The bytes read so far are one error; the byte that broke the sequence is read again.
      if (invalid++ < maxErrors) errors.push([i, j]);
      out[o++] = 0xfffd;
      i = j;
      continue;
    }
    multibyte++;
    if (cp >= 0x10000) {
      const v = cp - 0x10000;
      out[o++] = 0xd800 | (v >> 10);
      out[o++] = 0xdc00 | (v & 0x3ff);
    } else out[o++] = cp;
    i = j;
  }
  return { units: out.subarray(0, o), errors, invalid, multibyte };
}
