/**
 * The fail-open fuzz harness: mutates marked documents, scans each with the real scanner in a child
 * process, and checks the product's invariants on every answer:
 *
 *  - pass-intact     a marking whose bytes a mutation left whole must never pass;
 *  - pass-incomplete a pass must come with coverage.complete (nothing unread);
 *  - crash           scan() throws, the process dies, or the result carries an internal error;
 *  - json            the result does not survive JSON.stringify/parse;
 *  - deadline / hang the answer comes after the file deadline (+ slack) / never comes;
 *  - rss             the scanning process grows beyond the memory bound.
 *
 * Seeded and deterministic: input i of a run with seed S is the same on every machine, and its
 * recipe (seed file, mutation class, mutation seed) replays it alone.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { Rng, inputSeed, touches } from './bytes.ts';
import { MUTATIONS, PRESERVING, type Mutated, type Mutation } from './mutations.ts';
import { REPO, loadSeeds, type Seed } from './seeds.ts';
import type { ScanReply, ScanRequest } from './worker.ts';

export interface FuzzOptions {
  /** Number of inputs. */
  count: number;
  /** Run seed. */
  seed: number;
  /** Folder for violating inputs and their recipes (and summary.json); none when undefined. */
  out?: string;
  /** Turn OCR on (pictures and scans become seeds too). Default off. */
  ocr?: boolean;
  /** Scanner file deadline, ms (default 20,000); an answer later than this + 5 s is a violation. */
  fileTimeoutMs?: number;
  /** Bound on the scanning process's resident memory, MB (default 1,536). */
  maxRssMb?: number;
  /** Only these mutation classes. */
  only?: string[];
  /** Only seeds whose id contains one of these strings. */
  seeds?: string[];
  /** Only the inputs with these indices (a replay scans its one input, not the run up to it). */
  indices?: number[];
  /** Parallel scanning processes (default 1). */
  jobs?: number;
  log?: (line: string) => void;
}

export type ViolationKind = 'pass-intact' | 'pass-incomplete' | 'crash' | 'json' | 'deadline' | 'hang' | 'rss';

/** Everything needed to rebuild one input: `replay(recipe)` gives the same bytes. */
export interface Recipe {
  runSeed: number;
  index: number;
  seedId: string;
  mutation: string;
  mutationSeed: number;
  params: Record<string, unknown>;
  touched: Array<[number, number]>;
  /** True when no changed byte lies in a region that may carry the marking. */
  markingIntact: boolean;
}

export interface InputOutcome {
  recipe: Recipe;
  kind: Seed['kind'];
  verdict?: 'pass' | 'review' | 'block';
  complete?: boolean;
  ms?: number;
  rssMb?: number;
  unreadReasons?: string[];
  violations: Array<{ kind: ViolationKind; detail: string }>;
  reply?: ScanReply;
}

export interface ClassSummary {
  mutation: string;
  what: string;
  preserving: boolean;
  inputs: number;
  pass: number;
  review: number;
  block: number;
  /** Inputs with at least one violation. */
  violating: number;
  byKind: Partial<Record<ViolationKind, number>>;
}

export interface FuzzReport {
  options: { count: number; seed: number; ocr: boolean; fileTimeoutMs: number; maxRssMb: number };
  seeds: number;
  inputs: number;
  /** Inputs a class could not be applied to any seed for (not scanned). */
  notApplicable: number;
  classes: ClassSummary[];
  violations: InputOutcome[];
  maxRssMb: number;
  maxMs: number;
  wallMs: number;
}

const SLACK_MS = 5_000;

/** Rebuilds an input from its recipe. */
export function replay(recipe: Pick<Recipe, 'seedId' | 'mutation' | 'mutationSeed'>, seeds: Seed[]): { seed: Seed; mutated: Mutated } {
  const seed = seeds.find((s) => s.id === recipe.seedId);
  const mutation = MUTATIONS.find((m) => m.name === recipe.mutation);
  if (!seed || !mutation) throw new Error(`unknown seed ${recipe.seedId} or mutation ${recipe.mutation}`);
  const mutated = mutation.apply(seed, new Rng(recipe.mutationSeed));
  if (!mutated) throw new Error(`${recipe.mutation} does not apply to ${recipe.seedId}`);
  return { seed, mutated };
}

