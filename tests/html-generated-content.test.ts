/**
 * Text a style sheet's ::before/::after rules generate is drawn with the element's own text:
 * `.m::before{content:"机"}` on `<p class="m">密★5年</p>` shows 机密★5年. The generated strings had
 * been read on lines of their own (html:css-content) and the page passed; each line is now also
 * read with them in place (html:shown-order). Ordinary generated text (a label before a note, an
 * asterisk after a required field, quotation marks) keeps the page passing. Real scanner, OCR off.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScanner, type Scanner } from '@prepub/scanner';

let scanner: Scanner;
beforeAll(async () => {
  scanner = await createScanner({ ocr: false });
});
afterAll(() => scanner?.close());

const BODY = ['关于开展2024年度保密自查工作的通知', '各处室：请于本月二十日前完成自查并报送结果。'].map((l) => `<p>${l}</p>`).join('');
const html = (css: string, body: string) =>
  new TextEncoder().encode(`<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>通知</title><style>${css}</style></head><body>${body}${BODY}</body></html>`);

describe('CSS ::before/::after content with the element text', () => {
  it.each([
    ['::before on a class', '.m::before{content:"机"}', '<p class="m">密★5年</p>'],
    ['::before and ::after', '.m::before{content:"机"}.m::after{content:"★5年"}', '<p class="m">密</p>'],
    [':before on an id, old syntax', '#mark:before{content:"\\673A"}', '<div id="mark">密★5年</div>'],
    ['::after of an inline piece inside the line', 'span.k::after{content:"密"}', '<p>机<span class="k"></span>★5年</p>'],
    ['the more specific rule wins', '.m::before{content:"公开"} p.m::before{content:"机"}', '<p class="m">密★5年</p>'],
  ])('%s: block', async (_, css, body) => {
    expect((await scanner.scan(html(css, body), { filename: 'notice.html' })).verdict).toBe('block');
  });

  it('ordinary generated text: pass', async () => {
    for (const [css, body] of [
      ['.note::before{content:"注："}', '<p class="note">机密文件管理办法另行印发。</p>'],
      ['.req::after{content:"*";color:red}', '<label class="req">密级</label><select><option>公开</option></select>'],
      ['q::before{content:"“"} q::after{content:"”"}', '<p>专家指出<q>数据的机密性至关重要</q>。</p>'],
      ['.m::before{content:none}', '<p class="m">保密宣传月</p>'],
      ['.icon-lock::before{content:"\\f023"}', '<p><i class="icon-lock"></i>保密工作动态</p>'],
    ]) {
      expect((await scanner.scan(html(css, body), { filename: 'notice.html' })).verdict, css).toBe('pass');
    }
  });
});
