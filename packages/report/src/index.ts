/**
 * `@prepub/report`: the report model (one result per file and a summary), its renderers (pretty,
 * JSON, SARIF 2.1.0, CSV, HTML) and the rules' prose (`explain`), used alike by the `prepub`
 * command and the review service.
 * @packageDocumentation
 */
export * from './report.ts';
export * from './rules.ts';
export * from './explain.ts';
export * from './format/index.ts';
export * from './format/common.ts';
export { renderSarif, SARIF_SCHEMA } from './format/sarif.ts';
export { renderCsv, csvField, CSV_COLUMNS } from './format/csv.ts';
export { renderHtml, type HtmlOptions } from './format/html.ts';
export { renderPretty, type PrettyOptions } from './format/pretty.ts';
