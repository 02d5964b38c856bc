/**
 * A slide's form whose chosen 密级 option is circled by an ellipse shape drawn over it (prstGeom
 * ellipse over a text box or a table row reading 密级：绝密 机密 秘密). The row read as text lists
 * the three levels — a blank form — and passed. Which option the ellipse covers is not worked out
 * (text is not laid out in its frame): the slide is now unread (review), as DOCX does. An ellipse
 * elsewhere, a hidden one, or one over a row that lists no levels changes nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScanner, type Scanner } from '@prepub/scanner';
import { pptx, rewritePart } from '../../ooxml/test/ooxml-writer.ts';

/** An ellipse at (x, y), w × h EMU, drawn in red with no fill, as PowerPoint writes one. */
const ellipse = (x: number, y: number, w = 700000, h = 420000, hidden = false) =>
  `<p:sp><p:nvSpPr><p:cNvPr id="20" name="椭圆 19"${hidden ? ' hidden="1"' : ''}/><p:cNvSpPr/><p:nvPr/></p:nvSpPr><p:spPr><a:xfrm><a:off x="${x}" y="${y}"/><a:ext cx="${w}" cy="${h}"/></a:xfrm><a:prstGeom prst="ellipse"><a:avLst/></a:prstGeom><a:noFill/><a:ln w="19050"><a:solidFill><a:srgbClr val="FF0000"/></a:solidFill></a:ln></p:spPr><p:txBody><a:bodyPr rtlCol="0" anchor="ctr"/><a:lstStyle/><a:p><a:endParaRPr lang="zh-CN"/></a:p></p:txBody></p:sp>`;
/** Another shape without text at (x, y): a box (prstGeom rect), a free-form ring (custGeom), a line (cxnSp). */
const drawn = (kind: 'rect' | 'custom' | 'line', x: number, y: number, w = 700000, h = 420000) =>
  kind === 'line'
    ? `<p:cxnSp><p:nvCxnSpPr><p:cNvPr id="21" name="直接连接符 20"/><p:cNvCxnSpPr/><p:nvPr/></p:nvCxnSpPr><p:spPr><a:xfrm><a:off x="${x}" y="${y + h / 2}"/><a:ext cx="${w}" cy="0"/></a:xfrm><a:prstGeom prst="line"><a:avLst/></a:prstGeom><a:ln w="19050"><a:solidFill><a:srgbClr val="FF0000"/></a:solidFill></a:ln></p:spPr></p:cxnSp>`
    : `<p:sp><p:nvSpPr><p:cNvPr id="22" name="${kind === 'rect' ? '矩形 21' : '任意多边形 21'}"/><p:cNvSpPr/><p:nvPr/></p:nvSpPr><p:spPr><a:xfrm><a:off x="${x}" y="${y}"/><a:ext cx="${w}" cy="${h}"/></a:xfrm>${kind === 'rect' ? '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom>' : '<a:custGeom><a:avLst/><a:gdLst/><a:ahLst/><a:cxnLst/><a:rect l="0" t="0" r="r" b="b"/><a:pathLst><a:path w="100" h="100"><a:moveTo><a:pt x="0" y="50"/></a:moveTo><a:cubicBezTo><a:pt x="0" y="0"/><a:pt x="100" y="0"/><a:pt x="100" y="50"/></a:cubicBezTo><a:cubicBezTo><a:pt x="100" y="100"/><a:pt x="0" y="100"/><a:pt x="0" y="50"/></a:cubicBezTo><a:close/></a:path></a:pathLst></a:custGeom>'}<a:noFill/><a:ln w="19050"><a:solidFill><a:srgbClr val="FF0000"/></a:solidFill></a:ln></p:spPr><p:txBody><a:bodyPr rtlCol="0" anchor="ctr"/><a:lstStyle/><a:p><a:endParaRPr lang="zh-CN"/></a:p></p:txBody></p:sp>`;
