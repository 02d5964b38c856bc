/**
 * A form's option circled or boxed on a PDF page: 密级：绝密 机密 秘密 with a ring (an ellipse drawn
 * as curves), a box (a rectangle, or four rules as word processors export a character border) or a
 * Circle, Square or Ink annotation around the chosen level, or a band filled behind it or a
 * Highlight annotation over it (a highlight, shading). The page's text lists the three levels
 * — a blank form — and passed. A row listing the levels with one option enclosed alone is read as
 * that choice (密级：机密); a ring over such a row that encloses no option cleanly (part of one, parts
 * of two) is reported, for which option it marks is not told. A box around every option (a ruled
 * table), around the whole row or around text that lists no levels chooses nothing.
 */
import type { TextRun } from '@prepub/core';
import type { Paint, Stroke } from './operators.ts';
import { rectToBox, type Viewport } from './util.ts';

interface Box {
  x0: number;
  x1: number;
  y0: number;
  y1: number;
}

/** A form's 密级 row listing two or more levels (as extract-docx/src/choice.ts has it). */
const LEVEL_ROW = /(密\s*级|秘密等级|保密等级)[^\n]{0,24}?(绝\s*密|机\s*密|秘\s*密)[^\n]{0,24}?(绝\s*密|机\s*密|秘\s*密)/;
const LABEL = /密\s*级|秘密等级|保密等级/;
const OPTION = /绝密|机密|秘密|公开|非密|内部/g;
/** Characters that begin a level: a ring around one of them alone marks part of an option. */
const LEVEL_CHARS = /[绝机秘]/;
/** Height of the bands runs are filed under, pt. */
const BAND = 8;
/** Gap between two rules of a box, and how far apart their ends may lie, pt. */
const RULE_SLACK = 2;
/** Most comparisons of rules made when boxes are put together from rules. */
const MAX_RULE_WORK = 400_000;
/** Most enclosures weighed on a page. */
const MAX_ENCLOSURES = 2000;

export interface CircledChoices {
  /** Readings of rows with one option enclosed: `密级：机密`. */
  readings: string[];
  /** Rows listing the levels with a ring over them that encloses no option cleanly. */
  unclear: string[];
  /** The page has more rules, strokes or enclosures than are weighed: a choice among them may not have been read. */
  truncated: boolean;
}

