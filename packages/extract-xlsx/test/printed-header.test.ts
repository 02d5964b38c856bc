/**
 * A header or footer prints what its codes stand for: `&A` the sheet's name, `&F` the file's,
 * `&P`/`&N` page numbers. `&L机&A` on a sheet named 密★5年 prints 机密★5年 at the top of every page.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScanner, type Scanner } from '@prepub/scanner';
import { addLinkedParts, rewritePart, xlsx, type Cell } from '../../ooxml/test/ooxml-writer.ts';
import { printedCodes } from '../src/index.ts';

let scanner: Scanner;
beforeAll(async () => {
  scanner = await createScanner({ ocr: false });
});
afterAll(() => scanner?.close());

const ROWS: Cell[][] = [['江临市汛期物资调度表'], ['物资', '数量'], ['沙袋', 12000], ['编织袋', 3000]];

/** One sheet named `sheet` whose odd-page header is `header` (codes as Excel writes them). */
const book = (sheet: string, header: string) =>
  rewritePart(xlsx({ sheets: [{ name: sheet, rows: ROWS }] }), 'xl/worksheets/sheet1.xml', (x) => x.replace('</worksheet>', `<headerFooter><oddHeader>${header.replace(/&/g, '&amp;')}</oddHeader></headerFooter></worksheet>`));

describe('XLSX: header and footer codes filled in as printed', () => {
  it('writes &A, &F, &P and &N as what they print; font names, && and other codes stay', () => {
    expect(printedCodes('&L机&A', '密★5年')).toBe('&L机密★5年');
    expect(printedCodes('&C&"宋体,加粗"&A&&&F', 'A&B', '清单.xlsx')).toBe('&C&"宋体,加粗"A&&B&&清单.xlsx');
    expect(printedCodes('第&P页 共&N页&K FF0000', '表')).toBe('第1页 共1页&K FF0000');
    expect(printedCodes('&"Arial,&A"x', '表')).toBe('&"Arial,&A"x');
  });

  it('&L机&A on a sheet named 密★5年 blocks, in the header; &L&"宋体,加粗"&A★5年 on a sheet named 机密 too', async () => {
    for (const [sheet, header] of [['密★5年', '&L机&A'], ['机密', '&L&"宋体,加粗"&A★5年']]) {
      const r = await scanner.scan(book(sheet, header), { filename: 'book.xlsx' });
      expect(r.verdict, header).toBe('block');
      expect(r.findings.some((f) => f.location.part === 'xl/worksheets/sheet1.xml#header' && f.severity === 'block'), header).toBe(true);
    }
  });

  it('a chart sheet prints its header too: &L机&A on a chart sheet named 密★5年 blocks, in its header', async () => {
    let bytes = rewritePart(xlsx({ sheets: [{ name: '表', rows: ROWS }] }), 'xl/workbook.xml', (x) => x.replace('</sheets>', '<sheet name="密★5年" sheetId="2" r:id="rIdLinked0"/></sheets>'));
    const chartsheet = '<?xml version="1.0"?><chartsheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetViews><sheetView workbookViewId="0"/></sheetViews><headerFooter><oddHeader>&amp;L机&amp;A</oddHeader></headerFooter></chartsheet>';
    bytes = addLinkedParts(bytes, 'xl/workbook.xml', { 'xl/chartsheets/sheet1.xml': chartsheet }, [['chartsheet', 'chartsheets/sheet1.xml']]);
    const r = await scanner.scan(bytes, { filename: 'book.xlsx' });
    expect(r.verdict).toBe('block');
    expect(r.findings.some((f) => f.location.part === 'xl/chartsheets/sheet1.xml#header' && f.severity === 'block')).toBe(true);
  });

  it('&L保&A on a sheet named 密宣传月 prints 保密宣传月: pass, nothing unread', async () => {
    const r = await scanner.scan(book('密宣传月', '&L保&A&R第&P页'), { filename: 'book.xlsx' });
    expect(r.verdict).toBe('pass');
    expect(r.coverage.unread).toEqual([]);
  });
});
