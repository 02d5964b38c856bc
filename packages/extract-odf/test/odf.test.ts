/**
 * The OpenDocument reader alone (parts, roles, hidden content, objects, pictures, damaged and
 * protected packages) and through the real scanner (verdicts of the labelled samples).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { strToU8, unzipSync, zipSync, type Zippable } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS, type Extraction, type TextPart } from '@prepub/core';
import { createScanner, type Scanner } from '@prepub/scanner';
import { extractOdf } from '../src/index.ts';

const ctx = { limits: DEFAULT_LIMITS };
const SAMPLES = join(import.meta.dirname, '../../../samples/odf');
const sample = (name: string) => new Uint8Array(readFileSync(join(SAMPLES, name)));
const part = (x: Extraction, pred: (p: TextPart) => boolean): TextPart => {
  const p = x.parts.find(pred);
  if (!p) throw new Error(`no such part in ${x.parts.map((q) => `${q.id}:${q.role}`).join(', ')}`);
  return p;
};
const byId = (x: Extraction, id: string) => part(x, (p) => p.id === id);

const NS = 'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" xmlns:xlink="http://www.w3.org/1999/xlink" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"';
const content = (kind: string, body: string, auto = '') => `<?xml version="1.0" encoding="UTF-8"?><office:document-content ${NS}><office:automatic-styles>${auto}</office:automatic-styles><office:body><office:${kind}>${body}</office:${kind}></office:body></office:document-content>`;

/** An OpenDocument package: `mimetype` first and stored, a manifest, the given entries. */
function odf(files: Record<string, string | Uint8Array>, kind = 'text', manifestExtra = ''): Uint8Array {
  const z: Zippable = { mimetype: [strToU8(`application/vnd.oasis.opendocument.${kind}`), { level: 0 }] };
  const entries = Object.keys(files).map((f) => `<manifest:file-entry manifest:full-path="${f}" manifest:media-type="text/xml"/>`).join('');
  z['META-INF/manifest.xml'] = strToU8(`<?xml version="1.0"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.${kind}"/>${entries}${manifestExtra}</manifest:manifest>`);
  for (const [k, v] of Object.entries(files)) z[k] = typeof v === 'string' ? strToU8(v) : v;
  return zipSync(z);
}

let scanner: Scanner;
beforeAll(async () => {
  scanner = await createScanner({ ocr: false, isolation: false });
});
afterAll(() => scanner?.close());

