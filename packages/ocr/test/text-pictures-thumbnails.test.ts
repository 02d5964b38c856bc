/**
 * Pictures whose marking nothing read (red-team round on pictures): a Netpbm picture in its plain
 * form (P1–P3: the raster as ASCII digits), an X bitmap or X pixmap, which viewers show and which
 * were read as text files of numbers and characters (pass); and a JPEG whose EXIF thumbnail —
 * what file managers and galleries show in place of the picture — shows a marking the picture
 * does not (only the picture was read: pass); an animated PNG whose acTL says fewer frames than
 * its frame controls hold (only the frames acTL counted were read: pass). Inputs are made here from the marked notice of
 * fixtures/frames-marked-2.gif (frame 2, rendered by make-fixtures.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import UPNG from 'upng-js';
import { createScanner, type Scanner } from '@prepub/scanner';
import type { ScanResult } from '@prepub/core';
import { openImage, type GreyPage } from '@prepub/ocr';
import { decodeNetpbm, decodeXbm, decodeXpm } from '../src/netpbm.ts';

const marking = (r: ScanResult) => r.findings.find((f) => f.ruleId === 'marking.cn-state-secret' && !f.suppressed);

/** 000012 / 机密★5年 / 特急 / 关于做好年度安全检查工作的通知 / 各处室、各直属单位: — dark ink (0) on white (255). */
async function markedNotice(): Promise<GreyPage> {
  const img = await openImage(new Uint8Array(readFileSync(join(import.meta.dirname, 'fixtures', 'frames-marked-2.gif'))));
  const p = await img.decode(1);
  const top = 80;
  const height = 300;
  return { page: 1, width: p.width, height, data: p.data.subarray(top * p.width, (top + height) * p.width) };
}

/** A plain PGM (P2) of a grey page, a comment in its header and 17 samples a line. */
function plainPgm(p: GreyPage): Buffer {
  const rows: string[] = [];
  for (let i = 0; i < p.data.length; i += 17) rows.push(Array.from(p.data.subarray(i, Math.min(i + 17, p.data.length))).join(' '));
  return Buffer.from(`P2\n# scanned\n${p.width} ${p.height}\n255\n${rows.join('\n')}\n`, 'latin1');
}

/** A JPEG with an APP1 EXIF block whose IFD1 carries `thumb` (a JPEG) as its thumbnail. */
function withThumbnail(main: Buffer, thumb: Buffer): Buffer {
  // TIFF header, IFD0 (no entries; next = IFD1 at 14), IFD1 (2 entries; next = 0), then the thumbnail.
  const ifd1 = Buffer.alloc(2 + 2 * 12 + 4);
  ifd1.writeUInt16LE(2, 0);
  const thumbAt = 8 + 6 + ifd1.length;
  ifd1.writeUInt16LE(0x0201, 2);
  ifd1.writeUInt16LE(4, 4);
  ifd1.writeUInt32LE(1, 6);
  ifd1.writeUInt32LE(thumbAt, 10);
  ifd1.writeUInt16LE(0x0202, 14);
  ifd1.writeUInt16LE(4, 16);
  ifd1.writeUInt32LE(1, 18);
  ifd1.writeUInt32LE(thumb.length, 22);
  const tiff = Buffer.concat([Buffer.from('II*\0', 'latin1'), Buffer.from([8, 0, 0, 0]), Buffer.from([0, 0, 14, 0, 0, 0]), ifd1, thumb]);
  const body = Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), tiff]);
  const len = Buffer.alloc(2);
  len.writeUInt16BE(body.length + 2);
  return Buffer.concat([main.subarray(0, 2), Buffer.from([0xff, 0xe1]), len, body, main.subarray(2)]);
}

const grey = (p: GreyPage) => sharp(p.data, { raw: { width: p.width, height: p.height, channels: 1 } });

