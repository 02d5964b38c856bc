/**
 * The DOCX extractor: every part of a Word package as located text parts.
 *
 * Reads the package itself (see zip.ts for the limits enforced while inflating) and walks the
 * WordprocessingML of the body, headers, footers, footnotes, endnotes, comments and glossary;
 * text boxes, tracked deletions, hidden runs, field instructions and picture descriptions each get a
 * part of their own role so nothing is mixed into the visible body line and nothing is left out.
 * List labels (numbering.xml) are written in front of their paragraphs as Word draws them.
 * Pictures go to `images` for OCR, nested Office/PDF files to `embedded`; what cannot be read is
 * reported in `unread`. Entries no relationship leads to are read too, as hidden text, so nothing
 * in the package is passed over (see {@link entryFates}).
 */
import { enforceTextLimit, type EmbeddedFile, type ExtractContext, type Extraction, type Extractor, type ImageRef, type TextPart, type UnreadItem, type UnreadReason } from '@prepub/core';
import { Parser } from 'htmlparser2';
import { dirOf, genericText, streamStrings, inflateChecked, internalTargets, reachedParts, type EntryReading, indexEntries, inkStrokes, inkUnread, looksLikeText, plainTextLines, xmlCommentsPart, xmlTextAndAttributes, includesUtf16, parseRels, readDocVars, readProperties, relsPathOf, sniffBinary, sniffImage, type Rel } from './package.ts';
import { EMPTY_NUMBERING, levelTextsPart, parseNumbering, type Numbering } from './numbering.ts';
import { chartFormatsPart } from './number-format.ts';
import { olePayloads } from './ole.ts';
import { PartBuilder } from './parts.ts';
import { EMPTY_STYLES, parseStyles, type Styles } from './styles.ts';
import { sideParts, walkStory, type StoryResult } from './story.ts';
import { embeddedFontReadings } from './fonts.ts';
import { drawnOverRowsDetail } from './choice.ts';
import { bindingResolver, fieldValues, type BindingResolver } from './bindings.ts';
import { ReadTexts, assertShallow, decodeXml, unreadElementsPart, xmlDamage } from './xml.ts';
import { EntryError, InflateBudget, readDirectory, type ZipEntry } from './zip.ts';

export { INFLATE_INPUT_CHUNK, MAX_STEP_OUTPUT } from './zip.ts';

/** Media type of a Word package. */
export const DOCX_MEDIA_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/** Package parts that carry structure or formatting only. */
const STRUCTURE_ONLY = [
  /^\[Content_Types\]\.xml$/i,
  /(^|\/)_rels\/[^/]*\.rels$/i,
  // The font table, web settings, people (authors) and the theme name things in attributes (a
  // font, a frame, an author, the theme): not skipped, read for the values people write.
  /^word\/(glossary\/)?(styles|stylesWithEffects|commentsExtended|commentsIds|commentsExtensible)\.xml$/i,
  /^word\/fonts\//i,
  /^word\/printerSettings\//i,
  /^customXml\/itemProps\d*\.xml$/i,
  // A diagram's cached drawing (drawing*.xml) is not layout: viewers without a layout engine draw it, text and all.
  /^word\/diagrams\/(layout|quickStyle|colors)\d*\.xml$/i,
  /^word\/charts\/(style|colors)\d*\.xml$/i,
  /\/$/,
];

interface Ctx extends EntryReading {
  /**
   * Every entry of a part name, in archive order. Part names are compared without case (as OPC
   * says), and an archive may hold one name twice: every copy is read, whichever a reader would show.
   */
  copies: Map<string, ZipEntry[]>;
  /** Part names, one per distinct name, as the first copy spells it, in archive order. */
  names: string[];
  handled: Set<ZipEntry>;
  unread: UnreadItem[];
  parts: TextPart[];
  images: ImageRef[];
  embedded: EmbeddedFile[];
  signal?: AbortSignal;
  lastYield: number;
  /** Relationships already read, by relationships part (lower case). */
  relsCache: Map<string, Map<string, Rel>>;
  /** What became of each entry that yields no part, image, embedded file or unread item itself. */
  fates: Map<string, string>;
}

/**
 * What became of the entries of a DOCX that yield no text part, picture, embedded file or unread
 * item of their own: `read: …` (parsed: relationships, styles, properties that hold nothing), `structure: …`
 * (a formatting part reached through the relationships), `harmless: …` (fonts, thumbnails).
 * Keyed by entry name (`name#copyK` for the k-th copy of a duplicated name). Lets a caller check
 * that nothing in a package was passed over silently.
 */
export function entryFates(x: Extraction): ReadonlyMap<string, string> | undefined {
  return FATES.get(x);
}

const FATES = new WeakMap<Extraction, Map<string, string>>();

/** Entries that hold no document text whether referenced or not: say so instead of reading them. */
const HARMLESS: Array<[RegExp, string]> = [
  [/^word\/fonts\/|\.(odttf|ttf|otf|ttc|fntdata|eot|woff2?)$/i, 'embedded font (glyph outlines, no document text)'],
];

/** A thumbnail that is not a picture OCR reads (a WMF/EMF preview): a copy of page one, said so. */
const THUMBNAIL = /^docProps\/thumbnail\.[^/]+$/i;

/**
 * Extracts a DOCX. Never throws for a user's file: damage, encryption, limits and aborts come back
 * as {@link UnreadItem}s next to whatever could be read.
 */
