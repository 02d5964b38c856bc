/**
 * Text the page shows though no text of the document holds it where it stands: list labels, data
 * style literals, fields whose value comes from elsewhere. Each is read in place, so a marking
 * split between such text and the document's own text reads whole; a benign twin keeps passing.
 */
import { strToU8, zipSync, type Zippable } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS, type Extraction, type TextPart } from '@prepub/core';
import { createScanner, type Scanner } from '@prepub/scanner';
import { extractOdf } from '../src/index.ts';
import { cpuMsSince } from '../../../tests/cpu-time.ts';

const ctx = { limits: DEFAULT_LIMITS };
const byId = (x: Extraction, id: string): TextPart => {
  const p = x.parts.find((q) => q.id === id);
  if (!p) throw new Error(`no part ${id} in ${x.parts.map((q) => `${q.id}:${q.role}`).join(', ')}`);
  return p;
};

const NS = [
  'office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"',
  'text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"',
  'table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"',
  'style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"',
  'number="urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0"',
  'fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"',
  'meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0"',
  'dc="http://purl.org/dc/elements/1.1/"',
  'svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"',
  'draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"',
  'xlink="http://www.w3.org/1999/xlink"',
  'loext="urn:org:documentfoundation:names:experimental:office:xmlns:loext:1.0"',
]
  .map((n) => `xmlns:${n}`)
  .join(' ');
const content = (kind: string, body: string, auto = '') => `<?xml version="1.0" encoding="UTF-8"?><office:document-content ${NS} office:version="1.3"><office:automatic-styles>${auto}</office:automatic-styles><office:body><office:${kind}>${body}</office:${kind}></office:body></office:document-content>`;
const styles = (inner: string) => `<?xml version="1.0" encoding="UTF-8"?><office:document-styles ${NS} office:version="1.3"><office:styles>${inner}</office:styles></office:document-styles>`;
const flat = (kind: string, body: string, auto = '', meta = '') =>
  strToU8(`<?xml version="1.0" encoding="UTF-8"?><office:document ${NS} office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.${kind}"><office:meta>${meta}</office:meta><office:automatic-styles>${auto}</office:automatic-styles><office:body><office:${kind}>${body}</office:${kind}></office:body></office:document>`);

/** An OpenDocument package: `mimetype` first and stored, a manifest, the given entries. */
function odf(files: Record<string, string>, kind = 'text'): Uint8Array {
  const z: Zippable = { mimetype: [strToU8(`application/vnd.oasis.opendocument.${kind}`), { level: 0 }] };
  const entries = Object.keys(files).map((f) => `<manifest:file-entry manifest:full-path="${f}" manifest:media-type="text/xml"/>`).join('');
  z['META-INF/manifest.xml'] = strToU8(`<?xml version="1.0"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.${kind}"/>${entries}</manifest:manifest>`);
  for (const [k, v] of Object.entries(files)) z[k] = strToU8(v);
  return zipSync(z);
}

let scanner: Scanner;
beforeAll(async () => {
  scanner = await createScanner({ ocr: false, isolation: false });
});
afterAll(() => scanner?.close());

const verdict = async (bytes: Uint8Array, filename: string) => (await scanner.scan(bytes, { filename })).verdict;

const TITLE = '<text:p>江临市水务局关于做好汛期值班工作的通知</text:p>';
const BODY = '<text:p>各区县水务局：现将有关事项通知如下。</text:p>';
const bulletStyle = (name: string, char: string) => `<text:list-style style:name="${name}"><text:list-level-style-bullet text:level="1" text:bullet-char="${char}"><style:list-level-properties text:list-level-position-and-space-mode="label-alignment"><style:list-level-label-alignment text:label-followed-by="listtab"/></style:list-level-properties></text:list-level-style-bullet></text:list-style>`;
const item = (t: string, p = '<text:p>') => `<text:list-item>${p}${t}</text:p></text:list-item>`;

