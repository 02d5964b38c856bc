/**
 * What the distributed commands (`worker`, `submit`, `status`, `crawl`) share: the queue and
 * database URLs, the scanner settings that make the scan profile, and turning a batch's state into
 * the same report `prepub scan` prints.
 */
import { currentLang, useConfigLang } from '../lang.ts';
import { t } from '@prepub/core';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Option, type Command } from 'commander';
import type { BatchEntry } from '@prepub/queue';
import type { CliIo } from '../io.ts';
import { wantsColor } from '../io.ts';
import { UsageError, loadConfig } from '../config.ts';
import { buildScannerOptions } from '../options.ts';
import { EXIT, buildReport, errorFileReport, fileReportFromScan, type FileReport, type Report } from '@prepub/report';
import { FORMATS, formatFromPath, renderReport, type OutputFormat } from '@prepub/report';
import type { ScannerOptions } from '../scanner-types.ts';
import type { Limits } from '@prepub/core';

/** Sets the exit code of the command that ran (commander actions cannot return one). */
export type SetCode = (code: number) => void;

/** `batch not finished` for `prepub status` without `--wait`: never 0, so a script cannot take it for pass. */
export const EXIT_PENDING = EXIT.pending;

export const collect = (v: string, prev: string[]) => [...prev, v];

/** A positive whole number option. */
export function wholeNumber(name: string, min = 1, max = Number.MAX_SAFE_INTEGER) {
  return (v: string) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < min || n > max) throw new UsageError({ id: 'cli.whole-number', params: { flag: name, min, max, value: v } });
    return n;
  };
}

/** The Redis URL from `--queue` or `PREPUB_QUEUE_URL`. */
export function queueUrl(flag: string | undefined, io: CliIo, required = true): string | undefined {
  const url = flag ?? io.env.PREPUB_QUEUE_URL;
  if (!url && required) throw new UsageError({ id: 'queue.required', params: {} });
  if (url && !/^rediss?:\/\//.test(url)) throw new UsageError({ id: 'queue.bad-url', params: { value: url } });
  return url;
}

/** The PostgreSQL URL from `--pg` or `PREPUB_QUEUE_PG_URL`, if any. */
export function pgUrl(flag: string | undefined, io: CliIo): string | undefined {
  return flag ?? (io.env.PREPUB_QUEUE_PG_URL || undefined);
}

/** Scanner settings flags, shared by every command that scans or computes the scan profile. */
export interface ScannerSettingFlags {
  dict: string[];
  policy?: string;
  config?: string;
  ocr: boolean;
  mask: boolean;
}

/** Adds the scanner settings options to a command. */
export function addScannerSettings(cmd: Command): Command {
  return cmd
    .option('--dict <file>', 'add a term list (repeatable)', collect, [])
    .option('--policy <file>', 'policy file: thresholds, allowlist, waivers')
    .option('-c, --config <file>', 'config file (default: nearest prepub.config.json)')
    .option('--no-ocr', 'do not OCR pictures and scans (they are reported unread)')
    .option('--no-mask', 'keep excerpts unmasked in stored results');
}

/** Scanner options from the config file and flags, as `prepub scan` builds them. */
export async function scannerSettings(flags: ScannerSettingFlags, cmd: Command, io: CliIo): Promise<{ options: ScannerOptions; limits: Limits; failOn?: 'review' | 'block'; helpUriBase?: string }> {
  const loaded = await loadConfig(io.cwd, flags.config);
  useConfigLang(loaded?.config.lang, io.env);
  const fromCli = (name: string) => cmd.getOptionValueSource(name) === 'cli';
  const { options, limits } = await buildScannerOptions(io.cwd, loaded, {
    dict: flags.dict,
    policy: flags.policy,
    ocr: fromCli('ocr') ? flags.ocr : undefined,
    mask: fromCli('mask') ? flags.mask : undefined,
  });
  return { options, limits, failOn: loaded?.config.failOn, helpUriBase: loaded?.config.helpUriBase };
}

/** Report output flags. */
export interface OutputFlags {
  format?: OutputFormat;
  output?: string;
  failOn?: 'review' | 'block';
  quiet: boolean;
}

/** Adds the report output options to a command. */
export function addOutputOptions(cmd: Command): Command {
  return cmd
    .addOption(new Option('-f, --format <format>', 'report format (default: pretty on a terminal, json otherwise)').choices([...FORMATS]))
    .option('-o, --output <file>', 'write the report to a file (format from its extension unless --format)')
    .addOption(new Option('--fail-on <verdict>', 'lowest verdict that gives a non-zero exit code (default review)').choices(['review', 'block']))
    .option('-q, --quiet', 'no progress; pretty output lists only items that do not pass', false);
}

/** The file report of one batch entry; entries still in the queue have none. */
export function entryReport(e: BatchEntry): FileReport | undefined {
  switch (e.state) {
    case 'done':
      return fileReportFromScan(e.name, e.result!);
    case 'dead': {
      const crashed = /a worker stopped/.test(e.failedReason ?? '');
      const msg = `every attempt to scan it failed (${e.attemptsMade ?? '?'} attempts; last: ${e.failedReason ?? 'unknown'})`;
      return errorFileReport(e.name, 'DEAD_LETTER', msg, crashed ? 'crashed' : 'error');
    }
    case 'unreadable':
      return errorFileReport(e.name, e.error!.code, e.error!.message, e.error!.reason, e.error!.size ?? 0);
    case 'lost':
      return errorFileReport(e.name, 'LOST', 'neither a result nor a job was found for it (the queue lost it): submit it again');
    default:
      return undefined;
  }
}

/** The report of finished entries, in batch order. */
export function batchReport(entries: BatchEntry[], durationMs: number): Report {
  return buildReport(entries.map(entryReport).filter((r): r is FileReport => r !== undefined), durationMs);
}

/** Lines naming the page that linked each crawled item (pretty output). */
export function linkedFromText(entries: Array<{ name: string; linkedFrom?: string }>): string {
  const linked = entries.filter((e) => e.linkedFrom);
  if (!linked.length) return '';
  return `\n${t(currentLang(), 'crawl.linked-from')}\n${linked.map((e) => `  ${e.name}\n    ← ${e.linkedFrom}`).join('\n')}\n`;
}

/** Renders and writes (or prints) a report; returns the format used. */
export async function emitReport(report: Report, flags: OutputFlags, io: CliIo, extra: { helpUriBase?: string; prettySuffix?: string; json?: (report: Report) => unknown } = {}): Promise<void> {
  const format: OutputFormat = flags.format ?? (flags.output ? formatFromPath(flags.output) : io.stdout.isTTY ? 'pretty' : 'json');
  let text =
    format === 'json' && extra.json
      ? JSON.stringify(extra.json(report), null, 2) + '\n'
      : renderReport(report, format, { color: !flags.output && wantsColor(io.stdout, io.env), verbose: false, helpUriBase: extra.helpUriBase, cwd: io.cwd, lang: currentLang() });
  if (format === 'pretty' && extra.prettySuffix) text += extra.prettySuffix;
  if (flags.output) {
    const out = path.resolve(io.cwd, flags.output);
    await mkdir(path.dirname(out), { recursive: true });
    await writeFile(out, text);
    if (!flags.quiet) {
      const s = report.summary;
      io.stderr.write(`prepub: ${t(currentLang(), 'queue.written', { files: s.files, block: s.block, review: s.review, pass: s.pass, format, output: flags.output })}\n`);
    }
  } else {
    io.stdout.write(text);
  }
}
