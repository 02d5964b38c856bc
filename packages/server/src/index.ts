/**
 * prepub review service: `createServer(options)` / `startServer(options)`, and `runService(options)`
 * for `prepub serve`. See README.md for the HTTP API and the CMS webhook contract.
 */
export { createServer, startServer, cleanFilename, API_VERSION, RAW_TYPES, type ErrorBody, type ScanResponse } from './server.ts';
export { parseTokenList, matchToken, resolveTokens, settle, type ApiToken, type ServerOptions, type StartOptions } from './options.ts';
export { combine, worse, articleDocument, type ItemSource, type ReviewItem, type ReviewVerdict } from './review.ts';
export { BoundedQueue, QueueFullError } from './queue.ts';
export { openApiOptions, sharedSchemas, ROUTE_DOCS, DECISION_BODY } from './openapi.ts';
export { quarantineFile } from './quarantine.ts';
export { runService, type ServiceIo } from './command.ts';
