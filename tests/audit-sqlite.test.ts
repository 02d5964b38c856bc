import { runCli } from '../packages/cli/test/support.ts';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import {
  SqliteAuditStore,
  canonicalJson,
  csvField,
  openAudit,
  verifyRecords,
  nextRecord,
  type AuditRecord,
} from '../packages/audit/src/index.ts';
import { defineStoreSuite, sampleEntries } from '../packages/audit/test/suite.ts';

const dir = mkdtempSync(join(tmpdir(), 'prepub-audit-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const fresh = () => join(dir, `trail-${++n}.sqlite`);

defineStoreSuite(
  'SQLite',
  async () => new SqliteAuditStore(fresh()),
  async (store, sql) => {
    (store as SqliteAuditStore).db.exec(sql);
  },
);

describe('SQLite audit trail, more', () => {
  it('opens ./prepub-audit.sqlite-style paths without set-up, creating folders', async () => {
    const path = join(dir, 'nested', 'deeper', 'trail.sqlite');
    const store = await openAudit({ sqlite: path });
    expect(store.backend).toBe('sqlite');
    await store.append(sampleEntries()[0]);
    await store.close();
    expect(statSync(path).size).toBeGreaterThan(0);
  });

  it('keeps one unbroken chain when three processes append to the same file at once', async () => {
    const path = fresh();
    // Create the schema first so both writers start from the same file.
    await (await openAudit({ sqlite: path })).close();
    const child = fileURLToPath(new URL('../packages/audit/test/append-child.ts', import.meta.url));
    const run = () =>
      new Promise<void>((resolve, reject) => {
        const p = spawn(process.execPath, ['--import', 'tsx', child, path, '60'], { stdio: ['ignore', 'ignore', 'pipe'] });
        let err = '';
        p.stderr.on('data', (d) => (err += d));
        p.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`writer exited ${code}: ${err}`))));
      });
    await Promise.all([run(), run(), run()]);
    const store = new SqliteAuditStore(path);
    try {
      const report = await store.verifyChain();
      expect(report).toMatchObject({ ok: true, records: 180 });
    } finally {
      await store.close();
    }
  });

  it('CLI functions: list, show, approve, reject, export, verify with exit codes', async () => {
    const path = fresh();
    const store = await openAudit({ sqlite: path });
    for (const e of sampleEntries()) await store.append(e);
    await store.close();
    let out = '';
    let err = '';
    // The `prepub audit` command, run in-process with the same exit codes as everywhere (3 usage, 5 failed).
    const run = async (...argv: string[]) => {
      const r = await runCli(['audit', ...argv, '--db', path], { cwd: process.cwd() });
      out = r.stdout;
      err = r.stderr;
      return r.code;
    };
    expect(await run('list', '--verdict', 'review')).toBe(0);
    expect(out.trim().split('\n')).toHaveLength(1);
    expect(out).toContain('值班人员名单');
    expect(await run('list', '--pending')).toBe(0);
    expect(out).toMatch(/^1\t/);
    expect(await run('approve', '1', '--reviewer', '王主任')).toBe(3);
    expect(err).toMatch(/--reason/);
    expect(await run('approve', '1', '--reviewer', '王主任', '--reason', '已核实可公开')).toBe(0);
    expect(out).toMatch(/approved #1/);
    expect(await run('reject', '1', '--reviewer', '李科长', '--reason', '重复')).toBe(5);
    expect(err).toMatch(/already approved/);
    expect(await run('show', '1')).toBe(0);
    expect(JSON.parse(out).decisions[0].reason).toBe('已核实可公开');
    expect(await run('show', '99')).toBe(3);
    expect(err).toMatch(/no audit record 99/);
    expect(await run('export', '--format', 'csv', '--caller', 'lina')).toBe(0);
    expect(out.trim().split('\r\n')).toHaveLength(3);
    expect(await run('export', '--format', 'xml')).toBe(3);
    expect(await run('verify')).toBe(0);
    expect(out).toMatch(/verified: 4 records/);
    const s = new SqliteAuditStore(path);
    s.db.exec('DROP TRIGGER audit_log_no_update');
    s.db.exec("UPDATE audit_log SET caller_user = 'someone' WHERE seq = 2");
    await s.close();
    expect(await run('verify')).toBe(5);
    expect(err).toMatch(/BROKEN at record 2/);
    expect(await run('frobnicate')).toBe(3);
  });

  it('CSV export neutralises spreadsheet formulas and quotes separators', () => {
    expect(csvField('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField(-3)).toBe('-3');
    expect(csvField(null)).toBe('');
  });
});

describe('hash chain properties', () => {
  const entryArb = fc.record({
    kind: fc.constantFrom('scan' as const, 'review' as const),
    callerToken: fc.option(fc.string(), { nil: undefined }),
    callerUser: fc.option(fc.string(), { nil: undefined }),
    filename: fc.option(fc.string(), { nil: undefined }),
    size: fc.option(fc.nat(), { nil: undefined }),
    verdict: fc.constantFrom('pass' as const, 'review' as const, 'block' as const),
    durationMs: fc.option(fc.double({ noNaN: true, noDefaultInfinity: true }), { nil: undefined }),
    detail: fc.option(fc.dictionary(fc.string(), fc.jsonValue()), { nil: undefined }),
  });

  it('canonical JSON does not depend on key order', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue()), (obj) => {
        const reversed = Object.fromEntries(Object.entries(obj).reverse());
        expect(canonicalJson(reversed)).toBe(canonicalJson(obj));
        expect(JSON.parse(canonicalJson(obj))).toEqual(JSON.parse(JSON.stringify(obj)));
      }),
    );
  });

  it('any chain verifies, and changing any one field of any record is found at that record', () => {
    fc.assert(
      fc.property(fc.array(entryArb, { minLength: 1, maxLength: 12 }), fc.nat(), fc.string({ minLength: 1 }), (entries, pick, junk) => {
        const chain: AuditRecord[] = [];
        for (const e of entries) chain.push(nextRecord(e, chain.at(-1)));
        // A JSON round trip stands for storing and reading back.
        const stored = chain.map((r) => JSON.parse(JSON.stringify(r)) as AuditRecord);
        expect(verifyRecords(stored).ok).toBe(true);
        const i = pick % stored.length;
        const before = stored[i].filename;
        stored[i] = { ...stored[i], filename: before === junk ? `${junk}x` : junk };
        const report = verifyRecords(stored);
        expect(report.ok).toBe(false);
        expect(report.firstBroken?.seq).toBe(i + 1);
      }),
      { numRuns: 200 },
    );
  });
});