/** The choices `strokes`, `paints` (thin filled rules) and Circle/Square/Ink `annotations` mark among the page's `runs`. */
export function circledChoices(runs: readonly TextRun[], strokes: readonly Stroke[], paints: readonly Paint[], annotations: readonly any[], vp: Viewport, strokesDropped = 0): CircledChoices {
  const out: CircledChoices = { readings: [], unclear: [], truncated: false };
  const flat = runs.filter((r) => (r.angle ?? 0) === 0 && r.slant === undefined && r.text.trim() && r.x1 > r.x0 && r.y1 > r.y0);
  // No 密级 label and two levels on the page: no row of options to choose among.
  const all = flat.map((r) => r.text).join('');
  if (!LABEL.test(all) || (all.replace(/\s+/g, '').match(/绝密|机密|秘密/g) ?? []).length < 2) return out;
  out.truncated = strokesDropped > 0;
  const toBox = (x0: number, y0: number, x1: number, y1: number): Box | undefined => {
    const b = rectToBox(vp, [x0, y0, x1, y1]);
    return b ? { x0: b.x, x1: b.x + b.width, y0: b.y, y1: b.y + b.height } : undefined;
  };
  const enclosures: Box[] = [];
  const horizontal: Box[] = [];
  const vertical: Box[] = [];
  const rule = (b: Box) => {
    const w = b.x1 - b.x0;
    const h = b.y1 - b.y0;
    if (h <= 1.5 && w >= 4) horizontal.push(b);
    else if (w <= 1.5 && h >= 4) vertical.push(b);
  };
  for (const s of strokes) {
    const b = toBox(s.x0, s.y0, s.x1, s.y1);
    if (!b) continue;
    if (s.line || Math.min(b.x1 - b.x0, b.y1 - b.y0) <= 1.5) rule(b);
    else enclosures.push(b);
  }
  // Word processors export a character border as four thin filled rectangles or four stroked rules;
  // a highlight or shading behind an option is a filled band about as high as its line (weighed as
  // an enclosure: one option alone in a band is chosen, a band behind a label or a cell is not).
  for (const p of paints) {
    if (p.image || p.white || !p.box) continue;
    const b = toBox(p.x0, p.y0, p.x1, p.y1);
    if (!b) continue;
    if (Math.min(b.x1 - b.x0, b.y1 - b.y0) <= 1.5) rule(b);
    else if (b.y1 - b.y0 >= 4) enclosures.push(b);
  }
  for (const a of annotations) {
    if (a?.subtype !== 'Circle' && a?.subtype !== 'Square' && a?.subtype !== 'Ink' && a?.subtype !== 'Highlight') continue;
    const b = rectToBox(vp, a.rect);
    if (b) enclosures.push({ x0: b.x, x1: b.x + b.width, y0: b.y, y1: b.y + b.height });
  }
  // Boxes put together from rules: two horizontal rules of one span, a vertical rule at each end.
  // Vertical rules filed by their x (whole points), each looked up by the points around an end.
  horizontal.sort((a, b) => a.x0 - b.x0);
  const byX = new Map<number, Box[]>();
  for (const v of vertical) {
    const k = Math.round((v.x0 + v.x1) / 2);
    const l = byX.get(k);
    if (l) l.push(v);
    else byX.set(k, [v]);
  }
  let work = 0;
  const side = (x: number, top: number, bottom: number): boolean => {
    for (let k = Math.round(x) - RULE_SLACK; k <= Math.round(x) + RULE_SLACK; k++) {
      for (const v of byX.get(k) ?? []) {
        if (++work > MAX_RULE_WORK) return false;
        if (Math.abs((v.x0 + v.x1) / 2 - x) <= RULE_SLACK && v.y0 <= top + RULE_SLACK && v.y1 >= bottom - RULE_SLACK) return true;
      }
    }
    return false;
  };
  for (let i = 0; i < horizontal.length && work <= MAX_RULE_WORK; i++) {
    const a = horizontal[i];
    for (let j = i + 1; j < horizontal.length && horizontal[j].x0 - a.x0 <= RULE_SLACK && work <= MAX_RULE_WORK; j++) {
      work++;
      const b = horizontal[j];
      if (Math.abs(b.x1 - a.x1) > RULE_SLACK) continue;
      const top = Math.min(a.y0, b.y0);
      const bottom = Math.max(a.y1, b.y1);
      if (bottom - top < 4 || bottom - top > 60) continue;
      const left = Math.min(a.x0, b.x0);
      const right = Math.max(a.x1, b.x1);
      if (side(left, top, bottom) && side(right, top, bottom)) enclosures.push({ x0: left, x1: right, y0: top, y1: bottom });
    }
  }
  if (work > MAX_RULE_WORK) out.truncated = true;
  if (enclosures.length > MAX_ENCLOSURES) (out.truncated = true), (enclosures.length = MAX_ENCLOSURES);
  if (enclosures.length === 0) return out;

  const bands = new Map<number, TextRun[]>();
  for (const r of flat) {
    const k = Math.floor((r.y0 + r.y1) / 2 / BAND);
    const l = bands.get(k);
    if (l) l.push(r);
    else bands.set(k, [r]);
  }
  const runsAcross = (y0: number, y1: number): TextRun[] => {
    const found: TextRun[] = [];
    for (let k = Math.floor(y0 / BAND); k <= Math.floor(y1 / BAND) && k - Math.floor(y0 / BAND) < 64; k++) for (const r of bands.get(k) ?? []) found.push(r);
    return found;
  };

  // What each enclosure takes in, filed by the row (the line of text) it stands on.
  const rows = new Map<string, { text: string; clean: string[]; unclear: boolean }>();
  for (const e of enclosures) {
    const inside = runsAcross(e.y0, e.y1).filter((r) => {
      const h = r.y1 - r.y0;
      const mid = (r.y0 + r.y1) / 2;
      return mid > e.y0 && mid < e.y1 && e.y1 - e.y0 >= 0.6 * h && e.y1 - e.y0 <= 4 * h && r.x1 > e.x0 && r.x0 < e.x1;
    });
    if (inside.length === 0) continue;
    // The row: runs on the line of the first run taken in.
    const line = inside[0];
    const mid = (line.y0 + line.y1) / 2;
    const half = (line.y1 - line.y0) / 2;
    const row = runsAcross(mid - half, mid + half)
      .filter((r) => Math.abs((r.y0 + r.y1) / 2 - mid) <= half)
      .sort((a, b) => a.x0 - b.x0);
    let text = '';
    let taken = '';
    let left = 0;
    let prev: TextRun | undefined;
    for (const r of row) {
      if (prev && r.x0 - prev.x1 > 0.25 * r.size) text += ' ';
      const chars = [...r.text];
      const w = (r.x1 - r.x0) / chars.length;
      chars.forEach((c, k) => {
        const cx = r.x0 + (k + 0.5) * w;
        if (cx >= e.x0 - 0.5 && cx <= e.x1 + 0.5) taken += c;
        else if (c.trim()) left++;
      });
      text += r.text;
      prev = r;
    }
    if (!LEVEL_ROW.test(text)) continue;
    const key = `${Math.round(mid)}`;
    const entry = rows.get(key) ?? { text, clean: [], unclear: false };
    rows.set(key, entry);
    // Nothing of the row left outside: a box around the whole row (a cell, a frame) chooses nothing.
    if (left === 0) continue;
    const bare = taken.replace(LABEL, '').replace(/[\s\u3000:：★☆]/g, '');
    const options = bare.match(OPTION) ?? [];
    // One option alone: the choice. Part of one, or one with more beside it: unclear. Two or more
    // options: a cell or a frame holding them, no choice.
    if (options.length === 1 && bare === options[0]) entry.clean.push(options[0]);
    else if (options.length === 1 || (options.length === 0 && LEVEL_CHARS.test(bare))) entry.unclear = true;
  }
  for (const { text, clean, unclear } of rows.values()) {
    const chosen = new Set(clean);
    if (chosen.size === 1) out.readings.push(`${LABEL.exec(text)![0].replace(/\s+/g, '')}：${clean[0]}`);
    else if (chosen.size === 0 && unclear && out.unclear.length < 20) out.unclear.push(text.trim().slice(0, 60));
  }
  return out;
}
