/**
 * The OFD reader on packages written by ofd-writer.ts: parts, roles, offsets and boxes; text in
 * templates, annotations, stamps, attachments and a second document; fail-closed cases.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { strToU8, unzipSync, zipSync } from 'fflate';
import { crc32 } from 'node:zlib';
import { DEFAULT_LIMITS, type Extraction, type TextPart } from '@prepub/core';
import { readDirectory } from '@prepub/extract-docx/zip';
import { extractOfd } from '../src/index.ts';
import { MAX_CODE_GLYPHS, PaintedArea } from '../src/content.ts';
import { ofdFormat } from '../src/format.ts';
import { deltas, separation } from '../src/layout.ts';
import { pixelSize, sealPictures } from '../src/seal.ts';
import { ofd, sealDer, type DocSpec, type OfdSpec } from './ofd-writer.ts';

const PT = 72 / 25.4;
const read = (spec: OfdSpec, limits = DEFAULT_LIMITS) => extractOfd(ofd(spec), { limits });
const one = (d: Partial<DocSpec>): OfdSpec => ({ docs: [{ pages: [{ texts: [] }], ...d }] });
const part = (r: Extraction, role: string, page?: number): TextPart => {
  const p = r.parts.find((x) => x.role === role && (page === undefined || x.origin.page === page));
  if (!p) throw new Error(`no ${role} part; got ${r.parts.map((x) => `${x.role}:${x.id}`).join(', ')}`);
  return p;
};
const lines = (p: TextPart) => p.text.split('\n');
/** The first page's Content.xml of a written package. */
const strFromPage = (bytes: Uint8Array): string => new TextDecoder().decode(unzipSync(bytes)['Doc_0/Pages/Page_0/Content.xml']);
/** The block holding `needle`, and the needle's offsets. */
const blockOf = (p: TextPart, needle: string) => {
  const start = p.text.indexOf(needle);
  expect(start, `${needle} in ${JSON.stringify(p.text)}`).toBeGreaterThanOrEqual(0);
  return p.blocks!.find((b) => b.start <= start && start + needle.length <= b.end)!;
};
const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 1, 0, 0, 0, 1, 8, 0, 0, 0, 0, 0x3a, 0x7e, 0x9b, 0x55]);

/** A ZIP of stored entries whose names are the given bytes, without the UTF-8 flag. */
function storedZip(entries: Array<[Uint8Array, Uint8Array]>): Uint8Array {
  const out: number[] = [];
  const central: number[] = [];
  const u16 = (a: number[], v: number) => a.push(v & 0xff, (v >>> 8) & 0xff);
  const u32 = (a: number[], v: number) => a.push(v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, (v >>> 24) & 0xff);
  for (const [name, data] of entries) {
    const offset = out.length;
    const crc = crc32(data);
    u32(out, 0x04034b50), u16(out, 20), u16(out, 0), u16(out, 0), u16(out, 0), u16(out, 0), u32(out, crc), u32(out, data.length), u32(out, data.length), u16(out, name.length), u16(out, 0);
    out.push(...name, ...data);
    u32(central, 0x02014b50), u16(central, 20), u16(central, 20), u16(central, 0), u16(central, 0), u16(central, 0), u16(central, 0), u32(central, crc), u32(central, data.length), u32(central, data.length);
    u16(central, name.length), u16(central, 0), u16(central, 0), u16(central, 0), u16(central, 0), u32(central, 0), u32(central, offset);
    central.push(...name);
  }
  const cd = out.length;
  out.push(...central);
  u32(out, 0x06054b50), u16(out, 0), u16(out, 0), u16(out, entries.length), u16(out, entries.length), u32(out, central.length), u32(out, cd), u16(out, 0);
  return new Uint8Array(out);
}

const head = [
  { x: 27, y: 22, text: '000012' },
  { x: 27, y: 29, text: '机密★5年' },
  { x: 27, y: 36, text: '特急' },
  { x: 40, y: 84, text: '关于做好港区航道疏浚工程运输保障工作的通知', size: 5.6 },
];

