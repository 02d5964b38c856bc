/**
 * XFA forms (/AcroForm /XFA): an XML description of the form (template: captions, static text,
 * scripts) and its data (datasets: the values filled in). pdf.js does not lay them out here, so their
 * text is read from the XML: every text node, one line each, with references resolved. A packet that
 * does not decode leaves the form reported unread.
 */
import { PDFArray, PDFDict, PDFName, type PDFDocument } from 'pdf-lib';
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
    lines.push(...xmlTextLines(new TextDecoder('utf-8').decode(bytes)));
  }
  const part = linesPart('xfa', 'form-field', lines, { filePart: 'XFA form', detail: `XFA packets: ${packets.map((p) => p.name).join(', ')}` });
  if (part) addPart(state, part);
  return true;
}
