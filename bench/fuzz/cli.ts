/**
 * pnpm fuzz [--count N] [--seed S] [--out dir] [--ocr] [--only class,…] [--seeds id-part,…] [--jobs J] [--replay recipe.json]
 *
 * Mutates marked documents and scans each with the real scanner; exits 1 when any input breaks an
 * invariant (see harness.ts). --replay rebuilds one input from its recipe and scans it again.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { formatReport, replay, runFuzz, type Recipe } from './harness.ts';
import { loadSeeds } from './seeds.ts';

const { values } = parseArgs({
  options: {
    count: { type: 'string', default: '300' },
    seed: { type: 'string', default: '1' },
    out: { type: 'string' },
    ocr: { type: 'boolean', default: false },
    only: { type: 'string' },
    seeds: { type: 'string' },
    jobs: { type: 'string', default: '1' },
    'file-timeout': { type: 'string', default: '20000' },
    'max-rss': { type: 'string', default: '1536' },
    replay: { type: 'string' },
    write: { type: 'string' },
  },
});

if (values.replay) {
  // Rebuild the bytes of one recipe (to --write, or next to nothing) and run just that input.
  const recipe = (JSON.parse(readFileSync(values.replay, 'utf8')) as { recipe: Recipe }).recipe;
  const { mutated } = replay(recipe, loadSeeds({ ocr: values.ocr }));
  if (values.write) writeFileSync(values.write, mutated.bytes);
  const report = await runFuzz({ count: recipe.index + 1, seed: recipe.runSeed, only: [recipe.mutation], indices: [recipe.index], ocr: values.ocr });
  const outcome = report.classes.length ? report.violations.find((o) => o.recipe.index === recipe.index) : undefined;
  if (!report.classes.length) {
    // Nothing was scanned: saying "fixed" here would hide the input, not replay it.
    console.log(`input ${recipe.index} (${recipe.mutation}) could not be rebuilt from its recipe`);
    process.exit(2);
  }
  const c = report.classes[0];
  const verdict = c.block ? 'block' : c.review ? 'review' : 'pass';
  console.log(outcome ? JSON.stringify(outcome, null, 2) : `input ${recipe.index} (${recipe.mutation}) no longer breaks an invariant: ${verdict}`);
  process.exit(outcome ? 1 : 0);
}

const report = await runFuzz({
  count: Number(values.count),
  seed: Number(values.seed),
  out: values.out,
  ocr: values.ocr,
  only: values.only?.split(','),
  seeds: values.seeds?.split(','),
  jobs: Number(values.jobs),
  fileTimeoutMs: Number(values['file-timeout']),
  maxRssMb: Number(values['max-rss']),
  log: (l) => console.error(l),
});
console.log(formatReport(report));
process.exit(report.violations.length ? 1 : 0);
