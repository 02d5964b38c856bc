/**
 * An e-book whose font draws other characters than its chapters hold. The hostile book is built
 * here: a TrueType program written byte by byte (extract-pdf's test/truetype.ts) whose cmap sends
 * 一 and 二 to glyphs named uni673A and uni5BC6 (机, 密), kept as OEBPS/fonts/song.ttf and used by
 * the book's style sheet; a chapter opening with 一二★5年 shows 机密★5年: block, found in the
 * chapter read as drawn (c1@as-drawn.xhtml). Its twin (glyphs named 一 and 二) has no such reading
 * and no font loss.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScanner, type Scanner } from '@prepub/scanner';
import { trueType } from '../../extract-pdf/test/truetype.ts';
import { C1, chapter, epub, opf } from './epub-writer.ts';

function book(names: string[]): Uint8Array {
  return epub({
    opf: opf(undefined, '<item id="f1" href="fonts/song.ttf" media-type="font/ttf"/>'),
    css: '@font-face { font-family: "Song X"; src: url(fonts/song.ttf); } h1 { font-family: "Song X"; }',
    c1: chapter('第一章　储备点管理', C1, '<h1>一二★5年</h1>'),
    extra: { 'OEBPS/fonts/song.ttf': trueType('一二', undefined, { glyphNames: names }) },
  });
}

describe('EPUB: a book font that draws other characters than the chapters hold', () => {
  let scanner: Scanner;
  beforeAll(async () => {
    scanner = await createScanner({ ocr: false });
  });
  afterAll(() => scanner.close());

  it('一二★5年 in a font whose glyphs for 一 二 are named uni673A uni5BC6 (机密) is read as drawn: block', async () => {
    const r = await scanner.scan(book(['uni673A', 'uni5BC6']), { filename: '手册.epub' });
    expect(r.verdict).toBe('block');
    expect(r.findings.some((f) => JSON.stringify(f.location).includes('@as-drawn'))).toBe(true);
    expect(r.coverage.unread.map((u) => u.detail).join('\n')).toMatch(/glyphs named as other ideographs/);
  });

  it('twin: the same book whose font names its glyphs 一 二: no reading as drawn, no font loss, no block', async () => {
    const r = await scanner.scan(book(['uni4E00', 'uni4E8C']), { filename: '手册.epub' });
    expect(r.verdict).not.toBe('block');
    expect(r.findings.some((f) => JSON.stringify(f.location).includes('@as-drawn'))).toBe(false);
    expect(r.coverage.unread.map((u) => u.detail).join('\n')).not.toMatch(/glyphs named as other ideographs|many contours/);
  });
});
