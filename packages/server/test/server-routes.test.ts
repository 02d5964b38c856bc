/**
 * The routes portals expect from other services: `PUT /v1/scan` with the raw body (Tika),
 * `POST /v1/analyze` for plain text (Presidio), `/readyz` once the reader pool is warm.
 */
import { createScanner, type Scanner } from '@prepub/scanner';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, startServer } from '../src/index.ts';
import { TOKENS, auth, multipart, sample } from './helpers.ts';

const MARKED = '关于年度工作的通知\n\n机密★5年\n\n各单位：现将有关事项通知如下。';
let scanner: Scanner;
beforeAll(async () => {
  scanner = await createScanner({ ocr: false });
});
afterAll(async () => {
  await scanner?.close();
});

describe('PUT /v1/scan and POST /v1/analyze', () => {
  it('PUT takes the file as the body, named by X-Filename', async () => {
    const app = await createServer({ scanner, tokens: TOKENS, audit: false });
    try {
      const put = (body: Buffer, filename: string) =>
        app.inject({ method: 'PUT', url: '/v1/scan', headers: { ...auth(), 'content-type': 'application/octet-stream', 'x-filename': encodeURIComponent(filename) }, payload: body });
      const blocked = await put(sample('docx/header-marking.docx'), '通知.docx');
      expect(blocked.statusCode).toBe(200);
      expect(blocked.json()).toMatchObject({ verdict: 'block', publishAllowed: false, result: { document: { filename: '通知.docx', format: 'docx' } } });
      const clean = await put(sample('docx/benign-meeting-minutes.docx'), 'minutes.docx');
      expect(clean.json()).toMatchObject({ verdict: 'pass', publishAllowed: true });
      const anonymous = await app.inject({ method: 'PUT', url: '/v1/scan', headers: { 'content-type': 'application/octet-stream' }, payload: sample('docx/benign-meeting-minutes.docx') });
      expect(anonymous.statusCode).toBe(401);
    } finally {
      await app.close();
    }
  });

  it('analyze takes JSON { text } or text/plain and finds the marking with its offsets in that text', async () => {
    const app = await createServer({ scanner, tokens: TOKENS, audit: false });
    try {
      const json = await app.inject({ method: 'POST', url: '/v1/analyze', headers: auth(), payload: { text: MARKED } });
      expect(json.statusCode).toBe(200);
      const out = json.json();
      expect(out).toMatchObject({ verdict: 'block', publishAllowed: false });
      const f = out.result.findings.find((x: { ruleId: string }) => x.ruleId === 'marking.cn-state-secret');
      expect(MARKED.slice(f.location.start, f.location.end)).toBe('机密★5年');
      const plain = await app.inject({ method: 'POST', url: '/v1/analyze', headers: { ...auth(), 'content-type': 'text/plain; charset=utf-8' }, payload: '今年图书馆开展读书日活动。' });
      expect(plain.json()).toMatchObject({ verdict: 'pass', publishAllowed: true });
      const bad = await app.inject({ method: 'POST', url: '/v1/analyze', headers: auth(), payload: { txt: MARKED } });
      expect(bad.statusCode).toBe(400);
      expect(bad.json()).toMatchObject({ error: { code: 'invalid-request' }, publishAllowed: false });
      const other = await app.inject({ method: 'POST', url: '/v1/analyze', headers: { ...auth(), 'content-type': 'application/pdf' }, payload: Buffer.from('%PDF-1.4') });
      expect(other.statusCode).toBe(415);
    } finally {
      await app.close();
    }
  });
});

