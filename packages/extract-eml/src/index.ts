/**
 * E-mail messages (EML): the subject (`title`), the other headers people write in (from, to, cc,
 * reply-to, date, and any `X-` header: `metadata`), the plain-text body (`body`), and — handed to
 * the scanner as files — the HTML body (read by the HTML reader, hidden parts and all), every
 * attachment, and every attached message (`message/rfc822`, read as a message in its turn), up to
 * the nesting limit. Attachment names are a part of their own. Parsing is postal-mime's.
 */
import PostalMime, { decodeWords } from 'postal-mime';
import { PartBuilder, type EmbeddedFile, type ExtractContext, type Extraction, type Extractor, type TextPart } from '@prepub/core';

export { emlFormat, looksLikeMessage } from './format.ts';

/** Headers that are routing and transport machinery, not words anyone wrote. */
const MACHINERY = /^(received|return-path|message-id|in-reply-to|references|mime-version|content-|dkim-|arc-|authentication-results|received-spf|x-ms-|x-microsoft-|x-google-|x-gm-|x-received|delivered-to|subject$)/i;
/** Address headers: their display names are read (people write in them), the addresses are routing. */
const ADDRESS = /^(from|sender|reply-to|to|cc|bcc)$/i;

type Address = { name?: string; address?: string; group?: Address[] };
function displayNames(list: Address | Address[] | undefined): string[] {
  const out: string[] = [];
  for (const a of Array.isArray(list) ? list : list ? [list] : []) {
    if (a.name?.trim()) out.push(a.name.trim());
    if (a.group) out.push(...displayNames(a.group));
  }
  return out;
}

function lines(id: string, role: TextPart['role'], detail: string, text: string, leading = false): PartBuilder {
  const b = new PartBuilder(id, role, { filePart: 'message', detail }, leading);
  for (const line of text.split(/\r\n|\r|\n/)) {
    b.append(line);
    b.endParagraph({ kind: 'paragraph' });
  }
  return b;
}

/** What {@link headerLines} needs of a parsed message (postal-mime's `Email`). */
export interface HeaderSource {
  headers: Array<{ key: string; value: string }>;
  from?: Address | Address[];
  sender?: Address | Address[];
  replyTo?: Address | Address[];
  to?: Address | Address[];
  cc?: Address | Address[];
  bcc?: Address | Address[];
}

/**
 * The header lines people write in, as `Key: value`: display names of the address headers (unless
 * `addresses` is false), then every header that is not routing machinery, its encoded words
 * (RFC 2047) decoded. Shared with the Outlook (MSG) reader for its transport headers.
 */
export function headerLines(email: HeaderSource, options: { addresses?: boolean } = {}): string[] {
  const out: string[] = [];
  if (options.addresses !== false) {
    const people: Array<[string, Address | Address[] | undefined]> = [['From', email.from], ['Sender', email.sender], ['Reply-To', email.replyTo], ['To', email.to], ['Cc', email.cc], ['Bcc', email.bcc]];
    for (const [key, list] of people) {
      const n = displayNames(list);
      if (n.length) out.push(`${key}: ${n.join('; ')}`);
    }
  }
  for (const h of email.headers) {
    if (MACHINERY.test(h.key) || ADDRESS.test(h.key)) continue;
    // postal-mime leaves encoded words in header values: a marking in one would be read as base64.
    let value = h.value;
    try {
      value = decodeWords(h.value);
    } catch {
      // Undecodable words stay as written: the raw value is still scanned.
    }
    out.push(`${h.key}: ${value}`);
  }
  return out;
}

/**
 * Boundaries a message declares (in a multipart Content-Type header) that no line of it opens: the
 * parts behind such a boundary cannot be told apart, so the parser reads them as one body of raw
 * MIME (base64 and all) and what they encode is not read.
 */
export function unmatchedBoundaries(bytes: Uint8Array): string[] {
  const raw = new TextDecoder('latin1').decode(bytes);
  const out: string[] = [];
  for (const m of raw.matchAll(/^content-type:[ \t]*multipart\/[^\r\n]*(?:\r?\n[ \t][^\r\n]*)*/gim)) {
    const b = /boundary\s*=\s*(?:"([^"\r\n]+)"|([^\s;"]+))/i.exec(m[0]);
    const boundary = b?.[1] ?? b?.[2];
    if (!boundary) continue;
    // A part line is `--boundary` at the start of a line (transport padding may follow).
    let found = false;
    for (let at = raw.indexOf(`--${boundary}`); at >= 0 && !found; at = raw.indexOf(`--${boundary}`, at + 1)) found = at === 0 || raw[at - 1] === '\n';
    if (!found) out.push(boundary);
  }
  return out;
}

