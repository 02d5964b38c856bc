/**
 * Page thumbnails (/Thumb: a picture viewers show in their page panel instead of rendering the
 * page). A thumbnail showing a marking the page does not (or a blank page's) was only counted as a
 * loss (review, never read). It is now read as a picture for OCR — JPEG as is; Flate or unfiltered
 * 8-bit grey, RGB or indexed data as a PNG — and only one this reader cannot decode is a loss.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import zlib from 'node:zlib';
import { DEFAULT_LIMITS } from '@prepub/core';
import { createScanner, type Scanner } from '@prepub/scanner';
import { createCanvas, loadImage } from '@napi-rs/canvas';
import { createPdfExtractor } from '../src/index.ts';
import { buildPdf, linesContent, onePage, stream } from './raw-pdf.ts';

const extractor = createPdfExtractor({ renderPages: false });
const extract = (bytes: Uint8Array) => extractor.extract(bytes, { limits: DEFAULT_LIMITS, filename: 'x.pdf' });
/** One page (its text `lines`) whose /Thumb is object 6, `thumb`. */
const withThumb = (thumb: Uint8Array | string, lines: string[] = ['Annual report 2026']) => buildPdf(onePage(stream('', linesContent(lines)), { page: '/Thumb 6 0 R', more: [thumb] }));
const fixture = (name: string) => new URL(`../../ocr/test/fixtures/${name}`, import.meta.url).pathname;

/** A picture file as a Flate-compressed DeviceRGB thumbnail stream (no /Subtype, as thumbnails are written). */
async function rgbThumb(file: string): Promise<Uint8Array> {
  const img = await loadImage(file);
  const canvas = createCanvas(img.width, img.height);
  const g = canvas.getContext('2d');
  g.fillStyle = '#fff';
  g.fillRect(0, 0, img.width, img.height);
  g.drawImage(img, 0, 0);
  const rgba = g.getImageData(0, 0, img.width, img.height).data;
  const rgb = Buffer.alloc(img.width * img.height * 3);
  for (let i = 0, j = 0; i < rgba.length; i += 4, j += 3) (rgb[j] = rgba[i]), (rgb[j + 1] = rgba[i + 1]), (rgb[j + 2] = rgba[i + 2]);
  return thumbStream(`/Width ${img.width} /Height ${img.height} /ColorSpace /DeviceRGB /BitsPerComponent 8 /Filter /FlateDecode`, zlib.deflateSync(rgb));
}
const thumbStream = (dict: string, data: Uint8Array) => Uint8Array.from(Buffer.concat([Buffer.from(`<< ${dict} /Length ${data.length} >>\nstream\n`, 'latin1'), data, Buffer.from('\nendstream', 'latin1')]));
const thumbLoss = (r: Awaited<ReturnType<typeof extract>>) => (r.loss ?? []).filter((l) => /thumbnail/.test(l.detail));

describe('PDF page thumbnails', () => {
  it('grey, RGB and indexed thumbnails are read as PNG pictures of their page, a JPEG one as is; none is a loss', async () => {
    const grey = thumbStream('/Width 2 /Height 1 /ColorSpace /DeviceGray /BitsPerComponent 8', Uint8Array.of(0, 255));
    const indexed = thumbStream('/Width 2 /Height 1 /ColorSpace [/Indexed /DeviceRGB 1 <FF000000FF00>] /BitsPerComponent 8 /Filter /FlateDecode', zlib.deflateSync(Uint8Array.of(0, 1)));
    const jpeg = thumbStream('/Width 1 /Height 1 /ColorSpace /DeviceRGB /BitsPerComponent 8 /Filter /DCTDecode', Uint8Array.of(0xff, 0xd8, 0xff, 0xd9));
    for (const [thumb, type] of [[grey, 'image/png'], [indexed, 'image/png'], [jpeg, 'image/jpeg']] as const) {
      const r = await extract(withThumb(thumb));
      const pic = r.images?.find((i) => i.id === 'page-1:thumbnail');
      expect(pic?.mediaType, type).toBe(type);
      expect(pic?.origin.page).toBe(1);
      expect(thumbLoss(r)).toEqual([]);
    }
    const png = (await extract(withThumb(indexed))).images!.find((i) => i.id === 'page-1:thumbnail')!;
    const img = await loadImage(Buffer.from(png.bytes));
    const c = createCanvas(2, 1).getContext('2d');
    c.drawImage(img, 0, 0);
    expect([...c.getImageData(0, 0, 2, 1).data]).toEqual([255, 0, 0, 255, 0, 255, 0, 255]);
  });

  it('a thumbnail this reader cannot decode (4 bits a component, JBIG2, cut short) is a loss, never dropped', async () => {
    for (const thumb of [
      thumbStream('/Width 2 /Height 1 /ColorSpace /DeviceGray /BitsPerComponent 4', Uint8Array.of(0x0f)),
      thumbStream('/Width 2 /Height 1 /ColorSpace /DeviceGray /BitsPerComponent 1 /Filter /JBIG2Decode', Uint8Array.of(1, 2, 3)),
      thumbStream('/Width 20 /Height 20 /ColorSpace /DeviceGray /BitsPerComponent 8', Uint8Array.of(1, 2, 3)),
    ]) {
      const r = await extract(withThumb(thumb));
      expect(r.images?.some((i) => i.id === 'page-1:thumbnail')).toBe(false);
      expect(thumbLoss(r)).toHaveLength(1);
    }
  });

  describe('through OCR', () => {
    let scanner: Scanner;
    beforeAll(async () => {
      scanner = await createScanner({ ocr: true });
    });
    afterAll(async () => {
      await scanner?.close();
    });

    it('a blank page whose thumbnail shows 机密★5年 blocks, located on the thumbnail; a thumbnail of an ordinary notice passes', { timeout: 240_000 }, async () => {
      const marked = await scanner.scan(withThumb(await rgbThumb(fixture('marked-grey.png')), []), { filename: 'report.pdf' });
      expect(marked.verdict).toBe('block');
      expect(marked.findings.some((f) => f.severity === 'block' && /thumbnail/.test(f.location.part))).toBe(true);
      const plain = await scanner.scan(withThumb(await rgbThumb(fixture('plain-watermark-sample.png')), ['Annual report 2026: the committee met on 4 May to review the supply schedule.']), { filename: 'report.pdf' });
      expect(plain.verdict).toBe('pass');
    });
  });
});
