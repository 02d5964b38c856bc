/**
 * TNEF ([MS-OXTNEF]: `winmail.dat`, `application/ms-tnef`): the Outlook message Exchange wraps
 * into one attachment when it sends to a program that does not speak MAPI. A stream of attributes
 * (level, id, length, data, checksum): the legacy ones (attSubject, attBody, attFrom,
 * attAttachTitle, attAttachData …) and attMAPIProps / attAttachment / attRecipTable, which carry
 * MAPI properties (PR_BODY, PR_RTF_COMPRESSED, PR_BODY_HTML, PR_SUBJECT, display names,
 * PR_ATTACH_LONG_FILENAME, PR_ATTACH_DATA_BIN, PR_ATTACH_DATA_OBJ …).
 *
 * Parts as the Outlook message reader gives them: the subject (`title`), sender and recipient names
 * (`metadata`), the plain body (`body`), every other text property (`properties`), attachment names
 * (`attachment-name`); the HTML and RTF bodies, every attachment, every embedded message (a TNEF
 * stream of its own) handed to the scanner as files. 8-bit text is read in the stream's code page
 * (attOemCodepage, else PR_MESSAGE_CODEPAGE or PR_INTERNET_CPID). Read at exact offsets: a checksum that
 * does not match, an attribute cut short, an attribute or property type no reader knows, bytes
 * after the last attribute — each is a loss, never a crash, and what could be read is still read.
 */
import { createHash } from 'node:crypto';
import { decompressRTF } from '@kenjiuno/decompressrtf';
import PostalMime from 'postal-mime';
import { PartBuilder, type EmbeddedFile, type ExtractContext, type Extraction, type Extractor, type Loss } from '@prepub/core';
import { streamStrings } from '@prepub/extract-docx/package';
import { headerFieldLines, headerFields, OWN_CHARSETS, type HeaderField } from '@prepub/extract-eml';
import { bodyCarriesEncodedFile, codepageLabel, MACHINERY } from './mapi.ts';
import { looksLikeTnef } from './format.ts';
import { compressedRtfDamage, isEncapsulatedHtml, rtfText, unknownCodePage } from './rtf.ts';


/** Attribute ids ([MS-OXTNEF] 2.1.3.2), the low 16 bits of an attribute's tag. */
const ATT = {
  from: 0x8000,
  subject: 0x8004,
  body: 0x800c,
  attachData: 0x800f,
  attachTitle: 0x8010,
  attachMetaFile: 0x8011,
  attachTransportFilename: 0x9001,
  attachRendData: 0x9002,
  msgProps: 0x9003,
  recipTable: 0x9004,
  attachment: 0x9005,
  oemCodepage: 0x9007,
  owner: 0x0000,
  sentFor: 0x0001,
} as const;

/**
 * Attributes that hold no words: dates, status and priority flags, identifiers, the message class,
 * the TNEF version, the delegate's entry id, an attachment's rendering position. Read, and nothing to show.
 */
const BOOKKEEPING = new Set([0x0002, 0x0006, 0x0007, 0x0008, 0x0009, 0x0600, 0x8005, 0x8006, 0x8007, 0x8008, 0x8009, 0x800a, 0x800b, 0x800d, 0x8012, 0x8013, 0x8020, 0x9006]);

/** Property ids ([MS-OXPROPS]). */
const P = {
  subject: 0x0037,
  body: 0x1000,
  rtfCompressed: 0x1009,
  html: 0x1013,
  transportHeaders: 0x007d,
  senderName: 0x0c1a,
  sentRepresentingName: 0x0042,
  messageCodepage: 0x3ffd,
  internetCodepage: 0x3fde,
  displayName: 0x3001,
  recipientType: 0x0c15,
  attachDataObj: 0x3701,
  attachFilename: 0x3704,
  attachMethod: 0x3705,
  attachLongFilename: 0x3707,
} as const;

const STRING8 = 0x001e;
const UNICODE = 0x001f;
const BINARY = 0x0102;
const OBJECT = 0x000d;
const MV = 0x1000;
/** Sizes of fixed-length property values as TNEF writes them (padded to 4 bytes). */
const FIXED: Record<number, number> = { 0x0001: 4, 0x0002: 4, 0x0003: 4, 0x0004: 4, 0x0005: 8, 0x0006: 8, 0x0007: 8, 0x000a: 4, 0x000b: 4, 0x0014: 8, 0x0040: 8, 0x0048: 16 };

