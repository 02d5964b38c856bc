import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { isoImageKind } from '@prepub/core';
import type { HeifResult, HeifTask } from './heif-worker.ts';
import sharp from './sharp.ts';
import UPNG from 'upng-js';
import { decodeBmp } from './bmp.ts';
import { decodeNetpbm, decodeXbm, decodeXpm, isNetpbm, isXbm, isXpm, type Raster, type RasterOrError } from './netpbm.ts';

/** Image formats the OCR engine reads, told apart by their bytes. */
export type ImageFormat = 'png' | 'jpeg' | 'tiff' | 'bmp' | 'webp' | 'gif' | 'pnm' | 'xbm' | 'xpm' | 'avif' | 'heif' | 'svg';

/** One decoded page: 8-bit greyscale pixels, one byte a pixel, row by row. */
export interface GreyPage {
  /** 1-based page number within the image file (TIFF pages; 1 otherwise). */
  page: number;
  width: number;
  height: number;
  data: Buffer;
  /**
   * The transparency of the picture as a grey picture of its own (255 − alpha: opaque pixels dark,
   * transparent ones white), present when some pixels are not opaque. A picture whose content lives
   * in its alpha channel (white text on a transparent ground, a stencil) holds ink there even where
   * `data` shows little; the blank judgement measures it too, and OCR reads it when `data` reads empty.
   */
  alpha?: Buffer;
  /**
   * The red channel of a colour picture, decoded on request: red ink (a seal, a red stamp, 红头's
   * rules) turns into paper there while black print stays black, so print under a seal reads.
   */
  red?: () => Promise<Buffer>;
  /**
   * The darkest of a colour picture's red, green and blue per pixel, decoded on request: a light
   * colour ground (a yellow or orange band) that greyscale leaves near the paper's grey is dark
   * there, so white letters on it stand out (see the engine's colour grounds).
   */
  darkest?: () => Promise<Buffer>;
}

/** An image the engine could not decode; `message` says why in words a reviewer understands. */
export class ImageDecodeError extends Error {
  override name = 'ImageDecodeError';
}

/** Largest image accepted, in pixels (a 600 dpi A3 page is ~70 MP). Bigger ones are a decompression bomb risk. */
export const MAX_INPUT_PIXELS = 120_000_000;

const at = (b: Uint8Array, sig: number[], offset = 0): boolean => sig.every((v, i) => b[offset + i] === v);

