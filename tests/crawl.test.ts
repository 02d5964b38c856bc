// `prepub crawl` against a site this test serves on 127.0.0.1; through the queue it needs the real
// Redis of `.ci/install-redis.sh` (PREPUB_TEST_REDIS_URL).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScanner } from '../packages/scanner/src/index.ts';
import { extractLinks, extractPageLinks, scriptPages, startWorker } from '../packages/queue/src/index.ts';
import { REDIS_URL, freshRedis, startSite, type TestSite } from '../packages/queue/test/support.ts';
import { runCli, tempTree, validateReport } from '../packages/cli/test/support.ts';
import { SECRET_NOTICE, NEWS } from './cli-fixtures.ts';

const page = (title: string, body: string) => `<!doctype html><html><head><meta charset="utf-8"><title>${title}</title></head><body>${body}</body></html>`;

/** The site: pages under /site/, a marked notice linked from the second page, things robots.txt, the scope or the limits keep out. */
function buildSite(site: TestSite): void {
  site.route('/robots.txt', { body: 'User-agent: *\nDisallow: /site/private/\n' });
  site.route('/site/index.html', {
    type: 'text/html; charset=utf-8',
    body: page(
      '首页',
      `<h1>市发展改革委</h1><p>${NEWS}</p>
       <a href="news/page2.html#top">通知公告</a> <a href="news.txt">新闻</a> <a href="private/draft.txt">草稿</a>
       <a href="/other/out.html">外部栏目</a> <a href="http://example.invalid/x.html">外站</a> <a href="mailto:a@b.cn">信箱</a>
       <a href="missing.pdf">失效附件</a> <a href="big.txt">大文件</a> <img src="logo.txt">`,
    ),
  });
  site.route('/site/news/page2.html', {
    type: 'text/html',
    body: page('通知公告', `<ul><li><a href="../files/notice.txt">关于做好重点项目调度工作的通知</a></li><li><a href="../news.txt">新闻</a></li><li><a href="page3.html">下一页</a></li></ul>`),
  });
  site.route('/site/news/page3.html', { type: 'text/html', body: page('第三页', '<p>更多</p>') });
  site.route('/site/files/notice.txt', { body: SECRET_NOTICE });
  site.route('/site/news.txt', { body: NEWS });
  site.route('/site/logo.txt', { body: '市发展改革委' });
  site.route('/site/private/draft.txt', { body: SECRET_NOTICE });
  site.route('/other/out.html', { type: 'text/html', body: page('外部', SECRET_NOTICE) });
  site.route('/site/big.txt', { body: NEWS.repeat(200) });
}

describe('link extraction', () => {
  it('resolves links against the page and <base>, keeps documents, drops fragments, styles and non-web schemes', () => {
    const html = `<base href="http://h/a/"><a href="b.pdf#p2">x</a><a href="javascript:void(0)">y</a><link rel="stylesheet" href="s.css"><link rel="alternate" href="v.pdf"><iframe src="/f.html"></iframe><object data="o.docx"></object><a href="ftp://h/z">z</a>`;
    expect(extractLinks(html, 'http://h/index.html')).toEqual(['http://h/a/b.pdf', 'http://h/a/v.pdf', 'http://h/f.html', 'http://h/a/o.docx']);
  });
});

