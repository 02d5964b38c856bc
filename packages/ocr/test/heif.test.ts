/**
 * HEIF pictures: a phone's HEIC photo (HEVC, decoded by libheif in WebAssembly) and AVIF (AV1,
 * decoded by sharp), told from video in the same container by their `ftyp` brands. A damaged one is
 * an error a reviewer reads, never a blank page.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { isoImageKind } from '@prepub/core';
import { sniffFormat } from '../../extractors/src/sniff.ts';
import { ImageDecodeError, openImage, sniffImage } from '../src/decode.ts';

const samples = fileURLToPath(new URL('../../../samples/images/', import.meta.url));
const heic = new Uint8Array(readFileSync(samples + 'notice-marked-photo.heic'));
const avif = new Uint8Array(readFileSync(samples + 'benign-public-notice.avif'));

/** An `ftyp` box with these brands, then nothing. */
function ftyp(major: string, ...compatible: string[]): Uint8Array {
  const size = 16 + 4 * compatible.length;
  const b = Buffer.alloc(size + 8);
  b.writeUInt32BE(size, 0);
  b.write('ftyp', 4, 'latin1');
  b.write(major, 8, 'latin1');
  compatible.forEach((c, i) => b.write(c, 16 + 4 * i, 'latin1'));
  return new Uint8Array(b);
}

describe('HEIF and AVIF pictures', () => {
  it('are told apart from video by their brands', () => {
    expect(isoImageKind(ftyp('heic', 'mif1', 'heic'))).toBe('heif');
    expect(isoImageKind(ftyp('mif1', 'heic'))).toBe('heif');
    expect(isoImageKind(ftyp('avif', 'mif1', 'miaf'))).toBe('avif');
    expect(isoImageKind(ftyp('mif1', 'avif'))).toBe('avif');
    expect(isoImageKind(ftyp('isom', 'iso2', 'mp41'))).toBeUndefined();
    expect(isoImageKind(ftyp('qt  '))).toBeUndefined();
    expect(sniffImage(heic)).toBe('heif');
    expect(sniffImage(avif)).toBe('avif');
    expect(sniffFormat(heic, 'IMG_0001.HEIC').mediaType).toBe('image/heic');
    expect(sniffFormat(avif, 'x.bin').mediaType).toBe('image/avif');
    expect(sniffFormat(ftyp('isom', 'mp41'), 'clip.mp4').format).not.toBe('image');
  });

  it('decode to the picture they hold', async () => {
    const h = await openImage(heic);
    expect(h.format).toBe('heif');
    expect(h.count).toBe(1);
    const page = await h.decode(0);
    expect([page.width, page.height]).toEqual([1489, 2104]);
    // A page of print: mostly paper, some ink.
    let dark = 0;
    for (const v of page.data) if (v < 128) dark++;
    expect(dark / page.data.length).toBeGreaterThan(0.005);
    expect(dark / page.data.length).toBeLessThan(0.3);
    const a = await (await openImage(avif)).decode(0);
    expect([a.width, a.height]).toEqual([2481, 3507]);
  });

  it('a HEIC cut short or with its data damaged is an ImageDecodeError, not a blank page', async () => {
    const cut = heic.subarray(0, Math.floor(heic.length / 2));
    const damaged = Uint8Array.from(heic);
    damaged.fill(0, 200, 4000);
    for (const bytes of [cut, damaged]) {
      let error: unknown;
      try {
        const img = await openImage(bytes);
        for (let i = 0; i < img.count; i++) await img.decode(i);
      } catch (err) {
        error = err;
      }
      expect(error).toBeInstanceOf(ImageDecodeError);
    }
  });
});
