/**
 * Text whose characters are harmless but whose font draws others. pdf.js reads a glyph as its
 * font's ToUnicode map claims; the font itself may say otherwise. The hostile documents are built
 * here, byte by byte (truetype.ts writes the font programs, raw-pdf.ts the files):
 *
 * - an embedded Identity-H TrueType font whose cmap names its glyphs 机密★5年 while its map claims
 *   会议☆6月: the page is read again as drawn (`page-1@as-drawn`): block;
 * - the non-embedded Chinese font (UniGB-UCS2-H: the code is the character drawn) with a map
 *   claiming 会议 for the codes of 机密: block;
 * - a font whose program names nothing (no cmap) and whose glyphs belie the map: glyphs of ten
 *   contours (an ideograph's) claimed as Latin letters, glyphs of other outlines claimed as one
 *   ideograph (many-to-one): review, never pass;
 * and their twins (a map that agrees with the program, glyphs of one contour claimed as letters,
 * one outline claimed twice), which pass with nothing unread.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScanner, type Scanner } from '@prepub/scanner';
import { buildPdf, CJK_FONT, onePage, onePageCjk, stream, ucs2 } from './raw-pdf.ts';
import { toUnicode, trueType } from './truetype.ts';

const BODY = `BT /F2 14 Tf 72 660 Td ${ucs2('关于做好汛期物资调度工作的通知')} Tj ET BT /F2 12 Tf 72 630 Td ${ucs2('各区县应急管理局：为切实做好今年汛期物资调度工作，现将有关事项通知如下。')} Tj ET`;

/**
 * `lead` in the page's Chinese font, then the glyphs 1…n of an embedded Identity-H TrueType font
 * (objects 7-10) whose cmap names them `drawn` (none with `names: false`) and whose ToUnicode map
 * claims `claimed`, then `tail`, at the top of the page.
 */
export function embeddedFontPage(lead: string, drawn: string, claimed: string, tail: string, opts: { contours?: number[]; names?: boolean } = {}): Uint8Array {
  const n = [...drawn].length;
  const codes = Array.from({ length: n }, (_, i) => (i + 1).toString(16).padStart(4, '0')).join('');
  const x1 = 72 + 16 * [...lead].length;
  const x2 = x1 + 16 * n;
  const top = `BT /F2 16 Tf 72 750 Td ${ucs2(lead)} Tj ET BT /F3 16 Tf ${x1} 750 Td <${codes}> Tj ET BT /F2 16 Tf ${x2} 750 Td ${ucs2(tail)} Tj ET\n`;
  const font = trueType(drawn, undefined, opts);
  return buildPdf(
    onePageCjk(stream('', top + BODY), {
      fonts: '/F3 7 0 R',
      more: [
        '<< /Type /Font /Subtype /Type0 /BaseFont /ABCDEF+Song /Encoding /Identity-H /DescendantFonts [8 0 R] /ToUnicode 9 0 R >>',
        `<< /Type /Font /Subtype /CIDFontType2 /BaseFont /ABCDEF+Song /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /FontDescriptor << /Type /FontDescriptor /FontName /ABCDEF+Song /Flags 4 /FontBBox [0 -200 1000 900] /ItalicAngle 0 /Ascent 900 /Descent -200 /CapHeight 800 /StemV 80 /FontFile2 10 0 R >> /CIDToGIDMap /Identity /DW 1000 >>`,
        stream('', toUnicode(claimed)),
        stream(`/Length1 ${font.length}`, font),
      ],
    }),
  );
}

/** `shown` in the non-embedded Chinese font (UniGB-UCS2-H: each code is the character drawn), whose ToUnicode map (object 7) claims `claimed` for those codes. */
function unicodeCmapPage(shown: string, claimed: string): Uint8Array {
  const list = [...shown];
  const pairs = list.map((c, i) => `${ucs2(c)} ${ucs2([...claimed][i])}`).join('\n');
  const cmap = `/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CMapName /Adobe-Identity-UCS def /CMapType 2 def\n1 begincodespacerange <0000> <FFFF> endcodespacerange\n${list.length} beginbfchar\n${pairs}\nendbfchar\nendcmap CMapName currentdict /CMap defineresource pop end end`;
  const font = CJK_FONT.replace('/Encoding /UniGB-UCS2-H', '/Encoding /UniGB-UCS2-H /ToUnicode 7 0 R');
  const content = `BT /F3 16 Tf 72 750 Td ${ucs2(shown)} Tj ET\n${BODY}`;
  return buildPdf(onePage(stream('', content), { fonts: '/F2 6 0 R /F3 8 0 R', more: [font.replace('/ToUnicode 7 0 R', ''), stream('', cmap), font] }));
}

/**
 * `shown` drawn in a simple embedded TrueType font (objects 7-9) whose /Differences name codes 1…n
 * `uniXXXX` of `shown` (the program draws the glyphs of those names), with a ToUnicode map claiming
 * `claimed` for them, then `tail` in the page's Chinese font.
 */
