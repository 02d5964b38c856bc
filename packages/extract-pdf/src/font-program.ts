/**
 * An embedded TrueType font draws its own glyphs; the ToUnicode map beside it only claims what
 * they are. When the font program says otherwise — its Unicode `cmap` table (or a `uniXXXX` glyph
 * name) gives the glyph another character, or the glyph has an outline while the map calls it a
 * blank — the text read through the map is not the text the page shows: the glyphs of 机密 read
 * 会议, or spaces, and the page passed. Fonts whose program names no characters cannot be checked
 * this way (nothing in the file ties their glyphs to characters but the map itself).
 */
import { PDFArray, PDFDict, PDFName, PDFStream, type PDFDocument, type PDFObject } from 'pdf-lib';
import { resolve, streamBytes } from './raw.ts';
import { toUnicodeMap } from './unread-content.ts';

/** Largest font program looked into (a whole CJK font is 10-20 MB). */
const MAX_FONT_BYTES = 32 * 1024 * 1024;

interface Sfnt {
  /** Characters each glyph is given by the font's Unicode cmap subtables (and `uniXXXX` glyph names). */
  chars: Map<number, Set<number>>;
  /** Whether a glyph has an outline (TrueType `glyf` data); undefined without `glyf`/`loca`. */
  inked?: (gid: number) => boolean;
  /** The symbol (3,0) subtable: a symbolic simple font's codes (or 0xF000 + code) to glyphs. */
  codeGlyph: (code: number) => number | undefined;
}

const u16 = (b: Uint8Array, o: number): number => (b[o] << 8) | b[o + 1];
const u32 = (b: Uint8Array, o: number): number => ((b[o] << 24) >>> 0) + (b[o + 1] << 16) + (b[o + 2] << 8) + b[o + 3];

/** One cmap subtable (formats 0, 4, 6, 12) as code → glyph pairs. */
function subtable(b: Uint8Array, at: number, add: (code: number, gid: number) => void): void {
  const format = u16(b, at);
  if (format === 0) {
    for (let c = 0; c < 256 && at + 6 + c < b.length; c++) add(c, b[at + 6 + c]);
  } else if (format === 4) {
    const segX2 = u16(b, at + 6);
    const ends = at + 14;
    const starts = ends + segX2 + 2;
    const deltas = starts + segX2;
    const ranges = deltas + segX2;
    if (ranges + segX2 > b.length) return;
    for (let s = 0; s < segX2 / 2; s++) {
      const end = u16(b, ends + 2 * s);
      const start = u16(b, starts + 2 * s);
      const delta = u16(b, deltas + 2 * s);
      const ro = u16(b, ranges + 2 * s);
      for (let c = start; c <= end && c !== 0xffff; c++) {
        let g: number;
        if (ro === 0) g = (c + delta) & 0xffff;
        else {
          const p = ranges + 2 * s + ro + 2 * (c - start);
          if (p + 1 >= b.length) break;
          g = u16(b, p);
          if (g !== 0) g = (g + delta) & 0xffff;
        }
        if (g !== 0) add(c, g);
      }
    }
  } else if (format === 6) {
    const first = u16(b, at + 6);
    const count = u16(b, at + 8);
    for (let i = 0; i < count && at + 10 + 2 * i + 1 < b.length; i++) add(first + i, u16(b, at + 10 + 2 * i));
  } else if (format === 12) {
    const groups = u32(b, at + 12);
    for (let i = 0; i < groups && at + 16 + 12 * i + 11 < b.length && i < 100_000; i++) {
      const o = at + 16 + 12 * i;
      const start = u32(b, o);
      const end = Math.min(u32(b, o + 4), start + 0x10000);
      const g0 = u32(b, o + 8);
      for (let c = start; c <= end; c++) add(c, g0 + (c - start));
    }
  }
}

/** The parts of a TrueType/OpenType program this check needs, or undefined when it is none. */
function readSfnt(b: Uint8Array): Sfnt | undefined {
  if (b.length < 12) return undefined;
  const tag = u32(b, 0);
  if (tag !== 0x00010000 && tag !== 0x74727565 /* true */ && tag !== 0x4f54544f /* OTTO */) return undefined;
  const n = u16(b, 4);
  const tables = new Map<string, { off: number; len: number }>();
  for (let i = 0; i < n && 12 + 16 * i + 16 <= b.length; i++) {
    const o = 12 + 16 * i;
    const name = String.fromCharCode(b[o], b[o + 1], b[o + 2], b[o + 3]);
    const off = u32(b, o + 8);
    const len = u32(b, o + 12);
    if (off + len <= b.length) tables.set(name, { off, len });
  }
  const chars = new Map<number, Set<number>>();
  const codes = new Map<number, number>();
  const cmap = tables.get('cmap');
  if (cmap) {
    const count = u16(b, cmap.off + 2);
    for (let i = 0; i < count && i < 64; i++) {
      const rec = cmap.off + 4 + 8 * i;
      if (rec + 8 > cmap.off + cmap.len) break;
      const platform = u16(b, rec);
      const encoding = u16(b, rec + 2);
      const at = cmap.off + u32(b, rec + 4);
      if (at + 4 > b.length) continue;
      const unicode = platform === 0 || (platform === 3 && (encoding === 1 || encoding === 10));
      if (unicode) {
        subtable(b, at, (c, g) => {
          let set = chars.get(g);
          if (!set) chars.set(g, (set = new Set()));
          set.add(c);
        });
      } else if (platform === 3 && encoding === 0) {
        subtable(b, at, (c, g) => {
          if (!codes.has(c)) codes.set(c, g);
        });
      }
    }
  }
  // Glyph names that spell a character (post format 2: uniXXXX, uXXXX[XX]).
  const post = tables.get('post');
  if (post && post.len >= 34 && u32(b, post.off) === 0x00020000) {
    const count = u16(b, post.off + 32);
    const idx = post.off + 34;
    const names: string[] = [];
    let p = idx + 2 * count;
    while (p < post.off + post.len && names.length < 65536) {
      const len = b[p];
      names.push(String.fromCharCode(...b.subarray(p + 1, p + 1 + len)));
      p += 1 + len;
    }
    for (let g = 0; g < count; g++) {
      const k = u16(b, idx + 2 * g);
      if (k < 258) continue;
      const m = /^(?:uni([0-9A-F]{4})|u([0-9A-F]{4,6}))(?:\.|$)/.exec(names[k - 258] ?? '');
      if (!m) continue;
      let set = chars.get(g);
      if (!set) chars.set(g, (set = new Set()));
      set.add(parseInt(m[1] ?? m[2], 16));
    }
  }
  let inked: Sfnt['inked'];
  const head = tables.get('head');
  const loca = tables.get('loca');
  const glyf = tables.get('glyf');
  if (head && loca && glyf && head.len >= 54) {
    const long = u16(b, head.off + 50) === 1;
    inked = (g) => {
      const at = loca.off + (long ? 4 * g : 2 * g);
      if (at + (long ? 8 : 4) > loca.off + loca.len) return false;
      const start = long ? u32(b, at) : 2 * u16(b, at);
      const end = long ? u32(b, at + 4) : 2 * u16(b, at + 2);
      return end - start >= 10 && u16(b, glyf.off + start) !== 0;
    };
  }
  return { chars, inked, codeGlyph: (c) => codes.get(c) ?? codes.get(0xf000 + c) };
}

