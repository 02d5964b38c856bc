/**
 * Mutation classes. A class that keeps the marking's bytes by construction lists no `touched`
 * ranges; a class that may destroy structure lists the original byte ranges it changed, and the
 * harness decides per input whether a marking region was touched. A marking left intact must never
 * come out as `pass`; a touched one may pass only when the scanner says it read everything.
 */
import { inflateRawSync } from 'node:zlib';
import iconv from 'iconv-lite';
import { Rng, concat, newEntry, pointOutside, readZip, touches, writeZip, type Range, type RawEntry } from './bytes.ts';
import { decodeAs, encodeAs, type Seed, type SeedKind, type TextEncoding } from './seeds.ts';
import { CONTAINER_DESTRUCTIVE, CONTAINER_PRESERVING } from './containers.ts';
import { REDTEAM } from './redteam.ts';

export interface Mutated {
  bytes: Uint8Array;
  /** What was done, enough for a person to understand the input (the recipe replays it exactly). */
  params: Record<string, unknown>;
  /** Byte ranges of the original that were changed (an insertion is [p, p]). */
  touched: Range[];
}

export interface Mutation {
  name: string;
  /** Formats the class applies to. */
  kinds: SeedKind[];
  /** One sentence for the summary. */
  what: string;
  /** Undefined when the class cannot apply to this seed (e.g. no byte outside the marking). */
  apply(seed: Seed, rng: Rng): Mutated | undefined;
}

const ALL: SeedKind[] = ['text', 'html', 'docx', 'pdf', 'image', 'eml', 'cfb'];
/** A compound file addresses its sectors by offset: a byte inserted moves every sector after it (a destructive change there). */
const NOT_OFFSET_ADDRESSED: SeedKind[] = ALL.filter((k) => k !== 'cfb');
const TEXTUAL: SeedKind[] = ['text', 'html'];
const latin1 = (b: Uint8Array) => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('latin1');
const fromLatin1 = (s: string) => new Uint8Array(Buffer.from(s, 'latin1'));

/** Encodings that carry every character a disguise inserts. */
const UNICODE_ENCODINGS: ReadonlySet<TextEncoding> = new Set(['utf8', 'utf8bom', 'utf16le', 'utf16be']);
/** Level words a disguise goes into (disguise-marking). */
const LEVEL_WORDS = /绝密|机密|秘密|絕密|機密|祕密|TOP SECRET|SECRET|CONFIDENTIAL|RESTRICTED|СЕКРЕТНО|NOFORN/g;
/** Characters drawn as nothing: zero-width ones, the grapheme joiner, variation selectors (an ideographic variation sequence's too), the soft hyphen. */
const INVISIBLE = ['\u200b', '\u200c', '\u200d', '\u2060', '\u034f', '\ufe0f', '\ufe00', '\u{e0100}', '\u{e0101}', '\u180e', '\u00ad', '\ufeff', '\u2061'];
/** Combining marks drawn on an ideograph (an accent, a dot, an enclosing circle). */
const COMBINING = ['\u0301', '\u0300', '\u0307', '\u0323', '\u20dd', '\u0336'];
/** Cyrillic and Greek capitals drawn like a Latin one (lookalike-letters). */
const LOOKALIKE_OF: Record<string, string[]> = { A: ['\u0410', '\u0391'], B: ['\u0412', '\u0392'], C: ['\u0421'], E: ['\u0415', '\u0395'], H: ['\u041d', '\u0397'], I: ['\u0406', '\u0399'], K: ['\u041a', '\u039a'], M: ['\u041c', '\u039c'], N: ['\u039d'], O: ['\u041e', '\u039f'], P: ['\u0420', '\u03a1'], S: ['\u0405'], T: ['\u0422', '\u03a4'], X: ['\u0425', '\u03a7'], Y: ['\u04ae', '\u03a5'] };
/** Symbols that are no word and no sentence punctuation, glued to the marking's line. */
const GLUED = [...'#$%&*+<=>@[\\]^_{|}~'];

function regionEnd(seed: Seed): number {
  return Math.max(...seed.regions.map((r) => r[1]));
}

function flipOutside(seed: Seed, rng: Rng, n: number): Mutated | undefined {
  const out = seed.bytes.slice();
  const touched: Range[] = [];
  for (let k = 0; k < n; k++) {
    for (let tries = 0; tries < 64; tries++) {
      const p = rng.int(0, out.length);
      if (touches([p, p + 1], seed.regions)) continue;
      out[p] ^= 1 << rng.int(0, 8);
      touched.push([p, p + 1]);
      break;
    }
  }
  return touched.length ? { bytes: out, params: { positions: touched.map((r) => r[0]) }, touched } : undefined;
}

