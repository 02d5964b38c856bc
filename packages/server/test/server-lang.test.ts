/** The service answers in the request's language: `?lang=`, else Accept-Language, else English. */
import { createScanner, type Scanner } from '@prepub/scanner';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { hasCjk } from '@prepub/core';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer } from '../src/index.ts';
import { TOKENS, auth } from './helpers.ts';

let scanner: Scanner;
let app: FastifyInstance;

beforeAll(async () => {
  scanner = await createScanner({ ocr: false, isolation: false });
  app = await createServer({ scanner, tokens: TOKENS, audit: false });
});
afterAll(async () => {
  await app?.close();
  await scanner?.close();
});

const NOTICE = '000012\n机密★5年\n特急\n\n关于做好重点项目调度工作的通知\n';

describe('language of the answers', () => {
  it('error messages follow Accept-Language; codes stay the same', async () => {
    const zh = await app.inject({ method: 'POST', url: '/v1/scan', headers: { 'content-type': 'text/plain', 'accept-language': 'zh-CN,zh;q=0.9,en;q=0.8' }, payload: '通知' });
    const en = await app.inject({ method: 'POST', url: '/v1/scan', headers: { 'content-type': 'text/plain', 'accept-language': 'en-US,en;q=0.9' }, payload: '通知' });
    const none = await app.inject({ method: 'POST', url: '/v1/scan', headers: { 'content-type': 'text/plain' }, payload: '通知' });
    expect(zh.statusCode).toBe(401);
    expect(zh.json().error.code).toBe('missing-token');
    expect(en.json().error.code).toBe('missing-token');
    expect(zh.json().error.message).toBe('需要 API 令牌：Authorization: Bearer <令牌>');
    expect(hasCjk(en.json().error.message)).toBe(false);
    expect(none.json().error.message).toBe(en.json().error.message);
  });

  it('?lang wins over Accept-Language, for unknown routes and empty bodies too', async () => {
    const notFound = await app.inject({ method: 'GET', url: '/v1/nothing?lang=zh', headers: { 'accept-language': 'en' } });
    expect(notFound.statusCode).toBe(404);
    expect(notFound.json().error).toEqual({ code: 'not-found', message: '未找到：GET /v1/nothing' });
    const empty = await app.inject({ method: 'POST', url: '/v1/scan?lang=en', headers: { ...auth(), 'content-type': 'application/octet-stream', 'accept-language': 'zh' }, payload: Buffer.alloc(0) });
    expect(empty.json().error.code).toBe('empty-body');
    expect(empty.json().error.message).toMatch(/empty/);
    const emptyZh = await app.inject({ method: 'POST', url: '/v1/scan', headers: { ...auth(), 'content-type': 'application/octet-stream', 'accept-language': 'zh' }, payload: Buffer.alloc(0) });
    expect(emptyZh.json().error.message).toBe('请求体为空');
  });

  it('errors keep their details in Chinese: which field, how many, how large', async () => {
    const review = (body: unknown) => app.inject({ method: 'POST', url: '/v1/review?lang=zh', headers: { ...auth(), 'content-type': 'application/json' }, payload: JSON.stringify(body) });
    expect((await review({ title: 3 })).json().error).toEqual({ code: 'invalid-request', message: '请求格式不正确：title 必须是字符串' });
    expect((await review({ attachments: [{ filename: 'a.txt', content: '***' }] })).json().error).toEqual({ code: 'invalid-base64', message: 'attachments[0].content 不是有效的 base64' });
    const broken = await app.inject({ method: 'POST', url: '/v1/review?lang=zh', headers: { ...auth(), 'content-type': 'application/json' }, payload: '{ "title": ' });
    expect(broken.json().error.code).toBe('invalid-json');
    expect(broken.json().error.message).toMatch(/^无法解析 JSON 请求体（.+）$/);
  });

  it('an encrypted upload: the unread item explained in Chinese (detailText), the English detail and the ref kept', async () => {
    const bytes = readFileSync(path.join(import.meta.dirname, '..', '..', '..', 'samples', 'docx', 'encrypted.docx'));
    const scan = (lang: string) => app.inject({ method: 'POST', url: `/v1/scan?filename=encrypted.docx&lang=${lang}`, headers: { ...auth(), 'content-type': 'application/octet-stream' }, payload: bytes });
    const [zh, en] = [(await scan('zh')).json(), (await scan('en')).json()];
    expect(zh.verdict).toBe('review');
    const [uz, ue] = [zh.result.coverage.unread[0], en.result.coverage.unread[0]];
    expect(uz.reason).toBe('encrypted');
    expect(uz.detail).toBe(ue.detail);
    expect(uz.detailRef).toEqual({ id: 'unread.detail.encrypted', params: {} });
    expect(uz.detailText).toBe('文件或其部分内容已加密（设有密码或密钥），没有密码无法读取其内容');
    expect(ue.detailText).toBeUndefined();
    expect(zh.result.reasons[0]).toBe('未完整读取：整个文件（已加密）');
  });

  it('findings, reasons and the HTML report in Chinese; verdicts and rule ids unchanged', async () => {
    const scan = (lang: string, format = '') =>
      app.inject({ method: 'POST', url: `/v1/scan?filename=notice.txt&lang=${lang}${format}`, headers: { ...auth(), 'content-type': 'text/plain' }, payload: NOTICE });
    const zh = (await scan('zh')).json();
    const en = (await scan('en')).json();
    expect(zh.verdict).toBe('block');
    expect(en.verdict).toBe('block');
    expect(zh.result.findings.map((f: { ruleId: string }) => f.ruleId)).toEqual(en.result.findings.map((f: { ruleId: string }) => f.ruleId));
    expect(zh.result.findings[0].message).toBe('国家秘密标志 机密★5年（密级：机密，保密期限：5年）');
    expect(en.result.findings[0].message).toBe('State-secret marking 机密★5年 (机密, 5年)');
    expect(zh.result.reasons[0]).toBe('1 处命中应禁止发布：marking.cn-state-secret');
    expect(en.result.reasons[0]).toBe('1 finding(s) at block severity: marking.cn-state-secret');
    const html = (await scan('zh', '&format=html')).body;
    expect(html).toContain('<html lang="zh-CN">');
    expect(html).toContain('禁止发布');
    expect(html).toContain('国家秘密标志 机密★5年');
    const htmlEn = (await scan('en', '&format=html')).body;
    expect(htmlEn).toContain('<html lang="en">');
    expect(htmlEn).not.toContain('禁止发布');
  });

  it('POST /v1/review answers in Chinese with Accept-Language zh: reasons name the article and its attachments', async () => {
    const body = { title: '通知', html: `<p>${NOTICE.replace(/\n/g, '</p><p>')}</p>`, attachments: [{ filename: 'a.txt', content: Buffer.from('本报讯 市图书馆举办读书活动。').toString('base64') }] };
    const zh = await app.inject({ method: 'POST', url: '/v1/review', headers: { ...auth('cms'), 'accept-language': 'zh-CN' }, payload: body });
    const en = await app.inject({ method: 'POST', url: '/v1/review', headers: { ...auth('cms') }, payload: body });
    expect(zh.statusCode).toBe(200);
    expect(zh.json().verdict).toBe(en.json().verdict);
    expect(zh.json().reasons[0]).toBe('文章正文：1 处命中应禁止发布：marking.cn-state-secret');
    expect(en.json().reasons[0]).toBe('article: 1 finding(s) at block severity: marking.cn-state-secret');
    expect(zh.json().reasons).toContain('附件 1（a.txt）：已完整读取；没有需人工审查或禁止发布的命中');
    expect(zh.json().findings[0].message).toMatch(/^国家秘密标志/);
    const empty = await app.inject({ method: 'POST', url: '/v1/review?lang=zh', headers: { ...auth('cms') }, payload: {} });
    expect(empty.json().reasons).toEqual(['无可审查的内容：请求中既没有文章正文，也没有附件']);
  });
});