export async function extractDocx(bytes: Uint8Array, ctx: ExtractContext): Promise<Extraction> {
  const result: Extraction = { format: 'docx', mediaType: DOCX_MEDIA_TYPE, parts: [], unread: [], images: [], embedded: [], info: {} };
  const fileUnread = (reason: UnreadReason, detail: string): Extraction => {
    result.unread.push({ where: 'file', reason, detail });
    return result;
  };
  if (ctx.signal?.aborted) return fileUnread('aborted', 'The scan was cancelled before the document was read.');
  if (bytes.length === 0) return fileUnread('empty', 'The file is empty.');
  if (bytes.length > ctx.limits.maxFileBytes) {
    return fileUnread('limit', `The file is ${bytes.length} bytes, more than the limit of ${ctx.limits.maxFileBytes} bytes; it was not read.`);
  }
  if (bytes[0] === 0xd0 && bytes[1] === 0xcf && bytes[2] === 0x11 && bytes[3] === 0xe0) return oleFile(bytes, result);
  if (!(bytes[0] === 0x50 && bytes[1] === 0x4b)) return fileUnread('corrupt', 'The file is not a Word package (no ZIP signature); it could not be read.');
  try {
    await readPackage(bytes, ctx, result);
  } catch (err) {
    // Anything unexpected still ends as unread content, never as a crash or a silent pass.
    const msg = err instanceof Error ? err.message : String(err);
    if (err instanceof EntryError) result.unread.push({ where: 'file', reason: err.reason, detail: `The package could not be read: ${msg}.` });
    else if (ctx.signal?.aborted) result.unread.push({ where: 'file', reason: 'aborted', detail: 'The scan was cancelled while the document was being read.' });
    else result.unread.push({ where: 'file', reason: 'error', detail: `The package could not be read completely: ${msg}.` });
  }
  enforceTextLimit(result, ctx.limits.maxTextChars);
  return result;
}

/** An OLE compound file named .docx is either a password-protected package or a legacy .doc. */
function oleFile(bytes: Uint8Array, result: Extraction): Extraction {
  if (includesUtf16(bytes, 'EncryptionInfo') || includesUtf16(bytes, 'EncryptedPackage')) {
    result.unread.push({
      where: 'file',
      reason: 'encrypted',
      detail: 'The document is password-protected (an encrypted Office package); its content cannot be read without the password.',
    });
  } else if (includesUtf16(bytes, 'WordDocument')) {
    result.unread.push({ where: 'file', reason: 'unsupported-format', detail: 'The file is a Word 97-2003 binary document (.doc), which is not read; save it as .docx.' });
  } else {
    result.unread.push({ where: 'file', reason: 'unsupported-format', detail: 'The file is an OLE compound file, not a Word package; it was not read.' });
  }
  return result;
}

