/**
 * XFA forms (/AcroForm /XFA): an XML description of the form (template: captions, static text,
 * scripts) and its data (datasets: the values filled in). pdf.js does not lay them out here, so their
 * text is read from the XML: every text node, one line each, with references resolved. A packet that
 * does not decode leaves the form reported unread.
 */
import { PDFArray, PDFDict, PDFName, PDFStream, type PDFDocument } from 'pdf-lib';
import { otherReadings } from './legacy-text.ts';
import { resolve, streamBytes, textOf } from './raw.ts';
import { addPart, linesPart, type DocState } from './state.ts';

/** Text nodes of an XML document, linear: tags dropped, CDATA kept, references resolved. */
export function xmlTextLines(xml: string): string[] {
  const out: string[] = [];
  const re = /<!\[CDATA\[([\s\S]*?)\]\]>|<!--[\s\S]*?-->|<[^>]*>|([^<]+)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(xml))) {
    const t = m[1] ?? (m[2] !== undefined ? decodeXmlReferences(m[2]) : undefined);
    if (t === undefined) continue;
    for (const line of t.split(/\r\n?|\n/)) if (line.trim()) out.push(line.trim());
  }
  return out;
}

function decodeXmlReferences(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(/&(#x[0-9a-f]+|#\d+|lt|gt|amp|quot|apos);/gi, (all, r: string) => {
    const k = r.toLowerCase();
    if (k[0] === '#') {
      const n = k[1] === 'x' ? parseInt(k.slice(2), 16) : parseInt(k.slice(1), 10);
      return n > 0 && n <= 0x10ffff ? String.fromCodePoint(n) : all;
    }
    return ({ lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" } as Record<string, string>)[k] ?? all;
  });
}

/**
 * An XML packet's text: by its byte order mark, else by the encoding its declaration names (GBK,
 * GB2312, Big5 … as Chinese producers write them), else UTF-8, else a GB18030 or Big5 reading of
 * its bytes (legacy-text.ts). Undefined when none decodes the bytes strictly.
 */
export function decodeXml(bytes: Uint8Array): string | undefined {
  const strict = (label: string, b: Uint8Array): string | undefined => {
    try {
      return new TextDecoder(label, { fatal: true }).decode(b);
    } catch {
      return undefined;
    }
  };
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return strict('utf-8', bytes);
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return strict('utf-16be', bytes);
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return strict('utf-16le', bytes);
  // The declaration may follow an <?xpacket?> processing instruction (XMP).
  const head = Buffer.from(bytes.subarray(0, 512)).toString('latin1');
  const declared = /<\?xml[^>]*\bencoding\s*=\s*["']([A-Za-z0-9._:-]+)["']/.exec(head)?.[1];
  if (declared) {
    let known = true;
    try {
      new TextDecoder(declared);
    } catch {
      known = false;
    }
    const text = known ? strict(declared, bytes) : undefined;
    if (text !== undefined) return text;
  }
  const utf8 = strict('utf-8', bytes);
  if (utf8 !== undefined) return utf8;
  return otherReadings(bytes)?.readings[0]?.text;
}

/**
 * The XMP packet (/Metadata of the catalog) when pdf.js gave none: pdf.js reads it only as UTF-8
 * and only with /Type /Metadata /Subtype /XML, and skips any other without a word, so a packet in
 * GBK, UTF-16 or without those names is read here. A packet that does not decode is a loss.
 */
export function addRawXmp(state: DocState, readByPdfJs: boolean): void {
  const raw = state.raw;
  if (readByPdfJs || !raw.ok || raw.encrypted) return;
  const doc: PDFDocument = raw.doc;
  const ref = doc.catalog.get(PDFName.of('Metadata'));
  if (!(resolve(doc, ref) instanceof PDFStream)) return;
  const bytes = streamBytes(doc, ref);
  const text = bytes ? decodeXml(bytes) : undefined;
  const origin = { filePart: 'xmp', detail: 'XMP packet (/Metadata of the catalog)' };
  if (text === undefined) {
    state.out.loss!.push({ where: 'xmp', kind: 'undecodable-bytes', count: 1, detail: 'The XMP metadata packet could not be decoded (neither by its declared encoding, nor as UTF-8, GB18030 or Big5): its text was not read.', origin });
    return;
  }
  const part = linesPart('xmp:packet', 'metadata', xmlTextLines(text), origin);
  if (part) addPart(state, part);
}

/**
 * Reads the XFA packets into a `form-field` part. Returns false when the form could not be read
 * whole (no raw parse, a packet that does not decode): the caller then reports it unread.
 */
export function addXfa(state: DocState): boolean {
  const raw = state.raw;
  if (!raw.ok || raw.encrypted) return false;
  const doc: PDFDocument = raw.doc;
  const acro = resolve(doc, doc.catalog.get(PDFName.of('AcroForm')));
  if (!(acro instanceof PDFDict)) return false;
  const xfa = resolve(doc, acro.get(PDFName.of('XFA')));
  // Either one stream or [name1 stream1 name2 stream2 …].
  const packets: Array<{ name: string; stream: ReturnType<typeof resolve> }> = [];
  if (xfa instanceof PDFArray) {
    const items = xfa.asArray();
    for (let i = 0; i + 1 < items.length; i += 2) packets.push({ name: textOf(resolve(doc, items[i])) ?? `packet ${i / 2 + 1}`, stream: items[i + 1] });
  } else if (xfa) packets.push({ name: 'xdp', stream: xfa });
  if (!packets.length) return false;
  const lines: string[] = [];
  for (const p of packets) {
    const bytes = streamBytes(doc, p.stream);
    if (!bytes) return false;
    // Undecodable bytes become U+FFFD, which the text quality check reports.
    lines.push(...xmlTextLines(decodeXml(bytes) ?? new TextDecoder('utf-8').decode(bytes)));
  }
  const part = linesPart('xfa', 'form-field', lines, { filePart: 'XFA form', detail: `XFA packets: ${packets.map((p) => p.name).join(', ')}` });
  if (part) addPart(state, part);
  return true;
}
