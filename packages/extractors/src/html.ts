/**
 * HTML: the visible text as the body, and — each in its own labelled part — what a browser does
 * not show: elements hidden by `display:none` / `visibility:hidden` / `hidden` / `aria-hidden`,
 * comments, `alt` and `title` attributes, `<meta>` content, the `<title>`, form values, scripts,
 * `data-*` attributes (one part per attribute name), text that CSS generates (`content:` of
 * `::before`/`::after` rules and of `style` attributes), style sheet comments and strings, values
 * of other attributes that hold text (non-ASCII, multi-line, markup: a lost quote) and text in
 * declarations. Character references are resolved in comments and style sheets too. SVG `<text>`/`<tspan>` keep their lines.
 * `data:` images are handed to OCR. Parsing is htmlparser2's forgiving SAX parser.
 *
 * The charset is the one declared (transport `Content-Type`, `<meta charset>`, `<meta http-equiv>`,
 * XML declaration) unless a BOM says otherwise; when the reading is not certain, each other
 * plausible reading is parsed as well and yields its own parts (`body@big5`).
 */
import { decodeHTML } from 'entities';
import { Parser } from 'htmlparser2';
import colourNames from 'color-name';
import { armoredCiphertext, nearWhiteHex, OFF_LINE_POINTS, OVERDRAWN_SPACING_POINTS, PartBuilder, percentDecodedShown, sameColour, UNSEEN_MAX_PERCENT, UNSEEN_MAX_POINTS, type EmbeddedFile, type Extraction, type Extractor, type ExtractContext, type ImageRef, type Loss, type OutlineRect, type PartRole, type TextPart } from '@prepub/core';
import { applyAffine, compose, estimatedEms, IDENTITY, invert, layoutOrders, pointRows, svgPlacement, svgTransform, type Affine, type LayoutElement } from './html-layout.ts';
import { compoundMatches, pseudoContentRules, SheetStyles, type PseudoRule } from './html-sheet.ts';
import { alternativeSuffix, decodeText, decodingLosses, type DeclaredCharset } from './decode.ts';
import { mediaTypeCharset } from './text.ts';
import { hasHtmlMarkup, jsonReading, markupReading, mayHoldMarking } from './readings.ts';
import { webFontReadings } from './web-fonts.ts';
import { throughReading } from './literals.ts';
import { looksHtmlDocument } from './sniff.ts';
import { MAX_SVG_SHAPES, pathShape, polygonShape, SvgOutlineCollector } from './svg-outlines.ts';

const BLOCK_TAGS = new Set([
  'p', 'div', 'br', 'li', 'ul', 'ol', 'tr', 'table', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'section', 'article',
  'header', 'footer', 'nav', 'aside', 'main', 'blockquote', 'pre', 'hr', 'dt', 'dd', 'dl', 'figure', 'figcaption',
  'caption', 'thead', 'tbody', 'tfoot', 'address', 'form', 'fieldset', 'legend', 'body', 'html', 'title',
  // Form controls are boxes of their own: a <textarea> and the <option> after it never share a line.
  'textarea', 'select', 'option', 'optgroup', 'button',
]);
/** Ruby annotations: drawn above the base text, so in line they would split it (机<rt>jī</rt>密). */
const RUBY_ANNOTATION = new Set(['rt', 'rp', 'rtc']);

/** At most this many character codes are read from one call of `String.fromCharCode`, and this many units in all. */
const MAX_CHAR_CODES = 4096;
const MAX_SCRIPT_TEXT = 1 << 20;

/** A JavaScript string literal's body with its escapes resolved. */
function jsUnescape(body: string): string {
  return body.replace(/\\(u\{[0-9a-fA-F]{1,6}\}|u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|[\s\S])/g, (_, e: string) => {
    if (e[0] === 'u' && e[1] === '{') return String.fromCodePoint(Math.min(0x10ffff, parseInt(e.slice(2, -1), 16)));
    if ((e[0] === 'u' && e.length === 5) || (e[0] === 'x' && e.length === 3)) return String.fromCharCode(parseInt(e.slice(1), 16));
    return e === 'n' || e === 'r' ? '\n' : e === 't' ? '\t' : /[\r\n]/.test(e) ? '' : e;
  });
}

/** A numeric literal (`0x673A`, `26426`, `0o`, `0b`) as a number, or NaN. */
function jsNumber(t: string): number {
  const s = t.trim().replace(/_/g, '');
  if (/^0[xX][0-9a-fA-F]+$/.test(s)) return parseInt(s.slice(2), 16);
  if (/^0[oO][0-7]+$/.test(s)) return parseInt(s.slice(2), 8);
  if (/^0[bB][01]+$/.test(s)) return parseInt(s.slice(2), 2);
  if (/^\d+$/.test(s)) return parseInt(s, 10);
  return NaN;
}

/**
 * `unescape('%u673A%u5BC6')`, `decodeURIComponent('%E6%9C%BA')`: the argument's percent escapes
 * resolved as the function does; the text itself when it is not such a call or does not decode.
 */
function percentDecoded(fn: string, v: string): string {
  if (fn === 'atob') return base64Decoded(v);
  if (!/%/.test(v)) return v;
  if (fn === 'unescape') return v.replace(/%u([0-9a-fA-F]{4})|%([0-9a-fA-F]{2})/g, (_, u: string | undefined, x: string | undefined) => String.fromCharCode(parseInt((u ?? x)!, 16)));
  try {
    return decodeURIComponent(v);
  } catch {
    return v;
  }
}

/**
 * `atob('5py65a+G4piFNeW5tA==')`: the bytes as UTF-8 text when they are valid UTF-8 with a character
 * beyond ASCII (what `decodeURIComponent(escape(atob(…)))` or a TextDecoder around it makes of
 * them), else one character per byte, as atob returns them. The literal itself when it is no base64.
 */
function base64Decoded(v: string): string {
  const compact = v.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(compact) || compact.length % 4 === 1) return v;
  const bytes = Buffer.from(compact, 'base64');
  try {
    const t = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    if (/[^\x00-\x7f]/.test(t)) return t;
  } catch {
    // Not UTF-8: what atob itself returns.
  }
  return bytes.toString('latin1');
}

/** `data-*` values decoded (base64, percent-encoding) and read as pages of their own, at most this many a page; past it the rest is unread (limit). */
const MAX_DATA_DECODED = 256;

/**
 * A `data-*` attribute's value as the text it encodes in base64, when it is base64 through and
 * through (no blank inside, 8 characters or more, not just hex digits) and its bytes read as text:
 * valid UTF-8, or else clean GB18030 that reads like Chinese text (an older page's script decodes it
 * with a GBK TextDecoder), without control characters and with a letter. What a page's script
 * decodes and shows (`<div data-content="PHA+5py65a+G4piFNeW5tDwvcD4=">`: `<p>机密★5年</p>`).
 * Undefined for an id, a digest, JSON, a picture's or any other binary bytes.
 */
export function base64DataText(v: string): { text: string; encoding: 'utf-8' | 'gb18030' } | undefined {
  const compact = v.trim();
  if (compact.length < 8 || compact.length % 4 === 1 || !/^[A-Za-z0-9+/]+={0,2}$/.test(compact) || /^[0-9a-fA-F]+$/.test(compact)) return undefined;
  const bytes = Buffer.from(compact, 'base64');
  const clean = (t: string): boolean => !/[\u0000-\u0008\u000e-\u001f\u007f\ufffd]/.test(t) && /\p{L}/u.test(t);
  try {
    const t = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return clean(t) ? { text: t, encoding: 'utf-8' } : undefined;
  } catch {
    // Not UTF-8: GB18030, if it reads as such.
  }
  const d = decodeText(new Uint8Array(bytes));
  if ((d.encoding !== 'gb18030' && d.encoding !== 'gbk') || d.invalid || d.implausible || !clean(d.text)) return undefined;
  return { text: d.text, encoding: 'gb18030' };
}

/**
 * One piece of a script's text: a string literal (`"…"`, escapes resolved), a call of
 * `String.fromCharCode`/`String.fromCodePoint` on numeric literals (also through `.apply(null, [...])`
 * or a spread `...[...]`), or `unescape`/`decodeURI(Component)`/`atob` of a literal.
 */
// The white space around the codes is taken atomically ((?=(\s*))\k<…>: the engine cannot give it back
// to the codes or to the next blank run): as /\(\s*(?:\.\.\.)?\s*\[?\s*([^()\]]*?)\s*\]?\s*\)/ it split
// a run of n blanks among five quantifiers, n^5 ways (100 blanks after `String.fromCharCode(` took 53 s).
export const SCRIPT_PIECE = /(?<q>["'`])(?<str>(?:[^\\\r\n]|\\[\s\S])*?)\k<q>|String\s*\.\s*from(?:CharCode|CodePoint)\s*(?:\.\s*(?:apply|call)\s*\(\s*(?:null|undefined|this|String)\s*,|\((?=(?<w1>\s*))\k<w1>(?:\.\.\.)?)(?=(?<w2>\s*))\k<w2>\[?(?=(?<w3>\s*))\k<w3>(?<codes>(?:[^()\]\s]|\s+(?=[^()\]\s]))*)(?:\s*\])?\s*\)|\b(?<fn>unescape|decodeURIComponent|decodeURI|atob)\s*\(\s*(?<q2>["'`])(?<str2>(?:[^\\\r\n]|\\[\s\S])*?)\k<q2>\s*\)/g;

/**
 * The text of a script's string literals and of the static expressions that build text from codes,
 * each on a line of its own — pieces joined by `+` on one line (`String.fromCharCode(0x673A,0x5BC6)
 * + '\u2605' + "5年"`): what a script writes into the page (`document.write("…")`, `el.textContent
 * = …`) is one of them. Escapes are resolved (`\u673a`, `\x41`, `\u{5bc6}`, `\n`), character codes
 * read (bounded), percent escapes of unescape/decodeURI resolved.
 */
export function scriptStrings(js: string): string[] {
  const out: string[] = [];
  let line = '';
  let lineKeep = false;
  let lastEnd = -1;
  let total = 0;
  const flush = (): void => {
    if (lineKeep) for (const l of line.split('\n')) if (l.trim()) out.push(l.trim());
    line = '';
    lineKeep = false;
  };
  for (const m of js.matchAll(SCRIPT_PIECE)) {
    if (total > MAX_SCRIPT_TEXT) break;
    let v: string;
    let keep: boolean;
    const g = m.groups!;
    if (g.q !== undefined) {
      v = jsUnescape(g.str!);
      // Only literals with something a reader sees: not identifiers, selectors or URLs alone; a literal
      // written with escapes ("\x53ECRET") is kept whatever it resolves to (the raw script holds only the escapes).
      const escaped = v !== g.str && /\\[ux]/.test(g.str!);
      keep = escaped || /[^\x00-\x7f]/.test(v) || (/\s/.test(v.trim()) && /[A-Za-z]{3}/.test(v));
    } else if (g.fn !== undefined) {
      v = percentDecoded(g.fn, jsUnescape(g.str2!));
      keep = true;
    } else {
      // Codes: every argument must be a numeric literal, or this is no static text.
      const args = g.codes!.split(',');
      if (args.length > MAX_CHAR_CODES) continue;
      const codes = args.map(jsNumber);
      if (codes.some((c) => Number.isNaN(c))) continue;
      const point = /Point/.test(m[0].slice(0, 40));
      v = codes.map((c) => (point ? String.fromCodePoint(Math.min(c, 0x10ffff)) : String.fromCharCode(c & 0xffff))).join('');
      keep = true;
    }
    total += v.length;
    // Joined by `+` to the piece before: the same text.
    if (lastEnd >= 0 && /^\s*\+\s*$/.test(js.slice(lastEnd, m.index))) {
      line += v;
      lineKeep ||= keep;
    } else {
      flush();
      line = v;
      lineKeep = keep;
    }
    lastEnd = m.index + m[0].length;
  }
  flush();
  return out;
}

/** CSS that may place boxes in another order than the source's: read by the layout pass (html-layout.ts). */
const LAYOUT_CSS = /position\s*:\s*(absolute|fixed|relative)|writing-mode\s*:\s*(vertical-rl|sideways-rl|tb)|grid-auto-flow\s*:\s*column|column-count\s*:|columns\s*:\s*\d|margin(-left)?\s*:[^;}"'<]{0,40}-\d|text-indent\s*:\s*-\d|order\s*:|float\s*:\s*right|transform|translate|rotate|scale|grid-(row|column|area)|(row|column)-reverse|direction\s*:\s*rtl/i;
/** What a page needs to hold for the layout pass to find anything (a superset of {@link LAYOUT_CSS}, `dir`, SVG x/dx). */
const LAYOUT_HINT = /position|writing-mode|columns?-count|columns\s*:|margin(-left)?\s*:[^;}"'<]{0,40}-\d|text-indent\s*:\s*-\d|[;{"'\s]order\s*:|float|transform|translate|rotate|scale|grid-|reverse|direction|dir\s*=|<svg|data:text\/css/i;
const NO_CLASSES: string[] = [];
/** CSS that draws text in another order or case than it is stored in. */
const REORDERING_CSS = /bidi-override|direction\s*:\s*rtl|(row|column)-reverse|wrap-reverse/i;
const UPPERCASING_CSS = /text-transform\s*:\s*uppercase|font-variant[\w-]*\s*:\s*[^;}]*(small|all-small|petite|all-petite|titling)-caps/i;

/** A line's characters in reverse order, by code point (a surrogate pair stays whole). */
const reversed = (line: string): string => [...line].reverse().join('');
const CELL_TAGS = new Set(['td', 'th']);
const VOID_TAGS = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'source', 'track', 'wbr']);
const SKIP_TAGS = new Set(['style']);
/**
 * Elements whose content the parser keeps as text: tags in it stay literal, and in the raw-text
 * ones character references stay unresolved (`<xmp><p>机&#8203;密</p></xmp>`); a `<title>` or
 * `<textarea>` whose end tag is damaged runs over the rest of the page. Their content is also read
 * as markup.
 */
const RAW_TEXT_TAGS = new Set(['script', 'xmp', 'iframe', 'noembed', 'noframes', 'plaintext', 'title', 'textarea']);
/** `data-*` attribute names that get a part of their own; the rest share one part. */
const MAX_DATA_PARTS = 32;

/** A colour value drawn as nothing: `transparent`, or an alpha of 0. */
const TRANSPARENT = /^(transparent|rgba\([^)]*,0(\.0+)?\)|hsla\([^)]*,0(\.0+)?\)|#[0-9a-f]{3}0|#[0-9a-f]{6}00)$/;
const colourOf = (style: string, property: 'color' | 'background-color' | 'background'): string | undefined => new RegExp(`(?:^|;)${property}:([^;!]+)`).exec(style)?.[1];

/**
 * An inline style lower-cased, without blanks around its punctuation (`font-size : 1px ;` reads
 * `font-size:1px;`); blanks inside a value stay one (`rgb(0 0 128)`).
 */
function compactStyle(style: string | undefined): string {
  return (style ?? '').toLowerCase().replace(/\s*([:;,()/])\s*/g, '$1').replace(/\s+/g, ' ').trim();
}

/**
 * A CSS colour as six hexadecimal digits: `#rgb`, `#rrggbb` (with an opaque alpha), `rgb()`/`rgba()`
 * in numbers or percentages, or a named colour; undefined for anything else (transparent, a
 * half-transparent colour, `currentColor`, gradients, variables).
 */
export function cssColour(value: string | undefined): string | undefined {
  const v = (value ?? '').trim().toLowerCase();
  if (!v) return undefined;
  const named = (colourNames as Record<string, [number, number, number] | undefined>)[v];
  if (named) return named.map((c) => c.toString(16).padStart(2, '0')).join('').toUpperCase();
  const hex = /^#([0-9a-f]{3,4}|[0-9a-f]{6}|[0-9a-f]{8})$/.exec(v);
  if (hex) {
    const full = hex[1].length <= 4 ? [...hex[1]].map((c) => c + c).join('') : hex[1];
    if (full.length === 8 && parseInt(full.slice(6), 16) < 0xe6) return undefined;
    return full.slice(0, 6).toUpperCase();
  }
  const fn = /^(rgb|hsl)a?\(([^)]*)\)$/.exec(v);
  if (!fn) return undefined;
  const parts = fn[2].split(/[\s,/]+/).filter(Boolean);
  if (parts.length < 3) return undefined;
  const alpha = parts[3] === undefined ? 1 : parts[3].endsWith('%') ? parseFloat(parts[3]) / 100 : parseFloat(parts[3]);
  let rgb: number[];
  if (fn[1] === 'rgb') rgb = parts.slice(0, 3).map((p) => (p.endsWith('%') ? (parseFloat(p) * 255) / 100 : parseFloat(p)));
  else {
    // CSS Color 4, hsl() to rgb().
    const [h, sat, light] = [parseFloat(parts[0]), parseFloat(parts[1]) / 100, parseFloat(parts[2]) / 100];
    const f = (n: number): number => {
      const k = (n + h / 30) % 12;
      return 255 * (light - sat * Math.min(light, 1 - light) * Math.max(-1, Math.min(k - 3, 9 - k, 1)));
    };
    rgb = [f(0), f(8), f(4)];
  }
  if (!(alpha >= 0.9) || rgb.some((c) => !Number.isFinite(c))) return undefined;
  return rgb.map((c) => Math.round(Math.min(255, Math.max(0, c))).toString(16).padStart(2, '0')).join('').toUpperCase();
}

