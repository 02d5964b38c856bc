/**
 * The whole in-process scan of an earlier commit against the working tree's, in one process, rounds
 * alternating, CPU time (`process.cpuUsage`): what `pnpm bench text` measures (sniff, decode, text
 * quality, normalization, automaton, detectors, segmentation, findings, verdict), on a machine
 * shared with other work where wall-clock ratios of separate runs move by more than the change.
 *
 *   pnpm tsx bench/scan-ab.ts <commit> [realistic,ordinary,dense] [rounds]
 *
 * The commit's packages/ and dictionaries/ are copied (git archive) to a folder under the system's
 * temporary directory, with the packages' own node_modules links copied beside them (they point at
 * sibling packages, so the copy's packages load each other) and the root node_modules linked. Both
 * scanners run with `isolation: false` and the bench dictionary, on 40 realistic files or 8 of the
 * other corpora (8.4 MB). Prints CPU ms per MB of input, best and median round, for each scanner
 * and for TextDecoder on the same bytes, and whether both gave identical results (verdict,
 * findings, suppressed findings, unread items, errors).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeCorpus, type CorpusKind } from './corpus.ts';

const [commit, kindsArg = 'realistic,ordinary,dense', roundsArg = '9'] = process.argv.slice(2);
if (!commit) throw new Error('usage: scan-ab.ts <commit> [corpora] [rounds]');
const root = join(import.meta.dirname, '..');
const sha = execFileSync('git', ['-C', root, 'rev-parse', '--short', commit], { encoding: 'utf8' }).trim();
const dir = join(tmpdir(), `prepub-scan-ab-${sha}`);
if (!existsSync(join(dir, 'packages/scanner/src/index.ts'))) {
  mkdirSync(dir, { recursive: true });
  execFileSync('sh', ['-c', `git -C "${root}" archive ${sha} packages dictionaries package.json | tar -x -C "${dir}"`]);
  symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'));
  for (const p of readdirSync(join(root, 'packages'))) {
    const nm = join(root, 'packages', p, 'node_modules');
    if (existsSync(nm) && existsSync(join(dir, 'packages', p))) execFileSync('cp', ['-a', nm, join(dir, 'packages', p)]);
  }
}
type Scanners = typeof import('@prepub/scanner');
const NEW = (await import('../packages/scanner/src/index.ts')) as unknown as Scanners;
const OLD = (await import(join(dir, 'packages/scanner/src/index.ts'))) as Scanners;

const cpu = (): number => {
  const c = process.cpuUsage();
  return (c.user + c.system) / 1000;
};
const stat = (xs: number[]): string => {
  const s = [...xs].sort((a, b) => a - b);
  return `best ${s[0].toFixed(2)}, median ${s[Math.floor(s.length / 2)].toFixed(2)}`;
};
const summary = (r: Awaited<ReturnType<Awaited<ReturnType<Scanners['createScanner']>>['scan']>>): string =>
  JSON.stringify({ verdict: r.verdict, findings: r.findings, suppressed: r.suppressed, unread: r.coverage.unread, errors: r.errors });

for (const kind of kindsArg.split(',') as CorpusKind[]) {
  const { docs, dictText } = kind === 'realistic' ? makeCorpus(kind, 100, 210_000) : makeCorpus(kind, 20);
  const use = docs.slice(0, kind === 'realistic' ? 40 : 8);
  const make = (S: Scanners) => S.createScanner({ ocr: false, isolation: false, dictionaries: [], dictionaryTexts: [{ name: 'bench.txt', text: dictText }] });
  const scanners = { old: await make(OLD), new: await make(NEW) };
  const mb = use.reduce((n, d) => n + d.length, 0) / 1e6;
  // The first pass checks the results (and warms both up).
  let same = true;
  for (const d of use) if (summary(await scanners.old.scan(d)) !== summary(await scanners.new.scan(d))) same = false;
  const decoder = new TextDecoder();
  const ms: Record<'old' | 'new' | 'decode', number[]> = { old: [], new: [], decode: [] };
  for (let r = 0; r < Number(roundsArg); r++) {
    for (const which of r % 2 ? (['new', 'old'] as const) : (['old', 'new'] as const)) {
      const t = cpu();
      for (const d of use) await scanners[which].scan(d);
      ms[which].push((cpu() - t) / mb);
    }
    const t = cpu();
    for (const d of use) decoder.decode(d);
    ms.decode.push((cpu() - t) / mb);
  }
  console.log(
    `${kind} (${mb.toFixed(1)} MB): scan CPU ms per MB — ${sha}: ${stat(ms.old)}; working tree: ${stat(ms.new)}; TextDecoder: ${stat(ms.decode)}; results identical: ${same}`,
  );
  await scanners.old.close();
  await scanners.new.close();
}
