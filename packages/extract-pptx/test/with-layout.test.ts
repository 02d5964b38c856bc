/**
 * A line spelled across a slide and the shapes its layout or master draws behind it: 机 in a text
 * box of the layout, 密★5年 in one of the slide right beside it. The slide shows 机密★5年, though
 * each part alone holds a piece; it is read so (`#with-layout`).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScanner, type Scanner } from '@prepub/scanner';
import { pptx, rewritePart } from '../../ooxml/test/ooxml-writer.ts';

let scanner: Scanner;
beforeAll(async () => {
  scanner = await createScanner({ ocr: false });
});
afterAll(() => scanner?.close());

const A = 'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"';
/** A text box of `text` at x (EMU) on the top line, one character wide per 300000 EMU. */
const box = (id: number, text: string, x: number, ph = '') =>
  `<p:sp><p:nvSpPr><p:cNvPr id="${id}" name="T${id}"/><p:cNvSpPr txBox="1"/><p:nvPr>${ph}</p:nvPr></p:nvSpPr><p:spPr><a:xfrm ${A}><a:off x="${x}" y="0"/><a:ext cx="${300000 * [...text].length}" cy="400000"/></a:xfrm></p:spPr><p:txBody><a:bodyPr ${A}/><a:p ${A}><a:r><a:t>${text}</a:t></a:r></a:p></p:txBody></p:sp>`;

/** A deck whose slide shows `rest` at 300000 EMU and whose `where` (layout or master) draws `first` at 0. */
function deck(first: string, rest: string, where: 'layout' | 'master', opts: { placeholder?: boolean; hideBehind?: boolean } = {}): Uint8Array {
  let bytes = pptx({ slides: [{ shapes: [{ text: ['关于做好汛期值班工作的通知'], at: [0, 1000000, 8000000, 600000] }, { text: ['各区县水务局：现将有关事项通知如下。'], at: [0, 2000000, 8000000, 600000] }] }] });
  bytes = rewritePart(bytes, 'ppt/slides/slide1.xml', (xml) => {
    const slide = xml.replace('</p:spTree>', `${box(90, rest, 300000)}</p:spTree>`);
    return opts.hideBehind ? slide.replace('<p:sld ', '<p:sld showMasterSp="0" ') : slide;
  });
  const behind = where === 'layout' ? 'ppt/slideLayouts/slideLayout1.xml' : 'ppt/slideMasters/slideMaster1.xml';
  return rewritePart(bytes, behind, (xml) => xml.replace('</p:spTree>', `${box(91, first, 0, opts.placeholder ? '<p:ph type="body" idx="1"/>' : '')}</p:spTree>`));
}
const scan = (bytes: Uint8Array) => scanner.scan(bytes, { filename: 'deck.pptx' });

describe('PPTX: a line spelled across a slide and its layout or master', () => {
  it('机 drawn by the layout or the master, 密★5年 by the slide beside it: block', async () => {
    for (const where of ['layout', 'master'] as const) {
      const r = await scan(deck('机', '密★5年', where));
      expect(r.verdict, where).toBe('block');
      expect(r.findings.some((f) => f.location.part === 'ppt/slides/slide1.xml#with-layout'), where).toBe(true);
    }
  });

  it('保 + 密宣传月 so drawn pass with nothing unread; a placeholder prompt and a slide hiding background graphics join nothing', async () => {
    for (const where of ['layout', 'master'] as const) {
      const r = await scan(deck('保', '密宣传月', where));
      expect(r.verdict, where).toBe('pass');
      expect(r.coverage.unread, where).toEqual([]);
    }
    for (const opts of [{ placeholder: true }, { hideBehind: true }]) {
      const r = await scan(deck('机', '密★5年', 'layout', opts));
      expect(r.coverage.parts.map((p) => p.id)).not.toContain('ppt/slides/slide1.xml#with-layout');
    }
  });
});