// ---------------------------------------------------------------- text re-encodings

type Target = 'utf8-bom' | 'gbk' | 'gb18030' | 'big5' | 'utf16le' | 'utf16be' | 'utf16le-bom' | 'utf16be-bom';

function reencode(target: Target): Mutation {
  return {
    name: `reencode-${target}`,
    kinds: TEXTUAL,
    what: `the text re-encoded as ${target} (every character kept)`,
    apply(seed) {
      const text = decodeAs(seed.bytes, seed.encoding ?? 'utf8');
      const base = target.replace('-bom', '');
      const codec = base === 'utf8' ? 'utf8' : base === 'utf16le' ? 'utf-16le' : base === 'utf16be' ? 'utf-16be' : base;
      const body = iconv.encode(text, codec);
      // A codec that cannot carry every character would destroy content: not this class's business.
      if (iconv.decode(body, codec) !== text) return undefined;
      const bom = target === 'utf8-bom' ? [0xef, 0xbb, 0xbf] : target === 'utf16le-bom' ? [0xff, 0xfe] : target === 'utf16be-bom' ? [0xfe, 0xff] : [];
      return { bytes: concat(new Uint8Array(bom), new Uint8Array(body)), params: { from: seed.encoding, to: target }, touched: [] };
    },
  };
}

// ---------------------------------------------------------------- ZIP (DOCX)

/** Replaces the text between tags: a copy of a part with the same structure and none of its words. */
function blandXml(xml: string): string {
  return xml.replace(/>([^<]+)</g, (m, t: string) => (t.trim() ? '>公开<' : m));
}

function markingEntries(seed: Seed, entries: RawEntry[]): RawEntry[] {
  return entries.filter((e) => touches(e.range, seed.regions));
}

function zipMutation(name: string, what: string, f: (seed: Seed, entries: RawEntry[], rng: Rng) => Mutated | undefined): Mutation {
  return {
    name,
    kinds: ['docx'],
    what,
    apply(seed, rng) {
      const entries = readZip(seed.bytes);
      return entries ? f(seed, entries, rng) : undefined;
    },
  };
}

function duplicate(order: 'benign-first' | 'benign-last'): Mutation {
  return zipMutation(`zip-duplicate-${order}`, `a marked entry duplicated under the same name with its words blanked, the blank copy ${order === 'benign-first' ? 'before' : 'after'} the original`, (seed, entries, rng) => {
    const marked = markingEntries(seed, entries).filter((e) => /\.xml$/i.test(e.name));
    if (!marked.length) return undefined;
    const target = rng.pick(marked);
    const xml = Buffer.from(target.method === 8 ? inflateRawSync(target.data) : target.data).toString('utf8');
    const copy = newEntry(target.name, blandXml(xml));
    const out = entries.flatMap((e) => (e === target ? (order === 'benign-first' ? [copy, e] : [e, copy]) : [e]));
    return { bytes: writeZip(out), params: { entry: target.name }, touched: [] };
  });
}

/** The marked part left in the package unreferenced: relationships now point at a blank copy. */
const orphan = zipMutation('zip-orphaned-marked-part', 'a blank copy of a marked part added and every relationship retargeted to it, the marked part left in the package unreferenced', (seed, entries, rng) => {
  const marked = markingEntries(seed, entries).filter((e) => /\.xml$/i.test(e.name) && !/\.rels$/i.test(e.name));
  if (!marked.length) return undefined;
  const target = rng.pick(marked);
  const base = target.name.split('/').pop()!;
  const copyName = target.name.replace(/\.xml$/i, '-public.xml');
  const copyBase = copyName.split('/').pop()!;
  const inflate = (e: RawEntry) => Buffer.from(e.method === 8 ? inflateRawSync(e.data) : e.data).toString('utf8');
  let retargeted = 0;
  const out: RawEntry[] = [];
  for (const e of entries) {
    if (/\.rels$/i.test(e.name) || e.name === '[Content_Types].xml') {
      const xml = inflate(e);
      const next = xml
        .replace(new RegExp(`(Target="[^"]*?)${base.replace(/[.]/g, '\\.')}"`, 'g'), (_, head: string) => `${head}${copyBase}"`)
        .replace(new RegExp(`(<Override[^>]*PartName="/${target.name.replace(/[.]/g, '\\.')}"[^>]*/>)`), (o: string) => `${o}${o.replace(base, copyBase)}`);
      if (next !== xml) {
        if (/\.rels$/i.test(e.name)) retargeted++;
        out.push(newEntry(e.name, next));
        continue;
      }
    }
    out.push(e);
  }
  if (!retargeted) return undefined;
  out.push(newEntry(copyName, blandXml(inflate(target))));
  return { bytes: writeZip(out), params: { entry: target.name, copy: copyName }, touched: [] };
});

