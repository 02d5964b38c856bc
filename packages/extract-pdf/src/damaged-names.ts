/**
 * Names damaged by one letter. A reader finds what a dictionary holds by the names of its keys and
 * the names of a few values: `/FontDescriptoq` where `/FontDescriptor` was, `/Typf` for `/Type`,
 * `/JavaScripu`, `/Subtype /Widgeq`. The bytes under such a name are all in the file, but no reader
 * takes them for what they were: a font loses its glyphs' meaning, a script or a stamp is skipped,
 * and the text they carried is gone without a word. Every other check sees an intact file.
 *
 * So a name no reader knows, one letter away from one a reader does know (same length, one
 * character changed), is damage when the dictionary lacks the name it resembles: whatever that
 * entry meant was not read as the file meant it, and the file is not called completely read.
 * Keys the file names itself (resource names, appearance states, the document information's own
 * keys, an application's private data) are not judged.
 */
import { readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { PDFArray, PDFDict, PDFName, PDFNumber, PDFRef, PDFStream, type PDFDocument, type PDFObject } from 'pdf-lib';
import { READER_NAMES } from './pdfjs-names.generated.ts';
import { refLabel, resolve, type DictVisitor } from './raw.ts';
import { message } from './util.ts';
import type { DocState } from './state.ts';

/** Dictionaries whose keys the file chooses: resource names, appearance states, field names of a schema, applications' data. */
const FREE_KEYS = new Set([
  'Font', 'XObject', 'ExtGState', 'Pattern', 'Shading', 'ColorSpace', 'Properties', 'CharProcs', 'N', 'R', 'D', 'Dests', 'ClassMap', 'RoleMap',
  'Colorants', 'Schema', 'PieceInfo', 'Private', 'Data', 'AP', 'MK', 'Extensions',
]);
/** Keys whose value is a name a reader acts on (a type, a filter, an action kind). */
const MEANINGFUL_VALUES = new Set(['Type', 'Subtype', 'FT', 'Filter', 'Encoding', 'BaseEncoding', 'CFM', 'StmF', 'StrF', 'EFF']);
/**
 * Names of the specification no reader needs to spell out, which real files use as keys: the
 * standard structure types (a role map or class map may key on them), an application's `/Data`,
 * font metrics pdf.js does not use, Acrobat's `/Flash` annotations.
 */
const SPEC_NAMES = new Set([
  'Document', 'DocumentFragment', 'Part', 'Sect', 'Div', 'Aside', 'NonStruct', 'Private', 'BlockQuote', 'Caption', 'Index', 'Title', 'FENote',
  'Strong', 'Span', 'Quote', 'Note', 'Reference', 'BibEntry', 'Code', 'Link', 'Annot', 'Ruby', 'Warichu', 'Figure', 'Formula', 'Form', 'Table',
  'THead', 'TBody', 'TFoot', 'LBody', 'Artifact', 'Data', 'MaxWidth', 'AvgWidth', 'Leading', 'XHeight', 'StemH', 'Flash',
]);
/** Names shorter than this are not compared: `/W` and `/X`, `/N` and `/D` are all real keys. */
const MIN_LENGTH = 4;
/** Most damaged names a loss lists. */
const MAX_LISTED = 5;

let byPattern: Map<string, string[]> | undefined;
/**
 * Known names by each one-letter wildcard of theirs (`Font\0escriptor` → FontDescriptor). Only
 * names spelled as PDF names are (a capital first): the list also holds the readers' own
 * identifiers (`maxWidth`, `heading`) and glyph names (`a112`), which no key resembles by damage.
 */
function patterns(): Map<string, string[]> {
  if (byPattern) return byPattern;
  const m = new Map<string, string[]>();
  for (const name of READER_NAMES) {
    if (name.length < MIN_LENGTH || !/^[A-Z]/.test(name)) continue;
    for (let i = 0; i < name.length; i++) {
      const p = `${name.slice(0, i)}\0${name.slice(i + 1)}`;
      const list = m.get(p);
      if (list) list.push(name);
      else m.set(p, [name]);
    }
  }
  return (byPattern = m);
}

/** The known name `written` is one letter away from and `has` does not hold, if any. */
export function meantName(written: string, has: (name: string) => boolean = () => false): string | undefined {
  if (written.length < MIN_LENGTH || READER_NAMES.has(written) || SPEC_NAMES.has(written)) return undefined;
  const m = patterns();
  for (let i = 0; i < written.length; i++) {
    // Not a digit for a digit (numbered names: glyphs `a115`/`a125`, `Type0`/`Type2`), not a
    // letter for itself in the other case (`SubType`, `Strikeout`: variants real files write).
    const c = written[i];
    for (const name of m.get(`${written.slice(0, i)}\0${written.slice(i + 1)}`) ?? []) {
      const d = name[i];
      if ((isDigit(c) && isDigit(d)) || c.toLowerCase() === d.toLowerCase() || has(name)) continue;
      return name;
    }
  }
  return undefined;
}

const isDigit = (c: string): boolean => c >= '0' && c <= '9';

export interface DamagedName {
  /** The object holding it (`object 12 0`). */
  object: string;
  written: string;
  meant: string;
  /** A key, or the value of the key named here. */
  asValueOf?: string;
  /** Not damaged but gone: what its dictionary cannot be without, said in full. */
  missing?: string;
}

/**
 * Looks for damaged names in every dictionary {@link forEachDict} hands it (see the module
 * comment). Whether a dictionary's keys are the file's own is known only once its holder is seen,
 * which may come later in the walk: names are judged when the walk is done.
 */
export function damagedNameVisitor(doc: PDFDocument): { visit: DictVisitor; result(): DamagedName[] } {
  const candidates: Array<DamagedName & { dict: PDFDict }> = [];
  const freeDicts = new Set<PDFDict>();
  const info = doc.context.trailerInfo.Info;
  const infoDict = resolve(doc, info);
  if (infoDict instanceof PDFDict) freeDicts.add(infoDict);
  return {
    visit(dict, owner) {
      // An encryption dictionary's crypt filters are named by /StmF, /StrF, /EFF and defined under
      // /CF: a damaged name on either side leaves streams or strings decrypted by no filter.
      const cf = dict.get(PDFName.of('CF'));
      const filters = resolve(doc, cf);
      if (filters instanceof PDFDict) {
        for (const key of ['StmF', 'StrF', 'EFF']) {
          const name = dict.get(PDFName.of(key));
          if (!(name instanceof PDFName) || name.decodeText() === 'Identity' || filters.has(name)) continue;
          const written = name.decodeText();
          candidates.push({ dict, object: refLabel(owner), written, meant: written, asValueOf: key, missing: `/${key} /${written} in ${refLabel(owner)} names a crypt filter its /CF does not define` });
        }
      }
      const unembedded = unembeddedSubset(doc, dict);
      if (unembedded) candidates.push({ dict, object: refLabel(owner), written: unembedded, meant: unembedded, missing: `the font /${unembedded} in ${refLabel(owner)} is a subset (its name says so) but embeds no glyph program` });
      if (pageWithoutMediaBox(doc, dict)) candidates.push({ dict, object: refLabel(owner), written: 'MediaBox', meant: 'MediaBox', missing: `the page ${refLabel(owner)} has no /MediaBox, its own or inherited: readers guess its size, and what they place outside their guess is lost` });
      for (const missing of paintingDamage(doc, dict, owner)) candidates.push({ dict, object: refLabel(owner), written: '', meant: '', missing });
      const font = fontDamage(doc, dict);
      if (font) candidates.push({ dict, object: refLabel(owner), written: font, meant: font, missing: `the font in ${refLabel(owner)} ${font}` });
      const annots = dict.get(PDFName.of('Annots'));
      const list = resolve(doc, annots);
      if (list instanceof PDFArray) {
        for (const a of list.asArray()) {
          const annot = resolve(doc, a);
          const sub = annot instanceof PDFDict ? annot.get(PDFName.of('Subtype')) : undefined;
          const kind = sub instanceof PDFName ? sub.decodeText() : undefined;
          if (annot instanceof PDFDict && (!kind || !ANNOTATION_KINDS.has(kind))) {
            const where = a instanceof PDFRef ? refLabel(a) : `an annotation of ${refLabel(owner)}`;
            candidates.push({ dict: annot, object: where, written: kind ?? '', meant: kind ?? '', missing: `${where} is an annotation of ${kind ? `the unknown kind /${kind}` : 'no kind'}: no reader draws it` });
          }
        }
      }
      let keys: Set<string> | undefined;
      for (const [k, v] of dict.entries()) {
        const key = k.decodeText();
        if (FREE_KEYS.has(key)) {
          const target = resolve(doc, v);
          if (target instanceof PDFDict) freeDicts.add(target);
        }
        if (key.length >= MIN_LENGTH && !READER_NAMES.has(key)) {
          keys ??= new Set(dict.keys().map((n) => n.decodeText()));
          const present = keys;
          const meant = meantName(key, (n) => present.has(n));
          if (meant) candidates.push({ dict, object: refLabel(owner), written: key, meant });
        }
        // An action's kind (`/S /JavaScript`); a structure element's `/S` (it has a parent, `/P`) is a role the file may choose.
        if (MEANINGFUL_VALUES.has(key) || (key === 'S' && !dict.has(PDFName.of('P')))) {
          for (const x of v instanceof PDFArray ? v.asArray() : [v]) {
            if (!(x instanceof PDFName)) continue;
            const written = x.decodeText();
            // A script action without its script: a key too short to judge by its letters (`/JS`) was damaged.
            if (key === 'S' && written === 'JavaScript' && !dict.has(PDFName.of('JS'))) {
              candidates.push({ dict, object: refLabel(owner), written: 'JS', meant: 'JS', missing: `no /JS in ${refLabel(owner)}, a script action that cannot be without it` });
              continue;
            }
            const meant = meantName(written);
            if (meant) candidates.push({ dict, object: refLabel(owner), written, meant, asValueOf: key });
          }
        }
      }
    },
    result: () => candidates.filter((c) => !freeDicts.has(c.dict)).map(({ dict: _, ...d }) => d),
  };
}

/** Font kinds whose glyph program a font descriptor carries. */
const DESCRIBED_FONTS = new Set(['Type1', 'MMType1', 'TrueType', 'CIDFontType0', 'CIDFontType2']);

/**
 * The name of a subset font (`ABCDEF+SimSun`) that embeds no glyph program: a subset is made for
 * one document and must travel with it, so one without its program (no descriptor, or none of
 * `/FontFile`, `/FontFile2`, `/FontFile3`) was damaged, and pdf.js reads its codes through a
 * stand-in that may turn them into spaces.
 */
function unembeddedSubset(doc: PDFDocument, dict: PDFDict): string | undefined {
  const base = dict.get(PDFName.of('BaseFont'));
  const subtype = dict.get(PDFName.of('Subtype'));
  if (!(base instanceof PDFName) || !(subtype instanceof PDFName) || !DESCRIBED_FONTS.has(subtype.decodeText())) return undefined;
  const name = base.decodeText();
  if (!/^[A-Z]{6}\+/.test(name)) return undefined;
  const fd = dict.get(PDFName.of('FontDescriptor'));
  const descriptor = resolve(doc, fd);
  if (descriptor instanceof PDFDict && ['FontFile', 'FontFile2', 'FontFile3'].some((k) => descriptor.has(PDFName.of(k)))) return undefined;
  return name;
}

/** Whether `dict` is a page with no `/MediaBox` of its own nor from any ancestor in the page tree. */
function pageWithoutMediaBox(doc: PDFDocument, dict: PDFDict): boolean {
  const type = dict.get(PDFName.of('Type'));
  if (!(type instanceof PDFName) || type.decodeText() !== 'Page') return false;
  let node: PDFDict | undefined = dict;
  for (let depth = 0; node && depth < 64; depth++) {
    if (node.has(PDFName.of('MediaBox'))) return false;
    const parent: PDFObject | undefined = node.get(PDFName.of('Parent'));
    const next: PDFObject | undefined = resolve(doc, parent);
    node = next instanceof PDFDict ? next : undefined;
  }
  return true;
}

const positive = (o: PDFObject | undefined): boolean => o instanceof PDFNumber && o.asNumber() > 0;

/**
 * What `dict` asks to have painted that no reader can paint, whatever its names were damaged
 * into: a page tree node's kid that is neither a page nor a node (pdf.js still shows it, the page
 * checks here that follow the tree by type skip it), a picture without its size (no reader
 * decodes it, none says so), a pattern whose /PatternType is gone (the page's fill paints nothing).
 */
function paintingDamage(doc: PDFDocument, dict: PDFDict, owner: PDFRef): string[] {
  const out: string[] = [];
  const type = dict.get(PDFName.of('Type'));
  const kids = resolve(doc, dict.get(PDFName.of('Kids')));
  if (type instanceof PDFName && type.decodeText() === 'Pages' && kids instanceof PDFArray) {
    for (const k of kids.asArray()) {
      const kid = resolve(doc, k);
      if (!(kid instanceof PDFDict)) continue;
      const kt = kid.get(PDFName.of('Type'));
      const kind = kt instanceof PDFName ? kt.decodeText() : undefined;
      if (kind === 'Page' || kind === 'Pages') continue;
      const where = k instanceof PDFRef ? refLabel(k) : `a kid of ${refLabel(owner)}`;
      out.push(`the page tree names ${where}, ${kind ? `of the type /${kind}` : 'of no type'}, where a page or a page tree node belongs`);
    }
  }
  const subtype = dict.get(PDFName.of('Subtype'));
  if (subtype instanceof PDFName && subtype.decodeText() === 'Image') {
    const width = resolve(doc, dict.get(PDFName.of('Width')) ?? dict.get(PDFName.of('W')));
    const height = resolve(doc, dict.get(PDFName.of('Height')) ?? dict.get(PDFName.of('H')));
    if (!positive(width) || !positive(height)) out.push(`the picture ${refLabel(owner)} has no /Width or /Height: no reader decodes it`);
  }
  const patterns = resolve(doc, dict.get(PDFName.of('Pattern')));
  if (patterns instanceof PDFDict) {
    for (const [name, p] of patterns.entries()) {
      const pattern = resolve(doc, p);
      const d = pattern instanceof PDFStream ? pattern.dict : pattern;
      if (!(d instanceof PDFDict)) continue;
      const kind = resolve(doc, d.get(PDFName.of('PatternType')));
      if (kind instanceof PDFNumber && (kind.asNumber() === 1 || kind.asNumber() === 2)) continue;
      out.push(`the pattern /${name.decodeText()} in ${refLabel(owner)} has no /PatternType 1 or 2: no reader paints with it`);
    }
  }
  return out;
}

/** Encodings a simple font may name. */
const SIMPLE_ENCODINGS = new Set(['WinAnsiEncoding', 'MacRomanEncoding', 'MacExpertEncoding', 'StandardEncoding']);

let predefinedCMaps: Set<string> | undefined;
/** The CMaps a Type0 font may name: Identity-H/V and those pdf.js ships (one file each in its `cmaps` folder). */
function cmapNames(): Set<string> {
  if (predefinedCMaps) return predefinedCMaps;
  const names = new Set(['Identity-H', 'Identity-V']);
  try {
    const root = path.dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));
    for (const f of readdirSync(path.join(root, 'cmaps'))) if (f.endsWith('.bcmap')) names.add(f.slice(0, -'.bcmap'.length));
  } catch {
    // Without the list only Identity is known: other names are then reported, never passed over.
  }
  return (predefinedCMaps = names);
}

