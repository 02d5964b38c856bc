/**
 * XPS and OpenXPS documents (Windows' "Microsoft XPS Document Writer" prints, .xps/.oxps): a ZIP of
 * FixedPage XML whose text is `Glyphs` elements, each a run at an origin with its characters in
 * `UnicodeString` and their advances in `Indices`. A page is laid out by where its glyphs stand, as
 * OFD pages are ({@link PageLines}): a line printed as several runs (a font change for a digit or
 * the star: 机 | 密★ | 5 | 年) reads whole, whatever order the runs were written in. Glyphs with no
 * characters (`Indices` only) draw what cannot be read: unread. Pictures go to OCR; fonts are fonts;
 * every other entry of the package is read as the OFD reader reads a file it does not know.
 */
import { clippedAway, mayBeGlyph, nearWhiteRgb, outlinedTextAreas, PartBuilder, PathShapeCounter, sameColour, UNSEEN_MAX_PERCENT, UNSEEN_MAX_POINTS, type ExtractContext, type Extraction, type Extractor, type OutlineRect, type OutlineShape } from '@prepub/core';
import { EntryError, readDirectory, type ZipDirectory } from '@prepub/extract-docx/zip';
import { decodeXml } from '@prepub/extract-docx/xml';
import { resolvePath } from '@prepub/extract-docx/package';
import { leftovers, reportDraw } from './index.ts';
import { coveredLater, PaintedArea, Resources, UNKNOWN_COLOUR, type DrawTarget } from './content.ts';
import { apply, compose, IDENTITY, numbers, type Glyph, type Matrix, PageLines } from './layout.ts';
import { OfdPackage, dirOf, type OfdResult } from './package.ts';
import { parseTree, type El } from './xml.ts';

export const XPS_MEDIA_TYPE = 'application/vnd.ms-xpsdocument';

/** Millimetres per XPS unit (1/96 inch). */
const MM = 25.4 / 96;

/** Wide characters (ideographs, kana, hangul, full-width forms, CJK punctuation) advance a whole em when `Indices` gives no advance. */
const WIDE = /[\u1100-\u11ff\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uff60\uffe0-\uffe6\u2605\u2606]/u;

/** A `Matrix="a,b,c,d,e,f"` value. */
function matrixValue(s: string | undefined): Matrix | undefined {
  const n = numbers(s?.replace(/,/g, ' '));
  return n.length === 6 ? (n as Matrix) : undefined;
}

/** An element's own transform: its `RenderTransform` attribute or `<X.RenderTransform><MatrixTransform Matrix=…/>`. */
function ownTransform(el: El): Matrix | undefined {
  const attr = matrixValue(el.attrs.RenderTransform);
  if (attr) return attr;
  for (const c of el.children) {
    if (!c.name.endsWith('.RenderTransform')) continue;
    for (const m of c.children) if (m.name === 'MatrixTransform') return matrixValue(m.attrs.Matrix);
  }
  return undefined;
}

/**
 * Where each character of a run stands, from its `Indices`: per character its advance and its
 * offsets (uOffset along, vOffset up), in hundredths of the em size (undefined where none is
 * written). A cluster `(c:g)` maps c characters to g glyphs: the characters share the glyphs'
 * advances, the cluster placed by its first glyph's offsets. Offsets move a glyph without moving
 * the pen: 密★5年机 with 机 offset five ems back shows 机密★5年.
 */
function placements(indices: string | undefined, chars: number): Array<{ adv?: number; u: number; v: number }> {
  const out: Array<{ adv?: number; u: number; v: number }> = [];
  if (!indices) return out;
  const num = (f: string | undefined) => (f !== undefined && f.trim() !== '' && Number.isFinite(Number(f)) ? Number(f) : undefined);
  const entries = indices.split(';').map((piece) => {
    const m = /^\s*\((\d+)(?::(\d+))?\)/.exec(piece);
    const fields = piece.slice(m ? m[0].length : 0).split(',');
    return { c: m ? Number(m[1]) : 1, g: m?.[2] !== undefined ? Number(m[2]) : 1, adv: num(fields[1]), u: num(fields[2]) ?? 0, v: num(fields[3]) ?? 0 };
  });
  for (let gi = 0; gi < entries.length && out.length < chars; ) {
    const e = entries[gi];
    const c = Math.max(1, Math.min(e.c, chars - out.length));
    const g = Math.max(1, e.g);
    const group = entries.slice(gi, gi + g);
    const total = group.every((k) => k.adv === undefined) ? undefined : group.reduce((a, k) => a + (k.adv ?? 0), 0);
    for (let k = 0; k < c; k++) out.push({ adv: total === undefined ? undefined : total / c, u: e.u, v: e.v });
    gi += g;
  }
  return out;
}

