/**
 * Walks one WordprocessingML story (document body, header, footer, footnotes, comments, glossary)
 * and writes located text.
 *
 * Why not mammoth: mammoth turns the body into HTML or raw text, drops the offsets we need, silently
 * leaves out deletions, hidden runs, headers, footers, comments and text boxes, and merges text boxes
 * into the body line. Reading the XML directly gives exact paragraph indexes and offsets and lets every
 * kind of text go to a part of its own role. (mammoth is kept only as the benchmark baseline.)
 */
import { hexColour, linesAcrossShapes, sameColour, SHAPE_PIECE, UNSEEN_MAX_PERCENT, type Block, type PlacedShape } from '@prepub/core';
import { LineBuilder, PartBuilder } from './parts.ts';
import { ListCounter, type Numbering } from './numbering.ts';
import { DRAWN_SHAPES, drawnShape, EMPTY_STYLES, onOff, runColour, runFont, type DrawnShape, type StyleFacts, type Styles } from './styles.ts';
import { attr, eqReadings, fieldLiterals, fieldShows, parseXml, type Attrs } from './xml.ts';
import type { BindingResolver } from './bindings.ts';
import { choiceReading, CircledLine, ENCLOSING, LABELLED, LEVEL_ROW, unlabelledProse } from './choice.ts';

export interface SectionRef {
  kind: 'header' | 'footer';
  /** `default`, `first` or `even`. */
  type: string;
  rid: string;
  section: number;
}

export interface StoryOptions {
  /** The package part being read, e.g. `word/document.xml`. */
  filePart: string;
  /** Builder for text outside of units (the body, a header). */
  root?: PartBuilder;
  /** For files made of units (comments, footnotes): makes the builder for one unit, or null to skip it. */
  unit?: { element: string; make(attrs: Attrs): PartBuilder | null };
  styles?: Styles;
  /** List definitions: each list item's label is written in front of its text, as Word draws it. */
  numbering?: Numbering;
  /** Word of what the side parts belong to, e.g. `header (default)`. */
  label: string;
  /** The value Word shows in a content control bound to XML data (`w:dataBinding`). */
  bound?: BindingResolver;
  /** What a field shows from the package once updated: TITLE and the other property fields, DOCPROPERTY, DOCVARIABLE, AUTOTEXT (see fieldValues). */
  fieldValue?: (kind: string, name: string) => string | undefined;
}

export interface StoryResult {
  textBoxes: PartBuilder[];
  deleted: PartBuilder;
  hidden: PartBuilder;
  fieldCodes: PartBuilder;
  altText: PartBuilder;
  /** Phonetic guides (`w:ruby`/`w:rt`), kept out of the line so the base text stays whole. */
  phonetic: PartBuilder;
  /** Text in a right-to-left override (`w:bdo w:val="rtl"`), in the order Word draws it. */
  shownOrder: PartBuilder;
  /** Characters SYMBOL and EQ fields draw (see fieldShows). */
  fieldShown: PartBuilder;
  /** Paragraphs as Word shows them once their fields are updated and bound controls filled, where that differs. */
  asUpdated: PartBuilder;
  /** Lines spelled across text boxes listed out of the order they stand (see linesAcrossShapes). */
  boxesInPlace: PartBuilder;
  /** Rows of right-to-left tables (w:bidiVisual), last cell first, as they stand. */
  rtlRows: PartBuilder;
  /** Paragraphs with tracked changes as they read before them: deletions back in, insertions out. */
  beforeChanges: PartBuilder;
  /** Paragraphs with mc:AlternateContent as they read with the branches Word does not show. */
  alternates: PartBuilder;
  /** Paragraphs holding struck-through text, read without it (a form's options struck out). */
  unstruck: PartBuilder;
  /** Paragraphs with one stretch circled or boxed (w:bdr, an enclosed character), read as that stretch chosen (a form's option circled). */
  chosen: PartBuilder;
  /** Rows listing a form's levels (密级：绝密 机密 秘密) with an ellipse drawn over them: which option it circles is not worked out. */
  ringedRows: string[];
  sections: SectionRef[];
  /** Relationship ids of `w:altChunk`s, in document order. */
  altChunks: string[];
  /** Pages Word rendered last time (from `w:lastRenderedPageBreak`), when known. */
  renderedPages?: number;
}

interface Table {
  row: number;
  nextCol: number;
  cellCol: number;
  span: number;
  /** What the current cell is filled with (w:tcPr/w:shd), a hexadecimal colour; undefined: nothing. */
  ground?: string;
  /** A right-to-left table (w:bidiVisual): its first cell is at the right. */
  rtl?: boolean;
  /** Its table style (w:tblPr/w:tblStyle). */
  style?: string;
  /** The current cell's text and the row's cell texts so far (rtl tables only). */
  cellText?: string;
  cells?: string[];
}

interface Para {
  key: number;
  style?: string;
  jc?: string;
  numbered?: boolean;
  numId?: string;
  ilvl?: number;
  outline?: boolean;
  page?: number;
  hasText: boolean;
  /** What the paragraph is shaded with (w:pPr/w:shd), a hexadecimal colour; undefined: nothing. */
  ground?: string;
  /** The paragraph's shown text as it read before its tracked changes (deletions in, insertions out), when the story has any. */
  before?: string;
  /** Whether a tracked insertion or deletion touched the paragraph. */
  revised?: boolean;
  /** Whether shown text outside the changes, or an insertion, stands beside them: a paragraph only deleted reads whole in the deletions. */
  mixed?: boolean;
  /** Whether its list label, if any, has been written (its own numPr, or its style's, decided). */
  labelled?: boolean;
  /** Its shown text, and the same with fields' stored results replaced by what they compute and bound controls by their data (see asUpdated); `updatedElse` takes the other branch of each IF field, once one is met. */
  shown?: string;
  /** Its shown text with the branches of mc:AlternateContent Word does not show in place of the one it shows, once one is met. */
  alternate?: string;
  /** Its shown text without its struck-through runs, and whether it has any. */
  unstruck?: string;
  struck?: boolean;
  /**
   * A stretch of it circled or boxed (a run's border w:bdr, an enclosed character EQ \o\ac(○,机)):
   * the text before the first one, the stretch, the text after it, and how many stretches there are.
   */
  circled?: { before: string; mark: string; after: string; stretches: number; open: boolean };
  /** Its text with its highlighted or shaded runs (w:highlight, w:shd): one option so marked in a row listing the levels is the choice. */
  shaded?: CircledLine;
  /** A shape is anchored in it (a DrawingML or VML ellipse, box, line or path; not a picture): drawn over its text, it may circle, box or strike out an option. */
  ringed?: boolean;
  updated?: string;
  updatedElse?: string;
  /** Whether a field or bound control in it computes a text of its own. */
  computed?: boolean;
}

/**
 * The colour `w:shd` paints behind text: a solid pattern's colour (automatic: black), else the fill;
 * undefined when it paints nothing (`nil`, an automatic fill).
 */
function shadeColour(a: Attrs): string | undefined {
  const val = attr(a, 'val');
  if (val === 'nil') return undefined;
  if (val === 'solid') return attr(a, 'color') === 'auto' ? '000000' : hexColour(attr(a, 'color'));
  return hexColour(attr(a, 'fill'));
}

/** The colours of `w:highlight` ([ISO/IEC 29500-1] 17.18.40, ST_HighlightColor). */
const HIGHLIGHT: Readonly<Record<string, string>> = {
  black: '000000', blue: '0000FF', cyan: '00FFFF', green: '00FF00', magenta: 'FF00FF', red: 'FF0000', yellow: 'FFFF00', white: 'FFFFFF',
  darkBlue: '000080', darkCyan: '008080', darkGreen: '008000', darkMagenta: '800080', darkRed: '800000', darkYellow: '808000', darkGray: '808080', lightGray: 'C0C0C0',
};

interface Ac {
  choiceBoxes: string[];
  inFallback: boolean;
  /** The frame it stands in: runs of its branches are text of that frame's paragraph. */
  owner?: Frame;
  /** A branch Word shows was met (the first mc:Choice whose namespaces it knows, else mc:Fallback). */
  picked?: boolean;
  /** Inside the branch Word shows (`shown`) or another one (`other`). */
  branch?: 'shown' | 'other';
}

/**
 * Namespace prefixes Word writes in mc:Choice Requires and understands (Word 2010 and later: its
 * wordml revisions, DrawingML shapes, groups, canvases, ink, math). A Choice requiring any other
 * is passed over for the next one or the Fallback.
 */
