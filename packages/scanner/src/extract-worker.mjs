// Entry of an extraction worker thread. The scanner is TypeScript run through tsx: a worker started
// by a process running under tsx (the CLI) inherits its loader; one started elsewhere (a test
// runner, a host that compiled the main thread) loads the TypeScript module through tsx's API.
let mod;
try {
  mod = await import('./extract-worker.ts');
} catch (e) {
  if (e?.code !== 'ERR_UNKNOWN_FILE_EXTENSION') throw e;
  const { tsImport } = await import('tsx/esm/api');
  mod = await tsImport('./extract-worker.ts', import.meta.url);
}
export default mod.default;
