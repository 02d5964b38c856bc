/**
 * A Flate content stream whose compressed data ends with the byte CR (0x0D), with an indirect
 * /Length (as LibreOffice writes them): the end of the stream is found by searching for
 * `endstream`, and `<CR><LF>endstream` reads as an end of line, so the data's last byte is left
 * out. About one stream in 256 ends so: such a page was reported damaged and its file sent to review.
 */
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScanner, type Scanner } from '@prepub/scanner';
import { decodeContent } from '../src/content.ts';
import { buildPdf, linesContent, onePage } from './raw-pdf.ts';

const latin1 = (s: string): Uint8Array => Uint8Array.from(Buffer.from(s, 'latin1'));
const fallback = (): Uint8Array => {
  throw new Error('not used');
};

/** Content lines whose deflated bytes end with CR: the first such variant of a short notice. */
function contentEndingInCr(first: string): { content: string; z: Uint8Array } {
  for (let k = 0; k < 20000; k++) {
    const content = linesContent([first, `Jianglin Robotics announces a warehouse platform, release ${k}.`]);
    const z = new Uint8Array(zlib.deflateSync(Buffer.from(content, 'latin1')));
    if (z[z.length - 1] === 0x0d) return { content, z };
  }
  throw new Error('no variant found');
}

describe('Flate data whose last byte an end-of-line search took', () => {
  const { content, z } = contentEndingInCr('Press notice');
  const page = (data: Uint8Array): Uint8Array => {
    const body = new Uint8Array([...latin1('<< /Length 6 0 R /Filter /FlateDecode >>\nstream\n'), ...data, ...latin1('\nendstream')]);
    return buildPdf([...onePage(body), `${data.length}`]);
  };

  it('decodes whole when the CR is given back, and a stream really cut or damaged still fails', () => {
    const cut = z.subarray(0, z.length - 1);
    const d = decodeContent(cut, ['FlateDecode'], false, fallback);
    expect(d.ok).toBe(true);
    if (d.ok) expect(Buffer.from(d.data!).toString('latin1')).toBe(content);
    expect(decodeContent(z.subarray(0, z.length - 3), ['FlateDecode'], false, fallback).ok).toBe(false);
    const flipped = z.slice(0, z.length - 1);
    flipped[10] ^= 0x20;
    expect(decodeContent(flipped, ['FlateDecode'], false, fallback).ok).toBe(false);
  });

  let scanner: Scanner;
  beforeAll(async () => {
    scanner = await createScanner({ ocr: false });
  });
  afterAll(() => scanner.close());

  it('a page so written with an indirect /Length passes with nothing unread; with a banner on it, it blocks', async () => {
    const r = await scanner.scan(page(z), { filename: 'press.pdf' });
    expect(r.coverage.unread).toEqual([]);
    expect(r.verdict).toBe('pass');
    const marked = await scanner.scan(page(contentEndingInCr('TOP SECRET//NOFORN').z), { filename: 'press.pdf' });
    expect(marked.coverage.unread).toEqual([]);
    expect(marked.verdict).toBe('block');
  });
});
