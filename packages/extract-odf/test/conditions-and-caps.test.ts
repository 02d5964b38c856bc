/**
 * What LibreOffice shows in a line that the text does not hold as written there: hidden text whose
 * condition shows it, the other value of conditional text (its content is only the value last
 * shown), letters a style draws as capitals. A marking so written blocks; the same constructions
 * around news on the secrecy month pass with nothing unread.
 */
import { strToU8, zipSync, type Zippable } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '@prepub/core';
import { createScanner, type Scanner } from '@prepub/scanner';
import { extractOdf } from '../src/index.ts';

const NS = ['office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"', 'text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"', 'table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"', 'style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"', 'fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"']
  .map((n) => `xmlns:${n}`)
  .join(' ');
const content = (body: string, auto = '') => `<?xml version="1.0" encoding="UTF-8"?><office:document-content ${NS} office:version="1.3"><office:automatic-styles>${auto}</office:automatic-styles><office:body><office:text>${body}</office:text></office:body></office:document-content>`;
const stylesXml = (inner: string) => `<?xml version="1.0" encoding="UTF-8"?><office:document-styles ${NS} office:version="1.3"><office:styles>${inner}</office:styles></office:document-styles>`;
function odt(files: Record<string, string>): Uint8Array {
  const z: Zippable = { mimetype: [strToU8('application/vnd.oasis.opendocument.text'), { level: 0 }] };
  const entries = Object.keys(files).map((f) => `<manifest:file-entry manifest:full-path="${f}" manifest:media-type="text/xml"/>`).join('');
  z['META-INF/manifest.xml'] = strToU8(`<?xml version="1.0"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.text"/>${entries}</manifest:manifest>`);
  for (const [k, v] of Object.entries(files)) z[k] = strToU8(v);
  return zipSync(z);
}
const P = (t: string, style = '') => `<text:p${style ? ` text:style-name="${style}"` : ''}>${t}</text:p>`;
const NOTICE = ['江临市水务局关于做好汛期值班工作的通知', '各区县水务局：', '现将有关事项通知如下。'].map((t) => P(t)).join('');
const NEWS = ['市保密局开展保密宣传月活动', '五月以来，各单位组织观看警示教育片，开展保密知识竞赛。'].map((t) => P(t)).join('');

const hiddenText = (value: string, isHidden: string) => `<text:hidden-text text:condition="ooow:1==2" text:string-value="${value}"${isHidden ? ` text:is-hidden="${isHidden}"` : ''}/>`;
const conditional = (ifTrue: string, ifFalse: string, current: string) =>
  `<text:conditional-text text:condition="ooow:1==1" text:string-value-if-true="${ifTrue}" text:string-value-if-false="${ifFalse}" text:current-value="false">${current}</text:conditional-text>`;
const capsStyle = (family: string, props: string) => `<style:style style:name="C" style:family="${family}"><style:text-properties ${props}/></style:style>`;

let scanner: Scanner;
beforeAll(async () => {
  scanner = await createScanner({ ocr: false, isolation: false });
});
afterAll(() => scanner?.close());

