import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { extractDocx } from '../src/index.ts';
import { ctx, partsBy, sample, SAMPLES } from './helpers.ts';

const run = (name: string) => extractDocx(sample(name), ctx());

/** The block that contains offset `at` of a part. */
function blockAt(part: { blocks?: Array<{ start: number; end: number }> }, at: number) {
  return part.blocks?.find((b) => b.start <= at && at <= b.end);
}

describe('samples/docx: every marking lands in the part of its role', () => {
  it('GB/T 9704 notice: 份号, marking, 紧急程度 are body paragraphs 1-3; the split marking is one line', async () => {
    const x = await run('notice-gbt9704-secret.docx');
    const body = x.parts[0];
    expect(body).toMatchObject({ id: 'body', role: 'body', leading: true, origin: { filePart: 'word/document.xml' } });
    expect(body.text.split('\n').slice(0, 3)).toEqual(['000012', '机密★5年', '特急']);
    const at = body.text.indexOf('机密★5年');
    expect(blockAt(body, at)).toMatchObject({ kind: 'paragraph', index: 2, start: at, end: at + 5 });
    // Blocks sorted, non-overlapping, and each the exact span of a line.
    const ls = body.text.split('\n');
    expect(body.blocks!.map((b) => body.text.slice(b.start, b.end))).toEqual(ls);
    expect(body.blocks!.find((b) => body.text.slice(b.start, b.end) === '某市应急管理局')).toMatchObject({ align: 'right' });
    expect(x.unread).toEqual([]);
  });

  it('header: the first-page header is its own part with its type', async () => {
    const x = await run('header-marking.docx');
    const h = partsBy(x, 'header').find((p) => p.text === '秘密★3年');
    expect(h?.origin.filePart).toMatch(/^word\/header\d+\.xml$/);
    expect(h?.origin.detail).toContain('first');
    expect(x.parts[0].text).not.toContain('秘密★3年');
    expect(partsBy(x, 'header').find((p) => p !== h)?.origin.detail).toContain('default');
  });

  it('footer', async () => {
    const x = await run('footer-marking.docx');
    expect(partsBy(x, 'footer').map((p) => p.text)).toContain('绝密★长期');
  });

  it('routing slip: the marking is a table cell at row 3, column 2', async () => {
    const x = await run('routing-slip-table.docx');
    const body = x.parts[0];
    const at = body.text.indexOf('机密★2025年12月31日');
    expect(blockAt(body, at)).toMatchObject({ kind: 'table-cell', row: 3, column: 2 });
    // A cell spanning three grid columns shifts nothing before it, and the next row starts at column 1.
    expect(blockAt(body, body.text.indexOf('传阅领导'))).toMatchObject({ row: 4, column: 1 });
    expect(blockAt(body, body.text.indexOf('王局长'))).toMatchObject({ row: 4, column: 2 });
    expect(blockAt(body, body.text.indexOf('注：'))).toMatchObject({ kind: 'paragraph' });
  });

  it('DrawingML text box with VML fallback: one text-box part, not in the body line', async () => {
    const x = await run('textbox-drawingml.docx');
    const boxes = partsBy(x, 'text-box');
    expect(boxes.map((p) => p.text)).toEqual(['机密★1年']);
    expect(boxes[0].origin.filePart).toBe('word/document.xml');
    expect(x.parts[0].text).not.toContain('机密');
    expect(x.parts[0].text.split('\n')[0]).toBe('');
  });

  it('VML text box', async () => {
    const x = await run('textbox-vml.docx');
    expect(partsBy(x, 'text-box').map((p) => p.text)).toEqual(['秘密★6个月']);
    expect(x.parts[0].text).not.toContain('秘密');
  });

  it('tracked deletion: deleted part, insertion stays in the body', async () => {
    const x = await run('tracked-deletion.docx');
    expect(partsBy(x, 'deleted').map((p) => p.text)).toEqual(['机密★5年']);
    expect(x.parts[0].text).not.toContain('机密');
    expect(x.parts[0].text.split('\n')[1]).toBe('关于调整城区公交线路的公告');
  });

  it('comment: its own part, detail names the author', async () => {
    const x = await run('comment-marking.docx');
    const [c] = partsBy(x, 'comment');
    expect(c.text.split('\n')[0]).toBe('机密★5年');
    expect(c.origin).toMatchObject({ filePart: 'word/comments.xml' });
    expect(c.origin.detail).toContain('王秘书');
    expect(c.blocks![0]).toMatchObject({ index: 1, start: 0, end: 5 });
  });

  it('hidden text: its own part and out of the visible line', async () => {
    const x = await run('hidden-text.docx');
    expect(partsBy(x, 'hidden').map((p) => p.text)).toEqual(['绝密★30年\n（草稿）']);
    // The hidden word inside the title is gone from the visible line, which stays one line.
    expect(x.parts[0].text.split('\n')[1]).toBe('关于开展夏季消防安全检查的通知');
  });

  it('properties: title, keywords and the custom 密级 property', async () => {
    const x = await run('properties-marking.docx');
    const props = partsBy(x, 'properties');
    expect(props.find((p) => p.origin.detail === 'title')?.text).toBe('机密★5年');
    expect(props.find((p) => p.origin.detail === 'keywords')?.text).toContain('机密★5年');
    expect(props.find((p) => p.origin.detail === '密级')).toMatchObject({ text: '密级：机密★5年', origin: { filePart: 'docProps/custom.xml' } });
    expect(x.parts[0].text).not.toContain('机密');
  });

  it('picture description: alt-text part; the picture goes to OCR', async () => {
    const x = await run('alt-text-marking.docx');
    expect(partsBy(x, 'alt-text')[0].text).toContain('机密★10年 某型装备试验数据柱状图');
    expect(x.images).toHaveLength(1);
    expect(x.images![0]).toMatchObject({ mediaType: 'image/png', origin: { filePart: 'word/media/image1.png' } });
  });

  it('nested DOCX: handed over as an embedded file whose own extraction has the marking', async () => {
    const x = await run('nested-docx.docx');
    expect(x.embedded).toHaveLength(1);
    const inner = x.embedded![0];
    expect(inner.origin.filePart).toMatch(/^word\/embeddings\/.+\.docx$/);
    const y = await extractDocx(inner.bytes, ctx());
    expect(y.parts[0].text.split('\n')[1]).toBe('机密★5年');
  });

  it('picture with a marking: one PNG image, no text', async () => {
    const x = await run('picture-marking.docx');
    expect(x.images!.map((i) => i.mediaType)).toEqual(['image/png']);
    expect(x.parts[0].text).not.toContain('机密');
  });

  it('HTML alternate chunk: read as a body part of its own', async () => {
    const x = await run('altchunk-html.docx');
    const chunk = x.parts.find((p) => p.id === 'word/afchunk1.htm');
    expect(chunk?.role).toBe('body');
    expect(chunk?.text.split('\n')).toContain('机密★3年');
    expect(chunk?.text).not.toContain('font-size');
  });

  it('truncated: what remains is read and the damage is reported', async () => {
    const x = await run('truncated.docx');
    expect(x.unread.some((u) => u.where === 'file' && u.reason === 'corrupt')).toBe(true);
  });

  it('encrypted: unread, encrypted', async () => {
    const x = await run('encrypted.docx');
    expect(x.parts).toEqual([]);
    expect(x.unread).toEqual([expect.objectContaining({ where: 'file', reason: 'encrypted' })]);
  });

  it('benign documents: no unread content, headers, footers and footnotes read', async () => {
    const names = readdirSync(SAMPLES).filter((n) => n.startsWith('benign-'));
    expect(names.length).toBeGreaterThanOrEqual(6);
    for (const n of names) {
      const x = await run(n);
      expect(x.unread, n).toEqual([]);
      expect(partsBy(x, 'header'), n).toHaveLength(1);
      expect(partsBy(x, 'footnote')[0]?.text, n).toBe('本文根据会议记录和公开资料整理。');
      expect(x.parts[0].blocks![0], n).toMatchObject({ kind: 'heading', index: 1, align: 'center' });
    }
  });

  it('labels.json names every committed sample and only those', () => {
    const labels = JSON.parse(readFileSync(join(SAMPLES, 'labels.json'), 'utf8')) as { version: number; files: Record<string, unknown> };
    expect(labels.version).toBe(1);
    const files = readdirSync(SAMPLES).filter((n) => n.endsWith('.docx')).sort();
    expect(Object.keys(labels.files).sort()).toEqual(files);
  });
});
