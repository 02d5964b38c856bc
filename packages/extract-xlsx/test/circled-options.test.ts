/**
 * A workbook routing slip whose chosen 密级 option is circled by an ellipse drawn over it: an oval
 * anchored over the row 密级 | 绝密 机密 秘密 (xdr:twoCellAnchor), or over a text box on the sheet
 * reading 密级：绝密 机密 秘密. Read as text the row lists the levels — a blank form — and passed.
 * Which option the ellipse covers is not worked out: the drawing is now unread (review). An ellipse
 * over another row, over 密级 | 公开, or hidden changes nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScanner, type Scanner } from '@prepub/scanner';
import { rewritePart, xlsx } from '../../ooxml/test/ooxml-writer.ts';

/** An oval anchored from row `from` to row `to` (0-based) of column B, as Excel writes one. */
const oval = (from: number, to: number, hidden = false) =>
  `<xdr:twoCellAnchor><xdr:from><xdr:col>1</xdr:col><xdr:colOff>600000</xdr:colOff><xdr:row>${from}</xdr:row><xdr:rowOff>10000</xdr:rowOff></xdr:from><xdr:to><xdr:col>1</xdr:col><xdr:colOff>1200000</xdr:colOff><xdr:row>${to}</xdr:row><xdr:rowOff>170000</xdr:rowOff></xdr:to>` +
  `<xdr:sp macro="" textlink=""><xdr:nvSpPr><xdr:cNvPr id="3" name="椭圆 2"${hidden ? ' hidden="1"' : ''}/><xdr:cNvSpPr/></xdr:nvSpPr><xdr:spPr><a:xfrm><a:off x="1900000" y="390000"/><a:ext cx="600000" cy="160000"/></a:xfrm><a:prstGeom prst="ellipse"><a:avLst/></a:prstGeom><a:noFill/><a:ln w="12700"><a:solidFill><a:srgbClr val="FF0000"/></a:solidFill></a:ln></xdr:spPr></xdr:sp><xdr:clientData/></xdr:twoCellAnchor>`;
/** Another shape without text anchored from row `from` to `to`: a box (prstGeom rect) or a line (xdr:cxnSp). */
const drawnShape = (kind: 'rect' | 'line', from: number, to: number) =>
  oval(from, to).replace(/<xdr:sp macro[\s\S]*<\/xdr:sp>/, kind === 'rect'
    ? '<xdr:sp macro="" textlink=""><xdr:nvSpPr><xdr:cNvPr id="4" name="矩形 3"/><xdr:cNvSpPr/></xdr:nvSpPr><xdr:spPr><a:xfrm><a:off x="1900000" y="390000"/><a:ext cx="600000" cy="160000"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom><a:noFill/><a:ln w="12700"><a:solidFill><a:srgbClr val="FF0000"/></a:solidFill></a:ln></xdr:spPr></xdr:sp>'
    : '<xdr:cxnSp macro=""><xdr:nvCxnSpPr><xdr:cNvPr id="5" name="直接连接符 4"/><xdr:cNvCxnSpPr/></xdr:nvCxnSpPr><xdr:spPr><a:xfrm><a:off x="1900000" y="470000"/><a:ext cx="600000" cy="0"/></a:xfrm><a:prstGeom prst="line"><a:avLst/></a:prstGeom><a:ln w="12700"><a:solidFill><a:srgbClr val="FF0000"/></a:solidFill></a:ln></xdr:spPr></xdr:cxnSp>');
/** The slip (密级 in row 3), its drawing's text box replaced by `anchors`. */
const slip = (options: string, anchors: string) =>
  rewritePart(xlsx({ sheets: [{ name: '文件处理单', rows: [['文件处理单'], ['来文单位', '江临市发展和改革委员会'], ['密级', options], ['事由', '关于下达2027年度重点项目投资计划的函']], textBox: 'BOX' }] }), 'xl/drawings/drawing1.xml', (x) =>
    x.replace(/<xdr:twoCellAnchor>[\s\S]*?<\/xdr:twoCellAnchor>/, anchors),
  );

let scanner: Scanner;
beforeAll(async () => {
  scanner = await createScanner({ ocr: false });
});
afterAll(() => scanner?.close());

describe('XLSX: an ellipse drawn over a 密级 row', () => {
  it('an oval over the cells 密级 | 绝密 机密 秘密 is unread (review), the drawing named', async () => {
    const r = await scanner.scan(slip('绝密 机密 秘密', oval(2, 2)), { filename: 'slip.xlsx' });
    expect(r.verdict).toBe('review');
    expect(r.coverage.unread.some((u) => u.where === 'xl/drawings/drawing1.xml' && /ellipse/.test(u.detail))).toBe(true);
  });

  it('an oval over a text box on the sheet reading 密级：绝密 机密 秘密 is unread (review)', async () => {
    const box = '<xdr:twoCellAnchor><xdr:from><xdr:col>4</xdr:col><xdr:row>1</xdr:row></xdr:from><xdr:to><xdr:col>8</xdr:col><xdr:row>4</xdr:row></xdr:to><xdr:sp><xdr:nvSpPr><xdr:cNvPr id="2" name="TextBox 1"/><xdr:cNvSpPr txBox="1"/></xdr:nvSpPr><xdr:spPr><a:xfrm><a:off x="3000000" y="200000"/><a:ext cx="3000000" cy="400000"/></a:xfrm></xdr:spPr><xdr:txBody><a:bodyPr/><a:p><a:r><a:t>密级：绝密 机密 秘密</a:t></a:r></a:p></xdr:txBody></xdr:sp><xdr:clientData/></xdr:twoCellAnchor>';
    const r = await scanner.scan(slip('', box + oval(9, 9).replace('x="1900000" y="390000"', 'x="4000000" y="250000"')), { filename: 'slip.xlsx' });
    expect(r.verdict).toBe('review');
  });

  it.each([
    ['no oval', slip('绝密 机密 秘密', '')],
    ['an oval over another row', slip('绝密 机密 秘密', oval(1, 1))],
    ['a hidden oval', slip('绝密 机密 秘密', oval(2, 2, true))],
    ['an oval over 密级 | 公开', slip('公开', oval(2, 2))],
  ])('%s: pass', async (_, book) => {
    expect((await scanner.scan(book, { filename: 'slip.xlsx' })).verdict).toBe('pass');
  });
});

// A box or a line over the option passed as a blank form; a frame around the whole slip marks none.
describe('XLSX: a box or a line drawn over a 密级 row', () => {
  it.each([
    ['a box', drawnShape('rect', 2, 2)],
    ['a line', drawnShape('line', 2, 2)],
  ])('%s over the cells 密级 | 绝密 机密 秘密 is unread (review)', async (_, anchors) => {
    const r = await scanner.scan(slip('绝密 机密 秘密', anchors), { filename: 'slip.xlsx' });
    expect(r.verdict).toBe('review');
    expect(r.coverage.unread.some((u) => u.where === 'xl/drawings/drawing1.xml' && /a box, a line/.test(u.detail))).toBe(true);
  });

  it.each([
    ['a frame around the whole slip', slip('绝密 机密 秘密', drawnShape('rect', 0, 8))],
    ['a box over another row', slip('绝密 机密 秘密', drawnShape('rect', 1, 1))],
    ['a box over 密级 | 公开', slip('公开', drawnShape('rect', 2, 2))],
  ])('%s: pass', async (_, book) => {
    expect((await scanner.scan(book, { filename: 'slip.xlsx' })).verdict).toBe('pass');
  });
});
