/**
 * `prepub submit --queue … [--batch NAME] <files|folders|URLs>`: enqueues a batch. Jobs are keyed
 * by content sha256 + scan profile, so a resubmitted batch is not scanned again.
 */
import { Command } from 'commander';
import type { CliIo } from '../io.ts';
import { EXIT } from '@prepub/report';
import { t } from '@prepub/core';
import { currentLang } from '../lang.ts';
import { UsageError } from '../config.ts';
import { collectInputs } from '../files.ts';
import { addScannerSettings, collect, queueUrl, scannerSettings, wholeNumber, type ScannerSettingFlags, type SetCode } from './common.ts';

/** Options of `prepub submit`. */
export interface SubmitFlags extends ScannerSettingFlags {
  queue?: string;
  batch?: string;
  include: string[];
  exclude: string[];
  ignoreFiles: boolean;
  inlineLimit?: number;
  attempts?: number;
  backoffMs?: number;
  retryDead: boolean;
  json: boolean;
  quiet: boolean;
}

const isUrl = (s: string) => /^https?:\/\//i.test(s);

/** Enqueues the inputs; prints the batch name and what was done. */
export async function runSubmit(args: string[], flags: SubmitFlags, cmd: Command, io: CliIo): Promise<number> {
  const url = queueUrl(flags.queue, io)!;
  if (args.includes('-')) throw new UsageError({ id: 'submit.stdin', params: {} });
  const batch = flags.batch ?? `batch-${new Date().toISOString().replace(/[:.]/g, '-')}`;
  if (!/^[\w.@+-]{1,128}$/.test(batch)) throw new UsageError({ id: 'submit.bad-batch', params: { value: batch } });
  const { options, limits } = await scannerSettings(flags, cmd, io);
  const q = await import('@prepub/queue');
  const profile = q.scanProfile(options);
  try {
    await q.checkRedis(url);
  } catch (e) {
    io.stderr.write(`prepub: ${t(currentLang(), 'queue.unreachable', { message: (e as Error).message })}\n`);
    return EXIT.failure;
  }
  const inputs: import('@prepub/queue').SubmitInput[] = [];
  // One argument at a time, so the batch keeps the order the user named things in.
  for (const a of args) {
    if (isUrl(a)) {
      inputs.push({ kind: 'url', url: a });
      continue;
    }
    for (const f of await collectInputs([a], { cwd: io.cwd, include: flags.include, exclude: flags.exclude, useIgnoreFiles: flags.ignoreFiles })) {
      if (f.kind === 'file') inputs.push({ kind: 'file', path: f.path, name: f.display });
      else if (f.kind === 'missing') inputs.push({ kind: 'error', name: f.display, code: f.code, message: f.message });
    }
  }
  if (inputs.length === 0) {
    io.stderr.write(`prepub: ${t(currentLang(), 'submit.nothing')}\n`);
    return EXIT.usage;
  }
  const summary = await q.submitBatch(inputs, {
    redisUrl: url,
    batch,
    profile,
    inlineLimit: flags.inlineLimit,
    maxFileBytes: limits.maxFileBytes,
    retry: { attempts: flags.attempts ?? q.DEFAULT_RETRY.attempts, backoffMs: flags.backoffMs ?? q.DEFAULT_RETRY.backoffMs },
    retryDead: flags.retryDead,
  });
  if (flags.json) io.stdout.write(JSON.stringify({ ...summary, profile }, null, 2) + '\n');
  else {
    io.stdout.write(`${batch}\n`);
    if (!flags.quiet) {
      io.stderr.write(
        `prepub: ${t(currentLang(), 'submit.summary', { batch, items: summary.items, enqueued: summary.enqueued, cached: summary.cached, queued: summary.queued, revived: summary.revived, unreadable: summary.unreadable, profile })}\n` +
          `prepub: ${t(currentLang(), 'submit.follow', { url: url!, batch })}\n`,
      );
    }
  }
  return EXIT.pass;
}

/** The `submit` command for the CLI's dispatcher. */
export function submitCommand(io: CliIo, setCode: SetCode): Command {
  const cmd = new Command('submit')
    .description('enqueue files, folders and URLs for the workers; prints the batch name')
    .argument('<inputs...>', 'files, folders or http(s) URLs')
    .option('--queue <url>', 'Redis URL, redis://HOST:PORT (default: PREPUB_QUEUE_URL)')
    .option('--batch <name>', 'batch name (default batch-<time>); submitting to an existing batch adds to it')
    .option('-i, --include <glob>', 'in folders, submit only files matching this glob (repeatable)', collect, [])
    .option('-x, --exclude <glob>', 'in folders, leave out files matching this glob (repeatable)', collect, [])
    .option('--no-ignore-files', 'do not honour .prepubignore files')
    .option('--inline-limit <bytes>', 'content up to this size travels in the job; larger by reference (path on shared storage or URL) (default 262144)', wholeNumber('--inline-limit', 0))
    .option('--attempts <n>', 'attempts per job, crashes included, before it becomes a dead letter (default 3)', wholeNumber('--attempts', 1, 100))
    .option('--backoff-ms <ms>', 'delay before the first retry, doubling after each (default 1000)', wholeNumber('--backoff-ms', 0))
    .option('--no-retry-dead', 'leave dead-lettered content dead instead of giving it another round')
    .option('--json', 'print what was done as JSON', false)
    .option('-q, --quiet', 'print only the batch name', false);
  addScannerSettings(cmd).action(async (inputs: string[], flags: SubmitFlags, c: Command) => {
    setCode(await runSubmit(inputs, flags, c, io));
  });
  return cmd;
}
