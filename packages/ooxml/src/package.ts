/**
 * One Office Open XML package, read completely: the parts a format reader asks for, then every
 * entry it did not (pictures to OCR, nested packages and PDFs to the scan, charts and other XML as
 * text, entries no relationship leads to as hidden text, the rest reported). The ZIP is read by
 * the DOCX reader's inflater, so the same zip-bomb limits hold for every OOXML format.
 */
import { PartBuilder, type EmbeddedFile, type ExtractContext, type Extraction, type ImageRef, type PartOrigin, type PartRole, type UnreadItem } from '@prepub/core';
import { InflateBudget, readDirectory, type ZipEntry } from '@prepub/extract-docx/zip';
import { ReadTexts, decodeXml, unreadElementsPart, xmlDamage } from '@prepub/extract-docx/xml';
import { chartFormatsPart } from '@prepub/extract-docx/number-format';
import { metafileText } from './metafile.ts';
import { olePayloads } from '@prepub/extract-docx/ole';
import { inflateChecked, includesUtf16, indexEntries, inkStrokes, inkUnread, internalTargets, reachedParts, looksLikeText, parseRels, plainTextLines, xmlCommentsPart, xmlTextAndAttributes, readProperties, relsPathOf, sniffBinary, sniffImage, type Rel } from '@prepub/extract-docx/package';

/** How the leftovers of a package are read: which reached parts are layout only, what role other XML gets. */
export interface LeftoverPolicy {
  /** Reached parts that carry layout or package structure only (themes, styles, printer settings). */
  structure: RegExp[];
  /**
   * Role and detail of a reached XML part the reader did not read itself (a chart, a diagram), and
   * which of its attribute values are read: every one (`true`, for copies of data such as a pivot
   * cache), none (`false`), or by default those people write (`'text'`: a slicer's caption, a
   * table column's name, a comment author; ids, numbers, enumerations and URIs left out).
   */
  xmlRole(name: string): { role: PartRole; detail: string; attributes?: boolean | 'text' };
  /** Origin (page, detail) of a picture or object, when the reader knows who shows it. */
  originOf?(name: string): PartOrigin | undefined;
}

/** A relationship id attribute (`r:id`, whatever its prefix), never a plain `id`. */
export function relId(attrs: Record<string, string>): string | undefined {
  for (const k in attrs) if (/^[\w.-]+:id$/.test(k) && !k.startsWith('xmlns')) return attrs[k];
  return undefined;
}

/** Parts that never hold document text, reached or not. */
const HARMLESS = /(^|\/)fonts\/|\.(odttf|ttf|otf|ttc|fntdata|eot|woff2?)$/i;
const THUMBNAIL = /^docProps\/thumbnail\.[^/]+$/i;
/**
 * Parts that name other parts (relationships, content types): their text is part names and
 * addresses, never a format's text, so {@link OpcPackage.xmlText} leaves them as written — a part
 * named `sheet_x0031_.xml` stays that name.
 */
const PACKAGE_NAMES = /(^|\/)(_rels\/[^/]*\.rels|\[content_types\]\.xml)$/i;
const ORPHAN = 'not referenced by the document';

export class OpcPackage {
  /** Every entry of a part name (compared without case), in archive order. */
  private readonly copies: Map<string, ZipEntry[]>;
  /** Part names as the first copy spells them, in archive order. */
  readonly names: string[];
  private readonly handled = new Set<ZipEntry>();
  private readonly budget: InflateBudget;
  private exhausted = false;
  private readonly recovered: boolean;
  private readonly relsCache = new Map<string, Map<string, Rel>>();
  /** XML parts already reported as damaged (a part may be asked for more than once). */
  private readonly damaged = new Set<string>();
  /** XML parts a reader asked for, first copy: what the reading does not hold of them is read in {@link finish}. */
  private readonly asked = new Map<string, { path: string; xml: string }>();
  /** Text a reader took from one part and shows in the parts of others (shared strings), by the part it came from. */
  private readonly shownElsewhere: Array<[string, string]> = [];
  /** The same text, by the part whose reading shows it: it answers for no character data of that part. */
  private readonly borrowed: Array<[string, string]> = [];
  private lastYield = performance.now();
  /**
   * What the format makes of an XML part's text before anything reads it (a workbook's `_xHHHH_`
   * escapes, {@link unescapeXstrings}): applied to every XML part, those a reader asks for and
   * those read as leftovers alike.
   */
  xmlText: ((xml: string) => string) | undefined;

