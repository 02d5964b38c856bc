/**
 * What each rule finds, why it matters and how to waive it: used by `prepub explain`, by SARIF
 * rule metadata, by the HTML report and for the README's detector list. The prose lives with the
 * detectors (`Detector.rules` in @prepub/core); this module only adds the waiver advice and the
 * entries for things no detector reports (unread content, files that failed). Rules no detector
 * documents (for example `term.<category>` from a new dictionary) get a generic entry from
 * {@link ruleDoc}.
 */
import { BUILTIN_DETECTORS, RULE_ZH, rulesOf, t, type Detector, type Lang } from '@prepub/core';

/** Documentation of one rule. */
export interface RuleDoc {
  id: string;
  /** One line: what the rule finds. */
  title: string;
  /** Verdict a finding of this rule asks for under the default policy. */
  severity: 'block' | 'review' | 'info';
  /** What it looks for, with examples. */
  finds: string;
  /** Why it matters before publication. */
  why: string;
  /** How to waive a false alarm. */
  waive: string;
}

const WAIVE_GENERIC = t('en', 'rule.waive-generic');

/** The documented rules of `detectors`, in their order, each with the generic waiver advice after its own. */
export function detectorRuleDocs(detectors: readonly Detector[] = BUILTIN_DETECTORS): RuleDoc[] {
  return detectors.flatMap((d) =>
    rulesOf(d).map((r) => ({
      id: r.id,
      title: r.title,
      severity: r.defaultSeverity,
      finds: r.finds,
      why: r.why,
      waive: r.waive ? `${r.waive} ${WAIVE_GENERIC}` : WAIVE_GENERIC,
    })),
  );
}

/** Rules about content that was not read; used in SARIF and CSV rows for unread items. */
export const UNREAD_RULE: RuleDoc = {
  id: 'unread',
  title: 'Content not read',
  severity: 'review',
  finds: 'Content prepub could not read completely: encrypted or corrupt files, content over a limit, timeouts, pictures OCR could not read, embedded objects not scanned.',
  why: 'prepub fails closed: what was not read cannot be passed, so a person must look at it.',
  waive: 'Make the content readable (remove the password, convert the object, raise the limit in the config) and scan again, or review it by hand.',
};

/** Rule for files prepub could not open at all. */
export const ERROR_RULE: RuleDoc = {
  id: 'error',
  title: 'File could not be scanned',
  severity: 'review',
  finds: 'A file that could not be opened or scanned (missing, no permission, a scanner error).',
  why: 'A file that was not scanned cannot be passed.',
  waive: 'Fix the cause named in the message and scan again.',
};

/** Every documented rule: the detectors' (the built-in ones unless given), then unread and error. */
export function allRuleDocs(detectors: readonly Detector[] = BUILTIN_DETECTORS): RuleDoc[] {
  let docs = CATALOGUES.get(detectors);
  if (!docs) CATALOGUES.set(detectors, (docs = [...detectorRuleDocs(detectors), UNREAD_RULE, ERROR_RULE]));
  return [...docs];
}

/** Built once per list of detectors: reports look a rule up for every finding. */
const CATALOGUES = new WeakMap<readonly Detector[], RuleDoc[]>();

/**
 * Documentation for a rule id, from the detectors' metadata (the built-in ones unless given);
 * `term.<category>` and unknown ids get a generic entry. Undefined only for ids that look like
 * nothing prepub reports.
 */
export function ruleDoc(id: string, detectors: readonly Detector[] = BUILTIN_DETECTORS): RuleDoc | undefined {
  const known = allRuleDocs(detectors).find((d) => d.id === id);
  if (known) return known;
  if (id.startsWith('term.')) {
    const category = id.slice('term.'.length);
    return {
      id,
      title: t('en', 'rule.term-title', { category }),
      severity: 'review',
      finds: t('en', 'rule.term-finds', { category }),
      why: t('en', 'rule.term-why'),
      waive: t('en', 'rule.term-waive') + ' ' + WAIVE_GENERIC,
    };
  }
  if (id.startsWith('unread')) return { ...UNREAD_RULE, id };
  return undefined;
}

