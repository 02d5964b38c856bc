/**
 * The detection engine of an earlier commit against the working tree's, in one process, rounds
 * alternating, CPU time (`process.cpuUsage`): a speed change measured on a machine shared with
 * other work, where wall-clock figures of separate runs cannot show a few per cent.
 *
 *   pnpm tsx bench/engine-ab.ts <commit> [realistic,ordinary,dense] [rounds] [--only <detector id part>]
 *
 * The commit's packages/core/src is copied (git archive) under packages/core/node_modules/.ab-<commit>
 * (ignored by git, by tests and by tsc) and imported beside the working tree's. Both engines get the
 * same parts (read once by the scanner's text reader), the bench dictionary and the same jieba
 * segmenter; `--only` keeps the built-in detectors whose id contains it (no term detector). Prints,
 * per corpus, CPU ms per MB of input for `analyzeAll` (normalization, automaton, detectors, findings),
 * best and median round of each, and whether the two gave identical findings.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_LIMITS } from '@prepub/core';
import { createJiebaSegmenter, loadDictionaries } from '@prepub/scanner';
import { extractFile } from '../packages/scanner/src/extract.ts';
import { makeCorpus, type CorpusKind } from './corpus.ts';

const args = process.argv.slice(2);
const o = args.indexOf('--only');
const only = o >= 0 ? args[o + 1] : undefined;
const [commit, kindsArg = 'realistic,ordinary,dense', roundsArg = '11'] = args.filter((_, i) => o < 0 || (i !== o && i !== o + 1));
if (!commit) throw new Error('usage: engine-ab.ts <commit> [corpora] [rounds] [--only id]');
const root = join(import.meta.dirname, '..');
const sha = execFileSync('git', ['-C', root, 'rev-parse', '--short', commit], { encoding: 'utf8' }).trim();
const dir = join(root, 'packages/core/node_modules', `.ab-${sha}`);
if (!existsSync(join(dir, 'src/index.ts'))) {
  mkdirSync(dir, { recursive: true });
  // Inside node_modules a folder is CommonJS unless it says otherwise.
  writeFileSync(join(dir, 'package.json'), '{"type":"module"}\n');
  execFileSync('sh', ['-c', `git -C "${root}" archive ${sha} packages/core/src | tar -x --strip-components=2 -C "${dir}"`]);
}
type Core = typeof import('@prepub/core');
const NEW = (await import('../packages/core/src/index.ts')) as unknown as Core;
const OLD = (await import(join(dir, 'src/index.ts'))) as Core;

const cpu = (): number => {
  const c = process.cpuUsage();
  return (c.user + c.system) / 1000;
};
const stat = (xs: number[]): string => {
  const s = [...xs].sort((a, b) => a - b);
  return `best ${s[0].toFixed(2)}, median ${s[Math.floor(s.length / 2)].toFixed(2)}`;
};

for (const kind of kindsArg.split(',') as CorpusKind[]) {
  // A quarter of the text bench's corpus.
  const { docs, dictText } = kind === 'realistic' ? makeCorpus(kind, 100, 210_000) : makeCorpus(kind, 20);
  const use = docs.slice(0, kind === 'realistic' ? 25 : 5);
  const dicts = loadDictionaries([], [{ name: 'bench.txt', text: dictText }]);
  const parts: Array<Parameters<Core['Engine']['prototype']['analyzeAll']>[0]> = [];
  let bytes = 0;
  for (const d of use) {
    bytes += d.length;
    const r = await extractFile(d, { limits: DEFAULT_LIMITS, render: false });
    parts.push(r.kind === 'extracted' ? r.extraction.parts : []);
  }
  const engineOf = (C: Core): InstanceType<Core['Engine']> => {
    const compiled = new C.CompiledDictionary(dicts.terms);
    const segmenter = createJiebaSegmenter(compiled.entries.filter((e) => e.boundary === 'word').map((e) => e.normalized));
    const policy = C.resolvePolicy({});
    const detectors = only ? C.BUILTIN_DETECTORS.filter((d) => d.id.includes(only)) : [...C.BUILTIN_DETECTORS, C.createTermDetector(compiled)];
    return new C.Engine({ detectors, policy, allowlist: new C.Allowlist([...dicts.allow, ...policy.allowlist]), segmenter });
  };
  const engines = { old: engineOf(OLD), new: engineOf(NEW) };
  const today = '2026-01-01';
  const same = JSON.stringify(parts.map((ps) => engines.old.analyzeAll(ps, { today }))) === JSON.stringify(parts.map((ps) => engines.new.analyzeAll(ps, { today })));
  const ms: Record<'old' | 'new', number[]> = { old: [], new: [] };
  for (let r = 0; r < Number(roundsArg); r++) {
    for (const which of r % 2 ? (['new', 'old'] as const) : (['old', 'new'] as const)) {
      const t = cpu();
      for (const ps of parts) engines[which].analyzeAll(ps, { today });
      ms[which].push((cpu() - t) / (bytes / 1e6));
    }
  }
  console.log(`${kind} (${(bytes / 1e6).toFixed(1)} MB${only ? `, only ${only}` : ''}): CPU ms per MB — ${sha}: ${stat(ms.old)}; working tree: ${stat(ms.new)}; findings identical: ${same}`);
}
