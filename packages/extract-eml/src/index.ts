/**
 * E-mail messages (EML): the subject (`title`), the other headers people write in (from, to, cc,
 * reply-to, date, and any `X-` header: `metadata`), the plain-text body (`body`), and — handed to
 * the scanner as files — the HTML body (read by the HTML reader, hidden parts and all), every
 * attachment, and every attached message (`message/rfc822`, read as a message in its turn), up to
 * the nesting limit. The names of all MIME parts are a part of their own; the headers of inner
 * parts are read too. An mbox is split into its messages, each read as a message. Parsing is postal-mime's.
 */
import PostalMime from 'postal-mime';
import { armoredCiphertext, PartBuilder, type EmbeddedFile, type ExtractContext, type Extraction, type Extractor, type Loss, type TextPart } from '@prepub/core';
import { charsetKnown, decodeHeader, PARSER_MISREADS, mislabelledCjk, OWN_CHARSETS, singleByteCharset, utf16Text, UTF16_LABEL, whatwgUtf16 } from './words.ts';

import { messageStart } from './format.ts';
import { lenientReading } from './lenient.ts';

export { emlFormat, looksLikeMessage, messageStart, type MessageStart } from './format.ts';
export { decodeHeader, decodeHz, decodeUtf7, mislabelledCjk, OWN_CHARSETS, singleByteCharset, utf16Text } from './words.ts';

/**
 * Headers that are routing and transport machinery in a syntax of their own (RFC 5322, MIME, DKIM),
 * not words anyone wrote: only their comments are read.
 */
const MACHINERY = /^(received|return-path|message-id|in-reply-to|references|mime-version|content-(?!description$)|dkim-|arc-|authentication-results|received-spf|x-received|delivered-to|subject$)/i;
/**
 * Mail vendors' own headers: mostly machinery too, but free-form (any value a vendor or a
 * classification add-in writes may stand there), so their values are read, less the addresses in
 * them (message ids, routing), which are not words anyone wrote.
 */
const VENDOR = /^(x-ms-|x-microsoft-|x-google-|x-gm-)/i;
/** Address headers: their display names are read (people write in them), the addresses are routing. */
const ADDRESS = /^(from|sender|reply-to|to|cc|bcc)$/i;

type Address = { name?: string; address?: string; group?: Address[] };

/**
 * What a mail program shows of an address header's raw value, address by address: the display
 * name (quoted strings unquoted, encoded words decoded) and every comment, `(…)`, written after it —
 * `办公室 (机密★5年)` for `办公室 (机密★5年) <office@example.cn>`. The addresses themselves
 * (`<…>`, `a@b.cn`) are routing and left out. The MIME parser drops comments: a marking written in
 * one would not be read. Read from the raw value, so that a decoded word cannot open a comment or
 * an address of its own. Encoded words no decoder knows are collected in `undecoded`. Without
 * `names`, only the comments.
 */
export function addressWords(value: string, undecoded: string[] = [], names = true): string[] {
  const out: string[] = [];
  const decode = (s: string): string => {
    const d = decodeHeader(s);
    undecoded.push(...d.undecoded);
    return d.text.replace(/\s+/g, ' ').trim();
  };
  let words: Array<{ text: string; quoted: boolean }> = [];
  let word = '';
  let quoted = false;
  let angle = false;
  let comments: string[] = [];
  const endWord = (): void => {
    if (word) words.push({ text: word, quoted });
    word = '';
    quoted = false;
  };
  const endAddress = (): void => {
    endWord();
    // The addr-spec is routing: `<a@b.cn>` when the address has one (every word before it is the
    // display name, `"机密★5年@办公室"` and `机密★5年@办公室` alike), else the bare `a@b.cn` — an
    // unquoted word of printable ASCII around one @. Anything else is shown and kept.
    const name = decode(words.filter((w) => angle || w.quoted || !/^[\x21-\x7e]+@[\x21-\x7e]+$/.test(w.text) || w.text.split('@').length !== 2).map((w) => w.text).join(' '));
    const shown = [names ? name : '', ...comments.map((c) => `(${c})`)].filter(Boolean).join(' ');
    if (shown) out.push(shown);
    words = [];
    comments = [];
    angle = false;
  };
  for (let i = 0; i < value.length; i++) {
    const c = value[i];
    if (c === '"') {
      // A quoted string, `\` quoting the next character; unterminated, it runs to the end.
      let q = '';
      for (i++; i < value.length && value[i] !== '"'; i++) q += value[i] === '\\' && i + 1 < value.length ? value[++i] : value[i];
      word += q;
      quoted = true;
    } else if (c === '(') {
      // A comment: nested parentheses and quoted pairs; unterminated, it runs to the end.
      let depth = 1;
      let t = '';
      for (i++; i < value.length; i++) {
        const d = value[i];
        if (d === '\\' && i + 1 < value.length) t += value[++i];
        else if (d === '(') (depth++, (t += d));
        else if (d === ')' && --depth === 0) break;
        else t += d;
      }
      endWord();
      const text = decode(t);
      if (text) comments.push(text);
    } else if (c === '<' && value.indexOf('>', i) > i) {
      // An angle address: routing (a comment may still stand inside it: `<a@b.cn (机密)>`).
      const close = value.indexOf('>', i);
      endWord();
      angle = true;
      for (const m of value.slice(i + 1, close).matchAll(/\(([^()]*)\)/g)) {
        const text = decode(m[1]);
        if (text) comments.push(text);
      }
      i = close;
    } else if (c === ',' || c === ';') endAddress();
    else if (c === ':') {
      // A group's name (`机密★5年: a@b.cn, c@d.cn;`) is shown like a display name.
      endAddress();
    } else if (/\s/.test(c)) endWord();
    else word += c;
  }
  endAddress();
  return out;
}

/** The display names (and group names) of a parsed address field. */
function parsedNames(a: Address | Address[] | undefined): string[] {
  const out: string[] = [];
  for (const x of Array.isArray(a) ? a : a ? [a] : []) {
    const name = x.name?.replace(/\s+/g, ' ').trim();
    if (name) out.push(name);
    if (x.group) out.push(...parsedNames(x.group));
  }
  return out;
}

