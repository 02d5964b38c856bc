/**
 * Helpers for the CLI tests in tests/cli-*.test.ts: run the real CLI (spawned or in-process),
 * make temp folders with documents, validate output against the report schema and the official
 * SARIF 2.1.0 schema, parse CSV. Lives in this package so its dependencies resolve here.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import Ajv2020 from 'ajv/dist/2020.js';
import AjvDraft04 from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { parse as parseCsvSync } from 'csv-parse/sync';
import { main } from '../src/main.ts';
import type { CliIo } from '../src/io.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
/** The CLI package folder. */
export const CLI_DIR = path.resolve(here, '..');
/** The repository root. */
export const REPO_ROOT = path.resolve(CLI_DIR, '..', '..');
/** The CLI entry point. */
export const BIN = path.join(CLI_DIR, 'src', 'bin.ts');

const require = createRequire(import.meta.url);
const TSX_LOADER = pathToFileURL(createRequire(path.join(REPO_ROOT, 'package.json')).resolve('tsx')).href;

/** What a CLI run produced. */
export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Spawns `node --import tsx packages/cli/src/bin.ts …` in `cwd`, feeding `stdin`. */
export function spawnCli(args: string[], opts: { cwd: string; stdin?: string | Uint8Array; env?: Record<string, string> }): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', TSX_LOADER, BIN, ...args], {
      cwd: opts.cwd,
      // English unless a test asks for a language: the machine's locale must not change what tests read.
      env: { ...process.env, NO_COLOR: '1', LC_ALL: '', LC_MESSAGES: '', LANG: 'C.UTF-8', ...opts.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => err.push(d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') }));
    child.stdin.end(opts.stdin ?? '');
  });
}

/** Runs `main()` in-process with captured streams. */
export async function runCli(args: string[], opts: { cwd: string; stdin?: string; tty?: boolean; env?: Record<string, string> }): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: { write: (s: string) => (stdout += s), isTTY: opts.tty ?? false, columns: 100 },
    stderr: { write: (s: string) => (stderr += s), isTTY: opts.tty ?? false, columns: 100 },
    readStdin: async () => new TextEncoder().encode(opts.stdin ?? ''),
    env: opts.env ?? {},
    cwd: opts.cwd,
  };
  const code = await main(args, io);
  return { code, stdout, stderr };
}

/** Makes a temp folder holding `files` (relative path → text or bytes) and returns its path. */
export function tempTree(files: Record<string, string | Uint8Array>): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'prepub-cli-'));
  for (const [rel, content] of Object.entries(files)) {
    const p = path.join(dir, rel);
    mkdirSync(path.dirname(p), { recursive: true });
    writeFileSync(p, content);
  }
  return dir;
}

/** Validates a parsed JSON report against packages/cli/schema/report.schema.json; returns errors as text, '' when valid. */
export function validateReport(report: unknown): string {
  const ajv = new Ajv2020.default({ allErrors: true, strict: true, allowUnionTypes: true });
  const schema = JSON.parse(readFileSync(path.join(CLI_DIR, 'schema', 'report.schema.json'), 'utf8'));
  const validate = ajv.compile(schema);
  return validate(report) ? '' : ajv.errorsText(validate.errors, { separator: '\n' });
}

/**
 * Validates a SARIF log against the official SARIF 2.1.0 JSON schema (rtm.5, the final 2.1.0
 * schema, shipped by the @microsoft/jest-sarif package); '' when valid.
 */
export function validateSarif(log: unknown): string {
  const schemaPath = path.join(path.dirname(require.resolve('@microsoft/jest-sarif/package.json')), 'lib', 'schemas', 'sarif-2.1.0-rtm.5.json');
  const schema = JSON.parse(readFileSync(schemaPath, 'utf8'));
  const ajv = new AjvDraft04.default({ allErrors: true, strict: false, unicodeRegExp: false });
  addFormats.default(ajv);
  const validate = ajv.compile(schema);
  return validate(log) ? '' : ajv.errorsText(validate.errors, { separator: '\n' });
}

/** Parses CSV text (RFC 4180, BOM allowed) into records keyed by the header row. */
export function parseCsv(text: string): Array<Record<string, string>> {
  return parseCsvSync(text, { columns: true, bom: true, skip_empty_lines: true }) as Array<Record<string, string>>;
}

/** Parses CSV into rows of fields, no header handling. */
export function parseCsvRows(text: string): string[][] {
  return parseCsvSync(text, { bom: true, relax_column_count: false }) as string[][];
}

export type { Browser, Page } from 'playwright-core';

/** Path of Debian's Chromium, installed by .ci/install-chromium.sh. */
export const CHROMIUM = '/usr/bin/chromium';

/** Launch arguments that keep Chromium offline and quiet. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** playwright-core's chromium launcher. */
export async function chromium() {
  const pw = await import('playwright-core');
  return pw.chromium;
}

/**
 * Every help text of the `prepub` program built in `lang` (descriptions of commands, arguments
 * and visible options, and each command's exit-code meanings as its help shows them).
 */
export async function helpTextsIn(lang: 'zh' | 'en'): Promise<{ texts: string[]; exitMeanings: string[] }> {
  const { Command } = await import('commander');
  const { COMMANDS } = await import('../src/commands/index.ts');
  const { localizeProgram, setHelpLang, helpText } = await import('../src/lang.ts');
  setHelpLang(lang);
  try {
    const program = new Command('prepub');
    for (const m of Object.values(COMMANDS)) m.register(program, { io: {} as CliIo, deps: {}, lang, setCode: () => undefined });
    localizeProgram(program, lang);
    const texts: string[] = [];
    const walk = (c: InstanceType<typeof Command>): void => {
      for (const sub of c.commands) {
        texts.push(sub.description());
        for (const a of sub.registeredArguments) if (a.description) texts.push(a.description);
        for (const o of sub.options) if (!o.hidden) texts.push(o.description);
        walk(sub);
      }
    };
    walk(program);
    const exitMeanings = Object.values(COMMANDS).flatMap((m) => m.exitCodes.map(([, meaning]) => helpText(meaning)));
    return { texts, exitMeanings };
  } finally {
    setHelpLang('en');
  }
}
