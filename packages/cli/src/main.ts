/**
 * The `prepub` command: `scan`, `init`, `explain`, `bench`. {@link main} runs it in-process and
 * returns the exit code; `bin.ts` runs it with the real process streams.
 */
import { mkdir, writeFile, access } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { Command, CommanderError, Option } from 'commander';
import type { CliIo } from './io.ts';
import { wantsColor } from './io.ts';
import { CONFIG_FILE, UsageError, loadConfig, starterConfig } from './config.ts';
import { collectInputs } from './files.ts';
import { buildScannerOptions } from './options.ts';
import { scanInputs } from './run-scan.ts';
import { EXIT, TOOL_VERSION, buildReport, exitCodeFor, worstVerdict } from './report.ts';
import { createProgress, noProgress } from './progress.ts';
import { FORMATS, formatFromPath, renderReport, type OutputFormat } from './format/index.ts';
import { explainText } from './explain.ts';
import { runBench, type BenchFlags } from './bench.ts';
import { loadScannerFactory, type ScannerFactory } from './scanner-types.ts';
import { workerCommand } from './commands/worker.ts';
import { submitCommand } from './commands/submit.ts';
import { statusCommand } from './commands/status.ts';
import { crawlCommand } from './commands/crawl.ts';

/** Things {@link main} can be given instead of the defaults. */
export interface MainDeps {
  /** Scanner factory; defaults to `createScanner` from `@prepub/scanner`. */
  createScanner?: ScannerFactory;
}

/** Files at or above this count get a progress bar (on a terminal, without --quiet). */
const PROGRESS_MIN_FILES = 5;

interface ScanFlags {
  include: string[];
  exclude: string[];
  filename?: string;
  format?: OutputFormat;
  output?: string;
  dict: string[];
  policy?: string;
  config?: string;
  failOn?: 'review' | 'block';
  mask: boolean;
  ocr: boolean;
  quiet: boolean;
  concurrency?: number;
  ignoreFiles: boolean;
}

const collect = (v: string, prev: string[]) => [...prev, v];
const positiveInt = (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1 || n > 64) throw new UsageError(`--concurrency must be an integer from 1 to 64, got "${v}"`);
  return n;
};

/**
 * Runs the CLI with `argv` (arguments after the program name) and returns the exit code:
 * 0 pass, 1 review, 2 block, 3 usage error, 4 internal error. Never calls `process.exit`.
 */
