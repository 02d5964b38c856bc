/**
 * PDF text strings in a Chinese code page. A text string without a UTF-16 or UTF-8 byte order mark
 * is PDFDocEncoding by the specification, and that is how pdf.js and pdf-lib read it. Chinese
 * producers often write GBK/GB18030 (or Big5) bytes there instead, and Chinese viewers show them as
 * Chinese: 机密★5年 in GBK reads as the PDFDocEncoding mojibake `»úÃÜ¡ï5Äê`, which no detector
 * sees. Each such string is therefore also read in the code pages a viewer may apply, when its
 * bytes decode strictly and the result is plausible text; when its bytes are neither plausible
 * PDFDocEncoding (Latin text) nor plausible in any of those, the string is a loss.
 *
 * The rule, decided on the bytes:
 * - ASCII only, or a byte order mark: nothing to add (the reading is already exact).
 * - Valid UTF-8 with non-ASCII characters (a UTF-8 string written without its mark): the UTF-8
 *   reading. Latin-1 text is almost never valid UTF-8 (an accented letter is not followed by a
 *   continuation byte). Bytes that are also GB2312 text (below) get both readings.
 * - GB18030 whose every multi-byte character is a GB2312 character (both bytes A1–FE, no
 *   user-defined rows, no private-use result), not all of them single characters wedged between
 *   ASCII letters (`Größe` is G r F6DF e): the GB18030 reading. Latin-1 text rarely has two
 *   accented letters in a row, and an accented letter before an ASCII letter makes a GBK extension
 *   pair (`Müller`: FC 6C), which this rule does not take.
 * - Otherwise, when the bytes are not plausible PDFDocEncoding either ({@link plausiblePdfDoc}:
 *   CJK text in any two-byte code page makes runs of bytes ≥ 0x80 that Latin text does not): the
 *   GB18030 and Big5 readings that decode strictly without private-use or control characters.
 *   None: a loss.
 * - Before all of these, bytes holding a NUL are UTF-16 without its mark ({@link bomlessUtf16}), in
 *   the byte order the NULs' offsets give; and besides them, bytes whose UTF-16BE or UTF-16LE
 *   reading is Chinese text only get that reading too. Where a string read whole as UTF-16, the
 *   controls of its PDFDocEncoding reading are blanked: a benign title so written passes.
 */
import type { Box, Loss, PartOrigin, PartRole } from '@prepub/core';
import { addPart, linesPart, type DocState } from './state.ts';

/** A code page a string was read in besides PDFDocEncoding. */
export type LegacyEncoding = 'gb18030' | 'big5' | 'utf-8' | 'utf-16be' | 'utf-16le';

export interface Reading {
  encoding: LegacyEncoding;
  text: string;
}

/** What the bytes of one text string say besides their PDFDocEncoding reading. */
export interface OtherReadings {
  readings: Reading[];
  /** The bytes are plausible in no reading: neither Latin text nor text in a CJK code page. */
  lost: boolean;
}

/**
 * pdf.js's PDFDocEncoding table (`PDFStringTranslateTable`): the byte codes it translates and the
 * characters they become. Every other byte becomes the character of the same code.
 */