/**
 * The opacity (0–1) a CSS colour value gives: `#rgba`/`#rrggbbaa`, the fourth part of `rgb()`,
 * `rgba()`, `hsl()`, `hsla()` (a number or a percentage), `transparent` 0; 1 for anything else.
 */
export function cssAlpha(value: string | undefined): number {
  const v = (value ?? '').trim().toLowerCase();
  if (v === 'transparent') return 0;
  const hex = /^#([0-9a-f]{4}|[0-9a-f]{8})$/.exec(v);
  if (hex) return parseInt(hex[1].length === 4 ? hex[1][3].repeat(2) : hex[1].slice(6), 16) / 255;
  const fn = /^(?:rgb|hsl)a?\(([^)]*)\)$/.exec(v);
  const a = fn?.[1].split(/[\s,/]+/).filter(Boolean)[3];
  if (a === undefined) return 1;
  const n = a.endsWith('%') ? parseFloat(a) / 100 : parseFloat(a);
  return Number.isFinite(n) ? Math.max(0, Math.min(1, n)) : 1;
}

/** The ground of an element whose paint is not one plain colour (a picture, a gradient): no text colour matches it. */
const PAINTED = 'painted';

/**
 * What an element paints behind its text, if anything: a colour (six hexadecimal digits), or
 * {@link PAINTED}; undefined when it paints nothing of its own (no background, `transparent`).
 * From `background`/`background-color`, or a `bgcolor` attribute.
 */
function backgroundOf(attrs: Record<string, string>): string | undefined {
  const style = compactStyle(attrs.style);
  const bg = colourOf(style, 'background-color') ?? colourOf(style, 'background');
  if (bg !== undefined && !TRANSPARENT.test(bg) && bg !== 'none' && bg !== 'inherit' && bg !== 'initial') return cssColour(bg) ?? PAINTED;
  const attr = (attrs.bgcolor ?? '').trim();
  return attr ? (cssColour(attr) ?? cssColour(`#${attr}`) ?? PAINTED) : undefined;
}

/** A CSS length in points, or undefined (percentages, em and other relative units). */
function cssPoints(value: string): number | undefined {
  const m = /^(-?[\d.]+)(px|pt|pc|mm|cm|in|q)?$/.exec(value);
  if (!m) return undefined;
  const per: Record<string, number> = { px: 0.75, pt: 1, pc: 12, mm: 72 / 25.4, cm: 72 / 2.54, in: 72, q: 72 / 101.6 };
  return Number(m[1]) * per[m[2] ?? 'px'];
}
/** A CSS length in ems of the element's own font (`em`, and `%` for font-size), or undefined. */
function cssEms(value: string, percent = false): number | undefined {
  const m = /^(-?[\d.]+)(em|rem|%)$/.exec(value);
  if (!m || (m[2] === '%' && !percent)) return undefined;
  return m[2] === '%' ? Number(m[1]) / 100 : Number(m[1]);
}
const cssValue = (style: string, property: string): string | undefined => new RegExp(`(?:^|;)${property}:([^;!]+)`).exec(style)?.[1];

/**
 * How a style draws text where nobody sees it in its place (core's drawn-unseen limits): 2 pt and
 * smaller, a tenth opaque, squeezed to a tenth, letter spacing that pulls the next character over
 * it, moved two lines off its own (`position:relative`), boxed to no width with its overflow hidden.
 */
