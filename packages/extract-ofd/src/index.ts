/**
 * The OFD extractor (GB/T 33190-2016, 版式文档): every document of the package, read as a reader
 * shows it and beyond.
 *
 * OFD.xml names one or more documents (DocBody: metadata, the document root, signatures). For each:
 * metadata (title, author, subject, abstract, keywords, custom data) as `properties`; pages in page
 * order as `body`, one line block per line with its box on the page (points from the top left) and
 * its place (`pageTop`); text drawn invisibly or off the page as `hidden`; template pages as
 * `master` (their text is on every page that uses them: the part names the first of those pages
 * and lists them); annotations per page as `annotation` (appearance text, remarks); stamps of
 * signatures (the seal's picture, to OCR); outlines and bookmarks as `bookmark`; custom tags and
 * extensions as `metadata`; attachments handed to the scan as embedded files, their names a part of
 * their own; pictures on pages to OCR with their box. Every entry nothing refers to is read too
 * (text, pictures, packages), labelled as not referenced. Missing files, damaged XML, encrypted
 * packages, glyphs without text and limits are unread with their reason, never silent.
 */
import { outlinedTextAreas, PartBuilder, type ExtractContext, type Extraction, type Extractor, type ImageRef, type PartOrigin, type PartRole } from '@prepub/core';
import { EntryError, readDirectory, type ZipDirectory } from '@prepub/extract-docx/zip';
import { decodeXml } from '@prepub/extract-docx/xml';
import { looksLikeText, plainTextLines, sniffBinary, sniffImage } from '@prepub/extract-docx/package';
import { extractZip } from '@prepub/extract-zip';
import { coveredLater, draw, MAX_CODE_GLYPHS, MAX_PART_GLYPHS, PaintedArea, Resources, underLaterPicture, type DrawTarget } from './content.ts';
import { boxOf, IDENTITY, linesAcross, PageLines, toBox, translate, type Glyph } from './layout.ts';
import { dirOf, OfdPackage, resolveLoc, sentence, type OfdResult } from './package.ts';
import { pixelSize, sealPictures } from './seal.ts';
import { circledChoices } from './circled.ts';
import { descendants, kid, kidLoc, kids, kidText, locText, numberText, parseTree, unconsumed, type El } from './xml.ts';
import { OFD_MEDIA_TYPE } from './format.ts';

export { ofdFormat, OFD_MEDIA_TYPE } from './format.ts';

/** A4, the page size when a document states none. */
const DEFAULT_AREA: [number, number, number, number] = [0, 0, 210, 297];
/** Names of font programs: a file so named that holds no font program is read like any other. */
const FONT_FILE = /\.(ttf|otf|ttc|cff|woff2?|eot|pfb|pfa|t1|fon)$/i;

/** Font programs (glyph outlines, no text of the document): TrueType, OpenType, collections, WOFF, bare CFF, Type 1 (PFB, PFA), EOT, Windows .fon. */
function isFontProgram(b: Uint8Array, name: string): boolean {
  const head = String.fromCharCode(...b.subarray(0, 4));
  if ((b[0] === 0 && b[1] === 1 && b[2] === 0 && b[3] === 0) || ['OTTO', 'true', 'ttcf', 'wOFF', 'wOF2', 'typ1'].includes(head) || (b[0] === 1 && b[1] === 0 && b[2] === 4)) return true;
  if (b[0] === 0x80 && b[1] === 0x01) return true;
  const text = String.fromCharCode(...b.subarray(0, 16));
  if (text.startsWith('%!PS-AdobeFont') || text.startsWith('%!FontType1')) return true;
  if (b.length > 36 && b[34] === 0x4c && b[35] === 0x50) return true;
  return head.startsWith('MZ') && /\.fon$/i.test(name);
}

interface Doc {
  n: number;
  /** `document 2` when the package holds more than one, else ''. */
  label: string;
  path: string;
  dir: string;
  area: [number, number, number, number];
  res: Resources;
  pageById: Map<string, number>;
  firstBody: boolean;
  /** Characters of text each page shows by itself (its templates aside). */
  shownByPage: Map<number, number>;
  /**
   * What each page shows, by source: its own glyphs first, then those of its template pages and
   * annotations, with the page's content file and size (see {@link readShownPages}).
   */
  shown: Map<number, { path: string; area: [number, number, number, number]; sources: Glyph[][] }>;
  /** Template pages and annotation files by path, parsed once (painted around pages and read on their own). */
  trees: Map<string, El | undefined>;
  /** Annotation files of each page (by page number), as the annotation list names them. */
  annotFiles: Map<number, string[]>;
}

/** Extracts an OFD package. Never throws for a user's file: damage, encryption, limits and aborts are unread items. */
export async function extractOfd(bytes: Uint8Array, ctx: ExtractContext): Promise<Extraction> {
  const result: OfdResult = { format: 'ofd', mediaType: OFD_MEDIA_TYPE, parts: [], unread: [], images: [], embedded: [], loss: [], info: {} };
  if (ctx.signal?.aborted) {
    result.unread.push({ where: 'file', reason: 'aborted', detail: 'The scan was cancelled before the document was read.' });
    return result;
  }
  let dir: ZipDirectory;
  try {
    dir = readDirectory(bytes, ctx.limits.maxArchiveEntries);
  } catch (err) {
    const e = err instanceof EntryError ? err : new EntryError('corrupt', String((err as Error)?.message ?? err));
    result.unread.push({ where: 'file', reason: e.reason, detail: `The OFD package could not be read: ${e.message}.` });
    return result;
  }
  // Sniffing saw the name OFD.xml somewhere in the bytes; an archive without it at its root is no OFD
  // package, unless it holds document roots (Document.xml): an OFD whose entry point was lost.
  if (!dir.entries.some((e) => e.name.toLowerCase() === 'ofd.xml') && !dir.entries.some((e) => documentRoot(e.name))) return extractZip(bytes, ctx);
  const pkg = new OfdPackage(bytes, dir, ctx, result);
  try {
    await readPackage(pkg, result);
  } catch (err) {
    const msg = err instanceof Error ? err.message : String(err);
    if (ctx.signal?.aborted) result.unread.push({ where: 'file', reason: 'aborted', detail: 'The scan was cancelled while the document was being read.' });
    else if (err instanceof EntryError) result.unread.push({ where: 'file', reason: err.reason, detail: `The document could not be read completely: ${msg}.` });
    else result.unread.push({ where: 'file', reason: 'error', detail: `The document could not be read completely: ${msg}.` });
  }
  result.info = { ...result.info, entries: dir.entries.length, inflatedBytes: pkg.inflated };
  if (result.loss.length === 0) delete (result as Extraction).loss;
  return result;
}

async function readPackage(pkg: OfdPackage, result: OfdResult): Promise<void> {
  if (pkg.has('Encryptions.xml')) {
    result.unread.push({ where: 'file', reason: 'encrypted', detail: 'The OFD package is encrypted (GM/T 0099: Encryptions.xml): parts of it are ciphertext that cannot be read without the key, and what it shows in clear may be a placeholder.', origin: { filePart: 'Encryptions.xml' } });
    pkg.xml('Encryptions.xml', 'encryption entry');
  }
  const entry = pkg.entries('OFD.xml')[0];
  if (!entry) {
    await recoverDocuments(pkg, result);
    if (pkg.has('OFDEntries.xml')) readIntegrity(pkg, result);
    pkg.readUnconsumed();
    await leftovers(pkg, result);
    return;
  }
  const ofd = pkg.xml(entry.name, 'the package entry point');
  if (!ofd) {
    if (!result.unread.some((u) => u.where === entry.name)) result.unread.push({ where: entry.name, reason: 'corrupt', detail: 'The package entry point OFD.xml could not be read; no document of the package could be found.' });
  } else {
    if (descendants(ofd, 'Encryptions').length || descendants(ofd, 'Encryption').length) {
      result.unread.push({ where: entry.name, reason: 'encrypted', detail: 'OFD.xml declares encryption: parts of the document are ciphertext that cannot be read without the key.', origin: { filePart: entry.name } });
    }
    const bodies = kids(ofd, 'DocBody');
    if (bodies.length === 0) result.unread.push({ where: entry.name, reason: 'corrupt', detail: 'OFD.xml names no document (no DocBody); nothing of the package could be read as a document.', origin: { filePart: entry.name } });
    result.info.documents = bodies.length;
    for (let i = 0; i < bodies.length; i++) await readDocBody(pkg, result, bodies[i], i + 1, bodies.length);
  }
  if (pkg.has('OFDEntries.xml')) readIntegrity(pkg, result);
  pkg.readUnconsumed();
  await leftovers(pkg, result);
}

