/**
 * Runs the throughput benchmarks, each against its in-run baseline:
 *   pnpm bench            all
 *   pnpm bench text       one (text | docx | pdf | ocr | adversarial)
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const all = ['text', 'docx', 'pdf', 'ocr', 'adversarial'];
const wanted = process.argv.slice(2).length ? process.argv.slice(2) : all;
let failed = 0;
for (const name of wanted) {
  const file = join(import.meta.dirname, `${name}.bench.ts`);
  if (!existsSync(file)) {
    console.error(`no benchmark named ${name}`);
    failed++;
    continue;
  }
  console.log(`\n== ${name} ==`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', file], { stdio: 'inherit' });
  if (r.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
