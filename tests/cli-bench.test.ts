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

  it('--by breaks results down by label tags: caught and right per group for marked files, passed for clean ones', async () => {
    const dir = corpus({
      'notice.txt': { verdict: 'block', tags: { form: 'star', place: 'top' } },
      'news.txt': { verdict: 'pass', tags: { form: 'star', place: 'top' } },
      // A relabelled miss: the roster "should" block, so the group has one marked file not caught.
      'roster.txt': { verdict: 'block', tags: { form: 'label', place: 'top' } },
    });
    const json = await runCli(['bench', 'corpus', '--by', 'form,place', '--json'], { cwd: dir });
    const r = JSON.parse(json.stdout) as BenchResult;
    expect(r.metrics.groups).toEqual([
      { key: { form: '-', place: '-' }, marked: 0, caught: 0, right: 0, clean: 1, passed: 1 },
      { key: { form: 'label', place: 'top' }, marked: 1, caught: 1, right: 0, clean: 0, passed: 0 },
      { key: { form: 'star', place: 'top' }, marked: 1, caught: 1, right: 1, clean: 1, passed: 1 },
    ]);
    expect(r.files.find((f) => f.path === 'text/notice.txt')?.tags).toEqual({ form: 'star', place: 'top' });
    const text = await runCli(['bench', 'corpus', '--by', 'form,place', '--max-list', '0'], { cwd: dir });
    expect(text.stdout).toMatch(/by form × place/);
    expect(text.stdout).toMatch(/star × top\s+100\.0%\s+1\/1\s+100\.0%\s+1\/1\s+100\.0%\s+1\/1/);
    expect(text.stdout).toMatch(/label × top\s+100\.0%\s+1\/1\s+0\.0%\s+0\/1/);
    expect(text.stdout).toMatch(/all\s+100\.0%\s+2\/2\s+50\.0%\s+1\/2\s+100\.0%\s+2\/2/);
    expect(text.stdout).toMatch(/… 1 more not listed \(--max-list 0\)/);
    expect(text.stdout).not.toMatch(/text\/roster\.txt: expected block/);
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
    const badTags = tempTree({ 'c/labels.json': labels({ 'a.txt': { verdict: 'pass', tags: { form: 3 } } }) });
    const tagged = await runCli(['bench', 'c'], { cwd: badTags });
    expect(tagged.code).toBe(3);
    expect(tagged.stderr).toMatch(/"tags" must map names to strings/);
  });

  it('--lang zh: the headline, the misses and the throughput line in Chinese; tables keep their machine words', async () => {
    const dir = corpus({ 'news.txt': { verdict: 'block' } });
    const run = await runCli(['bench', 'corpus', '--lang', 'zh', '-q'], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^prepub bench corpus：共 4 个文件，结论正确 3 个（75\.0%）$/m);
    expect(run.stdout).toMatch(/^漏报（1）：结论比标注宽松$/m);
    expect(run.stdout).toMatch(/^ {2}text\/news\.txt：应为 block，实际为 pass$/m);
    expect(run.stdout).toMatch(/^吞吐量：每秒 [\d.]+ 个文件，[\d.]+ MB\/秒/m);
    expect(run.stdout).toMatch(/^ {6}原因：已完整读取；没有需人工审查或禁止发布的命中$/m);
    expect(run.stdout).toMatch(/block\s+1\s+0\s+1/);
  });
});
