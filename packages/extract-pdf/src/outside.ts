/**
 * Bytes of a PDF file that lie outside its objects: before the `%PDF-` header (readers accept the
 * header anywhere in the first kilobyte), after the last `%%EOF`, comments (`% …` lines) and
 * bare text between objects. A viewer shows none of them, but they are published with the file, so they are
 * read as text parts of their own (role `hidden`), each UTF-16 unit mapped to the bytes it came
 * from. Bytes that are not text (binary junk) are a loss: the file is never passed unread.
 *
 * One pass over the bytes: strings are stepped over so a `%` inside them is no comment, and stream
 * data is skipped by searching for `endstream`.
 */
import type { Extraction, SourceMap, TextPart } from '@prepub/core';

const PERCENT = 0x25;
const CR = 0x0d;
const LF = 0x0a;

/** Up to this many bytes that are not text in one region pass unnoticed (stray bytes a writer leaves). */
const JUNK_TOLERANCE = 4;

/** The longest binary marker line after the header that is not read as text (`%` excluded). */
const MARKER_BYTES = 8;

/** Length of a comment's bytes after its `%`, trailing padding left out. */
function trimmedLength(bytes: Uint8Array, r: { start: number; end: number }): number {
  let end = r.end;
  while (end > r.start + 1 && isPadding(bytes[end - 1])) end--;
  return end - r.start - 1;
}

/** Whitespace and NUL padding, which writers put after the last %%EOF and which carry nothing. */
const isPadding = (b: number): boolean => b === 0 || b === 0x20 || b === 0x09 || b === CR || b === LF || b === 0x0c;
/** PDF delimiters and whitespace: what ends a keyword. */
const isDelimiterOrSpace = (b: number): boolean => isPadding(b) || b === 0x28 || b === 0x29 || b === 0x3c || b === 0x3e || b === 0x5b || b === 0x5d || b === 0x7b || b === 0x7d || b === 0x2f || b === PERCENT;

/** A region decoded: its text, where each unit came from, and how many bytes were not text. */
export interface DecodedRegion {
  text: string;
  starts: number[];
  ends: number[];
  junk: number;
  /** Whether the region held a byte above 0x7F and was not UTF-8: then it was read in a code page. */
  codePage: boolean;
}

const gb18030 = new TextDecoder('gb18030', { fatal: true });
const big5 = new TextDecoder('big5', { fatal: true });

/** Length of the Big5 sequence at `i` when it is well formed, else 0. */
function big5Length(b: Uint8Array, i: number, end: number): number {
  const c = b[i];
  if (c < 0x80) return 1;
  if (c < 0x81 || c > 0xfe || i + 1 >= end) return 0;
  const d = b[i + 1];
  return (d >= 0x40 && d <= 0x7e) || (d >= 0xa1 && d <= 0xfe) ? 2 : 0;
}

/** Length of the UTF-8 sequence at `i` when it is well formed, else 0. */
function utf8Length(b: Uint8Array, i: number, end: number): number {
  const c = b[i];
  if (c < 0x80) return 1;
  const n = c >= 0xc2 && c <= 0xdf ? 2 : c >= 0xe0 && c <= 0xef ? 3 : c >= 0xf0 && c <= 0xf4 ? 4 : 0;
  if (n === 0 || i + n > end) return 0;
  for (let k = 1; k < n; k++) if ((b[i + k] & 0xc0) !== 0x80) return 0;
  const cp = n === 2 ? ((c & 0x1f) << 6) | (b[i + 1] & 0x3f) : n === 3 ? ((c & 0x0f) << 12) | ((b[i + 1] & 0x3f) << 6) | (b[i + 2] & 0x3f) : ((c & 0x07) << 18) | ((b[i + 1] & 0x3f) << 12) | ((b[i + 2] & 0x3f) << 6) | (b[i + 3] & 0x3f);
  // Overlong forms, surrogates and code points past U+10FFFF are not UTF-8.
  if ((n === 3 && cp < 0x800) || (n === 4 && (cp < 0x10000 || cp > 0x10ffff)) || (cp >= 0xd800 && cp <= 0xdfff)) return 0;
  return n;
}

/** Length of the GB18030 sequence at `i` when it is well formed, else 0. */
function gbLength(b: Uint8Array, i: number, end: number): number {
  const c = b[i];
  if (c < 0x80) return 1;
  if (c < 0x81 || c > 0xfe || i + 1 >= end) return 0;
  const d = b[i + 1];
  if ((d >= 0x40 && d <= 0x7e) || (d >= 0x80 && d <= 0xfe)) return 2;
  if (d >= 0x30 && d <= 0x39 && i + 3 < end && b[i + 2] >= 0x81 && b[i + 2] <= 0xfe && b[i + 3] >= 0x30 && b[i + 3] <= 0x39) return 4;
  return 0;
}

