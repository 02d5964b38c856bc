import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { readFileSync } from 'node:fs';
import { createScanner, type Scanner } from '@prepub/scanner';
import express from 'express';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteAuditStore } from '@prepub/audit';
import { prepubExpress, prepubFastify, type PrepubUpload } from '../src/index.ts';

const sample = (rel: string) => readFileSync(new URL(`../../../samples/${rel}`, import.meta.url));

let scanner: Scanner;
beforeAll(async () => {
  scanner = await createScanner({ ocr: false });
});
afterAll(async () => {
  await scanner?.close();
});

function form(files: Array<[string, Buffer, string]>, fields: Record<string, string> = {}): FormData {
  const f = new FormData();
  for (const [k, v] of Object.entries(fields)) f.append(k, v);
  for (const [field, bytes, name] of files) f.append(field, new Blob([new Uint8Array(bytes)]), name);
  return f;
}

/** An Express portal with an upload route; returns its URL and what the handler saw. */
async function expressPortal(opts: Partial<Parameters<typeof prepubExpress>[0]> = {}) {
  const app = express();
  const seen: PrepubUpload[] = [];
  app.use(prepubExpress({ scanner, limits: { fileSize: 256 * 1024 }, ...opts }));
  app.post('/upload', (req, res) => {
    seen.push(req.prepub!);
    res.json({ stored: req.prepub!.files.map((f) => f.filename), title: (req.body as Record<string, string>).title });
  });
  app.get('/ping', (_req, res) => res.send('pong'));
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, seen, close: () => new Promise<void>((r) => server.close(() => r())) };
}

describe('prepubExpress', () => {
  it('lets a clean upload through with the scan result attached, and stops a marked one with 422', async () => {
    const portal = await expressPortal();
    try {
      const ok = await fetch(`${portal.url}/upload`, { method: 'POST', body: form([['file', sample('docx/benign-meeting-minutes.docx'), '会议纪要.docx']], { title: '第三次办公会议纪要' }) });
      expect(ok.status).toBe(200);
      expect(await ok.json()).toEqual({ stored: ['会议纪要.docx'], title: '第三次办公会议纪要' });
      expect(portal.seen[0].verdict).toBe('pass');
      expect(portal.seen[0].files[0].result.document.format).toBe('docx');

      const blocked = await fetch(`${portal.url}/upload`, { method: 'POST', body: form([['file', sample('docx/header-marking.docx'), '通知.docx']]) });
      expect(blocked.status).toBe(422);
      const body = await blocked.json();
      expect(body).toMatchObject({ error: 'upload-rejected', verdict: 'block', files: [{ filename: '通知.docx', verdict: 'block' }] });
      expect(body.files[0].findings[0]).toMatchObject({ ruleId: 'marking.cn-state-secret', role: 'header' });
      expect(portal.seen).toHaveLength(1);

      const unread = await fetch(`${portal.url}/upload`, { method: 'POST', body: form([['file', sample('docx/encrypted.docx'), '加密.docx']]) });
      expect(unread.status).toBe(422);
      expect((await unread.json()).files[0].unread.length).toBeGreaterThan(0);

      expect(await (await fetch(`${portal.url}/ping`)).text()).toBe('pong');
    } finally {
      await portal.close();
    }
  });

  it('honours onVerdict and stopOn', async () => {
    const calls: string[] = [];
    const portal = await expressPortal({
      stopOn: ['block'],
      onVerdict: (u) => {
        calls.push(u.verdict);
      },
    });
    try {
      const review = await fetch(`${portal.url}/upload`, { method: 'POST', body: form([['file', sample('text/roster-staff.txt'), 'roster.txt']]) });
      expect(review.status).toBe(200);
      expect(portal.seen[0].verdict).toBe('review');
      expect(calls).toEqual(['review']);
    } finally {
      await portal.close();
    }
    const strict = await expressPortal({ onVerdict: () => 'stop', status: 403 });
    try {
      const clean = await fetch(`${strict.url}/upload`, { method: 'POST', body: form([['file', sample('text/public-notice.txt'), 'notice.txt']]) });
      expect(clean.status).toBe(403);
    } finally {
      await strict.close();
    }
  });

  it('answers oversized and malformed uploads with 413 and 400', async () => {
    const portal = await expressPortal();
    try {
      const big = await fetch(`${portal.url}/upload`, { method: 'POST', body: form([['file', Buffer.alloc(300 * 1024, 0x41), 'big.txt']]) });
      expect(big.status).toBe(413);
      expect((await big.json()).error).toBe('upload-too-large');
      const bad = await fetch(`${portal.url}/upload`, { method: 'POST', headers: { 'content-type': 'multipart/form-data; boundary=xyz' }, body: '--xyz\r\nContent-Disposition: form-data; name="file"; filename="a.txt"\r\n\r\nabc' });
      expect(bad.status).toBe(400);
      expect((await bad.json()).error).toBe('malformed-upload');
      const noBoundary = await fetch(`${portal.url}/upload`, { method: 'POST', headers: { 'content-type': 'multipart/form-data' }, body: 'abc' });
      expect(noBoundary.status).toBe(400);
      expect(portal.seen).toHaveLength(0);
    } finally {
      await portal.close();
    }
  });
});

