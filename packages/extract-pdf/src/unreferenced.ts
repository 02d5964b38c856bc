/**
 * Objects of the file that nothing reaches from its trailer. A viewer never shows them and pdf.js
 * never reads them, yet they travel with the published file: a document information dictionary
 * whose `/Info` key was damaged (its title still says 机密★5年), an annotation dropped from a
 * page's `/Annots` but left in the file, a string object nobody names. Their text strings are read
 * as hidden text, in every code page a string may have been written in. An unreached content stream
 * (a page's old content, a left-over appearance) is read for what its text operators show: codes
 * of simple fonts, and printable ASCII where the stream names no fonts; codes of other fonts are
 * read in the legacy code pages too but counted as not read, since only the font knows their glyphs.
 * One that paints (paths, pictures) and shows no text may draw its words as outlines, and a picture
 * no page paints may be a scan of the marked page: both are counted as not read.
 *
 * Reachability follows references from the trailer's entries (pdf-lib keeps the entries of every
 * trailer of the file, and falls back to any catalog it finds when `/Root` is broken) through the
 * keys a reader follows, so a page cut from the page tree by a renamed `/Kids`, or a content stream
 * by a renamed `/Contents`, is unreached too: its bytes are all there, no reader shows them.
 */
import { PDFArray, PDFDict, PDFHexString, PDFInvalidObject, PDFName, PDFRawStream, PDFRef, PDFStream, PDFString, type PDFDocument, type PDFObject } from 'pdf-lib';
import { decodeBounded } from './bounded-decode.ts';
import { addOtherReadings } from './legacy-text.ts';
import { READER_NAMES } from './pdfjs-names.generated.ts';
import { refLabel, resolve, scanStream, streamBytes } from './raw.ts';
import { xmlReadings, xmlTextLines } from './xfa.ts';
import { textStrings } from './leftover-strings.ts';
import { addPart, linesPart, type DocState } from './state.ts';

/** Most nodes the reachability walk visits; past it nothing is called unreached. */
const MAX_NODES = 2_000_000;
/** Most strings read from unreached objects (the text budget bounds their characters). */
const MAX_STRINGS = 20_000;
/**
 * Most bytes one stream no reference reaches is decoded to: such a stream (a hybrid PDF's document,
 * an LZW bomb) was decoded whole to see whether it is XML, 775 MB from 300 kB of LZW. Past it the
 * stream is reported not read.
 */
const MAX_UNREACHED_BYTES = 64 * 1024 * 1024;
/** Streams that hold other objects or the cross-reference table: read by the parser itself. */
const STRUCTURE_TYPES = new Set(['XRef', 'ObjStm']);

/**
 * Dictionaries whose keys are names the file chooses (`/F1`, `/Im0`, an appearance state `/Yes`):
 * every entry of such a dictionary is followed.
 */
const NAME_MAPS = new Set(['Font', 'XObject', 'ExtGState', 'Pattern', 'Shading', 'ColorSpace', 'Properties', 'CharProcs', 'N', 'R', 'D', 'Dests', 'ClassMap', 'RoleMap', 'Colorants']);

/**
 * Object numbers (`num gen`) reached from the trailer the way readers reach them: through keys a
 * reader spells out ({@link READER_NAMES}), every entry of a name map, every array element. A
 * reference under any other key (`/Kidq` where `/Kids` was) reaches nothing. Undefined when the
 * walk ran out of budget.
 */
