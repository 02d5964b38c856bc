/**
 * The order in which CSS layout shows sibling elements, where it is not their source order:
 * absolutely or fixed positioned elements placed by `left`/`top` (or `right`/`bottom`), flex and
 * grid items moved by `order` or by grid lines, runs of `float:right`, and elements shifted by
 * `position:relative` offsets or transforms. Spans "★5年" at `left:40px` and "机密" at `left:0`
 * show 机密★5年 though the source holds ★5年机密.
 *
 * No layout is computed: only what the declarations settle by themselves. Where they settle the
 * order, the text of the siblings in that order is returned (to be scanned besides the source
 * reading); where they cannot (offsets in units that cannot be compared, `calc()`, relative
 * offsets or transforms that move text past its neighbours) the group is returned as unresolved,
 * so the caller records a loss rather than guessing. Groups whose order changes nothing (one
 * text-bearing item, or the same text in every order) are neither.
 *
 * Styles come from `style` attributes and from style sheet rules, matched by the last compound of
 * each selector (type, `#id`, `.class`, `:nth-child(n)`, `:first-child`, `:last-child`): a
 * deliberate over-approximation, since any rule that may apply is taken to apply. Of the rules that
 * apply, the cascade decides as a browser does: `!important` first, then the `style` attribute,
 * then the selector's specificity, then the later rule. Vertical writing modes read placed boxes
 * in columns (right to left for `vertical-rl`), each from the top.
 */

/** An element of the page as the reader saw it: its body text range and where it stands in the source. */
export interface LayoutElement {
  name: string;
  style?: string;
  id?: string;
  classes: string[];
  /** Set when the element's own placement cannot be resolved (SVG glyphs placed one by one out of order): why. */
  unresolved?: string;
  /** The `dir` attribute, lower case. */
  dir?: string;
  /** Offset of the start tag in the decoded page text. */
  src: number;
  /** Range of the body part's text written while the element was open. */
  bodyStart: number;
  bodyEnd: number;
  children: LayoutElement[];
}

/** A range of the body text. */
export type Range = [number, number];

export interface ShownGroup {
  /** The parent whose children are reordered. */
  parent: LayoutElement;
  /** Readings of the group as shown: lines, each a list of body text ranges in shown order. */
  readings: Range[][][];
}

export interface UnresolvedGroup {
  parent: LayoutElement;
  /** What could not be resolved, in words. */
  why: string;
}

type Decls = Map<string, string>;

/** Properties that decide where a box is drawn; the rest are not kept. */
const LAYOUT_PROPS = new Set(['writing-mode', 'position', 'left', 'right', 'top', 'bottom', 'inset', 'order', 'display', 'float', 'transform', 'translate', 'rotate', 'scale', 'grid-row', 'grid-column', 'grid-row-start', 'grid-column-start', 'grid-area', 'grid-template-rows', 'grid-template', 'grid-auto-flow', 'columns', 'column-count', 'margin', 'margin-left', 'padding', 'padding-left', 'text-indent', 'direction', 'flex-direction', 'flex-flow']);

/**
 * The placement SVG text attributes give, as CSS: `x`/`y` place a <text> or <tspan> (absolute
 * positioning), `dx` shifts it from where it would stand (a relative offset). Lengths without a
 * unit are user units, taken as px. A list of x values places glyphs one by one: resolved only when
 * the values increase (source order), otherwise `unresolved` says so.
 */
export function svgPlacement(attrs: Record<string, string>): { style: string; unresolved?: string } {
  const num = (v: string | undefined): string[] => (v ?? '').trim().split(/[\s,]+/).filter(Boolean);
  const unit = (v: string): string => (/^[+-]?(\d+\.?\d*|\.\d+)$/.test(v) ? `${v}px` : v);
  const xs = num(attrs.x);
  const ys = num(attrs.y);
  const dxs = num(attrs.dx);
  const dys = num(attrs.dy);
  const out: string[] = [];
  // x with dx: the first glyph stands at their sum (user units), as y with dy.
  const plus = (a: string, d: string | undefined): string => (d !== undefined && /^[+-]?(\d+\.?\d*|\.\d+)$/.test(a) && /^[+-]?(\d+\.?\d*|\.\d+)$/.test(d) ? String(parseFloat(a) + parseFloat(d)) : a);
  if (xs.length) out.push('position:absolute', `left:${unit(plus(xs[0], dxs[0]))}`);
  if (ys.length && xs.length) out.push(`top:${unit(plus(ys[0], dys[0]))}`);
  if (!xs.length && (dxs.length || dys.length)) out.push('position:relative', ...(dxs.length ? [`left:${unit(dxs[0])}`] : []), ...(dys.length ? [`top:${unit(dys[0])}`] : []));
  const increasing = (l: string[]): boolean => l.every((v, i) => i === 0 || parseFloat(v) >= parseFloat(l[i - 1]));
  const unresolved = (xs.length > 1 && !increasing(xs)) || dxs.slice(1).some((v) => Math.abs(parseFloat(v)) > 8) ? `SVG glyphs placed one by one out of order (x="${attrs.x ?? ''}"${attrs.dx ? ` dx="${attrs.dx}"` : ''})` : undefined;
  return { style: out.join(';'), ...(unresolved ? { unresolved } : {}) };
}

