/**
 * A routing slip's 密级 row as a Word table: the label in one cell, each option in a cell of its
 * own with a check box drawn as a character (☐ / ☑). The reader gives each cell a line of its own,
 * so the options of the row are the cells of one table row (core's unticked-option).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScanner, type Scanner } from '@prepub/scanner';
import { docx, para } from './helpers.ts';

const cell = (t: string) => `<w:tc><w:tcPr><w:tcW w:w="1800" w:type="dxa"/></w:tcPr><w:p><w:r><w:t xml:space="preserve">${t}</w:t></w:r></w:p></w:tc>`;
const row = (cells: string[]) => `<w:tr>${cells.map(cell).join('')}</w:tr>`;
const slip = (options: string[]) =>
  docx(para('江临市应急管理局呈批件') + `<w:tbl><w:tblPr><w:tblW w:w="9000" w:type="dxa"/></w:tblPr>${row(['来文单位', '江临市发展和改革委员会', '文号', '江发改〔2026〕31号'])}${row(['密级', ...options])}${row(['事由', '关于下达2027年度重点项目投资计划的函', '', ''])}</w:tbl>` + para('拟办意见：请分管领导阅示。'));

let scanner: Scanner;
beforeAll(async () => {
  scanner = await createScanner({ ocr: false });
});
afterAll(() => scanner?.close());

describe('a 密级 row of check boxes, an option a table cell', () => {
  it('nothing ticked: a blank form passes', async () => {
    for (const options of [['☐绝密', '☐机密', '☐秘密'], ['绝密□', '机密□', '秘密□'], ['□ 绝密', '□ 机密', '□ 秘密']]) {
      const r = await scanner.scan(slip(options), { filename: '呈批件.docx' });
      expect(r.verdict, options.join(' ')).toBe('pass');
    }
  });

  it('the ticked option blocks, located in its cell', async () => {
    const r = await scanner.scan(slip(['☐绝密', '☑机密', '☐秘密']), { filename: '呈批件.docx' });
    expect(r.verdict).toBe('block');
    expect(r.findings.filter((f) => f.severity === 'block').every((f) => f.excerpt.includes('☑'))).toBe(true);
  });

  it('an option marked by a sign no form uses for a box is not passed', async () => {
    const r = await scanner.scan(slip(['☐绝密', '★机密', '☐秘密']), { filename: '呈批件.docx' });
    expect(r.verdict).not.toBe('pass');
  });
});
