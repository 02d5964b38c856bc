/**
 * Text decoding with detection, not assumption: BOM → UTF-8/UTF-16LE/UTF-16BE; otherwise strict
 * UTF-8 if the bytes are valid UTF-8; BOM-less UTF-16 by its zero-byte pattern; otherwise GB18030
 * (a superset of GBK and GB2312), the encoding of text files from Chinese government offices.
 */

import type { UnreadItem } from '@prepub/core';
import { decodeUtf8Units, unitsToString } from './utf8.ts';

export interface Decoded {
  text: string;
  /** `text` as UTF-16 units, when the decoder produced them (UTF-8): the normalizer reads these. */
  units?: Uint16Array;
  encoding: 'utf-8' | 'utf-8-bom' | 'utf-16le' | 'utf-16be' | 'gb18030';
  /** Replacement characters produced: bytes that were not valid in the detected encoding. */
  invalid: number;
}

/**
 * What decoding could not read, as an unread item: bytes not valid in the detected encoding became
 * U+FFFD, and a marking may have stood in them, so even one keeps the file from passing.
 */
export function undecodedBytes(decoded: Decoded): UnreadItem | undefined {
  if (decoded.invalid === 0) return undefined;
  return { where: 'file', reason: 'corrupt', detail: `${decoded.invalid} byte sequences are not valid ${decoded.encoding}: that part of the text could not be read` };
}

const utf8Strict = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const utf8Lenient = new TextDecoder('utf-8', { ignoreBOM: true });

function countReplacement(s: string): number {
  let n = 0;
  for (let i = s.indexOf('\uFFFD'); i >= 0; i = s.indexOf('\uFFFD', i + 1)) n++;
  return n;
}

function nonAscii(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) >= 0x80) n++;
  return n;
}

function utf16Guess(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | undefined {
  const n = Math.min(bytes.length, 4096) & ~1;
  if (n < 4) return undefined;
  let evenZero = 0;
  let oddZero = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) evenZero++;
    if (bytes[i + 1] === 0) oddZero++;
  }
  const half = n / 2;
  if (oddZero > half * 0.3 && evenZero < half * 0.05) return 'utf-16le';
  if (evenZero > half * 0.3 && oddZero < half * 0.05) return 'utf-16be';
  return undefined;
}

function decodeUtf16be(bytes: Uint8Array): string {
  const swapped = new Uint8Array(bytes.length & ~1);
  for (let i = 0; i + 1 < bytes.length; i += 2) {
    swapped[i] = bytes[i + 1];
    swapped[i + 1] = bytes[i];
  }
  return new TextDecoder('utf-16le').decode(swapped);
}

/**
 * How much a decoding looks like Chinese text: the share of bytes that became common CJK
 * ideographs, CJK punctuation or line breaks. Misreading UTF-16 as GB18030 (or the reverse) turns
 * ideographs into ASCII pairs and rare code points, so the right decoding scores clearly higher.
 */
function plausibility(s: string): number {
  if (s.length === 0) return 0;
  let good = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if ((c >= 0x4e00 && c <= 0x9fff) || (c >= 0x3000 && c <= 0x303f) || (c >= 0xff00 && c <= 0xffef)) good += 2;
    else if (c === 0x0a || c === 0x20) good += 1;
  }
  return good / (s.length * 2);
}

/** Decodes text bytes, detecting the encoding. */
export function decodeText(bytes: Uint8Array): Decoded {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    const units = decodeUtf8Units(bytes, 3);
    if (units) return { text: unitsToString(units), units, encoding: 'utf-8-bom', invalid: 0 };
    const text = new TextDecoder('utf-8', { ignoreBOM: false }).decode(bytes);
    return { text, encoding: 'utf-8-bom', invalid: countReplacement(text) };
  }
  if (bytes[0] === 0xff && bytes[1] === 0xfe) {
    const text = new TextDecoder('utf-16le').decode(bytes.subarray(2));
    return { text, encoding: 'utf-16le', invalid: countReplacement(text) };
  }
  if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    const text = decodeUtf16be(bytes.subarray(2));
    return { text, encoding: 'utf-16be', invalid: countReplacement(text) };
  }
  const u16 = utf16Guess(bytes);
  if (u16 === 'utf-16le') {
    const text = new TextDecoder('utf-16le').decode(bytes);
    return { text, encoding: u16, invalid: countReplacement(text) };
  }
  if (u16 === 'utf-16be') {
    const text = decodeUtf16be(bytes);
    return { text, encoding: u16, invalid: countReplacement(text) };
  }
  // Valid UTF-8 (the common case) decodes straight into units; anything else is told apart below.
  const units = decodeUtf8Units(bytes);
  if (units) return { text: unitsToString(units), units, encoding: 'utf-8', invalid: 0 };
  // The lenient decoder: without a replacement character the bytes were valid UTF-8. Only text
  // that contains U+FFFD is decoded again strictly to tell which case it is.
  const lenient = utf8Lenient.decode(bytes);
  if (lenient.indexOf('\uFFFD') < 0) return { text: lenient, encoding: 'utf-8', invalid: 0 };
  try {
    return { text: utf8Strict.decode(bytes), encoding: 'utf-8', invalid: 0 };
  } catch {
    // UTF-8 with a few broken bytes (a truncated copy, one stray byte) is still UTF-8: read as
    // GB18030 it would turn into other, valid-looking ideographs and hide every marking in it.
    // Text in another encoding breaks UTF-8 about once per non-ASCII character.
    const broken = countReplacement(lenient);
    if (broken * 50 <= nonAscii(lenient) - broken) return { text: lenient, encoding: 'utf-8', invalid: broken };
    // Not UTF-8. BOM-less UTF-16 of Chinese text has no zero bytes, so compare how plausible the
    // first 4 KiB look as UTF-16 and as GB18030, and take the better.
    const head = bytes.subarray(0, 4096 & ~1);
    if (bytes.length % 2 === 0) {
      const le = plausibility(new TextDecoder('utf-16le').decode(head));
      const be = plausibility(decodeUtf16be(head));
      const gbText = new TextDecoder('gb18030').decode(bytes.subarray(0, 4096));
      // GB18030 uses 2 bytes per ideograph, UTF-16 too: compare per byte, not per character.
      const gb = (plausibility(gbText) * gbText.length) / Math.max(1, head.length / 2);
      if (Math.max(le, be) > gb + 0.1) {
        const text = le >= be ? new TextDecoder('utf-16le').decode(bytes) : decodeUtf16be(bytes);
        return { text, encoding: le >= be ? 'utf-16le' : 'utf-16be', invalid: countReplacement(text) };
      }
    }
    const text = new TextDecoder('gb18030').decode(bytes);
    return { text, encoding: 'gb18030', invalid: countReplacement(text) };
  }
}
