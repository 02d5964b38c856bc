/**
 * The service's event loop never runs a reader: while a PDF that freezes pdf.js is being read,
 * /healthz answers as fast as before (bounded relative to a baseline measured in the same test),
 * the request itself gets an answer (review, the file unread) and an audit record. A real
 * listening server, the real scanner with its worker pool, real pdf.js.
 */
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { SqliteAuditStore } from '@prepub/audit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer } from '../src/index.ts';
import { operatorBombPdf, patternCyclePdf } from '../../scanner/test/fixtures/pathological.ts';
import { TOKENS, auth, tempDir } from './helpers.ts';

let audit: SqliteAuditStore;
let app: Awaited<ReturnType<typeof startServer>>['app'];
let url: string;

beforeAll(async () => {
  audit = new SqliteAuditStore(join(tempDir(), 'audit.sqlite'));
  ({ app, url } = await startServer({
    port: 0,
    tokens: TOKENS,
    audit,
    // A short file budget so the test is quick; the same path runs at the default 300 s.
    scannerOptions: { ocr: false, limits: { fileTimeoutMs: 3000 }, isolation: { workers: 2, graceMs: 500, maxOldGenerationMb: 96, preload: [] } },
  }));
});
afterAll(async () => {
  await app?.close();
  await audit?.close();
});

async function healthLatency(): Promise<number> {
  const t0 = performance.now();
  const res = await fetch(`${url}/healthz`);
  expect(res.status).toBe(200);
  await res.json();
  return performance.now() - t0;
}

const postPdf = (bytes: Uint8Array, name: string) =>
  fetch(`${url}/v1/scan?filename=${name}`, { method: 'POST', headers: { ...auth(), 'content-type': 'application/pdf' }, body: Buffer.from(bytes) });

describe('a PDF that freezes its reader', () => {
  it.each([
    // The deadline, or the heap limit where the strict content check of a stream this deep gets there first.
    ['form XObjects that paint each other 64^6 times (never ends: deadline)', () => operatorBombPdf(), 'operator-bomb.pdf', ['timeout', 'limit']],
    // Whichever comes first on a busy machine: the heap limit or the 3.5 s deadline.
    ['a pattern that paints itself (the operator list grows)', () => patternCyclePdf(), 'cycle.pdf', ['limit', 'timeout']],
  ])('%s: /healthz keeps answering, the request gets review and an audit record', async (_name, make, name, reasons) => {
    // Baseline: the service idle (and warm: one scan first so the pool is up).
    const warm = await fetch(`${url}/v1/scan?filename=warm.txt`, { method: 'POST', headers: { ...auth(), 'content-type': 'text/plain' }, body: '会议纪要' });
    expect(warm.status).toBe(200);
    const baseline: number[] = [];
    for (let i = 0; i < 10; i++) baseline.push(await healthLatency());
    const base = Math.max(...baseline);

    const elu0 = performance.eventLoopUtilization();
    const pending = postPdf(make(), name);
    let finished = false;
    void pending.finally(() => (finished = true));
    const during: number[] = [];
    while (!finished) {
      during.push(await healthLatency());
      await new Promise((r) => setTimeout(r, 50));
    }
    const res = await pending;
    // The service's thread was mostly idle while the file was read: the reader ran elsewhere
    // (read in this thread, pdf.js keeps it about half busy on these files, measured).
    expect(performance.eventLoopUtilization(elu0).utilization).toBeLessThan(0.35);
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.verdict).toBe('review');
    expect(body.publishAllowed).toBe(false);
    const unread = body.result.coverage.unread.map((u: { reason: string }) => u.reason);
    expect(unread).toHaveLength(1);
    expect(reasons).toContain(unread[0]);
    // Polled throughout the bad read, never slower than a generous multiple of the idle baseline.
    expect(during.length).toBeGreaterThan(5);
    expect(Math.max(...during)).toBeLessThan(Math.max(250, 10 * base));
    // On the audit trail, with what was not read and why.
    const shown = await (await fetch(`${url}/v1/audit/${body.auditId}`, { headers: auth() })).json();
    expect(shown.record).toMatchObject({ verdict: 'review', filename: name });
    expect(shown.record.unread.map((u: { reason: string }) => u.reason)).toEqual(unread);
    // The service goes on.
    const after = await fetch(`${url}/v1/scan?filename=notice.txt`, { method: 'POST', headers: { ...auth(), 'content-type': 'text/plain' }, body: '000012\n机密★5年\n特急\n' });
    expect((await after.json()).verdict).toBe('block');
  }, 120_000);
});

describe('a request past the service deadline', () => {
  it('is answered 504 and still recorded on the audit trail (review, unread timeout); its worker is stopped', async () => {
    const trail = new SqliteAuditStore(join(tempDir(), 'audit.sqlite'));
    const started = await startServer({
      port: 0,
      tokens: TOKENS,
      audit: trail,
      scanTimeoutMs: 3000,
      scannerOptions: { ocr: false, isolation: { workers: 2, preload: [] } },
    });
    try {
      // Warm: both workers up, so the deadline below measures reading, not start-up.
      // (Start-up can itself take longer than this short deadline on a loaded machine: retry until warm.)
      const warmOnce = () => fetch(`${started.url}/v1/scan?filename=w.txt`, { method: 'POST', headers: { ...auth(), 'content-type': 'text/plain' }, body: '会议纪要' }).then((r) => r.status);
      for (let i = 0; i < 10 && (await Promise.all([warmOnce(), warmOnce()])).some((st) => st !== 200); i++);
      expect(await Promise.all([warmOnce(), warmOnce()])).toEqual([200, 200]);
      const res = await fetch(`${started.url}/v1/scan?filename=operator-bomb.pdf`, { method: 'POST', headers: { ...auth(), 'content-type': 'application/pdf' }, body: Buffer.from(operatorBombPdf()) });
      expect(res.status).toBe(504);
      const body = await res.json();
      expect(body).toMatchObject({ error: { code: 'deadline' }, publishAllowed: false });
      expect(typeof body.auditId).toBe('number');
      const shown = await trail.show(body.auditId);
      expect(shown?.record).toMatchObject({ kind: 'scan', verdict: 'review', filename: 'operator-bomb.pdf' });
      expect(shown?.record.unread).toMatchObject([{ where: 'operator-bomb.pdf', reason: 'timeout' }]);
      // The service goes on (the stopped worker is replaced; the other one is free).
      const next = await fetch(`${started.url}/v1/scan?filename=n.txt`, { method: 'POST', headers: { ...auth(), 'content-type': 'text/plain' }, body: '000012\n机密★5年\n特急\n' });
      expect(next.status).toBe(200);
      expect((await next.json()).verdict).toBe('block');
    } finally {
      await started.app.close();
      await trail.close();
    }
  }, 60_000);
});
