import { createHash } from 'node:crypto';
import type { Finding, ScanResult, UnreadItem, Verdict } from '@prepub/core';

/** What kind of decision a record holds. */
export type AuditKind =
  /** One file scanned (`POST /v1/scan`, upload middleware, CLI). */
  | 'scan'
  /** One CMS article with its attachments (`POST /v1/review`). */
  | 'review'
  /** A reviewer's sign-off on an earlier `review` verdict. */
  | 'decision';

/** A reviewer's answer to a `review` item. */
export type DecisionOutcome = 'approved' | 'rejected';

/**
 * A finding as the audit trail keeps it: what rule, where, how sure — never the matched text.
 * The excerpt and message are left out on purpose: an audit log must not become a copy of the
 * secrets it records.
 */
export interface AuditFinding {
  ruleId: string;
  category: string;
  severity: string;
  score: number;
  fingerprint: string;
  /** Which file of a request the finding came from (attachment name), when a request held several. */
  source?: string;
  location: {
    part: string;
    role: string;
    page?: number;
    line: number;
    column: number;
    paragraph?: number;
    container?: string[];
  };
  suppressed?: boolean;
}

/** Content that was not read, as the audit trail keeps it. */
export interface AuditUnread {
  where: string;
  reason: string;
  detail: string;
  source?: string;
}

/** What a caller hands to {@link AuditStore.append}; the store adds sequence, time and hashes. */
export interface AuditEntry {
  kind: AuditKind;
  /** ISO-8601 UTC time; the store fills the current time when absent. */
  time?: string;
  /** The request id of the service, for correlating with logs. */
  requestId?: string | null;
  /** Name of the API token (never the secret). */
  callerToken?: string | null;
  /** The end user the caller names (`X-Prepub-User`), or the reviewer for decisions. */
  callerUser?: string | null;
  filename?: string | null;
  sha256?: string | null;
  size?: number | null;
  mediaType?: string | null;
  verdict?: Verdict | null;
  findings?: AuditFinding[];
  unread?: AuditUnread[];
  policyVersion?: string | null;
  dictionaryVersion?: string | null;
  durationMs?: number | null;
  /** For a decision: the sequence number of the record decided on. */
  ref?: number | null;
  decision?: DecisionOutcome | null;
  /** For a decision: the reviewer's reason. */
  reason?: string | null;
  /** Anything else worth keeping: the attachments of a review, the article title. JSON only. */
  detail?: Record<string, unknown> | null;
}

/** One stored record. Every field takes part in the hash; `null` where a field does not apply. */
export interface AuditRecord {
  /** 1, 2, 3 … without gaps: a missing number is a deleted record. */
  seq: number;
  time: string;
  kind: AuditKind;
  requestId: string | null;
  callerToken: string | null;
  callerUser: string | null;
  filename: string | null;
  sha256: string | null;
  size: number | null;
  mediaType: string | null;
  verdict: Verdict | null;
  findings: AuditFinding[];
  unread: AuditUnread[];
  policyVersion: string | null;
  dictionaryVersion: string | null;
  durationMs: number | null;
  ref: number | null;
  decision: DecisionOutcome | null;
  reason: string | null;
  detail: Record<string, unknown> | null;
  /** Hash of the previous record (64 zeros for the first). */
  prevHash: string;
  /** SHA-256 of `prevHash + "\n" + canonicalJson(record without prevHash and hash)`. */
  hash: string;
}

/** The hash the first record links to. */
export const GENESIS_HASH = '0'.repeat(64);

/**
 * JSON with object keys sorted and no whitespace, so the same record always gives the same bytes
 * whichever database returned it. `undefined` members are left out, as JSON.stringify does.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value)) throw new Error('canonicalJson: non-finite number');
    return JSON.stringify(value) ?? 'null';
  }
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`;
  const keys = Object.keys(value as Record<string, unknown>).sort();
  const members: string[] = [];
  for (const key of keys) {
    const v = (value as Record<string, unknown>)[key];
    if (v === undefined) continue;
    members.push(`${JSON.stringify(key)}:${canonicalJson(v)}`);
  }
  return `{${members.join(',')}}`;
}

/** The hash of a record given the previous record's hash. */
export function recordHash(record: Omit<AuditRecord, 'hash' | 'prevHash'>, prevHash: string): string {
  const body: Record<string, unknown> = { ...record };
  delete body.hash;
  delete body.prevHash;
  return createHash('sha256').update(prevHash).update('\n').update(canonicalJson(body)).digest('hex');
}

