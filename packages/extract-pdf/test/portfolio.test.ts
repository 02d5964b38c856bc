/**
 * A PDF portfolio (collection) lists its files as a table whose columns the catalog's
 * /Collection /Schema names and each file specification's /CI fills: Acrobat shows 密级 | 机密 beside
 * the file. The value was read only as a leftover string (机密 alone, review); the column's name
 * and value are now read together, as the row shows them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScanner, type Scanner } from '@prepub/scanner';
import { buildPdf, onePageCjk, pdfUtf16, stream, ucs2 } from './raw-pdf.ts';

let scanner: Scanner;
beforeAll(async () => {
  scanner = await createScanner({ ocr: false });
});
afterAll(async () => {
  await scanner.close();
});

const BODY = `BT 0 g /F2 14 Tf 72 660 Td ${ucs2('汛期物资报送材料汇编')} Tj ET`;
const file = Buffer.from('各单位：请按时报送汛期物资储备情况。\n', 'utf8').toString('latin1');

/** A portfolio of one file whose column `column` (a text field, or a subitem with a prefix) holds `value`. */
const portfolio = (column: string, value: string, subitem = false) =>
  buildPdf(
    onePageCjk(stream('', BODY), {
      catalog:
        `/Names << /EmbeddedFiles << /Names [(a.txt) 7 0 R] >> >> /Collection << /Type /Collection /View /D /Schema << /Type /CollectionSchema ` +
        `/FN << /Subtype /F /N (Name) /O 0 >> /C1 << /Type /CollectionField /Subtype /S /N ${pdfUtf16(column)} /O 1 >> >> >>`,
      more: [
        `<< /Type /Filespec /F (a.txt) /UF ${pdfUtf16('物资报送.txt')} /EF << /F 8 0 R >> /CI << /Type /CollectionItem /C1 ${subitem ? `<< /Type /CollectionSubitem /D ${pdfUtf16(value)} >>` : pdfUtf16(value)} >> >>`,
        stream('/Type /EmbeddedFile', file),
      ],
    }),
  );

describe('PDF portfolio columns', () => {
  it('a file listed with 密级 | 机密 blocks, as a text or as a subitem', async () => {
    for (const subitem of [false, true]) {
      const r = await scanner.scan(portfolio('密级', '机密', subitem), { filename: '汇编.pdf' });
      expect(r.verdict, String(subitem)).toBe('block');
      expect(r.findings.some((f) => f.location.part === 'attachment:collection-1'), String(subitem)).toBe(true);
    }
  });

  it('a column 备注 | 保密宣传月材料, or 密级 | 公开, passes with nothing unread', async () => {
    for (const [column, value] of [['备注', '保密宣传月材料'], ['密级', '公开']]) {
      const r = await scanner.scan(portfolio(column, value), { filename: '汇编.pdf' });
      expect(r.verdict, value).toBe('pass');
      expect(r.coverage.unread, value).toEqual([]);
    }
  });
});
