/** Reading one page: positioned text, hidden text, annotations, and rendering for OCR. */
import type { Box, ImageRef, PartOrigin, TextPart } from '@prepub/core';
import { clippedAway, coveringGlyphs, outlinedTextAreas, percentDecodedShown, UNSEEN_MAX_PERCENT, UNSEEN_MAX_POINTS, type OutlineRect, type OutlineShape, type Overdraw, type PlacedGlyph } from '@prepub/core';
import { addAttachment } from './attachments.ts';
import { fieldText } from './document.ts';
import { layoutPage, type TextRun } from '@prepub/core';
import { addOtherReadings } from './legacy-text.ts';
import { encodeOpaquePng } from './png.ts';
import { analyseOperators, hasIdentityUnicode, HIDDEN_DETAIL, HIDDEN_TAG, Hidden, HiddenAligner, settleByPaint, type Box as ClipBox, type FontInfo, type GlyphRun, type OperatorFacts, type Paint } from './operators.ts';
import type { PdfExtractorOptions } from './options.ts';
import type { PdfJsRuntime } from './pdfjs.ts';
import { checkFailedFonts, checkGlyphs, checkShownText, checkStreams } from './quality.ts';
import { checkType3Glyphs } from './type3.ts';
import { checkPictureData } from './picture-data.ts';
import { checkBoxRuns } from './check-boxes.ts';
import { struckRuns } from './struck.ts';
import { circledChoices } from './circled.ts';
import { addMarkedContentText } from './marked-content.ts';
import { pendingAppearances, widgetsDrawnInLine } from './appearances.ts';
import { addStreamComments, noteXObjects } from './carriers.ts';
import { addPart, linesPart, stringValue, type DocState } from './state.ts';
import { compact, countChars, countUnmapped, message, r2, rectToBox, type Viewport } from './util.ts';

