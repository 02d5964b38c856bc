/**
 * Documentation written in the lightweight markups other than Markdown (reStructuredText,
 * AsciiDoc, Org, MediaWiki, Textile) as it is rendered: inline markers that stand against Chinese
 * text are dropped (`**机**\ 密★5年`, `*机*密★5年`, `'''机'''密★5年`, `=机=密★5年`,
 * `[red]#机#密★5年`), and the document's own text substitutions are expanded where they are used
 * (AsciiDoc's `:lv: 机密` … `{lv}★5年`, reStructuredText's `.. |lv| replace:: 机密` … `|lv|★5年`).
 * Markers between Latin words are left: they are what the raw text reads already. Mapped to the
 * text unit for unit; a substitution's characters map into its definition, where they are written.
 */
import { decodeHTML } from 'entities';
import type { PartOrigin, TextPart } from '@prepub/core';
import { MappedBuilder } from './readings.ts';

export const DOC_MARKUP_NAME = /\.(rst|rest|adoc|asciidoc|org|wiki|mediawiki|wikitext|textile|creole)$/i;

/** Ideographs, kana, hangul, full-width forms, CJK punctuation and the stars a mark is written with. */
function isCjk(c: number): boolean {
  return (c >= 0x2e80 && c <= 0x9fff) || (c >= 0xac00 && c <= 0xd7af) || (c >= 0xf900 && c <= 0xfaff) || (c >= 0xff00 && c <= 0xffef) || (c >= 0x3000 && c <= 0x303f) || c === 0x2605 || c === 0x2606;
}
const isEdge = (c: number): boolean => Number.isNaN(c) || c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;

/**
 * A run of inline markers: emphasis and code (`*`, `_`, `` ` ``, `=`, `~`, `+`, `/`, `^`, `#`),
 * MediaWiki's `''`/`'''`, reStructuredText's escaped blank (`\ `, which joins markup to a word),
 * an AsciiDoc role before a highlight (`[red]#`).
 */
const MARKERS = /(?:\\ |\[[\w .,-]{0,40}\]#|''+|[*_`=~+/^#])+/y;
/** A character reference (`&#x5BC6;`, `&amp;`), which the rendered page shows as its character. */
const REFERENCE = /&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});/y;
/** A substitution's use: `{name}` (AsciiDoc) or `|name|` (reStructuredText). */
const USE = /\{([\w-]{1,64})\}|\|([^|\n]{1,64})\|/y;

/**
 * The rendered reading (see the module's note); undefined when it is the text itself.
 */
export function docMarkupReading(text: string, id: string, origin: PartOrigin, lineStarts: Uint32Array): TextPart | undefined {
  const defs = new Map<string, { from: number; to: number }>();
  for (const m of text.matchAll(/^:([\w-]{1,64}):[ \t]+(\S[^\r\n]*)$|^\.\.[ \t]+\|([^|\n]{1,64})\|[ \t]+replace::[ \t]+(\S[^\r\n]*)$/gm)) {
    const name = m[1] !== undefined ? `{${m[1]}}` : `|${m[3]}|`;
    const value = (m[2] ?? m[4]).trimEnd();
    const from = m.index! + m[0].length - (m[2] ?? m[4]).length;
    defs.set(name, { from, to: from + value.length });
  }
  const out = new MappedBuilder(id, origin);
  let run = 0;
  let changed = false;
  // The last character the reading shows, where a substitution made it.
  let shown = NaN;
  /** The substitution used at `i`, if one is (not its definition: `.. |lv| replace::`). */
  const use = (i: number): { end: number; d: { from: number; to: number } } | undefined => {
    const c = text.charCodeAt(i);
    if (!defs.size || (c !== 0x7b && c !== 0x7c)) return undefined;
    USE.lastIndex = i;
    const u = USE.exec(text);
    const d = u ? defs.get(u[0]) : undefined;
    return u && d && !(c === 0x7c && /\.\.[ \t]+$/.test(text.slice(Math.max(0, i - 8), i))) ? { end: i + u[0].length, d } : undefined;
  };
  /** The character a reference at `i` shows, if one stands there. */
  const reference = (i: number): { end: number; v: string } | undefined => {
    if (text.charCodeAt(i) !== 0x26) return undefined;
    REFERENCE.lastIndex = i;
    const r = REFERENCE.exec(text);
    const v = r ? decodeHTML(r[0]) : undefined;
    return r && v && v !== r[0] ? { end: i + r[0].length, v } : undefined;
  };
  for (let i = 0; i < text.length; ) {
    const c = text.charCodeAt(i);
    const ref = reference(i);
    if (ref) {
      if (i > run) out.copy(text.slice(run, i), run);
      out.put(ref.v, i, ref.end);
      shown = ref.v.charCodeAt(ref.v.length - 1);
      i = run = ref.end;
      changed = true;
      continue;
    }
    const u = use(i);
    if (u) {
      if (i > run) out.copy(text.slice(run, i), run);
      out.copy(text.slice(u.d.from, u.d.to), u.d.from);
      shown = text.charCodeAt(u.d.to - 1);
      i = run = u.end;
      changed = true;
      continue;
    }
    if (c < 0x80 && c !== 0x0a) {
      MARKERS.lastIndex = i;
      const m = MARKERS.exec(text);
      if (m) {
        const before = i === run && !Number.isNaN(shown) ? shown : text.charCodeAt(i - 1);
        const next = use(i + m[0].length);
        const nextRef = reference(i + m[0].length);
        const after = next ? text.charCodeAt(next.d.from) : nextRef ? nextRef.v.charCodeAt(0) : text.charCodeAt(i + m[0].length);
        // Markers against Chinese on one side and Chinese, a blank or the line's edge on the other.
        if ((isCjk(before) && (isCjk(after) || isEdge(after))) || (isCjk(after) && isEdge(before))) {
          if (i > run) {
            out.copy(text.slice(run, i), run);
            shown = text.charCodeAt(i - 1);
          }
          i = run = i + m[0].length;
          changed = true;
          continue;
        }
        i += m[0].length;
        shown = NaN;
        continue;
      }
    }
    i++;
    shown = NaN;
  }
  if (!changed) return undefined;
  if (run < text.length) out.copy(text.slice(run), run);
  return out.part(lineStarts);
}
