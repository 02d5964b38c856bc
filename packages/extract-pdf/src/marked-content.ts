/**
 * Text carried by the property lists of marked content (`/Tag <<…>> BDC`, `/Tag /Name BDC` with
 * the list in the resources' /Properties, and `DP`). pdf.js's operator list and text content keep
 * only a marked-content id and an optional-content group from them, yet:
 *
 * - `/ActualText` replaces what the enclosed content draws for copy and paste, search and screen
 *   readers (`/Span <</ActualText (机密★5年)>> BDC` around visible 公开发布): it is text of the page,
 *   read as `page-N:actual-text` (role `body`);
 * - `/Alt` and `/E` (alternate description, expansion of an abbreviation) are what a screen reader
 *   says for the content: `page-N:alt-text` (role `alt-text`);
 * - any other string of a property list (a producer's private keys, an artifact's /Contents) is
 *   published with the file but shown by no viewer: `page-N:marked-content` (role `hidden`).
 *
 * The page's content streams and the form XObjects they paint are lexed from the file's objects.
 */
import type { PartOrigin, PartRole } from '@prepub/core';
import { PDFArray, PDFDict, PDFHexString, PDFName, PDFRef, PDFStream, PDFString, type PDFDocument, type PDFObject } from 'pdf-lib';
import { addOtherReadings } from './legacy-text.ts';
import { resolve, streamBytes } from './raw.ts';
import { addPart, linesPart, type DocState } from './state.ts';

/** A lexed operand: a string's bytes, a name, a dictionary or array of operands, or anything else. */
type Operand = { s: Uint8Array } | { n: string } | { d: Map<string, Operand> } | { a: Operand[] } | null;

/** Most form XObjects followed per page, and most strings taken from one page's property lists. */
const MAX_FORMS = 200;
const MAX_STRINGS = 5000;
/** Deepest nesting of a property list read (a list in a list …). */
const MAX_DEPTH = 4;
/** Keys whose values are identifiers or codes, not text. */
const SKIPPED_KEYS = new Set(['MCID', 'Lang', 'Type', 'Subtype', 'S', 'O', 'Pagination', 'BBox', 'Attached']);

const isWhite = (c: number): boolean => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09 || c === 0x0c || c === 0x00;
const isDelim = (c: number): boolean => c === 0x28 || c === 0x29 || c === 0x3c || c === 0x3e || c === 0x5b || c === 0x5d || c === 0x7b || c === 0x7d || c === 0x2f || c === 0x25;

