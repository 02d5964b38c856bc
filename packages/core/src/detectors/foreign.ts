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
import { FOREIGN_FORMS, type ForeignForm } from './foreign-forms.ts';

export { FOREIGN_FORMS, type ForeignForm, type Family, type Placement } from './foreign-forms.ts';

/** Banners and stamps are short; longer lines are prose (and the patterns never run on them). */
const MAX_MARKING_LINE = 160;
/** What may surround a banner or stamp on its line without making it prose. */
const EDGE_DECORATION = /^[\s*★#>=_~|\-–—【】[\]〔〕「」『』<>《》()（）]+|[\s*★#>=_~|\-–—【】[\]〔〕「」『』<>《》()（）]+$/g;
/** A Chinese marking a bilingual line may carry beside its English part (`机密★3年 Classified for 3 years`). */
const CN_MARK_EDGE = /^(?:绝密|机密|秘密)(?:★\S{0,12})?\s+|\s+(?:绝密|机密|秘密)(?:★\S{0,12})?$/;
const AUTHORITY = /^\s*(Classified By|Derived From|Declassify On|Declassification Date)\s*:/i;
const CUI_BLOCK = /^\s*(Controlled By|CUI Category|Limited Dissemination Control|LDC|POC)\s*:/i;

const AUTHORITY_TRIGGERS = ['Classified By', 'Derived From', 'Declassify On', 'Controlled By', 'CUI Category'];

/** Every form's triggers plus the authority-block words, each once; `FORMS_OF[i]` = forms using trigger i. */
const TRIGGERS: string[] = [];
const FORMS_OF: number[][] = [];
FOREIGN_FORMS.forEach((form, fi) => {
  for (const t of form.triggers) {
    let i = TRIGGERS.indexOf(t);
    if (i < 0) {
      i = TRIGGERS.push(t) - 1;
      FORMS_OF.push([]);
    }
    FORMS_OF[i].push(fi);
  }
});
const FIRST_AUTHORITY_TRIGGER = TRIGGERS.length;
for (const t of AUTHORITY_TRIGGERS) {
  TRIGGERS.push(t);
  FORMS_OF.push([]);
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
}

/**
 * Lines holding trigger hits, each with the forms its triggers can start (a bit per form) and
 * whether an authority-block word is on it. Hits arrive ordered by end, so lines may repeat.
 */
function candidateLines(lines: LineIndex, hits: TriggerHits): Map<number, { forms: number; authority: boolean }> {
  const out = new Map<number, { forms: number; authority: boolean }>();
  for (let k = 0; k < hits.count; k++) {
    const l = lines.lineOf(hits.starts[k]);
    let c = out.get(l);
    if (!c) out.set(l, (c = { forms: 0, authority: false }));
    const t = hits.triggers[k];
    if (t >= FIRST_AUTHORITY_TRIGGER) c.authority = true;
    else for (const f of FORMS_OF[t]) c.forms |= 1 << f;
  }
  return out;
}

/** The first form (in table order) among `forms` that stands on line `l` as its placement requires. */
function matchLine(text: string, lines: LineIndex, l: number, forms: number): LineMatch | undefined {
  const ls = lines.lineStart(l);
  const le = lines.lineEnd(l);
  const short = le - ls <= MAX_MARKING_LINE;
  let stripped: { s: string; at: number } | undefined;
  const strip = (): { s: string; at: number } => {
    if (stripped) return stripped;
    const line = text.slice(ls, le);
    const lead = /^[\s*★#>=_~|\-–—【】[\]〔〕「」『』<>《》()（）]*/.exec(line)![0].length;
    return (stripped = { s: line.replace(EDGE_DECORATION, ''), at: ls + lead });
  };
  for (let fi = 0; fi < FOREIGN_FORMS.length; fi++) {
    if (!(forms & (1 << fi))) continue;
    const form = FOREIGN_FORMS[fi];
    if (form.placement === 'paragraph-start') {
      // Only the line's first characters matter: long prose lines are fine here.
      const head = text.slice(ls, Math.min(le, ls + 64));
      const m = form.pattern.exec(head);
      if (!m) continue;
      const open = head.indexOf('(');
      const mark = head.slice(open, head.indexOf(')', open) + 1);
      return { form, start: ls + open, end: ls + open + mark.length, level: m.groups?.level ?? mark, controlled: /\/\/|CUI/.test(mark) };
    }
    if (!short) continue;
    if (form.placement === 'field') {
      // The whole line is the field, closing bracket of its condition included.
      const line = text.slice(ls, le);
      const body = line.trim();
      const m = form.pattern.exec(body);
      if (m) return { form, start: ls + line.indexOf(body), end: ls + line.indexOf(body) + body.length, level: m.groups?.level ?? body, placed: 'label–value field on its own line' };
      continue;
    }
    const { s, at } = strip();
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
  return undefined;
}

function inPageFurniture(role: PartRole): boolean {
  return role === 'header' || role === 'footer';
}

function hitsOf(ctx: { norm: { text: string }; hits?: TriggerHits }): TriggerHits {
  // Called outside the engine (no hits handed over), the detector finds its triggers itself.
  return ctx.hits ?? findTriggers(ctx.norm.text, TRIGGERS);
}

/** Whether a part carries a block-severity banner or stamp: portion marks elsewhere become credible. */
function carriesBanner(p: FactsPart): boolean {
  if (!p.hits || p.hits.count === 0) return false;
  const text = p.norm.text;
  for (const [l, c] of candidateLines(p.lines, p.hits)) {
    const m = c.forms ? matchLine(text, p.lines, l, c.forms) : undefined;
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
      'in a header or footer), a stamp alone on its line, a portion mark at a paragraph start. "top secret recipe", a ' +
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
  triggers: TRIGGERS,
  documentFacts(parts: readonly FactsPart[]) {
    return { foreignBanner: parts.some(carriesBanner) };
  },
  detect(ctx: DetectContext): RawFinding[] {
    const { norm, lines, documentHints, part } = ctx;
    const text = norm.text;
    const out: RawFinding[] = [];
    const authorityLines: number[] = [];
    const cuiLines: number[] = [];
    const candidates = [...candidateLines(lines, hitsOf(ctx))].sort((a, b) => a[0] - b[0]);
    for (const [l, c] of candidates) {
      const m = c.forms ? matchLine(text, lines, l, c.forms) : undefined;
      if (!m) {
        if (c.authority) {
          const head = text.slice(lines.lineStart(l), Math.min(lines.lineEnd(l), lines.lineStart(l) + 64));
          if (AUTHORITY.test(head)) authorityLines.push(l);
          else if (CUI_BLOCK.test(head)) cuiLines.push(l);
        }
        continue;
      }
      const { form } = m;
      const score = new Score(form.base);
      if (form.placement === 'paragraph-start') {
        if (m.controlled) score.add('portion mark with controls at a paragraph start', 0.3);
        if (documentHints.foreignBanner) score.add('the document carries a classification banner', 0.3);
        if (m.level === 'C' && !documentHints.foreignBanner) score.add('"(C)" alone may be a list label', -0.2);
      } else {
        score.add(m.placed!, 0.3);
        // Where the page is known (PDF, OCR blocks), top and bottom are the page's; else the part's first and last lines.
        const blk = ctx.blocks.length ? blockAt(ctx.blocks, norm.map[m.start]) : undefined;
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
        maxSeverity: form.severity,
        score: value,
        start: m.start,
        end: m.end,
        message: `${form.label}: ${shown}`,
        explanation: { pattern: `${form.family} ${form.placement}`, normalized: shown, base: form.base, cues: score.cues, fields: { family: form.family, form: form.id, level: m.level } },
      });
    }
    // Classified By + Declassify On within a few lines: the US classification authority block.
    const block = (ls: number[], label: string, base: number, cue: string, severity: 'block' | 'review'): void => {
      if (ls.length < 2 || ls[ls.length - 1] - ls[0] > 6) return;
      const score = new Score(base).add(cue, 0.2);
      out.push({
        ruleId: 'marking.foreign',
        category: 'foreign-marking',
        maxSeverity: severity,
        score: score.value,
        start: lines.lineStart(ls[0]),
        end: lines.lineEnd(ls[ls.length - 1]),
        message: label,
        explanation: { pattern: 'US block', base, cues: score.cues, fields: { family: 'US', form: severity === 'block' ? 'us-authority-block' : 'us-cui-block' } },
      });
    };
    block(authorityLines, 'US classification authority block (Classified By / Declassify On)', 0.6, 'Classified By / Declassify On block', 'block');
    block(cuiLines, 'US CUI designation indicator (Controlled By / CUI Category)', 0.4, 'Controlled By / CUI Category block', 'review');
    out.sort((a, b) => a.start - b.start);
    return out;
  },
};
