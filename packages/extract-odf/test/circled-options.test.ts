/**
 * A form's option boxed or highlighted (密级：绝密 机密 秘密 with the chosen level marked), as an ODT
 * styles it: a border on a text style (fo:border; LibreOffice writes loext:border), also inherited
 * from a parent style, or a background (fo:background-color); or an ellipse drawn over the row
 * (draw:ellipse, or LibreOffice's draw:custom-shape with an ellipse geometry) anchored in it. The
 * row read whole lists the three levels — a blank form — and passed. A paragraph with one boxed
 * stretch, or in a row listing the levels one highlighted option, is now also read as that stretch
 * chosen (circled-choice: 密级：机密); a row with an ellipse anchored in it is unread (review).
 */
import { strToU8, zipSync, type Zippable } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScanner, type Scanner } from '@prepub/scanner';

const NS = [
  'office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"',
  'text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"',
  'style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"',
  'fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"',
  'draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"',
  'svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"',
  'loext="urn:org:documentfoundation:names:experimental:office:xmlns:loext:1.0"',
].map((n) => `xmlns:${n}`).join(' ');
function odt(body: string, auto: string, styles = ''): Uint8Array {
  const z: Zippable = { mimetype: [strToU8('application/vnd.oasis.opendocument.text'), { level: 0 }] };
  z['META-INF/manifest.xml'] = strToU8('<?xml version="1.0"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.text"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/><manifest:file-entry manifest:full-path="styles.xml" manifest:media-type="text/xml"/></manifest:manifest>');
  z['content.xml'] = strToU8(`<?xml version="1.0" encoding="UTF-8"?><office:document-content ${NS} office:version="1.3"><office:automatic-styles>${auto}</office:automatic-styles><office:body><office:text>${body}</office:text></office:body></office:document-content>`);
  z['styles.xml'] = strToU8(`<?xml version="1.0" encoding="UTF-8"?><office:document-styles ${NS} office:version="1.3"><office:styles>${styles}</office:styles></office:document-styles>`);
  return zipSync(z);
}
/** The same as a flat document (.fodt). */
const fodt = (body: string, auto: string) =>
  strToU8(`<?xml version="1.0" encoding="UTF-8"?><office:document ${NS} office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text"><office:automatic-styles>${auto}</office:automatic-styles><office:body><office:text>${body}</office:text></office:body></office:document>`);
const P = (t: string) => `<text:p>${t}</text:p>`;
const S = (t: string) => `<text:span text:style-name="T1">${t}</text:span>`;
const form = (row: string) => P('文件处理单') + P('来文单位：江临市发展和改革委员会') + P(row) + P('事由：关于下达年度投资计划的函');
const slip = (row: string, auto: string, styles = '') => odt(form(row), auto, styles);
const T1 = (props: string, parent = '') => `<style:style style:name="T1" style:family="text"${parent ? ` style:parent-style-name="${parent}"` : ''}><style:text-properties ${props}/></style:style>`;
const BORDER = T1('fo:border="0.5pt solid #000000" fo:padding="0cm"');
const ELLIPSE = '<draw:ellipse text:anchor-type="paragraph" draw:z-index="0" svg:width="1.4cm" svg:height="0.7cm" svg:x="2.5cm" svg:y="-0.05cm"/>';
const CUSTOM = '<draw:custom-shape text:anchor-type="char" draw:z-index="0" draw:name="椭圆 5" svg:width="1.39cm" svg:height="0.69cm" svg:x="2.5cm" svg:y="-0.06cm"><text:p/><draw:enhanced-geometry svg:viewBox="0 0 21600 21600" draw:type="ellipse" draw:enhanced-path="U 10800 10800 10800 10800 0 360 Z N"/></draw:custom-shape>';

let scanner: Scanner;
beforeAll(async () => {
  scanner = await createScanner({ ocr: false, isolation: false });
});
afterAll(() => scanner?.close());

