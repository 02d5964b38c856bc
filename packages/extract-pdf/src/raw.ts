/**
 * The file's objects as written, read with pdf-lib next to pdf.js. pdf.js answers questions a
 * viewer asks (what does page 3 show, which file does this attachment name) and hides the rest:
 * it picks one of an attachment's five file streams, never follows /AF, and says nothing when a
 * content stream fails to decode. pdf-lib parses every object in the file, so the extractor can
 * check the raw content streams of each page and find every embedded file and script, wherever it
 * is referenced from.
 */
import {
  ParseSpeeds,
  PDFArray,
  PDFContext,
  PDFDict,
  PDFDocument,
  PDFHexString,
  PDFName,
  PDFObjectParser,
  PDFObjectStreamParser,
  PDFParser,
  PDFRawStream,
  PDFRef,
  PDFStream,
  PDFStreamParsingError,
  PDFString,
  type PDFObject,
} from 'pdf-lib';
import { decodeBounded } from './bounded-decode.ts';
import { decodeContent, scanContent, type ContentScan } from './content.ts';
import { decryptDocument, standardDecryptor, type Decryptor } from './decrypt.ts';

/**
 * A parsed file, or why it could not be parsed. `encrypted`: its strings and streams are still
 * encrypted (the raw passes cannot read them). `decrypted`: the file is encrypted and they were
 * decrypted here (the handler, e.g. "AES-128"), so the raw passes read it as a plain file; the
 * file's bytes are still ciphertext. `notDecrypted`: why an encrypted file was not.
 */
export type RawDoc = { ok: true; doc: PDFDocument; encrypted: boolean; decrypted?: string; notDecrypted?: string } | { ok: false; error: string };

/** Messages pdf-lib prints while it recovers from damaged objects; they are facts we report ourselves. */
const PDF_LIB_NOISE = /^(Trying to parse invalid object|Invalid object ref|Parsed number that is too large|Removing parsed object|Removing XFA)/;
let quieted = 0;
let originalWarn: typeof console.warn | undefined;

/** pdf-lib's own search for the end of a stream whose /Length is not a number, kept for comparison. */
export const pdfLibFindEndOfStream = (PDFObjectParser.prototype as unknown as { findEndOfStreamFallback: (this: unknown, startPos: unknown) => number }).findEndOfStreamFallback;

const S = 0x73; // s
const E = 0x65; // e
const CR = 0x0d;
const LF = 0x0a;
const STREAM = [...'stream'].map((c) => c.charCodeAt(0));
const ENDSTREAM = [...'endstream'].map((c) => c.charCodeAt(0));
/** The keywords pdf-lib tries at each byte, in its order: `stream`, then `endstream` after CR LF, CR, LF or nothing. */
const STREAM_KEYWORDS = [STREAM, [CR, LF, ...ENDSTREAM], [CR, ...ENDSTREAM], [LF, ...ENDSTREAM], ENDSTREAM];

/**
 * pdf-lib's search for the end of a stream whose /Length is not a number (an indirect /Length, as
 * LibreOffice writes them) tries five keywords at every byte through method calls, and was the
 * largest part of parsing such files. This does the same, byte for byte: the same end, the same
 * nesting, and the same line and column bookkeeping (pdf-lib counts every byte a failed keyword
 * attempt looked at), only without the calls on bytes no keyword can start with.
 */
