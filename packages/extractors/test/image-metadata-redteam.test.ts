/**
 * Picture metadata a viewer shows that the reader used to miss, so a blank picture carrying a
 * marking there scanned `pass` (red-team round on pictures): EXIF text outside the list of text
 * tags (the GPS IFD, tags typed ASCII or UTF-8 that the list did not name), UserComment in the
 * byte order Microsoft writes, in JIS or without a character code, a UTF-16 XP tag with a
 * big-endian BOM, Photoshop's APP12 `Ducky` comment, IPTC outside the application record,
 * Photoshop resources beyond IPTC/XMP/EXIF (URL, channel and path names, version info), PNG iTXt in GBK, a GBK keyword, ICC text
 * tags beyond `desc`; and pictures stored as text (plain PPM, XBM, XPM) that were read as text
 * files. Each input is built here byte by byte.
 */
import { describe, expect, it } from 'vitest';
import { imageTextFields, readImageMetadata } from '../src/image-text.ts';
import { iccText } from '../src/image-iptc.ts';
import { sniffFormat } from '../src/sniff.ts';

const MARK = '机密★5年';
const u8 = (...parts: Array<Uint8Array | number[] | string>): Uint8Array =>
  new Uint8Array(Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : Buffer.from(p)))));
const latin = (s: string) => new Uint8Array(Buffer.from(s, 'latin1'));

/** A tag: number, type, value bytes; or a pointer to IFD `ifd` of the same file (type LONG). */
type Tag = [number, number, Uint8Array] | [number, { ifd: number }];

/** A TIFF of several IFDs: IFD 0 first, the others reached only through pointer tags. */
function tiff(ifds: Tag[][], le = true): Uint8Array {
  const sizes = ifds.map((tags) => 2 + tags.length * 12 + 4);
  const starts: number[] = [];
  let at = 8;
  for (const s of sizes) {
    starts.push(at);
    at += s;
  }
  const out: Buffer[] = [];
  const head = Buffer.alloc(8);
  head.write(le ? 'II' : 'MM', 0, 'latin1');
  if (le) (head.writeUInt16LE(42, 2), head.writeUInt32LE(8, 4));
  else (head.writeUInt16BE(42, 2), head.writeUInt32BE(8, 4));
  out.push(head);
  const blobs: Buffer[] = [];
  for (const tags of ifds) {
    const ifd = Buffer.alloc(2 + tags.length * 12 + 4);
    const w16 = (v: number, o: number) => (le ? ifd.writeUInt16LE(v, o) : ifd.writeUInt16BE(v, o));
    const w32 = (v: number, o: number) => (le ? ifd.writeUInt32LE(v, o) : ifd.writeUInt32BE(v, o));
    w16(tags.length, 0);
    tags.forEach((t, i) => {
      const e = 2 + i * 12;
      w16(t[0], e);
      if (t.length === 2) {
        w16(4, e + 2);
        w32(1, e + 4);
        w32(starts[t[1].ifd], e + 8);
        return;
      }
      const [, type, v] = t;
      w16(type, e + 2);
      w32(type === 4 ? v.length / 4 : type === 3 ? v.length / 2 : v.length, e + 4);
      if (v.length <= 4) ifd.set(v, e + 8);
      else {
        w32(at, e + 8);
        blobs.push(Buffer.from(v), Buffer.alloc(v.length & 1));
        at += v.length + (v.length & 1);
      }
    });
    out.push(ifd);
  }
  return new Uint8Array(Buffer.concat([...out, ...blobs]));
}