describe('reports from the service', () => {
  it('answers ?format=sarif with a SARIF 2.1.0 log and ?format=html with the HTML report, verdict in headers', async () => {
    const app = await createServer({ scanner, tokens: TOKENS, audit: false });
    try {
      const put = (format: string) =>
        app.inject({ method: 'PUT', url: `/v1/scan?format=${format}`, headers: { ...auth(), 'content-type': 'application/octet-stream', 'x-filename': 'notice.docx' }, payload: sample('docx/header-marking.docx') });
      const sarif = await put('sarif');
      expect(sarif.statusCode).toBe(200);
      expect(sarif.headers['content-type']).toMatch(/^application\/sarif\+json/);
      expect(sarif.headers['x-prepub-verdict']).toBe('block');
      expect(sarif.headers['x-prepub-publish-allowed']).toBe('false');
      const log = sarif.json();
      expect(log.version).toBe('2.1.0');
      expect(log.runs[0].results.map((r: { ruleId: string }) => r.ruleId)).toContain('marking.cn-state-secret');
      const html = await put('html');
      expect(html.headers['content-type']).toMatch(/^text\/html/);
      expect(html.body).toMatch(/^<!doctype html>/i);
      expect(html.body).toContain('notice.docx');
      expect(html.body).toContain('marking.cn-state-secret');
      const text = await app.inject({ method: 'POST', url: '/v1/analyze?format=sarif', headers: auth(), payload: { text: MARKED } });
      expect(text.json().runs[0].results.some((r: { ruleId: string }) => r.ruleId === 'marking.cn-state-secret')).toBe(true);
      expect((await put('xml')).statusCode).toBe(400);
    } finally {
      await app.close();
    }
  });
});

describe('reports from POST /v1/review', () => {
  it('?format=sarif|html answers with one report of the article and its attachments, the combined verdict in headers', async () => {
    const app = await createServer({ scanner, tokens: TOKENS, audit: false });
    try {
      const body = {
        title: '工作动态',
        html: '<p>3月12日上午，区政府组织机关干部参加义务植树活动。</p>',
        attachments: [
          { filename: 'notice.docx', content: sample('docx/header-marking.docx').toString('base64') },
          { filename: 'notice.docx', content: Buffer.from('会议纪要：各部门按时报送材料。\n').toString('base64') },
        ],
      };
      const review = (format: string) => app.inject({ method: 'POST', url: `/v1/review?format=${format}`, headers: auth(), payload: body });
      const json = (await review('json')).json();
      expect(json.verdict).toBe('block');

      const sarif = await review('sarif');
      expect(sarif.statusCode).toBe(200);
      expect(sarif.headers['content-type']).toMatch(/^application\/sarif\+json/);
      expect(sarif.headers['x-prepub-verdict']).toBe('block');
      expect(sarif.headers['x-prepub-publish-allowed']).toBe('false');
      const log = sarif.json();
      expect(log.version).toBe('2.1.0');
      const run = log.runs[0];
      // Every piece is an artifact, the two attachments of one name kept apart.
      expect(run.artifacts.map((a: { location: { uri: string } }) => decodeURIComponent(a.location.uri))).toEqual(['article.html', 'attachments[0]/notice.docx', 'attachments[1]/notice.docx']);
      const marked = run.results.filter((r: { ruleId: string }) => r.ruleId === 'marking.cn-state-secret');
      expect(marked.length).toBeGreaterThan(0);
      for (const r of marked) expect(decodeURIComponent(r.locations[0].physicalLocation.artifactLocation.uri)).toBe('attachments[0]/notice.docx');

      const html = await review('html');
      expect(html.headers['content-type']).toMatch(/^text\/html/);
      expect(html.headers['x-prepub-verdict']).toBe('block');
      expect(html.body).toMatch(/^<!doctype html>/i);
      expect(html.body).toContain('attachments[0]/notice.docx');
      expect(html.body).toContain('marking.cn-state-secret');

      const clean = await app.inject({ method: 'POST', url: '/v1/review?format=sarif', headers: auth(), payload: { title: body.title, html: body.html } });
      expect(clean.headers['x-prepub-verdict']).toBe('pass');
      expect(clean.headers['x-prepub-publish-allowed']).toBe('true');
      expect((await review('xml')).statusCode).toBe(400);
    } finally {
      await app.close();
    }
  });

  it('reads every text the request carries, not only title and html: other fields, nested ones, captions, a field sent twice', async () => {
    const app = await createServer({ scanner, tokens: TOKENS, audit: false });
    try {
      const article = { title: '工作动态', html: '<p>3月12日上午，区政府组织机关干部参加义务植树活动。</p>' };
      const post = (payload: object) => app.inject({ method: 'POST', url: '/v1/review', headers: auth(), payload });
      // A CMS's summary, a nested keyword list, an attachment's caption: each would be published.
      for (const extra of [{ summary: '机密★5年' }, { meta: { keywords: ['植树', '机密★5年'] } }, { attachments: [{ filename: 'a.txt', content: Buffer.from('会议纪要').toString('base64'), caption: '机密★5年' }] }]) {
        const r = (await post({ ...article, ...extra })).json();
        expect(r.verdict, JSON.stringify(extra)).toBe('block');
        expect(r.findings[0].source.kind).toBe('field');
      }
      const named = (await post({ ...article, summary: '机密★5年' })).json();
      expect(named.findings[0].source).toEqual({ kind: 'field', filename: 'summary' });
      // Harmless fields pass; numbers and flags are no text.
      const clean = (await post({ ...article, summary: '区政府组织义务植树。', author: '办公室', id: 17, top: true, tags: ['植树'] })).json();
      expect(clean.verdict).toBe('pass');
      expect(clean.items.map((i: { source: { filename: string } }) => i.source.filename)).toEqual(['article.html', 'summary', 'author', 'tags[0]']);
      // Multipart: an html field sent twice is read twice; other fields are read too.
      const form = (parts: Array<{ name: string; value: string }>) => {
        const m = multipart(parts);
        return app.inject({ method: 'POST', url: '/v1/review', headers: { ...auth(), 'content-type': m.contentType }, payload: m.body });
      };
      expect((await form([{ name: 'title', value: article.title }, { name: 'html', value: '<p>机密★5年</p>' }, { name: 'html', value: article.html }])).json().verdict).toBe('block');
      expect((await form([{ name: 'title', value: article.title }, { name: 'html', value: article.html }, { name: 'abstract', value: '机密★5年' }])).json().verdict).toBe('block');
      expect((await form([{ name: 'title', value: article.title }, { name: 'html', value: article.html }, { name: 'abstract', value: '植树活动简讯' }])).json().verdict).toBe('pass');
      const many = Object.fromEntries(Array.from({ length: 101 }, (_, i) => [`f${i}`, '植树']));
      expect((await post({ ...article, ...many })).statusCode).toBe(413);
    } finally {
      await app.close();
    }
  });

  it('the OpenAPI document offers ?format on every route that answers with a verdict, with the report media types', async () => {
    const app = await createServer({ scanner, tokens: TOKENS, audit: false });
    try {
      const doc = (await app.inject({ url: '/openapi.json' })).json();
      for (const [path, method] of [['/v1/scan', 'post'], ['/v1/scan', 'put'], ['/v1/analyze', 'post'], ['/v1/review', 'post']]) {
        const op = doc.paths[path][method];
        const format = op.parameters.find((p: { in: string; name: string }) => p.in === 'query' && p.name === 'format');
        expect(format?.schema.enum, `${method} ${path}`).toEqual(['json', 'sarif', 'html']);
        expect(Object.keys(op.responses['200'].content), `${method} ${path}`).toEqual(expect.arrayContaining(['application/json', 'application/sarif+json', 'text/html']));
        expect(Object.keys(op.responses['200'].headers ?? {})).toContain('X-Prepub-Verdict');
      }
      expect(doc.paths['/v1/decisions'].post.responses['201'].content['text/html']).toBeUndefined();
    } finally {
      await app.close();
    }
  });
});

