/**
 * Outlook messages (MSG, [MS-OXMSG]: an OLE compound file of property streams): the subject
 * (`title`); sender and recipient display names and the transport headers people write in
 * (`metadata`, read like an e-mail's); the plain-text body (`body`); every other text property of
 * the message (`properties`: conversation topic, named properties such as keywords); and — handed
 * to the scanner as files — the HTML body (read by the HTML reader, hidden parts and all), every
 * attachment, and every attached message (burned back into an MSG of its own, read in its turn up
 * to the nesting limit). Attachment names are a part of their own.
 *
 * The RTF body (PidTagRtfCompressed) is decompressed and its text compared with the plain body:
 * when it says nothing the plain body does not, it is counted read; otherwise it is handed to the
 * scanner as `body.rtf`, which reports it unread while no RTF reader is registered (and reads it
 * once one is). S/MIME encrypted or opaque-signed messages are unread (`encrypted`).
 *
 * The compound file is parsed by msgreader; text properties are decoded here from their raw bytes
 * (Unicode properties as UTF-16, 8-bit ones in the message's code page), because msgreader reads
 * 8-bit strings as Latin-1.
 */
import * as msgreaderModule from '@kenjiuno/msgreader';
import type { FieldsData } from '@kenjiuno/msgreader';
import { decompressRTF } from '@kenjiuno/decompressrtf';
import PostalMime from 'postal-mime';
import { PartBuilder, type EmbeddedFile, type ExtractContext, type Extraction, type Extractor, type Loss } from '@prepub/core';
import { headerFieldLines, headerFields, OWN_CHARSETS } from '@prepub/extract-eml';
import { cmsContentType } from '@prepub/extract-eml/format';
import { streamStrings } from '@prepub/extract-docx/package';
import { compressedRtfDamage, isEncapsulatedHtml, rtfText, unknownCodePage } from './rtf.ts';

import { cfbDamage } from './format.ts';
import { bodyCarriesEncodedFile, codepageLabel, MACHINERY } from './mapi.ts';

export { msgFormat, looksLikeMsg, cfbDamage, tnefFormat, looksLikeTnef, TNEF_SIGNATURE } from './format.ts';
export { cfbRootEntries, type CfbEntry, type CfbRoot } from '@prepub/extract-docx/cfb';
export { isEncapsulatedHtml, rtfText } from './rtf.ts';
export { extractTnef, readProps, tnefExtractor, type TnefProp } from './tnef.ts';