/**
 * What is wrong with a font dictionary's own names, if anything: a `/Type` other than `/Font`, or an
 * `/Encoding` named that no reader has (a simple font's four standard encodings, a Type0 font's
 * predefined CMaps). pdf.js then reads the font's codes through another map or not at all.
 */
function fontDamage(doc: PDFDocument, dict: PDFDict): string | undefined {
  const subtype = dict.get(PDFName.of('Subtype'));
  const kind = subtype instanceof PDFName ? subtype.decodeText() : undefined;
  // Every CIDFont has a descriptor; without one pdf.js takes it for a standard simple font and
  // reads its two-byte codes one byte at a time: other characters, none of them flagged.
  if ((kind === 'CIDFontType0' || kind === 'CIDFontType2') && !dict.has(PDFName.of('FontDescriptor'))) return 'is a CIDFont without the /FontDescriptor every CIDFont has';
  if (!kind || !FONT_KINDS.has(kind) || !dict.has(PDFName.of('BaseFont'))) return undefined;
  const type = dict.get(PDFName.of('Type'));
  if (type instanceof PDFName && type.decodeText() !== 'Font') return `has /Type /${type.decodeText()}, not /Font`;
  // A descriptor's /FontBBox is required (but for Type 3 fonts, which draw their own glyphs).
  const fd = dict.get(PDFName.of('FontDescriptor'));
  const descriptor = resolve(doc, fd);
  if (kind !== 'Type3' && descriptor instanceof PDFDict && !descriptor.has(PDFName.of('FontBBox'))) return 'has a descriptor without /FontBBox';
  const encoding = dict.get(PDFName.of('Encoding'));
  if (!(encoding instanceof PDFName)) return undefined;
  const name = encoding.decodeText();
  // Identity for a simple font is wrong but common (pdf.js then reads it as a Type0 would).
  if (kind === 'Type0' || name.startsWith('Identity-') ? cmapNames().has(name) : SIMPLE_ENCODINGS.has(name)) return undefined;
  return `names the encoding /${name}, which no reader has`;
}

