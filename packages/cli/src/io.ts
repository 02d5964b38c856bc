/**
 * What the CLI talks to. `main()` takes one of these so it can run in-process (tests, embedding)
 * as well as from `bin.ts` with the real process streams.
 */

/** A text sink such as process.stdout. */
export interface CliStream {
  write(chunk: string): unknown;
  /** True when the stream is a terminal: enables colour (stdout) and the progress bar (stderr). */
  isTTY?: boolean;
  /** Terminal width in characters, when known. */
  columns?: number;
}

/** Everything the CLI reads from or writes to besides files named on the command line. */
export interface CliIo {
  stdout: CliStream;
  stderr: CliStream;
  /** Reads all of standard input (for the `-` input). */
  readStdin(): Promise<Uint8Array>;
  env: Record<string, string | undefined>;
  /** Folder relative paths are resolved against. */
  cwd: string;
  /** Aborts scans in flight (Ctrl-C). */
  signal?: AbortSignal;
}

/** The process's own streams and environment. */
export function processIo(signal?: AbortSignal): CliIo {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    readStdin: async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
      return new Uint8Array(Buffer.concat(chunks));
    },
    env: process.env,
    cwd: process.cwd(),
    signal,
  };
}

/** Whether colour is wanted on a stream: a TTY and no NO_COLOR, or FORCE_COLOR set. */
export function wantsColor(stream: CliStream, env: CliIo['env']): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== '') return true;
  return stream.isTTY === true && env.TERM !== 'dumb';
}
