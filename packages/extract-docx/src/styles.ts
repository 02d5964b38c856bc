/** The few style facts that change what a reader sees or how a paragraph is classed. */
import { hexColour, OFF_LINE_POINTS, OVERDRAWN_SPACING_POINTS, UNSEEN_MAX_PERCENT, UNSEEN_MAX_POINTS } from '@prepub/core';
import { attr, parseXml, type Attrs } from './xml.ts';

/**
 * How a run's shape can keep its characters from being seen where they stand (core's drawn-unseen
 * limits): `w:sz` of 2 pt or less (`tiny`), `w:w` squeezing them to a tenth of their width
 * (`squeezed`), `w:spacing` pulling the next character back over them (`overdrawn`), `w:position`
 * raising or lowering them a line or more (`offLine`).
 */
export interface DrawnShape {
  tiny?: boolean;
  squeezed?: boolean;
  overdrawn?: boolean;
  offLine?: boolean;
}

export const DRAWN_SHAPES = ['tiny', 'squeezed', 'overdrawn', 'offLine'] as const satisfies ReadonlyArray<keyof DrawnShape>;

/** The drawn-unseen fact one run property (`sz`, `w`, `spacing`, `position` of `w:rPr`) sets; {} for others. */
export function drawnShape(name: string, a: Attrs): DrawnShape {
  const v = Number(attr(a, 'val'));
  if (!Number.isFinite(v)) return {};
  switch (name) {
    case 'sz': // half-points
      return { tiny: v <= UNSEEN_MAX_POINTS * 2 };
    case 'w': // percent of the normal width
      return { squeezed: v <= UNSEEN_MAX_PERCENT };
    case 'spacing': // twentieths of a point
      return { overdrawn: v <= OVERDRAWN_SPACING_POINTS * 20 };
    case 'position': // half-points
      return { offLine: Math.abs(v) >= OFF_LINE_POINTS * 2 };
    default:
      return {};
  }
}

/**
 * The colour `w:color` draws text in: six hexadecimal digits (the theme's background colour is
 * white), `auto` (black on light grounds, white on dark: always seen), or undefined when not known.
 */
export function runColour(a: Attrs): string | undefined {
  const val = attr(a, 'val') ?? '';
  if (/^(background1|light1)$/i.test(attr(a, 'themeColor') ?? '') || /^white$/i.test(val)) return 'FFFFFF';
  return /^auto$/i.test(val) ? 'auto' : hexColour(val);
}

export interface StyleFacts extends DrawnShape {
  /** Text in this style is hidden (`w:vanish`), after following `basedOn`. */
  hidden?: boolean;
  heading?: boolean;
  list?: boolean;
  /** The colour its runs are drawn in (`w:color`, see {@link runColour}), after following `basedOn`. */
  colour?: string;
  /** The list its paragraphs are items of (`w:pPr/w:numPr/w:numId`, after following `basedOn`): Word draws their labels. */
  numId?: string;
  /** Their level in it (`w:numPr/w:ilvl`), when the style gives one. */
  ilvl?: number;
  /** Its runs' letters are drawn as capitals (`w:caps`, `w:smallCaps`), after following `basedOn`. */
  caps?: boolean;
  /** The font its runs' letters are drawn in (`w:rFonts` ascii, else hAnsi; lower case), after following `basedOn`. */
  font?: string;
}

export interface Styles {
  paragraph: Map<string, StyleFacts>;
  character: Map<string, StyleFacts>;
  /** `w:docDefaults` make every run hidden unless a run says otherwise. */
  defaultHidden: boolean;
  /** The paragraph style used when a paragraph names none. */
  defaultParagraph?: string;
  /** Numbering (list) styles: the list each one stands for (its `w:numPr/w:numId`), by style id. */
  numbering?: Map<string, string>;
  /** `w:docDefaults` draw every run's letters as capitals unless a run or style says otherwise. */
  defaultCaps?: boolean;
  /** The font `w:docDefaults` draw letters in (lower case). */
  defaultFont?: string;
  /** The colour `w:docDefaults` draw text in (see {@link runColour}). */
  defaultColour?: string;
  /**
   * Table styles whose runs are drawn in capitals, by style id: their own `w:rPr` or one of a
   * conditional format's (`w:tblStylePr`: a header row in capitals is taken for every cell).
   */
  tableCaps?: Map<string, boolean>;
}

export const EMPTY_STYLES: Styles = { paragraph: new Map(), character: new Map(), defaultHidden: false };

interface RawStyle extends DrawnShape {
  type: string;
  id: string;
  name?: string;
  basedOn?: string;
  vanish?: boolean;
  colour?: string;
  outline?: boolean;
  numbered?: boolean;
  numId?: string;
  ilvl?: number;
  caps?: boolean;
  font?: string;
  isDefault: boolean;
}

/** The font `w:rFonts` names for letters (ascii, else hAnsi), lower case; undefined when it names neither. */
export function runFont(a: Attrs): string | undefined {
  return (attr(a, 'ascii') ?? attr(a, 'hAnsi'))?.trim().toLowerCase();
}

