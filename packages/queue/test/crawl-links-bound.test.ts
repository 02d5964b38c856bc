/**
 * Crawl link extraction on hostile pages (af364bd, c21a806): CSS url( … and quoted script strings
 * were matched by patterns that rescanned the rest of the text from every start (20,000 `url(` in
 * one style: 2.3 s, doubling 4× with each doubling; `'a.pdf#a.pdf#…` in an onclick likewise), and
 * createPageHTML(99999999, …) named 1,000 pages per call, so a page of 5,000 calls made 5 million
 * links and ran the crawler out of memory. Now linear, and one page's scripts name 2,000 list
 * pages at most (the crawl stops at --max-pages anyway).
 */
import { describe, expect, it } from 'vitest';
import { extractPageLinks, scriptPageLinks, scriptPages, sitemapLocs } from '../src/crawl.ts';
import { cpuMsSince } from '../../../tests/cpu-time.ts';

const timed = (html: string) => {
  const t = process.cpuUsage();
  const links = extractPageLinks(html, 'https://example.gov.cn/list/index.html');
  return { ms: cpuMsSince(t), links };
};
/** The least CPU time of three runs: a collection in one run does not decide. */
const best = (html: string) => [timed(html), timed(html), timed(html)].reduce((a, b) => (b.ms < a.ms ? b : a));

describe('crawl link extraction stays linear', () => {
  const cases: Array<[string, (n: number) => string]> = [
    ['unclosed url( in a style attribute', (n) => `<div style="background:${'url('.repeat(n)}"></div>`],
    ['unclosed url(a in a style sheet', (n) => `<style>${'url(a'.repeat(n)}</style>`],
    ["'a.pdf#a.pdf#… unterminated in an onclick", (n) => `<a href="#" onclick="x('${'a.pdf#'.repeat(n)}">x</a>`],
  ];
  for (const [name, make] of cases) {
    it(`${name}: 80,000 in < 1 s`, () => {
      timed(make(1000));
      const one = best(make(20000));
      const four = best(make(80000));
      expect(four.ms).toBeLessThan(1000);
      expect(four.ms).toBeLessThan(8 * Math.max(one.ms, 20));
    });
  }

  it('createPageHTML(99999999, …) 5,000 times: 2,000 pages at most, quickly', () => {
    const code = Array.from({ length: 5000 }, (_, i) => `createPageHTML(99999999,0,"p${i}","html");`).join('');
    const t = process.cpuUsage();
    const pages = scriptPages(code);
    expect(cpuMsSince(t)).toBeLessThan(1000);
    expect(pages.length).toBe(2000);
    expect(pages[0]).toBe('p0_1.html');
  });

  it('the list pages past the caps are not dropped silently: counted, and named as one link the crawl reports unread', () => {
    const code = Array.from({ length: 5000 }, (_, i) => `createPageHTML(99999999,0,"p${i}","html");`).join('');
    const t = process.cpuUsage();
    const { pages, skipped } = scriptPageLinks(code);
    expect(cpuMsSince(t)).toBeLessThan(1000);
    expect(pages.length).toBe(2000);
    // p0 and p1: 999 named each (the rest past 1,000 a list), p2 two; every list has pages skipped.
    expect(skipped).toEqual({ first: 'p0_1000.html', last: 'p4999_99999998.html', count: 5000 * 99999998 - 2000, lists: 5000 });
    // One list of 1,500 pages: 1,000 per list.
    expect(scriptPageLinks('createPageHTML(1500, 0, "index", "html");').skipped).toEqual({ first: 'index_1000.html', last: 'index_1499.html', count: 500, lists: 1 });
    expect(scriptPageLinks('createPageHTML(1000, 0, "index", "html");').skipped).toBeUndefined();
    const links = extractPageLinks('<script>createPageHTML(1500, 0, "index", "html");</script>', 'https://h/list/index.html');
    expect(links.filter((l) => !l.notFetched)).toHaveLength(999);
    expect(links.filter((l) => l.notFetched)).toEqual([{ url: 'https://h/list/index_1000.html', embedded: false, notFetched: expect.stringMatching(/^not fetched: the first of 500 list pages \(to index_1499\.html, 1 list\(s\)\)/) }]);
  });

  it('still finds quoted files and CSS pictures', () => {
    const html = `<a href="#" onclick="window.open('/files/a.pdf?x=1')">a</a><div style="background:url('/img/b(1).png')"></div><div style="background:url(/img/c.jpg)"></div><a href="#" onclick="go('../d.docx#p')">d</a>`;
    const urls = extractPageLinks(html, 'https://h/list/index.html').map((l) => l.url);
    expect(urls).toEqual(expect.arrayContaining(['https://h/files/a.pdf', 'https://h/img/b(1).png', 'https://h/img/c.jpg', 'https://h/d.docx']));
  });

  it('a sitemap <loc> with 320,000 spaces inside: < 1 s (was quadratic: 80,000 took 4 s); locs trimmed and unescaped', () => {
    const t = process.cpuUsage();
    expect(sitemapLocs(`<urlset><url><loc>a${' '.repeat(320000)}x</loc></url></urlset>`)).toHaveLength(1);
    expect(cpuMsSince(t)).toBeLessThan(1000);
    expect(sitemapLocs('<sitemapindex><sitemap><loc>\n  https://h/a?x=1&amp;y=2 </loc></sitemap><sitemap><loc> </loc></sitemap></sitemapindex>')).toEqual(['https://h/a?x=1&y=2']);
  });
});
