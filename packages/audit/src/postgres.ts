import pg from 'pg';
import type { AuditEntry, AuditRecord } from './record.ts';
import {
  COLUMNS,
  buildWhere,
  checkDecision,
  nextRecord,
  recordToRow,
  rowToRecord,
  ChainVerifier,
  type AuditQuery,
  type AuditShow,
  type AuditStore,
  type ChainReport,
  type DecisionInput,
  type Row,
} from './store.ts';

/** Advisory lock key that serialises appends across every instance sharing the database. */
const APPEND_LOCK = 0x70726570; // "prep"

const SCHEMA = `
CREATE TABLE IF NOT EXISTS audit_log (
  seq BIGINT PRIMARY KEY,
  time TEXT NOT NULL,
  kind TEXT NOT NULL,
  request_id TEXT,
  caller_token TEXT,
  caller_user TEXT,
  filename TEXT,
  sha256 TEXT,
  size BIGINT,
  media_type TEXT,
  verdict TEXT,
  findings TEXT NOT NULL,
  unread TEXT NOT NULL,
  policy_version TEXT,
  dictionary_version TEXT,
  duration_ms DOUBLE PRECISION,
  ref BIGINT,
  decision TEXT,
  reason TEXT,
  detail TEXT,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS audit_log_time ON audit_log(time);
CREATE INDEX IF NOT EXISTS audit_log_ref ON audit_log(ref);
CREATE INDEX IF NOT EXISTS audit_log_sha256 ON audit_log(sha256);
CREATE OR REPLACE FUNCTION audit_log_append_only() RETURNS trigger AS $$
BEGIN RAISE EXCEPTION 'audit_log is append-only'; END; $$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS audit_log_no_change ON audit_log;
CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
`;

/** `?` placeholders → `$1, $2 …`. */
function dollars(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}

/** The audit trail in PostgreSQL, for several service instances writing one chain. */
export class PostgresAuditStore implements AuditStore {
  readonly backend = 'postgres' as const;
  /** The connection pool, for operators' maintenance queries. */
  readonly pool: pg.Pool;
  private ready: Promise<void> | undefined;

  constructor(connectionString: string, options: { max?: number } = {}) {
    this.pool = new pg.Pool({ connectionString, max: options.max ?? 4 });
    // An idle client losing its connection must not crash the process.
    this.pool.on('error', () => {});
  }

  /** Creates the table on first use; concurrent instances serialise on the same advisory lock. */
  init(): Promise<void> {
    this.ready ??= this.tx(async (c) => {
      await c.query('SELECT pg_advisory_xact_lock($1)', [APPEND_LOCK]);
      await c.query(SCHEMA);
    }).catch((e: unknown) => {
      this.ready = undefined;
      throw e;
    });
    return this.ready;
  }

  private async tx<T>(fn: (c: pg.PoolClient) => Promise<T>): Promise<T> {
    const c = await this.pool.connect();
    try {
      await c.query('BEGIN');
      const out = await fn(c);
      await c.query('COMMIT');
      return out;
    } catch (e) {
      await c.query('ROLLBACK').catch(() => {});
      throw e;
    } finally {
      c.release();
    }
  }

  private async appendIn(c: pg.PoolClient, entry: AuditEntry): Promise<AuditRecord> {
    const { rows } = await c.query('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1');
    const last = rows[0] ? { seq: Number(rows[0].seq), hash: String(rows[0].hash) } : undefined;
    const record = nextRecord(entry, last);
    await c.query(`INSERT INTO audit_log (${COLUMNS.join(',')}) VALUES (${COLUMNS.map((_, i) => `$${i + 1}`).join(',')})`, recordToRow(record));
    return record;
  }

  async append(entry: AuditEntry): Promise<AuditRecord> {
    await this.init();
    return this.tx(async (c) => {
      // Held until COMMIT: only one writer reads the chain head and links to it at a time.
      await c.query('SELECT pg_advisory_xact_lock($1)', [APPEND_LOCK]);
      return this.appendIn(c, entry);
    });
  }

  async decide(input: DecisionInput): Promise<AuditRecord> {
    await this.init();
    return this.tx(async (c) => {
      await c.query('SELECT pg_advisory_xact_lock($1)', [APPEND_LOCK]);
      const target = await c.query('SELECT * FROM audit_log WHERE seq = $1', [input.ref]);
      const existing = await c.query("SELECT * FROM audit_log WHERE kind = 'decision' AND ref = $1 ORDER BY seq", [input.ref]);
      const t = target.rows[0] as Row | undefined;
      return this.appendIn(c, checkDecision(input, t && rowToRecord(t), (existing.rows as Row[]).map(rowToRecord)));
    });
  }

  async get(seq: number): Promise<AuditRecord | undefined> {
    await this.init();
    const { rows } = await this.pool.query('SELECT * FROM audit_log WHERE seq = $1', [seq]);
    return rows[0] ? rowToRecord(rows[0] as Row) : undefined;
  }

  async show(seq: number): Promise<AuditShow | undefined> {
    const record = await this.get(seq);
    if (!record) return undefined;
    const { rows } = await this.pool.query("SELECT * FROM audit_log WHERE kind = 'decision' AND ref = $1 ORDER BY seq", [seq]);
    return { record, decisions: (rows as Row[]).map(rowToRecord) };
  }

  async list(query: AuditQuery = {}): Promise<AuditRecord[]> {
    await this.init();
    const { sql, params } = buildWhere(query);
    const order = query.order === 'desc' ? 'DESC' : 'ASC';
    const limit = Math.max(1, Math.min(query.limit ?? 1000, 1_000_000));
    const { rows } = await this.pool.query(dollars(`SELECT * FROM audit_log ${sql} ORDER BY seq ${order} LIMIT ${limit}`), params);
    return (rows as Row[]).map(rowToRecord);
  }

  async verifyChain(): Promise<ChainReport> {
    await this.init();
    // Read in pages so a long trail is not loaded at once.
    const pageSize = 5000;
    const pool = this.pool;
    async function* all(): AsyncGenerator<AuditRecord> {
      let after = 0;
      for (;;) {
        const { rows } = await pool.query('SELECT * FROM audit_log WHERE seq > $1 ORDER BY seq LIMIT $2', [after, pageSize]);
        for (const row of rows as Row[]) yield rowToRecord(row);
        if (rows.length < pageSize) return;
        after = Number((rows[rows.length - 1] as Row).seq);
      }
    }
    const v = new ChainVerifier();
    for await (const r of all()) if (!v.push(r)) break;
    return v.report();
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
