/**
 * Yuque (语雀) Lake documents (`<!doctype lake>`, exported as .lake, pasted into CMSs as HTML) keep
 * a card's content (a code block, a label, a table) in its `value` as `data:` and the card's JSON,
 * percent-encoded, with neither media type nor comma. Such a value was taken for a damaged data:
 * URI: a notice whose code-block card said 机密★5年 was only `review`, and every harmless Lake
 * document with a card was `review` too. The card's JSON is now read as a JSON file: the marked
 * cards block, the 公开 ones pass.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScanner, type Scanner } from '../../scanner/src/index.ts';

const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);
const BODY = ['江临市人民政府办公室文件', '临政办发〔2026〕17号', '关于做好2027年元旦春节期间安全保卫工作的通知', '各区县人民政府，市政府各部门：'];
const paragraphs = BODY.map((l, i) => `<p data-lake-id="u${i}" id="u${i}"><span data-lake-id="s${i}">${l}</span></p>`).join('');
const card = (type: 'block' | 'inline', name: string, value: object) => `<card type="${type}" name="${name}" value="data:${encodeURIComponent(JSON.stringify(value))}"></card>`;
const lake = (cardHtml: string) => `<!doctype lake><meta name="doc-version" content="1" /><meta name="viewport" content="adapt" />${cardHtml}${paragraphs}`;

let scanner: Scanner;
beforeAll(async () => {
  scanner = await createScanner({ ocr: false, isolation: false });
}, 60_000);
afterAll(async () => {
  await scanner?.close();
});

describe('Lake cards', () => {
  it.each([
    ['a code block', (t: string) => card('block', 'codeblock', { mode: 'plain', code: t, id: 'c1' })],
    ['a label', (t: string) => `<p>${card('inline', 'label', { label: t, colorIndex: 1 })}</p>`],
  ])('%s card holding the marking blocks; 公开 passes', async (_what, make) => {
    for (const name of ['notice.lake', 'notice.html']) {
      expect((await scanner.scan(utf8(lake(make('机密★5年'))), { filename: name })).verdict, name).toBe('block');
      const clean = await scanner.scan(utf8(lake(make('公开'))), { filename: name });
      expect(clean.verdict, name).toBe('pass');
      expect(clean.coverage.unread).toEqual([]);
    }
  });
});
