/**
 * Load test of the review service on 127.0.0.1 only: concurrent uploads of the mixed sample files,
 * then a scripted bad-input run. Bounded in time and count; stops by itself.
 *
 *   pnpm tsx bench/load.bench.ts [--duration 60] [--connections 16] [--concurrency 2] [--queue 4] [--ocr]
 *   pnpm tsx bench/load.bench.ts --mixed [--duration 60] [--pdf-connections 2] [--light-connections 2]
 *
 * Phase 1 runs as many connections as the service has slots and waiting places (every upload is
 * scanned); phase 2 runs --connections (more than capacity: the excess gets 503 at once). Prints
 * requests/s, p50/p99 latency, status counts (200, 503; anything else is an unexpected error), RSS
 * before and after, and exits 1 on unexpected errors or RSS growth over 25 % during phase 1.
 *
 * `--mixed` instead measures small uploads while PDFs are being read: --pdf-connections clients
 * (default: as many as scan slots) upload the sample PDFs one after another, and --light-connections
 * clients the text and DOCX samples; prints p50/p99/max latency per kind (pdf, text, docx).
 */
import { readdirSync, readFileSync, statSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join, extname } from 'node:path';
import { parseArgs } from 'node:util';
import { createScanner } from '@prepub/scanner';
import { startServer } from '../packages/server/src/index.ts';

// autocannon is a development dependency of the server package.
const requireFromServer = createRequire(new URL('../packages/server/package.json', import.meta.url));
interface AutocannonResult {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number; max: number; average: number };
  throughput: { average: number };
  statusCodeStats: Record<string, { count: number }>;
  errors: number;
  timeouts: number;
  non2xx: number;
  duration: number;
}
type Autocannon = ((opts: Record<string, unknown>) => Promise<AutocannonResult> & { stop: () => void }) & {
  track: unknown;
};
const autocannon = requireFromServer('autocannon') as Autocannon;

const { values: args } = parseArgs({
  options: {
    duration: { type: 'string', default: '60' },
    connections: { type: 'string', default: '16' },
    concurrency: { type: 'string', default: '2' },
    queue: { type: 'string', default: '4' },
    ocr: { type: 'boolean', default: false },
    'max-file-mb': { type: 'string', default: '5' },
    mixed: { type: 'boolean', default: false },
    'pdf-connections': { type: 'string' },
    'light-connections': { type: 'string', default: '2' },
  },
});

const samplesDir = new URL('../samples/', import.meta.url).pathname;
const maxFile = Number(args['max-file-mb']) * 1024 * 1024;
const files: Array<{ name: string; bytes: Buffer }> = [];
for (const folder of readdirSync(samplesDir)) {
  const dir = join(samplesDir, folder);
  if (!statSync(dir).isDirectory() || folder === 'scripts') continue;
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (!statSync(path).isFile() || name.endsWith('.json') || ['.ts', '.py', '.sh', '.md'].includes(extname(name))) continue;
    if (statSync(path).size > maxFile) continue;
    files.push({ name: `${folder}/${name}`, bytes: readFileSync(path) });
  }
}
if (files.length === 0) throw new Error('no sample files found under samples/');

const token = 'loadtest-secret-7c1d9e4f2a';
const dir = mkdtempSync(join(tmpdir(), 'prepub-load-'));
const scanner = await createScanner({ ocr: args.ocr });
const concurrency = Number(args.concurrency);
const queueSize = Number(args.queue);
const { app, url } = await startServer({
  scanner,
  tokens: { loadtest: token },
  audit: { sqlite: join(dir, 'audit.sqlite') },
  port: 0,
  host: '127.0.0.1',
  concurrency,
  queueSize,
  retryAfterSeconds: 1,
  maxBodyBytes: maxFile + 1024,
  headersTimeoutMs: 2000,
  // --mixed measures latency, however long it gets on a busy machine: no request is cut off.
  requestTimeoutMs: args.mixed ? 300_000 : 10_000,
});
if (!url.startsWith('http://127.0.0.1:')) throw new Error(`refusing to load anything but loopback: ${url}`);

const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;
const gc = (globalThis as { gc?: () => void }).gc;
const rss = () => {
  gc?.();
  return process.memoryUsage.rss();
};

let next = 0;
const requests = [
  {
    method: 'POST',
    path: '/v1/scan',
    setupRequest: (req: Record<string, unknown>) => {
      const f = files[next++ % files.length];
      return {
        ...req,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/octet-stream', 'x-filename': encodeURIComponent(f.name.split('/').pop()!) },
        body: f.bytes,
      };
    },
  },
];