/** A document root's entry name (`Doc_0/Document.xml`): below the root, named Document.xml. */
function documentRoot(name: string): boolean {
  return /^[^/]+\/document\.xml$/i.test(name);
}

/**
 * A package without its entry point OFD.xml: what it would have named (document roots) is found by
 * name and read, and the loss of OFD.xml is reported, since whatever it alone held (document
 * metadata, signatures' list, further documents under other names) could not be read.
 */
async function recoverDocuments(pkg: OfdPackage, result: OfdResult): Promise<void> {
  const roots = pkg.names.filter(documentRoot);
  result.unread.push({
    where: 'OFD.xml',
    reason: 'corrupt',
    detail: `The package entry point OFD.xml is missing; ${roots.length} document root${roots.length === 1 ? '' : 's'} found by name (${roots.join(', ')}) ${roots.length === 1 ? 'was' : 'were'} read, but what only OFD.xml names (document metadata, signatures) could not be.`,
    origin: { filePart: 'OFD.xml' },
  });
  result.info.documents = roots.length;
  for (let i = 0; i < roots.length; i++) await readDocument(pkg, result, roots[i], i + 1, roots.length > 1 ? `document ${i + 1}` : '');
}

/** Part ids given so far, per extraction. */
const givenIds = new WeakMap<OfdResult, Set<string>>();

/** `id`, or `id` with a number when a part already has it (a content file two pages name). */
function uniqueId(result: OfdResult, id: string, sep = '#'): string {
  const given = givenIds.get(result) ?? new Set<string>(result.parts.map((p) => p.id));
  givenIds.set(result, given);
  let unique = id;
  for (let k = 2; given.has(unique); k++) unique = `${id}${sep}${k}`;
  given.add(unique);
  return unique;
}

/** Adds the part of `b`, its id made unique first. */
function pushPart(result: OfdResult, b: PartBuilder): void {
  b.id = uniqueId(result, b.id, b.role === 'properties' ? '-' : '#');
  result.parts.push(b.toPart());
}

/** A referenced file that is not in the package. */
function missing(result: OfdResult, path: string, what: string, origin: PartOrigin = {}): void {
  result.unread.push({ where: path, reason: 'corrupt', detail: `The document names ${what} (${path}), but the package does not contain it; it could not be read.`, origin: { ...origin, filePart: path } });
}

/** The first candidate path present in the package, or report the first as missing. */
function locate(pkg: OfdPackage, result: OfdResult, candidates: string[], what: string, origin?: PartOrigin): string | undefined {
  const found = pkg.find(candidates);
  if (!found) missing(result, candidates[0], what, origin);
  return found;
}

async function readDocBody(pkg: OfdPackage, result: OfdResult, body: El, n: number, count: number): Promise<void> {
  const label = count > 1 ? `document ${n}` : '';
  readDocInfo(result, kid(body, 'DocInfo'), n, label);
  const cover = kidLoc(kid(body, 'DocInfo'), 'Cover');
  const rootLoc = kidLoc(body, 'DocRoot');
  let doc: Doc | undefined;
  if (!rootLoc) result.unread.push({ where: 'OFD.xml', reason: 'corrupt', detail: `${label ? `${label[0].toUpperCase()}${label.slice(1)} of the package` : 'The document'} names no document root (DocRoot); its pages could not be found.`, origin: { filePart: 'OFD.xml' } });
  else {
    const path = locate(pkg, result, [resolveLoc('', rootLoc)], `the document root${label ? ` of ${label}` : ''}`);
    if (path) doc = await readDocument(pkg, result, path, n, label);
  }
  if (cover) {
    const p = locate(pkg, result, [resolveLoc('', cover), resolveLoc(doc?.dir ?? '', cover)], 'a cover picture');
    if (p) picture(pkg, result, p, { filePart: p, detail: 'cover picture' });
  }
  for (const v of kids(kid(body, 'Versions'), 'Version')) {
    const loc = v.attrs.BaseLoc;
    const which = `version ${v.attrs.Index ?? v.attrs.ID ?? ''}${label ? ` of ${label}` : ''}`.replace('  ', ' ');
    const p = loc && locate(pkg, result, [resolveLoc('', loc), resolveLoc(doc?.dir ?? '', loc)], `the description of ${which}`);
    if (!p) continue;
    // The files of a version a reader does not show are read with the leftovers, as hidden text, saying so.
    for (const f of descendants(pkg.xml(p, `description of ${which}`), 'File')) {
      const fl = locText(f);
      if (fl) pkg.labels.set(resolveLoc(dirOf(p), fl).toLowerCase(), `file of document ${which}${v.attrs.Current === 'true' ? ' (the current version)' : ' (not the version shown)'}`);
    }
  }
  const sigLoc = kidLoc(body, 'Signatures');
  if (sigLoc) {
    const p = locate(pkg, result, [resolveLoc('', sigLoc), resolveLoc(doc?.dir ?? '', sigLoc)], 'the signature list');
    if (p) await readSignatures(pkg, result, p, doc, label);
  }
}

const DOC_INFO_FIELDS = ['Title', 'Author', 'Subject', 'Abstract', 'DocUsage', 'Creator'];

function readDocInfo(result: OfdResult, info: El | undefined, n: number, label: string): void {
  if (!info) return;
  const prefix = n > 1 ? `OFD.xml#doc${n}-` : 'OFD.xml#';
  const emit = (name: string, text: string) => {
    const t = text.trim();
    if (!t) return;
    const id = `${prefix}${name}`;
    const b = new PartBuilder(id, 'properties', { filePart: 'OFD.xml', detail: label ? `${label}: ${name}` : name });
    for (const line of t.split(/\r?\n/)) b.append(line), b.endParagraph({ kind: 'paragraph' });
    pushPart(result, b);
  };
  for (const f of DOC_INFO_FIELDS) for (const el of kids(info, f)) emit(f, el.text);
  const keywords = kids(kid(info, 'Keywords'), 'Keyword').map((k) => k.text.trim()).filter(Boolean);
  if (keywords.length) emit('Keywords', keywords.join('\n'));
  // Custom data names are chosen by people (密级, 保密期限): the name stays with the value.
  // A name written without a value (`<CustomData Name="密级：机密"/>`) is read as it stands.
  for (const cd of kids(kid(info, 'CustomDatas'), 'CustomData')) {
    if (cd.text.trim()) emit(`CustomData ${cd.attrs.Name ?? ''}`.trim(), `${cd.attrs.Name ? `${cd.attrs.Name}：` : ''}${cd.text.trim()}`);
    else if (cd.attrs.Name?.trim()) emit(`CustomData ${cd.attrs.Name.trim()}`, cd.attrs.Name);
  }
}

