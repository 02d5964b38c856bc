/**
 * The OFD container: a ZIP read by the DOCX reader's inflater and entry index (every copy of a
 * duplicated name, directory/local-header disagreements, a recovered directory, zip-bomb limits),
 * with OFD's path rules: ST_Loc paths are absolute from the package root (`/Doc_0/…`) or relative
 * to the file that names them; names are compared without case, as readers do.
 */
import { PartBuilder, type EmbeddedFile, type ExtractContext, type Extraction, type ImageRef, type PartOrigin } from '@prepub/core';
import { EntryError, InflateBudget, type ZipDirectory, type ZipEntry } from '@prepub/extract-docx/zip';
import { decodeXml } from '@prepub/extract-docx/xml';
import { dirOf, indexEntries, inflateChecked, resolvePath } from '@prepub/extract-docx/package';
import { parseTree, unconsumed, type El } from './xml.ts';

export type OfdResult = Extraction & { images: ImageRef[]; embedded: EmbeddedFile[]; loss: NonNullable<Extraction['loss']>; info: NonNullable<Extraction['info']> };

/** Joins an ST_Loc to the folder of the file naming it (trimmed, `\\` read as `/`); a leading `/` means the root. */
export function resolveLoc(fromDir: string, loc: string): string {
  return resolvePath(fromDir, loc, true);
}

export { dirOf };

export class OfdPackage {
  private readonly copies: Map<string, ZipEntry[]>;
  /** Entry names as the first copy spells them, in archive order. */
  readonly names: string[];
  readonly handled = new Set<ZipEntry>();
  /** Why an entry the reader does not draw is in the package (a file of an earlier version), by lower-case name. */
  readonly labels = new Map<string, string>();
  private readonly budget: InflateBudget;
  private exhausted = false;
  private readonly recovered: boolean;
  private lastYield = performance.now();
  /** Parts parsed by {@link xml}, first tree per path: what readers left of them is read at the end. */
  private readonly trees = new Map<string, { path: string; root: El; origin: PartOrigin }>();
  private readonly damaged = new Set<string>();

  constructor(
    private readonly bytes: Uint8Array,
    dir: ZipDirectory,
    private readonly ctx: ExtractContext,
    readonly result: OfdResult,
  ) {
    this.budget = new InflateBudget(ctx.limits);
    this.recovered = !!dir.recovered;
    // Every copy of a duplicated name is read, and the duplicate reported (once, before the aliases below).
    ({ copies: this.copies, names: this.names } = indexEntries(dir, result, true));
    // Names written without the UTF-8 flag were decoded byte for byte; Windows tools write them in
    // GBK (or UTF-8 without saying so), while the XML names them in Unicode: both spellings find the entry.
    for (const [key, list] of [...this.copies]) {
      if (list[0].flags & 0x800 || !/[^\x00-\x7f]/.test(key)) continue;
      const raw = Uint8Array.from(list[0].name, (c) => c.charCodeAt(0) & 0xff);
      for (const label of ['utf-8', 'gb18030']) {
        try {
          const alias = new TextDecoder(label, { fatal: true }).decode(raw).toLowerCase();
          if (!this.copies.has(alias)) this.copies.set(alias, list);
          break;
        } catch {
          // Not this encoding: try the next.
        }
      }
    }
  }

  has(path: string): boolean {
    return this.copies.has(path.toLowerCase());
  }

  /** The first of `candidates` that is in the package. */
  find(candidates: string[]): string | undefined {
    return candidates.find((c) => c && this.has(c));
  }

  /** Every copy of `path` (later copies of a duplicated name are read as leftovers). */
  entries(path: string): ZipEntry[] {
    return this.copies.get(path.toLowerCase()) ?? [];
  }

  /** The bytes of the first copy of `path`; damage, truncation, checksum and limits are reported. */
  read(path: string): Uint8Array | undefined {
    const e = this.entries(path)[0];
    return e && this.readEntry(e);
  }

  /** Marks `path` as dealt with (a font: nothing to read). */
  skip(path: string): void {
    for (const e of this.entries(path)) this.handled.add(e);
  }

