/**
 * Turns a config file plus command-line options into scanner options. Command-line options win.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import path from 'node:path';
import { DEFAULT_LIMITS, type Limits } from '@prepub/core';
import type { ScannerOptions } from './scanner-types.ts';
import { UsageError, loadPolicyFile, type LoadedConfig } from './config.ts';

/** Command-line settings that shape the scanner. */
export interface ScannerFlags {
  dict?: string[];
  policy?: string;
  /** false when `--no-ocr` was given. */
  ocr?: boolean;
  /** false when `--no-mask` was given. */
  mask?: boolean;
}

async function readDictionary(file: string, shown: string): Promise<Array<{ name: string; text: string }>> {
  let st;
  try {
    st = await stat(file);
  } catch {
    throw new UsageError({ id: 'config.dictionary-not-found', params: { file: shown } });
  }
  if (st.isDirectory()) {
    const names = (await readdir(file)).filter((n) => n.endsWith('.txt')).sort();
    const out: Array<{ name: string; text: string }> = [];
    for (const n of names) out.push(...(await readDictionary(path.join(file, n), path.join(shown, n))));
    return out;
  }
  const buf = await readFile(file);
  return [{ name: shown, text: new TextDecoder('utf-8').decode(buf) }];
}

/** Builds {@link ScannerOptions} from the config and flags; throws {@link UsageError} for missing files. */
export async function buildScannerOptions(cwd: string, loaded: LoadedConfig | undefined, flags: ScannerFlags): Promise<{ options: ScannerOptions; limits: Limits }> {
  const cfg = loaded?.config ?? {};
  const cfgDir = loaded?.dir ?? cwd;
  const options: ScannerOptions = {};

  if (cfg.builtinDictionaries === false) options.dictionaries = [];
  const texts: Array<{ name: string; text: string }> = [];
  for (const d of cfg.dictionaries ?? []) texts.push(...(await readDictionary(path.resolve(cfgDir, d), d)));
  for (const d of flags.dict ?? []) texts.push(...(await readDictionary(path.resolve(cwd, d), d)));
  if (texts.length) options.dictionaryTexts = texts;

  // Policy files are read and checked here, so a mistake is reported with its file, line and key.
  if (flags.policy !== undefined) {
    options.policy = await loadPolicyFile(path.resolve(cwd, flags.policy), flags.policy);
  } else if (typeof cfg.policy === 'string') {
    options.policy = await loadPolicyFile(path.resolve(cfgDir, cfg.policy), cfg.policy);
  } else if (cfg.policy !== undefined) {
    options.policy = cfg.policy as ScannerOptions['policy'];
  }

  if (cfg.limits) options.limits = { ...cfg.limits };

  if (flags.ocr === false) {
    options.ocr = false;
  } else if (cfg.ocr === false || (typeof cfg.ocr === 'object' && cfg.ocr.enabled === false)) {
    options.ocr = false;
  } else if (typeof cfg.ocr === 'object') {
    const o: { workers?: number; pageTimeoutMs?: number } = {};
    if (cfg.ocr.workers !== undefined) o.workers = cfg.ocr.workers;
    if (cfg.ocr.pageTimeoutMs !== undefined) o.pageTimeoutMs = cfg.ocr.pageTimeoutMs;
    options.ocr = Object.keys(o).length ? o : true;
  }

  options.mask = flags.mask === false ? false : (cfg.mask ?? true);
  const limits: Limits = { ...DEFAULT_LIMITS, ...(cfg.limits ?? {}) };
  return { options, limits };
}

/**
 * Where `prepub scan` keeps what it compiles from the dictionaries between runs (see the scanner's
 * `compileCache`): `$PREPUB_CACHE_DIR`, else `$XDG_CACHE_HOME/prepub`, else `~/.cache/prepub`.
 * `PREPUB_CACHE_DIR=off` (or empty) keeps nothing: undefined.
 */
export function compileCacheDir(env: Record<string, string | undefined>): string | undefined {
  const own = env.PREPUB_CACHE_DIR;
  if (own !== undefined) return own === '' || own === 'off' ? undefined : path.resolve(own);
  if (env.XDG_CACHE_HOME) return path.join(env.XDG_CACHE_HOME, 'prepub');
  try {
    return path.join(homedir(), '.cache', 'prepub');
  } catch {
    return undefined;
  }
}
