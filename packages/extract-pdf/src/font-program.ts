/**
 * An embedded TrueType font draws its own glyphs; the ToUnicode map beside it only claims what
 * they are. When the font program says otherwise — its Unicode `cmap` table (or a `uniXXXX` glyph
 * name) gives the glyph another character, or the glyph has an outline while the map calls it a
 * blank — the text read through the map is not the text the page shows: the glyphs of 机密 read
 * 会议, or spaces, and the page passed. Fonts whose program names no characters cannot be checked
 * this way (nothing in the file ties their glyphs to characters but the map itself), but their
 * outlines can belie the map (an ideograph's many contours claimed as a letter, different outlines
 * claimed as one ideograph). A simple font's /Differences names (uni673A) say the same as glyph
 * names. What each contradicted glyph draws is handed on (`swaps`): the pages are read again as
 * drawn (as-drawn.ts). The program's tables are read by @prepub/core's readSfnt.
 */
import { PDFArray, PDFDict, PDFName, PDFStream, type PDFDocument, type PDFObject } from 'pdf-lib';
import { readSfnt, type Sfnt } from '@prepub/core';
import { resolve, streamBytes } from './raw.ts';
import { toUnicodeMap } from './unread-content.ts';

/** Largest font program looked into (a whole CJK font is 10-20 MB). */
const MAX_FONT_BYTES = 32 * 1024 * 1024;

const u16 = (b: Uint8Array, o: number): number => (b[o] << 8) | b[o + 1];

const nameOf = (o: PDFObject | undefined): string | undefined => (o instanceof PDFName ? o.decodeText() : undefined);
const WORD = /^[\p{L}\p{N}]$/u;
const HAN = /\p{Script=Han}/u;
/** Characters a marking is written with (ideographs, letters, digits, stars, colons): a glyph drawn as another sign reads no marking. */
export const MARKING_CHAR = /^[\p{L}\p{N}\u2605\u2606\u2729-\u2730\u272a-\u2742:\uff1a]$/u;
/** What a reader takes for no ink: nothing, spaces, a zero-width space (a soft hyphen shows at a line's end). */
const BLANK = /^[ \t\r\n\u00a0\u2000-\u200b\u3000]*$/u;

/** What the font program says of a font's ToUnicode claims (see {@link fontProgramCheck}). */
export interface FontProgramCheck {
  /** Codes whose claim the program contradicts (ideographs on either side, blanks with ink; an inkless ideograph the page reads counts two). */
  remapped: number;
  /** Claimed character → the character the program gives the glyph, for every code whose claim it contradicts (one character each side). */
  swaps: Array<[claimed: string, drawn: string]>;
  /**
   * Codes whose glyph the program names no character for but whose claim its outline belies: a
   * glyph of many contours (an ideograph's) claimed as a Latin letter or digit, or glyphs of other
   * outlines claimed as one ideograph (many-to-one).
   */
  belied: number;
}

const NONE: FontProgramCheck = { remapped: 0, swaps: [], belied: 0 };
/**
 * Most codes of a map whose glyphs of other outlines claimed as one ideograph are weighed: a
 * subset a word processor embeds holds the glyphs the document uses, while a whole font (HKSCS
 * Ming, 8,000 codes and more) draws variants of one character (而, 亦) that a map rightly claims alike.
 */
const MAX_SUBSET = 1000;
/** Contours from which a glyph is no Latin letter or digit (B, 8, % have three; 机 has ten). */
const MANY_CONTOURS = 6;

/**
 * Codes of a font with an embedded TrueType program whose ToUnicode claim the program contradicts:
 * another letter or ideograph than its cmap or glyph name gives the glyph, or a blank for a glyph
 * with an outline. Type0 fonts with Identity-H/V encoding over a CIDFontType2 (CIDToGIDMap
 * Identity or a map stream), and simple TrueType fonts whose codes reach glyphs through a symbol
 * subtable. Only ideographs are weighed (on either side of the claim) and blanks. 0 when the font is of another kind or its program cannot be read.
 */
export function remappedByFontProgram(doc: PDFDocument, font: PDFDict, drawn?: (ch: string) => boolean): number {
  return fontProgramCheck(doc, font, drawn).remapped;
}

