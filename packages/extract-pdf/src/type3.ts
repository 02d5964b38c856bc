/**
 * Type3 fonts whose text cannot be trusted. A Type3 glyph is a little content stream (paths, a
 * picture): nothing ties what it draws to a character. Readers take the character from a ToUnicode
 * map, else from the glyph's name in the font's encoding, else — pdf.js among them — from the
 * character code itself, so a font drawing 机密★5年 with codes `Notic` and names `/x0`…`/x4`
 * reads as "Notic". Such glyphs are text not read (`unmapped-glyphs`), and their page is rendered
 * for OCR. A ToUnicode map of a Type3 font can claim anything (`公开·5年` for the paths of
 * 机密★5年) and cannot be checked against glyph programs here: a page drawing such glyphs is
 * rendered for OCR too (with OCR off it is then a picture not read), and so is a page drawing glyphs
 * whose procedure paints a picture, whatever their names say (`/a` drawing a picture of 机). Glyphs that read as blanks
 * (a space, U+3000, a zero-width space, a soft hyphen, or the space code) while their procedure
 * paints are an `unmapped-glyphs` loss as well: a ToUnicode map sending the glyphs of 机密★5年 to
 * spaces left the page blank there and passed. Measured on pdf.js's 23 test PDFs with Type3
 * fonts: 2 files gain the loss (TeX fonts drawing a glyph at code 32), both already in review.
 */
import type { PartOrigin } from '@prepub/core';
import { PDFArray, PDFDict, PDFName, PDFNumber, PDFRef, PDFStream, type PDFDocument, type PDFObject } from 'pdf-lib';
import { refLabel, resolve, streamBytes } from './raw.ts';
import type { DocState } from './state.ts';
import type { FontInfo } from './operators.ts';

/** Glyph names of the standard Latin and Symbol encodings, whose Unicode every reader knows. */
const STANDARD_NAMES = new Set('A AE Aacute Acircumflex Adieresis Agrave Alpha Aring Atilde B Beta C Ccedilla Chi D Delta E Eacute Ecircumflex Edieresis Egrave Epsilon Eta Eth Euro F G Gamma H I Iacute Icircumflex Idieresis Ifraktur Igrave Iota J K Kappa L Lambda Lslash M Mu N Ntilde Nu O OE Oacute Ocircumflex Odieresis Ograve Omega Omicron Oslash Otilde P Phi Pi Psi Q R Rfraktur Rho S Scaron Sigma T Tau Theta Thorn U Uacute Ucircumflex Udieresis Ugrave Upsilon Upsilon1 V W X Xi Y Yacute Z Zcaron Zeta a aacute acircumflex acute adieresis ae agrave aleph alpha ampersand angle angleleft angleright approxequal aring arrowboth arrowdblboth arrowdbldown arrowdblleft arrowdblright arrowdblup arrowdown arrowhorizex arrowleft arrowright arrowup arrowvertex asciicircum asciitilde asterisk asteriskmath at atilde b backslash bar beta braceex braceleft braceleftbt braceleftmid bracelefttp braceright bracerightbt bracerightmid bracerighttp bracketleft bracketleftbt bracketleftex bracketlefttp bracketright bracketrightbt bracketrightex bracketrighttp breve brokenbar bullet c caron carriagereturn ccedilla cedilla cent chi circlemultiply circleplus circumflex club colon comma congruent copyright copyrightsans copyrightserif currency d dagger daggerdbl degree delta diamond dieresis divide dollar dotaccent dotlessi dotlessj dotmath e eacute ecircumflex edieresis egrave eight element ellipsis emdash emptyset endash epsilon equal equivalence eta eth exclam exclamdown existential f ff ffi ffl fi five fl florin four fraction g gamma germandbls gradient grave greater greaterequal guillemotleft guillemotright guilsinglleft guilsinglright h heart hungarumlaut hyphen i iacute icircumflex idieresis igrave infinity integral integralbt integralex integraltp intersection iota j k kappa l lambda less lessequal logicaland logicalnot logicalor lozenge lslash m macron minus minute mu multiply n nbspace nine notelement notequal notsubset ntilde nu numbersign o oacute ocircumflex odieresis oe ogonek ograve omega omega1 omicron one onehalf onequarter onesuperior ordfeminine ordmasculine oslash otilde p paragraph parenleft parenleftbt parenleftex parenlefttp parenright parenrightbt parenrightex parenrighttp partialdiff percent period periodcentered perpendicular perthousand phi phi1 pi plus plusminus product propersubset propersuperset proportional psi q question questiondown quotedbl quotedblbase quotedblleft quotedblright quoteleft quoteright quotesinglbase quotesingle r radical radicalex reflexsubset reflexsuperset registered registersans registerserif rho ring s scaron second section semicolon seven sfthyphen sigma sigma1 similar six slash space spade sterling suchthat summation t tau therefore theta theta1 thorn three threequarters threesuperior tilde trademark trademarksans trademarkserif two twosuperior u uacute ucircumflex udieresis ugrave underscore union universal upsilon v w weierstrass x xi y yacute ydieresis yen z zcaron zero zeta'.split(' '));

