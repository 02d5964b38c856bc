/** The RTF format declaration: light (no reader code), so sniffing never loads the reader. */
import type { FormatDeclaration } from '@prepub/core';

export const RTF_MEDIA_TYPE = 'application/rtf';

/** How far leading whitespace before `{\rtf` is skipped (blank lines a mail or a CMS put in front). */
const LEADING_WHITESPACE = 4096;

/**
 * Where `{\rtf` begins: within the first 16 bytes (a BOM or a stray byte may come first), or after
 * a UTF-8 BOM and any run of whitespace (CR/LF, spaces, tabs) — RTF readers skip both. -1 if neither.
 */
export function rtfStart(bytes: Uint8Array): number {
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 16)).indexOf('{\\rtf');
  if (head >= 0) return head;
  let i = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  const end = Math.min(bytes.length, LEADING_WHITESPACE);
  while (i < end && (bytes[i] === 0x20 || (bytes[i] >= 0x09 && bytes[i] <= 0x0d))) i++;
  return i < end && new TextDecoder('latin1').decode(bytes.subarray(i, i + 5)) === '{\\rtf' ? i : -1;
}

/** `{\rtf` at the start (see {@link rtfStart}), in bytes or in UTF-16. */
export function looksLikeRtf(bytes: Uint8Array): boolean {
  return rtfStart(bytes) >= 0 || rtfUtf16(bytes) !== undefined;
}

/** The byte order of an RTF document written in UTF-16 (with or without a BOM), if it is one. */
export function rtfUtf16(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | undefined {
  for (const order of ['utf-16le', 'utf-16be'] as const) {
    if (new TextDecoder(order).decode(bytes.subarray(0, 32)).replace(/^\uFEFF/, '').trimStart().startsWith('{\\rtf')) return order;
  }
  return undefined;
}

export const rtfFormat: FormatDeclaration = {
  format: 'rtf',
  mediaType: RTF_MEDIA_TYPE,
  mediaTypes: [RTF_MEDIA_TYPE, 'text/rtf', 'application/x-rtf', 'text/richtext'],
  extensions: ['rtf'],
  roles: ['body', 'header', 'footer', 'footnote', 'endnote', 'comment', 'hidden', 'deleted', 'before-changes', 'field', 'text-box', 'alt-text', 'form-field', 'properties', 'metadata'],
  sniff: { bytes: (bytes) => looksLikeRtf(bytes) },
  load: async () => (await import('./index.ts')).rtfExtractor,
};