/** {@link remappedByFontProgram}, with the characters the program gives the glyphs and the claims their outlines belie. */
export function fontProgramCheck(doc: PDFDocument, font: PDFDict, drawn?: (ch: string) => boolean): FontProgramCheck {
  const subtype = nameOf(resolve(doc, font.get(PDFName.of('Subtype'))));
  const tuBytes = streamBytes(doc, font.get(PDFName.of('ToUnicode')));
  if (!tuBytes) return NONE;
  let descriptor: PDFObject | undefined;
  let cidToGid: ((cid: number) => number) | undefined;
  let width: 1 | 2;
  if (subtype === 'Type0') {
    const enc = nameOf(resolve(doc, font.get(PDFName.of('Encoding'))));
    if (enc !== 'Identity-H' && enc !== 'Identity-V') return NONE;
    const kids = resolve(doc, font.get(PDFName.of('DescendantFonts')));
    const cid = kids instanceof PDFArray ? resolve(doc, kids.get(0)) : undefined;
    if (!(cid instanceof PDFDict) || nameOf(resolve(doc, cid.get(PDFName.of('Subtype')))) !== 'CIDFontType2') return NONE;
    descriptor = resolve(doc, cid.get(PDFName.of('FontDescriptor')));
    const map = resolve(doc, cid.get(PDFName.of('CIDToGIDMap')));
    if (map instanceof PDFStream) {
      const m = streamBytes(doc, map);
      if (!m) return NONE;
      cidToGid = (c) => (2 * c + 1 < m.length ? u16(m, 2 * c) : 0);
    } else cidToGid = (c) => c;
    width = 2;
  } else if (subtype === 'TrueType') {
    descriptor = resolve(doc, font.get(PDFName.of('FontDescriptor')));
    width = 1;
  } else return NONE;
  if (!(descriptor instanceof PDFDict)) return NONE;
  const file = resolve(doc, descriptor.get(PDFName.of('FontFile2')) ?? descriptor.get(PDFName.of('FontFile3')));
  if (!(file instanceof PDFStream)) return NONE;
  const bytes = streamBytes(doc, file);
  if (!bytes || bytes.length > MAX_FONT_BYTES) return NONE;
  let sfnt: Sfnt | undefined;
  try {
    sfnt = readSfnt(bytes);
  } catch {
    return NONE;
  }
  if (!sfnt) return NONE;
  const glyphOf = cidToGid ?? sfnt.codeGlyph;
  let n = 0;
  let belied = 0;
  const swaps: FontProgramCheck['swaps'] = [];
  // Outlines of the glyphs claimed as each ideograph the program names no character for.
  const shapes = new Map<string, Set<string>>();
  const map = toUnicodeMap(Buffer.from(tuBytes).toString('latin1'), width);
  for (const [code, claimed0] of map) {
    const gid = glyphOf(code);
    if (gid === undefined || gid === 0) continue;
    const claimed = claimed0.normalize('NFKC');
    if (BLANK.test(claimed)) {
      if (sfnt.inked?.(gid)) n++;
      continue;
    }
    // An ideograph always has ink: a glyph without an outline claimed as one draws nothing where the
    // text has a character (机 + an empty glyph read 开 + 密★5年 shows 机密★5年). Weighed as two, so
    // one such glyph is enough, when the page text holds that character: a subset font keeps only
    // the outlines it uses, while its map may claim every glyph of the whole font (TCPDF).
    if (sfnt.inked && !sfnt.inked(gid) && HAN.test(claimed)) {
      if (drawn?.(claimed)) n += 2;
      continue;
    }
    if ([...claimed].length !== 1) continue;
    // A cmap of the codes themselves (a subsetter's) names no characters.
    const given = [...(sfnt.chars.get(gid) ?? [])].filter((c) => c !== code).map((c) => String.fromCodePoint(c).normalize('NFKC'));
    if (given.length === 0) {
      // Nothing in the program names the glyph: its outline may still belie the claim.
      const shape = sfnt.outline?.(gid);
      if (!shape) continue;
      if (/^[A-Za-z0-9]$/.test(claimed) && shape.contours >= MANY_CONTOURS) belied++;
      else if (HAN.test(claimed)) {
        let set = shapes.get(claimed);
        if (!set) shapes.set(claimed, (set = new Set()));
        if (set.size > 0 && !set.has(shape.data) && map.size <= MAX_SUBSET) belied++;
        set.add(shape.data);
      }
      continue;
    }
    if (given.includes(claimed)) continue;
    // The page read as the glyphs are drawn (one character for one, so offsets stay): an ideograph
    // the program gives the glyph first, else any letter, digit or sign of one unit.
    const shown = given.find((c) => HAN.test(c)) ?? given.find((c) => WORD.test(c)) ?? given[0];
    if (claimed.length === 1 && shown.length === 1 && MARKING_CHAR.test(shown)) swaps.push([claimed, shown]);
    if (!WORD.test(claimed)) continue;
    // Ideographs only: Latin and Arabic fonts map accented and contextual forms in many ways.
    if (given.some((c) => WORD.test(c)) && (HAN.test(claimed) || given.some((c) => HAN.test(c)))) n++;
  }
  return { remapped: n, swaps, belied };
}

