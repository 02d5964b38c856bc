/**
 * Text a picture file carries besides its pixels: PNG text chunks (tEXt, zTXt, iTXt, and the raw
 * profiles ImageMagick writes in them), JPEG comments (every one, also between the scans of a
 * progressive JPEG), GIF comment and plain-text extensions, the EXIF/TIFF text tags
 * (ImageDescription, DocumentName, PageName, Artist, Copyright, the UTF-16 XPTitle/XPComment/
 * XPSubject/XPKeywords/XPAuthor that Windows shows as a picture's title, comments and tags, and
 * UserComment), XMP packets (JPEG APP1 and Extended XMP, PNG iTXt, WebP `XMP `, GIF application
 * extension, TIFF tag 700, Photoshop resources) read as their values, IPTC-IIM records (JPEG APP13
 * Photoshop resources, TIFF tag 33723) and ICC profile descriptions. OCR reads what the picture
 * shows; this reads what a file viewer's properties show.
 *
 * Linear in the file's length and bounded in what it keeps. Damage is skipped (a picture whose
 * metadata cannot be walked is still read by OCR), but content met and not read is counted as a
 * {@link Loss}: data after the end of the image (bytes after a JPEG's EOI, a PNG's IEND, a GIF's
 * trailer, a WebP's RIFF), compressed text that does not inflate, text over the size bound.
 */
import { inflateSync, constants as zlibConstants } from 'node:zlib';
import type { EmbeddedFile, Loss, TextPart } from '@prepub/core';
import { PartBuilder } from '@prepub/core';
// Bytes of undeclared encoding: UTF-8 when valid, else GB18030 (as Chinese Windows writes ASCII tags) or Big5.
import { iccText, iptcText, undeclared } from './image-iptc.ts';
import { decodeXmp, looksLikeXmp, xmpValues } from './image-xmp.ts';

/** Most characters of metadata text kept per picture; more is a loss. */
const MAX_CHARS = 1024 * 1024;
/** Most bytes of one metadata value (a tag, a chunk, an XMP packet, an inflated stream). */
const MAX_VALUE_BYTES = 8 * 1024 * 1024;
/**
 * Most IFDs (pages, EXIF and sub-IFDs) of a TIFF walked for text tags: beyond the pages OCR reads
 * (DEFAULT_LIMITS.maxPages), so that a page OCR reads has its text tags read too. Those past it,
 * and entries past a budget of a few times the file's length (IFDs may share their bytes), are a loss.
 */
const MAX_IFDS = 4096;
/** Most values of one XMP packet read. */
const MAX_XMP_VALUES = 100_000;
/** How deep pictures within pictures (a Photoshop resource's EXIF, a picture after the end) are read. */
const MAX_DEPTH = 3;

const latin1 = new TextDecoder('latin1');


/** What reading a picture's metadata gave. */
export interface ImageMetadata {
  /** Each text field as `[field name, text]`, in file order. */
  fields: Array<[string, string]>;
  /** Content met and not read (data after the image's end, text that does not inflate, limits). */
  loss: Loss[];
  /**
   * Recognisable files stored after the end of the picture (a PNG after a JPEG's EOI, a ZIP after
   * a GIF's trailer), which viewers do not show: each is to be scanned as a file of its own, or,
   * by a caller that does not, reported unread with its `loss` (it is not in {@link loss}).
   */
  embedded: Array<{ file: EmbeddedFile; loss: Loss }>;
}

interface Ctx extends ImageMetadata {
  depth: number;
  /** Characters of field text kept so far. */
  chars: number;
  /** Whether text was dropped for the size bound (reported once). */
  truncated: boolean;
}

function field(ctx: Ctx, name: string, text: string): void {
  if (!text.trim()) return;
  if (ctx.chars + text.length > MAX_CHARS) {
    if (!ctx.truncated) {
      ctx.truncated = true;
      ctx.loss.push({ where: 'metadata', kind: 'other', count: text.length, reason: 'limit', detail: `the picture's metadata text is longer than ${MAX_CHARS} characters: the rest was not read`, origin: { filePart: 'metadata' } });
    }
    return;
  }
  ctx.chars += text.length;
  ctx.fields.push([name, text]);
}

/** A bound on the structures walked was reached: what lies past it was not read (a loss, never silence). */
function limitLoss(ctx: Ctx, what: string): void {
  ctx.loss.push({ where: 'metadata', kind: 'other', count: 1, reason: 'limit', detail: `${what}: the rest of the picture's metadata there was not read`, origin: { filePart: 'metadata' } });
}

/** The values of an XMP packet, a loss when there are more than are kept. */
function xmpFields(ctx: Ctx, xml: string): Array<[string, string]> {
  const values = xmpValues(xml, MAX_XMP_VALUES);
  if (values.length >= MAX_XMP_VALUES) limitLoss(ctx, `an XMP packet holds more than ${MAX_XMP_VALUES} values`);
  return values;
}

