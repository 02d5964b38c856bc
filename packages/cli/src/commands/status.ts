/**
 * `prepub status --queue … <batch> [--wait]`: a batch's progress and, once every item is scanned or
 * dead-lettered, the same report as `prepub scan` with its exit code. Dead letters, items that could
 * not be read and items the queue lost are unread: never pass.
 */
import { Command } from 'commander';
import type { CliIo } from '../io.ts';
import { EXIT, exitCodeFor, worstVerdict } from '@prepub/report';
import { loadConfig } from '../config.ts';
import { t } from '@prepub/core';
import { useConfigLang } from '../lang.ts';
import { addOutputOptions, batchReport, emitReport, EXIT_PENDING, linkedFromText, pgUrl, queueUrl, type OutputFlags, type SetCode } from './common.ts';

/** Options of `prepub status`. */
export interface StatusFlags extends OutputFlags {
  queue?: string;
  pg?: string;
  wait: boolean;
  config?: string;
  pollMs?: number;
}

/** Prints the batch's progress or report; exit code by worst verdict, {@link EXIT_PENDING} while unfinished. */
export async function runStatus(batch: string, flags: StatusFlags, io: CliIo): Promise<number> {
  const url = queueUrl(flags.queue, io)!;
  const t0 = performance.now();
  const loaded = await loadConfig(io.cwd, flags.config);
  const lang = useConfigLang(loaded?.config.lang, io.env);
  const q = await import('@prepub/queue');
  try {
    await q.checkRedis(url);
  } catch (e) {
    io.stderr.write(`prepub: ${t(lang, 'queue.unreachable', { message: (e as Error).message })}\n`);
    return EXIT.failure;
  }
  const cfg = { redisUrl: url, postgresUrl: pgUrl(flags.pg, io) };
  const progressLine = (s: import('@prepub/queue').BatchStatus) => {
    const c = s.counts;
    return `prepub: ${t(lang, 'status.progress', { batch, done: c.done, active: c.active, waiting: c.waiting, retrying: c.retrying, dead: c.dead, unreadable: c.unreadable + c.lost, total: s.entries.length })}`;
  };
  let last = '';
  const status = flags.wait
    ? await q.waitForBatch(batch, {
        ...cfg,
        pollMs: flags.pollMs,
        signal: io.signal,
        onProgress: (s) => {
          const line = progressLine(s);
          if (!flags.quiet && line !== last) io.stderr.write(line + '\n');
          last = line;
        },
      })
    : // An unfinished batch is answered with counts only: its results are not read.
      await q.batchStatus(batch, { ...cfg, results: 'when-finished' });
  if (status.entries.length === 0) {
    io.stderr.write(`prepub: ${t(lang, 'status.no-batch', { batch, url })}\n`);
    return EXIT.usage;
  }
  if (!status.finished) {
    if (!flags.wait && !flags.quiet) io.stderr.write(progressLine(status) + '\n');
    io.stdout.write(JSON.stringify({ batch, finished: false, counts: status.counts, items: status.entries.length }, null, 2) + '\n');
    return EXIT_PENDING;
  }
  const report = batchReport(status.entries, performance.now() - t0);
  await emitReport(report, flags, io, { helpUriBase: loaded?.config.helpUriBase, prettySuffix: linkedFromText(status.entries) });
  return exitCodeFor(worstVerdict(report.results), flags.failOn ?? loaded?.config.failOn ?? 'review');
}

/** The `status` command for the CLI's dispatcher. */
export function statusCommand(io: CliIo, setCode: SetCode): Command {
  const cmd = new Command('status')
    .description('progress of a submitted batch; when finished, its report (as prepub scan) and exit code')
    .argument('<batch>', 'batch name printed by prepub submit')
    .option('--queue <url>', 'Redis URL, redis://HOST:PORT (default: PREPUB_QUEUE_URL)')
    .option('--pg <url>', 'PostgreSQL URL to read results from when Redis no longer has them (default: PREPUB_QUEUE_PG_URL)')
    .option('-w, --wait', 'wait until every item is scanned or dead-lettered', false)
    .option('-c, --config <file>', 'config file (for failOn and helpUriBase)');
  addOutputOptions(cmd).action(async (batch: string, flags: StatusFlags) => {
    setCode(await runStatus(batch, flags, io));
  });
  return cmd;
}
