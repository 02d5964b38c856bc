/**
 * WordPress (Gutenberg) keeps a block's attributes as JSON in the comment that opens it, and renders
 * dynamic blocks from them: `<!-- wp:heading {"content":"\u673a\u5bc6\u2605\u0035\u5e74"} -->` is a
 * heading 机密★5年 on the published page. Sent with the post's raw content it passed: the comment
 * was read as written, its escapes unresolved (unescaped, the marking stood inside a line: review).
 * Comments holding JSON are now also read as JSON (`html:comments@json`); the same blocks holding
 * `公开` or a news heading about 保密宣传月 pass.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScanner, type Scanner } from '../../scanner/src/index.ts';

const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);
const BODY = ['江临市人民政府办公室文件', '临政办发〔2026〕17号', '关于做好2027年元旦春节期间安全保卫工作的通知', '各区县人民政府，市政府各部门：'];
const escaped = (s: string) => [...s].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).join('');
const post = (attrs: string) => `<!DOCTYPE html><html><head><meta charset="utf-8"><title>通知</title></head><body>\n<!-- wp:heading ${attrs} /-->\n${BODY.map((l) => `<!-- wp:paragraph -->\n<p>${l}</p>\n<!-- /wp:paragraph -->`).join('\n')}\n</body></html>`;

let scanner: Scanner;
beforeAll(async () => {
  scanner = await createScanner({ ocr: false, isolation: false });
}, 60_000);
afterAll(async () => {
  await scanner?.close();
});

describe('comments holding JSON (WordPress block attributes)', () => {
  it('a heading attribute escaped or not blocks; 公开 and a news heading pass', async () => {
    for (const attrs of [`{"level":2,"content":"${escaped('机密★5年')}"}`, '{"level":2,"content":"机密★5年"}']) {
      const r = await scanner.scan(utf8(post(attrs)), { filename: 'post.html' });
      expect(r.verdict, attrs).toBe('block');
      expect(r.findings.some((f) => f.location.part === 'html:comments@json')).toBe(true);
    }
    expect((await scanner.scan(utf8(post(`{"level":2,"content":"${escaped('公开')}"}`)), { filename: 'post.html' })).verdict).toBe('pass');
    expect((await scanner.scan(utf8(post(`{"level":2,"content":"${escaped('本市启动第十个保密宣传月活动')}"}`)), { filename: 'post.html' })).verdict).toBe('pass');
  });
});
