/** The RTF format declaration: light (no reader code), so sniffing never loads the reader. */
import type { FormatDeclaration } from '@prepub/core';

export const RTF_MEDIA_TYPE = 'application/rtf';

/** `{\rtf` within the first bytes (a BOM or a stray byte may come first), in bytes or in UTF-16. */
export function looksLikeRtf(bytes: Uint8Array): boolean {
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 16));
  return head.includes('{\\rtf') || rtfUtf16(bytes) !== undefined;
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
  roles: ['body', 'header', 'footer', 'footnote', 'endnote', 'comment', 'hidden', 'deleted', 'field', 'text-box', 'alt-text', 'form-field', 'properties', 'metadata'],
  sniff: { bytes: (bytes) => looksLikeRtf(bytes) },
  load: async () => (await import('./index.ts')).rtfExtractor,
};
