/**
 * An older Chinese CMS posts its forms and JSON in GBK without naming a charset. busboy (Express),
 * @fastify/multipart and the JSON and form readers decoded the bytes as UTF-8: every Chinese
 * character U+FFFD, the upload `review` whatever it said. The bytes are now taken as sent and, when
 * they are not UTF-8 but read as GB18030, read so (`upload.encoding`, `requestEncoding` in the
 * results): the marked notice is stopped as block, the 公开 one passes; Big5 and damaged UTF-8 stay
 * review. And a multipart field sent as `application/json` (@fastify/multipart parses it) was read
 * as `[object Object]` by the Fastify plugin: it passed; it is now read as its JSON.
 */
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { createScanner, type Scanner } from '@prepub/scanner';
import express from 'express';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepubExpress, prepubFastify, type PrepubUpload } from '../src/index.ts';

const BODY = ['江临市人民政府办公室文件', '关于做好2027年元旦春节期间安全保卫工作的通知', '各区县人民政府，市政府各部门：'];
const html = (first: string) => [first, ...BODY].filter(Boolean).map((l) => `<p>${l}</p>`).join('');

/** The bytes of `s` in a legacy double-byte encoding, by its TextDecoder run backwards. */
function legacy(label: string, s: string): Buffer {
  const dec = new TextDecoder(label);
  const table = new Map<string, number[]>();
  for (let hi = 0x81; hi <= 0xfe; hi++)
    for (let lo = 0x40; lo <= 0xfe; lo++) {
      const c = dec.decode(Uint8Array.from([hi, lo]));
      if (c.length === 1 && c !== '\ufffd' && !table.has(c)) table.set(c, [hi, lo]);
    }
  return Buffer.from([...s].flatMap((c) => (c.charCodeAt(0) < 0x80 ? [c.charCodeAt(0)] : table.get(c)!)));
}
const gbk = (s: string) => legacy('gbk', s);
const pct = (b: Buffer) => [...b].map((x) => `%${x.toString(16).padStart(2, '0')}`).join('');

function multipart(parts: Array<{ name: string; value: Buffer; type?: string }>): { body: Buffer; type: string } {
  const b = `----prepub${Math.random().toString(16).slice(2)}`;
  const chunks: Buffer[] = [];
  for (const p of parts) chunks.push(Buffer.from(`--${b}\r\nContent-Disposition: form-data; name="${p.name}"\r\n${p.type ? `Content-Type: ${p.type}\r\n` : ''}\r\n`), p.value, Buffer.from('\r\n'));
  chunks.push(Buffer.from(`--${b}--\r\n`));
  return { body: Buffer.concat(chunks), type: `multipart/form-data; boundary=${b}` };
}

const shapes = {
  json: (first: string) => ({ body: gbk(JSON.stringify({ title: '通知', html: html(first) })), type: 'application/json' }),
  multipart: (first: string) => multipart([{ name: 'title', value: gbk('通知') }, { name: 'html', value: gbk(html(first)) }]),
  urlencoded: (first: string) => ({ body: Buffer.from(`title=${pct(gbk('通知'))}&html=${pct(gbk(html(first)))}`), type: 'application/x-www-form-urlencoded' }),
};

let scanner: Scanner;
const portals: Array<{ name: string; url: string; seen: PrepubUpload[]; close: () => Promise<void> }> = [];
beforeAll(async () => {
  scanner = await createScanner({ ocr: false });
  const e = express();
  const eSeen: PrepubUpload[] = [];
  e.use(prepubExpress({ scanner, json: true, urlencoded: true }));
  e.post('/upload', (req, res) => {
    eSeen.push(req.prepub!);
    res.json({ fields: req.body });
  });
  const server: Server = await new Promise((resolve) => {
    const s = e.listen(0, '127.0.0.1', () => resolve(s));
  });
  portals.push({ name: 'express', url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/upload`, seen: eSeen, close: () => new Promise<void>((r) => server.close(() => r())) });
  const f = Fastify();
  const fSeen: PrepubUpload[] = [];
  await f.register(prepubFastify, { scanner, json: true, urlencoded: true });
  f.post('/upload', async (req) => {
    fSeen.push(req.prepub!);
    return { fields: req.prepub!.json ?? req.prepub!.fields };
  });
  portals.push({ name: 'fastify', url: `${await f.listen({ port: 0, host: '127.0.0.1' })}/upload`, seen: fSeen, close: () => f.close() });
});
afterAll(async () => {
  for (const p of portals) await p.close();
  await scanner?.close();
});

const send = async (url: string, r: { body: Buffer; type: string }) => {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': r.type }, body: new Uint8Array(r.body) });
  const j = await res.json();
  return { verdict: res.status === 200 ? 'pass' : (j.verdict as string), body: j };
};

describe.each(['express', 'fastify'])('%s: GBK without a charset', (name) => {
  const portal = () => portals.find((p) => p.name === name)!;
  it.each(Object.keys(shapes) as Array<keyof typeof shapes>)('%s is read as GB18030, and said so', async (shape) => {
    expect((await send(portal().url, shapes[shape]('机密★5年'))).verdict).toBe('block');
    const clean = await send(portal().url, shapes[shape]('公开'));
    expect(clean.verdict).toBe('pass');
    // The handler gets the fields decoded, and the upload says how.
    expect(JSON.stringify(clean.body.fields)).toContain('公开');
    const seen = portal().seen.at(-1)!;
    expect(seen.encoding).toBe('gb18030');
    expect(seen.text?.document.info).toMatchObject({ requestEncoding: 'gb18030' });
  });

  it('Big5 or damaged UTF-8 stays review; UTF-8 is unchanged', async () => {
    expect((await send(portal().url, { body: legacy('big5', JSON.stringify({ title: '通知', html: '<p>機密★5年</p><p>各單位：</p>' })), type: 'application/json' })).verdict).toBe('review');
    const damaged = Buffer.from(JSON.stringify({ title: '通知', html: html('公开') }));
    damaged[damaged.indexOf(Buffer.from('各')) + 1] = 0x41;
    expect((await send(portal().url, { body: damaged, type: 'application/json' })).verdict).toBe('review');
    const m = multipart([{ name: 'title', value: Buffer.from('通知 Café') }, { name: 'html', value: Buffer.from(html('公开')), type: 'text/plain; charset=utf-8' }]);
    const utf8 = await send(portal().url, m);
    expect(utf8.verdict).toBe('pass');
    expect(utf8.body.fields.title).toBe('通知 Café');
    expect(portal().seen.at(-1)!.encoding).toBeUndefined();
  });

  it('a multipart field sent as application/json is read as its JSON', async () => {
    const m = (summary: string) => multipart([{ name: 'title', value: Buffer.from('通知') }, { name: 'meta', value: Buffer.from(JSON.stringify({ summary })), type: 'application/json' }]);
    expect((await send(portal().url, m('机密★5年'))).verdict).toBe('block');
    expect((await send(portal().url, m('公开'))).verdict).toBe('pass');
  });
});