describe('ODT: every part, located', () => {
  it('the body, its paragraphs as blocks, the header of the master page', async () => {
    const x = await extractOdf(sample('notice-marking.odt'), ctx);
    expect(x.format).toBe('odt');
    const body = byId(x, 'body');
    expect(body).toMatchObject({ role: 'body', leading: true, origin: { filePart: 'content.xml' } });
    expect(body.text.split('\n').slice(0, 3)).toEqual(['份号：000012', '机密★5年', '江临市财政局关于做好2026年度预算执行情况检查的通知']);
    expect(body.blocks![1]).toMatchObject({ kind: 'paragraph', index: 2, start: 10, end: 15 });
    expect(part(x, (p) => p.role === 'header')).toMatchObject({ text: '江临市财政局', origin: { filePart: 'styles.xml', detail: 'Standard (default)' } });
    expect(part(x, (p) => p.role === 'footer').text).toBe('第 1 页');
    expect(part(x, (p) => p.role === 'properties' && p.origin.detail === 'title').text).toBe('江临市工作文件');
  });

  it.each([
    ['minutes-header-marking.odt', 'header', '秘密★1年'],
    ['footnote-marking.odt', 'footnote', '机密★5年'],
    ['comment-marking.odt', 'comment', '机密★5年\n发布前请脱密处理'],
    ['hidden-text-marking.odt', 'hidden', '机密★5年\n本段依据的测算底稿另行报送。'],
    ['deletion-marking.odt', 'deleted', '机密★5年'],
  ])('%s: the %s part holds the marking, apart from the body', async (name, role, text) => {
    const x = await extractOdf(sample(name), ctx);
    expect(part(x, (p) => p.role === role).text).toBe(text);
    expect(byId(x, 'body').text).not.toContain('★');
  });

  it('a paragraph with tracked changes is also read as it was before them: a marking a change broke up blocks', async () => {
    const region = (id: string, kind: string, inner = '') => `<text:changed-region text:id="${id}"><text:${kind}><office:change-info><dc:creator>李晓梅</dc:creator></office:change-info>${inner}</text:${kind}></text:changed-region>`;
    const tracked = `<text:tracked-changes>${region('ct1', 'deletion', '<text:p>密</text:p>')}${region('ct2', 'insertion')}${region('ct3', 'format-change')}</text:tracked-changes>`;
    const title = '<text:p>关于做好汛期安全检查工作的通知</text:p>';
    const read = async (p: string) => extractOdf(odf({ 'content.xml': content('text', `${tracked}<text:p>${p}</text:p>${title}`) }), ctx);
    // 机 + deleted 密 + ★5年 shows 机★5年; 机 + inserted 要 + 密★5年 shows 机要密★5年: both read 机密★5年 before.
    for (const p of ['机<text:change text:change-id="ct1"/>★5年', '机<text:change-start text:change-id="ct2"/>要<text:change-end text:change-id="ct2"/>密★5年']) {
      const x = await read(p);
      expect(byId(x, 'before-changes')).toMatchObject({ role: 'before-changes', text: '机密★5年' });
      expect(byId(x, 'body').text).not.toContain('机密');
      const r = await scanner.scan(odf({ 'content.xml': content('text', `${tracked}<text:p>${p}</text:p>${title}`) }), { filename: 'revised.odt' });
      expect(r.verdict).toBe('block');
      expect(r.findings.find((f) => f.ruleId === 'marking.cn-state-secret' && f.severity === 'block')?.location.part).toBe('before-changes');
    }
    // A format change keeps its text; a paragraph only deleted reads whole in the deletions; no change, nothing more.
    expect((await read('机<text:change-start text:change-id="ct3"/>要<text:change-end text:change-id="ct3"/>密')).parts.some((q) => q.id === 'before-changes')).toBe(false);
    expect((await read('<text:change text:change-id="ct1"/>')).parts.some((q) => q.id === 'before-changes')).toBe(false);
    expect((await read('机密★5年')).parts.some((q) => q.id === 'before-changes')).toBe(false);
  });

  it('tracked changes listed after the text that marks them, or a deletion marked as a range, still put the deleted text back', async () => {
    const region = (id: string, kind: string, inner = '') => `<text:changed-region text:id="${id}"><text:${kind}><office:change-info><dc:creator>李晓梅</dc:creator></office:change-info>${inner}</text:${kind}></text:changed-region>`;
    const tracked = `<text:tracked-changes>${region('ct1', 'deletion', '<text:p>密</text:p>')}${region('ct2', 'insertion')}</text:tracked-changes>`;
    const title = '<text:p>关于做好汛期安全检查工作的通知</text:p>';
    for (const [p, where] of [
      ['机<text:change text:change-id="ct1"/>★5年', 'after'],
      ['机<text:change-start text:change-id="ct1"/><text:change-end text:change-id="ct1"/>★5年', 'before'],
      ['机<text:change-start text:change-id="ct2"/>要<text:change-end text:change-id="ct2"/>密★5年', 'after'],
    ]) {
      const body = where === 'after' ? `<text:p>${p}</text:p>${title}${tracked}` : `${tracked}<text:p>${p}</text:p>${title}`;
      const x = await extractOdf(odf({ 'content.xml': content('text', body) }), ctx);
      expect(byId(x, 'before-changes').text, p).toBe('机密★5年');
      // Read once: the deletion's text is not doubled by reading its region again.
      expect(byId(x, 'deleted').text, p).toBe('密');
    }
  });

  it('a ruby annotation (phonetic guide) is read apart: the base text it stands over stays whole', async () => {
    // 拼音指南 over 机密: drawn above the base text, it must not split the marking in the line.
    const x = await extractOdf(odf({ 'content.xml': content('text', '<text:p>000012</text:p><text:p><text:ruby><text:ruby-base>机密</text:ruby-base><text:ruby-text>jī mì</text:ruby-text></text:ruby>★5年</text:p><text:p>关于做好汛期安全检查工作的通知</text:p>') }), ctx);
    expect(byId(x, 'body').text.split('\n')[1]).toBe('机密★5年');
    expect(x.parts.map((p) => p.text).join('\n')).toContain('jī mì');
  });

  it('a comment names its author', async () => {
    const x = await extractOdf(sample('comment-marking.odt'), ctx);
    expect(part(x, (p) => p.role === 'comment').origin.detail).toBe('comment by 王建国');
  });

  it('the flat XML form reads as the package does', async () => {
    const flat = await extractOdf(sample('notice-marking.fodt'), ctx);
    const pkg = await extractOdf(sample('notice-marking.odt'), ctx);
    expect(flat.format).toBe('odt');
    expect(byId(flat, 'body').text).toBe(byId(pkg, 'body').text);
    expect(flat.unread).toEqual([]);
  });

  it('hidden text in every form: hidden-text fields, hidden paragraphs, hidden sections, hidden character styles; conditional texts and links', async () => {
    const auto = '<style:style style:name="H" style:family="text"><style:text-properties text:display="none"/></style:style>';
    const body =
      '<text:p>正文<text:hidden-text text:condition="ooow:1" text:string-value="隐藏字段" text:is-hidden="true"/>继续<text:span text:style-name="H">隐藏样式</text:span></text:p>' +
      '<text:p><text:hidden-paragraph text:condition="ooow:1" text:is-hidden="true"/>隐藏段落</text:p>' +
      '<text:section text:name="S" text:display="none"><text:p>隐藏节</text:p></text:section>' +
      '<text:p><text:conditional-text text:condition="ooow:0" text:string-value-if-true="条件真" text:string-value-if-false="条件假">条件假</text:conditional-text><text:a xlink:href="http://example.cn/x">链接</text:a></text:p>';
    const x = await extractOdf(odf({ 'content.xml': content('text', body, auto) }), ctx);
    expect(byId(x, 'body').text).toBe('正文继续\n条件假链接');
    expect(byId(x, 'body#hidden')).toMatchObject({ role: 'hidden', text: '隐藏字段隐藏样式\n隐藏段落\n隐藏节' });
    expect(byId(x, 'fields').text).toBe('条件真\n条件假\nhttp://example.cn/x');
  });

  it('a span nobody sees where it stands (white or near white on no or a white background, the colour of its own background, 2 pt or 10% and less, squeezed, transparent, drawn over by the next character, two lines off its own) is hidden text: inside a marking it leaves the marking whole', async () => {
    for (const props of ['fo:color="#ffffff"', 'fo:color="#FFFFFF"', 'fo:font-size="1pt"', 'fo:font-size="0.02cm"', 'fo:font-size="1.5pt"', 'fo:font-size="5%"', 'style:text-scale="1%"', 'style:text-position="0% 1%"', 'loext:opacity="0%"', 'fo:color="#fefefe"', 'fo:color="#ffffff" fo:background-color="transparent"', 'fo:color="#FFFFFF" fo:background-color="#ffffff"', 'style:font-size-rel="-11pt"', 'fo:letter-spacing="-0.5cm"', 'fo:letter-spacing="-8pt"', 'style:text-position="-200% 100%"', 'style:text-position="300%"', 'fo:color="#f8f8f8"', 'fo:color="#c00000" fo:background-color="#c00000"', 'fo:color="#1f3864" fo:background-color="#1F3865"']) {
      const auto = `<style:style style:name="W" style:family="text"><style:text-properties ${props}/></style:style>`;
      const x = await extractOdf(odf({ 'content.xml': content('text', '<text:p>机<text:span text:style-name="W">开</text:span>密★5年</text:p>', auto) }), ctx);
      expect(byId(x, 'body').text, props).toBe('机密★5年');
      expect(byId(x, 'body#hidden').text, props).toBe('开');
    }
    // White on a background of its own, white in a paragraph style, 8 pt, 80%, a superscript, light grey and half opacity are seen.
    for (const seen of ['style:font-size-rel="-2pt"', 'style:font-size-rel="4pt"', 'fo:font-size="80%"', 'style:text-position="super 58%"', 'fo:color="#e0e0e0"', 'loext:opacity="50%"', 'style:text-scale="60%"', 'fo:letter-spacing="-0.1cm"', 'fo:letter-spacing="-7.5pt"', 'fo:letter-spacing="0.5cm"', 'style:text-position="-33% 58%"', 'style:text-position="190% 100%"', 'style:text-position="sub"', 'fo:color="#ffffef"', 'fo:color="#c00000" fo:background-color="#ffff00"', 'fo:color="#c00000"']) {
      const auto = `<style:style style:name="W" style:family="text"><style:text-properties ${seen}/></style:style>`;
      const x = await extractOdf(odf({ 'content.xml': content('text', '<text:p>机<text:span text:style-name="W">开</text:span>密★5年</text:p>', auto) }), ctx);
      expect(byId(x, 'body').text, seen).toBe('机开密★5年');
    }
    for (const auto of ['<style:style style:name="W" style:family="text"><style:text-properties fo:color="#ffffff" fo:background-color="#1f3864"/></style:style>', '<style:style style:name="W" style:family="paragraph"><style:text-properties fo:color="#ffffff"/></style:style>', '<style:style style:name="W" style:family="text"><style:text-properties fo:font-size="8pt"/></style:style>']) {
      const x = await extractOdf(odf({ 'content.xml': content('text', '<text:p>机<text:span text:style-name="W">开</text:span>密★5年</text:p>', auto) }), ctx);
      expect(byId(x, 'body').text, auto).toBe('机开密★5年');
    }
  });

  it("a span in the colour of its paragraph's, cell's or frame's ground is hidden; white on a dark ground is seen", async () => {
    const red = '<style:style style:name="R" style:family="text"><style:text-properties fo:color="#c00000"/></style:style>';
    const white = '<style:style style:name="R" style:family="text"><style:text-properties fo:color="#ffffff"/></style:style>';
    const piece = '机<text:span text:style-name="R">开</text:span>密★5年';
    const grounds: Array<[string, string, string]> = [
      ['paragraph', '<style:style style:name="G" style:family="paragraph"><style:paragraph-properties fo:background-color="#c00000"/></style:style>', `<text:p text:style-name="G">${piece}</text:p>`],
      ['inherited paragraph style', '<style:style style:name="G0" style:family="paragraph"><style:paragraph-properties fo:background-color="#c00000"/></style:style><style:style style:name="G" style:family="paragraph" style:parent-style-name="G0"/>', `<text:p text:style-name="G">${piece}</text:p>`],
      ['table cell', '<style:style style:name="G" style:family="table-cell"><style:table-cell-properties fo:background-color="#c00000"/></style:style>', `<table:table><table:table-column/><table:table-row><table:table-cell table:style-name="G"><text:p>${piece}</text:p></table:table-cell></table:table-row></table:table>`],
      ['frame', '<style:style style:name="G" style:family="graphic"><style:graphic-properties draw:fill="solid" draw:fill-color="#c00000"/></style:style>', `<text:p><draw:frame draw:style-name="G"><draw:text-box><text:p>${piece}</text:p></draw:text-box></draw:frame></text:p>`],
    ];
    for (const [where, style, body] of grounds) {
      const x = await extractOdf(odf({ 'content.xml': content('text', body, red + style) }), ctx);
      expect(x.parts.some((p) => p.text.includes('机密★5年')), where).toBe(true);
      expect(x.parts.some((p) => p.role === 'hidden' && p.text.includes('开')), where).toBe(true);
      // White on that dark ground is seen (it had been taken for white on the page).
      const seen = await extractOdf(odf({ 'content.xml': content('text', body, white + style) }), ctx);
      expect(seen.parts.some((p) => p.text.includes('机开密★5年')), where).toBe(true);
      expect(seen.parts.some((p) => p.role === 'hidden' && p.text.includes('开')), where).toBe(false);
    }
    // A frame that paints nothing, or a span on its own yellow background: red is seen.
    const none = '<style:style style:name="G" style:family="graphic"><style:graphic-properties draw:fill="none" draw:fill-color="#c00000"/></style:style>';
    const x = await extractOdf(odf({ 'content.xml': content('text', `<text:p><draw:frame draw:style-name="G"><draw:text-box><text:p>${piece}</text:p></draw:text-box></draw:frame></text:p>`, red + none) }), ctx);
    expect(x.parts.some((p) => p.text.includes('机开密★5年'))).toBe(true);
  });

  it('a table is a row per line with each cell a block; text boxes and shapes are parts of their own, with their alt text', async () => {
    const body =
      '<table:table table:name="T"><table:table-column table:number-columns-repeated="2"/><table:table-row><table:table-cell><text:p>密级</text:p></table:table-cell><table:table-cell><text:p>机密</text:p></table:table-cell></table:table-row></table:table>' +
      '<text:p>段落<draw:frame><draw:text-box><text:p>文本框</text:p></draw:text-box><svg:title>图题</svg:title><svg:desc>说明</svg:desc></draw:frame></text:p>' +
      '<text:p><draw:custom-shape><text:p>形状文字</text:p></draw:custom-shape></text:p>';
    const x = await extractOdf(odf({ 'content.xml': content('text', body) }), ctx);
    const b = byId(x, 'body');
    expect(b.text).toBe('密级\t机密\n段落\n');
    expect(b.blocks!.filter((k) => k.kind === 'table-cell').map((k) => [k.row, k.column, b.text.slice(k.start, k.end)])).toEqual([[1, 1, '密级'], [1, 2, '机密']]);
    expect(part(x, (p) => p.role === 'text-box' && p.text === '文本框')).toBeTruthy();
    expect(part(x, (p) => p.role === 'text-box' && p.text === '形状文字')).toBeTruthy();
    expect(byId(x, 'alt-text').text).toBe('图题\n说明');
  });

  it('a link\'s title, its screen tip, is alt text', async () => {
    const body = '<text:p>详见<text:a xlink:type="simple" xlink:href="#a" office:title="TOP SECRET//NOFORN">附件</text:a></text:p>';
    const x = await extractOdf(odf({ 'content.xml': content('text', body) }), ctx);
    expect(byId(x, 'body').text).toContain('详见附件');
    expect(byId(x, 'alt-text').text).toBe('TOP SECRET//NOFORN');
  });
  it('meta.xml: title, subject, keywords, description and user-defined properties with their names', async () => {
    const meta = `<?xml version="1.0"?><office:document-meta ${NS}><office:meta><dc:title>标题</dc:title><dc:subject>主题</dc:subject><meta:keyword>关键词</meta:keyword><dc:description>描述</dc:description><meta:user-defined meta:name="密级">机密</meta:user-defined><meta:editing-cycles>3</meta:editing-cycles><dc:date>2026-01-01T00:00:00</dc:date></office:meta></office:document-meta>`;
    const x = await extractOdf(odf({ 'content.xml': content('text', '<text:p>x</text:p>'), 'meta.xml': meta }), ctx);
    const props = x.parts.filter((p) => p.role === 'properties').map((p) => [p.origin.detail, p.text]);
    expect(props).toEqual([['title', '标题'], ['subject', '主题'], ['keywords', '关键词'], ['description', '描述'], ['密级', '密级：机密']]);
    // Dates and counts are kept apart as hidden text, not taken for properties.
    expect(byId(x, 'unshown')).toMatchObject({ role: 'hidden', text: '3\n2026-01-01T00:00:00' });
  });
});

