/**
 * Text fields of picture files (image-text.ts): what a file viewer's properties show besides the
 * pixels. Each format is built here byte by byte.
 */
import { deflateSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { imageTextFields, imageTextPart } from '../src/image-text.ts';

const u8 = (...parts: Array<Uint8Array | number[] | string>): Uint8Array =>
  new Uint8Array(Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : Buffer.from(p)))));

function pngChunk(type: string, data: Uint8Array): Uint8Array {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  // The reader does not check CRCs: a damaged chunk still says what it says.
  return u8(len, type, data, [0, 0, 0, 0]);
}
const PNG_SIG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** A little-endian TIFF whose only IFD holds `tags` (id, type, bytes), values placed after it. */
function tiff(tags: Array<[number, number, Uint8Array]>): Uint8Array {
  const ifd = Buffer.alloc(2 + tags.length * 12 + 4);
  ifd.writeUInt16LE(tags.length, 0);
  let at = 8 + ifd.length;
  const blobs: Uint8Array[] = [];
  tags.forEach(([tag, type, v], i) => {
    ifd.writeUInt16LE(tag, 2 + i * 12);
    ifd.writeUInt16LE(type, 4 + i * 12);
    ifd.writeUInt32LE(v.length, 6 + i * 12);
    if (v.length <= 4) ifd.set(v, 10 + i * 12);
    else {
      ifd.writeUInt32LE(at, 10 + i * 12);
      blobs.push(v);
      at += v.length;
    }
  });
  return u8([0x49, 0x49, 42, 0, 8, 0, 0, 0], ifd, ...blobs);
}

describe('picture text fields', () => {
  it('reads PNG tEXt, zTXt (also as UTF-8 or GBK when not Latin-1) and iTXt', () => {
    const png = u8(
      PNG_SIG,
      pngChunk('tEXt', u8('Author\0', 'Zoë')),
      pngChunk('zTXt', u8('Comment\0', [0], deflateSync(Buffer.from([0xbb, 0xfa, 0xc3, 0xdc])))),
      pngChunk('iTXt', u8('Title\0', [0, 0], 'zh\0', '标题\0', '机密★5年')),
      pngChunk('IEND', new Uint8Array(0)),
    );
    const texts = imageTextFields(png).map(([, t]) => t);
    expect(texts).toContain('机密★5年');
    expect(texts).toContain('标题');
    expect(texts).toContain('机密');
    expect(texts).toContain(Buffer.from('Zoë', 'utf8').toString('latin1'));
    expect(texts).toContain('Zoë');
  });

  it('reads TIFF text tags: ImageDescription in UTF-8, XPComment in UTF-16', () => {
    const t = tiff([
      [0x010e, 2, u8('说明\0')],
      [0x9c9c, 1, new Uint8Array(Buffer.from('机密★5年\0', 'utf16le'))],
    ]);
    expect(imageTextFields(t)).toEqual([
      ['ImageDescription', '说明'],
      ['XPComment', '机密★5年'],
    ]);
  });

  it('reads a JPEG comment and the EXIF block of APP1, also a comment after the image data', () => {
    const exif = u8('Exif\0\0', tiff([[0x9c9f, 1, new Uint8Array(Buffer.from('主题\0', 'utf16le'))]]));
    const seg = (marker: number, data: Uint8Array) => u8([0xff, marker, (data.length + 2) >> 8, (data.length + 2) & 0xff], data);
    const jpeg = u8([0xff, 0xd8], seg(0xe1, exif), seg(0xfe, u8('备注')), [0xff, 0xda, 0, 2], seg(0xfe, u8('after the scan')));
    expect(imageTextFields(jpeg)).toEqual([
      ['XPSubject', '主题'],
      ['Comment', '备注'],
      ['Comment', 'after the scan'],
    ]);
  });

  it('gives one metadata part, a line per field', () => {
    const part = imageTextPart(u8(PNG_SIG, pngChunk('iTXt', u8('Title\0', [0, 0], '\0\0', '机密★5年')), pngChunk('IEND', new Uint8Array(0))));
    expect(part?.role).toBe('metadata');
    expect(part?.text).toBe('机密★5年');
    expect(imageTextPart(u8(PNG_SIG, pngChunk('IEND', new Uint8Array(0))))).toBeUndefined();
  });

  it('never throws, whatever follows a picture signature', () => {
    const sigs = [PNG_SIG, [0xff, 0xd8], [0x49, 0x49, 42, 0], [0x4d, 0x4d, 0, 42], [0x47, 0x49, 0x46, 0x38], [0x52, 0x49, 0x46, 0x46, 0, 0, 0, 0, 0x57, 0x45, 0x42, 0x50]];
    fc.assert(
      fc.property(fc.constantFrom(...sigs), fc.uint8Array({ maxLength: 400 }), (sig, rest) => {
        const fields = imageTextFields(u8(sig, rest));
        expect(Array.isArray(fields)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});
