/** `prepub audit …`: list, show, decide, export and verify the audit trail. */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Option, type Command } from 'commander';
import { t, type Verdict } from '@prepub/core';
import { UsageError } from '../config.ts';
import { EXIT } from '@prepub/report';
import { addAuditStoreOptions, auditTarget, intIn, withExitCodes, type AuditStoreFlags } from './shared.ts';
import type { CommandContext, CommandModule } from './types.ts';

interface ListFlags extends AuditStoreFlags {
  from?: string;
  to?: string;
  verdict?: Verdict;
  caller?: string;
  pending?: boolean;
  limit?: number;
}

const recordId = (v: string) => intIn('<id>', 1)(v);

export const auditCommand: CommandModule = {
  exitCodes: [
    [EXIT.pass, 'done (verify: the chain is intact)'],
    [EXIT.usage, 'usage error: unknown subcommand or option, bad value, missing --reviewer/--reason, no such record'],
    [EXIT.internal, 'prepub itself failed'],
    [EXIT.failure, 'verify: the chain is broken; or the trail could not be reached, or refused the decision (already decided)'],
  ],
  register(program: Command, ctx: CommandContext): Command {
    const { io } = ctx;
    const audit = program.command('audit').description('the hash-chained audit trail: list, show, approve, reject, export, verify');
    const lib = () => import('@prepub/audit');
    const run = async (fn: () => Promise<number>) => {
      try {
        ctx.setCode(await fn());
      } catch (e) {
        if (e instanceof UsageError) throw e;
        // The trail refused the request (AuditError) or could not be reached.
        io.stderr.write(`prepub audit: ${(e as Error).message}\n`);
        ctx.setCode(EXIT.failure);
      }
    };
    const filters = (cmd: Command) =>
      addAuditStoreOptions(cmd)
        .option('--from <date>', 'records from this time (ISO 8601)')
        .option('--to <date>', 'records before this time (ISO 8601)')
        .addOption(new Option('--verdict <verdict>', 'only this verdict').choices(['block', 'review', 'pass']))
        .option('--caller <name>', 'only this caller (token name)')
        .option('--pending', 'only review items without a decision')
        .option('--limit <n>', 'at most n records', intIn('--limit', 1));
    const query = (f: ListFlags) => ({ from: f.from, to: f.to, verdict: f.verdict, caller: f.caller, pending: f.pending, limit: f.limit });
    const line = (r: import('@prepub/audit').AuditRecord) => {
      const who = [r.callerToken, r.callerUser].filter(Boolean).join('/') || '-';
      const what = r.kind === 'decision' ? `${r.decision} #${r.ref}: ${r.reason ?? ''}` : `${r.verdict ?? '-'} ${r.filename ?? '-'} findings=${r.findings.length} unread=${r.unread.length}`;
      return `${r.seq}\t${r.time}\t${r.kind}\t${who}\t${what}\n`;
    };

    filters(audit.command('list').description('list records, newest last')).action((f: ListFlags) =>
      run(async () => {
        for (const r of await (await lib()).auditList({ ...auditTarget(f), ...query(f) })) io.stdout.write(line(r));
        return EXIT.pass;
      }),
    );
    addAuditStoreOptions(audit.command('show').description('one record and the decisions on it').argument('<id>', 'record number', recordId)).action((id: number, f: AuditStoreFlags) =>
      run(async () => {
        const shown = await (await lib()).auditShow({ ...auditTarget(f), id });
        if (!shown) throw new UsageError({ id: 'audit.no-record', params: { id } });
        io.stdout.write(`${JSON.stringify(shown, null, 2)}\n`);
        return EXIT.pass;
      }),
    );
    for (const decision of ['approve', 'reject'] as const) {
      addAuditStoreOptions(
        audit
          .command(decision)
          .description(`${decision} a review item`)
          .argument('<id>', 'record number of the review item', recordId)
          .requiredOption('--reviewer <name>', 'who decides')
          .requiredOption('--reason <text>', 'why'),
      ).action((id: number, f: AuditStoreFlags & { reviewer: string; reason: string }) =>
        run(async () => {
          const l = await lib();
          const fn = decision === 'approve' ? l.auditApprove : l.auditReject;
          io.stdout.write(line(await fn({ ...auditTarget(f), id, reviewer: f.reviewer, reason: f.reason })));
          return EXIT.pass;
        }),
      );
    }
    filters(audit.command('export').description('export records for archiving'))
      .addOption(new Option('-f, --format <format>', 'csv, json or jsonl').choices(['csv', 'json', 'jsonl']).default('json'))
      .option('-o, --output <file>', 'write to a file (mode 0600) instead of standard output')
      .addOption(new Option('--out <file>').hideHelp())
      .action((f: ListFlags & { format: 'csv' | 'json' | 'jsonl'; output?: string; out?: string }) =>
        run(async () => {
          const text = await (await lib()).auditExport({ ...auditTarget(f), ...query(f), format: f.format, limit: f.limit ?? 1_000_000 });
          const out = f.output ?? f.out;
          if (out) await writeFile(path.resolve(io.cwd, out), text, { mode: 0o600 });
          else io.stdout.write(text);
          return EXIT.pass;
        }),
      );
    addAuditStoreOptions(audit.command('verify').description('recompute the hash chain; names the first altered or missing record')).action((f: AuditStoreFlags) =>
      run(async () => {
        const report = await (await lib()).auditVerify(auditTarget(f));
        if (report.ok) {
          io.stdout.write(`${t(ctx.lang, 'audit.verified', { records: report.records, head: report.headHash })}\n`);
          return EXIT.pass;
        }
        io.stderr.write(`${t(ctx.lang, 'audit.broken', { seq: report.firstBroken?.seq ?? '?', reason: report.firstBroken?.reason ?? '' })}\n`);
        return EXIT.failure;
      }),
    );
    // Each subcommand's own --help lists the codes too (`prepub audit verify --help`).
    for (const sub of audit.commands) withExitCodes(sub, this.exitCodes);
    return withExitCodes(audit, this.exitCodes);
  },
};
