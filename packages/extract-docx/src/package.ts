/** Package-level helpers: relationships, part paths, media sniffing, properties, generic XML text. */
import type { Extraction, PartRole, TextPart, UnreadItem } from '@prepub/core';
import { PartBuilder } from './parts.ts';
import { crc32, EntryError, inflateEntry, type InflateBudget, type ZipDirectory, type ZipEntry } from './zip.ts';
import { attr, breaksLineByName, isTextAttribute, parseXml, uriText } from './xml.ts';

export interface Rel {
  id: string;
  /** Last path segment of the relationship type: `header`, `footer`, `image`, `oleObject`, `aFChunk` … */
  type: string;
  /** Package path of the target, or the raw target for external ones. */
  target: string;
  external: boolean;
}

/**
 * Resolves a package path against the folder of the part naming it: `..` and `.` resolved, a
 * leading `/` means the package root. `loose` is for containers whose writers pad paths with
 * spaces and write Windows separators (OFD's ST_Loc): it trims and reads `\\` as `/`. OPC
 * relationship targets are taken as written.
 */
export function resolvePath(fromDir: string, target: string, loose = false): string {
  const t = loose ? target.trim().replace(/\\/g, '/') : target;
  const raw = t.startsWith('/') ? t.slice(1) : (fromDir ? `${fromDir}/` : '') + t;
  const out: string[] = [];
  for (const seg of raw.split('/')) {
    if (seg === '..') out.pop();
    else if (seg && seg !== '.') out.push(seg);
  }
  return out.join('/');
}

/** The folder of a package path (`''` at the root). */
export function dirOf(path: string): string {
  const i = path.lastIndexOf('/');
  return i < 0 ? '' : path.slice(0, i);
}

/** Path of the relationships part of `part`: `word/document.xml` → `word/_rels/document.xml.rels`. */
export function relsPathOf(part: string): string {
  const d = dirOf(part);
  const base = part.slice(d ? d.length + 1 : 0);
  return `${d ? d + '/' : ''}_rels/${base}.rels`;
}

export function parseRels(xml: string, sourcePart: string): Map<string, Rel> {
  const rels = new Map<string, Rel>();
  const dir = dirOf(sourcePart);
  parseXml(xml, {
    open(name, a) {
      if (name !== 'Relationship') return;
      const id = attr(a, 'Id') ?? '';
      const type = (attr(a, 'Type') ?? '').split('/').pop() ?? '';
      const target = attr(a, 'Target') ?? '';
      const external = (attr(a, 'TargetMode') ?? '').toLowerCase() === 'external';
      rels.set(id, { id, type, target: external ? target : resolvePath(dir, decodeURIComponentSafe(target)), external });
    },
    close() {},
    text() {},
  });
  return rels;
}

function decodeURIComponentSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/**
 * Part names (lower case) the relationships lead to: from `roots` through the relationships part
 * of every part reached, breadth first, `[Content_Types].xml` and `_rels/.rels` included.
 * `hasPart` says whether the package holds a name; `relsOf` reads a part's relationships.
 */
export function reachedParts(roots: Iterable<string>, hasPart: (path: string) => boolean, relsOf: (part: string, relsPath: string) => Map<string, Rel>): Set<string> {
  const reached = new Set<string>(['[content_types].xml', '_rels/.rels']);
  const queue: string[] = [];
  const add = (p: string) => {
    const k = p.toLowerCase();
    if (reached.has(k)) return;
    reached.add(k);
    queue.push(p);
  };
  for (const p of roots) add(p);
  while (queue.length) {
    const p = queue.shift()!;
    const rp = relsPathOf(p);
    if (!hasPart(rp)) continue;
    reached.add(rp.toLowerCase());
    for (const r of relsOf(p, rp).values()) if (!r.external) add(r.target);
  }
  return reached;
}

/** The package paths of a relationship set's internal targets. */
export function internalTargets(rels: Map<string, Rel>): string[] {
  return [...rels.values()].filter((r) => !r.external).map((r) => r.target);
}

