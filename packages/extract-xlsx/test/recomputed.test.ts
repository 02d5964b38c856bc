/**
 * What a formula cell shows when Excel computes it on opening: a shared formula moved to each cell
 * that uses it, and a stored result that is no proof where the workbook is computed again.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScanner, type Scanner } from '@prepub/scanner';
import { rewritePart, xlsx, type Cell } from '../../ooxml/test/ooxml-writer.ts';
import { elementFormula, shiftFormula } from '../src/index.ts';

let scanner: Scanner;
beforeAll(async () => {
  scanner = await createScanner({ ocr: false });
});
afterAll(() => scanner?.close());

const FILLER: Cell[][] = [['江临市汛期物资调度表'], ['物资', '数量'], ['沙袋', 12000], ['编织袋', 3000]];
const scan = (bytes: Uint8Array) => scanner.scan(bytes, { filename: 'book.xlsx' });

/** A1 = 公开, A2 = `piece`; B1 writes the shared formula A1&`rest` (stored: 公开…), B2 uses it with an empty stored result. */
function sharedDown(piece: string, rest: string): Uint8Array {
  const bytes = xlsx({ sheets: [{ name: '表', rows: [['公开'], [piece], ...FILLER] }] });
  const f = `A1&amp;"${rest}"`;
  return rewritePart(bytes, 'xl/worksheets/sheet1.xml', (x) =>
    x
      .replace(/(<row r="1"><c r="A1" t="s"><v>\d+<\/v><\/c>)/, `$1<c r="B1" t="str"><f t="shared" ref="B1:B2" si="0">${f}</f><v>公开${rest}</v></c>`)
      .replace(/(<row r="2"><c r="A2" t="s"><v>\d+<\/v><\/c>)/, '$1<c r="B2" t="str"><f t="shared" si="0"/><v></v></c>'),
  );
}

/** A1 = 公开, A2 = `piece`; B1:B2 hold the array formula A1:A2&`rest` (B1 stores 公开…, B2 an empty result). */
function arrayDown(piece: string, rest: string): Uint8Array {
  const bytes = xlsx({ sheets: [{ name: '表', rows: [['公开'], [piece], ...FILLER] }] });
  return rewritePart(bytes, 'xl/worksheets/sheet1.xml', (x) =>
    x
      .replace(/(<row r="1"><c r="A1" t="s"><v>\d+<\/v><\/c>)/, `$1<c r="B1" t="str"><f t="array" ref="B1:B2">A1:A2&amp;"${rest}"</f><v>公开${rest}</v></c>`)
      .replace(/(<row r="2"><c r="A2" t="s"><v>\d+<\/v><\/c>)/, '$1<c r="B2" t="str"><v></v></c>'),
  );
}

/** A1 = `formula` with the stored result `stored`; `calcPr` written into the workbook when given. */
function stale(formula: string, stored: string, calcPr?: string): Uint8Array {
  let bytes = xlsx({ sheets: [{ name: '表', rows: [[{ formula, cached: stored }], ...FILLER] }] });
  if (calcPr) bytes = rewritePart(bytes, 'xl/workbook.xml', (x) => x.replace('</workbook>', `${calcPr}</workbook>`));
  return bytes;
}

