/**
 * A page whose script decodes a `data-*` attribute and shows it (`el.innerHTML =
 * atob(el.dataset.content)`, or `decodeURIComponent`): `<div data-content="PHA+5py65a+G4piFNeW5tDwvcD4=">`
 * is `<p>机密★5年</p>` on screen. The value was read as its letters only, so the page passed. A value
 * that is base64 of text (UTF-8, or GB18030 as an older page's GBK decoder reads it) or
 * percent-encoded text is now read as the page it is, a file named after the element and attribute.
 * Ordinary data-* values (ids, tokens, JSON, base64 of a picture, base64 of harmless text) change
 * nothing.
 */
import { readFileSync } from 'node:fs';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScanner, type Scanner } from '../../scanner/src/index.ts';
import { base64DataText } from '../src/html.ts';

const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);
const BODY = ['江临市人民政府办公室文件', '关于做好2027年元旦春节期间安全保卫工作的通知', '各区县人民政府，市政府各部门：', '为确保节日期间社会稳定，现就有关事项通知如下。'].map((l) => `<p>${l}</p>`).join('');
const page = (head: string) => `<!doctype html><html><head><meta charset="utf-8"><title>通知</title></head><body>${head}${BODY}<script>document.querySelectorAll('[data-content]').forEach((e) => (e.innerHTML = atob(e.dataset.content)));</script></body></html>`;
const b64 = (b: Buffer | string) => Buffer.from(b).toString('base64');

let scanner: Scanner;
beforeAll(async () => {
  scanner = await createScanner({ ocr: false, isolation: false });
}, 60_000);
afterAll(async () => {
  await scanner?.close();
});

const verdict = async (html: string) => {
  const r = await scanner.scan(utf8(page(html)), { filename: 'notice.html' });
  return r.verdict === 'pass' && r.coverage.unread.length ? 'review' : r.verdict;
};

describe('data-* values a script decodes', () => {
  it('base64 of HTML in UTF-8 or GB18030, and percent-encoded HTML, are read as shown', async () => {
    const r = await scanner.scan(utf8(page(`<div data-content="${b64('<p>机密★5年</p>')}"></div>`)), { filename: 'notice.html' });
    expect(r.verdict).toBe('block');
    expect(r.findings[0]?.location.container?.join(' / ')).toMatch(/div-data-content-\d+\.html/);
    expect(await verdict(`<div data-content="${b64('<p>公开</p>')}"></div>`)).toBe('pass');
    expect(await verdict(`<div data-content="${b64(iconv.encode('<p>秘密★1年</p>', 'gb18030'))}"></div>`)).toBe('block');
    expect(await verdict(`<div data-content="${b64(iconv.encode('<p>公开发布</p>', 'gb18030'))}"></div>`)).toBe('pass');
    expect(await verdict(`<div data-html="${encodeURIComponent('<p>机密★5年</p>')}"></div>`)).toBe('block');
    expect(await verdict(`<div data-html="${encodeURIComponent('<p>公开</p>')}"></div>`)).toBe('pass');
  });

  it('ordinary data-* values change nothing', async () => {
    const png = readFileSync(new URL('../../../samples/images/benign-public-notice.png', import.meta.url)).toString('base64');
    expect(await verdict(`<div data-src="${png.slice(0, 4000)}"></div>`)).toBe('pass');
    expect(await verdict(`<div data-config="${b64('{"autoplay":true,"lang":"zh-CN","title":"保密宣传"}')}" data-options='{"a":1}'></div>`)).toBe('pass');
    const rows = Array.from({ length: 40 }, (_, i) => `<li data-id="${b64('user' + i)}" data-token="${b64(Buffer.from(Array.from({ length: 18 }, (_, k) => (i * 31 + k * 17) % 256)))}" data-sha="${'ab12'.repeat(8)}">${i}</li>`).join('');
    expect(await verdict(`<ul>${rows}</ul>`)).toBe('pass');
  });

  it('what counts as base64 of text', () => {
    expect(base64DataText(b64('<p>机密★5年</p>'))).toEqual({ text: '<p>机密★5年</p>', encoding: 'utf-8' });
    expect(base64DataText(b64(iconv.encode('机密★5年', 'gb18030')))).toEqual({ text: '机密★5年', encoding: 'gb18030' });
    // Too short, hex digits, blanks, binary bytes, text without a letter: none.
    for (const v of ['QUJD', 'deadbeefdeadbeef', 'SGVsbG8g d29ybGQ=', b64(Buffer.from([0, 1, 2, 3, 250, 251, 252, 253, 7, 8])), b64('12345678')]) expect(base64DataText(v), v).toBeUndefined();
  });
});
