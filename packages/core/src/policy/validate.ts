/**
 * Checks a policy as a user wrote it: against the published JSON Schema
 * (packages/core/schema/policy.schema.json, compiled ahead into policy-schema.generated.ts), then
 * its rule ids (`rules` keys, `allowlist[].ruleId`) against the rules the detectors report. An
 * unknown key or a misspelled rule id is an error naming it (and the closest known one), never
 * silently ignored: a misspelled `pii.emial: { enabled: false }` would otherwise do nothing.
 */
import { createRequire } from 'node:module';
import type { Detector } from '../detectors/types.ts';
import type { MessageRef } from '../i18n/index.ts';
import { PolicyError, type PolicyInput } from './policy.ts';
import { validate as validateSchema } from './policy-schema.generated.ts';

/** A path inside the policy: keys and array indexes. */
export type PolicyPath = ReadonlyArray<string | number>;

/** Options of {@link validatePolicy}. */
export interface ValidatePolicyOptions {
  /**
   * The detectors whose rule ids a policy may name (with `unread`, `error` and any `term.<category>`).
   * Default: no rule id check.
   */
  detectors?: readonly Detector[];
  /**
   * Where a path is in the policy's source, for messages (`policy.json:3:5`). `key`: the key itself
   * rather than its value. Default: the word `policy`.
   */
  locate?: (path: PolicyPath, key: boolean) => string;
}

/** One schema error as the generated validator reports it (ajv's ErrorObject, verbose). */
export interface SchemaError {
  keyword: string;
  instancePath: string;
  schemaPath: string;
  params: Record<string, unknown>;
  message?: string;
  parentSchema?: { properties?: Record<string, unknown> };
}

const schemaCheck = validateSchema as unknown as ((data: unknown) => boolean) & { errors?: SchemaError[] | null };

/** Documentation keys (`$comment`, `//…`) the schema allows anywhere and the engine ignores. */
const isDocKey = (k: string): boolean => k.startsWith('$') || k.startsWith('//');

/** Drops documentation keys at every level. */
export function stripPolicyDocKeys<T>(v: T): T {
  if (Array.isArray(v)) return v.map(stripPolicyDocKeys) as T;
  if (v === null || typeof v !== 'object') return v;
  return Object.fromEntries(Object.entries(v).filter(([k]) => !isDocKey(k)).map(([k, x]) => [k, stripPolicyDocKeys(x)])) as T;
}

let levenshtein: { closest(s: string, list: readonly string[]): string; distance(a: string, b: string): number } | undefined;

/** The closest of `known` to `word` when it is close enough to be a likely misspelling. */
export function closestKnown(word: string, known: readonly string[]): string | undefined {
  if (!known.length) return undefined;
  // Loaded on the error path only.
  levenshtein ??= createRequire(import.meta.url)('fastest-levenshtein') as typeof levenshtein;
  const best = levenshtein!.closest(word, known);
  return levenshtein!.distance(word, best) <= Math.max(2, Math.floor(word.length / 3)) ? best : undefined;
}

/** Rule ids the detectors report (`rules[].id`, or the detector's id), plus `unread` and `error`. */
export function knownRuleIds(detectors: readonly Detector[]): string[] {
  const ids = new Set<string>();
  for (const d of detectors) for (const r of d.rules?.length ? d.rules : [{ id: d.id }]) ids.add(r.id);
  ids.add('unread');
  ids.add('error');
  return [...ids];
}

/** Whether a policy may name `id`: a known rule, a prefix of one (`pii`, `pii.`), or `term`/`term.<category>`. */
function ruleIdMatcher(ids: readonly string[]): (id: string) => boolean {
  const prefixes = new Set<string>();
  for (const id of ids) {
    const parts = id.split('.');
    for (let i = 1; i < parts.length; i++) {
      prefixes.add(parts.slice(0, i).join('.'));
      prefixes.add(parts.slice(0, i).join('.') + '.');
    }
  }
  // Dictionary rules are term.<category>; a user dictionary may bring any category.
  return (id) => ids.includes(id) || prefixes.has(id) || id === 'term' || id.startsWith('term.');
}