interface Planned {
  recipe: Recipe;
  seed: Seed;
  bytes: Uint8Array;
}

/** The inputs of a run: class i mod n, a seed of a format it applies to, up to 8 tries for one it can change. */
export function plan(options: Pick<FuzzOptions, 'count' | 'seed' | 'only'>, seeds: Seed[]): { inputs: Planned[]; notApplicable: number } {
  const classes = MUTATIONS.filter((m) => (!options.only?.length || options.only.includes(m.name)) && seeds.some((s) => m.kinds.includes(s.kind)));
  const inputs: Planned[] = [];
  let notApplicable = 0;
  for (let i = 0; i < options.count; i++) {
    const m = classes[i % classes.length];
    const base = inputSeed(options.seed, i);
    const pickRng = new Rng(base);
    const candidates = seeds.filter((s) => m.kinds.includes(s.kind));
    let done = false;
    for (let attempt = 0; attempt < 8 && !done; attempt++) {
      const seed = pickRng.pick(candidates);
      const mutationSeed = (base ^ Math.imul(attempt + 1, 0x2545f491)) >>> 0;
      const mutated = m.apply(seed, new Rng(mutationSeed));
      if (!mutated) continue;
      const markingIntact = !mutated.touched.some((r) => touches(r, seed.regions));
      inputs.push({
        recipe: { runSeed: options.seed, index: i, seedId: seed.id, mutation: m.name, mutationSeed, params: mutated.params, touched: mutated.touched, markingIntact },
        seed,
        bytes: mutated.bytes,
      });
      done = true;
    }
    if (!done) notApplicable++;
  }
  return { inputs, notApplicable };
}

function rssOf(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+)\s+kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Math.round(Number(m[1]) / 1024) : 0;
  } catch {
    return 0;
  }
}

/** One scanning child: started lazily, restarted after a crash or a kill. Also used by the peer benchmark. */
export class Lane {
  private child?: ChildProcess;
  private ready?: Promise<void>;
  constructor(private readonly env: NodeJS.ProcessEnv) {}

  private start(): Promise<void> {
    const child = fork(join(import.meta.dirname, 'worker.ts'), [], {
      cwd: REPO,
      execArgv: ['--import', 'tsx'],
      serialization: 'advanced',
      env: this.env,
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    });
    child.stderr?.resume();
    this.child = child;
    return new Promise((resolve, reject) => {
      const onMsg = (m: { ready?: boolean }) => {
        if (m.ready) {
          child.off('message', onMsg);
          resolve();
        }
      };
      child.on('message', onMsg);
      child.once('exit', (code) => reject(new Error(`scanner process exited with ${code} before it was ready`)));
    });
  }

  async scan(req: ScanRequest, hardMs: number): Promise<{ reply?: ScanReply; died?: string; hung?: boolean; peakRssMb: number }> {
    if (!this.child) this.ready = this.start();
    await this.ready;
    const child = this.child!;
    let peak = 0;
    return new Promise((resolve) => {
      const poll = setInterval(() => (peak = Math.max(peak, rssOf(child.pid!))), 100);
      const finish = (r: { reply?: ScanReply; died?: string; hung?: boolean }) => {
        clearInterval(poll);
        clearTimeout(timer);
        child.off('message', onMsg);
        child.off('exit', onExit);
        resolve({ ...r, peakRssMb: Math.max(peak, r.reply?.rssMb ?? 0) });
      };
      const onMsg = (m: ScanReply) => {
        if (m.index === req.index) finish({ reply: m });
      };
      const onExit = (code: number | null, signal: string | null) => {
        this.child = undefined;
        finish({ died: `the scanning process exited (code ${code}, signal ${signal})` });
      };
      const timer = setTimeout(() => {
        // Forget the child now: its exit event comes later and must not be blamed on the next input.
        this.child = undefined;
        child.kill('SIGKILL');
        finish({ hung: true });
      }, hardMs);
      child.on('message', onMsg);
      child.once('exit', onExit);
      child.send(req);
    });
  }

