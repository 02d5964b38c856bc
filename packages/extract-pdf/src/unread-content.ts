/**
 * Content streams whose text pdf.js never reports. The cell of a tiling pattern and the glyph
 * procedures of a Type3 font are drawn like a page, but text shown inside them (a Tj in a pattern
 * that fills a rectangle, a glyph "a" whose procedure shows 机密★5年 in a real font) is no text
 * content. A field widget is read by its value, while a viewer shows its appearance stream, which
 * can show other text. Each such stream found showing text beyond what was read is a loss: the
 * file cannot pass on a reading that left it out.
 */
import { PDFArray, PDFDict, PDFHexString, PDFName, PDFStream, PDFString, type PDFDocument, type PDFObject, type PDFRef } from 'pdf-lib';
import { refLabel, resolve, scanStream, streamBytes, type DictVisitor } from './raw.ts';
import { differencesCheck, fontProgramCheck, MARKING_CHAR } from './font-program.ts';
import type { DocState } from './state.ts';
import { message } from './util.ts';

/** Most glyph procedures checked per Type3 font (a font has at most 256). */
const MAX_CHAR_PROCS = 256;
/** Kinds of font dictionaries (and of the descendant fonts of a Type0 font). */
const FONT_SUBTYPES = new Set(['Type0', 'Type1', 'MMType1', 'Type3', 'TrueType', 'CIDFontType0', 'CIDFontType2']);
/** Most pattern cells and glyph procedures whose text is read per file. */
const MAX_INSIDE = 200;
/** Most streams of each kind checked per file. */
const MAX_STREAMS = 5000;

const nameOf = (o: PDFObject | undefined): string | undefined => (o instanceof PDFName ? o.decodeText() : undefined);

/** Characters of a text value (string, or array of strings, as /Opt is), whitespace not counted. */
function chars(doc: PDFDocument, o: PDFObject | undefined, depth = 0): number {
  const v = resolve(doc, o);
  if (v instanceof PDFString || v instanceof PDFHexString) return v.decodeText().replace(/\s+/g, '').length;
  if (v instanceof PDFName) return v.decodeText().length;
  if (v instanceof PDFArray && depth < 2) return v.asArray().reduce((n, x) => n + chars(doc, x, depth + 1), 0);
  return 0;
}

/** The text of a text value (string, name, or array of them, as /Opt is), joined. */
function textOf(doc: PDFDocument, o: PDFObject | undefined, depth = 0): string {
  const v = resolve(doc, o);
  if (v instanceof PDFString || v instanceof PDFHexString) return v.decodeText();
  if (v instanceof PDFName) return v.decodeText();
  if (v instanceof PDFArray && depth < 2) return v.asArray().map((x) => textOf(doc, x, depth + 1)).join(' ');
  return '';
}

/** What the reading holds of a widget's field: its value, default value, options and caption. */
export function widgetKnownText(doc: PDFDocument, dict: PDFDict): string {
  const mk = resolve(doc, dict.get(PDFName.of('MK')));
  return [textOf(doc, inherited(doc, dict, 'V')), textOf(doc, inherited(doc, dict, 'DV')), textOf(doc, inherited(doc, dict, 'Opt')), mk instanceof PDFDict ? textOf(doc, mk.get(PDFName.of('CA'))) : ''].join(' ');
}

/** A widget's field entry, inherited from its /Parent fields when the widget lacks it. */
function inherited(doc: PDFDocument, dict: PDFDict, key: string): PDFObject | undefined {
  let d: PDFDict | undefined = dict;
  for (let i = 0; d && i < 16; i++) {
    const v = d.get(PDFName.of(key));
    if (v !== undefined) return v;
    const p = resolve(doc, d.get(PDFName.of('Parent')));
    d = p instanceof PDFDict ? p : undefined;
  }
  return undefined;
}

/**
 * Whether a widget's normal appearance shows more text than its field holds (value, default value,
 * options, caption): a glyph takes one or two bytes in a form's fonts, so half the bytes shown is
 * the fewest glyphs. `unchecked` counts streams that could not be decoded.
 */
