/** What reading one document accumulates, and how parts are added to it within the text budget. */
import type { Block, Box, Extraction, Limits, PartRole, TextPart } from '@prepub/core';
import type { RawDoc } from './raw.ts';
import type { PendingAppearance } from './appearances.ts';
import type { XObjectUse } from './carriers.ts';
import { message } from './util.ts';
import type { PDFObject, PDFRef, PDFStream } from 'pdf-lib';

export interface DocState {
  out: Extraction;
  limits: Limits;
  chars: number;
  seenFields: Set<string>;
  rendered: number;
  /** Pages whose text came from pdf.js text content rather than the operator walk. */
  viaTextContent: number;
  attachmentKeys: Set<string> | undefined;
  /** The file's objects as pdf-lib parsed them. */
  raw: RawDoc;
  /**
   * Page `n` (1-based) of the file opened for drawing: the document read for text does not
   * compile glyph outlines, so pages rendered for OCR come from a second opening that does.
   */
  drawPage(n: number): Promise<any>;
  /** Annotation appearance streams pdf.js did not draw, read after the pages (appearances.ts). */
  appearances: PendingAppearance[] | undefined;
  /** Appearance streams past the most read per file (MAX_APPEARANCES): not read, reported as a loss. */
  appearancesOver: number | undefined;
  /** XObjects the pages list and those they paint (carriers.ts). */
  xobjects: XObjectUse | undefined;
  /** Field values scripts show on opening (javascript.ts scriptedFieldValues), by full field name. */
  scriptedValues?: Map<string, string>;
  /** Tiling pattern cells and Type3 glyph procedures that show text (unread-content.ts), read once the objects are walked. */
  drawnInside?: DrawnInside[];
  /** Fonts whose glyphs are known to draw other characters than their ToUnicode maps claim (unread-content.ts): the pages are read again as drawn (as-drawn.ts). */
  asDrawn?: Array<{ font: PDFRef; swaps: Array<[claimed: string, drawn: string]> }>;
  /** Pages' thumbnail pictures (/Thumb) found by the object walk (unread-content.ts), read for OCR once it is done (thumbnails.ts). */
  thumbnails?: Array<{ page: PDFRef; thumb: PDFObject | undefined; label: string }>;
  /** Streams the trailer's /AdditionalStreams name (`12 0`), read as embedded files (attachments.ts), not again as unreferenced objects. */
  additionalStreams?: Set<string>;
}

/** A content stream drawn wherever a pattern or a glyph is used, whose text pdf.js never reports. */
export interface DrawnInside {
  kind: 'pattern' | 'glyph';
  /** `7 0`, or `7 0 glyph a`. */
  label: string;
  /** The pattern or font object, to find a page that uses it. */
  owner: PDFRef;
  stream: PDFStream;
  /** A Type3 font's own resources. */
  resources?: PDFObject;
  shownBytes: number;
}

/** Runs a document-level read; a failure becomes an unread item for that piece only. */
export async function guarded<T>(out: Extraction, what: string, fn: () => Promise<T>): Promise<T | null> {
  try {
    return await fn();
  } catch (err) {
    out.unread.push({ where: what, reason: 'error', detail: `The ${what} could not be read: ${message(err)}` });
    return null;
  }
}

/** Adds a part unless the text budget is spent (then the part is reported unread). */
export function addPart(state: DocState, part: TextPart): void {
  if (state.chars + part.text.length > state.limits.maxTextChars) {
    state.out.unread.push({
      where: part.origin.filePart ?? part.id,
      reason: 'limit',
      detail: `Text of ${part.id} not kept: the file has more than ${state.limits.maxTextChars} characters of text.`,
      origin: part.origin,
    });
    return;
  }
  state.chars += part.text.length;
  state.out.parts.push(part);
}

/** A part whose lines are given one by one (metadata, annotations, bookmarks); one block per line. */
export function linesPart(id: string, role: PartRole, lines: string[], origin: TextPart['origin'], box?: Box): TextPart | null {
  const clean = lines.flatMap((l) => l.split(/\r\n?|\n/)).map((l) => l.trim()).filter((l) => l.length > 0);
  if (clean.length === 0) return null;
  let text = '';
  const blocks: Block[] = [];
  for (const line of clean) {
    if (text.length > 0) text += '\n';
    const block: Block = { start: text.length, end: text.length + line.length, kind: 'line', index: blocks.length + 1 };
    if (origin.page !== undefined) block.page = origin.page;
    if (box) block.box = box;
    blocks.push(block);
    text += line;
  }
  return { id, role, text, origin, blocks };
}

export function stringValue(v: unknown): string {
  if (typeof v === 'string') return v;
  if (Array.isArray(v)) return v.filter((x) => typeof x === 'string').join('\n');
  return '';
}