const PDFDOC_TRANSLATED: Array<[number, number]> = [
  [0x18, 0x2d8], [0x19, 0x2c7], [0x1a, 0x2c6], [0x1b, 0x2d9], [0x1c, 0x2dd], [0x1d, 0x2db], [0x1e, 0x2da], [0x1f, 0x2dc],
  [0x80, 0x2022], [0x81, 0x2020], [0x82, 0x2021], [0x83, 0x2026], [0x84, 0x2014], [0x85, 0x2013], [0x86, 0x192], [0x87, 0x2044],
  [0x88, 0x2039], [0x89, 0x203a], [0x8a, 0x2212], [0x8b, 0x2030], [0x8c, 0x201e], [0x8d, 0x201c], [0x8e, 0x201d], [0x8f, 0x2018],
  [0x90, 0x2019], [0x91, 0x201a], [0x92, 0x2122], [0x93, 0xfb01], [0x94, 0xfb02], [0x95, 0x141], [0x96, 0x152], [0x97, 0x160],
  [0x98, 0x178], [0x99, 0x17d], [0x9a, 0x131], [0x9b, 0x142], [0x9c, 0x153], [0x9d, 0x161], [0x9e, 0x17e], [0xa0, 0x20ac],
];
const BYTE_OF = new Map(PDFDOC_TRANSLATED.map(([b, c]) => [c, b]));
const TRANSLATED = new Set(PDFDOC_TRANSLATED.map(([b]) => b));
/** PDFDocEncoding letters above 0x7F: Latin-1 letters and the PDF's own (Ł Œ Š Ÿ Ž ı ł œ š ž ƒ ﬁ ﬂ). */
const isLatinLetter = (b: number): boolean => (b >= 0xc0 && b <= 0xff && b !== 0xd7 && b !== 0xf7) || (b >= 0x95 && b <= 0x9e) || b === 0x86 || b === 0x93 || b === 0x94 || b === 0xaa || b === 0xb5 || b === 0xba;
const isAsciiLetter = (b: number | undefined): boolean => b !== undefined && ((b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a));

/**
 * The bytes a string pdf.js read as PDFDocEncoding came from (pdf.js `stringToPDFString`, inverted),
 * or undefined when the string holds a character that encoding cannot give (it was UTF-16 or UTF-8).
 */
export function pdfDocBytes(s: string): Uint8Array | undefined {
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const b = BYTE_OF.get(c);
    if (b !== undefined) out[i] = b;
    else if (c <= 0xff && !TRANSLATED.has(c)) out[i] = c;
    else return undefined;
  }
  return out;
}

const CHAR_OF = new Map(PDFDOC_TRANSLATED);

/** Bytes read as PDFDocEncoding, as pdf.js reads them (but keeping what ESC bytes enclose). */
export function pdfDocDecode(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(CHAR_OF.get(b) ?? b);
  return s;
}

const isLower = (b: number | undefined): boolean => b !== undefined && ((b >= 0x61 && b <= 0x7a) || (b >= 0xdf && b <= 0xff && b !== 0xf7));
const isUpper = (b: number | undefined): boolean => b !== undefined && ((b >= 0x41 && b <= 0x5a) || (b >= 0xc0 && b <= 0xde && b !== 0xd7));

/**
 * Whether the bytes read as PDFDocEncoding look like Latin text. A byte ≥ 0x80 alone is a letter
 * or symbol; several in a row must be lower-case letters (`Größe`, `üçüncü`), a capital and
 * lower-case letters starting a word (`Àìkú`), capitals inside a word in capitals (`BLÅBÆR`), or
 * one symbol repeated (`···`). CJK text in a two-byte code page makes runs of two bytes per
 * character that mix symbols (the GB2312 rows A1–BF) and both cases: 密, in every level word, is
 * C3 DC, `ÃÜ`, two capitals.
 */
export function plausiblePdfDoc(bytes: Uint8Array): boolean {
  for (let i = 0; i < bytes.length; ) {
    if (bytes[i] < 0x80) {
      i++;
      continue;
    }
    let j = i;
    while (j < bytes.length && bytes[j] >= 0x80) j++;
    if (j - i > 1) {
      const run = bytes.subarray(i, j);
      const repeated = run.every((b) => b === run[0]);
      const lowerLetter = (b: number): boolean => isLower(b) && isLatinLetter(b);
      const lower = run.length <= 6 && run.every(lowerLetter);
      const title = run.length <= 4 && isUpper(run[0]) && isLatinLetter(run[0]) && run.subarray(1).every(lowerLetter) && !isLower(bytes[i - 1]) && !isUpper(bytes[i - 1]);
      const upper = run.length <= 4 && run.every((b) => isUpper(b) && isLatinLetter(b)) && (isUpper(bytes[i - 1]) || isUpper(bytes[j]));
      if (!repeated && !lower && !title && !upper) return false;
    }
    i = j;
  }
  return true;
}

