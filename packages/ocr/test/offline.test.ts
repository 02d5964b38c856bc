import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

describe('OCR (slow, real tesseract) offline', () => {
  it('recognises with every network API blocked, loading the language data from the npm packages', () => {
    const child = spawnSync(
      process.execPath,
      ['--import', 'tsx', '--import', here('./fixtures/no-network.mjs'), here('./fixtures/offline-child.ts'), here('../../../samples/images/screenshot-small.png')],
      { cwd: here('../../..'), encoding: 'utf8', timeout: 120_000, env: { ...process.env, HTTP_PROXY: '', HTTPS_PROXY: '' } },
    );
    expect(child.status).toBe(0);
    const [duringOcr, probe] = child.stderr.split('PROBE START');
    expect(duringOcr).not.toContain('NETWORK ATTEMPT');
    // The guard was live: the deliberate fetch after OCR was caught by it.
    expect(probe).toContain('NETWORK ATTEMPT: fetch');
    const line = child.stdout.trim().split('\n').pop()!;
    const result = JSON.parse(line) as { text: string; unread: string[]; guarded: boolean };
    expect(result.guarded).toBe(true);
    expect(result.text).toMatch(/机密.?2年/);
  }, 120_000);
});
