import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig } from 'vitest/config';

// Every temp folder a test run makes (its own, the CLI's and the servers' it starts) goes under one
// folder of this run, which the global teardown removes: a test run leaves nothing in the user's
// /tmp. Children inherit TMPDIR, so os.tmpdir() points there in workers and spawned CLIs too.
if (!process.env.PREPUB_TEST_RUN_DIR) {
  process.env.PREPUB_TEST_RUN_DIR = mkdtempSync(join(tmpdir(), 'prepub-test-run-'));
  process.env.TMPDIR = process.env.PREPUB_TEST_RUN_DIR;
}
// The CLI keeps its dictionaries' compile cache under ~/.cache/prepub; tests (and the CLI processes
// they start) write theirs in a folder of this run instead of the user's home.
if (!process.env.PREPUB_CACHE_DIR) {
  process.env.PREPUB_CACHE_DIR = join(process.env.PREPUB_TEST_RUN_DIR, 'cache');
  mkdirSync(process.env.PREPUB_CACHE_DIR, { recursive: true });
}

export default defineConfig({
  test: {
    include: ['packages/*/test/**/*.test.ts', 'tests/**/*.test.ts'],
    globalSetup: ['./tests/global-temp.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
