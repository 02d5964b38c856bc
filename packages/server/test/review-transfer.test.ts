/**
 * POST /v1/review with multipart parts sent base64 or quoted-printable (Content-Transfer-Encoding,
 * RFC 2388's habit that mail-derived HTTP clients keep): busboy hands such a field over as sent, so
 * an html field carrying a notice whose first line is 机密★5年 was read as base64 letters or `=E6=9C`
 * and passed, while a CMS whose framework decodes the part publishes the notice. Such parts are now
 * read decoded (base64 only when the part is base64); the 公开 twins pass.
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

const BODY = ['江临市人民政府办公室文件', '临政办发〔2026〕17号', '关于做好2027年元旦春节期间安全保卫工作的通知', '各区县人民政府，市政府各部门：', '为确保节日期间社会稳定，现就有关事项通知如下。'];
const html = (first: string) => [first, ...BODY].filter(Boolean).map((l) => `<p>${l}</p>`).join('');
const raw = (body: string | Buffer, type: string) => app.inject({ method: 'POST', url: '/v1/review', headers: { ...auth('cms'), 'content-type': type }, payload: body });
const verdict = async (p: Promise<{ json(): { verdict: string } }>) => (await p).json().verdict;

describe('multipart parts sent with a Content-Transfer-Encoding', () => {
  const form = (encoding: 'base64' | 'quoted-printable', value: string, file = false) => {
    const b = '----prepubCTE';
    const data = Buffer.from(value);
    const body = encoding === 'base64' ? data.toString('base64').replace(/(.{76})/g, '$1\r\n') : [...data].map((x) => (x > 0x7e || x === 0x3d ? `=${x.toString(16).toUpperCase()}` : String.fromCharCode(x))).join('');
    const disposition = file ? 'name="file"; filename="notice.txt"\r\nContent-Type: text/plain; charset=utf-8' : 'name="html"\r\nContent-Type: text/html; charset=utf-8';
    const payload = Buffer.from(`--${b}\r\nContent-Disposition: form-data; name="title"\r\n\r\n通知\r\n--${b}\r\nContent-Disposition: form-data; ${disposition}\r\nContent-Transfer-Encoding: ${encoding}\r\n\r\n${body}\r\n--${b}--\r\n`);
    return raw(payload, `multipart/form-data; boundary=${b}`);
  };

  it.each(['base64', 'quoted-printable'] as const)('an html field sent %s is read decoded: marked blocks, 公开 passes', async (enc) => {
    expect(await verdict(form(enc, html('机密★5年')))).toBe('block');
    expect(await verdict(form(enc, html('公开')))).toBe('pass');
  });

  it('a field declared base64 that is not (raw HTML) is read as sent', async () => {
    const b = '----prepubCTE2';
    const payload = Buffer.from(`--${b}\r\nContent-Disposition: form-data; name="title"\r\n\r\n通知\r\n--${b}\r\nContent-Disposition: form-data; name="html"\r\nContent-Transfer-Encoding: base64\r\n\r\n${html('机密★5年')}\r\n--${b}--\r\n`);
    expect(await verdict(raw(payload, `multipart/form-data; boundary=${b}`))).toBe('block');
  });

  it('a file part sent base64 is read decoded (the text reader found its base64 already: kept as a guard)', async () => {
    expect(await verdict(form('base64', ['秘密★1年', ...BODY].join('\n'), true))).toBe('block');
    expect(await verdict(form('base64', BODY.join('\n'), true))).toBe('pass');
  });
});