async function readPackage(bytes: Uint8Array, ectx: ExtractContext, result: Extraction): Promise<void> {
  const dir = readDirectory(bytes, ectx.limits.maxArchiveEntries);
  // What the directory and the local headers disagree on is reported; the entries involved are still read.
  const { copies, names } = indexEntries(dir, result);
  const c: Ctx = {
    bytes,
    copies,
    names,
    handled: new Set(),
    budget: new InflateBudget(ectx.limits),
    exhausted: false,
    recovered: !!dir.recovered,
    unread: result.unread,
    parts: result.parts,
    images: result.images!,
    embedded: result.embedded!,
    signal: ectx.signal,
    lastYield: performance.now(),
    relsCache: new Map(),
    fates: new Map(),
  };
  FATES.set(result, c.fates);
  result.info!.entries = dir.entries.length;

  // The main document is whatever the package relationships name, usually word/document.xml.
  const rootRels = readRels(c, '', '_rels/.rels');
  const mainRel = [...rootRels.values()].find((r) => r.type === 'officeDocument' && !r.external);
  const main = mainRel && entry(c, mainRel.target) ? mainRel.target : 'word/document.xml';
  const docRels = readRels(c, main, relsPathOf(main));
  const byType = (type: string) => [...docRels.values()].filter((r) => r.type === type && !r.external);
  // From the package relationships through the relationships of every part reached (headers'
  // pictures, the glossary's parts, custom XML properties).
  const reached = reachedParts([...internalTargets(rootRels), main], (p) => c.copies.has(p.toLowerCase()), (p, rp) => readRels(c, p, rp));

  const stylesRel = byType('styles')[0];
  let styles: Styles = EMPTY_STYLES;
  // Styles only decide roles (hidden, heading); every copy is inflated, the first one decides.
  const stylesXml = readXmls(c, stylesRel?.target ?? 'word/styles.xml')[0]?.xml;
  if (stylesXml) {
    styles = parseStyles(stylesXml);
  }

  // List definitions: labels are rendered into the paragraphs; level texts are a part of their own.
  const numberingPath = byType('numbering')[0]?.target ?? 'word/numbering.xml';
  let numbering: Numbering = EMPTY_NUMBERING;
  readXmls(c, numberingPath).forEach((copy, i) => {
    const parsed = parseNumbering(copy.xml);
    if (i === 0) numbering = parsed;
    const b = labelCopy(levelTextsPart(parsed, numberingPath), copy);
    if (!b.blank) c.parts.push(b.toPart());
  });

  const bound = dataStores(c);
  const glossaryPath = byType('glossaryDocument')[0]?.target ?? (entry(c, 'word/glossary/document.xml') ? 'word/glossary/document.xml' : undefined);
  const fieldValue = fieldValues(peekXml(c), byType('settings')[0]?.target ?? 'word/settings.xml', glossaryPath);

  const sides: PartBuilder[] = [];
  const collectSides = (r: StoryResult, copy: XmlCopy) => {
    for (const b of r.textBoxes) c.parts.push(labelCopy(b, copy).toPart());
    sides.push(...sideParts(r).map((b) => labelCopy(b, copy)));
    // A shape drawn over a 密级 row (an ellipse, a box, a line) marks one of its options; which one was not worked out.
    if (r.ringedRows.length) {
      const where = r.chosen.origin.filePart ?? main;
      c.unread.push({ where, reason: 'unsupported-format', detail: drawnOverRowsDetail(r.ringedRows), origin: { filePart: where } });
    }
  };

  // Body: every copy of the main document is a body of its own, read the same way.
  const docXmls = readXmls(c, main);
  let body: StoryResult | undefined;
  const altChunks: string[] = [];
  if (docXmls.length === 0) {
    if (!c.unread.some((u) => u.where === main)) {
      c.unread.push({ where: main, reason: 'corrupt', detail: `The package has no main document (${main}); it is not a readable Word file.` });
    }
  }
  for (const copy of docXmls) {
    const root = labelCopy(new PartBuilder('body', 'body', { filePart: main }, true), copy);
    const r = walkStory(copy.xml, { filePart: main, root, styles, numbering, label: 'the body', bound, fieldValue });
    c.parts.push(root.toPart());
    collectSides(r, copy);
    altChunks.push(...r.altChunks);
    if (body) continue;
    body = r;
    result.info!.paragraphs = root.blocks.length;
    result.info!.sections = Math.max(1, new Set(body.sections.map((s) => s.section)).size);
    if (body.renderedPages) result.info!.pages = body.renderedPages;
  }
  await checkpoint(c);

  // Headers and footers of every section, plus any left in the package without a reference.
  const types = new Map<string, string[]>();
  for (const s of body?.sections ?? []) {
    const rel = docRels.get(s.rid);
    if (!rel || rel.external) continue;
    const list = types.get(rel.target) ?? [];
    const t = `${s.type} (section ${s.section})`;
    if (!list.includes(t)) list.push(t);
    types.set(rel.target, list);
  }
  const hf = new Set<string>([...byType('header'), ...byType('footer')].map((r) => r.target));
  for (const e of c.names) if (/^word\/(header|footer)\d*\.xml$/i.test(e) && !hf.has(e)) hf.add(e);
  for (const kind of ['header', 'footer'] as const) {
    for (const path of [...hf].sort(natural)) {
      const isKind = byType(kind).some((r) => r.target === path) || new RegExp(`(^|/)${kind}\\d*\\.xml$`, 'i').test(path);
      if (!isKind) continue;
      for (const copy of readXmls(c, path)) {
        const detail = (types.get(path) ?? ['not referenced by any section']).join(', ');
        const root = labelCopy(new PartBuilder(path, kind, { filePart: path, detail }), copy);
        const r = walkStory(copy.xml, { filePart: path, root, styles, numbering, label: `${kind} ${path}`, bound, fieldValue });
        if (!root.blank) c.parts.push(root.toPart());
        collectSides(r, copy);
      }
    }
  }
  await checkpoint(c);

  // Footnotes and endnotes: one part per file; separators are layout, not text.
  for (const [type, role] of [['footnotes', 'footnote'], ['endnotes', 'endnote']] as const) {
    const path = byType(type)[0]?.target ?? `word/${type}.xml`;
    for (const copy of readXmls(c, path)) {
      const root = labelCopy(new PartBuilder(path, role, { filePart: path }), copy);
      const r = walkStory(copy.xml, {
        filePart: path,
        styles,
        numbering,
        label: type,
        bound,
        fieldValue,
        unit: { element: role, make: (a) => (/separator|continuationNotice/i.test(a['w:type'] ?? a.type ?? '') ? null : root) },
      });
      if (!root.blank) c.parts.push(root.toPart());
      collectSides(r, copy);
    }
  }

  // Comments: one part per comment, with its author.
  {
    const path = byType('comments')[0]?.target ?? 'word/comments.xml';
    for (const copy of readXmls(c, path)) {
      const comments: PartBuilder[] = [];
      const r = walkStory(copy.xml, {
        filePart: path,
        styles,
        numbering,
        label: 'comments',
        bound,
        fieldValue,
        unit: {
          element: 'comment',
          make: (a) => {
            const id = a['w:id'] ?? a.id ?? String(comments.length);
            const author = a['w:author'] ?? a.author ?? '';
            const date = a['w:date'] ?? a.date;
            const b = new PartBuilder(`${path}#comment-${id}`, 'comment', { filePart: path, detail: `comment ${id} by ${author || 'unknown author'}${date ? ` on ${date}` : ''}` });
            comments.push(b);
            return b;
          },
        },
      });
      for (const b of comments) if (!b.blank) c.parts.push(labelCopy(b, copy).toPart());
      collectSides(r, copy);
    }
  }
  await checkpoint(c);

  // Alternate chunks: HTML or text pasted into the body as a foreign file.
  for (const rid of new Set(altChunks)) {
    const rel = docRels.get(rid);
    if (!rel || rel.external) continue;
    readAltChunk(c, rel);
  }

  // Glossary (building blocks, quick parts): text that is in the file though not on a page.
  const glossary = byType('glossaryDocument')[0]?.target ?? (entry(c, 'word/glossary/document.xml') ? 'word/glossary/document.xml' : undefined);
  if (glossary) {
    for (const copy of readXmls(c, glossary)) {
      const root = labelCopy(new PartBuilder(glossary, 'glossary', { filePart: glossary, detail: 'building blocks' }), copy);
      const r = walkStory(copy.xml, { filePart: glossary, root, styles, numbering, label: 'the glossary', bound, fieldValue });
      if (!root.blank) c.parts.push(root.toPart());
      collectSides(r, copy);
    }
  }

  for (const s of sides) if (!s.blank) c.parts.push(s.toPart());

  // Properties.
  for (const [path, kind] of [['docProps/core.xml', 'core'], ['docProps/app.xml', 'app'], ['docProps/custom.xml', 'custom']] as const) {
    for (const copy of readXmls(c, path)) for (const b of readProperties(copy.xml, path, kind)) c.parts.push(labelCopy(b, copy).toPart());
  }
  const settings = byType('settings')[0]?.target ?? 'word/settings.xml';
  for (const copy of readXmls(c, settings)) {
    const vars = readDocVars(copy.xml, settings);
    if (vars) c.parts.push(labelCopy(vars, copy).toPart());
  }
  readExternalTargets(c);
  await checkpoint(c);

  // Everything else in the package: pictures, embedded files, charts, unknown parts.
  const fonts: ZipEntry[] = [];
  for (const name of [...c.names].sort(natural)) {
    const copies = c.copies.get(name.toLowerCase())!;
    copies.forEach((e, i) => {
      if (c.handled.has(e)) return;
      const key = fateKey(e.name, copyOf(copies, i));
      const harmless = HARMLESS.find(([re]) => re.test(e.name));
      if (harmless) {
        c.fates.set(key, `harmless: ${harmless[1]}`);
        c.handled.add(e);
        fonts.push(e);
        return;
      }
      const isReached = reached.has(e.name.toLowerCase());
      // A structure part is skipped only where the relationships lead to it: under a name of
      // its own, it may hold a document that Word never shows but the file still carries.
      if (/\/$/.test(e.name) || (isReached && STRUCTURE_ONLY.some((re) => re.test(e.name)))) {
        // Structure parts carry no text, but a copy that cannot be inflated is still reported.
        if (copies.length > 1 || e.source === 'local') readCopy(c, e, copyOf(copies, i));
        c.fates.set(key, /\/$/.test(e.name) ? 'structure: folder entry' : 'structure: formatting or package part reached through the relationships');
        c.handled.add(e);
        return;
      }
      if (isReached) readOther(c, e, copyOf(copies, i));
      else readOrphan(c, e, copyOf(copies, i), styles, numbering);
    });
  }
  // Embedded fonts that draw other characters than the text holds: the text read as drawn too (fonts.ts).
  if (fonts.length) embeddedFontReadings(c, fonts, result);
  // Last: what the readings above passed over, unreferenced story parts included.
  readUnread(c);
  result.info!.inflatedBytes = c.budget.inflated;
  await checkpoint(c);
}

