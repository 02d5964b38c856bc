/**
 * The charset a page declares, found as a browser's prescan finds it (WHATWG): a `<meta>` inside a
 * comment declares nothing, a `>` inside a quoted attribute does not end the tag, an XML
 * declaration gives way to a `<meta>`, and in one `<meta>` a `charset` attribute wins over
 * `http-equiv`+`content`. Each page below had been read in the other charset (Big5 reading of
 * GBK bytes: common characters, so no loss) and passed. And a declared charset that decodes
 * cleanly no longer hides a reading that scores clearly higher.
 */
import { describe, expect, it } from 'vitest';
import iconv from 'iconv-lite';
import { DEFAULT_LIMITS, type ExtractContext } from '@prepub/core';
import { declaredCharset, decodeText, extractHtml } from '@prepub/extractors';
import { cpuMsSince } from '../../../tests/cpu-time.ts';

const ctx = (mediaType?: string): ExtractContext => ({ limits: DEFAULT_LIMITS, ...(mediaType ? { mediaType } : {}) }) as ExtractContext;
const MARK = '机密★5年';
const BODY = `<p>${MARK}</p><p>保密检查方案</p><p>各部门: 根据安排, 本局将开展保密检查, 各部门备好材料, 按表格报办公部门.</p><p>附件: 检查表</p>`;
const gbk = (head: string, prolog = '<!DOCTYPE html>\n'): Uint8Array => new Uint8Array(iconv.encode(`${prolog}<html><head>${head}</head><body>\n${BODY}\n</body></html>\n`, 'gbk'));
const ascii = (s: string): Uint8Array => new TextEncoder().encode(s);

describe('HTML charset: the WHATWG meta prescan', () => {
  it.each([
    ['a <meta> inside a comment declares nothing', '<!-- <meta charset="big5"> -->\n<meta charset="gbk">', '<!DOCTYPE html>\n'],
    ['a > inside a quoted attribute does not end the tag', '<meta name="x>y" charset="gbk">\n<meta charset="big5">', '<!DOCTYPE html>\n'],
    ['an XML declaration gives way to <meta>', '<meta charset="gbk">', '<?xml version="1.0" encoding="big5"?>\n<!DOCTYPE html>\n'],
    ['charset before http-equiv in one <meta>: charset wins', '<meta charset="gbk" http-equiv="Content-Type" content="text/html; charset=big5">', '<!DOCTYPE html>\n'],
  ])('%s: the page is read as GBK and its marking found', (_, head, prolog) => {
    const bytes = gbk(head, prolog);
    expect(declaredCharset(bytes)?.label).toBe('gbk');
    const r = extractHtml(bytes, ctx());
    expect(r.parts.find((p) => p.id === 'body')?.text.split('\n')[0]).toBe(MARK);
  });

  it('follows the algorithm on the edges', () => {
    // In one <meta>, a charset attribute wins over content whatever their order (content counts only while no charset is set).
    expect(declaredCharset(ascii('<meta http-equiv="Content-Type" content="text/html; charset=big5" charset="gbk">'))?.label).toBe('gbk');
    expect(declaredCharset(ascii('<meta http-equiv="Content-Type" content="text/html; charset=big5"><meta charset="gbk">'))?.label).toBe('big5');
    // content without http-equiv declares nothing; an unknown label is passed over.
    expect(declaredCharset(ascii('<meta content="text/html; charset=big5"><meta charset="gbk">'))?.label).toBe('gbk');
    expect(declaredCharset(ascii('<meta charset="no-such-thing"><meta charset=\'gb2312\'>'))?.label).toBe('gb2312');
    // <!--> closes at once; `<!x>` and `</x y=">">` are skipped as wholes.
    expect(declaredCharset(ascii('<!--><meta charset=big5>'))?.label).toBe('big5');
    expect(declaredCharset(ascii('<div title=\'<meta charset="big5">\'></div><meta charset=gbk>'))?.label).toBe('gbk');
    expect(declaredCharset(ascii('<META CHARSET="UTF-16LE">'))?.label).toBe('utf-8');
    // An XML declaration alone still declares (XHTML and SVG are read with it).
    expect(declaredCharset(ascii("<?xml version='1.0' encoding='Big5'?><svg xmlns='http://www.w3.org/2000/svg'>"))).toEqual({ label: 'Big5', source: 'XML declaration' });
  });

  it('hostile heads take linear time', () => {
    for (const h of ['<meta a="'.repeat(500), '<!--'.repeat(1000), '<a b=c '.repeat(600), '<meta '.repeat(700)]) {
      const t = process.cpuUsage();
      declaredCharset(ascii(h));
      expect(cpuMsSince(t)).toBeLessThan(200);
    }
  });
});

describe('decodeText: a clean declared reading keeps a clearly better one beside it', () => {
  it('GBK served as Big5: the GB18030 reading is an alternative, and the page is read in it', () => {
    const bytes = gbk('');
    const d = decodeText(bytes, { label: 'big5', source: 'Content-Type' });
    expect(d.encoding).toBe('big5');
    expect(d.alternatives.map((a) => a.encoding)).toContain('gb18030');
    const r = extractHtml(bytes, ctx('text/html; charset=big5'));
    expect(r.parts.find((p) => p.id === 'body@gb18030')?.text.split('\n')[0]).toBe(MARK);
  });

  it('a page in the charset it declares gets no alternative', () => {
    for (const [enc, text] of [['gbk', '关于开展保密宣传月活动的通知 各部门：请按安排组织学习，做好宣传。'], ['big5', '關於開展保密宣傳月活動的通知 各部門：請按安排組織學習，做好宣傳。']]) {
      const d = decodeText(new Uint8Array(iconv.encode(`<html><body><p>${text}</p></body></html>`, enc)), { label: enc, source: '<meta charset>' });
      expect(d.alternatives, enc).toEqual([]);
    }
  });
});
