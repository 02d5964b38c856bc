/**
 * The OpenDocument reader (ODT, ODS, ODP, their templates and flat XML forms, and the rest of the
 * family): every part of the package as located text parts.
 *
 * - Text documents: the body (paragraphs, headings, lists, tables with a row per line and each cell
 *   a block), footnotes and endnotes, comments (with their author), tracked deletions, text boxes
 *   and shapes, link targets and conditional field texts, form controls.
 * - Spreadsheets: every sheet in order (page = sheet number), hidden ones (`table:display="false"`
 *   through their style) as role `hidden` and labelled, hidden rows and columns as hidden text,
 *   cells located (`Sheet1`, row 7, column 2), cell comments, sheet names.
 * - Presentations: slides in order (page = slide number), hidden ones (`presentation:visibility`)
 *   as `hidden` and labelled, speaker notes, master pages, header and footer declarations.
 * - Everywhere: headers and footers of master pages, hidden text (`text:hidden-text`,
 *   `text:hidden-paragraph`, hidden sections, styles with `text:display="none"`), alt text
 *   (`svg:title`, `svg:desc`), document properties (`meta.xml`, user-defined ones with their
 *   names), embedded objects (`Object 1/`: charts, formulas, documents) read as documents of their
 *   own, OLE objects opened, pictures to OCR.
 *
 * The ZIP is read by the DOCX reader's limited inflater through the shared Office package reader,
 * so the same zip-bomb limits, duplicate-entry and directory checks hold; entries nothing refers
 * to are read as hidden text or reported. An encrypted package (manifest `encryption-data`) is
 * unread: its content cannot be read without the password.
 */
import { linesAcrossShapes, OFF_LINE_POINTS, sameColour, OVERDRAWN_SPACING_POINTS, PartBuilder, UNSEEN_MAX_PERCENT, UNSEEN_MAX_POINTS, SHAPE_PIECE, type EmbeddedFile, type ExtractContext, type Extraction, type Extractor, type ImageRef, type PartOrigin, type PartRole, type TextPart } from '@prepub/core';
import { OpcPackage, analyseFormula, attr, columnRuns, metafileText, parseXml, type Attrs, type ShownCell } from '@prepub/ooxml';
import { EntryError } from '@prepub/extract-docx/zip';
import { ReadTexts, decodeXml, unreadElementsPart, uriText, xmlDamage } from '@prepub/extract-docx/xml';
import { olePayloads } from '@prepub/extract-docx/ole';
import { includesUtf16, sniffBinary, sniffImage, xmlTextAndAttributes } from '@prepub/extract-docx/package';
import { formatNumber } from '@prepub/extract-docx/numbering';
import { CircledLine, LEVEL_ROW, drawnOverRowsDetail } from '@prepub/extract-docx/choice';
import { flatKind, ODF_PREFIX } from './format.ts';
import { transformedPlace } from './placement.ts';

export { odtFormat, odsFormat, odpFormat, odfFormat, ODF_FORMATS, flatKind } from './format.ts';

/** Format name reported for a media type. */
function formatOf(mime: string): string {
  const k = mime.startsWith(ODF_PREFIX) ? mime.slice(ODF_PREFIX.length).replace(/-template$/, '') : '';
  return k === 'text' || k === 'text-master' || k === 'text-web' ? 'odt' : k === 'spreadsheet' ? 'ods' : k === 'presentation' ? 'odp' : 'odf';
}

/** Elements whose style may paint a ground behind the text inside them. */
const GROUNDED = new Set(['p', 'h', 'table-cell', 'covered-table-cell', 'frame', 'custom-shape', 'rect', 'ellipse', 'polygon', 'path', 'text-box']);

/** What a style says about visibility. */
interface StyleFacts {
  parent?: string;
  hiddenText?: boolean;
  hiddenTable?: boolean;
  hiddenPage?: boolean;
  /** A table written right to left (style:writing-mode rl-tb): its first column is at the right. */
  rtlTable?: boolean;
  /** The text colour of a text style (`fo:color`). */
  colour?: string;
  /**
   * What the style paints behind its text: a text style's or paragraph's `fo:background-color`, a
   * table cell's, a frame's solid fill (`draw:fill="solid"` with `draw:fill-color`); `transparent`
   * when it says it paints nothing.
   */
  ground?: string;
  /** A paragraph style's list style (`style:list-style-name`): the labels of a list that names none. */
  listStyle?: string;
  /** A paragraph style's `style:default-outline-level`: the level of a heading that gives none. */
  outlineLevel?: number;
  /** A cell style's data style (`style:data-style-name`): the number format its cells are shown in. */
  dataStyle?: string;
  /** Letters drawn as capitals: `fo:text-transform` uppercase (true) or another (false), `fo:font-variant` small-caps (true) or normal (false). */
  upper?: boolean;
  smallCaps?: boolean;
  /** The font its text is drawn in (`style:font-name`, else `fo:font-family`): a symbol font draws pictures for letters. */
  font?: string;
  /** A paragraph style's text colour (`fo:color`): kept apart from a text style's, which a span weighs. */
  paraColour?: string;
  /** Text struck through (`style:text-line-through-style` or `-type` other than none). */
  struck?: boolean;
  /** Text in a border (`fo:border`, LibreOffice's `loext:border`, any side, other than none): a form's option boxed. */
  boxed?: boolean;
  /** Text on a background of its own (`fo:background-color`, not transparent or white): a form's option highlighted. */
  shaded?: boolean;
}

/** The name under which a family's default style (`style:default-style`) is kept. */
const DEFAULT_STYLE = (family: string | undefined) => `\u0000default:${family ?? ''}`;

/**
 * A data style (`number:number-style`, `text-style`, `date-style` …): the pieces a cell's value is
 * shown with, in order — literals (`number:text`, `number:currency-symbol`) and the slots the value
 * fills — and its conditions (`style:map`).
 */
interface DataStyle {
  kind: string;
  pieces: Array<{ lit: string } | { slot: string; attrs: Attrs; embedded: Array<{ pos: number; text: string }> }>;
  maps: Array<{ condition: string; style: string }>;
}

/** Data style elements. */
const DATA_STYLES = new Set(['number-style', 'currency-style', 'percentage-style', 'date-style', 'time-style', 'boolean-style', 'text-style']);
/** Elements of a data style the cell's value fills. */
const VALUE_SLOTS = new Set(['number', 'scientific-number', 'fraction', 'text-content', 'boolean', 'day', 'month', 'year', 'era', 'day-of-week', 'week-of-year', 'quarter', 'hours', 'minutes', 'seconds', 'am-pm']);

/** The cell value a slot of a data style shows, as well as it is told here: digits padded and rounded as the slot says, date parts from the ISO value. */
function slotText(slot: { slot: string; attrs: Attrs; embedded: Array<{ pos: number; text: string }> }, cell: Attrs, kind: string): string {
  const a = slot.attrs;
  const v = attr(cell, 'value');
  if (slot.slot === 'number' || slot.slot === 'scientific-number' || slot.slot === 'fraction') {
    let n = Number(v);
    if (v === undefined || !Number.isFinite(n)) return '';
    if (kind === 'percentage-style') n *= 100;
    const places = Math.min(Math.max(Number(attr(a, 'decimal-places') ?? NaN), 0), 20);
    const fixed = Number.isFinite(places) ? Math.abs(n).toFixed(places) : String(Math.abs(n));
    let [int, frac] = fixed.split('.');
    const min = Math.min(Math.max(Number(attr(a, 'min-integer-digits') ?? 1) || 0, 0), 30);
    int = int.padStart(min, '0');
    // number:embedded-text stands that many digits left of the decimal separator.
    for (const e of [...slot.embedded].sort((x, y) => x.pos - y.pos).reverse()) {
      const at = Math.max(0, int.length - Math.max(0, e.pos));
      int = int.slice(0, at) + e.text + int.slice(at);
    }
    return (n < 0 ? '-' : '') + int + (frac ? `.${frac}` : '');
  }
  if (slot.slot === 'boolean') return attr(cell, 'boolean-value') === undefined ? '' : attr(cell, 'boolean-value') === 'true' ? 'TRUE' : 'FALSE';
  const d = /^(-?\d+)-(\d+)-(\d+)(?:T(\d+):(\d+):(\d+))?/.exec(attr(cell, 'date-value') ?? '');
  const t = /^PT(\d+)H(\d+)M(\d+)/.exec(attr(cell, 'time-value') ?? '');
  const long = attr(a, 'style') === 'long';
  const part = (x: string | undefined, w: number) => (x === undefined ? '' : String(Number(x)).padStart(w, '0'));
  switch (slot.slot) {
    case 'year':
      return d ? (long ? d[1] : d[1].slice(-2)) : '';
    case 'month':
      return part(d?.[2], long ? 2 : 1);
    case 'day':
      return part(d?.[3], long ? 2 : 1);
    case 'hours':
      return part(t?.[1] ?? d?.[4], long ? 2 : 1);
    case 'minutes':
      return part(t?.[2] ?? d?.[5], long ? 2 : 1);
    case 'seconds':
      return part(t?.[3] ?? d?.[6], long ? 2 : 1);
  }
  return '';
}

/** Whether `pieces` all stand in `text` in that order: the display LibreOffice caches in the cell. */
function inOrder(text: string, pieces: string[]): boolean {
  let at = 0;
  for (const p of pieces) {
    const i = text.indexOf(p, at);
    if (i < 0) return false;
    at = i + p.length;
  }
  return true;
}

/** A simple `style:map` condition (`value()>=0`) on a value, or undefined when it is not one. */
function condition(cond: string, value: number): boolean | undefined {
  const m = /^\s*value\(\)\s*(>=|<=|<>|!=|=|>|<)\s*(-?[\d.]+)\s*$/.exec(cond);
  if (!m || !Number.isFinite(value)) return undefined;
  const k = Number(m[2]);
  return m[1] === '>=' ? value >= k : m[1] === '<=' ? value <= k : m[1] === '>' ? value > k : m[1] === '<' ? value < k : m[1] === '=' ? value === k : value !== k;
}

/** One level of a list style (`text:list-level-style-*`) or of the outline style: how its label is drawn. */
interface ListLevel {
  /** `text:bullet-char` of a bullet level; undefined for a numbered one. */
  bullet?: string;
  prefix: string;
  suffix: string;
  /** `style:num-format`: `1`, `a`, `A`, `i`, `I`, `` (no number), `一, 二, 三, ...` … */
  format: string;
  start: number;
  /** `text:display-levels`: how many levels' numbers the label shows (`1.2.3`). */
  display: number;
  /** LibreOffice's `loext:num-list-format` (`%1%.%2%.`): the whole label, which it draws instead of prefix and suffix. */
  listFormat?: string;
  /** `text:label-followed-by`: listtab (default), space or nothing. */
  follow?: string;
}

/** Levels a list style can define (ODF allows 10). */
const MAX_LIST_LEVEL = 10;

/** An ODF `style:num-format` as the DOCX reader's number format names (its formatNumber renders them). */
function odfNumber(n: number, format: string): string {
  if (format === '') return '';
  const f = format.trim();
  const word = f === '1' ? 'decimal' : f === 'a' ? 'lowerLetter' : f === 'A' ? 'upperLetter' : f === 'i' ? 'lowerRoman' : f === 'I' ? 'upperRoman' : f.startsWith('一') || f.startsWith('〇') ? 'chineseCounting' : f.startsWith('壹') ? 'chineseLegalSimplified' : f.startsWith('①') ? 'decimalEnclosedCircle' : f.startsWith('甲') ? 'ideographTraditional' : f.startsWith('子') ? 'ideographZodiac' : f.startsWith('１') ? 'decimalFullWidth' : f.startsWith('Ⅰ') ? 'upperRoman' : f.startsWith('ⅰ') ? 'lowerRoman' : 'decimal';
  return formatNumber(n, word);
}

/**
 * The label a list item's first paragraph is drawn with at `level` (1-based), given the counters of
 * its list: prefix, number(s) and suffix (or LibreOffice's whole-label format), or the bullet, then
 * what follows it. `other` is the label as prefix and suffix spell it where the whole-label format
 * draws something else: other applications draw that one.
 */
function listLabel(levels: Map<number, ListLevel>, level: number, counts: number[]): { shown: string; other?: string } {
  const lvl = levels.get(level);
  if (!lvl) return { shown: '' };
  const follow = lvl.follow === 'nothing' ? '' : lvl.follow === 'space' ? ' ' : '\t';
  const done = (t: string) => (t ? t + follow : '');
  if (lvl.bullet !== undefined) {
    // A symbol font's private-use bullet () is no letter, and such characters make a part unread.
    // LibreOffice draws a bullet without the prefix and suffix a level may also give; others may not.
    const bullet = lvl.bullet.replace(/\p{Co}/gu, '');
    const other = /[\p{L}\p{N}]/u.test(lvl.prefix + lvl.suffix) ? done(lvl.prefix + bullet + lvl.suffix) : undefined;
    return { shown: done(bullet), ...(other ? { other } : {}) };
  }
  const num = (k: number) => odfNumber(counts[k - 1] ?? levels.get(k)?.start ?? 1, levels.get(k)?.format ?? '1');
  const nums: string[] = [];
  for (let k = Math.max(1, level - Math.max(1, lvl.display) + 1); k <= level; k++) nums.push(num(k));
  const plain = done(lvl.prefix + nums.filter(Boolean).join('.') + lvl.suffix);
  if (lvl.listFormat === undefined) return { shown: plain };
  const whole = done(lvl.listFormat.replace(/%(\d+)%/g, (_, d: string) => (Number(d) >= 1 && Number(d) <= MAX_LIST_LEVEL ? num(Number(d)) : '')));
  return whole === plain ? { shown: whole } : { shown: whole, other: plain };
}

/** EMU per unit of an ODF length. */
const LENGTH_EMU: Record<string, number> = { cm: 360000, mm: 36000, in: 914400, pt: 12700, pc: 152400, px: 9525 };

function lengthEmu(v: string | undefined): number {
  const m = /^\s*(-?[\d.]+)\s*(cm|mm|in|pt|pc|px)?\s*$/i.exec(v ?? '');
  return m ? Number(m[1]) * (LENGTH_EMU[(m[2] ?? 'cm').toLowerCase()] ?? 360000) : NaN;
}

/** A font size in points (`1pt`, `0.5pt`, `0.03cm`, `0.4mm`, `0.01in`); Infinity for percentages and the unreadable. */
function fontPoints(size: string | undefined): number {
  const m = /^\s*([\d.]+)\s*(pt|cm|mm|in|px)\s*$/i.exec(size ?? '');
  if (!m) return Infinity;
  const per: Record<string, number> = { pt: 1, cm: 72 / 2.54, mm: 72 / 25.4, in: 72, px: 0.75 };
  return Number(m[1]) * per[m[2].toLowerCase()];
}

/** A percentage (`1%`), or undefined. */
function percent(value: string | undefined): number | undefined {
  const m = /^\s*(-?[\d.]+)\s*%\s*$/.exec(value ?? '');
  return m ? Number(m[1]) : undefined;
}

/**
 * Whether a style's text properties draw its text so nobody sees it where it stands (core's
 * drawn-unseen limits): 2 pt and less, 10% of its size or less (`fo:font-size`, the height in
 * `style:text-position`), 10 pt or more below its parent's (`style:font-size-rel`), squeezed to 10%
 * of its width (`style:text-scale`), 10% opaque or less, letter spacing that draws the next
 * character over it (`fo:letter-spacing` of −8 pt and less), raised or lowered two lines or more
 * (`style:text-position`), or — `colour` for a span's own style — in the colour of its background
 * (`fo:background-color`), or white or near white without one.
 */
