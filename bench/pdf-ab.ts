/**
 * Does a switchable part of the pdf.js patch change anything prepub reports? Every input is read
 * twice in one process, once with the part off and once with it on, and both the extractor's own
 * result (parts with their blocks, unread items, losses, info, embedded files, the images handed to
 * OCR with a hash of their PNG bytes) and the scanner's (verdict, reasons, findings with their
 * locations, coverage with its unread items) are compared as JSON, timings left out.
 *
 *   pnpm tsx bench/pdf-ab.ts [--part textOnlyFonts|syncInflate|loopbackChunks|stableStates|sharedMaps|type1Sizes|all] [--mutants 60] [--extra <dir>] [--every 4] [--max-kb 300]
 *
 * Inputs: samples/pdf (the user-password sample with its password too), the PDF seeds of the fuzz
 * harness (corpus samples and generated documents), bench/fuzz/repro, `--mutants` inputs made by the
 * fuzz harness's mutation classes from those seeds (fixed seeds, so the same inputs every run), the
 * PDFs the tests write byte by byte (test/raw-pdf.ts builders are not run here; their committed
 * fixtures under tests/fixtures are), and optionally every `--every`-th PDF under `--extra` no
 * larger than `--max-kb` (e.g. a copy of pdf.js's test corpus, which has TrueType, CFF, OpenType,
 * Type3 and damaged fonts). Prints the count of inputs and of differences, and each difference.
 * The scanner reads in the calling thread (`isolation: false`), where the switch applies.
 */
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { DEFAULT_LIMITS } from '@prepub/core';
import { pdfExtractor } from '@prepub/extract-pdf';
import { createScanner } from '@prepub/scanner';
import { Rng } from './fuzz/bytes.ts';
import { MUTATIONS } from './fuzz/mutations.ts';
import { loadSeeds } from './fuzz/seeds.ts';
import { filesUnder } from './cli-args.ts';

const args = process.argv.slice(2);
const opt = (name: string, fallback: string): string => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1] : fallback;
};
const part = opt('part', 'all');
const mutants = Number(opt('mutants', '60'));
const extra = opt('extra', '');
const every = Number(opt('every', '4'));
const maxBytes = Number(opt('max-kb', '300')) * 1024;
const ROOT = resolve(import.meta.dirname, '..');

interface Input {
  id: string;
  bytes: Uint8Array;
  password?: string;
}
const inputs: Input[] = [];
const isPdf = (b: Uint8Array): boolean => Buffer.from(b.subarray(0, 1024)).includes('%PDF-');

const walk = (dir: string): string[] => filesUnder(dir).filter((p) => /\.pdf$/i.test(p)).sort();
const file = (p: string, base = ROOT): Input => ({ id: relative(base, p), bytes: new Uint8Array(readFileSync(p)) });

for (const p of walk(join(ROOT, 'samples/pdf'))) inputs.push(file(p));
inputs.push({ ...file(join(ROOT, 'samples/pdf/user-password.pdf')), id: 'samples/pdf/user-password.pdf (with password)', password: 'user-2024' });
for (const p of walk(join(ROOT, 'bench/fuzz/repro'))) inputs.push(file(p));
for (const p of walk(join(ROOT, 'tests/fixtures'))) inputs.push(file(p));
const seeds = loadSeeds({ ocr: false }).filter((s) => s.kind === 'pdf');
for (const s of seeds) if (!inputs.some((i) => Buffer.compare(i.bytes, s.bytes) === 0)) inputs.push({ id: `seed ${s.id}`, bytes: s.bytes });
const classes = MUTATIONS.filter((m) => m.kinds.includes('pdf'));
const rng = new Rng(20261201);
for (let n = 0, tries = 0; n < mutants && tries < mutants * 20 && seeds.length > 0 && classes.length > 0; tries++) {
  const seed = seeds[rng.int(0, seeds.length)];
  const m = classes[rng.int(0, classes.length)];
  const mutationSeed = rng.int(0, 2 ** 31);
  const mutated = m.apply(seed, new Rng(mutationSeed));
  if (!mutated) continue;
  inputs.push({ id: `mutant ${m.name} of ${seed.id} (${mutationSeed})`, bytes: mutated.bytes });
  n++;
}
if (extra) {
  const all = walk(extra).filter((p) => statSync(p).size <= maxBytes);
  for (let i = 0; i < all.length; i += every) {
    const input = file(all[i], extra);
    if (isPdf(input.bytes)) inputs.push(input);
  }
}

