/** @prepub/scanner — `createScanner(options)` then `scanner.scan(bytes, { filename })`. */
export { createScanner } from './scanner.ts';
export type { Scanner, ScannerOptions, ScanOptions } from './api.ts';
export { DEFAULT_ISOLATION, isQuickFile, QUICK_FILE_BYTES, type IsolationOptions } from './pool.ts';
export { QuickFirstLine, QUICK_PASS_LIMIT } from './quick-first.ts';
export { loadDictionaries, parseAllowlist, BUNDLED_DICTIONARIES, type LoadedDictionaries } from './dictionaries.ts';
export { createJiebaSegmenter, JiebaSegmenter, jiebaDictionaryDir } from './segmenter.ts';
export type * from '@prepub/core';
export { PolicyError } from '@prepub/core';