function drawnUnseen(a: Attrs, colour: boolean): boolean {
  const size = attr(a, 'font-size');
  if (fontPoints(size) <= UNSEEN_MAX_POINTS || (percent(size) ?? 100) <= UNSEEN_MAX_PERCENT) return true;
  // Smaller than its parent by 10 pt or more (`style:font-size-rel="-11pt"`): 2 pt and less under
  // the 12 pt of ordinary text. The parent's size is not followed here.
  const relative = /^\s*-(.*)$/.exec(attr(a, 'font-size-rel') ?? '');
  if (relative && fontPoints(relative[1]) >= 10) return true;
  // `style:text-position="<raise> [<height>]"`: the raise in percent of the font's height.
  // `super`/`sub` raise by the font's own amount.
  const [raise, height] = (attr(a, 'text-position') ?? '').trim().split(/\s+/);
  if ((percent(height) ?? 100) <= UNSEEN_MAX_PERCENT || Math.abs(percent(raise) ?? 0) >= OFF_LINE_PERCENT) return true;
  const spacing = /^\s*-(.*)$/.exec(attr(a, 'letter-spacing') ?? '');
  if (spacing && -fontPoints(spacing[1]) <= OVERDRAWN_SPACING_POINTS) return true;
  if ((percent(attr(a, 'text-scale')) ?? 100) <= UNSEEN_MAX_PERCENT || (percent(attr(a, 'opacity')) ?? 100) <= UNSEEN_MAX_PERCENT) return true;
  // In the colour of its own background, or of the white page when it has none.
  const ground = attr(a, 'background-color');
  return colour && sameColour(attr(a, 'color'), !ground || ground === 'transparent' ? 'FFFFFF' : ground);
}

/** A raise of two lines (200% of the font's height, core's OFF_LINE_POINTS over 12 pt text): drawn off its line. */
const OFF_LINE_PERCENT = (OFF_LINE_POINTS / 12) * 100;

/** A flow of text with its hidden sidecar, paragraph for paragraph. */
class Story {
  readonly main: PartBuilder;
  private hiddenB: PartBuilder | undefined;

  constructor(
    readonly id: string,
    role: PartRole,
    readonly origin: PartOrigin,
    leading = false,
  ) {
    this.main = new PartBuilder(id, role, origin, leading);
  }

  get hidden(): PartBuilder {
    if (!this.hiddenB) {
      this.hiddenB = this.main.role === 'hidden' ? this.main : new PartBuilder(`${this.id}#hidden`, 'hidden', { ...this.origin, detail: [this.origin.detail, 'hidden text'].filter(Boolean).join('; ') });
    }
    return this.hiddenB;
  }

  builders(): PartBuilder[] {
    return this.hiddenB && this.hiddenB !== this.main ? [this.main, this.hiddenB] : [this.main];
  }
}

interface Run {
  text: string;
  hidden: boolean;
  /** Part of a tracked change: text deleted at this point (read back for the text before the change), or text inserted. */
  change?: 'deleted' | 'inserted';
  /** A list label: drawn by the style, not written in the part's XML. */
  label?: boolean;
  /** Struck through (a form's option struck out). */
  struck?: boolean;
  /** Boxed or highlighted (a form's option marked as chosen). */
  mark?: 'boxed' | 'shaded';
  /** A field's value taken from elsewhere (meta.xml, a declaration, a bookmark): not in the XML where it stands. */
  resolved?: boolean;
  /**
   * What stands here when a condition turns the other way (text:hidden-text shown or hidden, the
   * other value of text:conditional-text): the paragraph is read so as well.
   */
  alt?: string;
}

interface Para {
  story: Story;
  runs: Run[];
  hidden: boolean;
  kind: 'paragraph' | 'heading' | 'list-item';
  cell: Cell | undefined;
  /** A heading's outline level: text:chapter fields after it show it. */
  level?: number;
  /** The heading's number as its label draws it. */
  number?: string;
  /** Its style draws letters as capitals. */
  caps?: boolean;
  /** The font its style draws in. */
  font?: string;
  /** The colour its style draws text in (text documents: weighed where its text stands). */
  colour?: string;
  /** An ellipse (draw:ellipse, draw:circle, a custom shape of type ellipse) is anchored in it: drawn over its text, it may circle an option. */
  ringed?: boolean;
}

/** A reading of a choice that begins with the 密级 label (a highlighted option: see endPara). */
const LABELLED = /^\s*(密\s*级|秘密等级|保密等级)/;

/** The longest value a field is resolved to (a bookmark can span a whole document). */
const FIELD_VALUE_MAX = 2000;

/** Fields shown with a value of meta.xml (their local name → the meta value's name). */
const META_FIELDS: Record<string, string> = { title: 'title', subject: 'subject', description: 'description', keywords: 'keywords', 'initial-creator': 'initial-creator', 'author-name': 'creator', creator: 'creator' };

/** A declared or set value as a field shows it: its string, else its number, date, time or truth value. */
function valueOf(a: Attrs): string | undefined {
  for (const k of ['string-value', 'value', 'date-value', 'time-value', 'boolean-value']) {
    const v = attr(a, k);
    if (v !== undefined) return v;
  }
  return undefined;
}

/**
 * What fields elsewhere in a document show, read before the walk (meta.xml is walked after
 * content.xml, and a declaration or bookmark may stand after the field): meta values by name,
 * user-defined meta by its name, user field declarations, and the text of bookmarks and reference
 * marks. Values are taken as written, without resolving fields inside them, so nothing can loop.
 */
class FieldValues {
  readonly meta = new Map<string, string>();
  readonly userDefined = new Map<string, string>();
  readonly userFields = new Map<string, string>();
  readonly marks = new Map<string, string>();

  scan(xml: string): void {
    const wantMarks = xml.includes('bookmark-ref') || xml.includes('reference-ref');
    if (!/<([\w.-]+:)?meta[\s/>]/.test(xml) && !xml.includes('user-field-decl') && !wantMarks) return;
    const stack: string[] = [];
    let metaDepth = -1;
    let metaKey: string | undefined;
    let metaText = '';
    // The body's text in one buffer; an open bookmark keeps where it starts in it, so each is one
    // slice at its end (no copy per open bookmark per character).
    let body = '';
    let inBody = false;
    // Comments, notes and change records inside a bookmark are no text a reference to it shows.
    let apart = 0;
    const APART = /^(annotation|note|tracked-changes)$/;
    const open = new Map<string, number>();
    const take = (name: string | undefined, from: number | undefined) => {
      if (name === undefined || from === undefined) return;
      if (!this.marks.has(name)) this.marks.set(name, body.slice(from, from + FIELD_VALUE_MAX));
    };
    parseXml(xml, {
      open: (name, a) => {
        const parent = stack[stack.length - 1];
        stack.push(name);
        if (APART.test(name) || SKIP_TEXT.has(name)) apart++;
        if (name === 'meta' && (parent === 'document-meta' || parent === 'document')) metaDepth = stack.length;
        else if (metaDepth > 0 && stack.length === metaDepth + 1) {
          metaKey = name === 'user-defined' ? `user:${attr(a, 'name') ?? ''}` : name === 'keyword' ? 'keywords' : name;
          metaText = '';
        } else if (name === 'body') inBody = true;
        else if (name === 'user-field-decl' && attr(a, 'name') !== undefined) {
          const v = valueOf(a);
          if (v !== undefined) this.userFields.set(attr(a, 'name')!, v);
        } else if (wantMarks && inBody) {
          if (name === 'bookmark-start' || name === 'reference-mark-start') open.set(attr(a, 'name') ?? '', body.length);
          else if (name === 'bookmark-end' || name === 'reference-mark-end') {
            take(attr(a, 'name'), open.get(attr(a, 'name') ?? ''));
            open.delete(attr(a, 'name') ?? '');
          } else if (name === 's') body += ' ';
          else if (name === 'tab') body += '\t';
        }
      },
      close: (name) => {
        if (metaKey !== undefined && stack.length === metaDepth + 1) {
          const v = metaText.trim();
          if (metaKey.startsWith('user:')) this.userDefined.set(metaKey.slice(5), v);
          // Keywords are shown together, as LibreOffice lists them.
          else if (metaKey === 'keywords' && this.meta.has('keywords')) this.meta.set('keywords', `${this.meta.get('keywords')}, ${v}`);
          else this.meta.set(metaKey, v);
          metaKey = undefined;
        }
        if (stack.length === metaDepth) metaDepth = -1;
        if (name === 'body') inBody = false;
        if (stack.length && (APART.test(stack[stack.length - 1]) || SKIP_TEXT.has(stack[stack.length - 1]))) apart = Math.max(0, apart - 1);
        stack.pop();
      },
      text: (t) => {
        if (metaKey !== undefined) metaText += t;
        else if (wantMarks && inBody && !apart) body += t.replace(/[ \t\r\n]+/g, ' ');
      },
    });
  }
}

interface Cell {
  column: number;
  texts: string[];
  hiddenTexts: string[];
  hidden: boolean;
}

interface Row {
  number: number;
  cells: Cell[];
  hidden: boolean;
  repeat: number;
  /** The row's default cell style. */
  style?: string;
}

interface Table {
  story: Story;
  name: string;
  rows: number;
  /** Collapsed columns as [first, last] ranges (1-based). */
  hiddenColumns: Array<[number, number]>;
  columnsSeen: number;
  row: Row | undefined;
  column: number;
  /** The cell of an outer table this table stands in. */
  outerCell: Cell | undefined;
  /** Written right to left: each row is read again last cell first. */
  rtl?: boolean;
  /** Columns' default cell styles as [first, last, style] ranges, in order (1-based). */
  columnStyles: Array<[number, number, string]>;
  /** What each shown cell shows, for the one-character cells read down their column (columnRuns). */
  grid?: ShownCell[];
}

/**
 * Elements whose text is not document text (numbers shown elsewhere, ruby annotations drawn above
 * the base text they would split: 机<ruby-text>jī</ruby-text>密, change metadata, templates,
 * number formats). Their text is still read, as hidden text: damaged markup that never closes one
 * of them must not make the rest of the document disappear.
 */
const SKIP_TEXT = new Set(['note-citation', 'ruby-text', 'change-info', 'table-of-content-source', 'illustration-index-source', 'alphabetical-index-source', 'user-index-source', 'object-index-source', 'table-index-source', 'bibliography-source', 'sequence-decls', 'variable-decls', 'date-time-decl', 'page-thumbnail', 'tracked-changes-info', 'scripts', 'font-face-decls', 'settings', 'currency-symbol', 'text-content']);

/** Elements of a paragraph's text: a `title` inside one is the text:title field, not svg:title. */
const IN_TEXT = new Set(['p', 'h', 'span', 'a', 'meta', 'meta-field', 'ruby-base']);

/** Parts read as structure only: they hold no document text. */
const STRUCTURE = /^(.*\/)?(mimetype|settings\.xml|manifest\.rdf|layout-cache|META-INF\/.*|Configurations2\/.*|Thumbnails\/.*)$/i;

/** One document (the package, or an object inside it) being walked. */
class OdfDocument {
  readonly styles = new Map<string, StyleFacts>();
  /** List styles by name, their levels by number; the outline style (headings) apart. */
  readonly listStyles = new Map<string, Map<number, ListLevel>>();
  readonly outline = new Map<number, ListLevel>();
  /** What fields show that comes from elsewhere (see FieldValues), read before the walk. */
  readonly fieldValues = new FieldValues();
  private readonly counts = new Map<string, number>();
  readonly stories: Story[] = [];
  private readonly propParts: PartBuilder[] = [];

  constructor(
    private readonly reader: OdfReader,
    /** `''` for the package, `Object 1/` for an embedded object. */
    readonly prefix: string,
    readonly label: string | undefined,
  ) {}

  id(kind: string): string {
    const n = (this.counts.get(kind) ?? 0) + 1;
    this.counts.set(kind, n);
    return `${this.prefix}${kind}-${n}`;
  }

  story(id: string, role: PartRole, origin: PartOrigin, leading = false): Story {
    const detail = [this.label, origin.detail].filter(Boolean).join('; ');
    const s = new Story(id, role, { ...origin, ...(detail ? { detail } : {}) }, leading);
    this.stories.push(s);
    return s;
  }

  /** A colour a style or the styles it inherits from give (`colour` or `ground`), or undefined. */
  colourOf(name: string | undefined, key: 'colour' | 'ground'): string | undefined {
    return this.inherited(name, key);
  }

  private lookup(name: string | undefined, key: 'hiddenText' | 'hiddenTable' | 'hiddenPage' | 'rtlTable'): boolean {
    return this.inherited(name, key) ?? false;
  }

  /** What a style, or the first of the styles it inherits from that says, gives for `key`. */
  private inherited<K extends Exclude<keyof StyleFacts, 'parent'>>(name: string | undefined, key: K): StyleFacts[K] | undefined {
    for (let i = 0, s = name; s && i < 32; i++) {
      const f = this.styles.get(s);
      if (!f) return undefined;
      if (f[key] !== undefined) return f[key];
      s = f.parent;
    }
    return undefined;
  }

  /** Data styles by name (see {@link DataStyle}). */
  readonly dataStyles = new Map<string, DataStyle>();

  dataStyleOf(style: string | undefined): string | undefined {
    return this.inherited(style, 'dataStyle');
  }

  /**
   * What a cell in a data style shows: its text (`shown`) composed with the style's literals
   * around its value, and other branches' compositions when a condition could not be told
   * (`others`); undefined when the cell's text stands as it is.
   */
  cellShows(styleName: string, cell: Attrs, text: string): { shown: string; others: string[] } | undefined {
    const main = this.dataStyles.get(styleName);
    // An empty cell shows nothing, whatever its style would draw around a value.
    if (!main || (!text && !['value', 'string-value', 'date-value', 'time-value', 'boolean-value'].some((k) => attr(cell, k) !== undefined))) return undefined;
    const type = attr(cell, 'value-type') ?? (text ? 'string' : '');
    const branches = [main, ...main.maps.map((m) => this.dataStyles.get(m.style))].filter((x): x is DataStyle => !!x);
    let chosen: DataStyle[];
    if (type === 'string') {
      // A string is shown by the text section (a text style, itself or one a condition names), else as it is.
      chosen = branches.filter((b) => b.kind === 'text-style').slice(0, 1);
    } else {
      const value = Number(attr(cell, 'value') ?? NaN);
      const tests = main.maps.map((m) => ({ style: this.dataStyles.get(m.style), ok: condition(m.condition, value) }));
      if (tests.some((t) => t.ok === undefined)) chosen = branches.filter((b) => b.kind !== 'text-style');
      else chosen = [tests.find((t) => t.ok && t.style)?.style ?? main].filter((b) => b.kind !== 'text-style');
    }
    const compose = (ds: DataStyle): string | undefined => {
      const lits = ds.pieces.flatMap((p) => ('lit' in p && p.lit ? [p.lit] : []));
      // LibreOffice writes the string in office:string-value and its display in the paragraph;
      // without the attribute the paragraph is the string, unless it already shows every literal.
      const string = attr(cell, 'string-value');
      if (ds.kind === 'text-style' && string !== undefined) return ds.pieces.map((p) => ('lit' in p ? p.lit : p.slot === 'text-content' ? string : '')).join('');
      // The text LibreOffice wrote is the display it cached; it stands when it shows every literal.
      if (!lits.length || (text && inOrder(text, lits))) return undefined;
      if (ds.kind === 'text-style') return ds.pieces.map((p) => ('lit' in p ? p.lit : p.slot === 'text-content' ? text : '')).join('');
      const values = ds.pieces.map((p) => ('lit' in p ? '' : slotText(p, cell, ds.kind)));
      // No value to format (a cell written with its display only): the text fills the first slot.
      const first = ds.pieces.findIndex((p) => !('lit' in p));
      if (text && values.every((v) => !v) && first >= 0) values[first] = text;
      return ds.pieces.map((p, i) => ('lit' in p ? p.lit : values[i])).join('');
    };
    // A branch that leaves the text as it is shows the text.
    const shows = chosen.map((c) => compose(c) ?? text);
    if (!shows.length || shows.every((x) => x === text)) return undefined;
    return { shown: shows[0], others: shows.slice(1).filter((x) => x !== shows[0]) };
  }