/** Detects the image format from the bytes; the declared media type is never trusted. */
export function sniffImage(bytes: Uint8Array): ImageFormat | undefined {
  const heif = isoImageKind(bytes);
  if (heif) return heif;
  if (at(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (at(bytes, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (at(bytes, [0x49, 0x49, 0x2a, 0x00]) || at(bytes, [0x4d, 0x4d, 0x00, 0x2a])) return 'tiff';
  if (at(bytes, [0x52, 0x49, 0x46, 0x46]) && at(bytes, [0x57, 0x45, 0x42, 0x50], 8)) return 'webp';
  if (at(bytes, [0x47, 0x49, 0x46, 0x38])) return 'gif';
  if (at(bytes, [0x42, 0x4d]) && bytes.length > 26) return 'bmp';
  if (isNetpbm(bytes)) return 'pnm';
  if (isXpm(bytes)) return 'xpm';
  if (isXbm(bytes)) return 'xbm';
  return undefined;
}

/** An image opened for reading: how many pages or frames it has, each decoded only when asked for. */
export interface OpenedImage {
  format: ImageFormat;
  /** Pages (TIFF) or frames (animated GIF and WebP) in the file; 1 for a still picture. */
  count: number;
  /** What one of them is called in a report. */
  unit: 'page' | 'frame';
  /** Decodes page or frame `index` (0-based). Throws {@link ImageDecodeError}. */
  decode(index: number): Promise<GreyPage>;
  /**
   * For a drawing rasterised here (SVG): the drawing's own units (CSS px) per pixel of the pages,
   * so that boxes are given where they stand on the drawing, not on the raster made of it.
   */
  unitsPerPixel?: number;
}

/**
 * Opens an image: reads its header for the number of pages (TIFF) or frames (animated GIF and
 * WebP) without decoding any of them, so a limit on pages is applied before the pixels are
 * decoded, not after. Each page is decoded to greyscale on request: transparent pixels become paper
 * that contrasts with the opaque ones (white under dark content, see `fromRgba`), the transparency
 * kept as {@link GreyPage.alpha}; colours of one luminance are told apart by colour (see
 * `withColourContrast`); JPEG EXIF orientation is applied so that a phone photo is upright before
 * OCR. Frames of an animation are decoded as shown (each composed over the frames before it). A
 * JPEG holding further pictures (an MPO's MPF index, pictures appended after its end) has each of
 * them as a frame. Throws {@link ImageDecodeError}.
 */
export async function openImage(bytes: Uint8Array, options: { maxFrames?: number } = {}): Promise<OpenedImage> {
  if (isSvgDrawing(bytes)) return openSvg(bytes, options);
  const format = sniffImage(bytes);
  if (!format) throw new ImageDecodeError('not a PNG, JPEG, TIFF, BMP, WebP, GIF, AVIF, HEIC, Netpbm, XBM or XPM image');
  if (format === 'jpeg') {
    const more = jpegFollowers(bytes);
    const thumb = exifThumbnail(bytes);
    if (thumb && (await thumbnailDiffers(bytes, thumb))) more.push(thumb);
    if (more.length) return openImageSequence(bytes, more, options);
  }
  return openSingle(bytes, format, options);
}

/** Most pixels an SVG drawing is rasterised to; a larger one is drawn smaller. */
export const SVG_MAX_PIXELS = 40_000_000;

/**
 * Whether the bytes are an SVG document: its first element (after a BOM, an XML declaration,
 * comments, a DOCTYPE with entities as Illustrator writes them) is <svg>. Only SVGs handed on as
 * pictures reach here (see @prepub/extractors svg-outlines.ts): the file-type sniffing of picture
 * files does not take SVG, which is read as a document first.
 */
export function isSvgDrawing(bytes: Uint8Array): boolean {
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, 65_536)).toString('latin1');
  return /^(?:\xef\xbb\xbf)?\s*(?:<\?xml[^>]*\?>\s*)?(?:<!--[\s\S]*?-->\s*|<!DOCTYPE[^[>]*(?:\[[\s\S]*?\])?\s*>\s*|<\?[^>]*\?>\s*)*<(?:[\w.-]+:)?svg[\s>/]/i.test(head);
}

/**
 * Rasterises an SVG drawing (libvips' librsvg, from the bytes alone: no file or network it refers
 * to is fetched) at its own size in CSS px (the extractor that hands a drawing on sizes it for OCR,
 * see @prepub/extractors html.ts drawingPictures), smaller when that is over
 * {@link SVG_MAX_PIXELS}, then reads the raster as a PNG.
 */
async function openSvg(bytes: Uint8Array, options: { maxFrames?: number }): Promise<OpenedImage> {
  const input = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let png: Buffer;
  let unitsPerPixel: number;
  try {
    const meta = await sharp(input, { limitInputPixels: MAX_INPUT_PIXELS }).metadata();
    const w = meta.width ?? 0;
    const h = meta.height ?? 0;
    if (!(w > 0 && h > 0)) throw new Error('it has no size');
    const scale = Math.min(1, Math.sqrt(SVG_MAX_PIXELS / (w * h)));
    const { data, info } = await sharp(input, { density: Math.max(1, 72 * scale), limitInputPixels: MAX_INPUT_PIXELS, failOn: 'error' }).png({ compressionLevel: 1 }).toBuffer({ resolveWithObject: true });
    png = data;
    unitsPerPixel = w / info.width;
  } catch (err) {
    throw new ImageDecodeError(`the SVG drawing could not be rendered: ${(err as Error).message}`);
  }
  const opened = await openSingle(new Uint8Array(png.buffer, png.byteOffset, png.byteLength), 'png', options);
  return { ...opened, format: 'svg', unitsPerPixel };
}

async function openSingle(bytes: Uint8Array, format: ImageFormat, options: { maxFrames?: number }): Promise<OpenedImage> {
  if (format === 'pnm' || format === 'xbm' || format === 'xpm') return openRasters(format, rasterPictures(bytes, format));
  if (format === 'heif') return openHeif(bytes, options.maxFrames ?? Infinity);
  if (format === 'bmp') {
    let bmp: ReturnType<typeof decodeBmp>;
    try {
      bmp = decodeBmp(bytes, MAX_INPUT_PIXELS);
    } catch (err) {
      throw new ImageDecodeError(`the BMP image could not be decoded: ${(err as Error).message}`);
    }
    if (!('stream' in bmp)) return openRasters('bmp', [{ raster: bmp }]);
    // Pixels kept as a JPEG or PNG stream (BI_JPEG, BI_PNG): read as that picture.
    const inner = sniffImage(bmp.stream);
    if (inner !== 'jpeg' && inner !== 'png') throw new ImageDecodeError('the BMP image holds its pixels as a JPEG or PNG stream that is neither');
    return openSingle(bmp.stream, inner, options);
  }
  const input = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (format === 'png') {
    const apng = apngLayout(bytes);
    if (apng && apng.frames + (apng.defaultSeparate ? 1 : 0) > 1) return openApng(bytes, input, apng, options.maxFrames ?? Infinity);
  }
  let count: number;
  let hasAlpha: boolean;
  let colour: boolean;
  try {
    const meta = await sharp(input, { limitInputPixels: MAX_INPUT_PIXELS }).metadata();
    count = Math.max(1, meta.pages ?? 1);
    hasAlpha = meta.hasAlpha === true;
    colour = (meta.channels ?? 1) - (hasAlpha ? 1 : 0) >= 3 && meta.space !== 'b-w';
  } catch (err) {
    throw new ImageDecodeError(`the ${format.toUpperCase()} image could not be decoded: ${(err as Error).message}`);
  }
  const decode = async (i: number): Promise<GreyPage> => {
    try {
      const open = () => sharp(input, { page: i, limitInputPixels: MAX_INPUT_PIXELS, failOn: 'error' }).rotate();
      const onWhite = async (): Promise<GreyPage> => {
        const { data, info } = await open().flatten({ background: '#ffffff' }).greyscale().raw().toBuffer({ resolveWithObject: true });
        return { page: i + 1, width: info.width, height: info.height, data: info.channels === 1 ? data : firstChannel(data, info.channels) };
      };
      let page: GreyPage | undefined;
      if (hasAlpha) {
        const { data: rgba, info } = await open().ensureAlpha().toColourspace('srgb').raw().toBuffer({ resolveWithObject: true });
        if (info.channels === 4 && rgba.length === info.width * info.height * 4) page = await fromRgba(rgba, info.width, info.height, i + 1, onWhite);
      }
      page ??= await onWhite();
      page = await withColourContrast(page, () => open().flatten({ background: '#ffffff' }).removeAlpha().toColourspace('srgb').raw().toBuffer({ resolveWithObject: true }));
      if (colour) {
        const size = page.width * page.height;
        page.red = async () => {
          const red = await open().flatten({ background: '#ffffff' }).removeAlpha().toColourspace('srgb').extractChannel(0).raw().toBuffer();
          if (red.length !== size) throw new Error('the red channel does not match the picture');
          return red;
        };
        page.darkest = async () => {
          const { data, info } = await open().flatten({ background: '#ffffff' }).removeAlpha().toColourspace('srgb').raw().toBuffer({ resolveWithObject: true });
          if (info.channels !== 3 || info.width * info.height !== size) throw new Error('the colour picture does not match the picture');
          const out = Buffer.allocUnsafe(size);
          for (let i = 0, j = 0; j < size; i += 3, j++) {
            const r = data[i];
            const g = data[i + 1];
            const b = data[i + 2];
            out[j] = r < g ? (r < b ? r : b) : g < b ? g : b;
          }
          return out;
        };
      }
      return page;
    } catch (err) {
      const which = count > 1 ? ` (${format === 'tiff' ? 'page' : 'frame'} ${i + 1} of ${count})` : '';
      throw new ImageDecodeError(`the ${format.toUpperCase()} image could not be decoded${which}: ${(err as Error).message}`);
    }
  };
  return { format, count, unit: format === 'tiff' ? 'page' : 'frame', decode };
}

/** A HEIF file's decoding is stopped after this long (its thread terminated): a page's OCR budget is its own. */
const HEIF_DECODE_MS = 60_000;
/** Memory of the decoding thread's JavaScript heap, MB (libheif's own memory is WebAssembly's, bounded by the pixel limit). */
const HEIF_HEAP_MB = 256;

/**
 * A HEIF file (a phone's HEIC photo): its top-level pictures (at most `maxFrames`), decoded by
 * libheif (WebAssembly) in a thread of its own (see heif-worker.ts) within {@link HEIF_DECODE_MS},
 * then each read as a PNG of its pixels is. sharp's libheif has no HEVC decoder; an AVIF picture
 * goes through sharp.
 */
async function openHeif(bytes: Uint8Array, maxFrames: number): Promise<OpenedImage> {
  let result: HeifResult;
  try {
    result = await decodeHeif({ bytes, max: Number.isFinite(maxFrames) ? maxFrames : 1 << 20, maxPixels: MAX_INPUT_PIXELS });
  } catch (err) {
    throw new ImageDecodeError(`the HEIF image could not be decoded: ${(err as Error).message}`);
  }
  const rasters: RasterOrError[] = result.pictures.map((p) => ('error' in p ? { error: p.error } : { raster: { width: p.width, height: p.height, channels: 4, data: Buffer.from(p.rgba.buffer, p.rgba.byteOffset, p.rgba.byteLength) } }));
  if (rasters.length === 0) throw new ImageDecodeError('the HEIF image could not be decoded: it holds no picture');
  // Pictures past `maxFrames` stay counted (the caller reports them unread) but are not decoded.
  const opened = await openRasters('heif', rasters);
  return { ...opened, count: result.count };
}

/** Runs heif-worker.ts on `task`: its answer, or an error when it fails, dies or overruns its time. */
function decodeHeif(task: HeifTask): Promise<HeifResult> {
  const file = fileURLToPath(new URL(import.meta.url.endsWith('.ts') ? './heif-worker.mjs' : './heif-worker.js', import.meta.url));
  return new Promise((resolve, reject) => {
    const worker = new Worker(file, { workerData: task, resourceLimits: { maxOldGenerationSizeMb: HEIF_HEAP_MB }, stdout: true, stderr: true });
    let settled = false;
    const finish = (f: () => void): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      f();
      void worker.terminate();
    };
    const timer = setTimeout(() => finish(() => reject(new Error(`decoding took longer than ${HEIF_DECODE_MS / 1000} s and was stopped`))), HEIF_DECODE_MS);
    worker.once('message', (m: { result?: HeifResult; error?: string }) => finish(() => (m.result ? resolve(m.result) : reject(new Error(m.error ?? 'the decoder answered nothing')))));
    worker.once('error', (err) => finish(() => reject(err)));
    worker.once('exit', (code) => finish(() => reject(new Error(`the decoding thread stopped (exit code ${code})`))));
  });
}

/**
 * Decodes the pages (TIFF) or frames (GIF, WebP) of an image to greyscale, at most `max` of them;
 * `total` says how many the file has. Throws {@link ImageDecodeError}.
 */
export async function decodePages(bytes: Uint8Array, max = Infinity): Promise<{ format: ImageFormat; pages: GreyPage[]; total: number }> {
  const img = await openImage(bytes);
  const pages: GreyPage[] = [];
  for (let i = 0; i < Math.min(img.count, max); i++) pages.push(await img.decode(i));
  return { format: img.format, pages, total: img.count };
}

/** What an animated PNG holds: animation frames (acTL), and whether its default image is not one of them. */
interface ApngLayout {
  frames: number;
  /** The IDAT image comes before the first frame control: viewers without animation show it, animated ones never do. */
  defaultSeparate: boolean;
}

/**
 * Reads the chunk list of a PNG: an acTL chunk before its image data makes it an animation. The
 * frames are as many as acTL says or as there are frame controls (fcTL), whichever is more: an
 * acTL that says fewer frames than the file holds does not hide the others (decoders that go by
 * the frame controls show them), and frames it says are there but are not fail to decode.
 */
function apngLayout(b: Uint8Array): ApngLayout | undefined {
  let declared = -1;
  let fctl = 0;
  let defaultSeparate: boolean | undefined;
  for (let p = 8; p + 12 <= b.length; ) {
    const len = ((b[p] << 24) | (b[p + 1] << 16) | (b[p + 2] << 8) | b[p + 3]) >>> 0;
    const type = String.fromCharCode(b[p + 4], b[p + 5], b[p + 6], b[p + 7]);
    if (type === 'acTL' && defaultSeparate === undefined) declared = ((b[p + 8] << 24) | (b[p + 9] << 16) | (b[p + 10] << 8) | b[p + 11]) >>> 0;
    if (type === 'fcTL') fctl++;
    if (type === 'IDAT' && defaultSeparate === undefined) {
      if (declared <= 0) return undefined;
      defaultSeparate = fctl === 0;
    }
    if (type === 'IEND') break;
    p += 12 + len;
  }
  if (defaultSeparate === undefined || declared <= 0) return undefined;
  return { frames: Math.max(declared, fctl), defaultSeparate };
}

/**
 * An animated PNG, which sharp reads as its default image only. Frames are composed by upng-js
 * (dispose and blend ops applied); the bytes are first cut after the last frame to be read, so
 * frames over the limit are never inflated. A default image outside the animation is page 1.
 */
function openApng(bytes: Uint8Array, input: Buffer, layout: ApngLayout, maxFrames: number): OpenedImage {
  const count = layout.frames + (layout.defaultSeparate ? 1 : 0);
  let frames: Promise<{ width: number; height: number; rgba: ArrayBuffer[] }> | undefined;
  const animation = () =>
    (frames ??= (async () => {
      const wanted = Math.min(layout.frames, Math.max(1, maxFrames - (layout.defaultSeparate ? 1 : 0)));
      const cut = cutAfterFrame(bytes, wanted);
      const img = UPNG.decode(cut.buffer.slice(cut.byteOffset, cut.byteOffset + cut.byteLength) as ArrayBuffer);
      if (img.width * img.height * wanted > MAX_INPUT_PIXELS) throw new Error(`${wanted} frames of ${img.width}x${img.height} pixels are over the pixel limit`);
      return { width: img.width, height: img.height, rgba: UPNG.toRGBA8(img) };
    })());
  const decode = async (i: number): Promise<GreyPage> => {
    try {
      if (layout.defaultSeparate && i === 0) {
        const { data, info } = await sharp(input, { limitInputPixels: MAX_INPUT_PIXELS, failOn: 'error' }).flatten({ background: '#ffffff' }).greyscale().raw().toBuffer({ resolveWithObject: true });
        return { page: 1, width: info.width, height: info.height, data: info.channels === 1 ? data : firstChannel(data, info.channels) };
      }
      const a = await animation();
      const k = i - (layout.defaultSeparate ? 1 : 0);
      const rgba = a.rgba[k];
      if (!rgba) throw new Error(`frame ${i + 1} is missing`);
      const pixels = Buffer.from(rgba);
      return await fromRgba(pixels, a.width, a.height, i + 1, async () => {
        const { data, info } = await sharp(pixels, { raw: { width: a.width, height: a.height, channels: 4 } }).flatten({ background: '#ffffff' }).greyscale().raw().toBuffer({ resolveWithObject: true });
        return { page: i + 1, width: info.width, height: info.height, data: info.channels === 1 ? data : firstChannel(data, info.channels) };
      });
    } catch (err) {
      throw new ImageDecodeError(`the animated PNG image could not be decoded (frame ${i + 1} of ${count}): ${(err as Error).message}`);
    }
  };
  return { format: 'png', count, unit: 'frame', decode };
}

/** The PNG cut after the data of animation frame `n` (1-based), with an IEND; the whole PNG when it has no more frames. */
function cutAfterFrame(b: Uint8Array, n: number): Uint8Array {
  let seen = 0;
  for (let p = 8; p + 12 <= b.length; ) {
    const len = ((b[p] << 24) | (b[p + 1] << 16) | (b[p + 2] << 8) | b[p + 3]) >>> 0;
    const type = String.fromCharCode(b[p + 4], b[p + 5], b[p + 6], b[p + 7]);
    if (type === 'fcTL' && ++seen > n) {
      const iend = new Uint8Array([0, 0, 0, 0, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82]);
      const out = new Uint8Array(p + iend.length);
      out.set(b.subarray(0, p));
      out.set(iend, p);
      return out;
    }
    p += 12 + len;
  }
  return b;
}

/** The pictures of a Netpbm, XBM or XPM file (which sharp does not decode), or why they could not be read. */
function rasterPictures(bytes: Uint8Array, format: 'pnm' | 'xbm' | 'xpm'): RasterOrError[] {
  if (format === 'pnm') return decodeNetpbm(bytes, MAX_INPUT_PIXELS);
  try {
    return [{ raster: format === 'xbm' ? decodeXbm(bytes, MAX_INPUT_PIXELS) : decodeXpm(bytes, MAX_INPUT_PIXELS) }];
  } catch (err) {
    return [{ error: (err as Error).message }];
  }
}

/**
 * Pictures decoded to rasters (Netpbm, XBM, XPM, BMP), each read as a PNG of its pixels is read (alpha,
 * colour contrast, red channel); a picture that could not be decoded fails when it is asked for,
 * so it is reported unread. Several pictures in one file are its frames.
 */
async function openRasters(format: 'pnm' | 'xbm' | 'xpm' | 'bmp' | 'heif', rasters: RasterOrError[]): Promise<OpenedImage> {
  const name = format === 'pnm' ? 'Netpbm' : format.toUpperCase();
  const count = rasters.length;
  if (count === 1 && 'error' in rasters[0]) throw new ImageDecodeError(`the ${name} image could not be decoded: ${rasters[0].error}`);
  const decode = async (i: number): Promise<GreyPage> => {
    const which = count > 1 ? ` (picture ${i + 1} of ${count})` : '';
    const r = rasters[i];
    if (!r) throw new ImageDecodeError(`picture ${i + 1} of ${count} is missing`);
    if ('error' in r) throw new ImageDecodeError(`the ${name} image could not be decoded${which}: ${r.error}`);
    try {
      const png = await rasterPng(r.raster);
      return { ...(await (await openSingle(png, 'png', {})).decode(0)), page: i + 1 };
    } catch (err) {
      throw new ImageDecodeError(`the ${name} image could not be decoded${which}: ${(err as Error).message}`);
    }
  };
  return { format, count, unit: count > 1 ? 'frame' : 'page', decode };
}

function rasterPng(r: Raster): Promise<Buffer> {
  return sharp(r.data, { raw: { width: r.width, height: r.height, channels: r.channels }, limitInputPixels: MAX_INPUT_PIXELS }).png({ compressionLevel: 0 }).toBuffer();
}

function firstChannel(data: Buffer, channels: number): Buffer {
  const out = Buffer.allocUnsafe(data.length / channels);
  for (let i = 0, j = 0; j < out.length; i += channels, j++) out[j] = data[i];
  return out;
}

/**
 * Greyscale of a picture with an alpha channel. Flattening onto white paper (what `onWhite` does)
 * loses everything light drawn on a transparent ground: white text on a transparent overlay or
 * logo is legible on a dark viewer, blank on white. So the ground the picture is flattened onto is
 * chosen to contrast with its opaque pixels: white under dark content (a black logo: as before),
 * black under light content, and the result turned so that the larger part is light paper. The
 * transparency is kept as {@link GreyPage.alpha} for the blank judgement. A picture without
 * transparent pixels is flattened as before.
 */
async function fromRgba(rgba: Buffer, width: number, height: number, pageNo: number, onWhite: () => Promise<GreyPage>): Promise<GreyPage> {
  const n = width * height;
  const alpha = Buffer.allocUnsafe(n);
  let translucent = 0;
  let weight = 0;
  let light = 0;
  for (let i = 0, j = 0; j < n; i += 4, j++) {
    const a = rgba[i + 3];
    alpha[j] = 255 - a;
    if (a < 255) translucent++;
    if (a >= 128) {
      weight += a;
      light += a * ((rgba[i] * 77 + rgba[i + 1] * 150 + rgba[i + 2] * 29) >> 8);
    }
  }
  if (translucent === 0) return onWhite();
  if (weight === 0 || light / weight <= 127) return { ...(await onWhite()), alpha };
  const { data, info } = await sharp(rgba, { raw: { width, height, channels: 4 } }).flatten({ background: '#000000' }).greyscale().raw().toBuffer({ resolveWithObject: true });
  const grey = info.channels === 1 ? data : firstChannel(data, info.channels);
  let sum = 0;
  for (let j = 0; j < grey.length; j++) sum += grey[j];
  // Mostly dark ground (light marks on a transparent sheet): dark ink on light paper for OCR.
  if (sum < 128 * grey.length) for (let j = 0; j < grey.length; j++) grey[j] = 255 - grey[j];
  return { page: pageNo, width: info.width, height: info.height, data: grey, alpha };
}

/** A grey picture whose levels span fewer than this (0.5 %–99.5 % quantiles) is checked for colour contrast. */
const FLAT_GREY_SPAN = 64;
/** Colour distance (RGB, of 441) from the ground colour from which a pixel is a mark in colour. */
const CHROMA_MARK = 96;
/** A mark in colour that differs from the ground in grey by less than this is lost in greyscale. */
const GREY_LOST = 40;

/**
 * Isoluminant colours: red text on a green of the same luminance turns into one grey, and OCR reads
 * nothing of it. When the grey picture is nearly flat, the colour picture (`rgb`, decoded only
 * then) is looked at: if enough pixels differ markedly in colour from the ground (the median colour)
 * while their grey barely differs, the grey is derived from the colour distance to the ground
 * instead (the ground white, marks dark). Other pictures are returned unchanged.
 */
async function withColourContrast(page: GreyPage, rgb: () => Promise<{ data: Buffer; info: { channels: number; width: number; height: number } }>): Promise<GreyPage> {
  const g = page.data;
  const n = g.length;
  const hist = new Uint32Array(256);
  for (let i = 0; i < n; i++) hist[g[i]]++;
  const quantile = (q: number) => {
    let acc = 0;
    for (let v = 0; v < 256; v++) if ((acc += hist[v]) > n * q) return v;
    return 255;
  };
  if (quantile(0.995) - quantile(0.005) >= FLAT_GREY_SPAN) return page;
  const { data, info } = await rgb();
  if (info.channels !== 3 || info.width !== page.width || info.height !== page.height) return page;
  const groundGrey = quantile(0.5);
  const ground = [0, 1, 2].map((c) => {
    const h = new Uint32Array(256);
    for (let i = c; i < data.length; i += 3) h[data[i]]++;
    let acc = 0;
    for (let v = 0; v < 256; v++) if ((acc += h[v]) > n / 2) return v;
    return 255;
  });
  const dist = new Float32Array(n);
  let lost = 0;
  for (let i = 0, j = 0; j < n; i += 3, j++) {
    const d = Math.hypot(data[i] - ground[0], data[i + 1] - ground[1], data[i + 2] - ground[2]);
    dist[j] = d;
    if (d >= CHROMA_MARK && Math.abs(g[j] - groundGrey) < GREY_LOST) lost++;
  }
  // As little as a lone word on a page (see INK_MIN_SHARE in ink.ts).
  if (lost < n * 0.0002) return page;
  const out = Buffer.allocUnsafe(n);
  for (let j = 0; j < n; j++) out[j] = 255 - Math.min(255, Math.round((dist[j] * 255) / 160));
  return { ...page, data: out };
}

/** A part of a JPEG file that is a picture of its own: [start, end) of its bytes. */
interface ByteRange {
  start: number;
  end: number;
  /** Why it is there: an entry of the MPF index, bytes after the end of the picture before it, or the EXIF thumbnail. */
  source: 'mpf' | 'appended' | 'thumbnail';
}

const u16be = (b: Uint8Array, p: number) => (b[p] << 8) | b[p + 1];

/**
 * The end of the JPEG picture starting at `start` (just after its EOI marker), walking its segments
 * (an EXIF thumbnail inside APP1 is skipped with its segment) and entropy-coded data; undefined
 * when the picture has no EOI.
 */
function jpegEnd(b: Uint8Array, start: number): number | undefined {
  let p = start + 2;
  while (p + 1 < b.length) {
    if (b[p] !== 0xff) return undefined;
    let m = b[p + 1];
    while (m === 0xff && p + 2 < b.length) m = b[++p + 1]; // fill bytes
    if (m === 0xd9) return p + 2;
    if (m === 0x01 || (m >= 0xd0 && m <= 0xd7) || m === 0xd8) {
      p += 2;
      continue;
    }
    if (p + 3 >= b.length) return undefined;
    p += 2 + u16be(b, p + 2);
    if (m !== 0xda) continue;
    // Entropy-coded data up to the next marker that is not a stuffed 0xFF00 or a restart marker.
    for (;;) {
      const q = b.indexOf(0xff, p);
      if (q < 0 || q + 1 >= b.length) return undefined;
      const next = b[q + 1];
      if (next === 0x00 || (next >= 0xd0 && next <= 0xd7) || next === 0xff) {
        p = q + 1;
        continue;
      }
      p = q;
      break;
    }
  }
  return undefined;
}

/**
 * The marker segments of the JPEG at offset 0 before its scan: each marker, where its segment
 * starts (the 0xFF) and the segment's length field. Fill bytes (0xFF 0xFF) are stepped over; a
 * length under 2 ends the walk.
 */
function* jpegSegments(b: Uint8Array): Generator<{ marker: number; at: number; length: number }> {
  for (let p = 2; p + 4 <= b.length && b[p] === 0xff; ) {
    const marker = b[p + 1];
    if (marker === 0xda || marker === 0xd9) return;
    if (marker === 0xff) {
      p++;
      continue;
    }
    const length = u16be(b, p + 2);
    if (length < 2) return;
    yield { marker, at: p, length };
    p += 2 + length;
  }
}

/**
 * 16- and 32-bit values of the TIFF structure whose header starts at `h` (its byte order from
 * there), 0 for any read past `end`: the MP index and EXIF blocks inside a JPEG segment.
 */
function tiffValues(b: Uint8Array, h: number, end: number): { r16: (q: number) => number; r32: (q: number) => number } {
  const le = b[h] === 0x49;
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
  return { r16: (q) => (q + 2 <= end ? v.getUint16(q, le) : 0), r32: (q) => (q + 4 <= end ? v.getUint32(q, le) : 0) };
}

/** The images an MPF index (APP2 `MPF\0`, CIPA DC-007) of the JPEG at offset 0 lists after the first one. */
function mpfEntries(b: Uint8Array): ByteRange[] {
  const out: ByteRange[] = [];
  for (const { marker: m, at: p, length: len } of jpegSegments(b)) {
    if (m === 0xe2 && len >= 16 && b[p + 4] === 0x4d && b[p + 5] === 0x50 && b[p + 6] === 0x46 && b[p + 7] === 0) {
      const h = p + 8; // the MP header: a TIFF header; offsets in it count from here
      const { r16, r32 } = tiffValues(b, h, Math.min(b.length, p + 2 + len));
      const ifd = h + r32(h + 4);
      const tags = r16(ifd);
      let entries = 0;
      let entryAt = 0;
      for (let k = 0; k < tags && k < 64; k++) {
        const t = ifd + 2 + 12 * k;
        const tag = r16(t);
        if (tag === 0xb001) entries = r32(t + 8);
        if (tag === 0xb002) entryAt = h + r32(t + 8);
      }
      // Entry 0 is the first image itself (offset 0); the others count from the MP header.
      for (let k = 1; k < Math.min(entries, 1000) && entryAt; k++) {
        const e = entryAt + 16 * k;
        const size = r32(e + 4);
        const offset = r32(e + 8);
        if (size === 0 && offset === 0) continue;
        out.push({ start: h + offset, end: h + offset + size, source: 'mpf' });
      }
      break;
    }
  }
  return out;
}

/**
 * The JPEG thumbnail of the JPEG's EXIF block (IFD1's JPEGInterchangeFormat and its length), which
 * file managers and viewers show in place of the picture (Windows Explorer's icons, camera and
 * phone galleries); undefined when there is none.
 */
function exifThumbnail(b: Uint8Array): ByteRange | undefined {
  for (const { marker: m, at: p, length: len } of jpegSegments(b)) {
    if (m === 0xe1 && len > 16 && b[p + 4] === 0x45 && b[p + 5] === 0x78 && b[p + 6] === 0x69 && b[p + 7] === 0x66 && b[p + 8] === 0) {
      const h = p + 10; // the TIFF header; offsets count from here
      const end = Math.min(b.length, p + 2 + len);
      const { r16, r32 } = tiffValues(b, h, end);
      const ifd0 = h + r32(h + 4);
      const ifd1 = r32(ifd0 + 2 + 12 * r16(ifd0));
      if (!ifd1) return undefined;
      let offset = 0;
      let size = 0;
      for (let k = 0, n = Math.min(r16(h + ifd1), 256); k < n; k++) {
        const e = h + ifd1 + 2 + 12 * k;
        if (r16(e) === 0x0201) offset = r32(e + 8);
        if (r16(e) === 0x0202) size = r32(e + 8);
      }
      // Within the segment, and a JPEG (a TIFF-strip thumbnail is rare; left to the metadata reader).
      if (!offset || !size || h + offset + size > end || b[h + offset] !== 0xff || b[h + offset + 1] !== 0xd8) return undefined;
      return { start: h + offset, end: h + offset + size, source: 'thumbnail' };
    }
  }
  return undefined;
}

/** Pixels either way within which the picture may place what the thumbnail shows (two scalings place an edge apart). */
const THUMB_SHIFT = 2;
/** Grey difference beyond the picture's nearby range from which a thumbnail pixel shows other than the picture. */
const THUMB_TOLERANCE = 48;
/** Share of the thumbnail's pixels that show other than the picture from which the thumbnail is read. */
const THUMB_DIFFERS = 0.004;
/** Largest thumbnail compared (EXIF thumbnails are 160 × 120). */
const THUMB_MAX_PIXELS = 1_000_000;

/**
 * Whether the EXIF thumbnail shows other than the picture. The picture is brought to the
 * thumbnail's size (as it is stored, like the thumbnail, so an EXIF orientation turns neither),
 * stretched to it and fitted inside it (a camera's thumbnail of a portrait photo has bars at its
 * sides, in the colour of the thumbnail's corner); a thumbnail pixel shows other than the picture
 * when its grey lies outside the range of the picture's pixels around it, widened by
 * THUMB_TOLERANCE — ink where the picture has none near. The closer fit counts. A thumbnail that
 * cannot be decoded shows nothing and is let be; a picture that cannot be decoded is reported
 * when its frame is read.
 */
async function thumbnailDiffers(bytes: Uint8Array, r: ByteRange): Promise<boolean> {
  const input = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let thumb: { data: Buffer; info: { width: number; height: number; channels: number } };
  try {
    thumb = await sharp(input.subarray(r.start, r.end), { limitInputPixels: THUMB_MAX_PIXELS }).greyscale().raw().toBuffer({ resolveWithObject: true });
  } catch {
    return false;
  }
  const w = thumb.info.width;
  const h = thumb.info.height;
  const t = thumb.info.channels === 1 ? thumb.data : firstChannel(thumb.data, thumb.info.channels);
  if (w < 8 || h < 8) return false;
  const picture = async (fit: 'fill' | 'contain'): Promise<Buffer> => {
    const bg = { r: t[0], g: t[0], b: t[0] };
    const { data, info } = await sharp(input, { limitInputPixels: MAX_INPUT_PIXELS }).flatten({ background: '#ffffff' }).resize(w, h, { fit, background: bg }).greyscale().raw().toBuffer({ resolveWithObject: true });
    return info.channels === 1 ? data : firstChannel(data, info.channels);
  };
  const share = (a: Buffer): number => {
    let n = 0;
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        let lo = 255;
        let hi = 0;
        for (let yy = Math.max(0, y - THUMB_SHIFT); yy <= Math.min(h - 1, y + THUMB_SHIFT); yy++) {
          for (let xx = Math.max(0, x - THUMB_SHIFT); xx <= Math.min(w - 1, x + THUMB_SHIFT); xx++) {
            const v = a[yy * w + xx];
            if (v < lo) lo = v;
            if (v > hi) hi = v;
          }
        }
        const v = t[y * w + x];
        if (v < lo - THUMB_TOLERANCE || v > hi + THUMB_TOLERANCE) n++;
      }
    }
    return n / (w * h);
  };
  try {
    const stretched = share(await picture('fill'));
    const differs = stretched >= THUMB_DIFFERS && share(await picture('contain')) >= THUMB_DIFFERS;
    return differs;
  } catch {
    return false;
  }
}

