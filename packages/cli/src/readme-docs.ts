/**
 * Writes the generated rule and detector lists into README.md and packages/cli/README.md, and the
 * table of foreign marking forms into docs/markings-taxonomy.md (between their `<!-- name:start … -->`
 * markers), from the detectors' metadata. Run after changing a detector's documentation; a test fails while they differ.
 *   pnpm tsx packages/cli/src/readme-docs.ts
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { FOREIGN_FORMS, normalize, type ForeignForm } from '@prepub/core';
import { detectorsMarkdown, replaceGenerated, rulesMarkdown } from '@prepub/report';

/** The table of foreign marking forms for docs/markings-taxonomy.md. */
export function foreignFormsMarkdown(): string {
  const cell = (s: string): string => s.replace(/\n/g, '⏎').replace(/\|/g, '\\|');
  // The line of an example that holds the form's trigger (an example may open with a title line).
  const shown = (f: ForeignForm, e: string): string => {
    const lines = e.split('\n').filter((l) => l.trim());
    return lines.find((l) => f.triggers.some((t) => normalize(l).text.toLowerCase().includes(t.toLowerCase()))) ?? lines[0] ?? '';
  };
  const rows = FOREIGN_FORMS.map((f) => `| ${f.family} | \`${f.id}\` | ${cell(f.label)} | ${f.placement} | ${f.severity} | ${f.examples.map((e) => `\`${cell(shown(f, e))}\``).join(', ')} | ${f.counterexamples.map((e) => cell(shown(f, e))).join('; ')} |`);
  return ['| family | form | what | placement | severity | examples | not markings |', '| --- | --- | --- | --- | --- | --- | --- |', ...rows, ''].join('\n');
}

const ROOT = resolve(import.meta.dirname, '../../..');
/** The README files and the generated block each holds. */
export const GENERATED_DOCS = [
  { file: resolve(ROOT, 'README.md'), name: 'detectors', content: detectorsMarkdown },
  { file: resolve(ROOT, 'packages/cli/README.md'), name: 'rules', content: rulesMarkdown },
  { file: resolve(ROOT, 'docs/markings-taxonomy.md'), name: 'foreign-forms', content: foreignFormsMarkdown },
] as const;

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  for (const g of GENERATED_DOCS) {
    const next = replaceGenerated(readFileSync(g.file, 'utf8'), g.name, g.content());
    if (next === undefined) throw new Error(`${g.file}: markers for ${g.name} not found`);
    writeFileSync(g.file, next);
  }
}