export async function main(argv: string[], io: CliIo, deps: MainDeps = {}): Promise<number> {
  let code: number = EXIT.pass;
  const err = (s: string) => io.stderr.write(s.endsWith('\n') ? s : s + '\n');
  // `serve` and `audit` parse their own arguments (documented in packages/server/README.md).
  if (argv[0] === 'serve' || argv[0] === 'audit') {
    const out = { out: (t: string) => void io.stdout.write(t), err: (t: string) => void io.stderr.write(t) };
    if (argv[0] === 'serve') return (await import('@prepub/server')).serveCommand(argv.slice(1), out);
    return (await import('@prepub/audit')).runAuditCommand(argv.slice(1), out);
  }

  const program = new Command('prepub')
    .description('Pre-publication secrecy review: finds classification markings and sensitive content in documents before they go online.')
    .version(TOOL_VERSION, '-V, --version')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) })
    .showHelpAfterError('(run prepub --help for usage)')
    .addHelpText('after', '\nAlso: prepub serve [--port N] (HTTP review service), prepub audit list|show|approve|reject|export|verify.\nExit codes: 0 all pass, 1 worst verdict review, 2 block, 3 usage error, 4 internal error.');

  program
    .command('scan')
    .description('scan files and folders; prints one verdict per file (block / review / pass)')
    .argument('<inputs...>', 'files or folders to scan; - reads standard input')
    .option('-i, --include <glob>', 'in folders, scan only files matching this glob (repeatable)', collect, [])
    .option('-x, --exclude <glob>', 'in folders, leave out files matching this glob (repeatable)', collect, [])
    .option('--no-ignore-files', 'do not honour .prepubignore files')
    .option('--filename <name>', 'name of the document read from standard input (helps format detection)')
    .addOption(new Option('-f, --format <format>', 'output format (default: pretty on a terminal, json otherwise)').choices([...FORMATS]))
    .option('-o, --output <file>', 'write the report to a file (format from its extension unless --format)')
    .option('--dict <file>', 'add a term list (one term a line; a folder adds its .txt files) (repeatable)', collect, [])
    .option('--policy <file>', 'policy file: thresholds, allowlist, waivers')
    .option('-c, --config <file>', `config file (default: nearest ${CONFIG_FILE} from the current folder upward)`)
    .addOption(new Option('--fail-on <verdict>', 'lowest verdict that gives a non-zero exit code (default review)').choices(['review', 'block']))
    .option('--no-mask', 'show excerpts unmasked (the report then contains what it found)')
    .option('--no-ocr', 'do not OCR pictures and scans (they are reported unread)')
    .option('-j, --concurrency <n>', 'files scanned at the same time, each read in its own worker thread (default: the number of cores)', positiveInt)
    .option('-q, --quiet', 'no progress bar; pretty output lists only files that do not pass', false)
    .action(async (inputs: string[], flags: ScanFlags, cmd: Command) => {
      code = await runScan(inputs, flags, cmd, io, deps);
    });

  program
    .command('init')
    .description(`write a commented starter ${CONFIG_FILE} in the current folder`)
    .option('--force', 'overwrite an existing file', false)
    .action(async (flags: { force: boolean }) => {
      const file = path.join(io.cwd, CONFIG_FILE);
      let exists = true;
      try {
        await access(file);
      } catch {
        exists = false;
      }
      if (exists && !flags.force) {
        err(`${CONFIG_FILE} already exists; use --force to overwrite it`);
        code = EXIT.usage;
        return;
      }
      await writeFile(file, starterConfig());
      io.stdout.write(`wrote ${file}\n`);
      code = EXIT.pass;
    });

  program
    .command('explain')
    .description('explain a rule: what it finds, why, and how to waive it')
    .argument('[rule-id]', 'rule id, e.g. marking.cn-state-secret (leave out to list the rules)')
    .action(async (ruleId: string | undefined) => {
      const text = explainText(ruleId);
      if (text === undefined) {
        err(`unknown rule "${ruleId}". Run prepub explain to list the rules.`);
        code = EXIT.usage;
        return;
      }
      io.stdout.write(text);
      code = EXIT.pass;
    });

  program
    .command('bench')
    .description('scan a labelled corpus (labels.json files) and measure verdict accuracy and speed')
    .argument('<corpus>', 'folder holding labels.json files')
    .option('--json', 'print the measurements as JSON (for tracking and --baseline)', false)
    .option('-o, --output <file>', 'also write the JSON measurements to a file')
    .option('--baseline <file>', 'compare with an earlier --json run')
    .option('--dict <file>', 'add a term list (repeatable)', collect, [])
    .option('--policy <file>', 'policy file')
    .option('-c, --config <file>', 'config file')
    .option('--no-ocr', 'do not OCR pictures and scans')
    .option('-j, --concurrency <n>', 'files scanned at the same time (default 4)', positiveInt)
    .option('-q, --quiet', 'no progress bar', false)
    .option('--by <tags>', 'break results down by label tags, e.g. form,placement', (v: string) => v.split(',').map((t) => t.trim()).filter(Boolean))
    .option('--max-list <n>', 'list at most n misses and n false alarms (counts are always shown)', (v: string) => {
      const n = Number(v);
      if (!Number.isInteger(n) || n < 0) throw new UsageError(`--max-list must be a whole number, got "${v}"`);
      return n;
    })
    .action(async (corpus: string, flags: BenchFlags) => {
      code = await runBench(corpus, flags, io, deps.createScanner ?? (await loadScannerFactory()));
    });

  program.addCommand(workerCommand(io, (c) => (code = c), deps.createScanner));
  program.addCommand(submitCommand(io, (c) => (code = c)));
  program.addCommand(statusCommand(io, (c) => (code = c)));
  program.addCommand(crawlCommand(io, (c) => (code = c), deps.createScanner));

  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (e) {
    if (e instanceof CommanderError) {
      // Help and version are successes; every other parse problem is a usage error.
      return e.exitCode === 0 ? EXIT.pass : EXIT.usage;
    }
    if (e instanceof UsageError) {
      err(`prepub: ${e.message}`);
      return EXIT.usage;
    }
    err(`prepub: internal error: ${(e as Error).stack ?? String(e)}`);
    return EXIT.internal;
  }
  return code;
}