/** Calls `fn` with the tag and property list operand of every BDC and DP operator of a content stream. */
export function markedContentProps(data: Uint8Array, fn: (tag: string, props: Operand) => void): void {
  const n = data.length;
  let i = 0;
  // Operand stack; containers are open arrays/dicts being filled.
  let stack: Operand[] = [];
  const open: Array<{ kind: 'a' | 'd'; items: Operand[] }> = [];
  const push = (o: Operand): void => {
    if (open.length > 0) open[open.length - 1].items.push(o);
    else stack.push(o);
  };
  while (i < n) {
    const c = data[i];
    if (isWhite(c)) {
      i++;
      continue;
    }
    if (c === 0x25) {
      while (i < n && data[i] !== 0x0a && data[i] !== 0x0d) i++;
      continue;
    }
    if (c === 0x28) {
      // Literal string with escapes and balanced parentheses.
      const out: number[] = [];
      let depth = 1;
      i++;
      while (i < n && depth > 0) {
        const b = data[i++];
        if (b === 0x5c && i < n) {
          const e = data[i++];
          if (e === 0x6e) out.push(0x0a);
          else if (e === 0x72) out.push(0x0d);
          else if (e === 0x74) out.push(0x09);
          else if (e === 0x62) out.push(0x08);
          else if (e === 0x66) out.push(0x0c);
          else if (e >= 0x30 && e <= 0x37) {
            let v = e - 0x30;
            for (let k = 0; k < 2 && i < n && data[i] >= 0x30 && data[i] <= 0x37; k++) v = v * 8 + (data[i++] - 0x30);
            out.push(v & 0xff);
          } else if (e === 0x0d) {
            if (data[i] === 0x0a) i++;
          } else if (e !== 0x0a) out.push(e);
          continue;
        }
        if (b === 0x28) depth++;
        else if (b === 0x29 && --depth === 0) break;
        out.push(b);
      }
      push({ s: Uint8Array.from(out) });
      continue;
    }
    if (c === 0x3c && data[i + 1] === 0x3c) {
      open.push({ kind: 'd', items: [] });
      i += 2;
      continue;
    }
    if (c === 0x3e && data[i + 1] === 0x3e) {
      i += 2;
      const top = open.pop();
      if (!top) continue;
      const d = new Map<string, Operand>();
      for (let k = 0; k + 1 < top.items.length; k += 2) {
        const key = top.items[k];
        if (key && 'n' in key) d.set(key.n, top.items[k + 1]);
      }
      push({ d });
      continue;
    }
    if (c === 0x3c) {
      const hex: string[] = [];
      i++;
      while (i < n && data[i] !== 0x3e) {
        const h = String.fromCharCode(data[i++]);
        if (/[0-9a-fA-F]/.test(h)) hex.push(h);
      }
      i++;
      if (hex.length % 2 === 1) hex.push('0');
      push({ s: Uint8Array.from(Buffer.from(hex.join(''), 'hex')) });
      continue;
    }
    if (c === 0x5b) {
      open.push({ kind: 'a', items: [] });
      i++;
      continue;
    }
    if (c === 0x5d) {
      i++;
      const top = open.pop();
      if (top) push({ a: top.items });
      continue;
    }
    if (c === 0x2f) {
      let j = i + 1;
      while (j < n && !isWhite(data[j]) && !isDelim(data[j])) j++;
      const name = Buffer.from(data.subarray(i + 1, j)).toString('latin1').replace(/#([0-9a-fA-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
      push({ n: name });
      i = j;
      continue;
    }
    if (c === 0x7b || c === 0x7d || c === 0x29 || c === 0x3e) {
      i++;
      continue;
    }
    let j = i;
    while (j < n && !isWhite(data[j]) && !isDelim(data[j])) j++;
    if (j === i) j = i + 1;
    const word = Buffer.from(data.subarray(i, j)).toString('latin1');
    i = j;
    if (/^[+\-.\d]/.test(word) || word === 'true' || word === 'false' || word === 'null') {
      push(null);
      continue;
    }
    // An operator ends its operands (a malformed dictionary left open is dropped with them).
    if (open.length > 0) {
      open.length = 0;
    }
    if ((word === 'BDC' || word === 'DP') && stack.length >= 2) {
      const tag = stack[stack.length - 2];
      fn(tag && 'n' in tag ? tag.n : '', stack[stack.length - 1]);
    }
    if (word === 'BI') {
      // Inline image: skip its data up to EI.
      const id = indexOfWord(data, 'ID', i);
      const ei = id < 0 ? -1 : indexOfWord(data, 'EI', id + 3);
      i = ei < 0 ? n : ei + 2;
    }
    stack = [];
  }
}

/** Index of `word` standing alone (whitespace around it) at or after `from`, or -1. */
function indexOfWord(data: Uint8Array, word: string, from: number): number {
  const a = word.charCodeAt(0);
  const b = word.charCodeAt(1);
  for (let k = from; k + 1 < data.length; k++) {
    if (data[k] === a && data[k + 1] === b && (k === 0 || isWhite(data[k - 1])) && (k + 2 >= data.length || isWhite(data[k + 2]))) return k;
  }
  return -1;
}

/** A text string's bytes as text: UTF-16BE/LE or UTF-8 with a byte order mark, else PDFDocEncoding. */
function textString(bytes: Uint8Array): string {
  if (bytes.length === 0) return '';
  return PDFHexString.of(Buffer.from(bytes).toString('hex')).decodeText();
}

interface Found {
  role: PartRole;
  key: string;
  bytes: Uint8Array;
}

/** The strings of a property list (lexed inline, or a dictionary of the file), by key, nested values included. */
function collect(doc: PDFDocument, props: Operand | PDFObject | undefined, out: Found[], key = '', depth = 0, cut?: { strings: boolean }): void {
  if (props == null) return;
  // What the caps leave out is counted (as a limit), never dropped in silence.
  if (out.length >= MAX_STRINGS || depth > MAX_DEPTH) {
    if (cut) cut.strings = true;
    return;
  }
  const roleOf = (k: string): PartRole => (k === 'ActualText' ? 'body' : k === 'Alt' || k === 'E' ? 'alt-text' : 'hidden');
  if (props instanceof PDFRef) {
    // One level: the list (or a value) written as its own object keeps its place in the list.
    const target = resolve(doc, props);
    return target instanceof PDFRef ? undefined : collect(doc, target, out, key, depth, cut);
  }
  if (props instanceof PDFString || props instanceof PDFHexString) {
    out.push({ role: roleOf(key), key, bytes: props.asBytes() });
    return;
  }
  if (props instanceof PDFDict) {
    for (const [k, v] of props.entries()) if (!SKIPPED_KEYS.has(k.decodeText())) collect(doc, v, out, depth === 0 ? k.decodeText() : key, depth + 1, cut);
    return;
  }
  if (props instanceof PDFArray) {
    for (const v of props.asArray()) collect(doc, v, out, key, depth + 1, cut);
    return;
  }
  if (typeof props !== 'object' || props === null) return;
  if ('s' in props) out.push({ role: roleOf(key), key, bytes: props.s });
  else if ('d' in props) {
    for (const [k, v] of props.d) if (!SKIPPED_KEYS.has(k)) collect(doc, v, out, depth === 0 ? k : key, depth + 1, cut);
  } else if ('a' in props) for (const v of props.a) collect(doc, v, out, key, depth + 1, cut);
}

/** Decoded content streams of page `index` and of the form XObjects it names, each with its resources. */
function pageStreams(doc: PDFDocument, index: number, cut?: { forms: boolean }): Array<{ data: Uint8Array; resources: PDFObject | undefined; label: string }> {
  const page = doc.getPages()[index];
  if (!page) return [];
  const out: Array<{ data: Uint8Array; resources: PDFObject | undefined; label: string }> = [];
  const pageResources = page.node.Resources();
  const contents = resolve(doc, page.node.get(PDFName.of('Contents')));
  for (const c of contents instanceof PDFArray ? contents.asArray() : [page.node.get(PDFName.of('Contents'))]) {
    const data = streamBytes(doc, c);
    if (data) out.push({ data, resources: pageResources, label: 'page content' });
  }
  const seen = new Set<PDFObject>();
  const queue: Array<{ ref: PDFObject; resources: PDFObject | undefined }> = [];
  const addResources = (res: PDFObject | undefined): void => {
    const r = resolve(doc, res);
    const xo = r instanceof PDFDict ? resolve(doc, r.get(PDFName.of('XObject'))) : undefined;
    if (xo instanceof PDFDict) for (const v of xo.values()) queue.push({ ref: v, resources: res });
  };
  addResources(pageResources);
  while (queue.length > 0) {
    if (seen.size >= MAX_FORMS) {
      // Any form XObject still waiting is one whose property lists are not read.
      if (cut) cut.forms = queue.some(({ ref }) => {
        const s = resolve(doc, ref);
        return s instanceof PDFStream && !seen.has(s);
      });
      break;
    }
    const { ref, resources } = queue.shift()!;
    const s = resolve(doc, ref);
    if (!(s instanceof PDFStream) || seen.has(s)) continue;
    seen.add(s);
    const subtype = resolve(doc, s.dict.get(PDFName.of('Subtype')));
    if (!(subtype instanceof PDFName) || subtype.decodeText() !== 'Form') continue;
    const own = s.dict.get(PDFName.of('Resources')) ?? resources;
    const data = streamBytes(doc, s);
    if (data) out.push({ data, resources: own, label: ref instanceof PDFRef ? `form XObject ${ref.objectNumber} ${ref.generationNumber}` : 'form XObject' });
    addResources(own);
  }
  return out;
}

const PARTS: Record<string, { suffix: string; detail: string }> = {
  body: { suffix: 'actual-text', detail: 'ActualText of marked content (the text copy and paste and screen readers give for what is drawn there)' },
  'alt-text': { suffix: 'alt-text', detail: 'alternate description (/Alt, /E) of marked content' },
  hidden: { suffix: 'marked-content', detail: 'strings of marked-content property lists, shown by no viewer' },
};

/** Reads the strings of page `n`'s marked-content property lists into located parts (see the module comment). */
export function addMarkedContentText(state: DocState, n: number, origin: PartOrigin): void {
  const raw = state.raw;
  // Encrypted streams cannot be decoded here.
  if (!raw.ok || raw.encrypted) return;
  const doc = raw.doc;
  const found: Found[] = [];
  const cut = { strings: false, forms: false };
  for (const { data, resources } of pageStreams(doc, n - 1, cut)) {
    markedContentProps(data, (tag, props) => {
      if (tag === 'OC') return; // An optional-content group: its name is read with the layers.
      if (props && 'n' in props) {
        // A property list named in the resources' /Properties.
        const res = resolve(doc, resources);
        const named = res instanceof PDFDict ? resolve(doc, res.get(PDFName.of('Properties'))) : undefined;
        if (named instanceof PDFDict) collect(doc, named.get(PDFName.of(props.n)), found, '', 0, cut);
        return;
      }
      collect(doc, props, found, '', 0, cut);
    });
  }
  if (cut.strings || cut.forms) {
    const what = [cut.strings ? `property lists beyond ${MAX_STRINGS} strings or nested deeper than ${MAX_DEPTH}` : '', cut.forms ? `form XObjects beyond ${MAX_FORMS}` : ''].filter(Boolean).join(' and ');
    state.out.unread.push({ where: `page ${n}: marked content`, reason: 'limit', detail: `The marked content of page ${n} has ${what}: their strings (ActualText, alternate descriptions, private keys) were not read.`, origin });
  }
  for (const role of ['body', 'alt-text', 'hidden'] as const) {
    const items = found.filter((f) => f.role === role);
    const lines = items.map((f) => textString(f.bytes)).filter((t) => t.trim().length > 0);
    if (lines.length === 0) continue;
    const { suffix, detail } = PARTS[role];
    const id = `page-${n}:${suffix}`;
    const o: PartOrigin = { ...origin, detail };
    const part = linesPart(id, role, lines, o);
    if (part) addPart(state, part);
    addOtherReadings(state, id, role, o, items.map((f) => f.bytes));
  }
}
