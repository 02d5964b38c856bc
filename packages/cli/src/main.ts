/**
 * The `prepub` command. {@link main} runs it in-process and returns the exit code; `bin.ts` runs it
 * with the real process streams. Every subcommand is a module in `commands/`, parsed by commander.
 */
import { Command, CommanderError } from 'commander';
import type { CliIo } from './io.ts';
import { UsageError } from './config.ts';
import { EXIT, TOOL_VERSION } from '@prepub/report';
import { COMMANDS, type MainDeps } from './commands/index.ts';

export type { MainDeps } from './commands/index.ts';

/**
 * Runs the CLI with `argv` (arguments after the program name) and returns the exit code (see
 * {@link EXIT}; each subcommand's `--help` lists the ones it uses). Never calls `process.exit`.
 */
export async function main(argv: string[], io: CliIo, deps: MainDeps = {}): Promise<number> {
  let code: number = EXIT.pass;
  const err = (s: string) => io.stderr.write(s.endsWith('\n') ? s : s + '\n');

  const program = new Command('prepub')
    .description('Pre-publication secrecy review: finds classification markings and sensitive content in documents before they go online.')
    .version(TOOL_VERSION, '-V, --version')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) })
    .showHelpAfterError('(add --help for usage)')
    .addHelpText(
      'after',
      `\nExit codes (the same meaning in every command; prepub <command> --help lists the ones it uses):\n` +
        `  0 pass / done   1 review   2 block   3 usage or config error   4 internal error\n` +
        `  5 operation failed (service could not start, audit trail or queue unreachable)   6 batch not finished   130 interrupted`,
    );
  const ctx = { io, deps, setCode: (c: number) => void (code = c) };
  for (const module of Object.values(COMMANDS)) module.register(program, ctx);

  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (e) {
    if (e instanceof CommanderError) {
      // Help and version are successes; every other parse problem is a usage error.
      return e.exitCode === 0 ? EXIT.pass : EXIT.usage;
    }
    if (e instanceof UsageError) {
      err(`prepub: ${e.message}`);
      return EXIT.usage;
    }
    err(`prepub: internal error: ${(e as Error).stack ?? String(e)}`);
    return EXIT.internal;
  }
  return code;
}