function loadResources(pkg: OfdPackage, result: OfdResult, path: string, res: Resources): void {
  const root = pkg.xml(path, 'resources');
  if (!root) return;
  const here = dirOf(path);
  const base = root.attrs.BaseLoc ? resolveLoc(here, root.attrs.BaseLoc) : here;
  const candidates = (file: string) => [resolveLoc(base, file), resolveLoc(here, file), resolveLoc('', file), resolveLoc(dirOf(here), file)];
  for (const mm of descendants(root, 'MultiMedia')) {
    const file = kidLoc(mm, 'MediaFile');
    if (!mm.attrs.ID || !file) continue;
    const c = candidates(file);
    res.media.set(mm.attrs.ID, { path: pkg.find(c) ?? c[0], format: mm.attrs.Format, type: mm.attrs.Type });
  }
  for (const font of descendants(root, 'Font')) {
    if (font.attrs.ID) res.fonts.set(font.attrs.ID, font.attrs.FontName ?? '');
    const file = kidLoc(font, 'FontFile');
    // Not skipped by name: the leftovers pass over it when it is a font program, and read it when it is not.
    const p = file && pkg.find(candidates(file));
    if (p) pkg.labels.set(p.toLowerCase(), `named as the font file of font ${font.attrs.ID ?? '?'}${font.attrs.FontName ? ` (${font.attrs.FontName})` : ''}, but not a font program`);
  }
  for (const unit of descendants(root, 'CompositeGraphicUnit')) if (unit.attrs.ID) res.composites.set(unit.attrs.ID, unit);
  for (const cs of descendants(root, 'ColorSpace')) if (cs.attrs.ID) res.colourSpaces.set(cs.attrs.ID, { type: cs.attrs.Type ?? 'RGB', bits: [1, 2, 4, 8, 16].includes(Number(cs.attrs.BitsPerComponent)) ? Number(cs.attrs.BitsPerComponent) : 8 });
  for (const dp of descendants(root, 'DrawParam')) if (dp.attrs.ID) res.drawParams.set(dp.attrs.ID, dp);
}

async function readDocument(pkg: OfdPackage, result: OfdResult, path: string, n: number, label: string): Promise<Doc | undefined> {
  const root = pkg.xml(path, 'document root');
  if (!root) return undefined;
  const docDir = dirOf(path);
  const common = kid(root, 'CommonData');
  const doc: Doc = { n, label, path, dir: docDir, area: boxOf(numberText(kid(kid(common, 'PageArea'), 'PhysicalBox'))) ?? DEFAULT_AREA, res: new Resources(), pageById: new Map(), firstBody: true, shownByPage: new Map(), shown: new Map(), trees: new Map(), annotFiles: new Map() };
  for (const r of [...kids(common, 'PublicRes'), ...kids(common, 'DocumentRes')]) {
    const loc = locText(r);
    if (!loc) continue;
    const p = locate(pkg, result, [resolveLoc(docDir, loc), resolveLoc('', loc)], 'a resource list');
    if (p) loadResources(pkg, result, p, doc.res);
  }
  const pages = descendants(kid(root, 'Pages'), 'Page');
  pages.forEach((p, i) => p.attrs.ID && !doc.pageById.has(p.attrs.ID) && doc.pageById.set(p.attrs.ID, i + 1));
  result.info.pages = (Number(result.info.pages) || 0) + pages.length;
  const templates = kids(common, 'TemplatePage');
  const templateUse = new Map<string, number[]>();
  // Which annotation files lie over which page: their fills are painted over the page's text.
  const annotList = kidLoc(root, 'Annotations');
  const annotPath = annotList && [resolveLoc(docDir, annotList), resolveLoc('', annotList)].find((c) => pkg.has(c));
  if (annotPath) {
    const list = docXml(pkg, doc, annotPath, 'annotation list');
    for (const pg of kids(list, 'Page')) {
      const loc = kidLoc(pg, 'FileLoc');
      const page = doc.pageById.get(pg.attrs.PageID ?? '');
      const file = loc && page && [resolveLoc(dirOf(annotPath), loc), resolveLoc(docDir, loc), resolveLoc('', loc)].find((c) => pkg.has(c));
      if (file && page) doc.annotFiles.set(page, [...(doc.annotFiles.get(page) ?? []), file]);
    }
  }
  const seenPaths = new Map<string, number>();
  for (let i = 0; i < pages.length; i++) {
    const loc = pages[i].attrs.BaseLoc;
    const where = `${label ? `${label}, ` : ''}page ${i + 1}`;
    if (!loc) {
      result.unread.push({ where, reason: 'corrupt', detail: `${where} names no content file (BaseLoc); the page could not be read.`, origin: { filePart: path, page: i + 1 } });
      continue;
    }
    const p = locate(pkg, result, [resolveLoc(docDir, loc), resolveLoc('', loc)], `the content of ${where}`, { page: i + 1 });
    if (!p) continue;
    const k = (seenPaths.get(p.toLowerCase()) ?? 0) + 1;
    seenPaths.set(p.toLowerCase(), k);
    readPage(pkg, result, doc, p, i + 1, k, templateUse, templates);
    await pkg.checkpoint();
  }
  for (const t of templates) {
    const loc = t.attrs.BaseLoc;
    if (!loc) continue;
    const p = locate(pkg, result, [resolveLoc(docDir, loc), resolveLoc('', loc)], `template page ${t.attrs.Name ?? t.attrs.ID ?? ''}`.trim());
    if (!p) continue;
    readTemplate(pkg, result, doc, p, t, templateUse.get(t.attrs.ID ?? '') ?? []);
    await pkg.checkpoint();
  }
  const annots = kidLoc(root, 'Annotations');
  if (annots) {
    const p = locate(pkg, result, [resolveLoc(docDir, annots), resolveLoc('', annots)], 'the annotation list');
    if (p) await readAnnotations(pkg, result, doc, p);
  }
  const attachments = kidLoc(root, 'Attachments');
  if (attachments) {
    const p = locate(pkg, result, [resolveLoc(docDir, attachments), resolveLoc('', attachments)], 'the attachment list');
    if (p) readAttachments(pkg, result, doc, p);
  }
  const tags = kidLoc(root, 'CustomTags');
  if (tags) {
    const p = locate(pkg, result, [resolveLoc(docDir, tags), resolveLoc('', tags)], 'the custom tag list');
    if (p) readCustomTags(pkg, result, p);
  }
  const ext = kidLoc(root, 'Extensions');
  if (ext) {
    const p = locate(pkg, result, [resolveLoc(docDir, ext), resolveLoc('', ext)], 'the extension list');
    if (p) xmlPart(pkg, result, p, 'metadata', 'extensions');
  }
  readShownPages(result, doc);
  readOutline(result, root, path, label);
  // Composite units no page, template or annotation draws: in the file, shown nowhere.
  for (const [id, unit] of doc.res.composites) {
    if (doc.res.drawnComposites.has(id)) continue;
    const origin: PartOrigin = { filePart: path, detail: `${label ? `${label}: ` : ''}composite graphic unit ${id}, drawn on no page` };
    const lines = new PageLines(`${path}#composite-${id}`, 'hidden', origin, { width: 0, height: 0 });
    const t = target(pkg, result, doc, lines, lines, [0, 0, Number.MAX_VALUE, Number.MAX_VALUE], undefined);
    const content = kid(unit, 'Content');
    if (content) draw(content, IDENTITY, t);
    reportDraw(result, t, `composite graphic unit ${id}`, origin);
    pushParts(result, lines);
  }
  return doc;
}

