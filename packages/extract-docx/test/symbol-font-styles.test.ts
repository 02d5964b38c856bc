import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScanner } from '@prepub/scanner';
import { extractDocx } from '../src/index.ts';
import { ctx, docx, para, REL, wml } from './helpers.ts';

/**
 * A star typed in a run whose symbol font comes from a style (a character or paragraph style naming
 * Wingdings, or the document defaults): « draws ★ there. Only a run's own w:rFonts was weighed, so
 * 机密 + « + 5年 read 机密«5年 and passed.
 */
const NOTICE = ['关于做好汛期物资调度工作的通知', '各区县应急管理局：', '为做好今年汛期防汛物资调度工作，现将有关事项通知如下。'].map((t) => para(t)).join('');
const NEWS = ['市保密局开展保密宣传月活动', '五月以来，各单位组织观看警示教育片，开展保密知识竞赛。'].map((t) => para(t)).join('');
const styled = (body: string, styles: string) => docx(body, { 'word/styles.xml': wml('styles', styles) }, [`<Relationship Id="rS" Type="${REL}/styles" Target="styles.xml"/>`]);
const WINGDINGS = '<w:rPr><w:rFonts w:ascii="Wingdings" w:hAnsi="Wingdings"/></w:rPr>';
const SONG = '<w:rPr><w:rFonts w:ascii="SimSun" w:hAnsi="SimSun" w:eastAsia="SimSun"/></w:rPr>';
const run = (t: string, rPr = '') => `<w:r>${rPr}<w:t>${t}</w:t></w:r>`;
/** A line whose middle run is drawn in Wingdings by `how`, the runs around it in SimSun. */
const ways = (before: string, symbol: string, after: string, rest: string) => ({
  'character style': styled(`<w:p>${run(before)}${run(symbol, '<w:rPr><w:rStyle w:val="Sym"/></w:rPr>')}${run(after)}</w:p>${rest}`, `<w:style w:type="character" w:styleId="Sym">${WINGDINGS}</w:style>`),
  'paragraph style': styled(`<w:p><w:pPr><w:pStyle w:val="SymP"/></w:pPr>${run(before, SONG)}${run(symbol)}${run(after, SONG)}</w:p>${rest}`, `<w:style w:type="paragraph" w:styleId="SymP">${WINGDINGS}</w:style>`),
  'document defaults': styled(`<w:p>${run(before, SONG)}${run(symbol)}${run(after, SONG)}</w:p>${rest.replace(/<w:r>/g, `<w:r>${SONG}`)}`, `<w:docDefaults><w:rPrDefault>${WINGDINGS}</w:rPrDefault></w:docDefaults>`),
});

let scanner: Awaited<ReturnType<typeof createScanner>>;
beforeAll(async () => {
  scanner = await createScanner({ ocr: false });
});
afterAll(async () => {
  await scanner.close();
});

describe('stars of a symbol font a style names', () => {
  it('机密 + « in Wingdings + 5年 reads 机密★5年 and blocks', async () => {
    for (const [how, bytes] of Object.entries(ways('机密', '«', '5年', NOTICE))) {
      const body = (await extractDocx(bytes, ctx())).parts.find((p) => p.role === 'body');
      expect(body?.text.split('\n')[0], how).toBe('机密★5年');
      expect((await scanner.scan(bytes, { filename: 'notice.docx' })).verdict, how).toBe('block');
    }
  });

  it('a Wingdings bullet (l draws ●) beside 保密宣传月 passes with nothing unread', async () => {
    for (const [how, bytes] of Object.entries(ways('保密', 'l', '宣传月', NEWS))) {
      expect((await extractDocx(bytes, ctx())).parts.find((p) => p.role === 'body')?.text.split('\n')[0], how).toBe('保密●宣传月');
      const r = await scanner.scan(bytes, { filename: 'news.docx' });
      expect(r.coverage.unread, how).toEqual([]);
      expect(r.verdict, how).toBe('pass');
    }
  });
});