export function findEndOfStream(this: { bytes: { bytes: Uint8Array; idx: number; line: number; column: number; length: number } }, startPos: unknown): number {
  const stream = this.bytes;
  const buf = stream.bytes;
  const length = stream.length;
  let p = stream.idx;
  let line = stream.line;
  let column = stream.column;
  let nesting = 1;
  let end = p;
  while (p < length) {
    end = p;
    const b = buf[p];
    if (b !== S && b !== E && b !== CR && b !== LF) {
      // Each of the five attempts reads this byte and fails, then the byte is skipped: six reads.
      column += 6;
      p++;
      continue;
    }
    let matched = -1;
    for (let k = 0; k < STREAM_KEYWORDS.length && matched < 0; k++) {
      const kw = STREAM_KEYWORDS[k];
      let q = p;
      let j = 0;
      for (; j < kw.length; j++) {
        if (q >= length) break;
        const c = buf[q++];
        if (c === LF) {
          line++;
          column = 0;
        } else column++;
        if (c !== kw[j]) break;
      }
      if (j === kw.length) {
        matched = k;
        p = q;
      }
    }
    if (matched < 0) {
      if (b === LF) {
        line++;
        column = 0;
      } else column++;
      p++;
    } else if (matched === 0) nesting++;
    else nesting--;
    if (nesting === 0) break;
  }
  stream.idx = p;
  stream.line = line;
  stream.column = column;
  if (nesting !== 0) throw new PDFStreamParsingError(startPos as ConstructorParameters<typeof PDFStreamParsingError>[0]);
  return end;
}

let streamEndInstalled = false;

/** Puts {@link findEndOfStream} in place of pdf-lib's, once, if pdf-lib's parser still has the shape it was written for. */
function installFindEndOfStream(): void {
  if (streamEndInstalled) return;
  streamEndInstalled = true;
  const probe = PDFObjectParser.forBytes(new Uint8Array([0x20]), PDFContext.create()) as unknown as { bytes: Record<string, unknown> };
  const b = probe.bytes;
  if (!(b.bytes instanceof Uint8Array) || typeof b.idx !== 'number' || typeof b.line !== 'number' || typeof b.column !== 'number' || typeof b.length !== 'number') return;
  (PDFObjectParser.prototype as unknown as { findEndOfStreamFallback: unknown }).findEndOfStreamFallback = findEndOfStream;
}

/** A parse in progress: object streams met, and how to decrypt them once the key is known. */
type ParseHook = { objectStreams: number; lastRef?: PDFRef; decryptor?: Decryptor; plain: Set<PDFObject> };
const parseHooks = new WeakMap<PDFContext, ParseHook>();
let hooksInstalled = false;

/**
 * Lets a parse decrypt object streams before pdf-lib parses their objects: the objects in an
 * object stream are encrypted as the stream, as a whole, so they must be decrypted on the way in.
 */
function installParseHooks(): void {
  if (hooksInstalled) return;
  hooksInstalled = true;
  const parser = PDFParser.prototype as unknown as { parseIndirectObjectHeader: (this: { context: PDFContext }) => PDFRef };
  const header = parser.parseIndirectObjectHeader;
  if (typeof header !== 'function' || typeof PDFObjectStreamParser.forStream !== 'function') return;
  parser.parseIndirectObjectHeader = function (this: { context: PDFContext }) {
    const ref = header.call(this);
    const hook = parseHooks.get(this.context);
    if (hook) hook.lastRef = ref;
    return ref;
  };
  const forStream = PDFObjectStreamParser.forStream;
  PDFObjectStreamParser.forStream = (stream: PDFRawStream, tick?: () => boolean) => {
    const hook = parseHooks.get(stream.dict.context);
    if (!hook) return forStream(stream, tick);
    hook.objectStreams++;
    const d = hook.decryptor;
    if (!d || !hook.lastRef) return forStream(stream, tick);
    const out = d.stream(stream.contents, hook.lastRef.objectNumber, hook.lastRef.generationNumber, stream.dict);
    const p = forStream(out ? PDFRawStream.of(stream.dict, out) : stream, tick) as unknown as { parseObject: () => PDFObject };
    const parseObject = p.parseObject.bind(p);
    p.parseObject = () => {
      const o = parseObject();
      hook.plain.add(o);
      return o;
    };
    return p as unknown as PDFObjectStreamParser;
  };
}

