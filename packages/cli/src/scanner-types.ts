/**
 * The scanner API the CLI builds on, re-exported in one place so the rest of the CLI does not care
 * where it comes from.
 */
export type { Scanner, ScannerOptions, ScanOptions } from '../../scanner/src/api.ts';
import type { Scanner, ScannerOptions } from '../../scanner/src/api.ts';

/** Builds a scanner; the real one is `createScanner` from `@prepub/scanner`. */
export type ScannerFactory = (options: ScannerOptions) => Scanner | Promise<Scanner>;

/** Loads the real scanner factory. Imported lazily so `prepub init`/`explain`/`--help` start fast. */
export async function loadScannerFactory(): Promise<ScannerFactory> {
  const specifier = '@prepub/scanner';
  const mod = (await import(specifier)) as { createScanner: ScannerFactory };
  return mod.createScanner;
}
