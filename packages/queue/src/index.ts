/**
 * `@prepub/queue`: prepub on many machines. A BullMQ queue on Redis carries one job per distinct
 * content and scan profile; workers scan and store results (Redis, and PostgreSQL with the audit
 * trail when configured); batches name their items and report like `prepub scan`; a crawler feeds
 * a site's pages and attachments to the scanner or the queue.
 * @packageDocumentation
 */
export { QUEUE_NAME, DEFAULT_INLINE_LIMIT, DEFAULT_RETRY, jobKey, jobOptions, connectionFor, openQueue, checkRedis, type ScanJobData, type JobSource, type RetryPolicy } from './jobs.ts';
export { scanProfile } from './profile.ts';
export { RedisStore, PostgresResults, checkPostgresUrl, openRedis, storedJson, encodeStored, decodeStored, type StoredResult, type BatchItem } from './store.ts';
export { submitBatch, type SubmitInput, type SubmitConfig, type SubmitSummary } from './submit.ts';
export { startWorker, workerScannerOptions, type JobReturn, type WorkerConfig, type RunningWorker, type WorkerStats, type ScannerFactory } from './worker.ts';
export { batchStatus, waitForBatch, type BatchStatus, type BatchEntry, type ItemState, type StatusConfig } from './status.ts';
export { crawl, extractLinks, extractPageLinks, scriptPages, scriptPageLinks, type PageLink, type ScriptPagesSkipped, type CrawlConfig, type CrawledResource, type CrawlSummary } from './crawl.ts';
export { fetchBounded, type Fetched, type FetchLimits } from './fetch.ts';
