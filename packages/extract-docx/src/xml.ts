/** A thin SAX layer over htmlparser2 in XML mode: local names (prefixes dropped) and decoded text. */
import { Parser } from 'htmlparser2';
import { PartBuilder, type TextPart } from '@prepub/core';
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
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return expandInternalEntities(new TextDecoder('utf-16le').decode(bytes.subarray(2)));
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) return expandInternalEntities(new TextDecoder('utf-16be').decode(bytes.subarray(2)));
  const head = String.fromCharCode(...bytes.subarray(0, Math.min(bytes.length, 100)));
  const m = /^(?:\uFEFF|\xEF\xBB\xBF)?<\?xml[^>]*encoding=["']([A-Za-z0-9_.-]+)["']/.exec(head);
  if (m && !/^utf-?8$/i.test(m[1])) {
    try {
      return expandInternalEntities(new TextDecoder(m[1].toLowerCase()).decode(bytes));
    } catch {
      // An unknown label: fall back to UTF-8, which is what Word writes anyway.
    }
  }
  return expandInternalEntities(utf8.decode(bytes).replace(/^\uFEFF/, ''));
}

/** The five entities XML predefines. */
const PREDEFINED = new Set(['lt', 'gt', 'amp', 'quot', 'apos']);
/** An entity reference (`&m;`), not a character reference. */
const ENTITY_REF = /&([A-Za-z_:\u00c0-\uffff][\w.:\u00b7\u00c0-\uffff-]*);/g;
/** Characters the expansion of a part's internal entities may add: a few times any real use, far below a billion laughs. */
const MAX_ENTITY_EXPANSION = 1 << 20;
/** Entities an entity's value may pass through before a reference stops being expanded. */
const MAX_ENTITY_DEPTH = 16;

/**
 * Where the DOCTYPE declaration at `at` ends (the index after its `>`), following quotes and the
 * internal subset (`[ … ]`, with its declarations, comments and quoted values); -1 when it never ends.
 */
function doctypeEnd(xml: string, at: number): { end: number; subset?: string } {
  let quote = 0;
  let subsetStart = -1;
  for (let i = at + 9; i < xml.length; i++) {
    const c = xml.charCodeAt(i);
    if (quote) {
      if (c === quote) quote = 0;
    } else if (c === 0x22 || c === 0x27) quote = c;
    else if (subsetStart >= 0 && xml.startsWith('<!--', i)) {
      const close = xml.indexOf('-->', i + 4);
      if (close < 0) return { end: -1 };
      i = close + 2;
    } else if (c === 0x5b /* [ */ && subsetStart < 0) subsetStart = i + 1;
    else if (c === 0x5d /* ] */ && subsetStart >= 0) {
      const gt = xml.indexOf('>', i);
      return gt < 0 ? { end: -1 } : { end: gt + 1, subset: xml.slice(subsetStart, i) };
    } else if (c === 0x3e /* > */ && subsetStart < 0) return { end: i + 1 };
  }
  return { end: -1 };
}

/**
 * `xml` with the general entities its DOCTYPE declares in its internal subset expanded where the
 * document refers to them (`<!ENTITY m "机密★5年">` … `&m;`), and the DOCTYPE left out: a
 * validating consumer (libxml2 and the tools on it) shows the expanded text, so the reader reads
 * it. Only internal entities are expanded, and within bounds ({@link MAX_ENTITY_EXPANSION} added
 * characters, {@link MAX_ENTITY_DEPTH} levels; a recursive entity is never expanded). When the
 * DOCTYPE declares anything that cannot be expanded so (an external or parameter entity, a
 * recursive one, more than the bounds), `xml` is returned as it is, and {@link xmlDamage} reports
 * the declaration: what the entities stand for is not read.
 */