function inflate(ctx: Ctx, b: Uint8Array, what: string): Uint8Array | undefined {
  try {
    return new Uint8Array(inflateSync(b, { maxOutputLength: MAX_VALUE_BYTES }));
  } catch (e) {
    const tooLong = e instanceof RangeError || (e as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE';
    // A stream cut short still gives what it holds.
    let partial: Uint8Array | undefined;
    if (!tooLong) {
      try {
        partial = new Uint8Array(inflateSync(b, { maxOutputLength: MAX_VALUE_BYTES, finishFlush: zlibConstants.Z_SYNC_FLUSH }));
      } catch {
        partial = undefined;
      }
    }
    ctx.loss.push({
      where: 'metadata',
      kind: tooLong ? 'other' : 'failed-stream',
      count: 1,
      ...(tooLong ? { reason: 'limit' as const } : {}),
      detail: tooLong ? `${what} inflates to more than ${MAX_VALUE_BYTES} bytes: it was not read` : `${what} is damaged and could not be inflated${partial?.length ? ' completely' : ''}`,
      origin: { filePart: 'metadata' },
    });
    return partial?.length ? partial : undefined;
  }
}

/** An XMP packet's values, each its own field (`XMP dc:title`). */
function xmpText(ctx: Ctx, b: Uint8Array): void {
  // Zeros stand where a chunk of an Extended XMP packet is missing: a break, not text.
  for (const [name, value] of xmpFields(ctx, decodeXmp(b.subarray(0, MAX_VALUE_BYTES)).replace(/\0+/g, '\n'))) field(ctx, `XMP ${name}`, value);
}

/** EXIF/TIFF tags whose value is text someone reads, by tag number. */
const TEXT_TAGS = new Map<number, string>([
  [0x010d, 'DocumentName'],
  [0x010e, 'ImageDescription'],
  [0x010f, 'Make'],
  [0x0110, 'Model'],
  [0x011d, 'PageName'],
  [0x0131, 'Software'],
  [0x013b, 'Artist'],
  [0x013c, 'HostComputer'],
  [0x8298, 'Copyright'],
  [0x9286, 'UserComment'],
  [0x9c9b, 'XPTitle'],
  [0x9c9c, 'XPComment'],
  [0x9c9d, 'XPAuthor'],
  [0x9c9e, 'XPKeywords'],
  [0x9c9f, 'XPSubject'],
  [0x9212, 'SecurityClassification'],
  [0x9213, 'ImageHistory'],
  [0xa420, 'ImageUniqueID'],
  [0xa430, 'CameraOwnerName'],
  [0xa431, 'BodySerialNumber'],
  [0xa433, 'LensMake'],
  [0xa434, 'LensModel'],
  [0xa435, 'LensSerialNumber'],
  [0xa436, 'ImageTitle'],
  [0xa437, 'Photographer'],
  [0xa438, 'ImageEditor'],
]);
/** GPS IFD tags whose value is text: UNDEFINED with a character code, as UserComment. */
const GPS_TEXT_TAGS = new Map<number, string>([
  [0x001b, 'GPSProcessingMethod'],
  [0x001c, 'GPSAreaInformation'],
]);
/** Field types whose value is text whatever the tag: ASCII, and UTF-8 (EXIF 3.0). */
const TYPE_ASCII = 2;
const TYPE_UNDEFINED = 7;
const TYPE_UTF8 = 129;
/** Tags whose value is a structure of its own: XMP, IPTC-IIM, Photoshop resources, ICC profile. */
const TAG_XMP = 700;
const TAG_IPTC = 33723;
const TAG_PHOTOSHOP = 34377;
const TAG_ICC = 34675;
/** Tags pointing at more IFDs: the Exif IFD, the GPS IFD, the Interoperability IFD, SubIFDs. */
const TAG_EXIF_IFD = 0x8769;
const TAG_GPS_IFD = 0x8825;
const TAG_INTEROP_IFD = 0xa005;
const TAG_SUB_IFDS = 0x014a;
const TYPE_SIZE = [0, 1, 1, 2, 4, 8, 1, 1, 2, 4, 8, 4, 8, 4, 0, 0, 8, 8, 8];
const typeSize = (type: number): number => (type === TYPE_UTF8 ? 1 : (TYPE_SIZE[type] ?? 0));

/** Code units of UTF-16 text that are plausible in a Chinese, Japanese or Latin text field. */
function plausibleUnits(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if ((c >= 0x20 && c < 0x7f) || c === 0x0a || c === 0x0d || c === 0x09 || c === 0 || (c >= 0x4e00 && c <= 0x9fff) || (c >= 0x3000 && c <= 0x30ff) || (c >= 0xff00 && c <= 0xffef) || (c >= 0x2000 && c <= 0x27bf)) n++;
  }
  return n;
}

/**
 * UTF-16 in the byte order that reads as text: a BOM says which; else the one whose code units are
 * more plausibly text (Microsoft's tools write UserComment little-endian in big-endian EXIF too).
 */
function utf16Either(b: Uint8Array, le: boolean): string {
  if (b[0] === 0xfe && b[1] === 0xff) return new TextDecoder('utf-16be').decode(b.subarray(2));
  if (b[0] === 0xff && b[1] === 0xfe) return new TextDecoder('utf-16le').decode(b.subarray(2));
  const mine = new TextDecoder(le ? 'utf-16le' : 'utf-16be').decode(b);
  const other = new TextDecoder(le ? 'utf-16be' : 'utf-16le').decode(b);
  return plausibleUnits(other) > plausibleUnits(mine) ? other : mine;
}

/**
 * JIS text of an EXIF character code `JIS`: JIS X 0208 as two 7-bit bytes a character (read through
 * EUC-JP with the high bits set), ISO-2022-JP when it holds escapes, else Shift_JIS (what cameras write).
 */
function jisText(b: Uint8Array): string {
  if (b.includes(0x1b)) return new TextDecoder('iso-2022-jp').decode(b);
  if (b.every((x) => x < 0x80)) return new TextDecoder('euc-jp').decode(b.map((x) => (x >= 0x21 && x <= 0x7e ? x | 0x80 : x)));
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(b);
  } catch {
    return new TextDecoder('shift_jis').decode(b);
  }
}

/**
 * The text of an EXIF value that starts with an 8-byte character code (UserComment, the GPS
 * processing method and area): `ASCII`, `UNICODE`, `JIS` or undefined (zeros or spaces, as cameras
 * write it); undefined when the value has no such code.
 */
