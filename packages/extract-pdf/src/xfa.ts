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

/** One way of reading an XML packet's bytes. */
export interface XmlReading {
  /** The encoding the bytes were decoded in. */
  encoding: string;
  text: string;
  /**
   * True when the packet says how to read it (a byte order mark, a declaration that decodes) or is
   * UTF-8; false for a reading guessed from the bytes, of which there may be several.
   */
  exact: boolean;
}

const XML_NAMES: Record<string, string> = { gb18030: 'GB18030', big5: 'Big5', 'utf-8': 'UTF-8', 'utf-16be': 'UTF-16BE', 'utf-16le': 'UTF-16LE' };

/**
 * The readings of an XML packet: one by its byte order mark, else by the encoding its declaration
 * names (GBK, GB2312, Big5 … as Chinese producers write them), else UTF-8; else every GB18030 and
 * Big5 reading its bytes have (legacy-text.ts). All guessed readings are kept: Big5 bytes almost
 * always decode as GB18030 nonsense too, and the first reading alone would hide the Big5 text.
 * Undefined when none decodes the bytes strictly.
 */
export function xmlReadings(bytes: Uint8Array): XmlReading[] | undefined {
  const strict = (label: string, b: Uint8Array): string | undefined => {
    try {
      return new TextDecoder(label, { fatal: true }).decode(b);
    } catch {
      return undefined;
    }
  };
  const exact = (encoding: string, text: string | undefined): XmlReading[] | undefined => (text === undefined ? undefined : [{ encoding, text, exact: true }]);
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return exact('utf-8', strict('utf-8', bytes));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return exact('utf-16be', strict('utf-16be', bytes));
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return exact('utf-16le', strict('utf-16le', bytes));
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
    if (text !== undefined) return exact(declared.toLowerCase(), text);
  }
  const utf8 = strict('utf-8', bytes);
  if (utf8 !== undefined) return exact('utf-8', utf8);
  const guessed = otherReadings(bytes)?.readings ?? [];
  return guessed.length > 0 ? guessed.map((r) => ({ encoding: r.encoding, text: r.text, exact: false })) : undefined;
}

/** How a part read from a packet in a guessed code page says so. */
function readingNote(detail: string, r: XmlReading): string {
  return r.exact ? detail : `${detail} — its bytes read as ${XML_NAMES[r.encoding] ?? r.encoding} (no encoding declared that decodes them, and not UTF-8)`;
}

/**
 * The XMP packet (/Metadata of the catalog) when pdf.js gave none: pdf.js reads it only as UTF-8
 * and only with /Type /Metadata /Subtype /XML, and skips any other without a word, so a packet in
 * GBK, UTF-16 or without those names is read here, a part per reading. A packet that does not
 * decode is a loss.
 */
export function addRawXmp(state: DocState, readByPdfJs: boolean): void {
  const raw = state.raw;
  if (readByPdfJs || !raw.ok || raw.encrypted) return;
  const doc: PDFDocument = raw.doc;
  const ref = doc.catalog.get(PDFName.of('Metadata'));
  if (!(resolve(doc, ref) instanceof PDFStream)) return;
  const bytes = streamBytes(doc, ref);
  const readings = bytes ? xmlReadings(bytes) : undefined;
  const detail = 'XMP packet (/Metadata of the catalog)';
  if (readings === undefined) {
    state.out.loss!.push({ where: 'xmp', kind: 'undecodable-bytes', count: 1, detail: 'The XMP metadata packet could not be decoded (neither by its declared encoding, nor as UTF-8, GB18030 or Big5): its text was not read.', origin: { filePart: 'xmp', detail } });
    return;
  }
  readings.forEach((r, i) => {
    const part = linesPart(i === 0 ? 'xmp:packet' : `xmp:packet:${r.encoding}`, 'metadata', xmlTextLines(r.text), { filePart: 'xmp', detail: readingNote(detail, r) });
    if (part) addPart(state, part);
  });
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
  // A packet's further readings (a guessed GB18030 and Big5 reading), a part per code page.
  const further = new Map<string, { lines: string[]; names: string[] }>();
  for (const p of packets) {
    const bytes = streamBytes(doc, p.stream);
    if (!bytes) return false;
    // Undecodable bytes become U+FFFD, which the text quality check reports.
    const readings = xmlReadings(bytes) ?? [{ encoding: 'utf-8', text: new TextDecoder('utf-8').decode(bytes), exact: true }];
    lines.push(...xmlTextLines(readings[0].text));
    for (const r of readings.slice(1)) {
      const f = further.get(r.encoding) ?? { lines: [], names: [] };
      f.lines.push(...xmlTextLines(r.text));
      f.names.push(p.name);
      further.set(r.encoding, f);
    }
  }
  const part = linesPart('xfa', 'form-field', lines, { filePart: 'XFA form', detail: `XFA packets: ${packets.map((p) => p.name).join(', ')}` });
  if (part) addPart(state, part);
  for (const [encoding, f] of further) {
    const detail = `XFA packets: ${f.names.join(', ')} — their bytes read as ${XML_NAMES[encoding] ?? encoding} (no encoding declared that decodes them, and not UTF-8)`;
    const other = linesPart(`xfa:${encoding}`, 'form-field', f.lines, { filePart: 'XFA form', detail });
    if (other) addPart(state, other);
  }
  return true;
}