/**
 * Decodes `bytes[start, end)` as UTF-8 when all of it is UTF-8, else as GB18030 (or Big5, when
 * asked), character by character so that every unit keeps its byte range. Control characters and
 * bytes that do not decode are counted as junk and left out of the text (NUL padding is not counted).
 */
export function decodeRegion(bytes: Uint8Array, start: number, end: number, codePage: 'gb18030' | 'big5' | 'utf-8-lines' = 'gb18030'): DecodedRegion {
  const pageLength = codePage === 'big5' ? big5Length : gbLength;
  const pageDecoder = codePage === 'big5' ? big5 : gb18030;
  // Whether bytes[from, to) are all UTF-8.
  const allUtf8 = (from: number, to: number): boolean => {
    for (let i = from; i < to; ) {
      const n = utf8Length(bytes, i, to);
      if (n === 0) return false;
      i += n;
    }
    return true;
  };
  // `utf-8-lines`: UTF-8 wherever it is valid, a stray byte skipped as junk (a UTF-8 line after a
  // line of stray bytes, or one stray byte before a UTF-8 marking on the same line).
  const utf8 = codePage === 'utf-8-lines' || allUtf8(start, end);
  const out: DecodedRegion = { text: '', starts: [], ends: [], junk: 0, codePage: false };
  let text = '';
  for (let i = start; i < end; ) {
    const c = bytes[i];
    if (c < 0x80) {
      if (c === 0) {
        i++;
        continue;
      }
      if ((c < 0x20 && c !== 0x09 && c !== LF && c !== CR && c !== 0x0c) || c === 0x7f) out.junk++;
      else {
        text += String.fromCharCode(c);
        out.starts.push(i);
        out.ends.push(i + 1);
      }
      i++;
      continue;
    }
    if (!utf8) out.codePage = true;
    const n = utf8 ? utf8Length(bytes, i, end) : pageLength(bytes, i, end);
    if (n === 0) {
      out.junk++;
      i++;
      continue;
    }
    let s: string;
    try {
      s = utf8 ? Buffer.from(bytes.buffer, bytes.byteOffset + i, n).toString('utf8') : pageDecoder.decode(bytes.subarray(i, i + n));
    } catch {
      out.junk += n;
      i += n;
      continue;
    }
    const cp = s.codePointAt(0) ?? 0;
    // C1 controls, private-use characters and U+FFFD (bytes a writer already failed to decode) are
    // what binary bytes decode to, not text.
    if ((cp >= 0x80 && cp < 0xa0) || (cp >= 0xe000 && cp <= 0xf8ff) || cp === 0xfffd) out.junk += n;
    else {
      text += s;
      for (let k = 0; k < s.length; k++) {
        out.starts.push(i);
        out.ends.push(i + n);
      }
    }
    i += n;
  }
  out.text = text;
  return out;
}

/** Index of `needle` (ASCII) in `bytes` at or after `from`, or -1. */
function indexOf(bytes: Uint8Array, needle: string, from: number): number {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).indexOf(needle, from, 'latin1');
}

/** A comment's byte range (from its `%` to the end of its line). */
interface Range {
  start: number;
  end: number;
}

/**
 * The comments between `from` and `to`, outside strings and stream data, and stray text: tokens
 * between objects that are no PDF syntax (readers skip them). The header line and `%%EOF` are left
 * out; the comment line right after the header (the binary marker writers put there) is returned
 * apart.
 */
