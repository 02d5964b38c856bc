import { statSync, existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Validator } from '@seriousme/openapi-schema-validator';
import { SqliteAuditStore } from '@prepub/audit';
import { createScanner, type Scanner } from '@prepub/scanner';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, parseTokenList, matchToken } from '../src/index.ts';
import { TOKENS, auth, gated, multipart, sample, tempDir } from './helpers.ts';

let scanner: Scanner;
let app: FastifyInstance;
let audit: SqliteAuditStore;
const quarantine = join(tempDir('prepub-quarantine-'), 'q');

beforeAll(async () => {
  scanner = await createScanner({ ocr: false });
  audit = new SqliteAuditStore(join(tempDir(), 'audit.sqlite'));
  app = await createServer({ scanner, tokens: TOKENS, audit, quarantine: { dir: quarantine }, maxBodyBytes: 2 * 1024 * 1024, maxAttachments: 4 });
});
afterAll(async () => {
  await app?.close();
  await audit?.close();
  await scanner?.close();
});

const scanRaw = (rel: string, headers: Record<string, string> = {}) =>
  app.inject({ method: 'POST', url: `/v1/scan?filename=${encodeURIComponent(rel.split('/').pop()!)}`, headers: { ...auth(), 'content-type': 'application/octet-stream', ...headers }, payload: sample(rel) });

describe('tokens', () => {
  it('refuses scans without a token or with a wrong one, with WWW-Authenticate', async () => {
    const none = await app.inject({ method: 'POST', url: '/v1/scan', headers: { 'content-type': 'text/plain' }, payload: '通知' });
    expect(none.statusCode).toBe(401);
    expect(none.headers['www-authenticate']).toMatch(/^Bearer/);
    expect(none.json()).toMatchObject({ version: 1, error: { code: 'missing-token' }, publishAllowed: false });
    const wrong = await app.inject({ method: 'POST', url: '/v1/scan', headers: { authorization: `Bearer ${TOKENS.portal}x`, 'content-type': 'text/plain' }, payload: '通知' });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json().error.code).toBe('invalid-token');
    const review = await app.inject({ method: 'POST', url: '/v1/review', headers: { authorization: 'Basic abc' }, payload: { html: 'x' } });
    expect(review.statusCode).toBe(401);
    const decide = await app.inject({ method: 'POST', url: '/v1/decisions', payload: { auditId: 1, decision: 'approved', reason: 'x' } });
    expect(decide.statusCode).toBe(401);
  });

  it('parses PREPUB_TOKENS and refuses to run without tokens or with short secrets', async () => {
    expect(parseTokenList('portal:abc:def, cms:xyz')).toEqual([
      { name: 'portal', secret: 'abc:def' },
      { name: 'cms', secret: 'xyz' },
    ]);
    expect(() => parseTokenList('nocolon')).toThrow(/name:secret/);
    const tokens = parseTokenList(`a:${'1'.repeat(20)},b:${'2'.repeat(20)}`);
    expect(matchToken(tokens, '2'.repeat(20))?.name).toBe('b');
    expect(matchToken(tokens, '2'.repeat(19))).toBeUndefined();
    expect(matchToken(tokens, undefined)).toBeUndefined();
    const saved = process.env.PREPUB_TOKENS;
    delete process.env.PREPUB_TOKENS;
    try {
      await expect(createServer({ scanner, audit: false })).rejects.toThrow(/no API tokens/);
      await expect(createServer({ scanner, audit: false, tokens: { weak: 'short' } })).rejects.toThrow(/shorter than 16/);
      process.env.PREPUB_TOKENS = `envtoken:${'k'.repeat(24)}`;
      const fromEnv = await createServer({ scanner, audit: false });
      const r = await fromEnv.inject({ method: 'POST', url: '/v1/scan', headers: { authorization: `Bearer ${'k'.repeat(24)}`, 'content-type': 'text/plain' }, payload: '关于做好春节期间值班工作的通知' });
      expect(r.statusCode).toBe(200);
      await fromEnv.close();
    } finally {
      if (saved === undefined) delete process.env.PREPUB_TOKENS;
      else process.env.PREPUB_TOKENS = saved;
    }
  });
});

