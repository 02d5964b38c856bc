import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { zipSync, strToU8 } from 'fflate';
import { createScanner } from '@prepub/scanner';
import { extractDocx } from '../src/index.ts';
import { fieldShows } from '../src/xml.ts';
import { ctx, docx, para, partsBy, REL, wml } from './helpers.ts';

/** A package whose document sets `page` (a w:background) before its body. */
const docxPage = (body: string, page: string): Uint8Array =>
  docx('', { 'word/document.xml': `<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">${page}<w:body>${body}</w:body></w:document>` });
const rel = (id: string, type: string, target: string) => `<Relationship Id="${id}" Type="${REL}/${type}" Target="${target}"/>`;

describe('WordprocessingML stories', () => {
  it('complex fields: results visible, instructions in a hidden field-codes part; fldSimple too', async () => {
    const body =
      '<w:p><w:r><w:t>第</w:t></w:r><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> QUOTE "绝密★长期" </w:instrText></w:r>' +
      '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>3</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r><w:r><w:t>页</w:t></w:r></w:p>' +
      '<w:p><w:fldSimple w:instr=" DOCPROPERTY Company "><w:r><w:t>某市统计局</w:t></w:r></w:fldSimple></w:p>';
    const x = await extractDocx(docx(body), ctx());
    expect(x.parts[0].text).toBe('第3页\n某市统计局');
    const codes = x.parts.find((p) => p.id === 'word/document.xml#field-codes');
    expect(codes?.role).toBe('hidden');
    expect(codes?.text).toContain('QUOTE "绝密★长期"');
    expect(codes?.text).toContain('DOCPROPERTY Company');
  });

  it('characters SYMBOL and EQ fields draw from codes and arguments are read, one line per paragraph, and a marking so drawn blocks', async () => {
    const field = (instr: string) => `<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> ${instr} </w:instrText></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>`;
    const title = '<w:p><w:r><w:t>关于做好汛期物资调度工作的通知</w:t></w:r></w:p>';
    const ways = {
      'SYMBOL \\u': [...'机密★5年'].map((c) => field(`SYMBOL ${c.codePointAt(0)} \\u`)).join(''),
      'SYMBOL GBK and Wingdings': ['SYMBOL 48122', 'SYMBOL 50140', 'SYMBOL 171 \\f "Wingdings"', 'SYMBOL 53', 'SYMBOL 50410'].map(field).join(''),
      'EQ array': field('EQ \\a \\co5(机,密,★,5,年)'),
    };
    const scanner = await createScanner({ ocr: false });
    try {
      for (const [how, runs] of Object.entries(ways)) {
        const bytes = docx(`<w:p>${runs}</w:p>${title}`);
        const x = await extractDocx(bytes, ctx());
        expect(x.parts.find((p) => p.id === 'word/document.xml#field-shows')?.text, how).toBe('机密★5年');
        expect((await scanner.scan(bytes, { filename: 'notice.docx' })).verdict, how).toBe('block');
      }
      // A circled number (EQ \o\ac(○,1)) and a page number field draw nothing a scan cares about.
      const benign = docx(`<w:p><w:r><w:t>见附件</w:t></w:r>${field('EQ \\o\\ac(○,1)')}${field('PAGE')}</w:p>${title}`);
      expect((await scanner.scan(benign, { filename: 'notice.docx' })).verdict).toBe('pass');
    } finally {
      await scanner.close();
    }
    expect(fieldShows('EQ \\f(1,2)')).toBe('12');
    expect(fieldShows('EQ \\l(甲\\,乙)')).toBe('甲,乙');
    expect(fieldShows('SYMBOL 0x41')).toBe('A');
    expect(fieldShows('PAGE')).toBeUndefined();
  });

  it('a line spelled across one-character text boxes listed out of the order they stand is read as it stands, and blocks', async () => {
    const chars = [...'机密★5年'];
    const title = '<w:p><w:r><w:t>关于做好汛期物资调度工作的通知</w:t></w:r></w:p>';
    // DrawingML (wp:anchor offsets in EMU) and VML (style margins in pt), listed last to first.
    const drawingml = (c: string, i: number) =>
      `<w:r><w:drawing><wp:anchor xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"><wp:positionH relativeFrom="page"><wp:posOffset>${914400 + i * 254000}</wp:posOffset></wp:positionH><wp:positionV relativeFrom="page"><wp:posOffset>457200</wp:posOffset></wp:positionV><wp:extent cx="254000" cy="254000"/><wp:docPr id="${i + 1}" name="文本框 ${i + 1}"/><a:graphic xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"><wps:wsp xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"><wps:txbx><w:txbxContent><w:p><w:r><w:t>${c}</w:t></w:r></w:p></w:txbxContent></wps:txbx></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></w:r>`;
    const vml = (c: string, i: number) =>
      `<w:r><w:pict><v:shape xmlns:v="urn:schemas-microsoft-com:vml" id="s${i}" style="position:absolute;margin-left:${72 + i * 20}pt;margin-top:36pt;width:20pt;height:20pt" type="#_x0000_t202"><v:textbox><w:txbxContent><w:p><w:r><w:t>${c}</w:t></w:r></w:p></w:txbxContent></v:textbox></v:shape></w:pict></w:r>`;
    const scanner = await createScanner({ ocr: false });
    try {
      for (const [how, box] of [['DrawingML', drawingml], ['VML', vml]] as const) {
        const boxes = chars.map((c, i) => box(c, i)).reverse().join('');
        const bytes = docx(`<w:p>${boxes}</w:p>${title}`);
        const x = await extractDocx(bytes, ctx());
        expect(x.parts.find((p) => p.id === 'word/document.xml#text-boxes-in-place')?.text, how).toBe('机密★5年');
        expect((await scanner.scan(bytes, { filename: 'notice.docx' })).verdict, how).toBe('block');
        // Listed in the order they stand: nothing is added.
        const inOrder = await extractDocx(docx(`<w:p>${chars.map((c, i) => box(c, i)).join('')}</w:p>${title}`), ctx());
        expect(inOrder.parts.some((p) => p.id.endsWith('#text-boxes-in-place')), how).toBe(false);
      }
    } finally {
      await scanner.close();
    }
  });

  it('a right-to-left table (w:bidiVisual) is also read as it stands, last cell first, and a marking so spelled blocks', async () => {
    const cellP = (t: string) => `<w:tc><w:p><w:r><w:t>${t}</w:t></w:r></w:p></w:tc>`;
    const table = (bidi: string, cells: string[]) => `<w:tbl><w:tblPr>${bidi}</w:tblPr><w:tr>${cells.map(cellP).join('')}</w:tr></w:tbl><w:p><w:r><w:t>关于做好汛期物资调度工作的通知</w:t></w:r></w:p>`;
    const bytes = docx(table('<w:bidiVisual/>', [...'年5★密机']));
    const x = await extractDocx(bytes, ctx());
    expect(x.parts.find((p) => p.id === 'word/document.xml#rtl-table-rows')?.text).toBe('机\t密\t★\t5\t年');
    const scanner = await createScanner({ ocr: false });
    try {
      expect((await scanner.scan(bytes, { filename: 'notice.docx' })).verdict).toBe('block');
    } finally {
      await scanner.close();
    }
    // A left-to-right table, or bidiVisual switched off, is read once.
    for (const bidi of ['', '<w:bidiVisual w:val="0"/>']) {
      const y = await extractDocx(docx(table(bidi, ['密级', '公开'])), ctx());
      expect(y.parts.some((p) => p.id.endsWith('#rtl-table-rows')), bidi).toBe(false);
    }
  });

  it('moves: moveFrom is deleted text, moveTo stays visible; vanish="0" is visible', async () => {
    const body =
      '<w:p><w:moveFrom w:id="1" w:author="a"><w:r><w:t>秘密★1年</w:t></w:r></w:moveFrom></w:p>' +
      '<w:p><w:moveTo w:id="2" w:author="a"><w:r><w:t>正文</w:t></w:r></w:moveTo><w:r><w:rPr><w:vanish w:val="0"/></w:rPr><w:t>可见</w:t></w:r></w:p>';
    const x = await extractDocx(docx(body), ctx());
    expect(x.parts[0].text).toBe('\n正文可见');
    expect(partsBy(x, 'deleted')[0].text).toBe('秘密★1年');
    expect(partsBy(x, 'hidden')).toEqual([]);
  });

  it('white text on white and 1 pt text are read as hidden: a piece so written inside a marking leaves the marking whole', async () => {
    const r = (t: string, rpr = ''): string => `<w:r>${rpr ? `<w:rPr>${rpr}</w:rPr>` : ''}<w:t xml:space="preserve">${t}</w:t></w:r>`;
    for (const rpr of ['<w:color w:val="FFFFFF"/>', '<w:color w:val="FFFFFF" w:themeColor="background1"/>', '<w:sz w:val="2"/>', '<w:color w:val="FFFFFF"/><w:shd w:val="clear" w:fill="FFFFFF"/>']) {
      const x = await extractDocx(docx(`<w:p>${r('机')}${r('开', rpr)}${r('密★5年')}</w:p>`), ctx());
      expect(x.parts[0].text, rpr).toBe('机密★5年');
      expect(x.parts.find((p) => p.id.endsWith('#hidden'))?.text, rpr).toBe('开');
    }
  });

  it("Word 2010's text fill (w14:textFill) over w:color: no fill, every colour 90% clear or white: hidden; an outline, a colour, a half-clear fill: seen", async () => {
    const r = (t: string, rpr = ''): string => `<w:r>${rpr ? `<w:rPr>${rpr}</w:rPr>` : ''}<w:t xml:space="preserve">${t}</w:t></w:r>`;
    const W14 = 'xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml"';
    const fill = (inner: string) => `<w14:textFill ${W14}>${inner}</w14:textFill>`;
    const rgb = (v: string, clear?: number) => `<w14:srgbClr w14:val="${v}">${clear === undefined ? '' : `<w14:alpha w14:val="${clear}"/>`}</w14:srgbClr>`;
    const solid = (v: string, clear?: number) => fill(`<w14:solidFill>${rgb(v, clear)}</w14:solidFill>`);
    const grad = (...stops: string[]) => fill(`<w14:gradFill><w14:gsLst>${stops.map((c, i) => `<w14:gs w14:pos="${i * 100000}">${c}</w14:gs>`).join('')}</w14:gsLst><w14:lin w14:ang="0" w14:scaled="0"/></w14:gradFill>`);
    const outline = (inner: string) => `<w14:textOutline ${W14} w14:w="9525" w14:cap="flat" w14:cmpd="sng" w14:algn="ctr">${inner}</w14:textOutline>`;
    const unseen = [
      fill('<w14:noFill/>'),
      `<w:color w:val="000000"/>${solid('000000', 100000)}`,
      solid('C00000', 95000),
      `<w:color w:val="000000"/>${solid('FFFFFF')}`,
      grad(rgb('000000', 100000), rgb('C00000', 92000)),
      grad(rgb('FFFFFF'), rgb('F8F8F8')),
      `${outline('<w14:noFill/>')}${fill('<w14:noFill/>')}`,
    ];
    for (const rpr of unseen) {
      const x = await extractDocx(docx(`<w:p>${r('机')}${r('开', rpr)}${r('密★5年')}</w:p>`), ctx());
      expect(x.parts[0].text, rpr).toBe('机密★5年');
      expect(partsBy(x, 'hidden')[0]?.text, rpr).toBe('开');
    }
    const seen = [
      `${outline(`<w14:solidFill>${rgb('000000')}</w14:solidFill>`)}${fill('<w14:noFill/>')}`,
      `<w:color w:val="FFFFFF"/>${solid('000000')}`,
      solid('000000', 50000),
      grad(rgb('FFFFFF'), rgb('000000')),
      grad(rgb('000000', 100000), rgb('C00000')),
    ];
    for (const rpr of seen) {
      const x = await extractDocx(docx(`<w:p>${r('机')}${r('开', rpr)}${r('密★5年')}</w:p>`), ctx());
      expect(x.parts[0].text, rpr).toBe('机开密★5年');
      expect(x.parts.find((p) => p.id.endsWith('#hidden')), rpr).toBeUndefined();
    }
  });

  it("a run in a text box weighed against the box's own fill: its colour (DrawingML solid fill, VML fillcolor, VML's white by default) or the page when the box paints none", async () => {
    const r = (t: string, rpr = ''): string => `<w:r>${rpr ? `<w:rPr>${rpr}</w:rPr>` : ''}<w:t xml:space="preserve">${t}</w:t></w:r>`;
    const line = (c: string) => `<w:p>${r('机')}${r('开', `<w:color w:val="${c}"/>`)}${r('密★5年')}</w:p>`;
    const dml = (spPr: string, inner: string) =>
      `<w:p><w:r><w:drawing><wp:inline><wp:extent cx="2000000" cy="400000"/><wp:docPr id="1" name="文本框 1"/><a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"><wps:wsp><wps:cNvSpPr txBox="1"/><wps:spPr>${spPr}</wps:spPr><wps:txbx><w:txbxContent>${inner}</w:txbxContent></wps:txbx><wps:bodyPr/></wps:wsp></a:graphicData></a:graphic></wp:inline></w:drawing></w:r></w:p>`;
    const vml = (attrs: string, inner: string) => `<w:p><w:r><w:pict><v:shape id="t1" style="width:160pt;height:30pt" ${attrs}><v:textbox><w:txbxContent>${inner}</w:txbxContent></v:textbox></v:shape></w:pict></w:r></w:p>`;
    const box = async (body: string) => partsBy(await extractDocx(docx(body), ctx()), 'text-box')[0]?.text;
    const red = '<a:solidFill><a:srgbClr val="C00000"/></a:solidFill>';
    for (const body of [dml(red, line('C00000')), dml('<a:noFill/>', line('FFFFFF')), vml('fillcolor="#c00000"', line('C00000')), vml('', line('FFFFFF')), vml('filled="f"', line('FFFFFF'))]) {
      expect(await box(body), body).toBe('机密★5年');
    }
    // White on a red box, red on a box without a fill of its own, on a translucent fill, on a theme colour: seen.
    for (const body of [dml(red, line('FFFFFF')), dml('', line('C00000')), dml('<a:solidFill><a:srgbClr val="C00000"><a:alpha val="40000"/></a:srgbClr></a:solidFill>', line('C00000')), vml('fillcolor="#4f81bd [3204]"', line('FFFFFF')), vml('fillcolor="#c00000"', line('FFFFFF'))]) {
      expect(await box(body), body).toBe('机开密★5年');
    }
  });

  it('near white, 2 pt, squeezed to a tenth, drawn over by the next character or a line off its own: hidden too; ordinary shapes are seen', async () => {
    const r = (t: string, rpr = ''): string => `<w:r>${rpr ? `<w:rPr>${rpr}</w:rPr>` : ''}<w:t xml:space="preserve">${t}</w:t></w:r>`;
    const unseen = ['<w:color w:val="FEFEFE"/>', '<w:color w:val="F8F8F8"/>', '<w:sz w:val="4"/>', '<w:w w:val="1"/>', '<w:w w:val="10"/>', '<w:spacing w:val="-160"/>', '<w:spacing w:val="-300"/>', '<w:position w:val="-200"/>', '<w:position w:val="48"/>'];
    for (const rpr of unseen) {
      const x = await extractDocx(docx(`<w:p>${r('机')}${r('开', rpr)}${r('密★5年')}</w:p>`), ctx());
      expect(x.parts[0].text, rpr).toBe('机密★5年');
      expect(partsBy(x, 'hidden')[0]?.text, rpr).toBe('开');
    }
    // Light grey, 2.5 pt, half width, condensed by 7.5 pt (and paragraph spacing), a superscript's raise: seen.
    const seen = ['<w:color w:val="E0E0E0"/>', '<w:color w:val="FFFFEF"/>', '<w:sz w:val="5"/>', '<w:w w:val="50"/>', '<w:spacing w:val="-150"/>', '<w:position w:val="46"/>', '<w:position w:val="-6"/>'];
    for (const rpr of seen) {
      const x = await extractDocx(docx(`<w:p><w:pPr><w:spacing w:before="-400" w:after="0"/></w:pPr>${r('机')}${r('开', rpr)}${r('密★5年')}</w:p>`), ctx());
      expect(x.parts[0].text, rpr).toBe('机开密★5年');
      expect(partsBy(x, 'hidden'), rpr).toEqual([]);
    }
    // From a character style, each property on its own: a run's own size does not undo its style's squeeze.
    const styles = wml('styles', '<w:style w:type="character" w:styleId="Thin"><w:name w:val="Thin"/><w:rPr><w:w w:val="5"/></w:rPr></w:style>');
    const x = await extractDocx(docx(`<w:p>${r('机')}${r('开', '<w:rStyle w:val="Thin"/><w:sz w:val="24"/>')}${r('密★5年')}</w:p>`, { 'word/styles.xml': styles }, [rel('rIdS', 'styles', 'styles.xml')]), ctx());
    expect(x.parts[0].text).toBe('机密★5年');
  });

  it('white text on a shaded run, paragraph, cell or page is seen', async () => {
    const white = '<w:r><w:rPr><w:color w:val="FFFFFF"/>RUN</w:rPr><w:t>密级</w:t></w:r>';
    for (const [body, page] of [
      [`<w:p>${white.replace('RUN', '<w:shd w:val="clear" w:fill="C00000"/>')}</w:p>`, ''],
      [`<w:p>${white.replace('RUN', '<w:highlight w:val="darkBlue"/>')}</w:p>`, ''],
      [`<w:p><w:pPr><w:shd w:val="clear" w:fill="1F3864"/></w:pPr>${white.replace('RUN', '')}</w:p>`, ''],
      [`<w:tbl><w:tr><w:tc><w:tcPr><w:shd w:val="solid" w:color="003366"/></w:tcPr><w:p>${white.replace('RUN', '')}</w:p></w:tc></w:tr></w:tbl>`, ''],
      [`<w:p>${white.replace('RUN', '')}</w:p>`, '<w:background w:color="1F3864"/>'],
    ]) {
      const x = await extractDocx(page ? docxPage(body, page) : docx(body), ctx());
      expect(x.parts[0].text.trim(), body).toBe('密级');
      expect(partsBy(x, 'hidden'), body).toEqual([]);
    }
  });

  it('text in the colour of what lies behind it (its shading, highlight, paragraph, cell or page) is hidden; another colour is seen', async () => {
    const r = (t: string, rpr = ''): string => `<w:r>${rpr ? `<w:rPr>${rpr}</w:rPr>` : ''}<w:t xml:space="preserve">${t}</w:t></w:r>`;
    const cases: Array<[rpr: string, ppr: string, page: string, hidden: boolean]> = [
      ['<w:color w:val="C00000"/><w:shd w:val="clear" w:color="auto" w:fill="C00000"/>', '', '', true],
      ['<w:color w:val="FFFF00"/><w:highlight w:val="yellow"/>', '', '', true],
      ['<w:color w:val="000000"/><w:highlight w:val="black"/>', '', '', true],
      ['<w:color w:val="1F3864"/>', '<w:pPr><w:shd w:val="clear" w:color="auto" w:fill="1F3864"/></w:pPr>', '', true],
      ['<w:color w:val="1F3864"/>', '', '<w:background w:color="1F3864"/>', true],
      // A solid pattern paints its own colour, whatever the fill.
      ['<w:color w:val="FFFFFF"/><w:shd w:val="solid" w:color="FFFFFF" w:fill="000000"/>', '', '', true],
      ['<w:color w:val="C00000"/><w:shd w:val="clear" w:color="auto" w:fill="C80505"/>', '', '', true],
      // Automatic colour is drawn to be seen; other colours on a ground are seen.
      ['<w:shd w:val="clear" w:color="auto" w:fill="000000"/>', '', '', false],
      ['<w:color w:val="auto"/><w:highlight w:val="black"/>', '', '', false],
      ['<w:color w:val="C00000"/><w:shd w:val="clear" w:color="auto" w:fill="D02020"/>', '', '', false],
      ['<w:color w:val="FFFF00"/><w:highlight w:val="darkBlue"/>', '', '', false],
      ['<w:color w:val="1F3864"/>', '', '', false],
      ['<w:color w:val="FFFFFF"/><w:shd w:val="nil"/>', '<w:pPr><w:shd w:val="clear" w:color="auto" w:fill="1F3864"/></w:pPr>', '', false],
    ];
    for (const [rpr, ppr, page, hidden] of cases) {
      const body = `<w:p>${ppr}${r('机')}${r('开', rpr)}${r('密★5年')}</w:p>`;
      const x = await extractDocx(page ? docxPage(body, page) : docx(body), ctx());
      expect(x.parts[0].text, `${rpr} ${ppr} ${page}`).toBe(hidden ? '机密★5年' : '机开密★5年');
    }
    // A cell filled in the text's colour.
    const cell = (fill: string) => `<w:tbl><w:tr><w:tc><w:tcPr><w:shd w:val="clear" w:color="auto" w:fill="${fill}"/></w:tcPr><w:p>${r('机')}${r('开', '<w:color w:val="2E75B6"/>')}${r('密★5年')}</w:p></w:tc></w:tr></w:tbl>`;
    expect((await extractDocx(docx(cell('2E75B6')), ctx())).parts[0].text.trim()).toBe('机密★5年');
    expect((await extractDocx(docx(cell('FFFFFF')), ctx())).parts[0].text.trim()).toBe('机开密★5年');
  });

  it('white and 1 pt from a character or paragraph style hide their runs too; a run\'s own colour wins', async () => {
    const styles = wml(
      'styles',
      '<w:style w:type="character" w:styleId="Ghost"><w:name w:val="Ghost"/><w:rPr><w:color w:val="FFFFFF"/></w:rPr></w:style>' +
        '<w:style w:type="character" w:styleId="Dust"><w:name w:val="Dust"/><w:basedOn w:val="Ghost"/><w:rPr><w:color w:val="000000"/><w:sz w:val="1"/></w:rPr></w:style>' +
        '<w:style w:type="paragraph" w:styleId="WhitePara"><w:name w:val="White Para"/><w:rPr><w:color w:val="FFFFFF"/></w:rPr></w:style>',
    );
    const r = (t: string, rpr = ''): string => `<w:r>${rpr ? `<w:rPr>${rpr}</w:rPr>` : ''}<w:t xml:space="preserve">${t}</w:t></w:r>`;
    const read = async (body: string) => extractDocx(docx(body, { 'word/styles.xml': styles }, [rel('rIdS', 'styles', 'styles.xml')]), ctx());
    for (const rpr of ['<w:rStyle w:val="Ghost"/>', '<w:rStyle w:val="Dust"/>']) {
      const x = await read(`<w:p>${r('机')}${r('开', rpr)}${r('密★5年')}</w:p>`);
      expect(x.parts[0].text, rpr).toBe('机密★5年');
    }
    const inWhitePara = await read(`<w:p><w:pPr><w:pStyle w:val="WhitePara"/></w:pPr>${r('机', '<w:color w:val="000000"/>')}${r('开')}${r('密★5年', '<w:color w:val="000000"/>')}</w:p>`);
    expect(inWhitePara.parts[0].text).toBe('机密★5年');
    const ownColour = await read(`<w:p>${r('机')}${r('开', '<w:rStyle w:val="Ghost"/><w:color w:val="000000"/>')}${r('密★5年')}</w:p>`);
    expect(ownColour.parts[0].text).toBe('机开密★5年');
    // In a text box (often a filled shape) white is taken as seen; 1 pt is not.
    const box = (piece: string) => `<w:p><w:r><w:drawing><wp:anchor><a:graphic><a:graphicData><wps:wsp><wps:txbx><w:txbxContent><w:p>${r('机')}${piece}${r('密★5年')}</w:p></w:txbxContent></wps:txbx></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></w:r></w:p>`;
    expect((await read(box(r('开', '<w:rStyle w:val="Ghost"/>')))).parts.find((p) => p.role === 'text-box')?.text).toBe('机开密★5年');
    expect((await read(box(r('开', '<w:sz w:val="2"/>')))).parts.find((p) => p.role === 'text-box')?.text).toBe('机密★5年');
  });

  it('a character style with w:vanish hides its runs; old formatting in rPrChange does not', async () => {
    const styles = wml(
      'styles',
      '<w:style w:type="character" w:styleId="Secret"><w:name w:val="Secret"/><w:rPr><w:vanish/></w:rPr></w:style>' +
        '<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:pPr><w:outlineLvl w:val="0"/></w:pPr></w:style>' +
        '<w:style w:type="paragraph" w:styleId="ListPara"><w:name w:val="List Paragraph"/><w:basedOn w:val="Normal"/><w:pPr><w:numPr><w:numId w:val="3"/></w:numPr></w:pPr></w:style>',
    );
    const body =
      '<w:p><w:pPr><w:pStyle w:val="Heading1"/><w:jc w:val="center"/></w:pPr><w:r><w:t>标题</w:t></w:r><w:r><w:rPr><w:rStyle w:val="Secret"/></w:rPr><w:t>机密★</w:t></w:r></w:p>' +
      '<w:p><w:pPr><w:pStyle w:val="ListPara"/></w:pPr><w:r><w:rPr><w:rPrChange w:id="1" w:author="a"><w:rPr><w:vanish/></w:rPr></w:rPrChange></w:rPr><w:t>一项</w:t></w:r></w:p>';
    const x = await extractDocx(docx(body, { 'word/styles.xml': styles }, [rel('rIdS', 'styles', 'styles.xml')]), ctx());
    expect(x.parts[0].text).toBe('标题\n一项');
    expect(x.parts[0].blocks).toEqual([
      { start: 0, end: 2, kind: 'heading', align: 'center', page: 1, index: 1 },
      { start: 3, end: 5, kind: 'list-item', index: 2 },
    ]);
    expect(partsBy(x, 'hidden')[0].text).toBe('机密★');
  });

  it('tabs, breaks, symbols and no-break hyphens keep their visible form', async () => {
    const body = '<w:p><w:pPr><w:tabs><w:tab w:val="left" w:pos="420"/></w:tabs></w:pPr><w:r><w:t>机密</w:t><w:sym w:font="Wingdings" w:char="F0AB"/><w:t>5年</w:t><w:tab/><w:t>A</w:t><w:noBreakHyphen/><w:t>B</w:t><w:br/><w:t>下一行</w:t></w:r></w:p>';
    const x = await extractDocx(docx(body), ctx());
    expect(x.parts[0].text).toBe('机密★5年\tA-B\n下一行');
    expect(x.parts[0].blocks).toHaveLength(1);
  });

  it('pages from w:lastRenderedPageBreak when Word wrote them', async () => {
    const body = para('第一页') + '<w:p><w:r><w:lastRenderedPageBreak/><w:t>第二页</w:t></w:r></w:p>' + para('还是第二页');
    const x = await extractDocx(docx(body), ctx());
    expect(x.parts[0].blocks!.map((b) => b.page)).toEqual([1, 2, 2]);
    expect(x.info?.pages).toBe(2);
  });

  it('headers and footers of two sections, including even pages; the even header with its own text box', async () => {
    const header = (t: string) => wml('hdr', para(t));
    const body =
      para('第一节') +
      '<w:p><w:pPr><w:sectPr><w:headerReference w:type="default" r:id="rH1"/><w:footerReference w:type="default" r:id="rF1"/></w:sectPr></w:pPr></w:p>' +
      para('第二节') +
      '<w:sectPr><w:headerReference w:type="even" r:id="rH2"/><w:headerReference w:type="default" r:id="rH1"/></w:sectPr>';
    const x = await extractDocx(
      docx(
        body,
        {
          'word/header1.xml': header('单位名称'),
          'word/header2.xml': wml('hdr', '<w:p><w:r><w:pict><v:shape><v:textbox><w:txbxContent>' + para('TOP SECRET//NOFORN') + '</w:txbxContent></v:textbox></v:shape></w:pict></w:r></w:p>'),
          'word/footer1.xml': wml('ftr', para('第 1 页')),
          'word/header9.xml': header('没有引用的页眉'),
        },
        [rel('rH1', 'header', 'header1.xml'), rel('rH2', 'header', 'header2.xml'), rel('rF1', 'footer', 'footer1.xml')],
      ),
      ctx(),
    );
    const h1 = x.parts.find((p) => p.id === 'word/header1.xml');
    expect(h1).toMatchObject({ role: 'header', text: '单位名称', origin: { filePart: 'word/header1.xml', detail: 'default (section 1), default (section 2)' } });
    const box = partsBy(x, 'text-box').find((p) => p.origin.filePart === 'word/header2.xml');
    expect(box?.text).toBe('TOP SECRET//NOFORN');
    expect(box?.origin.detail).toContain('header');
    expect(x.parts.find((p) => p.id === 'word/header9.xml')?.origin.detail).toBe('not referenced by any section');
    expect(partsBy(x, 'footer')[0].text).toBe('第 1 页');
    expect(x.info?.sections).toBe(2);
  });

  it("WordArt (VML textpath) is read as a text box of its story: Word's text watermark in the header, per-letter shapes in place", async () => {
    const shapetype = '<v:shapetype id="_x0000_t136" coordsize="21600,21600" o:spt="136" path="m@7,l@8,m@5,21600l@6,21600e"><v:textpath on="t" fitshape="t"/></v:shapetype>';
    const art = (id: string, style: string, text: string) =>
      `<w:r><w:pict>${shapetype}<v:shape id="${id}" type="#_x0000_t136" style="position:absolute;${style};rotation:315;z-index:-251657216" fillcolor="silver" stroked="f"><v:fill opacity=".5"/><v:textpath style="font-family:&quot;宋体&quot;;font-size:1pt" string="${text}"/></v:shape></w:pict></w:r>`;
    const title = para('关于做好年终物资盘点工作的通知') + '<w:sectPr><w:headerReference w:type="default" r:id="rH1"/></w:sectPr>';
    const withHeader = (header: string) => docx(title, { 'word/header1.xml': wml('hdr', header) }, [rel('rH1', 'header', 'header1.xml')]);
    const watermark = withHeader(para('') + `<w:p>${art('PowerPlusWaterMarkObject1', 'margin-left:0;margin-top:0;width:415pt;height:138pt', '机密')}</w:p>`);
    const x = await extractDocx(watermark, ctx());
    const box = partsBy(x, 'text-box').find((p) => p.origin.filePart === 'word/header1.xml');
    expect(box).toMatchObject({ id: 'word/header1.xml#wordart-1', text: '机密' });
    expect(box?.origin.detail).toMatch(/^WordArt 1 \(a watermark\) in .*header/);
    // Read where it stands, not only by the net for elements the reader does not know.
    expect(x.parts.find((p) => p.id === 'word/header1.xml#unread-elements')?.text ?? '').not.toContain('机密');
    // Two lines (&#xA;) are two paragraphs; the shape type's empty textpath adds nothing.
    const twoLines = await extractDocx(withHeader(`<w:p>${art('s1', 'width:415pt;height:138pt', '内部资料&#xA;注意保存')}</w:p>`), ctx());
    expect(partsBy(twoLines, 'text-box').map((p) => p.text)).toEqual(['内部资料\n注意保存']);
    // One letter per shape, listed last to first: read as the letters stand.
    const letters = [...'机密★5年'].map((c, i) => art(`s${i}`, `margin-left:${72 + i * 40}pt;margin-top:36pt;width:40pt;height:40pt`, c)).reverse();
    const spelled = await extractDocx(withHeader(`<w:p>${letters.join('')}</w:p>`), ctx());
    expect(spelled.parts.find((p) => p.id === 'word/header1.xml#text-boxes-in-place')?.text).toBe('机密★5年');
    const scanner = await createScanner({ ocr: false });
    try {
      expect((await scanner.scan(watermark, { filename: 'notice.docx' })).verdict).toBe('block');
      expect((await scanner.scan(withHeader(`<w:p>${letters.join('')}</w:p>`), { filename: 'notice.docx' })).verdict).toBe('block');
      const publicity = withHeader(`<w:p>${art('PowerPlusWaterMarkObject1', 'width:415pt;height:138pt', '保密宣传月')}</w:p>`);
      expect((await scanner.scan(publicity, { filename: 'notice.docx' })).verdict).toBe('pass');
    } finally {
      await scanner.close();
    }
  });

  it('footnotes skip separators; endnotes; glossary; docVars; custom XML; app.xml company', async () => {
    const notes = wml(
      'footnotes',
      '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote><w:footnote w:id="1">' + para('脚注一') + '</w:footnote>',
    );
    const x = await extractDocx(
      docx(para('正文'), {
        'word/footnotes.xml': notes,
        'word/endnotes.xml': wml('endnotes', '<w:endnote w:id="1">' + para('尾注一') + '</w:endnote>'),
        'word/glossary/document.xml': wml('glossaryDocument', '<w:docParts><w:docPart><w:docPartPr><w:name w:val="封面"/></w:docPartPr><w:docPartBody>' + para('机密★10年') + '</w:docPartBody></w:docPart></w:docParts>'),
        'word/settings.xml': wml('settings', '<w:docVars><w:docVar w:name="密级" w:val="秘密"/></w:docVars>'),
        'customXml/item1.xml': '<?xml version="1.0"?><CoverPageProperties><Abstract>摘要内容</Abstract></CoverPageProperties>',
        'docProps/app.xml': '<?xml version="1.0"?><Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Company>某研究所</Company><Pages>1</Pages></Properties>',
      }, [rel('rX', 'customXml', '../customXml/item1.xml')]),
      ctx(),
    );
    expect(partsBy(x, 'footnote').map((p) => p.text)).toEqual(['脚注一']);
    expect(partsBy(x, 'endnote').map((p) => p.text)).toEqual(['尾注一']);
    expect(partsBy(x, 'glossary')[0]).toMatchObject({ text: '机密★10年', origin: { filePart: 'word/glossary/document.xml' } });
    expect(x.parts.find((p) => p.origin.detail === 'document variables')?.text).toBe('密级：秘密');
    expect(x.parts.find((p) => p.id === 'customXml/item1.xml')).toMatchObject({ role: 'metadata', text: '摘要内容' });
    expect(x.parts.find((p) => p.origin.detail === 'Company')).toMatchObject({ role: 'properties', text: '某研究所' });
    expect(x.unread).toEqual([]);
  });

  it('embedded objects: OLE .bin and macros unread, nested PDF embedded, EMF unread, JPEG to OCR', async () => {
    const ole = new Uint8Array(512);
    ole.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
    const x = await extractDocx(
      docx(para('正文'), {
        'word/embeddings/oleObject1.bin': ole,
        'word/vbaProject.bin': new Uint8Array([1, 2, 3]),
        'word/embeddings/附件.pdf': strToU8('%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF'),
        'word/media/image2.emf': (() => {
          const b = new Uint8Array(88);
          b.set([1, 0, 0, 0]);
          b.set(strToU8(' EMF'), 40);
          return b;
        })(),
        'word/media/image3.jpeg': new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 0]),
      }),
      ctx(),
    );
    expect(x.unread.find((u) => u.where === 'word/embeddings/oleObject1.bin')).toMatchObject({ reason: 'embedded-object' });
    expect(x.unread.find((u) => u.where === 'word/vbaProject.bin')).toMatchObject({ reason: 'embedded-object' });
    expect(x.unread.find((u) => u.where === 'word/media/image2.emf')).toMatchObject({ reason: 'unsupported-format' });
    expect(x.embedded).toEqual([expect.objectContaining({ name: '附件.pdf', origin: expect.objectContaining({ filePart: 'word/embeddings/附件.pdf' }) })]);
    expect(x.images).toEqual([expect.objectContaining({ id: 'word/media/image3.jpeg', mediaType: 'image/jpeg' })]);
  });

  it('an HTML alternate chunk in the code page its <meta> declares (GBK from an office system) is read in it, and a marking there blocks', async () => {
    const page = (text: string) => `<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312"></head><body><p>${text}</p><p>关于做好汛期物资调度工作的通知</p></body></html>`;
    const gbk = (s: string) => Uint8Array.from(encodeGbk(s));
    const chunked = (html: Uint8Array) => docx('<w:altChunk r:id="rA"/>', { 'word/chunk.htm': html }, [rel('rA', 'aFChunk', 'chunk.htm')]);
    const x = await extractDocx(chunked(gbk(page('机密★5年'))), ctx());
    expect(x.parts.find((p) => p.id === 'word/chunk.htm')?.text.split('\n')).toEqual(['机密★5年', '关于做好汛期物资调度工作的通知']);
    const scanner = await createScanner({ ocr: false });
    try {
      expect((await scanner.scan(chunked(gbk(page('机密★5年'))), { filename: 'notice.docx' })).verdict).toBe('block');
      // The same chunk with a public text passes: nothing was lost in decoding.
      expect((await scanner.scan(chunked(gbk(page('（此件公开发布）'))), { filename: 'notice.docx' })).verdict).toBe('pass');
    } finally {
      await scanner.close();
    }
  });

  it('an HTML alternate chunk is read as Word shows it: a conditional comment\'s content ([if mso]) and a text field\'s value in the body, pictures\' alternative text beside it, XML data islands as metadata, other comments as a page\'s comments', async () => {
    const page = (inner: string) => `<html><head><meta charset="utf-8"></head><body>${inner}<p>关于做好汛期物资调度工作的通知</p><p>各乡镇、各有关单位：</p></body></html>`;
    const chunked = (html: string) => docx('<w:altChunk r:id="rA"/>', { 'word/chunk.htm': html }, [rel('rA', 'aFChunk', 'chunk.htm')]);
    const conditional = page('<!--[if gte mso 9]><xml><o:DocumentProperties><o:Author>王建国</o:Author></o:DocumentProperties></xml><![endif]--><!--[if mso]><p style="font-size:16pt">机密★5年</p><![endif]--><!-- 旧版本 -->');
    const x = await extractDocx(chunked(conditional), ctx());
    expect(x.parts.find((p) => p.id === 'word/chunk.htm')?.text.split('\n')).toEqual(['机密★5年', '关于做好汛期物资调度工作的通知', '各乡镇、各有关单位：']);
    expect(x.parts.find((p) => p.id === 'word/chunk.htm#xml-islands')).toMatchObject({ role: 'metadata', text: '王建国' });
    const field = await extractDocx(chunked(page('<p>密级：<input type="text" value="机密★5年"><input type="hidden" value="隐藏值"><img src="logo.png" alt="江临市应急管理局"></p>')), ctx());
    expect(field.parts.find((p) => p.id === 'word/chunk.htm')?.text.split('\n')[0]).toBe('密级：机密★5年');
    expect(field.parts.find((p) => p.id === 'word/chunk.htm#alt')).toMatchObject({ role: 'alt-text', text: '江临市应急管理局' });
    const scanner = await createScanner({ ocr: false });
    try {
      expect((await scanner.scan(chunked(conditional), { filename: 'notice.docx' })).verdict).toBe('block');
      // A plain comment is not drawn, but is read as a page's comments are; the page with neither passes.
      const commented = await extractDocx(chunked(page('<!-- 机密★5年 -->')), ctx());
      expect(commented.parts.find((p) => p.id === 'word/chunk.htm#comments')).toMatchObject({ role: 'html-comment', text: '机密★5年' });
      expect((await scanner.scan(chunked(page('<!--[if gte mso 9]><xml><o:DocumentProperties><o:Author>王建国</o:Author></o:DocumentProperties></xml><![endif]--><!-- 第二稿 -->')), { filename: 'notice.docx' })).verdict).toBe('pass');
    } finally {
      await scanner.close();
    }
  });

  it('RTF and DOCX alternate chunks are embedded files, read by their own readers', async () => {
    const x = await extractDocx(
      docx('<w:altChunk r:id="rA"/><w:altChunk r:id="rB"/>', { 'word/chunk.rtf': '{\\rtf1\\ansi 机密}', 'word/chunk.docx': docx(para('内层')) }, [
        rel('rA', 'aFChunk', 'chunk.rtf'),
        rel('rB', 'aFChunk', 'chunk.docx'),
      ]),
      ctx(),
    );
    expect(x.unread).toEqual([]);
    expect(x.embedded!.map((e) => e.name)).toEqual(['chunk.rtf', 'chunk.docx']);
  });

  it('legacy form fields: a drop-down shows its chosen entry where it stands; other entries, default, help and status texts are kept', async () => {
    const ff = (data: string, instr: string) =>
      `<w:r><w:fldChar w:fldCharType="begin"><w:ffData><w:name w:val="F"/>${data}</w:ffData></w:fldChar></w:r><w:r><w:instrText> ${instr} </w:instrText></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>`;
    const x = await extractDocx(
      docx(
        `<w:p><w:r><w:t>级别：</w:t></w:r>${ff('<w:helpText w:type="text" w:val="Choose the level"/><w:ddList><w:result w:val="2"/><w:listEntry w:val="UNCLASSIFIED"/><w:listEntry w:val="RESTRICTED"/><w:listEntry w:val="TOP SECRET"/></w:ddList>', 'FORMDROPDOWN')}<w:r><w:t>。</w:t></w:r></w:p>` +
          `<w:p>${ff('<w:statusText w:type="text" w:val="Status words"/><w:ddList><w:listEntry w:val="FIRST"/><w:listEntry w:val="SECOND"/></w:ddList>', 'FORMDROPDOWN')}</w:p>` +
          `<w:p>${ff('<w:textInput><w:default w:val="DEFAULT WORDS"/></w:textInput>', 'FORMTEXT')}</w:p>`,
      ),
      ctx(),
    );
    expect(partsBy(x, 'body')[0].text.split('\n').slice(0, 2)).toEqual(['级别：TOP SECRET。', 'FIRST']);
    const codes = x.parts.find((p) => p.id.endsWith('#field-codes'))!.text;
    for (const t of ['UNCLASSIFIED', 'RESTRICTED', 'SECOND', 'DEFAULT WORDS', 'Choose the level', 'Status words']) expect(codes).toContain(t);
  });

  it('check boxes show their state where they stand: legacy form fields and symbol-font boxes', async () => {
    const box = (on: boolean | undefined, dflt = false) =>
      `<w:r><w:fldChar w:fldCharType="begin"><w:ffData><w:name w:val="C"/><w:checkBox><w:sizeAuto/><w:default w:val="${dflt ? 1 : 0}"/>${on === undefined ? '' : on ? '<w:checked/>' : '<w:checked w:val="0"/>'}</w:checkBox></w:ffData></w:fldChar></w:r><w:r><w:instrText> FORMCHECKBOX </w:instrText></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>`;
    const t = (s: string) => `<w:r><w:t xml:space="preserve">${s}</w:t></w:r>`;
    const sym = (font: string, c: string) => `<w:r><w:sym w:font="${font}" w:char="${c}"/></w:r>`;
    const wd2 = (c: string) => `<w:r><w:rPr><w:rFonts w:ascii="Wingdings 2" w:hAnsi="Wingdings 2"/></w:rPr><w:t>${c}</w:t></w:r>`;
    const x = await extractDocx(
      docx(
        `<w:p>${t('密级：')}${box(false)}${t('绝密 ')}${box(true)}${t('机密 ')}${box(undefined)}${t('秘密')}</w:p>` +
          `<w:p>${t('密级：')}${box(undefined, true)}${t('秘密')}</w:p>` +
          `<w:p>${t('密级：')}${sym('Wingdings 2', 'F0A3')}${t('绝密 ')}${sym('Wingdings 2', 'F052')}${t('机密 ')}${sym('Wingdings', 'F0A8')}${t('秘密 ')}${sym('Wingdings', 'FE')}${t('非密')}</w:p>` +
          // Typed in a symbol-font run: Wingdings 2's £ draws ☐, its R ☑.
          `<w:p>${t('密级：')}${wd2('£')}${t('绝密 ')}${wd2('R')}${t('机密 ')}${wd2('\uF0A3')}${t('秘密')}</w:p>`,
      ),
      ctx(),
    );
    expect(partsBy(x, 'body')[0].text.split('\n')).toEqual(['密级：☐绝密 ☑机密 ☐秘密', '密级：☑秘密', '密级：☐绝密 ☑机密 ☐秘密 ☑非密', '密级：☐绝密 ☑机密 ☐秘密']);
    // A routing slip with 机密 ticked blocks; the same slip ticked 非密, or blank, passes.
    const slip = (ticked: string) => docx(`<w:p>${t('发文稿纸')}</w:p><w:p>${t('密级：')}${['绝密', '机密', '秘密', '非密'].map((l) => box(l === ticked) + t(l + ' ')).join('')}</w:p><w:p>${t('标题：关于调整部分岗位的通知')}</w:p>`);
    const scanner = await createScanner({ ocr: false });
    try {
      expect((await scanner.scan(slip('机密'), { filename: 'slip.docx' })).verdict).toBe('block');
      expect((await scanner.scan(slip('非密'), { filename: 'slip.docx' })).verdict).toBe('pass');
      expect((await scanner.scan(slip(''), { filename: 'slip.docx' })).verdict).toBe('pass');
    } finally {
      await scanner.close();
    }
  });

  it('a link tooltip, a table title and description and a content control title are read as alternative text', async () => {
    const x = await extractDocx(
      docx(
        '<w:p><w:hyperlink w:anchor="a" w:tooltip="LINK TIP"><w:r><w:t>链接</w:t></w:r></w:hyperlink></w:p>' +
          '<w:tbl><w:tblPr><w:tblCaption w:val="TABLE TITLE"/><w:tblDescription w:val="TABLE WORDS"/></w:tblPr><w:tr><w:tc><w:p><w:r><w:t>格</w:t></w:r></w:p></w:tc></w:tr></w:tbl>' +
          '<w:sdt><w:sdtPr><w:alias w:val="CONTROL TITLE"/><w:tag w:val="id-7"/></w:sdtPr><w:sdtContent><w:p><w:r><w:t>内容</w:t></w:r></w:p></w:sdtContent></w:sdt>',
      ),
      ctx(),
    );
    const alt = partsBy(x, 'alt-text').map((p) => p.text).join('\n').split('\n');
    expect(alt).toEqual(expect.arrayContaining(['LINK TIP', 'TABLE TITLE', 'TABLE WORDS', 'CONTROL TITLE']));
    expect(alt).not.toContain('id-7');
  });

  it('a SmartArt diagram: its cached drawing, which viewers draw, is read beside its data', async () => {
    const x = await extractDocx(
      docx(para('正文'), {
        'word/diagrams/data1.xml': '<dgm:dataModel xmlns:dgm="http://schemas.openxmlformats.org/drawingml/2006/diagram" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><dgm:ptLst><dgm:pt modelId="{1}"><dgm:t><a:p><a:r><a:t>一月</a:t></a:r></a:p></dgm:t></dgm:pt></dgm:ptLst></dgm:dataModel>',
        'word/diagrams/drawing1.xml': '<dsp:drawing xmlns:dsp="http://schemas.microsoft.com/office/drawing/2008/diagram" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><dsp:spTree><dsp:sp modelId="{2}"><dsp:txBody><a:p><a:r><a:t>机密★5年</a:t></a:r></a:p></dsp:txBody></dsp:sp></dsp:spTree></dsp:drawing>',
      }, [rel('rIdD', 'diagramData', 'diagrams/data1.xml'), '<Relationship Id="rIdR" Type="http://schemas.microsoft.com/office/2007/relationships/diagramDrawing" Target="diagrams/drawing1.xml"/>']),
      ctx(),
    );
    const drawing = x.parts.find((p) => p.origin.filePart === 'word/diagrams/drawing1.xml');
    expect(drawing?.text).toContain('机密★5年');
    expect(x.parts.find((p) => p.origin.filePart === 'word/diagrams/data1.xml')?.text).toContain('一月');
  });

  it('a package written with another namespace prefix reads the same', async () => {
    const xml =
      '<?xml version="1.0"?><ns0:document xmlns:ns0="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><ns0:body><ns0:p><ns0:r><ns0:t>秘密★</ns0:t></ns0:r></ns0:p></ns0:body></ns0:document>';
    const x = await extractDocx(zipSync({ 'word/document.xml': strToU8(xml) }), ctx());
    expect(x.parts[0].text).toBe('秘密★');
  });
});

