/**
 * Pictures in ISO base media files (HEIF): told apart from video and audio in the same container
 * by the brands of the leading `ftyp` box. AVIF holds AV1 pictures; HEIC (a phone's photos) HEVC
 * ones. Used by the format sniffer and the picture decoder alike.
 */

/** Brands of AV1 pictures (AVIF) and of HEVC or generic HEIF pictures. */
const AVIF_BRANDS = new Set(['avif', 'avis']);
const HEIF_BRANDS = new Set(['heic', 'heix', 'hevc', 'hevx', 'heim', 'heis', 'mif1', 'msf1', 'mif2', 'miaf']);

/** The brands of the leading `ftyp` box (major, then compatible, from its first 256 bytes), or undefined. */
function ftypBrands(b: Uint8Array): string[] | undefined {
  if (b.length < 16 || b[4] !== 0x66 || b[5] !== 0x74 || b[6] !== 0x79 || b[7] !== 0x70) return undefined;
  const size = Math.min(((b[0] << 24) | (b[1] << 16) | (b[2] << 8) | b[3]) >>> 0, b.length, 256);
  const brand = (o: number): string => String.fromCharCode(b[o], b[o + 1], b[o + 2], b[o + 3]);
  const out = [brand(8)];
  for (let o = 16; o + 4 <= size; o += 4) out.push(brand(o));
  return out;
}

/** `avif` or `heif` (HEIC and other HEIF pictures) by the file's `ftyp` brands; undefined for anything else. */
export function isoImageKind(bytes: Uint8Array): 'avif' | 'heif' | undefined {
  const brands = ftypBrands(bytes);
  if (!brands) return undefined;
  if (brands.some((x) => AVIF_BRANDS.has(x))) return 'avif';
  if (brands.some((x) => HEIF_BRANDS.has(x))) return 'heif';
  return undefined;
}