export function expandInternalEntities(xml: string): string {
  const at = xml.indexOf('<!DOCTYPE');
  if (at < 0) return xml;
  // Only in the prolog, before the first element.
  const first = /<[A-Za-z_]/.exec(xml);
  if (first && first.index < at) return xml;
  const { end, subset } = doctypeEnd(xml, at);
  if (end < 0) return xml;
  const defs = new Map<string, string>();
  if (subset !== undefined) {
    const body = subset.replace(/<!--[\s\S]*?-->/g, '');
    if (/%[\w.:-]+;/.test(body.replace(/"[^"]*"|'[^']*'/g, ''))) return xml;
    for (const m of body.matchAll(/<!ENTITY\s+(%\s+)?([^\s"'%>]+)\s+(?:"([^"]*)"|'([^']*)'|(\S[^>]*))\s*>/g)) {
      // A parameter entity, or an external one (SYSTEM, PUBLIC, NDATA): not expanded here.
      if (m[1] || m[5] !== undefined) return xml;
      if (!defs.has(m[2])) defs.set(m[2], m[3] ?? m[4] ?? '');
    }
  }
  if (defs.size === 0) return xml;
  let budget = MAX_ENTITY_EXPANSION;
  const expanded = new Map<string, string>();
  const expand = (name: string, stack: string[]): string | undefined => {
    const done = expanded.get(name);
    if (done !== undefined) return (budget -= done.length) < 0 ? undefined : done;
    if (stack.includes(name) || stack.length >= MAX_ENTITY_DEPTH) return undefined;
    let failed = false;
    const value = defs.get(name)!.replace(ENTITY_REF, (ref, inner: string) => {
      if (failed || PREDEFINED.has(inner)) return ref;
      const v = defs.has(inner) ? expand(inner, [...stack, name]) : undefined;
      if (v === undefined) return (failed = true), ref;
      return v;
    });
    if (failed || (budget -= value.length) < 0) return undefined;
    expanded.set(name, value);
    return value;
  };
  let failed = false;
  const rest = xml.slice(end).replace(ENTITY_REF, (ref, name: string) => {
    if (failed || PREDEFINED.has(name) || !defs.has(name)) return ref;
    const v = expand(name, []);
    if (v === undefined) return (failed = true), ref;
    return v;
  });
  return failed ? xml : xml.slice(0, at) + rest;
}

/**
 * An entity reference in `xml` outside comments and CDATA sections that the part cannot have
 * expanded (not one of the five XML predefines), with its offset; or a DOCTYPE declaring entities,
 * left in place because they could not be expanded ({@link expandInternalEntities}).
 */
function unexpandedEntity(xml: string): string | undefined {
  const at = xml.indexOf('<!DOCTYPE');
  if (at >= 0) {
    const { end, subset } = doctypeEnd(xml, at);
    if (subset !== undefined && /<!ENTITY/.test(subset)) return `its DOCTYPE declares entities that were not expanded (external, parameter, recursive or too large ones): the text they stand for was not read`;
    if (end < 0) return `its DOCTYPE declaration is never closed`;
  }
  if (!xml.includes('&')) return undefined;
  for (const m of xml.matchAll(ENTITY_REF)) {
    if (PREDEFINED.has(m[1])) continue;
    const i = m.index;
    const inComment = xml.lastIndexOf('<!--', i) > xml.lastIndexOf('-->', i);
    const inCdata = xml.lastIndexOf('<![CDATA[', i) > xml.lastIndexOf(']]>', i);
    if (!inComment && !inCdata) return `the entity reference ${m[0]} at character ${i} names an entity the part does not declare: the text it stands for was not read`;
  }
  return undefined;
}

/** `[A-Za-z_:]`, and any non-ASCII letter: what may start an XML name. */
function nameStart(c: number): boolean {
  return (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x5f || c === 0x3a || c >= 0xc0;
}

function nameChar(c: number): boolean {
  return nameStart(c) || (c >= 0x30 && c <= 0x39) || c === 0x2e || c === 0x2d || c === 0xb7;
}

/**
 * What makes `xml` not well-formed at the level of tags, or undefined: a `<` that opens no tag, a
 * tag or comment never closed, a closing tag that does not match the open element. Linear: every
 * character is looked at a bounded number of times, and quotes are followed so a `>` inside an
 * attribute value does not end its tag.
 */
export function xmlDamage(xml: string): string | undefined {
  const entity = unexpandedEntity(xml);
  if (entity) return entity;
  const stack: string[] = [];
  const n = xml.length;
  let pos = xml.indexOf('<');
  while (pos >= 0) {
    const c = xml.charCodeAt(pos + 1);
    if (c === 0x21 /* ! */ || c === 0x3f /* ? */) {
      const close = xml.startsWith('<!--', pos) ? xml.indexOf('-->', pos + 4) : xml.startsWith('<![CDATA[', pos) ? xml.indexOf(']]>', pos + 9) : xml.indexOf('>', pos + 2);
      if (close < 0) return `a comment, declaration or CDATA section at character ${pos} is never closed`;
      pos = xml.indexOf('<', close + 1);
      continue;
    }
    const closing = c === 0x2f;
    let i = pos + (closing ? 2 : 1);
    const start = i;
    if (i >= n || !nameStart(xml.charCodeAt(i))) return `a '<' at character ${pos} opens no tag`;
    while (i < n && nameChar(xml.charCodeAt(i))) i++;
    const name = xml.slice(start, i);
    let quote = 0;
    for (; i < n; i++) {
      const d = xml.charCodeAt(i);
      if (quote) {
        if (d === quote) quote = 0;
      } else if (d === 0x22 || d === 0x27) quote = d;
      else if (d === 0x3e /* > */) break;
      else if (d === 0x3c /* < */) return `the tag <${name}> at character ${pos} is never closed`;
    }
    if (i >= n) return `the tag <${name}> at character ${pos} is never closed`;
    if (closing) {
      const open = stack.pop();
      if (open !== name) return `</${name}> at character ${pos} closes ${open ? `<${open}>` : 'nothing'}`;
    } else if (xml.charCodeAt(i - 1) !== 0x2f) stack.push(name);
    pos = xml.indexOf('<', i + 1);
  }
  return stack.length ? `<${stack[stack.length - 1]}> is never closed` : undefined;
}

/** Whitespace, dropped before comparing: readers collapse, split and join lines as layout asks. */
const SPACE = /\s+/g;

/** A text with a letter of any script, or (for attribute values) a character outside ASCII. */
const LETTER = /\p{L}/u;
const NON_ASCII = /[^\x00-\x7f]/;
/**
 * Words of a Latin-script classification banner (`TOP SECRET//NOFORN`, `CONFIDENTIAL`): an ASCII
 * attribute value holding one is read like a non-ASCII one (a renamed link's screen tip, a renamed
 * drop-down entry); other ASCII values (ids, styles, references) are not text people read.
 */
const BANNER_WORD = /\b(?:secret|confidential|classified|restricted|restreint|noforn|cosmic)\b/i;
/** Timestamps (W3CDTF, `2026-11-27T00:03:20Z`): their T and Z are no words. */
const TIMESTAMP = /\d{4}-\d\d-\d\d(?:T[\d:.]+(?:Z|[+-]\d\d:?\d\d)?)?/g;
/** A URI (`scheme://…`, `urn:…`) with no space. */
const URI = /^(?:[a-z][\w+.-]*:\/\/|urn:)\S*$/i;

/**
 * A URI's text as a browser's address bar shows it: runs of percent-encoded bytes that are UTF-8
 * decoded (`%E6%9C%BA%E5%AF%86` → 机密), other escapes left as written.
 */
export function uriText(v: string): string {
  return v.replace(/(?:%[0-9a-f]{2})+/gi, (run) => {
    try {
      return decodeURIComponent(run);
    } catch {
      return run;
    }
  });
}

/** Attributes that name fonts (`仿宋_GB2312` on every run): layout, not text. */
const FONT_ATTRIBUTES = new Set(['ascii', 'hAnsi', 'eastAsia', 'cs', 'typeface', 'font-name', 'font-name-asian', 'font-name-complex', 'font-family', 'font-family-asian', 'font-family-complex', 'font-family-generic', 'FontName', 'FamilyName', 'name-asian', 'panose', 'altName']);

/**
 * Whether an attribute value is text people write (a caption, a column's name, an author, a tag's
 * value), read where a part no reader parses is read for its attributes: a value with a letter and
 * a character outside ASCII, or a word of a Latin-script classification banner. Identifiers,
 * relationship ids, numbers, booleans, enumerated values, namespace and other URIs, and font
 * names (attributes and elements that name fonts) are structure, not text.
 */
export function isTextAttribute(qname: string, value: string, element?: string): boolean {
  if (qname === 'xmlns' || qname.startsWith('xmlns:') || FONT_ATTRIBUTES.has(localName(qname))) return false;
  // The value of an element naming a font (`<w:altName w:val="宋体"/>`).
  if (element !== undefined && FONT_ATTRIBUTES.has(localName(element))) return false;
  const v = value.trim();
  if (!v) return false;
  // A URI is structure unless it spells words: an IRI's path or query in Chinese, written as is or
  // percent-encoded (`http://oa.example/公文/机密★5年.docx`, `…/%E6%9C%BA%E5%AF%86…`), is a name
  // someone wrote, as a file name is.
  if (URI.test(v)) {
    const shown = uriText(v);
    return NON_ASCII.test(shown) && LETTER.test(shown);
  }
  return (NON_ASCII.test(v) && LETTER.test(v.replace(TIMESTAMP, ''))) || BANNER_WORD.test(v);
}

function trigramKey(s: string, i: number): number {
  return (s.charCodeAt(i) * 0x10000 + s.charCodeAt(i + 1)) * 0x10000 + s.charCodeAt(i + 2);
}

/** Places kept per trigram; a piece whose rarest trigram is commoner than this is not held by `covers` (a hidden part too many, never one too few) and searched for by `take`. */
const MAX_PLACES = 32;
/** Characters one part's reading may be searched through for common pieces (at least; or this many times its length): enough for any real part, bounded for a crafted one. */
const MAX_SEARCH = 64_000_000;
const SEARCH_PER_CHAR = 64;

/**
 * The text a reader produced, whitespace left out, indexed by character trigram (and the
 * characters and pairs, for texts shorter than three): enough to tell whether a piece of a part's
 * character data is in the reading as written, without searching the whole reading for every piece.
 * A piece is compared where its rarest trigram stands, so trigrams scattered over the reading
 * (`机密★10年` and `秘密★5年` in prose) do not count as holding `机密★5年`.
 */
export class ReadText {
  private all = '';
  private readonly places = new Map<number, number[]>();
  private readonly chars = new Set<number>();
  private readonly pairs = new Set<number>();

  add(text: string): void {
    const s = text.replace(SPACE, '');
    const base = this.all.length;
    // Parts are apart: a piece never spans two of them.
    this.all += `${s}\u0000`;
    for (let i = 0; i < s.length; i++) {
      this.chars.add(s.charCodeAt(i));
      if (i + 1 < s.length) this.pairs.add(s.charCodeAt(i) * 0x10000 + s.charCodeAt(i + 1));
      if (i + 2 < s.length) {
        const key = trigramKey(s, i);
        const list = this.places.get(key);
        if (!list) this.places.set(key, [base + i]);
        else if (list.length < MAX_PLACES) list.push(base + i);
      }
    }
  }

  /** The places of the rarest trigram of `s` (three characters or more) and its index in `s`; undefined when a trigram is not read at all. */
  private rarest(s: string): { list: number[]; offset: number } | undefined {
    let list: number[] | undefined;
    let offset = 0;
    for (let i = 0; i + 2 < s.length; i++) {
      const l = this.places.get(trigramKey(s, i));
      if (!l) return undefined;
      if (!list || l.length < list.length) (list = l), (offset = i);
    }
    return list && { list, offset };
  }

  /** Whether `text` (whitespace left out) stands in what was read, as written. */
  covers(text: string): boolean {
    const s = text.replace(SPACE, '');
    if (s.length === 0) return true;
    if (s.length === 1) return this.chars.has(s.charCodeAt(0));
    if (s.length === 2) return this.pairs.has(s.charCodeAt(0) * 0x10000 + s.charCodeAt(1));
    const r = this.rarest(s);
    if (!r) return false;
    for (const p of r.list) if (p >= r.offset && this.all.startsWith(s, p - r.offset)) return true;
    return false;
  }

  /** Which piece each character of the reading answers for ({@link take}): 0 none, 1 a piece of no known owner, else owner + 2. */
  private claimed?: Int32Array;
  /** Where the search for a common text ({@link take}) goes on, and how many characters such searches may still read. */
  private readonly cursors = new Map<string, number>();
  private searchBudget?: number;
  /**
   * The owners (see {@link take}) whose pieces hold every place where the text of the last failed
   * {@link take} stands: that text and theirs compete for one reading, so one of them was passed
   * over and which one cannot be told.
   */
  contested: number[] = [];

  /**
   * Like {@link covers}, but each character read answers for one piece of the part only: an
   * occurrence whose characters `from`…`from + length` (whitespace left out) no earlier piece took
   * is looked for, and those are taken for `owner` (a number the caller gives its piece, or none).
   * So a body that quotes a marking once (or a hundred times) does not also hold a copy of it hidden
   * in unknown elements of the same body. When every place is taken, {@link contested} names the
   * owners that took them: the piece read first is not necessarily the one the reader read.
   * Texts under three characters are compared as by `covers`. A text too common for the trigram
   * places kept is searched for from where its last search ended; past {@link MAX_SEARCH}
   * characters searched, it is not held (a hidden part too many, never one too few).
   */
  take(text: string, from = 0, length?: number, owner = -1): boolean {
    if (this.contested.length) this.contested = [];
    const s = text.replace(SPACE, '');
    if (s.length < 3) return this.covers(s);
    const r = this.rarest(s);
    if (!r) return false;
    if (!this.claimed || this.claimed.length < this.all.length) {
      const grown = new Int32Array(this.all.length);
      if (this.claimed) grown.set(this.claimed);
      this.claimed = grown;
    }
    const claimed = this.claimed;
    const end = from + (length ?? s.length - from);
    const mark = owner < 0 ? 1 : owner + 2;
    let rivals: Set<number> | undefined;
    const free = (start: number): boolean => {
      let taken = false;
      for (let k = start + from; k < start + end; k++) {
        const c = claimed[k];
        if (c !== 0) {
          taken = true;
          if (c > 1) (rivals ??= new Set()).add(c - 2);
        }
      }
      if (taken) return false;
      claimed.fill(mark, start + from, start + end);
      return true;
    };
    if (r.list.length < MAX_PLACES) {
      for (const p of r.list) if (p >= r.offset && this.all.startsWith(s, p - r.offset) && free(p - r.offset)) return true;
      if (rivals) this.contested = [...rivals];
      return false;
    }
    // Every place of the text, in order: a place passed over once is taken or never free for it again.
    this.searchBudget ??= Math.max(MAX_SEARCH, SEARCH_PER_CHAR * this.all.length);
    let at = this.cursors.get(s) ?? 0;
    while (this.searchBudget > 0) {
      const next = this.all.indexOf(s, at);
      this.searchBudget -= (next < 0 ? this.all.length : next + s.length) - at;
      if (next < 0 || this.searchBudget <= 0) {
        this.cursors.set(s, this.all.length);
        if (rivals) this.contested = [...rivals];
        return false;
      }
      at = next + 1;
      if (free(next)) {
        this.cursors.set(s, at);
        return true;
      }
    }
    return false;
  }
}

/**
 * What a reading holds, part by part: the text of every part, filed under the file part it came
 * from (`origin.filePart`). What a reader passed over in a file part is compared with what was read
 * of that same file part only, so the same words quoted elsewhere (a body that says how a marking
 * is written) never count as having read a header's marking.
 */
export class ReadTexts {
  private readonly byPart = new Map<string, ReadText>();

  constructor(parts: readonly TextPart[] = []) {
    for (const p of parts) this.add(p.origin.filePart ?? '', p.text);
  }

  /**
   * Files `text` as read of the file part at `path`: the parts of a reading are added by the
   * constructor; a reader adds what it took from one file part and shows in another's parts (the
   * shared strings a workbook's cells show).
   */
  add(path: string, text: string): void {
    const key = path.toLowerCase();
    let r = this.byPart.get(key);
    if (!r) this.byPart.set(key, (r = new ReadText()));
    r.add(text);
  }

  /** What was read of the file part at `path` (nothing, when no part came from it). */
  of(path: string): ReadText {
    return this.byPart.get(path.toLowerCase()) ?? EMPTY_READ;
  }
}

const EMPTY_READ = new ReadText();

/**
 * The quoted literals of a field instruction, each on its own line: QUOTE "…", IF … "…" "…",
 * a switch's text: Word shows them as the field's result once the field is updated, so the
 * stale result stored in the file is not all the field can show.
 */
export function fieldLiterals(instr: string): string[] {
  const out: string[] = [];
  for (const m of instr.matchAll(/"((?:[^"\\]|\\.)*)"/g)) {
    const l = m[1].replace(/\\(.)/g, '$1').trim();
    if (!l) continue;
    if (/^(?:[a-z][\w+.-]*:|www\.|[a-z]:[\\/]|[\\/]{2})/i.test(l)) {
      // A link target or file path is an address, already read in the instruction line as written;
      // percent-encoded (…/%E6%9C%BA%E5%AF%86…), it is read as a browser shows it as well.
      const shown = uriText(l);
      if (shown !== l) out.push(shown);
      continue;
    }
    out.push(l);
  }
  return out;
}

/** Symbol-font codes of the stars a marking uses (SYMBOL 171 \f "Wingdings" draws ★). */
const SYMBOL_FONT_STARS: Record<number, string> = { 0xab: '★', 0xb5: '☆', 0xaa: '★' };

/**
 * The characters a field draws from codes or arguments rather than from quoted literals, as Word
 * shows it once updated: SYMBOL 26426 \u is 机 (\u Unicode, \j Shift-JIS, else the ANSI code
 * page: a two-byte code is GBK on Chinese Windows), and EQ spells its arguments (EQ \a \co5(机,密,★,5,年)
 * sets them in a row; \o overlays them); MACROBUTTON and GOTOBUTTON show their display text.
 * Consecutive such fields spell a line together.
 */
export function fieldShows(instr: string): string | undefined {
  const sym = /^\s*SYMBOL\s+(0x[0-9a-f]+|\d+)\b(.*)$/is.exec(instr);
  if (sym) {
    const n = Number(sym[1]);
    const sw = sym[2];
    if (!Number.isInteger(n) || n <= 0 || n > 0x10ffff) return undefined;
    if (/\\u\b/i.test(sw)) return String.fromCodePoint(n);
    const font = /\\f\s+"?([^"\\]+)"?/i.exec(sw)?.[1] ?? '';
    if (/wingdings|symbol|webdings/i.test(font) && SYMBOL_FONT_STARS[n & 0xff]) return SYMBOL_FONT_STARS[n & 0xff];
    if (n < 0x80) return String.fromCharCode(n);
    try {
      const bytes = Uint8Array.from(n > 0xff ? [n >> 8, n & 0xff] : [n]);
      return new TextDecoder(/\\j\b/i.test(sw) ? 'shift_jis' : n > 0xff ? 'gbk' : 'windows-1252', { fatal: true }).decode(bytes) || undefined;
    } catch {
      return undefined;
    }
  }
  // MACROBUTTON name text and GOTOBUTTON bookmark text draw their text where they stand, as a button.
  const button = /^\s*(?:MACROBUTTON|GOTOBUTTON)\s+\S+\s+(.+)$/is.exec(instr);
  if (button) return button[1].trim().replace(/^"(.*)"$/s, '$1') || undefined;
  return eqShown(instr);
}

/** EQ switches whose next character is a bracket drawn around the arguments (\bc\{, \fc\∑), not text. */
const EQ_BRACKET_SWITCHES = new Set(['lc', 'rc', 'bc', 'fc', 'vc']);
/** The shapes Word's enclosed characters (带圈字符: EQ \o\ac(○,机)) are drawn in: a frame around the character, not a character of the line. */
const EQ_ENCLOSURES = /^[○◯□△◇]$/u;

/** What an EQ field draws: in the text line, in all (in the order written), and as phonetic guides above the line. */
export interface EqReadings {
  line: string;
  all: string;
  guides: string;
}

/** An EQ instruction parsed: characters, switches (`\s`, `\up`) and argument lists in brackets. */
type EqItem = string | { sw: string } | EqItem[][];

function parseEq(s: string): EqItem[] {
  let i = 0;
  // Arguments of one bracket, split at its top-level commas and semicolons.
  const seq = (depth: number): EqItem[][] => {
    const args: EqItem[][] = [[]];
    for (; i < s.length; i++) {
      const c = s[i];
      const cur = args[args.length - 1];
      if (c === '\\') {
        const next = s[i + 1] ?? '';
        if (next && ',;()\\'.includes(next)) {
          cur.push(next);
          i++;
        } else if (next === '*') {
          // A general format switch (\* jc3, \* "Font:宋体", \* hps12): its word or quoted text.
          let j = i + 2;
          while (j < s.length && /\s/.test(s[j])) j++;
          if (s[j] === '"') j = s.indexOf('"', j + 1) < 0 ? s.length : s.indexOf('"', j + 1) + 1;
          else while (j < s.length && !/[\s\\()]/.test(s[j])) j++;
          i = j - 1;
        } else if (/[A-Za-z]/.test(next)) {
          let j = i + 1;
          while (j < s.length && /[A-Za-z]/.test(s[j])) j++;
          const name = s.slice(i + 1, j).toLowerCase();
          // \lc\{ names the bracket; \up 10, \co5, \do -2 carry a number.
          if (EQ_BRACKET_SWITCHES.has(name) && s[j] === '\\') j += 2;
          let k = j;
          while (k < s.length && (s[k] === ' ' || s[k] === '\t')) k++;
          if (/^[-+]?\d/.test(s.slice(k))) {
            k++;
            while (k < s.length && /[\d.]/.test(s[k])) k++;
            j = k;
          }
          cur.push({ sw: name });
          i = j - 1;
        }
      } else if (c === '(') {
        i++;
        cur.push(seq(depth + 1));
      } else if (c === ')') {
        if (depth > 0) return args;
      } else if ((c === ',' || c === ';') && depth > 0) args.push([]);
      else cur.push(c);
    }
    return args;
  };
  return seq(0)[0];
}

/** The switches written before an argument's first bracket (`\s\up 10(…)`: s, up). */
function leadingSwitches(items: EqItem[]): string[] {
  const out: string[] = [];
  for (const it of items) {
    if (Array.isArray(it)) break;
    if (typeof it !== 'string') out.push(it.sw);
  }
  return out;
}

/**
 * What a sequence of EQ items draws: `line`, the characters that stand in the text line, and `all`,
 * every character drawn. Characters outside brackets are not drawn. An overlay (`\o`) draws its
 * arguments on one place: an enclosure (带圈字符 ○机) draws the character only; a phonetic guide
 * (`\o\ad(\s\up 10(jī),机)`, a raised argument beside a plain one) keeps the guide above the line,
 * which holds the base; combined characters (合并字符 `\o(\s\up 9(机密),\s\do 3(★5年))`) read in
 * the order written.
 */
function eqDrawn(items: EqItem[], inBracket: boolean): EqReadings {
  let line = '';
  let all = '';
  let guides = '';
  let sws: string[] = [];
  for (const it of items) {
    if (typeof it === 'string') {
      if (inBracket) (line += it), (all += it);
    } else if (!Array.isArray(it)) sws.push(it.sw);
    else {
      const args = it.map((a) => ({ ...eqDrawn(a, true), plain: !leadingSwitches(a).includes('s') }));
      guides += args.map((a) => a.guides).join('');
      if (sws.includes('o')) {
        const shapes = args.filter((a) => !EQ_ENCLOSURES.test(a.all.trim()));
        const kept = args.length > 1 && shapes.length > 0 ? shapes : args;
        const base = kept.filter((a) => a.plain);
        const guided = base.length > 0 && base.length < kept.length;
        line += (guided ? base : kept).map((a) => a.line).join('');
        if (guided) guides += kept.filter((a) => !a.plain).map((a) => a.all).join('');
        all += kept.map((a) => a.all).join('');
      } else {
        line += args.map((a) => a.line).join('');
        all += args.map((a) => a.all).join('');
      }
      sws = [];
    }
  }
  return { line, all, guides };
}

/**
 * What an EQ field draws (Word lays its arguments out; no result is stored for it): `line`, the
 * characters that stand in the text line, and `all`, every character it draws in the order
 * written, phonetic guides included, and `guides`, the guides alone (see {@link eqDrawn}). Switches and the brackets and commas
 * between arguments are layout; an escaped `\,` `\(` `\)` `\\` is a character shown. Undefined
 * for any other field or when nothing is drawn.
 */
export function eqReadings(instr: string): EqReadings | undefined {
  const m = /^\s*EQ(?![A-Za-z])(.*)$/is.exec(instr);
  if (!m) return undefined;
  const d = eqDrawn(parseEq(m[1]), false);
  const tidy = (t: string) => t.replace(/\s+/g, ' ').trim();
  const r = { line: tidy(d.line), all: tidy(d.all), guides: tidy(d.guides) };
  return r.line || r.all ? r : undefined;
}

/** The characters an EQ field draws in the text line ({@link eqReadings}). */
export function eqShown(instr: string): string | undefined {
  return eqReadings(instr)?.line || undefined;
}

/** Whitespace left out, as {@link ReadText} compares. */
const squeeze = (s: string): string => s.replace(SPACE, '');

/** Stripped length under which a piece of character data is not tested alone: one or two characters stand somewhere in any text. */
const SHORT = 3;

interface Segment {
  /** Character data as written (entities decoded). */
  raw: string;
  /** Whitespace left out. */
  s: string;
  letter: boolean;
  covered: boolean;
  /** Inside an `mc:Fallback`: another rendering of what its `mc:Choice` holds, which readers show once. */
  alt: boolean;
  /** A paragraph, cell or line break (see {@link LINE_BREAKING}) opens or closes before it. */
  brk: boolean;
}

/**
 * Local names of elements a viewer starts a new line at (paragraphs, headings, cells, rows, list
 * items, line breaks) in WordprocessingML, DrawingML, SpreadsheetML, OpenDocument and HTML: unread
 * pieces on either side of one are not one line.
 */
/** Whether the tag whose name starts at `from` (before `end`) is one of {@link LINE_BREAKING}, prefix and `/` left out; no string is made for longer names. */
function breaksLine(xml: string, from: number, end: number, spaces?: Map<string, string>, cells = true): boolean {
  const open = xml.charCodeAt(from) === 0x2f ? from + 1 : from;
  let start = open;
  let k = start;
  for (; k < end; k++) {
    const c = xml.charCodeAt(k);
    if (c === 0x3a) start = k + 1;
    else if (!((c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39) || c === 0x2d || c === 0x5f || c === 0x2e)) break;
  }
  const local = xml.slice(start, k);
  if (!(k - start <= 11 && k > start && LINE_BREAKING.has(local))) return false;
  // By the element's namespace where the part declares it: `<x:p>` of urn:example breaks no line
  // in any viewer, and a spreadsheet's `c` (a cell) is nothing in a paragraph's namespace.
  const uri = spaces?.get(start > open ? xml.slice(open, start - 1) : '');
  if (uri === undefined) return true;
  if ((local === 'c' || local === 'row') && /spreadsheetml/i.test(uri)) return cells;
  return breaksIn(uri, local);
}

/** Line-breaking names by the namespaces that define them; a namespace not listed here defines none of them. */
const BREAKING_BY_NAMESPACE: Array<[RegExp, Set<string> | 'all']> = [
  [/spreadsheetml/i, new Set(['c', 'row', 'si'])],
  [/wordprocessingml/i, new Set(['p', 'br', 'cr', 'tc', 'tr', 'txbxContent'])],
  [/drawingml\/2006\/diagram/i, new Set(['pt', 'p', 'br'])],
  [/drawingml|presentationml/i, new Set(['p', 'br', 'tc', 'tr'])],
  [/^urn:oasis:names:tc:opendocument/i, new Set(['p', 'h', 'line-break', 'list-item', 'table-cell', 'table-row'])],
  [/www\.w3\.org\/1999\/xhtml/i, new Set(['p', 'br', 'td', 'th', 'tr', 'li', 'div'])],
  // Producers' extensions and the other formats read here: any of the names, as before.
  [/^https?:\/\/(?:schemas\.microsoft\.com|www\.w3\.org|www\.ofdspec\.org|[\w.-]*wps\.cn|[\w.-]*kingsoft)|^urn:schemas-microsoft-com/i, 'all'],
];

function breaksIn(uri: string, local: string): boolean {
  for (const [space, names] of BREAKING_BY_NAMESPACE) if (space.test(uri)) return names === 'all' || names.has(local);
  return false;
}

/** The namespaces the part binds, by prefix (`''` for the default one); later bindings of a prefix are ignored. */
function namespaces(xml: string): Map<string, string> | undefined {
  let out: Map<string, string> | undefined;
  for (let at = xml.indexOf('xmlns'); at >= 0; at = xml.indexOf('xmlns', at + 5)) {
    const m = /^xmlns(?::([\w.-]+))?\s*=\s*(?:"([^"]*)"|'([^']*)')/.exec(xml.slice(at, at + 300));
    if (!m) continue;
    out ??= new Map();
    if (!out.has(m[1] ?? '')) out.set(m[1] ?? '', m[2] ?? m[3] ?? '');
  }
  return out;
}

/** Squeezed length from which an unread piece is a line of its own and not joined to its neighbours: a cut marking's pieces are short, and long text is not copied twice. */
const LINE_PIECE = 32;
const LINE_BREAKING = new Set(['p', 'h', 'br', 'cr', 'tc', 'tr', 'c', 'row', 'si', 'pt', 'td', 'th', 'li', 'div', 'line-break', 'list-item', 'table-cell', 'table-row', 'txbxContent']);

/** Whether an element of this name (prefix and all) starts a new line in a viewer: {@link LINE_BREAKING} by local name. */
export function breaksLineByName(name: string): boolean {
  return LINE_BREAKING.has(name.slice(name.indexOf(':') + 1));
}

/**
 * Whether the short piece `segs[i]` stands in the reading with what is written next to it: the
 * last characters before it or the first after it, across element boundaries. A character or two
 * alone is in almost any text; a marking split one character an element (`<x:a>机</x:a><x:b>密</x:b>…`)
 * is read only if its neighbours are read beside it. Where every neighbour is missing or is long
 * text the reading does not hold (a short line next to an unknown element), there is nothing to
 * read it beside, and it is compared alone.
 */
function coveredInContext(segs: Segment[], i: number, read: ReadText, suspects: Set<number>): boolean {
  const s = segs[i].s;
  let left = '';
  let leftAlone = true;
  for (let j = i - 1; j >= 0 && left.length < 2; j--) {
    left = segs[j].s + left;
    if (segs[j].s) leftAlone &&= segs[j].letter && !segs[j].covered && segs[j].s.length >= SHORT;
  }
  let right = '';
  let rightAlone = true;
  for (let j = i + 1; j < segs.length && right.length < 2; j++) {
    right += segs[j].s;
    if (segs[j].s) rightAlone &&= segs[j].letter && !segs[j].covered && segs[j].s.length >= SHORT;
  }
  left = left.slice(-2);
  right = right.slice(0, 2);
  const alt = segs[i].alt;
  const rivals: number[] = [];
  const held = (t: string, from: number) => {
    if (alt) return read.covers(t);
    if (read.take(t, from, s.length, i)) return true;
    rivals.push(...read.contested);
    return false;
  };
  if ((left !== '' && held(left + s, left.length)) || (right !== '' && held(s + right, 0))) return true;
  for (const k of rivals) suspects.add(k);
  return leftAlone && rightAlone && read.covers(s);
}

/**
 * Character data and attribute values of an XML part that the reading does not hold: text with a
 * letter, and attribute values with a character outside ASCII (names, prompts and titles people
 * write; identifiers, styles and numbers are ASCII), in document order. An element the reader does
 * not know (`<w:t>` renamed `<w:x>`, `<sheet>` renamed `<shxet>`) is passed over by a reader that
 * looks for elements by name; its text is still in the part and comes out here. `read` is what was
 * read of this part ({@link ReadTexts.of}); what it holds is taken piece by piece ({@link ReadText.take}),
 * so each part's XML is compared with it once.
 *
 * Adjacent character data not held is one piece: a marking written over several unknown elements
 * comes out whole (`机密★5年`), not as characters each of which stands somewhere in the reading.
 */
export function unreadPieces(xml: string, read: ReadText): string[] {
  // Pieces with where they stand (before character data number `at`), put in document order at the end.
  const found: Array<{ at: number; text: string }> = [];
  const segs: Segment[] = [];
  const keep = (v: string, at = segs.length) => found.push({ at, text: v.trim() });
  let fallback = 0;
  let brk = false;
  // Attribute values people write, with where they stand and whether inside an mc:Fallback.
  const attrs: Array<{ at: number; v: string; alt: boolean }> = [];
  const push = (raw: string) => {
    segs.push({ raw, s: squeeze(raw), letter: LETTER.test(raw.replace(TIMESTAMP, '')), covered: true, alt: fallback > 0, brk });
    brk = false;
  };
  // Decoded first: text written as character references (&#26426;&#23494;) has no letter as written.
  const text = (raw: string) => push(raw.includes('&') ? decodeEntities(raw) : raw);
  // A linear scan, not a second parse: it runs over every part a reader parsed (on a 20,000-row
  // sheet about half the CPU time a second htmlparser2 pass took).
  const n = xml.length;
  // Most parts hold no banner word: then only tags with a character outside ASCII are looked into.
  const bannerWords = BANNER_WORD.test(xml);
  const spaces = namespaces(xml);
  // Cells and rows are a worksheet's: in a workbook's shared strings a `c` is no cell.
  const sheetCells = xml.includes('sheetData');
  let pos = 0;
  while (pos < n) {
    const lt = xml.indexOf('<', pos);
    const segment = xml.slice(pos, lt < 0 ? n : lt);
    // Whitespace between elements is kept: it separates words when pieces are joined.
    if (segment) text(segment);
    if (lt < 0) break;
    if (xml.startsWith('<!--', lt)) {
      const end = xml.indexOf('-->', lt + 4);
      pos = end < 0 ? n : end + 3;
      continue;
    }
    if (xml.startsWith('<![CDATA[', lt)) {
      const end = xml.indexOf(']]>', lt + 9);
      const body = xml.slice(lt + 9, end < 0 ? n : end);
      if (body.trim()) push(body);
      pos = end < 0 ? n : end + 3;
      continue;
    }
    // The tag, quotes followed so a '>' in a value does not end it.
    let i = lt + 1;
    let quote = 0;
    let wide = false;
    for (; i < n; i++) {
      const c = xml.charCodeAt(i);
      // A character reference (&#…;) may stand for a character outside ASCII.
      if (c > 0x7f || (c === 0x26 && xml.charCodeAt(i + 1) === 0x23)) wide = true;
      if (quote) {
        if (c === quote) quote = 0;
      } else if (c === 0x22 || c === 0x27) quote = c;
      else if (c === 0x3e) break;
    }
    if ((wide || (bannerWords && BANNER_WORD.test(xml.slice(lt + 1, i)))) && xml.charCodeAt(lt + 1) !== 0x2f && xml.charCodeAt(lt + 1) !== 0x3f) {
      for (const m of xml.slice(lt + 1, i).matchAll(/([^\s=/"'<>]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) {
        const k = m[1];
        const v = decodeEntities(m[2] ?? m[3] ?? '');
        if (k === 'xmlns' || k.startsWith('xmlns:') || FONT_ATTRIBUTES.has(localName(k))) continue;
        if (!(NON_ASCII.test(v) && LETTER.test(v)) && !BANNER_WORD.test(v)) continue;
        // Compared once the character data has taken its places (below).
        attrs.push({ at: segs.length, v, alt: fallback > 0 });
      }
    }
    if (!brk && breaksLine(xml, lt + 1, i, spaces, sheetCells)) brk = true;
    if (xml.charCodeAt(i - 1) !== 0x2f && /^\/?(?:[\w.-]+:)?Fallback(?=[\s>/]|$)/.test(xml.slice(lt + 1, Math.min(i, lt + 64)))) fallback = Math.max(0, fallback + (xml.charCodeAt(lt + 1) === 0x2f ? -1 : 1));
    pos = i + 1;
  }
  // Pieces whose place in the reading another piece also asked for: of two copies of one text read
  // once, the reader passed over one, and the one asking first is not known to be the one it read
  // (a hidden copy written before the sentence that quotes it would otherwise take the quotation's
  // place). Both are reported.
  const suspects = new Set<number>();
  // Long pieces first: a short one is then compared beside neighbours whose fate is known.
  for (let i = 0; i < segs.length; i++) {
    const g = segs[i];
    if (!g.letter || g.s.length < SHORT) continue;
    g.covered = g.alt ? read.covers(g.s) : read.take(g.s, 0, undefined, i);
    if (!g.covered && !g.alt) for (const k of read.contested) suspects.add(k);
  }
  for (let i = 0; i < segs.length; i++) if (segs[i].letter && segs[i].s.length < SHORT) segs[i].covered = coveredInContext(segs, i, read, suspects);
  // Attribute values next, each taking its place as character data does (an attribute owner is
  // numbered after the character data): a value the reading holds only where a sentence quoting it
  // stands is not read.
  for (const [n, { at, v, alt }] of attrs.entries()) {
    if (alt ? read.covers(v) : read.take(v, 0, undefined, segs.length + n)) continue;
    if (!alt) for (const k of read.contested) suspects.add(k);
    keep(v, at);
    // A quoted literal in the value (a field instruction's QUOTE "…") is what it would show: a line of its own.
    for (const q of fieldLiterals(v)) if (NON_ASCII.test(q) && !read.covers(q)) keep(q, at);
  }
  for (const k of suspects) {
    if (k < segs.length) segs[k].covered = false;
    else keep(attrs[k - segs.length].v, attrs[k - segs.length].at);
  }
  // Runs of character data not held, with what has no letter between them (★, 5): one piece each.
  // Two long pieces side by side stay apart (two paragraphs of an unknown element are two lines);
  // a short one joins its neighbours, since alone it says nothing. Long pieces side by side that are
  // all unread are also reported joined, as one line: a viewer showing inline elements shows them
  // so, and a marking cut into pieces that each say nothing (密级：机 | 密★5年) is whole only there.
  let line = '';
  let lineFirst = -1;
  let lineRuns = 0;
  let lineOpen = false;
  const endLine = () => {
    if (lineRuns > 1) keep(line, lineFirst);
    line = '';
    lineRuns = 0;
  };
  for (let i = 0; i < segs.length; i++) {
    if (!segs[i].letter || segs[i].covered) continue;
    const first = i;
    let raw = segs[i].raw;
    let last = segs[i];
    let j = i + 1;
    let joinsNext = false;
    while (j < segs.length) {
      let k = j;
      let fill = '';
      while (k < segs.length && !segs[k].letter) fill += segs[k++].raw;
      const next = segs[k];
      const broken = segs.slice(j, k + 1).some((g) => g.brk);
      // Across a paragraph or cell, only short pieces join (a marking written one character a line).
      if (!next || next.covered || (last.s.length >= SHORT && next.s.length >= SHORT && squeeze(fill) === '') || (broken && (last.s.length >= SHORT || next.s.length >= SHORT))) {
        joinsNext = next !== undefined && !next.covered && squeeze(fill) === '' && squeeze(raw).length < LINE_PIECE && next.s.length < LINE_PIECE && !broken;
        // A period after the level (★ then 10) belongs to it: a short run keeps what follows it.
        if (squeeze(fill).length <= 4) raw += fill;
        break;
      }
      raw += fill + next.raw;
      last = next;
      j = k + 1;
    }
    i = j - 1;
    if (!(segs[first].alt ? read.covers(raw) : read.take(raw, 0, undefined, first))) {
      keep(raw, first);
      // Read text standing right beside it on the same line (an element the reader took for one it
      // knows, `x:a` renamed `x:t`): a viewer shows the two side by side, and a marking cut between
      // them is whole only there.
      if (squeeze(raw).length <= CUT_PIECE) {
        const beside = besideOnLine(segs, first, j - 1);
        if (beside !== raw.trim()) keep(beside, first);
      }
      // A piece that took this run's place holds text read once and written twice: reported as well.
      for (const k of read.contested) {
        if (k >= segs.length) keep(attrs[k - segs.length].v, attrs[k - segs.length].at);
        else if (segs[k].covered) keep(segs[k].raw, k);
      }
      if (!lineOpen) endLine(), (lineFirst = first);
      line += raw.trim();
      lineRuns++;
      lineOpen = joinsNext;
    } else {
      endLine();
      lineOpen = false;
    }
  }
  endLine();
  // Each piece once: a font name on every run is one line, not thousands.
  const seen = new Set<string>();
  const out: string[] = [];
  for (const { text } of found.sort((a, b) => a.at - b.at)) if (text && !seen.has(text)) seen.add(text), out.push(text);
  return out;
}

/** Squeezed length up to which an unread run, and the read text beside it, may be pieces of one cut marking. */
const CUT_PIECE = 8;

/**
 * The run of segments `from`..`to` with the read text next to it on the same line: the nearest
 * piece with a letter on each side, when only text without letters (★, 5, spaces) and no line
 * break stands between, and it is no longer than a piece of a cut marking ({@link CUT_PIECE}).
 */
function besideOnLine(segs: Segment[], from: number, to: number): string {
  let text = segs.slice(from, to + 1).map((g) => g.raw).join('');
  for (let k = from - 1, fill = ''; k >= 0; k--) {
    if (segs[k + 1].brk) break;
    if (!segs[k].letter) {
      fill = segs[k].raw + fill;
      continue;
    }
    if (segs[k].covered && segs[k].s.length <= CUT_PIECE) text = segs[k].raw + fill + text;
    break;
  }
  for (let k = to + 1, fill = ''; k < segs.length; k++) {
    if (segs[k].brk) break;
    if (!segs[k].letter) {
      fill += segs[k].raw;
      continue;
    }
    if (segs[k].covered && segs[k].s.length <= CUT_PIECE) text += fill + segs[k].raw;
    break;
  }
  return text.trim();
}

const NAMED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** The five XML entities and character references. */
function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-fA-F]+|#\d+|lt|gt|amp|quot|apos);/g, (m, e: string) => {
    if (e[0] !== '#') return NAMED[e] ?? m;
    const cp = e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
    return cp > 0 && cp <= 0x10ffff ? String.fromCodePoint(cp) : m;
  });
}

