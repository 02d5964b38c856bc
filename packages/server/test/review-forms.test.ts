/**
 * POST /v1/review in two more shapes CMSs and browsers send, both refused before (fail closed, yet
 * no answer a hook could use): a web form's body (`application/x-www-form-urlencoded`, 415), and an
 * attachment whose content is a data: URL as a browser's FileReader gives it, or base64url (400).
 * Both are now read: a form's fields as multipart's (title, html, every other field, a name sent
 * twice with each value), a data: URL's base64 with its media type. And a JSON body in the charset
 * its Content-Type names (an older CMS posts GBK) or UTF-16 with a byte order mark was read as
 * UTF-8 (review as lost text, or 400); a multipart form with more than 20 text fields was 413,
 * though JSON may carry 100.
 */
import { createScanner, type Scanner } from '@prepub/scanner';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer } from '../src/index.ts';
import { TOKENS, auth, multipart } from './helpers.ts';

let scanner: Scanner;
let app: FastifyInstance;
beforeAll(async () => {
  scanner = await createScanner({ ocr: false });
  app = await createServer({ scanner, tokens: TOKENS, audit: false, maxBodyBytes: 2 * 1024 * 1024, maxAttachments: 4 });
});
afterAll(async () => {
  await app?.close();
  await scanner?.close();
});

const BODY = ['江临市人民政府办公室文件', '临政办发〔2026〕17号', '关于做好2027年元旦春节期间安全保卫工作的通知', '各区县人民政府，市政府各部门：'];
const html = (first: string) => [first, ...BODY].filter(Boolean).map((l) => `<p>${l}</p>`).join('');
const form = async (entries: Array<[string, string]>) => {
  const r = await app.inject({ method: 'POST', url: '/v1/review', headers: { ...auth('cms'), 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams(entries).toString() });
  expect(r.statusCode).toBe(200);
  return r.json();
};

describe('a web form body', () => {
  it('title, html and other fields are read; a name sent twice with each value', async () => {
    expect((await form([['title', '通知'], ['html', html('机密★5年')]])).verdict).toBe('block');
    expect((await form([['title', '通知'], ['html', html('')]])).verdict).toBe('pass');
    expect((await form([['title', '通知'], ['html', html('机密★5年')], ['html', html('')]])).verdict).toBe('block');
    const other = await form([['title', '通知'], ['html', html('')], ['summary', '秘密★1年']]);
    expect(other.verdict).toBe('block');
    expect(other.findings[0].source).toEqual({ kind: 'field', filename: 'summary' });
    expect((await form([['title', '通知'], ['html', html('')], ['summary', BODY[2]]])).verdict).toBe('pass');
  });
});

describe('an attachment as a data: URL or base64url', () => {
  const post = (content: string) => app.inject({ method: 'POST', url: '/v1/review', headers: auth('cms'), payload: { title: '通知', html: html(''), attachments: [{ filename: '附件.txt', content }] } });
  it('is read', async () => {
    const marked = Buffer.from(['绝密★启用前', ...BODY].join('\n'));
    const clean = Buffer.from(BODY.join('\n'));
    expect((await post(`data:text/plain;charset=utf-8;base64,${marked.toString('base64')}`)).json().verdict).toBe('block');
    expect((await post(`data:text/plain;charset=utf-8;base64,${clean.toString('base64')}`)).json().verdict).toBe('pass');
    expect((await post(marked.toString('base64url'))).json().verdict).toBe('block');
    expect((await post(clean.toString('base64url'))).json().verdict).toBe('pass');
    // Neither base64 nor a data: URL of base64: still refused.
    expect((await post('data:text/plain,机密★5年')).statusCode).toBe(400);
  });
});

describe('a JSON body in another charset; a multipart form with many fields', () => {
  const raw = (bytes: Buffer, type: string) => app.inject({ method: 'POST', url: '/v1/review', headers: { ...auth('cms'), 'content-type': type }, payload: bytes });
  it('GBK as its Content-Type names it, UTF-16 by its byte order mark', async () => {
    const body = (first: string) => JSON.stringify({ title: '通知', html: html(first) });
    const gbk = (s: string) => Buffer.from(gbkBytes(s));
    expect((await raw(gbk(body('机密★5年')), 'application/json; charset=gbk')).json().verdict).toBe('block');
    expect((await raw(gbk(body('')), 'application/json; charset=gbk')).json().verdict).toBe('pass');
    const utf16 = (s: string) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(s, 'utf16le')]);
    expect((await raw(utf16(body('机密★5年')), 'application/json')).json().verdict).toBe('block');
    expect((await raw(utf16(body('')), 'application/json')).json().verdict).toBe('pass');
  });

  it('30 text fields are read, the marked one blocks', async () => {
    const parts = (last: string) => [{ name: 'title', value: '通知' }, { name: 'html', value: html('') }, ...Array.from({ length: 29 }, (_, i) => ({ name: `f${i}`, value: BODY[i % BODY.length] })), { name: 'remark', value: last }];
    const send = (last: string) => {
      const m = multipart(parts(last));
      return app.inject({ method: 'POST', url: '/v1/review', headers: { ...auth('cms'), 'content-type': m.contentType }, payload: m.body });
    };
    expect((await send('秘密★1年')).json().verdict).toBe('block');
    expect((await send('请各单位认真贯彻落实。')).json().verdict).toBe('pass');
  });
});

