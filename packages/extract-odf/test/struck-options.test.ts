/**
 * A form's options struck through but one (不适用的划去: 密级：~~绝密~~ 机密 ~~秘密~~), as an ODT styles
 * them (style:text-line-through-style on a text style, also inherited from a parent style). The row
 * read whole lists the three levels and passed; the paragraph is also read without its struck text.
 */
import { strToU8, zipSync, type Zippable } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScanner, type Scanner } from '@prepub/scanner';

const NS = ['office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"', 'text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"', 'style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"', 'fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"'].map((n) => `xmlns:${n}`).join(' ');
function odt(body: string, auto: string, styles = ''): Uint8Array {
  const z: Zippable = { mimetype: [strToU8('application/vnd.oasis.opendocument.text'), { level: 0 }] };
  z['META-INF/manifest.xml'] = strToU8('<?xml version="1.0"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.text"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/><manifest:file-entry manifest:full-path="styles.xml" manifest:media-type="text/xml"/></manifest:manifest>');
  z['content.xml'] = strToU8(`<?xml version="1.0" encoding="UTF-8"?><office:document-content ${NS} office:version="1.3"><office:automatic-styles>${auto}</office:automatic-styles><office:body><office:text>${body}</office:text></office:body></office:document-content>`);
  z['styles.xml'] = strToU8(`<?xml version="1.0" encoding="UTF-8"?><office:document-styles ${NS} office:version="1.3"><office:styles>${styles}</office:styles></office:document-styles>`);
  return zipSync(z);
}
const P = (t: string) => `<text:p>${t}</text:p>`;
const S = (t: string) => `<text:span text:style-name="T1">${t}</text:span>`;
const slip = (row: string, auto: string, styles = '') => odt(P('文件处理单') + P('来文单位：江临市发展和改革委员会') + P(row) + P('事由：关于下达年度投资计划的函'), auto, styles);
const strikeStyle = (props: string, parent = '') => `<style:style style:name="T1" style:family="text"${parent ? ` style:parent-style-name="${parent}"` : ''}><style:text-properties ${props}/></style:style>`;

let scanner: Scanner;
beforeAll(async () => {
  scanner = await createScanner({ ocr: false, isolation: false });
});
afterAll(() => scanner?.close());

describe('ODT: options struck through', () => {
  it.each([
    ['style:text-line-through-style="solid"', ''],
    ['style:text-line-through-type="double"', ''],
  ])('%s on 绝密 and 秘密: the one left blocks', async (props) => {
    const r = await scanner.scan(slip(`密级：${S('绝密')} 机密 ${S('秘密')}`, strikeStyle(props)), { filename: 'slip.odt' });
    expect(r.verdict).toBe('block');
    expect(r.findings.some((f) => f.severity === 'block' && f.location.part === 'unstruck')).toBe(true);
  });

  it('the strike inherited from a named parent style blocks too', async () => {
    const named = '<style:style style:name="Struck" style:family="text"><style:text-properties style:text-line-through-style="solid"/></style:style>';
    const r = await scanner.scan(slip(`密级：${S('绝密')} 机密 ${S('秘密')}`, strikeStyle('fo:font-weight="normal"', 'Struck'), named), { filename: 'slip.odt' });
    expect(r.verdict).toBe('block');
  });

  it('no strike (line-through none), nothing struck, or 公开 left: pass', async () => {
    for (const [row, auto] of [
      [`密级：${S('绝密')} 机密 ${S('秘密')}`, strikeStyle('style:text-line-through-style="none"')],
      ['密级：绝密 机密 秘密', ''],
      [`密级：${S('绝密 机密 秘密')} 公开`, strikeStyle('style:text-line-through-style="solid"')],
    ]) {
      const r = await scanner.scan(slip(row, auto), { filename: 'slip.odt' });
      expect(r.verdict, row).toBe('pass');
    }
  });
});