/** One MAPI property: its id and type, and its values' raw bytes (one, or several when multi-valued). */
export interface TnefProp {
  id: number;
  type: number;
  values: Uint8Array[];
  /** For a named property: its name (`{guid}:id` or the string). */
  name?: string;
}

/** Most properties one list may hold: a message has a few hundred; more only costs memory. */
const MAX_PROPS = 100_000;
/** Most values one list may hold, over all its properties: a multi-valued property has a handful. */
const MAX_VALUES = 100_000;
const pad4 = (n: number): number => (n + 3) & ~3;
const u16 = (b: Uint8Array, at: number): number => b[at] | (b[at + 1] << 8);
const u32 = (b: Uint8Array, at: number): number => (b[at] | (b[at + 1] << 8) | (b[at + 2] << 16) | (b[at + 3] << 24)) >>> 0;
const hex = (n: number, w = 4): string => `0x${n.toString(16).toUpperCase().padStart(w, '0')}`;

/**
 * Reads `count` MAPI properties from `d` at `at` ([MS-OXTNEF] 2.1.3.4). Stops at the first one it
 * cannot read (cut short, of a type no reader knows, a count larger than the bytes can hold): that
 * and what follows it is a loss. Returns the properties read and where reading stopped.
 */
export function readProps(d: Uint8Array, at: number, count: number, where: string, losses: Loss[]): { props: TnefProp[]; end: number; ok: boolean } {
  const props: TnefProp[] = [];
  const fail = (i: number, why: string): { props: TnefProp[]; end: number; ok: boolean } => {
    losses.push({ where, kind: 'failed-stream', count: count - i, total: count, reason: 'corrupt', detail: `${count - i} of ${count} MAPI properties could not be read (${why}): what they hold was not read.` });
    return { props, end: d.length, ok: false };
  };
  // Every property takes at least 8 bytes (its tag and a value of 4): a larger count is no count.
  if (count > (d.length - at) / 8) return fail(0, `the list claims ${count} properties in ${d.length - at} bytes`);
  if (count > MAX_PROPS) {
    losses.push({ where, kind: 'failed-stream', count, reason: 'limit', detail: `The list holds ${count} MAPI properties, more than the limit of ${MAX_PROPS} (a message has a few hundred): none was read.` });
    return { props, end: d.length, ok: false };
  }
  let total = 0;
  const tooMany = (i: number, n: number): { props: TnefProp[]; end: number; ok: boolean } => {
    losses.push({ where, kind: 'failed-stream', count: count - i, total: count, reason: 'limit', detail: `Property ${i + 1} of the list brings its values to ${total + n}, more than the limit of ${MAX_VALUES}: it and the ${count - i - 1} properties after it were not read.` });
    return { props, end: d.length, ok: false };
  };
  for (let i = 0; i < count; i++) {
    if (at + 4 > d.length) return fail(i, 'the list is cut short');
    const tag = u32(d, at);
    at += 4;
    const type = tag & 0xffff;
    const id = tag >>> 16;
    let name: string | undefined;
    if (id >= 0x8000) {
      // A named property: its GUID and either a number or a UTF-16 name.
      if (at + 24 > d.length) return fail(i, 'a property name is cut short');
      const guid = Buffer.from(d.subarray(at, at + 16)).toString('hex');
      const kind = u32(d, at + 16);
      if (kind === 0) {
        name = `{${guid}}:${u32(d, at + 20)}`;
        at += 24;
      } else if (kind === 1) {
        const len = u32(d, at + 20);
        if (at + 24 + len > d.length) return fail(i, 'a property name is cut short');
        name = new TextDecoder('utf-16le').decode(d.subarray(at + 24, at + 24 + len)).replace(/\0+$/, '');
        at += 24 + pad4(len);
      } else return fail(i, `a property name of unknown kind ${kind}`);
    }
    const base = type & ~MV;
    const values: Uint8Array[] = [];
    if (base === STRING8 || base === UNICODE || base === BINARY || base === OBJECT) {
      // Variable-length values are always counted, single-valued ones too.
      if (at + 4 > d.length) return fail(i, 'a value count is cut short');
      const n = u32(d, at);
      at += 4;
      if (n > (d.length - at) / 4) return fail(i, `property ${hex(id)} claims ${n} values`);
      if (total + n > MAX_VALUES) return tooMany(i, n);
      total += n;
      for (let k = 0; k < n; k++) {
        if (at + 4 > d.length) return fail(i, 'a value is cut short');
        const size = u32(d, at);
        at += 4;
        if (at + size > d.length) return fail(i, `a value of property ${hex(id)} is cut short`);
        values.push(d.subarray(at, at + size));
        at += pad4(size);
      }
    } else if (FIXED[base] !== undefined) {
      let n = 1;
      if (type & MV) {
        if (at + 4 > d.length) return fail(i, 'a value count is cut short');
        n = u32(d, at);
        at += 4;
        if (n > (d.length - at) / 4) return fail(i, `property ${hex(id)} claims ${n} values`);
      }
      if (total + n > MAX_VALUES) return tooMany(i, n);
      total += n;
      for (let k = 0; k < n; k++) {
        if (at + FIXED[base] > d.length) return fail(i, `a value of property ${hex(id)} is cut short`);
        values.push(d.subarray(at, at + FIXED[base]));
        at += FIXED[base];
      }
    } else return fail(i, `property ${hex(id)} has the type ${hex(type)}, which no reader knows`);
    props.push({ id, type, values, ...(name ? { name } : {}) });
  }
  return { props, end: Math.min(at, d.length), ok: true };
}

