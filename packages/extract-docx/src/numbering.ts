/**
 * List labels (numbering.xml). Word draws a list item's label (`1.`, `第一章`, or any literal text a
 * level defines) in front of the paragraph, though no run of the document holds it: a marking can be
 * written as a label. Labels are rendered into the paragraph text as displayed, each counter in its
 * level's number format (`a)`, `iv.`, `第三章`, `①`).
 */
import { PartBuilder } from './parts.ts';
import { attr, parseXml } from './xml.ts';

export interface Level {
  start: number;
  format: string;
  text: string;
  /** What follows the label: `tab` (default), `space` or `nothing`. */
  suffix: string;
  /** Legal numbering (`w:isLgl`): every counter in the label shown in decimal. */
  legal?: boolean;
  /** `w:lvlRestart`: restarts after an item of a level up to this one (1-based); 0 never. Default: any higher level. */
  restart?: number;
  /** `w:pStyle`: the paragraph style whose paragraphs are items of this level. */
  style?: string;
}

export interface Numbering {
  /** abstractNumId → levels by ilvl. */
  abstract: Map<string, Map<number, Level>>;
  /** numId → abstractNumId and per-level overrides (`w:lvlOverride`). */
  nums: Map<string, { abstractId: string; overrides: Map<number, Partial<Level>> }>;
  /** abstractNumId → the numbering style it takes its levels from (`w:numStyleLink`). */
  styleRefs?: Map<string, string>;
  /** Numbering style → the abstractNumId that defines it (`w:styleLink`). */
  styleDefs?: Map<string, string>;
}

export const EMPTY_NUMBERING: Numbering = { abstract: new Map(), nums: new Map() };

/** Reads abstract definitions, list instances and level overrides. Tolerates any damage. */
export function parseNumbering(xml: string): Numbering {
  const n: Numbering = { abstract: new Map(), nums: new Map() };
  let abs: Map<number, Level> | undefined;
  let absId: string | undefined;
  let num: { abstractId: string; overrides: Map<number, Partial<Level>> } | undefined;
  let overrideLevel: number | undefined;
  let level: Partial<Level> | undefined;
  parseXml(xml, {
    open(name, a) {
      switch (name) {
        case 'abstractNum':
          abs = new Map();
          absId = attr(a, 'abstractNumId') ?? '';
          n.abstract.set(absId, abs);
          return;
        case 'numStyleLink':
          if (abs && absId !== undefined && attr(a, 'val')) (n.styleRefs ??= new Map()).set(absId, attr(a, 'val')!);
          return;
        case 'styleLink':
          if (abs && absId !== undefined && attr(a, 'val')) (n.styleDefs ??= new Map()).set(attr(a, 'val')!, absId);
          return;
        case 'num':
          num = { abstractId: '', overrides: new Map() };
          n.nums.set(attr(a, 'numId') ?? '', num);
          return;
        case 'abstractNumId':
          if (num) num.abstractId = attr(a, 'val') ?? '';
          return;
        case 'lvlOverride':
          overrideLevel = Number(attr(a, 'ilvl') ?? 0) || 0;
          if (num) num.overrides.set(overrideLevel, {});
          return;
        case 'startOverride':
          if (num && overrideLevel !== undefined) num.overrides.get(overrideLevel)!.start = Number(attr(a, 'val')) || 0;
          return;
        case 'lvl': {
          const ilvl = Number(attr(a, 'ilvl') ?? 0) || 0;
          // Inside an override only what the override says replaces the abstract level.
          // A level without w:start starts at 0 (ECMA-376 17.9.25), as Word shows it: `0th`, `00`.
          level = overrideLevel !== undefined ? {} : { start: 0, format: 'decimal', text: '', suffix: 'tab' };
          if (overrideLevel === undefined && abs) abs.set(ilvl, level as Level);
          return;
        }
        case 'start':
          if (level) level.start = Number(attr(a, 'val')) || 0;
          return;
        case 'numFmt':
          if (level) level.format = attr(a, 'val') ?? 'decimal';
          return;
        case 'lvlText':
          if (level) level.text = attr(a, 'val') ?? '';
          return;
        case 'lvlRestart':
          if (level) level.restart = Number(attr(a, 'val')) || 0;
          return;
        case 'isLgl':
          if (level) level.legal = attr(a, 'val') !== 'false' && attr(a, 'val') !== '0';
          return;
        case 'suff':
          if (level) level.suffix = attr(a, 'val') ?? 'tab';
          return;
        case 'pStyle':
          if (level) level.style = attr(a, 'val');
          return;
      }
    },
    close(name) {
      if (name === 'lvl' && level && num && overrideLevel !== undefined) {
        const o = num.overrides.get(overrideLevel) ?? {};
        // A startOverride wins over the start of the overriding level.
        num.overrides.set(overrideLevel, { ...level, ...(o.start !== undefined ? { start: o.start } : {}) });
      }
      if (name === 'lvl') level = undefined;
      else if (name === 'lvlOverride') overrideLevel = undefined;
      else if (name === 'abstractNum') (abs = undefined), (absId = undefined);
      else if (name === 'num') num = undefined;
    },
    text() {},
  });
  return n;
}