async function runScan(args: string[], flags: ScanFlags, cmd: Command, io: CliIo, deps: MainDeps): Promise<number> {
  const t0 = performance.now();
  const err = (s: string) => io.stderr.write(s + '\n');
  const loaded = await loadConfig(io.cwd, flags.config);
  const cfg = loaded?.config ?? {};
  const fromCli = (name: string) => cmd.getOptionValueSource(name) === 'cli';

  if (args.filter((a) => a === '-').length > 1) throw new UsageError('standard input (-) can be named only once');
  const format: OutputFormat = flags.format ?? (flags.output ? formatFromPath(flags.output) : io.stdout.isTTY ? 'pretty' : 'json');
  const failOn = flags.failOn ?? cfg.failOn ?? 'review';
  const concurrency = flags.concurrency ?? cfg.concurrency ?? availableParallelism();
  const { options, limits } = await buildScannerOptions(io.cwd, loaded, {
    dict: flags.dict,
    policy: flags.policy,
    ocr: fromCli('ocr') ? flags.ocr : undefined,
    mask: fromCli('mask') ? flags.mask : undefined,
  });
  // One reader worker per file scanned at once: --concurrency files really are read in parallel.
  if (options.isolation === undefined) options.isolation = { workers: concurrency };

  const inputs = await collectInputs(args, {
    cwd: io.cwd,
    include: [...(cfg.include ?? []), ...flags.include],
    exclude: [...(cfg.exclude ?? []), ...flags.exclude],
    stdinName: flags.filename,
    useIgnoreFiles: flags.ignoreFiles,
  });
  if (inputs.length === 0) {
    err('prepub: no files to scan (the folders are empty or everything was excluded)');
    return EXIT.usage;
  }

  let factory: ScannerFactory;
  try {
    factory = deps.createScanner ?? (await loadScannerFactory());
  } catch (e) {
    err(`prepub: the scanner could not be loaded: ${(e as Error).message}`);
    return EXIT.internal;
  }
  let scanner;
  try {
    scanner = await factory(options);
  } catch (e) {
    // Construction fails on bad dictionaries or policies: the user's settings, so a usage error.
    err(`prepub: could not start the scanner: ${(e as Error).message}`);
    return EXIT.usage;
  }

  const showProgress = !flags.quiet && io.stderr.isTTY === true && inputs.length >= PROGRESS_MIN_FILES;
  const progress = showProgress ? createProgress(io.stderr, inputs.length) : noProgress;
  let results;
  try {
    results = await scanInputs(scanner, inputs, {
      concurrency,
      maxFileBytes: limits.maxFileBytes,
      readStdin: io.readStdin,
      signal: io.signal,
      onStart: (i) => progress.start(i.display),
      onDone: (done, total) => progress.tick(done, total),
    });
  } finally {
    progress.stop();
    await scanner.close().catch(() => undefined);
  }

  const report = buildReport(results, performance.now() - t0);
  const text = renderReport(report, format, {
    color: !flags.output && wantsColor(io.stdout, io.env),
    quiet: flags.quiet,
    helpUriBase: cfg.helpUriBase,
    cwd: io.cwd,
  });
  if (flags.output) {
    const out = path.resolve(io.cwd, flags.output);
    await mkdir(path.dirname(out), { recursive: true });
    await writeFile(out, text);
    if (!flags.quiet) {
      const s = report.summary;
      err(`prepub: ${s.files} files: ${s.block} block, ${s.review} review, ${s.pass} pass; ${format} report written to ${flags.output}`);
    }
  } else {
    io.stdout.write(text);
  }
  return exitCodeFor(worstVerdict(results), failOn);
}