describe('limits and failures', () => {
  it('aborted signal: unread aborted', async () => {
    const ac = new AbortController();
    ac.abort();
    const x = await extractDocx(docx(para('正文')), ctx({}, { signal: ac.signal }));
    expect(x.unread).toEqual([expect.objectContaining({ reason: 'aborted' })]);
  });

  it('too many entries: unread limit', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 30; i++) files[`word/media/x${i}.txt`] = 'x';
    const x = await extractDocx(docx(para('正文'), files), ctx({ maxArchiveEntries: 10 }));
    expect(x.unread).toEqual([expect.objectContaining({ where: 'file', reason: 'limit' })]);
  });

  it('file larger than maxFileBytes: unread limit', async () => {
    const x = await extractDocx(docx(para('正文')), ctx({ maxFileBytes: 100 }));
    expect(x.unread[0]).toMatchObject({ reason: 'limit' });
  });

  it('text beyond maxTextChars is cut and reported', async () => {
    const x = await extractDocx(docx(para('一二三四五六七八九十') + para('第二段')), ctx({ maxTextChars: 5 }));
    expect(x.parts[0].text).toBe('一二三四五');
    expect(x.unread.some((u) => u.reason === 'limit')).toBe(true);
  });

  it('missing word/document.xml: unread corrupt', async () => {
    const x = await extractDocx(zipSync({ 'word/styles.xml': strToU8('<w:styles/>') }), ctx());
    expect(x.unread).toEqual([expect.objectContaining({ where: 'word/document.xml', reason: 'corrupt' })]);
  });

  it('not a zip at all, and an empty file', async () => {
    expect((await extractDocx(strToU8('hello'), ctx())).unread[0]).toMatchObject({ reason: 'corrupt' });
    expect((await extractDocx(new Uint8Array(0), ctx())).unread[0]).toMatchObject({ reason: 'empty' });
  });

  it('sizes in the archive headers are not trusted: an entry declared tiny is still read whole', async () => {
    const bytes = docx(para('机密★5年'.repeat(200)));
    const name = strToU8('word/document.xml');
    // Rewrite the uncompressed size of word/document.xml in the central directory to 10 bytes.
    for (let i = 0; i < bytes.length - 46; i++) {
      if (bytes[i] === 0x50 && bytes[i + 1] === 0x4b && bytes[i + 2] === 1 && bytes[i + 3] === 2 && name.every((c, j) => bytes[i + 46 + j] === c)) {
        bytes.set([10, 0, 0, 0], i + 24);
      }
    }
    const x = await extractDocx(bytes, ctx());
    expect(x.parts[0].text).toBe('机密★5年'.repeat(200));
  });

  it('a damaged deflate stream: that entry is unread corrupt, the rest is read', async () => {
    const good = docx(para('正文'), { 'word/header1.xml': wml('hdr', para('页眉'.repeat(50))) });
    // Corrupt the compressed bytes of header1.xml in place: find its local header by name.
    const name = strToU8('word/header1.xml');
    let at = -1;
    for (let i = 0; i < good.length - name.length && at < 0; i++) if (good[i] === 0x50 && good[i + 1] === 0x4b && good[i + 2] === 3 && name.every((c, j) => good[i + 30 + j] === c)) at = i;
    const bad = good.slice();
    const data = at + 30 + name.length;
    for (let i = 0; i < 8; i++) bad[data + i] = 0xff;
    const x = await extractDocx(bad, ctx());
    expect(x.parts[0].text).toBe('正文');
    expect(x.unread).toEqual([expect.objectContaining({ where: 'word/header1.xml', reason: 'corrupt' })]);
  });
});

