import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import fc from 'fast-check';
import { DEFAULT_LIMITS, type Extraction, type TextPart } from '@prepub/core';
import { PDFArray, PDFDocument, PDFName, PDFNumber, StandardFonts, degrees, rgb } from 'pdf-lib';
import { countPageObjects, createPdfExtractor, pdfExtractor } from '../src/index.ts';

const samples = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../samples/pdf');
const cache = new Map<string, Extraction>();

function bytesOf(name: string): Uint8Array {
  return new Uint8Array(fs.readFileSync(path.join(samples, name)));
}

async function extract(name: string): Promise<Extraction> {
  let r = cache.get(name);
  if (!r) {
    r = await pdfExtractor.extract(bytesOf(name), { limits: DEFAULT_LIMITS, filename: name });
    cache.set(name, r);
  }
  return r;
}

function part(r: Extraction, id: string): TextPart {
  const p = r.parts.find((x) => x.id === id);
  if (!p) throw new Error(`no part ${id} in ${r.parts.map((x) => x.id).join(', ')}`);
  return p;
}

function lineTexts(p: TextPart): string[] {
  return (p.blocks ?? []).map((b) => p.text.slice(b.start, b.end));
}

/** Blocks are sorted, disjoint, inside the text, one per line of the text. */
function expectWellFormed(p: TextPart): void {
  const blocks = p.blocks ?? [];
  let last = -1;
  for (const b of blocks) {
    expect(b.start).toBeGreaterThan(last);
    expect(b.end).toBeGreaterThan(b.start);
    expect(b.end).toBeLessThanOrEqual(p.text.length);
    expect(p.text.slice(b.start, b.end)).not.toContain('\n');
    last = b.end - 1;
  }
  if (p.text.length > 0) expect(blocks.length).toBe(p.text.split('\n').length);
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('page text with positions', () => {
  it('puts the GB/T 9704 heading lines on page 1, top left, in order, with boxes', async () => {
    const r = await extract('notice-gbt9704-secret.pdf');
    const p = part(r, 'page-1');
    expect(p.role).toBe('body');
    expect(p.leading).toBe(true);
    expect(p.origin.page).toBe(1);
    expectWellFormed(p);
    const lines = lineTexts(p);
    expect(lines.slice(0, 3)).toEqual(['000012', '机密★5年', '特急']);
    const [b1, b2, b3] = p.blocks!;
    expect(b2.kind).toBe('line');
    expect(b2.index).toBe(2);
    expect(b2.page).toBe(1);
    expect(b2.box?.unit).toBe('pt');
    // Flush left under the copy number, in the top tenth of an A4 page, y growing downwards.
    expect(b2.box!.x).toBeCloseTo(b1.box!.x, 0);
    expect(b1.box!.y).toBeLessThan(b2.box!.y);
    expect(b2.box!.y).toBeLessThan(b3.box!.y);
    expect(b2.pageTop!).toBeLessThan(0.1);
    expect(b2.pageTop!).toBeCloseTo(b2.box!.y / 841.89, 3);
    expect(b2.align).toBeUndefined();
    // The red issuing-authority header is centred.
    const header = p.blocks!.find((b) => p.text.slice(b.start, b.end) === '江州市数据资源管理局文件');
    expect(header?.align).toBe('center');
  });

  it('keeps the spaces of a letter-spaced header and no others', async () => {
    const r = await extract('header-letterspaced.pdf');
    const lines = lineTexts(part(r, 'page-1'));
    expect(lines[0]).toBe('机 密 ★ 3 年');
    // CJK set solid gets no spaces between items.
    expect(lines).toContain('地点：集团调度中心二楼会议室');
  });

  it('finds the header marking on every page of a 3-page report', async () => {
    const r = await extract('report-3pages-header.pdf');
    expect(r.info?.pages).toBe(3);
    for (const n of [1, 2, 3]) {
      const p = part(r, `page-${n}`);
      expectWellFormed(p);
      expect(p.origin.page).toBe(n);
      expect(p.leading).toBe(n === 1);
      expect(lineTexts(p)[0]).toBe('机密★5年');
      expect(p.blocks![0].page).toBe(n);
      expect(p.blocks![0].pageTop!).toBeLessThan(0.08);
    }
    expect(part(r, 'page-3').text).toContain('建议将本次评估发现的问题纳入年度网络安全考核');
  });

  it.each([90, 180, 270])('reads a page shown rotated by %i degrees line by line, with boxes on the page as shown', async (rotation) => {
    const doc = await PDFDocument.load(bytesOf('notice-gbt9704-secret.pdf'));
    doc.getPage(0).setRotation(degrees(rotation));
    const r = await pdfExtractor.extract(await doc.save(), { limits: DEFAULT_LIMITS });
    const upright = part(await extract('notice-gbt9704-secret.pdf'), 'page-1');
    const p = part(r, 'page-1');
    expect(lineTexts(p)).toEqual(lineTexts(upright));
    const [w, h] = rotation === 180 ? [595.28, 841.89] : [841.89, 595.28];
    for (const b of p.blocks!) {
      expect(b.box!.x).toBeGreaterThanOrEqual(0);
      expect(b.box!.y).toBeGreaterThanOrEqual(0);
      expect(b.box!.x + b.box!.width).toBeLessThanOrEqual(w + 0.5);
      expect(b.box!.y + b.box!.height).toBeLessThanOrEqual(h + 0.5);
    }
    // The marking stays at the top of the reading frame, wherever that is on the page as shown.
    expect(p.blocks![1].pageTop!).toBeCloseTo(upright.blocks![1].pageTop!, 2);
    const box = p.blocks![1].box!;
    if (rotation === 90) expect(box.x).toBeGreaterThan(w * 0.85); // the top edge is now on the right
    if (rotation === 180) expect(box.y).toBeGreaterThan(h * 0.85);
    if (rotation === 270) expect(box.x + box.width).toBeLessThan(w * 0.15);
  });

  it('reads Latin text in a standard font with its word spaces, banner lines top and bottom', async () => {
    const doc = await PDFDocument.create();
    const font = await doc.embedFont(StandardFonts.Helvetica);
    const page = doc.addPage([612, 792]);
    const bannerX = (612 - font.widthOfTextAtSize('TOP SECRET//NOFORN', 12)) / 2;
    page.drawText('TOP SECRET//NOFORN', { x: bannerX, y: 760, size: 12, font });
    page.drawText('(S//NF) The committee met on 4 May to review the supply schedule.', { x: 72, y: 700, size: 11, font });
    page.drawText('Second paragraph in grey.', { x: 72, y: 680, size: 11, font, color: rgb(0.4, 0.4, 0.4) });
    page.drawText('TOP SECRET//NOFORN', { x: bannerX, y: 24, size: 12, font });
    const r = await pdfExtractor.extract(await doc.save(), { limits: DEFAULT_LIMITS });
    const p = part(r, 'page-1');
    expect(lineTexts(p)).toEqual([
      'TOP SECRET//NOFORN',
      '(S//NF) The committee met on 4 May to review the supply schedule.',
      'Second paragraph in grey.',
      'TOP SECRET//NOFORN',
    ]);
    expect(p.blocks![0].align).toBe('center');
    expect(p.blocks![1].align).toBeUndefined();
    expect(p.blocks![3].pageTop!).toBeGreaterThan(0.95);
    expect(r.parts.filter((x) => x.role === 'hidden')).toEqual([]);
  });

  it('reads a non-embedded CJK font through the packed cMaps', async () => {
    const r = await extract('cjk-nonembedded-font.pdf');
    const lines = lineTexts(part(r, 'page-1'));
    expect(lines[0]).toBe('秘密★1年');
    expect(lines[1]).toBe('江州市财政局关于下达预算指标的通知');
    expect(r.images).toHaveLength(0);
    expect(r.info?.pagesViaTextContent).toBeUndefined();
  });
});

describe('text sources', () => {
  it('positions glyphs from the operators exactly as pdf.js text content does, hidden labels included', async () => {
    const viaTextContent = createPdfExtractor({ textSource: 'text-content' });
    const strip = (t: string): string => t.replace(/\s+/g, '');
    const files = fs.readdirSync(samples).filter((f) => f.endsWith('.pdf') && !/user-password|truncated|really-html/.test(f));
    expect(files.length).toBeGreaterThan(20);
    for (const file of files) {
      const ours = await extract(file);
      const theirs = await viaTextContent.extract(bytesOf(file), { limits: DEFAULT_LIMITS });
      expect(theirs.parts.map((p) => [p.id, p.role]), file).toEqual(ours.parts.map((p) => [p.id, p.role]));
      for (const [i, p] of theirs.parts.entries()) {
        const q = ours.parts[i];
        expectWellFormed(p);
        expect(strip(p.text), `${file} ${p.id}`).toBe(strip(q.text));
        expect(p.blocks?.length, `${file} ${p.id}`).toBe(q.blocks?.length);
        for (const [k, b] of (p.blocks ?? []).entries()) {
          const c = q.blocks![k];
          if (!b.box || !c.box) continue;
          expect(Math.abs(b.box.x - c.box.x), `${file} ${p.id} line ${k + 1}`).toBeLessThan(2);
          expect(Math.abs(b.box.y - c.box.y), `${file} ${p.id} line ${k + 1}`).toBeLessThan(2);
        }
      }
    }
  }, 120_000);
});

/** One page drawing `content` with /T3: a Type3 font whose a, b and c are squares (the operator walk leaves it to pdf.js text content), and Helvetica as /F1. */
async function type3Page(content: string): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const page = doc.addPage([595.28, 841.89]);
  const ctx = doc.context;
  const square = ctx.register(ctx.stream('1000 0 0 0 750 750 d1 0 0 750 750 re f'));
  const type3 = ctx.register(
    ctx.obj({
      Type: 'Font',
      Subtype: 'Type3',
      FontBBox: [0, 0, 750, 750],
      FontMatrix: [0.001, 0, 0, 0.001, 0, 0],
      CharProcs: { a: square, b: square, c: square },
      Encoding: { Type: 'Encoding', Differences: [97, 'a', 'b', 'c'] },
      FirstChar: 97,
      LastChar: 99,
      Widths: [1000, 1000, 1000],
      Resources: {},
    }),
  );
  page.node.setFontDictionary(PDFName.of('T3'), type3);
  page.node.setFontDictionary(PDFName.of('F1'), (await doc.embedFont(StandardFonts.Helvetica)).ref);
  page.node.addContentStream(ctx.register(ctx.stream(content)));
  return doc.save();
}

