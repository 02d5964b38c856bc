/**
 * Annotation appearances pdf.js does not draw. pdf.js evaluates one appearance per annotation:
 * the normal one (/AP /N, in its current /AS state), and only for annotations a viewer shows. A
 * stamp flagged Hidden (/F 2) or NoView (/F 32, with Print: it is printed but not shown), the
 * rollover (/R) and down (/D) appearances a viewer shows under the mouse, and the states a check
 * box or a button is not in are never evaluated, yet each is drawn at some time, printed, or
 * carried by the file. Every such appearance stream is read here: the streams are copied as form
 * XObjects onto the pages of a small PDF made for the purpose, which pdf.js reads for its text
 * (its fonts decode the codes as for any page). The text becomes `page-N:annot:<id>:<key>` parts,
 * located on the annotation's rectangle: role `annotation` when a reader sees or prints it (rollover,
 * down, other states, NoView + Print), `hidden` when nobody does (Hidden, NoView without Print).
 */
import type { Box, PartOrigin, PartRole } from '@prepub/core';
import { PDFArray, PDFDict, PDFDocument, PDFName, PDFNumber, PDFObjectCopier, PDFRef, PDFStream, type PDFObject } from 'pdf-lib';
import { resolve, scanStream, streamBytes, streamText } from './raw.ts';
import { widgetKnownText, widgetShownBytes, widgetShowsMore } from './unread-content.ts';
import { addPart, linesPart, type DocState } from './state.ts';
import { compact, message, rectToBox, type Viewport } from './util.ts';

/** One appearance stream waiting to be read. */
export interface PendingAppearance {
  page: number;
  annot: string;
  subtype: string;
  /** `R`, `D`, `N`, with the state for a dictionary of states: `D/Off`. */
  key: string;
  role: PartRole;
  why: string;
  stream: PDFStream;
  box?: Box;
  /** The part's id when it is no annotation's (a form XObject never drawn: carriers.ts). */
  partId?: string;
  /** Resources the stream inherits when it has none of its own (a page's, for its forms). */
  resources?: PDFObject;
  /** Non-space bytes its text operators show: text expected, so reading none is a loss. */
  shownBytes?: number;
  /** Read on a page that holds all it may draw, whatever its /BBox and /Matrix say (a pattern cell, a Type3 glyph). */
  unbounded?: boolean;
  /**
   * A field widget's normal appearance read to check it against the field as read: kept (and a
   * loss) only when it shows letters neither the field's parts nor `known` (its value, default,
   * options, caption) hold. `format`: the field has a format action, which may spell a value in
   * other Latin letters (a date's month name). `regenerated`: the form asks viewers to make
   * appearances from the values (/NeedAppearances), so most show the value: the appearance's
   * other text is read, and is no loss.
   */
  verify?: { format: boolean; known: string; regenerated: boolean };
}

/** Most appearance streams read per file. */
export const MAX_APPEARANCES = 500;
/** Annotation flags (PDF 32000-1, 12.5.3). */
const HIDDEN = 2;
const PRINT = 4;
const NO_VIEW = 32;

/** pdf.js's id of an annotation object (`Ref.toString()`). */
const pdfjsId = (ref: PDFRef): string => (ref.generationNumber === 0 ? `${ref.objectNumber}R` : `${ref.objectNumber}R${ref.generationNumber}`);

/**
 * The appearance streams of page `n`'s annotations that pdf.js did not draw (see the module
 * comment). `evaluated`: whether the page's operator list included annotation appearances.
 */