describe('POST /v1/scan', () => {
  it('blocks a notice marked 机密★ and records the decision in the audit trail', async () => {
    const res = await scanRaw('text/notice-jimi-5nian.txt', { 'x-prepub-user': encodeURIComponent('张伟') });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ version: 1, verdict: 'block', publishAllowed: false });
    expect(body.result.findings.some((f: { ruleId: string }) => f.ruleId === 'marking.cn-state-secret')).toBe(true);
    expect(res.headers['x-request-id']).toBe(body.requestId);
    const rec = await audit.get(body.auditId);
    expect(rec).toMatchObject({
      kind: 'scan',
      callerToken: 'portal',
      callerUser: '张伟',
      filename: 'notice-jimi-5nian.txt',
      sha256: body.result.document.sha256,
      size: sample('text/notice-jimi-5nian.txt').length,
      verdict: 'block',
      requestId: body.requestId,
      policyVersion: body.result.policyVersion,
      dictionaryVersion: scanner.info.dictionaryVersion,
    });
    expect(rec!.findings[0]).not.toHaveProperty('excerpt');
    // The audit trail keeps where, not the secret text.
    expect(JSON.stringify(rec)).not.toContain('机密★');
  });

  it('reads a multipart upload and locates a marking in a DOCX header', async () => {
    const { body, contentType } = multipart([{ name: 'file', filename: 'header-marking.docx', value: sample('docx/header-marking.docx') }]);
    const res = await app.inject({ method: 'POST', url: '/v1/scan', headers: { ...auth('cms'), 'content-type': contentType }, payload: body });
    expect(res.statusCode).toBe(200);
    const out = res.json();
    expect(out.verdict).toBe('block');
    expect(out.result.document.filename).toBe('header-marking.docx');
    expect(out.result.findings.find((f: { ruleId: string }) => f.ruleId === 'marking.cn-state-secret').location.role).toBe('header');
  });

  it('passes a public notice; takes a percent-encoded X-Filename', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/v1/scan',
      headers: { ...auth(), 'content-type': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'x-filename': encodeURIComponent('关于春节放假的通知.docx') },
      payload: sample('docx/benign-public-notice.docx'),
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ verdict: 'pass', publishAllowed: true, result: { document: { filename: '关于春节放假的通知.docx' } } });
  });

  it('never passes what it could not read: an encrypted DOCX is review with the reason', async () => {
    const res = await scanRaw('docx/encrypted.docx');
    expect(res.statusCode).toBe(200);
    const out = res.json();
    expect(out.verdict).not.toBe('pass');
    expect(out.publishAllowed).toBe(false);
    expect(out.result.coverage.unread.length).toBeGreaterThan(0);
    const rec = await audit.get(out.auditId);
    expect(rec!.unread.length).toBeGreaterThan(0);
  });

  it('answers bad input with clear 4xx', async () => {
    const json = await app.inject({ method: 'POST', url: '/v1/scan', headers: auth(), payload: { title: 'x' } });
    expect(json.statusCode).toBe(415);
    expect(json.json().error.code).toBe('unsupported-media-type');
    const weird = await app.inject({ method: 'POST', url: '/v1/scan', headers: { ...auth(), 'content-type': 'application/x-unknown' }, payload: 'abc' });
    expect(weird.statusCode).toBe(415);
    const empty = await app.inject({ method: 'POST', url: '/v1/scan', headers: { ...auth(), 'content-type': 'application/octet-stream' }, payload: '' });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error.code).toBe('empty-body');
    const big = await app.inject({ method: 'POST', url: '/v1/scan', headers: { ...auth(), 'content-type': 'text/plain' }, payload: Buffer.alloc(2 * 1024 * 1024 + 1, 0x41) });
    expect(big.statusCode).toBe(413);
    expect(big.json()).toMatchObject({ error: { code: 'too-large' }, publishAllowed: false });
    const bigPart = multipart([{ name: 'file', filename: 'big.txt', value: Buffer.alloc(2 * 1024 * 1024 + 10, 0x41) }]);
    const bigMp = await app.inject({ method: 'POST', url: '/v1/scan', headers: { ...auth(), 'content-type': bigPart.contentType }, payload: bigPart.body });
    expect(bigMp.statusCode).toBe(413);
    const good = multipart([{ name: 'file', filename: 'a.txt', value: '会议纪要' }]);
    const cut = await app.inject({ method: 'POST', url: '/v1/scan', headers: { ...auth(), 'content-type': good.contentType }, payload: good.body.subarray(0, good.body.length - 20) });
    expect(cut.statusCode).toBe(400);
    expect(cut.json().error.code).toBe('malformed-multipart');
    const noBoundary = await app.inject({ method: 'POST', url: '/v1/scan', headers: { ...auth(), 'content-type': 'multipart/form-data' }, payload: good.body });
    expect(noBoundary.statusCode).toBeGreaterThanOrEqual(400);
    expect(noBoundary.statusCode).toBeLessThan(500);
    const two = multipart([
      { name: 'a', filename: 'a.txt', value: '一' },
      { name: 'b', filename: 'b.txt', value: '二' },
    ]);
    const twoRes = await app.inject({ method: 'POST', url: '/v1/scan', headers: { ...auth(), 'content-type': two.contentType }, payload: two.body });
    expect(twoRes.statusCode).toBe(400);
    expect(twoRes.json().error.code).toBe('one-file-only');
    const none = multipart([{ name: 'note', value: '没有文件' }]);
    expect((await app.inject({ method: 'POST', url: '/v1/scan', headers: { ...auth(), 'content-type': none.contentType }, payload: none.body })).json().error.code).toBe('no-file');
    const notFound = await app.inject({ method: 'GET', url: '/v2/nothing' });
    expect(notFound.statusCode).toBe(404);
    expect(notFound.json().publishAllowed).toBe(false);
  });

  it('keeps quarantined copies of block/review uploads only, mode 0600, named by SHA-256', async () => {
    const blocked = (await scanRaw('text/memo-secret-noforn.txt')).json();
    expect(blocked.verdict).toBe('block');
    const path = join(quarantine, blocked.result.document.sha256);
    expect(existsSync(path)).toBe(true);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(statSync(quarantine).mode & 0o777).toBe(0o700);
    const passed = (await scanRaw('text/public-notice.txt')).json();
    expect(passed.verdict).toBe('pass');
    expect(readdirSync(quarantine)).not.toContain(passed.result.document.sha256);
  });
});

