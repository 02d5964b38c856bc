/**
 * Metadata and application data attached to objects other than the catalog, which pdf.js never
 * reads: an XMP packet under a page's or a picture's /Metadata (a photo's title, a page's own
 * description), and /PieceInfo, where an application (Word, WPS, Illustrator, Acrobat) keeps its
 * private data for the page or form — dictionaries of strings and streams, often XML or text.
 * Each XMP packet is read as metadata (located on its page when a page holds it); each stream of a
 * /PieceInfo as XML or text when it is text, its strings with it, as hidden text. A stream that
 * does not decode is a loss; one whose bytes are binary (an application's compressed state) is no
 * text to read, and having such data is common and no reason for review.
 */
import type { PartOrigin } from '@prepub/core';
import { PDFArray, PDFDict, PDFHexString, PDFName, PDFRef, PDFStream, PDFString, type PDFObject } from 'pdf-lib';
import { addOtherReadings, otherReadingsOfStream } from './legacy-text.ts';
import { refLabel, resolve, streamBytes, streamText, type DictVisitor } from './raw.ts';
import { addPart, linesPart, type DocState } from './state.ts';
import { xmlReadings, xmlTextLines } from './xfa.ts';

const METADATA = PDFName.of('Metadata');
const PIECE_INFO = PDFName.of('PieceInfo');
/** Most streams read per file, and most objects walked inside one /PieceInfo. */
const MAX_STREAMS = 2000;
const MAX_PIECE_NODES = 2000;
/** Share of control bytes above which a stream's bytes are binary, not text. */
const BINARY_SHARE = 0.05;

interface Found {
  stream: PDFStream;
  holder: PDFRef;
  kind: 'xmp' | 'piece';
}

/** Whether decoded bytes are binary: controls other than tab and line ends, in more than a small share. */
function binary(bytes: Uint8Array): boolean {
  const n = Math.min(bytes.length, 65536);
  let controls = 0;
  for (let i = 0; i < n; i++) {
    const b = bytes[i];
    if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c) controls++;
  }
  return controls > BINARY_SHARE * n;
}

/** Whether bytes open as XML does: a byte order mark, or `<` after white space. */
function looksLikeXml(bytes: Uint8Array): boolean {
  if ((bytes[0] === 0xfe && bytes[1] === 0xff) || (bytes[0] === 0xff && bytes[1] === 0xfe)) return true;
  let i = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  while (i < bytes.length && (bytes[i] === 0x20 || bytes[i] === 0x09 || bytes[i] === 0x0a || bytes[i] === 0x0d)) i++;
  return bytes[i] === 0x3c;
}

/** The strings and streams of a /PieceInfo value, references followed (each object once). */
function walkPieceInfo(state: DocState, value: PDFObject | undefined, strings: Array<PDFString | PDFHexString>, streams: Set<PDFStream>): void {
  const raw = state.raw;
  if (!raw.ok) return;
  const doc = raw.doc;
  const stack: Array<{ o: PDFObject | undefined; depth: number }> = [{ o: value, depth: 0 }];
  const seen = new Set<PDFObject>();
  let budget = MAX_PIECE_NODES;
  while (stack.length > 0 && --budget > 0) {
    const { o: item, depth } = stack.pop()!;
    const o = resolve(doc, item);
    if (o === undefined || seen.has(o) || depth > 16) continue;
    seen.add(o);
    if (o instanceof PDFString || o instanceof PDFHexString) strings.push(o);
    else if (o instanceof PDFStream) {
      streams.add(o);
      stack.push({ o: o.dict, depth: depth + 1 });
    } else if (o instanceof PDFDict) {
      // A date is no text anyone wrote.
      for (const [k, v] of o.entries()) if (k.decodeText() !== 'LastModified') stack.push({ o: v, depth: depth + 1 });
    } else if (o instanceof PDFArray) for (const v of o.asArray()) stack.push({ o: v, depth: depth + 1 });
  }
}

