/**
 * An OFD routing slip whose chosen 密级 option is circled or boxed: a stroked PathObject (an
 * ellipse as Bézier curves, a rectangle) around 机密, on the page or in a Path annotation's
 * appearance, as a reviewer marks it. The page's text lists the three levels — a blank form — and
 * passed. A row listing the levels with one option enclosed alone is now read as that choice
 * (#circled-choice: 密级：机密, block); a ring taking in half of 机密 and half of 秘密 is unread.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { createScanner, type Scanner } from '@prepub/scanner';
import { ofd, type TextSpec } from './ofd-writer.ts';

const P0 = 'Doc_0/Pages/Page_0/Content.xml';
const A0 = 'Doc_0/Annots/Page_0/Annotation.xml';
/** Each option on the 密级 row (y 60 mm), with its x. */
const OPTIONS: Array<[string, number]> = [['绝密', 40], ['机密', 50], ['秘密', 60]];

/** A stroked path at (x, y), w × h mm: an ellipse of four curves, or a rectangle. */
const ring = (x: number, y: number, w: number, h: number, id: number, kind: 'ellipse' | 'box' = 'ellipse') =>
  `<ofd:PathObject ID="${id}" Boundary="${x} ${y} ${w} ${h}" Stroke="true" Fill="false" LineWidth="0.35"><ofd:StrokeColor Value="255 0 0"/><ofd:AbbreviatedData>${
    kind === 'box' ? `M 0 0 L ${w} 0 L ${w} ${h} L 0 ${h} C` : `M ${w} ${h / 2} B ${w} ${h * 0.78} ${w * 0.78} ${h} ${w / 2} ${h} B ${w * 0.22} ${h} 0 ${h * 0.78} 0 ${h / 2} B 0 ${h * 0.22} ${w * 0.22} 0 ${w / 2} 0 B ${w * 0.78} 0 ${w} ${h * 0.22} ${w} ${h / 2} C`
  }</ofd:AbbreviatedData></ofd:PathObject>`;

/** The slip; `edit` adds the marks. */
function slip(edit: (f: Record<string, Uint8Array>) => void = () => {}, options = OPTIONS, annotations = false): Uint8Array {
  const texts: TextSpec[] = [
    { x: 80, y: 30, text: '文件处理单', size: 6 },
    { x: 27, y: 45, text: '来文单位：江临市发展和改革委员会' },
    { x: 27, y: 60, text: '密级：' },
    ...options.map(([text, x]) => ({ x, y: 60, text })),
    { x: 27, y: 75, text: '事由：关于下达年度投资计划的函' },
    { x: 27, y: 90, text: '办理要求：①当日登记；②按时清退。' },
  ];
  const bytes = ofd({ docs: [{ title: '文件处理单', pages: [{ texts }], ...(annotations ? { annotations: [{ page: 1, type: 'Path' as const, boundary: [0, 0, 210, 297] as [number, number, number, number], texts: [] }] } : {}) }] });
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
const onPage = (...paths: string[]) => (f: Record<string, Uint8Array>) => sub(f, P0, '</ofd:Layer>', `${paths.join('')}</ofd:Layer>`);

let scanner: Scanner;
beforeAll(async () => {
  scanner = await createScanner({ ocr: false });
});
afterAll(() => scanner?.close());

describe('OFD: an option circled or boxed', () => {
  it.each([
    ['a ring around 机密', slip(onPage(ring(48.5, 58.5, 11.4, 7.2, 901)))],
    ['a box around 机密', slip(onPage(ring(49, 59, 10.4, 6, 902, 'box')))],
    ['a ring around 机密 in a Path annotation', slip((f) => sub(f, A0, /<ofd:Appearance Boundary="[^"]*">/, `<ofd:Appearance Boundary="0 0 210 297">${ring(48.5, 58.5, 11.4, 7.2, 903)}`), OPTIONS, true)],
  ])('%s blocks, found in the reading of the choice', async (_, bytes) => {
    const r = await scanner.scan(bytes, { filename: 'slip.ofd' });
    expect(r.verdict).toBe('block');
    expect(r.findings.some((f) => f.severity === 'block' && /#circled-choice$/.test(f.location.part ?? ''))).toBe(true);
  });

  // A highlight or shading: a filled band behind the option, drawn before the text.
  const band = (x: number, y: number, w: number, h: number, id: number, rgb = '255 255 0') =>
    `<ofd:PathObject ID="${id}" Boundary="${x} ${y} ${w} ${h}" Fill="true" Stroke="false"><ofd:FillColor Value="${rgb}"/><ofd:AbbreviatedData>M 0 0 L ${w} 0 L ${w} ${h} L 0 ${h} C</ofd:AbbreviatedData></ofd:PathObject>`;
  const under = (...paths: string[]) => (f: Record<string, Uint8Array>) => sub(f, P0, /(<ofd:Layer[^>]*>)/, `$1${paths.join('')}`);
  it('a band behind 机密 alone blocks; behind the label, the whole row or 公开: pass', async () => {
    const r = await scanner.scan(slip(under(band(49.5, 59.3, 9.4, 5.4, 921))), { filename: 'slip.ofd' });
    expect(r.verdict).toBe('block');
    for (const [name, bytes] of [
      ['the label shaded', slip(under(band(26.5, 59.3, 13, 5.4, 922, '217 217 217')))],
      ['the whole row shaded', slip(under(band(25, 58.5, 47, 7, 923, '217 217 217')))],
      ['公开 highlighted', slip(under(band(69.5, 59.3, 9.4, 5.4, 924)), [...OPTIONS, ['公开', 70]])],
    ] as Array<[string, Uint8Array]>) {
      expect((await scanner.scan(bytes, { filename: 'slip.ofd' })).verdict, name).toBe('pass');
    }
  });

  it('a ring across half of 机密 and half of 秘密 is unread (review)', async () => {
    const r = await scanner.scan(slip(onPage(ring(54.5, 58.5, 9, 7.2, 904))), { filename: 'slip.ofd' });
    expect(r.verdict).toBe('review');
    expect(r.coverage.unread.some((u) => /encloses no option cleanly/.test(u.detail))).toBe(true);
  });

  it.each([
    ['nothing marked', slip()],
    ['公开 circled', slip(onPage(ring(68.5, 58.5, 11.4, 7.2, 905)), [...OPTIONS, ['公开', 70]])],
    ['every option boxed', slip(onPage(ring(39, 59, 10.4, 6, 906, 'box'), ring(49, 59, 10.4, 6, 907, 'box'), ring(59, 59, 10.4, 6, 908, 'box')))],
    ['a box around the whole row', slip(onPage(ring(25, 58, 47, 8, 909, 'box')))],
    ['a box around a line of prose', slip(onPage(ring(25, 73, 70, 8, 910, 'box')))],
    ['a ring around ① in the text', slip(onPage(ring(47, 89, 6, 6, 911)))],
  ])('%s: pass', async (_, bytes) => {
    const r = await scanner.scan(bytes, { filename: 'slip.ofd' });
    expect(r.verdict).toBe('pass');
  });
});
