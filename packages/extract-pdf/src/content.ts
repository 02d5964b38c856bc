/**
 * Checking a page's content streams from the raw bytes. pdf.js is built to show what it can: a
 * content stream whose compressed data is damaged (one flipped byte, a cut, bad filter data) or
 * whose operators are garbage yields a silently shortened or empty operator list, with at most a
 * console warning. Decoding the stream strictly (zlib checks the Adler-32 of every Flate stream)
 * and lexing its operators tells whether the text layer is the whole page.
 */
import zlib from 'node:zlib';

/** What lexing a decoded content stream found. */
export interface ContentScan {
  /** Operators recognised. */
  ops: number;
  /** Text-showing operators: Tj, TJ, ' and ". */
  textOps: number;
  /** Tokens in operator position that are no PDF operator (outside BX/EX compatibility sections). */
  unknownOps: number;
  /** The first few unknown tokens, for the report. */
  unknownSample: string[];
  /** A string or inline image ran to the end of the stream. */
  unterminated: boolean;
  /**
   * Bytes of the strings shown by text operators, spaces (0x20) not counted. A glyph takes one to
   * four bytes (two in CJK fonts), so a page showing `textBytes` bytes draws at least a quarter as
   * many glyphs whatever its fonts, and in practice half.
   */
  textBytes: number;
  /**
   * Operators that put marks on the page other than text: path painting (fill, stroke), shadings,
   * XObjects (`Do`) and inline images. A page can draw its words this way (glyph outlines as
   * paths, a picture of the words), so painting with no text is not an empty page.
   */
  paintOps: number;
}

const OPERATORS = new Set(
  (
    "b B b* B* BDC BI BMC BT BX c cm CS cs d d0 d1 Do DP EI EMC ET EX f F f* G g gs h i ID j J K k l m M MP n q Q re RG rg ri s S SC sc SCN scn sh T* Tc Td TD Tf Tj TJ TL Tm Tr Ts Tw Tz v w W W* y ' \""
  ).split(' '),
);
/** Most comments kept per stream, and most bytes of each (a comment line is rarely long). */
const MAX_COMMENTS = 2000;
const MAX_COMMENT_BYTES = 4096;
const TEXT_OPS = new Set(['Tj', 'TJ', "'", '"']);
const PAINT_OPS = new Set(['f', 'F', 'f*', 'S', 's', 'B', 'B*', 'b', 'b*', 'sh', 'Do', 'BI']);
const OPERANDS = new Set(['true', 'false', 'null']);

function isWhite(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09 || c === 0x0c || c === 0x00;
}

function hexValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x41 && c <= 0x46) return c - 0x37;
  if (c >= 0x61 && c <= 0x66) return c - 0x57;
  return -1;
}

function isDelimiter(c: number): boolean {
  // ( ) < > [ ] { } / %
  return c === 0x28 || c === 0x29 || c === 0x3c || c === 0x3e || c === 0x5b || c === 0x5d || c === 0x7b || c === 0x7d || c === 0x2f || c === 0x25;
}

/**
 * Lexes a decoded content stream (operands are skipped, operators counted). With `shown`, the
 * bytes of the strings each text operator shows are collected too (one entry per operator, TJ's
 * strings joined), for reading a stream whose fonts are not known. With `drawn`, the names of the
 * XObjects its `Do` operators paint; with `fonts`, the names of the fonts its `Tf` operators set;
 * with `comments`, the bytes of each comment (after its `%`), which no reader draws yet anyone can write.
 */