describe('ODS: sheets, hidden sheets, rows and columns, cells located', () => {
  it('a hidden sheet is read, labelled and on its own page; sheet names are a part', async () => {
    const x = await extractOdf(sample('roster-hidden-sheet.ods'), ctx);
    expect(x.format).toBe('ods');
    const visible = part(x, (p) => p.role === 'body' && p.origin.detail === '名册');
    expect(visible).toMatchObject({ origin: { page: 1 }, leading: true });
    expect(visible.text.split('\n')[1]).toBe('序号\t姓名\t单位\t职务');
    const hidden = part(x, (p) => p.role === 'hidden' && p.origin.detail === '底稿 (hidden sheet)');
    expect(hidden.origin.page).toBe(2);
    expect(hidden.text.split('\n')[0]).toBe('绝密★长期');
    expect(part(x, (p) => p.role === 'sheet-name').text).toBe('名册');
    expect(part(x, (p) => p.id === 'sheet-names#hidden').text).toBe('底稿');
  });

  it('cells carry their row and column: 密级 | 机密 at A1, B1 blocks with B1 located', async () => {
    const r = await scanner.scan(sample('roster-label-value.ods'), { filename: 'r.ods' });
    expect(r.verdict).toBe('block');
    const f = r.findings.find((x) => x.ruleId === 'marking.cn-state-secret')!;
    expect(f.location).toMatchObject({ role: 'body', line: 1, cell: { row: 1, column: 2 }, page: 1, detail: '名册' });
  });

  it('collapsed rows and columns are hidden text; repeated rows keep the row numbers after them; a cell comment names its cell', async () => {
    const body =
      '<table:table table:name="S"><table:table-column/><table:table-column table:visibility="collapse"/>' +
      '<table:table-row table:number-rows-repeated="5"><table:table-cell table:number-columns-repeated="2"/></table:table-row>' +
      '<table:table-row><table:table-cell><text:p>可见</text:p></table:table-cell><table:table-cell><text:p>隐藏列</text:p></table:table-cell></table:table-row>' +
      '<table:table-row table:visibility="collapse"><table:table-cell><text:p>隐藏行</text:p><office:annotation><dc:creator>张三</dc:creator><text:p>批注</text:p></office:annotation></table:table-cell></table:table-row>' +
      '</table:table>';
    const x = await extractOdf(odf({ 'content.xml': content('spreadsheet', body) }, 'spreadsheet'), ctx);
    const s = byId(x, 'sheet-1');
    expect(s.text).toBe('可见');
    expect(s.blocks![0]).toMatchObject({ row: 6, column: 1 });
    const h = byId(x, 'sheet-1#hidden');
    expect(h.text).toBe('隐藏列\n隐藏行');
    expect(h.blocks!.map((b) => [b.row, b.column])).toEqual([[6, 2], [7, 1]]);
    expect(part(x, (p) => p.role === 'comment')).toMatchObject({ text: '批注', origin: { detail: 'comment on S!A7 by 张三', page: 1 } });
  });
});