async function parse(bytes: Uint8Array, decryptor?: Decryptor): Promise<{ doc: PDFDocument; hook: ParseHook }> {
  const parser = PDFParser.forBytesWithOptions(bytes, ParseSpeeds.Fastest, false, false);
  const hook: ParseHook = { objectStreams: 0, decryptor, plain: new Set() };
  const context = (parser as unknown as { context: PDFContext }).context;
  parseHooks.set(context, hook);
  try {
    await parser.parseDocument();
  } finally {
    parseHooks.delete(context);
  }
  // PDFDocument.load without the parse: the encryption is ignored and the information left as it is.
  const Doc = PDFDocument as unknown as new (context: PDFContext, ignoreEncryption: boolean, updateMetadata: boolean) => PDFDocument;
  return { doc: new Doc(context, true, false), hook };
}

/**
 * Parses the file with pdf-lib (never throws). An encrypted file that opens without a password
 * (standard security handler, empty user password) is decrypted in place; another encrypted file
 * parses, but its strings and streams stay encrypted.
 */
export async function loadRaw(bytes: Uint8Array): Promise<RawDoc> {
  installFindEndOfStream();
  installParseHooks();
  if (quieted++ === 0) {
    originalWarn = console.warn;
    const warn = originalWarn;
    console.warn = (...args: unknown[]) => {
      if (typeof args[0] === 'string' && PDF_LIB_NOISE.test(args[0])) return;
      warn.apply(console, args);
    };
  }
  try {
    let { doc, hook } = await parse(bytes);
    if (!doc.isEncrypted) return { ok: true, doc, encrypted: false };
    const decryptor = standardDecryptor(doc);
    if ('reason' in decryptor) return { ok: true, doc, encrypted: true, notDecrypted: decryptor.reason };
    // Object streams were parsed as ciphertext: parse again, decrypting them on the way in.
    if (hook.objectStreams > 0) ({ doc, hook } = await parse(bytes, decryptor));
    const failed = decryptDocument(doc, decryptor, hook.plain);
    if (failed > 0) return { ok: true, doc, encrypted: true, notDecrypted: `${failed} object(s) could not be decrypted` };
    return { ok: true, doc, encrypted: false, decrypted: decryptor.describe };
  } catch (err) {
    return { ok: false, error: err instanceof Error ? err.message : String(err) };
  } finally {
    if (--quieted === 0 && originalWarn) {
      console.warn = originalWarn;
      originalWarn = undefined;
    }
  }
}

/** Resolves a reference (one level) in the document's object table. */
export function resolve(doc: PDFDocument, obj: PDFObject | undefined): PDFObject | undefined {
  return obj instanceof PDFRef ? doc.context.lookup(obj) : obj;
}

/** A name, string or hex string value as text (PDF text strings decoded). */
export function textOf(obj: PDFObject | undefined): string | undefined {
  if (obj instanceof PDFString || obj instanceof PDFHexString) return obj.decodeText();
  if (obj instanceof PDFName) return obj.decodeText();
  return undefined;
}

/** The bytes of a string value as written (escapes resolved), for reading them in other code pages. */
export function stringBytes(obj: PDFObject | undefined): Uint8Array | undefined {
  if (obj instanceof PDFString || obj instanceof PDFHexString) return obj.asBytes();
  return undefined;
}

/** The filter names of a stream's dictionary. */
export function filterNames(doc: PDFDocument, dict: PDFDict): string[] {
  const f = resolve(doc, dict.get(PDFName.of('Filter')));
  if (f instanceof PDFName) return [f.decodeText()];
  if (f instanceof PDFArray) return f.asArray().map((x) => resolve(doc, x)).filter((x): x is PDFName => x instanceof PDFName).map((x) => x.decodeText());
  return [];
}

export function hasPredictor(doc: PDFDocument, dict: PDFDict): boolean {
  const p = resolve(doc, dict.get(PDFName.of('DecodeParms')));
  const parms = p instanceof PDFArray ? p.asArray().map((x) => resolve(doc, x)) : [p];
  return parms.some((x) => x instanceof PDFDict && x.get(PDFName.of('Predictor')) !== undefined && x.get(PDFName.of('Predictor'))!.toString() !== '1');
}

