/**
 * PostScript and EPS (`%!PS-Adobe-3.0`, `%!PS-Adobe-3.0 EPSF-3.0`): the page text is in string
 * operands of `show` and its kin, written as literals with octal escapes (`(\273\372\303\334) show`)
 * or as hex strings (`<673A5BC6> show`), in whatever encoding the font's CMap names (GBK, UCS-2,
 * UTF-8, Big5…). Read as plain text the file shows none of it, and a banner's string stands in the
 * middle of a program line (`72 720 moveto (TOP SECRET//NOFORN) show`).
 *
 * This reading decodes every string literal of the program (bounded) into a part of its own, each
 * string on a line of its own unless the program only moves along the same line between two shows,
 * every unit mapped to the escapes or hex digits that wrote it. The encoding is the current font's
 * CMap's when its name says one; else a string of ASCII is itself, one with a byte order mark or NUL
 * high bytes is UTF-16BE, valid UTF-8 is UTF-8, else GB18030; the other plausible readings of such
 * a string (UTF-16BE, Big5) go to a second part.
 *
 * What it cannot read is a loss, never silence: data behind decoding filters (`currentfile
 * /FlateDecode filter`, ASCII85 or LZW streams), strings in a font of glyph ids (`Identity-H`), and
 * pictures (`image`, `colorimage`: the picture's pixels are not rendered for OCR).
 */
import type { Extraction, Loss, PartOrigin, TextPart } from '@prepub/core';
import { MappedBuilder, lineStartsOf } from './readings.ts';

/** Whether the text opens as a PostScript program (a BOM, then `%!PS`). */
export function looksPostScript(head: string): boolean {
  return /^\uFEFF?%!PS/.test(head);
}

/** Decoded string bytes at most, over the whole file: a bound on the reading. */
const MAX_STRING_BYTES = 4 << 20;

/** Operators that move to an absolute position or start anew: the next string is on a line of its own unless on the same baseline. */
const LINE_BREAKERS = new Set(['showpage', 'newpath', 'translate', 'grestore', 'gsave', 'restore', 'save', 'setmatrix', 'concat', 'rotate', 'scale', 'copypage', 'erasepage']);
/** What may stand between two strings shown on one line. */
const SAME_LINE = new Set(['show', 'ashow', 'widthshow', 'awidthshow', 'kshow', 'xshow', 'yshow', 'xyshow', 'cshow', 'rmoveto', 'findfont', 'scalefont', 'setfont', 'selectfont', 'makefont', 'def', 'pop', 'exch', 'dup', 'currentpoint', 'stringwidth', 'sub', 'add', 'div', 'mul', 'neg', 'setgray', 'setrgbcolor', 'setcmykcolor', 'sethsbcolor']);
const IMAGE_OPERATORS = new Set(['image', 'colorimage']);
const DECODE_FILTERS = /^\/(?:FlateDecode|LZWDecode|ASCII85Decode|ASCIIHexDecode|RunLengthDecode|DCTDecode|CCITTFaxDecode|SubFileDecode|ReusableStreamDecode)$/;

type Encoding = 'utf-16be' | 'utf-8' | 'gb18030' | 'big5' | 'shift_jis' | 'euc-kr' | 'identity' | undefined;

/** The encoding a font name's CMap says (`STSong-Light-GBK-EUC-H`, `…-UniGB-UCS2-H`, `…-Identity-H`), if any. */
export function cmapEncoding(font: string): Encoding {
  if (/-(?:Identity)-[HV]$/.test(font)) return 'identity';
  if (/(?:UCS2|UTF16)-[HV]$/.test(font)) return 'utf-16be';
  if (/UTF8-[HV]$/.test(font)) return 'utf-8';
  if (/(?:GBK2K|GBK|GB|GBpc|GBT|GBTpc)-EUC-[HV]$|GBK2K-[HV]$/.test(font)) return 'gb18030';
  if (/(?:B5pc|ETen-B5|HKscs-B5|ETenms-B5|CNS-EUC|B5)-[HV]$/.test(font)) return 'big5';
  if (/(?:RKSJ|90ms-RKSJ|90pv-RKSJ)-[HV]$/.test(font)) return 'shift_jis';
  if (/(?:KSC-EUC|KSCms-UHC|KSCpc-EUC)-[HV]$/.test(font)) return 'euc-kr';
  return undefined;
}

