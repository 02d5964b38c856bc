import type { ScanResult, Verdict } from '@prepub/core';
import { entryFromScan, type AuditStore } from '@prepub/audit';
import type { Scanner } from '@prepub/scanner';

/** One uploaded file, held in memory, with its scan result. */
export interface ScannedFile {
  /** The form field the file came in. */
  fieldname: string;
  filename: string;
  mimetype: string;
  size: number;
  buffer: Buffer;
  result: ScanResult;
}

/** What the middleware attaches to the request (`req.prepub` / `request.prepub`). */
export interface PrepubUpload {
  /** The worst verdict of all files (`pass` when the request held no file). */
  verdict: Verdict;
  files: ScannedFile[];
  /** The non-file form fields. Repeated fields become arrays. */
  fields: Record<string, string | string[]>;
}

/** What {@link MiddlewareOptions.onVerdict} may answer. */
export type VerdictAction = 'stop' | 'continue' | void;

/** Options shared by the Express and Fastify middleware. */
export interface MiddlewareOptions {
  scanner: Scanner;
  /** Verdicts that stop the upload (default `['block', 'review']`). */
  stopOn?: Verdict[];
  /** Status of a stopped upload (default 422). */
  status?: number;
  /**
   * Called after scanning, before the default handling. Return `'stop'` or `'continue'` to decide
   * yourself; return nothing to keep the default (stop on {@link stopOn}).
   */
  onVerdict?: (upload: PrepubUpload) => VerdictAction | Promise<VerdictAction>;
  /** Largest file in bytes (default 50 MiB), most files (default 10), most fields (default 50). */
  limits?: { fileSize?: number; files?: number; fields?: number; fieldSize?: number };
  /** Deadline for scanning one request's files, ms (default 120 000); then the upload is stopped as unread. */
  timeoutMs?: number;
  /**
   * Record every scanned file in this audit trail, as caller `caller` (default `upload-middleware`)
   * and the end user named by the request's `X-Prepub-User` header. If recording fails the upload
   * is refused (503): no decision without a record.
   */
  audit?: { store: AuditStore; caller?: string };
}

/** The JSON body of a stopped upload. */
export interface RejectionBody {
  error: 'upload-rejected';
  message: string;
  verdict: Verdict;
  files: Array<{
    filename: string;
    verdict: Verdict;
    findings: Array<{ ruleId: string; severity: string; role: string; page?: number; line: number; paragraph?: number }>;
    unread: Array<{ where: string; reason: string }>;
  }>;
}

/** The JSON body of an upload the middleware could not read. */
export interface UploadErrorBody {
  error: 'upload-too-large' | 'malformed-upload' | 'scan-failed';
  message: string;
}

const RANK: Record<Verdict, number> = { pass: 0, review: 1, block: 2 };

export function worst(results: ScanResult[]): Verdict {
  let v: Verdict = 'pass';
  for (const r of results) {
    // Unread content is never a pass, whatever the scanner said.
    const rv: Verdict = r.verdict === 'pass' && r.coverage.unread.length > 0 ? 'review' : r.verdict;
    if (RANK[rv] > RANK[v]) v = rv;
  }
  return v;
}

export function rejection(upload: PrepubUpload): RejectionBody {
  return {
    error: 'upload-rejected',
    message:
      upload.verdict === 'block'
        ? 'the upload carries a classification marking or other content that must not be published'
        : 'the upload needs a reviewer before it can be accepted',
    verdict: upload.verdict,
    files: upload.files.map((f) => ({
      filename: f.filename,
      verdict: f.result.verdict,
      findings: f.result.findings.map((x) => {
        const o: RejectionBody['files'][number]['findings'][number] = { ruleId: x.ruleId, severity: x.severity, role: x.location.role, line: x.location.line };
        if (x.location.page !== undefined) o.page = x.location.page;
        if (x.location.paragraph !== undefined) o.paragraph = x.location.paragraph;
        return o;
      }),
      unread: f.result.coverage.unread.map((u) => ({ where: u.where, reason: u.reason })),
    })),
  };
}

/** Whether the upload goes on to the handler. */
export async function decide(upload: PrepubUpload, o: MiddlewareOptions): Promise<boolean> {
  const action = await o.onVerdict?.(upload);
  if (action === 'continue') return true;
  if (action === 'stop') return false;
  return !(o.stopOn ?? ['block', 'review']).includes(upload.verdict);
}

/** Scans the files one after another under one deadline. */
export async function scanFiles(
  o: MiddlewareOptions,
  files: Array<Omit<ScannedFile, 'result'>>,
  fields: PrepubUpload['fields'],
  user?: string | null,
): Promise<PrepubUpload> {
  const signal = AbortSignal.timeout(o.timeoutMs ?? 120_000);
  const scanned: ScannedFile[] = [];
  for (const f of files) {
    const result = await o.scanner.scan(new Uint8Array(f.buffer.buffer, f.buffer.byteOffset, f.buffer.byteLength), {
      filename: f.filename,
      mediaType: f.mimetype && f.mimetype !== 'application/octet-stream' ? f.mimetype : undefined,
      signal,
    });
    scanned.push({ ...f, result });
    if (o.audit) {
      await o.audit.store.append(
        entryFromScan(result, { callerToken: o.audit.caller ?? 'upload-middleware', callerUser: user ?? null, filename: f.filename, dictionaryVersion: o.scanner.info.dictionaryVersion }),
      );
    }
  }
  return { verdict: worst(scanned.map((s) => s.result)), files: scanned, fields };
}

export function addField(fields: PrepubUpload['fields'], name: string, value: string): void {
  const prev = fields[name];
  if (prev === undefined) fields[name] = value;
  else if (Array.isArray(prev)) prev.push(value);
  else fields[name] = [prev, value];
}

export const DEFAULT_FILE_SIZE = 50 * 1024 * 1024;

/** The end user a request names (`X-Prepub-User`, percent-decoded), for the audit trail. */
export function requestUser(headers: Record<string, string | string[] | undefined>): string | null {
  const raw = headers['x-prepub-user'];
  let v = Array.isArray(raw) ? raw[0] : raw;
  if (!v) return null;
  try {
    v = decodeURIComponent(v);
  } catch {
    // Not percent-encoded: keep as given.
  }
  return v.replace(/[\u0000-\u001f\u007f]/g, '').trim().slice(0, 200) || null;
}
