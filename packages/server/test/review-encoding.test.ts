// POST /v1/review with text attachments whose bytes do not all decode: never publishable.
import { join } from 'node:path';
import { SqliteAuditStore } from '@prepub/audit';
import { createScanner, type Scanner } from '@prepub/scanner';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer } from '../src/index.ts';
import { TOKENS, auth, tempDir } from './helpers.ts';

let scanner: Scanner;
let app: FastifyInstance;
let audit: SqliteAuditStore;

beforeAll(async () => {
  scanner = await createScanner({ ocr: false });
  audit = new SqliteAuditStore(join(tempDir(), 'audit.sqlite'));
  app = await createServer({ scanner, tokens: TOKENS, audit, maxBodyBytes: 2 * 1024 * 1024, maxAttachments: 4 });
});
afterAll(async () => {
  await app?.close();
  await audit?.close();
  await scanner?.close();
});

const review = (filename: string, bytes: Uint8Array) =>
  app.inject({
    method: 'POST',
    url: '/v1/review',
    headers: auth('cms'),
    payload: { title: '区政府召开春季植树活动动员会', html: '<p>3月12日上午，区政府组织机关干部参加义务植树活动。</p>', attachments: [{ filename, content: Buffer.from(bytes).toString('base64') }] },
  });

describe('POST /v1/review with a text attachment holding a stray byte', () => {
  const news = new TextEncoder().encode('Report of the district tree-planting day\nVolunteers planted 300 trees along the river.\n');

  it('a clean attachment passes, the same with one stray byte is not publishable', async () => {
    const clean = (await review('report.txt', news)).json();
    expect(clean).toMatchObject({ verdict: 'pass', publishAllowed: true });
    // Even length with the stray byte: the case that used to be read as UTF-16 and pass.
    const stray = Uint8Array.from([...news.subarray(0, 20), 0x81, ...news.subarray(20), ...(news.length % 2 ? [] : [0x0a])]);
    expect(stray.length % 2).toBe(0);
    const out = (await review('report.txt', stray)).json();
    expect(out.publishAllowed).toBe(false);
    expect(out.verdict).not.toBe('pass');
    expect(out.unread.some((u: { source: { filename: string } }) => u.source.filename === 'report.txt')).toBe(true);
  });

  it('a marked UTF-8 attachment with a stray byte blocks', async () => {
    const notice = new TextEncoder().encode('000012\n机密★5年\n江临市保密局文件\n关于做好年度工作的通知\n');
    const out = (await review('notice.txt', Uint8Array.from([...notice, 0xe9]))).json();
    expect(out).toMatchObject({ verdict: 'block', publishAllowed: false });
    expect(out.findings.some((f: { ruleId: string; source: { filename: string } }) => f.ruleId === 'marking.cn-state-secret' && f.source.filename === 'notice.txt')).toBe(true);
  });
});
