/**
 * The report for people in a terminal: per file that does not pass (every file with `verbose`) its
 * verdict, reasons, each finding with rule, severity, score, location, excerpt and message,
 * suppressed findings marked, and what was not read; then the summary, last, where the eye lands
 * when the command returns.
 */
import { t, unreadDetail, type Finding, type Lang } from '@prepub/core';
import type { Report } from '../report.ts';
import { durationText, locationText, sortFindings, bytesText } from './common.ts';

/** Options for {@link renderPretty}. */
export interface PrettyOptions {
  color: boolean;
  /** List passing files too (default: only files that do not pass). */
  verbose?: boolean;
  /** Language of the labels (default en). Findings' messages and reasons are taken as they are: localize the report first (`localizeReport`). */
  lang?: Lang;
}

const CODES = { red: 31, yellow: 33, green: 32, dim: 2, bold: 1, cyan: 36, magenta: 35 } as const;
type Style = keyof typeof CODES;

/** Renders the pretty report as text ending in a newline. */
export function renderPretty(report: Report, opts: PrettyOptions): string {
  const lang = opts.lang ?? 'en';
  const c = (style: Style, s: string) => (opts.color ? `\x1b[${CODES[style]}m${s}\x1b[0m` : s);
  const verdictStyle = { block: 'red', review: 'yellow', pass: 'green' } as const;
  // English shows the machine word in capitals; other languages their own word with it.
  const verdictWord = (v: 'block' | 'review' | 'pass') => (lang === 'en' ? v.toUpperCase().padEnd(6) : `${t(lang, 'verdict', { verdict: v })}（${v}）`);
  const verdictLabel = (v: 'block' | 'review' | 'pass') => c(verdictStyle[v], c('bold', verdictWord(v)));
  const sevWord = (s: Finding['severity']) => (lang === 'en' ? s : t(lang, 'severity', { severity: s }));
  const lines: string[] = [];
  // The engine brackets the match: 【…】. On a terminal it is shown in reverse video as well.
  const highlight = (ex: string) => (opts.color ? ex.replace(/【([^】]*)】/, (_m, inner: string) => `【\x1b[7m${inner}\x1b[27m】`) : ex);
  const s = report.summary;

  const finding = (f: Finding, suppressed: boolean) => {
    const sev = f.severity === 'block' ? c('red', sevWord(f.severity)) : f.severity === 'review' ? c('yellow', sevWord(f.severity)) : c('dim', sevWord(f.severity));
    const head = `    ${suppressed ? c('dim', t(lang, 'pretty.suppressed-tag') + ' ') : ''}${c('cyan', f.ruleId)} ${sev} ${t(lang, 'pretty.score', { score: f.score.toFixed(2) })}`;
    lines.push(head);
    lines.push(`      ${t(lang, 'pretty.at', { location: locationText(f.location, lang) })}`);
    if (f.excerpt) lines.push(`      ${c('dim', '»')} ${highlight(oneLine(f.excerpt))}`);
    if (f.message) lines.push(`      ${f.message}`);
    if (suppressed && f.suppressed) {
      const s = f.suppressed;
      lines.push(c('dim', `      ${t(lang, 'pretty.suppressed-by', { by: s.by, reason: s.reason, ...(s.approvedBy ? { approvedBy: s.approvedBy } : {}), ...(s.expires ? { expires: s.expires } : {}) })}`));
    }
  };

  for (const r of report.results) {
    if (!opts.verbose && r.verdict === 'pass') continue;
    const doc = r.document;
    const meta = [doc.format, doc.size ? bytesText(doc.size) : '', durationText(r.durationMs, lang)].filter(Boolean).join(', ');
    lines.push(`${verdictLabel(r.verdict)} ${c('bold', r.path)} ${c('dim', `(${meta})`)}`);
    for (const reason of r.reasons) lines.push(`  ${reason}`);
    if (r.findings.length) {
      lines.push(`  ${t(lang, 'pretty.findings', { count: r.findings.length })}`);
      for (const f of sortFindings(r.findings)) finding(f, false);
    }
    if (r.suppressed.length) {
      lines.push(`  ${t(lang, 'pretty.suppressed', { count: r.suppressed.length })}`);
      for (const f of r.suppressed) finding(f, true);
    }
    if (r.coverage.unread.length) {
      lines.push(`  ${c('magenta', t(lang, 'pretty.not-read'))}${lang === 'en' ? ':' : '：'}`);
      for (const u of r.coverage.unread) lines.push(`    ${t(lang, 'pretty.unread-item', { where: u.where, reason: u.reason, detail: unreadDetail(lang, u) })}`);
    }
    for (const e of r.errors) lines.push(`  ${c('red', t(lang, 'pretty.error'))} ${t(lang, 'error.line', { code: e.code, message: e.message })}`);
    lines.push('');
  }
  const hidden = opts.verbose ? 0 : s.pass;
  lines.push(c('bold', t(lang, 'pretty.head', { version: report.tool.version, files: s.files, duration: durationText(s.durationMs, lang) })));
  const rows: Array<['block' | 'review' | 'pass', number, Style]> = [
    ['block', s.block, 'red'],
    ['review', s.review, 'yellow'],
    ['pass', s.pass, 'green'],
  ];
  lines.push(`  ${t(lang, 'pretty.table-head')}`);
  for (const [name, n, style] of rows) {
    const label = lang === 'en' ? name.padEnd(7) : padWide(t(lang, 'verdict', { verdict: name }), 10);
    lines.push(`  ${c(style, label)} ${String(n).padStart(5)}`);
  }
  lines.push(`  ${t(lang, 'pretty.counts', { findings: s.findings, suppressed: s.suppressed, unread: s.unread, errors: s.errors })}`);
  if (hidden > 0) lines.push(c('dim', `  ${t(lang, 'pretty.passing-hidden', { count: hidden })}`));
  if (report.interrupted) lines.push(c('magenta', `  ${t(lang, 'pretty.interrupted', { count: s.aborted ?? 0 })}`));
  return lines.join('\n') + '\n';
}

/** Pads `s` with spaces to `width` terminal columns (CJK characters take two). */
function padWide(s: string, width: number): string {
  const w = [...s].reduce((n, ch) => n + (/[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch) ? 2 : 1), 0);
  return s + ' '.repeat(Math.max(0, width - w));
}

function oneLine(s: string): string {
  return s.replace(/\r\n|\r|\n/g, ' ⏎ ').replace(/\t/g, ' ');
}
