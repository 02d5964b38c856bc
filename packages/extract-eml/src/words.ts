/**
 * Encoded words (RFC 2047) as a mail program shows them, including the charsets the MIME parser's
 * decoder does not know (UTF-7, HZ): postal-mime reads those as windows-1252 and leaves the 7-bit
 * form, in which a marking cannot be seen. A word in a charset or encoding nothing here decodes is
 * reported, so the caller can record a loss instead of taking the raw word as the text.
 */
import { decodeWords } from 'postal-mime';

/** UTF-7 (RFC 2152): `+` opens modified base64 of UTF-16BE up to a non-base64 character, `+-` is `+`. */
export function decodeUtf7(s: string): string {
  return s.replace(/\+([A-Za-z0-9+/]*)-?/g, (all, b64: string) => {
    if (!b64) return all === '+-' ? '+' : all;
    const bytes = Buffer.from(b64, 'base64');
    let out = '';
    for (let i = 0; i + 1 < bytes.length; i += 2) out += String.fromCharCode((bytes[i] << 8) | bytes[i + 1]);
    return out;
  });
}

/** HZ (RFC 1843): GB2312 between `~{` and `~}` with the high bits cleared; `~~` is `~`, `~` at a line end joins lines. */
export function decodeHz(s: string): string {
  const gbk = new TextDecoder('gbk');
  return s.replace(/~\{([\s\S]*?)(?:~\}|$)/g, (_, gb: string) => {
    const bytes = Uint8Array.from(gb.replace(/\s/g, ''), (c) => c.charCodeAt(0) | 0x80);
    return gbk.decode(bytes);
  }).replace(/~\r?\n/g, '').replace(/~~/g, '~');
}

/**
 * ISO-2022-CN (RFC 1922): 7-bit, `ESC $ ) A` designates GB 2312 to G1, SO shifts into it (two
 * bytes a character, high bits cleared), SI back to ASCII; designations end with the line. CNS
 * 11643 planes (`ESC $ ) G`, `ESC $ * H`) have no decoder here: their characters read as U+FFFD,
 * so the loss stays visible.
 */
export function decodeIso2022Cn(s: string): string {
  const gbk = new TextDecoder('gbk');
  let out = '';
  let g1: 'gb' | 'other' | undefined;
  let shifted = false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x1b && s[i + 1] === '$') {
      const kind = s[i + 2] === ')' || s[i + 2] === '*' || s[i + 2] === '+' ? s[i + 3] : s[i + 2];
      const g = s[i + 2] === ')';
      if (g) g1 = kind === 'A' ? 'gb' : 'other';
      i += s[i + 2] === ')' || s[i + 2] === '*' || s[i + 2] === '+' ? 3 : 2;
      continue;
    }
    if (c === 0x1b && s[i + 1] === 'N') {
      // SS2 (a CNS plane 2 character): not decoded.
      out += '\ufffd';
      i += 3;
      continue;
    }
    if (c === 0x0e) (shifted = true);
    else if (c === 0x0f) (shifted = false);
    else if (c === 0x0a || c === 0x0d) {
      shifted = false;
      g1 = undefined;
      out += s[i];
    } else if (shifted && i + 1 < s.length) {
      out += g1 === 'gb' ? gbk.decode(Uint8Array.of(c | 0x80, s.charCodeAt(i + 1) | 0x80)) : '\ufffd';
      i++;
    } else out += s[i];
  }
  return out;
}

/** Decodes one-char-per-byte text in a TextDecoder encoding. */
const via = (encoding: string) => (s: string): string => new TextDecoder(encoding).decode(Buffer.from(s, 'latin1'));

/**
 * Chinese charset labels mail programs write that neither TextDecoder nor the MIME parser's alias
 * table knows (the parser falls back to windows-1252 and shows Latin-1 letters): EUC-CN and its
 * spellings, GB18030 with a year, the Mac's Chinese encodings, code page 20936. Each is read as the
 * encoding whose superset it is.
 */
