/**
 * A percent-encoded `data:` URI in a text (a CMS field or export holding an embed as
 * `data:text/html;charset=utf-8,%3Cp%3E…`, as encodeURIComponent writes it). The page it shows
 * opens with `机密★5年`, yet the text passed: the percent-decoded reading saw the page's markup
 * inline (`data:text/html;charset=utf-8,<p>机密★5年</p>…`), the marking inside a line. Each such
 * URI of a page, a text or a vector picture is now read as the file it is; the same embed opening
 * with `公开` passes; past 32 URIs the rest is reported unread (limit).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScanner, type Scanner } from '../../scanner/src/index.ts';
import { MAX_DATA_URIS } from '../src/data-uris.ts';

const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);
const BODY = ['江临市人民政府办公室文件', '临政办发〔2026〕17号', '关于做好2027年元旦春节期间安全保卫工作的通知', '各区县人民政府，市政府各部门：', '为确保节日期间社会稳定，现就有关事项通知如下。'];
const page = (first: string) => `<!DOCTYPE html><html><head><meta charset="utf-8"></head><body><p>${first}</p>${BODY.map((l) => `<p>${l}</p>`).join('')}</body></html>`;
const embed = (first: string) => `data:text/html;charset=utf-8,${encodeURIComponent(page(first))}`;
const svg = (words: string) => `data:image/svg+xml,${encodeURIComponent(`<svg xmlns="http://www.w3.org/2000/svg" width="480" height="60"><text x="8" y="36" font-size="24">${words}</text></svg>`)}`;

let scanner: Scanner;
beforeAll(async () => {
  scanner = await createScanner({ ocr: false, isolation: false });
}, 60_000);
afterAll(async () => {
  await scanner?.close();
});

describe('percent-encoded data: URIs in a text', () => {
  it('an embed field (.txt) and a JSON export holding a marked page block; the 公开 page passes', async () => {
    expect((await scanner.scan(utf8(embed('机密★5年')), { filename: 'embed.txt' })).verdict).toBe('block');
    expect((await scanner.scan(utf8(embed('公开')), { filename: 'embed.txt' })).verdict).toBe('pass');
    const json = (first: string) => utf8(JSON.stringify({ id: 17, title: '通知', embed: embed(first), summary: BODY[2] }));
    expect((await scanner.scan(json('秘密★1年'), { filename: 'article.json' })).verdict).toBe('block');
    expect((await scanner.scan(json('公开'), { filename: 'article.json' })).verdict).toBe('pass');
  });

  it('a cover picture drawn as an SVG with its lettering blocks; a plain cover passes', async () => {
    const json = (words: string) => utf8(JSON.stringify({ cover: svg(words), body: BODY.join('\n') }));
    expect((await scanner.scan(json('绝密★启用前'), { filename: 'cover.json' })).verdict).toBe('block');
    expect((await scanner.scan(json('江临市人民政府'), { filename: 'cover.json' })).verdict).toBe('pass');
  });

  it('past the bound the rest is unread (limit)', async () => {
    const many = Array.from({ length: MAX_DATA_URIS + 2 }, () => embed('公开')).join('\n');
    const r = await scanner.scan(utf8(many), { filename: 'embeds.txt' });
    expect(r.verdict).not.toBe('pass');
    expect(r.coverage.unread.some((u) => u.reason === 'limit' && /data: URIs/.test(u.where))).toBe(true);
  });
});