/** Media types of pictures OCR can read, by signature. */
export function sniffImage(b: Uint8Array): string | undefined {
  const at = (sig: number[], o = 0) => sig.every((v, i) => b[o + i] === v);
  if (at([0x89, 0x50, 0x4e, 0x47])) return 'image/png';
  if (at([0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (at([0x47, 0x49, 0x46, 0x38])) return 'image/gif';
  if (at([0x42, 0x4d])) return 'image/bmp';
  if (at([0x49, 0x49, 0x2a, 0x00]) || at([0x4d, 0x4d, 0x00, 0x2a])) return 'image/tiff';
  if (at([0x52, 0x49, 0x46, 0x46]) && at([0x57, 0x45, 0x42, 0x50], 8)) return 'image/webp';
  return undefined;
}

/** What an embedded or unknown binary entry is, from its bytes. */
export function sniffBinary(b: Uint8Array): 'zip' | 'pdf' | 'ole' | 'image' | 'emf' | 'wmf' | 'svg' | 'rtf' | 'unknown' {
  if (sniffImage(b)) return 'image';
  if (b[0] === 0x50 && b[1] === 0x4b && (b[2] === 0x03 || b[2] === 0x05)) return 'zip';
  if (b[0] === 0xd0 && b[1] === 0xcf && b[2] === 0x11 && b[3] === 0xe0) return 'ole';
  const head = String.fromCharCode(...b.subarray(0, 1024));
  if (head.includes('%PDF-')) return 'pdf';
  if (b[0] === 0x01 && b[1] === 0 && b[2] === 0 && b[3] === 0 && head.slice(40, 44) === ' EMF') return 'emf';
  if ((b[0] === 0xd7 && b[1] === 0xcd && b[2] === 0xc6 && b[3] === 0x9a) || (b[0] === 0x01 && b[1] === 0 && b[2] === 0x09 && b[3] === 0)) return 'wmf';
  // (Only the second test: a first, /^\s*(<\?xml[^>]*>\s*)?(<!--[\s\S]*?-->\s*)*<svg[\s>]/i, said nothing more and backtracked exponentially on many comments.)
  if (/<svg[\s>]/i.test(head)) return 'svg';
  if (head.startsWith('{\\rtf')) return 'rtf';
  return 'unknown';
}

export { includesUtf16 } from './cfb.ts';

/** Core properties worth reading, element local name → property name reported. */
const CORE_PROPS = new Set(['title', 'subject', 'keywords', 'description', 'creator', 'lastModifiedBy', 'category', 'contentStatus', 'identifier', 'language', 'version']);
/** Extended (app.xml) properties that hold free text. */
const APP_PROPS = new Set(['Company', 'Manager', 'Template', 'HyperlinkBase', 'Application']);

/** One part per non-empty property, detail the property name. */
export function readProperties(xml: string, file: string, kind: 'core' | 'app' | 'custom'): PartBuilder[] {
  const out: PartBuilder[] = [];
  const seen = new Map<string, number>();
  const stack: string[] = [];
  let customName: string | undefined;
  let buf = '';
  let collecting: string | undefined;
  const emit = (name: string, text: string, prefix = '') => {
    if (!text.trim()) return;
    const n = (seen.get(name) ?? 0) + 1;
    seen.set(name, n);
    const b = new PartBuilder(`${file}#${name}${n > 1 ? `-${n}` : ''}`, 'properties', { filePart: file, detail: name });
    b.append(prefix + text);
    b.endParagraph({ kind: 'paragraph' });
    out.push(b);
  };
  parseXml(xml, {
    open(name, a) {
      stack.push(name);
      if (kind === 'custom' && name === 'property') customName = attr(a, 'name') ?? 'property';
      else if (kind === 'core' && stack.length === 2 && CORE_PROPS.has(name)) (collecting = name), (buf = '');
      else if (kind === 'app' && stack.length === 2 && APP_PROPS.has(name)) (collecting = name), (buf = '');
      else if (kind === 'app' && name === 'lpstr' && stack.includes('TitlesOfParts')) (collecting = 'TitlesOfParts'), (buf = '');
      else if (kind === 'custom' && customName !== undefined && stack.length === 3) (collecting = customName), (buf = '');
    },
    close(name) {
      const depth = stack.length;
      stack.pop();
      if (collecting !== undefined && ((kind === 'custom' && depth === 3) || (kind !== 'custom' && (depth === 2 || name === 'lpstr')))) {
        // Custom property names are chosen by people (密级, Classification): keep the name with the value.
        if (kind === 'custom') emit(collecting, buf.trim(), `${collecting}：`);
        else emit(collecting, buf.trim());
        collecting = undefined;
      }
      if (name === 'property') customName = undefined;
    },
    text(t) {
      if (collecting !== undefined) buf += t;
    },
  });
  return out;
}

/** All text nodes of an XML part, one line per element that held text. */
export function genericText(xml: string, id: string, role: 'body' | 'metadata' | 'properties', detail: string, filePart: string): PartBuilder {
  const b = new PartBuilder(id, role, { filePart, detail });
  parseXml(xml, {
    open() {},
    close() {
      b.endParagraph({ kind: 'paragraph' });
    },
    text(t) {
      if (t.trim()) b.append(t.trim());
    },
  });
  return b;
}

/**
 * Text nodes and attribute values of any XML part, one line each: a part of unknown purpose may
 * keep its words in either (`attributes: false` for a part whose purpose is known; `'text'` for
 * one whose attributes are mostly structure: only values people write, see {@link isTextAttribute}).
 * Namespace declarations are left out.
 */
export function xmlTextAndAttributes(xml: string, id: string, role: PartRole, detail: string, filePart: string, attributes: boolean | 'text' = true): PartBuilder {
  const b = new PartBuilder(id, role, { filePart, detail });
  // Character data of elements the viewer shows on one line (runs of a paragraph, a shared string's
  // runs), joined: each element's text is a line of its own, so a marking cut over two runs
  // (`<r><a>机密</a></r><r><b>★5年</b></r>`) is read whole on the joined line after them.
  let joined = '';
  let pieces = 0;
  const flushJoined = () => {
    if (pieces > 1 && joined.trim()) b.endParagraph({ kind: 'paragraph' }), b.append(joined.trim()), b.endParagraph({ kind: 'paragraph' });
    joined = '';
    pieces = 0;
  };
  parseXml(xml, {
    open(name, a) {
      if (breaksLineByName(name)) flushJoined();
      if (!attributes) return;
      for (const k in a) {
        const v = a[k].trim();
        if (!v || k === 'xmlns' || k.startsWith('xmlns:')) continue;
        if (attributes === 'text' && !isTextAttribute(k, v, name)) continue;
        b.endParagraph({ kind: 'paragraph' });
        b.append(v);
        b.endParagraph({ kind: 'paragraph' });
        // A percent-encoded URI is read as it is shown, too (`%E6%9C%BA%E5%AF%86` is 机密).
        const shown = v.includes('%') ? uriText(v) : v;
        if (shown !== v) b.append(shown), b.endParagraph({ kind: 'paragraph' });
      }
    },
    close(name) {
      b.endParagraph({ kind: 'paragraph' });
      if (breaksLineByName(name)) flushJoined();
    },
    text(t) {
      if (t.trim()) b.append(t.trim());
      joined += t;
      if (t.trim()) pieces++;
    },
  });
  flushJoined();
  return b;
}

/**
 * Comments and processing instructions of an XML part (`<!-- 机密★5年 -->`, `<?note 机密★5年?>`):
 * no application draws them, but they travel with the file and whoever unpacks it reads them, as
 * an entry nothing names is read. A line each, as hidden text; those with no character outside
 * ASCII (a generator's `<!-- Generated by … -->`, `<?mso-application …?>`) and the XML declaration
 * are left out. Linear in the part; undefined when there is nothing to read.
 */
export function xmlCommentsPart(xml: string, id: string, filePart: string): TextPart | undefined {
  if (!xml.includes('<!--') && !xml.includes('<?')) return undefined;
  let b: PartBuilder | undefined;
  let i = 0;
  while (i < xml.length) {
    const c = xml.indexOf('<!--', i);
    const q = xml.indexOf('<?', i);
    if (c < 0 && q < 0) break;
    const comment = c >= 0 && (q < 0 || c < q);
    const start = comment ? c + 4 : q + 2;
    const close = xml.indexOf(comment ? '-->' : '?>', start);
    const body = xml.slice(start, close < 0 ? xml.length : close);
    i = close < 0 ? xml.length : close + (comment ? 3 : 2);
    if (!comment && /^xml[\s?]/i.test(body)) continue;
    if (!/[^\x00-\x7f]/.test(body)) continue;
    b ??= new PartBuilder(id, 'hidden', { filePart, detail: 'XML comments and processing instructions (not shown; in the file)' });
    for (const line of body.split(/\r\n|\r|\n/)) if (line.trim()) b.append(line.trim()), b.endParagraph({ kind: 'paragraph' });
  }
  return b && !b.blank ? b.toPart() : undefined;
}

/** Plain text of an entry, one paragraph per line (read as hidden: no application shows it). */
export function plainTextLines(text: string, id: string, detail: string, filePart: string): PartBuilder {
  const b = new PartBuilder(id, 'hidden', { filePart, detail });
  for (const line of text.split(/\r\n|\r|\n/)) {
    b.append(line);
    b.endParagraph({ kind: 'paragraph' });
  }
  return b;
}

/** Text a reader would accept as such: no NUL bytes, few control characters. */
export function looksLikeText(data: Uint8Array): boolean {
  const n = Math.min(data.length, 4096);
  let control = 0;
  for (let i = 0; i < n; i++) {
    const b = data[i];
    if (b === 0) return false;
    if (b < 9 || (b > 13 && b < 32)) control++;
  }
  return control <= n / 100;
}

/**
 * Groups an Office package's entries by name (case-insensitive: every copy of a duplicated name is
 * kept, to be read) and reports what the directory and the local headers disagree on, and a
 * directory recovered from a damaged archive. The entries involved are still read. With
 * `duplicates`, a name held more than once is reported as well (`duplicate-entry`): which copy an
 * application shows is up to it, and such a package is not a valid one (readers that label every
 * copy as such in their parts leave it off).
 */
export function indexEntries(dir: ZipDirectory, result: Pick<Extraction, 'loss' | 'unread'>, duplicates = false): { copies: Map<string, ZipEntry[]>; names: string[] } {
  const copies = new Map<string, ZipEntry[]>();
  const names: string[] = [];
  for (const e of dir.entries) {
    const key = e.name.toLowerCase();
    const list = copies.get(key);
    if (list) list.push(e);
    else copies.set(key, [e]), names.push(e.name);
  }
  for (const m of dir.mismatches) {
    (result.loss ??= []).push({
      where: m.where,
      kind: 'entry-mismatch',
      count: m.count,
      ...(m.total !== undefined ? { total: m.total } : {}),
      detail: `The package's directory does not agree with its contents: ${m.detail}; a reader may show content this scan reads separately or not at all`,
      reason: 'corrupt',
      origin: { filePart: m.where },
    });
  }
  if (duplicates) {
    for (const [, list] of copies) {
      if (list.length < 2) continue;
      (result.loss ??= []).push({
        where: list[0].name,
        kind: 'duplicate-entry',
        count: list.length - 1,
        total: list.length,
        detail: `The package holds ${list.length} entries named ${list[0].name}; every copy was read, but a reader may show any of them`,
        reason: 'corrupt',
        origin: { filePart: list[0].name },
      });
    }
  }
  if (dir.recovered) {
    result.unread.push({
      where: 'file',
      reason: 'corrupt',
      detail: `The package is damaged: ${dir.recovered}. ${dir.entries.length} entries were recovered from what remains; the rest of the document could not be read.`,
    });
  }
  return { copies, names };
}

/**
 * Handwriting: an InkML part (`w14:contentPart`, `p14:contentPart`, `xdr:contentPart` name one;
 * Office's ink parts) draws pen strokes, whose words are in the picture they make, not in its text.
 * Returns the number of strokes (0 when the part is no InkML) and the XML with the strokes'
 * coordinates left out: they are numbers, not words (read as text they would make phone and card
 * numbers up), and whatever else the part writes (annotations, brush names) is still read.
 */
export function inkStrokes(xml: string): { strokes: number; xml: string } {
  if (!/xmlns(?::\w+)?\s*=\s*["']http:\/\/www\.w3\.org\/2003\/InkML["']/.test(xml.slice(0, 8192))) return { strokes: 0, xml };
  let strokes = 0;
  const out = xml.replace(/(<(\w+:)?trace\b[^>]*>)[^<]*(<\/\2trace>)/g, (_m, open: string, _p: string | undefined, close: string) => {
    strokes++;
    return open + close;
  });
  return { strokes, xml: out };
}

/** The unread item of an ink part that draws strokes. */
export function inkUnread(name: string, strokes: number): { reason: 'unsupported-format'; detail: string } {
  return { reason: 'unsupported-format', detail: `${name.split('/').pop()} is handwriting (${strokes} ink stroke${strokes > 1 ? 's' : ''}): what it says is drawn, not written as text, and was not read or OCR'd.` };
}

/** CJK, fullwidth forms and the symbols a marking uses (★ ☆ ● ■ …). */
const isWide = (c: number) => (c >= 0x3000 && c <= 0x9fff) || (c >= 0xf900 && c <= 0xfaff) || (c >= 0xff00 && c <= 0xffef) || (c >= 0x2460 && c <= 0x27bf);
const isCjk = (c: number) => (c >= 0x3400 && c <= 0x9fff) || (c >= 0xf900 && c <= 0xfaff);

/**
 * Runs of text in a binary stream: UTF-16LE (at either byte alignment) and UTF-8, of printable ASCII
 * and wide characters, three or more long with two or more Chinese characters (random bytes
 * rarely make such a run). Linear in the stream's length; at most 10,000 runs a stream.
 */
export function streamStrings(b: Uint8Array): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  const keep = (run: string, cjk: number) => {
    const t = run.trim();
    if (t.length >= 3 && cjk >= 2 && !seen.has(t) && out.length < 10_000) {
      seen.add(t);
      out.push(t);
    }
  };
  for (const start of [0, 1]) {
    let run = '';
    let cjk = 0;
    for (let i = start; i + 1 < b.length; i += 2) {
      const c = b[i] | (b[i + 1] << 8);
      if ((c >= 0x20 && c <= 0x7e) || isWide(c)) {
        run += String.fromCharCode(c);
        if (isCjk(c)) cjk++;
      } else {
        keep(run, cjk);
        run = '';
        cjk = 0;
      }
    }
    keep(run, cjk);
  }
  // UTF-8: three-byte sequences (CJK, symbols) and ASCII.
  let run = '';
  let cjk = 0;
  for (let i = 0; i < b.length; ) {
    const x = b[i];
    if (x >= 0x20 && x <= 0x7e) {
      run += String.fromCharCode(x);
      i++;
      continue;
    }
    if ((x & 0xf0) === 0xe0 && i + 2 < b.length && (b[i + 1] & 0xc0) === 0x80 && (b[i + 2] & 0xc0) === 0x80) {
      const c = ((x & 0x0f) << 12) | ((b[i + 1] & 0x3f) << 6) | (b[i + 2] & 0x3f);
      if (isWide(c)) {
        run += String.fromCharCode(c);
        if (isCjk(c)) cjk++;
        i += 3;
        continue;
      }
    }
    keep(run, cjk);
    run = '';
    cjk = 0;
    i++;
  }
  keep(run, cjk);
  return out;
}

/** `w:docVar` name/value pairs from settings.xml: macros keep text there that no reader sees. */
export function readDocVars(xml: string, file: string): PartBuilder | undefined {
  const b = new PartBuilder(`${file}#docVars`, 'metadata', { filePart: file, detail: 'document variables' });
  parseXml(xml, {
    open(name, a) {
      if (name !== 'docVar') return;
      b.append(`${attr(a, 'name') ?? ''}：${attr(a, 'val') ?? ''}`);
      b.endParagraph({ kind: 'paragraph' });
    },
    close() {},
    text() {},
  });
  return b.blank ? undefined : b;
}

/** What reading the entries of one archive shares: its bytes, the inflate budget, and whether the budget ran out. */
export interface EntryReading {
  bytes: Uint8Array;
  budget: InflateBudget;
  /** The directory was rebuilt from local headers: sizes may be guesses, truncation is expected. */
  recovered: boolean;
  exhausted: boolean;
}

/**
 * Inflates one entry, failing closed: past the inflate limit, cut short, failing its checksum or
 * not inflating at all, it is reported through `unread` (named `which`). A checksum mismatch is
 * read anyway: the text is scanned, and the mismatch keeps the verdict from passing.
 */
export function inflateChecked(r: EntryReading, e: ZipEntry, which: string, unread: (u: Pick<UnreadItem, 'reason' | 'detail'>) => void, container = 'archive'): Uint8Array | undefined {
  if (r.exhausted) {
    unread({ reason: 'limit', detail: `Not read: the ${container} had already inflated past the limit of ${r.budget.limits.maxInflatedBytes} bytes.` });
    return undefined;
  }
  try {
    const data = inflateEntry(r.bytes, e, r.budget, r.recovered);
    if (e.truncated && !r.recovered) unread({ reason: 'corrupt', detail: `${which} is cut short; only its beginning was read.` });
    else if (!e.truncated && e.crc !== undefined && crc32(data) !== e.crc) {
      unread({ reason: 'corrupt', detail: `${which} does not match its checksum: it is damaged or was altered, and a reader may show something else than what was read.` });
    }
    return data;
  } catch (err) {
    const ee = err instanceof EntryError ? err : new EntryError('corrupt', `${which} could not be inflated`);
    if (ee.reason === 'limit' && r.budget.inflated > r.budget.limits.maxInflatedBytes) r.exhausted = true;
    const t = ee.message.charAt(0).toUpperCase() + ee.message.slice(1);
    unread({ reason: ee.reason, detail: /[.。]$/.test(t) ? t : `${t}.` });
    return undefined;
  }
}
