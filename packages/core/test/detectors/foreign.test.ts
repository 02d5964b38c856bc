import { describe, expect, it } from 'vitest';
import { findingsOf, worst } from './helpers.ts';

const RULE = 'marking.foreign';
const FIXTURES: Array<[string, string, 'block' | 'review' | 'none']> = [
  ['US banner with controls', 'SECRET//NOFORN\n\nSubject: deployment\n\nSECRET//NOFORN\n', 'block'],
  ['TOP SECRET banner', 'TOP SECRET//SI//NOFORN\nBody text.\n', 'block'],
  ['portion mark with controls', 'Memo\n(S//NF) The plan moves forward.\n', 'block'],
  ['UK OFFICIAL-SENSITIVE', 'OFFICIAL-SENSITIVE\nBriefing note\n', 'block'],
  ['authority block', 'Classified By: J. Smith\nDerived From: Guide 12\nDeclassify On: 20350101\n', 'block'],
  ['top secret recipe', 'My top secret recipe for dumplings uses ginger.\n', 'none'],
  ['disclaimer footer', 'This e-mail is confidential and intended only for the addressee.\n', 'none'],
  ['(U) alone', '(U) Background of the project.\n', 'none'],
  ['Secret in a title sentence', 'The Secret Garden is a novel.\n', 'none'],
];

describe(RULE, () => {
  it.each(FIXTURES)('%s', (_l, text, expected) => {
    expect(worst(findingsOf(text, RULE))).toBe(expected);
  });
  it('portion marks gain weight when the document carries a banner', () => {
    const without = findingsOf('(S) A paragraph.\n', RULE)[0];
    const withBanner = findingsOf('SECRET\n(S) A paragraph.\n', RULE).find((f) => f.message.startsWith('Portion'))!;
    expect(withBanner.score).toBeGreaterThan(without.score);
  });
});