const stored = zipMutation('zip-marked-part-stored', 'a marked part stored uncompressed instead of deflated (same text, other bytes)', (seed, entries, rng) => {
  const marked = markingEntries(seed, entries).filter((e) => e.method === 8);
  if (!marked.length) return undefined;
  const target = rng.pick(marked);
  const raw = new Uint8Array(inflateRawSync(target.data));
  const out = entries.map((e) => (e === target ? { ...e, method: 0, data: raw } : e));
  return { bytes: writeZip(out), params: { entry: target.name }, touched: [] };
});

// ---------------------------------------------------------------- HTML

/** Elements and constructs whose content a browser does not show as body text. */
const WRAPS: Array<[string, string]> = [
  ['<!--', '-->'],
  ['<script type="text/plain">', '</script>'],
  ['<style>/*', '*/</style>'],
  ['<template>', '</template>'],
  ['<noscript>', '</noscript>'],
  ['<textarea hidden>', '</textarea>'],
  ['<xmp hidden>', '</xmp>'],
  ['<svg width="0" height="0"><text>', '</text></svg>'],
  ['<div hidden>', '</div>'],
  ['<object data="x"><div>', '</div></object>'],
];

const htmlHide: Mutation = {
  name: 'html-wrap-marking',
  kinds: ['html'],
  what: 'the marking’s lines wrapped (outside their bytes) in a comment, script, style, template, noscript, textarea, xmp, svg text or hidden div',
  apply(seed, rng) {
    if ((seed.encoding ?? 'utf8') !== 'utf8') return undefined;
    const [a, b] = rng.pick(seed.regions);
    const [open, close] = rng.pick(WRAPS);
    const enc = new TextEncoder();
    return {
      bytes: concat(seed.bytes.subarray(0, a), enc.encode(open), seed.bytes.subarray(a, b), enc.encode(close), seed.bytes.subarray(b)),
      params: { wrap: open, region: [a, b] },
      touched: [
        [a, a],
        [b, b],
      ],
    };
  },
};

// ---------------------------------------------------------------- PDF incremental updates

interface PdfTail {
  startxref: number;
  size: number;
  root: string;
  info?: string;
}

function pdfTail(s: string): PdfTail | undefined {
  const sx = [...s.matchAll(/startxref\s+(\d+)/g)].pop();
  const root = [...s.matchAll(/\/Root\s+(\d+\s+\d+)\s+R/g)].pop();
  if (!sx || !root) return undefined;
  const sizes = [...s.matchAll(/\/Size\s+(\d+)/g)].map((m) => Number(m[1]));
  const nums = [...s.matchAll(/(?:^|[\r\n\s])(\d+)\s+\d+\s+obj\b/g)].map((m) => Number(m[1]));
  const info = [...s.matchAll(/\/Info\s+(\d+\s+\d+)\s+R/g)].pop();
  return { startxref: Number(sx[1]), size: Math.max(0, ...sizes, ...nums.map((n) => n + 1)), root: root[1], info: info?.[1] };
}

/** Appends objects as an incremental update (classic xref section chained by /Prev). */
function appendUpdate(bytes: Uint8Array, objects: Array<[number, string]>, tail: PdfTail): Uint8Array {
  let s = '\n';
  const offsets: Array<[number, number]> = [];
  for (const [num, body] of objects) {
    offsets.push([num, bytes.length + Buffer.byteLength(s, 'latin1')]);
    s += `${num} 0 obj\n${body}\nendobj\n`;
  }
  const xrefAt = bytes.length + Buffer.byteLength(s, 'latin1');
  s += 'xref\n0 1\n0000000000 65535 f \n';
  for (const [num, off] of offsets) s += `${num} 1\n${String(off).padStart(10, '0')} 00000 n \n`;
  const size = Math.max(tail.size, ...objects.map(([n]) => n + 1));
  s += `trailer\n<< /Size ${size} /Root ${tail.root} R ${tail.info ? `/Info ${tail.info} R ` : ''}/Prev ${tail.startxref} >>\nstartxref\n${xrefAt}\n%%EOF\n`;
  return concat(bytes, fromLatin1(s));
}

