import { t, type Lang } from '@prepub/core';
import { startServer } from './server.ts';
import type { StartOptions } from './options.ts';

/** Output and stop signal for {@link runService}. */
export interface ServiceIo {
  out: (t: string) => void;
  err: (t: string) => void;
  /** Stops the service like SIGINT/SIGTERM. */
  signal?: AbortSignal;
  /** Language of the start and stop lines (default English). */
  lang?: Lang;
}

/**
 * Runs the service until SIGINT/SIGTERM (or `io.signal`), then closes it. Rejects when it cannot
 * start (no tokens, port in use, audit trail unreachable). The `prepub serve` command (in the CLI)
 * parses its arguments into `options` and calls this.
 */
export async function runService(options: StartOptions, io: ServiceIo): Promise<void> {
  const handle = await startServer(options);
  const lang = io.lang ?? 'en';
  io.out(`${t(lang, 'serve.listening', { url: handle.url })}\n`);
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
  io.out(`${t(lang, 'serve.stopping')}\n`);
  await handle.app.close();
  io.out(`${t(lang, 'serve.stopped')}\n`);
}
