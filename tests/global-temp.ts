import { rmSync } from 'node:fs';

/** Vitest global setup: returns the teardown that removes this run's temp folder (see vitest.config.ts). */
export default function setup(): () => void {
  return () => {
    const dir = process.env.PREPUB_TEST_RUN_DIR;
    if (dir) rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
  };
}