describe('ODF: formulas and list numbering texts', () => {
  it('a cell formula is read with its address; a list style no list uses has its label texts read as hidden text', async () => {
    const auto = '<text:list-style style:name="L1"><text:list-level-style-number text:level="1" style:num-prefix="机密★" style:num-suffix="条" style:num-format="1"/></text:list-style>';
    const body = '<table:table table:name="S"><table:table-row><table:table-cell table:formula="of:=&quot;机&quot;&amp;&quot;密&quot;" office:value-type="string"><text:p>机密</text:p></table:table-cell></table:table-row></table:table>';
    const x = await extractOdf(odf({ 'content.xml': content('spreadsheet', body, auto) }, 'spreadsheet'), ctx);
    expect(byId(x, 'fields').text).toBe('S!A1: of:="机"&"密"');
    expect(byId(x, 'list-labels')).toMatchObject({ role: 'hidden', text: '机密★条' });
  });

  const sheet = (cells: string) => `<table:table table:name="安排"><table:table-row><table:table-cell><text:p>江临市2024年读书月活动安排</text:p></table:table-cell></table:table-row><table:table-row><table:table-cell><text:p>读书分享会</text:p></table:table-cell>${cells}</table:table-row></table:table>`;
  const cell = (formula: string, rest = '') => `<table:table-cell table:formula="${formula.replace(/&/g, '&amp;').replace(/"/g, '&quot;')}" office:value-type="string"${rest}`;

  it('a formula with no stored result shows what its literals spell: in its cell, located there, and it blocks', async () => {
    for (const f of ['of:="机密"&"★5年"', 'of:=IF(1;"机密★5年";"")', 'of:=CONCATENATE("机密";"★";5;"年")', 'of:=T("机密★5年")']) {
      const bytes = odf({ 'content.xml': content('spreadsheet', sheet(`${cell(f)}/>`)) }, 'spreadsheet');
      const x = await extractOdf(bytes, ctx);
      const body = part(x, (p) => p.role === 'body' && p.text.includes('读书分享会'));
      expect(body.text, f).toContain('读书分享会\t机密★5年');
      const r = await scanner.scan(bytes, { filename: 'a.ods' });
      expect(r.verdict, f).toBe('block');
      expect(r.findings.find((y) => y.ruleId === 'marking.cn-state-secret')?.location.cell, f).toEqual({ row: 2, column: 2 });
    }
  });

  it('a formula spelling characters from codes: computed from literals it blocks; from other cells with no stored result it is unread (review)', async () => {
    const hex = 'of:=UNICHAR(HEX2DEC("673A"))&UNICHAR(HEX2DEC("5BC6"))&"★5年"';
    const bytes = odf({ 'content.xml': content('spreadsheet', sheet(`${cell(hex)}/>`)) }, 'spreadsheet');
    expect((await scanner.scan(bytes, { filename: 'a.ods' })).verdict).toBe('block');
    const refs = odf({ 'content.xml': content('spreadsheet', sheet(`${cell('of:=UNICHAR([.C2])&UNICHAR([.D2])&"★5年"')}/><table:table-cell office:value-type="float" office:value="26426"/><table:table-cell office:value-type="float" office:value="23494"/>`)) }, 'spreadsheet');
    const x = await extractOdf(refs, ctx);
    expect(x.loss).toEqual([expect.objectContaining({ kind: 'unreadable-object', where: 'content.xml (安排!B2)' })]);
    expect((await scanner.scan(refs, { filename: 'a.ods' })).verdict).toBe('review');
  });

  it('a formula giving words to a function not read here (REGEX) is unread, stored result or not; REPLACE is computed; the same over harmless words passes', async () => {
    for (const [f, rest] of [['of:=REGEX("机X密★5年";"X";"")', '/>'], ['of:=REGEX("机X密★5年";"X";"")', ' office:string-value="公开"><text:p>公开</text:p></table:table-cell>'], ['of:="机"&REGEX("X密★5年";"X";"")', '/>']] as const) {
      const bytes = odf({ 'content.xml': content('spreadsheet', sheet(`${cell(f)}${rest}`)) }, 'spreadsheet');
      expect((await extractOdf(bytes, ctx)).loss, f).toEqual([expect.objectContaining({ kind: 'unreadable-object', where: 'content.xml (安排!B2)' })]);
      expect((await scanner.scan(bytes, { filename: 'a.ods' })).verdict, f).toBe('review');
    }
    const replaced = odf({ 'content.xml': content('spreadsheet', sheet(`${cell('of:=REPLACE("机X密★5年";2;1;"")', ' office:string-value="公开"')}><text:p>公开</text:p></table:table-cell>`)) }, 'spreadsheet');
    expect((await scanner.scan(replaced, { filename: 'a.ods' })).verdict).toBe('block');
    const harmless = odf({ 'content.xml': content('spreadsheet', sheet(`${cell('of:=REPLACE("保X密宣传月";2;1;"")', ' office:string-value="保密宣传月"')}><text:p>保密宣传月</text:p></table:table-cell>`)) }, 'spreadsheet');
    const r = await scanner.scan(harmless, { filename: 'a.ods' });
    expect(r.verdict).toBe('pass');
    expect(r.coverage.unread).toEqual([]);
  });

  it('a stored result that differs from what the formula gives is read with the formula\'s text beside it; compared literals are not results', async () => {
    const stale = await extractOdf(odf({ 'content.xml': content('spreadsheet', sheet(`${cell('of:=IF(1;"机密★5年";"")', ' office:string-value="读书"')}><text:p>读书</text:p></table:table-cell>`)) }, 'spreadsheet'), ctx);
    expect(part(stale, (p) => p.role === 'hidden').text).toContain('机密★5年');
    // A register that looks a level up: the cell shows 是 or 否, never 机密.
    const bytes = odf({ 'content.xml': content('spreadsheet', sheet(`${cell('of:=IF([.A2]="机密";"需登记";"无需登记")')}/>${cell('of:=COUNTIF([.C1:.C9];"绝密")&"件"')}/>`)) }, 'spreadsheet');
    const x = await extractOdf(bytes, ctx);
    const shown = x.parts.filter((p) => p.id !== 'fields').map((p) => p.text).join('\n');
    expect(shown).not.toMatch(/机密|绝密/);
    expect(shown).toContain('需登记');
    expect((await scanner.scan(bytes, { filename: 'a.ods' })).verdict).toBe('pass');
  });
});

