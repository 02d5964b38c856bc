/**
 * A link target or file path quoted in a field instruction (HYPERLINK, INCLUDEPICTURE,
 * INCLUDETEXT) is read in the instruction line as written; percent-encoded, it is read as a
 * browser shows it as well — as the document's external relationship targets already are. Written
 * %E6%9C%BA%E5%AF%86%E2%98%855%E5%B9%B4 (机密★5年), the address had held nothing to find.
 */
import { describe, expect, it } from 'vitest';
import { extractDocx } from '../src/index.ts';
import { fieldLiterals } from '../src/xml.ts';
import { ctx, docx, para } from './helpers.ts';

const pct = (s: string) => encodeURIComponent(s);
const ADDRESS = `http://oa.jianglin.gov.cn/files/${pct('机密★5年')}/${pct('汛期物资调度方案')}.docx`;
const SHOWN = 'http://oa.jianglin.gov.cn/files/机密★5年/汛期物资调度方案.docx';

const complexField = (instr: string, result: string) =>
  `<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> ${instr} </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>${result}</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>`;
const simpleField = (instr: string, result: string) => `<w:p><w:fldSimple w:instr="${instr.replace(/"/g, '&quot;')}"><w:r><w:t>${result}</w:t></w:r></w:fldSimple></w:p>`;

describe('addresses in field instructions', () => {
  it('a percent-encoded address is read decoded; a plain one and a literal are read as before', () => {
    expect(fieldLiterals(`HYPERLINK "${ADDRESS}" \\o "调度方案"`)).toEqual([SHOWN, '调度方案']);
    expect(fieldLiterals('HYPERLINK "http://oa.jianglin.gov.cn/files/wz.docx"')).toEqual([]);
    expect(fieldLiterals(`INCLUDEPICTURE "D:\\\\${pct('公文')}\\\\${pct('机密★5年')}.png"`)).toEqual(['D:\\公文\\机密★5年.png']);
  });

  it('a link field, complex or simple, to a percent-encoded address spelling a marking: the decoded address is in the field instructions', async () => {
    for (const field of [complexField(`HYPERLINK "${ADDRESS}"`, '调度方案'), simpleField(`HYPERLINK "${ADDRESS}"`, '调度方案')]) {
      const x = await extractDocx(docx(para('江临市防汛抗旱指挥部办公室') + para('关于做好汛期物资调度工作的通知') + field), ctx());
      const codes = x.parts.find((p) => p.id.endsWith('#field-codes'));
      expect(codes?.text.split('\n')).toContain(SHOWN);
    }
  });
});