/** A text or script stream's bytes as text: UTF-16 with a byte order mark, else UTF-8, else Latin-1. */
export function streamText(bytes: Uint8Array): string {
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('latin1').decode(bytes);
  }
}

/**
 * Most bytes any one stream is decoded to by the raw passes, a backstop: pdf-lib decoded a stream
 * whole however far it expanded (an LZW or RunLength bomb, a filter chain). Above the file size
 * limit, so no stream a file could be read with is cut; past it the stream reads as undecodable.
 */
export const MAX_STREAM_BYTES = 256 * 1024 * 1024;

/** Decoded bytes of any stream (tolerant decoders, bounded by MAX_STREAM_BYTES), or undefined when it cannot be decoded. */
export function streamBytes(doc: PDFDocument, stream: PDFObject | undefined): Uint8Array | undefined {
  const s = resolve(doc, stream);
  if (!(s instanceof PDFStream)) return undefined;
  try {
    if (s instanceof PDFRawStream) {
      const d = decodeBounded(doc, s, MAX_STREAM_BYTES);
      return d.ok ? d.data : undefined;
    }
    return s.getContents();
  } catch {
    return undefined;
  }
}

/** What checking one content stream found. */
export interface StreamCheck {
  /** `object 12 0` or `inline`. */
  label: string;
  /** Set when the stream could not be decoded. */
  error?: string;
  scan?: ContentScan;
  /** Content stream of the page itself (as opposed to a form XObject it uses). */
  page: boolean;
  /** Names of the XObjects its `Do` operators paint, and the resources they are looked up in. */
  painted?: string[];
  /** Names of the fonts its `Tf` operators set, looked up in the same resources. */
  fonts?: string[];
  resources?: PDFObject;
  /** The bytes of the stream's comments (`% …`, which no reader draws). */
  comments?: Uint8Array[];
  /** A form XObject's stream, to tell which of the forms listed in resources were painted. */
  object?: PDFStream;
}

/**
 * Decodes one content stream strictly and lexes its operators: `scan` is undefined for an empty
 * stream, `error` says why a stream could not be decoded.
 */
function checkContent(doc: PDFDocument, s: PDFRawStream, shown?: Uint8Array[], painted?: string[], fonts?: string[], comments?: Uint8Array[]): { scan?: ContentScan; error?: string } {
  const decoded = decodeContent(s.contents, filterNames(doc, s.dict), hasPredictor(doc, s.dict), () => {
    const d = decodeBounded(doc, s, MAX_STREAM_BYTES);
    if (!d.ok) throw new Error(d.why);
    return d.data;
  });
  if (!decoded.ok) return { error: decoded.error };
  return decoded.data ? { scan: scanContent(decoded.data, shown, painted, fonts, comments) } : {};
}

/**
 * The operators of any content stream (a pattern cell, a glyph procedure, an appearance), or
 * undefined when it cannot be decoded. With `shown`, the bytes each text operator shows are collected.
 */
export function scanStream(doc: PDFDocument, obj: PDFObject | undefined, shown?: Uint8Array[]): ContentScan | undefined {
  const s = resolve(doc, obj);
  return s instanceof PDFRawStream ? checkContent(doc, s, shown).scan : undefined;
}

/** Most form XObjects checked per page: a map can have thousands. */
const MAX_FORMS = 200;

