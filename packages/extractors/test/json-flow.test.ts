/**
 * Rich-text editor JSON uploaded as a .json file (a CMS's export of an article, an editor's saved
 * document). Quill's Delta, ProseMirror/TipTap, Lexical, Slate and Sanity's Portable Text (and the
 * online document services' APIs: Feishu/Lark, Notion, Google Docs) keep a
 * paragraph as runs, one per change of formatting. A notice whose first line `机密★5年` the editor
 * shows whole, but whose runs are one character each (each coloured or sized on its own), passed:
 * the JSON reading put each run on a line of its own and no line held the marking. The runs of a
 * paragraph are now also read joined (`body@json-flow`); the same documents opening with `公开`, and
 * a news item about 保密宣传月 split the same way, pass.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScanner, type Scanner } from '../../scanner/src/index.ts';
import { jsonFlowReading, MAX_FLOW_DEPTH } from '../src/json-flow.ts';

const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);

const BODY = ['江临市人民政府办公室文件', '临政办发〔2026〕17号', '关于做好2027年元旦春节期间安全保卫工作的通知', '各区县人民政府，市政府各部门：', '为确保节日期间社会稳定，现就有关事项通知如下。'];
const NEWS = ['本市启动第十个保密宣传月活动', '11月1日，市保密局在市民广场举办保密宣传月启动仪式，现场发放《保守国家秘密法》宣传册两千余份。', '活动期间将组织机关干部观看警示教育片。'];

/** One run a character, every other one white and 0 px (what a pasted notice can carry). */
const runs = (s: string) => [...s];
const editors: Record<string, (first: string, body: string[]) => unknown> = {
  quill: (first, body) => ({ ops: [...runs(first).map((c, i) => ({ insert: c, ...(i % 2 ? { attributes: { color: '#ffffff', size: '0px' } } : {}) })), { insert: '\n' }, ...body.map((l) => ({ insert: `${l}\n` }))] }),
  tiptap: (first, body) => ({ type: 'doc', content: [{ type: 'paragraph', content: runs(first).map((c, i) => ({ type: 'text', text: c, ...(i % 2 ? { marks: [{ type: 'bold' }] } : {}) })) }, ...body.map((l) => ({ type: 'paragraph', content: [{ type: 'text', text: l }] }))] }),
  lexical: (first, body) => ({ root: { type: 'root', children: [{ type: 'paragraph', children: runs(first).map((c, i) => ({ type: 'text', text: c, format: i % 2, detail: 0, mode: 'normal', style: '' })) }, ...body.map((l) => ({ type: 'paragraph', children: [{ type: 'text', text: l, format: 0 }] }))] } }),
  slate: (first, body) => [{ type: 'paragraph', children: runs(first).map((c, i) => ({ text: c, ...(i % 2 ? { bold: true } : {}) })) }, ...body.map((l) => ({ type: 'paragraph', children: [{ text: l }] }))],
  // Feishu/Lark's docx blocks (block_type 2: a text block), as its open API returns them.
  feishu: (first, body) => ({ items: [{ block_id: 'b0', block_type: 2, text: { elements: runs(first).map((c, i) => ({ text_run: { content: c, text_element_style: { bold: i % 2 === 1, italic: false } } })), style: { align: 1 } } }, ...body.map((l, k) => ({ block_id: `b${k + 1}`, block_type: 2, text: { elements: [{ text_run: { content: l, text_element_style: {} } }], style: {} } }))] }),
  // Notion's blocks: rich_text with plain_text per run.
  notion: (first, body) => ({ object: 'list', results: [first, ...body].map((l, k) => ({ object: 'block', type: 'paragraph', paragraph: { rich_text: (k ? [l] : runs(l)).map((c, i) => ({ type: 'text', text: { content: c, link: null }, annotations: { bold: i % 2 === 1, color: 'default' }, plain_text: c, href: null })) } })) }),
  // Google Docs' documents.get: paragraphs of textRun elements, each paragraph ending with \n.
  gdocs: (first, body) => ({ title: '通知', body: { content: [first, ...body].map((l, k) => ({ paragraph: { elements: [...(k ? [l] : runs(l)), '\n'].map((c, i) => ({ startIndex: i, endIndex: i + 1, textRun: { content: c, textStyle: i % 2 ? { bold: true } : {} } })) } })) } }),
  portable: (first, body) => [{ _type: 'block', _key: 'a0', style: 'normal', markDefs: [], children: runs(first).map((c, i) => ({ _type: 'span', _key: `s${i}`, text: c, marks: i % 2 ? ['strong'] : [] })) }, ...body.map((l, k) => ({ _type: 'block', _key: `b${k}`, style: 'normal', markDefs: [], children: [{ _type: 'span', text: l, marks: [] }] }))],
};