/** Reads a part's XML without counting it as read (its own reading reports what fails). */
function peekXml(c: Ctx): (path: string) => string | undefined {
  return (path) => {
    const e = entry(c, path);
    const data = e && !c.exhausted ? inflateChecked(c, e, path, () => {}) : undefined;
    return data && decodeXml(data);
  };
}

/**
 * The data stores content controls may be bound to: the custom XML items (by their properties'
 * item id) and the property parts. Read without counting them as read: each is read as a part of
 * its own as well.
 */
function dataStores(c: Ctx): BindingResolver {
  const peek = peekXml(c);
  const items = c.names
    .filter((n) => /^customXml\/item\d*\.xml$/i.test(n))
    .map((item) => {
      const rels = readRels(c, item, relsPathOf(item));
      const props = [...rels.values()].find((r) => r.type === 'customXmlProps' && !r.external)?.target ?? item.replace(/item(\d*)\.xml$/i, 'itemProps$1.xml');
      return { item, props };
    });
  return bindingResolver(items, peek);
}

/**
 * Where the document's external relationships point — hyperlinks (also those of VML shapes and
 * hover links), an attached template, subdocuments, linked pictures — one line per target, as a
 * metadata part of each relationships file: the address is part of what is published, and a
 * percent-encoded one is read decoded as well.
 */
function readExternalTargets(c: Ctx): void {
  for (const [relsPath, rels] of c.relsCache) {
    const seen = new Set<string>();
    let b: PartBuilder | undefined;
    for (const r of rels.values()) {
      if (!r.external || !r.target.trim()) continue;
      let decoded = r.target;
      try {
        decoded = decodeURIComponent(r.target);
      } catch {
        // A malformed escape: the target as written is still read.
      }
      for (const t of new Set([r.target.trim(), decoded.trim()])) {
        if (seen.has(t)) continue;
        seen.add(t);
        b ??= new PartBuilder(`${relsPath}#external`, 'metadata', { filePart: relsPath, detail: 'external relationship targets (links, templates, subdocuments)' });
        b.append(t);
        b.endParagraph({ kind: 'paragraph' });
      }
    }
    if (b && !b.blank) c.parts.push(b.toPart());
  }
}

const collator = new Intl.Collator('en', { numeric: true });
function natural(a: string, b: string): number {
  return collator.compare(a, b);
}

function entry(c: Ctx, path: string): ZipEntry | undefined {
  return c.copies.get(path.toLowerCase())?.[0];
}

/** Which copy of a part name an entry is, when there is more than one; and whether the central directory lists it. */
interface CopyLabel {
  /** 1-based copy number and number of copies, when a name occurs more than once. */
  dup?: { k: number; n: number };
  /** The entry was found only by its local header. */
  localOnly?: boolean;
}

interface XmlCopy extends CopyLabel {
  xml: string;
}

function copyOf(copies: ZipEntry[], i: number): CopyLabel {
  return { ...(copies.length > 1 ? { dup: { k: i + 1, n: copies.length } } : {}), ...(copies[i].source === 'local' ? { localOnly: true } : {}) };
}

/** Words for a copy's origin detail: `duplicate entry 2 of 2`. */
function copyDetail(copy: CopyLabel): string | undefined {
  const words: string[] = [];
  if (copy.dup) words.push(`duplicate entry ${copy.dup.k} of ${copy.dup.n}`);
  if (copy.localOnly) words.push('not listed in the central directory');
  return words.length ? words.join(', ') : undefined;
}

function withCopyDetail(detail: string | undefined, copy: CopyLabel): string | undefined {
  const d = copyDetail(copy);
  return d === undefined ? detail : detail ? `${detail}; ${d}` : d;
}

/** Marks a builder as coming from one copy of a duplicated name; later copies get ids of their own. */
function labelCopy<B extends PartBuilder>(b: B, copy: CopyLabel): B {
  const detail = withCopyDetail(b.origin.detail, copy);
  if (detail !== undefined) b.origin.detail = detail;
  if (copy.dup && copy.dup.k > 1) b.id = `${b.id}#copy${copy.dup.k}`;
  return b;
}

/** Inflates every copy of a part; failures are recorded as unread. */
function readEntries(c: Ctx, path: string): Array<CopyLabel & { data: Uint8Array }> {
  const copies = c.copies.get(path.toLowerCase());
  if (!copies) return [];
  const out: Array<CopyLabel & { data: Uint8Array }> = [];
  copies.forEach((e, i) => {
    const label = copyOf(copies, i);
    const data = readCopy(c, e, label);
    if (data !== undefined) out.push({ ...label, data });
  });
  return out;
}

