/** The single-file compressors read through 7-Zip, and their signatures (no 7-Zip loaded to tell them). */

/** The compressors read here, with 7-Zip's `-t` type, the media type, and the extensions their content name drops. */
export const COMPRESSORS = {
  xz: { type: 'xz', label: 'xz', mediaType: 'application/x-xz', mediaTypes: ['application/x-xz', 'application/x-xz-compressed-tar'], tar: ['txz'], plain: ['xz'] },
  bzip2: { type: 'bzip2', label: 'bzip2', mediaType: 'application/x-bzip2', mediaTypes: ['application/x-bzip2', 'application/x-bzip', 'application/x-bzip2-compressed-tar'], tar: ['tbz', 'tbz2', 'tb2'], plain: ['bz2', 'bz'] },
  compress: { type: 'Z', label: 'compress (.Z)', mediaType: 'application/x-compress', mediaTypes: ['application/x-compress', 'application/x-tarz'], tar: ['taz', 'tz'], plain: ['z'] },
  zstd: { type: 'zstd', label: 'Zstandard', mediaType: 'application/zstd', mediaTypes: ['application/zstd', 'application/x-zstd', 'application/x-zstd-compressed-tar'], tar: ['tzst'], plain: ['zst', 'zstd'] },
} as const;
export type Compressor = keyof typeof COMPRESSORS;

/** Whether `b` begins with the signature of one of the compressors, and which. */
export function compressorOf(b: Uint8Array): Compressor | undefined {
  const at = (sig: number[]) => sig.every((x, i) => b[i] === x);
  if (at([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00])) return 'xz';
  // `BZh` and the block size digit, then a block's or the end's magic (`BZh9` alone is text).
  if (at([0x42, 0x5a, 0x68]) && b[3] >= 0x31 && b[3] <= 0x39 && (at([0x42, 0x5a, 0x68, b[3], 0x31, 0x41, 0x59, 0x26, 0x53, 0x59]) || at([0x42, 0x5a, 0x68, b[3], 0x17, 0x72, 0x45, 0x38, 0x50, 0x90]))) return 'bzip2';
  if (at([0x1f, 0x9d])) return 'compress';
  if (at([0x28, 0xb5, 0x2f, 0xfd])) return 'zstd';
  return undefined;
}