  listStyleOf(style: string | undefined): string | undefined {
    return this.inherited(style, 'listStyle');
  }

  outlineLevelOf(style: string | undefined): number | undefined {
    return this.inherited(style, 'outlineLevel');
  }

  hiddenText(style: string | undefined): boolean {
    return this.lookup(style, 'hiddenText');
  }

  /**
   * Whether a style draws letters as capitals (after the styles it inherits from, then its family's
   * default style); undefined when none of them says.
   */
  capsOf(style: string | undefined, family: 'paragraph' | 'text'): boolean | undefined {
    const upper = this.inherited(style, 'upper') ?? this.inherited(DEFAULT_STYLE(family), 'upper');
    const small = this.inherited(style, 'smallCaps') ?? this.inherited(DEFAULT_STYLE(family), 'smallCaps');
    return upper === undefined && small === undefined ? undefined : !!(upper || small);
  }

  /** The text colour a paragraph style gives (after the styles it inherits from, then the default paragraph style). */
  paragraphColourOf(style: string | undefined): string | undefined {
    return this.inherited(style, 'paraColour') ?? this.inherited(DEFAULT_STYLE('paragraph'), 'paraColour');
  }

  /** Whether a text style strikes its text through (after the styles it inherits from). */
  struckOf(style: string | undefined): boolean | undefined {
    return this.inherited(style, 'struck');
  }

  /** How a text style marks its text as a form's choice (a border, a background; null: neither), after the styles it inherits from; undefined: it does not say. */
  markOf(style: string | undefined): 'boxed' | 'shaded' | null | undefined {
    const boxed = this.inherited(style, 'boxed');
    const shaded = this.inherited(style, 'shaded');
    return boxed ? 'boxed' : shaded ? 'shaded' : boxed === undefined && shaded === undefined ? undefined : null;
  }

  /** Rows listing a form's levels with an ellipse anchored in them: which option it circles is not worked out. */
  readonly ringedRows: string[] = [];

  /** The font a style draws in (after the styles it inherits from, then its family's default style). */
  fontOf(style: string | undefined, family: 'paragraph' | 'text'): string | undefined {
    return this.inherited(style, 'font') ?? this.inherited(DEFAULT_STYLE(family), 'font');
  }

  rtlTable(style: string | undefined): boolean {
    return this.lookup(style, 'rtlTable');
  }

  hiddenTable(style: string | undefined): boolean {
    return this.lookup(style, 'hiddenTable');
  }

  hiddenPage(style: string | undefined): boolean {
    return this.lookup(style, 'hiddenPage');
  }

  parts(): TextPart[] {
    const out: TextPart[] = [];
    for (const s of this.stories) for (const b of s.builders()) if (!b.blank) out.push(b.toPart());
    for (const b of this.propParts) if (!b.blank) out.push(b.toPart());
    return out;
  }

  property(role: PartRole, name: string, filePart: string, text: string): void {
    const t = text.trim();
    if (!t) return;
    const id = this.id(`${filePart}#${name}`);
    const b = new PartBuilder(id.replace(/-1$/, ''), role, { filePart: this.prefix + filePart, detail: [this.label, name].filter(Boolean).join('; ') });
    for (const line of t.split(/\r?\n/)) {
      b.append(line);
      b.endParagraph({ kind: 'paragraph' });
    }
    this.propParts.push(b);
  }

  /** Walks one XML part (styles.xml, content.xml, meta.xml, or a flat document holding them all). */
  walk(xml: string, filePart: string): void {
    new Walker(this, this.reader, filePart).run(xml);
  }
}

/** What an element on the walker's stack did, undone when it closes. */
interface Frame {
  name: string;
  story?: Story;
  hidden?: boolean;
  skip?: boolean;
  para?: boolean;
  table?: boolean;
  collect?: { text: string; done: (t: string) => void };
  onClose?: () => void;
  /** Where a frame or shape stands (svg:x, svg:y, svg:width, svg:height, in EMU). */
  place?: { x: number; y: number; w: number; h: number };
  /** A list item (or header, which has no label): whether its first paragraph took its label. */
  item?: { labelled: boolean; header: boolean; start?: number; style?: string };
  /** A frame anchored as a character (`text:anchor-type="as-char"`): drawn in its paragraph's line. */
  asChar?: boolean;
  /** A drop-down field: the value of its label marked current-selected. */
  selected?: string;
  /** A span whose style says whether letters are drawn as capitals: what it says (see Walker.caps). */
  caps?: boolean;
  /** A span whose style says whether its text is struck through: what it says (see Walker.struck). */
  struck?: boolean;
  /** A span whose style boxes or highlights its text (see Walker.marks). */
  mark?: 'boxed' | 'shaded' | null;
  /** A span whose style names a font: that font (see Walker.fonts). */
  font?: string;
  /** A span whose style names a colour (see Walker.colours). */
  colour?: string;
}

/** A `text:list` open on the walker's path: its style (its own or its outer list's) and the counters of the list it belongs to. */
interface ListFrame {
  style: string | undefined;
  counts: number[];
}

/** Form controls of office:forms that show a state, a choice, a value or a label where a draw:control names them. */
const FORM_CONTROLS = new Set(['checkbox', 'radio', 'listbox', 'combobox', 'text', 'textarea', 'formatted-text', 'button', 'fixed-text']);

class Walker {
  private readonly frames: Frame[] = [];
  private story: Story | undefined;
  private hidden = 0;
  /** Whether the spans open say letters are drawn as capitals, innermost last (a paragraph's style says otherwise). */
  private caps: boolean[] = [];
  /** Whether the open spans strike their text through, innermost last. */
  private struck: boolean[] = [];
  /** How the open spans mark their text as a form's choice (a border, a background; null: neither), innermost last. */
  private marks: Array<'boxed' | 'shaded' | null> = [];
  /** The fonts the spans open name, innermost last (else the paragraph style's). */
  private fonts: string[] = [];
  /** The colours the spans open name, innermost last (else the paragraph style's). */
  private colours: string[] = [];
  /** What lies behind the text being read: the grounds of the paragraphs, cells and frames it stands in, innermost last. */
  private grounds: string[] = [];
  private skip = 0;
  // Tracked changes: the text each deletion took out (its text:changed-region is read before the
  // body), which regions are insertions, and the insertions open where text is read.
  private changeRegion: string | undefined;
  private readonly deletedText = new Map<string, string[]>();
  private readonly insertions = new Set<string>();
  private readonly openInsertions = new Set<string>();
  private paras: Para[] = [];
  private tables: Table[] = [];
  /** Each sheet's cell values by address (`B7`), and the formulas that refer to cells (see readReferred). */
  private readonly sheetValues = new Map<string, Map<string, string>>();
  private readonly referring: Array<{ sheet: string; row: number; column: number; formula: string; page: number }> = [];
  // List labels: the lists open on the path, the last counters of each list style (a list that
  // continues numbering takes them up), the heading counters of the outline style.
  private lists: ListFrame[] = [];
  private readonly lastCounts = new Map<string, number[]>();
  private readonly outlineCounts: number[] = [];
  /** Each variable's value as the last text:variable-set before the point being read sets it. */
  private readonly vars = new Map<string, string>();
  /** The current heading of each outline level (text:chapter shows it). */
  private chapters: Array<{ name: string; number: string } | undefined> = [];
  /** The last two characters (whitespace left out) of the last paragraph read. */
  private lastChars = '';
  /** The list style, or outline level, whose levels are being read. */
  private listLevels: Map<number, ListLevel> | undefined;
  private listLevel: ListLevel | undefined;
  private collect: Frame['collect'] | undefined;
  private styleName: string | undefined;
  private styleFamily: string | undefined;
  private slide = 0;
  private sheet = 0;
  private inPage = false;
  private sheetNames: Story | undefined;
  /** Text boxes and shapes with where they stand, by page (see linesAcrossShapes). */
  private placed: Array<{ text: string; place: NonNullable<Frame['place']>; page: number }> = [];

  constructor(
    private readonly doc: OdfDocument,
    private readonly reader: OdfReader,
    private readonly filePart: string,
  ) {}

  /** Regions read ahead of the walk ({@link readChangedRegions}): the walk does not record their deletions again. */
  private readonly readAhead = new Set<string>();

  /** The text of each tracked deletion (a paragraph a line), and the ids of the insertions, before the walk. */
  private readChangedRegions(xml: string): void {
    let region: string | undefined;
    let deletion = 0;
    let para: string | undefined;
    const lines: string[] = [];
    parseXml(xml, {
      open: (name, a) => {
        if (name === 'changed-region') region = attr(a, 'id');
        else if (region === undefined) return;
        else if (name === 'insertion') this.insertions.add(region);
        else if (name === 'deletion') deletion++;
        else if (deletion && (name === 'p' || name === 'h')) para = '';
        else if (deletion && para !== undefined && name === 's') para += ' '.repeat(Math.min(Number(attr(a, 'c') ?? 1) || 1, 1000));
        else if (deletion && para !== undefined && name === 'tab') para += '\t';
      },
      close: (name) => {
        if (name === 'changed-region' && region !== undefined) {
          if (lines.length) this.deletedText.set(region, [...lines]);
          this.readAhead.add(region);
          region = undefined;
          lines.length = 0;
        } else if (name === 'deletion') deletion = Math.max(0, deletion - 1);
        else if ((name === 'p' || name === 'h') && para !== undefined) {
          if (para.trim()) lines.push(para);
          para = undefined;
        }
      },
      text: (t) => {
        if (para !== undefined) para += t;
      },
    });
  }

  private get fp(): string {
    return this.doc.prefix + this.filePart;
  }

  run(xml: string): void {
    // Tracked changes are listed before the text that marks them when LibreOffice writes them, but
    // nothing in the format requires it: what each deletion took out, and which regions are
    // insertions, is read first, so a mark before its region still puts the text back.
    if (xml.includes('changed-region')) this.readChangedRegions(xml);
    parseXml(xml, {
      open: (name, a) => this.open(name, a),
      close: (name) => this.close(name),
      text: (t) => this.text(t),
    });
    // Unclosed elements of damaged XML: what they held is kept.
    while (this.frames.length) this.close(this.frames[this.frames.length - 1].name);
    // A line spelled across one-line text boxes listed out of the order they stand (年 5 ★ 密 机
    // placed left to right as 机密★5年) is read as it stands, page by page.
    const pages = new Map<number, Array<{ text: string; x: number; y: number; w: number; h: number; order: number }>>();
    for (const { text: raw, place, page } of this.placed) {
      const text = raw.trim();
      if (!text || text.includes('\n') || [...text].length > SHAPE_PIECE) continue;
      const list = pages.get(page) ?? [];
      list.push({ text, ...place, order: list.length });
      pages.set(page, list);
    }
    for (const [page, list] of pages) {
      const lines = linesAcrossShapes(list);
      if (!lines.length) continue;
      const s = this.doc.story(this.doc.id('text-boxes-in-place'), 'text-box', { filePart: this.fp, ...(page ? { page } : {}), detail: 'text boxes read in the order they stand' });
      for (const l of lines) s.main.append(l), s.main.endParagraph({ kind: 'paragraph' });
    }
    this.readReferred();
  }

