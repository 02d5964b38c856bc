/**
 * What a page's content streams and resources carry that no viewer draws, read from the lexing
 * quality.ts already does (no stream is decoded twice):
 *
 * - Comments (`% 机密★5年`) in content streams: nothing draws them, yet anyone can write them and
 *   they are published with the file. Each comment is read as text (`page-N:comments`, hidden), and
 *   the strings written in it (`% <FEFF…>`, `% (\346\234\272…)`) as the text strings they spell.
 * - XObjects a page's resources list but no content stream of any page paints: a form's text is
 *   read through pdf.js (appearances.ts copies it onto a page of its own) as `page-N:undrawn:…`,
 *   located on the page that lists it; a picture cannot be read without OCR and is a loss. A form
 *   or picture drawn by some other page sharing the resources is drawn, and is no loss.
 */
import type { PartOrigin } from '@prepub/core';
import { PDFDict, PDFName, PDFNumber, PDFRef, PDFStream, PDFHexString, type PDFObject } from 'pdf-lib';
import { addOtherReadings, pdfDocDecode } from './legacy-text.ts';
import { stringBytesOf } from './content.ts';
import { refLabel, resolve, type StreamCheck } from './raw.ts';
import { addPart, linesPart, type DocState } from './state.ts';

/** Most comments read per page. */
const MAX_COMMENTS = 2000;
/** Most XObjects remembered per file as listed (each is compared with what all pages paint). */
const MAX_LISTED = 20_000;
/** A picture smaller than this on either side cannot show a legible word. */
const MIN_PICTURE_SIDE = 8;

/** One XObject a page's resources list. */
export interface ListedXObject {
  page: number;
  name: string;
  label: string;
  kind: 'form' | 'image';
  /** Non-space bytes a form's text operators show (0 for pictures). */
  textBytes: number;
  /** The resources a form without its own inherits. */
  resources?: PDFObject;
}

/** What the pages list and paint, gathered page by page and settled once all pages are read. */
export interface XObjectUse {
  drawn: Set<PDFStream>;
  listed: Map<PDFStream, ListedXObject>;
  /** Listed XObjects past {@link MAX_LISTED}, not compared. */
  over: number;
}

/** String tokens (`<hex>`, `(literal)`) written in a comment, as their bytes. */
function commentStrings(bytes: Uint8Array): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let i = 0; i < bytes.length; i++) {
    const c = bytes[i];
    if (c === 0x3c && bytes[i + 1] !== 0x3c) {
      const end = bytes.indexOf(0x3e, i + 1);
      if (end < 0) break;
      // Only hex digits and spaces make a hex string; `<revision>` is markup, read as the comment is.
      const inner = bytes.subarray(i + 1, end);
      if (inner.length >= 4 && inner.every((b) => (b >= 0x30 && b <= 0x39) || ((b | 0x20) >= 0x61 && (b | 0x20) <= 0x66) || b === 0x20)) out.push(stringBytesOf(bytes, [[i, end + 1]]));
      i = end;
    } else if (c === 0x28) {
      let depth = 1;
      let j = i + 1;
      for (; j < bytes.length && depth > 0; j++) {
        if (bytes[j] === 0x5c) j++;
        else if (bytes[j] === 0x28) depth++;
        else if (bytes[j] === 0x29) depth--;
      }
      const s = stringBytesOf(bytes, [[i, j]]);
      if (s.length > 0) out.push(s);
      i = j - 1;
    }
  }
  return out;
}

/** Form streams whose comments were read (objects belong to one parsed file: nothing is shared between files). */
const commented = new WeakSet<PDFStream>();

/** A PDF text string's bytes as a reader decodes them (UTF-16 or UTF-8 with a mark, else PDFDocEncoding). */
const textString = (bytes: Uint8Array): string => (bytes.length === 0 ? '' : PDFHexString.of(Buffer.from(bytes).toString('hex')).decodeText());

/** Reads the comments of page `n`'s content streams and of the forms it lists (see the module comment). */
export function addStreamComments(state: DocState, n: number, checks: readonly StreamCheck[], origin: PartOrigin): void {
  const comments: Uint8Array[] = [];
  for (const c of checks) {
    // A form shared by many pages' resources is read with the first.
    if (c.object) {
      if (commented.has(c.object)) continue;
      commented.add(c.object);
    }
    for (const b of c.comments ?? []) if (comments.length < MAX_COMMENTS) comments.push(b);
  }
  // Producers' own comments are not text of the page, but nothing keeps them from being: read all.
  const texts = comments.filter((b) => b.some((x) => x > 0x20));
  if (texts.length === 0) return;
  const strings = texts.flatMap(commentStrings);
  const o: PartOrigin = { ...origin, detail: 'comments in the page content streams (not drawn by any reader)' };
  const id = `page-${n}:comments`;
  const part = linesPart(id, 'hidden', [...texts.map(pdfDocDecode), ...strings.map(textString)], o);
  if (part) addPart(state, part);
  addOtherReadings(state, id, 'hidden', o, [...texts, ...strings]);
}