/**
 * Declarations of a block, layout properties only, later ones winning (`!important` dropped).
 * With `important`, the `!important` ones are put there instead of in `into`.
 */
export function parseDecls(block: string, into: Decls = new Map(), important?: Decls, props: ReadonlySet<string> = LAYOUT_PROPS): Decls {
  for (const d of block.split(';')) {
    const c = d.indexOf(':');
    if (c < 0) continue;
    const prop = d.slice(0, c).trim().toLowerCase();
    if (!props.has(prop)) continue;
    const raw = d.slice(c + 1);
    const value = raw.replace(/!\s*important/i, '').trim().toLowerCase();
    if (important && /!\s*important/i.test(raw)) important.set(prop, value);
    else into.set(prop, value);
  }
  return into;
}

export interface Compound {
  tag?: string;
  id?: string;
  classes: string[];
  nth?: number;
  last?: boolean;
}

export interface Rule {
  match: Compound;
  decls: Decls;
  important: Decls;
  /** Specificity of the whole selector (ids, classes and pseudo-classes, types), as one comparable number. */
  specificity: number;
}

/**
 * Specificity of a selector as one number (ids × 10⁶ + classes, attributes and pseudo-classes ×
 * 10³ + types and pseudo-elements): what decides between two rules that set one property, before
 * their order in the sheet. `:not()`, `:is()` and `:has()` count their argument; `:where()` nothing.
 */