  private constructor(
    private readonly bytes: Uint8Array,
    private readonly ctx: ExtractContext,
    readonly result: Extraction & { images: ImageRef[]; embedded: EmbeddedFile[] },
  ) {
    const dir = readDirectory(bytes, ctx.limits.maxArchiveEntries);
    this.budget = new InflateBudget(ctx.limits);
    this.recovered = !!dir.recovered;
    // Mismatches between directory and local headers are reported; the entries are still read.
    // Which copy of a duplicated name an application shows is up to it: every copy is read (the later ones as leftovers), and the duplicate is reported.
    ({ copies: this.copies, names: this.names } = indexEntries(dir, result, true));
    result.info = { ...(result.info ?? {}), entries: dir.entries.length };
  }

  /**
   * Opens the package of `bytes` into `result`. An OLE file (a password-protected Office package or
   * a legacy binary document) and a file that is no ZIP are reported, and `undefined` returned.
   */
  static open(bytes: Uint8Array, ctx: ExtractContext, result: Extraction & { images: ImageRef[]; embedded: EmbeddedFile[] }, legacy: string): OpcPackage | undefined {
    if (bytes[0] === 0xd0 && bytes[1] === 0xcf && bytes[2] === 0x11 && bytes[3] === 0xe0) {
      const encrypted = includesUtf16(bytes, 'EncryptionInfo') || includesUtf16(bytes, 'EncryptedPackage');
      result.unread.push(
        encrypted
          ? { where: 'file', reason: 'encrypted', detail: 'The document is password-protected (an encrypted Office package); its content cannot be read without the password.' }
          : { where: 'file', reason: 'unsupported-format', detail: `The file is an OLE compound file (${legacy}), which is not read.` },
      );
      return undefined;
    }
    if (!(bytes[0] === 0x50 && bytes[1] === 0x4b)) {
      result.unread.push({ where: 'file', reason: 'corrupt', detail: 'The file is not an Office package (no ZIP signature); it could not be read.' });
      return undefined;
    }
    return new OpcPackage(bytes, ctx, result);
  }

  has(path: string): boolean {
    return this.copies.has(path.toLowerCase());
  }

  /**
   * The bytes of the first copy of `path` (later copies are read as leftovers). A copy that cannot
   * be inflated, is cut short or fails its checksum is reported.
   */
  read(path: string): Uint8Array | undefined {
    const e = this.copies.get(path.toLowerCase())?.[0];
    return e && this.readEntry(e);
  }

  /**
   * The bytes of the first copy of `path` without taking the part over: it is still read as a
   * leftover unless the reader asks for it (to decide whether a part is one the reader models).
   */
  peek(path: string): Uint8Array | undefined {
    const e = this.copies.get(path.toLowerCase())?.[0];
    if (!e) return undefined;
    // The package's own budget: a peek counts against the zip-bomb limits as any read does.
    const reading = { bytes: this.bytes, budget: this.budget, recovered: this.recovered, exhausted: this.exhausted };
    const data = inflateChecked(reading, e, e.name, () => undefined);
    this.exhausted = reading.exhausted;
    return data;
  }

