import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { Verdict } from '@prepub/core';
import { formatRecords, type ExportFormat } from './export.ts';
import { openAudit, type AuditConfig } from './open.ts';
import type { AuditRecord } from './record.ts';
import { AuditError, type AuditQuery, type AuditShow, type AuditStore, type ChainReport } from './store.ts';

/** Where the trail is, for every command. */
export interface AuditTarget extends AuditConfig {
  /** An already open store (takes precedence over `sqlite`/`postgres`). */
  store?: AuditStore;
}

/** Options of `prepub audit approve|reject`. */
export interface AuditDecisionOptions extends AuditTarget {
  /** The record number of the review item. */
  id: number;
  reviewer: string;
  reason: string;
}

/** Options of `prepub audit list|export`. */
export interface AuditListOptions extends AuditTarget, AuditQuery {}

async function withStore<T>(t: AuditTarget, fn: (s: AuditStore) => Promise<T>): Promise<T> {
  if (t.store) return fn(t.store);
  const s = await openAudit(t);
  try {
    return await fn(s);
  } finally {
    await s.close();
  }
}

/** `prepub audit approve <id> --reviewer NAME --reason TEXT` */
export function auditApprove(o: AuditDecisionOptions): Promise<AuditRecord> {
  return withStore(o, (s) => s.decide({ ref: o.id, decision: 'approved', reviewer: o.reviewer, reason: o.reason }));
}

/** `prepub audit reject <id> --reviewer NAME --reason TEXT` */
export function auditReject(o: AuditDecisionOptions): Promise<AuditRecord> {
  return withStore(o, (s) => s.decide({ ref: o.id, decision: 'rejected', reviewer: o.reviewer, reason: o.reason }));
}

/** `prepub audit list [--from] [--to] [--verdict] [--caller] [--pending] [--limit]` */
export function auditList(o: AuditListOptions = {}): Promise<AuditRecord[]> {
  return withStore(o, (s) => s.list(o));
}

/** `prepub audit show <id>`: the record and the decisions on it. */
export function auditShow(o: AuditTarget & { id: number }): Promise<AuditShow | undefined> {
  return withStore(o, (s) => s.show(o.id));
}

/** `prepub audit export --format csv|json|jsonl [--out FILE] [filters]`: returns the text. */
export function auditExport(o: AuditListOptions & { format?: ExportFormat }): Promise<string> {
  return withStore(o, async (s) => formatRecords(await s.list({ limit: 1_000_000, ...o }), o.format ?? 'json'));
}

/** `prepub audit verify`: recomputes the chain. */
export function auditVerify(o: AuditTarget = {}): Promise<ChainReport> {
  return withStore(o, (s) => s.verifyChain());
}

/** Output streams for {@link runAuditCommand}. */
export interface CommandIO {
  out: (text: string) => void;
  err: (text: string) => void;
}

const USAGE = `usage: prepub audit <command> [options]
  list     [--from DATE] [--to DATE] [--verdict block|review|pass] [--caller NAME] [--pending] [--limit N]
  show     <id>
  approve  <id> --reviewer NAME --reason TEXT
  reject   <id> --reviewer NAME --reason TEXT
  export   [--format csv|json|jsonl] [--out FILE] [list filters]
  verify
common: --db FILE (SQLite, default ./prepub-audit.sqlite or $PREPUB_AUDIT_DB) | --pg URL (or $PREPUB_AUDIT_PG_URL)`;

function line(r: AuditRecord): string {
  const who = [r.callerToken, r.callerUser].filter(Boolean).join('/') || '-';
  const what = r.kind === 'decision' ? `${r.decision} #${r.ref}: ${r.reason ?? ''}` : `${r.verdict ?? '-'} ${r.filename ?? '-'} findings=${r.findings.length} unread=${r.unread.length}`;
  return `${r.seq}\t${r.time}\t${r.kind}\t${who}\t${what}`;
}

/**
 * The `prepub audit …` command: parses `argv` (the words after `audit`), runs it and returns the
 * exit code: 0 done, 1 the chain does not verify or the request was refused, 2 usage error.
 */
export async function runAuditCommand(argv: string[], io: CommandIO = { out: (t) => process.stdout.write(t), err: (t) => process.stderr.write(t) }): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        db: { type: 'string' },
        pg: { type: 'string' },
        from: { type: 'string' },
        to: { type: 'string' },
        verdict: { type: 'string' },
        caller: { type: 'string' },
        pending: { type: 'boolean' },
        limit: { type: 'string' },
        format: { type: 'string' },
        out: { type: 'string' },
        reviewer: { type: 'string' },
        reason: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (e) {
    io.err(`${(e as Error).message}\n${USAGE}\n`);
    return 2;
  }
  const { values: v, positionals } = parsed;
  const [command, idText] = positionals;
  if (v.help || !command) {
    io.out(`${USAGE}\n`);
    return command ? 0 : 2;
  }
  const target: AuditTarget = { sqlite: v.db, postgres: v.pg };
  if (v.verdict && !['block', 'review', 'pass'].includes(v.verdict)) {
    io.err(`--verdict must be block, review or pass\n`);
    return 2;
  }
  const query: AuditQuery = {
    from: v.from,
    to: v.to,
    verdict: v.verdict as Verdict | undefined,
    caller: v.caller,
    pending: v.pending,
    limit: v.limit ? Number(v.limit) : undefined,
  };
  const id = Number(idText);
  const needId = ['show', 'approve', 'reject'].includes(command);
  if (needId && !(Number.isInteger(id) && id > 0)) {
    io.err(`${command} needs a record number\n${USAGE}\n`);
    return 2;
  }
  try {
    switch (command) {
      case 'list': {
        for (const r of await auditList({ ...target, ...query })) io.out(`${line(r)}\n`);
        return 0;
      }
      case 'show': {
        const shown = await auditShow({ ...target, id });
        if (!shown) {
          io.err(`no audit record ${id}\n`);
          return 1;
        }
        io.out(`${JSON.stringify(shown, null, 2)}\n`);
        return 0;
      }
      case 'approve':
      case 'reject': {
        if (!v.reviewer || !v.reason) {
          io.err(`${command} needs --reviewer and --reason\n`);
          return 2;
        }
        const fn = command === 'approve' ? auditApprove : auditReject;
        const r = await fn({ ...target, id, reviewer: v.reviewer, reason: v.reason });
        io.out(`${line(r)}\n`);
        return 0;
      }
      case 'export': {
        const format = (v.format ?? 'json') as ExportFormat;
        if (!['csv', 'json', 'jsonl'].includes(format)) {
          io.err('--format must be csv, json or jsonl\n');
          return 2;
        }
        const text = await auditExport({ ...target, ...query, format, limit: query.limit ?? 1_000_000 });
        if (v.out) writeFileSync(v.out, text, { mode: 0o600 });
        else io.out(text);
        return 0;
      }
      case 'verify': {
        const report = await auditVerify(target);
        if (report.ok) {
          io.out(`audit trail verified: ${report.records} records, head ${report.headHash}\n`);
          return 0;
        }
        io.err(`audit trail BROKEN at record ${report.firstBroken?.seq}: ${report.firstBroken?.reason}\n`);
        return 1;
      }
      default:
        io.err(`unknown audit command: ${command}\n${USAGE}\n`);
        return 2;
    }
  } catch (e) {
    if (e instanceof AuditError) {
      io.err(`${e.message}\n`);
      return 1;
    }
    io.err(`audit: ${(e as Error).message}\n`);
    return 1;
  }
}
