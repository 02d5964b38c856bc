/**
 * Rich-text editor JSON read as the editor shows it. Quill's Delta (`ops[].insert`), ProseMirror and
 * TipTap (`content[]` of `{type:'text', text, marks}`), Lexical (`children[]` of `{type:'text'}`),
 * Slate (`children[]` of `{text, bold}`), Sanity's Portable Text (`children[]` of spans), Draft.js
 * (`blocks[].text`), Editor.js (`blocks[].data.text`), Notion (`rich_text[].plain_text`), Feishu/Lark
 * (`elements[].text_run.content`) and Google Docs (`elements[].textRun.content`) keep a paragraph as a list of runs, one per
 * change of formatting: a bold `机`, a white `密`, `★5年`. The JSON reading puts each run on a line
 * of its own, so a marking split over runs never stands whole; what the editor shows is the runs of
 * one paragraph joined, each paragraph a line.
 *
 * The reading: the text runs of a list written one after another (inline elements such as a link
 * or a mention read through to their runs, a hard break a line break), a paragraph a line, any other
 * object's `text` a line of its own, a list of strings inside a list (a table's row) as cells of a
 * line. Only the runs' text is written: every other string is in the JSON reading already. Mapped
 * to the text, escapes resolved.
 */
import type { Extraction, PartOrigin, TextPart } from '@prepub/core';
import { MappedBuilder, lineStartsOf } from './readings.ts';

/** Nesting deeper than this is not read here; the document is then reported unread (limit). */
export const MAX_FLOW_DEPTH = 256;
/** Values (objects, arrays, strings) read here at most; past it the document is reported unread (limit). */
export const MAX_FLOW_NODES = 2_000_000;

type Piece = [string, number, number];
interface Str {
  k: 's';
  pieces: Piece[];
  at: number;
}
interface Obj {
  k: 'o';
  members: Array<[string, Node]>;
  at: number;
  end: number;
}
interface Arr {
  k: 'a';
  items: Node[];
  at: number;
  end: number;
}
interface Other {
  k: 'x';
}
type Node = Str | Obj | Arr | Other;

/** Whether the JSON text may be a rich-text editor's: a member named `text`, `insert`, `plain_text`, `text_run` or `textRun`. */
export function mayBeRichJson(text: string): boolean {
  return /"(?:text|insert|plain_text|text_run|textRun)"\s*:/.test(text);
}

