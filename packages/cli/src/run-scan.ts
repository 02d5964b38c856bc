/**
 * Scans inputs with one scanner (so reader and OCR workers are shared), a bounded number at a time,
 * and returns reports in input order. One file's failure never stops the others: it becomes an error
 * result with verdict `review`; a file that kills its reader's worker thread (memory, deadline,
 * crash) comes back from the scanner as unread, and the pool goes on with the rest.
 */
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { open } from 'node:fs/promises';
import type { Scanner } from './scanner-types.ts';
import type { Input } from './files.ts';
import { errorFileReport, fileReportFromScan, type FileReport } from '@prepub/report';

/** Options for {@link scanInputs}. */
export interface RunOptions {
  /** Files the scanner works on at the same time (one per reader worker). */
  concurrency: number;
  /**
   * Files read ahead and handed to the scanner beyond `concurrency`, to wait there for a worker
   * (default: as many as `concurrency`): a worker that finishes a file starts the next at once
   * instead of waiting for this thread to read it. Only files up to `readAheadMaxBytes` are read
   * ahead, so what waits in memory stays small. Nothing is read ahead in a run that reads standard
   * input.
   */
  readAhead?: number;
  /** Largest file read ahead (default {@link READ_AHEAD_MAX_BYTES}). */
  readAheadMaxBytes?: number;
  /** Files larger than this are reported unread (reason `limit`) without being read into memory. */
  maxFileBytes: number;
  readStdin: () => Promise<Uint8Array>;
  signal?: AbortSignal;
  /** Called after each file, in completion order. */
  onDone?: (done: number, total: number, report: FileReport, bytes: number, index: number) => void;
  /** Called when a file starts. */
  onStart?: (input: Input) => void;
}

/**
 * Regular files up to this size are read with synchronous calls on this thread: four promise round
 * trips (stat, open, read, close) cost this thread ~0.6 ms a file in `prepub scan`, more than the
 * read itself, and the reader workers wait for this thread between files. A file this small is read
 * from the page cache or a local disk in well under a millisecond. Pipes and devices (`<(…)`,
 * /dev/stdin) are always read asynchronously: they may make a reader wait for ever.
 */
export const SYNC_READ_MAX_BYTES = 1024 * 1024;

/**
 * The whole file at `path`, read into one buffer of `size` (what stat said) bytes unless the file
 * grew or shrank meanwhile. `regular`: what stat said of it (see {@link SYNC_READ_MAX_BYTES}).
 */
export async function readWhole(path: string, size: number, regular = false): Promise<Uint8Array> {
  if (regular && size <= SYNC_READ_MAX_BYTES) {
    const fd = openSync(path, 'r');
    try {
      return await readInto((buf, offset, length) => readSync(fd, buf, offset, length, null), size);
    } finally {
      closeSync(fd);
    }
  }
  const fh = await open(path, 'r');
  try {
    return await readInto(async (buf, offset, length) => (await fh.read(buf, offset, length, null)).bytesRead, size);
  } finally {
    await fh.close();
  }
}

/** Reads a file to its end with `read` (bytes read, 0 at the end), into a buffer of `size` first. */
async function readInto(read: (buf: Uint8Array, offset: number, length: number) => number | Promise<number>, size: number): Promise<Uint8Array> {
  // Read into one buffer of the size stat gave, so the scanner can hand it to a worker without a
  // copy. Only a file that grew meanwhile is read on into a larger buffer: growing on every file
  // (then cutting back to size) cost two copies into fresh pages a file, a tenth of a text scan.
  let buf = new Uint8Array(new ArrayBuffer(Math.max(1, size)));
  let total = 0;
  const fill = async (): Promise<void> => {
    while (total < buf.length) {
      const bytesRead = await read(buf, total, buf.length - total);
      if (bytesRead === 0) return;
      total += bytesRead;
    }
  };
  await fill();
  if (total < buf.length) return buf.slice(0, total);
  // Full: whether the file goes on is asked with a small read of its own.
  const probe = new Uint8Array(4096);
  for (;;) {
    const bytesRead = await read(probe, 0, probe.length);
    // The buffer is full here (a shorter read returned below).
    if (bytesRead === 0) return buf;
    if (total + bytesRead > buf.length) {
      const bigger = new Uint8Array(new ArrayBuffer(Math.max(buf.length * 2, total + bytesRead)));
      bigger.set(buf.subarray(0, total));
      buf = bigger;
    }
    buf.set(probe.subarray(0, bytesRead), total);
    total += bytesRead;
    await fill();
    if (total < buf.length) return buf.slice(0, total);
  }
}

/** `p`, or a rejection as soon as `signal` aborts (standard input may never end). */
function untilAborted<T>(p: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return p;
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new Error('aborted'));
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    p.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/** Largest file read ahead of a free worker (see {@link RunOptions.readAhead}). */
export const READ_AHEAD_MAX_BYTES = 8 * 1024 * 1024;

/**
 * Admits files of a known size to the scanner: `concurrency` of any size, and beyond that up to
 * `readAhead` more that are small. Files are admitted in the order they asked: a large file waits
 * until fewer than `concurrency` are in the scanner, and while it waits no file behind it goes ahead.
 */
export class Admission {
  private inside = 0;
  private readonly waiting: Array<{ small: boolean; admit: () => void }> = [];
  constructor(
    private readonly concurrency: number,
    private readonly readAhead: number,
    private readonly maxBytes = READ_AHEAD_MAX_BYTES,
  ) {}