/** A `metadata` part of header fields, each laid out by {@link headerFieldLines}. */
function headerPart(id: string, detail: string, fields: HeaderField[]): PartBuilder {
  const b = new PartBuilder(id, 'metadata', { filePart: 'message', detail });
  for (const f of fields) {
    for (const line of headerFieldLines(f)) {
      b.append(line);
      b.endParagraph(f.address ? { kind: 'paragraph', field: 'address' } : { kind: 'paragraph' });
    }
  }
  return b;
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
 * The header lines people write in, as `Key: value`: the display names and comments of the address
 * headers ({@link addressWords}; without `addresses`, only their comments and names in charsets
 * only this reader decodes), then every header that is not routing machinery, its encoded words
 * (RFC 2047) decoded — in UTF-7 and HZ too. Encoded words nothing decodes are pushed to `losses`
 * (when given). Shared with the Outlook (MSG) reader for its transport headers. A display name
 * the parser found (`from`, `to` …) that the raw reading does not show is added to its line: the
 * two readings differ on malformed headers, and neither may lose text.
 */
export function headerLines(email: HeaderSource, options: HeaderOptions = {}): string[] {
  return headerFields(email, options).map((f) => f.line);
}

/**
 * A header line of {@link headerFields}: `address` for an address header's names and comments, and
 * for the comments of a structured routing header (Received, Message-ID, Content-Type …), each an item of its own.
 */
export interface HeaderField {
  line: string;
  address: boolean;
  /** For a header read as text (not an address header's names): its name. */
  key?: string;
  /** For a header read as text: its value, encoded words decoded. */
  value?: string;
}

/** Options of {@link headerFields}. */
export interface HeaderOptions {
  /** Read address headers' names (false: only their comments and names in charsets only this reader decodes). */
  addresses?: boolean;
  /** Where encoded words nothing decodes are reported. */
  losses?: Loss[];
  /**
   * Subjects the caller has read already (as the message's title): a Subject header with one of
   * these values is not read again. Every other Subject header is read as a header line — a message
   * may carry two, and mail programs differ on which one they show.
   */
  subjects?: readonly string[];
}

/** A subject compared with another: blanks do not count (folding, encoded-word joins). */
const subjectKey = (s: string): string => s.replace(/\s+/g, '');

/**
 * {@link headerLines}, each line telling whether it holds an address header's names and comments:
 * readers set `Block.field` to `address` on those lines, where a whole marking standing as one
 * item marks the message.
 */
export function headerFields(email: HeaderSource, options: HeaderOptions = {}): HeaderField[] {
  const readSubjects = new Set((options.subjects ?? []).map(subjectKey));
  const out: HeaderField[] = [];
  const parsedOf: Record<string, Address | Address[] | undefined> = { From: email.from, Sender: email.sender, 'Reply-To': email.replyTo, To: email.to, Cc: email.cc, Bcc: email.bcc };
  for (const key of ['From', 'Sender', 'Reply-To', 'To', 'Cc', 'Bcc']) {
    const shownAll: string[] = [];
    for (const h of email.headers) {
      if (h.key.toLowerCase() !== key.toLowerCase()) continue;
      const undecoded: string[] = [];
      // Without addresses the caller has the display names from elsewhere (an Outlook message's
      // properties): the comments are still read, and names in charsets only this reader decodes.
      const shown = addressWords(h.value, undecoded, options.addresses !== false || decodeHeader(h.value).own);
      if (undecoded.length) options.losses?.push(undecodedLoss(`header ${h.key}`, undecoded));
      if (shown.length) out.push({ line: `${key}: ${shown.join('; ')}`, address: true });
      shownAll.push(...shown);
    }
    if (options.addresses === false) continue;
    const seen = shownAll.join(' ').replace(/\s+/g, '');
    // An encoded word the parser left as it was is one this reader decoded (or reported) above.
    const missing = parsedNames(parsedOf[key]).filter((n) => !/=\?[^?]+\?[bqBQ]\?/.test(n) && !seen.includes(n.replace(/\s+/g, '')));
    if (missing.length) out.push({ line: `${key}: ${missing.join('; ')}`, address: true });
  }
  for (const h of email.headers) {
    if (ADDRESS.test(h.key)) continue;
    if (/^subject$/i.test(h.key)) {
      // The one read as the title once: not again (compared raw first: the caller passes raw values).
      if (readSubjects.delete(subjectKey(h.value))) continue;
      const d = decodeHeader(h.value);
      if (readSubjects.delete(subjectKey(d.text))) continue;
      if (d.undecoded.length) options.losses?.push(undecodedLoss(`header ${h.key}`, d.undecoded));
      if (d.text.trim()) out.push({ line: `${h.key}: ${d.text}`, address: false, key: h.key, value: d.text });
      continue;
    }
    if (MACHINERY.test(h.key)) {
      // Routing headers are machinery, but a comment, `(…)`, anywhere in a structured header is free
      // text (encoded words allowed) that a mail program shows in the message source: it is read.
      const undecoded: string[] = [];
      const comments = addressWords(h.value, undecoded, false).map(withoutAddresses).filter((c) => c.replace(/[()\s]/g, ''));
      if (undecoded.length) options.losses?.push(undecodedLoss(`header ${h.key}`, undecoded));
      // Each comment is one item of its own, as an address's comment is: a whole mark in one marks the message.
      if (comments.length) out.push({ line: `${h.key}: ${comments.join(' ')}`, address: true });
      continue;
    }
    // postal-mime leaves encoded words in header values: a marking in one would be read as base64.
    const d = decodeHeader(h.value);
    if (d.undecoded.length) options.losses?.push(undecodedLoss(`header ${h.key}`, d.undecoded));
    const value = VENDOR.test(h.key) ? withoutAddresses(d.text).trim() : d.text;
    if (value) out.push({ line: `${h.key}: ${value}`, address: false, key: h.key, value });
  }
  return out;
}

/**
 * The lines a header read as text is laid out in: its name on a line of its own, then its value, so
 * that a classification written as a header's value (`X-Security-Classification: TOP SECRET//NOFORN`)
 * stands alone on its line as a marking does on a page. A value that is a list of parameters
 * (`a=1; b="2"`, as Microsoft's `msip_labels` names a message's sensitivity labels:
 * `MSIP_Label_<id>_Name=机密; …`) has each parameter's value on a line of its own, under its name.
 * An address header's line (names and comments) is one line.
 */
export function headerFieldLines(field: HeaderField): string[] {
  if (field.address || field.key === undefined || field.value === undefined) return [field.line];
  const params = parameterList(field.value);
  const value = params ? params.flatMap(([name, v]) => [`${name}:`, v]) : field.value.split(/\r\n|\r|\n/);
  return [`${field.key}:`, ...value];
}

/** `name=value` items separated by `;` (values quoted or not), or undefined when the value is not such a list. */
function parameterList(value: string): Array<[string, string]> | undefined {
  const items: string[] = [];
  let item = '';
  for (let i = 0; i < value.length; i++) {
    const c = value[i];
    if (c === '"') {
      const close = value.indexOf('"', i + 1);
      const end = close < 0 ? value.length : close;
      item += value.slice(i, end + 1);
      i = end;
    } else if (c === ';') (items.push(item), (item = ''));
    else item += c;
  }
  items.push(item);
  const out: Array<[string, string]> = [];
  for (const it of items) {
    if (!it.trim()) continue;
    const m = /^\s*([A-Za-z0-9_.*-]+)\s*=\s*([\s\S]*?)\s*$/.exec(it);
    if (!m) return undefined;
    const v = m[2];
    out.push([m[1], v.startsWith('"') ? v.slice(1, v.length > 1 && v.endsWith('"') ? -1 : undefined) : v]);
  }
  return out.length ? out : undefined;
}

/**
 * A routing comment less the addresses in it (`(envelope-from <a@b.cn>)`, `(authenticated sender:
 * a@b.cn)`): they are routing, like the addresses outside comments.
 */
function withoutAddresses(comment: string): string {
  return comment.replace(/<[^<>\s]*@[^<>\s]*>|(?<![\x21-\x27\x2a-\x7e])[\x21-\x27\x2a-\x7e]+@[\x21-\x27\x2a-\x7e]+(?![\x21-\x27\x2a-\x7e])/g, '').replace(/\s+/g, ' ');
}

/** The loss for encoded words no decoder knows. */
function undecodedLoss(where: string, words: string[]): Loss {
  return { where, kind: 'undecodable-bytes', count: words.length, reason: 'corrupt', detail: `${words.length} encoded word${words.length > 1 ? 's' : ''} (${words.slice(0, 3).join(' ')}${words.length > 3 ? ' …' : ''}) in a charset or encoding no decoder here knows: the text a mail program shows there was not read.` };
}

/**
 * The multipart boundaries of a message whose delimiter lines do not hold the parts, from one pass
 * over the raw message:
 * - `unmatched`: declared (in a multipart Content-Type header) but no line opens a part with it; the
 *   parts behind it cannot be told apart, so the parser reads them as one body of raw MIME (base64
 *   and all) and what they encode is not read;
 * - `unclosed`: parts are opened but no `--boundary--` line closes them; the message ends inside the
 *   multipart body, so it was cut short, and whatever followed is not in the file to be read (a mail
 *   program shows what is left without a word).
 */
export function boundaryDamage(bytes: Uint8Array): { unmatched: string[]; unclosed: string[] } {
  const raw = new TextDecoder('latin1').decode(bytes);
  const out = { unmatched: [] as string[], unclosed: [] as string[] };
  for (const m of raw.matchAll(/^content-type:[ \t]*multipart\/[^\r\n]*(?:\r?\n[ \t][^\r\n]*)*/gim)) {
    const b = /boundary\s*=\s*(?:"([^"\r\n]+)"|([^\s;"]+))/i.exec(m[0]);
    const boundary = b?.[1] ?? b?.[2];
    if (!boundary) continue;
    // A delimiter line is `--boundary` at the start of a line (transport padding may follow); the
    // closing one has `--` right after the boundary.
    let opened = false;
    let closed = false;
    for (let at = raw.indexOf(`--${boundary}`, m.index); at >= 0 && !closed; at = raw.indexOf(`--${boundary}`, at + 1)) {
      if (at !== 0 && raw[at - 1] !== '\n') continue;
      if (raw.startsWith('--', at + 2 + boundary.length)) closed = true;
      else opened = true;
    }
    if (!opened && !closed) out.unmatched.push(boundary);
    else if (opened && !closed) out.unclosed.push(boundary);
  }
  return out;
}

