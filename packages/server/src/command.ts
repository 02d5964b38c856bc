import { parseArgs } from 'node:util';
import type { Verdict } from '@prepub/core';
import { startServer } from './server.ts';

const USAGE = `usage: prepub serve [--port 8731] [--host 127.0.0.1] [--audit-db FILE | --audit-pg URL | --no-audit]
                    [--concurrency N] [--queue N] [--max-body-mb N] [--timeout-ms N] [--quarantine DIR]
                    [--no-ocr] [--dictionary PATH]... [--policy FILE]
tokens: PREPUB_TOKENS=name:secret,name2:secret2 (required)`;

/**
 * The `prepub serve` command: parses `argv` (the words after `serve`), starts the service and keeps
 * it running until SIGINT/SIGTERM (or `io.signal`). Resolves with the exit code once stopped:
 * 0 stopped, 1 could not start, 2 usage error.
 */
export async function serveCommand(
  argv: string[],
  io: { out: (t: string) => void; err: (t: string) => void; signal?: AbortSignal } = { out: (t) => process.stdout.write(t), err: (t) => process.stderr.write(t) },
): Promise<number> {
  let v;
  try {
    v = parseArgs({
      args: argv,
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        'audit-db': { type: 'string' },
        'audit-pg': { type: 'string' },
        'no-audit': { type: 'boolean' },
        concurrency: { type: 'string' },
        queue: { type: 'string' },
        'max-body-mb': { type: 'string' },
        'timeout-ms': { type: 'string' },
        quarantine: { type: 'string' },
        'quarantine-verdicts': { type: 'string' },
        'no-ocr': { type: 'boolean' },
        dictionary: { type: 'string', multiple: true },
        policy: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }).values;
  } catch (e) {
    io.err(`${(e as Error).message}\n${USAGE}\n`);
    return 2;
  }
  if (v.help) {
    io.out(`${USAGE}\n`);
    return 0;
  }
  const int = (name: string, text: string | undefined) => {
    if (text === undefined) return undefined;
    const n = Number(text);
    if (!Number.isFinite(n) || n < 0) throw new Error(`--${name} must be a number`);
    return n;
  };
  let handle;
  try {
    handle = await startServer({
      port: int('port', v.port) ?? 8731,
      host: v.host ?? '127.0.0.1',
      audit: v['no-audit'] ? false : v['audit-pg'] ? { postgres: v['audit-pg'] } : v['audit-db'] ? { sqlite: v['audit-db'] } : undefined,
      concurrency: int('concurrency', v.concurrency),
      queueSize: int('queue', v.queue),
      maxBodyBytes: v['max-body-mb'] ? int('max-body-mb', v['max-body-mb'])! * 1024 * 1024 : undefined,
      scanTimeoutMs: int('timeout-ms', v['timeout-ms']),
      quarantine: v.quarantine ? { dir: v.quarantine, verdicts: v['quarantine-verdicts']?.split(',') as Verdict[] | undefined } : undefined,
      scannerOptions: { ocr: !v['no-ocr'], dictionaries: v.dictionary, policy: v.policy },
      logger: { level: 'info' },
    });
  } catch (e) {
    io.err(`prepub serve: ${(e as Error).message}\n`);
    return 1;
  }
  io.out(`prepub review service listening on ${handle.url}\n`);
  await new Promise<void>((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    if (io.signal?.aborted) stop();
    io.signal?.addEventListener('abort', stop, { once: true });
  });
  await handle.app.close();
  return 0;
}