export const CJK_ALIASES: Record<string, string> = {
  'euc-cn': 'gb18030',
  'x-euc-cn': 'gb18030',
  euccn: 'gb18030',
  'cn-gb': 'gb18030',
  'gb2312-80': 'gb18030',
  'gb18030-2000': 'gb18030',
  'gb18030-2005': 'gb18030',
  'gb18030-2022': 'gb18030',
  'x-mac-chinesesimp': 'gb18030',
  'x-cp20936': 'gb18030',
  cp20936: 'gb18030',
  'x-mac-chinesetrad': 'big5',
  'big5-eten': 'big5',
};

/** Charsets TextDecoder does not know but a mail program shows: read here instead (input: one char per byte). */
export const OWN_CHARSETS: Record<string, (s: string) => string> = {
  'utf-7': decodeUtf7,
  utf7: decodeUtf7,
  'unicode-1-1-utf-7': decodeUtf7,
  'x-unicode-1-1-utf-7': decodeUtf7,
  'hz-gb-2312': decodeHz,
  hz: decodeHz,
  'x-hz': decodeHz,
  ...Object.fromEntries(Object.entries(CJK_ALIASES).map(([label, encoding]) => [label, via(encoding)])),
  'iso-2022-cn': decodeIso2022Cn,
  'iso-2022-cn-ext': decodeIso2022Cn,
  csiso2022cn: decodeIso2022Cn,
};

/** Charsets the MIME parser reads as windows-1252 letters, which this module reads as what they are. */
export const PARSER_MISREADS = new Set([...Object.keys(CJK_ALIASES), 'iso-2022-cn', 'iso-2022-cn-ext', 'csiso2022cn']);

/** Windows code pages the MIME parser decodes by number (`cp936`, `ms936`, `windows-936` …), as TextDecoder alone does not. */
const PARSER_CODE_PAGES = /^(?:x-ms-|x-|cs)?(?:cp|windows|ms|ibm)[-_]?(932|936|949|950|874|51932|50220|50221|50222)$/;

/** Whether a charset label is decoded: by TextDecoder (as written, or without an `x-`/`cs` prefix) or here. */
export function charsetKnown(label: string): boolean {
  const l = label.trim().toLowerCase();
  if (OWN_CHARSETS[l] || PARSER_CODE_PAGES.test(l)) return true;
  for (const c of [l, l.replace(/^(x-|cs)/, ''), l.replace(/^cp-?(\d+)$/, 'windows-$1')]) {
    try {
      new TextDecoder(c);
      return true;
    } catch {
      // try the next spelling
    }
  }
  return false;
}

/** Whether a charset label names a one-byte encoding (Latin-1, windows-125x, KOI8 …): not UTF, not a CJK one. */
export function singleByteCharset(label: string): boolean {
  const enc = decoderEncoding(label);
  return enc !== undefined && !/^(utf-|gbk|gb18030|big5|euc-|iso-2022|shift_jis|replacement)/.test(enc);
}

/** The TextDecoder encoding a charset label names, also with an `x-`/`cs` prefix dropped or `cpNNN` as `windows-NNN`; undefined when none. */
function decoderEncoding(label: string): string | undefined {
  const l = label.trim().toLowerCase();
  for (const c of [l, l.replace(/^(x-|cs)/, ''), l.replace(/^cp-?(\d+)$/, 'windows-$1')]) {
    try {
      return new TextDecoder(c).encoding;
    } catch {
      // the next spelling
    }
  }
  return undefined;
}

/**
 * The Chinese text that bytes labelled with a one-byte charset are, or undefined: the first of
 * UTF-8, GB18030 and Big5 that decodes them without an error into text whose characters beyond
 * ASCII are ideographs, CJK or full-width punctuation and ★ (at least two ideographs; one in ten
 * may be something else). Latin-1 prose fails it: an accented letter before a space or a full stop
 * is no double-byte character, and the pairs it does form read as scattered rare signs.
 */