describe('POST /v1/review (CMS hook)', () => {
  it('combines article and attachments: worst verdict wins and each finding names its attachment', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/v1/review',
      headers: { ...auth('cms'), 'x-prepub-user': 'editor-li' },
      payload: {
        title: '关于开展2025年安全生产月活动的通知',
        html: '<p>各单位：为进一步落实安全生产责任，现就有关事项通知如下。</p>',
        attachments: [
          { filename: '活动方案.docx', content: sample('docx/benign-public-notice.docx').toString('base64') },
          { filename: '附件2-工作安排.docx', content: sample('docx/header-marking.docx').toString('base64') },
        ],
      },
    });
    expect(res.statusCode).toBe(200);
    const out = res.json();
    expect(out).toMatchObject({ version: 1, verdict: 'block', publishAllowed: false });
    expect(out.items.map((i: { source: { kind: string }; verdict: string }) => [i.source.kind, i.verdict])).toEqual([
      ['article', 'pass'],
      ['attachment', 'pass'],
      ['attachment', 'block'],
    ]);
    const marking = out.findings.find((f: { ruleId: string }) => f.ruleId === 'marking.cn-state-secret');
    expect(marking.source).toEqual({ kind: 'attachment', index: 1, filename: '附件2-工作安排.docx' });
    const rec = await audit.get(out.auditId);
    expect(rec).toMatchObject({ kind: 'review', verdict: 'block', callerToken: 'cms', callerUser: 'editor-li', filename: '关于开展2025年安全生产月活动的通知' });
    expect(rec!.findings.some((f) => f.source === '附件2-工作安排.docx')).toBe(true);
    expect((rec!.detail as { items: unknown[] }).items).toHaveLength(3);
  });

  it('finds a marking hidden in the article HTML itself', async () => {
    const res = await app.inject({ method: 'POST', url: '/v1/review', headers: auth('cms'), payload: { title: '工作动态', html: sample('html/hidden-div.html').toString('utf8') } });
    const out = res.json();
    expect(out.verdict).toBe('block');
    expect(out.findings[0].source.kind).toBe('article');
  });

  it('passes a clean article and never passes one with an unread attachment', async () => {
    const clean = await app.inject({ method: 'POST', url: '/v1/review', headers: auth('cms'), payload: { title: '区政府召开春季植树活动动员会', html: '<p>3月12日上午，区政府组织机关干部参加义务植树活动。</p>' } });
    expect(clean.json()).toMatchObject({ verdict: 'pass', publishAllowed: true });
    const unread = await app.inject({
      method: 'POST',
      url: '/v1/review',
      headers: auth('cms'),
      payload: { title: '区政府召开春季植树活动动员会', html: '<p>植树</p>', attachments: [{ filename: '照片说明.docx', content: sample('docx/encrypted.docx').toString('base64') }] },
    });
    const out = unread.json();
    expect(out.verdict).toBe('review');
    expect(out.publishAllowed).toBe(false);
    expect(out.unread[0].source.filename).toBe('照片说明.docx');
    const nothing = await app.inject({ method: 'POST', url: '/v1/review', headers: auth('cms'), payload: {} });
    expect(nothing.json()).toMatchObject({ verdict: 'review', publishAllowed: false });
  });

  it('accepts the same as multipart parts', async () => {
    const { body, contentType } = multipart([
      { name: 'title', value: '内部通报' },
      { name: 'html', value: '<p>现将有关情况通报如下。</p>' },
      { name: 'attachment', filename: 'roster.txt', type: 'text/plain', value: sample('text/roster-staff.txt') },
    ]);
    const res = await app.inject({ method: 'POST', url: '/v1/review', headers: { ...auth('cms'), 'content-type': contentType }, payload: body });
    expect(res.statusCode).toBe(200);
    const out = res.json();
    expect(out.verdict).toBe('review');
    expect(out.findings.some((f: { ruleId: string; source: { filename: string } }) => f.ruleId === 'pii.cn-id-card' && f.source.filename === 'roster.txt')).toBe(true);
  });

  it('answers malformed requests with 400/413/415', async () => {
    const badJson = await app.inject({ method: 'POST', url: '/v1/review', headers: { ...auth(), 'content-type': 'application/json' }, payload: '{"title": ' });
    expect(badJson.statusCode).toBe(400);
    expect(badJson.json().error.code).toBe('invalid-json');
    const badB64 = await app.inject({ method: 'POST', url: '/v1/review', headers: auth(), payload: { attachments: [{ filename: 'a.pdf', content: '***not base64***' }] } });
    expect(badB64.statusCode).toBe(400);
    expect(badB64.json().error.code).toBe('invalid-base64');
    const wrongShape = await app.inject({ method: 'POST', url: '/v1/review', headers: auth(), payload: { title: 5 } });
    expect(wrongShape.statusCode).toBe(400);
    const tooMany = await app.inject({ method: 'POST', url: '/v1/review', headers: auth(), payload: { attachments: Array.from({ length: 5 }, () => ({ filename: 'a.txt', content: 'YQ==' })) } });
    expect(tooMany.statusCode).toBe(413);
    const text = await app.inject({ method: 'POST', url: '/v1/review', headers: { ...auth(), 'content-type': 'text/plain' }, payload: 'hello' });
    expect(text.statusCode).toBe(415);
  });
});

