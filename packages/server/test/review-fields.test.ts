/**
 * POST /v1/review: texts a CMS carries in its fields in shapes the field reading passed over. Each
 * carried a marking to `pass`:
 * - a member name that is the text (`tags: { "机密★5年": true }`, a tag set kept as keys): names
 *   were never read;
 * - a rich-text document stringified twice (`content: "\"{\\\"ops\\\":…}\""`): read as one JSON
 *   string literal, its runs never joined;
 * - Markdown in a field or in html (`**机**密★5年`, as a Markdown editor stores it): read as plain
 *   text, the emphasis markers splitting the marking;
 * - an attachment's other members holding an editor's document (`attachments[0].meta.description`):
 *   each run read alone.
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
const post = (payload: object) => app.inject({ method: 'POST', url: '/v1/review', headers: auth('cms'), payload });
const verdict = async (payload: object) => (await post(payload)).json().verdict as string;
const quill = (first: string) => ({ ops: [...[...first].map((c) => ({ insert: c })), { insert: `\n${BODY.join('\n')}\n` }] });

describe('texts in the shapes of CMS fields', () => {
  it('a member name that is the text is read', async () => {
    expect(await verdict({ title: '通知', html: html(''), tags: { '机密★5年': true, 安全保卫: true } })).toBe('block');
    expect(await verdict({ title: '通知', html: html(''), tags: { 节日值班: true, 安全保卫: true } })).toBe('pass');
    expect(await verdict({ title: '通知', html: html(''), '绝密★启用前': '' })).toBe('block');
    // Field names of text that name a text of their own are labels: the text is read, not the label.
    expect(await verdict({ 标题: '通知', 正文: html(''), 摘要: BODY[2] })).toBe('pass');
  });

  it('an editor document stringified twice is read as the document', async () => {
    expect(await verdict({ title: '通知', content: JSON.stringify(JSON.stringify(quill('机密★5年'))) })).toBe('block');
    expect(await verdict({ title: '通知', content: JSON.stringify(JSON.stringify(quill('公开'))) })).toBe('pass');
    const m = multipart([{ name: 'title', value: '通知' }, { name: 'delta', value: JSON.stringify(JSON.stringify(quill('秘密★1年'))) }]);
    const r = await app.inject({ method: 'POST', url: '/v1/review', headers: { ...auth('cms'), 'content-type': m.contentType }, payload: m.body });
    expect(r.json().verdict).toBe('block');
  });

  it('Markdown in a field or in html is read rendered', async () => {
    const md = (first: string) => `---\ntitle: 关于做好安全保卫工作的通知\n---\n\n**${first.slice(0, 1)}**${first.slice(1)}\n\n${BODY.join('\n\n')}\n`;
    expect(await verdict({ title: '通知', markdown: md('机密★5年') })).toBe('block');
    expect(await verdict({ title: '通知', markdown: md('公开') })).toBe('pass');
    expect(await verdict({ title: '通知', html: md('机密★5年') })).toBe('block');
    expect(await verdict({ title: '通知', html: md('公开') })).toBe('pass');
    // Highlight marks (==…==, Typora, Obsidian) are Markdown too.
    expect(await verdict({ title: '通知', markdown: `==机==密★5年\n\n${BODY.join('\n\n')}` })).toBe('block');
    expect(await verdict({ title: '通知', markdown: `==公==开\n\n${BODY.join('\n\n')}` })).toBe('pass');
    // A news item about secrecy written in Markdown passes.
    expect(await verdict({ title: '本市启动保密宣传月活动', markdown: '**保密宣传月**启动仪式在市民广场举行，现场发放《保守国家秘密法》宣传册。' })).toBe('pass');
  });

  it('BBCode or wikitext in html or a field is read as shown', async () => {
    const bb = (first: string) => `[color=#ffffff]${first.slice(0, 1)}[/color]${first.slice(1)}\n${BODY.join('\n')}`;
    expect(await verdict({ title: '通知', html: bb('机密★5年') })).toBe('block');
    expect(await verdict({ title: '通知', html: bb('公开') })).toBe('pass');
    const wiki = (first: string) => `'''${first.slice(0, 1)}'''${first.slice(1)}\n${BODY.join('\n')}`;
    expect(await verdict({ title: '通知', wikitext: wiki('绝密★启用前') })).toBe('block');
    expect(await verdict({ title: '通知', wikitext: wiki('公开') })).toBe('pass');
  });

  it("an editor document among an attachment's other members is read as a document", async () => {
    const att = (first: string) => ({ filename: 'notice.txt', content: Buffer.from(BODY.join('\n')).toString('base64'), meta: { description: quill(first) } });
    expect(await verdict({ title: '通知', html: html(''), attachments: [att('机密★5年')] })).toBe('block');
    expect(await verdict({ title: '通知', html: html(''), attachments: [att('公开')] })).toBe('pass');
  });

  it('a list of tags is read as the page prints it: its members joined', async () => {
    // A CMS prints a post's tags one after another; each member alone showed nothing.
    const r = await post({ title: '关于做好安全保卫工作的通知', tags: ['机', '密', '★', '5', '年'], html: html('') });
    expect(r.json().verdict).toBe('block');
    expect(r.json().findings.find((f: { source: { filename: string } }) => f.source.filename === 'tags (joined)')?.location.detail).toBe('tags[0]…tags[4] joined as shown');
    expect(await verdict({ title: '通知', tags: ['公', '开'], html: html('') })).toBe('pass');
    expect(await verdict({ title: '通知', tags: ['秘密', '★', '1年'], html: html('') })).toBe('block');
    // Form fields named several times (tags[]=机&tags[]=密…) are such a list too.
    const form = (tags: string[]) =>
      app.inject({ method: 'POST', url: '/v1/review', headers: { ...auth('cms'), 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams([['title', '通知'], ['html', html('')], ...tags.map((t): [string, string] => ['tags[]', t])]).toString() });
    expect((await form(['机', '密', '★5年'])).json().verdict).toBe('block');
    expect((await form(['保', '密', '宣传'])).json().verdict).toBe('pass');
    // Ordinary tag lists pass; a tag that is a level word alone is a keyword naming a level (review, as
    // in a document's keywords), not a marking; a news tag 保密 passes.
    expect(await verdict({ title: '通知', tags: ['保密宣传', '国家安全', '普法'], html: html('') })).toBe('pass');
    expect(await verdict({ title: '通知', tags: ['保密'], html: html('') })).toBe('pass');
    expect(await verdict({ title: '通知', tags: ['保密', '法治'], html: html('') })).toBe('pass');
    expect(await verdict({ title: '通知', tags: ['机密', '文件'], html: html('') })).toBe('review');
    // Tags kept as one string (DedeCMS's and 帝国CMS's keywords, PbootCMS's tags): its items joined.
    expect(await verdict({ title: '通知', keywords: '机,密,★,5,年', html: html('') })).toBe('block');
    expect(await verdict({ title: '通知', keywords: '机、密、★、5、年', html: html('') })).toBe('block');
    expect(await verdict({ title: '通知', keywords: '公,开', html: html('') })).toBe('pass');
    expect(await verdict({ title: '通知', keywords: '保密,普法,国家安全', html: html('') })).toBe('pass');
    expect(await verdict({ title: '保密知识问答', keywords: '绝密,机密,秘密', html: html('') })).toBe('pass');
    expect((await form(['机,密,★5年'])).json().verdict).toBe('block');
  });
});
