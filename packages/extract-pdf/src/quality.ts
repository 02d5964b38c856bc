/**
 * Whether a page's text layer is the whole page: content streams that failed to decode or parse
 * (checked from the raw bytes) and glyphs drawn without a usable Unicode value are losses, and the
 * page is then rendered for OCR.
 */
import type { PartOrigin } from '@prepub/core';
import type { OperatorFacts } from './operators.ts';
import { PDFArray, PDFName, PDFRawStream, type PDFDocument } from 'pdf-lib';
import { brokenFonts, checkPageStreams, resolve, unpaintedXObjects, type StreamCheck } from './raw.ts';
import type { DocState } from './state.ts';

/** What the raw check of a page's content streams found. */
export interface StreamVerdict {
  /** A stream did not decode or parse: the page lost content (it is then rendered for OCR). */
  damaged: boolean;
  /** Non-space string bytes the page's own content streams show (undefined when not checked). */
  shownBytes?: number;
  /** The streams as lexed, for what else they carry (comments, forms never painted: carriers.ts). */
  checks?: StreamCheck[];
}

/**
 * Checks the page's content streams from the raw bytes (see content.ts) and reports a
 * `failed-stream` loss when one did not decode, holds tokens that are no operators, or shows more
 * text than pdf.js drew.
 */
export function checkStreams(state: DocState, n: number, facts: OperatorFacts, origin: PartOrigin, operators = 0): StreamVerdict {
  const raw = state.raw;
  if (!raw.ok) return { damaged: false };
  // Encrypted streams cannot be checked without decrypting them; pdf.js decrypts, pdf-lib does not.
  if (raw.encrypted) {
    checkEncryptedDrawing(state, raw.doc, n, facts, operators, origin);
    return { damaged: false };
  }
  let checks;
  try {
    checks = checkPageStreams(raw.doc, n - 1);
  } catch {
    checks = undefined;
  }
  if (!checks) return { damaged: false };
  let shownBytes = 0;
  for (const c of checks) if (c.page && c.scan) shownBytes += c.scan.textBytes;
  const problems: string[] = [];
  let failed = 0;
  let pageTextOps = 0;
  for (const c of checks) {
    if (c.error) {
      failed++;
      problems.push(`${c.page ? 'content stream' : 'form XObject'} ${c.label} does not decode (${c.error})`);
      continue;
    }
    if (!c.scan) continue;
    if (c.page) pageTextOps += c.scan.textOps;
    if (c.scan.unknownOps > 0 || c.scan.unterminated) {
      failed++;
      const what = c.scan.unknownOps > 0 ? `${c.scan.unknownOps} token(s) that are no PDF operator (${c.scan.unknownSample.join(', ')})` : 'an unterminated string or inline image';
      problems.push(`${c.page ? 'content stream' : 'form XObject'} ${c.label} holds ${what}`);
    }
  }
  // A Do that paints nothing in pdf.js (no such resource, a kind it does not know) leaves out
  // whatever that XObject holds. From the same lexing of the same streams: nothing decoded twice.
  const unpainted = unpaintedXObjects(raw.doc, checks);
  if (unpainted.length > 0) {
    failed += unpainted.length;
    problems.push(...unpainted);
  }
  // pdf.js stops parsing a stream at the first error it cannot get past and keeps what it had.
  const lostOps = pageTextOps - facts.textOps;
  if (lostOps > 0) problems.push(`the page content shows text ${pageTextOps} times, pdf.js drew ${facts.textOps}`);
  if (problems.length === 0) return { damaged: false, shownBytes, checks };
  state.out.loss!.push({
    where: `page ${n}`,
    kind: 'failed-stream',
    count: Math.max(failed, lostOps > 0 ? 1 : 0),
    total: checks.length,
    detail: `Page ${n} is damaged: ${problems.slice(0, 3).join('; ')}. What it draws there was not read as text.`,
    origin,
  });
  return { damaged: true, shownBytes, checks };
}

/**
 * Fewest glyphs pdf.js must account for per non-space byte the content streams show. A glyph is
 * one byte in simple fonts and two in nearly every CJK font (four at most), so drawing fewer than
 * a quarter as many glyphs as bytes means text was shown that pdf.js drew nothing for.
 */
export const SHOWN_GLYPHS_PER_BYTE = 0.25;

/**
 * Text shown in the page's content streams that pdf.js turned into no glyph at all: a font that
 * failed to load (a damaged /DescendantFonts, a missing font object) makes its Tj/TJ operators
 * draw nothing, silently. The string bytes counted from the stream itself are compared with the
 * glyphs pdf.js drew (`unmapped-glyphs` loss), and font resources that do not resolve to a usable
 * font are reported even when the count does not show it. Returns whether the page should be
 * rendered for OCR.
 */
