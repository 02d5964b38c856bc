/**
 * Built JavaScript with every character above U+00FF written as a `\u` escape. V8 keeps each
 * module's source in memory for lazy compilation, one byte per character when every character is
 * at most U+00FF and two bytes otherwise: one 机 in a comment doubles what a file costs in every
 * thread that loads it. Escaping is the same program (in strings, templates, regular expressions,
 * identifiers and comments alike), and a file is rewritten only when that makes it smaller.
 */

/**
 * `text` with each UTF-16 unit above U+00FF written as `\uXXXX` (a surrogate pair as two, which
 * every context reads back as the pair). A wide character escaped by an odd run of backslashes
 * (`\机`, an identity escape) loses that backslash, so the escape is not itself escaped.
 */
export function escapeWide(text) {
  let out = '';
  let from = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c <= 0xff) continue;
    let slashes = 0;
    while (i - 1 - slashes >= from && text.charCodeAt(i - 1 - slashes) === 0x5c) slashes++;
    out += text.slice(from, slashes % 2 ? i - 1 : i) + '\\u' + c.toString(16).padStart(4, '0');
    from = i + 1;
  }
  return from === 0 ? text : out + text.slice(from);
}

/** The text to write: escaped when that is smaller as V8 holds it (one byte a character against two), else unchanged. */
export function oneByteSource(text) {
  let wide = 0;
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0xff) wide++;
  if (wide === 0) return text;
  const escaped = escapeWide(text);
  return escaped.length < 2 * text.length ? escaped : text;
}
