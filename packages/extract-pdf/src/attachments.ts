/**
 * Every file embedded in a PDF. pdf.js gives one stream per file specification (it picks one of
 * /UF, /F, /Unix, /Mac, /DOS in /EF) and never follows /AF (associated files of PDF 2.0 and PDF/A-3,
 * on the catalog, pages, annotations or structure elements). Here every file specification in the
 * file is visited and every stream under its /EF is read; an /EmbeddedFile stream that no
 * specification names any more is read too. The same stream is read once.
 */
import { createHash } from 'node:crypto';
import { PDFDict, PDFName, PDFRawStream, PDFRef, PDFStream, type PDFDocument } from 'pdf-lib';
import { forEachDict, refLabel, resolve, streamBytes, textOf } from './raw.ts';

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
}

/** Every embedded file stream in the file, each stream once. */
export function findEmbeddedFiles(doc: PDFDocument): FoundFile[] {
  const out: FoundFile[] = [];
  const streams = new Set<string>();
  forEachDict(doc, (dict: PDFDict, owner) => {
    const ef = resolve(doc, dict.get(PDFName.of('EF')));
    if (!(ef instanceof PDFDict)) return;
    const name = textOf(resolve(doc, dict.get(PDFName.of('UF')))) ?? textOf(resolve(doc, dict.get(PDFName.of('F')))) ?? `attachment in ${refLabel(owner)}`;
    const description = textOf(resolve(doc, dict.get(PDFName.of('Desc'))));
    for (const key of EF_KEYS) {
      const ref = ef.get(PDFName.of(key));
      if (ref === undefined) continue;
      const id = ref instanceof PDFRef ? ref.toString() : `${owner.toString()}/${key}`;
      if (streams.has(id)) continue;
      streams.add(id);
      const s = resolve(doc, ref);
      if (!(s instanceof PDFStream)) continue;
      out.push({ name, bytes: streamBytes(doc, s), via: `/EF /${key} of the file specification in ${refLabel(owner)}`, ...(description ? { description } : {}) });
    }
  });
  // Embedded file streams no specification points at (a removed attachment whose bytes stayed).
  for (const [ref, obj] of doc.context.enumerateIndirectObjects()) {
    if (!(obj instanceof PDFRawStream) || streams.has(ref.toString())) continue;
    const type = obj.dict.get(PDFName.of('Type'));
    if (!(type instanceof PDFName) || type.decodeText() !== 'EmbeddedFile') continue;
    streams.add(ref.toString());
    out.push({ name: `embedded file ${ref.objectNumber}`, bytes: streamBytes(doc, obj), via: `unreferenced embedded file ${refLabel(ref)}` });
  }
  return out;
}

/** A content key for deduplicating files reached both through pdf.js and here. */
export function contentKey(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}
