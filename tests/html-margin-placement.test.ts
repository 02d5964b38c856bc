/**
 * Pieces set apart by margins and padding. Absolutely positioned pieces at one `left` moved apart
 * by margin-left, padding-left or text-indent (left:0;margin-left:1em 密★5年 after left:0 机 shows
 * 机密★5年) had passed: these now add to `left`, and the pieces are read in the order they stand
 * (html:shown-order). An inline box pulled back over the inline content before it by a negative
 * margin-left (or an inline block's text-indent) of more than an em may be drawn before it: its
 * order is a loss (review). Ordinary margins and padding, small negative margins, negative margins
 * on blocks and hanging indents keep passing. Real scanner, OCR off.
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
const abs = (a: string, b: string, tag = 'span'): string =>
  `<div style="position:relative;height:2em"><${tag} style="position:absolute;left:0;top:0;${a}">密★5年</${tag}><${tag} style="position:absolute;left:0;top:0;${b}">机</${tag}></div>`;

describe('pieces moved by margins, padding and indents', () => {
  it.each([
    ['absolute, margin-left', abs('margin-left:1em', '')],
    ['absolute, padding-left', abs('padding-left:1em', '')],
    ['absolute, text-indent', abs('text-indent:1em', '', 'div')],
    ['absolute, margin shorthand with left in em', '<div style="position:relative"><span style="position:absolute;left:1em;top:0;margin:0 0 0 1.25em">密★5年</span><span style="position:absolute;left:1em;top:0">机</span></div>'],
    ['absolute, padding from a style sheet', '<div style="position:relative"><span class="a">密★5年</span><span class="b">机</span></div>', '<style>.a,.b{position:absolute;left:0;top:0}.a{padding:0 0 0 1em}</style>'],
  ])('%s: block', async (_, inner, head = '') => {
    expect((await scan(page(inner, head))).verdict).toBe('block');
  });

  it.each([
    ['inline block pulled back by margin-left', '<p><span style="display:inline-block;width:4em;margin-left:1em">密★5年</span><span style="display:inline-block;margin-left:-5em">机</span></p>'],
    ['inline block pulled back by a sheet rule in px', '<p><span class="w">密★5年</span><span class="m">机</span></p>', '<style>.w{display:inline-block;width:64px}.m{display:inline-block;margin-left:-80px}</style>'],
    ['inline block with a negative indent', '<p><span style="display:inline-block;width:4em">密★5年</span><span style="display:inline-block;width:0;text-indent:-5em">机</span></p>'],
  ])('%s: review', async (_, inner, head = '') => {
    const r = await scan(page(inner, head));
    expect(r.verdict).toBe('review');
    expect(r.coverage.unread?.some((u) => /pulled back/.test(u.detail))).toBe(true);
  });

  it.each([
    ['ordinary margins and padding', '<div style="margin:1em auto;padding:0 2em"><p style="margin-left:2em">第一段文字。</p><span style="margin-left:4px;padding-left:1em">说明</span><span style="margin:0 8px">更多</span></div>'],
    ['small negative margins (merged borders)', '<div><span style="display:inline-block;border:1px solid;margin-left:-1px">首页</span><span style="display:inline-block;border:1px solid;margin-left:-1px">新闻</span><span style="margin-left:-0.5em">公告</span></div>'],
    ['negative margins on blocks and a hanging indent', '<div class="row"><div class="col">左栏</div><div class="col">右栏</div></div><p style="padding-left:2em;text-indent:-2em">1. 一个悬挂缩进的段落。</p>', '<style>.row{margin:0 -15px}.col{margin-left:-20px}</style>'],
    ['text put off screen by an indent', '<p><a href="/">首页</a><a href="/s" style="display:inline-block;text-indent:-9999px">搜索</a></p>'],
    ['absolute pieces apart by margins, in source order', abs('', 'margin-left:4em').replace('密★5年', '通知').replace('机', '附件')],
  ])('%s: pass', async (_, inner, head = '') => {
    expect((await scan(page(inner, head))).verdict).toBe('pass');
  });
});
