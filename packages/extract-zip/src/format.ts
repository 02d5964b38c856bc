/** The archive format declarations: ZIP (any ZIP no registered container format claimed; register it after them), gzip, tar, 7z and RAR. */
import type { FormatDeclaration } from '@prepub/core';
import { isGzip } from './gzip.ts';
import { looksLikeTar } from './tar.ts';
import { COMPRESSORS, compressorOf, type Compressor } from './compressed-kinds.ts';
import { looksBinHex, looksUuencoded } from './encoded-sniff.ts';

export const zipFormat: FormatDeclaration = {
  format: 'zip',
  mediaType: 'application/zip',
  mediaTypes: ['application/zip', 'application/x-zip-compressed'],
  extensions: ['zip'],
  roles: ['attachment-name'],
  sniff: { zip: () => true },
  load: async () => (await import('./index.ts')).zipExtractor,
};

/** gzip files: a compressed file (.gz, .svgz) or a compressed tar (.tgz, .tar.gz), every member read. */
export const gzipFormat: FormatDeclaration = {
  format: 'gzip',
  mediaType: 'application/gzip',
  mediaTypes: ['application/gzip', 'application/x-gzip', 'application/x-compressed-tar'],
  extensions: ['gz', 'tgz', 'svgz'],
  roles: ['attachment-name', 'comment', 'metadata'],
  sniff: { bytes: (b) => isGzip(b) },
  load: async () => (await import('./archives.ts')).gzipExtractor,
};

/** tar archives (v7, ustar, GNU, pax). */
export const tarFormat: FormatDeclaration = {
  format: 'tar',
  mediaType: 'application/x-tar',
  mediaTypes: ['application/x-tar'],
  extensions: ['tar'],
  roles: ['attachment-name', 'comment', 'metadata'],
  sniff: { bytes: (b) => looksLikeTar(b) },
  load: async () => (await import('./archives.ts')).tarExtractor,
};

/** 7z archives, opened with 7-Zip compiled to WebAssembly (sniffed by its signature in sniff.ts). */
export const sevenZipFormat: FormatDeclaration = {
  format: '7z',
  mediaType: 'application/x-7z-compressed',
  mediaTypes: ['application/x-7z-compressed'],
  extensions: ['7z'],
  roles: ['attachment-name', 'comment'],
  load: async () => (await import('./sevenzip.ts')).sevenZipExtractor,
};

/** RAR archives (RAR 4 and 5), opened with 7-Zip's RAR decoder in the same WebAssembly build (sniffed by its signature in sniff.ts). */
export const rarFormat: FormatDeclaration = {
  format: 'rar',
  mediaType: 'application/vnd.rar',
  mediaTypes: ['application/vnd.rar', 'application/x-rar-compressed'],
  extensions: ['rar'],
  roles: ['attachment-name', 'comment'],
  load: async () => (await import('./sevenzip.ts')).rarExtractor,
};

/** A single-file compressor read through 7-Zip (sniffed by its signature in sniff.ts). */
function compressorFormat(kind: Compressor): FormatDeclaration {
  const c = COMPRESSORS[kind];
  return {
    format: kind,
    mediaType: c.mediaType,
    mediaTypes: c.mediaTypes,
    extensions: [...c.plain, ...c.tar],
    roles: ['attachment-name', 'comment', 'metadata'],
    sniff: { bytes: (b) => compressorOf(b) === kind },
    load: async () => (await import('./compressed.ts')).compressedExtractors[kind],
  };
}

/** xz files (.xz, .txz, .tar.xz): the content, or a compressed tar's members, read. */
export const xzFormat = compressorFormat('xz');
/** bzip2 files (.bz2, .tbz2, .tar.bz2). */
export const bzip2Format = compressorFormat('bzip2');
/** Unix compress files (.Z, .taz, .tar.Z). */
export const compressFormat = compressorFormat('compress');
/** Zstandard files (.zst, .tzst, .tar.zst). */
export const zstdFormat = compressorFormat('zstd');

/**
 * uuencoded files (`begin 644 name` … `end`, `begin-base64` … `====`) and BinHex 4.0 (`.hqx`): files
 * written as text for mail and news, each decoded and handed on (src/encoded.ts). Told by their
 * first kilobyte; register them after the e-mail format (a message whose body holds such a block is
 * read as a message) and before text.
 */
export const uuencodeFormat: FormatDeclaration = {
  format: 'uuencode',
  mediaType: 'text/x-uuencode',
  mediaTypes: ['text/x-uuencode', 'application/x-uuencode'],
  extensions: ['uu', 'uue', 'xxe'],
  roles: ['attachment-name'],
  sniff: { bytes: (b) => looksUuencoded(b) },
  load: async () => (await import('./encoded.ts')).uuencodeExtractor,
};

export const binhexFormat: FormatDeclaration = {
  format: 'binhex',
  mediaType: 'application/mac-binhex40',
  mediaTypes: ['application/mac-binhex40', 'application/binhex', 'application/x-binhex40'],
  extensions: ['hqx'],
  roles: ['attachment-name'],
  sniff: { bytes: (b) => looksBinHex(b) },
  load: async () => (await import('./encoded.ts')).binhexExtractor,
};

/** Whether `b` is an AppleDouble file: magic 00 05 16 07, version 1 or 2. */
function appleDoubleMagic(b: Uint8Array): boolean {
  return b.length >= 26 && b[0] === 0x00 && b[1] === 0x05 && b[2] === 0x16 && b[3] === 0x07 && b[4] === 0x00 && (b[5] === 0x01 || b[5] === 0x02) && b[6] === 0x00 && b[7] === 0x00;
}

/** AppleDouble (`._name`): macOS metadata beside a file, its text read (src/appledouble.ts). */
export const appleDoubleFormat: FormatDeclaration = {
  format: 'appledouble',
  mediaType: 'application/applefile',
  mediaTypes: ['application/applefile', 'multipart/appledouble'],
  // No extension of its own (`._name` keeps the file's): its MIME subtype stands here.
  extensions: ['applefile'],
  roles: ['metadata'],
  sniff: { bytes: (b) => appleDoubleMagic(b) },
  load: async () => (await import('./appledouble.ts')).appleDoubleExtractor,
};
