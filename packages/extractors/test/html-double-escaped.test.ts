/**
 * HTML escaped twice on its way (a CMS's API or an editor's source view sends `&amp;#26426;`): the
 * page shows `&#26426;&#23494;★5年`, which the publishing side unescapes once more into `机密★5年`.
 * Such a notice passed: the references were read as the text they show. A part showing numeric
 * references is now also read with them resolved (`body@references`); the same page opening with
 * `公开` so escaped passes. Likewise HTML escaped once more (`&lt;p&gt;机密★5年&lt;/p&gt;`, shown as
 * `<p>机密★5年</p>`, review as a marking inside a line): its tags are now resolved too
 * (`body@references`); a page showing HTML code about 保密宣传月 passes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScanner, type Scanner } from '../../scanner/src/index.ts';

const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);
const BODY = ['江临市人民政府办公室文件', '临政办发〔2026〕17号', '关于做好2027年元旦春节期间安全保卫工作的通知', '各区县人民政府，市政府各部门：'];
const twice = (s: string) => [...s].map((c) => (c.charCodeAt(0) > 0x7f ? `&amp;#${c.codePointAt(0)};` : c)).join('');
const page = (first: string) => `<!DOCTYPE html><html><head><meta charset="utf-8"><title>通知</title></head><body><p>${first}</p>${BODY.map((l) => `<p>${l}</p>`).join('')}</body></html>`;

let scanner: Scanner;
beforeAll(async () => {
  scanner = await createScanner({ ocr: false, isolation: false });
}, 60_000);
afterAll(async () => {
  await scanner?.close();
});

describe('numeric references a page shows as text', () => {
  it('a marking escaped twice blocks; 公开 escaped twice passes', async () => {
    const r = await scanner.scan(utf8(page(twice('机密★5年'))), { filename: 'article.html' });
    expect(r.verdict).toBe('block');
    expect(r.findings.some((f) => f.ruleId === 'marking.cn-state-secret' && f.location.part === 'body@references')).toBe(true);
    expect((await scanner.scan(utf8(page(twice('公开'))), { filename: 'article.html' })).verdict).toBe('pass');
  });

  it('HTML whose tags are escaped once more blocks; 公开 and a code sample about 保密宣传月 pass', async () => {
    const shown = (first: string) => utf8(page(`&lt;p&gt;${first}&lt;/p&gt;`));
    const r = await scanner.scan(shown('机密★5年'), { filename: 'article.html' });
    expect(r.verdict).toBe('block');
    expect(r.findings.some((f) => f.location.part === 'body@references')).toBe(true);
    expect((await scanner.scan(shown('公开'), { filename: 'article.html' })).verdict).toBe('pass');
    const code = utf8(`<!DOCTYPE html><html><head><meta charset="utf-8"><title>网页制作教程</title></head><body><p>段落用 p 元素标记，例如：</p><pre><code>&lt;p&gt;本市启动第十个保密宣传月活动&lt;/p&gt;</code></pre></body></html>`);
    expect((await scanner.scan(code, { filename: 'tutorial.html' })).verdict).toBe('pass');
  });
});
