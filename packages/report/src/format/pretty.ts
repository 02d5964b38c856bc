/**
 * The report for people in a terminal: per file that does not pass (every file with `verbose`) its
 * verdict, reasons, each finding with rule, severity, score, location, excerpt and message,
 * suppressed findings marked, and what was not read; then the summary, last, where the eye lands
 * when the command returns.
 */
import type { Finding } from '@prepub/core';
import type { Report } from '../report.ts';
import { durationText, locationText, sortFindings, bytesText } from './common.ts';

/** Options for {@link renderPretty}. */
export interface PrettyOptions {
  color: boolean;
  /** List passing files too (default: only files that do not pass). */
  verbose?: boolean;
}

const CODES = { red: 31, yellow: 33, green: 32, dim: 2, bold: 1, cyan: 36, magenta: 35 } as const;
type Style = keyof typeof CODES;

/** Renders the pretty report as text ending in a newline. */
export function renderPretty(report: Report, opts: PrettyOptions): string {
  const c = (style: Style, s: string) => (opts.color ? `\x1b[${CODES[style]}m${s}\x1b[0m` : s);
  const verdictStyle = { block: 'red', review: 'yellow', pass: 'green' } as const;
  const verdictLabel = (v: 'block' | 'review' | 'pass') => c(verdictStyle[v], c('bold', v.toUpperCase().padEnd(6)));
  const lines: string[] = [];
  // The engine brackets the match: 【…】. On a terminal it is shown in reverse video as well.
  const highlight = (ex: string) => (opts.color ? ex.replace(/【([^】]*)】/, (_m, inner: string) => `【\x1b[7m${inner}\x1b[27m】`) : ex);
  const s = report.summary;

  const finding = (f: Finding, suppressed: boolean) => {
    const sev = f.severity === 'block' ? c('red', f.severity) : f.severity === 'review' ? c('yellow', f.severity) : c('dim', f.severity);
    const head = `    ${suppressed ? c('dim', '[suppressed] ') : ''}${c('cyan', f.ruleId)} ${sev} score ${f.score.toFixed(2)}`;
    lines.push(head);
    lines.push(`      at ${locationText(f.location)}`);
    if (f.excerpt) lines.push(`      ${c('dim', '»')} ${highlight(oneLine(f.excerpt))}`);
    if (f.message) lines.push(`      ${f.message}`);
    if (suppressed && f.suppressed) {
      const by = f.suppressed.approvedBy ? `, approved by ${f.suppressed.approvedBy}` : '';
      const exp = f.suppressed.expires ? `, until ${f.suppressed.expires}` : '';
      lines.push(c('dim', `      suppressed by ${f.suppressed.by}: ${f.suppressed.reason}${by}${exp}`));
    }
  };

  for (const r of report.results) {
    if (!opts.verbose && r.verdict === 'pass') continue;
    const doc = r.document;
    const meta = [doc.format, doc.size ? bytesText(doc.size) : '', durationText(r.durationMs)].filter(Boolean).join(', ');
    lines.push(`${verdictLabel(r.verdict)} ${c('bold', r.path)} ${c('dim', `(${meta})`)}`);
    for (const reason of r.reasons) lines.push(`  ${reason}`);
    if (r.findings.length) {
      lines.push(`  ${r.findings.length} finding${r.findings.length === 1 ? '' : 's'}:`);
      for (const f of sortFindings(r.findings)) finding(f, false);
    }
    if (r.suppressed.length) {
      lines.push(`  ${r.suppressed.length} suppressed:`);
      for (const f of r.suppressed) finding(f, true);
    }
    if (r.coverage.unread.length) {
      lines.push(`  ${c('magenta', 'not read')}:`);
      for (const u of r.coverage.unread) lines.push(`    ${u.where}: ${u.reason} — ${u.detail}`);
    }
    for (const e of r.errors) lines.push(`  ${c('red', 'error')} ${e.code}: ${e.message}`);
    lines.push('');
  }
  const hidden = opts.verbose ? 0 : s.pass;
  lines.push(c('bold', `prepub ${report.tool.version} — ${s.files} file${s.files === 1 ? '' : 's'} in ${durationText(s.durationMs)}`));
  const rows: Array<[string, number, Style]> = [
    ['block', s.block, 'red'],
    ['review', s.review, 'yellow'],
    ['pass', s.pass, 'green'],
  ];
  lines.push('  verdict  files');
  for (const [name, n, style] of rows) lines.push(`  ${c(style, name.padEnd(7))} ${String(n).padStart(5)}`);
  lines.push(`  findings ${s.findings}, suppressed ${s.suppressed}, unread items ${s.unread}, errors ${s.errors}`);
  if (hidden > 0) lines.push(c('dim', `  ${hidden} passing file${hidden === 1 ? '' : 's'} not listed (--verbose lists them)`));
  if (report.interrupted) lines.push(c('magenta', `  interrupted: ${s.aborted ?? 0} file${s.aborted === 1 ? '' : 's'} not finished (aborted, reported review)`));
  return lines.join('\n') + '\n';
}

function oneLine(s: string): string {
  return s.replace(/\r\n|\r|\n/g, ' ⏎ ').replace(/\t/g, ' ');
}
