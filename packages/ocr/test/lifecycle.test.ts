import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));
const sample = (f: string) => here(`../../../samples/images/${f}`);

interface ChildRun {
  /** Milliseconds from the CLOSED marker to the process exit; undefined if it had to be killed. */
  exitAfterMs?: number;
  code: number | null;
  stdout: string;
  stderr: string;
  result: { texts: string[]; unread: string[]; started: number; active: string[] };
}

/** Runs the lifecycle child; kills it (and reports no exit) if it lingers `graceMs` after CLOSED. */
function runChild(mode: string, files: string[], graceMs = 5000): Promise<ChildRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', here('./fixtures/lifecycle-child.ts'), mode, ...files], { cwd: here('../../..') });
    let stdout = '';
    let stderr = '';
    let closedAt: number | undefined;
    let killer: NodeJS.Timeout | undefined;
    let killed = false;
    const overall = setTimeout(() => child.kill('SIGKILL'), 150_000);
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      if (closedAt === undefined && stdout.includes('CLOSED')) {
        closedAt = Date.now();
        killer = setTimeout(() => {
          killed = true;
          child.kill('SIGKILL');
        }, graceMs);
      }
    });
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(overall);
      clearTimeout(killer);
      const line = stdout.split('\n').find((l) => l.startsWith('{'));
      if (!line) return reject(new Error(`child printed no result (code ${code}): ${stderr}`));
      resolve({ exitAfterMs: closedAt !== undefined && !killed ? Date.now() - closedAt : undefined, code, stdout, stderr, result: JSON.parse(line) });
    });
  });
}

/** Messages tesseract printed before the fix: a garbled language load and resolution guesses. */
const NOISE = /traineddata|TESSDATA_PREFIX|Failed loading language|Estimating resolution/;

describe('OCR (slow, real tesseract) process lifecycle and output', () => {
  it('after close() no worker thread or message port keeps the process alive; tesseract prints nothing', async () => {
    const run = await runChild('close', [sample('notice-marked-300dpi.png'), sample('screenshot-small.png')]);
    expect(run.code).toBe(0);
    expect(run.exitAfterMs).toBeDefined();
    expect(run.exitAfterMs!).toBeLessThan(3000);
    expect(run.result.active).toEqual([]);
    expect(run.result.started).toBe(2);
    expect(run.result.texts[0]).toMatch(/机密.?5年/);
    expect(run.stderr).not.toMatch(NOISE);
    expect(run.stderr.trim()).toBe('');
  }, 160_000);

  it('an engine that was never closed does not keep the process alive once idle', async () => {
    const run = await runChild('no-close', [sample('screenshot-small.png')]);
    expect(run.code).toBe(0);
    expect(run.exitAfterMs).toBeDefined();
    expect(run.result.texts[0]).toMatch(/机密.?2年/);
  }, 160_000);

  it('close() while the workers are still starting ends them too; the pictures are reported unread', async () => {
    const run = await runChild('close-while-starting', [sample('screenshot-small.png'), sample('screenshot-small.png')]);
    expect(run.code).toBe(0);
    expect(run.exitAfterMs).toBeDefined();
    expect(run.result.texts).toEqual(['', '']);
    expect(run.result.unread).toEqual(['ocr-failed', 'ocr-failed']);
    expect(run.result.active).toEqual([]);
  }, 160_000);

  it('languages asked for explicitly all load: chi_sim+eng prints no failed language load', async () => {
    const run = await runChild('two-langs', [sample('screenshot-small.png')]);
    expect(run.code).toBe(0);
    expect(run.stderr).not.toMatch(NOISE);
    expect(run.result.texts[0]).toMatch(/防汛物资/);
  }, 160_000);
});
