/**
 * Options shared by several subcommands, so a flag has one name and one meaning everywhere:
 * `--dict`, `--policy`, `-c, --config`, `--no-ocr`, `-j, --concurrency`, `--db`, `--pg`.
 * Older spellings stay accepted as hidden aliases.
 */
import { Option, type Command } from 'commander';
import { UsageError } from '../config.ts';
import type { CommandModule } from './types.ts';
import { currentLang, helpText } from '../lang.ts';
import { t } from '@prepub/core';

/** Appends a repeated option's value. */
export const collect = (v: string, prev: string[] = []) => [...prev, v];

/** A parser for an integer option in [min, max]; a bad value is a usage error. */
export function intIn(flag: string, min: number, max = Number.MAX_SAFE_INTEGER): (v: string) => number {
  return (v: string) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < min || n > max) {
      throw new UsageError(max === Number.MAX_SAFE_INTEGER ? t(currentLang(), 'cli.int-min', { flag, min, value: v }) : t(currentLang(), 'cli.int-range', { flag, min, max, value: v }));
    }
    return n;
  };
}

/** The settings `--dict`, `--policy`, `--config`, `--no-ocr` give (see {@link addScannerOptions}). */
export interface ScannerCliFlags {
  dict: string[];
  /** Hidden alias of `--dict` (the old `serve` spelling). */
  dictionary?: string[];
  policy?: string;
  config?: string;
  ocr: boolean;
}

/** Adds `--dict`, `--policy`, `-c, --config` and `--no-ocr`. */
export function addScannerOptions(cmd: Command, configHelp = 'config file (default: prepub.config.json, .prepubrc.json or the "prepub" key of package.json, nearest upward)'): Command {
  return cmd
    .option('--dict <file>', 'add a term list (one term a line; a folder adds its .txt files) (repeatable)', collect, [])
    .addOption(new Option('--dictionary <file>').hideHelp().argParser(collect))
    .option('--policy <file>', 'policy file: thresholds, allowlist, waivers')
    .option('-c, --config <file>', configHelp)
    .option('--no-ocr', 'do not OCR pictures and scans (they are reported unread)');
}

/** `--dict` with its hidden alias merged. */
export function dictsOf(flags: ScannerCliFlags): string[] {
  return [...(flags.dict ?? []), ...(flags.dictionary ?? [])];
}

/** Where the audit trail is: `--db` (SQLite) or `--pg` (PostgreSQL). */
export interface AuditStoreFlags {
  db?: string;
  pg?: string;
  /** Hidden aliases (the old `serve` spellings). */
  auditDb?: string;
  auditPg?: string;
}

/** Adds `--db <file>` and `--pg <url>` (and the hidden `--audit-db`, `--audit-pg`). */
export function addAuditStoreOptions(cmd: Command): Command {
  return cmd
    .option('--db <file>', 'audit trail in this SQLite file (default: ./prepub-audit.sqlite or $PREPUB_AUDIT_DB)')
    .option('--pg <url>', 'audit trail in PostgreSQL (default: $PREPUB_AUDIT_PG_URL)')
    .addOption(new Option('--audit-db <file>').hideHelp())
    .addOption(new Option('--audit-pg <url>').hideHelp());
}

/** The audit target named by {@link addAuditStoreOptions}' flags. */
export function auditTarget(flags: AuditStoreFlags): { sqlite?: string; postgres?: string } {
  const t: { sqlite?: string; postgres?: string } = {};
  const db = flags.db ?? flags.auditDb;
  const pg = flags.pg ?? flags.auditPg;
  if (db !== undefined) t.sqlite = db;
  if (pg !== undefined) t.postgres = pg;
  return t;
}

/** Adds the command's exit codes to the end of its `--help`. */
export function withExitCodes(cmd: Command, codes: CommandModule['exitCodes']): Command {
  const width = Math.max(...codes.map(([c]) => String(c).length));
  const title = helpText('Exit codes:');
  return cmd.addHelpText('after', `\n${title}\n${codes.map(([c, m]) => `  ${String(c).padEnd(width)}  ${helpText(m)}`).join('\n')}\n`);
}