/** A decoded reading that holds private-use, control or replacement characters is no text. */
const NOT_TEXT = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ue000-\uf8ff\ufffd]|[\udb80-\udbff][\udc00-\udfff]/;

function decode(encoding: LegacyEncoding, bytes: Uint8Array): string | undefined {
  try {
    const text = new TextDecoder(encoding, { fatal: true, ignoreBOM: false }).decode(bytes);
    return NOT_TEXT.test(text) ? undefined : text;
  } catch {
    return undefined;
  }
}

/**
 * Whether GB18030 bytes are GB2312 text: every multi-byte sequence a two-byte GB2312 character
 * (rows A1–A9 and B0–F7, cells A1–FE), and not every such character alone between ASCII letters.
 */
export function gb2312Text(bytes: Uint8Array): boolean {
  let free = false;
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i];
    if (b < 0x80) {
      i++;
      continue;
    }
    const start = i;
    while (i < bytes.length && bytes[i] >= 0x80) {
      const lead = bytes[i];
      const trail = bytes[i + 1];
      if (trail === undefined || lead < 0xa1 || lead > 0xf7 || (lead > 0xa9 && lead < 0xb0) || trail < 0xa1 || trail > 0xfe) return false;
      i += 2;
    }
    if (i - start > 2 || !isAsciiLetter(bytes[start - 1]) || !isAsciiLetter(bytes[i])) free = true;
  }
  return free;
}

/**
 * UTF-16 written without its byte order mark: PDFDocEncoding has no NUL character, while UTF-16
 * gives one for every ASCII character (`5` is 00 35 in UTF-16BE) and ★ (26 05) reads as a
 * control. Bytes holding a NUL are read as UTF-16BE (what the PDF specification writes), else as
 * UTF-16LE, without C-string terminators at the end when the whole does not decode. When neither
 * reading is text and NULs are a quarter of the bytes or more, the string is a loss. Undefined when
 * the bytes do not look like UTF-16 at all.
 */
export function bomlessUtf16(bytes: Uint8Array): OtherReadings | undefined {
  if (!bytes.includes(0)) return undefined;
  let end = bytes.length;
  while (end > 0 && bytes[end - 1] === 0) end--;
  let nuls = 0;
  for (let i = 0; i < end; i++) if (bytes[i] === 0) nuls++;
  // Counted over every byte: a last character's zero byte is not told from a C-string terminator.
  let all = 0;
  let odd = 0;
  for (let i = 0; i < bytes.length; i++) if (bytes[i] === 0) (all++, (odd += i & 1));
  // The byte order the NULs give: an ASCII character's zero byte comes first in UTF-16BE (even
  // offsets) and second in UTF-16LE (odd ones). Either order decodes almost any bytes, so trying
  // UTF-16BE first read UTF-16LE strings as unrelated characters.
  // As many at even as at odd offsets (`一5`, 4E00 0035, in UTF-16LE): both readings that decode.
  const order: LegacyEncoding[] = 2 * odd > all ? ['utf-16le', 'utf-16be'] : ['utf-16be', 'utf-16le'];
  // NULs at both even and odd offsets outside a terminator (whole 00 00 pairs at the end; a single
  // last 00 is a character's): a Han character with a zero low byte (一 is 4E00) stands beside ASCII
  // (`一一5` is 00 4E 00 4E 35 00 in UTF-16LE), so the NULs point both ways and each reading that
  // decodes is kept.
  const body = end + ((bytes.length - end) % 2);
  let nulsIn = 0;
  let oddIn = 0;
  for (let i = 0; i < body; i++) if (bytes[i] === 0) (nulsIn++, (oddIn += i & 1));
  const both = 2 * odd === all || (oddIn > 0 && oddIn < nulsIn);
  const utf16 = (b: Uint8Array): Reading[] | undefined => {
    if (b.length < 2 || b.length % 2 !== 0) return undefined;
    const out: Reading[] = [];
    for (const encoding of order) {
      const text = decode(encoding, b);
      if (text !== undefined) out.push({ encoding, text });
      if (out.length > 0 && !both) break;
    }
    return out.length > 0 ? out : undefined;
  };
  // NULs only at the end and no UTF-16 whole: a C-string terminator after PDFDocEncoding text.
  const whole = utf16(bytes);
  // One NUL, last, at an odd offset: the zero byte of a last ASCII character in UTF-16LE (`★5`).
  const lastAscii = all === 1 && odd === 1 && end === bytes.length - 1 && whole?.[0].encoding === 'utf-16le';
  const reading = whole ?? (nuls > 0 && end < bytes.length ? utf16(bytes.subarray(0, end)) : undefined);
  if (reading && (nuls > 0 || lastAscii)) return { readings: reading, lost: false };
  return nuls > 0 && 4 * nuls >= end ? { readings: [], lost: true } : undefined;
}

