/** The archive format declarations: ZIP (any ZIP no registered container format claimed; register it after them), gzip and tar. */
import type { FormatDeclaration } from '@prepub/core';
import { isGzip } from './gzip.ts';
import { looksLikeTar } from './tar.ts';

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