/** Inflates one entry; on failure records it as unread and returns undefined. */
function readCopy(c: Ctx, e: ZipEntry, copy: CopyLabel = {}): Uint8Array | undefined {
  if (c.handled.has(e) && c.exhausted) return undefined;
  c.handled.add(e);
  const detail = copyDetail(copy);
  const origin = { filePart: e.name, ...(detail ? { detail } : {}) };
  const which = detail ? `${e.name} (${detail})` : e.name;
  // An entry not even tried (the budget already spent) has no fate: its unread item says it all.
  if (!c.exhausted) c.fates.set(fateKey(e.name, copy), 'read: parsed, no text of its own');
  return inflateChecked(c, e, which, (u) => c.unread.push({ where: which, ...u, origin }));
}

/** Parts found not well-formed, per reading: each is reported once. */
const damagedParts = new WeakMap<Ctx, Set<string>>();

/**
 * Every readable copy of an XML part, decoded. A copy that is not well-formed (a `<` that opens no
 * tag, a tag never closed, a closing tag that does not match) is unread (`corrupt`): the reader
 * looks for the elements it knows, and what the damage turned into stray text would be passed
 * over. Its text and attributes are read as well, so a marking in it is still found.
 */
function readXmls(c: Ctx, path: string): XmlCopy[] {
  return readEntries(c, path).map(({ data, ...label }) => {
    const xml = decodeXml(data);
    if (!/\.rels$/i.test(path)) noteAsked(c, path, label, xml);
    const damage = xmlDamage(xml);
    const seen = damagedParts.get(c) ?? new Set<string>();
    damagedParts.set(c, seen);
    const copy = label.dup ? `copy ${label.dup.k} of ${label.dup.n}` : label.localOnly ? 'local header only' : '';
    const key = `${path.toLowerCase()}#${copy}`;
    if (damage && !seen.has(key)) {
      seen.add(key);
      const which = copy ? `${path} (${copy})` : path;
      c.unread.push({ where: which, reason: 'corrupt', detail: `${which} is not well-formed XML (${damage}): what the damage hides from the reader cannot be told, so the part is not counted as read.`, origin: { filePart: path } });
      const b = xmlTextAndAttributes(xml, `${path}#damaged${label.dup ? `-${label.dup.k}` : ''}`, 'hidden', 'text and attributes of a damaged XML part', path, true);
      if (!b.blank) c.parts.push(b.toPart());
    }
    return { ...label, xml };
  });
}

/** XML parts the reader parsed, per reading and copy: what the reading does not hold of them is read by {@link readUnread}. */
const askedParts = new WeakMap<Ctx, Map<string, { path: string; xml: string }>>();

function noteAsked(c: Ctx, path: string, copy: CopyLabel, xml: string): void {
  const asked = askedParts.get(c) ?? new Map<string, { path: string; xml: string }>();
  askedParts.set(c, asked);
  const key = `${path.toLowerCase()}#${copy.dup ? copy.dup.k : copy.localOnly ? 'local' : ''}`;
  if (!asked.has(key)) asked.set(key, { path, xml });
}

/**
 * Text and non-ASCII attribute values of the parts read that the reading of the same file part
 * does not hold (an element the reader does not know, such as a renamed `w:t`), one hidden part per
 * file part: the stories look for elements by name, and what they passed over is still in the file.
 */
function readUnread(c: Ctx): void {
  const read = new ReadTexts(c.parts);
  const damaged = damagedParts.get(c);
  for (const [key, { path, xml }] of askedParts.get(c) ?? []) {
    const suffix = key.endsWith('#') ? '' : `-${key.split('#').pop()}`;
    const comments = xmlCommentsPart(xml, `${path}#xml-comments${suffix}`, path);
    if (comments) c.parts.push(comments);
    if (damaged?.has(key)) continue;
    const part = unreadElementsPart(`${path}#unread-elements${key.endsWith('#') ? '' : `-${key.split('#').pop()}`}`, path, xml, read.of(path));
    if (part) c.parts.push(part);
  }
}

/** Relationships of every copy of a relationships part; the first copy wins where ids collide. */
function readRels(c: Ctx, source: string, relsPath: string): Map<string, Rel> {
  const cached = c.relsCache.get(relsPath.toLowerCase());
  if (cached) return cached;
  const rels = new Map<string, Rel>();
  c.relsCache.set(relsPath.toLowerCase(), rels);
  for (const copy of readXmls(c, relsPath)) {
    for (const [id, r] of parseRels(copy.xml, source)) if (!rels.has(id)) rels.set(id, r);
  }
  return rels;
}

/** Yields to the event loop now and then so an abort signal can be seen during a long document. */
async function checkpoint(c: Ctx): Promise<void> {
  const now = performance.now();
  if (now - c.lastYield > 25) {
    await new Promise((r) => setImmediate(r));
    c.lastYield = performance.now();
  }
  if (c.signal?.aborted) throw new Error('aborted');
}

function readAltChunk(c: Ctx, rel: Rel): void {
  for (const copy of readEntries(c, rel.target)) altChunk(c, rel, copy.data, copy);
}

/** The content type `[Content_Types].xml` gives a part (its Override, else its extension's Default), lower case. */
function contentTypeOf(c: Ctx, part: string): string | undefined {
  const types = peekXml(c)('[Content_Types].xml') ?? '';
  const attrs = (tag: string) => Object.fromEntries([...tag.matchAll(/([\w:]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)].map((m) => [m[1].replace(/^.*:/, ''), m[2] ?? m[3]]));
  const tags = [...types.matchAll(/<(?:[\w.-]+:)?(Override|Default)\b[^>]*>/g)].map((m) => ({ kind: m[1], a: attrs(m[0]) }));
  const name = `/${part}`.toLowerCase();
  const ext = /\.([^./]+)$/.exec(part)?.[1]?.toLowerCase();
  const hit = tags.find((t) => t.kind === 'Override' && t.a.PartName?.toLowerCase() === name) ?? tags.find((t) => t.kind === 'Default' && t.a.Extension?.toLowerCase() === ext);
  return hit?.a.ContentType?.trim().toLowerCase();
}

/**
 * A plain-text alternate chunk as Word merges it: a paragraph per line. UTF-8 (or as its byte
 * order mark says), else the Chinese code page an office system writes (GB18030).
 */
function plainChunk(data: Uint8Array, path: string, detail: string): PartBuilder {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(data).replace(/^\uFEFF/, '');
  } catch {
    try {
      text = data[0] === 0xff || data[0] === 0xfe ? decodeXml(data) : new TextDecoder('gb18030', { fatal: true }).decode(data);
    } catch {
      text = decodeXml(data);
    }
  }
  const b = new PartBuilder(path, 'body', { filePart: path, detail });
  for (const line of text.split(/\r\n|\r|\n/)) {
    b.append(line);
    b.endParagraph({ kind: 'paragraph' });
  }
  return b;
}

