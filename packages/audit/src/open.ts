import { PostgresAuditStore } from './postgres.ts';
import { SqliteAuditStore } from './sqlite.ts';
import type { AuditStore } from './store.ts';

/** Where the audit trail lives. */
export interface AuditConfig {
  /** SQLite file (default `./prepub-audit.sqlite`). `:memory:` keeps it in memory (tests only). */
  sqlite?: string;
  /** PostgreSQL connection URL: use it when several service instances share one trail. */
  postgres?: string;
}

/** The default SQLite file, relative to the working directory. */
export const DEFAULT_AUDIT_PATH = './prepub-audit.sqlite';

/**
 * Opens the audit trail: PostgreSQL when a URL is given (or `PREPUB_AUDIT_PG_URL` is set), otherwise
 * the SQLite file (`PREPUB_AUDIT_DB` or `./prepub-audit.sqlite`). The table is created on first use.
 */
export async function openAudit(config: AuditConfig = {}, env: NodeJS.ProcessEnv = process.env): Promise<AuditStore> {
  const url = config.postgres ?? (config.sqlite ? undefined : env.PREPUB_AUDIT_PG_URL);
  if (url) {
    const store = new PostgresAuditStore(url);
    try {
      await store.init();
    } catch (e) {
      await store.close().catch(() => {});
      throw new Error(`cannot open the PostgreSQL audit trail: ${(e as Error).message}`);
    }
    return store;
  }
  return new SqliteAuditStore(config.sqlite ?? env.PREPUB_AUDIT_DB ?? DEFAULT_AUDIT_PATH);
}
