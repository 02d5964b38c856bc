// Runs against a real PostgreSQL: `eval "$(bash .ci/install-postgres.sh)"` sets PREPUB_TEST_PG_URL.
import { describe, expect, it } from 'vitest';
import { PostgresAuditStore, openAudit, type AuditStore } from '../packages/audit/src/index.ts';
import { defineStoreSuite } from '../packages/audit/test/suite.ts';

const url = process.env.PREPUB_TEST_PG_URL;

if (!url && process.env.CI) {
  describe('PostgreSQL audit trail', () => {
    it('needs PREPUB_TEST_PG_URL', () => {
      throw new Error('PREPUB_TEST_PG_URL is not set: run `eval "$(bash .ci/install-postgres.sh)"` before the tests (CI must start PostgreSQL).');
    });
  });
} else {
  describe.skipIf(!url)('PostgreSQL (PREPUB_TEST_PG_URL)', () => {
    /** Each test gets an empty table; the tests in this file run one after another. */
    async function fresh(): Promise<AuditStore> {
      const store = new PostgresAuditStore(url!);
      await store.pool.query('DROP TABLE IF EXISTS audit_log');
      await store.init();
      return store;
    }

    defineStoreSuite('PostgreSQL', fresh, async (store, sql) => {
      await (store as PostgresAuditStore).pool.query(sql);
    });

    it('keeps one unbroken chain when several instances append at once', async () => {
      const first = await fresh();
      const others = await Promise.all([1, 2, 3].map(() => openAudit({ postgres: url })));
      const stores = [first, ...others];
      try {
        await Promise.all(
          stores.flatMap((s, w) =>
            Array.from({ length: 40 }, (_, i) => s.append({ kind: 'scan', callerToken: `instance-${w}`, filename: `简报-${i}.pdf`, verdict: 'pass', size: i })),
          ),
        );
        const report = await first.verifyChain();
        expect(report).toMatchObject({ ok: true, records: 160 });
        expect(new Set((await first.list({ limit: 500 })).map((r) => r.seq)).size).toBe(160);
      } finally {
        await Promise.all(stores.map((s) => s.close()));
      }
    });

    it('reports a clear error for an unreachable server', async () => {
      await expect(openAudit({ postgres: 'postgres://nobody:x@127.0.0.1:1/none' })).rejects.toThrow(/cannot open the PostgreSQL audit trail/);
    });
  });
}
