/**
 * DrawingML text: shapes, text boxes, tables, grouped shapes and picture descriptions of a slide,
 * a layout, a master or a spreadsheet drawing. Each paragraph is a line; a table row is one line
 * with its cells separated by tabs, each cell a block (so a label and its value in adjacent cells
 * read as label–value). Shapes marked hidden go to the hidden part; alt text to its own.
 */
import { linesAcrossShapes, OFF_LINE_POINTS, sameColour, OVERDRAWN_SPACING_POINTS, SHAPE_PIECE as PIECE, UNSEEN_MAX_PERCENT, UNSEEN_MAX_POINTS, type PlacedShape as Placed, type PartBuilder } from '@prepub/core';
import { attr, parseXml } from '@prepub/extract-docx/xml';
import { columnRuns, type ShownCell } from './columns.ts';

/** A run raised or lowered two lines (core's OFF_LINE_POINTS over 12 pt text), in a:rPr baseline units (1/1000 %). */
const OFF_LINE_BASELINE = (OFF_LINE_POINTS / 12) * 100 * 1000;

export interface DrawingTargets {
  /** Visible text. */
  text: PartBuilder;
  /** Text of shapes marked hidden (`cNvPr hidden="1"`), or inside a hidden group. */
  hidden: PartBuilder;
  /** Picture and shape descriptions and titles. */
  alt: PartBuilder;
  /**
   * Receives the short one-line text shapes and where they stand (see linesAcrossShapes), each
   * saying whether it is a placeholder (`p:ph`): a slide's layout and master draw theirs on the
   * slide only as prompts, their other shapes behind it.
   */
  placed?: Array<{ shape: Placed; placeholder: boolean }>;
  /**
   * Where a placeholder that gives no frame of its own stands: a slide's placeholder is drawn where
   * its layout's (same idx, else type) is, a layout's where its master's (same type) is.
   */
  placeholderFrame?: (ph: Placeholder) => Frame | undefined;
  /** The number of the slide being read: what its slide-number fields show. */
  slideNumber?: number;
  /** Receives every placeholder of the part with where it stands (its own frame, else the one it inherits). */
  frames?: Array<{ ph: Placeholder; frame: Frame }>;
  /**
   * Receives paragraphs (a table's rows) holding struck-through text (`a:rPr strike`), read
   * without it: a form's options struck out but one (不适用的划去: 密级：~~绝密~~ 机密 ~~秘密~~) name
   * the one left. Those of hidden shapes go to `hidden`. Left out when not given.
   */
  unstruck?: PartBuilder;
  /**
   * Receives the rows listing a form's levels (密级：绝密 机密 秘密) that an ellipse shape
   * (prstGeom ellipse), or another shape without text (a box, a line, a path) not enclosing the
   * whole frame, is drawn over: it circles, boxes or strikes out the option chosen, and which one
   * is not worked out (text is not laid out in its frame). Left out when not given.
   */
  ringed?: string[];
}

/** A form's 密级 row listing two or more levels. */
const LEVEL_ROW = /(密级|秘密等级|保密等级)[^\n]{0,20}?(绝密|机密|秘密)[^\n]{0,20}?(绝密|机密|秘密)/;

/** A placeholder's kind (`p:ph` type, `obj` when it gives none) and index. */
export interface Placeholder {
  type: string;
  idx?: string;
}