const ROMAN: Array<[number, string]> = [[1000, 'm'], [900, 'cm'], [500, 'd'], [400, 'cd'], [100, 'c'], [90, 'xc'], [50, 'l'], [40, 'xl'], [10, 'x'], [9, 'ix'], [5, 'v'], [4, 'iv'], [1, 'i']];
const CN_DIGITS = '〇一二三四五六七八九';
const CN_LEGAL = '零壹贰叁肆伍陆柒捌玖';
const ONES = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve', 'thirteen', 'fourteen', 'fifteen', 'sixteen', 'seventeen', 'eighteen', 'nineteen'];
const TENS = ['', '', 'twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety'];
const ORDINAL_WORDS: Record<string, string> = { one: 'first', two: 'second', three: 'third', five: 'fifth', eight: 'eighth', nine: 'ninth', twelve: 'twelfth' };

function roman(n: number): string {
  if (n <= 0 || n >= 4000) return String(n);
  let out = '';
  for (const [v, r] of ROMAN) while (n >= v) {
    out += r;
    n -= v;
  }
  return out;
}

/** Word's letters: a … z, then aa … zz, aaa … (the letter repeated, not a base-26 number). */
function letters(n: number): string {
  if (n <= 0) return String(n);
  return String.fromCharCode(97 + ((n - 1) % 26)).repeat(Math.ceil(n / 26));
}

/** 一 … 九十九 … as 中文 counts (十一, 二十, 一百零五), with `digits` for the numerals. */
function chineseCount(n: number, digits = CN_DIGITS, units = ['', '十', '百', '千']): string {
  if (n <= 0 || n >= 10000) return String(n);
  const d = String(n).split('').map(Number);
  let out = '';
  let zero = false;
  d.forEach((x, i) => {
    const unit = units[d.length - 1 - i];
    if (x === 0) {
      zero = out !== '';
      return;
    }
    if (zero) out += digits[0];
    zero = false;
    // 十一, not 一十一, for 10–19.
    out += (x === 1 && unit === units[1] && d.length === 2 ? '' : digits[x]) + unit;
  });
  return out;
}

function words(n: number): string {
  if (n < 0 || n >= 1000) return String(n);
  if (n < 20) return ONES[n];
  if (n < 100) return TENS[Math.floor(n / 10)] + (n % 10 ? '-' + ONES[n % 10] : '');
  return ONES[Math.floor(n / 100)] + ' hundred' + (n % 100 ? ' ' + words(n % 100) : '');
}

function ordinalWords(n: number): string {
  const w = words(n);
  const m = /([a-z]+)$/.exec(w);
  if (!m) return w;
  const last = m[1];
  const ord = ORDINAL_WORDS[last] ?? (last.endsWith('y') ? last.slice(0, -1) + 'ieth' : last + 'th');
  return w.slice(0, -last.length) + ord;
}

function ordinal(n: number): string {
  const t = n % 100;
  return n + (t >= 11 && t <= 13 ? 'th' : n % 10 === 1 ? 'st' : n % 10 === 2 ? 'nd' : n % 10 === 3 ? 'rd' : 'th');
}

/**
 * A counter in a level's number format (ST_NumberFormat), as Word shows it. Formats prepub does not
 * know fall back to decimal: the label's literal text, where a marking can hide, is kept either way.
 */
export function formatNumber(n: number, format: string): string {
  switch (format) {
    case 'lowerRoman':
      return roman(n);
    case 'upperRoman':
      return roman(n).toUpperCase();
    case 'lowerLetter':
      return letters(n);
    case 'upperLetter':
      return letters(n).toUpperCase();
    case 'decimalZero':
      return n < 10 && n >= 0 ? '0' + n : String(n);
    case 'ordinal':
      return ordinal(n);
    case 'cardinalText': {
      const w = words(n);
      return w[0].toUpperCase() + w.slice(1);
    }
    case 'ordinalText': {
      const w = ordinalWords(n);
      return w[0].toUpperCase() + w.slice(1);
    }
    case 'decimalFullWidth':
    case 'decimalFullWidth2':
      return String(n).replace(/\d/g, (c) => String.fromCharCode(0xff10 + Number(c)));
    case 'decimalEnclosedCircle':
    case 'decimalEnclosedCircleChinese':
      return n >= 1 && n <= 20 ? String.fromCharCode(0x2460 + n - 1) : String(n);
    case 'decimalEnclosedParen':
      return n >= 1 && n <= 20 ? String.fromCharCode(0x2474 + n - 1) : String(n);
    case 'decimalEnclosedFullstop':
      return n >= 1 && n <= 20 ? String.fromCharCode(0x2488 + n - 1) : String(n);
    case 'chineseCounting':
    case 'japaneseCounting':
    case 'taiwaneseCounting':
      return chineseCount(n);
    case 'chineseCountingThousand':
    case 'taiwaneseCountingThousand':
    case 'ideographDigital':
      return format === 'ideographDigital' ? String(n).split('').map((c) => CN_DIGITS[Number(c)]).join('') : chineseCount(n);
    case 'chineseLegalSimplified':
      return chineseCount(n, CN_LEGAL, ['', '拾', '佰', '仟']);
    case 'ideographTraditional':
      return n >= 1 && n <= 10 ? '甲乙丙丁戊己庚辛壬癸'[n - 1] : String(n);
    case 'ideographZodiac':
      return n >= 1 && n <= 12 ? '子丑寅卯辰巳午未申酉戌亥'[n - 1] : String(n);
    case 'none':
    case 'bullet':
      return '';
    default:
      return String(n);
  }
}

