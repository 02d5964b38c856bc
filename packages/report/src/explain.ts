/** `prepub explain [rule-id]`: a rule's documentation as text. */
import { BUILTIN_DETECTORS, t, type Lang } from '@prepub/core';
import { allRuleDocs, localizedRuleDoc, ruleAnchor, ruleDoc } from './rules.ts';

/** The engine's own one-line summary of the detector that reports `ruleId`, when it has one. */
function detectorSummary(ruleId: string): string | undefined {
  const d = BUILTIN_DETECTORS.find((x) => ruleId === x.id || ruleId.startsWith(x.id + '.'));
  return d?.summary;
}

function wrap(text: string, width = 88, indent = '  '): string {
  const out: string[] = [];
  let line = '';
  // CJK text has no spaces: break on spaces where there are some, else at the width.
  for (const word of text.split(/(\s+)/)) {
    if (/^\s+$/.test(word)) {
      if (line) line += ' ';
      continue;
    }
    for (const piece of splitLong(word, width)) {
      if ((line + piece).length > width && line.trim()) {
        out.push(indent + line.trimEnd());
        line = '';
      }
      line += piece;
    }
  }
  if (line.trim()) out.push(indent + line.trimEnd());
  return out.join('\n');
}

/** A run of text without spaces longer than `width` (Chinese prose) cut into `width`-long pieces. */
function splitLong(word: string, width: number): string[] {
  if (word.length <= width || !/[\u3400-\u9fff]/.test(word)) return [word];
  const out: string[] = [];
  for (let i = 0; i < word.length; i += width) out.push(word.slice(i, i + width));
  return out;
}

/**
 * The explanation of one rule, the list of rules when `ruleId` is undefined, or undefined for an
 * unknown id; in `lang` (default en).
 */
export function explainText(ruleId: string | undefined, lang: Lang = 'en'): string | undefined {
  // Chinese characters are twice as wide on a terminal: half as many a line.
  const width = lang === 'en' ? 88 : 44;
  if (ruleId === undefined) {
    const docs = allRuleDocs().map((d) => localizedRuleDoc(d, lang));
    const w = Math.max(...docs.map((d) => d.id.length));
    return (
      t(lang, 'explain.list') + '\n' +
      docs.map((d) => `  ${d.id.padEnd(w)}  ${d.severity.padEnd(6)}  ${d.title}`).join('\n') +
      `\n  ${'term.<category>'.padEnd(w)}  review  ${t(lang, 'explain.term-line')}\n`
    );
  }
  const known = ruleDoc(ruleId);
  if (!known) return undefined;
  const d = localizedRuleDoc(known, lang);
  const summary = detectorSummary(d.id);
  return [
    `${d.id} — ${d.title}`,
    t(lang, 'explain.default-severity', { severity: d.severity }),
    // A detector's one-line summary is English prose of its own; in another language the rule's title says it.
    ...(summary && lang === 'en' ? [t(lang, 'explain.detector', { summary })] : []),
    '',
    t(lang, 'explain.finds'),
    wrap(d.finds, width),
    '',
    t(lang, 'explain.why'),
    wrap(d.why, width),
    '',
    t(lang, 'explain.waive'),
    wrap(d.waive, width),
    '',
    t(lang, 'explain.more', { anchor: ruleAnchor(d.id) }),
    '',
  ].join('\n');
}