describe('ODF: text read as it stands', () => {
  const chars = [...'机密★5年'];
  const boxes = (order: number[]) => order.map((i) => `<draw:frame draw:name="框${i}" text:anchor-type="page" svg:x="${2 + i}cm" svg:y="2cm" svg:width="1cm" svg:height="1cm"><draw:text-box><text:p>${chars[i]}</text:p></draw:text-box></draw:frame>`).join('');
  const title = '<text:p>关于做好汛期物资调度工作的通知</text:p>';

  it('a line spelled across one-character frames listed out of the order they stand is read as it stands (ODT, ODP), and blocks', async () => {
    const files = {
      'notice.odt': odf({ 'content.xml': content('text', `<text:p>${boxes([4, 3, 2, 1, 0])}</text:p>${title}`) }, 'text'),
      'briefing.odp': odf({ 'content.xml': content('presentation', `<draw:page draw:name="封面">${boxes([4, 3, 2, 1, 0])}<draw:frame svg:x="2cm" svg:y="8cm" svg:width="20cm" svg:height="2cm"><draw:text-box>${title}</draw:text-box></draw:frame></draw:page>`) }, 'presentation'),
    };
    for (const [name, bytes] of Object.entries(files)) {
      const x = await extractOdf(bytes, ctx);
      expect(x.parts.find((p) => p.id.startsWith('text-boxes-in-place'))?.text, name).toBe('机密★5年');
      expect((await scanner.scan(bytes, { filename: name })).verdict, name).toBe('block');
    }
    const inOrder = await extractOdf(odf({ 'content.xml': content('text', `<text:p>${boxes([0, 1, 2, 3, 4])}</text:p>${title}`) }, 'text'), ctx);
    expect(inOrder.parts.some((p) => p.id.startsWith('text-boxes-in-place'))).toBe(false);
  });

  it('a table written right to left (style:writing-mode rl-tb) is also read as it stands, last cell first', async () => {
    const auto = '<style:style style:name="ta1" style:family="table"><style:table-properties style:writing-mode="rl-tb"/></style:style>';
    const row = `<table:table-row>${[...chars].reverse().map((c) => `<table:table-cell office:value-type="string"><text:p>${c}</text:p></table:table-cell>`).join('')}</table:table-row>`;
    const bytes = odf({ 'content.xml': content('spreadsheet', `<table:table table:name="调度表" table:style-name="ta1">${row}</table:table>`, auto) }, 'spreadsheet');
    const x = await extractOdf(bytes, ctx);
    expect(part(x, (p) => p.role === 'body').text.split('\n')).toEqual(['年\t5\t★\t密\t机', '机\t密\t★\t5\t年']);
    expect((await scanner.scan(bytes, { filename: 'a.ods' })).verdict).toBe('block');
    const ltr = await extractOdf(odf({ 'content.xml': content('spreadsheet', `<table:table table:name="调度表">${row}</table:table>`) }, 'spreadsheet'), ctx);
    expect(part(ltr, (p) => p.role === 'body').text).toBe('年\t5\t★\t密\t机');
  });
});