describe('ODF list labels are read where the page draws them', () => {
  it('a bullet character is the first text of its item: bullet 机 + 密★5年 reads 机\\t密★5年 and blocks; an ordinary bulleted notice passes', async () => {
    const leak = odf({ 'content.xml': content('text', `<text:list text:style-name="L1">${item('密★5年')}</text:list>${TITLE}${BODY}`, bulletStyle('L1', '机')) });
    const body = byId(await extractOdf(leak, ctx), 'body');
    expect(body.text.split('\n')[0]).toBe('机\t密★5年');
    expect(body.blocks![0]).toMatchObject({ kind: 'list-item', start: 0, end: 6 });
    expect(await verdict(leak, 'bullet.odt')).toBe('block');

    const benign = odf({ 'content.xml': content('text', `${TITLE}${BODY}<text:list text:style-name="L1">${item('值班人员须保持通讯畅通。')}${item('遇突发险情立即上报。')}</text:list>`, bulletStyle('L1', '•')) });
    expect(byId(await extractOdf(benign, ctx), 'body').text).toContain('•\t值班人员须保持通讯畅通。\n•\t遇突发险情立即上报。');
    expect(await verdict(benign, 'notice.odt')).toBe('pass');
  });

  it('the list style named by the paragraph style, as LibreOffice saves it, when the list names none', async () => {
    const auto = `<style:style style:name="P1" style:family="paragraph" style:list-style-name="L1"/>${bulletStyle('L1', '机')}`;
    const leak = odf({ 'content.xml': content('text', `<text:list>${item('密★5年', '<text:p text:style-name="P1">')}</text:list>${TITLE}`, auto) });
    expect(byId(await extractOdf(leak, ctx), 'body').text.split('\n')[0]).toBe('机\t密★5年');
    expect(await verdict(leak, 'bullet_lo_saved.odt')).toBe('block');
  });

  it('a numbered label: prefix, the number from start-value in its format, suffix (机密★ + 5 + 年 before （正文）) blocks; 第一条 … passes', async () => {
    const numbered = (prefix: string, suffix: string, format: string, start: number) => `<text:list-style style:name="L1"><text:list-level-style-number text:level="1" style:num-prefix="${prefix}" style:num-suffix="${suffix}" style:num-format="${format}" text:start-value="${start}"/></text:list-style>`;
    const leak = odf({ 'content.xml': content('text', `<text:list text:style-name="L1">${item('（正文）')}</text:list>${TITLE}`, numbered('机密★', '年', '1', 5)) });
    expect(byId(await extractOdf(leak, ctx), 'body').text.split('\n')[0]).toBe('机密★5年\t（正文）');
    expect(await verdict(leak, 'listlabel.odt')).toBe('block');
    // 机 as a prefix with no number (num-format ""), then 密★5年.
    const split = odf({ 'content.xml': content('text', `<text:list text:style-name="L1">${item('密★5年')}</text:list>${TITLE}`, numbered('机', '', '', 1)) });
    expect(await verdict(split, 'prefix_split.odt')).toBe('block');

    const benign = odf({ 'content.xml': content('text', `${TITLE}<text:list text:style-name="L1">${item('值班时间为每日8时至次日8时。')}${item('值班人员不得擅离岗位。')}</text:list>`, numbered('第', '条', '一, 二, 三, ...', 1)) });
    expect(byId(await extractOdf(benign, ctx), 'body').text).toContain('第一条\t值班时间为每日8时至次日8时。\n第二条\t值班人员不得擅离岗位。');
    expect(await verdict(benign, 'rules.odt')).toBe('pass');
  });

  it('counts as LibreOffice draws them: levels shown (display-levels), nested items, start-value, headers unnumbered, a new list restarts, continue-numbering goes on', async () => {
    const auto = '<text:list-style style:name="L1"><text:list-level-style-number text:level="1" style:num-suffix="、" style:num-format="1"/><text:list-level-style-number text:level="2" style:num-suffix=")" style:num-format="a" text:display-levels="2"/></text:list-style>';
    const body = `<text:list text:style-name="L1">${item('一')}${item('二')}<text:list-item><text:list>${item('二甲')}</text:list></text:list-item><text:list-item><text:p>三</text:p><text:p>三续</text:p></text:list-item><text:list-header><text:p>说明</text:p></text:list-header></text:list><text:list text:style-name="L1">${item('新一')}</text:list><text:list text:style-name="L1" text:continue-numbering="true">${item('新二')}<text:list-item text:start-value="7"><text:p>七</text:p></text:list-item></text:list>`;
    const x = await extractOdf(odf({ 'content.xml': content('text', body, auto) }), ctx);
    expect(byId(x, 'body').text).toBe(['1、\t一', '2、\t二', '2.a)\t二甲', '3、\t三', '三续', '说明', '1、\t新一', '2、\t新二', '7、\t七'].join('\n'));
  });

  it("LibreOffice's whole-label format (loext:num-list-format) is drawn; the prefix and suffix it replaces are read as hidden text", async () => {
    const auto = '<text:list-style style:name="L1"><text:list-level-style-number text:level="1" style:num-prefix="附件" style:num-suffix="：" style:num-format="1" loext:num-list-format="机%1%"/></text:list-style>';
    const x = await extractOdf(odf({ 'content.xml': content('text', `<text:list text:style-name="L1">${item('密★5年')}</text:list>`, auto) }), ctx);
    expect(byId(x, 'body').text).toBe('机1\t密★5年');
    expect(byId(x, 'body#hidden').text).toBe('附件1：\t');
  });

  it('a heading is numbered by the outline style (styles.xml): outline prefix 机 before heading 密★5年 blocks; a level without a number is left out of its sub-levels\' labels, as LibreOffice draws them', async () => {
    const outline = (prefix: string) => styles(`<text:outline-style style:name="Outline"><text:outline-level-style text:level="1" style:num-prefix="${prefix}" style:num-format=""/><text:outline-level-style text:level="2" style:num-format="1" text:display-levels="2"/></text:outline-style>`);
    const leak = odf({ 'styles.xml': outline('机'), 'content.xml': content('text', `<text:h text:outline-level="1">密★5年</text:h>${TITLE}`) });
    expect(byId(await extractOdf(leak, ctx), 'body').text.split('\n')[0]).toBe('机\t密★5年');
    expect(await verdict(leak, 'outline_prefix.odt')).toBe('block');
    const benign = odf({ 'styles.xml': outline('第'), 'content.xml': content('text', `${TITLE}<text:h text:outline-level="1">总则</text:h><text:h text:outline-level="2">适用范围</text:h><text:h text:outline-level="2">职责分工</text:h>${BODY}`) });
    expect(byId(await extractOdf(benign, ctx), 'body').text).toContain('第\t总则\n1\t适用范围\n2\t职责分工');
    expect(await verdict(benign, 'outline.odt')).toBe('pass');
  });

  it('a flat document reads its labels too; a private-use bullet draws nothing read; short items with labels between them are not reported as passed over', async () => {
    const x = await extractOdf(flat('text', `<text:list text:style-name="L1">${item('密★5年')}</text:list><text:list text:style-name="L2">${item('注意事项')}</text:list>`, bulletStyle('L1', '机') + bulletStyle('L2', '\uE00A')), ctx);
    expect(byId(x, 'body').text).toBe('机\t密★5年\n注意事项');
    const short = await extractOdf(flat('text', `<text:p>请勾选：</text:p><text:list text:style-name="L1">${item('是')}${item('否')}${item('待定')}</text:list>`, bulletStyle('L1', '□')), ctx);
    expect(short.parts.map((p) => [p.id, p.text])).toEqual([['body', '请勾选：\n□\t是\n□\t否\n□\t待定']]);
  });

  it('a list of 100,000 items and lists nested 300 deep read in linear time', async () => {
    const many = `<text:list text:style-name="L1">${item('条目').repeat(100_000)}</text:list>`;
    let t = process.cpuUsage();
    // Flat: a package this repetitive is refused by the zip-bomb ratio limit before it is read.
    const x = await extractOdf(flat('text', many, bulletStyle('L1', '•')), ctx);
    expect(byId(x, 'body').text.length).toBe(100_000 * 5 - 1);
    // The labels are not taken for text the walk passed over.
    expect(x.parts.map((p) => p.id)).toEqual(['body']);
    expect(cpuMsSince(t)).toBeLessThan(5000);
    const deep = `${'<text:list text:style-name="L1"><text:list-item>'.repeat(300)}<text:p>深</text:p>${'</text:list-item></text:list>'.repeat(300)}`;
    t = process.cpuUsage();
    expect(byId(await extractOdf(odf({ 'content.xml': content('text', deep, bulletStyle('L1', '•')) }), ctx), 'body').text).toBe('深');
    expect(cpuMsSince(t)).toBeLessThan(5000);
  });
});