describe('pages', () => {
  it('one line per baseline, in the order written, each line a block with its page, box (pt from the top left) and place', async () => {
    const r = await read(one({ title: '关于做好运输保障工作的通知', pages: [{ texts: head }] }));
    const body = part(r, 'body', 1);
    expect(lines(body)).toEqual(['000012', '机密★5年', '特急', '关于做好港区航道疏浚工程运输保障工作的通知']);
    expect(body.leading).toBe(true);
    expect(body.origin).toMatchObject({ filePart: 'Doc_0/Pages/Page_0/Content.xml', page: 1 });
    const b = blockOf(body, '机密★5年');
    expect(body.text.slice(b.start, b.end)).toBe('机密★5年');
    expect(b).toMatchObject({ kind: 'line', page: 1 });
    // Boundary at (27, 29) mm; the baseline at 0.9 × 4.2 below it; glyph tops 0.85 × size above the baseline.
    expect(b.box!.unit).toBe('pt');
    expect(b.box!.x).toBeCloseTo(27 * PT, 1);
    expect(b.box!.y).toBeCloseTo((29 + 0.9 * 4.2 - 0.85 * 4.2) * PT, 1);
    // Three square glyphs and two half-width ones (★ and 5).
    expect(b.box!.width).toBeCloseTo((3 * 4.2 + 2 * 2.1) * PT, 1);
    expect(b.pageTop).toBeCloseTo(29.2 / 297, 2);
    expect(part(r, 'properties').text).toBe('关于做好运输保障工作的通知');
  });

  it('a marking whose every glyph is its own TextCode reads as one word', async () => {
    const r = await read(one({ pages: [{ texts: head.map((t) => ({ ...t, perGlyph: true })) }] }));
    expect(lines(part(r, 'body'))).toContain('机密★5年');
  });

  it('a marking whose every glyph is its own TextObject, scaled by a CTM as converters write it, reads as one word', async () => {
    // Size in points, CTM scaling points to millimetres (0.3528): glyphs 14 pt ≈ 4.94 mm apart.
    const chars = [...'机密★5年'];
    let x = 27;
    const texts = chars.map((c) => {
      const t = { x: +x.toFixed(3), y: 29, text: c, size: 14, ctm: '0.3528 0 0 0.3528 0 0' };
      x += ((c.codePointAt(0)! >= 0x2e80 ? 14 : 7) * 0.3528);
      return t;
    });
    const r = await read(one({ pages: [{ texts: [...texts, { x: 27, y: 40, text: '特急', size: 14, ctm: '0.3528 0 0 0.3528 0 0' }] }] }));
    expect(lines(part(r, 'body'))).toEqual(['机密★5年', '特急']);
  });

  it('text objects side by side on one baseline are one line; a gap is a space', async () => {
    const r = await read(one({ pages: [{ texts: [{ x: 27, y: 29, text: '机密' }, { x: 27 + 2 * 4.2, y: 29, text: '★5年' }, { x: 100, y: 29, text: '特急' }] }] }));
    expect(lines(part(r, 'body'))).toEqual(['机密★5年 特急']);
  });

  it('rotated text (a diagonal watermark) stays one line; separate rotated objects are separate lines', async () => {
    const c = Math.SQRT1_2;
    const r = await read(one({ pages: [{ texts: [{ x: 40, y: 100, text: '内部资料注意保存', ctm: `${c} ${-c} ${c} ${c} 0 0` }, { x: 40, y: 160, text: '内部资料注意保存', ctm: `${c} ${-c} ${c} ${c} 0 0` }] }] }));
    expect(lines(part(r, 'body'))).toEqual(['内部资料注意保存', '内部资料注意保存']);
  });

  it('one TextCode that packs several lines (negative DeltaX, DeltaY jumps) gives several lines; a vertical TextCode one', async () => {
    const page = `<?xml version="1.0"?><ofd:Page xmlns:ofd="http://www.ofdspec.org/2016"><ofd:Content><ofd:Layer ID="2">
      <ofd:TextObject ID="3" Boundary="20 20 100 30" Font="3" Size="4"><ofd:TextCode X="0" Y="4" DeltaX="g 3 4 -12 g 3 4" DeltaY="g 3 0 6 g 3 0">第一行字第二行字</ofd:TextCode></ofd:TextObject>
      <ofd:TextObject ID="4" Boundary="150 20 10 60" Font="3" Size="4"><ofd:TextCode X="0" Y="4" DeltaY="g 4 4">竖排文字秘</ofd:TextCode></ofd:TextObject>
    </ofd:Layer></ofd:Content></ofd:Page>`;
    const r = await read({ ...one({}), override: { 'Doc_0/Pages/Page_0/Content.xml': page } });
    expect(lines(part(r, 'body'))).toEqual(['第一行字', '第二行字', '竖排文字秘']);
  });

  it('text nobody sees — white where nothing is painted below, a transparent fill, smaller than 1 pt — is hidden: inside a marking it leaves the marking whole', async () => {
    const around = [{ x: 20, y: 20, text: '机' }, { x: 28.4, y: 20, text: '密★5年' }];
    for (const piece of [{ color: '255 255 255' }, { size: 0.3 }]) {
      const r = await read(one({ pages: [{ texts: [around[0], { x: 24.2, y: 20, text: '开', ...piece }, around[1]] }] }));
      // The gap the unseen glyph leaves is laid out as a space, which the normalizer drops between ideographs.
      expect(part(r, 'body').text.replace(/\s/g, ''), JSON.stringify(piece)).toBe('机密★5年');
      expect(part(r, 'hidden').text, JSON.stringify(piece)).toBe('开');
    }
    // The same white piece over a dark filled box is seen.
    const spec = one({ pages: [{ texts: [around[0], { x: 24.2, y: 20, text: '开', color: '255 255 255' }, around[1]] }] });
    const page = strFromPage(ofd(spec)).replace('<ofd:Layer', '<ofd:Layer><ofd:PathObject ID="90" Boundary="22 15 8 8" Fill="true"><ofd:FillColor Value="31 56 100"/><ofd:AbbreviatedData>M 0 0 L 8 0 L 8 8 L 0 8 C</ofd:AbbreviatedData></ofd:PathObject></ofd:Layer><ofd:Layer');
    const seen = await read({ ...spec, override: { 'Doc_0/Pages/Page_0/Content.xml': page } });
    expect(part(seen, 'body').text).toBe('机开密★5年');
  });

  it('text drawn invisibly or outside the page is hidden, not dropped', async () => {
    const r = await read(one({ pages: [{ texts: [{ x: 27, y: 40, text: '公开通知' }, { x: 27, y: 29, text: '秘密★3年', visible: false }, { x: 300, y: 50, text: '绝密★长期' }] }] }));
    expect(part(r, 'body').text).toBe('公开通知');
    expect(lines(part(r, 'hidden'))).toEqual(['秘密★3年', '绝密★长期']);
    expect(part(r, 'hidden').origin.page).toBe(1);
  });

  it('composite objects draw their unit\'s text; page blocks nest', async () => {
    const res = `<?xml version="1.0"?><ofd:Res xmlns:ofd="http://www.ofdspec.org/2016" BaseLoc="Res"><ofd:CompositeGraphicUnits><ofd:CompositeGraphicUnit ID="50" Width="40" Height="10"><ofd:Content><ofd:TextObject ID="51" Boundary="0 0 40 10" Font="3" Size="4"><ofd:TextCode X="0" Y="4" DeltaX="g 5 4">机密★5年</ofd:TextCode></ofd:TextObject></ofd:Content></ofd:CompositeGraphicUnit></ofd:CompositeGraphicUnits></ofd:Res>`;
    const page = `<?xml version="1.0"?><ofd:Page xmlns:ofd="http://www.ofdspec.org/2016"><ofd:Content><ofd:Layer ID="2"><ofd:PageBlock ID="5"><ofd:PageBlock ID="6"><ofd:CompositeObject ID="7" Boundary="30 20 40 10" ResourceID="50"/></ofd:PageBlock></ofd:PageBlock></ofd:Layer></ofd:Content></ofd:Page>`;
    const spec = one({ media: [{ id: 90, file: 'x.png', format: 'PNG', bytes: PNG }] });
    const r = await read({ ...spec, override: { 'Doc_0/DocumentRes.xml': res, 'Doc_0/Pages/Page_0/Content.xml': page } });
    const body = part(r, 'body');
    expect(body.text).toBe('机密★5年');
    expect(blockOf(body, '机密').box!.x).toBeCloseTo(30 * PT, 1);
    expect(r.parts.some((p) => p.role === 'hidden')).toBe(false);
    // A unit no object draws is in the file all the same: hidden text.
    const unused = await read({ ...spec, override: { 'Doc_0/DocumentRes.xml': res } });
    expect(part(unused, 'hidden')).toMatchObject({ text: '机密★5年', origin: { detail: 'composite graphic unit 50, drawn on no page' } });
  });

  it('XML without the ofd: prefix reads the same', async () => {
    const files = unzipSync(ofd(one({ pages: [{ texts: head }] })));
    const plain: Record<string, Uint8Array> = {};
    for (const [k, v] of Object.entries(files)) plain[k] = strToU8(new TextDecoder().decode(v).replace(/<(\/?)ofd:/g, '<$1').replace(/xmlns:ofd=/g, 'xmlns='));
    const r = await extractOfd(zipSync(plain), { limits: DEFAULT_LIMITS });
    expect(lines(part(r, 'body'))).toContain('机密★5年');
  });

  it('a picture on a page goes to OCR with its page and box', async () => {
    const r = await read(one({ media: [{ id: 90, file: 'scan.png', format: 'PNG', bytes: PNG }], pages: [{ texts: [], images: [{ x: 10, y: 20, w: 100, h: 50, resource: 90 }] }] }));
    expect(r.images).toHaveLength(1);
    expect(r.images![0]).toMatchObject({ id: 'Doc_0/Res/scan.png', mediaType: 'image/png', origin: { page: 1 } });
    expect(r.images![0].origin.box!.x).toBeCloseTo(10 * PT, 1);
    expect(r.images![0].origin.box!.height).toBeCloseTo(50 * PT, 1);
    // A 1×1 picture stretched to 100×50 mm: no uniform scale, pixel boxes stay pixels.
    expect(r.images![0].pointsPerPixel).toBeUndefined();
    const square = await read(one({ media: [{ id: 90, file: 'scan.png', format: 'PNG', bytes: PNG }], pages: [{ texts: [], images: [{ x: 10, y: 20, w: 50, h: 50, resource: 90 }] }] }));
    // Drawn upright at a uniform scale: OCR's boxes land on the page in points.
    expect(square.images![0].pointsPerPixel).toBeCloseTo(50 * PT, 1);
    expect(square.images![0].pointsOffset!.x).toBeCloseTo(10 * PT, 1);
    expect(square.images![0].pointsOffset!.y).toBeCloseTo(20 * PT, 1);
  });

  it('pixel sizes of PNG, GIF, BMP and JPEG headers', () => {
    expect(pixelSize(PNG)).toEqual({ width: 1, height: 1 });
    expect(pixelSize(new Uint8Array([0x47, 0x49, 0x46, 0x38, 0x39, 0x61, 0x20, 0x03, 0x58, 0x02]))).toEqual({ width: 800, height: 600 });
    const bmp = new Uint8Array(26);
    bmp.set([0x42, 0x4d]);
    bmp.set([0x10, 0, 0, 0, 0xf8, 0xff, 0xff, 0xff], 18);
    expect(pixelSize(bmp)).toEqual({ width: 16, height: 8 });
    const jpeg = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 4, 0, 0, 0xff, 0xc0, 0, 11, 8, 0x01, 0x2c, 0x02, 0x58, 1, 0, 0, 0]);
    expect(pixelSize(jpeg)).toEqual({ width: 600, height: 300 });
    expect(pixelSize(new Uint8Array([1, 2, 3]))).toBeUndefined();
  });
});

