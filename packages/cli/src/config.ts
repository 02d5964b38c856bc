/**
 * `prepub.config.json`: dictionaries, policy, limits, OCR settings and include/exclude globs for a
 * project. Found in the current folder or the nearest parent folder, or named with `--config`.
 * Plain JSON; keys starting with `$` (`$comment`, `$schema`) and `//` are documentation and
 * ignored; `//` and `/* *\/` comments are also accepted (JSONC).
 */
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Limits } from '@prepub/core';

/** File name looked for from the working folder upward. */
export const CONFIG_FILE = 'prepub.config.json';

/** The settings a config file can hold. Relative paths are relative to the config file's folder. */
export interface PrepubConfig {
  /** Extra dictionary files or folders (one term a line); added to the built-in dictionaries. */
  dictionaries?: string[];
  /** Whether the built-in dictionaries (the repository's `dictionaries/`) are loaded too (default true). */
  builtinDictionaries?: boolean;
  /** A policy file path, or the policy object itself. */
  policy?: string | Record<string, unknown>;
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
}

/** A config that was found and read, with the folder its relative paths are relative to. */
export interface LoadedConfig {
  path: string;
  dir: string;
  config: PrepubConfig;
}

/** A problem with the config, a policy or a dictionary file: a usage error (exit 3). */
export class UsageError extends Error {
  override name = 'UsageError';
}

const KNOWN_KEYS = new Set<keyof PrepubConfig>([
  'dictionaries',
  'builtinDictionaries',
  'policy',
  'limits',
  'ocr',
  'mask',
  'include',
  'exclude',
  'concurrency',
  'failOn',
  'helpUriBase',
]);

const LIMIT_KEYS = new Set([
  'maxFileBytes',
  'maxInflatedBytes',
  'maxArchiveEntries',
  'maxCompressionRatio',
  'maxNestingDepth',
  'maxPages',
  'pageTimeoutMs',
  'fileTimeoutMs',
  'maxTextChars',
]);

