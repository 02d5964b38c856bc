#!/usr/bin/env node
/**
 * `pnpm pack:all <dir>`: builds the workspace and writes one installable tarball per public package
 * (the `prepub` umbrella package included) into <dir>, so that `npm install <dir>/*.tgz` sets up
 * prepub in any folder, unattended.
 *
 * `pnpm pack` turns `workspace:*` into the packages' versions and applies each package's
 * `publishConfig` (exports and bin pointing at the built dist/). Two native dependencies cannot be
 * left to the registry as they are: their install scripts download prebuilt binaries (nodejieba
 * through `npx @mapbox/node-pre-gyp`, which stops at a prompt without a TTY; better-sqlite3 through
 * prebuild-install) and fall back to node-gyp fetching Node's headers from the internet. The
 * workspace fixes that with pnpm patches, which do not travel with a tarball. So the package that
 * needs each one carries it as a bundled dependency with an install step of its own: it keeps the
 * binding the workspace built (shipped in the tarball) when that loads on the installing machine
 * (same platform and Node ABI, the common case of packing and installing on one kind of machine),
 * and otherwise compiles it with node-gyp against the running Node's own headers when they are
 * installed (they are for the official binaries and the Debian/NodeSource packages), so nothing is
 * downloaded. PREPUB_BUILD_FROM_SOURCE=1 at install time skips the shipped binding.
 *
 * Usage: node scripts/pack-all.mjs <dir> [--no-build]
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, realpathSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const outArg = args.find((a) => !a.startsWith('--'));
if (!outArg) {
  process.stderr.write('usage: pnpm pack:all <dir> [--no-build]\n');
  process.exit(3);
}
const out = resolve(process.env.INIT_CWD ?? process.cwd(), outArg);
mkdirSync(out, { recursive: true });

/**
 * Native dependencies shipped inside the package that uses them. `drop` are install-time-only
 * dependencies (the downloaders) that the replacement install script no longer needs; `prune` are
 * paths inside the copied package that nothing reads at run time or build time.
 */
const NATIVE = {
  '@prepub/scanner': [
    {
      name: 'nodejieba',
      binding: 'build/Release/nodejieba.node',
      drop: ['@mapbox/node-pre-gyp'],
      prune: ['submodules/cppjieba/test', 'submodules/cppjieba/deps/limonp/test', 'typescript_demo.ts'],
    },
  ],
  '@prepub/audit': [{ name: 'better-sqlite3', binding: 'build/Release/better_sqlite3.node', drop: ['prebuild-install'], prune: [] }],
};
/** Never copied from a dependency: build output of the workspace's own install, tests, CI files. */
const SKIP_TOP = new Set(['build', 'node_modules', 'test', '.github', 'prebuilds']);

/**
 * The install script of a bundled native dependency. First: does the shipped binding load here?
 * Loading is the test that matters (platform, libc, Node ABI), so nothing is guessed from names.
 * Else node-gyp (which npm and pnpm put on the PATH of install scripts), with `--nodedir` set to the
 * running Node's own headers when they exist; without them node-gyp falls back to its download.
 */
const NODE_DIR =
  "const p=require('path'),f=require('fs'),d=p.dirname(p.dirname(process.execPath));" +
  "if(f.existsSync(p.join(d,'include','node','node_api.h')))console.log('--nodedir='+d)";
const installScript = (binding) =>
  `node -e "if(process.env.PREPUB_BUILD_FROM_SOURCE)process.exit(1);require('./${binding}')" 2>/dev/null || node-gyp rebuild --release -j max $(node -e "${NODE_DIR}")`;

