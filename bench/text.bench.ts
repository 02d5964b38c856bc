/**
 * Text pipeline throughput: ≥ 20 MB of mixed Chinese text, a 10,000-term dictionary, through the
 * real scanner (decode + normalize with offsets + match + segmentation + detectors + verdict),
 * next to TextDecoder decoding the same bytes in the same run, and next to the fastest
 * Aho-Corasick package on npm matching the same terms. Prints ratios, not just seconds.
 *
 *   pnpm bench text [ordinary|dense|realistic]   (or: pnpm tsx bench/text.bench.ts …)
 *
 * Resident memory is printed after construction and at the end, then the CPU time per MB of each
 * stage (reading, normalizing, each detector, the rest of the engine) on a quarter of the corpus.
 */
import { AhoCorasick as MonyoneAC } from '@monyone/aho-corasick/fast';
import { createScanner } from '@prepub/scanner';
import { normalize } from '@prepub/core';
import { createRequire } from 'node:module';
import { stageBreakdown } from './stages.ts';
import { benchDictionary, makeCorpus, mixedDocument, benchTerms, rng, type CorpusKind } from './corpus.ts';

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/**
 * @param kind `ordinary` (about ten dictionary hits per MB), `dense` (about 440: the per-hit
 *   word-boundary segmentation dominates) or `realistic` (law and news text with level words in
 *   prose, e-mail headers, phone and ID numbers, a marking in 1% of the files); see corpus.ts.
 */
export async function runTextBench(kind: CorpusKind): Promise<Record<string, number>> {
  // Twenty 1 MB files; the realistic corpus has a hundred files of 210 kB, so 1% can be marked.
  const { docs, terms, dictText } = kind === 'realistic' ? makeCorpus(kind, 100, 210_000) : makeCorpus(kind, 20);
  // The first scanner in a process also pays for nodejieba loading its own dictionaries (once per
  // process); the second shows the per-scanner cost the target is about.
  let t0 = performance.now();
  await createScanner({ ocr: false, dictionaries: [], dictionaryTexts: [{ name: 'bench-10k.txt', text: dictText }] });
  const firstConstructMs = performance.now() - t0;
  t0 = performance.now();
  // In-process: this measures the pipeline itself; the worker pool's round trip is measured by packages/scanner/bench.
  const scanner = await createScanner({ ocr: false, isolation: false, dictionaries: [], dictionaryTexts: [{ name: 'bench-10k-b.txt', text: dictText }] });
  const constructMs = performance.now() - t0;
  const constructRssMb = Math.round(process.memoryUsage.rss() / 1e6);
  const totalBytes = docs.reduce((n, d) => n + d.length, 0);
  const mb = totalBytes / 1e6;
  const decoder = new TextDecoder();
  const monyone = new MonyoneAC(terms);
  // Warm-up, then five rounds. Within a round each document is decoded, scanned, normalized and
  // matched back to back, so a slower moment of a shared machine weighs on the baseline and the
  // pipeline alike; the ratio is taken per round and the median reported.
  for (const d of docs.slice(0, 3)) {
    await scanner.scan(d);
    decoder.decode(d);
    normalize(decoder.decode(d));
    monyone.matchInText(decoder.decode(d));
  }
  const decodeT: number[] = [];
  const scanT: number[] = [];
  const monyT: number[] = [];
  const normT: number[] = [];
  const ratios: number[] = [];
  let verdicts = '';
  let findings = 0;
  for (let round = 0; round < 5; round++) {
    let [dec, scan, norm, mony] = [0, 0, 0, 0];
    findings = 0;
    const v: Record<string, number> = {};
    for (const d of docs) {
      let t = performance.now();
      decoder.decode(d);
      dec += performance.now() - t;
      t = performance.now();
      const r = await scanner.scan(d);
      scan += performance.now() - t;
      findings += r.findings.length;
      v[r.verdict] = (v[r.verdict] ?? 0) + 1;
      t = performance.now();
      normalize(decoder.decode(d));
      norm += performance.now() - t;
      t = performance.now();
      monyone.matchInText(decoder.decode(d));
      mony += performance.now() - t;
    }
    decodeT.push(dec);
    scanT.push(scan);
    normT.push(norm);
    monyT.push(mony);
    ratios.push(dec / scan);
    verdicts = JSON.stringify(v);
  }
  const decodeMBs = mb / (median(decodeT) / 1000);
  const scanMBs = mb / (median(scanT) / 1000);
  const result = {
    files: docs.length,
    corpusMB: Math.round(mb * 10) / 10,
    terms: scanner.info.terms,
    hitsPerMB: Math.round(findings / mb),
    firstConstructMs: Math.round(firstConstructMs),
    constructMs: Math.round(constructMs),
    textDecoderMBs: Math.round(decodeMBs),
    pipelineMBs: Math.round(scanMBs),
    ratioToTextDecoder: Math.round(median(ratios) * 100) / 100,
    decodePlusNormalizeMBs: Math.round(mb / (median(normT) / 1000)),
    monyoneDecodePlusMatchMBs: Math.round(mb / (median(monyT) / 1000)),
    findings,
    constructRssMb,
    rssMb: Math.round(process.memoryUsage.rss() / 1e6),
  };
  console.log(`text pipeline, ${kind} corpus: ${result.corpusMB} MB, ${result.terms} terms (verdicts ${verdicts})`);
  console.table(result);
  await scanner.close();
  // Where the time goes, per stage and per detector (a quarter of the corpus, CPU time).
  console.log(`${kind}: CPU ms per MB by stage and detector`);
  console.table(await stageBreakdown(docs.slice(0, Math.ceil(docs.length / 4)), dictText));
  return result;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  if (process.argv[2] === "--write-profile-inputs") writeProfileInputs();
  else {
    const only = process.argv.slice(2).filter((a): a is CorpusKind => ['ordinary', 'dense', 'realistic'].includes(a));
    for (const kind of only.length ? only : (['ordinary', 'dense', 'realistic'] as const)) await runTextBench(kind);
  }
}

/** Writes one generated document and the dictionary to /tmp for profiling stages by hand. */
export function writeProfileInputs(): void {
  const terms = benchTerms();
  const fs = createRequire(import.meta.url)('node:fs') as typeof import('node:fs');
  fs.writeFileSync('/tmp/bench-dict.txt', benchDictionary(terms));
  fs.writeFileSync('/tmp/bench-doc.txt', mixedDocument(1_050_000, terms, 0.002, rng(13)));
}
