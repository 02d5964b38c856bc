/**
 * CSV: one row per finding (suppressed ones too, marked in `status`), one per unread item and one
 * per error; a file with none of these gets one `clean` row so every file appears. RFC 4180:
 * CRLF line ends, fields with a comma, quote or line break are quoted, quotes doubled. A UTF-8 BOM
 * leads the file so spreadsheet programs read the Chinese text correctly. Text fields that start
 * with = + - @ are prefixed with ' so a spreadsheet does not run them as formulas.
 */
import type { Finding } from '@prepub/core';
import type { Report } from '../report.ts';

/** Column names, in order. */
export const CSV_COLUMNS = [
  'path',
  'verdict',
  'status',
  'ruleId',
  'severity',
  'score',
  'part',
  'role',
  'page',
  'line',
  'column',
  'start',
  'end',
  'excerpt',
  'message',
] as const;

type Row = Partial<Record<(typeof CSV_COLUMNS)[number], string | number | undefined>>;

/** Quotes one field per RFC 4180. */
export function csvField(v: string | number | undefined): string {
  if (v === undefined) return '';
  const s = String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function noFormula(s: string): string {
  return /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
}

/** Renders the CSV text. */
export function renderCsv(report: Report): string {
  const rows: Row[] = [];
  for (const r of report.results) {
    const base = { path: r.path, verdict: r.verdict };
    const finding = (f: Finding, status: string): Row => ({
      ...base,
      status,
      ruleId: f.ruleId,
      severity: f.severity,
      score: Math.round(f.score * 1000) / 1000,
      part: f.location.part,
      role: f.location.role,
      page: f.location.page,
      line: f.location.line,
      column: f.location.column,
      start: f.location.start,
      end: f.location.end,
      excerpt: noFormula(f.excerpt),
      message: noFormula(f.message),
    });
    const before = rows.length;
    for (const f of r.findings) rows.push(finding(f, 'finding'));
    for (const f of r.suppressed) rows.push(finding(f, 'suppressed'));
    for (const u of r.coverage.unread) {
      rows.push({ ...base, status: 'unread', ruleId: 'unread', severity: 'review', part: u.where, page: u.origin?.page, message: noFormula(`${u.reason}: ${u.detailText ?? u.detail}`) });
    }
    for (const e of r.errors) rows.push({ ...base, status: 'error', ruleId: 'error', severity: 'review', message: noFormula(`${e.code}: ${e.message}`) });
    if (rows.length === before) rows.push({ ...base, status: 'clean' });
  }
  const lines = [CSV_COLUMNS.join(','), ...rows.map((row) => CSV_COLUMNS.map((c) => csvField(row[c])).join(','))];
  return '\uFEFF' + lines.join('\r\n') + '\r\n';
}
