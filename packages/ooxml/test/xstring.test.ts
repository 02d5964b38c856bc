/** SpreadsheetML's `_xHHHH_` escapes decoded where Excel decodes them: text and attribute values, never names. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseXml } from '@prepub/extract-docx/xml';
import { unescapeXstrings } from '../src/xstring.ts';

/** Every UTF-16 unit of `s` as an escape. */
const escapeAll = (s: string): string => [...s].flatMap((ch) => [...ch].map((u) => `_x${u.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}_`)).join('');

/** The character data of `xml` as the XML reader gives it. */
function textOf(xml: string): string {
  let out = '';
  parseXml(xml, { open: () => {}, close: () => {}, text: (t) => void (out += t) });
  return out;
}

describe('unescapeXstrings', () => {
  it('decodes escapes in text, CDATA and attribute values; names, comments and the escaped underscore stay', () => {
    const xml = '<sst><si><t>机密_x2605_5年</t></si><si><t><![CDATA[_x673A__x5BC6_]]></t></si><_x0031_a v="_x2605_">_x005F_x2605_</_x0031_a><!-- _x2605_ --></sst>';
    expect(unescapeXstrings(xml)).toBe('<sst><si><t>机密★5年</t></si><si><t><![CDATA[机密]]></t></si><_x0031_a v="★">_x2605_</_x0031_a><!-- _x2605_ --></sst>');
  });
  it('keeps markup whole: an escaped < or & is text, an escaped quote stays inside its attribute', () => {
    expect(textOf(unescapeXstrings('<t>a_x003C_b_x0026_c</t>'))).toBe('a<b&c');
    expect(unescapeXstrings('<s name="x_x0022_y"/>')).toBe('<s name="x&quot;y"/>');
  });
  it('joins a surrogate pair written as two escapes; a lone surrogate is U+FFFD, a control nothing', () => {
    expect(textOf(unescapeXstrings('<t>_xD83D__xDE00_|_xD83D_|a_x0001_b</t>'))).toBe('😀|\ufffd|ab');
  });
  it('property: any text written wholly as escapes reads back as itself', () => {
    const text = fc.string({ unit: fc.constantFrom(...'机密绝秘★年月长期0123456789 ABCxyz<>&"\'_\t'.split('')), maxLength: 40 });
    fc.assert(
      fc.property(text, (s) => {
        expect(textOf(unescapeXstrings(`<t>${escapeAll(s)}</t>`))).toBe(s);
      }),
      { numRuns: 300 },
    );
  });
  it('leaves XML without escapes untouched (the same string)', () => {
    const xml = '<t>机密★5年 x_y</t>';
    expect(unescapeXstrings(xml)).toBe(xml);
  });
});

describe('unescapeXstrings on damaged parts', () => {
  it.each(['<a ', '<!--', '<![CDATA[', '<?x'])('"%s" × n unclosed: time linear in n', (piece) => {
    const time = (n: number) => {
      const xml = `<t>_x2605_</t>${piece.repeat(n)}`;
      // CPU time, not wall time: on a loaded machine the wall clock counts other processes' turns.
      const t0 = process.cpuUsage();
      unescapeXstrings(xml);
      const t = process.cpuUsage(t0);
      return (t.user + t.system) / 1000;
    };
    // Inputs of several milliseconds and the best of five, so a collection in one run does not
    // decide (a gate once measured 14× on the 1 ms inputs of 50,000 pieces).
    const best = (n: number) => Math.min(...Array.from({ length: 5 }, () => time(n)));
    best(100_000);
    const small = best(100_000);
    const large = best(400_000);
    // Four times the input: a quadratic pass takes sixteen times as long.
    expect(large / Math.max(small, 1)).toBeLessThan(8);
  });
});