const run = (cmd, argv, cwd) => execFileSync(cmd, argv, { cwd, stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' });
const readJson = (f) => JSON.parse(readFileSync(f, 'utf8'));
const writeJson = (f, j) => writeFileSync(f, JSON.stringify(j, null, 2) + '\n');

/** The folder of package `name` as Node would find it from `fromDir` (pnpm's links resolved). */
function locate(fromDir, name) {
  for (let d = fromDir; ; d = dirname(d)) {
    const c = join(d, 'node_modules', name);
    if (existsSync(join(c, 'package.json'))) return realpathSync(c);
    if (dirname(d) === d) throw new Error(`cannot find ${name} from ${fromDir}`);
  }
}

/** Copies a dependency's files (not its build output or tests) and returns its manifest. */
function copyPackage(src, dest, prune = []) {
  mkdirSync(dest, { recursive: true });
  for (const e of readdirSync(src)) if (!SKIP_TOP.has(e)) cpSync(join(src, e), join(dest, e), { recursive: true, dereference: true });
  for (const p of prune) rmSync(join(dest, p), { recursive: true, force: true });
  return readJson(join(dest, 'package.json'));
}

/** Adds the native dependencies (and what they need at build and run time) to an unpacked package. */
function bundleNative(pkgDir, workspaceDir, natives) {
  const manifest = readJson(join(pkgDir, 'package.json'));
  const bundled = new Set(manifest.bundleDependencies ?? []);
  for (const { name, binding, drop, prune } of natives) {
    const src = locate(workspaceDir, name);
    const dest = join(pkgDir, 'node_modules', name);
    const m = copyPackage(src, dest, prune);
    // The binding the workspace's own install built (only the loadable file, not the objects).
    if (existsSync(join(src, binding))) {
      mkdirSync(dirname(join(dest, binding)), { recursive: true });
      cpSync(join(src, binding), join(dest, binding));
    }
    m.scripts = { install: installScript(binding) };
    for (const d of drop) delete m.dependencies?.[d];
    delete m.binary;
    delete m.devDependencies;
    writeJson(join(pkgDir, 'node_modules', name, 'package.json'), m);
    manifest.dependencies[name] = m.version;
    bundled.add(name);
    // Their own dependencies (node-addon-api, bindings…) travel along, flat beside them.
    const queue = Object.keys(m.dependencies ?? {}).map((d) => [d, src]);
    while (queue.length) {
      const [dep, from] = queue.shift();
      if (bundled.has(dep)) continue;
      const depSrc = locate(from, dep);
      const dm = copyPackage(depSrc, join(pkgDir, 'node_modules', dep));
      manifest.dependencies[dep] = dm.version;
      bundled.add(dep);
      for (const d of Object.keys(dm.dependencies ?? {})) queue.push([d, depSrc]);
    }
  }
  manifest.bundleDependencies = [...bundled].sort();
  writeJson(join(pkgDir, 'package.json'), manifest);
}

if (!args.includes('--no-build')) run('pnpm', ['run', '--silent', 'build'], ROOT);

const packages = readdirSync(join(ROOT, 'packages'))
  .map((d) => join(ROOT, 'packages', d))
  .filter((d) => existsSync(join(d, 'package.json')) && !readJson(join(d, 'package.json')).private);

const rows = [];
for (const dir of packages) {
  const manifest = readJson(join(dir, 'package.json'));
  if (!existsSync(join(dir, 'dist'))) throw new Error(`${manifest.name}: no dist/, run pnpm build first`);
  const stage = mkdtempSync(join(tmpdir(), 'prepub-pack-'));
  try {
    run('pnpm', ['pack', '--pack-destination', stage], dir);
    const tgz = readdirSync(stage).find((f) => f.endsWith('.tgz'));
    if (!tgz) throw new Error(`${manifest.name}: pnpm pack wrote no tarball`);
    const natives = NATIVE[manifest.name];
    if (natives) {
      run('tar', ['-xzf', tgz], stage);
      bundleNative(join(stage, 'package'), dir, natives);
      rmSync(join(stage, tgz));
      run('tar', ['-czf', tgz, '--owner=0', '--group=0', '--numeric-owner', 'package'], stage);
    }
    const dest = join(out, basename(tgz));
    rmSync(dest, { force: true });
    cpSync(join(stage, tgz), dest);
    rows.push([basename(tgz), statSync(dest).size]);
  } finally {
    rmSync(stage, { recursive: true, force: true });
  }
}
for (const [f, size] of rows) process.stdout.write(`${(size / 1024).toFixed(0).padStart(7)} KiB  ${join(out, f)}\n`);
