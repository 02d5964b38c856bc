/**
 * Page thumbnails (`/Thumb` on a page): a picture viewers show in their page panel instead of
 * rendering the page, which may show what the page does not (a marking on a blank page's
 * thumbnail). Each is read as a picture for OCR when its data is one this reader decodes (JPEG, or
 * Flate or no filter with 8-bit grey, RGB or an indexed palette of them); any other is a loss, never dropped.
 */
import { PDFArray, PDFHexString, PDFName, PDFNumber, PDFRawStream, PDFRef, PDFString, type PDFObject } from 'pdf-lib';
import { filterNames, hasPredictor, refLabel, resolve } from './raw.ts';
import { decodeBounded } from './bounded-decode.ts';
import { encodeOpaquePng } from './png.ts';
import type { DocState } from './state.ts';

/** Most pixels of a thumbnail decoded (a real one is a few hundred pixels wide). */
const MAX_PIXELS = 4_000_000;
/** Most thumbnails read per file. */
const MAX_THUMBNAILS = 2000;
/**
 * Pixels decoded for all the thumbnails of one file: 2,000 pages naming one 2000 × 2000 thumbnail
 * took 60 ms a page to decode and encode again (2 minutes for a file of a few hundred kB). Past it
 * a thumbnail is a loss; one stream named by many pages is decoded once.
 */
const MAX_TOTAL_PIXELS = 32_000_000;
/** Bytes a thumbnail's data may decode to past what its size needs (padding, a stored block's framing). */
const SLACK = 65536;
/** An indexed palette's lookup stream: 256 RGB entries, with the same slack. */
const PALETTE_BYTES = 256 * 3 + SLACK;

type Picture = { bytes: Uint8Array; mediaType: 'image/jpeg' | 'image/png' };

/** A thumbnail stream as a picture file, or why it is not read. */
async function thumbnailPicture(state: DocState, thumb: PDFObject | undefined, budget: { pixels: number }): Promise<Picture | string> {
  if (!state.raw.ok) return 'the file could not be parsed';
  const doc = state.raw.doc;
  if (state.raw.encrypted) return 'the file is encrypted';
  const s = resolve(doc, thumb);
  if (!(s instanceof PDFRawStream)) return 'it is no stream';
  const filters = filterNames(doc, s.dict);
  if (filters.length === 1 && (filters[0] === 'DCTDecode' || filters[0] === 'DCT')) return { bytes: s.contents, mediaType: 'image/jpeg' };
  if (filters.some((f) => f !== 'FlateDecode' && f !== 'Fl' && f !== 'ASCIIHexDecode' && f !== 'AHx' && f !== 'ASCII85Decode' && f !== 'A85' && f !== 'RunLengthDecode' && f !== 'RL' && f !== 'LZWDecode' && f !== 'LZW')) return `its data is ${filters.join(' + ')}`;
  if (hasPredictor(doc, s.dict)) return 'its data uses a predictor';
  const num = (k: string) => {
    const v = resolve(doc, s.dict.get(PDFName.of(k)));
    return v instanceof PDFNumber ? v.asNumber() : undefined;
  };
  const width = num('Width') ?? 0;
  const height = num('Height') ?? 0;
  const bpc = num('BitsPerComponent') ?? 8;
  if (!(width > 0 && height > 0 && Number.isInteger(width) && Number.isInteger(height)) || width * height > MAX_PIXELS) return `its size (${width} × ${height}) is not one read`;
  if (bpc !== 8) return `it has ${bpc} bits a component`;
  if (width * height > budget.pixels) return `past the ${MAX_TOTAL_PIXELS} pixels of thumbnails read per file`;
  budget.pixels -= width * height;
  // The colour space: grey, RGB, or an indexed palette of either (its lookup a string).
  const cs = resolve(doc, s.dict.get(PDFName.of('ColorSpace')));
  const name = (o: PDFObject | undefined) => {
    const v = resolve(doc, o);
    return v instanceof PDFName ? v.decodeText() : undefined;
  };
  let channels: 1 | 3;
  let palette: Uint8Array | undefined;
  const base = name(cs);
  if (base === 'DeviceGray' || base === 'G') channels = 1;
  else if (base === 'DeviceRGB' || base === 'RGB') channels = 3;
  else if (cs instanceof PDFArray && ['Indexed', 'I'].includes(name(cs.get(0)) ?? '')) {
    const b = name(cs.get(1));
    const lookup = resolve(doc, cs.get(3));
    // A palette has at most 256 entries (768 bytes): its stream is decoded no further (an LZW bomb stops there).
    const decoded = lookup instanceof PDFRawStream ? decodeBounded(doc, lookup, PALETTE_BYTES) : undefined;
    if (decoded && !decoded.ok) return `its palette is not read: ${decoded.why}`;
    const bytes = lookup instanceof PDFString ? lookup.asBytes() : lookup instanceof PDFHexString ? lookup.asBytes() : decoded?.data;
    if (!bytes || (b !== 'DeviceRGB' && b !== 'RGB' && b !== 'DeviceGray' && b !== 'G')) return 'its palette is not one read';
    const per = b === 'DeviceGray' || b === 'G' ? 1 : 3;
    palette = new Uint8Array(256 * 3);
    for (let i = 0; i < 256 && (i + 1) * per <= bytes.length; i++) for (let c = 0; c < 3; c++) palette[i * 3 + c] = bytes[i * per + (per === 1 ? 0 : c)];
    channels = 1;
  } else return 'its colour space is not one read';
  // Every filter (Flate, LZW, RunLength, ASCII85, a chain of them) decodes no further than the
  // picture needs plus 64 kB: a bomb expanding to gigabytes stops there and is a loss.
  const need = width * height * channels;
  const decoded = filters.length ? decodeBounded(doc, s, need + SLACK) : { ok: true as const, data: s.contents };
  if (!decoded.ok) return decoded.limit === 'bytes' ? `${decoded.why}, more than the ${need} bytes its size needs (a bomb)` : decoded.why;
  const data = decoded.data;
  if (data.length < width * height * channels) return 'its data is cut short';
  const rgba = new Uint8Array(width * height * 4);
  for (let i = 0, j = 0; i < width * height; i++, j += 4) {
    if (palette) {
      const k = data[i] * 3;
      (rgba[j] = palette[k]), (rgba[j + 1] = palette[k + 1]), (rgba[j + 2] = palette[k + 2]);
    } else if (channels === 1) rgba[j] = rgba[j + 1] = rgba[j + 2] = data[i];
    else (rgba[j] = data[i * 3]), (rgba[j + 1] = data[i * 3 + 1]), (rgba[j + 2] = data[i * 3 + 2]);
    rgba[j + 3] = 255;
  }
  const png = await encodeOpaquePng({ width, height, data: () => rgba });
  if (!png) return 'it could not be encoded';
  return { bytes: new Uint8Array(png.buffer, png.byteOffset, png.byteLength), mediaType: 'image/png' };
}

