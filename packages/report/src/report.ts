/**
 * The report the CLI prints: one {@link FileReport} per input, in input order, and a summary.
 * Every output format (json, pretty, sarif, csv, html) is rendered from this one structure, so
 * they never disagree. The JSON form is described by `packages/cli/schema/report.schema.json`.
 */
import { fileErrorDetailRef, localizeResult, t, type Lang } from '@prepub/core';
import type {
  Coverage,
  Finding,
  ScanError,
  ScanResult,
  UnreadItem,
  UnreadReason,
  Verdict,
} from '@prepub/core';

/** Version of the report layout; bumped on incompatible changes. */
export const REPORT_VERSION = 1 as const;

/** The CLI's own version, printed in every report. */
export const TOOL_VERSION = '0.1.0';

/** The answer for one input file, with the path the user knows it by: the scanner's result plus the path. */
export interface FileReport extends Omit<ScanResult, 'policyVersion'> {
  /** The path as given or as found under a folder (forward slashes), `-` / the `--filename` for stdin. */
  path: string;
  /** Policy version the verdict was computed with; absent when the file could not be scanned at all. */
  policyVersion?: string;
}

/** Counts over all files. `unread` counts unread items, `findings` counts unsuppressed findings. */
export interface ReportSummary {
  files: number;
  block: number;
  review: number;
  pass: number;
  findings: number;
  suppressed: number;
  unread: number;
  errors: number;
  durationMs: number;
  /** Files not finished because the scan was interrupted; present only then. */
  aborted?: number;
}

/** The whole report, as printed by `--format json`. */
export interface Report {
  version: typeof REPORT_VERSION;
  tool: { name: 'prepub'; version: string };
  results: FileReport[];
  summary: ReportSummary;
  /** Present when the scan was interrupted (Ctrl-C): the report is partial. */
  interrupted?: true;
}

const VERDICT_RANK: Record<Verdict, number> = { pass: 0, review: 1, block: 2 };

/** The worse of two verdicts (block > review > pass). */
export function worse(a: Verdict, b: Verdict): Verdict {
  return VERDICT_RANK[a] >= VERDICT_RANK[b] ? a : b;
}

/** The worst verdict over all results; `pass` for none. */
export function worstVerdict(results: ReadonlyArray<{ verdict: Verdict }>): Verdict {
  return results.reduce<Verdict>((w, r) => worse(w, r.verdict), 'pass');
}

/** Turns a scanner result into a file report for `path`. */
export function fileReportFromScan(path: string, r: ScanResult): FileReport {
  return {
    path,
    verdict: r.verdict,
    reasons: r.reasons,
    findings: r.findings,
    suppressed: r.suppressed,
    coverage: r.coverage,
    errors: r.errors,
    document: r.document,
    policyVersion: r.policyVersion,
    durationMs: r.durationMs,
  };
}

/**
 * A report for a file the CLI could not hand to the scanner (missing, unreadable, a folder that
 * vanished, larger than the limit). Fail closed: the verdict is `review`, never `pass`.
 */
export function errorFileReport(
  path: string,
  code: string,
  message: string,
  reason: UnreadReason = 'error',
  size = 0,
  durationMs = 0,
): FileReport {
  const unread: UnreadItem = { where: 'file', reason, detail: message, detailRef: fileErrorDetailRef(code, message, reason) };
  return {
    path,
    verdict: 'review',
    reasons: [t('en', 'reason.file-not-read', { message })],
    findings: [],
    suppressed: [],
    coverage: {
      complete: false,
      parts: [],
      unread: [unread],
      images: { total: 0, ocred: 0 },
      embedded: { total: 0, scanned: 0 },
    },
    errors: [{ code, message }],
    document: { filename: path, format: 'unknown', mediaType: 'application/octet-stream', size },
    durationMs,
  };
}

/** Builds the report with its summary. */
export function buildReport(results: FileReport[], durationMs: number, opts: { interrupted?: boolean } = {}): Report {
  const summary: ReportSummary = {
    files: results.length,
    block: 0,
    review: 0,
    pass: 0,
    findings: 0,
    suppressed: 0,
    unread: 0,
    errors: 0,
    durationMs: Math.round(durationMs),
  };
  for (const r of results) {
    summary[r.verdict] += 1;
    summary.findings += r.findings.length;
    summary.suppressed += r.suppressed.length;
    summary.unread += r.coverage.unread.length;
    summary.errors += r.errors.length;
  }
  const report: Report = { version: REPORT_VERSION, tool: { name: 'prepub', version: TOOL_VERSION }, results, summary };
  if (opts.interrupted) {
    report.interrupted = true;
    summary.aborted = results.filter(isAborted).length;
  }
  return report;
}

/**
 * The report with every person-readable text in `lang`: findings' messages (from their message
 * ids) and verdict reasons. Machine fields are untouched, so the same scan renders in either
 * language; `--format json` carries the chosen language's `message` and `reasons`.
 */
export function localizeReport(report: Report, lang: Lang): Report {
  return { ...report, results: report.results.map((r) => localizeResult(r, lang)) };
}

/** Whether a file was left unfinished by an interruption. */
export function isAborted(r: FileReport): boolean {
  return r.coverage.unread.some((u) => u.reason === 'aborted');
}

/**
 * Exit codes, the same meaning in every command. Documented in packages/cli/README.md; each
 * command's `--help` lists the ones it uses.
 */
export const EXIT = {
  /** Every file passes (or, with `--fail-on block`, none is blocked). */
  pass: 0,
  /** The worst verdict is `review`. */
  review: 1,
  /** The worst verdict is `block`. */
  block: 2,
  /** Usage error: unknown option, no inputs, missing or invalid config, policy or dictionary file. */
  usage: 3,
  /** prepub itself failed (the scanner could not start). Never caused by the content of a file. */
  internal: 4,
  /** The operation failed outside any document: the service could not start, the audit trail is broken or unreachable. */
  failure: 5,
  /** `prepub status` without `--wait`: the batch is not finished yet (never 0, so a script cannot take it for pass). */
  pending: 6,
  /** Interrupted (SIGINT): the partial report is written; unfinished files are `aborted`, never pass. */
  interrupted: 130,
} as const;

/** The exit code for a worst verdict under `--fail-on`. */
export function exitCodeFor(worst: Verdict, failOn: 'review' | 'block' = 'review'): number {
  if (worst === 'block') return EXIT.block;
  if (worst === 'review') return failOn === 'review' ? EXIT.review : EXIT.pass;
  return EXIT.pass;
}
