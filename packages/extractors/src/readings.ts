/**
 * Readings of text files that carry markup of their own: what a reader of the rendered or parsed
 * file sees, where the raw text keeps markup between the characters of a word.
 *
 * - Markup (an HTML fragment in a text file, Markdown): tags dropped (block elements end the line),
 *   character references resolved, and for Markdown the emphasis markers dropped (`**机**密★5年`).
 * - JSON: every string value, escapes resolved, on a line of its own; a member's key before its
 *   value in a cell of the same line (`密级⇥秘密`), as a label beside its value in a table.
 * - XML: the text content (elements, CDATA, character references, internal entities expanded
 *   within bounds) in two readings: as it flows, and each element's own text on a line of its own.
 * - iCalendar / vCard: folded lines unfolded, value escapes resolved.
 *
 * Every reading is built with its source map as it is written: each UTF-16 unit of the reading
 * names the range of the decoded text it came from (a `\u79d8` escape its six characters, a
 * character reference the whole reference, an expanded entity the reference that named it).
 * The raw text stays a part of its own: these readings are added, never substituted.
 */
import { decodeHTML } from 'entities';
import { afterProlog, PartBuilder, type Extraction, type PartOrigin, type TextPart } from '@prepub/core';
import { CP1252_HIGH } from './decode.ts';
import { holdsRun } from './unit-runs.ts';

/** A {@link PartBuilder} in line mode that keeps, per unit written, the source range it came from. */
export class MappedBuilder {
  readonly b: PartBuilder;
  private starts: number[] = [];
  private ends: number[] = [];

  constructor(id: string, origin: PartOrigin, leading = true, role: TextPart['role'] = 'body') {
    this.b = new PartBuilder(id, role, origin, leading);
  }

  get offset(): number {
    return this.b.offset;
  }

  /** Units the builder added (a line break, a cell tab) map to `[from, to)`. */
  private fill(from: number, to: number): void {
    while (this.starts.length < this.b.offset) {
      this.starts.push(from);
      this.ends.push(to);
    }
  }

  /** `s` stands in the source at `at`, unit for unit. Line breaks in it end lines. */
  copy(s: string, at: number): void {
    let from = 0;
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c !== 0x0a && c !== 0x0d) continue;
      this.copyLine(s.slice(from, i), at + from);
      if (c === 0x0d && s.charCodeAt(i + 1) === 0x0a) i++;
      this.breakLine(at + from + (i - from), at + i + 1);
      from = i + 1;
    }
    this.copyLine(s.slice(from), at + from);
  }

  private copyLine(s: string, at: number): void {
    if (!s) return;
    this.b.write(s);
    for (let i = 0; i < s.length; i++) {
      this.starts.push(at + i);
      this.ends.push(at + i + 1);
    }
  }

  /** `s` is what the source range `[from, to)` stands for (a reference, an escape, an entity). */
  put(s: string, from: number, to: number): void {
    if (!s) return;
    if (/[\r\n]/.test(s)) {
      const lines = s.split(/\r\n|\r|\n/);
      lines.forEach((l, k) => {
        if (k > 0) this.breakLine(from, to);
        if (l) this.b.write(l);
        this.fill(from, to);
      });
      return;
    }
    this.b.write(s);
    this.fill(from, to);
  }

  breakLine(from: number, to: number = from + 1): void {
    this.b.breakLine();
    this.fill(from, to);
  }

  cellBreak(from: number, to: number = from + 1): void {
    this.b.cellBreak();
    this.fill(from, to);
  }

  /** The part, with its source map over the decoded text whose line starts are `lineStarts`. */
  part(lineStarts: Uint32Array): TextPart | undefined {
    const p = this.b.linesPart();
    if (!p) return undefined;
    const n = p.text.length;
    p.source = { starts: Uint32Array.from(this.starts.slice(0, n)), ends: Uint32Array.from(this.ends.slice(0, n)), unit: 'char', lineStarts };
    return p;
  }
}

/** Offsets at which the lines of `text` start. */
export function lineStartsOf(text: string): Uint32Array {
  const ls = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x0a || (c === 0x0d && text.charCodeAt(i + 1) !== 0x0a)) ls.push(i + 1);
  }
  return Uint32Array.from(ls);
}

/** Every element of HTML (and the obsolete ones pages still carry). */
export const HTML_ELEMENTS = new Set(
  ('a abbr acronym address area article aside audio b base basefont bdi bdo big blink blockquote body br button canvas caption center cite code col colgroup data datalist dd del details dfn dialog dir div dl dt em embed fieldset figcaption figure font footer form frame frameset h1 h2 h3 h4 h5 h6 head header hgroup hr html i iframe img input ins kbd label legend li link main map mark marquee menu meta meter nav nobr noframes noscript object ol optgroup option output p param picture pre progress q rp rt ruby s samp script search section select small source span strike strong style sub summary sup svg table tbody td template textarea tfoot th thead time title tr track tt u ul var video wbr xmp').split(' '),
);
/** Elements that end a line where they open or close. */
const HTML_BLOCKS = new Set(
  ('address article aside blockquote body br dd div dl dt fieldset figcaption figure footer form h1 h2 h3 h4 h5 h6 header hr html li main nav ol option p pre section table tbody td tfoot th thead title tr ul').split(' '),
);

/** A tag: `<name …>`, `</name>`, `<name/>`; attributes up to the next `>` without another `<`. */
const TAG = /<(\/?)([A-Za-z][\w.-]*(?::[A-Za-z][\w.-]*)?)(?:[\s/][^<>]*)?>/y;
/** A character reference, numeric or named (`;` optional, as browsers read named ones). */
const REFERENCE = /&(#[0-9]{1,7};?|#[xX][0-9a-fA-F]{1,6};?|[A-Za-z][A-Za-z0-9]{1,31};?)/y;

/** The local name of a tag (`h:p` → `p`), lower case. */
const localName = (name: string): string => name.slice(name.indexOf(':') + 1).toLowerCase();

/** Whether `text` carries HTML markup: a tag of an HTML element or a character reference. */
export function hasHtmlMarkup(text: string): boolean {
  for (const m of text.matchAll(/<\/?([A-Za-z][\w.-]*(?::[A-Za-z][\w.-]*)?)[\s/>]|&#[0-9]{1,7};|&#[xX][0-9a-fA-F]{1,6};|&[A-Za-z][A-Za-z0-9]{1,31};/g)) {
    if (m[0][0] === '&') {
      if (decodeHTML(m[0]) !== m[0]) return true;
    } else if (HTML_ELEMENTS.has(localName(m[1]))) return true;
  }
  return false;
}

/** Attributes whose value a reader is shown instead of (or beside) an element's content: `name="v"`, `name='v'`, `name=v`. */
const SHOWN_ATTRIBUTE = /\s(alt|title|aria-label|placeholder|value|label)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))/gi;

/** A Markdown link or image title: `"…"`, `'…'` or `(…)`, on one line. */
const MD_TITLE = String.raw`(?:"((?:[^"\\\n]|\\.)*)"|'((?:[^'\\\n]|\\.)*)'|\(((?:[^()\\\n]|\\.)*)\))`;
/** An inline link or image: `[label](destination "title")`, `![alt](destination)`. */
const MD_LINK = new RegExp(String.raw`(!?)\[([^\[\]\n]{0,1000})\]\([ \t]*(?:<[^<>\n]*>|[^\s()]*(?:\([^\s()]*\)[^\s()]*)*)(?:[ \t]+${MD_TITLE})?[ \t]*\)`, 'dy');
/** A link reference definition on a line of its own: `[label]: destination "title"`. */
const MD_DEFINITION = new RegExp(String.raw`\[([^\[\]\n]{1,999})\]:[ \t]*(?:<[^<>\n]*>|\S+)(?:[ \t]+${MD_TITLE})?[ \t]*(?=\r?\n|$)`, 'dy');

interface MdLink {
  image: boolean;
  definition: boolean;
  label: string;
  labelAt: number;
  title?: string;
  titleAt: number;
  end: number;
}

function mdTitle(m: RegExpExecArray, first: number): { title?: string; titleAt: number } {
  for (let g = first; g < first + 3; g++) if (m[g] !== undefined) return { title: m[g], titleAt: m.indices![g]![0] };
  return { titleAt: -1 };
}

/** The inline link or image at `i` (`[` or `![`), if one is written there. */
function mdLink(text: string, i: number): MdLink | undefined {
  MD_LINK.lastIndex = i;
  const m = MD_LINK.exec(text);
  if (!m) return undefined;
  return { image: m[1] === '!', definition: false, label: m[2], labelAt: m.indices![2]![0], ...mdTitle(m, 3), end: i + m[0].length };
}

/** The link reference definition at `i` (a `[` at the start of a line), if one is written there. */
function mdDefinition(text: string, i: number): MdLink | undefined {
  MD_DEFINITION.lastIndex = i;
  const m = MD_DEFINITION.exec(text);
  if (!m) return undefined;
  return { image: false, definition: true, label: m[1], labelAt: m.indices![1]![0], ...mdTitle(m, 2), end: i + m[0].length };
}

/** A link label as CommonMark matches it to a definition: case folded, inner whitespace one space. */
const mdLabelKey = (label: string): string => label.trim().replace(/\s+/g, ' ').toUpperCase().toLowerCase();

/**
 * The labels of the text's link reference definitions and of its footnote definitions (`[^1]: …`),
 * as {@link mdLabelKey}s: a reference link or a footnote reference is one only when its label is
 * defined somewhere in the document, before or after it.
 */
function mdDefinitions(text: string): { links: Set<string>; notes: Set<string> } {
  const links = new Set<string>();
  const notes = new Set<string>();
  for (const m of text.matchAll(/^ {0,3}\[([^\[\]\n]{1,999})\]:/gm)) {
    if (m[1][0] === '^') notes.add(mdLabelKey(m[1].slice(1)));
    else if (mdDefinition(text, m.index + m[0].indexOf('['))) links.add(mdLabelKey(m[1]));
  }
  return { links, notes };
}

/** A link or an image written with a reference: `[text][label]`, `[text][]`, `[text]`, and a footnote reference `[^1]`. */
const MD_REFERENCE = /(!?)\[([^\[\]\n]{0,999})\](?:\[([^\[\]\n]{0,999})\])?/dy;

/**
 * The reference link or image at `i`, if one is written there with a defined label (CommonMark:
 * full `[text][label]`, collapsed `[text][]`, shortcut `[text]` when no label follows), or a
 * footnote reference (`footnote`, `[^1]` with its note defined). Undefined otherwise: the brackets
 * are then text a reader sees.
 */