describe('ODP: slides in order, hidden slides, notes, masters', () => {
  it('a hidden slide is role hidden, labelled, on its page', async () => {
    const x = await extractOdf(sample('briefing-hidden-slide.odp'), ctx);
    expect(x.format).toBe('odp');
    const slides = x.parts.filter((p) => /^slide-\d+$/.test(p.id));
    expect(slides.map((p) => [p.origin.page, p.role])).toEqual([[1, 'body'], [2, 'body'], [3, 'body'], [4, 'hidden'], [5, 'body']]);
    expect(slides[3].origin.detail).toContain('(hidden slide)');
    expect(slides[3].text.split('\n')[0]).toBe('机密★3年');
    expect(slides[0].leading).toBe(true);
  });

  it('speaker notes are role notes on the page of their slide', async () => {
    const x = await extractOdf(sample('briefing-notes-marking.odp'), ctx);
    const notes = part(x, (p) => p.role === 'notes' && p.text.startsWith('秘密'));
    expect(notes).toMatchObject({ text: '秘密★1年\n本页数据未经核准，不得对外引用。', origin: { page: 2 } });
  });

  it('a master page\'s shapes are role master', async () => {
    const styles = `<?xml version="1.0"?><office:document-styles ${NS}><office:master-styles><style:master-page style:name="M"><draw:frame><draw:text-box><text:p>母版文字</text:p></draw:text-box></draw:frame></style:master-page></office:master-styles></office:document-styles>`;
    const x = await extractOdf(odf({ 'styles.xml': styles, 'content.xml': content('presentation', '<draw:page draw:name="p1"><draw:frame><draw:text-box><text:p>幻灯片</text:p></draw:text-box></draw:frame></draw:page>') }, 'presentation'), ctx);
    expect(part(x, (p) => p.role === 'master')).toMatchObject({ text: '母版文字', origin: { detail: 'master page M' } });
    expect(byId(x, 'slide-1').text).toBe('幻灯片');
  });
});

