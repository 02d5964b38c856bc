/**
 * List labels (numbering.xml). Word draws a list item's label (`1.`, `第一章`, or any literal text a
 * level defines) in front of the paragraph, though no run of the document holds it: a marking can be
 * written as a label. Labels are rendered into the paragraph text as displayed, counters in decimal.
 */
import { PartBuilder } from './parts.ts';
import { attr, parseXml } from './xml.ts';

export interface Level {
  start: number;
  format: string;
  text: string;
  /** What follows the label: `tab` (default), `space` or `nothing`. */
  suffix: string;
}

export interface Numbering {
  /** abstractNumId → levels by ilvl. */
  abstract: Map<string, Map<number, Level>>;
  /** numId → abstractNumId and per-level overrides (`w:lvlOverride`). */
  nums: Map<string, { abstractId: string; overrides: Map<number, Partial<Level>> }>;
}

export const EMPTY_NUMBERING: Numbering = { abstract: new Map(), nums: new Map() };

/** Reads abstract definitions, list instances and level overrides. Tolerates any damage. */
export function parseNumbering(xml: string): Numbering {
  const n: Numbering = { abstract: new Map(), nums: new Map() };
  let abs: Map<number, Level> | undefined;
  let num: { abstractId: string; overrides: Map<number, Partial<Level>> } | undefined;
  let overrideLevel: number | undefined;
  let level: Partial<Level> | undefined;
  parseXml(xml, {
    open(name, a) {
      switch (name) {
        case 'abstractNum':
          abs = new Map();
          n.abstract.set(attr(a, 'abstractNumId') ?? '', abs);
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
          level = overrideLevel !== undefined ? {} : { start: 1, format: 'decimal', text: '', suffix: 'tab' };
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
        case 'suff':
          if (level) level.suffix = attr(a, 'val') ?? 'tab';
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
      else if (name === 'abstractNum') abs = undefined;
      else if (name === 'num') num = undefined;
    },
    text() {},
  });
  return n;
}

/** Counts list items through one story and renders each item's label. */
export class ListCounter {
  private counters = new Map<string, number[]>();

  constructor(private readonly numbering: Numbering) {}

  private level(numId: string, ilvl: number): Level | undefined {
    const num = this.numbering.nums.get(numId);
    if (!num) return undefined;
    const base = this.numbering.abstract.get(num.abstractId)?.get(ilvl);
    const o = num.overrides.get(ilvl);
    if (!base && !o) return undefined;
    return { start: 1, format: 'decimal', text: '', suffix: 'tab', ...base, ...o } as Level;
  }

  /** The label of the next item at `ilvl` of list `numId`, with its suffix; '' when there is none. */
  next(numId: string, ilvl: number): string {
    if (numId === '0') return '';
    const lvl = this.level(numId, ilvl);
    if (!lvl) return '';
    // Lists sharing an abstract definition share counters, as Word numbers them on.
    const key = this.numbering.nums.get(numId)!.abstractId;
    const counts = this.counters.get(key) ?? [];
    this.counters.set(key, counts);
    counts[ilvl] = counts[ilvl] === undefined ? lvl.start : counts[ilvl] + 1;
    counts.length = ilvl + 1;
    const label = lvl.text.replace(/%([1-9])/g, (_, d: string) => {
      const k = Number(d) - 1;
      const l = k === ilvl ? lvl : this.level(numId, k);
      if (!l || l.format === 'none') return '';
      return String(counts[k] ?? l.start);
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