/** A colour as XPS writes it (`#RRGGBB`, `#AARRGGBB`, `sc#[A,]R,G,B` in scRGB, `ContextColor profile A,…`): packed RGB when known, and alpha 0–1. */
export function xpsColour(v: string | undefined): { rgb?: number; alpha: number } | undefined {
  const s = v?.trim();
  if (!s) return undefined;
  let m = /^#([0-9a-f]{6}|[0-9a-f]{8})$/i.exec(s);
  if (m) {
    const h = m[1];
    const alpha = h.length === 8 ? parseInt(h.slice(0, 2), 16) / 255 : 1;
    return { rgb: parseInt(h.slice(-6), 16), alpha };
  }
  m = /^sc#\s*(.*)$/i.exec(s);
  if (m) {
    const n = numbers(m[1].replace(/,/g, ' '));
    if (n.length < 3) return undefined;
    const [a, r, g, b] = n.length >= 4 ? n : [1, ...n];
    // scRGB is linear light: to sRGB for the colour comparisons.
    const srgb = (c: number) => Math.round(255 * Math.min(1, Math.max(0, c <= 0.0031308 ? 12.92 * c : 1.055 * c ** (1 / 2.4) - 0.055)));
    return { rgb: (srgb(r) << 16) | (srgb(g) << 8) | srgb(b), alpha: Math.min(1, Math.max(0, a)) };
  }
  m = /^ContextColor\s+\S+\s+(.*)$/i.exec(s);
  if (m) {
    const a = numbers(m[1].replace(/,/g, ' '))[0];
    return { alpha: a === undefined ? 1 : Math.min(1, Math.max(0, a)) };
  }
  return undefined;
}

/** What a brush paints, as an ink: a colour when it is one (a solid brush, a gradient of one or of near-white stops), how opaque, and whether it is a picture. */
interface XpsInk {
  rgb?: number;
  alpha: number;
  picture?: boolean;
}

const opacityOf = (el: El): number => {
  const o = Number(el.attrs.Opacity);
  return el.attrs.Opacity !== undefined && Number.isFinite(o) ? Math.min(1, Math.max(0, o)) : 1;
};

/** A brush element as an ink (unknown kinds: seen, of a colour not known). */
function brushInk(b: El): XpsInk {
  const own = opacityOf(b);
  if (b.name === 'SolidColorBrush') {
    const c = xpsColour(b.attrs.Color);
    return c ? { ...c, alpha: c.alpha * own } : { alpha: own };
  }
  if (b.name === 'ImageBrush') return { alpha: own, picture: true };
  if (/GradientBrush$/.test(b.name)) {
    const stops: Array<{ rgb?: number; alpha: number }> = [];
    const visit = (el: El, depth: number) => {
      for (const k of el.children) {
        if (k.name === 'GradientStop') stops.push(xpsColour(k.attrs.Color) ?? { alpha: 1 });
        else if (depth < 3) visit(k, depth + 1);
      }
    };
    visit(b, 0);
    if (stops.length === 0) return { alpha: own };
    const alpha = Math.max(...stops.map((c) => c.alpha)) * own;
    const rgbs = stops.map((c) => c.rgb);
    if (rgbs.every((c) => c !== undefined && c === rgbs[0])) return { rgb: rgbs[0], alpha };
    if (rgbs.every((c) => c !== undefined && nearWhite(c))) return { rgb: 0xffffff, alpha };
    return { alpha };
  }
  return { alpha: own };
}

const nearWhite = (rgb: number): boolean => nearWhiteRgb((rgb >> 16) & 255, (rgb >> 8) & 255, rgb & 255);
const hex6 = (rgb: number): string => rgb.toString(16).padStart(6, '0');

/** Seen at most as a tenth as opaque: not seen (@prepub/core's limit for every format). */
const UNSEEN_ALPHA = UNSEEN_MAX_PERCENT / 100;

/** Points per XPS unit. */
const PT = 0.75;

/** Fewer characters than this shown on a page that draws paths: its words may be outlines (the OFD and PDF readers' rule). */
const MIN_SHOWN_CHARS = 20;

/**
 * A path's geometry in the XPS mini-language (F0/F1, M L H V C Q S A Z, lower case relative): its
 * shape counts and its box in its own coordinates, or undefined when it has no points.
 */
