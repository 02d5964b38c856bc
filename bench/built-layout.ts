/**
 * The built packages laid out as an install of the tarballs puts them, without a registry: used by
 * the start-up benchmark, and runnable alone to get a folder to profile the built command in:
 *
 *   pnpm build && node --import tsx bench/built-layout.ts <dir>   # prints <dir>/node_modules/prepub/dist/bin.js
 */
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..');

/**
 * Lays the built packages out under `<dir>/node_modules` the way an install of the tarballs does,
 * and returns the path of the umbrella package's bin. Third-party dependencies are links to the
 * workspace's own copies (their real paths, so their own dependencies resolve as in the workspace).
 */
export function layOutBuiltPackages(dir: string): string {
  const nm = join(dir, 'node_modules');
  for (const d of readdirSync(join(ROOT, 'packages'))) {
    const src = join(ROOT, 'packages', d);
    const manifestPath = join(src, 'package.json');
    if (!existsSync(manifestPath)) continue;
    const pkg = JSON.parse(readFileSync(manifestPath, 'utf8')) as Record<string, unknown> & { name: string; private?: boolean; publishConfig?: object; files?: string[]; dependencies?: Record<string, string> };
    if (pkg.private) continue;
    if (!existsSync(join(src, 'dist'))) throw new Error(`packages/${d}/dist is missing: run pnpm build first`);
    const dest = join(nm, pkg.name);
    mkdirSync(dest, { recursive: true });
    writeFileSync(join(dest, 'package.json'), JSON.stringify({ ...pkg, ...pkg.publishConfig }, null, 2));
    for (const f of pkg.files ?? ['dist']) {
      if (f.startsWith('!') || f.includes('*') || !existsSync(join(src, f))) continue;
      cpSync(join(src, f), join(dest, f), { recursive: true, filter: (p) => !p.endsWith('.tsbuildinfo') });
    }
    for (const dep of Object.keys(pkg.dependencies ?? {})) {
      if (dep.startsWith('@prepub/') || dep === 'prepub') continue;
      const link = join(dest, 'node_modules', dep);
      mkdirSync(dirname(link), { recursive: true });
      symlinkSync(realpathSync(join(src, 'node_modules', dep)), link);
    }
  }
  return join(nm, 'prepub', 'dist', 'bin.js');
}

if (import.meta.filename === process.argv[1]) {
  const dir = process.argv[2];
  if (!dir) {
    console.error('usage: node --import tsx bench/built-layout.ts <dir>');
    process.exit(3);
  }
  console.log(layOutBuiltPackages(resolve(dir)));
}