export function pendingAppearances(state: DocState, n: number, vp: Viewport, evaluated: boolean, into: PendingAppearance[]): void {
  const raw = state.raw;
  if (!raw.ok) return;
  const doc = raw.doc;
  const page = doc.getPages()[n - 1];
  if (!page) return;
  const annots = resolve(doc, page.node.get(PDFName.of('Annots')));
  if (!(annots instanceof PDFArray)) return;
  let k = 0;
  for (const a of annots.asArray()) {
    k++;
    const annot = resolve(doc, a);
    if (!(annot instanceof PDFDict)) continue;
    const ap = resolve(doc, annot.get(PDFName.of('AP')));
    if (!(ap instanceof PDFDict)) continue;
    const subtypeObj = resolve(doc, annot.get(PDFName.of('Subtype')));
    const subtype = subtypeObj instanceof PDFName ? subtypeObj.decodeText() : '';
    const flagsObj = resolve(doc, annot.get(PDFName.of('F')));
    const flags = flagsObj instanceof PDFNumber ? flagsObj.asNumber() : 0;
    const hidden = (flags & HIDDEN) !== 0;
    const noView = (flags & NO_VIEW) !== 0;
    const printed = (flags & PRINT) !== 0;
    const asObj = resolve(doc, annot.get(PDFName.of('AS')));
    const current = asObj instanceof PDFName ? asObj.decodeText() : undefined;
    const role: PartRole = hidden || (noView && !printed) ? 'hidden' : 'annotation';
    const id = a instanceof PDFRef ? pdfjsId(a) : `inline-${k}`;
    const rect = resolve(doc, annot.get(PDFName.of('Rect')));
    const box = rect instanceof PDFArray ? rectToBox(vp, rect.asArray().map((v) => (v instanceof PDFNumber ? v.asNumber() : NaN))) : undefined;
    // The stream pdf.js drew for this annotation (its normal appearance in the current state), if any.
    const drawnByPdfjs = evaluated && !hidden && !noView && subtype !== 'Widget';
    const seen = new Set<PDFStream>();
    for (const key of ['N', 'R', 'D']) {
      const entry = resolve(doc, ap.get(PDFName.of(key)));
      const streams: Array<[string, PDFStream, boolean]> = [];
      if (entry instanceof PDFStream) streams.push([key, entry, true]);
      else if (entry instanceof PDFDict) {
        for (const [state0, s] of entry.entries()) {
          const st = resolve(doc, s);
          if (st instanceof PDFStream) streams.push([`${key}/${state0.decodeText()}`, st, state0.decodeText() === current]);
        }
      }
      for (const [label, stream, isCurrent] of streams) {
        if (seen.has(stream)) continue;
        seen.add(stream);
        // Read already: drawn by pdf.js, or a widget read by its value, unless its appearance
        // shows more text than the field holds (a marking typed into the appearance only: the
        // loss unread-content.ts reports stays, and the text shown is read too).
        let widgetMore = false;
        // A viewer shows a field's appearance, not its value: one that shows other text than the
        // value (机密 drawn in a field holding 公开) is read and checked against the field's reading.
        let verify = false;
        if (key === 'N' && isCurrent && subtype === 'Widget' && !hidden && !noView && textField(doc, annot)) {
          widgetMore = widgetShowsMore(doc, annot);
          verify = !widgetMore && widgetShownBytes(doc, annot) > 0;
        }
        if (key === 'N' && isCurrent && (drawnByPdfjs || subtype === 'Widget') && !widgetMore && !verify) continue;
        // Past the most read per file, an appearance is counted (a loss the extractor reports), never
        // dropped in silence: a form of many check boxes must not hide a hidden stamp behind them.
        if (into.length >= MAX_APPEARANCES) {
          state.appearancesOver = (state.appearancesOver ?? 0) + 1;
          continue;
        }
        const why =
          hidden ? 'hidden annotation (Hidden flag)' :
          noView ? (printed ? 'annotation printed but not shown on screen (NoView, Print)' : 'annotation neither shown nor printed (NoView)') :
          key === 'R' ? 'rollover appearance (shown under the mouse pointer)' :
          key === 'D' ? 'down appearance (shown while clicked)' :
          !isCurrent ? `appearance of state ${label.slice(2)} (not the current state)` :
          widgetMore ? 'normal appearance, showing more than the field value' : 'normal appearance';
        const pending: PendingAppearance = { page: n, annot: id, subtype, key: label, role: widgetMore || verify ? 'form-field' : role, why: verify ? 'normal appearance, showing other text than the field value' : why, stream };
        if (box) pending.box = box;
        if (verify) pending.verify = { format: hasFormatAction(doc, annot), known: widgetKnownText(doc, annot), regenerated: needAppearances(doc) };
        into.push(pending);
      }
    }
  }
}

/** Fonts that draw symbols (a check mark, a cross, a dot), whatever their codes read as. */
const SYMBOL_FONTS = /^(?:[A-Z]{6}\+)?(?:ZapfDingbats|ZaDb|Symbol|Wingdings[\w-]*|Webdings)$/i;

/**
 * Visible widgets of page `n` (pdf.js ids) read in the page's lines by what their current normal
 * appearance draws, when it shows text in a font other than a symbol font: buttons and signature
 * boxes (a check box drawing 密 where a tick would stand; their fields hold a state or a caption),
 * multi-line text fields and list boxes (laid out by the appearance: their value is not one line);
 * and any widget whose appearance paints a picture (read as the page's pictures are).
 * They are not drawn when the page is read: a viewer shows 机 on the page, 密 in the box and ★5年
 * after it as one line. One-line text fields and drop-downs stand in the line by their values.
 */
