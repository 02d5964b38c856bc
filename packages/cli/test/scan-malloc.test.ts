/**
 * `prepub scan` is a batch: it asks the scanner's reading pool to let glibc's arenas keep some free
 * memory (fewer page faults for a little resident memory); the scanner's own default is untouched.
 */
import { describe, expect, it } from 'vitest';
import { createScanner } from '@prepub/scanner';
import { main } from '../src/main.ts';
import type { CliIo } from '../src/io.ts';
import { SCAN_MALLOC_KEEP_FREE_MB } from '../src/worker-plan.ts';
import { tempTree } from './support.ts';

type Options = Parameters<typeof createScanner>[0];

describe('prepub scan and malloc', () => {
  it('asks the reading pool to keep free memory in its arenas, beside the workers it plans', async () => {
    const dir = tempTree({ 'a.txt': '关于召开全市重点项目推进会的通知\n', 'b.txt': '各有关单位：请按时参加。\n', 'c.txt': '江临市发展和改革委员会办公室\n' });
    const seen: Options[] = [];
    let out = '';
    const io: CliIo = {
      stdout: { write: (s: string) => (out += s), isTTY: false, columns: 100 },
      stderr: { write: () => true, isTTY: false, columns: 100 },
      readStdin: async () => new Uint8Array(),
      env: {},
      cwd: dir,
    } as CliIo;
    const code = await main(['scan', '--no-ocr', '-j', '2', '--format', 'json', '.'], io, {
      createScanner: async (options: Options) => {
        seen.push(options);
        return createScanner(options);
      },
    });
    expect(code, out).toBe(0);
    expect(JSON.parse(out).results).toHaveLength(3);
    expect(seen).toHaveLength(1);
    expect(seen[0]?.isolation).toMatchObject({ workers: 2, eager: true, mallocKeepFreeMb: SCAN_MALLOC_KEEP_FREE_MB });
    expect(SCAN_MALLOC_KEEP_FREE_MB).toBe(8);
  });
});