describe('what a page shows or links to, as crawled', () => {
  it('finds pictures a script swaps in, srcset candidates, CSS pictures, refresh targets, files named in scripts and the file a viewer shows', () => {
    const html = `<style>.banner{background:url('/img/banner.png')}</style>
      <img src="/static/loading.gif" data-original="/uploads/p1.jpg"><img src="x.gif" _src="/ueditor/p2.png"><img data-src="p3.png">
      <picture><source srcset="/a/p4.webp 1x, /a/p5.webp 2x"></picture><div style="background-image:url(&quot;/bg/p6.jpg&quot;)"></div>
      <table background="/bg/p7.gif"><tr><td>x</td></tr></table><video poster="/v/p8.jpg"></video>
      <meta http-equiv="refresh" content="0; url=/moved/index.html">
      <a href="javascript:void(0)" onclick="window.open('/attach/a.pdf')">下载</a><a href="javascript:openFile('/attach/b.docx')">附件</a>
      <iframe src="/pdfjs/web/viewer.html?file=%2Fattach%2Fc.pdf"></iframe><a href="/preview/onlinePreview?url=${Buffer.from('http://h/attach/d.xlsx').toString('base64')}">预览</a>`;
    const links = extractPageLinks(html, 'http://h/site/index.html');
    const at = (path: string) => links.find((l) => l.url.split('?')[0] === `http://h${path}`);
    for (const p of ['/img/banner.png', '/uploads/p1.jpg', '/ueditor/p2.png', '/site/p3.png', '/a/p4.webp', '/a/p5.webp', '/bg/p6.jpg', '/bg/p7.gif', '/v/p8.jpg', '/pdfjs/web/viewer.html', '/attach/c.pdf']) expect(at(p), p).toMatchObject({ embedded: true });
    for (const p of ['/moved/index.html', '/attach/a.pdf', '/attach/b.docx', '/preview/onlinePreview', '/attach/d.xlsx']) expect(at(p), p).toMatchObject({ embedded: false });
    // A download script's file name is no address of its own (only the script is fetched).
    expect(extractPageLinks('<a href="/module/download/downfile.jsp?classid=0&filename=a.pdf">附件</a>', 'http://h/').map((l) => l.url)).toEqual(['http://h/module/download/downfile.jsp?classid=0&filename=a.pdf']);
    // No data: URLs, no scripts' own code as links.
    expect(extractPageLinks(`<div style="background:url(data:image/png;base64,AAAA)"></div><a href="javascript:void(0)">x</a>`, 'http://h/')).toEqual([]);
  });
});

