/** Output formats of `prepub scan`. */
import type { Lang } from '@prepub/core';
import { localizeReport, type Report } from '../report.ts';
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
  if (lang) report = localizeReport(report, lang);
  switch (format) {
    case 'json':
      return JSON.stringify(report, null, 2) + '\n';
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