export function findComments(bytes: Uint8Array, from: number, to: number): { comments: Range[]; marker?: Range; stray: Range[] } {
  const comments: Range[] = [];
  const stray: Range[] = [];
  let inObject = false;
  to = Math.min(to, bytes.length);
  let marker: Range | undefined;
  let headerLineDone = false;
  let i = from;
  let firstComment = true;
  while (i < to) {
    const b = bytes[i];
    if (b === PERCENT) {
      const start = i;
      while (i < to && bytes[i] !== CR && bytes[i] !== LF) i++;
      const isHeader = !headerLineDone && start === from;
      headerLineDone = true;
      if (isHeader) continue;
      const r = { start, end: i };
      if (firstComment) {
        firstComment = false;
        marker = r;
        continue;
      }
      if (isEofMarker(bytes, start, i)) continue;
      comments.push(r);
      continue;
    }
    headerLineDone = true;
    if (b === 0x28) {
      // A literal string: balanced parentheses, backslash escapes.
      let depth = 1;
      i++;
      while (i < to && depth > 0) {
        const c = bytes[i];
        if (c === 0x5c) i += 2;
        else {
          if (c === 0x28) depth++;
          else if (c === 0x29) depth--;
          i++;
        }
      }
      continue;
    }
    if (b === 0x3c && bytes[i + 1] === 0x3c) {
      // A dictionary opens: no hex string.
      i += 2;
      continue;
    }
    if (b === 0x3c) {
      // A hex string.
      const close = bytes.indexOf(0x3e, i + 1);
      i = close < 0 || close > to ? to : close + 1;
      continue;
    }
    if (!isPadding(b)) firstComment = false;
    if (b === 0x2f) {
      // A name: its characters are no keyword.
      i++;
      while (i < to && !isDelimiterOrSpace(bytes[i])) i++;
      continue;
    }
    if (isDelimiterOrSpace(b)) {
      i++;
      continue;
    }
    // A regular token: a number, a keyword, or (between objects) text that is no PDF syntax.
    const start = i;
    while (i < to && !isDelimiterOrSpace(bytes[i])) i++;
    // Keywords are short: a longer token is compared as no word at all.
    let word = '';
    if (i - start <= 12) for (let k = start; k < i; k++) word += String.fromCharCode(bytes[k]);
    else word = '\u0000';
    if (word === 'stream') {
      const end = indexOf(bytes, 'endstream', i);
      i = end < 0 || end > to ? to : end + 9;
    } else if (word === 'obj') inObject = true;
    else if (word === 'endobj') inObject = false;
    else if (!inObject && !TOP_LEVEL_WORDS.has(word) && !/^[+-]?[0-9.]+$/.test(word)) {
      // Tokens on one line are one piece of stray text.
      const last = stray[stray.length - 1];
      if (last && sameLine(bytes, last.end, start)) last.end = i;
      else stray.push({ start, end: i });
    }
  }
  return marker ? { comments, marker, stray } : { comments, stray };
}

/** What stands between objects in a well-formed file besides numbers: the xref table, the trailer and its dictionary's values. */
const TOP_LEVEL_WORDS = new Set(['xref', 'trailer', 'startxref', 'n', 'f', 'R', 'true', 'false', 'null', 'endstream']);

/** Only spaces and tabs between `a` and `b`. */
function sameLine(bytes: Uint8Array, a: number, b: number): boolean {
  for (let k = a; k < b; k++) if (bytes[k] !== 0x20 && bytes[k] !== 0x09) return false;
  return true;
}

function isKeyword(bytes: Uint8Array, i: number, word: string, to: number): boolean {
  if (i + word.length > to) return false;
  for (let k = 0; k < word.length; k++) if (bytes[i + k] !== word.charCodeAt(k)) return false;
  return i + word.length === to || isDelimiterOrSpace(bytes[i + word.length]);
}

/** `%%EOF`, alone on its line apart from padding. */
function isEofMarker(bytes: Uint8Array, start: number, end: number): boolean {
  if (!isKeywordAt(bytes, start, '%%EOF')) return false;
  for (let k = start + 5; k < end; k++) if (!isPadding(bytes[k])) return false;
  return true;
}

function isKeywordAt(bytes: Uint8Array, i: number, word: string): boolean {
  for (let k = 0; k < word.length; k++) if (bytes[i + k] !== word.charCodeAt(k)) return false;
  return true;
}

/** A part for decoded regions, one line block each; null when there is no text. */
function regionPart(id: string, detail: string, regions: Array<{ range: Range; decoded: DecodedRegion }>): TextPart | null {
  let text = '';
  const starts: number[] = [];
  const ends: number[] = [];
  const blocks: NonNullable<TextPart['blocks']> = [];
  for (const { range, decoded } of regions) {
    // Each line of the region is a block; blank lines are dropped.
    let lineStart = 0;
    const t = decoded.text;
    for (let k = 0; k <= t.length; k++) {
      if (k < t.length && t[k] !== '\n' && t[k] !== '\r') continue;
      let a = lineStart;
      let z = k;
      while (a < z && /\s/.test(t[a])) a++;
      while (z > a && /\s/.test(t[z - 1])) z--;
      lineStart = k + 1;
      if (a === z) continue;
      if (text.length > 0) {
        text += '\n';
        // The separator stands for the line break before the line.
        const at = decoded.starts[a] ?? range.start;
        starts.push(at);
        ends.push(at);
      }
      blocks.push({ start: text.length, end: text.length + (z - a), kind: 'line', index: blocks.length + 1 });
      text += t.slice(a, z);
      for (let u = a; u < z; u++) {
        starts.push(decoded.starts[u]);
        ends.push(decoded.ends[u]);
      }
    }
  }
  if (text.length === 0) return null;
  const source: SourceMap = { starts: Uint32Array.from(starts), ends: Uint32Array.from(ends), unit: 'byte' };
  return { id, role: 'hidden', text, origin: { filePart: 'file', detail }, blocks, source };
}