/** A JSON string at `i` (the opening quote): its value as pieces mapped to the text, and where it ends. */
function readString(text: string, i: number): { pieces: Piece[]; end: number } {
  const pieces: Piece[] = [];
  let j = i + 1;
  let from = j;
  const flush = (to: number): void => {
    if (to > from) pieces.push([text.slice(from, to), from, -1]);
  };
  while (j < text.length) {
    const c = text.charCodeAt(j);
    if (c === 0x22 || c === 0x0a || c === 0x0d) break;
    if (c === 0x5c) {
      flush(j);
      const e = text[j + 1] ?? '';
      if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(j + 2, j + 6))) {
        pieces.push([String.fromCharCode(parseInt(text.slice(j + 2, j + 6), 16)), j, j + 6]);
        j += 6;
      } else {
        pieces.push([e === 'n' || e === 'r' ? '\n' : e === 't' ? ' ' : e === 'b' || e === 'f' ? '' : e, j, j + 2]);
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

/** Members whose string values this reading needs. */
const WANTED = new Set(['text', 'insert', 'type', '_type', 'plain_text', 'content']);

/** Where the JSON string at `i` (the opening quote) ends, past its closing quote. */
function stringEnd(text: string, i: number): number {
  let j = i + 1;
  while (j < text.length) {
    const c = text.charCodeAt(j);
    if (c === 0x22 || c === 0x0a || c === 0x0d) break;
    j += c === 0x5c ? 2 : 1;
  }
  return Math.min(j + 1, text.length);
}

const joined = (s: Str): string => s.pieces.map((p) => p[0]).join('');

/**
 * The JSON values of `text` as a tree (lenient: JSON Lines are a list of their values, stray
 * characters are passed over). `limited` when the depth or node bound was reached: what lies past
 * it is left out of the tree.
 */
function parse(text: string): { root: Arr; limited: boolean } {
  const root: Arr = { k: 'a', items: [], at: 0, end: text.length };
  const stack: Array<Obj | Arr> = [root];
  let key: string | undefined;
  let nodes = 0;
  let limited = false;
  // Containers opened past the bounds: counted so their closing brackets are matched, not read.
  let skipped = 0;
  const add = (n: Node): void => {
    const top = stack[stack.length - 1];
    if (top.k === 'a') top.items.push(n);
    else if (key !== undefined) {
      top.members.push([key, n]);
      key = undefined;
    }
  };
  for (let i = 0; i < text.length; ) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      const top = stack[stack.length - 1];
      // Only the strings this reading writes or decides by are kept: keys, list items and the
      // values of text, insert, type and _type. Any other is passed over.
      const wanted = skipped === 0 && (top.k === 'a' || key === undefined || WANTED.has(key));
      const s = wanted ? readString(text, i) : { pieces: [], end: stringEnd(text, i) };
      let j = s.end;
      while (j < text.length && (text.charCodeAt(j) === 0x20 || text.charCodeAt(j) === 0x0a || text.charCodeAt(j) === 0x0d || text.charCodeAt(j) === 0x09)) j++;
      const isKey = text.charCodeAt(j) === 0x3a && top.k === 'o';
      if (!skipped) {
        if (isKey) key = joined({ k: 's', pieces: s.pieces, at: i });
        else if (++nodes > MAX_FLOW_NODES) limited = true;
        else add(wanted ? { k: 's', pieces: s.pieces, at: i } : { k: 'x' });
      }
      i = isKey ? j + 1 : s.end;
      continue;
    }
    if (c === 0x7b || c === 0x5b) {
      if (skipped || stack.length > MAX_FLOW_DEPTH || ++nodes > MAX_FLOW_NODES) {
        limited = true;
        skipped++;
      } else {
        const n: Obj | Arr = c === 0x7b ? { k: 'o', members: [], at: i, end: text.length } : { k: 'a', items: [], at: i, end: text.length };
        add(n);
        stack.push(n);
      }
    } else if (c === 0x7d || c === 0x5d) {
      if (skipped) skipped--;
      else if (stack.length > 1 && stack[stack.length - 1].k === (c === 0x7d ? 'o' : 'a')) {
        stack[stack.length - 1].end = i;
        stack.pop();
      }
      key = undefined;
    } else if (c === 0x2c) {
      key = undefined;
    } else if (!skipped && key !== undefined && c > 0x20) {
      // A number, true, false or null: no text.
      add({ k: 'x' });
      while (i < text.length && !/[,}\]\s]/.test(text[i])) i++;
      continue;
    }
    i++;
  }
  return { root, limited };
}

const member = (o: Obj, name: string): Node | undefined => o.members.find(([k]) => k === name)?.[1];
const str = (n: Node | undefined): Str | undefined => (n?.k === 's' ? n : undefined);

/**
 * The text of a run: Quill's `insert` string, a ProseMirror/Lexical `text` node, a Portable Text
 * span, a Slate leaf; Notion's rich text (`plain_text`); Feishu/Lark's and Google Docs' text runs
 * (`{ text_run: { content } }`, `{ textRun: { content } }`). Undefined when `n` is no run.
 */
