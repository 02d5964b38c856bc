import type { Limits, OcrEngine, ScanResult } from '@prepub/core';
import type { Detector, PolicyInput } from '@prepub/core';

/** Options for {@link createScanner}. Everything is loaded and compiled once, at construction. */
export interface ScannerOptions {
  /**
   * Dictionary files or folders (one term a line, see README "Dictionaries"). Defaults to the
   * repository's `dictionaries/` folder. Pass `[]` for none.
   */
  dictionaries?: string[];
  /** Extra dictionaries given as text (same format), e.g. from a config file or an HTTP request. */
  dictionaryTexts?: Array<{ name: string; text: string }>;
  /** Policy: thresholds, allowlist, waivers. A path to a policy JSON file or the object itself. */
  policy?: string | PolicyInput;
  /** Overrides of {@link DEFAULT_LIMITS}. */
  limits?: Partial<Limits>;
  /**
   * OCR for pictures and scanned pages. `true` (default) starts an offline tesseract.js pool lazily,
   * on the first image; `false` reports images as unread (never pass); or pass an engine.
   */
  ocr?: boolean | OcrEngine | { workers?: number; pageTimeoutMs?: number };
  /** Mask excerpts (default true): a reviewer sees where, not the secret itself. */
  mask?: boolean;
  /**
   * Extra detectors run beside the built-in ones (after them, before the dictionary's terms). Their
   * triggers join the one automaton pass; their `rules` document what they report.
   */
  detectors?: readonly Detector[];
}

/** Options for one {@link Scanner.scan} call. */
export interface ScanOptions {
  filename?: string;
  mediaType?: string;
  signal?: AbortSignal;
  /** Password for an encrypted PDF. */
  password?: string;
}

/** A scanner: build once, scan many. */
export interface Scanner {
  scan(bytes: Uint8Array, options?: ScanOptions): Promise<ScanResult>;
  /** Stops OCR workers. Scanning after close restarts them. */
  close(): Promise<void>;
  readonly info: { dictionaryVersion: string; policyVersion: string; terms: number; detectors: string[] };
}