describe('external relationship targets', () => {
  it('reads where links, an attached template and subdocuments point, percent-encoded ones decoded too', async () => {
    const ext = (id: string, type: string, target: string) => `<Relationship Id="${id}" Type="${REL}/${type}" Target="${target}" TargetMode="External"/>`;
    const marked = encodeURIComponent('机密★5年');
    const bytes = docx(para('正文'), {}, [ext('rId20', 'hyperlink', 'http://hover.example.com/phishing'), ext('rId21', 'attachedTemplate', 'http://example.com/templates/t.dotx'), ext('rId22', 'subDocument', `http://example.org/${marked}.docx`)]);
    const r = await extractDocx(bytes, ctx());
    const p = r.parts.find((q) => q.id.endsWith('#external'));
    expect(p?.role).toBe('metadata');
    expect(p!.text.split('\n')).toEqual(['http://hover.example.com/phishing', 'http://example.com/templates/t.dotx', `http://example.org/${marked}.docx`, 'http://example.org/机密★5年.docx']);
  });

  it('adds nothing for a package without external relationships', async () => {
    const r = await extractDocx(docx(para('正文')), ctx());
    expect(r.parts.some((q) => q.id.endsWith('#external'))).toBe(false);
  });
});

describe('phonetic guides (ruby)', () => {
  it('keeps the base text whole in the line and reads the guide as a part of its own', async () => {
    const ruby = (base: string, guide: string) => `<w:r><w:ruby><w:rubyPr/><w:rt><w:r><w:t>${guide}</w:t></w:r></w:rt><w:rubyBase><w:r><w:t>${base}</w:t></w:r></w:rubyBase></w:ruby></w:r>`;
    const bytes = docx(`<w:p><w:r><w:t>绝</w:t></w:r>${ruby('密', 'mì')}<w:r><w:t>★5年</w:t></w:r></w:p>`);
    const r = await extractDocx(bytes, ctx());
    expect(partsBy(r, 'body')[0].text).toBe('绝密★5年');
    expect(r.parts.find((p) => p.id.endsWith('#phonetic'))?.text).toBe('mì');
  });
});

