// The service on a real listening socket on 127.0.0.1: capacity, slow clients, a real multipart upload.
import { connect } from 'node:net';
import { createScanner, type Scanner } from '@prepub/scanner';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runService, startServer } from '../src/index.ts';
import { TOKENS, auth, gated, sample } from './helpers.ts';

let scanner: Scanner;
beforeAll(async () => {
  scanner = await createScanner({ ocr: false });
});
afterAll(async () => {
  await scanner?.close();
});

const post = (url: string, body: string, type = 'text/plain') =>
  fetch(`${url}/v1/scan?filename=notice.txt`, { method: 'POST', headers: { ...auth(), 'content-type': type }, body });

/** Waits until the server has taken `n` scans into its slots. */
async function until(cond: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not reached');
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('capacity', () => {
  it('answers 503 with Retry-After beyond concurrency 1 and no queue, and recovers', async () => {
    const g = gated(scanner);
    const { app, url } = await startServer({ scanner: g.scanner, tokens: TOKENS, audit: false, concurrency: 1, queueSize: 0, quickSlots: 0, retryAfterSeconds: 7, port: 0 });
    try {
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const first = post(url, '关于召开2025年度工作会议的通知');
      await until(() => g.started() === 1);
      const second = await post(url, '会议纪要');
      expect(second.status).toBe(503);
      expect(second.headers.get('retry-after')).toBe('7');
      expect(await second.json()).toMatchObject({ error: { code: 'busy' }, publishAllowed: false });
      const metrics = await (await fetch(`${url}/metrics`)).text();
      expect(metrics).toMatch(/^prepub_scans_active 1$/m);
      expect(metrics).toMatch(/^prepub_queue_rejected_total 1$/m);
      g.open();
      const firstRes = await first;
      expect(firstRes.status).toBe(200);
      expect((await firstRes.json()).verdict).toBe('pass');
      const third = await post(url, '会议纪要');
      expect(third.status).toBe(200);
    } finally {
      g.open();
      await app.close();
    }
  });

  it('lets at most queueSize requests wait, answering the rest 503 at once', async () => {
    const g = gated(scanner);
    const { app, url } = await startServer({ scanner: g.scanner, tokens: TOKENS, audit: false, concurrency: 1, queueSize: 2, quickSlots: 0, port: 0 });
    try {
      const running = post(url, '一');
      await until(() => g.started() === 1);
      const waiting = [post(url, '二'), post(url, '三')];
      // Give the two waiters time to reach the queue.
      const end = Date.now() + 5000;
      let depth = '';
      while (Date.now() < end) {
        depth = /^prepub_queue_depth (\d+)$/m.exec(await (await fetch(`${url}/metrics`)).text())?.[1] ?? '';
        if (depth === '2') break;
        await new Promise((r) => setTimeout(r, 20));
      }
      expect(depth).toBe('2');
      const refused = await Promise.all([post(url, '四'), post(url, '五')]);
      expect(refused.map((r) => r.status)).toEqual([503, 503]);
      g.open();
      const done = await Promise.all([running, ...waiting]);
      expect(done.map((r) => r.status)).toEqual([200, 200, 200]);
    } finally {
      g.open();
      await app.close();
    }
  });
});

describe('slow clients', () => {
  /** Opens a raw connection, trickles `chunks` one every `everyMs`, resolves with how long until the server closed it. */
  function trickle(port: number, chunks: string[], everyMs: number): Promise<{ closedAfterMs: number; received: string }> {
    return new Promise((resolve, reject) => {
      const t0 = Date.now();
      let received = '';
      const sock = connect(port, '127.0.0.1');
      let i = 0;
      const timer = setInterval(() => {
        if (i < chunks.length && !sock.destroyed) sock.write(chunks[i++]);
      }, everyMs);
      sock.on('data', (d) => (received += d.toString()));
      sock.on('error', () => {});
      sock.on('close', () => {
        clearInterval(timer);
        resolve({ closedAfterMs: Date.now() - t0, received });
      });
      setTimeout(() => {
        clearInterval(timer);
        sock.destroy();
        reject(new Error('the server kept a slow client connected'));
      }, 15_000);
    });
  }

  it('cuts off a slow-loris client that never finishes its headers', async () => {
    const { app } = await startServer({ scanner, tokens: TOKENS, audit: false, port: 0, headersTimeoutMs: 1000, requestTimeoutMs: 1500, timeoutCheckIntervalMs: 200 });
    try {
      const port = (app.server.address() as { port: number }).port;
      const headerBytes = `POST /v1/scan HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${TOKENS.portal}\r\nX-Slow: ${'a'.repeat(200)}`.split('');
      const { closedAfterMs } = await trickle(port, headerBytes, 50);
      expect(closedAfterMs).toBeLessThan(5000);
      expect(closedAfterMs).toBeGreaterThanOrEqual(900);
    } finally {
      await app.close();
    }
  });

  it('cuts off a client that sends its body too slowly', async () => {
    const { app } = await startServer({ scanner, tokens: TOKENS, audit: false, port: 0, headersTimeoutMs: 1000, requestTimeoutMs: 1500, timeoutCheckIntervalMs: 200 });
    try {
      const port = (app.server.address() as { port: number }).port;
      const head = `POST /v1/scan?filename=a.txt HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${TOKENS.portal}\r\nContent-Type: text/plain\r\nContent-Length: 100000\r\n\r\n`;
      const { closedAfterMs, received } = await trickle(port, [head, ...Array.from({ length: 400 }, () => '会议')], 50);
      expect(closedAfterMs).toBeLessThan(6000);
      expect(received).not.toMatch(/HTTP\/1.1 200/);
    } finally {
      await app.close();
    }
  });
});

describe('abandoned requests', () => {
  it('aborts the scan when the client goes away and frees the slot', async () => {
    const g = gated(scanner);
    const { app, url } = await startServer({ scanner: g.scanner, tokens: TOKENS, audit: false, concurrency: 1, queueSize: 0, port: 0 });
    try {
      const port = (app.server.address() as { port: number }).port;
      const body = Buffer.from('关于召开年度工作会议的通知');
      const sock = connect(port, '127.0.0.1');
      sock.on('error', () => {});
      sock.write(`POST /v1/scan?filename=a.txt HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${TOKENS.portal}\r\nContent-Type: text/plain\r\nContent-Length: ${body.length}\r\n\r\n`);
      sock.write(body);
      await until(() => g.started() === 1);
      sock.destroy();
      await until(() => g.signals[0]?.aborted === true);
      // The aborted scan returns and its slot is free for the next request.
      g.open();
      const next = await post(url, '会议纪要');
      expect(next.status).toBe(200);
    } finally {
      g.open();
      await app.close();
    }
  });
});

describe('a real upload over the socket', () => {
  it('scans a multipart DOCX sent with fetch and FormData', async () => {
    const { app, url } = await startServer({ scanner, tokens: TOKENS, audit: false, port: 0 });
    try {
      const form = new FormData();
      form.append('file', new Blob([new Uint8Array(sample('docx/footer-marking.docx'))]), '2025年工作要点.docx');
      const res = await fetch(`${url}/v1/scan`, { method: 'POST', headers: auth('cms'), body: form });
      expect(res.status).toBe(200);
      const out = await res.json();
      expect(out.verdict).toBe('block');
      expect(out.result.document.filename).toBe('2025年工作要点.docx');
      expect(out.result.findings.some((f: { location: { role: string } }) => f.location.role === 'footer')).toBe(true);
    } finally {
      await app.close();
    }
  });
});

describe('runService', () => {
  it('starts on 127.0.0.1, serves, and stops on its signal', async () => {
    const stop = new AbortController();
    let out = '';
    let err = '';
    try {
      const done = runService(
        { port: 0, audit: false, tokens: { ops: TOKENS.portal }, concurrency: 1, scannerOptions: { ocr: false } },
        { out: (t: string) => (out += t), err: (t: string) => (err += t), signal: stop.signal },
      );
      await until(() => /listening on/.test(out) || err !== '', 20_000);
      const url = /listening on (\S+)/.exec(out)![1];
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect((await post(url, '关于召开年度工作会议的通知')).status).toBe(200);
      stop.abort();
      await done;
      // Without tokens it refuses to start.
      await expect(runService({ port: 0, audit: false, tokens: [] }, { out: () => {}, err: () => {} })).rejects.toThrow(/no API tokens/);
    } finally {
      stop.abort();
    }
  });
});
