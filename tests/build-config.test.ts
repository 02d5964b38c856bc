import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '..');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((e) => {
    const f = path.join(dir, e);
    return statSync(f).isDirectory() ? sources(f) : /\.(ts|mjs|js)$/.test(e) && !e.endsWith('.d.ts') ? [f] : [];
  });
}

/** Packages a source file imports at run time (`import type` and `declare module` left out). */
function runtimeImports(code: string): Set<string> {
  const out = new Set<string>();
  const re = /^\s*(?:import(?!\s+type\b)[^'"]*?from\s*|import\s*\(\s*|export(?!\s+type\b)[^'"]*?from\s*|import\s*)['"]([^'"]+)['"]/gm;
  for (const m of code.matchAll(re)) {
    const spec = m[1]!;
    if (spec.startsWith('.') || spec.startsWith('node:') || builtinModules.includes(spec)) continue;
    out.add(spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]!);
  }
  return out;
}

describe('build settings', () => {
  it("every published package's publishConfig exports, files and tsconfig.build.json follow its manifest", () => {
    // A package or subpath export added without its build settings would be missing from the tarballs.
    const r = spawnSync(process.execPath, ['scripts/build-config.mjs', '--check'], { cwd: ROOT, encoding: 'utf8' });
    expect(r.stdout).toBe('');
    expect(r.status).toBe(0);
  });

  it('every package its sources import at run time is a dependency (a devDependency does not travel in the tarball)', () => {
    const missing: string[] = [];
    for (const dir of readdirSync(path.join(ROOT, 'packages'))) {
      const manifest = JSON.parse(readFileSync(path.join(ROOT, 'packages', dir, 'package.json'), 'utf8')) as Record<string, Record<string, string> | undefined>;
      const declared = new Set([...Object.keys(manifest.dependencies ?? {}), ...Object.keys(manifest.peerDependencies ?? {}), manifest.name as unknown as string]);
      for (const f of sources(path.join(ROOT, 'packages', dir, 'src'))) {
        // The .mjs shim that loads TypeScript sources runs only inside the workspace.
        if (f.endsWith('.mjs')) continue;
        for (const dep of runtimeImports(readFileSync(f, 'utf8'))) if (!declared.has(dep)) missing.push(`${path.relative(ROOT, f)} imports ${dep}`);
      }
    }
    expect(missing).toEqual([]);
  });
});