/** A string operand: its bytes, each with the source range that wrote it; undefined bytes (raw text beyond Latin-1) keep their text. */
interface PsString {
  bytes: number[];
  from: number[];
  to: number[];
  /** Raw characters beyond a byte, already decoded with the file: the string is copied as text. */
  text?: string;
  start: number;
  end: number;
}

function isDelimiter(c: number): boolean {
  return c <= 0x20 || c === 0x28 || c === 0x29 || c === 0x3c || c === 0x3e || c === 0x5b || c === 0x5d || c === 0x7b || c === 0x7d || c === 0x2f || c === 0x25;
}

/** The literal string opening at `i` (`(`): bytes with their sources, and where it ends. */
function literalAt(text: string, i: number): PsString {
  const s: PsString = { bytes: [], from: [], to: [], start: i, end: text.length };
  let depth = 1;
  let raw = '';
  let wide = false;
  let j = i + 1;
  const push = (b: number, from: number, to: number): void => {
    s.bytes.push(b);
    s.from.push(from);
    s.to.push(to);
  };
  while (j < text.length) {
    const c = text.charCodeAt(j);
    if (c === 0x5c /* \ */) {
      const e = text.charCodeAt(j + 1);
      if (e >= 0x30 && e <= 0x37) {
        let k = j + 1;
        let v = 0;
        while (k < j + 4 && k < text.length && text.charCodeAt(k) >= 0x30 && text.charCodeAt(k) <= 0x37) v = v * 8 + text.charCodeAt(k++) - 0x30;
        push(v & 0xff, j, k);
        raw += String.fromCharCode(v & 0xff);
        j = k;
        continue;
      }
      if (e === 0x0d || e === 0x0a) {
        // A line continuation: nothing.
        j += e === 0x0d && text.charCodeAt(j + 2) === 0x0a ? 3 : 2;
        continue;
      }
      const map: Record<string, number> = { n: 0x0a, r: 0x0d, t: 0x09, b: 0x08, f: 0x0c };
      const ch = text[j + 1] ?? '';
      const v = map[ch] ?? ch.charCodeAt(0);
      if (Number.isNaN(v)) break;
      push(v & 0xff, j, j + 2);
      raw += String.fromCharCode(v);
      j += 2;
      continue;
    }
    if (c === 0x28) depth++;
    else if (c === 0x29 && --depth === 0) {
      s.end = j + 1;
      break;
    }
    if (c > 0xff) wide = true;
    push(c & 0xff, j, j + 1);
    raw += text[j];
    j++;
  }
  if (wide) s.text = raw;
  return s;
}

/** The hex string opening at `i` (`<`, not `<<` or `<~`): bytes with their sources, and where it ends. */
function hexAt(text: string, i: number): PsString {
  const s: PsString = { bytes: [], from: [], to: [], start: i, end: text.length };
  let hi = -1;
  let hiAt = 0;
  for (let j = i + 1; j < text.length; j++) {
    const c = text.charCodeAt(j);
    if (c === 0x3e) {
      s.end = j + 1;
      break;
    }
    const v = c >= 0x30 && c <= 0x39 ? c - 0x30 : c >= 0x41 && c <= 0x46 ? c - 0x37 : c >= 0x61 && c <= 0x66 ? c - 0x57 : -1;
    if (v < 0) {
      if (c <= 0x20) continue;
      // Not a hex string: stop here, what came is what it holds.
      s.end = j;
      break;
    }
    if (hi < 0) {
      hi = v;
      hiAt = j;
    } else {
      s.bytes.push((hi << 4) | v);
      s.from.push(hiAt);
      s.to.push(j + 1);
      hi = -1;
    }
  }
  if (hi >= 0) {
    s.bytes.push(hi << 4);
    s.from.push(hiAt);
    s.to.push(hiAt + 1);
  }
  return s;
}

