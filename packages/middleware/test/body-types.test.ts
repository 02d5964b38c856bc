/**
 * Fail closed for every body type: each request body is either scanned before the handler runs or
 * refused with 415; the handler always finds `prepub` set. Run against Express and Fastify alike.
 */
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { readFileSync } from 'node:fs';
import { createScanner, type Scanner } from '@prepub/scanner';
import express from 'express';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepubExpress, prepubFastify, type MiddlewareOptions, type PrepubUpload } from '../src/index.ts';

const sample = (rel: string) => readFileSync(new URL(`../../../samples/${rel}`, import.meta.url));
const MARKED = sample('docx/header-marking.docx');
const CLEAN = sample('docx/benign-meeting-minutes.docx');
const MARKED_TEXT = '关于年度工作的通知\n\n机密★5年\n\n各单位：现将有关事项通知如下。';

let scanner: Scanner;
beforeAll(async () => {
  scanner = await createScanner({ ocr: false });
});
afterAll(async () => {
  await scanner?.close();
});

interface Portal {
  url: string;
  seen: Array<{ prepub: PrepubUpload | undefined; body: unknown }>;
  close: () => Promise<void>;
}

async function expressPortal(opts: Partial<MiddlewareOptions>): Promise<Portal> {
  const app = express();
  const seen: Portal['seen'] = [];
  app.use(prepubExpress({ scanner, limits: { fileSize: 256 * 1024 }, ...opts }));
  app.all('/upload', (req, res) => {
    seen.push({ prepub: req.prepub, body: Buffer.isBuffer(req.body) ? `bytes:${req.body.length}` : req.body });
    res.json({ ok: true });
  });
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen, close: () => new Promise<void>((r) => server.close(() => r())) };
}

async function fastifyPortal(opts: Partial<MiddlewareOptions>): Promise<Portal> {
  const app = Fastify();
  const seen: Portal['seen'] = [];
  await app.register(prepubFastify, { scanner, limits: { fileSize: 256 * 1024 }, ...opts });
  app.all('/upload', async (req) => {
    seen.push({ prepub: req.prepub, body: Buffer.isBuffer(req.body) ? `bytes:${req.body.length}` : req.body });
    return { ok: true };
  });
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  return { url, seen, close: () => app.close() };
}

const b64 = (b: Buffer | string) => Buffer.from(b).toString('base64');

