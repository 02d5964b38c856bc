#!/usr/bin/env node
/** Entry point of the `prepub` command: runs {@link main} with the process's streams. */
import { main } from './main.ts';
import { processIo } from './io.ts';

const controller = new AbortController();
let interrupted = false;
process.on('SIGINT', () => {
  // First Ctrl-C stops scans cleanly (files in flight become unread); a second one exits at once.
  if (interrupted) process.exit(130);
  interrupted = true;
  process.stderr.write('\nprepub: interrupted, stopping…\n');
  controller.abort();
});

const code = await main(process.argv.slice(2), processIo(controller.signal));
process.exitCode = interrupted ? 130 : code;
// Everything is written and the scanner closed. Should a worker's message port still hold the
// event loop open, leave anyway: an unref'd timer fires only if something else keeps us alive.
setTimeout(() => process.exit(process.exitCode ?? code), 1500).unref();
