/**
 * A link or a source written percent-encoded (href="…/%E6%9C%BA%E5%AF%86%E2%98%855%E5%B9%B4/…") is
 * shown decoded in a browser's status bar and address bar, and is read so as well as written: the
 * raw value holds nothing outside ASCII, so it had not been read at all and the page passed.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS, type ExtractContext } from '@prepub/core';
import { extractHtml } from '@prepub/extractors';

const ctx = (): ExtractContext => ({ limits: DEFAULT_LIMITS }) as ExtractContext;
const pct = (s: string) => encodeURIComponent(s);
const page = (body: string) =>
  new TextEncoder().encode(`<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>汛期物资调度</title></head><body><p>关于做好汛期物资调度工作的通知</p>${body}</body></html>`);
const readText = async (bytes: Uint8Array) => (await extractHtml(bytes, ctx())).parts.map((p) => p.text).join('\n');

describe('percent-encoded links in HTML', () => {
  it('a link, a picture source and a form action spelling a marking percent-encoded are read decoded', async () => {
    for (const body of [
      `<p><a href="http://oa.jianglin.gov.cn/files/${pct('机密★5年')}/${pct('调度方案')}.docx">调度方案</a></p>`,
      `<img src="/img/${pct('机密★5年')}.png" alt="物资分布图">`,
      `<form action="/submit/${pct('机密★5年')}"><input type="submit" value="提交"></form>`,
    ]) {
      expect(await readText(page(body)), body).toContain('机密★5年');
    }
  });
  it('ASCII links and escapes that are not UTF-8 add nothing', async () => {
    const text = await readText(page('<p><a href="http://oa.jianglin.gov.cn/files/wz-2024.docx?a=%20b">方案</a> <a href="/x/%BB%FA%C3%DC">旧链接</a></p>'));
    expect(text).not.toContain('wz-2024');
    expect(text).not.toContain('%BB');
  });
});
