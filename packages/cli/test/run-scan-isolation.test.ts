/**
 * One file that freezes or exhausts its reader never stops a CLI run: the real `prepub` process
 * (spawned, as a user runs it) scans generated pathological PDFs beside ordinary files, and the
 * JSON report lists every file, the bad ones unread.
 */
import { describe, expect, it } from 'vitest';
import { operatorBombPdf, patternCyclePdf } from '../../scanner/test/fixtures/pathological.ts';
import { spawnCli, tempTree, validateReport } from './support.ts';

describe('a run with files that kill their reader', () => {
  it('reports every file; the bad ones are unread (review), the others are read', async () => {
    const dir = tempTree({
      'a-notice.txt': '000012\n机密★5年\n特急\n\n江临市保密局文件\n',
      'b-operator-bomb.pdf': operatorBombPdf(),
      'c-minutes.txt': '会议纪要\n今天讨论了年度工作安排。\n',
      'd-cycle.pdf': patternCyclePdf(),
      'e-notice.html': '<p>000012</p><p>秘密★1年</p>',
      // A short budget keeps the test quick; the default is 300 s per file.
      'prepub.config.json': JSON.stringify({ limits: { fileTimeoutMs: 3000 } }),
    });
    const run = await spawnCli(['scan', '.', '--format', 'json', '--no-ocr', '-j', '2'], { cwd: dir });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(2);
    const report = JSON.parse(run.stdout);
    expect(validateReport(report)).toBe('');
    const byPath = Object.fromEntries(report.results.map((r: { path: string }) => [r.path, r]));
    // Every file of the folder has its result (the config file is a file of the folder too).
    expect(Object.keys(byPath).sort()).toEqual(['a-notice.txt', 'b-operator-bomb.pdf', 'c-minutes.txt', 'd-cycle.pdf', 'e-notice.html', 'prepub.config.json']);
    expect(byPath['a-notice.txt'].verdict).toBe('block');
    expect(byPath['e-notice.html'].verdict).toBe('block');
    expect(byPath['c-minutes.txt'].verdict).toBe('pass');
    for (const bad of ['b-operator-bomb.pdf', 'd-cycle.pdf']) {
      expect(byPath[bad].verdict).toBe('review');
      const unread = byPath[bad].coverage.unread.map((u: { reason: string }) => u.reason);
      expect(unread).toHaveLength(1);
      expect(['timeout', 'limit']).toContain(unread[0]);
    }
  }, 120_000);
});