/** A shape's frame, in EMU. */
export interface Frame {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** DrawingML colour elements (a gradient stop's or a pattern's colour is one of them). */
const COLOURS = new Set(['srgbClr', 'schemeClr', 'prstClr', 'sysClr', 'scrgbClr', 'hslClr']);
const SHAPES = new Set(['sp', 'pic', 'grpSp', 'graphicFrame', 'cxnSp', 'contentPart']);
/** A Chinese character: a bullet that is one is a word drawn in front of the paragraph. */
const HAN = /\p{Script=Han}/u;

/** Each table cell's (a:tc, in document order) opaque solid fill colour (a:tcPr/a:solidFill/a:srgbClr), undefined for others. */
function tableCellFills(xml: string): Array<string | undefined> {
  const fills: Array<string | undefined> = [];
  const path: string[] = [];
  parseXml(xml, {
    open(name, a) {
      path.push(name);
      const n = path.length;
      if (name === 'tc') fills.push(undefined);
      else if (name === 'srgbClr' && path[n - 2] === 'solidFill' && path[n - 3] === 'tcPr' && path[n - 4] === 'tc') fills[fills.length - 1] = attr(a, 'val');
      else if (name === 'alpha' && path[n - 3] === 'solidFill' && path[n - 4] === 'tcPr') fills[fills.length - 1] = undefined;
    },
    close() {
      path.pop();
    },
    text() {},
  });
  return fills;
}

/** Reads the DrawingML of `xml` into `to`. Returns the relationship ids of pictures it draws (`r:embed`). */
export function readDrawing(xml: string, to: DrawingTargets): string[] {
  const shapes: boolean[] = [];
  // Short one-line text shapes and where they stand (see linesAcrossShapes): the shape being read.
  const placed: Placed[] = [];
  // fill: the shape's own solid fill (spPr, an opaque srgbClr), the ground right behind its text.
  // filled: the shape paints a fill of a colour not known here (a theme colour, a gradient, a
  // picture, its style's fill); seeThrough: it says it paints none (a:noFill).
  const open: Array<{ text: string; paras: number; x?: number; y?: number; w?: number; h?: number; nested: boolean; fill?: string; filled?: boolean; seeThrough?: boolean; placeholder?: Placeholder } | undefined> = [];
  // The slide's own background (p:bg/p:bgPr, an opaque srgbClr): the ground of text on no fill.
  let slideGround: string | undefined;
  // Open groups and how each maps its children's frame onto its own (a:grpSpPr/a:xfrm: offset,
  // extent, child offset and extent, flips): a group flipped horizontally draws its shapes right to left.
  const groups: Array<{ off?: [number, number]; ext?: [number, number]; chOff?: [number, number]; chExt?: [number, number]; flipH: boolean; flipV: boolean }> = [];
  /** A shape's frame in the drawing's own frame, through the groups it stands in. */
  const unGroup = (r: { x: number; y: number; w: number; h: number }) => {
    let { x, y, w, h } = r;
    for (let i = groups.length - 1; i >= 0; i--) {
      const g = groups[i];
      if (!g.off || !g.ext) continue;
      const [cx, cy] = g.chOff ?? g.off;
      const [cw, ch] = g.chExt ?? g.ext;
      const sx = cw > 0 ? g.ext[0] / cw : 1;
      const sy = ch > 0 ? g.ext[1] / ch : 1;
      x = g.off[0] + (x - cx) * sx;
      y = g.off[1] + (y - cy) * sy;
      w *= sx;
      h *= sy;
      if (g.flipH) x = 2 * g.off[0] + g.ext[0] - x - w;
      if (g.flipV) y = 2 * g.off[1] + g.ext[1] - y - h;
    }
    return { x, y, w, h };
  };
  const pictures: string[] = [];
  let inText = 0;
  // grid: what each cell shows, for the columns of one-character cells read down (see columnRuns).
  // kept and struck: the row as it reads without its struck-through text, and whether it has any.
  let table: { row: number; col: number; cellStart: number; cellHasText: boolean; rtl?: boolean; cellText?: string; cells?: string[]; grid: ShownCell[]; value?: string; kept: string; struck: boolean } | undefined;
  const columnLines: string[] = [];
  let slideNumber: { done: boolean } | undefined;
  // Rows of right-to-left tables (a:tblPr rtl="1", first column at the right), last cell first.
  const rtlRows: string[] = [];
  const tables: Array<typeof table> = [];
  let current: PartBuilder = to.text;
  const target = () => (shapes.includes(true) ? to.hidden : to.text);
  // The run being read (a:r, a:fld) and whether it is drawn so that nobody sees it where it stands
  // (core's drawn-unseen limits): no fill, a fill of alpha 10% and less, 2 pt and smaller, spacing
  // that draws the next character over it (spc), raised or lowered two lines (baseline), in its own
  // highlight's colour. Its text goes to the hidden part, so a piece so drawn inside a marking
  // (机 + unseen 开 + 密★5年) leaves the marking whole. (White is not among them: slides often have dark backgrounds, where white
  // text is the text everyone sees.)
  // fill and highlight: the run's text colour and highlight colour (a:srgbClr), compared when its a:rPr closes.
  // grad: a gradient or pattern fill of the run being read: its colours so far, whether one of them
  // shows (alpha above the unseen limit), and the one open (its depth and alpha, 100000 = opaque).
  // noFill and outlined: the run paints no fill, and draws its letters' outlines (a:ln with a fill): hollow letters are seen.
  let run: { unseen: boolean; wrote: boolean; struck?: boolean; fill?: string; highlight?: string; noFill?: boolean; outlined?: boolean; grad?: { colours: number; seen: boolean; depth: number; alpha: number } } | undefined;
  const path: string[] = [];
  /** What lies right behind the text of the shape being read: its own solid fill, else (when it paints none of its own) the slide's background. */
  const shapeGround = (): string | undefined => {
    const o = open[open.length - 1];
    if (!o) return undefined;
    return o.fill ?? (o.filled ? undefined : slideGround);
  };
  // A table cell's fill (a:tcPr, written after the cell's text): taken from a first pass, in cell order.
  const cellFills = xml.includes('tcPr') ? tableCellFills(xml) : [];
  let cellIndex = -1;
  let cellFill: string | undefined;
  // Ellipses and rows listing a form's levels, each with the frame of its shape (a text shape, a
  // table's graphic frame): an ellipse over such a row circles one of its options. `frames2` keeps
  // every open shape's frame and what it holds; `line` the paragraph (a table's row) being read.
  const frames2: Array<{ x?: number; y?: number; w?: number; h?: number; ellipse: boolean; drawn: boolean; rows: string[] }> = [];
  const ellipses: Frame[] = [];
  // Other shapes without text (a box, a line, a free-form path) drawn over such a row may box or strike out an option.
  const drawnShapes: Frame[] = [];
  const levelRows: Array<{ frame: Frame; text: string }> = [];
  let line = '';
  const endLine = () => {
    const f = frames2[frames2.length - 1];
    if (f && to.ringed && f.rows.length < 20 && LEVEL_ROW.test(line)) f.rows.push(line.trim().slice(0, 60));
    line = '';
  };
  // Bullets: the text body's list styles (a:lstStyle/a:lvlNpPr), by level, and the paragraph being
  // read: its level, its own bullet (a:pPr/a:buChar; null for none, a number or a picture), whether written.
  let listBullets = new Map<number, string | null>();
  // kept and struck: the paragraph without its struck-through text (a:rPr strike), and whether it has any.
  let para: { lvl: number; own?: string | null; done: boolean; kept: string; struck: boolean } | undefined;
  /** Text the reader sees written, also kept for the reading without struck-through text (the row's, in a table). */
  const keep = (t: string, struck = false) => {
    const into = table && table.col > 0 ? table : para;
    if (!into) return;
    if (struck) into.struck ||= t.trim() !== '';
    else into.kept += t;
  };
  /** A paragraph or row with struck-through text, read without it: to the hidden part when its shape is hidden. */
  const unstruckLine = (into: { kept: string; struck: boolean }) => {
    if (!into.struck || !into.kept.trim() || !to.unstruck) return;
    const b = current === to.hidden ? to.hidden : to.unstruck;
    b.beginParagraph();
    b.append(into.kept);
    b.endParagraph({ kind: 'paragraph' });
  };
  parseXml(xml, {
    open(name, a) {
      const parent = path[path.length - 1];
      path.push(name);
      if (name === 'tc') cellFill = cellFills[++cellIndex];
      if (name === 'r' || name === 'fld') run = { unseen: false, wrote: false };
      // A slide-number field shows the slide's number, whatever text it keeps (‹#›).
      if (name === 'fld' && attr(a, 'type') === 'slidenum' && to.slideNumber !== undefined) slideNumber = { done: false };
      else if (run && name === 'rPr' && (parent === 'r' || parent === 'fld')) {
        // sz and spc in hundredths of a point, baseline in thousandths of a percent of the font's height.
        const size = Number(attr(a, 'sz'));
        if (size > 0 && size <= UNSEEN_MAX_POINTS * 100) run.unseen = true;
        if (Number(attr(a, 'spc')) <= OVERDRAWN_SPACING_POINTS * 100) run.unseen = true;
        if (Math.abs(Number(attr(a, 'baseline') ?? 0)) >= OFF_LINE_BASELINE) run.unseen = true;
        const strike = attr(a, 'strike');
        if (strike && strike !== 'noStrike') run.struck = true;
      } else if (run && name === 'noFill' && parent === 'rPr') run.noFill = true;
      else if (run && (name === 'solidFill' || name === 'gradFill' || name === 'pattFill') && parent === 'ln' && path[path.length - 3] === 'rPr') run.outlined = true;
      else if (run && (name === 'gradFill' || name === 'pattFill') && parent === 'rPr') run.grad = { colours: 0, seen: false, depth: 0, alpha: 100000 };
      else if (run?.grad && !run.grad.depth && COLOURS.has(name)) (run.grad.depth = path.length), (run.grad.alpha = 100000);
      else if (run?.grad && name === 'alpha' && run.grad.depth === path.length - 1) run.grad.alpha = Number(attr(a, 'val') ?? 100000);
      else if (run && name === 'srgbClr' && path[path.length - 3] === 'rPr' && (parent === 'solidFill' || parent === 'highlight')) run[parent === 'solidFill' ? 'fill' : 'highlight'] = attr(a, 'val');
      else if (run && name === 'alpha' && path[path.length - 4] === 'rPr' && path[path.length - 3] === 'solidFill' && Number(attr(a, 'val')) <= UNSEEN_MAX_PERCENT * 1000) run.unseen = true;
      const shape = open[open.length - 1];
      if (shape && name === 'ph' && parent === 'nvPr') shape.placeholder = { type: attr(a, 'type') ?? 'obj', ...(attr(a, 'idx') !== undefined ? { idx: attr(a, 'idx') } : {}) };
      if (shape && parent === 'solidFill' && path[path.length - 3] === 'spPr' && path[path.length - 4] === 'sp') {
        if (name === 'srgbClr') shape.fill = attr(a, 'val');
        else shape.filled = true;
      } else if (shape && name === 'alpha' && parent === 'srgbClr' && path[path.length - 4] === 'spPr' && path[path.length - 5] === 'sp') (shape.fill = undefined), (shape.filled = true);
      else if (shape && parent === 'spPr' && path[path.length - 3] === 'sp' && (name === 'gradFill' || name === 'pattFill' || name === 'blipFill' || name === 'grpFill')) shape.filled = true;
      else if (shape && parent === 'spPr' && path[path.length - 3] === 'sp' && name === 'noFill') shape.seeThrough = true;
      // A shape's style fills it (fillRef idx 1–999, 1001– a background fill) unless its own spPr says otherwise.
      else if (shape && name === 'fillRef' && parent === 'style' && Number(attr(a, 'idx') ?? 0) !== 0 && !shape.fill && !shape.seeThrough) shape.filled = true;
      else if (name === 'srgbClr' && parent === 'solidFill' && path[path.length - 3] === 'bgPr' && path[path.length - 4] === 'bg') slideGround = attr(a, 'val');
      if (name === 'txBody') listBullets = new Map();
      else if (name === 'pPr' && parent === 'p' && para) para.lvl = Number(attr(a, 'lvl') ?? 0) || 0;
      else if (name === 'buChar' || name === 'buNone' || name === 'buAutoNum' || name === 'buBlip') {
        const bullet = name === 'buChar' ? (attr(a, 'char') ?? null) : null;
        const level = /^lvl(\d)pPr$/.exec(parent ?? '');
        if (level && path[path.length - 3] === 'lstStyle') listBullets.set(Number(level[1]) - 1, bullet);
        else if (parent === 'pPr' && path[path.length - 3] === 'p' && para) para.own = bullet;
      }
      // Each shape's frame (spPr's, a table's graphic frame's) and whether it is an ellipse.
      if (SHAPES.has(name)) frames2.push({ ellipse: false, drawn: name === 'cxnSp', rows: [] });
      else if (name === 'prstGeom' && parent === 'spPr' && attr(a, 'prst') === 'ellipse' && frames2.length) frames2[frames2.length - 1].ellipse = true;
      else if ((name === 'prstGeom' || name === 'custGeom') && parent === 'spPr' && path[path.length - 3] === 'sp' && frames2.length) frames2[frames2.length - 1].drawn = true;
      else if ((name === 'off' || name === 'ext') && parent === 'xfrm' && (path[path.length - 3] === 'spPr' || path[path.length - 3] === 'graphicFrame') && frames2.length) {
        const f = frames2[frames2.length - 1];
        if (name === 'off') (f.x = Number(attr(a, 'x'))), (f.y = Number(attr(a, 'y')));
        else (f.w = Number(attr(a, 'cx'))), (f.h = Number(attr(a, 'cy')));
      }
      if (SHAPES.has(name)) {
        shapes.push(false);
        open.push(name === 'sp' ? { text: '', paras: 0, nested: open.some((o) => o !== undefined) } : undefined);
        if (name === 'grpSp') groups.push({ flipH: false, flipV: false });
      } else if (name === 'xfrm' && parent === 'grpSpPr' && groups.length) {
        const g = groups[groups.length - 1];
        g.flipH = attr(a, 'flipH') === '1' || attr(a, 'flipH') === 'true';
        g.flipV = attr(a, 'flipV') === '1' || attr(a, 'flipV') === 'true';
      } else if ((name === 'off' || name === 'ext' || name === 'chOff' || name === 'chExt') && parent === 'xfrm' && path[path.length - 3] === 'grpSpPr' && groups.length) {
        const g = groups[groups.length - 1];
        const pair: [number, number] = name === 'off' || name === 'chOff' ? [Number(attr(a, 'x')), Number(attr(a, 'y'))] : [Number(attr(a, 'cx')), Number(attr(a, 'cy'))];
        if (pair.every(Number.isFinite)) g[name] = pair;
      } else if ((name === 'off' || name === 'ext') && parent === 'xfrm' && path[path.length - 3] === 'spPr' && open[open.length - 1]) {
        const o = open[open.length - 1]!;
        if (name === 'off') (o.x = Number(attr(a, 'x'))), (o.y = Number(attr(a, 'y')));
        else (o.w = Number(attr(a, 'cx'))), (o.h = Number(attr(a, 'cy')));
      } else if (name === 'cNvPr') {
        if (attr(a, 'hidden') === '1' || attr(a, 'hidden') === 'true') shapes[shapes.length - 1] = true;
        for (const k of ['descr', 'title']) {
          const v = attr(a, k)?.trim();
          if (v) {
            to.alt.append(v);
            to.alt.endParagraph({ kind: 'paragraph' });
          }
        }
      } else if (name === 'hlinkClick' || name === 'hlinkHover' || name === 'hlinkMouseOver') {
        // A link's screen tip is shown on hover.
        const v = attr(a, 'tooltip')?.trim();
        if (v) {
          to.alt.append(v);
          to.alt.endParagraph({ kind: 'paragraph' });
        }
      } else if (name === 'blip') {
        const id = attr(a, 'embed') ?? attr(a, 'link');
        if (id) pictures.push(id);
      } else if (name === 'tbl') {
        tables.push(table);
        table = { row: 0, col: 0, cellStart: 0, cellHasText: false, grid: [], kept: '', struck: false };
      } else if (name === 'tblPr' && table && (attr(a, 'rtl') === '1' || attr(a, 'rtl') === 'true')) {
        table.rtl = true;
      } else if (name === 'tr' && table) {
        current = target();
        current.beginParagraph();
        table.row++;
        table.col = 0;
        table.kept = '';
        table.struck = false;
      } else if (name === 'tc' && table) {
        if (table.col > 0) current.append('\t'), (table.kept += '\t'), (line.length < 400 && (line += '\t'));
        table.col++;
        table.cellStart = current.offset;
        table.cellHasText = false;
        if (table.rtl) table.cellText = '';
        table.value = '';
      } else if (name === 'p') {
        para = { lvl: 0, done: false, kept: '', struck: false };
        const o = open[open.length - 1];
        if (o) o.paras++;
        if (table && table.col > 0) {
          if (table.cellHasText) current.append(' '), keep(' ');
        } else {
          current = target();
          current.beginParagraph();
        }
      } else if (name === 'br') {
        if (table && table.col > 0) current.append(' '), keep(' ');
        else {
          current.endParagraph({ kind: 'paragraph' });
          if (para) unstruckLine(para), (para.kept = ''), (para.struck = false);
          current.beginParagraph();
        }
      } else if (name === 't') inText++;
    },
    close(name) {
      const depth = path.length;
      path.pop();
      // A gradient or pattern fill whose every colour is (nearly) transparent paints nothing.
      if (run?.grad) {
        const g = run.grad;
        if (g.depth === depth) (g.depth = 0), g.colours++, (g.seen ||= !(g.alpha <= UNSEEN_MAX_PERCENT * 1000));
        else if ((name === 'gradFill' || name === 'pattFill') && path[path.length - 1] === 'rPr') {
          if (g.colours > 0 && !g.seen) run.unseen = true;
          run.grad = undefined;
        }
      }
      // Text in its own highlight's colour, or in its shape's fill colour, is not seen.
      if (name === 'rPr' && run && (sameColour(run.fill, run.highlight) || sameColour(run.fill, cellFill ?? shapeGround()))) run.unseen = true;
      if (name === 'rPr' && run?.noFill && !run.outlined) run.unseen = true;
      if (name === 'tc') cellFill = undefined;
      if (name === 'fld') slideNumber = undefined;
      if ((name === 'r' || name === 'fld') && run) {
        if (run.wrote) to.hidden.endParagraph({ kind: 'paragraph' });
        run = undefined;
      }
      if (SHAPES.has(name)) {
        const f2 = frames2.pop();
        const box = f2 && [f2.x, f2.y, f2.w, f2.h].every((v) => v !== undefined && Number.isFinite(v)) ? unGroup({ x: f2.x!, y: f2.y!, w: f2.w!, h: f2.h! }) : undefined;
        if (box && f2?.ellipse && !shapes[shapes.length - 1] && ellipses.length < 1000) ellipses.push(box);
        else if (box && f2?.drawn && !shapes[shapes.length - 1] && !open[open.length - 1]?.text.trim() && drawnShapes.length < 1000) drawnShapes.push(box);
        if (box) for (const text of f2?.rows ?? []) if (levelRows.length < 1000) levelRows.push({ frame: box, text });
        const o = open.pop();
        const hidden = shapes.pop();
        const text = o?.text.trim() ?? '';
        // A placeholder with no frame of its own stands where the one it inherits from does (a
        // slide's five one-character placeholders, listed last to first, in its layout's places).
        let frame: Frame | undefined = o && [o.x, o.y, o.w, o.h].every((v) => Number.isFinite(v)) ? unGroup({ x: o.x!, y: o.y!, w: o.w!, h: o.h! }) : undefined;
        if (o?.placeholder && !frame && !groups.length) frame = to.placeholderFrame?.(o.placeholder);
        if (o?.placeholder && frame) to.frames?.push({ ph: o.placeholder, frame });
        if (o && frame && !hidden && !o.nested && o.paras <= 1 && text && [...text].length <= PIECE) {
          const shape = { text, ...frame, order: placed.length };
          placed.push(shape);
          to.placed?.push({ shape, placeholder: !!o.placeholder });
        }
        if (name === 'grpSp') groups.pop();
      } else if (name === 't') inText = Math.max(0, inText - 1);
      else if (name === 'tc' && table) {
        current.addBlock(table.cellStart, current.offset, { kind: 'table-cell', row: table.row, column: table.col });
        if (current === to.text) table.grid.push({ row: table.row, column: table.col, value: table.value ?? '' });
        table.value = undefined;
        if (table.cellText !== undefined) (table.cells ??= []).push(table.cellText.trim()), (table.cellText = undefined);
      } else if (name === 'tr' && table) {
        current.closeParagraph();
        endLine();
        unstruckLine(table);
        if (table.cells?.length) rtlRows.push(table.cells.reverse().join('\t'));
        table.cells = [];
      }
      else if (name === 'tbl') {
        for (const run of table ? columnRuns(table.grid) : []) columnLines.push(run.map((c) => c.value.trim()).join(''));
        table = tables.pop();
      }
      else if (name === 'p' && !(table && table.col > 0)) {
        current.endParagraph({ kind: 'paragraph' });
        endLine();
        if (para) unstruckLine(para);
      }
    },
    text(t) {
      if (!inText || !t) return;
      if (slideNumber) {
        t = slideNumber.done ? '' : String(to.slideNumber);
        slideNumber.done = true;
        if (!t) return;
      }
      // A paragraph's bullet is drawn in front of its text (not of an empty paragraph): one that is
      // a Chinese character (a:buChar char="机" before 密★5年) is written where it stands. Symbols
      // (•, ■, a symbol font's letters) are left out: they are no words and would stand in a line's way.
      if (para && !para.done) {
        para.done = true;
        const bullet = para.own !== undefined ? para.own : listBullets.get(para.lvl);
        if (bullet && HAN.test(bullet)) {
          current.append(bullet);
          keep(bullet);
          const o = open[open.length - 1];
          if (o) o.text += bullet;
        }
      }
      if (run?.unseen) {
        to.hidden.append(t);
        run.wrote = true;
        return;
      }
      current.append(t);
      if (to.ringed && line.length < 400) line += t;
      keep(t, run?.struck);
      if (table) table.cellHasText = true;
      if (table?.cellText !== undefined) table.cellText += t;
      if (table?.value !== undefined) table.value += t;
      const o = open[open.length - 1];
      if (o) o.text += t;
    },
  });
  // An ellipse over a row listing the levels: the row is reported (which option it circles is not worked out).
  if (to.ringed) {
    for (const r of levelRows) {
      const meets = (e: Frame) => e.x < r.frame.x + r.frame.w && e.x + e.w > r.frame.x && e.y < r.frame.y + r.frame.h && e.y + e.h > r.frame.y;
      // (A panel behind the whole text or table it sits under marks no option.)
      const encloses = (e: Frame) => e.x <= r.frame.x && e.x + e.w >= r.frame.x + r.frame.w && e.y <= r.frame.y && e.y + e.h >= r.frame.y + r.frame.h;
      const over = ellipses.some(meets) || drawnShapes.some((e) => meets(e) && !encloses(e));
      if (over && to.ringed.length < 100) to.ringed.push(r.text);
    }
  }
  for (const line of [...rtlRows, ...columnLines, ...linesAcrossShapes(placed)]) {
    to.text.beginParagraph();
    to.text.append(line);
    to.text.endParagraph({ kind: 'paragraph' });
  }
  return pictures;
}

/**
 * The texts of a SmartArt data model (`dgm:dataModel`) in the order the diagram draws them: each
 * node after its parent, siblings by their place (`dgm:cxn` srcOrd), not by where the file lists
 * them (a process of 年 5 ★ 密 机 listed last to first, ordered 机 密 ★ 5 年, shows 机密★5年). Nodes
 * no connection reaches follow in file order. One entry per node with text.
 */
export function diagramTexts(xml: string): string[] {
  const points: Array<{ id: string; text: string }> = [];
  const children = new Map<string, Array<{ id: string; ord: number }>>();
  let pt: { id: string; text: string; inT: number; inText: boolean } | undefined;
  parseXml(xml, {
    open(name, a) {
      if (name === 'pt') pt = { id: attr(a, 'modelId') ?? '', text: '', inT: 0, inText: false };
      else if (pt && name === 't' && !pt.inT) pt.inT = 1;
      else if (pt?.inT && name === 't') pt.inText = true;
      else if (pt?.inT && name === 'p' && pt.text) pt.text += '\n';
      else if (name === 'cxn' && (attr(a, 'type') ?? 'parOf') === 'parOf') {
        const src = attr(a, 'srcId') ?? '';
        const list = children.get(src) ?? [];
        list.push({ id: attr(a, 'destId') ?? '', ord: Number(attr(a, 'srcOrd') ?? list.length) || 0 });
        children.set(src, list);
      }
    },
    close(name) {
      if (name === 'pt' && pt) points.push({ id: pt.id, text: pt.text.trim() }), (pt = undefined);
      else if (pt && name === 't') pt.inText ? (pt.inText = false) : (pt.inT = 0);
    },
    text(t) {
      if (pt?.inText) pt.text += t;
    },
  });
  const byId = new Map(points.map((p) => [p.id, p]));
  const reached = new Set<string>();
  const childIds = new Set([...children.values()].flat().map((c) => c.id));
  const out: string[] = [];
  const walk = (id: string, depth: number) => {
    if (reached.has(id) || depth > 64) return;
    reached.add(id);
    const p = byId.get(id);
    if (p?.text) out.push(p.text);
    for (const c of [...(children.get(id) ?? [])].sort((x, y) => x.ord - y.ord)) walk(c.id, depth + 1);
  };
  // From the roots (points no connection leads to: the document point), then whatever is left.
  for (const p of points) if (!childIds.has(p.id)) walk(p.id, 0);
  for (const p of points) if (!reached.has(p.id) && p.text) (reached.add(p.id), out.push(p.text));
  return out;
}
