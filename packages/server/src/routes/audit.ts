/** `POST /v1/decisions` (reviewer sign-off) and `GET /v1/audit/:id`. */
import { AuditError } from '@prepub/audit';
import type { FastifyInstance } from 'fastify';
import { API_VERSION, HttpError, cleanUser, type ServiceContext } from '../context.ts';
import { ROUTE_DOCS } from '../openapi.ts';

/** Registers auditRoutes. */
export async function auditRoutes(app: FastifyInstance, ctx: ServiceContext): Promise<void> {
  const { audit, guard, record, caller } = ctx;
  // Reviewer sign-off and audit look-up: JSON only.
  await app.register(async (scope) => {
    scope.post(
      '/v1/decisions',
      {
        onRequest: guard(false),
        schema: ROUTE_DOCS.decide,
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

    scope.get('/v1/audit/:id', { onRequest: guard(false), schema: ROUTE_DOCS.auditShow }, async (req) => {
      if (!audit) throw new HttpError(404, 'audit-off', 'the audit trail is off on this service');
      const id = Number((req.params as { id: string }).id);
      if (!Number.isInteger(id) || id < 1) throw new HttpError(400, 'invalid-request', 'the audit id is a record number');
      const shown = await audit.show(id);
      if (!shown) throw new HttpError(404, 'not-found', `no audit record ${id}`, { what: `audit ${id}` });
      return { version: API_VERSION, requestId: req.id, ...shown };
    });
  });

}