/** Collects XMP packets of objects other than the catalog and every /PieceInfo, as a visitor of the object walk. */
export function privateDataVisitor(state: DocState): { visit: DictVisitor; finish: (failure?: unknown) => void } {
  const raw = state.raw;
  if (!raw.ok || raw.encrypted) return { visit: () => {}, finish: () => {} };
  const doc = raw.doc;
  const catalog = doc.catalog;
  const found: Found[] = [];
  const seen = new Set<PDFStream>();
  const pieceStrings: Array<{ holder: PDFRef; strings: Array<PDFString | PDFHexString> }> = [];
  let over = 0;
  const add = (stream: PDFStream, holder: PDFRef, kind: Found['kind']): void => {
    if (seen.has(stream)) return;
    seen.add(stream);
    if (found.length >= MAX_STREAMS) over++;
    else found.push({ stream, holder, kind });
  };
  const visit: DictVisitor = (dict, owner) => {
    const meta = dict.get(METADATA);
    if (meta !== undefined && dict !== catalog) {
      const s = resolve(doc, meta);
      if (s instanceof PDFStream) add(s, owner, 'xmp');
    }
    const piece = dict.get(PIECE_INFO);
    if (piece !== undefined) {
      const strings: Array<PDFString | PDFHexString> = [];
      const streams = new Set<PDFStream>();
      walkPieceInfo(state, piece, strings, streams);
      for (const s of streams) add(s, owner, 'piece');
      if (strings.length > 0) pieceStrings.push({ holder: owner, strings });
    }
  };
  const finish = (failure?: unknown): void => {
    if (failure !== undefined) {
      state.out.loss!.push({ where: 'objects', kind: 'unreadable-object', count: 1, detail: `XMP metadata of pages and pictures and application data (/PieceInfo) could not be read: ${failure instanceof Error ? failure.message : String(failure)}` });
      return;
    }
    if (found.length === 0 && pieceStrings.length === 0) return;
    // Located on a page when a page holds it.
    const pageOf = new Map<string, number>();
    doc.getPages().forEach((p, i) => pageOf.set(p.ref.toString(), i + 1));
    const originOf = (holder: PDFRef, what: string): PartOrigin => {
      const page = pageOf.get(holder.toString());
      return page ? { page, filePart: `page ${page}`, detail: `${what} of page ${page} (${refLabel(holder)})` } : { filePart: refLabel(holder), detail: `${what} of ${refLabel(holder)}` };
    };
    const undecoded: string[] = [];
    let k = 0;
    for (const f of found) {
      const bytes = streamBytes(doc, f.stream);
      const label = refLabel(f.holder);
      if (!bytes) {
        undecoded.push(label);
        continue;
      }
      const id = `${f.kind === 'xmp' ? 'object-xmp' : 'piece-info'}:${++k}`;
      if (f.kind === 'xmp') {
        const readings = xmlReadings(bytes);
        if (!readings) {
          undecoded.push(label);
          continue;
        }
        const origin = originOf(f.holder, 'XMP metadata (/Metadata)');
        readings.forEach((r, i) => {
          const part = linesPart(i === 0 ? id : `${id}:${r.encoding}`, 'metadata', xmlTextLines(r.text), i === 0 ? origin : { ...origin, detail: `${origin.detail} — read as ${r.encoding}` });
          if (part) addPart(state, part);
        });
        continue;
      }
      const origin = originOf(f.holder, 'application data (/PieceInfo)');
      const xml = looksLikeXml(bytes) ? xmlReadings(bytes) : undefined;
      if (xml) {
        xml.forEach((r, i) => {
          const part = linesPart(i === 0 ? id : `${id}:${r.encoding}`, 'hidden', xmlTextLines(r.text), origin);
          if (part) addPart(state, part);
        });
        continue;
      }
      if (binary(bytes)) continue;
      const part = linesPart(id, 'hidden', [streamText(bytes)], origin);
      if (part) addPart(state, part);
      addOtherReadings(state, id, 'hidden', origin, [{ readings: otherReadingsOfStream(bytes) }]);
    }
    for (const { holder, strings } of pieceStrings) {
      const id = `piece-info:${++k}`;
      const origin = originOf(holder, 'strings of application data (/PieceInfo)');
      const part = linesPart(id, 'hidden', strings.map((s) => s.decodeText()), origin);
      if (part) addPart(state, part);
      addOtherReadings(state, id, 'hidden', origin, strings.map((s) => s.asBytes()));
    }
    if (undecoded.length > 0 || over > 0) {
      state.out.loss!.push({
        where: undecoded.slice(0, 3).join(', ') || 'objects',
        kind: 'undecodable-bytes',
        count: undecoded.length + over,
        detail: `${undecoded.length} XMP or application data (/PieceInfo) stream(s) of pages and pictures did not decode${over > 0 ? `, and ${over} were past the ${MAX_STREAMS} read` : ''}: their text was not read.`,
      });
    }
  };
  return { visit, finish };
}
