/** `prepub serve`: the HTTP review service (API in packages/server/README.md). */
import { availableParallelism } from 'node:os';
import { Option, type Command } from 'commander';
import { t, type MessageRef, type Verdict } from '@prepub/core';
import { UsageError, loadConfig } from '../config.ts';
import { buildScannerOptions } from '../options.ts';
import { currentLang, useCommandLang } from '../lang.ts';
import { EXIT } from '@prepub/report';
import { addAuditStoreOptions, addScannerOptions, auditTarget, dictsOf, intIn, withExitCodes, type AuditStoreFlags, type ScannerCliFlags } from './shared.ts';
import type { CommandContext, CommandModule } from './types.ts';

interface ServeFlags extends ScannerCliFlags, AuditStoreFlags {
  port: number;
  host: string;
  audit: boolean;
  concurrency?: number;
  queue?: number;
  maxBodyMb?: number;
  timeoutMs?: number;
  quarantine?: string;
  quarantineVerdicts?: Verdict[];
}

export const serveCommand: CommandModule = {
  exitCodes: [
    [EXIT.pass, 'the service ran and was stopped (SIGINT, SIGTERM)'],
    [EXIT.usage, 'usage or config error: unknown option, bad value, no or weak API tokens (PREPUB_TOKENS), invalid config, policy or dictionary'],
    [EXIT.internal, 'prepub itself failed'],
    [EXIT.failure, 'the service could not start: port in use, audit trail unreachable'],
  ],
  register(program: Command, ctx: CommandContext): Command {
    const cmd = program
      .command('serve')
      .description('run the HTTP review service (tokens from PREPUB_TOKENS=name:secret,…)')
      .option('--port <n>', 'port to listen on', intIn('--port', 0, 65535), 8731)
      .option('--host <address>', 'address to listen on (other machines reach it only if asked)', '127.0.0.1');
    addAuditStoreOptions(cmd)
      .option('--no-audit', 'keep no audit trail')
      .option('-j, --concurrency <n>', 'scans running at once (default: the number of cores)', intIn('--concurrency', 1, 256))
      .option('--queue <n>', 'requests allowed to wait for a slot (default 2 × concurrency)', intIn('--queue', 0))
      .option('--max-body-mb <n>', 'largest upload in MiB (default 50)', intIn('--max-body-mb', 1))
      .option('--timeout-ms <n>', 'deadline of one request, ms (default 120000)', intIn('--timeout-ms', 1))
      .option('--quarantine <dir>', 'keep copies of uploads for reviewers in this folder')
      .addOption(
        new Option('--quarantine-verdicts <list>', 'verdicts whose uploads are kept, e.g. block,review').argParser((v) => {
          const list = v.split(',').map((s) => s.trim());
          for (const x of list) if (!['block', 'review', 'pass'].includes(x)) throw new UsageError({ id: 'serve.quarantine-verdicts', params: { value: x } });
          return list as Verdict[];
        }),
      );
    addScannerOptions(cmd).action(async (flags: ServeFlags, c: Command) => {
      ctx.setCode(await runServe(flags, c, ctx));
    });
    return withExitCodes(cmd, this.exitCodes);
  },
};

async function runServe(flags: ServeFlags, cmd: Command, ctx: CommandContext): Promise<number> {
  const { io } = ctx;
  const server = await import('@prepub/server');
  const loaded = await loadConfig(io.cwd, flags.config);
  const lang = useCommandLang(ctx.langFlag, loaded?.config.lang, io.env);
  const { options: scannerOptions } = await buildScannerOptions(io.cwd, loaded, {
    dict: dictsOf(flags),
    policy: flags.policy,
    ocr: cmd.getOptionValueSource('ocr') === 'cli' ? flags.ocr : undefined,
  });
  const target = auditTarget(flags);
  const options = {
    port: flags.port,
    host: flags.host,
    audit: !flags.audit ? (false as const) : target.postgres ? { postgres: target.postgres } : target.sqlite ? { sqlite: target.sqlite } : undefined,
    concurrency: flags.concurrency,
    queueSize: flags.queue,
    maxBodyBytes: flags.maxBodyMb !== undefined ? flags.maxBodyMb * 1024 * 1024 : undefined,
    scanTimeoutMs: flags.timeoutMs,
    quarantine: flags.quarantine ? { dir: flags.quarantine, verdicts: flags.quarantineVerdicts } : undefined,
    scannerOptions,
    logger: { level: 'info' },
  };
  // Settings the user got wrong are usage errors, told apart from a service that cannot start.
  try {
    Object.assign(options, { tokens: server.resolveTokens(options, io.env as NodeJS.ProcessEnv) });
    server.settle(options, availableParallelism());
  } catch (e) {
    const ref = (e as { ref?: MessageRef }).ref;
    throw new UsageError(ref ?? { id: 'serve.bad-setting', params: { message: (e as Error).message } });
  }
  try {
    await server.runService(options, { out: (t) => void io.stdout.write(t), err: (t) => void io.stderr.write(t), signal: io.signal, lang });
  } catch (e) {
    io.stderr.write(`prepub serve: ${t(currentLang(), 'serve.could-not-start', { message: (e as Error).message })}\n`);
    return EXIT.failure;
  }
  return EXIT.pass;
}
