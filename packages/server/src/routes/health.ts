/** `GET /healthz` (alive), `GET /readyz` (warm), `GET /metrics`, `GET /openapi.json`. */
import type { FastifyInstance } from 'fastify';
import { API_VERSION, type ServiceContext } from '../context.ts';
import { openApiDocument } from '../openapi.ts';

/** Registers healthRoutes. */
export async function healthRoutes(app: FastifyInstance, ctx: ServiceContext): Promise<void> {
  const { settings: s, scanner, audit, metrics, queue } = ctx;
  app.get('/healthz', async () => ({
    status: 'ok',
    version: API_VERSION,
    scanner: { policyVersion: scanner.info.policyVersion, dictionaryVersion: scanner.info.dictionaryVersion, detectors: scanner.info.detectors },
    audit: audit ? audit.backend : 'off',
    queue: { active: queue.active, waiting: queue.waiting, concurrency: queue.concurrency, capacity: queue.maxWaiting },
  }));

  // Ready once the reader pool is warm (started at listen), so a balancer sends no request that
  // would wait for worker threads to start; not ready again while closing.
  app.get('/readyz', async (_req, reply) => {
    if (!ctx.readiness.ready) reply.status(503);
    return { status: ctx.readiness.ready ? 'ready' : 'not-ready', ...(ctx.readiness.reason ? { reason: ctx.readiness.reason } : {}) };
  });

  app.get('/metrics', async (_req, reply) => {
    reply.type(metrics.contentType);
    return await metrics.render();
  });

  const doc = openApiDocument({ maxBodyBytes: s.maxBodyBytes, maxAttachments: s.maxAttachments });
  app.get('/openapi.json', async () => doc);
}
