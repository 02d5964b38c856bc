/**
 * Text CSS layout shows in another order than the source holds it: absolutely positioned boxes,
 * flex/grid `order` and grid lines, `float:right`. The shown order is read (html:shown-order,
 * each character linked to the page text it came from); geometry the declarations do not settle is
 * a loss; ordinary layouts (a nav bar, a centred box) give neither.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Allowlist, BUILTIN_DETECTORS, DEFAULT_LIMITS, Engine, resolvePolicy, type ExtractContext, type Extraction } from '@prepub/core';
import { extractHtml } from '@prepub/extractors';

const ctx = (): ExtractContext => ({ limits: DEFAULT_LIMITS }) as ExtractContext;
const L = '机密';
const page = (body: string, head = ''): Uint8Array =>
  new TextEncoder().encode(`<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>通知</title>${head}</head>\n<body>\n<p>各区统计局：定于5月开展统计业务培训。</p>\n${body}\n</body></html>\n`);
const shownText = (x: Extraction): string => (x.parts.find((p) => p.id === 'html:shown-order')?.text ?? '').replace(/\s/g, '');
const shows = (body: string, head = ''): string => shownText(extractHtml(page(body, head), ctx()));
const losses = (body: string, head = ''): string[] => (extractHtml(page(body, head), ctx()).loss ?? []).map((l) => `${l.where}: ${l.detail}`);

describe('the order layout shows', () => {
  it('absolutely positioned boxes are read left to right, line by line', () => {
    expect(shows(`<div style="position:relative"><span style="position:absolute;left:40px">★5年</span><span style="position:absolute;left:0">${L}</span></div>`)).toContain(`${L}★5年`);
    expect(shows(`<div><span style="position:absolute;top:1em;left:0">★5年</span><span style="position:absolute;top:0;left:3em">x</span><span style="position:absolute;top:1em;left:-3em">${L}</span></div>`)).toContain(`x${L}★5年`);
    // A baseline shift of a few pixels keeps boxes on one line.
    expect(shows(`<div><span style="position:absolute;top:3px;left:40px">★5年</span><span style="position:absolute;top:0;left:0">${L}</span></div>`)).toContain(`${L}★5年`);
    expect(shows(`<div><b style="position:absolute;right:0">★5年</b><b style="position:absolute;right:3em">${L}</b></div>`)).toContain(`${L}★5年`);
    expect(shows(`<div><i style="position:fixed;inset:0 auto auto 30pt">年</i><i style="position:fixed;inset:0 auto auto 0">${L}★5</i></div>`)).toContain(`${L}★5年`);
  });
  it('any permutation of positioned boxes is read in the order of their offsets', () => {
    fc.assert(fc.property(fc.shuffledSubarray([0, 1, 2, 3, 4], { minLength: 5, maxLength: 5 }), (perm) => {
      const chars = [...`${L}★5年`];
      const spans = perm.map((i) => `<span style="position:absolute;left:${i * 20}px">${chars[i]}</span>`).join('');
      const s = shows(`<div>${spans}</div>`);
      const inOrder = perm.every((v, i) => i === 0 || v > perm[i - 1]);
      if (!inOrder) expect(s).toContain(`${L}★5年`);
    }));
  });
  it('boxes placed by style sheet rules, classes and nth-child too', () => {
    expect(shows(`<div class="m"><span class="b">★5年</span><span class="a">${L}</span></div>`, '<style>.m span{position:absolute} .a{left:0} .b{left:50px}</style>')).toContain(`${L}★5年`);
    expect(shows(`<div class="m"><span>★5年</span><span>${L}</span></div>`, '<style>.m > span{position:absolute;top:0}.m span:nth-child(1){left:4em}.m span:last-child{left:0}</style>')).toContain(`${L}★5年`);
  });
  it('flex and grid order, grid lines and float:right', () => {
    expect(shows(`<div style="display:flex"><span style="order:2">★5年</span><span style="order:1">${L}</span></div>`)).toContain(`${L}★5年`);
    expect(shows(`<div style="display:inline-grid"><span style="order:3">年</span><span>${L}★</span><span style="order:1">5</span></div>`)).toContain(`${L}★5年`);
    expect(shows(`<div style="display:grid"><span style="grid-column:2">★5年</span><span style="grid-column:1">${L}</span></div>`)).toContain(`${L}★5年`);
    expect(shows(`<div><span style="float:right">年</span><span style="float:right">★5</span><span style="float:right">${L}</span></div>`)).toContain(`${L}★5年`);
  });
  it('geometry the declarations do not settle is a loss that names the source line', () => {
    for (const body of [
      `<div><span style="position:absolute;left:calc(1em + 20px)">★5年</span><span style="position:absolute;left:0">${L}</span></div>`,
      `<div><span style="position:absolute;left:3em">★5年</span><span style="position:absolute;left:10%">${L}</span></div>`,
      `<div><span style="position:relative;left:3em">★5年</span><span style="position:relative;left:-4em">${L}</span></div>`,
      `<div><span style="display:inline-block;transform:translateX(3em)">★5年</span><span style="display:inline-block;transform:translateX(-3em)">${L}</span></div>`,
      `<div><span>${L}</span><span style="display:inline-block;transform:scaleX(-1)">年5★</span></div>`,
      `<div style="display:grid"><span style="grid-area:b">★5年</span><span style="grid-area:a">${L}</span></div>`,
      `<div style="display:flex"><span style="order:var(--o)">★5年</span><span>${L}</span></div>`,
    ]) {
      const l = losses(body);
      expect(l, body).toEqual([expect.stringMatching(/^html line 5 \(<div>\): .*could not be worked out/)]);
    }
  });
  it('ordinary layouts are neither reordered nor a loss', () => {
    for (const body of [
      '<nav style="position:absolute;top:0;left:0"><a href="/">首页</a> <a href="/news">新闻</a></nav>',
      '<div style="position:relative"><span style="position:absolute;left:0">江临市统计局</span><span style="position:absolute;left:200px">首页 新闻</span></div>',
      '<div class="box" style="position:absolute;top:50%;left:50%;transform:translate(-50%,-50%)">通知</div><p>正文</p>',
      '<p>新版<sup style="position:relative;top:-0.5em;left:2px">1</sup>说明</p>',
      '<div style="display:flex"><span>一</span><span>二</span></div>',
      '<p><span style="transform:rotate(-3deg);display:inline-block">新</span>通知</p>',
      '<div><span style="position:absolute;left:0">同</span><span style="position:absolute;left:0">同</span></div>',
    ]) {
      const x = extractHtml(page(body), ctx());
      expect(x.parts.map((p) => p.id), body).not.toContain('html:shown-order');
      expect(x.loss ?? [], body).toEqual([]);
    }
  });
  it('a finding in the shown order names the line and range of the page it stands in', () => {
    const x = extractHtml(page(`<div>\n<span style="position:absolute;left:40px">★5年</span>\n<span style="position:absolute;left:0">${L}</span></div>`), ctx());
    const part = x.parts.find((p) => p.id === 'html:shown-order')!;
    const f = new Engine({ detectors: [...BUILTIN_DETECTORS], policy: resolvePolicy(), allowlist: new Allowlist([]) }).analyze([part]).find((f) => f.ruleId.startsWith('marking.'));
    expect(f?.location.source).toMatchObject({ unit: 'char', line: 6 });
    const src = new TextDecoder().decode(page(`<div>\n<span style="position:absolute;left:40px">★5年</span>\n<span style="position:absolute;left:0">${L}</span></div>`));
    // The range covers the text of the two spans as the page stores them.
    expect(src.slice(f!.location.source!.start, f!.location.source!.end)).toContain('★5年');
  });
  it('reversed and capitalised readings carry their source lines too', () => {
    const x = extractHtml(page(`<p>x</p>\n<p><bdo dir="rtl">年5★${[...L].reverse().join('')}</bdo></p>`), ctx());
    const part = x.parts.find((p) => p.id === 'html:shown-order')!;
    const f = new Engine({ detectors: [...BUILTIN_DETECTORS], policy: resolvePolicy(), allowlist: new Allowlist([]) }).analyze([part]).find((f) => f.ruleId.startsWith('marking.'));
    expect(f?.location.source).toMatchObject({ unit: 'char', line: 6 });
  });
  it('boxes along a reversed axis: right-to-left rows, flex row-reverse, whole spans kept whole', () => {
    expect(shows(`<table dir="rtl"><tr><td>★5年</td><td>${L}</td></tr></table>`)).toContain(`${L}★5年`);
    expect(shows(`<div dir="rtl" style="display:flex"><span>★5年</span><span>${L}</span></div>`)).toContain(`${L}★5年`);
    expect(shows(`<p style="direction:rtl"><span style="display:inline-block">★5年</span><span style="display:inline-block">${L}</span></p>`)).toContain(`${L}★5年`);
    expect(shows(`<div style="display:flex;flex-direction:row-reverse"><span>★5年</span><span>${L}</span></div>`)).toContain(`${L}★5年`);
    // Row-reverse in a right-to-left container runs left to right again: nothing to add.
    expect(shows(`<div dir="rtl" style="display:flex;flex-direction:row-reverse"><span>${L}</span><span>★5年</span></div>`)).not.toContain(`★5年${L}`);
  });
  it('order and a reversed axis together: the reversed axis lays out the order, not the source', () => {
    expect(shows(`<div style="display:flex;flex-direction:row-reverse"><span style="order:2">★5年</span><span style="order:1">通知</span><span style="order:3">${L}</span></div>`)).toContain(`${L}★5年`);
    expect(shows(`<div style="display:flex;flex-flow:column-reverse wrap"><span style="order:1">★5年</span><span style="order:2">${L}</span></div>`)).toContain(`${L}★5年`);
  });
  it('the cascade: !important, then the style attribute, then specificity, then the later rule', () => {
    // The more specific rule wins though the less specific one comes later.
    expect(shows(`<div id="k" style="display:flex"><span class="b">★5年</span><span style="order:2">${L}</span></div>`, '<style>div#k > span.b{order:3} .b{order:1}</style>')).toContain(`${L}★5年`);
    // An important declaration beats the style attribute and a more specific rule.
    expect(shows(`<div id="k" style="display:flex"><span class="b" style="order:1">★5年</span><span style="order:2">${L}</span></div>`, '<style>.b{order:3 !important} #k .b{order:0}</style>')).toContain(`${L}★5年`);
    // The style attribute beats any rule without !important.
    expect(shows(`<div id="k" style="display:flex"><span id="b" style="order:1">★5年</span><span style="order:2">${L}</span></div>`, '<style>#k #b{order:3}</style>')).not.toContain(`${L}★5年`);
  });
  it('vertical writing: placed boxes are columns, read from the right (from the left in vertical-lr)', () => {
    expect(shows(`<div style="writing-mode:vertical-rl;position:relative;height:10em"><span style="position:absolute;left:0">★5年</span><span style="position:absolute;left:2em">${L}</span></div>`)).toContain(`${L}★5年`);
    expect(shows(`<div style="writing-mode:vertical-lr"><span style="position:absolute;left:2em">★5年</span><span style="position:absolute;left:0">${L}</span></div>`)).toContain(`${L}★5年`);
    // Inherited from a style sheet rule on an ancestor: two boxes at the same top are two columns, the right one first.
    expect(shows(`<section class="v"><div><span style="position:absolute;left:0;top:0">★5年</span><span style="position:absolute;left:2em;top:0">${L}</span></div></section>`, '<style>.v{writing-mode:vertical-rl}</style>')).toContain(`${L}★5年`);
    expect(shows(`<section><div><span style="position:absolute;left:0;top:0">★5年</span><span style="position:absolute;left:2em;top:0">${L}</span></div></section>`)).not.toContain(`${L}★5年`);
  });
  it('SVG text placed by x, shifted by dx, or glyph by glyph', () => {
    expect(shows(`<svg width="300" height="40"><text y="30"><tspan x="60">★5年</tspan><tspan x="0">${L}</tspan></text></svg>`)).toContain(`${L}★5年`);
    expect(losses(`<svg width="300" height="40"><text y="30"><tspan dx="60">★5年</tspan><tspan dx="-120">${L}</tspan></text></svg>`)).toEqual([expect.stringMatching(/^html line 5 \(<text>\): .*relative offset/)]);
    // Glyph by glyph out of source order (an x value a character): read in the order of x, alone
    // in its <svg> or not, and no loss.
    expect(shows(`<svg><text x="50 0" y="30">密机</text><text x="0" y="60">x</text></svg>`)).toContain('机密');
    expect(losses(`<svg><text x="50 0" y="30">密机</text><text x="0" y="60">x</text></svg>`)).toEqual([]);
    expect(shows(`<svg width="300" height="50"><text x="100 80 60 40 20" y="40">年5★密机</text></svg>`)).toContain(`${L}★5年`);
    // Characters past the list's end follow the last placed one.
    expect(shows(`<svg><text x="40 20" y="40">年${L}★5</text></svg>`)).toContain(`${L}★5年`);
    // With a dx list as well, the order is not worked out: a loss.
    expect(losses(`<svg><text x="50 0" dx="0 30" y="30">密机</text><text x="0" y="60">x</text></svg>`)).toEqual([expect.stringMatching(/glyphs placed one by one/)]);
    expect(losses(`<svg><text x="0 10 20" y="30">统计局</text><text x="0" y="60">通知</text></svg>`)).toEqual([]);
  });
  it('SVG text whose first <tspan> shifts it by dx or dy stands where the shift puts it', () => {
    // 机 drawn at x=20 after 密★5年 written first at x=20 but shifted 40 to the right by its tspan.
    expect(shows(`<svg width="300" height="60"><text x="20" y="40"><tspan dx="40">密★5年</tspan></text><text x="20" y="40">机</text></svg>`)).toContain('机密★5年');
    // The same shift written on the <text> itself, and a shift down by dy below a title.
    expect(shows(`<svg width="300" height="60"><text x="20" dx="40" y="40">密★5年</text><text x="20" y="40">机</text></svg>`)).toContain('机密★5年');
    expect(shows(`<svg width="300" height="90"><text x="0" y="20"><tspan dy="50">${L}★5年</tspan></text><text x="0" y="40">关于汛期检查的通知</text></svg>`)).toContain(`关于汛期检查的通知${L}★5年`);
    // A tspan's shift after text of its own text element moves only itself.
    expect(losses(`<svg><text x="0" y="20">统计<tspan dx="2">公报</tspan></text><text x="0" y="60">通知</text></svg>`)).toEqual([]);
  });
});

describe('tables of short cells read down their columns', () => {
  const engine = (): Engine => new Engine({ detectors: [...BUILTIN_DETECTORS], policy: resolvePolicy(), allowlist: new Allowlist([]) });
  const markings = (body: string): string[] =>
    engine()
      .analyze(extractHtml(page(body), ctx()).parts)
      .filter((f) => f.ruleId.startsWith('marking.') && f.severity !== 'info')
      .map((f) => `${f.location.part}:${f.severity}`);
  it('a marking written down a one-column table (机 / 密 / ★5年) is found, at its cells in the page', () => {
    const table = '<table>\n<tr><td>机</td></tr>\n<tr><td>密</td></tr>\n<tr><td>★5年</td></tr>\n</table>';
    const x = extractHtml(page(table), ctx());
    const part = x.parts.find((p) => p.id === 'html:columns')!;
    expect(part.text).toBe('机密★5年');
    const f = engine().analyze([part]).find((f) => f.ruleId === 'marking.cn-state-secret');
    expect(f?.severity).toBe('block');
    const src = new TextDecoder().decode(page(table));
    expect(src.slice(f!.location.source!.start, f!.location.source!.end)).toContain('机');
    // The second column of a two-column header table, too.
    expect(markings(`<table><tr><td>编号</td><td>机</td></tr><tr><td>12</td><td>密</td></tr><tr><td></td><td>★5年</td></tr></table>`)).toContain('html:columns:block');
  });
  it('ordinary tables of short cells add nothing that is a marking', () => {
    const cal = `<table><tr>${[...'日一二三四五六'].map((d) => `<th>${d}</th>`).join('')}</tr>${[0, 1, 2, 3].map((w) => `<tr>${[1, 2, 3, 4, 5, 6, 7].map((d) => `<td>${w * 7 + d}</td>`).join('')}</tr>`).join('')}</table>`;
    const duty = '<table><tr><th>星期</th><th>值班</th><th>带班</th></tr><tr><td>一</td><td>张伟</td><td>王强</td></tr><tr><td>二</td><td>李娜</td><td>赵敏</td></tr><tr><td>三</td><td>秘书</td><td>刘洋</td></tr></table>';
    const levels = '<table><tr><th>密级</th><th>标志</th></tr><tr><td>绝密</td><td>★</td></tr><tr><td>机密</td><td>★</td></tr><tr><td>秘密</td><td>★</td></tr></table>';
    for (const t of [cal, duty]) expect(markings(t), t).toEqual([]);
    // A column of single digits is not read down (it would spell a phone number no one wrote).
    const digits = `<table>${[...'13812345678'].map((d, i) => `<tr><td>${i + 1}</td><td>${d}</td></tr>`).join('')}</table>`;
    expect(extractHtml(page(digits), ctx()).parts.map((p) => p.id)).not.toContain('html:columns');
    // A column of level names is a list: not read down as one line.
    expect(extractHtml(page(levels), ctx()).parts.find((p) => p.id === 'html:columns')?.text ?? '').not.toContain('绝密机密');
  });
});

describe('pictures and style sheets given as data: URIs', () => {
  const b64 = (s: string): string => Buffer.from(s).toString('base64');
  const svg = `<svg xmlns="http://www.w3.org/2000/svg"><text x="0" y="20">${L}★5年</text></svg>`;
  const read = (body: string, head = ''): string[] => {
    const x = extractHtml(page(body, head), ctx());
    return [...x.parts.map((p) => p.text), ...(x.embedded ?? []).map((e) => new TextDecoder().decode(e.bytes))];
  };
  it('an SVG picture in a srcset, a CSS background or content:url() is read as a file', () => {
    for (const [body, head] of [
      [`<img alt="" srcset="data:image/svg+xml;base64,${b64(svg)} 1x, x.png 2x">`, ''],
      [`<picture><source srcset="data:image/svg+xml;base64,${b64(svg)}"><img src="x.png" alt=""></picture>`, ''],
      [`<div style="background-image:url('data:image/svg+xml;base64,${b64(svg)}')"></div>`, ''],
      ['<div class="m"></div>', `<style>.m::after{content:url(data:image/svg+xml;base64,${b64(svg)})}</style>`],
    ]) expect(read(body, head).some((t) => t.includes(`${L}★5年</text>`)), body + head).toBe(true);
  });
  it('a style sheet given as a data: URI (link or @import) is read as the page\'s own', () => {
    const css = `.m::before{content:"${L}★5年"}`;
    for (const head of [`<link rel="stylesheet" href="data:text/css;base64,${b64(css)}">`, `<style>@import url("data:text/css;base64,${b64(css)}");</style>`, `<style>@import 'data:text/css,${encodeURIComponent(css)}';</style>`]) {
      const x = extractHtml(page('<div class="m"></div>', head), ctx());
      expect(x.parts.find((p) => p.id === 'html:css-content')?.text, head).toContain(`${L}★5年`);
    }
  });
  it('a raster picture in CSS goes to OCR', () => {
    const png = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGNgYGD4DwABBAEAwS2OUAAAAABJRU5ErkJggg==';
    expect(extractHtml(page(`<div style="background:url(data:image/png;base64,${png})"></div>`), ctx()).images?.map((i) => i.mediaType)).toEqual(['image/png']);
  });
});
