/** `prepub explain [rule-id]`: a rule's documentation as text. */
import { BUILTIN_DETECTORS } from '@prepub/core';
import { allRuleDocs, ruleAnchor, ruleDoc } from './rules.ts';

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
    if ((line + word).length > width && line.trim()) {
      out.push(indent + line.trimEnd());
      line = '';
    }
    line += word;
  }
  if (line.trim()) out.push(indent + line.trimEnd());
  return out.join('\n');
}

/** The explanation of one rule, the list of rules when `ruleId` is undefined, or undefined for an unknown id. */
export function explainText(ruleId: string | undefined): string | undefined {
  if (ruleId === undefined) {
    const docs = allRuleDocs();
    const w = Math.max(...docs.map((d) => d.id.length));
    return (
      'Rules (prepub explain <rule-id> for details):\n' +
      docs.map((d) => `  ${d.id.padEnd(w)}  ${d.severity.padEnd(6)}  ${d.title}`).join('\n') +
      `\n  ${'term.<category>'.padEnd(w)}  review  Dictionary terms, one rule per dictionary category\n`
    );
  }
  const d = ruleDoc(ruleId);
  if (!d) return undefined;
  return [
    `${d.id} — ${d.title}`,
    `Default severity: ${d.severity}`,
    ...(detectorSummary(d.id) ? [`Detector: ${detectorSummary(d.id)}`] : []),
    '',
    'What it finds:',
    wrap(d.finds),
    '',
    'Why it matters:',
    wrap(d.why),
    '',
    'How to waive it:',
    wrap(d.waive),
    '',
    `More: packages/cli/README.md#${ruleAnchor(d.id)}`,
    '',
  ].join('\n');
}
