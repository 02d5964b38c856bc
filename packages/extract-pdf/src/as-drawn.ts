/**
 * A page read as its fonts draw their glyphs. pdf.js takes a glyph's text from the font's ToUnicode
 * map, which only claims what the glyph is; where the font itself tells (its embedded program's
 * Unicode cmap or glyph names, a Unicode or code page CMap as its encoding) and the map claims
 * another character, the glyphs of 机密★5年 read 会议☆6月 and nothing matched. The object walk
 * (unread-content.ts) records each such font's claimed → drawn characters; each page that uses one
 * is read again with them swapped, one unit for one so every offset stays that of the page's own
 * reading (`page-1@as-drawn`, same blocks). The loss the walk reports stays: which glyph of the
 * line came from which font is not told apart here, so the reading swaps the character wherever
 * the page holds it.
 */
import type { TextPart } from '@prepub/core';
import { PDFDict, PDFName, type PDFObject, type PDFRef } from 'pdf-lib';
import { resolve } from './raw.ts';
import { addPart, type DocState } from './state.ts';

/** Pages looked through for the fonts their resources name. */
const MAX_PAGES = 2000;
const ID = /^page-(\d+)(:as-shown)?$/;

export function addAsDrawn(state: DocState): void {
  const fonts = state.asDrawn ?? [];
  if (fonts.length === 0 || !state.raw.ok) return;
  const doc = state.raw.doc;
  // The pages whose resources (or those of the forms they paint, two deep) name each font.
  const wanted = new Set<PDFRef>(fonts.map((f) => f.font));
  const pagesOf = new Map<PDFRef, Set<number>>();
  const pages = doc.getPages();
  for (let i = 0; i < pages.length && i < MAX_PAGES; i++) {
    const look = (r: PDFObject | undefined, depth: number): void => {
      const d = resolve(doc, r);
      if (!(d instanceof PDFDict)) return;
      const fontDict = resolve(doc, d.get(PDFName.of('Font')));
      if (fontDict instanceof PDFDict) {
        for (const [, v] of fontDict.entries()) {
          if (!wanted.has(v as PDFRef)) continue;
          let set = pagesOf.get(v as PDFRef);
          if (!set) pagesOf.set(v as PDFRef, (set = new Set()));
          set.add(i + 1);
        }
      }
      const xo = resolve(doc, d.get(PDFName.of('XObject')));
      if (!(xo instanceof PDFDict) || depth >= 2) return;
      for (const [, v] of xo.entries()) {
        const x = resolve(doc, v);
        if (x && 'dict' in x) look((x as unknown as { dict: PDFDict }).dict.get(PDFName.of('Resources')), depth + 1);
      }
    };
    look(pages[i].node.Resources(), 0);
  }
  // Claimed → drawn for each page; a claim drawn as two characters on one page is left as read.
  const byPage = new Map<number | 'any', Map<string, string | null>>();
  for (const { font, swaps } of fonts) {
    const on = pagesOf.get(font);
    for (const page of on ? [...on] : (['any'] as const)) {
      let map = byPage.get(page);
      if (!map) byPage.set(page, (map = new Map()));
      for (const [claimed, shown] of swaps) {
        const had = map.get(claimed);
        map.set(claimed, had === undefined || had === shown ? shown : null);
      }
    }
  }
  const made: TextPart[] = [];
  for (const part of state.out.parts) {
    const m = ID.exec(part.id);
    if (!m) continue;
    const maps = [byPage.get(Number(m[1])), byPage.get('any')].filter((x): x is Map<string, string | null> => !!x);
    if (maps.length === 0) continue;
    let changed = false;
    let text = '';
    for (let i = 0; i < part.text.length; i++) {
      const c = part.text[i];
      let to: string | null | undefined;
      for (const map of maps) to ??= map.get(c);
      if (to) {
        text += to;
        changed ||= to !== c;
      } else text += c;
    }
    if (!changed) continue;
    made.push({
      ...part,
      id: `${part.id}@as-drawn`,
      text,
      origin: { ...part.origin, detail: 'the page read as its embedded fonts draw the glyphs (their program, or a Unicode or code page CMap), not as their ToUnicode maps claim' },
    });
  }
  for (const p of made) addPart(state, p);
}