function drawnUnseen(style: string): string | undefined {
  const size = cssValue(style, 'font-size');
  if (size !== undefined) {
    const points = cssPoints(size);
    const ems = cssEms(size, true);
    if ((points !== undefined && points <= UNSEEN_MAX_POINTS) || (ems !== undefined && ems <= UNSEEN_MAX_PERCENT / 100)) return 'font-size of 2pt and less';
  }
  const opacity = cssValue(style, 'opacity');
  if (opacity !== undefined && (opacity.endsWith('%') ? parseFloat(opacity) / 100 : parseFloat(opacity)) <= UNSEEN_MAX_PERCENT / 100) return 'opacity of a tenth and less';
  const scale = /transform:[^;]*scale(x?)\((-?[\d.]+)/.exec(style);
  if (scale && Math.abs(parseFloat(scale[2])) <= UNSEEN_MAX_PERCENT / 100) return 'scaled to a tenth and less';
  const spacing = cssValue(style, 'letter-spacing');
  if (spacing !== undefined) {
    const points = cssPoints(spacing);
    const ems = cssEms(spacing);
    if ((points !== undefined && points <= OVERDRAWN_SPACING_POINTS) || (ems !== undefined && ems <= -0.75)) return 'letter-spacing that draws the next character over it';
  }
  if (/position:relative/.test(style)) {
    for (const side of ['top', 'bottom']) {
      const v = cssValue(style, side);
      const points = v === undefined ? undefined : cssPoints(v);
      const ems = v === undefined ? undefined : cssEms(v);
      if ((points !== undefined && Math.abs(points) >= OFF_LINE_POINTS) || (ems !== undefined && Math.abs(ems) >= 2)) return 'moved two lines off its own';
    }
  }
  if (/overflow:hidden/.test(style)) {
    // Boxed to nothing, or to a pixel (the "visually hidden" pattern: width:1px;height:1px).
    for (const side of ['width', 'height', 'max-width', 'max-height']) {
      const v = cssValue(style, side);
      const points = v === undefined ? undefined : cssPoints(v);
      if (points !== undefined && points <= UNSEEN_MAX_POINTS) return 'boxed to nothing';
      if (v !== undefined && /^0(%|em|rem)$/.test(v)) return 'boxed to nothing';
    }
  }
  const filterOpacity = /(?:^|;)filter:[^;]*opacity\((-?[\d.]+)(%?)\)/.exec(style);
  if (filterOpacity && parseFloat(filterOpacity[1]) / (filterOpacity[2] ? 100 : 1) <= UNSEEN_MAX_PERCENT / 100) return 'opacity of a tenth and less';
  // Moved two lines off its own: a translation, or a vertical-align by a length.
  const shifts: string[] = [];
  const transform = cssValue(style, 'transform') ?? '';
  for (const m of transform.matchAll(/translate(y|3d)?\(([^)]*)\)/g)) {
    const args = m[2].split(',');
    shifts.push((m[1] === 'y' ? args[0] : args[1]) ?? '');
  }
  const align = cssValue(style, 'vertical-align');
  if (align !== undefined) shifts.push(align);
  for (const v of shifts) {
    const points = cssPoints(v.trim());
    const ems = cssEms(v.trim());
    if ((points !== undefined && Math.abs(points) >= OFF_LINE_POINTS) || (ems !== undefined && Math.abs(ems) >= 2)) return 'moved two lines off its own';
  }
  const across = /translate(x)?\((-?[\d.]+)(px|pt|em|rem)?/.exec(transform);
  if (across && parseFloat(across[2]) <= -999) return 'placed off the screen';
  return undefined;
}

/** Phrasing elements: the ones a piece inside a line is written in, to which style sheet rules may hide. */
const PHRASING = new Set(['span', 'font', 'b', 'i', 'u', 's', 'em', 'strong', 'small', 'big', 'sub', 'sup', 'mark', 'ins', 'del', 'q', 'cite', 'abbr', 'dfn', 'code', 'kbd', 'samp', 'var', 'tt', 'strike', 'a', 'label', 'bdi', 'bdo', 'time', 'data', 'output', 'text', 'tspan', 'textpath', 'tref']);

/** Elements drawn struck through. */
const STRUCK_TAGS = new Set(['s', 'strike', 'del']);
const LINE_THROUGH = /text-decoration(?:-line)?\s*:[^;]*line-through/i;

/** SVG presentation attributes that hide what an element draws, as the CSS they stand for. */
const SVG_HIDING_ATTRIBUTES = ['display', 'visibility', 'opacity', 'font-size'] as const;

/**
 * An SVG element's attributes with its presentation attributes (`display="none"`, `visibility`,
 * `opacity`, `font-size`, a `fill` of none or `fill-opacity="0"` on text) written into its style
 * before the style it has, which overrides them as in SVG. The same attributes when it has none.
 */
function withSvgPresentation(attrs: Record<string, string>): Record<string, string> {
  let css = '';
  for (const k of SVG_HIDING_ATTRIBUTES) if (attrs[k] !== undefined) css += `${k}:${attrs[k]};`;
  const fill = (attrs.fill ?? '').trim().toLowerCase();
  // Glyphs filled with nothing (and no stroke) or fully transparent are not seen.
  if ((fill === 'none' || fill === 'transparent') && (attrs.stroke === undefined || attrs.stroke.trim().toLowerCase() === 'none')) css += 'opacity:0;';
  if (attrs['fill-opacity'] !== undefined && Number(attrs['fill-opacity']) === 0 && attrs.stroke === undefined) css += 'opacity:0;';
  if (!css) return attrs;
  return { ...attrs, style: css + (attrs.style ?? '') };
}

/**
 * Why an element's text is not seen, if it is not: hidden by CSS or attributes, drawn in a
 * transparent colour or white on the page's white, too small to see, or placed off the screen
 * (`left:-9999px`, `text-indent:-9999px`, clipped to nothing — the "visually hidden" patterns).
 * A marking split by such a piece (`机<span style="color:#fff">开</span>密`) is seen whole.
 * `ground`: what lies behind the element's text (see {@link backgroundOf}; the page's white when
 * nothing does): text in that colour is not seen.
 */
function isHiddenElement(name: string, attrs: Record<string, string>, ground = 'FFFFFF'): string | undefined {
  const style = compactStyle(attrs.style);
  if (/display:none/.test(style)) return 'display:none';
  if (/visibility:hidden|visibility:collapse/.test(style)) return 'visibility:hidden';
  if (/opacity:0(\.0+)?(;|$)/.test(style)) return 'opacity:0';
  if (/font-size:0(px|pt|em|rem)?(;|$)/.test(style)) return 'font-size:0';
  // The glyphs are filled with -webkit-text-fill-color where it is set (every engine draws it over color).
  const fillColour = cssValue(style, '-webkit-text-fill-color')?.trim();
  const colour = (fillColour && fillColour !== 'currentcolor' && fillColour !== 'inherit' && fillColour !== 'initial' && fillColour !== 'unset' ? fillColour : undefined) ?? colourOf(style, 'color') ?? (name === 'font' ? (attrs.color ?? '').toLowerCase().trim() : undefined);
  if (colour !== undefined && (TRANSPARENT.test(colour) || cssAlpha(colour) <= UNSEEN_MAX_PERCENT / 100)) return 'transparent text';
  // The system colour of the page's own ground.
  if (colour === 'canvas') return 'text in the colour of its background';
  if (colour !== undefined && ground !== PAINTED && sameColour(cssColour(colour), ground)) return nearWhiteHex(ground) ? 'white text on a white page' : 'text in the colour of its background';
  if (/clip:rect\(0(px)?,0(px)?,0(px)?,0(px)?\)|clip:rect\(1px,1px,1px,1px\)|clip-path:inset\(50%\)/.test(style)) return 'clipped to nothing';
  const unseen = drawnUnseen(style);
  if (unseen) return unseen;
  if (/text-indent:-\d{3,}/.test(style) && /text-indent:-(\d{4,}|9\d\d)/.test(style)) return 'text-indent off the screen';
  if (/position:(absolute|fixed)/.test(style) && /(?:^|;)(left|top|right):-(\d{4,}|9\d\d)(\.\d+)?(px|pt|em|rem)?(;|$)/.test(style)) return 'placed off the screen';
  if (/transform:scale\(0(\.0+)?\)/.test(style)) return 'scaled to nothing';
  if ('hidden' in attrs) return 'hidden attribute';
  if ((attrs['aria-hidden'] ?? '').toLowerCase() === 'true') return 'aria-hidden';
  // A declarative shadow root (<template shadowrootmode="open">) is drawn as its host's content.
  if (name === 'template' && !('shadowrootmode' in attrs) && !('shadowroot' in attrs)) return 'template';
  if (name === 'input' && (attrs.type ?? '').toLowerCase() === 'hidden') return 'hidden input';
  return undefined;
}

function decodeDataUri(uri: string): { bytes: Uint8Array; mediaType: string } | undefined {
  // Any parameters before the comma, as browsers take them: `;charset=…`, and also the `;utf8` of
  // `data:image/svg+xml;utf8,<svg…>` (no attribute=value, yet the commonest way CSS inlines an SVG).
  const m = /^data:\s*([\w/+.-]+)?\s*((?:;[^;,]*)*?)\s*(;\s*base64\s*)?,(.*)$/is.exec(uri.trim());
  if (!m) return undefined;
  const bytes = m[3] ? Buffer.from(m[4], 'base64') : percentDecodedBytes(m[4]);
  return { bytes: new Uint8Array(bytes), mediaType: (m[1] ?? 'application/octet-stream').toLowerCase() };
}

/**
 * The bytes of a data URI's percent-encoded payload (RFC 2397: `%XX` is one byte, not necessarily
 * UTF-8). A `%` without two hex digits stays as it is, where decodeURIComponent would throw.
 */
function percentDecodedBytes(payload: string): Buffer {
  const out = new Uint8Array(payload.length * 3);
  const encoder = new TextEncoder();
  const hex = (c: number) => (c >= 48 && c <= 57 ? c - 48 : (c | 32) >= 97 && (c | 32) <= 102 ? (c | 32) - 87 : -1);
  let n = 0;
  let from = 0;
  for (let i = payload.indexOf('%'); i >= 0; i = payload.indexOf('%', i + 1)) {
    const hi = hex(payload.charCodeAt(i + 1));
    const lo = hex(payload.charCodeAt(i + 2));
    if (hi < 0 || lo < 0) continue;
    n += encoder.encodeInto(payload.slice(from, i), out.subarray(n)).written;
    out[n++] = hi * 16 + lo;
    from = i + 3;
    i += 2;
  }
  n += encoder.encodeInto(payload.slice(from), out.subarray(n)).written;
  return Buffer.from(out.buffer, 0, n);
}

function extensionFor(mediaType: string): string {
  const known: Record<string, string> = { 'text/html': '.html', 'text/plain': '.txt', 'application/pdf': '.pdf', 'image/svg+xml': '.svg' };
  return known[mediaType] ?? (mediaType.startsWith('image/') ? '.' + mediaType.slice(6) : '');
}

/** Element nesting beyond which the parser's stack handling turns quadratic (measured: 100,000 unclosed <div> then stray </p> take htmlparser2 35 s). */
const MAX_NESTING = 3000;

/**
 * Each tag of `html` in order: `<`, an optional `/`, a name, and everything up to the next `>`.
 * Linear: once no `>` follows, no tag can end and the scan stops (a regex that retries from every
 * `<` of `<a <a <a …` without a `>` is quadratic).
 */
function* tags(html: string): Generator<{ close: boolean; name: string; selfClosing: boolean; start: number; end: number }> {
  const nameRe = /^\/?([a-zA-Z][\w:-]*)/;
  let i = html.indexOf('<');
  while (i >= 0) {
    const gt = html.indexOf('>', i + 1);
    if (gt < 0) return;
    const m = nameRe.exec(html.slice(i + 1, Math.min(gt, i + 130)));
    if (m) {
      yield { close: m[0][0] === '/', name: m[1].toLowerCase(), selfClosing: html.charCodeAt(gt - 1) === 0x2f, start: i, end: gt + 1 };
      i = html.indexOf('<', gt + 1);
    } else i = html.indexOf('<', i + 1);
  }
}

/**
 * A URL as a browser's URL parser takes it (WHATWG): C0 controls and spaces trimmed from both
 * ends, tabs and line breaks removed wherever they stand, the scheme matched without regard to case
 * — `<img src=" DaTa:image/png…">` and `src="da&#9;ta:…"` draw their picture as `data:` does. The
 * URL with its scheme written `data:` when it is a data: URL, else undefined. Linear.
 */
export function dataUrl(v: string | undefined): string | undefined {
  if (!v) return undefined;
  let a = 0;
  let b = v.length;
  while (a < b && v.charCodeAt(a) <= 0x20) a++;
  // Quick reject before any copy: the first five characters other than tab and line breaks.
  let head = '';
  for (let i = a; i < b && head.length < 5; i++) {
    const c = v.charCodeAt(i);
    if (c !== 0x09 && c !== 0x0a && c !== 0x0d) head += v[i];
  }
  if (head.toLowerCase() !== 'data:') return undefined;
  while (b > a && v.charCodeAt(b - 1) <= 0x20) b--;
  const u = v.slice(a, b).replace(/[\t\n\r]/g, '');
  return `data:${u.slice(5)}`;
}

/** How many base64 payloads (`;base64,`) a text holds: each one is a file or picture a browser may draw. */
function base64Payloads(s: string): number {
  let n = 0;
  for (const _ of s.matchAll(/base64\s*,/gi)) n++;
  return n;
}

/**
 * The data: URIs a piece of CSS draws or imports, as CSS tokenizes it: quoted strings with their
 * escapes resolved (`url("\\64 ata:…")`, `@import "data:…"`, `image-set("data:…" 1x)`,
 * `-webkit-image-set('data:…' 1x)`), and unquoted `url(…)` whose name may itself be escaped
 * (`\\75 rl(data:…)`). `stray`: base64 payloads outside comments and outside any URL or string
 * (`paint(data:…;base64,…)`, a property this reader does not know), which the caller reports.
 * A payload inside an address that is not a data: URL is fetched from a server, not drawn from the page. One linear scan.
 */
function cssDataUris(css: string): { uris: string[]; stray: number } {
  const uris: string[] = [];
  let stray = 0;
  let plain = '';
  const flush = (): void => {
    if (plain) stray += base64Payloads(plain);
    plain = '';
  };
  const take = (raw: string): void => {
    const u = dataUrl(cssUnescape(raw.replace(/\\\r?\n/g, '')));
    if (u) uris.push(u);
  };
  const n = css.length;
  let from = 0;
  let i = 0;
  while (i < n) {
    const c = css.charCodeAt(i);
    if (c === 0x2f && css.charCodeAt(i + 1) === 0x2a) {
      plain += css.slice(from, i);
      const close = css.indexOf('*/', i + 2);
      i = from = close < 0 ? n : close + 2;
    } else if (c === 0x22 || c === 0x27) {
      plain += css.slice(from, i);
      let j = i + 1;
      while (j < n && css.charCodeAt(j) !== c && css[j] !== '\n') j += css[j] === '\\' ? 2 : 1;
      take(css.slice(i + 1, Math.min(j, n)));
      i = from = j + 1;
    } else if (/[\w\\-]/.test(css[i])) {
      // An identifier, escapes and all: `url` (however written) followed by `(` opens a URL token.
      let j = i;
      while (j < n && /[\w\\-]/.test(css[j])) {
        if (css[j] !== '\\') j++;
        else {
          // An escape: up to six hex digits and the one blank that ends them, or the next character.
          let h = j + 1;
          while (h < n && h - j <= 6 && /[0-9a-fA-F]/.test(css[h])) h++;
          j = h === j + 1 ? j + 2 : h < n && /\s/.test(css[h]) ? h + 1 : h;
        }
      }
      if (css[j] === '(' && j - i <= 24 && cssUnescape(css.slice(i, j)).toLowerCase() === 'url') {
        let k = j + 1;
        while (k < n && /\s/.test(css[k])) k++;
        if (css[k] !== '"' && css[k] !== "'") {
          plain += css.slice(from, i);
          let e = k;
          while (e < n && css[e] !== ')') e += css[e] === '\\' ? 2 : 1;
          take(css.slice(k, Math.min(e, n)));
          i = from = e + 1;
          continue;
        }
      }
      i = j;
    } else i++;
  }
  plain += css.slice(from, Math.min(i, n));
  flush();
  return { uris, stray };
}

/** Text that may hold a data: URL or a base64 payload (a CSS escape may spell either). */
const MAY_DRAW_DATA = /data|base64|\\/i;

/** One linear pass over the tags: how deep elements nest and how many close tags match nothing. */
function tagShape(html: string): { maxDepth: number; stray: number } {
  const open = new Map<string, number>();
  let depth = 0;
  let maxDepth = 0;
  let stray = 0;
  for (const t of tags(html)) {
    if (VOID_TAGS.has(t.name) || t.selfClosing) continue;
    if (t.close) {
      const n = open.get(t.name) ?? 0;
      if (n > 0) {
        open.set(t.name, n - 1);
        depth--;
      } else stray++;
    } else {
      open.set(t.name, (open.get(t.name) ?? 0) + 1);
      if (++depth > maxDepth) maxDepth = depth;
    }
  }
  return { maxDepth, stray };
}

/**
 * Markup held as text (a style sheet comment, a raw-text element such as `<xmp>` or `<script>`, an
 * attribute a lost quote ran on, a page too deep to parse), read as a browser would read it were it
 * markup: tags dropped, the values of their attributes kept (each on a line of its own — an `alt`
 * or `<meta content>` inside a `<style>` comment is still served), character references resolved.
 */
function flatText(html: string): string {
  const pieces: string[] = [];
  let at = 0;
  for (const t of tags(html)) {
    // A block element's edge is a line's edge, as on the page: a marking alone in its <p> stays
    // alone on its line (the raw markup of a <plaintext> or <xmp> would else join it to the text).
    pieces.push(html.slice(at, t.start), BLOCK_TAGS.has(t.name.toLowerCase()) ? '\n' : ' ');
    for (const v of attributeValues(html.slice(t.start, t.end))) pieces.push('\n', v, '\n');
    at = t.end;
  }
  pieces.push(html.slice(at));
  return decodeReferences(pieces.join('').replace(/<!--|-->/g, ' ')).replace(/[ \t]+/g, ' ');
}

/** The values of a tag's attributes that can hold words (not names, URLs or sizes). Linear. */
function attributeValues(tag: string): string[] {
  const out: string[] = [];
  for (const m of tag.matchAll(/[\s"'\/]([^\s"'<>\/=]+)\s*=\s*(?:"([^"]*)"?|'([^']*)'?|([^\s"'>]+))/g)) {
    const v = m[2] ?? m[3] ?? m[4] ?? '';
    const name = m[1].toLowerCase();
    if (v.trim() && (READ_ATTRIBUTES.has(name) || name === 'content' || name === 'value' || name.startsWith('data-') || attributeHoldsText(v))) out.push(v.trim());
  }
  return out;
}

/**
 * Character references resolved in text the parser leaves raw (comments, style sheets,
 * declarations, raw-text elements): `机&#8203;密` or `机&ZeroWidthSpace;密` there is still the
 * marking a browser's view-source shows. Every named reference of HTML, with or without `;`.
 */
function decodeReferences(s: string): string {
  return s.includes('&') ? decodeHTML(s) : s;
}

/** Bytes the meta prescan reads (browsers read 1024; more finds a late declaration a browser may still honour). */
const PRESCAN_BYTES = 4096;
const isSpaceByte = (b: number): boolean => b === 0x09 || b === 0x0a || b === 0x0c || b === 0x0d || b === 0x20;

/**
 * The encoding a `<meta content>` value names (WHATWG "extract a character encoding from a meta
 * element"): the first `charset` followed by `=`, its value quoted or up to a blank or `;`.
 */
function metaContentCharset(s: string): string | undefined {
  const lower = s.toLowerCase();
  let at = 0;
  for (;;) {
    const k = lower.indexOf('charset', at);
    if (k < 0) return undefined;
    let i = k + 7;
    while (i < s.length && isSpaceByte(s.charCodeAt(i))) i++;
    if (s[i] !== '=') {
      at = i;
      continue;
    }
    i++;
    while (i < s.length && isSpaceByte(s.charCodeAt(i))) i++;
    const q = s[i];
    if (q === '"' || q === "'") {
      const end = s.indexOf(q, i + 1);
      return end < 0 ? undefined : s.slice(i + 1, end) || undefined;
    }
    let e = i;
    while (e < s.length && !isSpaceByte(s.charCodeAt(e)) && s[e] !== ';') e++;
    return s.slice(i, e) || undefined;
  }
}

/**
 * The charset a page declares, as a browser's prescan finds it (WHATWG "prescan a byte stream to
 * determine its encoding", over the first 4 KiB): comments skipped (`<!-- <meta charset="big5"> -->`
 * declares nothing), each tag's attributes parsed with their quotes (`<meta name="x>y" charset=…>`),
 * in one `<meta>` a `charset` attribute over `http-equiv`+`content` (which counts only while no
 * charset is set), the first `<meta>` that declares one winning. An XML declaration counts only where no `<meta>` declares a
 * charset (an HTML parser skips it as a processing instruction; XML readers of SVG and XHTML take
 * it): a reading that disagrees scores as an alternative in decodeText. Linear.
 */
export function declaredCharset(bytes: Uint8Array): DeclaredCharset | undefined {
  let head = new TextDecoder('latin1').decode(bytes.subarray(0, PRESCAN_BYTES));
  if (head.includes('\0')) head = head.replace(/\0/g, '');
  const meta = prescanMeta(head);
  if (meta) return meta;
  const xml = /^\s*<\?xml\s[^>]*?encoding\s*=\s*["']?([\w.:-]+)/i.exec(head);
  return xml ? { label: xml[1], source: 'XML declaration' } : undefined;
}

/** Whether a label names an encoding (a `<meta>` naming none declares nothing, and the prescan goes on). */
function knownEncoding(label: string): boolean {
  try {
    new TextDecoder(label.trim());
    return true;
  } catch {
    return false;
  }
}

function prescanMeta(h: string): DeclaredCharset | undefined {
  const n = h.length;
  let pos = 0;
  const lowerAt = (i: number): string => (h[i] ?? '').toLowerCase();
  /** One attribute from `pos` (WHATWG "get an attribute"), or undefined at the tag's end. */
  const attribute = (): { name: string; value: string } | undefined => {
    while (pos < n && (isSpaceByte(h.charCodeAt(pos)) || h[pos] === '/')) pos++;
    if (pos >= n || h[pos] === '>') return undefined;
    let name = '';
    let value = '';
    for (;;) {
      if (pos >= n) return { name, value };
      const c = h[pos];
      if (c === '=' && name) {
        pos++;
        break;
      }
      if (isSpaceByte(h.charCodeAt(pos))) {
        while (pos < n && isSpaceByte(h.charCodeAt(pos))) pos++;
        if (h[pos] !== '=') return { name, value };
        pos++;
        break;
      }
      if (c === '/' || c === '>') return { name, value };
      name += c.toLowerCase();
      pos++;
    }
    while (pos < n && isSpaceByte(h.charCodeAt(pos))) pos++;
    const q = h[pos];
    if (q === '"' || q === "'") {
      const end = h.indexOf(q, pos + 1);
      const e = end < 0 ? n : end;
      value = h.slice(pos + 1, e).toLowerCase();
      pos = e + 1;
      return { name, value };
    }
    if (q === '>') return { name, value };
    const start = pos;
    while (pos < n && !isSpaceByte(h.charCodeAt(pos)) && h[pos] !== '>') pos++;
    return { name, value: h.slice(start, pos).toLowerCase() };
  };
  while (pos < n) {
    if (h.startsWith('<!--', pos)) {
      // To the first `-->` whose `>` follows the `<` (so `<!-->` ends at once).
      const end = h.indexOf('-->', pos + 2);
      pos = end < 0 ? n : end + 3;
      continue;
    }
    if (h[pos] === '<' && lowerAt(pos + 1) === 'm' && h.slice(pos + 1, pos + 5).toLowerCase() === 'meta' && (isSpaceByte(h.charCodeAt(pos + 5)) || h[pos + 5] === '/')) {
      pos += 6;
      const seen = new Set<string>();
      let gotPragma = false;
      let needPragma: boolean | undefined;
      let charset: string | undefined;
      let source = '';
      for (let a = attribute(); a; a = attribute()) {
        if (seen.has(a.name)) continue;
        seen.add(a.name);
        if (a.name === 'http-equiv' && a.value === 'content-type') gotPragma = true;
        else if (a.name === 'content' && charset === undefined) {
          const c = metaContentCharset(a.value);
          if (c) {
            charset = c;
            needPragma = true;
            source = '<meta http-equiv="Content-Type">';
          }
        } else if (a.name === 'charset') {
          charset = a.value.trim();
          needPragma = false;
          source = '<meta charset>';
        }
      }
      if (needPragma === undefined || (needPragma && !gotPragma) || !charset || !knownEncoding(charset)) continue;
      // A declared UTF-16 is read as UTF-8 (the bytes of a page that declares it in ASCII are not UTF-16).
      const label = /^utf-16(be|le)?$/i.test(charset) ? 'utf-8' : charset === 'x-user-defined' ? 'windows-1252' : charset;
      return { label, source };
    }
    if (h[pos] === '<' && (/[a-z]/i.test(h[pos + 1] ?? '') || (h[pos + 1] === '/' && /[a-z]/i.test(h[pos + 2] ?? '')))) {
      // Another tag: its attributes are skipped as a whole, quotes and all.
      pos += 2;
      while (pos < n && !isSpaceByte(h.charCodeAt(pos)) && h[pos] !== '>') pos++;
      while (attribute());
      pos++;
      continue;
    }
    if (h[pos] === '<' && (h[pos + 1] === '!' || h[pos + 1] === '/' || h[pos + 1] === '?')) {
      const end = h.indexOf('>', pos + 2);
      pos = end < 0 ? n : end + 1;
      continue;
    }
    pos++;
  }
  return undefined;
}

/** A CSS string body with its escapes resolved (`\\673A` → 机, `\\A` → line break, `\\"` → `"`). */
function cssUnescape(s: string): string {
  if (!s.includes('\\')) return s;
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c !== '\\') {
      out += c;
      continue;
    }
    let hex = '';
    while (hex.length < 6 && i + 1 < s.length && /[0-9a-fA-F]/.test(s[i + 1])) hex += s[++i];
    if (hex) {
      out += String.fromCodePoint(Math.min(parseInt(hex, 16), 0x10ffff) || 0xfffd);
      if (/\s/.test(s[i + 1] ?? '')) i++;
    } else if (s[i + 1] === '\n') i++;
    else if (i + 1 < s.length) out += s[++i];
  }
  return out;
}

/**
 * The strings CSS `content:` declarations (or those of another `property`) generate: quoted
 * strings concatenated, escapes resolved; counters give nothing. With `element` (the element a
 * ::before/::after rule draws for), `attr(name)` gives that attribute's value and `open-quote` /
 * `close-quote` the element's quotes: `content: attr(data-x)` draws the attribute's text in line with
 * the element's own, so a marking split between them is drawn whole. A hand-written scan: linear,
 * and no regex recursion on a 10 MB style attribute.
 */
function cssContentStrings(css: string, property = 'content', element?: { attrs: Record<string, string>; quotes: readonly [string, string]; vars?: ReadonlyMap<string, string> }): string[] {
  const out: string[] = [];
  // Comments out first (linear: each search starts where the last ended).
  if (css.includes('/*')) {
    const kept: string[] = [];
    let from = 0;
    for (let open = css.indexOf('/*'); open >= 0; open = css.indexOf('/*', from)) {
      kept.push(css.slice(from, open), ' ');
      const close = css.indexOf('*/', open + 2);
      from = close < 0 ? css.length : close + 2;
    }
    kept.push(css.slice(from));
    css = kept.join('');
  }
  const lower = css.toLowerCase();
  let at = 0;
  for (;;) {
    const k = lower.indexOf(property, at);
    if (k < 0) break;
    at = k + property.length;
    const before = k === 0 ? ';' : css[k - 1];
    if (!/[\s;{]/.test(before)) continue;
    let i = at;
    while (i < css.length && /\s/.test(css[i])) i++;
    if (css[i] !== ':') continue;
    i++;
    let value = '';
    while (i < css.length && css[i] !== ';' && css[i] !== '}' && css[i] !== '{') {
      const q = css[i];
      if (q === '"' || q === "'") {
        let j = i + 1;
        while (j < css.length && css[j] !== q) j += css[j] === '\\' ? 2 : 1;
        value += cssUnescape(css.slice(i + 1, Math.min(j, css.length)));
        i = j + 1;
      } else if (element && (q === 'a' || q === 'A') && lower.startsWith('attr(', i) && /[\s:,)]/.test(css[i - 1] ?? ' ')) {
        // attr(name), attr(name type), attr(name, "fallback"): the attribute's value, else the fallback.
        const close = css.indexOf(')', i);
        const end = close < 0 ? css.length : close;
        const arg = css.slice(i + 5, end);
        const name = /^\s*([\w:-]+)/.exec(arg)?.[1]?.toLowerCase();
        const fallback = /,\s*(["'])((?:[^\\]|\\[\s\S])*?)\1/.exec(arg)?.[2];
        value += (name !== undefined ? element.attrs[name] : undefined) ?? (fallback !== undefined ? cssUnescape(fallback) : '');
        i = end + 1;
      } else if (element?.vars && (q === 'v' || q === 'V') && lower.startsWith('var(', i) && /[\s:,)]/.test(css[i - 1] ?? ' ')) {
        // var(--m): a custom property written as a string.
        const close = css.indexOf(')', i);
        const end = close < 0 ? css.length : close;
        const name = /^\s*(--[\w-]+)/.exec(css.slice(i + 4, end))?.[1]?.toLowerCase();
        value += (name !== undefined ? element.vars.get(name) : undefined) ?? '';
        i = end + 1;
      } else if (element && css[i - 1] !== '-' && lower.startsWith('open-quote', i)) {
        value += element.quotes[0];
        i += 10;
      } else if (element && css[i - 1] !== '-' && lower.startsWith('close-quote', i)) {
        value += element.quotes[1];
        i += 11;
      } else i++;
    }
    at = i;
    if (value.trim()) out.push(value);
  }
  return out;
}

/**
 * The strings CSS draws as list markers: `list-style-type: "机密★5年"` or `list-style: '…' inside`
 * put the string before each item, as `::marker { content }` does.
 */
function listMarkerStrings(css: string): string[] {
  if (!/list-style/i.test(css)) return [];
  return [...cssContentStrings(css, 'list-style-type'), ...cssContentStrings(css, 'list-style')];
}

/** The quotes a browser draws for `<q>` and `open-quote` where no `quotes` property is set (zh). */
const DEFAULT_QUOTES: readonly [string, string] = ['\u201c', '\u201d'];

/** The first pair of a `quotes` declaration's strings (`quotes: "机" "年"`), or undefined (none, `auto`). */
function quotesOf(style: string): [string, string] | undefined {
  const v = /(?:^|;)\s*quotes\s*:([^;]*)/i.exec(style)?.[1];
  if (!v) return undefined;
  const strings = [...v.matchAll(/(["'])((?:[^\\]|\\[\s\S])*?)\1/g)].map((m) => cssUnescape(m[2]));
  if (/^\s*none\s*$/i.test(v)) return ['', ''];
  return strings.length >= 2 ? [strings[0], strings[1]] : undefined;
}

/** Most characters of an option's text kept for the line its <select> shows it in: a drop-down shows one line. */
const MAX_OPTION_TEXT = 200;

/** Input types that draw their value (or, empty, their placeholder) as text in the line. */
const INPUT_SHOWS_VALUE = /^(|text|search|email|tel|url|number|submit|button|reset)$/;

/** Attributes whose values are read into parts of their own (or handed on as files). */
const READ_ATTRIBUTES = new Set(['alt', 'title', 'aria-label', 'placeholder', 'srcdoc']);
/** Elements whose `label` attribute is text shown for them. */
const LABELLED = new Set(['option', 'optgroup', 'track']);
/** An attribute value longer than this is not a class name, a URL or a size. */
const LONG_ATTRIBUTE = 512;

/**
 * Whether an attribute the reader otherwise ignores holds text that must be read: a line break or
 * markup (the sign of a quote lost, which makes the page up to the next quote one value), text
 * beyond the ASCII of names, URLs and sizes, or a length no ordinary value has.
 */
function attributeHoldsText(v: string): boolean {
  if (v.length > LONG_ATTRIBUTE) return true;
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i);
    if (c === 0x0a || c === 0x0d || c === 0x3c || c === 0x3e || c >= 0x80) return true;
  }
  return false;
}


/**
 * What a style sheet holds besides rules: comments, string literals (other than `content:` strings,
 * read as generated text), and lines with characters no selector or property is made of. CSS is not
 * shown, but its bytes are served and a comment can carry anything. One linear scan.
 */
function cssText(css: string): string[] {
  const out: string[] = [];
  let code: string[] = [];
  let declStart = 0;
  const flushCode = (): void => {
    for (const line of code.join('').split('\n')) if (/[^\x00-\x7f]/.test(line) && line.trim()) out.push(line.trim());
    code = [];
  };
  let from = 0;
  for (let i = 0; i < css.length; i++) {
    const c = css[i];
    if (c === ';' || c === '{' || c === '}') declStart = i + 1;
    else if (c === '/' && css[i + 1] === '*') {
      code.push(css.slice(from, i));
      const close = css.indexOf('*/', i + 2);
      const end = close < 0 ? css.length : close;
      const comment = css.slice(i + 2, end).trim();
      if (comment) out.push(comment);
      i = close < 0 ? css.length : close + 1;
      from = i + 1;
    } else if (c === '"' || c === "'") {
      code.push(css.slice(from, i));
      let j = i + 1;
      while (j < css.length && css[j] !== c && css[j] !== '\n') j += css[j] === '\\' ? 2 : 1;
      const value = cssUnescape(css.slice(i + 1, Math.min(j, css.length)));
      if (value.trim() && !/^\s*content\s*:/i.test(css.slice(declStart, i))) out.push(value.trim());
      i = j;
      from = i + 1;
    }
  }
  code.push(css.slice(from));
  flushCode();
  return out;
}

/** Where an SVG element draws: its coordinate system (a matrix, or why it cannot be read) and what its text inherits. */
interface SvgFrame {
  m: Affine | string;
  /** The parent's coordinate system: a <use> draws a copy of the element in its own instead. */
  parentM: Affine | string;
  anchor: string;
  size: number;
  /** Inside <defs>, <symbol> and the like: not drawn where it stands. */
  defs: boolean;
  /** Which outermost <svg> the element belongs to. */
  root: number;
  /** Whether its shapes are stroked, not filled (fill none, a stroke set; both inherited): single-stroke or hollow lettering. */
  strokedOnly: boolean;
  fill?: string;
  stroke?: string;
}
/** Elements whose ::before/::after text is placed, at most. */
const MAX_GENERATED = 20_000;
/** SVG texts and <use> copies read for placement, at most. */
const MAX_SVG_ITEMS = 20_000;
const SVG_UNDRAWN = new Set(['defs', 'symbol', 'clippath', 'mask', 'pattern', 'marker', 'lineargradient', 'radialgradient', 'filter']);

/** The first number of an SVG length or list (`12`, `12px`, `3 4 5`), or undefined. */
function svgNumber(v: string | undefined): number | undefined {
  const m = /^\s*([-+]?(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?)(px)?(?:[\s,]|$)/i.exec(v ?? '');
  return m ? Number(m[1]) : undefined;
}

function svgFrame(name: string, attrs: Record<string, string>, up: SvgFrame | undefined, root: number): SvgFrame {
  const parentM: Affine | string = up ? up.m : IDENTITY;
  let m = parentM;
  const move = (t: Affine | string): void => {
    if (typeof m === 'string') return;
    m = typeof t === 'string' ? t : compose(m, t);
  };
  if (attrs.transform) move(svgTransform(attrs.transform));
  // A nested <svg> and a <use> are moved by their x/y (a viewBox's scaling of a nested <svg> is not weighed).
  if ((name === 'use' || (name === 'svg' && up)) && (attrs.x !== undefined || attrs.y !== undefined)) {
    const x = attrs.x === undefined ? 0 : svgNumber(attrs.x);
    const y = attrs.y === undefined ? 0 : svgNumber(attrs.y);
    move(x === undefined || y === undefined ? `an SVG <${name}> placed by x="${attrs.x ?? ''}" y="${attrs.y ?? ''}"` : [1, 0, 0, 1, x, y]);
  }
  const style = compactStyle(attrs.style);
  const anchor = (cssValue(style, 'text-anchor') ?? attrs['text-anchor'] ?? '').trim().toLowerCase() || (up?.anchor ?? 'start');
  const size = svgNumber(cssValue(style, 'font-size') ?? attrs['font-size']) ?? up?.size ?? 16;
  const fill = (cssValue(style, 'fill') ?? attrs.fill)?.trim().toLowerCase() ?? up?.fill;
  const stroke = (cssValue(style, 'stroke') ?? attrs.stroke)?.trim().toLowerCase() ?? up?.stroke;
  const strokedOnly = fill === 'none' && stroke !== undefined && stroke !== 'none';
  return { m, parentM, anchor, size, defs: (up?.defs ?? false) || SVG_UNDRAWN.has(name), root, strokedOnly, ...(fill ? { fill } : {}), ...(stroke ? { stroke } : {}) };
}

interface Parsed {
  parts: TextPart[];
  loss: Loss[];
  unread: Extraction['unread'];
  images: ImageRef[];
  embedded: EmbeddedFile[];
  /** SVG drawings holding lettering drawn as outlines (see svg-outlines.ts), for OCR. */
  drawings?: SvgDrawing[];
}

/** An SVG drawing with lines of outlined glyphs: where its source stands and the lines' areas (its own units). */
interface SvgDrawing {
  start: number;
  end: number;
  /** The drawing is the whole file (an .svg), not a drawing inside a page. */
  standalone: boolean;
  /** The lines' areas (its own units) and the height of their glyphs. */
  areas: Array<OutlineRect & { glyph: number }>;
}

/**
 * Height OCR reads lettering best at, px: an outlined line is rasterised so its glyphs stand this
 * high, with a margin of {@link DRAWING_MARGIN} glyph heights. Measured on 保密宣传月 outlined at
 * 52 units: read at 93% confidence with glyphs 26-32 px high (26 read every sample line cleanly) and 16 px of paper around, at 0-34%
 * (and misread) at 36-54 px.
 */
const DRAWING_GLYPH_PX = 26;
const DRAWING_MARGIN = 0.5;
/** Most lines cut out of one drawing; beyond, their union is read whole (one OCR job). */
const MAX_DRAWING_CROPS = 4;
/** Most pixels of one crop. */
const MAX_DRAWING_PIXELS = 16_000_000;

/**
 * The lines of lettering drawn as outlines (see svg-outlines.ts) as pictures for OCR: each line is
 * cut out of its drawing by giving the drawing's root a viewBox on the line and a size in pixels
 * that makes its glyphs {@link DRAWING_GLYPH_PX} high (a vector drawing is cut and scaled exactly,
 * and a poster's title and its small print each get the scale OCR wants). OCR boxes come back in
 * the drawing's units. A standalone SVG keeps its prolog (a DOCTYPE's entities, as Illustrator
 * writes them); a drawing inside a page gets the SVG namespaces HTML leaves out. What OCR cannot
 * read there it reports, so such a drawing is never passed unread; without OCR it is unread.
 */
function drawingPictures(drawings: readonly SvgDrawing[], text: string, unread: Extraction['unread']): ImageRef[] {
  const out: ImageRef[] = [];
  drawings.forEach((d, k) => {
    let areas = d.areas;
    if (areas.length > MAX_DRAWING_CROPS) {
      areas = [{ x0: Math.min(...areas.map((a) => a.x0)), y0: Math.min(...areas.map((a) => a.y0)), x1: Math.max(...areas.map((a) => a.x1)), y1: Math.max(...areas.map((a) => a.y1)), glyph: Math.min(...areas.map((a) => a.glyph)) }];
    }
    const open = /^<(?:[\w.-]+:)?svg\b(?:[^>"']|"[^"]*"|'[^']*')*>/i.exec(text.slice(d.start, d.end))?.[0];
    if (!open) {
      unread.push({ where: 'html (SVG drawing)', reason: 'corrupt', detail: 'An SVG drawing holds lettering drawn as outlines, but its <svg> start tag could not be cut out to hand the lines to OCR: the lettering was not read.' });
      return;
    }
    const kept = open.replace(/\s(?:width|height|viewBox|preserveAspectRatio)\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]+)/gi, '');
    let ns = '';
    if (!d.standalone && !/\sxmlns\s*=/.test(kept)) ns += ' xmlns="http://www.w3.org/2000/svg"';
    if (!d.standalone && !/\sxmlns:xlink\s*=/.test(kept) && text.slice(d.start, d.end).includes('xlink:')) ns += ' xmlns:xlink="http://www.w3.org/1999/xlink"';
    // The prolog of a standalone file, its encoding now UTF-8 (the bytes are re-encoded).
    const prolog = d.standalone ? text.slice(0, d.start).replace(/(<\?xml[^>]*?\sencoding\s*=\s*)(["'])[^"']*\2/i, '$1"UTF-8"') : '';
    const body = text.slice(d.start + open.length, d.end);
    const tagEnd = kept.endsWith('/>') ? kept.length - 2 : kept.length - 1;
    areas.forEach((line, j) => {
      // A margin of paper around the line, as OCR wants it (tesseract reads lettering that touches the edge poorly).
      const m = DRAWING_MARGIN * line.glyph;
      const r2 = (v: number): number => Math.round(v * 100) / 100;
      const a = { x0: r2(line.x0 - m), y0: r2(line.y0 - m) };
      const w = r2(line.x1 - line.x0 + 2 * m);
      const h = r2(line.y1 - line.y0 + 2 * m);
      let scale = DRAWING_GLYPH_PX / line.glyph;
      if (w * h * scale * scale > MAX_DRAWING_PIXELS) scale = Math.sqrt(MAX_DRAWING_PIXELS / (w * h));
      const pw = Math.max(1, Math.round(w * scale));
      const ph = Math.max(1, Math.round(h * scale));
      const root = `${kept.slice(0, tagEnd)}${ns} width="${pw}" height="${ph}" viewBox="${a.x0} ${a.y0} ${w} ${h}" preserveAspectRatio="none"${kept.slice(tagEnd)}`;
      const lines = d.areas.length;
      out.push({
        id: `html:svg-drawing${k + 1}${areas.length > 1 ? `-line${j + 1}` : ''}`,
        bytes: new TextEncoder().encode(prolog + root + body),
        mediaType: 'image/svg+xml',
        pointsPerPixel: w / pw,
        pointsOffset: { x: a.x0, y: a.y0 },
        boxUnit: 'px',
        origin: {
          filePart: 'html',
          detail: `SVG drawing${drawings.length > 1 ? ` #${k + 1}` : ''}: ${areas.length < lines ? `${lines} lines` : `line ${j + 1} of ${lines}`} of glyphs drawn as outlines (no text)`,
          box: { x: a.x0, y: a.y0, width: w, height: h, unit: 'px' },
        },
      });
    });
  });
  return out;
}

/** A numeric character reference standing in text: `&#26426;`, `&#x673A;`. */
const SHOWN_REFERENCE = /&#(?:[0-9]{1,7}|[xX][0-9a-fA-F]{1,6});/;

export function extractHtml(bytes: Uint8Array, ctx: ExtractContext): Extraction {
  // The transport's charset wins over the page's own declaration, as in a browser.
  const declared = mediaTypeCharset(ctx.mediaType) ?? declaredCharset(bytes);
  const decoded = decodeText(bytes, declared);
  const main = parseHtml(decoded.text, ctx, '', undefined);
  const parts = [...main.parts];
  const unread = [...main.unread];
  // Other plausible readings of the same bytes: their text only (inline files and pictures are
  // ASCII data: URIs, the same in every reading).
  for (const alt of decoded.alternatives) {
    const r = parseHtml(alt.text, ctx, alternativeSuffix(alt), `alternative reading as ${alt.encoding}`);
    parts.push(...r.parts);
    unread.push(...r.unread.filter((u) => u.reason === 'limit'));
  }
  // A fragment, or a file that is a page only by its name: its lines as written may be what a
  // reader sees (text with a few tags in it), so the text is read a second way too, its own line
  // breaks kept, tags of HTML elements dropped and references resolved.
  if (!looksHtmlDocument(bytes)) {
    const lines = markupReading(decoded.text, 'html:source-lines', { filePart: 'html', detail: 'the text with its line breaks as written, HTML tags dropped and character references resolved' });
    if (lines) parts.push(lines);
  }
  // Numeric character references the page shows as text (`&amp;#26426;` shows `&#26426;`): HTML
  // escaped twice on its way (a CMS's API, an editor's source view), which the publishing side
  // unescapes once more. Each part holding such (or tags shown as text) is read with them resolved too.
  for (const p of main.parts) {
    // Or HTML escaped once more (`&lt;p&gt;机密★5年&lt;/p&gt;` shows `<p>机密★5年</p>`): its tags shown as text.
    if (!SHOWN_REFERENCE.test(p.text) && !(p.text.includes('<') && hasHtmlMarkup(p.text))) continue;
    const m = markupReading(p.text, `${p.id}@references`, { ...p.origin, detail: `${p.origin.detail ? `${p.origin.detail}; ` : ''}the character references and tags it shows as text resolved (HTML escaped twice)` });
    if (m) parts.push({ ...(p.source ? throughReading(p, m) : { ...m, source: undefined }), role: p.role, leading: p.leading });
  }
  // Comments holding JSON: WordPress keeps a block's attributes in its comment
  // (`<!-- wp:heading {"content":"\u673a\u5bc6…"} -->`) and renders dynamic blocks from them. Read
  // as JSON too: each string on a line of its own, escapes resolved.
  for (const p of main.parts) {
    if (p.role !== 'html-comment' || !/\{\s*"/.test(p.text)) continue;
    const j = jsonReading(p.text, `${p.id}@json`, { ...p.origin, detail: 'the JSON the comments hold (a WordPress block\'s attributes): each string on a line of its own, escapes resolved' });
    if (j) parts.push({ ...(p.source ? throughReading(p, j) : { ...j, source: undefined }), role: p.role, leading: p.leading });
  }
  // Web fonts that draw other characters than the page's (web-fonts.ts): the page read as drawn too.
  const fonts = main.embedded.length ? webFontReadings(main.parts, main.embedded) : undefined;
  if (fonts) parts.push(...fonts.parts);
  // Ciphertext in armor (a PGP message in a <pre>, as mail programs show one) is sealed, not read.
  const sealed = armoredCiphertext(bytes);
  if (sealed) unread.push({ where: 'file', reason: 'encrypted', detail: `the page holds ${sealed.kind} in ASCII armor (${sealed.count} block${sealed.count > 1 ? 's' : ''}): its content is encrypted and cannot be read without the key` });
  const total = parts.reduce((n, p) => n + p.text.length, 0);
  if (total > ctx.limits.maxTextChars) {
    unread.push({ where: 'file', reason: 'limit', detail: `the page has ${total} characters of text, over the limit of ${ctx.limits.maxTextChars}` });
  }
  return {
    format: 'html',
    mediaType: 'text/html',
    parts,
    unread,
    loss: [...decodingLosses(decoded), ...main.loss, ...(fonts?.loss ?? [])],
    images: [...main.images, ...drawingPictures(main.drawings ?? [], decoded.text, unread)],
    embedded: main.embedded,
    info: { encoding: decoded.encoding, ...(decoded.declared ? { declaredCharset: decoded.declared.label } : {}), ...(decoded.alternatives.length ? { alternativeEncodings: decoded.alternatives.map((a) => a.encoding).join(',') } : {}) },
  };
}

/** Parses one reading of the page into parts; `suffix` and `altDetail` mark an alternative reading. */
function parseHtml(text: string, ctx: ExtractContext, suffix: string, altDetail: string | undefined): Parsed {
  const shape = tagShape(text);
  if (shape.maxDepth > MAX_NESTING || shape.stray > MAX_NESTING) {
    // Fail closed without hanging: read the words, say the structure was not.
    return {
      parts: [{ id: 'body' + suffix, role: 'body', text: flatText(text), origin: { filePart: 'html', detail: altDetail ? `text without structure; ${altDetail}` : 'text without structure' }, leading: true }],
      images: [],
      embedded: [],
      loss: [],
      unread: [{
        where: 'file',
        reason: 'limit',
        detail: `The page nests elements ${shape.maxDepth} deep with ${shape.stray} unmatched closing tags, beyond what prepub parses safely (${MAX_NESTING}): its words were read without structure, so hidden parts, comments and attributes could not be told apart from visible text.`,
      }],
    };
  }
  const B = (id: string, role: PartRole, detail?: string): PartBuilder => new PartBuilder(id + suffix, role, { filePart: 'html', ...(detail ? { detail } : {}) });
  const body = B('body', 'body');
  const title = B('html:title', 'title', '<title>');
  const hidden = B('html:hidden', 'hidden');
  const comments = B('html:comments', 'html-comment', '<!-- -->');
  const alts = B('html:attributes', 'alt-text', 'alt/title attributes');
  const meta = B('html:meta', 'metadata', '<meta>');
  const forms = B('html:forms', 'form-field', 'form values');
  const scripts = B('html:scripts', 'hidden', '<script>/<noscript>')
  // Text CSS generates: `content:` in <style> is drawn on the page; in a style attribute it is not.
  const cssContent = B('html:css-content', 'body', 'CSS generated content (content: in <style>)');
  const cssInline = B('html:css-inline', 'hidden', 'content:, other strings and comments in style attributes');
  const styleSheets = B('html:style', 'hidden', '<style> comments and strings');
  const attrText = B('html:attribute-text', 'hidden', 'text in other attributes');
  const ruby = B('html:ruby', 'alt-text', 'ruby annotations (<rt>, <rp>)');
  const scriptLiterals = B('html:script-strings', 'hidden', 'string literals of <script>, escapes resolved');
  // Set when markup or CSS draws text reversed (<bdo dir=rtl>, bidi-override, row-reverse) or in
  // capitals (text-transform): the shown reading is then scanned besides the stored one.
  let reorders = false;
  let uppercases = false;
  const rawMarkup = B('html:raw-markup', 'hidden', 'markup and character references inside <script>/<xmp>/<iframe>/<noembed>/<noframes>/<plaintext>/<title>/<textarea>, read as HTML');
  let rawText: { name: string; chunks: string[] } | undefined;
  const flushRaw = (): void => {
    if (!rawText) return;
    const raw = rawText.chunks.join('');
    // The parser already resolved references in <title> and <textarea>: only tags are left to read.
    const rcdata = rawText.name === 'title' || rawText.name === 'textarea';
    if (rawText.name === 'script') {
      for (const l of scriptStrings(raw)) {
        scriptLiterals.write(l);
        scriptLiterals.breakLine();
      }
    }
    rawText = undefined;
    if (!raw.includes('<') && (rcdata || !raw.includes('&'))) return;
    for (const line of flatText(raw).split(/\r?\n|\r/)) {
      const l = line.replace(/[ \t\f]+/g, ' ').trim();
      if (!l) continue;
      rawMarkup.append(l);
      rawMarkup.breakLine();
    }
  };
  const dataParts = new Map<string, PartBuilder>();
  let dataDecoded = 0;
  let styleText: string[] | undefined;
  let svgDepth = 0;;
  const images: ImageRef[] = [];
  const embedded: EmbeddedFile[] = [];
  const unread: Extraction['unread'] = [];
  const dataLoss: Loss[] = [];
  // Stack of open elements: whether each hides its content, and why.
  // kids: element children opened so far (an element's index among its siblings, for :nth-child rules).
  // quotes, marker: what the element's <q>/open-quote and list items draw (both inherited).
  const stack: Array<{ name: string; hiddenBy?: string; skip: boolean; script: boolean; annotation: boolean; el: LayoutElement; background: string; sheetBackground: string; kids: number; svg?: SvgFrame; quotes: readonly [string, string]; marker: string }> = [];
  // SVG drawing: each <text> with where its coordinate system puts it, elements by id, <use> copies.
  const svgTexts: Array<{ el: LayoutElement; frame: SvgFrame; x: number; y: number }> = [];
  const svgIds = new Map<string, { el: LayoutElement; frame: SvgFrame }>();
  const svgUses: Array<{ el: LayoutElement; frame: SvgFrame; ref: string }> = [];
  let svgRoots = 0;
  // Glyphs drawn as outlines (paths, <use> copies) per drawing, and where each drawing's source stands.
  const svgOutlines = new SvgOutlineCollector();
  const svgSources = new Map<number, { start: number; end?: number; standalone: boolean }>();
  // Phrasing elements the style sheet's rules hide: their lines are also read without them.
  const sheetHidden: LayoutElement[] = [];
  // How many of them are struck through rather than hidden by the sheet.
  let struck = 0;
  // The element tree with each element's range of body text, for the order CSS layout shows it in;
  // and for each piece of body text, the range of the page it was read from.
  const root: LayoutElement = { name: '#document', classes: [], src: 0, bodyStart: 0, bodyEnd: 0, children: [] };
  const segBody: number[] = [];
  const segSrc: number[] = [];
  const segEnd: number[] = [];
  const sheets: string[] = [];
  let layoutCss = false;
  const svgGlyphs: Array<{ el: LayoutElement; xs: number[] }> = [];
  // SVG <text>/<tspan> placed by x (and y): their attributes, for a shift written on a child (dx/dy).
  const svgPlaced = new Map<LayoutElement, Record<string, string>>();
  // Whether the page can hold anything the layout pass reads (one scan of the page text; a page
  // without it builds no element tree): placement CSS, a right-to-left direction, SVG.
  const layoutPossible = LAYOUT_HINT.test(text);
  // Tables whose cells are all short may spell a word down a column (see the column reading below):
  // their cells by row, and where the body text came from in the page (to map that reading).
  const tablesPossible = /<t[dh][\s>]/i.test(text);
  const tables: Array<{ rows: LayoutElement[][] }> = [];
  const openTables: Array<{ rows: LayoutElement[][] }> = [];
  const openByName = new Map<string, number>();
  let hiddenDepth = 0;
  let skipDepth = 0;
  let scriptDepth = 0;
  let inTitle = false;
  let rubyDepth = 0;
  const target = (): PartBuilder => (scriptDepth > 0 ? scripts : hiddenDepth > 0 ? hidden : rubyDepth > 0 ? ruby : inTitle ? title : body);
  let hiddenReason = '';
  /**
   * A style sheet of the page (a <style>, or one given as a data: URI): generated text, comments
   * and strings, the layout it sets, and the data: URIs it draws (`url(data:…)`, `@import`).
   */
  const readStyleSheet = (css: string, where: string, depth = 0): void => {
    sheets.push(css);
    if (LAYOUT_CSS.test(css)) layoutCss = true;
    if (REORDERING_CSS.test(css)) reorders = true;
    if (UPPERCASING_CSS.test(css)) uppercases = true;
    for (const v of [...cssContentStrings(css), ...listMarkerStrings(css)]) {
      cssContent.write(v);
      cssContent.breakLine();
    }
    for (const v of cssText(css)) {
      for (const line of (v.includes('<') ? flatText(v) : decodeReferences(v)).split('\n')) {
        const l = line.replace(/[ \t\r\f]+/g, ' ').trim();
        if (!l) continue;
        styleSheets.write(l);
        styleSheets.breakLine();
      }
    }
    if (MAY_DRAW_DATA.test(css)) readCssData(css, where, depth + 1);
  };
  /** The data: URIs a piece of CSS draws; base64 payloads beyond them are a loss (fail closed). */
  const readCssData = (css: string, where: string, depth = 0): void => {
    const { uris, stray } = cssDataUris(css);
    for (const uri of uris) takeDataUri(uri, `${where} url(data:…)`, depth);
    if (stray) strayPayload(where, stray);
  };
  /** Base64 payloads a browser may draw (a picture, a font, a file) that were not handed on to be read. */
  const strayPayload = (where: string, count: number): void => {
    dataLoss.push({ where, kind: 'unreadable-object', count, detail: `${count} base64 payload${count > 1 ? 's' : ''} in ${where} ${count > 1 ? 'were' : 'was'} not read: written in a way this reader does not take as a data: URI, a browser may still draw ${count > 1 ? 'them' : 'it'} (a picture could show a marking)` });
  };
  /**
   * A data: URI the page draws (a CSS background or `content:url()`, a srcset candidate): a picture
   * is OCRed, an SVG picture or an HTML document is read as a file, a style sheet as the page's own.
   */
  const takeDataUri = (uri: string, where: string, depth = 0): void => {
    const d = decodeDataUri(uri);
    if (!d) {
      unread.push({ where: `${where} data: URI`, reason: 'corrupt', detail: 'an inline data: URI could not be decoded' });
      return;
    }
    if (d.mediaType === 'text/css') {
      // A style sheet that imports itself would never end.
      if (depth < 4) readStyleSheet(new TextDecoder().decode(d.bytes), where, depth);
      else unread.push({ where: `${where} data: URI`, reason: 'limit', detail: 'style sheets given as data: URIs nest deeper than 4' });
    } else if (d.mediaType.startsWith('image/') && d.mediaType !== 'image/svg+xml') {
      images.push({ id: `html:img${images.length + 1}`, bytes: d.bytes, mediaType: d.mediaType, origin: { filePart: 'html', detail: `${where} #${images.length + 1}` } });
    } else {
      embedded.push({ name: `${where.includes('srcset') ? 'srcset' : 'css-data'}-${embedded.length + 1}${extensionFor(d.mediaType)}`, bytes: d.bytes, origin: { filePart: 'html', detail: `${where} (data:${d.mediaType})` } });
    }
  };
  // XHTML written with a namespace prefix (`<h:p>` under xmlns:h="http://www.w3.org/1999/xhtml"):
  // its elements are HTML's, read by their local names.
  const xhtmlPrefixes = new Set<string>();
  if (text.includes('xmlns:')) for (const m of text.matchAll(/xmlns:([\w.-]+)\s*=\s*["']http:\/\/www\.w3\.org\/1999\/xhtml["']/gi)) xhtmlPrefixes.add(m[1].toLowerCase());
  const unprefixed = (tagName: string): string => {
    const colon = tagName.indexOf(':');
    return colon > 0 && xhtmlPrefixes.has(tagName.slice(0, colon)) ? tagName.slice(colon + 1) : tagName;
  };
  // The page's style sheet rules that decide what is seen (class and id rules, not only style attributes).
  // Style sheets linked as data: URIs (<link rel=stylesheet href="data:text/css,…">) apply as a
  // <style>'s do: their rules hide text and generate it in line.
  let linkedSheets = '';
  if (/<link\b/i.test(text) && /data:text\/css/i.test(text)) {
    for (const m of text.matchAll(/<link\b[^>]*?\bhref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/gi)) {
      const href = dataUrl(decodeReferences(m[1] ?? m[2] ?? m[3] ?? ''));
      const d = href && /^data:text\/css/i.test(href) ? decodeDataUri(href) : undefined;
      if (d) linkedSheets += `<style>${new TextDecoder().decode(d.bytes)}</style>`;
      if (linkedSheets.length > 4_000_000) break;
    }
  }
  const sheet = SheetStyles.of(linkedSheets ? text + linkedSheets : text);
  // ::before/::after rules that generate text, indexed as the sheet's are; the text each element
  // gets, placed at its start or end in the body (the end known when it closes).
  const pseudoRules = pseudoContentRules(linkedSheets ? text + linkedSheets : text);
  // Custom properties written as strings (--m:"机"), for content: var(--m): the last one written
  // anywhere on the page (their scoping is not weighed).
  const customStrings = new Map<string, string>();
  if (pseudoRules.length && /var\(/i.test(text + linkedSheets)) {
    for (const m of (text + linkedSheets).matchAll(/(--[\w-]+)\s*:\s*(["'])((?:[^\\\n]|\\[\s\S])*?)\2/g)) customStrings.set(m[1].toLowerCase(), cssUnescape(m[3]));
  }
  const pseudoIndex = new Map<string, PseudoRule[]>();
  for (const r of pseudoRules) {
    const key = r.match.id ? `#${r.match.id}` : r.match.classes.length ? `.${r.match.classes[0]}` : r.match.tag && r.match.tag !== '*' ? r.match.tag : '*';
    const l = pseudoIndex.get(key);
    if (l) l.push(r);
    else pseudoIndex.set(key, [r]);
  }
  const generated: Array<{ el: LayoutElement; pseudo: 'before' | 'after'; text: string }> = [];
  // Declarative shadow roots in the page's text: the host, where the root's first <slot> stands and
  // where the root ends. The host's own children (after the root) are drawn at the slot.
  const shadowRoots: Array<{ host: LayoutElement; slotAt?: number; rootEnd?: number }> = [];
  const openShadowRoots: Array<(typeof shadowRoots)[number]> = [];
  // The <select> being read: where it stands in the line, and its options' text, for the one it shows.
  // Each option's text is gathered as it is read (a slice of the body's text would join it anew per <select>).
  let openSelect: { at: number; src: number; options: Array<{ text: string; open: boolean; selected: boolean; label?: string }> } | undefined;
  let rootKids = 0;
  const parser = new Parser(
    {
      onopentag(tagName, given) {
        const name = unprefixed(tagName);
        let attrs = svgDepth > 0 ? withSvgPresentation(given) : given;
        const parentEntry = stack[stack.length - 1];
        const index = parentEntry ? parentEntry.kids++ : rootKids++;
        const sheetStyle = sheet?.styleOf(name, attrs.id, attrs.class, index, attrs.style);
        const styled = sheetStyle === undefined ? attrs : { ...attrs, style: sheetStyle };
        // What lies behind this element's text: its own background, else its parent's, else the page
        // (by style attributes; and with the style sheet's rules too, for the sheet's reading below).
        const background = backgroundOf(attrs) ?? (parentEntry ? parentEntry.background : 'FFFFFF');
        const sheetBackground = sheetStyle === undefined ? (parentEntry ? parentEntry.sheetBackground : background) : (backgroundOf(styled) ?? (parentEntry ? parentEntry.sheetBackground : 'FFFFFF'));
        const hiddenBy = isHiddenElement(name, attrs, background);
        // A phrasing element the style sheet's rules hide (<span class="w">开</span> under .w{color:#fff})
        // stays in the reading, and the lines it stands in are also read without it (shown-order,
        // below). Sheet rules are matched by their last compound and are often undone by scripts
        // (an opacity:0 faded in), so they do not move text out of the page's reading.
        const sheetHides = !hiddenBy && sheetStyle !== undefined && PHRASING.has(name) && isHiddenElement(name, styled, sheetBackground) !== undefined;
        const skip = SKIP_TAGS.has(name);
        const script = name === 'script' || name === 'noscript';
        const annotation = RUBY_ANNOTATION.has(name);
        if ((name === 'bdo' && (attrs.dir ?? '').toLowerCase() === 'rtl') || (attrs.style && REORDERING_CSS.test(attrs.style))) reorders = true;
        // SVG writes the same CSS properties as presentation attributes.
        if (/bidi-override/i.test(attrs['unicode-bidi'] ?? '') || (attrs.direction ?? '').trim().toLowerCase() === 'rtl') reorders = true;
        if (attrs.style && UPPERCASING_CSS.test(attrs.style)) uppercases = true;
        if ((attrs.style && LAYOUT_CSS.test(attrs.style)) || (attrs.dir ?? '').toLowerCase() === 'rtl') layoutCss = true;
        if (!VOID_TAGS.has(name)) {
          const el: LayoutElement = { name, style: attrs.style, id: attrs.id, classes: attrs.class && layoutPossible ? attrs.class.split(/\s+/).filter(Boolean) : NO_CLASSES, src: parser.startIndex, bodyStart: body.offset, bodyEnd: body.offset, children: [] };
          if (attrs.dir) el.dir = attrs.dir.toLowerCase();
          // SVG text is placed by attributes: read as the positioning they amount to.
          if (svgDepth > 0 && (name === 'text' || name === 'tspan') && ('x' in attrs || 'dx' in attrs || 'dy' in attrs)) {
            // A <tspan> that shifts by dx/dy where its <text> (placed by x/y) starts moves where that
            // text is drawn: <text x="20"><tspan dx="40">密★5年</tspan></text> stands at 60, after a
            // 机 drawn at 20 though written later. The shift is the text's, as its own dx would be.
            const parent = stack.length ? stack[stack.length - 1].el : undefined;
            const placed = parent && svgPlaced.get(parent);
            if (parent && placed && !('x' in attrs) && !('y' in attrs) && body.offset === parent.bodyStart) {
              const first = (v: string | undefined): number => parseFloat((v ?? '').trim().split(/[\s,]+/)[0] ?? '');
              const add = (a: string | undefined, d: string | undefined): string | undefined => (Number.isFinite(first(d)) && Number.isFinite(first(a)) ? String(first(a) + first(d)) : a);
              const shifted: Record<string, string> = { ...placed, x: add(placed.x, attrs.dx) ?? '' };
              const y = add(placed.y, attrs.dy);
              if (y !== undefined) shifted.y = y;
              svgPlaced.set(parent, shifted);
              const pp = svgPlacement(shifted);
              parent.style = `${pp.style};${shifted.style ?? ''}`;
              const { dx: _dx, dy: _dy, ...rest } = attrs;
              attrs = rest;
            }
            const p = svgPlacement(attrs);
            el.style = `${p.style};${attrs.style ?? ''}`;
            // Glyphs placed one by one by a list of x values (what converters write, one value a
            // character): drawn in the order of their x, read so below, not a loss.
            const xs = (attrs.x ?? '').trim().split(/[\s,]+/).filter(Boolean).map(Number);
            if (p.unresolved && xs.length > 1 && xs.every(Number.isFinite) && !attrs.dx) svgGlyphs.push({ el, xs });
            else if (p.unresolved) el.unresolved = p.unresolved;
            if ('x' in attrs) svgPlaced.set(el, attrs);
            layoutCss = true;
          }
          if (layoutPossible) (stack.length ? stack[stack.length - 1].el : root).children.push(el);
          if (tablesPossible) {
            if (name === 'table') {
              const tb = { rows: [] as LayoutElement[][] };
              tables.push(tb);
              openTables.push(tb);
            } else if (openTables.length && name === 'tr') openTables[openTables.length - 1].rows.push([]);
            else if (openTables.length && CELL_TAGS.has(name) && target() === body) {
              const rows = openTables[openTables.length - 1].rows;
              if (!rows.length) rows.push([]);
              rows[rows.length - 1].push(el);
            }
          }
          // An SVG element's coordinate system: its parent's, moved by its own transform (a nested
          // <svg>'s x/y, a <use>'s x/y), with the text-anchor and font size it inherits.
          let svg: SvgFrame | undefined;
          if (name === 'svg' || svgDepth > 0) {
            const up = stack.length ? stack[stack.length - 1].svg : undefined;
            svg = svgFrame(name, attrs, up, up ? up.root : ++svgRoots);
            if (!up && name === 'svg') {
              svgOutlines.root(svg.root, attrs);
              svgSources.set(svg.root, { start: parser.startIndex, standalone: stack.length === 0 });
            }
            // Shapes that may be glyphs drawn as outlines (see svg-outlines.ts); hidden ones are not drawn.
            if ((name === 'path' || name === 'polygon' || name === 'polyline') && !hiddenBy && hiddenDepth === 0) {
              const shape = name === 'path' ? (attrs.d ? pathShape(attrs.d) : undefined) : attrs.points ? polygonShape(attrs.points, name === 'polygon') : undefined;
              if (shape) {
                if (svg.strokedOnly) shape.stroked = true;
                const owners: Array<{ id: string; parentM: Affine | string }> = attrs.id ? [{ id: attrs.id, parentM: svg.parentM }] : [];
                for (let k = stack.length - 1; k >= 0 && stack[k].svg; k--) if (stack[k].el.id) owners.push({ id: stack[k].el.id!, parentM: stack[k].svg!.parentM });
                svgOutlines.shape(svg.root, shape, svg.m, !svg.defs, owners);
              }
            }
            if (name === 'use' && !svg.defs && !hiddenBy && hiddenDepth === 0) {
              const ref = (attrs.href ?? attrs['xlink:href'] ?? '').trim();
              if (ref.startsWith('#')) svgOutlines.use(svg.root, ref.slice(1), svg.m);
            }
            if (name === 'text') svgTexts.push({ el, frame: svg, x: svgNumber(attrs.x) ?? 0, y: svgNumber(attrs.y) ?? 0 });
            else if (name === 'use' && svgTexts.length + svgUses.length < MAX_SVG_ITEMS) {
              const ref = (attrs.href ?? attrs['xlink:href'] ?? '').trim();
              if (ref.startsWith('#')) svgUses.push({ el, frame: svg, ref: ref.slice(1) });
            }
            if (attrs.id && !svgIds.has(attrs.id)) svgIds.set(attrs.id, { el, frame: svg });
          }
          // Quotes and a string list marker are inherited; each drawn in line with the text it goes
          // with, so a marking split between them and the text (<li>密★5年</li> under list-style-type:"机") reads whole.
          const ownStyle = styled.style ?? '';
          const quotes = quotesOf(ownStyle) ?? parentEntry?.quotes ?? DEFAULT_QUOTES;
          const ownMarker = /list-style/i.test(ownStyle) ? listMarkerStrings(ownStyle)[0] : undefined;
          const marker = ownMarker ?? (/list-style(-type)?\s*:\s*[a-z-]+(\s+[a-z-]+)*\s*(;|$)/i.test(ownStyle) ? '' : (parentEntry?.marker ?? ''));
          stack.push({ name, hiddenBy, skip, script, annotation, el, background, sheetBackground, kids: 0, svg, quotes, marker });
          if (target() === body && generated.length < MAX_GENERATED) {
            const drawn = (pseudo: 'before' | 'after', v: string): void => {
              const g = v.replace(/[\ue000-\uf8ff]/g, '').replace(/\s+/g, ' ');
              if (/[\p{L}\p{N}\u2605\u2606]/u.test(g)) generated.push({ el, pseudo, text: g });
            };
            if (name === 'li' && marker) drawn('before', marker);
            if (name === 'q') {
              drawn('before', quotes[0]);
              drawn('after', quotes[1]);
            }
          }
          if (pseudoRules.length && target() === body && generated.length < MAX_GENERATED) {
            const classes = attrs.class ? attrs.class.split(/\s+/).filter(Boolean) : [];
            const found = [...(pseudoIndex.get('*') ?? []), ...(pseudoIndex.get(name) ?? []), ...(attrs.id ? (pseudoIndex.get(`#${attrs.id}`) ?? []) : []), ...classes.flatMap((c) => pseudoIndex.get(`.${c}`) ?? [])];
            if (found.length) {
              // The cascade: the more specific rule, then the later one, sets each pseudo-element's content.
              const content: { before?: string; after?: string } = {};
              for (const r of found.sort((a, b) => a.specificity - b.specificity || a.order - b.order)) {
                if (compoundMatches(r.match, { name, id: attrs.id, classes }, index, index + 1)) content[r.pseudo] = cssContentStrings(r.block, 'content', { attrs, quotes, vars: customStrings }).join('');
              }
              // Icon-font glyphs (private use) are no text; only generated letters, digits and stars can join a marking.
              for (const pseudo of ['before', 'after'] as const) {
                const g = (content[pseudo] ?? '').replace(/[\ue000-\uf8ff]/g, '').replace(/\s+/g, ' ');
                if (/[\p{L}\p{N}\u2605\u2606]/u.test(g)) generated.push({ el, pseudo, text: g });
              }
            }
          }
          if (sheetHides) sheetHidden.push(el);
          // Struck-through text (<s>, <strike>, <del>, line-through) stays in the reading, and its
          // lines are also read without it: a form's options struck out (密级：<s>绝密</s> 机密 <s>秘密</s>)
          // name the one left.
          else if (PHRASING.has(name) && (STRUCK_TAGS.has(name) || LINE_THROUGH.test(styled.style ?? ''))) {
            sheetHidden.push(el);
            struck++;
          }
          if (annotation) rubyDepth++;
          openByName.set(name, (openByName.get(name) ?? 0) + 1);
          if (hiddenBy) {
            if (hiddenDepth === 0) hiddenReason = hiddenBy;
            hiddenDepth++;
          }
          if (skip) skipDepth++;
          if (script) scriptDepth++;
        }
        if (name === 'template' && ('shadowrootmode' in attrs || 'shadowroot' in attrs) && parentEntry && target() === body && shadowRoots.length < MAX_GENERATED) {
          const r = { host: parentEntry.el };
          shadowRoots.push(r);
          openShadowRoots.push(r);
        }
        if (name === 'slot' && openShadowRoots.length && target() === body) openShadowRoots[openShadowRoots.length - 1].slotAt ??= body.offset;
        if (name === 'title' && svgDepth === 0) inTitle = true;
        if (name === 'style') styleText = [];
        if (RAW_TEXT_TAGS.has(name)) rawText = { name, chunks: [] };
        if (name === 'svg') svgDepth++;
        const t = target();
        if (name === 'select' && t === body) openSelect = { at: body.offset, src: parser.startIndex, options: [] };
        if (BLOCK_TAGS.has(name)) t.breakLine();
        if (name === 'option' && openSelect && t === body) {
          const last = openSelect.options.at(-1);
          if (last) last.open = false;
          openSelect.options.push({ text: '', open: true, selected: 'selected' in attrs, ...(attrs.label ? { label: attrs.label } : {}) });
        }
        // A text box or button draws its value (else its placeholder) in the line: 机<input value="密★5年">
        // shows 机密★5年, read so with the line (the value is also read as a form field).
        if (name === 'input' && t === body && generated.length < MAX_GENERATED && INPUT_SHOWS_VALUE.test((attrs.type ?? '').trim().toLowerCase())) {
          const v = (attrs.value || attrs.placeholder || '').replace(/\s+/g, ' ');
          if (/[\p{L}\p{N}\u2605\u2606]/u.test(v)) {
            const at: LayoutElement = { name, classes: NO_CLASSES, src: parser.startIndex, bodyStart: body.offset, bodyEnd: body.offset, children: [] };
            generated.push({ el: at, pseudo: 'before', text: v });
          }
        }
        // A picture that does not load (a broken or blocked src, images off, a screen reader) shows its
        // alt text where it stands: 机<img alt="密★5年"> reads 机密★5年 (the alt is also read on its own).
        if ((name === 'img' || (name === 'input' && /^image$/i.test((attrs.type ?? '').trim()))) && t === body && generated.length < MAX_GENERATED) {
          const v = (attrs.alt ?? '').replace(/\s+/g, ' ');
          if (/[\p{L}\p{N}\u2605\u2606]/u.test(v)) {
            const at: LayoutElement = { name, classes: NO_CLASSES, src: parser.startIndex, bodyStart: body.offset, bodyEnd: body.offset, children: [] };
            generated.push({ el: at, pseudo: 'before', text: v });
          }
        }
        // A check box or radio button shows whether it is ticked: a form's 密级 ☐绝密 ☑机密 ☐秘密.
        if (name === 'input' && /^(checkbox|radio)$/i.test((attrs.type ?? '').trim())) {
          if (t === body && (layoutPossible || tablesPossible)) {
            segBody.push(body.offset);
            segSrc.push(parser.startIndex);
            segEnd.push(parser.endIndex + 1);
          }
          t.write('checked' in attrs ? '☑' : '☐', inTitle ? 'heading' : 'paragraph');
        }
        // SVG text: each <text> is a line of its own, and so is a <tspan> placed on a new line.
        if (svgDepth > 0 && (name === 'text' || (name === 'tspan' && ('x' in attrs || 'y' in attrs || 'dy' in attrs)))) t.breakLine();
        if (attrs.style && MAY_DRAW_DATA.test(attrs.style)) readCssData(attrs.style, `<${name} style>`);
        for (const a of ['srcset', 'imagesrcset']) {
          if (!attrs[a] || !MAY_DRAW_DATA.test(attrs[a])) continue;
          // A srcset's candidates are split at blanks; each URL is then parsed as any URL is.
          let taken = 0;
          for (const m of attrs[a].matchAll(/(?:^|[\s,])(data:[^\s]+)/gi)) {
            const u = dataUrl(m[1].replace(/,$/, ''))!;
            taken += base64Payloads(u);
            takeDataUri(u, `<${name} ${a}>`);
          }
          const stray = base64Payloads(attrs[a]) - taken;
          if (stray > 0) strayPayload(`<${name} ${a}>`, stray);
        }
        if (attrs.style && /content\s*:/i.test(attrs.style)) {
          for (const v of cssContentStrings(attrs.style)) {
            cssInline.write(v);
            cssInline.breakLine();
          }
        }
        // Other strings and comments of a style attribute (a custom property's value, --m:'…'), as a
        // <style>'s are read: not drawn unless a rule uses them, but published with the page.
        if (attrs.style && /["'\/]|[^\x00-\x7f]/.test(attrs.style)) {
          for (const v of cssText(attrs.style)) {
            cssInline.write(v.replace(/\s+/g, ' '));
            cssInline.breakLine();
          }
        }
        // A string as the list marker is drawn before each item, from a style attribute too.
        if (attrs.style && /list-style/i.test(attrs.style)) {
          for (const v of listMarkerStrings(attrs.style)) {
            cssContent.write(v);
            cssContent.breakLine();
          }
        }
        for (const a in attrs) {
          if (!a.startsWith('data-') || !attrs[a].trim()) continue;
          let part = dataParts.get(a);
          if (!part) {
            const shared = dataParts.size >= MAX_DATA_PARTS;
            part = shared ? dataParts.get('data-*') : undefined;
            if (!part) {
              const key = shared ? 'data-*' : a;
              part = B(`html:${key}`, 'metadata', shared ? 'other data-* attributes' : `${a} attribute`);
              dataParts.set(key, part);
            }
            if (!shared) dataParts.set(a, part);
          }
          part.write(attrs[a].trim());
          part.breakLine();
          // A value in base64 or percent-encoded that a script decodes (atob, decodeURIComponent) and
          // puts into the page, HTML or text: read as the page it is.
          const b64 = base64DataText(attrs[a]);
          const pct = b64 ? undefined : percentDecodedShown(attrs[a]);
          const how = b64 ? `base64 (${b64.encoding === 'utf-8' ? 'UTF-8' : 'GB18030'})` : 'percent-encoding';
          const decoded = b64?.text ?? pct;
          if (decoded && ++dataDecoded <= MAX_DATA_DECODED)
            embedded.push({ name: `${name}-${a}-${embedded.length + 1}.html`, bytes: new TextEncoder().encode(decoded), origin: { filePart: 'html', detail: `<${name} ${a}> decoded from ${how}` } });
          else if (decoded && dataDecoded === MAX_DATA_DECODED + 1)
            unread.push({ where: `data-* attributes encoded after the ${MAX_DATA_DECODED}th`, reason: 'limit', detail: `the page holds more than ${MAX_DATA_DECODED} data-* values in base64 or percent-encoding that decode to text; only the first ${MAX_DATA_DECODED} were read` });
        }
        for (const a in attrs) {
          // A non-ASCII attribute name is text a broken tag turned into a name.
          if (/[^\x00-\x7f]/.test(a)) {
            attrText.write(a);
            attrText.breakLine();
          }
          if (READ_ATTRIBUTES.has(a) || a.startsWith('data-') || (name === 'meta' && a === 'content') || (name === 'input' && a === 'value')) continue;
          const v = attrs[a];
          // A link or source percent-encoded (href="…/%E6%9C%BA%E5%AF%86…") is shown decoded in the
          // status bar and address bar: read so as well.
          const shown = percentDecodedShown(v);
          if (shown) {
            attrText.write(shown.replace(/\s+/g, ' ').trim());
            attrText.breakLine();
          }
          if (!attributeHoldsText(v)) continue;
          for (const line of (v.includes('<') ? flatText(v) : v).split(/\r?\n|\r/)) {
            const l = line.replace(/[ \t\f]+/g, ' ').trim();
            if (!l) continue;
            attrText.write(l);
            attrText.breakLine();
          }
        }
        if (CELL_TAGS.has(name)) t.cellBreak();
        // The text a control shows instead of its content: an <option>'s or <optgroup>'s label, a <track>'s.
        for (const a of LABELLED.has(name) ? ['alt', 'title', 'aria-label', 'placeholder', 'label'] : ['alt', 'title', 'aria-label', 'placeholder']) {
          const v = attrs[a]?.trim();
          if (v) {
            alts.write(v);
            alts.breakLine();
          }
        }
        if (name === 'meta' && attrs.content?.trim()) {
          meta.write(attrs.content.trim());
          meta.breakLine();
        }
        if (name === 'input' && attrs.value?.trim()) {
          (hiddenBy ? hidden : forms).write(attrs.value.trim());
          (hiddenBy ? hidden : forms).breakLine();
        }
        // Content carried inside the page itself: an iframe's srcdoc, data: URIs on objects, embeds,
        // links and SVG images. They are files of their own; the scanner reads them recursively.
        if (attrs.srcdoc?.trim()) {
          embedded.push({ name: `iframe-srcdoc-${embedded.length + 1}.html`, bytes: new TextEncoder().encode(attrs.srcdoc), origin: { filePart: 'html', detail: `<${name} srcdoc>` } });
        }
        // Any attribute that is a data: URI (longdesc, poster, action, cite…), and a refresh's target
        // (<meta http-equiv=refresh content="0;url=data:…">): srcset and style are read above.
        const refresh = name === 'meta' && /^\s*refresh\s*$/i.test(attrs['http-equiv'] ?? '');
        for (const attr in attrs) {
          if (attr === 'srcset' || attr === 'imagesrcset' || attr === 'style') continue;
          const raw = refresh && attr === 'content' ? (/url\s*=\s*['"]?([^'"]*)/i.exec(attrs[attr])?.[1] ?? '') : attrs[attr];
          const v = dataUrl(raw);
          if (!v) {
            // Not a data: URL, yet a base64 payload: fail closed (what draws it is not known here).
            // (Not a srcdoc, read as a page of its own, nor a <meta>'s content, read as text and not drawn.)
            if (raw && attr !== 'srcdoc' && MAY_DRAW_DATA.test(raw) && !(name === 'meta' && attr === 'content' && !refresh)) {
              const n = base64Payloads(raw);
              if (n) strayPayload(`<${name} ${attr}>`, n);
            }
            continue;
          }
          if (name === 'img' && attr === 'src') continue;
          if (name === 'link' && attr === 'href' && /^data:text\/css/i.test(v)) {
            takeDataUri(v, '<link rel=stylesheet>');
            continue;
          }
          const d = decodeDataUri(v);
          if (d) embedded.push({ name: `${name}-${attr}-${embedded.length + 1}${extensionFor(d.mediaType)}`, bytes: d.bytes, origin: { filePart: 'html', detail: `<${name} ${attr}="data:${d.mediaType}…">` } });
          // Yuque (语雀) Lake documents keep a card's content (a code block, a label, a table) as
          // `data:` and its JSON percent-encoded, with neither media type nor comma: that JSON.
          else if (/^data:%(?:7B|5B)/i.test(v)) embedded.push({ name: `${name}-${attr}-${embedded.length + 1}.json`, bytes: new Uint8Array(percentDecodedBytes(v.slice(5))), origin: { filePart: 'html', detail: `<${name} ${attr}="data:{…}"> (a Lake card's JSON)` } });
          else unread.push({ where: `<${name} ${attr}> data: URI`, reason: 'corrupt', detail: 'an inline data: URI could not be decoded' });
        }
        const imgSrc = name === 'img' ? dataUrl(attrs.src) : undefined;
        if (imgSrc) {
          const d = decodeDataUri(imgSrc);
          // An SVG picture is text and shapes: read as a file of its own, its <text> is its words.
          if (d && d.mediaType === 'image/svg+xml') embedded.push({ name: `img-${embedded.length + 1}.svg`, bytes: d.bytes, origin: { filePart: 'html', detail: '<img src="data:image/svg+xml…">' } });
          else if (d && d.mediaType.startsWith('image/')) images.push({ id: `html:img${images.length + 1}`, bytes: d.bytes, mediaType: d.mediaType, origin: { filePart: 'html', detail: `<img> data: URI #${images.length + 1}` } });
          else unread.push({ where: `<img> data: URI #${images.length + 1}`, reason: 'corrupt', detail: 'an inline image could not be decoded' });
        }
      },
      ontext(data) {
        if (styleText) styleText.push(data);
        if (rawText) rawText.chunks.push(data);
        if (skipDepth > 0) return;
        const t = target();
        // Collapse HTML whitespace runs; keep the text otherwise exactly as decoded.
        const s = data.replace(/[ \t\r\n\f]+/g, ' ');
        if (s === ' ' && (t.lastChar === '\n' || t.lastChar === '\t' || t.isEmpty)) return;
        const option = t === body ? openSelect?.options.at(-1) : undefined;
        if (option?.open && option.text.length < MAX_OPTION_TEXT) option.text += s;
        if (t === body && (layoutPossible || tablesPossible)) {
          segBody.push(body.offset);
          segSrc.push(parser.startIndex);
          segEnd.push(parser.endIndex + 1);
        }
        t.write(s, inTitle ? 'heading' : 'paragraph');
      },
      onclosetag(tagName) {
        const name = unprefixed(tagName);
        const t = target();
        if (name === 'option' && openSelect?.options.length) openSelect.options.at(-1)!.open = false;
        if (name === 'select' && openSelect) {
          // A closed drop-down shows its chosen option (else its first) in the line:
          // 机<select><option>公开<option selected>密★5年</select> shows 机密★5年.
          const shown = openSelect.options.find((o) => o.selected) ?? openSelect.options[0];
          const v = shown ? (shown.label ?? shown.text).replace(/\s+/g, ' ').trim() : '';
          if (v && /[\p{L}\p{N}\u2605\u2606]/u.test(v) && generated.length < MAX_GENERATED) {
            generated.push({ el: { name, classes: NO_CLASSES, src: openSelect.src, bodyStart: openSelect.at, bodyEnd: openSelect.at, children: [] }, pseudo: 'before', text: v });
          }
          openSelect = undefined;
        }
        if (name === 'template' && openShadowRoots.length) openShadowRoots.pop()!.rootEnd = body.offset;
        if (BLOCK_TAGS.has(name) || CELL_TAGS.has(name)) (CELL_TAGS.has(name) ? t.cellBreak() : t.breakLine());
        if (name === 'title') inTitle = false;
        if (name === 'table' && openByName.get('table')) openTables.pop();
        if (rawText?.name === name) flushRaw();
        if (name === 'svg' && svgDepth > 0) {
          svgDepth--;
          // Where the outermost <svg> ends: the drawing handed on as a picture is this slice.
          if (svgDepth === 0) {
            const source = svgSources.get(svgRoots);
            if (source && source.end === undefined) source.end = parser.endIndex + 1;
          }
        }
        if (svgDepth > 0 && name === 'text') t.breakLine();
        if (name === 'style' && styleText) {
          readStyleSheet(styleText.join(''), '<style>');
          styleText = undefined;
        }
        if (VOID_TAGS.has(name)) return;
        // Pop to the matching element (forgiving of unclosed tags); a close tag with no open
        // element of its name is ignored without walking the stack.
        if (!openByName.get(name)) return;
        for (let i = stack.length - 1; i >= 0; i--) {
          if (stack[i].name !== name) continue;
          for (const el of stack.splice(i)) {
            el.el.bodyEnd = body.offset;
            openByName.set(el.name, (openByName.get(el.name) ?? 1) - 1);
            if (el.hiddenBy) hiddenDepth--;
            if (el.skip) skipDepth--;
            if (el.script) scriptDepth--;
            if (el.annotation) rubyDepth--;
          }
          break;
        }
        if (hiddenDepth === 0 && !hidden.isEmpty && hidden.lastChar !== '\n') hidden.breakLine();
      },
      // A declaration or processing instruction (`<!DOCTYPE …>`, `<?xml …?>`, or `<!…>` a damaged
      // comment opener leaves) is not shown, but what it holds beyond names and URLs is read.
      onprocessinginstruction(_name, data) {
        if (!attributeHoldsText(data)) return;
        const s = flatText(data.replace(/^[!?]/, '')).trim();
        if (s) {
          comments.write(s);
          comments.breakLine();
        }
      },
      oncomment(data) {
        // A conditional comment (`<!--[if gte vml 1]>…<![endif]-->`) is markup Word and old IE draw:
        // Word's web pages keep WordArt there (<v:textpath string="机密★5年">), beside a fallback
        // picture. It is read as markup, each attribute that holds words on a line of its own.
        const cond = /^\s*\[if[^\]]*\]>/i.exec(data);
        // A CDATA section outside SVG and MathML is a comment to HTML's parser: its words are read
        // without the `[CDATA[`…`]]` wrapper, which would glue them to Latin letters.
        const cdata = /^\[CDATA\[([\s\S]*?)\]\]$/.exec(data);
        const s = (cond ? flatText(data.slice(cond[0].length).replace(/<!\[endif\]\s*$/i, '')) : decodeReferences(cdata ? cdata[1] : data)).trim();
        if (s) {
          comments.write(s);
          comments.breakLine();
        }
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
  );
  parser.write(text);
  parser.end();
  // `<plaintext>` (or a raw-text element never closed) runs to the end of the page.
  flushRaw();
  const parts: TextPart[] = [];
  const push = (p: TextPart | undefined, detail?: string): void => {
    if (!p) return;
    if (detail) p.origin.detail = detail;
    if (altDetail) p.origin.detail = p.origin.detail ? `${p.origin.detail}; ${altDetail}` : altDetail;
    parts.push(p);
  };
  push(title.linesPart());
  for (const f of stack) f.el.bodyEnd = body.offset;
  root.bodyEnd = body.offset;
  const bodyPart = body.linesPart(true);
  push(bodyPart);
  const loss: Loss[] = [...dataLoss];
  // Line starts of the page, for the source line of what a reading moved.
  let pageLines: Uint32Array | undefined;
  const lineStarts = (): Uint32Array => {
    if (pageLines) return pageLines;
    const ls = [0];
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) ls.push(i + 1);
    return (pageLines = Uint32Array.from(ls));
  };
  /** The page range the body text at `k` was read from. */
  const sourceOf = (k: number): [number, number] => {
    let lo = 0;
    let hi = segBody.length - 1;
    if (hi < 0) return [0, 0];
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (segBody[mid] <= k) lo = mid;
      else hi = mid - 1;
    }
    return [segSrc[lo], segEnd[lo]];
  };
  const layout = bodyPart && layoutCss ? layoutOrders(root, sheets.join('\n'), bodyPart.text) : undefined;
  for (const u of layout?.unresolved ?? []) {
    const ls = lineStarts();
    let line = 0;
    while (line + 1 < ls.length && ls[line + 1] <= u.parent.src) line++;
    loss.push({
      where: `html line ${line + 1} (<${u.parent.name}${u.parent.id ? `#${u.parent.id}` : ''}${u.parent.classes.length ? `.${u.parent.classes.join('.')}` : ''}>)`,
      kind: 'unreadable-object',
      count: 1,
      detail: `The order in which CSS lays out the text of this element's children could not be worked out (${u.why}): the page may show its text in another order than it stores it${altDetail ? ` (${altDetail})` : ''}.`,
    });
  }
  // SVG text as drawn: each <text> (and each copy a <use> draws of one) where its coordinate system
  // puts its start — transforms of the text and its groups composed, a nested <svg>'s or a <use>'s
  // x/y, text-anchor end/middle shifting it by its estimated width — read in rows from the top, each
  // left to right. Only for drawings where any of these moves text (plain x/y is the layout pass's);
  // a transform that turns or mirrors text makes the drawing's order a loss.
  const svgShown: Array<Array<Array<[number, number]>>> = [];
  if (bodyPart && svgTexts.length) {
    type Inst = { range: [number, number]; text: string; m: Affine | string; x: number; y: number; frame: SvgFrame; copy: boolean };
    const byRoot = new Map<number, Inst[]>();
    const add = (root: number, inst: Inst): void => {
      if (!inst.text) return;
      const l = byRoot.get(root);
      if (l) l.push(inst);
      else byRoot.set(root, [inst]);
    };
    const textOf = (el: LayoutElement): string => bodyPart.text.slice(el.bodyStart, el.bodyEnd).trim();
    for (const t of svgTexts) if (!t.frame.defs) add(t.frame.root, { range: [t.el.bodyStart, t.el.bodyEnd], text: textOf(t.el), m: t.frame.m, x: t.x, y: t.y, frame: t.frame, copy: false });
    let budget = MAX_SVG_ITEMS * 4;
    const textByEl = new Map(svgTexts.map((t) => [t.el, t]));
    for (const u of svgUses) {
      const ref = svgIds.get(u.ref);
      if (!ref) continue;
      // The texts of the referenced element (itself, or inside it), in the use's coordinate system.
      const back = typeof ref.frame.parentM === 'string' ? undefined : invert(ref.frame.parentM);
      const own = textByEl.get(ref.el);
      for (const t of own ? [own] : svgTexts) {
        if (budget-- <= 0) {
          loss.push({ where: 'html (SVG <use>)', kind: 'unreadable-object', count: 1, detail: `The SVG drawing draws more copies of elements by <use> than prepub places (${MAX_SVG_ITEMS * 4} checked): the order in which it shows their text was not worked out.` });
          break;
        }
        if (t.el !== ref.el && !(t.el.src > ref.el.src && t.el.bodyStart >= ref.el.bodyStart && t.el.bodyEnd <= ref.el.bodyEnd)) continue;
        const m = typeof u.frame.m === 'string' ? u.frame.m : typeof t.frame.m === 'string' ? t.frame.m : back ? compose(u.frame.m, compose(back, t.frame.m)) : 'an SVG element drawn by <use> whose own coordinate system cannot be inverted';
        add(u.frame.root, { range: [t.el.bodyStart, t.el.bodyEnd], text: textOf(t.el), m, x: t.x, y: t.y, frame: t.frame, copy: true });
      }
      if (budget <= 0) break;
    }
    for (const insts of byRoot.values()) {
      if (insts.length < 2) continue;
      const moved = insts.some((i) => i.copy || i.frame.anchor === 'end' || i.frame.anchor === 'middle' || typeof i.m === 'string' || i.m.some((v, k) => v !== IDENTITY[k]));
      if (!moved) continue;
      // Text turned upside down or mirrored stands beside upright text in another order than it
      // reads, and so does any transform no reading can follow: the drawing's order is a loss.
      // By the angle of the text's baseline, not the signs of the matrix: rotate(-90) leaves
      // cos(-90°) = 6e-17 on its diagonal, which a sign test takes for upright.
      const turnOf = (m: Affine): 'upright' | 'vertical' | 'turned' => {
        if (!(m[0] * m[3] - m[1] * m[2] > 0)) return 'turned';
        const angle = Math.abs((Math.atan2(m[1], m[0]) * 180) / Math.PI);
        return angle <= 45 ? 'upright' : angle <= 135 ? 'vertical' : 'turned';
      };
      const bad = insts.find((i) => typeof i.m === 'string' || !invert(i.m) || turnOf(i.m) === 'turned');
      if (bad) {
        const ls = lineStarts();
        const src = svgTexts.find((t) => t.el.bodyStart === bad.range[0])?.el.src ?? 0;
        let line = 0;
        while (line + 1 < ls.length && ls[line + 1] <= src) line++;
        loss.push({ where: `html line ${line + 1} (SVG <text>)`, kind: 'unreadable-object', count: 1, detail: `The order in which this SVG drawing shows its text could not be worked out (${typeof bad.m === 'string' ? bad.m : 'an SVG transform that turns text upside down, mirrors it or flattens it'}): it may show its text in another order than it stores it${altDetail ? ` (${altDetail})` : ''}.` });
        continue;
      }
      // Text turned a quarter (a chart's y-axis title at -90°) runs across the upright lines, not
      // along them: read along its own baseline, in rows of its own after the upright ones. Pieces
      // turned alike still read in their order along the turned line.
      const groups = new Map<string, Array<{ it: Inst; x: number; y: number; i: number; size: number }>>();
      insts.forEach((i, k) => {
        const m = i.m as Affine;
        const [px, py] = applyAffine(m, i.x, i.y);
        let item: { it: Inst; x: number; y: number; i: number; size: number };
        let key = 'upright';
        if (turnOf(m) === 'upright') {
          const width = estimatedEms(i.text) * i.frame.size * m[0];
          item = { it: i, x: i.frame.anchor === 'end' ? px - width : i.frame.anchor === 'middle' ? px - width / 2 : px, y: py, i: k, size: i.frame.size * m[3] };
        } else {
          const sx = Math.hypot(m[0], m[1]);
          const sy = Math.hypot(m[2], m[3]);
          const [ux, uy, vx, vy] = [m[0] / sx, m[1] / sx, m[2] / sy, m[3] / sy];
          const along = px * ux + py * uy;
          const width = estimatedEms(i.text) * i.frame.size * sx;
          item = { it: i, x: i.frame.anchor === 'end' ? along - width : i.frame.anchor === 'middle' ? along - width / 2 : along, y: px * vx + py * vy, i: k, size: i.frame.size * sy };
          key = uy > 0 ? 'down' : 'up';
        }
        const g = groups.get(key);
        if (g) g.push(item);
        else groups.set(key, [item]);
      });
      const lines = ['upright', 'up', 'down'].flatMap((key) => (groups.has(key) ? pointRows(groups.get(key)!) : []));
      const shownText = lines.map((l) => l.map((i) => i.text).join('')).join('\n');
      if (shownText === insts.map((i) => i.text).join('\n')) continue;
      svgShown.push(lines.map((l) => l.map((i) => i.range)));
    }
  }
  // Text ::before/::after rules generate, at the body offset where it is drawn: before an element's
  // own text, or after it (before the line break its block ends with).
  const inserts: Array<{ at: number; text: string; order: number }> = [];
  // Body ranges drawn at a slot instead of where they stand (left out where the inserts are read).
  const slotted: Array<[number, number]> = [];
  if (bodyPart) {
    const bt = bodyPart.text;
    // A shadow root's slot shows the host's own children (机<slot></slot>5年 with 密★ as the child).
    for (const r of shadowRoots) {
      if (r.slotAt === undefined || r.rootEnd === undefined) continue;
      const light = bt.slice(r.rootEnd, Math.max(r.rootEnd, r.host.bodyEnd)).replace(/\s+/g, ' ').trim();
      if (!light) continue;
      generated.push({ el: { name: 'slot', classes: NO_CLASSES, src: r.host.src, bodyStart: r.slotAt, bodyEnd: r.slotAt, children: [] }, pseudo: 'before', text: light });
      slotted.push([r.rootEnd, r.host.bodyEnd]);
    }
    for (const [k, g] of generated.entries()) {
      let at = g.pseudo === 'before' ? g.el.bodyStart : g.el.bodyEnd;
      if (g.pseudo === 'after') while (at > g.el.bodyStart && /\s/.test(bt[at - 1] ?? '')) at--;
      else while (at < g.el.bodyEnd && /\s/.test(bt[at] ?? '')) at++;
      inserts.push({ at: Math.min(at, bt.length), text: g.text, order: k });
    }
    inserts.sort((a, b) => a.at - b.at || a.order - b.order);
  }
  if (bodyPart && (reorders || uppercases || layout?.shown.length || svgGlyphs.length || sheetHidden.length || svgShown.length || inserts.length)) {
    const how = [reorders && 'reversed', uppercases && 'capitals', (layout?.shown.length || svgGlyphs.length || svgShown.length) && 'positioned or reordered by layout', sheetHidden.length > struck && 'without what its style sheet hides', struck && 'without struck-through text', inserts.length && 'with the text ::before/::after rules, closed drop-downs and shadow-root slots draw in place'].filter(Boolean).join(', ');
    const shown = B('html:shown-order', 'hidden', `the text as CSS or markup draws it (${how})`);
    // Per character of the reading: the body offset it shows (mapped to the page afterwards).
    const from: number[] = [];
    const put = (chars: string, at: number[]): void => {
      shown.write(chars);
      for (let i = 0; i < at.length; i++) from.push(at[i]);
    };
    const endLine = (): void => {
      shown.breakLine();
      while (from.length < shown.offset) from.push(from.length ? from[from.length - 1] : 0);
    };
    let lineStart = 0;
    for (const line of bodyPart.text.split('\n')) {
      const start = lineStart;
      lineStart += line.length + 1;
      if (!line.trim()) continue;
      // Code points of the line with their offsets, so reversing keeps surrogate pairs and offsets together.
      const cps: Array<[string, number]> = [];
      for (let i = 0; i < line.length; ) {
        const cp = line.codePointAt(i)!;
        const n = cp > 0xffff ? 2 : 1;
        cps.push([line.slice(i, i + n), start + i]);
        i += n;
      }
      const rev = [...cps].reverse();
      const readings: Array<Array<[string, number]>> = [];
      // The line with the generated text of its elements in place (each generated character read
      // from the element it belongs to).
      if (inserts.length) {
        let lo = 0;
        let hi = inserts.length;
        while (lo < hi) {
          const mid = (lo + hi) >> 1;
          if (inserts[mid].at < start) lo = mid + 1;
          else hi = mid;
        }
        if (lo < inserts.length && inserts[lo].at <= start + line.length) {
          const withGenerated: Array<[string, number]> = [];
          let j = lo;
          const flushAt = (k: number): void => {
            for (; j < inserts.length && inserts[j].at <= k; j++) for (const ch of inserts[j].text) withGenerated.push([ch, Math.min(inserts[j].at, start + Math.max(0, line.length - 1))]);
          };
          for (const [c, k] of cps) {
            flushAt(k);
            if (!slotted.some(([a, b]) => k >= a && k < b)) withGenerated.push([c, k]);
          }
          flushAt(start + line.length);
          readings.push(withGenerated);
        }
      }
      // The line without the pieces the style sheet hides (only lines holding one).
      const gone = sheetHidden.filter((el) => el.bodyEnd > el.bodyStart && el.bodyStart < start + line.length && el.bodyEnd > start);
      if (gone.length) readings.push(cps.filter(([, k]) => !gone.some((el) => k >= el.bodyStart && k < el.bodyEnd)));
      if (reorders) readings.push(rev);
      if (uppercases) readings.push(cps.map(([c, k]) => [c.toUpperCase(), k]));
      if (reorders && uppercases) readings.push(rev.map(([c, k]) => [c.toUpperCase(), k]));
      const seen = new Set<string>();
      for (const r of readings) {
        const v = r.map(([c]) => c).join('');
        if (seen.has(v)) continue;
        seen.add(v);
        const at: number[] = [];
        for (const [c, k] of r) for (let i = 0; i < c.length; i++) at.push(k);
        put(v, at);
        endLine();
      }
    }
    /** One shown line of body ranges: each box's text trimmed and on one line, boxes drawn side by side joined without a gap. */
    const putBoxes = (line: ReadonlyArray<readonly [number, number]>): void => {
      for (const [a, b] of line) {
        const t = bodyPart.text.slice(a, b);
        const lead = t.length - t.trimStart().length;
        const body = t.trim();
        const at = new Array<number>(body.length);
        for (let i = 0; i < body.length; i++) at[i] = a + lead + i;
        put(body.replace(/[\n\t]/g, ' '), at);
      }
      endLine();
    };
    // A box the style sheet hides (an SVG <text class="h"> placed between two others) stays in its
    // shown line, and the line is read once more without it, as the page's own lines are above.
    const sheetHiddenBox = ([a, b]: readonly [number, number]): boolean => sheetHidden.some((el) => el.bodyEnd > el.bodyStart && a >= el.bodyStart && b <= el.bodyEnd);
    const putShownLine = (line: ReadonlyArray<readonly [number, number]>): void => {
      putBoxes(line);
      if (sheetHidden.length && line.some(sheetHiddenBox)) putBoxes(line.filter((box) => !sheetHiddenBox(box)));
    };
    for (const g of layout?.shown ?? []) for (const reading of g.readings) reading.forEach(putShownLine);
    for (const lines of svgShown) lines.forEach(putShownLine);
    // SVG text whose x list places its characters out of source order: each character at its x
    // (those past the list's end follow the last placed one), in the order of x.
    for (const { el, xs } of svgGlyphs) {
      const t = bodyPart.text.slice(el.bodyStart, el.bodyEnd);
      const glyphs: Array<{ c: string; k: number; x: number }> = [];
      for (let i = 0; i < t.length; ) {
        const n = (t.codePointAt(i) ?? 0) > 0xffff ? 2 : 1;
        const c = t.slice(i, i + n);
        if (!/\s/.test(c)) {
          const j = glyphs.length;
          glyphs.push({ c, k: el.bodyStart + i, x: j < xs.length ? xs[j] : xs[xs.length - 1] + (j - xs.length + 1) * 1e-6 });
        }
        i += n;
      }
      if (glyphs.length < 2) continue;
      glyphs.sort((a, b) => a.x - b.x);
      const at: number[] = [];
      for (const g of glyphs) for (let i = 0; i < g.c.length; i++) at.push(g.k);
      put(glyphs.map((g) => g.c).join(''), at);
      endLine();
    }
    const part = shown.linesPart();
    if (part) {
      const n = part.text.length;
      const starts = new Uint32Array(n);
      const ends = new Uint32Array(n);
      for (let i = 0; i < n; i++) [starts[i], ends[i]] = sourceOf(from[i] ?? 0);
      part.source = { starts, ends, unit: 'char', lineStarts: lineStarts() };
    }
    push(part);
  }
  // Tables of short cells (three characters at most, two rows or more) read down each column as
  // well: a one-column table 机 / 密 / ★5年 shows a marking written vertically, which its rows, one
  // line each, do not. Each column of two cells or more, one of them a single character, is a
  // line, its cells run together.
  if (bodyPart && tables.length) {
    const cols = B('html:columns', 'body', 'tables of short cells read down each column');
    const from: number[] = [];
    for (const tb of tables) {
      const rows = tb.rows.map((r) => r.map((el) => ({ el, t: bodyPart.text.slice(el.bodyStart, el.bodyEnd) })));
      const filled = rows.filter((r) => r.some((c) => c.t.trim()));
      if (filled.length < 2 || rows.some((r) => r.some((c) => c.t.replace(/\s/g, '').length > 3))) continue;
      const width = Math.max(...rows.map((r) => r.length));
      for (let c = 0; c < width; c++) {
        const cells = rows.map((r) => r[c]).filter((x): x is { el: LayoutElement; t: string } => !!x && !!x.t.trim());
        // Only a column with a cell of one character (a word written down it, a character a cell):
        // a column of level names (密级 / 绝密 / 机密) is a list, read as it is by its rows.
        // And only one that may hold a marking (a level or label word's character): a column of
        // digits read down would make phone and ID numbers no one wrote.
        if (cells.length < 2 || !cells.some((x) => x.t.replace(/\s/g, '').length === 1) || !mayHoldMarking(cells.map((x) => x.t).join(''))) continue;
        for (const { el, t } of cells) {
          for (let i = 0; i < t.length; i++) {
            if (/\s/.test(t[i])) continue;
            cols.write(t[i]);
            from.push(el.bodyStart + i);
          }
        }
        cols.breakLine();
        while (from.length < cols.offset) from.push(from.length ? from[from.length - 1] : 0);
      }
    }
    const part = cols.linesPart();
    if (part) {
      const n = part.text.length;
      const starts = new Uint32Array(n);
      const ends = new Uint32Array(n);
      for (let i = 0; i < n; i++) [starts[i], ends[i]] = sourceOf(from[i] ?? 0);
      part.source = { starts, ends, unit: 'char', lineStarts: lineStarts() };
    }
    push(part);
  }
  // An XML document (SVG, XHTML) may declare entities in its internal DTD subset; a viewer draws
  // each `&name;` as the declared value, which the HTML parser leaves as it stands.
  if (bodyPart && text.includes('<!ENTITY')) {
    const entities = new Map<string, string>();
    for (const m of text.matchAll(/<!ENTITY\s+([^\s%"']+)\s+(?:"([^"]*)"|'([^']*)')\s*>/g)) if (!entities.has(m[1])) entities.set(m[1], decodeReferences(m[2] ?? m[3] ?? ''));
    const expanded = B('html:entities', 'hidden', 'the text with the entities of the internal DTD subset expanded');
    let changed = false;
    // The whole text, expanded, so an expanded line keeps its place among the others.
    for (const line of bodyPart.text.split('\n')) {
      let v = line;
      // Entities may refer to each other: a few rounds, never unbounded growth.
      for (let round = 0; round < 4 && /&[^\s&;]+;/.test(v) && v.length < 100_000; round++) v = v.replace(/&([^\s&;]+);/g, (m, n: string) => entities.get(n) ?? m);
      if (v !== line) changed = true;
      if (!v.trim()) continue;
      expanded.write(v);
      expanded.breakLine();
    }
    if (changed) push(expanded.linesPart(true));
  }
  push(ruby.linesPart());
  push(scriptLiterals.linesPart());
  push(hidden.linesPart(), `hidden by ${hiddenReason || 'CSS/attributes'}`);
  push(comments.linesPart());
  push(alts.linesPart());
  push(meta.linesPart());
  push(forms.linesPart());
  push(scripts.linesPart());
  push(cssContent.linesPart());
  push(cssInline.linesPart());
  push(styleSheets.linesPart());
  push(attrText.linesPart());
  push(rawMarkup.linesPart());
  for (const [key, part] of dataParts) if (key === part.id.slice(5, part.id.length - suffix.length)) push(part.linesPart());
  const drawings: SvgDrawing[] = [];
  const lettered = svgOutlines.drawingsWithLettering();
  if (svgOutlines.dropped > 0) {
    loss.push({ where: 'html (SVG drawing)', kind: 'unreadable-object', count: svgOutlines.dropped, detail: `${svgOutlines.dropped} shapes of the SVG drawing beyond the ${MAX_SVG_SHAPES.toLocaleString('en')} prepub measures were not looked at for lettering drawn as outlines: a marking drawn among them would not be read.` });
  }
  for (const d of lettered) {
    const source = svgSources.get(d.root);
    if (source) drawings.push({ ...source, end: source.end ?? text.length, areas: d.areas.map((a) => ({ ...a, glyph: Math.min(a.x1 - a.x0, a.y1 - a.y0) / 1.5 })) });
  }
  return { parts, unread, images, embedded, loss, drawings };
}

export const htmlExtractor: Extractor = {
  format: 'html',
  extract: async (bytes, ctx) => extractHtml(bytes, ctx),
};
