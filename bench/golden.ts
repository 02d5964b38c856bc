/**
 * Findings golden: scans the generated bench corpora (ordinary, dense, realistic, findings) and the
 * files of the given folders (samples/, a generated variants corpus) in-process, OCR off, and writes
 * every result (verdict, findings with rule, severity, score, offsets, explanation, fingerprint,
 * suppressed ones, coverage) one line per file, so that a speed change can be shown to leave every
 * finding identical:
 *
 *   pnpm tsx bench/golden.ts --out /tmp/before.jsonl samples /tmp/pv   # before the change
 *   pnpm tsx bench/golden.ts --out /tmp/after.jsonl samples /tmp/pv    # after
 *   cmp /tmp/before.jsonl /tmp/after.jsonl
 */
import { createScanner } from '@prepub/scanner';
import { createWriteStream, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { benchTerms, makeCorpus, realisticDocument, rng, type CorpusKind } from './corpus.ts';

const args = process.argv.slice(2);
const o = args.indexOf('--out');
const out = o >= 0 ? args[o + 1] : '/tmp/prepub-golden.jsonl';
const dirs = args.filter((a, i) => i !== o && i !== o + 1);
const w = createWriteStream(out);

function files(dir: string): string[] {
  const r: string[] = [];
  for (const e of readdirSync(dir).sort()) {
    const p = join(dir, e);
    if (statSync(p).isDirectory()) r.push(...files(p));
    else if (!e.endsWith('.json') && !e.endsWith('.md')) r.push(p);
  }
  return r;
}

const line = (name: string, r: Awaited<ReturnType<Awaited<ReturnType<typeof createScanner>>['scan']>>): void => {
  const { verdict, findings, suppressed, coverage } = r;
  w.write(JSON.stringify({ name, verdict, findings, suppressed, unread: coverage.unread, errors: r.errors }) + '\n');
};

const t0 = performance.now();
// The bench corpora, with the bench dictionary as the text bench builds them.
for (const kind of ['ordinary', 'dense', 'realistic'] as CorpusKind[]) {
  const { docs, dictText } = kind === 'realistic' ? makeCorpus(kind, 100, 210_000) : makeCorpus(kind, 20);
  const s = await createScanner({ ocr: false, isolation: false, dictionaries: [], dictionaryTexts: [{ name: 'bench-10k.txt', text: dictText }] });
  for (let i = 0; i < docs.length; i++) line(`${kind}/${i}`, await s.scan(docs[i]));
  await s.close();
}
// Bundled dictionaries: the findings corpus and the folders.
const s = await createScanner({ ocr: false, isolation: false });
const doc = new TextEncoder().encode(realisticDocument(1e6, benchTerms(100), rng(3), { findingsPerMB: 10_000 }));
line('findings/1', await s.scan(doc));
for (const d of dirs)
  for (const f of files(d)) {
    const name = relative(process.cwd(), f);
    try {
      line(name, await s.scan(readFileSync(f), { filename: f }));
    } catch (e) {
      w.write(JSON.stringify({ name, threw: String(e) }) + '\n');
    }
  }
await s.close();
await new Promise((r) => w.end(r));
console.log(`golden written to ${out} in ${Math.round(performance.now() - t0)} ms`);
