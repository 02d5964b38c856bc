import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScanner } from '@prepub/scanner';
import { extractDocx } from '../src/index.ts';
import { ctx, docx, para, REL, wml } from './helpers.ts';

/**
 * Capitals Word draws from the document defaults (w:docDefaults/w:rPrDefault) and from a table
 * style (its own w:rPr or a conditional format's): secret so drawn shows SECRET. Only a run's own,
 * its character style's and its paragraph style's w:caps were weighed.
 */
const NOTICE = ['关于做好汛期物资调度工作的通知', '各区县应急管理局：', '为做好今年汛期防汛物资调度工作，现将有关事项通知如下。'].map((t) => para(t)).join('');
const styled = (body: string, styles: string) => docx(body, { 'word/styles.xml': wml('styles', styles) }, [`<Relationship Id="rS" Type="${REL}/styles" Target="styles.xml"/>`]);
const defaults = '<w:docDefaults><w:rPrDefault><w:rPr><w:caps/></w:rPr></w:rPrDefault></w:docDefaults>';
const table = (text: string, style: string) => `<w:tbl><w:tblPr><w:tblStyle w:val="${style}"/><w:tblLook w:val="04A0" w:firstRow="1"/></w:tblPr><w:tblGrid/><w:tr><w:tc>${para(text)}</w:tc></w:tr></w:tbl>`;
const tableStyles = {
  own: '<w:style w:type="table" w:styleId="Banner"><w:rPr><w:caps/></w:rPr></w:style>',
  'header row, through basedOn': '<w:style w:type="table" w:styleId="Base"><w:tblStylePr w:type="firstRow"><w:rPr><w:smallCaps/></w:rPr></w:tblStylePr></w:style><w:style w:type="table" w:styleId="Banner"><w:basedOn w:val="Base"/></w:style>',
};

let scanner: Awaited<ReturnType<typeof createScanner>>;
beforeAll(async () => {
  scanner = await createScanner({ ocr: false });
});
afterAll(async () => {
  await scanner.close();
});

describe('capitals from the document defaults and table styles', () => {
  it('secret//noforn so drawn reads SECRET//NOFORN and blocks', async () => {
    const ways = {
      defaults: styled(para('secret//noforn') + NOTICE, defaults),
      ...Object.fromEntries(Object.entries(tableStyles).map(([k, s]) => [`table style: ${k}`, styled(table('secret//noforn', 'Banner') + NOTICE, s)])),
    };
    for (const [how, bytes] of Object.entries(ways)) {
      const body = (await extractDocx(bytes, ctx())).parts.find((p) => p.role === 'body');
      expect(body?.text.split('\n')[0], how).toBe('SECRET//NOFORN');
      const r = await scanner.scan(bytes, { filename: 'notice.docx' });
      expect(r.verdict, how).toBe('block');
      expect(r.findings.find((f) => f.ruleId === 'marking.foreign')?.location.role, how).toBe('body');
    }
    // A run's own w:caps w:val="0" still wins over the defaults.
    const off = styled('<w:p><w:r><w:rPr><w:caps w:val="0"/></w:rPr><w:t>secret</w:t></w:r></w:p>' + NOTICE, defaults);
    expect((await extractDocx(off, ctx())).parts.find((p) => p.role === 'body')?.text.split('\n')[0]).toBe('secret');
  });

  it('a capitalised title and table about secrecy pass with nothing unread', async () => {
    const bytes = styled(para('the secret garden: a reading week') + table('confidentiality of personal data', 'Banner') + para('市图书馆举办读书周活动，欢迎市民参加。'), defaults + tableStyles.own);
    const r = await scanner.scan(bytes, { filename: 'news.docx' });
    expect((await extractDocx(bytes, ctx())).parts.find((p) => p.role === 'body')?.text.split('\n')[0]).toBe('THE SECRET GARDEN: A READING WEEK');
    expect(r.coverage.unread).toEqual([]);
    expect(r.verdict).toBe('pass');
  });
});