  close(): void {
    this.child?.kill('SIGKILL');
    this.child = undefined;
  }
}

function check(p: Planned, r: Awaited<ReturnType<Lane['scan']>>, fileTimeoutMs: number, maxRssMb: number): InputOutcome['violations'] {
  const v: InputOutcome['violations'] = [];
  if (r.hung) v.push({ kind: 'hang', detail: `no answer within ${fileTimeoutMs * 2 + SLACK_MS} ms; the process was killed` });
  if (r.died) v.push({ kind: 'crash', detail: r.died });
  if (r.peakRssMb > maxRssMb) v.push({ kind: 'rss', detail: `resident memory reached ${r.peakRssMb} MB (bound ${maxRssMb} MB)` });
  const reply = r.reply;
  if (!reply) return v;
  if (reply.thrown) v.push({ kind: 'crash', detail: `scan() threw: ${reply.thrown}` });
  for (const e of reply.errors ?? []) if (e.code === 'internal' || e.code === 'detector-failed') v.push({ kind: 'crash', detail: `${e.code}: ${e.message}` });
  if (reply.jsonError) v.push({ kind: 'json', detail: reply.jsonError });
  if (reply.ms > fileTimeoutMs + SLACK_MS) v.push({ kind: 'deadline', detail: `answered after ${reply.ms} ms (deadline ${fileTimeoutMs} ms + ${SLACK_MS} ms)` });
  if (reply.verdict === 'pass' && p.recipe.markingIntact) v.push({ kind: 'pass-intact', detail: `pass although the marking's bytes are intact (coverage.complete ${reply.complete})` });
  if (reply.verdict === 'pass' && !reply.complete) v.push({ kind: 'pass-incomplete', detail: 'pass although coverage.complete is false' });
  return v;
}

function extOf(seed: Seed): string {
  const m = /\.[a-z0-9]+$/i.exec(seed.filename);
  return m ? m[0] : '.bin';
}

