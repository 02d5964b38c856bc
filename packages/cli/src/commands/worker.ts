/**
 * `prepub worker --queue redis://HOST:PORT [--concurrency N]`: takes scan jobs from the queue until
 * stopped. SIGTERM or Ctrl-C stops it gracefully: no new job is taken, jobs in flight finish within
 * `--grace` ms or are handed back to the queue.
 */
import { Command } from 'commander';
import type { CliIo } from '../io.ts';
import { EXIT } from '@prepub/report';
import { t } from '@prepub/core';
import { currentLang } from '../lang.ts';
import { addScannerSettings, pgUrl, queueUrl, scannerSettings, wholeNumber, type ScannerSettingFlags, type SetCode } from './common.ts';
import type { ScannerFactory } from '../scanner-types.ts';

/** Options of `prepub worker`. */
export interface WorkerFlags extends ScannerSettingFlags {
  queue?: string;
  concurrency?: number;
  pg?: string;
  grace: number;
  lockMs?: number;
  attempts?: number;
  quiet: boolean;
}

/** Runs a worker until SIGTERM/SIGINT (or `io.signal`); returns the exit code. */
export async function runWorker(flags: WorkerFlags, cmd: Command, io: CliIo, createScanner?: ScannerFactory): Promise<number> {
  const url = queueUrl(flags.queue, io)!;
  const { options, limits } = await scannerSettings(flags, cmd, io);
  const { startWorker, checkRedis } = await import('@prepub/queue');
  const log = (s: string) => void (flags.quiet ? undefined : io.stderr.write(`prepub worker: ${s}\n`));
  try {
    await checkRedis(url);
  } catch (e) {
    io.stderr.write(`prepub: ${t(currentLang(), 'queue.unreachable', { message: (e as Error).message })}\n`);
    return EXIT.failure;
  }
  let worker;
  try {
    worker = await startWorker({
      redisUrl: url,
      concurrency: flags.concurrency ?? 1,
      scannerOptions: options,
      createScanner,
      postgresUrl: pgUrl(flags.pg, io),
      maxFileBytes: limits.maxFileBytes,
      lockDurationMs: flags.lockMs,
      maxAttempts: flags.attempts,
      log: (s) => io.stderr.write(`prepub worker: ${s}\n`),
    });
  } catch (e) {
    io.stderr.write(`prepub: ${t(currentLang(), 'worker.could-not-start', { message: (e as Error).message })}\n`);
    return EXIT.failure;
  }
  const lang = currentLang();
  log(t(lang, 'worker.taking', { url, grace: flags.grace }));
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGTERM', stop);
    if (io.signal) {
      if (io.signal.aborted) stop();
      else io.signal.addEventListener('abort', stop, { once: true });
    }
  });
  log(t(lang, 'worker.stopping'));
  await worker.close(flags.grace);
  const s = worker.stats;
  log(t(lang, 'worker.stopped', { completed: s.completed, failed: s.failed, returned: s.returned }));
  return EXIT.pass;
}

/** The `worker` command for the CLI's dispatcher. */
export function workerCommand(io: CliIo, setCode: SetCode, createScanner?: ScannerFactory): Command {
  const cmd = new Command('worker')
    .description('take scan jobs from a Redis queue (BullMQ), scan them and store the results')
    .option('--queue <url>', 'Redis URL, redis://HOST:PORT (default: PREPUB_QUEUE_URL)')
    .option('-j, --concurrency <n>', 'jobs scanned at the same time (default 1)', wholeNumber('--concurrency', 1, 64))
    .option('--pg <url>', 'PostgreSQL URL: results and the audit trail are written there too (default: PREPUB_QUEUE_PG_URL)')
    .option('--grace <ms>', 'on SIGTERM, time jobs in flight get to finish before they are handed back', wholeNumber('--grace', 0), 30_000)
    .option('--lock-ms <ms>', 'job lock duration: a worker that died is noticed after about this long (default 30000)', wholeNumber('--lock-ms', 1000))
    .option('--attempts <n>', 'the most attempts any job is given (crashes count); must be at least submit --attempts (default 3)', wholeNumber('--attempts', 1, 100))
    .option('-q, --quiet', 'log only job outcomes', false);
  addScannerSettings(cmd).action(async (flags: WorkerFlags, c: Command) => {
    setCode(await runWorker(flags, c, io, createScanner));
  });
  return cmd;
}
