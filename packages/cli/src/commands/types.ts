/**
 * The shape of one `prepub` subcommand. A subcommand is one module exporting a
 * {@link CommandModule}, registered by one line in `commands/index.ts`.
 */
import type { Command } from 'commander';
import type { CliIo } from '../io.ts';
import type { ScannerFactory } from '../scanner-types.ts';
import type { Lang } from '@prepub/core';

/** Things {@link main} can be given instead of the defaults. */
export interface MainDeps {
  /** Scanner factory; defaults to `createScanner` from `@prepub/scanner`. */
  createScanner?: ScannerFactory;
}

/** What a subcommand's action gets besides its arguments. */
export interface CommandContext {
  io: CliIo;
  deps: MainDeps;
  /** Language of messages and reports: `--lang`, else the locale (a command reading a config puts its `lang` before the locale). */
  lang: Lang;
  /** The language `--lang` named, when it was given (it wins over a config's `lang`). */
  langFlag?: Lang;
  /** Sets the exit code `main` returns. */
  setCode(code: number): void;
}

/** One subcommand. */
export interface CommandModule {
  /** Adds the subcommand (with its options and action) to `program`. */
  register(program: Command, ctx: CommandContext): Command;
  /** The exit codes the subcommand uses and what each means there (shown in its `--help`). */
  exitCodes: ReadonlyArray<readonly [code: number, meaning: string]>;
}