describe('conditional text in the line', () => {
  it('hidden text shown by its condition reads in its line (机 + 密★5年), and the line with hidden text shown is read too', async () => {
    const shown = odt({ 'content.xml': content(P(`机${hiddenText('密★5年', 'false')}`) + NOTICE) });
    expect((await extractOdf(shown, { limits: DEFAULT_LIMITS })).parts.find((p) => p.id === 'body')?.text.split('\n')[0]).toBe('机密★5年');
    const stale = odt({ 'content.xml': content(P(`机${hiddenText('密★5年', '')}`) + NOTICE) });
    const x = await extractOdf(stale, { limits: DEFAULT_LIMITS });
    expect(x.parts.find((p) => p.id === 'as-conditions-turn')).toMatchObject({ role: 'hidden', text: '机密★5年' });
    for (const [how, bytes] of Object.entries({ shown, stale })) {
      const r = await scanner.scan(bytes, { filename: 'notice.odt' });
      expect(r.verdict, how).toBe('block');
    }
  });

  it("conditional text's other value stands in its place when the condition turns (机 + a stale 要 whose other value is 密★5年)", async () => {
    const inLine = odt({ 'content.xml': content(P(`机${conditional('密★5年', '要', '要')}`) + NOTICE) });
    const inCell = odt({ 'content.xml': content(`<table:table table:name="T"><table:table-column/><table:table-row><table:table-cell><text:p>机${conditional('密★5年', '要', '要')}</text:p></table:table-cell></table:table-row></table:table>${NOTICE}`) });
    const x = await extractOdf(inLine, { limits: DEFAULT_LIMITS });
    expect(x.parts.find((p) => p.id === 'body')?.text.split('\n')[0]).toBe('机要');
    expect(x.parts.find((p) => p.id === 'as-conditions-turn')?.text).toBe('机密★5年');
    for (const [how, bytes] of Object.entries({ inLine, inCell })) {
      const r = await scanner.scan(bytes, { filename: 'notice.odt' });
      expect(r.verdict, how).toBe('block');
    }
  });

  it('the same constructions in news on the secrecy month pass with nothing unread', async () => {
    const ways = {
      shown: P(`保${hiddenText('密宣传月活动方案', 'false')}`),
      stale: P(`保${hiddenText('密宣传月活动方案', '')}`),
      conditional: P(`关于开展保${conditional('密宣传月', '密知识竞赛', '密知识竞赛')}活动的通知`),
    };
    for (const [how, line] of Object.entries(ways)) {
      const r = await scanner.scan(odt({ 'content.xml': content(line + NEWS) }), { filename: 'news.odt' });
      expect(r.coverage.unread, how).toEqual([]);
      expect(r.verdict, how).toBe('pass');
    }
  });
});

describe('letters a style draws as capitals', () => {
  it('secret in a paragraph, span or default style that draws capitals (text-transform, small capitals) reads SECRET and blocks', async () => {
    const ways = {
      paragraph: odt({ 'content.xml': content(P('secret//noforn', 'C') + NOTICE, capsStyle('paragraph', 'fo:text-transform="uppercase"')) }),
      span: odt({ 'content.xml': content(P('<text:span text:style-name="C">top secret</text:span>') + NOTICE, capsStyle('text', 'fo:font-variant="small-caps"')) }),
      default: odt({ 'content.xml': content(P('secret') + NOTICE), 'styles.xml': stylesXml('<style:default-style style:family="paragraph"><style:text-properties fo:text-transform="uppercase"/></style:default-style>') }),
    };
    for (const [how, bytes] of Object.entries(ways)) {
      const body = (await extractOdf(bytes, { limits: DEFAULT_LIMITS })).parts.find((p) => p.id === 'body');
      expect(body?.text.split('\n')[0], how).toMatch(/^(SECRET\/\/NOFORN|TOP SECRET|SECRET)$/);
      const r = await scanner.scan(bytes, { filename: 'notice.odt' });
      expect(r.verdict, how).toBe('block');
      expect(r.findings.some((f) => f.ruleId === 'marking.foreign'), how).toBe(true);
    }
    // A span that sets text-transform none inside a capitals paragraph stays as written.
    const none = odt({ 'content.xml': content(P('<text:span text:style-name="N">secret</text:span>', 'C') + NOTICE, capsStyle('paragraph', 'fo:text-transform="uppercase"') + '<style:style style:name="N" style:family="text"><style:text-properties fo:text-transform="none"/></style:style>') });
    expect((await extractOdf(none, { limits: DEFAULT_LIMITS })).parts.find((p) => p.id === 'body')?.text.split('\n')[0]).toBe('secret');
  });

  it('a capitalised title about secrecy passes', async () => {
    const bytes = odt({ 'content.xml': content(P('the secret garden: a reading week', 'C') + NEWS, capsStyle('paragraph', 'fo:text-transform="uppercase"')) });
    expect((await extractOdf(bytes, { limits: DEFAULT_LIMITS })).parts.find((p) => p.id === 'body')?.text.split('\n')[0]).toBe('THE SECRET GARDEN: A READING WEEK');
    const r = await scanner.scan(bytes, { filename: 'news.odt' });
    expect(r.coverage.unread).toEqual([]);
    expect(r.verdict).toBe('pass');
  });
});
