import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli, spawnCli, tempTree, validateReport } from '../packages/cli/test/support.ts';
import { MINUTES_WITH_CODENAME, NEWS, NEWS2, ROSTER, SECRET_NOTICE } from './cli-fixtures.ts';

interface JsonReport {
  results: Array<{ path: string; verdict: string; findings: Array<{ ruleId: string; excerpt: string; location: { line: number } }>; errors: Array<{ code: string }>; coverage: { complete: boolean; unread: Array<{ reason: string; detail: string }> } }>;
  summary: { files: number; block: number; review: number; pass: number };
}

describe('prepub scan (spawned process)', () => {
  it('exits 2 on a marked notice, prints JSON when stdout is not a terminal, and the JSON validates', async () => {
    const dir = tempTree({ 'notice.txt': SECRET_NOTICE, 'news.txt': NEWS });
    const run = await spawnCli(['scan', '.'], { cwd: dir });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(2);
    const report = JSON.parse(run.stdout) as JsonReport;
    expect(validateReport(report)).toBe('');
    // The schema does reject a report that breaks the fail-closed rule.
    const broken = JSON.parse(run.stdout);
    broken.results[0].coverage.complete = false;
    expect(validateReport(broken)).toMatch(/verdict/);
    expect(report.results.map((r) => [r.path, r.verdict])).toEqual([
      ['news.txt', 'pass'],
      ['notice.txt', 'block'],
    ]);
    const marking = report.results[1].findings.find((f) => f.ruleId === 'marking.cn-state-secret');
    expect(marking?.location.line).toBe(2);
  });

  it('what a library prints with console.log while prepub runs goes to stderr, not into the JSON report on stdout', async () => {
    const dir = tempTree({ 'a.txt': NEWS, 'b.txt': SECRET_NOTICE });
    // A module loaded before prepub that prints when b.txt is opened, during the scan (as a reader library does).
    const noisy = path.join(dir, '..', `noisy-${path.basename(dir)}.mjs`);
    writeFileSync(
      noisy,
      [
        "import fs from 'node:fs';",
        "import { syncBuiltinESMExports } from 'node:module';",
        "const noise = (p) => { if (String(p).endsWith('b.txt')) { console.log('library noise'); console.info('more noise'); } };",
        'for (const k of ["readFileSync", "openSync"]) { const f = fs[k]; fs[k] = function (p, ...a) { noise(p); return f.call(this, p, ...a); }; }',
        'for (const k of ["readFile", "open"]) { const f = fs.promises[k]; fs.promises[k] = function (p, ...a) { noise(p); return f.call(this, p, ...a); }; }',
        'syncBuiltinESMExports();',
      ].join('\n'),
    );
    const run = await spawnCli(['scan', '.'], { cwd: dir, env: { NODE_OPTIONS: `--import=${pathToFileURL(noisy).href}` } });
    const report = JSON.parse(run.stdout) as JsonReport;
    expect(report.summary.files).toBe(2);
    expect(run.stderr).toMatch(/library noise/);
  });

  it('a damaged HEIC photo is review with the decoder\'s reason, and the report stays JSON', async () => {
    const heic = readFileSync(new URL('../samples/images/notice-marked-photo.heic', import.meta.url));
    const dir = tempTree({ 'a.txt': NEWS });
    writeFileSync(path.join(dir, 'photo.heic'), heic.subarray(0, 50_000));
    const run = await spawnCli(['scan', '.'], { cwd: dir });
    const report = JSON.parse(run.stdout) as { results: Array<{ path: string; verdict: string; coverage: { unread: Array<{ reason: string; detail: string }> } }> };
    const photo = report.results.find((r) => r.path === 'photo.heic')!;
    expect(photo.verdict).toBe('review');
    expect(photo.coverage.unread.map((u) => `${u.reason}: ${u.detail}`).join('\n')).toMatch(/ocr-failed: .*HEIF image could not be decoded/);
  });

  it('exits 0 when every file passes', async () => {
    const dir = tempTree({ 'a.txt': NEWS, 'b.txt': NEWS2 });
    const run = await spawnCli(['scan', 'a.txt', 'b.txt'], { cwd: dir });
    expect(run.code).toBe(0);
    expect((JSON.parse(run.stdout) as JsonReport).summary).toMatchObject({ files: 2, pass: 2, review: 0, block: 0 });
  });

  it('exits 3 on an unknown option and on no inputs, with a message', async () => {
    const dir = tempTree({ 'a.txt': NEWS });
    const unknown = await spawnCli(['scan', '--frobnicate', 'a.txt'], { cwd: dir });
    expect(unknown.code).toBe(3);
    expect(unknown.stderr).toMatch(/unknown option '--frobnicate'/);
    const none = await spawnCli(['scan'], { cwd: dir });
    expect(none.code).toBe(3);
    expect(none.stderr).toMatch(/missing required argument/);
  });

  it('reads standard input with - and --filename', async () => {
    const dir = tempTree({});
    const run = await spawnCli(['scan', '-', '--filename', '通知.txt'], { cwd: dir, stdin: SECRET_NOTICE });
    expect(run.code).toBe(2);
    const report = JSON.parse(run.stdout) as JsonReport;
    expect(report.results[0].path).toBe('通知.txt');
    expect(report.results[0].verdict).toBe('block');
  });
});