export function reachedObjects(doc: PDFDocument, maxNodes = MAX_NODES, cut?: Set<string>): Set<string> | undefined {
  const reached = new Set<string>();
  const stack: PDFObject[] = [];
  const { Root, Info, Encrypt } = doc.context.trailerInfo;
  for (const o of [Root, Info, Encrypt]) if (o !== undefined) stack.push(o);
  let budget = maxNodes;
  const follows = (v: PDFObject): boolean => v instanceof PDFRef || v instanceof PDFDict || v instanceof PDFArray || v instanceof PDFStream;
  while (stack.length > 0) {
    if (--budget < 0) return undefined;
    let o = stack.pop()!;
    if (o instanceof PDFRef) {
      const key = `${o.objectNumber} ${o.generationNumber}`;
      if (reached.has(key)) continue;
      reached.add(key);
      const target = doc.context.lookup(o);
      if (target === undefined) continue;
      o = target;
    }
    if (o instanceof PDFStream) o = o.dict;
    if (o instanceof PDFDict) {
      for (const [k, v] of o.entries()) {
        if (!follows(v)) continue;
        const name = k.decodeText();
        if (!followedKey(name)) {
          // What a reached object names under a key no reader follows (a damaged /Thumb) is cut off.
          if (cut) for (const x of v instanceof PDFArray ? v.asArray() : [v]) if (x instanceof PDFRef) cut.add(`${x.objectNumber} ${x.generationNumber}`);
          continue;
        }
        if (NAME_MAPS.has(name)) {
          // A name map written in place: all its entries; one written as an object is a dictionary like any other.
          const map = v instanceof PDFRef ? doc.context.lookup(v) : v;
          if (v instanceof PDFRef) reached.add(`${v.objectNumber} ${v.generationNumber}`);
          if (map instanceof PDFDict) {
            for (const x of map.values()) if (follows(x)) stack.push(x);
            continue;
          }
        }
        stack.push(v);
      }
    } else if (o instanceof PDFArray) {
      for (const v of o.asArray()) if (follows(v)) stack.push(v);
    }
  }
  return reached;
}

/** The objects `roots` name, and everything they name under any key, that `reached` does not hold (bounded). */
function unreachedClosure(doc: PDFDocument, roots: Set<string>, reached: Set<string>): Set<string> {
  const out = new Set<string>();
  const stack: PDFObject[] = [];
  for (const key of roots) {
    const [num, gen] = key.split(' ').map(Number);
    stack.push(PDFRef.of(num, gen));
  }
  let budget = MAX_NODES;
  while (stack.length > 0 && --budget >= 0) {
    let o = stack.pop()!;
    if (o instanceof PDFRef) {
      const key = `${o.objectNumber} ${o.generationNumber}`;
      if (out.has(key) || (reached.has(key) && !roots.has(key))) continue;
      out.add(key);
      const target = doc.context.lookup(o);
      if (target === undefined) continue;
      o = target;
    }
    if (o instanceof PDFStream) o = o.dict;
    if (o instanceof PDFDict) for (const v of o.values()) stack.push(v);
    else if (o instanceof PDFArray) for (const v of o.asArray()) stack.push(v);
  }
  return out;
}

const nameOf = (o: PDFObject | undefined): string | undefined => (o instanceof PDFName ? o.decodeText() : undefined);

/**
 * Whether readers follow a reference under this key. The specification's keys that hold objects
 * begin with a capital or a digit (`/AP`, `/3DD`); pdf.js also spells glyph names and words of
 * its own (`on`, `lt`, `fim`), and a damaged key that came out as one of those reaches nothing.
 */
function followedKey(name: string): boolean {
  const c = name.charCodeAt(0);
  return ((c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39)) && READER_NAMES.has(name);
}

/** A stream shaped as a picture (a thumbnail needs no /Subtype /Image): a size and pixel format. */
function looksLikeImage(dict: PDFDict): boolean {
  const has = (k: string) => dict.get(PDFName.of(k)) !== undefined;
  return has('Width') && has('Height') && (has('BitsPerComponent') || has('ColorSpace') || has('ImageMask'));
}

/**
 * The kind of fonts a stream's own resources name: `simple` (one byte a character, in an encoding
 * the bytes name), `composite` (Type0: codes of one to four bytes whose meaning is the font's) or
 * `unknown` (no font resources: a page's content stream takes them from a page that no longer names it).
 */
function fontKinds(doc: PDFDocument, dict: PDFDict): 'simple' | 'composite' | 'unknown' {
  const resources = resolve(doc, dict.get(PDFName.of('Resources')));
  const fonts = resources instanceof PDFDict ? resolve(doc, resources.get(PDFName.of('Font'))) : undefined;
  if (!(fonts instanceof PDFDict) || fonts.entries().length === 0) return 'unknown';
  for (const [, f] of fonts.entries()) {
    const font = resolve(doc, f);
    const subtype = font instanceof PDFDict ? nameOf(resolve(doc, font.get(PDFName.of('Subtype')))) : undefined;
    if (subtype === undefined || subtype === 'Type0') return 'composite';
  }
  return 'simple';
}

/**
 * Reads what unreached objects hold (see the module comment) and returns them (`num gen`).
 * Encrypted files are left to the readers that have the key: their strings cannot be decoded here.
 */
