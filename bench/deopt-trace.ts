/**
 * Runs the working tree's detection engine over the realistic corpus in one thread, for
 * `node --trace-opt --trace-deopt --import tsx bench/deopt-trace.ts [docs] [rounds]`: how often V8
 * optimises and deoptimises the detectors' hot functions on realistic text. Prints the CPU time of
 * the engine's run, compiler threads included: a cold run, as a CLI scan is. `PREPUB_CORE=<dir>`
 * takes the engine from another copy of packages/core/src (engine-ab.ts leaves one per commit under
 * packages/core/node_modules/.ab-<commit>/src).
 */
import { DEFAULT_LIMITS } from '@prepub/core';
import { createJiebaSegmenter, loadDictionaries } from '@prepub/scanner';
import { extractFile } from '../packages/scanner/src/extract.ts';
import { makeCorpus } from './corpus.ts';

type Core = typeof import('@prepub/core');
const C = (await import(process.env.PREPUB_CORE ? `${process.env.PREPUB_CORE}/index.ts` : '../packages/core/src/index.ts')) as unknown as Core;
const [nArg = '60', roundsArg = '1'] = process.argv.slice(2);
const { docs, dictText } = makeCorpus('realistic', Math.max(100, Number(nArg)), 210_000);
const use = docs.slice(0, Number(nArg));
const dicts = loadDictionaries([], [{ name: 'bench.txt', text: dictText }]);
const parts = [];
for (const d of use) {
  const r = await extractFile(d, { limits: DEFAULT_LIMITS, render: false });
  parts.push(r.kind === 'extracted' ? r.extraction.parts : []);
}
const compiled = new C.CompiledDictionary(dicts.terms);
const segmenter = createJiebaSegmenter(compiled.entries.filter((e) => e.boundary === 'word').map((e) => e.normalized));
const policy = C.resolvePolicy({});
const engine = new C.Engine({ detectors: [...C.BUILTIN_DETECTORS, C.createTermDetector(compiled)], policy, allowlist: new C.Allowlist([...dicts.allow, ...policy.allowlist]), segmenter });
console.log('=== ENGINE START ===');
const c0 = process.cpuUsage();
let n = 0;
for (let r = 0; r < Number(roundsArg); r++) for (const ps of parts) n += engine.analyzeAll(ps, { today: "2026-01-01" }).findings.length;
const c = process.cpuUsage(c0);
console.log(`=== ENGINE END === results ${n}, CPU ${((c.user + c.system) / 1000).toFixed(0)} ms`);
