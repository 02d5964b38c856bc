/**
 * SYLK (.slk) and DIF (.dif), the spreadsheet interchange text Excel and LibreOffice Calc write
 * (Calc: "Save as SYLK", "Save as DIF"). A roster whose top rows hold `密级` | `机密` and
 * `保密期限` | `5年` in two cells each blocks as an .xlsx or .csv; saved as SYLK or DIF (UTF-8) it
 * passed, since read as plain text each cell stood on a line of its own among the record syntax
 * (`C;X2;Y1;K"机密"`) and the label never met its value. Both are now read as the grid they open
 * as (`body@sylk`, `body@dif`); the same roster with `公开` as its value passes. The files are
 * written here as Calc writes them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScanner, type Scanner } from '../../scanner/src/index.ts';
import { difReading, sylkReading } from '../src/interchange.ts';

const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);

/** The roster's rows: the label–value pair on top, then the table. */
const rows = (level: string): Array<Array<string | number>> => [
  ['密级', level],
  ['保密期限', level === '公开' ? '' : '5年'],
  [],
  ['江临港区规划调整征求意见人员名单'],
  ['序号', '姓名', '单位', '职务'],
  [1, '王建国', '江临市发展和改革委员会', '科长'],
  [2, '李晓梅', '江临市财政局', '副科长'],
];

/** As Calc writes SYLK: `ID;PCALCOOO32`, one C record a cell with X and Y, strings quoted, `E` at the end. */
const sylk = (level: string): string => {
  const out = ['ID;PCALCOOO32'];
  rows(level).forEach((r, y) => r.forEach((v, x) => v !== '' && out.push(`C;X${x + 1};Y${y + 1};K${typeof v === 'number' ? v : `"${v}"`}`)));
  return out.join('\r\n') + '\r\nE\r\n';
};

/** As Calc writes DIF (charset UTF-8): header items, then each row as BOT and its cells, EOD. */
const dif = (level: string): string => {
  const all = rows(level);
  const width = Math.max(...all.map((r) => r.length));
  const out = ['TABLE', '0,1', '"名册"', 'VECTORS', `0,${width}`, '""', 'TUPLES', `0,${all.length}`, '""', 'DATA', '0,0', '""'];
  for (const r of all) {
    out.push('-1,0', 'BOT');
    for (let x = 0; x < width; x++) {
      const v = r[x] ?? '';
      if (typeof v === 'number') out.push(`0,${v}`, 'V');
      else out.push('1,0', `"${v}"`);
    }
  }
  out.push('-1,0', 'EOD');
  return out.join('\n') + '\n';
};

let scanner: Scanner;
beforeAll(async () => {
  scanner = await createScanner({ ocr: false, isolation: false });
}, 60_000);
afterAll(async () => {
  await scanner?.close();
});

describe('SYLK and DIF read as the grid they open as', () => {
  it.each([
    ['roster.slk', sylk, 'body@sylk'],
    ['roster.dif', dif, 'body@dif'],
  ] as const)('%s: 密级 | 机密 in two cells blocks', async (filename, write, part) => {
    const r = await scanner.scan(utf8(write('机密')), { filename });
    expect(r.verdict).toBe('block');
    expect(r.findings.some((f) => f.severity === 'block' && f.location.part === part)).toBe(true);
  });

  it.each([
    ['roster.slk', sylk],
    ['roster.dif', dif],
  ] as const)('%s: the same roster with 公开 passes', async (filename, write) => {
    const r = await scanner.scan(utf8(write('公开')), { filename });
    expect(r.verdict).toBe('pass');
  });

  it('SYLK: rows and columns from X and Y (kept from the last record when left out), quotes and ;; unescaped, a later record of a cell replacing it', () => {
    const text = 'ID;PWXL;N;E\r\nC;Y1;X1;K"密级"\r\nC;X3;K"机密"\r\nF;Y2;X1\r\nC;K"a;;b ""c"""\r\nC;X2;K12\r\nC;Y3;X1;K"旧"\r\nC;Y3;X1;K"新"\r\nE\r\n';
    expect(sylkReading(text, 'body@sylk', {})?.text).toBe('密级\t机密\na;b "c"\t12\n新');
  });

  it('DIF: the title on a line first, then a row a tuple, numbers as written', () => {
    expect(difReading(dif('机密'), 'body@dif', {})?.text.split('\n').slice(0, 3)).toEqual(['名册', '密级\t机密', '保密期限\t5年']);
  });
});
