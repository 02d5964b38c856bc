/**
 * Text in render mode 7 adds its glyph outlines to the clip and paints nothing; what is painted
 * while that clip is in force shows in the glyphs' shapes. So `7 Tr (密) Tj ET` then a filled box
 * shows 密 in the box's colour (Acrobat, pdf.js), and text drawn elsewhere after it is cut away.
 * Read before as invisible text and the box as covering what lay under it: 机 + 密 so drawn +
 * ★5年 read 机★5年 (pass), and a piece 开 drawn outside such a clip read 机开密★5年 (pass).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScanner, type Scanner } from '@prepub/scanner';
import { buildPdf, onePageCjk, stream, ucs2 } from './raw-pdf.ts';

let scanner: Scanner;
beforeAll(async () => {
  scanner = await createScanner({ ocr: false });
});
afterAll(async () => {
  await scanner.close();
});

const BODY =
  `BT 0 g 0 Tr /F2 14 Tf 72 660 Td ${ucs2('关于做好汛期物资调度工作的通知')} Tj ET ` +
  `BT /F2 12 Tf 72 630 Td ${ucs2('各区县应急管理局：为切实做好今年汛期物资调度工作，现将有关事项通知如下。')} Tj ET`;
const pdf = (content: string) => buildPdf(onePageCjk(stream('', `${content}\n${BODY}`)));

/** The second character drawn as a clip (7 Tr) and shown by a fill painted through it. */
const shownByFill = (s: string, fill: string) =>
  pdf(`BT /F2 16 Tf 72 740 Td ${ucs2(s[0])} Tj ET q BT 7 Tr /F2 16 Tf 88 740 Td ${ucs2(s[1])} Tj ET ${fill} Q BT /F2 16 Tf 104 740 Td ${ucs2(s.slice(2))} Tj ET`);

/** A piece drawn at 88 after a clip made of one glyph far away: cut away, nothing of it painted. */
const clippedPiece = (s: string) =>
  pdf(`BT /F2 16 Tf 72 740 Td ${ucs2(s[0])} Tj ET q BT 7 Tr /F2 16 Tf 400 100 Td ${ucs2('。')} Tj ET BT 0 Tr /F2 16 Tf 88 740 Td ${ucs2('开')} Tj ET Q BT /F2 16 Tf 104 740 Td ${ucs2(s.slice(1))} Tj ET`);

describe('PDF: text drawn as a clip (render mode 7)', () => {
  it('a fill painted through it shows its glyphs: 机 + 密 (7 Tr, then a box filled) + ★5年 blocks; 保密宣传月 so drawn passes', async () => {
    for (const fill of ['0 0 0 rg 80 730 40 30 re f', '0.8 0 0 rg 0 0 612 792 re f']) {
      const marked = await scanner.scan(shownByFill('机密★5年', fill), { filename: 'notice.pdf' });
      expect(marked.verdict, fill).toBe('block');
      expect(marked.findings.some((f) => f.location.part === 'page-1'), fill).toBe(true);
      // The fill paints the glyphs' shapes only: it covers nothing beside them (机 stays seen).
      expect(marked.coverage.parts.map((p) => p.id), fill).toEqual(['page-1']);
      const twin = await scanner.scan(shownByFill('保密宣传月', fill), { filename: 'notice.pdf' });
      expect(twin.verdict, fill).toBe('pass');
      expect(twin.coverage.unread, fill).toEqual([]);
    }
  });

  it('with nothing painted through it, the clip text stays invisible', async () => {
    const r = await scanner.scan(shownByFill('机密★5年', ''), { filename: 'notice.pdf' });
    expect(r.coverage.parts.map((p) => p.id)).toContain('page-1:invisible');
  });

  it('a white fill through it shows white: hidden as white text', async () => {
    const r = await scanner.scan(shownByFill('机密★5年', '1 1 1 rg 80 730 40 30 re f'), { filename: 'notice.pdf' });
    expect(r.coverage.parts.map((p) => p.id)).toContain('page-1:white');
  });

  it('text drawn outside the clip it makes is cut away: 机 + 开 (clipped) + 密★5年 blocks; the twin passes', async () => {
    const marked = await scanner.scan(clippedPiece('机密★5年'), { filename: 'notice.pdf' });
    expect(marked.verdict).toBe('block');
    expect(marked.coverage.parts.map((p) => p.id)).toContain('page-1:clipped');
    const twin = await scanner.scan(clippedPiece('保密宣传月'), { filename: 'notice.pdf' });
    expect(twin.verdict).toBe('pass');
    expect(twin.coverage.unread).toEqual([]);
  });
});