/**
 * Reads the bytes before the header, after the last `%%EOF` and the comments between objects into
 * `out`: text as `outside:before-header`, `outside:after-eof` and `outside:comments` parts, bytes
 * that are not text as `undecodable-bytes` losses.
 */
export function addOutsideBytes(out: Extraction, bytes: Uint8Array, header: number): void {
  const loss = (out.loss ??= []);
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const lastEof = buf.lastIndexOf('%%EOF', undefined, 'latin1');
  const bodyEnd = lastEof >= 0 ? lastEof + 5 : bytes.length;
  const read = (id: string, where: string, detail: string, ranges: Range[], tolerate?: Range): void => {
    const regions: Array<{ range: Range; decoded: DecodedRegion }> = [];
    let junk = 0;
    let total = 0;
    for (const range of ranges) {
      const decoded = decodeRegion(bytes, range.start, range.end);
      regions.push({ range, decoded });
      if (range !== tolerate) junk += decoded.junk;
      total += range.end - range.start;
    }
    const part = regionPart(id, detail, regions);
    if (part) out.parts.push(part);
    // GB18030 decodes almost any pair of high bytes, Big5 text too (as unrelated characters): text in
    // a code page is read in Big5 as well, a second part over the same bytes.
    // Likewise a region with stray bytes somewhere is not UTF-8 as a whole, while the rest of it
    // may be: it is read as UTF-8 wherever it is valid, as one more part.
    if (regions.some((r) => r.decoded.codePage)) {
      for (const [suffix, how, page] of [['big5', 'read as Big5', 'big5'], ['utf-8', 'read as UTF-8 wherever it is valid', 'utf-8-lines']] as const) {
        const again = regions.map(({ range }) => ({ range, decoded: decodeRegion(bytes, range.start, range.end, page) }));
        const other = again.some((r, k) => r.decoded.text !== regions[k].decoded.text) ? regionPart(`${id}:${suffix}`, `${detail}, ${how}`, again) : null;
        if (other) out.parts.push(other);
      }
    }
    if (junk > JUNK_TOLERANCE) {
      loss.push({
        where,
        kind: 'undecodable-bytes',
        count: junk,
        total,
        detail: `${junk} bytes ${detail} are not text (neither UTF-8 nor GB18030): whatever they hold was not read.`,
      });
    }
  };
  // Before the header: everything but padding.
  let a = 0;
  while (a < header && isPadding(bytes[a])) a++;
  if (a < header) read('outside:before-header', 'outside:before-header', 'before the %PDF- header', [{ start: a, end: header }]);
  // After the last %%EOF: everything but padding.
  let z = bytes.length;
  while (z > bodyEnd && isPadding(bytes[z - 1])) z--;
  let s = bodyEnd;
  while (s < z && isPadding(bytes[s])) s++;
  if (s < z) read('outside:after-eof', 'outside:after-eof', 'after the last %%EOF', [{ start: s, end: z }]);
  // Comments between objects. The binary marker line after the header (four or so bytes above
  // 0x7F, so that tools treat the file as binary) is no text; a longer one is read, its bytes
  // tolerated as binary by design.
  const found = findComments(bytes, header, bodyEnd);
  const { comments, marker: line } = found;
  const marker = line && trimmedLength(bytes, line) > MARKER_BYTES ? line : undefined;
  const ranges = marker ? [marker, ...comments] : comments;
  // The `%` itself is syntax, not text.
  const texts = ranges.map((r) => ({ start: r.start + 1, end: r.end })).filter((r) => r.end > r.start);
  const tolerate = marker ? texts.find((r) => r.start === marker.start + 1) : undefined;
  if (texts.length > 0) read('outside:comments', 'outside:comments', 'in comments between the objects', texts, tolerate);
  const { stray } = found;
  if (stray.length > 0) read('outside:between-objects', 'outside:between-objects', 'between the objects (no PDF syntax)', stray);
}
