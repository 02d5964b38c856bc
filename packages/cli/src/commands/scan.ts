/** `prepub scan`: scan files and folders, print one verdict per file. */
import { mkdir, writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { Option, type Command } from 'commander';
import { wantsColor, type CliIo } from '../io.ts';
import { UsageError, loadConfig } from '../config.ts';
import { collectInputs } from '../files.ts';
import { buildScannerOptions, compileCacheDir } from '../options.ts';
import { scanInputs } from '../run-scan.ts';
import { SCAN_MALLOC_KEEP_FREE_MB, planWorkers } from '../worker-plan.ts';
import { EXIT, buildReport, exitCodeFor, worstVerdict } from '@prepub/report';
import { createProgress, noProgress } from '../progress.ts';
import { FORMATS, formatFromPath, renderReport, type OutputFormat } from '@prepub/report';
import { loadScannerFactory, type ScannerFactory } from '../scanner-types.ts';
import { addScannerOptions, collect, dictsOf, intIn, withExitCodes, type ScannerCliFlags } from './shared.ts';
import type { CommandContext, CommandModule, MainDeps } from './types.ts';
import { renderMessage, t, type Lang, type MessageRef } from '@prepub/core';
import { commandLang } from '../lang.ts';

/** Files at or above this count get a progress bar (on a terminal, without --quiet). */
const PROGRESS_MIN_FILES = 5;

interface ScanFlags extends ScannerCliFlags {
  include: string[];
  exclude: string[];
  filename?: string;
  format?: OutputFormat;
  output?: string;
  failOn?: 'review' | 'block';
  mask: boolean;
  quiet: boolean;
  verbose: boolean;
  concurrency?: number;
  ignoreFiles: boolean;
}

export const scanCommand: CommandModule = {
  exitCodes: [
    [EXIT.pass, 'every file passes (with --fail-on block: no file is blocked)'],
    [EXIT.review, 'the worst verdict is review (unread content and files that could not be opened count here)'],
    [EXIT.block, 'the worst verdict is block'],
    [EXIT.usage, 'usage or config error: unknown option, no inputs, invalid config, policy or dictionary'],
    [EXIT.internal, 'prepub itself failed (the scanner could not be loaded); never caused by a document'],
    [EXIT.interrupted, 'interrupted (Ctrl-C): the partial report is written, unfinished files are aborted (review)'],
  ],
  register(program: Command, ctx: CommandContext): Command {
    const cmd = program
      .command('scan')
      .description('scan files and folders; prints one verdict per file (block / review / pass)')
      .argument('<inputs...>', 'files or folders to scan; - reads standard input')
      .option('-i, --include <glob>', 'in folders, scan only files matching this glob (repeatable)', collect, [])
      .option('-x, --exclude <glob>', 'in folders, leave out files matching this glob (repeatable)', collect, [])
      .option('--no-ignore-files', 'do not honour .prepubignore files')
      .option('--filename <name>', 'name of the document read from standard input (helps format detection)')
      .addOption(new Option('-f, --format <format>', 'output format (default: pretty on a terminal, json otherwise)').choices([...FORMATS]))
      .option('-o, --output <file>', 'write the report to a file (format from its extension unless --format)');
    addScannerOptions(cmd)
      .addOption(new Option('--fail-on <verdict>', 'lowest verdict that gives a non-zero exit code (default review)').choices(['review', 'block']))
      .option('--no-mask', 'show excerpts unmasked (the report then contains what it found)')
      .option('-j, --concurrency <n>', 'files scanned at the same time, each read in its own worker thread (default: the number of cores)', intIn('--concurrency', 1, 64))
      .option('-q, --quiet', 'no progress bar and no closing line on standard error', false)
      .option('-v, --verbose', 'pretty output lists passing files too (default: only files that do not pass); without a progress bar, each file is named on standard error as it starts', false)
      .action(async (inputs: string[], flags: ScanFlags, c: Command) => {
        ctx.setCode(await runScan(inputs, flags, c, ctx.io, ctx.deps, ctx.langFlag));
      });
    return withExitCodes(cmd, this.exitCodes);
  },
};

async function runScan(args: string[], flags: ScanFlags, cmd: Command, io: CliIo, deps: MainDeps, langFlag: Lang | undefined): Promise<number> {
  const t0 = performance.now();
  const err = (s: string) => io.stderr.write(s + '\n');
  const loaded = await loadConfig(io.cwd, flags.config);
  const cfg = loaded?.config ?? {};
  const lang = commandLang(langFlag, cfg.lang, io.env);
  const fromCli = (name: string) => cmd.getOptionValueSource(name) === 'cli';

  if (args.filter((a) => a === '-').length > 1) throw new UsageError(t(lang, 'cli.stdin-once'));
  const format: OutputFormat = flags.format ?? (flags.output ? formatFromPath(flags.output) : io.stdout.isTTY ? 'pretty' : 'json');
  const failOn = flags.failOn ?? cfg.failOn ?? 'review';
  const concurrency = flags.concurrency ?? cfg.concurrency ?? availableParallelism();
  const { options, limits } = await buildScannerOptions(io.cwd, loaded, {
    dict: dictsOf(flags),
    policy: flags.policy,
    ocr: fromCli('ocr') ? flags.ocr : undefined,
    mask: fromCli('mask') ? flags.mask : undefined,
  });
  const cacheDir = compileCacheDir(io.env);
  if (cacheDir) options.compileCache = cacheDir;
  const defaultIsolation = options.isolation === undefined;

  const excluded: string[] = [];
  const inputs = await collectInputs(args, {
    cwd: io.cwd,
    include: [...(cfg.include ?? []), ...flags.include],
    exclude: [...(cfg.exclude ?? []), ...flags.exclude],
    stdinName: flags.filename,
    useIgnoreFiles: flags.ignoreFiles,
    excluded,
  });
  // What the default excludes kept out is not read: said, with the way to read it (a site's
  // deployed .git holds every version of its pages).
  if (excluded.length) err(`prepub: ${t(lang, 'cli.excluded-folders', { count: excluded.length, folders: excluded.slice(0, 5).join(', ') + (excluded.length > 5 ? ', …' : '') })}`);
  if (inputs.length === 0) {
    err(`prepub: ${t(lang, 'cli.no-files')}`);
    return EXIT.usage;
  }
  // One reader worker per file scanned at once: --concurrency files really are read in parallel.
  // No more workers than files; readers loaded in advance only where the files' names call for
  // them (see planWorkers). Eager: the workers load their modules while the dictionaries compile.
  if (defaultIsolation) {
    options.isolation = { ...planWorkers(inputs.length, concurrency, inputs.map((i) => i.display)), eager: true, mallocKeepFreeMb: SCAN_MALLOC_KEEP_FREE_MB };
  }

  let factory: ScannerFactory;
  try {
    factory = deps.createScanner ?? (await loadScannerFactory());
  } catch (e) {
    err(`prepub: ${t(lang, 'cli.scanner-not-loaded', { detail: (e as Error).message })}`);
    return EXIT.internal;
  }
  let scanner;
  try {
    scanner = await factory(options);
  } catch (e) {
    // Construction fails on bad dictionaries or policies: the user's settings, so a usage error.
    const ref = (e as { ref?: MessageRef }).ref;
    err(`prepub: ${t(lang, 'cli.scanner-not-started', { detail: ref ? renderMessage(lang, ref) : (e as Error).message })}`);
    return EXIT.usage;
  }

  const showProgress = !flags.quiet && io.stderr.isTTY === true && inputs.length >= PROGRESS_MIN_FILES;
  const progress = showProgress ? createProgress(io.stderr, inputs.length) : noProgress;
  let results;
  // The workers stop while the report is built and written: nothing waits for the threads to end.
  let closed: Promise<void> | undefined;
  try {
    results = await scanInputs(scanner, inputs, {
      concurrency,
      maxFileBytes: limits.maxFileBytes,
      readStdin: io.readStdin,
      signal: io.signal,
      onStart: (i) => (showProgress ? progress.start(i.display) : flags.verbose && err(`prepub: ${t(lang, 'cli.scanning', { path: i.display })}`)),
      onDone: (done, total) => progress.tick(done, total),
    });
  } finally {
    progress.stop();
    closed = scanner.close().catch(() => undefined);
  }

  const interrupted = io.signal?.aborted === true;
  const report = buildReport(results, performance.now() - t0, { interrupted });
  const text = renderReport(report, format, {
    color: !flags.output && wantsColor(io.stdout, io.env),
    verbose: flags.verbose,
    helpUriBase: cfg.helpUriBase,
    cwd: io.cwd,
    lang,
  });
  if (flags.output) {
    const out = path.resolve(io.cwd, flags.output);
    await mkdir(path.dirname(out), { recursive: true });
    await writeFile(out, text);
    if (!flags.quiet || interrupted) {
      const s = report.summary;
      err(`prepub: ${t(lang, 'cli.written', { files: s.files, block: s.block, review: s.review, pass: s.pass, ...(interrupted ? { aborted: s.aborted ?? 0 } : {}), format, output: flags.output })}`);
    }
  } else {
    io.stdout.write(text);
  }
  await closed;
  if (interrupted) return EXIT.interrupted;
  return exitCodeFor(worstVerdict(results), failOn);
}
