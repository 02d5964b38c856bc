/**
 * What every route module shares: settings, the scanner, the audit trail, metrics, the queue, and
 * the helpers that guard, time-limit, scan, record and keep uploads.
 */
import { createHash } from 'node:crypto';
import { basename } from 'node:path';
import { auditUnread, type AuditRecord, type AuditStore } from '@prepub/audit';
import { requestTexts, type FieldEncoding, type ScanResult } from '@prepub/core';
import type { Scanner } from '@prepub/scanner';
import type { FastifyBaseLogger, FastifyReply, FastifyRequest } from 'fastify';
import type { ServiceMetrics } from './metrics.ts';
import { matchToken, type ApiToken, type ServerOptions, type Settings } from './options.ts';
import { quarantineFile } from './quarantine.ts';
import { transferDecode } from './transfer.ts';
import { QueueAbortedError, QueueFullError, type BoundedQueue } from './queue.ts';

/** The version of the response format; bumped only on incompatible changes. */
export const API_VERSION = 1;

/** Body of every error answer. `publishAllowed` is always false: an error never lets content through. */
export interface ErrorBody {
  version: 1;
  requestId: string;
  error: { code: string; message: string };
  publishAllowed: false;
  /** Audit record of a scan that was stopped (deadline passed, client gone): the request is on the trail too. */
  auditId?: number;
}

export class HttpError extends Error {
  /** Set when the stopped request was recorded on the audit trail. */
  auditId?: number;
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    /** Details a message in another language needs (see the catalogue's `server.error`). */
    readonly params?: Record<string, string | number>,
  ) {
    super(message);
  }
}

export class DeadlineError extends Error {
  constructor(ms: number) {
    super(`the scan did not finish within ${ms} ms and was stopped`);
  }
}

export interface Caller {
  token: ApiToken;
  user: string | null;
}

declare module 'fastify' {
  interface FastifyRequest {
    prepubCaller?: Caller;
    prepubStarted?: bigint;
  }
}

/** A file taken from a request, in memory only while it is scanned. */
export interface Upload {
  filename: string;
  mediaType?: string;
  bytes: Buffer;
}

/** Keeps a file name for reports: last path segment, no control characters, at most 255 characters. */
export function cleanFilename(name: string | undefined | null): string | undefined {
  if (!name) return undefined;
  let n = name;
  try {
    if (/%[0-9a-f]{2}/i.test(n)) n = decodeURIComponent(n);
  } catch {
    // Not percent-encoded after all: keep it as given.
  }
  n = basename(n.replace(/\\/g, '/')).replace(/[\u0000-\u001f\u007f]/g, '').slice(0, 255);
  return n || undefined;
}

export function cleanUser(v: unknown): string | null {
  if (typeof v !== 'string') return null;
  let s = v;
  try {
    if (/%[0-9a-f]{2}/i.test(s)) s = decodeURIComponent(s);
  } catch {
    // Keep as given.
  }
  s = s.replace(/[\u0000-\u001f\u007f]/g, '').trim().slice(0, 200);
  return s || null;
}

export function header(req: FastifyRequest, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}


/** Whether the service is ready for traffic (`/readyz`). */
export interface Readiness {
  ready: boolean;
  /** Why not, when not. */
  reason?: string;
}

/** Everything a route module gets. */
export interface ServiceContext {
  options: ServerOptions;
  settings: Settings;
  scanner: Scanner;
  audit: AuditStore | undefined;
  metrics: ServiceMetrics;
  queue: BoundedQueue;
  readiness: Readiness;
  log: FastifyBaseLogger;
  /** Limits for @fastify/multipart. */
  multipartLimits: { fileSize: number; files: number; fieldSize: number; fields: number; parts: number; headerPairs: number };
  /** onRequest hook: bearer token, then (for scan routes) a free place in the queue. */
  guard(scans: boolean): (req: FastifyRequest, reply: FastifyReply) => Promise<void>;
  /** Runs `job` in the queue under the request's deadline; aborts it when the deadline passes or the client goes away. */
  /** `quick`: the job is a quick upload (see `BoundedQueue`), which may take the slot kept for such. */
  underDeadline<T>(req: FastifyRequest, reply: FastifyReply, job: (signal: AbortSignal) => Promise<T>, quick?: boolean): Promise<T>;
  scanOne(u: Upload, signal: AbortSignal, password?: string): Promise<ScanResult>;
  /** Appends to the audit trail; a failure is a 503 (no decision without a record). */
  record(entry: Parameters<AuditStore['append']>[0]): Promise<AuditRecord | undefined>;
  /** Keeps a copy of the upload in quarantine when configured for its verdict. */
  keep(u: Upload, result: ScanResult): Promise<void>;
  /** Records a scan stopped before it answered, then rethrows. */
  recordStopped(e: unknown, req: FastifyRequest, kind: 'scan' | 'review', uploads: Upload[], filename: string | null, started: number): Promise<never>;
  /** `fields` holds each text field's last value; `fieldList` every value in order (a name may come twice). */
  readMultipart(req: FastifyRequest): Promise<{ files: Upload[]; fields: Record<string, string>; fieldList: Array<[string, string]>; encoding: FieldEncoding }>;
  caller(req: FastifyRequest): Caller;
}