describe('fonts the operator walk leaves to pdf.js text content', () => {
  it('reads a Type3 font page through the fallback, hidden text still labelled', async () => {
    const r = await pdfExtractor.extract(await type3Page('BT /T3 12 Tf 72 760 Td (abc) Tj ET BT 3 Tr /T3 12 Tf 72 700 Td (cab) Tj ET'), { limits: DEFAULT_LIMITS });
    expect(part(r, 'page-1').text).toBe('abc');
    expect(part(r, 'page-1').blocks![0].box).toMatchObject({ x: 72, unit: 'pt' });
    expect(part(r, 'page-1:invisible').text).toBe('cab');
    expect(r.info?.pagesViaTextContent).toBe(1);
  });

  it('a glyph cut away by a clipping path is hidden there too; one inside its clip is seen', async () => {
    const content = 'BT /T3 12 Tf 72 760 Td (ab) Tj ET q 300 300 5 5 re W n BT /T3 12 Tf 96 760 Td (c) Tj ET Q q 60 690 100 40 re W n BT /T3 12 Tf 72 700 Td (cab) Tj ET Q';
    const r = await pdfExtractor.extract(await type3Page(content), { limits: DEFAULT_LIMITS });
    expect(r.info?.pagesViaTextContent).toBe(1);
    expect(part(r, 'page-1:clipped').text).toBe('c');
    expect(part(r, 'page-1').text.replace(/\s/g, '')).toBe('abcab');
  });

  it('a glyph squeezed to a sliver or painted over by the next, in a font the walk places, is a loss there (text content keeps it in the line)', async () => {
    const losses = async (line: string) => ((await pdfExtractor.extract(await type3Page(`BT /T3 12 Tf 72 760 Td (abc) Tj ET BT /F1 16 Tf 72 700 Td ${line} ET`), { limits: DEFAULT_LIMITS })).loss ?? []).map((l) => l.detail);
    expect(await losses('(SE) Tj 5 Tz (X) Tj 100 Tz (CRET) Tj')).toEqual([expect.stringMatching(/1 glyph is drawn with no room of its own .* read through pdf\.js text content/)]);
    expect(await losses('[(SEX) 667 (CRET)] TJ')).toEqual([expect.stringMatching(/1 glyph is painted over by a glyph of another character \(X under C\)/)]);
    expect(await losses('(SECRET) Tj')).toEqual([]);
    // After a Type3 glyph on the same line the runs are not placed (its advance is unknown): a squeeze or a jump back there is a loss as well.
    const afterType3 = async (line: string) => ((await pdfExtractor.extract(await type3Page(`BT /T3 12 Tf 72 700 Td (a) Tj /F1 16 Tf ${line} ET`), { limits: DEFAULT_LIMITS })).loss ?? []).map((l) => l.detail);
    expect(await afterType3('(SE) Tj 5 Tz (X) Tj 100 Tz (CRET) Tj')).toEqual([expect.stringMatching(/1 glyph is drawn with no room of its own/)]);
    expect(await afterType3('[(SEX) 667 (CRET)] TJ')).toEqual([expect.stringMatching(/7 glyphs are drawn with no room of their own/)]);
    expect(await afterType3('(SECRET) Tj')).toEqual([]);
  });
});

