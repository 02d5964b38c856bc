import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { ScanResult } from '@prepub/core';
import { checkPostgresUrl, decodeStored, encodeStored, PostgresResults, startWorker, storedJson, type ScannerFactory, type StoredResult } from '../src/index.ts';

describe('stored result JSON', () => {
  it('splicing the result JSON made once gives the same text as serialising the whole record', () => {
    const text = fc.string({ unit: 'binary', maxLength: 40 });
    fc.assert(
      fc.property(text, text, text, text, text, fc.jsonValue(), (key, sha256, profile, worker, finishedAt, result) => {
        // Field order as the worker builds the record.
        const r = { key, sha256, profile, result: result as unknown as ScanResult, worker, finishedAt } satisfies StoredResult;
        const spliced = storedJson(r, JSON.stringify(r.result));
        expect(spliced).toBe(JSON.stringify(r));
        expect(JSON.parse(spliced)).toEqual(JSON.parse(JSON.stringify(r)));
      }),
    );
  });
});

describe('stored result in Redis', () => {
  const record = (result: unknown): StoredResult => ({ key: 'p-abc', sha256: 'abc', profile: 'p', result: result as ScanResult, worker: 'host:1', finishedAt: '2026-12-01T00:00:00.000Z' });

  it('reads back what it wrote, whatever the result holds', async () => {
    await fc.assert(
      fc.asyncProperty(fc.jsonValue(), async (result) => {
        const r = record(result);
        expect(decodeStored(await encodeStored(JSON.stringify(r)))).toEqual(JSON.parse(JSON.stringify(r)));
      }),
      { numRuns: 50 },
    );
  });

  it('keeps a result with many findings compact, and still reads values written as plain JSON', async () => {
    const findings = Array.from({ length: 600 }, (_, i) => ({ detector: 'contact', label: 'phone', text: `138${String(10000000 + i * 7919).slice(0, 8)}`, location: { part: 'body', offset: i * 97, length: 11 } }));
    const r = record({ verdict: 'review', findings });
    const json = JSON.stringify(r);
    const value = await encodeStored(json);
    expect(value.length).toBeLessThan(json.length / 5);
    expect(decodeStored(value)).toEqual(r);
    expect(decodeStored(Buffer.from(json, 'utf8'))).toEqual(r);
  });
});

describe('PostgreSQL URL check', () => {
  it('accepts postgres:// and postgresql:// URLs', () => {
    for (const u of ['postgres://prepub:prepub@127.0.0.1:55432/prepub_test', 'postgresql://db.example/x?options=-c%20search_path%3Ds', 'POSTGRES://h/d']) expect(() => checkPostgresUrl(u)).not.toThrow();
  });

  it('rejects what pg would resolve against postgres://base (a flag taken as the value, an empty variable, a bare name)', () => {
    for (const u of ['--no-ocr', '--ocr?options=-c%20search_path%3Dx', '', 'base', 'prepub_test', 'redis://127.0.0.1:6379', 'postgres:///socketonly'])
      expect(() => checkPostgresUrl(u), u).toThrow(/not a PostgreSQL URL/);
  });

  it('does not repeat a password in its message', () => {
    expect(() => checkPostgresUrl('mysql://user:hunter2@db/x')).toThrow(/mysql:\/\/…@db\/x/);
    expect(() => checkPostgresUrl('mysql://user:hunter2@db/x')).not.toThrow(/hunter2/);
  });

  it('PostgresResults.open says what is wrong instead of "getaddrinfo ENOTFOUND base"', async () => {
    await expect(PostgresResults.open('--no-ocr')).rejects.toThrow(/not a PostgreSQL URL.*"--no-ocr"/);
  });

  it('a worker given a bad URL fails before it builds a scanner or reaches Redis', async () => {
    let built = 0;
    const createScanner = (async () => {
      built++;
      throw new Error('must not be reached');
    }) as unknown as ScannerFactory;
    // Port 1: nothing listens there, so reaching Redis would fail differently.
    await expect(startWorker({ redisUrl: 'redis://127.0.0.1:1/0', postgresUrl: '--no-ocr', scannerOptions: { ocr: false }, createScanner })).rejects.toThrow(/not a PostgreSQL URL/);
    expect(built).toBe(0);
  });
});
