/**
 * Pictures pdf.js painted but could not decode. pdf.js keeps the operator of a picture whose data
 * fails (JPEG, JPEG 2000 or JBIG2 data it cannot read: the picture's object is null) and draws
 * nothing there; Flate data that is damaged or cut short it inflates as far as it goes and pads,
 * so the picture is drawn blank or partly. Either way OCR of the page sees no ink where the picture
 * stands and reads nothing, and the page passed: what such a picture shows was not read, a loss.
 */
import type { PartOrigin } from '@prepub/core';
import zlib from 'node:zlib';
import { PDFArray, PDFDict, PDFName, PDFNumber, PDFRawStream, PDFRef, type PDFObject } from 'pdf-lib';
import { resolve } from './raw.ts';
import type { DocState } from './state.ts';

/** Components of the device colour spaces (other spaces: the length is not checked). */
const COMPONENTS: Record<string, number> = { DeviceGray: 1, G: 1, CalGray: 1, DeviceRGB: 3, RGB: 3, CalRGB: 3, DeviceCMYK: 4, CMYK: 4 };

/**
 * Why a picture's Flate data cannot be read whole: it does not inflate strictly (a flipped byte,
 * a cut, a wrong checksum), or it holds fewer bytes than its rows need. Undefined when it reads,
 * or when it is no Flate data (pdf.js's own decoders answer for those).
 */
function flateFault(stream: PDFRawStream, lookup: (o: PDFObject | undefined) => PDFObject | undefined): string | undefined {
  const dict = stream.dict;
  const f = lookup(dict.get(PDFName.of('Filter')));
  const filters = f instanceof PDFName ? [f.decodeText()] : f instanceof PDFArray ? f.asArray().map((x) => lookup(x)).map((x) => (x instanceof PDFName ? x.decodeText() : '?')) : [];
  if (filters.length !== 1 || (filters[0] !== 'FlateDecode' && filters[0] !== 'Fl')) return undefined;
  let data: Buffer;
  try {
    data = zlib.inflateSync(stream.contents);
  } catch (err) {
    return `its Flate data does not decode (${err instanceof Error ? err.message : String(err)})`;
  }
  const num = (key: string, alt?: string): number | undefined => {
    const v = lookup(dict.get(PDFName.of(key)) ?? (alt ? dict.get(PDFName.of(alt)) : undefined));
    return v instanceof PDFNumber ? v.asNumber() : undefined;
  };
  const parms = lookup(dict.get(PDFName.of('DecodeParms')) ?? dict.get(PDFName.of('DP')));
  if (parms instanceof PDFDict && parms.get(PDFName.of('Predictor')) !== undefined && String(parms.get(PDFName.of('Predictor'))) !== '1') return undefined;
  const w = num('Width', 'W');
  const h = num('Height', 'H');
  const mask = String(lookup(dict.get(PDFName.of('ImageMask')) ?? dict.get(PDFName.of('IM')))) === 'true';
  const bpc = mask ? 1 : num('BitsPerComponent', 'BPC');
  const cs = lookup(dict.get(PDFName.of('ColorSpace')) ?? dict.get(PDFName.of('CS')));
  const comps = mask ? 1 : cs instanceof PDFName ? COMPONENTS[cs.decodeText()] : undefined;
  if (!w || !h || !bpc || !comps) return undefined;
  const need = Math.ceil((w * comps * bpc) / 8) * h;
  if (data.length < need) return `its Flate data holds ${data.length} of the ${need} bytes its ${h} rows need`;
  return undefined;
}

/**
 * Reports the pictures of page `n` (XObjects painted by pdf.js) whose data pdf.js could not decode
 * or whose Flate data is damaged. `holdsText(width, height)` in pixels: smaller pictures (icons,
 * rules) are not weighed, as they are not read by OCR either. `objs(id)` gives the decoded
 * picture, null when pdf.js gave up on it, undefined when it did not arrive in time.
 */
export async function checkPictureData(
  state: DocState,
  n: number,
  fnArray: ArrayLike<number>,
  argsArray: ArrayLike<unknown>,
  OPS: Record<string, number>,
  objs: (id: string) => Promise<unknown>,
  holdsText: (width: number, height: number) => boolean,
  origin: PartOrigin,
): Promise<void> {
  const raw = state.raw;
  const faults: string[] = [];
  const seen = new Set<string>();
  for (let i = 0; i < fnArray.length; i++) {
    const fn = fnArray[i];
    if (fn !== OPS.paintImageXObject && fn !== OPS.paintImageXObjectRepeat) continue;
    const args = argsArray[i];
    if (!Array.isArray(args) || typeof args[0] !== 'string' || seen.has(args[0])) continue;
    const id = args[0];
    seen.add(id);
    const w = Number(args[1]);
    const h = Number(args[2]);
    if (!(w > 0 && h > 0) || !holdsText(w, h)) continue;
    const data = await objs(id);
    if (data === null || data === undefined) {
      faults.push(`a picture of ${w} × ${h} px pdf.js could not decode${data === undefined ? ' in time' : ''}`);
      continue;
    }
    const ref = data && typeof data === 'object' ? (data as { ref?: unknown }).ref : undefined;
    if (!raw.ok || raw.encrypted || typeof ref !== 'string') continue;
    const m = /^(\d+)R(\d*)$/.exec(ref);
    if (!m) continue;
    const doc = raw.doc;
    const stream = doc.context.lookup(PDFRef.of(Number(m[1]), m[2] ? Number(m[2]) : 0));
    if (!(stream instanceof PDFRawStream)) continue;
    const why = flateFault(stream, (o) => resolve(doc, o));
    if (why) faults.push(`picture object ${m[1]}: ${why}`);
  }
  if (faults.length === 0) return;
  const k = faults.length;
  state.out.loss!.push({
    where: `page ${n}`,
    kind: 'unreadable-object',
    count: k,
    detail: `${k} picture${k > 1 ? 's' : ''} on page ${n} could not be decoded whole (${faults.slice(0, 3).join('; ')}${k > 3 ? '; …' : ''}): a viewer draws ${k > 1 ? 'them' : 'it'} blank or in part, and what ${k > 1 ? 'they show' : 'it shows'} was not read.`,
    origin,
  });
}
