import { describe, expect, it } from 'vitest';
import { Allowlist, analyze, resolvePolicy, type DetectContext, type Detector, type FactsPart, type TextPart } from '@prepub/core';

/** Facts stated by one detector are seen by every detector, in every part; the engine names none. */
describe('Detector.documentFacts', () => {
  it('facts from one part reach detectors in another, computed from the one automaton pass', () => {
    const seen: Array<FactsPart['hits']> = [];
    const stating: Detector = {
      id: 'test.stating',
      summary: 'states whether the word APPENDIX occurs anywhere',
      docs: 'x',
      triggers: ['APPENDIX'],
      documentFacts(parts) {
        for (const p of parts) seen.push(p.hits);
        return { hasAppendix: parts.some((p) => (p.hits?.count ?? 0) > 0), appendixParts: parts.filter((p) => (p.hits?.count ?? 0) > 0).length };
      },
      detect: () => [],
    };
    const hints: Array<DetectContext['documentHints']> = [];
    const reading: Detector = {
      id: 'test.reading',
      summary: 'records the hints it is given',
      docs: 'y',
      detect(ctx) {
        hints.push(ctx.documentHints);
        return [];
      },
    };
    const parts: TextPart[] = [
      { id: 'a', role: 'body', text: 'Main text.', origin: {} },
      { id: 'b', role: 'footer', text: 'see Appendix 2', origin: {} },
    ];
    analyze(parts, { detectors: [stating, reading], policy: resolvePolicy(), allowlist: new Allowlist([]) });
    expect(seen.map((h) => h?.count)).toEqual([0, 1]);
    expect(hints).toHaveLength(2);
    for (const h of hints) expect(h).toMatchObject({ hasAppendix: true, appendixParts: 1 });
  });
  it('without a detector stating facts, the hints are empty', () => {
    let got: DetectContext['documentHints'] | undefined;
    const reading: Detector = { id: 'r', summary: 's', docs: 'd', detect: (ctx) => ((got = ctx.documentHints), []) };
    analyze([{ id: 'a', role: 'body', text: 'x', origin: {} }], { detectors: [reading], policy: resolvePolicy(), allowlist: new Allowlist([]) });
    expect(got).toEqual({});
  });
});
