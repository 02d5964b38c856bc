/**
 * Grids filled down the columns and multi-column boxes: items stored one after another stand side
 * by side. `grid-auto-flow:column` over two rows puts 机 / 公 / 密★5年 / 开 in rows 机 密★5年 and
 * 公 开; `columns:2` sets 机 公 in the first column and 密★5年 开 in the second. Both had passed;
 * the rows are now also read across (html:shown-order). Grids of news cards, column-flowed grids
 * without level words, and multi-column articles keep passing. Real scanner, OCR off.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScanner, type Scanner } from '@prepub/scanner';
import { noticePage, scanPage } from './html-page.ts';
import { trackCount } from '../packages/extractors/src/html-layout.ts';

let scanner: Scanner;
beforeAll(async () => {
  scanner = await createScanner({ ocr: false });
});
afterAll(() => scanner?.close());

const page = noticePage;
const scan = (bytes: Uint8Array) => scanPage(scanner, bytes);
const items = '<div>机</div><div>公</div><div>密★5年</div><div>开</div>';

describe('grid auto-flow column and multi-column', () => {
  it.each([
    ['grid-auto-flow:column over two rows', `<div style="display:grid;grid-template-rows:auto auto;grid-auto-flow:column;grid-auto-columns:max-content">${items}</div>`],
    ['rows from repeat(), set by a style sheet', `<div class="g">${items}</div>`, '<style>.g{display:grid;grid-template-rows:repeat(2, 1.5em);grid-auto-flow:column dense}</style>'],
    ['three rows', '<div style="display:grid;grid-template-rows:[a] 1fr minmax(1em, auto) 1fr;grid-auto-flow:column"><div>机</div><div>x</div><div>y</div><div>密★5年</div><div>z</div><div>w</div></div>'],
    ['columns:2', `<div style="columns:2;column-gap:0;width:10em">${items}</div>`],
    ['column-count from a style sheet', `<div class="mc">${items}</div>`, '<style>.mc{column-count:2}</style>'],
  ])('%s: block', async (_, inner, head = '') => {
    expect((await scan(page(inner, head))).verdict).toBe('block');
  });

  it.each([
    ['a grid of news cards', '<div style="display:grid;grid-template-columns:repeat(3,1fr);gap:1em"><article><h3>经济</h3><p>一季度经济运行平稳。</p></article><article><h3>体育</h3><p>全运会开幕。</p></article><article><h3>文化</h3><p>博物馆夜场开放。</p></article></div>'],
    ['a column-flowed grid of links', '<ul style="display:grid;grid-template-rows:repeat(2,auto);grid-auto-flow:column"><li>首页</li><li>新闻</li><li>公告</li><li>联系我们</li></ul>'],
    ['a two-column article', '<div style="column-count:2"><p>春天来了，公园里的花都开了。</p><p>游客很多，大家都很开心。</p><p>傍晚时分，人们陆续回家。</p></div>'],
  ])('%s: pass', async (_, inner) => {
    expect((await scan(page(inner))).verdict).toBe('pass');
  });

  it('counts tracks', () => {
    expect(trackCount('auto auto')).toBe(2);
    expect(trackCount('repeat(3, 1fr) 2em')).toBe(4);
    expect(trackCount('[top] minmax(1em, auto) [mid] fit-content(10px) [end]')).toBe(2);
    expect(trackCount('repeat(auto-fill, 10px)')).toBeUndefined();
  });
});
