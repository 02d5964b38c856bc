/**
 * LaTeX source read as it is typeset. The raw source keeps commands, braces and comments between
 * the characters a reader of the typeset page sees side by side: `\begin{flushright}机密★5年\end{flushright}`
 * is one line of source where the page shows `机密★5年` alone on its line, set right; `机%` at a
 * line's end with `密★5年` on the next is one word on the page; `\newcommand{\mj}{机密★5年}` and a
 * bare `\mj` at the top of the document show the mark where the macro is used.
 *
 * The reading (part `body@typeset`) drops control words and the arguments of commands that set
 * things up without typesetting them (packages, lengths, colours, labels, column specs), drops
 * braces, math shifts and comments (a comment also eats its line break and the next line's
 * leading blanks, as TeX does), joins the lines of a paragraph (nothing between two CJK
 * characters, a blank otherwise), ends a line at `\\`, `\par`, `\item`, a blank line and every
 * `\begin`/`\end`, parts table cells at `&`, reads `\verb` and verbatim environments literally,
 * and expands macros defined without parameters where they are used (a few levels deep). Every
 * unit is mapped to the source it came from as it is written; an expanded macro's characters map
 * into its definition, where they are written.
 */
import type { PartOrigin, TextPart } from '@prepub/core';
import { MappedBuilder } from './readings.ts';

/** Names a LaTeX file goes by. */
export const TEX_NAME = /\.(tex|ltx|latex|sty|cls|dtx)$/i;