/**
 * A rule's documentation in `lang`: the English prose the detectors document themselves with, or
 * the catalogue's translation of it (rules of `term.<category>`, unread reasons and the built-in
 * rules; a rule a new detector brings without a translation keeps its English).
 */
export function localizedRuleDoc(doc: RuleDoc, lang: Lang): RuleDoc {
  if (lang === 'en') return doc;
  const generic = t(lang, 'rule.waive-generic');
  if (doc.id.startsWith('term.')) {
    const category = doc.id.slice('term.'.length);
    return { ...doc, title: t(lang, 'rule.term-title', { category }), finds: t(lang, 'rule.term-finds', { category }), why: t(lang, 'rule.term-why'), waive: `${t(lang, 'rule.term-waive')}${generic}` };
  }
  const id = doc.id.startsWith('unread') ? 'unread' : doc.id;
  const known = id in RULE_ZH;
  const own = (part: 'title' | 'finds' | 'why') => t(lang, `rule.${part}`, { id, text: doc[part] });
  const waive = t(lang, 'rule.waive', { id, text: '' });
  return {
    ...doc,
    title: own('title'),
    finds: own('finds'),
    why: own('why'),
    // The unread and error rules have their own advice; the detectors' rules add the generic waiver.
    waive: id === 'unread' || id === 'error' ? waive : known ? `${waive}${generic}` : doc.waive,
  };
}

/** The README anchor for a rule: `marking.cn-state-secret` → `rule-marking-cn-state-secret`, `term.x` → `rule-term`. */
export function ruleAnchor(id: string): string {
  // Dictionary categories share one README section; so do the unread reasons.
  if (id.startsWith('term.')) return 'rule-term';
  if (id.startsWith('unread')) return 'rule-unread';
  return 'rule-' + id.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
}

/**
 * The rule list of the CLI README (`#### rule-…` sections, the anchors SARIF help links point
 * at), generated from the catalogue so the README cannot drift from the detectors.
 */
export function rulesMarkdown(detectors: readonly Detector[] = BUILTIN_DETECTORS): string {
  const section = (d: RuleDoc, id = d.id, severity: string = d.severity): string =>
    `#### ${ruleAnchor(id)}\n\`${id}\` (${severity}) — ${d.title}. ${d.finds}${d.why ? ` ${d.why}` : ''}\n`;
  const term = ruleDoc('term.<category>', detectors)!;
  return [
    ...detectorRuleDocs(detectors).map((d) => section(d)),
    section(term, 'term.<category>', 'severity from the dictionary'),
    section(UNREAD_RULE),
    section(ERROR_RULE),
  ].join('\n');
}

/** The per-detector sections of the root README's detector list, generated from the detectors' metadata. */
export function detectorsMarkdown(detectors: readonly Detector[] = BUILTIN_DETECTORS): string {
  return detectors
    .map((d) => {
      const rules = rulesOf(d);
      const body = rules.length === 1 && rules[0].id === d.id
        ? `\`${d.id}\` — ${rules[0].title} (${rules[0].defaultSeverity}). ${rules[0].finds}`
        : `${d.title ?? d.summary}:\n\n${rules.map((r) => `- \`${r.id}\` — ${r.title} (${r.defaultSeverity}). ${r.finds}`).join('\n')}`;
      return `### ${d.docs}\n\n${body}\n`;
    })
    .join('\n');
}

/** Replaces the text between `<!-- name:start -->` and `<!-- name:end -->` in `doc`; undefined when the markers are missing. */
export function replaceGenerated(doc: string, name: string, content: string): string | undefined {
  const start = `<!-- ${name}:start (generated from the detectors' metadata: pnpm tsx packages/cli/src/readme-docs.ts) -->`;
  const end = `<!-- ${name}:end -->`;
  const a = doc.indexOf(start);
  const b = doc.indexOf(end);
  if (a < 0 || b < a) return undefined;
  return `${doc.slice(0, a + start.length)}\n\n${content}\n${doc.slice(b)}`;
}
