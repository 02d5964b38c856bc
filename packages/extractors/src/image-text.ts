/**
 * Text a picture file carries besides its pixels: PNG text chunks (tEXt, zTXt, iTXt), JPEG
 * comments, GIF comment extensions, and the EXIF/TIFF text tags (ImageDescription, Artist,
 * Copyright, the UTF-16 XPTitle/XPComment/XPSubject/XPKeywords/XPAuthor that Windows shows as a
 * picture's title, comments and tags, and UserComment). OCR reads what the picture shows; this
 * reads what a file viewer's properties show. Linear in the file's length, bounded in what it
 * keeps, and silent on damage: a picture whose metadata cannot be walked is still read by OCR.
 */
import { inflateSync } from 'node:zlib';
import type { TextPart } from '@prepub/core';
import { PartBuilder } from '@prepub/core';

/** Most characters of metadata text kept per picture. */
const MAX_CHARS = 64 * 1024;
/** Most IFDs (pages) of a TIFF walked for text tags. */
const MAX_IFDS = 64;

const latin1 = new TextDecoder('latin1');

/** Bytes of undeclared encoding: UTF-8 when valid, else GB18030 (as Chinese Windows writes ASCII tags). */
function undeclared(b: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(b);
  } catch {
    return new TextDecoder('gb18030').decode(b);
  }
}

function inflate(b: Uint8Array): Uint8Array | undefined {
  try {
    return new Uint8Array(inflateSync(b, { maxOutputLength: MAX_CHARS * 4 }));
  } catch {
    return undefined;
  }
}

/** EXIF/TIFF tags whose value is text someone reads, by tag number. */
const TEXT_TAGS = new Map<number, string>([
  [0x010d, 'DocumentName'],
  [0x010e, 'ImageDescription'],
  [0x013b, 'Artist'],
  [0x8298, 'Copyright'],
  [0x9286, 'UserComment'],
  [0x9c9b, 'XPTitle'],
  [0x9c9c, 'XPComment'],
  [0x9c9d, 'XPAuthor'],
  [0x9c9e, 'XPKeywords'],
  [0x9c9f, 'XPSubject'],
]);
const TYPE_SIZE = [0, 1, 1, 2, 4, 8, 1, 1, 2, 4, 8, 4, 8];

/** Text tags of a TIFF structure (a TIFF file, or the EXIF block of a JPEG, PNG or WebP). */
function tiffText(b: Uint8Array, out: Array<[string, string]>): void {
  if (b.length < 8) return;
  const le = b[0] === 0x49 && b[1] === 0x49;
  if (!le && !(b[0] === 0x4d && b[1] === 0x4d)) return;
  const u16 = (o: number) => (le ? b[o] | (b[o + 1] << 8) : (b[o] << 8) | b[o + 1]);
  const u32 = (o: number) => (le ? (b[o] | (b[o + 1] << 8) | (b[o + 2] << 16)) + b[o + 3] * 0x1000000 : b[o] * 0x1000000 + ((b[o + 1] << 16) | (b[o + 2] << 8) | b[o + 3]));
  const queue = [u32(4)];
  const seen = new Set<number>();
  while (queue.length > 0 && seen.size < MAX_IFDS) {
    const ifd = queue.shift()!;
    if (ifd < 8 || ifd + 2 > b.length || seen.has(ifd)) continue;
    seen.add(ifd);
    const n = u16(ifd);
    for (let i = 0; i < n; i++) {
      const e = ifd + 2 + i * 12;
      if (e + 12 > b.length) break;
      const tag = u16(e);
      const type = u16(e + 2);
      const count = u32(e + 4);
      // The Exif sub-IFD holds UserComment.
      if (tag === 0x8769) queue.push(u32(e + 8));
      const name = TEXT_TAGS.get(tag);
      if (!name) continue;
      const size = (TYPE_SIZE[type] ?? 0) * count;
      if (size === 0 || size > MAX_CHARS * 2) continue;
      const at = size <= 4 ? e + 8 : u32(e + 8);
      if (at + size > b.length) continue;
      const v = b.subarray(at, at + size);
      let text: string;
      if (name.startsWith('XP')) text = new TextDecoder('utf-16le').decode(v);
      else if (name === 'UserComment') {
        const head = latin1.decode(v.subarray(0, 8));
        text = head.startsWith('UNICODE') ? new TextDecoder(le ? 'utf-16le' : 'utf-16be').decode(v.subarray(8)) : undeclared(v.subarray(8));
      } else text = undeclared(v);
      text = text.replace(/\0+$/, '');
      if (text.trim()) out.push([name, text]);
    }
    if (ifd + 2 + n * 12 + 4 <= b.length) queue.push(u32(ifd + 2 + n * 12));
  }
}