describe('/readyz', () => {
  it('is 503 until the reader pool it starts at listen is warm, then 200; healthz answers meanwhile', async () => {
    const { app, url } = await startServer({ tokens: TOKENS, audit: false, port: 0, concurrency: 1, scannerOptions: { ocr: false, isolation: { workers: 1 } } });
    try {
      const first = await fetch(`${url}/readyz`);
      const states = [first.status];
      expect((await fetch(`${url}/healthz`)).status).toBe(200);
      const t0 = Date.now();
      for (;;) {
        const r = await fetch(`${url}/readyz`);
        states.push(r.status);
        if (r.status === 200) {
          expect(await r.json()).toEqual({ status: 'ready' });
          break;
        }
        expect(await r.json()).toMatchObject({ status: 'not-ready', reason: 'warming up the reader pool' });
        if (Date.now() - t0 > 60_000) throw new Error('never ready');
        await new Promise((res) => setTimeout(res, 50));
      }
      // Warming takes the worker's start (pdf.js, the DOCX reader): the first answer is not ready.
      expect(states[0]).toBe(503);
      // Once ready, the first document is scanned by the warm worker.
      const res = await fetch(`${url}/v1/scan`, { method: 'PUT', headers: { ...auth(), 'content-type': 'application/octet-stream' }, body: new Uint8Array(sample('docx/header-marking.docx')) });
      expect(res.status).toBe(200);
      expect((await res.json()).verdict).toBe('block');
    } finally {
      await app.close();
    }
  }, 120_000);
});
