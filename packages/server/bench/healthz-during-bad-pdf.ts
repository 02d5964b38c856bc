/**
 * /healthz latency while the service reads a PDF that makes pdf.js work without end (form
 * XObjects painting each other 64^6 times, a pattern that paints itself, or nested q operators, which
 * the patched pdf.js reads in linear time), against
 * the idle baseline; `isolation` false shows the same without worker threads.
 * `pnpm tsx packages/server/bench/healthz-during-bad-pdf.ts [pool|inline] [bomb|cycle|depth of q nesting] [ms to keep polling after the answer]`. Prints one JSON object.
 */
import { nestedSavePdf, operatorBombPdf, patternCyclePdf } from '../../scanner/test/fixtures/pathological.ts';
import { startServer } from '../src/index.ts';
import { performance } from 'node:perf_hooks';

const mode = process.argv[2] ?? 'pool';
const which = process.argv[3] ?? 'bomb';
const bad = which === 'cycle' ? patternCyclePdf() : which === 'bomb' ? operatorBombPdf() : nestedSavePdf(Number(which));
const token = 'bench-secret-0123456789';
const { app, url } = await startServer({
  port: 0,
  tokens: { bench: token },
  audit: false,
  scanTimeoutMs: 20_000,
  scannerOptions: { ocr: false, limits: { fileTimeoutMs: 5000 }, isolation: mode === 'inline' ? false : { workers: 2, graceMs: 500 } },
});
const auth = { authorization: `Bearer ${token}` };
const health = async () => {
  const t0 = performance.now();
  await (await fetch(`${url}/healthz`)).json();
  return performance.now() - t0;
};
const stats = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const r = (v: number) => Math.round(v * 10) / 10;
  return { n: s.length, p50: r(s[Math.floor(s.length / 2)]), max: r(s[s.length - 1]) };
};
await fetch(`${url}/v1/scan?filename=w.txt`, { method: 'POST', headers: { ...auth, 'content-type': 'text/plain' }, body: '会议纪要' });
const idle: number[] = [];
for (let i = 0; i < 20; i++) idle.push(await health());
const t0 = performance.now();
const elu0 = performance.eventLoopUtilization();
const pending = fetch(`${url}/v1/scan?filename=bad.pdf`, { method: 'POST', headers: { ...auth, 'content-type': 'application/pdf' }, body: Buffer.from(bad) });
let done = false;
void pending.finally(() => (done = true));
const during: number[] = [];
while (!done) {
  during.push(await health());
  await new Promise((r) => setTimeout(r, 50));
}
const res = await pending;
// Share of the time the service's own thread was busy while the file was read.
const busy = Math.round(performance.eventLoopUtilization(elu0).utilization * 100) / 100;
// A reader abandoned at its time budget may still run in this process (isolation off): keep polling.
const afterMs = Number(process.argv[4] ?? 0);
const after: number[] = [];
for (const end = performance.now() + afterMs; performance.now() < end; ) {
  after.push(await health());
  await new Promise((r) => setTimeout(r, 50));
}
const body = (await res.json()) as { verdict?: string; result?: { coverage: { unread: Array<{ reason: string }> } }; error?: { code: string } };
console.log(JSON.stringify({ mode, pdf: which, idle: stats(idle), duringBadPdf: stats(during), ...(afterMs ? { afterAnswer: stats(after) } : {}), status: res.status, verdict: body.verdict, unread: body.result?.coverage.unread.map((u) => u.reason) ?? body.error?.code, requestMs: Math.round(performance.now() - t0), serviceThreadBusy: busy }));
await app.close();