/** Uncompressed page objects (number, generation, body) in file order. */
function pageObjects(s: string): Array<{ num: number; gen: number; body: string }> {
  const out: Array<{ num: number; gen: number; body: string }> = [];
  const re = /(\d+)\s+(\d+)\s+obj\b/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(s))) {
    const end = s.indexOf('endobj', re.lastIndex);
    if (end < 0) break;
    const body = s.slice(re.lastIndex, end);
    if (/\/Type\s*\/Page(?![a-zA-Z])/.test(body) && !/\bstream\b/.test(body)) out.push({ num: Number(m[1]), gen: Number(m[2]), body });
  }
  return out;
}

const replacePage: Mutation = {
  name: 'pdf-incremental-replace-page',
  kinds: ['pdf'],
  what: 'an incremental update that gives the first page new, benign content (the marked revision stays in the file)',
  apply(seed) {
    const s = latin1(seed.bytes);
    const tail = pdfTail(s);
    const page = pageObjects(s)[0];
    if (!tail || !page) return undefined;
    const parent = /\/Parent\s+(\d+\s+\d+)\s+R/.exec(page.body)?.[1];
    if (!parent) return undefined;
    const box = /\/MediaBox\s*\[[^\]]*\]/.exec(page.body)?.[0] ?? '/MediaBox [0 0 595 842]';
    const c = tail.size;
    const f = tail.size + 1;
    const content = 'BT /FZ 12 Tf 72 760 Td (Public notice: office hours change on Monday.) Tj ET';
    const bytes = appendUpdate(
      seed.bytes,
      [
        [c, `<< /Length ${content.length} >>\nstream\n${content}\nendstream`],
        [f, '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>'],
        [page.num, `<< /Type /Page /Parent ${parent} R ${box} /Resources << /Font << /FZ ${f} 0 R >> >> /Contents ${c} 0 R >>`],
      ],
      tail,
    );
    return { bytes, params: { page: `${page.num} ${page.gen} R`, newContent: c }, touched: [] };
  },
};

const benignUpdate: Mutation = {
  name: 'pdf-incremental-benign-object',
  kinds: ['pdf'],
  what: 'an incremental update that adds one unreferenced object and changes nothing a reader sees',
  apply(seed) {
    const tail = pdfTail(latin1(seed.bytes));
    if (!tail) return undefined;
    return { bytes: appendUpdate(seed.bytes, [[tail.size, '<< /Producer (update) >>']], tail), params: { object: tail.size }, touched: [] };
  },
};

const corruptStream: Mutation = {
  name: 'pdf-corrupt-unrelated-stream',
  kinds: ['pdf'],
  what: 'bytes inside a stream that holds no marking overwritten',
  apply(seed, rng) {
    const s = latin1(seed.bytes);
    const streams: Range[] = [];
    const re = /stream\r?\n/g;
    let m: RegExpExecArray | null;
    while ((m = re.exec(s))) {
      const end = s.indexOf('endstream', re.lastIndex);
      if (end < 0) break;
      if (s.slice(Math.max(0, m.index - 3), m.index) === 'end') continue;
      const r: Range = [re.lastIndex, end];
      if (r[1] - r[0] > 4 && !touches(r, seed.regions)) streams.push(r);
      re.lastIndex = end;
    }
    if (!streams.length) return undefined;
    const [a, b] = rng.pick(streams);
    const out = seed.bytes.slice();
    const from = rng.int(a, b - 1);
    const to = Math.min(b, from + rng.int(1, 16));
    out.set(rng.bytes(to - from), from);
    return { bytes: out, params: { stream: [a, b], overwritten: [from, to] }, touched: [[from, to]] };
  },
};

/**
 * The names of a PDF's object syntax (`/Kids`, slash included, as [start, end) ranges), stream
 * data skipped: a name there is content, not structure. A name is never the marking (markings are
 * strings and stream data), so names inside the marked objects qualify too; one spelling a marking
 * word is left alone.
 */
function pdfNames(s: string): Range[] {
  const names: Range[] = [];
  const re = /stream\r?\n|\/[A-Za-z][A-Za-z0-9]*/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(s))) {
    if (m[0].startsWith('stream')) {
      if (s.slice(Math.max(0, m.index - 3), m.index) === 'end') continue;
      const end = s.indexOf('endstream', re.lastIndex);
      if (end < 0) break;
      re.lastIndex = end + 9;
      continue;
    }
    if (m[0].length > 2 && !/secret|sensitive|noforn|confidential|restricted|classified/i.test(m[0])) names.push([m.index, m.index + m[0].length]);
  }
  return names;
}