/** Checks the content streams of page `index` (0-based) and the form XObjects its resources name. */
export function checkPageStreams(doc: PDFDocument, index: number): StreamCheck[] | undefined {
  const pages = doc.getPages();
  const page = pages[index];
  if (!page) return undefined;
  const out: StreamCheck[] = [];
  const check = (ref: PDFObject | undefined, isPage: boolean, resources: PDFObject | undefined): PDFRawStream | undefined => {
    const s = resolve(doc, ref);
    const label = ref instanceof PDFRef ? `object ${ref.objectNumber} ${ref.generationNumber}` : 'direct stream';
    if (!(s instanceof PDFRawStream)) {
      // A page whose contents are missing or no stream draws nothing a viewer can show, yet its object may hold text.
      if (isPage && s !== undefined) out.push({ label, error: 'the page contents are not a stream', page: true });
      return undefined;
    }
    const painted: string[] = [];
    const fonts: string[] = [];
    const comments: Uint8Array[] = [];
    out.push({ label, ...checkContent(doc, s, undefined, painted, fonts, comments), page: isPage, painted, fonts, resources, comments, ...(isPage ? {} : { object: s }) });
    return s;
  };
  const pageResources = page.node.Resources();
  const contents = page.node.get(PDFName.of('Contents'));
  const resolved = resolve(doc, contents);
  if (resolved instanceof PDFArray) for (const c of resolved.asArray()) check(c, true, pageResources);
  else check(contents, true, pageResources);

  // Form XObjects, followed through their own resources (those they are found in when they have none).
  const seen = new Set<string>();
  const queue: Array<{ ref: PDFObject; resources: PDFObject | undefined }> = [];
  const addResources = (res: PDFObject | undefined): void => {
    const r = resolve(doc, res);
    if (!(r instanceof PDFDict)) return;
    const xo = resolve(doc, r.get(PDFName.of('XObject')));
    if (!(xo instanceof PDFDict)) return;
    for (const v of xo.values()) queue.push({ ref: v, resources: res });
  };
  addResources(pageResources);
  while (queue.length > 0 && seen.size < MAX_FORMS) {
    const { ref, resources } = queue.shift()!;
    const key = ref instanceof PDFRef ? ref.toString() : `direct ${seen.size}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const s = resolve(doc, ref);
    if (!(s instanceof PDFRawStream)) continue;
    const subtype = resolve(doc, s.dict.get(PDFName.of('Subtype')));
    if (!(subtype instanceof PDFName) || subtype.decodeText() !== 'Form') continue;
    const own = s.dict.get(PDFName.of('Resources')) ?? resources;
    check(ref, false, own);
    addResources(own);
  }
  return out;
}

/** Font subtypes a reader can draw; anything else draws nothing. */
const FONT_SUBTYPES = new Set(['Type0', 'Type1', 'MMType1', 'TrueType', 'Type3']);

/**
 * Font resources of page `index` (0-based) that cannot draw text: not a dictionary, no known
 * /Subtype, a Type0 font without a descendant font dictionary, a Type3 font without glyph
 * procedures. Text shown with such a font draws nothing in pdf.js, and nothing is said.
 */
export function brokenFonts(doc: PDFDocument, index: number): string[] {
  const page = doc.getPages()[index];
  if (!page) return [];
  const res = resolve(doc, page.node.Resources());
  if (!(res instanceof PDFDict)) return [];
  const fonts = resolve(doc, res.get(PDFName.of('Font')));
  if (!(fonts instanceof PDFDict)) return [];
  const out: string[] = [];
  for (const [name, ref] of fonts.entries()) {
    const label = `/${name.decodeText()}${ref instanceof PDFRef ? ` (${refLabel(ref)})` : ''}`;
    const font = resolve(doc, ref);
    if (!(font instanceof PDFDict)) {
      out.push(`${label} is no font dictionary`);
      continue;
    }
    const subtype = resolve(doc, font.get(PDFName.of('Subtype')));
    const kind = subtype instanceof PDFName ? subtype.decodeText() : '';
    if (!FONT_SUBTYPES.has(kind)) out.push(`${label} has no known font type`);
    else if (kind === 'Type0') {
      const d = resolve(doc, font.get(PDFName.of('DescendantFonts')));
      const first = d instanceof PDFArray ? resolve(doc, d.get(0)) : undefined;
      if (!(first instanceof PDFDict)) out.push(`${label} has no descendant font`);
    } else if (kind === 'Type3' && !(resolve(doc, font.get(PDFName.of('CharProcs'))) instanceof PDFDict)) out.push(`${label} has no glyph procedures`);
  }
  return out;
}

/** Called for each dictionary {@link forEachDict} visits; `stream` is set when the dictionary is a stream's. */
export type DictVisitor = (dict: PDFDict, owner: PDFRef, stream?: PDFStream) => void;

/**
 * Calls `fn` for every dictionary in the file: each indirect object, stream dictionaries, and the
 * dictionaries nested directly inside them (an annotation's /A action, an /AA entry, a /Names
 * array, a font or a widget written inline in a page's resources or /Annots). References are not
 * followed: the objects they point at are visited in their own turn, so every dictionary is seen
 * once, referenced or not. Returns false when the node budget ran out before the walk was done.
 */
export function forEachDict(doc: PDFDocument, fn: DictVisitor, maxNodes = 2_000_000): boolean {
  let budget = maxNodes;
  const walk = (obj: PDFObject, owner: PDFRef, depth: number): void => {
    if (--budget < 0 || depth > 64) return;
    let stream: PDFStream | undefined;
    if (obj instanceof PDFStream) {
      stream = obj;
      obj = obj.dict;
    }
    if (obj instanceof PDFDict) {
      fn(obj, owner, stream);
      for (const v of obj.values()) if (v instanceof PDFDict || v instanceof PDFArray || v instanceof PDFStream) walk(v, owner, depth + 1);
    } else if (obj instanceof PDFArray) {
      for (const v of obj.asArray()) if (v instanceof PDFDict || v instanceof PDFArray) walk(v, owner, depth + 1);
    }
  };
  for (const [ref, obj] of doc.context.enumerateIndirectObjects()) walk(obj, ref, 0);
  return budget >= 0;
}

/** `object 12 0`. */
export function refLabel(ref: PDFRef): string {
  return `object ${ref.objectNumber} ${ref.generationNumber}`;
}

/** XObject kinds a reader paints; a `Do` naming anything else paints nothing. */
const PAINTED_XOBJECTS = new Set(['Form', 'Image', 'PS']);

/**
 * What a page asks to paint and no reader paints, from its streams as {@link checkPageStreams}
 * lexed them: a `Do` naming an XObject the stream's resources do not hold (a renamed resource
 * key), or one of a kind no reader knows (`/Subtype /Forq`). pdf.js skips both without a word; the
 * form or picture, text and all, is in the file. Likewise a `Tf` naming a font the resources do
 * not hold (a renamed `/Font`): the text it sets is drawn with a stand-in or not at all.
 */
export function unpaintedXObjects(doc: PDFDocument, checks: readonly StreamCheck[]): string[] {
  const problems: string[] = [];
  for (const c of checks) {
    if (!c.painted?.length && !c.fonts?.length) continue;
    const where = c.page ? 'the page' : `form ${c.label}`;
    const res = resolve(doc, c.resources);
    const xobjects = res instanceof PDFDict ? resolve(doc, res.get(PDFName.of('XObject'))) : undefined;
    for (const name of new Set(c.painted)) {
      const x = resolve(doc, xobjects instanceof PDFDict ? xobjects.get(PDFName.of(name)) : undefined);
      if (!(x instanceof PDFStream)) {
        problems.push(`${where} paints /${name}, which its resources do not hold`);
        continue;
      }
      const subtype = resolve(doc, x.dict.get(PDFName.of('Subtype')));
      const kind = subtype instanceof PDFName ? subtype.decodeText() : undefined;
      if (!kind || !PAINTED_XOBJECTS.has(kind)) problems.push(`${where} paints /${name}, an XObject of ${kind ? `the unknown kind /${kind}` : 'no kind'}`);
    }
    // A Tf naming a font the resources do not hold: pdf.js draws that text with a stand-in, or not at all.
    const fonts = res instanceof PDFDict ? resolve(doc, res.get(PDFName.of('Font'))) : undefined;
    for (const name of new Set(c.fonts)) {
      if (!(resolve(doc, fonts instanceof PDFDict ? fonts.get(PDFName.of(name)) : undefined) instanceof PDFDict)) problems.push(`${where} sets the font /${name}, which its resources do not hold`);
    }
  }
  return problems;
}
