/**
 * Page thumbnails read for OCR (7492427) had no bound but 4 million pixels and 2,000 thumbnails:
 * 2,000 pages naming one 2000 × 2000 thumbnail decoded and encoded it again for every page (60 ms a
 * page, 2 minutes for a 340 kB file), and a Flate thumbnail of 2 × 2 pixels inflated all its data
 * (a bomb of gigabytes). Now a stream named by many pages is decoded once, all thumbnails of a file
 * are read up to 32 million pixels (past it: a loss), and Flate data is inflated only as far as the
 * picture needs (more: a loss).
 */
import { describe, expect, it } from 'vitest';
import zlib from 'node:zlib';
import { DEFAULT_LIMITS } from '@prepub/core';
import { createPdfExtractor } from '../src/index.ts';
import { buildPdf, linesContent, onePage, stream } from './raw-pdf.ts';
import { cpuMsSince } from '../../../tests/cpu-time.ts';

const extractor = createPdfExtractor({ renderPages: false });
const extract = (bytes: Uint8Array) => extractor.extract(bytes, { limits: DEFAULT_LIMITS, filename: 'x.pdf' });
const thumbStream = (dict: string, data: Uint8Array) => Uint8Array.from(Buffer.concat([Buffer.from(`<< ${dict} /Length ${data.length} >>\nstream\n`, 'latin1'), data, Buffer.from('\nendstream', 'latin1')]));
const big = () => thumbStream('/Width 2000 /Height 2000 /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /FlateDecode', zlib.deflateSync(Buffer.alloc(2000 * 2000, 255), { level: 9 }));
const thumbLoss = (r: Awaited<ReturnType<typeof extract>>) => (r.loss ?? []).filter((l) => /thumbnail/.test(l.detail));

/** n pages sharing one content stream; `shared`: one 2000 × 2000 thumbnail for all, else one each. */
function pages(n: number, shared: boolean): Uint8Array {
  const first = shared ? 7 : 6 + n + 1;
  const kids = Array.from({ length: n }, (_, i) => `${first + i} 0 R`).join(' ');
  const thumbs = shared ? [big()] : Array.from({ length: n }, big);
  return buildPdf([
    '<< /Type /Catalog /Pages 2 0 R >>',
    `<< /Type /Pages /Kids [${kids}] /Count ${n} >>`,
    '<< >>',
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>',
    stream('', linesContent(['Annual report'])),
    ...thumbs,
    ...Array.from({ length: n }, (_, i) => `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R /Thumb ${shared ? 6 : 6 + i} 0 R >>`),
  ]);
}

describe('PDF thumbnails within a bound', () => {
  it('400 pages naming one 2000 × 2000 thumbnail: decoded once, < 3 s, a picture for every page', async () => {
    await extract(pages(2, true));
    const t = process.cpuUsage();
    const r = await extract(pages(400, true));
    // About 1.1 s of CPU measured; decoded again for each page it took 28 s.
    expect(cpuMsSince(t)).toBeLessThan(4000);
    expect(r.images?.filter((i) => /thumbnail/.test(i.id)).length).toBe(400);
    expect(thumbLoss(r)).toEqual([]);
  });

  it('12 distinct 2000 × 2000 thumbnails: 8 read (32 million pixels), 4 a loss', async () => {
    const r = await extract(pages(12, false));
    expect(r.images?.filter((i) => /thumbnail/.test(i.id)).length).toBe(8);
    expect(thumbLoss(r).reduce((a, l) => a + (l.count ?? 1), 0)).toBe(4);
    expect(thumbLoss(r)[0].where).toMatch(/pixels of thumbnails read per file/);
  });

  it('a 2 × 2 thumbnail whose Flate data inflates to 64 MB is a loss, not inflated', async () => {
    const bomb = thumbStream('/Width 2 /Height 2 /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /FlateDecode', zlib.deflateSync(Buffer.alloc(64 << 20), { level: 9 }));
    const r = await extract(buildPdf(onePage(stream('', linesContent(['Annual report'])), { page: '/Thumb 6 0 R', more: [bomb] })));
    expect(r.images?.some((i) => /thumbnail/.test(i.id))).toBe(false);
    expect(thumbLoss(r)[0].where).toMatch(/inflates past/);
  });
});
