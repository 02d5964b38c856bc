/**
 * The parts of a TrueType/OpenType font program (bare, or in a WOFF 1.0 wrapper) that say what its
 * glyphs are: the Unicode cmap subtables, the glyph names of a `post` table (uniXXXX), the symbol
 * subtable, and the TrueType outlines (whether a glyph has ink, its contours). A font drawn for a
 * text (a PDF's embedded font, a web font) may draw other characters than the text's own: these
 * are what the readers compare. No full parser: only these tables, bounds-checked.
 */
import { inflateSync } from 'node:zlib';

/** Largest table inflated out of a WOFF file. */
const MAX_WOFF_TABLE = 32 * 1024 * 1024;

/** A WOFF 1.0 file rewritten as the sfnt it wraps (tables inflated); other bytes as they are; undefined when a table does not inflate. */
function unwrapWoff(b: Uint8Array): Uint8Array | undefined {
  if (b.length < 44 || u32(b, 0) !== 0x774f4646 /* wOFF */) return b;
  const n = u16(b, 12);
  const tables: Array<{ tag: Uint8Array; data: Uint8Array }> = [];
  for (let i = 0; i < n && 44 + 20 * i + 20 <= b.length; i++) {
    const o = 44 + 20 * i;
    const off = u32(b, o + 4);
    const comp = u32(b, o + 8);
    const orig = u32(b, o + 12);
    if (off + comp > b.length || orig > MAX_WOFF_TABLE) return undefined;
    let data = b.subarray(off, off + comp);
    if (comp < orig) {
      try {
        data = inflateSync(data, { maxOutputLength: orig });
      } catch {
        return undefined;
      }
    }
    tables.push({ tag: b.subarray(o, o + 4), data });
  }
  let offset = 12 + 16 * tables.length;
  const size = offset + tables.reduce((s, t) => s + ((t.data.length + 3) & ~3), 0);
  const out = new Uint8Array(size);
  const put32 = (at: number, v: number) => {
    out[at] = v >>> 24;
    out[at + 1] = (v >>> 16) & 0xff;
    out[at + 2] = (v >>> 8) & 0xff;
    out[at + 3] = v & 0xff;
  };
  put32(0, u32(b, 4));
  out[4] = tables.length >> 8;
  out[5] = tables.length & 0xff;
  tables.forEach((t, i) => {
    const d = 12 + 16 * i;
    out.set(t.tag, d);
    put32(d + 8, offset);
    put32(d + 12, t.data.length);
    out.set(t.data, offset);
    offset += (t.data.length + 3) & ~3;
  });
  return out;
}

export interface Sfnt {
  /** Characters each glyph is given by the font's Unicode cmap subtables (and `uniXXXX` glyph names). */
  chars: Map<number, Set<number>>;
  /** Whether a glyph has an outline (TrueType `glyf` data); undefined without `glyf`/`loca`. */
  inked?: (gid: number) => boolean;
  /** A glyph's outline: its number of contours (-1 for a composite) and its `glyf` bytes; undefined without `glyf`/`loca`. */
  outline?: (gid: number) => { contours: number; data: string } | undefined;
  /** The Unicode cmap subtables: code point → glyph (what a browser draws for a character). */
  unicode: Map<number, number>;
  /** The character each glyph's name spells (post format 2: uniXXXX, uXXXX[XX]). */
  named: Map<number, number>;
  /** The symbol (3,0) subtable: a symbolic simple font's codes (or 0xF000 + code) to glyphs. */
  codeGlyph: (code: number) => number | undefined;
}

const u16 = (b: Uint8Array, o: number): number => (b[o] << 8) | b[o + 1];
const u32 = (b: Uint8Array, o: number): number => ((b[o] << 24) >>> 0) + (b[o + 1] << 16) + (b[o + 2] << 8) + b[o + 3];

