/**
 * A one-line progress bar on stderr: files done/total, the current file, rate and ETA. Drawn only
 * on a terminal; redrawn at most every 100 ms so it costs nothing next to scanning.
 */
import type { CliStream } from './io.ts';

/** A progress display; {@link noProgress} does nothing. */
export interface Progress {
  start(current: string): void;
  tick(done: number, total: number): void;
  stop(): void;
}

/** A progress display that shows nothing. */
export const noProgress: Progress = { start() {}, tick() {}, stop() {} };

/** Formats seconds as `1:05` or `12s`. */
function eta(sec: number): string {
  if (!Number.isFinite(sec)) return '?';
  const s = Math.round(sec);
  return s < 60 ? `${s}s` : `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

/** A progress bar writing to `stream` (a TTY). */
export function createProgress(stream: CliStream, total: number, now: () => number = () => performance.now()): Progress {
  const t0 = now();
  let done = 0;
  let current = '';
  let last = 0;
  let drawn = false;
  const draw = (force = false) => {
    const t = now();
    if (!force && t - last < 100) return;
    last = t;
    const width = Math.max(40, stream.columns ?? 80);
    const secs = (t - t0) / 1000;
    const rate = secs > 0 ? done / secs : 0;
    const left = rate > 0 ? (total - done) / rate : Infinity;
    const barW = 20;
    const filled = Math.round((done / Math.max(1, total)) * barW);
    const head = `[${'#'.repeat(filled)}${'-'.repeat(barW - filled)}] ${done}/${total} ${rate.toFixed(1)} files/s ETA ${eta(left)} `;
    const room = width - head.length - 1;
    const cur = room > 5 ? (current.length > room ? '…' + current.slice(current.length - room + 1) : current) : '';
    stream.write(`\r${head}${cur}\x1b[K`);
    drawn = true;
  };
  return {
    start(c) {
      current = c;
      draw();
    },
    tick(d) {
      done = d;
      draw(d === total);
    },
    stop() {
      if (drawn) stream.write('\r\x1b[K');
    },
  };
}
