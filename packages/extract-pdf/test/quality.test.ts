import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS, type Extraction } from '@prepub/core';
import type { OperatorFacts } from '../src/operators.ts';
import { checkGlyphs } from '../src/quality.ts';
import type { DocState } from '../src/state.ts';

function state(): DocState {
  const out: Extraction = { format: 'pdf', mediaType: 'application/pdf', parts: [], unread: [], loss: [] };
  return { out, limits: DEFAULT_LIMITS, chars: 0, seenFields: new Set(), rendered: 0, viaTextContent: 0, attachmentKeys: undefined, raw: { ok: false, error: 'not used' }, drawPage: () => Promise.reject(new Error('not used')), appearances: undefined, appearancesOver: undefined, xobjects: undefined };
}

function facts(drawn: number, unmapped: number, byFont: Array<[string, number, number]> = [['f', drawn, unmapped]]): OperatorFacts {
  return { glyphs: { drawn, unmapped, byFont: new Map(byFont.map(([f, d, u]) => [f, { drawn: d, unmapped: u }])) } } as unknown as OperatorFacts;
}

describe('checkGlyphs', () => {
  it('reports glyphs drawn with Unicode that never reached the text layer', () => {
    const s = state();
    expect(checkGlyphs(s, 1, facts(4282, 0), 16, { page: 1 })).toBe(true);
    expect(s.out.loss).toEqual([expect.objectContaining({ kind: 'unmapped-glyphs', count: 4266, total: 4282 })]);
  });

  it('reports one font whose glyphs mostly have no Unicode, even when the page is mostly fine', () => {
    const s = state();
    expect(checkGlyphs(s, 2, facts(1005, 5, [['body', 1000, 0], ['heading', 5, 5]]), 1000, { page: 2 })).toBe(true);
    expect(s.out.loss![0]).toMatchObject({ kind: 'unmapped-glyphs', count: 5, total: 1005, where: 'page 2' });
  });

  it('lets a stray unmapped bullet in a long page pass', () => {
    const s = state();
    expect(checkGlyphs(s, 1, facts(2000, 1, [['body', 1990, 0], ['symbols', 10, 1]]), 2000, { page: 1 })).toBe(false);
    expect(s.out.loss).toEqual([]);
  });
});