/** Characters of `bytes` in `encoding`, each with the byte range it came from; undefined when the bytes are not that encoding. */
function decodeAs(bytes: number[], encoding: Exclude<Encoding, 'identity' | undefined>): Array<[string, number, number]> | undefined {
  const out: Array<[string, number, number]> = [];
  const dec = new TextDecoder(encoding, { fatal: true });
  const n = bytes.length;
  let i = 0;
  const one = (len: number): boolean => {
    if (i + len > n) return false;
    try {
      const s = dec.decode(Uint8Array.from(bytes.slice(i, i + len)));
      out.push([s, i, i + len]);
      i += len;
      return true;
    } catch {
      return false;
    }
  };
  while (i < n) {
    const b = bytes[i];
    let ok: boolean;
    if (encoding === 'utf-16be') {
      const hiUnit = (b << 8) | (bytes[i + 1] ?? 0);
      ok = one(hiUnit >= 0xd800 && hiUnit <= 0xdbff ? 4 : 2);
    } else if (encoding === 'utf-8') ok = one(b < 0x80 ? 1 : b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : 2);
    else if (encoding === 'gb18030') ok = one(b < 0x80 ? 1 : bytes[i + 1] >= 0x30 && bytes[i + 1] <= 0x39 ? 4 : 2);
    else ok = one(b < 0x80 ? 1 : encoding === 'shift_jis' && b >= 0xa1 && b <= 0xdf ? 1 : 2);
    if (!ok) return undefined;
  }
  return out;
}

/** A control character (a procedure's `(\004)`, a C1 byte read as Latin-1) as a space: it draws nothing, and is no text. */
function visible(ch: string): string {
  const c = ch.charCodeAt(0);
  return ch.length === 1 && ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) || (c >= 0x7f && c <= 0x9f)) ? ' ' : ch;
}

/** The readings of a string: the first is the one believed, the others plausible too. */
function readings(s: PsString, hint: Encoding): Array<Array<[string, number, number]>> {
  const b = s.bytes;
  if (b.every((x) => x < 0x80) && hint !== 'utf-16be') return [b.map((x, k) => [String.fromCharCode(x), k, k + 1])];
  if (hint && hint !== 'identity') {
    const r = decodeAs(b, hint);
    if (r) return [r];
  }
  const out: Array<Array<[string, number, number]>> = [];
  const add = (r: Array<[string, number, number]> | undefined): void => {
    if (!r) return;
    const joined = r.map((x) => x[0]).join('');
    // A reading into private-use or unassigned characters is no reading of text.
    if (/[\uE000-\uF8FF\uFFFD\u0080-\u009F]|\p{Cn}/u.test(joined)) return;
    if (!out.some((o) => o.map((x) => x[0]).join('') === joined)) out.push(r);
  };
  const latin1 = b.map((x, k): [string, number, number] => [String.fromCharCode(x), k, k + 1]);
  // Mostly ASCII with a byte or two above (a ligature, an accent in a Latin font's encoding): Latin-1 first.
  const high = b.filter((x) => x >= 0x80).length;
  const evenNul = b.length % 2 === 0 && b.some((x, k) => k % 2 === 0 && x === 0);
  if ((b[0] === 0xfe && b[1] === 0xff) || evenNul) add(decodeAs(b[0] === 0xfe && b[1] === 0xff ? b.slice(2) : b, 'utf-16be')?.map(([c, f, t]) => (b[0] === 0xfe ? [c, f + 2, t + 2] : [c, f, t])));
  add(decodeAs(b, 'utf-8'));
  if (!out.length && high * 2 < b.length) out.push(latin1);
  add(decodeAs(b, 'gb18030'));
  if (b.length % 2 === 0) add(decodeAs(b, 'utf-16be'));
  add(decodeAs(b, 'big5'));
  if (!out.length) out.push(latin1);
  return out;
}