let gb2312: Set<number> | undefined;

/**
 * The characters of GB2312 (the 6,763 Han characters of everyday Chinese, its punctuation and
 * symbols ★ ： …): GB2312's two-byte rows decoded once.
 */
function gb2312Chars(): Set<number> {
  if (gb2312) return gb2312;
  const bytes: number[] = [];
  for (let lead = 0xa1; lead <= 0xf7; lead++) {
    if (lead > 0xa9 && lead < 0xb0) continue;
    for (let trail = 0xa1; trail <= 0xfe; trail++) bytes.push(lead, trail);
  }
  const text = new TextDecoder('gb18030').decode(Uint8Array.from(bytes));
  gb2312 = new Set([...text].map((c) => c.codePointAt(0)!).filter((c) => c >= 0x2000 && (c < 0xe000 || c > 0xf8ff)));
  return gb2312;
}

/**
 * UTF-16 without its byte order mark and without any ASCII character (so without NULs): Chinese
 * text only, two bytes a character (机密 is 67 3A 5B C6 in UTF-16BE, `g:[Æ` in PDFDocEncoding, and
 * 3A 67 C6 5B in UTF-16LE, `:gÆ[`). Bytes of even length whose UTF-16BE or UTF-16LE reading is
 * GB2312 characters only (everyday Han characters, CJK punctuation, ★) get that reading as well. A
 * Latin word reads as arbitrary Han characters, of which about a third are in GB2312; a word that
 * reads so anyway (`Perú` as 健狺) only adds a line of unrelated characters.
 */
function cjkUtf16(bytes: Uint8Array): Reading[] {
  // With a mark the string was read as UTF-16 already.
  if (bytes.length < 4 || bytes.length % 2 !== 0 || (bytes[0] === 0xfe && bytes[1] === 0xff) || (bytes[0] === 0xff && bytes[1] === 0xfe)) return [];
  const chars = gb2312Chars();
  const out: Reading[] = [];
  for (const encoding of ['utf-16be', 'utf-16le'] as const) {
    const [hi, lo] = encoding === 'utf-16be' ? [0, 1] : [1, 0];
    let all = true;
    for (let i = 0; i < bytes.length && all; i += 2) all = chars.has((bytes[i + hi] << 8) | bytes[i + lo]);
    const text = all ? decode(encoding, bytes) : undefined;
    if (text !== undefined) out.push({ encoding, text });
  }
  return out;
}

/**
 * The UTF-16 readings the NULs chose, and beside them a reading of Chinese text only in the other
 * byte order: a Han character's own zero byte (匀 is 53 00 in UTF-16BE) looks like an ASCII
 * character's in UTF-16LE (`S`), so the NULs alone can point to the wrong order.
 */
