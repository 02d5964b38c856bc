/**
 * A marking line converted to outlines next to real text: 机密★5年 drawn as filled glyph paths
 * (fixtures/outlined-marking.json: Noto Sans CJK outlines, one path per glyph) at the top left of a
 * notice whose other lines are text. The page shows plenty of text, so the rule for pages of paths
 * with next to no text let it pass; OFD pages are not rendered, so the outlined line is unread
 * (review), with its box. Ordinary vector graphics beside text (a ruled table) stay read.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { DEFAULT_LIMITS } from '@prepub/core';
import { extractOfd } from '../src/index.ts';
import { ofd, paragraphLines, type DocSpec, type TextSpec } from './ofd-writer.ts';

const GLYPHS = (JSON.parse(readFileSync(join(import.meta.dirname, 'fixtures/outlined-marking.json'), 'utf8')) as { glyphs: Array<{ boundary: number[]; data: string }> }).glyphs;
const BODY = '为做好港区航道疏浚工程实施期间的运输保障工作，经市局研究，现将有关事项通知如下。各单位要按照工程进度安排，提前制定船舶调度和车辆通行方案。';
const head: TextSpec[] = [
  { x: 27, y: 22, text: '000012' },
  { x: 27, y: 36, text: '特急' },
  { x: 45, y: 50, text: '江临市交通运输局文件', size: 11, color: '230 0 0' },
  { x: 80, y: 70, text: '临交〔2024〕12号' },
  { x: 40, y: 84, text: '关于做好港区航道疏浚工程运输保障工作的通知', size: 5.6 },
];
const notice = (d: Partial<DocSpec> = {}): DocSpec => ({ title: '关于做好港区航道疏浚工程运输保障工作的通知', pages: [{ texts: [...head, ...paragraphLines(BODY, { top: 100, indent: true })] }], ...d });
const edit = (bytes: Uint8Array, name: string, f: (xml: string) => string) => {
  const files = unzipSync(bytes);
  const before = strFromU8(files[name]);
  const after = f(before);
  expect(after, name).not.toBe(before);
  files[name] = strToU8(after);
  return zipSync(files);
};
const read = (bytes: Uint8Array) => extractOfd(bytes, { limits: DEFAULT_LIMITS });
const intoLayer = (xml: string, objects: string) => xml.replace(/<ofd:Layer ID="(\d+)" Type="Body">/, `<ofd:Layer ID="$1" Type="Body">${objects}`);

/** The outlined marking line with its top left at (x, y) mm. */
const outlined = (x: number, y: number) =>
  GLYPHS.map((g, i) => `<ofd:PathObject ID="${900 + i}" Boundary="${x + g.boundary[0]} ${y + g.boundary[1]} ${g.boundary[2]} ${g.boundary[3]}" Fill="true" Stroke="false"><ofd:FillColor Value="0 0 0"/><ofd:AbbreviatedData>${g.data}</ofd:AbbreviatedData></ofd:PathObject>`).join('');

/** A ruled table of 6 rows by 4 columns: filled 0.2 mm rules, framed cells (outer and inner rectangle) and a stroked frame. */
function table(x: number, y: number): string {
  const out: string[] = [];
  let id = 700;
  for (let r = 0; r <= 6; r++) out.push(`<ofd:PathObject ID="${id++}" Boundary="${x} ${y + 8 * r} 150 0.2" Fill="true" Stroke="false"><ofd:FillColor Value="0 0 0"/><ofd:AbbreviatedData>M 0 0 L 150 0 L 150 0.2 L 0 0.2 C</ofd:AbbreviatedData></ofd:PathObject>`);
  for (let c = 0; c < 4; c++) out.push(`<ofd:PathObject ID="${id++}" Boundary="${x + 37.5 * c} ${y} 7 7" Fill="true" Stroke="false"><ofd:FillColor Value="0 0 0"/><ofd:AbbreviatedData>M 0 0 L 7 0 L 7 7 L 0 7 C M 0.3 0.3 L 6.7 0.3 L 6.7 6.7 L 0.3 6.7 C</ofd:AbbreviatedData></ofd:PathObject>`);
  out.push(`<ofd:PathObject ID="${id++}" Boundary="${x} ${y} 150 48" LineWidth="0.35"><ofd:StrokeColor Value="0 0 0"/><ofd:AbbreviatedData>M 0 0 L 150 0 L 150 48 L 0 48 C</ofd:AbbreviatedData></ofd:PathObject>`);
  return out.join('');
}