describe('ODF fields are read where they stand', () => {
  it('text:title (the document title field) is text of its paragraph, not alt text: 机 + title field 密★5年 blocks; a picture\'s svg:title stays alt text', async () => {
    const meta = '<?xml version="1.0"?><office:document-meta xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><office:meta><dc:title>密★5年</dc:title></office:meta></office:document-meta>';
    const leak = odf({ 'content.xml': content('text', `<text:p>机<text:title>密★5年</text:title></text:p><text:p>关于印发工作方案的通知</text:p>`), 'meta.xml': meta });
    const x = await extractOdf(leak, ctx);
    expect(byId(x, 'body').text.split('\n')[0]).toBe('机密★5年');
    expect(x.parts.some((p) => p.role === 'alt-text')).toBe(false);
    expect(await verdict(leak, 'title_field.odt')).toBe('block');

    const pic = '<draw:frame draw:name="图1" svg:width="2cm" svg:height="1cm"><draw:image xlink:href="https://example.org/logo.png"/><svg:title>单位标识</svg:title><svg:desc>江临市水务局徽标</svg:desc></draw:frame>';
    const benign = odf({ 'content.xml': content('text', `<text:p>文件名称：<text:title>汛期值班工作方案</text:title></text:p><text:p>${pic}各区县水务局：现将方案印发给你们。</text:p>`) });
    const y = await extractOdf(benign, ctx);
    expect(byId(y, 'body').text).toBe('文件名称：汛期值班工作方案\n各区县水务局：现将方案印发给你们。');
    expect(byId(y, 'alt-text').text).toBe('单位标识\n江临市水务局徽标');
    expect(await verdict(benign, 'plan.odt')).toBe('pass');
  });
});