describe('Netpbm, XBM and XPM decoding', () => {
  it('decodes every Netpbm form to the same pixels, several pictures of one file as frames, damage as an error', () => {
    const px = [0, 255, 128, 64, 255, 0];
    const p2 = decodeNetpbm(Buffer.from(`P2 3 2 255 ${px.join(' ')}`), 1e6);
    const p5 = decodeNetpbm(Buffer.concat([Buffer.from('P5\n3 2\n255\n'), Buffer.from(px)]), 1e6);
    const p5w = decodeNetpbm(Buffer.concat([Buffer.from('P5 3 2 65535\n'), Buffer.from(px.flatMap((v) => [v, v]))]), 1e6);
    const pam = decodeNetpbm(Buffer.concat([Buffer.from('P7\nWIDTH 3\nHEIGHT 2\nDEPTH 1\nMAXVAL 255\nTUPLTYPE GRAYSCALE\nENDHDR\n'), Buffer.from(px)]), 1e6);
    for (const d of [p2, p5, p5w, pam]) expect(d).toEqual([{ raster: { width: 3, height: 2, channels: 1, data: Buffer.from(px) } }]);
    // PBM: 1 is black; the plain form may run its digits together.
    const bits = { raster: { width: 4, height: 1, channels: 1, data: Buffer.from([255, 0, 0, 255]) } };
    expect(decodeNetpbm(Buffer.from('P1\n4 1\n0110\n'), 1e6)).toEqual([bits]);
    expect(decodeNetpbm(Buffer.from([...Buffer.from('P4\n4 1\n'), 0b01100000]), 1e6)).toEqual([bits]);
    expect(decodeNetpbm(Buffer.from('P3 1 1 255 255 0 0'), 1e6)).toEqual([{ raster: { width: 1, height: 1, channels: 3, data: Buffer.from([255, 0, 0]) } }]);
    // Two pictures, then bytes that are none: two frames and an error.
    const two = decodeNetpbm(Buffer.from('P2 1 1 255 7\nP2 1 1 255 9\nJUNK'), 1e6);
    expect(two.slice(0, 2).map((r) => ('raster' in r ? r.raster.data[0] : -1))).toEqual([7, 9]);
    expect('error' in two[2]).toBe(true);
    // Cut short, or over the pixel limit: an error, nothing allocated for it.
    expect('error' in decodeNetpbm(Buffer.from('P2 3 2 255 1 2'), 1e6)[0]).toBe(true);
    expect('error' in decodeNetpbm(Buffer.from('P5 100000 100000 255\n'), 1e6)[0]).toBe(true);
    // A few bytes that declare a large picture allocate nothing for it.
    expect(decodeNetpbm(Buffer.from('P3 9000 9000 255 1 2 3'), 1e9)).toEqual([{ error: 'the Netpbm picture of 9000x9000 pixels is cut short' }]);
  });

  it('decodes X bitmaps (bits from the least significant, 1 black) and X pixmaps (hex colours, grey names, None)', () => {
    expect(decodeXbm(Buffer.from('#define m_width 4\n#define m_height 1\nstatic unsigned char m_bits[] = { 0x06 };\n'), 1e6).data).toEqual(Buffer.from([255, 0, 0, 255]));
    const xpm = decodeXpm(Buffer.from('/* XPM */\nstatic char *m[] = {\n"3 1 3 1",\n"a c #000000",\n"b c gray50",\n"c c None",\n"abc"};\n'), 1e6);
    expect(xpm.data).toEqual(Buffer.from([0, 0, 0, 255, 128, 128, 128, 255, 255, 255, 255, 0]));
    expect(() => decodeXpm(Buffer.from('/* XPM */\nstatic char *m[] = {\n"1 1 1 1",\n"a c PapayaWhip",\n"a"};\n'), 1e6)).toThrow(/not one prepub decodes/);
  });
});

describe('EXIF thumbnails', () => {
  let notice: GreyPage;
  beforeAll(async () => {
    notice = await markedNotice();
  });

  it('a thumbnail that is the picture made small (stretched or with bars) adds nothing to read; one that shows other than it is a frame', async () => {
    const main = await grey(notice).jpeg({ quality: 85 }).toBuffer();
    const small = await grey(notice).resize(160, 120, { fit: 'fill' }).jpeg({ quality: 60 }).toBuffer();
    const barred = await grey(notice).resize(160, 120, { fit: 'contain', background: '#000' }).jpeg({ quality: 60 }).toBuffer();
    expect((await openImage(withThumbnail(main, small))).count).toBe(1);
    expect((await openImage(withThumbnail(main, barred))).count).toBe(1);
    const blank = await sharp({ create: { width: notice.width, height: notice.height, channels: 3, background: '#ffffff' } }).jpeg().toBuffer();
    const mark = await grey(notice).extract({ left: 100, top: 75, width: 160, height: 120 }).jpeg({ quality: 92 }).toBuffer();
    const img = await openImage(withThumbnail(blank, mark));
    expect(img.count).toBe(2);
    expect((await img.decode(1)).width).toBe(160);
  });
});