describe('text a reader does not see', () => {
  it.each([
    ['white-text.pdf', 'page-1:white', '机密★10年', 'white'],
    ['invisible-text.pdf', 'page-1:invisible', '绝密★长期', 'render mode'],
    ['hidden-layer.pdf', 'page-1:layer-off', '秘密★2年', 'layer'],
    ['redaction-black-box.pdf', 'page-1:covered', '机密★5年', 'covered'],
  ])('%s: the marking is a hidden part on its page, not body text', async (file, id, marking, why) => {
    const r = await extract(file);
    const hidden = part(r, id);
    expect(hidden.role).toBe('hidden');
    expect(hidden.origin.page).toBe(1);
    expect(hidden.origin.detail).toContain(why);
    expect(hidden.text).toBe(marking);
    expectWellFormed(hidden);
    expect(hidden.blocks![0].box).toBeDefined();
    expect(part(r, 'page-1').text).not.toContain(marking.slice(0, 2));
    expect(part(r, 'page-1').text.length).toBeGreaterThan(100);
  });

  it('keeps white lettering on a dark banner as visible text', async () => {
    const r = await extract('benign-banner-white-on-red.pdf');
    expect(lineTexts(part(r, 'page-1'))[0]).toBe('江州日报·保密宣传月特刊');
    expect(r.parts.filter((p) => p.role === 'hidden')).toEqual([]);
  });

  it('labels no text hidden in ordinary office documents', async () => {
    for (const file of ['notice-gbt9704-secret.pdf', 'report-3pages-header.pdf', 'benign-compilation.pdf', 'form-field.pdf']) {
      expect((await extract(file)).parts.filter((p) => p.role === 'hidden'), file).toEqual([]);
    }
  });

  it('names the optional-content layers', async () => {
    const r = await extract('hidden-layer.pdf');
    expect(part(r, 'layers').text).toBe('审校批注');
    expect(r.info?.layersOff).toBe(1);
  });
});

