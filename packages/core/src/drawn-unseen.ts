/**
 * When a character that a document holds is drawn so that nobody reading the page sees it where it
 * stands. A piece so drawn inside a marking (机 + 开 drawn unseen + 密★5年) hides the marking from a
 * reader that takes every character for text, so each reader puts such pieces into the hidden
 * reading and keeps the line as the page shows it. One set of limits for every format (DOCX, XLSX,
 * PPTX, ODF, RTF), each in the unit that format writes.
 */

/** A character 2 pt high or less is a speck, not something anyone reads. */
export const UNSEEN_MAX_POINTS = 2;

/** Squeezed to a tenth of its width or less (character scale), or a tenth as opaque. */
export const UNSEEN_MAX_PERCENT = 10;

/**
 * Letter spacing this far below normal (points) pulls the next character back over this one: the
 * two are drawn on top of each other, and the line reads as if this one were not there. Ordinary
 * condensed type stays within a point or two.
 */
export const OVERDRAWN_SPACING_POINTS = -8;

/**
 * Raised or lowered this far from its line (points): the character is drawn a line or more away,
 * and the line it belongs to reads without it.
 */
export const OFF_LINE_POINTS = 24;

/** A colour no eye tells from white on paper: each channel 240 or more (RGB 254,254,254; #F8F8F8). */
export function nearWhiteRgb(red: number, green: number, blue: number): boolean {
  return red >= 240 && green >= 240 && blue >= 240;
}

/**
 * A hexadecimal colour no eye tells from white: `FFF`, `#FEFEFE`, or ARGB `FFF8F8F8` (the alpha
 * byte of an eight-digit value is a spreadsheet's and ignored). False for anything else (`auto`,
 * names, theme references).
 */
export function nearWhiteHex(colour: string | undefined): boolean {
  const m = /^#?([0-9a-f]{3}|[0-9a-f]{6}|[0-9a-f]{8})$/i.exec(colour?.trim() ?? '');
  if (!m) return false;
  const hex = m[1].length === 3 ? [...m[1]].map((c) => c + c).join('') : m[1].slice(-6);
  return nearWhiteRgb(parseInt(hex.slice(0, 2), 16), parseInt(hex.slice(2, 4), 16), parseInt(hex.slice(4, 6), 16));
}

/** A hexadecimal colour as six upper-case digits (`fff` → `FFFFFF`, ARGB `FF1F3864` → `1F3864`), or undefined for anything else (`auto`, names, theme references). */
export function hexColour(colour: string | undefined): string | undefined {
  const m = /^#?([0-9a-f]{3}|[0-9a-f]{6}|[0-9a-f]{8})$/i.exec(colour?.trim() ?? '');
  if (!m) return undefined;
  return (m[1].length === 3 ? [...m[1]].map((c) => c + c).join('') : m[1].slice(-6)).toUpperCase();
}

/**
 * Text drawn in the colour of what lies behind it is not seen: each channel within 15 of the
 * ground's (the same step as near white to white). Both are hexadecimal colours; false when either
 * is not one.
 */
export function sameColour(text: string | undefined, ground: string | undefined): boolean {
  const a = hexColour(text);
  const b = hexColour(ground);
  if (!a || !b) return false;
  for (let i = 0; i < 6; i += 2) if (Math.abs(parseInt(a.slice(i, i + 2), 16) - parseInt(b.slice(i, i + 2), 16)) > 15) return false;
  return true;
}

/** Share of a glyph's box a clip must leave for the glyph to count as seen. */
export const CLIP_KEPT_SHARE = 0.1;

/**
 * Whether a clip, as boxes `[x0, y0, x1, y1]` whose union holds it, leaves at most
 * {@link CLIP_KEPT_SHARE} of the glyph box `box`: cut away, as a viewer draws it. Boxes may overlap
 * one another: their shares are added up, which errs on the side of seen. A glyph without area is
 * cut away when it touches none of the boxes. Used by the PDF and OFD readers.
 */
export function clippedAway(clip: ReadonlyArray<readonly [number, number, number, number]>, box: readonly [number, number, number, number]): boolean {
  const [x0, y0, x1, y1] = box;
  const area = (x1 - x0) * (y1 - y0);
  if (!(area > 0)) return clip.every((c) => x1 < c[0] || x0 > c[2] || y1 < c[1] || y0 > c[3]);
  let kept = 0;
  for (const c of clip) kept += Math.max(0, Math.min(x1, c[2]) - Math.max(x0, c[0])) * Math.max(0, Math.min(y1, c[3]) - Math.max(y0, c[1]));
  return kept <= CLIP_KEPT_SHARE * area;
}
