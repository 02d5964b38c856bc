/**
 * createScanner({ policy }) checks the policy however it is given (object, JSON text, file path):
 * unknown keys and rule ids are errors naming the key (for text, the file, line and column), not
 * settings that silently do nothing; a JSON syntax error names the file, line and column.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PolicyError, createScanner, type ScannerOptions } from '@prepub/scanner';

const dir = mkdtempSync(join(tmpdir(), 'prepub-policy-'));
const base: ScannerOptions = { ocr: false, isolation: false, dictionaries: [] };

function file(name: string, text: string): string {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}

async function rejection(policy: ScannerOptions['policy']): Promise<Error> {
  const err = await createScanner({ ...base, policy }).then(
    () => undefined,
    (e: Error) => e,
  );
  expect(err, 'createScanner accepted the policy').toBeInstanceOf(PolicyError);
  return err!;
}

describe('policy given as an object', () => {
  it('an unknown key is an error naming it and the closest known key', async () => {
    const e = await rejection({ thresholds: { blok: 0.8 } } as never);
    expect(e.message).toBe('policy thresholds.blok: unknown key "blok" in thresholds (did you mean "block"?)');
  });

  it('an unknown top-level key is an error', async () => {
    const e = await rejection({ waiver: [] } as never);
    expect(e.message).toContain('unknown key "waiver"');
    expect(e.message).toContain('did you mean "waivers"?');
  });

  it('a misspelled rule id is an error naming it and the rule meant', async () => {
    const e = await rejection({ rules: { 'pii.emial': { enabled: false } } });
    expect(e.message).toBe('policy rules.pii.emial: unknown rule id "pii.emial" (did you mean "pii.email"?)');
  });

  it('a misspelled rule id in an allowlist entry is an error', async () => {
    const e = await rejection({ allowlist: [{ text: 'x', ruleId: 'marking.cn-state-secrte', reason: 'r' }] });
    expect(e.message).toContain('allowlist[0].ruleId: unknown rule id "marking.cn-state-secrte" (did you mean "marking.cn-state-secret"?)');
  });

  it('a value of the wrong type is an error naming the key', async () => {
    const e = await rejection({ unread: 'pass' } as never);
    expect(e.message).toBe('policy unread: unread must be one of "review", "block"');
  });

  it('rule ids of prefixes, dictionary categories, unread and a custom detector are accepted', async () => {
    const custom = { id: 'acme.codename', title: 'Code names', summary: 'x', triggers: [], detect: () => [] } as unknown as NonNullable<ScannerOptions['detectors']>[number];
    const scanner = await createScanner({
      ...base,
      detectors: [custom],
      policy: { $comment: 'documentation keys are allowed', rules: { pii: { maxSeverity: 'review' }, 'term.project': { enabled: false }, unread: {}, 'acme.codename': { enabled: false } } } as never,
    });
    await scanner.close();
  });

  it('a valid policy takes effect', async () => {
    const text = new TextEncoder().encode('联系人：张三，邮箱 zhangsan@example.com\n');
    const plain = await createScanner(base);
    const off = await createScanner({ ...base, policy: { rules: { 'pii.email': { enabled: false } } } });
    try {
      expect((await plain.scan(text, { filename: 'a.txt' })).findings.map((f) => f.ruleId)).toContain('pii.email');
      expect((await off.scan(text, { filename: 'a.txt' })).findings.map((f) => f.ruleId)).not.toContain('pii.email');
    } finally {
      await plain.close();
      await off.close();
    }
  });
});

describe('policy given as a file or JSON text', () => {
  it('a misspelled rule id names the file, line and column of the key', async () => {
    const p = file('rules.json', '{\n  "rules": {\n    "pii.emial": { "enabled": false }\n  }\n}\n');
    const e = await rejection(p);
    expect(e.message).toBe(`${p}:3:5: unknown rule id "pii.emial" (did you mean "pii.email"?)`);
  });

  it('an unknown key names the file, line and column', async () => {
    const p = file('keys.json', '{\n  // comments are allowed\n  "thresholds": { "review": 0.5, "blokc": 0.8 }\n}\n');
    const e = await rejection(p);
    expect(e.message).toBe(`${p}:3:34: unknown key "blokc" in thresholds (did you mean "block"?)`);
  });

  it('a JSON syntax error names the file, line and column', async () => {
    const p = file('broken.json', '{\n  "thresholds": { "review": 0.5 },\n  "unread": "block",,\n}\n');
    const e = await rejection(p);
    expect(e.message).toMatch(new RegExp(`^${p.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}:3:21: not valid JSON: `));
  });

  it('JSON text is checked like a file', async () => {
    const e = await rejection('{ "rules": { "pii.emial": {} } }');
    expect(e.message).toBe('(policy JSON):1:14: unknown rule id "pii.emial" (did you mean "pii.email"?)');
  });

  it('a missing file is an error naming it', async () => {
    const e = await rejection(join(dir, 'nope.json'));
    expect(e.message).toBe(`policy file not found: ${join(dir, 'nope.json')}`);
  });

  it('a valid file is read', async () => {
    const p = file('ok.json', '{ "$schema": "x", "version": "site-7", "thresholds": { "review": 0.5 } }');
    const scanner = await createScanner({ ...base, policy: p });
    expect(scanner.info.policyVersion).toBe('site-7');
    await scanner.close();
  });
});
