/**
 * A legacy drop-down form field (FORMDROPDOWN) shows its chosen entry, drawn from w:ffData where
 * the field stands; some writers (LibreOffice, template tools) also store that entry as the field's
 * result run. The reader wrote both: 密级：{机密 chosen, result 机密} read 密级：机密机密 and passed.
 * The stored result is now read as the line's other reading (alternate-content), in place of the
 * chosen entry, so a stale result holding a level is read in its line as well.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScanner, type Scanner } from '@prepub/scanner';
import { docx, para } from './helpers.ts';

const OPTIONS = ['公开', '秘密', '机密', '绝密'];
/** A 呈批件 whose 密级 is a drop-down with entry `chosen` chosen; `result`: the stored result run, if any. */
const slip = (chosen: number, result?: string, options = OPTIONS) => {
  const ff = `<w:ffData><w:name w:val="Level"/><w:enabled/><w:calcOnExit w:val="0"/><w:ddList>${chosen ? `<w:result w:val="${chosen}"/>` : ''}${options.map((o) => `<w:listEntry w:val="${o}"/>`).join('')}</w:ddList></w:ffData>`;
  const stored = result === undefined ? '' : `<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>${result}</w:t></w:r>`;
  const field = `<w:r><w:fldChar w:fldCharType="begin">${ff}</w:fldChar></w:r><w:r><w:instrText xml:space="preserve"> FORMDROPDOWN </w:instrText></w:r>${stored}<w:r><w:fldChar w:fldCharType="end"/></w:r>`;
  return docx(para('江临市应急管理局呈批件') + `<w:p><w:r><w:t>密级：</w:t></w:r>${field}</w:p>` + para('事由：关于下达2027年度重点项目投资计划的函') + para('拟办意见：请分管领导阅示。'));
};

let scanner: Scanner;
beforeAll(async () => {
  scanner = await createScanner({ ocr: false });
});
afterAll(() => scanner?.close());

describe('DOCX: a legacy drop-down whose result run is stored too', () => {
  it('机密 chosen and stored as the result blocks (read 密级：机密机密 before)', async () => {
    const r = await scanner.scan(slip(2, '机密'), { filename: '呈批件.docx' });
    expect(r.verdict).toBe('block');
    expect(r.findings.some((f) => f.severity === 'block' && f.location.part === 'body')).toBe(true);
  });

  it('a stale result 机密★5年 beside a chosen 公开 is read in the line too', async () => {
    const r = await scanner.scan(slip(0, '机密★5年'), { filename: '呈批件.docx' });
    expect(r.verdict).not.toBe('pass');
  });

  it('without a stored result the chosen entry blocks, as before', async () => {
    const r = await scanner.scan(slip(2), { filename: '呈批件.docx' });
    expect(r.verdict).toBe('block');
  });

  it('公开 chosen, stored or not, passes; so does a drop-down of departments', async () => {
    for (const [chosen, result, options] of [[0, '公开'], [0, undefined], [1, '财务处', ['办公室', '财务处']]] as Array<[number, string | undefined, string[] | undefined]>) {
      const r = await scanner.scan(slip(chosen, result, options), { filename: '呈批件.docx' });
      expect(r.verdict, `${chosen} ${result}`).toBe('pass');
    }
  });
});
