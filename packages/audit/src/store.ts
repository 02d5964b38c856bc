import type { Verdict } from '@prepub/core';
import {
  GENESIS_HASH,
  completeEntry,
  recordHash,
  type AuditEntry,
  type AuditKind,
  type AuditRecord,
  type DecisionOutcome,
} from './record.ts';

/** Filters for {@link AuditStore.list}. All are optional and combine with AND. */
export interface AuditQuery {
  /** Records at or after this ISO time (or date, `2025-05-01`). */
  from?: string;
  /** Records before this ISO time; a bare date includes that whole day. */
  to?: string;
  verdict?: Verdict;
  kind?: AuditKind;
  /** Token name or end-user name. */
  caller?: string;
  sha256?: string;
  /** Only `review` items that no reviewer has decided yet. */
  pending?: boolean;
  /** Most records returned (default 1000). */
  limit?: number;
  /** Oldest first (default) or newest first. */
  order?: 'asc' | 'desc';
}

/** The outcome of {@link AuditStore.verifyChain}. */
export interface ChainReport {
  ok: boolean;
  /** Records checked. */
  records: number;
  /** The first record that does not verify, and why. */
  firstBroken?: { seq: number; reason: string };
  /** Hash of the last record: publish or sign it elsewhere to detect truncation of the tail. */
  headHash: string;
}

/** A reviewer's sign-off request. */
export interface DecisionInput {
  /** Sequence number of the `scan` or `review` record decided on. */
  ref: number;
  decision: DecisionOutcome;
  reviewer: string;
  reason: string;
  callerToken?: string | null;
  requestId?: string | null;
}

/** A record with what refers to it. */
export interface AuditShow {
  record: AuditRecord;
  /** Decisions on this record, oldest first. */
  decisions: AuditRecord[];
}

/** Raised for requests the trail refuses (unknown record, not a review item, already decided). */
export class AuditError extends Error {
  constructor(
    readonly code: 'not-found' | 'not-reviewable' | 'already-decided' | 'invalid',
    message: string,
  ) {
    super(message);
    this.name = 'AuditError';
  }
}

/** An append-only, hash-chained audit trail. */
export interface AuditStore {
  /** Which backend: `sqlite` or `postgres`. */
  readonly backend: 'sqlite' | 'postgres';
  /** Appends one record, chained to the last one. Safe under concurrent writers. */
  append(entry: AuditEntry): Promise<AuditRecord>;
  /** Records a reviewer's approval or rejection of a `review` item. */
  decide(input: DecisionInput): Promise<AuditRecord>;
  get(seq: number): Promise<AuditRecord | undefined>;
  show(seq: number): Promise<AuditShow | undefined>;
  list(query?: AuditQuery): Promise<AuditRecord[]>;
  /** Recomputes every hash and link; reports the first record that does not verify. */
  verifyChain(): Promise<ChainReport>;
  close(): Promise<void>;
}

/** The columns, in order; `body` columns hold JSON. */
export const COLUMNS = [
  'seq',
  'time',
  'kind',
  'request_id',
  'caller_token',
  'caller_user',
  'filename',
  'sha256',
  'size',
  'media_type',
  'verdict',
  'findings',
  'unread',
  'policy_version',
  'dictionary_version',
  'duration_ms',
  'ref',
  'decision',
  'reason',
  'detail',
  'prev_hash',
  'hash',
] as const;

/** A database row as either driver returns it. */
export type Row = Record<string, unknown>;

/** The values of a record in {@link COLUMNS} order. */
export function recordToRow(r: AuditRecord): unknown[] {
  return [
    r.seq,
    r.time,
    r.kind,
    r.requestId,
    r.callerToken,
    r.callerUser,
    r.filename,
    r.sha256,
    r.size,
    r.mediaType,
    r.verdict,
    JSON.stringify(r.findings),
    JSON.stringify(r.unread),
    r.policyVersion,
    r.dictionaryVersion,
    r.durationMs,
    r.ref,
    r.decision,
    r.reason,
    r.detail === null ? null : JSON.stringify(r.detail),
    r.prevHash,
    r.hash,
  ];
}

const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
const str = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

/** Rebuilds a record from a row; JSON columns that do not parse make the row unverifiable, not a crash. */
export function rowToRecord(row: Row): AuditRecord {
  const parse = <T>(v: unknown, fallback: T): T => {
    if (v === null || v === undefined) return fallback;
    try {
      return JSON.parse(String(v)) as T;
    } catch {
      return { unparsable: String(v) } as T;
    }
  };
  return {
    seq: Number(row.seq),
    time: String(row.time),
    kind: String(row.kind) as AuditKind,
    requestId: str(row.request_id),
    callerToken: str(row.caller_token),
    callerUser: str(row.caller_user),
    filename: str(row.filename),
    sha256: str(row.sha256),
    size: num(row.size),
    mediaType: str(row.media_type),
    verdict: str(row.verdict) as Verdict | null,
    findings: parse(row.findings, []),
    unread: parse(row.unread, []),
    policyVersion: str(row.policy_version),
    dictionaryVersion: str(row.dictionary_version),
    durationMs: num(row.duration_ms),
    ref: num(row.ref),
    decision: str(row.decision) as DecisionOutcome | null,
    reason: str(row.reason),
    detail: parse(row.detail, null),
    prevHash: String(row.prev_hash),
    hash: String(row.hash),
  };
}