describe('annotations, fields, bookmarks, metadata, attachments', () => {
  it('reads a sticky note with its page, box and author', async () => {
    const r = await extract('annotation-sticky-note.pdf');
    const note = r.parts.find((p) => p.role === 'annotation');
    expect(note).toBeDefined();
    expect(note!.text.split('\n')[0]).toBe('此稿引用的检查通报定为机密★10年，发布前请删去第三段。');
    expect(note!.origin.page).toBe(1);
    expect(note!.origin.detail).toContain('周涛');
    // pdf.js gives note icons their standard 22 pt size at the annotation's top-left corner.
    expect(note!.origin.box).toMatchObject({ x: 500, y: 100, unit: 'pt' });
    expect(note!.origin.box!.width).toBeGreaterThanOrEqual(20);
  });

  it('reads form field values with their field names', async () => {
    const r = await extract('form-field.pdf');
    const fields = r.parts.filter((p) => p.role === 'form-field');
    expect(fields.map((f) => f.text)).toEqual(['机密★5年', '涉及未公开的工程投资数据，不予公开。']);
    expect(fields[0].origin).toMatchObject({ page: 1, detail: 'field 密级' });
    expect(fields[0].origin.box?.unit).toBe('pt');
  });

  it('reads bookmark titles', async () => {
    const r = await extract('report-3pages-header.pdf');
    expect(lineTexts(part(r, 'bookmarks'))).toEqual(['一、评估范围', '二、主要问题', '三、整改建议']);
    expect(part(r, 'bookmarks').role).toBe('bookmark');
  });

  it('reads the document information dictionary', async () => {
    const r = await extract('metadata-title-marking.pdf');
    expect(part(r, 'info:Title')).toMatchObject({ role: 'metadata', text: '机密★5年 江州港区二期工程投资测算' });
    expect(part(r, 'info:Keywords').text).toBe('港区；投资测算');
    expect(part(r, 'info:Subject').text).toBe('工程投资测算');
  });

  it('reads XMP properties and does not repeat what the information dictionary says', async () => {
    const r = await extract('metadata-title-marking.pdf');
    expect(part(r, 'xmp:dc:description')).toMatchObject({ role: 'metadata', text: '港区二期工程投资测算底稿，仅限项目组内部使用', origin: { filePart: 'xmp' } });
    expect(part(r, 'xmp:pdf:keywords').text).toBe('港区；投资测算；底稿');
    // dc:title equals /Title: one part, not two.
    expect(r.parts.filter((p) => p.text === '机密★5年 江州港区二期工程投资测算')).toHaveLength(1);
  });

  it('reads the text a stamp draws in its appearance stream', async () => {
    const r = await extract('annotation-sticky-note.pdf');
    const stamp = r.parts.find((p) => p.role === 'annotation' && p.origin.detail?.startsWith('Stamp'));
    expect(stamp?.text).toBe('内部资料\n宣传处');
    expect(stamp?.origin.box).toMatchObject({ x: 420, y: 50, width: 100, height: 30 });
  });

  it('hands attachments over for recursive scanning and reads their names', async () => {
    const r = await extract('attachment-marked-text.pdf');
    const byName = new Map(r.embedded!.map((e) => [e.name, e]));
    expect([...byName.keys()].sort()).toEqual(['自查情况报告.txt', '联络员名单.txt'].sort());
    const report = byName.get('自查情况报告.txt')!;
    expect(new TextDecoder().decode(report.bytes).split('\n')[0]).toBe('机密★5年');
    expect(report.origin.filePart).toBe('attachments');
    // The paper-clip annotation's file keeps its page and box.
    const clip = byName.get('联络员名单.txt')!;
    expect(new TextDecoder().decode(clip.bytes).split('\n')[0]).toBe('内部资料 注意保存');
    expect(clip.origin).toMatchObject({ page: 1, box: { x: 480, y: 180, unit: 'pt' } });
    const names = r.parts.filter((p) => p.role === 'attachment-name' && !/:(gb18030|big5|utf-8)$/.test(p.id)).map((p) => p.text);
    expect(names.sort()).toEqual(['自查情况报告.txt\n附件：自查情况报告', '联络员名单.txt\n联络员名单'].sort());
    // The report's /F name holds bytes that are no PDFDocEncoding text (one byte of each UTF-16
    // code): what a viewer in a Chinese code page (here Big5) shows for them is read too.
    expect(r.parts.filter((p) => /:(gb18030|big5|utf-8)$/.test(p.id)).map((p) => [p.id, p.text])).toEqual([['attachment:spec-1:big5', '耪霾仔.txt']]);
    expect(r.parts.find((p) => p.role === 'annotation')?.text).toBe('附件2：联络员名单');
  });
});