/** Builds the shared context of one service instance. */
export function createContext(base: Pick<ServiceContext, 'options' | 'settings' | 'scanner' | 'audit' | 'metrics' | 'queue' | 'log'>, tokens: ApiToken[]): ServiceContext {
  const { settings: s, scanner, audit, metrics, queue, options } = base;
  const app = { log: base.log };
  /** Bearer token check, then a capacity check before any body is read. */
  const guard = (scans: boolean) => async (req: FastifyRequest, reply: FastifyReply) => {
    const auth = header(req, 'authorization');
    const m = auth ? /^Bearer\s+(\S+)\s*$/i.exec(auth) : null;
    const token = matchToken(tokens, m?.[1]);
    if (!token) {
      reply.header('www-authenticate', 'Bearer realm="prepub"');
      throw new HttpError(401, auth ? 'invalid-token' : 'missing-token', auth ? 'the API token is not valid' : 'an API token is required: Authorization: Bearer <token>');
    }
    req.prepubCaller = { token, user: cleanUser(header(req, 'x-prepub-user')) };
    if (scans && !queue.hasRoom()) {
      metrics.rejected.inc();
      reply.header('retry-after', String(s.retryAfterSeconds));
      throw new HttpError(503, 'busy', `all ${s.concurrency} scan slots and ${s.queueSize} waiting places are taken; retry after ${s.retryAfterSeconds} s`, { retryAfter: s.retryAfterSeconds });
    }
  };

  /** Runs `job` in the queue under the request's deadline; aborts it when the deadline passes or the client goes away. */
  async function underDeadline<T>(req: FastifyRequest, reply: FastifyReply, job: (signal: AbortSignal) => Promise<T>, quick = false): Promise<T> {
    const ac = new AbortController();
    const timer = setTimeout(() => ac.abort(new DeadlineError(s.scanTimeoutMs)), s.scanTimeoutMs);
    const onClose = () => {
      if (!reply.raw.writableFinished) ac.abort(new HttpError(499, 'client-closed', 'the client went away'));
    };
    reply.raw.once('close', onClose);
    const aborted = new Promise<never>((_, reject) => {
      if (ac.signal.aborted) reject(ac.signal.reason);
      ac.signal.addEventListener('abort', () => reject(ac.signal.reason), { once: true });
    });
    aborted.catch(() => {});
    try {
      return await Promise.race([queue.run(() => job(ac.signal), ac.signal, quick), aborted]);
    } catch (e) {
      if (e instanceof QueueFullError) {
        metrics.rejected.inc();
        reply.header('retry-after', String(s.retryAfterSeconds));
        throw new HttpError(503, 'busy', `all scan slots are taken; retry after ${s.retryAfterSeconds} s`, { retryAfter: s.retryAfterSeconds });
      }
      if (e instanceof DeadlineError || (e instanceof QueueAbortedError && ac.signal.reason instanceof DeadlineError)) {
        metrics.deadlines.inc();
        throw new HttpError(504, 'deadline', (ac.signal.reason as Error).message, { ms: s.scanTimeoutMs });
      }
      throw e;
    } finally {
      clearTimeout(timer);
      reply.raw.off('close', onClose);
    }
  }

  const scanOne = (u: Upload, signal: AbortSignal, password?: string) =>
    scanner.scan(new Uint8Array(u.bytes.buffer, u.bytes.byteOffset, u.bytes.byteLength), { filename: u.filename, mediaType: u.mediaType, signal, password });

  async function record(entry: Parameters<AuditStore['append']>[0]): Promise<AuditRecord | undefined> {
    if (!audit) return undefined;
    try {
      return await audit.append(entry);
    } catch (e) {
      metrics.auditFailures.inc();
      app.log.error({ err: e }, 'audit append failed');
      // Fail closed: a decision that cannot be recorded is not given.
      throw new HttpError(503, 'audit-unavailable', 'the audit trail could not record the decision; nothing was allowed through');
    }
  }

  async function keep(u: Upload, result: ScanResult): Promise<void> {
    const q = options.quarantine;
    if (!q) return;
    if (!(q.verdicts ?? ['block', 'review']).includes(result.verdict)) return;
    try {
      await quarantineFile(q.dir, u.bytes, result.document.sha256);
    } catch (e) {
      app.log.error({ err: e }, 'quarantine write failed');
    }
  }

  /**
   * A scan stopped before it answered (deadline passed, client gone) still leaves an audit record:
   * verdict review, with what was not read and why. Rethrows `e` carrying the record's number.
   */
  async function recordStopped(e: unknown, req: FastifyRequest, kind: 'scan' | 'review', uploads: Upload[], filename: string | null, started: number): Promise<never> {
    if (!(e instanceof HttpError) || (e.code !== 'deadline' && e.code !== 'client-closed')) throw e;
    const reason = e.code === 'deadline' ? 'timeout' : 'aborted';
    const unread = uploads.map((u) => ({ where: u.filename, reason, detail: `not read: ${e.message}` }) as const);
    const rec = await record({
      kind,
      requestId: req.id,
      callerToken: caller(req).token.name,
      callerUser: caller(req).user,
      filename,
      sha256: uploads.length === 1 ? createHash('sha256').update(uploads[0].bytes).digest('hex') : null,
      size: uploads.reduce((n, u) => n + u.bytes.length, 0),
      mediaType: uploads.length === 1 ? (uploads[0].mediaType ?? null) : 'text/html',
      verdict: 'review',
      findings: [],
      unread: auditUnread(unread),
      policyVersion: scanner.info.policyVersion,
      dictionaryVersion: scanner.info.dictionaryVersion,
      durationMs: performance.now() - started,
      detail: { stopped: e.code },
    });
    if (rec) e.auditId = rec.seq;
    metrics.verdicts.inc({ route: kind === 'scan' ? '/v1/scan' : '/v1/review', verdict: 'review' });
    throw e;
  }

  const multipartLimits = {
    fileSize: s.maxBodyBytes,
    files: s.maxAttachments,
    fieldSize: s.maxBodyBytes,
    // As many text fields as /v1/review reads besides title and html (100), and those two.
    fields: 102,
    parts: s.maxAttachments + 102,
    headerPairs: 64,
  };

  /**
   * Reads every part into memory, enforcing the total size. Malformed bodies become 400. A text field
   * that names no charset is taken as its bytes (busboy's `defCharset: 'latin1'` keeps them) and the
   * request's such fields are decoded together: UTF-8, or GB18030 when they are not UTF-8 but read as
   * GB18030 (an older Chinese CMS posts its forms in GBK without saying so; `encoding` tells), else
   * UTF-8 with U+FFFD (lost text, never pass). A field the multipart plugin parsed as JSON
   * (`Content-Type: application/json`) is its JSON text.
   */
  async function readMultipart(req: FastifyRequest): Promise<{ files: Upload[]; fields: Record<string, string>; fieldList: Array<[string, string]>; encoding: FieldEncoding }> {
    const files: Upload[] = [];
    const fieldList: Array<[string, string]> = [];
    // Fields whose bytes are known (no charset named), decoded together below.
    const raw: Array<{ at: number; bytes: Buffer }> = [];
    let total = 0;
    try {
      for await (const part of req.parts({ defCharset: 'latin1' })) {
        if (part.type === 'file') {
          const sent = await part.toBuffer();
          // A part sent base64 or quoted-printable is read as the bytes it carries.
          const bytes = transferDecode(part.encoding, sent) ?? sent;
          total += bytes.length;
          if (total > s.maxBodyBytes) throw new HttpError(413, 'too-large', `the uploads exceed ${s.maxBodyBytes} bytes`, { limit: s.maxBodyBytes });
          files.push({ filename: cleanFilename(part.filename) ?? `upload-${files.length + 1}`, mediaType: part.mimetype || undefined, bytes });
        } else {
          // A JSON part comes parsed (from its bytes as latin1 characters): its JSON text again.
          const value = typeof part.value === 'string' ? part.value : part.value === undefined || part.value === null ? '' : JSON.stringify(part.value);
          // Characters past U+00FF: decoded by the charset the part named. Else the bytes as sent.
          let bytes: Buffer | undefined = /[^\x00-\xff]/.test(value) ? undefined : Buffer.from(value, 'latin1');
          // A field sent base64 or quoted-printable is read as the text it carries.
          const carried = transferDecode(part.encoding, bytes ?? Buffer.from(value, 'utf8'));
          if (carried) bytes = carried;
          total += bytes?.length ?? value.length;
          if (total > s.maxBodyBytes) throw new HttpError(413, 'too-large', `the request exceeds ${s.maxBodyBytes} bytes`, { limit: s.maxBodyBytes });
          if (bytes) raw.push({ at: fieldList.length, bytes });
          fieldList.push([part.fieldname, value]);
        }
      }
    } catch (e) {
      const err = e as Error & { statusCode?: number };
      if (err instanceof HttpError || (err.statusCode && err.statusCode < 500)) throw e;
      throw new HttpError(400, 'malformed-multipart', `the multipart body could not be read: ${err.message}`, { detail: err.message });
    }
    const { texts, encoding } = requestTexts(raw.map((r) => r.bytes));
    raw.forEach((r, i) => (fieldList[r.at]![1] = texts[i]!));
    const fields: Record<string, string> = {};
    for (const [k, v] of fieldList) fields[k] = v;
    return { files, fields, fieldList, encoding };
  }


  const caller = (req: FastifyRequest) => req.prepubCaller!;
  return { ...base, readiness: { ready: false, reason: 'starting' }, multipartLimits, guard, underDeadline, scanOne, record, keep, recordStopped, readMultipart, caller };
}