describe('bidirectional override (w:bdo)', () => {
  it('reads the text of a right-to-left override as drawn, last character first', async () => {
    // Stored 年5★密机 inside <w:bdo w:val="rtl">: Word draws 机密★5年.
    const bytes = docx('<w:p><w:r><w:t>000012</w:t></w:r></w:p><w:p><w:bdo w:val="rtl"><w:r><w:t>年5</w:t></w:r><w:r><w:t>★密机</w:t></w:r></w:bdo></w:p><w:p><w:r><w:t>关于做好汛期安全检查工作的通知</w:t></w:r></w:p>');
    const r = await extractDocx(bytes, ctx());
    expect(r.parts.find((p) => p.id.endsWith('#shown-order'))?.text).toBe('机密★5年');
    // A left-to-right override draws the text as stored: nothing more is read.
    const l = await extractDocx(docx('<w:p><w:bdo w:val="ltr"><w:r><w:t>正文</w:t></w:r></w:bdo></w:p>'), ctx());
    expect(l.parts.some((p) => p.id.endsWith('#shown-order'))).toBe(false);
  });
});

describe('tracked changes', () => {
  const t = (text: string) => `<w:r><w:t xml:space="preserve">${text}</w:t></w:r>`;
  const del = (text: string) => `<w:del w:id="1" w:author="a"><w:r><w:delText>${text}</w:delText></w:r></w:del>`;
  const ins = (inner: string) => `<w:ins w:id="2" w:author="a">${inner}</w:ins>`;
  const title = '<w:p><w:r><w:t>关于做好汛期安全检查工作的通知</w:t></w:r></w:p>';
  const before = async (p: string) => (await extractDocx(docx(p + title), ctx())).parts.find((x) => x.id === 'word/document.xml#before-changes');

  it('reads each revised paragraph as it was before its changes: deletions back in, insertions and moves in out', async () => {
    // 机 + inserted 要 + 密★5年 shows 机要密★5年; before the change it read 机密★5年.
    const inserted = await before(`<w:p>${t('机')}${ins(t('要'))}${t('密★5年')}</w:p>`);
    expect(inserted?.text).toBe('机密★5年');
    expect(inserted?.role).toBe('before-changes');
    // 机 + deleted 密 + ★5年 shows 机★5年 and the deletions hold 密 alone.
    expect((await before(`<w:p>${t('机')}${del('密')}${t('★5年')}</w:p>`))?.text).toBe('机密★5年');
    // A deleted 密 replaced by an inserted 要, and a move: the same.
    expect((await before(`<w:p>${t('机')}${del('密')}${ins(t('要'))}${t('★5年')}</w:p>`))?.text).toBe('机密★5年');
    expect((await before(`<w:p>${t('机密')}<w:moveTo w:id="3" w:author="a">${t('工作')}</w:moveTo>${t('★5年')}</w:p>`))?.text).toBe('机密★5年');
    // Hidden text was not shown before the change either.
    expect((await before(`<w:p>${t('机')}<w:r><w:rPr><w:vanish/></w:rPr><w:t>藏</w:t></w:r>${ins(t('要'))}${t('密★5年')}</w:p>`))?.text).toBe('机密★5年');
  });

  it('adds nothing where nothing was revised, or a paragraph was only deleted (its deletion reads whole)', async () => {
    expect(await before(`<w:p>${t('机密★5年')}</w:p>`)).toBeUndefined();
    expect(await before(`<w:p>${del('机密★5年')}</w:p>`)).toBeUndefined();
    // An inserted paragraph mark or table row (w:ins in w:rPr, w:trPr) changes no text.
    expect(await before(`<w:p><w:pPr><w:rPr><w:ins w:id="4" w:author="a"/></w:rPr></w:pPr>${t('正文')}</w:p>`)).toBeUndefined();
    expect(await before(`<w:tbl><w:tr><w:trPr><w:ins w:id="5" w:author="a"/></w:trPr><w:tc><w:p>${t('机密')}</w:p></w:tc></w:tr></w:tbl>${title}`)).toBeUndefined();
  });

  it('a marking a tracked change broke up blocks, located in the paragraph as it was', async () => {
    const scanner = await createScanner({ ocr: false });
    try {
      const r = await scanner.scan(docx(`<w:p>${t('机')}${del('密')}${ins(t('要'))}${t('★5年')}</w:p>${title}`), { filename: 'revised.docx' });
      expect(r.verdict).toBe('block');
      const f = r.findings.find((x) => x.location.part === 'word/document.xml#before-changes');
      expect(f?.ruleId).toBe('marking.cn-state-secret');
      expect(f?.location.start).toBe(0);
      expect(f?.location.end).toBe(5);
      // Text shown before the change, not hidden text: a revised paragraph of a regulation that talks
      // about marking forms in prose passes as the same paragraph unrevised does.
      const prose = `<w:p>${t('机密级国家秘密')}${del('一般')}${t('不超过二十年，秘密★10年是标志的一种写法。')}</w:p>${title}`;
      const p = await scanner.scan(docx(prose), { filename: 'draft.docx' });
      expect(p.findings.map((x) => `${x.location.part} ${x.severity}`).sort()).toEqual(['body info', 'word/document.xml#before-changes info']);
      expect(p.verdict).toBe('pass');
    } finally {
      await scanner.close();
    }
  });
});