describe('process hygiene', () => {
  it('leaves the native built-ins pdf.js polyfills in place', async () => {
    await extract('benign-regulation.pdf');
    for (const fn of [Array.prototype.push, JSON.parse, JSON.stringify]) expect(Function.prototype.toString.call(fn)).toContain('[native code]');
  });
});

describe('pages without a text layer', () => {
  it('renders image-only pages to PNG for OCR, with their page and scale', async () => {
    const r = await extract('image-only-2pages.pdf');
    expect(r.images).toHaveLength(2);
    for (const [i, img] of r.images!.entries()) {
      expect(img.origin.page).toBe(i + 1);
      expect(img.mediaType).toBe('image/png');
      expect(Array.from(img.bytes.subarray(0, 4))).toEqual([0x89, 0x50, 0x4e, 0x47]);
      expect(img.pointsPerPixel).toBeCloseTo(72 / 300, 5);
      // 300 dpi A4: width in the PNG header.
      const width = new DataView(img.bytes.buffer, img.bytes.byteOffset).getUint32(16);
      expect(width).toBe(Math.ceil((595.28 * 300) / 72));
    }
    expect(r.info?.pagesRendered).toBe(2);
  });

  it('reports such pages unread when rendering is off', async () => {
    const r = await createPdfExtractor({ renderPages: false }).extract(bytesOf('image-only-2pages.pdf'), { limits: DEFAULT_LIMITS });
    expect(r.images).toHaveLength(0);
    expect(r.unread.map((u) => [u.where, u.reason])).toEqual([
      ['page 1', 'ocr-unavailable'],
      ['page 2', 'ocr-unavailable'],
    ]);
  });

  it('renders at most maxRenderedPages and reports the rest', async () => {
    const r = await createPdfExtractor({ maxRenderedPages: 1 }).extract(bytesOf('image-only-2pages.pdf'), { limits: DEFAULT_LIMITS });
    expect(r.images!.map((i) => i.origin.page)).toEqual([1]);
    expect(r.unread).toEqual([expect.objectContaining({ where: 'page 2', reason: 'limit' })]);
  });

  it('does not render pages that have a text layer', async () => {
    const r = await extract('benign-regulation.pdf');
    expect(r.images).toHaveLength(0);
  });
});