export function widgetShowsMore(doc: PDFDocument, dict: PDFDict, unchecked: (n: number) => void = () => {}): boolean {
  const ap = resolve(doc, dict.get(PDFName.of('AP')));
  if (!(ap instanceof PDFDict)) return false;
  const shown = appearanceBytes(doc, ap.get(PDFName.of('N')), unchecked);
  if (shown === 0) return false;
  const mk = resolve(doc, dict.get(PDFName.of('MK')));
  const known = chars(doc, inherited(doc, dict, 'V')) + chars(doc, inherited(doc, dict, 'DV')) + chars(doc, inherited(doc, dict, 'Opt')) + (mk instanceof PDFDict ? chars(doc, mk.get(PDFName.of('CA'))) : 0);
  return shown / 2 > known + 1;
}

/** Non-space bytes a widget's normal appearance shows (0 without one, or when it cannot be decoded). */
export function widgetShownBytes(doc: PDFDocument, dict: PDFDict): number {
  const ap = resolve(doc, dict.get(PDFName.of('AP')));
  return ap instanceof PDFDict ? appearanceBytes(doc, ap.get(PDFName.of('N')), () => {}) : 0;
}

/** Text bytes shown by an appearance entry: one stream, or a dictionary of states (the largest). */
function appearanceBytes(doc: PDFDocument, ap: PDFObject | undefined, unchecked: (n: number) => void): number {
  const bytes = (s: PDFObject | undefined): number => {
    const scan = scanStream(doc, s);
    if (!scan) unchecked(1);
    return scan?.textBytes ?? 0;
  };
  const v = resolve(doc, ap);
  if (v instanceof PDFStream) return bytes(v);
  if (v instanceof PDFDict) return Math.max(0, ...[...v.values()].slice(0, 16).map((s) => (resolve(doc, s) instanceof PDFStream ? bytes(s) : 0)));
  return 0;
}

/** Encodings in which the codes of ASCII letters and digits draw those letters and digits. */
const LATIN_ENCODINGS = new Set(['WinAnsiEncoding', 'StandardEncoding', 'MacRomanEncoding', 'PDFDocEncoding']);

/**
 * Codes of a ToUnicode CMap (bfchar and bfrange) of the given width in bytes and what it says they
 * are. Ranges are capped: a map of 65,536 codes is no reason to build 65,536 entries here.
 */
export function toUnicodeMap(cmap: string, codeBytes: 1 | 2 | 4 = 1, cap = 70_000): Map<number, string> {
  const out = new Map<number, string>();
  const utf16 = (hex: string): string => {
    let s = '';
    for (let i = 0; i + 3 < hex.length; i += 4) s += String.fromCharCode(parseInt(hex.slice(i, i + 4), 16));
    return s;
  };
  const code = `<([0-9a-fA-F]{${codeBytes * 2}})>`;
  const char = new RegExp(`${code}\\s*<([0-9a-fA-F]*)>`, 'g');
  const range = new RegExp(`${code}\\s*${code}\\s*(?:<([0-9a-fA-F]*)>|\\[([^\\]]*)\\])`, 'g');
  for (const block of cmap.matchAll(/beginbfchar([\s\S]*?)endbfchar/g)) {
    for (const m of block[1].matchAll(char)) out.set(parseInt(m[1], 16), utf16(m[2]));
  }
  for (const block of cmap.matchAll(/beginbfrange([\s\S]*?)endbfrange/g)) {
    for (const m of block[1].matchAll(range)) {
      const lo = parseInt(m[1], 16);
      const hi = parseInt(m[2], 16);
      if (m[3] !== undefined) {
        const base = utf16(m[3]);
        for (let c = lo; c <= hi && base && out.size < cap; c++) out.set(c, base.slice(0, -1) + String.fromCharCode(base.charCodeAt(base.length - 1) + (c - lo)));
      } else {
        const list = [...m[4].matchAll(/<([0-9a-fA-F]*)>/g)].map((x) => utf16(x[1]));
        for (let c = lo; c <= hi && c - lo < list.length; c++) out.set(c, list[c - lo]);
      }
    }
  }
  return out;
}

/**
 * A simple font that is not embedded draws the glyphs its encoding names: code 0x53 in Helvetica
 * with WinAnsiEncoding is an S on the page whatever its ToUnicode map claims. The letters and
 * digits whose claimed text differs from the glyph drawn; text read through the map is then not
 * what the page shows.
 */