/** Builds the draw target of one page-like part. */
function target(pkg: OfdPackage, result: OfdResult, doc: Doc, visible: PageLines, hidden: PageLines, area: [number, number, number, number], page: number | undefined): DrawTarget {
  const t: DrawTarget = {
    visible,
    hidden,
    res: doc.res,
    width: area[2],
    height: area[3],
    glyphs: 0,
    lostGlyphs: 0,
    missing: [],
    onImage(id, rect, upright) {
      const media = doc.res.media.get(id);
      const where = visible.origin.filePart ?? doc.path;
      if (!media) {
        result.unread.push({ where: `${where}#picture-${id}`, reason: 'corrupt', detail: `A picture on ${page ? `page ${page}` : 'this part'} uses resource ${id}, which no resource list defines; the picture could not be read.`, origin: { filePart: where, ...(page ? { page } : {}), box: toBox(rect) } });
        return;
      }
      if (!pkg.has(media.path)) {
        missing(result, media.path, `a picture${page ? ` on page ${page}` : ''}`, { ...(page ? { page } : {}), box: toBox(rect) });
        return;
      }
      picture(pkg, result, media.path, { filePart: media.path, ...(page ? { page } : {}), box: toBox(rect), detail: `picture on ${visible.origin.detail ?? (page ? `page ${page}` : where)}` }, upright);
    },
  };
  return t;
}

/**
 * A picture drawn upright at its box: OCR's pixel boxes are mapped onto the page (points from the
 * top left), as for pictures on PDF pages. Stretched, rotated or unmeasurable pictures keep pixel boxes.
 */
function placed(image: ImageRef, upright: boolean): ImageRef {
  const box = image.origin.box;
  const size = upright && box ? pixelSize(image.bytes) : undefined;
  if (!box || !size) return image;
  const kx = box.width / size.width;
  const ky = box.height / size.height;
  if (!(kx > 0) || Math.abs(kx - ky) > 0.02 * kx) return image;
  return { ...image, pointsPerPixel: kx, pointsOffset: { x: box.x, y: box.y } };
}

/** Pictures read once each (a logo on every page is one picture). */
const readPictures = new WeakMap<OfdPackage, Set<string>>();

/** A picture file: to OCR, or to the scan when it is a package, or unread when OCR cannot read its format. */
function picture(pkg: OfdPackage, result: OfdResult, path: string, origin: PartOrigin, upright = false): void {
  const seen = readPictures.get(pkg) ?? new Set<string>();
  readPictures.set(pkg, seen);
  if (seen.has(path.toLowerCase())) return;
  seen.add(path.toLowerCase());
  const data = pkg.read(path);
  if (!data || data.length === 0) return;
  const media = sniffImage(data);
  const kind = sniffBinary(data);
  if (media) result.images.push(placed({ id: path, bytes: data, mediaType: media, origin }, upright));
  else if (kind === 'zip' || kind === 'pdf') result.embedded.push({ name: path.split('/').pop()!, bytes: data, origin });
  else if (kind === 'svg') xmlPart(pkg, result, path, 'body', origin.detail ?? 'SVG picture', data, origin);
  else result.unread.push({ where: path, reason: 'unsupported-format', detail: `${path.split('/').pop()} is a picture in a format OCR does not read (for example JBIG2); what it shows was not read.`, origin });
}

export function reportDraw(result: OfdResult, t: DrawTarget, where: string, origin: PartOrigin, format = 'OFD'): void {
  // A glyph painted over by another: the page shows the one on top, the other is hidden text; and
  // since both are ink, which of the two a person reads cannot be told from the file.
  // Text under an opaque box painted over it (a redaction drawn as a shape) is not seen.
  const covered = t.backdrops ? t.visible.take((g) => coveredLater(t, g)) : [];
  if (t.hidden !== t.visible) for (const g of covered) t.hidden.glyph(g);
  if (t.unsure) {
    result.loss.push({ where, kind: 'other', count: t.unsure, total: t.glyphs, detail: `On ${where}, ${t.unsure} glyph${t.unsure > 1 ? 's are' : ' is'} drawn under a clip whose area is not a path (text used as a clip): whether ${t.unsure > 1 ? 'they show' : 'it shows'} was not weighed.`, origin });
  }
  // Text a picture is painted over afterwards: a white picture over 开 in 机开密★5年 shows 机 密★5年.
  // Pages are not rendered, so what shows there is not known: a loss.
  const pictured = t.backdrops ? t.visible.count((g) => underLaterPicture(t, g)) : 0;
  if (pictured > 0) {
    result.loss.push({ where, kind: 'other', count: pictured, total: t.glyphs, detail: `On ${where}, ${pictured} character${pictured > 1 ? 's lie' : ' lies'} under a picture painted after ${pictured > 1 ? 'them' : 'it'}: ${format} pages are not rendered, so whether ${pictured > 1 ? 'they show' : 'it shows'} was not weighed.`, origin });
  }
  const over = t.visible.takeOverdrawn();
  if (t.hidden !== t.visible) for (const g of over.hidden) t.hidden.glyph(g);
  if (over.pairs.length > 0) {
    const k = over.pairs.length;
    const shown = over.pairs.slice(0, 3).map((p) => `${p.under} under ${p.over}`).join(', ');
    result.loss.push({ where, kind: 'other', count: k, total: t.glyphs, detail: `On ${where}, ${k} glyph${k > 1 ? 's are' : ' is'} painted over by a glyph of another character (${shown}${k > 3 ? ', …' : ''}): the line can be read either way, and the reading with the glyph underneath is not the text of the page.`, origin });
  }
  if (t.lostGlyphs > 0) {
    result.loss.push({ where, kind: 'unmapped-glyphs', count: t.lostGlyphs, total: t.glyphs, detail: `${t.lostGlyphs} of ${t.glyphs} glyphs on ${where} are drawn from glyph ids without text (a font without a Unicode mapping); what they say was not read`, origin });
  }
  if (t.capped) result.unread.push({ where, reason: 'limit', detail: `${t.capped} glyphs on ${where} beyond the limit of ${MAX_PART_GLYPHS} per page were not read.`, origin });
  if (t.cut) result.unread.push({ where, reason: 'limit', detail: `${t.cut} characters of text codes on ${where} beyond the limit of ${MAX_CODE_GLYPHS} per text code were not read.`, origin });
  for (const m of t.missing) result.unread.push({ where, reason: 'corrupt', detail: `A ${m} on ${where} could not be drawn: its resource is missing; what it shows was not read.`, origin });
}

/** Fewer characters than this shown on a page that draws paths: its words may be outlines (the PDF reader's rule for pages it would render). */
const MIN_SHOWN_CHARS = 20;

/**
 * A page (or a stamp or watermark) drawn with paths and showing next to no text: text converted to
 * outlines, a marking or a seal's words drawn as curves. Nothing is rendered here, so what the paths
 * say is unread, as the PDF reader's page would be without rendering.
 */
function outlines(result: OfdResult, t: DrawTarget, where: string, origin: PartOrigin, min = MIN_SHOWN_CHARS): void {
  if (!t.paths || (t.shown ?? 0) >= min) return;
  result.unread.push({ where, reason: 'unsupported-format', detail: `${where[0].toUpperCase()}${where.slice(1)} draws ${t.paths} path${t.paths > 1 ? 's' : ''} and shows ${t.shown ? `only ${t.shown} characters of` : 'no'} text: its words may be drawn as outlines, and OFD pages are not rendered for OCR; what the paths show was not read.`, origin });
}

/** More outlined lines than this on one page are reported as one area (their bounding box). */
const MAX_OUTLINE_AREAS = 4;

/**
 * Lines of glyph-shaped filled paths where no character of the text stands (text converted to
 * outlines next to real text: a 机密★5年 line outlined above a body of text). Nothing is rendered
 * here, so each such area is unread with its box: the page can no longer pass on the strength of
 * the text around it (the rule in `outlines` covers pages with next to no text).
 */
