/**
 * Real published texts that talk about secrecy (the secrecy law and its implementing regulation,
 * other laws, news, a judgment summary, a 保密协议 template, fiction, reviews, foreign-language
 * news) pass through the real scanner (real nodejieba, the bundled dictionaries), and no shipped
 * dictionary term that reports anything occurs in a published law: a term a law uses is public
 * vocabulary, not a sign of classified content.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { normalize } from '@prepub/core';
import { BUNDLED_DICTIONARIES, createScanner, loadDictionaries, type Scanner } from '@prepub/scanner';

const FOLDER = resolve(import.meta.dirname, '../samples/real-negatives');
interface RealLabel {
  verdict: string;
  kind: 'law' | 'paraphrase';
  source: string;
  licence: string;
  note: string;
}
const labels = (JSON.parse(readFileSync(join(FOLDER, 'labels.json'), 'utf8')) as { files: Record<string, RealLabel> }).files;
const entries = Object.entries(labels);
const laws = entries.filter(([, l]) => l.kind === 'law').map(([f]) => f);

describe('samples/real-negatives', () => {
  it('holds at least 20 texts, every one labelled pass with its source and licence', () => {
    expect(entries.length).toBeGreaterThanOrEqual(20);
    for (const [file, l] of entries) {
      expect(l.verdict, file).toBe('pass');
      expect(l.source.length, file).toBeGreaterThan(5);
      expect(l.licence.length, file).toBeGreaterThan(5);
    }
  });

  it('includes the 2024 secrecy law and its 2024 implementing regulation in full', () => {
    const law = readFileSync(join(FOLDER, 'law-baomifa-2024.txt'), 'utf8');
    const regs = readFileSync(join(FOLDER, 'law-baomifa-shishitiaoli-2024.txt'), 'utf8');
    expect(law).toContain('第二次修订');
    expect(law).toContain('第六十五条'); // the last article of the 2024 law
    expect(regs).toContain('国务院令第786号');
    expect(regs).toContain('第七十四条'); // the last article of the 2024 regulation
  });
});

describe('dictionary hygiene', () => {
  const terms = loadDictionaries([BUNDLED_DICTIONARIES]).terms.filter((t) => t.severity !== 'info');
  const lawTexts = laws.map((f) => [f, normalize(readFileSync(join(FOLDER, f), 'utf8')).text] as const);
  it('there are terms and laws to check', () => {
    expect(terms.length).toBeGreaterThan(10);
    expect(laws.length).toBeGreaterThanOrEqual(10);
  });
  it('no shipped term that reports anything occurs in a published law or regulation', () => {
    const found = terms.flatMap((t) => lawTexts.filter(([, text]) => text.includes(t.normalized)).map(([f]) => `${t.term} (${t.source}:${t.line}) in ${f}`));
    expect(found).toEqual([]);
  });
  it('the check can fail: a term the implementing regulation uses is caught', () => {
    const regs = lawTexts.find(([f]) => f === 'law-baomifa-shishitiaoli-2024.txt')![1];
    expect(regs.includes(normalize('国家秘密事项一览表').text)).toBe(true);
  });
});

describe('every real negative passes the real scanner', () => {
  let scanner: Scanner;
  beforeAll(async () => {
    scanner = await createScanner({ ocr: false });
  });
  afterAll(() => scanner.close());
  it.each(entries.map(([f]) => f))('%s', async (file) => {
    const r = await scanner.scan(readFileSync(join(FOLDER, file)), { filename: file });
    const loud = r.findings.filter((f) => f.severity !== 'info').map((f) => `${f.ruleId} ${f.excerpt}`);
    expect(loud).toEqual([]);
    expect(r.verdict).toBe('pass');
    expect(r.coverage.complete).toBe(true);
  });
});
