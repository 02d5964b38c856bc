#!/usr/bin/env node
/**
 * Keeps every published package's build settings derived from its manifest, so adding a package or
 * a subpath export is done in one place (the package's `exports`):
 * - `publishConfig.exports` mirrors `exports` (`./src/x.ts` → `{ types: ./dist/x.d.ts, import: ./dist/x.js }`),
 * - `files` and `engines` are set, `tsconfig.build.json` exists and references the workspace
 *   packages it depends on, and the root `tsconfig.build.json` references every package.
 * `node scripts/build-config.mjs` writes what is missing or out of date; `--check` only reports it
 * (a test runs that), exiting 1 when anything differs.
 */
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const check = process.argv.includes('--check');
const readJson = (f) => JSON.parse(readFileSync(f, 'utf8'));
const text = (j) => JSON.stringify(j, null, 2) + '\n';
const stale = [];

function put(file, json) {
  const want = text(json);
  const have = existsSync(file) ? readFileSync(file, 'utf8') : '';
  if (have === want) return;
  stale.push(file.slice(ROOT.length + 1));
  if (!check) writeFileSync(file, want);
}

const dirs = readdirSync(join(ROOT, 'packages'))
  .map((d) => join(ROOT, 'packages', d))
  .filter((d) => existsSync(join(d, 'package.json')) && !readJson(join(d, 'package.json')).private);
const byName = new Map(dirs.map((d) => [readJson(join(d, 'package.json')).name, d]));

/** `./src/a/b.ts` → `./dist/a/b` (without extension); anything else is left as it is. */
const distOf = (p) => (typeof p === 'string' && p.startsWith('./src/') && p.endsWith('.ts') ? './dist/' + p.slice(6, -3) : undefined);

for (const dir of dirs) {
  const manifest = readJson(join(dir, 'package.json'));
  const before = text(manifest);
  const pub = (manifest.publishConfig ??= {});
  const exportsOut = {};
  for (const [key, target] of Object.entries(manifest.exports ?? {})) {
    const base = distOf(target);
    // A subpath that names a program (`./bin`) points at its JavaScript only.
    exportsOut[key] = base === undefined ? target : key === './bin' ? base + '.js' : { types: base + '.d.ts', import: base + '.js' };
  }
  pub.exports = exportsOut;
  const files = new Set(manifest.files ?? ['dist', '!dist/.tsbuildinfo', '!dist/**/*.tsbuildinfo', 'README.md']);
  manifest.files = [...files];
  manifest.engines ??= { node: '>=20.11' };
  if (text(manifest) !== before) put(join(dir, 'package.json'), manifest);

  const deps = Object.keys(manifest.dependencies ?? {}).filter((n) => byName.has(n));
  const buildFile = join(dir, 'tsconfig.build.json');
  const build = existsSync(buildFile)
    ? readJson(buildFile)
    : {
        extends: '../../tsconfig.build-base.json',
        compilerOptions: { rootDir: 'src', outDir: 'dist', tsBuildInfoFile: 'dist/.tsbuildinfo' },
        include: ['src/**/*.ts'],
        exclude: ['src/**/*.test.ts'],
      };
  build.references = deps.sort().map((n) => ({ path: `../${byName.get(n).split('/').pop()}/tsconfig.build.json` }));
  put(buildFile, build);
}

// Dependency order is tsc --build's business; the list only has to be complete.
const rootBuild = readJson(join(ROOT, 'tsconfig.build.json'));
const listed = new Set(rootBuild.references.map((r) => r.path));
for (const dir of dirs) {
  const p = `packages/${dir.split('/').pop()}/tsconfig.build.json`;
  if (!listed.has(p)) rootBuild.references.push({ path: p });
}
rootBuild.references = rootBuild.references.filter((r) => existsSync(join(ROOT, r.path)));
put(join(ROOT, 'tsconfig.build.json'), rootBuild);

if (stale.length) process.stdout.write(`${check ? 'out of date' : 'updated'}: ${stale.join(', ')}\n`);
process.exit(check && stale.length ? 1 : 0);
