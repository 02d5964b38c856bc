/** A thin SAX layer over htmlparser2 in XML mode: local names (prefixes dropped) and decoded text. */
import { Parser } from 'htmlparser2';
import { EntryError } from './zip.ts';

export type Attrs = Record<string, string>;

export interface XmlHandler {
  open(name: string, attrs: Attrs): void;
  close(name: string): void;
  text(text: string): void;
}

/**
 * Element names are compared without their prefix: most packages say `w:p`, but some writers bind
 * the WordprocessingML namespace to another prefix or to the default namespace.
 */
export function localName(qname: string): string {
  const i = qname.indexOf(':');
  return i < 0 ? qname : qname.slice(i + 1);
}

/** Looks an attribute up by local name (`w:val`, `val` and `r:id` alike). */
export function attr(attrs: Attrs, local: string): string | undefined {
  const direct = attrs[local];
  if (direct !== undefined) return direct;
  for (const k in attrs) {
    const i = k.indexOf(':');
    if (i >= 0 && k.slice(i + 1) === local && !k.startsWith('xmlns')) return attrs[k];
  }
  return undefined;
}

/** Parses `xml`, calling `h` per element and text node. Malformed XML never throws; the parser recovers. */
/** Nesting no real Word part comes near (they nest a few dozen levels). */
const MAX_NESTING = 1000;

/**
 * htmlparser2 keeps its element stack with unshift and searches it for every closing tag, so a part
 * nesting 100,000 elements, or closing 100,000 that were never opened, takes minutes (measured 31 s)
 * and blocks the process. One linear look at the tags first refuses such markup as a limit.
 */
export function assertShallow(markup: string, what: string): void {
  const open = new Map<string, number>();
  let depth = 0;
  let stray = 0;
  const re = /<(\/?)([A-Za-z_][\w:.-]*)[^>]*?(\/?)>/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(markup))) {
    if (m[3]) continue;
    const name = m[2];
    if (m[1]) {
      const n = open.get(name) ?? 0;
      if (n > 0) {
        open.set(name, n - 1);
        depth--;
      } else if (++stray > MAX_NESTING) break;
    } else {
      open.set(name, (open.get(name) ?? 0) + 1);
      if (++depth > MAX_NESTING) break;
    }
  }
  if (depth > MAX_NESTING || stray > MAX_NESTING) {
    throw new EntryError('limit', `${what} nests elements more than ${MAX_NESTING} deep or closes more than ${MAX_NESTING} that were never opened (crafted or damaged markup); it was not parsed`);
  }
}

export function parseXml(xml: string, h: XmlHandler): void {
  assertShallow(xml, 'an XML part');
  const parser = new Parser(
    {
      onopentag: (name, attrs) => h.open(localName(name), attrs),
      onclosetag: (name) => h.close(localName(name)),
      ontext: (t) => h.text(t),
    },
    { xmlMode: true, decodeEntities: true },
  );
  parser.write(xml);
  parser.end();
}

const utf8 = new TextDecoder('utf-8');

/** Decodes an XML part: UTF-8 by default, UTF-16 by BOM, or the encoding its declaration names. */
export function decodeXml(bytes: Uint8Array): string {
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  const head = String.fromCharCode(...bytes.subarray(0, Math.min(bytes.length, 100)));
  const m = /^(?:\uFEFF|\xEF\xBB\xBF)?<\?xml[^>]*encoding=["']([A-Za-z0-9_.-]+)["']/.exec(head);
  if (m && !/^utf-?8$/i.test(m[1])) {
    try {
      return new TextDecoder(m[1].toLowerCase()).decode(bytes);
    } catch {
      // An unknown label: fall back to UTF-8, which is what Word writes anyway.
    }
  }
  return utf8.decode(bytes).replace(/^\uFEFF/, '');
}
