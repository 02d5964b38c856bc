/**
 * Legacy form fields in RTF ({\field{\*\fldinst FORMDROPDOWN {\*\formfield …}}{\fldrslt }}): Word
 * draws a drop-down's chosen entry (\ffres, 25 for none: \ffdefres) and a check box's state from
 * \formfield and writes an empty result. Only the entries (\ffl) were read, as form-field text: a
 * 呈批件 with 机密 chosen, or ☑ beside 机密, read 密级： (a blank form) and passed. What the field
 * shows is now read where it stands, as the DOCX reader reads w:ffData.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScanner, type Scanner } from '@prepub/scanner';

const u = (s: string) => [...s].map((c) => (c.charCodeAt(0) < 128 ? c : `\\u${c.charCodeAt(0)}?`)).join('');
const slip = (row: string) =>
  new TextEncoder().encode(`{\\rtf1\\ansi\\ansicpg936{\\fonttbl{\\f0\\fnil\\fcharset134 SimSun;}}\\f0 ${u('江临市应急管理局呈批件')}\\par ${row}\\par ${u('事由：关于下达年度投资计划的函')}\\par ${u('拟办意见：请分管领导阅示。')}\\par}`);
const OPTIONS = ['公开', '秘密', '机密', '绝密'];
const dropDown = (res: number, result = '', options = OPTIONS, defres = 0) =>
  `${u('密级：')}{\\field{\\*\\fldinst {FORMDROPDOWN {\\*\\formfield{\\fftype2\\ffres${res}\\ffdefres${defres}\\ffhaslistbox{\\*\\ffname Level}${options.map((o) => `{\\*\\ffl ${u(o)}}`).join('')}}}}}{\\fldrslt ${u(result)}}}`;
const boxes = (ticked: number) =>
  `${u('密级：')}${['绝密', '机密', '秘密'].map((o, i) => `{\\field{\\*\\fldinst {FORMCHECKBOX {\\*\\formfield{\\fftype1\\ffres${i === ticked ? 1 : 0}\\ffdefres0\\ffhps20{\\*\\ffname Check${i}}}}}}{\\fldrslt }}${u(o)} `).join('')}`;

let scanner: Scanner;
beforeAll(async () => {
  scanner = await createScanner({ ocr: false });
});
afterAll(() => scanner?.close());

describe('RTF: legacy drop-downs and check boxes', () => {
  it('a drop-down with 机密 chosen blocks', async () => {
    const r = await scanner.scan(slip(dropDown(2)), { filename: 'slip.rtf' });
    expect(r.verdict).toBe('block');
  });

  it('no choice (\\ffres25) shows the default entry: \\ffdefres2 blocks', async () => {
    const r = await scanner.scan(slip(dropDown(25, '', OPTIONS, 2)), { filename: 'slip.rtf' });
    expect(r.verdict).toBe('block');
  });

  it('a row of check boxes with 机密 ticked blocks', async () => {
    const r = await scanner.scan(slip(boxes(1)), { filename: 'slip.rtf' });
    expect(r.verdict).toBe('block');
  });

  it('公开 chosen, no box ticked, or a drop-down of departments: pass', async () => {
    for (const row of [dropDown(0), dropDown(25), boxes(-1), dropDown(1, '', ['办公室', '财务处'])]) {
      const r = await scanner.scan(slip(row), { filename: 'slip.rtf' });
      expect(r.verdict, row).toBe('pass');
    }
  });
});
