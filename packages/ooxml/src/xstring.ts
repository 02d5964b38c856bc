/**
 * SpreadsheetML's escaped characters (ECMA-376 Part 1, 22.9.2.19 ST_Xstring): `_xHHHH_` stands for
 * the UTF-16 unit HHHH, and Excel shows the character, not the escape — `机密_x2605_5年` is drawn as
 * 机密★5年 in a shared string, an inline string, a formula's cached string, a header, a comment or
 * a sheet name. `_x005F_` escapes the underscore itself (`_x005F_x2605_` shows `_x2605_`).
 */

/** Runs of escapes: consecutive ones are decoded together, so a surrogate pair written as two escapes joins. */
const ESCAPES = /(?:_x[0-9A-Fa-f]{4}_)+/g;
const ONE = /_x([0-9A-Fa-f]{4})_/g;
const QUOTED = /(=\s*)("[^"]*"|'[^']*')/g;

/**
 * What a run of escapes shows: its units as text, a unit no XML may hold (C0 controls but tab, LF
 * and CR; a lone surrogate) as what Excel draws for it — nothing for a control, U+FFFD for a lone
 * surrogate.
 */
function shown(run: string): string {
  const units: number[] = [];
  for (const m of run.matchAll(ONE)) units.push(parseInt(m[1], 16));
  let out = '';
  for (const ch of String.fromCharCode(...units)) {
    const c = ch.codePointAt(0)!;
    if (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) continue;
    out += c >= 0xd800 && c <= 0xdfff ? '\ufffd' : c === 0xfffe || c === 0xffff ? '\ufffd' : ch;
  }
  return out;
}

/** `s` safe in character data (`quote` also in an attribute value quoted with it). */
function escapeMarkup(s: string, quote?: string): string {
  let out = s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  if (quote === '"') out = out.replace(/"/g, '&quot;');
  else if (quote === "'") out = out.replace(/'/g, '&apos;');
  return out;
}

/**
 * `xml` with every `_xHHHH_` escape in character data and attribute values replaced by the
 * character it stands for (as markup-safe text); element and attribute names are left alone
 * (Excel's XML maps escape names the same way, and those are names, not text).
 */
export function unescapeXstrings(xml: string): string {
  if (!xml.includes('_x')) return xml;
  const text = (t: string) => t.replace(ESCAPES, (run) => escapeMarkup(shown(run)));
  let out = '';
  // One pass, each piece of markup found by its own end (an unclosed one runs to the end of the
  // part): linear in the part, however it is damaged.
  for (let i = 0; i < xml.length; ) {
    const lt = xml.indexOf('<', i);
    if (lt < 0) {
      out += text(xml.slice(i));
      break;
    }
    out += text(xml.slice(i, lt));
    const [close, kind] = xml.startsWith('<![CDATA[', lt) ? [']]>', 'cdata'] : xml.startsWith('<!--', lt) ? ['-->', 'as-is'] : xml.startsWith('<?', lt) ? ['?>', 'as-is'] : ['>', 'tag'];
    const found = xml.indexOf(close, lt + 1);
    const end = found < 0 ? xml.length : found + close.length;
    const markup = xml.slice(lt, end);
    if (kind === 'cdata' && found >= 0) {
      // Inside CDATA nothing is a reference: the character itself, the section split around a `]]>` it would close.
      out += `<![CDATA[${markup.slice(9, -3).replace(ESCAPES, (run) => shown(run).replace(/]]>/g, ']]]]><![CDATA[>'))}]]>`;
    } else if (kind === 'tag' && markup[1] !== '/' && markup.includes('_x')) {
      out += markup.replace(QUOTED, (_q, eq: string, value: string) => eq + value[0] + value.slice(1, -1).replace(ESCAPES, (run) => escapeMarkup(shown(run), value[0])) + value[0]);
    } else out += markup;
    i = end;
  }
  return out;
}
