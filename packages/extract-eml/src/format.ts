/** The e-mail (EML, RFC 5322 / MIME) format declaration: light (no reader code). */
import type { FormatDeclaration } from '@prepub/core';

/** Headers that mark a message (a note that merely begins with `Subject:` is not one). */
const MESSAGE_HEADERS = /^(from|received|return-path|mime-version|message-id|content-type|delivered-to|x-mailer|dkim-signature|to)$/i;

/**
 * A message begins with a header block: at least two header lines (folded lines allowed) up to
 * the first blank line, at least one of them a header only messages carry. Reads at most 8 KiB.
 */
export function looksLikeMessage(bytes: Uint8Array): boolean {
  // One unit per byte, natively (TextDecoder's latin1 is windows-1252 through ICU, slow on the
  // UTF-8 of Chinese text every text file is sniffed for); header names are ASCII either way.
  const b = bytes.subarray(0, 8192);
  const head = Buffer.from(b.buffer, b.byteOffset, b.length).toString('latin1');
  const lines = head.split(/\r?\n/);
  let headers = 0;
  let strong = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (line === '') return headers >= 2 && strong >= 1;
    if (/^[ \t]/.test(line)) {
      if (headers === 0) return false;
      continue;
    }
    const m = /^([!-9;-~]+):/.exec(line);
    if (!m) return false;
    headers++;
    if (MESSAGE_HEADERS.test(m[1])) strong++;
  }
  // A header block longer than the window: still a message if it looked like one throughout.
  return headers >= 8 && strong >= 2;
}

export const emlFormat: FormatDeclaration = {
  format: 'eml',
  mediaType: 'message/rfc822',
  mediaTypes: ['message/rfc822', 'application/eml'],
  extensions: ['eml', 'mht', 'mhtml'],
  roles: ['title', 'metadata', 'body', 'attachment-name'],
  sniff: { bytes: (bytes) => looksLikeMessage(bytes) },
  load: async () => (await import('./index.ts')).emlExtractor,
};
