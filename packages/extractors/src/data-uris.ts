/**
 * Percent-encoded `data:` URIs written in a text (a CMS field or a JSON export holding
 * `data:text/html;charset=utf-8,%3Cp%3E%E6%9C%BA…`, as `encodeURIComponent` writes them): the page
 * or picture a browser shows from one is a file of its own. Base64 ones are found as base64 blocks
 * (see transfer.ts); these read, in the text, as a run of `%XX` inside one line.
 */
import type { EmbeddedFile, Extraction } from '@prepub/core';

/** At most this many data URIs of one text are read as files; more is a limit, said so. */
export const MAX_DATA_URIS = 32;

/** Media types whose data URIs are read: pages, text, vector pictures, JSON and XML. */
const READ = /^(?:text\/[\w.+-]+|image\/svg\+xml|application\/(?:xhtml\+xml|xml|json|[\w.+-]+\+(?:xml|json)))$/i;

const EXTENSION: Record<string, string> = { 'text/html': '.html', 'application/xhtml+xml': '.xhtml', 'image/svg+xml': '.svg', 'application/json': '.json', 'text/markdown': '.md', 'text/csv': '.csv', 'application/xml': '.xml', 'text/xml': '.xml' };

/** A data URI's head: `data:` media type, parameters, the comma; then its percent-encoded payload. */
const DATA_URI = /data:([\w.+-]+\/[\w.+-]+)?((?:;[\w.+-]+(?:=[\w.+:-]*)?)*),([A-Za-z0-9\-_.!~*'()%;/?:@&=+$,#[\]]*)/gi;

/** The payload's bytes: `%XX` one byte each, other characters as they stand (UTF-8). */
function percentBytes(payload: string): Uint8Array {
  const out: number[] = [];
  const enc = new TextEncoder();
  for (let i = 0; i < payload.length; i++) {
    const c = payload[i];
    if (c === '%' && /^[0-9a-fA-F]{2}$/.test(payload.slice(i + 1, i + 3))) {
      out.push(parseInt(payload.slice(i + 1, i + 3), 16));
      i += 2;
    } else for (const b of enc.encode(c)) out.push(b);
  }
  return Uint8Array.from(out);
}

/** Whether a text (its UTF-16 units when it has them) holds `data:` at all: a byte search, before any string is built. */
export function mentionsData(units: Uint16Array | undefined, text: () => string): boolean {
  if (!units) return /data:/i.test(text());
  const bytes = Buffer.from(units.buffer, units.byteOffset, units.byteLength);
  for (const word of ['data:', 'DATA:', 'Data:']) {
    const needle = Buffer.from(word, 'utf16le');
    for (let at = bytes.indexOf(needle); at >= 0; at = bytes.indexOf(needle, at + 1)) if (!(at & 1)) return true;
  }
  return false;
}

/** Whether the text may hold a percent-encoded data URI (a quick look before the pattern). */
export function holdsDataUri(text: string): boolean {
  return /data:[^,\s]{0,200},[^\s]*%[0-9A-Fa-f]{2}/i.test(text);
}

/** The percent-encoded data URIs of `text` worth reading, each as a file named for its media type. */
export function dataUriEmbedded(text: string, name: string, unread: Extraction['unread']): EmbeddedFile[] {
  const out: EmbeddedFile[] = [];
  for (const m of text.matchAll(DATA_URI)) {
    const type = (m[1] ?? 'text/plain').toLowerCase();
    if (/;\s*base64$/i.test(m[2]) || !READ.test(type) || !m[3].includes('%')) continue;
    if (out.length >= MAX_DATA_URIS) {
      unread.push({ where: `data: URIs after the ${MAX_DATA_URIS}th`, reason: 'limit', detail: `the text holds more than ${MAX_DATA_URIS} percent-encoded data: URIs of pages, text or pictures; only the first ${MAX_DATA_URIS} were read` });
      break;
    }
    const ext = EXTENSION[type] ?? (type.startsWith('text/') ? '.txt' : '');
    out.push({ name: `${name}@data-uri-${out.length + 1}${ext}`, bytes: percentBytes(m[3]), origin: { detail: `data: URI (${type}) at character ${m.index} of the text, percent-decoded` } });
  }
  return out;
}