const KNOWN_REQUIRES = /^(w1[4-9]|w1[4-9]\w+|w\d{2}\w*|wp1[4-9]|wps|wpg|wpc|wpi|a1[4-9]|a\d{2}\w*|m|v|o|w|wne|aink|am3d|cx\d*|c1[4-9]|dgm1[4-9]|mc)$/;

interface Frame {
  builder: PartBuilder;
  /** The main flow of the body: the only frame whose pages are counted. */
  body: boolean;
  tables: Table[];
  para: Para | null;
  /** The mc:AlternateContent branch this text box was found in. */
  ac?: Ac;
  inFallback?: boolean;
  /** Element depth at which this frame ends (for units and text boxes). */
  depth: number;
  /** Where the shape holding this text box stands (EMU), when its anchor or style says. */
  place?: Partial<Place>;
  /** The solid fill of the shape holding this text box (six hex digits), when its markup names one: the ground of its text. */
  ground?: string;
}

interface Place {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** VML shape types that draw nothing over the text around them: a picture frame (t75), a text box (t202), WordArt (t136, a watermark's). */
const VML_NOT_DRAWN_OVER = /_x0000_t(?:75|202|136)$/;

/** The fill of a shape that says it paints none: its text stands on the page. */
const SEE_THROUGH = 'see-through';

/** A VML colour (`#C00000`, `#c00`, `red`, `white [9]`) as six hex digits, for the named colours text is commonly hidden in; undefined for others. */
function vmlColour(v: string | undefined): string | undefined {
  const c = (v ?? '').trim().toLowerCase().replace(/\s*\[\d+\]$/, '');
  const named: Record<string, string> = { white: 'FFFFFF', black: '000000', red: 'FF0000', yellow: 'FFFF00', blue: '0000FF', green: '008000', silver: 'C0C0C0', gray: '808080', navy: '000080', maroon: '800000' };
  if (named[c]) return named[c];
  const short = /^#([0-9a-f])([0-9a-f])([0-9a-f])$/.exec(c);
  if (short) return (short[1] + short[1] + short[2] + short[2] + short[3] + short[3]).toUpperCase();
  return /^#[0-9a-f]{6}$/.test(c) ? c.slice(1).toUpperCase() : undefined;
}

/** EMU per unit of a VML style length. */
const VML_UNITS: Record<string, number> = { pt: 12700, in: 914400, cm: 360000, mm: 36000, px: 9525, emu: 1 };

/** Position and size a VML shape's style gives (margin-left/left, margin-top/top, width, height), in EMU. */
function vmlPlace(style: string | undefined): Partial<Place> | undefined {
  if (!style) return undefined;
  const out: Partial<Place> = {};
  for (const decl of style.split(';')) {
    const m = /^\s*(margin-left|left|margin-top|top|width|height)\s*:\s*(-?[\d.]+)\s*(pt|in|cm|mm|px|emu)?\s*$/i.exec(decl);
    if (!m) continue;
    const v = Number(m[2]) * (VML_UNITS[(m[3] ?? 'px').toLowerCase()] ?? 9525);
    const k = m[1].toLowerCase();
    if (k.endsWith('left')) out.x = (out.x ?? 0) + v;
    else if (k.endsWith('top')) out.y = (out.y ?? 0) + v;
    else if (k === 'width') out.w = v;
    else out.h = v;
  }
  return out;
}

/** w14:alpha (transparency, thousandths of a percent) from which a text fill's colour is not seen: 90%, core's 10% opacity. */
const CLEAR_UNSEEN = 100_000 - UNSEEN_MAX_PERCENT * 1000;

/** Elements whose content is not text of the document: old formatting in revisions, control settings. */
const SKIP = new Set([
  'rPrChange',
  'pPrChange',
  'sectPrChange',
  'tblPrChange',
  'tblPrExChange',
  'trPrChange',
  'tcPrChange',
  'tblGridChange',
  'numberingChange',
  'sdtPr',
  'sdtEndPr',
  'docPartPr',
  'tabs',
  'fldData',
]);

const ALIGN: Record<string, Block['align']> = {
  center: 'center',
  right: 'right',
  end: 'right',
  left: 'left',
  start: 'left',
  both: 'justify',
  distribute: 'justify',
};

/** Symbol-font code points Word writes in `w:sym` for the stars a marking uses. */
const SYMBOL_CHARS: Record<string, string> = { F0AB: '★', F0B5: '☆', F0AA: '★', F02A: '*' };
/**
 * Check boxes and check marks of the symbol fonts forms draw them with (w:sym w:font w:char): which
 * box of a 密级 □绝密 ☑机密 □秘密 row is ticked is the form's value, and lost as an empty string.
 */
const SYMBOL_BOXES: Record<string, Record<string, string>> = {
  wingdings: { F0A8: '☐', F06F: '☐', F0FE: '☑', F0FD: '☒', F0FC: '✔', F0FB: '✘', F06E: '■', F06C: '●', F0A1: '○' },
  'wingdings 2': { F0A3: '☐', F02A: '☐', F052: '☑', F054: '☒', F050: '✔', F04F: '✘', F0A2: '■', F097: '●', F099: '○' },
};
/**
 * The same stars typed as text in a symbol-font run (Wingdings, Symbol): Word stores the font's
 * private-use code and draws the star, so the text reads as the star it shows.
 */
const SYMBOL_TEXT = /[\uF0AA\uF0AB\uF0B5]/g;
/** A symbol-font run's text with the font's boxes and marks as the characters they draw (its codes typed as letters or as F0xx). */
function symbolRunText(t: string, boxes: Record<string, string>): string {
  let out = '';
  for (const ch of t) {
    const c = ch.charCodeAt(0);
    const code = (c < 0x100 ? 0xf000 + c : c).toString(16).toUpperCase();
    // The stars a marking uses are codes of the same fonts (Wingdings « draws ★).
    out += boxes[code] ?? SYMBOL_CHARS[code] ?? ch;
  }
  return out;
}
const symbolText = (t: string): string => t.replace(SYMBOL_TEXT, (c) => SYMBOL_CHARS[c.charCodeAt(0).toString(16).toUpperCase()] ?? c);

// LEVEL_ROW, ENCLOSING and choiceReading are shared with the DOC, RTF and ODF readers (choice.ts).
export { choiceReading } from './choice.ts';

/** The side parts of a story, each read apart from its main text. */
export function sideParts(r: StoryResult): PartBuilder[] {
  return [r.deleted, r.hidden, r.fieldCodes, r.altText, r.phonetic, r.shownOrder, r.fieldShown, r.asUpdated, r.boxesInPlace, r.rtlRows, r.beforeChanges, r.alternates, r.unstruck, r.chosen];
}

/** Where a REF's bookmark text goes once the story's bookmarks are known (private-use brackets around its name). */
const REF_OPEN = '\uE000';
const REF_CLOSE = '\uE001';
const REF_PLACE = /\uE000([^\uE001]*)\uE001/g;
/** Bookmark text kept for REF fields, in characters, and bookmarks followed at once. */
const MARK_TEXT = 2000;
const MARKS_OPEN = 64;

/** Tracked changes in a story (w:ins, w:del, w:moveFrom, w:moveTo, any prefix). */
const TRACKED_CHANGE = /<(?:[\w.-]+:)?(?:ins|del|moveFrom|moveTo)[\s>/]/;

export function walkStory(xml: string, opts: StoryOptions): StoryResult {
  const file = opts.filePart;
  const styles = opts.styles ?? EMPTY_STYLES;
  const trackPages = xml.includes('lastRenderedPageBreak');
  const side = (suffix: string, role: 'deleted' | 'hidden' | 'alt-text' | 'before-changes', detail: string) =>
    new LineBuilder(`${file}#${suffix}`, role, { filePart: file, detail: `${detail} in ${opts.label}` });
  const deleted = side('deleted', 'deleted', 'tracked deletions');
  const hidden = side('hidden', 'hidden', 'hidden text');
  // Field instructions are not shown to a reader; they are kept because a field can carry literal text.
  const fieldCodes = side('field-codes', 'hidden', 'field instructions');
  const altText = side('alt-text', 'alt-text', 'picture descriptions');
  // Word draws a ruby guide above its base text; written in line it would split the base
  // (绝[jué]密), so it is a part of its own and the line keeps the base text only.
  const phonetic = side('phonetic', 'alt-text', 'phonetic guides (ruby)');
  let rubyDepth = 0;
  // A bidirectional override (w:bdo w:val="rtl") draws its characters last first: 年5★密机 shows
  // 机密★5年. Each override's text is also read as drawn (one collector per open w:bdo, null for ltr).
  const shownOrder = side('shown-order', 'hidden', 'text in a right-to-left override (w:bdo), in the order it is drawn');
  // A marking a tracked change broke up (机 + inserted 要 + 密★5年, or 机 + deleted 密 + ★5年) reads
  // whole in neither the shown text nor the deletions: each revised paragraph is also read as it
  // was before its changes, which any reviewer of the file can show.
  const beforeChanges = side('before-changes', 'before-changes', 'paragraphs as they read before their tracked changes');
  const alternates = side('alternate-content', 'hidden', 'paragraphs as they read with what Word does not show in their place: mc:AlternateContent branches, a legacy form field\'s stored result');
  // A form's options with all but one struck out (密级：~~绝密~~ 机密 ~~秘密~~, as 不适用的划去 asks) name
  // the one left: each paragraph holding struck-through text is also read without it.
  const unstruck = new LineBuilder(`${file}#unstruck`, opts.root?.role === 'body' || !opts.root ? 'body' : opts.root.role, { filePart: file, detail: `paragraphs with struck-through text, read without it, in ${opts.label}` });
  // A form's option circled (密级：绝密 [机密] 秘密, the chosen one in a run border or Word's enclosed
  // characters 带圈字符) names it: a paragraph with one circled stretch is also read with the options
  // before it left out (密级：机密). Enclosed: the text of an EQ field enclosing its argument.
  const chosen = new LineBuilder(`${file}#circled-choice`, opts.root?.role === 'body' || !opts.root ? 'body' : opts.root.role, { filePart: file, detail: `paragraphs with one circled or boxed stretch, read as that stretch chosen, in ${opts.label}` });
  let enclosing = false;
  const ringedRows: string[] = [];
  const tracked = TRACKED_CHANGE.test(xml);
  let insDepth = 0;
  const bdo: Array<string[] | null> = [];
  const textBoxes: PartBuilder[] = [];
  // One-line text boxes and where their shapes stand: a line spelled across boxes listed out of
  // their order on the page is read as it stands (see linesAcrossShapes), in a part of its own.
  const placedBoxes: PlacedShape[] = [];
  // Rows of right-to-left tables (w:bidiVisual) as they stand: last cell first.
  const rtlRows = new LineBuilder(`${file}#rtl-table-rows`, opts.root?.role === 'body' || !opts.root ? 'body' : opts.root.role, { filePart: file, detail: `rows of right-to-left tables in ${opts.label}, read as they stand (right to left)` });
  let place: Partial<Place> | undefined;
  const sections: SectionRef[] = [];
  const altChunks: string[] = [];
  const altSeen = new Set<string>();

  const stack: string[] = [];
  const frames: Frame[] = [];
  const acStack: Ac[] = [];
  const fields: Array<'instr' | 'result'> = [];
  // The instruction text of each open complex field, gathered over its instrText runs (and the
  // results of the fields nested in it, which are part of its instruction).
  const instrs: string[] = [];
  // Per open field: whether its result holds text, and what it computes once updated (undefined: not known).
  const results: boolean[] = [];
  // An IF field computes one of two texts: the first (true) and the second (false) branch.
  const computes: Array<string | [string, string] | undefined> = [];
  // Per open field: whether it is a result of an EQ field enclosing its argument (kept as fields
  // change: asked for every run of text, looking through all open fields was quadratic).
  const enclosedAt: boolean[] = [];
  // Per open field: whether it is a legacy drop-down or check box, which Word draws from its
  // ffData where it stands (the chosen entry, the box); the runs of its stored result are not what
  // it shows beside it (a result 机密 stored after the chosen 机密 read 密级：机密机密, and passed).
  const drawnForm: boolean[] = [];
  let enclosedOpen = 0;
  const noteEnclosed = (k: number): void => {
    const v = fields[k] === 'result' && ENCLOSING.test((instrs[k] ?? '').slice(0, 200));
    if (v !== enclosedAt[k]) (enclosedOpen += v ? 1 : -1), (enclosedAt[k] = v);
  };
  // Values SET (and ASK's default) gives bookmarks, for REF fields and bare bookmark names after them.
  const setValues = new Map<string, string>();
  // The shown text bookmarks enclose (a REF shows it once updated), and those open; a long one is
  // not kept (cross-references name a few words), nor more than a few open at once.
  const marks = new Map<string, string>();
  const openMarks = new Map<string, { name: string; text: string }>();
  // Paragraphs whose REF names a bookmark not yet met: read once the story's bookmarks are known.
  const pendingRefs: Array<{ key: number; texts: string[]; shown: string }> = [];
  // A field's stored result is what Word shows until the field is updated (on printing, F9, a mail
  // merge): a paragraph is also read with each result replaced by what its field computes and each
  // bound content control by its data, where that differs (机 + REF to SET "密★5年").
  const asUpdated = side('as-updated', 'hidden', 'paragraphs as shown once their fields are updated and bound controls filled');
  // Open content controls' contents (sdtContent) and the bound value Word shows in place of each.
  const sdts: Array<{ depth: number; value?: string; inline: boolean }> = [];
  let binding: string | undefined;
  // The open control's placeholder (a glossary building block) and whether it is showing it: Word
  // then draws the building block's text, not the stored content.
  let placeholder: { name?: string; showing: boolean } = { showing: false };
  // Open OMML delimiters (m:d): the characters drawn before the first argument, between arguments and after the last.
  const delims: Array<{ beg: string; sep: string; end: string; args: number }> = [];
  /** What a field computes, as far as its instruction tells: drawn characters, a literal, a SET value. */
  const computeField = (instr: string): string | [string, string] | undefined => {
    const drawn = fieldShows(instr);
    if (drawn !== undefined) return drawn;
    const m = /^\s*(\w+)\b\s*(.*)$/s.exec(instr);
    if (!m) return undefined;
    const kind = m[1].toUpperCase();
    if (kind === 'IF') {
      // IF a = b "shown when true" "shown when false": the last two quoted texts are the branches.
      const lits = [...m[2].matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((q) => q[1].replace(/\\(.)/g, '$1'));
      return lits.length ? (lits.length === 1 ? [lits[0], ''] : [lits[lits.length - 2], lits[lits.length - 1]]) : undefined;
    }
    const arg = /^\s*(?:"([^"]*)"|([^\s\\"]+))/.exec(m[2]);
    const known = opts.fieldValue?.(kind, (arg?.[1] ?? arg?.[2] ?? '').trim());
    if (known !== undefined) return known;
    const lit = (s: string) => /^"((?:[^"\\]|\\.)*)"/.exec(s.trim())?.[1]?.replace(/\\(.)/g, '$1');
    // QUOTE's text is its quoted literal, or the words before its first switch.
    if (kind === 'QUOTE') return lit(m[2]) ?? (m[2].split('\\')[0].trim() || undefined);
    if (kind === 'FILLIN') return lit(/\\d\s*(.*)$/s.exec(m[2])?.[1] ?? '');
    const name = /^([^\s\\"]+)/.exec(m[2])?.[1]?.toLowerCase();
    if (kind === 'REF' && name) return setValues.get(name) ?? marks.get(name) ?? `${REF_OPEN}${name}${REF_CLOSE}`;
    if (kind === 'SET' || kind === 'ASK') return kind === 'SET' ? '' : undefined;
    return setValues.get(kind.toLowerCase());
  };
  /** Whether shown text now stands where Word shows something else once updated (a computed field's result, a bound control). */
  const replaced = (): boolean => fields.some((s, i) => s === 'result' && computes[i] !== undefined) || sdts.some((d) => d.inline && d.value !== undefined);
  const addUpdated = (f: Frame | undefined, value: string | [string, string]): void => {
    const p = f?.para;
    if (!p || replaced()) return;
    if (typeof value !== 'string' && p.updatedElse === undefined) p.updatedElse = p.updated ?? '';
    p.updated = (p.updated ?? '') + (typeof value === 'string' ? value : value[0]);
    if (p.updatedElse !== undefined) p.updatedElse += typeof value === 'string' ? value : value[1];
    p.computed = true;
  };
  // What fields draw from codes and arguments (SYMBOL, EQ); those of one paragraph make one line.
  const fieldShown = side('field-shows', 'hidden', 'characters drawn by SYMBOL and EQ fields');
  const literalLines = (instr: string): void => {
    for (const l of fieldLiterals(instr)) fieldCodes.add(l, ++keys);
    // Every character an EQ field draws, phonetic guides included (the line holds the base alone);
    // its guides are read as a ruby's are.
    const eq = eqReadings(instr);
    const shown = eq?.all || fieldShows(instr);
    if (shown) fieldShown.add(shown, paraKey());
    if (eq?.guides) phonetic.add(eq.guides, ++keys);
  };
  let skipDepth = -1;
  let keys = 0;
  let page = 1;
  let delDepth = 0;
  let textTarget: 'main' | 'deleted' | 'instr' | null = null;
  // colour: w:color (hexadecimal, or 'auto'); ground: what w:shd or w:highlight paints behind the run;
  // the drawn-unseen shapes (DrawnShape): 2 pt or less, squeezed, drawn over by the next character, off its line.
  // font: the font its w:rFonts names for letters (a symbol font's boxes and stars: SYMBOL_BOXES, see runBoxes).
  // fillNone / outline: Word 2010's text fill (w14:textFill) paints nothing (no fill, or every colour
  // 90% transparent and more), and whether its outline (w14:textOutline) shows the letters anyway.
  let run: ({ vanish?: boolean; style?: string; colour?: string; ground?: string; font?: string; fillNone?: boolean; outline?: boolean; caps?: boolean; strike?: boolean; border?: boolean } & DrawnShape) | null = null;
  // The w14:textFill or w14:textOutline of the run being read: its colours (null: not an RGB value)
  // with their transparency (w14:alpha is transparency, 100000 = clear), whether it says noFill, and
  // the colour element open (its depth).
  let effect: { kind: 'fill' | 'outline'; depth: number; noFill: boolean; colours: Array<{ rgb: string | null; clear: number }>; open: number } | null = null;
  // The page's own colour (w:background): white text on a coloured page is seen.
  let pageGround = 'FFFFFF';
  let sectionRefs: SectionRef[] = [];
  let boxCount = 0;
  let wordArtCount = 0;
  // The id of the open VML shape: Word names its text watermark PowerPlusWaterMarkObject….
  let vmlShapeId: string | undefined;
  // The solid fill of the open shape (DrawingML spPr, VML fillcolor): the ground of its text box.
  let shapeFill: string | undefined;
  let sectionCount = 0;
  let firstBodyPara = true;
  const lists = opts.numbering ? new ListCounter(opts.numbering, styles.numbering) : undefined;

  if (opts.root) frames.push({ builder: opts.root, body: opts.root.role === 'body', tables: [], para: null, depth: 0 });

  const frame = (): Frame | undefined => frames[frames.length - 1];
  const paraKey = (): number => frame()?.para?.key ?? ++keys;
  const paraFacts = (): StyleFacts | undefined => {
    const p = frame()?.para;
    const id = p?.style ?? styles.defaultParagraph;
    return id ? styles.paragraph.get(id) : undefined;
  };
  // Drawn but not seen: in the colour of what lies behind it (white on a white page, red on a red
  // shading), or in one of the drawn-unseen shapes. A piece so written inside a marking (机 + white
  // 开 + 密★5年) hid the marking from a reader that took it for text.
  const runUnseen = (): boolean => {
    if (!run) return false;
    // The run's own formatting first, then its character style's, then its paragraph style's.
    const cs = run.style ? styles.character.get(run.style) : undefined;
    const ps = paraFacts();
    // Each property on its own: a run's own size overrides its style's size, not its style's scale.
    for (const k of DRAWN_SHAPES) if (run[k] ?? cs?.[k] ?? ps?.[k]) return true;
    if (run.fillNone && !run.outline) return true;
    const colour = run.colour ?? cs?.colour ?? ps?.colour ?? styles.defaultColour;
    if (!colour || colour === 'auto') return false;
    const f = frame();
    // What lies behind: the run's shading or highlight, else its paragraph's, its cell's, the page.
    // A text box is often a filled shape (its fill is drawing markup this reader does not weigh):
    // there only a shading the text itself names is weighed.
    const ground = run.ground ?? f?.para?.ground ?? f?.tables[f.tables.length - 1]?.ground ?? (f?.builder.role === 'text-box' ? (f.ground === SEE_THROUGH ? pageGround : f.ground) : pageGround);
    return sameColour(colour, ground);
  };
  const runHidden = (): boolean => {
    if (run?.vanish !== undefined) return run.vanish || runUnseen();
    if (runUnseen()) return true;
    const cs = run?.style ? styles.character.get(run.style)?.hidden : undefined;
    return cs ?? paraFacts()?.hidden ?? styles.defaultHidden;
  };
  const inInstr = (): boolean => fields.includes('instr');
  /** Whether the text being read is the result of an EQ field that encloses its argument (带圈字符 stored with its result). */
  const enclosedResult = (): boolean => enclosedOpen > 0;
  /**
   * The boxes and marks of the symbol font the run's letters are drawn in (SYMBOL_BOXES): its own
   * w:rFonts, else its character style's, its paragraph style's, the document defaults'.
   */
  const runBoxes = (): Record<string, string> | undefined => {
    const font = run?.font ?? (run?.style ? styles.character.get(run.style)?.font : undefined) ?? paraFacts()?.font ?? styles.defaultFont;
    return font === undefined ? undefined : SYMBOL_BOXES[font];
  };
  /** Whether the run's letters are drawn as capitals: its own w:caps, else its character style's, its paragraph style's, its table style's, the document defaults'. */
  const runCaps = (): boolean => {
    const f = frame();
    const table = f?.tables[f.tables.length - 1]?.style;
    return run?.caps ?? (run?.style ? styles.character.get(run.style)?.caps : undefined) ?? paraFacts()?.caps ?? (table ? styles.tableCaps?.get(table) : undefined) ?? styles.defaultCaps ?? false;
  };

  // A legacy drop-down form field (FORMDROPDOWN) being read: its entries and the one it shows.
  let dropDown: { chosen: number; entries: string[] } | null = null;
  // A legacy check box (w:checkBox in w:ffData): Word draws its box, no run holds it.
  let checkBox: { checked: boolean } | null = null;

  /** What a legacy form field shows where it stands (no run holds it): deleted, hidden or in the paragraph, as a run there would be. */
  const showAtField = (shown: string, f: Frame | undefined): void => {
    if (delDepth > 0) deleted.add(shown, paraKey());
    else if (runHidden()) hidden.add(shown, paraKey());
    else if (f) {
      if (!f.para) openPara(f);
      f.para!.hasText = true;
      f.builder.append(shown);
    }
  };
  const emit = (raw: string, channel: 'main' | 'deleted' | 'instr'): void => {
    if (!raw) return;
    // Letters typed in a symbol-font run are the font's pictures: Wingdings 2's R draws ☑, its £ ☐.
    const boxes = runBoxes();
    let text = boxes ? symbolText(symbolRunText(raw, boxes)) : symbolText(raw);
    // Letters drawn as capitals (w:caps, w:smallCaps: secret//noforn shows SECRET//NOFORN) read so.
    if (channel !== 'instr' && /[a-z]/.test(text) && runCaps()) {
      const up = text.toUpperCase();
      if (up.length === text.length) text = up;
    }
    // A nested field's result is part of the instruction of the field around it (QUOTE "机{ SYMBOL … }★5年").
    if (channel === 'instr' || inInstr()) {
      const at = fields.lastIndexOf('instr');
      const k = at >= 0 ? at : instrs.length - 1;
      if (k >= 0) {
        instrs[k] += text;
        if (fields[k] === 'result' && instrs[k].length - text.length < 200) noteEnclosed(k);
      }
    } else if (fields.length && fields[fields.length - 1] === 'result' && text.trim()) results[results.length - 1] = true;
    const drawnResult = drawnForm[drawnForm.length - 1] === true && fields[fields.length - 1] === 'result';
    if (tracked && rubyDepth === 0 && channel !== 'instr' && !inInstr() && !drawnResult) {
      const p = frame()?.para;
      if (p) {
        if (channel === 'deleted' || delDepth > 0) (p.before = (p.before ?? '') + text), (p.revised = true);
        else if (runHidden()) {
          // Not shown before the change either.
        } else if (insDepth > 0) p.revised = p.mixed = true;
        else (p.before = (p.before ?? '') + text), (p.mixed = true);
      }
    }
    if (rubyDepth > 0) phonetic.add(text, paraKey());
    else if (channel === 'deleted' || delDepth > 0) deleted.add(text, paraKey());
    else if (channel === 'instr' || inInstr()) fieldCodes.add(text, paraKey());
    else if (drawnResult) {
      // The stored result of a drop-down or check box: the line is also read with it in the
      // place of what Word draws (alternate-content), so a stale result is read in its line.
      const f = frame();
      if (!f) return;
      if (!f.para) openPara(f);
      f.para!.alternate ??= f.para!.shown ?? '';
      f.para!.alternate += text;
    }
    else if (runHidden()) hidden.add(text, paraKey());
    else {
      const f = frame();
      if (!f) return;
      if (!f.para) openPara(f);
      // mc:AlternateContent in the line: Word shows one branch. The line reads with that one, and
      // is read with the others as well (alternate-content): a marking split across a branch
      // Word takes and text outside reads whole, whichever branch Word takes.
      const ac = acStack[acStack.length - 1];
      const branch = ac?.owner === f ? ac.branch : undefined;
      if (branch) f.para!.alternate ??= f.para!.shown ?? '';
      if (branch === 'other') {
        f.para!.alternate += text;
        return;
      }
      if (!branch && f.para!.alternate !== undefined) f.para!.alternate += text;
      f.para!.hasText = true;
      f.builder.append(text);
      f.para!.shown = (f.para!.shown ?? '') + text;
      if (run?.strike) f.para!.struck ||= text.trim() !== '';
      else f.para!.unstruck = (f.para!.unstruck ?? '') + text;
      const c = (f.para!.circled ??= { before: '', mark: '', after: '', stretches: 0, open: false });
      if ((run?.border || enclosing || enclosedResult()) && text.trim()) {
        if (!c.open) (c.open = true), c.stretches++, (c.after = '');
        c.mark += text;
      } else {
        if (text.trim()) c.open = false;
        if (c.stretches) c.after += text;
        else c.before += text;
      }
      (f.para!.shaded ??= new CircledLine()).add(text, !!run?.ground && !sameColour(run.ground, 'FFFFFF'));
      for (const m of openMarks.values()) if (m.text.length < MARK_TEXT) m.text += text;
      if (!replaced()) {
        f.para!.updated = (f.para!.updated ?? '') + text;
        if (f.para!.updatedElse !== undefined) f.para!.updatedElse += text;
      }
      bdo[bdo.length - 1]?.push(text);
      const t = f.tables[f.tables.length - 1];
      if (t?.cellText !== undefined) t.cellText += text;
    }
  };

  /** Closes the innermost field (its w:fldChar end, or a w:fldSimple's close). */
  const endField = (f: Frame | undefined): void => {
    const instr = instrs[instrs.length - 1] ?? '';
    const separated = fields[fields.length - 1] === 'result';
    if (!separated) literalLines(instr);
    const value = separated ? computes[computes.length - 1] : computeField(instr);
    const hadResult = results[results.length - 1];
    fields.pop();
    instrs.pop();
    results.pop();
    computes.pop();
    drawnForm.pop();
    if (enclosedAt.pop()) enclosedOpen--;
    const set = /^\s*(SET|ASK)\s+([^\s\\"]+)\s*(.*)$/is.exec(instr);
    if (set) {
      const arg = set[1].toUpperCase() === 'SET' ? set[3] : (/\\d\s*(.*)$/s.exec(set[3])?.[1] ?? '');
      const v = /^\s*"((?:[^"\\]|\\.)*)"/.exec(arg)?.[1] ?? /^\s*([^\s\\"]+)/.exec(arg)?.[1];
      if (v !== undefined) setValues.set(set[2].toLowerCase(), v.replace(/\\(.)/g, '$1'));
    }
    // An EQ or SYMBOL field stored without a result is drawn from its instruction where it
    // stands (带圈字符 EQ \o\ac(○,机) + 密★5年 shows 机密★5年); in a field's instruction, it is part of it.
    const drawn = hadResult ? undefined : fieldShows(instr);
    if (drawn) {
      enclosing = ENCLOSING.test(instr.slice(0, 200));
      emit(drawn, 'main');
      enclosing = false;
    }
    else if (value !== undefined) {
      if (inInstr()) {
        instrs[fields.lastIndexOf('instr')] += (typeof value === 'string' ? value : value[0]).replace(REF_PLACE, (_, n: string) => marks.get(n) ?? '');
      } else if (delDepth === 0 && !runHidden()) addUpdated(f, value);
    }
  };

  const openPara = (f: Frame): void => {
    f.para = { key: ++keys, hasText: false };
    if (f.body) {
      if (trackPages) f.para.page = page;
      else if (firstBodyPara) f.para.page = 1;
      firstBodyPara = false;
    }
    f.builder.beginParagraph();
  };

  const closePara = (f: Frame): void => {
    const p = f.para;
    if (!p) return;
    const extra: Omit<Block, 'start' | 'end' | 'index'> = { kind: 'paragraph' };
    const table = f.tables[f.tables.length - 1];
    const facts = p.style ? styles.paragraph.get(p.style) : undefined;
    if (table) {
      extra.kind = 'table-cell';
      extra.row = table.row;
      extra.column = table.cellCol;
    } else if (p.outline ?? facts?.heading) extra.kind = 'heading';
    else if (p.numbered ?? facts?.list) extra.kind = 'list-item';
    const align = p.jc ? ALIGN[p.jc] : undefined;
    if (align) extra.align = align;
    if (p.page !== undefined) extra.page = p.page;
    if (p.revised && p.mixed && p.before?.trim()) beforeChanges.add(p.before, p.key);
    if (p.alternate?.trim() && p.alternate !== p.shown) alternates.add(p.alternate, p.key);
    if (p.struck && p.unstruck?.trim()) unstruck.add(p.unstruck, p.key);
    if (p.ringed && p.shown && LEVEL_ROW.test(p.shown) && ringedRows.length < 100) ringedRows.push(p.shown.trim().slice(0, 60));
    const c = p.circled;
    if (c?.stretches === 1) {
      const read = choiceReading(c.before, c.mark, c.after);
      if (read && read.trim() !== (p.shown ?? '').trim() && !unlabelledProse(read, c.mark, p.shown ?? '')) chosen.add(read, p.key);
    }
    // An option highlighted or shaded marks it too, in a row listing the levels, read with its label
    // only: elsewhere a highlight is emphasis (a rule's sentence naming the levels).
    const marked = p.shaded && LEVEL_ROW.test(p.shaded.text()) ? p.shaded.reading() : undefined;
    if (marked && LABELLED.test(marked) && !(c?.stretches === 1 && marked === choiceReading(c.before, c.mark, c.after))) chosen.add(marked, p.key + 0.5);
    if (p.computed) {
      const texts = [p.updated, p.updatedElse].filter((u): u is string => u !== undefined);
      if (texts.some((u) => u.includes(REF_OPEN))) pendingRefs.push({ key: p.key, texts, shown: p.shown ?? '' });
      else {
        if (p.updated?.trim() && p.updated !== p.shown) asUpdated.add(p.updated, p.key);
        if (p.updatedElse?.trim() && p.updatedElse !== p.shown && p.updatedElse !== p.updated) asUpdated.add(p.updatedElse, ++keys);
      }
    }
    f.builder.endParagraph(extra);
    f.para = null;
  };

  /**
   * The label of a paragraph numbered through its paragraph style (the style's, or a style it is
   * based on, `w:numPr`), which the paragraph's own `w:numPr` does not replace: Word draws it in
   * front of the paragraph as it draws its own list's. Decided once, before the paragraph's first
   * content (after its properties, which may name the style or a level), so the label is written first.
   */
  const styleLabel = (f: Frame): void => {
    const p = f.para;
    if (!p || p.labelled) return;
    p.labelled = true;
    if (!lists || p.numId !== undefined || delDepth > 0) return;
    const style = p.style ?? styles.defaultParagraph;
    const facts = style === undefined ? undefined : styles.paragraph.get(style);
    if (!facts?.numId || facts.numId === '0') return;
    const ilvl = p.ilvl ?? facts.ilvl ?? lists.levelOfStyle(facts.numId, style!) ?? 0;
    const label = lists.next(facts.numId, Math.min(8, ilvl));
    if (label) f.builder.append(label);
  };

  const addAlt = (value: string | undefined): void => {
    const v = value?.trim();
    if (!v || altSeen.has(v)) return;
    altSeen.add(v);
    altText.add(v, ++keys);
  };

  parseXml(xml, {
    open(name, a) {
      const parent = stack[stack.length - 1];
      stack.push(name);
      // A content control's title is shown on its tab whenever it is selected (its other settings are skipped).
      if (name === 'alias' && parent === 'sdtPr') addAlt(attr(a, 'val'));
      if (name === 'sdt') (binding = undefined), (placeholder = { showing: false });
      if (name === 'dataBinding' && parent === 'sdtPr' && opts.bound) binding = opts.bound(attr(a, 'storeItemID'), attr(a, 'xpath'));
      if (name === 'docPart' && parent === 'placeholder') placeholder.name = attr(a, 'val');
      if (name === 'showingPlcHdr' && parent === 'sdtPr') placeholder.showing = onOff(attr(a, 'val'));
      if (skipDepth >= 0) return;
      if (SKIP.has(name)) {
        skipDepth = stack.length;
        return;
      }
      if (opts.unit && name === opts.unit.element) {
        const b = opts.unit.make(a);
        if (!b) {
          skipDepth = stack.length;
          return;
        }
        frames.length = 0;
        frames.push({ builder: b, body: false, tables: [], para: null, depth: stack.length });
        return;
      }
      const f = frame();
      if (parent === 'p' && name !== 'pPr' && f?.para && !f.para.labelled) styleLabel(f);
      switch (name) {
        case 'p':
          if (f) {
            if (f.para) closePara(f);
            openPara(f);
          }
          return;
        case 'pStyle':
          if (parent === 'pPr' && f?.para) f.para.style = attr(a, 'val');
          return;
        case 'jc':
          if (parent === 'pPr' && f?.para) f.para.jc = attr(a, 'val');
          return;
        case 'numId':
          if (stack[stack.length - 3] === 'pPr' && f?.para) {
            f.para.numbered = attr(a, 'val') !== '0';
            f.para.numId = attr(a, 'val');
          }
          return;
        case 'ilvl':
          if (stack[stack.length - 3] === 'pPr' && f?.para) f.para.ilvl = Number(attr(a, 'val') ?? 0) || 0;
          return;
        case 'outlineLvl':
          if (parent === 'pPr' && f?.para) f.para.outline = Number(attr(a, 'val') ?? 9) < 9;
          return;
        case 'r':
          run = {};
          return;
        // A control inside a paragraph shows its value in the line; one around paragraphs, as a paragraph.
        case 'sdtContent': {
          // The bound data when it holds text, else the placeholder when it is showing (or the data is empty).
          const shows = (placeholder.showing || binding !== undefined) && placeholder.name ? opts.fieldValue?.('GLOSSARY', placeholder.name) : undefined;
          sdts.push({ depth: stack.length, value: binding?.trim() ? binding : (shows ?? binding), inline: !!f?.para });
          binding = undefined;
          placeholder = { showing: false };
          return;
        }
        // OMML delimiters and n-ary operators draw characters their properties name (m:begChr
        // m:val="机" before the argument): read where they are drawn.
        case 'd':
          if (stack.includes('oMath')) delims.push({ beg: '(', sep: '|', end: ')', args: 0 });
          return;
        case 'begChr':
        case 'sepChr':
        case 'endChr': {
          const d = delims[delims.length - 1];
          if (d && parent === 'dPr') d[name === 'begChr' ? 'beg' : name === 'sepChr' ? 'sep' : 'end'] = attr(a, 'val') ?? '';
          return;
        }
        case 'e': {
          const d = delims[delims.length - 1];
          if (d && parent === 'd') emit(d.args++ === 0 ? d.beg : d.sep, 'main');
          return;
        }
        case 'chr':
          if (parent === 'naryPr' && stack.includes('oMath')) emit(attr(a, 'val') ?? '∫', 'main');
          return;
        case 'bdo':
          bdo.push(attr(a, 'val') === 'rtl' ? [] : null);
          return;
        case 'rt':
          if (parent === 'ruby') rubyDepth++;
          return;
        case 'rStyle':
          if (parent === 'rPr' && stack[stack.length - 3] === 'r' && run) run.style = attr(a, 'val');
          return;
        case 'vanish':
        case 'specVanish':
          if (parent === 'rPr' && stack[stack.length - 3] === 'r' && run) run.vanish = onOff(attr(a, 'val'));
          return;
        case 'prstGeom':
        case 'custGeom':
          // A drawn shape's geometry (an ellipse, a box, a line, a free-form path; not a picture's frame).
          if (f?.para && parent === 'spPr' && stack[stack.length - 3] === 'wsp') f.para.ringed = true;
          return;
        case 'bdr':
          if (parent === 'rPr' && stack[stack.length - 3] === 'r' && run) run.border = !/^(none|nil)$/i.test(attr(a, 'val') ?? 'none');
          return;
        case 'strike':
        case 'dstrike':
          if (parent === 'rPr' && stack[stack.length - 3] === 'r' && run) run.strike ||= onOff(attr(a, 'val'));
          return;
        case 'color':
          if (parent === 'rPr' && stack[stack.length - 3] === 'r' && run) run.colour = runColour(a);
          return;
        case 'sz':
        case 'w':
        case 'spacing':
        case 'position':
          if (parent === 'rPr' && stack[stack.length - 3] === 'r' && run) Object.assign(run, drawnShape(name, a));
          return;
        case 'rFonts':
          if (parent === 'rPr' && stack[stack.length - 3] === 'r' && run) run.font = runFont(a) ?? run.font;
          return;
        case 'highlight':
          if (parent === 'rPr' && stack[stack.length - 3] === 'r' && run) run.ground = HIGHLIGHT[attr(a, 'val') ?? ''];
          return;
        case 'caps':
        case 'smallCaps':
          if (parent === 'rPr' && stack[stack.length - 3] === 'r' && run) run.caps = !!run.caps || onOff(attr(a, 'val'));
          return;
        case 'wsp':
          shapeFill = undefined;
          return;
        case 'textFill':
        case 'textOutline':
          if (parent === 'rPr' && stack[stack.length - 3] === 'r' && run) effect = { kind: name === 'textFill' ? 'fill' : 'outline', depth: stack.length, noFill: false, colours: [], open: 0 };
          return;
        case 'noFill':
          if (effect && parent === (effect.kind === 'fill' ? 'textFill' : 'textOutline')) effect.noFill = true;
          else if (parent === 'spPr' && stack[stack.length - 3] === 'wsp') shapeFill = SEE_THROUGH;
          return;
        case 'srgbClr':
        case 'schemeClr':
        case 'prstClr':
        case 'sysClr':
        case 'scrgbClr':
        case 'hslClr':
          if (parent === 'solidFill' && stack[stack.length - 3] === 'spPr' && stack[stack.length - 4] === 'wsp') shapeFill = name === 'srgbClr' ? hexColour(attr(a, 'val')) : undefined;
          if (effect && !effect.open) {
            effect.open = stack.length;
            effect.colours.push({ rgb: name === 'srgbClr' ? (hexColour(attr(a, 'val')) ?? null) : null, clear: 0 });
          }
          return;
        case 'alpha':
          if (effect?.open === stack.length - 1) effect.colours[effect.colours.length - 1].clear = Number(attr(a, 'val')) || 0;
          // A translucent shape fill is no plain ground.
          else if (stack[stack.length - 3] === 'solidFill' && stack[stack.length - 4] === 'spPr' && stack[stack.length - 5] === 'wsp') shapeFill = undefined;
          return;
        case 'shd':
          if (parent === 'rPr' && stack[stack.length - 3] === 'r' && run) run.ground = shadeColour(a);
          else if (parent === 'pPr' && f?.para) f.para.ground = shadeColour(a);
          else if (parent === 'tcPr') {
            const t = f?.tables[f.tables.length - 1];
            if (t) t.ground = shadeColour(a);
          }
          return;
        case 'background':
          if (parent === 'document') pageGround = hexColour(attr(a, 'color')) ?? 'FFFFFF';
          return;
        case 't':
          textTarget = 'main';
          return;
        case 'delText':
        case 'delInstrText':
          textTarget = 'deleted';
          return;
        case 'instrText':
          textTarget = 'instr';
          return;
        case 'tab':
        case 'ptab':
          if (parent === 'r') emit('\t', 'main');
          return;
        case 'br':
        case 'cr':
          if (parent === 'r') emit('\n', 'main');
          return;
        case 'noBreakHyphen':
          emit('-', 'main');
          return;
        case 'sym': {
          const raw = (attr(a, 'char') ?? '').toUpperCase();
          // Word writes a symbol font's code with or without the F0 private-use prefix.
          const code = /^[0-9A-F]{2}$/.test(raw) ? `F0${raw}` : raw;
          const box = SYMBOL_BOXES[(attr(a, 'font') ?? '').trim().toLowerCase()]?.[code];
          const mapped = box ?? SYMBOL_CHARS[code] ?? (/^[0-9A-F]{4}$/.test(code) && !code.startsWith('F0') ? String.fromCharCode(parseInt(code, 16)) : '');
          emit(mapped, 'main');
          return;
        }
        case 'bookmarkStart': {
          const name = attr(a, 'name')?.toLowerCase();
          if (name && openMarks.size < MARKS_OPEN) openMarks.set(attr(a, 'id') ?? name, { name, text: '' });
          return;
        }
        case 'bookmarkEnd': {
          const id = attr(a, 'id') ?? '';
          const m = openMarks.get(id);
          if (m) {
            openMarks.delete(id);
            if (!marks.has(m.name) && m.text.length < MARK_TEXT) marks.set(m.name, m.text);
          }
          return;
        }
        case 'lastRenderedPageBreak':
          if (f?.body) {
            page++;
            if (f.para && !f.para.hasText) f.para.page = page;
          }
          return;
        case 'del':
        case 'moveFrom':
          // A `w:del` inside run properties only marks a deleted paragraph mark.
          if (parent !== 'rPr') delDepth++;
          return;
        case 'ins':
        case 'moveTo':
          // Empty in run or row properties (an inserted paragraph mark or row): it holds no text.
          insDepth++;
          return;
        case 'fldChar': {
          const t = attr(a, 'fldCharType');
          if (t === 'begin') (fields.push('instr'), instrs.push(''), results.push(false), computes.push(undefined), enclosedAt.push(false), drawnForm.push(false));
          else if (t === 'separate' && fields.length) {
            if (fields[fields.length - 1] === 'instr') {
              const instr = instrs[instrs.length - 1] ?? '';
              literalLines(instr);
              computes[computes.length - 1] = computeField(instr);
            }
            fields[fields.length - 1] = 'result';
            noteEnclosed(fields.length - 1);
          } else if (t === 'end' && fields.length) endField(f);
          return;
        }
        case 'fldSimple': {
          // A simple field: its instruction in an attribute, its runs the stored result.
          const instr = attr(a, 'instr') ?? '';
          fieldCodes.add(instr, ++keys);
          literalLines(instr);
          fields.push('result');
          instrs.push(instr);
          results.push(false);
          computes.push(computeField(instr));
          enclosedAt.push(false);
          drawnForm.push(false);
          noteEnclosed(fields.length - 1);
          return;
        }
        // Legacy form fields: a drop-down shows its chosen entry, which no run holds; its other
        // entries, a text field's default text and the help and status texts are shown on request.
        case 'ddList':
          dropDown = { chosen: 0, entries: [] };
          return;
        case 'result':
          if (parent === 'ddList' && dropDown) dropDown.chosen = Number(attr(a, 'val') ?? 0) || 0;
          return;
        case 'listEntry':
          if (parent === 'ddList' && dropDown) dropDown.entries.push(attr(a, 'val') ?? '');
          return;
        case 'checkBox':
          if (parent === 'ffData') checkBox = { checked: false };
          return;
        case 'checked':
          // w:checked without a value is on; it overrides w:default.
          if (parent === 'checkBox' && checkBox) checkBox.checked = !/^(0|false|off)$/i.test(attr(a, 'val') ?? '1');
          return;
        case 'default':
          if (parent === 'textInput') fieldCodes.add(attr(a, 'val') ?? '', ++keys);
          // Schema order puts w:default before w:checked, which then overrides it.
          if (parent === 'checkBox' && checkBox) checkBox.checked = !/^(0|false|off)$/i.test(attr(a, 'val') ?? '1');
          return;
        case 'helpText':
        case 'statusText':
          if (parent === 'ffData') fieldCodes.add(attr(a, 'val') ?? '', ++keys);
          return;
        case 'tbl':
          f?.tables.push({ row: 0, nextCol: 1, cellCol: 1, span: 1 });
          return;
        case 'tr': {
          const t = f?.tables[f.tables.length - 1];
          if (t) (t.row++, (t.nextCol = 1));
          return;
        }
        case 'gridBefore': {
          const t = f?.tables[f.tables.length - 1];
          if (t) t.nextCol += Math.max(0, Number(attr(a, 'val')) || 0);
          return;
        }
        case 'tc': {
          const t = f?.tables[f.tables.length - 1];
          if (t) (t.cellCol = t.nextCol), (t.span = 1), (t.ground = undefined);
          if (t?.rtl) t.cellText = '';
          return;
        }
        case 'bidiVisual': {
          const t = f?.tables[f.tables.length - 1];
          if (t && parent === 'tblPr') t.rtl = onOff(attr(a, 'val'));
          return;
        }
        case 'tblStyle': {
          const t = f?.tables[f.tables.length - 1];
          if (t && parent === 'tblPr') t.style = attr(a, 'val');
          return;
        }
        case 'gridSpan': {
          const t = f?.tables[f.tables.length - 1];
          if (t && parent === 'tcPr') t.span = Math.max(1, Number(attr(a, 'val')) || 1);
          return;
        }
        case 'sectPr':
          sectionRefs = [];
          return;
        case 'headerReference':
        case 'footerReference': {
          const rid = attr(a, 'id');
          if (rid) sectionRefs.push({ kind: name === 'headerReference' ? 'header' : 'footer', type: attr(a, 'type') ?? 'default', rid, section: 0 });
          return;
        }
        case 'altChunk': {
          const rid = attr(a, 'id');
          if (rid) altChunks.push(rid);
          return;
        }
        case 'AlternateContent':
          acStack.push({ choiceBoxes: [], inFallback: false, ...(f ? { owner: f } : {}) });
          return;
        case 'Choice': {
          const ac = acStack[acStack.length - 1];
          if (!ac) return;
          const known = (attr(a, 'Requires') ?? '').trim().split(/\s+/).every((r) => KNOWN_REQUIRES.test(r));
          ac.branch = !ac.picked && known ? 'shown' : 'other';
          if (known) ac.picked = true;
          return;
        }
        case 'Fallback':
          if (acStack.length) {
            const ac = acStack[acStack.length - 1];
            ac.inFallback = true;
            ac.branch = ac.picked ? 'other' : 'shown';
            ac.picked = true;
          }
          return;
        case 'txbxContent': {
          boxCount++;
          const ac = acStack[acStack.length - 1];
          const b = new PartBuilder(`${file}#text-box-${boxCount}`, 'text-box', { filePart: file, detail: `text box ${boxCount} in ${opts.label}` });
          frames.push({ builder: b, body: false, tables: [], para: null, ac, inFallback: ac?.inFallback, depth: stack.length, place, ground: shapeFill });
          return;
        }
        // Where a DrawingML shape stands: its anchor's offsets and extent.
        case 'anchor':
        case 'inline':
          place = {};
          return;
        case 'extent':
          if (place && (parent === 'anchor' || parent === 'inline')) (place.w = Number(attr(a, 'cx'))), (place.h = Number(attr(a, 'cy')));
          return;
        case 'docPr':
        case 'cNvPr':
          addAlt(attr(a, 'title'));
          addAlt(attr(a, 'descr'));
          return;
        // A link's tooltip is shown on hover; a table's title and description are its alternative text.
        case 'hyperlink':
          addAlt(attr(a, 'tooltip'));
          return;
        case 'tblCaption':
        case 'tblDescription':
          addAlt(attr(a, 'val'));
          return;
        case 'shape':
        case 'rect':
        case 'roundrect':
        case 'oval':
        case 'line':
        case 'polyline':
        case 'arc':
        case 'curve':
        case 'group':
          // A VML shape's description, tooltip and link address travel with it. Drawn over the
          // paragraph it is anchored in, any but a picture, a text box or WordArt may mark an option.
          if (name !== 'group' && f?.para && !VML_NOT_DRAWN_OVER.test(attr(a, 'type') ?? '')) f.para.ringed = true;
          if (name !== 'group') {
            place = vmlPlace(attr(a, 'style'));
            vmlShapeId = attr(a, 'id');
            // VML fills a shape white unless it says another colour or filled="f".
            const filled = attr(a, 'filled');
            const fill = attr(a, 'fillcolor');
            shapeFill = filled === 'f' || filled === 'false' ? SEE_THROUGH : fill === undefined ? 'FFFFFF' : vmlColour(fill);
          }
          addAlt(attr(a, 'alt'));
          addAlt(attr(a, 'title'));
          addAlt(attr(a, 'href'));
          return;
        case 'imagedata':
          addAlt(attr(a, 'title'));
          return;
        case 'textpath': {
          // WordArt: a VML shape draws its textpath's `string` as letters. Word's text watermark
          // (Design → Watermark: 机密) is one, in the header, drawn across every page.
          const lines = (attr(a, 'string') ?? '').split(/\r\n?|\n/).filter((l) => l.trim());
          if (!lines.length || parent !== 'shape') return;
          const ac = acStack[acStack.length - 1];
          const text = lines.join('\n');
          if (ac?.inFallback && ac.choiceBoxes.includes(text)) return;
          wordArtCount++;
          const watermark = /watermark/i.test(vmlShapeId ?? '') ? ' (a watermark)' : '';
          const b = new PartBuilder(`${file}#wordart-${wordArtCount}`, 'text-box', { filePart: file, detail: `WordArt ${wordArtCount}${watermark} in ${opts.label}` });
          for (const l of lines) b.append(l), b.endParagraph({ kind: 'paragraph' });
          textBoxes.push(b);
          const p = place;
          const line = text.trim();
          if (p && !line.includes('\n') && [...line].length <= SHAPE_PIECE && [p.x, p.y, p.w, p.h].every((v) => Number.isFinite(v))) {
            placedBoxes.push({ text: line, x: p.x!, y: p.y!, w: p.w!, h: p.h!, order: placedBoxes.length });
          }
          return;
        }
      }
    },
    close(name) {
      const depth = stack.length;
      stack.pop();
      if (skipDepth >= 0) {
        if (depth === skipDepth) skipDepth = -1;
        return;
      }
      if (effect) {
        if (effect.open === depth) effect.open = 0;
        else if (effect.depth === depth) {
          // Word 2010 and later draw the text fill over w:color: no fill, or every colour (nearly)
          // clear, paints nothing; one RGB colour (or white only) is the colour the text shows in.
          const e = effect;
          effect = null;
          const shown = e.colours.filter((c) => c.clear < CLEAR_UNSEEN);
          if (e.kind === 'outline') run!.outline = !e.noFill && shown.length > 0;
          else if (e.noFill || (e.colours.length > 0 && shown.length === 0)) run!.fillNone = true;
          else if (shown.length > 0 && shown.every((c) => c.rgb !== null && sameColour(c.rgb, shown[0].rgb!))) run!.colour = shown[0].rgb!;
          else if (shown.length > 0 && shown.every((c) => c.rgb !== null && sameColour(c.rgb, 'FFFFFF'))) run!.colour = 'FFFFFF';
        }
      }
      const f = frame();
      switch (name) {
        case 'fldSimple':
          if (fields.length) endField(f);
          return;
        case 'checkBox': {
          const cb = checkBox;
          checkBox = null;
          if (!cb) return;
          // Shown where the field stands, as the box Word draws: ☑ or ☐ (a form's 密级 □绝密 ☑机密).
          showAtField(cb.checked ? '☑' : '☐', f);
          if (drawnForm.length) drawnForm[drawnForm.length - 1] = true;
          return;
        }
        case 'ddList': {
          const dd = dropDown;
          dropDown = null;
          if (!dd) return;
          const shown = dd.entries[dd.chosen] ?? dd.entries[0] ?? '';
          dd.entries.forEach((e, i) => i !== dd.chosen && fieldCodes.add(e, ++keys));
          // Shown where the field stands, as its result would be.
          if (shown) showAtField(shown, f);
          if (drawnForm.length) drawnForm[drawnForm.length - 1] = true;
          return;
        }
        case 'p':
          if (f?.para) styleLabel(f);
          if (f) closePara(f);
          return;
        case 'pPr':
          if (stack[stack.length - 1] === 'p' && f?.para) styleLabel(f);
          return;
        case 'numPr': {
          // The label is part of the paragraph as displayed: written first, so its offsets are exact.
          const p = f?.para;
          if (lists && p?.numId !== undefined && stack[stack.length - 1] === 'pPr' && delDepth === 0) {
            p.labelled = true;
            const label = lists.next(p.numId, Math.min(8, p.ilvl ?? 0));
            if (label) f!.builder.append(label);
          }
          return;
        }
        case 'r':
          run = null;
          return;
        case 'd':
          if (stack.includes('oMath') && delims.length) emit(delims.pop()!.end, 'main');
          return;
        case 'sdtContent': {
          const d = sdts[sdts.length - 1];
          if (!d || d.depth !== depth) return;
          sdts.pop();
          if (d.value === undefined || delDepth > 0) return;
          if (d.inline) addUpdated(f, d.value);
          else if (d.value.trim()) asUpdated.add(d.value, ++keys);
          return;
        }
        case 'bdo': {
          const drawn = bdo.pop();
          // Reversed by code point (a surrogate pair stays one character), as the override draws it.
          if (drawn?.length) shownOrder.add([...drawn.join('')].reverse().join(''), ++keys);
          return;
        }
        case 'rt':
          if (stack[stack.length - 1] === 'ruby' && rubyDepth > 0) rubyDepth--;
          return;
        case 't':
        case 'delText':
        case 'delInstrText':
        case 'instrText':
          textTarget = null;
          return;
        case 'del':
        case 'moveFrom':
          if (stack[stack.length - 1] !== 'rPr' && delDepth > 0) delDepth--;
          return;
        case 'ins':
        case 'moveTo':
          if (insDepth > 0) insDepth--;
          return;
        case 'tbl':
          f?.tables.pop();
          return;
        case 'tc': {
          const t = f?.tables[f.tables.length - 1];
          if (t) t.nextCol = t.cellCol + t.span;
          if (t?.cellText !== undefined) {
            (t.cells ??= []).push(t.cellText.replace(/\s+/g, ' ').trim());
            t.cellText = undefined;
          }
          return;
        }
        case 'tr': {
          const t = f?.tables[f.tables.length - 1];
          if (t?.cells?.length) rtlRows.add(t.cells.reverse().join('\t'), ++keys);
          if (t) t.cells = [];
          return;
        }
        case 'sectPr':
          sectionCount++;
          for (const r of sectionRefs) sections.push({ ...r, section: sectionCount });
          sectionRefs = [];
          return;
        case 'AlternateContent':
          acStack.pop();
          return;
        case 'Choice':
        case 'Fallback':
          if (acStack.length) acStack[acStack.length - 1].branch = undefined;
          return;
        case 'txbxContent': {
          if (!f || f.depth !== depth) return;
          if (f.para) closePara(f);
          frames.pop();
          const text = f.builder.text;
          if (f.ac && !f.inFallback) f.ac.choiceBoxes.push(text);
          // The VML fallback of a DrawingML text box repeats its text: keep it only when it differs.
          const duplicate = f.ac && f.inFallback && f.ac.choiceBoxes.includes(text);
          if (!duplicate && !f.builder.blank) textBoxes.push(f.builder);
          const p = f.place;
          const line = text.trim();
          if (!duplicate && p && line && !line.includes('\n') && [...line].length <= SHAPE_PIECE && [p.x, p.y, p.w, p.h].every((v) => Number.isFinite(v))) {
            placedBoxes.push({ text: line, x: p.x!, y: p.y!, w: p.w!, h: p.h!, order: placedBoxes.length });
          }
          return;
        }
      }
      if (opts.unit && name === opts.unit.element && f && f.depth === depth) {
        if (f.para) closePara(f);
        frames.length = 0;
      }
    },
    text(t) {
      // A DrawingML anchor's offsets (wp:positionH / wp:positionV > wp:posOffset).
      if (place && stack[stack.length - 1] === 'posOffset') {
        const v = Number(t.trim());
        if (Number.isFinite(v)) {
          if (stack[stack.length - 2] === 'positionH') place.x = v;
          else if (stack[stack.length - 2] === 'positionV') place.y = v;
        }
      }
      if (textTarget && skipDepth < 0) emit(t, textTarget);
      // Character data of a run's child that is no text element (an unknown or renamed w:t) is read
      // where it stands: a marking split over runs stays whole.
      else if (!textTarget && skipDepth < 0 && stack[stack.length - 2] === 'r' && t.trim()) emit(t, 'main');
    },
  });
  // A truncated part leaves paragraphs open: close them so their text keeps a block.
  for (const f of frames) if (f.para) closePara(f);
  while (frames.length > (opts.root ? 1 : 0)) {
    const f = frames.pop()!;
    if (f.builder.role === 'text-box' && !f.builder.blank) textBoxes.push(f.builder);
  }
  // REF fields naming a bookmark met later: its text, or nothing when none holds it.
  for (const r of pendingRefs) {
    const resolved = r.texts.map((t) => t.replace(REF_PLACE, (_, n: string) => marks.get(n) ?? ''));
    resolved.forEach((u, i) => {
      if (u.trim() && u !== r.shown && (i === 0 || u !== resolved[0])) asUpdated.add(u, i === 0 ? r.key : ++keys);
    });
  }
  const inPlace = new LineBuilder(`${file}#text-boxes-in-place`, 'text-box', { filePart: file, detail: `text boxes in ${opts.label}, read in the order they stand` });
  for (const line of linesAcrossShapes(placedBoxes)) inPlace.add(line, ++keys);
  return {
    textBoxes,
    boxesInPlace: inPlace.part,
    rtlRows: rtlRows.part,
    beforeChanges: beforeChanges.part,
    alternates: alternates.part,
    unstruck: unstruck.part,
    chosen: chosen.part,
    ringedRows,
    deleted: deleted.part,
    hidden: hidden.part,
    fieldCodes: fieldCodes.part,
    altText: altText.part,
    phonetic: phonetic.part,
    shownOrder: shownOrder.part,
    fieldShown: fieldShown.part,
    asUpdated: asUpdated.part,
    sections,
    altChunks,
    renderedPages: trackPages ? page : undefined,
  };
}