/** GBK bytes of `s`, by a GBK TextDecoder run backwards over the characters the notice uses. */
function gbkBytes(s: string): Uint8Array {
  const dec = new TextDecoder('gbk');
  const table = new Map<string, number[]>();
  for (let hi = 0x81; hi <= 0xfe; hi++)
    for (let lo = 0x40; lo <= 0xfe; lo++) {
      if (lo === 0x7f) continue;
      const c = dec.decode(Uint8Array.from([hi, lo]));
      if (c.length === 1 && c !== '\ufffd' && !table.has(c)) table.set(c, [hi, lo]);
    }
  const out: number[] = [];
  for (const c of s) {
    const code = c.charCodeAt(0);
    if (code < 0x80) out.push(code);
    else {
      const b = table.get(c);
      if (!b) throw new Error(`no GBK bytes for ${c}`);
      out.push(...b);
    }
  }
  return Uint8Array.from(out);
}

describe('GBK without a charset (an older CMS posting its forms and JSON)', () => {
  const raw = (bytes: Buffer | string, type: string) => app.inject({ method: 'POST', url: '/v1/review', headers: { ...auth('cms'), 'content-type': type }, payload: bytes });
  const gbk = (s: string) => Buffer.from(gbkBytes(s));
  const pct = (b: Uint8Array) => [...b].map((x) => `%${x.toString(16).padStart(2, '0')}`).join('');
  const shapes = {
    json: (first: string) => raw(gbk(JSON.stringify({ title: '通知', html: html(first) })), 'application/json'),
    multipart: (first: string) => {
      const m = multipart([{ name: 'title', value: gbk('通知') }, { name: 'html', value: gbk(html(first)) }]);
      return raw(m.body, m.contentType);
    },
    form: (first: string) => raw(`title=${pct(gbk('通知'))}&html=${pct(gbk(html(first)))}`, 'application/x-www-form-urlencoded'),
  };
  it.each(Object.keys(shapes) as Array<keyof typeof shapes>)('%s: read as GB18030, and said so', async (shape) => {
    const marked = (await shapes[shape]('机密★5年')).json();
    expect(marked.verdict).toBe('block');
    expect(marked.results[0].result.document.info).toMatchObject({ requestEncoding: 'gb18030' });
    const clean = (await shapes[shape]('公开')).json();
    expect(clean.verdict).toBe('pass');
    expect(clean.results[0].result.document.info).toMatchObject({ requestEncoding: 'gb18030' });
  });
  it('bytes that are neither UTF-8 nor GB18030 stay unread (review)', async () => {
    // Big5 (密 is B1 4B): not taken for GBK; UTF-8 with a damaged byte: not either.
    const big5 = Buffer.from(legacyBytes('big5', JSON.stringify({ title: '通知', html: '<p>機密★5年</p><p>各單位：</p>' })));
    expect((await raw(big5, 'application/json')).json().verdict).toBe('review');
    const damaged = Buffer.from(JSON.stringify({ title: '通知', html: html('公开') }));
    damaged[damaged.indexOf(Buffer.from('各')) + 1] = 0x41;
    expect((await raw(damaged, 'application/json')).json().verdict).toBe('review');
    // UTF-8 as before, unrecorded.
    const utf8 = (await raw(Buffer.from(JSON.stringify({ title: '通知', html: html('') })), 'application/json')).json();
    expect(utf8.verdict).toBe('pass');
    expect(utf8.results[0].result.document.info?.requestEncoding).toBeUndefined();
  });
  it('a multipart field sent as application/json is read as its JSON (it was read as [object Object])', async () => {
    const send = (summary: string) => {
      const m = multipart([{ name: 'title', value: '通知' }, { name: 'html', value: html('') }, { name: 'meta', value: Buffer.from(JSON.stringify({ summary })), filename: undefined }]);
      const body = Buffer.from(m.body.toString('latin1').replace(/(name="meta"\r\n)/, '$1Content-Type: application/json\r\n'), 'latin1');
      return raw(body, m.contentType);
    };
    expect((await send('机密★5年')).json().verdict).toBe('block');
    expect((await send('公开')).json().verdict).toBe('pass');
  });
});

