/**
 * A seeded sample of the marking-variant corpus (bench/variants/): 200 marked variants, each with
 * its negative twin, generated into a temporary folder and scanned by the real scanner with OCR
 * off. Targets: no marked variant passes; at least 99% of the twins pass. The full corpus (2,200 +
 * 2,200) is measured with `prepub bench`; see bench/variants/README.md.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { createScanner, type Scanner } from '@prepub/scanner';
import { pdfExtractor } from '@prepub/extract-pdf';
import { DEFAULT_LIMITS, type Verdict } from '@prepub/core';
import { variants, writeCorpus, type Variant } from '../bench/variants/generate.ts';
import { render } from '../bench/variants/render.ts';

const SAMPLE = { count: 200, seed: 7 };

let dir: string;
let scanner: Scanner;
let list: Variant[];
const results = new Map<string, { verdict: Verdict; why: string }>();

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'prepub-variants-test-'));
  list = writeCorpus({ out: dir, ...SAMPLE });
  scanner = await createScanner({ ocr: false });
  // Two at a time: the CI machine has two cores.
  let next = 0;
  const worker = async () => {
    while (next < list.length) {
      const v = list[next++];
      const r = await scanner.scan(new Uint8Array(readFileSync(path.join(dir, v.file))), { filename: path.basename(v.file) });
      const f = r.findings[0];
      results.set(v.file, { verdict: r.verdict, why: f ? `${f.ruleId} ${f.severity}: ${f.message}` : r.reasons.join('; ') });
    }
  };
  await Promise.all([worker(), worker()]);
}, 300_000);

afterAll(async () => {
  await scanner?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const show = (v: Variant) => `${v.file} «${v.text}» → ${results.get(v.file)?.verdict} (${results.get(v.file)?.why})`;

describe('marking variants (seeded sample, OCR off)', () => {
  it('the sample covers every form, placement and format, with one twin per marked variant', () => {
    const marked = list.filter((v) => v.kind === 'marked');
    expect(marked).toHaveLength(SAMPLE.count);
    expect(list.filter((v) => v.kind === 'twin')).toHaveLength(SAMPLE.count);
    expect(new Set(marked.map((v) => v.format))).toEqual(new Set(['txt', 'html', 'docx', 'pdf']));
    expect(new Set(marked.map((v) => v.form)).size).toBeGreaterThanOrEqual(20);
    expect(new Set(marked.map((v) => v.placement)).size).toBe(16);
  });

  // None may pass: a marking broken over two lines inside a word, run together, letter-spaced,
  // stacked vertically in a PDF or sharing a flattened table row with a precedence mark is caught.
  it('no marked variant passes', () => {
    const leaked = list.filter((v) => v.kind === 'marked' && results.get(v.file)?.verdict === 'pass');
    expect(leaked.map(show), `${leaked.length} of ${SAMPLE.count} marked variants passed`).toEqual([]);
  });

  it('at least 99% of the negative twins pass', () => {
    const twins = list.filter((v) => v.kind === 'twin');
    const flagged = twins.filter((v) => results.get(v.file)?.verdict !== 'pass');
    expect(flagged.length, `${flagged.length} of ${twins.length} twins did not pass:\n${flagged.map(show).join('\n')}`).toBeLessThanOrEqual(Math.floor(twins.length * 0.01));
  });
});

describe('the variant generator', () => {
  it('is deterministic: the same seed gives the same bytes', () => {
    const hash = (vs: Variant[]) => createHash('sha256').update(vs.map((v) => v.file + createHash('sha256').update(render(v.doc, v.format)).digest('hex')).join('\n')).digest('hex');
    expect(hash(variants({ count: 40, seed: 3 }))).toBe(hash(variants({ count: 40, seed: 3 })));
    expect(hash(variants({ count: 40, seed: 3 }))).not.toBe(hash(variants({ count: 40, seed: 4 })));
  });

  it('writes PDFs whose non-embedded CJK text pdf.js extracts as written', async () => {
    // The instrument must carry the words it claims to: check the PDFs of the sample whose
    // marking is drawn as ordinary body text on one line.
    const pdfs = list.filter((v) => v.format === 'pdf' && v.kind === 'marked' && ['top', 'middle', 'footer', 'header'].includes(v.placement) && !['linebreak', 'runsplit', 'spaces', 'ideographic-space'].includes(v.distortion));
    expect(pdfs.length).toBeGreaterThan(5);
    for (const v of pdfs) {
      const r = await pdfExtractor.extract(new Uint8Array(readFileSync(path.join(dir, v.file))), { filename: v.file, limits: DEFAULT_LIMITS });
      const text = r.parts.map((p) => p.text).join('\n').replace(/\s+/g, '');
      expect(text, v.file).toContain(v.text.replace(/\s+/g, ''));
      expect(r.unread, v.file).toEqual([]);
    }
  });
});
