/**
 * A cache on disk of what `createScanner` compiles from the dictionaries: the parsed terms and
 * allowlist entries, and the trigger automaton over them (~0.5 CPU-s for 10,000 terms, on the
 * critical path of every `prepub scan`: no reader worker can check a file before it exists).
 *
 * Offline and keyed by content: a file's name is the SHA-256 of every dictionary source (name and
 * text), of the code that parses them and builds the automaton (every file of `@prepub/core` and of
 * this package, so an edited normalizer or detector makes a new key, not a stale hit) and of the
 * Node, V8 and ICU versions. Reading it back is checked three ways: a magic and a SHA-256 of the
 * body (a damaged or cut file is rebuilt, never half used), and the automaton is used only when the
 * trigger words the engine computes now hash to the key it was built over (`triggerKey`), so an
 * automaton never serves other triggers. Any failure to read or write is silent: the scanner then
 * compiles as without a cache.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deserialize, serialize } from 'node:v8';
import type { AllowEntry, DictionaryEntry } from '@prepub/core';
import type { SharedAutomaton } from './engine-setup.ts';

/** What a cache file holds. */
export interface CachedCompile {
  terms: DictionaryEntry[];
  allow: AllowEntry[];
  /** The automaton built over the engine's triggers for these terms, in shared memory. */
  automaton?: SharedAutomaton;
}

const MAGIC = 'prepub-compile-cache-1\n';
const MAGIC_BYTES = Buffer.from(MAGIC, 'latin1');

/** Every code file under `dir` (sorted paths), into `h`. */
function hashTree(h: ReturnType<typeof createHash>, dir: string): void {
  const files: string[] = [];
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) {
        if (e.name !== 'node_modules') walk(p);
      } else if (/\.(?:[cm]?js|[cm]?ts|json)$/.test(e.name)) files.push(p);
    }
  };
  walk(dir);
  files.sort();
  for (const f of files) h.update(f.slice(dir.length)).update('\0').update(readFileSync(f)).update('\0');
}

let codeKeyMemo: string | null | undefined;

/**
 * A digest of the code whose output the cache holds (`@prepub/core`, this package) and of the
 * runtime; null when the code cannot be found (then nothing is cached).
 */
export function codeKey(): string | null {
  if (codeKeyMemo !== undefined) return codeKeyMemo;
  try {
    const h = createHash('sha256');
    h.update(MAGIC).update(JSON.stringify([process.versions.node, process.versions.v8, process.versions.icu, process.versions.unicode]));
    hashTree(h, dirname(fileURLToPath(import.meta.resolve('@prepub/core'))));
    hashTree(h, dirname(fileURLToPath(import.meta.url)));
    codeKeyMemo = h.digest('hex');
  } catch {
    codeKeyMemo = null;
  }
  return codeKeyMemo;
}

/** The cache file for dictionaries whose sources hash to `sourcesDigest`; undefined without a code key. */
export function cacheFile(dir: string, sourcesDigest: string): string | undefined {
  const code = codeKey();
  if (!code) return undefined;
  const name = createHash('sha256').update(code).update('\0').update(sourcesDigest).digest('hex').slice(0, 32);
  return join(dir, `dict-${name}.bin`);
}

/*
 * File layout: MAGIC, 32 bytes SHA-256 of the body, then the body: u32 length of the serialized
 * {terms, allow, automatonKey}, those bytes, padding to 8, and the automaton snapshot (the rest).
 */

/** The cache file's content, or undefined when it is missing, damaged or not of this layout. */
export function readCompileCache(file: string): CachedCompile | undefined {
  let buf: Buffer;
  try {
    buf = readFileSync(file);
  } catch {
    return undefined;
  }
  try {
    const head = MAGIC_BYTES.length;
    if (buf.length < head + 36 || !buf.subarray(0, head).equals(MAGIC_BYTES)) return undefined;
    const body = buf.subarray(head + 32);
    if (!createHash('sha256').update(body).digest().equals(buf.subarray(head, head + 32))) return undefined;
    const metaLength = body.readUInt32LE(0);
    if (4 + metaLength > body.length) return undefined;
    const meta = deserialize(body.subarray(4, 4 + metaLength)) as { terms: DictionaryEntry[]; allow: AllowEntry[]; automatonKey?: string };
    if (!Array.isArray(meta?.terms) || !Array.isArray(meta.allow)) return undefined;
    const out: CachedCompile = { terms: meta.terms, allow: meta.allow };
    const at = Math.ceil((4 + metaLength) / 8) * 8;
    if (typeof meta.automatonKey === 'string' && body.length > at) {
      // Workers map the tables without a copy: they must lie in shared memory, 8-byte aligned.
      const bytes = new Uint8Array(new SharedArrayBuffer(body.length - at));
      bytes.set(body.subarray(at));
      out.automaton = { key: meta.automatonKey, bytes };
    }
    return out;
  } catch {
    return undefined;
  }
}

/** Cache files not written for this long are removed when another is written (left by older versions or dictionaries). */
const KEEP_MS = 30 * 24 * 3600 * 1000;

function pruneOld(dir: string, keep: string): void {
  const now = Date.now();
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (p === keep || !/^dict-[0-9a-f]{32}\.bin$/.test(name)) continue;
    try {
      if (now - statSync(p).mtimeMs > KEEP_MS) rmSync(p, { force: true });
    } catch {
      // gone already, or not ours to remove
    }
  }
}

/** Writes a cache file (atomically: a temporary file renamed into place); errors are ignored. */
export function writeCompileCache(file: string, content: CachedCompile): void {
  const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  try {
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    const meta = serialize({ terms: content.terms, allow: content.allow, ...(content.automaton ? { automatonKey: content.automaton.key } : {}) });
    const at = Math.ceil((4 + meta.length) / 8) * 8;
    const snap = content.automaton?.bytes;
    const body = Buffer.alloc(at + (snap?.length ?? 0));
    body.writeUInt32LE(meta.length, 0);
    meta.copy(body, 4);
    if (snap) body.set(snap, at);
    const digest = createHash('sha256').update(body).digest();
    writeFileSync(tmp, Buffer.concat([MAGIC_BYTES, digest, body]), { mode: 0o600, flag: 'wx' });
    renameSync(tmp, file);
    pruneOld(dirname(file), file);
  } catch {
    try {
      rmSync(tmp, { force: true });
    } catch {
      // nothing to clean
    }
  }
}