function mdReference(text: string, i: number, defs: { links: Set<string>; notes: Set<string> }): (MdLink & { footnote?: boolean }) | undefined {
  MD_REFERENCE.lastIndex = i;
  const m = MD_REFERENCE.exec(text);
  if (!m) return undefined;
  const image = m[1] === '!';
  const end = i + m[0].length;
  if (!image && m[3] === undefined && m[2][0] === '^') {
    return defs.notes.has(mdLabelKey(m[2].slice(1))) ? { image, definition: false, footnote: true, label: m[2], labelAt: m.indices![2]![0], titleAt: -1, end } : undefined;
  }
  // `[]` after the text makes a collapsed reference: the text is the label.
  const label = m[3] === undefined || m[3] === '' ? m[2] : m[3];
  if (!label.trim() || !defs.links.has(mdLabelKey(label))) return undefined;
  return { image, definition: false, label: m[2], labelAt: m.indices![2]![0], titleAt: -1, end };
}

/**
 * The end of the code span whose opening backtick run of `n` starts at `i`: the closing run of
 * exactly `n` backticks, looked for up to `limit` and not past a blank line (which ends the
 * paragraph). -1 when there is none: the run is then literal text.
 */
const BLANK_REST = /[ \t]*(?:\r?\n|$)/y;
function mdCodeSpanEnd(text: string, i: number, n: number, limit: number): number {
  for (let j = i + n; j < limit; ) {
    const c = text.charCodeAt(j);
    if (c === 0x0a) {
      BLANK_REST.lastIndex = j + 1;
      if (BLANK_REST.test(text)) return -1;
    }
    if (c !== 0x60) {
      j++;
      continue;
    }
    let k = j;
    while (k < limit && text.charCodeAt(k) === 0x60) k++;
    if (k - j === n && text.charCodeAt(k) !== 0x60) return j;
    j = k;
  }
  return -1;
}

/** Whether `i` is at most three spaces into its line, where a block (a fence, a definition) may start. */
function atBlockStart(text: string, i: number): boolean {
  for (let k = i - 1; k >= i - 4; k--) {
    if (k < 0 || text.charCodeAt(k) === 0x0a) return true;
    if (text.charCodeAt(k) !== 0x20) return false;
  }
  return false;
}

/**
 * Markdown emphasis markers: runs of `*` or `_` (1–3) and `~~`; and the marks many editors add
 * (Typora, Obsidian, markdown-it-mark and -ins): `==highlight==`, `++inserted++`.
 */
const EMPHASIS = /\*{1,3}|_{1,3}|~~|==|\+\+/y;

/**
 * The rendered reading of text with HTML markup in it (a fragment, a Markdown file): tags of HTML
 * elements dropped (block elements end the line), character references resolved; a comment is
 * taken out of its line (what it stood between is shown side by side: `机<!-- x -->密`) and its
 * text put on lines of its own after that line. With `markdown`, emphasis markers dropped too,
 * links (inline and by reference) read as their text, footnote references dropped, code spans
 * and fenced code read literally. The text's own line breaks are kept. Undefined when the reading
 * is the text itself.
 */
export function markupReading(text: string, id: string, origin: PartOrigin, opts: { markdown?: boolean; lineStarts?: Uint32Array } = {}): TextPart | undefined {
  const out = new MappedBuilder(id, origin);
  let changed = false;
  let plain = 0;
  const flush = (to: number): void => {
    if (to > plain) out.copy(text.slice(plain, to), plain);
  };
  // Reference links and footnotes are links only when their label is defined somewhere.
  const defs = opts.markdown ? mdDefinitions(text) : undefined;
  // Comments taken out of the current line ([where `<!--` is, where `-->` is]): their text is put
  // after the line, still read, without parting what they stood between.
  const comments: Array<[number, number]> = [];
  const putComments = (): void => {
    for (const [a, close] of comments) {
      out.breakLine(a, a + 4);
      out.copy(text.slice(a + 4, close), a + 4);
    }
    comments.length = 0;
  };
  // Per backtick run length, the offset before which a run of that length has no closing run.
  const noCloser = new Map<number, number>();
  // The link whose text is being read: at its `]` the destination is dropped and the title put.
  let closing: MdLink | undefined;
  const linkTitle = (m: MdLink): void => {
    if (!m.title?.trim()) return;
    out.breakLine(m.labelAt, m.end);
    out.copy(m.title, m.titleAt);
    out.breakLine(m.labelAt, m.end);
  };
  for (let i = 0; i < text.length; ) {
    const c = text.charCodeAt(i);
    if (closing && i >= closing.labelAt + closing.label.length) {
      flush(i);
      linkTitle(closing);
      i = plain = Math.max(i, closing.end);
      closing = undefined;
      continue;
    }
    // Markup inside a link's text may not reach past its `]`.
    const limit = closing ? closing.labelAt + closing.label.length : text.length;
    if ((c === 0x0a || c === 0x0d) && comments.length) {
      flush(i);
      putComments();
      plain = i;
    } else if (c === 0x3c /* < */) {
      if (text.startsWith('<!--', i)) {
        const close = text.indexOf('-->', i + 4);
        if (close >= 0 && close + 3 <= limit) {
          flush(i);
          comments.push([i, close]);
          i = plain = close + 3;
          changed = true;
          continue;
        }
      }
      TAG.lastIndex = i;
      const m = TAG.exec(text);
      if (m && HTML_ELEMENTS.has(localName(m[2]))) {
        flush(i);
        if (HTML_BLOCKS.has(localName(m[2]))) out.breakLine(i, i + m[0].length);
        // What the element shows or tells instead of content (an image's alt, a tooltip, a
        // field's value), each on a line of its own: dropped with the tag, it went unread.
        for (const a of m[0].matchAll(SHOWN_ATTRIBUTE)) {
          const v = a[2] ?? a[3] ?? a[4] ?? '';
          if (!v.trim()) continue;
          const at = i + a.index + a[0].length - v.length - (a[4] === undefined ? 1 : 0);
          out.breakLine(i, i + m[0].length);
          if (v.includes('&')) out.put(decodeHTML(v), at, at + v.length);
          else out.copy(v, at);
          out.breakLine(i, i + m[0].length);
        }
        i = plain = i + m[0].length;
        changed = true;
        continue;
      }
    } else if (c === 0x26 /* & */) {
      REFERENCE.lastIndex = i;
      const m = REFERENCE.exec(text);
      if (m) {
        const v = decodeHTML(m[0]);
        if (v !== m[0]) {
          flush(i);
          out.put(v, i, i + m[0].length);
          i = plain = i + m[0].length;
          changed = true;
          continue;
        }
      }
    } else if (opts.markdown && (c === 0x60 /* ` */ || (c === 0x7e /* ~ */ && !closing && text.startsWith('~~~', i)))) {
      let n = 1;
      while (text.charCodeAt(i + n) === c) n++;
      const le = !closing && n >= 3 && atBlockStart(text, i) ? lineEnd(text, i) : -1;
      if (le >= 0 && (c === 0x7e || !text.slice(i + n, le).includes('`'))) {
        // A fenced code block: shown as written, markup and all; its fence lines (and the info
        // string naming the language) are not shown.
        const fence = new RegExp(String.raw`^ {0,3}${c === 0x60 ? '`' : '~'}{${n},}[ \t]*\r?$`, 'gm');
        fence.lastIndex = le;
        const f = fence.exec(text);
        const closeAt = f ? f.index : text.length;
        flush(i);
        out.copy(text.slice(le, closeAt), le);
        i = plain = f ? lineEnd(text, closeAt) : text.length;
        changed = true;
        continue;
      }
      if (c === 0x60) {
        // A run of n that found no closer up to `stop` finds none from anywhere before `stop` either.
        const known = i < (noCloser.get(n) ?? 0);
        const end = known ? -1 : mdCodeSpanEnd(text, i, n, limit);
        if (end < 0) {
          if (!known && !closing) noCloser.set(n, paragraphEnd(text, i));
          // No closing run of the same length: the backticks are text, the whole run of them.
          i += n;
          continue;
        }
        // A code span: its content as written, line endings as spaces, one space stripped from
        // each side when both sides have one (CommonMark).
        flush(i);
        let from = i + n;
        let to = end;
        const sp = (k: number): boolean => /[ \r\n]/.test(text[k]);
        if (to - from >= 2 && sp(from) && sp(to - 1) && /[^ \r\n]/.test(text.slice(from, to))) {
          from++;
          to--;
        }
        for (let k = from; k < to; k++) {
          const u = text.charCodeAt(k);
          if (u !== 0x0a && u !== 0x0d) continue;
          if (k > from) out.copy(text.slice(from, k), from);
          const w = u === 0x0d && text.charCodeAt(k + 1) === 0x0a ? 2 : 1;
          out.put(' ', k, k + w);
          k += w - 1;
          from = k + 1;
        }
        if (to > from) out.copy(text.slice(from, to), from);
        i = plain = end + n;
        changed = true;
        continue;
      }
    } else if (opts.markdown && (c === 0x5b || (c === 0x21 && text.charCodeAt(i + 1) === 0x5b))) {
      const atLineStart = atBlockStart(text, i);
      if (atLineStart && c === 0x5b && !closing) {
        // A footnote's definition: its note is shown (at the foot of the page), its label is not.
        FOOTNOTE_DEFINITION.lastIndex = i;
        const f = FOOTNOTE_DEFINITION.exec(text);
        if (f) {
          flush(i);
          i = plain = i + f[0].length;
          changed = true;
          continue;
        }
      }
      // A link's or an image's destination is dropped; its title (a tooltip) and an image's alt
      // text are what a reader is shown of it, each put on a line of its own.
      const m = (atLineStart && c === 0x5b ? mdDefinition(text, i) : undefined) ?? mdLink(text, i) ?? (closing ? undefined : mdReference(text, i, defs!));
      if (m) {
        flush(i);
        changed = true;
        if ('footnote' in m && m.footnote) {
          // A footnote reference is shown as a raised number beside the text it follows.
          i = plain = m.end;
          continue;
        }
        if (!m.image && !m.definition) {
          // A link's text is read in its place, as the rest of the line (its own markup too).
          closing = m;
          i = plain = m.labelAt;
          continue;
        }
        out.breakLine(i, m.end);
        if (m.label.trim()) out.copy(m.label, m.labelAt);
        out.breakLine(i, m.end);
        linkTitle(m);
        i = plain = m.end;
        continue;
      }
    } else if (opts.markdown && (c === 0x2a || c === 0x5f || c === 0x7e || c === 0x3d || c === 0x2b)) {
      EMPHASIS.lastIndex = i;
      const m = EMPHASIS.exec(text);
      if (m) {
        flush(i);
        i = plain = i + m[0].length;
        changed = true;
        continue;
      }
    }
    i++;
  }
  flush(text.length);
  putComments();
  return changed ? out.part(opts.lineStarts ?? lineStartsOf(text)) : undefined;
}

/** Where the paragraph holding `i` ends: its first blank line, or the end of the text. */
function paragraphEnd(text: string, i: number): number {
  const re = /\n[ \t]*(?=\r?\n|$)/g;
  re.lastIndex = i;
  return re.exec(text)?.index ?? text.length;
}

/** Where the line holding `i` ends (its line break, or the end of the text). */
function lineEnd(text: string, i: number): number {
  const n = text.indexOf('\n', i);
  return n < 0 ? text.length : n;
}

/** A footnote's definition marker at the start of a line: `[^1]: `. */
const FOOTNOTE_DEFINITION = /\[\^[^\[\]\s]{1,999}\]:[ \t]*/y;

/** Whether `text` looks like JSON: its first character (past whitespace) opens an object or an array holding a string. */
export function looksJson(text: string): boolean {
  const t = text.slice(0, 4096).trimStart();
  return (t[0] === '{' && /^\{\s*"/.test(t)) || (t[0] === '[' && /^\[\s*[[{"]/.test(t));
}

/** A JSON string at `i` (the opening quote): its value as pieces (`[text, from, -1]` copied, `[text, from, to]` an escape), and where it ends. */
function jsonString(text: string, i: number): { pieces: Array<[string, number, number]>; end: number } {
  const pieces: Array<[string, number, number]> = [];
  let j = i + 1;
  let from = j;
  const flush = (to: number): void => {
    if (to > from) pieces.push([text.slice(from, to), from, -1]);
  };
  while (j < text.length) {
    const c = text.charCodeAt(j);
    if (c === 0x22) break;
    if (c === 0x0a || c === 0x0d) break; // an unterminated string ends with its line
    if (c === 0x5c /* \ */) {
      flush(j);
      const e = text[j + 1] ?? '';
      if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(j + 2, j + 6))) {
        pieces.push([String.fromCharCode(parseInt(text.slice(j + 2, j + 6), 16)), j, j + 6]);
        j += 6;
      } else {
        const v = e === 'n' || e === 'r' ? '\n' : e === 't' ? ' ' : e === 'b' || e === 'f' ? '' : e;
        pieces.push([v, j, j + 2]);
        j += 2;
      }
      from = j;
      continue;
    }
    j++;
  }
  flush(Math.min(j, text.length));
  return { pieces, end: Math.min(j + 1, text.length) };
}