const be16 = (n: number) => [(n >> 8) & 0xff, n & 0xff];
const be32 = (n: number) => [(n >>> 24) & 0xff, (n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff];
const seg = (marker: number, data: Uint8Array) => u8([0xff, marker, ...be16(data.length + 2)], data);
const jpeg = (...segments: Uint8Array[]) => u8([0xff, 0xd8], ...segments, seg(0xda, u8([1, 1, 0, 0, 63, 0])), [0x12, 0x34, 0xff, 0xd9]);
const exif = (t: Uint8Array) => seg(0xe1, u8('Exif\0\0', t));
const pngChunk = (type: string, data: Uint8Array) => u8(be32(data.length), type, data, [0, 0, 0, 0]);
const png = (...chunks: Uint8Array[]) =>
  u8([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], pngChunk('IHDR', u8(be32(1), be32(1), [8, 0, 0, 0, 0])), ...chunks, pngChunk('IDAT', u8([0x78, 0x9c, 0x63, 0, 0, 0, 1, 0, 1])), pngChunk('IEND', new Uint8Array(0)));

/** 机密★5年 in GBK. */
const GBK = new Uint8Array([0xbb, 0xfa, 0xc3, 0xdc, 0xa1, 0xef, 0x35, 0xc4, 0xea]);
const texts = (b: Uint8Array) => imageTextFields(b).map(([, t]) => t);

describe('EXIF text the list of text tags did not name', () => {
  it('reads the GPS IFD: GPSAreaInformation and GPSProcessingMethod, with their character code', () => {
    const t = tiff([[[0x8825, { ifd: 1 }]], [[0x001c, 7, u8('ASCII\0\0\0', MARK)], [0x001b, 7, u8('\0\0\0\0\0\0\0\0', '机密')]]]);
    expect(imageTextFields(jpeg(exif(t)))).toEqual([
      ['GPSAreaInformation', MARK],
      ['GPSProcessingMethod', '机密'],
    ]);
  });

  it('reads every tag typed ASCII or UTF-8 (EXIF 3.0), named or not, in the Exif IFD too', () => {
    const v = u8(`${MARK}\0`);
    const t = tiff([
      [
        [0x8769, { ifd: 1 }],
        [0xc614, 2, v], // DNG UniqueCameraModel
        [0x010e, 129, v], // ImageDescription in EXIF 3.0's UTF-8 type
      ],
      [
        [0x9213, 2, v], // ImageHistory
        [0xa420, 2, v], // ImageUniqueID
        [0xa431, 2, v], // BodySerialNumber
        [0xa436, 2, v], // ImageTitle (EXIF 3.0)
        [0x9212, 2, v], // SecurityClassification
      ],
    ]);
    const fields = imageTextFields(jpeg(exif(t)));
    expect(fields.map(([k]) => k).sort()).toEqual(['BodySerialNumber', 'EXIF tag 50708', 'ImageDescription', 'ImageHistory', 'ImageTitle', 'ImageUniqueID', 'SecurityClassification']);
    expect(new Set(fields.map(([, t]) => t))).toEqual(new Set([MARK]));
  });

  it('reads UserComment in either UTF-16 byte order, in JIS, and whole when it has no character code', () => {
    const le = Buffer.from(MARK, 'utf16le');
    const be = Buffer.from(MARK, 'utf16le').swap16();
    // Microsoft's tools write little-endian in a big-endian file; and the other way round.
    expect(texts(jpeg(exif(tiff([[[0x9286, 7, u8('UNICODE\0', le)]]], false))))).toEqual([MARK]);
    expect(texts(jpeg(exif(tiff([[[0x9286, 7, u8('UNICODE\0', be)]]], true))))).toEqual([MARK]);
    // The file's own order still wins for text plausible both ways.
    expect(texts(jpeg(exif(tiff([[[0x9286, 7, u8('UNICODE\0', be)]]], false))))).toEqual([MARK]);
    // JIS X 0208, two 7-bit bytes a character (EUC-JP without its high bits): 机密★５年.
    const jis = Buffer.from('b4f9cca9a1faa3b5c7af', 'hex').map((x) => x & 0x7f);
    expect(texts(jpeg(exif(tiff([[[0x9286, 7, u8('JIS\0\0\0\0\0', jis)]]]))))).toEqual(['机密★５年']);
    // Shift_JIS, as cameras write under the JIS code.
    expect(texts(jpeg(exif(tiff([[[0x9286, 7, u8('JIS\0\0\0\0\0', Buffer.from('8af796a7819a8254944e', 'hex'))]]]))))).toEqual(['机密★５年']);
    // No character code: the first 8 bytes are text too.
    expect(texts(jpeg(exif(tiff([[[0x9286, 7, u8(MARK)]]]))))).toEqual([MARK]);
  });

  it('reads an XP tag that carries a big-endian BOM', () => {
    const v = u8([0xfe, 0xff], Buffer.from(MARK, 'utf16le').swap16());
    expect(imageTextFields(jpeg(exif(tiff([[[0x9c9b, 1, v]]]))))).toEqual([['XPTitle', MARK]]);
  });
});

describe('TIFF pages past the 64th', () => {
  /** A chain of `pages` IFDs of one PageName each (`text(k)` for page k), little-endian. */
  function chain(pages: number, text: (k: number) => string): Uint8Array {
    const parts: Buffer[] = [Buffer.from([0x49, 0x49, 42, 0, 8, 0, 0, 0])];
    let at = 8;
    for (let k = 1; k <= pages; k++) {
      const v = Buffer.from(`${text(k)}\0`);
      const ifd = Buffer.alloc(18);
      ifd.writeUInt16LE(1, 0);
      ifd.writeUInt16LE(0x011d, 2);
      ifd.writeUInt16LE(2, 4);
      ifd.writeUInt32LE(v.length, 6);
      ifd.writeUInt32LE(at + 18, 10);
      ifd.writeUInt32LE(k < pages ? at + 18 + v.length : 0, 14);
      parts.push(ifd, v);
      at += 18 + v.length;
    }
    return new Uint8Array(Buffer.concat(parts));
  }

  it('reads the text tags of page 71 of a 71-page TIFF (OCR reads up to 2000 pages)', () => {
    const m = readImageMetadata(chain(71, (k) => (k === 71 ? MARK : `第${k}页`)));
    expect(m.fields.at(-1)).toEqual(['PageName', MARK]);
    expect(m.loss).toEqual([]);
  });

  it('counts IFDs past the limit as a loss, never silence', () => {
    const m = readImageMetadata(chain(4200, (k) => `p${k}`));
    expect(m.fields.length).toBe(4096);
    expect(m.loss).toHaveLength(1);
    expect(m.loss[0].detail).toMatch(/text tags of the rest were not read/);
  });
});

describe('bounds on what is walked are losses, never silence', () => {
  const iim = (rec: number, ds: number, v: Uint8Array) => u8([0x1c, rec, ds, ...be16(v.length)], v);
  const irb = (id: number, data: Uint8Array) => u8('8BIM', be16(id), [0, 0], be32(data.length), data, data.length & 1 ? [0] : []);
  const detail = (b: Uint8Array) => readImageMetadata(b).loss.map((l) => l.detail);

  it('IPTC datasets, Photoshop resources and XMP values past their bounds, Extended XMP of a ninth GUID', () => {
    // 10 000 empty datasets, then the marking: past the bound.
    const iptc = u8(...new Array(10_000).fill(iim(2, 25, new Uint8Array(0))), iim(2, 120, u8(MARK)));
    expect(detail(tiff([[[33723, 7, iptc]]]))).toEqual([expect.stringMatching(/more datasets than are read/)]);
    const resources = u8(...new Array(100_000).fill(irb(0x0410, u8([0]))), irb(0x040b, u8(MARK)));
    expect(detail(tiff([[[34377, 7, resources]]]))).toEqual([expect.stringMatching(/more than 100000/)]);
    const packet = `<x:xmpmeta xmlns:x="adobe:ns:meta/">${'<a>v</a>'.repeat(100_000)}<b>${MARK}</b></x:xmpmeta>`;
    expect(detail(tiff([[[700, 1, u8(packet)]]]))).toEqual([expect.stringMatching(/more than 100000 values/)]);
    const ext = (guid: string, text: string) => seg(0xe1, u8('http://ns.adobe.com/xmp/extension/\0', guid, be32(text.length), be32(0), text));
    const guids = Array.from({ length: 9 }, (_, k) => `${k}`.repeat(32));
    expect(detail(jpeg(...guids.map((g) => ext(g, `<x:xmpmeta><a>${MARK}</a></x:xmpmeta>`))))).toEqual([expect.stringMatching(/more than 8 GUIDs/)]);
  });
});

describe('JPEG APP12', () => {
  it('reads the comment and copyright of Photoshop’s Ducky segment, and picture info text', () => {
    const ucs2 = (s: string) => u8(be32(s.length), Buffer.from(s, 'utf16le').swap16());
    const block = (tag: number, v: Uint8Array) => u8(be16(tag), be16(v.length), v);
    const ducky = seg(0xec, u8('Ducky', block(1, u8(be32(60))), block(2, ucs2(MARK)), block(3, ucs2('办公厅')), [0, 0]));
    expect(imageTextFields(jpeg(ducky))).toEqual([
      ['Ducky Comment', MARK],
      ['Ducky Copyright', '办公厅'],
    ]);
    expect(texts(jpeg(seg(0xec, u8(`[picture info]\r\nTitle=${MARK}\r\n\0`))))).toEqual([`[picture info]\r\nTitle=${MARK}\r\n\n`]);
  });
});

describe('IPTC and Photoshop resources', () => {
  const iim = (rec: number, ds: number, v: Uint8Array) => u8([0x1c, rec, ds, ...be16(v.length)], v);
  const irb = (id: number, data: Uint8Array) => u8('8BIM', be16(id), [0, 0], be32(data.length), data, data.length & 1 ? [0] : []);
  const app13 = (...blocks: Uint8Array[]) => seg(0xed, u8('Photoshop 3.0\0', ...blocks));
  const ustr = (s: string) => u8(be32(s.length), Buffer.from(s, 'utf16le').swap16());

  it('reads the envelope record’s Destination and text of other records, not their numbers', () => {
    const block = u8(iim(1, 0, u8([0, 4])), iim(1, 90, u8([0x1b, 0x25, 0x47])), iim(1, 5, u8(MARK)), iim(1, 20, u8([0, 1])), iim(7, 10, u8([0, 0, 0, 3])), iim(3, 60, u8('机密')));
    expect(imageTextFields(jpeg(app13(irb(0x0404, block))))).toEqual([
      ['IPTC Destination', MARK],
      ['IPTC 3:60', '机密'],
    ]);
  });

  it('reads the URL, alpha channel and clipping path names, and the Unicode strings of version info and URL lists', () => {
    const pascal = (s: string) => u8([Buffer.byteLength(s)], s);
    const version = u8(be32(1), [1], ustr(MARK), ustr('Adobe Photoshop'), be32(1));
    const urls = u8(be32(1), be32(0), be32(1), ustr('机密文件'));
    const fields = imageTextFields(jpeg(app13(irb(0x040b, u8(MARK)), irb(0x03ee, u8(pascal('机密'), pascal('Alpha 2'))), irb(0x0bb7, u8(pascal(MARK), [0, 0, 0, 0, 0, 0])), irb(0x0421, version), irb(0x041e, urls))));
    expect(fields).toEqual([
      ['Photoshop URL', MARK],
      ['Photoshop alpha channel name', '机密'],
      ['Photoshop alpha channel name', 'Alpha 2'],
      ['Photoshop clipping path name', MARK],
      ['Photoshop version info', MARK],
      ['Photoshop version info', 'Adobe Photoshop'],
      ['Photoshop URL list', '机密文件'],
    ]);
  });
});

describe('text of undeclared encoding in Big5 or UTF-16', () => {
  it('reads a JPEG comment and an ASCII-typed EXIF tag written in Big5 as Big5, GBK still as GBK, UTF-16 by its BOM', () => {
    // 機密★5年 and 關於安全檢查的通知 in Big5; 机密★5年 in GBK.
    const big5 = Buffer.from('bef7b14ba1b935a67e', 'hex');
    const notice = Buffer.from('c3f6a9f3a677a5fec0cbac64aabab371aabe', 'hex');
    expect(texts(jpeg(seg(0xfe, big5)))).toEqual(['機密★5年']);
    expect(texts(jpeg(exif(tiff([[[0x010e, 2, u8(notice, [0])]]]))))).toEqual(['關於安全檢查的通知']);
    expect(texts(jpeg(seg(0xfe, GBK)))).toEqual([MARK]);
    // UTF-16 after a byte order mark, either way round.
    expect(texts(jpeg(seg(0xfe, u8([0xff, 0xfe], Buffer.from(MARK, 'utf16le')))))).toEqual([MARK]);
    expect(texts(jpeg(seg(0xfe, u8([0xfe, 0xff], Buffer.from(MARK, 'utf16le').swap16()))))).toEqual([MARK]);
  });
});

describe('PNG text in GBK', () => {
  it('reads an iTXt chunk whose text (and translated keyword) is GBK, not UTF-8', () => {
    expect(texts(png(pngChunk('iTXt', u8(latin('Description\0\0\0\0\0'), GBK))))).toContain(MARK);
    expect(texts(png(pngChunk('iTXt', u8(latin('Title\0\0\0zh\0'), GBK, [0], 'x'))))).toContain(MARK);
  });

  it('reads a keyword that is not ASCII', () => {
    expect(imageTextFields(png(pngChunk('tEXt', u8(GBK, [0], 'note'))))).toContainEqual(['PNG text keyword', MARK]);
  });
});

describe('ICC profile text', () => {
  it('reads every tag of a text type, not only desc, cprt and the device names', () => {
    // A profile header (128 bytes), a tag table of one `targ` tag of type `text`.
    const text = u8('text', [0, 0, 0, 0], `${MARK}\0`);
    const profile = u8(new Uint8Array(128), be32(1), 'targ', be32(144), be32(text.length), text);
    expect(iccText(profile)).toEqual([['ICC tag targ', MARK]]);
  });
});

describe('pictures stored as text', () => {
  const kind = (b: string | Uint8Array) => sniffFormat(typeof b === 'string' ? u8(b) : b, 'x');

  it('sniffs plain and raw Netpbm, PAM, XBM and XPM as pictures, not text', () => {
    expect(kind('P3\n# made by hand\n2 1\n255\n255 0 0  0 0 255\n')).toEqual({ format: 'image', mediaType: 'image/x-portable-pixmap' });
    expect(kind('P2 3 2 15 0 1 2 3 4 5')).toEqual({ format: 'image', mediaType: 'image/x-portable-graymap' });
    expect(kind('P1\n4 2\n0110\n1001\n')).toEqual({ format: 'image', mediaType: 'image/x-portable-bitmap' });
    expect(kind(u8('P5\n2 2\n255\n', [0, 255, 255, 0]))).toEqual({ format: 'image', mediaType: 'image/x-portable-graymap' });
    expect(kind(u8('P7\nWIDTH 1\nHEIGHT 1\nDEPTH 1\nMAXVAL 255\nTUPLTYPE GRAYSCALE\nENDHDR\n', [0]))).toEqual({ format: 'image', mediaType: 'image/x-portable-arbitrarymap' });
    expect(kind('#define m_width 8\n#define m_height 1\nstatic unsigned char m_bits[] = {\n  0x0f };\n')).toEqual({ format: 'image', mediaType: 'image/x-xbitmap' });
    expect(kind('/* XPM */\nstatic char *m[] = {\n"1 1 1 1",\n"a c #000000",\n"a"};\n')).toEqual({ format: 'image', mediaType: 'image/x-xpixmap' });
  });

  it('leaves text that merely begins like them as text', () => {
    expect(kind('P3 是第三页的意思\n').format).toBe('text');
    expect(kind('P1 2 3 四五六\n').format).toBe('text');
    expect(kind('#define MAX_width 8\nint main() { return 0; }\n').format).toBe('text');
  });
});