function altChunk(c: Ctx, rel: Rel, data: Uint8Array, copy: CopyLabel): void {
  const kind = sniffBinary(data);
  const origin = { filePart: rel.target, detail: withCopyDetail('alternate chunk (altChunk) in the body', copy)! };
  // Word takes a chunk by its content type: plain text is merged a paragraph per line (read as
  // HTML, its lines ran into one and a marking on the first of them read as running text).
  const type = contentTypeOf(c, rel.target);
  if (kind !== 'zip' && (type === 'text/plain' || (!type && /\.txt$/i.test(rel.target)))) {
    const b = labelCopy(plainChunk(data, rel.target, origin.detail), { dup: copy.dup });
    if (!b.blank) c.parts.push(b.toPart());
    return;
  }
  // A package, an RTF document or an MHTML page (a MIME message) is a file of its own: the scan
  // reads it with its format's reader, and counts it unread if that reader cannot.
  const head = Buffer.from(data.subarray(0, 512)).toString('latin1');
  if (kind === 'zip' || /^\s*\{\\rtf/.test(head) || /\.mht(ml)?$/i.test(rel.target) || /^\s*(?:[\w-]+:[^\r\n]*\r?\n)*?(?:MIME-Version|Content-Type):/i.test(head)) {
    const name = rel.target.split('/').pop()!;
    c.embedded.push({ name: /\.mht(ml)?$/i.test(name) ? name.replace(/\.mht(ml)?$/i, '.eml') : name, bytes: data, origin });
    return;
  }
  const text = htmlCharset(data) ?? decodeXml(data);
  if (/\.(html?|xhtml|txt|xml)$/i.test(rel.target) || /^(text\/html|application\/xhtml\+xml)$/.test(type ?? '') || /^\s*<(!doctype|html|body|\?xml)/i.test(text)) {
    for (const b of htmlText(text, rel.target, origin.detail)) if (!labelCopy(b, { dup: copy.dup }).blank) c.parts.push(b.toPart());
    return;
  }
  c.unread.push({
    where: rel.target,
    reason: 'embedded-object',
    detail: `An alternate chunk (${kind === 'unknown' ? 'unknown format' : kind}) is merged into the body when Word opens the file; it was not read.`,
    origin,
  });
}

/**
 * An HTML chunk in the code page its <meta> declares (charset=gb2312 from a Chinese office system),
 * when its bytes are not UTF-8: Word reads it so. Undefined otherwise (decodeXml reads it).
 */
function htmlCharset(data: Uint8Array): string | undefined {
  const head = Buffer.from(data.subarray(0, 2048)).toString('latin1');
  const label = /<meta\b[^>]*charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)/i.exec(head)?.[1];
  if (!label || /^utf-?8$/i.test(label)) return undefined;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(data);
    return undefined;
  } catch {
    // Not UTF-8: the declared code page.
  }
  try {
    return new TextDecoder(label.toLowerCase()).decode(data);
  } catch {
    return undefined;
  }
}

const HTML_VOIDS: ReadonlySet<string> = new Set(['br', 'img', 'hr', 'meta', 'link', 'input', 'area', 'base', 'col', 'embed', 'source', 'track', 'wbr']);
const HTML_PRE: ReadonlySet<string> = new Set(['pre', 'textarea', 'listing', 'xmp', 'plaintext']);
const HTML_BLOCKS = new Set(['listing', 'xmp', 'plaintext', 'p', 'div', 'br', 'li', 'tr', 'td', 'th', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'title', 'table', 'section', 'article', 'pre', 'blockquote']);

/**
 * Plain text of an HTML alternate chunk, a line per block element. Script and style are code, not
 * text. What Word's HTML reader shows beyond text nodes is read as well: a conditional comment's
 * content (`<!--[if mso]><p>机密★5年</p><![endif]-->`, the way mail and Office HTML keeps content for
 * Office alone: Word renders it, a browser does not), a text field's value (`<input value>`, drawn
 * as a form field), and pictures' alternative text beside them (as a picture's description in the
 * document is). XML data islands (`<xml>`: document properties, settings) are not drawn: they are
 * read as metadata; other comments as the HTML reader reads a page's (`html-comment`).
 */
