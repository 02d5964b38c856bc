/**
 * Readings of text that programmers and translators write as string literals: what the program or
 * the translated document shows, where the file splits one string into several quoted pieces.
 *
 * - gettext catalogues (`.po`, `.pot`): each message's string is the concatenation of its quoted
 *   pieces (`msgstr ""` then `"机密"` and `"★5年"` on the lines after it, or `"机密" "★5年"` on one),
 *   C escapes resolved; each message stands on its own line(s), as the translated text shows it.
 *
 * Every unit of a reading maps to the source range it came from (see {@link MappedBuilder}).
 */
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
