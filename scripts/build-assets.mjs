#!/usr/bin/env node
/**
 * Second half of `pnpm build`: the built JavaScript rewritten one byte per character where that is
 * smaller (see one-byte-js.mjs), and data files the built packages read at run time, copied beside
 * their JavaScript so they travel in the tarballs. The scanner's bundled dictionaries live at the
 * repository's top (`dictionaries/`, shared with docs and tests) and go to
 * packages/scanner/dist/dictionaries, where the built scanner looks first.
 */
import { cpSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { oneByteSource } from './one-byte-js.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const dest = join(ROOT, 'packages/scanner/dist/dictionaries');
rmSync(dest, { recursive: true, force: true });
cpSync(join(ROOT, 'dictionaries'), dest, { recursive: true });

// Every package's built JavaScript: rewritten only when it holds characters above U+00FF, so an
// incremental build touches just the files tsc wrote again.
let rewritten = 0;
for (const pkg of readdirSync(join(ROOT, 'packages'))) {
  let files;
  try {
    files = readdirSync(join(ROOT, 'packages', pkg, 'dist'), { recursive: true });
  } catch {
    continue;
  }
  for (const f of files) {
    if (!/\.m?js$/.test(f)) continue;
    const path = join(ROOT, 'packages', pkg, 'dist', f);
    const text = readFileSync(path, 'utf8');
    const out = oneByteSource(text);
    if (out !== text) {
      writeFileSync(path, out);
      rewritten++;
    }
  }
}
if (rewritten) console.log(`build-assets: ${rewritten} built files written one byte per character`);