const nameOf = (o: PDFObject | undefined): string | undefined => (o instanceof PDFName ? o.decodeText() : undefined);
const WORD = /^[\p{L}\p{N}]$/u;
const HAN = /\p{Script=Han}/u;
/** What a reader takes for no ink: nothing, spaces, a zero-width space (a soft hyphen shows at a line's end). */
const BLANK = /^[ \t\r\n\u00a0\u2000-\u200b\u3000]*$/u;

/**
 * Codes of a font with an embedded TrueType program whose ToUnicode claim the program contradicts:
 * another letter or ideograph than its cmap or glyph name gives the glyph, or a blank for a glyph
 * with an outline. Type0 fonts with Identity-H/V encoding over a CIDFontType2 (CIDToGIDMap
 * Identity or a map stream), and simple TrueType fonts whose codes reach glyphs through a symbol
 * subtable. Only ideographs are weighed (on either side of the claim) and blanks. 0 when the font is of another kind or its program cannot be read.
 */
export function remappedByFontProgram(doc: PDFDocument, font: PDFDict, drawn?: (ch: string) => boolean): number {
  const subtype = nameOf(resolve(doc, font.get(PDFName.of('Subtype'))));
  const tuBytes = streamBytes(doc, font.get(PDFName.of('ToUnicode')));
  if (!tuBytes) return 0;
  let descriptor: PDFObject | undefined;
  let cidToGid: ((cid: number) => number) | undefined;
  let width: 1 | 2;
  if (subtype === 'Type0') {
    const enc = nameOf(resolve(doc, font.get(PDFName.of('Encoding'))));
    if (enc !== 'Identity-H' && enc !== 'Identity-V') return 0;
    const kids = resolve(doc, font.get(PDFName.of('DescendantFonts')));
    const cid = kids instanceof PDFArray ? resolve(doc, kids.get(0)) : undefined;
    if (!(cid instanceof PDFDict) || nameOf(resolve(doc, cid.get(PDFName.of('Subtype')))) !== 'CIDFontType2') return 0;
    descriptor = resolve(doc, cid.get(PDFName.of('FontDescriptor')));
    const map = resolve(doc, cid.get(PDFName.of('CIDToGIDMap')));
    if (map instanceof PDFStream) {
      const m = streamBytes(doc, map);
      if (!m) return 0;
      cidToGid = (c) => (2 * c + 1 < m.length ? u16(m, 2 * c) : 0);
    } else cidToGid = (c) => c;
    width = 2;
  } else if (subtype === 'TrueType') {
    descriptor = resolve(doc, font.get(PDFName.of('FontDescriptor')));
    width = 1;
  } else return 0;
  if (!(descriptor instanceof PDFDict)) return 0;
  const file = resolve(doc, descriptor.get(PDFName.of('FontFile2')) ?? descriptor.get(PDFName.of('FontFile3')));
  if (!(file instanceof PDFStream)) return 0;
  const bytes = streamBytes(doc, file);
  if (!bytes || bytes.length > MAX_FONT_BYTES) return 0;
  let sfnt: Sfnt | undefined;
  try {
    sfnt = readSfnt(bytes);
  } catch {
    return 0;
  }
  if (!sfnt) return 0;
  const glyphOf = cidToGid ?? sfnt.codeGlyph;
  let n = 0;
  for (const [code, claimed0] of toUnicodeMap(Buffer.from(tuBytes).toString('latin1'), width)) {
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
    if ([...claimed].length !== 1 || !WORD.test(claimed)) continue;
    // A cmap of the codes themselves (a subsetter's) names no characters.
    const given = [...(sfnt.chars.get(gid) ?? [])].filter((c) => c !== code).map((c) => String.fromCodePoint(c).normalize('NFKC'));
    if (given.length === 0 || given.includes(claimed)) continue;
    // Ideographs only: Latin and Arabic fonts map accented and contextual forms in many ways.
    if (given.some((c) => WORD.test(c)) && (HAN.test(claimed) || given.some((c) => HAN.test(c)))) n++;
  }
  return n;
}
