/**
 * The many-machines subcommands (`worker`, `submit`, `status`, `crawl`) as command modules: each is
 * built in its own file; this file states their exit codes and registers them like every other.
 */
import type { Command } from 'commander';
import { EXIT } from '@prepub/report';
import { crawlCommand } from './crawl.ts';
import { withExitCodes } from './shared.ts';
import { statusCommand } from './status.ts';
import { submitCommand } from './submit.ts';
import type { CommandContext, CommandModule } from './types.ts';
import { workerCommand } from './worker.ts';

const verdictCodes = [
  [EXIT.pass, 'every item passes'],
  [EXIT.review, 'the worst verdict is review (dead letters and unread items are review, never pass)'],
  [EXIT.block, 'the worst verdict is block'],
] as const;

function moduleOf(build: (ctx: CommandContext) => Command, exitCodes: CommandModule['exitCodes']): CommandModule {
  return {
    exitCodes,
    register(program: Command, ctx: CommandContext): Command {
      // Built apart from `program`, so it takes the parent's output and exit settings explicitly
      // (program.command() would copy them; addCommand does not).
      const cmd = build(ctx).copyInheritedSettings(program);
      program.addCommand(cmd);
      return withExitCodes(cmd, exitCodes);
    },
  };
}

export const workerModule = moduleOf((ctx) => workerCommand(ctx.io, ctx.setCode, ctx.deps.createScanner), [
  [EXIT.pass, 'stopped by SIGTERM or Ctrl-C after its jobs in flight'],
  [EXIT.usage, 'usage or config error'],
  [EXIT.failure, 'Redis unreachable or the worker could not start'],
]);

export const submitModule = moduleOf((ctx) => submitCommand(ctx.io, ctx.setCode), [
  [EXIT.pass, 'the batch was enqueued (its name is printed)'],
  [EXIT.usage, 'usage error or no inputs'],
  [EXIT.failure, 'Redis unreachable'],
]);

export const statusModule = moduleOf((ctx) => statusCommand(ctx.io, ctx.setCode), [
  ...verdictCodes,
  [EXIT.usage, 'usage error or no such batch'],
  [EXIT.failure, 'Redis unreachable'],
  [EXIT.pending, 'the batch is not finished (without --wait)'],
  [EXIT.interrupted, 'interrupted while waiting'],
]);

export const crawlModule = moduleOf((ctx) => crawlCommand(ctx.io, ctx.setCode, ctx.deps.createScanner), [
  ...verdictCodes,
  [EXIT.usage, 'usage error'],
  [EXIT.failure, 'Redis unreachable'],
  [EXIT.pending, 'the batch submitted through --queue did not finish'],
  [EXIT.interrupted, 'interrupted'],
]);
