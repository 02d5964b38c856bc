/**
 * The gate in front of the text-table reading: one pass over a part's units that says whether its
 * head may hold a table laid out in text, as the regex it replaced did (bars, a run of two spaces
 * between non-blanks, two commas or two semicolons on a line).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { TextPart } from '@prepub/core';
import { mayBeTextTable } from '../src/text.ts';

const REGEX = /[|\u2502\u2503\u2551]|\S[ \u3000]{2,}\S|,[^,\n]*,|;[^;\n]*;/;
const units = (s: string): Uint16Array => Uint16Array.from(s, (c) => c.charCodeAt(0));
const part = (text: string, asUnits: boolean): TextPart => (asUnits ? ({ id: 'body', role: 'body', text, units: units(text) } as unknown as TextPart) : ({ id: 'body', role: 'body', text } as TextPart));

describe('mayBeTextTable', () => {
  it('answers as the regex does over the head, from a string or from units', () => {
    const alphabet = fc.constantFrom('机', '密', 'a', ' ', '\u3000', '\t', '\n', '\r', ',', ';', '|', '\u2502', '\u00a0', '，');
    fc.assert(
      fc.property(fc.array(alphabet, { maxLength: 40 }), fc.integer({ min: 0, max: 45 }), fc.boolean(), (cs, limit, asUnits) => {
        const text = cs.join('');
        expect(mayBeTextTable(part(text, asUnits), limit)).toBe(REGEX.test(text.slice(0, limit)));
      }),
      { numRuns: 3000 },
    );
  });

  it('finds the usual shapes and passes prose over', () => {
    for (const t of ['序号 | 名称', '密级    机密', '1,重点目标防护方案,机密', '序号;名称;密级', '┃密级┃']) expect(mayBeTextTable(part(t.replace('┃', '\u2503'), true), 1 << 14), t).toBe(true);
    for (const t of ['关于做好汛期安全检查工作的通知。\n各区县应急管理局，市直有关单位：', 'Dear all, see below.\nThanks, Li', '密级\t机密']) expect(mayBeTextTable(part(t, true), 1 << 14), t).toBe(false);
  });
});
