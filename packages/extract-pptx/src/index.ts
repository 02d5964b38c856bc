/**
 * The PPTX extractor: every part of a presentation as located text parts.
 *
 * Slides in presentation order (page = slide number), hidden slides as role `hidden` (labelled);
 * shapes, text boxes, tables (a row per line, cells as blocks) and grouped shapes through the
 * shared DrawingML reader; shapes marked hidden; alt text; speaker notes (`notes`); comments
 * (legacy and modern); text of layouts and masters (`master`); document properties. Pictures go to
 * OCR with their slide, nested packages to the scan, and every other entry is read or reported by
 * the shared OOXML package reader.
 */
import { linesAcrossShapes, PartBuilder, type ExtractContext, type PlacedShape, type Extraction, type Extractor, type PartOrigin, type PartRole, type TextPart } from '@prepub/core';
import { OpcPackage, attr, diagramTexts, parseXml, readDrawing, relId, type Frame, type Placeholder } from '@prepub/ooxml';
import { PPTX_MEDIA_TYPE } from './format.ts';

export { pptxFormat, PPTX_MEDIA_TYPE } from './format.ts';

/** Reached parts that hold layout or package structure only. */
const STRUCTURE = [
  /^\[Content_Types\]\.xml$/i,
  /(^|\/)_rels\/[^/]*\.rels$/i,
  /\/theme\/[^/]+\.xml$/i,
  /^ppt\/(presProps|viewProps|tableStyles|presentation)\.xml$/i,
  /^ppt\/printerSettings\//i,
  /^customXml\/itemProps\d*\.xml$/i,
  /^ppt\/charts\/(style|colors)\d*\.xml$/i,
];

/** Reads one slide-like part (slide, layout, master, notes) through DrawingML into parts of `role`. */
function readSlidePart(xml: string, path: string, role: PartRole, origin: PartOrigin, out: TextPart[], leading = false, placed?: Array<{ shape: PlacedShape; placeholder: boolean }>, placeholderFrame?: (ph: Placeholder) => Frame | undefined, slideNumber?: number, unread?: Extraction['unread']): boolean {
  const text = new PartBuilder(path, role, origin, leading);
  const hidden = new PartBuilder(`${path}#hidden`, 'hidden', { ...origin, detail: `hidden shapes; ${origin.detail ?? ''}`.replace(/; $/, '') });
  const alt = new PartBuilder(`${path}#alt`, 'alt-text', { ...origin, detail: `picture and shape descriptions; ${origin.detail ?? ''}`.replace(/; $/, '') });
  // A form's options struck out but one (不适用的划去: 密级：~~绝密~~ 机密 ~~秘密~~): its paragraph read without them.
  const unstruck = new PartBuilder(`${path}#unstruck`, role, { ...origin, detail: `paragraphs with struck-through text, read without it; ${origin.detail ?? ''}`.replace(/; $/, '') });
  // A shape drawn over a row listing a form's levels (an ellipse, a box, a line) marks the option chosen; which one is not worked out.
  const ringed: string[] = [];
  readDrawing(xml, { text, hidden, alt, unstruck, placed, ringed, ...(placeholderFrame ? { placeholderFrame } : {}), ...(slideNumber !== undefined ? { slideNumber } : {}) });
  for (const b of [text, hidden, alt, unstruck]) if (!b.blank) out.push(b.toPart());
  if (ringed.length && unread) {
    unread.push({ where: path, reason: 'unsupported-format', detail: `${ringed.length} row(s) listing a form's levels have a shape drawn over them (an ellipse, a box, a line or a path; ${ringed.slice(0, 3).map((t) => `“${t}”`).join(', ')}): it may circle, box or strike out the option chosen, and which option it marks was not worked out (text is not laid out in its frame).`, origin });
  }
  return !text.blank;
}

