/**
 * End to end: every labelled sample in samples/ through the real scanner (real OCR, real
 * nodejieba, real pdf.js and mammoth), checking the verdict and that each expected finding is
 * there at the expected location. The corpus is the product's accuracy contract.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createScanner, type Scanner } from '@prepub/scanner';

interface Label {
  verdict: 'block' | 'review' | 'pass';
  accept?: string[];
  findings?: Array<Record<string, string | number>>;
  note?: string;
  /** A documented detection miss: the test is an expected failure and turns red once it is fixed. */
  knownMiss?: string;
}

const SAMPLES = resolve(import.meta.dirname, '../samples');
const folders = readdirSync(SAMPLES, { withFileTypes: true })
  .filter((d) => d.isDirectory() && existsSync(join(SAMPLES, d.name, 'labels.json')))
  .map((d) => d.name);

let scanner: Scanner;
beforeAll(async () => {
  scanner = await createScanner({ ocr: { workers: 2 } });
});
afterAll(() => scanner.close());

describe.each(folders)('samples/%s', (folder) => {
  const labels = JSON.parse(readFileSync(join(SAMPLES, folder, 'labels.json'), 'utf8')) as { files: Record<string, Label> };
  const entries = Object.entries(labels.files);
  const known = entries.filter(([, l]) => l.knownMiss);
  if (known.length) it.fails.each(known)('%s (known miss — see its label)', (file, label) => check(folder, file, label));
  it.each(entries.filter(([, l]) => !l.knownMiss))('%s', (file, label) => check(folder, file, label));
});

async function check(folder: string, file: string, label: Label): Promise<void> {
  {
    const r = await scanner.scan(readFileSync(join(SAMPLES, folder, file)), { filename: file });
    const accepted = [label.verdict, ...(label.accept ?? [])];
    expect(accepted, `${file}: ${r.reasons.join('; ')}`).toContain(r.verdict);
    if (r.verdict === 'pass') expect(r.coverage.complete).toBe(true);
    // Expected findings are checked when the expected verdict is reached (an accepted fail-closed
    // review of an unreadable scan has no marking finding to locate).
    for (const want of r.verdict === label.verdict ? (label.findings ?? []) : []) {
      const match = r.findings.concat(r.suppressed).some((f) =>
        Object.entries(want).every(([k, v]) => {
          if (k === 'ruleId') return f.ruleId === v || f.ruleId.startsWith(`${v}.`);
          const got = (f.location as unknown as Record<string, unknown>)[k];
          return got === v;
        }),
      );
      expect(match, `${file}: expected a finding ${JSON.stringify(want)}; got ${JSON.stringify(r.findings.map((f) => ({ ruleId: f.ruleId, role: f.location.role, part: f.location.part, page: f.location.page, line: f.location.line })))}`).toBe(true);
    }
  }
}
