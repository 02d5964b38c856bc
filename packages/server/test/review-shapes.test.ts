/**
 * POST /v1/review with the shapes CMSs and web editors send. Each of these carried a notice whose
 * first line is a marking to `pass`:
 * - a member named twice in a JSON body (`"html"` marked, then `"html"` harmless): JSON.parse kept
 *   the last, while a CMS whose parser keeps the first publishes the marked one;
 * - a rich-text editor's document sent as a nested field (ProseMirror, Quill) or as the html string,
 *   its first paragraph in one-character runs: each run was read as a text of its own;
 * Each harmless twin passes.
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

const BODY = ['江临市人民政府办公室文件', '临政办发〔2026〕17号', '关于做好2027年元旦春节期间安全保卫工作的通知', '各区县人民政府，市政府各部门：', '为确保节日期间社会稳定，现就有关事项通知如下。'];
const html = (first: string) => [first, ...BODY].filter(Boolean).map((l) => `<p>${l}</p>`).join('');
const raw = (body: string | Buffer, type = 'application/json') => app.inject({ method: 'POST', url: '/v1/review', headers: { ...auth('cms'), 'content-type': type }, payload: body });
const post = (payload: object) => app.inject({ method: 'POST', url: '/v1/review', headers: auth('cms'), payload });
const verdict = async (p: Promise<{ json(): { verdict: string } }>) => (await p).json().verdict;

describe('a member named twice in the JSON body', () => {
  it('html, title, a nested field: every value is read', async () => {
    const q = (s: string) => JSON.stringify(s);
    expect(await verdict(raw(`{"title":"通知","html":${q(html('机密★5年'))},"html":${q(html(''))}}`))).toBe('block');
    expect(await verdict(raw(`{"title":"通知","html":${q(html('公开'))},"html":${q(html(''))}}`))).toBe('pass');
    expect(await verdict(raw(`{"title":"机密★5年","title":"通知","html":${q(html(''))}}`))).toBe('block');
    expect(await verdict(raw(`{"title":"公告","title":"通知","html":${q(html(''))}}`))).toBe('pass');
    // The key written with an escape is the same member.
    expect(await verdict(raw(`{"title":"通知","html":${q(html(''))},"meta":{"summary":"机密★5年\\n${BODY[2]}","\\u0073ummary":"${BODY[2]}"}}`))).toBe('block');
    expect(await verdict(raw(`{"title":"通知","html":${q(html(''))},"meta":{"summary":"${BODY[3]}","\\u0073ummary":"${BODY[2]}"}}`))).toBe('pass');
  });

  it('attachments twice are all read; an attachment naming its content twice is refused', async () => {
    const file = (s: string) => JSON.stringify({ filename: 'notice.txt', content: Buffer.from(s).toString('base64') });
    expect(await verdict(raw(`{"title":"通知","html":${JSON.stringify(html(''))},"attachments":[${file(['秘密★1年', ...BODY].join('\n'))}],"attachments":[]}`))).toBe('block');
    expect(await verdict(raw(`{"title":"通知","html":${JSON.stringify(html(''))},"attachments":[${file(BODY.join('\n'))}],"attachments":[]}`))).toBe('pass');
    const twice = await raw(`{"title":"通知","attachments":[{"filename":"a.txt","content":"${Buffer.from('机密★5年').toString('base64')}","content":"${Buffer.from('通知').toString('base64')}"}]}`);
    expect(twice.statusCode).toBe(400);
    expect(twice.json().publishAllowed).toBe(false);
    // A title named twice with a value that is no text is refused, not dropped.
    expect((await raw(`{"title":"机密★5年","title":{"x":1},"html":"<p>通知</p>"}`)).statusCode).toBe(400);
  });

  it('a body with a byte order mark is read; nesting past the bound is 400', async () => {
    expect(await verdict(raw(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(JSON.stringify({ title: '通知', html: html('机密★5年') }))])))).toBe('block');
    expect(await verdict(raw(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(JSON.stringify({ title: '通知', html: html('') }))])))).toBe('pass');
    const deep = `{"title":"通知","x":${'['.repeat(600)}"机密★5年"${']'.repeat(600)}}`;
    const r = await raw(deep);
    expect(r.statusCode).toBe(400);
    expect(r.json().publishAllowed).toBe(false);
  });
});

describe('a rich-text editor document sent as a field', () => {
  const chars = (s: string) => [...s];
  const prosemirror = (first: string) => ({ type: 'doc', content: [{ type: 'paragraph', content: chars(first).map((c, i) => ({ type: 'text', text: c, ...(i % 2 ? { marks: [{ type: 'textStyle', attrs: { color: '#ffffff' } }] } : {}) })) }, ...BODY.map((t) => ({ type: 'paragraph', content: [{ type: 'text', text: t }] }))] });
  const quill = (first: string) => ({ ops: [...chars(first).map((c) => ({ insert: c, attributes: { size: '0px' } })), { insert: '\n' }, ...BODY.map((l) => ({ insert: `${l}\n` }))] });

  it('nested (content: ProseMirror JSON) with the marking in one-character runs blocks; 公开 passes', async () => {
    const r = (await post({ title: '通知', content: prosemirror('机密★5年') })).json();
    expect(r.verdict).toBe('block');
    expect(r.findings.some((f: { source: { kind: string; filename: string } }) => f.source.kind === 'field' && f.source.filename === 'content')).toBe(true);
    expect(await verdict(post({ title: '通知', content: prosemirror('公开') }))).toBe('pass');
    expect(await verdict(post({ title: '本市启动保密宣传月活动', content: prosemirror('保密宣传月') }))).toBe('pass');
  });

  it('a Quill Delta sent as the html string blocks; 公开 passes', async () => {
    expect(await verdict(post({ title: '通知', html: JSON.stringify(quill('绝密★启用前')) }))).toBe('block');
    expect(await verdict(post({ title: '通知', html: JSON.stringify(quill('公开')) }))).toBe('pass');
  });
});