/** The characters an HTML body shows, roughly, for comparing it with the plain body: tags, styles, scripts and comments out. */
function htmlShownText(html: string): string {
  return html
    .replace(/<(style|script)\b[\s\S]*?<\/\1\s*>|<!--[\s\S]*?-->/gi, ' ')
    .replace(/<[^>]*>/g, ' ')
    .replace(/&nbsp;/g, ' ')
    .replace(/&#(\d+);/g, (_m, d: string) => String.fromCodePoint(Math.min(Number(d), 0x10ffff)))
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

type MsgReaderClass = typeof import('@kenjiuno/msgreader/lib/MsgReader.js').default;
// The package is CommonJS with an `exports.default`: under ESM interop that may arrive one level down.
const loaded = msgreaderModule as unknown as { default: MsgReaderClass | { default: MsgReaderClass } };
const MsgReader: MsgReaderClass = 'default' in loaded.default ? loaded.default.default : loaded.default;

/** Property ids ([MS-OXPROPS]) this reader gives a place of their own. */
const P = {
  messageClass: 0x001a,
  subject: 0x0037,
  subjectPrefix: 0x003d,
  conversationTopic: 0x0070,
  normalizedSubject: 0x0e1d,
  transportHeaders: 0x007d,
  body: 0x1000,
  rtfCompressed: 0x1009,
  rtfSyncBodyTag: 0x1008,
  html: 0x1013,
  senderName: 0x0c1a,
  sentRepresentingName: 0x0042,
  receivedByName: 0x0040,
  receivedRepresentingName: 0x0044,
  displayTo: 0x0e04,
  displayCc: 0x0e03,
  displayBcc: 0x0e02,
  messageCodepage: 0x3ffd,
  internetCodepage: 0x3fde,
  displayName: 0x3001,
  recipientType: 0x0c15,
  attachFilename: 0x3704,
  attachLongFilename: 0x3707,
  attachMethod: 0x3705,
  attachMimeTag: 0x370e,
} as const;


/** One property's raw bytes, by id and type, for one object (the message, a recipient, an attachment). */
type Props = Map<number, Array<{ type: number; raw: Uint8Array }>>;

const STRING8 = 0x001e;
const UNICODE = 0x001f;
const MV_STRING8 = 0x101e;
const MV_UNICODE = 0x101f;
const BINARY = 0x0102;

function int32(props: Props, id: number): number | undefined {
  const v = props.get(id)?.find((x) => x.type === 0x0003);
  return v && v.raw.length >= 4 ? new DataView(v.raw.buffer, v.raw.byteOffset, 4).getUint32(0, true) : undefined;
}

function binary(props: Props, id: number): Uint8Array | undefined {
  return props.get(id)?.find((x) => x.type === BINARY)?.raw;
}

function withoutTrailingNul(s: string): string {
  let end = s.length;
  while (end > 0 && s.charCodeAt(end - 1) === 0) end--;
  return s.slice(0, end);
}

/** Decodes the text properties of one object; 8-bit text needs the message's code page. */
class TextProps {
  constructor(
    private readonly props: Props,
    private readonly label: string | undefined,
    private readonly losses: Loss[],
    private readonly where: string,
  ) {}

  /** Every value of property `id` as text (several for multi-valued properties). */
  values(id: number): string[] {
    const out: string[] = [];
    for (const { type, raw } of this.props.get(id) ?? []) {
      const base = type & ~0x1000;
      if (base !== STRING8 && base !== UNICODE) continue;
      let text: string;
      if (base === UNICODE) text = new TextDecoder('utf-16le').decode(raw);
      else if (this.label && OWN_CHARSETS[this.label]) text = OWN_CHARSETS[this.label](Buffer.from(raw).toString('latin1'));
      else if (this.label || raw.every((b) => b < 0x80)) text = new TextDecoder(this.label ?? 'windows-1252').decode(raw);
      else {
        this.losses.push({ where: `${this.where} property 0x${id.toString(16).padStart(4, '0')}`, kind: 'undecodable-bytes', count: raw.length, detail: `An 8-bit text property of ${raw.length} bytes could not be decoded: the message names no code page.` });
        continue;
      }
      // Control characters inside a value are separators (Exchange joins fields with U+0001), not text.
      text = withoutTrailingNul(text).replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, ' ');
      // A multi-valued property's length stream arrives under the same id: only text with letters counts.
      if (type & 0x1000 && !/[\p{L}\p{N}]/u.test(text)) continue;
      if (text.trim()) out.push(text);
    }
    return out;
  }

  first(id: number): string | undefined {
    return this.values(id)[0];
  }

  /** Ids of every text property this object has. */
  textIds(): number[] {
    return [...this.props.entries()].filter(([, vs]) => vs.some((v) => [STRING8, UNICODE, MV_STRING8, MV_UNICODE].includes(v.type))).map(([id]) => id);
  }
}

/**
 * One line's letters, digits and symbols, width- and case-folded: what two renderings of one line
 * share. Symbols count (★ is one), and so do line breaks (see {@link sameLines}): a marking alone on
 * a line of one body is not the same text as its words run into a sentence of the other.
 */
function lineEssence(line: string): string {
  // U+FFFD is a symbol too, but stands for what a reading lost (RTF list bullets in a symbol font).
  return line.normalize('NFKC').toLowerCase().replace(/[^\p{L}\p{N}\p{S}]+|\ufffd/gu, '');
}

/** The non-empty {@link lineEssence}s of `text`. */
function lineEssences(text: string): string[] {
  return text.split(/\r\n|\r|\n/).map(lineEssence).filter(Boolean);
}

/**
 * Whether every line of `shown` is a line of `plain`, in order — or, where the plain body broke a
 * long paragraph, several consecutive lines of it. Lines only `plain` has (link targets Outlook
 * writes out, a signature) may come between. One forward walk: each plain line is looked at a
 * bounded number of times.
 */
function sameLines(shown: string[], plain: string[]): boolean {
  let j = 0;
  for (const line of shown) {
    let found = false;
    for (; j < plain.length && !found; j++) {
      if (!line.startsWith(plain[j])) continue;
      // The line itself, or the line as the plain body wrapped it.
      let joined = plain[j];
      let k = j;
      while (joined.length < line.length && k + 1 < plain.length && line.startsWith(joined + plain[k + 1])) joined += plain[++k];
      if (joined === line) {
        found = true;
        j = k;
      }
    }
    if (!found) return false;
  }
  return true;
}

/** The leading byte count of compressed RTF ([MS-OXRTFCP] header: compressed size, raw size). */
function rtfRawSize(raw: Uint8Array): number | undefined {
  return raw.length >= 16 ? new DataView(raw.buffer, raw.byteOffset, 16).getUint32(4, true) : undefined;
}

function lines(id: string, role: 'title' | 'body' | 'metadata' | 'properties' | 'attachment-name', detail: string, texts: string[], leading = false): PartBuilder {
  const b = new PartBuilder(id, role, { filePart: 'message', detail }, leading);
  for (const text of texts)
    for (const line of text.split(/\r\n|\r|\n/)) {
      b.append(line);
      b.endParagraph({ kind: 'paragraph' });
    }
  return b;
}

/** Property types of [MS-OXCDATA] 2.11.1 (single-valued; multi-valued ones add 0x1000). */
const KNOWN_TYPES = new Set([0x0002, 0x0003, 0x0004, 0x0005, 0x0006, 0x0007, 0x000a, 0x000b, 0x000d, 0x0014, 0x001e, 0x001f, 0x0040, 0x0048, 0x00fb, 0x00fd, 0x00fe, 0x0102]);
const PROPERTY_STREAM = /^__substg1\.0_([0-9A-F]{4})([0-9A-F]{4})(-[0-9A-F]{8})?$/i;

/** What msgreader's compound-file reader shows of a storage. */
interface CfbFolder {
  name: string;
  subFolders(): CfbFolder[];
  fileNameSets(): Array<{ name: string; length: number }>;
}

/**
 * Streams and storages an Outlook message does not have, or property streams of a type no reader
 * knows: msgreader passes them over, so what they hold was not read. Each is a loss. The storage
 * of an attached message or object is read on its own (it is handed to the scanner).
 */
function auditStructure(root: CfbFolder, losses: Loss[]): void {
  const unknown: string[] = [];
  const walk = (folder: CfbFolder, path: string, level: 'message' | 'recipient' | 'attachment' | 'names') => {
    for (const f of folder.fileNameSets()) {
      if (f.name === '__properties_version1.0' && level !== 'names') continue;
      const m = PROPERTY_STREAM.exec(f.name);
      if (m && (level === 'names' || KNOWN_TYPES.has(parseInt(m[2], 16) & ~0x1000))) continue;
      // The placeholder stream the SheetJS cfb writer puts in every file it writes (4 bytes).
      if (level === 'message' && path === '' && f.name === '\u0001Sh33tJ5' && f.length <= 4) continue;
      unknown.push(`${path}${f.name} (${f.length} bytes)`);
    }
    for (const d of folder.subFolders()) {
      if (level === 'message' && d.name === '__nameid_version1.0') walk(d, `${path}${d.name}/`, 'names');
      else if (level === 'message' && /^__recip_version1\.0_#[0-9A-F]{8}$/i.test(d.name)) walk(d, `${path}${d.name}/`, 'recipient');
      else if (level === 'message' && /^__attach_version1\.0_#[0-9A-F]{8}$/i.test(d.name)) walk(d, `${path}${d.name}/`, 'attachment');
      else if (level === 'attachment' && /^__substg1\.0_3701000D$/i.test(d.name)) continue;
      else unknown.push(`${path}${d.name}/ (a storage)`);
    }
  };
  walk(root, '', 'message');
  if (unknown.length)
    losses.push({
      where: 'message structure',
      kind: 'failed-stream',
      count: unknown.length,
      reason: 'corrupt',
      detail: `The message holds ${unknown.length} stream${unknown.length > 1 ? 's' : ''} or storage${unknown.length > 1 ? 's' : ''} an Outlook message does not have, or of a property type no reader knows, which were not read: ${unknown.slice(0, 5).join(', ')}${unknown.length > 5 ? ' …' : ''}.`,
    });
}

/** Reads one Outlook message. */
export async function extractMsg(bytes: Uint8Array, ctx: ExtractContext): Promise<Extraction> {
  const result: Extraction = { format: 'msg', mediaType: 'application/vnd.ms-outlook', parts: [], unread: [], embedded: [], loss: [], info: {} };
  // msgreader follows chains and the directory tree without checks: a loop would never return.
  const damage = cfbDamage(bytes);
  if (damage) {
    result.unread.push({ where: 'file', reason: 'corrupt', detail: `The Outlook message is damaged (${damage}); it was not read.` });
    return result;
  }
  const raw = new Map<object, Props>();
  let reader: InstanceType<MsgReaderClass>;
  let data: FieldsData;
  try {
    reader = new MsgReader(bytes.slice().buffer);
    // The property stream lists every property, variable-length ones with their size in place of
    // a value: only fixed-size values are taken from it (the others come from their own streams).
    let inPropertyStream = false;
    const patched = reader as unknown as { importPropertiesFromFile: (...args: unknown[]) => unknown };
    const importProperties = patched.importPropertiesFromFile;
    patched.importPropertiesFromFile = function (this: unknown, ...args: unknown[]) {
      inPropertyStream = true;
      try {
        return importProperties.apply(this, args);
      } finally {
        inPropertyStream = false;
      }
    };
    reader.parserConfig = {
      propertyObserver: (fields: FieldsData, tag: number, value: Uint8Array | null) => {
        if (!value) return;
        const type = tag & 0xffff;
        if (inPropertyStream && (type & 0x1000 || type === STRING8 || type === UNICODE || type === BINARY || type === 0x000d || type === 0x0048)) return;
        let props = raw.get(fields);
        if (!props) raw.set(fields, (props = new Map()));
        const id = tag >>> 16;
        const list = props.get(id) ?? [];
        list.push({ type: tag & 0xffff, raw: value });
        props.set(id, list);
      },
    };
    data = reader.getFileData();
  } catch (err) {
    result.unread.push({ where: 'file', reason: 'corrupt', detail: `The Outlook message could not be parsed: ${(err as Error)?.message ?? err}.` });
    return result;
  }
  if (data.error || data.dataType !== 'msg') {
    result.unread.push({ where: 'file', reason: 'corrupt', detail: `The file is a compound file but not a readable Outlook message${data.error ? ` (${data.error})` : ''}.` });
    return result;
  }
  if (ctx.signal?.aborted) {
    result.unread.push({ where: 'file', reason: 'aborted', detail: 'The scan was cancelled while the message was being read.' });
    return result;
  }
  const losses = result.loss as Loss[];
  try {
    auditStructure((reader as unknown as { reader: { rootFolder(): CfbFolder } }).reader.rootFolder(), losses);
  } catch (err) {
    losses.push({ where: 'message structure', kind: 'failed-stream', count: 1, reason: 'corrupt', detail: `The message's storages could not be listed: ${(err as Error)?.message ?? err}.` });
  }
  const rootProps = raw.get(data) ?? new Map();
  const codepage = int32(rootProps, P.messageCodepage) ?? int32(rootProps, P.internetCodepage);
  const label = codepage === undefined ? undefined : codepageLabel(codepage);
  if (codepage !== undefined && !label) losses.push({ where: 'file', kind: 'undecodable-bytes', count: 1, detail: `The message's code page ${codepage} is not one prepub decodes: its 8-bit text properties may read wrongly.` });
  const props = new TextProps(rootProps, label, losses, 'message');
  const read = new Set<string>();
  const seen = (texts: string[]) => texts.forEach((t) => read.add(t.trim()));

  const subject = props.values(P.subject);
  if (subject.length) {
    result.parts.push(lines('subject', 'title', 'Subject', subject).toPart());
    seen(subject);
  }

  // Who sent it and to whom: display names (addresses are routing), then the transport headers.
  const headers = new PartBuilder('headers', 'metadata', { filePart: 'message', detail: 'headers' });
  const say = (key: string, names: string[]) => {
    const n = names.map((x) => x.trim()).filter(Boolean);
    if (!n.length) return;
    headers.append(`${key}: ${n.join('; ')}`);
    // The names of people and offices: a whole marking among them marks the message.
    headers.endParagraph({ kind: 'paragraph', field: 'address' });
    seen(n);
  };
  say('From', props.values(P.senderName));
  say('Sent on behalf of', props.values(P.sentRepresentingName).filter((n) => !read.has(n.trim())));
  const byType: Record<string, string[]> = { to: [], cc: [], bcc: [] };
  for (const r of data.recipients ?? []) {
    const rp = new TextProps(raw.get(r) ?? new Map(), label, losses, 'recipient');
    const type = int32(raw.get(r) ?? new Map(), P.recipientType);
    const key = type === 2 ? 'cc' : type === 3 ? 'bcc' : 'to';
    byType[key].push(...rp.values(P.displayName));
    for (const id of rp.textIds()) if (!MACHINERY.has(id) && id !== P.displayName) byType[key].push(...rp.values(id).filter((v) => !v.includes('@') && !v.startsWith('/')));
  }
  say('To', [...new Set(byType.to)]);
  say('Cc', [...new Set(byType.cc)]);
  say('Bcc', [...new Set(byType.bcc)]);
  const transport = props.first(P.transportHeaders);
  if (transport) {
    try {
      const parsed = await PostalMime.parse(`${transport.replace(/(\r?\n)+$/, '')}\r\n\r\n`);
      // Laid out as the e-mail reader does: `Key:` on one line, the value on its own (a banner in an
      // X- header stands alone there, as on a page).
      // A Subject there that is not the message's own subject property is read too, as a title.
      const otherSubjects: string[] = [];
      for (const field of headerFields(parsed, { addresses: false, losses, subjects: subject })) {
        if (field.key?.toLowerCase() === 'subject') {
          otherSubjects.push(field.value ?? '');
          continue;
        }
        for (const line of headerFieldLines(field)) {
          headers.append(line);
          headers.endParagraph(field.address ? { kind: 'paragraph', field: 'address' } : { kind: 'paragraph' });
        }
      }
      if (otherSubjects.length) result.parts.push(lines('subject@headers', 'title', 'Subject in the transport headers', otherSubjects).toPart());
    } catch (err) {
      losses.push({ where: 'transport headers', kind: 'failed-stream', count: 1, detail: `The transport headers could not be parsed: ${(err as Error)?.message ?? err}.` });
    }
    read.add(transport.trim());
  }
  if (!headers.blank) result.parts.push(headers.toPart());

  const body = props.values(P.body);
  if (body.length) {
    result.parts.push(lines('body', 'body', 'plain-text body', body, true).toPart());
    seen(body);
  }

  const embedded = result.embedded as EmbeddedFile[];
  // A uuencoded or BinHex file written into the body: the body handed on as a file, decoded there.
  body.forEach((b, k) => {
    if (bodyCarriesEncodedFile(b)) embedded.push({ name: k ? `body-${k + 1}.txt` : 'body.txt', bytes: new TextEncoder().encode(b), origin: { filePart: 'message', detail: 'plain-text body, which carries a uuencoded or BinHex file' } });
  });
  // The HTML body: binary (in the internet code page, usually with its own meta charset) or text.
  // 8-bit HTML keeps its bytes (its meta charset names their encoding); Unicode HTML is written as
  // UTF-8 with a byte order mark, which outranks whatever charset its markup declares.
  const htmlEntries = rootProps.get(P.html) ?? [];
  const htmlText = props.first(P.html);
  const htmlBytes = htmlEntries.find((x: { type: number }) => x.type === BINARY || x.type === STRING8)?.raw;
  let html: Uint8Array | undefined;
  if (htmlBytes?.length) html = htmlBytes;
  else if (htmlText?.trim()) html = new TextEncoder().encode(`\ufeff${htmlText}`);
  if (html) {
    embedded.push({ name: 'body.html', bytes: html, origin: { filePart: 'message', detail: 'HTML body' } });
    if (htmlText) read.add(htmlText.trim());
  }

  // The RTF body: counted read when its text is the plain body's; otherwise handed on.
  const rtfCompressed = binary(rootProps, P.rtfCompressed);
  let rtfState = 'none';
  if (rtfCompressed?.length) {
    const size = rtfRawSize(rtfCompressed) ?? 0;
    if (size > ctx.limits.maxInflatedBytes) {
      result.unread.push({ where: 'RTF body', reason: 'limit', detail: `The RTF body would decompress to ${size} bytes, more than the limit of ${ctx.limits.maxInflatedBytes}.` });
      rtfState = 'over-limit';
    } else {
      let rtf: Uint8Array | undefined;
      try {
        rtf = Uint8Array.from(decompressRTF(Array.from(rtfCompressed)));
        const damage = compressedRtfDamage(rtfCompressed, rtf);
        if (damage) losses.push({ where: 'RTF body', kind: 'failed-stream', count: 1, detail: `The compressed RTF body is damaged: ${damage}; what it was read as may not be what it says.` });
      } catch (err) {
        losses.push({ where: 'RTF body', kind: 'failed-stream', count: 1, detail: `The compressed RTF body could not be decompressed: ${(err as Error)?.message ?? err}.` });
        rtfState = 'corrupt';
      }
      if (rtf) {
        // An HTML body encapsulated in RTF keeps its text in \*\htmltag groups, which plain RTF
        // reading skips: its text is what the HTML taken back out shows.
        const encapsulated = isEncapsulatedHtml(rtf);
        const unknown = unknownCodePage(rtf);
        if (unknown && encapsulated) {
          losses.push({ where: 'RTF body', kind: 'undecodable-bytes', count: unknown.bytes, detail: `The RTF body is written in code page ${unknown.codePage}, which no decoder here knows: ${unknown.bytes} text bytes were not read as what they say.` });
        }
        const text = lineEssences(encapsulated ? htmlShownText(rtfText(rtf, { html: true })) : rtfText(rtf));
        // Outlook's plain body writes each link's target after its text: not in the RTF's text.
        const plain = lineEssences(body.join('\n').replace(/<(?:https?|mailto|ftp|file):[^>\s]*>/gi, ''));
        if (!text.length) rtfState = 'empty';
        else if (sameLines(text, plain)) rtfState = 'same as plain body';
        else if (!html && encapsulated) {
          // The HTML body kept only inside the RTF: taken back out and read as HTML.
          rtfState = 'HTML taken out of RTF';
          html = new TextEncoder().encode(`\ufeff${rtfText(rtf, { html: true })}`);
          embedded.push({ name: 'body.html', bytes: html, origin: { filePart: 'message', detail: 'HTML body (encapsulated in the RTF body)' } });
        } else {
          rtfState = 'handed on';
          embedded.push({ name: 'body.rtf', bytes: rtf, origin: { filePart: 'message', detail: 'RTF body (its text differs from the plain-text body)' } });
        }
      }
    }
  }

  // S/MIME: the content sits in smime.p7m. Encrypted or opaque-signed, it cannot be opened; a
  // clear-signed message's attachment is the MIME message itself and is read as one.
  const messageClass = props.first(P.messageClass) ?? '';
  const smimeOpaque = /^IPM\.Note\.SMIME(?!\.MultipartSigned)/i.test(messageClass);
  // An opaque-signed smime.p7m carries its content: handed on, the CMS reader reads it.
  let signedOpened = false;

  const names = new PartBuilder('attachment-names', 'attachment-name', { filePart: 'message', detail: 'names of attachments' });
  const attachments = data.attachments ?? [];
  attachments.forEach((a, i) => {
    const ap = raw.get(a) ?? new Map();
    const at = new TextProps(ap, label, losses, `attachment ${i + 1}`);
    const shown = [...new Set([...at.values(P.displayName), ...at.values(P.attachLongFilename), ...at.values(P.attachFilename)].map((s) => s.trim()).filter(Boolean))];
    for (const n of shown) {
      names.append(n);
      names.endParagraph({ kind: 'paragraph' });
    }
    // Other text the attachment carries (a path, a description): read as attachment names too.
    for (const id of at.textIds()) {
      if (MACHINERY.has(id) || id === P.displayName || id === P.attachLongFilename || id === P.attachFilename) continue;
      for (const v of at.values(id)) {
        names.append(v.trim());
        names.endParagraph({ kind: 'paragraph' });
      }
    }
    const method = int32(ap, P.attachMethod);
    const mime = at.first(P.attachMimeTag) ?? '';
    if (smimeOpaque && /pkcs7-mime|\.p7m$/i.test(`${mime} ${shown.join(' ')}`)) {
      let content: Uint8Array | undefined;
      try {
        content = typeof a.dataId === 'number' ? reader.getAttachment(a).content : undefined;
      } catch {
        // Unreadable: the message stays sealed (unread below).
      }
      if (content?.length && cmsContentType(content) === 'signed') {
        embedded.push({ name: shown[0] ?? 'smime.p7m', bytes: content, origin: { filePart: 'message', detail: `S/MIME signed content, attachment ${i + 1}` } });
        signedOpened = true;
      }
      return;
    }
    const detail = (what: string) => `${what} ${i + 1}${mime ? ` (${mime})` : ''}`;
    try {
      if (a.innerMsgContent) {
        const { content } = reader.getAttachment(a);
        const base = shown[0]?.replace(/\.msg$/i, '') || `attached-message-${i + 1}`;
        if (content?.length) embedded.push({ name: method === 6 ? `${base}.ole` : `${base}.msg`, bytes: content, origin: { filePart: 'message', detail: detail(method === 6 ? 'embedded object' : 'attached message') } });
      } else if (typeof a.dataId === 'number') {
        const { content } = reader.getAttachment(a);
        if (content?.length) embedded.push({ name: shown.find((n) => /\.\w{1,8}$/.test(n)) ?? shown[0] ?? `attachment-${i + 1}`, bytes: content, origin: { filePart: 'message', detail: detail('attachment') } });
      }
      // Attached by reference (a path or URL): nothing of it is in the file; its path was read above.
    } catch (err) {
      result.unread.push({ where: `attachment ${i + 1}${shown[0] ? ` (${shown[0]})` : ''}`, reason: 'corrupt', detail: `The attachment could not be read from the message: ${(err as Error)?.message ?? err}.` });
    }
  });
  if (!names.blank) result.parts.push(names.toPart());
  if (smimeOpaque && !signedOpened) result.unread.push({ where: 'smime.p7m', reason: 'encrypted', detail: `An S/MIME encrypted message (${messageClass}): its content is sealed in smime.p7m, which prepub cannot open.` });

  // Every other text property of the message, once per distinct value: named properties
  // (keywords, categories), the conversation topic, the names of whoever last changed it.
  const other = new PartBuilder('properties', 'properties', { filePart: 'message', detail: 'message properties' });
  const handled = new Set<number>([P.subject, P.body, P.html, P.transportHeaders, P.senderName, P.sentRepresentingName, P.messageClass]);
  for (const id of rootProps.keys()) {
    if (handled.has(id) || MACHINERY.has(id)) continue;
    for (const v of props.values(id)) {
      const t = v.trim();
      if (read.has(t)) continue;
      read.add(t);
      for (const line of v.split(/\r\n|\r|\n/)) {
        other.append(line);
        other.endParagraph({ kind: 'paragraph' });
      }
    }
  }
  // Named properties of type binary (ids from 0x8000: an add-in's own data, a classification
  // label kept as bytes): their format is the add-in's, so the words in them are taken out as strings.
  for (const [id, values] of rootProps) {
    if (id < 0x8000 || MACHINERY.has(id)) continue;
    for (const { type, raw } of values) {
      if (type !== BINARY || raw.length < 4) continue;
      for (const w of streamStrings(raw)) {
        if (read.has(w)) continue;
        read.add(w);
        other.append(w);
        other.endParagraph({ kind: 'paragraph' });
      }
    }
  }
  if (!other.blank) result.parts.push(other.toPart());

  result.info = { attachments: attachments.length, recipients: (data.recipients ?? []).length, html: !!html, rtf: rtfState, ...(messageClass ? { messageClass } : {}), ...(codepage !== undefined ? { codepage } : {}) };
  if (!losses.length) delete result.loss;
  return result;
}

/** The MSG {@link Extractor}: an Outlook message in, its headers and bodies out, attachments for the scanner. */
export const msgExtractor: Extractor = {
  format: 'msg',
  extract: (bytes, ctx) => extractMsg(bytes, ctx),
};