describe('encryption', () => {
  it('reads an owner-password-only PDF without a password', async () => {
    const r = await extract('owner-password.pdf');
    expect(r.unread).toEqual([]);
    expect(r.info?.encrypted).toBe(true);
    expect(lineTexts(part(r, 'page-1'))[0]).toBe('秘密★1年');
  });

  it('reports a user-password PDF as encrypted', async () => {
    const r = await extract('user-password.pdf');
    expect(r.parts).toEqual([]);
    expect(r.unread).toHaveLength(1);
    expect(r.unread[0]).toMatchObject({ where: 'file', reason: 'encrypted' });
  });

  it('reads it with the right password and says so when the password is wrong', async () => {
    const ok = await pdfExtractor.extract(bytesOf('user-password.pdf'), { limits: DEFAULT_LIMITS, password: 'user-2024' });
    expect(ok.unread).toEqual([]);
    expect(lineTexts(part(ok, 'page-1'))[1]).toBe('机密★5年');
    const wrong = await pdfExtractor.extract(bytesOf('user-password.pdf'), { limits: DEFAULT_LIMITS, password: 'guess' });
    expect(wrong.parts).toEqual([]);
    expect(wrong.unread[0].reason).toBe('encrypted');
    expect(wrong.unread[0].detail).toMatch(/wrong/);
  });
});