describe('ODF data styles are composed with the cells they show', () => {
  const sheet = (cells: string, auto: string, columns = '<table:table-column/>') => content('spreadsheet', `<table:table table:name="台账">${columns}<table:table-row>${cells}</table:table-row></table:table>`, auto);
  const cellStyle = (name: string, data: string) => `<style:style style:name="${name}" style:family="table-cell" style:data-style-name="${data}"/>`;

  it('a text style\'s literal before the cell\'s text: 机 + 密★5年 reads 机密★5年 in the sheet and blocks (package and flat); a text style 编号： before an ordinary string passes', async () => {
    const auto = `<number:text-style style:name="N1"><number:text>机</number:text><number:text-content/></number:text-style>${cellStyle('ce1', 'N1')}`;
    const cell = '<table:table-cell table:style-name="ce1" office:value-type="string"><text:p>密★5年</text:p></table:table-cell>';
    const leak = odf({ 'content.xml': sheet(cell, auto) }, 'spreadsheet');
    expect(byId(await extractOdf(leak, ctx), 'sheet-1').text).toBe('机密★5年');
    expect(await verdict(leak, 'ledger.ods')).toBe('block');
    const flatLeak = flat('spreadsheet', `<table:table table:name="台账"><table:table-column/><table:table-row>${cell}</table:table-row></table:table>`, auto);
    expect(byId(await extractOdf(flatLeak, ctx), 'sheet-1').text).toBe('机密★5年');
    expect(await verdict(flatLeak, 'ledger.fods')).toBe('block');
    // As LibreOffice saves it: the string in office:string-value, the display in the paragraph.
    const saved = '<table:table-cell table:style-name="ce1" office:value-type="string" office:string-value="密★5年"><text:p>机密★5年</text:p></table:table-cell>';
    expect(byId(await extractOdf(odf({ 'content.xml': sheet(saved, auto) }, 'spreadsheet'), ctx), 'sheet-1').text).toBe('机密★5年');

    const benignAuto = `<number:text-style style:name="N1"><number:text>编号：</number:text><number:text-content/></number:text-style>${cellStyle('ce1', 'N1')}`;
    const benign = odf({ 'content.xml': sheet('<table:table-cell table:style-name="ce1" office:value-type="string"><text:p>SW-2024-017</text:p></table:table-cell><table:table-cell><text:p>汛期物资采购</text:p></table:table-cell>', benignAuto) }, 'spreadsheet');
    expect(byId(await extractOdf(benign, ctx), 'sheet-1').text).toBe('编号：SW-2024-017\t汛期物资采购');
    expect(await verdict(benign, 'ledger.ods')).toBe('pass');
  });

  it('a currency style 机 + symbol 密★ + value 5 + 年 on a cell without a paragraph reads 机密★5年 and blocks; a cached display that shows every literal stands as written', async () => {
    const auto = `<number:currency-style style:name="N2"><number:text>机</number:text><number:currency-symbol>密★</number:currency-symbol><number:number number:min-integer-digits="1"/><number:text>年</number:text></number:currency-style>${cellStyle('ce2', 'N2')}`;
    const leak = odf({ 'content.xml': sheet('<table:table-cell table:style-name="ce2" office:value-type="currency" office:currency="CNY" office:value="5"/>', auto) }, 'spreadsheet');
    expect(byId(await extractOdf(leak, ctx), 'sheet-1').text).toBe('机密★5年');
    expect(await verdict(leak, 'fees.ods')).toBe('block');
    // The column's default cell style applies to a cell that names none.
    const byColumn = odf({ 'content.xml': sheet('<table:table-cell office:value-type="float" office:value="5"><text:p>5</text:p></table:table-cell>', auto, '<table:table-column table:default-cell-style-name="ce2"/>') }, 'spreadsheet');
    expect(byId(await extractOdf(byColumn, ctx), 'sheet-1').text).toBe('机密★5年');

    const yuan = `<number:currency-style style:name="N3P0"><number:currency-symbol>¥</number:currency-symbol><number:number number:decimal-places="2" number:min-integer-digits="1"/></number:currency-style><number:currency-style style:name="N3"><number:text>-</number:text><number:currency-symbol>¥</number:currency-symbol><number:number number:decimal-places="2" number:min-integer-digits="1"/><style:map style:condition="value()&gt;=0" style:apply-style-name="N3P0"/></number:currency-style>${cellStyle('ce3', 'N3')}`;
    // A non-negative value takes the positive branch (style:map); without a paragraph it is formatted here.
    const benign = odf({ 'content.xml': sheet('<table:table-cell><text:p>防汛物资</text:p></table:table-cell><table:table-cell table:style-name="ce3" office:value-type="currency" office:value="1250.5"><text:p>¥1250.50</text:p></table:table-cell><table:table-cell table:style-name="ce3" office:value-type="currency" office:value="300"/>', yuan) }, 'spreadsheet');
    expect(byId(await extractOdf(benign, ctx), 'sheet-1').text).toBe('防汛物资\t¥1250.50\t¥300.00');
    expect(await verdict(benign, 'fees.ods')).toBe('pass');
  });

  it('a number style in a text document\'s table, an embedded text among the digits, a date style; an unknown condition reads every branch', async () => {
    const num = `<number:number-style style:name="N4"><number:text>机密★</number:text><number:number number:min-integer-digits="1"/><number:text>年</number:text></number:number-style>${cellStyle('ce4', 'N4')}`;
    const odt = odf({ 'content.xml': content('text', '<table:table table:name="表1"><table:table-column/><table:table-row><table:table-cell table:style-name="ce4" office:value-type="float" office:value="5"><text:p>5</text:p></table:table-cell></table:table-row></table:table>', num) });
    expect(byId(await extractOdf(odt, ctx), 'body').text).toBe('机密★5年');
    expect(await verdict(odt, 'table.odt')).toBe('block');
    const date = `<number:date-style style:name="N5"><number:text>机密★</number:text><number:year number:style="long"/><number:text>年</number:text></number:date-style>${cellStyle('ce5', 'N5')}`;
    expect(byId(await extractOdf(odf({ 'content.xml': sheet('<table:table-cell table:style-name="ce5" office:value-type="date" office:date-value="2030-01-01"/>', date) }, 'spreadsheet'), ctx), 'sheet-1').text).toBe('机密★2030年');
    const embedded = `<number:number-style style:name="N7"><number:text>机密</number:text><number:number number:min-integer-digits="2"><number:embedded-text number:position="1">★</number:embedded-text></number:number><number:text>年</number:text></number:number-style>${cellStyle('ce7', 'N7')}`;
    expect(byId(await extractOdf(odf({ 'content.xml': sheet('<table:table-cell table:style-name="ce7" office:value-type="float" office:value="5"/>', embedded) }, 'spreadsheet'), ctx), 'sheet-1').text).toBe('机密0★5年');
    const odd = `<number:number-style style:name="N6A"><number:text>机密★</number:text><number:number/><number:text>年</number:text></number:number-style><number:number-style style:name="N6"><number:number/><style:map style:condition="is-true-criteria()" style:apply-style-name="N6A"/></number:number-style>${cellStyle('ce6', 'N6')}`;
    const x = await extractOdf(odf({ 'content.xml': sheet('<table:table-cell table:style-name="ce6" office:value-type="float" office:value="5"><text:p>5</text:p></table:table-cell>', odd) }, 'spreadsheet'), ctx);
    expect(byId(x, 'sheet-1').text).toBe('5');
    expect(byId(x, 'sheet-1#hidden').text).toBe('机密★5年');
  });

  it('100,000 data styles and cells read in linear time', async () => {
    let auto = '';
    let cells = '';
    for (let i = 0; i < 100_000; i++) auto += `<number:number-style style:name="N${i}"><number:text>第</number:text><number:number/><number:text>号</number:text></number:number-style>`;
    auto += cellStyle('ce', 'N99999');
    for (let i = 0; i < 20_000; i++) cells += `<table:table-cell table:style-name="ce" office:value-type="float" office:value="${i}"/>`;
    const t = process.cpuUsage();
    const x = await extractOdf(flat('spreadsheet', `<table:table table:name="台账"><table:table-column table:number-columns-repeated="20000"/><table:table-row>${cells}</table:table-row></table:table>`, auto), ctx);
    expect(byId(x, 'sheet-1').text.startsWith('第0号\t第1号')).toBe(true);
    expect(cpuMsSince(t)).toBeLessThan(8000);
  });
});