  /**
   * The first copy of an XML part, decoded. A part that is not well-formed (a `<` that opens no
   * tag, a tag never closed, a closing tag that does not match) is unread (`corrupt`): the format
   * reader looks for the elements it knows, and what the damage turned into stray text (a sheet's
   * name, a slide's text) would be passed over. Its text and attributes are read as well, so a
   * marking in it is still found.
   */
  xml(path: string): string | undefined {
    const data = this.read(path);
    const decoded = data && decodeXml(data);
    if (decoded === undefined) return undefined;
    const xml = this.xmlText && !PACKAGE_NAMES.test(path) ? this.xmlText(decoded) : decoded;
    const damage = xmlDamage(xml);
    if (damage && !this.damaged.has(path.toLowerCase())) {
      this.damaged.add(path.toLowerCase());
      this.result.unread.push({ where: path, reason: 'corrupt', detail: `${path} is not well-formed XML (${damage}): what the damage hides from the reader cannot be told, so the part is not counted as read.`, origin: { filePart: path } });
      const b = xmlTextAndAttributes(xml, `${path}#damaged`, 'hidden', 'text and attributes of a damaged XML part', path, true);
      if (!b.blank) this.result.parts.push(b.toPart());
    }
    if (!this.asked.has(path.toLowerCase())) this.asked.set(path.toLowerCase(), { path, xml });
    return xml;
  }

  /**
   * Records `texts` as read of the part at `path` though shown in other parts' text (the shared
   * strings a workbook's cells show): what the reader passed over in `path` is compared with them.
   */
  readFrom(path: string, texts: Iterable<string>): void {
    for (const t of texts) this.shownElsewhere.push([path, t]);
  }

  /**
   * Records that the reading of the part at `path` shows `texts` taken from another part (a
   * sheet's cells show shared strings): they are in that part's text but not in its XML, so they
   * answer for none of its character data.
   */
  borrows(path: string, texts: Iterable<string>): void {
    for (const t of texts) this.borrowed.push([path, t]);
  }

  /**
   * Text and non-ASCII attribute values of the XML parts read that the reading of the same part
   * does not hold (an element the reader does not know, such as one renamed), one hidden part per
   * file part: the reader looks for elements by name, and what it passed over is still in the file.
   */
  private readUnread(): void {
    const read = new ReadTexts(this.result.parts);
    for (const [path, t] of this.shownElsewhere) read.add(path, t);
    for (const [path, t] of this.borrowed) read.of(path).take(t);
    for (const { path, xml } of this.asked.values()) {
      const comments = xmlCommentsPart(xml, `${path}#xml-comments`, path);
      if (comments) this.result.parts.push(comments);
      if (this.damaged.has(path.toLowerCase())) continue;
      const part = unreadElementsPart(`${path}#unread-elements`, path, xml, read.of(path));
      if (part) this.result.parts.push(part);
    }
  }

  private readEntry(e: ZipEntry, copy?: string): Uint8Array | undefined {
    this.handled.add(e);
    const which = copy ? `${e.name} (${copy})` : e.name;
    const origin: PartOrigin = { filePart: e.name, ...(copy ? { detail: copy } : {}) };
    const reading = { bytes: this.bytes, budget: this.budget, recovered: this.recovered, exhausted: this.exhausted };
    const data = inflateChecked(reading, e, which, (u) => this.result.unread.push({ where: which, origin, ...u }));
    this.exhausted = reading.exhausted;
    return data;
  }