/** Fills defaults so a stored record has every field (null where absent). */
export function completeEntry(entry: AuditEntry, seq: number, now: Date): Omit<AuditRecord, 'hash' | 'prevHash'> {
  return {
    seq,
    time: entry.time ?? now.toISOString(),
    kind: entry.kind,
    requestId: entry.requestId ?? null,
    callerToken: entry.callerToken ?? null,
    callerUser: entry.callerUser ?? null,
    filename: entry.filename ?? null,
    sha256: entry.sha256 ?? null,
    size: entry.size ?? null,
    mediaType: entry.mediaType ?? null,
    verdict: entry.verdict ?? null,
    // A JSON round trip drops undefined members now, so the hash at append equals the hash at verify.
    findings: JSON.parse(JSON.stringify(entry.findings ?? [])) as AuditFinding[],
    unread: JSON.parse(JSON.stringify(entry.unread ?? [])) as AuditUnread[],
    policyVersion: entry.policyVersion ?? null,
    dictionaryVersion: entry.dictionaryVersion ?? null,
    durationMs: entry.durationMs ?? null,
    ref: entry.ref ?? null,
    decision: entry.decision ?? null,
    reason: entry.reason ?? null,
    detail: entry.detail == null ? null : (JSON.parse(JSON.stringify(entry.detail)) as Record<string, unknown>),
  };
}

/** Keeps what a reviewer needs from a finding, without the matched text. */
export function maskFinding(finding: Finding, source?: string): AuditFinding {
  const loc = finding.location;
  const out: AuditFinding = {
    ruleId: finding.ruleId,
    category: finding.category,
    severity: finding.severity,
    score: finding.score,
    fingerprint: finding.fingerprint,
    location: { part: loc.part, role: loc.role, line: loc.line, column: loc.column },
  };
  if (source !== undefined) out.source = source;
  if (loc.page !== undefined) out.location.page = loc.page;
  if (loc.paragraph !== undefined) out.location.paragraph = loc.paragraph;
  if (loc.container !== undefined) out.location.container = [...loc.container];
  if (finding.suppressed) out.suppressed = true;
  return out;
}

/** The unread list of a result, in audit form. */
export function auditUnread(items: UnreadItem[], source?: string): AuditUnread[] {
  return items.map((u) => (source === undefined ? { where: u.where, reason: u.reason, detail: u.detail } : { where: u.where, reason: u.reason, detail: u.detail, source }));
}

/** Builds the audit entry for one scanned file from the scanner's result. */
export function entryFromScan(
  result: ScanResult,
  extra: Pick<AuditEntry, 'requestId' | 'callerToken' | 'callerUser' | 'dictionaryVersion' | 'detail'> & { filename?: string; durationMs?: number } = {},
): AuditEntry {
  return {
    kind: 'scan',
    requestId: extra.requestId ?? null,
    callerToken: extra.callerToken ?? null,
    callerUser: extra.callerUser ?? null,
    filename: extra.filename ?? result.document.filename ?? null,
    sha256: result.document.sha256 ?? null,
    size: result.document.size,
    mediaType: result.document.mediaType,
    verdict: result.verdict,
    findings: [...result.findings.map((f) => maskFinding(f)), ...result.suppressed.map((f) => maskFinding(f))],
    unread: auditUnread(result.coverage.unread),
    policyVersion: result.policyVersion,
    dictionaryVersion: extra.dictionaryVersion ?? null,
    durationMs: extra.durationMs ?? result.durationMs,
    detail: extra.detail ?? null,
  };
}
