import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Allowlist, BUILTIN_DETECTORS, Engine, displayOrderReading, resolvePolicy, type TextPart } from '@prepub/core';

const RLO = '\u202e';
const LRO = '\u202d';
const PDF = '\u202c';
const BODY = '\n江临市应急管理局\n关于开展汛期安全检查的通知\n各区应急管理局：\n根据工作安排，现将有关事项通知如下。\n';

function part(text: string, extra: Partial<TextPart> = {}): TextPart {
  return { id: 'body', role: 'body', text, origin: {}, leading: true, ...extra };
}

const reversed = (s: string): string => [...s].reverse().join('');

describe('text in the order a bidirectional override draws it', () => {
  const engine = new Engine({ detectors: [...BUILTIN_DETECTORS], policy: resolvePolicy(), allowlist: new Allowlist([]) });

  it('a marking stored last character first after U+202E is found as drawn, located in the stored text', () => {
    const text = RLO + reversed('机密★5年') + PDF + BODY;
    const out = engine.analyzeAll([part(text)]);
    const f = out.findings.find((x) => x.ruleId === 'marking.cn-state-secret');
    expect(f?.severity).toBe('block');
    expect(f?.location.part).toBe('body@display');
    // The source range covers the stored units of the marking (年5★密机).
    expect(text.slice(f!.location.source!.start, f!.location.source!.end)).toBe(reversed('机密★5年'));
    expect(out.readings?.map((r) => r.id)).toEqual(['body@display']);
  });

  it('the stored order alone finds nothing there (why the reading is needed)', () => {
    const text = RLO + reversed('机密★5年') + PDF + BODY;
    const stored = engine.analyzeAll([part(text.replace(RLO, '').replace(PDF, ''))]);
    expect(stored.findings.filter((x) => x.ruleId === 'marking.cn-state-secret')).toEqual([]);
  });

  it('harmless text under an override gives no finding, and text without one no reading', () => {
    const twin = engine.analyzeAll([part(RLO + reversed('本市开展第十个保密宣传月活动') + PDF + BODY)]);
    expect(twin.findings.filter((x) => x.category.endsWith('marking'))).toEqual([]);
    expect(twin.readings?.map((r) => r.id)).toEqual(['body@display']);
    const plain = engine.analyzeAll([part('机密★5年' + BODY)]);
    expect(plain.readings).toBeUndefined();
    // An isolate or an embedding draws ideographs left to right: no reading is made.
    expect(displayOrderReading(part('\u2067' + reversed('机密★5年') + '\u2069' + BODY))).toBeUndefined();
    expect(displayOrderReading(part('\u202b' + reversed('机密★5年') + PDF + BODY))).toBeUndefined();
  });

  it('mirrors brackets, keeps surrogate pairs whole, and ends an override at the line end', () => {
    // (Stored 年5 in brackets opening to the left: drawn right to left, each bracket mirrored.)
    expect(displayOrderReading(part(RLO + '（年5）密机'))?.text).toBe('\u200b机密（5年）');
    expect(displayOrderReading(part(RLO + '\u{20000}密机'))?.text).toBe('\u200b机密\u{20000}');
    // Without a closing PDF the override ends with its paragraph: the next line keeps its order.
    expect(displayOrderReading(part(RLO + '年5★密机\n关于开展检查的通知'))?.text).toBe('\u200b机密★5年\n关于开展检查的通知');
    // An LRO inside an RLO draws its own run left to right again.
    expect(displayOrderReading(part(RLO + '年5★' + LRO + '机密' + PDF + PDF))?.text.replace(/\u200b/g, '')).toBe('机密★5年');
  });

  it('works on a part known by its units only, and maps through the part’s own source map', () => {
    const text = 'x' + RLO + '年5★密机';
    const units = Uint16Array.from(text, (c) => c.charCodeAt(0));
    const source = { starts: Uint32Array.from(text, (_, i) => 100 + 2 * i), ends: Uint32Array.from(text, (_, i) => 102 + 2 * i), unit: 'byte' as const };
    const shown = displayOrderReading(part(text, { units, source }))!;
    expect(shown.text).toBe('x\u200b机密★5年');
    // 机 is drawn third and stored last (index 6 → source 112).
    expect([shown.source!.starts[2], shown.source!.ends[2], shown.source!.unit]).toEqual([112, 114, 'byte']);
  });

  it('property: a reading is a permutation of each line of the stored text, every unit mapped to the unit it shows', () => {
    const unit = fc.constantFrom('机', '密', '★', '5', '年', '（', '）', ' ', 'a', RLO, LRO, PDF, '\u2067', '\u2069', '\n', '\u05d0');
    fc.assert(
      fc.property(fc.array(unit, { maxLength: 40 }), (units) => {
        const text = units.join('');
        const shown = displayOrderReading(part(text));
        if (!shown) return;
        expect(shown.text.length).toBe(text.length);
        const starts = shown.source!.starts;
        const seen = new Set<number>();
        for (let i = 0; i < text.length; i++) {
          const from = starts[i];
          seen.add(from);
          // Same line: reordering never crosses a line break.
          expect(text.slice(0, from).split('\n').length, text).toBe(text.slice(0, i).split('\n').length);
          const c = shown.text[i];
          const stored = text[from];
          expect(c === stored || c === '\u200b' || (stored === '（' && c === '）') || (stored === '）' && c === '（'), `${JSON.stringify(text)} @${i}`).toBe(true);
        }
        expect(seen.size).toBe(text.length);
      }),
      { numRuns: 2000 },
    );
  });
});
