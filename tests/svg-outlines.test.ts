/**
 * Lettering drawn as outlines in SVG drawings (a poster's outlined marking and title, a routing slip
 * written by cairo as glyph symbols drawn by <use>, a page's inline SVG banner): no character of it
 * is in the file, so its text reading was empty and the file passed. Each line of outlined glyphs is
 * cut out of the drawing, rasterised and OCR'd, located in the drawing's own units; with OCR off it
 * is unread. A publicity-month poster whose outlined lettering reads as harmless passes.
 * Samples: samples/scripts/make-svg-outline-samples.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createScanner, type Scanner } from '@prepub/scanner';
import { docx, para, REL } from '../packages/extract-docx/test/helpers.ts';

const DIR = resolve(import.meta.dirname, '../samples/html');
const read = (f: string) => new Uint8Array(readFileSync(join(DIR, f)));

/** Where each sample's outlined marking is drawn (its units, from the top left). */
const MARKINGS: Array<[string, { x: number; y: number; width: number; height: number }]> = [
  // 机密★5年 at 21 px, baseline 80.
  ['outlined-marking-poster.svg', { x: 56, y: 60, width: 96, height: 24 }],
  // 秘密★1年 after 密级：at 18 px, baseline 170.
  ['outlined-glyph-symbols.svg', { x: 96, y: 152, width: 100, height: 22 }],
  // 机密★5年 at 20 px, baseline 40, in the banner.
  ['outlined-banner-inline.html', { x: 24, y: 21, width: 92, height: 24 }],
];

describe('lettering drawn as outlines in SVG (OCR, slow)', () => {
  let scanner: Scanner;
  beforeAll(async () => {
    scanner = await createScanner({ ocr: { workers: 1 } });
  });
  afterAll(() => scanner.close());

  it.each(MARKINGS)('%s blocks, the marking located where the drawing shows it', async (file, at) => {
    const r = await scanner.scan(read(file), { filename: file });
    expect(r.verdict).toBe('block');
    const f = r.findings.find((x) => x.ruleId === 'marking.cn-state-secret' && x.severity === 'block')!;
    expect(f.location).toMatchObject({ role: 'ocr' });
    expect(f.location.part).toMatch(/^ocr:html:svg-drawing1/);
    const box = f.location.box!;
    expect(box.unit).toBe('px');
    expect(box.x).toBeGreaterThan(at.x - 10);
    expect(box.x + box.width).toBeLessThan(at.x + at.width + 10);
    expect(box.y).toBeGreaterThan(at.y - 10);
    expect(box.y + box.height).toBeLessThan(at.y + at.height + 10);
  });

  it('passes a publicity-month poster: an emblem drawn as one shape, harmless lettering read', async () => {
    const r = await scanner.scan(read('benign-outlined-emblem.svg'), { filename: 'benign-outlined-emblem.svg' });
    expect(r.coverage.unread).toEqual([]);
    expect(r.verdict).toBe('pass');
    const ocr = r.coverage.parts.filter((p) => p.role === 'ocr');
    // The two outlined lines, not the emblem.
    expect(ocr).toHaveLength(2);
  });
});

describe('lettering drawn as outlines in SVG, OCR off', () => {
  let scanner: Scanner;
  beforeAll(async () => {
    scanner = await createScanner({ ocr: false });
  });
  afterAll(() => scanner.close());

  it.each(MARKINGS)('%s is review: each outlined line unread, with its box', async (file, at) => {
    const r = await scanner.scan(read(file), { filename: file });
    expect(r.verdict).toBe('review');
    const lines = r.coverage.unread.filter((u) => u.reason === 'ocr-unavailable' && /drawn as outlines/.test(u.origin?.detail ?? ''));
    expect(lines.length).toBeGreaterThan(0);
    const marking = lines.find((u) => {
      const b = u.origin!.box!;
      return b.x <= at.x + 2 && b.x + b.width >= at.x + at.width - 2 && b.y <= at.y + 2 && b.y + b.height >= at.y + at.height - 2;
    });
    expect(marking?.origin?.box?.unit).toBe('px');
  });
});

/** A 1 × 1 white PNG: the fallback Word stores beside an SVG picture, here showing nothing. */
const WHITE_PNG = Uint8Array.from(Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4//8/AAX+Av4N70a4AAAAAElFTkSuQmCC', 'base64'));
/** A Word document with an SVG picture (asvg:svgBlip) over a PNG fallback, as Word 2016 and later write it. */
const wordWithSvg = (svg: Uint8Array): Uint8Array =>
  docx(
    `${para('江临市自然资源局关于公布2026年第三批不动产登记信息的公告')}<w:p><w:r><w:drawing><wp:inline><a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:pic xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:blipFill><a:blip r:embed="rId10"><a:extLst><a:ext uri="{96DAC541-7B7A-43D3-8B79-37D633B846F1}"><asvg:svgBlip xmlns:asvg="http://schemas.microsoft.com/office/drawing/2016/SVG/main" r:embed="rId11"/></a:ext></a:extLst></a:blip></pic:blipFill></pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r></w:p>`,
    { 'word/media/image1.png': WHITE_PNG, 'word/media/image2.svg': svg },
    [`<Relationship Id="rId10" Type="${REL}/image" Target="media/image1.png"/>`, `<Relationship Id="rId11" Type="${REL}/image" Target="media/image2.svg"/>`],
  );

describe('an SVG picture in a Word document, its PNG fallback blank', () => {
  it('blocks on the lettering the SVG draws as outlines (OCR, slow)', async () => {
    const scanner = await createScanner({ ocr: { workers: 1 } });
    try {
      const r = await scanner.scan(wordWithSvg(read('outlined-marking-poster.svg')), { filename: 'notice.docx' });
      expect(r.verdict).toBe('block');
      const f = r.findings.find((x) => x.ruleId === 'marking.cn-state-secret' && x.severity === 'block')!;
      expect(f.location.role).toBe('ocr');
      expect(f.location.box?.unit).toBe('px');
    } finally {
      await scanner.close();
    }
  });

  it('is review without OCR: the outlined lines are unread', async () => {
    const scanner = await createScanner({ ocr: false });
    try {
      const r = await scanner.scan(wordWithSvg(read('outlined-marking-poster.svg')), { filename: 'notice.docx' });
      expect(r.verdict).toBe('review');
      expect(r.coverage.unread.some((u) => u.reason === 'ocr-unavailable' && /drawn as outlines/.test(u.origin?.detail ?? ''))).toBe(true);
    } finally {
      await scanner.close();
    }
  });
});