/** The bytes of `s` in a legacy double-byte encoding, by its TextDecoder run backwards. */
function legacyBytes(label: string, s: string): Uint8Array {
  const dec = new TextDecoder(label);
  const table = new Map<string, number[]>();
  for (let hi = 0x81; hi <= 0xfe; hi++)
    for (let lo = 0x40; lo <= 0xfe; lo++) {
      const c = dec.decode(Uint8Array.from([hi, lo]));
      if (c.length === 1 && c !== '\ufffd' && !table.has(c)) table.set(c, [hi, lo]);
    }
  return Uint8Array.from([...s].flatMap((c) => (c.charCodeAt(0) < 0x80 ? [c.charCodeAt(0)] : (table.get(c) ?? [0x3f, 0x3f]))));
}

describe('a body sent compressed (Content-Encoding)', () => {
  const send = (bytes: Buffer, encoding: string, type = 'application/json') => app.inject({ method: 'POST', url: '/v1/review', headers: { ...auth('cms'), 'content-type': type, 'content-encoding': encoding }, payload: bytes });
  it('gzip, deflate and br are read decompressed; a bomb is 413, damaged data 400, an unknown coding 415', async () => {
    const { gzipSync, deflateSync, brotliCompressSync } = await import('node:zlib');
    const body = (first: string) => Buffer.from(JSON.stringify({ title: '通知', html: html(first) }));
    for (const [enc, z] of [['gzip', gzipSync], ['deflate', deflateSync], ['br', brotliCompressSync]] as const) {
      expect((await send(z(body('机密★5年')), enc)).json().verdict, enc).toBe('block');
      expect((await send(z(body('')), enc)).json().verdict, enc).toBe('pass');
    }
    expect((await send(gzipSync(Buffer.from(new URLSearchParams([['title', '通知'], ['html', html('秘密★1年')]]).toString())), 'gzip', 'application/x-www-form-urlencoded')).json().verdict).toBe('block');
    // 2 MiB limit (×1.37 for base64): 8 MiB of spaces compressed to a few kB is refused.
    const bomb = gzipSync(Buffer.concat([Buffer.from('{"title":"通知","html":"'), Buffer.alloc(8 * 1024 * 1024, 0x20), Buffer.from('"}')]));
    const big = await send(bomb, 'gzip');
    expect(big.statusCode).toBe(413);
    expect(big.json().publishAllowed).toBe(false);
    expect((await send(Buffer.from('not gzip at all'), 'gzip')).statusCode).toBe(400);
    expect((await send(body('机密★5年'), 'compress')).statusCode).toBe(415);
  });
});