function pngText(b: Uint8Array, out: Array<[string, string]>): void {
  let p = 8;
  while (p + 12 <= b.length) {
    const len = b[p] * 0x1000000 + ((b[p + 1] << 16) | (b[p + 2] << 8) | b[p + 3]);
    const type = latin1.decode(b.subarray(p + 4, p + 8));
    const data = b.subarray(p + 8, Math.min(p + 8 + len, b.length));
    const nul = data.indexOf(0);
    // tEXt and zTXt are Latin-1 by the standard; Chinese tools write UTF-8 or GBK in them, read too.
    const latinText = (key: string, t: Uint8Array): void => {
      out.push([key, latin1.decode(t)]);
      if (t.some((x) => x >= 0x80)) out.push([key, undeclared(t)]);
    };
    if (type === 'tEXt' && nul > 0) latinText(latin1.decode(data.subarray(0, nul)), data.subarray(nul + 1));
    else if (type === 'zTXt' && nul > 0) {
      const t = inflate(data.subarray(nul + 2));
      if (t) latinText(latin1.decode(data.subarray(0, nul)), t);
    } else if (type === 'iTXt' && nul > 0) {
      const compressed = data[nul + 1] === 1;
      const lang = data.indexOf(0, nul + 3);
      const trans = lang < 0 ? -1 : data.indexOf(0, lang + 1);
      if (trans >= 0) {
        const raw = compressed ? inflate(data.subarray(trans + 1)) : data.subarray(trans + 1);
        const translated = new TextDecoder().decode(data.subarray(lang + 1, trans));
        if (raw) out.push([latin1.decode(data.subarray(0, nul)), new TextDecoder().decode(raw)]);
        if (translated.trim()) out.push([latin1.decode(data.subarray(0, nul)), translated]);
      }
    } else if (type === 'eXIf') tiffText(data, out);
    else if (type === 'IEND') break;
    p += 12 + len;
  }
}

function jpegText(b: Uint8Array, out: Array<[string, string]>): void {
  let p = 2;
  while (p + 4 <= b.length && b[p] === 0xff) {
    const marker = b[p + 1];
    // Start of scan: the entropy-coded data follows, no more metadata segments before it ends.
    if (marker === 0xda || marker === 0xd9) break;
    if (marker === 0xff || (marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) {
      p += marker === 0xff ? 1 : 2;
      continue;
    }
    const len = (b[p + 2] << 8) | b[p + 3];
    const data = b.subarray(p + 4, Math.min(p + 2 + len, b.length));
    if (marker === 0xfe) out.push(['Comment', undeclared(data)]);
    else if (marker === 0xe1 && latin1.decode(data.subarray(0, 6)) === 'Exif\0\0') tiffText(data.subarray(6), out);
    p += 2 + len;
  }
}

function gifText(b: Uint8Array, out: Array<[string, string]>): void {
  // Comment extensions (21 FE, then sub-blocks) may stand anywhere among the frames; they are
  // found by their introducer, which also occurs by chance in image data: a false one is noise.
  for (let p = b.indexOf(0x21); p >= 0 && p + 2 < b.length; p = b.indexOf(0x21, p + 1)) {
    if (b[p + 1] !== 0xfe) continue;
    const chunks: Uint8Array[] = [];
    let q = p + 2;
    while (q < b.length && b[q] !== 0) {
      chunks.push(b.subarray(q + 1, Math.min(q + 1 + b[q], b.length)));
      q += 1 + b[q];
    }
    const text = undeclared(Buffer.concat(chunks));
    if (text.trim() && !/[\0-\x08\x0e-\x1f]/.test(text)) out.push(['Comment', text]);
  }
}

function webpText(b: Uint8Array, out: Array<[string, string]>): void {
  let p = 12;
  while (p + 8 <= b.length) {
    const id = latin1.decode(b.subarray(p, p + 4));
    const len = (b[p + 4] | (b[p + 5] << 8) | (b[p + 6] << 16)) + b[p + 7] * 0x1000000;
    const data = b.subarray(p + 8, Math.min(p + 8 + len, b.length));
    if (id === 'EXIF') tiffText(latin1.decode(data.subarray(0, 6)) === 'Exif\0\0' ? data.subarray(6) : data, out);
    p += 8 + len + (len & 1);
  }
}

/** The text fields of a picture file, each `[field name, text]`, in file order. */
export function imageTextFields(b: Uint8Array): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  if (b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47) pngText(b, out);
  else if (b[0] === 0xff && b[1] === 0xd8) jpegText(b, out);
  else if (b[0] === 0x47 && b[1] === 0x49 && b[2] === 0x46) gifText(b, out);
  else if ((b[0] === 0x49 && b[1] === 0x49) || (b[0] === 0x4d && b[1] === 0x4d)) tiffText(b, out);
  else if (latin1.decode(b.subarray(0, 4)) === 'RIFF' && latin1.decode(b.subarray(8, 12)) === 'WEBP') webpText(b, out);
  return out;
}

/** The picture's metadata text as a `metadata` part (one line per field), or none. */
export function imageTextPart(b: Uint8Array): TextPart | undefined {
  const fields = imageTextFields(b);
  if (fields.length === 0) return undefined;
  const part = new PartBuilder('image:metadata', 'metadata', { filePart: 'metadata', detail: `text fields of the picture file (${[...new Set(fields.map(([k]) => k))].slice(0, 6).join(', ')})` });
  let chars = 0;
  for (const [, text] of fields) {
    for (const line of text.split(/\r\n?|\n/)) {
      if (!line.trim() || chars > MAX_CHARS) continue;
      chars += line.length;
      part.append(line.trim());
      part.endParagraph({ kind: 'paragraph' });
    }
  }
  return part.blank ? undefined : part.toPart();
}
