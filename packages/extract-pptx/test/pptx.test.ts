/**
 * The PPTX reader through the real scanner: slides in order, every place a deck keeps text read and
 * located, and nothing unread passes.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS, PartBuilder } from '@prepub/core';
import { readDrawing } from '@prepub/ooxml';
import { createScanner, type Scanner } from '@prepub/scanner';
import { extractPptx } from '../src/index.ts';
import { addLinkedParts, encryptedOffice, oleObject, olePackage, pptx, rewritePart, xlsx, type PresentationSpec, type SlideSpec } from '../../ooxml/test/ooxml-writer.ts';

let scanner: Scanner;
beforeAll(async () => {
  scanner = await createScanner({ ocr: false });
});
afterAll(() => scanner?.close());

const MARK = '机密★5年';
const TITLE = { text: ['江临市2024年统计工作会议'] };
const AGENDA = { text: ['一、2023年工作回顾', '二、2024年重点任务'] };
const BENIGN: SlideSpec[] = [{ shapes: [TITLE, AGENDA] }, { shapes: [{ text: ['谢谢'] }] }];

const scan = (spec: PresentationSpec | Uint8Array, filename = 'deck.pptx') => scanner.scan(spec instanceof Uint8Array ? spec : pptx(spec), { filename });
const marking = (r: Awaited<ReturnType<typeof scan>>) => r.findings.find((f) => f.ruleId === 'marking.cn-state-secret');

describe('PPTX: every part, located', () => {
  it('a link\'s screen tip, on a run or on a shape, is read as alternative text of the slide', () => {
    const slide = '<p:spTree><p:sp><p:nvSpPr><p:cNvPr id="40" name="Link"><a:hlinkClick r:id="" tooltip="SHAPE TIP"/></p:cNvPr><p:cNvSpPr/><p:nvPr/></p:nvSpPr><p:spPr/><p:txBody><a:bodyPr/><a:p><a:r><a:rPr><a:hlinkClick r:id="" tooltip="RUN TIP"/><a:hlinkMouseOver r:id="" tooltip="HOVER TIP"/></a:rPr><a:t>详见附件</a:t></a:r></a:p></p:txBody></p:sp></p:spTree>';
    const to = { text: new PartBuilder('s', 'body', {}), hidden: new PartBuilder('s#h', 'hidden', {}), alt: new PartBuilder('s#a', 'alt-text', {}) };
    readDrawing(slide, to);
    expect(to.alt.toPart().text.split('\n')).toEqual(['SHAPE TIP', 'RUN TIP', 'HOVER TIP']);
    expect(to.text.toPart().text).toBe('详见附件');
  });

  it('a run drawn so nobody sees it where it stands (no fill, alpha 10% and less — also every colour of a gradient or pattern fill —, its own highlight colour, 2 pt, drawn over by the next character, two lines off its own) is read as hidden: inside a marking it leaves the marking whole', () => {
    const slideWith = (rPr: string) =>
      `<p:spTree><p:sp><p:nvSpPr><p:cNvPr id="2" name="T"/><p:cNvSpPr/><p:nvPr/></p:nvSpPr><p:spPr/><p:txBody><a:bodyPr/><a:p><a:r><a:rPr lang="zh-CN"/><a:t>机</a:t></a:r><a:r>${rPr}<a:t>开</a:t></a:r><a:r><a:rPr lang="zh-CN"/><a:t>密★5年</a:t></a:r></a:p></p:txBody></p:sp></p:spTree>`;
    const read = (rPr: string) => {
      const to = { text: new PartBuilder('s', 'body', {}), hidden: new PartBuilder('s#h', 'hidden', {}), alt: new PartBuilder('s#a', 'alt-text', {}) };
      readDrawing(slideWith(rPr), to);
      return { text: to.text.toPart().text, hidden: to.hidden.blank ? '' : to.hidden.toPart().text };
    };
    for (const rPr of ['<a:rPr lang="zh-CN"><a:noFill/></a:rPr>', '<a:rPr lang="zh-CN"><a:solidFill><a:srgbClr val="000000"><a:alpha val="0"/></a:srgbClr></a:solidFill></a:rPr>', '<a:rPr lang="zh-CN" sz="100"/>', '<a:rPr lang="zh-CN" sz="200"/>', '<a:rPr lang="zh-CN"><a:solidFill><a:srgbClr val="000000"><a:alpha val="10000"/></a:srgbClr></a:solidFill></a:rPr>', '<a:rPr lang="zh-CN" spc="-800"/>', '<a:rPr lang="zh-CN" spc="-1500"/>', '<a:rPr lang="zh-CN" baseline="-200000"/>', '<a:rPr lang="zh-CN" baseline="300000"/>', '<a:rPr lang="zh-CN"><a:solidFill><a:srgbClr val="FFFF00"/></a:solidFill><a:highlight><a:srgbClr val="FFFF00"/></a:highlight></a:rPr>', '<a:rPr lang="zh-CN"><a:gradFill><a:gsLst><a:gs pos="0"><a:srgbClr val="000000"><a:alpha val="0"/></a:srgbClr></a:gs><a:gs pos="100000"><a:schemeClr val="tx1"><a:alpha val="5000"/></a:schemeClr></a:gs></a:gsLst><a:lin ang="0"/></a:gradFill></a:rPr>', '<a:rPr lang="zh-CN"><a:pattFill prst="pct5"><a:fgClr><a:srgbClr val="000000"><a:alpha val="0"/></a:srgbClr></a:fgClr><a:bgClr><a:srgbClr val="FFFFFF"><a:alpha val="0"/></a:srgbClr></a:bgClr></a:pattFill></a:rPr>']) {
      expect(read(rPr), rPr).toEqual({ text: MARK, hidden: '开' });
    }
    // An outline without fill, a half-transparent fill, 8 pt and white (a dark slide's text) are seen.
    for (const rPr of ['<a:rPr lang="zh-CN"><a:ln><a:noFill/></a:ln></a:rPr>', '<a:rPr lang="zh-CN"><a:solidFill><a:srgbClr val="000000"><a:alpha val="50000"/></a:srgbClr></a:solidFill></a:rPr>', '<a:rPr lang="zh-CN" sz="800"/>', '<a:rPr lang="zh-CN" sz="250"/>', '<a:rPr lang="zh-CN" spc="-750"/>', '<a:rPr lang="zh-CN"><a:solidFill><a:srgbClr val="000000"/></a:solidFill><a:highlight><a:srgbClr val="FFFF00"/></a:highlight></a:rPr>', '<a:rPr lang="zh-CN" spc="300"/>', '<a:rPr lang="zh-CN" baseline="30000"/>', '<a:rPr lang="zh-CN" baseline="-190000"/>', '<a:rPr lang="zh-CN"><a:solidFill><a:srgbClr val="000000"><a:alpha val="11000"/></a:srgbClr></a:solidFill></a:rPr>', '<a:rPr lang="zh-CN"><a:solidFill><a:srgbClr val="FFFFFF"/></a:solidFill></a:rPr>', '<a:rPr lang="zh-CN"><a:highlight><a:srgbClr val="FFFF00"><a:alpha val="0"/></a:srgbClr></a:highlight></a:rPr>', '<a:rPr lang="zh-CN"><a:gradFill><a:gsLst><a:gs pos="0"><a:srgbClr val="000000"><a:alpha val="0"/></a:srgbClr></a:gs><a:gs pos="100000"><a:schemeClr val="tx1"><a:alpha val="50000"/></a:schemeClr></a:gs></a:gsLst><a:lin ang="0"/></a:gradFill></a:rPr>', '<a:rPr lang="zh-CN"><a:gradFill><a:gsLst><a:gs pos="0"><a:srgbClr val="000000"></a:srgbClr></a:gs><a:gs pos="100000"><a:schemeClr val="tx1"></a:schemeClr></a:gs></a:gsLst><a:lin ang="0"/></a:gradFill></a:rPr>', '<a:rPr lang="zh-CN"><a:pattFill prst="pct5"><a:fgClr><a:srgbClr val="000000"><a:alpha val="0"/></a:srgbClr></a:fgClr><a:bgClr><a:srgbClr val="FFFFFF"></a:srgbClr></a:bgClr></a:pattFill></a:rPr>']) {
      expect(read(rPr), rPr).toEqual({ text: '机开密★5年', hidden: '' });
    }
  });

  it('one-character cells down a table column beside other columns (机 密 ★ 5 年) read as the vertical line they show; 保密宣传月 so written passes', async () => {
    const deck = (chars: string[]) => pptx({ slides: [{ shapes: [{ text: ['江临市汛期物资调度情况汇报'] }, { table: chars.map((c, i) => [c, ['物资', '沙袋', '编织袋', '铁锹', '其他'][i]]) }] }] });
    const r = await scan(deck([...MARK]));
    expect(r.verdict).toBe('block');
    expect(r.findings.some((f) => f.location.part === 'ppt/slides/slide1.xml' && f.explanation.normalized === MARK)).toBe(true);
    const twin = await scan(deck([...'保密宣传月']));
    expect(twin.verdict).toBe('pass');
    expect(twin.coverage.unread).toEqual([]);
  });

  it('a slide-number field shows the slide\'s number, whatever it keeps: 机密★ + the field (‹#›) + 年 on slide 5 blocks; 第 + field + 页 passes', async () => {
    const deck = (first: string, rest: string) =>
      rewritePart(pptx({ slides: [...['一、概况', '二、安排', '三、要求', '四、保障'].map((t) => ({ shapes: [{ text: [t] }] })), { shapes: [{ text: ['XX'] }, { text: ['江临市汛期物资调度情况汇报'] }] }] }), 'ppt/slides/slide5.xml', (x) =>
        x.replace('<a:r><a:rPr lang="zh-CN"/><a:t>XX</a:t></a:r>', `<a:r><a:rPr lang="zh-CN"/><a:t>${first}</a:t></a:r><a:fld id="{B6F15528-21DE-4FAA-801E-634DDDAF4B2B}" type="slidenum"><a:rPr lang="zh-CN"/><a:t>‹#›</a:t></a:fld><a:r><a:rPr lang="zh-CN"/><a:t>${rest}</a:t></a:r>`),
      );
    const r = await scan(deck('机密★', '年'));
    expect(r.verdict).toBe('block');
    expect(r.findings.some((f) => f.location.part === 'ppt/slides/slide5.xml' && f.explanation.normalized === MARK)).toBe(true);
    const twin = await scan(deck('第', '页'));
    expect(twin.verdict).toBe('pass');
    expect(twin.coverage.unread).toEqual([]);
  });

  it('hollow letters (no fill, an outline with a fill: 空心字) are seen; no fill and no outline stays hidden', async () => {
    const slideWith = (rPr: string, first = '机', rest = '★5年') =>
      `<p:spTree><p:sp><p:nvSpPr><p:cNvPr id="2" name="T"/><p:cNvSpPr/><p:nvPr/></p:nvSpPr><p:spPr/><p:txBody><a:bodyPr/><a:p><a:r><a:rPr lang="zh-CN"/><a:t>${first}</a:t></a:r><a:r>${rPr}<a:t>密</a:t></a:r><a:r><a:rPr lang="zh-CN"/><a:t>${rest}</a:t></a:r></a:p></p:txBody></p:sp></p:spTree>`;
    const read = (rPr: string) => {
      const to = { text: new PartBuilder('s', 'body', {}), hidden: new PartBuilder('s#h', 'hidden', {}), alt: new PartBuilder('s#a', 'alt-text', {}) };
      readDrawing(slideWith(rPr), to);
      return { text: to.text.toPart().text, hidden: to.hidden.blank ? '' : to.hidden.toPart().text };
    };
    const hollow = '<a:rPr lang="zh-CN"><a:ln w="12700"><a:solidFill><a:srgbClr val="C00000"/></a:solidFill></a:ln><a:noFill/></a:rPr>';
    expect(read(hollow)).toEqual({ text: MARK, hidden: '' });
    expect(read('<a:rPr lang="zh-CN"><a:ln><a:gradFill><a:gsLst><a:gs pos="0"><a:srgbClr val="C00000"/></a:gs></a:gsLst></a:gradFill></a:ln><a:noFill/></a:rPr>')).toEqual({ text: MARK, hidden: '' });
    expect(read('<a:rPr lang="zh-CN"><a:ln><a:noFill/></a:ln><a:noFill/></a:rPr>')).toEqual({ text: '机★5年', hidden: '密' });
    const deck = (first: string, rest: string) => rewritePart(pptx({ slides: [{ shapes: [{ text: ['XX'] }, { text: ['江临市汛期物资调度情况汇报'] }] }] }), 'ppt/slides/slide1.xml', (x) => x.replace('<a:r><a:rPr lang="zh-CN"/><a:t>XX</a:t></a:r>', slideWith(hollow, first, rest).replace(/^.*<a:p>|<\/a:p>.*$/g, '')));
    const r = await scanner.scan(deck('机', '★5年'), { filename: 'deck.pptx' });
    expect(r.verdict).toBe('block');
    expect(r.findings.some((f) => f.location.part === 'ppt/slides/slide1.xml' && f.explanation.normalized === MARK)).toBe(true);
    const twin = await scanner.scan(deck('保', '宣传月'), { filename: 'deck.pptx' });
    expect(twin.verdict).toBe('pass');
    expect(twin.coverage.unread).toEqual([]);
  });

  it("a run in its own shape's fill colour is hidden; on a translucent, scheme-coloured or other fill, or another colour, it is seen", () => {
    const slideWith = (spPr: string, rPr: string) =>
      `<p:spTree><p:sp><p:nvSpPr><p:cNvPr id="2" name="T"/><p:cNvSpPr/><p:nvPr/></p:nvSpPr><p:spPr>${spPr}</p:spPr><p:txBody><a:bodyPr/><a:p><a:r><a:rPr lang="zh-CN"/><a:t>机</a:t></a:r><a:r>${rPr}<a:t>开</a:t></a:r><a:r><a:rPr lang="zh-CN"/><a:t>密★5年</a:t></a:r></a:p></p:txBody></p:sp></p:spTree>`;
    const read = (spPr: string, rPr: string) => {
      const to = { text: new PartBuilder('s', 'body', {}), hidden: new PartBuilder('s#h', 'hidden', {}), alt: new PartBuilder('s#a', 'alt-text', {}) };
      readDrawing(slideWith(spPr, rPr), to);
      return { text: to.text.toPart().text, hidden: to.hidden.blank ? '' : to.hidden.toPart().text };
    };
    const red = (extra = '') => `<a:solidFill><a:srgbClr val="C00000">${extra}</a:srgbClr></a:solidFill>`;
    const runIn = (v: string) => `<a:rPr lang="zh-CN"><a:solidFill><a:srgbClr val="${v}"/></a:solidFill></a:rPr>`;
    expect(read(red(), runIn('C00000'))).toEqual({ text: MARK, hidden: '开' });
    expect(read(red(), runIn('C20202'))).toEqual({ text: MARK, hidden: '开' });
    for (const [spPr, rPr] of [
      [red(), runIn('FFFFFF')],
      [red('<a:alpha val="30000"/>'), runIn('C00000')],
      ['<a:solidFill><a:schemeClr val="accent1"/></a:solidFill>', runIn('C00000')],
      ['<a:noFill/>', runIn('C00000')],
    ]) {
      expect(read(spPr, rPr), `${spPr} ${rPr}`).toEqual({ text: '机开密★5年', hidden: '' });
    }
  });

  it("a run on a shape that paints no fill of its own, in the colour of the slide's own background, is hidden; on a shape its style or a theme colour fills, it is seen", () => {
    const slide = (bg: string, spPr: string, style: string, colour: string) =>
      `<p:cSld>${bg ? `<p:bg><p:bgPr><a:solidFill><a:srgbClr val="${bg}"/></a:solidFill><a:effectLst/></p:bgPr></p:bg>` : ''}<p:spTree><p:sp><p:nvSpPr><p:cNvPr id="2" name="T"/><p:cNvSpPr/><p:nvPr/></p:nvSpPr><p:spPr>${spPr}</p:spPr>${style}<p:txBody><a:bodyPr/><a:p><a:r><a:rPr lang="zh-CN"/><a:t>机</a:t></a:r><a:r><a:rPr lang="zh-CN"><a:solidFill><a:srgbClr val="${colour}"/></a:solidFill></a:rPr><a:t>开</a:t></a:r><a:r><a:rPr lang="zh-CN"/><a:t>密★5年</a:t></a:r></a:p></p:txBody></p:sp></p:spTree></p:cSld>`;
    const read = (xml: string) => {
      const to = { text: new PartBuilder('s', 'body', {}), hidden: new PartBuilder('s#h', 'hidden', {}), alt: new PartBuilder('s#a', 'alt-text', {}) };
      readDrawing(xml, to);
      return { text: to.text.toPart().text, hidden: to.hidden.blank ? '' : to.hidden.toPart().text };
    };
    const styled = '<p:style><a:lnRef idx="2"><a:schemeClr val="accent1"/></a:lnRef><a:fillRef idx="1"><a:schemeClr val="accent1"/></a:fillRef><a:effectRef idx="0"><a:schemeClr val="accent1"/></a:effectRef><a:fontRef idx="minor"><a:schemeClr val="lt1"/></a:fontRef></p:style>';
    expect(read(slide('FFFFFF', '', '', 'FFFFFF'))).toEqual({ text: MARK, hidden: '开' });
    expect(read(slide('C00000', '<a:noFill/>', styled, 'C00000'))).toEqual({ text: MARK, hidden: '开' });
    for (const [bg, spPr, style, colour] of [
      ['', '', '', 'FFFFFF'],
      ['1F3864', '', '', 'FFFFFF'],
      ['FFFFFF', '', styled, 'FFFFFF'],
      ['FFFFFF', '<a:solidFill><a:schemeClr val="accent1"/></a:solidFill>', '', 'FFFFFF'],
      ['FFFFFF', '<a:gradFill><a:gsLst><a:gs pos="0"><a:srgbClr val="1F3864"/></a:gs></a:gsLst></a:gradFill>', '', 'FFFFFF'],
    ]) {
      expect(read(slide(bg, spPr, style, colour)), `${bg} ${spPr} ${style}`).toEqual({ text: '机开密★5年', hidden: '' });
    }
  });

  it("a run in its table cell's fill colour (a:tcPr, written after the text) is hidden; another colour, or the next cell's fill, is not its ground", () => {
    const cell = (text: string, fill?: string) => `<a:tc><a:txBody><a:bodyPr/><a:p>${text}</a:p></a:txBody><a:tcPr>${fill ? `<a:solidFill><a:srgbClr val="${fill}"/></a:solidFill>` : ''}</a:tcPr></a:tc>`;
    const run = (t: string, colour?: string) => `<a:r><a:rPr lang="zh-CN">${colour ? `<a:solidFill><a:srgbClr val="${colour}"/></a:solidFill>` : ''}</a:rPr><a:t>${t}</a:t></a:r>`;
    const table = (cells: string) =>
      `<p:spTree><p:graphicFrame><p:nvGraphicFramePr><p:cNvPr id="4" name="表格 3"/><p:cNvGraphicFramePr/><p:nvPr/></p:nvGraphicFramePr><a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/table"><a:tbl><a:tblGrid><a:gridCol w="3000000"/><a:gridCol w="3000000"/></a:tblGrid><a:tr h="400000">${cells}</a:tr></a:tbl></a:graphicData></a:graphic></p:graphicFrame></p:spTree>`;
    const read = (xml: string) => {
      const to = { text: new PartBuilder('s', 'body', {}), hidden: new PartBuilder('s#h', 'hidden', {}), alt: new PartBuilder('s#a', 'alt-text', {}) };
      readDrawing(xml, to);
      return { text: to.text.toPart().text, hidden: to.hidden.blank ? '' : to.hidden.toPart().text };
    };
    const piece = (colour: string) => `${run('机')}${run('开', colour)}${run('密★5年')}`;
    expect(read(table(cell(piece('C00000'), 'C00000') + cell(run('备注'), 'FFFFFF')))).toEqual({ text: `${MARK}\t备注`, hidden: '开' });
    expect(read(table(cell(piece('FFFFFF'), 'C00000') + cell(run('备注'))))).toEqual({ text: '机开密★5年\t备注', hidden: '' });
    expect(read(table(cell(piece('C00000')) + cell(run('备注'), 'C00000')))).toEqual({ text: '机开密★5年\t备注', hidden: '' });
  });

  it('a line spelled across small text boxes is read in the order they stand when the file lists them otherwise', async () => {
    // The cover slide of a briefing: the marking top left, one character per text box, listed last to first.
    const EMU = 360000;
    const pieces = (order: number[], down = false) =>
      order.map((i) => ({ text: [[...MARK][i]], at: (down ? [EMU, EMU * (1 + i), EMU, EMU] : [EMU * (1 + i), EMU, EMU, EMU]) as [number, number, number, number] }));
    const cover = (shapes: SlideSpec['shapes']) => pptx({ slides: [{ shapes: [...shapes, { text: ['江临市2024年防汛工作部署会'], at: [EMU, EMU * 4, EMU * 20, EMU * 2] }] }, ...BENIGN] });
    for (const [how, shapes] of [['reversed', pieces([4, 3, 2, 1, 0])], ['shuffled column', pieces([2, 0, 4, 1, 3], true)]] as const) {
      const bytes = cover(shapes);
      const x = await extractPptx(bytes, { limits: DEFAULT_LIMITS });
      expect(x.parts.find((p) => p.id === 'ppt/slides/slide1.xml')!.text.split('\n'), how).toContain(MARK);
      expect((await scan(bytes)).verdict, how).toBe('block');
    }
    // Boxes listed in the order they stand add nothing; boxes far apart are not joined.
    const inOrder = await extractPptx(cover(pieces([0, 1, 2, 3, 4])), { limits: DEFAULT_LIMITS });
    expect(inOrder.parts.find((p) => p.id === 'ppt/slides/slide1.xml')!.text.split('\n')).toEqual([...[...MARK], '江临市2024年防汛工作部署会']);
    const apart = pptx({ slides: [{ shapes: [{ text: ['会场'], at: [EMU * 30, EMU, EMU, EMU] }, { text: ['主席台'], at: [EMU, EMU, EMU, EMU] }] }] });
    const read = await extractPptx(apart, { limits: DEFAULT_LIMITS });
    expect(read.parts.find((p) => p.id === 'ppt/slides/slide1.xml')!.text).toBe('会场\n主席台');
  });

  it('shapes in a group are placed through the group\'s frame: a group flipped horizontally draws its shapes right to left', () => {
    const box = (c: string, i: number) => `<p:sp><p:nvSpPr><p:cNvPr id="${30 + i}" name="文本框 ${i}"/><p:cNvSpPr txBox="1"/><p:nvPr/></p:nvSpPr><p:spPr><a:xfrm><a:off x="${i * 400000}" y="0"/><a:ext cx="400000" cy="400000"/></a:xfrm></p:spPr><p:txBody><a:bodyPr/><a:p><a:r><a:t>${c}</a:t></a:r></a:p></p:txBody></p:sp>`;
    const group = (flip: string, order: string[]) =>
      `<p:spTree><p:grpSp><p:nvGrpSpPr><p:cNvPr id="20" name="组合 1"/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr><p:grpSpPr><a:xfrm${flip}><a:off x="800000" y="400000"/><a:ext cx="1000000" cy="200000"/><a:chOff x="0" y="0"/><a:chExt cx="2000000" cy="400000"/></a:xfrm></p:grpSpPr>${order.map(box).join('')}</p:grpSp></p:spTree>`;
    const read = (xml: string) => {
      const to = { text: new PartBuilder('s', 'body', {}), hidden: new PartBuilder('s#h', 'hidden', {}), alt: new PartBuilder('s#a', 'alt-text', {}) };
      readDrawing(xml, to);
      return to.text.toPart().text.split('\n');
    };
    // 年 5 ★ 密 机 left to right in the group's own frame; flipped, the slide shows 机密★5年.
    expect(read(group(' flipH="1"', [...'年5★密机']))).toEqual([...'年5★密机', MARK]);
    // Not flipped (and scaled to half): they stand as listed, nothing is added.
    expect(read(group('', [...MARK]))).toEqual([...MARK]);
  });

  it('a right-to-left table (a:tblPr rtl) is also read as it stands, last cell first', () => {
    const table = (rtl: string) =>
      `<p:spTree><p:graphicFrame><p:nvGraphicFramePr><p:cNvPr id="4" name="表格 3"/><p:cNvGraphicFramePr/><p:nvPr/></p:nvGraphicFramePr><p:xfrm/><a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/table"><a:tbl><a:tblPr${rtl}/><a:tblGrid>${'<a:gridCol w="600000"/>'.repeat(5)}</a:tblGrid><a:tr h="370840">${[...'年5★密机'].map((c) => `<a:tc><a:txBody><a:bodyPr/><a:p><a:r><a:t>${c}</a:t></a:r></a:p></a:txBody></a:tc>`).join('')}</a:tr></a:tbl></a:graphicData></a:graphic></p:graphicFrame></p:spTree>`;
    const read = (rtl: string) => {
      const to = { text: new PartBuilder('s', 'body', {}), hidden: new PartBuilder('s#h', 'hidden', {}), alt: new PartBuilder('s#a', 'alt-text', {}) };
      readDrawing(table(rtl), to);
      return to.text.toPart().text.split('\n');
    };
    expect(read(' rtl="1"')).toEqual(['年\t5\t★\t密\t机', '机\t密\t★\t5\t年']);
    expect(read('')).toEqual(['年\t5\t★\t密\t机']);
  });

  it('slides are read in presentation order, page = slide number, the first slide leads', async () => {
    const x = await extractPptx(pptx({ slides: [{ shapes: [{ text: ['一'] }] }, { shapes: [{ text: ['二'] }] }, { shapes: [{ text: ['三'] }] }] }), { limits: DEFAULT_LIMITS });
    const slides = x.parts.filter((p) => p.role === 'body');
    expect(slides.map((p) => [p.text, p.origin.page])).toEqual([['一', 1], ['二', 2], ['三', 3]]);
    expect(slides[0].leading).toBe(true);
  });

  it('a marking alone on the first slide blocks, located on page 1 line 1', async () => {
    const r = await scan({ slides: [{ shapes: [{ text: [MARK] }, TITLE] }, ...BENIGN] });
    expect(r.document.format).toBe('pptx');
    expect(r.verdict).toBe('block');
    expect(marking(r)!.location).toMatchObject({ role: 'body', page: 1, line: 1, filePart: 'ppt/slides/slide1.xml' });
  });

  it('a hidden slide is read, labelled hidden, and blocks', async () => {
    const r = await scan({ slides: [...BENIGN, { hidden: true, shapes: [{ text: [MARK] }] }] });
    expect(r.verdict).toBe('block');
    expect(marking(r)!.location).toMatchObject({ role: 'hidden', visible: false, page: 3 });
    expect(marking(r)!.location.detail).toContain('hidden slide');
  });

  const places: Array<[string, PresentationSpec, string]> = [
    ['speaker notes', { slides: [{ ...BENIGN[0], notes: MARK }] }, 'notes'],
    ['a comment', { slides: [{ ...BENIGN[0], comments: [MARK] }] }, 'comment'],
    ['the slide master', { slides: BENIGN, masterText: MARK }, 'master'],
    ['a hidden shape', { slides: [{ shapes: [TITLE, { text: [MARK], hidden: true }] }] }, 'hidden'],
    ['a grouped shape', { slides: [{ shapes: [TITLE, { group: [{ text: ['图例'] }, { group: [{ text: [MARK] }] }] }] }] }, 'body'],
    ['alt text', { slides: [{ shapes: [TITLE, { picture: new Uint8Array([0xff, 0xd8, 0xff, 0xe0]), descr: MARK }] }] }, 'alt-text'],
    ['document properties', { slides: BENIGN, props: { title: `${MARK} 会议材料` } }, 'properties'],
  ];
  for (const [where, spec, role] of places) {
    it(`a marking in ${where} blocks, role ${role}`, async () => {
      const r = await scan(spec);
      expect(r.verdict).toBe('block');
      expect(r.findings.some((f) => f.ruleId === 'marking.cn-state-secret' && f.location.role === role)).toBe(true);
    });
  }

  it('a table row is one line with cells as blocks: 密级 | 秘密 blocks, at row 1 column 2', async () => {
    const r = await scan({ slides: [{ shapes: [{ table: [['密级', '秘密'], ['项目', '港区规划']] }, TITLE] }] });
    expect(r.verdict).toBe('block');
    expect(marking(r)!.location).toMatchObject({ role: 'body', page: 1, cell: { row: 1, column: 2 } });
  });

  it('pictures go to OCR with their slide; with OCR off they are unread and nothing passes', async () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]);
    const spec = { slides: [BENIGN[0], { shapes: [{ picture: png }] }] };
    const x = await extractPptx(pptx(spec), { limits: DEFAULT_LIMITS });
    expect(x.images).toHaveLength(1);
    expect(x.images![0].origin.page).toBe(2);
    const r = await scan(spec);
    expect(r.verdict).toBe('review');
    expect(r.coverage.unread.map((u) => u.reason)).toContain('ocr-unavailable');
  });

  it('a benign deck, and a training deck on the secrecy law with a table of levels, pass', async () => {
    for (const spec of [
      { slides: BENIGN },
      { slides: [{ shapes: [{ text: ['国家秘密的密级分为绝密、机密、秘密三级'] }, { table: [['密级', '最长保密期限'], ['绝密', '30年'], ['机密', '20年'], ['秘密', '10年']] }] }] },
    ]) {
      const r = await scan(spec);
      expect(r.verdict, r.reasons.join('; ')).toBe('pass');
      expect(r.coverage.complete).toBe(true);
    }
  });
});

describe('PPTX: fail closed', () => {
  const good = pptx({ slides: BENIGN });

  it('an embedded OLE object is unread; an embedded workbook is scanned', async () => {
    const ole = await scan({ slides: [{ ...BENIGN[0], oleObject: oleObject() }] });
    expect(ole.verdict).toBe('review');
    expect(ole.coverage.unread.map((u) => u.reason)).toContain('embedded-object');
  });

  it('a workbook wrapped in an OLE object (a Package stream) is taken out and scanned: a marking there blocks, a plain roster passes', async () => {
    const wrapped = (cell: string) => olePackage(xlsx({ sheets: [{ name: '名单', rows: [['序号', '姓名'], [1, cell]] }] }));
    const r = await scan({ slides: [{ ...BENIGN[0], oleObject: wrapped(MARK) }] });
    expect(r.verdict).toBe('block');
    expect(marking(r)!.location.container?.[0]).toMatch(/Package/);
    expect((await scan({ slides: [{ ...BENIGN[0], oleObject: wrapped('王建国') }] })).verdict).toBe('pass');
  });

  it('an embedded workbook inside a deck is scanned recursively', async () => {
    const inner = xlsx({ sheets: [{ name: 'S', rows: [['密级', '机密']] }] });
    // A deck whose OLE object is itself a workbook package (how PowerPoint embeds a chart's data).
    const r = await scan({ slides: [{ ...BENIGN[0], oleObject: inner }] });
    expect(r.verdict).toBe('block');
    expect(marking(r)!.location.container?.[0]).toMatch(/\.bin$/);
  });

  it('encrypted → encrypted; truncated anywhere → never pass (property)', async () => {
    const enc = await scan(encryptedOffice(), 'secret.pptx');
    expect(enc.coverage.unread.map((u) => u.reason)).toContain('encrypted');
    const s = await createScanner({ ocr: false, isolation: false });
    try {
      await fc.assert(
        fc.asyncProperty(fc.integer({ min: 1, max: good.length - 1 }), async (n) => {
          expect((await s.scan(good.subarray(0, n), { filename: 'deck.pptx' })).verdict).not.toBe('pass');
        }),
        { numRuns: 60, seed: 14 },
      );
    } finally {
      await s.close();
    }
  });

  it('a slide the list leaves out is still read, as hidden', async () => {
    const r = await scan({ slides: [...BENIGN, { unlisted: true, shapes: [{ text: [MARK] }] }] });
    expect(r.verdict).toBe('block');
    expect(marking(r)!.location.role).toBe('hidden');
    expect(marking(r)!.location.detail).toContain('not in the slide list');
  });
});

describe('PPTX: attribute text of linked parts no reader parses', () => {
  /** The benign deck with `parts` added, linked from the presentation or the first slide. */
  const deck = (parts: Record<string, string>, from: string, type: string, target: string) => addLinkedParts(pptx({ slides: BENIGN }), from, parts, [[type, target]]);
  const P = 'xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"';
  const authors = (name: string) => deck({ 'ppt/commentAuthors.xml': `<?xml version="1.0"?><p:cmAuthorLst ${P}><p:cmAuthor id="0" name="${name}" initials="WJG" lastIdx="1" clrIdx="0"/></p:cmAuthorLst>` }, 'ppt/presentation.xml', 'commentAuthors', 'commentAuthors.xml');
  const tags = (val: string) => deck({ 'ppt/tags/tag1.xml': `<?xml version="1.0"?><p:tagLst ${P}><p:tag name="CLASSIFICATION" val="${val}"/><p:tag name="KSO_WM_UNIT_INDEX" val="1"/></p:tagLst>` }, 'ppt/slides/slide1.xml', 'tags', '../tags/tag1.xml');

  it('a comment author\'s name and a tag\'s value are read: a marking there blocks', async () => {
    for (const bytes of [authors(MARK), tags(MARK)]) expect((await scan(bytes)).verdict).toBe('block');
  });

  it('names and values without a marking pass, and ids, initials and numbers are not read', async () => {
    const x = await extractPptx(authors('王建国'), { limits: DEFAULT_LIMITS });
    expect(x.parts.find((p) => p.origin.filePart === 'ppt/commentAuthors.xml')?.text).toBe('王建国');
    expect((await scan(authors('王建国'))).verdict).toBe('pass');
    expect((await scan(tags('统计工作会议'))).verdict).toBe('pass');
  });
});
