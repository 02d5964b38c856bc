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

/** Nesting no real Word part comes near (they nest a few dozen levels). */
const MAX_NESTING = 1000;

/**
 * htmlparser2 keeps its element stack with unshift and searches it for every closing tag, so a part
 * nesting 100,000 elements, or closing 100,000 that were never opened, takes minutes (measured 31 s)
 * and blocks the process. One linear look at the tags first refuses such markup as a limit.
 *
 * The look is a hand-written scan, not a regular expression: a pattern like `<name[^>]*>` retried
 * at every `<` of `<a <a <a …` (no `>` anywhere) rescans the rest of the part each time, which is
 * quadratic. Here every character is visited a bounded number of times: once a tag start finds no
 * `>` after it, no later tag can close either, and the scan ends. `voids` names HTML elements that
 * never close (`br`, `img`), which are not counted as open.
 */
export function assertShallow(markup: string, what: string, voids?: ReadonlySet<string>): void {
  const open = new Map<string, number>();
  let depth = 0;
  let stray = 0;
  const n = markup.length;
  let pos = markup.indexOf('<');
  while (pos >= 0 && pos < n) {
    let i = pos + 1;
    const closing = markup.charCodeAt(i) === 0x2f; // '/'
    if (closing) i++;
    const nameStart = i;
    if (i < n && isNameStart(markup.charCodeAt(i))) {
      i++;
      while (i < n && isNameChar(markup.charCodeAt(i))) i++;
    }
    if (i === nameStart) {
      // `<!--`, `<?xml`, `<![CDATA[` or a stray `<`: not an element.
      pos = markup.indexOf('<', pos + 1);
      continue;
    }
    const gt = markup.indexOf('>', i);
    if (gt < 0) break;
    const selfClosing = gt > i && markup.charCodeAt(gt - 1) === 0x2f;
    let name = markup.slice(nameStart, i);
    if (voids) name = name.toLowerCase();
    if (!selfClosing && !(voids?.has(name))) {
      if (closing) {
        const c = open.get(name) ?? 0;
        if (c > 0) {
          open.set(name, c - 1);
          depth--;
        } else if (++stray > MAX_NESTING) break;
      } else {
        open.set(name, (open.get(name) ?? 0) + 1);
        if (++depth > MAX_NESTING) break;
      }
    }
    pos = markup.indexOf('<', gt + 1);
  }
  if (depth > MAX_NESTING || stray > MAX_NESTING) {
    throw new EntryError('limit', `${what} nests elements more than ${MAX_NESTING} deep or closes more than ${MAX_NESTING} that were never opened (crafted or damaged markup); it was not parsed`);
  }
}

/** `[A-Za-z_]`: what may start an element name. */
function isNameStart(c: number): boolean {
  return (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x5f;
}

/** `[\w:.-]`: what may follow in an element name. */
function isNameChar(c: number): boolean {
  return isNameStart(c) || (c >= 0x30 && c <= 0x39) || c === 0x3a || c === 0x2e || c === 0x2d;
}

/** Parses `xml`, calling `h` per element and text node. Malformed XML never throws; the parser recovers. */
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