describe('beyond the page', () => {
  it('template pages: their text once, role master, naming the first page that uses them and listing all', async () => {
    const r = await read(one({ templates: [{ id: 2, texts: [{ x: 27, y: 12, text: '秘密★3年' }] }, { id: 4, texts: [{ x: 27, y: 12, text: '未使用模板' }] }], pages: [{ texts: [], template: 2 }, { texts: [{ x: 27, y: 40, text: '正文' }], template: 2 }] }));
    const master = part(r, 'master');
    expect(master.text).toBe('秘密★3年');
    expect(master.origin).toMatchObject({ page: 1, filePart: 'Doc_0/Tpls/Tpl_0/Content.xml' });
    expect(master.origin.detail).toContain('pages 1, 2');
    expect(blockOf(master, '秘密').pageTop).toBeLessThan(0.1);
    // A template no page uses is not shown: hidden.
    expect(r.parts.find((p) => p.text === '未使用模板')?.role).toBe('hidden');
  });

  it('annotations: appearance text placed inside the appearance box, the remark, per page', async () => {
    const r = await read(one({ pages: [{ texts: [] }, { texts: [] }], annotations: [{ page: 2, type: 'Stamp', boundary: [25, 12, 40, 9], texts: [{ x: 2, y: 1, text: '机密★10年' }], remark: '请按机密件管理' }] }));
    const a = part(r, 'annotation');
    expect(a.origin).toMatchObject({ page: 2, filePart: 'Doc_0/Annots/Page_1/Annotation.xml' });
    expect(lines(a)).toEqual(['机密★10年', '请按机密件管理']);
    expect(blockOf(a, '机密★10年').box!.x).toBeCloseTo(27 * PT, 1);
  });

  it('attachments are handed to the scan as files; their names are a part', async () => {
    const r = await read(one({ attachments: [{ name: '测算说明', format: 'txt', file: 'a.txt', bytes: strToU8('机密★5年\n测算说明') }] }));
    expect(r.embedded).toHaveLength(1);
    expect(r.embedded![0]).toMatchObject({ name: 'a.txt', origin: { filePart: 'Doc_0/Attachs/a.txt' } });
    expect(new TextDecoder().decode(r.embedded![0].bytes)).toContain('机密★5年');
    expect(part(r, 'attachment-name').text).toBe('测算说明.txt');
  });

  it('a stamp\'s seal picture (inside the signed value) goes to OCR on the stamp\'s page and box', async () => {
    const r = await read(one({ pages: [{ texts: [] }, { texts: [] }], stamps: [{ page: 2, boundary: [120, 200, 40, 40], picture: PNG, pictureType: 'png' }] }));
    const img = r.images!.find((i) => i.id.includes('SignedValue.dat'))!;
    expect(img.bytes).toEqual(PNG);
    expect(img.origin).toMatchObject({ page: 2 });
    expect(img.origin.box!.x).toBeCloseTo(120 * PT, 1);
    expect(r.unread).toEqual([]);
    expect(sealPictures(sealDer(PNG, 'png'))).toHaveLength(1);
  });

  it('a stamp whose seal holds no picture is unread', async () => {
    const r = await read({ ...one({ pages: [{ texts: [] }], stamps: [{ page: 1, boundary: [1, 1, 10, 10], picture: PNG, pictureType: 'png' }] }), override: { 'Doc_0/Signs/Sign_0/SignedValue.dat': new Uint8Array([0x30, 0x03, 0x02, 0x01, 0x05]) } });
    expect(r.unread.map((u) => u.reason)).toContain('embedded-object');
  });

  it('metadata and custom data keep their names; a second document is read with its own pages', async () => {
    const r = await read({ docs: [{ title: '公开公告', keywords: ['港区', '航道'], custom: { 密级: '机密' }, pages: [{ texts: [{ x: 27, y: 29, text: '公告正文' }] }] }, { title: '测算说明', pages: [{ texts: [{ x: 27, y: 29, text: '秘密★6个月' }] }] }] });
    expect(r.parts.filter((p) => p.role === 'properties').map((p) => p.text)).toEqual(['公开公告', 'prepub samples', '港区\n航道', '密级：机密', '测算说明', 'prepub samples']);
    const second = r.parts.find((p) => p.role === 'body' && p.origin.filePart === 'Doc_1/Pages/Page_0/Content.xml')!;
    expect(second).toMatchObject({ text: '秘密★6个月', leading: true, origin: { page: 1, detail: 'document 2, page 1' } });
  });

  it('files of an earlier version are read as hidden, saying which version', async () => {
    const files = unzipSync(ofd(one({ pages: [{ texts: [{ x: 27, y: 29, text: '公告正文' }] }] })));
    files['OFD.xml'] = strToU8(new TextDecoder().decode(files['OFD.xml']).replace('</ofd:DocBody>', '<ofd:Versions><ofd:Version ID="1" Index="1" Current="false" BaseLoc="Doc_0/Versions/Version_1.xml"/></ofd:Versions></ofd:DocBody>'));
    files['Doc_0/Versions/Version_1.xml'] = strToU8('<ofd:DocVersion xmlns:ofd="http://www.ofdspec.org/2016" ID="1"><ofd:FileList><ofd:File ID="2">V1/Content.xml</ofd:File></ofd:FileList><ofd:DocRoot>../Document.xml</ofd:DocRoot></ofd:DocVersion>');
    files['Doc_0/Versions/V1/Content.xml'] = strToU8('<ofd:Page xmlns:ofd="http://www.ofdspec.org/2016"><ofd:Content><ofd:Layer><ofd:TextObject Boundary="27 29 50 5" Size="4"><ofd:TextCode X="0" Y="4">秘密★1年</ofd:TextCode></ofd:TextObject></ofd:Layer></ofd:Content></ofd:Page>');
    const r = await extractOfd(zipSync(files), { limits: DEFAULT_LIMITS });
    const old = r.parts.find((p) => p.text.includes('秘密★1年'))!;
    expect(old).toMatchObject({ role: 'hidden', origin: { filePart: 'Doc_0/Versions/V1/Content.xml', detail: 'file of document version 1 (not the version shown)' } });
    expect(r.unread).toEqual([]);
  });

  it('entries nothing refers to are read as hidden', async () => {
    const r = await read({ ...one({}), override: { 'Doc_0/Old/Content.xml': '<Page><Content><TextObject><TextCode>旧版机密★5年</TextCode></TextObject></Content></Page>' } });
    const h = part(r, 'hidden');
    expect(h.text).toContain('旧版机密★5年');
    expect(h.origin.detail).toContain('not referenced');
  });
});

