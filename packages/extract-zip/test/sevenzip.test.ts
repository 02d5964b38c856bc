/**
 * 7z archives through the real scanner, over fixtures written by 7-Zip (test/fixtures/make-7z.ts):
 * entries scanned and located, names read; encrypted entries or headers, an unknown method, damage
 * and limits keep the verdict from pass.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '@prepub/core';
import { createScanner, type Scanner } from '@prepub/scanner';
import { sniffFormat } from '../../extractors/src/sniff.ts';
import { FORMATS } from '../../scanner/src/formats.ts';
import { extract7z } from '../src/sevenzip.ts';
import { hostileInputs } from '../../../bench/fuzz/hostile.ts';

const fixture = (name: string) => new Uint8Array(readFileSync(join(import.meta.dirname, 'fixtures', name)));

let scanner: Scanner;
beforeAll(async () => {
  scanner = await createScanner({ ocr: false });
});
afterAll(() => scanner?.close());
const scan = (name: string) => scanner.scan(fixture(name), { filename: name });

describe('7z archives', () => {
  it('a marked entry blocks, located as archive → entry; names are read', async () => {
    const r = await scan('bundle.7z');
    expect(r.document.format).toBe('7z');
    expect(r.verdict).toBe('block');
    const f = r.findings.find((x) => x.ruleId === 'marking.cn-state-secret')!;
    expect(f.location.container).toEqual(['docs/notice.txt']);
    expect(f.location.line).toBe(2);
    expect(r.coverage.embedded).toEqual({ total: 2, scanned: 2 });
    const x = await extract7z(fixture('bundle.7z'), { limits: DEFAULT_LIMITS });
    expect(x.parts[0].text.split('\n')).toEqual(['docs', 'docs/notice.txt', 'docs', 'notice.txt', 'docs/readme.txt', 'docs', 'readme.txt']);
  });

  it('a benign archive passes with complete coverage', async () => {
    const r = await scan('benign.7z');
    expect(r.verdict, JSON.stringify(r.coverage.unread)).toBe('pass');
    expect(r.coverage.complete).toBe(true);
  });

  it('encrypted entries, and encrypted names, are unread (encrypted) and never asked a password for', async () => {
    for (const name of ['encrypted.7z', 'encrypted-names.7z']) {
      const r = await scan(name);
      expect(r.verdict, name).toBe('review');
      expect(r.coverage.unread.map((u) => u.reason), name).toContain('encrypted');
    }
  });

  it('an entry in a method 7-Zip does not know is unread (unsupported-format)', async () => {
    const r = await scan('unknown-method.7z');
    expect(r.verdict).toBe('review');
    expect(r.coverage.unread.map((u) => u.reason)).toContain('unsupported-format');
  });

  it('beyond the limits nothing is unpacked (limit)', async () => {
    const x = await extract7z(fixture('bundle.7z'), { limits: { ...DEFAULT_LIMITS, maxInflatedBytes: 100 } });
    expect(x.loss!.map((l) => l.reason)).toEqual(['limit']);
    expect(x.embedded).toEqual([]);
    const y = await extract7z(fixture('bundle.7z'), { limits: { ...DEFAULT_LIMITS, maxArchiveEntries: 1 } });
    expect(y.loss!.map((l) => l.reason)).toEqual(['limit']);
  });

  it('a 7z that stores a PDF first is a 7z, not that PDF; its other entry is read', async () => {
    const b = fixture('pdf-first.7z');
    expect(Buffer.from(b.subarray(32, 37)).toString('latin1')).toBe('%PDF-');
    expect(sniffFormat(b, 'x.7z', FORMATS).format).toBe('7z');
    const r = await scan('pdf-first.7z');
    expect(r.verdict).toBe('block');
  });

  it('RAR is read through the same 7-Zip build: a stored RAR 4 archive gives every entry and its names', async () => {
    const h = hostileInputs().find((x) => x.name === 'rarpdf-second-entry.rar')!;
    const x = await extract7z(h.bytes, { limits: DEFAULT_LIMITS }, 'rar');
    expect(x.format).toBe('rar');
    expect(x.embedded!.map((e) => e.name)).toEqual(['report.pdf', 'notice.txt']);
    expect(x.parts[0].text).toBe('report.pdf\nnotice.txt');
    expect(x.loss).toEqual([]);
    // Pinned to its type: a RAR is not opened as a 7z, nor a 7z as a RAR.
    expect((await extract7z(fixture('benign.7z'), { limits: DEFAULT_LIMITS }, 'rar')).loss!.map((l) => l.reason)).toEqual(['corrupt']);
  });

  it('two entries under one path are both read, each checked against its own CRC (the later one does not replace the earlier)', async () => {
    const x = await extract7z(fixture('duplicate-path.7z'), { limits: DEFAULT_LIMITS });
    const texts = x.embedded!.map((e) => new TextDecoder().decode(e.bytes));
    expect(x.embedded!.map((e) => e.name)).toEqual(['a.txt', 'a.txt']);
    expect(texts[0]).toContain('机密★5年');
    expect(texts[1]).toContain('保密宣传月');
    expect(x.loss).toEqual([]);
    expect((await scan('duplicate-path.7z')).verdict).toBe('block');
  });

  it('every proper prefix of a benign archive is never pass (property)', async () => {
    const good = fixture('benign.7z');
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 6, max: good.length - 1 }), async (n) => {
        expect((await scanner.scan(good.subarray(0, n), { filename: 'benign.7z' })).verdict).not.toBe('pass');
      }),
      { numRuns: 15, seed: 3 },
    );
  });
});