function remappedLetters(doc: PDFDocument, font: PDFDict): number {
  const subtype = nameOf(resolve(doc, font.get(PDFName.of('Subtype'))));
  if (subtype !== 'Type1' && subtype !== 'TrueType' && subtype !== 'MMType1') return 0;
  const tu = font.get(PDFName.of('ToUnicode'));
  if (tu === undefined) return 0;
  const enc = resolve(doc, font.get(PDFName.of('Encoding')));
  if (enc !== undefined && !(enc instanceof PDFName && LATIN_ENCODINGS.has(enc.decodeText()))) return 0;
  const fd = resolve(doc, font.get(PDFName.of('FontDescriptor')));
  if (fd instanceof PDFDict && ['FontFile', 'FontFile2', 'FontFile3'].some((k) => fd.get(PDFName.of(k)) !== undefined)) return 0;
  const bytes = streamBytes(doc, tu);
  if (!bytes) return 0;
  let n = 0;
  for (const [code, text] of toUnicodeMap(Buffer.from(bytes).toString('latin1'))) {
    const c = String.fromCharCode(code);
    if (/[A-Za-z0-9]/.test(c) && text !== c) n++;
  }
  return n;
}

/** Predefined CMaps whose two-byte codes are the Unicode (UCS-2 or UTF-16) of the character drawn. */
const UNICODE_CMAP = /^Uni(GB|CNS|JIS|KS|Japan1|AKR)-(UCS2|UTF16)-(H|V)$/;

/**
 * A Type0 font whose encoding is a predefined Unicode CMap (UniGB-UCS2-H …) draws, for code
 * 0x673A, the glyph of U+673A: the CMap takes the code to the character collection's glyph for
 * that character, whatever a ToUnicode map says the code is. The codes whose claimed text is
 * another single character; text read through the map is then not what the page shows.
 */
function remappedUnicodeCodes(doc: PDFDocument, font: PDFDict, swap?: (claimed: string, drawn: string) => void): number {
  if (nameOf(resolve(doc, font.get(PDFName.of('Subtype')))) !== 'Type0') return 0;
  const enc = nameOf(resolve(doc, font.get(PDFName.of('Encoding'))));
  if (!enc || !UNICODE_CMAP.test(enc)) return 0;
  const bytes = streamBytes(doc, font.get(PDFName.of('ToUnicode')));
  if (!bytes) return 0;
  let n = 0;
  for (const [code, text] of toUnicodeMap(Buffer.from(bytes).toString('latin1'), 2)) {
    // Surrogate codes belong to UTF-16 pairs, whose second half this map does not carry.
    if (code >= 0xd800 && code <= 0xdfff) continue;
    if ([...text].length === 1 && text !== String.fromCharCode(code) && !/\s/.test(text)) {
      n++;
      if (text.length === 1) swap?.(text, String.fromCharCode(code));
    }
  }
  return n;
}

/**
 * Predefined CMaps of a legacy code page (GBK, GB 18030, Big5, Shift-JIS, EUC-JP, EUC-KR / UHC):
 * the code bytes are that code page's bytes of the character drawn (the CMap takes them to the
 * character collection's glyph for that character), so the code page's decoder tells what the
 * page shows whatever a ToUnicode map claims.
 */
const LEGACY_CMAPS: Array<[RegExp, string]> = [
  [/^(GB-EUC|GBpc-EUC|GBK-EUC|GBKp-EUC)-(H|V)$/, 'gbk'],
  [/^GBK2K-(H|V)$/, 'gb18030'],
  [/^(B5pc|ETen-B5|ETenms-B5|HKscs-B5)-(H|V)$/, 'big5'],
  [/^(83pv|90pv|90ms|90msp)-RKSJ-(H|V)$/, 'shift_jis'],
  [/^EUC-(H|V)$/, 'euc-jp'],
  [/^(KSC-EUC|KSCms-UHC|KSCms-UHC-HW|KSCpc-EUC)-(H|V)$/, 'euc-kr'],
];

