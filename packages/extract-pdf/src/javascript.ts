/**
 * Scripts a PDF carries: document-level scripts (/Names /JavaScript), the open action, page and
 * annotation actions (/A, /AA), form field calculations. A viewer runs them and may show what they
 * hold (an alert, a field value); nobody sees their source. Every JavaScript action in the file is
 * read, wherever it hangs, including chained /Next actions and scripts no longer referenced.
 */
import { PDFArray, PDFDict, PDFHexString, PDFName, PDFStream, PDFString, type PDFDocument, type PDFObject } from 'pdf-lib';
import type { PartOrigin } from '@prepub/core';
import { addOtherReadings, otherReadings, otherReadingsOfPdfJs, otherReadingsOfStream, type OtherReadings } from './legacy-text.ts';
import { forEachDict, refLabel, resolve, stringBytes, streamBytes, streamText, textOf, type DictVisitor } from './raw.ts';
import { addPart, linesPart, type DocState } from './state.ts';
import { message } from './util.ts';

/** One script found in the file. */
export interface Script {
  /** Where it was found: `object 12 0`. */
  where: string;
  source: string;
  /** The source's bytes read in another code page (legacy-text.ts), when they are not PDFDocEncoding text. */
  other?: OtherReadings;
}

/** Most scripts read per file; further ones are counted. */
export const MAX_SCRIPTS = 1000;

/** What the walk found: every script's source (deduplicated), and how many were undecodable or over {@link MAX_SCRIPTS}. */
export interface FoundScripts {
  scripts: Script[];
  unreadable: number;
  over: number;
}

/** Collects every JavaScript action as a visitor of the file's object walk ({@link forEachDict}). */
export function scriptVisitor(doc: PDFDocument): { visit: DictVisitor; result: () => FoundScripts } {
  const scripts: Script[] = [];
  const seen = new Set<string>();
  let unreadable = 0;
  let over = 0;
  const visit: DictVisitor = (dict, owner) => {
    const s = dict.get(PDFName.of('S'));
    const js = dict.get(PDFName.of('JS'));
    if (js === undefined) return;
    const value = resolve(doc, js);
    // A script is read whatever its action's /S became (a damaged /JavaScript still carries it);
    // outside a JavaScript action only a string or a stream under /JS is taken for one.
    const isAction = s instanceof PDFName && s.decodeText() === 'JavaScript';
    if (!isAction && !(value instanceof PDFStream || value instanceof PDFString || value instanceof PDFHexString)) return;
    let source = textOf(value);
    const raw = stringBytes(value);
    let other = raw ? otherReadings(raw) : undefined;
    if (source === undefined && value instanceof PDFStream) {
      const bytes = streamBytes(doc, value);
      source = bytes ? streamText(bytes) : undefined;
      other = bytes ? otherReadingsOfStream(bytes) : undefined;
    }
    if (source === undefined) {
      unreadable++;
      return;
    }
    if (source.trim().length === 0 || seen.has(source)) return;
    seen.add(source);
    if (scripts.length >= MAX_SCRIPTS) {
      over++;
      return;
    }
    scripts.push({ where: refLabel(owner), source, ...(other ? { other } : {}) });
  };
  return { visit, result: () => ({ scripts, unreadable, over }) };
}

/** Every JavaScript action's source (deduplicated), plus how many were dropped over {@link MAX_SCRIPTS} or undecodable. */
export function findScripts(doc: PDFDocument): FoundScripts {
  const v = scriptVisitor(doc);
  forEachDict(doc, v.visit);
  return v.result();
}

/**
 * The string literals of a script, unescaped: the text it shows (an alert, a field value it sets).
 * A marking inside `app.alert("机密★5年")` stands alone on its line once the literal is read out.
 */