function withCjkUtf16(bytes: Uint8Array, utf16: OtherReadings | undefined): OtherReadings | undefined {
  if (!utf16) return undefined;
  const extra = cjkUtf16(bytes).filter((r) => !utf16.readings.some((x) => x.text === r.text));
  return extra.length ? { readings: [...utf16.readings, ...extra], lost: false } : utf16;
}

/** The other readings of a text string's bytes (without a byte order mark), by the rule above. */
export function otherReadings(bytes: Uint8Array): OtherReadings | undefined {
  if (bytes.includes(0) && !(bytes[0] === 0xfe && bytes[1] === 0xff) && !(bytes[0] === 0xff && bytes[1] === 0xfe)) {
    const utf16 = withCjkUtf16(bytes, bomlessUtf16(bytes));
    if (utf16) return utf16;
  }
  if (!bytes.some((b) => b >= 0x80)) return undefined;
  const r = codePageReadings(bytes);
  const u16 = cjkUtf16(bytes);
  if (u16.length === 0) return r;
  return { readings: [...(r?.readings ?? []), ...u16], lost: false };
}

function codePageReadings(bytes: Uint8Array): OtherReadings | undefined {
  const bom = bytes[0] === 0xfe && bytes[1] === 0xff ? 'utf-16be' : bytes[0] === 0xff && bytes[1] === 0xfe ? 'utf-16le' : undefined;
  if (bom) {
    // A reader decodes these as UTF-16; bytes that are not UTF-16 were read as PDFDocEncoding mojibake.
    try {
      new TextDecoder(bom, { fatal: true }).decode(bytes.subarray(2, bytes.length - (bytes.length % 2)));
      return undefined;
    } catch {
      return { readings: [], lost: true };
    }
  }
  const utf8 = decode('utf-8', bytes);
  const gb = decode('gb18030', bytes);
  // Short GBK text can be valid UTF-8 too (隆隆 is C2 A1 C2 A1, `¡¡`): both readings are kept.
  const first: Reading[] = [];
  if (utf8 !== undefined) first.push({ encoding: 'utf-8', text: utf8.replace(/^\ufeff/, '') });
  if (gb !== undefined && gb2312Text(bytes)) first.push({ encoding: 'gb18030', text: gb });
  if (first.length > 0) return { readings: first, lost: false };
  if (plausiblePdfDoc(bytes)) return undefined;
  const readings: Reading[] = [];
  if (gb !== undefined) readings.push({ encoding: 'gb18030', text: gb });
  const big5 = decode('big5', bytes);
  if (big5 !== undefined && big5 !== gb) readings.push({ encoding: 'big5', text: big5 });
  return { readings, lost: readings.length === 0 };
}

/**
 * The other readings of a text or script stream's bytes, which `streamText` (raw.ts) already reads as
 * UTF-16 (with a mark) or UTF-8 when they are valid UTF-8: only the Latin-1 fallback is reread.
 */
export function otherReadingsOfStream(bytes: Uint8Array): OtherReadings | undefined {
  if ((bytes[0] === 0xfe && bytes[1] === 0xff) || (bytes[0] === 0xff && bytes[1] === 0xfe)) return undefined;
  // UTF-16 of ASCII text is valid UTF-8 too, NULs and all.
  const utf16 = bytes.includes(0) ? withCjkUtf16(bytes, bomlessUtf16(bytes)) : undefined;
  if (utf16) return utf16;
  if (decode('utf-8', bytes) !== undefined) return undefined;
  return otherReadings(bytes);
}

/** The other readings of a string pdf.js decoded, when it was decoded as PDFDocEncoding. */
export function otherReadingsOfPdfJs(s: string): OtherReadings | undefined {
  // Almost every string is ASCII or UTF-16: one test, no allocation.
  if (!/[\x00\x80-\xff\u0131-\u02dd\u2013-\u2212\ufb01\ufb02]/.test(s)) return undefined;
  const bytes = pdfDocBytes(s);
  return bytes ? otherReadings(bytes) : undefined;
}

