/**
 * Pictures whose marking greyscale decoding used to lose, so the scan passed: white text on a
 * transparent ground (flattened onto white paper it vanished and the picture was judged blank), a
 * multi-picture JPEG (MPO) whose marked notice is its second picture (only the first was read), and
 * red text on a green of the same luminance (one grey after conversion). Each input is made here
 * from the marked notice of fixtures/frames-marked-2.gif (frame 2, rendered by make-fixtures.ts),
 * cropped to its top lines to keep recognition short.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { createScanner, type Scanner } from '@prepub/scanner';
import type { ScanResult } from '@prepub/core';
import { openImage, type GreyPage } from '@prepub/ocr';

const marking = (r: ScanResult) => r.findings.find((f) => f.ruleId === 'marking.cn-state-secret' && !f.suppressed);

/** 000012 / 机密★5年 / 特急 / 关于做好年度安全检查工作的通知 / 各处室、各直属单位: — dark ink (0) on white (255). */
async function markedNotice(): Promise<GreyPage> {
  const img = await openImage(new Uint8Array(readFileSync(join(import.meta.dirname, 'fixtures', 'frames-marked-2.gif'))));
  const p = await img.decode(1);
  const top = 80;
  const height = 300;
  return { page: 1, width: p.width, height, data: p.data.subarray(top * p.width, (top + height) * p.width) };
}

/** RGBA (4 channels) from a grey page: each pixel mixes `ink` and `paper` by its darkness, with `alpha` as given. */
function paint(p: GreyPage, ink: number[], paper: number[], alpha: (grey: number) => number): Buffer {
  const out = Buffer.alloc(p.width * p.height * 4);
  for (let j = 0; j < p.width * p.height; j++) {
    const t = p.data[j] / 255; // 0 = ink, 1 = paper
    for (let c = 0; c < 3; c++) out[4 * j + c] = Math.round(ink[c] * (1 - t) + paper[c] * t);
    out[4 * j + 3] = alpha(p.data[j]);
  }
  return out;
}

/** An APP2 MPF segment (CIPA DC-007) listing two images: the first (`size1` bytes) and one of `size2` bytes at `offset2` from the MP header. */
function mpfSegment(size1: number, size2: number, offset2: number): Buffer {
  const ifd = Buffer.alloc(2 + 3 * 12 + 4);
  ifd.writeUInt16LE(3, 0);
  const entry = (k: number, tag: number, type: number, count: number, value: Buffer) => {
    ifd.writeUInt16LE(tag, 2 + 12 * k);
    ifd.writeUInt16LE(type, 4 + 12 * k);
    ifd.writeUInt32LE(count, 6 + 12 * k);
    value.copy(ifd, 10 + 12 * k);
  };
  const u32 = (v: number) => Buffer.from(Uint32Array.of(v).buffer);
  const entriesAt = 8 + ifd.length;
  entry(0, 0xb000, 7, 4, Buffer.from('0100'));
  entry(1, 0xb001, 4, 1, u32(2));
  entry(2, 0xb002, 7, 32, u32(entriesAt));
  const entries = Buffer.alloc(32);
  entries.writeUInt32LE(0x20030000, 0);
  entries.writeUInt32LE(size1, 4);
  entries.writeUInt32LE(size2, 16 + 4);
  entries.writeUInt32LE(offset2, 16 + 8);
  const header = Buffer.concat([Buffer.from('II*\0', 'latin1'), u32(8), ifd, entries]);
  const body = Buffer.concat([Buffer.from('MPF\0', 'latin1'), header]);
  const len = Buffer.alloc(2);
  len.writeUInt16BE(body.length + 2);
  return Buffer.concat([Buffer.from([0xff, 0xe2]), len, body]);
}

describe('pixels greyscale decoding used to lose (slow, real tesseract)', () => {
  let scanner: Scanner;
  let notice: GreyPage;
  beforeAll(async () => {
    scanner = await createScanner({ ocr: { workers: 1 }, limits: { pageTimeoutMs: 180_000 } });
    notice = await markedNotice();
  });
  afterAll(async () => {
    await scanner?.close();
  });

  it('white text on a transparent ground is read (not judged blank): blocks', async () => {
    const raw = { width: notice.width, height: notice.height, channels: 4 as const };
    const png = await sharp(paint(notice, [255, 255, 255], [255, 255, 255], (g) => 255 - g), { raw }).png().toBuffer();
    const r = await scanner.scan(png, { filename: 'overlay.png' });
    expect(r.verdict).toBe('block');
    expect(marking(r)!.location.role).toBe('ocr');
    // A black logo on a transparent ground decodes as before: flattened onto white paper.
    const logo = await sharp(paint(notice, [0, 0, 0], [0, 0, 0], (g) => 255 - g), { raw }).png().toBuffer();
    const page = await (await openImage(logo)).decode(0);
    const before = await sharp(logo).flatten({ background: '#ffffff' }).greyscale().raw().toBuffer();
    expect(page.data.equals(before)).toBe(true);
    expect(page.alpha).toBeDefined();
  }, 300_000);

  it('every picture of a multi-picture JPEG (MPO) is read: the marked second picture blocks', async () => {
    const raw = { width: notice.width, height: notice.height, channels: 1 as const };
    const blank = await sharp({ create: { width: notice.width, height: notice.height, channels: 3, background: '#ffffff' } }).jpeg().toBuffer();
    const second = await sharp(notice.data, { raw }).jpeg({ quality: 92 }).toBuffer();
    const app2 = mpfSegment(0, 0, 0);
    const size1 = blank.length + app2.length;
    // The MP header starts after SOI, the APP2 marker and length, and "MPF\0".
    const mpo = Buffer.concat([blank.subarray(0, 2), mpfSegment(size1, second.length, size1 - 10), blank.subarray(2), second]);
    const r = await scanner.scan(mpo, { filename: 'stereo.mpo' });
    expect(r.verdict).toBe('block');
    expect(marking(r)!.location.detail).toBe('frame 2 of 2');
    // An MPF entry pointing past the end of the file is a picture not read.
    const broken = Buffer.concat([blank.subarray(0, 2), mpfSegment(size1, second.length, size1 + 5000), blank.subarray(2)]);
    const b = await scanner.scan(broken, { filename: 'broken.mpo' });
    expect(b.verdict).not.toBe('pass');
    expect(b.coverage.unread.find((u) => u.reason === 'ocr-failed')?.detail).toMatch(/MPF index/);
  }, 300_000);

  it('red text on a green of the same luminance is read: blocks', async () => {
    const raw = { width: notice.width, height: notice.height, channels: 4 as const };
    const png = await sharp(paint(notice, [255, 0, 0], [0, 147, 0], () => 255), { raw }).removeAlpha().png().toBuffer();
    const r = await scanner.scan(png, { filename: 'poster.png' });
    expect(r.verdict).toBe('block');
  }, 300_000);
});
