/**
 * A name one letter away from one a reader knows, where the dictionary lacks the name it resembles,
 * is damage: what it named was not read as the file meant it, so the file is not called completely
 * read. Names a file chooses itself, the specification's names pdf.js never spells, case variants
 * and glyph or program identifiers are not damage.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS, type Extraction } from '@prepub/core';
import { createPdfExtractor } from '../src/index.ts';
import { meantName } from '../src/damaged-names.ts';
import { buildPdf, linesContent, onePage, onePageCjk, pdfString, stream } from './raw-pdf.ts';

const extractor = createPdfExtractor({ renderPages: false });
const extract = (bytes: Uint8Array) => extractor.extract(bytes, { limits: DEFAULT_LIMITS, filename: 'x.pdf' });
const body = stream('', linesContent(['Quarterly supply report', 'All figures are final.']));
const damage = (x: Extraction) => (x.loss ?? []).filter((l) => /^Names damaged/.test(l.detail));

describe('meantName', () => {
  it('names the key a one-letter change came from', () => {
    expect(meantName('FontDescriptoq')).toBe('FontDescriptor');
    expect(meantName('Typf')).toBe('Type');
    expect(meantName('JavaScripu')).toBe('JavaScript');
    expect(meantName('WinAnsiEncodinh')).toBe('WinAnsiEncoding');
    expect(meantName('Typeq')).toBe('Type0');
  });
  it('does not take a known name, a case variant, a digit, a short name or a glyph name for damage', () => {
    for (const n of ['FontDescriptor', 'SubType', 'Strikeout', 'Type2', 'Wx', 'R112', 'MaxWidth', 'Leading', 'Strong', 'Data', 'Flash', 'Sect']) expect(meantName(n), n).toBeUndefined();
  });
  it('is no damage where the dictionary holds the name it resembles', () => {
    expect(meantName('Typf', (n) => n === 'Type')).toBeUndefined();
  });
});

describe('damaged names in a file', () => {
  it('a renamed key and a renamed value are a loss that names both, and their objects', async () => {
    const pdf = buildPdf(onePage(body, { page: '/Thumc 6 0 R', more: ['<< /Typf /XObject /Subtype /Imagf /Width 1 /Height 1 >>'] }));
    const d = damage(await extract(pdf));
    expect(d).toHaveLength(1);
    expect(d[0].count).toBe(3);
    expect(d[0].detail).toContain('/Thumc in object 3 0 (where readers expect /Thumb)');
    expect(d[0].detail).toContain('/Typf in object 6 0');
    expect(d[0].detail).toContain('/Subtype /Imagf in object 6 0 (where readers expect /Image)');
  });

  it('a script action without its /JS, and a crypt filter /CF does not define, are losses', async () => {
    const pdf = buildPdf(onePage(body, { catalog: '/OpenAction 6 0 R', more: ['<< /Type /Action /S /JavaScript /JQ (app.alert\\(1\\)) >>', '<< /CF << /StdCG << /CFM /AESV2 >> >> /StmF /StdCF /StrF /Identity >>'] }));
    const detail = damage(await extract(pdf))[0]?.detail ?? '';
    expect(detail).toContain('no /JS in object 6 0');
    expect(detail).toContain('/StmF /StdCF in object 7 0 names a crypt filter its /CF does not define');
    expect(detail).not.toContain('/StrF');
  });

  it('a subset font without its glyph program is a loss; a font not subset may travel without one', async () => {
    const descriptor = (name: string, file: string) => `<< /Type /FontDescriptor /FontName /${name} /Flags 4 /FontBBox [0 0 1000 1000] /ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 700 /StemV 80 ${file} >>`;
    const fonts = (name: string, file: string) => buildPdf(onePage(body, { fonts: '/F2 6 0 R', more: [`<< /Type /Font /Subtype /TrueType /BaseFont /${name} /FirstChar 32 /LastChar 32 /Widths [250] /FontDescriptor 7 0 R >>`, descriptor(name, file), stream('/Length1 0', '')] }));
    expect(damage(await extract(fonts('ABCDEF+SimSun', '')))[0]?.detail).toContain('the font /ABCDEF+SimSun in object 6 0 is a subset (its name says so) but embeds no glyph program');
    expect(damage(await extract(fonts('ABCDEF+SimSun', '/FontFile2 8 0 R')))).toEqual([]);
    expect(damage(await extract(fonts('SimSun', '')))).toEqual([]);
  });

  it("a font's own names: a /Type other than /Font, an encoding no reader has, a descriptor without /FontBBox", async () => {
    const withFont = (font: string, more: string[] = []) => buildPdf(onePage(body, { fonts: '/F2 6 0 R', more: [font, ...more] }));
    const detail = async (font: string, more: string[] = []) => damage(await extract(withFont(font, more)))[0]?.detail ?? '';
    expect(await detail('<< /Type /Xqzw /Subtype /Type1 /BaseFont /Helvetica >>')).toContain('the font in object 6 0 has /Type /Xqzw, not /Font');
    expect(await detail('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /Qwertyuiopasdfg >>')).toContain('names the encoding /Qwertyuiopasdfg, which no reader has');
    expect(await detail('<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /Xxxxx-UCS2-H /DescendantFonts [] >>')).toContain('names the encoding /Xxxxx-UCS2-H');
    for (const fine of ['/Subtype /Type1 /BaseFont /Helvetica /Encoding /MacRomanEncoding', '/Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H /DescendantFonts []', '/Subtype /TrueType /BaseFont /SimSun /Encoding /Identity-H']) {
      expect(await detail(`<< /Type /Font ${fine} >>`), fine).toBe('');
    }
    const descriptor = '<< /Type /FontDescriptor /FontName /SimSun /Flags 4 /ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 700 /StemV 80 >>';
    expect(await detail('<< /Type /Font /Subtype /TrueType /BaseFont /SimSun /FontDescriptor 7 0 R >>', [descriptor])).toContain('has a descriptor without /FontBBox');
    expect(await detail('<< /Type /Font /Subtype /Type3 /BaseFont /G /FontDescriptor 7 0 R /CharProcs << >> /Encoding << /Differences [] >> /FontMatrix [0.001 0 0 0.001 0 0] >>', [descriptor])).toBe('');
  });

  it('a CIDFont without its /FontDescriptor is a loss (pdf.js reads its codes as a simple font\'s); with it, none', async () => {
    const cjk = onePageCjk(body);
    expect(damage(await extract(buildPdf(cjk)))).toEqual([]);
    const bare = cjk.map((b) => (typeof b === 'string' ? b.replace('/FontDescriptor <<', '/Xgwzxpzbnazxai <<') : b));
    expect(damage(await extract(buildPdf(bare)))[0]?.detail).toContain('is a CIDFont without the /FontDescriptor every CIDFont has');
  });

  it('a page without a /MediaBox, its own or inherited, is a loss; one it inherits is not', async () => {
    const noBox = onePage(body).map((b, i) => (i === 2 && typeof b === 'string' ? b.replace('/MediaBox [0 0 612 792] ', '') : b));
    expect(damage(await extract(buildPdf(noBox)))[0]?.detail).toContain('the page object 3 0 has no /MediaBox, its own or inherited');
    const inherited = noBox.map((b, i) => (i === 1 && typeof b === 'string' ? b.replace('/Count 1', '/Count 1 /MediaBox [0 0 612 792]') : b));
    expect(damage(await extract(buildPdf(inherited)))).toEqual([]);
  });

  it('an annotation of a kind no reader knows is a loss; the specification\'s kinds are not', async () => {
    const withAnnot = (kind: string) => buildPdf(onePage(body, { page: '/Annots [6 0 R]', more: [`<< /Type /Annot /Subtype /${kind} /Rect [0 0 100 20] /Name /TopSecret >>`] }));
    expect(damage(await extract(withAnnot('Xyzzw')))[0]?.detail).toContain('object 6 0 is an annotation of the unknown kind /Xyzzw: no reader draws it');
    expect(damage(await extract(withAnnot('Stamp')))).toEqual([]);
  });

  it('what a page asks painted and no reader can paint: a kid of the page tree of no type, a picture without its size, a pattern without its type', async () => {
    const edit = (i: number, from: string, to: string) => buildPdf(onePage(body).map((b, k) => (k === i && typeof b === 'string' ? b.replace(from, to) : b)));
    expect(damage(await extract(edit(2, '/Type /Page ', '/Qggh /Page ')))[0]?.detail).toContain('the page tree names object 3 0, of no type, where a page or a page tree node belongs');
    expect(damage(await extract(edit(2, '/Type /Page ', '/Type /Dfes ')))[0]?.detail).toContain('the page tree names object 3 0, of the type /Dfes');
    const picture = (size: string) => buildPdf(onePage(stream('', 'q 100 0 0 30 72 700 cm /Im1 Do Q'), { page: '', more: [stream(`/Type /XObject /Subtype /Image ${size} /ColorSpace /DeviceGray /BitsPerComponent 8`, '\x00')] }).map((b, k) => (k === 2 && typeof b === 'string' ? b.replace('>> >> /Contents', '>> /XObject << /Im1 6 0 R >> >> /Contents') : b)));
    expect(damage(await extract(picture('/Snawb 1 /Height 1')))[0]?.detail).toContain('the picture object 6 0 has no /Width or /Height');
    expect(damage(await extract(picture('/Width 1 /Height 1')))).toEqual([]);
    const pattern = (type: string) => buildPdf(onePage(body).map((b, k) => (k === 2 && typeof b === 'string' ? b.replace('>> >> /Contents', `>> /Pattern << /P1 << ${type} /PaintType 1 /TilingType 1 /BBox [0 0 10 10] /XStep 10 /YStep 10 >> >> >> /Contents`) : b)));
    expect(damage(await extract(pattern('/Vzlhsxjrsxq 1')))[0]?.detail).toContain('the pattern /P1 in object 3 0 has no /PatternType 1 or 2');
    expect(damage(await extract(pattern('/PatternType 1')))).toEqual([]);
  });

  it('names the file chooses are not damage: resources, information keys, structure roles, private data', async () => {
    const pdf = buildPdf([
      ...onePage(body, { fonts: '/Fonx 4 0 R', catalog: '/StructTreeRoot 7 0 R /PieceInfo << /Typf << /LastModified (D:20240101) /Private << /Typf 1 /Subtypf 2 >> >> >>' }),
      `<< /Title ${pdfString('Report')} /Typg (internal) /Subject (x) >>`,
      '<< /Type /StructTreeRoot /K 8 0 R /RoleMap << /Foot /Sect >> >>',
      // A role of the file's own; one letter from /Root, which matters only where /S names an action.
      '<< /Type /StructElem /S /Foot /P 7 0 R >>',
    ], '/Info 6 0 R');
    const x = await extract(pdf);
    expect(damage(x)).toEqual([]);
  });

  it('an intact file has none', async () => {
    expect(damage(await extract(buildPdf(onePage(body))))).toEqual([]);
  });
});
