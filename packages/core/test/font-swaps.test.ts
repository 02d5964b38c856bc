/**
 * fontSwaps, shared by the HTML, EPUB and DOCX readers: what a document's fonts draw for its
 * characters (their glyph names), and the losses. Fonts past the ones looked into are a loss, not
 * passed over: the 65th font of a page, a book or a Word document may be the one that draws 机密.
 */
import { describe, expect, it } from 'vitest';
import { anySwap, drawnText, fontSwaps, MAX_FONTS_CHECKED } from '../src/font-swaps.ts';
import { trueType } from '../../extract-pdf/test/truetype.ts';

const hostile = trueType('一二', undefined, { glyphNames: ['uni673A', 'uni5BC6'] });
const truthful = trueType('一二', undefined, { glyphNames: ['uni4E00', 'uni4E8C'] });

describe('fontSwaps', () => {
  it('a font naming its glyphs for 一 二 as 机 密: the swaps and a loss; the text read as drawn', () => {
    const r = fontSwaps([{ name: 'a.ttf', bytes: hostile }, { name: 'notes.txt', bytes: new TextEncoder().encode('not a font') }], 'The font');
    expect(anySwap(r.swaps)).toBe(true);
    expect(drawnText('一二★5年', r.swaps)).toBe('机密★5年');
    expect(r.loss.map((l) => l.where)).toEqual(['a.ttf']);
  });

  it('a truthful font: no swap, no loss', () => {
    const r = fontSwaps([{ name: 'a.ttf', bytes: truthful }], 'The font');
    expect(anySwap(r.swaps)).toBe(false);
    expect(drawnText('一二★5年', r.swaps)).toBeUndefined();
    expect(r.loss).toEqual([]);
  });

  it('fonts past the first ones looked into are a loss (limit), the hostile last one among them', () => {
    const files = [...Array.from({ length: MAX_FONTS_CHECKED }, (_, i) => ({ name: `f${i}.ttf`, bytes: truthful })), { name: 'last.ttf', bytes: hostile }];
    const r = fontSwaps(files, 'The font');
    expect(anySwap(r.swaps)).toBe(false);
    expect(r.loss).toHaveLength(1);
    expect(r.loss[0]).toMatchObject({ where: 'fonts', count: 1 });
  });
});