export async function readPage(
  state: DocState,
  doc: any,
  n: number,
  rt: PdfJsRuntime,
  layers: any,
  opts: Required<PdfExtractorOptions>,
): Promise<void> {
  const page = await doc.getPage(n);
  try {
    const vp: Viewport = page.getViewport({ scale: 1 });
    const { AnnotationMode, OPS } = rt.pdfjs;
    const annotations: any[] = await page.getAnnotations({ intent: 'any' });
    // Appearance streams are evaluated only when an annotation may draw text of its own (stamps,
    // free text, shapes): links, popups, note icons and attachments draw none, and field values
    // are read from the fields. Generating field appearances costs more than the page itself.
    // A note or attachment icon with an appearance of its own is drawn too: it may draw text in a
    // line of the page (see asShownWithAnnotations); its icon costs little.
    // Buttons, signature boxes, multi-line text fields and list boxes whose appearance shows text
    // (not a tick) are drawn too: that text may stand in a line of the page (机 on the page, 密 in a
    // check box's appearance or on a list box's first row, ★5年 after it).
    let buttons: Set<string>;
    try {
      buttons = widgetsDrawnInLine(state, n);
    } catch {
      buttons = new Set();
    }
    const drawsText = buttons.size > 0 || annotations.some((a) => !QUIET_ANNOTATIONS.has(String(a?.subtype)) || (DRAWN_ICONS.has(String(a?.subtype)) && a?.hasAppearance === true));
    const opList = await page.getOperatorList({ annotationMode: drawsText ? AnnotationMode.ENABLE : AnnotationMode.DISABLE });
    const fontCache = new Map<string, FontInfo | undefined>();
    const fonts = (name: string): FontInfo | undefined => {
      if (!fontCache.has(name)) {
        let font: FontInfo | undefined;
        try {
          font = page.commonObjs.has(name) ? (page.commonObjs.get(name) as FontInfo) : undefined;
        } catch {
          font = undefined;
        }
        fontCache.set(name, font);
      }
      return fontCache.get(name);
    };
    const facts = analyseOperators(
      opList.fnArray,
      opList.argsArray,
      OPS as unknown as Record<string, number>,
      layers,
      opts.textSource === 'operators' ? fonts : undefined,
      (name) => hasIdentityUnicode(fonts(name)),
      (id) => {
        try {
          return page.objs.has(id) ? page.objs.get(id) : undefined;
        } catch {
          return undefined;
        }
      },
      // Annotation glyphs are placed whichever source reads the page's text: text content has none.
      fonts,
    );
    // Text positioned from the operators needs no second parse of the page; pages with fonts it
    // does not handle (vertical, Type3) take pdf.js text content instead.
    if (!facts.runs || facts.partial) state.viaTextContent++;
    const overdrawn = facts.runs ? overdrawnGlyphs(facts.runs) : undefined;
    const placed = facts.runs ? operatorRuns(facts, vp, overdrawn) : undefined;
    const groups = placed && !facts.partial ? placed : pageRuns(await page.getTextContent(), vp, facts);
    // A page read through text content (a Type3 or vertical font on it) cannot take out the glyphs
    // the walk placed with no room of their own (squeezed by Tz, pulled under the next by Tc or
    // kerning): the line reads with them, so they are a loss. (Painted over: reported below.)
    const unplacedSqueezed = placed && facts.partial ? (placed.get(Hidden.Squeezed) ?? []).reduce((a, r) => a + r.text.replace(/\s+/g, '').length, 0) - (overdrawn?.pairs.length ?? 0) : 0;
    // Check boxes and radio buttons as ☑/☐ and ●/○ where they stand, among the page's text (check-boxes.ts).
    const boxes = checkBoxRuns(state, annotations, vp, n);
    if (boxes.length > 0) {
      let visible = groups.get(Hidden.Visible);
      if (!visible) groups.set(Hidden.Visible, (visible = []));
      visible.push(...boxes);
    }

    const origin = { page: n, filePart: `page ${n}` };
    const streams = checkStreams(state, n, facts, origin, opList.fnArray.length);
    const damaged = streams.damaged;
    const geometry = { page: n, width: vp.width, height: vp.height };
    const body = layoutPage(groups.get(Hidden.Visible) ?? [], geometry);
    const parts: TextPart[] = [{ id: `page-${n}`, role: 'body', text: body.text, origin, blocks: body.blocks, leading: n === 1 }];
    // Lines with thousands of runs drawn across one another: their rows were not worked out (page-layout.ts).
    if (body.crowded) state.out.unread.push({ where: `page ${n}`, reason: 'limit', detail: `Page ${n} has ${body.crowded} line${body.crowded > 1 ? 's' : ''} of runs drawn across one another too many times for the rows to be told apart; ${body.crowded > 1 ? 'they were' : 'it was'} read as drawn, and a marking set over or under other text may read into it.`, origin });
    // Text struck through (a form's options struck out): the page is also read without it (struck.ts).
    const struck = struckRuns(groups.get(Hidden.Visible) ?? [], facts.paints, annotations, vp);
    if (struck.size > 0) {
      const unstruck = layoutPage((groups.get(Hidden.Visible) ?? []).filter((r) => !struck.has(r)), geometry);
      if (unstruck.text.trim()) parts.push({ id: `page-${n}:unstruck`, role: 'body', text: unstruck.text, origin: { ...origin, detail: 'the page read without its struck-through text' }, blocks: unstruck.blocks });
    }
    // A form's option circled or boxed (密级：绝密 [机密] 秘密): the row read as that choice (circled.ts).
    const circled = circledChoices(groups.get(Hidden.Visible) ?? [], facts.strokes ?? [], facts.paints, annotations, vp, facts.strokesDropped);
    if (circled.readings.length) parts.push({ id: `page-${n}:circled-choice`, role: 'body', text: circled.readings.join('\n'), origin: { ...origin, detail: 'rows of a form with one option circled or boxed, read as that option chosen' } });
    if (circled.unclear.length) {
      const rows = circled.unclear.slice(0, 3).map((t) => `“${t}”`).join(', ');
      state.out.unread.push({ where: `page ${n}`, reason: 'unsupported-format', detail: `Page ${n} has ${circled.unclear.length} row(s) listing a form's levels with a ring or box drawn over them that encloses no option cleanly (${rows}): which option it marks was not worked out.`, origin });
    }
    if (circled.truncated) state.out.unread.push({ where: `page ${n}`, reason: 'limit', detail: `Page ${n} has a 密级 label and more drawn rules and shapes than are weighed for a form's option circled or boxed: a choice marked among them may not have been read.`, origin });
    // The boxes are no text the page's streams show: the checks of the text layer leave them out.
    let textChars = countChars(body.text) - boxes.length;
    let badChars = countUnmapped(body.text);
    for (const [reason, runs] of groups) {
      if (reason === Hidden.Visible || runs.length === 0) continue;
      const laid = layoutPage(runs, geometry);
      if (laid.text.length === 0) continue;
      textChars += countChars(laid.text);
      badChars += countUnmapped(laid.text);
      parts.push({
        id: `page-${n}:${HIDDEN_TAG[reason]}`,
        role: 'hidden',
        text: laid.text,
        origin: { ...origin, detail: HIDDEN_DETAIL[reason] },
        blocks: laid.blocks,
      });
    }
    // One-line text fields and drop-downs stand in the line by their values (fieldValueRuns), not
    // their drawn appearances; a widget drawn in line stands by its appearance (a button not by its
    // ☐/☑ stand-in).
    const byValue = new Set<string>(annotations.filter((a) => a?.subtype === 'Widget' && !buttons.has(String(a.id))).map((a) => String(a.id)));
    const standIns = new Set(annotations.filter((a) => buttons.has(String(a?.id))).map((a) => rectToBox(vp, a.rect)).filter((b): b is Box => !!b).map((b) => `${b.x},${b.y}`));
    const visible = (groups.get(Hidden.Visible) ?? []).filter((r) => !(boxes.includes(r) && standIns.has(`${r.x0},${r.y0}`)));
    const shown = asShownWithAnnotations(visible, facts, fieldValueRuns(annotations, vp, state.scriptedValues), vp, geometry, origin, byValue);
    if (shown) parts.push(shown);
    for (const p of parts) addPart(state, p);
    if (streams.checks) {
      // Comments and XObjects no stream paints, from the same lexing (carriers.ts).
      addStreamComments(state, n, streams.checks, origin);
      noteXObjects(state, n, streams.checks);
    }
    addAnnotations(state, annotations, facts, vp, n);
    // Appearances pdf.js did not draw (hidden, not viewed, rollover, down, other states): read later.
    try {
      pendingAppearances(state, n, vp, drawsText, (state.appearances ??= []));
    } catch (err) {
      state.out.loss!.push({ where: `page ${n}`, kind: 'unreadable-object', count: 1, detail: `The annotation appearances of page ${n} could not be listed: ${message(err)}`, origin });
    }
    // ActualText, Alt and other strings of marked-content property lists (pdf.js keeps none of them).
    try {
      addMarkedContentText(state, n, origin);
    } catch (err) {
      state.out.loss!.push({ where: `page ${n}`, kind: 'unreadable-object', count: 1, detail: `The marked-content property lists of page ${n} (ActualText, Alt) could not be read: ${message(err)}`, origin });
    }

    // Both checks run: each reports its own loss.
    const unshown = checkShownText(state, n, streams.shownBytes, facts, origin);
    const unmapped = checkGlyphs(state, n, facts, textChars, origin) || unshown;
    // A font pdf.js could not load draws nothing, whatever the streams say: its text is lost.
    const fontless = checkFailedFonts(state, n, opList.fnArray, opList.argsArray, OPS as unknown as Record<string, number>, page.commonObjs, origin);
    // Type3 glyphs whose character is a guess from their codes, or a ToUnicode claim nothing checks.
    const type3 = checkType3Glyphs(state, n, opList.fnArray, opList.argsArray, OPS as unknown as Record<string, number>, fonts, origin);
    // Pictures painted blank or in part because their data did not decode: not read by anything.
    await checkPictureData(state, n, opList.fnArray, opList.argsArray, OPS as unknown as Record<string, number>, (id) => decodedPicture(page, id), (w, h) => Math.max(w, h) >= MIN_PICTURE.pixels && Math.min(w, h) >= MIN_PICTURE.shortPixels, origin);
    // Pages whose text layer is missing, nearly empty under pictures, or unreadable (unmapped
    // glyphs) go to OCR: the text a reader sees may be in the pixels only.
    // Text a picture is painted over afterwards: the page shows the picture there (a white picture
    // over 开 in 机开密★5年 shows 机 密★5年), and whether the picture is transparent is not weighed
    // here, so the page is read as it shows: rendered for OCR.
    const underPictures = glyphsUnderLaterPictures(facts);
    const pageArea = Math.max(1, vp.width * vp.height);
    const coverage = facts.imageArea / pageArea;
    const paints = facts.imageArea > 0 || facts.paintedPaths > 0;
    const needsOcr =
      (textChars < opts.minTextChars && paints && (coverage >= 0.02 || facts.paintedPaths > 0)) ||
      (coverage >= 0.5 && textChars < 10 * opts.minTextChars) ||
      (textChars > 0 && badChars / textChars > 0.3) ||
      damaged ||
      unmapped ||
      fontless ||
      type3 ||
      underPictures > 0;
    const why = underPictures > 0 && !(textChars < opts.minTextChars || damaged || unmapped || fontless || type3) ? `has ${underPictures} character${underPictures > 1 ? 's' : ''} of its text under a picture painted after ${underPictures > 1 ? 'them' : 'it'}` : 'has no usable text layer';
    if (needsOcr) {
      if (opts.renderPages && state.rendered >= opts.maxRenderedPages) {
        state.out.unread.push({
          where: `page ${n}`,
          reason: 'limit',
          detail: `Page ${n} ${why} and was not rendered for OCR: more than ${opts.maxRenderedPages} pages of this file need OCR.`,
          origin,
        });
      } else if (!opts.renderPages) {
        state.out.unread.push({
          where: `page ${n}`,
          reason: 'ocr-unavailable',
          detail: `Page ${n} ${why} and page rendering is off.`,
          origin,
        });
      } else {
        try {
          state.out.images!.push(await renderPage(state, page, n, opts));
          state.rendered++;
        } catch (err) {
          state.out.unread.push({
            where: `page ${n}`,
            reason: 'error',
            detail: `Page ${n} ${why} and could not be rendered for OCR: ${message(err)}`,
            origin,
          });
        }
      }
    } else {
      await ocrPictures(state, page, vp, facts.paints, outlineBoxes(state, facts, groups, vp), n, opts, origin);
    }
    if (overdrawn && overdrawn.pairs.length > 0) {
      // Both glyphs are ink on the page: the line is read with the one painted last, the other is
      // hidden text, and which of the two readings a person takes cannot be told from the file.
      const k = overdrawn.pairs.length;
      const shown = overdrawn.pairs.slice(0, 3).map((p) => `${p.under} under ${p.over}`).join(', ');
      state.out.loss!.push({
        where: `page ${n}`,
        kind: 'other',
        count: k,
        total: textChars,
        detail: `On page ${n}, ${k} glyph${k > 1 ? 's are' : ' is'} painted over by a glyph of another character (${shown}${k > 3 ? ', …' : ''}): the line can be read either way, and the reading with the glyph underneath is not the text of the page.`,
        origin,
      });
    }
    if (unplacedSqueezed + facts.unplacedUnweighed > 0) {
      const k = unplacedSqueezed + facts.unplacedUnweighed;
      state.out.loss!.push({ where: `page ${n}`, kind: 'other', count: k, total: textChars, detail: `On page ${n}, ${k} glyph${k > 1 ? 's are' : ' is'} drawn with no room of ${k > 1 ? 'their' : 'its'} own (squeezed, or pulled under the next glyph), and the page is read through pdf.js text content (a Type3 or vertical font on it), where ${k > 1 ? 'they' : 'it'} cannot be taken out of the line.`, origin });
    }
    if (facts.softMasked > 0) {
      // A mask can fade a glyph out entirely or leave it whole; its content is not weighed here, so
      // neither reading of the line (with or without the glyphs) can pass unseen.
      const k = facts.softMasked;
      state.out.loss!.push({ where: `page ${n}`, kind: 'other', count: k, total: textChars, detail: `On page ${n}, ${k} glyph${k > 1 ? 's are' : ' is'} drawn through a soft mask (SMask): whether ${k > 1 ? 'they show' : 'it shows'} depends on the mask, which was not weighed.`, origin });
    }
    if (facts.unplacedPictures > 0) {
      const k = facts.unplacedPictures;
      state.out.loss!.push({ where: `page ${n}`, kind: 'unreadable-object', count: k, detail: `${k} annotation${k > 1 ? 's' : ''} on page ${n} paint${k > 1 ? '' : 's'} a picture into no area (an empty or missing rectangle): no viewer shows it, and it was not read.`, origin });
    }
  } finally {
    page.cleanup?.();
  }
}