type Worker = { setNodeSpeedups?: (on: boolean, part?: string) => void };
const parts = part === 'all' ? ['textOnlyFonts', 'syncInflate', 'loopbackChunks', 'stableStates', 'sharedMaps', 'type1Sizes'] : [part];
const setParts = (on: boolean): void => {
  const w = (globalThis as { pdfjsWorker?: Worker }).pdfjsWorker;
  if (typeof w?.setNodeSpeedups !== 'function') throw new Error('pdf.js is not the patched build');
  for (const p of parts) w.setNodeSpeedups(on, p);
};

const TIMING = /^(durationMs|ms|elapsedMs|cpuMs|wallMs)$/;
/** JSON with timings left out and binary data replaced by its hash. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (key, v) => {
    if (TIMING.test(key)) return undefined;
    if (v instanceof Uint8Array) return `sha256:${createHash('sha256').update(v).digest('hex')} (${v.length} bytes)`;
    if (v && typeof v === 'object' && (v as { type?: unknown }).type === 'Buffer' && Array.isArray((v as { data?: unknown }).data)) {
      return `sha256:${createHash('sha256').update(Buffer.from((v as { data: number[] }).data)).digest('hex')}`;
    }
    return v;
  });
}

const scanner = await createScanner({ ocr: false, isolation: false });
// Load pdf.js (the extractor installs its worker module on the main thread) before the switches are used.
await pdfExtractor.extract(inputs[0].bytes, { limits: DEFAULT_LIMITS });

async function read(input: Input): Promise<{ extraction: string; scan: string }> {
  let extraction: string;
  try {
    extraction = canonical(await pdfExtractor.extract(input.bytes.slice(), { limits: DEFAULT_LIMITS, password: input.password }));
  } catch (err) {
    extraction = `threw ${String(err)}`;
  }
  const scan = canonical(await scanner.scan(input.bytes.slice(), { filename: input.id.split('/').pop(), password: input.password }));
  return { extraction, scan };
}

let same = 0;
const differ: string[] = [];
// pdf.js leaves some internal promises unobserved (a damaged xref entry met while a font loads):
// they are counted per side, since a difference there is a difference in what pdf.js did.
let current = '';
const unhandled = new Map<string, number>();
process.on('unhandledRejection', (reason) => {
  const key = `${current}: ${String(reason).slice(0, 120)}`;
  unhandled.set(key, (unhandled.get(key) ?? 0) + 1);
});
const counts = { unread: 0, findings: 0, losses: 0 };
console.log(`${inputs.length} inputs; part(s) switched: ${parts.join(', ')}`);
for (const [k, input] of inputs.entries()) {
  if (k % 25 === 0) console.error(`${k} of ${inputs.length} …`);
  setParts(false);
  current = `${input.id} [off]`;
  const before = await read(input);
  setParts(true);
  current = `${input.id} [on]`;
  const after = await read(input);
  if (before.extraction === after.extraction && before.scan === after.scan) {
    same++;
    const s = JSON.parse(after.scan) as { findings: unknown[]; coverage: { unread?: unknown[] } };
    counts.findings += s.findings.length;
    counts.unread += s.coverage.unread?.length ?? 0;
    if (!after.extraction.startsWith('threw')) counts.losses += (JSON.parse(after.extraction) as { loss?: unknown[] }).loss?.length ?? 0;
  } else {
    differ.push(input.id);
    console.log(`DIFFERENT: ${input.id} (${before.extraction === after.extraction ? 'scan' : 'extraction'})`);
    const [a, b] = before.extraction === after.extraction ? [before.scan, after.scan] : [before.extraction, after.extraction];
    let i = 0;
    while (i < a.length && a[i] === b[i]) i++;
    console.log(`  off: …${a.slice(Math.max(0, i - 120), i + 200)}`);
    console.log(`  on:  …${b.slice(Math.max(0, i - 120), i + 200)}`);
  }
}
await scanner.close();
for (const [k, n] of unhandled) console.log(`unhandled rejection ×${n}: ${k}`);
console.log(`identical: ${same} of ${inputs.length} (${counts.findings} findings, ${counts.unread} unread items, ${counts.losses} losses on the identical side); different: ${differ.length}`);
process.exitCode = differ.length > 0 ? 1 : 0;
