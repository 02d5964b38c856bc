/**
 * The policy validator the library uses is the published schema compiled ahead; it must be that
 * schema's current compilation, and the schema and the engine's policy type must agree.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { VALIDATOR_PATH, policyValidatorModule } from '../scripts/policy-validator.ts';
import { BUILTIN_DETECTORS, PolicyError, hasCjk, knownRuleIds, renderMessage, resolvePolicy, validatePolicy } from '../src/index.ts';

describe('policy validation', () => {
  it('the generated validator is the current schema compiled (else run pnpm tsx packages/core/scripts/policy-validator.ts)', () => {
    expect(readFileSync(VALIDATOR_PATH, 'utf8')).toBe(policyValidatorModule());
  });

  it('accepts every field the engine reads, and resolvePolicy takes the result', () => {
    const p = validatePolicy(
      {
        version: 'v2',
        thresholds: { block: 0.8, review: 0.5 },
        allowlist: [{ text: '保密法', reason: 'law title' }, { pattern: '^第.+条', ruleId: 'marking', reason: 'articles' }],
        waivers: [{ fingerprint: 'abc', reason: 'r', approvedBy: 'me', expires: '2030-01-01' }],
        unread: 'block',
        rules: { 'pii.email': { enabled: false, maxSeverity: 'review' } },
        '// note': 'dropped',
      },
      { detectors: BUILTIN_DETECTORS },
    );
    expect(p).not.toHaveProperty('// note');
    expect(resolvePolicy(p).thresholds).toEqual({ block: 0.8, review: 0.5 });
  });

  it('names the key at fault and the location the caller gives', () => {
    const at: unknown[] = [];
    const run = () => validatePolicy({ waivers: [{ fingerprint: 'f', reason: 'r', approvedBy: 'a', expires: 'soon' }] }, { locate: (path, key) => (at.push([path, key]), 'here') });
    expect(run).toThrow(PolicyError);
    expect(run).toThrow('here: waivers[0].expires must match pattern');
    expect(at[0]).toEqual([['waivers', 0, 'expires'], false]);
  });

  it('rule ids: without detectors none is checked, with them each named id must be known', () => {
    expect(() => validatePolicy({ rules: { 'pii.emial': {} } })).not.toThrow();
    expect(() => validatePolicy({ rules: { 'pii.emial': {} } }, { detectors: BUILTIN_DETECTORS })).toThrow('unknown rule id "pii.emial" (did you mean "pii.email"?)');
    const ids = knownRuleIds(BUILTIN_DETECTORS);
    for (const id of ids) expect(() => validatePolicy({ rules: { [id]: { enabled: false } } }, { detectors: BUILTIN_DETECTORS })).not.toThrow();
    expect(ids).toContain('marking.cn-state-secret');
  });

  it('every policy error carries a catalogue message: English as before, Chinese with the same place and key', () => {
    const error = (f: () => unknown): PolicyError => {
      try {
        f();
      } catch (e) {
        if (e instanceof PolicyError) return e;
        throw e;
      }
      throw new Error('no PolicyError');
    };
    const locate = (path: ReadonlyArray<string | number>) => `policy.json:${path.length + 1}:3`;
    const cases: Array<[PolicyError, string]> = [
      [error(() => validatePolicy({ thresholds: { blok: 0.8 } }, { locate })), '未知的键“blok”'],
      [error(() => validatePolicy({ rules: { 'pii.emial': {} } }, { detectors: BUILTIN_DETECTORS, locate })), '“pii.email”'],
      [error(() => validatePolicy({ unread: 'pass' }, { locate })), 'unread 只能是'],
      [error(() => resolvePolicy({ thresholds: { block: 0.3, review: 0.5 } })), '阈值'],
      [error(() => resolvePolicy({ allowlist: [{ pattern: '(', reason: 'r' }] })), '正则表达式'],
      [error(() => resolvePolicy({ waivers: [{ fingerprint: 'f', reason: 'r', approvedBy: 'a', expires: 'soon' }] })), 'waivers[0]'],
    ];
    for (const [e, zh] of cases) {
      expect(e.ref, e.message).toBeDefined();
      expect(renderMessage('en', e.ref!)).toBe(e.message);
      const z = renderMessage('zh', e.ref!);
      expect(hasCjk(z), z).toBe(true);
      expect(z).toContain(zh);
      const at = /^policy\.json:\d+:\d+/.exec(e.message)?.[0];
      if (at) expect(z.startsWith(`${at}：`), z).toBe(true);
    }
  });
});