function codedText(v: Uint8Array, le: boolean): string | undefined {
  if (v.length < 8) return undefined;
  const head = latin1.decode(v.subarray(0, 8));
  const rest = v.subarray(8);
  if (/^(ASCII[\0 ]{3}|[\0 ]{8})$/.test(head)) return undeclared(rest);
  if (/^UNICODE[\0 ]$/.test(head)) return utf16Either(rest, le);
  if (/^JIS[\0 ]{5}$/.test(head)) return jisText(rest);
  return undefined;
}

/** Text tags of a TIFF structure (a TIFF or BigTIFF file, or the EXIF block of a JPEG, PNG or WebP). */
function tiffText(ctx: Ctx, b: Uint8Array): void {
  if (b.length < 8) return;
  const le = b[0] === 0x49 && b[1] === 0x49;
  if (!le && !(b[0] === 0x4d && b[1] === 0x4d)) return;
  const u16 = (o: number) => (le ? b[o] | (b[o + 1] << 8) : (b[o] << 8) | b[o + 1]);
  const u32 = (o: number) => (le ? (b[o] | (b[o + 1] << 8) | (b[o + 2] << 16)) + b[o + 3] * 0x1000000 : b[o] * 0x1000000 + ((b[o + 1] << 16) | (b[o + 2] << 8) | b[o + 3]));
  // BigTIFF (43) has 8-byte counts and offsets; offsets past 2^32 are past any file read here.
  const big = u16(2) === 43;
  const u64 = (o: number) => (le ? u32(o) + u32(o + 4) * 0x100000000 : u32(o) * 0x100000000 + u32(o + 4));
  const off = big ? u64 : u32;
  const entrySize = big ? 20 : 12;
  const inline = big ? 8 : 4;
  const queue = [big ? u64(8) : u32(4)];
  const seen = new Set<number>();
  const walkable = (ifd: number) => ifd >= 8 && ifd + (big ? 8 : 2) <= b.length && !seen.has(ifd);
  let budget = 4 * Math.ceil(b.length / entrySize) + 100_000;
  let dropped = false;
  const more = (at: number): void => {
    if (queue.length < MAX_IFDS * 4) queue.push(at);
    else if (walkable(at)) dropped = true;
  };
  let qi = 0;
  for (; qi < queue.length && seen.size < MAX_IFDS && budget > 0; qi++) {
    const ifd = queue[qi];
    if (!walkable(ifd)) continue;
    seen.add(ifd);
    const n = big ? Math.min(u64(ifd), 0x10000) : u16(ifd);
    const first = ifd + (big ? 8 : 2);
    for (let i = 0; i < n && budget-- > 0; i++) {
      const e = first + i * entrySize;
      if (e + entrySize > b.length) break;
      const tag = u16(e);
      const type = u16(e + 2);
      const count = off(e + 4);
      const size = typeSize(type) * count;
      const valueAt = e + 4 + (big ? 8 : 4);
      const at = size <= inline ? valueAt : off(valueAt);
      if (size === 0 || at >= b.length) continue;
      const v = b.subarray(at, Math.min(at + size, at + MAX_VALUE_BYTES, b.length));
      if (tag === TAG_EXIF_IFD || tag === TAG_GPS_IFD || tag === TAG_INTEROP_IFD) more(off(valueAt));
      else if (tag === TAG_SUB_IFDS) {
        const w = TYPE_SIZE[type] ?? 0;
        if (w === 4 || w === 8) for (let k = 0; k + w <= v.length && k < 64 * w; k += w) more(w === 8 ? u64(at + k) : u32(at + k));
      } else if (tag === TAG_XMP) xmpText(ctx, v);
      else if (tag === TAG_IPTC) for (const [name, text] of iptcText(v, () => limitLoss(ctx, 'an IPTC block holds more datasets than are read'))) field(ctx, name, text);
      else if (tag === TAG_PHOTOSHOP) photoshopText(ctx, v);
      else if (tag === TAG_ICC) for (const [name, text] of iccText(v)) field(ctx, name, text);
      // Text tags by name; any other tag typed as text (ASCII, UTF-8), or UNDEFINED with a
      // character code, is text a viewer shows as well (EXIF 3.0's, a maker's, a GPS IFD's).
      const coded = type === TYPE_UNDEFINED ? codedText(v, le) : undefined;
      const name = TEXT_TAGS.get(tag) ?? (coded !== undefined ? (GPS_TEXT_TAGS.get(tag) ?? `EXIF tag ${tag}`) : type === TYPE_ASCII || type === TYPE_UTF8 ? `EXIF tag ${tag}` : undefined);
      if (!name) continue;
      let text: string;
      if (name.startsWith('XP')) text = utf16Either(v, true);
      else if (type === TYPE_UTF8) text = new TextDecoder().decode(v);
      // A value without a character code is read whole (the code is often missing or wrong).
      else if (name === 'UserComment' || coded !== undefined) text = coded ?? undeclared(v);
      else text = undeclared(v);
      // An ASCII value may hold several NUL-separated strings: each its own line.
      text = text.replace(/\0+$/, '').replace(/\0+/g, '\n');
      field(ctx, name, text);
    }
    const next = first + n * entrySize;
    if (next + (big ? 8 : 4) <= b.length) more(off(next));
  }
  if (dropped || budget <= 0 || queue.slice(qi).some(walkable)) {
    ctx.loss.push({ where: 'metadata', kind: 'other', count: 1, reason: 'limit', detail: `the picture has more IFDs (pages, EXIF and sub-IFDs) than are read (${MAX_IFDS}): the text tags of the rest were not read`, origin: { filePart: 'metadata' } });
  }
}

