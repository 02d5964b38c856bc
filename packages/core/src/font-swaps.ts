/**
 * What the fonts a document carries (web fonts, an e-book's fonts, a Word document's embedded
 * fonts) draw for its characters, from each font's own glyph names (see sfnt.ts fontDrawnAs):
 * one table of swaps for the document, and the losses the fonts are. Shared by the HTML, EPUB and
 * DOCX readers, which each read the document again with the swaps (`…@as-drawn`).
 */
import type { Loss } from './types.ts';
import { fontDrawnAs, isFontProgram } from './sfnt.ts';

/** Most fonts of one document looked into; past them, the fonts left are a loss (limit). */
export const MAX_FONTS_CHECKED = 64;

export interface FontSwaps {
  /** Character code → the character its glyph is drawn as (null where two fonts disagree). */
  swaps: Map<number, string | null>;
  loss: Loss[];
}

/**
 * The swaps and losses of the fonts among `files` (any that is not a font program is passed over).
 * `whose` names the fonts in the losses' details ("The font", "The book's font", "The embedded font").
 */
export function fontSwaps(files: ReadonlyArray<{ name: string; bytes: Uint8Array }>, whose: string): FontSwaps {
  const swaps = new Map<number, string | null>();
  const loss: Loss[] = [];
  let looked = 0;
  let skipped = 0;
  for (const file of files) {
    if (!isFontProgram(file.bytes)) continue;
    if (looked >= MAX_FONTS_CHECKED) {
      skipped++;
      continue;
    }
    looked++;
    let drawn: ReturnType<typeof fontDrawnAs>;
    try {
      drawn = fontDrawnAs(file.bytes);
    } catch {
      drawn = undefined;
    }
    if (!drawn) {
      loss.push({ where: file.name, kind: 'unreadable-object', count: 1, detail: `${whose} ${file.name} could not be read: what its glyphs draw for the text's characters was not checked.` });
      continue;
    }
    for (const [from, to] of drawn.swaps) {
      const cp = from.charCodeAt(0);
      const had = swaps.get(cp);
      swaps.set(cp, had === undefined || had === to ? to : null);
    }
    if (drawn.ideographs >= 2) {
      loss.push({ where: file.name, kind: 'unreadable-object', count: drawn.ideographs, detail: `${whose} ${file.name} draws ${drawn.ideographs} characters with glyphs named as other ideographs (${drawn.examples.join(', ')}…): the text shows other characters than it holds; it was also read as drawn (@as-drawn).` });
    } else if (drawn.belied >= 2) {
      loss.push({ where: file.name, kind: 'unreadable-object', count: drawn.belied, detail: `${whose} ${file.name} draws ${drawn.belied} Latin letters or digits with glyphs of an ideograph's many contours and names none of its glyphs: what the text shows for them was not read.` });
    }
  }
  if (skipped) loss.push({ where: 'fonts', kind: 'unreadable-object', count: skipped, detail: `${skipped} font(s) past the first ${MAX_FONTS_CHECKED} were not looked into: what their glyphs draw for the text's characters was not checked.` });
  return { swaps, loss };
}

/** Whether any character is drawn as another (a swap two fonts agree on). */
export function anySwap(swaps: ReadonlyMap<number, string | null>): boolean {
  for (const v of swaps.values()) if (v) return true;
  return false;
}

/** `text` with each character swapped for what it is drawn as; undefined when none is. */
export function drawnText(text: string, swaps: ReadonlyMap<number, string | null>): string | undefined {
  let out = '';
  let changed = false;
  for (let i = 0; i < text.length; i++) {
    const to = swaps.get(text.charCodeAt(i));
    if (to) {
      out += to;
      changed = true;
    } else out += text[i];
  }
  return changed ? out : undefined;
}
