/**
 * A vector picture (EMF) on a slide writes text: 机 密 ★ 5 年 drawn one character per text record,
 * the records written last to first. The picture stays unread (its drawing is not OCR'd), but what
 * it writes is read as it stands, so the marking is found.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScanner, type Scanner } from '@prepub/scanner';
import { metafileText } from '@prepub/ooxml';
import { pptx } from '../../ooxml/test/ooxml-writer.ts';
import { emf, wmf } from '../../ooxml/test/metafile-writer.ts';

let scanner: Scanner;
beforeAll(async () => {
  scanner = await createScanner({ ocr: false });
});
afterAll(() => scanner?.close());

/** An EMF (the test writer names it .png, as a slide picture): `chars` one per record at x = 100, 200 …, written last to first, with a title line below. */
const picture = (chars: string[], opts: { glyphIndex?: boolean; ansi?: boolean } = {}) =>
  emf([...chars.map((text, i) => ({ x: 100 + 100 * i, y: 100, text })).reverse(), { x: 100, y: 400, text: '江临市汛期物资调度示意图' }], opts);
const deck = (png: Uint8Array) => pptx({ slides: [{ shapes: [{ text: ['江临市汛期物资调度情况汇报'] }, { picture: png, descr: '示意图' }] }] });

describe('EMF pictures: the text they write', () => {
  it('joins strings drawn on one baseline left to right, lines top to bottom; UTF-16 and GBK records; glyph indices counted', () => {
    expect(metafileText(picture([...'机密★5年']), 'emf')).toEqual({ lines: ['机密★5年', '江临市汛期物资调度示意图'], glyphIndexed: 0 });
    expect(metafileText(picture([...'机密★5年'], { ansi: true }), 'emf').lines[0]).toBe('机密★5年');
    expect(metafileText(picture([...'机密'], { glyphIndex: true }), 'emf')).toEqual({ lines: [], glyphIndexed: 3 });
    expect(metafileText(new Uint8Array([1, 0, 0, 0, 200, 0, 0, 0]), 'emf')).toEqual({ lines: [], glyphIndexed: 0 });
    // Strings whose advances put them far apart (a legend, a table's cells) stand apart; adjacent ones join.
    const spaced = emf([{ x: 100, y: 50, text: '绝密', advance: 40 }, { x: 800, y: 50, text: '机密', advance: 40 }, { x: 880, y: 50, text: '★5年', advance: 40 }]);
    expect(metafileText(spaced, 'emf').lines).toEqual(['绝密\t机密★5年']);
    expect(metafileText(wmf([{ x: 300, y: 50, text: '密★5年' }, { x: 100, y: 50, text: '机' }]), 'wmf').lines).toEqual(['机密★5年']);
  });

  it('a slide picture writing 机密★5年 blocks, located in the picture; it stays unread', async () => {
    const r = await scanner.scan(deck(picture([...'机密★5年'])), { filename: 'deck.pptx' });
    expect(r.verdict).toBe('block');
    expect(r.findings.some((f) => f.location.part.startsWith('ppt/media/image1-') && f.explanation.normalized === '机密★5年')).toBe(true);
    expect(r.coverage.unread.some((u) => /vector picture \(EMF\)/.test(u.detail))).toBe(true);
  });

  it('one writing 保密宣传月 is reviewed for its unread drawing only, with no finding', async () => {
    const r = await scanner.scan(deck(picture([...'保密宣传月'])), { filename: 'deck.pptx' });
    expect(r.verdict).toBe('review');
    expect(r.findings.filter((f) => f.severity !== 'info')).toEqual([]);
  });
});