/** Photoshop resources whose text is Unicode strings (a 4-byte count of UTF-16BE units, then the units) among other fields. */
const PHOTOSHOP_UNICODE = new Map<number, string>([
  [0x0415, 'alpha channel name'],
  [0x041a, 'slices'],
  [0x041b, 'workflow URL'],
  [0x041e, 'URL list'],
  [0x0421, 'version info'],
]);

/**
 * The Unicode strings within a Photoshop resource, found where a 4-byte count is followed by that
 * many UTF-16BE units that are all text, so the other fields around them are passed over. Where
 * such candidates overlap (a number before a string can pass for a short one), the longer wins.
 * The work is bounded by a multiple of the resource's length.
 */
function unicodeStrings(d: Uint8Array, onLimit: () => void): string[] {
  const found: Array<{ at: number; end: number; text: string }> = [];
  let budget = 8 * d.length + 1024;
  for (let p = 0; p + 6 <= d.length && budget > 0; p++) {
    if (d[p] !== 0 || d[p + 1] !== 0) continue;
    const n = (d[p + 2] << 8) | d[p + 3];
    if (n === 0 || p + 4 + 2 * n > d.length) continue;
    let ok = true;
    for (let k = 0; k < n && ok; k++) {
      budget--;
      const c = (d[p + 4 + 2 * k] << 8) | d[p + 5 + 2 * k];
      // A trailing NUL is allowed; other controls, surrogates alone and non-characters are not text.
      ok = c >= 0x20 ? c < 0xd800 || (c >= 0xe000 && c < 0xfffe) : c === 0x09 || c === 0x0a || c === 0x0d || (c === 0 && k === n - 1);
    }
    if (!ok) continue;
    const text = new TextDecoder('utf-16be').decode(d.subarray(p + 4, p + 4 + 2 * n)).replace(/\0+$/, '');
    if (text.trim()) found.push({ at: p, end: p + 4 + 2 * n, text });
  }
  if (budget <= 0) onLimit();
  // Bytes taken by a kept string; each candidate's bytes are looked at once (their sum is within the budget).
  const taken = new Uint8Array(d.length);
  const kept: typeof found = [];
  for (const f of [...found].sort((x, y) => y.end - y.at - (x.end - x.at) || x.at - y.at)) {
    if (taken.subarray(f.at, f.end).includes(1)) continue;
    taken.fill(1, f.at, f.end);
    kept.push(f);
  }
  return kept.sort((x, y) => x.at - y.at).map((f) => f.text);
}

/**
 * Photoshop image resources (JPEG APP13 `Photoshop 3.0`, TIFF tag 34377): IPTC-IIM (0x0404), XMP
 * (0x0424), EXIF (0x0422), the old caption (0x03F0), ICC profile (0x040F), the URL (0x040B), alpha
 * channel and clipping path names, the Unicode strings of version info, slices and URL lists, and
 * resource names.
 */
function photoshopText(ctx: Ctx, b: Uint8Array): void {
  let p = 0;
  let guard = 0;
  for (; p + 12 <= b.length && guard < 100_000; guard++) {
    const sig = latin1.decode(b.subarray(p, p + 4));
    if (sig !== '8BIM' && sig !== 'PHUT' && sig !== 'AgHg' && sig !== 'DCSR' && sig !== 'MeTa') {
      // Damage: look for the next resource.
      const next = Buffer.from(b.buffer, b.byteOffset, b.byteLength).indexOf('8BIM', p + 1, 'latin1');
      if (next < 0) break;
      p = next;
      continue;
    }
    const id = (b[p + 4] << 8) | b[p + 5];
    const nameLen = b[p + 6];
    const name = b.subarray(p + 7, Math.min(p + 7 + nameLen, b.length));
    const sizeAt = p + 6 + ((1 + nameLen + 1) & ~1);
    if (sizeAt + 4 > b.length) break;
    const size = b[sizeAt] * 0x1000000 + ((b[sizeAt + 1] << 16) | (b[sizeAt + 2] << 8) | b[sizeAt + 3]);
    const data = b.subarray(sizeAt + 4, Math.min(sizeAt + 4 + size, b.length));
    if (name.length) field(ctx, 'Photoshop resource name', undeclared(name));
    if (id === 0x0404) for (const [k, text] of iptcText(data, () => limitLoss(ctx, 'an IPTC block holds more datasets than are read'))) field(ctx, k, text);
    else if (id === 0x0424) xmpText(ctx, data);
    else if ((id === 0x0422 || id === 0x0423) && ctx.depth < MAX_DEPTH) {
      ctx.depth++;
      tiffText(ctx, latin1.decode(data.subarray(0, 6)) === 'Exif\0\0' ? data.subarray(6) : data);
      ctx.depth--;
    } else if (id === 0x03f0) field(ctx, 'Photoshop caption', undeclared(data.subarray(1, 1 + data[0])));
    else if (id === 0x040b) field(ctx, 'Photoshop URL', undeclared(data).replace(/\0+/g, '\n'));
    else if (id === 0x03ee || id === 0x0bb7) {
      // Alpha channel names (Pascal strings one after another), the clipping path's name (one).
      for (let q = 0; q < data.length && data[q] > 0; q += 1 + data[q]) {
        field(ctx, id === 0x03ee ? 'Photoshop alpha channel name' : 'Photoshop clipping path name', undeclared(data.subarray(q + 1, q + 1 + data[q])));
        if (id === 0x0bb7) break;
      }
    } else if (PHOTOSHOP_UNICODE.has(id)) for (const t of unicodeStrings(data, () => limitLoss(ctx, 'a Photoshop resource is longer than its strings are looked for in'))) field(ctx, `Photoshop ${PHOTOSHOP_UNICODE.get(id)}`, t);
    else if (id === 0x040f) for (const [k, text] of iccText(data)) field(ctx, k, text);
    p = sizeAt + 4 + size + (size & 1);
  }
  if (guard >= 100_000 && p + 12 <= b.length) limitLoss(ctx, 'Photoshop image resources are more than 100000');
}