/**
 * The text a multipart body holds outside its parts: the preamble (before the first delimiter line)
 * and the epilogue (after the closing one). MIME readers hide both, but a mail program that is not
 * MIME-aware, or the message's source, shows them: a parser drops them, so they are found here on
 * the raw message. Each piece is decoded as UTF-8, or GB18030 when it is not UTF-8.
 */
export function multipartMargins(bytes: Uint8Array): string[] {
  const raw = new TextDecoder('latin1').decode(bytes);
  const heads = [...raw.matchAll(/^content-type:[ \t]*multipart\/[^\r\n]*(?:\r?\n[ \t][^\r\n]*)*/gim)];
  const boundaries: Array<{ at: number; boundary: string }> = [];
  for (const m of heads) {
    const b = /boundary\s*=\s*(?:"([^"\r\n]+)"|([^\s;"]+))/i.exec(m[0]);
    const boundary = b?.[1] ?? b?.[2];
    // Past 256 multipart headers (a crafted message) the rest are not searched for margins: each costs a pass.
    if (boundary && boundaries.length < 256) boundaries.push({ at: m.index, boundary });
  }
  // Every delimiter line of each boundary, found in one pass a boundary (as boundaryDamage does).
  const delims = new Map<string, Array<{ at: number; closing: boolean }>>();
  for (const { boundary } of boundaries) {
    if (delims.has(boundary)) continue;
    const list: Array<{ at: number; closing: boolean }> = [];
    for (let at = raw.indexOf(`--${boundary}`); at >= 0; at = raw.indexOf(`--${boundary}`, at + 1)) {
      if (at === 0 || raw[at - 1] === '\n') list.push({ at, closing: raw.startsWith('--', at + 2 + boundary.length) });
    }
    delims.set(boundary, list);
  }
  /** The first delimiter line of `boundary` at or after `from` (closing ones only, or opening ones only, when told), or -1. */
  const line = (boundary: string, from: number, closing?: boolean): number =>
    delims.get(boundary)!.find((l) => l.at >= from && (closing === undefined || l.closing === closing))?.at ?? -1;
  const decode = (piece: string): string => {
    const b = Buffer.from(piece, 'latin1');
    try {
      return new TextDecoder('utf-8', { fatal: true }).decode(b);
    } catch {
      return new TextDecoder('gb18030').decode(b);
    }
  };
  const out: string[] = [];
  for (const { at, boundary } of boundaries) {
    // The preamble: from the blank line that ends this header block to the first delimiter line.
    const blank = /\r?\n\r?\n/g;
    blank.lastIndex = at;
    const end = blank.exec(raw);
    const first = line(boundary, at);
    if (end && first >= 0 && end.index + end[0].length <= first) out.push(decode(raw.slice(end.index + end[0].length, first)));
    // The epilogue: from the closing delimiter line to the next delimiter line of another boundary
    // (an enclosing multipart's), or the end. Lines of its own boundary after the close delimit
    // nothing (a parser reads them as epilogue), so they do not end it: text past a second close,
    // or a "part" opened after the close, is still read here.
    const close = line(boundary, at, true);
    if (close < 0) continue;
    const after = raw.indexOf('\n', close);
    if (after < 0) continue;
    let stop = raw.length;
    for (const o of boundaries) {
      if (o.boundary === boundary) continue;
      const next = line(o.boundary, after + 1);
      if (next >= 0 && next < stop) stop = next;
    }
    out.push(decode(raw.slice(after + 1, stop)));
  }
  return out.map((t) => t.trim()).filter(Boolean);
}

/**
 * Bodies declared base64 that are no base64: text written as it is under a
 * `Content-Transfer-Encoding: base64` header (a message edited by hand, a broken gateway). The
 * parser drops every letter outside base64's alphabet and decodes the rest into noise, so the
 * words a mail program's source view, or a reader of the file, shows were never read. Found on the
 * raw message: from each such header to the end of its header block, the body up to the next
 * `--` line; a body counts when it holds a byte beyond ASCII or a line with a space inside it.
 */
