/** The few style facts that change what a reader sees or how a paragraph is classed. */
import { attr, parseXml } from './xml.ts';

export interface StyleFacts {
  /** Text in this style is hidden (`w:vanish`), after following `basedOn`. */
  hidden?: boolean;
  heading?: boolean;
  list?: boolean;
  /** Its runs are white (`w:color FFFFFF` or the theme's background colour), after following `basedOn`. */
  white?: boolean;
  /** Its runs are 1 pt or smaller (`w:sz` ≤ 2 half-points). */
  tiny?: boolean;
}

export interface Styles {
  paragraph: Map<string, StyleFacts>;
  character: Map<string, StyleFacts>;
  /** `w:docDefaults` make every run hidden unless a run says otherwise. */
  defaultHidden: boolean;
  /** The paragraph style used when a paragraph names none. */
  defaultParagraph?: string;
}

export const EMPTY_STYLES: Styles = { paragraph: new Map(), character: new Map(), defaultHidden: false };

interface RawStyle {
  type: string;
  id: string;
  name?: string;
  basedOn?: string;
  vanish?: boolean;
  white?: boolean;
  tiny?: boolean;
  outline?: boolean;
  numbered?: boolean;
  isDefault: boolean;
}

/** Reads `w:val`-style booleans: absent value means true; `0`, `false`, `off` mean false. */
export function onOff(value: string | undefined): boolean {
  return value === undefined || !/^(0|false|off)$/i.test(value);
}

export function parseStyles(xml: string): Styles {
  const raw = new Map<string, RawStyle>();
  let cur: RawStyle | undefined;
  let defaultHidden = false;
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
      if (!cur) return;
      if (name === 'color' && parent === 'rPr') cur.white = /^(ffffff|white)$/i.test(attr(a, 'val') ?? '') || /^(background1|light1)$/i.test(attr(a, 'themeColor') ?? '');
      else if (name === 'sz' && parent === 'rPr') cur.tiny = Number(attr(a, 'val')) <= 2;
      if (name === 'name' && parent === 'style') cur.name = attr(a, 'val');
      else if (name === 'basedOn' && parent === 'style') cur.basedOn = attr(a, 'val');
      else if (name === 'outlineLvl' && parent === 'pPr') cur.outline = Number(attr(a, 'val') ?? 9) < 9;
      else if (name === 'numId' && stack.includes('numPr')) cur.numbered = attr(a, 'val') !== '0';
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
      white: s.white ?? base.white,
      tiny: s.tiny ?? base.tiny,
      heading: s.outline ?? (/^(heading \d|title|标题 ?\d?)$/.test(name) || base.heading),
      list: s.numbered ?? base.list,
    };
  };
  const styles: Styles = { paragraph: new Map(), character: new Map(), defaultHidden };
  for (const s of raw.values()) {
    const facts = resolve(s.type, s.id);
    if (s.type === 'paragraph') {
      styles.paragraph.set(s.id, facts);
      if (s.isDefault) styles.defaultParagraph = s.id;
    } else if (s.type === 'character') styles.character.set(s.id, facts);
  }
  return styles;
}
