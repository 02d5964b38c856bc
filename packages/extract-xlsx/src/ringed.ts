/**
 * A workbook form's chosen 密级 option circled by an ellipse drawn over its cells (密级 | 绝密 机密
 * 秘密 with an oval over 机密, as clerks mark a spreadsheet slip). Read as cells the row lists the
 * levels — a blank form — and passed. The rows an ellipse's anchor spans are looked at: one that
 * lists the levels is reported, for which option the ellipse covers is not worked out (cells are
 * not laid out).
 */
import { attr, parseXml } from '@prepub/ooxml';

/** A form's 密级 row listing two or more levels (its cells joined by tabs). */
const LEVEL_ROW = /(密级|秘密等级|保密等级)[^\n]{0,20}?(绝密|机密|秘密)[^\n]{0,20}?(绝密|机密|秘密)/;
/** Most ellipses looked at per drawing, and rows per ellipse. */
const MAX_ELLIPSES = 1000;
const MAX_ROWS = 50;

/** Rows a box, a line or a path may span at most to mark one option (a frame around the whole form marks none). */
const MAX_DRAWN_ROWS = 2;

/**
 * The rows (from 1) that the visible ellipses of a drawing (`xdr:twoCellAnchor`, `xdr:oneCellAnchor`)
 * stand over, and those of other shapes without text (a box, a free-form ring, a line) spanning
 * {@link MAX_DRAWN_ROWS} rows at most: they box or strike out an option as an ellipse circles one.
 */
export function ellipseRows(xml: string): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let anchor: { from?: number; to?: number; in?: 'from' | 'to'; field?: boolean; text: string; ellipse: boolean; drawn: boolean; words: boolean; inSp: number; inT: boolean; hidden: boolean; depth: number } | undefined;
  let depth = 0;
  parseXml(xml, {
    open(name, a) {
      depth++;
      if (name === 'twoCellAnchor' || name === 'oneCellAnchor') anchor = { text: '', ellipse: false, drawn: false, words: false, inSp: 0, inT: false, hidden: false, depth };
      else if (!anchor) return;
      else if (name === 'from' || name === 'to') anchor.in = name;
      else if (anchor.in && name === 'row') (anchor.field = true), (anchor.text = '');
      else if (name === 'sp') anchor.inSp++;
      else if (name === 'cxnSp') anchor.drawn = true;
      else if (name === 't') anchor.inT = true;
      else if (name === 'prstGeom' && attr(a, 'prst') === 'ellipse') anchor.ellipse = true;
      else if ((name === 'prstGeom' || name === 'custGeom') && anchor.inSp > 0) anchor.drawn = true;
      else if (name === 'cNvPr' && /^(1|true)$/.test(attr(a, 'hidden') ?? '')) anchor.hidden = true;
    },
    close(name) {
      depth--;
      if (!anchor) return;
      if (name === 'row' && anchor.field && anchor.in) {
        const n = Number(anchor.text.trim());
        if (Number.isInteger(n) && n >= 0) anchor[anchor.in] = n + 1;
        anchor.field = false;
      } else if (name === 'from' || name === 'to') anchor.in = undefined;
      else if (name === 'sp') anchor.inSp--;
      else if (name === 't') anchor.inT = false;
      else if (name === 'twoCellAnchor' || name === 'oneCellAnchor') {
        const from = anchor.from;
        const to = anchor.to ?? from;
        const marks = anchor.ellipse || (anchor.drawn && !anchor.words && from !== undefined && to !== undefined && to - from < MAX_DRAWN_ROWS);
        if (marks && !anchor.hidden && from !== undefined && out.length < MAX_ELLIPSES) out.push([from, Math.max(from, Math.min(to ?? from, from + MAX_ROWS))]);
        anchor = undefined;
      }
    },
    text(t) {
      if (anchor?.field) anchor.text += t;
      else if (anchor?.inT && t.trim()) anchor.words = true;
    },
  });
  return out;
}

/** The rows listing a form's levels that an ellipse stands over: their cells (`cells`, what each shows) joined by tabs. */
export function ringedRows(cells: ReadonlyArray<{ row: number; column: number; value: string }>, spans: Array<[number, number]>): string[] {
  if (!spans.length) return [];
  const wanted = new Set<number>();
  for (const [a, b] of spans) for (let r = a; r <= b; r++) wanted.add(r);
  const rows = new Map<number, Array<{ column: number; value: string }>>();
  for (const c of cells) if (wanted.has(c.row)) rows.set(c.row, [...(rows.get(c.row) ?? []), c]);
  const out: string[] = [];
  for (const [, row] of [...rows].sort((x, y) => x[0] - y[0])) {
    const text = row.sort((x, y) => x.column - y.column).map((c) => c.value).join('\t');
    if (LEVEL_ROW.test(text) && out.length < 100) out.push(text.trim().slice(0, 60));
  }
  return out;
}