/** An attachment as its attributes describe it. */
interface Attachment {
  title?: Uint8Array;
  transportName?: Uint8Array;
  data?: Uint8Array;
  metafile?: Uint8Array;
  props: TnefProp[];
}

/** IID_IMessage: a PR_ATTACH_DATA_OBJ holding an embedded message (a TNEF stream). */
const IID_IMESSAGE = '0703020000000000c000000000000046';

/** Reads one TNEF stream. */
export async function extractTnef(bytes: Uint8Array, ctx: ExtractContext): Promise<Extraction> {
  const result: Extraction = { format: 'tnef', mediaType: 'application/ms-tnef', parts: [], unread: [], embedded: [], loss: [], info: {} };
  const losses = result.loss as Loss[];
  const embedded = result.embedded as EmbeddedFile[];
  if (bytes.length < 6 || !looksLikeTnef(bytes)) {
    result.unread.push({ where: 'file', reason: 'corrupt', detail: 'The file does not begin with a TNEF signature and legacy key: it was not read.' });
    return result;
  }
  // The message's own attributes and properties, and its attachments in order.
  let oemCodepage: number | undefined;
  const message: { subject: Uint8Array[]; body: Uint8Array[]; from: Uint8Array[]; props: TnefProp[]; recipients: TnefProp[][] } = { subject: [], body: [], from: [], props: [], recipients: [] };
  const attachments: Attachment[] = [];
  const current = (): Attachment => attachments[attachments.length - 1] ?? (attachments.push({ props: [] }), attachments[0]);
  /** Bytes after a property list's last property: no reader can tell what they hold. */
  const trailing = (n: number, where: string): void => void losses.push({ where, kind: 'failed-stream', count: n, reason: 'corrupt', detail: `${n} bytes follow the last property of the list: what they hold was not read.` });
  /** A counted property list filling an attribute. */
  const propList = (data: Uint8Array, where: string): TnefProp[] => {
    const read = readProps(data, 4, u32(data, 0), where, losses);
    if (read.ok && read.end < data.length) trailing(data.length - read.end, where);
    return read.props;
  };
  let at = 6;
  let count = 0;
  while (at < bytes.length) {
    if (ctx.signal?.aborted) {
      result.unread.push({ where: 'file', reason: 'aborted', detail: 'The scan was cancelled while the TNEF stream was being read.' });
      return result;
    }
    const where = `attribute ${count + 1} at byte ${at}`;
    if (bytes.length - at < 9) {
      losses.push({ where, kind: 'failed-stream', count: bytes.length - at, reason: 'corrupt', detail: `${bytes.length - at} bytes after the last attribute are too few for one: the stream is cut short or has bytes appended.` });
      break;
    }
    const level = bytes[at];
    const tag = u32(bytes, at + 1);
    const length = u32(bytes, at + 5);
    const start = at + 9;
    const cut = start + length + 2 > bytes.length;
    const data = bytes.subarray(start, Math.min(bytes.length, start + length));
    if (cut) {
      losses.push({ where: `${where} (${hex(tag, 8)})`, kind: 'failed-stream', count: length - data.length, total: length, reason: 'corrupt', detail: `The attribute declares ${length} bytes but the stream ends after ${data.length} of them: the rest of it, and whatever followed, was not read.` });
    } else {
      let sum = 0;
      for (let i = 0; i < data.length; i++) sum = (sum + data[i]) & 0xffff;
      const stated = u16(bytes, start + length);
      if (sum !== stated) losses.push({ where: `${where} (${hex(tag, 8)})`, kind: 'failed-stream', count: length, reason: 'corrupt', detail: `The attribute's checksum ${hex(stated)} does not match its bytes (${hex(sum)}): they were read as they are, but may be damaged.` });
    }
    const id = tag & 0xffff;
    const loss = (detail: string) => losses.push({ where: `${where} (${hex(tag, 8)})`, kind: 'failed-stream', count: data.length, reason: 'corrupt', detail });
    if (level === 1) {
      if (id === ATT.subject) message.subject.push(data);
      else if (id === ATT.body) message.body.push(data);
      else if (id === ATT.from || id === ATT.owner || id === ATT.sentFor) message.from.push(...senderNames(id, data));
      else if (id === ATT.oemCodepage && data.length >= 4) oemCodepage = u32(data, 0);
      else if (id === ATT.msgProps && data.length >= 4) message.props.push(...propList(data, `${where}: message properties`));
      else if (id === ATT.recipTable && data.length >= 4) {
        const rows = u32(data, 0);
        let p = 4;
        let r = 0;
        for (; r < rows && p + 4 <= data.length && r < ctx.limits.maxArchiveEntries; r++) {
          const read = readProps(data, p + 4, u32(data, p), `${where}: recipient ${r + 1}`, losses);
          message.recipients.push(read.props);
          p = read.end;
          if (!read.ok) break;
        }
        if (r < rows && r >= ctx.limits.maxArchiveEntries) losses.push({ where, kind: 'failed-stream', count: rows - r, total: rows, reason: 'limit', detail: `The recipient table names ${rows} recipients, more than the limit of ${ctx.limits.maxArchiveEntries}: the others were not read.` });
        else if (r < rows && p + 4 > data.length) losses.push({ where, kind: 'failed-stream', count: rows - r, total: rows, reason: 'corrupt', detail: `The recipient table names ${rows} recipients but holds ${r}: the others were not read.` });
        else if (p < data.length && r === rows) trailing(data.length - p, `${where}: recipient table`);
      } else if (!BOOKKEEPING.has(id) && data.length) loss(`A message attribute no reader knows (${hex(tag, 8)}, ${data.length} bytes): what it holds was not read.`);
    } else if (level === 2) {
      if (id === ATT.attachRendData && attachments.length >= ctx.limits.maxArchiveEntries) {
        // More attachments than an archive may hold entries: the rest of the stream is not read.
        losses.push({ where, kind: 'failed-stream', count: bytes.length - at, reason: 'limit', detail: `The stream holds more than ${ctx.limits.maxArchiveEntries} attachments, the limit: the ${bytes.length - at} bytes from this one on were not read.` });
        break;
      } else if (id === ATT.attachRendData) attachments.push({ props: [] });
      else if (id === ATT.attachTitle) current().title = data;
      else if (id === ATT.attachTransportFilename) current().transportName = data;
      else if (id === ATT.attachData) current().data = data;
      else if (id === ATT.attachMetaFile) current().metafile = data;
      else if (id === ATT.attachment && data.length >= 4) current().props.push(...propList(data, `${where}: attachment ${attachments.length} properties`));
      else if (!BOOKKEEPING.has(id) && data.length) loss(`An attachment attribute no reader knows (${hex(tag, 8)}, ${data.length} bytes): what it holds was not read.`);
    } else if (data.length) loss(`An attribute of level ${level}, which TNEF does not have (${data.length} bytes): what it holds was not read.`);
    count++;
    if (cut) break;
    at = start + length + 2;
  }

  // 8-bit text, legacy attributes and PT_STRING8 properties alike: in the stream's code page
  // (attOemCodepage), else the message's (PR_MESSAGE_CODEPAGE, PR_INTERNET_CPID).
  const intProp = (props: TnefProp[], id: number): number | undefined => {
    const v = props.find((p) => p.id === id && p.type === 0x0003)?.values[0];
    return v && v.length >= 4 ? u32(v, 0) : undefined;
  };
  const codepage = oemCodepage ?? intProp(message.props, P.messageCodepage) ?? intProp(message.props, P.internetCodepage);
  const label = codepage === undefined ? undefined : codepageLabel(codepage);
  if (codepage !== undefined && !label) losses.push({ where: 'file', kind: 'undecodable-bytes', count: 1, detail: `The stream's code page ${codepage} is not one prepub decodes: its 8-bit text may read wrongly.` });
  const text8 = (raw: Uint8Array, where: string): string | undefined => {
    let end = raw.length;
    while (end > 0 && raw[end - 1] === 0) end--;
    const b = raw.subarray(0, end);
    if (label && OWN_CHARSETS[label]) return OWN_CHARSETS[label](Buffer.from(b).toString('latin1'));
    if (label || b.every((x) => x < 0x80)) return new TextDecoder(label ?? 'windows-1252').decode(b);
    losses.push({ where, kind: 'undecodable-bytes', count: b.length, detail: `${b.length} bytes of 8-bit text could not be decoded: the stream names no code page.` });
    return undefined;
  };
  /** Every text value of a property list, by id (control characters as spaces, as Exchange separates fields). */
  const texts = (props: TnefProp[], id: number | undefined, where: string): string[] => {
    const out: string[] = [];
    for (const p of props) {
      if (id !== undefined && p.id !== id) continue;
      const base = p.type & ~MV;
      if (base !== STRING8 && base !== UNICODE) continue;
      for (const v of p.values) {
        const t = base === UNICODE ? new TextDecoder('utf-16le').decode(v).replace(/\0+$/, '') : text8(v, `${where} property ${hex(p.id)}`);
        const clean = t?.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, ' ');
        if (clean?.trim()) out.push(clean);
      }
    }
    return out;
  };
  const lines = (id: string, role: 'title' | 'body' | 'metadata' | 'properties' | 'attachment-name', detail: string, values: string[], leading = false): void => {
    const b = new PartBuilder(id, role, { filePart: 'message', detail }, leading);
    for (const v of values)
      for (const line of v.split(/\r\n|\r|\n/)) {
        b.append(line);
        b.endParagraph({ kind: 'paragraph' });
      }
    if (!b.blank) result.parts.push(b.toPart());
  };
  const unique = (xs: Array<string | undefined>): string[] => [...new Set(xs.map((x) => x?.trim()).filter((x): x is string => !!x))];
  const read = new Set<string>();

  const subject = unique([...message.subject.map((s) => text8(s, 'attSubject')), ...texts(message.props, P.subject, 'message')]);
  lines('subject', 'title', 'Subject', subject);
  subject.forEach((s) => read.add(s));

  const headers: HeaderField[] = [];
  const say = (key: string, names: Array<string | undefined>) => {
    const n = unique(names);
    if (n.length) headers.push({ line: `${key}: ${n.join('; ')}`, address: true });
    n.forEach((x) => read.add(x));
  };
  say('From', [...message.from.map((f) => text8(f, 'attFrom')), ...texts(message.props, P.senderName, 'message'), ...texts(message.props, P.sentRepresentingName, 'message')]);
  const byType: Record<string, string[]> = { To: [], Cc: [], Bcc: [] };
  for (const row of message.recipients) {
    const type = intProp(row, P.recipientType);
    // The display name as written; other text properties without what looks like an address.
    const names = [...texts(row, P.displayName, 'recipient'), ...texts(row.filter((p) => !MACHINERY.has(p.id) && p.id !== P.displayName), undefined, 'recipient').filter((v) => !v.includes('@') && !v.startsWith('/'))];
    byType[type === 2 ? 'Cc' : type === 3 ? 'Bcc' : 'To'].push(...names);
  }
  for (const [k, v] of Object.entries(byType)) say(k, v);
  // Every copy of the transport headers (a stream may write attMsgProps more than once), each read.
  const transports = unique(texts(message.props, P.transportHeaders, 'message'));
  const MAX_TRANSPORTS = 64;
  if (transports.length > MAX_TRANSPORTS) losses.push({ where: 'transport headers', kind: 'failed-stream', count: transports.length - MAX_TRANSPORTS, total: transports.length, reason: 'limit', detail: `The message carries ${transports.length} different transport headers, more than the limit of ${MAX_TRANSPORTS}: the others were not read.` });
  for (const transport of transports.slice(0, MAX_TRANSPORTS)) {
    try {
      const parsed = await PostalMime.parse(`${transport.replace(/(\r?\n)+$/, '')}\r\n\r\n`);
      headers.push(...headerFields(parsed, { addresses: false, losses }));
    } catch (err) {
      losses.push({ where: 'transport headers', kind: 'failed-stream', count: 1, detail: `The transport headers could not be parsed: ${(err as Error)?.message ?? err}.` });
    }
    read.add(transport.trim());
  }
  {
    // The names of people and offices are address lines: a whole marking among them marks the message.
    const b = new PartBuilder('headers', 'metadata', { filePart: 'message', detail: 'headers' });
    for (const h of headers)
      // Laid out as the e-mail and Outlook message readers lay them out: a header read as text has its value on a line of its own.
      for (const line of headerFieldLines(h).flatMap((l) => l.split(/\r\n|\r|\n/))) {
        b.append(line);
        b.endParagraph(h.address ? { kind: 'paragraph', field: 'address' } : { kind: 'paragraph' });
      }
    if (!b.blank) result.parts.push(b.toPart());
  }

  const body = unique([...message.body.map((b) => text8(b, 'attBody')), ...texts(message.props, P.body, 'message')]);
  lines('body', 'body', 'plain-text body', body, true);
  // A uuencoded or BinHex file written into the body: the body handed on as a file, decoded there.
  body.forEach((b, k) => {
    if (bodyCarriesEncodedFile(b)) embedded.push({ name: k ? `body-${k + 1}.txt` : 'body.txt', bytes: new TextEncoder().encode(b), origin: { filePart: 'message', detail: 'plain-text body, which carries a uuencoded or BinHex file' } });
  });
  body.forEach((b) => read.add(b));

  // The HTML body: bytes (with their own meta charset) or Unicode text, written as UTF-8 with a BOM.
  // A stream may write attMsgProps more than once, each list with a body of its own: every one is read.
  // As many as an archive may hold entries (each handed on as a file); past that, a loss.
  const maxBodies = ctx.limits.maxArchiveEntries;
  const capped = <T>(all: T[], what: string): T[] => {
    if (all.length > maxBodies) losses.push({ where: what, kind: 'failed-stream', count: all.length - maxBodies, total: all.length, reason: 'limit', detail: `The message carries ${all.length} ${what}s, more than the limit of ${maxBodies}: ${all.length - maxBodies} were not read.` });
    return all.slice(0, maxBodies);
  };
  const htmlBodies = capped(message.props.filter((p) => p.id === P.html).flatMap((p) => p.values.map((v) => ({ p, v }))), 'HTML body');
  let html = false;
  htmlBodies.forEach(({ p, v }, k) => {
    const bytesOut = (p.type & ~MV) === UNICODE ? new TextEncoder().encode(`\ufeff${new TextDecoder('utf-16le').decode(v)}`) : v;
    if (v?.length) {
      embedded.push({ name: k ? `body-${k + 1}.html` : 'body.html', bytes: bytesOut, origin: { filePart: 'message', detail: k ? `HTML body ${k + 1}` : 'HTML body' } });
      html = true;
    }
  });
  // The RTF body: decompressed and handed on (its HTML taken back out when it encapsulates some).
  let rtfState = 'none';
  const rtfBodies = capped(message.props.filter((p) => p.id === P.rtfCompressed && (p.type & ~MV) === BINARY).flatMap((p) => p.values), 'RTF body');
  rtfBodies.forEach((rtfCompressed, k) => {
    if (!rtfCompressed.length) return;
    const n = k ? `-${k + 1}` : '';
    const where = k ? `RTF body ${k + 1}` : 'RTF body';
    const size = rtfCompressed.length >= 8 ? u32(rtfCompressed, 4) : 0;
    if (size > ctx.limits.maxInflatedBytes) {
      result.unread.push({ where, reason: 'limit', detail: `The RTF body would decompress to ${size} bytes, more than the limit of ${ctx.limits.maxInflatedBytes}.` });
      rtfState = 'over-limit';
      return;
    }
    try {
      const rtf = Uint8Array.from(decompressRTF(Array.from(rtfCompressed)));
      const damage = compressedRtfDamage(rtfCompressed, rtf);
      if (damage) losses.push({ where, kind: 'failed-stream', count: 1, detail: `The compressed RTF body is damaged: ${damage}; what it was read as may not be what it says.` });
      const encapsulated = isEncapsulatedHtml(rtf);
      const unknown = unknownCodePage(rtf);
      if (unknown && encapsulated) losses.push({ where, kind: 'undecodable-bytes', count: unknown.bytes, detail: `The RTF body is written in code page ${unknown.codePage}, which no decoder here knows: ${unknown.bytes} text bytes were not read as what they say.` });
      if (encapsulated) {
        embedded.push({ name: `body-rtf${n}.html`, bytes: new TextEncoder().encode(`\ufeff${rtfText(rtf, { html: true })}`), origin: { filePart: 'message', detail: `HTML body (encapsulated in the ${where})` } });
        rtfState = 'HTML taken out of RTF';
      } else {
        embedded.push({ name: `body${n}.rtf`, bytes: rtf, origin: { filePart: 'message', detail: where } });
        rtfState = 'handed on';
      }
    } catch (err) {
      losses.push({ where, kind: 'failed-stream', count: 1, detail: `The compressed RTF body could not be decompressed: ${(err as Error)?.message ?? err}.` });
      rtfState = 'corrupt';
    }
  });

  const names: string[] = [];
  // Files handed on from every attachment together, capped like an archive's entries.
  let handedTotal = 0;
  let overLimit = 0;
  attachments.forEach((a, i) => {
    const shown = unique([
      ...texts(a.props, P.attachLongFilename, `attachment ${i + 1}`),
      ...texts(a.props, P.displayName, `attachment ${i + 1}`),
      ...texts(a.props, P.attachFilename, `attachment ${i + 1}`),
      a.title && text8(a.title, `attachment ${i + 1} title`),
      a.transportName && text8(a.transportName, `attachment ${i + 1} transport name`),
    ]);
    names.push(...shown);
    // Other text the attachment carries (a path, a description): read as attachment names too.
    for (const p of a.props) if (!MACHINERY.has(p.id) && p.id !== P.attachLongFilename && p.id !== P.displayName && p.id !== P.attachFilename) names.push(...texts([p], undefined, `attachment ${i + 1}`));
    const fileName = shown.find((n) => /\.\w{1,8}$/.test(n)) ?? shown[0] ?? `attachment-${i + 1}`;
    // Every data property the attachment's attributes carry: a stream may write attAttachment more
    // than once for one attachment, each list with its own PR_ATTACH_DATA_BIN / _OBJ.
    const dataProps = a.props.filter((p) => p.id === P.attachDataObj);
    // The same bytes are handed on once per attachment, found by their digest (then compared):
    // comparing each value with every value before it took minutes for 20,000 of them.
    const handed = new Map<string, Uint8Array[]>();
    const hand = (b: Uint8Array, name: string, what: string) => {
      if (!b.length) return;
      const key = createHash('sha1').update(b).digest('base64');
      const bucket = handed.get(key);
      if (bucket?.some((h) => Buffer.compare(h, b) === 0)) return;
      if (handedTotal >= ctx.limits.maxArchiveEntries) {
        overLimit++;
        return;
      }
      if (bucket) bucket.push(b);
      else handed.set(key, [b]);
      handedTotal++;
      embedded.push({ name, bytes: b, origin: { filePart: 'message', detail: `${what} ${i + 1}` } });
    };
    for (const dataProp of dataProps) {
      if ((dataProp.type & ~MV) === OBJECT) {
        // An embedded message (IID_IMessage, then its own TNEF stream) or an OLE storage.
        for (const v of dataProp.values) {
          const iid = Buffer.from(v.subarray(0, 16)).toString('hex');
          const inner = v.subarray(16);
          const base = fileName.replace(/\.msg$/i, '');
          hand(inner, iid === IID_IMESSAGE ? `${base}.tnef` : `${base}.ole`, iid === IID_IMESSAGE ? 'attached message' : 'embedded object');
        }
      } else for (const v of dataProp.values) hand(v, fileName, 'attachment');
    }
    if (a.data) hand(a.data, fileName, 'attachment');
    // The picture Outlook shows for an object attachment: handed on like any picture.
    if (a.metafile?.length) embedded.push({ name: `${fileName}.wmf`, bytes: a.metafile, origin: { filePart: 'message', detail: `rendering (metafile) of attachment ${i + 1}` } });
  });
  if (overLimit) losses.push({ where: 'attachments', kind: 'failed-stream', count: overLimit, total: handedTotal + overLimit, reason: 'limit', detail: `The attachments hold ${handedTotal + overLimit} distinct files (an attachment's data property may hold many values), more than the limit of ${ctx.limits.maxArchiveEntries}: ${overLimit} were not read.` });
  lines('attachment-names', 'attachment-name', 'names of attachments', unique(names));

  // Every other text property of the message, once per distinct value.
  const handledIds = new Set<number>([P.subject, P.body, P.html, P.transportHeaders, P.senderName, P.sentRepresentingName]);
  const other: string[] = [];
  for (const p of message.props) {
    if (handledIds.has(p.id) || MACHINERY.has(p.id)) continue;
    for (const t of texts([p], undefined, 'message')) if (!read.has(t.trim())) (read.add(t.trim()), other.push(t));
    if ((p.type & ~MV) === OBJECT && p.values.some((v) => v.length)) losses.push({ where: `message property ${hex(p.id)}`, kind: 'unreadable-object', count: 1, detail: 'The message carries an object property outside any attachment: it was not read.' });
  }
  // Named properties of type binary (ids from 0x8000: an add-in's own data, a classification label
  // kept as bytes), as the Outlook message reader reads them: the words in them taken out as strings.
  for (const p of message.props) {
    if (p.id < 0x8000 || MACHINERY.has(p.id) || (p.type & ~MV) !== BINARY) continue;
    for (const v of p.values) {
      if (v.length < 4) continue;
      for (const w of streamStrings(v)) if (!read.has(w)) (read.add(w), other.push(w));
    }
  }
  lines('properties', 'properties', 'message properties', other);

  result.info = { attributes: count, attachments: attachments.length, recipients: message.recipients.length, html, rtf: rtfState, ...(codepage !== undefined ? { codepage } : {}) };
  if (!losses.length) delete result.loss;
  return result;
}

/**
 * The display names in attFrom (a TRP triple: id, size, name length, address length, then the
 * name and the address) or attOwner / attSentFor (name length, name, address length, address).
 */
function senderNames(id: number, d: Uint8Array): Uint8Array[] {
  if (id === ATT.from) {
    if (d.length < 8) return d.length ? [d] : [];
    const cch = u16(d, 4);
    return [d.subarray(8, Math.min(d.length, 8 + cch))];
  }
  if (d.length < 2) return d.length ? [d] : [];
  const n = u16(d, 0);
  return [d.subarray(2, Math.min(d.length, 2 + n))];
}

/** The TNEF {@link Extractor}. */
export const tnefExtractor: Extractor = {
  format: 'tnef',
  extract: (bytes, ctx) => extractTnef(bytes, ctx),
};