export function undecodedBase64Bodies(bytes: Uint8Array): Uint8Array[] {
  const raw = new TextDecoder('latin1').decode(bytes);
  const out: Uint8Array[] = [];
  for (const m of raw.matchAll(/^content-transfer-encoding:[ \t]*base64[ \t]*\r?$/gim)) {
    const blank = /\r?\n\r?\n/g;
    blank.lastIndex = m.index;
    const head = blank.exec(raw);
    if (!head) continue;
    const start = head.index + head[0].length;
    const next = /^--/m;
    const rest = raw.slice(start);
    const end = next.exec(rest);
    const body = end ? rest.slice(0, end.index) : rest;
    if (/[^\x00-\x7f]/.test(body) || /^[ \t]*\S+[ \t]+\S/m.test(body)) out.push(new Uint8Array(Buffer.from(body, 'latin1')));
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

/** What the reader needs of a node of postal-mime's MIME tree (`PostalMime#root`). */
interface MimeNode {
  childNodes: MimeNode[];
  headers?: Array<{ key: string; value: string }>;
  contentTransferEncoding?: { value: string; encoding: string };
  contentDescription?: string;
  contentType: { parsed: { value: string; params: Record<string, string> } };
  contentDisposition: { parsed: { value: string; params: Record<string, string> } };
  content: ArrayBuffer | null;
}

/** A leaf of the MIME tree: its part number (IMAP style, `1.2`) and what it declares. */
interface Leaf {
  path: string;
  node: MimeNode;
  mimeType: string;
  charset?: string;
  /** The file name as written (encoded words and all). */
  rawName?: string;
  /** The charset of an RFC 2231 file name (`filename*=utf-7''…`), which the parser has already applied. */
  nameCharset?: string;
  /** The transfer encoding as the parser understood it (`base64`, `7bit`, a misspelling …). */
  transfer: string;
}

/** Every node of the MIME tree below the root (multipart containers and leaves), with its part number. */
function subparts(root: MimeNode): Array<{ path: string; node: MimeNode }> {
  const out: Array<{ path: string; node: MimeNode }> = [];
  const walk = (n: MimeNode, path: string): void => {
    n.childNodes?.forEach((c, i) => {
      const p = path ? `${path}.${i + 1}` : `${i + 1}`;
      out.push({ path: p, node: c });
      walk(c, p);
    });
  };
  walk(root, '');
  return out;
}

/**
 * The names a MIME part carries, as the parser left them (RFC 2231 forms joined and decoded,
 * encoded words not): Content-Disposition's `filename` and Content-Type's `name`, both when they
 * differ, each with the charset its RFC 2231 form declares.
 */
function namesOf(n: MimeNode): Array<{ raw: string; charset?: string }> {
  const out: Array<{ raw: string; charset?: string }> = [];
  const charsetOf = (header: string, param: RegExp): string | undefined => {
    for (const h of n.headers ?? []) {
      if (h.key !== header) continue;
      const m = param.exec(h.value);
      if (m?.[1]) return m[1].toLowerCase();
    }
    return undefined;
  };
  const filename = n.contentDisposition?.parsed?.params?.filename;
  if (filename?.trim()) out.push({ raw: filename, charset: charsetOf('content-disposition', /filename\*(?:0\*?)?\s*=\s*"?([^'";\s]*)'/i) });
  const name = n.contentType?.parsed?.params?.name;
  if (name?.trim() && name !== filename) out.push({ raw: name, charset: charsetOf('content-type', /(?:^|[;\s])name\*(?:0\*?)?\s*=\s*"?([^'";\s]*)'/i) });
  // Every other plain `name=` / `filename=` the part's headers write: a parameter given twice
  // (`filename="report.txt"; filename="机密★5年.txt"`), or a Content-Type / Content-Disposition
  // header given twice, keeps one value in the parser, and mail programs differ on which they show.
  for (const h of n.headers ?? []) {
    if (h.key !== 'content-disposition' && h.key !== 'content-type') continue;
    for (const m of h.value.matchAll(/(?:^|;)\s*(?:file)?name\s*=\s*(?:"((?:[^"\\]|\\.)*)"?|([^;\s]+))/gi)) {
      const v = (m[1] ?? m[2] ?? '').replace(/\\(.)/g, '$1');
      if (v.trim() && !out.some((o) => o.raw === v)) out.push({ raw: v });
    }
  }
  return out;
}

function leaves(root: MimeNode): Leaf[] {
  const out: Leaf[] = [];
  const walk = (n: MimeNode, path: string): void => {
    if (n.childNodes?.length) {
      n.childNodes.forEach((c, i) => walk(c, path ? `${path}.${i + 1}` : `${i + 1}`));
      return;
    }
    const params = n.contentType?.parsed?.params ?? {};
    const rawName = n.contentDisposition?.parsed?.params?.filename || params.name || undefined;
    let nameCharset: string | undefined;
    for (const h of n.headers ?? []) {
      if (h.key !== 'content-disposition' && h.key !== 'content-type') continue;
      const m = /(?:file)?name\*(?:0\*)?\s*=\s*"?([^'";\s]*)'/i.exec(h.value);
      if (m?.[1]) nameCharset = m[1].toLowerCase();
    }
    out.push({ path: path || '1', node: n, mimeType: n.contentType?.parsed?.value ?? 'text/plain', charset: params.charset?.trim().toLowerCase() || undefined, rawName, nameCharset, transfer: n.contentTransferEncoding?.encoding ?? '' });
  };
  walk(root, '');
  return out;
}

/**
 * What a mail program shows of text/enriched or text/richtext: `<param>…</param>` dropped, other
 * commands dropped, `<<` one `<`; in text/enriched a lone line break is a space and n > 1 breaks
 * are n − 1; in text/richtext `<nl>` is the line break and raw line breaks are spaces.
 */
export function enrichedText(raw: string, richtext: boolean): string {
  let t = raw.replace(/<param>[\s\S]*?<\/param>/gi, '');
  if (richtext) t = t.replace(/\r?\n/g, ' ').replace(/<nl>/gi, '\n');
  else t = t.replace(/(\r?\n)+/g, (m) => (m.match(/\n/g)!.length === 1 ? ' ' : '\n'.repeat(m.match(/\n/g)!.length - 1)));
  return t.replace(/<<|<\/?[A-Za-z][A-Za-z0-9-]{0,60}>/g, (m) => (m === '<<' ? '<' : ''));
}

/** A uuencode block larger than this is not decoded (its text would be held whole): a loss instead. */
const MAX_UU_BLOCK = 64 << 20;
const BEGIN = Buffer.from('begin');

/**
 * The uuencoded files in `data`, found on the bytes: only the lines from each `begin` at a line
 * start to its `end`/`====` line are decoded as text, so an attachment of any size is searched.
 * Blocks over {@link MAX_UU_BLOCK} are returned as sizes instead.
 */
function uuFiles(data: Uint8Array): { files: Array<{ name: string; bytes: Uint8Array }>; tooLarge: number[] } {
  const buf = Buffer.from(data.buffer, data.byteOffset, data.length);
  const files: Array<{ name: string; bytes: Uint8Array }> = [];
  const tooLarge: number[] = [];
  for (let at = buf.indexOf(BEGIN); at >= 0; at = buf.indexOf(BEGIN, at + 1)) {
    if (at > 0 && buf[at - 1] !== 0x0a) continue;
    const b64 = buf[at + 5] === 0x2d; // begin-base64
    let end = buf.indexOf(b64 ? '\n====' : '\nend', at);
    end = end < 0 ? buf.length : Math.min(buf.length, end + 6);
    if (end - at > MAX_UU_BLOCK) {
      tooLarge.push(end - at);
      at = end - 1;
      continue;
    }
    const found = uudecodeBlocks(buf.subarray(at, end).toString('latin1'));
    files.push(...found);
    if (found.length) at = end - 1;
  }
  return { files, tooLarge };
}

/**
 * Transfer encodings read as declared: postal-mime decodes any name holding `base64` or
 * `quoted-printable`; the identity encodings (and their misspellings) travel as they are; uuencode
 * is searched for below.
 */
const KNOWN_TRANSFER = /base64|quoted-printable|^([78][- ]?bits?|binary|none|plain|text|x-uuencode|x-uue|uuencode|uue)$/i;

/** Transfer encodings under which a body travels as it is. */
const IDENTITY_TRANSFER = /^([78][- ]?bits?|binary|none|plain|text)$/i;

/**
 * Whether a body is base64 through and through: only its alphabet, at least one line of 40
 * characters or more (prose has spaces; a short word is no evidence), padding only at the end.
 */
function looksBase64(raw: string): boolean {
  const lines = raw.split(/\r?\n/).map((l) => l.trim()).filter((l) => l.length > 0);
  if (lines.length === 0 || !lines.some((l) => l.length >= 40)) return false;
  const compact = lines.join('');
  return compact.length % 4 === 0 && /^[A-Za-z0-9+/]+={0,2}$/.test(compact);
}

/**
 * What a part in an unknown transfer encoding looks like it encodes: base64 when its lines are of
 * that alphabet only, quoted-printable when it holds `=XX` escapes or soft breaks. Undefined otherwise.
 */
function guessTransfer(raw: string): { encoding: 'base64' | 'quoted-printable'; bytes: Uint8Array } | undefined {
  const compact = raw.replace(/\s+/g, '');
  if (compact.length >= 4 && /^[A-Za-z0-9+/]+={0,2}$/.test(compact)) return { encoding: 'base64', bytes: new Uint8Array(Buffer.from(compact, 'base64')) };
  if (/=[0-9A-Fa-f]{2}|=\r?\n/.test(raw)) {
    const bin = raw.replace(/=\r?\n/g, '').replace(/=([0-9A-Fa-f]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
    return { encoding: 'quoted-printable', bytes: new Uint8Array(Buffer.from(bin, 'latin1')) };
  }
  return undefined;
}

/**
 * The messages of an mbox mailbox: byte ranges of each message's header block and body, the
 * `From ` separator line left out. A separator is a `From ` line (sender, then a date) at the start
 * of the file or after a blank line, with a header line right after it; a `From ` line in a body
 * that is not quoted (`>From `) and is not followed by headers stays in the body.
 */
export function mboxMessages(bytes: Uint8Array): Array<{ start: number; end: number; envelope: string }> {
  const first = messageStart(bytes);
  if (first.envelope === undefined) return [];
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
  const line = (at: number): string => {
    const nl = buf.indexOf(0x0a, at);
    return buf.toString('latin1', at, nl < 0 ? buf.length : Math.min(nl, at + 1024)).replace(/\r$/, '');
  };
  const out = [{ start: first.start, end: bytes.length, envelope: line(first.envelope) }];
  for (let at = buf.indexOf('\nFrom ', first.start); at >= 0; at = buf.indexOf('\nFrom ', at + 1)) {
    const from = at + 1;
    // After a blank line (LF or CRLF ones).
    const blank = buf[at - 1] === 0x0a || (buf[at - 1] === 0x0d && buf[at - 2] === 0x0a);
    if (!blank) continue;
    const envelope = line(from);
    if (!/^From \S+[ \t]+[^\r\n]*\d/.test(envelope)) continue;
    const nl = buf.indexOf(0x0a, from);
    if (nl < 0 || !/^[!-9;-~]+:/.test(line(nl + 1))) continue;
    out[out.length - 1].end = from;
    out.push({ start: nl + 1, end: bytes.length, envelope });
  }
  return out;
}

/**
 * Reads a message (or an mbox of messages): subject, headers, bodies and the names of its parts as
 * text parts; the HTML body, attachments, attached messages and an mbox's messages as embedded files.
 */
export async function extractEml(input: Uint8Array, ctx: ExtractContext): Promise<Extraction> {
  const result: Extraction = { format: 'eml', mediaType: 'message/rfc822', parts: [], unread: [], embedded: [], info: {} };
  const loss = (l: Loss): void => void (result.loss ??= []).push(l);
  // An mbox of several messages: each is handed to the scanner as a message of its own, so every
  // one is read (with its attachments) and findings name the message they stand in.
  const mailbox = mboxMessages(input);
  if (mailbox.length > 1) return readMailbox(input, mailbox, ctx, result);
  // A BOM, blank lines or an mbox `From ` line before the headers would make the parser take the
  // whole message for a body (its base64 never decoded): the message starts at its first header.
  const bytes = input.subarray(messageStart(input).start);
  let email;
  // Attached messages come back as attachments: the scanner reads each as a message, with its own container.
  const parser = new PostalMime({ forceRfc822Attachments: true, attachmentEncoding: 'arraybuffer' });
  try {
    email = await parser.parse(bytes);
  } catch (err) {
    result.unread.push({ where: 'file', reason: 'corrupt', detail: `The message could not be parsed: ${(err as Error)?.message ?? err}.` });
    return result;
  }
  if (ctx.signal?.aborted) {
    result.unread.push({ where: 'file', reason: 'aborted', detail: 'The scan was cancelled while the message was being read.' });
    return result;
  }
  const boundaries = boundaryDamage(bytes);
  for (const boundary of boundaries.unmatched) {
    loss({ where: 'message', kind: 'failed-stream', count: 1, reason: 'corrupt', detail: `The message declares the MIME boundary "${boundary}" but no line opens a part with it: its parts could not be told apart, and what they encode was not read.` });
  }
  for (const boundary of boundaries.unclosed) {
    loss({ where: 'message', kind: 'failed-stream', count: 1, reason: 'corrupt', detail: `The message ends inside the multipart body of boundary "${boundary}" (no closing "--${boundary}--" line): it was cut short, and what followed is not in the file.` });
  }
  // Header blocks a lenient mail program ends earlier (at a line that is no field) or reads with the
  // other copy of a repeated Content-Type / Content-Transfer-Encoding: the message so read is
  // scanned as a message of its own, beside the parser's reading (see lenient.ts).
  const lenient = lenientReading(bytes);
  if (lenient.bytes) {
    const why = [lenient.bodiesStarted ? `${lenient.bodiesStarted} header block${lenient.bodiesStarted > 1 ? 's' : ''} ended at the first line that is no header field` : '', lenient.copiesDropped ? `${lenient.copiesDropped} header block${lenient.copiesDropped > 1 ? 's' : ''} read with the last copy of a repeated Content-Type or Content-Transfer-Encoding` : ''].filter(Boolean).join(', ');
    (result.embedded as EmbeddedFile[]).push({ name: 'message as read leniently.eml', bytes: lenient.bytes, origin: { filePart: 'message', detail: `the message as a lenient mail program reads it: ${why}` } });
  }
  // The subject from its raw header: encoded words in UTF-7 or HZ are decoded, unknown ones a loss.
  // A message may carry several Subject headers (the parser keeps the first; mail programs differ on
  // which they show): each is a line of the title.
  const rawSubjects = email.headers.filter((h) => h.key === 'subject').map((h) => h.value);
  const subjects: string[] = [];
  rawSubjects.forEach((raw, i) => {
    const d = decodeHeader(raw);
    if (d.undecoded.length) loss(undecodedLoss('header Subject', d.undecoded));
    subjects.push(i === 0 && !d.own ? (email.subject ?? d.text) : d.text);
  });
  if (!rawSubjects.length && email.subject) subjects.push(email.subject);
  // A subject written in raw 8-bit bytes (no encoded words) that are no UTF-8: the parser shows
  // replacement characters; a Chinese mail program shows the GB18030 (else Big5) letters they are.
  // Bytes that read whole as GB18030 may be Big5 all the same (GB18030 takes most byte pairs): a
  // Big5 reading that also reads whole is a title of its own (subject@big5).
  const rawSubjectBytes = rawHeaderValues(bytes, 'subject');
  const otherSubjectReadings: Array<[string, string]> = [];
  subjects.forEach((t, i) => {
    if (!t.includes('\uFFFD')) return;
    const [first, ...others] = legacyReadings(rawSubjectBytes[i]);
    if (!first) return;
    subjects[i] = first[1];
    for (const r of others) if (r[1] !== first[1]) otherSubjectReadings.push(r);
  });
  // Each a title of its own, as the one a mail program shows stands alone at the top.
  subjects.filter((t, i) => t.trim() && subjects.findIndex((o) => subjectKey(o) === subjectKey(t)) === i).forEach((t, i) => result.parts.push(lines(i ? `subject-${i + 1}` : 'subject', 'title', i ? `Subject header ${i + 1}` : 'Subject', t).toPart()));
  otherSubjectReadings.forEach(([cs, t], k) => result.parts.push(lines(`subject@${cs}${k ? `-${k + 1}` : ''}`, 'title', `Subject read as ${cs}`, t).toPart()));
  const headers = headerPart('headers', 'headers', headerFields(email, { losses: (result.loss ??= []), subjects: rawSubjects }));
  if (!headers.blank) result.parts.push(headers.toPart());
  // Text outside the MIME parts (a preamble, an epilogue): hidden from MIME readers, still in the message.
  const margins = multipartMargins(bytes);
  if (margins.length) result.parts.push(lines('mime-margins', 'hidden', 'text outside the MIME parts (preamble, epilogue)', margins.join('\n')).toPart());
  const tree = (parser as unknown as { root?: MimeNode }).root;
  const parts = tree ? leaves(tree) : [];
  const embedded = result.embedded as EmbeddedFile[];
  const attachmentOf = new Map<ArrayBuffer, number>();
  email.attachments.forEach((a, i) => {
    if (a.content instanceof ArrayBuffer) attachmentOf.set(a.content, i);
  });
  // A body in UTF-16 whose byte order the parser did not follow: it reads every UTF-16 label but
  // `utf-16be` as little-endian, byte order mark or not, so a big-endian body (a BOM FE FF, or none,
  // as RFC 2781 has `utf-16` without one) became scattered signs. Read in the order a mail program
  // reads it as well (see utf16Text). Attachments go to the scanner as bytes, whose text reader
  // tells the order itself.
  let rereadHtml = 0;
  let plainText = email.text ?? '';
  for (const leaf of parts) {
    const cs = leaf.charset;
    if (!leaf.node.content || !cs || !UTF16_LABEL.test(cs) || attachmentOf.has(leaf.node.content)) continue;
    if (!/^text\//i.test(leaf.mimeType)) continue;
    const r = utf16Text(new Uint8Array(leaf.node.content), cs);
    if (r.encoding === whatwgUtf16(cs)) continue;
    const detail = `part ${leaf.path} (${leaf.mimeType}), labelled ${cs}, read as ${r.encoding}`;
    if (/html/i.test(leaf.mimeType)) {
      embedded.push({ name: `body-${leaf.path}@${r.encoding}.html`, bytes: new TextEncoder().encode('\uFEFF' + r.text), origin: { filePart: 'message', detail } });
      rereadHtml++;
    } else {
      result.parts.push(lines(`body@${r.encoding}:${leaf.path}`, 'body', detail, r.text, true).toPart());
      // The parser's reading of it, scattered signs, is left out of the plain-text body.
      const misread = new TextDecoder(whatwgUtf16(cs)).decode(leaf.node.content).replace(/\r?\n/g, '\n').replace(/\n+$/, '');
      if (misread && plainText.includes(misread)) plainText = plainText.replace(misread, '');
    }
  }
  // A body in a Chinese charset label the parser does not know (EUC-CN, GB18030-2000, ISO-2022-CN …): the parser
  // showed Latin-1 letters, which are left out; the body is read in its charset below.
  for (const leaf of parts) {
    const cs = leaf.charset;
    if (!cs || !PARSER_MISREADS.has(cs) || !leaf.node.content || attachmentOf.has(leaf.node.content) || !/^text\/plain$/i.test(leaf.mimeType)) continue;
    const misread = new TextDecoder('windows-1252').decode(leaf.node.content).replace(/\r?\n/g, '\n').replace(/\n+$/, '');
    if (misread && plainText.includes(misread)) plainText = plainText.replace(misread, '');
  }
  // A text body with no charset parameter whose bytes are no UTF-8 (Word's single-file web page names
  // GB2312 only in its <meta charset>; a GBK body sent unlabelled): the parser read it as UTF-8,
  // replacement characters for every Chinese letter. Its bytes go to the readers as a file, which
  // honour <meta charset> and tell GBK, Big5 and the rest by the bytes; the misreading is left out.
  for (const leaf of parts) {
    if (leaf.charset || !leaf.node.content || attachmentOf.has(leaf.node.content) || !/^text\/(plain|html)$/i.test(leaf.mimeType)) continue;
    const raw = new Uint8Array(leaf.node.content);
    if (isUtf8(raw)) continue;
    const html = /html/i.test(leaf.mimeType);
    embedded.push({ name: `body-${leaf.path}@bytes${html ? '.html' : '.txt'}`, bytes: raw, origin: { filePart: 'message', detail: `part ${leaf.path} (${leaf.mimeType}) without a charset, read by its bytes${html ? ' and its <meta charset>' : ''}` } });
    if (html) rereadHtml++;
    else {
      const misread = new TextDecoder('utf-8').decode(raw).replace(/\r?\n/g, '\n').replace(/\n+$/, '');
      if (misread && plainText.includes(misread)) plainText = plainText.replace(misread, '');
    }
  }
  if (plainText.trim()) result.parts.push(lines('body', 'body', 'plain-text body', plainText, true).toPart());
  // A body that is a PGP message in armor (PGP/inline) reads as letters: it is sealed, not read.
  const sealed = email.text ? armoredCiphertext(email.text) : undefined;
  if (sealed) result.unread.push({ where: 'plain-text body', reason: 'encrypted', detail: `The body holds ${sealed.kind} in ASCII armor (${sealed.count} block${sealed.count > 1 ? 's' : ''}): its content is encrypted and cannot be read without the key.` });
  /** Where a MIME part stands, in words: `part 2 (attachment "a.txt", text/plain)`. */
  const partWhere = (leaf: Leaf): string => {
    const i = leaf.node.content ? attachmentOf.get(leaf.node.content) : undefined;
    const name = i !== undefined ? email.attachments[i].filename?.trim() : undefined;
    return `part ${leaf.path} (${i !== undefined ? `attachment ${i + 1}${name ? ` "${name}"` : ''}` : 'body'}, ${leaf.mimeType})`;
  };
  // A fragment of a message split with message/partial (RFC 2046 5.2.2) holds only part of that
  // message: a base64 attachment may begin in one fragment and end in another, its headers in the
  // first. Unless it is the only fragment (number=1, total=1), what the whole message shows cannot be
  // read from this file: unread. Its bytes are still handed on as text (read as they stand).
  for (const leaf of parts) {
    if (!/^message\/partial$/i.test(leaf.mimeType)) continue;
    const params = leaf.node.contentType?.parsed?.params ?? {};
    const number = Number(params.number);
    const total = Number(params.total);
    if (number === 1 && total === 1) continue;
    result.unread.push({ where: partWhere(leaf), reason: 'unsupported-format', detail: `The part is fragment ${Number.isFinite(number) ? number : '?'} of ${Number.isFinite(total) ? total : 'an unknown number of'} fragments of a message split with message/partial${params.id ? ` (id ${params.id})` : ''}: the others are not in this file, so the message it belongs to was not read whole.` });
    if (leaf.node.content && !attachmentOf.has(leaf.node.content)) embedded.push({ name: `fragment-${Number.isFinite(number) ? number : 'x'}.txt`, bytes: new Uint8Array(leaf.node.content), origin: { filePart: 'message', detail: `fragment of a message/partial (part ${leaf.path})` } });
  }
  // A charset the parser's decoder does not know leaves a part's text as its raw 7-bit form: UTF-7
  // and HZ are read here, part by part (bodies and attachments alike); any other unknown charset
  // means the part may be misread, so it is a loss located at the part.
  const ownBodyCharsets = new Set<string>();
  const ownIds = new Set<string>();
  for (const leaf of parts) {
    const cs = leaf.charset;
    if (!cs || !/^text\//i.test(leaf.mimeType) || charsetKnown(cs) && !OWN_CHARSETS[cs]) continue;
    const own = OWN_CHARSETS[cs];
    if (!own) {
      loss({ where: partWhere(leaf), kind: 'failed-stream', count: 1, detail: `The part declares the charset "${cs}", which no decoder here knows: its text may be misread.` });
      continue;
    }
    if (!leaf.node.content) continue;
    const raw = Buffer.from(leaf.node.content).toString('latin1');
    const decoded = own(raw);
    if (decoded === raw) continue;
    const html = /^text\/html$/i.test(leaf.mimeType);
    const i = attachmentOf.get(leaf.node.content);
    if (i !== undefined) {
      const a = email.attachments[i];
      const base = a.filename?.trim() || `attachment-${i + 1}`;
      embedded.push({ name: `${base}@${cs}${html ? '.html' : '.txt'}`, bytes: new TextEncoder().encode(decoded), origin: { filePart: 'message', detail: `attachment ${i + 1} (${leaf.mimeType}) read as ${cs}` } });
    } else if (html) {
      embedded.push({ name: `body-${leaf.path}@${cs}.html`, bytes: new TextEncoder().encode(decoded), origin: { filePart: 'message', detail: `HTML body (part ${leaf.path}) read as ${cs}` } });
      ownBodyCharsets.add(cs);
    } else {
      const id = ownIds.has(`body@${cs}`) ? `body@${cs}:${leaf.path}` : `body@${cs}`;
      ownIds.add(id);
      result.parts.push(lines(id, 'body', `plain-text body (part ${leaf.path}) read as ${cs}`, decoded).toPart());
      ownBodyCharsets.add(cs);
    }
  }
  // A body labelled with a one-byte charset (iso-8859-1, windows-1252, us-ascii) whose bytes are
  // Chinese in GB18030, Big5 or UTF-8: old mail programs and gateways label so. The parser shows
  // Latin-1 letters, which hold no marking and no control character; a Chinese mail program
  // (and a reader switching the encoding) shows the words. They are read as well.
  for (const leaf of parts) {
    const cs = leaf.charset;
    if (!leaf.node.content || !cs || !singleByteCharset(cs) || attachmentOf.has(leaf.node.content)) continue;
    if (!/^text\/(plain|html)$/i.test(leaf.mimeType)) continue;
    const cjk = mislabelledCjk(new Uint8Array(leaf.node.content));
    if (!cjk) continue;
    const detail = `part ${leaf.path} (${leaf.mimeType}), labelled ${cs}, read as the ${cjk.encoding} its bytes are`;
    if (/html/i.test(leaf.mimeType)) {
      // With a UTF-8 byte order mark, which the HTML reader takes before any <meta charset>.
      embedded.push({ name: `body-${leaf.path}@${cjk.encoding}.html`, bytes: new TextEncoder().encode('\uFEFF' + cjk.text), origin: { filePart: 'message', detail } });
    } else result.parts.push(lines(`body@${cjk.encoding}:${leaf.path}`, 'body', detail, cjk.text, true).toPart());
  }
  // text/enriched (RFC 1896) and text/richtext (RFC 1341): formatting commands in angle brackets
  // between the letters (<bold>机</bold><bold>密</bold>★5年). A mail program shows the text without
  // them: read so too.
  for (const leaf of parts) {
    if (!leaf.node.content || !/^text\/(enriched|richtext)$/i.test(leaf.mimeType)) continue;
    const raw = new TextDecoder(leaf.charset && charsetKnown(leaf.charset) ? leaf.charset : 'utf-8').decode(leaf.node.content);
    const shown = enrichedText(raw, /richtext/i.test(leaf.mimeType));
    if (shown.trim()) result.parts.push(lines(`body@enriched:${leaf.path}`, 'body', `part ${leaf.path} (${leaf.mimeType}) without its formatting commands`, shown).toPart());
  }
  // A transfer encoding the parser does not know (`base-64`, `quoted-printible`) leaves the part
  // as it travelled: the part is a loss, and what it looks like it encodes is read as well.
  for (const leaf of parts) {
    if (!leaf.node.content || KNOWN_TRANSFER.test(leaf.transfer) || !leaf.transfer) continue;
    const raw = Buffer.from(leaf.node.content).toString('latin1');
    loss({ where: partWhere(leaf), kind: 'failed-stream', count: 1, reason: 'corrupt', detail: `The part declares the transfer encoding "${leaf.node.contentTransferEncoding?.value ?? leaf.transfer}", which no mail decoder knows: it was read as it travelled, and as base64 or quoted-printable where it looks like either.` });
    const decoded = guessTransfer(raw);
    if (!decoded) continue;
    const text = /^text\//i.test(leaf.mimeType);
    const ext = /html/i.test(leaf.mimeType) ? '.html' : text ? '.txt' : '';
    embedded.push({ name: `part-${leaf.path}@${decoded.encoding}${ext}`, bytes: decoded.bytes, origin: { filePart: 'message', detail: `part ${leaf.path} (${leaf.mimeType}) read as ${decoded.encoding}` } });
  }
  // A body declared base64 that is text as written: read as written, and a loss (what the parser
  // decoded from it is noise).
  undecodedBase64Bodies(bytes).forEach((body, i) => {
    loss({ where: 'message', kind: 'failed-stream', count: 1, reason: 'corrupt', detail: 'A part declares the transfer encoding base64, but its body is text written as it is: the parser decoded noise from it, so it was read as written as well.' });
    embedded.push({ name: `part-as-written-${i + 1}.txt`, bytes: body, origin: { filePart: 'message', detail: 'a body declared base64, read as written' } });
  });
  // A part declared as travelling as it is (no transfer encoding, or 7bit, 8bit, binary) whose body
  // is nothing but lines of base64 was encoded all the same: the header was lost or renamed
  // (`Content-Transfer-Encodinq`), and a mail program shows the letters. What they encode is read too.
  for (const leaf of parts) {
    if (!leaf.node.content || (leaf.transfer && !IDENTITY_TRANSFER.test(leaf.transfer))) continue;
    const raw = Buffer.from(leaf.node.content).toString('latin1');
    if (!looksBase64(raw)) continue;
    const text = /^text\//i.test(leaf.mimeType);
    const ext = /html/i.test(leaf.mimeType) ? '.html' : text ? '.txt' : '';
    embedded.push({ name: `part-${leaf.path}@base64${ext}`, bytes: new Uint8Array(Buffer.from(raw.replace(/\s+/g, ''), 'base64')), origin: { filePart: 'message', detail: `part ${leaf.path} (${leaf.mimeType}), declared as not encoded, read as the base64 its lines are` } });
  }
  // A subject written raw (8-bit, no encoded words) in the body's charset is in that charset too.
  for (const cs of ownBodyCharsets) {
    const t = email.subject;
    const decoded = t && OWN_CHARSETS[cs](t);
    if (decoded && decoded !== t) result.parts.push(lines(`subject@${cs}`, 'title', `Subject read as ${cs}`, decoded).toPart());
  }
  // The parser has decoded the body by its charset; written out as UTF-8 it carries a BOM, which the
  // HTML reader takes before the page's own <meta charset=gb2312> (as a browser does): without it
  // the UTF-8 bytes were read as GB2312, and every such message was reported as not read.
  // When every HTML body was read again in its own byte order (UTF-16 above), the parser's reading
  // of them is scattered signs, read in their place: it is left out.
  const htmlBodies = parts.filter((l) => /^text\/html$/i.test(l.mimeType) && l.node.content && !attachmentOf.has(l.node.content)).length;
  if (email.html?.trim() && !(rereadHtml > 0 && rereadHtml === htmlBodies)) embedded.push({ name: 'body.html', bytes: new TextEncoder().encode('\uFEFF' + email.html), origin: { filePart: 'message', detail: 'HTML body' } });
  // Files uuencoded into a body (inline, or a part in x-uuencode) are files a mail program shows as attachments.
  // Every body part as it travelled (transfer encoding undone, charset not applied): a block in an
  // HTML body, or in a part labelled UTF-16 that the parser read as scattered signs, was not found
  // in the plain-text body the parser rendered.
  const uuSources: Array<[string, Uint8Array]> = [];
  for (const leaf of parts) {
    if (leaf.node.content && !attachmentOf.has(leaf.node.content)) uuSources.push([`body part ${leaf.path} (${leaf.mimeType})`, new Uint8Array(leaf.node.content)]);
  }
  const names = new PartBuilder('attachment-names', 'attachment-name', { filePart: 'message', detail: 'names of attachments' });
  // File names as written: encoded words in UTF-7 or HZ, which postal-mime leaves raw, are read here.
  const leafOf = new Map<ArrayBuffer, Leaf>();
  for (const leaf of parts) if (leaf.node.content) leafOf.set(leaf.node.content, leaf);
  const namesRead = new Set<string>();
  // A file name is the file's own name (items joined by - _ or spaces, never a sentence), as the
  // scanner reads a file's name: a marking opening it marks the part, wherever it stands in the list.
  const addName = (text: string, file = true): void => {
    namesRead.add(text);
    names.append(text);
    names.endParagraph(file ? { kind: 'paragraph', field: 'file-name' } : { kind: 'paragraph' });
  };
  /** Raw names whose undecodable words or charset were already reported, as an attachment's. */
  const reported = new Set<string>();
  email.attachments.forEach((a, i) => {
    const content = a.content;
    const data = typeof content === 'string' ? new TextEncoder().encode(content) : content instanceof Uint8Array ? content : new Uint8Array(content);
    const isMessage = a.mimeType === 'message/rfc822';
    let filename = a.filename?.trim();
    const leaf = content instanceof ArrayBuffer ? leafOf.get(content) : undefined;
    if (leaf?.rawName) {
      reported.add(leaf.rawName);
      const d = decodeHeader(leaf.rawName);
      if (d.undecoded.length) loss(undecodedLoss(`name of attachment ${i + 1}`, d.undecoded));
      if (d.own && d.text.trim()) filename = d.text.trim();
    }
    // An RFC 2231 name in UTF-7 or HZ: the parser decoded its percent escapes as windows-1252.
    const cs = leaf?.nameCharset;
    if (cs && filename && OWN_CHARSETS[cs]) filename = OWN_CHARSETS[cs](filename).trim() || filename;
    else if (cs && !charsetKnown(cs)) loss({ where: `name of attachment ${i + 1}`, kind: 'undecodable-bytes', count: 1, reason: 'corrupt', detail: `The attachment's file name is written in the charset "${cs}", which no decoder here knows: the name a mail program shows was not read.` });
    let description = a.description?.trim();
    const rawDescription = leaf?.node.contentDescription;
    if (rawDescription) {
      const d = decodeHeader(rawDescription);
      if (d.undecoded.length) loss(undecodedLoss(`description of attachment ${i + 1}`, d.undecoded));
      if (d.own && d.text.trim()) description = d.text.trim();
    }
    const name = filename || `attachment-${i + 1}${isMessage ? '.eml' : ''}`;
    if (filename) addName(filename);
    if (description) addName(description, false);
    if (data.length === 0) return;
    if (/^text\/|x-uu|octet-stream/i.test(a.mimeType)) uuSources.push([`attachment ${i + 1}${filename ? ` "${filename}"` : ''}`, data]);
    embedded.push({ name, bytes: data, origin: { filePart: 'message', detail: `${isMessage ? 'attached message' : 'attachment'} ${i + 1} (${a.mimeType}${a.disposition ? `, ${a.disposition}` : ''})` } });
    // An attached message whose header blocks a lenient mail program reads otherwise (see lenient.ts):
    // that reading is scanned too. Read alone, such a message may not even look like one.
    if (isMessage || /^message\/global$/i.test(a.mimeType)) {
      const other = lenientReading(data).bytes;
      if (other) embedded.push({ name: `${name.replace(/\.eml$/i, '')} (read leniently).eml`, bytes: other, origin: { filePart: 'message', detail: `attached message ${i + 1} as a lenient mail program reads it` } });
    }
  });
  // Every name a MIME part carries is read, not only the one of a part the parser hands over as an
  // attachment: a text part named only by Content-Type's `name`, or shown `inline; filename=…`, is
  // read as a body and its name would go unread, and a part may carry a second, different name.
  // So are the descriptions of body parts and the other headers of every part.
  // The root too: a message of one part may be named (its own headers are read above).
  for (const { path, node } of tree ? [{ path: '', node: tree }, ...subparts(tree)] : []) {
    const attachment = !!node.content && attachmentOf.has(node.content);
    const where = path ? `name of part ${path}` : 'name of the message body';
    for (const { raw, charset } of namesOf(node)) {
      const d = decodeHeader(raw);
      const report = !reported.has(raw);
      if (d.undecoded.length && report) loss(undecodedLoss(where, d.undecoded));
      let text = d.text.trim();
      // An RFC 2231 name in UTF-7 or HZ: the parser decoded its percent escapes as windows-1252.
      if (charset && OWN_CHARSETS[charset]) text = OWN_CHARSETS[charset](text).trim() || text;
      else if (charset && !charsetKnown(charset) && report) loss({ where, kind: 'undecodable-bytes', count: 1, reason: 'corrupt', detail: `The part's file name is written in the charset "${charset}", which no decoder here knows: the name a mail program shows was not read.` });
      if (text && !namesRead.has(text)) addName(text);
    }
    if (!path) continue;
    if (node.contentDescription && !attachment) {
      const d = decodeHeader(node.contentDescription);
      if (d.undecoded.length) loss(undecodedLoss(`description of part ${path}`, d.undecoded));
      const text = d.text.trim();
      if (text && !namesRead.has(text)) addName(text, false);
    }
    const fields = headerFields({ headers: (node.headers ?? []).filter((h) => h.key !== 'content-description') }, { losses: (result.loss ??= []) });
    const partHeaders = headerPart(`headers:${path}`, `headers of part ${path}`, fields);
    if (!partHeaders.blank) result.parts.push(partHeaders.toPart());
  }
  // A BinHex 4.0 block in a body (a Macintosh mail program's attachment written into the text):
  // the body as travelled is handed on, and the scanner's BinHex reader decodes the file in it.
  // (Attachments go to the scanner as files already.)
  parts.forEach((leaf) => {
    if (!leaf.node.content || attachmentOf.has(leaf.node.content)) return;
    const buf = Buffer.from(leaf.node.content);
    const at = buf.indexOf('(This file must be converted with BinHex');
    if (at >= 0 && (at === 0 || buf[at - 1] === 0x0a)) embedded.push({ name: `body-${leaf.path}.hqx`, bytes: new Uint8Array(leaf.node.content), origin: { filePart: 'message', detail: `BinHex file in the body (part ${leaf.path}, ${leaf.mimeType})` } });
  });
  for (const [where, data] of uuSources) {
    const { files, tooLarge } = uuFiles(data);
    for (const f of files) embedded.push({ name: f.name || 'uuencoded', bytes: f.bytes, origin: { filePart: 'message', detail: `uuencoded file in the ${where}` } });
    if (tooLarge.length) loss({ where, kind: 'failed-stream', count: tooLarge.length, reason: 'limit', detail: `${tooLarge.length} uuencoded block${tooLarge.length > 1 ? 's are' : ' is'} larger than ${MAX_UU_BLOCK >> 20} MiB: not decoded, so the file${tooLarge.length > 1 ? 's' : ''} it holds w${tooLarge.length > 1 ? 'ere' : 'as'} not read.` });
  }
  if (!names.blank) result.parts.push(names.toPart());
  if (result.loss?.length === 0) delete result.loss;
  result.info = { attachments: email.attachments.length, html: !!email.html };
  return result;
}

/** The messages of an mbox as embedded files, up to the entry limit (the rest is unread). */
function readMailbox(bytes: Uint8Array, messages: Array<{ start: number; end: number; envelope: string }>, ctx: ExtractContext, result: Extraction): Extraction {
  const max = ctx.limits.maxArchiveEntries;
  const embedded = result.embedded as EmbeddedFile[];
  messages.slice(0, max).forEach((m, i) => {
    embedded.push({ name: `message-${i + 1}.eml`, bytes: bytes.subarray(m.start, m.end), origin: { filePart: 'mailbox', detail: `message ${i + 1} of ${messages.length} (${m.envelope.slice(0, 120)})` } });
  });
  if (messages.length > max) {
    result.unread.push({ where: 'mailbox', reason: 'limit', detail: `The mailbox holds ${messages.length} messages; only the first ${max} were read (the entry limit), the other ${messages.length - max} were not.` });
  }
  result.mediaType = 'application/mbox';
  result.info = { messages: messages.length };
  return result;
}

/** The EML {@link Extractor}: a message in, its headers and bodies out, attachments for the scanner. */
export const emlExtractor: Extractor = {
  format: 'eml',
  extract: (bytes, ctx) => extractEml(bytes, ctx),
};

/** Whether `b` is valid UTF-8 (ASCII included). */
function isUtf8(b: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(b);
    return true;
  } catch {
    return false;
  }
}

/**
 * The values of header `name` in the message's top-level header block, as bytes (folded lines
 * unfolded, the name and colon dropped), in order; at most the first 64 KiB of the message is looked at.
 */
export function rawHeaderValues(bytes: Uint8Array, name: string): Uint8Array[] {
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.length, 1 << 16));
  const text = head.toString('latin1');
  const end = text.search(/\r?\n\r?\n/);
  const block = end < 0 ? text : text.slice(0, end);
  const out: Uint8Array[] = [];
  const re = new RegExp(`^${name}[ \\t]*:[ \\t]*((?:.*)(?:\\r?\\n[ \\t].*)*)`, 'gim');
  for (const m of block.matchAll(re)) out.push(Uint8Array.from(Buffer.from(m[1].replace(/\r?\n(?=[ \t])/g, ''), 'latin1')));
  return out;
}

/** A raw 8-bit header value that is no UTF-8, read as GB18030 and as Big5: the readings that take it whole, as [charset, text]. */
function legacyReadings(raw: Uint8Array | undefined): Array<[string, string]> {
  if (!raw || !raw.some((b) => b >= 0x80) || isUtf8(raw)) return [];
  const out: Array<[string, string]> = [];
  for (const cs of ['gb18030', 'big5']) {
    try {
      out.push([cs, new TextDecoder(cs, { fatal: true }).decode(raw).trim()]);
    } catch {
      // not this one
    }
  }
  return out;
}