for (const [name, make] of [
  ['express', expressPortal],
  ['fastify', fastifyPortal],
] as const) {
  describe(`${name}: every body is scanned or refused`, () => {
    it('refuses every non-multipart body by default with 415 and never calls the handler', async () => {
      const p = await make({});
      try {
        const cases: Array<[string | undefined, BodyInit]> = [
          ['application/octet-stream', new Uint8Array(MARKED)],
          ['application/json', JSON.stringify({ file: b64(MARKED) })],
          ['application/x-www-form-urlencoded', new URLSearchParams({ title: '机密★5年' }).toString()],
          ['text/plain', MARKED_TEXT],
          [undefined, new Uint8Array(MARKED)],
        ];
        for (const [type, body] of cases) {
          const headers: Record<string, string> = type ? { 'content-type': type } : {};
          const r = await fetch(`${p.url}/upload`, { method: 'POST', headers, body: type ? body : new Blob([body as Uint8Array<ArrayBuffer>]) });
          expect(r.status, `${type}`).toBe(415);
          expect((await r.json()).error).toBe('unsupported-media-type');
        }
        expect(p.seen).toHaveLength(0);
        // A request without a body reaches the handler, with prepub set.
        const get = await fetch(`${p.url}/upload`);
        expect(get.status).toBe(200);
        expect(p.seen[0]!.prepub).toEqual({ verdict: 'pass', body: 'none', files: [], fields: {} });
      } finally {
        await p.close();
      }
    });

    it('multipart: files and text fields are scanned', async () => {
      const p = await make({});
      try {
        const clean = new FormData();
        clean.append('title', '第三次办公会议纪要');
        clean.append('file', new Blob([new Uint8Array(CLEAN)]), '纪要.docx');
        expect((await fetch(`${p.url}/upload`, { method: 'POST', body: clean })).status).toBe(200);
        expect(p.seen[0]!.prepub).toMatchObject({ verdict: 'pass', body: 'multipart', fields: { title: '第三次办公会议纪要' } });
        expect(p.seen[0]!.prepub!.text?.verdict).toBe('pass');

        // The marking is in a text field, not in the file.
        const field = new FormData();
        field.append('title', '机密★5年');
        field.append('file', new Blob([new Uint8Array(CLEAN)]), '纪要.docx');
        const r = await fetch(`${p.url}/upload`, { method: 'POST', body: field });
        expect(r.status).toBe(422);
        const body = await r.json();
        expect(body.files.map((f: { filename: string; verdict: string }) => [f.filename, f.verdict])).toEqual([
          ['纪要.docx', 'pass'],
          ['(text fields)', 'block'],
        ]);
        expect(p.seen).toHaveLength(1);
      } finally {
        await p.close();
      }
    });

    it('octet-stream and text/plain as raw bodies when turned on, named by X-Filename', async () => {
      const p = await make({ raw: ['application/octet-stream', 'text/*'] });
      try {
        const blocked = await fetch(`${p.url}/upload`, { method: 'PUT', headers: { 'content-type': 'application/octet-stream', 'x-filename': encodeURIComponent('通知.docx') }, body: new Uint8Array(MARKED) });
        expect(blocked.status).toBe(422);
        expect((await blocked.json()).files[0]).toMatchObject({ filename: '通知.docx', verdict: 'block' });
        const text = await fetch(`${p.url}/upload`, { method: 'PUT', headers: { 'content-type': 'text/plain; charset=utf-8' }, body: MARKED_TEXT });
        expect(text.status).toBe(422);
        const ok = await fetch(`${p.url}/upload`, { method: 'PUT', headers: { 'content-type': 'application/octet-stream', 'content-disposition': 'attachment; filename="minutes.docx"' }, body: new Uint8Array(CLEAN) });
        expect(ok.status).toBe(200);
        expect(p.seen).toHaveLength(1);
        expect(p.seen[0]!.prepub).toMatchObject({ verdict: 'pass', body: 'raw', files: [{ filename: 'minutes.docx' }] });
        expect(p.seen[0]!.body).toBe(`bytes:${CLEAN.length}`);
        // A type outside the list is still refused.
        const pdf = await fetch(`${p.url}/upload`, { method: 'PUT', headers: { 'content-type': 'application/pdf' }, body: new Uint8Array(MARKED) });
        expect(pdf.status).toBe(415);
      } finally {
        await p.close();
      }
    });

    it('missing Content-Type: refused unless raw is true, then scanned from its bytes', async () => {
      const p = await make({ raw: true });
      try {
        const r = await fetch(`${p.url}/upload`, { method: 'PUT', body: new Blob([new Uint8Array(MARKED)]) });
        expect(r.status).toBe(422);
        expect((await r.json()).verdict).toBe('block');
        expect(p.seen).toHaveLength(0);
      } finally {
        await p.close();
      }
    });

    it('JSON: base64 files anywhere (data URL, named field, long base64) and string values are scanned', async () => {
      const p = await make({ json: { fileFields: ['content'] } });
      try {
        const post = (body: unknown) => fetch(`${p.url}/upload`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
        // Long base64 in an undeclared field is still taken for a file.
        const hidden = await post({ title: '纪要', attachment: { filename: '通知.docx', data: b64(MARKED) } });
        expect(hidden.status).toBe(422);
        expect((await hidden.json()).files[0]).toMatchObject({ filename: '通知.docx', verdict: 'block' });
        const dataUrl = await post({ files: [`data:application/vnd.openxmlformats-officedocument.wordprocessingml.document;base64,${b64(MARKED)}`] });
        expect(dataUrl.status).toBe(422);
        // A short text, base64-encoded in a declared field.
        const short = await post({ content: b64(MARKED_TEXT), name: 'n.txt' });
        expect(short.status).toBe(422);
        // The marking is a plain string value.
        const plain = await post({ title: '机密★5年', body: '各单位：现将有关事项通知如下。' });
        expect(plain.status).toBe(422);
        // Digests are not documents.
        const ok = await post({ title: '会议纪要', sha256: 'a'.repeat(64), attachment: { filename: 'm.docx', data: b64(CLEAN) } });
        expect(ok.status).toBe(200);
        expect(p.seen).toHaveLength(1);
        expect(p.seen[0]!.prepub).toMatchObject({ verdict: 'pass', body: 'json', files: [{ filename: 'm.docx' }] });
        expect(p.seen[0]!.body).toMatchObject({ title: '会议纪要' });
        const bad = await fetch(`${p.url}/upload`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"a":' });
        expect(bad.status).toBe(400);
      } finally {
        await p.close();
      }
    });

    it('URL-encoded: the field values are scanned', async () => {
      const p = await make({ urlencoded: true });
      try {
        const post = (f: Record<string, string>) => fetch(`${p.url}/upload`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(f).toString() });
        expect((await post({ title: '机密★5年', body: '各单位' })).status).toBe(422);
        expect((await post({ title: '会议纪要', body: '各单位：现将有关事项通知如下。' })).status).toBe(200);
        expect(p.seen).toHaveLength(1);
        expect(p.seen[0]!.prepub).toMatchObject({ verdict: 'pass', body: 'urlencoded', fields: { title: '会议纪要' } });
        expect(p.seen[0]!.body).toEqual({ title: '会议纪要', body: '各单位：现将有关事项通知如下。' });
      } finally {
        await p.close();
      }
    });
  });
}

describe('express after another body parser', () => {
  it('scans what express.json() already parsed instead of handing it on', async () => {
    const app = express();
    app.use(express.json({ limit: '2mb' }));
    app.use(prepubExpress({ scanner, json: true }));
    const seen: unknown[] = [];
    app.post('/upload', (req, res) => {
      seen.push(req.prepub);
      res.json({ ok: true });
    });
    const server: Server = await new Promise((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/upload`;
      const r = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ doc: b64(MARKED) }) });
      expect(r.status).toBe(422);
      expect(seen).toHaveLength(0);
    } finally {
      await new Promise<void>((r) => server.close(() => r()));
    }
  });
});
