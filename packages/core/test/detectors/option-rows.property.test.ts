/**
 * A form's 密级 row of check boxes, drawn at random: the options on one line (tabs, blanks) or a
 * cell a line (a word processor's table), boxes before or after, one option marked by any sign
 * forms, fonts or typists use instead of the empty box. Marked: never nothing. All boxes empty:
 * nothing (a blank form), whatever the layout.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findingsOf, tablePart, worst } from './helpers.ts';

const BOXES = ['☐', '□', '○', '◯', '▢', '◻'];
const SIGNS = [...'☑☒✓✔√■●◉▣⊠★☆✅✗✘×xXvV▲△◆◇♦⊙◎⦿※＊#+✚→►▶✪✱♥☻■▪◼◾▇█➤⇒'];
const LEVELS = ['绝密', '机密', '秘密'];

const row = fc.record({
  box: fc.constantFrom(...BOXES),
  after: fc.boolean(),
  gap: fc.constantFrom('', ' '),
  layout: fc.constantFrom('tabs', 'blanks', 'cells'),
  extra: fc.constantFrom([], ['非密'], ['公开']),
});

function worstOf(r: { box: string; after: boolean; gap: string; layout: string; extra: readonly string[] }, mark: (level: string) => string | undefined): string {
  const options = [...LEVELS, ...r.extra].map((l) => {
    const sign = mark(l) ?? r.box;
    return r.after ? `${l}${r.gap}${sign}` : `${sign}${r.gap}${l}`;
  });
  const title = '江临市应急管理局呈批表';
  const tail = '标题：关于调整防汛物资储备点的请示';
  if (r.layout === 'cells') return worst(findingsOf([tablePart(title, [['密级', ...options], ['标题', '关于调整防汛物资储备点的请示']])], 'marking.cn-state-secret'));
  const sep = r.layout === 'tabs' ? '\t' : '　';
  return worst(findingsOf(`${title}\n密级：${sep}${options.join(sep)}\n${tail}\n`, 'marking.cn-state-secret'));
}

describe('密级 rows of check boxes', () => {
  it('one level marked by any sign is never nothing', () => {
    fc.assert(
      fc.property(row, fc.constantFrom(...LEVELS), fc.constantFrom(...SIGNS), (r, chosen, sign) => {
        expect(worstOf(r, (l) => (l === chosen ? sign : undefined))).not.toBe('none');
      }),
      { numRuns: 600, seed: 20261208 },
    );
  });

  it('every box empty is a blank form', () => {
    fc.assert(
      fc.property(row, (r) => {
        expect(worstOf(r, () => undefined)).toBe('none');
      }),
      { numRuns: 300, seed: 20261208 },
    );
  });
});
