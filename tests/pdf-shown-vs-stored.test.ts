/**
 * What a PDF page shows against what its file says: pictures whose data does not decode (drawn
 * blank, so OCR reads nothing there), fonts whose ToUnicode map names other characters than their
 * glyphs draw, form fields whose appearance shows other text than their value, Type3 glyphs and
 * pattern cells that paint pictures. The PDFs are written here, byte by byte.
 */
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScanner, type Scanner } from '@prepub/scanner';
import { buildPdf, onePageCjk, stream, ucs2 } from '../packages/extract-pdf/test/raw-pdf.ts';

const BODY = `BT /F2 12 Tf 16 TL 72 700 Td ${ucs2('关于做好2024年度安全生产检查工作的通知')} Tj T* ${ucs2('各科室：请于五月底前完成自查并报送办公室。')} Tj ET`;

/** A page with the body text and a picture (object 7) of 288 × 72 px drawn 144 × 36 pt at the top left. */
function withPicture(dict: string, data: Uint8Array | string, bits = 8): Uint8Array {
  const picture = stream(`/Type /XObject /Subtype /Image /Width 288 /Height 72 /ColorSpace /DeviceGray /BitsPerComponent ${bits} ${dict}`, data);
  return buildPdf(onePageCjk(stream('', `q 144 0 0 36 60 740 cm /Im1 Do Q\n${BODY}`), { page: '/Resources << /Font << /F1 4 0 R /F2 6 0 R >> /XObject << /Im1 7 0 R >> >>', more: [picture] }));
}

const GARBAGE = 'data that is no picture at all, repeated '.repeat(24);

describe('PDF: pictures whose data does not decode', () => {
  let scanner: Scanner;
  beforeAll(async () => {
    scanner = await createScanner({ ocr: { workers: 1 } });
  });
  afterAll(() => scanner.close());

  it('a JPEG, JPEG 2000 or JBIG2 picture pdf.js cannot decode, or Flate data damaged or cut short, is a loss: review, not pass', async () => {
    const white = new Uint8Array(288 * 72).fill(255);
    const deflated = zlib.deflateSync(white);
    const flipped = Uint8Array.from(deflated);
    flipped[flipped.length - 2] ^= 0xff;
    const cases: Array<[string, Uint8Array]> = [
      ['DCT', withPicture('/Filter /DCTDecode', GARBAGE)],
      ['JPX', withPicture('/Filter /JPXDecode', GARBAGE)],
      ['JBIG2', withPicture('/Filter /JBIG2Decode', GARBAGE, 1)],
      ['Flate, not Flate data', withPicture('/Filter /FlateDecode', GARBAGE)],
      ['Flate, a byte flipped', withPicture('/Filter /FlateDecode', flipped)],
      ['Flate, half the rows', withPicture('/Filter /FlateDecode', zlib.deflateSync(white.subarray(0, 288 * 36)))],
    ];
    for (const [label, bytes] of cases) {
      const r = await scanner.scan(bytes, { filename: '通知.pdf' });
      expect(r.verdict, label).toBe('review');
      expect(r.coverage.unread.map((u) => u.detail).join('\n'), label).toMatch(/could not be decoded whole/);
    }
  }, 120_000);

  it('the same page with its picture whole (white, Flate) passes with nothing unread', async () => {
    const r = await scanner.scan(withPicture('/Filter /FlateDecode', zlib.deflateSync(new Uint8Array(288 * 72).fill(255))), { filename: '通知.pdf' });
    expect(r.verdict).toBe('pass');
    expect(r.coverage.unread).toEqual([]);
  }, 60_000);
});

