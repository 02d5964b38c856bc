/** The e-mail (EML, RFC 5322 / MIME) format declaration: light (no reader code). */
import type { FormatDeclaration } from '@prepub/core';

/**
 * Headers that mark a message (a note that merely begins with `Subject:` and `Date:` is not one):
 * addressing, transport and MIME headers no note or front matter writes. A draft or an exported
 * message may carry nothing but `Subject`, `Date` and a `Cc` or `Bcc`.
 */
const MESSAGE_HEADERS = /^(from|to|cc|bcc|sender|reply-to|in-reply-to|references|received|return-path|mime-version|message-id|content-type|content-transfer-encoding|delivered-to|x-mailer|dkim-signature|thread-topic|thread-index|list-id|authentication-results|x-ms-exchange-[a-z-]+)$/i;

/** An RFC 2047 encoded word (`=?UTF-8?B?…?=`): only mail software writes one into a header. */
const ENCODED_WORD = /=\?[!-~]+?\?[bBqQ]\?[^?\s]*\?=/;

/** The line Outlook writes above the headers it saves as text (`Microsoft Mail Internet Headers Version 2.0`). */
const OUTLOOK_HEADERS_LINE = /^Microsoft Mail Internet Headers Version \d+(?:\.\d+)?[ \t]*\r?$/;

/**
 * An mbox separator (`From_`) line: `From `, the envelope sender, then the date, which has digits
 * (`From MAILER-DAEMON Mon Mar  4 09:00:00 2024`, Thunderbird's `From - Mon Mar 04 …`). Prose
 * opening with "From the director" has no header block after it, which is asked for as well.
 */
const FROM_LINE = /^From \S+[ \t]+[^\r\n]*\d/;

/**
 * How far into the header block sniffing reads. A block only goes on being read while every line
 * is a header or a folded line, so ordinary text is given up on at its first line of prose; a
 * message whose first header is folded over many kilobytes (a long `Received:` chain) is still
 * seen to the blank line that ends its headers.
 */
const HEADER_WINDOWS = [8 << 10, 64 << 10, 256 << 10];

/** Where the message's header block begins, and whether an mbox `From ` line stood before it. */
export interface MessageStart {
  /** Byte offset of the first header line. */
  start: number;
  /** Byte offset of the mbox `From ` line, when the file opens with one. */
  envelope?: number;
}

/**
 * Where the header block of a message begins: past a UTF-8 byte order mark, blank lines, the line
 * Outlook writes above headers it saves as text, and an mbox `From ` separator line, which mail programs and exporters put before the headers (RFC 5322
 * has none of them, so a parser would take the block for a body, or the first header for garbage).
 */
export function messageStart(bytes: Uint8Array): MessageStart {
  let i = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  // Blank lines (white space only) carry no text: skipped whole, line by line.
  for (;;) {
    let j = i;
    while (j < bytes.length && (bytes[j] === 0x20 || bytes[j] === 0x09 || bytes[j] === 0x0d)) j++;
    if (j < bytes.length && bytes[j] === 0x0a) i = j + 1;
    else break;
  }
  if (bytes[i] === 0x4d && bytes[i + 1] === 0x69) {
    const nl = bytes.indexOf(0x0a, i);
    if (nl > 0 && nl - i < 80 && OUTLOOK_HEADERS_LINE.test(latin1(bytes.subarray(i, nl)))) i = nl + 1;
  }
  if (bytes[i] === 0x46 && bytes[i + 1] === 0x72 && bytes[i + 2] === 0x6f && bytes[i + 3] === 0x6d && bytes[i + 4] === 0x20) {
    const nl = bytes.indexOf(0x0a, i);
    const end = nl < 0 ? Math.min(bytes.length, i + 1024) : nl;
    if (FROM_LINE.test(latin1(bytes.subarray(i, Math.min(end, i + 1024))))) return { start: nl < 0 ? bytes.length : nl + 1, envelope: i };
  }
  return { start: i };
}

/** One unit per byte, natively (TextDecoder's latin1 is windows-1252 through ICU, slow on the UTF-8 of Chinese text every text file is sniffed for); header names are ASCII either way. */
function latin1(b: Uint8Array): string {
  return Buffer.from(b.buffer, b.byteOffset, b.length).toString('latin1');
}

