/**
 * `@prepub/scanner/prestart`: start the reader workers before loading the scanner itself (which
 * loads the engine and dictionaries). Only the worker pool's code is loaded here, so a command can
 * call it first thing; the first `createScanner` with the same isolation settings takes the workers
 * over. See {@link prestartExtractionWorkers}.
 */
export { discardPrestartedWorkers, hasPrestartedWorkers, prestartExtractionWorkers, type IsolationOptions } from './pool.ts';
