/**
 * Objects the cross-reference table loses. A table whose offsets are shifted (bytes inserted in
 * front of an object) or flipped points at the wrong bytes; pdf.js then rebuilds the table or
 * drops the object, silently, and a page's content stream can vanish. Reading the classic tables
 * of every revision and the `N G obj` headers of the file in one linear pass tells which entries
 * point at no object and which objects in the bytes no table reaches; the latter are decoded
 * strictly and lexed, so a lost content stream or text string is reported instead of ignored.
 */
import { decodeContent, scanContent } from './content.ts';

/** One object in the bytes that no cross-reference entry of any revision points at. */
export interface OrphanObject {
  num: number;
  gen: number;
  /** Text-showing operators in its stream, or string bytes in a dictionary without a stream. */
  text: number;
  /** Set when its stream could not be decoded. */
  error?: string;
}

/** What checking the cross-reference tables found. */
export interface XrefCheck {
  /** In-use entries (over all revisions) whose offset does not start with their `N G obj`. */
  badEntries: number[];
  /** Objects with text (or a stream that does not decode) no entry points at. */
  orphans: OrphanObject[];
  /** The final `startxref` offset does not point at the table (found by searching back instead). */
  startMisplaced: boolean;
  /**
   * Entries a subsection declares that are not `offset generation n|f` (a stray byte in the
   * table): a reader then rebuilds the table by scanning the file, or reads a wrong offset.
   */
  malformed: number;
}

/** What {@link checkXref} looks at. */
export interface XrefCheckOptions {
  /**
   * Whether to decode and lex objects no entry reaches (default true). Off for encrypted files:
   * their streams cannot be decoded without the key, but their table can still be checked.
   */
  orphans?: boolean;
}

/** Most revisions, headers and decoded bytes looked at: the check stays linear and bounded. */
const MAX_SECTIONS = 64;
const MAX_HEADERS = 50_000;
const MAX_DECODED = 64 * 1024 * 1024;

/** Streams that carry no text of their own to lex (pictures, fonts, tables, metadata read elsewhere). */
const NOT_CONTENT = /\/Subtype\s*\/(Image|Type1C|CIDFontType0C|OpenType|XML)\b|\/Type\s*\/(XRef|Metadata|EmbeddedFile|XObject\s*\/Subtype\s*\/Image)\b|\/Length[123]\b/;

/**
 * Checks the classic cross-reference tables of the file and the objects its bytes hold.
 * Returns undefined when the file uses cross-reference streams (objects then hide in object
 * streams the byte scan cannot see) or has no table to follow.
 */
