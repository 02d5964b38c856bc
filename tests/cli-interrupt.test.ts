/**
 * Ctrl-C: the partial report is written, unfinished files are `aborted` (review, never pass), and
 * the summary comes last in pretty output. Spawned through `pnpm prepub` and directly, signalled as
 * a terminal does (SIGINT to the whole process group, so every launcher gets it too).
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, REPO_ROOT, runCli, tempTree, validateReport } from '../packages/cli/test/support.ts';
import { NEWS, NEWS2, ROSTER, SECRET_NOTICE } from './cli-fixtures.ts';

interface Result {
  path: string;
  verdict: string;
  coverage: { unread: Array<{ reason: string }> };
}

/**
 * Spawns `cmd args` (a scan with --verbose) in its own process group, waits until prepub is reading
 * standard input (which never ends), then sends SIGINT to the group.
 */
async function interrupt(cmd: string, args: string[]): Promise<{ stdout: string; stderr: string; code: number | null }> {
  const child = spawn(cmd, args, { cwd: REPO_ROOT, detached: true, stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
  // Standard input stays open: the scan waits on `-` until interrupted.
  const closed = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  const t0 = Date.now();
  while (!/scanning stdin\.txt/.test(stderr)) {
    if (Date.now() - t0 > 120_000) throw new Error(`prepub did not reach standard input: ${stderr}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  process.kill(-child.pid!, 'SIGINT');
  const code = await closed;
  return { stdout, stderr, code };
}

function checkPartial(stdout: string, dir: string): void {
  const report = JSON.parse(stdout) as { interrupted?: boolean; results: Result[]; summary: { aborted?: number; files: number } };
  expect(validateReport(report)).toBe('');
  expect(report.interrupted).toBe(true);
  expect(report.results.map((r) => [path.basename(r.path), r.verdict])).toEqual([
    ['news.txt', 'pass'],
    ['stdin.txt', 'review'],
    ['notice.txt', 'review'],
    ['roster.txt', 'review'],
  ]);
  expect(report.results[0]!.path).toBe(path.join(dir, 'news.txt'));
  // Standard input never ended and the files after it never began: aborted, never pass.
  const aborted = report.results.filter((r) => r.coverage.unread.some((u) => u.reason === 'aborted'));
  expect(aborted.map((r) => path.basename(r.path))).toEqual(['stdin.txt', 'notice.txt', 'roster.txt']);
  expect(report.summary.aborted).toBe(3);
}

describe('Ctrl-C writes the partial report', () => {
  it('through pnpm prepub', async () => {
    const dir = tempTree({ 'news.txt': NEWS, 'notice.txt': SECRET_NOTICE, 'roster.txt': ROSTER });
    const files = ['news.txt', '-', 'notice.txt', 'roster.txt'].map((f) => (f === '-' ? f : path.join(dir, f)));
    const run = await interrupt('pnpm', ['--silent', 'prepub', 'scan', '-v', '-j', '1', '--filename', 'stdin.txt', ...files]);
    expect(run.stderr).toMatch(/interrupted/);
    checkPartial(run.stdout, dir);
  }, 180_000);

  it('started directly: exit code 130', async () => {
    const dir = tempTree({ 'news.txt': NEWS, 'notice.txt': SECRET_NOTICE, 'roster.txt': ROSTER });
    const files = ['news.txt', '-', 'notice.txt', 'roster.txt'].map((f) => (f === '-' ? f : path.join(dir, f)));
    const run = await interrupt(process.execPath, ['--import', 'tsx', BIN, 'scan', '-v', '-j', '1', '--filename', 'stdin.txt', ...files]);
    expect(run.code).toBe(130);
    checkPartial(run.stdout, dir);
  }, 180_000);
});

describe('pretty output', () => {
  it('lists only files that do not pass, then ends with the summary; --verbose lists every file', async () => {
    const cwd = tempTree({ 'a.txt': NEWS, 'b.txt': NEWS2, 'notice.txt': SECRET_NOTICE });
    const run = await runCli(['scan', '.', '-f', 'pretty'], { cwd });
    expect(run.code).toBe(2);
    expect(run.stdout).toMatch(/^BLOCK +notice\.txt/m);
    expect(run.stdout).not.toMatch(/a\.txt|b\.txt/);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines.at(-1)).toMatch(/2 passing files not listed \(--verbose lists them\)/);
    expect(run.stdout.indexOf('notice.txt')).toBeLessThan(run.stdout.indexOf('verdict  files'));
    const verbose = await runCli(['scan', '.', '-f', 'pretty', '--verbose'], { cwd });
    expect(verbose.stdout).toMatch(/^PASS +a\.txt/m);
    expect(verbose.stdout).toMatch(/^PASS +b\.txt/m);
    expect(verbose.stdout.trimEnd().split('\n').at(-1)).toMatch(/findings \d+, suppressed/);
  });
});
