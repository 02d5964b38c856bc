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
import { anySwap, drawnText, fontSwaps, type EmbeddedFile, type Loss, type TextPart } from '@prepub/core';

/** The readings and losses the page's font files (among its embedded files) call for. */
export function webFontReadings(parts: readonly TextPart[], files: readonly EmbeddedFile[]): { parts: TextPart[]; loss: Loss[] } {
  const { swaps, loss } = fontSwaps(files, 'The font');
  if (!anySwap(swaps)) return { parts: [], loss };
  const made: TextPart[] = [];
  for (const p of parts) {
    const text = drawnText(p.text, swaps);
    if (text === undefined) continue;
    made.push({ ...p, id: `${p.id}@as-drawn`, text, leading: false, origin: { ...p.origin, detail: `${p.origin.detail ? `${p.origin.detail}; ` : ''}read as the page's web fonts draw it (their glyph names), not as its characters say` } });
  }
  return { parts: made, loss };
}