export function stringLiterals(source: string, max = 10_000): string[] {
  const out = literals(source, max);
  // Text kept encoded (unescape, decodeURIComponent, atob, code arrays) is read decoded too.
  if (BUILDER_HINT.test(source)) {
    const seen = new Set(out);
    for (const d of decodedLiterals(source, out)) if (!seen.has(d) && out.length < max) {
      seen.add(d);
      out.push(d);
    }
  }
  // Text built from character codes, `String.fromCharCode(26426, 23494)`, is a literal too once
  // the codes are read; calls joined by `+` (with each other or with literals) are one string.
  if (!/fromCharCode|fromCodePoint/.test(source)) return out;
  const num = '(?:0[xX][0-9a-fA-F]+|\\d+)';
  const call = new RegExp(`(?:String\\s*\\.\\s*)?from(?:CharCode|CodePoint)\\s*\\(\\s*(${num}(?:\\s*,\\s*${num})*)\\s*\\)`, 'g');
  const codes = (list: string): string => {
    try {
      return String.fromCodePoint(...list.split(',').map((x) => Number(x.trim())).filter((n) => n >= 0 && n <= 0x10ffff));
    } catch {
      return '';
    }
  };
  const rewritten = source.replace(call, (_m, list: string) => JSON.stringify(codes(list))).replace(/(["'])\s*\+\s*(["'])/g, (m, a: string, b: string) => (a === '"' && b === '"' ? '' : m));
  const seen = new Set(out);
  for (const l of literals(rewritten, max)) if (!seen.has(l) && out.length < max) out.push(l);
  return out;
}

/** Calls a script builds text with at run time. */
const BUILDER_HINT = /\b(?:unescape|decodeURI(?:Component)?|atob|from(?:CharCode|CodePoint)|eval|Function)\s*\(/;
/** Most characters of decoded text taken from one script, and most nested decodings (eval of unescape of …). */
const MAX_DECODED = 1_000_000;
const MAX_DEPTH = 3;

/** `unescape` as JavaScript has it: `%uXXXX` and `%XX` are code units. */
function unescapeJs(s: string): string {
  return s.replace(/%u([0-9a-fA-F]{4})|%([0-9a-fA-F]{2})/g, (_m, u: string | undefined, b: string | undefined) => String.fromCharCode(parseInt(u ?? b!, 16)));
}

/** A string of code units below 256 read as the UTF-8 bytes it is (decodeURIComponent(escape(…))), when it is valid UTF-8 with a character beyond ASCII. */
function utf8Of(s: string): string | undefined {
  if (!/[\x80-\xff]/.test(s) || /[^\x00-\xff]/.test(s)) return undefined;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(Buffer.from(s, 'latin1'));
  } catch {
    return undefined;
  }
}

const BASE64 = /^[A-Za-z0-9+/]{8,}={0,2}$/;

/** A base64 literal's bytes as text: UTF-8 when valid, else Latin-1 when printable (what atob gives). */
function base64Text(s: string): string | undefined {
  const t = s.replace(/\s+/g, '');
  if (!BASE64.test(t) || t.length % 4 === 1) return undefined;
  const bytes = Buffer.from(t, 'base64');
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    const latin = bytes.toString('latin1');
    return /^[\x09\x0a\x0d\x20-\x7e\xa0-\xff]*$/.test(latin) ? latin : undefined;
  }
}

/**
 * The text a script's encoded literals stand for: `%u`/`%XX` escapes (unescape, decodeURI…),
 * base64 (atob), arrays of character codes (read one by one by fromCharCode), literals joined by
 * `+`. Decoded text that is itself a script (eval of unescape) gives its literals too, a few levels
 * deep. Static forms only: nothing is run.
 */
export function decodedLiterals(source: string, lits: readonly string[], depth = 0): string[] {
  const out: string[] = [];
  let size = 0;
  const add = (t: string | undefined): void => {
    if (t === undefined || !t.trim() || size > MAX_DECODED) return;
    size += t.length;
    out.push(t);
    // A decoded script (eval(unescape(…))) holds literals of its own, encoded or not.
    if (depth < MAX_DEPTH && /["'`]/.test(t)) {
      const inner = literals(t, 1000);
      for (const l of [...inner, ...decodedLiterals(t, inner, depth + 1)]) if (size <= MAX_DECODED) {
        size += l.length;
        out.push(l);
      }
    }
  };
  // Literals joined by `+` (same quotes) are one string.
  const joined = source.replace(/(["'])\s*\+\s*\1/g, '');
  const all = joined === source ? lits : [...lits, ...literals(joined, 10_000)];
  const escapes = /\b(?:unescape|decodeURI(?:Component)?)\s*\(/.test(source);
  const b64 = /\batob\s*\(/.test(source);
  for (const l of all) {
    if (escapes && /%(?:u[0-9a-fA-F]{4}|[0-9a-fA-F]{2})/.test(l)) {
      const u = unescapeJs(l);
      add(u);
      add(utf8Of(u));
    }
    if (b64) {
      const t = base64Text(l);
      add(t);
      if (t && /%u[0-9a-fA-F]{4}/.test(t)) add(unescapeJs(t));
    }
  }
  // Arrays of character codes, read one by one by a loop around fromCharCode.
  if (/from(?:CharCode|CodePoint)/.test(source)) {
    const num = '(?:0[xX][0-9a-fA-F]+|\\d+)';
    for (const m of source.matchAll(new RegExp(`\\[\\s*(${num}(?:\\s*,\\s*${num}){1,})\\s*\\]`, 'g'))) {
      const codes = m[1].split(',').map((x) => Number(x.trim()));
      if (codes.every((c) => c >= 0 && c <= 0x10ffff)) add(String.fromCodePoint(...codes));
    }
  }
  return out;
}

/**
 * The calls of a script that build text this reader cannot work out without running it: a decoder
 * (unescape, decodeURI, atob, fromCharCode, eval …) whose argument is neither literals nor a plain
 * variable whose value the script holds in a form decoded here (a literal to decode, an array of
 * codes), e.g. `String.fromCharCode(c[i] - 7)` or `unescape(s.split('').reverse().join(''))`.
 */
export function unevaluatedBuilders(source: string): string[] {
  const found: string[] = [];
  const call = /\b(unescape|decodeURI(?:Component)?|atob|from(?:CharCode|CodePoint)|eval|Function)\s*\(/g;
  const hasCodes = /\[\s*(?:0[xX][0-9a-fA-F]+|\d+)(?:\s*,\s*(?:0[xX][0-9a-fA-F]+|\d+))+\s*\]/.test(source);
  const lits = literals(source, 10_000);
  const hasEscaped = lits.some((l) => /%(?:u[0-9a-fA-F]{4}|[0-9a-fA-F]{2})/.test(l));
  const hasBase64 = lits.some((l) => base64Text(l) !== undefined);
  for (const m of source.matchAll(call)) {
    if (found.length >= 5) break;
    const name = m[1];
    // The argument, to the matching parenthesis (strings stepped over), bounded.
    let depth = 1;
    let i = m.index! + m[0].length;
    const start = i;
    for (; i < source.length && i - start < 4000 && depth > 0; i++) {
      const c = source[i];
      if (c === '"' || c === "'" || c === '`') {
        for (i++; i < source.length && source[i] !== c; i++) if (source[i] === '\\') i++;
      } else if (c === '(') depth++;
      else if (c === ')') depth--;
    }
    const arg = source.slice(start, i - 1).trim();
    if (arg === '') continue;
    // Literals (joined or not), or decoders around them (escape(atob('…'))): read statically.
    if (staticText(arg)) continue;
    const fromCodes = name === 'fromCharCode' || name === 'fromCodePoint';
    if (fromCodes && isCodeList(arg)) continue;
    // A plain variable: fine when the script holds its value in a form read here.
    if (/^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*(?:\[[\w$.]+\])?$/.test(arg)) {
      if (fromCodes ? hasCodes : name === 'atob' ? hasBase64 : name === 'eval' || name === 'Function' ? true : hasEscaped) continue;
    }
    found.push(`${name}(${arg.length > 40 ? `${arg.slice(0, 40)}…` : arg})`);
  }
  return found;
}

const STRING = `(?:"(?:[^"\\\\]|\\\\.)*"|'(?:[^'\\\\]|\\\\.)*'|\`[^\`$]*\`)`;
const JOINED_LITERALS = new RegExp(`^${STRING}(?:\\s*\\+\\s*${STRING})*$`);
const DECODER_AROUND = /^(?:String\s*\.\s*)?(?:unescape|escape|decodeURI(?:Component)?|atob)\s*\(([\s\S]*)\)$/;

/** Whether an expression is literals joined by `+`, or decoders around such (decodeURIComponent(escape(atob('…')))). */
/**
 * Whether a call's argument is numeric literals only, what /^(?:(?:0[xX][0-9a-fA-F]+|\d+)\s*,?\s*)+$/
 * said, read unit by unit: that pattern could split a run of digits into literals every way
 * (2^n) before failing (26 digits and a letter in `String.fromCharCode(…)` of a PDF's script: 1 s,
 * each digit more doubling it; the argument is read up to 4,000 units).
 */
export function isCodeList(arg: string): boolean {
  // The states: a literal is wanted (first, or after a comma); a decimal literal (its last digit a
  // 0, which may open a hex one: `10x41` is 1 and 0x41); `0x` wanting a hex digit; a hex literal
  // (its last digit a 0, not its first); blanks after a literal, before any comma.
  let state: 'want' | 'dec' | 'dec0' | 'x' | 'hex' | 'hex0' | 'blank' | 'comma' = 'want';
  for (const ch of arg) {
    const digit = ch >= '0' && ch <= '9';
    const hexLetter = (ch >= 'a' && ch <= 'f') || (ch >= 'A' && ch <= 'F');
    const space = /\s/.test(ch);
    switch (state) {
      case 'want':
      case 'blank':
      case 'comma':
        if (digit) state = ch === '0' ? 'dec0' : 'dec';
        else if (space && state !== 'want') break;
        else if (ch === ',' && state === 'blank') state = 'comma';
        else return false;
        break;
      case 'dec':
      case 'dec0':
      case 'hex':
      case 'hex0':
        if (digit || (hexLetter && (state === 'hex' || state === 'hex0'))) state = ch === '0' ? (state.startsWith('hex') ? 'hex0' : 'dec0') : state.startsWith('hex') ? 'hex' : 'dec';
        else if ((ch === 'x' || ch === 'X') && (state === 'dec0' || state === 'hex0')) state = 'x';
        else if (space) state = 'blank';
        else if (ch === ',') state = 'comma';
        else return false;
        break;
      case 'x':
        // Its first digit, a 0 too, is the literal's own: it opens no next one.
        if (digit || hexLetter) state = 'hex';
        else return false;
    }
  }
  return state !== 'want' && state !== 'x';
}

function staticText(expr: string, depth = 0): boolean {
  const e = expr.trim();
  if (JOINED_LITERALS.test(e)) return true;
  const m = depth < 6 ? DECODER_AROUND.exec(e) : null;
  return m !== null && staticText(m[1], depth + 1);
}

function literals(source: string, max: number): string[] {
  const out: string[] = [];
  let i = 0;
  const n = source.length;
  while (i < n && out.length < max) {
    const c = source[i];
    if (c === '/' && source[i + 1] === '/') {
      // Comments may hold text too: a line comment is read as a literal of its own.
      const end = source.indexOf('\n', i);
      const text = source.slice(i + 2, end < 0 ? n : end).trim();
      if (text) out.push(text);
      i = end < 0 ? n : end;
      continue;
    }
    if (c === '/' && source[i + 1] === '*') {
      const end = source.indexOf('*/', i + 2);
      const text = source.slice(i + 2, end < 0 ? n : end).trim();
      if (text) out.push(text);
      i = end < 0 ? n : end + 2;
      continue;
    }
    if (c !== '"' && c !== "'" && c !== '`') {
      i++;
      continue;
    }
    let j = i + 1;
    let text = '';
    while (j < n && source[j] !== c) {
      if (source[j] === '\\' && j + 1 < n) {
        const e = source[j + 1];
        const hex = e === 'u' ? source.slice(j + 2, j + 6) : e === 'x' ? source.slice(j + 2, j + 4) : '';
        if (hex && /^[0-9a-fA-F]+$/.test(hex) && hex.length === (e === 'u' ? 4 : 2)) {
          text += String.fromCharCode(parseInt(hex, 16));
          j += 2 + hex.length;
          continue;
        }
        text += e === 'n' ? '\n' : e === 't' ? '\t' : e === 'r' ? '\r' : e;
        j += 2;
        continue;
      }
      text += source[j++];
    }
    if (text.trim()) out.push(text);
    i = j + 1;
  }
  return out;
}

/**
 * JavaScript in the file (document-level, open action, page and annotation actions), each script
 * a `hidden` part: nobody reading the document sees it, yet it can carry any text. pdf.js's
 * document actions are added to what the raw walk finds, for files whose strings pdf-lib cannot
 * decrypt.
 */
export function addScripts(state: DocState, jsActions: unknown, walked?: FoundScripts | { error: unknown }): void {
  const scripts: Script[] = [];
  const raw = state.raw;
  if (raw.ok && !raw.encrypted) {
    try {
      if (walked && 'error' in walked) throw walked.error;
      const found = walked ?? findScripts(raw.doc);
      scripts.push(...found.scripts);
      if (found.unreadable + found.over > 0) {
        state.out.loss!.push({
          where: 'JavaScript',
          kind: 'unreadable-object',
          count: found.unreadable + found.over,
          total: found.scripts.length + found.unreadable + found.over,
          detail: `${found.unreadable} script(s) could not be decoded and ${found.over} were over the limit of scripts read.`,
        });
      }
    } catch (err) {
      state.out.loss!.push({ where: 'JavaScript', kind: 'unreadable-object', count: 1, detail: `The scripts could not be listed: ${message(err)}` });
    }
  }
  if (jsActions && typeof jsActions === 'object') {
    for (const [name, list] of Object.entries(jsActions as Record<string, unknown>)) {
      for (const source of Array.isArray(list) ? list : [list]) {
        if (typeof source !== 'string' || scripts.some((s) => s.source === source)) continue;
        const other = otherReadingsOfPdfJs(source);
        scripts.push({ where: `document action ${name}`, source, ...(other ? { other } : {}) });
      }
    }
  }
  let k = 0;
  for (const s of scripts) {
    const origin: PartOrigin = { filePart: 'JavaScript', detail: `JavaScript action (${s.where})` };
    // Text built at run time in a way not worked out here was not read: never pass on it.
    const unevaluated = BUILDER_HINT.test(s.source) ? unevaluatedBuilders(s.source) : [];
    if (unevaluated.length > 0) {
      state.out.loss!.push({
        where: 'JavaScript',
        kind: 'unreadable-object',
        count: unevaluated.length,
        detail: `The JavaScript action (${s.where}) builds text at run time in a way that cannot be read without running it (${unevaluated.join('; ')}): what it shows or sets was not read.`,
        origin,
      });
    }
    const part = linesPart(`javascript:${++k}`, 'hidden', [s.source], origin);
    if (part) addPart(state, part);
    // What the script shows or sets, one literal per line, so a marking in it stands on its own line.
    const literals = linesPart(`javascript:${k}:strings`, 'hidden', stringLiterals(s.source), { ...origin, detail: `string literals and comments of the JavaScript action (${s.where})` });
    if (literals) addPart(state, literals);
    if (!s.other) continue;
    // The script as a viewer in another code page reads it, and the literals of that reading.
    addOtherReadings(state, `javascript:${k}`, 'hidden', origin, [{ readings: s.other }]);
    addOtherReadings(state, `javascript:${k}:strings`, 'hidden', { ...origin, detail: `string literals and comments of the JavaScript action (${s.where})` }, [
      { readings: { lost: false, readings: s.other.readings.map((r) => ({ ...r, text: stringLiterals(r.text).join('\n') })) } },
    ]);
  }
}

/** A JavaScript string literal's body, unescaped (\n, \uXXXX, \xXX, \\ …). */
function unescapeLiteral(body: string): string {
  return body.replace(/\\(u\{[0-9a-fA-F]+\}|u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|[\s\S])/g, (_, e: string) => {
    if (e[0] === 'u') return String.fromCodePoint(parseInt(e.replace(/[u{}]/g, ''), 16));
    if (e[0] === 'x') return String.fromCharCode(parseInt(e.slice(1), 16));
    return ({ n: '\n', r: '\r', t: '\t', b: '\b', f: '\f', v: '\v', '0': '\0' } as Record<string, string>)[e] ?? e;
  });
}

const LITERAL = String.raw`(["'])((?:\\[\s\S]|(?!\1)[^\\])*)\1`;

/** The literal values a script gives fields: `getField("mj").value = "机密"`, or through a variable (`var f = this.getField("mj"); f.value = "机密"`). */
export function fieldAssignments(source: string): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  const direct = new RegExp(String.raw`getField\s*\(\s*${LITERAL}\s*\)\s*\.\s*value\s*=\s*(["'])((?:\\[\s\S]|(?!\3)[^\\])*)\3`, 'g');
  for (const m of source.matchAll(direct)) out.push([unescapeLiteral(m[2]), unescapeLiteral(m[4])]);
  const alias = new RegExp(String.raw`\b([A-Za-z_$][\w$]*)\s*=\s*(?:this\s*\.\s*)?getField\s*\(\s*(["'])((?:\\[\s\S]|(?!\2)[^\\])*)\2\s*\)`, 'g');
  for (const m of source.matchAll(alias)) {
    const set = new RegExp(String.raw`\b${m[1].replace(/\$/g, '\\$')}\s*\.\s*value\s*=\s*(["'])((?:\\[\s\S]|(?!\1)[^\\])*)\1`, 'g');
    for (const v of source.slice(m.index! + m[0].length).matchAll(set)) out.push([unescapeLiteral(m[3]), unescapeLiteral(v[2])]);
  }
  return out;
}

/**
 * Field values scripts show when the document is opened: literal assignments in the document-level
 * scripts (/Names /JavaScript), the open action and the first page's open action, and a field's own
 * format script (`event.value = "机密"`, run whenever the field is drawn). A viewer with scripting
 * (Acrobat, 福昕) shows 密级：[机密] where the file stores an empty or other value. By full field name.
 */
export function scriptedFieldValues(doc: PDFDocument): Map<string, string> {
  const out = new Map<string, string>();
  const sourceOf = (js: PDFObject | undefined): string | undefined => {
    const v = resolve(doc, js);
    if (v instanceof PDFStream) {
      const b = streamBytes(doc, v);
      return b ? streamText(b) : undefined;
    }
    return textOf(v);
  };
  const scripts: string[] = [];
  const action = (a: PDFObject | undefined, depth = 0): void => {
    const d = resolve(doc, a);
    if (!(d instanceof PDFDict) || depth > 20) return;
    const src = sourceOf(d.get(PDFName.of('JS')));
    if (src) scripts.push(src);
    const next = resolve(doc, d.get(PDFName.of('Next')));
    if (next instanceof PDFArray) for (const n of next.asArray()) action(n, depth + 1);
    else action(next, depth + 1);
  };
  const catalog = doc.catalog;
  const names = resolve(doc, catalog.get(PDFName.of('Names')));
  const tree = names instanceof PDFDict ? resolve(doc, names.get(PDFName.of('JavaScript'))) : undefined;
  const walkTree = (node: PDFObject | undefined, depth: number): void => {
    const n = resolve(doc, node);
    if (!(n instanceof PDFDict) || depth > 20) return;
    const list = resolve(doc, n.get(PDFName.of('Names')));
    if (list instanceof PDFArray) for (let i = 1; i < list.size(); i += 2) action(list.get(i));
    const kids = resolve(doc, n.get(PDFName.of('Kids')));
    if (kids instanceof PDFArray) for (const k of kids.asArray()) walkTree(k, depth + 1);
  };
  walkTree(tree, 0);
  action(catalog.get(PDFName.of('OpenAction')));
  const first = doc.getPages()[0];
  const pageAA = first ? resolve(doc, first.node.get(PDFName.of('AA'))) : undefined;
  if (pageAA instanceof PDFDict) action(pageAA.get(PDFName.of('O')));
  for (const src of scripts) for (const [name, value] of fieldAssignments(src)) out.set(name, value);
  // Format scripts of the fields: event.value set to a literal is what the field shows.
  const acro = resolve(doc, catalog.get(PDFName.of('AcroForm')));
  const fields = acro instanceof PDFDict ? resolve(doc, acro.get(PDFName.of('Fields'))) : undefined;
  let visited = 0;
  const walkField = (f: PDFObject | undefined, prefix: string, depth: number): void => {
    const d = resolve(doc, f);
    if (!(d instanceof PDFDict) || depth > 20 || ++visited > 10_000) return;
    const t = textOf(resolve(doc, d.get(PDFName.of('T'))));
    const name = t === undefined ? prefix : prefix ? `${prefix}.${t}` : t;
    const aa = resolve(doc, d.get(PDFName.of('AA')));
    const format = aa instanceof PDFDict ? resolve(doc, aa.get(PDFName.of('F'))) : undefined;
    const src = format instanceof PDFDict ? sourceOf(format.get(PDFName.of('JS'))) : undefined;
    const m = src ? [...src.matchAll(/\bevent\s*\.\s*value\s*=\s*(["'])((?:\\[\s\S]|(?!\1)[^\\])*)\1/g)].pop() : undefined;
    if (m && name) out.set(name, unescapeLiteral(m[2]));
    const kids = resolve(doc, d.get(PDFName.of('Kids')));
    if (kids instanceof PDFArray) for (const k of kids.asArray()) walkField(k, name, depth + 1);
  };
  if (fields instanceof PDFArray) for (const f of fields.asArray()) walkField(f, '', 0);
  return out;
}