/** Removes `//` and `/* *\/` comments outside strings, so a JSONC file parses as JSON. */
export function stripJsonComments(text: string): string {
  let out = '';
  let i = 0;
  let inString = false;
  while (i < text.length) {
    const c = text[i];
    if (inString) {
      out += c;
      if (c === '\\') {
        out += text[i + 1] ?? '';
        i += 2;
        continue;
      }
      if (c === '"') inString = false;
      i++;
    } else if (c === '"') {
      inString = true;
      out += c;
      i++;
    } else if (c === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i++;
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      // Keep line breaks so JSON.parse positions still point at the right line.
      const chunk = end < 0 ? text.slice(i) : text.slice(i, end + 2);
      out += chunk.replace(/[^\n]/g, ' ');
      i += chunk.length;
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

function isStringArray(v: unknown): v is string[] {
  return Array.isArray(v) && v.every((x) => typeof x === 'string');
}

/** Checks a parsed config and returns it typed; throws {@link UsageError} naming the bad key. */
export function validateConfig(raw: unknown, where: string): PrepubConfig {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new UsageError(`${where}: the config must be a JSON object`);
  }
  const cfg: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(raw)) {
    if (k.startsWith('$') || k.startsWith('//')) continue;
    if (!KNOWN_KEYS.has(k as keyof PrepubConfig)) {
      throw new UsageError(`${where}: unknown key "${k}" (known: ${[...KNOWN_KEYS].join(', ')})`);
    }
    cfg[k] = v;
  }
  const bad = (key: string, want: string): never => {
    throw new UsageError(`${where}: "${key}" must be ${want}`);
  };
  for (const key of ['dictionaries', 'include', 'exclude'] as const) {
    if (cfg[key] !== undefined && !isStringArray(cfg[key])) bad(key, 'an array of strings');
  }
  if (cfg.builtinDictionaries !== undefined && typeof cfg.builtinDictionaries !== 'boolean') bad('builtinDictionaries', 'true or false');
  if (cfg.mask !== undefined && typeof cfg.mask !== 'boolean') bad('mask', 'true or false');
  if (cfg.policy !== undefined && typeof cfg.policy !== 'string' && (typeof cfg.policy !== 'object' || cfg.policy === null || Array.isArray(cfg.policy))) {
    bad('policy', 'a file path or an object');
  }
  if (cfg.concurrency !== undefined && (!Number.isInteger(cfg.concurrency) || (cfg.concurrency as number) < 1 || (cfg.concurrency as number) > 64)) {
    bad('concurrency', 'an integer from 1 to 64');
  }
  if (cfg.failOn !== undefined && cfg.failOn !== 'review' && cfg.failOn !== 'block') bad('failOn', '"review" or "block"');
  if (cfg.helpUriBase !== undefined && typeof cfg.helpUriBase !== 'string') bad('helpUriBase', 'a string');
  if (cfg.limits !== undefined) {
    if (typeof cfg.limits !== 'object' || cfg.limits === null || Array.isArray(cfg.limits)) bad('limits', 'an object');
    for (const [k, v] of Object.entries(cfg.limits as object)) {
      if (k.startsWith('$') || k.startsWith('//')) continue;
      if (!LIMIT_KEYS.has(k)) throw new UsageError(`${where}: unknown limit "${k}" (known: ${[...LIMIT_KEYS].join(', ')})`);
      if (typeof v !== 'number' || !(v > 0)) bad(`limits.${k}`, 'a positive number');
    }
    cfg.limits = Object.fromEntries(Object.entries(cfg.limits as object).filter(([k]) => LIMIT_KEYS.has(k)));
  }
  if (cfg.ocr !== undefined && typeof cfg.ocr !== 'boolean') {
    if (typeof cfg.ocr !== 'object' || cfg.ocr === null || Array.isArray(cfg.ocr)) bad('ocr', 'true, false or an object');
    const o = cfg.ocr as Record<string, unknown>;
    for (const [k, v] of Object.entries(o)) {
      if (k.startsWith('$') || k.startsWith('//')) continue;
      if (k === 'enabled') {
        if (typeof v !== 'boolean') bad('ocr.enabled', 'true or false');
      } else if (k === 'workers' || k === 'pageTimeoutMs') {
        if (!Number.isInteger(v) || (v as number) < 1) bad(`ocr.${k}`, 'a positive integer');
      } else {
        throw new UsageError(`${where}: unknown ocr setting "${k}" (known: enabled, workers, pageTimeoutMs)`);
      }
    }
  }
  return cfg as PrepubConfig;
}

/** Parses config text (JSON or JSONC). */
export function parseConfig(text: string, where: string): PrepubConfig {
  let raw: unknown;
  try {
    raw = JSON.parse(stripJsonComments(text.replace(/^\uFEFF/, '')));
  } catch (e) {
    throw new UsageError(`${where}: not valid JSON: ${(e as Error).message}`);
  }
  return validateConfig(raw, where);
}

async function isFile(p: string): Promise<boolean> {
  try {
    return (await stat(p)).isFile();
  } catch {
    return false;
  }
}

/** The nearest `prepub.config.json` from `dir` upward, or undefined. */
export async function findConfig(dir: string): Promise<string | undefined> {
  let cur = path.resolve(dir);
  for (;;) {
    const candidate = path.join(cur, CONFIG_FILE);
    if (await isFile(candidate)) return candidate;
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
    throw new UsageError(`cannot read config ${explicit ?? file}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`);
  }
  return { path: file, dir: path.dirname(file), config: parseConfig(text, file) };
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
    '$comment:concurrency': 'Files scanned at the same time.',
    concurrency: 4,
    '$comment:failOn': '"review": exit 1 on review, 2 on block. "block": review exits 0.',
    failOn: 'review',
  };
  return JSON.stringify(cfg, null, 2) + '\n';
}
