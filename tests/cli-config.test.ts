/**
 * Config discovery (prepub.config.json, .prepubrc.json, package.json "prepub", nearest upward) and
 * validation of config and policy against the published JSON Schemas: every error names the file,
 * the line and the key; unknown keys and misspelled rule ids come with a suggestion.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findConfig, loadConfig, loadPolicyFile, parseConfig, starterConfig } from '../packages/cli/src/config.ts';
import { CLI_DIR, runCli, tempTree } from '../packages/cli/test/support.ts';
import { ROSTER } from './cli-fixtures.ts';

// The policy schema is the engine's (packages/core/schema), shared by the library and the command.
const schema = (name: string) => JSON.parse(readFileSync(name === 'policy.schema.json' ? path.join(CLI_DIR, '../core/schema', name) : path.join(CLI_DIR, 'schema', name), 'utf8'));

describe('config discovery', () => {
  it('finds prepub.config.json, .prepubrc.json or package.json "prepub" from the working folder upward', async () => {
    const root = tempTree({
      'a/.prepubrc.json': '{ "failOn": "block" }',
      'a/b/c/x.txt': 'x',
      'p/package.json': JSON.stringify({ name: 'site', prepub: { mask: false } }),
      'p/q/package.json': JSON.stringify({ name: 'inner' }), // no "prepub" key: skipped, search goes on
      'both/prepub.config.json': '{ "concurrency": 2 }',
      'both/.prepubrc.json': '{ "concurrency": 3 }',
    });
    expect(await findConfig(path.join(root, 'a/b/c'))).toBe(path.join(root, 'a/.prepubrc.json'));
    expect((await loadConfig(path.join(root, 'a/b')))?.config).toEqual({ failOn: 'block' });
    expect(await findConfig(path.join(root, 'p/q'))).toBe(path.join(root, 'p/package.json'));
    expect((await loadConfig(path.join(root, 'p/q')))?.config).toEqual({ mask: false });
    expect((await loadConfig(path.join(root, 'both')))?.config).toEqual({ concurrency: 2 });
  });

  it('a config found through package.json is used by scan', async () => {
    const cwd = tempTree({ 'package.json': JSON.stringify({ name: 'x', prepub: { failOn: 'block' } }), 'docs/roster.txt': ROSTER });
    // The roster needs review; failOn block from package.json makes that exit 0.
    expect((await runCli(['scan', 'roster.txt'], { cwd: path.join(cwd, 'docs') })).code).toBe(0);
  });
});

describe('validation against the published schemas', () => {
  const fail = async (files: Record<string, string>, argv: string[] = ['scan', 'x.txt']) => {
    const r = await runCli(argv, { cwd: tempTree({ 'x.txt': 'x', ...files }) });
    expect(r.code).toBe(3);
    return r.stderr;
  };

  it('the schemas are published JSON Schema 2020-12, and the starter config satisfies them', async () => {
    for (const name of ['config.schema.json', 'policy.schema.json']) expect(schema(name).$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(await parseConfig(starterConfig(), 'starter.json')).toMatchObject({ failOn: 'review' });
    await expect(parseConfig('{ "polcy": {} }', 'c.json')).rejects.toThrow(/c\.json:1:3: unknown key "polcy"/);
  });

  it('config: JSON errors, unknown keys (with a suggestion) and wrong types name file, line and key', async () => {
    expect(await fail({ 'prepub.config.json': '{\n  "mask": true,\n  "failOn": "block",,\n}' })).toMatch(/prepub\.config\.json:3:21: not valid JSON/);
    expect(await fail({ 'prepub.config.json': '{\n  "mask": true,\n  "polcy": "p.json"\n}' })).toMatch(/prepub\.config\.json:3:3: unknown key "polcy" \(did you mean "policy"\?\)/);
    expect(await fail({ 'prepub.config.json': '{\n  "limits": { "maxPage": 3 }\n}' })).toMatch(/prepub\.config\.json:2:15: unknown key "maxPage" in limits \(did you mean "maxPages"\?\)/);
    expect(await fail({ 'prepub.config.json': '{ "concurrency": "four" }' })).toMatch(/prepub\.config\.json:1:18: concurrency must be integer/);
    expect(await fail({ 'prepub.config.json': '{ "failOn": "pass" }' })).toMatch(/failOn must be one of "review", "block"/);
    expect(await fail({ '.prepubrc.json': '{ "ocr": { "worker": 2 } }' })).toMatch(/\.prepubrc\.json:1:12: unknown key "worker" in ocr \(did you mean "workers"\?\)/);
    expect(await fail({ 'package.json': '{\n "name": "x",\n "prepub": {\n   "exclud": []\n }\n}' })).toMatch(/package\.json:4:4: unknown key "exclud" \(did you mean "exclude"\?\)/);
  });

  it('policy: file, line and key for JSON errors, unknown keys, bad values and misspelled rule ids', async () => {
    const policy = async (text: string) => fail({ 'policy.json': text }, ['scan', '--policy', 'policy.json', 'x.txt']);
    expect(await policy('{\n  "thresholds": { "block": 0.8 \n}')).toMatch(/policy\.json:3:2: not valid JSON/);
    expect(await policy('{\n  "thresholds": { "blok": 0.8 }\n}')).toMatch(/policy\.json:2:19: unknown key "blok" in thresholds \(did you mean "block"\?\)/);
    expect(await policy('{ "thresholds": { "block": 2 } }')).toMatch(/thresholds\.block must be <= 1/);
    expect(await policy('{\n  "rules": {\n    "pii.emial": { "enabled": false }\n  }\n}')).toMatch(/policy\.json:3:5: unknown rule id "pii\.emial" \(did you mean "pii\.email"\?\)/);
    expect(await policy('{ "allowlist": [ { "text": "x", "reason": "r", "ruleId": "marking.cn-state-secrt" } ] }')).toMatch(/policy\.json:1:\d+: unknown rule id "marking\.cn-state-secrt" \(did you mean "marking\.cn-state-secret"\?\)/);
    expect(await policy('{ "allowlist": [ { "reason": "r" } ] }')).toMatch(/allowlist\[0\] needs "text" or "pattern"/);
    expect(await policy('{ "waivers": [ { "fingerprint": "f", "reason": "r", "approvedBy": "a", "expires": "next week" } ] }')).toMatch(/waivers\[0\]\.expires must match pattern/);
    // An inline policy in the config is checked the same way, with the config's lines.
    expect(await fail({ 'prepub.config.json': '{\n  "policy": {\n    "rules": { "pii.emial": {} }\n  }\n}' })).toMatch(/prepub\.config\.json:3:16: unknown rule id "pii\.emial"/);
    expect(await fail({ 'prepub.config.json': '{ "policy": "missing.json" }' })).toMatch(/policy file not found: missing\.json/);
  });

  it('accepts rule prefixes, dictionary categories and documentation keys', async () => {
    const dir = tempTree({
      'p.json': JSON.stringify({ $comment: 'ok', rules: { pii: { maxSeverity: 'review' }, 'term.': { enabled: true }, 'term.project': {}, 'marking.': {} }, allowlist: [{ text: '示例', reason: 'r', ruleId: 'term.' }] }),
    });
    const p = await loadPolicyFile(path.join(dir, 'p.json'), 'p.json');
    expect(Object.keys(p.rules ?? {})).toEqual(['pii', 'term.', 'term.project', 'marking.']);
    expect(p).not.toHaveProperty('$comment');
  });
});
