/**
 * glibc malloc tuning through the patched nodejieba addon (src/malloc.ts): the native calls exist
 * and do what they are for, measured on the resident memory of a real child process.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createScanner } from '../src/index.ts';
import { fixMallocMmapThreshold, mallocTrimStats, mallocTrimThreshold, mallocTuningAvailable, setMallocTrimThreshold, trimMalloc } from '../src/malloc.ts';

const CHURN = fileURLToPath(new URL('./fixtures/malloc-churn.ts', import.meta.url));
const glibc = process.platform === 'linux' && Boolean((process.report.getReport() as { header?: { glibcVersionRuntime?: string } }).header?.glibcVersionRuntime);

function churn(...args: string[]): { fixed: boolean; trimmed: boolean; kept: number; rssMb: number } {
  const r = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', CHURN, ...args], { encoding: 'utf8', cwd: fileURLToPath(new URL('..', import.meta.url)), timeout: 60_000 });
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout);
}

describe('malloc tuning', () => {
  it('is available exactly on glibc Linux, and its calls answer there', () => {
    expect(mallocTuningAvailable()).toBe(glibc);
    expect(fixMallocMmapThreshold()).toBe(glibc);
    // Once per process: the second call gives the first answer.
    expect(fixMallocMmapThreshold()).toBe(glibc);
    const before = mallocTrimStats.calls;
    expect(typeof trimMalloc()).toBe('boolean');
    expect(mallocTrimStats.calls).toBe(before + (glibc ? 1 : 0));
  });

  it('keeps freed buffers out of the resident set after a large one was freed (fixed mmap threshold)', () => {
    const plain = churn('plain');
    const fixed = churn('fix');
    expect(fixed.fixed).toBe(glibc);
    // Elsewhere nothing is tuned: the child only proves the calls are harmless.
    if (!glibc) return;
    expect(plain.kept).toBe(15);
    // 135 MB of freed 1 MB buffers: kept in the arena without the fix, given back with it.
    expect(plain.rssMb - fixed.rssMb).toBeGreaterThan(80);
  });

  it('sets the trim threshold, and says so only where glibc took it', () => {
    expect(setMallocTrimThreshold(128 * 1024)).toBe(glibc);
    expect(mallocTrimThreshold()).toBe(glibc ? 128 * 1024 : undefined);
  });

  it('a reading pool asked to keep free memory sets the trim threshold when it starts', async () => {
    const scanner = await createScanner({ ocr: false, isolation: { workers: 1, preload: [], eager: true, mallocKeepFreeMb: 6 } });
    try {
      const r = await scanner.scan(new TextEncoder().encode('关于召开全市重点项目推进会的通知\n'), { filename: 'a.txt' });
      expect(r.verdict).toBe('pass');
      expect(mallocTrimThreshold()).toBe(glibc ? 6 * 1024 * 1024 : undefined);
    } finally {
      await scanner.close();
    }
  });

  it('gives the free pages of the arenas back when trimmed', () => {
    const plain = churn('plain');
    const trimmed = churn('plain', 'trim');
    expect(trimmed.trimmed).toBe(glibc);
    if (!glibc) return;
    expect(plain.rssMb - trimmed.rssMb).toBeGreaterThan(80);
  });
});
