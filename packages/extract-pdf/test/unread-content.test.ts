/**
 * Streams pdf.js draws but never reports as text: a tiling pattern's cell, a Type3 glyph
 * procedure, a field widget's appearance. When one of them shows text the reading left out, the
 * file has a loss (it cannot pass); when it shows none (a hatching pattern, a TeX bitmap font), or
 * a widget shows its own value, nothing is reported.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '@prepub/core';
import { createPdfExtractor } from '../src/index.ts';
import { toUnicodeMap } from '../src/unread-content.ts';
import { appendUpdate, buildPdf, linesContent, onePage, pdfUtf16, stream } from './raw-pdf.ts';

const extractor = createPdfExtractor({ renderPages: false });
const losses = async (bytes: Uint8Array) => ((await extractor.extract(bytes, { limits: DEFAULT_LIMITS, filename: 'x.pdf' })).loss ?? []).map((l) => l.detail);
const body = linesContent(['Quarterly supply report', 'All figures are final.']);
const FONT_RES = '/Resources << /Font << /F1 4 0 R >> >>';

describe('text inside patterns, Type3 glyphs and widget appearances', () => {
  it('a tiling pattern whose cell shows text is a loss; one that only draws lines is not', async () => {
    const page = (cell: string) => onePage(stream('', `${body}\n/Pattern cs /P1 scn 60 700 300 40 re f`), { page: '', more: [stream(`/Type /Pattern /PatternType 1 /PaintType 1 /TilingType 1 /BBox [0 0 300 40] /XStep 300 /YStep 40 ${FONT_RES}`, cell)] }).map((b, i) => (i === 2 && typeof b === 'string' ? b.replace('>> >> /Contents', '>> /Pattern << /P1 6 0 R >> >> /Contents') : b));
    expect(await losses(buildPdf(page('BT /F1 12 Tf 4 12 Td (TOP SECRET//NOFORN) Tj ET')))).toEqual([expect.stringContaining('tiling pattern')]);
    expect(await losses(buildPdf(page('0 0 m 300 40 l S')))).toEqual([]);
  });

  it('a Type3 glyph procedure that shows text is a loss; one that fills a shape is not', async () => {
    const page = (proc: string) => onePage(stream('', `${body}\nBT /T3 12 Tf 72 600 Td (a) Tj ET`), { fonts: '/T3 6 0 R', more: [`<< /Type /Font /Subtype /Type3 /FontBBox [0 0 1000 1000] /FontMatrix [0.001 0 0 0.001 0 0] /CharProcs << /a 7 0 R >> /Encoding << /Type /Encoding /Differences [97 /a] >> /FirstChar 97 /LastChar 97 /Widths [1000] ${FONT_RES} >>`, stream('', `1000 0 d0\n${proc}`)] });
    expect(await losses(buildPdf(page('BT /F1 12 Tf 0 0 Td (SECRET) Tj ET')))).toEqual([expect.stringContaining('Type3')]);
    expect(await losses(buildPdf(page('0 0 500 700 re f')))).toEqual([]);
  });

  it('a glyph procedure that cannot be decoded is counted as not checked, never as showing no text', async () => {
    const page = onePage(stream('', `${body}\nBT /T3 12 Tf 72 600 Td (a) Tj ET`), { fonts: '/T3 6 0 R', more: [`<< /Type /Font /Subtype /Type3 /FontBBox [0 0 1000 1000] /FontMatrix [0.001 0 0 0.001 0 0] /CharProcs << /a 7 0 R >> /Encoding << /Type /Encoding /Differences [97 /a] >> /FirstChar 97 /LastChar 97 /Widths [1000] ${FONT_RES} >>`, stream('/Filter /FlateDecode', 'not a zlib stream at all')] });
    expect(await losses(buildPdf(page))).toEqual(expect.arrayContaining([expect.stringContaining('could not be checked for text they draw')]));
  });

  it('a widget whose appearance shows more than its value is a loss; one showing its value is not', async () => {
    const page = (value: string, shown: string) =>
      onePage(stream('', body), {
        page: '/Annots [6 0 R]',
        catalog: '/AcroForm << /Fields [6 0 R] >>',
        more: [`<< /Type /Annot /Subtype /Widget /FT /Tx /T (f1) /V ${pdfUtf16(value)} /Rect [60 700 300 740] /F 4 /P 3 0 R /AP << /N 7 0 R >> >>`, stream(`/Type /XObject /Subtype /Form /BBox [0 0 240 40] ${FONT_RES}`, `/Tx BMC BT /F1 12 Tf 2 12 Td (${shown}) Tj ET EMC`)],
      });
    expect(await losses(buildPdf(page('ok', 'TOP SECRET//NOFORN')))).toEqual([expect.stringContaining('appearance')]);
    expect(await losses(buildPdf(page('Jane Smith, Procurement', 'Jane Smith, Procurement')))).toEqual([]);
  });

  it('an earlier revision\'s widget showing more than its value stays a loss after an update gives the page new content', async () => {
    // The widget is written inside the page's /Annots array, so the update's page leaves no trace of it.
    const bodies = onePage(stream('', body), {
      page: `/Annots [<< /Type /Annot /Subtype /Widget /FT /Tx /T (f1) /V ${pdfUtf16('ok')} /Rect [60 700 300 740] /F 4 /AP << /N 6 0 R >> >>]`,
      more: [stream(`/Type /XObject /Subtype /Form /BBox [0 0 240 40] ${FONT_RES}`, '/Tx BMC BT /F1 12 Tf 2 12 Td (TOP SECRET//NOFORN) Tj ET EMC')],
    });
    const updated = appendUpdate(buildPdf(bodies), [[3, `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] ${FONT_RES} /Contents 5 0 R >>`]], 7);
    const x = await extractor.extract(updated, { limits: DEFAULT_LIMITS, filename: 'x.pdf' });
    expect(x.loss).toEqual([expect.objectContaining({ where: expect.stringMatching(/^revision 1: /), detail: expect.stringMatching(/Earlier revision 1 .*appearance/) })]);
    // The same update over a widget that shows its value leaves nothing unread.
    const plain = buildPdf(bodies.map((b, i) => (i === 5 ? stream(`/Type /XObject /Subtype /Form /BBox [0 0 240 40] ${FONT_RES}`, '/Tx BMC BT /F1 12 Tf 2 12 Td (ok) Tj ET EMC') : b)));
    expect((await extractor.extract(appendUpdate(plain, [[3, `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] ${FONT_RES} /Contents 5 0 R >>`]], 7), { limits: DEFAULT_LIMITS, filename: 'x.pdf' })).loss).toEqual([]);
  });

  it('a non-embedded font whose ToUnicode map renames its letters is a loss; a map saying what it draws is not', async () => {
    const cmap = (map: (c: string) => string) => {
      const letters = [...new Set('TOP SECRET NOFORN'.replace(/\W/g, ''))];
      return `/CIDInit /ProcSet findresource begin 12 dict begin begincmap 1 begincodespacerange <00> <FF> endcodespacerange ${letters.length} beginbfchar\n${letters.map((c) => `<${c.charCodeAt(0).toString(16)}> <${map(c).charCodeAt(0).toString(16).padStart(4, '0')}>`).join('\n')}\nendbfchar endcmap end end`;
    };
    const page = (map: (c: string) => string) => onePage(stream('', `${body}\nBT /F3 14 Tf 72 600 Td (TOP SECRET//NOFORN) Tj ET`), { fonts: '/F3 6 0 R', more: ['<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding /ToUnicode 7 0 R >>', stream('', cmap(map))] });
    expect(await losses(buildPdf(page(() => 'x')))).toEqual([expect.stringContaining('ToUnicode')]);
    expect(await losses(buildPdf(page((c) => c)))).toEqual([]);
    // Readers need no /Type to use a font: with it damaged the map is still checked.
    const untyped = page(() => 'x').map((b) => (typeof b === 'string' ? b.replace('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding /ToUnicode', '<< /Uixg /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding /ToUnicode') : b));
    expect(await losses(buildPdf(untyped))).toContainEqual(expect.stringContaining('ToUnicode'));
  });

  it('reads bfchar and bfrange entries of a ToUnicode map', () => {
    const m = toUnicodeMap('2 beginbfchar <41> <0078> <42> <673A5BC6> endbfchar 2 beginbfrange <30> <32> <0061> <43> <44> [<0063> <0064>] endbfrange');
    expect([...m]).toEqual([[0x41, 'x'], [0x42, '机密'], [0x30, 'a'], [0x31, 'b'], [0x32, 'c'], [0x43, 'c'], [0x44, 'd']]);
  });
});
