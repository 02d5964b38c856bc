/**
 * The compile cache (`ScannerOptions.compileCache`): what is compiled from the dictionaries is
 * written once and read back by the next scanner; a changed dictionary, a damaged file or an
 * automaton over other triggers is never used, and every scanner finds what one without a cache finds.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { createScanner } from '../src/scanner.ts';
import { readCompileCache, writeCompileCache } from '../src/compile-cache.ts';

const dir = mkdtempSync(join(tmpdir(), 'prepub-compile-cache-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Terms a reviewer's list might hold: project code names that must not appear in what is published.
const TERMS_A = '青龙工程\n天河二期改造\n';
const TERMS_B = '青龙工程\n玄武计划\n';
const TEXT = '关于玄武计划与青龙工程的会议纪要\n会议讨论了天河二期改造的进度安排。\n';

/** Dictionary findings of one scan of TEXT: which term was found where. */
async function termsFound(cache: string | false, terms: string): Promise<string[]> {
  const scanner = await createScanner({ dictionaries: [], dictionaryTexts: [{ name: 'projects.txt', text: terms }], compileCache: cache, ocr: false, isolation: { workers: 1, preload: [] } });
  try {
    const r = await scanner.scan(new TextEncoder().encode(TEXT), { filename: 'minutes.txt' });
    return r.findings
      .filter((f) => f.ruleId.startsWith('term.'))
      .map((f) => TEXT.slice(f.location.start, f.location.end))
      .sort();
  } finally {
    await scanner.close();
  }
}

const cacheFiles = (d: string): string[] => readdirSync(d).filter((f) => f.endsWith('.bin'));

/** The one cache file, once the scanner's deferred write has landed. */
async function theFile(d: string): Promise<string> {
  await vi.waitFor(() => expect(cacheFiles(d)).toHaveLength(1));
  return join(d, cacheFiles(d)[0]);
}

describe('compile cache', () => {
  it('is written on a miss, read on a hit, and both scanners find what one without a cache finds', async () => {
    const d = mkdtempSync(join(dir, 'hit-'));
    const none = await termsFound(false, TERMS_A);
    expect(none).toEqual(['天河二期改造', '青龙工程']);
    expect(await termsFound(d, TERMS_A)).toEqual(none);
    const file = await theFile(d);
    const cached = readCompileCache(file);
    expect(cached?.terms.length).toBe(2);
    expect(cached?.automaton?.bytes.buffer).toBeInstanceOf(SharedArrayBuffer);
    const before = readFileSync(file);
    expect(await termsFound(d, TERMS_A)).toEqual(none);
    // A hit leaves the file as it was (nothing rebuilt, nothing rewritten).
    expect(readFileSync(file).equals(before)).toBe(true);
  }, 120_000);

  it('does not serve a changed dictionary: its own terms are found', async () => {
    const d = mkdtempSync(join(dir, 'changed-'));
    await termsFound(d, TERMS_A);
    await theFile(d);
    expect(await termsFound(d, TERMS_B)).toEqual(['玄武计划', '青龙工程']);
    await vi.waitFor(() => expect(cacheFiles(d)).toHaveLength(2));
  }, 120_000);

  it('ignores a damaged file and writes it again', async () => {
    const d = mkdtempSync(join(dir, 'damaged-'));
    await termsFound(d, TERMS_A);
    const file = await theFile(d);
    const good = readFileSync(file);
    // The automaton's tables zeroed (the end of the file): mapped as they are, it would find nothing.
    const bad = Buffer.from(good);
    bad.fill(0, bad.length - 4096);
    writeFileSync(file, bad);
    expect(readCompileCache(file)).toBeUndefined();
    expect(await termsFound(d, TERMS_A)).toEqual(['天河二期改造', '青龙工程']);
    await vi.waitFor(() => expect(readCompileCache(file)).toBeDefined());
    // Cut short: ignored too.
    writeFileSync(file, good.subarray(0, good.length >> 1));
    expect(readCompileCache(file)).toBeUndefined();
    expect(await termsFound(d, TERMS_A)).toEqual(['天河二期改造', '青龙工程']);
  }, 120_000);

  it('uses an automaton only over the triggers it was built for', async () => {
    const da = mkdtempSync(join(dir, 'a-'));
    const db = mkdtempSync(join(dir, 'b-'));
    await termsFound(da, TERMS_A);
    await termsFound(db, TERMS_B);
    const fa = readCompileCache(await theFile(da))!;
    const fileB = await theFile(db);
    const fb = readCompileCache(fileB)!;
    // B's file, intact, but holding A's automaton: B's triggers do not hash to its key.
    writeCompileCache(fileB, { terms: fb.terms, allow: fb.allow, automaton: fa.automaton });
    expect(readCompileCache(fileB)?.automaton?.key).toBe(fa.automaton!.key);
    expect(await termsFound(db, TERMS_B)).toEqual(['玄武计划', '青龙工程']);
    // And it is replaced by B's own.
    await vi.waitFor(() => expect(readCompileCache(fileB)?.automaton?.key).toBe(fb.automaton!.key));
  }, 120_000);

  it('removes files of other dictionaries or versions not written for 30 days when it writes one', () => {
    const d = mkdtempSync(join(dir, 'prune-'));
    const old = join(d, `dict-${'a'.repeat(32)}.bin`);
    const recent = join(d, `dict-${'b'.repeat(32)}.bin`);
    const other = join(d, 'notes.txt');
    for (const f of [old, recent, other]) writeFileSync(f, 'x');
    const longAgo = new Date(Date.now() - 40 * 24 * 3600 * 1000);
    utimesSync(old, longAgo, longAgo);
    utimesSync(other, longAgo, longAgo);
    writeCompileCache(join(d, `dict-${'c'.repeat(32)}.bin`), { terms: [], allow: [] });
    expect(readdirSync(d).sort()).toEqual([`dict-${'b'.repeat(32)}.bin`, `dict-${'c'.repeat(32)}.bin`, 'notes.txt']);
  });
});