/**
 * `begin 644 name` … `end` blocks of uuencoded files (RFC 1341's x-uuencode, or inline in a body),
 * and `begin-base64 644 name` … `====` blocks (`uuencode -m`); a block cut before its last line runs
 * to the end of the text.
 */
export function uudecodeBlocks(text: string): Array<{ name: string; bytes: Uint8Array }> {
  const out: Array<{ name: string; bytes: Uint8Array }> = [];
  for (const m of text.matchAll(/^begin-base64 [0-7]{3,4} ([^\r\n]+)\r?\n([\s\S]*?)(?:^====[ \t]*$|(?![\s\S]))/gm)) {
    out.push({ name: m[1].trim(), bytes: new Uint8Array(Buffer.from(m[2].replace(/\s+/g, ''), 'base64')) });
  }
  for (const m of text.matchAll(/^begin [0-7]{3,4} ([^\r\n]+)\r?\n([\s\S]*?)(?:^end[ \t]*$|(?![\s\S]))/gm)) {
    const bytes: number[] = [];
    for (const line of m[2].split(/\r?\n/)) {
      if (!line) continue;
      const n = (line.charCodeAt(0) - 32) & 63;
      if (n === 0) continue;
      const v = (i: number) => ((line.charCodeAt(i) || 32) - 32) & 63;
      const row: number[] = [];
      for (let i = 1; row.length < n && i < line.length; i += 4) {
        const [a, b, c, d] = [v(i), v(i + 1), v(i + 2), v(i + 3)];
        row.push((a << 2) | (b >> 4), ((b & 15) << 4) | (c >> 2), ((c & 3) << 6) | d);
      }
      bytes.push(...row.slice(0, n));
    }
    out.push({ name: m[1].trim(), bytes: new Uint8Array(bytes) });
  }
  return out;
}

/** UTF-7 (RFC 2152): `+` opens modified base64 of UTF-16BE up to a non-base64 character, `+-` is `+`. */
export function decodeUtf7(s: string): string {
  return s.replace(/\+([A-Za-z0-9+/]*)-?/g, (all, b64: string) => {
    if (!b64) return all === '+-' ? '+' : all;
    const bytes = Buffer.from(b64, 'base64');
    let out = '';
    for (let i = 0; i + 1 < bytes.length; i += 2) out += String.fromCharCode((bytes[i] << 8) | bytes[i + 1]);
    return out;
  });
}

/** HZ (RFC 1843): GB2312 between `~{` and `~}` with the high bits cleared; `~~` is `~`, `~` at a line end joins lines. */
export function decodeHz(s: string): string {
  const gbk = new TextDecoder('gbk');
  return s.replace(/~\{([\s\S]*?)(?:~\}|$)/g, (_, gb: string) => {
    const bytes = Uint8Array.from(gb.replace(/\s/g, ''), (c) => c.charCodeAt(0) | 0x80);
    return gbk.decode(bytes);
  }).replace(/~\r?\n/g, '').replace(/~~/g, '~');
}

/** Charsets TextDecoder does not know but a mail program shows: read here instead. */
const OWN_CHARSETS: Record<string, (s: string) => string> = { 'utf-7': decodeUtf7, utf7: decodeUtf7, 'unicode-1-1-utf-7': decodeUtf7, 'hz-gb-2312': decodeHz, hz: decodeHz };

/** The charsets the message's parts declare, lower case, each once. */
function declaredCharsets(bytes: Uint8Array): string[] {
  const raw = new TextDecoder('latin1').decode(bytes);
  return [...new Set([...raw.matchAll(/^content-type:[^\r\n]*(?:\r?\n[ \t][^\r\n]*)*/gim)].map((m) => /charset\s*=\s*"?([^"\s;]+)/i.exec(m[0])?.[1].toLowerCase()).filter((c): c is string => !!c))];
}

