/**
 * A line a viewer shows part from the page and part from annotation appearances painted over it:
 * 机 on the page and 密★5年 drawn by a free-text box, a stamp or a note's own appearance set right
 * after it, or one free-text box per character. Each annotation is read as a part of its own, so
 * the marking read whole nowhere and the file passed; the page is now also read as shown, with the
 * appearances' glyphs placed in its lines. The PDFs are written here, byte by byte.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScanner, type Scanner } from '@prepub/scanner';
import { buildPdf, onePageCjk, pdfUtf16, stream, ucs2, type Body } from '../packages/extract-pdf/test/raw-pdf.ts';

const BODY = `BT /F2 12 Tf 16 TL 72 700 Td ${ucs2('关于做好2024年度安全生产检查工作的通知')} Tj T* ${ucs2('各科室：请于五月底前完成自查并报送办公室。')} Tj ET`;

/** `onPage` at (72, 750) in 16 pt, and annotations (objects 7, 9, …, each with its appearance after it) drawing `pieces`, each 16 pt per character, from x = `from`. */
function page(onPage: string, pieces: string[], subtype: string, from: number, extra = ''): Uint8Array {
  const more: Body[] = [];
  const refs: string[] = [];
  let x = from;
  pieces.forEach((piece, i) => {
    const w = 16 * [...piece].length;
    refs.push(`${7 + 2 * i} 0 R`);
    more.push(`<< /Type /Annot /Subtype /${subtype} /Rect [${x} 746 ${x + w} 766] /F 4 /AP << /N ${8 + 2 * i} 0 R >> ${extra} >>`);
    more.push(stream(`/Type /XObject /Subtype /Form /BBox [0 0 ${w} 20] /Resources << /Font << /F2 6 0 R >> >>`, `BT /F2 16 Tf 0 4 Td ${ucs2(piece)} Tj ET`));
    x += w;
  });
  const top = onPage ? `BT /F2 16 Tf 72 750 Td ${ucs2(onPage)} Tj ET\n` : '';
  return buildPdf(onePageCjk(stream('', top + BODY), { page: `/Annots [${refs.join(' ')}]`, more }));
}

/** `onPage` at (72, 750) in 16 pt and a one-line text field (object 7, its appearance 8) holding `value` from x = `from`. */
function withField(onPage: string, value: string, from: number): Uint8Array {
  const ap = stream('/Type /XObject /Subtype /Form /BBox [0 0 96 20] /Resources << /Font << /F2 6 0 R >> >>', `/Tx BMC BT /F2 16 Tf 0 4 Td ${ucs2(value)} Tj ET EMC`);
  const widget = `<< /Type /Annot /Subtype /Widget /FT /Tx /T (qx) /V ${pdfUtf16(value)} /Rect [${from} 746 ${from + 96} 766] /F 4 /P 3 0 R /AP << /N 8 0 R >> >>`;
  return buildPdf(onePageCjk(stream('', `BT /F2 16 Tf 72 750 Td ${ucs2(onPage)} Tj ET\n${BODY}`), { page: '/Annots [7 0 R]', catalog: '/AcroForm << /Fields [7 0 R] >>', more: [widget, ap] }));
}

let scanner: Scanner;
beforeAll(async () => {
  scanner = await createScanner({ ocr: false });
});
afterAll(() => scanner.close());
const scan = (bytes: Uint8Array) => scanner.scan(bytes, { filename: '通知.pdf' });

describe('PDF: a line drawn part by the page, part by annotation appearances', () => {
  it('a marking begun on the page and ended by a free-text box, a stamp or a note beside it, or one free-text box a character, blocks', async () => {
    const cases: Array<[string, Uint8Array]> = [
      ['free text', page('机', ['密★5年'], 'FreeText', 88)],
      ['stamp', page('机', ['密★5年'], 'Stamp', 88)],
      ['note with its own appearance', page('机', ['密★5年'], 'Text', 88, `/Contents ${pdfUtf16('已阅')}`)],
      ['a box a character', page('', [...'机密★5年'], 'FreeText', 72)],
    ];
    for (const [label, bytes] of cases) {
      const r = await scan(bytes);
      expect(r.verdict, label).toBe('block');
      expect(r.findings.map((f) => f.messageRef?.params?.marking), label).toContain('机密★5年');
      expect(r.coverage.parts.map((p) => p.id), label).toContain('page-1:as-shown');
    }
  });

  it('a comment box beside a line, or a title one box a character, passes with nothing unread', async () => {
    for (const bytes of [page('关于做好检查工作', ['已阅，同意。'], 'FreeText', 72 + 16 * 8), page('', [...'保密宣传月活动安排'], 'FreeText', 72), page('数据的', ['机密性保护'], 'Stamp', 120)]) {
      const r = await scan(bytes);
      expect(r.verdict).toBe('pass');
      expect(r.coverage.unread).toEqual([]);
    }
  });

  it('a marking begun on the page and ended by the value of a text field beside it blocks; a name or prose so set passes', async () => {
    const marked = await scan(withField('机', '密★5年', 88));
    expect(marked.verdict).toBe('block');
    expect(marked.findings.map((f) => f.messageRef?.params?.marking)).toContain('机密★5年');
    for (const bytes of [withField('申请人：', '张伟', 136), withField('数据的', '机密性保护', 120)]) {
      const r = await scan(bytes);
      expect(r.verdict).toBe('pass');
      expect(r.coverage.unread).toEqual([]);
    }
  });
});
