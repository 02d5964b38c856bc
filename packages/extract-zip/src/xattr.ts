/**
 * Extended attribute values (tar's pax xattr records, macOS AppleDouble files) as text: a binary
 * property list for its strings, a value without control bytes as it stands, other binary values
 * for the text runs in them.
 */
import { streamStrings } from '@prepub/extract-docx/package';

/** Whether an attribute's value is text as it stands (in whatever encoding): no control bytes but tabs and line breaks. */
export function xattrText(b: Uint8Array): boolean {
  return !b.some((x) => (x < 0x20 && x !== 0x09 && x !== 0x0a && x !== 0x0d) || x === 0x7f);
}

/**
 * Text in a binary attribute value: UTF-16 and UTF-8 runs (streamStrings), and each stretch between
 * control bytes that holds bytes beyond ASCII (text in a legacy encoding, read by the caller in
 * every plausible one). ASCII-only stretches (FinderInfo's type and creator codes) are left out.
 */
export function binaryXattrTexts(b: Uint8Array): Uint8Array[] {
  const out: Uint8Array[] = streamStrings(b).map((w) => new TextEncoder().encode(w));
  let from = 0;
  for (let i = 0; i <= b.length; i++) {
    if (i < b.length && !((b[i] < 0x20 && b[i] !== 0x09 && b[i] !== 0x0a && b[i] !== 0x0d) || b[i] === 0x7f)) continue;
    const run = b.subarray(from, i);
    let high = 0;
    for (const x of run) if (x >= 0x80) high++;
    if (high >= 2 && legacyText(run)) out.push(run);
    from = i + 1;
  }
  return out;
}

/**
 * Whether a stretch of bytes beyond ASCII reads as Chinese text in UTF-8, GB18030 or Big5 (no
 * undecodable byte, two ideographs or more): timestamps and other binary values (macOS's
 * `com.apple.lastuseddate#PS`) are left out, so they do not read as scattered signs.
 */
function legacyText(run: Uint8Array): boolean {
  for (const enc of ['utf-8', 'gb18030', 'big5']) {
    let t: string;
    try {
      t = new TextDecoder(enc, { fatal: true }).decode(run);
    } catch {
      continue;
    }
    if ((t.match(/[\u3400-\u9fff]/g)?.length ?? 0) >= 2 && !/[\ue000-\uf8ff]/.test(t)) return true;
  }
  return false;
}

/** Whether `b` is a binary property list (`bplist00`). */
export function isBplist(b: Uint8Array): boolean {
  return b.length >= 40 && Buffer.from(b.buffer, b.byteOffset, 8).toString('latin1') === 'bplist00';
}

/**
 * The strings of a binary property list, each as UTF-8 bytes: ASCII (0x5n) and UTF-16 big-endian
 * (0x6n) objects, found through the offset table its trailer names. Bounded by the list's size;
 * an offset outside it is skipped.
 */
export function bplistStrings(b: Uint8Array): Uint8Array[] {
  const out: Uint8Array[] = [];
  if (!isBplist(b)) return out;
  const t = b.length - 32;
  const offsetSize = b[t + 6];
  const num = (at: number, size: number): number => {
    let n = 0;
    for (let i = 0; i < size; i++) n = n * 256 + (b[at + i] ?? 0);
    return n;
  };
  const count = num(t + 8, 8);
  const table = num(t + 24, 8);
  if (offsetSize < 1 || offsetSize > 8 || table >= t || count > (t - table) / offsetSize) return out;
  for (let i = 0; i < count; i++) {
    const at = num(table + i * offsetSize, offsetSize);
    if (at < 8 || at >= t) continue;
    const marker = b[at];
    const high = marker >> 4;
    if (high !== 5 && high !== 6) continue;
    let len = marker & 0x0f;
    let from = at + 1;
    if (len === 0x0f) {
      const intMarker = b[from];
      if (intMarker >> 4 !== 1) continue;
      const size = 1 << (intMarker & 0x0f);
      len = num(from + 1, size);
      from += 1 + size;
    }
    const bytes = len * (high === 6 ? 2 : 1);
    if (from + bytes > t) continue;
    const s = high === 6 ? new TextDecoder('utf-16be').decode(b.subarray(from, from + bytes)) : Buffer.from(b.subarray(from, from + bytes)).toString('latin1');
    out.push(new TextEncoder().encode(s));
  }
  return out;
}

/** The texts of one attribute value, each as bytes (the caller reads them in every plausible encoding). */
export function xattrValueTexts(v: Uint8Array): Uint8Array[] {
  return isBplist(v) ? bplistStrings(v) : xattrText(v) ? [v] : binaryXattrTexts(v);
}
