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
 * A1's own number format (style 1). `sheetTail` is written after sheetData, `stylesTail` at the end
 * of the style sheet.
 */
function book(value: string, opts: { format?: string; sheetTail?: string; stylesTail?: string; cols?: string } = {}): Uint8Array {
  const files = unzipSync(xlsx({ sheets: [{ name: '表', rows: [[value], ['江临市汛期物资调度表'], ['物资', '数量'], ['沙袋', 12000]] }] }));
  let sheet = strFromU8(files['xl/worksheets/sheet1.xml']);
  if (opts.format) sheet = sheet.replace('<c r="A1"', '<c r="A1" s="1"');
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
