/**
 * `prepub crawl <start-url> --scope <url-prefix> [--max-pages N] [--queue …]`: site self-inspection.
 * Fetches the pages and the files they link to within the scope (same origin, robots.txt, a rate
 * limit, size limits), scans them here or through the queue, and reports each URL with the page
 * that linked it. Whatever in scope could not be fetched is reported unread.
 */
import { Command } from 'commander';
import type { CliIo } from '../io.ts';
import { EXIT, buildReport, errorFileReport, exitCodeFor, fileReportFromScan, worstVerdict, type FileReport, type Report } from '@prepub/report';
import { UsageError } from '../config.ts';
import { t } from '@prepub/core';
import { currentLang } from '../lang.ts';
import { loadScannerFactory, type ScannerFactory } from '../scanner-types.ts';
import { addOutputOptions, addScannerSettings, batchReport, emitReport, linkedFromText, pgUrl, queueUrl, scannerSettings, wholeNumber, type OutputFlags, type ScannerSettingFlags, type SetCode } from './common.ts';

/** Options of `prepub crawl`. */
export interface CrawlFlags extends ScannerSettingFlags, OutputFlags {
  scope?: string;
  maxPages: number;
  maxFiles: number;
  maxBytes?: number;
  delayMs: number;
  timeoutMs: number;
  queue?: string;
  batch?: string;
  pg?: string;
  wait: boolean;
  sitemap: boolean;
  fileOrigin: string[];
}

/** A file name for format detection from a URL (its last path segment). */
function nameFromUrl(url: string): string {
  const p = new URL(url).pathname;
  const last = decodeURIComponent(p.slice(p.lastIndexOf('/') + 1));
  return last || 'index.html';
}

/** The files on other sites that pages in scope show or link to (not read), for the pretty report. */
function offSiteText(files: Array<{ url: string; linkedFrom: string }>): string {
  if (!files.length) return '';
  return `\n${t(currentLang(), 'crawl.off-site', { count: files.length })}\n${files.map((f) => `  ${f.url}\n    ← ${f.linkedFrom}`).join('\n')}\n`;
}

