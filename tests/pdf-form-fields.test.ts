/**
 * Text and choice fields of a PDF routing slip (发文稿纸) whose 密级 is a form field: the value
 * typed (/V), a default value (/DV), a value only the widget's appearance stream shows, and a
 * drop-down or list box of the levels. A marking in any of them blocks; a drop-down set to 非密
 * passes although 机密 is among its options. The PDFs are written here, byte by byte.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScanner, type Scanner } from '@prepub/scanner';
import { buildPdf, onePageCjk, pdfUtf16, stream, ucs2 } from '../packages/extract-pdf/test/raw-pdf.ts';

/** The slip: title, the 密级 label with the field's widget (object 7) beside it, subject line; `ap` its appearance (object 8). */
function slip(widget: string, ap?: string, more: string[] = []): Uint8Array {
  const content = [
    `BT /F2 16 Tf 250 740 Td ${ucs2('发文稿纸')} Tj ET`,
    `BT /F2 12 Tf 72 700 Td ${ucs2('密级')} Tj ET`,
    `BT /F2 12 Tf 72 670 Td ${ucs2('拟稿单位：办公室　　核稿：刘明')} Tj ET`,
    `BT /F2 12 Tf 72 640 Td ${ucs2('标题：关于调整部分岗位的通知')} Tj ET`,
  ].join('\n');
  const bodies: Array<string | Uint8Array> = [widget];
  if (ap !== undefined) bodies.push(stream('/Type /XObject /Subtype /Form /BBox [0 0 120 16] /Resources << /Font << /F2 6 0 R >> >>', `/Tx BMC BT /F2 12 Tf 2 3 Td ${ucs2(ap)} Tj ET EMC`));
  bodies.push(...more);
  return buildPdf(onePageCjk(stream('', content), { page: '/Annots [7 0 R]', catalog: '/AcroForm << /Fields [7 0 R] >>', more: bodies }));
}

const RECT = '/Rect [110 696 230 712] /F 4 /P 3 0 R';
const text = (entries: string, ap?: string) => slip(`<< /Type /Annot /Subtype /Widget /FT /Tx /T (miji) ${entries} ${RECT}${ap !== undefined ? ' /AP << /N 8 0 R >>' : ''} >>`, ap);
/** A choice field of the four levels (export values jue, ji, mi, fei); /Ff 131072 is a drop-down, 0 a list box. */
const OPTIONS = `[[(jue) ${pdfUtf16('绝密')}] [(ji) ${pdfUtf16('机密')}] [(mi) ${pdfUtf16('秘密')}] [(fei) ${pdfUtf16('非密')}]]`;
const PLAIN_OPTIONS = `[${['绝密', '机密', '秘密', '非密'].map(pdfUtf16).join(' ')}]`;
const choice = (flags: number, options: string, value: string, shown: string) => slip(`<< /Type /Annot /Subtype /Widget /FT /Ch /Ff ${flags} /T (miji) /Opt ${options} /V ${value} ${RECT} /AP << /N 8 0 R >> >>`, shown);

let scanner: Scanner;
beforeAll(async () => {
  scanner = await createScanner({ ocr: false });
});
afterAll(() => scanner.close());
const scan = (bytes: Uint8Array) => scanner.scan(bytes, { filename: '发文稿纸.pdf' });

describe('PDF text and choice fields', () => {
  it('blocks a marking typed into a text field: its value, its default value, a value inherited from the parent field', async () => {
    for (const bytes of [
      text(`/V ${pdfUtf16('机密★5年')}`, '机密★5年'),
      text(`/V ${pdfUtf16('机密★5年')}`),
      text(`/DV ${pdfUtf16('机密★5年')}`),
      slip(`<< /Type /Annot /Subtype /Widget /Parent 8 0 R ${RECT} >>`, undefined, [`<< /FT /Tx /T (miji) /V ${pdfUtf16('机密★5年')} /Kids [7 0 R] >>`]),
    ]) {
      const r = await scan(bytes);
      expect(r.verdict).toBe('block');
      expect(r.findings.some((f) => f.severity === 'block' && f.location.page === 1)).toBe(true);
    }
    expect((await scan(text(`/V ${pdfUtf16('公开')}`, '公开'))).verdict).toBe('pass');
  });

  it('blocks a marking only the widget appearance shows (no value, or an empty one), located on the widget', async () => {
    for (const entries of ['/V ()', '']) {
      const r = await scan(text(entries, '机密★5年'));
      expect(r.verdict).toBe('block');
      const f = r.findings.find((x) => x.severity === 'block')!;
      expect(f.location.page).toBe(1);
      // The widget's rectangle: x 110, 792 - 712 = 80 pt from the top.
      expect(f.location.box).toMatchObject({ x: 110, y: 80 });
    }
    // A name shown by the appearance alone is still text not read as the field: review, never pass, never block.
    const r = await scan(text('/V ()', '刘明'));
    expect(r.verdict).toBe('review');
    expect(r.findings.filter((f) => f.severity === 'block')).toEqual([]);
  });

  it('passes a drop-down or list box of the levels set to 非密, and blocks one set to a level', async () => {
    for (const flags of [131072, 0]) {
      const benign = await scan(choice(flags, OPTIONS, '(fei)', '非密'));
      expect([flags, benign.verdict, benign.findings]).toEqual([flags, 'pass', []]);
      const plain = await scan(choice(flags, PLAIN_OPTIONS, pdfUtf16('非密'), '非密'));
      expect([flags, plain.verdict, plain.findings]).toEqual([flags, 'pass', []]);
      // Fewer options: an option not chosen is no enumeration of the levels.
      for (const levels of [['非密', '机密'], ['公开', '秘密'], ['非密', '内部', '秘密', '机密']]) {
        const options = `[${levels.map(pdfUtf16).join(' ')}]`;
        const r = await scan(choice(flags, options, pdfUtf16(levels[0]), levels[0]));
        expect([flags, levels, r.verdict, r.findings]).toEqual([flags, levels, 'pass', []]);
        // Nothing chosen: a blank form.
        const blank = await scan(slip(`<< /Type /Annot /Subtype /Widget /FT /Ch /Ff ${flags} /T (miji) /Opt ${options} ${RECT} >>`));
        expect([flags, levels, blank.verdict]).toEqual([flags, levels, 'pass']);
        const set = await scan(choice(flags, options, pdfUtf16(levels[levels.length - 1]), levels[levels.length - 1]));
        expect([flags, levels, set.verdict]).toEqual([flags, levels, 'block']);
      }
      for (const [value, shown] of [['(ji)', '机密'], [pdfUtf16('秘密'), '秘密']]) {
        const r = await scan(choice(flags, value.startsWith('(') ? OPTIONS : PLAIN_OPTIONS, value, shown));
        expect([flags, shown, r.verdict]).toEqual([flags, shown, 'block']);
      }
    }
  });
});
