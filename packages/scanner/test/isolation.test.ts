/**
 * Isolation: readers run in worker threads, so a file that makes its reader loop, recurse or
 * allocate without end takes down its worker, never the scanner; the file is unread, the others
 * are read, and the event loop of the caller stays free. Real pdf.js on generated PDFs.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { createScanner, type Scanner, type ScanResult } from '@prepub/scanner';
import { operatorBombPdf, patternCyclePdf } from './fixtures/pathological.ts';

const enc = (s: string) => new TextEncoder().encode(s);
const NOTICE = enc('000012\n机密★5年\n特急\n\n江临市保密局文件\n关于做好年度保密检查工作的通知\n');
const SAMPLES = fileURLToPath(new URL('../../../samples/', import.meta.url));

const open: Scanner[] = [];
async function scannerWith(options: Parameters<typeof createScanner>[0]): Promise<Scanner> {
  const s = await createScanner({ ocr: false, ...options });
  open.push(s);
  return s;
}
afterAll(async () => {
  await Promise.all(open.map((s) => s.close()));
});

/** Longest pause of this thread's event loop while `work` runs (a 20 ms timer's lateness). */
async function maxStall<T>(work: Promise<T>): Promise<{ value: T; stallMs: number }> {
  let last = performance.now();
  let worst = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    worst = Math.max(worst, now - last - 20);
    last = now;
  }, 20);
  try {
    return { value: await work, stallMs: worst };
  } finally {
    clearInterval(timer);
  }
}

const reasons = (r: ScanResult) => r.coverage.unread.map((u) => u.reason);

describe('a reader past its deadline', () => {
  it('is terminated: the file is unread (timeout), the caller never stalls, the next file is read', async () => {
    const s = await scannerWith({ limits: { fileTimeoutMs: 1500 }, isolation: { workers: 1, graceMs: 500, preload: [] } });
    // Warm the worker first so the stall measured below is the bad file's, not start-up's.
    expect((await s.scan(NOTICE, { filename: 'warm.txt' })).verdict).toBe('block');
    const t0 = performance.now();
    const { value: r, stallMs } = await maxStall(s.scan(operatorBombPdf(), { filename: 'operator-bomb.pdf' }));
    const took = performance.now() - t0;
    expect(r.verdict).not.toBe('pass');
    expect(reasons(r)).toEqual(['timeout']);
    // Either the worker is terminated at the hard deadline, or pdf.js yields just after the file's
    // time limit and the reader reports the page unfinished itself.
    // Either way the file is unread (timeout), and not before its time limit.
    expect(r.coverage.unread[0].detail).toMatch(/terminated|file time limit ran out/);
    // The caller's event loop is never held by the read.
    expect(stallMs).toBeLessThan(500);
    expect(took).toBeGreaterThanOrEqual(1400);
    expect(took).toBeLessThan(15_000);
    // The pool replaced the worker: the next file is read as usual.
    const next = await s.scan(NOTICE, { filename: 'notice.txt' });
    expect(next.verdict).toBe('block');
    expect(next.coverage.complete).toBe(true);
  });
});

describe('a reader over its memory limit', () => {
  it('is stopped: the file is unread (limit) with a sentence, and the files around it are read', async () => {
    const s = await scannerWith({ limits: { fileTimeoutMs: 90_000 }, isolation: { workers: 2, maxOldGenerationMb: 96, preload: [] } });
    const results = await Promise.all([
      s.scan(NOTICE, { filename: 'a.txt' }),
      s.scan(patternCyclePdf(), { filename: 'cycle.pdf' }),
      s.scan(NOTICE, { filename: 'b.txt' }),
    ]);
    const [a, bad, b] = results;
    expect(bad.verdict).toBe('review');
    expect(reasons(bad)).toEqual(['limit']);
    expect(bad.coverage.unread[0].detail).toMatch(/memory limit of 96 MB/);
    expect(bad.errors.map((e) => e.code)).toEqual(['worker-limit']);
    expect(a.verdict).toBe('block');
    expect(b.verdict).toBe('block');
    // The dead worker was replaced.
    expect((await s.scan(NOTICE, { filename: 'c.txt' })).verdict).toBe('block');
  }, 120_000);
});

describe('the process memory ceiling', () => {
  it('stops the longest read when the process passes it (memory outside the heap limit)', async () => {
    // A ceiling below what the process already holds: the first read under way is stopped.
    const s = await scannerWith({ limits: { fileTimeoutMs: 60_000 }, isolation: { workers: 1, maxProcessRssMb: 1, preload: [] } });
    const r = await s.scan(operatorBombPdf(), { filename: 'operator-bomb.pdf' });
    expect(reasons(r)).toEqual(['limit']);
    expect(r.coverage.unread[0].detail).toMatch(/ceiling 1 MB/);
  });
});

