/**
 * Picture metadata beyond the basic text fields (image-text.ts, image-xmp.ts, image-iptc.ts): XMP
 * in every container, IPTC-IIM, JPEG segments after the first scan, TIFF PageName, ICC profile
 * descriptions, GIF plain text, and data stored after the end of the image. Each input is built
 * here byte by byte.
 */
import { deflateSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { imageMetadataPart, imageTextFields, imageTextPart, readImageMetadata } from '../src/image-text.ts';
import { cpuMsSince } from '../../../tests/cpu-time.ts';

const u8 = (...parts: Array<Uint8Array | number[] | string>): Uint8Array =>
  new Uint8Array(Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : Buffer.from(p)))));
const be16 = (n: number) => [(n >> 8) & 0xff, n & 0xff];
const be32 = (n: number) => [(n >>> 24) & 0xff, (n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff];
const le32 = (n: number) => [n & 0xff, (n >> 8) & 0xff, (n >> 16) & 0xff, (n >>> 24) & 0xff];

/** A JPEG marker segment with its length. */
const seg = (marker: number, data: Uint8Array) => u8([0xff, marker, ...be16(data.length + 2)], data);
/** The frame and scan headers of a small JPEG (no real pixels: the reader does not decode). */
const SOF = seg(0xc2, u8([8, 0, 16, 0, 16, 1, 1, 0x11, 0]));
const sos = () => seg(0xda, u8([1, 1, 0, 0, 63, 0]));
/** Entropy-coded data with a stuffed 0xFF00 and a restart marker in it, as real scans have. */
const SCAN = u8([0x12, 0x34, 0xff, 0x00, 0x56, 0xff, 0xd0, 0x78, 0xff, 0x00, 0x9a]);
const jpeg = (...segments: Uint8Array[]) => u8([0xff, 0xd8], ...segments, [0xff, 0xd9]);

function pngChunk(type: string, data: Uint8Array): Uint8Array {
  return u8(be32(data.length), type, data, [0, 0, 0, 0]);
}
const PNG_SIG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const png = (...chunks: Uint8Array[]) => u8(PNG_SIG, pngChunk('IHDR', u8(be32(1), be32(1), [8, 0, 0, 0, 0])), ...chunks, pngChunk('IDAT', u8([0x78, 0x9c, 0x63, 0, 0, 0, 1, 0, 1])), pngChunk('IEND', new Uint8Array(0)));

/** A little-endian TIFF whose only IFD holds `tags` (id, type, bytes), values placed after it. */
function tiff(tags: Array<[number, number, Uint8Array]>): Uint8Array {
  const ifd = Buffer.alloc(2 + tags.length * 12 + 4);
  ifd.writeUInt16LE(tags.length, 0);
  let at = 8 + ifd.length;
  const blobs: Uint8Array[] = [];
  tags.forEach(([tag, type, v], i) => {
    ifd.writeUInt16LE(tag, 2 + i * 12);
    ifd.writeUInt16LE(type, 4 + i * 12);
    ifd.writeUInt32LE(type === 4 ? v.length / 4 : v.length, 6 + i * 12);
    if (v.length <= 4) ifd.set(v, 10 + i * 12);
    else {
      ifd.writeUInt32LE(at, 10 + i * 12);
      blobs.push(v);
      at += v.length;
    }
  });
  return u8([0x49, 0x49, 42, 0, 8, 0, 0, 0], ifd, ...blobs);
}

/** A RIFF chunk (WebP), padded to even length. */
const riffChunk = (id: string, data: Uint8Array) => u8(id, le32(data.length), data, data.length & 1 ? [0] : []);
const webp = (...chunks: Uint8Array[]) => {
  const body = u8('WEBP', riffChunk('VP8X', u8([0x0c, 0, 0, 0, 0, 0, 0, 0, 0, 0])), ...chunks);
  return u8('RIFF', le32(body.length), body);
};

/** An IPTC-IIM dataset. */
const iim = (rec: number, ds: number, v: Uint8Array) => u8([0x1c, rec, ds, ...be16(v.length)], v);
/** A Photoshop image resource block. */
const irb = (id: number, data: Uint8Array) => u8('8BIM', be16(id), [0, 0], be32(data.length), data, data.length & 1 ? [0] : []);

const TITLE = '关于2024年度边境防务部署调整的请示';
const MARK = '机密★5年';
const xmpPacket = (inner: string) =>
  `<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>\n<x:xmpmeta xmlns:x="adobe:ns:meta/" x:xmptk="Adobe XMP Core 7.0">\n <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">\n${inner}\n </rdf:RDF>\n</x:xmpmeta>\n<?xpacket end="w"?>`;
const XMP = xmpPacket(
  `  <rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/" photoshop:Headline="${MARK}">\n` +
    `   <dc:title><rdf:Alt><rdf:li xml:lang="x-default">${TITLE}</rdf:li></rdf:Alt></dc:title>\n` +
    `   <dc:subject><rdf:Bag><rdf:li>边境</rdf:li><rdf:li>绝密</rdf:li></rdf:Bag></dc:subject>\n` +
    `  </rdf:Description>`,
);
const XMP_HEADER = 'http://ns.adobe.com/xap/1.0/\0';

/** The metadata part's lines: each value its own line. */
const lines = (b: Uint8Array) => imageTextPart(b)?.text.split('\n') ?? [];

describe('XMP in every picture format', () => {
  it('reads the values of an XMP packet in JPEG APP1, each its own line, attribute values too', () => {
    const file = jpeg(seg(0xe1, u8(XMP_HEADER, XMP)), SOF, sos(), SCAN);
    const fields = imageTextFields(file);
    expect(fields).toContainEqual(['XMP dc:title', TITLE]);
    expect(fields).toContainEqual(['XMP photoshop:Headline', MARK]);
    expect(fields).toContainEqual(['XMP dc:subject', '绝密']);
    expect(lines(file)).toContain(MARK);
    // Plumbing is no value: namespaces, languages.
    expect(fields.map(([, v]) => v)).not.toContain('x-default');
    expect(fields.map(([, v]) => v)).not.toContain('http://purl.org/dc/elements/1.1/');
  });

  it('joins an Extended XMP packet split across APP1 segments, even in the middle of a value', () => {
    const ext = Buffer.from(xmpPacket(`<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:description><rdf:Alt><rdf:li xml:lang="x-default">${MARK}</rdf:li></rdf:Alt></dc:description></rdf:Description>`), 'utf8');
    const cut = ext.indexOf(Buffer.from('★')) + 1; // inside the star's UTF-8 bytes
    const guid = 'D8F6A4C1B2E3F40516273849ABCDEF01';
    const chunk = (offset: number, data: Uint8Array) => seg(0xe1, u8('http://ns.adobe.com/xmp/extension/\0', guid, be32(ext.length), be32(offset), data));
    // The second chunk first: chunks are placed by their offset, not their order.
    const file = jpeg(seg(0xe1, u8(XMP_HEADER, xmpPacket(`<rdf:Description xmlns:xmpNote="http://ns.adobe.com/xmp/note/" xmpNote:HasExtendedXMP="${guid}"/>`))), chunk(cut, ext.subarray(cut)), chunk(0, ext.subarray(0, cut)), SOF, sos(), SCAN);
    expect(imageTextFields(file)).toContainEqual(['XMP dc:description', MARK]);
  });

  it('reads the XMP chunk of a WebP', () => {
    expect(imageTextFields(webp(riffChunk('VP8L', u8([0x2f, 0, 0, 0, 0])), riffChunk('XMP ', u8(XMP))))).toContainEqual(['XMP photoshop:Headline', MARK]);
  });

  it('reads the XMP application extension of a GIF, ended by its magic trailer', () => {
    const magic = [1, ...Array.from({ length: 256 }, (_, i) => 255 - i), 0];
    const gif = u8('GIF89a', [1, 0, 1, 0, 0, 0, 0], [0x21, 0xff, 11], 'XMP DataXMP', XMP, magic, [0x2c, 0, 0, 0, 0, 1, 0, 1, 0, 0, 2, 2, 0x4c, 0x01, 0], [0x3b]);
    const m = readImageMetadata(gif);
    expect(m.fields).toContainEqual(['XMP photoshop:Headline', MARK]);
    expect(m.fields).toContainEqual(['XMP dc:title', TITLE]);
    expect(m.loss).toEqual([]);
  });

  it('reads TIFF tag 700 (XMP)', () => {
    expect(imageTextFields(tiff([[700, 1, u8(XMP)]]))).toContainEqual(['XMP dc:title', TITLE]);
  });

  it('gives the values of an XMP packet in a PNG iTXt chunk, not the XML around them', () => {
    const file = png(pngChunk('iTXt', u8('XML:com.adobe.xmp\0', [0, 0], '\0\0', XMP)));
    const text = imageTextPart(file)?.text ?? '';
    expect(text.split('\n')).toContain(MARK);
    expect(text).not.toContain('<rdf:li');
    expect(text).not.toContain('xpacket');
  });

  it('reads element text, attributes, entities, CDATA and comments of a damaged packet', () => {
    const damaged = '<x:xmpmeta><rdf:Description dc:title=\'机密&#9733;5年\' dc:rights="&lt;内部&gt;"><dc:creator><rdf:Seq><rdf:li><![CDATA[办公厅]]></rdf:li></rdf:Seq></dc:creator><!-- 秘密 --><机密/>未闭合的值';
    expect(imageTextFields(tiff([[700, 7, u8(damaged)]]))).toEqual([
      ['XMP dc:title', '机密★5年'],
      ['XMP dc:rights', '<内部>'],
      ['XMP dc:creator', '办公厅'],
      ['XMP comment', ' 秘密 '],
      ['XMP name', '机密'],
      ['XMP packet', '未闭合的值'],
    ]);
  });
});

describe('IPTC-IIM', () => {
  it('reads the caption, headline and keywords of JPEG APP13 Photoshop resources, UTF-8 as 1:90 declares', () => {
    const data = u8(iim(1, 90, u8([0x1b, 0x25, 0x47])), iim(2, 0, u8([0, 4])), iim(2, 5, u8('边境防务')), iim(2, 25, u8('绝密')), iim(2, 105, u8(TITLE)), iim(2, 120, u8(MARK)));
    const file = jpeg(seg(0xed, u8('Photoshop 3.0\0', irb(0x0404, data))), SOF, sos(), SCAN);
    expect(imageTextFields(file)).toEqual([
      ['IPTC ObjectName', '边境防务'],
      ['IPTC Keywords', '绝密'],
      ['IPTC Headline', TITLE],
      ['IPTC Caption-Abstract', MARK],
    ]);
  });

  it('reads IPTC without a declared character set as GB18030 when it is no UTF-8, across APP13 segments', () => {
    const gbk = new Uint8Array(Buffer.from([0xbb, 0xfa, 0xc3, 0xdc, 0xa1, 0xef, 0x35, 0xc4, 0xea])); // 机密★5年 in GBK
    const resources = u8(irb(0x0404, iim(2, 120, gbk)));
    const half = 10;
    const file = jpeg(seg(0xed, u8('Photoshop 3.0\0', resources.subarray(0, half))), seg(0xed, u8('Photoshop 3.0\0', resources.subarray(half))), SOF, sos(), SCAN);
    expect(imageTextFields(file)).toEqual([['IPTC Caption-Abstract', MARK]]);
  });

  it('reads TIFF tag 33723 (IPTC), written as LONGs as Photoshop does', () => {
    const data = u8(iim(2, 120, u8(MARK)), [0, 0, 0, 0, 0, 0, 0, 0]);
    const padded = u8(data, new Array((4 - (data.length % 4)) % 4).fill(0));
    expect(imageTextFields(tiff([[33723, 4, padded]]))).toEqual([['IPTC Caption-Abstract', MARK]]);
  });
});

describe('JPEG segments', () => {
  it('reads a comment between the scans of a progressive JPEG, past stuffed bytes and restart markers', () => {
    const file = jpeg(SOF, sos(), SCAN, seg(0xfe, u8(MARK)), sos(), SCAN, seg(0xfe, u8('第三遍扫描前的注释')), sos(), SCAN);
    expect(imageTextFields(file)).toEqual([
      ['Comment', MARK],
      ['Comment', '第三遍扫描前的注释'],
    ]);
  });

  it('reads the description of an ICC profile in APP2 (mluc) and in a PNG iCCP chunk (desc)', () => {
    const mlucText = Buffer.from(MARK, 'utf16le').swap16();
    const mluc = u8('mluc', [0, 0, 0, 0], be32(1), be32(12), 'zhCN', be32(mlucText.length), be32(28), mlucText);
    const ascii = u8('sRGB 内部\0'); // Chinese tools put UTF-8 in the "ASCII" description too
    const descType = u8('desc', [0, 0, 0, 0], be32(ascii.length), ascii, be32(0), be32(0), new Array(70).fill(0));
    const profile = (tag: Uint8Array) => {
      const header = new Uint8Array(128);
      header.set(be32(128 + 4 + 12 + tag.length), 0);
      header.set(u8('acsp'), 36);
      return u8(header, be32(1), 'desc', be32(144), be32(tag.length), tag);
    };
    expect(imageTextFields(jpeg(seg(0xe2, u8('ICC_PROFILE\0', [1, 1], profile(mluc))), SOF, sos(), SCAN))).toEqual([['ICC description', MARK]]);
    expect(imageTextFields(png(pngChunk('iCCP', u8('ICC\0', [0], deflateSync(profile(descType))))))).toEqual([['ICC description', 'sRGB 内部']]);
  });
});

describe('TIFF text tags', () => {
  it('reads PageName, DocumentName, ImageDescription, Artist, Copyright and the XP tags', () => {
    const utf16 = (s: string) => new Uint8Array(Buffer.from(`${s}\0`, 'utf16le'));
    const t = tiff([
      [0x010d, 2, u8('请示.tif\0')],
      [0x010e, 2, u8('第1页\0')],
      [0x011d, 2, u8(`${MARK}\0`)],
      [0x013b, 2, u8('办公厅\0')],
      [0x8298, 2, u8('内部资料\0')],
      [0x9c9b, 1, utf16('标题')],
      [0x9c9c, 1, utf16('备注')],
      [0x9c9e, 1, utf16('绝密')],
      [0x9c9f, 1, utf16('主题')],
    ]);
    expect(imageTextFields(t)).toEqual([
      ['DocumentName', '请示.tif'],
      ['ImageDescription', '第1页'],
      ['PageName', MARK],
      ['Artist', '办公厅'],
      ['Copyright', '内部资料'],
      ['XPTitle', '标题'],
      ['XPComment', '备注'],
      ['XPKeywords', '绝密'],
      ['XPSubject', '主题'],
    ]);
  });

  it('reads the text tags of a BigTIFF', () => {
    const v = u8(`${MARK}\0`);
    const head = u8([0x49, 0x49, 43, 0, 8, 0, 0, 0], [16, 0, 0, 0, 0, 0, 0, 0]);
    const ifd = u8([1, 0, 0, 0, 0, 0, 0, 0], [0x1d, 0x01, 2, 0], [v.length, 0, 0, 0, 0, 0, 0, 0], [16 + 8 + 20 + 8, 0, 0, 0, 0, 0, 0, 0], new Array(8).fill(0));
    expect(imageTextFields(u8(head, ifd, v))).toEqual([['PageName', MARK]]);
  });

  it('reads the pages of SubIFDs (tag 330), and stays linear on thousands of IFD pointers', () => {
    // IFD0 at 8: one SubIFDs entry (two LONG offsets at 26) and next = 0; the two sub-IFDs at 34 and 52.
    const v = u8(`${MARK}\0`);
    const sub = (valueAt: number) => u8([1, 0], [0x1d, 0x01, 2, 0], le32(v.length), le32(valueAt), le32(0));
    const file = u8([0x49, 0x49, 42, 0], le32(8), [1, 0], [0x4a, 0x01, 4, 0], le32(2), le32(26), le32(0), le32(34), le32(52), sub(70), sub(70), v);
    expect(imageTextFields(file)).toEqual([
      ['PageName', MARK],
      ['PageName', MARK],
    ]);
    const pointers: Array<[number, number, Uint8Array]> = Array.from({ length: 4000 }, () => [0x8769, 4, u8([8, 0, 0, 0])]);
    const started = process.cpuUsage();
    imageTextFields(tiff([...pointers, [0x011d, 2, v]]));
    expect(cpuMsSince(started)).toBeLessThan(500);
  });
});

describe('GIF plain text', () => {
  it('reads the text of a plain text extension, drawn on the picture', () => {
    const text = u8(MARK);
    const gif = u8('GIF89a', [1, 0, 1, 0, 0, 0, 0], [0x21, 0x01, 12, 0, 0, 0, 0, 240, 0, 40, 0, 16, 32, 1, 0, text.length], text, [0], [0x3b]);
    expect(imageTextFields(gif)).toEqual([['Plain text', MARK]]);
  });
});

describe('data after the end of the image', () => {
  it('hands a PNG stored after a JPEG’s EOI back as a file of its own, and counts it as not read', () => {
    const inner = png(pngChunk('tEXt', u8('Title\0', MARK)));
    const file = u8(jpeg(SOF, sos(), SCAN), inner);
    const m = imageMetadataPart(file);
    expect(m.part?.text.split('\n')).toContain(MARK);
    expect(m.embedded).toHaveLength(1);
    expect(Buffer.from(m.embedded[0].file.bytes).equals(Buffer.from(inner))).toBe(true);
    // Unread unless the caller scans it: the loss travels with the file, not in the picture's own losses.
    expect(m.loss).toEqual([]);
    expect(m.embedded[0].loss).toMatchObject({ reason: 'embedded-object', count: inner.length, total: file.length });
    expect(m.embedded[0].loss.where).toBe(`bytes ${file.length - inner.length}-${file.length - 1}`);
  });

  it('reads a text chunk after a PNG’s IEND', () => {
    const m = readImageMetadata(u8(png(), pngChunk('tEXt', u8('Title\0', MARK))));
    expect(m.fields).toContainEqual(['Title', MARK]);
    expect(m.loss).toEqual([]);
  });

  it('counts unknown bytes after the end as not read, and lets padding be', () => {
    const junk = u8([0x13, 0x80, 0x02, 0xfe, 0x00, 0x41, 0x99, 0x07]);
    const m = readImageMetadata(u8(jpeg(SOF, sos(), SCAN), junk));
    expect(m.loss).toHaveLength(1);
    expect(m.loss[0]).toMatchObject({ kind: 'other', count: junk.length });
    expect(readImageMetadata(u8(jpeg(SOF, sos(), SCAN), new Array(64).fill(0))).loss).toEqual([]);
    expect(readImageMetadata(u8(png(), [0, 0, 0, 0])).loss).toEqual([]);
    const webpJunk = readImageMetadata(u8(webp(riffChunk('VP8L', u8([0x2f, 0, 0, 0, 0]))), junk));
    expect(webpJunk.loss).toHaveLength(1);
    const gifJunk = readImageMetadata(u8('GIF89a', [1, 0, 1, 0, 0, 0, 0], [0x3b], junk));
    expect(gifJunk.loss).toHaveLength(1);
  });

  it('reads plain text after the end of the image', () => {
    expect(imageTextFields(u8(jpeg(SOF, sos(), SCAN), `\n${MARK}\n`))).toEqual([['Data after the end of the JPEG image', `\n${MARK}\n`]]);
  });
});

describe('hostile metadata', () => {
  it('never throws, on mutated real structures', () => {
    const seeds = [
      jpeg(seg(0xe1, u8(XMP_HEADER, XMP)), seg(0xed, u8('Photoshop 3.0\0', irb(0x0404, iim(2, 120, u8(MARK))))), SOF, sos(), SCAN),
      png(pngChunk('iTXt', u8('XML:com.adobe.xmp\0', [0, 0], '\0\0', XMP))),
      webp(riffChunk('XMP ', u8(XMP))),
      tiff([[700, 1, u8(XMP)], [33723, 7, iim(2, 120, u8(MARK))], [34377, 7, irb(0x0404, iim(2, 5, u8(MARK)))]]),
      u8('GIF89a', [1, 0, 1, 0, 0, 0, 0], [0x21, 0xff, 11], 'XMP DataXMP', XMP, [1, 0], [0x3b]),
    ];
    for (const seed of seeds) expect(readImageMetadata(seed).fields.map(([, t]) => t)).toContain(MARK);
    fc.assert(
      fc.property(fc.constantFrom(...seeds), fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 12 }), fc.nat(), (seed, edits, cut) => {
        const b = new Uint8Array(seed);
        for (const [at, v] of edits) b[at % b.length] = v;
        const m = readImageMetadata(b.subarray(0, b.length - (cut % 16)));
        expect(Array.isArray(m.fields)).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });

  it('reads the XMP beside an Extended XMP chunk whose stated length and offset are far past the data', () => {
    const bogus = seg(0xe1, u8('http://ns.adobe.com/xmp/extension/\0', 'D8F6A4C1B2E3F40516273849ABCDEF01', be32(0xfffffff0), be32(0x7ffffff0), u8('秘密★10年')));
    const file = jpeg(seg(0xe1, u8(XMP_HEADER, XMP)), bogus, SOF, sos(), SCAN);
    const values = readImageMetadata(file).fields.map(([, t]) => t);
    expect(values).toContain(MARK);
    expect(values).not.toContain('秘密★10年');
  });
});