export function checkShownText(state: DocState, n: number, shownBytes: number | undefined, facts: OperatorFacts, origin: PartOrigin): boolean {
  const raw = state.raw;
  let fonts: string[] = [];
  if (raw.ok && !raw.encrypted) {
    try {
      fonts = brokenFonts(raw.doc, n - 1);
    } catch {
      fonts = [];
    }
  }
  const drawn = facts.glyphs.drawn;
  const missing = shownBytes !== undefined && shownBytes >= 2 && drawn < SHOWN_GLYPHS_PER_BYTE * shownBytes;
  if (!missing && fonts.length === 0) return false;
  const problems: string[] = [];
  if (missing) problems.push(`its content shows ${shownBytes} bytes of text but ${drawn} glyphs were drawn from them`);
  if (fonts.length > 0) problems.push(`font ${fonts.slice(0, 3).join('; ')}`);
  state.out.loss!.push({
    where: `page ${n}`,
    kind: 'unmapped-glyphs',
    count: missing ? Math.max(1, Math.ceil(shownBytes! / 2) - drawn) : fonts.length,
    total: missing ? Math.ceil(shownBytes! / 2) : undefined,
    detail: `Page ${n} shows text that was not read: ${problems.join('; ')}.`,
    origin,
  });
  return true;
}

/** Share of a page's glyphs without Unicode above which the page's text layer is not its text. */
export const UNMAPPED_PAGE_SHARE = 0.02;

/** Share of one font's glyphs without Unicode above which that font's text (a heading, a marking) is lost. */
export const UNMAPPED_FONT_SHARE = 0.5;

/** Share of the glyphs drawn with a Unicode value below which the text layer has lost the page's text. */
const EXTRACTED_SHARE = 0.5;
/** Fewest mapped glyphs on a page before the drawn-versus-extracted comparison applies. */
const MIN_DRAWN = 20;

/**
 * Glyphs drawn without a usable Unicode value (no ToUnicode map, broken CMaps, private use):
 * reported as an `unmapped-glyphs` loss when they are a meaningful share of the page or of one
 * font, since one bold font without a map is enough to lose a marking. Glyphs drawn with Unicode
 * that never reached the text layer (`textChars`, the page's extracted characters, far below the
 * glyphs drawn: a text-content fallback that drops items) are reported the same way. Returns
 * whether the page should be rendered for OCR.
 */
export function checkGlyphs(state: DocState, n: number, facts: OperatorFacts, textChars: number, origin: PartOrigin): boolean {
  const g = facts.glyphs;
  const mapped = g.drawn - g.unmapped;
  if (mapped >= MIN_DRAWN && textChars < EXTRACTED_SHARE * mapped) {
    state.out.loss!.push({
      where: `page ${n}`,
      kind: 'unmapped-glyphs',
      count: g.drawn - textChars,
      total: g.drawn,
      detail: `Page ${n} draws ${g.drawn} glyphs but its text layer holds ${textChars} characters: the text of the others was not read.`,
      origin,
    });
    return true;
  }
  if (g.unmapped === 0) return false;
  let fontLost = false;
  for (const f of g.byFont.values()) if (f.unmapped >= 2 && f.unmapped / f.drawn >= UNMAPPED_FONT_SHARE) fontLost = true;
  if (!fontLost && g.unmapped / g.drawn < UNMAPPED_PAGE_SHARE) return false;
  state.out.loss!.push({
    where: `page ${n}`,
    kind: 'unmapped-glyphs',
    count: g.unmapped,
    total: g.drawn,
    detail: `${g.unmapped} of the ${g.drawn} glyphs drawn on page ${n} have no Unicode meaning (a font without a usable ToUnicode map): their text is not in the text layer.`,
    origin,
  });
  return true;
}

/** Minimal view of pdf.js's page `commonObjs`, where each loaded font is resolved by its loaded name. */
export interface FontObjects {
  has(name: string): boolean;
  get(name: string): unknown;
}

/** The loaded name pdf.js gives the stand-in font when a font resource cannot be found at all. */
const ERROR_FONT = 'g_font_error';

