/** Output formats of `prepub scan`. */
import type { Lang } from '@prepub/core';
import { localizeResult } from '@prepub/core';
import { localizeReport, type FileReport, type Report } from '../report.ts';
import { renderPretty } from './pretty.ts';
import { renderSarif } from './sarif.ts';
import { renderCsv } from './csv.ts';
import { renderHtml } from './html.ts';

/** The formats `--format` accepts. */
export const FORMATS = ['pretty', 'json', 'sarif', 'html', 'csv'] as const;
export type OutputFormat = (typeof FORMATS)[number];

/** The format an output file name implies: `.sarif`/`.sarif.json` → sarif, `.html` → html, `.csv` → csv, `.txt` → pretty, else json. */
export function formatFromPath(file: string): OutputFormat {
  const f = file.toLowerCase();
  if (f.endsWith('.sarif') || f.endsWith('.sarif.json')) return 'sarif';
  if (f.endsWith('.html') || f.endsWith('.htm')) return 'html';
  if (f.endsWith('.csv')) return 'csv';
  if (f.endsWith('.txt')) return 'pretty';
  return 'json';
}

/** Settings the renderers share. */
export interface RenderOptions {
  color: boolean;
  /** Pretty output: list passing files too (default: only files that do not pass). */
  verbose?: boolean;
  helpUriBase?: string;
  /** Folder SARIF artifact URIs are relative to. */
  cwd: string;
  /**
   * Language of every text a person reads (findings' messages, verdict reasons, labels). When
   * given, the report is localized first (`localizeReport`), so `json` carries the messages and
   * reasons in this language too; machine fields never change. Default: the texts as the scanner
   * wrote them (English unless its `lang` said otherwise), English labels.
   */
  lang?: Lang;
}

/** Renders the report in `format`. */
export function renderReport(report: Report, format: OutputFormat, opts: RenderOptions): string {
  const lang = opts.lang;
  // JSON localizes each file's result itself (see renderJson).
  if (lang && format !== 'json') report = localizeReport(report, lang);
  switch (format) {
    case 'json':
      return renderJson(report, lang);
    case 'pretty':
      return renderPretty(report, { color: opts.color, verbose: opts.verbose, ...(lang ? { lang } : {}) });
    case 'sarif':
      return JSON.stringify(renderSarif(report, { cwd: opts.cwd, helpUriBase: opts.helpUriBase, ...(lang ? { lang } : {}) }), null, 2) + '\n';
    case 'csv':
      return renderCsv(report);
    case 'html':
      return renderHtml(report, lang ? { lang } : {});
  }
}

/** Where `results` goes in the top-level JSON (top-level fields hold no document's text). */
const RESULTS_SLOT = '@prepub-results@';
/** Indentation of a file's result inside the report's `results` array. */
const RESULT_INDENT = '    ';

/**
 * One file's result as it stands in `--format json` output (localized to `lang` when given),
 * made as soon as the file is done, so a scan of many files renders its report while it scans
 * instead of all at the end. Pass it to {@link renderJson}.
 */
export function jsonResult(result: FileReport, lang?: Lang): string {
  const r = lang ? localizeResult(result, lang) : result;
  // JSON text holds no raw line break inside a string: every one is indentation.
  return RESULT_INDENT + JSON.stringify(r, null, 2).replaceAll('\n', '\n' + RESULT_INDENT);
}

/**
 * The report as `--format json` prints it: exactly `JSON.stringify(localizeReport(report, lang),
 * null, 2)` and a newline, each file's result taken from `rendered` when it holds that result's
 * {@link jsonResult} text (made with the same `lang`), made here otherwise.
 */
export function renderJson(report: Report, lang?: Lang, rendered?: (r: FileReport) => string | undefined): string {
  const top = JSON.stringify({ ...report, results: RESULTS_SLOT }, null, 2);
  const at = top.indexOf(`"${RESULTS_SLOT}"`);
  const results = report.results.length ? `[\n${report.results.map((r) => rendered?.(r) ?? jsonResult(r, lang)).join(',\n')}\n  ]` : '[]';
  return top.slice(0, at) + results + top.slice(at + RESULTS_SLOT.length + 2) + '\n';
}