describe('reviewer sign-off', () => {
  it('approves a review item, links it to the scan, refuses a second decision and non-review items', async () => {
    const scanned = (await scanRaw('text/roster-staff.txt')).json();
    expect(scanned.verdict).toBe('review');
    const ok = await app.inject({ method: 'POST', url: '/v1/decisions', headers: { ...auth(), 'x-prepub-user': encodeURIComponent('王主任') }, payload: { auditId: scanned.auditId, decision: 'approved', reason: '名单已脱敏，可以发布' } });
    expect(ok.statusCode).toBe(201);
    expect(ok.json().decision).toMatchObject({ kind: 'decision', ref: scanned.auditId, decision: 'approved', callerUser: '王主任', callerToken: 'portal' });
    const again = await app.inject({ method: 'POST', url: '/v1/decisions', headers: auth(), payload: { auditId: scanned.auditId, decision: 'rejected', reviewer: '李科长', reason: '再议' } });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('already-decided');
    const blocked = (await scanRaw('text/notice-mimi-bare.txt')).json();
    const nope = await app.inject({ method: 'POST', url: '/v1/decisions', headers: auth(), payload: { auditId: blocked.auditId, decision: 'approved', reviewer: '李科长', reason: '误报' } });
    expect(nope.statusCode).toBe(409);
    const missing = await app.inject({ method: 'POST', url: '/v1/decisions', headers: auth(), payload: { auditId: 99999, decision: 'approved', reviewer: '李科长', reason: 'x' } });
    expect(missing.statusCode).toBe(404);
    const noReviewer = await app.inject({ method: 'POST', url: '/v1/decisions', headers: auth(), payload: { auditId: scanned.auditId, decision: 'approved', reason: 'x' } });
    expect(noReviewer.statusCode).toBe(400);
    const invalid = await app.inject({ method: 'POST', url: '/v1/decisions', headers: auth(), payload: { auditId: 'one', decision: 'maybe' } });
    expect(invalid.statusCode).toBe(400);
    const shown = await app.inject({ method: 'GET', url: `/v1/audit/${scanned.auditId}`, headers: auth() });
    expect(shown.json().decisions[0]).toMatchObject({ decision: 'approved', reason: '名单已脱敏，可以发布' });
    expect((await audit.verifyChain()).ok).toBe(true);
  });
});

