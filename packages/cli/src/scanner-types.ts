/**
 * The scanner API the CLI builds on, re-exported in one place so the rest of the CLI does not care
 * where it comes from.
 */
export type { Scanner, ScannerOptions, ScanOptions } from '@prepub/scanner';
import type { Scanner, ScannerOptions } from '@prepub/scanner';

/** Builds a scanner; the real one is `createScanner` from `@prepub/scanner`. */
export type ScannerFactory = (options: ScannerOptions) => Scanner | Promise<Scanner>;

/** Loads the real scanner factory. Imported lazily so `prepub init`/`explain`/`--help` start fast. */
export async function loadScannerFactory(): Promise<ScannerFactory> {
  const mod = (await import('@prepub/scanner')) as { createScanner: ScannerFactory };
  return mod.createScanner;
}
