/**
 * An embedded TrueType glyph without an outline draws nothing; its ToUnicode map may still claim an
 * ideograph for it. 机 + such a glyph read 开 (no width) + 密★5年 shows 机密★5年 and read 机开密★5年:
 * pass. An ideograph always has ink, so a glyph without one claimed as an ideograph is a font whose
 * map claims other characters than it draws: the page is unread (review), as for 机密 claimed 会议.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScanner, type Scanner } from '@prepub/scanner';
import { buildPdf, onePageCjk, stream, ucs2 } from './raw-pdf.ts';
import { toUnicode, trueType } from './truetype.ts';

const BODY = `BT /F2 14 Tf 72 660 Td ${ucs2('关于做好汛期物资调度工作的通知')} Tj ET BT /F2 12 Tf 72 630 Td ${ucs2('各区县应急管理局：为切实做好今年汛期物资调度工作，现将有关事项通知如下。')} Tj ET`;

/** `lead` in the page's Chinese font, then glyph 1 of an embedded font (claimed `piece`, inked or not, no width), then `tail`; `unused` more glyphs the map claims, without outlines, that the page does not draw. */
function page(lead: string, piece: string, inked: boolean, tail: string, unused = ''): Uint8Array {
  const font = trueType(piece + unused, [inked, ...[...unused].map(() => false)]);
  const x = 72 + 16 * [...lead].length;
  const top = `BT /F2 16 Tf 72 750 Td ${ucs2(lead)} Tj ET BT /F3 16 Tf ${x} 750 Td <0001> Tj ET BT /F2 16 Tf ${x} 750 Td ${ucs2(tail)} Tj ET\n`;
  return buildPdf(
    onePageCjk(stream('', top + BODY), {
      fonts: '/F3 7 0 R',
      more: [
        '<< /Type /Font /Subtype /Type0 /BaseFont /ABCDEF+Song /Encoding /Identity-H /DescendantFonts [8 0 R] /ToUnicode 9 0 R >>',
        `<< /Type /Font /Subtype /CIDFontType2 /BaseFont /ABCDEF+Song /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /FontDescriptor << /Type /FontDescriptor /FontName /ABCDEF+Song /Flags 4 /FontBBox [0 -200 1000 900] /ItalicAngle 0 /Ascent 900 /Descent -200 /CapHeight 800 /StemV 80 /FontFile2 10 0 R >> /CIDToGIDMap /Identity /DW 1000 /W [1 [0]] >>`,
        stream('', toUnicode(piece + unused)),
        stream(`/Length1 ${font.length}`, font),
      ],
    }),
  );
}

describe('PDF: a glyph without an outline claimed as an ideograph', () => {
  let scanner: Scanner;
  beforeAll(async () => {
    scanner = await createScanner({ ocr: false });
  });
  afterAll(() => scanner.close());

  it('机 + an empty glyph claimed 开 + 密★5年 (shown 机密★5年) is not pass: the font draws other text than it claims', async () => {
    const r = await scanner.scan(page('机', '开', false, '密★5年'), { filename: '通知.pdf' });
    expect(r.verdict).not.toBe('pass');
    expect(r.coverage.unread.map((u) => u.detail).join('\n')).toMatch(/named by their embedded program/);
  });

  it('a subset font whose map also claims ideographs whose outlines it left out, not drawn on the page, passes with nothing unread', async () => {
    const r = await scanner.scan(page('保', '密', true, '宣传月', '机秘绝'), { filename: '通知.pdf' });
    expect(r.verdict).toBe('pass');
    expect(r.coverage.unread).toEqual([]);
  });

  it('the same glyph with its outline (保 + 密 + 宣传月 drawn through it) passes with nothing unread', async () => {
    const r = await scanner.scan(page('保', '密', true, '宣传月'), { filename: '通知.pdf' });
    expect(r.verdict).toBe('pass');
    expect(r.coverage.unread).toEqual([]);
  });
});
