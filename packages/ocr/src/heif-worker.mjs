// Entry of the HEIF decoding thread when prepub runs from its TypeScript sources: a worker started
// by a process under tsx inherits its loader; one started elsewhere loads the module through tsx's API.
try {
  await import('./heif-worker.ts');
} catch (e) {
  if (e?.code !== 'ERR_UNKNOWN_FILE_EXTENSION') throw e;
  const { tsImport } = await import('tsx/esm/api');
  await tsImport('./heif-worker.ts', import.meta.url);
}