/**
 * A picture pdf.js decoded for the page (`page.objs`, or `commonObjs` for one cached across
 * pages): null when it gave up on the data. Some decoders (JBIG2) finish after the operator list
 * arrives, so the picture is awaited, at most {@link PICTURE_WAIT_MS}; undefined when it did not come.
 */
async function decodedPicture(page: any, id: string): Promise<unknown> {
  const store = id.startsWith('g_') ? page.commonObjs : page.objs;
  try {
    if (store.has(id)) return store.get(id);
  } catch {
    return undefined;
  }
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      new Promise((done) => store.get(id, done)),
      new Promise((done) => (timer = setTimeout(() => done(undefined), PICTURE_WAIT_MS))),
    ]);
  } catch {
    return undefined;
  } finally {
    clearTimeout(timer);
  }
}

/** Longest wait for a picture pdf.js is still decoding after the page's operator list arrived. */
const PICTURE_WAIT_MS = 3000;

/**
 * Smallest picture on a page with text that can carry a line of text, and is cut out for OCR: at
 * least 16 × 8 pt on the page (a 6-pt line of two characters; a GB/T 9704 marking line is about
 * 16 pt high and 80-100 pt wide) and, when its pixel size is known, at least 20 pixels along its
 * longer side and 8 along its shorter one: two characters at 8-10 px, the smallest a reader makes
 * out. Measured with this OCR path (crop at 300 dpi, tesseract chi_sim) on 机密, 秘密, 绝密 and
 * 机密★5年 drawn at 8-32 px a character and placed at 0.75 and 1 pt a pixel: two characters were
 * first read at 10 px (24 × 14 px), the four-character marking at 10 px (50 × 14 px), nothing at
 * 8 px. What OCR does not read in such a picture it mostly reports as `ocr-empty` (ink, no text):
 * review, not pass. The floor used to be 64 pixels, which skipped 机密 at 16 px (37 × 21 px) and
 * 机密★5年 at 12 px (59 × 16 px) and passed the page. Smaller pictures are bullets, 1-pixel rules
 * and 16 × 16 icons: they are counted (`info.picturesSkipped`) but not reported as unread. A
 * picture with those pixels shaped like a line of text (the longer side `lineAspect` times the
 * shorter or more) is read however small it is drawn: 机密★5年 in 101 × 26 px drawn 15 × 4 pt is a
 * speck on paper and legible when a viewer zooms in; square pictures drawn small are bullets.
 * Cost, measured: no picture of samples/pdf changes side; in pdf.js's 969 test PDFs the pixel floor
 * reads 5 more pictures in 3 files and takes one file (a 44-pt acorn logo) from pass to review
 * (`ocr-empty`), the line shape 4 more pictures (slices of a banner) in a file already in review.
 */
export const MIN_PICTURE = { width: 16, height: 8, pixels: 20, shortPixels: 8, lineAspect: 1.5 };

/** Whether a picture drawn `w` × `h` pt (clipped to the page) with the given pixel size can carry a line of text. */
export function canHoldText(w: number, h: number, pixels?: { width: number; height: number }): boolean {
  // Either orientation: a marking may be set vertically.
  const long = Math.max(w, h);
  const short = Math.min(w, h);
  const pxLong = pixels ? Math.max(pixels.width, pixels.height) : 0;
  const pxShort = pixels ? Math.min(pixels.width, pixels.height) : 0;
  if (pixels && (pxLong < MIN_PICTURE.pixels || pxShort < MIN_PICTURE.shortPixels)) return false;
  // A picture shaped like a line of text whose pixels hold two legible characters is legible at any
  // size it is drawn: a viewer zooms in. Square ones drawn small are bullets and icons.
  if (pixels && pxLong >= MIN_PICTURE.lineAspect * pxShort) return true;
  return long >= MIN_PICTURE.width && short >= MIN_PICTURE.height;
}

/** More outlined lines than this on one page are read as one area (their bounding box): one OCR job, not one per line. */
const MAX_OUTLINE_AREAS = 4;

/**
 * Areas of a page with text where filled paths draw glyphs the text layer does not have (text as
 * curves, see @prepub/core outlined-text.ts), in viewport space: they go to OCR with the page's pictures.
 */
function outlineBoxes(state: DocState, facts: OperatorFacts, groups: Map<Hidden, TextRun[]>, vp: Viewport): Box[] {
  if (facts.shapes.length < 1) return [];
  const toRect = (x0: number, y0: number, x1: number, y1: number): OutlineRect | null => {
    const b = rectToBox(vp, [x0, y0, x1, y1]);
    return b ? { x0: b.x, y0: b.y, x1: b.x + b.width, y1: b.y + b.height } : null;
  };
  const shapes: OutlineShape[] = [];
  for (const s of facts.shapes) {
    const r = toRect(s.x0, s.y0, s.x1, s.y1);
    if (r) shapes.push({ ...r, segments: s.segments, subpaths: s.subpaths, long: s.long, ...(s.stroked ? { stroked: true } : {}) });
  }
  const text: OutlineRect[] = [];
  for (const runs of groups.values()) for (const t of runs) if (t.text.trim()) text.push(t);
  let areas = outlinedTextAreas(shapes, text);
  if (areas.length > MAX_OUTLINE_AREAS) {
    areas = [{ x0: Math.min(...areas.map((a) => a.x0)), y0: Math.min(...areas.map((a) => a.y0)), x1: Math.max(...areas.map((a) => a.x1)), y1: Math.max(...areas.map((a) => a.y1)) }];
  }
  if (areas.length > 0) {
    const info = state.out.info as Record<string, number>;
    info.outlinedTextAreas = (info.outlinedTextAreas ?? 0) + areas.length;
  }
  return areas.map((a) => ({ x: a.x0, y: a.y0, width: a.x1 - a.x0, height: a.y1 - a.y0, unit: 'pt' }));
}