/** ImageMagick's `Raw profile type …` text chunks: a type line, a length line, then hex. */
function rawProfile(ctx: Ctx, key: string, text: string): boolean {
  const m = /^Raw profile type (\w+)/i.exec(key);
  if (!m) return false;
  // `\nexif\n     1234\n` then hex digits in lines (each test below is one linear pass).
  const head = /^\s*\S*\s+\d+\s/.exec(text.slice(0, 256));
  if (!head) return false;
  const body = text.slice(head[0].length);
  if (!/^[0-9a-fA-F\s]*$/.test(body)) return false;
  const digits = body.replace(/\s+/g, '');
  const bytes = new Uint8Array(Buffer.from(digits.slice(0, digits.length & ~1), 'hex'));
  const type = m[1].toLowerCase();
  if (type === 'xmp') xmpText(ctx, bytes);
  else if (type === 'iptc' || type === '8bim') {
    if (bytes[0] === 0x1c) for (const [k, t] of iptcText(bytes, () => limitLoss(ctx, 'an IPTC block holds more datasets than are read'))) field(ctx, k, t);
    else photoshopText(ctx, latin1.decode(bytes.subarray(0, 14)) === 'Photoshop 3.0\0' ? bytes.subarray(14) : bytes);
  } else if (type === 'exif' || type === 'app1') {
    const at = bytes.indexOf(0x45); // `Exif\0\0`, where the profile starts with it
    tiffText(ctx, at >= 0 && at < 8 && latin1.decode(bytes.subarray(at, at + 6)) === 'Exif\0\0' ? bytes.subarray(at + 6) : bytes);
  } else if (type === 'icc' || type === 'icm') for (const [k, t] of iccText(bytes)) field(ctx, k, t);
  else return false;
  return true;
}

/** One PNG text chunk's key and text: an XMP packet as its values, a raw profile decoded, else the text. */
function pngField(ctx: Ctx, key: string, text: string): void {
  if (key === 'XML:com.adobe.xmp' || looksLikeXmp(text)) {
    for (const [name, value] of xmpFields(ctx, text)) field(ctx, `XMP ${name}`, value);
    return;
  }
  if (rawProfile(ctx, key, text)) return;
  field(ctx, key, text);
}

/** Text chunks of a PNG from `p`; returns where IEND ends, or -1 when the chunks run out before it. */
function pngChunks(ctx: Ctx, b: Uint8Array, p: number): number {
  while (p + 12 <= b.length) {
    const len = b[p] * 0x1000000 + ((b[p + 1] << 16) | (b[p + 2] << 8) | b[p + 3]);
    const type = latin1.decode(b.subarray(p + 4, p + 8));
    const data = b.subarray(p + 8, Math.min(p + 8 + len, b.length));
    const nul = data.indexOf(0);
    // tEXt and zTXt are Latin-1 by the standard; Chinese tools write UTF-8 or GBK in them, read too.
    const latinText = (key: string, t: Uint8Array): void => {
      if (/^Raw profile type /i.test(key)) {
        pngField(ctx, key, latin1.decode(t));
        return;
      }
      if (looksLikeXmp(latin1.decode(t.subarray(0, 4096)))) {
        pngField(ctx, key, decodeXmp(t));
        return;
      }
      field(ctx, key, latin1.decode(t));
      if (t.some((x) => x >= 0x80)) field(ctx, key, undeclared(t));
    };
    // A keyword is Latin-1 by the standard; one that is not ASCII (a tool's Chinese keyword) is text too.
    if ((type === 'tEXt' || type === 'zTXt' || type === 'iTXt') && nul > 0 && data.subarray(0, Math.min(nul, 256)).some((x) => x >= 0x80)) field(ctx, 'PNG text keyword', undeclared(data.subarray(0, Math.min(nul, 256))));
    if (type === 'tEXt' && nul > 0) latinText(latin1.decode(data.subarray(0, nul)), data.subarray(nul + 1));
    else if (type === 'zTXt' && nul > 0) {
      const t = inflate(ctx, data.subarray(nul + 2), 'a compressed PNG text chunk (zTXt)');
      if (t) latinText(latin1.decode(data.subarray(0, nul)), t);
    } else if (type === 'iTXt' && nul > 0) {
      const compressed = data[nul + 1] === 1;
      const lang = data.indexOf(0, nul + 3);
      const trans = lang < 0 ? -1 : data.indexOf(0, lang + 1);
      if (trans >= 0) {
        const key = latin1.decode(data.subarray(0, nul));
        const raw = compressed ? inflate(ctx, data.subarray(trans + 1), 'a compressed PNG text chunk (iTXt)') : data.subarray(trans + 1);
        // UTF-8 by the standard; Chinese tools write GBK in it as well.
        const translated = undeclared(data.subarray(lang + 1, trans));
        if (raw) pngField(ctx, key, undeclared(raw));
        field(ctx, key, translated);
      }
    } else if (type === 'eXIf') tiffText(ctx, data);
    else if (type === 'iCCP' && nul > 0) {
      const profile = inflate(ctx, data.subarray(nul + 2), 'the ICC profile of a PNG (iCCP)');
      if (profile) for (const [k, text] of iccText(profile)) field(ctx, k, text);
    } else if (type === 'IEND') return p + 12 + len;
    p += 12 + len;
  }
  return -1;
}

function pngText(ctx: Ctx, b: Uint8Array): void {
  const end = pngChunks(ctx, b, 8);
  if (end >= 0) trailing(ctx, b, end, 'PNG', (t) => pngChunkTrailer(ctx, t));
}