describe('pooled and in-process reading agree', () => {
  it('gives the same verdicts, findings and unread items on every text, HTML, DOCX and PDF sample', async () => {
    const pooled = await scannerWith({ isolation: { workers: 2 } });
    const inline = await scannerWith({ isolation: false });
    const files = ['text', 'html', 'md', 'docx', 'pdf'].flatMap((d) =>
      readdirSync(join(SAMPLES, d))
        .map((f) => join(d, f))
        .filter((f) => !f.endsWith('.json') && statSync(join(SAMPLES, f)).isFile()),
    );
    expect(files.length).toBeGreaterThan(40);
    const view = (r: ScanResult) => ({
      verdict: r.verdict,
      findings: r.findings.map((f) => [f.ruleId, f.location.part, f.location.start, f.location.end, f.fingerprint]),
      unread: r.coverage.unread.map((u) => [u.where, u.reason]),
      parts: r.coverage.parts.length,
      embedded: r.coverage.embedded,
      format: r.document.format,
    });
    for (const f of files) {
      const bytes = new Uint8Array(readFileSync(join(SAMPLES, f)));
      const [a, b] = await Promise.all([pooled.scan(bytes, { filename: f }), inline.scan(bytes, { filename: f })]);
      expect({ f, ...view(a) }).toEqual({ f, ...view(b) });
    }
  }, 180_000);

  it('scans in flight at once in the calling thread each keep their own decoded text', async () => {
    // Reading in the calling thread decodes into memory reused from scan to scan: scans at once
    // must not share it, and a scan must not see what the one before left there.
    const inline = await scannerWith({ isolation: false });
    const files = ['text', 'md', 'html'].flatMap((d) => readdirSync(join(SAMPLES, d)).map((f) => join(d, f))).filter((f) => !f.endsWith('.json') && statSync(join(SAMPLES, f)).isFile());
    expect(files.length).toBeGreaterThan(20);
    const bytes = files.map((f) => new Uint8Array(readFileSync(join(SAMPLES, f))));
    // A mail whose marked text attachment is decoded before its PDF attachment is read and another
    // text after it: while the PDF reader awaits, other scans decode theirs and finish; the mail's
    // texts are checked only after.
    const attach = (name: string, type: string, data: Uint8Array) =>
      `--b\r\nContent-Type: ${type}; name="${name}"\r\nContent-Disposition: attachment; filename="${name}"\r\nContent-Transfer-Encoding: base64\r\n\r\n${Buffer.from(data).toString('base64').replace(/.{76}/g, '$&\r\n')}\r\n`;
    const mail = enc(
      `From: a@example.org\r\nTo: b@example.org\r\nSubject: notice\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="b"\r\n\r\n` +
        attach('notice.txt', 'text/plain; charset=utf-8', enc(`${'江临市人民政府办公室关于做好年度检查工作的通知。\n'.repeat(400)}000012\n机密★5年\n`)) +
        attach('minutes.pdf', 'application/pdf', new Uint8Array(readFileSync(join(SAMPLES, 'pdf/benign-meeting-minutes.pdf')))) +
        attach('list.txt', 'text/plain; charset=utf-8', enc('参会人员名单\n'.repeat(2000))) +
        '--b--\r\n',
    );
    files.unshift('mail.eml');
    bytes.unshift(mail);
    const view = (r: ScanResult) => [r.verdict, r.findings.map((f) => [f.ruleId, f.location.part, f.location.start, f.location.end, f.excerpt])];
    const oneByOne: unknown[] = [];
    for (let k = 0; k < files.length; k++) oneByOne.push(view(await inline.scan(bytes[k], { filename: files[k] })));
    const atOnce = await Promise.all(files.map((f, k) => inline.scan(bytes[k], { filename: f })));
    expect(atOnce.map(view)).toEqual(oneByOne);
    // The mail, and beside it the other files one after another for as long as the mail is read:
    // they begin and end between its two texts.
    let mailDone = false;
    const mailScan = inline.scan(bytes[0], { filename: files[0] }).finally(() => (mailDone = true));
    let besideScans = 0;
    for (let k = 1; !mailDone && besideScans < 2000; k = (k % (files.length - 1)) + 1, besideScans++) {
      expect(view(await inline.scan(bytes[k], { filename: files[k] }))).toEqual(oneByOne[k]);
    }
    expect(besideScans).toBeGreaterThan(files.length);
    expect(view(await mailScan)).toEqual(oneByOne[0]);
    expect((await mailScan).verdict).toBe('block');
    // Backwards: each file now follows another one than before.
    const backwards: unknown[] = [];
    for (let k = files.length - 1; k >= 0; k--) backwards.unshift(view(await inline.scan(bytes[k], { filename: files[k] })));
    expect(backwards).toEqual(oneByOne);
  }, 120_000);

  it('reads embedded files through the pool (a DOCX inside a DOCX)', async () => {
    const pooled = await scannerWith({ isolation: { workers: 1 } });
    const r = await pooled.scan(new Uint8Array(readFileSync(join(SAMPLES, 'docx/nested-docx.docx'))), { filename: 'nested-docx.docx' });
    expect(r.coverage.embedded.total).toBeGreaterThan(0);
    expect(r.coverage.embedded.scanned).toBe(r.coverage.embedded.total);
    expect(r.findings.some((f) => (f.location.container ?? []).length > 0)).toBe(true);
  });
});

