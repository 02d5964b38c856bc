/**
 * Every file embedded in a PDF. pdf.js gives one stream per file specification (it picks one of
 * /UF, /F, /Unix, /Mac, /DOS in /EF) and never follows /AF (associated files of PDF 2.0 and PDF/A-3,
 * on the catalog, pages, annotations or structure elements). Here every file specification in the
 * file is visited and every stream under its /EF is read; an /EmbeddedFile stream that no
 * specification names any more is read too. The same stream is read once.
 */
import { createHash } from 'node:crypto';
import { PDFDict, PDFName, PDFNumber, PDFRawStream, PDFRef, PDFStream, type PDFDocument, type PDFObject } from 'pdf-lib';
import type { EmbeddedFile, Limits, PartOrigin, TextPart } from '@prepub/core';
import { decodeBounded } from './bounded-decode.ts';
import { addOtherReadings } from './legacy-text.ts';
import { forEachDict, refLabel, resolve, stringBytes, streamBytes, textOf, type DictVisitor } from './raw.ts';
import { addPart, linesPart, type DocState } from './state.ts';
import { message } from './util.ts';

/** The keys of an /EF dictionary, each of which may hold a different file. */
export const EF_KEYS = ['F', 'UF', 'DOS', 'Mac', 'Unix'] as const;

/** One embedded file stream. */
export interface FoundFile {
  name: string;
  /** Decoded bytes, or undefined when the stream could not be decoded. */
  bytes?: Uint8Array;
  /** How it was reached: `/EF /UF of object 9 0`, `unreferenced embedded file object 12 0`. */
  via: string;
  description?: string;
  /** The bytes of the name and description strings as written, for their other readings. */
  rawText?: Uint8Array[];
  /** A portfolio's columns for the file (its /CI under the catalog's /Collection /Schema), `name：value` each. */
  collection?: string[];
  /** Why a stream without bytes was not read, when it was a bound (reported as `limit`, not as undecodable). */
  notRead?: string;
}

/**
 * The columns a portfolio (PDF collection) shows for each file: the catalog's /Collection /Schema
 * names them (`/MJ << /N (密级) /Subtype /S >>`), each file specification's /CI holds its values
 * (`/MJ (机密)`, or a subitem `<< /D (机密) /P (…) >>`). A viewer lists them as a table: 密级 | 机密.
 */
function collectionColumns(doc: PDFDocument): (ci: PDFDict) => string[] {
  const collection = resolve(doc, doc.catalog.get(PDFName.of('Collection')));
  const schema = collection instanceof PDFDict ? resolve(doc, collection.get(PDFName.of('Schema'))) : undefined;
  const names = new Map<string, { label: string; order: number }>();
  if (schema instanceof PDFDict) {
    for (const [key, v] of schema.entries()) {
      const field = resolve(doc, v);
      if (!(field instanceof PDFDict)) continue;
      const o = resolve(doc, field.get(PDFName.of('O')));
      names.set(key.decodeText(), { label: textOf(resolve(doc, field.get(PDFName.of('N')))) ?? key.decodeText(), order: o instanceof PDFNumber ? o.asNumber() : 1e9 });
    }
  }
  const valueOf = (v: PDFObject | undefined): string | undefined => {
    const x = resolve(doc, v);
    if (x instanceof PDFNumber) return String(x.asNumber());
    if (x instanceof PDFDict) {
      const d = valueOf(x.get(PDFName.of('D')));
      const prefix = textOf(resolve(doc, x.get(PDFName.of('P'))));
      return d === undefined ? prefix : `${prefix ?? ''}${d}`;
    }
    return textOf(x);
  };
  return (ci) => {
    const rows: Array<[number, string]> = [];
    for (const [key, v] of ci.entries()) {
      const k = key.decodeText();
      if (k === 'Type') continue;
      const value = valueOf(v);
      if (value === undefined || value.trim() === '') continue;
      const col = names.get(k);
      rows.push([col?.order ?? 1e9, `${col?.label ?? k}：${value}`]);
    }
    return rows.sort((a, b) => a[0] - b[0]).map((r) => r[1]);
  };
}

