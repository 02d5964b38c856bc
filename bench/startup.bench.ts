/**
 * Start-up of the built `prepub` command: wall time of `prepub scan --format json small.txt` run
 * from the built JavaScript (packages/*\/dist, as the tarballs ship it), beside `node -e 0` in the
 * same run, interleaved, so a busy machine slows both alike. Prints the median of each, the median
 * of the per-round ratios, and the spread.
 *
 *   pnpm build && pnpm bench startup [--runs 15] [--bin path/to/bin.js]
 *
 * Without --bin the packages are laid out as an install puts them (each manifest with its
 * `publishConfig` applied, so `@prepub/*` resolve to dist/, third-party dependencies linked from
 * the workspace) in a temporary folder; no registry is needed. With --bin, that file is run (for
 * example node_modules/prepub/dist/bin.js of a real `npm install` of the tarballs).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { layOutBuiltPackages } from './built-layout.ts';
import { arg, median } from './cli-args.ts';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

function wall(argv: string[], cwd: string): { ms: number; status: number | null; stdout: string; stderr: string } {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, argv, { cwd, encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } });
  return { ms: performance.now() - t0, status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const runs = Number(arg('--runs') ?? 15);
const work = mkdtempSync(join(tmpdir(), 'prepub-startup-'));
try {
  const bin = arg('--bin') ? resolve(arg('--bin')!) : layOutBuiltPackages(work);
  const small = join(work, 'small.txt');
  writeFileSync(small, '关于召开年度工作总结会议的通知\n请各部门于周五前报送材料。\n');
  const scanArgs = [bin, 'scan', '--format', 'json', small];
  // One untimed run of each: the first run pays for the file cache, not for prepub.
  const first = wall(scanArgs, work);
  if (first.status !== 0) throw new Error(`prepub scan exited ${first.status}: ${first.stderr}`);
  const verdict = (JSON.parse(first.stdout) as { results: Array<{ verdict: string }> }).results[0]?.verdict;
  wall(['-e', '0'], work);
  const cli: number[] = [];
  const bare: number[] = [];
  const ratios: number[] = [];
  for (let i = 0; i < runs; i++) {
    const b = wall(['-e', '0'], work).ms;
    const c = wall(scanArgs, work);
    if (c.status !== 0) throw new Error(`prepub scan exited ${c.status}: ${c.stderr}`);
    bare.push(b);
    cli.push(c.ms);
    ratios.push(c.ms / b);
  }
  const f = (ms: number) => `${(ms / 1000).toFixed(3)} s`;
  console.log(`built CLI: ${bin.startsWith(work) ? '(laid out from packages/*/dist)' : bin}; verdict ${verdict}; ${runs} rounds, interleaved`);
  console.log(`prepub scan --format json small.txt  median ${f(median(cli))}  min ${f(Math.min(...cli))}  max ${f(Math.max(...cli))}`);
  console.log(`node -e 0                            median ${f(median(bare))}  min ${f(Math.min(...bare))}  max ${f(Math.max(...bare))}`);
  console.log(`ratio (per round, median)            ${median(ratios).toFixed(2)}×; prepub's own share ${f(median(cli) - median(bare))}`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
