/**
 * createScanner: wires extractors, OCR, dictionaries, segmentation and the engine core.
 * Construction loads and compiles everything once; `scan` is reusable across thousands of calls.
 * Every path that cannot read content records an UnreadItem, so nothing unread can pass.
 */
import { createHash } from 'node:crypto';
import {
  BUILTIN_DETECTORS,
  DEFAULT_LIMITS,
  decideVerdict,
  localizeResult,
  lossDetailRef,
  withDetailRef,
  resolvePolicy,
  textQualityLoss,
  copyPart,
  partLength,
  UnitArena,
  type Loss,
  type Coverage,
  type ImageRef,
  type Limits,
  type OcrEngine,
  type PartOrigin,
  type ScanError,
  type ScanResult,
  type TextPart,
  type UnreadItem,
  type AnalyzeOptions,
  type AnalyzeOutcome,
} from '@prepub/core';
import type { ExtractOutcome, PartSummary } from './extract.ts';
import { fileNamePart } from './file-name.ts';
import { ExtractionPool, WorkerDeath } from './pool.ts';
import type { ScanOptions, Scanner, ScannerOptions } from './api.ts';
import { BUNDLED_DICTIONARIES, parseDictionarySources, readDictionarySources, type LoadedDictionaries } from './dictionaries.ts';
import { cacheFile, readCompileCache, writeCompileCache } from './compile-cache.ts';
import { setupEngine, type EngineRecipe } from './engine-setup.ts';
import { loadPolicy } from './policy.ts';

interface Collected {
  /** The text still to check (parts checked where they were read are not here). */
  parts: TextPart[];
  /** Every part read, for the coverage. */
  covered: PartSummary[];
  /** The findings of a document checked in the worker that read it. */
  checked?: AnalyzeOutcome;
  unread: UnreadItem[];
  errors: ScanError[];
  images: { total: number; ocred: number };
  embedded: { total: number; scanned: number };
  format: string;
  mediaType: string;
  info?: Record<string, string | number | boolean>;
  /** Where files read in this thread decode their text: this scan's own until it is done. */
  unitMemory?: UnitArena;
  /**
   * Parts whose text quality is checked once their text has been analysed (the normalizer then
   * tells which hold no suspect unit, and those are not read again), and where in `unread` each
   * one's losses go, so the items stand in the order they would have been found.
   */
  qualityLater: Array<{ parts: readonly TextPart[]; where: string; container: string[]; at: number }>;
}

/**
 * Decoding memory of scans reading in the calling thread, kept for the next ones: at most this
 * many (one per scan in flight; more scans at once get fresh ones).
 */
const SPARE_UNIT_MEMORY = 4;

/** A loss an extractor counted (or a part's quality showed), as the unread item the verdict sees. */
function lossToUnread(loss: Loss, where: string, container: string[]): UnreadItem {
  const of = loss.total !== undefined ? ` of ${loss.total}` : '';
  return {
    where: container.length ? `${where} / ${loss.where}` : loss.where,
    reason: loss.reason ?? 'text-loss',
    detail: `${loss.detail} (${loss.kind}: ${loss.count}${of})`,
    detailRef: lossDetailRef(loss),
    origin: loss.origin ? withContainer(loss.origin, container) : undefined,
  };
}

function withContainer(origin: PartOrigin, container: string[]): PartOrigin {
  return container.length ? { ...origin, container: [...container, ...(origin.container ?? [])] } : origin;
}

/** A part read: text to check, and a line of the coverage. */
function addPart(into: Collected, part: TextPart): void {
  into.parts.push(part);
  into.covered.push({ id: part.id, role: part.role, chars: partLength(part), origin: part.origin });
}