export function scanContent(data: Uint8Array, shown?: Uint8Array[], drawn?: string[], fonts?: string[], comments?: Uint8Array[]): ContentScan {
  const out: ContentScan = { ops: 0, textOps: 0, unknownOps: 0, unknownSample: [], unterminated: false, textBytes: 0, paintOps: 0 };
  const n = data.length;
  let compat = 0;
  // String bytes seen since the last operator: the operands of the next one (TJ's array included).
  let pending = 0;
  // With `shown`: where those strings are (start of the token, its end).
  const tokens: Array<[number, number]> = [];
  // With `drawn` or `fonts`: where the last name operand is, for the XObject a `Do` paints or the font a `Tf` sets.
  let nameStart = -1;
  let nameEnd = -1;
  let i = 0;
  while (i < n) {
    const c = data[i];
    if (isWhite(c)) {
      i++;
    } else if (c === 0x25) {
      const start = i + 1;
      while (i < n && data[i] !== 0x0a && data[i] !== 0x0d) i++;
      if (comments && i > start && comments.length < MAX_COMMENTS) comments.push(data.subarray(start, Math.min(i, start + MAX_COMMENT_BYTES)));
    } else if (c === 0x28) {
      const tokenStart = i;
      let depth = 1;
      i++;
      while (i < n && depth > 0) {
        const d = data[i];
        if (d === 0x5c) {
          // An escape is one byte (\n, \(, \ddd octal), a backslash before a line end none.
          const e = data[i + 1];
          i += 2;
          if (e >= 0x30 && e <= 0x37) {
            for (let k = 0; k < 2 && data[i] >= 0x30 && data[i] <= 0x37; k++) i++;
            pending++;
          } else if (e !== 0x0a && e !== 0x0d) pending++;
        } else {
          if (d === 0x28) depth++;
          else if (d === 0x29) depth--;
          if (depth > 0 && d !== 0x20) pending++;
          i++;
        }
      }
      if (depth > 0) out.unterminated = true;
      if (shown) tokens.push([tokenStart, i]);
    } else if (c === 0x3c) {
      if (data[i + 1] === 0x3c) i += 2;
      else {
        const tokenStart = i;
        i++;
        let digits = 0;
        let hi = -1;
        while (i < n && data[i] !== 0x3e) {
          const v = hexValue(data[i++]);
          if (v < 0) continue;
          if (digits++ % 2 === 0) hi = v;
          else if (hi * 16 + v !== 0x20) pending++;
        }
        // An odd last digit is followed by an implied 0.
        if (digits % 2 === 1 && hi * 16 !== 0x20) pending++;
        if (i >= n) out.unterminated = true;
        i++;
        if (shown) tokens.push([tokenStart, Math.min(i, n)]);
      }
    } else if (c === 0x3e || c === 0x5b || c === 0x5d || c === 0x7b || c === 0x7d || c === 0x29) {
      i++;
    } else if (c === 0x2f) {
      nameStart = ++i;
      while (i < n && !isWhite(data[i]) && !isDelimiter(data[i])) i++;
      nameEnd = i;
    } else {
      const start = i;
      while (i < n && !isWhite(data[i]) && !isDelimiter(data[i])) i++;
      const token = String.fromCharCode(...data.subarray(start, Math.min(i, start + 32)));
      // Numbers as readers accept them: signs and points alone or doubled ("-", "--5", "1.") are 0 or a number to pdf.js.
      if (/^[+\-.0-9]+$/.test(token) || OPERANDS.has(token)) continue;
      if (OPERATORS.has(token)) {
        out.ops++;
        if (token === 'Tf' && fonts && nameStart >= 0) fonts.push(latin1Name(data, nameStart, nameEnd));
        if (PAINT_OPS.has(token)) out.paintOps++;
        if (TEXT_OPS.has(token)) {
          out.textOps++;
          out.textBytes += pending;
          if (shown) shown.push(stringBytesOf(data, tokens));
        }
        else if (token === 'BX') compat++;
        else if (token === 'EX') compat = Math.max(0, compat - 1);
        else if (token === 'BI') i = skipInlineImage(data, i, out);
        else if (token === 'Do' && drawn && nameStart >= 0) drawn.push(latin1Name(data, nameStart, nameEnd));
        pending = 0;
        tokens.length = 0;
      } else if (compat === 0) {
        pending = 0;
        tokens.length = 0;
        out.unknownOps++;
        if (out.unknownSample.length < 3) out.unknownSample.push(token.replace(/[^\x21-\x7e]/g, '?'));
      }
    }
  }
  return out;
}

/** The bytes of the string tokens at `tokens` (literal or hex), escapes resolved, joined. */
export function stringBytesOf(data: Uint8Array, tokens: ReadonlyArray<readonly [number, number]>): Uint8Array {
  const out: number[] = [];
  for (const [start, end] of tokens) {
    if (data[start] === 0x3c) {
      let hi = -1;
      for (let i = start + 1; i < end; i++) {
        const v = hexValue(data[i]);
        if (v < 0) continue;
        if (hi < 0) hi = v;
        else {
          out.push(hi * 16 + v);
          hi = -1;
        }
      }
      if (hi >= 0) out.push(hi * 16);
      continue;
    }
    // A literal string without its outer parentheses.
    const last = data[end - 1] === 0x29 ? end - 1 : end;
    for (let i = start + 1; i < last; i++) {
      const d = data[i];
      if (d !== 0x5c) {
        out.push(d);
        continue;
      }
      const e = data[++i];
      if (e >= 0x30 && e <= 0x37) {
        let v = e - 0x30;
        for (let k = 0; k < 2 && data[i + 1] >= 0x30 && data[i + 1] <= 0x37; k++) v = v * 8 + (data[++i] - 0x30);
        out.push(v & 0xff);
      } else if (e === 0x0d) {
        if (data[i + 1] === 0x0a) i++;
      } else if (e !== 0x0a) {
        const escaped: Record<number, number> = { 0x6e: 0x0a, 0x72: 0x0d, 0x74: 0x09, 0x62: 0x08, 0x66: 0x0c };
        out.push(escaped[e] ?? e);
      }
    }
  }
  return Uint8Array.from(out);
}

