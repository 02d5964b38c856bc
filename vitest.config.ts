import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig } from 'vitest/config';

// The CLI keeps its dictionaries' compile cache under ~/.cache/prepub; tests (and the CLI processes
// they start) write theirs in a folder of this run instead of the user's home.
process.env.PREPUB_CACHE_DIR ??= mkdtempSync(join(tmpdir(), 'prepub-test-cache-'));

export default defineConfig({
  test: {
    include: ['packages/*/test/**/*.test.ts', 'tests/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
