/**
 * POST /v1/review in two more shapes CMSs and browsers send, both refused before (fail closed, yet
 * no answer a hook could use): a web form's body (`application/x-www-form-urlencoded`, 415), and an
 * attachment whose content is a data: URL as a browser's FileReader gives it, or base64url (400).
 * Both are now read: a form's fields as multipart's (title, html, every other field, a name sent
 * twice with each value), a data: URL's base64 with its media type.
 */
import { createScanner, type Scanner } from '@prepub/scanner';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer } from '../src/index.ts';
import { TOKENS, auth } from './helpers.ts';

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
