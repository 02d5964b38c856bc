/**
 * What the V8 helper threads do round after round: the scale bench's corpus (text-layer PDFs and
 * DOCX files of samples/, 40 generated realistic texts) scanned again and again by one scanner, CPU
 * ms per file of the calling thread, the reading workers and the helper threads that existed before
 * the scanner (V8's compiler and GC threads, libuv's pool), printed per round. Run under
 * `--trace-opt --trace-deopt` to see what is still compiled after warm-up, round by round:
 *
 *   node --trace-opt --trace-deopt --import tsx bench/compile-rounds.ts [--rounds 12] [--workers 1] [--only pdf|docx|text] > trace.log
 *   awk '/^round/{print n; n=0} /^\[compiling method/{n++}' trace.log      # optimising compiles per round
 *
 * A steady state that keeps compiling (a flat count) means code is being thrown away: deoptimised,
 * or dropped at a full GC (see bench/RESULTS.md, "Every core: what the compiler threads compile").
 */
import { readFileSync, readdirSync } from 'node:fs';
import { createScanner } from '@prepub/scanner';
import { scaleCorpus } from './scale-corpus.ts';

const arg = (name: string, dflt: string): string => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : dflt;
};
const rounds = Number(arg('--rounds', '12'));
const workers = Number(arg('--workers', '1'));
const only = arg('--only', '');

// The scale bench's corpus.
const files = scaleCorpus().filter((f) => !only || f.name.startsWith(only));

/** CPU ms of a thread of this process (Linux; 0 when it has ended). */
function cpuMs(tid: string): number {
  try {
    const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'latin1');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) * 10;
  } catch {
    return 0;
  }
}
const tids = (): string[] => readdirSync('/proc/self/task');
const before = new Set(tids());
const scanner = await createScanner({ ocr: false, isolation: { workers } });
console.log(`${files.length} files × ${rounds} rounds, ${workers} reading worker(s); CPU ms per file`);
for (let round = 0; round < rounds; round++) {
  const c0 = new Map(tids().map((t) => [t, cpuMs(t)]));
  let next = 0;
  await Promise.all(
    Array.from({ length: workers * 2 }, async () => {
      for (let i = next++; i < files.length; i = next++) await scanner.scan(files[i].bytes, { filename: files[i].name });
    }),
  );
  let caller = 0;
  let reading = 0;
  let helpers = 0;
  for (const t of tids()) {
    const ms = (cpuMs(t) - (c0.get(t) ?? 0)) / files.length;
    if (t === String(process.pid)) caller += ms;
    else if (before.has(t)) helpers += ms;
    else reading += ms;
  }
  console.log(`round ${round}: calling thread ${caller.toFixed(2)}, reading workers ${reading.toFixed(2)}, helper threads ${helpers.toFixed(2)}`);
}
await scanner.close();