/** The code page whose bytes a predefined CMap's codes are, if it is one of {@link LEGACY_CMAPS}. */
export function legacyCmapEncoding(name: string): string | undefined {
  for (const [re, enc] of LEGACY_CMAPS) if (re.test(name)) return enc;
  return undefined;
}

/**
 * A Type0 font whose encoding is a predefined CMap of a legacy code page (GBK-EUC-H, B5pc-H …):
 * the codes decode in that code page to the characters drawn. The codes whose ToUnicode map
 * claims another letter or ideograph (punctuation left out: code pages and character collections
 * differ there); text read through the map is then not what the page shows.
 */
export function remappedLegacyCodes(doc: PDFDocument, font: PDFDict, swap?: (claimed: string, drawn: string) => void): number {
  if (nameOf(resolve(doc, font.get(PDFName.of('Subtype')))) !== 'Type0') return 0;
  const enc = nameOf(resolve(doc, font.get(PDFName.of('Encoding'))));
  const codePage = enc ? legacyCmapEncoding(enc) : undefined;
  if (!codePage) return 0;
  const bytes = streamBytes(doc, font.get(PDFName.of('ToUnicode')));
  if (!bytes) return 0;
  const cmap = Buffer.from(bytes).toString('latin1');
  const decoder = new TextDecoder(codePage, { fatal: true });
  const wordChar = /^[\p{L}\p{N}]$/u;
  let n = 0;
  for (const width of [1, 2, 4] as const) {
    if (width === 4 && codePage !== 'gb18030') continue;
    for (const [code, text] of toUnicodeMap(cmap, width)) {
      const raw = new Uint8Array(width);
      for (let i = 0; i < width; i++) raw[i] = (code / 256 ** (width - 1 - i)) & 0xff;
      let drawn: string;
      try {
        drawn = decoder.decode(raw);
      } catch {
        continue;
      }
      const claimed = text.normalize('NFKC');
      drawn = drawn.normalize('NFKC');
      if ([...claimed].length !== 1 || [...drawn].length !== 1) continue;
      if (claimed !== drawn && wordChar.test(claimed) && wordChar.test(drawn)) {
        n++;
        if (claimed.length === 1 && drawn.length === 1) swap?.(claimed, drawn);
      }
    }
  }
  return n;
}

/** Most dictionaries a single check looks into per file; past it the rest is counted as not checked. */
const MAX_CHECKS = MAX_STREAMS;

/**
 * The check described above, as a visitor of the file's object walk ({@link forEachDict}): every
 * dictionary is seen once, fonts and widgets written inline in resources or /Annots included.
 * `finish` records a loss for each kind found.
 */