/** Legacy comments (`p:cm` with `p:text`) and modern ones (`p188:cm` with a DrawingML body): a part each. */
function readComments(xml: string, path: string, slide: string, origin: PartOrigin, out: TextPart[]): void {
  let n = 0;
  let depth = 0;
  let inText = false;
  let buf = '';
  let author = '';
  parseXml(xml, {
    open(name, a) {
      if (name === 'cm') {
        depth++;
        n++;
        buf = '';
        author = attr(a, 'authorId') ?? '';
      } else if (depth && (name === 'text' || name === 't')) inText = true;
      else if (depth && name === 'p' && buf) buf += '\n';
    },
    close(name) {
      if (name === 'text' || name === 't') inText = false;
      else if (name === 'cm' && depth) {
        depth--;
        const b = new PartBuilder(`${path}#comment-${n}`, 'comment', { ...origin, filePart: path, detail: `comment ${n} on ${slide}${author ? ` (author ${author})` : ''}` });
        for (const line of buf.split('\n')) b.append(line), b.endParagraph({ kind: 'paragraph' });
        if (!b.blank) out.push(b.toPart());
      }
    },
    text(t) {
      if (inText) buf += t;
    },
  });
}

/**
 * Extracts a PPTX/PPTM presentation. Never throws for a user's file: damage, encryption, limits and
 * aborts come back as unread items next to whatever could be read.
 */
export async function extractPptx(bytes: Uint8Array, ctx: ExtractContext): Promise<Extraction> {
  const result = { format: 'pptx', mediaType: PPTX_MEDIA_TYPE, parts: [] as TextPart[], unread: [] as Extraction['unread'], images: [] as NonNullable<Extraction['images']>, embedded: [] as NonNullable<Extraction['embedded']>, info: {} as NonNullable<Extraction['info']> };
  if (ctx.signal?.aborted) {
    result.unread.push({ where: 'file', reason: 'aborted', detail: 'The scan was cancelled before the presentation was read.' });
    return result;
  }
  try {
    const pkg = OpcPackage.open(bytes, ctx, result, 'a legacy PowerPoint 97-2003 presentation (.ppt) or another Office binary file');
    if (pkg) await readPresentation(pkg, result);
  } catch (err) {
    const msg = err instanceof Error ? err.message : String(err);
    const reason = (err as { reason?: string }).reason;
    if (reason === 'limit' || reason === 'corrupt' || reason === 'encrypted') result.unread.push({ where: 'file', reason, detail: `The presentation could not be read: ${msg}.` });
    else if (ctx.signal?.aborted) result.unread.push({ where: 'file', reason: 'aborted', detail: 'The scan was cancelled while the presentation was being read.' });
    else result.unread.push({ where: 'file', reason: 'error', detail: `The presentation could not be read completely: ${msg}.` });
  }
  return result;
}

