/**
 * HTML whose marking sits where a browser does not show it, or whose start hides that it is a page:
 * generated pages through the whole scanner. None with an intact marking may pass; a news page that
 * only talks about secrecy in the same places still passes.
 */
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScanner, type Scanner } from '@prepub/scanner';

const MARK = '机密★5年';
const notice = (markingLine: string, opts: { head?: string; style?: string; meta?: string } = {}): string =>
  `${opts.head ?? '<!DOCTYPE html>\n'}<html lang="zh-CN">\n<head>\n${opts.meta ?? '<meta charset="utf-8">'}\n<title>关于做好重大项目审查工作的通知</title>\n${opts.style ?? ''}</head>\n<body>\n<p>000024</p>\n${markingLine}\n<p>特急</p>\n<p align="center">江临市生态环境局文件</p>\n<p align="center">江环发〔2024〕16号</p>\n<h2 align="center">关于做好重大项目审查工作的通知</h2>\n<p>各区县生态环境分局：</p>\n<p>　　为进一步规范重大项目审查，现就有关事项通知如下。</p>\n<p align="right">江临市生态环境局<br>2024年5月6日</p>\n</body>\n</html>\n`;
const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);

describe('HTML: markings out of sight', () => {
  let scanner: Scanner;
  beforeAll(async () => {
    scanner = await createScanner({ ocr: false });
  });
  afterAll(async () => {
    await scanner.close();
  });

  const cases: Array<[string, Uint8Array, string?]> = [
    ['UTF-8 BOM, marking in alt', new Uint8Array([0xef, 0xbb, 0xbf, ...utf8(notice(`<p><img src="a.png" alt="${MARK}"></p>`))]), 'html:attributes'],
    ['UTF-16LE BOM, marking in alt', new Uint8Array(iconv.encode(notice(`<p><img src="a.png" alt="${MARK}"></p>`), 'utf-16le', { addBOM: true })), 'html:attributes'],
    ['damaged doctype, marking in alt', utf8(notice(`<p><img src="a.png" alt="${MARK}"></p>`, { head: '<!DOCVYPE html>\n' })), 'html:attributes'],
    ['comment before the doctype', utf8(notice(`<p><img src="a.png" alt="${MARK}"></p>`, { head: '<!-- saved -->\n  <!DOCTYPE html>\n' })), 'html:attributes'],
    ['lost quote in meta charset', utf8(notice(`<p>${MARK}</p>`, { meta: '<meta charset="utf-8 >' }).replace('align="right"', 'align="right')), 'html:attribute-text'],
    ['CSS comment', utf8(notice(`<style>/*\n<p>${MARK}</p>\n*/</style>`)), 'html:style'],
    ['CSS string', utf8(notice('<p></p>', { style: `<style>p { font-family: "${MARK}" }</style>\n` })), 'html:style'],
  ];
  for (const [what, bytes, part] of cases) {
    it(`${what}: does not pass, the marking located in ${part}`, { timeout: 60_000 }, async () => {
      const r = await scanner.scan(bytes, { filename: 'notice.html' });
      expect(r.document.format).toBe('html');
      expect(r.verdict).not.toBe('pass');
      const f = r.findings.find((x) => x.location.part === part);
      expect(f, JSON.stringify(r.findings.map((x) => [x.ruleId, x.location.part]))).toBeDefined();
    });
  }

  it('a news page that talks about secrecy in its style sheet and attributes passes', { timeout: 60_000 }, async () => {
    const page = `<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8"><title>保密宣传月活动启动</title>\n<style>/* 保密宣传月专题页样式 */ .banner { font-family: "微软雅黑" }</style></head>\n<body><div class="banner" data-topic="保密宣传月"><h1>我市启动保密宣传月活动</h1></div>\n<p class="保密宣传">本月起，市保密局组织开展保密宣传月活动，宣讲《中华人民共和国保守国家秘密法》，提醒各单位注意数据的机密性。</p></body></html>\n`;
    const r = await scanner.scan(utf8(page), { filename: 'news.html' });
    expect(r.document.format).toBe('html');
    expect(r.verdict, JSON.stringify(r.findings.map((x) => [x.ruleId, x.location.part]))).toBe('pass');
  });
});
