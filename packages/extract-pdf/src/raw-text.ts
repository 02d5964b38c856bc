/**
 * Text a viewer shows that pdf.js does not hand over: the rich text (/RC) of an annotation, which
 * Acrobat draws when the annotation has no appearance, is dropped whenever pdf.js cannot parse its
 * XHTML; a text field's value written as a text stream is read by pdf.js as empty; page labels
 * (/PageLabels), the page names a viewer shows in its page box, and article thread titles are read
 * here from the catalog; so are the captions of buttons (/MK), the overlay text of redactions and
 * the standard stamps a viewer draws for a stamp without appearance, which pdf.js does not read.
 */
import { PDFArray, PDFDict, PDFHexString, PDFName, PDFRef, PDFStream, PDFString, type PDFDocument, type PDFObject } from 'pdf-lib';
import type { PartRole } from '@prepub/core';
import { addOtherReadings, otherReadings, otherReadingsOfStream, pdfDocDecode, type OtherReadings } from './legacy-text.ts';
import { refLabel, resolve, stringBytes, streamBytes, streamText, textOf, type DictVisitor } from './raw.ts';
import { addPart, linesPart, type DocState } from './state.ts';

/** The readings of a text string or text stream's bytes in code pages other than the one it was read in. */
function otherReadingsOf(doc: PDFDocument, o: PDFObject | undefined): OtherReadings | undefined {
  const v = resolve(doc, o);
  if (v instanceof PDFStream) {
    const b = streamBytes(doc, v);
    return b ? otherReadingsOfStream(b) : undefined;
  }
  const b = stringBytes(v);
  return b ? otherReadings(b) : undefined;
}

/** A text string or text stream value as text. */
function textValue(doc: PDFDocument, o: PDFObject | undefined): string | undefined {
  const v = resolve(doc, o);
  if (v instanceof PDFString || v instanceof PDFHexString) return v.decodeText();
  if (v instanceof PDFStream) {
    const b = streamBytes(doc, v);
    return b ? streamText(b) : undefined;
  }
  return undefined;
}

