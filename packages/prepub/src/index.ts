/**
 * prepub: pre-publication secrecy review. `createScanner(options)` then `scanner.scan(bytes, { filename })`
 * gives a verdict (block / review / pass) with every finding located in the original document.
 * The upload middleware (`prepubExpress`, `prepubFastify`), the review service (`createServer`,
 * `startServer`) and every result type come from here too.
 * @packageDocumentation
 */
export { createScanner, loadDictionaries, parseAllowlist, BUNDLED_DICTIONARIES, DEFAULT_ISOLATION } from '@prepub/scanner';
export type { Scanner, ScannerOptions, ScanOptions, IsolationOptions, LoadedDictionaries } from '@prepub/scanner';
export { prepubExpress, prepubFastify, rejection, worst } from '@prepub/middleware';
export type { MiddlewareOptions, PrepubUpload, ScannedFile, RejectionBody, UploadErrorBody, VerdictAction } from '@prepub/middleware';
export { createServer, startServer, API_VERSION } from '@prepub/server';
export type { ServerOptions, StartOptions, ApiToken, ErrorBody, ScanResponse, ReviewItem, ReviewVerdict } from '@prepub/server';
export { openAudit, SqliteAuditStore, PostgresAuditStore } from '@prepub/audit';
export type { AuditConfig, AuditStore, AuditRecord, AuditEntry } from '@prepub/audit';
export type * from '@prepub/core';