export function specificity(sel: string): number {
  let s = sel.replace(/:where\((?:[^()]|\([^()]*\))*\)/gi, '');
  s = s.replace(/:(?:not|is|has|matches)\(((?:[^()]|\([^()]*\))*)\)/gi, ' $1 ');
  s = s.replace(/"[^"]*"|'[^']*'/g, '');
  const ids = (s.match(/#[\w-]+/g) ?? []).length;
  const classes = (s.match(/\.[\w-]+|\[[^\]]*\]|(?<!:):(?!:)[\w-]+/g) ?? []).filter((m) => !/^:(before|after|first-line|first-letter)$/i.test(m)).length;
  const pseudoElements = (s.match(/::[\w-]+|:(?:before|after|first-line|first-letter)\b/gi) ?? []).length;
  const types = (s.replace(/\[[^\]]*\]/g, '').match(/(?:^|[\s>+~(])([a-z][\w-]*)/gi) ?? []).length;
  return ids * 1e6 + classes * 1e3 + types + pseudoElements;
}

/** The last compound selector of `sel`, or undefined for one that draws no element's own box (`::before`). */
export function lastCompound(sel: string): Compound | undefined {
  const parts = sel.trim().split(/\s*[\s>+~]\s*/);
  // :not(…) only narrows: taken to match, so its classes and ids are not required (.a:not(.b) is .a).
  const last = parts[parts.length - 1]?.replace(/:not\([^)]*\)/gi, '');
  if (!last || /::?(before|after|marker|placeholder|selection|first-letter|first-line)/i.test(last)) return undefined;
  const c: Compound = { classes: [] };
  const tag = /^([a-z][\w-]*)/i.exec(last);
  if (tag) c.tag = tag[1].toLowerCase();
  for (const m of last.matchAll(/#([\w-]+)/g)) c.id = m[1];
  for (const m of last.matchAll(/\.([\w-]+)/g)) c.classes.push(m[1]);
  const nth = /:nth-(?:child|of-type)\(\s*(\d+)\s*\)/i.exec(last);
  if (nth) c.nth = Number(nth[1]);
  if (/:first-(child|of-type)/i.test(last)) c.nth = 1;
  if (/:last-(child|of-type)/i.test(last)) c.last = true;
  return c;
}

/**
 * Each `selector { block }` that holds no other block, as `/([^{}]+)\{([^{}]*)\}/g` finds them, in
 * one pass (that regex retries from every character of a sheet without braces: quadratic).
 */
export function* innermostBlocks(css: string): Generator<[string, string]> {
  // Where the text since the last brace starts; the last brace if it is a `{` with a selector before it.
  let boundary = 0;
  let open = -1;
  let selStart = 0;
  for (let i = 0; i < css.length; i++) {
    const c = css.charCodeAt(i);
    if (c === 0x7b) {
      open = i > boundary ? i : -1;
      selStart = boundary;
      boundary = i + 1;
    } else if (c === 0x7d) {
      if (open >= 0) yield [css.slice(selStart, open), css.slice(open + 1, i)];
      open = -1;
      boundary = i + 1;
    }
  }
}

/** The rules of a style sheet that set layout properties (or `props`). At-rule wrappers are read through. */
export function layoutRules(css: string, props: ReadonlySet<string> = LAYOUT_PROPS): Rule[] {
  const out: Rule[] = [];
  const clean = css.replace(/\/\*[\s\S]*?(\*\/|$)/g, ' ');
  for (const [selector, block] of innermostBlocks(clean)) {
    const important: Decls = new Map();
    const decls = parseDecls(block, new Map(), important, props);
    if (decls.size === 0 && important.size === 0) continue;
    for (const sel of selector.replace(/^\s*@[^{]*$/, '').split(',')) {
      const c = lastCompound(sel);
      if (c) out.push({ match: c, decls, important, specificity: specificity(sel) });
    }
  }
  // The cascade: the more specific rule wins, then the later one (a stable sort keeps sheet order).
  return out.sort((a, b) => a.specificity - b.specificity);
}

export function matches(c: Compound, el: Pick<LayoutElement, 'name' | 'id' | 'classes'>, index: number, count: number): boolean {
  if (c.tag && c.tag !== '*' && c.tag !== el.name) return false;
  if (c.id && c.id !== el.id) return false;
  for (const k of c.classes) if (!el.classes.includes(k)) return false;
  if (c.nth !== undefined && c.nth !== index + 1) return false;
  if (c.last && index !== count - 1) return false;
  return true;
}

/** Pixels per unit of the absolute units (CSS 1in = 96px); `em`/`rem` taken at 16px, comparable only among themselves. */
const UNIT_PX: Record<string, number> = { px: 1, pt: 4 / 3, pc: 16, in: 96, cm: 96 / 2.54, mm: 96 / 25.4, q: 96 / 101.6 };

/** A length as `[value, unit class]`: absolute units become px; relative ones keep their unit. Undefined when not a plain length. */
function length(v: string | undefined): [number, string] | undefined | 'unresolved' {
  if (v === undefined || v === 'auto' || v === '') return undefined;
  const m = /^([+-]?(?:\d+\.?\d*|\.\d+))([a-z%]*)$/.exec(v.trim());
  if (!m) return 'unresolved';
  const n = Number(m[1]);
  const unit = m[2] || (n === 0 ? 'px' : '');
  if (n === 0) return [0, 'px'];
  if (UNIT_PX[unit] !== undefined) return [n * UNIT_PX[unit], 'px'];
  if (!unit) return 'unresolved';
  return [n, unit];
}

/** Axis coordinates of a group of items, comparable, or a reason they are not. */
function axis(values: Array<[number, string] | undefined | 'unresolved'>): number[] | string | undefined {
  if (values.every((v) => v === undefined)) return undefined;
  if (values.some((v) => v === 'unresolved')) return 'an offset written with calc(), var() or another expression';
  const units = new Set(values.filter((v): v is [number, string] => Array.isArray(v) && v[0] !== 0).map((v) => v[1]));
  if (units.size > 1) return `offsets in units that cannot be compared (${[...units].join(', ')})`;
  return values.map((v) => (Array.isArray(v) ? v[0] : NaN));
}

const WS = /^[\s\u00a0]*$/;

/** A horizontal shift in px, Infinity when not comparable (%, viewport units, expressions), 0 for none. */
function shiftPx(v: string | undefined): number {
  const l = length(v?.trim());
  if (l === undefined) return 0;
  if (l === 'unresolved') return Infinity;
  return l[1] === 'px' ? Math.abs(l[0]) : l[1] === 'em' || l[1] === 'rem' ? Math.abs(l[0]) * 16 : Infinity;
}

/** The left value of a `margin` or `padding` shorthand (its 4th, 2nd or only value). */
function side(v: string | undefined): string | undefined {
  const parts = v?.trim().split(/\s+/);
  if (!parts?.length) return undefined;
  return parts[parts.length === 4 ? 3 : parts.length >= 2 ? 1 : 0];
}

/** How far a negative length pulls back, in px (em at 16px); 0 for none or for units not comparable (%, vw). */
function pullPx(v: string | undefined): number {
  const l = length(v?.trim());
  if (!Array.isArray(l) || l[0] >= 0) return 0;
  const px = l[1] === 'px' ? -l[0] : l[1] === 'em' || l[1] === 'rem' ? -l[0] * 16 : 0;
  return px < 900 ? px : 0;
}

/**
 * A placed box's `left` plus its margin-left, padding-left and text-indent: where its text starts.
 * Lengths of one unit are added; px with em (at 16px) in px; other mixtures are not comparable.
 */
function indented(left: ReturnType<typeof length>, d: Decls): ReturnType<typeof length> {
  if (!Array.isArray(left)) return left;
  const px = (x: [number, string]): number => (x[1] === 'px' ? x[0] : x[1] === 'em' || x[1] === 'rem' ? x[0] * 16 : NaN);
  // A box put a screen or more off to the left (the hiding idiom) stays off whatever is added.
  if (px(left) <= -900) return left;
  let sum: [number, string] = left;
  for (const v of [d.get('margin-left') ?? side(d.get('margin')), d.get('padding-left') ?? side(d.get('padding')), d.get('text-indent')]) {
    const l = length(v);
    if (l === undefined) continue;
    if (l === 'unresolved') return 'unresolved';
    if (l[0] === 0) continue;
    if (sum[0] === 0 || sum[1] === l[1]) sum = [sum[0] + l[0], l[1]];
    else {
      const n = px(sum) + px(l);
      if (Number.isNaN(n)) return 'unresolved';
      sum = [n, 'px'];
    }
  }
  return sum;
}

/** Degrees of an angle (`180deg`, `0.5turn`, `3.14rad`, `200grad`), NaN when not one. */
function degrees(v: string): number {
  const m = /^([+-]?(?:\d+\.?\d*|\.\d+))(deg|turn|rad|grad)?$/.exec(v.trim());
  if (!m) return NaN;
  const n = Number(m[1]);
  return m[2] === 'turn' ? n * 360 : m[2] === 'rad' ? (n * 180) / Math.PI : m[2] === 'grad' ? n * 0.9 : n;
}

/**
 * Whether a box's transform may move its text past its neighbours or turn it around: a horizontal
 * shift of more than half an em (or in units not comparable), a turn of 90° or more, a mirror
 * (negative scale), a matrix that does either. Vertical shifts (the centring idiom) and small tilts do not.
 */
function movesText(d: Decls): string | undefined {
  if (!d.has('transform') && !d.has('translate') && !d.has('rotate') && !d.has('scale')) return undefined;
  const t = d.get('transform') ?? '';
  const say = (what: string): string => `a transform that may move or turn text (${what})`;
  for (const m of t.matchAll(/([a-z3]+)\(([^)]*)\)/g)) {
    const fn = m[1];
    const args = m[2].split(/\s*,\s*|\s+/).filter(Boolean);
    // Half its own width or less (the centring idiom, translate(-50%, -50%)) leaves a box in its place.
    const centring = /^[+-]?(\d+\.?\d*|\.\d+)%$/.test(args[0] ?? '') && Math.abs(parseFloat(args[0])) <= 50;
    if ((fn === 'translate' || fn === 'translatex' || fn === 'translate3d') && !centring && shiftPx(args[0]) > 8) return say(m[0]);
    if ((fn === 'rotate' || fn === 'rotatez') && !(Math.abs(degrees(args[0] ?? '0') % 360) < 90 || Math.abs(degrees(args[0] ?? '0') % 360) > 270)) return say(m[0]);
    if ((fn === 'rotatey' || fn === 'rotate3d') && args.length) return say(m[0]);
    if ((fn === 'scale' || fn === 'scalex' || fn === 'scale3d') && Number(args[0]) < 0) return say(m[0]);
    if (fn === 'matrix' || fn === 'matrix3d') {
      const a = Number(args[0]);
      const e = fn === 'matrix' ? Number(args[4]) : Number(args[12]);
      if (!(a > 0) || !(Math.abs(e) <= 8)) return say(m[0]);
    }
  }
  if (/var\(|calc\(/.test(t) && /translate|matrix|rotate|scale/.test(t)) return say(t);
  const tr = d.get('translate');
  if (tr && shiftPx(tr.split(/\s+/)[0]) > 8) return `a translate that may move text (${tr})`;
  const rot = d.get('rotate');
  if (rot && rot !== 'none') {
    const deg = degrees(rot.split(/\s+/).pop() ?? '0');
    if (!(Math.abs(deg % 360) < 90 || Math.abs(deg % 360) > 270)) return `a rotation that may turn text (${rot})`;
  }
  const sc = d.get('scale');
  if (sc && Number(sc.split(/\s+/)[0]) < 0) return `a mirroring scale (${sc})`;
  return undefined;
}

/** The unit class of the vertical offsets (px unless all are in one relative unit). */
function yUnit(top: Array<[number, string] | undefined | 'unresolved'>, bottom: Array<[number, string] | undefined | 'unresolved'>): string {
  const v = [...top, ...bottom].find((x): x is [number, string] => Array.isArray(x) && x[0] !== 0);
  return v ? v[1] : 'px';
}

/**
 * Boxes in reading order: lines from the top (boxes whose tops differ by under half a line, 8px or
 * 0.5 of a relative unit, share a line — a baseline shift does not start one), each left to right.
 */
function rows<T>(boxes: Array<{ it: T; x: number; y: number; i: number }>, unit: string): T[][] {
  const tolerance = unit === 'px' ? 8 : unit === 'em' || unit === 'rem' ? 0.5 : 0;
  const byY = [...boxes].sort((a, b) => a.y - b.y || a.i - b.i);
  const lines: Array<typeof boxes> = [];
  for (const b of byY) {
    const line = lines[lines.length - 1];
    if (line && b.y - line[0].y <= tolerance) line.push(b);
    else lines.push([b]);
  }
  return lines.map((l) => l.sort((a, b) => a.x - b.x || a.i - b.i).map((b) => b.it));
}

/**
 * How many tracks a `grid-template-rows` value sets: sizes, `minmax()`/`fit-content()` one each,
 * `repeat(n, …)` n times its tracks, line names none. Undefined when not countable (`repeat(auto-fill, …)`, `subgrid`, `none`).
 */
export function trackCount(v: string | undefined): number | undefined {
  if (!v || /auto-fill|auto-fit|subgrid|none|var\(/.test(v)) return undefined;
  const s = v.replace(/\[[^\]]*\]/g, ' ');
  let n = 0;
  let rest = s;
  for (const m of s.matchAll(/repeat\(\s*(\d+)\s*,((?:[^()]|\([^()]*\))*)\)/g)) {
    const inner = trackCount(m[2]);
    if (inner === undefined) return undefined;
    n += Number(m[1]) * inner;
    rest = rest.replace(m[0], ' ');
  }
  if (/repeat\(/.test(rest)) return undefined;
  // One track per top-level token; minmax(a, b) and the like count once.
  n += (rest.replace(/[\w-]+\((?:[^()]|\([^()]*\))*\)/g, 'x').match(/\S+/g) ?? []).length;
  return n > 0 && n <= 1000 ? n : undefined;
}

/** Items dealt into `n` lines in turn (item i to line i mod n): rows of a grid filled column by column. */
function strided<T>(items: T[], n: number): T[][] {
  const lines: T[][] = Array.from({ length: n }, () => []);
  items.forEach((it, i) => lines[i % n].push(it));
  return lines;
}

/** Elements a browser lays out as blocks unless told otherwise. */
const BLOCK_TAGS = new Set(['div', 'p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'li', 'ul', 'ol', 'dl', 'dt', 'dd', 'section', 'article', 'header', 'footer', 'nav', 'aside', 'main', 'blockquote', 'pre', 'table', 'form', 'figure', 'figcaption', 'address', 'fieldset', 'details', 'summary', 'center', 'hgroup']);

/** Whether an item of a group is an element laid out as a block box (by its `display`, else by its tag). */
function isBlock(it: { d: Decls; el?: LayoutElement }): boolean {
  if (!it.el) return false;
  const display = it.d.get('display');
  if (display) return /^(block|flex|grid|table|list-item|flow-root)\b/.test(display);
  return BLOCK_TAGS.has(it.el.name);
}

/** The shown orders and the unresolved groups of the tree under `root`. */
export function layoutOrders(root: LayoutElement, css: string, body: string): { shown: ShownGroup[]; unresolved: UnresolvedGroup[] } {
  const rules = layoutRules(css);
  const shown: ShownGroup[] = [];
  const unresolved: UnresolvedGroup[] = [];
  const decls = new Map<LayoutElement, Decls>();
  const styleOf = (el: LayoutElement, index: number, count: number): Decls => {
    let d = decls.get(el);
    if (d) return d;
    d = new Map();
    const applying = rules.filter((r) => matches(r.match, el, index, count));
    const inlineImportant: Decls = new Map();
    for (const r of applying) for (const [k, v] of r.decls) d.set(k, v);
    if (el.style) parseDecls(el.style, d, inlineImportant);
    // !important declarations beat the style attribute's ordinary ones; an important one in the style attribute beats them all.
    for (const r of applying) for (const [k, v] of r.important) d.set(k, v);
    for (const [k, v] of inlineImportant) d.set(k, v);
    decls.set(el, d);
    return d;
  };
  const text = (r: Range): string => body.slice(r[0], r[1]);
  const walk = (el: LayoutElement, index: number, count: number, inherited: string, inheritedMode: string): void => {
    const own = styleOf(el, index, count);
    // Direction is inherited: from the `dir` attribute or `direction`, the nearest one winning.
    const dir = own.get('direction') ?? (el.dir === 'rtl' || el.dir === 'ltr' ? el.dir : inherited);
    // So is the writing mode (`vertical-rl`, `vertical-lr`, `sideways-*`, `tb-rl`).
    const mode = own.get('writing-mode') ?? inheritedMode;
    el.children.forEach((c, i) => walk(c, i, el.children.length, dir, mode));
    if (el.children.length === 0) return;
    // Most groups set nothing that places their boxes: nothing to read, nothing to slice.
    const display = own.get('display') ?? '';
    const verticalRl = /^(vertical-rl|sideways-rl|tb)/.test(mode);
    if (dir !== 'rtl' && !verticalRl && !/flex|grid/.test(display) && !own.has('columns') && !own.has('column-count') && !el.children.some((c, i) => styleOf(c, i, el.children.length).size > 0 || c.unresolved)) return;
    // The items of the group: element children, and the parent's own text between them.
    type Item = { range: Range; d: Decls; el?: LayoutElement };
    const items: Item[] = [];
    let at = el.bodyStart;
    for (const [i, c] of el.children.entries()) {
      if (c.bodyStart > at) items.push({ range: [at, c.bodyStart], d: new Map() });
      items.push({ range: [c.bodyStart, c.bodyEnd], d: styleOf(c, i, el.children.length), el: c });
      at = Math.max(at, c.bodyEnd);
    }
    if (el.bodyEnd > at) items.push({ range: [at, el.bodyEnd], d: new Map() });
    const inked = items.filter((it) => !WS.test(text(it.range)));
    if (inked.length < 2 || new Set(inked.map((it) => text(it.range).trim())).size < 2) return;
    const readings: Range[][][] = [];
    const fail = (why: string): void => void unresolved.push({ parent: el, why });
    const sourceOrder = inked.map((it) => text(it.range).trim()).join('');
    const add = (lines: Item[][]): void => {
      if (lines.map((l) => l.map((it) => text(it.range).trim()).join('')).join('') === sourceOrder && lines.length === 1) return;
      readings.push(lines.map((l) => l.map((it) => it.range)));
    };

    // Transforms and relative offsets move a box by its own size or more: not resolvable here.
    for (const it of inked) {
      if (it.el?.unresolved) return fail(it.el.unresolved);
      const moved = movesText(it.d);
      if (moved) return fail(moved);
      if (it.d.get('position') === 'relative') {
        // A nudge of under half an em keeps the text in its place among its neighbours.
        for (const p of ['left', 'right']) if (shiftPx(it.d.get(p)) > 8) return fail(`a relative offset that may move text past its neighbours (${p}: ${it.d.get(p)})`);
      }
    }
    // An inline box pulled back by a negative margin (or an inline block's negative indent) of more
    // than an em over the inline content before it on its line may be drawn over or before it: how
    // far depends on widths, which are not known. Smaller pulls (borders merged, -1px), blocks, and
    // pulls of a screen or more (the off-screen hiding idiom: the text is not drawn here) do not.
    const inFlowInline = (it: Item): boolean => !isBlock(it) && !/absolute|fixed/.test(it.d.get('position') ?? '') && (it.d.get('float') ?? 'none') === 'none';
    for (const [k, it] of inked.entries()) {
      if (k === 0 || !it.el || !inFlowInline(it) || !inFlowInline(inked[k - 1])) continue;
      const margin = it.d.get('margin-left') ?? side(it.d.get('margin'));
      const indent = /inline-/.test(it.d.get('display') ?? '') ? it.d.get('text-indent') : undefined;
      for (const [p, v] of [['margin-left', margin], ['text-indent', indent]] as const) if (pullPx(v) > 16) return fail(`an inline box pulled back over its neighbours (${p}: ${v})`);
    }

    // Absolutely positioned items are drawn where their offsets put them.
    const placed = inked.filter((it) => it.d.get('position') === 'absolute' || it.d.get('position') === 'fixed');
    if (placed.length >= 2) {
      const inset = (it: Item, i: number): string | undefined => it.d.get('inset')?.split(/\s+/)[i];
      // A box's text starts past its margin, padding and first-line indent: pieces at one `left`
      // are set apart by these (left:0;margin-left:1em 密★5年 stands after left:0 机).
      const left = placed.map((it) => indented(length(it.d.get('left') ?? inset(it, 3) ?? inset(it, 0)), it.d));
      const right = placed.map((it) => length(it.d.get('right') ?? inset(it, 1) ?? inset(it, 0)));
      const top = placed.map((it) => length(it.d.get('top') ?? inset(it, 0)));
      const bottom = placed.map((it) => length(it.d.get('bottom') ?? inset(it, 2) ?? inset(it, 0)));
      const byLeft = left.every((v) => v !== undefined);
      const byRight = !byLeft && right.every((v) => v !== undefined);
      const x = byLeft ? axis(left) : byRight ? axis(right) : undefined;
      const y = top.every((v) => v !== undefined) ? axis(top) : bottom.every((v) => v !== undefined) && top.every((v) => v === undefined) ? axis(bottom) : top.some((v) => v !== undefined) || bottom.some((v) => v !== undefined) ? 'some items placed from the top, others from the bottom' : undefined;
      if (typeof x === 'string') return fail(x);
      if (typeof y === 'string') return fail(y);
      const anchoredBoth = !byLeft && !byRight && left.some((v) => v !== undefined) && right.some((v) => v !== undefined);
      const ys = y ? (top.every((v) => v !== undefined) ? y : y.map((v) => -v)) : placed.map(() => 0);
      if (x || !anchoredBoth) {
        const xs = x ? (byLeft ? x : x.map((v) => -v)) : placed.map((_, i) => i);
        const vertical = /^(vertical|sideways|tb)/.test(mode);
        if (!vertical) add(rows(placed.map((it, i) => ({ it, x: xs[i], y: ys[i], i })), yUnit(top, bottom)));
        // Vertical text: columns from the right (from the left in vertical-lr and sideways-lr), each read from the top.
        else add(rows(placed.map((it, i) => ({ it, x: ys[i], y: /-lr$/.test(mode) ? xs[i] : -xs[i], i })), x ? (left.concat(right).find((v): v is [number, string] => Array.isArray(v) && v[0] !== 0)?.[1] ?? 'px') : 'px'));
      } else {
        // Some placed from the left, others from the right: without widths the two sides cannot be
        // ordered against each other, so both orders are read (each side in its own order).
        const leftSide = placed.map((it, i) => ({ it, v: left[i], y: ys[i], i })).filter((o) => Array.isArray(o.v));
        const rightSide = placed.map((it, i) => ({ it, v: right[i], y: ys[i], i })).filter((o) => !Array.isArray(left[o.i]) && Array.isArray(o.v));
        const lx = axis(leftSide.map((o) => o.v));
        const rx = axis(rightSide.map((o) => o.v));
        if (typeof lx === 'string') return fail(lx);
        if (typeof rx === 'string') return fail(rx);
        const ls = leftSide.map((o, k) => ({ ...o, x: lx ? lx[k] : k })).sort((a, b) => a.y - b.y || a.x - b.x).map((o) => o.it);
        const rs = rightSide.map((o, k) => ({ ...o, x: rx ? -rx[k] : k })).sort((a, b) => a.y - b.y || a.x - b.x).map((o) => o.it);
        add([[...ls, ...rs]]);
        add([[...rs, ...ls]]);
      }
    }

    // Flex and grid items are laid out by `order`, then source order; grid items by their lines.
    // A reversed flex axis (below) then lays out that order, not the source's.
    let flexOrder = inked;
    if (/flex|grid/.test(display)) {
      const orders = inked.map((it) => it.d.get('order'));
      if (orders.some((o) => o !== undefined && o !== '0')) {
        if (orders.some((o) => o !== undefined && !/^[+-]?\d+$/.test(o))) return fail(`a flex or grid order that is not a whole number (${orders.find((o) => o !== undefined && !/^[+-]?\d+$/.test(o))})`);
        flexOrder = inked.map((it, i) => ({ it, o: Number(orders[i] ?? 0), i })).sort((a, b) => a.o - b.o || a.i - b.i).map((o) => o.it);
        add([flexOrder]);
      }
      if (/grid/.test(display)) {
        const line = (it: Item, which: 'row' | 'column'): number | undefined | 'unresolved' => {
          const v = it.d.get(`grid-${which}-start`) ?? it.d.get(`grid-${which}`)?.split('/')[0] ?? (it.d.get('grid-area')?.split('/')[which === 'row' ? 0 : 1]);
          if (v === undefined || v.trim() === 'auto') return undefined;
          return /^\s*\d+\s*$/.test(v) ? Number(v) : 'unresolved';
        };
        const rows = inked.map((it) => line(it, 'row'));
        const cols = inked.map((it) => line(it, 'column'));
        if (rows.some((v) => v !== undefined) || cols.some((v) => v !== undefined)) {
          if ([...rows, ...cols].includes('unresolved')) return fail('grid items placed by named lines or areas');
          if (rows.some((v) => v === undefined) && rows.some((v) => v !== undefined)) return fail('grid items some placed, some auto-placed');
          if (cols.some((v) => v === undefined) && cols.some((v) => v !== undefined)) return fail('grid items some placed, some auto-placed');
          const order = inked.map((it, i) => ({ it, r: (rows[i] as number | undefined) ?? 0, c: (cols[i] as number | undefined) ?? 0, i })).sort((a, b) => a.r - b.r || a.c - b.c || a.i - b.i);
          const lines: Item[][] = [];
          let last = NaN;
          for (const o of order) {
            if (o.r !== last) lines.push([]);
            lines[lines.length - 1].push(o.it);
            last = o.r;
          }
          add(lines);
        } else if (/column/.test(own.get('grid-auto-flow') ?? '')) {
          // Auto-placed down the columns: item i stands in row i mod R, so a row read across holds
          // every R-th item (机/公/密★5年/开 in two rows shows 机密★5年 on the first).
          const r = trackCount(own.get('grid-template-rows') ?? own.get('grid-template')?.split('/')[0]);
          if (r !== undefined && r >= 2 && r < flexOrder.length) add(strided(flexOrder, r));
        }
      }
    }

    // Multi-column: blocks fill the first column, then the next. Column heights are not known,
    // so the items are taken as shared evenly; the k-th of each column then stand side by side.
    const colCount = Number((own.get('column-count') ?? own.get('columns')?.split(/\s+/).find((v) => /^\d+$/.test(v))) ?? NaN);
    if (Number.isInteger(colCount) && colCount >= 2 && inked.length > colCount) add(strided(inked, Math.ceil(inked.length / colCount)));

    // Boxes laid out along a reversed axis: flex row-reverse (or a row in a right-to-left flex
    // container), table cells and inline blocks of a right-to-left row. Text inside one box keeps
    // its order (CJK and Latin letters run left to right whatever the direction).
    const flexDir = own.get('flex-direction') ?? own.get('flex-flow')?.split(/\s+/).find((v) => /row|column/.test(v)) ?? 'row';
    const isFlex = /flex/.test(display);
    const boxes = inked.every((it) => it.el && (/inline-(block|flex|grid|table)|table-cell/.test(it.d.get('display') ?? '') || it.el.name === 'td' || it.el.name === 'th'));
    const rowReversed = isFlex ? /row-reverse/.test(flexDir) !== (dir === 'rtl' && /^row/.test(flexDir)) : (el.name === 'tr' || boxes) && dir === 'rtl';
    if (rowReversed || (isFlex && /column-reverse/.test(flexDir))) add([[...(isFlex ? flexOrder : inked)].reverse()]);

    // Boxes floated right stack from the right edge: the first stands rightmost.
    const floatRight = inked.filter((it) => it.d.get('float') === 'right');
    if (floatRight.length >= 2 || (floatRight.length === 1 && inked.length >= 2 && inked.indexOf(floatRight[0]) < inked.length - 1)) {
      add([[...inked.filter((it) => it.d.get('float') !== 'right'), ...floatRight.reverse()]]);
    }
    // In vertical-rl, block boxes stand as columns from the right: across the page the last one
    // comes first (<div>年</div>…<div>机</div> one character each shows 机密★5年 across). Each
    // column keeps its own text, read top to bottom; a run of inline content is one column.
    // (vertical-lr sets columns from the left: the source order, read already.)
    if (verticalRl) {
      const cols: Item[][] = [];
      for (const it of inked) {
        const last = cols[cols.length - 1];
        if (!isBlock(it) && last && !isBlock(last[0])) last.push(it);
        else cols.push([it]);
      }
      if (cols.filter((c) => isBlock(c[0])).length >= 2) add([cols.reverse().flat()]);
    }
    if (readings.length) shown.push({ parent: el, readings });
  };
  walk(root, 0, 1, 'ltr', 'horizontal-tb');
  return { shown, unresolved };
}

/** A 2D affine transform `[a, b, c, d, e, f]`: (x, y) → (a·x + c·y + e, b·x + d·y + f). */
export type Affine = [number, number, number, number, number, number];
export const IDENTITY: Affine = [1, 0, 0, 1, 0, 0];

/** `p` then `q` applied inside it (the matrix product p·q). */
export function compose(p: Affine, q: Affine): Affine {
  return [p[0] * q[0] + p[2] * q[1], p[1] * q[0] + p[3] * q[1], p[0] * q[2] + p[2] * q[3], p[1] * q[2] + p[3] * q[3], p[0] * q[4] + p[2] * q[5] + p[4], p[1] * q[4] + p[3] * q[5] + p[5]];
}

export function invert(m: Affine): Affine | undefined {
  const det = m[0] * m[3] - m[1] * m[2];
  if (!Number.isFinite(det) || Math.abs(det) < 1e-12) return undefined;
  const [a, b, c, d, e, f] = m;
  return [d / det, -b / det, -c / det, a / det, (c * f - d * e) / det, (b * e - a * f) / det];
}

export const applyAffine = (m: Affine, x: number, y: number): [number, number] => [m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]];

/**
 * An SVG `transform` attribute as one matrix (translate, scale, rotate, skewX, skewY, matrix, in
 * order), or a reason it cannot be read (an unknown function, a value that is no number). At most
 * 64 functions are read: more is no drawing anyone writes by hand.
 */
export function svgTransform(v: string): Affine | string {
  let m: Affine = IDENTITY;
  const s = v.trim();
  if (!s || s === 'none') return m;
  let count = 0;
  let rest = s;
  for (const f of s.matchAll(/([a-zA-Z]+)\s*\(([^()]*)\)[\s,]*/g)) {
    if (++count > 64) return `a transform of more than 64 functions`;
    rest = rest.replace(f[0], '');
    const args = (f[2].match(/[-+]?(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?/gi) ?? []).map(Number);
    const name = f[1].toLowerCase();
    const rad = (deg: number): number => (deg * Math.PI) / 180;
    let t: Affine;
    if (name === 'matrix' && args.length === 6) t = args as Affine;
    else if (name === 'translate' && args.length >= 1) t = [1, 0, 0, 1, args[0], args[1] ?? 0];
    else if (name === 'scale' && args.length >= 1) t = [args[0], 0, 0, args[1] ?? args[0], 0, 0];
    else if (name === 'rotate' && args.length >= 1) {
      const [cos, sin] = [Math.cos(rad(args[0])), Math.sin(rad(args[0]))];
      const [cx, cy] = [args[1] ?? 0, args[2] ?? 0];
      t = compose(compose([1, 0, 0, 1, cx, cy], [cos, sin, -sin, cos, 0, 0]), [1, 0, 0, 1, -cx, -cy]);
    } else if (name === 'skewx' && args.length === 1) t = [1, 0, Math.tan(rad(args[0])), 1, 0, 0];
    else if (name === 'skewy' && args.length === 1) t = [1, Math.tan(rad(args[0])), 0, 1, 0, 0];
    else return `an SVG transform that cannot be read (${f[0].trim().slice(0, 60)})`;
    if (t.some((n) => !Number.isFinite(n))) return `an SVG transform that cannot be read (${f[0].trim().slice(0, 60)})`;
    m = compose(m, t);
  }
  if (count <= 64 && rest.trim()) return `an SVG transform that cannot be read (${s.slice(0, 60)})`;
  return m;
}

/** The width of a line of text in ems, estimated: a full-width character (CJK, ★) one em, others half. */
export function estimatedEms(text: string): number {
  let w = 0;
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    w += c >= 0x2e80 || (c >= 0x2600 && c <= 0x27bf) ? 1 : c === 0x20 ? 0.28 : 0.55;
  }
  return w;
}

/** Texts placed at points (SVG), in reading order: rows from the top (within half a line), each left to right. */
export function pointRows<T>(items: Array<{ it: T; x: number; y: number; i: number; size: number }>): T[][] {
  const byY = [...items].sort((a, b) => a.y - b.y || a.i - b.i);
  const lines: Array<typeof items> = [];
  for (const b of byY) {
    const line = lines[lines.length - 1];
    if (line && b.y - line[0].y <= Math.max(line[0].size, b.size) / 2) line.push(b);
    else lines.push([b]);
  }
  return lines.map((l) => l.sort((a, b) => a.x - b.x || a.i - b.i).map((b) => b.it));
}
