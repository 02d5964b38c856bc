/**
 * Check boxes and radio buttons of an AcroForm, written into the page's text where they stand. A
 * routing slip's row `密级 ☐绝密 ☑机密 ☐秘密` is labels drawn as page text and boxes that are
 * widget annotations (/FT /Btn): which level is ticked lives in the widget's state (/AS, /V), not
 * in any text, so the row read `密级 绝密 机密 秘密` and passed. Each visible box becomes a
 * one-character run on its rectangle, laid out with the page's text items in reading order:
 * ☑ or ☐ for a check box, ● or ○ for a radio button (the characters a DOCX legacy check box is
 * read as), so the row reads `密级 ☐绝密 ☑机密 ☐秘密` and the detectors' ticked-level form sees it.
 *
 * A box counts as ticked when a viewer draws it ticked or the field's value says so: its
 * appearance state (/AS, what viewers draw) names an on state, or its value (/V, the field's own
 * or its parent's: a radio group keeps one value for its kids) names this box's on state. pdf.js
 * decides by one of them for each kind (check boxes by /AS, radio buttons by the parent's /V);
 * when they disagree a form filler redraws by the value, so either makes the box ticked.
 * Widgets hidden on screen and on paper (Hidden, NoView without Print) show no box.
 */
import { PDFArray, PDFDict, PDFName, PDFRef, type PDFDocument, type PDFObject } from 'pdf-lib';
import type { TextRun } from '@prepub/core';
import { resolve } from './raw.ts';
import type { DocState } from './state.ts';
import { rectToBox, type Viewport } from './util.ts';

export const TICKED_BOX = '☑';
export const EMPTY_BOX = '☐';
export const TICKED_RADIO = '●';
export const EMPTY_RADIO = '○';

/** Annotation flags (PDF 32000-1, 12.5.3). */
const HIDDEN = 2;
const PRINT = 4;
const NO_VIEW = 32;

/** pdf.js's id of an annotation object (`Ref.toString()`). */
const pdfjsId = (ref: PDFRef): string => (ref.generationNumber === 0 ? `${ref.objectNumber}R` : `${ref.objectNumber}R${ref.generationNumber}`);

/** Parent levels followed for an inherited /V. */
const MAX_PARENTS = 16;

interface RawState {
  /** The appearance state (/AS), when it is a name. */
  as?: string;
  /** The field value (/V, inherited), when it is a name. */
  v?: string;
  /** Names of the normal appearance's states (/AP /N), when it is a dictionary of states. */
  states: string[];
}

function nameOf(obj: PDFObject | undefined): string | undefined {
  return obj instanceof PDFName ? obj.decodeText() : undefined;
}

/** /AS, inherited /V and the normal appearance states of page `index`'s widgets, by pdf.js id. */
function rawStates(doc: PDFDocument, index: number): Map<string, RawState> {
  const out = new Map<string, RawState>();
  const page = doc.getPages()[index];
  if (!page) return out;
  const annots = resolve(doc, page.node.get(PDFName.of('Annots')));
  if (!(annots instanceof PDFArray)) return out;
  for (const a of annots.asArray()) {
    if (!(a instanceof PDFRef)) continue;
    const annot = resolve(doc, a);
    if (!(annot instanceof PDFDict)) continue;
    const st: RawState = { states: [] };
    st.as = nameOf(resolve(doc, annot.get(PDFName.of('AS'))));
    let node: PDFDict | undefined = annot;
    for (let k = 0; node && k < MAX_PARENTS; k++) {
      const v = node.get(PDFName.of('V'));
      if (v !== undefined) {
        st.v = nameOf(resolve(doc, v));
        break;
      }
      const parent = resolve(doc, node.get(PDFName.of('Parent')));
      node = parent instanceof PDFDict && parent !== node ? parent : undefined;
    }
    const ap = resolve(doc, annot.get(PDFName.of('AP')));
    const n = ap instanceof PDFDict ? resolve(doc, ap.get(PDFName.of('N'))) : undefined;
    if (n instanceof PDFDict) st.states = n.keys().map((k) => k.decodeText());
    out.set(pdfjsId(a), st);
  }
  return out;
}

/**
 * One run per visible check box or radio button among page `n`'s annotations (pdf.js's
 * annotation data), on its rectangle in viewport space.
 */
export function checkBoxRuns(state: DocState, annotations: readonly any[], vp: Viewport, n: number): TextRun[] {
  const buttons = annotations.filter((a) => a?.subtype === 'Widget' && a.fieldType === 'Btn' && (a.checkBox || a.radioButton));
  if (buttons.length === 0) return [];
  let raw: Map<string, RawState> | undefined;
  try {
    raw = state.raw.ok ? rawStates(state.raw.doc, n - 1) : undefined;
  } catch {
    raw = undefined;
  }
  // Boxes stand the way the page's text runs: along user space's x axis as shown (page rotation).
  const p0 = vp.convertToViewportPoint(0, 0);
  const p1 = vp.convertToViewportPoint(1, 0);
  const angle = ((((Math.round((Math.atan2(p1[1] - p0[1], p1[0] - p0[0]) * 180) / Math.PI / 90) % 4) + 4) % 4) * 90);
  const runs: TextRun[] = [];
  for (const a of buttons) {
    const flags = typeof a.annotationFlags === 'number' ? a.annotationFlags : 0;
    if ((flags & HIDDEN) !== 0 || ((flags & NO_VIEW) !== 0 && (flags & PRINT) === 0)) continue;
    const box = rectToBox(vp, a.rect);
    if (!box || box.width <= 0 || box.height <= 0) continue;
    if (box.x + box.width <= 0 || box.y + box.height <= 0 || box.x >= vp.width || box.y >= vp.height) continue;
    const radio = Boolean(a.radioButton);
    // pdf.js: a check box is on when its value (from /AS, else /V) is its export value; a radio
    // button when the group's value is this button's on state.
    const on: unknown = radio ? a.buttonValue : a.exportValue;
    const value: unknown = a.fieldValue;
    let ticked = typeof value === 'string' && value !== 'Off' && (on === undefined || on === null || value === on);
    const r = raw?.get(String(a.id));
    if (!ticked && r) {
      const onStates = r.states.filter((s) => s !== 'Off');
      // Drawn ticked: the appearance state is an on state the widget has (or any but Off when it lists none).
      if (r.as !== undefined && r.as !== 'Off' && (onStates.length === 0 || onStates.includes(r.as))) ticked = true;
      // Valued ticked: the (group's) value names this widget's on state; a lone check box's any on value.
      if (r.v !== undefined && r.v !== 'Off' && (onStates.includes(r.v) || (!radio && onStates.length <= 1))) ticked = true;
    }
    const text = radio ? (ticked ? TICKED_RADIO : EMPTY_RADIO) : ticked ? TICKED_BOX : EMPTY_BOX;
    const size = Math.min(box.width, box.height);
    runs.push({ text, x0: box.x, y0: box.y, x1: box.x + box.width, y1: box.y + box.height, size, angle });
  }
  return runs;
}
