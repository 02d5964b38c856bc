/**
 * The HTML and SARIF reports of one scan, from the same report package the `prepub` command uses,
 * for `?format=html|sarif` on the scan routes, in the request's language (`?lang=`, `Accept-Language`).
 */
import type { Lang, ScanResult } from '@prepub/core';
import { buildReport, fileReportFromScan, localizeReport, renderHtml, renderSarif } from '@prepub/report';
import type { FastifyReply } from 'fastify';

/** Report formats the service can answer with besides its JSON. */
export type ReportFormat = 'html' | 'sarif';

/**
 * Sends `result` as an HTML page or a SARIF 2.1.0 log. The verdict travels in headers too
 * (`X-Prepub-Verdict`, `X-Prepub-Publish-Allowed`, `X-Prepub-Audit-Id`) so a caller never has to
 * parse the report to decide.
 */
export function sendReport(reply: FastifyReply, format: ReportFormat, filename: string, result: ScanResult, auditId: number | null, lang: Lang = 'en'): string {
  const report = localizeReport(buildReport([fileReportFromScan(filename, result)], result.durationMs), lang);
  reply.header('x-prepub-verdict', result.verdict);
  reply.header('x-prepub-publish-allowed', String(result.verdict === 'pass'));
  if (auditId !== null) reply.header('x-prepub-audit-id', String(auditId));
  if (format === 'html') {
    reply.type('text/html; charset=utf-8');
    return renderHtml(report, { lang });
  }
  reply.type('application/sarif+json; charset=utf-8');
  return JSON.stringify(renderSarif(report, { cwd: '/', lang }), null, 2);
}