describe('prepub crawl', () => {
  let site: TestSite;
  beforeAll(async () => {
    site = await startSite();
    buildSite(site);
  });
  afterAll(async () => site?.close());

  const expectCrawlReport = (out: { crawl: { links: Array<{ name: string; linkedFrom?: string }> }; report: { results: Array<{ path: string; verdict: string; coverage: { unread: Array<{ reason: string; detail: string }> } }> } }, base: string) => {
    const by = new Map(out.report.results.map((r) => [r.path.replace(base, ''), r]));
    const from = new Map(out.crawl.links.map((l) => [l.name.replace(base, ''), l.linkedFrom?.replace(base, '')]));
    expect(by.get('/site/files/notice.txt')!.verdict).toBe('block');
    // The attachment is reported with the page that linked it.
    expect(from.get('/site/files/notice.txt')).toBe('/site/news/page2.html');
    expect(from.get('/site/news/page2.html')).toBe('/site/index.html');
    expect(from.get('/site/index.html')).toBeUndefined();
    expect(by.get('/site/index.html')!.verdict).toBe('pass');
    expect(by.get('/site/news.txt')!.verdict).toBe('pass');
    // What the crawl did not read is unread, never pass: robots.txt, a dead link, over the size limit, past --max-pages.
    expect(by.get('/site/private/draft.txt')!.coverage.unread[0].detail).toMatch(/robots\.txt/);
    expect(by.get('/site/missing.pdf')!.coverage.unread[0].detail).toMatch(/HTTP 404/);
    expect(by.get('/site/big.txt')!.coverage.unread[0]).toMatchObject({ reason: 'limit' });
    expect(by.get('/site/news/page3.html')!.coverage.unread[0]).toMatchObject({ reason: 'limit' });
    for (const p of ['/site/private/draft.txt', '/site/missing.pdf', '/site/big.txt', '/site/news/page3.html']) expect(by.get(p)!.verdict).toBe('review');
    // Out of scope: not fetched, not reported.
    expect(by.has('/other/out.html')).toBe(false);
    expect(by.has('http://example.invalid/x.html')).toBe(false);
  };

  it('scans pages and attachments in scope, here, and reports each URL with the page that linked it', async () => {
    site.requests.length = 0;
    const dir = tempTree({});
    const r = await runCli(['crawl', `${site.base}/site/index.html`, '--scope', `${site.base}/site/`, '--max-pages', '2', '--max-bytes', '20000', '--delay-ms', '150', '--no-ocr', '-f', 'json', '-q'], { cwd: dir });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(2);
    const out = JSON.parse(r.stdout);
    expect(validateReport(out.report)).toBe('');
    expectCrawlReport(out, site.base);
    expect(out.crawl).toMatchObject({ pages: 3, robots: 'applied', outOfScope: 2 });
    const paths = site.requests.map((q) => q.path);
    expect(paths[0]).toBe('/robots.txt');
    expect(paths).not.toContain('/site/private/draft.txt');
    expect(paths).not.toContain('/other/out.html');
    expect(new Set(paths).size).toBe(paths.length);
    expect(site.requests.every((q) => q.userAgent === 'prepub-crawl')).toBe(true);
    // The rate limit holds between every two requests.
    for (let i = 1; i < site.requests.length; i++) expect(site.requests[i].at - site.requests[i - 1].at).toBeGreaterThanOrEqual(148);

    const pretty = await runCli(['crawl', `${site.base}/site/index.html`, '--max-pages', '2', '--max-bytes', '20000', '--delay-ms', '0', '--no-ocr', '-f', 'pretty', '-q'], { cwd: dir });
    expect(pretty.stdout).toContain(`${site.base}/site/files/notice.txt\n    ← ${site.base}/site/news/page2.html`);
  }, 180_000);

  it('reads what pages in scope show or link to as files outside the prefix, and names files on other sites', async () => {
    // An article as CMSs publish it: a lazily loaded scan, a notice shown through a PDF viewer in a
    // frame, an attachment opened by a script; pictures and files under /uploads/ and /attach/.
    site.route('/xxgk/index.html', {
      type: 'text/html; charset=utf-8',
      body: page(
        '信息公开',
        `<p>${NEWS}</p><img src="/static/loading.txt" data-original="/uploads/2026/scan.txt">
         <iframe src="/pdfjs/web/viewer.html?file=%2Fattach%2Fnotice.txt"></iframe>
         <a href="javascript:void(0)" onclick="window.open('/attach/roster.txt')">附件</a>
         <a href="/other/page.html">其他栏目</a> <img src="http://files.example.invalid/pic.jpg">
         <a href="/module/download/downfile.jsp?classid=0&filename=2026-12.txt">附件下载</a>`,
      ),
    });
    site.route('/static/loading.txt', { body: '加载中' });
    site.route('/uploads/2026/scan.txt', { body: SECRET_NOTICE });
    site.route('/pdfjs/web/viewer.html', { type: 'text/html', body: page('PDF', '<a href="/pdfjs/help.html">帮助</a><img src="/pdfjs/web/images/toolbar.txt">') });
    site.route('/pdfjs/web/images/toolbar.txt', { body: '工具栏' });
    site.route('/attach/notice.txt', { body: SECRET_NOTICE });
    site.route('/attach/roster.txt', { body: NEWS });
    site.route('/module/download/downfile.jsp', { body: SECRET_NOTICE });
    site.requests.length = 0;
    const dir = tempTree({});
    const r = await runCli(['crawl', `${site.base}/xxgk/index.html`, '--scope', `${site.base}/xxgk/`, '--delay-ms', '0', '--no-ocr', '-f', 'json', '-q'], { cwd: dir });
    expect(r.code).toBe(2);
    const out = JSON.parse(r.stdout);
    const by = new Map<string, { verdict: string }>(out.report.results.map((x: { path: string; verdict: string }) => [x.path.replace(site.base, ''), x]));
    expect(by.get('/uploads/2026/scan.txt')?.verdict).toBe('block');
    expect(by.get('/attach/notice.txt')?.verdict).toBe('block');
    expect(by.get('/attach/roster.txt')?.verdict).toBe('pass');
    expect(by.get('/module/download/downfile.jsp?classid=0&filename=2026-12.txt')?.verdict).toBe('block');
    // The viewer page is read with what it shows; its own links lead nowhere outside the prefix.
    expect(by.get('/pdfjs/web/viewer.html?file=%2Fattach%2Fnotice.txt')?.verdict).toBe('pass');
    expect(by.has('/pdfjs/web/images/toolbar.txt')).toBe(true);
    const paths = site.requests.map((q) => q.path);
    expect(paths).not.toContain('/pdfjs/help.html');
    expect(paths).not.toContain('/other/page.html');
    expect(out.crawl.offSiteFiles).toEqual([{ url: 'http://files.example.invalid/pic.jpg', linkedFrom: `${site.base}/xxgk/index.html` }]);
    const pretty = await runCli(['crawl', `${site.base}/xxgk/index.html`, '--scope', `${site.base}/xxgk/`, '--delay-ms', '0', '--no-ocr', '-f', 'pretty', '-q', '--lang', 'en'], { cwd: dir });
    expect(pretty.stdout).toContain('1 files that pages in scope show or link to lie on another site');
    expect(pretty.stdout).toContain('http://files.example.invalid/pic.jpg\n    ← ');
  }, 180_000);

  it('list pages a script draws past the 1,000 followed per list are one unread result (limit), so the crawl is no clean pass', async () => {
    // createPageHTML(1001, …) draws index_1 … index_1000; the crawl follows 1 … 999 and had said
    // nothing of index_1000 (exit 0 on a site whose every fetched page passes).
    site.route('/lists/index.html', { type: 'text/html; charset=utf-8', body: page('通知公告', `<p>${NEWS}</p><script>var countPage = 1001;\ncreatePageHTML(countPage, 0, "index", "html");</script>`) });
    // Every page of the list carries the same page bar (as TRS lists do): the pages past it are reported once.
    for (let i = 1; i <= 1000; i++) site.route(`/lists/index_${i}.html`, { type: 'text/html; charset=utf-8', body: page(`第${i}页`, `<p>${NEWS}</p><script>createPageHTML(1001, ${i}, "index", "html");</script>`) });
    const dir = tempTree({});
    const r = await runCli(['crawl', `${site.base}/lists/index.html`, '--scope', `${site.base}/lists/`, '--max-pages', '1000', '--max-files', '0', '--delay-ms', '0', '--no-sitemap', '--no-ocr', '-f', 'json', '-q'], { cwd: dir });
    const out = JSON.parse(r.stdout);
    const by = new Map<string, { verdict: string; coverage: { unread: Array<{ reason: string; detail: string }> } }>(out.report.results.map((x: { path: string }) => [x.path.replace(site.base, ''), x]));
    expect(by.get('/lists/index_999.html')?.verdict).toBe('pass');
    const past = by.get('/lists/index_1000.html');
    expect(past?.verdict).toBe('review');
    expect(past?.coverage.unread[0]).toMatchObject({ reason: 'limit', detail: expect.stringMatching(/first of 1 list pages \(to index_1000\.html, 1 list\(s\)\) the page's scripts draw past/) });
    expect(out.report.results.filter((x: { verdict: string }) => x.verdict !== 'pass')).toHaveLength(1);
    expect(out.crawl.links.find((l: { name: string }) => l.name.endsWith('/lists/index_1000.html'))).toMatchObject({ linkedFrom: `${site.base}/lists/index.html` });
    expect(site.requests.map((q) => q.path)).not.toContain('/lists/index_1000.html');
    expect(r.code).toBe(1);
  }, 300_000);

  it("reads the pages in scope a sitemap lists that no page links to (robots.txt's sitemap index, gzip too)", async () => {
    const { gzipSync } = await import('node:zlib');
    const sm = (tag: string, urls: string[]) => `<?xml version="1.0" encoding="UTF-8"?><${tag} xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">${urls.map((u) => `<${tag === 'urlset' ? 'url' : 'sitemap'}><loc>${u}</loc></${tag === 'urlset' ? 'url' : 'sitemap'}>`).join('')}</${tag}>`;
    const s2 = await startSite();
    try {
      s2.route('/robots.txt', { body: `User-agent: *\nSitemap: ${s2.base}/sitemap-index.xml\n` });
      s2.route('/sitemap-index.xml', { type: 'application/xml', body: sm('sitemapindex', [`${s2.base}/sm/pages.xml.gz`, `${s2.base}/sm/missing.xml`]) });
      s2.route('/sm/pages.xml.gz', { type: 'application/gzip', body: Buffer.from(gzipSync(sm('urlset', [`${s2.base}/xxgk/index.html`, `${s2.base}/xxgk/2026/notice.html?id=7&amp;t=1`, `${s2.base}/elsewhere/x.html`]))) });
      s2.route('/xxgk/index.html', { type: 'text/html; charset=utf-8', body: page('信息公开', `<p>${NEWS}</p>`) });
      s2.route('/xxgk/2026/notice.html', { type: 'text/html; charset=utf-8', body: page('通知', `<pre>${SECRET_NOTICE}</pre>`) });
      s2.route('/elsewhere/x.html', { type: 'text/html', body: page('x', SECRET_NOTICE) });
      const dir = tempTree({});
      const r = await runCli(['crawl', `${s2.base}/xxgk/index.html`, '--delay-ms', '0', '--no-ocr', '-f', 'json', '-q'], { cwd: dir });
      expect(r.code).toBe(2);
      const out = JSON.parse(r.stdout);
      const hit = out.report.results.find((x: { path: string }) => x.path.startsWith(`${s2.base}/xxgk/2026/notice.html`));
      expect(hit).toMatchObject({ path: `${s2.base}/xxgk/2026/notice.html?id=7&t=1`, verdict: 'block' });
      expect(out.crawl.links.find((l: { name: string }) => l.name === hit.path).linkedFrom).toBe(`${s2.base}/sm/pages.xml.gz`);
      expect(out.crawl.sitemaps).toEqual({ read: 2, added: 1 });
      expect(s2.requests.map((q) => q.path)).not.toContain('/elsewhere/x.html');
      // --no-sitemap: only what the pages link to.
      const r2 = await runCli(['crawl', `${s2.base}/xxgk/index.html`, '--no-sitemap', '--delay-ms', '0', '--no-ocr', '-f', 'json', '-q'], { cwd: dir });
      expect(r2.code).toBe(0);
    } finally {
      await s2.close();
    }
  }, 180_000);

  it('--file-origin reads the files a file server holds for pages in scope, under its own robots.txt, and follows no page there', async () => {
    const files = await startSite();
    try {
      files.route('/robots.txt', { body: 'User-agent: *\nDisallow: /private/\n' });
      files.route('/2026/scan.txt', { body: SECRET_NOTICE });
      files.route('/private/draft.txt', { body: SECRET_NOTICE });
      files.route('/index.html', { type: 'text/html', body: page('文件服务器', `<a href="/2026/other.txt">x</a>`) });
      site.route('/fs/index.html', {
        type: 'text/html; charset=utf-8',
        body: page('信息公开', `<p>${NEWS}</p><img src="${files.base}/2026/scan.txt"><a href="${files.base}/private/draft.txt">草稿</a><a href="${files.base}/index.html">文件服务器</a>`),
      });
      const dir = tempTree({});
      const r = await runCli(['crawl', `${site.base}/fs/index.html`, '--file-origin', files.base, '--no-sitemap', '--delay-ms', '0', '--no-ocr', '-f', 'json', '-q'], { cwd: dir });
      expect(r.code).toBe(2);
      const out = JSON.parse(r.stdout);
      const by = new Map<string, { verdict: string; coverage: { unread: Array<{ detail: string }> } }>(out.report.results.map((x: { path: string }) => [x.path, x]));
      expect(by.get(`${files.base}/2026/scan.txt`)?.verdict).toBe('block');
      expect(by.get(`${files.base}/private/draft.txt`)?.coverage.unread[0].detail).toMatch(/robots\.txt/);
      expect(files.requests.map((q) => q.path)).toEqual(['/robots.txt', '/2026/scan.txt']);
      expect(out.crawl.offSiteFiles).toEqual([]);
      // Without it the file server's files are named, not read.
      const r2 = await runCli(['crawl', `${site.base}/fs/index.html`, '--no-sitemap', '--delay-ms', '0', '--no-ocr', '-f', 'json', '-q'], { cwd: dir });
      expect(JSON.parse(r2.stdout).crawl.offSiteFiles.map((f: { url: string }) => f.url)).toEqual([`${files.base}/2026/scan.txt`, `${files.base}/private/draft.txt`]);
      expect(r2.code).toBe(0);
    } finally {
      await files.close();
    }
  }, 180_000);

  it('refuses a scope on another origin or a start page outside the scope', async () => {
    const dir = tempTree({});
    const r = await runCli(['crawl', `${site.base}/site/index.html`, '--scope', `${site.base}/other/`, '--no-ocr'], { cwd: dir });
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/outside the scope/);
    const r2 = await runCli(['crawl', 'file:///etc/passwd'], { cwd: dir });
    expect(r2.code).toBe(3);
  });

  if (!REDIS_URL && process.env.CI) {
    it('needs PREPUB_TEST_REDIS_URL', () => {
      throw new Error('PREPUB_TEST_REDIS_URL is not set: run `eval "$(bash .ci/install-redis.sh)"` before the tests (CI must start Redis).');
    });
  }
  it.skipIf(!REDIS_URL)('through the queue: the workers scan, the report is the same', async () => {
    const url = await freshRedis(2);
    const worker = await startWorker({ redisUrl: url, scannerOptions: { ocr: false, mask: true }, createScanner, lockDurationMs: 1000 });
    try {
      const dir = tempTree({});
      const r = await runCli(['crawl', `${site.base}/site/index.html`, '--queue', url, '--batch', 'site', '--max-pages', '2', '--max-bytes', '20000', '--delay-ms', '0', '--no-ocr', '-f', 'json', '-q'], { cwd: dir });
      expect(r.code).toBe(2);
      expectCrawlReport(JSON.parse(r.stdout), site.base);
      expect(worker.stats.completed).toBe(5);
      // The batch stays readable with prepub status, linked-from included.
      const st = await runCli(['status', '--queue', url, 'site', '-f', 'pretty', '-q'], { cwd: dir });
      expect(st.code).toBe(2);
      expect(st.stdout).toContain(`← ${site.base}/site/news/page2.html`);
    } finally {
      await worker.close(2000);
    }
  }, 180_000);
});

describe("a list's later pages drawn by script", () => {
  it('follows TRS-style createPageHTML page bars and archive drop-downs', () => {
    expect(scriptPages('var currentPage = 0;//所在页从0开始\nvar countPage = 4//共多少页\ncreatePageHTML(countPage, currentPage, "index", "html");')).toEqual(['index_1.html', 'index_2.html', 'index_3.html']);
    expect(scriptPages("createPageHTML('page_div',3, 1,'list','shtml',52);")).toEqual(['list_1.shtml', 'list_2.shtml']);
    expect(scriptPages('createPageHTML(1, 0, "index", "html");')).toEqual([]);
    const html = `<script>var countPage = 3;\ncreatePageHTML(countPage, 0, "index", "html");</script><select onchange="window.location=this.value"><option value="">往年信息</option><option value="/xxgk/2024/">2024年</option><option value="2">二</option></select>`;
    expect(extractLinks(html, 'http://h/xxgk/tzgg/index.html')).toEqual(['http://h/xxgk/tzgg/index_1.html', 'http://h/xxgk/tzgg/index_2.html', 'http://h/xxgk/2024/']);
  });
});