/** Rich text as the lines it shows: tags dropped, block ends as line breaks, references resolved. */
export function richTextLines(xhtml: string): string[] {
  const text = xhtml
    .replace(/<\?[\s\S]*?\?>/g, '')
    .replace(/<\/(p|div|li|h[1-6])\s*>|<br\s*\/?>/gi, '\n')
    .replace(/<[^>]*>/g, '')
    .replace(/&#x([0-9a-f]+);/gi, (_m, h: string) => String.fromCodePoint(Math.min(parseInt(h, 16), 0x10ffff)))
    .replace(/&#(\d+);/g, (_m, d: string) => String.fromCodePoint(Math.min(Number(d), 0x10ffff)))
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
  return text.split('\n').map((l) => l.trim()).filter(Boolean);
}

/** The standard stamps a viewer draws for a stamp annotation's /Name (the default is Draft). */
const STANDARD_STAMPS: Record<string, string> = {
  Approved: 'APPROVED',
  Experimental: 'EXPERIMENTAL',
  NotApproved: 'NOT APPROVED',
  AsIs: 'AS IS',
  Expired: 'EXPIRED',
  NotForPublicRelease: 'NOT FOR PUBLIC RELEASE',
  Confidential: 'CONFIDENTIAL',
  Final: 'FINAL',
  Sold: 'SOLD',
  Departmental: 'DEPARTMENTAL',
  ForComment: 'FOR COMMENT',
  TopSecret: 'TOP SECRET',
  Draft: 'DRAFT',
  ForPublicRelease: 'FOR PUBLIC RELEASE',
};

/** Keys whose string values are text strings a viewer shows, and the role of their text. */
// Keyed by name object (pdf-lib interns names): no name is decoded for the lookup.
const TEXT_KEYS = new Map<PDFName, PartRole>(
  Object.entries({
    Title: 'bookmark', Subject: 'metadata', Keywords: 'metadata', Author: 'metadata', Creator: 'metadata', Producer: 'metadata',
    Contents: 'annotation', T: 'annotation', RC: 'annotation', CA: 'form-field', AC: 'form-field', OverlayText: 'annotation',
    TU: 'form-field', TM: 'form-field', V: 'form-field', DV: 'form-field', Opt: 'form-field',
    Desc: 'attachment-name', UF: 'attachment-name', F: 'attachment-name', P: 'metadata', Name: 'metadata', JS: 'hidden',
  } satisfies Record<string, PartRole>).map(([k, v]) => [PDFName.of(k), v]),
);

/**
 * pdf.js drops everything between two ESC bytes (0x1B) of a text string that is not UTF-16, where
 * the specification gives ESC no meaning (only UTF-16 strings carry language escapes), while a
 * viewer shows the text around the control byte. The text strings that hold an ESC byte (those of
 * {@link TEXT_KEYS}, every entry of the document information), read whole with the ESC bytes left out.
 */
function escapedStrings(doc: PDFDocument, dict: PDFDict, isInfo: boolean): Array<{ key: string; bytes: Uint8Array; role: PartRole }> {
  const out: Array<{ key: string; bytes: Uint8Array; role: PartRole }> = [];
  const take = (key: string, role: PartRole, o: PDFObject | undefined, depth: number): void => {
    const v = resolve(doc, o);
    if (v instanceof PDFArray && depth < 2) {
      for (const x of v.asArray().slice(0, 1000)) take(key, role, x, depth + 1);
      return;
    }
    const b = stringBytes(v);
    if (!b || !b.includes(0x1b)) return;
    if ((b[0] === 0xfe && b[1] === 0xff) || (b[0] === 0xff && b[1] === 0xfe)) return;
    out.push({ key, bytes: b.filter((x) => x !== 0x1b), role });
  };
  for (const [name, value] of dict.entries()) {
    if (!(value instanceof PDFString || value instanceof PDFHexString || value instanceof PDFArray || value instanceof PDFRef)) continue;
    const role = isInfo ? 'metadata' : TEXT_KEYS.get(name);
    if (role) take(name.decodeText(), role, value, 0);
  }
  return out;
}

const FIELD_NAMES = [PDFName.of('T'), PDFName.of('TM')];
const FIELD_KEYS = [PDFName.of('FT'), PDFName.of('Kids'), PDFName.of('Parent')];

/**
 * Whether `dict` is a node of the form's field tree: it has a field type, kids or a parent, or is a
 * widget (a widget's /T names the field it merges with). A markup annotation's /T (its author) is not.
 */
function isField(doc: PDFDocument, dict: PDFDict): boolean {
  if (dict.get(PDFName.of('T')) === undefined && dict.get(PDFName.of('TM')) === undefined) return false;
  const subtype = resolve(doc, dict.get(PDFName.of('Subtype')));
  if (subtype instanceof PDFName) return subtype.decodeText() === 'Widget';
  return FIELD_KEYS.some((key) => dict.get(key) !== undefined);
}

/** Reads /RC rich text and text-stream field values as a visitor of the file's object walk. */
export function rawTextVisitor(state: DocState): { visit: DictVisitor; finish: () => void } {
  const raw = state.raw;
  if (!raw.ok || raw.encrypted) return { visit: () => {}, finish: () => {} };
  const doc = raw.doc;
  let k = 0;
  const info = doc.context.trailerInfo.Info;
  const visit: DictVisitor = (dict, owner, stream) => {
    if (stream) return;
    for (const e of escapedStrings(doc, dict, info !== undefined && resolve(doc, info) === dict)) {
      const origin = { filePart: refLabel(owner), detail: `/${e.key} of ${refLabel(owner)}, read whole (the reader drops what ESC bytes enclose)` };
      const part = linesPart(`escaped:${++k}`, e.role, [pdfDocDecode(e.bytes)], origin);
      if (part) addPart(state, part);
      addOtherReadings(state, `escaped:${k}`, e.role, origin, [e.bytes]);
    }
    const rc = dict.get(PDFName.of('RC'));
    if (rc !== undefined) {
      const xhtml = textValue(doc, rc);
      const lines = xhtml ? richTextLines(xhtml) : [];
      const contents = (textOf(resolve(doc, dict.get(PDFName.of('Contents')))) ?? '').replace(/\s+/g, '');
      // Rich text that says what /Contents says was read with it.
      const origin = { filePart: 'annotations', detail: `rich text (/RC) of the annotation in ${refLabel(owner)}` };
      const id = `rich-text:${++k}`;
      if (lines.length > 0 && !contents.includes(lines.join('').replace(/\s+/g, ''))) {
        const part = linesPart(id, 'annotation', lines, origin);
        if (part) addPart(state, part);
      }
      // Read in another code page, the XHTML shows other lines.
      const other = otherReadingsOf(doc, rc);
      const readings = other && { ...other, readings: other.readings.map((r) => ({ ...r, text: richTextLines(r.text).join('\n') })) };
      addOtherReadings(state, id, 'annotation', origin, [{ readings }]);
    }
    // A redaction shows its overlay text over the area once applied (and in viewers' previews).
    const overlayValue = resolve(doc, dict.get(PDFName.of('OverlayText')));
    const overlay = textOf(overlayValue);
    if (overlay?.trim()) {
      const origin = { filePart: 'annotations', detail: `overlay text of the redaction in ${refLabel(owner)}` };
      const part = linesPart(`overlay:${++k}`, 'annotation', [overlay], origin);
      if (part) addPart(state, part);
      addOtherReadings(state, `overlay:${k}`, 'annotation', origin, [stringBytes(overlayValue)]);
    }
    // A stamp without an appearance is drawn by the viewer as the standard stamp its /Name names.
    const subtype = resolve(doc, dict.get(PDFName.of('Subtype')));
    if (subtype instanceof PDFName && subtype.decodeText() === 'Stamp' && dict.get(PDFName.of('AP')) === undefined) {
      const name = resolve(doc, dict.get(PDFName.of('Name')));
      const shown = STANDARD_STAMPS[name instanceof PDFName ? name.decodeText() : 'Draft'];
      const part = shown ? linesPart(`stamp:${++k}`, 'annotation', [shown], { filePart: 'annotations', detail: `standard stamp drawn by the viewer (${refLabel(owner)})` }) : null;
      if (part) addPart(state, part);
      if (!(name instanceof PDFName)) {
        // A damaged /Name leaves the viewer's default, but the stamp the file named is still in it.
        const named = dict.entries().map(([, v]) => (v instanceof PDFName ? STANDARD_STAMPS[v.decodeText()] : undefined)).filter((t): t is string => t !== undefined);
        const kept = linesPart(`stamp-name:${++k}`, 'hidden', named, { filePart: 'annotations', detail: `standard stamp named under a damaged /Name (${refLabel(owner)})` });
        if (kept) addPart(state, kept);
      }
    }
    // A button's captions (normal, rollover, down) are drawn on it; pdf.js reads a button by its
    // value, which for a push button is nothing.
    const mk = resolve(doc, dict.get(PDFName.of('MK')));
    if (mk instanceof PDFDict) {
      const captions = ['CA', 'RC', 'AC'].map((key) => textOf(resolve(doc, mk.get(PDFName.of(key)))) ?? '').filter((t) => t.trim());
      const origin = { filePart: 'AcroForm', detail: `button caption (/MK) of ${refLabel(owner)}` };
      const part = linesPart(`caption:${++k}`, 'form-field', [...new Set(captions)], origin);
      if (part) addPart(state, part);
      addOtherReadings(state, `caption:${k}`, 'form-field', origin, ['CA', 'RC', 'AC'].map((key) => stringBytes(resolve(doc, mk.get(PDFName.of(key))))));
    }
    // A form field's names: its partial name (/T), which pdf.js hands over only joined into the
    // qualified name it keys fields by, and its export name (/TM), which it does not read at all. Neither
    // is shown on the page, but both travel with the published file. The tooltip (/TU) is read as a
    // form field's text by pdf.js already. A markup annotation's /T is its author, read with it.
    if (isField(doc, dict)) {
      const values = FIELD_NAMES.map((key) => resolve(doc, dict.get(key)));
      const lines = values.map((v) => textOf(v) ?? '').filter((t) => t.trim());
      const origin = { filePart: 'AcroForm', detail: `names (/T, /TM) of the form field in ${refLabel(owner)}` };
      const part = linesPart(`field-name:${++k}`, 'metadata', [...new Set(lines)], origin);
      if (part) addPart(state, part);
      addOtherReadings(state, `field-name:${k}`, 'metadata', origin, values.map((v) => stringBytes(v)));
    }
    // A text field's value (or default value) may be a text stream rather than a string.
    for (const key of ['V', 'DV']) {
      const v = dict.get(PDFName.of(key));
      if (v === undefined || !(resolve(doc, v) instanceof PDFStream)) continue;
      const value = textValue(doc, v);
      if (!value) continue;
      const origin = { filePart: 'AcroForm', detail: `field value written as a text stream (/${key} of ${refLabel(owner)})` };
      const part = linesPart(`field-stream:${++k}`, 'form-field', [value], origin);
      if (part) addPart(state, part);
      addOtherReadings(state, `field-stream:${k}`, 'form-field', origin, [{ readings: otherReadingsOf(doc, v) }]);
    }
  };
  return { visit, finish: () => {} };
}

/** Most number-tree nodes of /PageLabels followed. */
const MAX_LABEL_NODES = 10_000;

/** Titles of article threads (/Threads, each thread's /I information dictionary), listed by a viewer's Articles panel. */
function addThreadTitles(state: DocState, doc: PDFDocument): void {
  const threads = resolve(doc, doc.catalog.get(PDFName.of('Threads')));
  if (!(threads instanceof PDFArray)) return;
  const lines: string[] = [];
  const bytes: Array<Uint8Array | undefined> = [];
  for (const t of threads.asArray().slice(0, 10_000)) {
    const thread = resolve(doc, t);
    const info = thread instanceof PDFDict ? resolve(doc, thread.get(PDFName.of('I'))) : undefined;
    if (!(info instanceof PDFDict)) continue;
    for (const [, v] of info.entries()) {
      const text = textOf(resolve(doc, v));
      if (text && text.trim() && !(resolve(doc, v) instanceof PDFName)) lines.push(text);
      bytes.push(stringBytes(resolve(doc, v)));
    }
  }
  const origin = { filePart: 'catalog', detail: 'article thread titles (/Threads)' };
  const part = linesPart('article-threads', 'metadata', lines, origin);
  if (part) addPart(state, part);
  addOtherReadings(state, 'article-threads', 'metadata', origin, bytes);
}

/** Text the catalog names for a viewer's panels: page labels and article thread titles. */
export function addCatalogText(state: DocState): void {
  const raw = state.raw;
  if (!raw.ok || raw.encrypted) return;
  addThreadTitles(state, raw.doc);
  addPageLabels(state);
}

/**
 * The label dictionaries of a page label number tree (the values of its /Nums, through /Kids), at
 * most {@link MAX_LABEL_NODES} nodes walked; `complete` is false when nodes were left.
 */
export function pageLabelDicts(doc: PDFDocument, root: PDFDict): { labels: PDFDict[]; complete: boolean } {
  const labels: PDFDict[] = [];
  const queue: PDFDict[] = [root];
  let n = 0;
  for (; queue.length > 0 && n < MAX_LABEL_NODES; n++) {
    const node = queue.shift()!;
    const kids = resolve(doc, node.get(PDFName.of('Kids')));
    if (kids instanceof PDFArray) for (const kid of kids.asArray()) {
      const d = resolve(doc, kid);
      if (d instanceof PDFDict) queue.push(d);
    }
    const nums = resolve(doc, node.get(PDFName.of('Nums')));
    if (!(nums instanceof PDFArray)) continue;
    const a = nums.asArray();
    for (let i = 0; i + 1 < a.length; i += 2) {
      const label = resolve(doc, a[i + 1]);
      if (label instanceof PDFDict) labels.push(label);
    }
  }
  return { labels, complete: queue.length === 0 };
}

/** The prefixes of the page labels (/PageLabels /P), the names a viewer shows for pages. */
function addPageLabels(state: DocState): void {
  const raw = state.raw;
  if (!raw.ok || raw.encrypted) return;
  const doc = raw.doc;
  const root = resolve(doc, doc.catalog.get(PDFName.of('PageLabels')));
  if (!(root instanceof PDFDict)) return;
  const lines: string[] = [];
  const bytes: Array<Uint8Array | undefined> = [];
  const { labels, complete } = pageLabelDicts(doc, root);
  for (const label of labels) {
    const prefix = textOf(resolve(doc, label.get(PDFName.of('P'))));
    if (prefix && prefix.trim()) lines.push(prefix);
    bytes.push(stringBytes(resolve(doc, label.get(PDFName.of('P')))));
  }
  // A tree cut at the bound holds labels that were not read: unread, not silently dropped.
  if (!complete) state.out.loss!.push({ where: 'catalog', kind: 'unreadable-object', count: 1, detail: `the page label tree (/PageLabels) has more than ${MAX_LABEL_NODES} nodes; the labels beyond them were not read.` });
  const origin = { filePart: 'catalog', detail: 'page label prefixes (/PageLabels)' };
  const part = linesPart('page-labels', 'metadata', [...new Set(lines)], origin);
  if (part) addPart(state, part);
  addOtherReadings(state, 'page-labels', 'metadata', origin, bytes);
}