function outlinedText(result: OfdResult, t: DrawTarget, where: string, origin: PartOrigin): void {
  if (!t.shapes?.length) return;
  let areas = outlinedTextAreas(t.shapes, t.textBoxes ?? []);
  if (areas.length === 0) return;
  if (areas.length > MAX_OUTLINE_AREAS) areas = [{ x0: Math.min(...areas.map((a) => a.x0)), y0: Math.min(...areas.map((a) => a.y0)), x1: Math.max(...areas.map((a) => a.x1)), y1: Math.max(...areas.map((a) => a.y1)) }];
  const r2 = (v: number): number => Math.round(v * 100) / 100;
  for (const a of areas) {
    const box = { x: r2(a.x0), y: r2(a.y0), width: r2(a.x1 - a.x0), height: r2(a.y1 - a.y0), unit: 'pt' as const };
    result.unread.push({
      where,
      reason: 'unsupported-format',
      detail: `${where[0].toUpperCase()}${where.slice(1)} draws a line of glyph-shaped paths where its text has no characters (text converted to outlines, at ${box.x}, ${box.y} pt); OFD pages are not rendered for OCR, so what they show was not read.`,
      origin: { ...origin, box },
    });
  }
}

function pushParts(result: OfdResult, ...lines: PageLines[]): boolean {
  let any = false;
  for (const l of lines) {
    const b = l.build();
    if (l.crowded) result.unread.push({ where: l.origin.filePart ?? l.id, reason: 'limit', detail: `${l.crowded} line${l.crowded > 1 ? 's' : ''} of ${l.origin.filePart ?? l.id} draw runs across one another too many times for the rows to be told apart; read as drawn, a marking set over or under other text may read into them.`, origin: l.origin });
    if (!b) continue;
    pushPart(result, b);
    any = true;
  }
  return any;
}

/** A template page's or annotation file's tree, parsed once per document (damage reported by the first reading). */
function docXml(pkg: OfdPackage, doc: Doc, path: string, what: string, origin?: PartOrigin): El | undefined {
  const key = path.toLowerCase();
  if (doc.trees.has(key)) return doc.trees.get(key);
  const root = pkg.xml(path, what, origin);
  doc.trees.set(key, root);
  return root;
}

/**
 * Paints into the page's backdrops (`t.backdrops`, shared) what the given template pages and
 * annotation files draw, their text left to their own parts: only where they paint and in what
 * colour matters here (a band under the page's white text, a box over its glyphs).
 */
function paintAround(pkg: OfdPackage, doc: Doc, t: DrawTarget, refs: El[], templates: El[], annotFiles: string[]): void {
  if (refs.length === 0 && annotFiles.length === 0) return;
  const scratch = new PageLines('', 'hidden', {}, { width: t.width, height: t.height });
  const paint = (): DrawTarget => ({ ...t, visible: scratch, hidden: scratch, onImage: () => {}, glyphs: 0, lostGlyphs: 0, missing: [], placed: 0, paths: 0, shown: 0, shapes: undefined, textBoxes: undefined });
  for (const ref of refs) {
    const tpl = templates.find((tp) => tp.attrs.ID === ref.attrs.TemplateID);
    const loc = tpl?.attrs.BaseLoc;
    const path = loc && [resolveLoc(doc.dir, loc), resolveLoc('', loc)].find((c) => pkg.has(c));
    const content = path ? kid(docXml(pkg, doc, path, `template page ${tpl.attrs.Name ?? tpl.attrs.ID ?? ''}`.trim()), 'Content') : undefined;
    if (content) draw(content, IDENTITY, paint());
  }
  for (const file of annotFiles) {
    for (const annot of kids(docXml(pkg, doc, file, 'annotations'), 'Annot')) {
      const appearance = kid(annot, 'Appearance');
      if (!appearance || annot.attrs.Visible === 'false') continue;
      const b = boxOf(appearance.attrs.Boundary);
      draw(appearance, translate(b?.[0] ?? 0, b?.[1] ?? 0), paint());
    }
  }
}

function readPage(pkg: OfdPackage, result: OfdResult, doc: Doc, path: string, page: number, copy: number, templateUse: Map<string, number[]>, templates: El[]): void {
  const where = `${doc.label ? `${doc.label}, ` : ''}page ${page}`;
  const origin: PartOrigin = { filePart: path, page, ...(doc.label ? { detail: where } : {}) };
  const root = pkg.xml(path, `content of ${where}`, origin);
  if (!root) return;
  const area = boxOf(numberText(kid(kid(root, 'Area'), 'PhysicalBox'))) ?? doc.area;
  for (const r of kids(root, 'PageRes')) {
    const loc = locText(r);
    const p = loc && locate(pkg, result, [resolveLoc(dirOf(path), loc), resolveLoc(doc.dir, loc), resolveLoc('', loc)], `the resources of ${where}`, { page });
    if (p) loadResources(pkg, result, p, doc.res);
  }
  for (const t of kids(root, 'Template')) {
    const id = t.attrs.TemplateID ?? '';
    if (!templates.some((tp) => tp.attrs.ID === id)) {
      result.unread.push({ where, reason: 'corrupt', detail: `${where} is drawn on template page ${id || '(no ID)'}, which the document does not define; what the template shows could not be read.`, origin });
      continue;
    }
    const list = templateUse.get(id) ?? [];
    if (!list.includes(page)) list.push(page);
    templateUse.set(id, list);
  }
  const suffix = copy > 1 ? `#page-${page}` : '';
  const leading = doc.firstBody;
  const visible = new PageLines(path + suffix, 'body', origin, { width: area[2], height: area[3] }, leading);
  const hidden = new PageLines(`${path}${suffix}#hidden`, 'hidden', { ...origin, detail: `${where}: text drawn invisibly or outside the page` }, { width: area[2], height: area[3] });
  const t = target(pkg, result, doc, visible, hidden, area, page);
  t.rings = { boxes: [], dropped: 0 };
  const content = kid(root, 'Content');
  // The page's glyphs are weighed against what its templates paint under them and what its
  // foreground templates and annotations paint over them, as a reader draws the page.
  t.backdrops = new PaintedArea(t.width, t.height);
  const refs = kids(root, 'Template');
  const zOrder = (ref: El): string => (ref.attrs.ZOrder ?? templates.find((tp) => tp.attrs.ID === ref.attrs.TemplateID)?.attrs.ZOrder ?? 'Background').trim().toLowerCase();
  paintAround(pkg, doc, t, refs.filter((r) => zOrder(r) !== 'foreground'), templates, []);
  if (content) draw(content, IDENTITY, t);
  t.backdrops.picturesOff = true;
  paintAround(pkg, doc, t, refs.filter((r) => zOrder(r) === 'foreground'), templates, doc.annotFiles.get(page) ?? []);
  t.backdrops.picturesOff = false;
  reportDraw(result, t, where, origin);
  outlines(result, t, where, origin);
  if ((t.shown ?? 0) >= MIN_SHOWN_CHARS) outlinedText(result, t, where, origin);
  doc.shownByPage.set(page, t.shown ?? 0);
  if (!doc.shown.has(page)) doc.shown.set(page, { path: path + suffix, area, sources: [visible.glyphList()] });
  // A form's option circled or boxed (密级：绝密 [机密] 秘密), on the page or by an annotation: the row read as that choice.
  const circled = circledChoices(visible.glyphList(), t.rings.boxes, t.rings.dropped);
  if (circled.readings.length) {
    const b = new PartBuilder(`${path}${suffix}#circled-choice`, 'body', { ...origin, detail: `${where}: rows of a form with one option circled or boxed, read as that option chosen` });
    for (const r of circled.readings) (b.append(r), b.endParagraph({ kind: 'paragraph', page }));
    pushPart(result, b);
  }
  if (circled.unclear.length) result.unread.push({ where, reason: 'unsupported-format', detail: `${where} has ${circled.unclear.length} row(s) listing a form's levels with a ring or box drawn over them that encloses no option cleanly (${circled.unclear.slice(0, 3).map((x) => `“${x}”`).join(', ')}): which option it marks was not worked out.`, origin });
  if (circled.truncated) result.unread.push({ where, reason: 'limit', detail: `${where} has a 密级 label and more rings and boxes than are weighed for a form's option circled: a choice marked among them may not have been read.`, origin });
  if (pushParts(result, visible) && leading) doc.firstBody = false;
  pushParts(result, hidden);
}