/**
 * Whether a glyph name tells its character: a standard encoding's name, `uniXXXX`, `uXXXX`,
 * `afiiNNNNN` (the Adobe Glyph List), optionally with a `.suffix`, or ligatures of such names
 * joined by `_`. Names such as `x0`, `g12`, `a65`, `cid123` say nothing.
 */
export function meaningfulGlyphName(name: string): boolean {
  const base = name.split('.')[0];
  if (base.length === 0) return false;
  return base.split('_').every((p) => STANDARD_NAMES.has(p) || /^uni(?:[0-9A-F]{4})+$/.test(p) || /^u[0-9A-F]{4,6}$/.test(p) || /^afii\d{5}$/.test(p));
}

/** A Type3 font met on a page, from the file's objects. */
export interface Type3Font {
  label: string;
  /** The font has a ToUnicode map (a claim about its glyphs that cannot be checked here). */
  toUnicode: boolean;
  /** Codes whose character a reader can only guess (no ToUnicode, no meaningful glyph name). */
  guessed: Set<number>;
  /** Codes whose glyph procedure paints (fills, strokes, a picture): ink, whatever the code reads as. */
  inked: Set<number>;
  /** Codes whose glyph procedure paints a picture (an inline image, an XObject): any word may be in it. */
  pictured: Set<number>;
}

/** Glyph names of printable ASCII in the standard Latin encodings, 0x20-0x7E. */
const ASCII_NAMES = 'space exclam quotedbl numbersign dollar percent ampersand quotesingle parenleft parenright asterisk plus comma hyphen period slash zero one two three four five six seven eight nine colon semicolon less equal greater question at A B C D E F G H I J K L M N O P Q R S T U V W X Y Z bracketleft backslash bracketright asciicircum underscore grave a b c d e f g h i j k l m n o p q r s t u v w x y z braceleft bar braceright asciitilde'.split(' ');

