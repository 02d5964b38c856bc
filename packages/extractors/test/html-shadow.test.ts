/**
 * Declarative shadow roots (<template shadowrootmode>) are drawn as their host's content, and a
 * root's <slot> shows the host's own children where it stands; <rtc> is a ruby annotation like <rt>.
 * A marking so put together on the page blocks; the same around 保密宣传月 passes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScanner, type Scanner } from '../../scanner/src/index.ts';

const page = (b: string): Uint8Array =>
  new TextEncoder().encode(`<!doctype html><html><head><meta charset="utf-8"></head><body>${b}<h1>关于做好2027年度预算编制工作的通知</h1><p>各处室：根据财政部统一部署，现将有关事项通知如下。</p></body></html>`);

let scanner: Scanner;
beforeAll(async () => {
  scanner = await createScanner({ ocr: false, isolation: false });
}, 60_000);
afterAll(async () => {
  await scanner?.close();
});

// [what, the page's top with A, B and C the three pieces of the line it shows]
const constructions: Array<[string, (a: string, b: string, c: string) => string]> = [
  ['a shadow root drawn as a span\'s content', (a, b, c) => `<p>${a}<span><template shadowrootmode="open">${b}${c}</template></span></p>`],
  ['a host\'s child drawn at the root\'s slot', (a, b, c) => `<div><template shadowrootmode="open">${a}<slot></slot>${c}</template>${b}</div>`],
  ['the older shadowroot attribute', (a, b, c) => `<div><template shadowroot="open">${a}<slot></slot>${c}</template>${b}</div>`],
  ['ruby text in <rtc>', (a, b, c) => `<p><ruby>${a}${b}<rtc>pinyin</rtc></ruby>${c}</p>`],
];

describe('HTML: shadow roots and ruby text containers', () => {
  it.each(constructions)('%s showing 机密★5年: block', async (_what, make) => {
    const r = await scanner.scan(page(make('机', '密★', '5年')), { filename: 'page.html' });
    expect(r.verdict).toBe('block');
  });
  it.each(constructions)('%s showing 保密宣传月: pass with nothing unread', async (_what, make) => {
    const r = await scanner.scan(page(make('保', '密宣', '传月')), { filename: 'page.html' });
    expect(r.verdict).toBe('pass');
    expect(r.coverage.unread).toEqual([]);
  });
  it('a plain <template> (not drawn) keeps its text out of the line', async () => {
    const r = await scanner.scan(page('<p>机<template>XX</template>密★5年</p>'), { filename: 'page.html' });
    expect(r.verdict).toBe('block');
    const twin = await scanner.scan(page('<p>办<template>机密★5年</template>公室</p>'), { filename: 'page.html' });
    expect(twin.findings.some((f) => f.location.part === 'body')).toBe(false);
  });
});
