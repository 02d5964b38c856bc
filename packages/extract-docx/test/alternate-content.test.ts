import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScanner } from '@prepub/scanner';
import { extractDocx } from '../src/index.ts';
import { ctx, docx, para } from './helpers.ts';

/**
 * Runs in mc:AlternateContent: Word shows the first mc:Choice whose namespaces it knows, else the
 * mc:Fallback. Both branches were read into the line, one after the other, so 机 + a branch 要 +
 * a branch 密★5年 read 机要密★5年 whichever Word shows, and passed. Now the line holds the branch
 * Word shows, and the paragraph is also read with the other (alternate-content, hidden).
 */
const NOTICE = ['关于做好汛期物资调度工作的通知', '各区县应急管理局：'].map((t) => para(t)).join('');
const NEWS = ['五月以来，各单位组织观看警示教育片，开展保密知识竞赛。'].map((t) => para(t)).join('');
const run = (t: string) => `<w:r><w:t>${t}</w:t></w:r>`;
const line = (before: string, requires: string, choice: string, fallback: string, rest: string) =>
  docx(`<w:p>${run(before)}<mc:AlternateContent xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml" xmlns:zz="urn:example:future"><mc:Choice Requires="${requires}">${run(choice)}</mc:Choice><mc:Fallback>${run(fallback)}</mc:Fallback></mc:AlternateContent></w:p>${rest}`);

let scanner: Awaited<ReturnType<typeof createScanner>>;
beforeAll(async () => {
  scanner = await createScanner({ ocr: false });
});
afterAll(async () => {
  await scanner.close();
});

describe('mc:AlternateContent in a line', () => {
  it('the line holds the branch Word shows, the paragraph is read with the other too, and 机 + 密★5年 blocks in either', async () => {
    const cases: Array<[string, Uint8Array, string, string]> = [
      ['a Choice Word knows (w14) shows', line('机', 'w14', '密★5年', '要', NOTICE), '机密★5年', '机要'],
      ['a Choice of a namespace Word does not know gives way to the Fallback', line('机', 'zz', '要', '密★5年', NOTICE), '机密★5年', '机要'],
      ['the marking in the branch Word does not show', line('机', 'zz', '密★5年', '要', NOTICE), '机要', '机密★5年'],
    ];
    for (const [how, bytes, shown, other] of cases) {
      const x = await extractDocx(bytes, ctx());
      expect(x.parts.find((p) => p.role === 'body')?.text.split('\n')[0], how).toBe(shown);
      expect(x.parts.find((p) => p.id === 'word/document.xml#alternate-content')?.text, how).toBe(other);
      expect((await scanner.scan(bytes, { filename: 'notice.docx' })).verdict, how).toBe('block');
    }
  });

  it('the same around news on the secrecy month passes with nothing unread', async () => {
    for (const requires of ['w14', 'zz']) {
      const r = await scanner.scan(line('保', requires, '密宣传月活动', '密知识竞赛', NEWS), { filename: 'news.docx' });
      expect(r.coverage.unread, requires).toEqual([]);
      expect(r.verdict, requires).toBe('pass');
    }
  });
});