export function mislabelledCjk(bytes: Uint8Array): { encoding: string; text: string } | undefined {
  let high = 0;
  for (let i = 0; i < bytes.length && high < 2; i++) if (bytes[i] >= 0x80) high++;
  if (high < 2) return undefined;
  for (const encoding of ['utf-8', 'gb18030', 'big5']) {
    let text: string;
    try {
      text = new TextDecoder(encoding, { fatal: true }).decode(bytes);
    } catch {
      continue;
    }
    let ideographs = 0;
    let other = 0;
    let nonAscii = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c < 0x80) continue;
      nonAscii++;
      if ((c >= 0x3400 && c <= 0x9fff) || (c >= 0xf900 && c <= 0xfaff)) ideographs++;
      else if (!((c >= 0x3000 && c <= 0x303f) || (c >= 0xff00 && c <= 0xffef) || (c >= 0x2010 && c <= 0x2027) || c === 0x2605 || c === 0x2606 || c === 0xb7 || c === 0xd7)) other++;
    }
    if (ideographs >= 2 && other * 10 <= nonAscii) return { encoding, text };
  }
  return undefined;
}

/** Labels of UTF-16 (WHATWG's, and what mail programs write): TextDecoder reads every one but `utf-16be` and `unicodefffe` as little-endian. */
export const UTF16_LABEL = /^(utf-?16(be|le)?|ucs-?2|unicode(feff|fffe)?|iso-10646-ucs-2|csunicode)$/i;

/**
 * UTF-16 as a mail program reads it: a byte order mark decides, whatever the label says; without
 * one, a label naming the order (`utf-16be`), else the order whose reading looks more like text
 * (ideographs, ASCII, CJK punctuation), big-endian on a tie as RFC 2781 has it. TextDecoder (and so
 * the MIME parser) reads `utf-16` as little-endian always: a big-endian body became scattered signs.
 */
export function utf16Text(bytes: Uint8Array, label: string): { encoding: 'utf-16le' | 'utf-16be'; text: string } {
  const l = label.trim().toLowerCase();
  let encoding: 'utf-16le' | 'utf-16be';
  let from = 0;
  if (bytes[0] === 0xfe && bytes[1] === 0xff) (encoding = 'utf-16be'), (from = 2);
  else if (bytes[0] === 0xff && bytes[1] === 0xfe) (encoding = 'utf-16le'), (from = 2);
  else if (/be$|fffe$/.test(l)) encoding = 'utf-16be';
  else if (/le$/.test(l)) encoding = 'utf-16le';
  else encoding = textLikeUnits(bytes, true) >= textLikeUnits(bytes, false) ? 'utf-16be' : 'utf-16le';
  return { encoding, text: new TextDecoder(encoding).decode(bytes.subarray(from)) };
}

/** How many of the first 4096 units read in one byte order are text: ASCII printables and blanks, ideographs, CJK and full-width punctuation. */
function textLikeUnits(bytes: Uint8Array, bigEndian: boolean): number {
  let n = 0;
  for (let i = 0; i + 1 < bytes.length && i < 8192; i += 2) {
    const c = bigEndian ? (bytes[i] << 8) | bytes[i + 1] : bytes[i] | (bytes[i + 1] << 8);
    if ((c >= 0x20 && c < 0x7f) || c === 0x0a || c === 0x0d || c === 0x09 || (c >= 0x4e00 && c <= 0x9fff) || (c >= 0x3000 && c <= 0x303f) || (c >= 0xff00 && c <= 0xffef) || c === 0x2605) n++;
  }
  return n;
}

/** The encoding TextDecoder (and the MIME parser) reads a UTF-16 label as. */
export function whatwgUtf16(label: string): 'utf-16le' | 'utf-16be' {
  return /^(utf-?16be|unicodefffe)$/i.test(label.trim()) ? 'utf-16be' : 'utf-16le';
}

/**
 * The TextDecoder encoding of a multi-byte legacy charset label (GB2312, GBK, GB18030, Big5,
 * Shift_JIS, EUC-JP, EUC-KR, written as TextDecoder knows them or with an `x-`/`cs` prefix or as
 * `cp936`), else undefined. UTF-8 is left to the parser, which joins its words itself.
 */
