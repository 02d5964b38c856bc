/**
 * Block boxes in a vertical-rl writing mode stand as columns from the right: <div>年</div>…<div>机</div>,
 * one character each, shows 机密★5年 across the row though the source stores 年5★密机. It had
 * passed; the columns are now also read right to left (html:shown-order). Vertical poems and
 * titles without level words, and vertical-lr columns (already in source order), keep passing.
 * Real scanner, OCR off.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScanner, type Scanner } from '@prepub/scanner';
import { noticePage, scanPage } from './html-page.ts';

let scanner: Scanner;
beforeAll(async () => {
  scanner = await createScanner({ ocr: false });
});
afterAll(() => scanner?.close());

const page = noticePage;
const scan = (bytes: Uint8Array) => scanPage(scanner, bytes);

describe('vertical-rl columns', () => {
  it.each([
    ['one character per block child', '<div style="writing-mode:vertical-rl;text-orientation:upright;height:1.2em"><div>年</div><div>5</div><div>★</div><div>密</div><div>机</div></div>'],
    ['paragraphs, writing mode from a style sheet', '<div class="v"><p>5年</p><p>密★</p><p>机</p></div>', '<style>.v{writing-mode:vertical-rl}</style>'],
    ['inherited by a nested section', '<div style="writing-mode:tb-rl"><section><div>密★5年</div><div>机</div></section></div>'],
  ])('%s: block', async (_, inner, head = '') => {
    expect((await scan(page(inner, head))).verdict).toBe('block');
  });

  it.each([
    ['a vertical poem', '<div style="writing-mode:vertical-rl"><p>床前明月光</p><p>疑是地上霜</p><p>举头望明月</p><p>低头思故乡</p></div>'],
    ['a vertical title with inline pieces', '<h1 style="writing-mode:vertical-rl"><span>春</span><span>江</span><span>花月夜</span></h1>'],
    ['vertical-lr columns', '<div style="writing-mode:vertical-lr"><div>年</div><div>5</div><div>★</div><div>密</div><div>机</div></div>'],
  ])('%s: pass', async (_, inner) => {
    const r = await scan(page(inner));
    expect(r.verdict).toBe('pass');
  });
});