/**
 * The PostScript reading of `text` (the decoded file): `body@postscript` with every string operand
 * decoded, `body@postscript-alt` with other plausible readings of strings whose encoding is not
 * certain, and the losses of what it cannot read.
 */
export function postscriptReading(text: string, origin: PartOrigin, lineStarts?: Uint32Array): { parts: TextPart[]; loss: Loss[] } {
  const main = new MappedBuilder('body@postscript', { ...origin, detail: 'the string operands of the PostScript program (show and its kin), escapes and hex strings decoded in the font\'s encoding' });
  const alt = new MappedBuilder('body@postscript-alt', { ...origin, detail: 'other plausible readings of PostScript strings whose encoding the program does not name' });
  const loss: Loss[] = [];
  let filtered = 0;
  let images = 0;
  let identity = 0;
  let total = 0;
  let font = '';
  let lastName = '';
  let nums: string[] = [];
  /**
   * The strings in order, each with what places it: a baseline `y` (from `x y moveto` before it, or
   * from a procedure taking `x y` right after it, as groff's `(text)72 36 Q` and dvips's `a` do), and
   * whether a page operator or a move along the line came before it. Where the program places a
   * string only by a procedure of its own with one operand or none (groff's kerning `(TO)…(PS).18 G`),
   * it continues its line.
   */
  interface Shown {
    s: PsString;
    hint: Encoding;
    y?: string;
    breakBefore: boolean;
    spaceBefore: boolean;
  }
  const shown: Shown[] = [];
  let last: Shown | undefined;
  let pendingY: string | undefined;
  let pendingBreak = false;
  let pendingSpace = false;
  for (let i = 0; i < text.length && total < MAX_STRING_BYTES; ) {
    const c = text.charCodeAt(i);
    if (c <= 0x20) {
      i++;
      continue;
    }
    if (c === 0x25 /* % */) {
      const nl = text.slice(i, i + 65536).search(/[\r\n]/);
      i = nl < 0 ? Math.min(text.length, i + 65536) : i + nl;
      continue;
    }
    if (c === 0x28 || (c === 0x3c && text.charCodeAt(i + 1) !== 0x3c && text.charCodeAt(i + 1) !== 0x7e)) {
      const s = c === 0x28 ? literalAt(text, i) : hexAt(text, i);
      i = Math.max(s.end, i + 1);
      total += s.bytes.length;
      nums = [];
      last = undefined;
      if (!s.bytes.length) continue;
      const hint = cmapEncoding(font);
      if (hint === 'identity') {
        identity += s.bytes.length >> 1;
        continue;
      }
      last = { s, hint, ...(pendingY !== undefined ? { y: pendingY } : {}), breakBefore: pendingBreak, spaceBefore: pendingSpace };
      shown.push(last);
      pendingY = undefined;
      pendingBreak = pendingSpace = false;
      continue;
    }
    if ((c === 0x3c && text.charCodeAt(i + 1) === 0x3c) || (c === 0x3e && text.charCodeAt(i + 1) === 0x3e)) {
      // A dictionary's brackets.
      i += 2;
      nums = [];
      last = undefined;
      continue;
    }
    if (c === 0x3c && text.charCodeAt(i + 1) === 0x7e) {
      // An ASCII85 string: data (a picture, a font), not read.
      const close = text.indexOf('~>', i + 2);
      i = close < 0 ? text.length : close + 2;
      filtered++;
      continue;
    }
    // A token: a name, a number, an operator, a delimiter.
    let j = i + 1;
    if (!(c === 0x3c || c === 0x3e || c === 0x5b || c === 0x5d || c === 0x7b || c === 0x7d || c === 0x29)) while (j < text.length && !isDelimiter(text.charCodeAt(j))) j++;
    if (c === 0x2f) while (j < text.length && !isDelimiter(text.charCodeAt(j))) j++;
    const tok = text.slice(i, j);
    i = j;
    if (/^[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$/.test(tok)) {
      nums.push(tok);
      if (nums.length > 2) nums.shift();
      continue;
    }
    if (tok[0] === '/') {
      lastName = tok;
      if (DECODE_FILTERS.test(tok)) filtered++;
      nums = [];
      continue;
    }
    const known = SAME_LINE.has(tok) || LINE_BREAKERS.has(tok) || tok === 'moveto' || IMAGE_OPERATORS.has(tok) || tok === 'eexec';
    if (last && !known && /^[A-Za-z]/.test(tok)) {
      // The procedure that shows the string before it: `x y` operands place that string.
      if (nums.length === 2) last.y = nums[1];
    } else if (tok === 'findfont' || tok === 'selectfont') font = lastName.slice(1);
    else if (tok === 'moveto') {
      if (nums.length === 2) {
        pendingY = nums[1];
        pendingSpace = true;
      } else pendingBreak = true;
    } else if (tok === 'rmoveto') pendingSpace = true;
    else if (IMAGE_OPERATORS.has(tok)) images++;
    else if (tok === 'eexec') {
      // An encrypted font program follows (Type 1): glyph outlines, not text. Skip to its cleartomark.
      const end = text.indexOf('cleartomark', i);
      i = end < 0 ? text.length : end + 11;
    } else if (LINE_BREAKERS.has(tok)) pendingBreak = true;
    else if (!known && nums.length === 2) {
      // A procedure of the program's own taking `x y` before a string (dvips's `a`): a move to there.
      pendingY = nums[1];
      pendingSpace = true;
    }
    last = undefined;
    nums = [];
  }
  let lineY: string | undefined;
  shown.forEach((r, k) => {
    const { s } = r;
    if (k > 0) {
      const brk = r.breakBefore || (r.y !== undefined && lineY !== undefined && r.y !== lineY);
      if (brk) {
        main.breakLine(s.start, s.start + 1);
        alt.breakLine(s.start, s.start + 1);
        lineY = undefined;
      } else if (r.spaceBefore || (r.y !== undefined && r.y === lineY)) main.put(' ', s.start, s.start + 1);
    }
    if (r.y !== undefined) lineY = r.y;
    if (s.text !== undefined) {
      // Raw characters the file's own decoding already read: the string as written, escapes resolved as bytes.
      for (let q = 0; q < s.bytes.length; q++) main.put(visible(s.text[q]), s.from[q], s.to[q]);
      return;
    }
    readings(s, r.hint).forEach((rd, q) => {
      const out = q === 0 ? main : alt;
      for (const [ch, f, t] of rd) out.put(visible(ch), s.from[f], s.to[t - 1]);
      if (q > 0) alt.breakLine(s.end - 1, s.end);
    });
  });
  const any = shown.length > 0;
  if (total >= MAX_STRING_BYTES) loss.push({ where: 'PostScript strings', kind: 'other', count: 1, detail: `the PostScript program holds more than ${MAX_STRING_BYTES} bytes of strings; the rest were not decoded` , reason: 'limit' });
  if (filtered) loss.push({ where: 'PostScript data', kind: 'failed-stream', count: filtered, detail: `${filtered} piece(s) of PostScript data are behind decoding filters (Flate, LZW, ASCII85…) and were not read` });
  if (identity) loss.push({ where: 'PostScript strings', kind: 'unmapped-glyphs', count: identity, detail: `${identity} glyph(s) are shown in a font of glyph ids (Identity CMap) without a Unicode mapping; what they say was not read` });
  if (images) loss.push({ where: 'PostScript pictures', kind: 'other', count: images, detail: `${images} picture(s) drawn by the PostScript program (image, colorimage) were not rendered for OCR` });
  const ls = lineStarts ?? lineStartsOf(text);
  const parts: TextPart[] = [];
  if (any) {
    const p = main.part(ls);
    if (p) parts.push(p);
    const a = alt.part(ls);
    if (a) parts.push(a);
  }
  return { parts, loss };
}
