import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  Allowlist,
  BUILTIN_DETECTORS,
  Engine,
  copyPart,
  defineLazyText,
  hasLazyText,
  normalize,
  normalizeLazy,
  originalSlice,
  partLength,
  partSlice,
  resolvePolicy,
  sliceUnits,
  textQualityLoss,
  unitsString,
  type TextPart,
} from '@prepub/core';

const unitsOf = (s: string): Uint16Array => Uint16Array.from({ length: s.length }, (_, i) => s.charCodeAt(i));
const lazyPart = (text: string, id = 'body'): TextPart & { units: Uint16Array } =>
  defineLazyText<TextPart & { units: Uint16Array }>({ id, role: 'body', text: '', units: unitsOf(text), origin: {}, leading: true });
const eagerPart = (text: string, id = 'body'): TextPart => ({ id, role: 'body', text, units: unitsOf(text), origin: {}, leading: true });

// Any UTF-16 units, lone surrogates included; long enough for the Buffer path of unitsString.
const anyUnits = fc.array(fc.integer({ min: 0, max: 0xffff }), { maxLength: 300 }).map((a) => String.fromCharCode(...a));

describe('a text built from its units on first read', () => {
  it('slices of the units are the string’s slices, every unit kept (lone surrogates too)', () => {
    fc.assert(
      fc.property(anyUnits, fc.nat(310), fc.nat(310), (s, a, b) => {
        const u = unitsOf(s);
        expect(unitsString(u)).toBe(s);
        expect(sliceUnits(u, a, b)).toBe(s.slice(a, b));
        expect(sliceUnits(u, a)).toBe(s.slice(a));
      }),
      { seed: 22, numRuns: 500 },
    );
  });

  it('is the string of its units, built once, and replaced by an assignment', () => {
    const text = '机密★5年\n正文\ud800。';
    const p = lazyPart(text);
    expect(hasLazyText(p)).toBe(true);
    expect(partLength(p)).toBe(text.length);
    expect(partSlice(p, 0, 5)).toBe('机密★5年');
    // Length and slices leave it unbuilt.
    expect(hasLazyText(p)).toBe(true);
    expect(p.text).toBe(text);
    expect(hasLazyText(p)).toBe(false);
    expect(Object.keys(p)).toEqual(['id', 'role', 'text', 'units', 'origin', 'leading']);
    p.text = 'other';
    expect(p.text).toBe('other');
  });

  it('a copy keeps it unbuilt; a spread and a structured clone carry the string', () => {
    const text = '秘密★1年\n内容';
    const p = lazyPart(text);
    const c = copyPart(p, { id: 'x/body' });
    expect(hasLazyText(c) && hasLazyText(p)).toBe(true);
    expect(c.id).toBe('x/body');
    expect(c.text).toBe(text);
    expect({ ...lazyPart(text) }.text).toBe(text);
    expect(structuredClone(lazyPart(text)).text).toBe(text);
  });

  it('text quality is the same from the units as from the string', () => {
    fc.assert(
      fc.property(anyUnits, (s) => {
        expect(textQualityLoss(lazyPart(s))).toEqual(textQualityLoss({ id: 'body', text: s, origin: {} }));
      }),
      { seed: 23, numRuns: 300 },
    );
  });

  it('normalizing from the units answers slices of the original without building it', () => {
    fc.assert(
      fc.property(anyUnits, fc.nat(310), fc.nat(310), (s, a, b) => {
        let built = 0;
        const lazy = normalizeLazy(() => (built++, s), unitsOf(s));
        const eager = normalize(s);
        expect(lazy.text).toBe(eager.text);
        expect(Array.from(lazy.map)).toEqual(Array.from(eager.map));
        expect(originalSlice(lazy, a, b)).toBe(s.slice(a, b));
        expect(built).toBe(0);
        expect(lazy.original).toBe(s);
        expect(built).toBe(1);
      }),
      { seed: 24, numRuns: 300 },
    );
  });

  it('the engine finds the same in a part whose text is unbuilt, and leaves it unbuilt', () => {
    const texts = [
      '000012\n机密★5年\n特急\n\nXX市保密局文件\n',
      '| 密级 | 机密★3年 |\n| 内部资料 | 注意保存 |\n',
      '关于印发《工作秘密管理办法》的通知\n各单位：\n  现将办法印发给你们。\n机\n密\n★\n5\n年\n',
      'TOP SECRET//NOFORN\n(S//NF) The plan.\nClassified By: J. Smith\nDeclassify On: 20451231\n',
      '联系人：张三，手机 13812345678，身份证 11010519491231002X。\r\n数据的机密性是三要素之一。\n',
      '秘 密 ★ 1 年\u3000（国家秘密）\n内容\n',
    ];
    const engine = new Engine({ detectors: [...BUILTIN_DETECTORS], policy: resolvePolicy(), allowlist: new Allowlist([]) });
    for (const text of texts) {
      const lazy = [lazyPart(text), lazyPart(`前言\n${text}`, 'page-2')];
      const eager = [eagerPart(text), eagerPart(`前言\n${text}`, 'page-2')];
      const a = engine.analyzeAll(lazy, { today: '2026-01-01' });
      const b = engine.analyzeAll(eager, { today: '2026-01-01' });
      expect(a.findings.length, text).toBeGreaterThan(0);
      expect(JSON.stringify(a), text).toBe(JSON.stringify(b));
      expect(lazy.every(hasLazyText), text).toBe(true);
    }
  });
});
