/**
 * A formula that joins the values of other cells (`A9&D12`, `数据!A9&数据!D12`) with no result
 * stored shows, when the workbook opens, what those cells hold joined: 机 in A9 and 密★5年 in D12
 * show 机密★5年 in the formula's cell, though no cell holds it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScanner, type Scanner } from '@prepub/scanner';
import { rewritePart, xlsx, type Cell } from '../../ooxml/test/ooxml-writer.ts';

let scanner: Scanner;
beforeAll(async () => {
  scanner = await createScanner({ ocr: false });
});
afterAll(() => scanner?.close());

const FILLER: Cell[][] = [['江临市汛期物资调度表'], ['物资', '数量'], ['沙袋', 12000], ['编织袋', 3000]];

/** A1 = `formula` (no stored result); `first` in A9 and `rest` in D12 of the sheet `where` (this one, or a hidden sheet 数据 or '表 1'). */
function book(formula: string, first: string, rest: string, where: 'here' | '数据' | '表 1' = 'here'): Uint8Array {
  // Rows 9 to 12: the two pieces among other cells.
  const tail: Cell[][] = [[first, '备注说明'], ['办公经费', 100], ['差旅费', 200], ['合计', null, null, rest]];
  const top: Cell[][] = [[{ formula, cached: '' }], ...FILLER, [null], [null], [null]];
  const sheets = where === 'here' ? [{ name: '表', rows: [...top, ...tail] }] : [{ name: '表', rows: top }, { name: where, state: 'hidden' as const, rows: [...Array.from({ length: 8 }, (): Cell[] => [null]), ...tail] }];
  return rewritePart(xlsx({ sheets }), 'xl/worksheets/sheet1.xml', (x) => x.replace('<v></v>', ''));
}
const scan = (bytes: Uint8Array) => scanner.scan(bytes, { filename: 'book.xlsx' });

describe('XLSX: a formula joining other cells\' values, no result stored', () => {
  it('A9&D12, 数据!A9&数据!D12 (a hidden sheet) and \'表 1\'!A9&\'表 1\'!D12 over 机 and 密★5年: block', async () => {
    for (const [formula, where] of [['A9&D12', 'here'], ['数据!A9&数据!D12', '数据'], ["'表 1'!$A$9&'表 1'!D12", '表 1'], ['CONCATENATE(数据!A9,数据!D12)', '数据']] as const) {
      const r = await scan(book(formula, '机', '密★5年', where));
      expect(r.verdict, formula).toBe('block');
      expect(r.findings.some((f) => f.location.part === 'xl/worksheets/sheet1.xml#referred'), formula).toBe(true);
    }
  });

  it('the same formulas over 保 and 密宣传月 pass with nothing unread', async () => {
    for (const [formula, where] of [['A9&D12', 'here'], ['数据!A9&数据!D12', '数据']] as const) {
      const r = await scan(book(formula, '保', '密宣传月', where));
      expect(r.verdict, formula).toBe('pass');
      expect(r.coverage.unread, formula).toEqual([]);
    }
  });
});
