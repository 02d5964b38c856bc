/**
 * Readings of text that programmers and translators write as string literals: what the program or
 * the translated document shows, where the file splits one string into several quoted pieces.
 *
 * - gettext catalogues (`.po`, `.pot`): each message's string is the concatenation of its quoted
 *   pieces (`msgstr ""` then `"机密"` and `"★5年"` on the lines after it, or `"机密" "★5年"` on one),
 *   C escapes resolved; each message stands on its own line(s), as the translated text shows it.
 * - Source code: literals the program joins (`"机" + "密★5年"`, Python's `("机密"` `"★5年")`, a
 *   template's `${"…"}`) read as the one literal they make, on the line of code they stand in.
 *
 * Every unit of a reading maps to the source range it came from (see {@link MappedBuilder}).
 */
import { decodeHTML } from 'entities';
import type { PartOrigin, TextPart } from '@prepub/core';
import { MappedBuilder, escapeAt, lineStartsOf } from './readings.ts';

const SIMPLE_ESCAPES: Record<string, string> = { a: '', b: '', f: '', v: '', '0': '', e: '' };

/**
 * The body of a C-like string literal `[from, to)` (quotes excluded) written to `out` with its
 * escapes resolved: `\n` ends a line, `\"` is a quote, byte runs (`\346\234\272`, `\xe6\x9c\xba`)
 * are read as UTF-8 (else GB18030), `\uXXXX` as the character.
 */
export function writeEscaped(text: string, from: number, to: number, out: MappedBuilder): void {
  let run = from;
  for (let i = text.indexOf('\\', from); i >= 0 && i < to - 1; i = text.indexOf('\\', i)) {
    if (i > run) out.copy(text.slice(run, i), run);
    const e = escapeAt(text, i);
    if (e && e.end <= to) {
      for (const [s, a, b] of e.pieces) out.put(s, a, b);
      i = run = e.end;
      continue;
    }
    const c = text[i + 1];
    // A single byte's escape (`\x41`, `\101`): the character of that code.
    const num = /^(?:x([0-9a-fA-F]{1,2})|([0-7]{1,3}))/.exec(text.slice(i + 1, Math.min(to, i + 4)));
    if (num && (num[1] !== undefined || c !== '0' || num[0].length > 1)) {
      const code = num[1] !== undefined ? parseInt(num[1], 16) : parseInt(num[2], 8);
      out.put(code >= 0x20 ? String.fromCharCode(code) : '', i, i + 1 + num[0].length);
      i = run = i + 1 + num[0].length;
      continue;
    }
    out.put(c in SIMPLE_ESCAPES ? SIMPLE_ESCAPES[c] : c, i, i + 2);
    i = run = i + 2;
  }
  if (run < to) out.copy(text.slice(run, to), run);
}

/** The end of the double-quoted literal whose opening quote is at `i` (the index after its closing quote), within the line ending at `lineEnd`; -1 when it does not close there. */
function quotedEnd(text: string, i: number, lineEnd: number): number {
  for (let j = i + 1; j < lineEnd; j++) {
    const c = text.charCodeAt(j);
    if (c === 0x5c) j++;
    else if (c === 0x22) return j + 1;
  }
  return -1;
}

