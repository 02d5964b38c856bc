/**
 * Text the browser draws in line with an element's own text though the page stores it elsewhere:
 * `content: attr(data-x)` / `var(--m)` / `open-quote`, a string list marker (`list-style-type:"机"`,
 * `li::marker{content}`), `<q>` quotes set by `quotes`, an `<input>`'s value, a `<select>`'s chosen
 * option, a picture's alt (shown when it does not load), a rule under `:not()`
 * or in a sheet linked as a data: URI. Each of these pages showed 机密★5年 and passed with nothing
 * unread: the pieces were read on lines of their own (or not at all). The same constructions
 * around secrecy prose still pass. Real scanner, OCR off.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScanner, type Scanner } from '@prepub/scanner';

let scanner: Scanner;
beforeAll(async () => {
  scanner = await createScanner({ ocr: false });
});
afterAll(() => scanner?.close());

const BODY = ['关于做好年度项目审查工作的通知', '各区县分局：请于本月二十日前完成审查并报送结果。'].map((l) => `<p>${l}</p>`).join('');
const html = (head: string, body: string) =>
  new TextEncoder().encode(`<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>通知</title>${head}</head><body>${body}${BODY}</body></html>`);
const css = (rules: string) => `<style>${rules}</style>`;

describe('HTML: text drawn in line from attributes, markers, quotes and form values', () => {
  it.each([
    ['::after content: attr(data-x)', css('.m::after{content: attr(data-x)}'), '<p class="m" data-x="密★5年">机</p>'],
    ['::before content: attr(title)', css('.m::before{content: attr(title)}'), '<p class="m" title="机">密★5年</p>'],
    ['content: var(--m)', css(':root{--m:"机"} .a::before{content:var(--m)}'), '<p class="a">密★5年</p>'],
    ['a rule under :not()', css('p:not(.zz)::before{content:"机"}'), '<p class="a">密★5年</p>'],
    ['a sheet linked as a data: URI', '<link rel="stylesheet" href="data:text/css,.a::before{content:%22%E6%9C%BA%22}">', '<p class="a">密★5年</p>'],
    ['list-style-type string inherited by the item', '', '<ul style=\'list-style-type:"机"\'><li>密★5年</li></ul>'],
    ['list-style string inside, from the sheet', css('.k{list-style: "机" inside}'), '<ul class="k"><li>密★5年</li></ul>'],
    ['li::marker content', css('.k li::marker{content:"机"}'), '<ul class="k"><li>密★5年</li></ul>'],
    ['<q> with quotes from the sheet', css('.k{quotes:"机" "年"}'), '<p><q class="k">密★5</q></p>'],
    ['an input value in the line', '', '<p>机<input value="密★5年" style="border:0;font:inherit"></p>'],
    ['a submit button value in the line', '', '<p>机<input type="submit" value="密★5年" style="border:0;background:none"></p>'],
    ['a drop-down showing its chosen option in the line', '', '<p>机<select style="border:0"><option>公开</option><option selected>密★5年</option></select></p>'],
    ['a drop-down showing its first option, labelled', '', '<p>机<select><option label="密★5年">公开</option><option>内部</option></select></p>'],
    ['a picture that does not load shows its alt in the line', '', '<p>机<img src="missing.png" alt="密★5年" style="border:0"></p>'],
    ['an image button that does not load shows its alt in the line', '', '<p>机<input type="image" src="missing.png" alt="密★5年"></p>'],
  ])('%s: block', async (_, head, body) => {
    const r = await scanner.scan(html(head, body), { filename: 'notice.html' });
    expect(r.verdict, JSON.stringify(r.findings.map((f) => [f.ruleId, f.location.part]))).toBe('block');
  });

  it('the same constructions around secrecy prose: pass, nothing unread', async () => {
    for (const [head, body] of [
      [css('.m::after{content: attr(data-x)}.n::before{content:attr(title)}'), '<p class="m" data-x="保密宣传月">本月起开展</p><p class="n" title="数据的">机密性提示</p>'],
      [css(':root{--m:"★"} .a::before{content:var(--m)} p:not(.c)::after{content:"。"}'), '<p class="a">保密宣传月</p>'],
      ['', '<ul style=\'list-style-type:"★ "\'><li>保密宣传月活动安排</li><li>《秘密花园》读书会</li></ul><ol><li>绝密、机密、秘密三个密级</li></ol>'],
      [css('.k li::marker{content:"◆ "}'), '<ul class="k"><li>数据的机密性</li></ul>'],
      ['', '<p>国家秘密分为<q>绝密</q><q>机密</q><q>秘密</q>三级。</p><p><q style=\'quotes:"《" "》"\'>秘密花园</q>读后感</p>'],
      ['', '<form>搜索：<input value="保密宣传月"><input type="submit" value="查询"><input placeholder="请输入关键词"></form>'],
      ['', '<p>本月主题<img src="logo.png" alt="保密宣传月">活动</p><p>数据的<img src="icon.png" alt="机密性">说明</p><p><img src="cover.png" alt="《秘密花园》封面"></p>'],
      ['', '<p>报送周期：<select><option>按月</option><option selected>按季度</option><option>按年</option></select></p><p>本期主题：<select><option selected>保密宣传月</option><option>《秘密花园》读书会</option></select></p>'],
    ]) {
      const r = await scanner.scan(html(head, body), { filename: 'notice.html' });
      expect(r.verdict, body).toBe('pass');
      expect(r.coverage.unread).toEqual([]);
    }
  });
});
