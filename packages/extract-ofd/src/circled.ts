/**
 * A form's option circled or boxed on an OFD page: 密级：绝密 机密 秘密 with a ring or a box (a
 * PathObject stroked, one closed subpath, of the page or of an annotation's appearance) around the
 * chosen level, or a band filled behind it (a highlight, shading). The page's text lists the three levels — a blank form — and passed. A row listing
 * the levels with one option enclosed alone is read as that choice (密级：机密); a ring taking in
 * part of an option is reported. (The PDF reader's circled.ts weighs the same, on runs.)
 */
import type { Glyph } from './layout.ts';

/** A stroked closed path's box on the page (mm). */
export type Ring = [number, number, number, number];

/** Most rings kept per page (past it, a page with a 密级 row is reported). */
export const MAX_RINGS = 2000;

const LEVEL_ROW = /(密\s*级|秘密等级|保密等级)[^\n]{0,24}?(绝\s*密|机\s*密|秘\s*密)[^\n]{0,24}?(绝\s*密|机\s*密|秘\s*密)/;
const LABEL = /密\s*级|秘密等级|保密等级/;
const OPTION = /绝密|机密|秘密|公开|非密|内部/g;
const LEVEL_CHARS = /[绝机秘]/;

export interface CircledChoices {
  readings: string[];
  unclear: string[];
  /** Rings were dropped past {@link MAX_RINGS} on a page with a 密级 label. */
  truncated: boolean;
}

/** The choices `rings` mark among the page's horizontal `glyphs`. */
export function circledChoices(glyphs: readonly Glyph[], rings: readonly Ring[], dropped = 0): CircledChoices {
  const out: CircledChoices = { readings: [], unclear: [], truncated: false };
  const flat = glyphs.filter((g) => !g.vertical && Math.abs(g.uy) < 0.01 && g.ux > 0 && g.ch.trim());
  const all = flat.map((g) => g.ch).join('');
  if (!LABEL.test(all) || (all.match(/绝密|机密|秘密/g) ?? []).length < 2) return out;
  out.truncated = dropped > 0;
  // Glyphs filed by the millimetre band of their baseline.
  const bands = new Map<number, Glyph[]>();
  for (const g of flat) {
    const k = Math.floor(g.y);
    const l = bands.get(k);
    if (l) l.push(g);
    else bands.set(k, [g]);
  }
  const near = (y0: number, y1: number): Glyph[] => {
    const found: Glyph[] = [];
    for (let k = Math.floor(y0); k <= Math.floor(y1) && k - Math.floor(y0) < 100; k++) for (const g of bands.get(k) ?? []) found.push(g);
    return found;
  };
  const rows = new Map<string, { text: string; clean: string[]; unclear: boolean }>();
  for (const [x0, y0, x1, y1] of rings) {
    const first = near(y0, y1 + 10).find((g) => {
      const mid = (g.rect[1] + g.rect[3]) / 2;
      const cx = (g.rect[0] + g.rect[2]) / 2;
      return mid > y0 && mid < y1 && y1 - y0 >= 0.6 * g.size && y1 - y0 <= 4 * g.size && cx > x0 && cx < x1;
    });
    if (!first) continue;
    const row = near(first.y - first.size / 2, first.y + first.size / 2)
      .filter((g) => Math.abs(g.y - first.y) <= first.size / 2)
      .sort((a, b) => a.x - b.x);
    let text = '';
    let taken = '';
    let left = 0;
    let prev: Glyph | undefined;
    for (const g of row) {
      if (prev && g.rect[0] - prev.rect[2] > 0.25 * g.size) text += ' ';
      const cx = (g.rect[0] + g.rect[2]) / 2;
      if (cx >= x0 && cx <= x1) taken += g.ch;
      else left++;
      text += g.ch;
      prev = g;
    }
    if (!LEVEL_ROW.test(text)) continue;
    const key = `${Math.round(first.y * 2)}`;
    const entry = rows.get(key) ?? { text, clean: [], unclear: false };
    rows.set(key, entry);
    // A box around the whole row (a cell, a frame) chooses nothing.
    if (left === 0) continue;
    const bare = taken.replace(LABEL, '').replace(/[\s\u3000:：★☆]/g, '');
    const options = bare.match(OPTION) ?? [];
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
