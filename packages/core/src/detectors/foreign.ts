/**
 * marking.foreign — classification markings of other states and organisations (US, UK, NATO, EU,
 * Taiwan, Japan, Russia, Korea, and English renderings beside a Chinese marking), each only where
 * it stands as a marking: a banner or stamp alone on its line (stronger at the top or bottom of a
 * page, or in a header or footer), a portion mark at the start of a paragraph, a label–value
 * field, the US `Classified By / Declassify On` block. The forms are data ({@link FOREIGN_FORMS});
 * this module applies their placements. The same words in sentences ("top secret recipe", a
 * confidentiality disclaimer, 秘 in Japanese prose, секретно in a news story) are not markings.
 */
import { findTriggers, type Detector, type DetectContext, type FactsPart, type RawFinding, type RuleInfo, type TriggerHits } from './types.ts';
import { blockAt, type LineIndex } from './layout.ts';
import type { PartRole } from '../types.ts';
import { Score } from './cues.ts';
import { BESIDE_MARKING, FOREIGN_FORMS, PRECEDENCE_WORDS, type ForeignForm } from './foreign-forms.ts';
import { FACT_CYRILLIC, FACT_GREEK_CYRILLIC, mayHold, normalizeTerm, originalIndex, originalSlice, type NormalizedText } from '../normalize/normalize.ts';
import { message as msg } from '../i18n/index.ts';

export { FOREIGN_FORMS, type ForeignForm, type Family, type Placement } from './foreign-forms.ts';

/** Banners and stamps are short; longer lines are prose (and the patterns never run on them). */
const MAX_MARKING_LINE = 160;
/** The longest marking without its spaces, with a precedence mark or copy number beside it. */
const MAX_SQUEEZED_MARKING = 72;
/**
 * What may surround a banner or stamp on its line without making it prose: anything but a letter, a
 * digit, a quotation mark (a quoted "SECRET" is a word talked about) or a sentence's punctuation
 * (`TOP SECRET!` is a headline). Listed symbol by symbol, every symbol left out (`}TOP SECRET`,
 * `^СЕКРЕТНО`) hid the banner.
 */
