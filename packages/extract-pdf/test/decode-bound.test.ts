/**
 * Decodes without an output bound (dccc880 bounded only a thumbnail's lone Flate filter): a page
 * thumbnail whose data is LZW, RunLength, ASCII85 or a chain of filters (Flate then RunLength), an
 * indexed thumbnail's palette stream, and a hybrid PDF's trailer /AdditionalStreams were decoded
 * whole by pdf-lib, however far they expanded: a few kB of LZW became hundreds of MB, and a list of
 * thousands of filters allocated a decoder each; the same trailer stream, which no object reaches,
 * was decoded whole once more to see whether it was XML. Now every filter's output is bounded (a
 * thumbnail: what its size needs plus 64 kB; a palette: 768 bytes plus 64 kB; the trailer's streams:
 * the file size limit, all of them together, and 200 times their size; any stream no object reaches:
 * 64 MB) and a filter chain is at most 8 long; past a bound the picture is a loss and the stream is
 * unread (limit), never read nor dropped silently. Time bounds are loose (a shared 2-core machine);
 * the messages fail on the old source.
 */
import { describe, expect, it } from 'vitest';
import zlib from 'node:zlib';
import { DEFAULT_LIMITS } from '@prepub/core';
import { createScanner } from '@prepub/scanner';
import { createPdfExtractor } from '../src/index.ts';
import { buildPdf, linesContent, onePage, stream } from './raw-pdf.ts';
import { cpuMsSince } from '../../../tests/cpu-time.ts';

const extractor = createPdfExtractor({ renderPages: false });
const extract = (bytes: Uint8Array) => extractor.extract(bytes, { limits: DEFAULT_LIMITS, filename: 'x.pdf' });
const thumbLoss = (r: Awaited<ReturnType<typeof extract>>) => (r.loss ?? []).filter((l) => /thumbnail/.test(l.detail));
const thumbnails = (r: Awaited<ReturnType<typeof extract>>) => (r.images ?? []).filter((i) => /thumbnail/.test(i.id));

/**
 * LZW data (EarlyChange 1, as pdf-lib and pdf.js decode it) of zeros: codes 258, 259, … each one
 * zero longer than the last until the table is full, then `repeats` times its longest entry
 * (3,839 zeros for 12 bits). 200,000 repeats: 300 kB of data, 775 MB decoded.
 */
export function lzwBomb(repeats: number): Uint8Array {
  const out: number[] = [];
  let acc = 0;
  let bits = 0;
  const put = (code: number, len: number) => {
    acc = (acc << len) | code;
    bits += len;
    while (bits >= 8) {
      bits -= 8;
      out.push((acc >>> bits) & 0xff);
    }
    acc &= (1 << bits) - 1;
  };
  let len = 9;
  let next = 258;
  put(0, len);
  for (; next < 4096; ) {
    put(next, len);
    next++;
    if (((next + 1) & next) === 0) len = Math.min(Math.log2(next + 1) + 1, 12);
  }
  for (let i = 0; i < repeats; i++) put(4095, 12);
  put(257, 12);
  if (bits) out.push((acc << (8 - bits)) & 0xff);
  return Uint8Array.from(out);
}

/** RunLength data of `n` runs of 128 zeros (2 bytes each). */
const rlRuns = (n: number): Uint8Array => Uint8Array.from(Buffer.alloc(n * 2, Buffer.from([0x81, 0])));

const thumbPdf = (thumb: Uint8Array, more: Uint8Array[] = []) => buildPdf(onePage(stream('', linesContent(['Annual report'])), { page: '/Thumb 6 0 R', more: [thumb, ...more] }));
const GREY_2x2 = '/Width 2 /Height 2 /ColorSpace /DeviceGray /BitsPerComponent 8';