async function run(seconds: number, connections: number): Promise<AutocannonResult> {
  const instance = autocannon({ url, connections, duration: seconds, requests, timeout: 30 });
  // Hard stop in case the run does not end by itself.
  const guard = setTimeout(() => instance.stop(), (seconds + 30) * 1000);
  try {
    return await instance;
  } finally {
    clearTimeout(guard);
  }
}

function summary(result: AutocannonResult) {
  const codes = Object.fromEntries(Object.entries(result.statusCodeStats).map(([k, v]) => [k, v.count]));
  const unexpected = Object.entries(codes).filter(([k]) => k !== '200' && k !== '503').reduce((n, [, c]) => n + c, 0) + result.errors + result.timeouts;
  return {
    durationS: result.duration,
    requests: result.requests.total,
    requestsPerSecond: Number(result.requests.average.toFixed(1)),
    scansPerSecond: Number(((codes['200'] ?? 0) / result.duration).toFixed(1)),
    latencyMs: { p50: result.latency.p50, p99: result.latency.p99, max: result.latency.max },
    statusCodes: codes,
    busy503: codes['503'] ?? 0,
    unexpectedErrors: unexpected,
  };
}

/** Latency of small uploads while PDFs are read: own clients (autocannon has no per-request kind). */
async function mixed(seconds: number, pdfClients: number, lightClients: number) {
  const kindOf = (name: string) => (name.endsWith('.pdf') ? 'pdf' : name.endsWith('.docx') ? 'docx' : 'text');
  const pdfs = files.filter((f) => kindOf(f.name) === 'pdf');
  // Texts and DOCX taken in turn, so both kinds are measured however few uploads a run makes.
  const texts = files.filter((f) => /\.(txt|md)$/.test(f.name));
  const docxs = files.filter((f) => f.name.endsWith('.docx'));
  const light = Array.from({ length: 2 * Math.max(texts.length, docxs.length) }, (_, i) => (i % 2 ? docxs[(i >> 1) % docxs.length] : texts[(i >> 1) % texts.length]));
  const latency: Record<string, number[]> = { pdf: [], text: [], docx: [] };
  const statuses: Record<string, Record<number, number>> = { pdf: {}, text: {}, docx: {} };
  const end = performance.now() + seconds * 1000;
  const client = async (list: typeof files, first: number) => {
    for (let i = first; performance.now() < end; i++) {
      const f = list[i % list.length];
      const kind = kindOf(f.name);
      const t0 = performance.now();
      const status = await fetch(`${url}/v1/scan`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/octet-stream', 'x-filename': encodeURIComponent(f.name.split('/').pop()!) },
        body: new Uint8Array(f.bytes),
      }).then(
        async (r) => (await r.arrayBuffer(), r.status),
        () => -1,
      );
      statuses[kind][status] = (statuses[kind][status] ?? 0) + 1;
      if (status === 200) latency[kind].push(performance.now() - t0);
    }
  };
  await Promise.all([
    ...Array.from({ length: pdfClients }, (_, i) => client(pdfs, i * 7)),
    // Light clients start a moment later, so the PDFs are already being read.
    ...Array.from({ length: lightClients }, (_, i) => new Promise((r) => setTimeout(r, 200)).then(() => client(light, i * 11))),
  ]);
  const pct = (xs: number[], q: number) => Math.round(xs.sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))] ?? NaN);
  return Object.fromEntries(
    Object.entries(latency).map(([kind, xs]) => [kind, { scanned: xs.length, p50Ms: pct(xs, 0.5), p99Ms: pct(xs, 0.99), maxMs: Math.round(Math.max(...xs)), statusCodes: statuses[kind] }]),
  );
}

if (args.mixed) {
  const pdfClients = Number(args['pdf-connections'] ?? concurrency);
  const lightClients = Number(args['light-connections']);
  await mixed(5, pdfClients, lightClients); // warm-up
  const out = await mixed(Number(args.duration), pdfClients, lightClients);
  console.log(JSON.stringify({ mixed: { pdfClients, lightClients, durationS: Number(args.duration), concurrency, queue: queueSize }, ...out }, null, 2));
  await app.close();
  await scanner.close();
  rmSync(dir, { recursive: true, force: true });
  const unexpected = Object.values(out).reduce((n, k) => n + Object.entries(k.statusCodes).filter(([c]) => c !== '200').reduce((m, [, c]) => m + c, 0), 0);
  if (unexpected) console.error(`${unexpected} uploads were not answered 200`);
  process.exit(unexpected ? 1 : 0);
}

