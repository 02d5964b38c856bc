/**
 * 7-bit encodings of Chinese that a byte-oriented reading takes for ASCII: HZ (RFC 1843, GB2312
 * between `~{` and `~}` with the high bits cleared) and UTF-7 (RFC 2152, `+…-` runs of modified
 * base64 of UTF-16). Read as ASCII they are gibberish and pass; an editor or mail program that
 * knows them shows the words. They are recognised only by strict signatures (the text outside the escapes ASCII or valid UTF-8) — HZ: every `~{` closed
 * by `~}` on its line, only valid GB2312 pairs between, at least one hanzi; UTF-7: runs that decode
 * to CJK text with clean padding, hanzi among them, at least as many as runs that decode to anything else — and the reading
 * is made in addition to the raw one, each character mapped to the bytes it came from.
 */
import type { SourceMap } from '@prepub/core';
import { byteIndex } from './byte-index.ts';

/** A reading of 7-bit bytes in HZ or UTF-7, mapped to the bytes. */
export interface SevenBitReading {
  encoding: 'hz-gb-2312' | 'utf-7';
  text: string;
  source: SourceMap;
}

let gbTable: string | undefined;
/** GB2312's characters by (row − 0x21) × 94 + (cell − 0x21), U+FFFD where unassigned. */
function gb2312(): string {
  if (gbTable) return gbTable;
  const bytes = new Uint8Array(94 * 94 * 2);
  for (let r = 0; r < 94; r++) for (let c = 0; c < 94; c++) {
    bytes[(r * 94 + c) * 2] = 0xa1 + r;
    bytes[(r * 94 + c) * 2 + 1] = 0xa1 + c;
  }
  // GBK decodes every GB2312 pair to one BMP character; unassigned GB2312 pairs are private use in
  // GBK (rows 0xAA–0xAF, 0xF8–0xFE) or U+FFFD: both count as invalid here.
  const s = new TextDecoder('gbk').decode(bytes);
  gbTable = s.length === 94 * 94 ? s.replace(/[\uE000-\uF8FF]/g, '\uFFFD') : '\uFFFD'.repeat(94 * 94);
  return gbTable;
}

const isHan = (c: number): boolean => (c >= 0x3400 && c <= 0x9fff) || (c >= 0xf900 && c <= 0xfaff);
/** What Chinese text in UTF-7 runs is made of: hanzi, CJK and full-width punctuation, symbols such as ★. */
const isCjkText = (c: number): boolean => isHan(c) || (c >= 0x3000 && c <= 0x303f) || (c >= 0xff00 && c <= 0xffef) || (c >= 0x2000 && c <= 0x27bf) || c === 0xb7 || c === 0xd7;

function lineStarts(bytes: Uint8Array): Uint32Array {
  const out = [0];
  for (let i = byteIndex(bytes, 0x0a); i >= 0; i = byteIndex(bytes, 0x0a, i + 1)) out.push(i + 1);
  return Uint32Array.from(out);
}

const UTF8 = new TextDecoder('utf-8', { fatal: true });
/** The UTF-8 character at `i` (text outside the escapes may be UTF-8), or undefined when invalid. */
function utf8Char(bytes: Uint8Array, i: number): { s: string; len: number } | undefined {
  const b = bytes[i];
  const len = b >= 0xf0 && b <= 0xf4 ? 4 : b >= 0xe0 ? 3 : b >= 0xc2 && b <= 0xdf ? 2 : 0;
  if (!len || i + len > bytes.length) return undefined;
  try {
    return { s: UTF8.decode(bytes.subarray(i, i + len)), len };
  } catch {
    return undefined;
  }
}

class Builder {
  private units: number[] = [];
  private starts: number[] = [];
  private ends: number[] = [];
  push(text: string, start: number, end: number): void {
    for (let i = 0; i < text.length; i++) {
      this.units.push(text.charCodeAt(i));
      this.starts.push(start);
      this.ends.push(end);
    }
  }
  done(bytes: Uint8Array): { text: string; source: SourceMap } {
    let text = '';
    for (let i = 0; i < this.units.length; i += 8192) text += String.fromCharCode(...this.units.slice(i, i + 8192));
    return { text, source: { starts: Uint32Array.from(this.starts), ends: Uint32Array.from(this.ends), unit: 'byte', lineStarts: lineStarts(bytes) } };
  }
}

