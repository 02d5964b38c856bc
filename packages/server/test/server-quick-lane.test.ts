/**
 * A text upload is answered while a PDF holds every ordinary scan slot: quick uploads have a slot
 * of their own and go ahead of slow ones, in the service's queue and in the reading pool. A real
 * listening server, the real scanner and pool, real pdf.js on a PDF that freezes it until its deadline.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer } from '../src/index.ts';
import { operatorBombPdf } from '../../scanner/test/fixtures/pathological.ts';
import { TOKENS, auth } from './helpers.ts';

let app: Awaited<ReturnType<typeof startServer>>['app'];
let url: string;

beforeAll(async () => {
  ({ app, url } = await startServer({
    port: 0,
    tokens: TOKENS,
    // One ordinary slot, two reading workers: without a slot for quick uploads the text would wait
    // for the PDF's slot until the PDF's reader is stopped at its deadline.
    concurrency: 1,
    scannerOptions: { ocr: false, limits: { fileTimeoutMs: 5000 }, isolation: { workers: 2, graceMs: 500, preload: [] } },
  }));
});
afterAll(async () => {
  await app?.close();
});

const post = (body: Uint8Array | string, name: string, type: string) => fetch(`${url}/v1/scan?filename=${name}`, { method: 'POST', headers: { ...auth(), 'content-type': type }, body: typeof body === 'string' ? body : Buffer.from(body) });

describe('quick uploads', () => {
  it('a text upload is answered while a PDF is still being read', async () => {
    // Both workers up and warm.
    const warm = await Promise.all([post('会议纪要', 'a.txt', 'text/plain'), post('会议通知', 'b.txt', 'text/plain')]);
    expect(warm.map((r) => r.status)).toEqual([200, 200]);

    let pdfSettled = false;
    const pdf = post(operatorBombPdf(), 'operator-bomb.pdf', 'application/pdf').finally(() => (pdfSettled = true));
    // The PDF takes the one ordinary slot as soon as its (small) body is read.
    await new Promise((r) => setTimeout(r, 300));
    expect(pdfSettled).toBe(false);
    const text = await post('机密★5年\n关于开展保密检查的通知\n', 'notice.txt', 'text/plain');
    const answeredWhilePdfRead = !pdfSettled;
    expect(text.status).toBe(200);
    expect(((await text.json()) as { verdict: string }).verdict).toBe('block');
    expect(answeredWhilePdfRead).toBe(true);
    // The PDF itself is answered too, never passed: its reader was stopped.
    const res = await pdf;
    expect(res.status).toBe(200);
    expect(((await res.json()) as { verdict: string }).verdict).not.toBe('pass');
  }, 120_000);
});
