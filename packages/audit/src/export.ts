import type { AuditRecord } from './record.ts';

/** Export formats: a JSON array, one JSON record a line, or CSV for spreadsheets. */
export type ExportFormat = 'json' | 'jsonl' | 'csv';

const CSV_COLUMNS: Array<[string, (r: AuditRecord) => unknown]> = [
  ['seq', (r) => r.seq],
  ['time', (r) => r.time],
  ['kind', (r) => r.kind],
  ['verdict', (r) => r.verdict],
  ['decision', (r) => r.decision],
  ['ref', (r) => r.ref],
  ['caller_token', (r) => r.callerToken],
  ['caller_user', (r) => r.callerUser],
  ['filename', (r) => r.filename],
  ['sha256', (r) => r.sha256],
  ['size', (r) => r.size],
  ['media_type', (r) => r.mediaType],
  ['findings', (r) => r.findings.length],
  ['rules', (r) => [...new Set(r.findings.map((f) => f.ruleId))].join(' ')],
  ['unread', (r) => r.unread.map((u) => `${u.where}: ${u.reason}`).join('; ')],
  ['policy_version', (r) => r.policyVersion],
  ['dictionary_version', (r) => r.dictionaryVersion],
  ['duration_ms', (r) => r.durationMs],
  ['reason', (r) => r.reason],
  ['request_id', (r) => r.requestId],
  ['hash', (r) => r.hash],
];

/** One CSV field (RFC 4180); a leading `= + - @` is prefixed with `'` so spreadsheets do not run it as a formula. */
export function csvField(value: unknown): string {
  if (value === null || value === undefined) return '';
  let s = String(value);
  if (/^[=+\-@\t\r]/.test(s) && typeof value === 'string') s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Renders records in the given format. CSV carries a summary of findings; JSON carries everything. */
export function formatRecords(records: AuditRecord[], format: ExportFormat): string {
  if (format === 'json') return `${JSON.stringify(records, null, 2)}\n`;
  if (format === 'jsonl') return records.map((r) => `${JSON.stringify(r)}\n`).join('');
  const lines = [CSV_COLUMNS.map(([h]) => h).join(',')];
  for (const r of records) lines.push(CSV_COLUMNS.map(([, get]) => csvField(get(r))).join(','));
  return `${lines.join('\r\n')}\r\n`;
}
