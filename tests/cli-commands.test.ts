/**
 * One interface: every subcommand is parsed by the same parser, shares flag names (`--dict`,
 * `--policy`, `--config`, `--db`), uses the same exit codes (3 = usage or config error
 * everywhere) and documents them in its --help and in the CLI README.
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../packages/cli/src/commands/index.ts';
import { EXIT } from '../packages/report/src/index.ts';
import { CLI_DIR, runCli, tempTree } from '../packages/cli/test/support.ts';

const TOKENS = { PREPUB_TOKENS: 'ops:0123456789abcdef0123' };

describe('one parser, one set of exit codes', () => {
  it('an unknown option or subcommand exits 3 in every command', async () => {
    const cwd = tempTree({});
    for (const argv of [
      ['scan', '--bogus', 'x'],
      ['serve', '--bogus'],
      ['audit', 'frob'],
      ['audit', 'list', '--bogus'],
      ['audit'],
      ['bench', '--bogus', 'x'],
      ['init', '--bogus'],
      ['explain', 'a', 'b'],
      ['frobnicate'],
    ]) {
      const r = await runCli(argv, { cwd, env: TOKENS });
      expect(r.code, argv.join(' ')).toBe(EXIT.usage);
      expect(r.stderr, argv.join(' ')).not.toBe('');
    }
    // The message names what was wrong and points at --help.
    for (const [argv, says] of [
      [['serve', '--bogus'], /unknown option '--bogus'/],
      [['audit', 'frob'], /unknown command 'frob'/],
      [['frobnicate'], /unknown command 'frobnicate'/],
      [['audit', 'verify', '--bogus'], /unknown option '--bogus'/],
    ] as const) {
      const r = await runCli([...argv], { cwd, env: TOKENS });
      expect(r.code, argv.join(' ')).toBe(EXIT.usage);
      expect(r.stderr, argv.join(' ')).toMatch(says);
      expect(r.stderr, argv.join(' ')).toMatch(/--help/);
      expect(r.stdout, argv.join(' ')).toBe('');
    }
  });

  it('serve: missing or weak tokens, bad numbers and bad config are usage errors (3); a port in use is 5', async () => {
    const cwd = tempTree({ 'bad.json': '{ "polcy": {} }' });
    const none = await runCli(['serve', '--no-audit'], { cwd, env: {} });
    expect(none.code).toBe(EXIT.usage);
    expect(none.stderr).toMatch(/no API tokens/);
    expect((await runCli(['serve', '--no-audit'], { cwd, env: { PREPUB_TOKENS: 'ops:short' } })).code).toBe(EXIT.usage);
    const port = await runCli(['serve', '--port', 'abc'], { cwd, env: TOKENS });
    expect(port.code).toBe(EXIT.usage);
    expect(port.stderr).toMatch(/--port must be an integer/);
    const cfg = await runCli(['serve', '--config', 'bad.json'], { cwd, env: TOKENS });
    expect(cfg.code).toBe(EXIT.usage);
    expect(cfg.stderr).toMatch(/bad\.json/);

    const busy = createServer();
    await new Promise<void>((r) => busy.listen(0, '127.0.0.1', () => r()));
    try {
      const taken = (busy.address() as { port: number }).port;
      const r = await runCli(['serve', '--port', String(taken), '--no-audit', '--no-ocr'], { cwd, env: TOKENS });
      expect(r.code).toBe(EXIT.failure);
      expect(r.stderr).toMatch(/could not start/);
    } finally {
      busy.close();
    }
  });

  it('the same flag names everywhere; old spellings still work as hidden aliases', async () => {
    const cwd = tempTree({});
    const help = async (...argv: string[]) => (await runCli([...argv, '--help'], { cwd })).stdout;
    for (const cmd of ['scan', 'serve', 'bench']) {
      const text = await help(cmd);
      for (const flag of ['--dict <file>', '--policy <file>', '-c, --config <file>', '--no-ocr']) expect(text, `${cmd} ${flag}`).toContain(flag);
      expect(text).not.toMatch(/--dictionary/);
    }
    for (const argv of [['serve'], ['audit', 'list'], ['audit', 'verify'], ['audit', 'export']]) {
      const text = await help(...argv);
      expect(text, argv.join(' ')).toContain('--db <file>');
      expect(text).not.toMatch(/--audit-db/);
    }
    // The old `serve --dictionary` is read as --dict: a missing file is reported by that name.
    const old = await runCli(['serve', '--dictionary', 'nope.txt'], { cwd, env: TOKENS });
    expect(old.code).toBe(EXIT.usage);
    expect(old.stderr).toMatch(/dictionary not found: nope\.txt/);
    const scanOld = await runCli(['scan', '--dictionary', 'nope.txt', 'x'], { cwd });
    expect(scanOld.stderr).toMatch(/dictionary not found: nope\.txt/);
  });

  it("every command's exit codes are in its --help and in the CLI README", async () => {
    const readme = readFileSync(path.join(CLI_DIR, 'README.md'), 'utf8');
    for (const [name, mod] of Object.entries(COMMANDS)) {
      const text = (await runCli([name, '--help'], { cwd: process.cwd() })).stdout;
      const section = readme.slice(readme.indexOf(`### Exit codes of \`prepub ${name}\``));
      expect(section.length, `README section for ${name}`).toBeLessThan(readme.length);
      for (const [code, meaning] of mod.exitCodes) {
        expect(text, `${name} --help`).toContain(meaning);
        expect(section.slice(0, section.indexOf('\n\n', section.indexOf('| code'))), `${name} README`).toContain(`| ${code} | ${meaning} |`);
      }
      // The README lists exactly these codes, no more.
      const table = section.slice(0, section.indexOf('\n\n', section.indexOf('| code')));
      expect(table.split('\n').filter((l) => /^\| \d+ \|/.test(l)), `${name} README rows`).toEqual(mod.exitCodes.map(([c, m]) => `| ${c} | ${m} |`));
      // 3 means a usage error in every command.
      expect(mod.exitCodes.find(([c]) => c === EXIT.usage)?.[1]).toMatch(/^usage/);
    }
    // Subcommands of audit show the same codes in their own --help.
    for (const sub of ['list', 'show', 'approve', 'reject', 'export', 'verify']) {
      const text = (await runCli(['audit', sub, '--help'], { cwd: process.cwd() })).stdout;
      for (const [, meaning] of COMMANDS.audit!.exitCodes) expect(text, `audit ${sub} --help`).toContain(meaning);
    }
    // The overview in prepub --help and the README's table agree on what 3 means.
    const top = (await runCli(['--help'], { cwd: process.cwd() })).stdout;
    expect(top).toMatch(/3 usage or config error/);
    expect(readme).toMatch(/\| 3 \| usage or config error, in every command/);
  });
});