export function addUnreferencedText(state: DocState): Set<string> {
  const unreached = new Set<string>();
  const raw = state.raw;
  if (!raw.ok) return unreached;
  const doc = raw.doc;
  if (raw.encrypted) {
    addEncryptedUnreached(state, doc);
    return unreached;
  }
  const cut = new Set<string>();
  const reached = reachedObjects(doc, MAX_NODES, cut);
  if (!reached) {
    state.out.loss!.push({ where: 'objects', kind: 'unreadable-object', count: 1, detail: 'The file has more objects than the check for objects no reference reaches walks; unreached objects past it were not read.' });
    return unreached;
  }
  // A page outside the page tree is drawn by no viewer, however it is reached (a structure
  // element's /Pg, an outline's destination): its content counts as unreached.
  const outside = pagesOutsideTree(doc);
  if (!outside) state.out.loss!.push({ where: 'objects', kind: 'unreadable-object', count: 1, detail: 'The page tree is larger than the check for pages outside it walks: pages outside the tree were not looked for.' });
  for (const c of outside?.contents ?? []) reached.delete(c);
  // What pages outside the tree draw: content that paints no text there, and their pictures, are
  // the page itself (glyph outlines, a scan), not a leftover of an edit.
  // So is what a reached object names under a damaged key (a page's /Thumb, a form's /Contents).
  const lostDrawing = outside?.drawn ?? new Set<string>();
  // …and what those objects hold in turn (an annotation under a damaged /Annots: its appearance and
  // the picture the appearance paints), as far as no reader reaches it otherwise.
  for (const c of unreachedClosure(doc, cut, reached)) lostDrawing.add(c);
  const strings: Array<PDFString | PDFHexString> = [];
  const holders: string[] = [];
  const drawing: string[] = [];
  const painting: string[] = [];
  const pictures: string[] = [];
  const undecoded: string[] = [];
  // Streams that decode past MAX_UNREACHED_BYTES: neither XML nor content was read from them.
  const tooLarge: string[] = [];
  const xml: Array<{ label: string; bytes: Uint8Array }> = [];
  const shownText: Array<{ label: string; line: string }> = [];
  const codedStreams: Array<{ label: string; bytes: Uint8Array[] }> = [];
  // Picture data under a subtype no reader draws (/Subtype /Imgae where /Image was): whoever reaches
  // it, nothing paints it.
  const misnamedPictures: string[] = [];
  for (const [ref, obj] of doc.context.enumerateIndirectObjects()) {
    const key = `${ref.objectNumber} ${ref.generationNumber}`;
    if (obj instanceof PDFStream && looksLikeImage(obj.dict)) {
      const sub = nameOf(resolve(doc, obj.dict.get(PDFName.of('Subtype'))));
      if (sub !== undefined && sub !== 'Image') misnamedPictures.push(refLabel(ref));
    }
    if (reached.has(key)) continue;
    unreached.add(key);
    // A trailer's /AdditionalStreams (which pdf-lib does not keep) are read as embedded files, within their own bound.
    if (obj instanceof PDFStream && !state.additionalStreams?.has(key)) {
      const dict = obj.dict;
      const type = nameOf(resolve(doc, dict.get(PDFName.of('Type'))));
      if (type && STRUCTURE_TYPES.has(type)) continue;
      const subtype = nameOf(resolve(doc, dict.get(PDFName.of('Subtype'))));
      const decoded = obj instanceof PDFRawStream ? decodeBounded(doc, obj, MAX_UNREACHED_BYTES) : undefined;
      const over = decoded !== undefined && !decoded.ok && decoded.limit !== false;
      const bytes = decoded ? (decoded.ok ? decoded.data : undefined) : streamBytes(doc, obj);
      const xmlBytes = type === 'Metadata' || subtype === 'XML' ? bytes : xmlStream(bytes);
      if (over && !(subtype === 'Image' || looksLikeImage(dict))) tooLarge.push(refLabel(ref));
      else if (type === 'Metadata' || subtype === 'XML' || xmlBytes) {
        // XMP, and XML by its content (an XFA packet whose /XFA key was renamed).
        if (xmlBytes) xml.push({ label: refLabel(ref), bytes: xmlBytes });
        else undecoded.push(refLabel(ref));
      } else if (subtype === 'Image' || looksLikeImage(dict)) {
        // A picture a page no reader shows would paint (a scanned page cut from the tree, or
        // deleted by an incremental save that left its objects) may be the marked page: not read.
        // Pictures no page names at all (an edited stamp's old appearance) are left alone.
        if (lostDrawing.has(key)) pictures.push(refLabel(ref));
      } else if (!/^(?:Type1C?|CIDFontType0C|OpenType|TrueType)$/.test(subtype ?? '') && dict.get(PDFName.of('Length1')) === undefined) {
        // Font programs draw no text; any other stream may be content.
        const shown: Uint8Array[] = [];
        const scan = scanStream(doc, obj, shown);
        // Binary data (a hint table, a colour profile) lexes as a few operators among many unknown tokens.
        const lexes = scan !== undefined && scan.unknownOps <= Math.max(2, scan.ops / 20);
        // Content that paints and shows no text (glyph outlines as paths, a picture) says nothing
        // a text reader can take, yet may draw the words: what it draws was not read.
        if (lexes && scan.ops > 1 && scan.textOps === 0 && scan.paintOps > 0 && lostDrawing.has(key)) painting.push(refLabel(ref));
        if (lexes && scan.textOps > 0) {
          const label = refLabel(ref);
          const fonts = fontKinds(doc, dict);
          const latin: string[] = [];
          const coded: Uint8Array[] = [];
          for (const b of shown) {
            if (b.length === 0) continue;
            // Codes of a simple font are its encoding's characters; without the font (a page's old
            // content names none), only printable ASCII is taken as what it says.
            if (fonts === 'simple' || (fonts === 'unknown' && b.every((x) => x >= 0x20 && x <= 0x7e))) latin.push(Buffer.from(b).toString('latin1'));
            else coded.push(b);
          }
          if (latin.length > 0) shownText.push({ label, line: latin.join(' ') });
          if (coded.length > 0) {
            // Two-byte codes of a composite font are glyph numbers unless its CMap says otherwise:
            // read in the code pages a legacy CMap may use, and still counted as not read.
            codedStreams.push({ label, bytes: coded });
            drawing.push(label);
          }
        }
      }
    }
    const before = strings.length;
    textStrings(obj, strings, undefined, MAX_STRINGS);
    if (strings.length > before) holders.push(refLabel(ref));
  }
  const list = (labels: string[]): string => labels.slice(0, 5).join(', ') + (labels.length > 5 ? ` and ${labels.length - 5} more` : '');
  if (strings.length > 0) {
    const origin = { filePart: 'unreferenced objects', detail: `text strings of objects no reference from the trailer reaches (${list(holders)})` };
    const part = linesPart('unreferenced', 'hidden', strings.map((s) => s.decodeText()), origin);
    if (part) addPart(state, part);
    addOtherReadings(state, 'unreferenced', 'hidden', origin, strings.map((s) => s.asBytes()));
    if (strings.length >= MAX_STRINGS) {
      state.out.loss!.push({ where: 'unreferenced objects', kind: 'unreadable-object', count: 1, detail: `Objects no reference reaches hold more than ${MAX_STRINGS} text strings; the rest were not read.` });
    }
  }
  for (const [i, x] of xml.entries()) {
    // Read as the XMP packet is: by its mark or declared encoding, else UTF-8, else every legacy reading.
    const readings = xmlReadings(x.bytes);
    if (!readings) {
      undecoded.push(x.label);
      continue;
    }
    readings.forEach((r, k) => {
      const id = k === 0 ? `unreferenced-xml:${i + 1}` : `unreferenced-xml:${i + 1}:${r.encoding}`;
      const part = linesPart(id, 'hidden', xmlTextLines(r.text), { filePart: 'unreferenced objects', detail: `XML stream ${x.label}, which no reference from the trailer reaches (read as ${r.encoding})` });
      if (part) addPart(state, part);
    });
  }
  if (shownText.length > 0) {
    const origin = { filePart: 'unreferenced objects', detail: `text shown by content streams no reference from the trailer reaches (${list(shownText.map((x) => x.label))})` };
    const part = linesPart('unreferenced-content', 'hidden', shownText.map((x) => x.line), origin);
    if (part) addPart(state, part);
  }
  for (const [i, c] of codedStreams.entries()) {
    addOtherReadings(state, `unreferenced-content:${i + 1}`, 'hidden', { filePart: 'unreferenced objects', detail: `codes shown by ${c.label}, which no reference from the trailer reaches` }, c.bytes);
  }
  if (misnamedPictures.length > 0) {
    state.out.loss!.push({ where: 'objects', kind: 'unreadable-object', count: misnamedPictures.length, detail: `${misnamedPictures.length} picture(s) of the file (${misnamedPictures.slice(0, 5).join(', ')}) have a subtype no reader draws (not /Image): nothing shows them, and they were not read.` });
  }
  if (tooLarge.length > 0) {
    state.out.loss!.push({
      where: 'unreferenced objects',
      kind: 'unreadable-object',
      reason: 'limit',
      count: tooLarge.length,
      detail: `${tooLarge.length} stream(s) no reference from the trailer reaches (${list(tooLarge)}) decode past ${MAX_UNREACHED_BYTES.toLocaleString('en-US')} bytes, the most one such stream is decoded to, or name more filters than are decoded: what they hold was not read.`,
    });
  }
  if (drawing.length > 0 || undecoded.length > 0 || painting.length > 0 || pictures.length > 0) {
    const what = [
      drawing.length > 0 ? `${drawing.length} content stream(s) that show codes of fonts not known here (${list(drawing)})` : '',
      painting.length > 0 ? `${painting.length} content stream(s) that paint paths or pictures and show no text (${list(painting)})` : '',
      pictures.length > 0 ? `${pictures.length} picture(s) (${list(pictures)})` : '',
      undecoded.length > 0 ? `${undecoded.length} XML stream(s) that do not decode (${list(undecoded)})` : '',
    ].filter(Boolean);
    state.out.loss!.push({
      where: 'unreferenced objects',
      kind: 'unreadable-object',
      count: drawing.length + painting.length + pictures.length + undecoded.length,
      detail: `Objects no reference from the trailer reaches hold ${what.join(' and ')}: no page shows them, but they travel with the file, and what they draw was not read.`,
    });
  }
  return unreached;
}

