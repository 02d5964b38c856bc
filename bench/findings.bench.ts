/**
 * No step superlinear in the number of findings: realistic text with about 10,000 personal-data
 * findings per MB (ID numbers, mobile numbers, e-mail addresses, each labelled), one document of
 * 1×, 2× and 4× the size, scanned in-process with the bundled dictionaries and allowlist. Linear
 * means the time per MB stays flat: the ratio of each size's time to the 1× time is about the
 * size ratio.
 *
 *   pnpm bench findings [--mb 1]
 */
import { createScanner } from '@prepub/scanner';
import { benchTerms, realisticDocument, rng } from './corpus.ts';
import { stageBreakdown } from './stages.ts';

const i = process.argv.indexOf('--mb');
const baseMb = i > 0 ? Number(process.argv[i + 1]) : 1;
const scanner = await createScanner({ ocr: false, isolation: false });
const terms = benchTerms(100);
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const rows: Array<Record<string, number>> = [];
let base = 0;
// Warm-up on a document of its own, so the 1× row (the base of every ratio) does not also pay
// for the JIT settling: the first megabytes scan several times slower, and one scan of the 1×
// document was not enough (larger sizes then looked sublinear).
const warm = new TextEncoder().encode(realisticDocument(baseMb * 2e6, terms, rng(4), { findingsPerMB: 10_000 }));
for (let r = 0; r < 4; r++) await scanner.scan(warm);
for (const factor of [1, 2, 4]) {
  const doc = new TextEncoder().encode(realisticDocument(baseMb * factor * 1e6, terms, rng(3), { findingsPerMB: 10_000 }));
  await scanner.scan(doc); // warm-up
  const times: number[] = [];
  let findings = 0;
  let suppressed = 0;
  let errors = 0;
  for (let r = 0; r < 5; r++) {
    const t = performance.now();
    const res = await scanner.scan(doc);
    times.push(performance.now() - t);
    findings = res.findings.length;
    suppressed = res.suppressed.length;
    errors = res.errors.length;
  }
  const ms = median(times);
  if (factor === 1) base = ms;
  rows.push({
    sizeFactor: factor,
    MB: Math.round((doc.length / 1e6) * 100) / 100,
    // The engine lists up to 1,000 findings per detector and part and counts the rest; the
    // detectors still find, locate and check every one.
    findingsListed: findings,
    suppressed,
    // A detector that met more trigger words in one part than it examines (MAX_HITS_PER_DETECTOR)
    // reports a scan error for the rest: that row did less work than its size says.
    scanErrors: errors,
    ms: Math.round(ms),
    msPerMB: Math.round(ms / (doc.length / 1e6)),
    timeRatio: Math.round((ms / base) * 100) / 100,
    rssMb: Math.round(process.memoryUsage.rss() / 1e6),
  });
}
console.log('findings: realistic text at ~10,000 personal-data findings per MB; time ratio should follow the size factor');
console.table(rows);
await scanner.close();
// Where the time goes at this density, per stage and per detector (the 1× document, CPU time).
console.log('findings: CPU ms per MB by stage and detector (1× document)');
console.table(await stageBreakdown([new TextEncoder().encode(realisticDocument(baseMb * 1e6, terms, rng(3), { findingsPerMB: 10_000 }))], undefined));