describe('VML shapes', () => {
  it('reads a shape’s description, tooltip and link address as alt text', async () => {
    const body = '<w:p><w:r><w:pict><v:shape xmlns:v="urn:schemas-microsoft-com:vml" id="s1" alt="说明" title="提示" href="http://example.org/%E6%9C%BA%E5%AF%86"/></w:pict></w:r></w:p>';
    const r = await extractDocx(docx(body), ctx());
    expect(partsBy(r, 'alt-text')[0]?.text.split('\n')).toEqual(['说明', '提示', 'http://example.org/%E6%9C%BA%E5%AF%86']);
  });
});

/** GBK bytes of `s`, from a table of the GBK decoder's two-byte codes (built once). */
let gbkCodes: Map<string, [number, number]> | undefined;
function encodeGbk(s: string): number[] {
  if (!gbkCodes) {
    gbkCodes = new Map();
    const decoder = new TextDecoder('gbk');
    for (let hi = 0x81; hi <= 0xfe; hi++) for (let lo = 0x40; lo <= 0xfe; lo++) if (lo !== 0x7f) gbkCodes.set(decoder.decode(Uint8Array.of(hi, lo)), [hi, lo]);
  }
  const out: number[] = [];
  for (const ch of s) {
    if (ch.charCodeAt(0) < 0x80) out.push(ch.charCodeAt(0));
    else out.push(...(gbkCodes.get(ch) ?? [0x3f]));
  }
  return out;
}