describe('ODT: an option boxed or highlighted', () => {
  it.each([
    ['fo:border on 机密', `密级：绝密 ${S('机密')} 秘密`, BORDER, ''],
    ['LibreOffice\'s loext:border on 机密', `密级：绝密 ${S('机密')} 秘密`, T1('loext:padding="0cm" loext:border="0.51pt solid #000000" loext:shadow="none"'), ''],
    ['a border inherited from a named parent style', `密级：绝密 ${S('机密')} 秘密`, T1('fo:font-weight="normal"', 'Boxed'), '<style:style style:name="Boxed" style:family="text"><style:text-properties fo:border-bottom="0.5pt solid #000000" fo:border-top="0.5pt solid #000000" fo:border-left="0.5pt solid #000000" fo:border-right="0.5pt solid #000000"/></style:style>'],
    ['a highlight on 机密 (fo:background-color)', `密级：绝密 ${S('机密')} 秘密`, T1('fo:background-color="#ffff00"'), ''],
  ])('%s blocks, found in the reading of the choice', async (_, row, auto, styles) => {
    const r = await scanner.scan(slip(row, auto, styles), { filename: 'slip.odt' });
    expect(r.verdict).toBe('block');
    expect(r.findings.some((f) => f.severity === 'block' && f.location.part === 'circled-choice')).toBe(true);
  });

  it('a flat document (.fodt) with 机密 boxed blocks', async () => {
    const r = await scanner.scan(fodt(form(`密级：绝密 ${S('机密')} 秘密`), BORDER), { filename: 'slip.fodt' });
    expect(r.verdict).toBe('block');
  });

  it.each([
    ['draw:ellipse', ELLIPSE],
    ['a custom shape of an ellipse geometry (LibreOffice)', CUSTOM],
    ['a custom shape of a Word ellipse LibreOffice converted (ooxml-ellipse)', CUSTOM.replace('draw:type="ellipse"', 'draw:type="ooxml-ellipse"')],
    // A box, a free-form ring, a diamond or a line over the option passed as a blank form.
    ['draw:rect', ELLIPSE.replace('draw:ellipse', 'draw:rect')],
    ['a custom shape drawn free-hand (no preset geometry)', CUSTOM.replace(' draw:type="ellipse" draw:enhanced-path="U 10800 10800 10800 10800 0 360 Z N"', ' draw:enhanced-path="M 0 10800 C 0 0 21600 0 21600 10800 C 21600 21600 0 21600 0 10800 Z N"')],
    ['draw:polygon', '<draw:polygon text:anchor-type="paragraph" draw:z-index="0" svg:width="1.4cm" svg:height="0.7cm" svg:x="2.5cm" svg:y="-0.05cm" svg:viewBox="0 0 1400 700" draw:points="0,350 700,0 1400,350 700,700"/>'],
    ['draw:line', '<draw:line text:anchor-type="paragraph" draw:z-index="0" svg:x1="2.5cm" svg:y1="0.3cm" svg:x2="3.9cm" svg:y2="0.3cm"/>'],
  ])('%s anchored in a 密级 row is unread (review); in a row of 公开 it passes', async (_, shape) => {
    const r = await scanner.scan(slip(`密级：绝密 机密 秘密${shape}`, ''), { filename: 'slip.odt' });
    expect(r.verdict).toBe('review');
    expect(r.coverage.unread.some((u) => u.where === 'content.xml' && /ellipse, a box, a line/.test(u.detail))).toBe(true);
    expect((await scanner.scan(slip(`密级：公开${shape}`, ''), { filename: 'slip.odt' })).verdict).toBe('pass');
  });

  it.each([
    ['nothing marked', '密级：绝密 机密 秘密', ''],
    ['公开 boxed', `密级：绝密 机密 秘密 ${S('公开')}`, BORDER],
    ['every option boxed', `密级：${S('绝密')} ${S('机密')} ${S('秘密')}`, BORDER],
    ['the border none', `密级：绝密 ${S('机密')} 秘密`, T1('fo:border="none"')],
    ['a transparent background', `密级：绝密 ${S('机密')} 秘密`, T1('fo:background-color="transparent"')],
    ['a boxed paragraph of prose', S('各单位收到的机密、秘密文件，应当由专人管理，按规定登记、传阅和清退。'), BORDER],
    ['a boxed word in a sentence', `各单位：凡标注为${S('机密')}的文件，一律按规定办理。`, BORDER],
    ['a highlighted level in a rule that names the levels', `第二条 国家秘密的密级分为绝密、${S('机密')}、秘密三级。`, T1('fo:background-color="#ffff00"')],
    ['a circled number in text', '办理要求：①当日登记；②按时清退。', ''],
  ])('%s: pass', async (_, row, auto) => {
    const r = await scanner.scan(slip(row, auto), { filename: 'slip.odt' });
    expect(r.verdict).toBe('pass');
  });
});