const within = concurrency + queueSize;
const overload = Number(args.connections);
console.log(`prepub load test: ${files.length} sample files, concurrency ${concurrency}, queue ${queueSize}, OCR ${args.ocr ? 'on' : 'off'}, ${url}`);
await run(5, within); // warm-up: extractors, dictionaries and JIT settle
const rssBefore = rss();
// Phase 1: as many connections as slots + waiting places — every request should be scanned.
const steady = summary(await run(Number(args.duration), within));
const rssAfter = rss();
// Phase 2: more connections than capacity — the excess must get 503 at once, never a backlog.
const over = summary(await run(Math.min(20, Number(args.duration)), overload));
const unexpected = steady.unexpectedErrors + over.unexpectedErrors;
console.log(
  JSON.stringify(
    {
      [`steady (${within} connections)`]: steady,
      [`overload (${overload} connections)`]: over,
      rssBefore: mb(rssBefore),
      rssAfterSteady: mb(rssAfter),
      rssAfterOverload: mb(rss()),
    },
    null,
    2,
  ),
);

// Scripted bad input: every request must get its clear 4xx, and the service must stay healthy.
async function badInput(): Promise<Record<string, { expected: number; got: number[] }>> {
  const post = (path: string, init: RequestInit) => fetch(`${url}${path}`, { method: 'POST', ...init }).then(async (r) => (await r.arrayBuffer(), r.status));
  const auth = { authorization: `Bearer ${token}` };
  const cases: Record<string, { expected: number; run: () => Promise<number> }> = {
    'no token': { expected: 401, run: () => post('/v1/scan', { headers: { 'content-type': 'text/plain' }, body: '通知' }) },
    'wrong token': { expected: 401, run: () => post('/v1/scan', { headers: { authorization: 'Bearer nope-nope-nope-nope', 'content-type': 'text/plain' }, body: '通知' }) },
    'wrong content type': { expected: 415, run: () => post('/v1/scan', { headers: { ...auth, 'content-type': 'application/json' }, body: '{}' }) },
    oversized: { expected: 413, run: () => post('/v1/scan', { headers: { ...auth, 'content-type': 'text/plain' }, body: Buffer.alloc(maxFile + 4096, 0x41) }) },
    'malformed multipart': {
      expected: 400,
      run: () => post('/v1/scan', { headers: { ...auth, 'content-type': 'multipart/form-data; boundary=b' }, body: '--b\r\nContent-Disposition: form-data; name="f"; filename="a.txt"\r\n\r\nabc' }),
    },
    'invalid JSON review': { expected: 400, run: () => post('/v1/review', { headers: { ...auth, 'content-type': 'application/json' }, body: '{"title":' }) },
    'bad base64': { expected: 400, run: () => post('/v1/review', { headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify({ attachments: [{ content: '%%%' }] }) }) },
  };
  const out: Record<string, { expected: number; got: number[] }> = {};
  for (const [name, c] of Object.entries(cases)) {
    const got: number[] = [];
    for (let i = 0; i < 20; i++) got.push(await c.run().catch(() => -1));
    out[name] = { expected: c.expected, got: [...new Set(got)] };
  }
  return out;
}

function slowLoris(port: number, n: number): Promise<number> {
  // n connections that never finish their headers; counts how many the server cut off.
  return Promise.all(
    Array.from(
      { length: n },
      () =>
        new Promise<boolean>((resolve) => {
          const s = connect(port, '127.0.0.1');
          s.on('error', () => {});
          s.write('POST /v1/scan HTTP/1.1\r\nHost: 127.0.0.1\r\n');
          const drip = setInterval(() => s.write('X-A: b\r\n'), 300);
          const give = setTimeout(() => {
            clearInterval(drip);
            s.destroy();
            resolve(false);
          }, 8000);
          s.on('close', () => {
            clearInterval(drip);
            clearTimeout(give);
            resolve(true);
          });
        }),
    ),
  ).then((r) => r.filter(Boolean).length);
}

const bad = await badInput();
const port = (app.server.address() as { port: number }).port;
const cut = await slowLoris(port, 50);
const health = await fetch(`${url}/healthz`).then((r) => r.status);
const badOk = Object.values(bad).every((b) => b.got.length === 1 && b.got[0] === b.expected);
console.log(JSON.stringify({ badInput: bad, slowLorisCutOff: `${cut}/50`, healthAfter: health, rssEnd: mb(rss()) }, null, 2));

await app.close();
await scanner.close();
rmSync(dir, { recursive: true, force: true });

const growth = (rssAfter - rssBefore) / rssBefore;
const failures = [
  unexpected > 0 && `${unexpected} unexpected errors`,
  growth > 0.25 && `RSS grew ${(growth * 100).toFixed(0)} %`,
  !badOk && 'a bad input got the wrong status',
  cut < 50 && 'a slow-loris connection was kept open',
  health !== 200 && 'unhealthy after the bad-input run',
].filter(Boolean);
if (failures.length) {
  console.error(`FAILED: ${failures.join('; ')}`);
  process.exit(1);
}
console.log('load test passed');
