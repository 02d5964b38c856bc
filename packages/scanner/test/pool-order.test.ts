/**
 * Work waiting for a pool worker: quick files (short texts, small DOCX) go ahead of PDFs that
 * arrived before them, and a file's text is checked by the worker that read it (one round trip)
 * unless other text joins it in the calling thread.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '@prepub/core';
import { ExtractionPool, isQuickFile, QUICK_FILE_BYTES } from '../src/pool.ts';
import { BUNDLED_DICTIONARIES, loadDictionaries } from '../src/dictionaries.ts';

const SAMPLES = fileURLToPath(new URL('../../../samples/', import.meta.url));
const sample = (rel: string) => new Uint8Array(readFileSync(join(SAMPLES, rel)));
const notice = new TextEncoder().encode('机密★5年\n关于开展保密检查的通知\n');

describe('quick files', () => {
  it('are small files that are not PDFs, wherever the PDF header sits in the first kilobyte', () => {
    expect(isQuickFile(notice)).toBe(true);
    expect(isQuickFile(sample('docx/header-marking.docx'))).toBe(true);
    expect(isQuickFile(sample('pdf/report-3pages-header.pdf'))).toBe(false);
    expect(isQuickFile(new Uint8Array(QUICK_FILE_BYTES + 1))).toBe(false);
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 1019 }), fc.uint8Array({ maxLength: 64 }), (junk, rest) => {
        const pdf = new Uint8Array([...junk, ...new TextEncoder().encode('%PDF-1.7\n'), ...rest]);
        expect(isQuickFile(pdf)).toBe(false);
      }),
    );
  });

  it('waiting for the one worker, a text goes ahead of a PDF that arrived before it', async () => {
    const pool = new ExtractionPool({ workers: 1, preload: [] });
    try {
      const done: string[] = [];
      const read = (bytes: Uint8Array, name: string) => pool.extract(bytes, { filename: name, limits: DEFAULT_LIMITS }, undefined).then((o) => (done.push(name), o));
      // The first occupies the worker (or waits with the others while it starts); the PDF after
      // it and the text after that both wait.
      const all = [read(sample('pdf/benign-compilation.pdf'), 'first.pdf'), read(sample('pdf/report-3pages-header.pdf'), 'second.pdf'), read(notice, 'third.txt')];
      const outcomes = await Promise.all(all);
      expect(outcomes.every((o) => o.kind === 'extracted')).toBe(true);
      expect(done.indexOf('third.txt')).toBeLessThan(done.indexOf('second.pdf'));
    } finally {
      await pool.close();
    }
  }, 120_000);
});

describe('checking in the worker that read the file', () => {
  const d = loadDictionaries([BUNDLED_DICTIONARIES]);
  const recipe = { terms: d.terms, allow: d.allow, policy: {} };

  it('brings back findings and the parts without their text', async () => {
    const pool = new ExtractionPool({ workers: 1, preload: [] }, recipe);
    try {
      const o = await pool.extract(notice, { filename: 'n.txt', limits: DEFAULT_LIMITS }, undefined, false, { options: { mask: true }, ocr: false });
      expect(o.kind).toBe('checked');
      if (o.kind !== 'checked') return;
      expect(o.analysis.findings.some((f) => f.ruleId === 'marking.cn-state-secret')).toBe(true);
      expect(o.extraction.parts.map((p) => [p.id, p.chars])).toEqual([['body', notice.length > 0 ? '机密★5年\n关于开展保密检查的通知\n'.length : 0]]);
      expect(o.extraction.parts.every((p) => !('text' in p))).toBe(true);
      // The same findings as a check of the text sent on its own.
      const text = await pool.extract(notice, { filename: 'n.txt', limits: DEFAULT_LIMITS }, undefined);
      if (text.kind !== 'extracted') throw new Error(text.kind);
      const alone = await pool.analyse(text.extraction.parts, { mask: true }, DEFAULT_LIMITS);
      expect(o.analysis.findings.map((f) => [f.ruleId, f.location.start, f.location.end])).toEqual(alone.findings.map((f) => [f.ruleId, f.location.start, f.location.end]));
    } finally {
      await pool.close();
    }
  }, 120_000);

  it('leaves a file with embedded files, or pictures OCR will read, to be checked with them', async () => {
    const pool = new ExtractionPool({ workers: 1, preload: [] }, recipe);
    try {
      const withPictures = sample('docx/alt-text-marking.docx');
      const first = await pool.extract(withPictures, { filename: 'a.docx', limits: DEFAULT_LIMITS }, undefined);
      if (first.kind !== 'extracted') throw new Error(first.kind);
      expect(first.extraction.images?.length).toBeGreaterThan(0);
      const ocr = await pool.extract(withPictures, { filename: 'a.docx', limits: DEFAULT_LIMITS }, undefined, false, { options: {}, ocr: true });
      expect(ocr.kind).toBe('extracted');
      const noOcr = await pool.extract(withPictures, { filename: 'a.docx', limits: DEFAULT_LIMITS, render: false }, undefined, false, { options: {}, ocr: false });
      expect(noOcr.kind).toBe('checked');
    } finally {
      await pool.close();
    }
  }, 120_000);
});
