/**
 * Web fonts a page carries (`@font-face { src: url(data:font/ttf;base64,…) }`, TrueType, OpenType
 * or WOFF 1.0) draw each character with the glyph their cmap gives it, which may be another
 * character's: a font whose cmap sends 一二三 to glyphs named uni673A, uni5BC6 (机, 密) shows
 * 机密★5年 where the text reads 一二★5年. The font's own glyph names are the only word on what a
 * glyph is (@prepub/core's fontDrawnAs): each character whose glyph is named as another is swapped
 * for that one in a second reading of the page's parts (`body@as-drawn`, one unit for one, so
 * offsets, blocks and source maps stay the part's own), and a font doing so for ideographs is a
 * loss. A font whose glyph names are stripped cannot say, but its outlines can belie its cmap:
 * Latin letters or digits drawn with glyphs of six contours or more (an ideograph's) are a loss too.
 * Which elements use the font is not weighed: the swap applies wherever the page holds the
 * character. WOFF2 (Brotli, transformed tables) is not read: such a font is not checked.
 */
import { fontDrawnAs, isFontProgram, type EmbeddedFile, type Loss, type TextPart } from '@prepub/core';

/** Most fonts of one page looked into. */
const MAX_FONTS = 64;

export interface WebFontCheck {
  /** Character code → what it is drawn as (null where two fonts disagree). */
  swaps: Map<number, string | null>;
  loss: Loss[];
}

/** What the fonts among a page's or a book's files draw for its characters, and the losses they are. */
export function webFontSwaps(files: readonly EmbeddedFile[]): WebFontCheck {
  const swaps = new Map<number, string | null>();
  const loss: Loss[] = [];
  let looked = 0;
  for (const file of files) {
    if (looked >= MAX_FONTS) break;
    if (!isFontProgram(file.bytes)) continue;
    looked++;
    let drawn: ReturnType<typeof fontDrawnAs>;
    try {
      drawn = fontDrawnAs(file.bytes);
    } catch {
      drawn = undefined;
    }
    if (!drawn) {
      loss.push({ where: file.name, kind: 'unreadable-object', count: 1, detail: `The font ${file.name} could not be read: what its glyphs draw for the text's characters was not checked.` });
      continue;
    }
    for (const [from, to] of drawn.swaps) {
      const cp = from.charCodeAt(0);
      const had = swaps.get(cp);
      swaps.set(cp, had === undefined || had === to ? to : null);
    }
    if (drawn.ideographs >= 2) {
      loss.push({ where: file.name, kind: 'unreadable-object', count: drawn.ideographs, detail: `The font ${file.name} draws ${drawn.ideographs} characters with glyphs named as other ideographs (${drawn.examples.join(', ')}…): the text shows other characters than it holds; it was also read as drawn (@as-drawn).` });
    } else if (drawn.belied >= 2) {
      loss.push({ where: file.name, kind: 'unreadable-object', count: drawn.belied, detail: `The font ${file.name} draws ${drawn.belied} Latin letters or digits with glyphs of an ideograph's many contours and names none of its glyphs: what the text shows for them was not read.` });
    }
  }
  return { swaps, loss };
}

/** `text` with each character swapped for what it is drawn as; undefined when none is (or `ascii` false and only ASCII would be). */
export function drawnText(text: string, swaps: ReadonlyMap<number, string | null>, ascii = true): string | undefined {
  let out = '';
  let changed = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const to = ascii || c >= 0x80 ? swaps.get(c) : undefined;
    if (to) {
      out += to;
      changed = true;
    } else out += text[i];
  }
  return changed ? out : undefined;
}

/** The readings and losses the page's font files (among its embedded files) call for. */
export function webFontReadings(parts: readonly TextPart[], files: readonly EmbeddedFile[]): { parts: TextPart[]; loss: Loss[] } {
  const { swaps, loss } = webFontSwaps(files);
  if (![...swaps.values()].some((v) => v)) return { parts: [], loss };
  const made: TextPart[] = [];
  for (const p of parts) {
    const text = drawnText(p.text, swaps);
    if (text === undefined) continue;
    made.push({ ...p, id: `${p.id}@as-drawn`, text, leading: false, origin: { ...p.origin, detail: `${p.origin.detail ? `${p.origin.detail}; ` : ''}read as the page's web fonts draw it (their glyph names), not as its characters say` } });
  }
  return { parts: made, loss };
}