const nameOf = (o: PDFObject | undefined): string | undefined => (o instanceof PDFName ? o.decodeText() : undefined);
const numberOf = (o: PDFObject | undefined): number => (o instanceof PDFNumber ? o.asNumber() : 0);

/**
 * Records what page `n` lists in its resources (and its forms in theirs) and what its content
 * streams paint, following the forms painted: a form counts as painted only when a painted stream
 * names it under the resources it is looked up in.
 */
export function noteXObjects(state: DocState, n: number, checks: readonly StreamCheck[]): void {
  const raw = state.raw;
  if (!raw.ok) return;
  const doc = raw.doc;
  const use = (state.xobjects ??= { drawn: new Set(), listed: new Map(), over: 0 });
  const byStream = new Map<PDFStream, StreamCheck>();
  for (const c of checks) if (c.object) byStream.set(c.object, c);
  const xobjectsOf = (res: PDFObject | undefined): PDFDict | undefined => {
    const r = resolve(doc, res);
    const x = r instanceof PDFDict ? resolve(doc, r.get(PDFName.of('XObject'))) : undefined;
    return x instanceof PDFDict ? x : undefined;
  };
  // What is painted: from the page's own streams, through each form painted, once each.
  const queue = checks.filter((c) => c.page);
  const followed = new Set<StreamCheck>(queue);
  while (queue.length > 0) {
    const c = queue.shift()!;
    const xo = xobjectsOf(c.resources);
    if (!xo) continue;
    for (const name of new Set(c.painted)) {
      const s = resolve(doc, xo.get(PDFName.of(name)));
      if (!(s instanceof PDFStream)) continue;
      use.drawn.add(s);
      const form = byStream.get(s);
      if (form && !followed.has(form)) {
        followed.add(form);
        queue.push(form);
      }
    }
  }
  // What is listed: the page's resources and those of every form checked.
  const lists: Array<PDFObject | undefined> = [];
  for (const c of checks) if (c.page || c.object) lists.push(c.resources);
  for (const res of new Set(lists)) {
    const xo = xobjectsOf(res);
    if (!xo) continue;
    for (const [key, ref] of xo.entries()) {
      const s = resolve(doc, ref);
      if (!(s instanceof PDFStream) || use.listed.has(s)) continue;
      if (use.listed.size >= MAX_LISTED) {
        use.over++;
        continue;
      }
      const subtype = nameOf(resolve(doc, s.dict.get(PDFName.of('Subtype'))));
      const label = ref instanceof PDFRef ? refLabel(ref) : 'a stream inside the resources';
      if (subtype === 'Form') {
        const check = byStream.get(s);
        use.listed.set(s, { page: n, name: key.decodeText(), label, kind: 'form', textBytes: check?.scan?.textBytes ?? 0, resources: res });
      } else if (subtype === 'Image') {
        const w = numberOf(resolve(doc, s.dict.get(PDFName.of('Width'))));
        const h = numberOf(resolve(doc, s.dict.get(PDFName.of('Height'))));
        if (Math.min(w, h) >= MIN_PICTURE_SIDE) use.listed.set(s, { page: n, name: key.decodeText(), label, kind: 'image', textBytes: 0 });
      }
    }
  }
}

/**
 * Once every page is read: forms listed and painted by no page that show text are queued for
 * reading with the annotation appearances pdf.js did not draw (same small PDF); pictures so listed
 * are a loss.
 */
export function settleUndrawnXObjects(state: DocState): void {
  const use = state.xobjects;
  if (!use) return;
  const pictures: ListedXObject[] = [];
  for (const [stream, x] of use.listed) {
    if (use.drawn.has(stream)) continue;
    if (x.kind === 'image') pictures.push(x);
    else if (x.textBytes > 0) {
      (state.appearances ??= []).push({
        page: x.page,
        annot: x.label,
        subtype: 'Form',
        key: x.name,
        role: 'hidden',
        why: `form XObject /${x.name} (${x.label}) listed in the page's resources but never drawn`,
        stream,
        partId: `page-${x.page}:undrawn:${x.name}`,
        ...(x.resources ? { resources: x.resources } : {}),
        shownBytes: x.textBytes,
      });
    }
  }
  if (pictures.length > 0) {
    const where = [...new Set(pictures.map((p) => `page ${p.page}`))];
    const names = pictures.slice(0, 3).map((p) => `/${p.name} (${p.label}) on page ${p.page}`).join(', ') + (pictures.length > 3 ? ` and ${pictures.length - 3} more` : '');
    state.out.loss!.push({
      where: where.slice(0, 3).join(', ') + (where.length > 3 ? ` and ${where.length - 3} more` : ''),
      kind: 'unreadable-object',
      count: pictures.length,
      detail: `${pictures.length} picture(s) listed in page resources are drawn by no page (${names}): they travel with the file, and what they show was not read.`,
      origin: { page: pictures[0].page, filePart: `page ${pictures[0].page}` },
    });
  }
  if (use.over > 0) {
    state.out.loss!.push({ where: 'page resources', kind: 'unreadable-object', count: use.over, detail: `The pages list more than ${MAX_LISTED} XObjects; ${use.over} were not checked for being drawn.` });
  }
}