/** Latin glyph names that name one letter or digit (the Adobe Glyph List's for ASCII). */
const DIGIT_NAMES = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'];

/** The character a glyph name spells (`uni673A`, `u673A`, `A`, `seven`), if it spells one. */
export function glyphNameChar(name: string): string | undefined {
  const base = name.split('.')[0];
  const m = /^(?:uni([0-9A-F]{4})|u([0-9A-F]{4,6}))$/.exec(base);
  if (m) {
    const cp = parseInt(m[1] ?? m[2], 16);
    return cp <= 0x10ffff && (cp < 0xd800 || cp > 0xdfff) ? String.fromCodePoint(cp) : undefined;
  }
  if (/^[A-Za-z]$/.test(base)) return base;
  const d = DIGIT_NAMES.indexOf(base);
  return d >= 0 ? String(d) : undefined;
}

/**
 * A simple font with an embedded program (Type1, Type1C, TrueType) whose /Encoding /Differences
 * names each code's glyph: the program draws the glyph of that name (uni673A is 机), whatever the
 * ToUnicode map claims. Codes whose claim differs from the character the name spells, counted as
 * {@link fontProgramCheck} counts them (ideographs on either side), with the swaps for the pages
 * read as drawn.
 */
export function differencesCheck(doc: PDFDocument, font: PDFDict): FontProgramCheck {
  const subtype = nameOf(resolve(doc, font.get(PDFName.of('Subtype'))));
  if (subtype !== 'Type1' && subtype !== 'TrueType' && subtype !== 'MMType1') return NONE;
  const fd = resolve(doc, font.get(PDFName.of('FontDescriptor')));
  if (!(fd instanceof PDFDict) || !['FontFile', 'FontFile2', 'FontFile3'].some((k) => fd.get(PDFName.of(k)) !== undefined)) return NONE;
  const enc = resolve(doc, font.get(PDFName.of('Encoding')));
  const diffs = enc instanceof PDFDict ? resolve(doc, enc.get(PDFName.of('Differences'))) : undefined;
  if (!(diffs instanceof PDFArray)) return NONE;
  const tuBytes = streamBytes(doc, font.get(PDFName.of('ToUnicode')));
  if (!tuBytes) return NONE;
  const named = new Map<number, string>();
  let code = 0;
  for (const item of diffs.asArray().slice(0, 1024)) {
    const v = resolve(doc, item);
    if (v instanceof PDFName) {
      if (code < 256) named.set(code, v.decodeText());
      code++;
    } else if (v && 'asNumber' in v) code = (v as unknown as { asNumber(): number }).asNumber();
  }
  let n = 0;
  const swaps: FontProgramCheck['swaps'] = [];
  for (const [c, claimed0] of toUnicodeMap(Buffer.from(tuBytes).toString('latin1'), 1)) {
    const name = named.get(c);
    const spelled = name === undefined ? undefined : glyphNameChar(name);
    if (spelled === undefined) continue;
    const claimed = claimed0.normalize('NFKC');
    const shown = spelled.normalize('NFKC');
    if (claimed === shown || [...claimed].length !== 1 || [...shown].length !== 1) continue;
    if (claimed.length === 1 && shown.length === 1 && MARKING_CHAR.test(shown)) swaps.push([claimed, shown]);
    if (WORD.test(claimed) && WORD.test(shown) && (HAN.test(claimed) || HAN.test(shown))) n++;
  }
  return { remapped: n, swaps, belied: 0 };
}