/** One cmap subtable (formats 0, 4, 6, 12) as code → glyph pairs. */
function subtable(b: Uint8Array, at: number, add: (code: number, gid: number) => void): void {
  const format = u16(b, at);
  if (format === 0) {
    for (let c = 0; c < 256 && at + 6 + c < b.length; c++) add(c, b[at + 6 + c]);
  } else if (format === 4) {
    const segX2 = u16(b, at + 6);
    const ends = at + 14;
    const starts = ends + segX2 + 2;
    const deltas = starts + segX2;
    const ranges = deltas + segX2;
    if (ranges + segX2 > b.length) return;
    for (let s = 0; s < segX2 / 2; s++) {
      const end = u16(b, ends + 2 * s);
      const start = u16(b, starts + 2 * s);
      const delta = u16(b, deltas + 2 * s);
      const ro = u16(b, ranges + 2 * s);
      for (let c = start; c <= end && c !== 0xffff; c++) {
        let g: number;
        if (ro === 0) g = (c + delta) & 0xffff;
        else {
          const p = ranges + 2 * s + ro + 2 * (c - start);
          if (p + 1 >= b.length) break;
          g = u16(b, p);
          if (g !== 0) g = (g + delta) & 0xffff;
        }
        if (g !== 0) add(c, g);
      }
    }
  } else if (format === 6) {
    const first = u16(b, at + 6);
    const count = u16(b, at + 8);
    for (let i = 0; i < count && at + 10 + 2 * i + 1 < b.length; i++) add(first + i, u16(b, at + 10 + 2 * i));
  } else if (format === 12) {
    const groups = u32(b, at + 12);
    for (let i = 0; i < groups && at + 16 + 12 * i + 11 < b.length && i < 100_000; i++) {
      const o = at + 16 + 12 * i;
      const start = u32(b, o);
      const end = Math.min(u32(b, o + 4), start + 0x10000);
      const g0 = u32(b, o + 8);
      for (let c = start; c <= end; c++) add(c, g0 + (c - start));
    }
  }
}

/** The parts of a TrueType/OpenType program this check needs, or undefined when it is none. */
export function readSfnt(b0: Uint8Array): Sfnt | undefined {
  const b = unwrapWoff(b0);
  if (!b || b.length < 12) return undefined;
  const tag = u32(b, 0);
  if (tag !== 0x00010000 && tag !== 0x74727565 /* true */ && tag !== 0x4f54544f /* OTTO */) return undefined;
  const n = u16(b, 4);
  const tables = new Map<string, { off: number; len: number }>();
  for (let i = 0; i < n && 12 + 16 * i + 16 <= b.length; i++) {
    const o = 12 + 16 * i;
    const name = String.fromCharCode(b[o], b[o + 1], b[o + 2], b[o + 3]);
    const off = u32(b, o + 8);
    const len = u32(b, o + 12);
    if (off + len <= b.length) tables.set(name, { off, len });
  }
  const chars = new Map<number, Set<number>>();
  const codes = new Map<number, number>();
  const unicodeMap = new Map<number, number>();
  const named = new Map<number, number>();
  const cmap = tables.get('cmap');
  if (cmap) {
    const count = u16(b, cmap.off + 2);
    for (let i = 0; i < count && i < 64; i++) {
      const rec = cmap.off + 4 + 8 * i;
      if (rec + 8 > cmap.off + cmap.len) break;
      const platform = u16(b, rec);
      const encoding = u16(b, rec + 2);
      const at = cmap.off + u32(b, rec + 4);
      if (at + 4 > b.length) continue;
      const unicode = platform === 0 || (platform === 3 && (encoding === 1 || encoding === 10));
      if (unicode) {
        subtable(b, at, (c, g) => {
          if (!unicodeMap.has(c)) unicodeMap.set(c, g);
          let set = chars.get(g);
          if (!set) chars.set(g, (set = new Set()));
          set.add(c);
        });
      } else if (platform === 3 && encoding === 0) {
        subtable(b, at, (c, g) => {
          if (!codes.has(c)) codes.set(c, g);
        });
      }
    }
  }
  // Glyph names that spell a character (post format 2: uniXXXX, uXXXX[XX]).
  const post = tables.get('post');
  if (post && post.len >= 34 && u32(b, post.off) === 0x00020000) {
    const count = u16(b, post.off + 32);
    const idx = post.off + 34;
    const names: string[] = [];
    let p = idx + 2 * count;
    while (p < post.off + post.len && names.length < 65536) {
      const len = b[p];
      names.push(String.fromCharCode(...b.subarray(p + 1, p + 1 + len)));
      p += 1 + len;
    }
    for (let g = 0; g < count; g++) {
      const k = u16(b, idx + 2 * g);
      if (k < 258) continue;
      const m = /^(?:uni([0-9A-F]{4})|u([0-9A-F]{4,6}))(?:\.|$)/.exec(names[k - 258] ?? '');
      if (!m) continue;
      const cp = parseInt(m[1] ?? m[2], 16);
      if (cp > 0x10ffff) continue;
      named.set(g, cp);
      let set = chars.get(g);
      if (!set) chars.set(g, (set = new Set()));
      set.add(cp);
    }
  }
  let inked: Sfnt['inked'];
  let outline: Sfnt['outline'];
  const head = tables.get('head');
  const loca = tables.get('loca');
  const glyf = tables.get('glyf');
  if (head && loca && glyf && head.len >= 54) {
    const long = u16(b, head.off + 50) === 1;
    inked = (g) => {
      const at = loca.off + (long ? 4 * g : 2 * g);
      if (at + (long ? 8 : 4) > loca.off + loca.len) return false;
      const start = long ? u32(b, at) : 2 * u16(b, at);
      const end = long ? u32(b, at + 4) : 2 * u16(b, at + 2);
      return end - start >= 10 && u16(b, glyf.off + start) !== 0;
    };
    outline = (g) => {
      const at = loca.off + (long ? 4 * g : 2 * g);
      if (at + (long ? 8 : 4) > loca.off + loca.len) return undefined;
      const start = long ? u32(b, at) : 2 * u16(b, at);
      const end = long ? u32(b, at + 4) : 2 * u16(b, at + 2);
      if (end - start < 10 || glyf.off + end > b.length) return undefined;
      const c = u16(b, glyf.off + start);
      // The bounding box and outline data, capped: two glyphs drawn alike have the same bytes.
      return { contours: c >= 0x8000 ? -1 : c, data: Buffer.from(b.subarray(glyf.off + start + 2, glyf.off + Math.min(end, start + 4096))).toString('latin1') };
    };
  }
  return { chars, unicode: unicodeMap, named, inked, outline, codeGlyph: (c) => codes.get(c) ?? codes.get(0xf000 + c) };
}