/**
 * The hidden part `id` holding what the reading of the XML part at `path` (`read`, see
 * {@link ReadTexts}) does not hold of it (text and non-ASCII attribute values of elements the
 * reader does not know, such as a renamed `w:t`), one paragraph a piece; undefined when the reader
 * passed over nothing. Readers look for elements by name, and what they passed over is still in
 * the file.
 */
export function unreadElementsPart(id: string, path: string, xml: string, read: ReadText): TextPart | undefined {
  let left: string[];
  try {
    left = unreadPieces(xml, read);
  } catch {
    // Nested beyond the limit: the reader's own parse reported it.
    return undefined;
  }
  if (!left.length) return undefined;
  const b = new PartBuilder(id, 'hidden', { filePart: path, detail: 'text and attributes the reader passed over (elements it does not know)' });
  for (const t of left) {
    b.append(t), b.endParagraph({ kind: 'paragraph' });
    // A format code (a spreadsheet number format, a field picture) writes its literal characters
    // escaped by a backslash or in quotes, and a formula joins literals with &: a viewer shows them
    // bare and joined, so that line is read too.
    const bare = formatLiterals(joinedLiterals(t));
    if (bare !== t) b.append(bare), b.endParagraph({ kind: 'paragraph' });
    // A spreadsheet header or footer (`&L&"宋体,加粗"&14机密&KFF0000★5年`) shows its sections
    // without the codes: read as printed too (not a formula joining literals, read above).
    if (HEADER_CODE.test(t) && joinedLiterals(t) === t) {
      for (const line of headerFooterText(t)) if (line !== t && line !== bare) b.append(line), b.endParagraph({ kind: 'paragraph' });
    }
  }
  return b.toPart();
}