/**
 * PNG chunks after IEND (decoders stop at IEND; a hostile file hides text there): their text chunks
 * are read like the others. Whether every byte after IEND was such a text chunk.
 */
function pngChunkTrailer(ctx: Ctx, t: Uint8Array): boolean {
  let p = 0;
  let onlyText = true;
  while (p + 12 <= t.length) {
    const len = t[p] * 0x1000000 + ((t[p + 1] << 16) | (t[p + 2] << 8) | t[p + 3]);
    const type = latin1.decode(t.subarray(p + 4, p + 8));
    if (!/^[A-Za-z]{4}$/.test(type) || p + 12 + len > t.length) return false;
    if (!['tEXt', 'zTXt', 'iTXt'].includes(type)) onlyText = false;
    p += 12 + len;
  }
  if (p === 0) return false;
  // Read them as the chunks before IEND are read.
  const before = ctx.loss.length;
  pngChunks(ctx, t.subarray(0, p), 0);
  return onlyText && p === t.length && ctx.loss.length === before;
}

function jpegText(ctx: Ctx, b: Uint8Array): void {
  const app13: Uint8Array[] = [];
  const icc: Array<[number, Uint8Array]> = [];
  const extended = new Map<string, { chunks: Array<[number, Uint8Array]> }>();
  let extendedDropped = false;
  let end = -1;
  let p = 2;
  while (p + 1 < b.length) {
    if (b[p] !== 0xff) {
      // Entropy-coded data (after a start of scan) or damage: the next marker starts at an 0xFF.
      const next = b.indexOf(0xff, p + 1);
      if (next < 0) break;
      p = next;
      continue;
    }
    const marker = b[p + 1];
    // Fill bytes, stuffed 0xFF00 and restart markers inside the scan data, markers without a length.
    if (marker === 0xff) {
      p += 1;
      continue;
    }
    if (marker === 0x00 || marker === 0x01 || marker === 0xd8 || (marker >= 0xd0 && marker <= 0xd7)) {
      p += 2;
      continue;
    }
    if (marker === 0xd9) {
      end = p + 2;
      break;
    }
    if (p + 4 > b.length) break;
    const len = (b[p + 2] << 8) | b[p + 3];
    if (len < 2) {
      p += 2;
      continue;
    }
    const data = b.subarray(p + 4, Math.min(p + 2 + len, b.length));
    const head = latin1.decode(data.subarray(0, 35));
    if (marker === 0xfe) field(ctx, 'Comment', undeclared(data));
    else if (marker === 0xec) app12Text(ctx, data);
    else if (marker === 0xe1 && head.startsWith('Exif\0')) tiffText(ctx, data.subarray(6));
    else if (marker === 0xe1 && head.startsWith('http://ns.adobe.com/xap/1.0/\0')) xmpText(ctx, data.subarray(29));
    else if (marker === 0xe1 && head.startsWith('http://ns.adobe.com/xmp/extension/\0') && data.length >= 75) {
      // Extended XMP: a GUID, the full length and this chunk's offset, then the chunk.
      const guid = latin1.decode(data.subarray(35, 67));
      const offset = data[71] * 0x1000000 + ((data[72] << 16) | (data[73] << 8) | data[74]);
      let x = extended.get(guid);
      if (!x && extended.size < 8) extended.set(guid, (x = { chunks: [] }));
      else if (!x && !extendedDropped) {
        extendedDropped = true;
        limitLoss(ctx, 'a JPEG holds Extended XMP packets of more than 8 GUIDs');
      }
      x?.chunks.push([offset, data.subarray(75)]);
    } else if (marker === 0xed && head.startsWith('Photoshop 3.0\0')) app13.push(data.subarray(14));
    else if (marker === 0xe2 && head.startsWith('ICC_PROFILE\0') && data.length > 14) icc.push([data[12], data.subarray(14)]);
    p += 2 + len;
  }
  // Photoshop resources and ICC profiles may span segments: joined in order.
  if (app13.length) photoshopText(ctx, new Uint8Array(Buffer.concat(app13)));
  if (icc.length) for (const [k, text] of iccText(new Uint8Array(Buffer.concat(icc.sort((x, y) => x[0] - y[0]).map(([, d]) => d))))) field(ctx, k, text);
  for (const { chunks } of extended.values()) {
    // Each chunk at its offset (a missing chunk leaves zeros), up to the bound; the stated full
    // length is not trusted for the allocation, only the chunks present.
    let size = 0;
    for (const [o, d] of chunks) if (o < MAX_VALUE_BYTES) size = Math.max(size, Math.min(o + d.length, MAX_VALUE_BYTES));
    const whole = new Uint8Array(size);
    for (const [o, d] of chunks) if (o < size) whole.set(d.subarray(0, size - o), o);
    xmpText(ctx, whole);
  }
  if (end >= 0) trailing(ctx, b, end, 'JPEG');
}

/**
 * JPEG APP12: Photoshop's `Ducky` segment ("Save for Web": a comment and a copyright, UTF-16BE after
 * a 4-byte count, in blocks of tag and length) or the `[picture info]` text of older cameras.
 */
function app12Text(ctx: Ctx, data: Uint8Array): void {
  if (latin1.decode(data.subarray(0, 5)) === 'Ducky') {
    for (let p = 5; p + 4 <= data.length; ) {
      const tag = (data[p] << 8) | data[p + 1];
      const len = (data[p + 2] << 8) | data[p + 3];
      if (tag === 0) break;
      const v = data.subarray(p + 4, Math.min(p + 4 + len, data.length));
      if (tag === 2 || tag === 3) field(ctx, tag === 2 ? 'Ducky Comment' : 'Ducky Copyright', utf16Either(v.subarray(4), false));
      p += 4 + len;
    }
    return;
  }
  const text = undeclared(data).replace(/\0+/g, '\n');
  if (!/[\x01-\x08\x0e-\x1f\x7f]/.test(text)) field(ctx, 'APP12', text);
}

