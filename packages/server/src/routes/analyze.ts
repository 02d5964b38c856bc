/** `POST /v1/analyze`: plain text, as JSON `{ "text": … }` or `text/plain` (Presidio's habit). */
import { entryFromScan } from '@prepub/audit';
import type { FastifyInstance } from 'fastify';
import { API_VERSION, HttpError, cleanFilename, type ServiceContext, type Upload } from '../context.ts';
import { ROUTE_DOCS } from '../openapi.ts';
import { reportFormat, sendReport } from '../report.ts';
import { localizedResult, requestLang } from '../lang.ts';
import type { ScanResponse } from '../server.ts';

/** Registers analyzeRoutes. */
export async function analyzeRoutes(app: FastifyInstance, ctx: ServiceContext): Promise<void> {
  const { settings: s, scanner, metrics, guard, underDeadline, scanOne, record, recordStopped, caller } = ctx;
  await app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('text/plain', { parseAs: 'buffer', bodyLimit: s.maxBodyBytes }, (_req, body, done) => done(null, body));
    scope.addContentTypeParser('application/json', { parseAs: 'string', bodyLimit: s.maxBodyBytes }, (_req, body, done) => {
      try {
        done(null, JSON.parse(body as string));
      } catch (e) {
        done(new HttpError(400, 'invalid-json', `the JSON body could not be parsed: ${(e as Error).message}`, { detail: (e as Error).message }), undefined);
      }
    });
    scope.post('/v1/analyze', { onRequest: guard(true), bodyLimit: s.maxBodyBytes, schema: ROUTE_DOCS.analyze }, async (req, reply) => {
      const started = performance.now();
      let text: Buffer;
      let filename = 'text.txt';
      if (Buffer.isBuffer(req.body)) {
        text = req.body;
      } else {
        const b = req.body as Record<string, unknown> | undefined;
        if (!b || typeof b !== 'object' || typeof b.text !== 'string') throw new HttpError(400, 'invalid-request', 'send { "text": "…" } as JSON, or the text itself as text/plain');
        text = Buffer.from(b.text, 'utf8');
        if (typeof b.filename === 'string') filename = cleanFilename(b.filename) ?? filename;
      }
      if (text.length === 0) throw new HttpError(400, 'empty-body', 'the text is empty');
      // JSON text is UTF-8; a text/plain body keeps its declared charset and the decoder's checks.
      const declared = req.headers['content-type'] ?? '';
      const upload: Upload = { filename, mediaType: Buffer.isBuffer(req.body) ? declared.split(';')[0]!.trim() === 'text/plain' && /charset=/i.test(declared) ? declared : 'text/plain' : 'text/plain; charset=utf-8', bytes: text };
      const result = await underDeadline(req, reply, async (signal) => {
        const t0 = performance.now();
        try {
          return await scanOne(upload, signal);
        } finally {
          metrics.scanDuration.observe({ route: '/v1/analyze' }, (performance.now() - t0) / 1000);
        }
      }).catch((e) => recordStopped(e, req, 'scan', [upload], filename, started));
      const rec = await record(
        entryFromScan(result, {
          requestId: req.id,
          callerToken: caller(req).token.name,
          callerUser: caller(req).user,
          dictionaryVersion: scanner.info.dictionaryVersion,
          filename,
          durationMs: performance.now() - started,
        }),
      );
      metrics.verdicts.inc({ route: '/v1/analyze', verdict: result.verdict });
      const format = reportFormat(req);
      if (format) return sendReport(reply, format, [{ name: filename, result }], result.verdict, rec?.seq ?? null, requestLang(req));
      const out: ScanResponse = { version: API_VERSION, requestId: req.id, auditId: rec?.seq ?? null, verdict: result.verdict, publishAllowed: result.verdict === 'pass', result: localizedResult(result, requestLang(req)) };
      return out;
    });
  });
}
