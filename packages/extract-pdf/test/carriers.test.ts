/**
 * Text a PDF carries where no viewer draws it: XObjects a page lists and never paints, comments in
 * content streams, XMP and /PieceInfo on pages and pictures, scripts that build their text at run
 * time. Each marked file must not pass; each benign twin of the same structure must.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '@prepub/core';
import { createScanner, type Scanner } from '@prepub/scanner';
import { createPdfExtractor } from '../src/index.ts';
import { allCarriers } from './carriers-pdf.ts';

const extractor = createPdfExtractor({ renderPages: false });
const extract = (bytes: Uint8Array) => extractor.extract(bytes, { limits: DEFAULT_LIMITS, filename: 'x.pdf' });
const files = allCarriers();
const MARK = '机密★5年';

let scanner: Scanner;
beforeAll(async () => {
  scanner = await createScanner({ ocr: false, isolation: false });
});
afterAll(async () => {
  await scanner.close();
});
const verdict = async (name: string) => (await scanner.scan(files[name], { filename: name })).verdict;

describe('XObjects a page lists but never paints', () => {
  it("reads an unpainted form's text, located on the page that lists it, and blocks its marking", async () => {
    const r = await extract(files['undrawn-form.pdf']);
    const part = r.parts.find((p) => p.id === 'page-1:undrawn:Fm1');
    expect(part?.text).toContain(MARK);
    expect(part?.role).toBe('hidden');
    expect(part?.origin).toMatchObject({ page: 1, detail: expect.stringContaining('never drawn') });
    expect(await verdict('undrawn-form.pdf')).toBe('block');
  });

  it('passes a benign unpainted form; a painted form or one another page paints is read once, as page text', async () => {
    expect(await verdict('undrawn-form-benign.pdf')).toBe('pass');
    const drawn = await extract(files['undrawn-form-drawn.pdf']);
    expect(drawn.parts.filter((p) => p.id.includes(':undrawn:'))).toEqual([]);
    expect(drawn.parts.find((p) => p.id === 'page-1')?.text).toContain(MARK);
    const shared = await extract(files['shared-resources.pdf']);
    expect(shared.parts.filter((p) => p.id.includes(':undrawn:'))).toEqual([]);
    expect(shared.loss).toEqual([]);
    expect(await verdict('shared-resources.pdf')).toBe('pass');
  });

  it('counts a picture no page paints as not read, and says nothing of a painted one', async () => {
    const r = await extract(files['undrawn-image.pdf']);
    expect(r.loss).toEqual([expect.objectContaining({ where: 'page 1', kind: 'unreadable-object', detail: expect.stringContaining('drawn by no page') })]);
    expect(await verdict('undrawn-image.pdf')).toBe('review');
    const drawn = await extract(files['undrawn-image-drawn.pdf']);
    expect((drawn.loss ?? []).filter((l) => l.detail.includes('drawn by no page'))).toEqual([]);
  });
});

describe('comments in content streams', () => {
  it.each(['comment-utf8.pdf', 'comment-hex.pdf', 'comment-escaped.pdf'])('reads a marking in a comment (%s) and blocks', async (name) => {
    const r = await extract(files[name]);
    const text = r.parts.filter((p) => p.id.startsWith('page-1:comments')).map((p) => p.text).join('\n');
    expect(text).toContain(MARK);
    expect(await verdict(name)).toBe('block');
  });

  it('passes a page whose content holds an ordinary comment', async () => {
    const r = await extract(files['comment-benign.pdf']);
    expect(r.parts.find((p) => p.id === 'page-1:comments')?.text).toBe('page 1');
    expect(r.loss).toEqual([]);
    expect(await verdict('comment-benign.pdf')).toBe('pass');
  });
});

describe('XMP of pages and pictures, and application data (/PieceInfo)', () => {
  it("reads a page's XMP as metadata located on the page, and blocks its marking", async () => {
    const r = await extract(files['page-xmp.pdf']);
    const part = r.parts.find((p) => p.id.startsWith('object-xmp:'));
    expect(part?.text).toContain(`${MARK} 关于调整值班安排的通知`);
    expect(part?.role).toBe('metadata');
    expect(part?.origin.page).toBe(1);
    expect(await verdict('page-xmp.pdf')).toBe('block');
  });

  it("reads a picture's XMP and blocks its marking", async () => {
    const r = await extract(files['image-xmp.pdf']);
    expect(r.parts.find((p) => p.id.startsWith('object-xmp:'))?.text).toContain(MARK);
    expect(await verdict('image-xmp.pdf')).toBe('block');
  });

  it('reads text kept as application data under /PieceInfo, as a stream or as strings', async () => {
    const r = await extract(files['pieceinfo-stream.pdf']);
    expect(r.parts.find((p) => p.id.startsWith('piece-info:'))?.text).toContain(`密级：${MARK}`);
    expect(await verdict('pieceinfo-stream.pdf')).toBe('block');
    const s = await extract(files['pieceinfo-strings.pdf']);
    const part = s.parts.find((p) => p.id.startsWith('piece-info:'));
    expect(part?.text).toContain(MARK);
    expect(part?.origin.page).toBe(1);
    expect(await verdict('pieceinfo-strings.pdf')).not.toBe('pass');
  });

  it('passes benign twins, and a page with office XMP and binary /PieceInfo data, with no loss', async () => {
    for (const name of ['page-xmp-benign.pdf', 'pieceinfo-stream-benign.pdf', 'pieceinfo-strings-benign.pdf', 'office-like-benign.pdf']) {
      const r = await extract(files[name]);
      expect(r.loss, name).toEqual([]);
      expect(await verdict(name), name).toBe('pass');
    }
    const office = await extract(files['office-like-benign.pdf']);
    expect(office.parts.find((p) => p.id.startsWith('object-xmp:'))?.text).toContain('安全生产检查');
  });
});

describe('scripts that build their text at run time', () => {
  it.each(['js-unescape.pdf', 'js-atob.pdf', 'js-fromcharcode.pdf'])('decodes the static form (%s) and blocks its marking', async (name) => {
    const r = await extract(files[name]);
    expect(r.parts.filter((p) => p.id.startsWith('javascript:')).map((p) => p.text).join('\n')).toContain(MARK);
    expect(await verdict(name)).toBe('block');
  });

  it.each(['js-arithmetic.pdf', 'js-reversed.pdf'])('counts text built in a way not worked out without running it (%s) as not read', async (name) => {
    const r = await extract(files[name]);
    expect(r.loss).toEqual([expect.objectContaining({ where: 'JavaScript', detail: expect.stringContaining('cannot be read without running it') })]);
    expect(await verdict(name)).toBe('review');
  });

  it('passes an ordinary alert, and static character codes and escapes of ordinary text', async () => {
    for (const name of ['js-benign.pdf', 'js-benign-codes.pdf']) {
      expect((await extract(files[name])).loss, name).toEqual([]);
      expect(await verdict(name), name).toBe('pass');
    }
    const codes = await extract(files['js-benign-codes.pdf']);
    expect(codes.parts.find((p) => p.id === 'javascript:1:strings')?.text).toContain('表单');
  });
});
