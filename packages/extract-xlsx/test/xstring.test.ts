/**
 * Excel draws `_xHHHH_` in a workbook's strings as the character it stands for (ST_Xstring): a
 * marking written with its star escaped (`机密_x2605_5年`) is read as Excel shows it, wherever the
 * workbook keeps text.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScanner, type Scanner } from '@prepub/scanner';
import { xlsx, type Cell, type SheetSpec } from '../../ooxml/test/ooxml-writer.ts';

let scanner: Scanner;
beforeAll(async () => {
  scanner = await createScanner({ ocr: false });
});
afterAll(() => scanner?.close());

const ROSTER: Cell[][] = [['江临市统计业务培训参训人员名单'], ['序号', '姓名', '单位'], [1, '王建国', '江临市财政局']];
const ESCAPED = '机密_x2605_5年';
const ALL_ESCAPED = '_x673A__x5BC6__x2605_5_x5E74_';

describe('XLSX: escaped characters (_xHHHH_) read as Excel shows them', () => {
  it.each<[string, (mark: string) => SheetSpec]>([
    ['a shared string', (mark) => ({ name: '名单', rows: [[mark], ...ROSTER] })],
    ['an inline string', (mark) => ({ name: '名单', rows: [[{ inline: mark }], ...ROSTER] })],
    ["a formula's cached string", (mark) => ({ name: '名单', rows: [[{ formula: 'A9', cached: mark }], ...ROSTER] })],
    ['the sheet name', (mark) => ({ name: mark, rows: ROSTER })],
    ['the page header', (mark) => ({ name: '名单', rows: ROSTER, header: `&C${mark}` })],
    ['a comment', (mark) => ({ name: '名单', rows: ROSTER, comments: [{ ref: 'B2', author: '办公室', text: mark }] })],
    ['a text box', (mark) => ({ name: '名单', rows: ROSTER, textBox: mark })],
  ])('in %s: blocks, escaped in part or whole', async (_where, sheet) => {
    for (const mark of [ESCAPED, ALL_ESCAPED]) {
      const r = await scanner.scan(xlsx({ sheets: [sheet(mark)] }), { filename: 'book.xlsx' });
      expect(r.verdict, mark).toBe('block');
      expect(r.findings.some((f) => f.ruleId === 'marking.cn-state-secret' && f.explanation.normalized === '机密★5年'), mark).toBe(true);
    }
  });

  it('an escaped underscore (_x005F_) keeps what follows literal: `_x2605_` shown as written is no star', async () => {
    const r = await scanner.scan(xlsx({ sheets: [{ name: '名单', rows: [['机密_x005F_x2605_5年'], ...ROSTER] }] }), { filename: 'book.xlsx' });
    expect(r.verdict).toBe('pass');
  });
});
