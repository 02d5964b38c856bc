import { randomUUID } from 'node:crypto';
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { availableParallelism } from 'node:os';
import { openAudit, type AuditStore } from '@prepub/audit';
import type { ScanResult, Verdict } from '@prepub/core';
import { createScanner, type Scanner } from '@prepub/scanner';
import Fastify, { type FastifyInstance } from 'fastify';
import { API_VERSION, HttpError, createContext, header, type ErrorBody, type ServiceContext } from './context.ts';
import swagger from '@fastify/swagger';
import { ServiceMetrics } from './metrics.ts';
import { t } from '@prepub/core';
import { requestLang } from './lang.ts';
import { openApiOptions, sharedSchemas } from './openapi.ts';
import { resolveTokens, settle, type ServerOptions, type Settings, type StartOptions } from './options.ts';
import { BoundedQueue } from './queue.ts';
import { analyzeRoutes } from './routes/analyze.ts';
import { auditRoutes } from './routes/audit.ts';
import { healthRoutes } from './routes/health.ts';
import { reviewRoutes } from './routes/review.ts';
import { scanRoutes } from './routes/scan.ts';

export { API_VERSION, cleanFilename, type ErrorBody } from './context.ts';
export { RAW_TYPES } from './routes/scan.ts';

/** A route module: registers its routes on the service. */
export type RouteModule = (app: FastifyInstance, ctx: ServiceContext) => Promise<void>;

/** Every route module of the service. */
const ROUTES: RouteModule[] = [scanRoutes, analyzeRoutes, reviewRoutes, auditRoutes, healthRoutes];

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

/**
 * Builds the review service (not listening): `POST|PUT /v1/scan`, `POST /v1/analyze`,
 * `POST /v1/review`, `POST /v1/decisions`, `GET /v1/audit/:id`, `GET /healthz`, `GET /readyz`,
 * `GET /metrics`, `GET /openapi.json`; each group of routes is a module in `routes/`. Closing the
 * instance closes the scanner and audit trail it opened itself.
 */
export async function createServer(options: ServerOptions = {}): Promise<FastifyInstance> {
  const env = process.env;
  const tokens = resolveTokens(options, env);
  const s: Settings = settle(options, availableParallelism());
  // Slots that only quick uploads (short texts, small DOCX) may take: they are answered while
  // PDFs hold every other slot.
  const queue = new BoundedQueue(s.concurrency, s.queueSize, s.quickSlots);
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
    const body: ErrorBody = { version: API_VERSION, requestId: req.id, error: { code, message: t(requestLang(req), 'server.error', { code, message, ...(err instanceof HttpError && err.params ? { params: err.params } : {}) }) }, publishAllowed: false };
    if (err instanceof HttpError && err.auditId !== undefined) body.auditId = err.auditId;
    reply.status(status).send(body);
  });

  // Unknown routes get the same error body as everything else.
  app.setNotFoundHandler((req, reply) => {
    const message = t(requestLang(req), 'server.error', { code: 'not-found', message: `no route ${req.method} ${req.url.split('?')[0]}`, params: { what: `${req.method} ${req.url.split('?')[0]}` } });
    reply.status(404).send({ version: API_VERSION, requestId: req.id, error: { code: 'not-found', message }, publishAllowed: false } satisfies ErrorBody);
  });

  // Response schemas document the API; answers are sent as they are, never trimmed to a schema.
  app.setSerializerCompiler(() => (data) => JSON.stringify(data));
  for (const schema of sharedSchemas({ maxAttachments: s.maxAttachments })) app.addSchema(schema);
  await app.register(swagger, openApiOptions({ maxBodyBytes: s.maxBodyBytes, maxAttachments: s.maxAttachments }));

  const ctx = createContext({ options, settings: s, scanner, audit, metrics, queue, log: app.log }, tokens);
  for (const routes of ROUTES) await routes(app, ctx);

  // Start the reader pool at listen rather than on the first request (worker threads load pdf.js
  // and the DOCX reader, seconds on a busy machine): one small scan per slot. /readyz says when done.
  // A scanner handed in is its owner's to warm: the service is ready with it at once.
  app.addHook('onListen', async () => {
    if (!ownScanner) {
      ctx.readiness.ready = true;
      delete ctx.readiness.reason;
      return;
    }
    ctx.readiness.reason = 'warming up the reader pool';
    const warm = new TextEncoder().encode('warm-up');
    void Promise.all(Array.from({ length: s.concurrency }, () => scanner.scan(warm.slice(), { filename: 'warm-up.txt' })))
      .then(() => {
        if (ctx.readiness.reason === 'warming up the reader pool') {
          ctx.readiness.ready = true;
          delete ctx.readiness.reason;
        }
      })
      .catch((e: unknown) => {
        ctx.readiness.reason = `the reader pool did not start: ${(e as Error).message}`;
        app.log.error({ err: e }, 'warm-up failed');
      });
  });
  app.addHook('preClose', async () => {
    ctx.readiness.ready = false;
    ctx.readiness.reason = 'closing';
  });

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