/**
 * Pictures on a page that has a text layer (a scanned notice pasted into a report, a photographed
 * marking) carry text the text layer does not: each picture that can hold a line of text is cut
 * out of the rendered page and handed to OCR, with its position so OCR boxes land on the page.
 * Areas of glyphs drawn as outlines (`outlines`, viewport boxes) are read the same way.
 */
async function ocrPictures(state: DocState, page: any, vp: Viewport, paints: readonly Paint[], outlines: readonly Box[], n: number, opts: Required<PdfExtractorOptions>, origin: PartOrigin): Promise<void> {
  const boxes: Box[] = [];
  /** Which boxes are outlined text rather than pictures. */
  const outlined = new Set<Box>();
  const candidates: Array<{ b: Box; pixels?: { width: number; height: number }; outline: boolean }> = [];
  for (const p of paints) {
    if (!p.image) continue;
    const b = rectToBox(vp, [p.x0, p.y0, p.x1, p.y1]);
    if (b) candidates.push({ b, pixels: p.pixels, outline: false });
  }
  for (const b of outlines) candidates.push({ b, outline: true });
  for (const { b, pixels, outline } of candidates) {
    // Clip to the page: pictures may hang over its edges.
    const x0 = Math.max(0, b.x);
    const y0 = Math.max(0, b.y);
    const x1 = Math.min(vp.width, b.x + b.width);
    const y1 = Math.min(vp.height, b.y + b.height);
    const w = x1 - x0;
    const h = y1 - y0;
    if (w <= 0 || h <= 0) continue;
    // Outlined glyphs were measured as text already (4 pt and up): no picture floor for them.
    if (!outline && !canHoldText(w, h, pixels)) {
      const info = state.out.info as Record<string, number>;
      info.picturesSkipped = (info.picturesSkipped ?? 0) + 1;
      continue;
    }
    // The same picture painted twice (or a picture inside another) is read once.
    if (boxes.some((o) => x0 >= o.x - 1 && y0 >= o.y - 1 && x1 <= o.x + o.width + 1 && y1 <= o.y + o.height + 1)) continue;
    const box: Box = { x: r2(x0), y: r2(y0), width: r2(w), height: r2(h), unit: 'pt' };
    boxes.push(box);
    if (outline) outlined.add(box);
  }
  if (boxes.length === 0) return;
  if (!opts.renderPages || state.rendered >= opts.maxRenderedPages) {
    const k = outlined.size;
    const what = [boxes.length > k ? `${boxes.length - k} picture(s)` : '', k ? `${k} area(s) of text drawn as vector outlines (no text layer)` : ''].filter(Boolean).join(' and ');
    state.out.unread.push({
      where: `page ${n}`,
      reason: opts.renderPages ? 'limit' : 'ocr-unavailable',
      detail: opts.renderPages
        ? `${what} on page ${n} were not read: more than ${opts.maxRenderedPages} pages of this file need OCR.`
        : `${what} on page ${n} were not read: page rendering is off.`,
      // The one area to look at, when there is one.
      origin: boxes.length === 1 ? { ...origin, box: boxes[0] } : origin,
    });
    return;
  }
  try {
    // Only the part of the page the pictures cover is drawn, on the pixel grid of the whole page
    // at the OCR resolution: the crops are the pixels a full rendering would give them, without
    // rasterising (and filling) the rest of the page.
    const { scale, width, height } = renderScale(page, opts);
    const crops = boxes.map((b) => {
      const sx = Math.floor(b.x * scale);
      const sy = Math.floor(b.y * scale);
      const sw = Math.max(1, Math.min(width - sx, Math.ceil(b.width * scale)));
      const sh = Math.max(1, Math.min(height - sy, Math.ceil(b.height * scale)));
      return { b, sx, sy, sw, sh };
    });
    const ux = Math.min(...crops.map((c) => c.sx));
    const uy = Math.min(...crops.map((c) => c.sy));
    const uw = Math.max(...crops.map((c) => c.sx + c.sw)) - ux;
    const uh = Math.max(...crops.map((c) => c.sy + c.sh)) - uy;
    const canvas = await renderRegion(state, n, scale, ux, uy, uw, uh);
    const { createCanvas } = await import('@napi-rs/canvas');
    let k = 0;
    let o = 0;
    for (const { b, sx, sy, sw, sh } of crops) {
      const outline = outlined.has(b);
      if (!outline) k++;
      else o++;
      let crop = canvas;
      if (crops.length > 1 || sw !== uw || sh !== uh) {
        crop = createCanvas(sw, sh);
        crop.getContext('2d').drawImage(canvas, sx - ux, sy - uy, sw, sh, 0, 0, sw, sh);
      }
      const png = (await encodeOpaquePng(crop)) ?? (await crop.encode('png'));
      state.out.images!.push({
        id: outline ? `page-${n}:outlines-${o}` : `page-${n}:picture-${k}`,
        bytes: new Uint8Array(png.buffer, png.byteOffset, png.byteLength),
        mediaType: 'image/png',
        origin: { page: n, filePart: `page ${n}`, detail: outline ? `text drawn as vector outlines (area ${o} on the page)` : `picture ${k} on the page`, box: b },
        pointsPerPixel: 1 / scale,
        pointsOffset: { x: sx / scale, y: sy / scale },
      });
    }
    state.rendered++;
  } catch (err) {
    state.out.unread.push({ where: `page ${n}`, reason: 'error', detail: `${boxes.length} picture(s) or outlined text area(s) on page ${n} could not be rendered for OCR: ${message(err)}`, origin });
  }
}

/** Annotation types whose appearance carries no text beyond what the annotation data already gives. */
const QUIET_ANNOTATIONS = new Set(['Link', 'Popup', 'Widget', 'Text', 'FileAttachment']);
/** Quiet annotations whose own appearance is drawn when they have one (an icon, or any text it shows). */
const DRAWN_ICONS = new Set(['Text', 'FileAttachment']);

/**
 * Splits the page's text items into runs of equal visibility and measures each run's box.
 * An item's characters are placed proportionally along its width (pdf.js gives one width per item).
 */