describe('prepubFastify', () => {
  it('scans uploads before the route handler, stops marked files and records each in the audit trail', async () => {
    const audit = new SqliteAuditStore(join(mkdtempSync(join(tmpdir(), 'prepub-mw-')), 'audit.sqlite'));
    const app = Fastify();
    await app.register(prepubFastify, { scanner, limits: { fileSize: 256 * 1024 }, audit: { store: audit, caller: 'portal-uploads' } });
    const seen: PrepubUpload[] = [];
    app.post('/upload', async (req) => {
      seen.push(req.prepub!);
      return { stored: req.prepub!.files.map((f) => f.filename), fields: req.prepub!.fields };
    });
    const url = await app.listen({ port: 0, host: '127.0.0.1' });
    try {
      const ok = await fetch(`${url}/upload`, { method: 'POST', body: form([['file', sample('text/public-notice.txt'), '公告.txt']], { column: '通知公告' }) });
      expect(ok.status).toBe(200);
      expect(await ok.json()).toEqual({ stored: ['公告.txt'], fields: { column: '通知公告' } });
      const blocked = await fetch(`${url}/upload`, {
        method: 'POST',
        headers: { 'x-prepub-user': encodeURIComponent('刘编辑') },
        body: form([
          ['a', sample('text/public-notice.txt'), '公告.txt'],
          ['b', sample('docx/footer-marking.docx'), '要点.docx'],
        ]),
      });
      expect(blocked.status).toBe(422);
      const body = await blocked.json();
      expect(body.verdict).toBe('block');
      expect(body.files.map((f: { verdict: string }) => f.verdict)).toEqual(['pass', 'block']);
      const big = await fetch(`${url}/upload`, { method: 'POST', body: form([['file', Buffer.alloc(300 * 1024, 0x41), 'big.txt']]) });
      expect(big.status).toBe(413);
      expect(seen).toHaveLength(1);
      const recs = await audit.list();
      // The form field's value is scanned and recorded too.
      expect(recs.map((r) => [r.filename, r.verdict, r.callerToken])).toEqual([
        ['公告.txt', 'pass', 'portal-uploads'],
        ['(text fields)', 'pass', 'portal-uploads'],
        ['公告.txt', 'pass', 'portal-uploads'],
        ['要点.docx', 'block', 'portal-uploads'],
      ]);
      expect(recs[3].callerUser).toBe('刘编辑');
      expect((await audit.verifyChain()).ok).toBe(true);
    } finally {
      await app.close();
      await audit.close();
    }
  });
});