/** Builds the next record of the chain. */
export function nextRecord(entry: AuditEntry, last: { seq: number; hash: string } | undefined, now = new Date()): AuditRecord {
  const seq = (last?.seq ?? 0) + 1;
  const prevHash = last?.hash ?? GENESIS_HASH;
  const body = completeEntry(entry, seq, now);
  return { ...body, prevHash, hash: recordHash(body, prevHash) };
}

/** Checks the decision against the record it refers to; throws {@link AuditError} when it cannot be made. */
export function checkDecision(input: DecisionInput, target: AuditRecord | undefined, existing: AuditRecord[]): AuditEntry {
  if (!Number.isInteger(input.ref) || input.ref < 1) throw new AuditError('invalid', 'ref must be a record number (1, 2, …)');
  if (input.decision !== 'approved' && input.decision !== 'rejected') throw new AuditError('invalid', 'decision must be "approved" or "rejected"');
  if (!input.reviewer?.trim()) throw new AuditError('invalid', 'a reviewer name is required');
  if (!input.reason?.trim()) throw new AuditError('invalid', 'a reason is required');
  if (!target) throw new AuditError('not-found', `no audit record ${input.ref}`);
  if (target.kind === 'decision' || target.verdict !== 'review') {
    throw new AuditError('not-reviewable', `record ${input.ref} is a ${target.kind} with verdict ${target.verdict ?? 'none'}; only review items take a decision`);
  }
  if (existing.length > 0) {
    const d = existing[0];
    throw new AuditError('already-decided', `record ${input.ref} was already ${d.decision} by ${d.callerUser ?? '?'} (record ${d.seq})`);
  }
  return {
    kind: 'decision',
    ref: target.seq,
    decision: input.decision,
    callerUser: input.reviewer.trim(),
    reason: input.reason.trim(),
    callerToken: input.callerToken ?? null,
    requestId: input.requestId ?? null,
    filename: target.filename,
    sha256: target.sha256,
    size: target.size,
    mediaType: target.mediaType,
    verdict: target.verdict,
  };
}

/** Checks records one at a time, oldest first, so a long trail can be streamed through it. */
export class ChainVerifier {
  private prev = GENESIS_HASH;
  private expectedSeq = 1;
  private count = 0;
  private broken: { seq: number; reason: string } | undefined;

  /** Feeds the next record; returns false once the chain is broken (further records are not checked). */
  push(r: AuditRecord): boolean {
    if (this.broken) return false;
    this.count++;
    if (r.seq !== this.expectedSeq) {
      this.broken = { seq: r.seq, reason: `sequence gap: expected record ${this.expectedSeq}, found ${r.seq} (records deleted)` };
    } else if (r.prevHash !== this.prev) {
      this.broken = { seq: r.seq, reason: 'link to the previous record does not match its hash' };
    } else {
      const { hash, prevHash, ...body } = r;
      if (recordHash(body, prevHash) !== hash) this.broken = { seq: r.seq, reason: 'record content does not match its hash (altered)' };
    }
    if (this.broken) return false;
    this.prev = r.hash;
    this.expectedSeq++;
    return true;
  }

  report(): ChainReport {
    return this.broken
      ? { ok: false, records: this.count, firstBroken: this.broken, headHash: this.prev }
      : { ok: true, records: this.count, headHash: this.prev };
  }
}

/** Verifies records given oldest first. */
export function verifyRecords(records: Iterable<AuditRecord>): ChainReport {
  const v = new ChainVerifier();
  for (const r of records) if (!v.push(r)) break;
  return v.report();
}

/** WHERE clause and parameters for a query, with `?` placeholders. */
export function buildWhere(q: AuditQuery): { sql: string; params: unknown[] } {
  const where: string[] = [];
  const params: unknown[] = [];
  if (q.from) {
    where.push('time >= ?');
    params.push(normalizeTime(q.from, false));
  }
  if (q.to) {
    where.push('time < ?');
    params.push(normalizeTime(q.to, true));
  }
  if (q.verdict) {
    where.push('verdict = ?');
    params.push(q.verdict);
  }
  if (q.kind) {
    where.push('kind = ?');
    params.push(q.kind);
  }
  if (q.caller) {
    where.push('(caller_token = ? OR caller_user = ?)');
    params.push(q.caller, q.caller);
  }
  if (q.sha256) {
    where.push('sha256 = ?');
    params.push(q.sha256.toLowerCase());
  }
  if (q.pending) {
    where.push("verdict = 'review' AND kind <> 'decision' AND NOT EXISTS (SELECT 1 FROM audit_log d WHERE d.kind = 'decision' AND d.ref = audit_log.seq)");
  }
  return { sql: where.length ? `WHERE ${where.join(' AND ')}` : '', params };
}

/** `2025-05-01` → start of that day (or of the next day for an exclusive upper bound); full ISO times pass through. */
export function normalizeTime(value: string, upper: boolean): string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) {
    const d = new Date(`${value}T00:00:00.000Z`);
    if (upper) d.setUTCDate(d.getUTCDate() + 1);
    return d.toISOString();
  }
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) throw new AuditError('invalid', `not a date or time: ${value}`);
  return d.toISOString();
}