/**
 * A text string as pdf.js decoded it, a string's bytes as written (pdf-lib), or readings already
 * made (of a stream's bytes, {@link otherReadingsOfStream}).
 */
export type TextValue = string | Uint8Array | { readings: OtherReadings | undefined } | undefined | null;

const NAMES: Record<LegacyEncoding, string> = { gb18030: 'GB18030', big5: 'Big5', 'utf-8': 'UTF-8', 'utf-16be': 'UTF-16BE without its byte order mark', 'utf-16le': 'UTF-16LE without its byte order mark' };

/**
 * The controls (NULs above all) of a string pdf.js read as PDFDocEncoding, in the part `id` already
 * holds, made spaces when the string's bytes read whole as UTF-16 without a byte order mark: they are
 * halves of two-byte characters, not characters a viewer shows, and the UTF-16 reading beside the
 * part holds the text. Left as they are, they made every such string a quality loss (`Report` in
 * UTF-16 is six controls between six letters). Spaces keep the part's offsets.
 */
function blankControls(state: DocState, id: string, s: string): void {
  const part = state.out.parts.find((p) => p.id === id);
  if (!part) return;
  const blank = s.replace(/[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]/g, ' ');
  for (const line of s.split(/\r\n?|\n/)) {
    const t = line.trim();
    if (!t) continue;
    const at = part.text.indexOf(t);
    if (at >= 0) part.text = part.text.slice(0, at) + blank.slice(s.indexOf(t), s.indexOf(t) + t.length) + part.text.slice(at + t.length);
  }
}

/**
 * Text strings as a reader took them (pdf.js strings, decoded as PDFDocEncoding) or as bytes
 * (pdf-lib strings): a part per other code page their bytes read plausibly in, located as the part
 * that holds their first reading (`id`, `origin`, `box`) with a note on the code page, and a loss
 * for the strings no reading fits.
 */
export function addOtherReadings(
  state: DocState,
  id: string,
  role: PartRole,
  origin: PartOrigin,
  values: ReadonlyArray<TextValue>,
  box?: Box,
): void {
  const byEncoding = new Map<LegacyEncoding, string[]>();
  let lost = 0;
  const seen = new Set<string>();
  for (const v of values) {
    if (v === undefined || v === null) continue;
    // The same string repeated (a page label on every page range) is read once.
    const key = typeof v === 'string' ? v : v instanceof Uint8Array ? Buffer.from(v).toString('latin1') : undefined;
    if (key !== undefined) {
      if (seen.has(key)) continue;
      seen.add(key);
    }
    const r = typeof v === 'string' ? otherReadingsOfPdfJs(v) : v instanceof Uint8Array ? otherReadings(v) : v.readings;
    if (!r) continue;
    if (r.lost) lost++;
    if (typeof v === 'string' && v.includes('\0') && r.readings.some((x) => x.encoding === 'utf-16be' || x.encoding === 'utf-16le')) blankControls(state, id, v);
    for (const reading of r.readings) {
      const list = byEncoding.get(reading.encoding) ?? [];
      list.push(reading.text);
      byEncoding.set(reading.encoding, list);
    }
  }
  const what = origin.detail ?? origin.filePart ?? id;
  for (const [encoding, lines] of byEncoding) {
    const o: PartOrigin = { ...origin, detail: `${what} — its bytes read as ${NAMES[encoding]} (they are not PDFDocEncoding text)` };
    const part = linesPart(`${id}:${encoding}`, role, lines, o, box);
    if (part) addPart(state, part);
  }
  if (lost > 0) {
    const loss: Loss = {
      where: origin.filePart && origin.filePart !== what ? `${origin.filePart}: ${what}` : what,
      kind: 'undecodable-bytes',
      count: lost,
      detail: `${lost} text string(s) of ${what} hold bytes that are neither PDFDocEncoding text nor GB18030, Big5 or UTF-8 text: what a viewer in another code page shows there was not read.`,
      origin,
    };
    state.out.loss!.push(loss);
  }
}
