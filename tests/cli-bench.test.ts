import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, spawnCli, tempTree } from '../packages/cli/test/support.ts';
import type { BenchResult } from '../packages/cli/src/bench.ts';
import { NEWS, NEWS2, ROSTER, SECRET_NOTICE } from './cli-fixtures.ts';

const labels = (files: Record<string, unknown>) => JSON.stringify({ version: 1, files }, null, 2);

function corpus(overrides: Record<string, unknown> = {}): string {
  return tempTree({
    'corpus/text/notice.txt': SECRET_NOTICE,
    'corpus/text/news.txt': NEWS,
    'corpus/text/roster.txt': ROSTER,
    'corpus/text/labels.json': labels({
      'notice.txt': { verdict: 'block', findings: [{ ruleId: 'marking.cn-state-secret', line: 2 }], note: '密级标志在首页左上角' },
      'news.txt': { verdict: 'pass' },
      'roster.txt': { verdict: 'review', findings: [{ ruleId: 'pii.mobile' }] },
      ...overrides,
    }),
    'corpus/more/sports.txt': NEWS2,
    'corpus/more/labels.json': labels({ 'sports.txt': { verdict: 'pass', accept: ['review'] } }),
  });
}

describe('prepub bench', () => {
  it('measures a labelled corpus: confusion matrix, precision/recall, throughput; exit 0 when every verdict is accepted', async () => {
    const dir = corpus();
    const run = await spawnCli(['bench', 'corpus'], { cwd: dir });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/4 files, 4 right/);
    expect(run.stdout).toMatch(/confusion matrix/);
    expect(run.stdout).toMatch(/block\s+1\s+0\s+0\n\s+review\s+0\s+1\s+0\n\s+pass\s+0\s+0\s+2/);
    expect(run.stdout).toMatch(/marking\.cn-state-secret\s+100\.0%\s+100\.0%\s+1\s+0\s+0/);
    expect(run.stdout).toMatch(/throughput: [\d.]+ files\/s, [\d.]+ MB\/s/);
  });

  it('lists misses and false alarms with reasons and exits 1; --json and --baseline compare runs', async () => {
    const dir = corpus();
    const good = await runCli(['bench', 'corpus', '--json', '-o', 'base.json'], { cwd: dir });
    expect(good.code).toBe(0);
    const base = JSON.parse(good.stdout) as BenchResult;
    expect(base.metrics.accuracy).toBe(1);
    expect(base.metrics.perVerdict.block).toMatchObject({ tp: 1, fp: 0, fn: 0, precision: 1, recall: 1 });
    expect(base.metrics.confusion.pass.pass).toBe(2);
    expect(JSON.parse(readFileSync(path.join(dir, 'base.json'), 'utf8')).metrics.files).toBe(4);

    // Relabel: the news item "should" block (a miss), the notice "should" pass (a false alarm).
    const dir2 = corpus({ 'news.txt': { verdict: 'block' }, 'notice.txt': { verdict: 'pass' } });
    const bad = await runCli(['bench', 'corpus', '--baseline', path.join(dir, 'base.json')], { cwd: dir2 });
    expect(bad.code).toBe(1);
    expect(bad.stdout).toMatch(/misses \(1\)[\s\S]*text\/news\.txt: expected block, got pass/);
    expect(bad.stdout).toMatch(/false alarms \(1\)[\s\S]*text\/notice\.txt: expected pass, got block[\s\S]*reason: .*marking\.cn-state-secret/);
    expect(bad.stdout).toMatch(/marking\.cn-state-secret block \d\.\d\d at body, line 2:1/);
    expect(bad.stdout).toMatch(/worse\s+text\/news\.txt: pass → pass \(expected block\)/);
    expect(bad.stdout).toMatch(/files: 0 better, 2 worse/);
    expect(bad.stdout).toMatch(/accuracy\s+100\.0%\s+→\s+50\.0%\s+worse/);
  });

  it('reports expected findings that were not found and labelled files that are missing', async () => {
    const dir = corpus({ 'roster.txt': { verdict: 'review', findings: [{ ruleId: 'pii.cn-id-card' }] }, 'vanished.pdf': { verdict: 'pass' } });
    const run = await runCli(['bench', 'corpus'], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/expected findings not found \(1\)\n\s+text\/roster\.txt: pii\.cn-id-card; found: pii\.email, pii\.mobile/);
    expect(run.stdout).toMatch(/files not read completely \(1\)\n\s+text\/vanished\.pdf: file error/);
    expect(run.stdout).toMatch(/text\/vanished\.pdf: expected pass, got review/);
  });

  it('exits 3 on a corpus without labels or with a malformed labels file', async () => {
    const empty = tempTree({ 'docs/a.txt': NEWS });
    const none = await runCli(['bench', 'docs'], { cwd: empty });
    expect(none.code).toBe(3);
    expect(none.stderr).toMatch(/no labels\.json/);
    const bad = tempTree({ 'c/labels.json': labels({ 'a.txt': { verdict: 'maybe' } }) });
    const malformed = await runCli(['bench', 'c'], { cwd: bad });
    expect(malformed.code).toBe(3);
    expect(malformed.stderr).toMatch(/"verdict" must be block, review or pass/);
  });
});