/** Replaces every ASCII letter of `out[from..to)` by another (lower-case) one, in place, so the name cannot come out unchanged. */
function scrambleLetters(out: Uint8Array, from: number, to: number, rng: Rng): void {
  for (let i = from; i < to; i++) {
    if (!/[A-Za-z]/.test(String.fromCharCode(out[i]))) continue;
    let c: number;
    do c = 0x61 + rng.int(0, 26);
    while (c === (out[i] | 0x20));
    out[i] = c;
  }
}

/**
 * One name in the file's object syntax (outside stream data and the marking) renamed in place: its
 * last letter replaced, so every offset stays valid. `/Info` → `/Infq`, `/Annots` → `/Annotq`,
 * `/Contents` → `/Contentq`: whatever the name linked (an information dictionary, an annotation, a
 * page's content, a font) is cut off from the object graph, although its bytes are all still there.
 */
const renameKey: Mutation = {
  name: 'pdf-rename-key',
  kinds: ['pdf'],
  what: 'one name of the object syntax (a dictionary key such as /Info, /Annots or /Contents) renamed in place, its offsets kept',
  apply(seed, rng) {
    const s = latin1(seed.bytes);
    const names = pdfNames(s);
    if (!names.length) return undefined;
    const at = rng.pick(names)[1] - 1;
    const out = seed.bytes.slice();
    out[at] = out[at] === 0x71 ? 0x7a : 0x71; // q, or z for a name that ends in q
    // No touched range: the marking's bytes stay whole by construction.
    return { bytes: out, params: { name: s.slice(s.lastIndexOf('/', at), at + 1), at }, touched: [] };
  },
};

/**
 * One name of the object syntax scrambled whole: every letter replaced, its length and offsets
 * kept (`/Kids` → `/Qwbt`). No near-miss check recognises it; what the name meant is simply gone.
 */
const scrambleName: Mutation = {
  name: 'pdf-scramble-name',
  kinds: ['pdf'],
  what: 'one name of the object syntax with every letter replaced, its length and offsets kept',
  apply(seed, rng) {
    const s = latin1(seed.bytes);
    const names = pdfNames(s);
    if (!names.length) return undefined;
    const [slash, to] = rng.pick(names);
    const from = slash + 1;
    const out = seed.bytes.slice();
    scrambleLetters(out, from, to, rng);
    return { bytes: out, params: { name: s.slice(from - 1, to), as: latin1(out.subarray(from - 1, to)) }, touched: [] };
  },
};

/**
 * One name of the markup renamed in place, one letter changed: an HTML tag or attribute name
 * (`alt` → `alq`, `<title` → `<titlq`), an e-mail header or MIME parameter name
 * (`Content-Transfer-Encoding` → `Content-Transfer-Encodinq`). Whatever the name gave meaning to
 * (alt text, a base64 body, a charset) loses it; the marking's bytes stay.
 */
/**
 * One property stream of an Outlook message renamed in its compound file's directory: a hex digit
 * of the property id in `__substg1.0_XXXXYYYY` replaced (the subject 0037 becomes 0e37, say), the
 * stream's bytes untouched. A reader that looks properties up by id no longer finds it; its text
 * is still in the file.
 */
const renameCfbProperty: Mutation = {
  name: 'cfb-rename-property',
  kinds: ['cfb'],
  what: 'a property stream renamed in the directory (one hex digit of its property id changed), its data untouched',
  apply(seed, rng) {
    const b = seed.bytes;
    const prefix = Buffer.from('__substg1.0_', 'utf16le');
    const at: number[] = [];
    for (let i = Buffer.from(b.buffer, b.byteOffset, b.byteLength).indexOf(prefix); i >= 0; i = Buffer.from(b.buffer, b.byteOffset, b.byteLength).indexOf(prefix, i + 2)) at.push(i + prefix.length);
    if (!at.length) return undefined;
    // The id's four hex digits (UTF-16LE, two bytes each); the type's four after them stay.
    const start = rng.pick(at);
    const digit = start + 2 * rng.int(0, 4);
    const out = b.slice();
    const hex = '0123456789ABCDEF';
    const was = String.fromCharCode(out[digit]).toUpperCase();
    out[digit] = rng.pick([...hex].filter((c) => c !== was)).charCodeAt(0);
    const name = (x: Uint8Array) => Buffer.from(x.subarray(start, start + 16)).toString('utf16le');
    return { bytes: out, params: { from: name(b), to: name(out) }, touched: [[digit, digit + 1]] };
  },
};

const renameMarkupName = markupName(false);
const scrambleMarkupName = markupName(true);

/**
 * One tag, attribute or header name of HTML or e-mail renamed in place: one letter changed, or
 * (`whole`) every letter replaced (`alt` → `qzm`, `Content-Type` → `Xfhrxyw-Bkzd`).
 */