/** An animated PNG of `frames` (grey pages of one size), its acTL then made to say `says` frames (CRC kept right). */
async function apng(frames: GreyPage[], says: number): Promise<Buffer> {
  const rgba = await Promise.all(frames.map((f) => grey(f).ensureAlpha().raw().toBuffer()));
  const png = Buffer.from(UPNG.encode(rgba.map((d) => d.buffer.slice(d.byteOffset, d.byteOffset + d.byteLength) as ArrayBuffer), frames[0].width, frames[0].height, 0, frames.map(() => 500)));
  for (let p = 8; p + 12 <= png.length; ) {
    const len = png.readUInt32BE(p);
    if (png.toString('latin1', p + 4, p + 8) === 'acTL') {
      png.writeUInt32BE(says, p + 8);
      png.writeUInt32BE(crc32(png.subarray(p + 4, p + 8 + len)), p + 8 + len);
    }
    p += 12 + len;
  }
  return png;
}

function crc32(b: Uint8Array): number {
  let r = 0xffffffff;
  for (let n = 0; n < b.length; n++) {
    let c = (r ^ b[n]) & 0xff;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    r = (r >>> 8) ^ c;
  }
  return (r ^ 0xffffffff) >>> 0;
}

describe('animated PNG frame count', () => {
  it('reads as many frames as the file has frame controls when acTL says fewer', async () => {
    const notice = await markedNotice();
    const blank: GreyPage = { ...notice, data: Buffer.alloc(notice.data.length, 255) };
    for (const says of [1, 2]) {
      const img = await openImage(await apng([blank, blank, notice], says));
      expect(img.count).toBe(3);
      expect((await img.decode(2)).data.some((v) => v < 64)).toBe(true);
    }
    // acTL saying more frames than there are: the missing one fails to decode (unread), as before.
    const more = await openImage(await apng([blank, notice], 3));
    expect(more.count).toBe(3);
    await expect(more.decode(2)).rejects.toThrow(/frame 3/);
  });
});

describe('pictures nothing read (slow, real tesseract)', () => {
  let scanner: Scanner;
  let notice: GreyPage;
  beforeAll(async () => {
    scanner = await createScanner({ ocr: { workers: 1 }, limits: { pageTimeoutMs: 180_000 } });
    notice = await markedNotice();
  });
  afterAll(async () => {
    await scanner?.close();
  });

  it('a plain PGM of the marked notice is read as a picture: blocks', async () => {
    const r = await scanner.scan(plainPgm(notice), { filename: 'scan.pgm' });
    expect(r.document.mediaType).toBe('image/x-portable-graymap');
    expect(r.verdict).toBe('block');
    expect(marking(r)!.location.role).toBe('ocr');
  }, 300_000);

  it('an animated PNG marked on frame 3 whose acTL says 1 frame: blocks on frame 3', async () => {
    const blank: GreyPage = { ...notice, data: Buffer.alloc(notice.data.length, 255) };
    const r = await scanner.scan(await apng([blank, blank, notice], 1), { filename: 'banner.png' });
    expect(r.verdict).toBe('block');
    expect(marking(r)!.location.detail).toBe('frame 3 of 3');
  }, 300_000);

  it('a blank JPEG whose EXIF thumbnail shows the marking: blocks on the thumbnail', async () => {
    const blank = await sharp({ create: { width: notice.width, height: notice.height, channels: 3, background: '#ffffff' } }).jpeg().toBuffer();
    const mark = await grey(notice).extract({ left: 100, top: 75, width: 160, height: 120 }).jpeg({ quality: 92 }).toBuffer();
    const r = await scanner.scan(withThumbnail(blank, mark), { filename: 'photo.jpg' });
    expect(r.verdict).toBe('block');
    expect(marking(r)!.location.detail).toBe('frame 2 of 2');
  }, 300_000);
});