/** Collects every embedded file stream, each once, as a visitor of the file's object walk ({@link forEachDict}). */
export function embeddedFileVisitor(doc: PDFDocument): { visit: DictVisitor; result: () => FoundFile[] } {
  const out: FoundFile[] = [];
  const streams = new Set<string>();
  // Embedded file streams as they are met; those no specification named are added at the end.
  const loose: Array<[PDFRef, PDFStream]> = [];
  let columns: ((ci: PDFDict) => string[]) | undefined;
  const visit: DictVisitor = (dict, owner, stream) => {
    if (stream) {
      const type = dict.get(PDFName.of('Type'));
      if (type instanceof PDFName && type.decodeText() === 'EmbeddedFile' && doc.context.lookup(owner) === stream) loose.push([owner, stream]);
      return;
    }
    const ef = resolve(doc, dict.get(PDFName.of('EF')));
    if (!(ef instanceof PDFDict)) return;
    const name = textOf(resolve(doc, dict.get(PDFName.of('UF')))) ?? textOf(resolve(doc, dict.get(PDFName.of('F')))) ?? `attachment in ${refLabel(owner)}`;
    const description = textOf(resolve(doc, dict.get(PDFName.of('Desc'))));
    const rawText = ['UF', 'F', 'Desc'].map((k) => stringBytes(resolve(doc, dict.get(PDFName.of(k))))).filter((b): b is Uint8Array => b !== undefined);
    const ci = resolve(doc, dict.get(PDFName.of('CI')));
    const collection = ci instanceof PDFDict ? (columns ??= collectionColumns(doc))(ci) : [];
    let first = true;
    for (const key of EF_KEYS) {
      const ref = ef.get(PDFName.of(key));
      if (ref === undefined) continue;
      const id = ref instanceof PDFRef ? ref.toString() : `${owner.toString()}/${key}`;
      if (streams.has(id)) continue;
      streams.add(id);
      const s = resolve(doc, ref);
      if (!(s instanceof PDFStream)) continue;
      out.push({ name, bytes: streamBytes(doc, s), via: `/EF /${key} of the file specification in ${refLabel(owner)}`, ...(description ? { description } : {}), rawText, ...(first && collection.length ? { collection } : {}) });
      first = false;
    }
  };
  const result = (): FoundFile[] => {
    // Embedded file streams no specification points at (a removed attachment whose bytes stayed).
    for (const [ref, s] of loose) {
      if (streams.has(ref.toString())) continue;
      streams.add(ref.toString());
      out.push({ name: `embedded file ${ref.objectNumber}`, bytes: streamBytes(doc, s), via: `unreferenced embedded file ${refLabel(ref)}` });
    }
    return out;
  };
  return { visit, result };
}

/** Every embedded file stream in the file, each stream once. */
export function findEmbeddedFiles(doc: PDFDocument): FoundFile[] {
  const v = embeddedFileVisitor(doc);
  forEachDict(doc, v.visit);
  return v.result();
}

/** Trailer streams read at most, and the bytes of the file searched for their trailers. */
const MAX_ADDITIONAL = 16;

/**
 * The streams a trailer's `/AdditionalStreams` names (`[/application#2Fvnd.oasis.opendocument.text 4 0 R]`):
 * LibreOffice's hybrid PDF carries the whole document it was exported from there (an ODF package,
 * which LibreOffice opens in place of the pages), with what the pages leave out — comments, hidden
 * text, hidden sheets and slides, notes. pdf-lib keeps no trailer key but its own, so every
 * trailer of the file (one an update) is read from the bytes.
 */
