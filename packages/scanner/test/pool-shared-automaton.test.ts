/**
 * The pool's workers map the trigger automaton the calling thread built once, instead of each
 * building its own over the same triggers (~0.3 CPU-s with a 10,000-term dictionary): renewed
 * workers too. Their findings are the calling thread's own engine's.
 */
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { DEFAULT_LIMITS, type AnalyzeOutcome, type TextPart } from '@prepub/core';
import { BUNDLED_DICTIONARIES, loadDictionaries } from '../src/dictionaries.ts';
import { setupEngine, triggerKey, type EngineRecipe } from '../src/engine-setup.ts';
import type { ExtractOutcome } from '../src/extract.ts';
import { ExtractionPool } from '../src/pool.ts';

const TEXT = '机密★5年\n关于作战方案的说明\n联系人身份证号 11010519491231002X，电话 13800138000。\n';

function analysis(o: ExtractOutcome): AnalyzeOutcome {
  expect(o.kind).toBe('checked');
  return (o as { analysis: AnalyzeOutcome }).analysis;
}

describe('trigger automaton shared by the pool', () => {
  const d = loadDictionaries([BUNDLED_DICTIONARIES]);
  const recipe: EngineRecipe = { terms: d.terms, allow: d.allow, policy: {} };
  const check = { options: { mask: true, today: '2026-01-01' }, ocr: false };
  const bytes = new TextEncoder().encode(TEXT);

  it('is built by no worker, renewed ones included, and gives the findings of an engine built here', async () => {
    const setup = setupEngine(recipe);
    const pool = new ExtractionPool({ workers: 2, preload: [], recycleAboveRssMb: 1, recycleEveryFiles: 2, recycleMaxCpuShare: 0 });
    pool.setRecipe(recipe, () => setup.sharedAutomaton());
    try {
      const part: TextPart = { id: 'body', role: 'body', text: TEXT, origin: {} } as TextPart;
      const here = setupEngine(recipe).engine().analyzeAll([part], check.options);
      expect(here.findings.length).toBeGreaterThan(1);
      for (let round = 0; round < 4; round++) {
        const pair = await Promise.all([0, 1].map((i) => pool.extract(bytes, { filename: `n${round}-${i}.txt`, limits: DEFAULT_LIMITS }, undefined, false, check)));
        for (const o of pair) expect(JSON.stringify(analysis(o).findings.map((f) => [f.ruleId, f.location.start, f.location.end, f.severity]))).toBe(JSON.stringify(here.findings.map((f) => [f.ruleId, f.location.start, f.location.end, f.severity])));
        await pool.renewal;
      }
      expect(pool.renewals).toBeGreaterThanOrEqual(1);
      expect(pool.automatonBuilds).toBe(0);
      expect(pool.deaths).toBe(0);
    } finally {
      await pool.close();
    }
  }, 180_000);

  it('is built by each worker when the pool is given none (what the count above would show)', async () => {
    const pool = new ExtractionPool({ workers: 1, preload: [] }, recipe);
    try {
      analysis(await pool.extract(bytes, { filename: 'a.txt', limits: DEFAULT_LIMITS }, undefined, false, check));
      // Said on the worker's own port, which may deliver after the task's result.
      await vi.waitFor(() => expect(pool.automatonBuilds).toBe(1));
    } finally {
      await pool.close();
    }
  }, 120_000);

  it('is not used by an engine whose triggers differ: that engine builds its own', () => {
    const shared = setupEngine(recipe).sharedAutomaton();
    const other = setupEngine({ ...recipe, terms: recipe.terms.slice(1) }, [], shared);
    other.engine();
    expect(other.builtAutomaton()).toBe(true);
    const same = setupEngine(recipe, [], shared);
    same.engine();
    expect(same.builtAutomaton()).toBe(false);
    expect(shared.key).toBe(triggerKey(same.detectors.flatMap((x) => x.triggers ?? [])));
  });
});

describe('triggerKey', () => {
  it('is the SHA-256 of every trigger followed by a NUL, in order', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'binary' }), { maxLength: 20 }), (patterns) => {
        const h = createHash('sha256');
        for (const p of patterns) h.update(p).update('\u0000');
        expect(triggerKey(patterns)).toBe(h.digest('hex'));
      }),
    );
  });
});