/** Reads `w:val`-style booleans: absent value means true; `0`, `false`, `off` mean false. */
export function onOff(value: string | undefined): boolean {
  return value === undefined || !/^(0|false|off)$/i.test(value);
}

export function parseStyles(xml: string): Styles {
  const raw = new Map<string, RawStyle>();
  let cur: RawStyle | undefined;
  let defaultHidden = false;
  let defaultCaps: boolean | undefined;
  let defaultFont: string | undefined;
  let defaultColour: string | undefined;
  const stack: string[] = [];
  parseXml(xml, {
    open(name, a) {
      const parent = stack[stack.length - 1];
      stack.push(name);
      if (name === 'style') {
        cur = { type: attr(a, 'type') ?? 'paragraph', id: attr(a, 'styleId') ?? '', isDefault: onOff(attr(a, 'default')) && attr(a, 'default') !== undefined };
        return;
      }
      if (name === 'vanish' && parent === 'rPr') {
        const inDefaults = stack.includes('rPrDefault');
        if (inDefaults) defaultHidden = onOff(attr(a, 'val'));
        else if (cur) cur.vanish = onOff(attr(a, 'val'));
        return;
      }
      if ((name === 'caps' || name === 'smallCaps') && parent === 'rPr' && !cur && stack.includes('rPrDefault')) {
        defaultCaps = !!defaultCaps || onOff(attr(a, 'val'));
        return;
      }
      if (name === 'rFonts' && parent === 'rPr') {
        const font = runFont(a);
        if (font !== undefined && cur) cur.font = font;
        else if (font !== undefined && stack.includes('rPrDefault')) defaultFont = font;
        return;
      }
      if (name === 'color' && parent === 'rPr' && !cur && stack.includes('rPrDefault')) {
        defaultColour = runColour(a);
        return;
      }
      if (!cur) return;
      if (name === 'color' && parent === 'rPr') cur.colour = runColour(a);
      else if ((name === 'caps' || name === 'smallCaps') && parent === 'rPr') cur.caps = !!cur.caps || onOff(attr(a, 'val'));
      else if (parent === 'rPr') Object.assign(cur, drawnShape(name, a));
      if (name === 'name' && parent === 'style') cur.name = attr(a, 'val');
      else if (name === 'basedOn' && parent === 'style') cur.basedOn = attr(a, 'val');
      else if (name === 'outlineLvl' && parent === 'pPr') cur.outline = Number(attr(a, 'val') ?? 9) < 9;
      else if (name === 'numId' && parent === 'numPr' && stack[stack.length - 3] === 'pPr') (cur.numbered = attr(a, 'val') !== '0'), (cur.numId = attr(a, 'val'));
      else if (name === 'ilvl' && parent === 'numPr' && stack[stack.length - 3] === 'pPr') cur.ilvl = Number(attr(a, 'val') ?? 0) || 0;
    },
    close(name) {
      stack.pop();
      if (name === 'style' && cur) {
        if (cur.id) raw.set(`${cur.type}:${cur.id}`, cur);
        cur = undefined;
      }
    },
    text() {},
  });
  const resolve = (type: string, id: string, seen = new Set<string>()): StyleFacts => {
    const s = raw.get(`${type}:${id}`);
    if (!s || seen.has(id)) return {};
    seen.add(id);
    const base = s.basedOn ? resolve(type, s.basedOn, seen) : {};
    const name = (s.name ?? '').toLowerCase();
    return {
      hidden: s.vanish ?? base.hidden,
      colour: s.colour ?? base.colour,
      tiny: s.tiny ?? base.tiny,
      squeezed: s.squeezed ?? base.squeezed,
      overdrawn: s.overdrawn ?? base.overdrawn,
      offLine: s.offLine ?? base.offLine,
      heading: s.outline ?? (/^(heading \d|title|标题 ?\d?)$/.test(name) || base.heading),
      list: s.numbered ?? base.list,
      numId: s.numId ?? base.numId,
      ilvl: s.ilvl ?? base.ilvl,
      caps: s.caps ?? base.caps,
      font: s.font ?? base.font,
    };
  };
  const styles: Styles = { paragraph: new Map(), character: new Map(), defaultHidden, ...(defaultCaps !== undefined ? { defaultCaps } : {}), ...(defaultFont !== undefined ? { defaultFont } : {}), ...(defaultColour !== undefined ? { defaultColour } : {}) };
  for (const s of raw.values()) {
    const facts = resolve(s.type, s.id);
    if (s.type === 'paragraph') {
      styles.paragraph.set(s.id, facts);
      if (s.isDefault) styles.defaultParagraph = s.id;
    } else if (s.type === 'character') styles.character.set(s.id, facts);
    else if (s.type === 'numbering' && facts.numId) (styles.numbering ??= new Map()).set(s.id, facts.numId);
    else if (s.type === 'table' && facts.caps !== undefined) (styles.tableCaps ??= new Map()).set(s.id, facts.caps);
  }
  return styles;
}
