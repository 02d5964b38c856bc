/**
 * prepub as a user gets it: `pnpm pack:all` writes the tarballs, `npm install <dir>/*.tgz` puts them
 * into an empty folder outside the workspace (third-party packages from the registry, native
 * bindings built by the packages' own install steps, no prompt), and then the library, the
 * command, a strict TypeScript consumer and the two examples run from the installed JavaScript.
 * Slow by nature (a build, an install of some 200 packages): one install serves every check.
 */
import { execFile, spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const ROOT = resolve(import.meta.dirname, '..');
const SAMPLES = join(ROOT, 'samples');
const MARKED_DOCX = join(SAMPLES, 'docx/notice-gbt9704-secret.docx');
const BENIGN_DOCX = join(SAMPLES, 'docx/benign-public-notice.docx');
const PUBLIC_PACKAGES = readdirSync(join(ROOT, 'packages')).filter((d) => {
  try {
    return !JSON.parse(readFileSync(join(ROOT, 'packages', d, 'package.json'), 'utf8')).private;
  } catch {
    return false;
  }
});

let work = '';
let tgzDir = '';
let app = '';
/** What a person reading the test log wants to know: how long each step took, how large the tarballs are. */
const transcript: string[] = [];

async function timed<T>(label: string, fn: () => Promise<T>): Promise<T> {
  const t0 = performance.now();
  try {
    return await fn();
  } finally {
    transcript.push(`${label}: ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  }
}

interface Ran {
  status: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/**
 * Runs a command in the installed folder, like a user's shell: its exit code is returned, not
 * thrown. Asynchronous, so the checks below run side by side once the install is done.
 */
function inApp(cmd: string, args: string[], cwd = app, env: NodeJS.ProcessEnv = {}): Promise<Ran> {
  const t0 = performance.now();
  return new Promise((done, fail) => {
    const child = spawn(cmd, args, { cwd, env: { ...process.env, CI: 'true', NODE_OPTIONS: '', ...env }, stdio: ['ignore', 'pipe', 'pipe'], timeout: 170_000 });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', fail);
    child.on('close', (status) => done({ status, stdout, stderr, ms: performance.now() - t0 }));
  });
}

/** The source build of the bundled nodejieba, done before the checks that scan with it. */
let jiebaBuild: Ran | undefined;
const JIEBA_DIR = () => join(app, 'node_modules/@prepub/scanner/node_modules/nodejieba');

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'prepub-install-'));
  tgzDir = join(work, 'tarballs');
  app = join(work, 'app');
  await timed('pnpm pack:all (build + pack)', () => run('node', [join(ROOT, 'scripts/pack-all.mjs'), tgzDir], { cwd: ROOT, maxBuffer: 1 << 24 }));
  for (const f of readdirSync(tgzDir)) transcript.push(`  ${f}: ${(statSync(join(tgzDir, f)).size / 1024).toFixed(0)} KiB`);
  cpSync(join(ROOT, 'tests/fixtures/consumer'), app, { recursive: true });
  const tarballs = readdirSync(tgzDir).map((f) => join(tgzDir, f));
  // An empty HOME: nothing from a developer's set-up (npmrc, node-gyp header cache) helps the install.
  const home = join(work, 'home');
  const cache = process.env.npm_config_cache ?? join(process.env.HOME ?? '/root', '.npm');
  await timed('npm install <tarballs> (CI=true, empty HOME)', () =>
    run('npm', ['install', ...tarballs, 'express@5.2.1', 'typescript@5.9.3', '@types/node@20', '--prefer-offline', '--no-audit', '--no-fund', '--cache', cache], {
      cwd: app,
      env: { ...process.env, CI: 'true', HOME: home, npm_config_yes: '', NODE_OPTIONS: '' },
      maxBuffer: 1 << 26,
    }),
  );
  // The path a machine of another platform or Node ABI takes: the package's own install step,
  // node-gyp against this Node's headers, no download, no prompt. The scans below then use it.
  rmSync(join(JIEBA_DIR(), 'build'), { recursive: true, force: true });
  jiebaBuild = await timed('nodejieba built from source by its install step', () => inApp('npm', ['run', 'install'], JIEBA_DIR(), { PREPUB_BUILD_FROM_SOURCE: '1' }));
}, 600_000);

afterAll(() => {
  // The log shows the transcript; the folder goes.
  console.log(['install from tarballs', ...transcript].join('\n'));
  if (work) rmSync(work, { recursive: true, force: true });
});

// Each check starts Node (and some start a scanner) from the installed files: seconds each on a busy machine.
describe('installed from the tarballs', { timeout: 180_000 }, () => {
  it('packs every public package and the umbrella package, with built JavaScript only', () => {
    const files = readdirSync(tgzDir).sort();
    expect(files).toContain('prepub-0.1.0.tgz');
    expect(files).toHaveLength(PUBLIC_PACKAGES.length);
    for (const f of files) {
      const list = spawnSync('tar', ['-tzf', join(tgzDir, f)], { encoding: 'utf8' }).stdout.split('\n');
      const own = list.filter((p) => p && !p.startsWith('package/node_modules/'));
      expect(own.filter((p) => /\.ts$/.test(p) && !p.endsWith('.d.ts')), f).toEqual([]);
      expect(own.some((p) => /^package\/(src|test)\//.test(p)), f).toBe(false);
      expect(own.some((p) => p.startsWith('package/dist/') && p.endsWith('.js')), f).toBe(true);
    }
    const scanner = spawnSync('tar', ['-tzf', join(tgzDir, 'prepub-scanner-0.1.0.tgz')], { encoding: 'utf8' }).stdout;
    expect(scanner).toContain('package/dist/dictionaries/marking-words.txt');
    // nodejieba travels with its sources (built on install where the shipped binding does not load).
    expect(scanner).toContain('package/node_modules/nodejieba/binding.gyp');
    expect(scanner).toContain('package/node_modules/nodejieba/build/Release/nodejieba.node');
  });

  it('rewrote workspace dependencies to versions and exports/bin to dist', () => {
    const manifest = (name: string) => JSON.parse(readFileSync(join(app, 'node_modules', name, 'package.json'), 'utf8'));
    const scanner = manifest('@prepub/scanner');
    expect(scanner.dependencies['@prepub/core']).toBe('0.1.0');
    expect(scanner.exports['.']).toEqual({ types: './dist/index.d.ts', import: './dist/index.js' });
    expect(manifest('prepub').bin.prepub.replace(/^\.\//, '')).toBe('dist/bin.js');
    expect(JSON.stringify(manifest('@prepub/cli'))).not.toContain('workspace:');
  });

  it('the bundled nodejieba builds from its sources when the shipped binding is not used', () => {
    const r = jiebaBuild!;
    expect(r.status, r.stdout + r.stderr).toBe(0);
    // Compiled here, not copied: the make output names the objects it built.
    expect(r.stdout).toContain('CXX(target) Release/obj.target/nodejieba/lib/nodejieba.o');
    expect(r.stderr).toContain('gyp info ok');
    expect(statSync(join(JIEBA_DIR(), 'build/Release/nodejieba.node')).size).toBeGreaterThan(0);
    // The patched sources travelled: the malloc tuning the reading pool calls is in this build.
    const binding = JSON.stringify(join(JIEBA_DIR(), 'build/Release/nodejieba.node'));
    const calls = spawnSync(process.execPath, ['-p', `const b = require(${binding}); [typeof b.mallocMmapThreshold, typeof b.mallocTrim, typeof b.mallocTrimThreshold, b.mallocTrim()].join(' ')`], { encoding: 'utf8' });
    expect(calls.stdout.trim(), calls.stderr).toMatch(/^function function function (true|false)$/);
  });

  it.concurrent('imports createScanner from "prepub" with plain node and scans a file', async ({ expect }) => {
    const script = `
      import { readFileSync } from 'node:fs';
      import { createScanner } from 'prepub';
      const scanner = await createScanner({ ocr: false });
      const r = await scanner.scan(readFileSync(process.argv[1]), { filename: 'notice.docx' });
      console.log(JSON.stringify({ verdict: r.verdict, rules: r.findings.map((f) => f.ruleId) }));
      await scanner.close();`;
    const r = await inApp('node', ['--input-type=module', '-e', script, MARKED_DOCX]);
    expect(r.stderr).not.toMatch(/Error/);
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout.trim().split('\n').pop()!);
    expect(out.verdict).toBe('block');
    expect(out.rules).toContain('marking.cn-state-secret');
  });

  it.concurrent('npx prepub scan --format json gives the documented report and exit code', async ({ expect }) => {
    const marked = await inApp('npx', ['--no-install', 'prepub', 'scan', '--format', 'json', '--no-ocr', MARKED_DOCX]);
    expect(marked.status, marked.stderr).toBe(2);
    const report = JSON.parse(marked.stdout);
    expect(report.version).toBe(1);
    expect(report.results).toHaveLength(1);
    expect(report.results[0].verdict).toBe('block');
    expect(report.results[0].findings[0].location).toBeDefined();

    const benign = await inApp('npx', ['--no-install', 'prepub', 'scan', '--format', 'json', '--no-ocr', BENIGN_DOCX]);
    expect(benign.status, benign.stderr).toBe(0);
    expect(JSON.parse(benign.stdout).results[0].verdict).toBe('pass');

    // Start-up of the built command on one small text file (the binary directly: npx adds its own start-up).
    const small = join(work, 'small.txt');
    writeFileSync(small, '关于召开年度工作总结会议的通知\n请各部门于周五前报送材料。\n');
    const bin = join(app, 'node_modules/prepub/dist/bin.js');
    const runs = [await inApp('node', [bin, 'scan', '--quiet', small]), await inApp('node', [bin, 'scan', '--quiet', small])];
    transcript.push(`prepub scan of one small text file (built JS, beside the other checks): ${runs.map((r) => (r.ms / 1000).toFixed(2)).join(' / ')} s`);
    for (const r of runs) expect(r.status, r.stderr).toBe(0);
  });

  it.concurrent('a strict TypeScript consumer (nodenext, exactOptionalPropertyTypes, skipLibCheck false) compiles and runs', async ({ expect }) => {
    const tsc = await inApp('node', [join(app, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json']);
    expect(tsc.stdout + tsc.stderr).toBe('');
    expect(tsc.status).toBe(0);
    const r = await inApp('node', ['dist/consumer.js', BENIGN_DOCX]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('pass');
  });

  for (const example of ['express-portal', 'cms-hook']) {
    it.concurrent(`examples/${example}: a marked DOCX is refused, a benign one accepted`, async ({ expect }) => {
      const dir = join(app, example);
      cpSync(join(ROOT, 'examples', example), dir, { recursive: true, filter: (p) => !p.includes('node_modules') });
      const r = await inApp('node', ['check.mjs', MARKED_DOCX, BENIGN_DOCX], dir);
      expect(r.status, r.stdout + r.stderr).toBe(0);
      expect(r.stdout).toContain(`${example}: ok`);
    });
  }
});