/** Annotation kinds (`/Subtype`) of the specification, and Acrobat's `/Flash`. */
const ANNOTATION_KINDS = new Set([
  'Text', 'Link', 'FreeText', 'Line', 'Square', 'Circle', 'Polygon', 'PolyLine', 'Highlight', 'Underline', 'Squiggly', 'StrikeOut', 'Stamp', 'Caret',
  'Ink', 'Popup', 'FileAttachment', 'Sound', 'Movie', 'Widget', 'Screen', 'PrinterMark', 'TrapNet', 'Watermark', '3D', 'Redact', 'Projection', 'RichMedia', 'Flash',
]);

/** Font kinds (`/Subtype`) of a font dictionary. */
const FONT_KINDS = new Set(['Type0', 'Type1', 'MMType1', 'TrueType', 'Type3']);

/** Reports damaged names (or the failure to look for them) as a loss. */
export function addDamagedNameLoss(state: DocState, found: DamagedName[] | { error: unknown }): void {
  if (!Array.isArray(found)) {
    state.out.loss!.push({ where: 'objects', kind: 'unreadable-object', count: 1, detail: `Names damaged by one letter could not be looked for: ${message(found.error)}` });
    return;
  }
  if (found.length === 0) return;
  const listed = found.slice(0, MAX_LISTED).map((d) => (d.missing ?? `${d.asValueOf ? `/${d.asValueOf} /${d.written}` : `/${d.written}`} in ${d.object} (where readers expect /${d.meant})`));
  state.out.loss!.push({
    where: 'objects',
    kind: 'unreadable-object',
    count: found.length,
    detail: `Names damaged: ${listed.join('; ')}${found.length > MAX_LISTED ? `; and ${found.length - MAX_LISTED} more` : ''}. No reader takes what they name for what it was, so what it held was not read as the file meant it.`,
  });
}