describe('ODF: objects, pictures, leftovers', () => {
  const png = readFileSync(join(import.meta.dirname, '../../../samples/images/benign-public-notice.png'));

  it('an embedded object is read as a document of its own; its replacement picture is not OCR\'d; pictures go to OCR with their page', async () => {
    const x = await extractOdf(
      odf({
        'content.xml': content('text', '<text:p><draw:frame><draw:object xlink:href="./Object 1"/><draw:image xlink:href="./ObjectReplacements/Object 1"/></draw:frame><draw:frame><draw:image xlink:href="Pictures/a.png"/></draw:frame></text:p>'),
        'Object 1/content.xml': content('spreadsheet', '<table:table table:name="数据"><table:table-row><table:table-cell><text:p>机密★5年</text:p></table:table-cell></table:table-row></table:table>'),
        'ObjectReplacements/Object 1': new Uint8Array([0x56, 0x43, 0x4c, 0x4d, 0x54, 0x46]),
        'Pictures/a.png': new Uint8Array(png),
      }),
      ctx,
    );
    expect(byId(x, 'Object 1/sheet-1')).toMatchObject({ role: 'body', text: '机密★5年', origin: { filePart: 'Object 1/content.xml', detail: 'embedded object Object 1; 数据' } });
    expect(x.images!.map((i) => i.id)).toEqual(['Pictures/a.png']);
    expect(x.unread).toEqual([]);
  });

  it('an OLE object whose content is a file goes to the scan; an entry nothing refers to is read as hidden text', async () => {
    const CFB = (await import('cfb')).default;
    const cfb = CFB.utils.cfb_new();
    CFB.utils.cfb_add(cfb, 'CONTENTS', Buffer.from('%PDF-1.4\n%%EOF\n'));
    const ole = new Uint8Array(CFB.write(cfb, { type: 'buffer' }) as Buffer);
    const x = await extractOdf(
      odf({
        'content.xml': content('text', '<text:p><draw:frame><draw:object-ole xlink:href="./Object 2"/></draw:frame></text:p>'),
        'Object 2': ole,
        'extra/notes.xml': '<?xml version="1.0"?><a><b>机密★5年</b></a>',
      }),
      ctx,
    );
    expect(x.embedded!.map((e) => e.name)).toEqual(['CONTENTS.pdf']);
    expect(part(x, (p) => p.origin.filePart === 'extra/notes.xml')).toMatchObject({ role: 'hidden', text: '机密★5年' });
  });
  it('a link with a malformed escape names its entry as written, and the object is still read', async () => {
    const x = await extractOdf(
      odf({
        'content.xml': content('text', '<text:p>正文</text:p><text:p><draw:frame><draw:object xlink:href="./Object%ZZ1"/></draw:frame></text:p>'),
        'Object%ZZ1/content.xml': content('text', '<text:p>机密★5年</text:p>'),
      }),
      ctx,
    );
    expect(x.parts.some((p) => p.text === '机密★5年')).toBe(true);
  });
});

