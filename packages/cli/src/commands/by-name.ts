/**
 * Each subcommand's module by name, loaded when asked for: a run of one subcommand (`prepub scan …`)
 * loads only its own code, not the server's, the queue's or the audit log's. The names are those
 * of {@link COMMANDS} (a test keeps the two lists equal).
 */
import type { CommandModule } from './types.ts';

export const COMMAND_LOADERS: Readonly<Record<string, () => Promise<CommandModule>>> = {
  scan: async () => (await import('./scan.ts')).scanCommand,
  init: async () => (await import('./init.ts')).initCommand,
  explain: async () => (await import('./explain.ts')).explainCommand,
  bench: async () => (await import('./bench.ts')).benchCommand,
  serve: async () => (await import('./serve.ts')).serveCommand,
  audit: async () => (await import('./audit.ts')).auditCommand,
  worker: async () => (await import('./queue.ts')).workerModule,
  submit: async () => (await import('./queue.ts')).submitModule,
  status: async () => (await import('./queue.ts')).statusModule,
  crawl: async () => (await import('./queue.ts')).crawlModule,
};