const HAN = /\p{Script=Han}/u;
/** Characters a marking is written with (ideographs, letters, digits, stars, colons). */
const MARKING_CHAR = /^[\p{L}\p{N}\u2605\u2606\u2729-\u2730\u272a-\u2742:\uff1a]$/u;
/** Contours from which a glyph is no Latin letter or digit (B, 8, % have three; 机 has ten). */
const MANY_CONTOURS = 6;

/** What a font drawing text by its cmap (a web font, an e-book's font) draws for characters other than they are. */
export interface DrawnAs {
  /** Character → the character its glyph is named as (one BMP unit each; letters, digits, ideographs, stars, colons). */
  swaps: Array<[from: string, drawn: string]>;
  /** Characters drawn with glyphs named as another character, an ideograph on either side. */
  ideographs: number;
  /** Latin letters and digits drawn with unnamed glyphs of an ideograph's many contours. */
  belied: number;
  /** Up to three `一 as 机` examples. */
  examples: string[];
}

/**
 * A font program's own word on what its cmap draws: each character whose glyph is named (post
 * uniXXXX) as another character, and each Latin letter or digit drawn with an unnamed glyph of
 * six contours or more. Undefined when the bytes are no TrueType/OpenType/WOFF 1.0 program.
 */
export function fontDrawnAs(bytes: Uint8Array): DrawnAs | undefined {
  const sfnt = readSfnt(bytes);
  if (!sfnt) return undefined;
  const out: DrawnAs = { swaps: [], ideographs: 0, belied: 0, examples: [] };
  for (const [cp, gid] of sfnt.unicode) {
    if (cp < 0x21 || cp > 0xffff) continue;
    const ch = String.fromCharCode(cp);
    const named = sfnt.named.get(gid);
    if (named === undefined) {
      if (/^[A-Za-z0-9]$/.test(ch) && (sfnt.outline?.(gid)?.contours ?? 0) >= MANY_CONTOURS) out.belied++;
      continue;
    }
    const drawn = String.fromCodePoint(named);
    if (drawn.normalize('NFKC') === ch.normalize('NFKC')) continue;
    if (drawn.length === 1 && MARKING_CHAR.test(drawn)) {
      out.swaps.push([ch, drawn]);
      if (out.examples.length < 3) out.examples.push(`${ch} as ${drawn}`);
    }
    if (HAN.test(drawn) || HAN.test(ch)) out.ideographs++;
  }
  return out;
}

/** Whether bytes start like a font program this reader takes (TrueType, OpenType, WOFF 1.0). */
export function isFontProgram(b: Uint8Array): boolean {
  if (b.length < 12) return false;
  const t = u32(b, 0);
  return t === 0x00010000 || t === 0x74727565 /* true */ || t === 0x4f54544f /* OTTO */ || t === 0x774f4646 /* wOFF */;
}