/** Counts list items through one story and renders each item's label. */
export class ListCounter {
  private counters = new Map<string, number[]>();

  /** `styleNums`: the list each numbering style stands for (styles.xml), by style id. */
  constructor(
    private readonly numbering: Numbering,
    private readonly styleNums?: ReadonlyMap<string, string>,
  ) {}

  /**
   * The abstract definition whose levels list `numId` draws: its own, or, when it only links to a
   * numbering style (`w:numStyleLink`), the one that style is defined by (`w:styleLink`) or stands
   * for (the style's own list), as Word follows it; a few links at most.
   */
  private abstractOf(numId: string): string | undefined {
    let id = this.numbering.nums.get(numId)?.abstractId;
    for (let hops = 0; id !== undefined && hops < 4; hops++) {
      const style = this.numbering.styleRefs?.get(id);
      if (style === undefined) return id;
      const target = this.numbering.styleDefs?.get(style) ?? this.numbering.nums.get(this.styleNums?.get(style) ?? '')?.abstractId;
      if (target === undefined || target === id) return id;
      id = target;
    }
    return id;
  }

  private level(numId: string, ilvl: number): Level | undefined {
    const num = this.numbering.nums.get(numId);
    if (!num) return undefined;
    const base = this.numbering.abstract.get(this.abstractOf(numId) ?? num.abstractId)?.get(ilvl);
    const o = num.overrides.get(ilvl);
    if (!base && !o) return undefined;
    return { start: 1, format: 'decimal', text: '', suffix: 'tab', ...base, ...o } as Level;
  }

  /**
   * The level of list `numId` whose `w:pStyle` is `style`: a paragraph numbered through its style,
   * which gives no level, is an item of that level (ECMA-376 17.9.23); undefined when none says so.
   */
  levelOfStyle(numId: string, style: string): number | undefined {
    const id = this.abstractOf(numId);
    const levels = id === undefined ? undefined : this.numbering.abstract.get(id);
    for (const [ilvl, l] of levels ?? []) if (l.style === style) return ilvl;
    return undefined;
  }

  /** The label of the next item at `ilvl` of list `numId`, with its suffix; '' when there is none. */
  next(numId: string, ilvl: number): string {
    if (numId === '0') return '';
    const lvl = this.level(numId, ilvl);
    if (!lvl) return '';
    // Lists sharing an abstract definition share counters, as Word numbers them on.
    const key = this.abstractOf(numId) ?? this.numbering.nums.get(numId)!.abstractId;
    const counts = this.counters.get(key) ?? [];
    this.counters.set(key, counts);
    // A level skipped on the way down counts as one item at its start, as Word numbers it: after
    // `A.` then `i.` two levels deeper, the next item of the skipped level is its second.
    for (let k = 0; k < ilvl; k++) if (counts[k] === undefined) counts[k] = this.level(numId, k)?.start ?? 1;
    counts[ilvl] = counts[ilvl] === undefined ? lvl.start : counts[ilvl] + 1;
    // Deeper levels start again after this item unless their lvlRestart says they go on.
    for (let j = ilvl + 1; j < counts.length; j++) {
      const r = this.level(numId, j)?.restart ?? j;
      if (ilvl < r) counts[j] = undefined as unknown as number;
    }
    const label = lvl.text.replace(/%([1-9])/g, (_, d: string) => {
      const k = Number(d) - 1;
      const l = k === ilvl ? lvl : this.level(numId, k);
      if (!l || l.format === 'none') return '';
      return formatNumber(counts[k] ?? l.start, lvl.legal ? 'decimal' : l.format);
    });
    if (!label) return '';
    return label + (lvl.suffix === 'nothing' ? '' : lvl.suffix === 'space' ? ' ' : '\t');
  }
}

/**
 * Every level text that says something beyond counters and punctuation, one line each: a
 * definition no paragraph uses is still in the file.
 */
export function levelTextsPart(numbering: Numbering, file: string): PartBuilder {
  const b = new PartBuilder(`${file}#level-texts`, 'hidden', { filePart: file, detail: 'list label definitions' });
  const texts = new Set<string>();
  for (const levels of numbering.abstract.values()) for (const l of levels.values()) texts.add(l.text);
  for (const num of numbering.nums.values()) for (const o of num.overrides.values()) if (o.text) texts.add(o.text);
  for (const t of texts) {
    if (!/[\p{L}\p{N}]/u.test(t.replace(/%[1-9]/g, ''))) continue;
    b.append(t);
    b.endParagraph({ kind: 'paragraph' });
  }
  return b;
}