/**
 * A message begins with a header block: at least two header lines (folded lines allowed) up to
 * the first blank line, at least one of them a header only messages carry — or a single header
 * line holding an RFC 2047 encoded word, or a multipart Content-Type whose boundary follows. The
 * block may follow a BOM, blank lines, Outlook's `Microsoft Mail Internet Headers` line and an
 * mbox `From ` line ({@link messageStart}); it is read up to 256 KiB while every line is a header
 * or a folded line. Read as text, a message's encoded words, quoted-printable and base64 parts
 * are never decoded.
 */
export function looksLikeMessage(bytes: Uint8Array): boolean {
  const { start } = messageStart(bytes);
  const rest = bytes.subarray(start);
  for (const size of HEADER_WINDOWS) {
    const cut = rest.length > size;
    const block = headerBlock(latin1(rest.subarray(0, size)), cut);
    if (typeof block === 'boolean') return block;
    // Headers to the end of the file or past the last window: a message only if it looked like one
    // throughout (a short note of two `Key: value` lines is not).
    if (!cut || size === HEADER_WINDOWS[HEADER_WINDOWS.length - 1]) return block.headers >= 8 && block.strong >= 2;
  }
  return false;
}

/**
 * Whether `head` opens with a message's header block, once a blank line or a line of another kind
 * tells; when every line was a header line, how many there were and how many only messages carry.
 */
function headerBlock(head: string, cut: boolean): boolean | { headers: number; strong: number } {
  const lines = head.split(/\r?\n/);
  // The last line of a window cut short may be cut inside a header's name: not judged.
  if (cut) lines.pop();
  let headers = 0;
  let strong = 0;
  let encoded = false;
  let contentType = '';
  let inContentType = false;
  let mime = false;
  let at = 0;
  for (const line of lines) {
    at = head.indexOf('\n', at) + 1;
    // A line of only blanks ends the block too, once headers stood before it: the parser takes it
    // for folding, a lenient mail program (and this reader's lenient reading) for the end of the
    // headers; read as text, the base64 after it was never decoded.
    if (line === '' || (headers > 0 && /^[ \t]+$/.test(line))) return (headers >= 2 && strong >= 1) || (headers >= 1 && (encoded || mimeEntity(contentType, head, at)));
    const c = line.charCodeAt(0);
    if (c === 0x20 || c === 0x09) {
      if (headers === 0) return false;
      if (inContentType) contentType += line;
      encoded ||= ENCODED_WORD.test(line);
      continue;
    }
    const m = /^([!-9;-~]+):/.exec(line);
    // A line that is no header ends the block for a lenient mail program, which starts the body
    // there (the parser keeps it among the headers; the reader's lenient reading does not): a
    // message when its headers were a message's and a MIME entity's (MIME-Version or a transfer
    // encoding declared), base64 written right under them for one. Anything else is not a message.
    if (!m) return headers >= 2 && strong >= 1 && mime;
    encoded ||= ENCODED_WORD.test(line);
    headers++;
    if (/^(mime-version|content-transfer-encoding)$/i.test(m[1])) mime = true;
    if (MESSAGE_HEADERS.test(m[1])) strong++;
    inContentType = /^content-type$/i.test(m[1]);
    if (inContentType) contentType = line;
  }
  return { headers, strong };
}

/**
 * Whether a header block that is a multipart Content-Type alone opens a MIME entity: its boundary's
 * delimiter line (`--boundary` at a line's start) follows the block. A multipart body saved without
 * the message's own headers (a gateway's or a mail program's export of a part: mailparser's
 * mixed.eml) is a message all the same; read as text or HTML, its base64 and quoted-printable
 * parts were never decoded.
 */
function mimeEntity(contentType: string, head: string, from: number): boolean {
  const b = /^content-type:[ \t]*multipart\/[^]*?boundary\s*=\s*(?:"([^"\r\n]+)"|([^\s;"]+))/i.exec(contentType);
  const boundary = b?.[1] ?? b?.[2];
  if (!boundary) return false;
  for (let i = head.indexOf(`--${boundary}`, from); i >= 0; i = head.indexOf(`--${boundary}`, i + 1)) if (i === from || head[i - 1] === '\n') return true;
  return false;
}

