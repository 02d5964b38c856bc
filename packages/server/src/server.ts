import { createHash, randomUUID } from 'node:crypto';
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { availableParallelism } from 'node:os';
import { basename } from 'node:path';
import multipart from '@fastify/multipart';
import { AuditError, auditUnread, entryFromScan, maskFinding, openAudit, type AuditRecord, type AuditStore } from '@prepub/audit';
import type { ScanResult, Verdict } from '@prepub/core';
import { createScanner, type Scanner } from '@prepub/scanner';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { ServiceMetrics } from './metrics.ts';
import { DECISION_BODY, openApiDocument } from './openapi.ts';
import { matchToken, resolveTokens, settle, type ApiToken, type ServerOptions, type Settings, type StartOptions } from './options.ts';
import { quarantineFile } from './quarantine.ts';
import { BoundedQueue, QueueAbortedError, QueueFullError } from './queue.ts';
import { articleDocument, combine, type ItemSource, type ReviewItem } from './review.ts';

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

/** Answer of `POST /v1/scan`. */
export interface ScanResponse {
  version: 1;
  requestId: string;
  /** Audit record number (null when the audit trail is off). Reviewers decide on it. */
  auditId: number | null;
  verdict: Verdict;
  publishAllowed: boolean;
  result: ScanResult;
}

/** Raw upload types `POST /v1/scan` accepts besides multipart/form-data. */
export const RAW_TYPES = [
  'application/octet-stream',
  'application/pdf',
  'application/msword',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/xhtml+xml',
  'application/rtf',
  'application/zip',
];
const RAW_PATTERN = /^(text|image)\/[\w.+-]+$/;