  /**
   * Where the package's external relationships point (a cell's or a slide's hyperlink, a linked
   * picture, a linked workbook), one line per target, as a metadata part of each relationships
   * file, as the DOCX reader does: the address is published with the file, and a percent-encoded
   * one (…/%E6%9C%BA%E5%AF%86%E2%98%855%E5%B9%B4.docx) is read decoded as well — only its raw
   * form had been checked, which holds no letter outside ASCII, so a marking so written passed.
   */
  private readExternalTargets(): void {
    for (const name of this.names) {
      const m = /^(.*?)_rels\/([^/]*)\.rels$/i.exec(name);
      if (!m) continue;
      const part = m[1] === '' && m[2] === '' ? '' : `${m[1]}${m[2]}`;
      const seen = new Set<string>();
      let b: PartBuilder | undefined;
      for (const r of this.rels(part).values()) {
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
          b ??= new PartBuilder(`${name}#external`, 'metadata', { filePart: name, detail: 'external relationship targets (links, linked pictures and workbooks)' });
          b.append(t);
          b.endParagraph({ kind: 'paragraph' });
        }
      }
      if (b && !b.blank) this.result.parts.push(b.toPart());
    }
  }

  /** Relationships of `part` (empty when it has none), read once. */
  rels(part: string): Map<string, Rel> {
    const path = part === '' ? '_rels/.rels' : relsPathOf(part);
    const key = path.toLowerCase();
    const cached = this.relsCache.get(key);
    if (cached) return cached;
    const xml = this.has(path) ? this.xml(path) : undefined;
    const rels = xml ? parseRels(xml, part) : new Map<string, Rel>();
    this.relsCache.set(key, rels);
    return rels;
  }

  /** Internal targets of `part`'s relationships of `type` (`worksheet`, `slide`, `image` …). */
  targets(part: string, type: string): string[] {
    return [...this.rels(part).values()].filter((r) => r.type === type && !r.external).map((r) => r.target);
  }

  /** The main part the package relationships name (`xl/workbook.xml`), or `fallback`. */
  mainPart(fallback: string): string {
    const t = this.targets('', 'officeDocument')[0];
    return t && this.has(t) ? t : fallback;
  }

  /** docProps core/app/custom properties, one part each. */
  readProperties(): void {
    for (const [path, kind] of [['docProps/core.xml', 'core'], ['docProps/app.xml', 'app'], ['docProps/custom.xml', 'custom']] as const) {
      if (!this.has(path)) continue;
      const xml = this.xml(path);
      if (xml) for (const b of readProperties(xml, path, kind)) this.result.parts.push(b.toPart());
    }
  }

  /** Yields to the event loop now and then so an abort can be seen during a long document. */
  async checkpoint(): Promise<void> {
    const now = performance.now();
    if (now - this.lastYield > 25) {
      await new Promise((r) => setImmediate(r));
      this.lastYield = performance.now();
    }
    if (this.ctx.signal?.aborted) throw new Error('aborted');
  }

  /** Part names the relationships lead to, from the package relationships on. */
  private reached(): Set<string> {
    return reachedParts(internalTargets(this.rels('')), (p) => this.has(p), (p) => this.rels(p));
  }

  /** Reads every entry the format reader did not: nothing in the package is passed over. */
  finish(policy: LeftoverPolicy): void {
    this.readExternalTargets();
    this.readUnread();
    const reached = this.reached();
    this.reportRenamedParts(reached);
    for (const name of [...this.names].sort(natural)) {
      const copies = this.copies.get(name.toLowerCase())!;
      copies.forEach((e, i) => {
        if (this.handled.has(e)) return;
        const copy = copies.length > 1 ? `duplicate entry ${i + 1} of ${copies.length}` : undefined;
        if (/\/$/.test(e.name) || HARMLESS.test(e.name)) return this.handled.add(e), undefined;
        const isReached = reached.has(e.name.toLowerCase()) && !copy;
        if (isReached && policy.structure.some((re) => re.test(e.name))) return this.handled.add(e), undefined;
        const data = this.readEntry(e, copy);
        if (data) this.leftover(e, data, isReached ? copy : [copy, ORPHAN].filter(Boolean).join('; '), isReached, policy);
      });
    }
    this.readPartNames();
    this.result.info = { ...(this.result.info ?? {}), inflatedBytes: this.budget.inflated };
  }

  /**
   * Names of the package's entries that are words, not the ASCII names Office writes
   * (xl/机密★5年.xml, word/embeddings/附件一.docx): whoever unpacks the file sees them. Each is
   * read as written, a line of its own.
   */
  private readPartNames(): void {
    const b = new PartBuilder('package#part-names', 'metadata', { filePart: 'package', detail: 'names of the package\'s entries' });
    for (const name of this.names) {
      if (/^[\x00-\x7f]*$/.test(name)) continue;
      b.append(name);
      b.endParagraph({ kind: 'paragraph' });
    }
    if (!b.blank) this.result.parts.push(b.toPart());
  }

  /**
   * A part the relationships name but the package lacks, while entries nothing names are present:
   * the part may be one of them under another name (`xl/styles.xml` moved to `unused/styles.xml`).
   * Read apart, its text no longer applies where the document shows it (a number format that
   * writes 机密★ before a cell's 5年), so the reading is not counted as complete. A missing target
   * with no unnamed entry beside it hides nothing and is left alone.
   */
  private reportRenamedParts(reached: Set<string>): void {
    const missing = [...reached].filter((k) => k !== '[content_types].xml' && k !== '_rels/.rels' && !this.has(k) && !/\/$/.test(k));
    if (!missing.length) return;
    const unnamed = this.names.filter((n) => !reached.has(n.toLowerCase()) && !/\/$/.test(n) && !HARMLESS.test(n) && !THUMBNAIL.test(n) && !/^\[content_types\]\.xml$/i.test(n) && !/(^|\/)_rels\/[^/]*\.rels$/i.test(n));
    if (!unnamed.length) return;
    const list = (xs: string[]) => xs.slice(0, 5).join(', ') + (xs.length > 5 ? ` and ${xs.length - 5} more` : '');
    this.result.unread.push({
      where: 'package',
      reason: 'corrupt',
      detail: `The package names ${list(missing)}, which it does not hold, and holds ${list(unnamed)}, which nothing names: a part under another name is read apart, not where the document shows it, so how the document reads cannot be told.`,
      origin: { filePart: missing[0] },
    });
  }

  private leftover(e: ZipEntry, data: Uint8Array, label: string | undefined, reached: boolean, policy: LeftoverPolicy): void {
    const name = e.name;
    const id = label ? `${name}#${label.replace(/\W+/g, '-')}` : name;
    const known = policy.originOf?.(name);
    const origin: PartOrigin = { ...known, filePart: name, ...(label || known?.detail ? { detail: [known?.detail, label].filter(Boolean).join('; ') } : {}) };
    const kind = sniffBinary(data);
    const file = name.split('/').pop()!;
    if (kind === 'image') {
      this.result.images.push({ id, bytes: data, mediaType: sniffImage(data)!, origin });
      return;
    }
    if (kind === 'zip' || kind === 'pdf') {
      this.result.embedded.push({ name: file, bytes: data, origin: { ...origin, detail: origin.detail ?? (/embeddings\//i.test(name) ? 'embedded object' : 'package part') } });
      return;
    }
    if (kind === 'svg' && !/\.(xml|vml|rels)$/i.test(name)) {
      // A picture drawn in SVG (Office shows it over its PNG fallback): scanned as the picture it
      // is, its text where it is drawn; what it draws otherwise (letters as paths) is not OCR'd.
      this.result.embedded.push({ name: file, bytes: data, origin: { ...origin, detail: origin.detail ?? 'SVG picture' } });
      this.result.unread.push({ where: id, reason: 'unsupported-format', detail: `${file} is a vector picture (SVG); its text was read, its drawing was not OCR'd.`, origin });
      return;
    }
    if (/\.(xml|vml|rels)$/i.test(name) || (kind === 'unknown' && looksLikeText(data))) {
      const decoded = decodeXml(data);
      const ink = inkStrokes(this.xmlText && /\.(xml|vml)$/i.test(name) && !PACKAGE_NAMES.test(name) ? this.xmlText(decoded) : decoded);
      if (ink.strokes) this.result.unread.push({ where: id, ...inkUnread(name, ink.strokes), origin });
      const xml = ink.xml;
      // Damage is reported here as for the parts a reader asks for: what turned into stray text (a
      // table column's name written as `< ableColumn name="机密★5年"/>`) is read, but not as read whole.
      // VML (legacy drawings) is HTML-like and often not well-formed by design: only .xml parts.
      const damage = /\.xml$/i.test(name) && /^\s*</.test(xml) ? xmlDamage(xml) : undefined;
      if (damage && !this.damaged.has(name.toLowerCase())) {
        this.damaged.add(name.toLowerCase());
        this.result.unread.push({ where: id, reason: 'corrupt', detail: `${name} is not well-formed XML (${damage}): what the damage hides from the reader cannot be told, so the part is not counted as read.`, origin });
      }
      const comments = /^\s*</.test(xml) ? xmlCommentsPart(xml, `${id}#xml-comments`, name) : undefined;
      if (comments) this.result.parts.push(comments);
      const { role, detail, attributes } = reached ? policy.xmlRole(name) : { role: 'hidden' as const, detail: label ?? ORPHAN, attributes: true };
      const b = /^\s*</.test(xml) ? xmlTextAndAttributes(xml, id, role, reached && label ? `${detail}; ${label}` : detail, name, attributes ?? 'text') : plainTextLines(xml, id, detail, name);
      if (!b.blank) this.result.parts.push(b.toPart());
      // A chart's labels are drawn through its number formats: literal text in one is shown on them.
      const formats = /^\s*</.test(xml) ? chartFormatsPart(xml, id, role, b.origin.detail ?? detail, name) : undefined;
      if (formats) this.result.parts.push(formats);
      return;
    }
    if (THUMBNAIL.test(name)) return;
    const unread = (reason: UnreadItem['reason'], detail: string) => this.result.unread.push({ where: id, reason, detail, origin });
    if (kind === 'emf' || kind === 'wmf') {
      // What its text records write is read (a marking in a pasted picture is found); the rest of
      // its drawing is not, so the picture stays unread.
      const { lines } = metafileText(data, kind);
      if (lines.length) {
        const b = new PartBuilder(id, 'text-box', { ...origin, detail: [origin.detail, `text drawn by a vector picture (${kind.toUpperCase()})`].filter(Boolean).join('; ') });
        for (const line of lines) b.append(line), b.endParagraph({ kind: 'paragraph' });
        this.result.parts.push(b.toPart());
      }
      unread('unsupported-format', `${file} is a vector picture (${kind.toUpperCase()}); ${lines.length ? 'the text its text records write was read, but its' : 'its text and'} drawing ${lines.length ? 'was' : 'were'} not read or OCR'd.`);
    }
    else if (/vbaProject\.bin$/i.test(name)) unread('embedded-object', 'The document carries a macro project (VBA); its code and strings were not scanned.');
    else if (kind === 'ole' || /\.bin$/i.test(name)) {
      // The file an OLE object wraps (a workbook in a Package stream, a Packager file, a PDF's
      // CONTENTS) is scanned, as the DOCX reader does; streams that are neither are reported.
      const ole = kind === 'ole' ? olePayloads(data) : undefined;
      for (const p of ole?.payloads ?? []) this.result.embedded.push({ name: p.name, bytes: p.bytes, origin: { ...origin, detail: `${origin.detail ?? 'embedded object'}, OLE stream ${p.stream.replace(/[\x00-\x1f]/g, '')}` } });
      if (ole?.payloads.length && ole.unread.length) unread('embedded-object', `${file} is an embedded OLE object; its streams ${ole.unread.slice(0, 5).join(', ')} were not scanned.`);
      else if (!ole?.payloads.length) unread('embedded-object', `${file} is an embedded OLE object (for example an old Office file, a package or an equation); its content was not scanned.`);
    }
    else unread(reached ? 'unsupported-format' : 'embedded-object', `${file} is a package part of unknown format; its content was not scanned.`);
  }
}


const collator = new Intl.Collator('en', { numeric: true });
function natural(a: string, b: string): number {
  return collator.compare(a, b);
}