describe('fail closed', () => {
  const reasons = (r: Extraction) => r.unread.map((u) => u.reason);

  it('a text code longer than the per-code limit: what is past the limit is unread (limit), not dropped', async () => {
    // One glyph more than the limit, the marking at the end: the reader places the first million and says what it left.
    const text = `${'统'.repeat(MAX_CODE_GLYPHS - 4)}机密★5年`;
    // The repeated character compresses past the zip-bomb ratio, which is not what is tested here.
    const r = await read(one({ pages: [{ texts: [{ x: 20, y: 20, text }] }] }), { ...DEFAULT_LIMITS, maxCompressionRatio: 100_000 });
    expect(r.unread).toEqual([expect.objectContaining({ where: 'page 1', reason: 'limit', detail: expect.stringMatching(/^1 characters of text codes on page 1 beyond the limit/) })]);
  }, 120_000);

  it('locations and numbers that hold more than a location or numbers are read as hidden text, a folder a line', async () => {
    const spec = one({ pages: [{ texts: [{ x: 20, y: 20, text: '关于港区航道疏浚工程的通知' }] }] });
    const files = unzipSync(ofd(spec));
    const edit = (name: string, from: string, to: string) => {
      const xml = new TextDecoder().decode(files[name]);
      expect(xml).toContain(from);
      files[name] = strToU8(xml.replace(from, to));
    };
    edit('OFD.xml', '<ofd:DocRoot>Doc_0/Document.xml', '<ofd:DocRoot>Doc_0/机密★5年/../Document.xml');
    edit('Doc_0/PublicRes.xml', '<ofd:Font ID="3" FontName="宋体" FamilyName="宋体"/>', '<ofd:Font ID="3" FontName="宋体" FamilyName="宋体"><ofd:FontFile>秘密★3年</ofd:FontFile></ofd:Font>');
    edit('Doc_0/Document.xml', '<ofd:PhysicalBox>0 0 210 297', '<ofd:PhysicalBox>0 0 210 297 绝密★长期');
    const r = await extractOfd(zipSync(files), { limits: DEFAULT_LIMITS });
    // The document is still found through the location, and read.
    expect(part(r, 'body').text).toBe('关于港区航道疏浚工程的通知');
    const hidden = r.parts.filter((p) => p.id.endsWith('#unknown-elements')).flatMap((p) => p.text.split('\n'));
    expect(hidden).toEqual(expect.arrayContaining(['机密★5年', '秘密★3年', '0 0 210 297 绝密★长期']));
    // Plain locations are what they say: nothing of an untouched package is left over.
    const plain = await read(spec);
    expect(plain.parts.filter((p) => p.id.endsWith('#unknown-elements'))).toEqual([]);
  });

  it('a page named but missing, and a missing resource list, are unread (corrupt)', async () => {
    const r = await read({ ...one({ pages: [{ texts: [] }, { texts: [] }] }), override: { 'Doc_0/Pages/Page_1/Content.xml': undefined, 'Doc_0/PublicRes.xml': undefined } });
    expect(r.unread.map((u) => u.where).sort()).toEqual(['Doc_0/Pages/Page_1/Content.xml', 'Doc_0/PublicRes.xml']);
    expect(reasons(r)).toEqual(['corrupt', 'corrupt']);
  });

  it('damaged XML is unread with what was parsed still read', async () => {
    const r = await read({ ...one({}), override: { 'Doc_0/Pages/Page_0/Content.xml': '<ofd:Page xmlns:ofd="x"><ofd:Content><ofd:Layer><ofd:TextObject Boundary="20 20 50 5" Size="4"><ofd:TextCode X="0" Y="4">机密★5年' } });
    expect(reasons(r)).toEqual(['corrupt']);
    expect(r.unread[0].detail).toMatch(/not closed/);
    expect(part(r, 'body').text).toBe('机密★5年');
  });

  it('a tag damaged inside a template (the parser reads it as text and skips its closing tag) is unread, its text read as hidden', async () => {
    // What the fuzz harness found: `<ofd:TextCode` lost a letter, the tree looked whole, the marking was drawn by no one.
    const bytes = ofd(one({ pages: [{ texts: [{ x: 20, y: 40, text: '关于港区航道疏浚工程的通知' }], template: 9 }], templates: [{ id: 9, texts: [{ x: 27, y: 12, text: '秘密★3年' }] }] }));
    const files = unzipSync(bytes);
    const tpl = Object.keys(files).find((k) => /Tpl/i.test(k) && k.endsWith('Content.xml'))!;
    const xml = new TextDecoder().decode(files[tpl]);
    expect(xml).toContain('<ofd:TextCode');
    files[tpl] = strToU8(xml.replace('<ofd:TextCode', '< fd:TextCode'));
    const r = await extractOfd(zipSync(files), { limits: DEFAULT_LIMITS });
    expect(r.unread).toEqual([expect.objectContaining({ where: tpl, reason: 'corrupt' })]);
    const hidden = r.parts.find((p) => p.id === `${tpl}#damaged`)!;
    expect(hidden.role).toBe('hidden');
    // The damaged tag stands apart from the text after it: the marking is a line of its own, as drawn.
    expect(hidden.text.split('\n')).toContain('秘密★3年');
  });

  it('an element renamed to a well-formed name the reader does not know keeps its text and attributes read (hidden)', async () => {
    const spec = one({ pages: [{ texts: [{ x: 27, y: 29, text: '机密★5年' }, { x: 27, y: 40, text: '正文' }] }], title: '通知' });
    const files = unzipSync(ofd(spec));
    const page = 'Doc_0/Pages/Page_0/Content.xml';
    const xml = new TextDecoder().decode(files[page]);
    // The first text object renamed: an element holding text codes is drawn as the text object it stands for.
    files[page] = strToU8(xml.replace('<ofd:TextObject', '<ofd:TextObjecx').replace('</ofd:TextObject>', '</ofd:TextObjecx>'));
    const r = await extractOfd(zipSync(files), { limits: DEFAULT_LIMITS });
    expect(part(r, 'body').text).toBe('机密★5年\n正文');
    // A renamed text code is placed where it stands, so a marking drawn glyph by glyph stays whole.
    const glyphs = unzipSync(ofd(one({ pages: [{ texts: [{ x: 27, y: 29, text: '机密★5年', perGlyph: true }] }] })));
    const perGlyph = new TextDecoder().decode(glyphs[page]);
    glyphs[page] = strToU8(perGlyph.replace(/<ofd:TextCode([^>]*)>机<\/ofd:TextCode>/, '<ofd:TextCodq$1>机</ofd:TextCodq>'));
    expect(glyphs[page]).not.toEqual(strToU8(perGlyph));
    expect(part(await extractOfd(zipSync(glyphs), { limits: DEFAULT_LIMITS }), 'body').text).toBe('机密★5年');
    // Ordinary packages leave nothing unconsumed.
    expect((await read(spec)).parts.filter((p) => p.id.endsWith('#unknown-elements'))).toEqual([]);
    // A renamed metadata field: its text is consumed by no reader.
    const meta = unzipSync(ofd(spec));
    meta['OFD.xml'] = strToU8(new TextDecoder().decode(meta['OFD.xml']).replace(/<(\/?)ofd:Title>/g, '<$1ofd:Titlx>').replace('>通知<', '>机密★5年<'));
    const m = await extractOfd(zipSync(meta), { limits: DEFAULT_LIMITS });
    expect(m.parts.find((p) => p.id === 'OFD.xml#unknown-elements')?.text).toBe('机密★5年');
  });

  it('OFD.xml that is not XML, or names no document, is unread', async () => {
    const a = await read({ ...one({}), override: { 'OFD.xml': 'garbage' } });
    expect(reasons(a)).toContain('corrupt');
    const b = await read({ ...one({}), override: { 'OFD.xml': '<ofd:OFD xmlns:ofd="http://www.ofdspec.org/2016"/>' } });
    expect(reasons(b)).toContain('corrupt');
  });

  it('a package whose OFD.xml was lost is still read from its document roots, and the loss is unread (corrupt)', async () => {
    const spec = one({ pages: [{ texts: [{ x: 20, y: 30, text: '机密★5年', perGlyph: true }, { x: 20, y: 45, text: '关于做好港区规划调整工作的通知' }] }] });
    const bytes = ofd({ ...spec, override: { 'OFD.xml': undefined } });
    expect(Object.keys(unzipSync(bytes))).not.toContain('OFD.xml');
    // Sniffed as OFD by its document root and pages, not as a plain archive of XML files.
    expect(ofdFormat.sniff?.zip?.({ hasName: (n) => Object.keys(unzipSync(bytes)).some((k) => k.includes(n)), head: () => false })).toBe(true);
    const r = await extractOfd(bytes, { limits: DEFAULT_LIMITS });
    expect(r.format).toBe('ofd');
    expect(part(r, 'body').text.split('\n')[0]).toBe('机密★5年');
    expect(r.unread.find((u) => u.where === 'OFD.xml')).toMatchObject({ reason: 'corrupt' });
    expect(r.unread.find((u) => u.where === 'OFD.xml')?.detail).toMatch(/Doc_0\/Document\.xml/);
  });

  it('an encrypted package (Encryptions.xml, or Encryptions in OFD.xml) is unread: encrypted', async () => {
    expect(reasons(await read({ ...one({}), encrypted: true }))).toContain('encrypted');
    const files = unzipSync(ofd(one({})));
    files['OFD.xml'] = strToU8(new TextDecoder().decode(files['OFD.xml']).replace('</ofd:DocBody>', '<ofd:Encryptions>Enc/Encryptions.xml</ofd:Encryptions></ofd:DocBody>'));
    expect(reasons(await extractOfd(zipSync(files), { limits: DEFAULT_LIMITS }))).toContain('encrypted');
  });

  it('glyph ids without text are a text loss, counted; private-use text is one too, a symbol-font bullet is not', async () => {
    const r = await read(one({ pages: [{ texts: [{ x: 27, y: 29, text: '机密★5年', glyphsOnly: true }, { x: 27, y: 40, text: '正文' }] }] }));
    expect(r.loss).toEqual([expect.objectContaining({ kind: 'unmapped-glyphs', count: 5, total: 7, where: 'page 1' })]);
    const glyphs = (text: string) => `<ofd:TextObject ID="9" Boundary="20 20 50 5" Font="3" Size="4"><ofd:CGTransform CodePosition="0" CodeCount="${text.length}" GlyphCount="${text.length}"><ofd:Glyphs>${[...text].map((_, i) => 5 + i).join(' ')}</ofd:Glyphs></ofd:CGTransform><ofd:TextCode X="0" Y="4">${text}</ofd:TextCode></ofd:TextObject>`;
    const page = (obj: string) => `<ofd:Page xmlns:ofd="http://www.ofdspec.org/2016"><ofd:Content><ofd:Layer>${obj}</ofd:Layer></ofd:Content></ofd:Page>`;
    const pua = await read({ ...one({}), override: { 'Doc_0/Pages/Page_0/Content.xml': page(glyphs('\ue001\ue002\ue003')) } });
    expect(pua.loss?.[0]).toMatchObject({ kind: 'unmapped-glyphs', count: 3 });
    const bullet = await read({ ...one({}), override: { 'Doc_0/Pages/Page_0/Content.xml': page(glyphs('\uf0b7')) } });
    expect(bullet.loss).toBeUndefined();
  });

  it('a zip bomb stops at the inflate limit and is unread (limit)', async () => {
    const big = '<?xml version="1.0"?><ofd:Page xmlns:ofd="http://www.ofdspec.org/2016"><ofd:Content>' + ' '.repeat(3_000_000) + '</ofd:Content></ofd:Page>';
    const r = await read({ ...one({}), override: { 'Doc_0/Pages/Page_0/Content.xml': big } }, { ...DEFAULT_LIMITS, maxInflatedBytes: 1_000_000 });
    expect(reasons(r)).toContain('limit');
  });

  it('a duplicated entry is a loss (every copy read); a truncated package is unread', async () => {
    const bytes = ofd(one({ pages: [{ texts: [{ x: 27, y: 29, text: '公告正文' }] }] }));
    const r1 = await extractOfd(zipSync({ ...unzipSync(bytes), 'Doc_0/pages/page_0/content.xml': strToU8('<Page><Content><TextObject><TextCode>机密★5年</TextCode></TextObject></Content></Page>') }), { limits: DEFAULT_LIMITS });
    expect(r1.loss?.map((l) => l.kind)).toContain('duplicate-entry');
    expect(r1.parts.some((p) => p.text.includes('机密★5年'))).toBe(true);
    const r2 = await extractOfd(bytes.subarray(0, Math.floor(bytes.length * 0.7)), { limits: DEFAULT_LIMITS });
    expect(reasons(r2)).toContain('corrupt');
  });

  it('entry names written in GBK without the UTF-8 flag are found by their Unicode names', async () => {
    const files = unzipSync(ofd(one({ pages: [{ texts: [{ x: 27, y: 29, text: '公告正文' }] }] })));
    const page = files['Doc_0/Pages/Page_0/Content.xml'];
    delete files['Doc_0/Pages/Page_0/Content.xml'];
    files['Doc_0/Document.xml'] = strToU8(new TextDecoder().decode(files['Doc_0/Document.xml']).replace('Pages/Page_0/Content.xml', '附件/Content.xml'));
    // 附件 in GBK, as a Windows archiver writes it (no UTF-8 flag).
    const gbkName = new Uint8Array([...strToU8('Doc_0/'), 0xb8, 0xbd, 0xbc, 0xfe, ...strToU8('/Content.xml')]);
    const r = await extractOfd(storedZip([...Object.entries(files).map(([n, d]) => [strToU8(n), d] as [Uint8Array, Uint8Array]), [gbkName, page]]), { limits: DEFAULT_LIMITS });
    expect(r.unread).toEqual([]);
    expect(part(r, 'body').text).toBe('公告正文');
  });

  it('a cancelled scan is unread (aborted)', async () => {
    const ac = new AbortController();
    ac.abort();
    const r = await extractOfd(ofd(one({ pages: [{ texts: head }] })), { limits: DEFAULT_LIMITS, signal: ac.signal });
    expect(reasons(r)).toEqual(['aborted']);
  });

  it('damaged bytes anywhere never make the reader throw, and a damaged package never reads as complete (property)', async () => {
    const bytes = ofd(one({ title: '通知', pages: [{ texts: head }], annotations: [{ page: 1, type: 'Stamp', boundary: [1, 1, 30, 8], texts: [{ x: 1, y: 1, text: '印章' }] }] }));
    // The entries' compressed data, but each entry's last byte (its padding bits may change nothing).
    const data = readDirectory(bytes, 100).entries.flatMap((e) => Array.from({ length: Math.max(0, e.compressedSize - 1) }, (_, i) => e.dataStart + i));
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(fc.nat(bytes.length - 1), fc.integer({ min: 1, max: 255 })), { maxLength: 6 }), fc.array(fc.tuple(fc.constantFrom(...data), fc.integer({ min: 1, max: 255 })), { minLength: 1, maxLength: 3 }), async (anywhere, inData) => {
        const b = bytes.slice();
        for (const [at, x] of [...anywhere, ...inData]) b[at] ^= x;
        const r = await extractOfd(b, { limits: DEFAULT_LIMITS });
        // Entry data is covered by its checksum: a change there is noticed, whatever else changed.
        expect(r.unread.length + (r.loss?.length ?? 0)).toBeGreaterThan(0);
      }),
      { numRuns: 60 },
    );
  });

  it('an archive without OFD.xml at its root is read as a ZIP archive', async () => {
    const r = await extractOfd(zipSync({ 'folder/OFD.xml': strToU8('<x/>'), 'notes.txt': strToU8('机密★5年') }), { limits: DEFAULT_LIMITS });
    expect(r.format).toBe('zip');
    expect(r.embedded?.map((e) => e.name).sort()).toEqual(['folder/OFD.xml', 'notes.txt']);
  });
});