class HttpError extends Error {
  /** Set when the stopped request was recorded on the audit trail. */
  auditId?: number;
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

class DeadlineError extends Error {
  constructor(ms: number) {
    super(`the scan did not finish within ${ms} ms and was stopped`);
  }
}

interface Caller {
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
interface Upload {
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

function cleanUser(v: unknown): string | null {
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

function header(req: FastifyRequest, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/**
 * Builds the review service (not listening): `POST /v1/scan`, `POST /v1/review`, `POST /v1/decisions`,
 * `GET /v1/audit/:id`, `GET /healthz`, `GET /metrics`, `GET /openapi.json`. Closing the instance
 * closes the scanner and audit trail it opened itself.
 */
export async function createServer(options: ServerOptions = {}): Promise<FastifyInstance> {
  const env = process.env;
  const tokens = resolveTokens(options, env);
  const s: Settings = settle(options, availableParallelism());
  const queue = new BoundedQueue(s.concurrency, s.queueSize);
  const metrics = new ServiceMetrics(queue);

  const ownScanner = !options.scanner;
  const scanner: Scanner = options.scanner ?? (await createScanner(options.scannerOptions ?? {}));
  let audit: AuditStore | undefined;
  let ownAudit = false;
  try {
    if (options.audit === false) audit = undefined;
    else if (options.audit && 'append' in options.audit) audit = options.audit;
    else {
      audit = await openAudit(options.audit ?? {}, env);
      ownAudit = true;
    }
  } catch (e) {
    if (ownScanner) await scanner.close();
    throw e;
  }

  const app = Fastify({
    logger: options.logger ?? false,
    trustProxy: options.trustProxy ?? false,
    genReqId: () => randomUUID(),
    requestIdHeader: false,
    // Our own http.Server so every slow-client timeout is set, including the check interval.
    serverFactory: (handler) => {
      const server: Server = createHttpServer(
        {
          requestTimeout: s.requestTimeoutMs,
          headersTimeout: s.headersTimeoutMs,
          keepAliveTimeout: s.keepAliveTimeoutMs,
          connectionsCheckingInterval: s.timeoutCheckIntervalMs,
        },
        handler as (req: IncomingMessage, res: ServerResponse) => void,
      );
      server.setTimeout(s.connectionTimeoutMs, (socket) => socket.destroy());
      return server;
    },
    bodyLimit: 1024 * 1024,
  });

  app.addHook('onClose', async () => {
    if (ownScanner) await scanner.close();
    if (ownAudit) await audit?.close();
  });

  app.addHook('onRequest', async (req, reply) => {
    req.prepubStarted = process.hrtime.bigint();
    reply.header('x-request-id', req.id);
  });
  app.addHook('onResponse', async (req, reply) => {
    const route = req.routeOptions.url ?? 'unmatched';
    metrics.requests.inc({ route, method: req.method, status: String(reply.statusCode) });
    if (req.prepubStarted) metrics.requestDuration.observe({ route }, Number(process.hrtime.bigint() - req.prepubStarted) / 1e9);
  });

  app.setErrorHandler((err: Error & { statusCode?: number; code?: string; validation?: unknown }, req, reply) => {
    let status = err.statusCode ?? 500;
    let code = err instanceof HttpError ? err.code : (err.code ?? 'error');
    let message = err.message;
    if (err.validation) {
      status = 400;
      code = 'invalid-request';
    } else if (code === 'FST_ERR_CTP_BODY_TOO_LARGE' || code === 'FST_REQ_FILE_TOO_LARGE' || code === 'FST_FILES_LIMIT' || code === 'FST_PARTS_LIMIT' || code === 'FST_FIELDS_LIMIT') {
      status = 413;
      code = 'too-large';
    } else if (code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' || code === 'FST_INVALID_MULTIPART_CONTENT_TYPE') {
      status = 415;
      code = 'unsupported-media-type';
      message = `unsupported Content-Type "${header(req, 'content-type') ?? ''}": send multipart/form-data, or the file itself as application/octet-stream (or its own type)`;
    } else if (code === 'FST_ERR_CTP_INVALID_JSON_BODY' || code === 'FST_ERR_CTP_EMPTY_JSON_BODY' || err.name === 'SyntaxError') {
      status = 400;
      code = 'invalid-json';
    } else if (status >= 500 && !(err instanceof HttpError)) {
      req.log.error({ err }, 'request failed');
      message = 'internal error; nothing was allowed through';
      code = 'internal';
    }
    const body: ErrorBody = { version: API_VERSION, requestId: req.id, error: { code, message }, publishAllowed: false };
    if (err instanceof HttpError && err.auditId !== undefined) body.auditId = err.auditId;
    reply.status(status).send(body);
  });

  // Unknown routes get the same error body as everything else.
  app.setNotFoundHandler((req, reply) => {
    reply.status(404).send({ version: API_VERSION, requestId: req.id, error: { code: 'not-found', message: `no route ${req.method} ${req.url.split('?')[0]}` }, publishAllowed: false } satisfies ErrorBody);
  });

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
      throw new HttpError(503, 'busy', `all ${s.concurrency} scan slots and ${s.queueSize} waiting places are taken; retry after ${s.retryAfterSeconds} s`);
    }
  };

  /** Runs `job` in the queue under the request's deadline; aborts it when the deadline passes or the client goes away. */
  async function underDeadline<T>(req: FastifyRequest, reply: FastifyReply, job: (signal: AbortSignal) => Promise<T>): Promise<T> {
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
      return await Promise.race([queue.run(() => job(ac.signal), ac.signal), aborted]);
    } catch (e) {
      if (e instanceof QueueFullError) {
        metrics.rejected.inc();
        reply.header('retry-after', String(s.retryAfterSeconds));
        throw new HttpError(503, 'busy', `all scan slots are taken; retry after ${s.retryAfterSeconds} s`);
      }
      if (e instanceof DeadlineError || (e instanceof QueueAbortedError && ac.signal.reason instanceof DeadlineError)) {
        metrics.deadlines.inc();
        throw new HttpError(504, 'deadline', (ac.signal.reason as Error).message);
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
    fields: 20,
    parts: s.maxAttachments + 20,
    headerPairs: 64,
  };

  /** Reads every part into memory, enforcing the total size. Malformed bodies become 400. */
  async function readMultipart(req: FastifyRequest): Promise<{ files: Upload[]; fields: Record<string, string> }> {
    const files: Upload[] = [];
    const fields: Record<string, string> = {};
    let total = 0;
    try {
      for await (const part of req.parts()) {
        if (part.type === 'file') {
          const bytes = await part.toBuffer();
          total += bytes.length;
          if (total > s.maxBodyBytes) throw new HttpError(413, 'too-large', `the uploads exceed ${s.maxBodyBytes} bytes`);
          files.push({ filename: cleanFilename(part.filename) ?? `upload-${files.length + 1}`, mediaType: part.mimetype || undefined, bytes });
        } else {
          const value = typeof part.value === 'string' ? part.value : String(part.value ?? '');
          total += value.length;
          if (total > s.maxBodyBytes) throw new HttpError(413, 'too-large', `the request exceeds ${s.maxBodyBytes} bytes`);
          fields[part.fieldname] = value;
        }
      }
    } catch (e) {
      const err = e as Error & { statusCode?: number };
      if (err instanceof HttpError || (err.statusCode && err.statusCode < 500)) throw e;
      throw new HttpError(400, 'malformed-multipart', `the multipart body could not be read: ${err.message}`);
    }
    return { files, fields };
  }

  const caller = (req: FastifyRequest) => req.prepubCaller!;

  // Scan routes: their own content-type parsers (raw files and multipart only).
  await app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    await scope.register(multipart, { limits: multipartLimits });
    scope.addContentTypeParser(RAW_TYPES, { parseAs: 'buffer', bodyLimit: s.maxBodyBytes }, (_req, body, done) => done(null, body));
    scope.addContentTypeParser(RAW_PATTERN, { parseAs: 'buffer', bodyLimit: s.maxBodyBytes }, (_req, body, done) => done(null, body));

    scope.post('/v1/scan', { onRequest: guard(true), bodyLimit: s.maxBodyBytes }, async (req, reply) => {
      const started = performance.now();
      let upload: Upload;
      let password = header(req, 'x-prepub-password');
      if (req.isMultipart()) {
        const { files, fields } = await readMultipart(req);
        if (files.length !== 1) throw new HttpError(400, files.length ? 'one-file-only' : 'no-file', files.length ? 'send one file per /v1/scan request; use /v1/review for an article with attachments' : 'the multipart body holds no file part');
        upload = files[0];
        if (fields.filename) upload.filename = cleanFilename(fields.filename) ?? upload.filename;
        password ??= fields.password;
      } else {
        const body = req.body as Buffer | undefined;
        if (!body || body.length === 0) throw new HttpError(400, 'empty-body', 'the request body is empty: send the file');
        const q = req.query as Record<string, string | undefined>;
        upload = {
          filename: cleanFilename(q.filename ?? header(req, 'x-filename')) ?? 'upload',
          mediaType: header(req, 'content-type')?.split(';')[0].trim() || undefined,
          bytes: body,
        };
        if (upload.mediaType === 'application/octet-stream') upload.mediaType = undefined;
      }
      const result = await underDeadline(req, reply, async (signal) => {
        const t0 = performance.now();
        try {
          return await scanOne(upload, signal, password);
        } finally {
          metrics.scanDuration.observe({ route: '/v1/scan' }, (performance.now() - t0) / 1000);
        }
      }).catch((e) => recordStopped(e, req, 'scan', [upload], upload.filename, started));
      const rec = await record(
        entryFromScan(result, {
          requestId: req.id,
          callerToken: caller(req).token.name,
          callerUser: caller(req).user,
          dictionaryVersion: scanner.info.dictionaryVersion,
          filename: upload.filename,
          durationMs: performance.now() - started,
        }),
      );
      await keep(upload, result);
      metrics.verdicts.inc({ route: '/v1/scan', verdict: result.verdict });
      const out: ScanResponse = { version: API_VERSION, requestId: req.id, auditId: rec?.seq ?? null, verdict: result.verdict, publishAllowed: result.verdict === 'pass', result };
      return out;
    });
  });

