/**
 * UOF (Uniform Office Format, GB/T 20916; LibreOffice's "Unified Office Format" text, spreadsheet and
 * presentation, `.uot` `.uos` `.uop`, also written by Chinese office suites) as the document shows it.
 * A UOF file is one XML document: each paragraph (`字:段落`) holds runs (`字:句`), each with its
 * properties (`字:句属性`, whose values are text of their own: `<字:孤行控制>2</字:孤行控制>`) and its
 * text (`字:文本串`). A marking whose characters were styled apart (份号, then `机` `密` `★` `5` `年`
 * in five runs, GB/T 9704's layout) stood one character a line in the XML element reading and inside
 * the properties' numbers in the flowing one (`000012022机密★5年特急`), and the notice passed. Here
 * only the text strings are read, a paragraph a line (a paragraph inside another — a text box, a
 * footnote, a cell — on lines of its own), a table's or sheet's row a line and its cells apart.
 */
import type { PartOrigin, TextPart } from '@prepub/core';
import { MappedBuilder, lineStartsOf } from './readings.ts';

/** Whether an XML document is UOF: its root is `uof:UOF`, or it declares UOF's namespaces. */
export function looksUof(head: string): boolean {
  return /<(?:[\w.-]+:)?UOF[\s>]/.test(head) && /schemas\.uof\.org\/cn\//.test(head);
}

const PREDEFINED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** The local name of a tag's name (`字:段落` → `段落`). */
const local = (name: string): string => name.slice(name.indexOf(':') + 1);

/** Elements whose start and end end a line: paragraphs, table and sheet rows, a line break. */
const LINE = new Set(['段落', '行', '换行符']);
/** Elements that stand apart from the cell before them in their row. */
const CELL = new Set(['单元格']);

/** The UOF document's text strings as shown: a paragraph or row a line, cells apart, references resolved. */
export function uofReading(text: string, id: string, origin: PartOrigin, lineStarts?: Uint32Array): TextPart | undefined {
  const out = new MappedBuilder(id, origin);
  // Depth of open text-string elements (`字:文本串`): only text inside one is shown.
  let inString = 0;
  let any = false;
  // Cells opened in the current row; for each cell open around this point, its paragraphs so far.
  let cells = 0;
  const open: number[] = [];
  const tags = tagScanner(text);
  let last = 0;
  const textUpTo = (to: number): void => {
    if (inString <= 0 || to <= last) return;
    const s = text.slice(last, to);
    let run = 0;
    for (const m of s.matchAll(/&(#[0-9]{1,7}|#x[0-9a-fA-F]{1,6}|[A-Za-z]+);/g)) {
      if (m.index! > run) out.copy(s.slice(run, m.index), last + run);
      const n = m[1];
      const cp = n[0] === '#' ? (n[1] === 'x' ? parseInt(n.slice(2), 16) : parseInt(n.slice(1), 10)) : -1;
      const v = cp >= 0 ? (cp > 0 && cp <= 0x10ffff ? String.fromCodePoint(cp) : '\ufffd') : (PREDEFINED[n] ?? m[0]);
      out.put(v, last + m.index!, last + m.index! + m[0].length);
      run = m.index! + m[0].length;
    }
    if (run < s.length) out.copy(s.slice(run), last + run);
    if (s.trim()) any = true;
  };
  for (let m = tags(0); m; m = tags(last)) {
    textUpTo(m.index!);
    last = m.index! + m[0].length;
    if (m[4] !== undefined) {
      // CDATA: its text as it stands.
      if (inString > 0 && m[4]) {
        out.copy(m[4], m.index! + 9);
        if (m[4].trim()) any = true;
      }
      continue;
    }
    if (!m[2]) continue;
    const name = local(m[2]);
    const closing = m[1] === '/';
    const empty = m[3] === '/';
    if (name === '文本串') {
      if (closing) inString = Math.max(0, inString - 1);
      else if (!empty) inString++;
    } else if (CELL.has(name)) {
      if (closing) open.pop();
      else {
        if (cells++ > 0) out.cellBreak(m.index!, last);
        if (!empty) open.push(0);
      }
    } else if (LINE.has(name)) {
      // In a cell, its paragraphs stand apart by a space and keep the row on one line.
      const k = open.length - 1;
      if (k >= 0 && name !== '行') {
        if (!closing && open[k]++ > 0) out.put(' ', m.index!, last);
      } else {
        out.breakLine(m.index!, last);
        cells = 0;
      }
    }
  }
  textUpTo(text.length);
  return any ? out.part(lineStarts ?? lineStartsOf(text)) : undefined;
}

/** A tag as the reading needs it: like a match of `<(\/?)(name)[^>]*?(\/?)>`, a comment, a CDATA section or `<!…>`/`<?…>`. */
type TagMatch = { index: number; 0: string; 1?: string; 2?: string; 3?: string; 4?: string };

/**
 * The tags of `text` one by one from an offset, in linear time overall: one pattern doing this
 * rescanned the rest of the text from every `<` with no `>` after it (`<a<a<a…` of 8 kB: 20 s).
 * Where each terminator was last found (or that it is not there) is remembered.
 */
function tagScanner(text: string): (from: number) => TagMatch | undefined {
  const found = new Map<string, number>();
  const find = (what: string, from: number): number => {
    const known = found.get(what);
    if (known !== undefined && (known < 0 || known >= from)) return known;
    const at = text.indexOf(what, from);
    found.set(what, at);
    return at;
  };
  const NAME_STOP = /[\s/>!?]/;
  return (from: number) => {
    for (let i = text.indexOf('<', from); i >= 0; i = text.indexOf('<', i + 1)) {
      const gt = find('>', i + 1);
      if (text.startsWith('<!--', i)) {
        const end = find('-->', i + 4);
        if (end >= 0) return { index: i, 0: text.slice(i, end + 3) };
      } else if (text.startsWith('<![CDATA[', i)) {
        const end = find(']]>', i + 9);
        if (end >= 0) return { index: i, 0: text.slice(i, end + 3), 4: text.slice(i + 9, end) };
      }
      if (gt < 0) return undefined;
      const c = text[i + 1];
      if (c === '!' || c === '?') return { index: i, 0: text.slice(i, gt + 1) };
      let k = i + 1;
      const closing = text[k] === '/';
      if (closing) k++;
      let e = k;
      while (e < gt && !NAME_STOP.test(text[e])) e++;
      if (e === k) continue;
      return { index: i, 0: text.slice(i, gt + 1), 1: closing ? '/' : '', 2: text.slice(k, e), 3: text[gt - 1] === '/' && gt - 1 >= e ? '/' : '' };
    }
    return undefined;
  };
}