/** A slide with the form's rows in a text box at (900000, 1400000), 6000000 × 500000 EMU, and `shape` drawn after it. */
const onSlide = (row: string, shape: string) =>
  rewritePart(pptx({ slides: [{ shapes: [{ text: ['呈批件'] }, { text: [row], at: [900000, 1400000, 6000000, 500000] }, { text: ['事由：关于调整部分岗位的请示'], at: [900000, 2000000, 6000000, 500000] }] }] }), 'ppt/slides/slide1.xml', (x) => x.replace('</p:spTree>', `${shape}</p:spTree>`));
/** The same row as a table (密级 | 绝密 机密 秘密) in a frame at (900000, 1400000). */
const inTable = (options: string, shape: string) =>
  rewritePart(pptx({ slides: [{ shapes: [{ text: ['呈批件'] }, { table: [['密级', options], ['事由', '关于调整部分岗位的请示']] }] }] }), 'ppt/slides/slide1.xml', (x) =>
    x.replace('<p:xfrm/>', '<p:xfrm><a:off x="900000" y="1400000"/><a:ext cx="6000000" cy="800000"/></p:xfrm>').replace('</p:spTree>', `${shape}</p:spTree>`),
  );

let scanner: Scanner;
beforeAll(async () => {
  scanner = await createScanner({ ocr: false, isolation: false });
});
afterAll(() => scanner?.close());

describe('PPTX: an ellipse drawn over a 密级 row', () => {
  it.each([
    ['over a text box', onSlide('密级：绝密 机密 秘密', ellipse(2300000, 1440000))],
    ['over a table row', inTable('绝密 机密 秘密', ellipse(3100000, 1400000))],
  ])('%s is unread (review), the slide named', async (_, deck) => {
    const r = await scanner.scan(deck, { filename: 'deck.pptx' });
    expect(r.verdict).toBe('review');
    expect(r.coverage.unread.some((u) => u.where === 'ppt/slides/slide1.xml' && /ellipse/.test(u.detail))).toBe(true);
  });

  it.each([
    ['no ellipse', onSlide('密级：绝密 机密 秘密', '')],
    ['an ellipse elsewhere on the slide', onSlide('密级：绝密 机密 秘密', ellipse(900000, 4000000))],
    ['a hidden ellipse', onSlide('密级：绝密 机密 秘密', ellipse(2300000, 1440000, 700000, 420000, true))],
    ['an ellipse over 密级：公开', onSlide('密级：公开', ellipse(1500000, 1440000))],
    ['an ellipse over a line of prose', onSlide('各单位收到的机密、秘密文件，应当由专人管理。', ellipse(2300000, 1440000))],
  ])('%s: pass', async (_, deck) => {
    expect((await scanner.scan(deck, { filename: 'deck.pptx' })).verdict).toBe('pass');
  });
});

// A box, a hand-drawn ring (a free-form path) or a line over the option passed as a blank form.
describe('PPTX: another shape drawn over a 密级 row', () => {
  it.each([
    ['a box over a text box', onSlide('密级：绝密 机密 秘密', drawn('rect', 2300000, 1440000))],
    ['a free-form ring over a table row', inTable('绝密 机密 秘密', drawn('custom', 3100000, 1400000))],
    ['a line through a text box', onSlide('密级：绝密 机密 秘密', drawn('line', 2300000, 1440000))],
  ])('%s is unread (review)', async (_, deck) => {
    const r = await scanner.scan(deck, { filename: 'deck.pptx' });
    expect(r.verdict).toBe('review');
    expect(r.coverage.unread.some((u) => u.where === 'ppt/slides/slide1.xml' && /a box, a line/.test(u.detail))).toBe(true);
  });

  it.each([
    ['a box elsewhere on the slide', onSlide('密级：绝密 机密 秘密', drawn('rect', 900000, 4000000))],
    ['a panel behind the whole text box', onSlide('密级：绝密 机密 秘密', drawn('rect', 800000, 1300000, 6200000, 700000))],
    ['a box over 密级：公开', onSlide('密级：公开', drawn('rect', 1500000, 1440000))],
  ])('%s: pass', async (_, deck) => {
    expect((await scanner.scan(deck, { filename: 'deck.pptx' })).verdict).toBe('pass');
  });
});
