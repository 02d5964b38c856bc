/**
 * data: URLs a browser draws though they are not written `data:` at the start of the value: the
 * URL parser trims blanks and controls, drops tabs and line breaks, and takes the scheme in any
 * case; CSS resolves its escapes before it reads `url(`, and image-set() takes quoted strings. Each
 * picture had been left unread and the page passed; each is now handed to OCR. A base64 payload
 * written some other way is a loss (fail closed).
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS, type ExtractContext } from '@prepub/core';
import { extractHtml } from '@prepub/extractors';
import { cpuMsSince } from '../../../tests/cpu-time.ts';

const ctx = (): ExtractContext => ({ limits: DEFAULT_LIMITS }) as ExtractContext;
const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);
// The start of a PNG (its signature and IHDR), enough to be handed on as a picture.
const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAyAAAAEsCAAAAAAeRojm';
const page = (head: string, body: string): Uint8Array =>
  utf8(`<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>关于做好年度保密自查工作的通知</title>${head}</head><body>${body}<p>各处室：请于本月底前完成自查并报送结果。</p></body></html>`);

describe('HTML: data: URLs as a browser parses them', () => {
  it.each([
    ['a blank before the scheme', '', `<img src=" data:image/png;base64,${PNG}">`],
    ['a line break before the scheme', '', `<img src="\n\tdata:image/png;base64,${PNG}">`],
    ['the scheme in mixed case', '', `<img src="DaTa:image/png;base64,${PNG}">`],
    ['a tab inside the scheme', '', `<img src="da&#9;ta:image/png;base64,${PNG}">`],
    ['a line feed inside the scheme', '', `<img src="dat&#10;a:image/png;base64,${PNG}">`],
    ['a CSS escape spelling url(', `<style>.b{background-image:\\75 rl(data:image/png;base64,${PNG})}</style>`, '<div class="b"></div>'],
    ['a CSS escape spelling data:', `<style>.b{background-image:url("\\64 ata:image/png;base64,${PNG}")}</style>`, '<div class="b"></div>'],
    ['image-set() with a quoted string', `<style>.b{background-image:image-set("data:image/png;base64,${PNG}" 1x)}</style>`, '<div class="b"></div>'],
    ['-webkit-image-set() in a style attribute', '', `<div style="background-image:-webkit-image-set('data:image/png;base64,${PNG}' 1x)"></div>`],
    ['an upper-case scheme in a srcset', '', `<img src="logo.png" srcset="DATA:image/png;base64,${PNG} 2x">`],
  ])('%s: the picture is handed to OCR', (_, head, body) => {
    const r = extractHtml(page(head, body), ctx());
    expect(r.images?.length).toBe(1);
    expect(Buffer.from(r.images![0]!.bytes).subarray(1, 4).toString('latin1')).toBe('PNG');
  });

  it('a base64 payload in an attribute or CSS value that is not read as a data: URL is a loss', () => {
    for (const [head, body] of [
      ['', `<div class="lazy" data-background="url(data:image/png;base64,${PNG})"></div>`],
      [`<style>.b{mask:element(#x) , paint(data:image/png;base64,${PNG})}</style>`, '<div class="b"></div>'],
    ]) {
      const r = extractHtml(page(head, body), ctx());
      expect(r.images ?? [], body).toEqual([]);
      expect((r.loss ?? []).some((l) => /base64 payload/.test(l.detail)), body).toBe(true);
    }
  });

  it('ordinary addresses and stylesheets: no picture, no loss', () => {
    const r = extractHtml(
      page(
        '<style>.hero{background:url(/img/data-center.png) no-repeat}.f{src:url("fonts/database.woff2")}</style>',
        '<img src="https://example.cn/data/logo.png" alt="标志"><a href="/data:report/2024">数据报告</a><div class="hero"></div>',
      ),
      ctx(),
    );
    expect(r.images ?? []).toEqual([]);
    expect(r.loss ?? []).toEqual([]);
  });

  it('hostile style sheets (escapes, unclosed url( and strings) take linear time', () => {
    for (const css of ['\\75 rl('.repeat(100_000), 'url('.repeat(200_000), '"\\'.repeat(200_000), `${'a'.repeat(500_000)}base64,`]) {
      const t = process.cpuUsage();
      extractHtml(page(`<style>${css}</style>`, `<div style='${css.replace(/'/g, '')}'></div>`), ctx());
      expect(cpuMsSince(t), css.slice(0, 12)).toBeLessThan(3000);
    }
  });
});