/** GIF blocks: comment, plain text and XMP application extensions; then what follows the trailer. */
function gifText(ctx: Ctx, b: Uint8Array): void {
  if (b.length < 13) return;
  let p = 13 + (b[10] & 0x80 ? 3 << ((b[10] & 7) + 1) : 0);
  /** The data sub-blocks from `q`: their bytes joined, and where the terminator ends (-1 when cut short). */
  const subBlocks = (q: number): [Uint8Array, number] => {
    const chunks: Uint8Array[] = [];
    while (q < b.length && b[q] !== 0) {
      chunks.push(b.subarray(q + 1, Math.min(q + 1 + b[q], b.length)));
      q += 1 + b[q];
    }
    return [new Uint8Array(Buffer.concat(chunks)), q < b.length ? q + 1 : -1];
  };
  while (p < b.length) {
    const intro = b[p];
    if (intro === 0x3b) {
      trailing(ctx, b, p + 1, 'GIF');
      return;
    }
    if (intro === 0x2c) {
      if (p + 10 > b.length) break;
      const flags = b[p + 9];
      p += 10 + (flags & 0x80 ? 3 << ((flags & 7) + 1) : 0) + 1;
      const [, next] = subBlocks(p);
      if (next < 0) break;
      p = next;
      continue;
    }
    if (intro !== 0x21 || p + 2 > b.length) break;
    const label = b[p + 1];
    if (label === 0xff && b[p + 2] === 11 && latin1.decode(b.subarray(p + 3, p + 14)) === 'XMP DataXMP') {
      // XMP is written raw, not in sub-blocks, ended by a 258-byte "magic trailer" that walks the
      // sub-block reader to the terminator: the packet is what stands before that trailer.
      const [, next] = subBlocks(p + 14);
      const stop = next < 0 ? b.length : next;
      let raw = b.subarray(p + 14, stop);
      const magic = raw.findIndex((x, k) => x === 0x01 && raw[k + 1] === 0xff && raw[k + 2] === 0xfe && raw[k + 3] === 0xfd);
      if (magic >= 0) raw = raw.subarray(0, magic);
      xmpText(ctx, raw);
      if (next < 0) break;
      p = next;
      continue;
    }
    if (label === 0x01) {
      // Plain text extension: a 12-byte block of grid and colours, then the text drawn on the picture.
      const [text, next] = subBlocks(p + 3 + (b[p + 2] ?? 0));
      field(ctx, 'Plain text', undeclared(text));
      if (next < 0) break;
      p = next;
      continue;
    }
    const [data, next] = subBlocks(p + 2);
    if (label === 0xfe) field(ctx, 'Comment', undeclared(data));
    if (next < 0) break;
    p = next;
  }
  // The blocks could not be walked to the trailer: comments are found by their introducer, which
  // also occurs by chance in image data (a false one is noise).
  for (let q = b.indexOf(0x21, p); q >= 0 && q + 2 < b.length; q = b.indexOf(0x21, q + 1)) {
    if (b[q + 1] !== 0xfe) continue;
    const chunks: Uint8Array[] = [];
    let r = q + 2;
    while (r < b.length && b[r] !== 0) {
      chunks.push(b.subarray(r + 1, Math.min(r + 1 + b[r], b.length)));
      r += 1 + b[r];
    }
    const text = undeclared(Buffer.concat(chunks));
    if (text.trim() && !/[\0-\x08\x0e-\x1f]/.test(text)) field(ctx, 'Comment', text);
  }
}

function webpText(ctx: Ctx, b: Uint8Array): void {
  const riffEnd = 8 + ((b[4] | (b[5] << 8) | (b[6] << 16)) + b[7] * 0x1000000);
  const end = Math.min(riffEnd, b.length);
  let p = 12;
  while (p + 8 <= end) {
    const id = latin1.decode(b.subarray(p, p + 4));
    const len = (b[p + 4] | (b[p + 5] << 8) | (b[p + 6] << 16)) + b[p + 7] * 0x1000000;
    const data = b.subarray(p + 8, Math.min(p + 8 + len, end));
    if (id === 'EXIF') tiffText(ctx, latin1.decode(data.subarray(0, 6)) === 'Exif\0\0' ? data.subarray(6) : data);
    else if (id === 'XMP ') xmpText(ctx, data);
    else if (id === 'ICCP') for (const [k, text] of iccText(data)) field(ctx, k, text);
    p += 8 + len + (len & 1);
  }
  if (riffEnd < b.length) trailing(ctx, b, riffEnd, 'WebP');
}

/** Bytes a writer pads a file with: zeros, 0xFF fill, white space. */
function isPadding(t: Uint8Array): boolean {
  for (let i = 0; i < t.length; i++) {
    const x = t[i];
    if (x !== 0 && x !== 0xff && x !== 0x20 && x !== 0x09 && x !== 0x0a && x !== 0x0d && x !== 0x1a) return false;
  }
  return true;
}

