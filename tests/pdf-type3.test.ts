/**
 * Type3 glyphs whose characters say nothing of what they draw. A Type3 glyph is a small content
 * stream; its character comes from a ToUnicode map or its glyph name, both claims. Glyphs that
 * paint (here: filled shapes standing for 机密★5年) while they read as spaces, ideographic spaces,
 * zero-width spaces or soft hyphens used to be skipped as blanks: the page passed with its ink
 * unread. They are now text not read (`unmapped-glyphs`, review; with OCR the page is rendered).
 * A real space glyph (a procedure that paints nothing) stays a space. The PDFs are written here.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '@prepub/core';
import { createPdfExtractor } from '@prepub/extract-pdf';
import { createScanner, type Scanner } from '@prepub/scanner';
import { buildPdf, linesContent, onePage, stream } from '../packages/extract-pdf/test/raw-pdf.ts';

const BODY = linesContent(['Quarterly supply report of the northern depot', 'All figures are final and were checked twice.', 'Prepared by the logistics office for the board.']);
/** A glyph procedure that fills two squares: ink. */
const INK = '1000 0 0 0 1000 1000 d1\n100 100 m 900 100 l 900 900 l 100 900 l f\n300 300 m 700 300 l 700 700 l f';
/** A space glyph: an advance, nothing painted. */
const BLANK = '500 0 d0';

interface Glyph {
  code: number;
  name: string;
  proc: string;
  /** The character its ToUnicode entry gives (no entry when undefined). */
  unicode?: string;
}

/** One page: three lines of Helvetica, then one Type3 string showing `glyphs` at 24 pt. */
function type3Page(glyphs: Glyph[]): Uint8Array {
  const first = 7;
  const withMap = glyphs.some((g) => g.unicode !== undefined);
  const codes = glyphs.map((g) => g.code);
  const lo = Math.min(...codes);
  const hi = Math.max(...codes);
  const widths = Array.from({ length: hi - lo + 1 }, (_, i) => (glyphs.find((g) => g.code === lo + i)?.proc === BLANK ? 500 : 1000));
  const hex = (n: number, w: number) => n.toString(16).toUpperCase().padStart(w, '0');
  const cmap = withMap
    ? `/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CMapName /T3U def 1 begincodespacerange <00> <FF> endcodespacerange ${glyphs.filter((g) => g.unicode !== undefined).length} beginbfchar ` +
      glyphs.filter((g) => g.unicode !== undefined).map((g) => `<${hex(g.code, 2)}> <${[...g.unicode!].map((c) => hex(c.codePointAt(0)!, 4)).join('')}>`).join(' ') +
      ' endbfchar endcmap CMapName currentdict /CMap defineresource pop end end'
    : '';
  const font =
    `<< /Type /Font /Subtype /Type3 /FontBBox [0 0 1000 1000] /FontMatrix [0.001 0 0 0.001 0 0] ` +
    `/CharProcs << ${glyphs.map((g, i) => `/${g.name} ${first + i} 0 R`).join(' ')} >> ` +
    `/Encoding << /Type /Encoding /Differences [${glyphs.map((g) => `${g.code} /${g.name}`).join(' ')}] >> ` +
    `/FirstChar ${lo} /LastChar ${hi} /Widths [${widths.join(' ')}]${withMap ? ` /ToUnicode ${first + glyphs.length} 0 R` : ''} >>`;
  const content = `${BODY}\nBT /T3 24 Tf 72 600 Td <${glyphs.map((g) => hex(g.code, 2)).join('')}> Tj ET`;
  const more: Array<string | Uint8Array> = [font, ...glyphs.map((g) => stream('', g.proc))];
  if (withMap) more.push(stream('', cmap));
  return buildPdf(onePage(stream('', content), { fonts: '/T3 6 0 R', more }));
}

/** Five inked glyphs (the marking's five characters as shapes) all read as `ch`. */
const inkedAs = (ch: string) => type3Page([1, 2, 3, 4, 5].map((code) => ({ code, name: `g${code}`, proc: INK, unicode: ch })));

const extractor = createPdfExtractor({ renderPages: false });
const losses = async (bytes: Uint8Array) => ((await extractor.extract(bytes, { limits: DEFAULT_LIMITS, filename: 'x.pdf' })).loss ?? []).map((l) => l.detail);

let scanner: Scanner;
beforeAll(async () => {
  scanner = await createScanner({ ocr: false });
});
afterAll(() => scanner.close());

describe('Type3 glyphs that paint but read as blanks', () => {
  it('are a loss, and the page is not passed: spaces, ideographic spaces, zero-width spaces, soft hyphens', async () => {
    for (const ch of [' ', '\u3000', '\u200b', '\u00ad']) {
      const bytes = inkedAs(ch);
      expect(await losses(bytes)).toContainEqual(expect.stringMatching(/5 glyphs drawn on page 1 in Type3 fonts .* read as spaces or as nothing, but their glyph procedures paint/));
      const r = await scanner.scan(bytes, { filename: 'report.pdf' });
      expect([JSON.stringify(ch), r.verdict]).toEqual([JSON.stringify(ch), 'review']);
    }
  });

  it('a space glyph that paints nothing stays a space (named glyphs, no ToUnicode: the page passes)', async () => {
    // "Hi there" in a Type3 font whose glyphs have standard names and a blank space procedure.
    const word = (s: string) => [...s].map((c) => (c === ' ' ? { code: 32, name: 'space', proc: BLANK } : { code: c.charCodeAt(0), name: c, proc: INK }));
    const bytes = type3Page(word('Hi there'));
    expect(await losses(bytes)).toEqual([]);
    const r = await scanner.scan(bytes, { filename: 'report.pdf' });
    expect(r.verdict).toBe('pass');
    expect(r.coverage.complete).toBe(true);
  });

  it('one inked glyph read as a space between words is not enough to be a loss (a glyph quirk, not text)', async () => {
    const glyphs = [...'Hi'].map((c) => ({ code: c.charCodeAt(0), name: c, proc: INK }));
    expect(await losses(type3Page([...glyphs, { code: 32, name: 'space', proc: INK }, { code: 0x74, name: 't', proc: INK }]))).toEqual([]);
  });
});
