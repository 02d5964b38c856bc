/**
 * Flat OPC documents (`pkg:package`, namespace http://schemas.microsoft.com/office/2006/xmlPackage):
 * Word 2007+'s "Word XML Document" and PowerPoint's "XML Presentation", one XML file holding every
 * part of the package (`pkg:part` with its name, content type and `pkg:xmlData` or base64
 * `pkg:binaryData`). Office systems fill such templates and hand them out as `.doc` or `.xml`.
 * The parts are put back into a package, which is scanned as the file it is (a DOCX, a PPTX …):
 * its runs, headers, hidden text and pictures read as in any package. Read as text, each run's
 * text was a line of its own and a marking written over several runs passed.
 */
import { zipSync } from 'fflate';
import { PartBuilder, type ExtractContext, type Extraction, type Extractor } from '@prepub/core';
import { decodeXml } from './xml.ts';

export { isFlatOpc } from './flatopc-sniff.ts';

export const FLAT_OPC_MEDIA_TYPE = 'application/vnd.ms-office.flat-opc+xml';

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');

function attrOf(attrs: string, local: string): string | undefined {
  const m = new RegExp(`(?:^|\\s)(?:[\\w.-]+:)?${local}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`).exec(attrs);
  return m ? (m[1] ?? m[2]) : undefined;
}

const codePoint = (n: number, whole: string) => (n >= 0 && n <= 0x10ffff ? String.fromCodePoint(n) : whole);
const decodeEntities = (s: string) =>
  unescapeAttr(s.replace(/&#x([0-9a-f]{1,8});/gi, (m, h: string) => codePoint(parseInt(h, 16), m)).replace(/&#(\d{1,9});/g, (m, d: string) => codePoint(Number(d), m)));
const unescapeAttr = (s: string) => s.replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

/** The package the file holds: entry name → bytes, with a [Content_Types].xml from the parts' content types. */
export function flatOpcEntries(xml: string): { files: Record<string, Uint8Array>; main: string | undefined; cut: boolean; outside: string } {
  const enc = new TextEncoder();
  const files: Record<string, Uint8Array> = {};
  const overrides: string[] = [];
  let main: string | undefined;
  let cut = false;
  let outside = '';
  let last = 0;
  const re = /<([\w.-]+:)?part\b([^>]*?)(\/>|>)/g;
  for (let m = re.exec(xml); m; m = re.exec(xml)) {
    outside += `${xml.slice(last, m.index)}\n`;
    const prefix = m[1] ?? '';
    const name = unescapeAttr(attrOf(m[2], 'name') ?? '').replace(/^\/+/, '');
    const type = unescapeAttr(attrOf(m[2], 'contentType') ?? '');
    let inner = '';
    if (m[3] === '>') {
      const close = xml.indexOf(`</${prefix}part>`, re.lastIndex);
      if (close < 0) {
        cut = true;
        inner = xml.slice(re.lastIndex);
        re.lastIndex = xml.length;
      } else {
        inner = xml.slice(re.lastIndex, close);
        re.lastIndex = close;
      }
    }
    last = re.lastIndex;
    if (!name) continue;
    let data: Uint8Array;
    const xmlData = new RegExp(`<${prefix}xmlData\\b[^>]*>([\\s\\S]*?)(?:</${prefix}xmlData>|$)`).exec(inner);
    const binData = new RegExp(`<${prefix}binaryData\\b[^>]*>([\\s\\S]*?)(?:</${prefix}binaryData>|$)`).exec(inner);
    if (xmlData) data = enc.encode(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>${xmlData[1]}`);
    else if (binData) data = Buffer.from(binData[1].replace(/\s+/g, ''), 'base64');
    else data = enc.encode(inner);
    // A name given twice keeps both copies: the package reader reads each.
    let entry = name;
    for (let k = 2; files[entry] !== undefined; k++) entry = `${name}.copy${k}`;
    files[entry] = data;
    if (type) overrides.push(`<Override PartName="/${esc(name)}" ContentType="${esc(type)}"/>`);
    if (!main && /\.main\+xml$/.test(type)) main = name;
  }
  outside += xml.slice(last);
  if (!files['[Content_Types].xml']) {
    files['[Content_Types].xml'] = enc.encode(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>${overrides.join('')}</Types>`);
  }
  // What stands between the parts (text no part holds, which Office ignores): its text, tags dropped.
  const between = outside
    .replace(/<[^>]*>/g, '\n')
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .join('\n');
  return { files, main, cut, outside: between };
}

/** What a package's main part makes it, for the name it is handed to the scan under. */
function extensionOf(main: string | undefined): string {
  if (!main) return 'zip';
  if (/^word\//i.test(main)) return 'docx';
  if (/^ppt\//i.test(main)) return 'pptx';
  if (/^xl\//i.test(main)) return 'xlsx';
  return 'zip';
}

/** Reads a Flat OPC document: its parts, put back into a package, scanned as an embedded file. */
export async function extractFlatOpc(bytes: Uint8Array, ctx: ExtractContext): Promise<Extraction> {
  const result: Extraction = { format: 'flatopc', mediaType: FLAT_OPC_MEDIA_TYPE, parts: [], unread: [], embedded: [], info: {} };
  if (bytes.length > ctx.limits.maxFileBytes) {
    result.unread.push({ where: 'file', reason: 'limit', detail: `The file is ${bytes.length} bytes, more than the limit of ${ctx.limits.maxFileBytes} bytes; it was not read.` });
    return result;
  }
  const text = decodeXml(bytes);
  const { files, main, cut, outside } = flatOpcEntries(text);
  if (outside) {
    const b = new PartBuilder('pkg:package#outside-parts', 'hidden', { filePart: 'pkg:package', detail: 'text between the parts of the Flat OPC document, which Office does not show' });
    for (const line of outside.split('\n')) b.append(decodeEntities(line)), b.endParagraph({ kind: 'paragraph' });
    result.parts.push(b.toPart());
  }
  const names = Object.keys(files).filter((n) => n !== '[Content_Types].xml');
  result.info = { parts: names.length };
  if (names.length === 0) {
    result.unread.push({ where: 'file', reason: 'corrupt', detail: 'The Flat OPC document holds no part (pkg:part): nothing of it could be read.' });
    return result;
  }
  if (cut || !/<\/([\w.-]+:)?package>\s*$/.test(text)) result.unread.push({ where: 'file', reason: 'corrupt', detail: 'The document ends before its root element (pkg:package) closes: the file was cut short, and what followed is lost.' });
  const ext = extensionOf(main);
  result.embedded!.push({ name: `package.${ext}`, bytes: zipSync(files, { level: 0 }), origin: { filePart: main ?? 'pkg:package', detail: `the parts of the Flat OPC document, as a ${ext.toUpperCase()} package` } });
  return result;
}

export const flatOpcExtractor: Extractor = { format: 'flatopc', extract: (bytes, ctx) => extractFlatOpc(bytes, ctx) };
