/** `POST /v1/scan` (multipart or the file as the body) and `PUT /v1/scan` (the file as the body, Tika's habit). */
import multipart from '@fastify/multipart';
import { entryFromScan } from '@prepub/audit';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isQuickFile } from '@prepub/scanner';
import { ROUTE_DOCS } from '../openapi.ts';
import { reportFormat, sendReport } from '../report.ts';
import { localizedResult, requestLang } from '../lang.ts';
import { API_VERSION, HttpError, cleanFilename, header, type ServiceContext, type Upload } from '../context.ts';
import type { ScanResponse } from '../server.ts';

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
export const RAW_PATTERN = /^(text|image)\/[\w.+-]+$/;

/** Registers scanRoutes. */
export async function scanRoutes(app: FastifyInstance, ctx: ServiceContext): Promise<void> {
  const { settings: s, scanner, metrics, guard, underDeadline, scanOne, record, keep, recordStopped, readMultipart, caller, multipartLimits } = ctx;
  // Scan routes: their own content-type parsers (raw files and multipart only).
  await app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    await scope.register(multipart, { limits: multipartLimits });
    scope.addContentTypeParser(RAW_TYPES, { parseAs: 'buffer', bodyLimit: s.maxBodyBytes }, (_req, body, done) => done(null, body));
    scope.addContentTypeParser(RAW_PATTERN, { parseAs: 'buffer', bodyLimit: s.maxBodyBytes }, (_req, body, done) => done(null, body));

    // PUT with the file as the body is Tika's habit; POST takes multipart too.
    const handler = async (req: FastifyRequest, reply: FastifyReply): Promise<ScanResponse | string> => {
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
      }, isQuickFile(upload.bytes)).catch((e) => recordStopped(e, req, 'scan', [upload], upload.filename, started));
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
      const format = reportFormat(req);
      if (format) return sendReport(reply, format, [{ name: upload.filename, result }], result.verdict, rec?.seq ?? null, requestLang(req));
      const out: ScanResponse = { version: API_VERSION, requestId: req.id, auditId: rec?.seq ?? null, verdict: result.verdict, publishAllowed: result.verdict === 'pass', result: localizedResult(result, requestLang(req)) };
      return out;
    };
    scope.post('/v1/scan', { onRequest: guard(true), bodyLimit: s.maxBodyBytes, schema: ROUTE_DOCS.scanPost }, handler);
    scope.put('/v1/scan', { onRequest: guard(true), bodyLimit: s.maxBodyBytes, schema: ROUTE_DOCS.scanPut }, handler);
  });

}
