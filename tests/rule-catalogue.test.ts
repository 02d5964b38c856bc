/**
 * One rule catalogue: the detectors carry their documentation, and `prepub explain`, SARIF rule
 * metadata, the HTML report and both READMEs' rule lists are derived from it. Extra detectors
 * given to the scanner run in the same automaton pass and are documented the same way.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BUILTIN_DETECTORS, rulesOf, type Detector } from '@prepub/core';
import { createScanner } from '@prepub/scanner';
import { allRuleDocs, replaceGenerated, ruleDoc } from '../packages/report/src/index.ts';
import { explainText } from '../packages/report/src/index.ts';
import { GENERATED_DOCS } from '../packages/cli/src/readme-docs.ts';

describe('rule catalogue', () => {
  it('every built-in detector documents every rule it reports, once', () => {
    const ids = BUILTIN_DETECTORS.flatMap((d) => rulesOf(d).map((r) => r.id));
    expect(new Set(ids).size).toBe(ids.length);
    for (const d of BUILTIN_DETECTORS) {
      expect(d.title, d.id).toBeTruthy();
      expect(d.defaultSeverity, d.id).toBeTruthy();
      for (const r of rulesOf(d)) {
        expect(r.id === d.id || r.id.startsWith(`${d.id}.`), r.id).toBe(true);
        expect(r.finds.length, r.id).toBeGreaterThan(20);
        expect(r.why.length, r.id).toBeGreaterThan(10);
      }
    }
  });

  it('explain and the CLI catalogue read the detectors\' own text', () => {
    for (const d of BUILTIN_DETECTORS) {
      for (const r of rulesOf(d)) {
        expect(ruleDoc(r.id)?.finds).toBe(r.finds);
        expect(ruleDoc(r.id)?.severity).toBe(r.defaultSeverity);
        // explain wraps lines: compare without whitespace.
        expect(explainText(r.id)!.replace(/\s+/g, '')).toContain(r.finds.replace(/\s+/g, '').slice(0, 60));
      }
    }
  });

  it('both READMEs hold exactly the generated lists (pnpm tsx packages/cli/src/readme-docs.ts rewrites them)', () => {
    for (const g of GENERATED_DOCS) {
      const doc = readFileSync(g.file, 'utf8');
      expect(replaceGenerated(doc, g.name, g.content()), `${g.file}: run pnpm tsx packages/cli/src/readme-docs.ts`).toBe(doc);
    }
  });

  it('an extra detector is scanned in the same pass and documented like the built-in ones', async () => {
    const custom: Detector = {
      id: 'marking.project-codename',
      title: 'Project code name',
      summary: 'The code name of an unannounced project',
      docs: 'marking-project-codename',
      defaultSeverity: 'review',
      rules: [{ id: 'marking.project-codename', title: 'Project code name', defaultSeverity: 'review', finds: 'The word BLUEHERON, the code name of an unannounced project.', why: 'The project is not public yet.' }],
      triggers: ['BLUEHERON'],
      detect(ctx) {
        const at = ctx.hits!.starts[0];
        return [{ ruleId: this.id, category: 'sensitive-term', maxSeverity: 'review', score: 0.6, start: at, end: at + 9, message: 'Project code name', explanation: { pattern: 'code name', base: 0.6, cues: [] } }];
      },
    };
    const scanner = await createScanner({ ocr: false, dictionaries: [], detectors: [custom] });
    try {
      expect(scanner.info.detectors).toContain('marking.project-codename');
      const r = await scanner.scan(new TextEncoder().encode('Status of Blueheron: on time.\n'), { filename: 'a.txt' });
      expect(r.findings.map((f) => f.ruleId)).toEqual(['marking.project-codename']);
      expect(r.verdict).toBe('review');
    } finally {
      await scanner.close();
    }
    const docs = allRuleDocs([...BUILTIN_DETECTORS, custom]);
    expect(docs.find((d) => d.id === 'marking.project-codename')?.finds).toMatch(/BLUEHERON/);
    expect(ruleDoc('marking.project-codename')?.finds ?? '').not.toMatch(/BLUEHERON/);
  });
});