/**
 * Text drawn in a font pdf.js could not load. When a font's dictionary, descriptor or file does not
 * resolve (a damaged cross-reference entry, a missing object, a font program that fails to parse),
 * pdf.js substitutes an error font that turns every character into no glyph at all, and resolves
 * the font's `commonObjs` entry to the error message instead of a font: its Tj/TJ operators stay in
 * the operator list with nothing in them, the text layer silently loses that text, and the glyph
 * counts of {@link checkGlyphs} cannot see it. Each text-showing operator issued while such a font
 * is current (form XObjects and annotation appearances included) is counted, and any count is an
 * `unreadable-object` loss naming the font and pdf.js's reason. Returns whether the page should be
 * rendered for OCR.
 */
export function checkFailedFonts(
  state: DocState,
  n: number,
  fnArray: ArrayLike<number>,
  argsArray: ArrayLike<unknown>,
  OPS: Record<string, number>,
  objs: FontObjects,
  origin: PartOrigin,
): boolean {
  const failure = new Map<string, string | null>();
  const failed = (name: string): string | null => {
    let why = failure.get(name);
    if (why === undefined) {
      let value: unknown;
      try {
        value = objs.has(name) ? objs.get(name) : undefined;
      } catch (err) {
        value = String(err);
      }
      if (name === ERROR_FONT) why = typeof value === 'string' && value ? value : 'the font is not available';
      else if (typeof value === 'string') why = value || 'the font did not load';
      else if (value == null || typeof value !== 'object') why = 'the font did not load';
      else why = null;
      failure.set(name, why);
    }
    return why;
  };
  let font: string | null = null;
  const stack: Array<string | null> = [];
  const lost = new Map<string, number>();
  let textOps = 0;
  for (let i = 0; i < fnArray.length; i++) {
    const fn = fnArray[i];
    const args = argsArray[i] as unknown[] | null;
    // The font belongs to the graphics state: saved and restored with it (form XObjects too).
    if (fn === OPS.save || fn === OPS.paintFormXObjectBegin) stack.push(font);
    else if (fn === OPS.restore || fn === OPS.paintFormXObjectEnd) font = stack.length > 0 ? stack.pop()! : font;
    else if (fn === OPS.setFont) font = args?.[0] != null ? String(args[0]) : null;
    else if (fn === OPS.showText) {
      textOps++;
      if (font === null) continue;
      const why = failed(font);
      if (why !== null) lost.set(why, (lost.get(why) ?? 0) + 1);
    }
  }
  if (lost.size === 0) return false;
  let count = 0;
  for (const c of lost.values()) count += c;
  const reasons = [...lost.keys()];
  state.out.loss!.push({
    where: `page ${n}`,
    kind: 'unreadable-object',
    count,
    total: textOps,
    detail:
      `Page ${n} shows text in a font that could not be loaded (${reasons.slice(0, 3).join('; ')}${reasons.length > 3 ? ' …' : ''}): ` +
      `${count} of its ${textOps} text operators drew nothing, and their text was not read.`,
    origin,
  });
  return true;
}

/** Fewest encrypted content bytes taken for content (an AES stream alone is 32 bytes of IV and padding). */
const MIN_ENCRYPTED_CONTENT = 64;
/** Most operators pdf.js may give a page that drew nothing (saves, restores, a transform). */
const MAX_IDLE_OPERATORS = 8;

/**
 * An encrypted page whose content streams hold bytes of which pdf.js drew nothing: a damaged
 * encryption dictionary (a scrambled `/StmF` names no filter, so pdf.js takes the streams for plain
 * ones) or bad data leaves pdf.js an empty page and no error. Its streams cannot be checked here,
 * so the page is counted as not read.
 */
function checkEncryptedDrawing(state: DocState, doc: PDFDocument, n: number, facts: OperatorFacts, operators: number, origin: PartOrigin): void {
  if (facts.textOps > 0 || facts.paintedPaths > 0 || facts.imageArea > 0 || operators > MAX_IDLE_OPERATORS) return;
  let bytes = 0;
  try {
    const page = doc.getPages()[n - 1];
    const contents = page ? resolve(doc, page.node.get(PDFName.of('Contents'))) : undefined;
    for (const c of contents instanceof PDFArray ? contents.asArray() : [contents]) {
      const s = resolve(doc, c);
      if (s instanceof PDFRawStream) bytes += s.contents.length;
    }
  } catch {
    return;
  }
  if (bytes < MIN_ENCRYPTED_CONTENT) return;
  state.out.loss!.push({
    where: `page ${n}`,
    kind: 'failed-stream',
    count: 1,
    detail: `Page ${n}'s content streams hold ${bytes} encrypted bytes of which pdf.js drew nothing: they may not have been decrypted or decoded (a damaged encryption dictionary, bad data), and encrypted streams cannot be checked here.`,
    origin,
  });
}