function pathShape(data: string): (OutlineShape & { empty: false }) | undefined {
  const tokens = data.match(/[A-Za-z]|[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?/g) ?? [];
  const c = new PathShapeCounter();
  const ARITY: Record<string, number> = { M: 2, L: 2, H: 1, V: 1, C: 6, Q: 4, S: 4, A: 7, Z: 0, F: 1 };
  let op = '';
  let rel = false;
  let args: number[] = [];
  let cx = 0;
  let cy = 0;
  let sx = 0;
  let sy = 0;
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  const pt = (x: number, y: number) => {
    c.point(x, y);
    if (x < x0) x0 = x;
    if (y < y0) y0 = y;
    if (x > x1) x1 = x;
    if (y > y1) y1 = y;
  };
  const run = () => {
    const a = args;
    if (op === 'F') return;
    if (op === 'H') (cx = rel ? cx + a[0] : a[0]), c.segment(), pt(cx, cy);
    else if (op === 'V') (cy = rel ? cy + a[0] : a[0]), c.segment(), pt(cx, cy);
    else {
      const n = ARITY[op];
      const pts: number[] = op === 'A' ? a.slice(5, 7) : a.slice(0, n);
      const bx = rel ? cx : 0;
      const by = rel ? cy : 0;
      for (let j = 0; j + 1 < pts.length; j += 2) pt(pts[j] + bx, pts[j + 1] + by);
      cx = pts[pts.length - 2] + bx;
      cy = pts[pts.length - 1] + by;
      if (op === 'M') {
        c.subpath();
        (sx = cx), (sy = cy);
        op = 'L'; // further pairs after a move are lines
      } else c.segment();
    }
  };
  for (const t of tokens) {
    if (/^[A-Za-z]$/.test(t)) {
      op = t.toUpperCase();
      rel = t !== op;
      args = [];
      if (op === 'Z') c.segment(), (cx = sx), (cy = sy);
      continue;
    }
    const n = ARITY[op];
    if (n === undefined || n === 0) continue;
    args.push(Number(t));
    if (args.length === n) {
      run();
      args = [];
    }
  }
  if (!(x1 >= x0)) return undefined;
  return { x0, y0, x1, y1, ...c.counts(), empty: false };
}

/** An OPC piece of an interleaved part: `<part>/[n].piece`, the last one `<part>/[n].last.piece`. */
const PIECE = /^(.*)\/\[(\d+)\](\.last)?\.piece$/i;

/**
 * The bytes of a part, whole or written in pieces (the XPS writer interleaves large parts when it
 * streams a print job): the pieces joined in their order; a missing piece or a missing last piece
 * is reported, and what there is is read.
 */
function readPart(pkg: OfdPackage, result: OfdResult, path: string): Uint8Array | undefined {
  if (pkg.has(path)) return pkg.read(path);
  const pieces: Array<{ name: string; n: number; last: boolean }> = [];
  for (const name of pkg.names) {
    const m = PIECE.exec(name);
    if (m && m[1].toLowerCase() === path.toLowerCase()) pieces.push({ name, n: Number(m[2]), last: !!m[3] });
  }
  if (!pieces.length) return undefined;
  pieces.sort((a, b) => a.n - b.n);
  const chunks: Uint8Array[] = [];
  for (const p of pieces) {
    const d = pkg.read(p.name);
    if (d) chunks.push(d);
  }
  if (pieces.some((p, i) => p.n !== i) || !pieces[pieces.length - 1].last) {
    result.unread.push({ where: path, reason: 'corrupt', detail: `${path} is written in pieces, and some are missing (${pieces.length} found, numbered ${pieces.map((p) => p.n).join(', ')}${pieces[pieces.length - 1].last ? '' : ', no last piece'}): what they held is lost.`, origin: { filePart: path } });
  }
  return Buffer.concat(chunks);
}

/** Part names, pieces of interleaved parts named by their part. */
function partNames(pkg: OfdPackage): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  for (const n of pkg.names) {
    const name = PIECE.exec(n)?.[1] ?? n;
    if (!seen.has(name.toLowerCase())) seen.add(name.toLowerCase()), out.push(name);
  }
  return out;
}

/** The pages in the order the document sequence gives them, then any other page of the package. */
function pageOrder(pkg: OfdPackage, result: OfdResult): string[] {
  const order: string[] = [];
  const seen = new Set<string>();
  const names = partNames(pkg);
  const known = new Set(names.map((n) => n.toLowerCase()));
  const add = (p: string) => {
    if (known.has(p.toLowerCase()) && !seen.has(p.toLowerCase())) seen.add(p.toLowerCase()), order.push(p);
  };
  const parse = (path: string): El | undefined => {
    const data = readPart(pkg, result, path);
    if (!data) return undefined;
    let root: El | undefined;
    try {
      root = parseTree(decodeXml(data), path).root;
    } catch {
      return undefined;
    }
    // Names people give (link targets, a document's name) stand in these structure parts too: read apart.
    const b = new PartBuilder(`${path}#names`, 'hidden', { filePart: path, detail: 'names and text in the document structure' });
    const visit = (el: El, depth: number) => {
      if (depth > 1200) return;
      for (const k in el.attrs) {
        const v = el.attrs[k].trim();
        if (v && !k.startsWith('xmlns') && k !== 'Source' && /\p{L}/u.test(v)) b.append(v), b.endParagraph({ kind: 'paragraph' });
      }
      const t = el.text.trim();
      if (t) b.append(t), b.endParagraph({ kind: 'paragraph' });
      for (const c of el.children) visit(c, depth + 1);
    };
    if (root) visit(root, 0);
    if (!b.blank) result.parts.push(b.toPart());
    return root;
  };
  const seqs = names.filter((n) => /\.fdseq$/i.test(n));
  for (const seq of seqs) {
    const root = parse(seq);
    for (const ref of root?.children ?? []) {
      if (ref.name !== 'DocumentReference' || !ref.attrs.Source) continue;
      const docPath = resolvePath(dirOf(seq), ref.attrs.Source, true);
      const doc = known.has(docPath.toLowerCase()) ? parse(docPath) : undefined;
      for (const pc of doc?.children ?? []) if (pc.name === 'PageContent' && pc.attrs.Source) add(resolvePath(dirOf(docPath), pc.attrs.Source, true));
    }
  }
  for (const n of names) if (/\.fpage$/i.test(n)) add(n);
  return order;
}