/** Skips an inline image's dictionary and binary data; returns the index after its EI. */
function skipInlineImage(data: Uint8Array, from: number, out: ContentScan): number {
  const n = data.length;
  let i = from;
  // The dictionary runs to the ID operator; the binary data then runs to EI between whitespace.
  for (; i + 1 < n; i++) {
    if (data[i] === 0x49 && data[i + 1] === 0x44 && isWhite(data[i - 1]) && (i + 2 >= n || isWhite(data[i + 2]))) break;
  }
  for (i += 3; i + 1 < n; i++) {
    if (data[i] === 0x45 && data[i + 1] === 0x49 && isWhite(data[i - 1]) && (i + 2 >= n || isWhite(data[i + 2]) || isDelimiter(data[i + 2]))) return i + 2;
  }
  out.unterminated = true;
  return n;
}

/** Outcome of decoding one stream strictly. */
export type Decoded = { ok: true; data: Uint8Array | null } | { ok: false; error: string };

/** Filters pdf.js (and the PDF standard) know; anything else leaves a stream unread. */
const KNOWN_FILTERS = new Set([
  'FlateDecode', 'Fl', 'LZWDecode', 'LZW', 'ASCIIHexDecode', 'AHx', 'ASCII85Decode', 'A85', 'RunLengthDecode', 'RL',
  'DCTDecode', 'DCT', 'JPXDecode', 'CCITTFaxDecode', 'CCF', 'JBIG2Decode', 'Crypt', 'BrotliDecode',
]);

/**
 * Decodes a content stream given its filter names. A single Flate filter (nearly every content
 * stream) goes through zlib, which rejects damaged or cut data and checks the Adler-32 sum; other
 * filter chains are decoded by `fallback` (tolerant), and unknown filters are an error. `data` is
 * null when the decoded bytes are not content to lex (predictors).
 */
export function decodeContent(raw: Uint8Array, filters: string[], hasPredictor: boolean, fallback: () => Uint8Array): Decoded {
  const unknown = filters.find((f) => !KNOWN_FILTERS.has(f));
  if (unknown) return { ok: false, error: `unknown filter /${unknown}` };
  try {
    if (filters.length === 0) return { ok: true, data: raw };
    if (filters.length === 1 && (filters[0] === 'FlateDecode' || filters[0] === 'Fl')) {
      const data = inflateWhole(raw);
      return { ok: true, data: hasPredictor ? null : new Uint8Array(data.buffer, data.byteOffset, data.byteLength) };
    }
    const data = fallback();
    return { ok: true, data: hasPredictor ? null : data };
  } catch (err) {
    return { ok: false, error: err instanceof Error ? err.message : String(err) };
  }
}

/**
 * Inflates Flate data strictly. Where a stream's end was found by searching for `endstream` (an
 * indirect /Length, as LibreOffice writes them), data whose last byte is CR (0x0D) before the LF
 * that ends the line loses that byte: `\r\nendstream` reads as an end of line. So data that ends
 * too soon is tried once more with a CR, an LF or both after it; only data that then inflates whole
 * with its Adler-32 sum right is taken, so a stream that is really cut or damaged still fails.
 */
function inflateWhole(raw: Uint8Array): Buffer {
  // Bounded as every other decode of the raw passes (raw.ts MAX_STREAM_BYTES): a bomb is an error, not gigabytes.
  const bound = { maxOutputLength: 256 * 1024 * 1024 };
  try {
    return zlib.inflateSync(raw, bound);
  } catch (err) {
    for (const tail of EOL_TAILS) {
      const longer = new Uint8Array(raw.length + tail.length);
      longer.set(raw);
      longer.set(tail, raw.length);
      try {
        return zlib.inflateSync(longer, bound);
      } catch {
        // not this tail
      }
    }
    throw err;
  }
}
const EOL_TAILS = [Uint8Array.of(0x0d), Uint8Array.of(0x0a), Uint8Array.of(0x0d, 0x0a)];

/** A name operand as written (`#xx` escapes kept: pdf-lib decodes them when it looks the name up), at most 1,024 bytes. */
function latin1Name(data: Uint8Array, start: number, end: number): string {
  return Buffer.from(data.buffer, data.byteOffset + start, Math.min(end, start + 1024) - start).toString('latin1');
}