describe('handing the bytes over', () => {
  it('with transfer: the caller buffer moves to the worker (detached), the result is unchanged', async () => {
    const s = await scannerWith({ isolation: { workers: 1, preload: [] } });
    const bytes = NOTICE.slice();
    const r = await s.scan(bytes, { filename: 'notice.txt', transfer: true });
    expect(r.verdict).toBe('block');
    expect(r.document.size).toBe(NOTICE.length);
    expect(bytes.byteLength).toBe(0);
  });

  it('without transfer: the caller keeps its bytes', async () => {
    const s = await scannerWith({ isolation: { workers: 1, preload: [] } });
    const bytes = NOTICE.slice();
    await s.scan(bytes, { filename: 'notice.txt' });
    expect(bytes).toEqual(NOTICE);
  });
});

describe('a 10 MB single line', () => {
  it.each([
    ['text', 'big.txt', (filler: string) => `000012\n机密★5年\n特急\n${filler}\n`],
    ['an HTML attribute', 'big.html', (filler: string) => `<html><body><p>000012</p><p>机密★5年</p><p title="${filler}">特急</p></body></html>`],
  ])('in %s beside a marking: blocks, with no scan error', async (_name, filename, make) => {
    const s = await scannerWith({ isolation: { workers: 1, preload: [] } });
    const r = await s.scan(enc(make('13800138000 '.repeat(Math.ceil(10_000_000 / 12)))), { filename });
    expect(r.errors).toEqual([]);
    expect(r.verdict).toBe('block');
    expect(r.findings[0].ruleId).toBe('marking.cn-state-secret');
    // ~7 s alone; minutes when the whole suite shares two cores.
  }, 300_000);
});

describe('a worker that dies for another reason, or a scan the caller cancels', () => {
  it('a worker killed from outside mid-read: that file is unread (crashed), the pool goes on', async () => {
    const { ExtractionPool, WorkerDeath } = await import('../src/pool.ts');
    const { DEFAULT_LIMITS } = await import('@prepub/core');
    const pool = new ExtractionPool({ workers: 1, preload: [] });
    try {
      const reading = pool.extract(operatorBombPdf(), { filename: 'operator-bomb.pdf', limits: { ...DEFAULT_LIMITS, fileTimeoutMs: 60_000 } }, undefined);
      const threads = (pool as unknown as { pool: { threads: Array<{ terminate(): Promise<number> }> } }).pool.threads;
      // Let the worker begin the file, then end its thread as a crash would.
      await new Promise((r) => setTimeout(r, 3000));
      await threads[0].terminate();
      const err = await reading.then(() => undefined, (e: unknown) => e);
      expect(err).toBeInstanceOf(WorkerDeath);
      expect((err as InstanceType<typeof WorkerDeath>).reason).toBe('crashed');
      expect((err as Error).message).toMatch(/worker thread died/);
      const next = await pool.extract(NOTICE, { filename: 'n.txt', limits: DEFAULT_LIMITS }, undefined);
      expect(next.kind).toBe('extracted');
    } finally {
      await pool.close();
    }
  }, 60_000);

  it('a cancelled scan stops its reader at once: unread (aborted)', async () => {
    const s = await scannerWith({ isolation: { workers: 1, preload: [] } });
    await s.scan(NOTICE, { filename: 'warm.txt' });
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 1000);
    const t0 = performance.now();
    const r = await s.scan(operatorBombPdf(), { filename: 'operator-bomb.pdf', signal: ac.signal });
    expect(performance.now() - t0).toBeLessThan(5000);
    expect(r.verdict).toBe('review');
    expect(reasons(r)).toEqual(['aborted']);
  });
});