  /**
   * What formulas that refer to cells show, worked out with the values those cells hold
   * (`of:=[.A9]&[.D12]` over 机 in A9 and 密★5年 in D12 shows 机密★5年 when computed): each result the
   * cell does not already show stands alone, placed at the cell.
   */
  private readReferred(): void {
    if (!this.referring.length) return;
    const literal = (v: string) => (/^-?\d+(\.\d+)?$/.test(v) ? v : `"${v.replace(/"/g, '""')}"`);
    const stories = new Map<string, Story>();
    for (const f of this.referring) {
      const scope = new Map<string, readonly string[]>();
      let k = 0;
      // Each single-cell reference ([.A9], [表.A9], [$'表 1'.$A$9]) becomes a name standing for its value.
      const formula = f.formula.replace(/"(?:[^"]|"")*"|\[\$?(?:'((?:[^']|'')*)'|([^.\[\]':]*))\.\$?([A-Za-z]{1,3})\$?(\d+)\]/g, (m, quoted: string | undefined, bare: string | undefined, col: string | undefined, row: string | undefined) => {
        if (col === undefined) return m;
        const sheet = quoted !== undefined ? quoted.replace(/''/g, "'") : bare || f.sheet;
        const v = this.sheetValues.get(sheet)?.get(`${col.toUpperCase()}${row}`);
        if (v === undefined) return m;
        const name = `REFERRED_${++k}`;
        scope.set(name, [literal(v)]);
        return name;
      });
      if (!k) continue;
      const own = this.sheetValues.get(f.sheet)?.get(`${columnName(f.column)}${f.row}`);
      const results = analyseFormula(formula, scope).results.filter((r) => r !== own);
      if (!results.length) continue;
      const s = stories.get(f.sheet) ?? this.doc.story(this.doc.id('referred'), 'body', { filePart: this.fp, page: f.page, detail: `what formulas of sheet ${f.sheet} that refer to cells show` });
      stories.set(f.sheet, s);
      for (const r of results) {
        const start = s.main.offset;
        s.main.append(r);
        s.main.addBlock(start, s.main.offset, { kind: 'table-cell', row: f.row, column: f.column, page: f.page });
        s.main.endParagraph({ kind: 'paragraph' });
      }
    }
  }

  private bodyStory(): Story {
    let s = this.doc.stories.find((x) => x.id === `${this.doc.prefix}body`);
    if (!s) s = this.doc.story(`${this.doc.prefix}body`, 'body', { filePart: this.fp }, this.doc.prefix === '');
    return s;
  }

  private open(name: string, a: Attrs): void {
    const f: Frame = { name };
    this.frames.push(f);
    const enter = (story: Story) => {
      f.story = this.story;
      this.story = story;
      f.onClose = chain(f.onClose, () => (this.story = f.story));
    };
    const hide = () => {
      f.hidden = true;
      this.hidden++;
    };
    if (SKIP_TEXT.has(name)) {
      f.skip = true;
      this.skip++;
    }
    if (GROUNDED.has(name)) {
      const ground = this.doc.colourOf(attr(a, 'style-name'), 'ground');
      if (ground !== undefined && ground !== 'transparent') {
        this.grounds.push(ground);
        f.onClose = chain(f.onClose, () => void this.grounds.pop());
      }
    }
    if (name === 'frame' && attr(a, 'anchor-type') === 'as-char') f.asChar = true;
    this.formControl(name, a, f);
    if (a.x !== undefined || a['svg:x'] !== undefined) {
      const place = { x: lengthEmu(attr(a, 'x')), y: lengthEmu(attr(a, 'y')), w: lengthEmu(attr(a, 'width')), h: lengthEmu(attr(a, 'height')) };
      if (Object.values(place).every(Number.isFinite)) f.place = place;
    } else if (attr(a, 'transform') !== undefined && attr(a, 'width') !== undefined) {
      // A turned shape is placed by its transform alone.
      const place = transformedPlace(attr(a, 'transform')!, lengthEmu(attr(a, 'width')), lengthEmu(attr(a, 'height')), lengthEmu);
      if (place) f.place = place;
    }
    if (this.dataStyle && this.frames.length >= 2 && DATA_STYLES.has(this.frames[this.frames.length - 2].name)) {
      if (name === 'currency-symbol') this.dataLiteral(f, this.dataStyle.pieces.push({ lit: '' }) - 1);
      else if (VALUE_SLOTS.has(name)) this.dataStyle.pieces.push({ slot: name, attrs: a, embedded: [] });
    }
    if (this.dataStyle && name === 'embedded-text') {
      const slot = this.dataStyle.pieces[this.dataStyle.pieces.length - 1];
      if (slot && !('lit' in slot)) {
        const e = { pos: Number(attr(a, 'position') ?? 0) || 0, text: '' };
        slot.embedded.push(e);
        // Its text is drawn among the digits, not as document text: read with the unshown pieces.
        f.skip = true;
        this.skip++;
        this.dataText = (t) => (e.text += t);
        f.onClose = chain(f.onClose, () => (this.dataText = undefined));
      }
    }
    switch (name) {
      // Styles.
      // A family's default style: what its styles and unstyled paragraphs take where they say nothing.
      case 'default-style': {
        this.styleName = DEFAULT_STYLE(attr(a, 'family'));
        this.styleFamily = attr(a, 'family');
        if (!this.doc.styles.has(this.styleName)) this.doc.styles.set(this.styleName, {});
        f.onClose = () => ((this.styleName = undefined), (this.styleFamily = undefined));
        return;
      }
      case 'style': {
        const sname = attr(a, 'name');
        if (sname) {
          this.styleName = sname;
          this.styleFamily = attr(a, 'family');
          const parent = attr(a, 'parent-style-name');
          const facts: StyleFacts = parent ? { parent } : {};
          if (attr(a, 'list-style-name')) facts.listStyle = attr(a, 'list-style-name');
          if (attr(a, 'data-style-name')) facts.dataStyle = attr(a, 'data-style-name');
          const outline = Number(attr(a, 'default-outline-level'));
          if (outline >= 1) facts.outlineLevel = Math.min(outline, MAX_LIST_LEVEL);
          this.doc.styles.set(sname, facts);
        }
        f.onClose = () => ((this.styleName = undefined), (this.styleFamily = undefined));
        return;
      }
      // Data styles: the literals a cell's value is shown with (机 + cell 密★5年 shows 机密★5年).
      case 'number-style':
      case 'currency-style':
      case 'percentage-style':
      case 'date-style':
      case 'time-style':
      case 'boolean-style':
      case 'text-style': {
        const dname = attr(a, 'name');
        if (!dname) return;
        const ds: DataStyle = { kind: name, pieces: [], maps: [] };
        this.doc.dataStyles.set(dname, ds);
        this.dataStyle = ds;
        f.onClose = () => (this.dataStyle = undefined);
        return;
      }
      case 'map':
        if (this.dataStyle && attr(a, 'apply-style-name')) this.dataStyle.maps.push({ condition: attr(a, 'condition') ?? '', style: attr(a, 'apply-style-name')! });
        return;
      case 'text-properties':
        // Letters drawn as capitals (secret shows SECRET), read so where the style is used.
        if (this.styleName && attr(a, 'text-transform') !== undefined) this.doc.styles.get(this.styleName)!.upper = attr(a, 'text-transform') === 'uppercase';
        if (this.styleName && attr(a, 'font-variant') !== undefined) this.doc.styles.get(this.styleName)!.smallCaps = attr(a, 'font-variant') === 'small-caps';
        if (this.styleName && (attr(a, 'font-name') ?? attr(a, 'font-family')) !== undefined) this.doc.styles.get(this.styleName)!.font = attr(a, 'font-name') ?? attr(a, 'font-family');
        if (this.styleName && (attr(a, 'display') === 'none' || attr(a, 'display') === 'condition')) this.doc.styles.get(this.styleName)!.hiddenText = true;
        if (this.styleName && this.styleFamily === 'text') {
          // A border around the text (any side) boxes it; a background of its own highlights it.
          const borders = ['border', 'border-top', 'border-bottom', 'border-left', 'border-right'].map((k) => attr(a, k)).filter((v): v is string => v !== undefined);
          if (borders.length) this.doc.styles.get(this.styleName)!.boxed = borders.some((v) => !/^\s*(none|hidden)\b/i.test(v) && !/^\s*0(\.0*)?[a-z]*\s/i.test(v));
          const back = attr(a, 'background-color');
          if (back !== undefined) this.doc.styles.get(this.styleName)!.shaded = !/^(transparent|#fff(fff)?)$/i.test(back.trim());
        }
        if (this.styleName && (attr(a, 'text-line-through-style') !== undefined || attr(a, 'text-line-through-type') !== undefined)) {
          this.doc.styles.get(this.styleName)!.struck = (attr(a, 'text-line-through-style') ?? attr(a, 'text-line-through-type')) !== 'none';
        }
        // Drawn so nobody sees it (drawnUnseen). A piece so written inside a marking (机 + white 开 +
        // 密★5年) hid it. Colour in a cell or paragraph style is not judged here, against the white
        // page: cells and paragraphs are often filled dark (a sheet's cell is weighed against its
        // own fill where it stands).
        else if (this.styleName && drawnUnseen(a, false)) {
          this.doc.styles.get(this.styleName)!.hiddenText = true;
        }
        // A span's colour and its own background are weighed where it stands, against what lies
        // behind it then (its paragraph's, cell's or frame's ground, else the white page).
        if (this.styleName && this.styleFamily === 'text') {
          const facts = this.doc.styles.get(this.styleName)!;
          if (attr(a, 'color') !== undefined) facts.colour = attr(a, 'color');
          if (attr(a, 'background-color') !== undefined) facts.ground = attr(a, 'background-color');
        }
        // A cell style's text colour is weighed against the cell's own fill (a sheet's cell); a
        // paragraph style's (or the default one's) against what lies behind its text where it stands.
        if (this.styleName && this.styleFamily === 'table-cell' && attr(a, 'color') !== undefined) this.doc.styles.get(this.styleName)!.colour = attr(a, 'color');
        if (this.styleName && this.styleFamily === 'paragraph' && attr(a, 'color') !== undefined) this.doc.styles.get(this.styleName)!.paraColour = attr(a, 'color');
        return;
      case 'paragraph-properties':
      case 'table-cell-properties':
        if (this.styleName && attr(a, 'background-color') !== undefined) this.doc.styles.get(this.styleName)!.ground = attr(a, 'background-color');
        return;
      case 'graphic-properties':
        if (this.styleName && attr(a, 'fill') !== undefined) this.doc.styles.get(this.styleName)!.ground = attr(a, 'fill') === 'solid' ? (attr(a, 'fill-color') ?? 'transparent') : attr(a, 'fill') === 'none' ? 'transparent' : 'painted';
        return;
      case 'table-properties':
        if (this.styleName && attr(a, 'display') !== undefined) this.doc.styles.get(this.styleName)!.hiddenTable = attr(a, 'display') === 'false';
        if (this.styleName && attr(a, 'writing-mode') !== undefined) this.doc.styles.get(this.styleName)!.rtlTable = /^rl/i.test(attr(a, 'writing-mode') ?? '');
        return;
      // List styles: each item's label is drawn before its first paragraph (see listLabel), though
      // no text of the document holds it; a bullet 机 before an item 密★5年 shows 机密★5年.
      case 'list-style':
      case 'outline-style': {
        const lname = attr(a, 'name');
        if (name === 'outline-style') this.listLevels = this.doc.outline;
        else if (lname) {
          this.listLevels = new Map();
          this.doc.listStyles.set(lname, this.listLevels);
        }
        f.onClose = () => (this.listLevels = undefined);
        return;
      }
      case 'list-level-style-number':
      case 'list-level-style-bullet':
      case 'list-level-style-image':
      case 'outline-level-style': {
        const level = Number(attr(a, 'level'));
        const lvl: ListLevel = {
          ...(name === 'list-level-style-bullet' ? { bullet: attr(a, 'bullet-char') ?? '' } : {}),
          prefix: attr(a, 'num-prefix') ?? '',
          suffix: attr(a, 'num-suffix') ?? '',
          // An image bullet draws no text.
          format: name === 'list-level-style-image' ? '' : (attr(a, 'num-format') ?? ''),
          start: Math.max(0, Math.min(Number(attr(a, 'start-value') ?? 1) || 1, 1e9)),
          display: Math.max(1, Math.min(Number(attr(a, 'display-levels') ?? 1) || 1, MAX_LIST_LEVEL)),
          ...(attr(a, 'num-list-format') !== undefined ? { listFormat: attr(a, 'num-list-format') } : {}),
        };
        if (name === 'list-level-style-image') lvl.bullet = '';
        if (level >= 1 && level <= MAX_LIST_LEVEL && this.listLevels) this.listLevels.set(level, lvl);
        this.listLevel = lvl;
        f.onClose = () => (this.listLevel = undefined);
        // Every definition's literal text, used or not, is read as hidden text: it is in the file.
        const literal = [lvl.prefix + (lvl.bullet ?? '') + lvl.suffix, (lvl.listFormat ?? '').replace(/%\d+%/g, '')].filter((t) => /[\p{L}\p{N}]/u.test(t));
        if (literal.length) {
          const s = this.extra('list-labels', 'hidden', 'list label definitions');
          s.main.append(literal.join(' '));
          s.main.endParagraph({ kind: 'paragraph' });
        }
        return;
      }
      case 'list-level-label-alignment':
        if (this.listLevel && attr(a, 'label-followed-by') !== undefined) this.listLevel.follow = attr(a, 'label-followed-by');
        return;
      case 'list': {
        const outer = this.lists[this.lists.length - 1];
        const style = attr(a, 'style-name') ?? outer?.style;
        // A nested list is part of its outer list; a list that continues numbering (or another by
        // id) goes on from the last list of its style; any other starts again.
        const goOn = attr(a, 'continue-numbering') === 'true' || attr(a, 'continue-list') !== undefined;
        const counts = outer ? outer.counts : goOn && style !== undefined ? (this.lastCounts.get(style) ?? []) : [];
        if (!outer && style !== undefined) this.lastCounts.set(style, counts);
        this.lists.push({ style, counts });
        f.onClose = () => void this.lists.pop();
        return;
      }
      case 'list-item':
      case 'list-header': {
        const start = Number(attr(a, 'start-value'));
        f.item = { labelled: false, header: name === 'list-header', ...(attr(a, 'start-value') !== undefined && Number.isFinite(start) ? { start: Math.max(0, Math.min(start, 1e9)) } : {}), ...(attr(a, 'style-override') ? { style: attr(a, 'style-override') } : {}) };
        return;
      }
      case 'drawing-page-properties':
        if (this.styleName && attr(a, 'visibility') !== undefined) this.doc.styles.get(this.styleName)!.hiddenPage = attr(a, 'visibility') === 'hidden';
        return;
      // Master pages: headers, footers, and the shapes drawn on every slide.
      case 'master-page':
      case 'handout-master': {
        const mname = attr(a, 'display-name') ?? attr(a, 'name') ?? 'master page';
        f.onClose = () => (this.masterName = undefined);
        this.masterName = mname;
        // Shapes of a master page are drawn behind every page that uses it.
        enter(this.doc.story(this.doc.id('master'), 'master', { filePart: this.fp, detail: `master page ${mname}` }));
        return;
      }
      case 'header':
      case 'header-left':
      case 'header-first':
      case 'footer':
      case 'footer-left':
      case 'footer-first': {
        if (this.masterName === undefined) break;
        const footer = name.startsWith('footer');
        const which = name.includes('-') ? name.split('-')[1] : 'default';
        const role = footer ? 'footer' : 'header';
        enter(this.doc.story(this.doc.id(role), role, { filePart: this.fp, detail: `${this.masterName} (${which})` }));
        if (attr(a, 'display') === 'false') hide();
        return;
      }
      case 'header-decl':
      case 'footer-decl': {
        const role = name === 'footer-decl' ? 'footer' : 'header';
        const story = this.doc.story(this.doc.id(role), role, { filePart: this.fp, detail: `presentation ${role} ${attr(a, 'name') ?? ''}`.trim() });
        f.collect = { text: '', done: (t) => (story.main.append(t.trim()), story.main.endParagraph({ kind: 'paragraph' })) };
        this.pushCollect(f);
        return;
      }
      // Document sections.
      case 'text':
        if (this.frames.length >= 2 && this.frames[this.frames.length - 2].name.endsWith('-style')) {
          f.skip = true;
          this.skip++;
          if (this.dataStyle) this.dataLiteral(f, this.dataStyle.pieces.push({ lit: '' }) - 1);
          return;
        }
      // falls through
      case 'spreadsheet':
      case 'drawing':
      case 'chart':
        if (this.frames.length >= 2 && this.frames[this.frames.length - 2].name === 'body') enter(this.bodyStory());
        return;
      case 'presentation':
        if (this.frames.length >= 2 && this.frames[this.frames.length - 2].name === 'body') enter(this.bodyStory());
        return;
      case 'meta':
        if (this.frames.length >= 2 && this.frames[this.frames.length - 2].name !== 'document-meta' && this.frames[this.frames.length - 2].name !== 'document') return;
        this.inMeta = true;
        f.onClose = () => (this.inMeta = false);
        return;
      case 'tracked-changes':
        return;
      case 'changed-region':
        this.changeRegion = attr(a, 'id');
        f.onClose = chain(f.onClose, () => (this.changeRegion = undefined));
        return;
      case 'insertion':
        if (this.changeRegion !== undefined) this.insertions.add(this.changeRegion);
        return;
      // In the text: where a deletion took text out, and where an insertion begins and ends.
      case 'change': {
        const taken = this.deletedText.get(attr(a, 'change-id') ?? '');
        const para = this.paras[this.paras.length - 1];
        if (taken?.length && para && (!this.story || para.story === this.story)) para.runs.push({ text: taken.join('\n'), hidden: this.hidden > 0, change: 'deleted' });
        return;
      }
      case 'change-start': {
        const id = attr(a, 'change-id') ?? '';
        if (this.insertions.has(id)) {
          this.openInsertions.add(id);
          return;
        }
        // A deletion marked as a range rather than a point: its text goes back where the range starts.
        const taken = this.deletedText.get(id);
        const para = this.paras[this.paras.length - 1];
        if (taken?.length && para && (!this.story || para.story === this.story)) para.runs.push({ text: taken.join('\n'), hidden: this.hidden > 0, change: 'deleted' });
        return;
      }
      case 'change-end':
        this.openInsertions.delete(attr(a, 'change-id') ?? '');
        return;
      case 'deletion': {
        let s = this.doc.stories.find((x) => x.id === `${this.doc.prefix}deleted`);
        if (!s) s = this.doc.story(`${this.doc.prefix}deleted`, 'deleted', { filePart: this.fp, detail: 'tracked deletions' });
        enter(s);
        return;
      }
      case 'note': {
        const cls = attr(a, 'note-class') === 'endnote' ? 'endnote' : 'footnote';
        enter(this.doc.story(this.doc.id(cls), cls, { filePart: this.fp }));
        return;
      }
      case 'annotation': {
        const where = this.cellAddress();
        const story = this.doc.story(this.doc.id('comment'), 'comment', { filePart: this.fp, ...(where ? { detail: `comment on ${where}` } : {}), ...(this.pageNumber() ? { page: this.pageNumber() } : {}) });
        enter(story);
        this.annotation = story;
        return;
      }
      case 'creator':
        if (this.annotation && this.frames.some((x) => x.name === 'annotation')) {
          const story = this.annotation;
          f.collect = { text: '', done: (t) => t.trim() && (story.origin.detail = [story.origin.detail ?? 'comment', `by ${t.trim()}`].join(' ')) };
          this.pushCollect(f);
          return;
        }
        if (!this.inMeta && this.inText()) this.resolveField(f, this.doc.fieldValues.meta.get('creator'));
        break;
      case 'date':
        if (this.frames.some((x) => x.name === 'annotation')) {
          f.skip = true;
          this.skip++;
          return;
        }
        break;
      case 'section':
        if (attr(a, 'display') === 'none' || attr(a, 'display') === 'condition' || this.doc.hiddenText(attr(a, 'style-name'))) hide();
        return;
      case 'p':
      case 'h': {
        const story = this.story ?? this.bodyStory();
        const inList = this.frames.some((x) => x.name === 'list-item');
        const para: Para = { story, runs: [], hidden: this.hidden > 0 || this.doc.hiddenText(attr(a, 'style-name')), kind: name === 'h' ? 'heading' : inList ? 'list-item' : 'paragraph', cell: this.enclosingCell(), caps: this.doc.capsOf(attr(a, 'style-name'), 'paragraph'), font: this.doc.fontOf(attr(a, 'style-name'), 'paragraph'), ...(this.isSpreadsheet() || this.isPresentation() || this.isDrawing() ? {} : { colour: this.doc.paragraphColourOf(attr(a, 'style-name')) }) };
        this.paras.push(para);
        f.para = true;
        // The label drawn before it (a list item's first paragraph, a numbered heading), as its first
        // run: offsets in the text are where the page shows them.
        const label = this.labelOf(name, a);
        if (name === 'h') {
          para.level = Math.min(Math.max(1, Number(attr(a, 'outline-level')) || this.doc.outlineLevelOf(attr(a, 'style-name')) || 1), MAX_LIST_LEVEL);
          para.number = label.shown.trim();
        }
        if (label.shown) para.runs.push({ text: label.shown, hidden: this.hidden > 0, label: true });
        if (label.other) para.runs.push({ text: label.other, hidden: true, label: true });
        return;
      }
      case 'span': {
        const style = attr(a, 'style-name');
        const caps = this.doc.capsOf(style, 'text');
        if (caps !== undefined) this.caps.push((f.caps = caps));
        const struck = this.doc.struckOf(style);
        if (struck !== undefined) this.struck.push((f.struck = struck));
        const mark = this.doc.markOf(style);
        if (mark !== undefined) this.marks.push((f.mark = mark));
        const font = this.doc.fontOf(style, 'text');
        if (font !== undefined) this.fonts.push((f.font = font));
        const colour = this.doc.colourOf(style, 'colour');
        if (colour !== undefined) this.colours.push((f.colour = colour));
        if (this.doc.hiddenText(style)) hide();
        else {
          // In the colour of what lies behind it: its own background, else the nearest ground
          // around it, else the white page. A piece so written inside a marking (机 + red 开 on a
          // red paragraph + 密★5年) hid it.
          const own = this.doc.colourOf(style, 'ground');
          const ground = own !== undefined && own !== 'transparent' ? own : (this.grounds[this.grounds.length - 1] ?? 'FFFFFF');
          if (ground !== 'painted' && sameColour(this.doc.colourOf(style, 'colour'), ground)) hide();
        }
        return;
      }
      case 's': {
        const c = Math.min(Number(attr(a, 'c') ?? 1) || 1, 1000);
        this.emit(' '.repeat(c));
        return;
      }
      case 'tab':
        if (this.paras.length) this.emit('\t');
        return;
      case 'line-break':
        this.emit('\n');
        return;
      case 'hidden-text': {
        // Its text is shown where it stands while its condition is false: text:is-hidden="false"
        // (the condition as last worked out) shows it in the line (机 + 密★5年 so written shows
        // 机密★5年); otherwise the line is read with it shown as well, as the condition may turn.
        const v = attr(a, 'string-value');
        const shown = attr(a, 'is-hidden') === 'false';
        if (v) this.emitAlt(v, !shown, shown ? '' : v);
        f.skip = true;
        this.skip++;
        return;
      }
      case 'hidden-paragraph':
        if (attr(a, 'is-hidden') !== 'false' && this.paras.length) this.paras[this.paras.length - 1].hidden = true;
        return;
      // A drop-down field shows its chosen label, its content being only a cache.
      case 'drop-down':
        if (!this.inMeta && this.inText()) this.resolveField(f, () => f.selected);
        break;
      case 'label': {
        const parent = this.frames[this.frames.length - 2];
        if (parent?.name === 'drop-down' && attr(a, 'current-selected') === 'true' && attr(a, 'value') !== undefined) parent.selected = attr(a, 'value');
        break;
      }
      case 'conditional-text': {
        const ifTrue = attr(a, 'string-value-if-true') ?? '';
        const ifFalse = attr(a, 'string-value-if-false') ?? '';
        for (const t of [ifTrue, ifFalse]) if (t) this.field(t);
        // Its content is the value last shown; the other value stands in its place when the
        // condition turns (机 + a stale 要 whose other value is 密★5年): read in the line as well.
        const para = this.paras[this.paras.length - 1];
        if (!para || this.skip > 0 || this.collect || (this.story && para.story !== this.story)) return;
        const at = para.runs.length;
        f.onClose = chain(f.onClose, () => {
          const own = para.runs.slice(at).filter((r) => r.change !== 'deleted');
          const text = own.map((r) => r.text).join('');
          if (!own.length) {
            const current = attr(a, 'current-value') === 'false' ? ifFalse : ifTrue;
            const other = current === ifTrue ? ifFalse : ifTrue;
            if (current || other) para.runs.push({ text: current, hidden: this.hidden > 0, alt: other });
            return;
          }
          const other = text === ifTrue ? ifFalse : text === ifFalse ? ifTrue : ifTrue || ifFalse;
          own.forEach((r, i) => (r.alt = i === 0 ? other : ''));
        });
        return;
      }
      case 'a':
        if (attr(a, 'href')) {
          const href = attr(a, 'href')!;
          this.field(href);
          // Percent-encoded (…/%E6%9C%BA%E5%AF%86…), the address is read as it is shown, too.
          if (uriText(href) !== href) this.field(uriText(href));
        }
        // A link's title is its screen tip, shown on hover.
        if (attr(a, 'title')?.trim()) this.altText(attr(a, 'title')!.trim());
        return;
      case 'user-field-decl':
      case 'variable-set':
      case 'variable-input':
      case 'user-defined':
        if (this.inMeta) break;
        if (attr(a, 'string-value')) this.field(`${attr(a, 'name') ?? ''}：${attr(a, 'string-value')}`);
        if (name === 'user-defined') this.resolveField(f, this.doc.fieldValues.userDefined.get(attr(a, 'name') ?? ''));
        else if (name !== 'user-field-decl') this.setVariable(f, a);
        return;
      // Fields whose value comes from elsewhere: LibreOffice shows the value where the field stands
      // (机<text:subject/> with the subject 密★5年 shows 机密★5年), its content being only a cache.
      case 'subject':
      case 'description':
      case 'keywords':
      case 'initial-creator':
      case 'author-name':
        if (this.inMeta || !this.inText()) break;
        this.resolveField(f, this.doc.fieldValues.meta.get(META_FIELDS[name]));
        return;
      case 'user-field-get':
        this.resolveField(f, this.doc.fieldValues.userFields.get(attr(a, 'name') ?? ''), attr(a, 'display') !== 'none');
        return;
      case 'variable-get':
        this.resolveField(f, this.vars.get(attr(a, 'name') ?? ''), attr(a, 'display') !== 'none');
        return;
      case 'bookmark-ref':
      case 'reference-ref': {
        // Other formats show a page, chapter or number, not the text: that is read as hidden text.
        const format = attr(a, 'reference-format') ?? 'text';
        this.resolveField(f, this.doc.fieldValues.marks.get(attr(a, 'ref-name') ?? ''), !/^(page|chapter|direction|number|number-no-superior|number-all-superior)$/.test(format));
        return;
      }
      case 'chapter': {
        const level = Math.min(Math.max(1, Number(attr(a, 'outline-level')) || 1), MAX_LIST_LEVEL);
        let c: (typeof this.chapters)[number];
        for (let k = Math.min(level, this.chapters.length) - 1; k >= 0 && !c; k--) c = this.chapters[k];
        if (!c) return;
        const display = attr(a, 'display') ?? 'number-and-name';
        this.resolveField(f, display === 'name' ? c.name : /number$/.test(display) ? c.number : c.number + c.name);
        return;
      }
      // Tables.
      case 'table': {
        const tname = attr(a, 'name') ?? '';
        const sheet = this.isSpreadsheet() && this.tables.length === 0 && !this.frames.some((x) => x.name === 'frame' || x.name === 'shapes');
        let story = this.story ?? this.bodyStory();
        const outerTable = this.tables[this.tables.length - 1];
        const outerCell = outerTable?.row ? outerTable.row.cells[outerTable.row.cells.length - 1] : undefined;
        if (sheet) {
          this.sheet++;
          const hidden = this.doc.hiddenTable(attr(a, 'style-name'));
          story = this.doc.story(this.doc.id('sheet'), hidden ? 'hidden' : 'body', { filePart: this.fp, page: this.sheet, detail: hidden ? `${tname} (hidden sheet)` : tname }, this.doc.prefix === '' && this.sheet === 1);
          this.sheetName(tname, hidden);
          enter(story);
        }
        this.tables.push({ story, name: tname, rows: 0, hiddenColumns: [], columnsSeen: 0, row: undefined, column: 0, outerCell: sheet ? undefined : outerCell, rtl: this.doc.rtlTable(attr(a, 'style-name')), columnStyles: [] });
        f.table = true;
        return;
      }
      case 'table-column': {
        const t = this.tables[this.tables.length - 1];
        if (!t) return;
        const n = Math.max(1, Math.min(Number(attr(a, 'number-columns-repeated') ?? 1) || 1, 1 << 20));
        const first = t.columnsSeen + 1;
        t.columnsSeen += n;
        if (attr(a, 'visibility') === 'collapse' || attr(a, 'visibility') === 'filter') t.hiddenColumns.push([first, t.columnsSeen]);
        if (attr(a, 'default-cell-style-name')) t.columnStyles.push([first, t.columnsSeen, attr(a, 'default-cell-style-name')!]);
        return;
      }
      case 'table-row': {
        const t = this.tables[this.tables.length - 1];
        if (!t) return;
        const repeat = Math.max(1, Math.min(Number(attr(a, 'number-rows-repeated') ?? 1) || 1, 1 << 20));
        t.row = { number: t.rows + 1, cells: [], hidden: attr(a, 'visibility') === 'collapse' || attr(a, 'visibility') === 'filter', repeat, ...(attr(a, 'default-cell-style-name') ? { style: attr(a, 'default-cell-style-name') } : {}) };
        t.column = 0;
        return;
      }
      case 'table-cell':
      case 'covered-table-cell': {
        const t = this.tables[this.tables.length - 1];
        if (!t?.row) return;
        const column = t.column + 1;
        const repeat = Math.max(1, Math.min(Number(attr(a, 'number-columns-repeated') ?? 1) || 1, 1 << 20));
        t.column += repeat;
        const hiddenCol = t.hiddenColumns.some(([x, y]) => column >= x && column <= y);
        // A cell whose style writes its text in the colour of its ground (white on no fill, red on
        // red), or 2 pt: nobody sees it, and the row reads as it shows (机 | white 开 | 密★5年 reads 机 | 密★5年).
        const cellStyle = attr(a, 'style-name') ?? t.row.style ?? columnStyle(t.columnStyles, column);
        const cellGround = this.doc.colourOf(cellStyle, 'ground');
        // So is one whose style draws it so nobody sees it otherwise (2 pt, squeezed: see drawnUnseen).
        const unseenCell = this.isSpreadsheet() && (sameColour(this.doc.colourOf(cellStyle, 'colour'), cellGround === undefined || cellGround === 'transparent' ? 'FFFFFF' : cellGround) || this.doc.hiddenText(cellStyle));
        t.row.cells.push({ column, texts: [], hiddenTexts: [], hidden: hiddenCol || t.row.hidden || unseenCell });
        // A data style shows the cell's value with its literals around it: the cell reads as it is
        // shown (机 + 密★5年 reads 机密★5年), its own text kept beside it when that is not in it.
        const dataStyle = this.doc.dataStyleOf(attr(a, 'style-name') ?? t.row.style ?? columnStyle(t.columnStyles, column));
        if (dataStyle !== undefined && this.doc.dataStyles.has(dataStyle)) {
          const cell = t.row.cells[t.row.cells.length - 1];
          f.onClose = chain(f.onClose, () => {
            const own = (cell.hidden ? cell.hiddenTexts : cell.texts).join('\n');
            const shows = this.doc.cellShows(dataStyle, a, own);
            if (!shows) return;
            const into = cell.hidden ? cell.hiddenTexts : cell.texts;
            into.length = 0;
            into.push(shows.shown);
            if (own && !shows.shown.includes(own)) cell.hiddenTexts.push(own);
            for (const o of shows.others) cell.hiddenTexts.push(o);
          });
        }
        // A formula is in the file beside the result it shows (a string built by it is the result's text, read with the cell).
        const formula = attr(a, 'formula');
        if (formula && this.isSpreadsheet() && formula.includes('[') && this.referring.length < MAX_REFERRING) this.referring.push({ sheet: t.name, row: t.row.number, column, formula, page: this.sheet });
        if (formula) {
          this.field(`${this.cellAddress()}: ${formula}`);
          // A formula without a stored result is computed when the document opens: what its
          // literals spell where it joins or returns them (of:="机密"&"★5年", of:=IF(1;"机密★5年";""))
          // is what the cell shows; literals it only compares against are not (see formulaResults).
          const { results, unknownChars, opaque } = analyseFormula(formula);
          const stored = ['value', 'string-value', 'boolean-value', 'date-value', 'time-value'].some((k) => attr(a, k) !== undefined);
          if (unknownChars && !stored) {
            // Characters from codes not known here (UNICHAR([.A1])) and no stored result: not read.
            const cellRef = this.cellAddress() ?? 'a cell';
            (this.reader.result.loss ??= []).push({ where: `${this.fp} (${cellRef})`, kind: 'unreadable-object', count: 1, detail: `The formula of ${cellRef} builds its text from character codes not known here (UNICHAR or CHAR of other cells) and stores no result; what it shows could not be read`, origin: { filePart: this.fp, ...(this.sheet ? { page: this.sheet } : {}) } });
          } else if (opaque) {
            // Words given to a function not read here (REGEX("机X密★5年";"X";"")): what the cell shows
            // when computed is not known, stored result or not (it is only what it gave last time).
            const cellRef = this.cellAddress() ?? 'a cell';
            (this.reader.result.loss ??= []).push({ where: `${this.fp} (${cellRef})`, kind: 'unreadable-object', count: 1, detail: `The formula of ${cellRef} gives text to a function not read here; what it shows when computed could not be read`, origin: { filePart: this.fp, ...(this.sheet ? { page: this.sheet } : {}) } });
          }
          if (results.length) {
            const cell = t.row.cells[t.row.cells.length - 1];
            f.onClose = chain(f.onClose, () => {
              const shown = [...cell.texts, ...cell.hiddenTexts].join('\n');
              // One result and nothing stored: the cell shows it. Otherwise (a stored result, which
              // is only what the formula gave when last computed, or several branches), what the
              // formula may give stands beside the cell, at it.
              if (!shown && !stored && results.length === 1) (cell.hidden ? cell.hiddenTexts : cell.texts).push(results[0]);
              else for (const r of results) if (r !== shown) cell.hiddenTexts.push(r);
            });
          }
        }
        return;
      }
      // Slides.
      case 'page': {
        if (!this.isPresentation() && !this.isDrawing()) return;
        this.slide++;
        this.inPage = true;
        const pname = attr(a, 'name') ?? '';
        const hidden = attr(a, 'visibility') === 'hidden' || this.doc.hiddenPage(attr(a, 'style-name'));
        const detail = `slide ${this.slide}${pname ? ` ${pname}` : ''}${hidden ? ' (hidden slide)' : ''}`;
        enter(this.doc.story(this.doc.id('slide'), hidden ? 'hidden' : 'body', { filePart: this.fp, page: this.slide, detail }, this.doc.prefix === '' && this.slide === 1));
        f.onClose = chain(f.onClose, () => (this.inPage = false));
        return;
      }
      case 'notes': {
        if (this.masterName !== undefined) return;
        enter(this.doc.story(this.doc.id('notes'), 'notes', { filePart: this.fp, ...(this.slide ? { page: this.slide } : {}), detail: this.slide ? `notes of slide ${this.slide}` : 'notes' }));
        return;
      }
      // Shapes and frames.
      case 'text-box': {
        // Where the frame stands, and the text the box adds to its story (a slide's own, or a story of its own).
        const place = this.frames[this.frames.length - 2]?.place;
        const note = (b: PartBuilder, page: number) => {
          const start = b.offset;
          if (place) f.onClose = chain(f.onClose, () => this.placed.push({ text: b.text.slice(start), place, page }));
        };
        if (this.inPage || this.masterName !== undefined) {
          if (this.inPage && this.story) note(this.story.main, this.slide);
          return;
        }
        const story = this.doc.story(this.doc.id('text-box'), 'text-box', { filePart: this.fp, ...(this.sheet ? { page: this.sheet } : {}), detail: 'text box' });
        // A box in a frame anchored as a character stands in its paragraph's line, where it is
        // drawn (机 + a box of 密★5年 shows 机密★5年): its text is read there too.
        const line = this.frames[this.frames.length - 2]?.asChar ? this.paras[this.paras.length - 1] : undefined;
        // A short box anchored to a sheet's cell (the frame written in the cell) stands in the cell's
        // row where the cell is: 机 in A1 and a box of 密★5年 anchored at B1 show 机密★5年.
        const table = this.frames[this.frames.length - 3]?.name === 'table-cell' ? this.tables[this.tables.length - 1] : undefined;
        const cell = table?.row?.cells[table.row.cells.length - 1];
        if (cell && this.skip === 0 && !this.collect) {
          const start = story.main.text.length;
          f.onClose = chain(f.onClose, () => {
            const t = story.main.text.slice(start).trim();
            if (t && !t.includes('\n') && [...t].length <= SHAPE_PIECE) (cell.hidden ? cell.hiddenTexts : cell.texts).push(t);
          });
        }
        const from = story.main.text.length;
        const hiddenLine = this.hidden > 0;
        enter(story);
        note(story.main, this.sheet);
        if (line && this.skip === 0 && !this.collect)
          f.onClose = chain(f.onClose, () => {
            const t = story.main.text.slice(from).replace(/\s+/g, ' ').trim().slice(0, FIELD_VALUE_MAX);
            if (t) line.runs.push({ text: t, hidden: hiddenLine, resolved: true });
          });
        return;
      }
      case 'custom-shape':
      case 'rect':
      case 'ellipse':
      case 'polygon':
      case 'polyline':
      case 'regular-polygon':
      case 'path':
      case 'line':
      case 'connector':
        // Drawn over the paragraph it is anchored in, a shape may circle, box or strike out an option.
        this.ringParagraph();
      // falls through
      case 'caption':
      case 'measure':
        if (this.inPage || this.masterName !== undefined) return;
        enter(this.doc.story(this.doc.id('shape'), 'text-box', { filePart: this.fp, ...(this.sheet ? { page: this.sheet } : {}), detail: 'shape' }));
        return;
      case 'title':
      case 'desc':
        // svg:title and svg:desc (a shape's alt text) stand in a shape or frame; a title in the
        // text of a paragraph is text:title, the document title field, shown where it stands
        // (机<text:title>密★5年</text:title> shows 机密★5年). The reader only has local names.
        if (this.frames.length >= 2 && IN_TEXT.has(this.frames[this.frames.length - 2].name)) {
          if (name === 'title') this.resolveField(f, this.doc.fieldValues.meta.get('title'));
          break;
        }
        if (this.frames.length >= 2 && !['document-meta', 'meta'].includes(this.frames[this.frames.length - 2].name)) {
          f.collect = { text: '', done: (t) => this.altText(t) };
          this.pushCollect(f);
          return;
        }
        break;
      case 'image': {
        if (this.frames.length >= 2 && this.frames[this.frames.length - 2].name === 'body') {
          enter(this.bodyStory());
          return;
        }
        const href = attr(a, 'href');
        if (href) this.reader.picture(this.doc, href, this.origin());
        else {
          f.collect = { text: '', done: (t) => this.reader.inlinePicture(t, this.origin()) };
          this.pushCollect(f);
        }
        return;
      }
      case 'object':
      case 'object-ole': {
        const href = attr(a, 'href');
        if (href) this.reader.object(this.doc, href, this.origin(), name === 'object-ole');
        return;
      }
      case 'binary-data':
        if (this.frames.length >= 2 && ['object-ole', 'image'].includes(this.frames[this.frames.length - 2].name)) return;
        break;
      case 'circle':
        this.ringParagraph();
        break;
    }
    if (this.frames.length >= 2 && this.frames[this.frames.length - 2].name === 'form' || /^(textarea|textfield|combobox|listbox|button|checkbox|radio|fixed-text|formatted-text|option|item|password)$/.test(name)) {
      for (const k of ['value', 'current-value', 'label', 'title', 'string-value']) {
        const v = attr(a, k);
        if (v && v.trim() && this.frames.some((x) => x.name === 'forms')) this.formField(v);
      }
    }
    if (this.inMeta) this.metaOpen(name, a, f);
  }

  /** The label a paragraph or heading opening here is drawn with (see listLabel). */
  private labelOf(name: string, a: Attrs): { shown: string; other?: string } {
    // The nearest list item, unless a story of its own (a note, a comment, a text box, a cell) comes between.
    let i = this.frames.length - 2;
    for (; i >= 0; i--) {
      const x = this.frames[i];
      if (x.item || /^(note|annotation|text-box|table-cell|covered-table-cell|list)$/.test(x.name)) break;
    }
    const item = i >= 0 ? this.frames[i].item : undefined;
    if (item) {
      if (item.labelled || item.header) return { shown: '' };
      item.labelled = true;
      let level = 0;
      for (let k = 0; k < i; k++) if (this.frames[k].name === 'list') level++;
      const list = this.lists[this.lists.length - 1];
      if (!list || level < 1) return { shown: '' };
      level = Math.min(level, MAX_LIST_LEVEL);
      // The list's own style, else the paragraph style's (LibreOffice draws the list's when both say).
      const style = item.style ?? list.style ?? this.doc.listStyleOf(attr(a, 'style-name'));
      const levels = style !== undefined ? this.doc.listStyles.get(style) : undefined;
      return levels ? this.count(levels, level, list.counts, item.start) : { shown: '' };
    }
    // A heading outside a list: numbered by the outline style at its level.
    if (name !== 'h' || attr(a, 'is-list-header') === 'true') return { shown: '' };
    const level = Math.min(Number(attr(a, 'outline-level')) || this.doc.outlineLevelOf(attr(a, 'style-name')) || 0, MAX_LIST_LEVEL);
    if (level < 1) return { shown: '' };
    const start = attr(a, 'restart-numbering') === 'true' ? Number(attr(a, 'start-value') ?? this.doc.outline.get(level)?.start ?? 1) : undefined;
    return this.count(this.doc.outline, level, this.outlineCounts, start !== undefined && Number.isFinite(start) ? start : undefined);
  }

  /** Whether the element opening here stands in a paragraph's text (a field, not metadata or a shape's title). */
  private inText(): boolean {
    return this.frames.length >= 2 && IN_TEXT.has(this.frames[this.frames.length - 2].name);
  }

  /**
   * A field whose value comes from elsewhere: read where it stands when it holds nothing; when it
   * holds text (the value cached when the file was saved) that stands, and the value, where it
   * differs, is read as hidden text. `shown` false: the field draws something else (a page number).
   */
  private resolveField(f: Frame, value: string | undefined | (() => string | undefined), shown = true): void {
    const para = this.paras[this.paras.length - 1];
    if (value === undefined || !para || this.skip > 0 || this.collect || (this.story && para.story !== this.story)) return;
    const at = para.runs.length;
    const hidden = this.hidden > 0 || !shown;
    // A value known only once the field's content is read (a drop-down's chosen label) is taken then.
    f.onClose = chain(f.onClose, () => {
      const raw = typeof value === 'function' ? value() : value;
      if (raw === undefined) return;
      const v = raw.replace(/[ \t\r\n]+/g, ' ').slice(0, FIELD_VALUE_MAX);
      if (!v.trim()) return;
      const own = para.runs.slice(at).filter((r) => !r.resolved && r.change !== 'deleted').map((r) => r.text).join('').trim();
      if (!own) para.runs.push({ text: v, hidden, resolved: true });
      else if (own !== v.trim()) para.runs.push({ text: v, hidden: true, resolved: true });
    });
  }

  /** text:variable-set: the value variable-get fields after it show (its value attribute, else its text). */
  private setVariable(f: Frame, a: Attrs): void {
    const name = attr(a, 'name');
    if (name === undefined) return;
    const v = valueOf(a);
    if (v !== undefined) {
      this.vars.set(name, v.slice(0, FIELD_VALUE_MAX));
      return;
    }
    const para = this.paras[this.paras.length - 1];
    if (!para) return;
    const at = para.runs.length;
    // Its text may hold a variable-get of itself: that was resolved to the value before, and the
    // value kept is cut to FIELD_VALUE_MAX, so a chain of such sets grows nothing without bound.
    f.onClose = chain(f.onClose, () => this.vars.set(name, para.runs.slice(at).filter((r) => r.change !== 'deleted').map((r) => r.text).join('').slice(0, FIELD_VALUE_MAX)));
  }

  /** Counts an item at `level` of a list (deeper levels start again after it) and gives its label. */
  private count(levels: Map<number, ListLevel>, level: number, counts: number[], start: number | undefined): { shown: string; other?: string } {
    const k = level - 1;
    counts[k] = start ?? (counts[k] === undefined ? (levels.get(level)?.start ?? 1) : counts[k] + 1);
    counts.length = level;
    return listLabel(levels, level, counts);
  }

  /** Catches the text of a data style's literal (its pieces are kept as they are read). */
  private dataLiteral(f: Frame, index: number): void {
    const ds = this.dataStyle!;
    this.dataText = (t) => {
      const p = ds.pieces[index];
      if ('lit' in p) p.lit += t;
    };
    f.onClose = chain(f.onClose, () => (this.dataText = undefined));
  }

  private dataStyle: DataStyle | undefined;
  private dataText: ((t: string) => void) | undefined;
  private masterName: string | undefined;
  private inMeta = false;
  private annotation: Story | undefined;

  private metaOpen(name: string, a: Attrs, f: Frame): void {
    const props: Record<string, string> = { title: 'title', subject: 'subject', description: 'description', keyword: 'keywords', 'initial-creator': 'initial creator', creator: 'creator', 'user-defined': 'user-defined', template: 'template', 'auto-reload': '', 'hyperlink-behaviour': '', 'print-date': '', 'printed-by': 'printed by', language: '', generator: 'generator' };
    const label = props[name];
    if (name === 'template' && attr(a, 'title')) this.doc.property('properties', 'template', 'meta.xml', attr(a, 'title')!);
    if (!label || name === 'template') return;
    const uname = name === 'user-defined' ? attr(a, 'name') ?? 'user-defined' : undefined;
    f.collect = {
      text: '',
      done: (t) => this.doc.property(name === 'generator' ? 'metadata' : 'properties', uname ?? label, this.filePart, uname ? `${uname}：${t}` : t),
    };
    this.pushCollect(f);
  }

  private pushCollect(f: Frame): void {
    const outer = this.collect;
    this.collect = f.collect;
    f.onClose = chain(f.onClose, () => {
      const c = f.collect!;
      this.collect = outer;
      c.done(c.text);
    });
  }

  /** The table cell a paragraph stands in, unless a story of its own (a note, a comment, a text box) comes between. */
  private enclosingCell(): Cell | undefined {
    for (let i = this.frames.length - 1; i >= 0; i--) {
      const f = this.frames[i];
      if (f.name === 'table-cell' || f.name === 'covered-table-cell') {
        const t = this.tables[this.tables.length - 1];
        return t?.row ? t.row.cells[t.row.cells.length - 1] : undefined;
      }
      if (f.story !== undefined || f.name === 'note' || f.name === 'annotation') return undefined;
    }
    return undefined;
  }

  private isSpreadsheet(): boolean {
    return this.frames.some((x) => x.name === 'spreadsheet');
  }

  private isPresentation(): boolean {
    return this.frames.some((x) => x.name === 'presentation');
  }

  private isDrawing(): boolean {
    return this.frames.some((x) => x.name === 'drawing');
  }

  private pageNumber(): number | undefined {
    return this.inPage ? this.slide : this.sheet || undefined;
  }

  private origin(): PartOrigin {
    const page = this.pageNumber();
    const story = this.story;
    return { ...(page ? { page } : {}), ...(story?.origin.detail ? { detail: story.origin.detail } : {}) };
  }

  private cellAddress(): string | undefined {
    const t = this.tables[this.tables.length - 1];
    if (!t?.row || !t.row.cells.length) return undefined;
    const c = t.row.cells[t.row.cells.length - 1];
    return `${t.name}!${columnName(c.column)}${t.row.number}`;
  }

  private sheetName(name: string, hidden: boolean): void {
    this.sheetNames ??= this.doc.story(`${this.doc.prefix}sheet-names`, 'sheet-name', { filePart: this.fp, detail: 'sheet names' });
    const b = hidden ? this.sheetNames.hidden : this.sheetNames.main;
    b.append(name);
    b.endParagraph({ kind: 'paragraph', page: this.sheet });
  }

  /** A shape drawn in the paragraph open (anchored in it): it may circle, box or strike out one of its options. */
  private ringParagraph(): void {
    const p = this.paras[this.paras.length - 1];
    if (p) p.ringed = true;
  }

  private extra(kind: string, role: PartRole, detail: string): Story {
    const id = `${this.doc.prefix}${kind}`;
    return this.doc.stories.find((x) => x.id === id) ?? this.doc.story(id, role, { filePart: this.fp, detail });
  }

  private field(text: string): void {
    const s = this.extra('fields', 'field', 'link targets and field values');
    s.main.append(text);
    s.main.endParagraph({ kind: 'paragraph' });
  }

  /** What each form control of office:forms shows, by its id (form:id, xml:id): drawn where a draw:control names it. */
  private readonly controlShows = new Map<string, string>();
  /** The Word form field (field:fieldmark) being read: its params come as children. */
  private fieldmark: { box: boolean; on: boolean; entries: string[]; selected: number } | undefined;
  /** The form control being read (its options come as children). */
  private control: { kind: string; label: string; on: boolean; value: string; chosen: string[] } | undefined;

  /**
   * Form controls (office:forms) are drawn where a paragraph's draw:control names them, as they
   * show: a check box ☑ or ☐ and its label, an option button ◉ or ○ and its label, a list box's
   * chosen options, a combo box's or text field's value. Their attributes were read only as
   * form-field lines: a 密级 row of check boxes with 机密 ticked, or a list box with 机密 chosen,
   * read as a blank form and passed.
   */
  private formControl(name: string, a: Attrs, f: Frame): void {
    // A Word form field as LibreOffice keeps it (field:fieldmark of type …FORMCHECKBOX or
    // …FORMDROPDOWN, its state and entries as field:param): drawn where it stands, as Word draws it.
    if (name === 'fieldmark' && /\.FORM(CHECKBOX|DROPDOWN)$/i.test(attr(a, 'type') ?? '')) {
      const mark = { box: /CHECKBOX$/i.test(attr(a, 'type') ?? ''), on: false, entries: [] as string[], selected: 0 };
      this.fieldmark = mark;
      f.onClose = chain(f.onClose, () => {
        this.fieldmark = undefined;
        const shown = mark.box ? (mark.on ? '☑' : '☐') : (mark.entries[mark.selected] ?? mark.entries[0] ?? '');
        if (shown && this.paras.length) this.emit(shown.slice(0, FIELD_VALUE_MAX));
      });
      return;
    }
    if (name === 'param' && this.fieldmark && this.frames[this.frames.length - 2]?.name === 'fieldmark') {
      const key = attr(a, 'name') ?? '';
      const value = attr(a, 'value') ?? '';
      if (key === 'Checkbox_Checked') this.fieldmark.on = /^(true|1)$/i.test(value);
      else if (key === 'Dropdown_ListEntry') this.fieldmark.entries.push(value);
      else if (key === 'Dropdown_Selected') this.fieldmark.selected = Number(value) || 0;
      return;
    }
    if (name === 'control') {
      const shown = this.controlShows.get(attr(a, 'control') ?? '');
      if (shown && this.paras.length) this.emit(shown);
      return;
    }
    if (name === 'option' && this.control?.kind === 'listbox') {
      const label = attr(a, 'label') ?? attr(a, 'value') ?? '';
      const current = attr(a, 'current-selected');
      if (label && (current ?? attr(a, 'selected')) === 'true') this.control.chosen.push(label);
      return;
    }
    if (!FORM_CONTROLS.has(name) || !this.frames.some((x) => x.name === 'forms')) return;
    const id = attr(a, 'id');
    if (!id) return;
    const on = name === 'checkbox' ? (attr(a, 'current-state') ?? attr(a, 'state')) === 'checked' : (attr(a, 'current-selected') ?? attr(a, 'selected')) === 'true';
    const control = { kind: name, label: attr(a, 'label') ?? '', on, value: attr(a, 'current-value') ?? attr(a, 'value') ?? '', chosen: [] as string[] };
    this.control = control;
    f.onClose = chain(f.onClose, () => {
      this.control = undefined;
      const shown =
        name === 'checkbox' ? `${on ? '☑' : '☐'}${control.label}`
        : name === 'radio' ? `${on ? '◉' : '○'}${control.label}`
        : name === 'listbox' ? control.chosen.join(' ')
        : name === 'button' || name === 'fixed-text' ? control.label
        : control.value;
      if (shown.trim()) this.controlShows.set(id, shown.slice(0, FIELD_VALUE_MAX));
    });
  }

  private formField(text: string): void {
    const s = this.extra('form-fields', 'form-field', 'form controls');
    s.main.append(text);
    s.main.endParagraph({ kind: 'paragraph' });
  }

  private altText(text: string): void {
    const t = text.trim();
    if (!t) return;
    const s = this.extra('alt-text', 'alt-text', 'titles and descriptions of shapes and pictures');
    const page = this.pageNumber();
    s.main.append(t);
    s.main.endParagraph({ kind: 'paragraph', ...(page ? { page } : {}) });
  }

  /** Emits `text` as {@link emit} does, standing for `alt` when a condition turns the other way. */
  private emitAlt(text: string, hidden: boolean, alt: string): void {
    const p = this.paras[this.paras.length - 1];
    const n = p?.runs.length ?? 0;
    this.emit(text, hidden);
    if (p && p.runs.length > n) p.runs[p.runs.length - 1].alt = alt;
  }

  private emit(text: string, hidden = false): void {
    if (this.skip > 0 || (this.inMeta && !this.collect)) {
      // Templates, citations, change records, dates and statistics: kept apart, as hidden text.
      const t = text.trim();
      if (!t) return;
      const s = this.extra('unshown', 'hidden', 'text a reader does not see as document text (templates, citations, change records, statistics)');
      s.main.append(t);
      s.main.endParagraph({ kind: 'paragraph' });
      return;
    }
    if (this.collect) {
      this.collect.text += text;
      return;
    }
    const p = this.paras[this.paras.length - 1];
    // Letters drawn as capitals (fo:text-transform, small capitals: secret shows SECRET) read so.
    if ((this.caps[this.caps.length - 1] ?? p?.caps) && /[a-z]/.test(text) && text.toUpperCase().length === text.length) text = text.toUpperCase();
    // The stars a marking uses as a symbol font draws them: its private-use codes (LibreOffice keeps
    // an inserted Wingdings ★ as U+F0AB), or « ª µ typed in a Wingdings run.
    text = text.replace(/[\uf0aa\uf0ab\uf0b5]/g, (c) => (c === '\uf0b5' ? '☆' : '★'));
    if (/wingdings/i.test(this.fonts[this.fonts.length - 1] ?? p?.font ?? '')) text = text.replace(/[\u00aa\u00ab\u00b5]/g, (c) => (c === '\u00b5' ? '☆' : '★'));
    // A paragraph of another story (the body paragraph a comment is anchored in) does not take the
    // text of an element the walker does not know inside the comment: that stands on its own.
    // A paragraph style's colour (or the default style's), where no span names its own, weighed
    // against what lies behind the text (white on the white page is unseen, white on a dark cell seen).
    const colour = this.colours[this.colours.length - 1] ?? p?.colour;
    const ground = this.grounds[this.grounds.length - 1] ?? 'FFFFFF';
    if (p?.colour !== undefined && ground !== 'painted' && sameColour(colour, ground)) hidden = true;
    if (p && (!this.story || p.story === this.story)) {
      const mark = this.marks[this.marks.length - 1];
      const struck = { ...(this.struck[this.struck.length - 1] ? { struck: true } : {}), ...(mark ? { mark } : {}) };
      p.runs.push(this.openInsertions.size ? { text, hidden: hidden || this.hidden > 0, change: 'inserted', ...struck } : { text, hidden: hidden || this.hidden > 0, ...struck });
      return;
    }
    if (!text.trim()) return;
    // Text outside any paragraph (a damaged or unusual part): read, a paragraph of its own.
    const story = this.story ?? this.bodyStory();
    const b = hidden || this.hidden > 0 ? story.hidden : story.main;
    b.append(text.trim());
    b.endParagraph({ kind: 'paragraph' });
  }

  private text(t: string): void {
    // A data style's literal is kept for the cells it shows (it is still read below, as hidden text).
    this.dataText?.(t);
    // Whitespace between elements is layout; whitespace inside a paragraph collapses as ODF says.
    if (!this.paras.length && !this.collect) {
      if (!t.trim()) return;
      this.emit(t);
      return;
    }
    this.emit(this.collect ? t : t.replace(/[ \t\r\n]+/g, ' '));
  }

  private close(name: string): void {
    // Pop to the matching element (recovering from damaged nesting).
    let f: Frame | undefined;
    while (this.frames.length) {
      const top = this.frames.pop()!;
      this.finish(top);
      if (top.name === name) {
        f = top;
        break;
      }
    }
    void f;
  }

  private finish(f: Frame): void {
    if (f.para) this.endPara();
    if (f.table) this.endTable();
    if (f.name === 'table-row') this.endRow();
    if (f.hidden) this.hidden--;
    if (f.caps !== undefined) this.caps.pop();
    if (f.struck !== undefined) this.struck.pop();
    if (f.mark !== undefined) this.marks.pop();
    if (f.font !== undefined) this.fonts.pop();
    if (f.colour !== undefined) this.colours.pop();
    if (f.skip) this.skip--;
    f.onClose?.();
  }

  private endPara(): void {
    const p = this.paras.pop();
    if (!p) return;
    // The check for text the walk passed over compares the part's XML with the reading, a short
    // piece (是, 否) with two characters of its neighbours: a label stands between an item and the
    // paragraph before it in the reading, not in the XML, so the two characters either side of it
    // are also filed as read (no more: a whole copy would hide a passed-over duplicate).
    const plain = p.runs.filter((r) => !r.label && !r.resolved && r.change !== 'deleted').map((r) => r.text).join('').replace(/\s+/g, '');
    if (p.level !== undefined) {
      // The current heading of its level; deeper levels have none until their next heading.
      this.chapters[p.level - 1] = { name: p.runs.filter((r) => !r.label && !r.hidden && r.change !== 'deleted').map((r) => r.text).join('').trim(), number: p.number ?? '' };
      this.chapters.length = p.level;
    }
    if (p.runs.some((r) => r.label)) this.reader.readFrom(this.fp, this.lastChars + plain.slice(0, 2));
    if (plain) this.lastChars = plain.slice(-2);
    const visible = p.hidden ? '' : p.runs.filter((r) => !r.hidden && r.change !== 'deleted').map((r) => r.text).join('');
    const hidden = p.runs.filter((r) => (r.hidden || p.hidden) && r.change !== 'deleted').map((r) => r.text).join('');
    // A paragraph of a deletion's record: the text that deletion took out.
    if (this.changeRegion !== undefined && !this.readAhead.has(this.changeRegion) && p.story.main.role === 'deleted' && visible) {
      const taken = this.deletedText.get(this.changeRegion) ?? [];
      this.deletedText.set(this.changeRegion, [...taken, visible]);
    }
    // A marking a tracked change broke up (机 + inserted 要 + 密★5年, 机 + deleted 密 + ★5年) reads
    // whole in neither the shown text nor the deletions: the paragraph is also read as it was.
    if (!p.hidden && p.runs.some((r) => r.change) && p.runs.some((r) => r.change === 'inserted' || (!r.change && !r.hidden && r.text.trim()))) {
      const before = p.runs.filter((r) => !r.hidden && r.change !== 'inserted').map((r) => r.text).join('');
      if (before.trim()) {
        const s = this.extra('before-changes', 'before-changes', 'paragraphs as they read before their tracked changes');
        s.main.append(before);
        s.main.endParagraph({ kind: p.kind });
      }
    }
    // As it reads when its conditions turn the other way (hidden text shown, conditional text's other value).
    const turned = p.hidden || !p.runs.some((r) => r.alt !== undefined) ? '' : p.runs.filter((r) => r.change !== 'deleted').map((r) => r.alt ?? (r.hidden ? '' : r.text)).join('');
    if (turned.trim() && turned !== visible && !p.cell) {
      const s = this.extra('as-conditions-turn', 'hidden', 'paragraphs as they read when their conditions turn (hidden text shown, the other value of conditional text)');
      s.main.append(turned);
      s.main.endParagraph({ kind: p.kind });
    }
    // A form's options struck out but one (不适用的划去: 密级：~~绝密~~ 机密 ~~秘密~~) name the one left:
    // a paragraph holding struck-through text is also read without it.
    if (!p.hidden && p.runs.some((r) => r.struck && !r.hidden && r.change !== 'deleted' && r.text.trim())) {
      const unstruck = p.runs.filter((r) => !r.hidden && !r.struck && r.change !== 'deleted').map((r) => r.text).join('');
      if (unstruck.trim()) {
        const s = this.extra('unstruck', 'hidden', 'paragraphs with struck-through text, read without it');
        s.main.append(unstruck);
        s.main.endParagraph({ kind: p.kind });
      }
    }
    // A form's option boxed (a border on its span) is the one chosen: 密级：绝密 [机密] 秘密 read whole is
    // a blank form, and is also read as 密级：机密. An option highlighted marks it too, but only in a
    // row that lists the levels, read with its label: elsewhere a highlight is emphasis.
    if (!p.hidden && p.runs.some((r) => r.mark && !r.hidden && r.change !== 'deleted')) {
      const boxed = new CircledLine();
      const shaded = new CircledLine();
      for (const r of p.runs) {
        if (r.hidden || r.change === 'deleted') continue;
        boxed.add(r.text, r.mark === 'boxed');
        shaded.add(r.text, r.mark === 'shaded');
      }
      const highlighted = LEVEL_ROW.test(shaded.text()) ? shaded.reading() : undefined;
      for (const read of new Set([boxed.reading(), highlighted && LABELLED.test(highlighted) ? highlighted : undefined])) {
        if (!read) continue;
        const s = this.extra('circled-choice', 'hidden', 'paragraphs with one boxed or highlighted stretch, read as that stretch chosen');
        s.main.append(read);
        s.main.endParagraph({ kind: p.kind });
      }
    }
    if (p.ringed && !p.hidden && LEVEL_ROW.test(visible) && this.doc.ringedRows.length < 100) this.doc.ringedRows.push(visible.trim().slice(0, 60));
    if (p.cell) {
      if (turned.trim() && turned !== visible) p.cell.hiddenTexts.push(turned.trim());
      if (visible.trim()) (p.cell.hidden ? p.cell.hiddenTexts : p.cell.texts).push(visible.trim());
      if (hidden.trim()) p.cell.hiddenTexts.push(hidden.trim());
      return;
    }
    const page = this.pageNumber();
    const extra = { kind: p.kind, ...(page && this.inPage ? { page } : {}) };
    if (visible) {
      p.story.main.append(visible);
      p.story.main.endParagraph(extra);
    } else if (!p.hidden && (!p.story.main.isEmpty || p.story.main.paragraphCount > 0)) {
      // An empty paragraph keeps the line structure a reader sees.
      p.story.main.beginParagraph();
      p.story.main.endParagraph(extra);
    }
    if (hidden.trim()) {
      p.story.hidden.append(hidden);
      p.story.hidden.endParagraph(extra);
    }
  }

  private endRow(): void {
    const t = this.tables[this.tables.length - 1];
    if (!t?.row) return;
    const row = t.row;
    t.row = undefined;
    t.rows += row.repeat;
    const write = (b: PartBuilder, cells: Array<{ column: number; text: string }>) => {
      if (!cells.length) return;
      if (t.outerCell) {
        // A table inside a cell: its rows are lines of that cell's text.
        t.outerCell.texts.push(cells.map((c) => c.text).join('\t'));
        return;
      }
      b.beginParagraph();
      cells.forEach((c, i) => {
        if (i > 0) b.append('\t');
        const start = b.offset;
        b.append(c.text);
        b.addBlock(start, b.offset, { kind: 'table-cell', row: row.number, column: c.column, ...(this.sheet && !this.inPage ? { page: this.sheet } : {}) });
      });
      b.closeParagraph();
    };
    const shown = row.cells.filter((c) => c.texts.length).map((c) => ({ column: c.column, text: c.texts.join('\n') }));
    // What each cell holds, for the formulas that refer to it.
    if (this.isSpreadsheet() && !t.outerCell) {
      const values = this.sheetValues.get(t.name) ?? new Map<string, string>();
      this.sheetValues.set(t.name, values);
      for (const c of row.cells) {
        const v = (c.texts.length ? c.texts : c.hiddenTexts).join('\n');
        if (v && values.size < MAX_REFERRED_VALUES) values.set(`${columnName(c.column)}${row.number}`, v);
      }
    }
    write(t.story.main, shown);
    if (!t.outerCell) for (const c of shown) (t.grid ??= []).push({ row: row.number, column: c.column, value: c.text });
    // A right-to-left table draws its first cell at the right: the row is read again as it stands.
    if (t.rtl && !t.outerCell && shown.length > 1) write(t.story.main, [...shown].reverse());
    const hiddenCells = row.cells.filter((c) => c.hiddenTexts.length).map((c) => ({ column: c.column, text: c.hiddenTexts.join('\n') }));
    if (hiddenCells.length) {
      if (t.outerCell) t.outerCell.hiddenTexts.push(hiddenCells.map((c) => c.text).join('\t'));
      else write(t.story.hidden, hiddenCells);
    }
  }

  private endTable(): void {
    const t = this.tables.pop();
    // One-character cells down a column (机 密 ★ 5 年 in A1–A5 beside other columns) read as the vertical line they show.
    for (const run of t?.grid ? columnRuns(t.grid) : []) {
      const b = t!.story.main;
      b.beginParagraph();
      for (const c of run) {
        const start = b.offset;
        b.append(c.value.trim());
        b.addBlock(start, b.offset, { kind: 'table-cell', row: c.row, column: c.column, ...(this.sheet && !this.inPage ? { page: this.sheet } : {}) });
      }
      b.closeParagraph();
    }
  }
}

