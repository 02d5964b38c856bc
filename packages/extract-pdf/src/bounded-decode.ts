/**
 * Stream data decoded with a bound on what it may become. pdf-lib's `decodePDFRawStream(s).decode()`
 * decodes a stream whole however far it expands: LZW turns 12 bits into up to 4 kB, RunLength 2
 * bytes into 128, and a filter chain multiplies them (Flate then RunLength: 16 kB become 1 GB); a
 * chain of thousands of filters allocates a decoder each. Here the chain is at most
 * {@link MAX_FILTERS} long and every filter's output is bounded, as Flate thumbnails already were
 * (dccc880): Flate through zlib's `maxOutputLength`, the others pulled from pdf-lib's decoder a
 * chunk at a time. Past the bound the stream is not read; the caller reports it unread.
 */
import zlib from 'node:zlib';
import { decodePDFRawStream, PDFArray, PDFName, type PDFDocument, type PDFObject, type PDFRawStream } from 'pdf-lib';
import { resolve } from './raw.ts';
import { message } from './util.ts';

/** Most filters of one stream decoded (real files use one or two: `[/ASCII85Decode /FlateDecode]`). */
export const MAX_FILTERS = 8;

/** pdf-lib knows only the long names; inline-image abbreviations are also met in stream dictionaries. */
const FULL_NAME: Record<string, string> = { Fl: 'FlateDecode', LZW: 'LZWDecode', A85: 'ASCII85Decode', AHx: 'ASCIIHexDecode', RL: 'RunLengthDecode' };
const DECODED_HERE = new Set(['FlateDecode', 'LZWDecode', 'ASCII85Decode', 'ASCIIHexDecode', 'RunLengthDecode']);

/** Bytes pulled from a pdf-lib decoder at a time (one pull decodes at most a block past it: LZW 2 MB, the others less). */
const CHUNK = 1 << 16;

/** Decoded bytes; or why not: `limit` says which bound was reached (the stream is not read), false when it does not decode. */
export type Bounded = { ok: true; data: Uint8Array } | { ok: false; limit: 'bytes' | 'filters' | false; why: string };

/**
 * Decodes `s` through its filters, each filter's output at most `max` bytes, at most `ratio` times
 * its input (as ZIP entries are bounded by limits.maxCompressionRatio), and all of them together
 * at most `budget.left` (charged with what was decoded, so one budget can bound every stream of a
 * file). Predictors are not applied (as pdf-lib's decoders did not).
 */
export function decodeBounded(doc: PDFDocument, s: PDFRawStream, max: number, budget?: { left: number }, ratio?: number): Bounded {
  const f = resolve(doc, s.dict.get(PDFName.of('Filter')));
  const p = resolve(doc, s.dict.get(PDFName.of('DecodeParms')));
  const filters: PDFObject[] = f === undefined ? [] : f instanceof PDFArray ? f.asArray() : [f];
  if (filters.length > MAX_FILTERS) return { ok: false, limit: 'filters', why: `its data names ${filters.length} filters, more than the ${MAX_FILTERS} decoded` };
  let data: Uint8Array = s.contents;
  for (let i = 0; i < filters.length; i++) {
    const n = resolve(doc, filters[i]);
    if (!(n instanceof PDFName)) return { ok: false, limit: false, why: 'a filter is not a name' };
    const name = FULL_NAME[n.decodeText()] ?? n.decodeText();
    if (!DECODED_HERE.has(name)) return { ok: false, limit: false, why: `its filter /${n.decodeText()} is not decoded here` };
    const parms = f instanceof PDFArray ? (p instanceof PDFArray ? resolve(doc, p.get(i)) : undefined) : p;
    const byRatio = ratio ? ratio * Math.max(1, data.length) : Infinity;
    const cap = Math.min(max, budget ? budget.left : max, byRatio);
    const out = name === 'FlateDecode' ? inflateBounded(data, cap) : pullBounded(data, name, parms, cap);
    if (!out.ok && out.limit) {
      if (cap === byRatio) return { ...out, why: `${out.why}, ${ratio} times its ${label(data.length)} (a bomb)` };
      if (cap < max) return { ...out, why: `${out.why}, what was left of the ${label(max)} all such streams of the file may decode to` };
    }
    if (!out.ok) return out;
    if (budget) budget.left -= out.data.length;
    data = out.data;
  }
  return { ok: true, data };
}

function label(n: number): string {
  return `${n.toLocaleString('en-US')} bytes`;
}

/** Flate data inflated to at most `cap` bytes; damaged data (a bad check sum, cut short) as far as zlib reads it, still bounded. */
function inflateBounded(data: Uint8Array, cap: number): Bounded {
  const options = { maxOutputLength: Math.max(1, cap), finishFlush: zlib.constants.Z_SYNC_FLUSH };
  const tooLarge = (err: unknown) => (err as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE';
  const over: Bounded = { ok: false, limit: 'bytes', why: `its data inflates past ${label(cap)}` };
  try {
    return { ok: true, data: zlib.inflateSync(data, options) };
  } catch (err) {
    if (tooLarge(err)) return over;
    // A wrong header or check sum: the deflate data itself without them, as tolerant readers do.
    try {
      return { ok: true, data: zlib.inflateRawSync(data.subarray(2), options) };
    } catch (raw) {
      return tooLarge(raw) ? over : { ok: false, limit: false, why: `its data does not inflate (${message(err)})` };
    }
  }
}

/** One LZW, ASCII85, ASCIIHex or RunLength filter through pdf-lib's decoder, pulled until its end or past `cap`. */
function pullBounded(data: Uint8Array, name: string, parms: PDFObject | undefined, cap: number): Bounded {
  // pdf-lib's decoder for one filter, built from a dictionary naming only it.
  const dict = { lookup: (k: PDFName) => (k === PDFName.of('Filter') ? PDFName.of(name) : k === PDFName.of('DecodeParms') ? parms : undefined) };
  try {
    const st = decodePDFRawStream({ dict, contents: data } as unknown as PDFRawStream) as unknown as { getBytes(n: number): Uint8Array; reset(): void };
    let total = 0;
    for (;;) {
      const got = st.getBytes(CHUNK).length;
      total += got;
      if (total > cap) return { ok: false, limit: 'bytes', why: `its ${name} data decodes past ${label(cap)}` };
      if (got < CHUNK) break;
    }
    st.reset();
    return { ok: true, data: st.getBytes(total) };
  } catch (err) {
    return { ok: false, limit: false, why: `its ${name} data does not decode (${message(err)})` };
  }
}