  // The CMS hook: JSON or multipart (title, html, and files as attachments).
  await app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    await scope.register(multipart, { limits: multipartLimits });
    const jsonLimit = Math.ceil(s.maxBodyBytes * 1.37) + 65536;
    scope.addContentTypeParser('application/json', { parseAs: 'string', bodyLimit: jsonLimit }, (_req, body, done) => {
      try {
        done(null, JSON.parse(body as string));
      } catch (e) {
        done(new HttpError(400, 'invalid-json', `the JSON body could not be parsed: ${(e as Error).message}`), undefined);
      }
    });

    scope.post('/v1/review', { onRequest: guard(true), bodyLimit: jsonLimit }, async (req, reply) => {
      const started = performance.now();
      let title: string | undefined;
      let html: string | undefined;
      let attachments: Upload[] = [];
      if (req.isMultipart()) {
        const { files, fields } = await readMultipart(req);
        title = fields.title;
        html = fields.html;
        attachments = files;
      } else {
        const body = req.body as unknown;
        if (!body || typeof body !== 'object' || Array.isArray(body)) throw new HttpError(400, 'invalid-request', 'send a JSON object { title, html, attachments: [ { filename, content } ] }');
        const b = body as Record<string, unknown>;
        if (b.title !== undefined && typeof b.title !== 'string') throw new HttpError(400, 'invalid-request', 'title must be a string');
        if (b.html !== undefined && typeof b.html !== 'string') throw new HttpError(400, 'invalid-request', 'html must be a string');
        if (b.attachments !== undefined && !Array.isArray(b.attachments)) throw new HttpError(400, 'invalid-request', 'attachments must be an array');
        title = b.title as string | undefined;
        html = b.html as string | undefined;
        const list = (b.attachments as unknown[] | undefined) ?? [];
        if (list.length > s.maxAttachments) throw new HttpError(413, 'too-many-attachments', `at most ${s.maxAttachments} attachments per article`);
        let total = 0;
        attachments = list.map((a, i) => {
          const att = a as Record<string, unknown>;
          if (!att || typeof att !== 'object' || typeof att.content !== 'string') throw new HttpError(400, 'invalid-request', `attachments[${i}].content must be a base64 string`);
          const content = att.content.replace(/\s+/g, '');
          if (!/^[A-Za-z0-9+/]*={0,2}$/.test(content)) throw new HttpError(400, 'invalid-base64', `attachments[${i}].content is not base64`);
          const bytes = Buffer.from(content, 'base64');
          total += bytes.length;
          if (total > s.maxBodyBytes) throw new HttpError(413, 'too-large', `the attachments exceed ${s.maxBodyBytes} bytes`);
          return {
            filename: cleanFilename(typeof att.filename === 'string' ? att.filename : undefined) ?? `attachment-${i + 1}`,
            mediaType: typeof att.mediaType === 'string' ? att.mediaType : undefined,
            bytes,
          };
        });
      }
      const sources: Array<{ source: ItemSource; upload: Upload }> = [];
      if ((title ?? '').trim() || (html ?? '').trim()) {
        sources.push({ source: { kind: 'article', filename: 'article.html' }, upload: { filename: 'article.html', mediaType: 'text/html', bytes: Buffer.from(articleDocument(title, html), 'utf8') } });
      }
      attachments.forEach((u, index) => sources.push({ source: { kind: 'attachment', index, filename: u.filename }, upload: u }));

      const items: ReviewItem[] = await underDeadline(req, reply, async (signal) => {
        const t0 = performance.now();
        const out: ReviewItem[] = [];
        try {
          // One slot per article; its pieces are scanned one after another.
          for (const { source, upload } of sources) out.push({ source, result: await scanOne(upload, signal) });
        } finally {
          metrics.scanDuration.observe({ route: '/v1/review' }, (performance.now() - t0) / 1000);
        }
        return out;
      }).catch((e) => recordStopped(e, req, 'review', sources.map((x) => x.upload), title?.trim() ? title.trim().slice(0, 255) : 'article.html', started));
      const combined = combine(items);
      const article = items.find((i) => i.source.kind === 'article');
      const rec = await record({
        kind: 'review',
        requestId: req.id,
        callerToken: caller(req).token.name,
        callerUser: caller(req).user,
        filename: title?.trim() ? title.trim().slice(0, 255) : (article?.source.filename ?? null),
        sha256: article?.result.document.sha256 ?? null,
        size: items.reduce((n, i) => n + i.result.document.size, 0),
        mediaType: 'text/html',
        verdict: combined.verdict,
        findings: items.flatMap((i) => [...i.result.findings, ...i.result.suppressed].map((f) => maskFinding(f, i.source.filename))),
        unread: items.flatMap((i) => auditUnread(i.result.coverage.unread, i.source.filename)),
        policyVersion: items[0]?.result.policyVersion ?? scanner.info.policyVersion,
        dictionaryVersion: scanner.info.dictionaryVersion,
        durationMs: performance.now() - started,
        detail: {
          items: combined.items.map((i) => ({ kind: i.source.kind, filename: i.source.filename, sha256: i.sha256 ?? null, size: i.size, mediaType: i.mediaType, verdict: i.verdict })),
        },
      });
      for (const { source, upload } of sources) {
        const it = items.find((i) => i.source === source);
        if (it) await keep(upload, it.result);
      }
      metrics.verdicts.inc({ route: '/v1/review', verdict: combined.verdict });
      return { version: API_VERSION, requestId: req.id, auditId: rec?.seq ?? null, ...combined, results: items };
    });
  });