/**
 * An encrypted file's strings and streams cannot be read here, but its dictionaries can: pages and
 * annotations that no key a reader follows reaches (a page cut from the tree by a renamed `/Kids`),
 * and streams named only under such a key (a page's damaged `/Contents`), are a loss, since
 * neither pdf.js nor this reader shows them.
 */
function addEncryptedUnreached(state: DocState, doc: PDFDocument): void {
  // Objects pdf-lib could not parse without the key leave the graph unknown: nothing is claimed then.
  if (doc.context.enumerateIndirectObjects().some(([, o]) => o instanceof PDFInvalidObject)) return;
  const cutOff = new Set<string>();
  const reached = reachedObjects(doc, MAX_NODES, cutOff);
  if (!reached) return;
  const cut: string[] = [...(pagesOutsideTree(doc)?.pages ?? [])];
  for (const [ref, obj] of doc.context.enumerateIndirectObjects()) {
    const key = `${ref.objectNumber} ${ref.generationNumber}`;
    if (reached.has(key)) continue;
    // A stream a reached object names under a damaged key (a page's /Contents) is shown by no one.
    if (obj instanceof PDFStream && cutOff.has(key) && !STRUCTURE_TYPES.has(nameOf(obj.dict.get(PDFName.of('Type'))) ?? '')) {
      cut.push(refLabel(ref));
      continue;
    }
    if (!(obj instanceof PDFDict)) continue;
    const type = nameOf(obj.get(PDFName.of('Type')));
    if ((type === 'Page' || type === 'Annot') && !cut.includes(refLabel(ref))) cut.push(refLabel(ref));
  }
  if (cut.length === 0) return;
  const shown = cut.slice(0, 5).join(', ') + (cut.length > 5 ? ` and ${cut.length - 5} more` : '');
  state.out.loss!.push({
    where: 'unreferenced objects',
    kind: 'unreadable-object',
    count: cut.length,
    detail: `The encrypted file holds ${cut.length} page, annotation or stream object(s) that no reference a reader follows reaches (${shown}): no viewer shows them, and what they draw was not read.`,
  });
}