/** The HZ reading of `bytes`, or undefined when they do not carry HZ's signature strictly. */
export function readHz(bytes: Uint8Array): SevenBitReading | undefined {
  if (Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).indexOf('~{') < 0) return undefined;
  const table = gb2312();
  const out = new Builder();
  let gb = false;
  let hanzi = 0;
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i];
    if (b >= 0x80) {
      const u = gb ? undefined : utf8Char(bytes, i);
      if (!u) return undefined;
      out.push(u.s, i, i + u.len);
      i += u.len;
      continue;
    }
    if (b === 0x7e) {
      const n = bytes[i + 1];
      if (!gb && n === 0x7b) gb = true;
      else if (gb && n === 0x7d) gb = false;
      else if (!gb && n === 0x7e) out.push('~', i, i + 2);
      else if (!gb && (n === 0x0a || (n === 0x0d && bytes[i + 2] === 0x0a))) i += n === 0x0d ? 1 : 0;
      else return undefined;
      i += 2;
      continue;
    }
    if (!gb) {
      out.push(String.fromCharCode(b), i, i + 1);
      i++;
      continue;
    }
    // GB mode: pairs of bytes 0x21–0x7E up to `~}`; a line ends only after the mode is closed.
    const t = bytes[i + 1];
    if (b < 0x21 || b > 0x7e || t === undefined || t < 0x21 || t > 0x7e) return undefined;
    const c = table[(b - 0x21) * 94 + (t - 0x21)];
    if (c === '\uFFFD') return undefined;
    if (isHan(c.charCodeAt(0))) hanzi++;
    out.push(c, i, i + 2);
    i += 2;
  }
  if (gb || hanzi === 0) return undefined;
  return { encoding: 'hz-gb-2312', ...out.done(bytes) };
}

const B64 = new Int8Array(128).fill(-1);
for (const [i, c] of [...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'].entries()) B64[c.charCodeAt(0)] = i;

/** The UTF-7 reading of `bytes`, or undefined when they do not carry UTF-7's signature strictly. */
export function readUtf7(bytes: Uint8Array): SevenBitReading | undefined {
  if (byteIndex(bytes, 0x2b) < 0) return undefined;
  type Run = { from: number; to: number; end: number; chars: Array<{ c: number; start: number; end: number }> };
  const runs: Run[] = [];
  let good = 0;
  let bad = 0;
  for (let i = byteIndex(bytes, 0x2b); i >= 0; i = byteIndex(bytes, 0x2b, i + 1)) {
    let j = i + 1;
    while (j < bytes.length && B64[bytes[j]] >= 0) j++;
    if (j === i + 1) continue;
    // Bits of the run, 16 to a character; the bits left over must be zero padding.
    const chars: Run['chars'] = [];
    let acc = 0;
    let nbits = 0;
    let firstSextet = i + 1;
    for (let k = i + 1; k < j; k++) {
      acc = ((acc << 6) | B64[bytes[k]]) & 0x3fffff;
      nbits += 6;
      if (nbits >= 16) {
        nbits -= 16;
        chars.push({ c: (acc >> nbits) & 0xffff, start: firstSextet, end: k + 1 });
        firstSextet = nbits > 0 ? k : k + 1;
      }
    }
    const clean = nbits < 6 && (acc & ((1 << nbits) - 1)) === 0;
    const end = bytes[j] === 0x2d ? j + 1 : j;
    if (chars.length === 0) {
      i = j - 1;
      continue;
    }
    if (clean && chars.every((ch) => isCjkText(ch.c))) {
      if (chars.some((ch) => isHan(ch.c))) good++;
      runs.push({ from: i, to: j, end, chars });
    } else bad++;
    i = j - 1;
  }
  if (good === 0 || bad > good) return undefined;
  const out = new Builder();
  let at = 0;
  const direct = (from: number, to: number): boolean => {
    for (let k = from; k < to; ) {
      if (bytes[k] < 0x80) {
        out.push(String.fromCharCode(bytes[k]), k, k + 1);
        k++;
        continue;
      }
      const u = utf8Char(bytes, k);
      if (!u) return false;
      out.push(u.s, k, k + u.len);
      k += u.len;
    }
    return true;
  };
  for (const r of runs) {
    if (!direct(at, r.from)) return undefined;
    for (const ch of r.chars) out.push(String.fromCharCode(ch.c), ch.start, ch.end);
    at = r.end;
  }
  if (!direct(at, bytes.length)) return undefined;
  return { encoding: 'utf-7', ...out.done(bytes) };
}

/** The HZ and UTF-7 readings the bytes strictly carry (usually none). */
export function sevenBitReadings(bytes: Uint8Array): SevenBitReading[] {
  return [readHz(bytes), readUtf7(bytes)].filter((r): r is SevenBitReading => !!r);
}
