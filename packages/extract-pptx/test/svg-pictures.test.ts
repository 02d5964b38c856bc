/**
 * An SVG picture on a slide is a picture: its text is read where it is drawn (two tspans written
 * 密★5年 then 机, placed 机 first, show 机密★5年), and what it draws otherwise (letters as paths)
 * is not OCR'd, so the picture is unread. It was read as XML in file order and counted as read.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScanner, type Scanner } from '@prepub/scanner';
import { pptx } from '../../ooxml/test/ooxml-writer.ts';

let scanner: Scanner;
beforeAll(async () => {
  scanner = await createScanner({ ocr: false });
});
afterAll(() => scanner?.close());

const OUT_OF_ORDER = (first: string, rest: string) => `<svg xmlns="http://www.w3.org/2000/svg" width="300" height="60"><text y="40" font-size="30"><tspan x="50">${rest}</tspan><tspan x="10">${first}</tspan></text></svg>`;
const PATHS = '<svg xmlns="http://www.w3.org/2000/svg" width="300" height="60"><path d="M10 10 L50 50 L10 50 Z M60 10 C70 20 80 30 90 10 Z"/><path d="M150 10 L190 50 L150 50 Z"/></svg>';

/** A deck whose slide shows a title and an SVG picture (named as the test writer names pictures: the reader goes by the bytes). */
const deck = (svg: string): Uint8Array => pptx({ slides: [{ shapes: [{ text: ['江临市汛期物资调度情况汇报'] }, { picture: new TextEncoder().encode(svg), descr: '示意图' }] }] });

describe('PPTX: SVG pictures', () => {
  it('text placed out of file order reads as drawn and blocks; the picture is unread', async () => {
    const r = await scanner.scan(deck(OUT_OF_ORDER('机', '密★5年')), { filename: 'deck.pptx' });
    expect(r.verdict).toBe('block');
    expect(r.findings.some((f) => f.explanation.normalized === '机密★5年' && f.severity === 'block' && f.location.part.startsWith('image1-3'))).toBe(true);
    expect(r.coverage.unread.some((u) => /vector picture \(SVG\)/.test(u.detail))).toBe(true);
  });

  it('letters drawn as paths are not passed: review', async () => {
    const r = await scanner.scan(deck(PATHS), { filename: 'deck.pptx' });
    expect(r.verdict).toBe('review');
    expect(r.coverage.unread.some((u) => /vector picture \(SVG\)/.test(u.detail))).toBe(true);
  });

  it('保 and 密宣传月 so placed give no finding', async () => {
    const r = await scanner.scan(deck(OUT_OF_ORDER('保', '密宣传月')), { filename: 'deck.pptx' });
    expect(r.findings.filter((f) => f.severity !== 'info')).toEqual([]);
  });
});