/** Reads the pages' thumbnails the object walk found as pictures for OCR; the rest are a loss. */
export async function addThumbnails(state: DocState): Promise<void> {
  const found = state.thumbnails ?? [];
  if (!found.length || !state.raw.ok) return;
  const doc = state.raw.doc;
  const pageOf = new Map<string, number>();
  try {
    doc.getPages().forEach((p, i) => pageOf.set(p.ref.toString(), i + 1));
  } catch {
    // A page tree pdf-lib cannot walk: the thumbnails are read without their page numbers.
  }
  const failed: string[] = [];
  const budget = { pixels: MAX_TOTAL_PIXELS };
  const known = new Map<string, Picture | string>();
  for (let i = 0; i < found.length; i++) {
    const t = found[i];
    const n = pageOf.get(t.page.toString());
    const key = t.thumb instanceof PDFRef ? t.thumb.toString() : undefined;
    const got = i >= MAX_THUMBNAILS ? 'past the most read per file' : ((key ? known.get(key) : undefined) ?? (await thumbnailPicture(state, t.thumb, budget)));
    if (key) known.set(key, got);
    if (typeof got === 'string') {
      failed.push(`${t.label}${n ? ` (page ${n})` : ''}: ${got}`);
      continue;
    }
    const thumbRef = t.thumb instanceof PDFRef ? ` (${refLabel(t.thumb)})` : '';
    state.out.images!.push({
      id: n ? `page-${n}:thumbnail` : `${t.label.replace(/\s+/g, '-')}:thumbnail`,
      bytes: got.bytes,
      mediaType: got.mediaType,
      origin: { ...(n ? { page: n } : {}), filePart: n ? `page ${n}` : t.label, detail: `the page's thumbnail picture${thumbRef}, shown in a viewer's page panel` },
    });
  }
  if (failed.length) {
    state.out.loss!.push({
      where: failed.slice(0, 3).join('; ') + (failed.length > 3 ? ` and ${failed.length - 3} more` : ''),
      kind: 'unreadable-object',
      count: failed.length,
      detail: `${failed.length} page(s) carry a thumbnail picture (/Thumb) a viewer shows in its page panel that was not read.`,
    });
  }
}