export function widgetsDrawnInLine(state: DocState, n: number): Set<string> {
  const out = new Set<string>();
  const raw = state.raw;
  if (!raw.ok || raw.encrypted) return out;
  const doc = raw.doc;
  const page = doc.getPages()[n - 1];
  const annots = page ? resolve(doc, page.node.get(PDFName.of('Annots'))) : undefined;
  if (!(annots instanceof PDFArray)) return out;
  for (const a of annots.asArray().slice(0, 2000)) {
    const annot = resolve(doc, a);
    if (!(a instanceof PDFRef) || !(annot instanceof PDFDict)) continue;
    const subtype = resolve(doc, annot.get(PDFName.of('Subtype')));
    if (!(subtype instanceof PDFName) || subtype.decodeText() !== 'Widget') continue;
    const flags = resolve(doc, annot.get(PDFName.of('F')));
    const f = flags instanceof PDFNumber ? flags.asNumber() : 0;
    if ((f & HIDDEN) !== 0 || ((f & NO_VIEW) !== 0 && (f & PRINT) === 0)) continue;
    const ap = resolve(doc, annot.get(PDFName.of('AP')));
    let normal = ap instanceof PDFDict ? resolve(doc, ap.get(PDFName.of('N'))) : undefined;
    if (normal instanceof PDFDict) {
      const as = resolve(doc, annot.get(PDFName.of('AS')));
      normal = as instanceof PDFName ? resolve(doc, normal.get(as)) : undefined;
    }
    if (!(normal instanceof PDFStream)) continue;
    // A picture in any widget's appearance (an image button, a signature's scanned seal) is drawn
    // with the page and read as the page's pictures are: no field holds what it shows.
    if (paintsPicture(doc, normal, 0)) {
      out.add(pdfjsId(a));
      continue;
    }
    const ft = fieldType(doc, annot);
    const ff = fieldFlags(doc, annot);
    // Multi-line (bit 13) text fields; list boxes: choice fields without the Combo flag (bit 18).
    if (ft !== 'Btn' && ft !== 'Sig' && !(ft === 'Tx' && (ff & 4096) !== 0) && !(ft === 'Ch' && (ff & 131072) === 0)) continue;
    if ((scanStream(doc, normal)?.textBytes ?? 0) === 0) continue;
    // Letters in a symbol font are ticks and crosses.
    const res = resolve(doc, normal.dict.get(PDFName.of('Resources')));
    const fonts = res instanceof PDFDict ? resolve(doc, res.get(PDFName.of('Font'))) : undefined;
    const names = fonts instanceof PDFDict ? [...fonts.values()].map((x) => resolve(doc, x)).map((x) => (x instanceof PDFDict ? resolve(doc, x.get(PDFName.of('BaseFont'))) : undefined)).map((x) => (x instanceof PDFName ? x.decodeText() : '')) : [];
    if (names.length > 0 && names.every((x) => SYMBOL_FONTS.test(x))) continue;
    out.add(pdfjsId(a));
  }
  return out;
}

/** Whether an appearance stream paints a picture: an image XObject it names (through forms it names, a few deep) or an inline image. */
function paintsPicture(doc: PDFDocument, stream: PDFStream, depth: number): boolean {
  const res = resolve(doc, stream.dict.get(PDFName.of('Resources')));
  const xobjects = res instanceof PDFDict ? resolve(doc, res.get(PDFName.of('XObject'))) : undefined;
  if (xobjects instanceof PDFDict) {
    for (const x of [...xobjects.values()].slice(0, 64)) {
      const o = resolve(doc, x);
      if (!(o instanceof PDFStream)) continue;
      const sub = resolve(doc, o.dict.get(PDFName.of('Subtype')));
      if (sub instanceof PDFName && sub.decodeText() === 'Image') return true;
      if (depth < 4 && o !== stream && paintsPicture(doc, o, depth + 1)) return true;
    }
  }
  const bytes = streamBytes(doc, stream);
  return !!bytes && /(?:^|\s)BI\s/.test(streamText(bytes.subarray(0, 1 << 20)));
}

/** A widget's field flags (/Ff, inherited; 0 without). */
function fieldFlags(doc: PDFDocument, annot: PDFDict): number {
  let d: PDFDict | undefined = annot;
  for (let i = 0; d && i < 16; i++) {
    const ff = resolve(doc, d.get(PDFName.of('Ff')));
    if (ff !== undefined) return ff instanceof PDFNumber ? ff.asNumber() : 0;
    const parent = resolve(doc, d.get(PDFName.of('Parent')));
    d = parent instanceof PDFDict && parent !== d ? parent : undefined;
  }
  return 0;
}

