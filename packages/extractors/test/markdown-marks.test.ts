/**
 * Markdown editors' highlight and insert marks (Typora, Obsidian, markdown-it-mark/-ins:
 * `==高亮==`, `++插入++`) render as <mark> and <ins>: `==机==密★5年` is a first line 机密★5年. Such a
 * notice passed as a .md upload, the markers read as text between the characters. They are now
 * dropped like emphasis markers; the 公开 twins pass.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScanner, type Scanner } from '../../scanner/src/index.ts';

const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);
const BODY = ['江临市人民政府办公室文件', '临政办发〔2026〕17号', '关于做好2027年元旦春节期间安全保卫工作的通知', '各区县人民政府，市政府各部门：'];
const md = (first: string, mark: string) => `# 通知\n\n${mark}${first.slice(0, 1)}${mark}${first.slice(1)}\n\n${BODY.join('\n\n')}\n`;

let scanner: Scanner;
beforeAll(async () => {
  scanner = await createScanner({ ocr: false, isolation: false });
}, 60_000);
afterAll(async () => {
  await scanner?.close();
});

describe('Markdown highlight and insert marks', () => {
  it.each(['==', '++'])('%s around a character of the marking blocks; 公开 passes', async (mark) => {
    expect((await scanner.scan(utf8(md('机密★5年', mark)), { filename: 'notice.md' })).verdict).toBe('block');
    expect((await scanner.scan(utf8(md('公开', mark)), { filename: 'notice.md' })).verdict).toBe('pass');
    // A JSON export whose article is Markdown is read rendered too.
    const json = (first: string) => utf8(JSON.stringify({ id: 3, body_md: md(first, mark) }));
    expect((await scanner.scan(json('秘密★1年'), { filename: 'post.json' })).verdict).toBe('block');
    expect((await scanner.scan(json('公开'), { filename: 'post.json' })).verdict).toBe('pass');
  });
});
