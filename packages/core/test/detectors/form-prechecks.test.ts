/**
 * The label forms' `requires` (what every match of their pattern holds; windows without it are not
 * searched) checked against the patterns themselves on random text made of the forms' own words.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { CN_MARKING_FORMS } from '@prepub/core';

const examples = CN_MARKING_FORMS.flatMap((f) => [...f.examples, ...f.counterexamples].map((e) => e.text));
/** Pieces of the forms' examples, their key words, and the gaps a label and its value may have. */
const token = fc.oneof(
  fc.constantFrom('密级', '密级和保密期限', '秘密等级', '保密等级', '保密期限', '定密依据', '绝密', '机密', '秘密', '★', '5年', '长期', '十年', '6个月', '本文件', '定为', '上述', '注明', '标为', '（', '〔2024〕8号', '涉密'),
  fc.constantFrom('》', '方案', '文件（', '通知》（', '）', '★5年）', '方案（机密★', '》（秘密★', '文件 ( 绝密★', '长期）', '1年)', '按照机密', '作为秘密', '件管理', '文件处理', '本通知定为', '本文件属', '这份材料是', '此件也是', '请按', '标为“', '本通知', '这份材料', '此件', '属于', '属', '是', '系', '按', '按照', '作为', '请', '级', '件', '管理', '标注为', '标有', '标着', '密级为', '“', '「', '号', '(', '〔2022〕8号'),
  // Gaps, and a form's check boxes (ticked-level).
  fc.constantFrom(':', '：', ' ', '\u3000', '\t', '\n', '|', '│', '｜', '\u00a0', '的', '级', '限', '为', 'a', '1', '☑', '☐', '□', '■', '√', '[x]', '[ ]', '(√)', '●', '非密', '☑机密', '秘密□', '¨', 'þ', '\uf0fe', '£', 'R', 'o', '¨绝密 ', 'þ机密 ', '¨秘密', 'o非密', '机密R ', '秘密£', '绝密£', '密级：¨绝密 ¨非密 ', '密级:绝密£ 公开£ ', '密级 o机密 o非密', '密级：绝密 机密 ', '/机密', ' 秘密', '绝密/'),
  fc.constantFrom(...examples).chain((t) => fc.nat(t.length).chain((i) => fc.nat(8).map((n) => t.slice(i, i + n)))),
);
const text = fc.array(token, { maxLength: 40 }).map((a) => a.join(''));

describe('form pre-checks', () => {
  const withRequires = CN_MARKING_FORMS.filter((f) => f.requires && f.pattern);

  it('are given for the label forms and the forms the level words trigger', () => {
    expect(withRequires.map((f) => f.id).sort()).toEqual(['classified-citation', 'damaged-level', 'document-marking-cited', 'informal-statement', 'label-period', 'label-value', 'odd-mark-level', 'self-statement', 'starred-option', 'ticked-level', 'untold-option']);
  });

  for (const form of withRequires) {
    const holds = (m: string): boolean => new RegExp(form.requires!.source, form.requires!.flags.replace('g', '')).test(m);
    it(`${form.id}: every match of the pattern holds a match of requires`, () => {
      let matched = 0;
      fc.assert(
        fc.property(text, (s) => {
          for (const m of s.matchAll(new RegExp(form.pattern!.source, form.pattern!.flags))) {
            matched++;
            expect(holds(m[0].slice(form.requiresAfter ?? 0)), m[0]).toBe(true);
          }
        }),
        // Seeded: the count below must not depend on the draw.
        { numRuns: 8000, seed: 20261201 },
      );
      // The random text does reach the pattern.
      expect(matched).toBeGreaterThan(10);
    });
    it(`${form.id}: so does every match in the examples`, () => {
      for (const t of examples) for (const m of t.matchAll(new RegExp(form.pattern!.source, form.pattern!.flags))) expect(holds(m[0].slice(form.requiresAfter ?? 0)), m[0]).toBe(true);
    });
  }

  it('requires fails on level words in prose (what it is for)', () => {
    const lv = withRequires.find((f) => f.id === 'label-value')!;
    const re = new RegExp(lv.requires!.source);
    expect(re.test('属于国家秘密的文件，其密级分为绝密、机密、秘密三级。')).toBe(false);
    expect(re.test('密级：机密')).toBe(true);
  });
});