describe('fields and content controls as Word shows them (带圈字符, 合并字符, nested and SET/REF fields, bound controls)', () => {
  const title = '<w:p><w:r><w:t>关于召开二〇二四年度工作总结会议的通知</w:t></w:r></w:p><w:p><w:r><w:t>各处室：请于三月八日上午九时到三楼会议室参加会议。</w:t></w:r></w:p>';
  const r = (t: string) => `<w:r><w:t xml:space="preserve">${t}</w:t></w:r>`;
  const fc = (t: string) => `<w:r><w:fldChar w:fldCharType="${t}"/></w:r>`;
  const instr = (t: string) => `<w:r><w:instrText xml:space="preserve">${t}</w:instrText></w:r>`;
  const field = (code: string, result?: string) => fc('begin') + instr(code) + (result === undefined ? '' : fc('separate') + (result ? r(result) : '')) + fc('end');
  const store = '{8F1A2B3C-0000-4000-8000-00000000A001}';
  const bound = (first: string, value: string) =>
    docx(
      `<w:p>${r(first)}<w:sdt><w:sdtPr><w:dataBinding w:prefixMappings="xmlns:ns0='urn:gw'" w:xpath="/ns0:doc[1]/ns0:mj[1]" w:storeItemID="${store}"/><w:text/></w:sdtPr><w:sdtContent>${r('…')}</w:sdtContent></w:sdt></w:p>${title}`,
      {
        'customXml/item1.xml': `<?xml version="1.0" encoding="UTF-8"?><doc xmlns="urn:gw"><mj>${value}</mj></doc>`,
        'customXml/itemProps1.xml': `<?xml version="1.0" encoding="UTF-8"?><ds:datastoreItem ds:itemID="${store}" xmlns:ds="http://schemas.openxmlformats.org/officeDocument/2006/customXml"><ds:schemaRefs/></ds:datastoreItem>`,
        'customXml/_rels/item1.xml.rels': `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${rel('rId1', 'customXmlProps', 'itemProps1.xml')}</Relationships>`,
      },
      [rel('rId9', 'customXml', '../customXml/item1.xml')],
    );
  // Each construction with its first character(s) and the rest: the marking, and a benign twin.
  const cases: Record<string, (a: string, b: string) => Uint8Array> = {
    // 带圈字符 as Word writes it: the instruction split over runs, the circle in a larger font.
    'an enclosed first character (EQ \\o\\ac(○,机))': (a, b) =>
      docx(`<w:p>${fc('begin')}${instr('eq \\o\\ac(')}<w:r><w:rPr><w:position w:val="-4"/><w:sz w:val="31"/></w:rPr><w:instrText>○</w:instrText></w:r>${instr(',')}${instr(a)}${instr(')')}${fc('end')}${r(b)}</w:p>${title}`),
    'every character enclosed': (a, b) => docx(`<w:p>${[...(a + b)].map((c) => field(`eq \\o\\ac(□,${c})`)).join('')}</w:p>${title}`),
    // 合并字符: two halves stacked in one character cell.
    'combined characters (EQ \\o(\\s\\up 9(…),\\s\\do 3(…)))': (a, b) => docx(`<w:p>${field(`eq \\o(\\s\\up 9(${a}),\\s\\do 3(${b}))`)}</w:p>${title}`),
    'a phonetic guide over the first character': (a, b) => docx(`<w:p>${field(`EQ \\* jc2 \\* hps10 \\o\\ad(\\s\\up 9(pīn),${a})`)}${r(b)}</w:p>${title}`),
    // QUOTE "机{ SYMBOL 23494 \u }★5年": the nested field's result is part of the instruction; the stored result is stale.
    'a QUOTE field spelling it with a nested SYMBOL field': (a, b) =>
      docx(`<w:p>${fc('begin')}${instr(`QUOTE "${a}`)}${field(`SYMBOL ${b.codePointAt(0)} \\u`, '')}${instr(`${b.slice(1)}"`)}${fc('separate')}${r('公开')}${fc('end')}</w:p>${title}`),
    // SET gives the bookmark the rest, REF shows it after the first character once updated.
    'SET, then the first character and a REF field with a stale result': (a, b) => docx(`<w:p>${field(`SET mj "${b}"`, '')}</w:p><w:p>${r(a)}${field('REF mj \\h', '…')}</w:p>${title}`),
    // A content control bound to custom XML shows the data, not its stored content.
    'a content control bound to custom XML (w:dataBinding)': (a, b) => bound(a, b),
    // Fields that show a value the package holds, with a stale stored result.
    'a DOCVARIABLE field': (a, b) => docx(`<w:p>${r(a)}${field('DOCVARIABLE mj', '…')}</w:p>${title}`, { 'word/settings.xml': wml('settings', `<w:docVars><w:docVar w:name="mj" w:val="${b}"/></w:docVars>`) }, [rel('rId5', 'settings', 'settings.xml')]),
    'a DOCPROPERTY field naming a custom property': (a, b) =>
      docx(`<w:p>${r(a)}${field('DOCPROPERTY "密级" \\* MERGEFORMAT', '…')}</w:p>${title}`, {
        'docProps/custom.xml': `<?xml version="1.0" encoding="UTF-8"?><Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"><property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="2" name="密级"><vt:lpwstr>${b}</vt:lpwstr></property></Properties>`,
      }),
    'a TITLE field': (a, b) =>
      docx(`<w:p>${r(a)}${field('TITLE', '…')}</w:p>${title}`, {
        'docProps/core.xml': `<?xml version="1.0" encoding="UTF-8"?><cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>${b}</dc:title></cp:coreProperties>`,
      }),
    'an AUTOTEXT field naming a building block': (a, b) =>
      docx(
        `<w:p>${r(a)}${field('AUTOTEXT mj', '…')}</w:p>${title}`,
        { 'word/glossary/document.xml': wml('glossaryDocument', `<w:docParts><w:docPart><w:docPartPr><w:name w:val="mj"/></w:docPartPr><w:docPartBody><w:p>${r(b)}</w:p></w:docPartBody></w:docPart></w:docParts>`) },
        [rel('rId8', 'glossaryDocument', 'glossary/document.xml')],
      ),
    'an IF field whose branch holds the rest': (a, b) => docx(`<w:p>${r(a)}${field(`IF 1 = 1 "${b}" "…"`, '…')}</w:p>${title}`),
    'a simple field (w:fldSimple) EQ with no result': (a, b) => docx(`<w:p><w:fldSimple w:instr=" eq \\o\\ac(○,${a}) "/>${r(b)}</w:p>${title}`),
    // A content control showing its placeholder draws the glossary building block it names.
    'a content control showing its placeholder (w:showingPlcHdr)': (a, b) =>
      docx(
        `<w:p>${r(a)}<w:sdt><w:sdtPr><w:placeholder><w:docPart w:val="P1"/></w:placeholder><w:showingPlcHdr/></w:sdtPr><w:sdtContent>${r('　')}</w:sdtContent></w:sdt></w:p>${title}`,
        { 'word/glossary/document.xml': wml('glossaryDocument', `<w:docParts><w:docPart><w:docPartPr><w:name w:val="P1"/></w:docPartPr><w:docPartBody><w:p>${r(b)}</w:p></w:docPartBody></w:docPart></w:docParts>`) },
        [rel('rId8', 'glossaryDocument', 'glossary/document.xml')],
      ),
    // An equation's delimiters are characters its properties name: m:begChr 机, m:endChr 年 around 密★5.
    'OMML delimiters (m:begChr, m:endChr)': (a, b) =>
      docx(`<w:p><m:oMath xmlns:m="http://schemas.openxmlformats.org/officeDocument/2006/math"><m:d><m:dPr><m:begChr m:val="${a}"/><m:endChr m:val="${b.slice(-1)}"/></m:dPr><m:e><m:r><m:t>${b.slice(0, -1)}</m:t></m:r></m:e></m:d></m:oMath></w:p>${title}`),
    // A Wingdings run's « draws ★.
    'a star typed in a Wingdings run': (a, b) => docx(`<w:p>${r(a + b[0])}<w:r><w:rPr><w:rFonts w:ascii="Wingdings" w:hAnsi="Wingdings"/></w:rPr><w:t>${b[1] === '★' ? '«' : 'l'}</w:t></w:r>${r(b.slice(b[1] === '★' ? 2 : 1))}</w:p>${title}`),
    // A cross-reference (REF to a bookmark further on) shows the bookmark's text once updated.
    'a REF field to a bookmark further on': (a, b) =>
      docx(`<w:p>${r(a)}${field('REF bm \\h', '…')}</w:p>${title}<w:p><w:bookmarkStart w:id="0" w:name="bm"/>${r(b)}<w:bookmarkEnd w:id="0"/></w:p>`),
    // MACROBUTTON draws its display text where it stands (no result is stored).
    'a MACROBUTTON field': (a, b) => docx(`<w:p>${r(a)}${field(`MACROBUTTON NoMacro ${b}`)}</w:p>${title}`),
    'a simple field REF after a simple SET': (a, b) => docx(`<w:p><w:fldSimple w:instr=' SET mj "${b}" '/></w:p><w:p>${r(a)}<w:fldSimple w:instr=" REF mj ">${r('…')}</w:fldSimple></w:p>${title}`),
  };

  let scanner: Awaited<ReturnType<typeof createScanner>>;
  beforeAll(async () => {
    scanner = await createScanner({ ocr: false });
  });
  afterAll(() => scanner.close());

  it.each(Object.keys(cases))('%s: the marking blocks, the benign twin passes with nothing unread', async (how) => {
    const marked = await scanner.scan(cases[how]('机', '密★5年'), { filename: 'notice.docx' });
    expect(marked.verdict).toBe('block');
    const twin = await scanner.scan(cases[how]('保', '密宣传月'), { filename: 'notice.docx' });
    expect(twin.verdict).toBe('pass');
    expect(twin.coverage.unread).toEqual([]);
  });

  it('the line reads as Word shows it: the enclosed character in place, the bound value and the REF value in an as-updated part', async () => {
    const enclosed = await extractDocx(cases['an enclosed first character (EQ \\o\\ac(○,机))']('机', '密★5年'), ctx());
    expect(enclosed.parts[0].text.split('\n')[0]).toBe('机密★5年');
    const withBinding = await extractDocx(bound('机', '密★5年'), ctx());
    expect(withBinding.parts[0].text.split('\n')[0]).toBe('机…');
    expect(withBinding.parts.find((p) => p.id === 'word/document.xml#as-updated')?.text).toBe('机密★5年');
    const ref = await extractDocx(cases['SET, then the first character and a REF field with a stale result']('机', '密★5年'), ctx());
    expect(ref.parts.find((p) => p.id === 'word/document.xml#as-updated')?.text).toBe('机密★5年');
  });
});