function pageRuns(content: any, vp: Viewport, facts: OperatorFacts): Map<Hidden, TextRun[]> {
  const groups = new Map<Hidden, TextRun[]>();
  const aligner = new HiddenAligner(facts);
  const styles = (content.styles ?? {}) as Record<string, { ascent?: number; descent?: number; vertical?: boolean }>;
  for (const item of content.items as any[]) {
    const str: unknown = item?.str;
    if (typeof str !== 'string' || str.length === 0) continue;
    const t = item.transform as number[];
    if (!Array.isArray(t) || t.length !== 6) continue;
    const [a, b, c, d, e, f] = t;
    const dirLen = Math.hypot(a, b) || 1;
    const upLen = Math.hypot(c, d);
    const size = upLen || dirLen;
    const ux = a / dirLen;
    const uy = b / dirLen;
    const vx = upLen ? c / upLen : -uy;
    const vy = upLen ? d / upLen : ux;
    const style = styles[item.fontName] ?? {};
    const ascent = Number.isFinite(style.ascent) && style.ascent! > 0 ? style.ascent! : 0.8;
    const descent = Number.isFinite(style.descent) && style.descent! < 0 ? style.descent! : -0.2;
    const width = Number.isFinite(item.width) ? (item.width as number) : 0;
    const tiny = size <= UNSEEN_MAX_POINTS;
    // Direction of the text as shown (page rotation included), to the nearest quarter turn.
    const p0 = vp.convertToViewportPoint(e, f);
    const p1 = vp.convertToViewportPoint(e + ux, f + uy);
    const degrees = (Math.atan2(p1[1] - p0[1], p1[0] - p0[0]) * 180) / Math.PI;
    const angle = ((Math.round(degrees / 90) % 4) + 4) % 4 * 90;
    const slant = slantOf(degrees);

    // Visibility of each character, then runs of equal visibility.
    const flags = new Uint8Array(str.length);
    const mid = size * ((ascent + descent) / 2);
    // A vertical item runs down from its origin by its height, each glyph centred on the origin's
    // line (pdf.js gives it the font size as width): its characters are placed down the column.
    const down = style.vertical === true && Number.isFinite(item.height) && item.height > 0 ? (item.height as number) / str.length : 0;
    for (let i = 0; i < str.length; i++) {
      let flag = aligner.next(str[i]);
      if (aligner.index >= 0 && facts.paints.length > 0) {
        const along = (width * (i + 0.5)) / str.length;
        const [px, py] = down > 0 ? [e - vx * down * (i + 0.5), f - vy * down * (i + 0.5)] : [e + ux * along + vx * mid, f + uy * along + vy * mid];
        flag = settleByPaint(flag, px, py, facts.seq[aligner.index], 0.5 * size, facts.paints, facts.fills?.[aligner.index]);
      }
      const clip = aligner.index >= 0 ? facts.clips[aligner.index] : null;
      if (flag === Hidden.Visible && clip && down > 0) {
        const at = (across: number, d: number): [number, number] => [e + ux * across - vx * d, f + uy * across - vy * d];
        if (cornersClippedAway(clip, [at(-size / 2, down * i), at(size / 2, down * i), at(-size / 2, down * (i + 1)), at(size / 2, down * (i + 1))])) flag = Hidden.Clipped;
      } else if (flag === Hidden.Visible && clip && width > 0) {
        const a0 = (width * i) / str.length;
        const a1 = (width * (i + 1)) / str.length;
        const at = (along: number, up: number): [number, number] => [e + ux * along + vx * up, f + uy * along + vy * up];
        if (cornersClippedAway(clip, [at(a0, size * descent), at(a1, size * descent), at(a0, size * ascent), at(a1, size * ascent)])) flag = Hidden.Clipped;
      }
      flags[i] = flag;
    }
    for (const [i0, i1] of pieces(str, flags)) {
      const s0 = (width * i0) / str.length;
      const s1 = (width * i1) / str.length;
      const corners = [
        [e + ux * s0 + vx * size * descent, f + uy * s0 + vy * size * descent],
        [e + ux * s1 + vx * size * descent, f + uy * s1 + vy * size * descent],
        [e + ux * s0 + vx * size * ascent, f + uy * s0 + vy * size * ascent],
        [e + ux * s1 + vx * size * ascent, f + uy * s1 + vy * size * ascent],
      ].map(([x, y]) => vp.convertToViewportPoint(x, y));
      const xs = corners.map((p) => p[0]);
      const ys = corners.map((p) => p[1]);
      const run: TextRun = {
        text: str.slice(i0, i1),
        x0: Math.min(...xs),
        y0: Math.min(...ys),
        x1: Math.max(...xs),
        y1: Math.max(...ys),
        size,
        angle,
        ...(slant !== undefined ? { slant } : {}),
      };
      let reason = flags[i0] as Hidden;
      if (reason === Hidden.Visible) {
        if (tiny) reason = Hidden.Tiny;
        else if (run.x1 <= 0 || run.y1 <= 0 || run.x0 >= vp.width || run.y0 >= vp.height) reason = Hidden.OffPage;
      }
      let list = groups.get(reason);
      if (!list) groups.set(reason, (list = []));
      list.push(run);
    }
  }
  return groups;
}

/**
 * Where a shown string is cut into runs: where the visibility of its characters changes (spaces
 * take the visibility of the run they sit in), and around stretches of two or more spaces. Text
 * drawn over such a stretch (`(` spaces `)` with a word printed between the brackets) then falls
 * where it stands instead of after the whole string, and the stretch itself stays one blank run.
 */
export function pieces(text: string, flags: Uint8Array): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  const n = text.length;
  const blank = (k: number): boolean => text[k] === ' ' || text[k].trim() === '';
  const wide = (k: number): boolean => blank(k) && ((k + 1 < n && blank(k + 1)) || (k > 0 && blank(k - 1)));
  let i0 = 0;
  while (i0 < n) {
    let i1 = i0 + 1;
    if (wide(i0)) {
      while (i1 < n && wide(i1)) i1++;
    } else {
      while (i1 < n && !wide(i1) && (flags[i1] === flags[i0] || blank(i1))) i1++;
    }
    out.push([i0, i1]);
    i0 = i1;
  }
  return out;
}

/** A glyph whose advance is this share of its width or less has the next glyph drawn over the rest of it. */
const OVERDRAWN_SHARE = 0.25;
/** A glyph at least this share of its font size wide (an ideograph is 1, a capital about 0.7). */
const WIDE_GLYPH = 0.6;

/** Marks that sit on the glyph before them and take no room of their own (accents, vowel signs). */
const COMBINING = /\p{M}/u;

/**
 * `under` of a glyph the same character is drawn over again (bold imitated by drawing each glyph
 * twice a hair apart, a shadow): the page shows one character there, and the line reads it once.
 * Read twice in place, 机机密密★★55年年 hid the marking.
 */
export const REDRAWN = 2;

/**
 * Glyphs that a later glyph of another character covers (three quarters of its width or more, on
 * the same baseline, at a like size): TJ [(机开) 1000 (密★5年)] paints 密 right over 开, a jump
 * back past the glyph starts a run of its own, a Td back onto the line does the same. Both glyphs
 * are ink on the page, so which of them a reader takes is not certain: the earlier one is flagged
 * (`under[run][i]` = 1) and every pair is returned. The same character drawn over it again (bold
 * made by drawing twice, a shadow) hides nothing: it is flagged {@link REDRAWN} and read once.
 * Glyphs are compared within lines: grouped by the angle of their
 * baseline and its distance from the origin, sorted along it.
 */
