/**
 * Runs the throughput benchmarks, each against its in-run baseline:
 *   pnpm bench            all
 *   pnpm bench text       one (text | docx | office | pdf | ocr | adversarial)
 *   pnpm bench peers <dir> other projects' test documents (not part of "all": it needs a folder)
 *   pnpm bench redteam <dir> the same documents with a marking inserted into each place their format has
 *   pnpm bench startup     the built command's start-up (not part of "all": it needs `pnpm build` first)
 *   pnpm bench cli         `prepub scan` end to end against a plain read + decode (needs `pnpm build` too)
 *   pnpm bench memory      resident memory of a scanner without OCR over samples/, N rounds (not part of "all": minutes)
 * Arguments that are not benchmark names are handed to each benchmark run.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const all = ['text', 'docx', 'office', 'pdf', 'ocr', 'adversarial', 'scale', 'findings'];
const named = new Set([...all, 'peers', 'redteam', 'startup', 'cli', 'memory']);
const args = process.argv.slice(2);
const names = args.filter((a) => named.has(a));
const rest = args.filter((a) => !named.has(a));
const wanted = names.length ? names : all;
let failed = 0;
for (const name of wanted) {
  const file = join(import.meta.dirname, `${name}.bench.ts`);
  if (!existsSync(file)) {
    console.error(`no benchmark named ${name}`);
    failed++;
    continue;
  }
  console.log(`\n== ${name} ==`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', file, ...rest], { stdio: 'inherit' });
  if (r.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