/** (Those units are what is not decoration.) */
const KEPT_AT_EDGE = /[\p{L}\p{N}"'“”‘’!?.,;:！？。，；：…]/u;

/**
 * A text without that decoration at its start and its end: what `s.replace(/^[^…]+|[^…]+$/gu, '')`
 * gave, read from both ends. That pattern tried its `[^…]+$` at every place of a run of decoration
 * that does not reach the end, each try reading the rest of the run: a line of UNCLASSIFIED//LES//,
 * 80,000 blanks and a control character took 9 s.
 */
export function trimDecoration(s: string): string {
  let i = 0;
  while (i < s.length) {
    const c = String.fromCodePoint(s.codePointAt(i)!);
    if (KEPT_AT_EDGE.test(c)) break;
    i += c.length;
  }
  if (i >= s.length) return '';
  let j = s.length;
  for (;;) {
    let k = j - 1;
    const u = s.charCodeAt(k);
    if (u >= 0xdc00 && u <= 0xdfff && k > i) {
      const h = s.charCodeAt(k - 1);
      if (h >= 0xd800 && h <= 0xdbff) k--;
    }
    if (KEPT_AT_EDGE.test(s.slice(k, j))) break;
    j = k;
  }
  return s.slice(i, j);
}
/** The same at a line's start only: a field keeps its closing bracket (`機密（本案公布後解密）`). */
const LEADING_DECORATION = /^[^\p{L}\p{N}"'“”‘’!?.,;:！？。，；：…]+/u;
/** A Chinese marking a bilingual line may carry beside its English part (`机密★3年 Classified for 3 years`). */
const CN_MARK_EDGE = /^(?:绝密|机密|秘密)(?:★\S{0,12})?\s+|\s+(?:绝密|机密|秘密)(?:★\S{0,12})?$/;
const AUTHORITY = /^\s*(Classified By|Derived From|Declassify On|Declassification Date)\s*:/i;
const CUI_BLOCK = /^\s*(Controlled By|CUI Category|Limited Dissemination Control|LDC|POC)\s*:/i;

const AUTHORITY_TRIGGERS = ['Classified By', 'Derived From', 'Declassify On', 'Controlled By', 'CUI Category'];

/**
 * A trigger's words letter-spaced (`S E C R E T`) and written vertically (`S\nE\nC…`): the automaton
 * sees the text as written, so these shapes need triggers of their own.
 */
function spacedTriggers(t: string): string[] {
  if (t.startsWith('(')) return [];
  const out: string[] = [];
  for (const w of t.split(' ')) {
    const cs = [...w];
    if (cs.length < 2) continue;
    out.push(cs.join(' '), cs.join('\n'));
  }
  // Run together: vertical text read back as one line loses the spaces between words (`NATOSECRET`).
  if (t.includes(' ')) out.push(t.replace(/ /g, ''));
  // Broken over two lines anywhere inside (`СЕКР` / `ЕТНО`, `Д` / `СП`, `UK S` / `ECRET`), or by a
  // space (`TOP SECRE T`: a text layer's kerning, a line break in a text table's cell turned into a
  // space): neither piece holds the word, so every break point is a trigger of its own. A break at
  // a space may keep the space on either side.
  const cs = [...t];
  for (let i = 1; i < cs.length; i++) {
    const a = cs.slice(0, i).join('');
    const b = cs.slice(i).join('');
    if (a.endsWith(' ') || b.startsWith(' ')) {
      const x = a.trimEnd();
      const y = b.trimStart();
      if (x && y) out.push(`${x}\n${y}`, `${x} \n${y}`, `${x}\n ${y}`);
    } else {
      out.push(`${a}\n${b}`);
      // A space inside a short Latin word is too common in prose (`Tina to` holds `NA TO`): long words only.
      const word = `${a.split(' ').pop()}${b.split(' ')[0]}`;
      if ([...word].length >= (/^[\x00-\x7f]+$/.test(word) ? 6 : 3)) out.push(`${a} ${b}`);
    }
  }
  // Normalizing already closes the spaces between CJK characters (极 秘 → 极秘): those shapes are the word itself.
  return out.filter((v) => normalizeTerm(v) === v);
}
/**
 * Every form's triggers plus the authority-block words, each once; `formsOf[i]` = forms using
 * trigger i. Built on first use (normalizing every spaced and broken shape takes tens of ms): a
 * thread that loads the detectors without checking text (a CLI whose text is checked in workers)
 * never pays for it.
 */
interface TriggerTable {
  triggers: string[];
  formsOf: number[][];
  /** `formMask[i]`: the forms of trigger i, a bit per form. */
  formMask: Int32Array;
  firstAuthority: number;
}
let table: TriggerTable | undefined;
function triggerTable(): TriggerTable {
  if (table) return table;
  const triggers: string[] = [];
  const formsOf: number[][] = [];
  const index = new Map<string, number>();
  const addTrigger = (t: string, fi: number): void => {
    let i = index.get(t);
    if (i === undefined) {
      i = triggers.push(t) - 1;
      index.set(t, i);
      formsOf.push([]);
    }
    if (!formsOf[i].includes(fi)) formsOf[i].push(fi);
  };
  FOREIGN_FORMS.forEach((form, fi) => {
    for (const t of form.triggers) addTrigger(t, fi);
  });
  FOREIGN_FORMS.forEach((form, fi) => {
    for (const t of form.triggers) for (const v of spacedTriggers(t)) addTrigger(v, fi);
  });
  // A Russian word every letter of which Latin can draw (СЕКРЕТНО as CEKPETHO) holds no Cyrillic to
  // start the detector on: its Latin spelling is a trigger (see cyrillicSkeleton).
  FOREIGN_FORMS.forEach((form, fi) => {
    if (form.family === 'RU') for (const t of form.triggers) for (const w of t.split(' ')) if (ALL_LATIN_SPELLING.has(w)) addTrigger(ALL_LATIN_SPELLING.get(w)!, fi);
  });
  // A precedence mark makes its line a candidate for every form: in a flattened cover table it can
  // stand between the two pieces of a marking broken over two lines (`UK S PRIORITY` / `ECRET`).
  FOREIGN_FORMS.forEach((form, fi) => {
    if (form.placement === 'alone' || form.placement === 'alone-or-beside-cn') for (const t of PRECEDENCE_WORDS) addTrigger(t, fi);
  });
  const firstAuthority = triggers.length;
  for (const t of AUTHORITY_TRIGGERS) {
    triggers.push(t);
    formsOf.push([]);
  }
  const formMask = Int32Array.from(formsOf, (fs) => fs.reduce((m, f) => m | (1 << f), 0));
  return (table = { triggers, formsOf, formMask, firstAuthority });
}

/** A form matched on a line, in normalized offsets of the part. */
interface LineMatch {
  form: ForeignForm;
  start: number;
  end: number;
  level: string;
  /** The placement cue that made it a marking, when there is one. */
  placed?: string;
  /** Portion marks: dissemination controls or a controlled-information mark. */
  controlled?: boolean;
  /** Opens hidden text rather than standing alone: at most review. */
  hidden?: boolean;
  /** The whole value of a `name: value` property line: its neighbours are other properties, not a caption. */
  property?: boolean;
}

/** A line holding trigger hits: the forms its triggers can start (a bit per form), whether an authority-block word is on it. */
interface CandidateLine {
  line: number;
  forms: number;
  authority: boolean;
  /** What {@link matchLine} found there (null: nothing), once asked: the facts and the detector ask the same. */
  match?: LineMatch | null;
}

/** {@link matchLine} for a candidate line, asked once. */
function candidateMatch(text: string, lines: LineIndex, c: CandidateLine): LineMatch | undefined {
  if (c.match === undefined) c.match = (c.forms ? matchLine(text, lines, c.line, c.forms) : undefined) ?? null;
  return c.match ?? undefined;
}

/** The candidate lines of the last few hit lists: the document facts and the detector read the same part's hits. */
const candidateCache = new WeakMap<TriggerHits, { count: number; starts: Int32Array; index: LineIndex; lines: CandidateLine[] }>();

/**
 * Lines holding trigger hits, in line order. Hits arrive ordered by end, so lines may repeat; most
 * hits fall on the line of the hit before (every 秘 of 秘密 in regulation prose is a hit of the
 * Japanese stamp), which is recognised from the line's bounds without a lookup.
 */
function candidateLines(lines: LineIndex, hits: TriggerHits): CandidateLine[] {
  const cached = candidateCache.get(hits);
  // The same hits over the same lines (of the same text): the answers, matches included, hold.
  if (cached && cached.count === hits.count && cached.starts === hits.starts && cached.index === lines) return cached.lines;
  const { formMask, firstAuthority } = triggerTable();
  // Per line: its forms, and 1 + whether an authority word is on it (0: no hit on the line yet).
  const forms = new Int32Array(lines.count);
  const seen = new Uint8Array(lines.count);
  const touched: number[] = [];
  let l = -1;
  // [lo, hi): the offsets of line l.
  let lo = 0;
  let hi = -1;
  for (let k = 0; k < hits.count; k++) {
    const at = hits.starts[k];
    if (at < lo || at >= hi) {
      l = lines.lineOf(at);
      lo = lines.lineStart(l);
      hi = l + 1 < lines.count ? lines.lineStart(l + 1) : 0x7fffffff;
      if (seen[l] === 0) {
        seen[l] = 1;
        touched.push(l);
      }
    }
    const t = hits.triggers[k];
    if (t >= firstAuthority) seen[l] = 2;
    else forms[l] |= formMask[t];
  }
  // Hits come ordered by end: lines are in order but for a few overlapping hits.
  let ordered = true;
  for (let i = 1; i < touched.length && ordered; i++) ordered = touched[i - 1] < touched[i];
  if (!ordered) touched.sort((a, b) => a - b);
  const out = touched.map((line): CandidateLine => ({ line, forms: forms[line], authority: seen[line] === 2 }));
  candidateCache.set(hits, { count: hits.count, starts: hits.starts, index: lines, lines: out });
  return out;
}

/** A footnote's number before its text (`① ` folds to `1 `, `[2]`): what a footnote holding only a marking starts with. */
// Normalizing drops the space between a digit and a CJK character (`① 極機密` → `1极机密`).
const NOTE_NUMBER = /^\[?\d{1,3}[.)\]]?(?:\s+|(?=[\u3400-\u9fff\uac00-\ud7af]))/;
/** Cells of a table row written as text (`| SECRET | PRIORITY |`, tab-separated). */
const CELL_SEPARATOR = /[|\t│｜]/;

/**
 * A pattern with its spaces made optional, outside character classes: matched against text with all
 * whitespace removed, it finds letter-spaced (`S E C R E T // N O F O R N`), vertical (one
 * character a line) and line-broken markings.
 */
function loosen(re: RegExp): RegExp {
  let out = '';
  let inClass = false;
  const src = re.source;
  for (let i = 0; i < src.length; i++) {
    const c = src[i];
    if (c === '\\') {
      const pair = src.slice(i, i + 2);
      if (!inClass && pair === '\\s' && (src[i + 2] === '*' || src[i + 2] === '+')) {
        out += '\\s*';
        i += 2;
        continue;
      }
      out += pair;
      i++;
      continue;
    }
    if (c === '[') inClass = true;
    else if (c === ']') inClass = false;
    out += !inClass && c === ' ' ? '\\s*' : c;
  }
  return new RegExp(out, re.flags);
}
const LOOSE = FOREIGN_FORMS.map((f) => loosen(f.pattern));
/** The forms placed at a paragraph's start, a bit per form (as in a candidate line's `forms`). */
const PARAGRAPH_START_FORMS = FOREIGN_FORMS.reduce((m, f, fi) => (f.placement === 'paragraph-start' ? m | (1 << fi) : m), 0);
/** Letter-spaced: at least three single characters standing between spaces. */
function letterSpaced(s: string): boolean {
  let singles = 0;
  // A bracket or stop against a letter does not make it a word (`(U//F O U O)`).
  for (const t of s.split(/\s+/)) if ([...t.replace(/[()[\]{}.,;:!?'"]/g, '')].length === 1 && ++singles >= 3) return true;
  return false;
}
const squeeze = (s: string): string => s.replace(/\s+/g, '');

/** Tries the line-standing forms among `forms` on `s` (all of it); `loose`: `s` is squeezed, patterns loosened. */
function standing(s: string, at: number, end: number, forms: number, loose: boolean, placed: string): LineMatch | undefined {
  for (let fi = 0; fi < FOREIGN_FORMS.length; fi++) {
    if (!(forms & (1 << fi))) continue;
    const form = FOREIGN_FORMS[fi];
    if (form.placement === 'paragraph-start' || form.placement === 'field') continue;
    const m = (loose ? LOOSE[fi] : form.pattern).exec(s);
    if (m) return { form, start: at, end, level: m.groups?.level ?? s, placed };
  }
  return undefined;
}

function stripEdges(text: string, from: number, to: number): { s: string; at: number } {
  const line = text.slice(from, to);
  const lead = /^[\s*★#>=_~|\-–—【】[\]〔〕「」『』<>《》()（）]*/.exec(line)![0].length;
  return { s: trimDecoration(line), at: from + lead };
}

/** The first form (in table order) among `forms` that stands on line `l` as its placement requires. */
function matchLine(text: string, lines: LineIndex, l: number, forms: number): LineMatch | undefined {
  const ls = lines.lineStart(l);
  const le = lines.lineEnd(l);
  const short = le - ls <= MAX_MARKING_LINE;
  // On a long line only a paragraph-start form can match (its head is read), or a cell of a long
  // table row (a spreadsheet row read as one line): prose lines holding 秘 of 秘密 end here, not
  // after a pass over every form.
  if (!short && (forms & PARAGRAPH_START_FORMS) === 0) return inCells(text, ls, le, forms);
  let stripped: { s: string; at: number } | undefined;
  for (let fi = 0; fi < FOREIGN_FORMS.length; fi++) {
    if (!(forms & (1 << fi))) continue;
    const form = FOREIGN_FORMS[fi];
    if (form.placement === 'paragraph-start') {
      // Only the line's first characters matter: long prose lines are fine here. A table row's
      // first cell (`| (S) text |`) starts its own paragraph.
      const lead = /^[|│｜\t ]*(?:\[?\d{1,3}[.)\]]?\s+)?/.exec(text.slice(ls, Math.min(le, ls + 12)))![0].length;
      const head = text.slice(ls + lead, Math.min(le, ls + lead + 64));
      const m = form.pattern.exec(head);
      if (!m) continue;
      const open = head.indexOf('(');
      const mark = head.slice(open, head.indexOf(')', open) + 1);
      return { form, start: ls + lead + open, end: ls + lead + open + mark.length, level: m.groups?.level ?? mark, controlled: /\/\/|CUI/.test(mark) };
    }
    if (!short) continue;
    if (form.placement === 'field') {
      // The whole line is the field, closing bracket of its condition included.
      const line = text.slice(ls, le);
      // A stray symbol before the label (`<密等及解密條件：機密`) is no word of the line.
      const body = line.trim().replace(LEADING_DECORATION, '');
      const m = form.pattern.exec(body);
      if (m) return { form, start: ls + line.indexOf(body), end: ls + line.indexOf(body) + body.length, level: m.groups?.level ?? body, placed: 'label–value field on its own line' };
      continue;
    }
    const { s, at } = (stripped ??= stripEdges(text, ls, le));
    const m = form.pattern.exec(s);
    if (m) return { form, start: at, end: at + s.length, level: m.groups?.level ?? s, placed: 'stands alone on its line' };
    if (form.placement === 'alone-or-beside-cn') {
      const edge = CN_MARK_EDGE.exec(s);
      if (!edge) continue;
      const rest = edge.index === 0 ? s.slice(edge[0].length) : s.slice(0, edge.index);
      const restAt = edge.index === 0 ? at + edge[0].length : at;
      const r = form.pattern.exec(rest);
      if (r) return { form, start: restAt, end: restAt + rest.length, level: r.groups?.level ?? rest, placed: 'beside a Chinese marking on its line' };
    }
  }
  if (!short) return inCells(text, ls, le, forms);
  const { s, at } = (stripped ??= stripEdges(text, ls, le));
  // A banner with dissemination controls and a stray full stop after it (`TOP SECRET//NOFORN .`):
  // no sentence is only a banner.
  if (s.includes('//') && /[.。]$/.test(s)) {
    const bare = s.replace(/[\s.。]+$/, '');
    const r = standing(bare, at, at + bare.length, forms, false, 'stands alone on its line');
    if (r) return r;
  }
  // A footnote holding only the marking, after its number (`① (U//FOUO)`: its brackets are decoration).
  const note = NOTE_NUMBER.exec(s);
  if (note) {
    const raw = s.slice(note[0].length);
    const lead = /^[\s*★#>=_~|\-–—【】[\]〔〕「」『』<>《》()（）]*/.exec(raw)![0].length;
    const rest = trimDecoration(raw);
    const from = at + note[0].length + lead;
    const r =
      standing(rest, from, from + rest.length, forms, false, 'stands alone in its note') ??
      (letterSpaced(rest) ? standing(trimDecoration(squeeze(rest)), from, from + rest.length, forms, true, 'letter-spaced, alone in its note') : undefined);
    if (r) return r;
  }
  // A table row written as text: each cell stands on its own.
  if (CELL_SEPARATOR.test(s)) {
    const r = inCells(text, ls, le, forms);
    if (r) return r;
  }
  if (letterSpaced(s)) {
    const r = standing(trimDecoration(squeeze(s)), at, at + s.length, forms, true, 'letter-spaced, alone on its line');
    if (r) return r;
  }
  // Markings are short: a longer line is prose, whatever its spaces.
  if (squeeze(s).length > MAX_SQUEEZED_MARKING) return undefined;
  if (!letterSpaced(s)) {
    // Run together (`NATOSECRET`: vertical text read back as one line loses its word spaces) or a
    // word broken by a space (`Совершенн о секретно`: a line break in a text table's cell).
    const r = standing(trimDecoration(squeeze(s)), at, at + s.length, forms, true, 'stands alone on its line, spaces lost or misplaced');
    if (r) return r;
  }
  return besideMarking(s, at, forms);
}

/**
 * The first cell of a table row written as text that holds a marking alone (cells longer than a
 * marking line are prose, so a long line without cell separators gives nothing).
 */
function inCells(text: string, ls: number, le: number, forms: number): LineMatch | undefined {
  let from = ls;
  for (const cell of text.slice(ls, le).split(CELL_SEPARATOR)) {
    const cellStart = from;
    from += cell.length + 1;
    if (cell.length > MAX_MARKING_LINE) continue;
    const c = stripEdges(text, cellStart, cellStart + cell.length);
    if (!c.s) continue;
    const r = standing(c.s, c.at, c.at + c.s.length, forms, false, 'stands alone in a table cell') ?? standing(squeeze(c.s), c.at, c.at + c.s.length, forms, true, letterSpaced(c.s) ? 'letter-spaced, alone in a table cell' : 'alone in a table cell, spaces lost or misplaced');
    if (r) return r;
  }
  return undefined;
}

/**
 * The marking with a precedence mark or copy number beside it on its line (a cover table's first
 * row whose cells were joined): the rest of the line must be the marking alone.
 */
function besideMarking(s: string, at: number, forms: number): LineMatch | undefined {
  for (const side of ['after', 'before'] as const) {
    const m = BESIDE_MARKING[side].exec(s);
    if (!m) continue;
    const rest = side === 'after' ? s.slice(0, m.index) : s.slice(m[0].length);
    const from = side === 'after' ? at : at + m[0].length;
    const t = trimDecoration(rest);
    if (!t) continue;
    const lead = rest.length - rest.trimStart().length;
    const placed = 'stands on its line beside a precedence mark or copy number';
    const r = standing(t, from + lead, from + lead + t.length, forms, false, placed) ?? standing(squeeze(t), from + lead, from + lead + t.length, forms, true, placed);
    if (r) return r;
  }
  return undefined;
}

/** Whitespace as `\s` and `trim()` know it (ECMAScript WhiteSpace and LineTerminator). */
function isSpace(c: number): boolean {
  return c === 0x20 || (c >= 0x09 && c <= 0x0d) || c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

/**
 * Whether line `k` has more than MAX_BROKEN_LINE letters: a letter-spaced line counts by its
 * letters (`C O N T R O L L E D … I O` / `N` is one broken marking). Only that comparison matters,
 * so a prose line is not squeezed whole.
 */
function brokenTooLong(lines: LineIndex, k: number): boolean {
  return lettersExceed(lines.text, lines.lineStart(k), lines.lineEnd(k), MAX_BROKEN_LINE);
}

/** `lines.lineText(k).trim().length`, without building the strings. */
function trimmedLength(lines: LineIndex, k: number): number {
  const text = lines.text;
  let a = lines.lineStart(k);
  let b = lines.lineEnd(k);
  while (a < b && isSpace(text.charCodeAt(a))) a++;
  while (b > a && isSpace(text.charCodeAt(b - 1))) b--;
  return b - a;
}

/** Whether [from, to) holds more than `max` units that are not whitespace (`squeeze(…).length > max`), reading no further than needed. */
function lettersExceed(text: string, from: number, to: number, max: number): boolean {
  let n = 0;
  for (let i = from; i < to; i++) if (!isSpace(text.charCodeAt(i)) && ++n > max) return true;
  return false;
}

/** Lines short enough to be one character of vertical text, or one piece of a broken marking. */
const MAX_VERTICAL_LINE = 3;
const MAX_BROKEN_LINE = 40;

/**
 * A marking written vertically (one character a line) or broken over two short lines: the run of
 * lines around `l` squeezed together must be the whole marking.
 */
function matchAcrossLines(text: string, lines: LineIndex, l: number, forms: number): { m: LineMatch; last: number } | undefined {
  // Module functions, not closures made per call: this runs for every line holding a trigger.
  if (trimmedLength(lines, l) <= MAX_VERTICAL_LINE) {
    let a = l;
    let b = l;
    while (a > 0 && trimmedLength(lines, a - 1) > 0 && trimmedLength(lines, a - 1) <= MAX_VERTICAL_LINE) a--;
    while (b + 1 < lines.count && trimmedLength(lines, b + 1) > 0 && trimmedLength(lines, b + 1) <= MAX_VERTICAL_LINE) b++;
    if (b - a >= 1) {
      const from = lines.lineStart(a);
      const to = lines.lineEnd(b);
      const s = trimDecoration(squeeze(text.slice(from, to)));
      const m = standing(s, from, to, forms, true, 'written vertically, one character a line');
      if (m) return { m, last: b };
    }
  }
  if (brokenTooLong(lines, l)) return undefined;
  for (const [a, b] of [[l, l + 1], [l - 1, l]]) {
    if (a < 0 || b >= lines.count || trimmedLength(lines, a) === 0 || trimmedLength(lines, b) === 0 || brokenTooLong(lines, a) || brokenTooLong(lines, b)) continue;
    const from = lines.lineStart(a);
    const to = lines.lineEnd(b);
    const s = squeeze(trimDecoration(text.slice(from, to)));
    const m = standing(s, from, to, forms, true, 'broken over two short lines');
    if (m) return { m, last: b };
    // In a table cell the break sits between the cell's two lines, with the row's other cells
    // (a precedence mark) on either line: keep the pieces that meet at the break.
    const head = piece(lines.lineText(a), 'last');
    const tail = piece(lines.lineText(b), 'first');
    if (head === undefined || tail === undefined) continue;
    const t = trimDecoration(squeeze(`${head}${tail}`));
    if (t !== s) {
      const r = standing(t, from, to, forms, true, 'broken over two short lines of a table cell');
      if (r) return { m: r, last: b };
    }
  }
  return undefined;
}

/** The cell of a row written as text nearest the break (`last` cell of the line above, `first` of the line below), its precedence mark taken off. */
function piece(line: string, which: 'first' | 'last'): string | undefined {
  const cells = line.split(CELL_SEPARATOR).map((c) => c.trim()).filter((c) => c);
  let c = which === 'last' ? cells[cells.length - 1] : cells[0];
  if (c === undefined) return undefined;
  const after = BESIDE_MARKING.after.exec(c);
  if (after && after.index > 0) c = c.slice(0, after.index);
  const before = BESIDE_MARKING.before.exec(c);
  if (before && before[0].length < c.length) c = c.slice(before[0].length);
  return c;
}

/** A caption or table header that presents what follows as examples, not as this document's marking. */
// "sample" names examples only as sample markings, banners, pages (not soil samples, a sample analysis).
const EXAMPLE_CONTEXT = /\b(?:examples?|glossary|samples?(?=\s*[:：]|\s+(?:markings?|banners?|portion marks?|pages?|documents?|headers?|footers?|cover sheets?)\b)|specimens?|illustrat(?:ion|ive)|invented|fictitious|reference only|for training)\b|示例|举例|样例|例如|虚构|范例|写法|供学习|判断下列/i;

/** Whether one of the few lines above `l` introduces examples (a glossary table, a training sheet). */
function introducedAsExamples(lines: LineIndex, l: number): boolean {
  for (let k = 0; k < 4; k++) {
    const t = lines.neighbour(l, -1, k);
    if (t === undefined) return false;
    if (EXAMPLE_CONTEXT.test(t) && !EXAMPLES_ELSEWHERE.test(t)) return true;
  }
  return false;
}

/** A level of some scheme standing as a whole cell or line (English levels, and the Chinese ones a bilingual table glosses them with). */
const LEVEL_VALUE = /^(?:TOP SECRET|SECRET|CONFIDENTIAL|RESTRICTED|UNCLASSIFIED|OFFICIAL|OFFICIAL-SENSITIVE|INTERNAL|PUBLIC|SENSITIVE|绝密|机密|秘密|内部|公开|非密)$/i;

/**
 * Whether two or more other levels (not `own`) stand as whole cells or lines within four lines of
 * line `l`: a list of levels (an enum's table, a grading scheme), where a banner beside one gloss
 * (机密 / CONFIDENTIAL) or a changed marking beside the old one has one at most.
 */
function amongOtherLevels(lines: LineIndex, l: number, own: string): boolean {
  const others = new Set<string>();
  const self = own.replace(/\s+/g, ' ').trim().toUpperCase();
  for (let d = -4; d <= 4; d++) {
    if (d === 0 || l + d < 0 || l + d >= lines.count) continue;
    for (const cell of lines.lineText(l + d).split(/[|│｜\t]| {2,}/)) {
      const v = cell.trim().toUpperCase();
      if (v !== self && LEVEL_VALUE.test(v)) others.add(v);
    }
  }
  return others.size >= 2;
}

/** A sentence that sends the reader to examples elsewhere (given in the annex below, see Appendix B): what follows it is not them. */
const EXAMPLES_ELSEWHERE = /\b(?:given|shown|listed|found|are|is)\s+(?:in|at)\s+(?:the\s+)?(?:annex|appendix|attachment|enclosure|chapter|section)\b|\bsee\s+(?:the\s+)?(?:annex|appendix|attachment|enclosure|chapter|section)\b|见附件|见附录/i;

/**
 * Whether line `l` sits inside a wrapped sentence: the line before ends mid-sentence (a lowercase
 * word or a comma) and the line after goes on in lowercase (`documents marked` / SECRET UE /
 * `had been stored`).
 */
function insideSentence(lines: LineIndex, l: number): boolean {
  if (l === 0 || l + 1 >= lines.count) return false;
  return /[a-z,]$/.test(lines.lineText(l - 1).trimEnd()) && /^[a-z]/.test(lines.lineText(l + 1).trimStart());
}

/** Whether a neighbouring line starts with a letter label that is no portion mark (`(A)`, `(b)`, `(D)`). */
function inLetteredList(lines: LineIndex, l: number): boolean {
  for (const d of [-1, 1] as const) {
    const t = lines.neighbour(l, d);
    if (t && /^\(?(?![USC]\))[A-Za-z][).]\s/.test(t)) return true;
  }
  return false;
}

/** Roles nobody reads on the page: a marking that opens such text (alt text, a comment, a property) is at least looked at. */
const HIDDEN_ROLES: ReadonlySet<PartRole> = new Set<PartRole>(['alt-text', 'comment', 'properties', 'metadata', 'html-comment', 'hidden', 'annotation', 'field']);
const PREFIX = FOREIGN_FORMS.map((f) => (f.placement === 'paragraph-start' || f.placement === 'field' ? undefined : new RegExp(f.pattern.source.replace(/\$$/, '(?=[\\s,.;:，。、]|$)'), f.pattern.flags)));
const PREFIX_CJK = FOREIGN_FORMS.map((f) => (f.placement === 'paragraph-start' || f.placement === 'field' ? undefined : new RegExp(f.pattern.source.replace(/\$$/, ''), f.pattern.flags)));
/**
 * Where a marking opening hidden text may end: at a space or punctuation, or, for a CJK marking
 * of three characters or more (绝对机密, 取扱注意, 대외비), anywhere — normalizing drops the space
 * between CJK characters, and such a word does not begin an ordinary one. A lone 秘 must not
 * take 秘書 with it.
 */
function endsWord(mark: string, next: string | undefined, separated = false): boolean {
  if (next === undefined || separated || /[\s,.;:，。、]/.test(next)) return true;
  return [...mark].length >= 3 && /[\u3400-\u9fff\uac00-\ud7af]$/.test(mark);
}

const LOOSE_PREFIX: Array<RegExp | undefined> = [];
function loosePrefix(fi: number): RegExp {
  return (LOOSE_PREFIX[fi] ??= new RegExp(LOOSE[fi].source.replace(/\$$/, ''), LOOSE[fi].flags));
}

/** The form opening the first line of hidden text (`RESTREINT UE/EU RESTRICTED depot layout diagram`). */
function matchOpening(norm: DetectContext['norm'], lines: LineIndex, l: number, forms: number): LineMatch | undefined {
  const text = norm.text;
  // Normalizing closes the space between ideographs (`極秘 物资分布示意图` → `极秘物资分布示意图`):
  // the original tells whether the marking ended there.
  const separated = (end: number): boolean => end < text.length && /[\s\-_—–·|/,，;；:：]/.test(originalSlice(norm, originalIndex(norm, end - 1) + 1, originalIndex(norm, end)));
  if (lines.contentLineNumber(l) !== 0) return undefined;
  const ls = lines.lineStart(l);
  const { s, at } = stripEdges(text, ls, Math.min(lines.lineEnd(l), ls + MAX_MARKING_LINE));
  for (let fi = 0; fi < FOREIGN_FORMS.length; fi++) {
    if (!(forms & (1 << fi)) || !PREFIX[fi]) continue;
    let m = PREFIX[fi]!.exec(s);
    if (!m) {
      const c = PREFIX_CJK[fi]!.exec(s);
      if (c && endsWord(c[0], s[c[0].length], separated(at + c[0].length))) m = c;
    }
    if (m) return { form: FOREIGN_FORMS[fi], start: at, end: at + m[0].length, level: m.groups?.level ?? m[0], placed: 'opens hidden text', hidden: true };
  }
  // Letter-spaced (`N A T O   S E C R E T depot layout`): squeezed, the marking ends where capitals stop.
  if (!letterSpaced(s)) return undefined;
  const q = squeeze(s);
  for (let fi = 0; fi < FOREIGN_FORMS.length; fi++) {
    if (!(forms & (1 << fi)) || !PREFIX_CJK[fi]) continue;
    const m = loosePrefix(fi).exec(q);
    if (m && (q[m[0].length] === undefined || !/[A-Z0-9]/.test(q[m[0].length]) || endsWord(m[0], q[m[0].length]))) {
      return { form: FOREIGN_FORMS[fi], start: at, end: at + s.length, level: m.groups?.level ?? m[0], placed: 'opens hidden text, letter-spaced', hidden: true };
    }
  }
  return undefined;
}

/** A property written `name: value` (`author: TOP SECRET//NOFORN`, `title: SECRET`): the value alone is the marking. */
const PROPERTY_LABEL = /^[^:：\n]{1,40}[:：][ \t]*/;

/** The marking as the whole value of a `name: value` line of hidden text (document properties, metadata). */
function labelledValue(text: string, lines: LineIndex, l: number, forms: number): LineMatch | undefined {
  const ls = lines.lineStart(l);
  // A value padded with blanks (a fixed-width field of a property set) is the value without them.
  const le = ls + text.slice(ls, lines.lineEnd(l)).trimEnd().length;
  if (le - ls > MAX_MARKING_LINE) return undefined;
  const label = PROPERTY_LABEL.exec(text.slice(ls, le));
  if (!label) return undefined;
  const { s, at } = stripEdges(text, ls + label[0].length, le);
  if (!s) return undefined;
  const r = standing(s, at, at + s.length, forms, false, 'the whole value of a property');
  return r && { ...r, hidden: true, property: true };
}

function inPageFurniture(role: PartRole): boolean {
  return role === 'header' || role === 'footer';
}

function hitsOf(ctx: { norm: { text: string }; hits?: TriggerHits }): TriggerHits {
  // Called outside the engine (no hits handed over), the detector finds its triggers itself.
  return ctx.hits ?? findTriggers(ctx.norm.text, triggerTable().triggers);
}

/** Whether a part carries a block-severity banner or stamp: portion marks elsewhere become credible. */
function carriesBanner(p: FactsPart): boolean {
  if (!p.hits || p.hits.count === 0) return false;
  const text = p.norm.text;
  for (const c of candidateLines(p.lines, p.hits)) {
    const m = candidateMatch(text, p.lines, c);
    if (m && m.form.severity === 'block' && m.form.placement !== 'paragraph-start') return true;
  }
  return false;
}

const RULES: readonly RuleInfo[] = [
  {
    id: 'marking.foreign',
    title: 'Foreign classification marking',
    defaultSeverity: 'block',
    finds:
      'Classification markings of other states and organisations where they stand as markings: US banners ' +
      '(TOP SECRET//NOFORN, SECRET//REL TO USA, GBR) and portion marks ((TS//NF), (S); (U) is nothing), the ' +
      'Classified By / Derived From / Declassify On block; UK SECRET and TOP SECRET; NATO RESTRICTED to COSMIC ' +
      'TOP SECRET; EU RESTREINT UE/EU RESTRICTED to TRÈS SECRET UE/EU TOP SECRET; Taiwan 極機密, 絕對機密 and the ' +
      '密等及解密條件 field; Japanese 極秘; Russian СЕКРЕТНО, СОВЕРШЕННО СЕКРЕТНО, ОСОБОЙ ВАЖНОСТИ; Korean Ⅰ/Ⅱ/Ⅲ급비밀; ' +
      'English periods beside a Chinese marking (机密★3年 Classified for 3 years). Handling caveats ask for review: ' +
      'CUI, CONTROLLED, FOR OFFICIAL USE ONLY/FOUO, UNCLASSIFIED//FOR OFFICIAL USE ONLY, (U//FOUO), LAW ENFORCEMENT ' +
      'SENSITIVE, UK OFFICIAL-SENSITIVE, a bare CONFIDENTIAL or RESTRICTED, Japanese 秘 and 取扱注意, Russian ДСП, ' +
      'Korean 대외비 and 비밀. A banner counts in capitals alone on its line (stronger at the top or bottom of a page or ' +
      'in a header or footer), a stamp alone on its line, a portion mark at a paragraph start — also broken over two short ' +
      'lines anywhere inside a word, written one character a line, letter-spaced or run together, and beside a precedence ' +
      'mark or copy number on its line (a cover table row whose cells were joined). "top secret recipe", a ' +
      'film called "Top Secret!", a lowercase confidentiality disclaimer, "Secret Service", 秘 in Japanese prose and ' +
      'секретно in a news sentence are not markings.',
    why: 'Classified material of another state must not be published; its presence also means the source needs checking. Handling caveats (FOUO, CUI, ДСП, 대외비) say the author did not mean the text for the public.',
  },
];

export const foreign: Detector = {
  id: 'marking.foreign',
  title: 'Foreign classification marking',
  summary: 'Foreign classification marking (US, UK, NATO, EU, Taiwan, Japan, Russia, Korea) standing as a marking',
  docs: 'marking-foreign',
  defaultSeverity: 'block',
  rules: RULES,
  get triggers() {
    return triggerTable().triggers;
  },
  documentFacts(parts: readonly FactsPart[]) {
    return { foreignBanner: parts.some(carriesBanner) };
  },
  mayMatchWithoutTriggers: (text, norm) => (norm ? mayHold(norm, FACT_GREEK_CYRILLIC) : SCRIPTS_WITH_LOOKALIKES.test(text)) && /[A-Za-z]/.test(text),
  detect(ctx: DetectContext): RawFinding[] {
    const out = detectIn(ctx);
    // A banner typed with Cyrillic or Greek letters that look Latin (SЕCRЕT with Cyrillic Е) looks
    // like the banner and matches nothing: read such lines once more with those letters as Latin.
    // And the other way: a Russian marking word typed (wholly or partly) in Latin letters that look
    // Cyrillic (CEKPETHO, СЕKРЕТНО) is read once more as Cyrillic.
    readAgain(ctx, out, latinSkeleton(ctx.norm.text, ctx.norm), LOOKALIKE_CUE);
    readAgain(ctx, out, cyrillicSkeleton(ctx.norm.text, ctx.norm), CYRILLIC_LOOKALIKE_CUE);
    return out.sort((a, b) => a.start - b.start);
  },
};

/** Runs the detector over `skeleton` (the text with some letters read as another script, one for one) and adds what it finds anew. */
function readAgain(ctx: DetectContext, out: RawFinding[], skeleton: string | undefined, cue: string): void {
  if (skeleton === undefined) return;
  const units = new Uint16Array(skeleton.length);
  for (let i = 0; i < skeleton.length; i++) units[i] = skeleton.charCodeAt(i);
  // One letter for one: offsets, the map and the lines stay the outer text's.
  // Not the outer text's facts: the skeleton holds letters the outer text does not.
  const norm = Object.create(ctx.norm, { text: { value: skeleton }, units: { value: units }, facts: { value: undefined } }) as DetectContext['norm'];
  for (const f of detectIn({ ...ctx, norm, hits: findTriggers(skeleton, triggerTable().triggers) })) {
    if (out.some((o) => o.start < f.end && f.start < o.end)) continue;
    out.push({ ...f, explanation: { ...f.explanation, cues: [...f.explanation.cues, { cue, delta: 0 }] } });
  }
}

/** Greek and Cyrillic. */
const SCRIPTS_WITH_LOOKALIKES = /[\u0370-\u03ff\u0400-\u052f]/;

/** The cue on a banner found only with look-alike letters read as Latin. */
export const LOOKALIKE_CUE = 'written with Cyrillic or Greek letters that look Latin (SЕCRЕT): read as Latin';

/** Cyrillic and Greek letters drawn like a Latin one, and that Latin letter. */
const LOOKALIKES: ReadonlyMap<string, string> = new Map(
  'АA ВB ЕE КK МM НH ОO РP СC ТT ХX УY аa еe оo рp сc уy хx іi ІI јj ЈJ ѕs ЅS ԁd ԛq ԜW ԝw ҮY ΑA ΒB ΕE ΖZ ΗH ΙI ΚK ΜM ΝN ΟO ΡP ΤT ΥY ΧX οo νv ιi'.split(' ').map((pair) => [pair[0], pair[1]]),
);
const LOOKALIKE_RE = new RegExp(`[${[...LOOKALIKES.keys()].join('')}]`, 'g');

/** The cue on a Russian marking found only with Latin look-alike letters read as Cyrillic. */
export const CYRILLIC_LOOKALIKE_CUE = 'written with Latin letters that look Cyrillic (CEKPETHO): read as Cyrillic';

/** Latin letters drawn like a Cyrillic one, and that Cyrillic letter (capitals, and the lower-case letters that look alike too). */
const CYRILLIC_LOOKALIKES: ReadonlyMap<string, string> = new Map(
  'AА BВ CС EЕ HН KК MМ OО PР TТ XХ YУ aа cс eе oо pр xх yу'.split(' ').map((pair) => [pair[0], pair[1]]),
);
const LATIN_FOR = new Map([...CYRILLIC_LOOKALIKES].map(([latin, cyr]) => [cyr, latin]));

/**
 * The words of the Russian forms' triggers, and in capitals (СЕКРЕТНО, СОВЕРШЕННО, ОСОБОЙ, ДСП…): a
 * word read as Cyrillic must be one of them, whole, or it is left as written — an English word made
 * of look-alike letters (BOOK, HOPE, TOP, COMET) is no Russian marking word and stays English.
 */
const RU_WORDS: ReadonlySet<string> = new Set(FOREIGN_FORMS.filter((f) => f.family === 'RU').flatMap((f) => f.triggers.flatMap((t) => t.split(' ').flatMap((w) => [w, w.toUpperCase()]))));

/** Russian marking words Latin can write whole (СЕКРЕТНО → CEKPETHO), and that spelling. */
const ALL_LATIN_SPELLING: ReadonlyMap<string, string> = new Map(
  [...RU_WORDS].filter((w) => [...w].every((c) => LATIN_FOR.has(c))).map((w) => [w, [...w].map((c) => LATIN_FOR.get(c)!).join('')]),
);
const ALL_LATIN_RE = ALL_LATIN_SPELLING.size ? new RegExp([...ALL_LATIN_SPELLING.values()].join('|')) : undefined;
/** A word of Latin look-alike letters and Cyrillic, standing whole (no letter of either script beside it). */
const MIXED_WORD = /(?<![A-Za-z\u0400-\u04ff])[ABCEHKMOPTXYaceopxy\u0400-\u04ff]{3,}(?![A-Za-z\u0400-\u04ff])/g;
const CYRILLIC = /[\u0400-\u04ff]/;

/**
 * The text with every whole word that mixes Latin look-alike letters into Cyrillic, or writes a
 * Russian marking word wholly in them, read as Cyrillic — only where the word read so is a word of
 * a Russian marking form ({@link RU_WORDS}); undefined when there is none. One letter for one.
 */
export function cyrillicSkeleton(text: string, norm?: Pick<NormalizedText, 'facts'>): string | undefined {
  // Only a text with Cyrillic in it, or a whole-Latin spelling of a marking word, can hold one
  // (`norm`: the normalizer's facts of `text`, which say without a scan when it holds no Cyrillic).
  const cyrillic = (!norm || mayHold(norm, FACT_CYRILLIC)) && CYRILLIC.test(text);
  if (!cyrillic && !ALL_LATIN_RE?.test(text)) return undefined;
  let out = '';
  let copied = 0;
  MIXED_WORD.lastIndex = 0;
  for (let m = MIXED_WORD.exec(text); m; m = MIXED_WORD.exec(text)) {
    const w = m[0];
    if (!/[A-Za-z]/.test(w)) continue;
    const cyr = w.replace(/[A-Za-z]/g, (c) => CYRILLIC_LOOKALIKES.get(c)!);
    if (!RU_WORDS.has(cyr)) continue;
    out += text.slice(copied, m.index) + cyr;
    copied = m.index + w.length;
  }
  return copied === 0 ? undefined : out + text.slice(copied);
}

/**
 * The text with look-alike Cyrillic and Greek letters read as Latin on every line that also holds
 * Latin letters (one letter for one); undefined when no line has both. Lines in one script are
 * left alone: СЕКРЕТНО stays Russian.
 */
export function latinSkeleton(text: string, norm?: Pick<NormalizedText, 'facts'>): string | undefined {
  // The normalizer saw no Greek or Cyrillic letter in `text`: nothing to read as Latin.
  if (norm && !mayHold(norm, FACT_GREEK_CYRILLIC)) return undefined;
  // Only the lines that hold a Greek or Cyrillic letter are looked at (found with one search over
  // the text): a text with a stray α or Д is not split into lines and rebuilt whole.
  const letters = new RegExp(SCRIPTS_WITH_LOOKALIKES.source, 'g');
  let out = '';
  let copied = 0;
  for (let m = letters.exec(text); m; m = letters.exec(text)) {
    const start = text.lastIndexOf('\n', m.index) + 1;
    let end = text.indexOf('\n', m.index);
    if (end < 0) end = text.length;
    const line = text.slice(start, end);
    if (/[A-Za-z]/.test(line)) {
      const latin = line.replace(LOOKALIKE_RE, (c) => LOOKALIKES.get(c) ?? c);
      if (latin !== line) {
        out += text.slice(copied, start) + latin;
        copied = end;
      }
    }
    letters.lastIndex = end;
  }
  return copied === 0 ? undefined : out + text.slice(copied);
}

function detectIn(ctx: DetectContext): RawFinding[] {
  const { norm, lines, documentHints, part } = ctx;
  const text = norm.text;
  const out: RawFinding[] = [];
  const authorityLines: number[] = [];
  const cuiLines: number[] = [];
  const candidates = candidateLines(lines, hitsOf(ctx));
  const hiddenRole = HIDDEN_ROLES.has(part.role);
  let through = -1;
  for (const c of candidates) {
    const l = c.line;
    if (l <= through) continue;
    let m = candidateMatch(text, lines, c);
    if (!m && c.forms) {
      const across = matchAcrossLines(text, lines, l, c.forms);
      if (across) {
        m = across.m;
        through = across.last;
      }
    }
    if (!m && c.forms && hiddenRole) m = matchOpening(norm, lines, l, c.forms) ?? labelledValue(text, lines, l, c.forms);
    if (!m) {
      if (c.authority) {
        const head = text.slice(lines.lineStart(l), Math.min(lines.lineEnd(l), lines.lineStart(l) + 64));
        if (AUTHORITY.test(head)) authorityLines.push(l);
        else if (CUI_BLOCK.test(head)) cuiLines.push(l);
      }
      continue;
    }
    const { form } = m;
    // The banner standing among examples (a glossary table, a training sheet) is one of them.
    const ml = lines.lineOf(m.start);
    if (!m.property && introducedAsExamples(lines, ml)) continue;
    // One value of a list of levels, one a line or a row (an API's enum table PUBLIC / INTERNAL /
    // SECRET / CONFIDENTIAL, a data-grading scheme): not this document's banner.
    if (!m.property && !m.hidden && form.placement !== 'paragraph-start' && amongOtherLevels(lines, ml, text.slice(m.start, m.end))) continue;
    // Inside a wrapped sentence a banner is a word of it (`documents marked` / SECRET UE / `had been
    // stored`); one with dissemination controls (`TOP SECRET//NOFORN`) may as well be the page's
    // banner between two pages' prose: looked at, not passed.
    const wrapped = !m.hidden && insideSentence(lines, ml);
    if (wrapped && !/\/\//.test(text.slice(m.start, m.end))) continue;
    const score = new Score(form.base);
    if (form.placement === 'paragraph-start') {
      if (m.controlled) score.add('portion mark with controls at a paragraph start', 0.3);
      if (documentHints.foreignBanner) score.add('the document carries a classification banner', 0.3);
      if (!m.controlled && !documentHints.foreignBanner) {
        // A bare (S) or (C) is a list label when the lines around it carry other letters — (A), (B), (D).
        const after = text.slice(m.end, Math.min(lines.lineEnd(l), m.end + 80)).trim();
        if (inLetteredList(lines, l)) score.add(`"(${m.level})" is a label in a lettered list`, -0.2);
        // (C) 2024 Acme Corp., (C) All rights reserved: a copyright sign, not a portion mark.
        else if (m.level === 'C' && (!/^[A-Z][a-z]+ [a-z]/.test(after) || /rights reserved|copyright/i.test(after))) score.add('"(C)" reads as a copyright sign', -0.2);
        else score.add('opens its paragraph, no lettered list around it', m.level === 'C' ? 0.05 : 0.1);
      }
    } else if (m.hidden) {
      score.add(m.placed!, 0.2);
    } else {
      score.add(m.placed!, 0.3);
      if (wrapped) score.add('between two lines of one wrapped sentence: at most review', -0.1);
      // Where the page is known (PDF, OCR blocks), top and bottom are the page's; else the part's first and last lines.
      const blk = ctx.blocks.length ? blockAt(ctx.blocks, originalIndex(norm, m.start)) : undefined;
      const edge = blk?.pageTop !== undefined ? blk.pageTop <= 0.15 || blk.pageTop >= 0.85 : part.leading !== false && (lines.contentLineNumber(l) <= 2 || l >= lines.count - 3);
      if (inPageFurniture(part.role)) score.add(`in the page ${part.role}`, 0.1);
      else if (edge) score.add('at the top or bottom of the page', 0.1);
    }
    const value = score.value;
    if (value < 0.2) continue;
    const shown = text.slice(m.start, m.end);
    out.push({
      ruleId: 'marking.foreign',
      category: 'foreign-marking',
      maxSeverity: m.hidden || wrapped ? 'review' : form.severity,
      score: value,
      start: m.start,
      end: m.end,
      ...msg('finding.foreign', { form: form.id, label: form.label, shown }),
      explanation: { pattern: `${form.family} ${form.placement}`, normalized: shown, base: form.base, cues: score.cues, fields: { family: form.family, form: form.id, level: m.level } },
    });
  }
  // Classified By + Declassify On within a few lines: the US classification authority block.
  const block = (ls: number[], base: number, cue: string, severity: 'block' | 'review'): void => {
    if (ls.length < 2 || ls[ls.length - 1] - ls[0] > 6) return;
    const score = new Score(base).add(cue, 0.2);
    out.push({
      ruleId: 'marking.foreign',
      category: 'foreign-marking',
      maxSeverity: severity,
      score: score.value,
      start: lines.lineStart(ls[0]),
      end: lines.lineEnd(ls[ls.length - 1]),
      ...msg('finding.foreign-block', { form: severity === 'block' ? 'us-authority-block' : 'us-cui-block' }),
      explanation: { pattern: 'US block', base, cues: score.cues, fields: { family: 'US', form: severity === 'block' ? 'us-authority-block' : 'us-cui-block' } },
    });
  };
  block(authorityLines, 0.6, 'Classified By / Declassify On block', 'block');
  block(cuiLines, 0.4, 'Controlled By / CUI Category block', 'review');
  out.sort((a, b) => a.start - b.start);
  return out;
}