export const emlFormat: FormatDeclaration = {
  format: 'eml',
  mediaType: 'message/rfc822',
  mediaTypes: ['message/rfc822', 'application/eml', 'application/mbox'],
  extensions: ['eml', 'mht', 'mhtml', 'mbox'],
  roles: ['title', 'metadata', 'body', 'attachment-name'],
  sniff: { bytes: (bytes) => looksLikeMessage(bytes) },
  load: async () => (await import('./index.ts')).emlExtractor,
};

/** CMS content types by the last arc of 1.2.840.113549.1.7.x (RFC 5652). */
const PKCS7_TYPES: Record<number, CmsContentType> = { 1: 'data', 2: 'signed', 3: 'enveloped', 5: 'digested', 6: 'encrypted' };
const PKCS7_ARC = [0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07];
/** 1.2.840.113549.1.9.16.1.23, RFC 5083 authenticated-enveloped data. */
const AUTH_ENVELOPED = [0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x09, 0x10, 0x01, 0x17];

/** What a CMS / PKCS #7 ContentInfo holds. */
export type CmsContentType = 'data' | 'signed' | 'enveloped' | 'digested' | 'encrypted' | 'auth-enveloped';

/**
 * The content type `bytes` open with as a CMS / PKCS #7 ContentInfo — a SEQUENCE (any length form,
 * BER's indefinite one too) whose first element is a content-type identifier — or undefined.
 */
export function cmsContentType(bytes: Uint8Array): CmsContentType | undefined {
  if (bytes.length < 16 || bytes[0] !== 0x30) return undefined;
  // The SEQUENCE's length: indefinite (0x80), short, or long of 1–4 bytes.
  const l = bytes[1];
  const at = l <= 0x80 ? 2 : l <= 0x84 ? 2 + (l & 0x7f) : -1;
  if (at < 0 || bytes[at] !== 0x06) return undefined;
  const oid = bytes.subarray(at + 2, at + 2 + bytes[at + 1]);
  const is = (arc: number[]) => arc.every((b, i) => oid[i] === b);
  if (oid.length === 9 && is(PKCS7_ARC)) return PKCS7_TYPES[oid[8]];
  if (oid.length === AUTH_ENVELOPED.length && is(AUTH_ENVELOPED)) return 'auth-enveloped';
  return undefined;
}

/** Whether `bytes` open as a CMS / PKCS #7 ContentInfo ({@link cmsContentType}). */
export function looksLikeCms(bytes: Uint8Array): boolean {
  return cmsContentType(bytes) !== undefined;
}

/**
 * A PEM block of CMS / PKCS #7 (RFC 7468: `-----BEGIN PKCS7-----`, `-----BEGIN CMS-----`, and the
 * older `-----BEGIN PKCS #7 SIGNED DATA-----`), as `openssl smime -outform PEM` and `openssl cms
 * -outform PEM` write signed and encrypted messages (`.p7m`, `.pem`). Its base64 decodes to a
 * ContentInfo; read as text it is letters, and the signed content in it went unread.
 */
export const PEM_CMS_BEGIN = /^-----BEGIN (PKCS7|CMS|PKCS #7 SIGNED DATA)-----[ \t]*\r?$/gm;

/**
 * Whether `bytes` are a PEM file of CMS / PKCS #7: such a BEGIN line at a line start within the
 * first kilobyte (explanatory text may stand before it, RFC 7468 section 2), and not an e-mail (a
 * message whose body holds one is read as a message, its body's block handed on there).
 */
export function looksLikePemCms(bytes: Uint8Array): boolean {
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.length, 1024 + 64)).toString('latin1');
  PEM_CMS_BEGIN.lastIndex = 0;
  const m = PEM_CMS_BEGIN.exec(head);
  return !!m && m.index < 1024 && !looksLikeMessage(bytes);
}

/** CMS / PKCS #7 (S/MIME `smime.p7s` and `smime.p7m`): told by its ContentInfo, DER or in PEM armor. */
export const cmsFormat: FormatDeclaration = {
  format: 'pkcs7',
  mediaType: 'application/pkcs7-mime',
  mediaTypes: ['application/pkcs7-mime', 'application/pkcs7-signature', 'application/x-pkcs7-mime', 'application/x-pkcs7-signature', 'application/cms'],
  extensions: ['p7s', 'p7m', 'p7c', 'p7b'],
  roles: ['metadata'],
  sniff: { bytes: (bytes) => looksLikeCms(bytes) || looksLikePemCms(bytes) },
  load: async () => (await import('./cms.ts')).cmsExtractor,
};
