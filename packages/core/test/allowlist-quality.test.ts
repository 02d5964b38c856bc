import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Allowlist, LineIndex, assessTextQuality, type AllowEntry } from '@prepub/core';

/** The allowlist rule, said the slow way: some occurrence of the entry covers the span, or the pattern matches the span or its line. */
function reference(entries: AllowEntry[], ruleId: string, text: string, start: number, end: number): AllowEntry | undefined {
  const lines = new LineIndex(text);
  for (const e of entries) {
    if (e.ruleId && !(ruleId === e.ruleId || ruleId.startsWith(e.ruleId))) continue;
    if (e.text) for (let at = 0; at + e.text.length <= text.length; at++) if (text.startsWith(e.text, at) && at <= start && at + e.text.length >= end) return e;
    if (e.pattern) {
      const re = new RegExp(e.pattern, 'u');
      if (re.test(text.slice(start, end)) || re.test(lines.lineText(lines.lineOf(start)))) return e;
    }
  }
  return undefined;
}

describe('Allowlist', () => {
  const ch = fc.constantFrom('秘', '密', '花', '园', '《', '》', '\n', 'U', '(', ')');
  const entries = fc.array(
    fc.oneof(
      fc.array(ch.filter((c) => c !== '\n'), { minLength: 1, maxLength: 4 }).map((a) => ({ text: a.join(''), reason: 't' }) as AllowEntry),
      fc.constantFrom<AllowEntry>({ pattern: '^\\(U\\)', reason: 'p' }, { pattern: '花园$', reason: 'p', ruleId: 'term.' }),
    ),
    { maxLength: 4 },
  );
  it('forText and match agree with a brute-force reading of the rule, finding by finding', () => {
    fc.assert(
      fc.property(entries, fc.array(ch, { minLength: 1, maxLength: 60 }).map((a) => a.join('')), fc.array(fc.tuple(fc.nat(), fc.nat(4)), { maxLength: 12 }), fc.constantFrom('term.x', 'marking.y'), (es, text, spans, ruleId) => {
        const allow = new Allowlist(es);
        const lines = new LineIndex(text);
        const forText = allow.forText(text, lines);
        for (const [s, len] of spans) {
          const start = s % text.length;
          const end = Math.min(text.length, start + len);
          const want = reference(es, ruleId, text, start, end);
          expect(forText(ruleId, start, end)).toBe(want);
          expect(allow.match(ruleId, text, start, end, () => lines.lineText(lines.lineOf(start)))).toBe(want);
        }
      }),
    );
  });
});

/** A string's UTF-16 units (a string's iterator would give code points). */
const unitsOf = (text: string): Uint16Array => {
  const u = new Uint16Array(text.length);
  for (let i = 0; i < text.length; i++) u[i] = text.charCodeAt(i);
  return u;
};

describe('assessTextQuality', () => {
  /** The rule as a plain loop over code points. */
  function slow(text: string): { replacement: number; privateUse: number; controls: number; loneSurrogates: number } {
    const q = { replacement: 0, privateUse: 0, controls: 0, loneSurrogates: 0 };
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      const d = text.charCodeAt(i + 1);
      if (c >= 0xd800 && c <= 0xdbff && d >= 0xdc00 && d <= 0xdfff) {
        if ((c - 0xd800) * 1024 + (d - 0xdc00) + 0x10000 >= 0xf0000) q.privateUse++;
        i++;
      } else if (c >= 0xd800 && c <= 0xdfff) q.loneSurrogates++;
      else if (c === 0xfffd) q.replacement++;
      else if (c >= 0xe000 && c <= 0xf8ff && !(c >= 0xf000 && c <= 0xf0ff)) q.privateUse++;
      else if ((c < 0x20 && ![9, 10, 11, 12, 13].includes(c)) || (c >= 0x7f && c < 0xa0)) q.controls++;
    }
    return q;
  }
  it('counts exactly what a code-point loop counts, clean text included', () => {
    const unit = fc.oneof(
      fc.constantFrom('机', 'a', ' ', '\n', '\t', '\u000b', '\ufffd', '\ue001', '\uf041', '\uf8ff', '\u0000', '\u0085', '\ud83d', '\ude00', '\udb80', '\udc00'),
      fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)),
    );
    fc.assert(
      fc.property(fc.array(unit, { maxLength: 80 }).map((a) => a.join('')), (text) => {
        const q = assessTextQuality(text);
        expect({ replacement: q.replacement, privateUse: q.privateUse, controls: q.controls, loneSurrogates: q.loneSurrogates }).toEqual(slow(text));
        // Given the units (an extractor's), the same counts: the unit table says what the expression says.
        expect(assessTextQuality(text, unitsOf(text))).toEqual(q);
      }),
      { numRuns: 500 },
    );
  });

  it('given units, judges every one of the 65,536 units as the expression over the string does', () => {
    const clean = '机密 a\n';
    const wrong: string[] = [];
    for (let u = 0; u <= 0xffff; u++) {
      const text = clean + String.fromCharCode(u) + clean;
      if (JSON.stringify(assessTextQuality(text, unitsOf(text))) !== JSON.stringify(assessTextQuality(text))) wrong.push(u.toString(16));
    }
    expect(wrong).toEqual([]);
  });

  it('given units, finds a single suspect unit of every kind anywhere in clean text', () => {
    const clean = '机密文件 abc\n'.repeat(40);
    for (const bad of ['\ufffd', '\ue001', '\u0001', '\u0085', '\ud83d', '\udc00', '\u202e']) {
      for (const at of [0, 17, clean.length]) {
        const text = clean.slice(0, at) + bad + clean.slice(at);
        const units = unitsOf(text);
        expect(assessTextQuality(text, units), `${bad.charCodeAt(0).toString(16)} at ${at}`).toEqual(assessTextQuality(text));
        expect(assessTextQuality(text, units)).not.toEqual(assessTextQuality(clean));
      }
    }
  });
});