describe('ODF fields whose value comes from elsewhere are resolved where they stand', () => {
  const META = (inner: string) => `<?xml version="1.0"?><office:document-meta ${NS}><office:meta>${inner}</office:meta></office:document-meta>`;
  const first = async (bytes: Uint8Array) => byId(await extractOdf(bytes, ctx), 'body').text.split('\n')[0];

  it('an empty field shows its value: meta subject, user-defined meta, user field, variable, bookmark, chapter; each blocks', async () => {
    const meta = META('<dc:subject>密★5年</dc:subject><meta:user-defined meta:name="密级">密★10年</meta:user-defined><dc:description>密★长期</dc:description><meta:keyword>密★6个月</meta:keyword><meta:initial-creator>密★2年</meta:initial-creator><dc:creator>密★3年</dc:creator>');
    const cases: Array<[string, string, string, Record<string, string>?]> = [
      ['subject', '<text:p>机<text:subject/></text:p>', '机密★5年'],
      ['user-defined', '<text:p>机<text:user-defined text:name="密级"/></text:p>', '机密★10年'],
      ['description', '<text:p>机<text:description/></text:p>', '机密★长期'],
      ['keywords', '<text:p>机<text:keywords/></text:p>', '机密★6个月'],
      ['initial-creator', '<text:p>机<text:initial-creator/></text:p>', '机密★2年'],
      ['author-name', '<text:p>机<text:author-name/></text:p>', '机密★3年'],
      ['user-field-get', '<text:p>机<text:user-field-get text:name="级"/></text:p>', '机密★5年'],
      ['variable-get', '<text:p><text:variable-set text:name="v" office:value-type="string" text:display="none" office:string-value="密★5年"/>机<text:variable-get text:name="v"/></text:p>', '机密★5年'],
      ['bookmark-ref', '<text:p>机<text:bookmark-ref text:reference-format="text" text:ref-name="b1"/></text:p>', '机密★5年'],
    ];
    const decl = '<text:user-field-decls><text:user-field-decl office:value-type="string" office:string-value="密★5年" text:name="级"/></text:user-field-decls>';
    // The bookmark stands after the reference: its text is read before the walk.
    const mark = '<text:p><text:bookmark-start text:name="b1"/>密★5年<text:bookmark-end text:name="b1"/></text:p>';
    for (const [what, p, shown] of cases) {
      const leak = odf({ 'content.xml': content('text', `${decl}${p}<text:p>关于印发工作方案的通知</text:p>${mark}`), 'meta.xml': meta });
      expect(await first(leak), what).toBe(shown);
      expect(await verdict(leak, `${what}.odt`), what).toBe('block');
    }
    // text:chapter shows the current heading (its number and name by default).
    const chapter = odf({ 'content.xml': content('text', '<text:h text:outline-level="1">密★5年</text:h><text:p>机<text:chapter text:display="name" text:outline-level="1"/></text:p><text:p>关于印发工作方案的通知</text:p>') });
    expect(byId(await extractOdf(chapter, ctx), 'body').text.split('\n')[1]).toBe('机密★5年');
    expect(await verdict(chapter, 'chapter.odt')).toBe('block');
    // A flat document: meta stands before the body there, the fields are read the same way.
    const flatLeak = flat('text', '<text:p>机<text:title/></text:p><text:p>关于印发工作方案的通知</text:p>', '', '<dc:title>密★5年</dc:title>');
    expect(await first(flatLeak)).toBe('机密★5年');
  });

  it('a field that holds text keeps it; the value elsewhere, where it differs, is read as hidden text', async () => {
    const meta = META('<dc:subject>密★5年</dc:subject>');
    const x = await extractOdf(odf({ 'content.xml': content('text', '<text:p>机<text:subject>要通知</text:subject></text:p>'), 'meta.xml': meta }), ctx);
    expect(byId(x, 'body').text).toBe('机要通知');
    expect(byId(x, 'body#hidden').text).toContain('密★5年');
  });

  it('benign: an author field and a chapter field read as shown and pass', async () => {
    const meta = META('<dc:creator>张丽华</dc:creator><dc:title>汛期值班工作方案</dc:title>');
    const body = '<text:h text:outline-level="1">一、值班安排</text:h><text:p>本章（<text:chapter text:display="name" text:outline-level="1"/>）由<text:author-name/>起草，报<text:title/>编制组审定。</text:p>' + BODY;
    const ok = odf({ 'content.xml': content('text', body), 'meta.xml': meta });
    expect(byId(await extractOdf(ok, ctx), 'body').text).toBe('一、值班安排\n本章（一、值班安排）由张丽华起草，报汛期值班工作方案编制组审定。\n各区县水务局：现将有关事项通知如下。');
    expect(await verdict(ok, 'duty.odt')).toBe('pass');
  });

  it('hostile: variables set from themselves and thousands of open bookmarks stay linear', async () => {
    const n = 20000;
    const sets = '<text:p><text:variable-set text:name="v" office:value-type="string">甲<text:variable-get text:name="v"/></text:variable-set></text:p>'.repeat(n);
    const marks = Array.from({ length: n }, (_, i) => `<text:bookmark-start text:name="b${i}"/>`).join('') + '正文'.repeat(n) + Array.from({ length: n }, (_, i) => `<text:bookmark-end text:name="b${i}"/>`).join('');
    const refs = Array.from({ length: n }, (_, i) => `<text:bookmark-ref text:reference-format="text" text:ref-name="b${i}"/>`).join('');
    const t = process.cpuUsage();
    const x = await extractOdf(odf({ 'content.xml': content('text', `${sets}<text:p>${marks}</text:p><text:p>${refs.slice(0, 2000)}</text:p>`) }), ctx);
    expect(byId(x, 'body').text.split('\n')[n - 1].length).toBeLessThanOrEqual(2001);
    expect(cpuMsSince(t)).toBeLessThan(8000);
  });
});

