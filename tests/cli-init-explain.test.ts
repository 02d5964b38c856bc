import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempTree } from '../packages/cli/test/support.ts';
import { parseConfig } from '../packages/cli/src/config.ts';
import { allRuleDocs, ruleAnchor } from '../packages/report/src/index.ts';
import { CLI_DIR } from '../packages/cli/test/support.ts';
import { ROSTER } from './cli-fixtures.ts';

describe('prepub init', () => {
  it('writes a documented starter config that prepub then reads, and refuses to overwrite it', async () => {
    const dir = tempTree({ 'roster.txt': ROSTER });
    const run = await runCli(['init'], { cwd: dir });
    expect(run.code).toBe(0);
    const text = readFileSync(path.join(dir, 'prepub.config.json'), 'utf8');
    expect(text).toMatch(/"\$comment"/);
    const cfg = await parseConfig(text, 'prepub.config.json');
    expect(cfg).toMatchObject({ mask: true, failOn: 'review', ocr: { enabled: true } });
    // The default follows the machine's cores; a written number would pin it on every machine the file reaches.
    expect(cfg).not.toHaveProperty('concurrency');
    // The written config is picked up by scan.
    expect((await runCli(['scan', 'roster.txt'], { cwd: dir })).code).toBe(1);
    const again = await runCli(['init'], { cwd: dir });
    expect(again.code).toBe(3);
    expect(again.stderr).toMatch(/already exists/);
    expect((await runCli(['init', '--force'], { cwd: dir })).code).toBe(0);
  });
});

describe('prepub explain', () => {
  it('explains a rule: what it finds, why, and how to waive it', async () => {
    const run = await runCli(['explain', 'marking.cn-state-secret'], { cwd: process.cwd() });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/What it finds:[\s\S]*机密★5年/);
    expect(run.stdout).toMatch(/Why it matters:/);
    expect(run.stdout).toMatch(/How to waive it:[\s\S]*waivers/);
  });

  it('explains dictionary term rules by category and lists all rules', async () => {
    const term = await runCli(['explain', 'term.classified-content'], { cwd: process.cwd() });
    expect(term.code).toBe(0);
    expect(term.stdout).toMatch(/category "classified-content"/);
    const list = await runCli(['explain'], { cwd: process.cwd() });
    expect(list.stdout).toMatch(/pii\.cn-id-card/);
    expect(list.stdout).toMatch(/marking\.foreign/);
  });

  it('every rule help link (SARIF helpUri) has its section in the CLI README', () => {
    const readme = readFileSync(path.join(CLI_DIR, 'README.md'), 'utf8');
    const headings = new Set([...readme.matchAll(/^#{1,6} (.+)$/gm)].map((m) => m[1].trim()));
    for (const id of [...allRuleDocs().map((d) => d.id), 'term.classified-content', 'unread']) {
      expect(headings.has(ruleAnchor(id)), ruleAnchor(id)).toBe(true);
    }
  });

  it('exits 3 for an unknown rule', async () => {
    const run = await runCli(['explain', 'marking.nonsense'], { cwd: process.cwd() });
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/unknown rule/);
  });
});

describe('prepub --help / --version', () => {
  it('prints help with the exit codes and exits 0', async () => {
    const help = await runCli(['--help'], { cwd: process.cwd() });
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/0 pass \/ done {3}1 review {3}2 block {3}3 usage or config error {3}4 internal error/);
    const scanHelp = await runCli(['scan', '--help'], { cwd: process.cwd() });
    expect(scanHelp.stdout).toMatch(/--fail-on <verdict>/);
    expect(scanHelp.stdout).toMatch(/Exit codes:\n {2}0 {4}every file passes/);
    const version = await runCli(['--version'], { cwd: process.cwd() });
    expect(version.stdout.trim()).toBe('0.1.0');
    expect((await runCli(['frobnicate'], { cwd: process.cwd() })).code).toBe(3);
  });
});