/** A painting operator of a glyph procedure: a path painted, a picture or shading drawn. */
const PAINTS = /(?:^|[\s\])>])(?:f\*?|F|B\*?|b\*?|S|s|Do|sh|EI)(?=[\s\[(<\/%]|$)/;

/** A glyph procedure painting a picture: an inline image or an XObject. */
const PICTURES = /(?:^|[\s\])>])(?:Do|EI)(?=[\s\[(<\/%]|$)/;

/** Most glyph procedures decoded per font to see whether they paint. */
const MAX_INKED_PROCS = 256;

const STANDARD_ENCODINGS = new Set(['WinAnsiEncoding', 'StandardEncoding', 'MacRomanEncoding', 'MacExpertEncoding', 'PDFDocEncoding']);
/** Most form XObjects and annotation appearances looked into per page. */
const MAX_STREAMS = 200;

/** The Type3 font dictionary's classification (see {@link Type3Font}). */
export function classifyType3(doc: PDFDocument, font: PDFDict, label: string): Type3Font {
  const toUnicode = font.get(PDFName.of('ToUnicode')) !== undefined;
  const guessed = new Set<number>();
  const enc = resolve(doc, font.get(PDFName.of('Encoding')));
  const names = new Map<number, string>();
  let base = false;
  if (enc instanceof PDFName) base = STANDARD_ENCODINGS.has(enc.decodeText());
  else if (enc instanceof PDFDict) {
    const b = resolve(doc, enc.get(PDFName.of('BaseEncoding')));
    base = b instanceof PDFName && STANDARD_ENCODINGS.has(b.decodeText());
    const diffs = resolve(doc, enc.get(PDFName.of('Differences')));
    if (diffs instanceof PDFArray) {
      let code = 0;
      for (const x of diffs.asArray().slice(0, 4096)) {
        const v = resolve(doc, x);
        if (v instanceof PDFNumber) code = v.asNumber();
        else if (v instanceof PDFName) names.set(code++, v.decodeText());
      }
    }
  }
  if (!toUnicode) {
    for (let code = 0; code < 256; code++) {
      const name = names.get(code);
      if (name !== undefined ? !meaningfulGlyphName(name) : !base) guessed.add(code);
    }
  }
  // Which codes' procedures paint: a glyph that inks the page is text of some kind, whatever
  // character its code is given (a ToUnicode or a glyph name saying space draws 机密 all the same).
  const inked = new Set<number>();
  const pictured = new Set<number>();
  const procs = resolve(doc, font.get(PDFName.of('CharProcs')));
  if (procs instanceof PDFDict) {
    const paints = new Map<string, { ink: boolean; picture: boolean }>();
    const painted = (name: string): { ink: boolean; picture: boolean } => {
      let p = paints.get(name);
      if (p === undefined) {
        if (paints.size >= MAX_INKED_PROCS) return { ink: false, picture: false };
        const bytes = streamBytes(doc, procs.get(PDFName.of(name)));
        // A procedure that cannot be decoded is taken as painting: never read as blank.
        const text = bytes === undefined ? undefined : Buffer.from(bytes.subarray(0, 65536)).toString('latin1');
        p = text === undefined ? { ink: procs.get(PDFName.of(name)) !== undefined, picture: false } : { ink: PAINTS.test(text), picture: PICTURES.test(text) };
        paints.set(name, p);
      }
      return p;
    };
    for (let code = 0; code < 256; code++) {
      const name = names.get(code) ?? (code >= 0x20 && code <= 0x7e ? ASCII_NAMES[code - 0x20] : undefined);
      if (name === undefined) continue;
      const p = painted(name);
      if (p.ink) inked.add(code);
      if (p.picture) pictured.add(code);
    }
  }
  return { label, toUnicode, guessed, inked, pictured };
}

/** Type3 fonts the page's resources, its form XObjects and its annotations' appearances name. */
export function pageType3Fonts(doc: PDFDocument, index: number): Type3Font[] {
  const page = doc.getPages()[index];
  if (!page) return [];
  const out: Type3Font[] = [];
  const seenFonts = new Set<PDFObject>();
  const seenStreams = new Set<PDFObject>();
  const queue: PDFObject[] = [];
  const visitResources = (resObj: PDFObject | undefined): void => {
    const res = resolve(doc, resObj);
    if (!(res instanceof PDFDict)) return;
    const fonts = resolve(doc, res.get(PDFName.of('Font')));
    if (fonts instanceof PDFDict) {
      for (const [name, ref] of fonts.entries()) {
        const font = resolve(doc, ref);
        if (!(font instanceof PDFDict) || seenFonts.has(font)) continue;
        seenFonts.add(font);
        const subtype = resolve(doc, font.get(PDFName.of('Subtype')));
        if (!(subtype instanceof PDFName) || subtype.decodeText() !== 'Type3') continue;
        const where = ref instanceof PDFRef ? `/${name.decodeText()} (${refLabel(ref)})` : `/${name.decodeText()}`;
        out.push(classifyType3(doc, font, where));
        // A glyph procedure may use fonts of its own (through the font's /Resources).
        queue.push(font.get(PDFName.of('Resources')) ?? PDFDict.withContext(doc.context));
      }
    }
    const xobjects = resolve(doc, res.get(PDFName.of('XObject')));
    if (xobjects instanceof PDFDict) for (const x of xobjects.values()) queue.push(x);
  };
  visitResources(page.node.Resources());
  const annots = resolve(doc, page.node.get(PDFName.of('Annots')));
  if (annots instanceof PDFArray) {
    for (const a of annots.asArray().slice(0, MAX_STREAMS)) {
      const annot = resolve(doc, a);
      const ap = annot instanceof PDFDict ? resolve(doc, annot.get(PDFName.of('AP'))) : undefined;
      if (!(ap instanceof PDFDict)) continue;
      for (const v of ap.values()) {
        const e = resolve(doc, v);
        if (e instanceof PDFStream) queue.push(e);
        else if (e instanceof PDFDict) for (const s of e.values()) queue.push(s);
      }
    }
  }
  let visited = 0;
  while (queue.length > 0 && visited < MAX_STREAMS) {
    const obj = resolve(doc, queue.shift());
    if (obj === undefined || seenStreams.has(obj)) continue;
    seenStreams.add(obj);
    visited++;
    if (obj instanceof PDFStream) visitResources(obj.dict.get(PDFName.of('Resources')));
    else if (obj instanceof PDFDict) visitResources(obj);
  }
  return out;
}

/** Fewest glyphs with a guessed character before the page's text counts as not read (a marking is two or more). */
const MIN_GUESSED = 2;

/**
 * Counts the glyphs the page draws in Type3 fonts (pdf.js marks them `isType3Font`) and compares
 * their codes with the page's Type3 fonts: glyphs whose character is only guessed from the code
 * are an `unmapped-glyphs` loss; glyphs whose character rests on a ToUnicode map alone make the
 * page's text unverified. Returns whether the page should be rendered for OCR.
 */
export function checkType3Glyphs(
  state: DocState,
  n: number,
  fnArray: ArrayLike<number>,
  argsArray: ArrayLike<unknown>,
  OPS: Record<string, number>,
  fonts: (name: string) => FontInfo | undefined,
  origin: PartOrigin,
): boolean {
  let font: string | null = null;
  const stack: Array<string | null> = [];
  const codes = new Map<number, number>();
  /** Glyphs read as whitespace (or a space code), by code: blank only if their procedure paints nothing. */
  const blanks = new Map<number, number>();
  let drawn = 0;
  for (let i = 0; i < fnArray.length; i++) {
    const fn = fnArray[i];
    const args = argsArray[i] as unknown[] | null;
    if (fn === OPS.save || fn === OPS.paintFormXObjectBegin) stack.push(font);
    else if (fn === OPS.restore || fn === OPS.paintFormXObjectEnd) font = stack.length > 0 ? stack.pop()! : font;
    else if (fn === OPS.setFont) font = args?.[0] != null ? String(args[0]) : null;
    else if (fn === OPS.showText && font !== null && Array.isArray(args?.[0]) && fonts(font)?.isType3Font) {
      for (const g of args[0] as unknown[]) {
        if (g == null || typeof g !== 'object') continue;
        const glyph = g as { originalCharCode?: unknown; isSpace?: unknown; unicode?: unknown };
        if (typeof glyph.originalCharCode !== 'number') continue;
        if (glyph.isSpace || (typeof glyph.unicode === 'string' && /^[\s\u200b-\u200d\u2060\ufeff\u00ad]*$/.test(glyph.unicode))) {
          blanks.set(glyph.originalCharCode, (blanks.get(glyph.originalCharCode) ?? 0) + 1);
          continue;
        }
        drawn++;
        codes.set(glyph.originalCharCode, (codes.get(glyph.originalCharCode) ?? 0) + 1);
      }
    }
  }
  if (drawn === 0 && blanks.size === 0) return false;
  const raw = state.raw;
  if (!raw.ok) return false;
  let t3: Type3Font[];
  try {
    t3 = pageType3Fonts(raw.doc, n - 1);
  } catch {
    return false;
  }
  // Glyphs that read as spaces (or as nothing) while their procedure paints: ink no text holds.
  let inkedBlanks = 0;
  for (const [code, count] of blanks) if (t3.some((f) => f.inked.has(code))) inkedBlanks += count;
  if (inkedBlanks >= MIN_GUESSED) {
    const names = t3.filter((f) => [...blanks.keys()].some((c) => f.inked.has(c))).map((f) => f.label);
    state.out.loss!.push({
      where: `page ${n}`,
      kind: 'unmapped-glyphs',
      count: inkedBlanks,
      total: drawn + inkedBlanks,
      detail:
        `${inkedBlanks} glyphs drawn on page ${n} in Type3 fonts (${names.slice(0, 3).join(', ')}${names.length > 3 ? ' …' : ''}) read as spaces or as nothing, ` +
        'but their glyph procedures paint: what they draw is not in the text.',
      origin,
    });
    return true;
  }
  if (drawn === 0) return false;
  const guessedFonts = t3.filter((f) => !f.toUnicode && f.guessed.size > 0);
  let guessed = 0;
  for (const [code, count] of codes) if (guessedFonts.some((f) => f.guessed.has(code))) guessed += count;
  if (guessed >= MIN_GUESSED) {
    const names = guessedFonts.map((f) => f.label);
    state.out.loss!.push({
      where: `page ${n}`,
      kind: 'unmapped-glyphs',
      count: guessed,
      total: drawn,
      detail:
        `${guessed} of the ${drawn} glyphs drawn on page ${n} in Type3 fonts (${names.slice(0, 3).join(', ')}${names.length > 3 ? ' …' : ''}) have no Unicode: ` +
        'no ToUnicode map and glyph names that name no character (glyphs-without-unicode), so the text read for them is a guess from their codes, not what the page shows.',
      origin,
    });
    return true;
  }
  // Glyph pictures whose character only a ToUnicode map claims, or glyphs that paint a picture
  // (which shows whatever it shows, 机 under the name /a): the page is read from its pixels too.
  return t3.some((f) => f.toUnicode) || [...codes.keys()].some((c) => t3.some((f) => f.pictured.has(c)));
}