function runText(n: Node): Str | undefined {
  if (n.k !== 'o') return undefined;
  const insert = str(member(n, 'insert'));
  if (insert) return insert;
  const plain = str(member(n, 'plain_text'));
  if (plain) return plain;
  const textRun = member(n, 'text_run') ?? member(n, 'textRun');
  if (textRun?.k === 'o') return str(member(textRun, 'content'));
  const text = str(member(n, 'text'));
  if (!text) return undefined;
  const type = str(member(n, 'type'));
  const _type = str(member(n, '_type'));
  if (type) return /^(?:text|span|textRun|run)$/i.test(joined(type)) ? text : undefined;
  if (_type) return joined(_type) === 'span' ? text : undefined;
  return !member(n, 'children') && !member(n, 'content') && !member(n, 'blocks') ? text : undefined;
}

const isRun = (n: Node): boolean => runText(n) !== undefined;

/** An inline element that ends a line: ProseMirror's hardBreak, Lexical's linebreak, a `br`. */
function isBreak(n: Node): boolean {
  if (n.k !== 'o') return false;
  const type = str(member(n, 'type')) ?? str(member(n, '_type'));
  return !!type && /^(?:hard_?break|line_?break|br|break|softbreak)$/i.test(joined(type));
}

/** The reading (see the module's comment), and whether a bound left part of the document out. */
export function jsonFlowReading(text: string, id: string, origin: PartOrigin, lineStarts?: Uint32Array): { part?: TextPart; unread: Extraction['unread'] } {
  const { root, limited } = parse(text);
  const out = new MappedBuilder(id, origin);
  let runs = 0;
  const write = (s: Str): void => {
    for (const [v, from, to] of s.pieces) (to < 0 ? out.copy(v, from) : out.put(v, from, to));
  };
  // A list's items written inline: runs joined, inline elements read through to their runs.
  const inline = (items: Node[], depth: number): void => {
    for (const n of items) {
      if (n.k === 's') write(n);
      else if (isBreak(n)) out.breakLine((n as Obj).at);
      else if (isRun(n)) {
        write(runText(n)!);
        runs++;
      } else if (n.k === 'o' && depth < MAX_FLOW_DEPTH) {
        const kids = member(n, 'children') ?? member(n, 'content');
        if (kids?.k === 'a') inline(kids.items, depth + 1);
      }
    }
  };
  const block = (n: Node, depth: number, inList: boolean): void => {
    if (depth > MAX_FLOW_DEPTH) return;
    if (n.k === 'a') {
      if (n.items.some(isRun)) {
        inline(n.items, depth);
        out.breakLine(n.end);
      } else if (inList && n.items.length > 1 && n.items.every((x) => x.k === 's')) {
        // A row of a table (Editor.js's `content: [["密级", "机密"]]`): its strings as cells.
        n.items.forEach((x, k) => {
          if (k) out.cellBreak((x as Str).at);
          write(x as Str);
        });
        out.breakLine(n.end);
      } else
        for (const x of n.items) {
          if (x.k === 's') {
            write(x);
            out.breakLine(x.at);
          } else block(x, depth + 1, true);
        }
      return;
    }
    if (n.k !== 'o') return;
    if (isRun(n)) {
      // A run alone (Editor.js's `data: { text }`): a line of its own.
      inline([n], depth);
      out.breakLine((n as Obj).end);
      return;
    }
    const own = str(member(n, 'text'));
    if (own) {
      // A block carrying its text (Draft.js): a line.
      write(own);
      out.breakLine(n.end);
    }
    for (const [, v] of n.members) if (v.k === 'o' || v.k === 'a') block(v, depth + 1, false);
  };
  block(root, 0, false);
  const unread: Extraction['unread'] = limited
    ? [{ where: `${id}: values past the bounds`, reason: 'limit', detail: `the JSON nests deeper than ${MAX_FLOW_DEPTH} levels or holds more than ${MAX_FLOW_NODES} values: its text runs past that were not joined as the editor shows them` }]
    : [];
  if (!runs) return { unread };
  const part = out.part(lineStarts ?? lineStartsOf(text));
  return { ...(part ? { part } : {}), unread };
}