describe('a line of text converted to outlines on a page of text', () => {
  it('机密★5年 as glyph paths above a notice in text: unread, located where the line is drawn', async () => {
    const r = await read(edit(ofd({ docs: [notice()] }), 'Doc_0/Pages/Page_0/Content.xml', (x) => intoLayer(x, outlined(27, 24))));
    const u = r.unread.find((x) => /glyph-shaped paths/.test(x.detail));
    expect(u, JSON.stringify(r.unread)).toMatchObject({ where: 'page 1', reason: 'unsupported-format', origin: { page: 1 } });
    const box = u!.origin!.box!;
    const pt = 72 / 25.4;
    expect(box.unit).toBe('pt');
    expect(box.x).toBeLessThanOrEqual(27 * pt);
    expect(box.x + box.width).toBeGreaterThanOrEqual((27 + 25) * pt);
    expect(box.y).toBeLessThanOrEqual(25 * pt);
    expect(box.y + box.height).toBeGreaterThanOrEqual(29 * pt);
    expect(box.y + box.height).toBeLessThan(33 * pt);
  });

  it('the same line as hollow letters (the glyph outlines stroked, not filled): unread, located', async () => {
    const hollow = (x: number, y: number) =>
      GLYPHS.map((g, i) => `<ofd:PathObject ID="${900 + i}" Boundary="${x + g.boundary[0]} ${y + g.boundary[1]} ${g.boundary[2]} ${g.boundary[3]}" Fill="false" LineWidth="0.2"><ofd:StrokeColor Value="0 0 0"/><ofd:AbbreviatedData>${g.data}</ofd:AbbreviatedData></ofd:PathObject>`).join('');
    const r = await read(edit(ofd({ docs: [notice()] }), 'Doc_0/Pages/Page_0/Content.xml', (x) => intoLayer(x, hollow(27, 24))));
    const u = r.unread.find((x) => /glyph-shaped paths/.test(x.detail));
    expect(u, JSON.stringify(r.unread)).toMatchObject({ where: 'page 1', reason: 'unsupported-format', origin: { page: 1 } });
    const pt = 72 / 25.4;
    expect(u!.origin!.box!.x).toBeLessThanOrEqual(27 * pt);
    // Stroked in white (a page's erased draft): nothing shows, nothing to read.
    const white = await read(edit(ofd({ docs: [notice()] }), 'Doc_0/Pages/Page_0/Content.xml', (x) => intoLayer(x, hollow(27, 24).replaceAll('<ofd:StrokeColor Value="0 0 0"/>', '<ofd:StrokeColor Value="255 255 255"/>'))));
    expect(white.unread.find((x) => /glyph-shaped paths/.test(x.detail))).toBeUndefined();
  });

  it('the outlined line in a template behind a page of text: unread', async () => {
    const bytes = edit(ofd({ docs: [notice({ templates: [{ id: 2, texts: [] }], pages: [{ texts: [...head, ...paragraphLines(BODY, { top: 100, indent: true })], template: 2 }] })] }), 'Doc_0/Tpls/Tpl_0/Content.xml', (x) => intoLayer(x, outlined(27, 24)));
    const r = await read(bytes);
    expect(r.unread).toEqual([expect.objectContaining({ reason: 'unsupported-format', where: 'template page ID 2', origin: expect.objectContaining({ box: expect.objectContaining({ unit: 'pt' }) }) })]);
  });

  it('benign twin: a ruled table of filled rules, framed cells and a stroked frame beside the text: nothing unread', async () => {
    const r = await read(edit(ofd({ docs: [notice()] }), 'Doc_0/Pages/Page_0/Content.xml', (x) => intoLayer(x, table(27, 150))));
    expect(r.unread).toEqual([]);
  });
});