function readTemplate(pkg: OfdPackage, result: OfdResult, doc: Doc, path: string, tpl: El, pages: number[]): void {
  const name = tpl.attrs.Name ? `${tpl.attrs.Name} (ID ${tpl.attrs.ID ?? '?'})` : `ID ${tpl.attrs.ID ?? '?'}`;
  const shown = pages.length > 0;
  const on = pages.length > 12 ? `${pages.slice(0, 12).join(', ')} … (${pages.length} pages)` : pages.join(', ');
  const detail = `${doc.label ? `${doc.label}: ` : ''}template page ${name}, ${shown ? `drawn on page${pages.length > 1 ? 's' : ''} ${on}` : 'used by no page'}`;
  const origin: PartOrigin = { filePart: path, ...(shown ? { page: pages[0] } : {}), detail };
  const root = docXml(pkg, doc, path, `template page ${name}`, origin);
  if (!root) return;
  const area = boxOf(numberText(kid(kid(root, 'Area'), 'PhysicalBox'))) ?? doc.area;
  // A template no page uses is not shown: its text is hidden content.
  const role: PartRole = shown ? 'master' : 'hidden';
  const visible = new PageLines(path, role, origin, { width: area[2], height: area[3] });
  const hidden = new PageLines(`${path}#hidden`, 'hidden', { ...origin, detail: `${detail}: text drawn invisibly or outside the page` }, { width: area[2], height: area[3] });
  const t = target(pkg, result, doc, visible, hidden, area, shown ? pages[0] : undefined);
  const content = kid(root, 'Content');
  if (content) draw(content, IDENTITY, t);
  reportDraw(result, t, `template page ${name}`, origin);
  // A template of paths behind a page that shows next to no text with it: the words may be the template's outlines.
  const bare = pages.filter((pg) => (doc.shownByPage.get(pg) ?? 0) + (t.shown ?? 0) < MIN_SHOWN_CHARS);
  if (t.paths && bare.length) outlines(result, t, `template page ${name} (behind page${bare.length > 1 ? 's' : ''} ${bare.slice(0, 12).join(', ')})`, origin);
  // Outlined lines in a template shown behind pages of text (checked against the template's own text).
  else if (shown) outlinedText(result, t, `template page ${name}`, origin);
  const glyphs = visible.glyphList();
  if (glyphs.length) for (const pg of pages) doc.shown.get(pg)?.sources.push(glyphs);
  pushParts(result, visible, hidden);
}

async function readAnnotations(pkg: OfdPackage, result: OfdResult, doc: Doc, path: string): Promise<void> {
  const root = docXml(pkg, doc, path, 'annotation list');
  if (!root) return;
  for (const pg of kids(root, 'Page')) {
    const loc = kidLoc(pg, 'FileLoc');
    if (!loc) continue;
    const page = doc.pageById.get(pg.attrs.PageID ?? '');
    const what = page ? `the annotations of page ${page}` : `annotations of a page the document does not have (ID ${pg.attrs.PageID ?? 'none'})`;
    const p = locate(pkg, result, [resolveLoc(dirOf(path), loc), resolveLoc(doc.dir, loc), resolveLoc('', loc)], what, page ? { page } : {});
    if (!p) continue;
    readPageAnnotations(pkg, result, doc, p, page, pg.attrs.PageID);
    await pkg.checkpoint();
  }
}

function readPageAnnotations(pkg: OfdPackage, result: OfdResult, doc: Doc, path: string, page: number | undefined, pageId: string | undefined): void {
  const where = page ? `${doc.label ? `${doc.label}, ` : ''}annotations of page ${page}` : `annotations of page ID ${pageId ?? '?'} (no such page)`;
  const origin: PartOrigin = { filePart: path, ...(page ? { page } : {}), detail: where };
  const root = docXml(pkg, doc, path, where, origin);
  if (!root) return;
  // Annotations of a page the document does not have are shown nowhere.
  const visible = new PageLines(path, page ? 'annotation' : 'hidden', origin, { width: doc.area[2], height: doc.area[3] });
  const hidden = new PageLines(`${path}#hidden`, 'hidden', { ...origin, detail: `${where}: hidden annotations and parameters` }, { width: doc.area[2], height: doc.area[3] });
  const t = target(pkg, result, doc, visible, hidden, doc.area, page);
  for (const annot of kids(root, 'Annot')) {
    const invisible = annot.attrs.Visible === 'false';
    const into = invisible ? hidden : visible;
    const appearance = kid(annot, 'Appearance');
    if (appearance) {
      const b = boxOf(appearance.attrs.Boundary);
      const sub: DrawTarget = { ...t, visible: into, hidden, onImage: t.onImage, glyphs: 0, lostGlyphs: 0, missing: [] };
      draw(appearance, translate(b?.[0] ?? 0, b?.[1] ?? 0), sub, 0, invisible);
      // A stamp or watermark drawn as paths only (a seal's words, 机密 as curves): what it says is unknown.
      if (annot.attrs.Type === 'Stamp' || annot.attrs.Type === 'Watermark') outlines(result, sub, `${where}: ${annot.attrs.Type === 'Stamp' ? 'stamp' : 'watermark'} annotation ${annot.attrs.ID ?? ''}`.trim(), origin, 1);
      t.glyphs += sub.glyphs;
      t.lostGlyphs += sub.lostGlyphs;
      t.missing.push(...sub.missing);
      t.placed = sub.placed;
      t.capped = sub.capped;
      t.cut = sub.cut;
      t.unsure = sub.unsure;
    }
    const remark = kidText(annot, 'Remark');
    if (remark) into.line(remark);
    for (const par of descendants(annot, 'Parameter')) if (par.text.trim()) hidden.line(`${par.attrs.Name ? `${par.attrs.Name}：` : ''}${par.text.trim()}`);
  }
  reportDraw(result, t, where, origin);
  const glyphs = page ? visible.glyphList() : [];
  if (glyphs.length) doc.shown.get(page!)?.sources.push(glyphs);
  pushParts(result, visible, hidden);
}

/**
 * Lines a page shows from more than one source — its own text, the template pages drawn under or
 * over it, its annotations — read together as the page shows them (`#as-shown`): 机 on a template
 * and 密★5年 on the page, or 密★5年 in a stamp annotation beside the page's 机, read 机密★5年 only so.
 * Each source is also read on its own; the lines so joined are read again here.
 */
function readShownPages(result: OfdResult, doc: Doc): void {
  for (const [page, { path, area, sources }] of doc.shown) {
    if (sources.length < 2) continue;
    const glyphs = linesAcross(sources);
    if (!glyphs.length) continue;
    const where = `${doc.label ? `${doc.label}, ` : ''}page ${page}`;
    const lines = new PageLines(`${path}#as-shown`, 'body', { filePart: path, page, detail: `${where} as shown: its text with its template pages and annotations` }, { width: area[2], height: area[3] });
    for (const g of glyphs) lines.glyph(g);
    pushParts(result, lines);
  }
}

