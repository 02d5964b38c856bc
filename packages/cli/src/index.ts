/**
 * `@prepub/cli`: the `prepub` command and its report renderers, usable in-process.
 * @packageDocumentation
 */
export { main, type MainDeps } from './main.ts';
export { processIo, type CliIo, type CliStream } from './io.ts';
export {
  buildReport,
  exitCodeFor,
  worstVerdict,
  EXIT,
  REPORT_VERSION,
  TOOL_VERSION,
  type Report,
  type FileReport,
  type ReportSummary,
} from '@prepub/report';
export { renderReport, formatFromPath, FORMATS, type OutputFormat, type RenderOptions } from '@prepub/report';
export { renderSarif, SARIF_SCHEMA } from '@prepub/report';
export { renderCsv, CSV_COLUMNS } from '@prepub/report';
export { renderHtml } from '@prepub/report';
export { renderPretty } from '@prepub/report';
export { loadConfig, findConfig, parseConfig, starterConfig, CONFIG_FILE, UsageError, type PrepubConfig } from './config.ts';
export { collectInputs, IGNORE_FILE, type Input } from './files.ts';
export { ruleDoc, allRuleDocs, type RuleDoc } from '@prepub/report';
export { runBenchOnCorpus, matchesExpected, groupBench, renderGroups, type BenchResult, type BenchFileResult, type BenchGroup, type Label, type ExpectedFinding } from './bench.ts';