function markupName(whole: boolean): Mutation {
  return {
    name: whole ? 'scramble-markup-name' : 'rename-markup-name',
    kinds: ['html', 'eml'],
    what: whole ? 'one tag, attribute or header name with every letter replaced, the marking untouched' : 'one tag, attribute or header name renamed in place (one letter changed), the marking untouched',
    apply(seed, rng) {
      const s = latin1(seed.bytes);
      const names: Range[] = [];
      const re = seed.kind === 'html' ? /<\/?([A-Za-z][A-Za-z0-9-]*)|\s([A-Za-z][A-Za-z0-9:-]*)\s*=/g : /^([A-Za-z][A-Za-z0-9-]*):|;\s*([A-Za-z][A-Za-z0-9*-]*)=/gm;
      let m: RegExpExecArray | null;
      while ((m = re.exec(s))) {
        const name = m[1] ?? m[2];
        const start = m.index + m[0].indexOf(name);
        const r: Range = whole ? [start, start + name.length] : [start + 1, start + name.length];
        if (name.length > 1 && !touches(r, seed.regions)) names.push(r);
      }
      if (!names.length) return undefined;
      const [a, b] = rng.pick(names);
      const out = seed.bytes.slice();
      if (whole) {
        scrambleLetters(out, a, b, rng);
        return { bytes: out, params: { name: s.slice(a, b), as: latin1(out.subarray(a, b)) }, touched: [[a, b]] };
      }
      const at = rng.int(a, b);
      out[at] = rng.pick([0x78, 0x71, 0x7a].filter((c) => c !== (out[at] | 0x20)));
      return { bytes: out, params: { name: s.slice(a - 1, b), at, to: String.fromCharCode(out[at]) }, touched: [[at, at + 1]] };
    },
  };
}

// ---------------------------------------------------------------- pictures

/** A 1×1 GIF frame (image descriptor + minimal LZW data). */
const GIF_FRAME = new Uint8Array([0x2c, 0, 0, 0, 0, 1, 0, 1, 0, 0, 0x02, 0x02, 0x44, 0x01, 0x00]);

function gifFrame(where: 'before' | 'after'): Mutation {
  return {
    name: `image-extra-frame-${where}`,
    kinds: ['image'],
    what: `a blank 1×1 frame inserted ${where} the picture's frames`,
    apply(seed) {
      const b = seed.bytes;
      if (latin1(b.subarray(0, 3)) !== 'GIF') return undefined;
      // Header (6) + logical screen (7) + global colour table when flagged.
      const gct = b[10] & 0x80 ? 3 * 2 ** ((b[10] & 7) + 1) : 0;
      const at = where === 'before' ? 13 + gct : b.lastIndexOf(0x3b);
      if (at < 13) return undefined;
      return { bytes: concat(b.subarray(0, at), GIF_FRAME, b.subarray(at)), params: { at }, touched: [[at, at]] };
    },
  };
}

// ---------------------------------------------------------------- the classes