/** Extracts an XPS or OpenXPS package. Never throws for a user's file. */
export async function extractXps(bytes: Uint8Array, ctx: ExtractContext): Promise<Extraction> {
  const result: OfdResult = { format: 'xps', mediaType: XPS_MEDIA_TYPE, parts: [], unread: [], images: [], embedded: [], loss: [], info: {} };
  let dir: ZipDirectory;
  try {
    dir = readDirectory(bytes, ctx.limits.maxArchiveEntries);
  } catch (err) {
    const e = err instanceof EntryError ? err : new EntryError('corrupt', String((err as Error)?.message ?? err));
    result.unread.push({ where: 'file', reason: e.reason, detail: `The XPS package could not be read: ${e.message}.` });
    return result;
  }
  const pkg = new OfdPackage(bytes, dir, ctx, result);
  try {
    const pages = pageOrder(pkg, result);
    result.info.pages = pages.length;
    if (pages.length === 0) result.unread.push({ where: 'file', reason: 'corrupt', detail: 'The XPS package holds no FixedPage: nothing of it could be read as a document.' });
    for (let i = 0; i < pages.length; i++) {
      readPage(pkg, result, pages[i], i + 1);
      await pkg.checkpoint();
    }
    // Fonts (obfuscated .odttf included) draw no text of their own; structure parts are read as loose files below.
    for (const n of pkg.names) if (/\.(odttf|ttf|otf|ttc)$/i.test(n)) pkg.skip(n);
    await leftovers(pkg, result);
  } catch (err) {
    const msg = err instanceof Error ? err.message : String(err);
    if (ctx.signal?.aborted) result.unread.push({ where: 'file', reason: 'aborted', detail: 'The scan was cancelled while the document was being read.' });
    else result.unread.push({ where: 'file', reason: err instanceof EntryError ? err.reason : 'error', detail: `The document could not be read completely: ${msg}.` });
  }
  result.info = { ...result.info, entries: dir.entries.length, inflatedBytes: pkg.inflated };
  if (result.loss.length === 0) delete (result as Extraction).loss;
  return result;
}

/** Most elements a page's keyed visual brushes draw where they are used (each use counts again). */
const MAX_BRUSH_WORK = 100_000;

/** Most remote resource dictionaries (`ResourceDictionary Source=…` parts) read per package. */
const MAX_REMOTE_DICTS = 200;
/** The keyed resources of each remote dictionary part, by package and part. */
const remoteDicts = new WeakMap<OfdPackage, Map<string, Map<string, El>>>();

/**
 * The keyed resources of a remote resource dictionary (a `.dict` part a page's ResourceDictionary
 * names by Source), read once per package. The part stays unread for the leftovers, which read
 * its text apart as well (brushes no page uses included).
 */
function remoteDictionary(pkg: OfdPackage, result: OfdResult, path: string): Map<string, El> {
  const cache = remoteDicts.get(pkg) ?? new Map<string, Map<string, El>>();
  remoteDicts.set(pkg, cache);
  const known = cache.get(path.toLowerCase());
  if (known) return known;
  const keyed = new Map<string, El>();
  if (cache.size >= MAX_REMOTE_DICTS) {
    result.unread.push({ where: path, reason: 'limit', detail: `More than ${MAX_REMOTE_DICTS} resource dictionaries are named by the pages; ${path} was not followed where pages use its brushes (its text is read apart).`, origin: { filePart: path } });
    return keyed;
  }
  cache.set(path.toLowerCase(), keyed);
  const data = readPart(pkg, result, path);
  for (const e of pkg.entries(path)) pkg.handled.delete(e);
  if (!data) return keyed;
  try {
    const root = parseTree(decodeXml(data), path).root;
    const collect = (el: El, depth: number) => {
      if (depth > 1200) return;
      if (el.attrs.Key && !keyed.has(el.attrs.Key)) keyed.set(el.attrs.Key, el);
      for (const c of el.children) collect(c, depth + 1);
    };
    if (root) collect(root, 0);
  } catch {
    // Damage is reported by the leftovers, which read the part as a file of its own.
  }
  return keyed;
}

