/**
 * A number format draws a currency symbol's text where it stands (`[$机密-804]"★5年"`) and draws a
 * number by the section whose condition it meets (`[>100]"公开";"机密★5年"` over 5): what the cell
 * shows is read at the cell.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScanner, type Scanner } from '@prepub/scanner';
import { currencyLiterals, formatValue } from '@prepub/ooxml';
import { addLinkedParts, rewritePart, xlsx, type Cell } from '../../ooxml/test/ooxml-writer.ts';

let scanner: Scanner;
beforeAll(async () => {
  scanner = await createScanner({ ocr: false });
});
afterAll(() => scanner?.close());

const ROWS: Cell[][] = [['江临市汛期物资调度表'], ['物资', '数量'], ['沙袋', 12000]];
const STYLES = (code: string) =>
  `<?xml version="1.0"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="1"><numFmt numFmtId="164" formatCode="${code.replace(/&/g, '&amp;').replace(/"/g, '&quot;')}"/></numFmts><fonts count="1"><font><sz val="11"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><cellXfs count="2"><xf fontId="0" fillId="0"/><xf numFmtId="164" fontId="0" fillId="0" applyNumberFormat="1"/></cellXfs></styleSheet>`;

/** A1 holds the number `value` in a style whose number format is `code`. */
function book(code: string, value = 5): Uint8Array {
  const bytes = rewritePart(xlsx({ sheets: [{ name: '表', rows: [[0], ...ROWS] }] }), 'xl/worksheets/sheet1.xml', (x) => x.replace('<c r="A1"><v>0</v></c>', `<c r="A1" s="1"><v>${value}</v></c>`));
  return addLinkedParts(bytes, 'xl/workbook.xml', { 'xl/styles.xml': STYLES(code) }, [['styles', 'styles.xml']]);
}

describe('XLSX: currency symbols and conditional sections of number formats', () => {
  it('draws currency symbols as literals and numbers by their conditions', () => {
    expect(currencyLiterals('[$机密-804]"★5年"')).toBe('"机密""★5年"');
    expect(currencyLiterals('[$-804]0"年";"[$x]"')).toBe('0"年";"[$x]"');
    expect(formatValue('[$机密★-804]0"年"', '5', false)).toBe('机密★5年');
    expect(formatValue('[>100]"公开";"机密★5年"', '5', false)).toBe('机密★5年');
    expect(formatValue('[>100]"机密★5年";"公开"', '200', false)).toBe('机密★5年');
    expect(formatValue('[<0]"负";[>100]"大";"其他"', '5', false)).toBe('其他');
    expect(formatValue('0"年"', '5', false)).toBe('5年');
  });

  it('[$机密-804]"★5年", [$机密★-804]0"年", [$机密★5年-804] and [>100]"公开";"机密★5年" over 5 block at A1', async () => {
    for (const code of ['[$机密-804]"★5年"', '[$机密★-804]0"年"', '[$机密★5年-804]', '[>100]"公开";"机密★5年"']) {
      const r = await scanner.scan(book(code), { filename: 'book.xlsx' });
      expect(r.verdict, code).toBe('block');
      expect(r.findings.some((f) => f.location.part === 'xl/worksheets/sheet1.xml' && f.severity === 'block'), code).toBe(true);
    }
  });

  it('a date format with literal text draws the date: "机密★"yyyy"年"m"月"d"日" over 46022 shows 机密★2025年12月31日 and blocks; a plain date passes', async () => {
    expect(formatValue('"机密★"yyyy"年"m"月"d"日"', '46022', false)).toBe('机密★2025年12月31日');
    expect(formatValue('"机密★"d"年"', '5', false)).toBe('机密★5年');
    expect(formatValue('h:mm"时"', '0.5', false)).toBe('12:00时');
    const r = await scanner.scan(book('"机密★"yyyy"年"m"月"d"日"', 46022), { filename: 'book.xlsx' });
    expect(r.verdict).toBe('block');
    expect(r.findings.some((f) => f.location.part === 'xl/worksheets/sheet1.xml' && (f.explanation.normalized ?? '').startsWith('机密★2025年12月31日'))).toBe(true);
    const plain = await scanner.scan(book('yyyy"年"m"月"d"日"', 46022), { filename: 'book.xlsx' });
    expect(plain.verdict).toBe('pass');
    expect(plain.coverage.unread).toEqual([]);
  });

  it('the same formats writing 保 before 密宣传月 pass with nothing unread', async () => {
    for (const code of ['[$保-804]"密宣传月"', '[>100]"公开";"保密宣传月"']) {
      const r = await scanner.scan(book(code), { filename: 'book.xlsx' });
      expect(r.verdict, code).toBe('pass');
      expect(r.coverage.unread, code).toEqual([]);
    }
  });
});