function differencesPage(shown: string, claimed: string, tail: string): Uint8Array {
  const list = [...shown];
  const names = list.map((c) => `/uni${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`).join(' ');
  const pairs = [...claimed].map((c, i) => `<${(i + 1).toString(16).padStart(2, '0')}> <${Buffer.from(c, 'utf16le').swap16().toString('hex')}>`).join('\n');
  const cmap = `/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CMapName /Adobe-Identity-UCS def /CMapType 2 def\n1 begincodespacerange <00> <FF> endcodespacerange\n${list.length} beginbfchar\n${pairs}\nendbfchar\nendcmap CMapName currentdict /CMap defineresource pop end end`;
  const font = trueType(shown);
  const codes = list.map((_, i) => (i + 1).toString(16).padStart(2, '0')).join('');
  const x2 = 72 + 16 * list.length;
  const content = `BT /F3 16 Tf 72 750 Td <${codes}> Tj ET BT /F2 16 Tf ${x2} 750 Td ${ucs2(tail)} Tj ET\n${BODY}`;
  return buildPdf(
    onePageCjk(stream('', content), {
      fonts: '/F3 7 0 R',
      more: [
        `<< /Type /Font /Subtype /TrueType /BaseFont /ABCDEF+Song /FirstChar 1 /LastChar ${list.length} /Widths [${list.map(() => 1000).join(' ')}] /Encoding << /Type /Encoding /Differences [1 ${names}] >> /ToUnicode 8 0 R /FontDescriptor << /Type /FontDescriptor /FontName /ABCDEF+Song /Flags 4 /FontBBox [0 -200 1000 900] /ItalicAngle 0 /Ascent 900 /Descent -200 /CapHeight 800 /StemV 80 /FontFile2 9 0 R >> >>`,
        stream('', cmap),
        stream(`/Length1 ${font.length}`, font),
      ],
    }),
  );
}

describe('PDF: text whose font draws other characters than its map claims', () => {
  let scanner: Scanner;
  beforeAll(async () => {
    scanner = await createScanner({ ocr: false });
  });
  afterAll(() => scanner.close());
  const scan = (bytes: Uint8Array) => scanner.scan(bytes, { filename: '通知.pdf' });
  const details = (r: { coverage: { unread: Array<{ detail?: string }> } }) => r.coverage.unread.map((u) => u.detail).join('\n');

  it('an embedded font drawing 机密★5年 whose map claims 会议☆6月 (or 密级： + 机密 claimed 公开) is read as drawn: block', async () => {
    const cases: Array<[string, Uint8Array]> = [
      ['the whole marking', embeddedFontPage('', '机密★5年', '会议☆6月', '')],
      ['the level alone', embeddedFontPage('', '机密', '会议', '★5年')],
      ['a label whose value reads 公开', embeddedFontPage('密级：', '机密', '公开', '')],
    ];
    for (const [label, bytes] of cases) {
      const r = await scan(bytes);
      expect(r.verdict, label).toBe('block');
      expect(r.findings.some((f) => f.location.part === 'page-1@as-drawn'), label).toBe(true);
      expect(details(r), label).toMatch(/named by their embedded program/);
    }
  });

  it('the non-embedded Chinese font with a Unicode CMap drawing 机密 whose map claims 会议 is read as drawn: block', async () => {
    const r = await scan(unicodeCmapPage('机密★5年', '会议★5年'));
    expect(r.verdict).toBe('block');
    expect(r.findings.some((f) => f.location.part === 'page-1@as-drawn')).toBe(true);
  });

  it('a simple embedded font whose /Differences name its glyphs uni673A uni5BC6 (机密) while its map claims 会议 is read as drawn: block; a truthful map passes', async () => {
    const r = await scan(differencesPage('机密', '会议', '★5年'));
    expect(r.verdict).toBe('block');
    expect(r.findings.some((f) => f.location.part === 'page-1@as-drawn')).toBe(true);
    expect(details(r)).toMatch(/named by their embedded program/);
    const twin = await scan(differencesPage('保密', '保密', '宣传月'));
    expect(twin.verdict).toBe('pass');
    expect(twin.coverage.unread).toEqual([]);
  });

  it('a font drawing 公开 whose map claims 会议 is still a loss (review), and no marking is made up', async () => {
    const r = await scan(embeddedFontPage('密级：', '公开', '会议', ''));
    expect(r.verdict).toBe('review');
    expect(r.findings.filter((f) => f.severity === 'block')).toEqual([]);
  });

  it('twins: the same fonts whose maps agree with what they draw pass with nothing unread and no second reading', async () => {
    for (const bytes of [embeddedFontPage('', '保密', '保密', '宣传月'), unicodeCmapPage('保密宣传月', '保密宣传月'), embeddedFontPage('', '会议', '会议', '通知')]) {
      const r = await scan(bytes);
      expect(r.verdict).toBe('pass');
      expect(r.coverage.unread).toEqual([]);
    }
  });

  it('a font naming no characters whose glyphs of ten contours are claimed as Latin letters, or whose glyphs of other outlines are claimed as one ideograph: review', async () => {
    const cases: Array<[string, Uint8Array]> = [
      ['ideograph-like glyphs claimed as letters', embeddedFontPage('', 'ABCD', 'abcd', '', { names: false, contours: [10, 12, 9, 11] })],
      ['many glyphs claimed as one ideograph', embeddedFontPage('', 'ABCD', '的的的的', '', { names: false, contours: [1, 2, 3, 4] })],
    ];
    for (const [label, bytes] of cases) {
      const r = await scan(bytes);
      expect(r.verdict, label).toBe('review');
      expect(details(r), label).toMatch(/outlines that belie what their ToUnicode map claims/);
    }
  });

  it('twins: a font naming no characters whose glyphs of one or two contours are letters, or whose one outline is claimed twice, passes with nothing unread', async () => {
    for (const bytes of [embeddedFontPage('', 'ABCD', 'abcd', '', { names: false, contours: [1, 2, 3, 2] }), embeddedFontPage('', 'AB', '的的', '', { names: false, contours: [5, 5] }), embeddedFontPage('', 'AB', '通知', '', { names: false, contours: [7, 8] })]) {
      const r = await scan(bytes);
      expect(r.verdict).toBe('pass');
      expect(r.coverage.unread).toEqual([]);
    }
  });
});
