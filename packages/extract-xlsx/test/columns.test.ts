/**
 * One-character cells down a column beside a table's other columns (机 密 ★ 5 年 in A1–A5) show a
 * vertical line: read a row at a time, each was a character among other cells, and it passed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScanner, type Scanner } from '@prepub/scanner';
import { columnRuns } from '@prepub/ooxml';
import { xlsx, type Cell } from '../../ooxml/test/ooxml-writer.ts';

let scanner: Scanner;
beforeAll(async () => {
  scanner = await createScanner({ ocr: false });
});
afterAll(() => scanner?.close());

const RIGHT = ['江临市汛期物资调度表', '物资', '沙袋', '编织袋', '铁锹'];
const book = (chars: string[]) => xlsx({ sheets: [{ name: '表', rows: chars.map((c, i): Cell[] => [c, RIGHT[i] ?? '备注']) }] });

describe('XLSX: one-character cells read down their column', () => {
  it('finds runs of two and more in consecutive rows beside other cells', () => {
    const cells = [...'机密★5年'].map((value, i) => ({ row: i + 1, column: 1, value })).concat({ row: 1, column: 2, value: '表' }, { row: 7, column: 1, value: '甲' });
    expect(columnRuns(cells).map((r) => r.map((c) => c.value).join(''))).toEqual(['机密★5年']);
    expect(columnRuns([{ row: 1, column: 1, value: '机' }, { row: 2, column: 1, value: '密' }])).toEqual([]);
  });

  it('机 密 ★ 5 年 down column A beside a table blocks, located in the column', async () => {
    const r = await scanner.scan(book([...'机密★5年']), { filename: 'book.xlsx' });
    expect(r.verdict).toBe('block');
    expect(r.findings.some((f) => f.location.part === 'xl/worksheets/sheet1.xml#columns' && f.severity === 'block')).toBe(true);
  });

  it('保 密 宣 传 月 so written, and a column of 男/女, pass with nothing unread', async () => {
    for (const chars of [[...'保密宣传月'], ['男', '女', '男', '男', '女']]) {
      const r = await scanner.scan(book(chars), { filename: 'book.xlsx' });
      expect(r.verdict, chars.join('')).toBe('pass');
      expect(r.coverage.unread).toEqual([]);
    }
  });
});
