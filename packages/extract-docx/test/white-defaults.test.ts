import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScanner } from '@prepub/scanner';
import { extractDocx } from '../src/index.ts';
import { ctx, docx, REL, wml } from './helpers.ts';

/**
 * Text in the colour the document defaults give (w:docDefaults/w:rPrDefault w:color white): runs
 * naming no colour of their own are drawn white on the white page. Only a run's, its character
 * style's and its paragraph style's colour were weighed, so 机密★5年 (black) + such a sentence
 * read as one line of running text, and passed.
 */
const BLACK = '<w:rPr><w:color w:val="000000"/></w:rPr>';
const p = (...runs: string[]) => `<w:p>${runs.join('')}</w:p>`;
const black = (t: string) => `<w:r>${BLACK}<w:t>${t}</w:t></w:r>`;
const plain = (t: string) => `<w:r><w:t>${t}</w:t></w:r>`;
const whiteDefaults = (body: string) =>
  docx(body, { 'word/styles.xml': wml('styles', '<w:docDefaults><w:rPrDefault><w:rPr><w:color w:val="FFFFFF"/></w:rPr></w:rPrDefault></w:docDefaults>') }, [`<Relationship Id="rS" Type="${REL}/styles" Target="styles.xml"/>`]);
const NOTICE = p(black('关于做好汛期物资调度工作的通知')) + p(black('各区县应急管理局：'));

let scanner: Awaited<ReturnType<typeof createScanner>>;
beforeAll(async () => {
  scanner = await createScanner({ ocr: false });
});
afterAll(async () => {
  await scanner.close();
});

describe('white from the document defaults', () => {
  it('a sentence in the default white after 机密★5年 is hidden text, and the marking stands alone and blocks', async () => {
    const bytes = whiteDefaults(p(black('机密★5年'), plain('根据工作需要，现将本年度汛期物资调度有关安排印发给你们')) + NOTICE);
    const x = await extractDocx(bytes, ctx());
    expect(x.parts.find((q) => q.role === 'body')?.text.split('\n')[0]).toBe('机密★5年');
    expect(x.parts.find((q) => q.id === 'word/document.xml#hidden')?.text).toContain('根据工作需要');
    expect((await scanner.scan(bytes, { filename: 'notice.docx' })).verdict).toBe('block');
  });

  it('the same after a 保密宣传月 title passes with nothing unread', async () => {
    const r = await scanner.scan(whiteDefaults(p(black('关于开展保密宣传月活动的通知'), plain('（第二稿，供内部讨论）')) + p(black('五月以来，各单位组织观看警示教育片。'))), { filename: 'news.docx' });
    expect(r.coverage.unread).toEqual([]);
    expect(r.verdict).toBe('pass');
  });
});