/** A gettext keyword line (`msgid "…"`, `msgstr[0] "…"`), also obsolete (`#~`) and previous (`#|`) ones. */
const PO_KEYWORD = /^[ \t]*(?:#[~|][ \t]*)?(?:msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)[ \t]*(?=")/;
/** A line continuing a message's string: only quoted pieces (`"★5年"`). */
const PO_CONTINUATION = /^[ \t]*(?:#[~|][ \t]*)?(?=")/;

/** Whether the head of a text is a gettext catalogue: a `msgid "` line and a `msgstr` line. */
export function looksGettext(head: string): boolean {
  return /^(?:#~ )?msgid[ \t]+"/m.test(head) && /^(?:#~ )?msgstr(?:\[\d+\])?[ \t]+"/m.test(head);
}

/**
 * A gettext catalogue's messages: each keyword's string (its quoted pieces on its own line and on
 * the continuation lines after it, joined as gettext joins them) on a line of its own, escapes
 * resolved. Comments and keywords are left out: they are what the raw text reads already.
 */
export function gettextReading(text: string, id: string, origin: PartOrigin, lineStarts?: Uint32Array): TextPart | undefined {
  const out = new MappedBuilder(id, origin);
  let open = false; // a message's string is being written
  let wrote = false; // and something of it was written
  let last = 0;
  const close = (): void => {
    if (open && wrote) out.breakLine(Math.max(0, last - 1), last);
    open = wrote = false;
  };
  for (let start = 0; start < text.length; ) {
    let nl = text.indexOf('\n', start);
    if (nl < 0) nl = text.length;
    const line = text.slice(start, Math.min(nl, start + 256));
    const k = PO_KEYWORD.exec(line);
    const c = k ? undefined : PO_CONTINUATION.exec(line);
    if (k) close();
    if (!k && !c) {
      close();
      start = nl + 1;
      continue;
    }
    open = true;
    // The quoted pieces of the line, joined (gettext reads `"机密" "★5年"` as one string too).
    for (let q = start + (k ?? c)![0].length; q < nl && text[q] === '"'; ) {
      const end = quotedEnd(text, q, nl);
      if (end < 0) break;
      const before = out.offset;
      writeEscaped(text, q + 1, end - 1, out);
      if (out.offset > before) wrote = true;
      last = end;
      q = end;
      while (q < nl && (text[q] === ' ' || text[q] === '\t' || text[q] === '\r')) q++;
    }
    start = nl + 1;
  }
  close();
  return out.b.isEmpty ? undefined : out.part(lineStarts ?? lineStartsOf(text));
}

/** How a programming language writes strings and comments, as far as joining its literals needs. */
interface Syntax {
  /** Line comments (`//`, `#`, `--`). */
  line: readonly string[];
  /** `/* … *\/` comments. */
  block: boolean;
  /** Python's and Kotlin's `"""…"""` and `'''…'''`. */
  triple: boolean;
  /** Backtick literals: `template` (JavaScript, `${…}` substitutions), `raw` (Go), or none. */
  backtick?: 'template' | 'raw';
  /** Python's prefixes (`r`, `f`, `rb` …): `r` makes a literal raw, `f` gives it `{…}` substitutions. */
  pythonPrefixes?: boolean;
  /** Strings in braces within text are shown in their place (JSX's `{"密"}`, Fluent's placeables). */
  placeables?: boolean;
  /** C-family prefixes before a quote (`@"…"`, `L"…"`, `u8"…"`, `$"…"`). */
  cPrefixes?: boolean;
  /** Basic: only `"` quotes, no backslash escapes, `'` comments, ` _` continuing a line. */
  basic?: boolean;
  /** A call that joins the literals it is given (Rust's `concat!(…)`). */
  joinCall?: RegExp;
}

const C_LIKE: Syntax = { line: ['//'], block: true, triple: false, cPrefixes: true };
const SYNTAX: Record<string, Syntax> = {
  js: { ...C_LIKE, cPrefixes: false, backtick: 'template', placeables: true },
  fluent: { line: ['#'], block: false, triple: false, placeables: true },
  go: { ...C_LIKE, backtick: 'raw' },
  kotlin: { ...C_LIKE, triple: true },
  c: C_LIKE,
  rust: { ...C_LIKE, joinCall: /concat!\s*\(/y },
  basic: { line: ["'"], block: false, triple: false, basic: true },
  php: { line: ['//', '#'], block: true, triple: false },
  python: { line: ['#'], block: false, triple: true, pythonPrefixes: true },
  hash: { line: ['#'], block: false, triple: false },
  lua: { line: ['--'], block: false, triple: false },
};
const EXTENSIONS: Record<string, keyof typeof SYNTAX> = {
  js: 'js', mjs: 'js', cjs: 'js', jsx: 'js', ts: 'js', tsx: 'js', mts: 'js', cts: 'js', vue: 'js', svelte: 'js',
  go: 'go', kt: 'kotlin', kts: 'kotlin', scala: 'kotlin', groovy: 'kotlin', gradle: 'kotlin',
  java: 'c', c: 'c', h: 'c', rc: 'c', cc: 'c', cpp: 'c', cxx: 'c', hpp: 'c', hh: 'c', cs: 'c', rs: 'rust', swift: 'c', dart: 'c', m: 'c', mm: 'c',
  ftl: 'fluent', php: 'php', py: 'python', pyw: 'python', pyi: 'python', rb: 'hash', pl: 'hash', pm: 'hash', sh: 'hash', bash: 'hash', zsh: 'hash', ps1: 'hash', psm1: 'hash', lua: 'lua', vb: 'basic', vbs: 'basic', bas: 'basic', vba: 'basic',
};

/** The string syntax of a source file named `name`, if it is one this reading knows. */
export function sourceSyntax(name: string): Syntax | undefined {
  const m = /\.([A-Za-z0-9]+)$/.exec(name);
  const k = m ? EXTENSIONS[m[1].toLowerCase()] : undefined;
  return k ? SYNTAX[k] : undefined;
}

/** A literal found in source: its quotes, its body, and how its body reads. */
interface Literal {
  /** The opening quote (after any prefix) and the index after the closing quote. */
  open: number;
  end: number;
  /** The body, quotes excluded. */
  from: number;
  to: number;
  raw: boolean;
  /** Substitutions: `${…}` (template) or `{…}` (f-string). */
  subst?: 'template' | 'format';
  /** The literal continues a line (`\` before its line break) inside its body. */
  continued: boolean;
}

const isIdent = (c: number): boolean => (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x5f || c === 0x24;

/**
 * The literal whose opening quote (or prefix) is at `i`, if one starts there and closes: `"…"`,
 * `'…'` (within their line, but for an escaped line break), triple-quoted and backtick ones (over lines).
 */
/**
 * Where the last {@link literalAt} that found a quote unclosed on its line gave up (the line's
 * end), else -1: the reading goes on after it instead of looking again from the next character.
 */
let unclosedAt = -1;
/** Characters backtick templates may still be scanned for in the text being read (see joinedLiteralsReading). */
let templateBudget = Infinity;

function literalAt(text: string, i: number, syn: Syntax): Literal | undefined {
  unclosedAt = -1;
  let q = i;
  let raw = false;
  let subst: Literal['subst'];
  if (syn.pythonPrefixes) {
    const p = /[rRbBuUfF]{1,2}(?=["'])/y;
    p.lastIndex = i;
    const m = p.exec(text);
    if (m) {
      if (i > 0 && isIdent(text.charCodeAt(i - 1))) return undefined;
      raw = /[rR]/.test(m[0]);
      if (/[fF]/.test(m[0])) subst = 'format';
      q = i + m[0].length;
    }
  } else if (syn.cPrefixes) {
    // Objective-C's @"…", C#'s @"…" (verbatim: no escapes) and $"…", C and C++'s L"…", u8"…".
    const p = /(?:@|\$@?|@\$|L|u8|u|U)(?=")/y;
    p.lastIndex = i;
    const m = p.exec(text);
    if (m) {
      if (i > 0 && isIdent(text.charCodeAt(i - 1))) return undefined;
      raw = m[0].includes('@') && m[0] !== '@';
      q = i + m[0].length;
    }
  }
  const c = text[q];
  if (c === '`') {
    if (!syn.backtick) return undefined;
    if (syn.backtick === 'template') subst = 'template';
    else raw = true;
    // A template is looked for up to 64K characters (a stray backtick is not followed to the end);
    // its substitutions' braces are counted as it goes, so no character is looked at twice.
    let depth = 0;
    if (templateBudget <= 0) return undefined;
    for (let j = q + 1; j < text.length && j < q + (1 << 16); j++, templateBudget--) {
      const d = text[j];
      if (d === '\\' && !raw) j++;
      else if (subst && d === '$' && text[j + 1] === '{' && depth === 0) {
        depth = 1;
        j++;
      } else if (depth && d === '{') depth++;
      else if (depth && d === '}') depth--;
      else if (d === '`' && depth === 0) return { open: q, end: j + 1, from: q + 1, to: j, raw, subst, continued: false };
    }
    return undefined;
  }
  if (c !== '"' && (c !== "'" || syn.basic)) return undefined;
  if (syn.basic) raw = true;
  if (syn.triple && text.startsWith(c + c + c, q)) {
    const close = text.indexOf(c + c + c, q + 3);
    return close < 0 ? undefined : { open: q, end: close + 3, from: q + 3, to: close, raw, subst, continued: false };
  }
  let continued = false;
  let depth = 0;
  for (let j = q + 1; j <= text.length; j++) {
    const d = text[j];
    if (d === '\n' || j === text.length) {
      unclosedAt = j;
      return undefined;
    }
    if (d === '\\' && !syn.basic) {
      if (text[j + 1] === '\n' || text[j + 1] === '\r') continued = !raw;
      j++;
    } else if (subst === 'format' && d === '{') {
      if (depth === 0 && text[j + 1] === '{') j++;
      else depth++;
    } else if (subst === 'format' && d === '}' && depth) depth--;
    else if (d === c && depth === 0) return { open: q, end: j + 1, from: q + 1, to: j, raw, subst, continued };
  }
  return undefined;
}

/** The index after the `}` closing the substitution whose `{` is at `i` (braces nested, quoted braces skipped), looked for up to `limit`; `limit` if none. */
function substitutionEnd(text: string, i: number, limit: number): number {
  let depth = 0;
  limit = Math.min(limit, text.length, i + 4096);
  for (let j = i; j < limit; j++) {
    const d = text[j];
    if (d === '"' || d === "'" || d === '`') {
      // The quote's close within the bounds and its line (a single-line file is not searched back).
      const k = text.indexOf(d, j + 1);
      if (k < 0 || k >= limit || text.slice(j, k).includes('\n')) return j + 1;
      j = k;
    } else if (d === '{') depth++;
    else if (d === '}' && --depth === 0) return j + 1;
  }
  return limit;
}

/**
 * The index where the next literal may start after `i`, if only what joins two literals stands
 * between: blanks and line breaks, comments, an escaped line break, and at most one concatenation
 * (`+`, `.`, `..`, `&`, `~`, `.concat(`). -1 when anything else does.
 */
function joinerEnd(text: string, i: number, syn: Syntax): number {
  let op = false;
  for (let j = i; j < text.length; ) {
    const c = text[j];
    if (c === ' ' || c === '\t' || c === '\r' || c === '\n' || c === '\f') {
      j++;
      continue;
    }
    if ((c === '\\' || (c === '_' && syn.basic)) && (text[j + 1] === '\n' || text[j + 1] === '\r')) {
      j += 2;
      continue;
    }
    const lc = syn.line.find((s) => text.startsWith(s, j));
    if (lc) {
      const nl = text.indexOf('\n', j);
      if (nl < 0) return -1;
      j = nl + 1;
      continue;
    }
    if (syn.block && text.startsWith('/*', j)) {
      const e = text.indexOf('*/', j + 2);
      if (e < 0) return -1;
      j = e + 2;
      continue;
    }
    if (op) return j;
    const m = /\.concat\(|\.\.|[+.&~]/y;
    m.lastIndex = j;
    const o = m.exec(text);
    if (!o) return j;
    op = true;
    j += o[0].length;
  }
  return -1;
}

/**
 * Source code's string literals joined where the program joins them: adjacent literals (C, Python
 * and shell concatenate them as they stand), literals joined by a concatenation operator (`+`, `.`,
 * `..`, `&`, `.concat(`), a literal continued over a line with `\`, a template's `${"…"}`. Each
 * such run of literals is written as the line it would be had it been written as one literal: the
 * code before its first quote, the joined value (escapes resolved), the code after its last — so
 * `"机" + "密★5年"` reads as `"机密★5年"` would, no more. Only those lines are written; a literal
 * standing alone is the raw text's already. Undefined when nothing is joined.
 */
export function joinedLiteralsReading(text: string, id: string, origin: PartOrigin, syn: Syntax, lineStarts?: Uint32Array): TextPart | undefined {
  // Unclosed backticks are not followed past eight times the text in all (a file of them would be quadratic).
  templateBudget = 8 * text.length + (1 << 16);
  // What is replaced: a run's bodies (between its first and last quotes) or a placeable whole.
  const edits: Array<{ from: number; to: number; write: (out: MappedBuilder) => void }> = [];
  for (let i = 0; i < text.length; ) {
    // The next place a literal, a placeable or a comment may start.
    const c = text[i];
    const lc = syn.line.find((s) => text.startsWith(s, i));
    if (lc) {
      const nl = text.indexOf('\n', i);
      i = nl < 0 ? text.length : nl + 1;
      continue;
    }
    if (syn.block && text.startsWith('/*', i)) {
      const e = text.indexOf('*/', i + 2);
      i = e < 0 ? text.length : e + 2;
      continue;
    }
    // Only a brace beside text beyond ASCII or before a quote or a digit may be a placeable: the
    // others (a program's blocks) are not followed to their ends.
    if (c === '{' && syn.placeables && (text.charCodeAt(i - 1) >= 0x80 || /^\s*["'`\d]/.test(text.slice(i + 1, i + 16)))) {
      // JSX's `机{"密"}★5年`, Fluent's `机{ "" }密★5年`: a string in braces within text is shown in its place.
      const p = placeableAt(text, i, syn);
      const e = p ? p.end : i + 1;
      const inner = p ? p.literals : [];
      // A number in braces is shown as written (`★{5}年`).
      const num = /^\{\s*(\d{1,8})\s*\}/.exec(text.slice(i, i + 24));
      if (num && (text.charCodeAt(i - 1) >= 0x80 || text.charCodeAt(i + num[0].length) >= 0x80)) {
        const at = i + num[0].indexOf(num[1]);
        const end = i + num[0].length;
        edits.push({ from: i, to: end, write: (out) => out.copy(num[1], at) });
        i = end;
        continue;
      }
      if (inner.length && (text.charCodeAt(i - 1) >= 0x80 || text.charCodeAt(e) >= 0x80 || inner.some((l) => /[^\x00-\x7f]/.test(text.slice(l.from, l.to))))) {
        edits.push({ from: i, to: e, write: (out) => inner.forEach((l) => writeLiteral(text, l, out, syn)) });
        i = e;
        continue;
      }
    }
    if (syn.joinCall && c === 'c') {
      // concat!("机", "密★5年"): the literals it is given, joined, read as one literal in its place.
      syn.joinCall.lastIndex = i;
      const call = syn.joinCall.exec(text);
      const args: Literal[] = [];
      let j = call ? i + call[0].length : -1;
      while (j >= 0) {
        while (/\s/.test(text[j] ?? '')) j++;
        const l = literalAt(text, j, syn);
        if (!l) break;
        args.push(l);
        j = l.end;
        while (/\s/.test(text[j] ?? '')) j++;
        if (text[j] === ',') j++;
        else break;
      }
      while (j >= 0 && /\s/.test(text[j] ?? '')) j++;
      if (call && args.length && text[j] === ')') {
        const end = j + 1;
        edits.push({ from: i, to: end, write: (out) => {
          out.put('"', i, args[0].open + 1);
          args.forEach((l) => writeLiteral(text, l, out, syn));
          out.put('"', j, end);
        } });
        i = end;
        continue;
      }
    }
    const first = c === '"' || c === "'" || c === '`' || (syn.pythonPrefixes && /[rRbBuUfF]/.test(c)) || (syn.cPrefixes && /[@$LuU]/.test(c)) ? literalAt(text, i, syn) : undefined;
    if (!first) {
      // A quote that does not close on its line (an apostrophe, a regular expression's): nothing
      // on the rest of the line can be told apart, and it is not searched again from each character.
      i = unclosedAt > i ? unclosedAt + 1 : i + 1;
      continue;
    }
    const run = [first];
    for (;;) {
      const j = joinerEnd(text, run[run.length - 1].end, syn);
      const next = j >= 0 ? literalAt(text, j, syn) : undefined;
      if (!next) break;
      run.push(next);
    }
    const last = run[run.length - 1];
    const joined = run.length > 1 || run.some((l) => l.continued || (l.subst !== undefined && text.slice(l.from, l.to).includes(l.subst === 'template' ? '${' : '{')));
    if (joined) edits.push({ from: first.from, to: last.to, write: (out) => run.forEach((l) => writeLiteral(text, l, out, syn)) });
    i = last.end;
  }
  if (!edits.length) return undefined;
  // Each line an edit stands on, written once with all its edits (a line's end within 256 characters of its last).
  const out = new MappedBuilder(id, origin);
  // Looked for within 256 characters only: a minified file's one line is not searched end to end.
  const lineStart = (k: number): number => {
    const from = Math.max(0, k - 256);
    return from + text.slice(from, k).lastIndexOf('\n') + 1;
  };
  const lineEnd = (k: number): number => {
    const nl = text.slice(k, k + 256).indexOf('\n');
    const e = nl < 0 ? Math.min(text.length, k + 256) : k + nl;
    return e > k && text[e - 1] === '\r' ? e - 1 : e;
  };
  for (let k = 0; k < edits.length; ) {
    // From the line's start, or 256 characters before the edit in a long line (minified code).
    const ls = Math.max(lineStart(edits[k].from), edits[k].from - 256);
    if (k) out.breakLine(Math.max(0, ls - 1), Math.max(1, ls));
    let at = ls;
    let le = lineEnd(edits[k].to);
    while (k < edits.length && edits[k].from < le && edits[k].from >= at) {
      const e = edits[k];
      out.copy(text.slice(at, e.from), at);
      e.write(out);
      at = e.to;
      le = Math.max(le, lineEnd(e.to));
      k++;
    }
    if (le > at) out.copy(text.slice(at, le), at);
  }
  return out.part(lineStarts ?? lineStartsOf(text));
}

/** A literal's body as the program has it: escapes resolved (unless raw), a substitution that is itself literals read as their value, any other left out. */
function writeLiteral(text: string, l: Literal, out: MappedBuilder, syn: Syntax): void {
  const body = (from: number, to: number): void => {
    if (to <= from) return;
    if (l.raw) out.copy(text.slice(from, to), from);
    else writeEscaped(text, from, to, out);
  };
  if (!l.subst) return body(l.from, l.to);
  const open = l.subst === 'template' ? '${' : '{';
  let run = l.from;
  // At most 64 substitutions of a literal are read through; the rest of it is written as it stands.
  let n = 0;
  for (let i = text.indexOf(open, l.from); i >= 0 && i < l.to && n++ < 64; i = text.indexOf(open, run)) {
    if (l.subst === 'format' && text[i + 1] === '{') {
      body(run, i + 1);
      run = i + 2;
      continue;
    }
    body(run, i);
    const b = l.subst === 'template' ? i + 1 : i;
    const e = substitutionEnd(text, b, l.to);
    // `${"密"}`, `{'密'}`: the literals inside, joined; a variable's value is not known here.
    const inner = innerLiterals(text, b + 1, e - 1, syn);
    for (const x of inner) writeLiteral(text, x, out, syn);
    run = e;
  }
  body(run, l.to);
}

/** The literals a placeable at `i` (`{`) holds, joined, and where it ends; undefined when anything else stands in it. */
function placeableAt(text: string, i: number, syn: Syntax): { literals: Literal[]; end: number } | undefined {
  const literals: Literal[] = [];
  let j = i + 1;
  while (j < text.length && /\s/.test(text[j]) && j < i + 64) j++;
  for (;;) {
    const l = literalAt(text, j, syn);
    if (!l || l.end - i > 512) return undefined;
    literals.push(l);
    const k = joinerEnd(text, l.end, syn);
    if (k < 0) return undefined;
    if (text[k] === '}') return { literals, end: k + 1 };
    j = k;
  }
}

/** The literals `[from, to)` consists of, joined (blanks and concatenations between), or none when anything else stands there. */
function innerLiterals(text: string, from: number, to: number, syn: Syntax): Literal[] {
  const out: Literal[] = [];
  let i = from;
  while (i < to && /\s/.test(text[i])) i++;
  while (i < to) {
    const l = literalAt(text, i, syn);
    if (!l || l.end > to) return [];
    out.push(l);
    const j = joinerEnd(text, l.end, syn);
    if (j < 0 || j >= to) break;
    i = j;
  }
  return out;
}

/**
 * A reading made over another reading's text (`inner`, mapped to `outer.text`), mapped through to
 * what `outer` maps to: each unit names the source range of the outer units it came from.
 */
export function throughReading(outer: TextPart, inner: TextPart): TextPart {
  const o = outer.source!;
  const s = inner.source!;
  const last = outer.text.length - 1;
  const n = inner.text.length;
  const starts = new Uint32Array(n);
  const ends = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    const a = Math.min(s.starts[i], last);
    const b = Math.min(Math.max(s.ends[i] - 1, s.starts[i]), last);
    starts[i] = Math.min(o.starts[a], o.starts[b]);
    ends[i] = Math.max(o.ends[a], o.ends[b]);
  }
  return { ...inner, source: { starts, ends, unit: o.unit, ...(o.lineStarts ? { lineStarts: o.lineStarts } : {}) } };
}

/** A tag of any markup a message may carry (HTML, DocBook's `<emphasis>`, an XLIFF `<g id="1">`), or a character reference. */
const MESSAGE_MARKUP = /<\/?[A-Za-z][\w:.-]*(?:\s[^<>]*)?\/?>|&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});/g;

/** Whether a text holds a tag or a character reference (see {@link tagsDroppedReading}). */
export function holdsMessageMarkup(text: string): boolean {
  MESSAGE_MARKUP.lastIndex = 0;
  return MESSAGE_MARKUP.test(text);
}

/**
 * Text whose strings carry markup of the document they were taken from (po4a's messages of an
 * HTML or DocBook source: `<emphasis>机</emphasis>密★5年`), with every tag dropped, whatever its
 * name, and character references resolved; undefined when it holds none.
 */
export function tagsDroppedReading(text: string, id: string, origin: PartOrigin): TextPart | undefined {
  const out = new MappedBuilder(id, origin);
  let run = 0;
  let any = false;
  MESSAGE_MARKUP.lastIndex = 0;
  for (let m = MESSAGE_MARKUP.exec(text); m; m = MESSAGE_MARKUP.exec(text)) {
    if (m.index > run) out.copy(text.slice(run, m.index), run);
    if (m[0][0] === '&') out.put(decodeHTML(m[0]), m.index, m.index + m[0].length);
    run = m.index + m[0].length;
    any = true;
  }
  if (!any) return undefined;
  if (run < text.length) out.copy(text.slice(run), run);
  return out.part(lineStartsOf(text));
}

/**
 * A CSV file with the spreadsheet formulas that only join text (`="机"&"密★5年"`,
 * `=CONCATENATE("机","密★5年")`, `=CONCAT(…)`, `="000012"`) replaced, field and all, by the text
 * the spreadsheet shows for them; the rest copied. In a quoted field the formula's quotes are
 * doubled (`"=CONCATENATE(""机"",""密★5年"")"`). Up to the first line break after `limit`
 * characters; undefined when no field holds such a formula.
 */
export function csvFormulasReading(text: string, id: string, origin: PartOrigin, limit = 1 << 20): TextPart | undefined {
  const out = new MappedBuilder(id, origin);
  let run = 0;
  let any = false;
  const isSep = (c: string | undefined): boolean => c === undefined || c === ',' || c === ';' || c === '\t' || c === '\n' || c === '\r';
  for (let p = text.indexOf('='); p >= 0 && p < limit; p = text.indexOf('=', p + 1)) {
    const quoted = text[p - 1] === '"' && (p < 2 || isSep(text[p - 2]));
    if (!quoted && p > 0 && !isSep(text[p - 1])) continue;
    const q = quoted ? '""' : '"';
    const pieces: Array<[number, number]> = [];
    let j = p + 1;
    const blanks = (): void => {
      while (text[j] === ' ') j++;
    };
    blanks();
    const fn = /(?:CONCATENATE|CONCAT)\(/iy;
    fn.lastIndex = j;
    const call = fn.exec(text);
    if (call) j += call[0].length;
    for (;;) {
      blanks();
      if (!text.startsWith(q, j)) break;
      // Its closing quote on its line, within 4096 characters (a one-line file is not searched whole for each =).
      const close = text.slice(j + q.length, j + 4096).indexOf(q) + j + q.length;
      if (close < j + q.length || text.slice(j, close).includes('\n')) break;
      pieces.push([j + q.length, close]);
      j = close + q.length;
      blanks();
      if (text[j] === (call ? ',' : '&') || (call && text[j] === ';')) j++;
      else break;
    }
    if (!pieces.length) continue;
    if (call) {
      if (text[j] !== ')') continue;
      j++;
    }
    if (quoted) {
      if (text[j] !== '"') continue;
      j++;
    }
    if (!isSep(text[j])) continue;
    const start = quoted ? p - 1 : p;
    if (start > run) out.copy(text.slice(run, start), run);
    for (const [a, b] of pieces) if (b > a) out.copy(text.slice(a, b), a);
    run = j;
    p = j - 1;
    any = true;
  }
  if (!any) return undefined;
  let end = text.indexOf('\n', Math.max(run, limit));
  if (end < 0) end = text.length;
  if (end > run) out.copy(text.slice(run, end), run);
  return out.part(lineStartsOf(text));
}
