/**
 * Style sheet rules that decide whether text is seen — display, visibility, opacity, colours and
 * backgrounds, size, clipping, offsets, transforms — applied while the page is read, so a rule
 * `.w{color:#fff}` hides a piece written `<span class="w">开</span>` as the same declaration in a
 * `style` attribute does. A CMS page hides with classes far more often than with inline styles.
 *
 * Rules are matched as the layout pass matches them (html-layout.ts): by the last compound of each
 * selector, so any rule that may apply is taken to apply — a hiding rule over-applied sends text to
 * the hidden part, where it is still scanned. `:last-child` is taken to match (the following
 * siblings are not read yet). The cascade is a browser's: `!important` rules, then the `style`
 * attribute, then the other rules by specificity and order.
 */
import { innermostBlocks, lastCompound, layoutRules, matches, specificity, type Compound, type Rule } from './html-layout.ts';

/** Properties that decide whether, and in what colour on what ground, an element's text is seen. */
const SEEN_PROPS: ReadonlySet<string> = new Set([
  'display', 'visibility', 'opacity', 'filter', 'color', '-webkit-text-fill-color', 'background', 'background-color',
  'font-size', 'letter-spacing', 'transform', 'vertical-align', 'clip', 'clip-path', 'position', 'left', 'top', 'right', 'bottom',
  'text-indent', 'width', 'height', 'max-width', 'max-height', 'overflow',
  // What is drawn besides the element's text: <q>'s quotes, a list item's string marker.
  'quotes', 'list-style', 'list-style-type',
]);

/** Most style sheet text read for these rules, in characters: a page's own sheets are far smaller. */
const MAX_SHEET_CHARS = 4_000_000;

/** The `<style>` elements' text of a page, in order (up to {@link MAX_SHEET_CHARS}). */
function styleSheets(page: string): string {
  let out = '';
  for (const m of page.matchAll(/<style\b[^>]*>([\s\S]*?)<\/style\s*>/gi)) {
    out += `${m[1]}\n`;
    if (out.length > MAX_SHEET_CHARS) break;
  }
  return out;
}

/** The sheet rules that bear on what is seen, indexed by what their last compound names. */
export class SheetStyles {
  private readonly byId = new Map<string, number[]>();
  private readonly byClass = new Map<string, number[]>();
  private readonly byTag = new Map<string, number[]>();
  private readonly universal: number[] = [];

  private constructor(private readonly rules: Rule[]) {
    const add = (map: Map<string, number[]>, key: string, i: number) => {
      const l = map.get(key);
      if (l) l.push(i);
      else map.set(key, [i]);
    };
    rules.forEach((r, i) => {
      if (r.match.id) add(this.byId, r.match.id, i);
      else if (r.match.classes.length) add(this.byClass, r.match.classes[0], i);
      else if (r.match.tag && r.match.tag !== '*') add(this.byTag, r.match.tag, i);
      else this.universal.push(i);
    });
  }

  /** The rules of the page's `<style>` elements, or undefined when none bears on what is seen. */
  static of(page: string): SheetStyles | undefined {
    if (!/<style\b/i.test(page)) return undefined;
    const rules = layoutRules(styleSheets(page), SEEN_PROPS);
    return rules.length ? new SheetStyles(rules) : undefined;
  }

  /**
   * The style an element is drawn with, written as one `style` attribute whose first declaration
   * of a property is the one in force: the sheet's `!important` ones, then `inline`, then the
   * sheet's others (more specific and later first). Undefined when no rule applies.
   */
  styleOf(name: string, id: string | undefined, classAttr: string | undefined, index: number, inline: string | undefined): string | undefined {
    const classes = classAttr ? classAttr.split(/\s+/).filter(Boolean) : [];
    const candidates = [...this.universal, ...(this.byTag.get(name) ?? []), ...(id ? (this.byId.get(id) ?? []) : [])];
    for (const c of classes) candidates.push(...(this.byClass.get(c) ?? []));
    if (!candidates.length) return undefined;
    const el = { name, id, classes };
    const normal = new Map<string, string>();
    const important = new Map<string, string>();
    // Rules are sorted by specificity, then sheet order: a later one here overrides an earlier one.
    for (const i of [...new Set(candidates)].sort((a, b) => a - b)) {
      const r = this.rules[i];
      if (!matches(r.match, el, index, index + 1)) continue;
      for (const [p, v] of r.decls) normal.set(p, v);
      for (const [p, v] of r.important) important.set(p, v);
    }
    if (!normal.size && !important.size) return undefined;
    const decls = (m: Map<string, string>) => [...m].map(([p, v]) => `${p}:${v}`).join(';');
    return [decls(important), inline ?? '', decls(normal)].filter(Boolean).join(';');
  }
}

/** A `::before`/`::after` rule that generates content: its element's compound, the pseudo-element, its declarations. */
export interface PseudoRule {
  match: Compound;
  pseudo: 'before' | 'after';
  block: string;
  specificity: number;
  order: number;
}

/** Most ::before/::after rules kept (a page's own sheets hold a few dozen). */
const MAX_PSEUDO_RULES = 5000;

/**
 * The page's `::before`/`::after` rules that set `content` (`.m::before{content:"机"}`), each
 * matched to elements as the other rules are (by the compound the pseudo-element follows), so the
 * text they generate is read where it is drawn: before or after the element's own text.
 */
export function pseudoContentRules(page: string): PseudoRule[] {
  if (!/<style\b/i.test(page) || !/:(before|after|marker)/i.test(page)) return [];
  const css = styleSheets(page).replace(/\/\*[\s\S]*?(\*\/|$)/g, ' ');
  const out: PseudoRule[] = [];
  for (const [selector, block] of innermostBlocks(css)) {
    if (!/content\s*:/i.test(block) || !/:(before|after|marker)/i.test(selector)) continue;
    for (const sel of selector.replace(/^\s*@[^{]*$/, '').split(',')) {
      // A list item's ::marker is drawn before its text, as ::before is.
      const m = /::?(before|after|marker)\s*$/i.exec(sel.trim());
      if (!m) continue;
      const host = sel.trim().slice(0, sel.trim().length - m[0].length);
      const c = lastCompound(host || '*');
      if (!c) continue;
      out.push({ match: c, pseudo: m[1].toLowerCase() === 'after' ? 'after' : 'before', block, specificity: specificity(sel), order: out.length });
      if (out.length >= MAX_PSEUDO_RULES) return out;
    }
  }
  return out.sort((a, b) => a.specificity - b.specificity || a.order - b.order);
}

export { matches as compoundMatches };
