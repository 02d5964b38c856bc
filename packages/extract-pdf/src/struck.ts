/**
 * Text struck through on a PDF page: a form's options with all but one struck out (密级：~~绝密~~
 * 机密 ~~秘密~~, as 不适用的划去 asks) name the one left, yet the page's text lists the three levels
 * and passed. A run is struck when a thin filled bar crosses the middle of its height along most of
 * its width (how word processors export strikethrough) or a StrikeOut annotation's quadrilateral
 * covers most of it (how a reviewer strikes text in a viewer). The page is then also read without
 * its struck runs.
 */
import type { TextRun } from '@prepub/core';
import type { Paint } from './operators.ts';
import { rectToBox, type Viewport } from './util.ts';

/** A horizontal bar in viewport points (y down). */
interface Bar {
  x0: number;
  x1: number;
  y0: number;
  y1: number;
}

/** Thickest a strike bar is, as a share of the text's size (Word draws about 0.05 of it). */
const MAX_BAR_SHARE = 0.15;
/** Height of the bands bars are filed under, pt. */
const BAND = 8;
/** Share of a run's width a bar or quadrilateral must cover. */
const MIN_COVER = 0.7;

/** The runs among `runs` that are struck through by `paints` (page fills) or StrikeOut `annotations`. */
export function struckRuns(runs: readonly TextRun[], paints: readonly Paint[], annotations: readonly any[], vp: Viewport): Set<TextRun> {
  const out = new Set<TextRun>();
  if (runs.length === 0) return out;
  const bars: Bar[] = [];
  for (const p of paints) {
    if (p.image || p.white) continue;
    const b = rectToBox(vp, [p.x0, p.y0, p.x1, p.y1]);
    if (b && b.width > 0 && b.height <= 3 && b.width >= 3 * b.height) bars.push({ x0: b.x, x1: b.x + b.width, y0: b.y, y1: b.y + b.height });
  }
  const quads: Bar[] = [];
  for (const a of annotations) {
    if (a?.subtype !== 'StrikeOut') continue;
    const q: ArrayLike<number> | undefined = a.quadPoints;
    if (q && q.length >= 8) {
      for (let k = 0; k + 7 < q.length; k += 8) {
        const xs = [q[k], q[k + 2], q[k + 4], q[k + 6]];
        const ys = [q[k + 1], q[k + 3], q[k + 5], q[k + 7]];
        const b = rectToBox(vp, [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)]);
        if (b) quads.push({ x0: b.x, x1: b.x + b.width, y0: b.y, y1: b.y + b.height });
      }
    } else {
      const b = rectToBox(vp, a.rect);
      if (b) quads.push({ x0: b.x, x1: b.x + b.width, y0: b.y, y1: b.y + b.height });
    }
  }
  if (bars.length === 0 && quads.length === 0) return out;
  // Bars filed by the band their middle stands in: a ruled table's many thin rules are looked at
  // only by the runs on their height, not by every run of the page.
  const bands = new Map<number, Bar[]>();
  for (const b of bars) {
    const k = Math.floor((b.y0 + b.y1) / 2 / BAND);
    const l = bands.get(k);
    if (l) l.push(b);
    else bands.set(k, [b]);
  }
  const barsAcross = (y0: number, y1: number): Bar[] => {
    const found: Bar[] = [];
    for (let k = Math.floor(y0 / BAND); k <= Math.floor(y1 / BAND); k++) for (const b of bands.get(k) ?? []) found.push(b);
    return found;
  };
  for (const r of runs) {
    if ((r.angle ?? 0) !== 0 || r.slant !== undefined || !r.text.trim()) continue;
    const w = r.x1 - r.x0;
    const h = r.y1 - r.y0;
    if (!(w > 0 && h > 0)) continue;
    const covered = (b: Bar): number => Math.max(0, Math.min(b.x1, r.x1) - Math.max(b.x0, r.x0)) / w;
    // A strike crosses the middle of the line (an underline runs under it, an overline over it).
    const struck = barsAcross(r.y0, r.y1).some((b) => b.y1 - b.y0 <= MAX_BAR_SHARE * r.size + 0.5 && (b.y0 + b.y1) / 2 > r.y0 + 0.3 * h && (b.y0 + b.y1) / 2 < r.y1 - 0.25 * h && covered(b) >= MIN_COVER);
    const marked = !struck && quads.some((q) => covered(q) >= MIN_COVER && Math.min(q.y1, r.y1) - Math.max(q.y0, r.y0) >= 0.5 * h);
    if (struck || marked) out.add(r);
  }
  return out;
}