export function checkXref(bytes: Uint8Array, options: XrefCheckOptions = {}): XrefCheck | undefined {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  const start = text.lastIndexOf('startxref');
  if (start < 0) return undefined;
  // Any cross-reference stream (a whole table or a hybrid update) hides objects in object streams.
  if (/\/Type\s*\/XRef\b|\/XRefStm\b/.test(text)) return undefined;
  const first = /^startxref\s+(\d+)/.exec(text.slice(start, start + 40));
  if (!first) return undefined;
  // Offsets named by any revision, and the object number each names there.
  const named = new Map<number, number>();
  const seen = new Set<number>();
  let at = Number(first[1]);
  let startMisplaced = false;
  if (text.slice(at, at + 4) !== 'xref') {
    // Bytes inserted or removed before the table shift it too: readers search for it, so do we.
    const back = Math.max(text.lastIndexOf('\nxref', start), text.lastIndexOf('\rxref', start));
    if (back < 0) return undefined;
    at = back + 1;
    startMisplaced = true;
  }
  let sections = 0;
  let malformed = 0;
  // Generation each offset's entry names (an entry whose generation differs from its object's is not followed).
  const gens = new Map<number, number>();
  while (!seen.has(at) && sections++ < MAX_SECTIONS) {
    seen.add(at);
    if (text.slice(at, at + 4) !== 'xref') {
      if (sections === 1) return undefined;
      // An earlier revision's table that is not where /Prev says is damaged too.
      startMisplaced = true;
      break;
    }
    const end = text.indexOf('trailer', at);
    if (end < 0) return undefined;
    const table = text.slice(at + 4, end);
    const sub = /(\d+)\s+(\d+)\s*[\r\n]/y;
    // Readers take an entry as three tokens (writers' spacing varies); what is not three tokens
    // is a damaged entry the reader cannot follow.
    const entry = /\s*(\d+)\s+(\d+)\s+([nf])(?![^\s%])/y;
    let i = 0;
    subsections: for (;;) {
      const ws = /\s*/y;
      ws.lastIndex = i;
      ws.exec(table);
      sub.lastIndex = ws.lastIndex;
      const s = sub.exec(table);
      if (!s) break;
      i = sub.lastIndex;
      const from = Number(s[1]);
      const count = Number(s[2]);
      for (let k = 0; k < count; k++) {
        entry.lastIndex = i;
        const e = entry.exec(table);
        if (!e) {
          malformed += count - k;
          break subsections;
        }
        i = entry.lastIndex;
        if (e[3] === 'n' && !named.has(Number(e[1]))) {
          named.set(Number(e[1]), from + k);
          gens.set(Number(e[1]), Number(e[2]));
        }
      }
    }
    // Anything but whitespace left between the last entry and `trailer` is not a table either.
    if (malformed === 0 && /\S/.test(table.slice(i))) malformed++;
    const stop = text.indexOf('startxref', end);
    const trailer = text.slice(end, stop < 0 ? end + 4096 : stop);
    const prev = /\/Prev\s+(\d+)/.exec(trailer);
    if (!prev) break;
    at = Number(prev[1]);
  }

  const badEntries: number[] = [];
  const header = /(\d+)\s+(\d+)\s+obj\b/y;
  for (const [offset, num] of named) {
    // Readers skip whitespace before the header; nothing else may stand there.
    header.lastIndex = offset;
    while (header.lastIndex < text.length && /\s/.test(text[header.lastIndex])) header.lastIndex++;
    const m = header.exec(text);
    if (!m || Number(m[1]) !== num || Number(m[2]) !== gens.get(offset)) badEntries.push(num);
  }

  const orphans: OrphanObject[] = [];
  if (options.orphans === false) return { badEntries, orphans, startMisplaced, malformed };
  const headers = /(?<![0-9])(\d+)\s+(\d+)\s+obj\b/g;
  let decoded = 0;
  let count = 0;
  for (let m = headers.exec(text); m !== null && count++ < MAX_HEADERS; m = headers.exec(text)) {
    if (named.has(m.index)) continue;
    const bodyStart = headers.lastIndex;
    const next = text.indexOf('endobj', bodyStart);
    const bodyEnd = next < 0 ? text.length : next;
    headers.lastIndex = bodyEnd;
    const body = text.slice(bodyStart, bodyEnd);
    const num = Number(m[1]);
    const gen = Number(m[2]);
    const s = /\bstream\r?\n/.exec(body);
    if (!s) {
      // A dictionary or string that lost its place: text in its strings (an annotation's /Contents, a title).
      const strings = body.match(/\((?:[^()\\]|\\.){2,}\)|<[0-9A-Fa-f\s]{4,}>/g);
      if (strings) orphans.push({ num, gen, text: strings.reduce((a, x) => a + x.length - 2, 0) });
      continue;
    }
    const dict = body.slice(0, s.index);
    if (NOT_CONTENT.test(dict)) continue;
    const dataEnd = body.lastIndexOf('endstream');
    const raw = bytes.subarray(bodyStart + s.index + s[0].length, bodyStart + (dataEnd < 0 ? body.length : dataEnd));
    const f = /\/Filter\s*(\[[^\]]*\]|\/[^\s/<>[\]()]+)/.exec(dict);
    const filters = f ? (f[1].match(/\/[^\s/<>[\]()]+/g) ?? []).map((x) => x.slice(1)) : [];
    if (decoded > MAX_DECODED) {
      orphans.push({ num, gen, text: 0, error: 'not decoded: the check reached its size limit' });
      continue;
    }
    const d = decodeContent(trimEol(raw), filters, /\/Predictor\s+(?!1\b)\d/.test(dict), () => {
      throw new Error(`filters ${filters.join(', ')} not decoded here`);
    });
    if (!d.ok) {
      orphans.push({ num, gen, text: 0, error: d.error });
      continue;
    }
    if (!d.data) continue;
    decoded += d.data.length;
    const scan = scanContent(d.data);
    if (scan.textOps > 0) orphans.push({ num, gen, text: scan.textOps });
  }
  return { badEntries, orphans, startMisplaced, malformed };
}

/** Stream data without the end-of-line that precedes `endstream`. */
function trimEol(b: Uint8Array): Uint8Array {
  let n = b.length;
  if (n > 0 && b[n - 1] === 0x0a) n--;
  if (n > 0 && b[n - 1] === 0x0d) n--;
  return b.subarray(0, n);
}
