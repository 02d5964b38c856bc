// Shared set-up for the service tests: the real scanner, a fresh SQLite audit trail, sample files.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Scanner } from '@prepub/scanner';

export const SAMPLES = fileURLToPath(new URL('../../../samples/', import.meta.url));
export const sample = (rel: string): Buffer => readFileSync(join(SAMPLES, rel));

export const TOKENS = { portal: 'portal-secret-4f9a2c7e1b', cms: 'cms-secret-8d3e6a0f5c2b' };
export const auth = (name: keyof typeof TOKENS = 'portal') => ({ authorization: `Bearer ${TOKENS[name]}` });

export function tempDir(prefix = 'prepub-server-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** One part of a multipart body. */
export interface Part {
  name: string;
  value: string | Buffer;
  filename?: string;
  type?: string;
}

/** Builds a multipart/form-data body by hand, as a browser would send it. */
export function multipart(parts: Part[], boundary = `----prepub${Math.random().toString(16).slice(2)}`): { body: Buffer; contentType: string } {
  const chunks: Buffer[] = [];
  for (const p of parts) {
    let head = `--${boundary}\r\nContent-Disposition: form-data; name="${p.name}"`;
    if (p.filename !== undefined) head += `; filename="${p.filename}"`;
    head += '\r\n';
    if (p.filename !== undefined) head += `Content-Type: ${p.type ?? 'application/octet-stream'}\r\n`;
    chunks.push(Buffer.from(`${head}\r\n`), Buffer.isBuffer(p.value) ? p.value : Buffer.from(p.value), Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}

/**
 * The real scanner behind a gate: each scan waits until `open()` (or until its abort signal fires),
 * then runs the real scan. Lets a test hold scan slots busy deterministically.
 */
export function gated(real: Scanner): { scanner: Scanner; open: () => void; started: () => number; signals: AbortSignal[] } {
  let release!: () => void;
  let gate = new Promise<void>((r) => (release = r));
  let count = 0;
  const signals: AbortSignal[] = [];
  const scanner: Scanner = {
    info: real.info,
    close: () => real.close(),
    async scan(bytes, options) {
      count++;
      if (options?.signal) signals.push(options.signal);
      await Promise.race([
        gate,
        new Promise<void>((r) => options?.signal?.addEventListener('abort', () => r(), { once: true })),
      ]);
      return real.scan(bytes, options);
    },
  };
  return {
    scanner,
    open: () => {
      release();
      gate = Promise.resolve();
    },
    started: () => count,
    signals,
  };
}