describe('letters drawn as capitals (w:caps, w:smallCaps)', () => {
  const body = '<w:p><w:r><w:t>Quarterly logistics review</w:t></w:r></w:p><w:p><w:r><w:t>This memo summarises the supply schedule for the second quarter and the changes agreed at the March meeting.</w:t></w:r></w:p>';
  const banner = (text: string, rpr: string) => `<w:p><w:pPr><w:jc w:val="center"/></w:pPr><w:r><w:rPr>${rpr}</w:rPr><w:t>${text}</w:t></w:r></w:p>`;
  const styles = wml('styles', '<w:style w:type="character" w:styleId="Banner"><w:name w:val="Banner"/><w:rPr><w:smallCaps/></w:rPr></w:style>');
  const withStyle = (b: string) => docx(b, { 'word/styles.xml': styles }, [rel('rId7', 'styles', 'styles.xml')]);
  // secret//noforn typed in lower case shows SECRET//NOFORN, and passed.
  it('a banner typed in lower case and drawn in capitals blocks; a title so drawn passes', async () => {
    const scanner = await createScanner({ ocr: false });
    try {
      expect((await scanner.scan(docx(banner('secret//noforn', '<w:caps/>') + body), { filename: 'memo.docx' })).verdict).toBe('block');
      expect((await scanner.scan(withStyle(banner('top secret', '<w:rStyle w:val="Banner"/>') + body + banner('top secret', '<w:rStyle w:val="Banner"/>')), { filename: 'memo.docx' })).verdict).toBe('block');
      const twin = await scanner.scan(docx(banner('the secret garden', '<w:caps/>') + body), { filename: 'memo.docx' });
      expect(twin.verdict).toBe('pass');
      expect(twin.coverage.unread).toEqual([]);
      // Switched off on the run, the style's capitals do not apply.
      const x = await extractDocx(withStyle(banner('top secret', '<w:rStyle w:val="Banner"/><w:smallCaps w:val="0"/>')), ctx());
      expect(x.parts[0].text).toBe('top secret');
    } finally {
      await scanner.close();
    }
  });
});