describe('PDF stream decodes within a bound', () => {
  it('the LZW encoder of this test decodes as intended (a small table of zeros reads as a thumbnail)', async () => {
    // 0 repeats: 1 + 2 + … + 3839 zeros ≈ 7.4 MB is past 64 kB, so the smallest check is through pdf-lib directly.
    const { decodePDFRawStream, PDFDocument, PDFName, PDFRawStream } = await import('pdf-lib');
    const doc = await PDFDocument.create();
    const data = lzwBomb(10);
    const s = PDFRawStream.of(doc.context.obj({ Filter: PDFName.of('LZWDecode') }), data);
    const d = decodePDFRawStream(s).decode();
    expect(d.length).toBe((3839 * 3840) / 2 + 10 * 3839);
    expect(d.every((b) => b === 0)).toBe(true);
  });

  it('a 2 × 2 thumbnail whose LZW data decodes to 775 MB is a loss, decoded no further than 64 kB (< 8 s under load; was 20-30 s and 1.4 GB)', async () => {
    const t = process.cpuUsage();
    const r = await extract(thumbPdf(stream(`${GREY_2x2} /Filter /LZWDecode`, lzwBomb(200_000))));
    expect(cpuMsSince(t)).toBeLessThan(8000);
    expect(thumbnails(r)).toEqual([]);
    expect(thumbLoss(r)[0].where).toMatch(/LZWDecode data decodes past .* bytes its size needs \(a bomb\)/);
  });

  it('a thumbnail whose data is Flate then RunLength (9 kB to 512 MB) is a loss: each filter of a chain is bounded, not only a lone Flate (< 8 s under load; was 20 s and 1.2 GB)', async () => {
    const t = process.cpuUsage();
    const data = zlib.deflateSync(Buffer.from(rlRuns(4 << 20)), { level: 9 });
    const r = await extract(thumbPdf(stream(`${GREY_2x2} /Filter [/FlateDecode /RunLengthDecode]`, new Uint8Array(data))));
    expect(cpuMsSince(t)).toBeLessThan(8000);
    expect(thumbnails(r)).toEqual([]);
    expect(thumbLoss(r)[0].where).toMatch(/inflates past .* bytes its size needs \(a bomb\)/);
  });

  it('RunLength within a chain is bounded too: Flate data within the bound, its RunLength runs 64 times past it', async () => {
    const data = zlib.deflateSync(Buffer.from(rlRuns(30_000)), { level: 9 });
    const r = await extract(thumbPdf(stream(`${GREY_2x2} /Filter [/FlateDecode /RunLengthDecode]`, new Uint8Array(data))));
    expect(thumbnails(r)).toEqual([]);
    expect(thumbLoss(r)[0].where).toMatch(/RunLengthDecode data decodes past/);
  });

  it('a thumbnail naming 20,000 filters is a loss without decoding any (was a decoder each, 660 MB, then a stack overflow)', async () => {
    const r = await extract(thumbPdf(stream(`${GREY_2x2} /Filter [${'/LZWDecode '.repeat(20_000)}]`, Uint8Array.of(0x80, 0x0b, 0x60, 0x50, 0x22, 0x0c, 0x0c, 0x85, 0x01))));
    expect(thumbnails(r)).toEqual([]);
    expect(thumbLoss(r)[0].where).toMatch(/20000 filters, more than the 8 decoded$/);
  });

  it('ASCII85 and abbreviated names within the bound still read: a 2 × 2 thumbnail [/A85 /RL]', async () => {
    const rl = Uint8Array.of(0x83, 200, 0x80); // four bytes of 200, then the end
    const a85 = Buffer.from(`${ascii85(rl)}~>`, 'latin1');
    const r = await extract(thumbPdf(stream(`${GREY_2x2} /Filter [/A85 /RL]`, new Uint8Array(a85))));
    expect(thumbLoss(r)).toEqual([]);
    expect(thumbnails(r)).toHaveLength(1);
  });

  it("an indexed thumbnail's palette stream that decodes to 775 MB is a loss, not decoded (< 8 s under load; was 20-30 s)", async () => {
    const t = process.cpuUsage();
    const thumb = stream('/Width 2 /Height 2 /ColorSpace [/Indexed /DeviceRGB 255 7 0 R] /BitsPerComponent 8', Uint8Array.of(0, 1, 2, 3));
    const r = await extract(thumbPdf(thumb, [stream('/Filter /LZWDecode', lzwBomb(200_000))]));
    expect(cpuMsSince(t)).toBeLessThan(8000);
    expect(thumbnails(r)).toEqual([]);
    expect(thumbLoss(r)[0].where).toMatch(/palette is not read: its LZWDecode data decodes past/);
  });

  it('a palette stream within the bound still reads', async () => {
    const thumb = stream('/Width 2 /Height 2 /ColorSpace [/Indexed /DeviceRGB 3 7 0 R] /BitsPerComponent 8', Uint8Array.of(0, 1, 2, 3));
    const r = await extract(thumbPdf(thumb, [stream('/Filter /FlateDecode', new Uint8Array(zlib.deflateSync(Buffer.alloc(12, 90))))]));
    expect(thumbLoss(r)).toEqual([]);
    expect(thumbnails(r)).toHaveLength(1);
  });

  it("a hybrid PDF's additional stream that decodes past the file size limit is unread (limit), not decoded (< 8 s under load; was 80-90 s and 2.2 GB)", async () => {
    const t = process.cpuUsage();
    const pdf = buildPdf([...onePage(stream('', linesContent(['Annual report']))), stream('/Filter /LZWDecode', lzwBomb(200_000))], '/AdditionalStreams [/application#2Fvnd#2Eoasis#2Eopendocument#2Etext 6 0 R]');
    const r = await extractor.extract(pdf, { limits: { ...DEFAULT_LIMITS, maxFileBytes: 8 << 20 }, filename: 'notice.pdf' });
    expect(cpuMsSince(t)).toBeLessThan(8000);
    const u = r.unread.find((x) => /additional stream 6/.test(x.detail));
    expect(u?.reason).toBe('limit');
    expect(u?.detail).toMatch(/LZWDecode data decodes past 8,388,608 bytes/);
  });

  it("an additional stream decodes at most limits.maxCompressionRatio times its size, as a ZIP entry", async () => {
    const pdf = buildPdf([...onePage(stream('', linesContent(['Annual report']))), stream('/Filter /LZWDecode', lzwBomb(200_000))], '/AdditionalStreams [/application#2Fvnd#2Eoasis#2Eopendocument#2Etext 6 0 R]');
    const r = await extract(pdf);
    const u = r.unread.find((x) => /additional stream 6/.test(x.detail));
    expect(u?.reason).toBe('limit');
    expect(u?.detail).toMatch(/decodes past 6\d,\d{3},\d{3} bytes, 200 times its 30\d,\d{3} bytes \(a bomb\)/);
  });

  it("an LZW bomb no reference reaches is reported not read past 64 MB, not decoded whole (< 15 s under load; was 50 s)", async () => {
    const t = process.cpuUsage();
    const r = await extract(buildPdf([...onePage(stream('', linesContent(['Annual report']))), stream('/Filter /LZWDecode', lzwBomb(200_000))]));
    expect(cpuMsSince(t)).toBeLessThan(15000);
    const l = (r.loss ?? []).find((x) => x.where === 'unreferenced objects' && x.reason === 'limit');
    expect(l?.detail).toMatch(/object 6 0\) decode past 67,108,864 bytes, the most one such stream is decoded to/);
  });
});

/** ASCII85 of `b` (no `z` shortcut). */
function ascii85(b: Uint8Array): string {
  let s = '';
  for (let i = 0; i < b.length; i += 4) {
    const n = Math.min(4, b.length - i);
    let v = 0;
    for (let j = 0; j < 4; j++) v = v * 256 + (j < n ? b[i + j] : 0);
    const c: string[] = [];
    for (let j = 0; j < 5; j++) {
      c.unshift(String.fromCharCode(33 + (v % 85)));
      v = Math.floor(v / 85);
    }
    s += c.slice(0, n + 1).join('');
  }
  return s;
}
