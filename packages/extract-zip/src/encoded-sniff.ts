/** Telling uuencoded and BinHex files by their first kilobyte (kept apart from the readers: the format registry loads it eagerly). */
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

/**
 * Whether `bytes` are a uuencoded file: a `begin` line at a line start in the first kilobyte whose
 * next line is an encoded line.
 */
export function looksUuencoded(bytes: Uint8Array): boolean {
  const head = latin1(bytes.subarray(0, Math.min(bytes.length, 1024 + 512)));
  UU_BEGIN.lastIndex = 0;
  const m = UU_BEGIN.exec(head);
  if (!m || m.index >= 1024) return false;
  const next = head.slice(m.index + m[0].length).replace(/^\r?\n/, '').split(/\r?\n/)[0] ?? '';
  return m[1] ? /^[A-Za-z0-9+/=]{4,}$/.test(next) : uuLine(next) && next.length > 1;
}

/** Whether `bytes` are BinHex 4.0: its announcement line at a line start in the first kilobyte. */
export function looksBinHex(bytes: Uint8Array): boolean {
  const head = latin1(bytes.subarray(0, Math.min(bytes.length, 1024 + 128)));
  const m = BINHEX_LINE.exec(head);
  return !!m && m.index < 1024 && (m.index === 0 || head[m.index - 1] === '\n');
}