function htmlText(html: string, path: string, detail: string): PartBuilder[] {
  const b = new PartBuilder(path, 'body', { filePart: path, detail });
  const alt = new PartBuilder(`${path}#alt`, 'alt-text', { filePart: path, detail: `picture descriptions; ${detail}` });
  const islands = new PartBuilder(`${path}#xml-islands`, 'metadata', { filePart: path, detail: `XML data islands (document properties, settings); ${detail}` });
  const comments = new PartBuilder(`${path}#comments`, 'html-comment', { filePart: path, detail: `<!-- --> comments; ${detail}` });
  let skip = 0;
  let island = 0;
  // Preformatted text keeps its line breaks: each line is a paragraph of its own where Word merges it.
  let pre = 0;
  const parse = (markup: string, conditional: boolean): void => {
    // HTML void elements (<br>, <img>) never close: count only what the parser would keep open.
    assertShallow(markup, path, HTML_VOIDS);
    const p = new Parser(
      {
        onopentag(name, a) {
          if (name === 'script' || name === 'style') skip++;
          if (name === 'xml') island++;
          if (HTML_PRE.has(name)) pre++;
          if (HTML_BLOCKS.has(name)) b.endParagraph({ kind: 'paragraph' });
          if (name === 'input' && a.value?.trim() && !/^(hidden|checkbox|radio|file|image|password)$/i.test(a.type ?? '')) b.append(a.value.replace(/\s+/g, ' '));
          for (const k of ['alt', 'title']) if ((name === 'img' || name === 'area') && a[k]?.trim()) alt.append(a[k].trim()), alt.endParagraph({ kind: 'paragraph' });
        },
        onclosetag(name) {
          if (name === 'script' || name === 'style') skip = Math.max(0, skip - 1);
          if (name === 'xml') island = Math.max(0, island - 1);
          if (HTML_PRE.has(name)) pre = Math.max(0, pre - 1);
          if (HTML_BLOCKS.has(name)) b.endParagraph({ kind: 'paragraph' });
        },
        ontext(t) {
          if (skip || !t.trim()) return;
          if (island) islands.append(t.trim()), islands.endParagraph({ kind: 'paragraph' });
          else if (pre) t.split(/\r\n|\r|\n/).forEach((line, i) => (i && b.endParagraph({ kind: 'paragraph' }), b.append(line)));
          else b.append(t.replace(/\s+/g, ' '));
        },
        oncomment(data) {
          // A conditional comment holds markup (once: comments do not nest).
          const m = conditional ? null : /^\s*\[if\b[^\]]*\]>([\s\S]*?)(?:<!\[endif\]\s*)?$/i.exec(data);
          if (m && m[1].trim()) b.endParagraph({ kind: 'paragraph' }), parse(m[1], true), b.endParagraph({ kind: 'paragraph' });
          // Any other comment is not drawn, but travels with the file, as in a page the HTML reader reads.
          else if (!m && data.trim()) for (const line of data.split(/\r?\n/)) if (line.trim()) comments.append(line.trim()), comments.endParagraph({ kind: 'paragraph' });
        },
      },
      { decodeEntities: true },
    );
    p.write(markup);
    p.end();
  };
  parse(html, false);
  return [b, alt, islands, comments];
}