export function overdrawnGlyphs(runs: readonly GlyphRun[]): { under: Uint8Array[]; pairs: Overdraw[] } {
  const under = runs.map((g) => new Uint8Array(g.text.length));
  const placed: Array<PlacedGlyph & { run: number; i: number }> = [];
  let order = 0;
  runs.forEach((g, r) => {
    const m = g.matrix;
    const across = Math.hypot(m[0], m[1]);
    if (!(across > 0)) return;
    const dx = m[0] / across;
    const dy = m[1] / across;
    const size = Math.hypot(m[2], m[3]) * g.fontSize;
    // The baseline's start in user space: along it, a text-space x moves `across` user units.
    const bx = m[2] * g.y + m[4];
    const by = m[3] * g.y + m[5];
    const along0 = bx * dx + by * dy;
    const perp = bx * dy - by * dx;
    const angle = (Math.atan2(dy, dx) * 180) / Math.PI;
    for (let i = 0; i < g.text.length; i++) {
      order++;
      const ch = g.text[i];
      if (g.joins[i] || ch.trim() === '' || COMBINING.test(ch)) continue;
      const w = (g.ws[i] ?? 0) * across;
      if (!(Math.abs(w) >= WIDE_GLYPH * size) || size <= 0) continue;
      const a = along0 + g.xs[i] * across;
      placed.push({ run: r, i, order, angle, lo: Math.min(a, a + w), hi: Math.max(a, a + w), perp, size, ch });
    }
  });
  const pairs: Overdraw[] = [];
  // Bands of 2 user units (points) across the baseline.
  coveringGlyphs(placed, 2).forEach((j, k) => {
    if (j < 0) return;
    const a = placed[k];
    const g = runs[a.run];
    const same = placed[j].ch === a.ch;
    for (let q = a.i; q === a.i || (q < g.text.length && g.joins[q]); q++) under[a.run][q] = same ? REDRAWN : 1;
    if (!same) pairs.push({ under: a.ch, over: placed[j].ch });
  });
  return { under, pairs };
}

/** Whether a glyph with these corners (page user space) is cut away by the clip's boxes (see @prepub/core clippedAway). */
function cornersClippedAway(clip: readonly ClipBox[], corners: ReadonlyArray<readonly [number, number]>): boolean {
  const xs = corners.map((p) => p[0]);
  const ys = corners.map((p) => p[1]);
  return clippedAway(clip, [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)]);
}

/** Text running more than this many degrees off a quarter turn is slanted (a watermark at 45°). */
const SLANT_DEGREES = 3;

/** The direction (degrees, 0–360) of text that runs slanted, or undefined for text across or down the page. */
function slantOf(degrees: number): number | undefined {
  if (!Number.isFinite(degrees)) return undefined;
  const off = Math.abs(degrees - Math.round(degrees / 90) * 90);
  return off > SLANT_DEGREES ? ((degrees % 360) + 360) % 360 : undefined;
}

/**
 * Visible characters a picture painted later lies over: its box holds the glyph's centre and is at
 * least half the font size high (so a thin rule drawn as a picture does not count).
 */
export function glyphsUnderLaterPictures(facts: OperatorFacts): number {
  const pictures = facts.paints.filter((p) => p.image);
  if (pictures.length === 0 || !facts.runs) return 0;
  let count = 0;
  for (const g of facts.runs) {
    if (g.reason !== Hidden.Visible) continue;
    const later = pictures.filter((p) => p.seq > g.seq);
    if (later.length === 0) continue;
    const m = g.matrix;
    const size = Math.hypot(m[2], m[3]) * g.fontSize;
    const yMid = g.y + ((g.ascent + g.descent) / 2) * g.fontSize;
    for (let i = 0; i < g.text.length; i++) {
      if (g.text[i].trim() === '' || g.joins[i]) continue;
      const x = g.xs[i] + (g.ws[i] ?? 0) / 2;
      const cx = m[0] * x + m[2] * yMid + m[4];
      const cy = m[1] * x + m[3] * yMid + m[5];
      if (later.some((p) => cx >= p.x0 && cx <= p.x1 && cy >= p.y0 && cy <= p.y1 && p.y1 - p.y0 >= 0.5 * size)) count++;
    }
  }
  return count;
}

/** The flag of a glyph left out of the reading: the same character is drawn over it again (see {@link REDRAWN}). */
const DROPPED = 255;

/** Page runs from glyphs positioned in the operator walk, grouped by why they are hidden (if they are). */
function operatorRuns(facts: OperatorFacts, vp: Viewport, overdrawn = overdrawnGlyphs(facts.runs ?? [])): Map<Hidden, TextRun[]> {
  const groups = new Map<Hidden, TextRun[]>();
  const push = (reason: Hidden, run: TextRun): void => {
    let list = groups.get(reason);
    if (!list) groups.set(reason, (list = []));
    list.push(run);
  };
  (facts.runs ?? []).forEach((g, r) => {
    const m = g.matrix;
    const user = (tx: number, ty: number): [number, number] => [m[0] * tx + m[2] * ty + m[4], m[1] * tx + m[3] * ty + m[5]];
    const size = Math.hypot(m[2], m[3]) * g.fontSize;
    const yTop = g.y + g.ascent * g.fontSize;
    const yBottom = g.y + g.descent * g.fontSize;
    const yMid = (yTop + yBottom) / 2;
    const n = g.text.length;
    // Per character: the run's reason, settled against shapes painted under or over it; a glyph
    // squeezed to a sliver (Tz) or with the next glyph pulled back over three quarters of it (Tc)
    // is not seen where it stands; glyphs set right to left, each beside the last, are. A glyph
    // that spells several characters (a ligature, a surrogate pair) puts them all at its start:
    // its advance runs to the next position.
    const flags = new Uint8Array(n);
    const across = Math.hypot(m[0], m[1]);
    for (let i = 0; i < n; i++) {
      if (g.text[i] === ' ') {
        flags[i] = g.reason;
        continue;
      }
      let j = i + 1;
      while (j < n && g.joins[j]) j++;
      const x0 = g.xs[i];
      const x1 = j < n ? g.xs[j] : g.xEnd;
      const [cx, cy] = user((x0 + x1) / 2, yMid);
      const flag = facts.paints.length ? settleByPaint(g.reason, cx, cy, g.seq, 0.5 * size, facts.paints, g.fill) : g.reason;
      const drawn = Math.abs(g.ws[i] ?? 0) * across;
      // A glyph without a width (a font's missing metrics) says nothing about either.
      // Overdrawing is weighed on wide glyphs only (ideographs, capitals): a narrow one (., f, i)
      // under tight tracking keeps little room of its own and is still read.
      const unseen = drawn > 0 && (drawn <= (UNSEEN_MAX_PERCENT / 100) * size || (drawn >= WIDE_GLYPH * size && Math.abs(x1 - x0) * across <= OVERDRAWN_SHARE * drawn));
      if (overdrawn.under[r][i] === REDRAWN) {
        flags[i] = DROPPED;
        continue;
      }
      const covered = overdrawn.under[r][i] === 1;
      flags[i] = flag === Hidden.Visible && (covered || (unseen && !COMBINING.test(g.text[i]))) ? Hidden.Squeezed : flag;
      if (flags[i] === Hidden.Visible && g.clip && cornersClippedAway(g.clip, [user(x0, yBottom), user(x0 + (g.ws[i] || x1 - x0), yBottom), user(x0, yTop), user(x0 + (g.ws[i] || x1 - x0), yTop)])) flags[i] = Hidden.Clipped;
    }
    for (const [i0, i1] of pieces(g.text, flags)) {
      if (flags[i0] === DROPPED) continue;
      const xa = g.xs[i0];
      const xb = i1 < n ? g.xs[i1] : g.xEnd;
      const corners = [user(xa, yBottom), user(xb, yBottom), user(xa, yTop), user(xb, yTop)].map(([x, y]) => vp.convertToViewportPoint(x, y));
      const xs = corners.map((p) => p[0]);
      const ys = corners.map((p) => p[1]);
      const p0 = vp.convertToViewportPoint(...user(xa, g.y));
      const p1 = vp.convertToViewportPoint(...user(xa + 1, g.y));
      let degrees = (Math.atan2(p1[1] - p0[1], p1[0] - p0[0]) * 180) / Math.PI;
      // Mirrored glyphs (a text matrix that flips x) stand the way their up side points, not the
      // way text space advances (right to left on the page): each is a run of its own (see
      // positionGlyphs) and the line is read as the glyphs stand.
      if (m[0] * m[3] - m[1] * m[2] < 0) {
        const u1 = vp.convertToViewportPoint(...user(xa, g.y + 1));
        degrees = (Math.atan2(u1[1] - p0[1], u1[0] - p0[0]) * 180) / Math.PI + 90;
      }
      const slant = slantOf(degrees);
      const run: TextRun = {
        text: g.text.slice(i0, i1),
        x0: Math.min(...xs),
        y0: Math.min(...ys),
        x1: Math.max(...xs),
        y1: Math.max(...ys),
        size,
        angle: (((Math.round(degrees / 90) % 4) + 4) % 4) * 90,
        ...(slant !== undefined ? { slant } : {}),
      };
      let reason = flags[i0] as Hidden;
      if (reason === Hidden.Visible) {
        if (size <= UNSEEN_MAX_POINTS) reason = Hidden.Tiny;
        else if (run.x1 <= 0 || run.y1 <= 0 || run.x0 >= vp.width || run.y0 >= vp.height) reason = Hidden.OffPage;
      }
      push(reason, run);
    }
  });
  return groups;
}