/** Crawls, scans, reports; exit code by worst verdict. */
export async function runCrawl(start: string, flags: CrawlFlags, cmd: Command, io: CliIo, createScanner?: ScannerFactory): Promise<number> {
  const t0 = performance.now();
  try {
    const u = new URL(start);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error();
  } catch {
    throw new UsageError({ id: 'crawl.bad-start', params: { value: start } });
  }
  const settings = await scannerSettings(flags, cmd, io);
  const maxBytes = flags.maxBytes ?? settings.limits.maxFileBytes;
  const q = await import('@prepub/queue');
  const url = queueUrl(flags.queue, io, false);
  const links: Array<{ name: string; linkedFrom?: string; kind: string }> = [];
  const base = { start, scope: flags.scope, sitemaps: flags.sitemap, fileOrigins: flags.fileOrigin, maxPages: flags.maxPages, maxFiles: flags.maxFiles, maxBytes, delayMs: flags.delayMs, timeoutMs: flags.timeoutMs, signal: io.signal };
  const progress = (state: string, url: string) => void (!flags.quiet && io.stderr.write(`prepub crawl: ${t(currentLang(), 'crawl.progress', { state, url })}\n`));
  let summary: import('@prepub/queue').CrawlSummary;
  let report: Report;

  if (url) {
    try {
      await q.checkRedis(url);
    } catch (e) {
      io.stderr.write(`prepub: ${t(currentLang(), 'queue.unreachable', { message: (e as Error).message })}\n`);
      return EXIT.failure;
    }
    const batch = flags.batch ?? `crawl-${new URL(start).host.replace(/[^\w.-]/g, '_')}-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    const profile = q.scanProfile(settings.options);
    let pending: import('@prepub/queue').SubmitInput[] = [];
    const submitCfg = { redisUrl: url, batch, profile, maxFileBytes: maxBytes };
    try {
      summary = await q.crawl({
        ...base,
        onResource: async (r) => {
          links.push({ name: r.url, linkedFrom: r.linkedFrom, kind: r.kind });
          pending.push(
            r.error
              ? { kind: 'error', name: r.url, code: r.error.code, message: r.error.message, reason: r.error.reason, linkedFrom: r.linkedFrom }
              : { kind: 'bytes', name: r.url, bytes: r.bytes!, url: r.url, linkedFrom: r.linkedFrom },
          );
          // Submitted in small groups: the crawl does not hold a whole site's files in memory.
          if (pending.length >= 20) {
            const group = pending;
            pending = [];
            await q.submitBatch(group, submitCfg);
          }
          progress(r.error ? 'unread' : 'queued', r.url);
        },
      });
      if (pending.length) await q.submitBatch(pending, submitCfg);
    } catch (e) {
      throw new UsageError((e as Error).message);
    }
    io.stderr.write(`prepub crawl: ${t(currentLang(), 'crawl.submitted', { pages: summary.pages, files: summary.attachments, batch })}\n`);
    if (!flags.wait) {
      io.stdout.write(`${batch}\n`);
      return EXIT.pass;
    }
    const status = await q.waitForBatch(batch, { redisUrl: url, postgresUrl: pgUrl(flags.pg, io), signal: io.signal });
    if (!status.finished) return io.signal?.aborted ? EXIT.interrupted : EXIT.pending;
    report = batchReport(status.entries, performance.now() - t0);
  } else {
    const factory = createScanner ?? (await loadScannerFactory());
    const scanner = await factory({ ...settings.options, isolation: settings.options.isolation ?? { workers: 1 } });
    const results: FileReport[] = [];
    try {
      summary = await q.crawl({
        ...base,
        onResource: async (r) => {
          links.push({ name: r.url, linkedFrom: r.linkedFrom, kind: r.kind });
          if (r.error) {
            results.push(errorFileReport(r.url, r.error.code, r.error.message, r.error.reason));
          } else {
            const res = await scanner.scan(r.bytes!, { filename: nameFromUrl(r.url), signal: io.signal });
            results.push(fileReportFromScan(r.url, res));
          }
          progress(results[results.length - 1].verdict, r.url);
        },
      });
    } catch (e) {
      throw new UsageError((e as Error).message);
    } finally {
      await scanner.close().catch(() => undefined);
    }
    report = buildReport(results, performance.now() - t0);
  }

  const crawlInfo = { ...summary, links };
  await emitReport(report, flags, io, {
    helpUriBase: settings.helpUriBase,
    prettySuffix: linkedFromText(links) + offSiteText(summary.offSiteFiles) + `\n${t(currentLang(), 'crawl.summary', { pages: summary.pages, files: summary.attachments, outOfScope: summary.outOfScope, scope: summary.scope, robots: summary.robots })}\n`,
    json: (r) => ({ crawl: crawlInfo, report: r }),
  });
  return exitCodeFor(worstVerdict(report.results), flags.failOn ?? settings.failOn ?? 'review');
}

/** The `crawl` command for the CLI's dispatcher. */
export function crawlCommand(io: CliIo, setCode: SetCode, createScanner?: ScannerFactory): Command {
  const cmd = new Command('crawl')
    .description('site self-inspection: fetch pages and linked files within a scope and scan them (here, or through --queue)')
    .argument('<start-url>', 'the page to start from')
    .option('--scope <url-prefix>', "only URLs starting with this prefix are fetched (default: the start page's folder)")
    .option('--max-pages <n>', 'HTML pages fetched at most', wholeNumber('--max-pages', 1), 100)
    .option('--max-files <n>', 'linked files fetched at most', wholeNumber('--max-files', 0), 1000)
    .option('--max-bytes <n>', 'largest page or file read (default limits.maxFileBytes); larger ones are reported unread', wholeNumber('--max-bytes', 1))
    .option('--delay-ms <ms>', 'least time between two requests (robots.txt Crawl-delay can raise it)', wholeNumber('--delay-ms', 0), 500)
    .option('--timeout-ms <ms>', 'time allowed for one request', wholeNumber('--timeout-ms', 100), 30_000)
    .option('--queue <url>', 'scan through the workers of this Redis queue instead of here')
    .option('--batch <name>', 'with --queue: the batch name (default crawl-<host>-<time>)')
    .option('--pg <url>', 'with --queue: PostgreSQL URL to read results from (default: PREPUB_QUEUE_PG_URL)')
    .option('--no-wait', 'with --queue: print the batch name and return without waiting for the report')
    .option('--file-origin <origin>', "another site whose files pages in scope show or link to are read too (a file server); repeatable", (v: string, prev: string[]) => {
      let origin: string;
      try {
        const u = new URL(v);
        if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error();
        origin = u.origin;
      } catch {
        throw new UsageError({ id: 'crawl.bad-start', params: { value: v } });
      }
      return [...prev, origin];
    }, [] as string[])
    .option('--no-sitemap', "do not read the site's sitemaps (robots.txt's, else /sitemap.xml) for pages in scope no page links to");
  addOutputOptions(addScannerSettings(cmd)).action(async (start: string, flags: CrawlFlags, c: Command) => {
    setCode(await runCrawl(start, flags, c, io, createScanner));
  });
  return cmd;
}