function readOther(c: Ctx, e: ZipEntry, copy: CopyLabel): void {
  const name = e.name;
  const isXml = /\.(xml|vml)$/i.test(name);
  const data = readCopy(c, e, copy);
  if (data === undefined) return;
  const label = copyDetail(copy);
  const origin = { filePart: name, ...(label ? { detail: label } : {}) };
  const id = copy.dup && copy.dup.k > 1 ? `${name}#copy${copy.dup.k}` : name;
  if (isXml) {
    const ink = inkStrokes(decodeXml(data));
    if (ink.strokes) c.unread.push({ where: id, ...inkUnread(name, ink.strokes), origin });
    const xml = ink.xml;
    const comments = xmlCommentsPart(xml, `${id}#xml-comments`, name);
    if (comments) c.parts.push(comments);
    let b: PartBuilder;
    // Charts and diagrams as the other Office readers take them: a run's text joined with the
    // next on the line they share (a title 机密 + ★5年 in two runs), and attribute values people write.
    if (/^word\/charts\//i.test(name)) b = xmlTextAndAttributes(xml, name, 'body', 'chart', name, 'text');
    else if (/^word\/diagrams\//i.test(name)) b = xmlTextAndAttributes(xml, name, 'body', 'SmartArt diagram', name, 'text');
    // Other parts keep names people write in attributes too (an author in people.xml, a frame's
    // name, a theme's or a font's name): those values are read, structure (ids, numbers,
    // enumerations, URIs, font attributes of runs) is not.
    else b = xmlTextAndAttributes(xml, name, 'metadata', /^customXml\//i.test(name) ? 'custom XML data' : 'package part', name, 'text');
    labelCopy(b, copy);
    if (!b.blank) c.parts.push(b.toPart());
    // A chart's labels are drawn through its number formats: literal text in one is on the page.
    const formats = /^word\/charts\//i.test(name) ? chartFormatsPart(xml, b.id, 'body', b.origin.detail ?? 'chart', name) : undefined;
    if (formats) c.parts.push(formats);
    if (b.blank && !formats && !c.exhausted && !/^word\/(charts|diagrams)\//i.test(name)) c.fates.set(fateKey(name, copy), 'structure: no text or attribute values people write (names, captions)');
    return;
  }
  readBinary(c, e, copy, data, sniffBinary(data));
}

/**
 * A binary entry: pictures to OCR, packages and PDFs to the scan, the rest reported. `orphan` is
 * the origin detail of an entry no relationship leads to.
 */
function readBinary(c: Ctx, e: ZipEntry, copy: CopyLabel, data: Uint8Array, kind: ReturnType<typeof sniffBinary>, orphan?: string): void {
  const name = e.name;
  const label = orphan ?? copyDetail(copy);
  const origin = { filePart: name, ...(label ? { detail: label } : {}) };
  const id = fateKey(name, copy);
  const file = name.split('/').pop()!;
  if (kind === 'image') {
    c.images.push({ id, bytes: data, mediaType: sniffImage(data)!, origin });
    return;
  }
  if (kind === 'svg') {
    // A picture drawn in SVG (Word shows it over its PNG fallback, which may show something else):
    // scanned as the drawing it is, its text where it is drawn and its lettering drawn as outlines
    // OCR'd (see @prepub/extractors svg-outlines.ts).
    c.embedded.push({ name: file, bytes: data, origin: { filePart: name, detail: orphan ? `${orphan}; SVG picture` : withCopyDetail('SVG picture', copy)! } });
    return;
  }
  if (kind === 'zip' || kind === 'pdf') {
    c.embedded.push({ name: file, bytes: data, origin: { filePart: name, detail: orphan ?? withCopyDetail(/embeddings\//i.test(name) ? 'embedded object' : 'package part', copy)! } });
    return;
  }
  if (kind === 'emf' || kind === 'wmf') {
    c.unread.push({ where: id, reason: 'unsupported-format', detail: `${file} is a vector picture (${kind.toUpperCase()}); its text and drawing were not read or OCR'd.`, origin });
    return;
  }
  if (/vbaProject\.bin$/i.test(name)) {
    c.unread.push({ where: id, reason: 'embedded-object', detail: 'The document carries a macro project (VBA); its code and strings were not scanned.', origin });
    return;
  }
  if (kind === 'ole' || /\.bin$/i.test(name)) {
    const ole = olePayloads(data);
    // What is not read stays unread; the words in it are read as hidden text all the same, so a
    // marking there (an ActiveX text box's value: Forms 2.0 keeps it in UTF-16) is found and located.
    const words = new PartBuilder(`${id}#strings`, 'hidden', { filePart: name, detail: `words found in the streams of ${file} that were not read` });
    for (const bytes of ole ? ole.unreadBytes : [data]) {
      for (const t of streamStrings(bytes)) (words.append(t), words.endParagraph({ kind: 'paragraph' }));
    }
    if (!words.blank) c.parts.push(words.toPart());
    if (ole && ole.payloads.length) {
      for (const p of ole.payloads) c.embedded.push({ name: p.name, bytes: p.bytes, origin: { filePart: name, detail: `${orphan ?? withCopyDetail('embedded object', copy)!}, OLE stream ${p.stream.replace(/[\x00-\x1f]/g, '')}` } });
      if (ole.unread.length) c.unread.push({ where: id, reason: 'embedded-object', detail: `${file} is an embedded OLE object; its streams ${ole.unread.slice(0, 5).join(', ')} were not scanned.`, origin });
      return;
    }
    c.unread.push({ where: id, reason: 'embedded-object', detail: `${file} is an embedded OLE object (for example an old Office file, a package or an equation); its content was not scanned.`, origin });
    return;
  }
  if (orphan) {
    c.unread.push({ where: id, reason: 'embedded-object', detail: `${name} is in the package but ${ORPHAN}; it is of unknown format and its content was not scanned.`, origin });
    return;
  }
  c.unread.push({ where: id, reason: 'unsupported-format', detail: `${file} is a package part of unknown format; it was not read.`, origin });
}

function fateKey(name: string, copy: CopyLabel): string {
  return copy.dup && copy.dup.k > 1 ? `${name}#copy${copy.dup.k}` : name;
}

const ORPHAN = 'not referenced by the document';
const TEXT_NAME = /\.(xml|rels|vml|txt|html?|xhtml|json|csv|md)$/i;


/**
 * An entry no relationship leads to. Word never shows it, but it travels with the file and anyone
 * can unzip it (a marked original left beside the blanked part the relationships name): its text
 * is read as hidden, WordprocessingML by the story reader, other XML by its text and attribute
 * values. Pictures go to OCR and packages to the scan; what cannot be read is reported.
 */
function readOrphan(c: Ctx, e: ZipEntry, copy: CopyLabel, styles: Styles, numbering: Numbering): void {
  const data = readCopy(c, e, copy);
  if (data === undefined) return;
  const name = e.name;
  const id = fateKey(name, copy);
  const detail = withCopyDetail(ORPHAN, copy)!;
  const origin = { filePart: name, detail };
  const kind = sniffBinary(data);
  // An RTF document or a MIME message (an MHTML altChunk left without its relationship) is a file
  // of its own: read as plain text, its base64 or escapes would hide its words.
  const head = Buffer.from(data.subarray(0, 512)).toString('latin1');
  if (kind === 'unknown' && (/^\s*\{\\rtf/.test(head) || /^\s*(?:[\w-]+:[^\r\n]*\r?\n)*?(?:MIME-Version|Content-Type):/i.test(head))) {
    const file = name.split('/').pop()!;
    c.embedded.push({ name: /^\s*\{\\rtf/.test(head) ? file : file.replace(/(\.\w+)?$/, '.eml'), bytes: data, origin });
    return;
  }
  if (TEXT_NAME.test(name) || kind === 'svg' || (kind === 'unknown' && looksLikeText(data))) {
    const text = decodeXml(data);
    const comments = /^\s*</.test(text) ? xmlCommentsPart(text, `${id}#xml-comments`, name) : undefined;
    if (comments) c.parts.push(comments);
    if (/<([\w.-]+:)?(document|hdr|ftr|footnotes|endnotes|comments|glossaryDocument)[\s>]/.test(text) && /<([\w.-]+:)?(t|p)[\s>]/.test(text)) {
      const root = new PartBuilder(id, 'hidden', { ...origin });
      // The story reader looks for elements by name, here as in a referenced part.
      noteAsked(c, name, copy, text);
      const r = walkStory(text, { filePart: name, root, styles, numbering, label: `${name} (${ORPHAN})` });
      for (const b of [root, ...r.textBoxes, ...sideParts(r)]) {
        if (b !== root) b.origin.detail = withCopyDetail(`${b.origin.detail ?? ''}; ${ORPHAN}`, copy);
        if (copy.dup && copy.dup.k > 1 && b !== root) b.id = `${b.id}#copy${copy.dup.k}`;
        if (!b.blank) c.parts.push(b.toPart());
      }
      if (root.blank) c.fates.set(id, 'structure: story part with no text, not referenced by the document');
      return;
    }
    const b = /^\s*</.test(text) ? xmlTextAndAttributes(text, id, 'hidden', detail, name) : plainTextLines(text, id, detail, name);
    if (!b.blank) c.parts.push(b.toPart());
    else c.fates.set(id, 'structure: holds no text or attribute values');
    return;
  }
  if (THUMBNAIL.test(name) && kind !== 'image') {
    c.fates.set(id, 'harmless: thumbnail preview of the first page (not a picture OCR reads)');
    return;
  }
  readBinary(c, e, copy, data, kind, detail);
}

/** The DOCX {@link Extractor}: bytes of a Word package in, located text parts out. */
export const docxExtractor: Extractor = {
  format: 'docx',
  extract: (bytes, ctx) => extractDocx(bytes, ctx),
};
