/**
 * The project config: dictionaries, policy, limits, OCR settings and include/exclude globs. Found
 * like eslint's and prettier's: in the working folder or the nearest parent folder holding
 * `prepub.config.json`, `.prepubrc.json` or a package.json with a `"prepub"` key (in that order
 * within one folder), or named with `--config`. Checked against the published JSON Schema
 * `packages/cli/schema/config.schema.json`; keys starting with `$` (`$comment`, `$schema`) and `//`
 * are documentation, and `//` and `/* *\/` comments are accepted (JSONC). A policy, inline or in its
 * own file, is checked against `policy.schema.json` and its rule ids against the known rules.
 */
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Limits, PolicyInput } from '@prepub/core';
import { UsageError } from './errors.ts';
import type { JsonSource } from './validate.ts';

/**
 * The JSON and schema checking code (ajv, jsonc-parser, fastest-levenshtein), loaded only when a
 * config or policy file is there to check: a plain `prepub scan` does not pay for it at start-up.
 */
const validation = () => import('./validate.ts');

export { UsageError } from './errors.ts';

/** File name `prepub init` writes; the first name looked for in each folder. */
export const CONFIG_FILE = 'prepub.config.json';

/** The names looked for in each folder, in order; `package.json` counts only with a `"prepub"` key. */
export const CONFIG_FILES = [CONFIG_FILE, '.prepubrc.json', 'package.json'] as const;

/** The settings a config file can hold. Relative paths are relative to the config file's folder. */
export interface PrepubConfig {
  /** Extra dictionary files or folders (one term a line); added to the built-in dictionaries. */
  dictionaries?: string[];
  /** Whether the built-in dictionaries (the repository's `dictionaries/`) are loaded too (default true). */
  builtinDictionaries?: boolean;
  /** A policy file path, or the policy object itself. */
  policy?: string | PolicyInput;
  /** Overrides of the scanner's limits. */
  limits?: Partial<Limits>;
  /** OCR: `false` to turn it off (pictures are then reported unread), or worker settings. */
  ocr?: boolean | { enabled?: boolean; workers?: number; pageTimeoutMs?: number };
  /** Mask excerpts in reports (default true). */
  mask?: boolean;
  /** Globs a file inside a scanned folder must match (default: every file). */
  include?: string[];
  /** Globs of files inside scanned folders to leave out. */
  exclude?: string[];
  /** Files scanned at the same time (default 4). */
  concurrency?: number;
  /** `review` (default) or `block`: the lowest verdict that makes the exit code non-zero. */
  failOn?: 'review' | 'block';
  /** Base URI of rule documentation used in SARIF `helpUri` (default: this package's README). */
  helpUriBase?: string;
  /** Language of messages and reports, `zh` or `en` (`--lang` wins; default: the locale). */
  lang?: 'zh' | 'en';
}

/** A config that was found and read, with the folder its relative paths are relative to. */
export interface LoadedConfig {
  path: string;
  dir: string;
  config: PrepubConfig;
}

/** Drops documentation keys (`$…`, `//…`) at every level. */
function stripDocKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(stripDocKeys);
  if (v === null || typeof v !== 'object') return v;
  return Object.fromEntries(
    Object.entries(v)
      .filter(([k]) => !k.startsWith('$') && !k.startsWith('//'))
      .map(([k, x]) => [k, stripDocKeys(x)]),
  );
}

/** Rule ids and prefixes a policy may name; loaded only when a policy names rules. */
async function knownRuleIds(): Promise<{ ids: string[]; ok: (id: string) => boolean }> {
  const { allRuleDocs } = await import('@prepub/report');
  const ids = allRuleDocs().map((d) => d.id);
  const prefixes = new Set<string>();
  for (const id of ids) {
    const parts = id.split('.');
    for (let i = 1; i < parts.length; i++) {
      prefixes.add(parts.slice(0, i).join('.'));
      prefixes.add(parts.slice(0, i).join('.') + '.');
    }
  }
  // Dictionary rules are term.<category>; a user dictionary may bring any category.
  const ok = (id: string) => ids.includes(id) || prefixes.has(id) || id === 'term' || id.startsWith('term.');
  return { ids: [...ids, 'term.'], ok };
}

/**
 * Checks a policy (already parsed, at `at` inside `src`) against the schema, then its rule ids
 * (`rules` keys, `allowlist[].ruleId`) against the known rules. Returns it typed.
 */
export async function checkPolicy(value: unknown, src: JsonSource, at: Array<string | number> = []): Promise<PolicyInput> {
  const { checkSchema, locate, suggest } = await validation();
  checkSchema('policy.schema.json', value, at.length ? { ...src, base: [...src.base, ...at] } : src);
  const policy = stripDocKeys(value) as PolicyInput;
  const named: Array<[string, Array<string | number>, boolean]> = [];
  for (const id of Object.keys(policy.rules ?? {})) named.push([id, [...at, 'rules', id], true]);
  (policy.allowlist ?? []).forEach((a, i) => a.ruleId !== undefined && named.push([a.ruleId, [...at, 'allowlist', i, 'ruleId'], false]));
  if (named.length) {
    const known = await knownRuleIds();
    for (const [id, p, isKey] of named) {
      if (known.ok(id)) continue;
      const hint = suggest(id, known.ids);
      throw new UsageError({ id: 'config.unknown-rule', params: { at: locate(src, p, isKey), id, ...(hint ? { hint } : {}), explain: true } });
    }
  }
  return policy;
}

