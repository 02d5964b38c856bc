#!/usr/bin/env node
/**
 * Second half of `pnpm build`: data files the built packages read at run time, copied beside their
 * JavaScript so they travel in the tarballs. The scanner's bundled dictionaries live at the
 * repository's top (`dictionaries/`, shared with docs and tests) and go to
 * packages/scanner/dist/dictionaries, where the built scanner looks first.
 */
import { cpSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const dest = join(ROOT, 'packages/scanner/dist/dictionaries');
rmSync(dest, { recursive: true, force: true });
cpSync(join(ROOT, 'dictionaries'), dest, { recursive: true });