/**
 * The pictures in a JPEG file after its first one: those its MPF index lists (MPO files from
 * stereo and multi-shot cameras, which viewers show image by image) and any picture appended after
 * its end (another JPEG, or a picture of another format). Readers that stop at the first EOI never
 * see them, so each is read (or reported unread) like a frame of an animation.
 */
function jpegFollowers(b: Uint8Array): ByteRange[] {
  const found: ByteRange[] = [];
  for (let start = 0, guard = 0; guard < 10_000; guard++) {
    const end = jpegEnd(b, start);
    if (end === undefined || end >= b.length) break;
    const rest = b.subarray(end);
    const format = sniffImage(rest);
    if (!format) break;
    if (format !== 'jpeg') {
      found.push({ start: end, end: b.length, source: 'appended' });
      break;
    }
    const next = jpegEnd(b, end);
    found.push({ start: end, end: next ?? b.length, source: 'appended' });
    if (next === undefined) break;
    start = end;
  }
  for (const e of mpfEntries(b)) if (!found.some((f) => f.start === e.start)) found.push(e);
  return found.sort((x, y) => x.start - y.start);
}

/**
 * A JPEG with further pictures (see {@link jpegFollowers}): its frames are the first picture, then
 * the frames of each further one, in file order. A listed picture that is not there (an MPF entry
 * pointing outside the file) fails to decode, so it is reported unread.
 */