function readAttachments(pkg: OfdPackage, result: OfdResult, doc: Doc, path: string): void {
  const root = pkg.xml(path, 'attachment list');
  if (!root) return;
  const names = new PartBuilder(`${path}#names`, 'attachment-name', { filePart: path, detail: `${doc.label ? `${doc.label}: ` : ''}names of the attached files` });
  for (const att of kids(root, 'Attachment')) {
    const name = (att.attrs.Name ?? '').trim();
    const loc = kidLoc(att, 'FileLoc');
    if (name) names.append(att.attrs.Format && !name.toLowerCase().endsWith(`.${att.attrs.Format.toLowerCase()}`) ? `${name}.${att.attrs.Format}` : name), names.endParagraph({ kind: 'paragraph' });
    if (!loc) continue;
    const p = locate(pkg, result, [resolveLoc(dirOf(path), loc), resolveLoc(doc.dir, loc), resolveLoc('', loc)], `the attached file ${name || loc}`);
    if (!p) continue;
    const data = pkg.read(p);
    if (!data || data.length === 0) continue;
    const base = p.split('/').pop()!;
    // The file's own name tells the scan its type best; the attachment's name is how a reader lists it.
    const fileName = /\.[A-Za-z0-9]{1,8}$/.test(base) ? base : name && att.attrs.Format ? `${name}.${att.attrs.Format}` : name || base;
    result.embedded.push({ name: fileName, bytes: data, origin: { filePart: p, detail: `attachment ${name || base}${att.attrs.Visible === 'false' ? ' (not listed to the reader)' : ''}` } });
  }
  if (!names.blank) pushPart(result, names);
}

function readCustomTags(pkg: OfdPackage, result: OfdResult, path: string): void {
  const root = pkg.xml(path, 'custom tag list');
  if (!root) return;
  for (const tag of kids(root, 'CustomTag')) {
    const loc = kidLoc(tag, 'FileLoc');
    if (!loc) continue;
    const p = locate(pkg, result, [resolveLoc(dirOf(path), loc), resolveLoc('', loc)], 'a custom tag file');
    if (p) xmlPart(pkg, result, p, 'metadata', `custom tags${tag.attrs.NameSpace ? ` (${tag.attrs.NameSpace})` : ''}`);
    const schema = kidLoc(tag, 'SchemaLoc');
    if (schema) pkg.skip(resolveLoc(dirOf(path), schema));
  }
}

function readOutline(result: OfdResult, root: El, path: string, label: string): void {
  const b = new PartBuilder(`${path}#outline`, 'bookmark', { filePart: path, detail: `${label ? `${label}: ` : ''}outline and bookmarks` });
  for (const o of descendants(kid(root, 'Outlines'), 'OutlineElem')) if (o.attrs.Title?.trim()) b.append(o.attrs.Title.trim()), b.endParagraph({ kind: 'paragraph' });
  for (const m of descendants(kid(root, 'Bookmarks'), 'Bookmark')) if (m.attrs.Name?.trim()) b.append(m.attrs.Name.trim()), b.endParagraph({ kind: 'paragraph' });
  if (!b.blank) pushPart(result, b);
}

async function readSignatures(pkg: OfdPackage, result: OfdResult, path: string, doc: Doc | undefined, label: string): Promise<void> {
  const root = pkg.xml(path, 'signature list');
  if (!root) return;
  for (const sig of kids(root, 'Signature')) {
    const loc = sig.attrs.BaseLoc;
    if (!loc) continue;
    const p = locate(pkg, result, [resolveLoc(dirOf(path), loc), resolveLoc('', loc)], `signature ${sig.attrs.ID ?? ''}`.trim());
    if (p) readSignature(pkg, result, p, doc, label, sig.attrs.Type);
    await pkg.checkpoint();
  }
}

function readSignature(pkg: OfdPackage, result: OfdResult, path: string, doc: Doc | undefined, label: string, type: string | undefined): void {
  const root = pkg.xml(path, 'signature');
  if (!root) return;
  const info = kid(root, 'SignedInfo');
  const meta = new PartBuilder(`${path}#signer`, 'metadata', { filePart: path, detail: `${label ? `${label}: ` : ''}signature${type ? ` (${type})` : ''}` });
  const provider = kid(info, 'Provider');
  for (const v of [provider?.attrs.ProviderName, provider?.attrs.Company]) if (v?.trim()) meta.append(v.trim()), meta.endParagraph({ kind: 'paragraph' });
  if (!meta.blank) pushPart(result, meta);
  const stamps = kids(info, 'StampAnnot');
  const first = stamps[0];
  const page = first && doc ? doc.pageById.get(first.attrs.PageRef ?? '') : undefined;
  const rect = boxOf(first?.attrs.Boundary);
  const origin: PartOrigin = { filePart: path, ...(page ? { page } : {}), ...(rect ? { box: toBox([rect[0], rect[1], rect[0] + rect[2], rect[1] + rect[3]]) } : {}), detail: `stamp of the signature ${path}${stamps.length > 1 ? ` (on ${stamps.length} places)` : ''}` };
  let pictures = 0;
  const files: string[] = [];
  const sealLoc = kidLoc(kid(info, 'Seal'), 'BaseLoc');
  if (sealLoc) {
    const p = locate(pkg, result, [resolveLoc(dirOf(path), sealLoc), resolveLoc('', sealLoc)], 'an electronic seal');
    if (p) files.push(p);
  }
  const valueLoc = kidLoc(root, 'SignedValue');
  if (valueLoc) {
    const p = locate(pkg, result, [resolveLoc(dirOf(path), valueLoc), resolveLoc('', valueLoc)], 'a signed value');
    if (p) files.push(p);
  }
  for (const f of files) {
    const data = pkg.read(f);
    if (!data) continue;
    const pics = sealPictures(data);
    // Not a seal structure: the file itself (a bare picture, a package, text some producer wrote) is read as it is.
    if (pics.length === 0) {
      const kind = looseFile(pkg, result, f, f, data, { ...origin, filePart: f }, 'annotation');
      if (kind === 'image') result.images[result.images.length - 1] = placed(result.images[result.images.length - 1], true);
      if (kind === 'image' || kind === 'package') pictures++;
    }
    pics.forEach((pic, k) => {
      pictures++;
      const o = { ...origin, filePart: f };
      if (pic.kind === 'image') result.images.push(placed({ id: `${f}#picture-${k + 1}`, bytes: pic.bytes, mediaType: sniffImage(pic.bytes)!, origin: o }, true));
      else if (pic.kind === 'zip') result.embedded.push({ name: `${f.split('/').pop()}-seal-${k + 1}.ofd`, bytes: pic.bytes, origin: o });
      else xmlPart(pkg, result, `${f}#picture-${k + 1}`, 'annotation', o.detail ?? 'stamp picture', pic.bytes, o);
    });
  }
  // A stamp is drawn from the seal's picture: when none was found, what the stamp shows is unknown.
  if (stamps.length > 0 && pictures === 0) {
    result.unread.push({ where: path, reason: 'embedded-object', detail: `The signature ${path} shows a stamp${page ? ` on page ${page}` : ''}, but no picture of it was found in its seal or signed value; what the stamp shows was not read.`, origin });
  }
}

/**
 * Integrity protection (GM/T 0099: OFDEntries.xml with a signed value over a list of files): the
 * signature draws nothing, but its value is looked through for pictures like a seal's.
 */