export function additionalStreams(doc: PDFDocument, bytes: Uint8Array, limits: Pick<Limits, 'maxFileBytes' | 'maxCompressionRatio'>, named?: Set<string>): FoundFile[] {
  const maxBytes = limits.maxFileBytes;
  const out: FoundFile[] = [];
  // What all of them decode to, together (each filter of each stream charged): the most a file
  // read may be, so that 16 LZW or RunLength bombs cannot each expand to gigabytes; and each
  // filter at most limits.maxCompressionRatio times its input, as a ZIP entry.
  const budget = { left: maxBytes };
  const seen = new Set<string>();
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  // What is named and not read (a list not closed within its window, streams past the cap) is
  // listed without bytes, so the reader reports it unread rather than dropping it.
  const notRead = (why: string) => out.push({ name: 'additional stream', via: `/AdditionalStreams of the trailer: ${why}` });
  for (let at = text.indexOf('/AdditionalStreams'); at >= 0; at = text.indexOf('/AdditionalStreams', at + 1)) {
    if (out.length >= MAX_ADDITIONAL) {
      notRead(`more than ${MAX_ADDITIONAL} streams named; the rest not read`);
      break;
    }
    const list = /^\/AdditionalStreams\s*\[([^\]]*)\]/.exec(text.slice(at, at + 4096));
    if (!list) {
      // A name in a string or stream is no trailer key; one followed by an array start is.
      if (/^\/AdditionalStreams\s*\[/.test(text.slice(at, at + 64))) notRead('a list not closed within 4,096 bytes; its streams not read');
      continue;
    }
    for (const m of list[1].matchAll(/(?:\/([^\s/\[\]<>()]+)\s*)?(\d+)\s+(\d+)\s+R/g)) {
      const key = `${m[2]} ${m[3]}`;
      if (seen.has(key)) continue;
      if (out.length >= MAX_ADDITIONAL) break;
      seen.add(key);
      const type = m[1] ? m[1].replace(/#([0-9a-fA-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16))) : 'stream';
      const ref = PDFRef.of(Number(m[2]), Number(m[3]));
      named?.add(`${ref.objectNumber} ${ref.generationNumber}`);
      const s = doc.context.lookup(ref);
      const via = `/AdditionalStreams of the trailer (${type}, ${refLabel(ref)})`;
      const name = `additional stream ${m[2]} (${type})`;
      if (s instanceof PDFRawStream) {
        const d = decodeBounded(doc, s, maxBytes, budget, limits.maxCompressionRatio);
        out.push(d.ok ? { name, bytes: d.data, via } : { name, via, ...(d.limit ? { notRead: d.why } : {}) });
      } else out.push({ name, bytes: s instanceof PDFStream ? streamBytes(doc, s) : undefined, via });
    }
  }
  return out;
}

/** A content key for deduplicating files reached both through pdf.js and here. */
export function contentKey(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export function addAttachment(state: DocState, att: any, origin: TextPart['origin']): void {
  if (!att) return;
  const name = String(att.filename ?? att.rawFilename ?? 'attachment');
  const content: unknown = att.content;
  const key = `${name}\u0000${content instanceof Uint8Array ? content.length : 0}`;
  state.attachmentKeys ??= new Set();
  // An attachment can be both in the EmbeddedFiles tree and behind a FileAttachment annotation.
  if (state.attachmentKeys.has(key)) return;
  state.attachmentKeys.add(key);
  const lines = [name];
  if (typeof att.description === 'string') lines.push(att.description);
  const part = linesPart(`attachment:${state.attachmentKeys.size}`, 'attachment-name', lines, origin);
  if (part) addPart(state, part);
  // The names as written are reread from the file specifications themselves (addRawAttachments),
  // where every one of /UF, /F and /Desc is seen; pdf.js's choice is the fallback.
  if (!state.raw.ok || state.raw.encrypted) {
    addOtherReadings(state, `attachment:${state.attachmentKeys.size}`, 'attachment-name', origin ?? {}, [typeof att.rawFilename === 'string' ? att.rawFilename : undefined, att.description]);
  }
  if (content instanceof Uint8Array) {
    const file: EmbeddedFile = { name, bytes: content, origin };
    state.out.embedded!.push(file);
  } else {
    state.out.unread.push({ where: `attachment ${name}`, reason: 'embedded-object', detail: `The attachment ${name} has no readable content.`, origin });
  }
}

/**
 * Embedded files pdf.js does not hand out: the other streams of an /EF dictionary (/UF, /DOS,
 * /Mac, /Unix next to /F), associated files (/AF) and embedded file streams nothing names.
 * Files already read through pdf.js (same bytes) are not read twice.
 */
export function addRawAttachments(state: DocState, walked?: FoundFile[] | { error: unknown }): void {
  const raw = state.raw;
  if (!raw.ok) return;
  let found;
  try {
    if (walked && 'error' in walked) throw walked.error;
    found = walked ?? findEmbeddedFiles(raw.doc);
  } catch (err) {
    state.out.loss!.push({ where: 'attachments', kind: 'unreadable-object', count: 1, detail: `The embedded files could not be listed: ${message(err)}` });
    return;
  }
  const embedded = state.out.embedded!;
  if (raw.encrypted) {
    // Encrypted streams need pdf.js to decrypt them, and pdf.js reads one stream per file.
    const missed = found.length - embedded.length;
    if (missed > 0) {
      state.out.loss!.push({
        where: 'attachments',
        kind: 'unreadable-object',
        count: missed,
        total: found.length,
        detail: `The encrypted PDF holds ${found.length} embedded file streams; ${missed} of them (alternative /EF streams, associated files) could not be decrypted and were not read.`,
      });
    }
    return;
  }
  const keys = new Set(embedded.map((e) => contentKey(e.bytes)));
  let k = 0;
  let rows = 0;
  const reread = new Set<Uint8Array[]>();
  for (const f of found) {
    const origin: PartOrigin = { filePart: 'attachments', detail: f.via };
    // Each file specification's strings once, whichever reader read its file.
    if (f.rawText && !reread.has(f.rawText)) {
      reread.add(f.rawText);
      addOtherReadings(state, `attachment:spec-${reread.size}`, 'attachment-name', { filePart: 'attachments', detail: `name and description of the file specification (${f.via})` }, f.rawText);
    }
    // A portfolio's row for the file: its name, then each column as `name：value`.
    if (f.collection) {
      const part = linesPart(`attachment:collection-${++rows}`, 'attachment-name', [f.name, ...f.collection], { filePart: 'attachments', detail: `portfolio columns of ${f.name} (${f.via})` });
      if (part) addPart(state, part);
    }
    if (!f.bytes) {
      if (f.notRead) state.out.unread.push({ where: `attachment ${f.name}`, reason: 'limit', detail: `The embedded file ${f.name} (${f.via}) was not read: ${f.notRead}.`, origin });
      else state.out.unread.push({ where: `attachment ${f.name}`, reason: 'embedded-object', detail: `The embedded file ${f.name} (${f.via}) could not be decoded.`, origin });
      continue;
    }
    const key = contentKey(f.bytes);
    if (keys.has(key)) continue;
    keys.add(key);
    embedded.push({ name: f.name, bytes: f.bytes, origin });
    const part = linesPart(`attachment:raw-${++k}`, 'attachment-name', [f.name, f.description ?? ''], origin);
    if (part) addPart(state, part);
  }
}