/** A widget's field type (/FT, inherited). */
function fieldType(doc: PDFDocument, annot: PDFDict): string | undefined {
  let d: PDFDict | undefined = annot;
  for (let i = 0; d && i < 16; i++) {
    const ft = resolve(doc, d.get(PDFName.of('FT')));
    if (ft !== undefined) return ft instanceof PDFName ? ft.decodeText() : undefined;
    const parent = resolve(doc, d.get(PDFName.of('Parent')));
    d = parent instanceof PDFDict && parent !== d ? parent : undefined;
  }
  return undefined;
}

/** Whether the form asks viewers to make field appearances from the values (/AcroForm /NeedAppearances true). */
function needAppearances(doc: PDFDocument): boolean {
  const form = resolve(doc, doc.catalog.get(PDFName.of('AcroForm')));
  return form instanceof PDFDict && String(resolve(doc, form.get(PDFName.of('NeedAppearances')))) === 'true';
}

/** Whether a widget's field (or a parent) has a format action (/AA /F), which may show its value in other words. */
function hasFormatAction(doc: PDFDocument, annot: PDFDict): boolean {
  let d: PDFDict | undefined = annot;
  for (let i = 0; d && i < 16; i++) {
    const aa = resolve(doc, d.get(PDFName.of('AA')));
    if (aa instanceof PDFDict && aa.get(PDFName.of('F')) !== undefined) return true;
    const parent = resolve(doc, d.get(PDFName.of('Parent')));
    d = parent instanceof PDFDict && parent !== d ? parent : undefined;
  }
  return false;
}

/**
 * Whether a widget is a text or choice field's (/FT /Tx or /Ch, inherited): the field a marking is typed into. Push
 * buttons are read by their caption, and their appearances are not read here: pdf.js 5.6 never
 * returns from the text content of one push button appearance of its own test corpus
 * (issue15053.pdf, KozMinPr6N-Regular over UniJIS-UTF16-H), a loop that blocks the thread.
 */
function textField(doc: PDFDocument, annot: PDFDict): boolean {
  let d: PDFDict | undefined = annot;
  for (let i = 0; d && i < 16; i++) {
    const ft = resolve(doc, d.get(PDFName.of('FT')));
    if (ft !== undefined) return ft instanceof PDFName && (ft.decodeText() === 'Tx' || ft.decodeText() === 'Ch');
    const parent = resolve(doc, d.get(PDFName.of('Parent')));
    d = parent instanceof PDFDict && parent !== d ? parent : undefined;
  }
  return false;
}

/** Half the side of the page an unbounded stream is read on (points). */
const UNBOUNDED = 20000;

/** `/Name` in a PDF name written in content (# escapes for delimiters are not needed: we choose it). */
const XOBJECT = 'AP0';

/**
 * Reads the text of the pending appearance streams: a PDF with one page per stream (its bounding
 * box), opened with pdf.js through `open`, each page's text content one part.
 */
