import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { AuditEntry, AuditRecord } from './record.ts';
import {
  COLUMNS,
  buildWhere,
  checkDecision,
  nextRecord,
  recordToRow,
  rowToRecord,
  verifyRecords,
  type AuditQuery,
  type AuditShow,
  type AuditStore,
  type ChainReport,
  type DecisionInput,
  type Row,
} from './store.ts';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS audit_log (
  seq INTEGER PRIMARY KEY,
  time TEXT NOT NULL,
  kind TEXT NOT NULL,
  request_id TEXT,
  caller_token TEXT,
  caller_user TEXT,
  filename TEXT,
  sha256 TEXT,
  size INTEGER,
  media_type TEXT,
  verdict TEXT,
  findings TEXT NOT NULL,
  unread TEXT NOT NULL,
  policy_version TEXT,
  dictionary_version TEXT,
  duration_ms REAL,
  ref INTEGER,
  decision TEXT,
  reason TEXT,
  detail TEXT,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS audit_log_time ON audit_log(time);
CREATE INDEX IF NOT EXISTS audit_log_ref ON audit_log(ref);
CREATE INDEX IF NOT EXISTS audit_log_sha256 ON audit_log(sha256);
-- Append-only: the application never updates or deletes. Someone with file access can still drop
-- these triggers, which is what the hash chain is for.
CREATE TRIGGER IF NOT EXISTS audit_log_no_update BEFORE UPDATE ON audit_log
  BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER IF NOT EXISTS audit_log_no_delete BEFORE DELETE ON audit_log
  BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
`;

/** The audit trail in one SQLite file: no set-up, safe for several processes on one machine. */
export class SqliteAuditStore implements AuditStore {
  readonly backend = 'sqlite' as const;
  /** The open database, for operators' maintenance queries. */
  readonly db: Database.Database;
  private readonly insert: Database.Statement;
  private readonly last: Database.Statement;
  private readonly bySeq: Database.Statement;
  private readonly decisionsOf: Database.Statement;

  constructor(readonly path: string) {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    this.db = new Database(path);
    this.db.pragma('journal_mode = WAL');
    // Other processes appending at the same moment wait instead of failing.
    this.db.pragma('busy_timeout = 10000');
    this.db.exec(SCHEMA);
    this.insert = this.db.prepare(`INSERT INTO audit_log (${COLUMNS.join(',')}) VALUES (${COLUMNS.map(() => '?').join(',')})`);
    this.last = this.db.prepare('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1');
    this.bySeq = this.db.prepare('SELECT * FROM audit_log WHERE seq = ?');
    this.decisionsOf = this.db.prepare("SELECT * FROM audit_log WHERE kind = 'decision' AND ref = ? ORDER BY seq");
  }

  private appendSync(entry: AuditEntry): AuditRecord {
    const last = this.last.get() as { seq: number; hash: string } | undefined;
    const record = nextRecord(entry, last);
    this.insert.run(...recordToRow(record));
    return record;
  }

  async append(entry: AuditEntry): Promise<AuditRecord> {
    // IMMEDIATE takes the write lock before reading the chain head, so two writers cannot both link to it.
    return this.db.transaction((e: AuditEntry) => this.appendSync(e)).immediate(entry);
  }

  async decide(input: DecisionInput): Promise<AuditRecord> {
    return this.db
      .transaction((i: DecisionInput) => {
        const target = this.bySeq.get(i.ref) as Row | undefined;
        const existing = (this.decisionsOf.all(i.ref) as Row[]).map(rowToRecord);
        return this.appendSync(checkDecision(i, target && rowToRecord(target), existing));
      })
      .immediate(input);
  }

  async get(seq: number): Promise<AuditRecord | undefined> {
    const row = this.bySeq.get(seq) as Row | undefined;
    return row && rowToRecord(row);
  }

  async show(seq: number): Promise<AuditShow | undefined> {
    const record = await this.get(seq);
    if (!record) return undefined;
    return { record, decisions: (this.decisionsOf.all(seq) as Row[]).map(rowToRecord) };
  }

  async list(query: AuditQuery = {}): Promise<AuditRecord[]> {
    const { sql, params } = buildWhere(query);
    const order = query.order === 'desc' ? 'DESC' : 'ASC';
    const limit = Math.max(1, Math.min(query.limit ?? 1000, 1_000_000));
    const rows = this.db.prepare(`SELECT * FROM audit_log ${sql} ORDER BY seq ${order} LIMIT ${limit}`).all(...params) as Row[];
    return rows.map(rowToRecord);
  }

  async verifyChain(): Promise<ChainReport> {
    const stmt = this.db.prepare('SELECT * FROM audit_log ORDER BY seq');
    // iterate() streams rows, so verifying a large trail does not load it whole.
    const records = (function* () {
      for (const row of stmt.iterate() as Iterable<Row>) yield rowToRecord(row);
    })();
    return verifyRecords(records);
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}