/**
 * Page objects the page tree does not hold (walked from the catalog's /Pages through /Kids, as
 * viewers number pages), and their content streams (`num gen`). Undefined when the tree is larger
 * than the walk's budget.
 */
export function pagesOutsideTree(doc: PDFDocument, maxNodes = MAX_NODES): { pages: string[]; contents: string[]; drawn: Set<string> } | undefined {
  const inTree = new Set<string>();
  const root = doc.context.lookup(doc.context.trailerInfo.Root);
  const stack: PDFObject[] = root instanceof PDFDict && root.get(PDFName.of('Pages')) ? [root.get(PDFName.of('Pages'))!] : [];
  let budget = maxNodes;
  while (stack.length > 0) {
    if (--budget < 0) return undefined;
    const o = stack.pop()!;
    if (o instanceof PDFRef) {
      const key = `${o.objectNumber} ${o.generationNumber}`;
      if (inTree.has(key)) continue;
      inTree.add(key);
    }
    const node = resolve(doc, o);
    if (!(node instanceof PDFDict)) continue;
    const kids = resolve(doc, node.get(PDFName.of('Kids')));
    if (kids instanceof PDFArray) for (const k of kids.asArray()) stack.push(k);
  }
  const pages: string[] = [];
  const contents: string[] = [];
  const drawn = new Set<string>();
  for (const [ref, obj] of doc.context.enumerateIndirectObjects()) {
    if (!(obj instanceof PDFDict) || nameOf(obj.get(PDFName.of('Type'))) !== 'Page' || inTree.has(`${ref.objectNumber} ${ref.generationNumber}`)) continue;
    pages.push(refLabel(ref));
    const c = obj.get(PDFName.of('Contents'));
    const list = c instanceof PDFRef ? [c] : c instanceof PDFArray ? c.asArray() : [];
    for (const x of list) {
      if (!(x instanceof PDFRef)) continue;
      contents.push(`${x.objectNumber} ${x.generationNumber}`);
      drawn.add(`${x.objectNumber} ${x.generationNumber}`);
    }
    addDrawnXObjects(doc, obj.get(PDFName.of('Resources')), drawn);
  }
  return { pages, contents, drawn };
}