export function unreadContentVisitor(state: DocState): { visit: DictVisitor; finish: (failure?: unknown) => void } {
  const raw = state.raw;
  if (!raw.ok) return { visit: () => {}, finish: () => {} };
  const doc = raw.doc;
  // Streams of an encrypted file cannot be decoded here (its dictionaries can be read): each stream
  // this check would look into is counted as not checked, never taken as showing no text.
  const encrypted = raw.encrypted;
  let unchecked = 0;
  let lastBytes = 0;
  const textOps = (obj: PDFObject | undefined): number => {
    const scan = encrypted ? undefined : scanStream(doc, obj);
    if (!scan) unchecked++;
    lastBytes = scan?.textBytes ?? 0;
    return scan?.textOps ?? 0;
  };
  // Their text is read too (index.ts), as a part of the page that uses them; the loss stays, since where it shows is not known.
  const inside = (state.drawnInside ??= []);
  // The characters the pages' text holds (read before this walk), for glyphs claimed as one of them.
  let pageChars: Set<string> | undefined;
  const drawn = (ch: string): boolean => {
    pageChars ??= new Set([...state.out.parts.filter((p) => p.id.startsWith('page-')).map((p) => p.text).join('')].map((c) => c.normalize('NFKC')));
    return pageChars.has(ch);
  };
  const patterns: string[] = [];
  const glyphs: string[] = [];
  const widgets: string[] = [];
  const remapped: string[] = [];
  const belied: string[] = [];
  const thumbnails: string[] = [];
  const drawnBy: string[] = [];
  let checked = 0;
  let over = false;
  const label = (owner: PDFRef, stream: PDFStream | undefined, dict: PDFDict): string => {
    // A dictionary written inside another object is named by the object that holds it.
    if (stream || doc.context.lookup(owner) === dict) return refLabel(owner);
    return `a dictionary inside ${refLabel(owner)}`;
  };
  const visit: DictVisitor = (dict, owner, stream) => {
    if (over) return;
    if (checked > MAX_CHECKS) {
      over = true;
      unchecked++;
      return;
    }
    // A tiling pattern (PatternType 1) is a content stream; a shading pattern draws no text.
    if (stream && resolve(doc, dict.get(PDFName.of('PatternType')))?.toString() === '1') {
      checked++;
      if (textOps(stream) > 0) {
        patterns.push(refLabel(owner));
        if (inside.length < MAX_INSIDE) inside.push({ kind: 'pattern', label: refLabel(owner), owner, stream, shownBytes: lastBytes });
      }
      return;
    }
    const type = nameOf(dict.get(PDFName.of('Type')));
    const subtype = nameOf(resolve(doc, dict.get(PDFName.of('Subtype'))));
    /** Bytes the normal appearance draws (0 without one, or when it cannot be decoded here: counted unchecked). */
    const shownByAppearance = (): number => {
      const ap = resolve(doc, dict.get(PDFName.of('AP')));
      if (!(ap instanceof PDFDict)) return 0;
      checked++;
      if (encrypted) {
        unchecked++;
        return 0;
      }
      return appearanceBytes(doc, ap.get(PDFName.of('N')), (n) => (unchecked += n));
    };
    // Only a page has /Thumb, and a font is known by its kind as well as by /Type, which
    // readers do not need: a damaged /Type must not let a page or a font out of these checks.
    if (dict.get(PDFName.of('Thumb')) !== undefined) {
      thumbnails.push(label(owner, stream, dict));
      // Read for OCR after the walk (thumbnails.ts), which reports those it cannot read.
      if (!stream && doc.context.lookup(owner) === dict) (state.thumbnails ??= []).push({ page: owner, thumb: dict.get(PDFName.of('Thumb')), label: refLabel(owner) });
    }
    const isFont = type === 'Font' || (subtype !== undefined && FONT_SUBTYPES.has(subtype) && dict.get(PDFName.of('BaseFont')) !== undefined);
    if (isFont && dict.get(PDFName.of('ToUnicode')) !== undefined) {
      checked++;
      const base = nameOf(resolve(doc, dict.get(PDFName.of('BaseFont')))) ?? 'font';
      // A map that renames a few letters may be a quirk; three or more is another text. A
      // Unicode CMap's codes are characters themselves: two renamed are already another text.
      // What each code's glyph is as drawn, where the font tells it and its map claims otherwise:
      // the pages are read again so (index.ts addAsDrawn), a marking drawn under harmless claims read.
      const swaps: Array<[string, string]> = [];
      const swap = (claimed: string, shown: string) => MARKING_CHAR.test(shown) && swaps.push([claimed, shown]);
      const program = fontProgramCheck(doc, dict, drawn);
      const named = differencesCheck(doc, dict);
      swaps.push(...program.swaps, ...named.swaps);
      if (remappedLetters(doc, dict) >= 3 || remappedUnicodeCodes(doc, dict, swap) >= 2 || remappedLegacyCodes(doc, dict, swap) >= 2 || program.remapped + named.remapped >= 2) remapped.push(`${label(owner, stream, dict)} (${base})`);
      else if (program.belied >= 2) belied.push(`${label(owner, stream, dict)} (${base})`);
      if (swaps.length > 0) (state.asDrawn ??= []).push({ font: owner, swaps });
    }
    if (subtype === 'Type3') {
      const procs = resolve(doc, dict.get(PDFName.of('CharProcs')));
      if (!(procs instanceof PDFDict)) return;
      const entries = procs.entries();
      let found = false;
      for (const [name, proc] of entries.slice(0, MAX_CHAR_PROCS)) {
        checked++;
        if (textOps(proc) > 0) {
          const what = `${label(owner, stream, dict)} glyph ${name.decodeText()}`;
          if (!found) glyphs.push(what);
          found = true;
          const p = resolve(doc, proc);
          if (p instanceof PDFStream && inside.length < MAX_INSIDE) inside.push({ kind: 'glyph', label: what, owner, stream: p, resources: dict.get(PDFName.of('Resources')), shownBytes: lastBytes });
        }
      }
      if (!found && entries.length > MAX_CHAR_PROCS) unchecked += entries.length - MAX_CHAR_PROCS;
    } else if (subtype === 'Link' || subtype === 'Popup') {
      // The reader takes no text from these (a link has none of its own, a popup repeats its
      // parent's), but an appearance stream draws whatever it holds on the page.
      if (shownByAppearance() > 0) drawnBy.push(`${label(owner, stream, dict)} (${subtype})`);
    } else if (subtype === 'Widget') {
      const shown = shownByAppearance();
      if (shown === 0) return;
      // What the reading holds of the field: its value, default value, options and caption.
      const mk = resolve(doc, dict.get(PDFName.of('MK')));
      const known = chars(doc, inherited(doc, dict, 'V')) + chars(doc, inherited(doc, dict, 'DV')) + chars(doc, inherited(doc, dict, 'Opt')) + (mk instanceof PDFDict ? chars(doc, mk.get(PDFName.of('CA'))) : 0);
      // A glyph takes one or two bytes in a form's fonts: half the bytes is the fewest glyphs shown.
      if (shown / 2 > known + 1) widgets.push(label(owner, stream, dict));
    }
  };
  const finish = (failure?: unknown): void => {
    if (failure !== undefined) {
      state.out.loss!.push({ where: 'content streams', kind: 'unreadable-object', count: 1, detail: `Pattern, Type3 glyph and field appearance streams could not be checked: ${message(failure)}` });
      return;
    }
    const report = (list: string[], what: string, why: string): void => {
      if (list.length === 0) return;
      state.out.loss!.push({ where: list.slice(0, 3).join(', ') + (list.length > 3 ? ` and ${list.length - 3} more` : ''), kind: 'unreadable-object', count: list.length, detail: `${list.length} ${what} ${why}` });
    };
    report(patterns, 'tiling pattern(s) show text in their cells', 'that is drawn on the page where they fill; it is read apart (page-N:pattern:…), not in the line where it shows.');
    report(glyphs, 'Type3 font(s) have glyph procedures that show text', 'that is drawn wherever the glyph is shown; it is read apart (page-N:type3:…), not in the line where it shows.');
    report(remapped, 'font(s) draw glyphs fixed by their encoding (a standard font not embedded, a Unicode CMap, or a code page\'s CMap such as GBK-EUC-H or B5pc-H) or named by their embedded program (its Unicode cmap, its glyph names, an outline called a blank), but their ToUnicode map claims other characters', 'for them; the text read through the map is not the text the page shows.');
    report(belied, 'font(s) have an embedded program that names no character for its glyphs, and outlines that belie what their ToUnicode map claims (a glyph of an ideograph\'s many contours called a Latin letter or digit, or glyphs of different outlines called one ideograph)', 'for them; the text read through the map may not be the text the page shows.');
    report(drawnBy, 'link or popup annotation(s) have an appearance stream that shows text', 'drawn on the page; such annotations are read without it.');
    // Thumbnails of page objects are read for OCR (thumbnails.ts), which reports those it cannot read; any other /Thumb is reported here.
    const pending = new Set((state.thumbnails ?? []).map((t) => t.label));
    report(thumbnails.filter((t) => !pending.has(t)), 'page(s) carry a thumbnail picture (/Thumb) a viewer shows in its page panel', 'that was not read.');
    if (unchecked > 0) {
      state.out.loss!.push({
        where: 'content streams',
        kind: 'unreadable-object',
        count: unchecked,
        detail: `${unchecked} pattern, Type3 glyph or field appearance stream(s) could not be checked for text they draw (${encrypted ? 'the file is encrypted' : 'undecodable, or past the number checked'}).`,
      });
    }
    report(widgets, 'form field widget(s) have an appearance that shows more text than the field value, default, options and caption', 'hold; a viewer shows the appearance, and its text was not read.');
  };
  return { visit, finish };
}