let scanner: Scanner;
beforeAll(async () => {
  scanner = await createScanner({ ocr: false, isolation: false });
}, 60_000);
afterAll(async () => {
  await scanner?.close();
});

describe('rich-text editor JSON read as the editor shows it', () => {
  it.each(Object.keys(editors))('%s: a marking split into one-character runs blocks; 公开 and a news item pass', async (name) => {
    const doc = (first: string, body = BODY) => utf8(JSON.stringify(editors[name](first, body), null, 2));
    for (const mark of ['机密★5年', '绝密★启用前']) {
      const r = await scanner.scan(doc(mark), { filename: `notice-${name}.json` });
      expect(r.verdict, `${name} ${mark}`).toBe('block');
      expect(r.findings.some((f) => f.ruleId === 'marking.cn-state-secret' && f.location.part === 'body@json-flow')).toBe(true);
    }
    expect((await scanner.scan(doc('公开'), { filename: `notice-${name}.json` })).verdict).toBe('pass');
    expect((await scanner.scan(doc('保密宣传月', NEWS), { filename: `news-${name}.json` })).verdict).toBe('pass');
  });

  it('Editor.js: a paragraph whose HTML splits the marking (<b>机</b>密★5年) blocks, shown rendered', async () => {
    const doc = (first: string) => utf8(JSON.stringify({ time: 1765000000000, blocks: [{ id: 'a', type: 'paragraph', data: { text: `<b>${first[0]}</b><i>${first.slice(1, 2)}</i>${first.slice(2)}` } }, ...BODY.map((t, i) => ({ id: `b${i}`, type: 'paragraph', data: { text: t } }))], version: '2.28.0' }));
    expect((await scanner.scan(doc('机密★5年'), { filename: 'notice.json' })).verdict).toBe('block');
    expect((await scanner.scan(doc('公开发布'), { filename: 'notice.json' })).verdict).toBe('pass');
  });

  it('joins a paragraph’s runs, breaks lines at paragraphs and hard breaks, reads links through', () => {
    const text = JSON.stringify({ type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: '机' }, { type: 'link', children: [{ text: '密' }] }, { type: 'text', text: '★5年' }, { type: 'hardBreak' }, { type: 'text', text: '特急' }] }, { type: 'paragraph', content: [{ type: 'text', text: '\u6c5f\u4e34' }] }] });
    const p = jsonFlowReading(text, 'body@json-flow', {}).part!;
    expect(p.text.split('\n').filter(Boolean)).toEqual(['机密★5年', '特急', '江临']);
    // Mapped to the JSON text: the joined marking's first unit is the `机` of the first run.
    expect(text.slice(p.source!.starts[0], p.source!.ends[0])).toBe('机');
  });

  it('nesting past the bound is reported unread (limit), not dropped', async () => {
    let v: unknown = { ops: [{ insert: '机' }, { insert: '密★5年\n' }] };
    for (let i = 0; i < MAX_FLOW_DEPTH + 10; i++) v = { c: [v] };
    const text = JSON.stringify(v);
    const flow = jsonFlowReading(text, 'body@json-flow', {});
    expect(flow.unread.map((u) => u.reason)).toEqual(['limit']);
    const r = await scanner.scan(utf8(text), { filename: 'deep.json' });
    expect(r.verdict).not.toBe('pass');
    expect(r.coverage.unread.some((u) => u.reason === 'limit')).toBe(true);
  });
});
