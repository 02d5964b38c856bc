/**
 * What a legacy workbook shows or keeps outside its cells' formatted text: WordArt on a sheet (the
 * MSODRAWING records' gtextUNICODE), values a number format hides (`;;;`), literal text of a
 * number format SheetJS cannot format (`机密★0年`, `G/通用格式`), first-page and even-page headers
 * (HEADERFOOTER 0x089C) and data-validation prompts (DV 0x01BE). Each marking there had passed.
 * Fixtures: make-xls-fixtures.ts (SheetJS + records written here) and make-drawing-fixtures.ts
 * (LibreOffice Calc); all committed.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS, type Extraction } from '@prepub/core';
import { createScanner, type Scanner } from '@prepub/scanner';
import { xlsExtractor } from '../src/index.ts';
import { formatLiterals, renderFormat } from '../src/xls.ts';

const ctx = { limits: DEFAULT_LIMITS };
const fixture = (name: string): Uint8Array => new Uint8Array(readFileSync(resolve(import.meta.dirname, 'fixtures', name)));
const read = (name: string): Promise<Extraction> => xlsExtractor.extract(fixture(name), ctx);
const texts = (r: Extraction) => r.parts.map((p) => [p.id, p.role, p.text]);

describe('.xls: text outside the cells’ formatted values', () => {
  it('WordArt on a sheet (MSODRAWING, gtextUNICODE) is a text-box part; its shape name alt text', async () => {
    const r = await read('xls-wordart-marking.xls');
    expect(texts(r)).toContainEqual(['wordart-1', 'text-box', '机密★5年']);
    expect(r.parts.find((p) => p.id === 'wordart-1')?.origin.detail).toBe('WordArt 1 on 植树安排');
    expect(r.parts.find((p) => p.id === 'shape-names')?.text).toBe('艺术字 1');
    expect(r.loss).toEqual([]);
  });

  it('a value its number format hides (;;;) is read beside the row as hidden text, placed at its cell', async () => {
    const r = await read('xls-format-hidden-marking.xls');
    const beside = r.parts.find((p) => p.id === 'sheet-1-beside')!;
    expect([beside.role, beside.text]).toEqual(['hidden', '机密★5年']);
    expect(beside.blocks).toEqual([expect.objectContaining({ start: 0, end: 5, kind: 'table-cell', row: 1, column: 1 })]);
    expect(r.parts.find((p) => p.id === 'sheet-1')?.text).not.toContain('机密');
  });

  it('a number format SheetJS cannot format (unquoted CJK, G/通用格式) is drawn here; its literal text is read too', async () => {
    const r = await read('xls-format-literal-marking.xls');
    expect(r.parts.find((p) => p.id === 'sheet-1')?.text.split('\n')).toEqual(['机密★5年\t防汛物资储备清单', '秘密★1年\t编袋 二千条']);
    expect(r.parts.find((p) => p.id === 'number-formats')?.text).toBe('机密★年\n秘密★年');
    expect(renderFormat('机密★0年', 5, false)).toBe('机密★5年');
    expect(renderFormat('"第"G/通用格式"期"', 3, false)).toBe('第3期');
    expect(renderFormat('#,##0.00"元"', 1280.5, false)).toBe('1,280.50元');
    expect(renderFormat('yyyy年m月d日', 45383, false)).toBeUndefined();
    expect(renderFormat(';;;', '机密★5年', true)).toBe('');
    expect(formatLiterals('[$-804]yyyy"年"m"月"d"日";@')).toBe('年月日');
  });

  it('first-page and even-page headers and footers (HEADERFOOTER) are header and footer parts', async () => {
    const r = await read('xls-first-header-marking.xls');
    const header = r.parts.find((p) => p.role === 'header')!;
    expect([header.text, header.origin.detail]).toEqual(['机密★5年', 'first-page header of 值班表']);
    expect(r.parts.find((p) => p.role === 'footer')?.origin.detail).toBe('even-page footer of 值班表');
  });

  it("data-validation titles and messages (DV) are a form-field part, as the XLSX reader's", async () => {
    const r = await read('xls-validation-marking.xls');
    const dv = r.parts.find((p) => p.id === 'sheet-1-data-validation')!;
    expect(dv.role).toBe('form-field');
    expect(dv.text.split('\n')).toEqual(['报名表!B1:', '密级', '填写有误', '机密★5年', '请填写不超过一百字的说明']);
  });
});

describe('the scanner on these workbooks', () => {
  let scanner: Scanner;
  beforeAll(async () => {
    scanner = await createScanner({ ocr: false, isolation: false });
  });
  afterAll(() => scanner.close());

  it.each([
    ['xls-wordart-marking.xls', 'block'],
    ['xls-format-hidden-marking.xls', 'block'],
    ['xls-format-literal-marking.xls', 'block'],
    ['xls-first-header-marking.xls', 'block'],
    ['xls-validation-marking.xls', 'block'],
    ['xls-formats-benign.xls', 'pass'],
  ])('%s → %s', async (file, verdict) => {
    expect((await scanner.scan(fixture(file), { filename: file })).verdict).toBe(verdict);
  });
});
