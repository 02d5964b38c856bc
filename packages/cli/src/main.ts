/**
 * The `prepub` command. {@link main} runs it in-process and returns the exit code; `bin.ts` runs it
 * with the real process streams. Every subcommand is a module in `commands/`, parsed by commander.
 */
import { Command, CommanderError } from 'commander';
import type { CliIo } from './io.ts';
import { UsageError } from './config.ts';
import { EXIT, TOOL_VERSION } from '@prepub/report';
import type { CommandModule, MainDeps } from './commands/index.ts';
import { COMMAND_LOADERS } from './commands/by-name.ts';
import { renderMessage, t } from '@prepub/core';
import { commanderMessage, extractLang, helpConfiguration, initialLang, localizeProgram, setHelpLang } from './lang.ts';

export type { MainDeps } from './commands/index.ts';

/**
 * Runs the CLI with `argv` (arguments after the program name) and returns the exit code (see
 * {@link EXIT}; each subcommand's `--help` lists the ones it uses). Never calls `process.exit`.
 */
export async function main(argv: string[], io: CliIo, deps: MainDeps = {}): Promise<number> {
  let code: number = EXIT.pass;
  const err = (s: string) => io.stderr.write(s.endsWith('\n') ? s : s + '\n');
  // The language is known before the program is built, so its help is built in it.
  const picked = extractLang(argv);
  const lang = initialLang(picked.lang, io.env);
  if (picked.bad !== undefined) {
    err(`prepub: ${t(lang, 'cli.bad-lang', { value: picked.bad })}`);
    return EXIT.usage;
  }
  argv = picked.argv;
  setHelpLang(lang, picked.lang);

  const program = new Command('prepub')
    .description(t(lang, 'cli.description'))
    .version(TOOL_VERSION, '-V, --version', lang === 'en' ? undefined : t(lang, 'cli.help', { key: 'version', text: 'output the version number' }))
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(commanderMessage(lang, s)) })
    .configureHelp(helpConfiguration(lang))
    .showHelpAfterError(t(lang, 'cli.help-after-error'))
    .addHelpText('after', t(lang, 'cli.exit-codes-all'));
  if (lang !== 'en') {
    const helpDescription = t(lang, 'cli.help', { key: 'help', text: 'display help for command' });
    program.helpOption('-h, --help', helpDescription).helpCommand('help [command]', helpDescription);
  }
  const ctx = { io, deps, lang, ...(picked.lang ? { langFlag: picked.lang } : {}), setCode: (c: number) => void (code = c) };
  // A run of one subcommand registers only it (its options, help and action are all it needs);
  // anything else (help, --version, a mistyped name) gets every subcommand to list or suggest.
  const only = Object.hasOwn(COMMAND_LOADERS, argv[0] ?? '') ? COMMAND_LOADERS[argv[0]] : undefined;
  const modules: CommandModule[] = only ? [await only()] : Object.values((await import('./commands/index.ts')).COMMANDS);
  for (const module of modules) module.register(program, ctx);
  localizeProgram(program, lang);

  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (e) {
    if (e instanceof CommanderError) {
      // Help and version are successes; every other parse problem is a usage error.
      return e.exitCode === 0 ? EXIT.pass : EXIT.usage;
    }
    if (e instanceof UsageError) {
      // In the language known before any config was read (--lang, the locale): a config's own lang cannot speak for its errors.
      err(`prepub: ${e.ref ? renderMessage(lang, e.ref) : e.message}`);
      return EXIT.usage;
    }
    err(`prepub: ${t(lang, 'cli.internal-error', { detail: (e as Error).stack ?? String(e) })}`);
    return EXIT.internal;
  }
  return code;
}
