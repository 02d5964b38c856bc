/** Telling uuencoded and BinHex files by their bytes (kept apart from the readers: the format registry loads it eagerly). */
export const latin1 = (b: Uint8Array): string => Buffer.from(b.buffer, b.byteOffset, b.length).toString('latin1');

/** A `begin` line of uuencode (traditional or base64). */
export const UU_BEGIN = /^begin(-base64)?[ \t]+([0-7]{3,4})[ \t]+([^\r\n]+?)[ \t]*\r?$/gm;
/** BinHex 4.0's announcement line. */
export const BINHEX_LINE = /^\(This file must be converted with BinHex[^\r\n]*\)[ \t]*\r?$/m;

/** Whether a traditional uuencoded line decodes: its length character and its length agree. */
export function uuLine(line: string): boolean {
  if (line.length === 0) return false;
  const n = (line.charCodeAt(0) - 32) & 63;
  if (n === 0) return line.length <= 2;
  const need = Math.ceil(n / 3) * 4;
  return line.length - 1 >= need - 2 && line.length - 1 <= need + 2 && /^[\x20-\x60]+$/.test(line);
}

/** How far into a file encoded blocks are looked for (a Usenet article or a saved mail of text before the block). */
const SEARCH = 8 << 20;
/** Most candidate lines looked at. */
const MAX_CANDIDATES = 10_000;

/**
 * Whether `bytes` hold a uuencoded file: a `begin` line at a line start (in the first 8 MiB) whose
 * next line is an encoded line. Text before and after it is read too (as text).
 */
export function looksUuencoded(bytes: Uint8Array): boolean {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.length, SEARCH));
  let seen = 0;
  for (let at = buf.indexOf('begin'); at >= 0 && seen < MAX_CANDIDATES; at = buf.indexOf('begin', at + 5)) {
    if (at > 0 && buf[at - 1] !== 0x0a) continue;
    seen++;
    const window = latin1(buf.subarray(at, Math.min(buf.length, at + 1024)));
    UU_BEGIN.lastIndex = 0;
    const m = UU_BEGIN.exec(window);
    if (!m || m.index !== 0) continue;
    const next = window.slice(m[0].length).replace(/^\r?\n/, '').split(/\r?\n/)[0] ?? '';
    if (m[1] ? /^[A-Za-z0-9+/=]{4,}$/.test(next) : uuLine(next) && next.length > 1) return true;
  }
  return false;
}

/** Whether `bytes` hold BinHex 4.0: its announcement line at a line start (in the first 8 MiB). */
export function looksBinHex(bytes: Uint8Array): boolean {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.length, SEARCH));
  for (let at = buf.indexOf('(This file must be converted with BinHex'), n = 0; at >= 0 && n < MAX_CANDIDATES; at = buf.indexOf('(This file must be converted with BinHex', at + 1), n++) {
    if (at > 0 && buf[at - 1] !== 0x0a) continue;
    if (BINHEX_LINE.test(latin1(buf.subarray(at, Math.min(buf.length, at + 256))))) return true;
  }
  return false;
}