describe('ODT: text drawn in the line from a frame anchored as a character and from a drop-down field', () => {
  const asChar = (first: string, rest: string) => `<text:p>${first}<draw:frame draw:name="f1" text:anchor-type="as-char" svg:width="3cm" svg:height="0.6cm"><draw:text-box><text:p>${rest}</text:p></draw:text-box></draw:frame></text:p>${TITLE}${BODY}`;
  const dropDown = (first: string, rest: string) => `<text:p>${first}<text:drop-down text:name="级别"><text:label text:value="无"/><text:label text:value="${rest}" text:current-selected="true"/></text:drop-down></text:p>${TITLE}${BODY}`;

  it('机 + an as-char box of 密★5年, or 机 + a drop-down whose chosen label is 密★5年 (its content empty), reads 机密★5年: block', async () => {
    for (const make of [asChar, dropDown]) {
      const bytes = odf({ 'content.xml': content('text', make('机', '密★5年')) });
      expect(byId(await extractOdf(bytes, ctx), 'body').text.split('\n')[0]).toBe('机密★5年');
      expect(await verdict(bytes, 'notice.odt')).toBe('block');
    }
  });

  it('benign: 保 + 密宣传月 so written passes with nothing unread; a frame anchored to the paragraph stays in its own box', async () => {
    for (const make of [asChar, dropDown]) {
      const r = await scanner.scan(odf({ 'content.xml': content('text', make('保', '密宣传月')) }), { filename: 'notice.odt' });
      expect(r.verdict).toBe('pass');
      expect(r.coverage.unread).toEqual([]);
    }
    const anchored = odf({ 'content.xml': content('text', asChar('通知', '附件').replace('as-char', 'paragraph')) });
    expect(byId(await extractOdf(anchored, ctx), 'body').text.split('\n')[0]).toBe('通知');
  });
});