/** Runs the harness and returns the report; writes violating inputs and summary.json to `out`. */
export async function runFuzz(options: FuzzOptions): Promise<FuzzReport> {
  const t0 = performance.now();
  const ocr = options.ocr ?? false;
  const fileTimeoutMs = options.fileTimeoutMs ?? 20_000;
  const maxRssMb = options.maxRssMb ?? 1536;
  const log = options.log ?? (() => {});
  const seeds = loadSeeds({ ocr, only: options.seeds });
  const planned = plan(options, seeds);
  const { notApplicable } = planned;
  const inputs = options.indices ? planned.inputs.filter((p) => options.indices!.includes(p.recipe.index)) : planned.inputs;
  const env = { ...process.env, PREPUB_FUZZ_OCR: ocr ? '1' : '0', PREPUB_FUZZ_FILE_TIMEOUT_MS: String(fileTimeoutMs) };
  const lanes = Array.from({ length: Math.max(1, options.jobs ?? 1) }, () => new Lane(env));
  const outcomes: InputOutcome[] = new Array(inputs.length);
  let next = 0;
  let done = 0;
  if (options.out) mkdirSync(options.out, { recursive: true });
  try {
    await Promise.all(
      lanes.map(async (lane) => {
        while (next < inputs.length) {
          const k = next++;
          const p = inputs[k];
          const r = await lane.scan({ index: p.recipe.index, filename: p.seed.filename, bytes: p.bytes }, fileTimeoutMs * 2 + SLACK_MS);
          const violations = check(p, r, fileTimeoutMs, maxRssMb);
          const o: InputOutcome = {
            recipe: p.recipe,
            kind: p.seed.kind,
            verdict: r.reply?.verdict,
            complete: r.reply?.complete,
            ms: r.reply?.ms,
            rssMb: r.peakRssMb,
            unreadReasons: [...new Set(r.reply?.unread?.map((u) => u.reason) ?? [])],
            violations,
            reply: violations.length ? r.reply : undefined,
          };
          outcomes[k] = o;
          if (violations.length && options.out) {
            const dir = join(options.out, p.recipe.mutation);
            mkdirSync(dir, { recursive: true });
            const stem = `${String(p.recipe.index).padStart(5, '0')}-${basename(p.seed.filename).replace(/\.[^.]*$/, '')}`;
            writeFileSync(join(dir, stem + extOf(p.seed)), p.bytes);
            writeFileSync(join(dir, `${stem}.recipe.json`), JSON.stringify({ ...o, file: stem + extOf(p.seed) }, null, 2));
          }
          done++;
          if (violations.length) log(`#${p.recipe.index} ${p.recipe.mutation} ${p.recipe.seedId}: ${r.reply?.verdict ?? '-'} — ${violations.map((v) => v.kind).join(', ')}`);
          if (done % 100 === 0) log(`${done}/${inputs.length} scanned, ${Math.round((performance.now() - t0) / 1000)} s`);
        }
      }),
    );
  } finally {
    for (const lane of lanes) lane.close();
  }
  const classes: ClassSummary[] = [];
  for (const m of MUTATIONS) {
    const mine = outcomes.filter((o) => o.recipe.mutation === m.name);
    if (!mine.length) continue;
    const byKind: ClassSummary['byKind'] = {};
    for (const o of mine) for (const k of new Set(o.violations.map((v) => v.kind))) byKind[k] = (byKind[k] ?? 0) + 1;
    classes.push({
      mutation: m.name,
      what: m.what,
      preserving: PRESERVING.includes(m as Mutation),
      inputs: mine.length,
      pass: mine.filter((o) => o.verdict === 'pass').length,
      review: mine.filter((o) => o.verdict === 'review').length,
      block: mine.filter((o) => o.verdict === 'block').length,
      violating: mine.filter((o) => o.violations.length).length,
      byKind,
    });
  }
  const report: FuzzReport = {
    options: { count: options.count, seed: options.seed, ocr, fileTimeoutMs, maxRssMb },
    seeds: seeds.length,
    inputs: outcomes.length,
    notApplicable,
    classes,
    violations: outcomes.filter((o) => o.violations.length),
    maxRssMb: Math.max(0, ...outcomes.map((o) => o.rssMb ?? 0)),
    maxMs: Math.max(0, ...outcomes.map((o) => o.ms ?? 0)),
    wallMs: Math.round(performance.now() - t0),
  };
  if (options.out) writeFileSync(join(options.out, 'summary.json'), JSON.stringify({ ...report, violations: report.violations.map((o) => ({ ...o, reply: undefined })) }, null, 2));
  return report;
}

/** The per-class table as text. */
export function formatReport(r: FuzzReport): string {
  const rows = [['class', 'keeps marking', 'inputs', 'pass', 'review', 'block', 'violating', 'violations']];
  for (const c of r.classes) {
    rows.push([
      c.mutation,
      c.preserving ? 'yes' : 'maybe',
      String(c.inputs),
      String(c.pass),
      String(c.review),
      String(c.block),
      String(c.violating),
      Object.entries(c.byKind)
        .map(([k, n]) => `${k} ${n}`)
        .join(', '),
    ]);
  }
  const widths = rows[0].map((_, i) => Math.max(...rows.map((row) => row[i].length)));
  const lines = rows.map((row) => row.map((cell, i) => cell.padEnd(widths[i])).join('  ').trimEnd());
  lines.push(
    '',
    `${r.inputs} inputs from ${r.seeds} seeds (seed ${r.options.seed}, OCR ${r.options.ocr ? 'on' : 'off'}), ${r.violations.length} violating, ` +
      `${r.notApplicable} not applicable; slowest ${r.maxMs} ms, peak RSS ${r.maxRssMb} MB, wall ${Math.round(r.wallMs / 1000)} s`,
  );
  return lines.join('\n');
}
