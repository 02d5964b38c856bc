import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '..');

describe('build settings', () => {
  it("every published package's publishConfig exports, files and tsconfig.build.json follow its manifest", () => {
    // A package or subpath export added without its build settings would be missing from the tarballs.
    const r = spawnSync(process.execPath, ['scripts/build-config.mjs', '--check'], { cwd: ROOT, encoding: 'utf8' });
    expect(r.stdout).toBe('');
    expect(r.status).toBe(0);
  });
});