/** Non-blank lines of a head kept around its tables (see {@link textTableReading}): at its top, above and below each table. */
const TABLE_CONTEXT_TOP = 8;
const TABLE_CONTEXT_ABOVE = 3;
const TABLE_CONTEXT_BELOW = 1;

/**
 * Whether text may hold a marking or its label: a level or label word of any language the
 * detectors know (密 秘 機 級, SECRET, CONFIDENTIAL, RESTRICTED, OFFICIAL, CUI, FOUO, СЕКРЕТ, 極秘,
 * 비밀, 대외비, 内部). The readings that put the same words in cells again (tables laid out in text,
 * CSV, YAML) are made only then: elsewhere they would find nothing the text does not, and each
 * phone number or address in them would be reported twice.
 */
export function mayHoldMarking(s: string): boolean {
  return /[密秘機级級]|内部|SECRET|CONFIDENTI|RESTRICT|RESTREINT|SENSITIVE|OFFICIAL|\bCUI\b|FOUO|СЕКРЕТ|ДСП|極秘|取扱注意|비밀|대외비/i.test(s);
}

/** Cell separators of a text table: ASCII and box-drawing verticals. */
const TABLE_BARS = /[|\u2502\u2503\u2551]/;
/** A line of a box-drawing table's frame (─┼┬ …, dashes, pluses and bars only). */
const TABLE_RULE = /^[\s|+=:\-\u2500-\u257f]+$/;

/**
 * A text file's tables as rows of cells: consecutive lines (two or more, frame lines between them
 * allowed) split into two cells or more by bars (`|`, `│`), by runs of two or more spaces (a
 * fixed-width report) or into three or more by ASCII commas or semicolons (values exported to .txt), each written as cells on a line of its own, the text around them as written.
 * Read so, a column's label (`密级`) and the value under it (`机密`) stand in one column as in a
 * sheet; the raw text reads them as words apart. Up to the first line break after `limit`
 * characters, mapped to the text; undefined when the head holds no table.
 */
export function textTableReading(text: string, id: string, origin: PartOrigin, lineStarts?: Uint32Array, limit = CSV_READ): TextPart | undefined {
  type Row = Array<[string, number]>;
  const rowOf = (line: string, at: number): Row | undefined => {
    const lead = line.length - line.trimStart().length;
    const body = line.trimEnd();
    const cells: Row = [];
    const bars = TABLE_BARS.test(body);
    // A line split by tabs alone is cells already, as the raw text is read. Without bars or
    // columns of spaces, ASCII commas or semicolons (Chinese prose writes ，and ；) make a CSV row.
    const spaced = !bars && /\S[ \u3000]{2,}\S/.test(body);
    const sep = bars || spaced ? '' : (body.match(/,/g)?.length ?? 0) >= 2 ? ',' : (body.match(/;/g)?.length ?? 0) >= 2 ? ';' : '';
    if (!bars && !spaced && !sep) return undefined;
    const split = bars ? /\s*[|\u2502\u2503\u2551]\s*/g : sep ? new RegExp(`\\s*${sep}\\s*`, 'g') : /[ \u3000\t]{2,}|\t/g;
    let from = lead;
    const push = (to: number): void => {
      const c = body.slice(from, to);
      const t = c.trim();
      if (t) cells.push([t, at + from + (c.length - c.trimStart().length)]);
    };
    split.lastIndex = lead;
    for (let m = split.exec(body); m; m = split.exec(body)) {
      if (m[0].length === 0) {
        split.lastIndex++;
        continue;
      }
      push(m.index);
      from = m.index + m[0].length;
    }
    push(body.length);
    if (cells.length < 2) return undefined;
    // Columns of spaces: three cells or more, or two short ones (a label and its value); a line of
    // prose with a double space in it is no row.
    if (spaced && cells.length === 2 && cells.some(([t]) => t.length > 24)) return undefined;
    // A row of separated values: three fields or more, none of them a sentence.
    if (sep && (cells.length < 3 || cells.some(([t]) => t.length > 40))) return undefined;
    return cells;
  };
  // The lines of the head: each a row of cells, a frame line, or other text.
  type Line = { start: number; end: number; next: number; row?: Row; rule?: boolean; table?: boolean };
  const lines: Line[] = [];
  for (let start = 0; start < text.length && start < limit; ) {
    let nl = text.indexOf('\n', start);
    if (nl < 0) nl = text.length;
    const end = text[nl - 1] === '\r' ? nl - 1 : nl;
    const line = text.slice(start, end);
    const rule = TABLE_RULE.test(line) && /[-\u2500-\u257f]/.test(line);
    lines.push({ start, end, next: nl + 1, ...(rule ? { rule } : line.trim() ? { row: rowOf(line, start) } : {}) });
    start = nl + 1;
  }
  // Tables: runs of two rows or more (frame lines between them kept in the run).
  let any = false;
  for (let i = 0; i < lines.length; ) {
    if (!lines[i].row) {
      i++;
      continue;
    }
    let j = i;
    let rows = 0;
    while (j < lines.length && (lines[j].row || lines[j].rule)) rows += lines[j++].row ? 1 : 0;
    // A table is read as cells only when one of its cells may be a marking or its label: any
    // other table finds nothing in cells the text does not (and building the reading costs).
    if (rows >= 2 && lines.slice(i, j).some((l) => l.row?.some(([t]) => mayHoldMarking(t)))) {
      for (let k = i; k < j; k++) lines[k].table = true;
      any = true;
    }
    i = j;
  }
  if (!any) return undefined;
  // The tables as rows of cells, with the text that tells what they are as written: the top of the
  // head (a title, 份号 and marking lines), a few lines above each table (its heading: a glossary,
  // a training sheet) and the line after it. Not the whole head: a report of a few small tables
  // in 64 KiB of prose read its prose twice (+20% CPU a MB on the bench's realistic text).
  const keep = new Uint8Array(lines.length);
  const keepLines = (from: number, step: 1 | -1, count: number): void => {
    for (let k = from, n = 0; k >= 0 && k < lines.length && n < count; k += step) {
      keep[k] = 1;
      if (lines[k].row || lines[k].end > lines[k].start) n++;
    }
  };
  keepLines(0, 1, TABLE_CONTEXT_TOP);
  for (let i = 0; i < lines.length; i++) {
    if (!lines[i].table) continue;
    keep[i] = 1;
    if (i === 0 || !lines[i - 1].table) keepLines(i - 1, -1, TABLE_CONTEXT_ABOVE);
    if (i + 1 === lines.length || !lines[i + 1].table) keepLines(i + 1, 1, TABLE_CONTEXT_BELOW);
  }
  const out = new MappedBuilder(id, origin);
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i];
    // Lines left out leave no trace: the kept line before them ended with its break.
    if (!keep[i]) continue;
    if (l.table && l.row) {
      l.row.forEach(([t, at], k) => {
        if (k > 0) out.cellBreak(at - 1, at);
        out.copy(t, at);
      });
    } else if (!l.rule) out.copy(text.slice(l.start, l.end), l.start);
    out.breakLine(l.end, l.next);
  }
  return out.part(lineStarts ?? lineStartsOf(text));
}

