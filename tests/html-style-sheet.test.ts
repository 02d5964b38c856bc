/**
 * A CMS page hides with its style sheet's classes more often than with style attributes. A piece
 * such a rule hides inside a marking (机<span class="w">开</span>密★5年 under .w{color:#fff}) had
 * passed; the lines it stands in are now also read without it. Text the sheet hides elsewhere (a
 * menu faded in by a script, screen-reader text) stays read where it stands, so a benign page keeps
 * its verdict. Real scanner, OCR off.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScanner, type Scanner } from '@prepub/scanner';

let scanner: Scanner;
beforeAll(async () => {
  scanner = await createScanner({ ocr: false });
});
afterAll(() => scanner?.close());

const BODY = ['关于做好年终物资盘点工作的通知', '各科室：请于本月二十日前完成盘点并报送结果。'].map((l) => `<p>${l}</p>`).join('');
const html = (css: string, body: string) =>
  new TextEncoder().encode(`<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>通知</title><style>${css}</style></head><body>${body}${BODY}</body></html>`);

describe('HTML style sheet rules', () => {
  it('a piece a class, id or tag rule hides inside a marking: block', async () => {
    for (const [css, piece] of [
      ['.w{color:#fff}', '<span class="w">国</span>'],
      ['.h{display:none}', '<span class="h">国</span>'],
      ['#x{visibility:hidden}', '<span id="x">国</span>'],
      ['.o{opacity:0}', '<em class="o">国</em>'],
      ['.w{color:#c00} .bg{background:#c00}', '<span class="w">国</span>'],
    ]) {
      const wrap = css.includes('.bg') ? (b: string) => `<div class="bg">${b}</div>` : (b: string) => b;
      expect((await scanner.scan(html(css, wrap(`<p>机${piece}密★5年</p>`)), { filename: 'notice.html' })).verdict, css).toBe('block');
    }
  });

  it('a menu the sheet fades in, screen-reader links, a piece in another colour: pass', async () => {
    const nav = (cls: string) => ['首页', '保密工作', '机密文件管理办法解读', '绝密', '秘密花园', '保密宣传月'].map((t) => `<a class="${cls}" href="#">${t}</a>`).join(' ');
    for (const [css, body] of [
      ['.fade{opacity:0}', `<nav>${nav('fade')}</nav>`],
      ['.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0,0,0,0)}', `<nav>${nav('sr')}</nav>`],
      ['.w{color:#c00}', '<p>机<span class="w">国</span>密★5年</p>'],
    ]) {
      expect((await scanner.scan(html(css, body), { filename: 'notice.html' })).verdict, css).toBe('pass');
    }
  });
});
