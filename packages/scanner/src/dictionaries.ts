/** Loading dictionaries and allowlists from disk (the core parses text; this reads files). */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createHash } from 'node:crypto';
import { parseDictionary, type AllowEntry, type DictionaryEntry, type DictionarySource } from '@prepub/core';

const here = dirname(fileURLToPath(import.meta.url));
/**
 * The bundled `dictionaries/` folder: the copy the build puts into the installed package
 * (`dist/dictionaries`), or the repository's own folder when running from sources.
 */
export const BUNDLED_DICTIONARIES = existsSync(join(here, 'dictionaries')) ? join(here, 'dictionaries') : resolve(here, '../../../dictionaries');

function listTxt(path: string): string[] {
  const st = statSync(path);
  if (st.isFile()) return [path];
  return readdirSync(path, { withFileTypes: true })
    .flatMap((d) => (d.isDirectory() ? listTxt(join(path, d.name)) : d.name.endsWith('.txt') ? [join(path, d.name)] : []))
    .sort();
}

export interface LoadedDictionaries {
  terms: DictionaryEntry[];
  allow: AllowEntry[];
  /** Hash of every source's name and content: changes whenever a dictionary does. */
  version: string;
  sources: string[];
}

/** Dictionary sources read from disk (and given as text), before parsing. */
export interface DictionarySources {
  /** Name and text of every source, in the order they apply, and whether it is an allowlist. */
  sources: Array<{ name: string; text: string; allow: boolean }>;
  /** SHA-256 (hex) of every source's name and content: changes whenever a dictionary does. */
  digest: string;
}

/** Reads dictionary files and folders (sorted) and appends the sources given as text. */
export function readDictionarySources(paths: string[], texts: DictionarySource[] = []): DictionarySources {
  const hash = createHash('sha256');
  const sources: Array<{ name: string; text: string; allow: boolean }> = [];
  const add = (name: string, text: string, allow: boolean): void => {
    hash.update(name).update('\0').update(text).update('\0');
    sources.push({ name, text, allow });
  };
  for (const p of paths) {
    for (const file of listTxt(p)) add(relative(process.cwd(), file) || file, readFileSync(file, 'utf8'), isAllowlistPath(file));
  }
  for (const t of texts) add(t.name, t.text, isAllowlistPath(t.name));
  return { sources, digest: hash.digest('hex') };
}

/** Parses sources read by {@link readDictionarySources}: terms, and allowlists by their names. */
export function parseDictionarySources(read: DictionarySources): LoadedDictionaries {
  const terms: DictionaryEntry[] = [];
  const allow: AllowEntry[] = [];
  for (const { name, text, allow: isAllow } of read.sources) {
    if (isAllow) allow.push(...parseAllowlist(name, text));
    else terms.push(...parseDictionary({ name, text }));
  }
  return { terms, allow, version: read.digest.slice(0, 12), sources: read.sources.map((s) => s.name) };
}

/**
 * Reads dictionary files and folders. Files under a folder named `allowlist` are allowlists: one
 * phrase a line (normalized like the text), or `re:<regular expression>`; an optional tab and a
 * reason follow.
 */
export function loadDictionaries(paths: string[], texts: DictionarySource[] = []): LoadedDictionaries {
  return parseDictionarySources(readDictionarySources(paths, texts));
}

/** Allowlists live in a folder named `allowlist` or in files named `*.allow.txt`. */
function isAllowlistPath(file: string): boolean {
  return /(^|[\\/])allowlist[\\/]/.test(file) || file.endsWith('.allow.txt');
}

export function parseAllowlist(name: string, text: string): AllowEntry[] {
  const out: AllowEntry[] = [];
  text.replace(/^\uFEFF/, '').split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trimEnd();
    if (!line.trim() || line.trimStart().startsWith('#')) return;
    const [value, reason] = line.split('\t');
    const why = reason?.trim() || `allowlisted in ${name}:${i + 1}`;
    if (value.startsWith('re:')) out.push({ pattern: value.slice(3), reason: why });
    else out.push({ text: value.trim(), reason: why });
  });
  return out;
}