describe('ODS: a short text box anchored to a cell stands in the cell\'s row', () => {
  const sheet = (first: string, rest: string) =>
    `<table:table table:name="表"><table:table-row><table:table-cell office:value-type="string"><text:p>${first}</text:p></table:table-cell><table:table-cell><draw:frame table:end-cell-address="表.C1" table:end-x="0cm" table:end-y="0cm" svg:x="0cm" svg:y="0cm" svg:width="3cm" svg:height="0.5cm"><draw:text-box><text:p>${rest}</text:p></draw:text-box></draw:frame></table:table-cell></table:table-row><table:table-row><table:table-cell office:value-type="string"><text:p>江临市汛期物资调度表</text:p></table:table-cell></table:table-row></table:table>`;
  it('机 in A1 and a box of 密★5年 anchored at B1 read 机 | 密★5年: block', async () => {
    const bytes = odf({ 'content.xml': content('spreadsheet', sheet('机', '密★5年')) }, 'spreadsheet');
    expect(byId(await extractOdf(bytes, ctx), 'sheet-1').text.split('\n')[0]).toBe('机\t密★5年');
    expect(await verdict(bytes, 'book.ods')).toBe('block');
  });
  it('benign: 保 and a box of 密宣传月 pass with nothing unread', async () => {
    const r = await scanner.scan(odf({ 'content.xml': content('spreadsheet', sheet('保', '密宣传月')) }, 'spreadsheet'), { filename: 'book.ods' });
    expect(r.verdict).toBe('pass');
    expect(r.coverage.unread).toEqual([]);
  });
});

