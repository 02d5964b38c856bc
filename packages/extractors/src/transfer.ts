/**
 * Text files that are a transfer encoding of other bytes: a file that is base64 through and through
 * (an attachment copied out of a message's source, `base64 notice.docx > notice.txt`), or text in
 * quoted-printable (a body saved from a message's source: `=E6=9C=BA=E5=AF=86…`). Read as letters
 * they hold nothing; what they encode is a file of its own, handed to the scan.
 */
import { holdsRun } from './unit-runs.ts';

/**
 * Whether `s` is base64 through and through: only its alphabet on every line, at least one line of
 * 40 characters or more (prose has spaces; a short word is no evidence), a length that is a multiple
 * of four, padding only at the end. A file of hex digits only (hash lists) is not taken for it.
 */
function base64Body(s: string): { text: string; damaged: number } | undefined {
  const lines = s.split(/\r?\n/).map((l) => l.trim()).filter((l) => l.length > 0);
  if (lines.length === 0 || !lines.some((l) => l.length >= 40)) return undefined;
  let compact = lines.join('');
  if (/^[0-9a-fA-F]+$/.test(compact)) return undefined;
  // A few characters outside the alphabet in long base64 (a byte flipped in storage or transit:
  // `}` for `M`) are damage, not another kind of text: each is read as a zero sextet, which keeps
  // the rest aligned, and counted. Many of them, or a space, and it is no base64.
  const strays = compact.match(/[^A-Za-z0-9+/=]/g)?.length ?? 0;
  if (strays > Math.max(MAX_STRAYS, compact.length / 500)) return undefined;
  if (strays) compact = compact.replace(/[^A-Za-z0-9+/=]/g, 'A');
  if (compact.length % 4 !== 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(compact)) return undefined;
  return { text: compact, damaged: strays };
}

/** Characters outside base64's alphabet read as damage in a short text (see {@link base64Body}). */
const MAX_STRAYS = 4;

/** Escapes of quoted-printable that stand for bytes beyond ASCII (`=E6`). */
const QP_HIGH = /=[89A-F][0-9A-F]/g;

/**
 * The bytes a text file encodes, or undefined. Quoted-printable needs at least eight escapes of
 * bytes beyond ASCII, and no `=` but in an escape or a soft line break (`=` at a line's end),
 * so that `a = b` in prose or code is not taken for it.
 */
export function transferDecoded(bytes: Uint8Array, maxBytes: number): { encoding: 'base64' | 'quoted-printable'; bytes: Uint8Array; damaged?: number } | undefined {
  // 7-bit text only: a transfer encoding writes nothing else.
  if (bytes.length < 40 || bytes.length > maxBytes) return undefined;
  // The head decides whether to look further (ordinary text has a space or a letter beyond ASCII
  // in its first line, and no `=E6`): most files are passed over after a few bytes.
  const head = bytes.subarray(0, 4096);
  if (!base64Head(head) && !qpHead(head)) return undefined;
  for (let i = 0; i < bytes.length; i++) if (bytes[i] >= 0x80 || (bytes[i] < 0x20 && bytes[i] !== 0x0a && bytes[i] !== 0x0d && bytes[i] !== 0x09)) return undefined;
  const s = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  const b64 = base64Body(s);
  if (b64) return { encoding: 'base64', bytes: new Uint8Array(Buffer.from(b64.text, 'base64')), ...(b64.damaged ? { damaged: b64.damaged } : {}) };
  const high = s.match(QP_HIGH)?.length ?? 0;
  if (high < 8) return undefined;
  const equals = s.split('=').length - 1;
  const escapes = s.match(/=[0-9A-F]{2}|=[ \t]*\r?\n|=[ \t]*$/g)?.length ?? 0;
  if (escapes !== equals) return undefined;
  const bin = s.replace(/=[ \t]*\r?\n|=[ \t]*$/g, '').replace(/=([0-9A-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
  return { encoding: 'quoted-printable', bytes: new Uint8Array(Buffer.from(bin, 'latin1')) };
}

/** Whether the head is of base64's alphabet and line breaks, but for a few damaged characters (see {@link base64Body}). */
function base64Head(head: Uint8Array): boolean {
  let strays = 0;
  for (let i = 0; i < head.length; i++) {
    const c = head[i];
    const ok = (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39) || c === 0x2b || c === 0x2f || c === 0x3d || c === 0x0a || c === 0x0d;
    // A space or a tab, and it is prose or code, whatever else it holds.
    if (!ok && (c === 0x20 || c === 0x09 || ++strays > MAX_STRAYS)) return false;
  }
  return true;
}

/** Whether the head holds an escape of a byte beyond ASCII (`=E6`). */
function qpHead(head: Uint8Array): boolean {
  for (let i = head.indexOf(0x3d); i >= 0 && i + 2 < head.length; i = head.indexOf(0x3d, i + 1)) {
    const a = head[i + 1];
    const b = head[i + 2];
    if (((a >= 0x38 && a <= 0x39) || (a >= 0x41 && a <= 0x46)) && ((b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x46))) return true;
  }
  return false;
}

/** Least characters of a base64 block within other text (see {@link base64Blocks}): a line of an attachment is 60–76. */
const BLOCK_LINE = 40;
/** Least characters of a whole block: 48 bytes encoded. */
const BLOCK_MIN = 64;
/**
 * A block of base64 within other text: a line of 40 or more of its alphabet, and the lines of it
 * that follow (an attachment pasted from a message's source, a JSON export's `"content": "UEsD…"`,
 * a log's dumped payload).
 */
const BASE64_BLOCK = /[A-Za-z0-9+/]{40,}={0,2}(?:[ \t]*\r?\n[ \t]*[A-Za-z0-9+/]{4,}={0,2}(?![A-Za-z0-9+/=]))*/g;

/**
 * Whether the units (or the text) hold a run of 40 characters of base64's alphabet (see
 * {@link holdsRun}: a fortieth of a pass; a unit-by-unit pass cost ~1 ms/MB, 5% of the text
 * pipeline, for a case most texts never have).
 */
export function holdsBase64Run(units: Uint16Array | undefined, text: string): boolean {
  return holdsRun(units, text, BLOCK_LINE, isBase64Unit);
}

function isBase64Unit(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39) || c === 0x2b || c === 0x2f;
}

/**
 * The base64 blocks within a text that are not the whole of it, decoded, with where each stands:
 * what such a block encodes is a file of its own (a document, a picture, a text), unseen by a
 * reader of the letters. A block of hex digits only (a hash) is none; whether its bytes are a
 * file worth reading the caller decides (see text.ts).
 */
export function base64Blocks(text: string): Array<{ start: number; end: number; bytes: Uint8Array }> {
  const out: Array<{ start: number; end: number; bytes: Uint8Array }> = [];
  BASE64_BLOCK.lastIndex = 0;
  for (let m = BASE64_BLOCK.exec(text); m; m = BASE64_BLOCK.exec(text)) {
    const compact = m[0].replace(/\s+/g, '');
    if (compact.length < BLOCK_MIN || /^[0-9a-fA-F]+$/.test(compact)) continue;
    // Letters of one case only are an identifier or a word run together, not base64.
    if (!/[a-z]/.test(compact) || !/[A-Z]/.test(compact)) continue;
    // Unpadded is fine (the last quad's bytes are read); one character past a quad is no byte.
    const body = compact.replace(/=+$/, '');
    out.push({ start: m.index, end: m.index + m[0].length, bytes: new Uint8Array(Buffer.from(body.length % 4 === 1 ? body.slice(0, -1) : body, 'base64')) });
  }
  return out;
}