describe('ODF: fail closed', () => {
  it('an encrypted package is unread (encrypted) and never passes', async () => {
    const x = await extractOdf(sample('encrypted.odt'), ctx);
    expect(x.unread).toEqual([expect.objectContaining({ where: 'file', reason: 'encrypted' })]);
    expect(x.parts).toEqual([]);
    const r = await scanner.scan(sample('encrypted.odt'), { filename: 'e.odt' });
    expect(r.verdict).toBe('review');
  });

  it('a truncated package and a damaged content entry are reported', async () => {
    const t = await extractOdf(sample('truncated.odt'), ctx);
    expect(t.unread.some((u) => u.reason === 'corrupt')).toBe(true);
    const c = await extractOdf(sample('corrupt-content.ods'), ctx);
    expect(c.unread.some((u) => u.where === 'content.xml' && u.reason === 'corrupt')).toBe(true);
  });

  it('markup damaged so that a template element never closes still has the text after it read', async () => {
    const flat = readFileSync(join(SAMPLES, 'notice-marking.fodt'), 'utf8').replace('</office:styles>', '</offi#e:styles>').replace('<text:p>机密★5年</text:p>', '<text:p><text:note-citation>1<text:p>机密★5年</text:p>');
    const r = await scanner.scan(new Uint8Array(Buffer.from(flat)), { filename: 'd.fodt' });
    expect(r.verdict).toBe('block');
  });

  it('a flat file that is not well-formed is unread (corrupt), its text and attributes read apart', async () => {
    // A tag that lost a letter: the parser keeps it as text, nothing else tells the walker.
    const flat = readFileSync(join(SAMPLES, 'notice-marking.fodt'), 'utf8').replace('<text:p>机密★5年</text:p>', '<text:p>< ext:span text:style-name="T1">机密★5年</text:p>');
    const r = await extractOdf(new Uint8Array(Buffer.from(flat)), ctx);
    expect(r.unread).toEqual([expect.objectContaining({ where: 'document', reason: 'corrupt' })]);
    expect(byId(r, 'document#damaged')).toMatchObject({ role: 'hidden' });
    expect(byId(r, 'document#damaged').text).toContain('机密★5年');
    expect((await extractOdf(sample('notice-marking.fodt'), ctx)).unread).toEqual([]);
  });

  it('an element renamed to a name the walker does not know keeps its text: in a comment on its own line, and as hidden text where no story takes it', async () => {
    const files = unzipSync(sample('comment-marking.odt'));
    const content = new TextDecoder().decode(files['content.xml']);
    const para = /(<office:annotation\b[\s\S]*?)<text:p>([^<]*)<\/text:p>/.exec(content)!;
    const renamed = content.replace(para[0], `${para[1]}<text:z>${para[2]}</text:z>`);
    const r = await extractOdf(zipSync({ ...files, 'content.xml': strToU8(renamed) }), ctx);
    expect(part(r, (p) => p.role === 'comment').text.split('\n')).toContain(para[2]);
    expect(byId(r, 'body').text).not.toContain(para[2]);
    // A renamed metadata field is no title any more; its text is read as hidden text.
    const meta = new TextDecoder().decode(files['meta.xml']);
    const title = /<dc:title>([^<]*)<\/dc:title>/.exec(meta)!;
    const m = await extractOdf(zipSync({ ...files, 'meta.xml': strToU8(meta.replace(title[0], `<dc:titlq>${title[1]}</dc:titlq>`)) }), ctx);
    expect(m.parts.some((p) => p.role === 'properties' && p.text.includes(title[1]))).toBe(false);
    expect(m.parts.some((p) => p.role === 'hidden' && p.text.includes(title[1]))).toBe(true);
  });

  it('a flat file saved as UTF-16 is sniffed and read', async () => {
    const flat = readFileSync(join(SAMPLES, 'notice-marking.fodt'), 'utf8').replace('encoding="UTF-8"', 'encoding="UTF-16"');
    for (const bom of ['\ufeff', '']) {
      const r = await scanner.scan(new Uint8Array(Buffer.from(bom + flat, 'utf16le')), { filename: 'w.fodt' });
      expect(r.document.format).toBe('odt');
      expect(r.verdict).toBe('block');
    }
  });

  it('a package whose content.xml nests too deep is a limit, not a crash', async () => {
    const deep = `<?xml version="1.0"?><office:document-content ${NS}><office:body><office:text>${'<text:span>'.repeat(5000)}机密${'</text:span>'.repeat(5000)}</office:text></office:body></office:document-content>`;
    const x = await extractOdf(odf({ 'content.xml': deep }), ctx);
    expect(x.unread).toEqual([expect.objectContaining({ where: 'content.xml', reason: 'limit' })]);
  });
});

describe('ODF: cut anywhere, never a pass (property)', () => {
  it('a marked notice package cut at any byte blocks or is held for review', async () => {
    const marked = sample('notice-marking.odt');
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: marked.length - 1 }), async (cut) => {
        const r = await scanner.scan(marked.slice(0, cut), { filename: 'cut.odt' });
        expect(r.verdict).not.toBe('pass');
      }),
      { numRuns: 30, seed: 11 },
    );
  });
});

describe('ODF: labelled samples through the scanner', () => {
  const labels = JSON.parse(readFileSync(join(SAMPLES, 'labels.json'), 'utf8')).files as Record<string, { verdict: string; accept?: string[]; findings?: Array<{ ruleId: string; role?: string }> }>;
  for (const [name, label] of Object.entries(labels)) {
    it(`${name}: ${label.verdict}`, async () => {
      const r = await scanner.scan(sample(name), { filename: name });
      expect(r.document.format).toMatch(/^od[tsp]$/);
      expect([label.verdict, ...(label.accept ?? [])]).toContain(r.verdict);
      for (const f of label.findings ?? []) expect(r.findings.some((x) => x.ruleId === f.ruleId && (!f.role || x.location.role === f.role)), `${f.ruleId} in ${f.role}`).toBe(true);
      if (label.verdict === 'pass') expect(r.coverage.complete).toBe(true);
    });
  }
});