describe('prepub scan (in-process)', () => {
  it('exits 1 when the worst verdict is review, and 0 for review with --fail-on block', async () => {
    const dir = tempTree({ 'roster.txt': ROSTER, 'news.txt': NEWS });
    expect((await runCli(['scan', '.'], { cwd: dir })).code).toBe(1);
    expect((await runCli(['scan', '.', '--fail-on', 'block'], { cwd: dir })).code).toBe(0);
    const dir2 = tempTree({ 'notice.txt': SECRET_NOTICE });
    expect((await runCli(['scan', '.', '--fail-on', 'block'], { cwd: dir2 })).code).toBe(2);
  });

  it('reports a missing file as an error result (review), keeps input order, and scans the others', async () => {
    const dir = tempTree({ 'news.txt': NEWS, 'notice.txt': SECRET_NOTICE });
    const run = await runCli(['scan', 'news.txt', '缺失的文件.docx', 'notice.txt'], { cwd: dir });
    expect(run.code).toBe(2);
    const report = JSON.parse(run.stdout) as JsonReport;
    expect(validateReport(report)).toBe('');
    expect(report.results.map((r) => r.path)).toEqual(['news.txt', '缺失的文件.docx', 'notice.txt']);
    const missing = report.results[1];
    expect(missing.verdict).toBe('review');
    expect(missing.errors[0].code).toBe('ENOENT');
    expect(missing.coverage.complete).toBe(false);
    expect(report.results[0].verdict).toBe('pass');
    expect(report.results[2].verdict).toBe('block');
    // Only a missing file among passing ones still makes the run exit 1, never 0.
    expect((await runCli(['scan', 'news.txt', 'gone.txt'], { cwd: dir })).code).toBe(1);
  });

  it('walks folders recursively and honours .prepubignore, --include and --exclude', async () => {
    const dir = tempTree({
      'site/index.txt': NEWS,
      'site/drafts/notice.txt': SECRET_NOTICE,
      'site/.prepubignore': 'drafts/\n*.bak\n',
      'site/old.bak': SECRET_NOTICE,
      'site/people/roster.txt': ROSTER,
      'site/people/roster.md': ROSTER,
      'site/node_modules/pkg/readme.txt': SECRET_NOTICE,
    });
    // An ignore file inside the scanned folder is part of what is scanned (an upload folder may hold
    // one anybody put there): it is honoured, and reported unread with what it kept out.
    const allRun = await runCli(['scan', 'site'], { cwd: dir });
    const all = JSON.parse(allRun.stdout) as JsonReport;
    expect(all.results.map((r) => r.path)).toEqual(['site/.prepubignore', 'site/index.txt', 'site/node_modules/', 'site/people/roster.md', 'site/people/roster.txt']);
    expect(all.results[0].verdict).toBe('review');
    expect(all.results[0].coverage.unread[0].detail).toMatch(/kept 2 entries out of the scan, not read: site\/drafts\/, site\/old\.bak/);
    expect(allRun.code).toBe(1);

    const included = JSON.parse((await runCli(['scan', 'site', '--include', '*.txt'], { cwd: dir })).stdout) as JsonReport;
    expect(included.results.map((r) => r.path)).toEqual(['site/.prepubignore', 'site/index.txt', 'site/node_modules/', 'site/people/roster.txt']);

    const excluded = await runCli(['scan', 'site', '--exclude', 'people/**'], { cwd: dir });
    expect((JSON.parse(excluded.stdout) as JsonReport).results.map((r) => r.path)).toEqual(['site/.prepubignore', 'site/index.txt', 'site/node_modules/']);
    expect(excluded.code).toBe(1);

    // The same rules in the working folder's ignore file are the user's own settings: nothing to report.
    const own = tempTree({ '.prepubignore': 'drafts/\n*.bak\n', 'site/index.txt': NEWS, 'site/drafts/notice.txt': SECRET_NOTICE, 'site/old.bak': SECRET_NOTICE });
    const ownRun = await runCli(['scan', 'site'], { cwd: own });
    expect((JSON.parse(ownRun.stdout) as JsonReport).results.map((r) => r.path)).toEqual(['site/index.txt']);
    expect(ownRun.code).toBe(0);

    // Without ignore files the drafts folder and the backup are scanned (node_modules never is: it is reported).
    const noIgnore = JSON.parse((await runCli(['scan', 'site', '--no-ignore-files'], { cwd: dir })).stdout) as JsonReport;
    expect(noIgnore.results.map((r) => r.path)).toEqual(['site/drafts/notice.txt', 'site/index.txt', 'site/node_modules/', 'site/old.bak', 'site/people/roster.md', 'site/people/roster.txt']);

    // A file named on the command line is scanned even when an ignore file lists it.
    const explicit = await runCli(['scan', 'site/old.bak'], { cwd: dir });
    expect(explicit.code).toBe(2);
  });

  it('says what a folder walk did not read: default-excluded folders, FIFOs, links out of the folder, names that are not UTF-8', async () => {
    const dir = tempTree({
      'site/index.txt': NEWS,
      'site/.git/objects/notice.txt': SECRET_NOTICE,
      'outside/notice.txt': SECRET_NOTICE,
    });
    const all = await runCli(['scan', 'site', '--lang', 'en'], { cwd: dir });
    expect((JSON.parse(all.stdout) as JsonReport).results.map((r) => [r.path, r.errors[0]?.code ?? r.verdict])).toEqual([['site/.git/', 'EXCLUDED'], ['site/index.txt', 'pass']]);
    expect(all.stderr).toMatch(/1 folder was not walked \(default excludes[^)]*\): site\/\.git; nothing in it was read/);
    // An include pattern naming the folder walks it, as the message says.
    const included = await runCli(['scan', 'site', '--include', '**/.git/**'], { cwd: dir });
    expect((JSON.parse(included.stdout) as JsonReport).results.map((r) => [r.path, r.verdict])).toEqual([['site/.git/objects/notice.txt', 'block']]);
    expect(included.stderr).not.toMatch(/not walked/);

    execFileSync('mkfifo', [path.join(dir, 'site/pipe')]);
    symlinkSync(path.join(dir, 'outside'), path.join(dir, 'site/shared'));
    symlinkSync(path.join(dir, 'site'), path.join(dir, 'site/self'));
    writeFileSync(Buffer.concat([Buffer.from(path.join(dir, 'site/')), Buffer.from([0x62, 0xff, 0xfe]), Buffer.from('.txt')]), SECRET_NOTICE);
    const run = await runCli(['scan', 'site'], { cwd: dir });
    const report = JSON.parse(run.stdout) as JsonReport;
    const codes = Object.fromEntries(report.results.map((r) => [r.path.replace(/\ufffd/g, '?'), r.errors[0]?.code ?? r.verdict]));
    // Each is not read and said so (review); the link into the folder itself adds nothing.
    expect(codes).toEqual({ 'site/.git/': 'EXCLUDED', 'site/index.txt': 'pass', 'site/pipe': 'NOTFILE', 'site/shared': 'LINK', 'site/b??.txt': 'BADNAME' });
    expect(report.results.filter((r) => r.errors.length).every((r) => r.verdict === 'review')).toBe(true);
    expect(run.code).toBe(1);
  });

  it('a default-excluded folder holding files is one result, review (EXCLUDED), naming it and what it kept out; --exclude or the working folder\'s ignore file keeps it silent', async () => {
    // Anyone who can put files in an upload folder can put uploads/node_modules/secret.pdf there:
    // it was never read, named on standard error only, and the run exited 0.
    const dir = tempTree({
      'uploads/index.txt': NEWS,
      'uploads/node_modules/secret.txt': SECRET_NOTICE,
      'uploads/a/.svn/x/notice.txt': SECRET_NOTICE,
    });
    mkdirSync(path.join(dir, 'uploads/.hg/store'), { recursive: true });
    const run = await runCli(['scan', 'uploads'], { cwd: dir });
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout) as JsonReport;
    expect(validateReport(report)).toBe('');
    // An empty default-excluded folder keeps nothing out: not reported.
    expect(report.results.map((r) => [r.path, r.errors[0]?.code ?? r.verdict])).toEqual([['uploads/a/.svn/, uploads/node_modules/', 'EXCLUDED'], ['uploads/index.txt', 'pass']]);
    expect(report.results[0].verdict).toBe('review');
    expect(report.results[0].coverage.unread[0].detail).toMatch(/kept 2 folders inside the scanned folder out of the scan, not read: uploads\/a\/\.svn\/, uploads\/node_modules\/, holding 2 files \(uploads\/a\/\.svn\/x\/notice\.txt, uploads\/node_modules\/secret\.txt\)/);
    for (const format of ['pretty', 'sarif', 'html', 'csv']) {
      const out = await runCli(['scan', 'uploads', '-f', format, '--lang', 'en'], { cwd: dir });
      expect(out.code, format).toBe(1);
      expect(out.stdout, format).toContain('uploads/node_modules/');
    }
    // The user's own --exclude naming the folder, or the working folder's ignore file: their choice, nothing reported.
    const chosen = await runCli(['scan', 'uploads', '--exclude', '**/node_modules/**', '--exclude', '.svn'], { cwd: dir });
    expect((JSON.parse(chosen.stdout) as JsonReport).results.map((r) => r.path)).toEqual(['uploads/index.txt']);
    expect(chosen.code).toBe(0);
    const own = tempTree({ '.prepubignore': 'node_modules/\n', 'uploads/index.txt': NEWS, 'uploads/node_modules/secret.txt': SECRET_NOTICE });
    const ownRun = await runCli(['scan', 'uploads'], { cwd: own });
    expect((JSON.parse(ownRun.stdout) as JsonReport).results.map((r) => r.path)).toEqual(['uploads/index.txt']);
    expect(ownRun.code).toBe(0);
    // An include pattern naming the folder reads it.
    const read = await runCli(['scan', 'uploads', '--include', '**/node_modules/**'], { cwd: dir });
    expect((JSON.parse(read.stdout) as JsonReport).results.map((r) => [r.path, r.verdict])).toEqual([['uploads/a/.svn/', 'review'], ['uploads/node_modules/secret.txt', 'block']]);
  });

  it('exits 3 when everything was excluded', async () => {
    const dir = tempTree({ 'docs/a.txt': NEWS });
    const run = await runCli(['scan', 'docs', '--exclude', '*.txt'], { cwd: dir });
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/no files to scan/);
  });

  it('--dict adds a user term list on top of the built-in dictionaries', async () => {
    const dir = tempTree({ 'minutes.txt': MINUTES_WITH_CODENAME, 'terms/project.txt': '@category project-codename\n@severity review\n青鸾工程\n' });
    const without = await runCli(['scan', 'minutes.txt'], { cwd: dir });
    expect(without.code).toBe(0);
    const withDict = await runCli(['scan', 'minutes.txt', '--dict', 'terms/project.txt'], { cwd: dir });
    expect(withDict.code).toBe(1);
    const report = JSON.parse(withDict.stdout) as JsonReport;
    expect(report.results[0].findings.map((f) => f.ruleId)).toContain('term.project-codename');
    // Built-ins still apply together with the user list.
    expect((await runCli(['scan', '-', '--dict', 'terms/project.txt'], { cwd: dir, stdin: SECRET_NOTICE })).code).toBe(2);
    // A missing dictionary is a usage error.
    const missing = await runCli(['scan', 'minutes.txt', '--dict', 'terms/none.txt'], { cwd: dir });
    expect(missing.code).toBe(3);
    expect(missing.stderr).toMatch(/dictionary not found/);
  });

  it('masks excerpts by default and shows them with --no-mask', async () => {
    const dir = tempTree({ 'roster.txt': ROSTER });
    const masked = JSON.parse((await runCli(['scan', 'roster.txt'], { cwd: dir })).stdout) as JsonReport;
    expect(masked.results[0].findings.map((f) => f.excerpt).join('\n')).not.toContain('13812345678');
    const open = JSON.parse((await runCli(['scan', 'roster.txt', '--no-mask'], { cwd: dir })).stdout) as JsonReport;
    expect(open.results[0].findings.map((f) => f.excerpt).join('\n')).toContain('13812345678');
  });

  it('finds the config upward from the working folder, uses --config, and rejects bad configs with exit 3', async () => {
    const dir = tempTree({
      'prepub.config.json': JSON.stringify({ $comment: 'test project', mask: false, exclude: ['*.md'], failOn: 'block' }),
      'work/sub/roster.txt': ROSTER,
      'work/sub/roster.md': ROSTER,
      'bad.json': '{ "maks": true }',
    });
    const cwd = path.join(dir, 'work', 'sub');
    const run = await runCli(['scan', '.'], { cwd });
    const report = JSON.parse(run.stdout) as JsonReport;
    expect(report.results.map((r) => r.path)).toEqual(['roster.txt']);
    expect(report.results[0].findings.map((f) => f.excerpt).join('\n')).toContain('13812345678');
    expect(run.code).toBe(0); // failOn block from the config
    expect((await runCli(['scan', '.', '--fail-on', 'review'], { cwd })).code).toBe(1); // the flag wins

    const bad = await runCli(['scan', '.', '--config', '../../bad.json'], { cwd });
    expect(bad.code).toBe(3);
    expect(bad.stderr).toMatch(/unknown key "maks"/);
    const missing = await runCli(['scan', '.', '--config', 'nowhere.json'], { cwd });
    expect(missing.code).toBe(3);
    expect(missing.stderr).toMatch(/cannot read config/);
  });

  it('writes the report to --output, with the format taken from the extension', async () => {
    const dir = tempTree({ 'notice.txt': SECRET_NOTICE });
    const run = await runCli(['scan', 'notice.txt', '--output', 'out/report.json'], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/1 block/);
    const report = JSON.parse(readFileSync(path.join(dir, 'out', 'report.json'), 'utf8'));
    expect(validateReport(report)).toBe('');
    await runCli(['scan', 'notice.txt', '-o', 'out/report.csv'], { cwd: dir });
    expect(readFileSync(path.join(dir, 'out', 'report.csv'), 'utf8')).toMatch(/^\uFEFFpath,verdict/);
  });

  it('reports an empty file and an unsupported binary as not passed', async () => {
    const dir = tempTree({ 'empty.txt': '', 'blob.bin': new Uint8Array([0, 1, 2, 3, 255, 254, 0, 0, 7, 8, 9, 0, 0, 0, 1, 2]) });
    const run = await runCli(['scan', 'empty.txt', 'blob.bin'], { cwd: dir });
    const report = JSON.parse(run.stdout) as JsonReport;
    expect(validateReport(report)).toBe('');
    expect(report.results.find((r) => r.path === 'blob.bin')?.verdict).not.toBe('pass');
    expect(run.code).toBeGreaterThanOrEqual(1);
  });

  it('pretty output lists verdicts, findings with locations and what was not read, without colour off a terminal', async () => {
    const dir = tempTree({ 'notice.txt': SECRET_NOTICE, 'news.txt': NEWS });
    mkdirSync(path.join(dir, 'empty'));
    writeFileSync(path.join(dir, 'empty', 'x.txt'), NEWS2);
    const run = await runCli(['scan', 'notice.txt', 'news.txt', 'gone.pdf', '--format', 'pretty'], { cwd: dir });
    expect(run.stdout).not.toMatch(/\x1b\[/);
    expect(run.stdout).toMatch(/block\s+1\n\s+review\s+1\n\s+pass\s+1/);
    expect(run.stdout).toMatch(/BLOCK\s+notice\.txt/);
    expect(run.stdout).toMatch(/marking\.cn-state-secret block score \d\.\d\d/);
    expect(run.stdout).toMatch(/at body, line 2:1/);
    expect(run.stdout).toMatch(/【机密★5年】/);
    expect(run.stdout).toMatch(/not read[\s\S]*file: error — no such file or folder: gone\.pdf/);
    const colored = await runCli(['scan', 'notice.txt', '--format', 'pretty'], { cwd: dir, tty: true, env: {} });
    expect(colored.stdout).toMatch(/\x1b\[31m/);
    const noColor = await runCli(['scan', 'notice.txt', '--format', 'pretty'], { cwd: dir, tty: true, env: { NO_COLOR: '1' } });
    expect(noColor.stdout).not.toMatch(/\x1b\[/);
    // --quiet leaves passing files out of the listing.
    const quiet = await runCli(['scan', 'notice.txt', 'news.txt', '-f', 'pretty', '-q'], { cwd: dir });
    expect(quiet.stdout).not.toMatch(/PASS\s+news\.txt/);
  });

  it('draws a progress bar on a terminal stderr for many files, and none with --quiet', async () => {
    const files: Record<string, string> = {};
    for (let i = 1; i <= 6; i++) files[`news-${i}.txt`] = NEWS;
    const dir = tempTree(files);
    const tty = await runCli(['scan', '.'], { cwd: dir, tty: true });
    expect(tty.stderr).toMatch(/\] 6\/6 .*files\/s ETA/);
    const quiet = await runCli(['scan', '.', '--quiet'], { cwd: dir, tty: true });
    expect(quiet.stderr).toBe('');
    const pipe = await runCli(['scan', '.'], { cwd: dir, tty: false });
    expect(pipe.stderr).toBe('');
  });
});