  // Reviewer sign-off and audit look-up: JSON only.
  await app.register(async (scope) => {
    scope.post(
      '/v1/decisions',
      {
        onRequest: guard(false),
        schema: {
          body: DECISION_BODY,
        },
      },
      async (req, reply) => {
        if (!audit) throw new HttpError(404, 'audit-off', 'the audit trail is off on this service; decisions cannot be recorded');
        const b = req.body as { auditId: number; decision: 'approved' | 'rejected'; reviewer?: string; reason: string };
        const reviewer = cleanUser(b.reviewer) ?? caller(req).user;
        if (!reviewer) throw new HttpError(400, 'invalid-request', 'name the reviewer: "reviewer" in the body or the X-Prepub-User header');
        try {
          const rec = await audit.decide({ ref: b.auditId, decision: b.decision, reviewer, reason: b.reason, callerToken: caller(req).token.name, requestId: req.id });
          reply.status(201);
          return { version: API_VERSION, requestId: req.id, decision: rec };
        } catch (e) {
          if (e instanceof AuditError) {
            const status = e.code === 'not-found' ? 404 : e.code === 'invalid' ? 400 : 409;
            throw new HttpError(status, e.code, e.message);
          }
          throw e;
        }
      },
    );

    scope.get('/v1/audit/:id', { onRequest: guard(false) }, async (req) => {
      if (!audit) throw new HttpError(404, 'audit-off', 'the audit trail is off on this service');
      const id = Number((req.params as { id: string }).id);
      if (!Number.isInteger(id) || id < 1) throw new HttpError(400, 'invalid-request', 'the audit id is a record number');
      const shown = await audit.show(id);
      if (!shown) throw new HttpError(404, 'not-found', `no audit record ${id}`);
      return { version: API_VERSION, requestId: req.id, ...shown };
    });
  });

  app.get('/healthz', async () => ({
    status: 'ok',
    version: API_VERSION,
    scanner: { policyVersion: scanner.info.policyVersion, dictionaryVersion: scanner.info.dictionaryVersion, detectors: scanner.info.detectors },
    audit: audit ? audit.backend : 'off',
    queue: { active: queue.active, waiting: queue.waiting, concurrency: queue.concurrency, capacity: queue.maxWaiting },
  }));

  app.get('/metrics', async (_req, reply) => {
    reply.type('text/plain; version=0.0.4; charset=utf-8');
    return metrics.render();
  });

  const doc = openApiDocument({ maxBodyBytes: s.maxBodyBytes, maxAttachments: s.maxAttachments });
  app.get('/openapi.json', async () => doc);

  return app;
}

/**
 * Builds the service and listens (default 127.0.0.1:8731). Returns the instance and the address.
 * The caller stops it with `app.close()`.
 */
export async function startServer(options: StartOptions = {}): Promise<{ app: FastifyInstance; url: string }> {
  const app = await createServer(options);
  try {
    const url = await app.listen({ port: options.port ?? 8731, host: options.host ?? '127.0.0.1' });
    return { app, url };
  } catch (e) {
    await app.close();
    throw e;
  }
}