/** A header/footer code: a section (`&L`), a font (`&"…"`), a size (`&14`) or a colour (`&K`). */
const HEADER_CODE = /&(?:[LCRK"]|\d)/;

/**
 * `t` with string literals joined by `&` written as one literal (`"机密"&"★"&"5年"` →
 * `"机密★5年"`): a spreadsheet formula the reader did not recognise as one (its element renamed)
 * still shows the joined text when computed.
 */
export function joinedLiterals(t: string): string {
  return t.includes('&') && t.includes('"') ? t.replace(/"\s*&\s*"/g, '') : t;
}

/** `t` as a format code shows its literals: `\X` escapes and `"…"` quotes removed. */
export function formatLiterals(t: string): string {
  return t.includes('\\') || t.includes('"') ? t.replace(/\\([\s\S])|"/gu, (_, c: string | undefined) => c ?? '') : t;
}

/** Header/footer codes (`&L`, `&"Arial,Bold"`, `&12`, `&P` …) → the text, one line per section. */
export function headerFooterText(raw: string): string[] {
  const sections: string[] = [];
  let cur = '';
  for (let i = 0; i < raw.length; i++) {
    const ch = raw[i];
    if (ch !== '&') {
      cur += ch;
      continue;
    }
    const next = raw[i + 1];
    if (next === undefined) break;
    if (next === '&') {
      cur += '&';
      i++;
    } else if (next === 'L' || next === 'C' || next === 'R') {
      if (cur.trim()) sections.push(cur.trim());
      cur = '';
      i++;
    } else if (next === '"') {
      const close = raw.indexOf('"', i + 2);
      i = close < 0 ? raw.length : close;
    } else if (/\d/.test(next)) {
      i++;
      while (/\d/.test(raw[i + 1] ?? '')) i++;
    } else if (next === 'K') {
      i += 7; // &K + six hex digits of a colour
    } else {
      // Page numbers, dates, file and sheet names are filled in when printed: no text of the file's own.
      const codes: Record<string, string> = {};
      cur += codes[next] ?? '';
      i++;
    }
  }
  if (cur.trim()) sections.push(cur.trim());
  return sections;
}
