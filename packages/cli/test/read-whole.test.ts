/**
 * The CLI reads each file into one buffer of the size stat gave (the common case makes no copy:
 * bench/cli.bench.ts measures that); a file that grew or shrank between stat and read is still
 * read whole, byte for byte.
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { readWhole, SYNC_READ_MAX_BYTES } from '../src/run-scan.ts';

const dir = mkdtempSync(join(tmpdir(), 'prepub-read-whole-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('readWhole', () => {
  it('returns the bytes of the file whatever size stat gave (property)', async () => {
    await fc.assert(
      // Read synchronously (a regular file) or not: the same bytes.
      fc.asyncProperty(fc.uint8Array({ maxLength: 20_000 }), fc.integer({ min: 0, max: 25_000 }), fc.boolean(), async (bytes, statSize, regular) => {
        const file = join(dir, 'f.bin');
        writeFileSync(file, bytes);
        const read = await readWhole(file, statSize, regular);
        expect(Buffer.from(read).equals(Buffer.from(bytes))).toBe(true);
      }),
      { numRuns: 150 },
    );
  });

  it('reads a file over the synchronous size the same way', async () => {
    const bytes = new Uint8Array(SYNC_READ_MAX_BYTES + 5000).map((_, i) => (i * 7) & 0xff);
    const file = join(dir, 'large.bin');
    writeFileSync(file, bytes);
    expect(Buffer.from(await readWhole(file, statSync(file).size, true)).equals(Buffer.from(bytes))).toBe(true);
  });

  it.runIf(process.platform !== 'win32')('never holds this thread on a pipe whose writer is slow (process substitution, a FIFO)', async () => {
    const fifo = join(dir, 'pipe');
    execFileSync('mkfifo', [fifo]);
    const st = statSync(fifo);
    expect(st.isFile()).toBe(false);
    // Another process opens the pipe and writes only after 300 ms; a synchronous read would hold
    // this thread (and every timer on it) until then.
    let ticks = 0;
    const ticker = setInterval(() => ticks++, 20);
    const child = spawn('sh', ['-c', `sleep 0.3; printf '%s' "$0" > "$1"`, '机密★5年\n关于检查的通知\n', fifo], { stdio: 'ignore' });
    const writer = new Promise((r) => child.on('exit', r));
    try {
      const read = await readWhole(fifo, st.size, st.isFile());
      await writer;
      expect(new TextDecoder().decode(read)).toBe('机密★5年\n关于检查的通知\n');
      expect(ticks).toBeGreaterThanOrEqual(5);
    } finally {
      clearInterval(ticker);
    }
  });
});