/**
 * The page read as a viewer shows it, annotation appearances painted over it: only when a line of
 * text an appearance draws stands beside text of another source (the page, or another annotation).
 * Each annotation's own part reads its text alone, so a marking drawn part by the page and part by
 * a free-text box or stamp set in its line (机 + 密★5年), or one annotation per character, read
 * nowhere whole and passed. Text fields' values count as such text ({@link fieldValueRuns}). Null
 * when no appearance text or field value shares a line.
 */
function asShownWithAnnotations(pageRuns: readonly TextRun[], facts: OperatorFacts, fields: readonly TextRun[], vp: Viewport, geometry: { page: number; width: number; height: number }, origin: PartOrigin, byValue: ReadonlySet<string> = new Set()): TextPart | null {
  if (facts.annotationRuns.size === 0 && fields.length === 0) return null;
  const sources: TextRun[][] = [pageRuns.filter((r) => r.text.trim()), ...fields.map((r) => [r])];
  for (const [id, list] of facts.annotationRuns) {
    if (list.length === 0 || byValue.has(id)) continue;
    const visible = (operatorRuns({ ...facts, runs: list }, vp, overdrawnGlyphs(list)).get(Hidden.Visible) ?? []).filter((r) => r.text.trim());
    if (visible.length) sources.push(visible);
  }
  let mixed = false;
  for (let a = 1; a < sources.length && !mixed; a++) {
    for (let b = 0; b < sources.length && !mixed; b++) {
      if (b !== a) mixed = sources[a].some((r) => sources[b].some((o) => sameLine(r, o)));
    }
  }
  if (!mixed) return null;
  const laid = layoutPage(sources.flat(), geometry);
  if (!laid.text.trim()) return null;
  return { id: `page-${geometry.page}:as-shown`, role: 'body', text: laid.text, origin: { ...origin, detail: "the page as shown, with the text its annotations' appearances draw on it" }, blocks: laid.blocks };
}

/** Annotation flags (PDF 32000-1, 12.5.3). */
const HIDDEN_FLAG = 2;
const PRINT_FLAG = 4;
const NO_VIEW_FLAG = 32;

/**
 * The value a one-line text field or a drop-down shows, as a run on its widget's rectangle: fields
 * are read by their values, apart from the page, and a value set in a line of page text (机 on the
 * page, a field holding 密★5年 right after it) read whole nowhere. Widgets nobody sees are left out.
 */
function fieldValueRuns(annotations: readonly any[], vp: Viewport, scripted?: ReadonlyMap<string, string>): TextRun[] {
  const runs: TextRun[] = [];
  for (const a of annotations ?? []) {
    if (a?.subtype !== 'Widget' || a.multiLine) continue;
    const flags = typeof a.annotationFlags === 'number' ? a.annotationFlags : 0;
    if ((flags & HIDDEN_FLAG) !== 0 || ((flags & NO_VIEW_FLAG) !== 0 && (flags & PRINT_FLAG) === 0)) continue;
    let value = '';
    // A value a script gives the field on opening (or its format script shows) is what a viewer shows.
    const byScript = typeof a.fieldName === 'string' ? scripted?.get(a.fieldName) : undefined;
    if ((a.fieldType === 'Tx' || a.fieldType === 'Ch') && byScript !== undefined) value = byScript;
    else if (a.fieldType === 'Tx' && typeof a.fieldValue === 'string') value = a.fieldValue;
    else if (a.fieldType === 'Ch' && a.combo && Array.isArray(a.options)) {
      const v = Array.isArray(a.fieldValue) ? a.fieldValue[0] : a.fieldValue;
      const o = a.options.find((x: any) => x && String(x.exportValue) === String(v));
      value = typeof o?.displayValue === 'string' ? o.displayValue : typeof v === 'string' ? v : '';
    }
    value = value.replace(/\s+/g, ' ').trim();
    const box = rectToBox(vp, a.rect);
    if (!value || !box || box.width <= 0 || box.height <= 0) continue;
    // Along user space's x axis as shown (page rotation), as check boxes stand (check-boxes.ts).
    const p0 = vp.convertToViewportPoint(a.rect[0], a.rect[1]);
    const p1 = vp.convertToViewportPoint(a.rect[0] + 1, a.rect[1]);
    const angle = ((((Math.round((Math.atan2(p1[1] - p0[1], p1[0] - p0[0]) * 180) / Math.PI / 90) % 4) + 4) % 4) * 90);
    // The text stands inside the box, smaller than it.
    const size = 0.8 * (angle % 180 === 0 ? box.height : box.width);
    runs.push({ text: value, x0: box.x, y0: box.y, x1: box.x + box.width, y1: box.y + box.height, size, angle });
  }
  return runs;
}

/** Two runs that read as one line: same direction, overlapping across it by half, at most three of their sizes apart along it. */
function sameLine(a: TextRun, b: TextRun): boolean {
  if ((a.angle ?? 0) !== (b.angle ?? 0) || a.slant !== undefined || b.slant !== undefined) return false;
  const across = (a.angle ?? 0) % 180 === 0;
  const [a0, a1, b0, b1] = across ? [a.y0, a.y1, b.y0, b.y1] : [a.x0, a.x1, b.x0, b.x1];
  const overlap = Math.min(a1, b1) - Math.max(a0, b0);
  if (overlap < 0.5 * Math.min(a1 - a0, b1 - b0)) return false;
  const [c0, c1, d0, d1] = across ? [a.x0, a.x1, b.x0, b.x1] : [a.y0, a.y1, b.y0, b.y1];
  return Math.max(c0, d0) - Math.min(c1, d1) <= 3 * Math.max(a.size, b.size);
}

/** Most options written on a choice field's line of options. */
const MAX_OPTIONS = 200;