async function readPresentation(pkg: OpcPackage, result: Extraction & { parts: TextPart[] }): Promise<void> {
  const presPath = pkg.mainPart('ppt/presentation.xml');
  const presXml = pkg.xml(presPath);
  const structure = { structure: STRUCTURE, xmlRole: xmlRole, originOf: (n: string) => pictureOrigin.get(n.toLowerCase()) };
  const pictureOrigin = new Map<string, PartOrigin>();
  if (presXml === undefined) {
    if (!result.unread.some((u) => u.where === presPath)) result.unread.push({ where: presPath, reason: 'corrupt', detail: `The package has no presentation part (${presPath}); it is not a readable presentation.` });
    pkg.finish(structure);
    return;
  }
  // Slide order is the order of sldIdLst; slides the list leaves out are still read after them.
  const order: string[] = [];
  parseXml(presXml, {
    open(name, a) {
      if (name === 'sldId') {
        const id = relId(a);
        if (id) order.push(id);
      }
    },
    close() {},
    text() {},
  });
  const presRels = pkg.rels(presPath);
  const slides: string[] = [];
  for (const rid of order) {
    const r = presRels.get(rid);
    if (r && !r.external && r.type === 'slide') slides.push(r.target);
  }
  const listed = new Set(slides.map((s) => s.toLowerCase()));
  const unlisted = [...presRels.values()].filter((r) => r.type === 'slide' && !r.external && !listed.has(r.target.toLowerCase())).map((r) => r.target);
  for (const n of pkg.names) if (/^ppt\/slides\/slide\d+\.xml$/i.test(n) && !listed.has(n.toLowerCase()) && !unlisted.some((u) => u.toLowerCase() === n.toLowerCase())) unlisted.push(n);
  result.info!.slides = slides.length;

  const readLayouts = new Set<string>();
  const layoutQueue: Array<{ path: string; kind: string }> = [];
  const queueLayout = (path: string, kind: string) => {
    if (readLayouts.has(path.toLowerCase())) return;
    readLayouts.add(path.toLowerCase());
    layoutQueue.push({ path, kind });
  };
  let leadingGiven = false;
  const diagrams = new Set<string>();
  const all = [...slides.map((p) => ({ p, listed: true })), ...unlisted.map((p) => ({ p, listed: false }))];
  for (let i = 0; i < all.length; i++) {
    const { p: path, listed: isListed } = all[i];
    const page = i + 1;
    if (!pkg.has(path)) {
      result.unread.push({ where: path, reason: 'corrupt', detail: `The presentation lists slide ${page} (${path}), but the part is missing; the slide could not be read.`, origin: { filePart: presPath, page } });
      continue;
    }
    const xml = pkg.xml(path);
    if (xml === undefined) continue;
    const hiddenSlide = /<([\w.-]+:)?sld\b[^>]*\sshow\s*=\s*["'](0|false)["']/.test(xml.slice(0, 4096));
    const label = `slide ${page}${hiddenSlide ? ' (hidden slide)' : ''}${isListed ? '' : ' (not in the slide list: not shown)'}`;
    const role: PartRole = hiddenSlide || !isListed ? 'hidden' : 'body';
    const leading = role === 'body' && !leadingGiven;
    const placed: Array<{ shape: PlacedShape; placeholder: boolean }> = [];
    if (readSlidePart(xml, path, role, { filePart: path, page, detail: label }, result.parts, leading, placed, inheritedFrame(pkg, path), page, result.unread) && leading) leadingGiven = true;
    const across = withLayout(pkg, path, xml, placed.map((p) => p.shape), role, { filePart: path, page, detail: `${label}, with the shapes its layout and master draw behind it` });
    if (across) result.parts.push(across);
    for (const r of pkg.rels(path).values()) {
      if (r.external) continue;
      if (r.type === 'image' || r.type === 'oleObject' || r.type === 'package' || r.type === 'media' || r.type === 'chart' || r.type === 'diagramData') pictureOrigin.set(r.target.toLowerCase(), { page, detail: `on ${label}` });
      if (!pkg.has(r.target)) continue;
      if (r.type === 'notesSlide') {
        const nx = pkg.xml(r.target);
        if (nx) readSlidePart(nx, r.target, 'notes', { filePart: r.target, page, detail: `speaker notes of ${label}` }, result.parts, false, undefined, undefined, undefined, result.unread);
      } else if (r.type === 'comments' || r.type === 'comment' || /comment/i.test(r.type)) {
        const cx = pkg.xml(r.target);
        if (cx) readComments(cx, r.target, label, { page }, result.parts);
      } else if (r.type === 'slideLayout') queueLayout(r.target, 'slide layout');
      else if ((r.type === 'diagramData' || r.type === 'diagramDrawing') && !diagrams.has(r.target.toLowerCase())) {
        // SmartArt: its nodes in the order the diagram draws them, and its drawing's shapes where
        // they stand (neither is the order the file lists them in).
        diagrams.add(r.target.toLowerCase());
        const dx = pkg.xml(r.target);
        if (!dx) continue;
        const origin = { filePart: r.target, page, detail: `SmartArt ${r.type === 'diagramData' ? 'diagram' : 'drawing'} on ${label}` };
        if (r.type === 'diagramDrawing') readSlidePart(dx, r.target, role, origin, result.parts, false, undefined, undefined, undefined, result.unread);
        else {
          const b: PartBuilder = new PartBuilder(r.target, role, origin);
          for (const line of diagramTexts(dx).flatMap((t) => t.split('\n'))) b.append(line), b.endParagraph({ kind: 'paragraph' });
          if (!b.blank) result.parts.push(b.toPart());
        }
      }
    }
    await pkg.checkpoint();
  }

  // Layouts and masters: their text (footers, logos' captions, placeholders) is drawn behind slides.
  for (const r of presRels.values()) if (!r.external && (r.type === 'slideMaster' || r.type === 'notesMaster' || r.type === 'handoutMaster')) queueLayout(r.target, r.type.replace(/Master$/, ' master').replace(/^slide /, 'slide '));
  for (const n of pkg.names) if (/^ppt\/(slideLayouts|slideMasters|notesMasters|handoutMasters)\/[^/]+\.xml$/i.test(n)) queueLayout(n, /Layouts/.test(n) ? 'slide layout' : 'master');
  const inherited: Array<{ path: string; bullets: string[] }> = [];
  const presBullets = hanBullets(presXml);
  if (presBullets.length) inherited.push({ path: presPath, bullets: presBullets });
  while (layoutQueue.length) {
    const { path, kind } = layoutQueue.shift()!;
    if (!pkg.has(path)) continue;
    const xml = pkg.xml(path);
    if (xml === undefined) continue;
    readSlidePart(xml, path, 'master', { filePart: path, detail: kind }, result.parts, false, undefined, undefined, undefined, result.unread);
    const bullets = hanBullets(xml);
    if (bullets.length) inherited.push({ path, bullets });
    for (const r of pkg.rels(path).values()) if (!r.external && (r.type === 'slideMaster' || r.type === 'slideLayout')) queueLayout(r.target, r.type === 'slideMaster' ? 'slide master' : 'slide layout');
  }
  // A bullet that is a Chinese character, defined by a master, a layout or the presentation's
  // default text style, is drawn in front of the paragraphs of slides that inherit it (机 before
  // 密★5年 in a body placeholder): which paragraphs those are is not worked out here, so what
  // those slides show is not read whole.
  for (const { path, bullets } of inherited) {
    (result.loss ??= []).push({
      where: path,
      kind: 'unreadable-object',
      count: bullets.length,
      detail: `${path} defines bullets that are Chinese characters (${bullets.slice(0, 5).join(' ')}), drawn in front of the paragraphs of slides that inherit them; which paragraphs those are was not worked out, so what those slides show was not read whole`,
      origin: { filePart: path },
    });
  }
  pkg.readProperties();
  // The comment authors list names people: metadata.
  pkg.finish(structure);
}

/** Where each placeholder of a layout or master stands, by part. */
const frameCache = new WeakMap<OpcPackage, Map<string, Array<{ ph: Placeholder; frame: Frame }>>>();
function placeholderFrames(pkg: OpcPackage, path: string | undefined, inherit?: (ph: Placeholder) => Frame | undefined): Array<{ ph: Placeholder; frame: Frame }> {
  if (!path) return [];
  const cache = frameCache.get(pkg) ?? new Map<string, Array<{ ph: Placeholder; frame: Frame }>>();
  frameCache.set(pkg, cache);
  const known = cache.get(path.toLowerCase());
  if (known) return known;
  const frames: Array<{ ph: Placeholder; frame: Frame }> = [];
  const xml = pkg.has(path) ? pkg.xml(path) : undefined;
  if (xml) {
    const scratch = new PartBuilder(path, 'master', { filePart: path });
    readDrawing(xml, { text: scratch, hidden: scratch, alt: scratch, frames, ...(inherit ? { placeholderFrame: inherit } : {}) });
  }
  cache.set(path.toLowerCase(), frames);
  return frames;
}

/** The frame of the placeholder `ph` inherits from among `frames`: the same idx (when `byIdx`), else the same type. */
function matchFrame(frames: ReadonlyArray<{ ph: Placeholder; frame: Frame }>, ph: Placeholder, byIdx: boolean): Frame | undefined {
  return ((byIdx && ph.idx !== undefined ? frames.find((f) => f.ph.idx === ph.idx) : undefined) ?? frames.find((f) => f.ph.type === ph.type))?.frame;
}

/**
 * Where a slide's placeholders that give no frame of their own stand: where their layout's do (by
 * idx, else type), which stand where their master's do (by type) when they give none either.
 */
function inheritedFrame(pkg: OpcPackage, slide: string): ((ph: Placeholder) => Frame | undefined) | undefined {
  const layout = [...pkg.rels(slide).values()].find((r) => !r.external && r.type === 'slideLayout')?.target;
  if (!layout) return undefined;
  const master = [...pkg.rels(layout).values()].find((r) => !r.external && r.type === 'slideMaster')?.target;
  const masterFrames = placeholderFrames(pkg, master);
  const layoutFrames = placeholderFrames(pkg, layout, (ph) => matchFrame(masterFrames, ph, false));
  return (ph) => matchFrame(layoutFrames, ph, true) ?? matchFrame(masterFrames, ph, false);
}

/** Short text shapes a layout or master draws behind the slides that use it (placeholders are prompts only), by part. */
const behindCache = new WeakMap<OpcPackage, Map<string, PlacedShape[]>>();
function shapesBehind(pkg: OpcPackage, path: string): PlacedShape[] {
  const cache = behindCache.get(pkg) ?? new Map<string, PlacedShape[]>();
  behindCache.set(pkg, cache);
  const key = path.toLowerCase();
  const known = cache.get(key);
  if (known) return known;
  const placed: Array<{ shape: PlacedShape; placeholder: boolean }> = [];
  const xml = pkg.has(path) ? pkg.xml(path) : undefined;
  if (xml) {
    const scratch = new PartBuilder(path, 'master', { filePart: path });
    readDrawing(xml, { text: scratch, hidden: scratch, alt: scratch, placed });
  }
  const out = placed.filter((p) => !p.placeholder).map((p) => p.shape);
  cache.set(key, out);
  return out;
}

/**
 * Lines spelled across a slide's short text shapes and those its layout and master draw behind it
 * (机 drawn by the layout, 密★5年 by the slide beside it): the slide shows 机密★5年, though each part
 * alone holds a piece. Only lines that take pieces from more than one of them are read here.
 */
function withLayout(pkg: OpcPackage, slide: string, slideXml: string, own: PlacedShape[], role: PartRole, origin: PartOrigin): TextPart | undefined {
  // "Hide background graphics" (showMasterSp="0"): a slide so set shows no shapes of its layout and
  // master, a layout so set none of its master's.
  const hides = (xml: string | undefined) => !!xml && /<([\w.-]+:)?(sld|sldLayout)\b[^>]*\sshowMasterSp\s*=\s*["'](0|false)["']/.test(xml.slice(0, 4096));
  if (hides(slideXml)) return undefined;
  const layout = [...pkg.rels(slide).values()].find((r) => !r.external && r.type === 'slideLayout')?.target;
  const layoutXml = layout && pkg.has(layout) ? pkg.xml(layout) : undefined;
  const master = layout && !hides(layoutXml) ? [...pkg.rels(layout).values()].find((r) => !r.external && r.type === 'slideMaster')?.target : undefined;
  const behind = [master, layout].map((p) => (p ? shapesBehind(pkg, p) : []));
  if (!behind[0].length && !behind[1].length) return undefined;
  // The source of each shape in its order: master, layout, slide (the order they are drawn).
  const SOURCE = 1e6;
  const all = [...behind, own].flatMap((list, k) => list.map((s, i) => ({ ...s, order: k * SOURCE + i })));
  const lines = linesAcrossShapes(all, (chain) => new Set(chain.map((s) => Math.floor(s.order / SOURCE))).size > 1);
  if (!lines.length) return undefined;
  const b = new PartBuilder(`${slide}#with-layout`, role, origin);
  for (const line of lines) b.append(line), b.endParagraph({ kind: 'paragraph' });
  return b.toPart();
}

/** Bullet characters (a:buChar) of a part that are Chinese characters, distinct. */
function hanBullets(xml: string): string[] {
  const out = new Set<string>();
  parseXml(xml, {
    open(name, a) {
      const c = name === 'buChar' ? attr(a, 'char') : undefined;
      if (c && /\p{Script=Han}/u.test(c)) out.add(c);
    },
    close() {},
    text() {},
  });
  return [...out];
}

function xmlRole(name: string): { role: PartRole; detail: string } {
  if (/^ppt\/charts\//i.test(name)) return { role: 'body', detail: 'chart' };
  if (/^ppt\/diagrams\//i.test(name)) return { role: 'body', detail: 'SmartArt diagram' };
  if (/commentAuthors\.xml$|authors\.xml$/i.test(name)) return { role: 'metadata', detail: 'comment authors' };
  if (/^ppt\/tags\//i.test(name)) return { role: 'metadata', detail: 'tags' };
  if (/\.vml$/i.test(name)) return { role: 'hidden', detail: 'VML drawing' };
  return { role: 'metadata', detail: 'package part' };
}

/** The PPTX {@link Extractor}: bytes of a presentation in, located text parts out. */
export const pptxExtractor: Extractor = {
  format: 'pptx',
  extract: (bytes, ctx) => extractPptx(bytes, ctx),
};