export async function extractEml(bytes: Uint8Array, ctx: ExtractContext): Promise<Extraction> {
  const result: Extraction = { format: 'eml', mediaType: 'message/rfc822', parts: [], unread: [], embedded: [], info: {} };
  let email;
  try {
    // Attached messages come back as attachments: the scanner reads each as a message, with its own container.
    email = await PostalMime.parse(bytes, { forceRfc822Attachments: true, attachmentEncoding: 'arraybuffer' });
  } catch (err) {
    result.unread.push({ where: 'file', reason: 'corrupt', detail: `The message could not be parsed: ${(err as Error)?.message ?? err}.` });
    return result;
  }
  if (ctx.signal?.aborted) {
    result.unread.push({ where: 'file', reason: 'aborted', detail: 'The scan was cancelled while the message was being read.' });
    return result;
  }
  for (const boundary of unmatchedBoundaries(bytes)) {
    (result.loss ??= []).push({ where: 'message', kind: 'failed-stream', count: 1, reason: 'corrupt', detail: `The message declares the MIME boundary "${boundary}" but no line opens a part with it: its parts could not be told apart, and what they encode was not read.` });
  }
  if (email.subject?.trim()) result.parts.push(lines('subject', 'title', 'Subject', email.subject).toPart());
  const headers = new PartBuilder('headers', 'metadata', { filePart: 'message', detail: 'headers' });
  for (const line of headerLines(email)) {
    headers.append(line);
    headers.endParagraph({ kind: 'paragraph' });
  }
  if (!headers.blank) result.parts.push(headers.toPart());
  if (email.text?.trim()) result.parts.push(lines('body', 'body', 'plain-text body', email.text, true).toPart());
  const embedded = result.embedded as EmbeddedFile[];
  // A charset the parser's decoder does not know leaves the text as its raw 7-bit form: UTF-7 and
  // HZ are read here; any other unknown charset means the text may be misread, so it is a loss.
  for (const cs of declaredCharsets(bytes)) {
    let known = true;
    try {
      new TextDecoder(cs);
    } catch {
      known = false;
    }
    if (known) continue;
    const own = OWN_CHARSETS[cs];
    if (own) {
      for (const [id, t] of [['body', email.text], ['subject', email.subject]] as const) {
        const decoded = t && own(t);
        if (decoded && decoded !== t) result.parts.push(lines(`${id}@${cs}`, id === 'body' ? 'body' : 'title', `${id === 'body' ? 'plain-text body' : 'Subject'} read as ${cs}`, decoded).toPart());
      }
      if (email.html && own(email.html) !== email.html) embedded.push({ name: `body@${cs}.html`, bytes: new TextEncoder().encode(own(email.html)), origin: { filePart: 'message', detail: `HTML body read as ${cs}` } });
    } else {
      (result.loss ??= []).push({ where: 'message', kind: 'failed-stream', count: 1, detail: `A part declares the charset "${cs}", which no decoder here knows: its text may be misread.` });
    }
  }
  // Files uuencoded into a body (inline, or a part in x-uuencode) are files a mail program shows as attachments.
  const uuSources: Array<[string, string]> = email.text ? [['plain-text body', email.text]] : [];
  if (email.html?.trim()) embedded.push({ name: 'body.html', bytes: new TextEncoder().encode(email.html), origin: { filePart: 'message', detail: 'HTML body' } });
  const names = new PartBuilder('attachment-names', 'attachment-name', { filePart: 'message', detail: 'names of attachments' });
  email.attachments.forEach((a, i) => {
    const content = a.content;
    const data = typeof content === 'string' ? new TextEncoder().encode(content) : content instanceof Uint8Array ? content : new Uint8Array(content);
    const isMessage = a.mimeType === 'message/rfc822';
    const name = a.filename?.trim() || `attachment-${i + 1}${isMessage ? '.eml' : ''}`;
    if (a.filename?.trim()) {
      names.append(a.filename.trim());
      names.endParagraph({ kind: 'paragraph' });
    }
    if (a.description?.trim()) {
      names.append(a.description.trim());
      names.endParagraph({ kind: 'paragraph' });
    }
    if (data.length === 0) return;
    if (/^text\/|x-uu|octet-stream/i.test(a.mimeType) && data.length < 64 << 20) uuSources.push([`attachment ${i + 1}`, new TextDecoder('latin1').decode(data)]);
    embedded.push({ name, bytes: data, origin: { filePart: 'message', detail: `${isMessage ? 'attached message' : 'attachment'} ${i + 1} (${a.mimeType}${a.disposition ? `, ${a.disposition}` : ''})` } });
  });
  for (const [where, text] of uuSources) {
    for (const f of uudecodeBlocks(text)) embedded.push({ name: f.name || 'uuencoded', bytes: f.bytes, origin: { filePart: 'message', detail: `uuencoded file in the ${where}` } });
  }
  if (!names.blank) result.parts.push(names.toPart());
  result.info = { attachments: email.attachments.length, html: !!email.html };
  return result;
}

/** The EML {@link Extractor}: a message in, its headers and bodies out, attachments for the scanner. */
export const emlExtractor: Extractor = {
  format: 'eml',
  extract: (bytes, ctx) => extractEml(bytes, ctx),
};