export async function createScanner(options: ScannerOptions = {}): Promise<Scanner> {
  const limits: Limits = { ...DEFAULT_LIMITS, ...options.limits };
  // Untrusted parsers run in worker threads unless the caller turned isolation off.
  const isolation = options.isolation === true || options.isolation === undefined ? {} : options.isolation;
  const pool = isolation === false ? undefined : new ExtractionPool(isolation);
  // Workers asked for early load their modules while the dictionaries compile below.
  if (pool && isolation && isolation.eager) pool.warm();
  // Text is checked in the pool's workers too, so every core detects, not only the calling thread;
  // detectors passed in as functions cannot travel to a worker, so they keep the checking here.
  const analyseInPool = isolation !== false && isolation.analysis !== 'caller' && !options.detectors?.length;
  try {
    return await build(options, limits, analyseInPool ? pool : undefined, pool);
  } catch (e) {
    await pool?.close();
    throw e;
  }
}

/**
 * The readers' module, imported once per process and kept: an `import()` per file costs a module
 * resolution each time, and under a loader hook (tsx) a round trip to the hook thread (~10% of a
 * text file's scan).
 */
let readers: Promise<typeof import('./extract.ts')> | undefined;
const loadReaders = (): Promise<typeof import('./extract.ts')> => (readers ??= import('./extract.ts').catch((e: unknown) => {
    // A failed load is tried again by the next file, as before.
    readers = undefined;
    throw e;
  }));

