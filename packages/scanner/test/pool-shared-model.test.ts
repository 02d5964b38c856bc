/**
 * The pool's workers share one segmentation model: the first worker that needs it reads the
 * dictionary, and every other worker, renewed ones included, gets that model with its tasks instead
 * of reading its own; the whole-word checks decide the same before and after a renewal.
 * (Its own file: the model is read once per process, and here no thread of the test may have it yet.)
 */
import { describe, expect, it, vi } from 'vitest';
import { DEFAULT_LIMITS, type AnalyzeOutcome } from '@prepub/core';
import { BUNDLED_DICTIONARIES, loadDictionaries } from '../src/dictionaries.ts';
import type { ExtractOutcome } from '../src/extract.ts';
import { ExtractionPool } from '../src/pool.ts';
import { segmentationModel, segmentationModelBuiltHere } from '../src/segmenter.ts';

/** classified-content.txt has word-boundary terms: 作战方案 as a word is a finding, inside 作战方案性 … it is not. */
const TEXT = '关于作战方案的说明\n本单位已上报作战方案。\n另附兵力部署图一份，兵力部署情况见后。\n';

function findings(o: ExtractOutcome): unknown {
  expect(o.kind).toBe('checked');
  const a = (o as { analysis: AnalyzeOutcome }).analysis;
  return JSON.stringify(a);
}

describe('segmentation model shared by the pool', () => {
  it('is read by one worker only, renewed workers get it, and the checks decide the same throughout', async () => {
    const d = loadDictionaries([BUNDLED_DICTIONARIES]);
    const pool = new ExtractionPool({ workers: 2, preload: [], recycleAboveRssMb: 1, recycleEveryFiles: 2, recycleMaxCpuShare: 0 }, { terms: d.terms, allow: d.allow, policy: {} });
    try {
      expect(segmentationModel()).toBeUndefined();
      const bytes = new TextEncoder().encode(TEXT);
      const check = { options: { mask: true }, ocr: false };
      // One file first: its worker reads the dictionary and offers the model to the pool.
      const first = findings(await pool.extract(bytes, { filename: 'a.txt', limits: DEFAULT_LIMITS }, undefined, false, check));
      expect(first).toMatch(/term\./);
      // The offer travels on the worker's own port, which may deliver after the task's result.
      await vi.waitFor(() => expect(pool.segmentationBuilds).toBe(1));
      // This thread holds it now without having read the dictionary.
      expect(segmentationModel()).toBeDefined();
      expect(segmentationModelBuiltHere()).toBe(false);
      for (let round = 0; round < 6; round++) {
        const pair = await Promise.all([0, 1].map((i) => pool.extract(bytes, { filename: `n${round}-${i}.txt`, limits: DEFAULT_LIMITS }, undefined, false, check)));
        for (const o of pair) expect(findings(o)).toBe(first);
        await pool.renewal;
      }
      expect(pool.renewals).toBeGreaterThanOrEqual(2);
      // Every worker since, the other first worker and the renewed ones, segmented with that model.
      expect(pool.segmentationBuilds).toBe(1);
      expect(pool.deaths).toBe(0);
    } finally {
      await pool.close();
    }
  }, 180_000);
});
