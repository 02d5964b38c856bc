/**
 * `@prepub/scanner/prestart`: start the reader workers before loading the scanner itself (which
 * loads the engine and dictionaries). Only the worker pool's code is loaded here, so a command can
 * call it first thing; the first `createScanner` with the same number of workers and limits takes
 * them over (and loads on them the readers it preloads that they were started without). See {@link prestartExtractionWorkers}.
 */
export { discardPrestartedWorkers, hasPrestartedWorkers, prestartExtractionWorkers, type IsolationOptions } from './pool.ts';
