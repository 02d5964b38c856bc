/**
 * trimDecoration (a banner's line without what decorates its ends) gives what the pattern it
 * replaced gave, reading from both ends: `/^[^…]+|[^…]+$/gu` tried its second branch at every place
 * of a run of decoration that does not reach the end (UNCLASSIFIED//LES//, 80,000 blanks and a
 * control character: 9 s).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findingsOf } from './helpers.ts';
import * as foreign from '../../src/detectors/foreign.ts';
import { perCall } from '../../../../tests/cpu-time.ts';

/** The pattern as it was (safe on the short strings drawn here). */
const EDGE_DECORATION = /^[^\p{L}\p{N}"'“”‘’!?.,;:！？。，；：…]+|[^\p{L}\p{N}"'“”‘’!?.,;:！？。，；：…]+$/gu;

describe('trimDecoration', () => {
  it('agrees with the pattern it replaced', () => {
    const piece = fc.oneof(
      { weight: 5, arbitrary: fc.constantFrom(' ', '\t', '\u0000', '/', '*', '★', '-', '【', '】', 'A', 'SECRET', '机密', '5', '"', '!', '。', '…', '\u{1D400}', '\u{1F600}', '\ud835', '\udc00', '\u3000') },
      { weight: 1, arbitrary: fc.string({ maxLength: 3, unit: 'binary' }) },
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 12 }).map((a) => a.join('')), (s) => {
        expect(foreign.trimDecoration(s), JSON.stringify(s)).toBe(s.replace(EDGE_DECORATION, ''));
      }),
      { numRuns: 30000, seed: 20261208 },
    );
  });

  it('a banner line of blanks and a control character: 8 times the blanks, not 20 times the time', () => {
    const text = (n: number) => `UNCLASSIFIED//LES//${' '.repeat(n)}\u0000\nSECRET\n`;
    const one = text(4000);
    const eight = text(32000);
    findingsOf(one);
    expect(perCall(() => findingsOf(eight)) / perCall(() => findingsOf(one))).toBeLessThan(20);
  });
});