function pathOf(instancePath: string): Array<string | number> {
  if (!instancePath) return [];
  return instancePath
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

function pathName(path: PolicyPath): string {
  return path.length ? path.map((p) => (typeof p === 'number' ? `[${p}]` : p)).join('.').replace(/\.\[/g, '[') : '(top level)';
}

/** A value the validator put in an error's params, as plain JSON data for a message's parameters. */
function plainParams(params: Record<string, unknown>): Record<string, unknown> {
  return JSON.parse(JSON.stringify(params ?? {})) as Record<string, unknown>;
}

/**
 * One schema error as a catalogue message (`config.*`): where it is (`where(path, key)`, e.g.
 * `policy.json:3:5`), the key at fault and, for an unknown key, the closest known one. The CLI's
 * config and policy checks and {@link validatePolicy} say the same things through it.
 */
export function schemaErrorRef(e: SchemaError, where: (path: PolicyPath, key: boolean) => string, suggest: (word: string, known: readonly string[]) => string | undefined = closestKnown): MessageRef {
  const path = pathOf(e.instancePath);
  const name = pathName(path);
  if (e.keyword === 'additionalProperties') {
    const key = e.params.additionalProperty as string;
    const known = Object.keys(e.parentSchema?.properties ?? {});
    const hint = suggest(key, known);
    return { id: 'config.unknown-key', params: { at: where([...path, key], true), key, ...(path.length ? { inside: name } : {}), ...(hint ? { hint } : known.length ? { known } : {}) } };
  }
  const at = where(path, false);
  if (e.keyword === 'enum') return { id: 'config.enum', params: { at, name, allowed: (e.params.allowedValues as unknown[]).map((v) => JSON.stringify(v)) } };
  if (e.keyword === 'required') return { id: 'config.required', params: { at, name, missing: e.params.missingProperty as string } };
  if (e.keyword === 'anyOf' && String(path[0] ?? '').includes('allowlist')) return { id: 'config.text-or-pattern', params: { at, name } };
  return { id: 'config.invalid', params: { at, name, keyword: e.keyword, params: plainParams(e.params), ...(e.message ? { message: e.message } : {}) } };
}

/**
 * Checks a policy written by a user and returns it typed, without its documentation keys. Throws a
 * {@link PolicyError} for the first problem, naming where it is and the key at fault: a key the
 * schema does not know, a value of the wrong type, a rule id no detector reports (with the closest
 * known one). {@link resolvePolicy} then checks what a schema cannot (threshold order, patterns).
 */
export function validatePolicy(value: unknown, options: ValidatePolicyOptions = {}): PolicyInput {
  const where = options.locate ?? ((path: PolicyPath) => (path.length ? `policy ${pathName(path)}` : 'policy'));
  if (!schemaCheck(value)) {
    const errors = schemaCheck.errors ?? [];
    // An if/then/else failure is reported by the branch's own error; an anyOf by itself, not by the
    // first branch that failed.
    const e = errors.find((x) => x.keyword !== 'if' && !x.schemaPath.includes('/anyOf/')) ?? errors[0];
    throw new PolicyError(e ? schemaErrorRef(e, where) : { id: 'config.not-valid-policy', params: { at: where([], false) } });
  }
  const policy = stripPolicyDocKeys(value) as PolicyInput;
  if (options.detectors) {
    const ids = knownRuleIds(options.detectors);
    const ok = ruleIdMatcher(ids);
    const named: Array<[string, PolicyPath, boolean]> = [];
    for (const id of Object.keys(policy.rules ?? {})) named.push([id, ['rules', id], true]);
    (policy.allowlist ?? []).forEach((a, i) => a.ruleId !== undefined && named.push([a.ruleId, ['allowlist', i, 'ruleId'], false]));
    for (const [id, path, isKey] of named) {
      if (ok(id)) continue;
      const hint = closestKnown(id, [...ids, 'term.']);
      throw new PolicyError({ id: 'config.unknown-rule', params: { at: where(path, isKey), id, ...(hint ? { hint } : {}) } });
    }
  }
  return policy;
}