/** A choice field's options on one line, ● before the selected ones and ○ before the others; '' for one option or none. */
export function optionsLine(options: readonly unknown[], selected: ReadonlySet<string>): string {
  const out: string[] = [];
  for (const o of options.slice(0, MAX_OPTIONS) as Array<{ exportValue?: unknown; displayValue?: unknown } | null>) {
    if (!o) continue;
    const shown = typeof o.displayValue === 'string' && o.displayValue.trim() ? o.displayValue : typeof o.exportValue === 'string' ? o.exportValue : '';
    if (!shown.trim()) continue;
    out.push(`${selected.has(String(o.exportValue)) ? '●' : '○'}${shown.replace(/\s+/g, ' ').trim()}`);
  }
  return out.length > 1 ? out.join(' ') : '';
}

function addAnnotations(state: DocState, annotations: any[], facts: OperatorFacts, vp: Viewport, n: number): void {
  let k = 0;
  for (const a of annotations ?? []) {
    k++;
    const subtype = String(a?.subtype ?? '');
    const box = rectToBox(vp, a.rect);
    const id = String(a.id ?? k);
    // Links carry no text of their own and a Popup repeats its parent's contents, but either may
    // have an appearance stream, and what it draws is on the page.
    if (subtype === 'Link' || subtype === 'Popup') {
      const drawn = facts.annotationText.get(id);
      const origin: TextPart['origin'] = { page: n, filePart: `page ${n}`, detail: `appearance of a ${subtype} annotation` };
      if (box) origin.box = box;
      const lines = drawn ? [drawn] : [];
      // A link's address is shown decoded when the pointer rests on it: a URI is ASCII, so a path
      // spelling 机密★5年 is always percent-encoded (…/%E6%9C%BA%E5%AF%86%E2%98%855%E5%B9%B4/…) and
      // held nothing a raw pass finds.
      const shown = percentDecodedShown(typeof a.unsafeUrl === 'string' ? a.unsafeUrl : typeof a.url === 'string' ? a.url : '');
      if (shown) lines.push(shown);
      const part = lines.length ? linesPart(`page-${n}:annot:${id}`, 'annotation', lines, origin, box) : null;
      if (part) addPart(state, part);
      continue;
    }
    if (subtype === 'Widget') {
      state.seenFields.add(id);
      const lines = [fieldText(a.fieldValue)];
      // A choice field shows the display text of the selected options, not their export values.
      if (Array.isArray(a.options)) {
        const selected = new Set<string>(Array.isArray(a.fieldValue) ? a.fieldValue.map(String) : [String(a.fieldValue ?? '')]);
        for (const o of a.options) if (o && selected.has(String(o.exportValue)) && typeof o.displayValue === 'string' && o.displayValue !== o.exportValue) lines.push(o.displayValue);
        // The options offered, on one line with the selected ones marked as a form marks them
        // (● chosen, ○ not): a list box shows them all, a drop-down when opened. Read one by one,
        // an option never chosen (机密 among a 密级 drop-down's choices set to 非密) was a string
        // standing alone, which read as a marking.
        const offered = optionsLine(a.options, selected);
        if (offered) lines.push(offered);
      }
      if (typeof a.alternativeText === 'string') lines.push(a.alternativeText);
      const origin: TextPart['origin'] = { page: n, filePart: `page ${n}`, detail: `field ${a.fieldName ?? id}` };
      if (box) origin.box = box;
      const part = linesPart(`page-${n}:field:${id}`, 'form-field', lines, origin, box);
      if (part) addPart(state, part);
      // Every line here is a text string of the field (value, option display text, tooltip).
      addOtherReadings(state, `page-${n}:field:${id}`, 'form-field', origin, [...(Array.isArray(a.fieldValue) ? a.fieldValue : [a.fieldValue]).map((v: unknown) => (typeof v === 'string' ? v : undefined)), ...lines.slice(1)], box);
      continue;
    }
    const lines: string[] = [];
    const contents = stringValue(a.contentsObj?.str);
    lines.push(contents);
    const seen = compact(contents);
    const rich = stringValue(a.richText?.str);
    if (rich && !seen.includes(compact(rich))) lines.push(rich);
    // Text drawn by the appearance stream (stamps, FreeText) may differ from /Contents.
    const drawn = [facts.annotationText.get(id) ?? '', Array.isArray(a.textContent) ? a.textContent.join('\n') : ''];
    for (const d of drawn) if (d && !compact(lines.join('')).includes(compact(d))) lines.push(d);
    const author = stringValue(a.titleObj?.str);
    if (author) lines.push(author);
    if (subtype === 'FileAttachment' && a.file) {
      addAttachment(state, a.file, { page: n, filePart: `page ${n}`, detail: 'file attachment annotation', ...(box ? { box } : {}) });
    }
    const origin: TextPart['origin'] = { page: n, filePart: `page ${n}`, detail: author ? `${subtype} annotation by ${author}` : `${subtype} annotation` };
    if (box) origin.box = box;
    const part = linesPart(`page-${n}:annot:${id}`, 'annotation', lines, origin, box);
    if (part) addPart(state, part);
    // The text strings of the annotation (not what its appearance draws, which is glyph text).
    addOtherReadings(state, `page-${n}:annot:${id}`, 'annotation', origin, [contents, rich, author], box);
  }
}


/**
 * The OCR resolution of a page in pixels per point (`renderDpi`, lowered so the whole page stays
 * within `maxRenderPixels`) and the page's size in pixels at it.
 */
function renderScale(page: any, opts: Required<PdfExtractorOptions>): { scale: number; width: number; height: number; base: Viewport } {
  const base: Viewport = page.getViewport({ scale: 1 });
  let scale = opts.renderDpi / 72;
  const pixels = base.width * base.height * scale * scale;
  if (pixels > opts.maxRenderPixels) scale = Math.sqrt(opts.maxRenderPixels / (base.width * base.height));
  const viewport: Viewport = page.getViewport({ scale });
  return { scale, width: Math.max(1, Math.ceil(viewport.width)), height: Math.max(1, Math.ceil(viewport.height)), base };
}

/**
 * Renders the `w` × `h` pixels of page `n` at `scale` whose top left corner is pixel (`x`, `y`) of
 * the whole page, from the opening of the file that draws glyphs (see `DocState.drawPage`).
 */
async function renderRegion(state: DocState, n: number, scale: number, x: number, y: number, w: number, h: number) {
  const { createCanvas } = await import('@napi-rs/canvas');
  const page = await state.drawPage(n);
  try {
    const viewport = page.getViewport({ scale, offsetX: -x, offsetY: -y });
    const canvas = createCanvas(w, h);
    const context = canvas.getContext('2d');
    await page.render({ canvasContext: context, canvas, viewport, background: '#ffffff' }).promise;
    return canvas;
  } finally {
    page.cleanup?.();
  }
}

async function renderPage(state: DocState, page: any, n: number, opts: Required<PdfExtractorOptions>): Promise<ImageRef> {
  const { scale, width, height, base } = renderScale(page, opts);
  const canvas = await renderRegion(state, n, scale, 0, 0, width, height);
  const png = (await encodeOpaquePng(canvas)) ?? (await canvas.encode('png'));
  return {
    id: `page-${n}`,
    bytes: new Uint8Array(png.buffer, png.byteOffset, png.byteLength),
    mediaType: 'image/png',
    origin: { page: n, filePart: `page ${n}`, box: { x: 0, y: 0, width: r2(base.width), height: r2(base.height), unit: 'pt' } },
    pointsPerPixel: 1 / scale,
  };
}
