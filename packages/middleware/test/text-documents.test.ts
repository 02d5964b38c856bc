/**
 * The upload middleware read every text value of a request as plain text, joined into one document,
 * a value a paragraph. Four shapes a CMS or web editor sends carried a notice opening with a
 * marking through it (`pass`, handed to the handler):
 * - a rich-text editor's document (Quill's Delta) in a JSON body or as a form field, its first
 *   paragraph in one-character runs: each run a paragraph of its own;
 * - the same document stringified twice: one string literal;
 * - Markdown (`**机**密★5年`): the emphasis markers split the marking;
 * - a tag kept as a member name (`{"tags": {"机密★5年": true}}`): names were never read.
 * These texts are now also read as the documents they are (`documents`); the 公开 twins pass.
 */
import { createScanner, type Scanner } from '@prepub/scanner';
import express from 'express';
import Fastify, { type FastifyInstance } from 'fastify';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepubExpress, prepubFastify } from '../src/index.ts';

const BODY = ['江临市人民政府办公室文件', '临政办发〔2026〕17号', '关于做好2027年元旦春节期间安全保卫工作的通知', '各区县人民政府，市政府各部门：'];
const quill = (first: string) => ({ ops: [...[...first].map((c, i) => ({ insert: c, ...(i % 2 ? { attributes: { color: '#ffffff' } } : {}) })), { insert: `\n${BODY.join('\n')}\n` }] });
const md = (first: string) => `**${first.slice(0, 1)}**${first.slice(1)}\n\n${BODY.join('\n\n')}\n`;

let scanner: Scanner;
let app: FastifyInstance;
beforeAll(async () => {
  scanner = await createScanner({ ocr: false });
  app = Fastify();
  await app.register(prepubFastify, { scanner, json: true, urlencoded: true });
  app.all('/upload', async () => ({ ok: true }));
});
afterAll(async () => {
  await app?.close();
  await scanner?.close();
});

const json = async (body: unknown) => {
  const r = await app.inject({ method: 'POST', url: '/upload', headers: { 'content-type': 'application/json' }, payload: JSON.stringify(body) });
  return r.statusCode === 200 ? 'pass' : (r.json().verdict as string);
};
const form = async (fields: Record<string, string>) => {
  const r = await app.inject({ method: 'POST', url: '/upload', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams(fields).toString() });
  return r.statusCode === 200 ? 'pass' : (r.json().verdict as string);
};

describe('texts read as the documents they are', () => {
  it('an editor document in a JSON body, as a string, stringified twice, in a form field', async () => {
    expect(await json({ title: '通知', content: quill('机密★5年') })).toBe('block');
    expect(await json({ title: '通知', content: quill('公开') })).toBe('pass');
    expect(await json({ title: '通知', content: JSON.stringify(quill('秘密★1年')) })).toBe('block');
    expect(await json({ title: '通知', content: JSON.stringify(JSON.stringify(quill('绝密★启用前'))) })).toBe('block');
    expect(await json({ title: '通知', content: JSON.stringify(JSON.stringify(quill('公开'))) })).toBe('pass');
    expect(await form({ title: '通知', delta: JSON.stringify(quill('机密★5年')) })).toBe('block');
    expect(await form({ title: '通知', delta: JSON.stringify(quill('公开')) })).toBe('pass');
  });

  it('Markdown in a JSON value or a form field; a news item about secrecy in Markdown passes', async () => {
    expect(await json({ title: '通知', markdown: md('机密★5年') })).toBe('block');
    expect(await json({ title: '通知', markdown: md('公开') })).toBe('pass');
    expect(await form({ title: '通知', body: md('机密★5年') })).toBe('block');
    expect(await form({ title: '本市启动保密宣传月活动', body: '**保密宣传月**启动仪式在市民广场举行，现场发放《保守国家秘密法》宣传册。' })).toBe('pass');
  });

  it('a Feishu/Lark document (text_run elements) in a JSON body', async () => {
    const feishu = (first: string) => ({ blocks: [{ block_type: 2, text: { elements: [...first].map((c) => ({ text_run: { content: c } })) } }, ...BODY.map((l) => ({ block_type: 2, text: { elements: [{ text_run: { content: l } }] } }))] });
    expect(await json({ title: '通知', doc: feishu('机密★5年') })).toBe('block');
    expect(await json({ title: '通知', doc: feishu('公开') })).toBe('pass');
  });

  it('HTML in a value as the page it is: an iframe srcdoc, an object\'s data: page', async () => {
    const page = (first: string) => `<iframe srcdoc="&lt;p&gt;${first}&lt;/p&gt;"></iframe>${BODY.map((l) => `<p>${l}</p>`).join('')}`;
    expect(await json({ title: '通知', html: page('机密★5年') })).toBe('block');
    expect(await json({ title: '通知', html: page('公开') })).toBe('pass');
    const object = (first: string) => `<object type="text/html" data="data:text/html;base64,${Buffer.from(`<p>${first}</p>`).toString('base64')}"></object><p>${BODY[2]}</p>`;
    expect(await form({ title: '通知', html: object('秘密★1年') })).toBe('block');
    expect(await form({ title: '通知', html: object('公开') })).toBe('pass');
  });

  it('tags kept as one string, shown one after another: read joined', async () => {
    expect(await json({ title: '通知', keywords: '机,密,★,5,年', body: BODY[2] })).toBe('block');
    expect(await form({ title: '通知', tags: '机、密、★、5、年', body: BODY[2] })).toBe('block');
    expect(await json({ title: '通知', keywords: '公,开', body: BODY[2] })).toBe('pass');
    expect(await form({ title: '通知', tags: '保密,普法,国家安全', body: BODY[2] })).toBe('pass');
  });

  it('a tag kept as a member name', async () => {
    expect(await json({ title: '通知', tags: { '机密★5年': true } })).toBe('block');
    expect(await json({ title: '通知', tags: { 安全保卫: true } })).toBe('pass');
  });

  it('Express: the editor document in a JSON body is stopped with 422', async () => {
    const e = express();
    e.use(prepubExpress({ scanner, json: true }));
    e.post('/upload', (_req, res) => res.json({ ok: true }));
    const server: Server = await new Promise((resolve) => {
      const s = e.listen(0, '127.0.0.1', () => resolve(s));
    });
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/upload`;
      const send = (body: unknown) => fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      const stopped = await send({ title: '通知', content: quill('机密★5年') });
      expect(stopped.status).toBe(422);
      expect((await stopped.json()).files.some((f: { filename: string; verdict: string }) => f.filename === '(json body)' && f.verdict === 'block')).toBe(true);
      expect((await send({ title: '通知', content: quill('公开') })).status).toBe(200);
    } finally {
      await new Promise<void>((r) => server.close(() => r()));
    }
  });
});