export function multiByteEncoding(label: string): string | undefined {
  const enc = decoderEncoding(label);
  return enc !== undefined && /^(gbk|gb18030|big5|shift_jis|euc-jp|euc-kr)$/.test(enc) ? enc : undefined;
}

/** One encoded word: `=?charset?encoding?text?=`. */
const WORD = /=\?([^?\s]+)\?([^?\s]*)\?([^?]*?)\?=/g;

/** The bytes of an encoded word's text, one char per byte, or undefined for an encoding other than B or Q. */
function wordBytes(encoding: string, text: string): string | undefined {
  if (/^b$/i.test(encoding)) return Buffer.from(text.replace(/[^A-Za-z0-9+/]/g, ''), 'base64').toString('latin1');
  if (/^q$/i.test(encoding)) return text.replace(/_/g, ' ').replace(/=([0-9A-Fa-f]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
  return undefined;
}

export interface DecodedHeader {
  text: string;
  /** Encoded words in a charset or encoding no decoder here knows: `=?x-foo?B?…?=`. */
  undecoded: string[];
  /** Set when a word was read in a charset only this module decodes (UTF-7, HZ). */
  own: boolean;
}

/**
 * A header value with its encoded words decoded. Adjacent words in UTF-7 or HZ are joined before
 * decoding (a character may be split across them) and handed on as UTF-8 words; the rest is
 * postal-mime's `decodeWords`.
 */
export function decodeHeader(value: string): DecodedHeader {
  const undecoded: string[] = [];
  let own = false;
  if (!value.includes('=?')) return { text: value, undecoded, own };
  let out = '';
  let at = 0;
  // A run of adjacent own-charset words (only white space between them), joined as bytes. Words
  // in a one-byte charset are run too: when their bytes are Chinese (a mail program that labels
  // every header iso-8859-1), they are read as what they are, not as Latin-1 letters.
  let run: { charset: string; bytes: string; words: string } | undefined;
  const flush = (): void => {
    if (!run) return;
    const own1 = OWN_CHARSETS[run.charset];
    const multi = multiByteEncoding(run.charset);
    const text = own1 ? own1(run.bytes) : multi ? new TextDecoder(multi).decode(Buffer.from(run.bytes, 'latin1')) : UTF16_LABEL.test(run.charset) ? utf16Text(Buffer.from(run.bytes, 'latin1'), run.charset).text : mislabelledCjk(Buffer.from(run.bytes, 'latin1'))?.text;
    out += text === undefined ? run.words : `=?utf-8?B?${Buffer.from(text).toString('base64')}?=`;
    if (text !== undefined) own = true;
    run = undefined;
  };
  for (const m of value.matchAll(WORD)) {
    const between = value.slice(at, m.index);
    const label = m[1].split('*')[0].toLowerCase();
    // Multi-byte charsets by the encoding they name (GB2312 and GBK words are one run), so that a
    // character whose bytes a writer split across two words (RFC 2047 forbids it; mail programs
    // join the words before decoding) reads as itself, not as two U+FFFD.
    const charset = multiByteEncoding(label) ?? label;
    const bytes = wordBytes(m[2], m[3]);
    if (bytes === undefined || !charsetKnown(charset)) undecoded.push(m[0]);
    // UTF-16 words too: the parser reads them little-endian whatever their byte order mark says.
    if (bytes !== undefined && (OWN_CHARSETS[charset] || singleByteCharset(charset) || UTF16_LABEL.test(charset) || multiByteEncoding(charset))) {
      if (run && (run.charset !== charset || between.trim() !== '')) flush();
      if (!run) out += between;
      run ??= { charset, bytes: '', words: '' };
      run.words += (run.words ? between : '') + m[0];
      run.bytes += bytes;
    } else {
      flush();
      out += between + m[0];
    }
    at = m.index + m[0].length;
  }
  flush();
  out += value.slice(at);
  let text = out;
  try {
    text = decodeWords(out);
  } catch {
    // Undecodable words stay as written: the raw value is still scanned.
  }
  return { text, undecoded, own };
}
