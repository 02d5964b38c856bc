/**
 * prepub audit trail: every decision recorded append-only, each record chained to the previous one
 * by SHA-256 so that an altered or deleted record shows; reviewer sign-off; list, show, export, verify.
 */
export * from './record.ts';
export * from './store.ts';
export { SqliteAuditStore } from './sqlite.ts';
export { PostgresAuditStore } from './postgres.ts';
export { openAudit, DEFAULT_AUDIT_PATH, type AuditConfig } from './open.ts';
export { formatRecords, csvField, type ExportFormat } from './export.ts';
export * from './cli.ts';
