/**
 * Text in the colour its paragraph style (or the default paragraph style) gives: white on the
 * white page is unseen. Only a span's colour was weighed, so 机密★5年 in a black span followed in
 * its line by a sentence of the white paragraph read as one line of running text, and passed.
 * White on a dark cell or a dark paragraph is still seen.
 */
import { strToU8, zipSync, type Zippable } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '@prepub/core';
import { createScanner, type Scanner } from '@prepub/scanner';
import { extractOdf } from '../src/index.ts';

const NS = ['office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"', 'text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"', 'table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"', 'style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"', 'fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"']
  .map((n) => `xmlns:${n}`)
  .join(' ');
const content = (body: string, auto: string) => `<?xml version="1.0" encoding="UTF-8"?><office:document-content ${NS} office:version="1.3"><office:automatic-styles>${auto}</office:automatic-styles><office:body><office:text>${body}</office:text></office:body></office:document-content>`;
const stylesXml = (inner: string) => `<?xml version="1.0" encoding="UTF-8"?><office:document-styles ${NS} office:version="1.3"><office:styles>${inner}</office:styles></office:document-styles>`;
function odt(files: Record<string, string>): Uint8Array {
  const z: Zippable = { mimetype: [strToU8('application/vnd.oasis.opendocument.text'), { level: 0 }] };
  const entries = Object.keys(files).map((f) => `<manifest:file-entry manifest:full-path="${f}" manifest:media-type="text/xml"/>`).join('');
  z['META-INF/manifest.xml'] = strToU8(`<?xml version="1.0"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.text"/>${entries}</manifest:manifest>`);
  for (const [k, v] of Object.entries(files)) z[k] = strToU8(v);
  return zipSync(z);
}
const BLACK = '<style:style style:name="K" style:family="text"><style:text-properties fo:color="#000000"/></style:style>';
const WHITE_P = '<style:style style:name="PW" style:family="paragraph"><style:text-properties fo:color="#ffffff"/></style:style>';
const k = (t: string) => `<text:span text:style-name="K">${t}</text:span>`;
const P = (t: string, style = '') => `<text:p${style ? ` text:style-name="${style}"` : ''}>${t}</text:p>`;
const TAIL = '根据工作需要，现将本年度汛期物资调度有关安排印发给你们';
const NOTICE = P(k('关于做好汛期物资调度工作的通知')) + P(k('各区县应急管理局：'));
const ways = (first: string) => ({
  'paragraph style': odt({ 'content.xml': content(P(first, 'PW') + NOTICE, BLACK + WHITE_P) }),
  'default paragraph style': odt({ 'content.xml': content(P(first) + NOTICE, BLACK), 'styles.xml': stylesXml('<style:default-style style:family="paragraph"><style:text-properties fo:color="#ffffff"/></style:default-style>') }),
});

let scanner: Scanner;
beforeAll(async () => {
  scanner = await createScanner({ ocr: false, isolation: false });
});
afterAll(() => scanner?.close());

describe("a paragraph style's colour", () => {
  it('a white sentence after 机密★5年 in a black span is hidden text, and the marking blocks', async () => {
    for (const [how, bytes] of Object.entries(ways(k('机密★5年') + TAIL))) {
      const x = await extractOdf(bytes, { limits: DEFAULT_LIMITS });
      expect(x.parts.find((p) => p.id === 'body')?.text.split('\n')[0], how).toBe('机密★5年');
      expect(x.parts.find((p) => p.id === 'body#hidden')?.text, how).toBe(TAIL);
      expect((await scanner.scan(bytes, { filename: 'notice.odt' })).verdict, how).toBe('block');
    }
  });

  it('white on a dark cell or paragraph is seen; the same after a 保密宣传月 title passes with nothing unread', async () => {
    const dark = '<style:style style:name="C1" style:family="table-cell"><style:table-cell-properties fo:background-color="#1f3864"/></style:style><style:style style:name="PB" style:family="paragraph"><style:paragraph-properties fo:background-color="#c00000"/><style:text-properties fo:color="#ffffff"/></style:style>';
    const seen = await extractOdf(odt({ 'content.xml': content(`<table:table table:name="T"><table:table-column/><table:table-row><table:table-cell table:style-name="C1">${P('深底白字单元格', 'PW')}</table:table-cell></table:table-row></table:table>${P('红底白字段落', 'PB')}`, WHITE_P + dark) }), { limits: DEFAULT_LIMITS });
    expect(seen.parts.find((p) => p.id === 'body')?.text.split('\n').slice(0, 2)).toEqual(['深底白字单元格', '红底白字段落']);
    for (const [how, bytes] of Object.entries(ways(k('关于开展保密宣传月活动的通知') + '（第二稿，供内部讨论）'))) {
      const r = await scanner.scan(bytes, { filename: 'news.odt' });
      expect(r.coverage.unread, how).toEqual([]);
      expect(r.verdict, how).toBe('pass');
    }
  });
});
