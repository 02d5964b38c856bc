/**
 * Where the time of a text scan goes: the same documents through the same pieces the scanner
 * wires (text reader, engine with the built-in detectors, the term detector over the given
 * dictionary, the jieba segmenter), with each detector's `detect` and `documentFacts` timed.
 * Printed by the text and findings benchmarks as CPU milliseconds per MB of input, so a user can
 * see which detector a corpus of theirs pays for. CPU time of the process, not wall time: on a
 * machine shared with other work it stays meaningful (GC threads running beside are counted).
 */
import { Allowlist, BUILTIN_DETECTORS, CompiledDictionary, DEFAULT_LIMITS, Engine, createTermDetector, normalize, resolvePolicy, type Detector, type TextPart } from '@prepub/core';
import { createJiebaSegmenter, loadDictionaries, BUNDLED_DICTIONARIES } from '@prepub/scanner';
import { extractFile } from '../packages/scanner/src/extract.ts';

/** CPU time of this process in milliseconds. */
function cpuMs(): number {
  const c = process.cpuUsage();
  return (c.user + c.system) / 1000;
}

/** CPU ms per MB of input for each stage, over `rounds` passes (the median pass). */
export async function stageBreakdown(docs: readonly Uint8Array[], dictText: string | undefined, rounds = 3): Promise<Record<string, number>> {
  const dicts = dictText === undefined ? loadDictionaries([BUNDLED_DICTIONARIES], []) : loadDictionaries([], [{ name: 'bench.txt', text: dictText }]);
  const compiled = new CompiledDictionary(dicts.terms);
  const segmenter = createJiebaSegmenter(compiled.entries.filter((e) => e.boundary === 'word').map((e) => e.normalized));
  const policy = resolvePolicy({});
  const allowlist = new Allowlist([...dicts.allow, ...policy.allowlist]);
  const acc = new Map<string, number>();
  const add = (k: string, ms: number): void => void acc.set(k, (acc.get(k) ?? 0) + ms);
  const timed = (d: Detector): Detector => ({
    ...d,
    detect(ctx) {
      const t = cpuMs();
      try {
        return d.detect(ctx);
      } finally {
        add(`detector ${d.id}`, cpuMs() - t);
      }
    },
    documentFacts: d.documentFacts
      ? (parts) => {
          const t = cpuMs();
          try {
            return d.documentFacts!(parts);
          } finally {
            add(`facts ${d.id}`, cpuMs() - t);
          }
        }
      : undefined,
  });
  const detectors = [...BUILTIN_DETECTORS, createTermDetector(compiled)].map(timed);
  const engine = new Engine({ detectors, policy, allowlist, segmenter });
  const parts: TextPart[][] = [];
  let bytes = 0;
  for (const d of docs) {
    bytes += d.length;
    const o = await extractFile(d, { limits: DEFAULT_LIMITS, render: false });
    parts.push(o.kind === 'extracted' ? o.extraction.parts : []);
  }
  engine.analyzeAll(parts[0] ?? []); // warm-up (loads the segmenter's dictionary)
  const passes: Array<Map<string, number>> = [];
  for (let r = 0; r < rounds; r++) {
    acc.clear();
    for (const d of docs) {
      const t = cpuMs();
      await extractFile(d, { limits: DEFAULT_LIMITS, render: false });
      add('read (sniff + decode)', cpuMs() - t);
    }
    for (const ps of parts) {
      let t = cpuMs();
      for (const p of ps) normalize(p.text, p.units);
      add('normalize', cpuMs() - t);
      t = cpuMs();
      engine.analyzeAll(ps);
      add('engine (all)', cpuMs() - t);
    }
    passes.push(new Map(acc));
  }
  const mb = bytes / 1e6;
  const keys = [...passes[0].keys()];
  const total = (m: Map<string, number>): number => (m.get('read (sniff + decode)') ?? 0) + (m.get('engine (all)') ?? 0);
  const mid = [...passes].sort((a, b) => total(a) - total(b))[Math.floor(passes.length / 2)];
  const detectorsMs = keys.filter((k) => k.startsWith('detector ') || k.startsWith('facts ')).reduce((s, k) => s + (mid.get(k) ?? 0), 0);
  const out: Record<string, number> = {};
  for (const k of keys) out[k] = Math.round(((mid.get(k) ?? 0) / mb) * 10) / 10;
  // Normalization, the automaton pass, locating and fingerprinting findings, the allowlist.
  out['engine outside detectors'] = Math.round((((mid.get('engine (all)') ?? 0) - detectorsMs) / mb) * 10) / 10;
  return out;
}
