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
