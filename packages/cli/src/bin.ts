#!/usr/bin/env node
/** Entry point of the `prepub` command: runs {@link main} with the process's streams. */
// Only the signal handler is set up before anything else loads: a Ctrl-C while prepub is still
// starting must be answered the same way (a report of aborted files), not by the default death.
/** Exit code of an interrupted run (the same as EXIT.interrupted). */
const INTERRUPTED = 130;

/**
 * Several SIGINTs arrive for one Ctrl-C when prepub runs under a launcher (`pnpm prepub`, `tsx`,
 * `npx`): the terminal signals the whole process group and each launcher passes the signal on to
 * its child as well. Those echoes come within this many ms and count as the same Ctrl-C.
 */
const SAME_CTRL_C_MS = 1000;

const controller = new AbortController();
let interruptedAt = 0;
/** The line a Ctrl-C prints: English until the catalogue and the run's language are loaded. */
let interruptText = (): string => 'prepub: interrupted, stopping…';
process.on('SIGINT', () => {
  // First Ctrl-C stops scans cleanly (files in flight become unread) and the partial report is
  // written; a second, deliberate one exits at once.
  if (interruptedAt) {
    if (Date.now() - interruptedAt > SAME_CTRL_C_MS) process.exit(INTERRUPTED);
    return;
  }
  interruptedAt = Date.now();
  process.stderr.write(`\n${interruptText()}\n`);
  controller.abort();
});
// A launcher that is itself interrupted may close its end of our streams; the report then has
// nowhere to go, which must not turn into a crash before the exit code is set.
process.stdout.on('error', () => undefined);
// The report may be written to stdout: what a reader library prints there (libheif's decode errors,
// a parser's warnings) goes to stderr instead, never into the report.
console.log = console.info = console.debug = (...args: unknown[]): void => console.error(...args);

// `prepub scan` reads its files in worker threads. Starting a thread takes a few hundred ms
// (Node's own modules, then the readers'), so the workers the scan will most likely want (one for
// a file, one per core for a folder) start now, while the rest of prepub loads; the scanner takes
// them over. A scan that wants other workers stops them unused.
const argv = process.argv.slice(2);
const plan = argv[0] === 'scan' && !argv.includes('--help') && !argv.includes('-h') ? await guessWorkers(argv.slice(1)) : undefined;
const workers = plan ? await import('@prepub/scanner/prestart').catch(() => undefined) : undefined;
if (plan) workers?.prestartExtractionWorkers(plan);

async function guessWorkers(args: string[]) {
  const [{ guessScanWorkers }, { availableParallelism }] = await Promise.all([import('./worker-plan.ts'), import('node:os')]);
  return guessScanWorkers(args, availableParallelism());
}

const { main } = await import('./main.ts');
const [{ t }, { currentLang }] = await Promise.all([import('@prepub/core'), import('./lang.ts')]);
interruptText = () => `prepub: ${t(currentLang(), 'cli.interrupted')}`;
const { processIo } = await import('./io.ts');
const code = await main(argv, processIo(controller.signal));
await workers?.discardPrestartedWorkers();
process.exitCode = interruptedAt ? INTERRUPTED : code;
// Everything is written and the scanner closed. Should a worker's message port or an unfinished
// standard input still hold the event loop open, leave anyway: an unref'd timer fires only if
// something else keeps us alive.
setTimeout(() => process.exit(process.exitCode ?? code), 1500).unref();
