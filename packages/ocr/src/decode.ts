import sharp from './sharp.ts';
import * as bmp from 'bmp-js';
import UPNG from 'upng-js';

/** Image formats the OCR engine reads, told apart by their bytes. */
export type ImageFormat = 'png' | 'jpeg' | 'tiff' | 'bmp' | 'webp' | 'gif';

/** One decoded page: 8-bit greyscale pixels, one byte a pixel, row by row. */
export interface GreyPage {
  /** 1-based page number within the image file (TIFF pages; 1 otherwise). */
  page: number;
  width: number;
  height: number;
  data: Buffer;
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
  if (at(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (at(bytes, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (at(bytes, [0x49, 0x49, 0x2a, 0x00]) || at(bytes, [0x4d, 0x4d, 0x00, 0x2a])) return 'tiff';
  if (at(bytes, [0x52, 0x49, 0x46, 0x46]) && at(bytes, [0x57, 0x45, 0x42, 0x50], 8)) return 'webp';
  if (at(bytes, [0x47, 0x49, 0x46, 0x38])) return 'gif';
  if (at(bytes, [0x42, 0x4d]) && bytes.length > 26) return 'bmp';
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
}

/**
 * Opens an image: reads its header for the number of pages (TIFF) or frames (animated GIF and
 * WebP) without decoding any of them, so a limit on pages is applied before the pixels are
 * decoded, not after. Each page is decoded to greyscale on request: transparent pixels become white
 * paper; JPEG EXIF orientation is applied so that a phone photo is upright before OCR. Frames of
 * an animation are decoded as shown (each composed over the frames before it). Throws
 * {@link ImageDecodeError}.
 */
export async function openImage(bytes: Uint8Array, options: { maxFrames?: number } = {}): Promise<OpenedImage> {
  const format = sniffImage(bytes);
  if (!format) throw new ImageDecodeError('not a PNG, JPEG, TIFF, BMP, WebP or GIF image');
  if (format === 'bmp') {
    const page = decodeBmp(bytes);
    return { format, count: 1, unit: 'page', decode: async () => page };
  }
  const input = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (format === 'png') {
    const apng = apngLayout(bytes);
    if (apng && apng.frames + (apng.defaultSeparate ? 1 : 0) > 1) return openApng(bytes, input, apng, options.maxFrames ?? Infinity);
  }
  let count: number;
  try {
    const meta = await sharp(input, { limitInputPixels: MAX_INPUT_PIXELS }).metadata();
    count = Math.max(1, meta.pages ?? 1);
  } catch (err) {
    throw new ImageDecodeError(`the ${format.toUpperCase()} image could not be decoded: ${(err as Error).message}`);
  }
  const decode = async (i: number): Promise<GreyPage> => {
    try {
      const { data, info } = await sharp(input, { page: i, limitInputPixels: MAX_INPUT_PIXELS, failOn: 'error' })
        .rotate()
        .flatten({ background: '#ffffff' })
        .greyscale()
        .raw()
        .toBuffer({ resolveWithObject: true });
      return { page: i + 1, width: info.width, height: info.height, data: info.channels === 1 ? data : firstChannel(data, info.channels) };
    } catch (err) {
      const which = count > 1 ? ` (${format === 'tiff' ? 'page' : 'frame'} ${i + 1} of ${count})` : '';
      throw new ImageDecodeError(`the ${format.toUpperCase()} image could not be decoded${which}: ${(err as Error).message}`);
    }
  };
  return { format, count, unit: format === 'tiff' ? 'page' : 'frame', decode };
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

/** Reads the chunk list of a PNG up to its image data: an acTL chunk makes it an animation. */
function apngLayout(b: Uint8Array): ApngLayout | undefined {
  let frames = 0;
  let seenFctl = false;
  for (let p = 8; p + 12 <= b.length; ) {
    const len = ((b[p] << 24) | (b[p + 1] << 16) | (b[p + 2] << 8) | b[p + 3]) >>> 0;
    const type = String.fromCharCode(b[p + 4], b[p + 5], b[p + 6], b[p + 7]);
    if (type === 'acTL' && p + 12 <= b.length) frames = ((b[p + 8] << 24) | (b[p + 9] << 16) | (b[p + 10] << 8) | b[p + 11]) >>> 0;
    if (type === 'fcTL') seenFctl = true;
    if (type === 'IDAT') return frames > 0 ? { frames, defaultSeparate: !seenFctl } : undefined;
    p += 12 + len;
  }
  return undefined;
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
      const { data, info } = await sharp(Buffer.from(rgba), { raw: { width: a.width, height: a.height, channels: 4 } }).flatten({ background: '#ffffff' }).greyscale().raw().toBuffer({ resolveWithObject: true });
      return { page: i + 1, width: info.width, height: info.height, data: info.channels === 1 ? data : firstChannel(data, info.channels) };
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

function firstChannel(data: Buffer, channels: number): Buffer {
  const out = Buffer.allocUnsafe(data.length / channels);
  for (let i = 0, j = 0; j < out.length; i += channels, j++) out[j] = data[i];
  return out;
}

function decodeBmp(bytes: Uint8Array): GreyPage {
  // sharp (libvips) has no BMP loader; bmp-js decodes every bit depth Windows writes.
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const width = Math.abs(view.getInt32(18, true));
  const height = Math.abs(view.getInt32(22, true));
  if (width === 0 || height === 0 || width * height > MAX_INPUT_PIXELS) {
    throw new ImageDecodeError(`the BMP image has unusable dimensions ${width}x${height}`);
  }
  let decoded: { width: number; height: number; data: Buffer };
  try {
    decoded = bmp.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  } catch (err) {
    throw new ImageDecodeError(`the BMP image could not be decoded: ${(err as Error).message}`);
  }
  const n = decoded.width * decoded.height;
  if (!decoded.data || decoded.data.length < n * 4) throw new ImageDecodeError('the BMP image is truncated');
  const grey = Buffer.allocUnsafe(n);
  const d = decoded.data;
  for (let i = 0, j = 0; j < n; i += 4, j++) grey[j] = (d[i + 3] * 77 + d[i + 2] * 150 + d[i + 1] * 29) >> 8;
  return { page: 1, width: decoded.width, height: decoded.height, data: grey };
}
