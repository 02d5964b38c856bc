/**
 * The operations behind `prepub audit …` (the command itself, its arguments and exit codes, is in
 * the CLI package), each a typed function over an open store or a store config.
 */
import { formatRecords, type ExportFormat } from './export.ts';
import { openAudit, type AuditConfig } from './open.ts';
import type { AuditRecord } from './record.ts';
import { AuditError, type AuditQuery, type AuditShow, type AuditStore, type ChainReport } from './store.ts';

/** Where the trail is, for every command. */
export interface AuditTarget extends AuditConfig {
  /** An already open store (takes precedence over `sqlite`/`postgres`). */
  store?: AuditStore;
}

/** Options of `prepub audit approve|reject`. */
export interface AuditDecisionOptions extends AuditTarget {
  /** The record number of the review item. */
  id: number;
  reviewer: string;
  reason: string;
}

/** Options of `prepub audit list|export`. */
export interface AuditListOptions extends AuditTarget, AuditQuery {}

async function withStore<T>(t: AuditTarget, fn: (s: AuditStore) => Promise<T>): Promise<T> {
  if (t.store) return fn(t.store);
  const s = await openAudit(t);
  try {
    return await fn(s);
  } finally {
    await s.close();
  }
}

/** `prepub audit approve <id> --reviewer NAME --reason TEXT` */
export function auditApprove(o: AuditDecisionOptions): Promise<AuditRecord> {
  return withStore(o, (s) => s.decide({ ref: o.id, decision: 'approved', reviewer: o.reviewer, reason: o.reason }));
}

/** `prepub audit reject <id> --reviewer NAME --reason TEXT` */
export function auditReject(o: AuditDecisionOptions): Promise<AuditRecord> {
  return withStore(o, (s) => s.decide({ ref: o.id, decision: 'rejected', reviewer: o.reviewer, reason: o.reason }));
}

/** `prepub audit list [--from] [--to] [--verdict] [--caller] [--pending] [--limit]` */
export function auditList(o: AuditListOptions = {}): Promise<AuditRecord[]> {
  return withStore(o, (s) => s.list(o));
}

/** `prepub audit show <id>`: the record and the decisions on it. */
export function auditShow(o: AuditTarget & { id: number }): Promise<AuditShow | undefined> {
  return withStore(o, (s) => s.show(o.id));
}

/** `prepub audit export --format csv|json|jsonl [--out FILE] [filters]`: returns the text. */
export function auditExport(o: AuditListOptions & { format?: ExportFormat }): Promise<string> {
  return withStore(o, async (s) => formatRecords(await s.list({ limit: 1_000_000, ...o }), o.format ?? 'json'));
}

/** `prepub audit verify`: recomputes the chain. */
export function auditVerify(o: AuditTarget = {}): Promise<ChainReport> {
  return withStore(o, (s) => s.verifyChain());
}