async function build(options: ScannerOptions, limits: Limits, analysisPool: ExtractionPool | undefined, pool: ExtractionPool | undefined): Promise<Scanner> {
  // Checked against the published schema and the detectors' rule ids: a misspelled key or rule is
  // an error, not a setting that silently does nothing.
  const policyInput = await loadPolicy(options.policy, [...BUILTIN_DETECTORS, ...(options.detectors ?? [])]);
  const policy = resolvePolicy(policyInput);
  const sources = readDictionarySources(options.dictionaries ?? [BUNDLED_DICTIONARIES], options.dictionaryTexts ?? []);
  // Parsing the terms and building the automaton over them is what the cache saves (see compile-cache.ts).
  const cacheAt = options.compileCache ? cacheFile(options.compileCache, `${sources.digest}:${sources.sources.map((s) => (s.allow ? 'a' : 't')).join('')}`) : undefined;
  const cached = cacheAt ? readCompileCache(cacheAt) : undefined;
  const dicts: LoadedDictionaries = cached
    ? { terms: cached.terms, allow: cached.allow, version: sources.digest.slice(0, 12), sources: sources.sources.map((s) => s.name) }
    : parseDictionarySources(sources);
  const recipe: EngineRecipe = { terms: dicts.terms, allow: dicts.allow, policy: policyInput };
  // The engine itself is built here only when the text is checked here (see EngineRecipe). A cached
  // automaton is used only if it was built over exactly the triggers of these detectors.
  const setup = setupEngine(recipe, options.detectors ?? [], cached?.automaton);
  const { compiled, detectors } = setup;
  // Workers map the automaton this thread builds once instead of each building its own.
  analysisPool?.setRecipe(recipe, () => {
    const automaton = setup.sharedAutomaton();
    // Written after the first file has gone to its worker, not before.
    if (cacheAt && cached?.automaton?.key !== automaton.key) setImmediate(() => writeCompileCache(cacheAt, { terms: dicts.terms, allow: dicts.allow, automaton }));
    return automaton;
  });
  const mask = options.mask ?? true;
  const lang = options.lang ?? 'en';
  const ocrWanted = options.ocr !== false;
  /** Sniff + extractor for one file: in a pool worker, or here with `isolation: false`. */
  const read = (bytes: Uint8Array, opts: ScanOptions, owned: boolean, check: AnalyzeOptions | undefined, unitMemory: UnitArena | undefined): Promise<ExtractOutcome> => {
    const req = { filename: opts.filename, mediaType: opts.mediaType, password: opts.password, limits, render: ocrWanted };
    // The readers (and the format registry) are loaded here only without isolation: with it, only
    // the workers need them, and the calling thread starts without. A file's text is checked by
    // the worker that read it when the text is checked in the pool: one round trip, and the text
    // never crosses to this thread and back.
    const inWorker = check && analysisPool ? { options: check, ocr: ocrWanted } : undefined;
    return pool ? pool.extract(bytes, req, opts.signal, owned, inWorker) : loadReaders().then((m) => m.extractFile(bytes, { ...req, unitMemory }, opts.signal));
  };
  const spareUnitMemory: UnitArena[] = [];

  let ocr: OcrEngine | undefined = typeof options.ocr === 'object' && 'recognize' in options.ocr ? options.ocr : undefined;
  const ocrSettings = typeof options.ocr === 'object' && !('recognize' in options.ocr) ? options.ocr : {};
  let ocrLoadError: string | undefined;
  const getOcr = async (): Promise<OcrEngine | undefined> => {
    if (!ocrWanted) return undefined;
    if (ocr) return ocr;
    if (ocrLoadError) return undefined;
    try {
      const mod = (await import('@prepub/ocr' as string)) as { createOcrEngine: (o: object) => OcrEngine };
      ocr = mod.createOcrEngine({ maxPages: limits.maxPages, ...ocrSettings, pageTimeoutMs: ocrSettings.pageTimeoutMs ?? limits.pageTimeoutMs });
      return ocr;
    } catch (e) {
      ocrLoadError = (e as Error).message;
      return undefined;
    }
  };

  async function ocrImages(images: ImageRef[], into: Collected, container: string[], signal?: AbortSignal): Promise<void> {
    for (const image of images) {
      into.images.total++;
      const where = image.origin.page ? `page ${image.origin.page}` : image.origin.filePart ?? image.id;
      const engine = await getOcr();
      if (!engine) {
        into.unread.push({
          where,
          reason: 'ocr-unavailable',
          detail: ocrWanted ? `a picture was not read: OCR could not start (${ocrLoadError ?? 'unknown error'})` : 'a picture was not read: OCR is turned off',
          detailRef: ocrWanted ? { id: 'unread.detail.ocr-not-started', params: { message: ocrLoadError ?? 'unknown error' } } : { id: 'unread.detail.ocr-off', params: {} },
          origin: withContainer(image.origin, container),
        });
        continue;
      }
      try {
        const out = await engine.recognize(image, { signal, timeoutMs: limits.pageTimeoutMs });
        into.images.ocred++;
        for (const p of out.parts) addPart(into, { ...p, id: container.length ? `${container.join('/')}/${p.id}` : p.id, origin: withContainer(p.origin, container) });
        for (const u of out.unread) into.unread.push({ ...u, origin: withContainer(u.origin ?? image.origin, container) });
        for (const l of out.loss ?? []) into.unread.push(lossToUnread(l, container.join(' / '), container));
      } catch (e) {
        into.unread.push({ where, reason: 'ocr-failed', detail: `OCR failed: ${(e as Error).message}`, detailRef: { id: 'unread.detail.ocr-failed', params: { message: (e as Error).message } }, origin: withContainer(image.origin, container) });
      }
    }
  }

  /** Extracts one file (and, recursively, what it embeds) into `into`. */
  async function collect(bytes: Uint8Array, opts: ScanOptions, container: string[], depth: number, into: Collected, check?: AnalyzeOptions): Promise<void> {
    const where = container.length ? container.join(' / ') : 'file';
    if (bytes.length > limits.maxFileBytes) {
      into.unread.push({ where, reason: 'limit', detail: `${bytes.length} bytes is over the file size limit of ${limits.maxFileBytes} bytes`, detailRef: { id: 'unread.detail.file-too-large', params: { bytes: bytes.length, limit: limits.maxFileBytes } } });
      return;
    }
    let outcome: ExtractOutcome;
    try {
      // Embedded files' bytes are ours (copied back from the worker): they move without a copy.
      outcome = await read(bytes, opts, depth > 0 || opts.transfer === true, depth === 0 ? check : undefined, into.unitMemory);
    } catch (e) {
      if (!(e instanceof WorkerDeath)) throw e;
      into.unread.push({ where, reason: e.reason, detail: `not read: ${e.message}` });
      into.errors.push({ code: e.reason === 'aborted' ? 'aborted' : `worker-${e.reason}`, message: `${where}: ${e.message}` });
      return;
    }
    const sniffed = outcome.sniffed;
    if (depth === 0) {
      into.format = sniffed.format;
      into.mediaType = sniffed.mediaType;
    }
    if (outcome.kind === 'empty') {
      into.unread.push({ where, reason: 'empty', detail: 'the file is empty: there is nothing to review, and an empty upload is not a document', detailRef: { id: 'unread.detail.empty', params: {} } });
      return;
    }
    if (sniffed.format === 'truncated') {
      into.unread.push({ where, reason: 'corrupt', detail: sniffed.detail ?? 'the file is the start of a binary format cut short' });
      return;
    }
    if (outcome.kind === 'image') {
      // A picture has no reader to add its name (see fileNamePart): added here, before OCR.
      const named = fileNamePart(opts.filename);
      if (named) addPart(into, { ...named, id: container.length ? `${container.join('/')}/${named.id}` : named.id, origin: withContainer(named.origin, container), leading: false });
      if (outcome.metadata) addPart(into, { ...outcome.metadata, id: container.length ? `${container.join('/')}/${outcome.metadata.id}` : outcome.metadata.id, origin: withContainer(outcome.metadata.origin, container), leading: false });
      for (const loss of outcome.loss ?? []) into.unread.push(lossToUnread(loss, where, container));
      await ocrImages([{ id: 'image', bytes: outcome.bytes, mediaType: sniffed.mediaType, origin: { page: 1 } }], into, container, opts.signal);
      // A file stored after the picture's end (a polyglot) is scanned as a file of its own.
      for (const emb of outcome.embedded ?? []) {
        into.embedded.total++;
        if (depth + 1 > limits.maxNestingDepth) {
          into.unread.push({ where: `${where} / ${emb.name}`, reason: 'limit', detail: `an embedded file nested deeper than ${limits.maxNestingDepth} levels was not read`, detailRef: { id: 'unread.detail.nesting-limit', params: { depth: limits.maxNestingDepth } } });
          continue;
        }
        await collect(emb.bytes, { ...opts, filename: undefined }, [...container, emb.name], depth + 1, into);
        into.embedded.scanned++;
      }
      return;
    }
    if (outcome.kind === 'unsupported') {
      into.unread.push({ where, reason: 'unsupported-format', detail: outcome.detail });
      return;
    }
    if (outcome.kind === 'failed') {
      const { timedOut } = outcome;
      into.unread.push({
        where,
        reason: timedOut ? 'timeout' : outcome.aborted || opts.signal?.aborted ? 'aborted' : 'error',
        detail: timedOut ? `reading took longer than ${limits.fileTimeoutMs} ms` : `the ${sniffed.format} reader failed: ${outcome.message}`,
        detailRef: timedOut ? { id: 'unread.detail.timeout', params: { ms: limits.fileTimeoutMs } } : { id: 'unread.detail.reader-failed', params: { format: sniffed.format, message: outcome.message } },
      });
      into.errors.push({ code: timedOut ? 'timeout' : 'extractor-failed', message: `${where}: ${outcome.message}` });
      return;
    }
    const extraction = outcome.extraction;
    if (depth === 0) {
      into.format = extraction.format;
      into.mediaType = extraction.mediaType;
      into.info = extraction.info;
    }
    const prefix = container.length ? `${container.join('/')}/` : '';
    if (outcome.kind === 'checked') {
      // Checked where it was read (only ever the whole document: nothing embedded, no OCR text to join).
      into.checked = outcome.analysis;
      into.covered.push(...outcome.extraction.parts);
    } else {
      for (const p of outcome.extraction.parts) {
        // Not a spread: a part's text still to be built from its units stays so (see copyPart). An
        // embedded file keeps its parts' own `leading`: its first lines are the top of its pages
        // (an attachment, an archive's entry, an e-mail's HTML body), where a marking stands.
        addPart(into, copyPart(p, { id: prefix + p.id, origin: withContainer(p.origin, container), leading: p.leading }));
      }
    }
    for (const loss of extraction.loss ?? []) into.unread.push(lossToUnread(loss, where, container));
    // Whatever an extractor did not count, the text itself may show: decoding and mapping debris.
    if (outcome.kind === 'checked') {
      for (const loss of outcome.quality) if (loss) into.unread.push(lossToUnread(loss, where, container));
    } else into.qualityLater.push({ parts: outcome.extraction.parts, where, container, at: into.unread.length });
    for (const u of extraction.unread) into.unread.push({ ...u, where: container.length ? `${where} / ${u.where}` : u.where, origin: u.origin ? withContainer(u.origin, container) : undefined });
    // Without OCR the PDF reader does not draw what it would have drawn for OCR: each such page or
    // group of pictures comes back unread, and still counts as a picture met.
    if (!ocrWanted) into.images.total += extraction.unread.filter((u) => u.reason === 'ocr-unavailable').length;
    if (extraction.images?.length) await ocrImages(extraction.images, into, container, opts.signal);
    for (const emb of extraction.embedded ?? []) {
      into.embedded.total++;
      if (depth + 1 > limits.maxNestingDepth) {
        into.unread.push({ where: `${where} / ${emb.name}`, reason: 'limit', detail: `an embedded file nested deeper than ${limits.maxNestingDepth} levels was not read`, detailRef: { id: 'unread.detail.nesting-limit', params: { depth: limits.maxNestingDepth } } });
        continue;
      }
      await collect(emb.bytes, { ...opts, filename: emb.name }, [...container, emb.name], depth + 1, into);
      into.embedded.scanned++;
    }
  }

  return {
    info: { dictionaryVersion: dicts.version, policyVersion: policy.version, terms: compiled.size, detectors: detectors.map((d) => d.id) },
    async close() {
      const o = ocr;
      ocr = undefined;
      // Close the engine we started; an engine the caller passed in is the caller's to close.
      const callerOwned = typeof options.ocr === 'object' && 'recognize' in options.ocr;
      if (o && !callerOwned) await o.close();
      await pool?.close();
    },
    async scan(input: Uint8Array, opts: ScanOptions = {}): Promise<ScanResult> {
      const t0 = performance.now();
      // A plain Uint8Array view: some readers (pdf.js) refuse Node Buffers. No copy.
      const bytes = Buffer.isBuffer(input) ? new Uint8Array(input.buffer, input.byteOffset, input.byteLength) : input;
      const sha256 = createHash('sha256').update(bytes).digest('hex');
      // Taken now: with `transfer` the buffer is detached once a worker has it.
      const size = bytes.length;
      const analyseOptions: AnalyzeOptions = { mask, documentKey: sha256 };
      // Reading here, the text is decoded into memory reused from scan to scan; the parts read into
      // it are done with once checked below, and nothing of them is in the result.
      const unitMemory = pool ? undefined : (spareUnitMemory.pop() ?? new UnitArena(2 * 1024 * 1024));
      const into: Collected = { parts: [], covered: [], unread: [], errors: [], images: { total: 0, ocred: 0 }, embedded: { total: 0, scanned: 0 }, format: 'unknown', mediaType: 'application/octet-stream', unitMemory, qualityLater: [] };
      try {
        await collect(bytes, opts, [], 0, into, analyseOptions);
      } catch (e) {
        // Never let one file crash the caller; what could not be read is unread.
        into.errors.push({ code: 'internal', message: (e as Error).message });
        into.unread.push({ where: 'file', reason: 'error', detail: `scanning failed: ${(e as Error).message}`, detailRef: { id: 'unread.detail.scan-failed', params: { message: (e as Error).message } } });
      }
      if (opts.signal?.aborted && !into.unread.some((u) => u.reason === 'aborted')) into.unread.push({ where: 'file', reason: 'aborted', detail: 'the scan was cancelled before it finished', detailRef: { id: 'unread.detail.aborted', params: {} } });
      let findings: ScanResult['findings'] = [];
      try {
        // Not cancelled with the scan: what was read before a cancel is still checked (a partial
        // report shows its findings); the check is bounded by the file deadline instead.
        // A document checked where it was read brings its findings; any text gathered besides it is
        // checked here too, so no text is ever left unchecked whatever the worker chose to check.
        let out: AnalyzeOutcome = into.checked ?? { findings: [], failures: [] };
        if (!into.checked || into.parts.length) {
          const here = analysisPool ? await analysisPool.analyse(into.parts, analyseOptions, limits) : setup.engine().analyzeAll(into.parts, analyseOptions);
          out = { findings: [...out.findings, ...here.findings], failures: [...out.failures, ...here.failures], readings: [...(out.readings ?? []), ...(here.readings ?? [])] };
        }
        // Readings the engine checked besides the parts (a part as a bidirectional override draws it) are covered text too.
        if (out.readings?.length) into.covered.push(...out.readings);
        findings = out.findings;
        // One detector failing keeps everyone else's findings; the failure itself keeps the verdict from pass.
        for (const f of out.failures) into.errors.push({ code: 'detector-failed', message: `${f.detector} failed on ${f.part}: ${f.message}` });
      } catch (e) {
        // A worker that died checking (memory, deadline): the text was read but not checked.
        const reason = e instanceof WorkerDeath ? e.reason : undefined;
        into.errors.push({ code: reason === 'aborted' ? 'aborted' : 'detector-failed', message: (e as Error).message });
        if (reason) into.unread.push({ where: 'file', reason, detail: `the text was read but not checked: ${(e as Error).message}`, detailRef: { id: 'unread.detail.not-checked', params: { message: (e as Error).message } } });
      }
      // The text quality of the parts read in `collect` (see Collected.qualityLater), after their
      // analysis; in reverse, so each `at` still points where its part's items belong.
      for (let k = into.qualityLater.length - 1; k >= 0; k--) {
        const { parts, where, container, at } = into.qualityLater[k];
        const losses: UnreadItem[] = [];
        for (const p of parts) {
          const loss = textQualityLoss(p);
          if (loss) losses.push(lossToUnread(loss, where, container));
        }
        if (losses.length) into.unread.splice(at, 0, ...losses);
      }
      if (unitMemory) {
        into.parts = [];
        unitMemory.reset();
        if (spareUnitMemory.length < SPARE_UNIT_MEMORY) spareUnitMemory.push(unitMemory);
      }
      const active = findings.filter((f) => !f.suppressed);
      const { verdict, reasons } = decideVerdict(policy, active, into.unread, into.errors);
      const coverage: Coverage = {
        complete: into.unread.length === 0 && into.errors.length === 0,
        parts: into.covered,
        // Items the readers made carry English sentences; each gets its catalogue ref here.
        unread: into.unread.map(withDetailRef),
        images: into.images,
        embedded: into.embedded,
      };
      const result: ScanResult = {
        verdict,
        reasons,
        findings: active.filter((f) => f.severity !== 'info').concat(active.filter((f) => f.severity === 'info')),
        suppressed: findings.filter((f) => f.suppressed),
        coverage,
        errors: into.errors,
        document: { filename: opts.filename, format: into.format, mediaType: into.mediaType, size, sha256, info: into.info },
        policyVersion: policy.version,
        durationMs: Math.round((performance.now() - t0) * 10) / 10,
      };
      return lang === 'en' ? result : localizeResult(result, lang);
    },
  };
}