function readPage(pkg: OfdPackage, result: OfdResult, path: string, n: number): void {
  const data = readPart(pkg, result, path);
  if (!data) return;
  let root: El | undefined;
  let damage: string | undefined;
  try {
    const parsed = parseTree(decodeXml(data), `${path} (page ${n})`);
    root = parsed.root;
    damage = parsed.damage;
  } catch (err) {
    result.unread.push({ where: path, reason: err instanceof EntryError ? err.reason : 'corrupt', detail: `Page ${n} could not be read: ${err instanceof Error ? err.message : String(err)}.`, origin: { filePart: path, page: n } });
    return;
  }
  if (!root) return;
  if (damage) result.unread.push({ where: path, reason: 'corrupt', detail: `Page ${n} (${path}) is damaged XML (${damage}): what the damage hides cannot be told.`, origin: { filePart: path, page: n } });
  const width = Number(root.attrs.Width) || 816;
  const height = Number(root.attrs.Height) || 1056;
  const lines = new PageLines(path, 'body', { filePart: path, page: n }, { width: width * MM, height: height * MM }, n === 1);
  const other = new PartBuilder(`${path}#other-text`, 'hidden', { filePart: path, page: n, detail: 'names, descriptions and text of other elements of the page' });
  let code = 0;
  let unmapped = 0;
  let paths = 0;
  let shown = 0;
  let tooDeep = false;
  const shapes: OutlineShape[] = [];
  const textBoxes: OutlineRect[] = [];
  // Text drawn so that nobody sees it (a tenth opaque or less, 2 pt, cut away by its clip, in the
  // colour of its ground, under a box painted over it, painted over by another glyph) is hidden text:
  // a piece so drawn inside a marking (机 + transparent 开 + 密★5年) broke it up.
  const hidden = new PageLines(`${path}#hidden`, 'hidden', { filePart: path, page: n, detail: `page ${n}: text drawn so that it is not seen` }, { width: width * MM, height: height * MM });
  const t: DrawTarget = { visible: lines, hidden, res: new Resources(), width: width * MM, height: height * MM, onImage: () => {}, glyphs: 0, lostGlyphs: 0, missing: [] };
  let serial = 0;
  // Brushes and geometries kept as resources (x:Key), named by {StaticResource key}: the page's
  // own, then those of the remote dictionaries it names (ResourceDictionary Source="….dict").
  const keyed = new Map<string, El>();
  const remote: string[] = [];
  const collect = (el: El, depth: number) => {
    if (depth > 1200) return;
    if (el.attrs.Key) keyed.set(el.attrs.Key, el);
    if (el.name === 'ResourceDictionary' && el.attrs.Source?.trim()) remote.push(resolvePath(dirOf(path), el.attrs.Source.trim(), true));
    for (const c of el.children) collect(c, depth + 1);
  };
  collect(root, 0);
  for (const d of remote) for (const [k, el] of remoteDictionary(pkg, result, d)) if (!keyed.has(k)) keyed.set(k, el);
  // Visual brushes drawn where an element names them by key (Fill="{StaticResource v1}"), and
  // visuals where a visual brush names them (Visual="{StaticResource c1}"): their text stands
  // there. Resources of the page nothing draws are read where they stand.
  const drawn = new Set<El>();
  const drawing: El[] = [];
  let brushWork = 0;
  let brushLimited = false;
  const resource = (v: string): El | undefined => {
    const r = /^\{\s*StaticResource\s+([^}\s]+)\s*\}$/.exec(v.trim());
    return r ? keyed.get(r[1]) : undefined;
  };
  /** The ink of a brush property (`Fill`, `OpacityMask`): its attribute (a colour or a resource) or its property element; undefined when none is given. */
  const brushOf = (el: El, prop: string): XpsInk | undefined => {
    const v = el.attrs[prop];
    if (v !== undefined) {
      if (v.trim().startsWith('{')) {
        const b = resource(v);
        return b ? brushInk(b) : { alpha: 1 };
      }
      return xpsColour(v) ?? { alpha: 1 };
    }
    const b = el.children.find((k) => k.name === `${el.name}.${prop}`)?.children[0];
    return b ? brushInk(b) : undefined;
  };
  /** A geometry property (`Data`, `Clip`) in the path mini-language: its attribute, a resource, or a PathGeometry element. */
  const geometryOf = (el: El, prop: string): string | undefined => {
    const v = el.attrs[prop];
    let geo: El | undefined;
    if (v !== undefined) {
      if (!v.trim().startsWith('{')) return v;
      geo = resource(v);
    } else geo = el.children.find((k) => k.name === `${el.name}.${prop}`)?.children.find((k) => k.name === 'PathGeometry');
    if (!geo) return undefined;
    if (geo.attrs.Figures) return geo.attrs.Figures;
    // PathFigure elements: their start points and segment points, as the mini-language would write them.
    const parts: string[] = [];
    for (const f of geo.children) {
      if (f.name !== 'PathFigure') continue;
      parts.push(`M ${f.attrs.StartPoint ?? '0,0'}`);
      for (const sg of f.children) {
        const pts = sg.attrs.Points ?? sg.attrs.Point ?? '';
        if (/Bezier/.test(sg.name)) parts.push(`C ${pts}`);
        else if (/Quadratic/.test(sg.name)) parts.push(`Q ${pts}`);
        else if (/Arc/.test(sg.name)) parts.push(`L ${pts}`);
        else parts.push(`L ${pts}`);
      }
      if (f.attrs.IsClosed === 'true') parts.push('Z');
    }
    return parts.join(' ');
  };
  /** A box in an element's coordinates as a page box (mm). */
  const pageRect = (m: Matrix, x0: number, y0: number, x1: number, y1: number): [number, number, number, number] => {
    const c = [apply(m, x0, y0), apply(m, x1, y0), apply(m, x0, y1), apply(m, x1, y1)];
    return [Math.min(...c.map((q) => q[0])) * MM, Math.min(...c.map((q) => q[1])) * MM, Math.max(...c.map((q) => q[0])) * MM, Math.max(...c.map((q) => q[1])) * MM];
  };
  const walk = (el: El, parent: Matrix, depth: number, opacity: number, clips: ReadonlyArray<Array<[number, number, number, number]>>) => {
    // The parser refuses markup nested past 1000 levels; past this, what is left is unread, never skipped.
    if (depth > 1200) {
      tooDeep = true;
      return;
    }
    // What brushes draw where they are used is bounded per page: brushes that each use the next
    // twice double with every step (2^n), and one brush used a myriad times multiplies its size.
    if (drawing.length > 0 && ++brushWork > MAX_BRUSH_WORK) {
      brushLimited = true;
      return;
    }
    const own = ownTransform(el);
    const m = own ? compose(own, parent) : parent;
    // Opacity and a solid opacity mask multiply down the tree; a clip (in the element's own space) cuts what it holds.
    if (el.name === 'Canvas' || el.name === 'Glyphs' || el.name === 'Path') {
      opacity *= opacityOf(el) * (brushOf(el, 'OpacityMask')?.alpha ?? 1);
      const clip = geometryOf(el, 'Clip');
      const sh = clip !== undefined ? pathShape(clip) : undefined;
      if (clip !== undefined) clips = [...clips, sh ? [pageRect(m, sh.x0, sh.y0, sh.x1, sh.y1)] : []];
    }
    if (el.name === 'Glyphs') {
      code++;
      let text = el.attrs.UnicodeString ?? '';
      if (text.startsWith('{}')) text = text.slice(2);
      const idx = el.attrs.Indices;
      if (!text && idx && idx.trim()) unmapped++;
      const em = Number(el.attrs.FontRenderingEmSize) || 0;
      const ox = Number(el.attrs.OriginX) || 0;
      const oy = Number(el.attrs.OriginY) || 0;
      const place = placements(idx, [...text].length);
      const [a, b] = [m[0], m[1]];
      const scale = Math.hypot(a, b) || 1;
      const ux = a / scale;
      const uy = b / scale;
      const sizeMm = em * Math.hypot(m[2], m[3]) * MM;
      const sideways = el.attrs.IsSideways === 'true';
      // An odd BidiLevel sets the run right to left: each glyph stands left of the one before it.
      const rtl = (Number(el.attrs.BidiLevel) || 0) % 2 === 1;
      // No Fill given: drawn as before (seen), whatever a viewer does.
      const ink = brushOf(el, 'Fill') ?? { alpha: 1 };
      // Squeezed to a tenth of its width or less by its transform (an HScale), or 2 pt.
      const squeezed = Math.hypot(m[0], m[1]) <= UNSEEN_ALPHA * Math.hypot(m[2], m[3]);
      const unseen = ink.alpha * opacity <= UNSEEN_ALPHA || (sizeMm * 72) / 25.4 <= UNSEEN_MAX_POINTS || squeezed;
      let x = ox;
      [...text].forEach((ch, i) => {
        const p = place[i];
        const step = p?.adv !== undefined ? (p.adv * em) / 100 : em * (WIDE.test(ch) ? 1 : 0.5);
        const u = ((p?.u ?? 0) * em) / 100;
        const left = (rtl ? x - step - u : x + u);
        const baseline = oy - ((p?.v ?? 0) * em) / 100;
        const [px, py] = apply(m, left, baseline);
        const [qx, qy] = apply(m, left + step, baseline);
        const advMm = Math.hypot(qx - px, qy - py) * MM;
        const gx = px * MM;
        const gy = py * MM;
        const g: Glyph = { ch, x: gx, y: gy, ux, uy, size: sizeMm, adv: advMm, rect: [Math.min(gx, qx * MM), gy - sizeMm, Math.max(gx, qx * MM), gy + sizeMm * 0.2], code, vertical: sideways, seq: ++serial };
        t.glyphs++;
        // Entirely off the page: nobody sees it (it stood on the marking's line from outside).
        const offPage = g.rect[2] < 0 || g.rect[3] < 0 || g.rect[0] > t.width || g.rect[1] > t.height;
        const clipped = offPage || clips.some((c) => clippedAway(c, g.rect));
        let grounded = false;
        if (ink.rgb !== undefined) {
          const ground = t.backdrops?.colourAt((g.rect[0] + g.rect[2]) / 2, (g.rect[1] + g.rect[3]) / 2);
          grounded = ground === undefined ? nearWhite(ink.rgb) : ground !== UNKNOWN_COLOUR && sameColour(hex6(ink.rgb), hex6(ground));
        }
        if (unseen || clipped || grounded) {
          hidden.glyph(g);
        } else {
          lines.glyph(g);
          if (ch.trim()) shown++;
          if (textBoxes.length < 200_000) textBoxes.push({ x0: g.rect[0] / MM * PT, y0: g.rect[1] / MM * PT, x1: g.rect[2] / MM * PT, y1: g.rect[3] / MM * PT });
        }
        x = rtl ? x - step : x + step;
      });
      for (const k of ['Name', 'AutomationProperties.Name', 'AutomationProperties.HelpText']) if (el.attrs[k]?.trim()) other.append(el.attrs[k].trim()), other.endParagraph({ kind: 'paragraph' });
    } else {
      if (el.name === 'Path') notePath(el, m, opacity, clips);
      // Accessible names and help texts, any value with words of a script, and text inside elements: read apart.
      for (const k in el.attrs) {
        const v = el.attrs[k].trim();
        if (!v || k.startsWith('xmlns') || /^(RenderTransform|Data|Clip|Fill|Stroke|ImageSource|Viewbox|Viewport|Matrix|Source|FontUri|Indices|Color|Opacity|Width|Height|x:Key|Key)$/.test(k)) continue;
        if (/\p{Script=Han}|\p{L}{3,}/u.test(v) && !/^[\w.:/#{}-]+$/.test(v)) other.append(v), other.endParagraph({ kind: 'paragraph' });
      }
    }
    const tx = el.text.trim();
    if (tx) other.append(tx), other.endParagraph({ kind: 'paragraph' });
    let inner = m;
    if (el.name === 'Path') {
      // What a brush paints shows only inside the path: its visual's text outside it is cut away.
      const data = geometryOf(el, 'Data');
      const sh = data !== undefined ? pathShape(data) : undefined;
      if (sh) clips = [...clips, [pageRect(m, sh.x0, sh.y0, sh.x1, sh.y1)]];
    } else if (el.name === 'VisualBrush') {
      // A visual brush draws its Visual's Viewbox into the Viewport (then its Transform): its text
      // stands there, not where the visual's own coordinates say.
      const vb = numbers(el.attrs.Viewbox?.replace(/,/g, ' '));
      const vp = numbers(el.attrs.Viewport?.replace(/,/g, ' '));
      let fit: Matrix = IDENTITY;
      if (vb.length === 4 && vp.length === 4 && vb[2] > 0 && vb[3] > 0) {
        const sx = vp[2] / vb[2];
        const sy = vp[3] / vb[3];
        fit = [sx, 0, 0, sy, vp[0] - vb[0] * sx, vp[1] - vb[1] * sy];
      }
      const tr = matrixValue(el.attrs.Transform) ?? el.children.find((k) => k.name === 'VisualBrush.Transform')?.children.find((k) => k.name === 'MatrixTransform')?.attrs.Matrix;
      const brushTransform = typeof tr === 'string' ? matrixValue(tr) : tr;
      inner = compose(brushTransform ? compose(fit, brushTransform) : fit, m);
    }
    for (const c of el.children) {
      // A page's resources are drawn where they are used (below), those no element uses after the page.
      if (c.name.endsWith('.Resources')) continue;
      walk(c, inner, depth + 1, opacity, clips);
    }
    const props = el.name === 'VisualBrush' ? ['Visual'] : el.name === 'Path' || el.name === 'Glyphs' || el.name === 'Canvas' ? ['Fill', 'Stroke', 'OpacityMask'] : [];
    for (const prop of props) {
      const v = el.attrs[prop];
      const r = v !== undefined && v.trim().startsWith('{') ? resource(v) : undefined;
      // A brush that names itself (through its visual) is drawn once.
      if (!r || (prop !== 'Visual' && r.name !== 'VisualBrush') || drawing.includes(r)) continue;
      if (drawing.length > 32 || brushLimited) {
        brushLimited = true;
        continue;
      }
      drawn.add(r);
      drawing.push(r);
      walk(r, inner, depth + 1, opacity, clips);
      drawing.pop();
    }
  };
  /** A drawn path: counted, painted as ground text may stand on, and kept when filled and shaped like a glyph or an outlined word. */
  const notePath = (el: El, m: Matrix, opacity: number, clips: ReadonlyArray<Array<[number, number, number, number]>>) => {
    const fill = brushOf(el, 'Fill');
    const filled = fill !== undefined;
    const stroke = filled ? undefined : brushOf(el, 'Stroke');
    if (!filled && !stroke) return;
    paths++;
    // Only stroked: lettering in a single-stroke font or hollow letters, kept as stroked shapes.
    if (!filled && (stroke!.alpha * opacity <= UNSEEN_ALPHA || (stroke!.rgb !== undefined && nearWhite(stroke!.rgb)))) return;
    const data = geometryOf(el, 'Data');
    if (!data) return;
    const sh = pathShape(data);
    if (sh && fill && fill.alpha * opacity > UNSEEN_ALPHA) {
      // The ground of what is drawn on it: in its colour when it is one plain opaque box (which hides
      // what was drawn under it), else of a colour not measured; a picture hides nothing under it.
      const rect = pageRect(m, sh.x0, sh.y0, sh.x1, sh.y1);
      const area = (t.backdrops ??= new PaintedArea(t.width, t.height));
      const plain = clips.length === 0 && !/[CQSAcqsa]/.test(data) && sh.subpaths === 1 && sh.segments <= 5;
      if (fill.picture) area.picture(rect, ++serial), area.paint(rect);
      else if (plain && fill.rgb !== undefined && fill.alpha * opacity >= 0.9) area.paint(rect, fill.rgb, ++serial);
      else if (!(fill.rgb !== undefined && nearWhite(fill.rgb))) area.paint(rect);
    }
    if (!sh) return;
    const corners = [apply(m, sh.x0, sh.y0), apply(m, sh.x1, sh.y0), apply(m, sh.x0, sh.y1), apply(m, sh.x1, sh.y1)];
    const X0 = Math.min(...corners.map((q) => q[0])) * PT;
    const X1 = Math.max(...corners.map((q) => q[0])) * PT;
    const Y0 = Math.min(...corners.map((q) => q[1])) * PT;
    const Y1 = Math.max(...corners.map((q) => q[1])) * PT;
    const w = X1 - X0;
    const h = Y1 - Y0;
    if (!(Math.min(w, h) <= 60 && Math.max(w, h) >= 4) || !mayBeGlyph(w, h, sh.segments, !filled)) return;
    if (shapes.length < 8000) shapes.push({ x0: X0, y0: Y0, x1: X1, y1: Y1, segments: sh.segments, subpaths: sh.subpaths, long: sh.long, ...(filled ? {} : { stroked: true }) });
  };
  walk(root, IDENTITY, 0, 1, []);
  // The page's resources nothing drew: read where they stand, as before.
  const resourcesOf = (el: El, m: Matrix, depth: number) => {
    if (depth > 1200) return;
    const own = ownTransform(el);
    const at = own ? compose(own, m) : m;
    for (const c of el.children) {
      if (!c.name.endsWith('.Resources')) {
        resourcesOf(c, at, depth + 1);
        continue;
      }
      for (const d of c.children) {
        for (const r of d.name === 'ResourceDictionary' ? d.children : [d]) if (!drawn.has(r)) walk(r, at, depth + 3, 1, []);
      }
    }
  };
  resourcesOf(root, IDENTITY, 0);
  if (tooDeep) result.unread.push({ where: path, reason: 'limit', detail: `Page ${n} nests its elements more than 1200 deep; what stands deeper was not read.`, origin: { filePart: path, page: n } });
  if (brushLimited) result.unread.push({ where: path, reason: 'limit', detail: `Page ${n} draws its visual brushes (named by key) more than ${MAX_BRUSH_WORK} elements' worth, or nested more than 32 deep, where they are used; what they draw past that was not read there.`, origin: { filePart: path, page: n } });
  if (paths && shown < MIN_SHOWN_CHARS) {
    result.unread.push({ where: path, reason: 'unsupported-format', detail: `Page ${n} draws ${paths} path${paths > 1 ? 's' : ''} and shows ${shown ? `only ${shown} characters of` : 'no'} text: its words may be drawn as outlines (the XPS writer turns text into paths where a font may not be embedded), and XPS pages are not rendered for OCR; what the paths show was not read.`, origin: { filePart: path, page: n } });
  } else if (shapes.length) {
    for (const a of outlinedTextAreas(shapes, textBoxes).slice(0, 4)) {
      const box = { x: Math.round(a.x0 * 100) / 100, y: Math.round(a.y0 * 100) / 100, width: Math.round((a.x1 - a.x0) * 100) / 100, height: Math.round((a.y1 - a.y0) * 100) / 100, unit: 'pt' as const };
      result.unread.push({ where: path, reason: 'unsupported-format', detail: `Page ${n} draws a line of glyph-shaped paths where its text has no characters (text converted to outlines, at ${box.x}, ${box.y} pt); XPS pages are not rendered for OCR, so what they show was not read.`, origin: { filePart: path, page: n, box } });
    }
  }

  reportDraw(result, t, `page ${n}`, { filePart: path, page: n }, 'XPS');
  const built = lines.build();
  if (built) result.parts.push(built.toPart());
  const unseenPart = hidden.build();
  for (const l of [lines, hidden]) {
      if (l.crowded) result.unread.push({ where: l.origin.filePart ?? l.id, reason: 'limit', detail: `${l.crowded} line${l.crowded > 1 ? 's' : ''} of ${l.origin.filePart ?? l.id} draw runs across one another too many times for the rows to be told apart; read as drawn, a marking set over or under other text may read into them.`, origin: l.origin });
  }
  if (unseenPart) result.parts.push(unseenPart.toPart());
  if (!other.blank) result.parts.push(other.toPart());
  if (unmapped) result.unread.push({ where: path, reason: 'text-loss', detail: `Page ${n} draws ${unmapped} run${unmapped > 1 ? 's' : ''} of glyphs by index only (no UnicodeString): what they show cannot be read as text (unmapped-glyphs: ${unmapped})`, origin: { filePart: path, page: n } });
}

export const xpsExtractor: Extractor = { format: 'xps', extract: (bytes, ctx) => extractXps(bytes, ctx) };
