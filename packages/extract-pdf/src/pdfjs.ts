/**
 * Loading pdf.js once, offline. The legacy build runs in Node 20; its worker module is loaded on
 * the main thread (pdf.js's documented `globalThis.pdfjsWorker` hook), so no worker file is
 * fetched and nothing touches the network. cMaps, standard fonts, wasm decoders and ICC profiles
 * are read from the installed package, found through module resolution at load time.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

/** The parts of pdf.js the extractor uses, with the data paths resolved. */
export interface PdfJsRuntime {
  pdfjs: typeof import('pdfjs-dist/legacy/build/pdf.mjs');
  /** Folder with the packed CMaps (trailing separator), so PDFs with non-embedded CJK fonts read. */
  cMapUrl: string;
  /** Folder with the standard 14 fonts' data (trailing separator). */
  standardFontDataUrl: string;
  /** Folder with the JPEG 2000 / JBIG2 wasm decoders. */
  wasmUrl: string;
  /** Folder with the ICC profiles for CMYK images. */
  iccUrl: string;
  /**
   * The installed pdf.js carries the repository's patch (patches/pdfjs-dist@5.6.205.patch): it
   * shares built-in data across documents and accepts `fontExtraProperties: 'summary'`. A package
   * installed elsewhere gets pdf.js as published, where only `true` exports the font facts needed.
   */
  patched: boolean;
}

let runtime: Promise<PdfJsRuntime> | undefined;

/**
 * A stand-in for the DOM document pdf.js adds the fonts it loads to, as CSS font faces. Without
 * one (Node) pdf.js must run with `disableFontFace`, and then compiles every glyph a page shows
 * into an outline and sends it over: about a tenth of the cost of reading a page, for outlines
 * only drawing uses. A document opened for reading gets this sink, whose style sheet takes the
 * font-face rules and drops them; pages drawn for OCR come from an opening with
 * `disableFontFace`. Text, positions and fonts' metrics are the same either way.
 */
export const FONT_FACE_SINK = Object.freeze({
  createElement: () => ({ sheet: { insertRule: () => 0, cssRules: [] }, style: {}, append() {}, remove() {} }),
  documentElement: { getElementsByTagName: () => [{ append() {} }] },
  body: { append() {} },
}) as unknown as Document;

/**
 * Built-ins the legacy build's core-js polyfills replace although Node 20 has them natively, to
 * cover edge cases pdf.js does not rely on (array lengths beyond 2^32, JSON source-text access).
 * The replacements are plain JavaScript and apply process-wide: measured, they made every
 * `Array.prototype.push` and `JSON.parse` in the process several times slower. We put the native
 * functions back once pdf.js is loaded; polyfills that add missing features are left alone.
 */
const NATIVE_BUILTINS: Array<[object, PropertyKey]> = [
  [Array.prototype, 'push'],
  [JSON, 'parse'],
  [JSON, 'stringify'],
  [Function.prototype, 'toString'],
];

function captureNatives(): Array<[object, PropertyKey, PropertyDescriptor]> {
  const out: Array<[object, PropertyKey, PropertyDescriptor]> = [];
  const toString = Function.prototype.toString;
  for (const [target, key] of NATIVE_BUILTINS) {
    const d = Object.getOwnPropertyDescriptor(target, key);
    if (d && typeof d.value === 'function' && toString.call(d.value).includes('[native code]')) out.push([target, key, d]);
  }
  return out;
}

function restoreNatives(natives: Array<[object, PropertyKey, PropertyDescriptor]>): void {
  for (const [target, key, d] of natives) {
    const now = Object.getOwnPropertyDescriptor(target, key);
    if (now?.value !== d.value && (now?.configurable ?? true)) Object.defineProperty(target, key, d);
  }
}

/**
 * The URL pdf.js's legacy build file is imported from. When the TypeScript sources run under tsx
 * (the command in this repository, tests, a reading worker started from the sources), tsx's module
 * hook rewrites every module that contains `import(` and appends a source map of its rewrite:
 * for pdf.js's 2.3 MB worker file that took ~6 s of CPU and left ~300 MB resident in each reading
 * worker, for a file that needs no transform. tsx leaves a module alone when its URL names a tsx
 * namespace other than its own; Node ignores the query. Built packages run without tsx, where
 * this changes nothing.
 */
export function untransformed(root: string, file: string): string {
  return `${pathToFileURL(path.join(root, 'legacy', 'build', file)).href}?tsx-namespace=prepub-untransformed`;
}

/** Returns the loaded pdf.js runtime; the first call imports it. */
export function loadPdfJs(): Promise<PdfJsRuntime> {
  runtime ??= (async () => {
    const require = createRequire(import.meta.url);
    const root = path.dirname(require.resolve('pdfjs-dist/package.json')) + path.sep;
    const natives = captureNatives();
    // Source maps (turned on by tsx when the sources run) would make Node parse and keep pdf.js's
    // own maps (8 MB of JSON, ~35 MB of heap per thread) for stack traces inside pdf.js only.
    const maps = process.sourceMapsEnabled;
    process.setSourceMapsEnabled(false);
    let pdfjs: PdfJsRuntime['pdfjs'];
    let worker: { setNodeSpeedups?: unknown } | undefined;
    try {
      pdfjs = (await import(untransformed(root, 'pdf.mjs'))) as PdfJsRuntime['pdfjs'];
      const g = globalThis as { pdfjsWorker?: unknown };
      if (g.pdfjsWorker === undefined) g.pdfjsWorker = await import(untransformed(root, 'pdf.worker.mjs'));
      worker = g.pdfjsWorker as typeof worker;
    } finally {
      process.setSourceMapsEnabled(maps);
    }
    restoreNatives(natives);
    return {
      pdfjs,
      cMapUrl: path.join(root, 'cmaps') + path.sep,
      standardFontDataUrl: path.join(root, 'standard_fonts') + path.sep,
      wasmUrl: path.join(root, 'wasm') + path.sep,
      iccUrl: path.join(root, 'iccs') + path.sep,
      patched: typeof worker?.setNodeSpeedups === 'function',
    };
  })();
  runtime.catch(() => {
    runtime = undefined;
  });
  return runtime;
}
