/**
 * The values of an XMP packet (dc:title, dc:description, photoshop:Headline …) as a viewer's
 * properties show them: every element's text and every attribute value that is text, each its own
 * value, without the XML around them, so a value that is a marking stands alone. One linear pass
 * over the packet, tolerant of damage (no well-formedness required): whatever is not markup is text.
 */

/** Attributes that are XML or RDF plumbing, never text a person reads. */
const PLUMBING = /^(xmlns(:.*)?|xml:lang|xml:space|rdf:parseType|rdf:nodeID|rdf:datatype)$/;
/** RDF containers between a property and its values: the property names the value. */
const CONTAINERS = new Set(['rdf:li', 'rdf:Alt', 'rdf:Seq', 'rdf:Bag', 'rdf:Description', 'rdf:RDF', 'x:xmpmeta', 'x:xapmeta', 'rdf:value']);
/** Deepest element nesting remembered (deeper elements still give their text). */
const MAX_DEPTH = 256;

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function decodeEntities(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(/&(#[xX][0-9a-fA-F]{1,6}|#[0-9]{1,7}|lt|gt|amp|quot|apos);/g, (m, e: string) => {
    if (e[0] !== '#') return ENTITIES[e] ?? m;
    const n = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
    return n > 0 && n <= 0x10ffff && !(n >= 0xd800 && n <= 0xdfff) ? String.fromCodePoint(n) : m;
  });
}

/** The XMP packet's bytes as text: UTF-16 when it says so (BOM or `<` beside a zero), else UTF-8 (GB18030 when not valid UTF-8). */
export function decodeXmp(b: Uint8Array): string {
  if (b[0] === 0xfe && b[1] === 0xff) return new TextDecoder('utf-16be').decode(b.subarray(2));
  if (b[0] === 0xff && b[1] === 0xfe) return new TextDecoder('utf-16le').decode(b.subarray(2));
  if (b[0] === 0 && b[1] === 0x3c) return new TextDecoder('utf-16be').decode(b);
  if (b[0] === 0x3c && b[1] === 0) return new TextDecoder('utf-16le').decode(b);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(b);
  } catch {
    return new TextDecoder('gb18030').decode(b);
  }
}

/** Whether `s` looks like an XMP packet (rather than text that merely holds a `<`). */
export function looksLikeXmp(s: string): boolean {
  const head = s.slice(0, 4096);
  return /<\?xpacket|<x:x[am]pmeta|<rdf:RDF/.test(head);
}

/**
 * The text values of an XMP packet, each `[property, value]` in packet order: element text (in
 * `rdf:li` items, named by the property above them), attribute values (`dc:title="…"`), comments
 * and CDATA. Element and attribute names holding other than ASCII are given too: nothing a hostile
 * file writes outside markup is dropped. `maxValues` bounds how many are returned.
 */
export function xmpValues(xml: string, maxValues = 100_000): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  const stack: string[] = [];
  /** How many times each name is on the stack: an end tag of a name not open is found in O(1). */
  const open = new Map<string, number>();
  const property = (): string => {
    for (let k = stack.length - 1; k >= 0; k--) if (!CONTAINERS.has(stack[k])) return stack[k];
    return 'packet';
  };
  const emit = (name: string, value: string): void => {
    if (out.length < maxValues && value.trim()) out.push([name, value]);
  };
  const nonAsciiName = (name: string): void => {
    if (/[^\x00-\x7f]/.test(name)) emit('name', name);
  };
  const n = xml.length;
  let i = 0;
  while (i < n && out.length < maxValues) {
    const lt = xml.indexOf('<', i);
    const textEnd = lt < 0 ? n : lt;
    if (textEnd > i) emit(property(), decodeEntities(xml.slice(i, textEnd)));
    if (lt < 0) break;
    i = lt;
    if (xml.startsWith('<!--', i)) {
      const end = xml.indexOf('-->', i + 4);
      emit('comment', xml.slice(i + 4, end < 0 ? n : end));
      i = end < 0 ? n : end + 3;
      continue;
    }
    if (xml.startsWith('<![CDATA[', i)) {
      const end = xml.indexOf(']]>', i + 9);
      emit(property(), xml.slice(i + 9, end < 0 ? n : end));
      i = end < 0 ? n : end + 3;
      continue;
    }
    if (xml[i + 1] === '?' || xml[i + 1] === '!') {
      const end = xml.indexOf('>', i + 2);
      i = end < 0 ? n : end + 1;
      continue;
    }
    if (xml[i + 1] === '/') {
      const end = xml.indexOf('>', i + 2);
      const name = xml.slice(i + 2, end < 0 ? n : end).trim();
      nonAsciiName(name);
      // Close the innermost open element of that name (a stray end tag closes nothing).
      if (open.get(name)) {
        const at = stack.lastIndexOf(name);
        // Each element popped was pushed once: linear over the packet.
        for (let k = at; k < stack.length; k++) open.set(stack[k], open.get(stack[k])! - 1);
        stack.length = at;
      }
      i = end < 0 ? n : end + 1;
      continue;
    }
    // A start tag: its name, then attributes up to `>` or `/>` (quoted values may hold `>`).
    let j = i + 1;
    while (j < n && !/[\s/>]/.test(xml[j])) j++;
    const name = xml.slice(i + 1, j);
    if (!name) {
      // A lone `<` is text.
      emit(property(), '<');
      i += 1;
      continue;
    }
    nonAsciiName(name);
    let selfClosing = false;
    while (j < n) {
      const c = xml[j];
      if (c === '>') break;
      if (c === '/' && xml[j + 1] === '>') {
        selfClosing = true;
        break;
      }
      if (/\s/.test(c)) {
        j++;
        continue;
      }
      let k = j;
      while (k < n && !/[\s=/>]/.test(xml[k])) k++;
      const attr = xml.slice(j, k);
      if (k === j) {
        // A stray character (`=` or a lone `/`): skip it.
        j = k + 1;
        continue;
      }
      nonAsciiName(attr);
      while (k < n && /\s/.test(xml[k])) k++;
      if (xml[k] !== '=') {
        j = k;
        continue;
      }
      k++;
      while (k < n && /\s/.test(xml[k])) k++;
      const q = xml[k];
      let value: string;
      if (q === '"' || q === "'") {
        const end = xml.indexOf(q, k + 1);
        value = xml.slice(k + 1, end < 0 ? n : end);
        j = end < 0 ? n : end + 1;
      } else {
        let e = k;
        while (e < n && !/[\s>]/.test(xml[e])) e++;
        value = xml.slice(k, e);
        j = e;
      }
      if (!PLUMBING.test(attr)) emit(attr, decodeEntities(value));
    }
    if (!selfClosing && stack.length < MAX_DEPTH) {
      stack.push(name);
      open.set(name, (open.get(name) ?? 0) + 1);
    }
    i = j >= n ? n : j + (selfClosing ? 2 : 1);
  }
  return out;
}
