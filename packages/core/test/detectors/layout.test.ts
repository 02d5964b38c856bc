import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { normalize, originalIndex } from '@prepub/core';
import { withDroppedBlanks } from '../../src/detectors/layout.ts';

describe('withDroppedBlanks', () => {
  it('puts back one blank where the normalizer dropped some between units, and maps every unit back', () => {
    const text = fc.array(fc.constantFrom('机', '密', '级', '会', ' ', '  ', '\t', '\u3000', 'a', ':', '：', '\n', '１'), { maxLength: 30 }).map((a) => a.join(''));
    fc.assert(
      fc.property(text, fc.nat(), fc.nat(), (s, x, y) => {
        const n = normalize(s);
        const len = n.text.length;
        const [from, to] = [Math.min(x, y) % (len + 1), Math.max(x, y) % (len + 1)].sort((a, b) => a - b);
        const r = withDroppedBlanks(n, n.text, from, to);
        if (!r) {
          // Nothing dropped: no two neighbours in the range have a blank between them in the original.
          for (let k = from + 1; k < to; k++) expect(s.slice(originalIndex(n, k - 1) + 1, originalIndex(n, k))).not.toMatch(/[ \t\u3000]/);
          return;
        }
        let units = 0;
        for (let j = 0; j < r.text.length; j++) {
          const k = r.back(j);
          expect(k).toBeGreaterThanOrEqual(from);
          expect(k).toBeLessThan(to);
          // An inserted blank maps to the unit after it.
          if (j + 1 < r.text.length && r.back(j + 1) === k) expect(r.text[j]).toMatch(/^[ \t]$/);
          else {
            expect(r.text[j]).toBe(n.text[k]);
            units++;
          }
        }
        expect(units).toBe(to - from);
      }),
      { numRuns: 2000 },
    );
  });

  it('reads 密级：秘密 会议材料 with its blank again', () => {
    const n = normalize('密级：秘密 会议材料');
    expect(n.text).not.toContain(' ');
    expect(withDroppedBlanks(n, n.text, 0, n.text.length)?.text).toMatch(/秘密 会议材料$/);
  });
});
