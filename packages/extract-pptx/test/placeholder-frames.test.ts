/**
 * A placeholder that gives no frame of its own is drawn where its layout's is (same idx, else type),
 * which is drawn where its master's is: five one-character placeholders listed last to first on a
 * slide, placed 机 密 ★ 5 年 left to right by the layout, show 机密★5年.
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
/** A body placeholder idx 10+i: on the layout with a frame (the i-th place left to right) and prompt text, on the slide with `text` and no frame. */
const ph = (i: number, text: string, frame: boolean, type = 'body') =>
  `<p:sp><p:nvSpPr><p:cNvPr id="${10 + i}" name="文本占位符 ${i}"/><p:cNvSpPr/><p:nvPr><p:ph type="${type}" sz="quarter" idx="${10 + i}"/></p:nvPr></p:nvSpPr><p:spPr>${frame ? `<a:xfrm ${A}><a:off x="${1000000 + i * 400000}" y="300000"/><a:ext cx="380000" cy="400000"/></a:xfrm>` : ''}</p:spPr><p:txBody><a:bodyPr ${A}/><a:p ${A}><a:r><a:t>${text}</a:t></a:r></a:p></p:txBody></p:sp>`;

/** The slide fills the five placeholders with `chars`, listed last to first; `where` gives the frames (the layout, or the master by type). */
function deck(chars: string[], where: 'layout' | 'master' = 'layout'): Uint8Array {
  let bytes = pptx({ slides: [{ shapes: [{ text: ['关于做好汛期值班工作的通知'], at: [1000000, 1500000, 8000000, 600000] }] }] });
  bytes = rewritePart(bytes, 'ppt/slides/slide1.xml', (x) => x.replace('</p:spTree>', `${[4, 3, 2, 1, 0].map((i) => ph(i, chars[i], false)).join('')}</p:spTree>`));
  if (where === 'layout') return rewritePart(bytes, 'ppt/slideLayouts/slideLayout1.xml', (x) => x.replace('</p:spTree>', `${[0, 1, 2, 3, 4].map((i) => ph(i, '文本', true)).join('')}</p:spTree>`));
  // The layout's placeholders give no frame either; the master's of the same types do (one type each).
  const types = ['body', 'title', 'subTitle', 'dt', 'ftr'];
  bytes = rewritePart(bytes, 'ppt/slides/slide1.xml', (x) => types.reduce((s, t, i) => s.replace(`type="body" sz="quarter" idx="${10 + i}"`, `type="${t}" sz="quarter" idx="${10 + i}"`), x));
  bytes = rewritePart(bytes, 'ppt/slideLayouts/slideLayout1.xml', (x) => x.replace('</p:spTree>', `${types.map((t, i) => ph(i, '文本', false, t)).join('')}</p:spTree>`));
  return rewritePart(bytes, 'ppt/slideMasters/slideMaster1.xml', (x) => x.replace('</p:spTree>', `${types.map((t, i) => ph(i, '文本', true, t).replace(/ idx="\d+"/, '')).join('')}</p:spTree>`));
}

describe('PPTX: placeholders stand where they inherit their frames from', () => {
  it('机 密 ★ 5 年 placed by the layout (or, through it, the master), listed last to first: block', async () => {
    for (const where of ['layout', 'master'] as const) {
      const r = await scanner.scan(deck([...'机密★5年'], where), { filename: 'deck.pptx' });
      expect(r.verdict, where).toBe('block');
      expect(r.findings.some((f) => f.location.part === 'ppt/slides/slide1.xml' && f.explanation.normalized === '机密★5年'), where).toBe(true);
    }
  });

  it('保 密 宣 传 月 so placed passes with nothing unread', async () => {
    const r = await scanner.scan(deck([...'保密宣传月']), { filename: 'deck.pptx' });
    expect(r.verdict).toBe('pass');
    expect(r.coverage.unread).toEqual([]);
  });
});