  /**
   * Resolves when a file of `size` bytes may be read and scanned (call {@link leave} when it is
   * done); rejects with `signal`'s reason, leaving the line, if the scan is interrupted first: a
   * file still waiting after a Ctrl-C is never read.
   */
  enter(size: number, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    const small = size <= this.maxBytes;
    if (this.waiting.length === 0 && this.fits(small)) {
      this.inside++;
      return Promise.resolve();
    }
    return new Promise<void>((resolve, reject) => {
      const onAbort = () => {
        this.waiting.splice(this.waiting.indexOf(me), 1);
        reject(signal!.reason);
        // The head may have been this one: what waited behind it may fit now.
        this.admit();
      };
      const me = {
        small,
        admit: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiting.push(me);
    });
  }

  leave(): void {
    this.inside--;
    this.admit();
  }

  /** A large file only among the first `concurrency`; a small one also in a read-ahead place. */
  private fits(small: boolean): boolean {
    return this.inside < this.concurrency || (small && this.inside < this.concurrency + this.readAhead);
  }

  /**
   * Admits waiting files from the head of the line while they fit. Every place freed is refilled,
   * read-ahead ones too: after a large file that waited, the small ones behind it fill the
   * read-ahead places again instead of going in one for one.
   */
  private admit(): void {
    while (this.waiting.length && this.fits(this.waiting[0].small)) {
      this.inside++;
      this.waiting.shift()!.admit();
    }
  }
}

/** Scans one input; never throws. */
export async function scanOne(scanner: Scanner, input: Input, opts: RunOptions, admission?: Admission): Promise<{ report: FileReport; bytes: number }> {
  const t0 = performance.now();
  const elapsed = () => Math.round(performance.now() - t0);
  if (input.kind === 'missing') {
    return { report: errorFileReport(input.display, input.code, input.message), bytes: 0 };
  }
  let bytes: Uint8Array;
  let admitted: Admission | undefined;
  try {
    if (input.kind === 'stdin') {
      bytes = await untilAborted(opts.readStdin(), opts.signal);
    } else {
      // Synchronous: a metadata call costs this thread less than a promise round trip.
      const st = statSync(input.path);
      if (st.size > opts.maxFileBytes) {
        const msg = `the file is ${st.size} bytes, over the limit of ${opts.maxFileBytes} bytes (limits.maxFileBytes)`;
        return { report: errorFileReport(input.display, 'LIMIT', msg, 'limit', st.size, elapsed()), bytes: 0 };
      }
      await admission?.enter(st.size, opts.signal);
      admitted = admission;
      // Interrupted between admission and here: the file is not read.
      if (opts.signal?.aborted) throw opts.signal.reason;
      bytes = await readWhole(input.path, st.size, st.isFile());
    }
  } catch (e) {
    admitted?.leave();
    if (opts.signal?.aborted) return { report: errorFileReport(input.display, 'ABORTED', 'the scan was interrupted while this file was being read', 'aborted', 0, elapsed()), bytes: 0 };
    const err = e as NodeJS.ErrnoException;
    return { report: errorFileReport(input.display, err.code ?? 'READ', `cannot read ${input.display}: ${err.message}`), bytes: 0 };
  }
  const size = bytes.length;
  try {
    // The bytes are not used after the scan: the reader's worker thread takes them without a copy.
    const result = await scanner.scan(bytes, { filename: input.display, signal: opts.signal, transfer: true });
    return { report: fileReportFromScan(input.display, result), bytes: size };
  } catch (e) {
    // The scanner promises not to throw on a user's file; if it does anyway the file stays unread.
    const aborted = opts.signal?.aborted === true;
    const msg = aborted ? 'the scan was interrupted' : `the scanner failed on this file: ${(e as Error).message}`;
    return { report: errorFileReport(input.display, aborted ? 'ABORTED' : 'SCANNER', msg, aborted ? 'aborted' : 'error', size, elapsed()), bytes: size };
  } finally {
    admitted?.leave();
  }
}

/**
 * Scans every input, `concurrency` at a time (plus small files read ahead, see
 * {@link RunOptions.readAhead}), and returns reports in input order.
 */
export async function scanInputs(scanner: Scanner, inputs: Input[], opts: RunOptions): Promise<FileReport[]> {
  const reports = new Array<FileReport>(inputs.length);
  const concurrency = Math.max(1, opts.concurrency);
  // Standard input may never end: the files after it wait for it, as they would one by one.
  const readAhead = inputs.some((i) => i.kind === 'stdin') ? 0 : Math.max(0, opts.readAhead ?? concurrency);
  const admission = new Admission(concurrency, readAhead, opts.readAheadMaxBytes);
  let next = 0;
  let done = 0;
  const worker = async () => {
    for (;;) {
      const i = next++;
      if (i >= inputs.length) return;
      const input = inputs[i];
      if (opts.signal?.aborted) {
        // Interrupted: files not begun are reported aborted (never pass) without being read.
        reports[i] = errorFileReport(input.display, 'ABORTED', 'the scan was interrupted before this file was read', 'aborted');
        done++;
        continue;
      }
      opts.onStart?.(input);
      const { report, bytes } = await scanOne(scanner, input, opts, admission);
      reports[i] = report;
      done++;
      opts.onDone?.(done, inputs.length, report, bytes, i);
    }
  };
  const n = Math.max(1, Math.min(concurrency + readAhead, inputs.length));
  await Promise.all(Array.from({ length: n }, worker));
  return reports;
}
