/**
 * Writes the generated rule and detector lists into README.md and packages/cli/README.md (between
 * their `<!-- rules:start … -->` / `<!-- detectors:start … -->` markers) from the detectors'
 * metadata. Run after changing a detector's documentation; a test fails while they differ.
 *   pnpm tsx packages/cli/src/readme-docs.ts
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { detectorsMarkdown, replaceGenerated, rulesMarkdown } from './rules.ts';

const ROOT = resolve(import.meta.dirname, '../../..');
/** The README files and the generated block each holds. */
export const GENERATED_DOCS = [
  { file: resolve(ROOT, 'README.md'), name: 'detectors', content: detectorsMarkdown },
  { file: resolve(ROOT, 'packages/cli/README.md'), name: 'rules', content: rulesMarkdown },
] as const;

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  for (const g of GENERATED_DOCS) {
    const next = replaceGenerated(readFileSync(g.file, 'utf8'), g.name, g.content());
    if (next === undefined) throw new Error(`${g.file}: markers for ${g.name} not found`);
    writeFileSync(g.file, next);
  }
}