  /**
   * The element tree of an XML part. A part that is not well-formed is reported damaged (what was
   * parsed is still returned and read); a part nested beyond reason is not parsed (a limit).
   */
  xml(path: string, what: string, origin: PartOrigin = { filePart: path }): El | undefined {
    const data = this.read(path);
    if (!data) return undefined;
    let parsed;
    try {
      parsed = parseTree(decodeXml(data), `${path} (${what})`);
    } catch (err) {
      const reason = err instanceof EntryError ? err.reason : 'corrupt';
      this.result.unread.push({ where: path, reason, detail: sentence(err instanceof Error ? err.message : String(err)), origin });
      return undefined;
    }
    if (parsed.damage) this.damage(path, `${path} (${what})`, parsed.damage, decodeXml(data), origin);
    if (parsed.root && !this.trees.has(path.toLowerCase())) this.trees.set(path.toLowerCase(), { path, root: parsed.root, origin });
    return parsed.root;
  }

  /**
   * A part that is not well-formed is unread (corrupt): the reader looks for the elements it knows,
   * and what the damage turned into stray text (a `TextCode` whose tag lost a letter) would be
   * passed over. Its text and attributes are read as well, so a marking in it is still found.
   */
  damage(path: string, which: string, why: string, xml: string, origin: PartOrigin): void {
    if (this.damaged.has(path.toLowerCase())) return;
    this.damaged.add(path.toLowerCase());
    this.result.unread.push({ where: path, reason: 'corrupt', detail: `${which} is damaged XML (${why}): what the damage hides from the reader cannot be told, so the part is not counted as read; its text and attributes were read apart.`, origin });
    let root: El | undefined;
    try {
      root = parseTree(xml, which).root;
    } catch (err) {
      // Nested beyond the limit: already reported by the parse that found the damage.
      if (!(err instanceof EntryError)) throw err;
      return;
    }
    const b = new PartBuilder(`${path}#damaged`, 'hidden', { ...origin, filePart: origin.filePart ?? path, detail: 'text and attributes of a damaged XML part' });
    const line = (t: string) => {
      if (t.trim()) b.append(t.trim()), b.endParagraph({ kind: 'paragraph' });
    };
    const walk = (el: El) => {
      for (const k in el.attrs) if (!k.startsWith('xmlns')) line(el.attrs[k]);
      // A damaged tag the parser kept as text stands apart from the text after it; its quoted values are lines of their own.
      const text = el.text;
      let last = 0;
      for (const m of text.matchAll(/<[^<>]*>?/g)) {
        line(text.slice(last, m.index));
        for (const q of m[0].matchAll(/"([^"]*)"|'([^']*)'/g)) line(q[1] ?? q[2] ?? '');
        last = m.index + m[0].length;
      }
      line(text.slice(last));
      for (const c of el.children) walk(c);
    };
    if (root) walk(root);
    if (!b.blank) this.result.parts.push(b.toPart());
  }

  /**
   * Text and attribute values of the parsed parts that no reader consumed (elements the reader does
   * not know, such as a renamed one), one hidden part per file part: in the file, shown by no
   * reader of this package, and read all the same.
   */
  readUnconsumed(): void {
    for (const { path, root, origin } of this.trees.values()) {
      if (this.damaged.has(path.toLowerCase())) continue;
      const left = unconsumed(root);
      if (!left.length) continue;
      const b = new PartBuilder(`${path}#unknown-elements`, 'hidden', { ...origin, filePart: origin.filePart ?? path, detail: 'text and attributes of elements the reader does not know' });
      for (const t of left) b.append(t), b.endParagraph({ kind: 'paragraph' });
      this.result.parts.push(b.toPart());
    }
  }

  readEntry(e: ZipEntry, copy?: string): Uint8Array | undefined {
    this.handled.add(e);
    const which = copy ? `${e.name} (${copy})` : e.name;
    const origin: PartOrigin = { filePart: e.name, ...(copy ? { detail: copy } : {}) };
    const reading = { bytes: this.bytes, budget: this.budget, recovered: this.recovered, exhausted: this.exhausted };
    const data = inflateChecked(reading, e, which, (u) => this.result.unread.push({ where: which, origin, ...u }), 'package');
    this.exhausted = reading.exhausted;
    return data;
  }


  /** Entries not read yet, every copy, in archive order of names. */
  *unhandled(): Generator<{ entry: ZipEntry; copy?: string }> {
    for (const name of this.names) {
      const list = this.entries(name);
      for (let i = 0; i < list.length; i++) {
        if (this.handled.has(list[i])) continue;
        yield { entry: list[i], ...(list.length > 1 ? { copy: `duplicate entry ${i + 1} of ${list.length}` } : {}) };
      }
    }
  }

  get inflated(): number {
    return this.budget.inflated;
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
}

export function sentence(s: string): string {
  const t = s.charAt(0).toUpperCase() + s.slice(1);
  return /[.。]$/.test(t) ? t : `${t}.`;
}