/** Reads and checks a policy file. */
export async function loadPolicyFile(file: string, shown = file): Promise<PolicyInput> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    throw new UsageError({ id: 'config.policy-not-found', params: { file: shown, ...((e as NodeJS.ErrnoException).code === 'ENOENT' ? {} : { message: (e as Error).message }) } });
  }
  const { value, source } = (await validation()).parseJsonSource(text, shown);
  return checkPolicy(value, source);
}

/** Checks parsed config `value` (at `src.base` in its file) and returns it typed. */
async function checkConfig(value: unknown, src: JsonSource): Promise<PrepubConfig> {
  (await validation()).checkSchema('config.schema.json', value, src);
  const cfg = stripDocKeys(value) as PrepubConfig;
  if (cfg.policy !== undefined && typeof cfg.policy === 'object') cfg.policy = await checkPolicy((value as Record<string, unknown>).policy, src, ['policy']);
  return cfg;
}

/** Parses config text (JSON or JSONC) read from `where`; `key` for package.json's `"prepub"`. */
export async function parseConfig(text: string, where: string, key?: string): Promise<PrepubConfig> {
  const { value, source } = (await validation()).parseJsonSource(text, where, key ? [key] : []);
  return checkConfig(value, source);
}

async function isFile(p: string): Promise<boolean> {
  try {
    return (await stat(p)).isFile();
  } catch {
    return false;
  }
}

/** Whether package.json text has a `"prepub"` key (a broken package.json is someone else's business). */
function hasPrepubKey(text: string): boolean {
  try {
    const v = JSON.parse(text) as unknown;
    return typeof v === 'object' && v !== null && 'prepub' in v;
  } catch {
    return false;
  }
}

/** The nearest config from `dir` upward (see {@link CONFIG_FILES}), or undefined. */
export async function findConfig(dir: string): Promise<string | undefined> {
  let cur = path.resolve(dir);
  for (;;) {
    for (const name of CONFIG_FILES) {
      const candidate = path.join(cur, name);
      if (!(await isFile(candidate))) continue;
      if (name !== 'package.json' || hasPrepubKey(await readFile(candidate, 'utf8'))) return candidate;
    }
    const parent = path.dirname(cur);
    if (parent === cur) return undefined;
    cur = parent;
  }
}

/**
 * Loads the config: the `explicit` path when given (missing → {@link UsageError}), else the nearest
 * one from `cwd` upward, else none.
 */
export async function loadConfig(cwd: string, explicit?: string): Promise<LoadedConfig | undefined> {
  const file = explicit !== undefined ? path.resolve(cwd, explicit) : await findConfig(cwd);
  if (file === undefined) return undefined;
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    throw new UsageError({ id: 'config.cannot-read', params: { file: explicit ?? file, ...((e as NodeJS.ErrnoException).code === 'ENOENT' ? {} : { message: (e as Error).message }) } });
  }
  const shown = explicit ?? path.relative(cwd, file) ?? file;
  const key = path.basename(file) === 'package.json' ? 'prepub' : undefined;
  if (key && !hasPrepubKey(text)) throw new UsageError({ id: 'config.no-prepub-key', params: { file: shown } });
  return { path: file, dir: path.dirname(file), config: await parseConfig(text, shown || file, key) };
}

/** The starter config written by `prepub init`: every setting, documented in `$comment` keys. */
export function starterConfig(): string {
  const cfg = {
    $comment: [
      'prepub configuration. prepub looks for prepub.config.json in the current folder and its parents, or takes --config <file>.',
      'JSON has no comments: keys starting with "$" (like this one) or "//" are documentation and ignored; // and /* */ comments are accepted too.',
      'Relative paths are relative to the folder of this file. Command-line options win over these settings.',
    ],
    '$comment:dictionaries': 'Extra term lists (files or folders of .txt files, one term a line, see the README section Dictionaries). They are added to the built-in dictionaries.',
    dictionaries: [],
    '$comment:builtinDictionaries': 'Set to false to use only the dictionaries listed above.',
    builtinDictionaries: true,
    '$comment:policy': 'A policy file (thresholds, allowlist, waivers) or the policy object itself. Leave out for the default policy.',
    '$comment:limits': 'Content over a limit is reported unread (verdict review), never skipped. Sizes in bytes, times in ms.',
    limits: {
      maxFileBytes: 209715200,
      maxPages: 2000,
      pageTimeoutMs: 30000,
      fileTimeoutMs: 300000,
    },
    '$comment:ocr': 'OCR of pictures and scanned pages, offline. false turns it off: pictures are then reported unread.',
    ocr: { enabled: true, workers: 2, pageTimeoutMs: 30000 },
    '$comment:mask': 'Mask excerpts in reports so a report does not spread what it found. --no-mask overrides.',
    mask: true,
    '$comment:include': 'Globs (relative to each scanned folder) a file must match to be scanned. Empty: every file.',
    include: [],
    '$comment:exclude': 'Globs of files to leave out of folder scans. .git and node_modules are always left out. A .prepubignore file (gitignore syntax) works too.',
    exclude: [],
    // No number is written: a config file travels between machines, and the default follows each one's cores.
    '$comment:concurrency': 'Files scanned at the same time, each read in its own worker thread. Left out, it is the number of cores; set "concurrency": N to fix it.',
    '$comment:failOn': '"review": exit 1 on review, 2 on block. "block": review exits 0.',
    failOn: 'review',
    // Left out, the language follows each user's locale.
    '$comment:lang': 'Language of messages and reports: "zh" (简体中文) or "en". Left out, the locale decides (LANG=zh_CN.UTF-8 gives zh); --lang overrides.',
  };
  return JSON.stringify(cfg, null, 2) + '\n';
}