describe('layout invariants', () => {
  it('DeltaX `g N v` expands, capped by the glyphs that use it', () => {
    expect(deltas('g 3 2 1.5 g 2 4', 100)).toEqual([2, 2, 2, 1.5, 4, 4]);
    expect(deltas('g 1000000000 1', 4)).toEqual([1, 1, 1, 1]);
    expect(deltas('', 4)).toEqual([]);
  });

  it('glyphs touching along the text direction never get a separator; a move across it is a new line', () => {
    const g = (x: number, y: number) => ({ ch: '字', x, y, ux: 1, uy: 0, size: 4, adv: 4, rect: [x, y - 3, x + 4, y + 1] as [number, number, number, number], code: 1, vertical: false });
    expect(separation(g(0, 10), g(4, 10))).toBe('none');
    expect(separation(g(0, 10), g(6, 10))).toBe('space');
    expect(separation(g(0, 10), g(4, 14))).toBe('line');
  });

  it('any text written one TextCode per glyph or as one TextCode reads back as written (property)', async () => {
    const chars = fc.constantFrom(...'机密秘密绝★年月日港区航道通知第一二三四五六七八九十'.split(''), 'A', 'b', '5');
    await fc.assert(
      fc.asyncProperty(fc.array(chars, { minLength: 1, maxLength: 30 }), fc.boolean(), async (cs, perGlyph) => {
        const text = cs.join('');
        const r = await read(one({ pages: [{ texts: [{ x: 20, y: 30, text, perGlyph }] }] }));
        expect(part(r, 'body').text).toBe(text);
      }),
      { numRuns: 40 },
    );
  });
});