describe('ODS: a cell whose style writes its text in the colour of its fill, or 2 pt', () => {
  const STYLES = '<style:style style:name="tiny" style:family="table-cell"><style:text-properties fo:font-size="2pt"/></style:style><style:style style:name="white" style:family="table-cell"><style:text-properties fo:color="#ffffff"/></style:style><style:style style:name="dark" style:family="table-cell"><style:table-cell-properties fo:background-color="#1f3864"/><style:text-properties fo:color="#ffffff"/></style:style>';
  const cell = (v: string, style?: string) => `<table:table-cell${style ? ` table:style-name="${style}"` : ''} office:value-type="string"><text:p>${v}</text:p></table:table-cell>`;
  const sheet = (row: string) => `<table:table table:name="表"><table:table-row>${row}</table:table-row><table:table-row>${cell('江临市汛期物资调度表')}</table:table-row></table:table>`;
  const book = (row: string) => odf({ 'content.xml': content('spreadsheet', sheet(row), STYLES) }, 'spreadsheet');

  it('机 | white 开 on no fill | 密★5年 reads 机 | 密★5年: block; a white cell of 机密★5年 alone is still read: block', async () => {
    const bytes = book(cell('机') + cell('开', 'white') + cell('密★5年'));
    expect(byId(await extractOdf(bytes, ctx), 'sheet-1').text.split('\n')[0]).toBe('机\t密★5年');
    expect(await verdict(bytes, 'book.ods')).toBe('block');
    expect(await verdict(book(cell('机密★5年', 'white')), 'book.ods')).toBe('block');
    // A cell style of 2 pt the same.
    const tiny = book(cell('机') + cell('开', 'tiny') + cell('密★5年'));
    expect(byId(await extractOdf(tiny, ctx), 'sheet-1').text.split('\n')[0]).toBe('机\t密★5年');
    expect(await verdict(tiny, 'book.ods')).toBe('block');
  });
  it('white on a dark fill is seen; 保 | white 开 | 密宣传月 passes with nothing unread', async () => {
    expect(byId(await extractOdf(book(cell('机') + cell('开', 'dark') + cell('密★5年')), ctx), 'sheet-1').text.split('\n')[0]).toBe('机\t开\t密★5年');
    const r = await scanner.scan(book(cell('保') + cell('开', 'white') + cell('密宣传月')), { filename: 'book.ods' });
    expect(r.verdict).toBe('pass');
    expect(r.coverage.unread).toEqual([]);
  });
});

describe('ODS: a formula joining other cells\' values', () => {
  const cell = (v: string) => `<table:table-cell office:value-type="string"><text:p>${v}</text:p></table:table-cell>`;
  const row = (...cells: string[]) => `<table:table-row>${cells.join('')}</table:table-row>`;
  /** A1 = `formula` (no text shown); `first` in A9 and `rest` in D12 of 表 or of a hidden sheet 数据. */
  const book = (formula: string, first: string, rest: string, other = false) => {
    const top = row(`<table:table-cell table:formula="${formula.replace(/&/g, '&amp;').replace(/"/g, '&quot;')}" office:value-type="string"/>`) + ['江临市汛期物资调度表', '物资', '沙袋', '编织袋', '救生衣', '照明灯', '发电机'].map((t) => row(cell(t))).join('');
    const tail = row(cell(first), cell('备注说明')) + row(cell('办公经费')) + row(cell('差旅费')) + row(cell('合计'), '<table:table-cell table:number-columns-repeated="2"/>', cell(rest));
    const sheets = other ? `<table:table table:name="表">${top}</table:table><table:table table:name="数据">${row(cell('x'))}${'<table:table-row><table:table-cell/></table:table-row>'.repeat(7)}${tail}</table:table>` : `<table:table table:name="表">${top}${tail}</table:table>`;
    return odf({ 'content.xml': content('spreadsheet', sheets) }, 'spreadsheet');
  };
  it('of:=[.A9]&[.D12] over 机 and 密★5年, or the same on another sheet ([数据.A9]), reads 机密★5年: block', async () => {
    expect(await verdict(book('of:=[.A9]&[.D12]', '机', '密★5年'), 'book.ods')).toBe('block');
    expect(await verdict(book('of:=CONCATENATE([数据.$A$9];[$数据.D12])', '机', '密★5年', true), 'book.ods')).toBe('block');
  });
  it('benign: the same over 保 and 密宣传月 passes with nothing unread', async () => {
    const r = await scanner.scan(book('of:=[.A9]&[.D12]', '保', '密宣传月'), { filename: 'book.ods' });
    expect(r.verdict).toBe('pass');
    expect(r.coverage.unread).toEqual([]);
  });
});