/** Most XObjects followed from one page's resources (forms nest theirs). */
const MAX_DRAWN = 500;

/**
 * Adds the XObjects (`num gen`) a page's resources name, and those of the forms among them, to
 * `drawn`: what a page would paint if any reader showed it.
 */
function addDrawnXObjects(doc: PDFDocument, resources: PDFObject | undefined, drawn: Set<string>): void {
  const queue: Array<PDFObject | undefined> = [resources];
  let budget = MAX_DRAWN;
  while (queue.length > 0 && budget > 0) {
    const r = resolve(doc, queue.pop());
    const xobjects = r instanceof PDFDict ? resolve(doc, r.get(PDFName.of('XObject'))) : undefined;
    if (!(xobjects instanceof PDFDict)) continue;
    for (const x of xobjects.values()) {
      if (!(x instanceof PDFRef) || --budget < 0) continue;
      const key = `${x.objectNumber} ${x.generationNumber}`;
      if (drawn.has(key)) continue;
      drawn.add(key);
      const form = doc.context.lookup(x);
      if (form instanceof PDFStream) queue.push(form.dict.get(PDFName.of('Resources')));
    }
  }
}

/** The decoded bytes of a stream that is XML by its content (a declaration or a tag first), else undefined. */
function xmlStream(bytes: Uint8Array | undefined): Uint8Array | undefined {
  if (!bytes) return undefined;
  let i = 0;
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) i = 3;
  while (i < bytes.length && (bytes[i] === 0x20 || bytes[i] === 0x0a || bytes[i] === 0x0d || bytes[i] === 0x09)) i++;
  // `<?xml`, `<xdp:`, `<template`, `<x:xmpmeta`: a tag opening with a letter, `?` or `!`.
  if (bytes[i] !== 0x3c || !/[A-Za-z?!]/.test(String.fromCharCode(bytes[i + 1] ?? 0))) return undefined;
  const head = Buffer.from(bytes.subarray(i, i + 256)).toString('latin1');
  return /^<(?:\?xml|!DOCTYPE|[A-Za-z_][\w.:-]*[\s>/])/.test(head) && /<\/[A-Za-z_][\w.:-]*>|\/>/.test(Buffer.from(bytes.subarray(0, 65536)).toString('latin1')) ? bytes : undefined;
}
