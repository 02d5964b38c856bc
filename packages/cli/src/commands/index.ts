/**
 * Every `prepub` subcommand, in the order `--help` lists them. Adding a subcommand: write its
 * module (a {@link CommandModule}) and add it here.
 */
import { auditCommand } from './audit.ts';
import { benchCommand } from './bench.ts';
import { explainCommand } from './explain.ts';
import { initCommand } from './init.ts';
import { scanCommand } from './scan.ts';
import { serveCommand } from './serve.ts';
import { crawlModule, statusModule, submitModule, workerModule } from './queue.ts';
import type { CommandModule } from './types.ts';

export const COMMANDS: Record<string, CommandModule> = {
  scan: scanCommand,
  init: initCommand,
  explain: explainCommand,
  bench: benchCommand,
  serve: serveCommand,
  audit: auditCommand,
  worker: workerModule,
  submit: submitModule,
  status: statusModule,
  crawl: crawlModule,
};

export type { CommandContext, CommandModule, MainDeps } from './types.ts';