describe('bad input and limits', () => {
  it.each([
    ['truncated.pdf', /truncated/],
    ['really-html.pdf', /not a PDF/],
  ])('%s is unread corrupt with a reason', async (file, detail) => {
    const r = await extract(file);
    expect(r.unread.length).toBeGreaterThan(0);
    expect(r.unread[0].reason).toBe('corrupt');
    expect(r.unread[0].detail).toMatch(detail);
  });

  it('reports an empty file and garbage after a PDF header', async () => {
    const empty = await pdfExtractor.extract(new Uint8Array(0), { limits: DEFAULT_LIMITS });
    expect(empty.unread[0].reason).toBe('corrupt');
    const junk = await pdfExtractor.extract(new TextEncoder().encode('%PDF-1.7\n这不是一个真正的文件\n%%EOF\n'), { limits: DEFAULT_LIMITS });
    expect(junk.unread[0].reason).toBe('corrupt');
  });

  it('reports a truncated tail but keeps the pages it could read', async () => {
    const whole = bytesOf('report-3pages-header.pdf');
    // Drop the trailer only: pdf.js rebuilds the cross-reference table.
    const cut = whole.subarray(0, whole.length - 40);
    const r = await pdfExtractor.extract(cut, { limits: DEFAULT_LIMITS });
    expect(r.unread[0]).toMatchObject({ where: 'file', reason: 'corrupt' });
    expect(r.parts.some((p) => p.text.includes('机密★5年'))).toBe(true);
  });

  it('marks a page it cannot load unread, goes on, and notices pages missing from the page tree', async () => {
    const doc = await PDFDocument.load(bytesOf('report-3pages-header.pdf'));
    // Page 2's entry in the page tree points at a number instead of a page dictionary.
    doc.catalog.Pages().lookup(PDFName.of('Kids'), PDFArray).set(1, doc.context.register(PDFNumber.of(7)));
    const r = await pdfExtractor.extract(await doc.save({ useObjectStreams: false }), { limits: DEFAULT_LIMITS });
    expect(part(r, 'page-1').text).toContain('机密★5年');
    expect(r.unread).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ where: 'page 2', reason: 'corrupt', detail: expect.stringMatching(/Page 2 could not be read: .+/) }),
        expect.objectContaining({ where: 'page tree', reason: 'corrupt', detail: expect.stringContaining('3 page objects') }),
      ]),
    );
  });

  it('counts page objects once each, whatever their spacing', () => {
    const text = '1 0 obj <</Type/Pages/Kids[2 0 R 3 0 R]/Count 2>> endobj\n2 0 obj <</Type /Page/Parent 1 0 R>> endobj\n3 0 obj\n<< /Type/Page >>\nendobj\n2 0 obj <</Type/Page>> endobj\n4 0 obj <</Type/PageLabel>> endobj';
    expect(countPageObjects(new TextEncoder().encode(text))).toBe(2);
    expect(countPageObjects(bytesOf('benign-compilation.pdf'))).toBe(8);
  });

  it('refuses files over maxFileBytes without parsing them', async () => {
    const r = await pdfExtractor.extract(bytesOf('notice-gbt9704-secret.pdf'), { limits: { ...DEFAULT_LIMITS, maxFileBytes: 1000 } });
    expect(r.parts).toEqual([]);
    expect(r.unread).toEqual([expect.objectContaining({ where: 'file', reason: 'limit' })]);
  });

  it('gives the same result for files read concurrently', async () => {
    const names = ['notice-gbt9704-secret.pdf', 'report-3pages-header.pdf', 'white-text.pdf', 'form-field.pdf', 'hidden-layer.pdf'];
    const together = await Promise.all(names.map((n) => pdfExtractor.extract(bytesOf(n), { limits: DEFAULT_LIMITS })));
    for (const [i, n] of names.entries()) {
      const alone = await extract(n);
      expect(together[i].parts.map((p) => [p.id, p.text])).toEqual(alone.parts.map((p) => [p.id, p.text]));
    }
  });

  it('reads at most maxPages and lists the rest', async () => {
    const r = await pdfExtractor.extract(bytesOf('report-3pages-header.pdf'), { limits: { ...DEFAULT_LIMITS, maxPages: 1 } });
    expect(r.parts.filter((p) => p.role === 'body').map((p) => p.id)).toEqual(['page-1']);
    expect(r.unread).toEqual([expect.objectContaining({ where: 'pages 2-3', reason: 'limit' })]);
  });

  it('stops at the file time limit and at cancellation', async () => {
    const slow = await pdfExtractor.extract(bytesOf('report-3pages-header.pdf'), { limits: { ...DEFAULT_LIMITS, fileTimeoutMs: 0 } });
    expect(slow.unread.some((u) => u.reason === 'timeout')).toBe(true);
    const controller = new AbortController();
    controller.abort();
    const cancelled = await pdfExtractor.extract(bytesOf('report-3pages-header.pdf'), { limits: DEFAULT_LIMITS, signal: controller.signal });
    expect(cancelled.unread.some((u) => u.reason === 'aborted')).toBe(true);
    expect(cancelled.parts.filter((p) => p.role === 'body')).toEqual([]);
  });

  it('times out a page that takes longer than pageTimeoutMs and goes on', async () => {
    const r = await pdfExtractor.extract(bytesOf('image-only-2pages.pdf'), { limits: { ...DEFAULT_LIMITS, pageTimeoutMs: 1 } });
    const timeouts = r.unread.filter((u) => u.reason === 'timeout');
    expect(timeouts.map((u) => u.where)).toEqual(['page 1', 'page 2']);
  });

  it('keeps text within maxTextChars and reports what it dropped', async () => {
    const r = await pdfExtractor.extract(bytesOf('report-3pages-header.pdf'), { limits: { ...DEFAULT_LIMITS, maxTextChars: 300 } });
    expect(r.parts.reduce((n, p) => n + p.text.length, 0)).toBeLessThanOrEqual(300);
    expect(r.unread.some((u) => u.reason === 'limit')).toBe(true);
  });

  it('prints nothing while reading broken files', async () => {
    const log = vi.spyOn(console, 'log');
    const warn = vi.spyOn(console, 'warn');
    const error = vi.spyOn(console, 'error');
    const whole = bytesOf('annotation-sticky-note.pdf');
    const broken = whole.slice();
    for (let i = 2000; i < broken.length; i += 997) broken[i] = 0x20;
    await pdfExtractor.extract(broken, { limits: DEFAULT_LIMITS });
    await pdfExtractor.extract(bytesOf('truncated.pdf'), { limits: DEFAULT_LIMITS });
    expect(log).not.toHaveBeenCalled();
    expect(warn).not.toHaveBeenCalled();
    expect(error).not.toHaveBeenCalled();
  });

  it('never throws on truncated or mutated samples, and always reports something', async () => {
    let runs = 0;
    const bases = ['notice-gbt9704-secret.pdf', 'annotation-sticky-note.pdf', 'form-field.pdf', 'owner-password.pdf'].map(bytesOf);
    const outcomes = new Set<string>();
    await fc.assert(
      fc.asyncProperty(
        fc.nat({ max: bases.length - 1 }),
        // Bytes cut from the end (often none) and bytes overwritten after the header.
        fc.oneof(fc.constant(0), fc.nat({ max: 200_000 })),
        fc.array(fc.tuple(fc.nat({ max: 1_000_000 }), fc.integer({ min: 0, max: 255 })), { maxLength: 12 }),
        async (which, cut, flips) => {
          runs++;
          const base = bases[which];
          const bytes = base.slice(0, base.length - (cut % base.length));
          for (const [at, value] of flips) if (bytes.length > 16) bytes[16 + (at % (bytes.length - 16))] = value;
          const r = await pdfExtractor.extract(bytes, { limits: { ...DEFAULT_LIMITS, pageTimeoutMs: 5_000, fileTimeoutMs: 10_000 } });
          expect(r.parts.length + r.unread.length).toBeGreaterThan(0);
          for (const p of r.parts) expectWellFormed(p);
          outcomes.add(r.parts.some((p) => p.id === 'page-1' && p.text.length > 0) ? 'page read' : 'no page');
        },
      ),
      { numRuns: 60, seed: 20240508 },
    );
    // The inputs must exercise the parser, not only the header check.
    expect(outcomes).toContain('page read');
    expect(outcomes).toContain('no page');
    expect(runs).toBe(60);
  }, 120_000);
});