const YAML_PAIR = /^[ \t]*(?:-[ \t]+)?([^:#\r\n][^:#\r\n]*?)[ \t]*:[ \t]+((?:[&!][^\s]*[ \t]+)*)(["']?)(.*?)\3[ \t]*(?:#.*)?\r?$/;

/**
 * A YAML line's key, properties, quote and value, as YAML_PAIR gives them. What the pattern needs is
 * checked first, in one pass: a first colon after a key (no `#` or line break before it), a blank
 * after the colon, and no line break after it but a last `\r`. Where that fails, the pattern failed
 * too, but only after splitting the line's blanks every way (n^4: `-` and 400 tabs took 90 ms, and
 * lines are read up to 4,096 units); where it holds, the pattern's first way through succeeds.
 */
export function yamlPair(line: string): RegExpExecArray | null {
  const colon = line.indexOf(':');
  if (colon < 1) return null;
  for (let i = 0; i < colon; i++) {
    const u = line.charCodeAt(i);
    if (u === 0x23 || u === 0x0d || u === 0x0a) return null;
  }
  const blank = line.charCodeAt(colon + 1);
  if (blank !== 0x20 && blank !== 0x09) return null;
  for (let i = colon + 2; i < line.length; i++) {
    const u = line.charCodeAt(i);
    if ((u === 0x0d && i < line.length - 1) || u === 0x0a || u === 0x2028 || u === 0x2029) return null;
  }
  return YAML_PAIR.exec(line);
}

/**
 * A YAML file's `key: value` lines with the key beside its value in a cell of the same line
 * (`securityLevel⇥机密`), quotes dropped, as the JSON reading does: a level written as a value stands
 * in a cell of its own, beside the label that names it, not inside a line of keys and colons.
 */
export function yamlReading(text: string, id: string, origin: PartOrigin, lineStarts?: Uint32Array): TextPart | undefined {
  const out = new MappedBuilder(id, origin);
  let any = false;
  // Values given an anchor (`&lv 机密`), by name: an alias (`*lv`) stands for the same value.
  const anchors = new Map<string, { value: string; at: number }>();
  // Line by line, lines of 4 KiB at most (a line that matches may still cost the square of its blanks).
  for (let start = 0; start < text.length; ) {
    let nl = text.indexOf('\n', start);
    if (nl < 0) nl = text.length;
    const line = text.slice(start, nl);
    // A value's properties (an anchor `&lv`, a tag `!!str`) come before it and are no part of it.
    const m = line.length <= 4096 ? yamlPair(line) : null;
    const lineStart = start;
    start = nl + 1;
    if (!m) continue;
    const key = m[1].replace(/^["']|["']$/g, '');
    let value = m[4];
    if (!value.trim() || !key.trim()) continue;
    const keyAt = lineStart + line.indexOf(m[1]);
    let valueAt = lineStart + line.indexOf(m[4], line.indexOf(':') + 1 + m[2].length);
    const anchor = /(?:^|[ \t])&([^\s]+)/.exec(m[2]);
    if (anchor) anchors.set(anchor[1], { value, at: valueAt });
    const alias = !m[3] ? /^\*([^\s,[\]{}]+)$/.exec(value) : null;
    const target = alias ? anchors.get(alias[1]) : undefined;
    out.copy(key, keyAt + (m[1].startsWith('"') || m[1].startsWith("'") ? 1 : 0));
    out.cellBreak(valueAt - 1, valueAt);
    // An alias read as the value it names, mapped to where that value is written.
    if (target) ({ value, at: valueAt } = target);
    if (!m[3] && /^[|>][1-9+-]{0,2}$/.test(value)) {
      // A block scalar: the lines more indented than the key's, kept apart (|) or folded into one (>).
      const folded = value[0] === '>';
      const indent = line.length - line.trimStart().length;
      let first = true;
      for (let s = start; s < text.length; ) {
        let e = text.indexOf('\n', s);
        if (e < 0) e = text.length;
        const l = text.slice(s, e).replace(/\r$/, '');
        const ind = l.length - l.trimStart().length;
        if (l.trim() && ind <= indent) break;
        if (l.trim()) {
          if (!first) folded ? out.put(' ', s - 1, s + ind) : out.breakLine(s - 1, s);
          out.copy(l.slice(ind), s + ind);
          first = false;
        }
        start = s = e + 1;
      }
    } else if (m[3] === '"' && value.includes('\\')) yamlEscaped(text, valueAt, valueAt + value.length, out);
    else out.copy(value, valueAt);
    out.breakLine(nl - 1, nl);
    any = true;
  }
  return any ? out.part(lineStarts ?? lineStartsOf(text)) : undefined;
}

/** A double-quoted YAML value `[from, to)` with its escapes resolved (`\u673A`, `\x..`, `\n`, `\"`, a continued line). */
function yamlEscaped(text: string, from: number, to: number, out: MappedBuilder): void {
  let run = from;
  for (let i = text.indexOf('\\', from); i >= 0 && i < to - 1; i = text.indexOf('\\', i)) {
    if (i > run) out.copy(text.slice(run, i), run);
    const e = escapeAt(text, i);
    if (e && e.end <= to) {
      for (const [v, a, b] of e.pieces) out.put(v, a, b);
      i = run = e.end;
      continue;
    }
    const c = text[i + 1];
    out.put(c === '0' ? '' : c === '_' ? '\u00a0' : c === 'N' ? '\u0085' : c, i, i + 2);
    i = run = i + 2;
  }
  if (run < to) out.copy(text.slice(run, to), run);
}

/** Characters of a CSV file read as rows of cells (see {@link csvReading}). */
const CSV_READ = 1 << 20;

/**
 * A CSV file's records as lines of cells: separators (`,`, or `;` or a tab when the header line holds more
 * of them, or what a `sep=` first line names) become cell breaks, quotes are dropped and `""` read
 * as one `"`, a line break inside quotes is a space. Read so, a label cell (`密级`) and the value in
 * the row below it (`机密`) stand in one column, as in the sheet the file was exported from; read as
 * one line of commas they did not. Records are read up to the first line break after `limit`
 * characters (the map costs two numbers a character): a header row and a form's labels stand at
 * the top, and the text itself is read whole anyway.
 */
export function csvReading(text: string, id: string, origin: PartOrigin, lineStarts?: Uint32Array, limit = CSV_READ): TextPart | undefined {
  const out = new MappedBuilder(id, origin);
  let i = 0;
  let sep = ',';
  const first = /^sep=(.)\r?\n/i.exec(text.slice(0, 8));
  if (first) {
    sep = first[1];
    i = first[0].length;
  } else {
    const nl = text.indexOf('\n');
    const head = text.slice(0, nl < 0 ? Math.min(text.length, 4096) : Math.min(nl, 4096)).replace(/"[^"]*"/g, '');
    const count = (c: string): number => head.split(c).length - 1;
    if (count(';') > count(',')) sep = ';';
    // Tab-separated values (.tsv, an export to "Text (Tab delimited)"): tabs in the header, more than commas.
    if (count('\t') > Math.max(count(','), count(';'))) sep = '\t';
  }
  let quoted = false;
  let run = i;
  let cells = 0;
  const flush = (to: number): void => {
    if (to > run) out.copy(text.slice(run, to), run);
  };
  for (; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"') {
        flush(i);
        if (text[i + 1] === '"') {
          out.put('"', i, i + 2);
          i++;
        } else quoted = false;
        run = i + 1;
      } else if (c === '\n' || c === '\r') {
        flush(i);
        out.put(' ', i, i + 1);
        run = i + 1;
      }
      continue;
    }
    if (c === '"') {
      flush(i);
      quoted = true;
      run = i + 1;
    } else if (c === sep) {
      flush(i);
      out.cellBreak(i, i + 1);
      cells++;
      run = i + 1;
    } else if (c === '\n' || c === '\r') {
      flush(i);
      const end = c === '\r' && text[i + 1] === '\n' ? i + 2 : i + 1;
      out.breakLine(i, end);
      i = end - 1;
      run = end;
      if (end >= limit) break;
    }
  }
  if (i >= text.length) flush(text.length);
  return cells ? out.part(lineStarts ?? lineStartsOf(text)) : undefined;
}

/**
 * The JSON reading: each string value on its own line, a member's key in the cell before it. Lenient
 * (a damaged file, JSON Lines): strings are read wherever they stand; a string followed by `:` is a key.
 */
export function jsonReading(text: string, id: string, origin: PartOrigin, lineStarts?: Uint32Array): TextPart | undefined {
  const out = new MappedBuilder(id, origin);
  const write = (pieces: Array<[string, number, number]>): void => {
    for (const [s, from, to] of pieces) (to < 0 ? out.copy(s, from) : out.put(s, from, to));
  };
  let key: { pieces: Array<[string, number, number]>; start: number; end: number } | undefined;
  const flushKey = (): void => {
    if (!key) return;
    write(key.pieces);
    out.breakLine(key.end - 1, key.end);
    key = undefined;
  };
  let any = false;
  for (let i = text.indexOf('"'); i >= 0; ) {
    const s = jsonString(text, i);
    let j = s.end;
    while (j < text.length && /\s/.test(text[j])) j++;
    if (text[j] === ':') {
      flushKey();
      key = { pieces: s.pieces, start: i, end: s.end };
    } else {
      // The key of this value, when it named it (`"key": "value"`, nothing but the colon and spaces between).
      const named = key && /^\s*:\s*$/.test(text.slice(key.end, i));
      if (named && key) {
        write(key.pieces);
        out.cellBreak(key.end, i);
        key = undefined;
      } else flushKey();
      write(s.pieces);
      out.breakLine(s.end - 1, s.end);
      any = true;
    }
    i = text.indexOf('"', s.end);
  }
  flushKey();
  return any || !out.b.isEmpty ? out.part(lineStarts ?? lineStartsOf(text)) : undefined;
}

/** Whether `text` is an XML document: an XML declaration, or a doctype or comment before a root element. */
export function looksXml(text: string): boolean {
  const t = text.slice(0, 1024).replace(/^\uFEFF/, '').trimStart();
  // Or a root element that declares a namespace (an XPS page's `<FixedPage xmlns="…">`, a part
  // written without a declaration): XML, whose attribute values a reader assembles into text.
  return t.startsWith('<?xml') || /^<!DOCTYPE\s+[\w:.-]+\s+(SYSTEM|PUBLIC|\[)/.test(t) || /^<(?!html\b)[A-Za-z_][\w:.-]*\s[^<>]*?\bxmlns(?::[\w.-]+)?\s*=\s*["']/.test(t);
}

const XML_PREDEFINED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
/** Characters all entity expansions of one document may produce (a "billion laughs" stops here). */
const MAX_EXPANSION = 1_000_000;
/** Entities referring to entities: deeper than this is not expanded. */
const MAX_ENTITY_DEPTH = 16;

/** The general entities an XML document declares in its internal subset (`<!ENTITY name "value">`), and those it cannot expand. */
function xmlEntities(text: string): { values: Map<string, string>; external: Set<string>; subset?: [number, number] } {
  const values = new Map<string, string>();
  const external = new Set<string>();
  const doctype = /<!DOCTYPE\s[^[>]*\[/i.exec(text.slice(0, 1 << 20));
  if (!doctype) return { values, external };
  const start = doctype.index + doctype[0].length;
  const end = text.indexOf(']', start);
  const subset = text.slice(start, end < 0 ? text.length : end);
  for (const m of subset.matchAll(/<!ENTITY\s+(%\s+)?([^\s%"']+)\s+(?:"([^"]*)"|'([^']*)'|((?:SYSTEM|PUBLIC)\b[^>]*))\s*(?:NDATA\s+\S+\s*)?>/g)) {
    if (m[1]) continue; // parameter entities are the DTD's own
    if (values.has(m[2]) || external.has(m[2])) continue; // the first declaration binds
    if (m[5] !== undefined) external.add(m[2]);
    else values.set(m[2], m[3] ?? m[4] ?? '');
  }
  return { values, external, subset: [doctype.index, end < 0 ? text.length : end] };
}

/**
 * The XML readings: the text content as it flows (tags dropped, whitespace as stored) and each
 * element's own text on a line of its own (attribute values too). Entities the document declares
 * are expanded (bounded); a reference that cannot be expanded (undeclared, external, past the
 * bounds) leaves the document reported unread.
 */
export function xmlReadings(text: string, origin: PartOrigin, lineStarts?: Uint32Array): { parts: TextPart[]; unread: Extraction['unread'] } {
  const ls = lineStarts ?? lineStartsOf(text);
  const flow = new MappedBuilder('xml:text', { ...origin, detail: 'the XML text content (tags dropped, references and entities resolved)' });
  const cells = new MappedBuilder('xml:elements', { ...origin, detail: "each XML element's text and attribute values on a line of their own" });
  const unread: Extraction['unread'] = [];
  const { values, external, subset } = xmlEntities(text);
  // Android string resources escape their text again (`\u5bc6`, `\n`, `\'`) and may quote it:
  // the app shows it unescaped and unquoted.
  // (In one pass: /^\uFEFF?\s*(?:<\?xml[^>]*>\s*)?(?:<!--[\s\S]*?-->\s*)*<resources[\s>]/ backtracked exponentially on many comments.)
  const android = afterProlog(text.slice(0, 4096), { open: '<!--', close: '-->', pi: 'xml-first' }, /<resources[\s>]/y);
  // XLIFF and TMX: their inline codes hold the source format's markup, not text.
  const translation = /<(?:[\w-]+:)?(?:xliff|tmx)[\s>]/.test(text.slice(0, 4096));
  // Attribute values of inline tags, written when their line ends.
  const deferred: Array<() => void> = [];
  // Where the document's next </ph>, </bpt> … stands (by name), -1 when none is left.
  const codeCloses = new Map<string, number>();
  /** A unit of a run of text: not a blank and not a tag's bracket. */
  const inRun = (c: number): boolean => c === c && c !== 0x3c && c !== 0x3e && c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d;
  let expanded = 0;
  const unexpanded = new Set<string>();
  const both = (f: (b: MappedBuilder) => void): void => {
    f(flow);
    f(cells);
  };
  /** A reference at `[from, to)` in the document: resolved into both readings. */
  const reference = (name: string, from: number, to: number, depth: number, inAttribute: MappedBuilder[] | undefined): boolean => {
    const targets = inAttribute ?? [flow, cells];
    if (name[0] === '#') {
      const cp = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      const v = cp > 0 && cp <= 0x10ffff ? String.fromCodePoint(cp) : '\ufffd';
      for (const t of targets) t.put(v, from, to);
      return true;
    }
    if (XML_PREDEFINED[name]) {
      for (const t of targets) t.put(XML_PREDEFINED[name], from, to);
      return true;
    }
    const v = values.get(name);
    if (v === undefined || depth >= MAX_ENTITY_DEPTH || expanded + v.length > MAX_EXPANSION) {
      // HTML's names (an XHTML page's &nbsp;) are what a browser shows for them.
      const html = external.has(name) || v !== undefined ? undefined : decodeHTML(`&${name};`);
      if (html !== undefined && html !== `&${name};`) {
        for (const t of targets) t.put(html, from, to);
        return true;
      }
      if (!unexpanded.has(name)) {
        unexpanded.add(name);
        const why = external.has(name) ? 'an external entity (its text is in another file, which was not read)' : v === undefined ? 'an entity the document does not declare' : `an entity whose expansion goes past the bounds (${MAX_ENTITY_DEPTH} levels, ${MAX_EXPANSION} characters)`;
        unread.push({ where: `XML entity &${name};`, reason: v === undefined && !external.has(name) ? 'corrupt' : 'limit', detail: `The document refers to &${name};, ${why}: the text it stands for was not read.` });
      }
      for (const t of targets) t.put(`&${name};`, from, to);
      return false;
    }
    expanded += v.length;
    // The entity's text is parsed in place; everything it yields maps to the reference.
    walk(v, () => [from, to], depth + 1, inAttribute);
    return true;
  };
  /** Walks markup `s`; `at(k)` maps a position of `s` to the document's range. */
  const walk = (s: string, at: (k: number, n: number) => [number, number], depth: number, inAttribute?: MappedBuilder[]): void => {
    const put = (targets: MappedBuilder[], v: string, k: number): void => {
      if (!v) return;
      if (depth === 0) for (const t of targets) t.copy(v, at(k, 0)[0]);
      else for (const t of targets) t.put(v, ...at(k, v.length));
    };
    const targetsText = inAttribute ?? [flow, cells];
    let plain = 0;
    const flushText = (to: number): void => {
      if (to <= plain) return;
      const v = s.slice(plain, to);
      if (inAttribute) put(inAttribute, v, plain);
      else if (android && depth === 0 && /[\\"]/.test(v)) {
        androidText(flow, v, plain);
        if (v.trim()) androidText(cells, v, plain);
      } else {
        put([flow], v, plain);
        if (v.trim()) put([cells], v, plain);
      }
    };
    for (let i = 0; i < s.length; ) {
      const c = s.charCodeAt(i);
      if (c === 0x3c && !inAttribute) {
        flushText(i);
        let end: number;
        if (s.startsWith('<!--', i)) {
          const close = s.indexOf('-->', i + 4);
          end = close < 0 ? s.length : close + 3;
          // A comment is not shown, but it is served: its text on a line of its own.
          const body = s.slice(i + 4, close < 0 ? s.length : close);
          if (body.trim()) {
            const [a] = at(i, 4);
            both((b) => b.breakLine(a, a + 4));
            put([flow, cells], body, i + 4);
            both((b) => b.breakLine(a, a + 4));
          }
        } else if (s.startsWith('<![CDATA[', i)) {
          const close = s.indexOf(']]>', i + 9);
          end = close < 0 ? s.length : close + 3;
          put(targetsText, s.slice(i + 9, close < 0 ? s.length : close), i + 9);
        } else if (s.startsWith('<?', i)) {
          const close = s.indexOf('?>', i + 2);
          end = close < 0 ? s.length : close + 2;
        } else if (s.startsWith('<!', i)) {
          // The doctype with its internal subset (read for its entities above).
          if (depth === 0 && subset && i === subset[0]) {
            const close = s.indexOf('>', subset[1]);
            end = close < 0 ? s.length : close + 1;
          } else {
            const close = s.indexOf('>', i + 2);
            end = close < 0 ? s.length : close + 1;
          }
        } else {
          const close = tagEnd(s, i + 1);
          end = close < 0 ? s.length : close + 1;
          const [a, b] = at(i, end - i);
          const tag = s.slice(i, end);
          // Attribute values: each on a line of its own in the element reading.
          const attributes = (): void => {
            for (const m of tag.matchAll(/\s[\w:.-]+\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) {
              const v = m[1] ?? m[2] ?? '';
              if (!v.trim()) continue;
              const k = i + m.index! + m[0].length - 1 - v.length;
              walk(v, (p, n) => at(k + p, n), depth, [cells]);
              cells.breakLine(a, b);
            }
          };
          // A tag within a run of text (机<pc id="1">密</pc>★5年: an XLIFF, TMX or DocBook inline
          // element) keeps the run on its line; its attribute values follow the line.
          if (i > 0 && inRun(s.charCodeAt(i - 1)) && inRun(s.charCodeAt(end))) deferred.push(attributes);
          else {
            cells.breakLine(a, b);
            for (const f of deferred.splice(0)) f();
            attributes();
          }
          // A translation's native codes (XLIFF 1.2's and TMX's <ph>, <bpt>, <ept>, <it>, <ut>: `&lt;b&gt;`)
          // are not shown: the element reading leaves them out, the flowing one keeps them.
          const code = translation && !tag.endsWith('/>') ? /^<((?:[\w-]+:)?(?:ph|bpt|ept|it|ut))[\s>]/.exec(tag) : null;
          // The next close of that name, found once and kept until passed (a document of unclosed codes is not searched to its end for each).
          let closeCode = -1;
          if (code && depth > 0) closeCode = s.indexOf(`</${code[1]}>`, end);
          else if (code) {
            let next = codeCloses.get(code[1]);
            if (next === undefined || (next >= 0 && next < end)) codeCloses.set(code[1], (next = s.indexOf(`</${code[1]}>`, end)));
            closeCode = next;
          }
          if (code && closeCode >= 0) {
            walk(s.slice(end, closeCode), (p, n) => at(end + p, n), depth, [flow]);
            end = closeCode;
          }
        }
        i = plain = end;
        continue;
      }
      if (c === 0x26) {
        const m = /^&(#[0-9]{1,7}|#x[0-9a-fA-F]{1,6}|[A-Za-z_:][\w:.-]*);/.exec(s.slice(i, i + 64));
        if (m) {
          flushText(i);
          const [a, b] = at(i, m[0].length);
          reference(m[1], a, b, depth, inAttribute);
          i = plain = i + m[0].length;
          continue;
        }
      }
      i++;
    }
    flushText(s.length);
  };
  walk(text, (k, n) => [k, k + Math.max(n, 1)], 0);
  if (deferred.length) {
    cells.breakLine(text.length - 1, text.length);
    for (const f of deferred.splice(0)) f();
  }
  const parts = [cells.part(ls), flow.part(ls)].filter((p): p is TextPart => p !== undefined);
  // The flowing reading adds nothing when it is the element reading.
  if (parts.length === 2 && parts[0].text === parts[1].text) parts.pop();
  return { parts, unread };
}

/** Android resource text `v` standing at `k` of the document, as the app shows it: `\uXXXX`, `\n`, `\t` and `\'` resolved, quotes dropped. */
function androidText(b: MappedBuilder, v: string, k: number): void {
  let run = 0;
  for (let i = 0; i < v.length; i++) {
    const c = v[i];
    if (c !== '\\' && c !== '"') continue;
    if (i > run) b.copy(v.slice(run, i), k + run);
    run = i + 1;
    if (c === '"') continue;
    const u = /^u([0-9a-fA-F]{4})/.exec(v.slice(i + 1, i + 6));
    const n = v[i + 1] ?? '';
    const w = u ? 6 : 2;
    b.put(u ? String.fromCharCode(parseInt(u[1], 16)) : n === 'n' ? '\n' : n === 't' ? '\t' : n, k + i, k + i + w);
    run = i + w;
    i += w - 1;
  }
  if (run < v.length) b.copy(v.slice(run), k + run);
}

/** The `>` ending a tag that starts before `from`, quotes respected; -1 if none. */
function tagEnd(s: string, from: number): number {
  let q = 0;
  for (let i = from; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (q) {
      if (c === q) q = 0;
    } else if (c === 0x22 || c === 0x27) q = c;
    else if (c === 0x3e) return i;
    else if (c === 0x3c) return i - 1; // a tag left open: the next one begins
  }
  return -1;
}

/** Whether `text` is iCalendar or vCard. */
export function looksCalendar(text: string): boolean {
  return /^\uFEFF?\s*BEGIN:(VCALENDAR|VCARD)\b/i.test(text.slice(0, 256));
}

/**
 * iCalendar / vCard (RFC 5545 §3.1, RFC 6350 §3.2): a line break followed by a space or tab
 * continues the line; in values `\n` is a line break and `\,` `\;` `\\` stand for their character.
 * Each property's name and its value in cells of one line.
 */
export function calendarReading(text: string, id: string, origin: PartOrigin, lineStarts?: Uint32Array): TextPart | undefined {
  const out = new MappedBuilder(id, origin);
  unfoldCalendar(text, 0, text.length, false, out);
  return out.part(lineStarts ?? lineStartsOf(text));
}

/** A title property's content line: SUMMARY of an event, a to-do or a journal entry (with or without parameters). */
const CALENDAR_TITLE = /^SUMMARY(?:;[^:\r\n]*)?:/gim;

/**
 * Each SUMMARY value of a calendar (the event's title, as an invitation's subject is the mail's),
 * unfolded and unescaped, as a title part of its own: a mark opening it (SUMMARY:机密★5年 防汛会商会)
 * opens the title a calendar shows, not the middle of the file's lines.
 */
export function calendarTitles(text: string, idPrefix: string, origin: PartOrigin, lineStarts?: Uint32Array): TextPart[] {
  const parts: TextPart[] = [];
  for (const m of text.matchAll(CALENDAR_TITLE)) {
    const from = m.index + m[0].length;
    // The content line ends at a line break that no space or tab continues (RFC 5545 §3.1).
    let to = from;
    for (;;) {
      const nl = text.slice(to).search(/\r\n|\r|\n/);
      if (nl < 0) {
        to = text.length;
        break;
      }
      const at = to + nl;
      const after = at + (text.startsWith('\r\n', at) ? 2 : 1);
      const next = text.charCodeAt(after);
      if (next !== 0x20 && next !== 0x09) {
        to = at;
        break;
      }
      to = after;
    }
    const out = new MappedBuilder(`${idPrefix}${parts.length + 1}`, origin, true, 'title');
    unfoldCalendar(text, from, to, true, out);
    const p = out.part(lineStarts ?? lineStartsOf(text));
    if (p) parts.push(p);
  }
  return parts;
}

/** Unfolds the content lines of `text[from, to)` into `out`, resolving value escapes; `inValue`: `from` is past a property's colon. */
function unfoldCalendar(text: string, from: number, to: number, inValue: boolean, out: MappedBuilder): void {
  let plain = from;
  const flush = (end: number): void => {
    if (end > plain) out.copy(text.slice(plain, end), plain);
  };
  for (let i = from; i < to; ) {
    const c = text.charCodeAt(i);
    if (c === 0x0d || c === 0x0a) {
      const nl = c === 0x0d && text.charCodeAt(i + 1) === 0x0a ? 2 : 1;
      const next = text.charCodeAt(i + nl);
      flush(i);
      if (next === 0x20 || next === 0x09) {
        // A folded line: the break and the one space after it are nothing.
        i = plain = i + nl + 1;
        continue;
      }
      out.breakLine(i, i + nl);
      inValue = false;
      i = plain = i + nl;
      continue;
    }
    if (!inValue && c === 0x3a /* : */) {
      flush(i);
      out.cellBreak(i, i + 1);
      inValue = true;
      // vCard 2.1 writes a value in quoted-printable when its parameters say so (NOTE;CHARSET=UTF-8;
      // ENCODING=QUOTED-PRINTABLE:=E6=9C=BA…, a phone's export): decoded, each character mapped to its escapes.
      const lineStart = Math.max(text.lastIndexOf('\n', i) + 1, text.lastIndexOf('\r', i) + 1, from);
      const params = text.slice(lineStart, i);
      if (/;\s*(?:ENCODING=)?QUOTED-PRINTABLE\b/i.test(params)) {
        i = plain = quotedPrintableValue(text, i + 1, to, /;\s*CHARSET=([\w-]+)/i.exec(params)?.[1] ?? 'utf-8', out);
        continue;
      }
      i = plain = i + 1;
      continue;
    }
    if (inValue && c === 0x5c /* \ */ && i + 1 < to) {
      const e = text[i + 1];
      if (/[nN,;\\]/.test(e)) {
        flush(i);
        if (e === 'n' || e === 'N') out.breakLine(i, i + 2);
        else out.put(e, i, i + 2);
        i = plain = i + 2;
        continue;
      }
    }
    i++;
  }
  flush(to);
}

/**
 * A quoted-printable value from `from` to the end of its content line (soft breaks `=⏎` continue it),
 * decoded in `charset` into `out`, each character mapped to the escapes it came from. Returns where
 * the content line ends (its line break is left to the caller).
 */
function quotedPrintableValue(text: string, from: number, to: number, charset: string, out: MappedBuilder): number {
  const bytes: number[] = [];
  const at: number[] = [];
  let i = from;
  while (i < to) {
    const c = text.charCodeAt(i);
    if (c === 0x0d || c === 0x0a) break;
    if (c === 0x3d /* = */) {
      const nl = text.charCodeAt(i + 1) === 0x0d && text.charCodeAt(i + 2) === 0x0a ? 2 : text.charCodeAt(i + 1) === 0x0a || text.charCodeAt(i + 1) === 0x0d ? 1 : 0;
      if (nl) {
        i += 1 + nl;
        continue;
      }
      const hex = text.slice(i + 1, i + 3);
      if (/^[0-9A-Fa-f]{2}$/.test(hex)) {
        bytes.push(parseInt(hex, 16));
        at.push(i);
        i += 3;
        continue;
      }
    }
    bytes.push(c < 0x100 ? c : 0x3f);
    at.push(i);
    i++;
  }
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(charset.toLowerCase());
  } catch {
    decoder = new TextDecoder('utf-8');
  }
  const multiByte = /^(?:gb|big5|cp936|x-gbk)/i.test(charset);
  // Character by character: the length of each from its lead byte (UTF-8), or a byte over 0x80 and its trail (GBK, Big5).
  for (let k = 0; k < bytes.length; ) {
    const b = bytes[k];
    const n = b < 0x80 ? 1 : multiByte ? 2 : b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    const end = Math.min(bytes.length, k + n);
    const ch = decoder.decode(Uint8Array.from(bytes.slice(k, end)));
    const last = at[end - 1];
    out.put(ch, at[k], last + (text.charCodeAt(last) === 0x3d ? 3 : 1));
    k = end;
  }
  return i;
}

/**
 * Escapes of characters in source text (a Java `.properties` file, a script, a string copied out
 * of a log): `\u673a`, `\u{673a}`, `\U0000673a` (and an Apple `.strings` file's `\U673A`), runs of byte escapes `\xe6\x9c\xba` or octal
 * `\346\234\272` (UTF-8, else GB18030); in a stylesheet, CSS's `\673a ` instead ({@link CSS_ESCAPE}). The `native2ascii` form
 * of a properties file writes every Chinese character so. Found by a look at each backslash.
 */
const ESCAPE = /\\(?:u\{([0-9a-fA-F]{1,6})\}|u([0-9a-fA-F]{4})|U([0-9a-fA-F]{8}|[0-9a-fA-F]{4})|((?:x[0-9a-fA-F]{2})(?:\\x[0-9a-fA-F]{2})*)|([0-3][0-7]{2}(?:\\[0-3][0-7]{2})*)|(\r\n|\r|\n)[ \t\f]*|(\\)|(n|r(?:\\n)?|t))/g;
/** CSS's escapes: one to six hex digits, and a white space after them that ends the escape. */
const CSS_ESCAPE = /\\(?:([0-9a-fA-F]{1,6})(?:\r\n|[ \t\r\n\f])?|(\r\n|\r|\n)|(\\))/g;

const UTF8 = new TextDecoder('utf-8');
const GB18030 = new TextDecoder('gb18030');

/** Whether text holds an escape of a character beyond ASCII (see {@link escapesReading}). */
export function holdsCharacterEscape(text: string, css = false): boolean {
  const re = css ? CSS_ESCAPE : ESCAPE;
  re.lastIndex = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) if (escapeValue(m, css)?.some(([s]) => /[^\x00-\x7f]/.test(s))) return true;
  return false;
}

const ESCAPE_AT = new RegExp(ESCAPE.source, 'y');

/**
 * The escape the backslash at `i` begins, as {@link escapesReading} resolves it (`\u673a`, a run of
 * `\xHH` or octal bytes, `\n`, a continued line), and where it ends; undefined when none it knows stands there.
 */
export function escapeAt(text: string, i: number): { pieces: Array<[string, number, number]>; end: number } | undefined {
  ESCAPE_AT.lastIndex = i;
  const m = ESCAPE_AT.exec(text);
  const v = m ? escapeValue(m, false) : undefined;
  return m && v ? { pieces: v, end: i + m[0].length } : undefined;
}

/** What an {@link ESCAPE} match stands for, as pieces `[text, from, to]` of the source; undefined when it is none. */
function escapeValue(m: RegExpExecArray, css: boolean): Array<[string, number, number]> | undefined {
  // No closures here: it runs once per backslash of a text that may hold many.
  const at = m.index;
  const end = at + m[0].length;
  if (css) return m[1] !== undefined ? piece(codePoint(m[1]), at, end) : m[2] !== undefined ? [['', at, end]] : [['\\', at, end]];
  if (m[1] !== undefined) return piece(codePoint(m[1]), at, end);
  if (m[2] !== undefined) return [[String.fromCharCode(parseInt(m[2], 16)), at, end]];
  if (m[3] !== undefined) return piece(codePoint(m[3]), at, end);
  if (m[4] !== undefined || m[5] !== undefined) {
    // Byte escapes: each character decoded maps to the escapes of its own bytes.
    const hex = m[4] !== undefined;
    const width = 4; // \xHH and \ooo are four characters each
    // One byte beyond ASCII is no Chinese character in UTF-8 or GBK (a path's \202 is no escape of one).
    if (m[0].length < 8) return undefined;
    const bytes = new Uint8Array(m[0].length / 4);
    let high = false;
    for (let k = 0; k < bytes.length; k++) {
      bytes[k] = hex ? parseInt(m[0].slice(k * 4 + 2, k * 4 + 4), 16) : parseInt(m[0].slice(k * 4 + 1, k * 4 + 4), 8);
      if (bytes[k] >= 0x80) high = true;
    }
    if (!high) return undefined;
    // Decoders that replace, not throw: a log of paths holds many such runs, and exceptions are slow.
    const pieces = utf8Pieces(bytes, at, width);
    if (pieces) return pieces;
    const g = GB18030.decode(bytes);
    return g.includes('\ufffd') ? undefined : [[g, at, end]];
  }
  if (m[6] !== undefined) return [['', at, end]]; // a line continued (a properties file's, a string's)
  if (m[7] !== undefined) return [['\\', at, end]];
  // `\n` (and `\r\n`) in a string that was escaped whole (a log's or a dump's `\u673a\u5bc6…\n\u5173…`)
  // ends a line where the writer ended one: a marking so escaped stays alone on its line. Only the
  // lines that hold an escape beyond ASCII are read (escapesReading), so a path's `C:\new` elsewhere
  // splits nothing; `\t` is a cell's edge, as a tab is.
  if (m[8] !== undefined) return [[m[8] === 't' ? '\t' : '\n', at, end]];
  return undefined;
}

/**
 * A run of percent escapes: bytes (`%E6%9C%BA`, two or more) or JavaScript's `%u673A`; or of
 * quoted-printable's (`=E6=9C=BA`, upper-case hex as the encoding writes it): a vCard's or a saved
 * message's `NOTE;ENCODING=QUOTED-PRINTABLE:=E6=9C=BA…` within other text. Both escapes are three
 * characters a byte.
 */
const PERCENT_RUN = /(?:%[0-9A-Fa-f]{2}){2,}|(?:%u[0-9A-Fa-f]{4})+|(?:=[0-9A-F]{2}){2,}/g;

/**
 * The lines of a text that hold percent-encoded characters beyond ASCII (a link to
 * `/files/%E6%9C%BA%E5%AF%86….docx`, a form's `%u673A%u5BC6`), each decoded — bytes as UTF-8, else
 * GB18030 — with every character mapped to the escapes of its own bytes. Undefined when there is none.
 */
export function percentReading(text: string, id: string, origin: PartOrigin, lineStarts?: Uint32Array): TextPart | undefined {
  const out = new MappedBuilder(id, origin);
  let any = false;
  let lineDone = -1;
  PERCENT_RUN.lastIndex = 0;
  for (let m = PERCENT_RUN.exec(text); m; m = PERCENT_RUN.exec(text)) {
    const pieces = percentValue(m[0], m.index);
    if (!pieces) continue;
    // The run's whole line, the run decoded in its place; one line of the reading per source line.
    const ls = text.lastIndexOf('\n', m.index - 1) + 1;
    const le = (text.indexOf('\n', m.index) + 1 || text.length + 1) - 1;
    if (ls <= lineDone) continue;
    if (any) out.breakLine(ls - 1, ls);
    let from = ls;
    PERCENT_RUN.lastIndex = ls;
    for (let r = PERCENT_RUN.exec(text); r && r.index < le; r = PERCENT_RUN.exec(text)) {
      const v = percentValue(r[0], r.index);
      if (!v) continue;
      if (r.index > from) out.copy(text.slice(from, r.index), from);
      for (const [c, a, b] of v) out.put(c, a, b);
      from = r.index + r[0].length;
    }
    if (from < le) out.copy(text.slice(from, le), from);
    lineDone = le;
    PERCENT_RUN.lastIndex = le;
    any = true;
  }
  return any ? out.part(lineStarts ?? lineStartsOf(text)) : undefined;
}

/** What a {@link PERCENT_RUN} at `at` stands for when it holds a character beyond ASCII, as pieces `[text, from, to]`. */
function percentValue(run: string, at: number): Array<[string, number, number]> | undefined {
  if (run[1] === 'u' || run[1] === 'U') {
    const out: Array<[string, number, number]> = [];
    for (let k = 0; k < run.length; k += 6) out.push([String.fromCharCode(parseInt(run.slice(k + 2, k + 6), 16)), at + k, at + k + 6]);
    return out.some(([c]) => c.charCodeAt(0) >= 0x80) ? out : undefined;
  }
  const bytes = new Uint8Array(run.length / 3);
  let high = false;
  for (let k = 0; k < bytes.length; k++) if ((bytes[k] = parseInt(run.slice(k * 3 + 1, k * 3 + 3), 16)) >= 0x80) high = true;
  if (!high) return undefined;
  const pieces = utf8Pieces(bytes, at, 3);
  if (pieces) return pieces;
  const g = GB18030.decode(bytes);
  return g.includes('\ufffd') ? undefined : [[g, at, at + run.length]];
}

/**
 * Escaped bytes read as UTF-8, each character mapped to the escapes of its own bytes (each escape
 * `width` characters long, the first at `at`); undefined when they are not UTF-8. The decoder
 * replaces rather than throws: a log of paths holds many such runs, and exceptions are slow.
 */
function utf8Pieces(bytes: Uint8Array, at: number, width: number): Array<[string, number, number]> | undefined {
  const s = UTF8.decode(bytes);
  if (s.includes('\ufffd')) return undefined;
  const out: Array<[string, number, number]> = [];
  let b = 0;
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    const n = c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
    out.push([ch, at + b * width, at + (b + n) * width]);
    b += n;
  }
  return out;
}

/** The character of a hex code point, undefined for 0 and beyond Unicode. */
function codePoint(h: string): string | undefined {
  const n = parseInt(h, 16);
  return n > 0 && n <= 0x10ffff ? String.fromCodePoint(n) : undefined;
}

function piece(s: string | undefined, at: number, end: number): Array<[string, number, number]> | undefined {
  return s === undefined ? undefined : [[s, at, end]];
}

/**
 * The text with its character escapes resolved (see {@link ESCAPE}), or undefined when it has none
 * beyond ASCII. Only the lines that hold one are written, with the line before and after each as
 * context; the rest is the raw text's, read as it is. Every unit maps to the escape it came from.
 */
export function escapesReading(text: string, id: string, origin: PartOrigin, opts: { css?: boolean; lineStarts?: Uint32Array } = {}): TextPart | undefined {
  const css = opts.css ?? false;
  const re = css ? CSS_ESCAPE : ESCAPE;
  // First pass: the lines that hold an escape beyond ASCII (with one line either side). Matches come
  // in order, so the line is followed along; line starts are made only once one is found.
  let ls: Uint32Array | undefined = opts.lineStarts;
  let keep: Uint8Array | undefined;
  let line = 0;
  re.lastIndex = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (!beyondAscii(m, css)) {
      re.lastIndex = m.index + 1;
      continue;
    }
    ls ??= lineStartsOf(text);
    keep ??= new Uint8Array(ls.length);
    while (line + 1 < ls.length && ls[line + 1] <= m.index) line++;
    let last = line;
    const e = m.index + m[0].length - 1;
    while (last + 1 < ls.length && ls[last + 1] <= e) last++;
    for (let l = Math.max(0, line - 1); l <= Math.min(ls.length - 1, last + 1); l++) keep[l] = 1;
  }
  if (!keep || !ls) return undefined;
  // Second pass: the kept lines, escapes resolved.
  const out = new MappedBuilder(id, origin);
  const lineEnd = (l: number): number => (l + 1 < ls.length ? ls[l + 1] : text.length);
  let written = -2;
  for (let l = 0; l < ls.length; l++) {
    if (!keep[l]) continue;
    let from = Math.max(ls[l], written);
    const to = lineEnd(l);
    if (from >= to) continue;
    if (written >= 0 && from > written) out.breakLine(written, from);
    if (from === ls[l] && !css) {
      // A `key=value` or `key: value` line (a properties or INI file): the key in a cell beside its
      // value, as the YAML and JSON readings have it, so a level written as the value stands alone.
      const kv = /^[ \t]*[^\s=:\\#!;]+[ \t]*[=:][ \t]*/.exec(text.slice(from, Math.min(to, from + 256)));
      if (kv && from + kv[0].length < to) {
        const sep = text.slice(from, from + kv[0].length).search(/[ \t]*[=:]/);
        out.copy(text.slice(from, from + sep).trimStart(), from + (kv[0].length - kv[0].trimStart().length));
        out.cellBreak(from + sep, from + kv[0].length);
        from += kv[0].length;
      }
    }
    re.lastIndex = from;
    // A match may run past the line (a continued line, a run of byte escapes): it is read whole.
    for (let m = re.exec(text); m && m.index < to; m = re.exec(text)) {
      const v = escapeValue(m, css);
      if (!v) {
        re.lastIndex = m.index + 1;
        continue;
      }
      if (m.index > from) out.copy(text.slice(from, m.index), from);
      for (const [s, a, b] of v) out.put(s, a, b);
      from = m.index + m[0].length;
      re.lastIndex = from;
    }
    const stop = Math.max(to, from);
    if (from < to) out.copy(text.slice(from, to), from);
    written = stop;
  }
  return out.part(ls);
}

/** Whether an {@link ESCAPE} (or CSS) match stands for a character beyond ASCII; cheap for the common \\uXXXX. */
function beyondAscii(m: RegExpExecArray, css: boolean): boolean {
  const h = css ? m[1] : (m[2] ?? m[1] ?? m[3]);
  if (h !== undefined) {
    const n = parseInt(h, 16);
    return n >= 0x80 && n <= 0x10ffff;
  }
  // A line continued (`机密\` then `★5年`, a properties, INI or TOML value over two lines): read
  // when it splits text beyond ASCII, which is then one word to the file's reader.
  if (!css && m[6] !== undefined) return m.input.charCodeAt(m.index - 1) >= 0x80 && m.input.charCodeAt(m.index + m[0].length) >= 0x80;
  if (css || (m[4] === undefined && m[5] === undefined)) return false;
  return escapeValue(m, css)?.some(([s]) => /[^\x00-\x7f]/.test(s)) ?? false;
}

/** The byte windows-1252 (or Latin-1) writes as this unit, or -1: a mojibake's letters back to bytes. */
const MOJIBAKE_BYTE = ((): Int16Array => {
  const t = new Int16Array(0x10000).fill(-1);
  for (let b = 0; b < 0x80; b++) t[b] = b;
  for (let b = 0xa0; b < 0x100; b++) t[b] = b;
  // Latin-1's C1 controls (what a decoder that knows no windows-1252 writes for 0x80–0x9F) and windows-1252's own letters.
  for (let b = 0x80; b < 0xa0; b++) {
    t[b] = b;
    t[CP1252_HIGH[b - 0x80]] = b;
  }
  return t;
})();

/** Whether a unit is a letter windows-1252 or Latin-1 writes for a byte beyond ASCII. */
function isMojibakeUnit(c: number): boolean {
  // Ranges first: a Chinese character is rejected without a look in the 128 KB table.
  return c >= 0x80 && (c < 0x100 || (c >= 0x152 && c <= 0x2122 && MOJIBAKE_BYTE[c] >= 0x80));
}

/** Least run of such letters that may be a mojibake of Chinese: two characters of GBK, or one and a half of UTF-8. */
const MOJIBAKE_RUN = 4;

/**
 * Whether the units (or the text) hold {@link MOJIBAKE_RUN} letters in a row that windows-1252
 * or Latin-1 writes for bytes beyond ASCII (`»úÃÜ`, `æœºå`): a quarter of a pass ({@link holdsRun}).
 */
export function holdsMojibakeRun(units: Uint16Array | undefined, text: string): boolean {
  return holdsRun(units, text, MOJIBAKE_RUN, isMojibakeUnit);
}

const STRICT_GB18030 = new TextDecoder('gb18030', { fatal: true });

/**
 * Chinese text shown in the wrong code page and saved so (GBK's bytes as `»úÃÜ¡ï5Äê`, UTF-8's as
 * `æœºå¯†â˜…5å¹´`): the lines whose letters are all bytes again in windows-1252 or Latin-1, and
 * that hold a run of {@link MOJIBAKE_RUN} beyond ASCII, read back — as UTF-8 when the bytes are
 * UTF-8, else as GB18030 — each character mapped to the letters of its own bytes. A reader sees
 * letters; the file still holds the words, for anyone to turn back. Undefined when no line reads
 * back to text with a Chinese character.
 */
export function mojibakeReading(text: string, id: string, origin: PartOrigin, lineStarts?: Uint32Array): TextPart | undefined {
  const out = new MappedBuilder(id, origin);
  let any = false;
  let ls = 0;
  while (ls <= text.length) {
    let le = text.indexOf('\n', ls);
    if (le < 0) le = text.length;
    const pieces = mojibakeLine(text, ls, le);
    if (pieces) {
      if (any) out.breakLine(ls - 1, ls);
      for (const [c, a, b] of pieces) out.put(c, a, b);
      any = true;
    }
    ls = le + 1;
  }
  return any ? out.part(lineStarts ?? lineStartsOf(text)) : undefined;
}

/** One line of {@link mojibakeReading}, as pieces `[text, from, to]`, or undefined when it is no mojibake of Chinese. */
function mojibakeLine(text: string, ls: number, le: number): Array<[string, number, number]> | undefined {
  let run = 0;
  let longest = 0;
  const bytes = new Uint8Array(le - ls);
  for (let i = ls; i < le; i++) {
    const c = text.charCodeAt(i);
    const b = MOJIBAKE_BYTE[c];
    if (b < 0) return undefined;
    bytes[i - ls] = b;
    run = b >= 0x80 ? run + 1 : 0;
    if (run > longest) longest = run;
  }
  if (longest < MOJIBAKE_RUN) return undefined;
  const line = bytes[bytes.length - 1] === 0x0d ? bytes.subarray(0, -1) : bytes;
  const utf8 = utf8Pieces(line, ls, 1);
  if (utf8) return /[\u3400-\u9fff]/.test(utf8.map((p) => p[0]).join('')) ? utf8 : undefined;
  // GB18030: a byte below 0x80 alone; a lead byte with a digit after it starts four; else two.
  const out: Array<[string, number, number]> = [];
  let cjk = false;
  for (let k = 0; k < line.length; ) {
    const w = line[k] < 0x80 ? 1 : k + 1 < line.length && line[k + 1] >= 0x30 && line[k + 1] <= 0x39 ? 4 : 2;
    let ch: string;
    try {
      ch = STRICT_GB18030.decode(line.subarray(k, k + w));
    } catch {
      return undefined;
    }
    if (/[\u3400-\u9fff]/.test(ch)) cjk = true;
    out.push([ch, ls + k, ls + k + w]);
    k += w;
  }
  return cjk ? out : undefined;
}

/** The start of an INSERT statement: its table, and its column list when it has one. */
const SQL_INSERT = /\bINSERT\s+(?:IGNORE\s+)?INTO\s+[`"[]?[\w.$\u4e00-\u9fff]+[`"\]]?\s*(?:\(([^()]*)\))?\s*VALUES\s*/giy;

/** Whether the text holds an INSERT statement (a database dump: `INSERT INTO docs (…) VALUES (…)`). */
export function looksSqlDump(head: string): boolean {
  return /\bINSERT\s+(?:IGNORE\s+)?INTO\s/i.test(head);
}

/**
 * A database dump's rows as lines of cells: each INSERT's column names as a header row, each tuple of
 * VALUES as a row below it, string literals without their quotes and with their escapes (`''`, `\'`,
 * `\n`) resolved. Read so, a value (`'机密★5年'`) stands alone in its cell under its column, as in the
 * table the dump was made from; read as one line of SQL it stood inside running text. A dump left in
 * a site's folder (backup.sql) publishes every row of the OA table it came from. Read up to `limit`
 * characters, as a CSV is; the text itself is read whole anyway. Undefined when it holds no row.
 */
export function sqlReading(text: string, id: string, origin: PartOrigin, lineStarts?: Uint32Array, limit = CSV_READ): TextPart | undefined {
  const out = new MappedBuilder(id, origin);
  let rows = 0;
  const find = /\bINSERT\s/gi;
  for (let f = find.exec(text); f && f.index < limit; f = find.exec(text)) {
    SQL_INSERT.lastIndex = f.index;
    const m = SQL_INSERT.exec(text);
    if (!m) continue;
    if (rows) out.breakLine(f.index, f.index + 1);
    // The column list, as the header row.
    if (m[1] !== undefined) {
      const at = m.index + m[0].indexOf('(') + 1;
      let k = at;
      for (const col of m[1].split(',')) {
        const name = col.trim().replace(/^[`"[]|[`"\]]$/g, '');
        if (k > at) out.cellBreak(k - 1, k);
        if (name) out.copy(name, k + col.indexOf(name.charAt(0)));
        k += col.length + 1;
      }
      out.breakLine(at + m[1].length, at + m[1].length + 1);
    }
    let i = m.index + m[0].length;
    // Tuples: ( value, value … ) separated by commas, up to the statement's end.
    while (i < text.length && text[i] === '(') {
      i = sqlTuple(text, i + 1, out);
      rows++;
      while (i < text.length && /\s/.test(text[i])) i++;
      if (text[i] !== ',') break;
      i++;
      while (i < text.length && /\s/.test(text[i])) i++;
      if (text[i] === '(') out.breakLine(i - 1, i);
    }
    find.lastIndex = Math.max(i, find.lastIndex);
  }
  return rows ? out.part(lineStarts ?? lineStartsOf(text)) : undefined;
}

/** One tuple's values from `i` (after its `(`) as cells; returns the index after its `)`. */
function sqlTuple(text: string, i: number, out: MappedBuilder): number {
  let depth = 0;
  // Depths of CONCAT( … ) calls open: their commas and parentheses join, as || does.
  const concat: number[] = [];
  while (i < text.length) {
    const c = text[i];
    if (c === "'" || ((c === 'N' || c === 'n') && text[i + 1] === "'")) {
      i = sqlString(text, c === "'" ? i + 1 : i + 2, out);
      continue;
    }
    // Text joined by the statement ('机' || '密★5年', CONCAT('机', '密★5年')) is the one value it makes.
    if (c === '|' && text[i + 1] === '|') {
      i += 2;
      continue;
    }
    const call = c === 'C' || c === 'c' ? /concat\s*\(/iy : undefined;
    if (call && !/\w/.test(text[i - 1] ?? '')) {
      call.lastIndex = i;
      const m = call.exec(text);
      if (m) {
        depth++;
        concat.push(depth);
        i += m[0].length;
        continue;
      }
    }
    if (c === '(') depth++;
    else if (c === ')') {
      if (depth === 0) return i + 1;
      if (concat[concat.length - 1] === depth) {
        concat.pop();
        depth--;
        i++;
        continue;
      }
      depth--;
    } else if (c === ',' && concat[concat.length - 1] === depth && depth > 0) {
      i++;
      continue;
    } else if (c === ',' && depth === 0) {
      out.cellBreak(i, i + 1);
    } else if (!/\s/.test(c)) {
      // A number, NULL or a function call: written as it is.
      out.copy(c, i);
    }
    i++;
  }
  return i;
}

/** A string literal's body from `i` (after its quote) into `out`; returns the index after its closing quote. */
function sqlString(text: string, i: number, out: MappedBuilder): number {
  let run = i;
  const flush = (to: number): void => {
    if (to > run) out.copy(text.slice(run, to), run);
  };
  while (i < text.length) {
    const c = text[i];
    if (c === "'") {
      flush(i);
      if (text[i + 1] === "'") {
        out.put("'", i, i + 2);
        i += 2;
        run = i;
        continue;
      }
      return i + 1;
    }
    if (c === '\\' && i + 1 < text.length) {
      flush(i);
      const e = text[i + 1];
      out.put(e === 'n' || e === 'r' ? '\n' : e === 't' ? '\t' : e === '0' ? '' : e, i, i + 2);
      i += 2;
      run = i;
      continue;
    }
    if (c === '\n' || c === '\r') {
      // A line break inside a value: a space, as in a CSV cell, so the row stays one line.
      flush(i);
      out.put(' ', i, i + 1);
      run = i + 1;
    }
    i++;
  }
  flush(i);
  return i;
}
