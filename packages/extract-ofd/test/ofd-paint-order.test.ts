/**
 * A page is painted with its template pages and annotations, in the order a reader paints them:
 * background templates, then the page's layers by their Type (Background, Body, Foreground), then
 * foreground templates, then annotations. The page's text was weighed against its own content
 * only, in the order written: a white box in a foreground layer written before the body, in a
 * foreground template or in an annotation, painted over 开 in 机开密★5年 (the page shows 机 密★5年),
 * read 机开密★5年: pass; 密 in white on a dark band of a background layer written after the body, or of
 * a background template, shows 机密★5年 and read 机★5年 (密 white on white): pass.
 */
import { describe, expect, it } from 'vitest';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { createScanner } from '@prepub/scanner';
import { ofd, paragraphLines, type TextSpec } from './ofd-writer.ts';

const P0 = 'Doc_0/Pages/Page_0/Content.xml';
const T0 = 'Doc_0/Tpls/Tpl_0/Content.xml';
const A0 = 'Doc_0/Annots/Page_0/Annotation.xml';
const BODY = '为做好港区航道疏浚工程实施期间的运输保障工作，经市局研究，现将有关事项通知如下。各单位要按照工程进度安排，提前制定船舶调度和车辆通行方案。';

/** A box at (x, 29) one glyph wide, filled with `rgb`. */
const box = (x: number, rgb: string, id: number) =>
  `<ofd:PathObject ID="${id}" Boundary="${x} 29 4.2 5.04" Fill="true" Stroke="false"><ofd:FillColor Value="${rgb}"/><ofd:AbbreviatedData>M 0 0 L 4.2 0 L 4.2 5.04 L 0 5.04 C</ofd:AbbreviatedData></ofd:PathObject>`;
const layer = (type: string, inner: string) => `<ofd:Layer ID="90${type.length}" Type="${type}">${inner}</ofd:Layer>`;

/** The notice whose first line is `first` + a piece (`piece`, white when `white`) + `rest`, glyph by glyph from x 27; `edit` changes the package. */
function notice(first: string, piece: string, rest: string, white: boolean, edit: (f: Record<string, Uint8Array>) => void, annotations = false): Uint8Array {
  const line: TextSpec[] = [
    { x: 27, y: 29, text: first },
    { x: 31.2, y: 29, text: piece, ...(white ? { color: '255 255 255' } : {}) },
    { x: 35.4, y: 29, text: rest },
  ];
  const bytes = ofd({
    docs: [
      {
        title: '关于做好港区航道疏浚工程运输保障工作的通知',
        pages: [{ texts: [...line, { x: 40, y: 50, text: '关于做好港区航道疏浚工程运输保障工作的通知', size: 5.6 }, ...paragraphLines(BODY, { top: 70, indent: true })], template: 1 }],
        templates: [{ id: 1, texts: [{ x: 150, y: 280, text: '江临市交通运输局' }] }],
        ...(annotations ? { annotations: [{ page: 1, type: 'Path' as const, boundary: [100, 200, 40, 20] as [number, number, number, number], texts: [] }] } : {}),
      },
    ],
  });
  const files = unzipSync(bytes);
  edit(files);
  return zipSync(files);
}
const sub = (files: Record<string, Uint8Array>, name: string, a: string | RegExp, b: string) => {
  const s = strFromU8(files[name]);
  const t = s.replace(a, b);
  expect(t, `${name}: ${a}`).not.toBe(s);
  files[name] = strToU8(t);
};

/** Each way: [name, white piece?, annotation file?, edit]. */
const WAYS: Array<[string, boolean, boolean, (f: Record<string, Uint8Array>) => void]> = [
  ['a white box in a foreground layer written before the body', false, false, (f) => sub(f, P0, '<ofd:Content>', `<ofd:Content>${layer('Foreground', box(31.2, '255 255 255', 801))}`)],
  ['a white box in a foreground template', false, false, (f) => {
    sub(f, P0, 'ZOrder="Background"', 'ZOrder="Foreground"');
    sub(f, T0, '</ofd:Layer>', `${box(31.2, '255 255 255', 802)}</ofd:Layer>`);
  }],
  ['a white box in an annotation over it', false, true, (f) => sub(f, A0, /<ofd:Appearance Boundary="[^"]*">/, `<ofd:Appearance Boundary="0 0 210 297">${box(31.2, '255 255 255', 803)}`)],
  ['white on a dark band in a background layer written after the body', true, false, (f) => sub(f, P0, '</ofd:Content>', `${layer('Background', box(31.2, '0 0 128', 804))}</ofd:Content>`)],
  ['white on a dark band of the background template', true, false, (f) => sub(f, T0, '</ofd:Layer>', `${box(31.2, '0 0 128', 805)}</ofd:Layer>`)],
];

describe('OFD: the page painted with its layers, templates and annotations in order', () => {
  it('a piece hidden, or a white character shown, by what is painted over or under it: the line reads as shown', async () => {
    const scanner = await createScanner({ ocr: false });
    try {
      for (const [name, white, annots, edit] of WAYS) {
        // Covered: 机 + 开 (covered) + 密★5年; shown: 机 + 密 (white on the band) + ★5年.
        const marked = white ? notice('机', '密', '★5年', true, edit, annots) : notice('机', '开', '密★5年', false, edit, annots);
        const r = await scanner.scan(marked, { filename: '通知.ofd' });
        expect(r.verdict, name).toBe('block');
        expect(r.coverage.unread.map((u) => u.detail), name).toEqual([]);
        const twin = white ? notice('保', '密', '宣传月', true, edit, annots) : notice('保', '开', '密宣传月', false, edit, annots);
        const t = await scanner.scan(twin, { filename: '通知.ofd' });
        expect(t.verdict, name).toBe('pass');
        expect(t.coverage.unread, name).toEqual([]);
      }
    } finally {
      await scanner.close();
    }
  });

  it('a translucent box or one elsewhere in an annotation or foreground template hides nothing', async () => {
    const scanner = await createScanner({ ocr: false });
    try {
      const translucent = notice('机', '开', '密★5年', false, (f) => sub(f, A0, /<ofd:Appearance Boundary="[^"]*">/, `<ofd:Appearance Boundary="0 0 210 297">${box(31.2, '255 255 0', 806).replace('<ofd:FillColor Value="255 255 0"/>', '<ofd:FillColor Value="255 255 0" Alpha="80"/>')}`), true);
      const elsewhere = notice('机', '开', '密★5年', false, (f) => {
        sub(f, P0, 'ZOrder="Background"', 'ZOrder="Foreground"');
        sub(f, T0, '</ofd:Layer>', `${box(120, '255 255 255', 807)}</ofd:Layer>`);
      });
      for (const bytes of [translucent, elsewhere]) {
        const r = await scanner.scan(bytes, { filename: '通知.ofd' });
        // 机开密★5年 is what the page shows: no marking.
        expect(r.findings.filter((f) => f.ruleId.startsWith('marking.cn-state-secret'))).toEqual([]);
      }
    } finally {
      await scanner.close();
    }
  });
});