export async function readPendingAppearances(state: DocState, pending: readonly PendingAppearance[], open: (data: Uint8Array) => Promise<any>): Promise<void> {
  if (pending.length === 0) return;
  const raw = state.raw;
  if (!raw.ok) return;
  if (raw.encrypted) {
    // Encrypted streams cannot be copied out of the file here: they were not read.
    state.out.loss!.push({
      where: [...new Set(pending.map((p) => `page ${p.page}`))].slice(0, 3).join(', '),
      kind: 'unreadable-object',
      count: pending.length,
      detail: `${pending.length} annotation appearance(s) no viewer draws by default (hidden, not-viewed, rollover, down or inactive states) could not be read in this encrypted file.`,
    });
    return;
  }
  const out = await PDFDocument.create();
  const copier = PDFObjectCopier.for(raw.doc.context, out.context);
  for (const p of pending) {
    const copied = copier.copy(p.stream);
    copied.dict.set(PDFName.of('Type'), PDFName.of('XObject'));
    copied.dict.set(PDFName.of('Subtype'), PDFName.of('Form'));
    const bbox = resolve(raw.doc, p.stream.dict.get(PDFName.of('BBox')));
    let box = [0, 0, 612, 792];
    if (bbox instanceof PDFArray && bbox.size() === 4) {
      const v = bbox.asArray().map((x) => (x instanceof PDFNumber ? x.asNumber() : NaN));
      if (v.every(Number.isFinite) && v[2] !== v[0] && v[3] !== v[1]) box = [Math.min(v[0], v[2]), Math.min(v[1], v[3]), Math.max(v[0], v[2]), Math.max(v[1], v[3])];
    }
    if (p.unbounded) {
      // pdf.js leaves out text outside the page: a glyph's text or a cell's moved by its matrix may stand anywhere.
      box = [-UNBOUNDED, -UNBOUNDED, UNBOUNDED, UNBOUNDED];
      copied.dict.set(PDFName.of('BBox'), out.context.obj(box));
    } else if (!(bbox instanceof PDFArray)) copied.dict.set(PDFName.of('BBox'), out.context.obj(box));
    if (p.resources && p.stream.dict.get(PDFName.of('Resources')) === undefined) copied.dict.set(PDFName.of('Resources'), copier.copy(p.resources));
    const ref = out.context.register(copied);
    // A generous page: the form's /Matrix may move it; text outside the page is still text content.
    const page = out.addPage([Math.max(1, box[2] - box[0]), Math.max(1, box[3] - box[1])]);
    page.node.setXObject(PDFName.of(XOBJECT), ref);
    const content = out.context.stream(`q 1 0 0 1 ${-box[0]} ${-box[1]} cm /${XOBJECT} Do Q`);
    page.node.set(PDFName.of('Contents'), out.context.register(content));
  }
  const bytes = await out.save({ useObjectStreams: false });
  const doc = await open(bytes);
  try {
    for (let i = 0; i < pending.length; i++) {
      const p = pending[i];
      let text = '';
      try {
        const page = await doc.getPage(i + 1);
        const content = await page.getTextContent();
        for (const item of content.items as any[]) {
          if (typeof item?.str !== 'string') continue;
          text += item.str;
          if (item.hasEOL) text += '\n';
        }
        page.cleanup?.();
      } catch (err) {
        const what = p.partId ? `The ${p.why}` : `The ${p.why} of annotation ${p.annot}`;
        state.out.loss!.push({ where: `page ${p.page}`, kind: 'unreadable-object', count: 1, detail: `${what} could not be read: ${message(err)}`, origin: { page: p.page, filePart: `page ${p.page}` } });
        continue;
      }
      if (compact(text).length === 0) {
        // Text shown and none read (a font that failed): what it says is not known.
        if (p.shownBytes !== undefined && p.shownBytes >= 2) {
          state.out.loss!.push({ where: `page ${p.page}`, kind: 'unmapped-glyphs', count: Math.ceil(p.shownBytes / 2), detail: `The ${p.why} shows text that could not be read.`, origin: { page: p.page, filePart: `page ${p.page}` } });
        }
        continue;
      }
      if (p.verify) {
        // Letters the field's reading (value, options, their code-page readings) does not hold.
        const field = `page-${p.page}:field:${p.annot}`;
        const known = new Set([...(p.verify.known + state.out.parts.filter((x) => x.id === field || x.id.startsWith(`${field}:`)).map((x) => x.text).join(''))].map((c) => c.normalize('NFKC')));
        const other = [...compact(text)].filter((c) => /\p{L}/u.test(c) && !known.has(c.normalize('NFKC')) && (!p.verify!.format || /\p{Script=Han}/u.test(c)));
        if (other.length === 0 || (other.length < 2 && !other.some((c) => /\p{Script=Han}/u.test(c)))) continue;
        if (!p.verify.regenerated) state.out.loss!.push({
          where: `page ${p.page}`,
          kind: 'unreadable-object',
          count: 1,
          detail: `Form field ${p.annot} on page ${p.page} shows other text in its appearance than its value (${other.slice(0, 8).join('')}${other.length > 8 ? '…' : ''}): a viewer shows the appearance, read as a part of its own.`,
          origin: { page: p.page, filePart: `page ${p.page}`, ...(p.box ? { box: p.box } : {}) },
        });
      }
      // The same text read from the annotation already (its contents, its drawn appearance) is not repeated.
      const already = state.out.parts.filter((x) => x.id === `page-${p.page}:annot:${p.annot}`).map((x) => compact(x.text)).join('');
      if (p.role === 'annotation' && already.includes(compact(text))) continue;
      const origin: PartOrigin = { page: p.page, filePart: `page ${p.page}`, detail: p.partId ? p.why : `${p.why} of a ${p.subtype || 'untyped'} annotation` };
      if (p.box) origin.box = p.box;
      const part = linesPart(p.partId ?? `page-${p.page}:annot:${p.annot}:${p.key}`, p.role, [text], origin, p.box);
      if (part) addPart(state, part);
    }
  } finally {
    try {
      await doc.destroy();
    } catch {
      // already gone
    }
  }
}

