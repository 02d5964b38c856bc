/** The RTF format declaration: light (no reader code), so sniffing never loads the reader. */
import type { FormatDeclaration } from '@prepub/core';

export const RTF_MEDIA_TYPE = 'application/rtf';

/** `{\rtf` within the first bytes (a BOM or a stray byte may come first). */
export function looksLikeRtf(bytes: Uint8Array): boolean {
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 16));
  return head.includes('{\\rtf');
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