/** Classes that leave the marking's bytes whole by construction (touched ranges avoid the regions). */
export const PRESERVING: Mutation[] = [
  {
    name: 'none',
    kinds: ALL,
    what: 'the seed itself, unchanged',
    apply: (seed) => ({ bytes: seed.bytes, params: {}, touched: [] }),
  },
  {
    name: 'append-garbage',
    kinds: ALL,
    what: 'random bytes appended after the end of the file',
    apply(seed, rng) {
      const junk = rng.bytes(rng.int(1, 65));
      return { bytes: concat(seed.bytes, junk), params: { length: junk.length }, touched: [[seed.bytes.length, seed.bytes.length]] };
    },
  },
  {
    name: 'append-text',
    kinds: TEXTUAL,
    what: 'a benign line appended in the file’s own encoding',
    apply(seed) {
      const text = decodeAs(seed.bytes, seed.encoding ?? 'utf8');
      const more = `${text}\n附：联系人 王敏，电话见通讯录。\n`;
      return { bytes: encodeAs(more, seed.encoding ?? 'utf8'), params: {}, touched: [] };
    },
  },
  {
    name: 'disguise-marking',
    kinds: ['text'],
    what: 'the marking kept as a reader sees it, disguised: an invisible character inside a level word (U+200B, U+034F, a variation selector, U+E0100 …), a combining mark on one of its ideographs, or a stray symbol glued to its line',
    apply(seed, rng) {
      const e = seed.encoding ?? 'utf8';
      // Only Unicode encodings hold every disguise (GBK has no variation selector).
      if (!UNICODE_ENCODINGS.has(e)) return undefined;
      const text = decodeAs(seed.bytes, e);
      const words = [...text.matchAll(LEVEL_WORDS)];
      if (!words.length) return undefined;
      const w = rng.pick(words);
      const at = w.index!;
      const variant = rng.pick(['invisible', 'mark', 'glue'] as const);
      let inserted: string;
      let pos: number;
      if (variant === 'invisible' || (variant === 'mark' && !/^[\u4e00-\u9fff]/.test(w[0]))) {
        inserted = rng.pick(INVISIBLE);
        pos = at + rng.int(1, w[0].length);
      } else if (variant === 'mark') {
        inserted = rng.pick(COMBINING);
        pos = at + rng.int(1, w[0].length + 1);
      } else {
        inserted = rng.pick(GLUED);
        const lineStart = text.lastIndexOf('\n', at - 1) + 1;
        const lineEnd = text.indexOf('\n', at) < 0 ? text.length : text.indexOf('\n', at);
        pos = rng.next() < 0.5 ? lineStart : text[lineEnd - 1] === '\r' ? lineEnd - 1 : lineEnd;
      }
      const more = text.slice(0, pos) + inserted + text.slice(pos);
      return { bytes: encodeAs(more, e), params: { variant, word: w[0], at: pos, inserted: [...inserted].map((c) => `U+${c.codePointAt(0)!.toString(16)}`).join(' ') }, touched: [] };
    },
  },
  {
    name: 'lookalike-letters',
    kinds: ['text'],
    what: 'one to three letters of a Latin banner word (SECRET, NOFORN …) replaced by the Cyrillic or Greek letter drawn the same (SЕCRЕT): the banner looks unchanged',
    apply(seed, rng) {
      const e = seed.encoding ?? 'utf8';
      if (!UNICODE_ENCODINGS.has(e)) return undefined;
      const text = decodeAs(seed.bytes, e);
      const words = [...text.matchAll(/TOP SECRET|SECRET|CONFIDENTIAL|RESTRICTED|NOFORN|OFFICIAL/g)];
      if (!words.length) return undefined;
      const w = rng.pick(words);
      const chars = [...w[0]];
      const swappable = chars.map((c, i) => (LOOKALIKE_OF[c] ? i : -1)).filter((i) => i >= 0);
      const swapped: string[] = [];
      for (let k = rng.int(1, 4); k > 0 && swappable.length; k--) {
        const i = swappable.splice(rng.int(0, swappable.length), 1)[0];
        chars[i] = rng.pick(LOOKALIKE_OF[chars[i]]);
        swapped.push(`${w[0][i]}→U+${chars[i].codePointAt(0)!.toString(16)}`);
      }
      const more = text.slice(0, w.index!) + chars.join('') + text.slice(w.index! + w[0].length);
      return { bytes: encodeAs(more, e), params: { word: w[0], swapped: swapped.join(' ') }, touched: [] };
    },
  },
  {
    name: 'prepend-garbage',
    kinds: ['docx', 'pdf'],
    what: 'random bytes put in front of the file (as self-extractors and mail gateways do)',
    apply(seed, rng) {
      const junk = rng.bytes(rng.int(1, 200));
      return { bytes: concat(junk, seed.bytes), params: { length: junk.length }, touched: [[0, 0]] };
    },
  },
  {
    name: 'insert-stray-bytes',
    kinds: NOT_OFFSET_ADDRESSED,
    what: '1–4 random bytes inserted at a point outside the marking',
    apply(seed, rng) {
      const p = pointOutside(rng, seed.bytes.length, seed.regions);
      if (p === undefined) return undefined;
      const junk = rng.bytes(rng.int(1, 5));
      return { bytes: concat(seed.bytes.subarray(0, p), junk, seed.bytes.subarray(p)), params: { at: p, bytes: Buffer.from(junk).toString('hex') }, touched: [[p, p]] };
    },
  },
  {
    name: 'flip-outside',
    kinds: ALL,
    what: '1–8 bit flips in bytes outside the marking',
    apply: (seed, rng) => flipOutside(seed, rng, rng.int(1, 9)),
  },
  {
    name: 'truncate-tail',
    kinds: ALL,
    what: 'the file cut somewhere after the marking’s last byte',
    apply(seed, rng) {
      const end = regionEnd(seed);
      if (end >= seed.bytes.length - 1) return undefined;
      const p = rng.int(end, seed.bytes.length);
      return { bytes: seed.bytes.slice(0, p), params: { at: p, of: seed.bytes.length }, touched: [[p, seed.bytes.length]] };
    },
  },
  ...(['utf8-bom', 'gbk', 'gb18030', 'big5', 'utf16le', 'utf16be', 'utf16le-bom', 'utf16be-bom'] as Target[]).map(reencode),
  zipMutation('zip-extra-entry', 'an unrelated entry added to the archive', (seed, entries, rng) => {
    const extra = rng.next() < 0.5 ? newEntry('customXml/item9.xml', '<?xml version="1.0"?><root>公开</root>') : newEntry('word/media/extra.bin', rng.bytes(64));
    const at = rng.int(0, entries.length + 1);
    const out = [...entries.slice(0, at), extra, ...entries.slice(at)];
    return { bytes: writeZip(out), params: { entry: extra.name, at }, touched: [] };
  }),
  duplicate('benign-first'),
  duplicate('benign-last'),
  zipMutation('zip-count-wrong', 'the entry count of the end record set too low or too high', (seed, entries, rng) => {
    const n = rng.pick([1, entries.length - 1, entries.length + 1, entries.length + 7]);
    return { bytes: writeZip(entries, n), params: { declared: n, actual: entries.length }, touched: [] };
  }),
  zipMutation('zip-marked-entry-last-uncounted', 'the marked entry moved to the end of the directory and the count lowered by one', (seed, entries) => {
    const marked = markingEntries(seed, entries).filter((e) => /\.xml$/i.test(e.name));
    if (!marked.length) return undefined;
    const out = [...entries.filter((e) => e !== marked[0]), marked[0]];
    return { bytes: writeZip(out, entries.length - 1), params: { entry: marked[0].name }, touched: [] };
  }),
  orphan,
  stored,
  htmlHide,
  zipMutation('zip-corrupt-unrelated', 'compressed bytes of an entry without the marking overwritten', (seed, entries, rng) => {
    const others = entries.filter((e) => !touches(e.range, seed.regions) && e.data.length > 2);
    if (!others.length) return undefined;
    const e = rng.pick(others);
    const out = seed.bytes.slice();
    const dataStart = e.range[1] - e.data.length;
    const from = rng.int(dataStart, e.range[1]);
    const to = Math.min(e.range[1], from + rng.int(1, 8));
    out.set(rng.bytes(to - from), from);
    return { bytes: out, params: { entry: e.name, overwritten: [from, to] }, touched: [[from, to]] };
  }),
  replacePage,
  benignUpdate,
  corruptStream,
  renameKey,
  scrambleName,
  renameMarkupName,
  scrambleMarkupName,
  renameCfbProperty,
  gifFrame('before'),
  gifFrame('after'),
];

