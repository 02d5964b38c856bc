/**
 * Excel draws `_xHHHH_` in a workbook's strings as the character it stands for (ST_Xstring): a
 * marking written with its star escaped (`机密_x2605_5年`) is read as Excel shows it, wherever the
 * workbook keeps text.
 */
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
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

  it('part names stay as written: a sheet whose part name holds `_x0031_` is found through its relationship', async () => {
    const files = unzipSync(xlsx({ sheets: [{ name: '名单', rows: [['机密★5年'], ...ROSTER] }] }));
    const renamed: Record<string, Uint8Array> = {};
    for (const [name, data] of Object.entries(files)) {
      const to = name === 'xl/worksheets/sheet1.xml' ? 'xl/worksheets/sheet_x0031_.xml' : name;
      const text = /\.(rels|xml)$/.test(name) ? strToU8(strFromU8(data).replace(/sheet1\.xml/g, 'sheet_x0031_.xml')) : data;
      renamed[to] = text;
    }
    const r = await scanner.scan(zipSync(renamed), { filename: 'book.xlsx' });
    expect(r.coverage.unread).toEqual([]);
    expect(r.verdict).toBe('block');
  });

  it('an escaped underscore (_x005F_) keeps what follows literal: `_x2605_` shown as written is no star', async () => {
    const r = await scanner.scan(xlsx({ sheets: [{ name: '名单', rows: [['机密_x005F_x2605_5年'], ...ROSTER] }] }), { filename: 'book.xlsx' });
    expect(r.verdict).toBe('pass');
  });
});
