/**
 * `@prepub/cli`: the `prepub` command and its report renderers, usable in-process.
 * @packageDocumentation
 */
export { main, type MainDeps } from './main.ts';
export { processIo, type CliIo, type CliStream } from './io.ts';
// The report model and renderers live in @prepub/report; re-exported for existing callers.
export {
  buildReport,
  exitCodeFor,
  worstVerdict,
  EXIT,
  REPORT_VERSION,
  TOOL_VERSION,
  renderReport,
  formatFromPath,
  FORMATS,
  renderSarif,
  SARIF_SCHEMA,
  renderCsv,
  CSV_COLUMNS,
  renderHtml,
  renderPretty,
  ruleDoc,
  allRuleDocs,
  type Report,
  type FileReport,
  type ReportSummary,
  type OutputFormat,
  type RenderOptions,
  type RuleDoc,
} from '@prepub/report';
export { loadConfig, findConfig, parseConfig, loadPolicyFile, starterConfig, CONFIG_FILE, CONFIG_FILES, UsageError, type PrepubConfig } from './config.ts';
export { COMMANDS, type CommandModule, type CommandContext } from './commands/index.ts';
export { collectInputs, IGNORE_FILE, type Input } from './files.ts';
export { runBenchOnCorpus, matchesExpected, groupBench, renderGroups, type BenchResult, type BenchFileResult, type BenchGroup, type Label, type ExpectedFinding } from './bench.ts';
