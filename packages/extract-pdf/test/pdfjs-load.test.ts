/**
 * Loading pdf.js from the TypeScript sources costs what loading the package costs, not a rewrite by
 * the TypeScript loader: tsx rewrote pdf.js's 2.3 MB worker file and attached a source map of the
 * rewrite, ~300 MB resident and ~6 s of CPU in every thread that loaded it (each reading worker).
 * Each case runs in a fresh process, the way the command (`node --import tsx`) and a reading worker
 * started from the sources (`tsImport`) load it, and reads a PDF with it.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const pkg = fileURLToPath(new URL('..', import.meta.url));

/** Loads pdf.js through `how`, opens a one-page PDF and prints the page count and the peak RSS. */
function load(how: 'import-tsx' | 'tsImport'): { pages: number; maxRssMb: number } {
  const body = `
    const m = ${how === 'tsImport' ? "await (await import('tsx/esm/api')).tsImport('./src/pdfjs.ts', (await import('node:url')).pathToFileURL(process.cwd() + '/').href)" : "await import('./src/pdfjs.ts')"};
    const rt = await m.loadPdfJs();
    const pdf = '%PDF-1.4\\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\\n3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\\ntrailer<</Root 1 0 R>>\\n%%EOF\\n';
    const doc = await rt.pdfjs.getDocument({ data: new TextEncoder().encode(pdf), verbosity: 0 }).promise;
    console.log(JSON.stringify({ pages: doc.numPages, maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024) }));
    await doc.destroy();
  `;
  const args = how === 'import-tsx' ? ['--import', 'tsx', '--input-type=module', '-e', body] : ['--input-type=module', '-e', body];
  const r = spawnSync(process.execPath, args, { cwd: pkg, encoding: 'utf8', timeout: 120_000 });
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout.trim().split('\n').pop()!);
}

describe('loading pdf.js from the sources', () => {
  // Measured: 120-125 MB peak with the untransformed import, 440-450 MB when tsx rewrote pdf.js.
  it.each(['import-tsx', 'tsImport'] as const)('through %s reads a PDF and stays under 250 MB', (how) => {
    const { pages, maxRssMb } = load(how);
    expect(pages).toBe(1);
    expect(maxRssMb).toBeLessThan(250);
  }, 150_000);
});