describe('XLSX: what formulas show once computed', () => {
  it('moves a shared formula\'s relative references to the cell using it', () => {
    expect(shiftFormula('A1&"密★5年"', 1, 0)).toBe('A2&"密★5年"');
    expect(shiftFormula('$A1&A$1&$A$1&"A1"', 2, 1)).toBe('$A3&B$1&$A$1&"A1"');
    expect(shiftFormula('LOG10(A1)+SUM(A:B)+SUM(1:2)', 1, 1)).toBe('LOG10(B2)+SUM(B:C)+SUM(2:3)');
    expect(shiftFormula("'Sheet A1'!A1&表1[A1]&Sheet2!B3", 1, 1)).toBe("'Sheet A1'!B2&表1[A1]&Sheet2!C4");
  });

  it('B2 using B1\'s shared A1&"密★5年" shows A2&"密★5年": over 机 in A2 it blocks, at B2', async () => {
    const r = await scan(sharedDown('机', '密★5年'));
    expect(r.verdict).toBe('block');
    expect(r.findings.some((f) => f.location.part === 'xl/worksheets/sheet1.xml#referred')).toBe(true);
  });

  it('an array formula fills its range element by element: A1:A2&"密★5年" over B1:B2 shows A2&"密★5年" in B2', async () => {
    expect(elementFormula('A1:A2&"密★5年"', 1, 0)).toBe('A2&"密★5年"');
    expect(elementFormula('$A$1:$B$1&表!C1:C3&"A1:A2"', 2, 1)).toBe('B1&表!C3&"A1:A2"');
    expect(elementFormula('A1:A2&"x"', 3, 0)).toBe('#N/A&"x"');
    const r = await scan(arrayDown('机', '密★5年'));
    expect(r.verdict).toBe('block');
    expect(r.findings.some((f) => f.location.part === 'xl/worksheets/sheet1.xml#referred' && f.explanation.normalized === '机密★5年')).toBe(true);
    const twin = await scan(arrayDown('保', '密宣传月'));
    expect(twin.verdict).toBe('pass');
    expect(twin.coverage.unread).toEqual([]);
  });

  it('an array formula over a range too large to work out cell by cell is a loss; a numeric one is not', async () => {
    const big = (formula: string) => rewritePart(xlsx({ sheets: [{ name: '表', rows: [['公开'], ...FILLER] }] }), 'xl/worksheets/sheet1.xml', (x) => x.replace(/(<row r="1"><c r="A1" t="s"><v>\d+<\/v><\/c>)/, `$1<c r="B1" t="str"><f t="array" ref="B1:B30000">${formula}</f><v>公开</v></c>`));
    const r = await scan(big('A1:A30000&amp;"密★5年"'));
    expect(r.verdict).toBe('review');
    expect(r.coverage.unread.some((u) => /B1 \(B1:B30000\)/.test(u.detail) && /too large/.test(u.detail))).toBe(true);
    const numeric = await scan(big('C1:C30000*2'));
    expect(numeric.coverage.unread).toEqual([]);
  });

  it('the same shared formula over 保 and 密宣传月 passes with nothing unread', async () => {
    const r = await scan(sharedDown('保', '密宣传月'));
    expect(r.verdict).toBe('pass');
    expect(r.coverage.unread).toEqual([]);
  });

  it('REPLACE("机X密★5年",2,1,"") over a stored 公开 blocks; over 保X密宣传月 it passes', async () => {
    expect((await scan(stale('REPLACE("机X密★5年",2,1,"")', '公开'))).verdict).toBe('block');
    const r = await scan(stale('REPLACE("保X密宣传月",2,1,"")', '公开'));
    expect(r.verdict).toBe('pass');
    expect(r.coverage.unread).toEqual([]);
  });

  it('a function not read here given words: its stored result counts only where Excel shows it as stored', async () => {
    const formula = '_xlfn.REGEXREPLACE("机X密★5年","X","")';
    // No calcPr (library-written), an older engine, or fullCalcOnLoad: computed again on opening.
    for (const calcPr of [undefined, '<calcPr calcId="171027"/>', '<calcPr calcId="191029" fullCalcOnLoad="1"/>']) {
      const r = await scan(stale(formula, '公开', calcPr));
      expect(r.verdict, calcPr).toBe('review');
      expect(r.coverage.unread.some((u) => /A1/.test(u.detail) && /functions not read here/.test(u.detail)), calcPr).toBe(true);
    }
    // Saved by today's Excel, not to be computed again: the stored 公开 is what the cell shows.
    expect((await scan(stale(formula, '公开', '<calcPr calcId="191029"/>'))).verdict).toBe('pass');
  });

  it('a join of a read literal and a function not read here is not read whole', async () => {
    const r = await scan(rewritePart(stale('"机"&_xlfn.REGEXREPLACE("X密★5年","X","")', ''), 'xl/worksheets/sheet1.xml', (x) => x.replace('<v></v>', '')));
    expect(r.verdict).toBe('review');
    expect(r.coverage.unread.some((u) => /functions not read here/.test(u.detail))).toBe(true);
  });
});