async function openImageSequence(bytes: Uint8Array, more: ByteRange[], options: { maxFrames?: number }): Promise<OpenedImage> {
  const first = await openSingle(bytes, 'jpeg', options);
  const subs: { img?: OpenedImage; error?: string; count: number }[] = [{ img: first, count: first.count }];
  for (const r of more) {
    const sub = r.start >= 0 && r.end <= bytes.length && r.end > r.start ? bytes.subarray(r.start, r.end) : undefined;
    const format = sub && sniffImage(sub);
    const what = r.source === 'mpf' ? `the image the MPF index lists at byte ${r.start}` : r.source === 'thumbnail' ? `the EXIF thumbnail at byte ${r.start}, which shows other than the picture` : `the picture appended at byte ${r.start}`;
    if (!sub || !format) {
      subs.push({ error: `${what} is not there or is no picture`, count: 1 });
      continue;
    }
    try {
      const img = await openSingle(sub, format, options);
      subs.push({ img, count: img.count });
    } catch (err) {
      subs.push({ error: `${what}: ${(err as Error).message}`, count: 1 });
    }
  }
  const count = subs.reduce((n, s) => n + s.count, 0);
  const decode = async (i: number): Promise<GreyPage> => {
    let k = i;
    for (const s of subs) {
      if (k >= s.count) {
        k -= s.count;
        continue;
      }
      if (!s.img) throw new ImageDecodeError(`the JPEG file holds ${count} pictures; picture ${i + 1} could not be decoded: ${s.error}`);
      try {
        return { ...(await s.img.decode(k)), page: i + 1 };
      } catch (err) {
        throw new ImageDecodeError(`the JPEG file holds ${count} pictures; picture ${i + 1} could not be decoded: ${(err as Error).message}`);
      }
    }
    throw new ImageDecodeError(`picture ${i + 1} of ${count} is missing`);
  };
  return { format: 'jpeg', count, unit: 'frame', decode };
}
