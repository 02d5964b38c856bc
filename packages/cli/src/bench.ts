/**
 * `prepub bench <corpus>`: scans every file named in the `labels.json` files under a folder and
 * measures how often the verdict is right, per verdict and per rule, lists every miss and false
 * alarm with the reasons, and measures throughput. `--json` prints the measurements for tracking;
 * `--baseline` compares with an earlier `--json` run.
 */
import { readFile, readdir, stat, writeFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { t as tr, unreadDetail, type Finding, type Lang, type UnreadReason, type Verdict } from '@prepub/core';
import { useConfigLang } from './lang.ts';
import type { CliIo } from './io.ts';
import { UsageError, loadConfig } from './config.ts';
import { buildScannerOptions } from './options.ts';
import { scanInputs } from './run-scan.ts';
import type { Input } from './files.ts';
import type { FileReport } from '@prepub/report';
import { EXIT, TOOL_VERSION } from '@prepub/report';
import { createProgress, noProgress } from './progress.ts';
import type { Scanner } from './scanner-types.ts';
import type { ScannerFactory } from './scanner-types.ts';
import { locationText } from '@prepub/report';

/** Options of the bench command. */
export interface BenchFlags {
  json: boolean;
  output?: string;
  baseline?: string;
  dict: string[];
  policy?: string;
  config?: string;
  ocr: boolean;
  concurrency?: number;
  quiet: boolean;
  /** Tag names to break the results down by (`--by form,placement`); see {@link Label.tags}. */
  by?: string[];
  /** Most misses and false alarms listed one by one (`--max-list`); the counts are always given. */
  maxList?: number;
}

/** One expected finding from a labels file: a rule id plus location fields that must match. */
export interface ExpectedFinding {
  ruleId: string;
  role?: string;
  part?: string;
  page?: number;
  line?: number;
  paragraph?: number;
}

/** One labelled file. */
export interface Label {
  verdict: Verdict;
  accept?: Verdict[];
  findings?: ExpectedFinding[];
  note?: string;
  /**
   * Free-form facets of the file (`{ "form": "cn-star-years", "placement": "header" }`) that
   * `bench --by` groups the results by. A generated corpus uses them to report recall per form and
   * placement.
   */
  tags?: Record<string, string>;
}

/** A labels.json file. */
export interface LabelsFile {
  version: 1;
  files: Record<string, Label>;
}

/** The measured outcome for one file. */
export interface BenchFileResult {
  /** Path relative to the corpus folder. */
  path: string;
  expected: Verdict;
  accept: Verdict[];
  actual: Verdict;
  /** The actual verdict is the expected one or an accepted one. */
  ok: boolean;
  /** `miss` when less severe than expected, `false-alarm` when more severe. */
  kind?: 'miss' | 'false-alarm';
  missingFindings: ExpectedFinding[];
  /** Rule ids found (unsuppressed). */
  found: string[];
  reasons: string[];
  topFindings: Array<{ ruleId: string; severity: string; score: number; where: string; message: string }>;
  unread: Array<{ where: string; reason: string; detail: string }>;
  note?: string;
  tags?: Record<string, string>;
  bytes: number;
  pages: number;
  ocrPages: number;
  durationMs: number;
}

/** Precision, recall and counts. */
export interface PrecisionRecall {
  tp: number;
  fp: number;
  fn: number;
  precision: number | null;
  recall: number | null;
}

/** What `bench --json` prints. */
export interface BenchResult {
  version: 1;
  tool: { name: 'prepub'; version: string };
  corpus: string;
  date: string;
  files: BenchFileResult[];
  metrics: {
    files: number;
    correct: number;
    accuracy: number;
    /** confusion[expected][actual] */
    confusion: Record<Verdict, Record<Verdict, number>>;
    perVerdict: Record<Verdict, PrecisionRecall>;
    perCategory: Record<string, PrecisionRecall>;
    unreadFiles: number;
    /** Present when grouped (`--by`): one row per combination of the tag values. */
    groups?: BenchGroup[];
    throughput: {
      wallMs: number;
      bytes: number;
      pages: number;
      ocrPages: number;
      filesPerSec: number;
      mbPerSec: number;
      pagesPerSec: number | null;
      ocrPagesPerSec: number | null;
      p50FileMs: number;
      p95FileMs: number;
    };
  };
}

/**
 * One row of a `--by` breakdown. Files labelled block or review are "marked": `caught` counts those
 * whose verdict is not pass (the fail-safe measure), `right` those whose verdict the label accepts.
 * Files labelled pass are "clean": `passed` counts those that passed.
 */
export interface BenchGroup {
  key: Record<string, string>;
  marked: number;
  caught: number;
  right: number;
  clean: number;
  passed: number;
}

/** Groups file results by the values of the given tags (a missing tag groups as `-`). */
export function groupBench(files: BenchFileResult[], by: string[]): BenchGroup[] {
  const rows = new Map<string, BenchGroup>();
  for (const f of files) {
    const key = Object.fromEntries(by.map((k) => [k, f.tags?.[k] ?? '-']));
    const id = JSON.stringify(key);
    let g = rows.get(id);
    if (!g) rows.set(id, (g = { key, marked: 0, caught: 0, right: 0, clean: 0, passed: 0 }));
    if (f.expected === 'pass') {
      g.clean++;
      if (f.actual === 'pass') g.passed++;
    } else {
      g.marked++;
      if (f.actual !== 'pass') g.caught++;
      if (f.ok) g.right++;
    }
  }
  return [...rows.values()].sort((a, b) => {
    for (const k of by) if (a.key[k] !== b.key[k]) return a.key[k] < b.key[k] ? -1 : 1;
    return 0;
  });
}

/** Renders a `--by` breakdown: one line per group, then the totals. */
export function renderGroups(groups: BenchGroup[], by: string[]): string[] {
  const frac = (n: number, d: number) => (d ? `${((n / d) * 100).toFixed(1).padStart(5)}% ${`${n}/${d}`.padStart(9)}` : `${'—'.padStart(6)} ${''.padStart(9)}`);
  const label = (g: BenchGroup) => by.map((k) => g.key[k]).join(' × ');
  const w = Math.max(20, ...groups.map((g) => label(g).length));
  const L = [`by ${by.join(' × ')} (marked: labelled block/review; caught: not pass; right: verdict accepted; clean: labelled pass)`];
  L.push(`  ${'group'.padEnd(w)}  ${'caught'.padStart(16)}  ${'right'.padStart(16)}  ${'clean passed'.padStart(16)}`);
  const total: BenchGroup = { key: {}, marked: 0, caught: 0, right: 0, clean: 0, passed: 0 };
  for (const g of groups) {
    L.push(`  ${label(g).padEnd(w)}  ${frac(g.caught, g.marked)}  ${frac(g.right, g.marked)}  ${frac(g.passed, g.clean)}`);
    for (const k of ['marked', 'caught', 'right', 'clean', 'passed'] as const) total[k] += g[k];
  }
  L.push(`  ${'all'.padEnd(w)}  ${frac(total.caught, total.marked)}  ${frac(total.right, total.marked)}  ${frac(total.passed, total.clean)}`);
  return L;
}

const VERDICTS: Verdict[] = ['block', 'review', 'pass'];
const RANK: Record<Verdict, number> = { pass: 0, review: 1, block: 2 };

function isVerdict(v: unknown): v is Verdict {
  return v === 'block' || v === 'review' || v === 'pass';
}

/** Checks a parsed labels.json; throws {@link UsageError} naming the problem. */
export function validateLabels(raw: unknown, where: string): LabelsFile {
  const fail = (msg: string): never => {
    throw new UsageError(`${where}: ${msg}`);
  };
  if (typeof raw !== 'object' || raw === null) fail('not a JSON object');
  const o = raw as Record<string, unknown>;
  if (o.version !== 1) fail('"version" must be 1');
  if (typeof o.files !== 'object' || o.files === null || Array.isArray(o.files)) fail('"files" must be an object');
  for (const [name, l] of Object.entries(o.files as Record<string, unknown>)) {
    const label = l as Record<string, unknown>;
    if (typeof label !== 'object' || label === null) fail(`"${name}": must be an object`);
    if (!isVerdict(label.verdict)) fail(`"${name}": "verdict" must be block, review or pass`);
    if (label.accept !== undefined && !(Array.isArray(label.accept) && label.accept.every(isVerdict))) fail(`"${name}": "accept" must list verdicts`);
    if (label.findings !== undefined) {
      if (!Array.isArray(label.findings)) fail(`"${name}": "findings" must be an array`);
      for (const f of label.findings as unknown[]) {
        if (typeof f !== 'object' || f === null || typeof (f as { ruleId?: unknown }).ruleId !== 'string') fail(`"${name}": every finding needs a "ruleId"`);
      }
    }
    if (label.tags !== undefined) {
      const t = label.tags;
      if (typeof t !== 'object' || t === null || Array.isArray(t) || !Object.values(t).every((v) => typeof v === 'string')) fail(`"${name}": "tags" must map names to strings`);
    }
  }
  return o as unknown as LabelsFile;
}

/** Every labels.json under `root`, sorted. */
export async function findLabelFiles(root: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (dir: string) => {
    const entries = await readdir(dir, { withFileTypes: true });
    for (const e of entries) {
      if (e.name === 'node_modules' || e.name === '.git') continue;
      const p = path.join(dir, e.name);
      if (e.isDirectory()) await walk(p);
      else if (e.isFile() && e.name === 'labels.json') out.push(p);
    }
  };
  await walk(root);
  return out.sort();
}

/** Whether a finding satisfies an expected finding: same rule, and every location field given matches. */
export function matchesExpected(f: Finding, e: ExpectedFinding): boolean {
  if (f.ruleId !== e.ruleId) return false;
  const l = f.location;
  if (e.role !== undefined && l.role !== e.role) return false;
  if (e.part !== undefined && l.part !== e.part) return false;
  if (e.page !== undefined && l.page !== e.page) return false;
  if (e.line !== undefined && l.line !== e.line) return false;
  if (e.paragraph !== undefined && l.paragraph !== e.paragraph) return false;
  return true;
}

function pr(tp: number, fp: number, fn: number): PrecisionRecall {
  return { tp, fp, fn, precision: tp + fp ? tp / (tp + fp) : null, recall: tp + fn ? tp / (tp + fn) : null };
}

function numInfo(info: Record<string, string | number | boolean> | undefined, keys: string[]): number {
  for (const k of keys) {
    const v = info?.[k];
    if (typeof v === 'number' && Number.isFinite(v)) return v;
  }
  return 0;
}

function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** Scores scan reports against labels: the pure part of the bench, separated for testing. */
export function scoreBench(
  corpus: string,
  labelled: Array<{ rel: string; label: Label }>,
  reports: Array<{ report: FileReport; bytes: number }>,
  wallMs: number,
): BenchResult {
  const files: BenchFileResult[] = labelled.map(({ rel, label }, i) => {
    const { report, bytes } = reports[i];
    const accept = [label.verdict, ...(label.accept ?? [])];
    const ok = accept.includes(report.verdict);
    const missing = (label.findings ?? []).filter((e) => !report.findings.some((f) => matchesExpected(f, e)));
    const top = [...report.findings].sort((a, b) => RANK[b.severity === 'info' ? 'pass' : b.severity] - RANK[a.severity === 'info' ? 'pass' : a.severity] || b.score - a.score).slice(0, 3);
    return {
      path: rel,
      expected: label.verdict,
      accept,
      actual: report.verdict,
      ok,
      ...(ok ? {} : { kind: RANK[report.verdict] < RANK[label.verdict] ? ('miss' as const) : ('false-alarm' as const) }),
      missingFindings: missing,
      // Info-level findings were seen and judged harmless (a marking quoted as an example): they
      // count for no rule.
      found: [...new Set(report.findings.filter((f) => f.severity !== 'info').map((f) => f.ruleId))].sort(),
      reasons: report.reasons,
      topFindings: top.map((f) => ({ ruleId: f.ruleId, severity: f.severity, score: f.score, where: locationText(f.location), message: f.message })),
      unread: report.coverage.unread.map((u) => ({ where: u.where, reason: u.reason, detail: u.detail })),
      ...(label.note ? { note: label.note } : {}),
      ...(label.tags ? { tags: label.tags } : {}),
      bytes,
      pages: numInfo(report.document.info, ['pages', 'pageCount', 'numPages']),
      ocrPages: report.coverage.images.ocred,
      durationMs: report.durationMs,
    };
  });

  const confusion = Object.fromEntries(VERDICTS.map((e) => [e, Object.fromEntries(VERDICTS.map((a) => [a, 0]))])) as Record<Verdict, Record<Verdict, number>>;
  for (const f of files) confusion[f.expected][f.actual] += 1;

  // An accepted alternative counts as right: the effective expectation is then the actual verdict.
  const perVerdict = {} as Record<Verdict, PrecisionRecall>;
  for (const v of VERDICTS) {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    for (const f of files) {
      const expected = f.ok ? f.actual : f.expected;
      if (f.actual === v && expected === v) tp++;
      else if (f.actual === v) fp++;
      else if (expected === v) fn++;
    }
    perVerdict[v] = pr(tp, fp, fn);
  }

  // Per rule: recall over files whose labels expect the rule; a false positive is the rule found
  // in a file labelled pass (labels list findings "at least", so other unlisted finds are not counted).
  const rules = new Set<string>();
  for (const { label } of labelled) for (const e of label.findings ?? []) rules.add(e.ruleId);
  for (const f of files) for (const r of f.found) rules.add(r);
  const perCategory: Record<string, PrecisionRecall> = {};
  for (const rule of [...rules].sort()) {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    labelled.forEach(({ label }, i) => {
      const f = files[i];
      const expected = (label.findings ?? []).filter((e) => e.ruleId === rule);
      const found = f.found.includes(rule);
      if (expected.length) {
        if (f.missingFindings.some((m) => m.ruleId === rule)) fn++;
        else tp++;
      } else if (found && label.verdict === 'pass' && !(label.accept ?? []).length) fp++;
    });
    perCategory[rule] = pr(tp, fp, fn);
  }

  const bytes = files.reduce((s, f) => s + f.bytes, 0);
  const pages = files.reduce((s, f) => s + f.pages, 0);
  const ocrPages = files.reduce((s, f) => s + f.ocrPages, 0);
  const secs = Math.max(wallMs, 1) / 1000;
  const durations = files.map((f) => f.durationMs).sort((a, b) => a - b);
  const correct = files.filter((f) => f.ok).length;
  return {
    version: 1,
    tool: { name: 'prepub', version: TOOL_VERSION },
    corpus,
    date: new Date().toISOString(),
    files,
    metrics: {
      files: files.length,
      correct,
      accuracy: files.length ? correct / files.length : 1,
      confusion,
      perVerdict,
      perCategory,
      unreadFiles: files.filter((f) => f.unread.length > 0).length,
      throughput: {
        wallMs: Math.round(wallMs),
        bytes,
        pages,
        ocrPages,
        filesPerSec: files.length / secs,
        mbPerSec: bytes / 1024 / 1024 / secs,
        pagesPerSec: pages ? pages / secs : null,
        ocrPagesPerSec: ocrPages ? ocrPages / secs : null,
        p50FileMs: Math.round(percentile(durations, 50)),
        p95FileMs: Math.round(percentile(durations, 95)),
      },
    },
  };
}

/** Reads labels under `corpus`, scans the files with `scanner`, and scores them. */
export async function runBenchOnCorpus(
  corpus: string,
  scanner: Scanner,
  opts: { concurrency: number; maxFileBytes: number; onProgress?: (done: number, total: number, current?: string) => void },
): Promise<BenchResult> {
  const root = path.resolve(corpus);
  let st;
  try {
    st = await stat(root);
  } catch {
    throw new UsageError(`corpus folder not found: ${corpus}`);
  }
  if (!st.isDirectory()) throw new UsageError(`not a folder: ${corpus}`);
  const labelFiles = await findLabelFiles(root);
  if (!labelFiles.length) throw new UsageError(`no labels.json under ${corpus}`);
  const labelled: Array<{ rel: string; label: Label; abs: string }> = [];
  for (const lf of labelFiles) {
    let raw: unknown;
    try {
      raw = JSON.parse(await readFile(lf, 'utf8'));
    } catch (e) {
      throw new UsageError(`${path.relative(process.cwd(), lf)}: not valid JSON: ${(e as Error).message}`);
    }
    const labels = validateLabels(raw, path.relative(process.cwd(), lf));
    for (const [name, label] of Object.entries(labels.files)) {
      const abs = path.resolve(path.dirname(lf), name);
      labelled.push({ rel: path.relative(root, abs).split(path.sep).join('/'), label, abs });
    }
  }
  const inputs: Input[] = [];
  for (const l of labelled) {
    try {
      await stat(l.abs);
      inputs.push({ kind: 'file', path: l.abs, display: l.rel });
    } catch {
      inputs.push({ kind: 'missing', display: l.rel, code: 'ENOENT', message: `labelled file not found: ${l.rel}` });
    }
  }
  const t0 = performance.now();
  const byteCounts = new Array<number>(inputs.length).fill(0);
  let current = '';
  const reports = await scanInputs(scanner, inputs, {
    concurrency: opts.concurrency,
    maxFileBytes: opts.maxFileBytes,
    readStdin: async () => new Uint8Array(),
    onStart: (inp) => {
      current = inp.display;
    },
    onDone: (done, total, _report, bytes, i) => {
      byteCounts[i] = bytes;
      opts.onProgress?.(done, total, current);
    },
  });
  const wall = performance.now() - t0;
  return scoreBench(corpus, labelled, reports.map((report, i) => ({ report, bytes: byteCounts[i] })), wall);
}

const pct = (x: number | null) => (x === null ? '  —  ' : `${(x * 100).toFixed(1).padStart(5)}%`);

/** Renders the bench result for people. */
export function renderBench(r: BenchResult, baseline?: BenchResult, opts: { by?: string[]; maxList?: number; lang?: Lang } = {}): string {
  const m = r.metrics;
  const L: string[] = [];
  // The summary lines a person reads are in `lang`; the tables keep their machine words (verdicts, rule ids).
  const lang = opts.lang ?? 'en';
  L.push(tr(lang, 'bench.head', { corpus: r.corpus, files: m.files, correct: m.correct, accuracy: pct(m.accuracy).trim() }));
  L.push('');
  L.push('confusion matrix (rows: expected, columns: actual)');
  L.push(`  ${'expected'.padEnd(9)}${VERDICTS.map((v) => v.padStart(8)).join('')}`);
  for (const e of VERDICTS) L.push(`  ${e.padEnd(9)}${VERDICTS.map((a) => String(m.confusion[e][a]).padStart(8)).join('')}`);
  L.push('');
  L.push('per verdict          precision   recall   tp  fp  fn');
  for (const v of VERDICTS) {
    const p = m.perVerdict[v];
    L.push(`  ${v.padEnd(18)} ${pct(p.precision)}   ${pct(p.recall)} ${String(p.tp).padStart(4)}${String(p.fp).padStart(4)}${String(p.fn).padStart(4)}`);
  }
  const cats = Object.entries(m.perCategory);
  if (cats.length) {
    L.push('');
    L.push('per rule (recall over files labelled with it; false positives in files labelled pass)');
    const w = Math.max(18, ...cats.map(([k]) => k.length));
    L.push(`  ${'rule'.padEnd(w)}  precision   recall   tp  fp  fn`);
    for (const [k, p] of cats) L.push(`  ${k.padEnd(w)} ${pct(p.precision)}   ${pct(p.recall)} ${String(p.tp).padStart(4)}${String(p.fp).padStart(4)}${String(p.fn).padStart(4)}`);
  }
  const wrong = r.files.filter((f) => !f.ok);
  for (const kind of ['miss', 'false-alarm'] as const) {
    const list = wrong.filter((f) => f.kind === kind);
    if (!list.length) continue;
    L.push('');
    L.push(tr(lang, kind === 'miss' ? 'bench.misses' : 'bench.false-alarms', { count: list.length }));
    for (const f of list.slice(0, opts.maxList ?? list.length)) {
      L.push(`  ${tr(lang, 'bench.wrong-file', { path: f.path, expected: f.accept.join('/'), actual: f.actual, ...(f.note ? { note: f.note } : {}) })}`);
      for (const reason of f.reasons) L.push(`      ${tr(lang, 'bench.reason', { reason })}`);
      for (const t of f.topFindings) L.push(`      ${t.ruleId} ${t.severity} ${t.score.toFixed(2)} at ${t.where}: ${t.message}`);
    }
  }
  if (opts.maxList !== undefined) {
    const hidden = wrong.length - Math.min(opts.maxList, wrong.filter((f) => f.kind === 'miss').length) - Math.min(opts.maxList, wrong.filter((f) => f.kind === 'false-alarm').length);
    if (hidden > 0) L.push(`  … ${hidden} more not listed (--max-list ${opts.maxList}); --json lists every file`);
  }
  const missingF = r.files.filter((f) => f.missingFindings.length);
  if (missingF.length) {
    L.push('');
    L.push(`expected findings not found (${missingF.reduce((s, f) => s + f.missingFindings.length, 0)})`);
    for (const f of missingF) {
      for (const e of f.missingFindings) {
        const loc = Object.entries(e).filter(([k]) => k !== 'ruleId').map(([k, v]) => `${k}=${v}`).join(' ');
        L.push(`  ${f.path}: ${e.ruleId}${loc ? ` (${loc})` : ''}; found: ${f.found.join(', ') || 'nothing'}`);
      }
    }
  }
  const unread = r.files.filter((f) => f.unread.length);
  if (unread.length) {
    L.push('');
    L.push(tr(lang, 'bench.not-read', { count: unread.length }));
    for (const f of unread) for (const u of f.unread) L.push(`  ${f.path}: ${u.where} ${u.reason} — ${unreadDetail(lang, { reason: u.reason as UnreadReason, detail: u.detail })}`);
  }
  if (opts.by?.length && m.groups) L.push('', ...renderGroups(m.groups, opts.by));
  const t = m.throughput;
  L.push('');
  L.push(
    tr(lang, 'bench.throughput', {
      filesPerSec: t.filesPerSec.toFixed(2),
      mbPerSec: t.mbPerSec.toFixed(2),
      ...(t.pagesPerSec !== null ? { pagesPerSec: t.pagesPerSec.toFixed(2) } : {}),
      ...(t.ocrPagesPerSec !== null ? { ocrPagesPerSec: t.ocrPagesPerSec.toFixed(2) } : {}),
      wall: (t.wallMs / 1000).toFixed(1),
      p50: t.p50FileMs,
      p95: t.p95FileMs,
    }),
  );
  if (baseline) L.push('', ...renderComparison(r, baseline));
  return L.join('\n') + '\n';
}

/** Better/worse per file and per metric against a baseline run. */
export function renderComparison(now: BenchResult, base: BenchResult): string[] {
  const L: string[] = [`compared with baseline from ${base.date}`];
  const before = new Map(base.files.map((f) => [f.path, f]));
  let better = 0;
  let worse = 0;
  for (const f of now.files) {
    const b = before.get(f.path);
    if (!b) {
      L.push(`  new     ${f.path}: ${f.actual}${f.ok ? '' : ' (wrong)'}`);
      continue;
    }
    if (b.actual === f.actual && b.ok === f.ok) continue;
    const tag = f.ok && !b.ok ? 'better' : !f.ok && b.ok ? 'worse' : 'changed';
    if (tag === 'better') better++;
    if (tag === 'worse') worse++;
    L.push(`  ${tag.padEnd(7)} ${f.path}: ${b.actual} → ${f.actual} (expected ${f.accept.join('/')})`);
  }
  for (const b of base.files) if (!now.files.some((f) => f.path === b.path)) L.push(`  gone    ${b.path}`);
  L.push(`  files: ${better} better, ${worse} worse`);
  const metric = (name: string, a: number | null | undefined, b: number | null | undefined, higherIsBetter = true, fmt = (x: number) => `${(x * 100).toFixed(1)}%`) => {
    if (a === null || a === undefined || b === null || b === undefined) return;
    const d = a - b;
    const tag = Math.abs(d) < 1e-9 ? 'same' : (d > 0) === higherIsBetter ? 'better' : 'worse';
    L.push(`  ${name.padEnd(30)} ${fmt(b).padStart(9)} → ${fmt(a).padStart(9)}  ${tag}`);
  };
  L.push('  metric                          baseline        now');
  metric('accuracy', now.metrics.accuracy, base.metrics.accuracy);
  for (const v of VERDICTS) {
    metric(`${v} precision`, now.metrics.perVerdict[v].precision, base.metrics.perVerdict[v]?.precision);
    metric(`${v} recall`, now.metrics.perVerdict[v].recall, base.metrics.perVerdict[v]?.recall);
  }
  for (const [k, p] of Object.entries(now.metrics.perCategory)) {
    const b = base.metrics.perCategory[k];
    if (!b) continue;
    metric(`${k} recall`, p.recall, b.recall);
    metric(`${k} precision`, p.precision, b.precision);
  }
  const n2 = (x: number) => x.toFixed(2);
  metric('files/s', now.metrics.throughput.filesPerSec, base.metrics.throughput.filesPerSec, true, n2);
  metric('MB/s', now.metrics.throughput.mbPerSec, base.metrics.throughput.mbPerSec, true, n2);
  metric('pages/s', now.metrics.throughput.pagesPerSec, base.metrics.throughput.pagesPerSec, true, n2);
  metric('OCR pages/s', now.metrics.throughput.ocrPagesPerSec, base.metrics.throughput.ocrPagesPerSec, true, n2);
  metric('p95 ms per file', now.metrics.throughput.p95FileMs, base.metrics.throughput.p95FileMs, false, (x) => String(Math.round(x)));
  return L;
}

/** The bench command: exit 0 when every verdict is accepted, 1 otherwise, 3 on usage errors. */
export async function runBench(corpus: string, flags: BenchFlags, io: CliIo, factory: ScannerFactory): Promise<number> {
  const loaded = await loadConfig(io.cwd, flags.config);
  const lang = useConfigLang(loaded?.config.lang, io.env);
  const { options, limits } = await buildScannerOptions(io.cwd, loaded, { dict: flags.dict, policy: flags.policy, ocr: flags.ocr === false ? false : undefined });
  let baseline: BenchResult | undefined;
  if (flags.baseline) {
    try {
      baseline = JSON.parse(await readFile(path.resolve(io.cwd, flags.baseline), 'utf8')) as BenchResult;
    } catch (e) {
      throw new UsageError(`cannot read baseline ${flags.baseline}: ${(e as Error).message}`);
    }
    if (baseline.version !== 1 || !Array.isArray(baseline.files)) throw new UsageError(`${flags.baseline} is not a prepub bench --json result`);
  }
  let scanner: Scanner;
  try {
    // Reasons and messages of the listed files in the run's language.
    scanner = await factory({ ...options, lang });
  } catch (e) {
    io.stderr.write(`prepub: ${tr(lang, 'cli.scanner-not-started', { detail: (e as Error).message })}\n`);
    return EXIT.usage;
  }
  let progress = noProgress;
  const tty = !flags.quiet && io.stderr.isTTY === true;
  let result: BenchResult;
  try {
    result = await runBenchOnCorpus(path.resolve(io.cwd, corpus), scanner, {
      concurrency: flags.concurrency ?? loaded?.config.concurrency ?? 4,
      maxFileBytes: limits.maxFileBytes,
      onProgress: (done, total, current) => {
        if (tty && progress === noProgress) progress = createProgress(io.stderr, total);
        progress.start(current ?? '');
        progress.tick(done, total);
      },
    });
  } finally {
    progress.stop();
    await scanner.close().catch(() => undefined);
  }
  result.corpus = corpus;
  if (flags.by?.length) result.metrics.groups = groupBench(result.files, flags.by);
  const json = JSON.stringify(result, null, 2) + '\n';
  if (flags.output) {
    const out = path.resolve(io.cwd, flags.output);
    await mkdir(path.dirname(out), { recursive: true });
    await writeFile(out, json);
  }
  io.stdout.write(flags.json ? json : renderBench(result, baseline, { by: flags.by, maxList: flags.maxList, lang }));
  return result.files.every((f) => f.ok) ? EXIT.pass : EXIT.review;
}