/** Whether the head of a text file is LaTeX source: a document class or the document's start. */
export function looksTex(head: string): boolean {
  return /\\documentclass\s*[[{]|\\begin\s*\{document\}/.test(head);
}

/** Commands whose first N mandatory arguments set things up and are not typeset. */
const SILENT_ARGS = new Map<string, number>([
  ...['documentclass', 'usepackage', 'RequirePackage', 'label', 'ref', 'pageref', 'eqref', 'cite', 'nocite', 'input', 'include', 'includeonly', 'includegraphics', 'bibliography', 'bibliographystyle', 'pagestyle', 'thispagestyle', 'pagenumbering', 'color', 'textcolor', 'colorbox', 'pagecolor', 'linespread', 'vspace', 'hspace', 'geometry', 'newgeometry', 'hypersetup', 'setmainfont', 'setsansfont', 'setmonofont', 'setCJKmainfont', 'setCJKsansfont', 'setCJKmonofont', 'CJKfamily', 'href', 'rotatebox', 'scalebox', 'raisebox', 'parbox', 'cline', 'arrayrulecolor', 'rowcolor', 'cellcolor', 'columncolor', 'usetikzlibrary', 'ctexset', 'zihao', 'selectlanguage', 'graphicspath', 'newcounter', 'stepcounter', 'refstepcounter', 'hyphenation'].map((n) => [n, 1] as const),
  ...['setlength', 'addtolength', 'setcounter', 'addtocounter', 'fontsize', 'fcolorbox', 'multicolumn', 'multirow', 'rule', 'resizebox', 'setCJKfamilyfont'].map((n) => [n, 2] as const),
  ['definecolor', 3],
]);

/** Environments whose `\begin` takes mandatory arguments that are not typeset (column specs, widths). */
const ENV_ARGS = new Map<string, number>([
  ['tabular', 1],
  ['tabular*', 2],
  ['tabularx', 2],
  ['tabulary', 2],
  ['longtable', 1],
  ['array', 1],
  ['tabu', 1],
  ['minipage', 1],
  ['multicols', 1],
  ['multicols*', 1],
  ['adjustwidth', 2],
  ['wrapfigure', 2],
  ['CJK', 2],
  ['CJK*', 2],
]);

/** Environments whose body is typeset literally. */
const VERBATIM = new Set(['verbatim', 'verbatim*', 'lstlisting', 'minted', 'Verbatim', 'alltt', 'comment']);

/** Commands that end a line where they stand. */
const LINE_ENDS = new Set(['par', 'newline', 'linebreak', 'item', 'newpage', 'clearpage', 'pagebreak', 'bigskip', 'medskip', 'smallskip', 'maketitle', 'hline', 'toprule', 'midrule', 'bottomrule']);

/** Commands whose argument is set on a line of its own (headings, a centred or right-set line). */
const OWN_LINE = new Set(['centerline', 'rightline', 'leftline', 'chapter', 'section', 'subsection', 'subsubsection', 'paragraph', 'title', 'author', 'date', 'caption']);

/** Commands that typeset a character or a blank (`\ `, `\,`, `\quad`, `\%`). */
const SYMBOLS: Record<string, string> = { quad: ' ', qquad: ' ', enspace: ' ', space: ' ', textbackslash: '\\', textasciitilde: '~', textbar: '|', textless: '<', textgreater: '>', textbullet: '•', textstar: '★', bigstar: '★', star: '⋆', S: '§', P: '¶', ldots: '…', dots: '…', textperiodcentered: '·', TeX: 'TeX', LaTeX: 'LaTeX', today: '' };

/** Macros are expanded at most this many levels deep, and at most this many units of expansion in all. */
const MAX_DEPTH = 8;
const MAX_EXPANDED = 1 << 20;

function isLetter(c: number): boolean {
  return (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x40; /* @ in package code */
}

/** A character that CJK typesetting sets without a blank between lines (ideographs, kana, full-width forms and punctuation). */
function isCjk(c: number): boolean {
  return (c >= 0x2e80 && c <= 0x9fff) || (c >= 0xf900 && c <= 0xfaff) || (c >= 0xff00 && c <= 0xffef) || (c >= 0x3000 && c <= 0x303f) || c === 0x2605 || c === 0x2606;
}

const UTF8 = new TextDecoder('utf-8');

/** The text a run of `^^hh` byte escapes stands for in UTF-8; undefined when it is not UTF-8 beyond ASCII. */
function caretBytes(run: string): string | undefined {
  const bytes = new Uint8Array(run.length / 4);
  for (let k = 0; k < bytes.length; k++) bytes[k] = parseInt(run.slice(k * 4 + 2, k * 4 + 4), 16);
  const s = UTF8.decode(bytes);
  return s.includes('\ufffd') || !/[^\x00-\x7f]/.test(s) ? undefined : s;
}

/** A group `{…}` at `i` (balanced, `\{` and `\}` escaped): its inner range and where it ends; undefined if none starts there. */
function group(text: string, i: number, open = 0x7b, close = 0x7d): { from: number; to: number; end: number } | undefined {
  if (text.charCodeAt(i) !== open) return undefined;
  let depth = 0;
  for (let j = i; j < text.length; j++) {
    const c = text.charCodeAt(j);
    if (c === 0x5c) {
      j++;
      continue;
    }
    if (c === open) depth++;
    else if (c === close && --depth === 0) return { from: i + 1, to: j, end: j + 1 };
  }
  return undefined;
}

/** Where blanks (not a blank line) after `i` end. */
function skipBlanks(text: string, i: number): number {
  let newlines = 0;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === 0x0a) {
      if (++newlines > 1) break;
    } else if (c !== 0x20 && c !== 0x09 && c !== 0x0d) break;
    i++;
  }
  return i;
}

/**
 * The typeset reading of LaTeX source `text` (see the module comment); undefined when it would be
 * the source itself. `lineStarts` are the source's line starts, for the part's source map.
 */
export function texReading(text: string, id: string, origin: PartOrigin, lineStarts: Uint32Array): TextPart | undefined {
  const out = new MappedBuilder(id, origin);
  const macros = new Map<string, { from: number; to: number }>();
  let expanded = 0;
  let changed = false;
  // The last unit written, to decide whether a line break inside a paragraph is a blank.
  let last = 0x0a;
  const copy = (from: number, to: number): void => {
    if (to <= from) return;
    out.copy(text.slice(from, to), from);
    last = text.charCodeAt(to - 1);
  };
  const put = (s: string, from: number, to: number): void => {
    if (!s) return;
    out.put(s, from, to);
    last = s.charCodeAt(s.length - 1);
  };
  const lineEnd = (from: number, to: number): void => {
    if (last === 0x0a) return;
    out.breakLine(from, to);
    last = 0x0a;
  };
  /** Skips `[…]` optional arguments at `i` (after blanks); returns where they end. */
  const skipOptional = (i: number): number => {
    for (;;) {
      const j = skipBlanks(text, i);
      const g = group(text, j, 0x5b, 0x5d);
      if (!g) return i;
      i = g.end;
    }
  };
  /** Skips `n` mandatory arguments (groups or single tokens) at `i`; returns where they end. */
  const skipArgs = (i: number, n: number): number => {
    for (let k = 0; k < n; k++) {
      i = skipOptional(i);
      const j = skipBlanks(text, i);
      const g = group(text, j);
      if (g) i = g.end;
      else if (text.charCodeAt(j) === 0x5c) {
        let e = j + 1;
        while (e < text.length && isLetter(text.charCodeAt(e))) e++;
        i = e === j + 1 ? j + 2 : e;
      } else if (j < text.length && text.charCodeAt(j) !== 0x0a) i = j + 1;
      else return j;
    }
    return i;
  };

  const walk = (from: number, to: number, depth: number): void => {
    let plain = from;
    const flush = (at: number): void => {
      copy(plain, at);
    };
    // Blanks before a line or cell end are not typeset.
    const flushTrimmed = (at: number): void => {
      let k = at;
      while (k > plain && (text.charCodeAt(k - 1) === 0x20 || text.charCodeAt(k - 1) === 0x09)) k--;
      copy(plain, k);
    };
    /** Where blanks on the line after `at` end (a new line or cell starts there). */
    const blanksAfter = (at: number): number => {
      while (at < to && (text.charCodeAt(at) === 0x20 || text.charCodeAt(at) === 0x09)) at++;
      return at;
    };
    for (let i = from; i < to; ) {
      const c = text.charCodeAt(i);
      if (c === 0x25 /* % */) {
        // A comment runs to its line's end and eats the line break and the next line's blanks.
        flush(i);
        changed = true;
        let e = text.indexOf('\n', i);
        if (e < 0 || e >= to) e = to;
        else {
          e++;
          while (e < to && (text.charCodeAt(e) === 0x20 || text.charCodeAt(e) === 0x09)) e++;
        }
        i = plain = e;
        continue;
      }
      if (c === 0x0a || c === 0x0d) {
        // A blank line ends the paragraph; a single line break is a blank, nothing between CJK characters.
        flush(i);
        let e = i;
        let newlines = 0;
        while (e < to) {
          const d = text.charCodeAt(e);
          if (d === 0x0a) newlines++;
          else if (d !== 0x0d && d !== 0x20 && d !== 0x09) break;
          e++;
        }
        if (newlines > 1 || e >= to) lineEnd(i, e);
        else {
          changed = true;
          if (!(isCjk(last) && isCjk(text.charCodeAt(e))) && last !== 0x20 && last !== 0x0a) put(' ', i, e);
        }
        i = plain = e;
        continue;
      }
      if (c === 0x7b || c === 0x7d || c === 0x24 /* $ */) {
        flush(i);
        changed = true;
        i = plain = i + 1;
        continue;
      }
      if (c === 0x7e /* ~ */) {
        flush(i);
        changed = true;
        put(' ', i, i + 1);
        i = plain = i + 1;
        continue;
      }
      if (c === 0x26 /* & */) {
        flushTrimmed(i);
        changed = true;
        out.cellBreak(i, i + 1);
        last = 0x09;
        i = plain = blanksAfter(i + 1);
        continue;
      }
      if (c === 0x5e /* ^ */ && text.charCodeAt(i + 1) === 0x5e) {
        // TeX's ^^ notation: ^^e6^^9c^^ba is the bytes of 机 (UTF-8 input), ^^^^673a the character (XeTeX, LuaTeX).
        const m = /\^\^\^\^([0-9a-f]{4})|(?:\^\^[0-9a-f]{2})+/y;
        m.lastIndex = i;
        const r = m.exec(text);
        const v = r ? (r[1] !== undefined ? String.fromCharCode(parseInt(r[1], 16)) : caretBytes(r[0])) : undefined;
        if (r && v !== undefined && r.index + r[0].length <= to) {
          flush(i);
          changed = true;
          put(v, i, i + r[0].length);
          i = plain = i + r[0].length;
          continue;
        }
      }
      if (c !== 0x5c /* \ */) {
        i++;
        continue;
      }
      changed = true;
      let e = i + 1;
      while (e < to && isLetter(text.charCodeAt(e))) e++;
      const word = text.slice(i + 1, e);
      const ending = e === i + 1 ? '\\[]'.includes(text[i + 1] ?? '') : word === 'begin' || word === 'end' || LINE_ENDS.has(word) || OWN_LINE.has(word);
      if (ending) flushTrimmed(i);
      else flush(i);
      if (e === i + 1) {
        // A control symbol: \\ ends a line, \[ \] set display math apart, \% \& \# \_ \{ \} \$ are the character.
        const s = text[i + 1] ?? '';
        let next = Math.min(i + 2, to);
        if (s === '\\') {
          if (text[next] === '*') next++;
          next = skipOptional(next);
          lineEnd(i, next);
          next = blanksAfter(next);
        } else if (s === '[' || s === ']') lineEnd(i, next);
        else if ('%&#_{}$'.includes(s) && s) put(s, i, next);
        else if (s === ' ' || s === ',' || s === ';' || s === ':') put(' ', i, next);
        i = plain = next;
        continue;
      }
      const name = text.slice(i + 1, e);
      // Blanks after a control word are not typeset.
      let after = e;
      while (after < to && (text.charCodeAt(after) === 0x20 || text.charCodeAt(after) === 0x09)) after++;
      if (name === 'begin' || name === 'end') {
        const g = group(text, after);
        const env = g ? text.slice(g.from, g.to).trim() : '';
        let next = g ? g.end : after;
        lineEnd(i, next);
        if (name === 'begin' && g) {
          next = skipOptional(next);
          next = skipArgs(next, ENV_ARGS.get(env) ?? 0);
          if (VERBATIM.has(env)) {
            const close = text.indexOf(`\\end{${env}}`, next);
            const stop = close < 0 || close > to ? to : close;
            copy(next, stop);
            next = stop;
          }
        }
        i = plain = blanksAfter(next);
        continue;
      }
      if (name === 'verb' || name === 'lstinline') {
        const d = text[e];
        const close = d ? text.indexOf(d, e + 1) : -1;
        if (d && close > 0 && close < to && !text.slice(e + 1, close).includes('\n')) {
          copy(e + 1, close);
          i = plain = close + 1;
          continue;
        }
      }
      if (name === 'newcommand' || name === 'renewcommand' || name === 'providecommand' || name === 'def' || name === 'gdef' || name === 'edef' || name === 'xdef' || name === 'DeclareRobustCommand') {
        // \newcommand{\mj}{…} / \newcommand\mj{…} / \def\mj{…}: remembered, not typeset here.
        let j = after;
        if (text[j] === '*') j++;
        let macro: string | undefined;
        const g = group(text, j);
        const at = g ? skipBlanks(text, g.from) : j;
        if (text.charCodeAt(at) === 0x5c) {
          let k = at + 1;
          while (k < to && isLetter(text.charCodeAt(k))) k++;
          macro = text.slice(at + 1, k === at + 1 ? at + 2 : k);
          j = g ? g.end : k;
        }
        const params = skipOptional(j);
        const hasParams = params !== j || (name.endsWith('def') && /^\s*#/.test(text.slice(j, j + 4)));
        let bodyAt = j;
        if (name.endsWith('def')) while (bodyAt < to && text.charCodeAt(bodyAt) !== 0x7b) bodyAt++;
        const body = group(text, skipBlanks(text, name.endsWith('def') ? bodyAt : params));
        if (macro && body && !hasParams) macros.set(macro, { from: body.from, to: body.to });
        i = plain = body ? body.end : params;
        continue;
      }
      const macro = macros.get(name);
      if (macro && depth < MAX_DEPTH && expanded + (macro.to - macro.from) <= MAX_EXPANDED) {
        expanded += macro.to - macro.from;
        walk(macro.from, macro.to, depth + 1);
        i = plain = after;
        continue;
      }
      if (LINE_ENDS.has(name)) {
        lineEnd(i, after);
        let next = after;
        if (text[next] === '*') next++;
        // An item's label is typeset; other commands' optional arguments are not.
        if (name !== 'item') next = skipOptional(next);
        i = plain = next;
        continue;
      }
      if (OWN_LINE.has(name)) {
        lineEnd(i, after);
        let next = after;
        if (text[next] === '*') next++;
        next = skipOptional(next);
        const g = group(text, skipBlanks(text, next));
        if (g) {
          walk(g.from, g.to, depth);
          lineEnd(g.to, g.end);
          next = g.end;
        }
        i = plain = next;
        continue;
      }
      if (name === 'char' || name === 'symbol') {
        // \char"673A, \char26426, \symbol{26426}, \symbol{"673A}: the character of that code (a Unicode engine's font).
        const g = name === 'symbol' ? group(text, after) : undefined;
        const m = /^(?:"([0-9A-Fa-f]{1,6})|'([0-7]{1,8})|([0-9]{1,7}))/.exec(g ? text.slice(g.from, g.to).trim() : text.slice(after, after + 10));
        const cp = m ? parseInt(m[1] ?? m[2] ?? m[3], m[1] !== undefined ? 16 : m[2] !== undefined ? 8 : 10) : 0;
        if (m && cp > 0x20 && cp <= 0x10ffff) {
          const end = g ? g.end : after + m[0].length;
          put(String.fromCodePoint(cp), i, end);
          i = plain = end;
          continue;
        }
      }
      const symbol = SYMBOLS[name];
      if (symbol !== undefined) {
        put(symbol, i, e);
        i = plain = after;
        continue;
      }
      const silent = SILENT_ARGS.get(name);
      if (silent !== undefined) {
        let next = after;
        if (text[next] === '*') next++;
        next = skipOptional(next);
        next = skipArgs(next, silent);
        i = plain = next;
        continue;
      }
      // Any other control word (\textbf, \heiti, \hfill, \noindent) typesets nothing of its own:
      // what its arguments hold is read where it stands.
      i = plain = after;
    }
    flush(to);
  };
  walk(0, text.length, 0);
  return changed ? out.part(lineStarts) : undefined;
}
