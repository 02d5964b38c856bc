/**
 * Number formats that draw literal text around a text value: what the cell shows is read, not only
 * the string it stores.
 */
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScanner, type Scanner } from '@prepub/scanner';
import { formatValue } from '../src/index.ts';
import { xlsx } from '../../ooxml/test/ooxml-writer.ts';

let scanner: Scanner;
beforeAll(async () => {
  scanner = await createScanner({ ocr: false });
});
afterAll(() => scanner?.close());

const STYLES_REL = '<Relationship Id="rIdStyles" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>';
const q = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

/**
 * A workbook whose A1 holds `value` (a shared string) over rows of an ordinary table. `format`:
 * A1's own number format (style 1; with `inherit`, A1 names no style and `cols` or `row` give it). `sheetTail` is written after sheetData, `stylesTail` at the end
 * of the style sheet.
 */
function book(value: string, opts: { format?: string; sheetTail?: string; stylesTail?: string; cols?: string; row?: string; inherit?: boolean } = {}): Uint8Array {
  const files = unzipSync(xlsx({ sheets: [{ name: '表', rows: [[value], ['江临市汛期物资调度表'], ['物资', '数量'], ['沙袋', 12000]] }] }));
  let sheet = strFromU8(files['xl/worksheets/sheet1.xml']);
  if (opts.format && !opts.inherit) sheet = sheet.replace('<c r="A1"', '<c r="A1" s="1"');
  if (opts.row) sheet = sheet.replace('<row r="1">', `<row r="1" ${opts.row}>`);
  if (opts.cols) sheet = sheet.replace('<sheetData>', `${opts.cols}<sheetData>`);
  if (opts.sheetTail) sheet = sheet.replace('</sheetData>', `</sheetData>${opts.sheetTail}`);
  files['xl/worksheets/sheet1.xml'] = strToU8(sheet);
  const numFmts = opts.format ? `<numFmts count="1"><numFmt numFmtId="164" formatCode="${q(opts.format)}"/></numFmts>` : '';
  files['xl/styles.xml'] = strToU8(`<?xml version="1.0"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">${numFmts}<fonts count="1"><font><sz val="11"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border/></borders><cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0"/><xf numFmtId="${opts.format ? 164 : 0}" fontId="0" fillId="0" applyNumberFormat="1"/></cellXfs>${opts.stylesTail ?? ''}</styleSheet>`);
  const rels = strFromU8(files['xl/_rels/workbook.xml.rels']);
  if (!rels.includes('styles.xml')) files['xl/_rels/workbook.xml.rels'] = strToU8(rels.replace('</Relationships>', `${STYLES_REL}</Relationships>`));
  return zipSync(files);
}

const scan = (bytes: Uint8Array) => scanner.scan(bytes, { filename: 'book.xlsx' });

describe('XLSX: a format of fewer than four sections that places text (@)', () => {
  it('draws a text value through the section holding @', () => {
    expect(formatValue('"机"@', '密★5年', true)).toBe('机密★5年');
    expect(formatValue('0;"机"@', '密★5年', true)).toBe('机密★5年');
    expect(formatValue('0;0;"机"@', '密★5年', true)).toBe('机密★5年');
    // No section places text: text shows as stored.
    expect(formatValue('"机"0', '密★5年', true)).toBeUndefined();
    expect(formatValue('"机\\@"0', '密★5年', true)).toBeUndefined();
  });

  it('"机"@ over 密★5年 shows 机密★5年: block; the same format over 密宣传月 shows 保密宣传月: pass', async () => {
    for (const format of ['"机"@', '0;"机"@', '\\机@']) {
      const r = await scan(book('密★5年', { format }));
      expect(r.verdict, format).toBe('block');
    }
    const benign = await scan(book('密宣传月', { format: '"保"@' }));
    expect(benign.verdict).toBe('pass');
    expect(benign.coverage.unread).toEqual([]);
  });
});

describe('XLSX: number formats of conditional formats', () => {
  const DXF = (format: string) => `<dxfs count="1"><dxf><numFmt numFmtId="200" formatCode="${q(format)}"/></dxf></dxfs>`;
  const RULE = '<conditionalFormatting sqref="A1:B3"><cfRule type="expression" dxfId="0" priority="1"><formula>TRUE</formula></cfRule></conditionalFormatting>';
  const X14 = (format: string) =>
    `<extLst><ext uri="{78C0D931-6437-407d-A8EE-F0AAD7539E65}" xmlns:x14="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main"><x14:conditionalFormattings><x14:conditionalFormatting xmlns:xm="http://schemas.microsoft.com/office/excel/2006/main"><x14:cfRule type="expression" priority="1" id="{00000000-0000-0000-0000-000000000001}"><xm:f>TRUE</xm:f><x14:dxf><numFmt numFmtId="200" formatCode="${q(format)}"/></x14:dxf></x14:cfRule><xm:sqref>A1 C5:D9</xm:sqref></x14:conditionalFormatting></x14:conditionalFormattings></ext></extLst>`;

  it('a rule whose style writes 机 before the text of A1 (密★5年) shows 机密★5年 while it holds: block, in the style sheet or inline in an x14 rule', async () => {
    const dxfs = await scan(book('密★5年', { sheetTail: RULE, stylesTail: DXF('"机"@') }));
    expect(dxfs.verdict).toBe('block');
    expect(dxfs.findings.map((f) => f.location.part)).toContain('xl/worksheets/sheet1.xml#formulas');
    expect((await scan(book('密★5年', { sheetTail: X14('"机"@') }))).verdict).toBe('block');
  });

  it('the same rules writing 保 before 密宣传月, and a rule over other cells, do not block, with nothing unread', async () => {
    for (const r of [await scan(book('密宣传月', { sheetTail: RULE, stylesTail: DXF('"保"@') })), await scan(book('密宣传月', { sheetTail: X14('"保"@') }))]) {
      expect(r.verdict).toBe('pass');
      expect(r.coverage.unread).toEqual([]);
    }
    // The cell shows 密★5年 alone: a level that lost a character, review (damaged-level), never block.
    const other = await scan(book('密★5年', { sheetTail: RULE.replace('A1:B3', 'C4:D9'), stylesTail: DXF('"机"@') }));
    expect(other.verdict).toBe('review');
    expect(other.findings.filter((f) => f.severity !== 'info').map((f) => f.explanation.pattern)).toEqual(['damaged-level']);
    expect(other.coverage.unread).toEqual([]);
  });
});

describe('XLSX: a cell that names no style, in a styled column or row', () => {
  // LibreOffice draws such a cell in its row's style (customFormat) or else its column's.
  const COL = '<cols><col min="1" max="1" width="20" style="1" customWidth="1"/></cols>';
  const ROW = 's="1" customFormat="1"';
  it('the column or row style writes 机 before 密★5年: block', async () => {
    expect((await scan(book('密★5年', { format: '"机"@', inherit: true, cols: COL }))).verdict).toBe('block');
    expect((await scan(book('密★5年', { format: '"机"@', inherit: true, row: ROW }))).verdict).toBe('block');
  });
  it('the same styles writing 保 before 密宣传月 pass with nothing unread', async () => {
    for (const r of [await scan(book('密宣传月', { format: '"保"@', inherit: true, cols: COL })), await scan(book('密宣传月', { format: '"保"@', inherit: true, row: ROW }))]) {
      expect(r.verdict).toBe('pass');
      expect(r.coverage.unread).toEqual([]);
    }
  });
});