/** What a file after the end of a picture is, by its signature. */
function fileKind(t: Uint8Array): string | undefined {
  const s = latin1.decode(t.subarray(0, 12));
  if (s.startsWith('\x89PNG')) return 'PNG picture';
  if (t[0] === 0xff && t[1] === 0xd8 && t[2] === 0xff) return 'JPEG picture';
  if (s.startsWith('GIF8')) return 'GIF picture';
  if (s.startsWith('RIFF') && s.slice(8, 12) === 'WEBP') return 'WebP picture';
  if (s.startsWith('II*\0') || s.startsWith('MM\0*')) return 'TIFF picture';
  if (s.startsWith('BM')) return 'BMP picture';
  if (s.startsWith('PK\x03\x04') || s.startsWith('PK\x05\x06')) return 'ZIP archive';
  if (s.startsWith('%PDF')) return 'PDF document';
  if (s.startsWith('Rar!')) return 'RAR archive';
  if (s.startsWith("7z\xbc\xaf'\x1c")) return '7z archive';
  if (t[0] === 0x1f && t[1] === 0x8b) return 'gzip file';
  if (s.startsWith('\xd0\xcf\x11\xe0')) return 'OLE compound file';
  return undefined;
}

/**
 * What follows the end of the image at `start`, which viewers do not show: padding is ignored; a
 * file of its own (a polyglot: a PNG after a JPEG) has its metadata read and is handed back to be
 * scanned, and is a loss until then; plain text is read; anything else is a loss.
 */
function trailing(ctx: Ctx, b: Uint8Array, start: number, format: string, own?: (t: Uint8Array) => boolean): void {
  const t = b.subarray(start);
  if (t.length === 0 || isPadding(t)) return;
  const where = `bytes ${start}-${b.length - 1}`;
  const origin = { filePart: `after the end of the ${format} image`, detail: where };
  if (own?.(t)) return;
  const kind = fileKind(t);
  if (kind) {
    if (ctx.depth < MAX_DEPTH) {
      ctx.depth++;
      readInto(ctx, t);
      ctx.depth--;
    }
    ctx.embedded.push({
      file: { name: `${where} (${kind} after the end of the ${format} image)`, bytes: t, origin },
      loss: { where, kind: 'unreadable-object', count: t.length, total: b.length, reason: 'embedded-object', detail: `a ${kind} of ${t.length} bytes is stored after the end of the ${format} image, where viewers do not show it: it was not read with the picture`, origin },
    });
    return;
  }
  if (t.length <= MAX_VALUE_BYTES) {
    try {
      const text = new TextDecoder('utf-8', { fatal: true }).decode(t);
      if (!/[\0-\x08\x0b\x0c\x0e-\x1f\x7f]/.test(text)) {
        field(ctx, `Data after the end of the ${format} image`, text);
        return;
      }
    } catch {
      // Not text: a loss below.
    }
  }
  ctx.loss.push({ where, kind: 'other', count: t.length, total: b.length, detail: `${t.length} bytes after the end of the ${format} image were not read: viewers do not show them, and they are no format prepub recognises`, origin });
}

function readInto(ctx: Ctx, b: Uint8Array): void {
  if (b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47) pngText(ctx, b);
  else if (b[0] === 0xff && b[1] === 0xd8) jpegText(ctx, b);
  else if (b[0] === 0x47 && b[1] === 0x49 && b[2] === 0x46) gifText(ctx, b);
  else if ((b[0] === 0x49 && b[1] === 0x49) || (b[0] === 0x4d && b[1] === 0x4d)) tiffText(ctx, b);
  else if (latin1.decode(b.subarray(0, 4)) === 'RIFF' && latin1.decode(b.subarray(8, 12)) === 'WEBP') webpText(ctx, b);
}

/** The metadata of a picture file: its text fields, what was met and not read, files stored after its end. Never throws. */
export function readImageMetadata(b: Uint8Array): ImageMetadata {
  const ctx: Ctx = { fields: [], loss: [], embedded: [], depth: 0, chars: 0, truncated: false };
  try {
    readInto(ctx, b);
  } catch (e) {
    // A reader bug on hostile bytes must not lose the file: what was read stays, the rest is a loss.
    ctx.loss.push({ where: 'metadata', kind: 'other', count: 1, detail: `the picture's metadata could not be read to its end: ${(e as Error)?.message ?? String(e)}`, origin: { filePart: 'metadata' } });
  }
  return { fields: ctx.fields, loss: ctx.loss, embedded: ctx.embedded };
}

/** The text fields of a picture file, each `[field name, text]`, in file order. */
export function imageTextFields(b: Uint8Array): Array<[string, string]> {
  return readImageMetadata(b).fields;
}

/** The fields as a `metadata` part (one line per field value line), or none. */
function fieldsPart(fields: Array<[string, string]>): TextPart | undefined {
  if (fields.length === 0) return undefined;
  const part = new PartBuilder('image:metadata', 'metadata', { filePart: 'metadata', detail: `text fields of the picture file (${[...new Set(fields.map(([k]) => k))].slice(0, 6).join(', ')})` });
  for (const [, text] of fields) {
    for (const line of text.split(/\r\n?|\n|\u2028|\u2029/)) {
      if (!line.trim()) continue;
      part.append(line.trim());
      part.endParagraph({ kind: 'paragraph' });
    }
  }
  return part.blank ? undefined : part.toPart();
}

/** The picture's metadata text as a `metadata` part (one line per field), or none. */
export function imageTextPart(b: Uint8Array): TextPart | undefined {
  return fieldsPart(readImageMetadata(b).fields);
}

/**
 * The picture's metadata as the scanner takes it: the `metadata` part, the losses (each an unread
 * item) and the files stored after the image's end (each to be scanned as a file of its own, or
 * reported unread with its loss).
 */
export function imageMetadataPart(b: Uint8Array): { part?: TextPart; loss: Loss[]; embedded: ImageMetadata['embedded'] } {
  const m = readImageMetadata(b);
  const part = fieldsPart(m.fields);
  return part ? { part, loss: m.loss, embedded: m.embedded } : { loss: m.loss, embedded: m.embedded };
}