/** Classes that may destroy anything, marking included. */
export const DESTRUCTIVE: Mutation[] = [
  {
    name: 'truncate',
    kinds: ALL,
    what: 'the file cut at a random point',
    apply(seed, rng) {
      const p = rng.int(0, seed.bytes.length);
      return { bytes: seed.bytes.slice(0, p), params: { at: p, of: seed.bytes.length }, touched: [[p, seed.bytes.length]] };
    },
  },
  {
    name: 'flip-bytes',
    kinds: ALL,
    what: '1–16 random bytes anywhere replaced',
    apply(seed, rng) {
      const out = seed.bytes.slice();
      const touched: Range[] = [];
      for (let k = rng.int(1, 17); k > 0; k--) {
        const p = rng.int(0, out.length);
        out[p] = rng.int(0, 256);
        touched.push([p, p + 1]);
      }
      return { bytes: out, params: { positions: touched.map((r) => r[0]) }, touched };
    },
  },
  {
    name: 'garbage-span',
    kinds: ALL,
    what: 'a span of up to 4 KiB overwritten with random bytes',
    apply(seed, rng) {
      const from = rng.int(0, seed.bytes.length);
      const to = Math.min(seed.bytes.length, from + rng.int(1, 4097));
      const out = seed.bytes.slice();
      out.set(rng.bytes(to - from), from);
      return { bytes: out, params: { from, to }, touched: [[from, to]] };
    },
  },
  {
    name: 'garbage-file',
    kinds: ALL,
    what: 'the whole file replaced by random bytes of the same length',
    apply: (seed, rng) => ({ bytes: rng.bytes(seed.bytes.length), params: {}, touched: [[0, seed.bytes.length]] }),
  },
];

PRESERVING.push(...CONTAINER_PRESERVING);
// The kinds of leak the manual red-team rounds found (redteam.ts): the marking moved, split or wrapped, never removed.
PRESERVING.push(...REDTEAM);
DESTRUCTIVE.push(...CONTAINER_DESTRUCTIVE);

export const MUTATIONS: Mutation[] = [...PRESERVING, ...DESTRUCTIVE];
