/**
 * The star of a marking as a symbol font draws it: LibreOffice keeps a Wingdings ★ inserted as a
 * symbol as its private-use code U+F0AB in a span of that font, and « typed in Wingdings draws ★
 * too. Both read as themselves, so 机密 + the star + 5年 passed; now they read ★.
 */
import { strToU8, zipSync, type Zippable } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '@prepub/core';
import { createScanner, type Scanner } from '@prepub/scanner';
import { extractOdf } from '../src/index.ts';

const NS = ['office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"', 'text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"', 'style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"', 'fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"', 'svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"']
  .map((n) => `xmlns:${n}`)
  .join(' ');
const FONTS = '<office:font-face-decls><style:font-face style:name="Wingdings" svg:font-family="Wingdings" style:font-charset="x-symbol"/></office:font-face-decls>';
const content = (body: string, auto: string) => `<?xml version="1.0" encoding="UTF-8"?><office:document-content ${NS} office:version="1.3">${FONTS}<office:automatic-styles>${auto}</office:automatic-styles><office:body><office:text>${body}</office:text></office:body></office:document-content>`;
function odt(xml: string): Uint8Array {
  const z: Zippable = { mimetype: [strToU8('application/vnd.oasis.opendocument.text'), { level: 0 }] };
  z['META-INF/manifest.xml'] = strToU8('<?xml version="1.0"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.text"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>');
  z['content.xml'] = strToU8(xml);
  return zipSync(z);
}
const P = (t: string, style = '') => `<text:p${style ? ` text:style-name="${style}"` : ''}>${t}</text:p>`;
const NOTICE = ['江临市水务局关于做好汛期值班工作的通知', '各区县水务局：', '现将有关事项通知如下。'].map((t) => P(t)).join('');
const NEWS = ['五月以来，各单位组织观看警示教育片，开展保密知识竞赛。'].map((t) => P(t)).join('');
const SPAN = '<style:style style:name="W" style:family="text"><style:text-properties style:font-name="Wingdings"/></style:style>';
const PARA = '<style:style style:name="PW" style:family="paragraph"><style:text-properties style:font-name="Wingdings" style:font-name-asian="SimSun"/></style:style>';
/** A line with `sym` between `before` and `after`, the symbol's font from a span style or its paragraph's style. */
const ways = (before: string, sym: string, after: string, rest: string) => ({
  'U+F0AB in a Wingdings span': odt(content(P(`${before}<text:span text:style-name="W">\uf0ab</text:span>${after}`) + rest, SPAN)),
  '« in a Wingdings span': odt(content(P(`${before}<text:span text:style-name="W">${sym}</text:span>${after}`) + rest, SPAN)),
  '« in a paragraph whose style is Wingdings': odt(content(P(`${before}${sym}${after}`, 'PW') + rest, PARA)),
});

let scanner: Scanner;
beforeAll(async () => {
  scanner = await createScanner({ ocr: false, isolation: false });
});
afterAll(() => scanner?.close());

describe('stars of a symbol font', () => {
  it('机密 + the star + 5年 reads 机密★5年 and blocks', async () => {
    for (const [how, bytes] of Object.entries(ways('机密', '«', '5年', NOTICE))) {
      const body = (await extractOdf(bytes, { limits: DEFAULT_LIMITS })).parts.find((p) => p.id === 'body');
      expect(body?.text.split('\n')[0], how).toBe('机密★5年');
      expect((await scanner.scan(bytes, { filename: 'notice.odt' })).verdict, how).toBe('block');
    }
  });

  it('a star around a news title about the secrecy month passes with nothing unread', async () => {
    for (const [how, bytes] of Object.entries(ways('', '«', '保密宣传月活动', NEWS))) {
      const r = await scanner.scan(bytes, { filename: 'news.odt' });
      expect(r.coverage.unread, how).toEqual([]);
      expect(r.verdict, how).toBe('pass');
    }
  });
});