/** Most cell values kept, and formulas worked out, for formulas that refer to cells. */
const MAX_REFERRED_VALUES = 200_000;
const MAX_REFERRING = 20_000;

/** The default cell style of a column (ranges in order: a binary search). */
function columnStyle(ranges: Array<[number, number, string]>, column: number): string | undefined {
  let lo = 0;
  let hi = ranges.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const [first, last, style] = ranges[mid];
    if (column < first) hi = mid - 1;
    else if (column > last) lo = mid + 1;
    else return style;
  }
  return undefined;
}

function chain(a: (() => void) | undefined, b: () => void): () => void {
  return a ? () => (a(), b()) : b;
}

/** Column number → letters (`2` → `B`). */
export function columnName(column: number): string {
  let s = '';
  for (let n = column; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

/** Reads a whole package or flat file. */
class OdfReader {
  readonly result: Extraction & { images: ImageRef[]; embedded: EmbeddedFile[] };
  private pkg: OpcPackage | undefined;
  private readonly docs: OdfDocument[] = [];
  /** Entries handled by path (pictures, objects), so each is read once. */
  private readonly seen = new Set<string>();
  private readonly objectsRead = new Set<string>();
  private readonly queue: Array<{ path: string; origin: PartOrigin; ole: boolean }> = [];
  private pictureCount = 0;
  /** Texts read of a part though not as its reading holds them (list items without their labels), by part. */
  private readonly alsoRead: Array<[string, string]> = [];

  readFrom(path: string, text: string): void {
    if (text.trim()) this.alsoRead.push([path, text]);
  }

  constructor(
    private readonly bytes: Uint8Array,
    private readonly ctx: ExtractContext,
  ) {
    this.result = { format: 'odf', mediaType: `${ODF_PREFIX}text`, parts: [], unread: [], images: [], embedded: [], loss: [] };
  }

  async run(): Promise<Extraction> {
    const kind = flatKind(this.bytes);
    if (kind !== undefined) {
      this.result.mediaType = `${ODF_PREFIX}${kind}`;
      this.result.format = formatOf(this.result.mediaType);
      const doc = new OdfDocument(this, '', undefined);
      this.docs.push(doc);
      const xml = decodeFlat(this.bytes);
      // Not well-formed (a tag that lost a letter, one never closed): unread, and its text and
      // attributes read apart, as the package reader does for each of a package's parts.
      const damage = xmlDamage(xml);
      if (damage) {
        this.result.unread.push({ where: 'document', reason: 'corrupt', detail: `The flat document is not well-formed XML (${damage}): what the damage hides from the reader cannot be told, so it is not counted as read.` });
        this.guard('file', () => {
          const b = xmlTextAndAttributes(xml, 'document#damaged', 'hidden', 'text and attributes of a damaged XML document', 'document', true);
          if (!b.blank) this.result.parts.push(b.toPart());
        });
      }
      this.guard('file', () => doc.fieldValues.scan(xml));
      this.guard('file', () => doc.walk(xml, 'document'));
      this.flush();
      if (!damage) {
        // What the walk passed over (an element it does not know, such as a renamed paragraph) is read apart.
        const texts = new ReadTexts(this.result.parts);
        for (const [path, t] of this.alsoRead) texts.add(path, t);
        const read = texts.of('document');
        this.guard('file', () => {
          const part = unreadElementsPart('document#unread-elements', 'document', xml, read);
          if (part) this.result.parts.push(part);
        });
      }
      return this.finish();
    }
    const pkg = OpcPackage.open(this.bytes, this.ctx, this.result, 'an OLE compound file, not an OpenDocument package');
    if (!pkg) return this.finish();
    this.pkg = pkg;
    const mime = pkg.has('mimetype') ? new TextDecoder().decode(pkg.read('mimetype') ?? new Uint8Array()).trim() : '';
    const manifest = pkg.has('META-INF/manifest.xml') ? pkg.xml('META-INF/manifest.xml') : undefined;
    const encrypted = manifest ? encryptedEntries(manifest) : [];
    this.result.mediaType = mime.startsWith(ODF_PREFIX) ? mime : this.result.mediaType;
    this.result.format = formatOf(this.result.mediaType);
    if (encrypted.length) {
      this.result.unread.push({
        where: 'file',
        reason: 'encrypted',
        detail: `The document is password-protected (${encrypted.length} encrypted entr${encrypted.length > 1 ? 'ies' : 'y'}, ${encrypted.slice(0, 3).join(', ')}); its content cannot be read without the password.`,
      });
      return this.finish();
    }
    if (!pkg.has('content.xml')) this.result.unread.push({ where: 'content.xml', reason: 'corrupt', detail: 'The package has no content.xml: it is damaged or not an OpenDocument file, and its text could not be read.' });
    await this.readDocument('', undefined);
    for (let i = 0; i < this.queue.length; i++) {
      await pkg.checkpoint();
      const q = this.queue[i];
      await this.readObject(q.path, q.origin, q.ole);
    }
    // Layout, settings, thumbnails (a picture of the first page, read here as text) and the replacement pictures of objects read above.
    for (const name of pkg.names) {
      if (STRUCTURE.test(name) || (/^ObjectReplacements\//i.test(name) && this.objectsRead.has(name.slice('ObjectReplacements/'.length).toLowerCase()))) pkg.read(name);
      if (/\/$/.test(name)) pkg.read(name);
    }
    // The documents' parts first: the package reader reads what they do not hold of the parts they walked.
    this.flush();
    for (const [path, t] of this.alsoRead) pkg.readFrom(path, [t]);
    pkg.finish({ structure: [], xmlRole: () => ({ role: 'hidden', detail: 'package part' }) });
    return this.finish();
  }

  private guard(where: string, fn: () => void): void {
    try {
      fn();
    } catch (e) {
      if (e instanceof EntryError) this.result.unread.push({ where, reason: e.reason, detail: `${where}: ${e.message}.` });
      else throw e;
    }
  }

  private async readDocument(prefix: string, label: string | undefined): Promise<void> {
    const pkg = this.pkg!;
    const doc = new OdfDocument(this, prefix, label);
    this.docs.push(doc);
    const xmls: Array<[string, string]> = [];
    for (const part of ['styles.xml', 'content.xml', 'meta.xml']) {
      const path = prefix + part;
      if (!pkg.has(path)) continue;
      await pkg.checkpoint();
      const xml = pkg.xml(path);
      if (xml === undefined) continue;
      xmls.push([part, xml]);
      // Values fields show (meta.xml's, declarations, bookmarks) are read before any part is walked.
      this.guard(path, () => doc.fieldValues.scan(xml));
    }
    for (const [part, xml] of xmls) this.guard(prefix + part, () => doc.walk(xml, part));
  }

  /** A picture a document shows: to OCR, or reported. */
  picture(doc: OdfDocument, href: string, origin: PartOrigin): void {
    if (/^[a-z][a-z0-9+.-]*:/i.test(href) && !/^\.\//.test(href)) {
      // A picture linked from outside the file: not in the document.
      return;
    }
    const path = resolve(doc.prefix, href);
    // The replacement picture of an object: the object itself is read (or the picture reported with the leftovers).
    if (/(^|\/)ObjectReplacements\//i.test(path)) return;
    if (!this.pkg || this.seen.has(path.toLowerCase())) return;
    if (!this.pkg.has(path)) {
      // An object's picture may be the object itself (`./Object 1`): that is read as an object.
      return;
    }
    this.seen.add(path.toLowerCase());
    const data = this.pkg.read(path);
    if (!data) return;
    this.image(path, data, { ...origin, filePart: path });
  }

  inlinePicture(base64: string, origin: PartOrigin): void {
    const data = new Uint8Array(Buffer.from(base64.replace(/\s+/g, ''), 'base64'));
    if (!data.length) return;
    this.image(`picture-${++this.pictureCount}`, data, { ...origin, filePart: 'office:binary-data' });
  }

  private image(id: string, data: Uint8Array, origin: PartOrigin): void {
    const media = sniffImage(data);
    if (media) {
      this.result.images.push({ id, bytes: data, mediaType: media, origin });
      return;
    }
    const kind = sniffBinary(data);
    if (kind === 'svg') {
      const b = new PartBuilder(id, 'text-box', { ...origin, detail: [origin.detail, 'SVG picture text'].filter(Boolean).join('; ') });
      this.guard(id, () =>
        parseXml(decodeXml(data), {
          open() {},
          close() {
            b.endParagraph({ kind: 'paragraph' });
          },
          text(t) {
            if (t.trim()) b.append(t.trim());
          },
        }),
      );
      if (!b.blank) this.result.parts.push(b.toPart());
      this.result.unread.push({ where: id, reason: 'unsupported-format', detail: `${id} is a vector picture (SVG); its text was read, its drawing was not OCR'd.`, origin });
      return;
    }
    // What an EMF/WMF's text records write is read; its drawing is not, so it stays unread.
    const lines = kind === 'emf' || kind === 'wmf' ? metafileText(data, kind).lines : [];
    if (lines.length) {
      const b = new PartBuilder(id, 'text-box', { ...origin, detail: [origin.detail, `text drawn by a vector picture (${kind.toUpperCase()})`].filter(Boolean).join('; ') });
      for (const line of lines) b.append(line), b.endParagraph({ kind: 'paragraph' });
      this.result.parts.push(b.toPart());
    }
    const what = kind === 'emf' || kind === 'wmf' ? `a vector picture (${kind.toUpperCase()})` : /^SVM/.test(Buffer.from(data.subarray(0, 5)).toString('latin1')) || /VCLMTF/.test(Buffer.from(data.subarray(0, 16)).toString('latin1')) ? 'a vector picture (StarView metafile)' : 'a picture of a format not read';
    this.result.unread.push({ where: id, reason: 'unsupported-format', detail: `${id} is ${what}; ${lines.length ? 'the text its text records write was read, but its drawing was' : 'its text and drawing were'} not read or OCR'd.`, origin });
  }

  /** An embedded object a document shows (`./Object 1`): read once, after the document. */
  object(doc: OdfDocument, href: string, origin: PartOrigin, ole: boolean): void {
    if (/^[a-z][a-z0-9+.-]*:/i.test(href)) {
      this.result.unread.push({ where: href, reason: 'embedded-object', detail: `The document shows an object linked from outside the file (${href}); it was not read.`, origin });
      return;
    }
    const path = resolve(doc.prefix, href).replace(/\/$/, '');
    if (this.seen.has(path.toLowerCase())) return;
    this.seen.add(path.toLowerCase());
    this.queue.push({ path, origin, ole });
  }

  private async readObject(path: string, origin: PartOrigin, ole: boolean): Promise<void> {
    const pkg = this.pkg!;
    const depth = path.split('/').length;
    if (pkg.has(`${path}/content.xml`) || pkg.has(`${path}/styles.xml`)) {
      if (depth > this.ctx.limits.maxNestingDepth + 1) {
        this.result.unread.push({ where: path, reason: 'limit', detail: `The object ${path} is nested deeper than ${this.ctx.limits.maxNestingDepth} levels; it was not read.`, origin });
        return;
      }
      this.objectsRead.add(path.toLowerCase());
      await this.readDocument(`${path}/`, `embedded object ${path}`);
      return;
    }
    if (!pkg.has(path)) {
      this.result.unread.push({ where: path, reason: 'corrupt', detail: `The document shows the object ${path}, which is not in the package; what it showed could not be read.`, origin });
      return;
    }
    const data = pkg.read(path);
    if (!data) return;
    this.objectsRead.add(path.toLowerCase());
    const o: PartOrigin = { ...origin, filePart: path, detail: [origin.detail, ole ? 'OLE object' : 'embedded object'].filter(Boolean).join('; ') };
    const kind = sniffBinary(data);
    if (kind === 'zip' || kind === 'pdf' || kind === 'rtf') {
      this.result.embedded.push({ name: path.split('/').pop()!, bytes: data, origin: o });
      return;
    }
    if (kind === 'ole') {
      const doc = [['EncryptedPackage', 'docx'], ['WordDocument', 'doc'], ['Workbook', 'xls'], ['PowerPoint Document', 'ppt']].find(([s]) => includesUtf16(data, s!));
      if (doc) {
        this.result.embedded.push({ name: `${path.split('/').pop()}.${doc[1]}`, bytes: data, origin: o });
        return;
      }
      const payloads = olePayloads(data);
      if (payloads && payloads.payloads.length) {
        for (const p of payloads.payloads) this.result.embedded.push({ name: p.name, bytes: p.bytes, origin: { ...o, detail: `${o.detail}, OLE stream ${p.stream.replace(/[\x00-\x1f]/g, '')}` } });
        if (payloads.unread.length) this.result.unread.push({ where: path, reason: 'embedded-object', detail: `${path} is an OLE object; its streams ${payloads.unread.slice(0, 5).join(', ')} were not scanned.`, origin: o });
        return;
      }
    }
    if (kind === 'image') {
      this.image(path, data, o);
      return;
    }
    this.result.unread.push({ where: path, reason: 'embedded-object', detail: `${path} is an embedded object of a kind not read (an equation, a drawing, an old Office file); its content was not scanned.`, origin: o });
  }

  private flushed = 0;

  /** Adds the parts of the documents walked so far to the result. */
  private flush(): void {
    for (; this.flushed < this.docs.length; this.flushed++) {
      const doc = this.docs[this.flushed];
      this.result.parts.push(...doc.parts());
      if (doc.ringedRows.length) {
        const where = `${doc.prefix}content.xml`;
        this.result.unread.push({ where, reason: 'unsupported-format', detail: drawnOverRowsDetail(doc.ringedRows), origin: { filePart: where } });
      }
    }
  }

  private finish(): Extraction {
    this.flush();
    if (!this.result.loss?.length) delete this.result.loss;
    return this.result;
  }
}

/** A flat file's text: UTF-8, or UTF-16 by its BOM or, without one, by its zero bytes. */
export function decodeFlat(bytes: Uint8Array): string {
  const order = utf16Order(bytes);
  if (order && !(bytes[0] === 0xff && bytes[1] === 0xfe) && !(bytes[0] === 0xfe && bytes[1] === 0xff)) return new TextDecoder(order).decode(bytes);
  return decodeXml(bytes);
}

/** `utf-16le`/`utf-16be` when the first bytes are ASCII markup written in UTF-16. */
export function utf16Order(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | undefined {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  if (bytes.length >= 4 && bytes[0] === 0x3c && bytes[1] === 0) return 'utf-16le';
  if (bytes.length >= 4 && bytes[0] === 0 && bytes[1] === 0x3c) return 'utf-16be';
  return undefined;
}

/** Entries the manifest says are encrypted. */
function encryptedEntries(manifest: string): string[] {
  const out: string[] = [];
  let current: string | undefined;
  try {
    parseXml(manifest, {
      open(name, a) {
        if (name === 'file-entry') current = attr(a, 'full-path');
        else if (name === 'encryption-data' && current !== undefined) out.push(current);
      },
      close(name) {
        if (name === 'file-entry') current = undefined;
      },
      text() {},
    });
  } catch {
    // A manifest too deep to parse: the entries themselves show whether they decrypt.
  }
  return out;
}

/** A link relative to a document's folder (`./Object 1`, `Pictures/a.png`, `../Pictures/a.png`). */
function resolve(prefix: string, href: string): string {
  const parts = (prefix + href.replace(/^\.\//, '')).split('/');
  const out: string[] = [];
  for (const p of parts) {
    if (p === '..') out.pop();
    else if (p !== '.' && p !== '') out.push(p);
  }
  const joined = out.join('/');
  // A malformed escape (`%ZZ`) names the entry as written; a link must never stop the reading.
  try {
    return decodeURIComponent(joined);
  } catch {
    return joined;
  }
}

/** Reads an OpenDocument file (package or flat XML) completely into located parts. */
export async function extractOdf(bytes: Uint8Array, ctx: ExtractContext): Promise<Extraction> {
  return new OdfReader(bytes, ctx).run();
}

/** One reader for the family, named after each registered format (the file's own `mimetype` decides what it reports). */
export const odfExtractors: Readonly<Record<'odt' | 'ods' | 'odp' | 'odf', Extractor>> = Object.fromEntries(
  (['odt', 'ods', 'odp', 'odf'] as const).map((format) => [format, { format, extract: (bytes: Uint8Array, ctx: ExtractContext) => extractOdf(bytes, ctx) }]),
) as Record<'odt' | 'ods' | 'odp' | 'odf', Extractor>;

export const odfExtractor: Extractor = odfExtractors.odf;
