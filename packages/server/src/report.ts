/**
 * The HTML and SARIF reports of the routes that answer with a verdict (`/v1/scan`, `/v1/analyze`,
 * `/v1/review`), from the same report package the `prepub` command uses, for `?format=html|sarif`,
 * in the request's language (`?lang=`, `Accept-Language`).
 */
import type { Lang, ScanResult, Verdict } from '@prepub/core';
import { buildReport, fileReportFromScan, localizeReport, renderHtml, renderSarif } from '@prepub/report';
import type { FastifyReply, FastifyRequest } from 'fastify';

/** Report formats the service can answer with besides its JSON. */
export type ReportFormat = 'html' | 'sarif';

/** The `format` query parameter of every route that answers with a verdict (its OpenAPI schema). */
export const FORMAT_QUERY = { type: 'string', enum: ['json', 'sarif', 'html'], description: 'Answer as JSON (default), a SARIF 2.1.0 log or an HTML report.' } as const;

/** The report format a request asks for with `?format=`; undefined for the route's JSON. */
export function reportFormat(req: FastifyRequest): ReportFormat | undefined {
  const format = (req.query as { format?: string } | undefined)?.format;
  return format === 'html' || format === 'sarif' ? format : undefined;
}

/**
 * Sends the results of one request (one file, or an article and its attachments) as an HTML page
 * or a SARIF 2.1.0 log, one report entry per file. The verdict travels in headers too
 * (`X-Prepub-Verdict`, `X-Prepub-Publish-Allowed`, `X-Prepub-Audit-Id`) so a caller never has to
 * parse the report to decide; `verdict` is the request's (for a review, the combined one).
 */
export function sendReport(reply: FastifyReply, format: ReportFormat, files: ReadonlyArray<{ name: string; result: ScanResult }>, verdict: Verdict, auditId: number | null, lang: Lang = 'en'): string {
  const durationMs = files.reduce((n, f) => n + f.result.durationMs, 0);
  const report = localizeReport(
    buildReport(
      files.map((f) => fileReportFromScan(f.name, f.result)),
      durationMs,
    ),
    lang,
  );
  reply.header('x-prepub-verdict', verdict);
  reply.header('x-prepub-publish-allowed', String(verdict === 'pass'));
  if (auditId !== null) reply.header('x-prepub-audit-id', String(auditId));
  if (format === 'html') {
    reply.type('text/html; charset=utf-8');
    return renderHtml(report, { lang });
  }
  reply.type('application/sarif+json; charset=utf-8');
  return JSON.stringify(renderSarif(report, { cwd: '/', lang }), null, 2);
}