describe('deadline', () => {
  it('stops a scan past the deadline with 504 and aborts its signal', async () => {
    const g = gated(scanner);
    const slow = await createServer({ scanner: g.scanner, tokens: TOKENS, audit: false, scanTimeoutMs: 300 });
    try {
      const t0 = Date.now();
      const res = await slow.inject({ method: 'POST', url: '/v1/scan', headers: { ...auth(), 'content-type': 'text/plain' }, payload: '会议纪要' });
      expect(res.statusCode).toBe(504);
      expect(res.json()).toMatchObject({ error: { code: 'deadline' }, publishAllowed: false });
      expect(Date.now() - t0).toBeLessThan(3000);
      expect(g.signals[0].aborted).toBe(true);
      expect(await slow.inject({ url: '/metrics' }).then((r) => r.body)).toMatch(/prepub_scan_deadline_exceeded_total 1/);
    } finally {
      g.open();
      await slow.close();
    }
  });
});

describe('operations', () => {
  it('serves health, Prometheus metrics and a valid OpenAPI 3.1 document', async () => {
    const health = await app.inject({ url: '/healthz' });
    expect(health.json()).toMatchObject({ status: 'ok', audit: 'sqlite', queue: { active: 0 } });
    const metrics = await app.inject({ url: '/metrics' });
    expect(metrics.headers['content-type']).toMatch(/^text\/plain; version=0.0.4/);
    const text = metrics.body;
    expect(text).toMatch(/prepub_http_requests_total\{route="\/v1\/scan",method="POST",status="200"\} \d+/);
    expect(text).toMatch(/prepub_http_requests_total\{route="\/v1\/scan",method="POST",status="401"\} \d+/);
    expect(text).toMatch(/prepub_verdicts_total\{route="\/v1\/scan",verdict="block"\} \d+/);
    expect(text).toMatch(/prepub_scan_duration_seconds_bucket\{le="\+Inf",route="\/v1\/review"\} \d+/);
    expect(text).toMatch(/^prepub_queue_depth 0$/m);
    // prom-client's default process metrics are there too.
    for (const name of ['process_cpu_user_seconds_total', 'process_resident_memory_bytes', 'nodejs_eventloop_lag_seconds', 'nodejs_heap_size_used_bytes']) expect(text).toMatch(new RegExp(`^${name} [0-9.e+-]+$`, 'm'));
    for (const line of text.trim().split('\n')) if (line) expect(line).toMatch(/^(# (HELP|TYPE) \w+ .+|\w+(\{[^}]*\})? [0-9.e+-]+|\w+(\{[^}]*\})? (NaN|[+-]Inf))$/);
    const doc = (await app.inject({ url: '/openapi.json' })).json();
    expect(doc.openapi).toBe('3.1.0');
    const validator = new Validator();
    const result = await validator.validate(doc);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/v1/scan', '/v1/review', '/v1/decisions', '/healthz', '/metrics', '/openapi.json']));
  });
});