describe('PaintedArea (where fills lie under white text)', () => {
  // Millimetres in hundredths, spread evenly (fast-check's doubles crowd near zero).
  const mm = (min: number, max: number) => fc.integer({ min: min * 100, max: max * 100 }).map((v) => v / 100);
  const rect = fc.tuple(mm(-20, 230), mm(-20, 310), mm(0, 80), mm(0, 80)).map(([x, y, w, h]): [number, number, number, number] => [x, y, x + w, y + h]);
  const inside = (r: readonly number[], x: number, y: number, by: number) => x >= r[0] + by && x <= r[2] - by && y >= r[1] + by && y <= r[3] - by;
  const near = (r: readonly number[], x: number, y: number, by: number) => x >= r[0] - by && x <= r[2] + by && y >= r[1] - by && y <= r[3] + by;

  it('agrees with the fills themselves except within a cell of their edges (property)', () => {
    fc.assert(
      fc.property(fc.array(rect, { minLength: 1, maxLength: 12 }), mm(0, 1), mm(-2, 2), fc.nat(3), (rects, u, edge, side) => {
        // A point along one side of the first fill, up to 2 mm inside or outside it: where cells are decided.
        const [x0, y0, x1, y1] = rects[0];
        const along = (a: number, b: number) => a + u * (b - a);
        const [x, y] = [
          [along(x0, x1), y0 + edge],
          [along(x0, x1), y1 - edge],
          [x0 + edge, along(y0, y1)],
          [x1 - edge, along(y0, y1)],
        ][side];
        if (x < 0 || y < 0 || x >= 210 || y >= 297) return;
        const area = new PaintedArea(210, 297);
        for (const r of rects) area.paint(r);
        // A4 in mm: cells of 1 mm. Well inside a fill: seen; well away from every fill: not.
        if (rects.some((r) => inside(r, x, y, 1))) expect(area.covers(x, y)).toBe(true);
        if (!rects.some((r) => near(r, x, y, 1))) expect(area.covers(x, y)).toBe(false);
        // Exactly: the point's cell is painted when a fill covers that cell's centre.
        const cx = Math.floor(x) + 0.5;
        const cy = Math.floor(y) + 0.5;
        expect(area.covers(x, y)).toBe(rects.some((r) => inside(r, cx, cy, 0)));
      }),
      { numRuns: 2000 },
    );
  });

  it('stays small on a page of any size, and answers outside the page with no', () => {
    const area = new PaintedArea(Number.MAX_VALUE, Number.MAX_VALUE);
    area.paint([0, 0, Number.MAX_VALUE / 2, Number.MAX_VALUE / 2]);
    expect(area.covers(Number.MAX_VALUE / 8, Number.MAX_VALUE / 8)).toBe(true);
    expect(area.covers(-1, 5)).toBe(false);
    const bad = new PaintedArea(Number.NaN, -3);
    bad.paint([Number.NaN, 0, 1, 1]);
    expect(bad.covers(0.5, 0.5)).toBe(false);
  });
});

