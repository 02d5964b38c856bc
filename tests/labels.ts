/**
 * One check of a scan result against its label in samples/*\/labels.json, shared by the verdict
 * tests. Labels and expected findings are the CLI bench's types and matcher, so `prepub bench`
 * and the tests judge a sample the same way.
 */
import { expect } from 'vitest';
import { matchesExpected, type Label } from '@prepub/cli';
import type { ScanResult } from '@prepub/core';

export type { Label };

/**
 * The verdict is one the label accepts, a pass was read completely, and every expected finding is
 * there. `findings: 'at-label-verdict'` checks findings only when the label's own verdict was
 * reached (an accepted fail-closed review of an unreadable picture has no marking to locate).
 */
export function expectLabel(file: string, r: ScanResult, label: Label, findings: 'always' | 'at-label-verdict' = 'always'): void {
  expect([label.verdict, ...(label.accept ?? [])], `${file}: ${r.verdict} because ${r.reasons.join('; ')}`).toContain(r.verdict);
  if (r.verdict === 'pass') expect(r.coverage.complete).toBe(true);
  if (findings === 'at-label-verdict' && r.verdict !== label.verdict) return;
  const all = r.findings.concat(r.suppressed);
  for (const want of label.findings ?? []) {
    const got = all.map((f) => ({ ruleId: f.ruleId, role: f.location.role, part: f.location.part, page: f.location.page, line: f.location.line, paragraph: f.location.paragraph }));
    expect(all.some((f) => matchesExpected(f, want)), `${file}: expected a finding ${JSON.stringify(want)}; got ${JSON.stringify(got)}`).toBe(true);
  }
}
