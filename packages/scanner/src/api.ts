import type { Limits, OcrEngine, ScanResult } from '@prepub/core';
import type { Detector, Lang, PolicyInput } from '@prepub/core';
import type { IsolationOptions } from './pool.ts';

/** Options for {@link createScanner}. Everything is loaded and compiled once, at construction. */
export interface ScannerOptions {
  /**
   * Dictionary files or folders (one term a line, see README "Dictionaries"). Defaults to the
   * repository's `dictionaries/` folder. Pass `[]` for none.
   */
  dictionaries?: string[];
  /** Extra dictionaries given as text (same format), e.g. from a config file or an HTTP request. */
  dictionaryTexts?: Array<{ name: string; text: string }>;
  /**
   * Policy: thresholds, allowlist, waivers, per-rule settings. The object itself, its JSON text
   * (starting with `{`) or the path of a JSON file. Checked against the published schema
   * (`@prepub/core/schema/policy.schema.json`) and the detectors' rule ids: an unknown key or rule
   * id, or a JSON syntax error, makes `createScanner` reject with a `PolicyError` naming the key
   * (and for text the file, line and column).
   */
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
   * Language of the result's person-readable texts, findings' `message` and `reasons` (default
   * `en`). Every finding also carries its message as an id (`messageRef`), so a report can render
   * the same result in the other language later (`localizeResult`, `localizeReport`).
   */
  lang?: Lang;
  /**
   * Extra detectors run beside the built-in ones (after them, before the dictionary's terms). Their
   * triggers join the one automaton pass; their `rules` document what they report.
   */
  detectors?: readonly Detector[];
  /**
   * A folder where what is compiled from the dictionaries (the parsed terms and the trigger
   * automaton over them, ~0.5 CPU-s for 10,000 terms) is kept between runs, keyed by the content of
   * the dictionaries and of prepub's code (`prepub scan` uses `$PREPUB_CACHE_DIR` or `~/.cache/prepub`).
   * Default: none, everything is compiled at construction. A damaged or foreign file is ignored.
   */
  compileCache?: string | false;
  /**
   * Where files are read (sniffing and the format readers: pdf.js, the DOCX reader, decoders).
   * Default `true`: in a pool of worker threads, one per core, each with a heap limit
   * (`maxOldGenerationMb`, default 1024) and a hard deadline (`limits.fileTimeoutMs` + `graceMs`).
   * A reader that runs out of memory, passes its deadline or crashes kills only its worker: that
   * file gets an unread item (`limit`, `timeout`, `crashed`) and every other file goes on.
   * An object sets the pool (see {@link IsolationOptions}); `false` reads in the calling thread,
   * for environments without worker threads (a runaway reader then stalls or kills the process).
   * OCR runs in its own tesseract.js workers either way.
   */
  isolation?: boolean | IsolationOptions;
}

/** Options for one {@link Scanner.scan} call. */
export interface ScanOptions {
  filename?: string;
  mediaType?: string;
  signal?: AbortSignal;
  /** Password for an encrypted PDF. */
  password?: string;
  /**
   * Hand the bytes over to the reader's worker thread instead of copying them (default false). The
   * caller's `ArrayBuffer` is detached afterwards: set this only when the bytes are not used again
   * and the view covers its whole buffer (otherwise they are copied once anyway).
   */
  transfer?: boolean;
}

/** A scanner: build once, scan many. */
export interface Scanner {
  scan(bytes: Uint8Array, options?: ScanOptions): Promise<ScanResult>;
  /** Stops OCR workers. Scanning after close restarts them. */
  close(): Promise<void>;
  readonly info: { dictionaryVersion: string; policyVersion: string; terms: number; detectors: string[] };
}