function readIntegrity(pkg: OfdPackage, result: OfdResult): void {
  const root = pkg.xml('OFDEntries.xml', 'integrity protection entries');
  if (!root) return;
  const meta = new PartBuilder('OFDEntries.xml', 'metadata', { filePart: 'OFDEntries.xml', detail: 'integrity protection' });
  if (root.attrs.CreatorName?.trim()) meta.append(root.attrs.CreatorName.trim()), meta.endParagraph({ kind: 'paragraph' });
  if (!meta.blank) pushPart(result, meta);
  const loc = kidLoc(root, 'SignedValueLoc');
  const p = loc && locate(pkg, result, [resolveLoc('', loc)], 'the signed value of the integrity protection');
  const data = p ? pkg.read(p) : undefined;
  if (!p || !data) return;
  const pics = sealPictures(data);
  if (pics.length === 0) looseFile(pkg, result, p, p, data, { filePart: p, detail: 'signed value of the integrity protection' }, 'hidden');
  pics.forEach((pic, k) => {
    const origin: PartOrigin = { filePart: p, detail: 'picture in the integrity signature' };
    if (pic.kind === 'image') result.images.push({ id: `${p}#picture-${k + 1}`, bytes: pic.bytes, mediaType: sniffImage(pic.bytes)!, origin });
    else if (pic.kind === 'zip') result.embedded.push({ name: `${p.split('/').pop()}-${k + 1}.ofd`, bytes: pic.bytes, origin });
    else xmlPart(pkg, result, `${p}#picture-${k + 1}`, 'hidden', origin.detail!, pic.bytes, origin);
  });
}

/** Text and attribute values of an XML file, one line each, as a part of `role`. */
function xmlPart(pkg: OfdPackage, result: OfdResult, path: string, role: PartRole, detail: string, data?: Uint8Array, origin?: PartOrigin): void {
  const bytes = data ?? pkg.read(path);
  if (!bytes) return;
  let parsed;
  try {
    parsed = parseTree(decodeXml(bytes), path);
  } catch (err) {
    result.unread.push({ where: path, reason: err instanceof EntryError ? err.reason : 'corrupt', detail: sentence(err instanceof Error ? err.message : String(err)), origin: origin ?? { filePart: path } });
    return;
  }
  if (parsed.damage) result.unread.push({ where: path, reason: 'corrupt', detail: `${path} is damaged XML: ${parsed.damage}; what could be parsed was read.`, origin: origin ?? { filePart: path } });
  // Text objects (a page of an earlier version, a page or annotation file no list names, a second
  // Content) are laid out as a page is: read element by element, a marking written one glyph per
  // TextCode came out one character a line between the numbers of its positions.
  const drawn = parsed.root && descendants(parsed.root, 'TextObject').length > 0;
  if (drawn) drawLoose(result, parsed.root!, path, role, { ...(origin ?? { filePart: path }), detail });
  const b = new PartBuilder(path, role, { ...(origin ?? { filePart: path }), detail });
  const walk = (el: El) => {
    if (drawn && el.name === 'TextObject') {
      // Drawn above; what else it holds (a name, text under an element no reader knows) is read here.
      for (const k in el.attrs) if (/\p{L}/u.test(el.attrs[k]) && !/^(true|false)$/i.test(el.attrs[k].trim())) b.append(el.attrs[k].trim()), b.endParagraph({ kind: 'paragraph' });
      for (const line of unconsumed(el)) b.append(line), b.endParagraph({ kind: 'paragraph' });
      return;
    }
    // A named value (`<Property Name="密级" Type="string">机密</Property>`) keeps its name with it, as custom data does.
    const text = el.text.trim();
    const label = text && el.attrs.Name?.trim();
    for (const k in el.attrs) {
      const v = el.attrs[k].trim();
      if (!v || k.startsWith('xmlns') || (label && k === 'Name')) continue;
      b.append(v);
      b.endParagraph({ kind: 'paragraph' });
    }
    if (text) b.append(label ? `${label}：${text}` : text), b.endParagraph({ kind: 'paragraph' });
    for (const c of el.children) walk(c);
  };
  if (parsed.root) walk(parsed.root);
  if (!b.blank) pushPart(result, b);
}

/**
 * Text objects of an XML part outside the document's pages, placed on a page of their own (A4) and
 * read as lines of `role`. Pictures they draw are read with the leftovers; text without Unicode,
 * missing composite units and limits are reported as on a page.
 */
function drawLoose(result: OfdResult, root: El, path: string, role: PartRole, origin: PartOrigin): void {
  const lines = new PageLines(`${path}#text-objects`, role, origin, { width: DEFAULT_AREA[2], height: DEFAULT_AREA[3] });
  const t: DrawTarget = { visible: lines, hidden: lines, res: new Resources(), width: DEFAULT_AREA[2], height: DEFAULT_AREA[3], onImage: () => undefined, glyphs: 0, lostGlyphs: 0, missing: [] };
  draw(root, IDENTITY, t);
  reportDraw(result, t, origin.detail ? `${path} (${origin.detail})` : path, origin);
  pushParts(result, lines);
}

const ORPHAN = 'not referenced by the document';

/**
 * A file read for what it is rather than for the role it was named in: a picture to OCR, a package or
 * PDF to the scan, XML as `role`, plain text as hidden text. Returns what it was, or undefined when it is none of these.
 */
function looseFile(pkg: OfdPackage, result: OfdResult, name: string, id: string, data: Uint8Array, origin: PartOrigin, role: PartRole): 'image' | 'package' | 'text' | undefined {
  const kind = sniffBinary(data);
  if (kind === 'image') {
    result.images.push({ id, bytes: data, mediaType: sniffImage(data)!, origin });
    return 'image';
  }
  if (kind === 'zip' || kind === 'pdf') {
    result.embedded.push({ name: name.split('/').pop()!, bytes: data, origin });
    return 'package';
  }
  if (/\.xml$/i.test(name) || kind === 'svg' || /^\s*</.test(new TextDecoder('latin1').decode(data.subarray(0, 64)))) {
    xmlPart(pkg, result, id, role, origin.detail ?? name, data, origin);
    return 'text';
  }
  if (looksLikeText(data)) {
    const b = plainTextLines(decodeXml(data), id, origin.detail ?? name, name);
    if (!b.blank) pushPart(result, b);
    return 'text';
  }
  return undefined;
}

/** Every entry nothing above read: nothing in the package is passed over. */
export async function leftovers(pkg: OfdPackage, result: OfdResult): Promise<void> {
  for (const { entry, copy } of [...pkg.unhandled()]) {
    const name = entry.name;
    if (name.endsWith('/')) {
      pkg.handled.add(entry);
      continue;
    }
    const data = pkg.readEntry(entry, copy);
    if (!data || data.length === 0) continue;
    const why = pkg.labels.get(name.toLowerCase()) ?? (FONT_FILE.test(name) ? `${ORPHAN}; named as a font, but not a font program` : ORPHAN);
    const label = copy ? `${copy}; ${why}` : why;
    const id = copy ? `${name}#${copy.replace(/\W+/g, '-')}` : name;
    const origin: PartOrigin = { filePart: name, detail: label };
    const file = name.split('/').pop()!;
    if (isFontProgram(data, name)) continue;
    if (!looseFile(pkg, result, name, id, data, origin, 'hidden')) {
      const pics = sealPictures(data);
      pics.forEach((pic, k) => {
        if (pic.kind === 'image') result.images.push({ id: `${id}#picture-${k + 1}`, bytes: pic.bytes, mediaType: sniffImage(pic.bytes)!, origin });
        else if (pic.kind === 'zip') result.embedded.push({ name: `${file}-${k + 1}.ofd`, bytes: pic.bytes, origin });
        else xmlPart(pkg, result, `${id}#picture-${k + 1}`, 'hidden', label, pic.bytes, origin);
      });
      if (pics.length === 0) result.unread.push({ where: id, reason: 'embedded-object', detail: `${file} is a file of unknown format in the package (${why}); its content was not scanned.`, origin });
    }
    await pkg.checkpoint();
  }
}

/** The OFD {@link Extractor}: bytes of an OFD package in, located text parts out. */
export const ofdExtractor: Extractor = {
  format: 'ofd',
  extract: (bytes, ctx) => extractOfd(bytes, ctx),
};

